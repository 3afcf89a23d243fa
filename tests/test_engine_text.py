"""Text requests in the offline engine: indexes, paragraphs, styles, bullets, notes."""

from __future__ import annotations

from typing import Any

import pytest
from test_engine_core import apply, base_deck, element, shape_request

from slidegen.backends.offline.engine import OfflineDeck
from slidegen.backends.offline.text import TextBody, build_text, plain_text, utf16_length
from slidegen.errors import RequestError

Json = dict[str, Any]


def deck_with_box(text: str = "") -> OfflineDeck:
    deck = OfflineDeck(base_deck())
    apply(deck, shape_request("box_00001", shape_type="TEXT_BOX"))
    if text:
        apply(deck, {"insertText": {"objectId": "box_00001", "text": text}})
    return deck


def text_of(deck: OfflineDeck, object_id: str = "box_00001") -> Json | None:
    found: Json | None = element(deck, object_id)["shape"].get("text")
    return found


def runs(text: Json | None) -> list[tuple[str, Json]]:
    assert text is not None
    return [
        (e["textRun"]["content"], e["textRun"]["style"])
        for e in text["textElements"]
        if "textRun" in e
    ]


def paragraph_styles(text: Json | None) -> list[Json]:
    assert text is not None
    return [e["paragraphMarker"]["style"] for e in text["textElements"] if "paragraphMarker" in e]


def test_insert_text_builds_api_text_elements_with_utf16_indexes() -> None:
    deck = deck_with_box("Hi 😀\nthere")
    text = text_of(deck)
    assert text == {
        "textElements": [
            {"endIndex": 6, "paragraphMarker": {"style": {}}},
            {"endIndex": 6, "textRun": {"content": "Hi 😀\n", "style": {}}},
            {"startIndex": 6, "endIndex": 12, "paragraphMarker": {"style": {}}},
            {"startIndex": 6, "endIndex": 12, "textRun": {"content": "there\n", "style": {}}},
        ]
    }
    assert plain_text(text) == "Hi 😀\nthere\n"
    assert utf16_length("Hi 😀\n") == 6


def test_insert_in_the_middle_and_at_the_end() -> None:
    deck = deck_with_box("Hello")
    apply(
        deck,
        {"insertText": {"objectId": "box_00001", "text": " world", "insertionIndex": 5}},
        {"insertText": {"objectId": "box_00001", "text": "X", "insertionIndex": 0}},
    )
    assert plain_text(text_of(deck)) == "XHello world\n"


def test_insertion_index_beyond_the_text_is_refused() -> None:
    deck = deck_with_box("abc")
    with pytest.raises(RequestError) as caught:
        apply(deck, {"insertText": {"objectId": "box_00001", "text": "x", "insertionIndex": 4}})
    assert caught.value.index == 0
    assert "insertion index" in caught.value.reason
    empty = deck_with_box()
    with pytest.raises(RequestError):
        apply(empty, {"insertText": {"objectId": "box_00001", "text": "x", "insertionIndex": 1}})


def test_index_inside_a_surrogate_pair_is_refused() -> None:
    deck = deck_with_box("😀")
    with pytest.raises(RequestError, match="surrogate"):
        apply(deck, {"insertText": {"objectId": "box_00001", "text": "x", "insertionIndex": 1}})


def test_new_paragraph_copies_the_style_of_the_paragraph_it_splits() -> None:
    deck = deck_with_box("one two")
    apply(
        deck,
        {
            "updateParagraphStyle": {
                "objectId": "box_00001",
                "textRange": {"type": "ALL"},
                "style": {"alignment": "CENTER"},
                "fields": "alignment",
            }
        },
        {"insertText": {"objectId": "box_00001", "text": "\n", "insertionIndex": 3}},
    )
    text = text_of(deck)
    assert plain_text(text) == "one\n two\n"
    assert paragraph_styles(text) == [{"alignment": "CENTER"}, {"alignment": "CENTER"}]


def test_paragraphs_split_from_one_keep_their_own_nested_style() -> None:
    deck = deck_with_box("one two")
    space = {"magnitude": 4, "unit": "PT"}
    apply(
        deck,
        {
            "updateParagraphStyle": {
                "objectId": "box_00001",
                "textRange": {"type": "ALL"},
                "style": {"spaceAbove": space},
                "fields": "spaceAbove",
            }
        },
        {"insertText": {"objectId": "box_00001", "text": "\n", "insertionIndex": 3}},
        {
            "updateParagraphStyle": {
                "objectId": "box_00001",
                "textRange": {"type": "FIXED_RANGE", "startIndex": 4, "endIndex": 5},
                "style": {"spaceAbove": {"magnitude": 10}},
                "fields": "spaceAbove.magnitude",
            }
        },
    )
    assert paragraph_styles(text_of(deck)) == [
        {"spaceAbove": space},
        {"spaceAbove": {"magnitude": 10, "unit": "PT"}},
    ]


def test_inserted_text_takes_the_style_at_the_insertion_point() -> None:
    deck = deck_with_box("ab")
    apply(
        deck,
        {
            "updateTextStyle": {
                "objectId": "box_00001",
                "textRange": {"type": "FIXED_RANGE", "startIndex": 0, "endIndex": 1},
                "style": {"bold": True},
                "fields": "bold",
            }
        },
        {"insertText": {"objectId": "box_00001", "text": "X", "insertionIndex": 0}},
    )
    assert runs(text_of(deck)) == [("Xa", {"bold": True}), ("b\n", {})]


def test_update_text_style_splits_runs_and_resets_unset_fields() -> None:
    deck = deck_with_box("abcdef")
    apply(
        deck,
        {
            "updateTextStyle": {
                "objectId": "box_00001",
                "textRange": {"type": "FIXED_RANGE", "startIndex": 2, "endIndex": 4},
                "style": {"bold": True, "fontSize": {"magnitude": 14, "unit": "PT"}},
                "fields": "bold,fontSize",
            }
        },
    )
    assert runs(text_of(deck)) == [
        ("ab", {}),
        ("cd", {"bold": True, "fontSize": {"magnitude": 14, "unit": "PT"}}),
        ("ef\n", {}),
    ]
    apply(
        deck,
        {
            "updateTextStyle": {
                "objectId": "box_00001",
                "textRange": {"type": "ALL"},
                "style": {},
                "fields": "bold",
            }
        },
    )
    assert runs(text_of(deck)) == [
        ("ab", {}),
        ("cd", {"fontSize": {"magnitude": 14, "unit": "PT"}}),
        ("ef\n", {}),
    ]


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ("", "At least one field"),
        ("boldness", "not a field of TextStyle"),
        ("bold,", "empty field name"),
        ("fontSize.size", "not a field"),
    ],
)
def test_text_style_field_mask_must_name_real_fields(fields: str, message: str) -> None:
    deck = deck_with_box("abc")
    with pytest.raises(RequestError, match=message):
        apply(
            deck,
            {
                "updateTextStyle": {
                    "objectId": "box_00001",
                    "textRange": {"type": "ALL"},
                    "style": {"bold": True},
                    "fields": fields,
                }
            },
        )


def test_star_mask_sets_every_field() -> None:
    deck = deck_with_box("abc")
    apply(
        deck,
        {
            "updateTextStyle": {
                "objectId": "box_00001",
                "textRange": {"type": "ALL"},
                "style": {"italic": True},
                "fields": "*",
            }
        },
    )
    assert runs(text_of(deck)) == [("abc\n", {"italic": True})]


def test_delete_text_ranges_keep_the_final_newline() -> None:
    deck = deck_with_box("Hello\nworld")
    apply(
        deck,
        {
            "deleteText": {
                "objectId": "box_00001",
                "textRange": {"type": "FIXED_RANGE", "startIndex": 3, "endIndex": 8},
            }
        },
    )
    assert plain_text(text_of(deck)) == "Helrld\n"
    apply(
        deck,
        {
            "deleteText": {
                "objectId": "box_00001",
                "textRange": {"type": "FROM_START_INDEX", "startIndex": 2},
            }
        },
    )
    assert plain_text(text_of(deck)) == "He\n"
    apply(deck, {"deleteText": {"objectId": "box_00001", "textRange": {"type": "ALL"}}})
    assert text_of(deck) is None


def test_delete_text_on_a_shape_without_text_fails() -> None:
    deck = deck_with_box()
    with pytest.raises(RequestError, match="The object has no text"):
        apply(deck, {"deleteText": {"objectId": "box_00001", "textRange": {"type": "ALL"}}})


def test_delete_text_range_beyond_the_text_fails() -> None:
    deck = deck_with_box("abc")
    with pytest.raises(RequestError, match="end index"):
        apply(
            deck,
            {
                "deleteText": {
                    "objectId": "box_00001",
                    "textRange": {"type": "FIXED_RANGE", "startIndex": 0, "endIndex": 9},
                }
            },
        )


def test_cell_location_is_forbidden_for_shapes() -> None:
    deck = deck_with_box()
    with pytest.raises(RequestError, match="must not be given"):
        apply(
            deck,
            {
                "insertText": {
                    "objectId": "box_00001",
                    "text": "x",
                    "cellLocation": {"rowIndex": 0, "columnIndex": 0},
                }
            },
        )


def test_text_is_refused_on_objects_that_cannot_hold_it() -> None:
    deck = deck_with_box()
    apply(
        deck,
        {"createLine": {"objectId": "line_0001", "elementProperties": {"pageObjectId": "slide_1"}}},
    )
    with pytest.raises(RequestError, match="cannot hold text"):
        apply(deck, {"insertText": {"objectId": "line_0001", "text": "x"}})


def test_replace_all_text_counts_and_respects_case_and_pages() -> None:
    deck = deck_with_box("{{name}} and {{NAME}}")
    apply(deck, {"createSlide": {"objectId": "slide_two"}}, shape_request("box_00002", "slide_two"))
    apply(deck, {"insertText": {"objectId": "box_00002", "text": "{{name}}"}})
    replies = apply(
        deck,
        {
            "replaceAllText": {
                "containsText": {"text": "{{name}}", "matchCase": True},
                "replaceText": "Acme",
                "pageObjectIds": ["slide_1"],
            }
        },
    )
    assert replies == [{"replaceAllText": {"occurrencesChanged": 1}}]
    assert plain_text(text_of(deck)) == "Acme and {{NAME}}\n"
    assert plain_text(text_of(deck, "box_00002")) == "{{name}}\n"
    replies = apply(
        deck, {"replaceAllText": {"containsText": {"text": "{{NAME}}"}, "replaceText": "x"}}
    )
    assert replies == [{"replaceAllText": {"occurrencesChanged": 2}}]
    replies = apply(
        deck, {"replaceAllText": {"containsText": {"text": "absent"}, "replaceText": "x"}}
    )
    assert replies == [{"replaceAllText": {}}]


def test_bullets_from_leading_tabs_and_removal() -> None:
    deck = deck_with_box("one\n\ttwo\nthree")
    apply(
        deck,
        {
            "createParagraphBullets": {
                "objectId": "box_00001",
                "textRange": {"type": "ALL"},
                "bulletPreset": "NUMBERED_DIGIT_ALPHA_ROMAN",
            }
        },
    )
    text = text_of(deck)
    assert plain_text(text) == "one\ntwo\nthree\n"
    assert text is not None
    bullets = [
        e["paragraphMarker"]["bullet"] for e in text["textElements"] if "paragraphMarker" in e
    ]
    assert [b["glyph"] for b in bullets] == ["1.", "a.", "2."]
    assert [b.get("nestingLevel", 0) for b in bullets] == [0, 1, 0]
    assert set(text["lists"]) == {bullets[0]["listId"]}
    apply(
        deck,
        {"deleteParagraphBullets": {"objectId": "box_00001", "textRange": {"type": "ALL"}}},
    )
    text = text_of(deck)
    assert text is not None
    assert all("bullet" not in e.get("paragraphMarker", {}) for e in text["textElements"])
    assert "lists" not in text


def test_speaker_notes_insert_creates_a_missing_notes_shape() -> None:
    source = base_deck()
    source["slides"][0]["slideProperties"]["notesPage"]["pageElements"] = []
    deck = OfflineDeck(source)
    apply(deck, {"insertText": {"objectId": "slide_1_notes_body", "text": "Say this"}})
    notes = deck.presentation["slides"][0]["slideProperties"]["notesPage"]
    assert plain_text(notes["pageElements"][0]["shape"]["text"]) == "Say this\n"


def test_speaker_notes_of_a_new_slide_accept_text() -> None:
    deck = OfflineDeck(base_deck())
    apply(deck, {"createSlide": {"objectId": "slide_new"}})
    notes = deck.presentation["slides"][1]["slideProperties"]["notesPage"]
    speaker = notes["notesProperties"]["speakerNotesObjectId"]
    apply(deck, {"insertText": {"objectId": speaker, "text": "Notes"}})
    assert plain_text(element(deck, speaker)["shape"]["text"]) == "Notes\n"


def test_text_edit_turns_autofit_off() -> None:
    source = base_deck()
    source["slides"][0]["pageElements"][0]["shape"]["shapeProperties"] = {
        "autofit": {"autofitType": "TEXT_AUTOFIT", "fontScale": 0.8}
    }
    deck = OfflineDeck(source)
    apply(deck, {"insertText": {"objectId": "shape_1", "text": "x"}})
    assert element(deck, "shape_1")["shape"]["shapeProperties"]["autofit"] == {
        "autofitType": "NONE"
    }


def test_text_body_round_trips_api_text_with_auto_text() -> None:
    text = {
        "textElements": [
            {"endIndex": 8, "paragraphMarker": {"style": {"alignment": "END"}}},
            {"endIndex": 6, "textRun": {"content": "Page: ", "style": {"bold": True}}},
            {
                "startIndex": 6,
                "endIndex": 7,
                "autoText": {"type": "SLIDE_NUMBER", "content": "3", "style": {}},
            },
            {"startIndex": 7, "endIndex": 8, "textRun": {"content": "\n", "style": {}}},
        ]
    }
    assert TextBody.from_api(text).to_api() == text


def test_build_text_makes_one_run_per_paragraph() -> None:
    text = build_text("a\nb", {"bold": True}, {"alignment": "CENTER"})
    assert plain_text(text) == "a\nb\n"
    assert runs(text) == [("a\n", {"bold": True}), ("b\n", {"bold": True})]
    assert paragraph_styles(text) == [{"alignment": "CENTER"}, {"alignment": "CENTER"}]
