"""Pages, shapes, transforms, alt text and atomicity in the offline engine."""

from __future__ import annotations

import copy
import json
from typing import Any

import pytest

from slidegen.backends.offline.engine import OfflineDeck
from slidegen.errors import RequestError

Json = dict[str, Any]


def emu(value: int) -> Json:
    return {"magnitude": value, "unit": "EMU"}


def placeholder(object_id: str, kind: str, index: int = 0) -> Json:
    holder: Json = {"type": kind}
    if index:
        holder["index"] = index
    return {
        "objectId": object_id,
        "size": {"width": emu(3_000_000), "height": emu(1_000_000)},
        "transform": {"scaleX": 1, "scaleY": 1, "translateX": 100, "unit": "EMU"},
        "shape": {"shapeType": "TEXT_BOX", "placeholder": holder},
    }


def base_deck() -> Json:
    """Return a small deck: one master, BLANK and TITLE_AND_BODY layouts, one slide."""
    return {
        "presentationId": "deck_1",
        "title": "Test",
        "revisionId": "rev_start",
        "pageSize": {"width": emu(9_144_000), "height": emu(5_143_500)},
        "masters": [{"objectId": "master_1", "pageType": "MASTER", "pageElements": []}],
        "layouts": [
            {
                "objectId": "layout_blank",
                "pageType": "LAYOUT",
                "layoutProperties": {"masterObjectId": "master_1", "name": "BLANK"},
                "pageElements": [],
            },
            {
                "objectId": "layout_tb",
                "pageType": "LAYOUT",
                "layoutProperties": {"masterObjectId": "master_1", "name": "TITLE_AND_BODY"},
                "pageElements": [
                    placeholder("layout_tb_title", "TITLE"),
                    placeholder("layout_tb_body", "BODY"),
                    placeholder("layout_tb_number", "SLIDE_NUMBER"),
                ],
            },
        ],
        "notesMaster": {
            "objectId": "notes_master",
            "pageType": "NOTES_MASTER",
            "pageElements": [
                placeholder("nm_image", "SLIDE_IMAGE"),
                placeholder("nm_body", "BODY", 1),
            ],
        },
        "slides": [
            {
                "objectId": "slide_1",
                "pageElements": [
                    {
                        "objectId": "shape_1",
                        "size": {"width": emu(1_000_000), "height": emu(500_000)},
                        "transform": {"scaleX": 1, "scaleY": 1, "unit": "EMU"},
                        "shape": {"shapeType": "RECTANGLE"},
                    }
                ],
                "slideProperties": {
                    "layoutObjectId": "layout_blank",
                    "masterObjectId": "master_1",
                    "notesPage": {
                        "objectId": "slide_1:notes",
                        "pageType": "NOTES",
                        "pageElements": [placeholder("slide_1_notes_body", "BODY", 1)],
                        "notesProperties": {"speakerNotesObjectId": "slide_1_notes_body"},
                    },
                },
            }
        ],
    }


def apply(deck: OfflineDeck, *requests: Json) -> list[Json]:
    replies: list[Json] = deck.batch_update({"requests": list(requests)})["replies"]
    return replies


def element(deck: OfflineDeck, object_id: str) -> Json:
    for page in deck.presentation["slides"]:
        stack = list(page.get("pageElements", []))
        stack += page.get("slideProperties", {}).get("notesPage", {}).get("pageElements", [])
        while stack:
            item = stack.pop()
            if item["objectId"] == object_id:
                return item
            stack.extend(item.get("elementGroup", {}).get("children", []))
    raise KeyError(object_id)


def slide_ids(deck: OfflineDeck) -> list[str]:
    return [slide["objectId"] for slide in deck.presentation["slides"]]


def shape_request(object_id: str, page: str = "slide_1", shape_type: str = "RECTANGLE") -> Json:
    return {
        "createShape": {
            "objectId": object_id,
            "shapeType": shape_type,
            "elementProperties": {
                "pageObjectId": page,
                "size": {"width": emu(2_000_000), "height": emu(1_000_000)},
                "transform": {
                    "scaleX": 1,
                    "scaleY": 1,
                    "translateX": 10,
                    "translateY": 20,
                    "unit": "PT",
                },
            },
        }
    }


def test_create_shape_adds_element_and_replies_with_its_id() -> None:
    deck = OfflineDeck(base_deck())
    replies = apply(deck, shape_request("box_00001"))
    assert replies == [{"createShape": {"objectId": "box_00001"}}]
    created = element(deck, "box_00001")
    assert created["shape"]["shapeType"] == "RECTANGLE"
    assert created["transform"]["translateX"] == 127_000
    assert created["transform"]["translateY"] == 254_000
    assert created["size"]["width"] == emu(2_000_000)
    assert deck.presentation["slides"][0]["pageElements"][-1]["objectId"] == "box_00001"


def test_create_shape_without_id_gets_a_fresh_unique_id() -> None:
    deck = OfflineDeck(base_deck())
    replies = apply(deck, shape_request(""), shape_request(""))
    first = replies[0]["createShape"]["objectId"]
    second = replies[1]["createShape"]["objectId"]
    assert first != second
    assert element(deck, first) and element(deck, second)


@pytest.mark.parametrize(
    "bad_id", ["abcd", "x" * 51, "-starts-with-dash", "has space1", "a.b.c.d.e"]
)
def test_object_id_format_is_enforced(bad_id: str) -> None:
    deck = OfflineDeck(base_deck())
    with pytest.raises(RequestError) as caught:
        apply(deck, shape_request(bad_id))
    assert caught.value.index == 0
    assert f"The object ID ({bad_id})" in caught.value.reason
    assert "Invalid requests[0].createShape" in caught.value.reason


@pytest.mark.parametrize(
    "taken", ["shape_1", "slide_1", "slide_1:notes", "slide_1_notes_body", "layout_tb"]
)
def test_object_ids_must_be_unique_across_pages_and_elements(taken: str) -> None:
    deck = OfflineDeck(base_deck())
    with pytest.raises(RequestError, match="should be unique"):
        apply(deck, shape_request(taken))


def test_id_created_earlier_in_the_batch_is_taken() -> None:
    deck = OfflineDeck(base_deck())
    with pytest.raises(RequestError) as caught:
        apply(deck, shape_request("box_00001"), shape_request("box_00001"))
    assert caught.value.index == 1


def test_missing_page_is_reported() -> None:
    deck = OfflineDeck(base_deck())
    with pytest.raises(RequestError, match=r"The object \(nowhere_1\) could not be found"):
        apply(deck, shape_request("box_00001", page="nowhere_1"))


def test_failed_batch_changes_nothing() -> None:
    deck = OfflineDeck(base_deck())
    before = copy.deepcopy(deck.presentation)
    with pytest.raises(RequestError) as caught:
        apply(
            deck,
            shape_request("box_00001"),
            {"deleteObject": {"objectId": "shape_1"}},
            {"deleteObject": {"objectId": "no_such_object"}},
        )
    assert caught.value.index == 2
    assert deck.presentation == before


def test_a_batch_failing_after_edits_of_every_kind_puts_the_deck_back_and_it_works_on() -> None:
    deck = OfflineDeck(base_deck())
    apply(deck, shape_request("box_00001"), {"insertText": {"objectId": "box_00001", "text": "Hi"}})
    before = copy.deepcopy(deck.presentation)
    revision = deck.revision_id
    edits = [
        {"insertText": {"objectId": "box_00001", "text": " there", "insertionIndex": 2}},
        {
            "updateTextStyle": {
                "objectId": "box_00001",
                "style": {"bold": True},
                "textRange": {"type": "ALL"},
                "fields": "bold",
            }
        },
        {
            "createTable": {
                "objectId": "table_0001",
                "elementProperties": {"pageObjectId": "slide_1"},
                "rows": 2,
                "columns": 2,
            }
        },
        {"insertText": {"objectId": "table_0001", "cellLocation": {"rowIndex": 1}, "text": "x"}},
        {"duplicateObject": {"objectId": "slide_1", "objectIds": {"slide_1": "slide_copy"}}},
        {"deleteObject": {"objectId": "shape_1"}},
        shape_request("box_00002", page="slide_copy"),
    ]
    with pytest.raises(RequestError) as caught:
        apply(deck, *edits, {"deleteObject": {"objectId": "no_such_object"}})
    assert caught.value.index == len(edits)
    assert deck.presentation == before
    assert deck.revision_id == revision
    # The deck is whole, not merely equal: the same edits now apply and name the same IDs.
    apply(deck, *edits)
    assert element(deck, "box_00002")["objectId"] == "box_00002"
    assert [slide["objectId"] for slide in deck.presentation["slides"]] == ["slide_1", "slide_copy"]


def test_a_failed_batch_keeps_what_the_deck_held_before_it_apart_from_the_deck() -> None:
    source = base_deck()
    deck = OfflineDeck(source)
    with pytest.raises(RequestError):
        apply(
            deck,
            {"deleteObject": {"objectId": "shape_1"}},
            {"deleteObject": {"objectId": "nope_1"}},
        )
    deck.presentation["slides"].clear()
    assert source["slides"][0]["pageElements"][0]["objectId"] == "shape_1"


def test_each_batch_sets_a_new_revision_and_stale_revisions_are_refused() -> None:
    deck = OfflineDeck(base_deck())
    first = deck.batch_update({"requests": [shape_request("box_00001")]})
    revision = first["writeControl"]["requiredRevisionId"]
    assert revision != "rev_start"
    assert deck.presentation["revisionId"] == revision
    second = deck.batch_update(
        {"requests": [shape_request("box_00002")], "writeControl": {"requiredRevisionId": revision}}
    )
    assert second["writeControl"]["requiredRevisionId"] != revision
    with pytest.raises(RequestError, match="required revision"):
        deck.batch_update(
            {
                "requests": [shape_request("box_00003")],
                "writeControl": {"requiredRevisionId": revision},
            }
        )


def test_constructor_does_not_share_the_caller_dict() -> None:
    source = base_deck()
    deck = OfflineDeck(source)
    apply(deck, {"deleteObject": {"objectId": "shape_1"}})
    assert source["slides"][0]["pageElements"][0]["objectId"] == "shape_1"


def test_create_slide_with_predefined_layout_copies_placeholders_and_makes_notes() -> None:
    deck = OfflineDeck(base_deck())
    replies = apply(
        deck,
        {
            "createSlide": {
                "objectId": "slide_new",
                "insertionIndex": 0,
                "slideLayoutReference": {"predefinedLayout": "TITLE_AND_BODY"},
                "placeholderIdMappings": [
                    {"layoutPlaceholder": {"type": "TITLE"}, "objectId": "slide_new_title"}
                ],
            }
        },
    )
    assert replies == [{"createSlide": {"objectId": "slide_new"}}]
    assert slide_ids(deck) == ["slide_new", "slide_1"]
    slide = deck.presentation["slides"][0]
    kinds = [e["shape"]["placeholder"]["type"] for e in slide["pageElements"]]
    assert kinds == ["TITLE", "BODY"]
    assert slide["pageElements"][0]["objectId"] == "slide_new_title"
    assert slide["pageElements"][0]["shape"]["placeholder"]["parentObjectId"] == "layout_tb_title"
    assert slide["slideProperties"]["layoutObjectId"] == "layout_tb"
    notes = slide["slideProperties"]["notesPage"]
    assert notes["objectId"] == "slide_new:notes"
    speaker = notes["notesProperties"]["speakerNotesObjectId"]
    body = [e for e in notes["pageElements"] if e["objectId"] == speaker]
    assert body[0]["shape"]["placeholder"]["type"] == "BODY"


def test_create_slide_by_layout_id_and_default_blank() -> None:
    deck = OfflineDeck(base_deck())
    apply(
        deck,
        {
            "createSlide": {
                "objectId": "slide_tb1",
                "slideLayoutReference": {"layoutId": "layout_tb"},
            }
        },
        {"createSlide": {"objectId": "slide_bl1"}},
    )
    assert slide_ids(deck) == ["slide_1", "slide_tb1", "slide_bl1"]
    blank = deck.presentation["slides"][2]
    assert blank["slideProperties"]["layoutObjectId"] == "layout_blank"
    assert blank["pageElements"] == []


def test_create_slide_rejects_unknown_placeholder_and_bad_index() -> None:
    deck = OfflineDeck(base_deck())
    with pytest.raises(RequestError, match="placeholder"):
        apply(
            deck,
            {
                "createSlide": {
                    "slideLayoutReference": {"predefinedLayout": "TITLE_AND_BODY"},
                    "placeholderIdMappings": [
                        {"layoutPlaceholder": {"type": "SUBTITLE"}, "objectId": "sub_title1"}
                    ],
                }
            },
        )
    with pytest.raises(RequestError, match="insertion index"):
        apply(deck, {"createSlide": {"insertionIndex": 5}})


def test_duplicate_slide_lands_after_original_with_mapped_and_fresh_ids() -> None:
    deck = OfflineDeck(base_deck())
    apply(deck, {"createSlide": {"objectId": "slide_end"}})
    replies = apply(
        deck,
        {
            "duplicateObject": {
                "objectId": "slide_1",
                "objectIds": {"slide_1": "slide_copy", "shape_1": "shape_copy"},
            }
        },
    )
    assert replies == [{"duplicateObject": {"objectId": "slide_copy"}}]
    assert slide_ids(deck) == ["slide_1", "slide_copy", "slide_end"]
    copy_slide = deck.presentation["slides"][1]
    assert copy_slide["pageElements"][0]["objectId"] == "shape_copy"
    notes = copy_slide["slideProperties"]["notesPage"]
    assert notes["objectId"] == "slide_copy:notes"
    speaker = notes["notesProperties"]["speakerNotesObjectId"]
    assert speaker != "slide_1_notes_body"
    assert [e["objectId"] for e in notes["pageElements"]] == [speaker]
    # The copies are real objects: later requests can address them.
    apply(deck, {"deleteObject": {"objectId": "shape_copy"}})
    assert element(deck, "shape_1")


def test_duplicate_refuses_taken_or_unknown_ids_in_the_map() -> None:
    deck = OfflineDeck(base_deck())
    with pytest.raises(RequestError, match="unique"):
        apply(
            deck, {"duplicateObject": {"objectId": "slide_1", "objectIds": {"slide_1": "shape_1"}}}
        )
    with pytest.raises(RequestError, match="could not be found"):
        apply(
            deck,
            {"duplicateObject": {"objectId": "slide_1", "objectIds": {"ghost_1": "new_ghost"}}},
        )


def test_duplicate_group_copies_children_with_new_ids_right_above_original() -> None:
    deck = OfflineDeck(base_deck())
    apply(
        deck,
        shape_request("box_00001"),
        shape_request("box_00002"),
        {
            "groupObjects": {
                "groupObjectId": "group_001",
                "childrenObjectIds": ["box_00001", "box_00002"],
            }
        },
    )
    replies = apply(
        deck,
        {
            "duplicateObject": {
                "objectId": "group_001",
                "objectIds": {"group_001": "group_002", "box_00001": "box_copy1"},
            }
        },
    )
    assert replies[0] == {"duplicateObject": {"objectId": "group_002"}}
    ids = [e["objectId"] for e in deck.presentation["slides"][0]["pageElements"]]
    assert ids == ["shape_1", "group_001", "group_002"]
    children = element(deck, "group_002")["elementGroup"]["children"]
    assert children[0]["objectId"] == "box_copy1"
    assert children[1]["objectId"] not in ("box_00002", "box_copy1")
    apply(deck, {"deleteObject": {"objectId": children[1]["objectId"]}})
    assert len(element(deck, "group_002")["elementGroup"]["children"]) == 1


def test_delete_slide_frees_its_ids_and_notes() -> None:
    deck = OfflineDeck(base_deck())
    apply(deck, {"deleteObject": {"objectId": "slide_1"}})
    assert slide_ids(deck) == []
    apply(deck, shape_request("slide_1_notes_body", page="layout_blank"))
    with pytest.raises(RequestError, match="could not be found"):
        apply(deck, {"deleteObject": {"objectId": "shape_1"}})


def test_delete_refuses_layouts() -> None:
    deck = OfflineDeck(base_deck())
    with pytest.raises(RequestError, match="cannot be deleted"):
        apply(deck, {"deleteObject": {"objectId": "layout_tb"}})


def test_update_slides_position_counts_index_before_the_move() -> None:
    deck = OfflineDeck(base_deck())
    apply(deck, *({"createSlide": {"objectId": f"slide_{n}x"}} for n in "abcd"))
    assert slide_ids(deck) == ["slide_1", "slide_ax", "slide_bx", "slide_cx", "slide_dx"]
    apply(
        deck,
        {"updateSlidesPosition": {"slideObjectIds": ["slide_1", "slide_bx"], "insertionIndex": 5}},
    )
    assert slide_ids(deck) == ["slide_ax", "slide_cx", "slide_dx", "slide_1", "slide_bx"]
    apply(deck, {"updateSlidesPosition": {"slideObjectIds": ["slide_dx"], "insertionIndex": 0}})
    assert slide_ids(deck) == ["slide_dx", "slide_ax", "slide_cx", "slide_1", "slide_bx"]
    with pytest.raises(RequestError, match="existing presentation order"):
        apply(
            deck,
            {
                "updateSlidesPosition": {
                    "slideObjectIds": ["slide_bx", "slide_ax"],
                    "insertionIndex": 0,
                }
            },
        )


def test_update_slide_properties_skips_and_unskips() -> None:
    deck = OfflineDeck(base_deck())
    apply(
        deck,
        {
            "updateSlideProperties": {
                "objectId": "slide_1",
                "slideProperties": {"isSkipped": True},
                "fields": "isSkipped",
            }
        },
    )
    assert deck.presentation["slides"][0]["slideProperties"]["isSkipped"] is True
    apply(
        deck,
        {
            "updateSlideProperties": {
                "objectId": "slide_1",
                "slideProperties": {"isSkipped": False},
                "fields": "isSkipped",
            }
        },
    )
    assert "isSkipped" not in deck.presentation["slides"][0]["slideProperties"]
    with pytest.raises(RequestError, match="read-only"):
        apply(
            deck,
            {
                "updateSlideProperties": {
                    "objectId": "slide_1",
                    "slideProperties": {"layoutObjectId": "layout_tb"},
                    "fields": "layoutObjectId",
                }
            },
        )


def test_alt_text_is_set_and_refused_on_groups() -> None:
    deck = OfflineDeck(base_deck())
    apply(
        deck,
        {"updatePageElementAltText": {"objectId": "shape_1", "title": "t", "description": "d"}},
        {"updatePageElementAltText": {"objectId": "shape_1", "title": ""}},
    )
    shape = element(deck, "shape_1")
    assert "title" not in shape
    assert shape["description"] == "d"
    apply(
        deck,
        shape_request("box_00001"),
        {
            "groupObjects": {
                "groupObjectId": "group_001",
                "childrenObjectIds": ["shape_1", "box_00001"],
            }
        },
    )
    with pytest.raises(RequestError, match="group"):
        apply(deck, {"updatePageElementAltText": {"objectId": "group_001", "title": "x"}})


def test_transform_absolute_and_relative() -> None:
    deck = OfflineDeck(base_deck())
    apply(
        deck,
        {
            "updatePageElementTransform": {
                "objectId": "shape_1",
                "applyMode": "ABSOLUTE",
                "transform": {"scaleX": 2, "scaleY": 1, "translateX": 1000, "unit": "EMU"},
            }
        },
        {
            "updatePageElementTransform": {
                "objectId": "shape_1",
                "applyMode": "RELATIVE",
                "transform": {
                    "scaleX": 1,
                    "scaleY": 3,
                    "translateX": 500,
                    "translateY": 7,
                    "unit": "EMU",
                },
            }
        },
    )
    assert element(deck, "shape_1")["transform"] == {
        "scaleX": 2,
        "scaleY": 3,
        "translateX": 1500,
        "translateY": 7,
        "unit": "EMU",
    }
    with pytest.raises(RequestError, match="invertible"):
        apply(
            deck,
            {
                "updatePageElementTransform": {
                    "objectId": "shape_1",
                    "applyMode": "ABSOLUTE",
                    "transform": {"scaleX": 0, "scaleY": 1, "unit": "EMU"},
                }
            },
        )


def test_z_order_operations() -> None:
    deck = OfflineDeck(base_deck())
    apply(deck, shape_request("box_00001"), shape_request("box_00002"), shape_request("box_00003"))

    def order() -> list[str]:
        return [e["objectId"] for e in deck.presentation["slides"][0]["pageElements"]]

    apply(
        deck,
        {
            "updatePageElementsZOrder": {
                "pageElementObjectIds": ["shape_1"],
                "operation": "BRING_FORWARD",
            }
        },
    )
    assert order() == ["box_00001", "shape_1", "box_00002", "box_00003"]
    apply(
        deck,
        {
            "updatePageElementsZOrder": {
                "pageElementObjectIds": ["box_00003"],
                "operation": "SEND_TO_BACK",
            }
        },
    )
    assert order() == ["box_00003", "box_00001", "shape_1", "box_00002"]
    apply(
        deck,
        {
            "updatePageElementsZOrder": {
                "pageElementObjectIds": ["box_00003", "box_00001"],
                "operation": "BRING_TO_FRONT",
            }
        },
    )
    assert order() == ["shape_1", "box_00002", "box_00003", "box_00001"]
    apply(
        deck,
        {
            "updatePageElementsZOrder": {
                "pageElementObjectIds": ["box_00001"],
                "operation": "SEND_BACKWARD",
            }
        },
    )
    assert order() == ["shape_1", "box_00002", "box_00001", "box_00003"]


def test_create_image_records_url_without_fetching() -> None:
    deck = OfflineDeck(base_deck())
    url = "https://example.com/logo.png"
    apply(
        deck,
        {
            "createImage": {
                "objectId": "image_001",
                "url": url,
                "elementProperties": {"pageObjectId": "slide_1"},
            }
        },
    )
    image = element(deck, "image_001")["image"]
    assert image["contentUrl"] == url and image["sourceUrl"] == url
    with pytest.raises(RequestError, match="URL"):
        apply(
            deck,
            {
                "createImage": {
                    "objectId": "image_002",
                    "elementProperties": {"pageObjectId": "slide_1"},
                }
            },
        )


def test_unimplemented_request_kind_is_named() -> None:
    deck = OfflineDeck(base_deck())
    with pytest.raises(RequestError, match="request kind createVideo is not supported offline"):
        apply(
            deck,
            {
                "createVideo": {
                    "source": "YOUTUBE",
                    "id": "abc",
                    "elementProperties": {"pageObjectId": "slide_1"},
                }
            },
        )


def test_an_id_deleted_earlier_in_the_batch_is_not_reused() -> None:
    deck = OfflineDeck(base_deck())
    with pytest.raises(RequestError) as caught:
        apply(deck, {"deleteObject": {"objectId": "shape_1"}}, shape_request("shape_1"))
    assert caught.value.index == 1
    assert "deleted earlier in this batch" in caught.value.reason
    apply(deck, {"deleteObject": {"objectId": "shape_1"}})
    apply(deck, shape_request("shape_1"))
    assert element(deck, "shape_1")["shape"]["shapeType"] == "RECTANGLE"


@pytest.mark.parametrize(
    ("style", "message"),
    [
        ({"foregroundColor": {"opaqueColor": {"rgbColor": {"red": 255}}}}, "between 0 and 1"),
        ({"weightedFontFamily": {"fontFamily": "Arial", "weight": 450}}, "multiple of 100"),
    ],
)
def test_values_the_api_refuses_are_refused(style: Json, message: str) -> None:
    deck = OfflineDeck(base_deck())
    apply(deck, {"insertText": {"objectId": "shape_1", "text": "x"}})
    with pytest.raises(RequestError, match=message):
        apply(
            deck,
            {
                "updateTextStyle": {
                    "objectId": "shape_1",
                    "textRange": {"type": "ALL"},
                    "style": style,
                    "fields": ",".join(style),
                }
            },
        )


def test_revisions_are_deterministic_and_follow_the_edit() -> None:
    def revision_after(*requests: Json) -> str:
        deck = OfflineDeck(base_deck())
        revision: str = deck.batch_update({"requests": list(requests)})["writeControl"][
            "requiredRevisionId"
        ]
        return revision

    first = revision_after(shape_request("box_00001"))
    assert first == revision_after(shape_request("box_00001"))
    assert first != revision_after(shape_request("box_00002"))


def test_a_revision_digests_the_whole_request_list_by_value() -> None:
    # Equal lists give one revision whoever built them; a change in the last request counts.
    def revision_after(requests: list[Json]) -> str:
        deck = OfflineDeck(base_deck())
        revision: str = deck.batch_update({"requests": requests})["writeControl"][
            "requiredRevisionId"
        ]
        return revision

    requests = [shape_request(f"box_{number:05}") for number in range(600)]
    same = json.loads(json.dumps(requests))
    assert revision_after(requests) == revision_after(same)
    same[-1]["createShape"]["objectId"] = "box_99999"
    assert revision_after(requests) != revision_after(same)
