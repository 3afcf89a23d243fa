"""Values a deck sends many times: checked once when they pass, never when they fail."""

from __future__ import annotations

import copy
import json
from typing import Any

import pytest
from test_engine_core import apply, base_deck, element
from test_engine_tables import deck_with_table, table_of

from slidegen.backends.offline.engine import OfflineDeck, clone
from slidegen.backends.offline.schema import validate_batch_body
from slidegen.errors import RequestError

Json = dict[str, Any]


def styled(style: Json, fields: str) -> Json:
    return {
        "updateTextStyle": {
            "objectId": "shape_1",
            "textRange": {"type": "ALL"},
            "style": style,
            "fields": fields,
        }
    }


@pytest.mark.parametrize(
    ("good", "bad", "message"),
    [
        # Equal in Python, but a flag is not a number: an equal value is not enough.
        ({"bold": True}, {"bold": 1}, "expected a boolean"),
        ({"fontSize": {"magnitude": 1, "unit": "PT"}}, {"fontSize": {"magnitude": True}}, "number"),
        ({"fontSize": {"magnitude": 12.0, "unit": "PT"}}, {"fontSize": {"unit": "INCH"}}, "INCH"),
        ({"baselineOffset": "SUPERSCRIPT"}, {"baselineOffset": "HIGHER"}, "HIGHER"),
    ],
)
def test_a_value_that_passed_does_not_let_a_different_one_of_its_shape_pass(
    good: Json, bad: Json, message: str
) -> None:
    fields = next(iter(good))
    validate_batch_body({"requests": [styled(good, fields)] * 3})
    for _ in range(2):  # a refused value is checked, and refused, every time
        with pytest.raises(RequestError, match=message) as caught:
            validate_batch_body({"requests": [styled(good, fields), styled(bad, fields)]})
        assert caught.value.index == 1
        assert "requests[1].updateTextStyle.style" in caught.value.reason


def test_a_bad_colour_is_refused_every_time_after_good_ones() -> None:
    good = {"foregroundColor": {"opaqueColor": {"rgbColor": {"red": 1.0}}}}
    bad = {"foregroundColor": {"opaqueColor": {"rgbColor": {"red": 1.5}}}}
    deck = OfflineDeck(base_deck())
    insert = {"insertText": {"objectId": "shape_1", "text": "Hello"}}
    apply(deck, insert, styled(good, "foregroundColor"))
    before = copy.deepcopy(deck.presentation)
    for _ in range(2):
        with pytest.raises(RequestError, match="red component") as caught:
            apply(deck, styled(good, "foregroundColor"), styled(bad, "foregroundColor"))
        assert caught.value.index == 1
        assert deck.presentation == before  # the batch that failed left nothing behind


def test_cells_given_one_border_each_keep_their_own_copy() -> None:
    # One dict a request holds in two fields must not become one dict in the deck either.
    deck = deck_with_table()
    red = {"solidFill": {"color": {"rgbColor": {"red": 1}}}}
    half = {"magnitude": 0.5, "unit": "PT"}
    apply(
        deck,
        {
            "updateTableBorderProperties": {
                "objectId": "table_001",
                "borderPosition": "ALL",
                "tableBorderProperties": {"tableBorderFill": red},
                "fields": "tableBorderFill",
            }
        },
        {
            "updateParagraphStyle": {
                "objectId": "table_001",
                "cellLocation": {},
                "textRange": {"type": "ALL"},
                "style": {"spaceAbove": half, "spaceBelow": half},
                "fields": "spaceAbove,spaceBelow",
            }
        },
        {
            "updateParagraphStyle": {
                "objectId": "table_001",
                "cellLocation": {},
                "textRange": {"type": "ALL"},
                "style": {"spaceAbove": {"magnitude": 2}},
                "fields": "spaceAbove.magnitude",
            }
        },
        {
            "updateTableBorderProperties": {
                "objectId": "table_001",
                "tableRange": {"location": {}, "rowSpan": 1, "columnSpan": 1},
                "borderPosition": "TOP",
                "tableBorderProperties": {
                    "tableBorderFill": {"solidFill": {"color": {"rgbColor": {"blue": 1}}}}
                },
                "fields": "tableBorderFill.solidFill.color",
            }
        },
    )
    top = table_of(deck)["horizontalBorderRows"][0]["tableBorderCells"]
    fills = [cell["tableBorderProperties"]["tableBorderFill"] for cell in top]
    assert fills[0] == {"solidFill": {"color": {"rgbColor": {"blue": 1}}}}
    assert fills[1] == fills[2] == red
    text = table_of(deck)["tableRows"][0]["tableCells"][0]["text"]
    style = text["textElements"][0]["paragraphMarker"]["style"]
    assert style["spaceAbove"] == {"magnitude": 2, "unit": "PT"}
    assert style["spaceBelow"] == half


def test_a_failing_table_batch_leaves_the_deck_unchanged() -> None:
    deck = deck_with_table()
    before = copy.deepcopy(deck.presentation)
    with pytest.raises(RequestError, match="could not be found"):
        apply(
            deck,
            {
                "updateTableCellProperties": {
                    "objectId": "table_001",
                    "tableRange": {"location": {}, "rowSpan": 2, "columnSpan": 3},
                    "tableCellProperties": {"contentAlignment": "BOTTOM"},
                    "fields": "contentAlignment",
                }
            },
            {"deleteObject": {"objectId": "no_such_thing"}},
        )
    assert deck.presentation == before


def test_clone_copies_every_dict_and_list_and_keeps_the_values() -> None:
    shared = {"red": 0.5}
    value = {"a": [shared, shared], "b": {"flag": True, "n": -0.0, "big": 2**70, "s": "\ud800"}}
    copied = clone(value)
    assert copied == value and type(copied["b"]["flag"]) is bool
    assert copied["a"][0] is not shared and copied["b"] is not value["b"]
    copied["a"][0]["red"] = 1
    assert shared == {"red": 0.5}

    class Tagged(dict[str, Any]):
        pass

    tagged = clone({"x": Tagged(k=[1])})
    assert tagged == {"x": {"k": [1]}} and type(tagged["x"]) is dict


def test_enum_and_integer_fields_that_passed_do_not_let_a_bad_value_pass() -> None:
    # The schema accepts known enum values and in-range integers without calling their
    # validator; a value beside them is still refused, with the validator's message.
    def created(shape_type: object, index: object) -> list[Json]:
        return [
            {
                "createShape": {
                    "objectId": "box_00001",
                    "shapeType": shape_type,
                    "elementProperties": {"pageObjectId": "slide_1"},
                }
            },
            {"insertText": {"objectId": "box_00001", "text": "Hi", "insertionIndex": index}},
        ]

    validate_batch_body({"requests": created("RECTANGLE", 0) * 3})
    refusals = [
        (created("SQUIRCLE", 0), "SQUIRCLE", 0),
        (created("RECTANGLE", 2**31), "out of range", 1),
        (created("RECTANGLE", True), "expected an integer", 1),
        (created("RECTANGLE", 1.0), "expected an integer", 1),
    ]
    for requests, message, index in refusals:
        with pytest.raises(RequestError, match=message) as caught:
            validate_batch_body({"requests": created("RECTANGLE", 0) + requests})
        assert caught.value.index == index + 2


def test_one_style_sent_to_two_texts_becomes_two_copies_in_the_deck() -> None:
    # The engine writes styles from a fresh copy of the request's value: neither the
    # request nor the other text may share a dict with what one text holds.
    colour = {"opaqueColor": {"rgbColor": {"red": 0.5}}}
    style = {"foregroundColor": colour, "fontSize": {"magnitude": 9, "unit": "PT"}}
    half = {"magnitude": 0.5, "unit": "PT"}
    paragraph = {
        "updateParagraphStyle": {
            "objectId": "shape_1",
            "textRange": {"type": "ALL"},
            "style": {"spaceAbove": half},
            "fields": "spaceAbove",
        }
    }
    deck = OfflineDeck(base_deck())
    apply(
        deck,
        {"createShape": {"objectId": "box_00001", "shapeType": "TEXT_BOX",
                         "elementProperties": {"pageObjectId": "slide_1"}}},
        {"insertText": {"objectId": "shape_1", "text": "one\ntwo"}},
        {"insertText": {"objectId": "box_00001", "text": "three"}},
        styled(style, "foregroundColor,fontSize"),
        {"updateTextStyle": {**styled(style, "foregroundColor")["updateTextStyle"],
                             "objectId": "box_00001"}},
        paragraph,
    )  # fmt: skip
    first = element(deck, "shape_1")["shape"]["text"]["textElements"]
    second = element(deck, "box_00001")["shape"]["text"]["textElements"]
    held = [first[1]["textRun"]["style"]["foregroundColor"]]
    held.append(second[1]["textRun"]["style"]["foregroundColor"])
    assert held[0] == held[1] == colour
    assert held[0] is not held[1]
    assert all(item is not colour for item in held)
    markers = [item["paragraphMarker"]["style"] for item in first if "paragraphMarker" in item]
    assert [marker["spaceAbove"] for marker in markers] == [half, half]
    assert markers[0]["spaceAbove"] is not markers[1]["spaceAbove"]
    colour["opaqueColor"]["rgbColor"]["red"] = 1.0  # the caller's value is still its own
    assert held[0] == held[1] == {"opaqueColor": {"rgbColor": {"red": 0.5}}}


def test_a_bad_colour_after_good_ones_in_one_batch_is_refused_and_changes_nothing() -> None:
    # The schema check's keys are reused for the API's own checks in the same batch.
    good = {"foregroundColor": {"opaqueColor": {"rgbColor": {"red": 1.0}}}}
    bad = {"foregroundColor": {"opaqueColor": {"rgbColor": {"red": -0.5}}}}
    deck = OfflineDeck(base_deck())
    before = copy.deepcopy(deck.presentation)
    insert = {"insertText": {"objectId": "shape_1", "text": "Hello"}}
    with pytest.raises(RequestError, match="red component") as caught:
        apply(deck, insert, *[styled(clone(good), "foregroundColor")] * 3,
              styled(bad, "foregroundColor"))  # fmt: skip
    assert caught.value.index == 4
    assert deck.presentation == before


def text_box(object_id: str, text: str) -> list[Json]:
    return [
        {
            "createShape": {
                "objectId": object_id,
                "shapeType": "TEXT_BOX",
                "elementProperties": {"pageObjectId": "slide_1"},
            }
        },
        {"insertText": {"objectId": object_id, "text": text}},
    ]


def restyled(object_id: str, style: Json, fields: str) -> Json:
    return {"updateTextStyle": {**styled(style, fields)["updateTextStyle"], "objectId": object_id}}


def test_one_restyle_sent_to_many_texts_follows_the_style_each_text_had() -> None:
    # A batch works out each distinct restyle once and reads it back for the others: what
    # comes out still depends on the style it replaces, and every text holds its own copy.
    boxes = ["box_00001", "box_00002", "box_00003"]
    bold = {"bold": True, "foregroundColor": {"opaqueColor": {"rgbColor": {"red": 0.5}}}}
    outline = {"outline": {"weight": {"magnitude": 2, "unit": "PT"}}}
    deck = OfflineDeck(base_deck())
    apply(
        deck,
        *[request for box in boxes for request in text_box(box, "one\ntwo")],
        restyled("box_00002", {"italic": True}, "italic"),
        {"updateShapeProperties": {"objectId": "box_00002", "shapeProperties": outline,
                                   "fields": "outline.weight"}},
        *[restyled(box, clone(bold), "bold,foregroundColor") for box in boxes],
        *[{"updateShapeProperties": {"objectId": box,
                                     "shapeProperties": {"outline": {"dashStyle": "DOT"}},
                                     "fields": "outline.dashStyle"}} for box in boxes],
        *[{"updateParagraphStyle": {"objectId": box, "textRange": {"type": "ALL"},
                                    "style": {"spaceAbove": {"magnitude": 3, "unit": "PT"}},
                                    "fields": "spaceAbove"}} for box in boxes],
    )  # fmt: skip
    texts = [element(deck, box)["shape"]["text"]["textElements"] for box in boxes]
    styles = [text[1]["textRun"]["style"] for text in texts]
    assert styles[0] == styles[2] == bold
    assert styles[1] == {"italic": True, **bold}
    assert styles[0] is not styles[2]
    assert styles[0]["foregroundColor"] is not styles[2]["foregroundColor"]
    outlines = [element(deck, box)["shape"]["shapeProperties"]["outline"] for box in boxes]
    assert outlines[0] == outlines[2] == {"propertyState": "NOT_RENDERED", "dashStyle": "DOT"}
    assert outlines[1] == {"propertyState": "NOT_RENDERED", "weight": outline["outline"]["weight"],
                           "dashStyle": "DOT"}  # fmt: skip
    assert outlines[0] is not outlines[2]
    markers = [item["paragraphMarker"]["style"] for text in texts for item in text
               if "paragraphMarker" in item]  # fmt: skip
    assert len(markers) == 6
    assert all(marker == {"spaceAbove": {"magnitude": 3, "unit": "PT"}} for marker in markers)
    assert len({id(marker["spaceAbove"]) for marker in markers}) == 6


def test_a_batch_failing_after_repeated_restyles_leaves_the_deck_byte_for_byte() -> None:
    deck = OfflineDeck(base_deck())
    apply(deck, *text_box("box_00001", "Hello"))
    before = json.dumps(deck.presentation)
    bold = {"bold": True, "fontSize": {"magnitude": 9, "unit": "PT"}}
    with pytest.raises(RequestError, match="could not be found") as caught:
        apply(
            deck,
            *text_box("box_00002", "World"),
            *[restyled(box, bold, "bold,fontSize") for box in ("box_00001", "box_00002")],
            restyled("box_00001", bold, "bold,fontSize"),
            restyled("no_such_box", bold, "bold,fontSize"),
        )
    assert caught.value.index == 5
    assert json.dumps(deck.presentation) == before
