"""Drift detection against the alt-text digests of generated content."""

from __future__ import annotations

import hashlib
from typing import Any

from slidegen.sync.drift import (
    deck_generated_elements,
    element_text,
    find_drift,
    generated_elements,
)


def _digest(element: dict[str, Any]) -> str:
    return hashlib.sha256(element_text(element).encode()).hexdigest()[:16]


def _text_box(object_id: str, text: str, top: float, digest_text: str | None = None) -> dict:
    element: dict[str, Any] = {
        "objectId": object_id,
        "transform": {"translateY": top},
        "shape": {"text": {"textElements": [{"textRun": {"content": text + "\n"}}]}},
    }
    if digest_text is not None or object_id.startswith("sgc"):
        run = {"textRun": {"content": digest_text or text}}
        source = {"shape": {"text": {"textElements": [run]}}}
        element["description"] = f"slidegen:generated {_digest(source)}"
    return element


def _deck() -> dict[str, Any]:
    return {
        "slides": [
            {
                "objectId": "sgs1_title_0",
                "pageElements": [
                    _text_box("sgc1_title_0_customer", "Acme Rockets", 100),
                ],
            },
            {
                "objectId": "sgs1_stakeholders_0",
                "pageElements": [
                    _text_box("sgc1_stakeholders_0_heading", "Key Stakeholders", 50),
                    _text_box("sgc1_stakeholders_0_gaps", "No coach yet", 900),
                    _text_box("note_by_a_person", "Call Dana on Monday", 700),
                ],
            },
        ]
    }


def test_an_untouched_deck_has_no_drift() -> None:
    expected = deck_generated_elements(_deck())
    assert expected == {
        "sgs1_stakeholders_0": ["sgc1_stakeholders_0_gaps", "sgc1_stakeholders_0_heading"],
        "sgs1_title_0": ["sgc1_title_0_customer"],
    }
    assert find_drift(_deck(), expected, digest_of=_digest) == []


def test_an_edit_names_the_slide_position_heading_and_element() -> None:
    deck = _deck()
    gaps = deck["slides"][1]["pageElements"][1]
    gaps["shape"]["text"]["textElements"][0]["textRun"]["content"] = "Coach found: Kim\n"
    items = find_drift(deck, digest_of=_digest)
    assert [str(item) for item in items] == [
        "slide 2 'Key Stakeholders': text box 'Coach found: Kim' "
        "sgc1_stakeholders_0_gaps was edited by hand"
    ]


def test_people_may_edit_their_own_elements_freely() -> None:
    deck = _deck()
    note = deck["slides"][1]["pageElements"][2]
    note["shape"]["text"]["textElements"][0]["textRun"]["content"] = "Rewritten\n"
    assert find_drift(deck, digest_of=_digest) == []


def test_a_deleted_generated_element_is_drift() -> None:
    expected = deck_generated_elements(_deck())
    deck = _deck()
    del deck["slides"][1]["pageElements"][1]
    items = find_drift(deck, expected, digest_of=_digest)
    assert [(item.kind, item.element_id, item.slide_position) for item in items] == [
        ("deleted", "sgc1_stakeholders_0_gaps", 2)
    ]
    assert "slide 2 'Key Stakeholders'" in str(items[0])


def test_a_deleted_generated_slide_is_drift() -> None:
    expected = deck_generated_elements(_deck())
    deck = _deck()
    del deck["slides"][0]
    items = find_drift(deck, expected, digest_of=_digest)
    assert [item.element_id for item in items] == ["sgc1_title_0_customer"]
    assert str(items[0]).startswith("a deleted slide:")


def test_without_a_list_the_count_still_reveals_deletions() -> None:
    deck = _deck()
    del deck["slides"][1]["pageElements"][0]
    items = find_drift(deck, expected_count=3, digest_of=_digest)
    assert [str(item) for item in items] == ["1 of 3 generated elements were deleted by hand"]
    assert find_drift(_deck(), expected_count=3, digest_of=_digest) == []


def test_generated_elements_are_read_from_a_batch() -> None:
    requests = [
        {"duplicateObject": {"objectId": "proto", "objectIds": {"proto": "sgs2_risks_0"}}},
        {
            "createShape": {
                "objectId": "sgc2_risks_0_heading",
                "shapeType": "TEXT_BOX",
                "elementProperties": {"pageObjectId": "sgs2_risks_0"},
            }
        },
        {
            "createTable": {
                "objectId": "sgc2_risks_0_table",
                "rows": 2,
                "columns": 2,
                "elementProperties": {"pageObjectId": "sgs2_risks_0"},
            }
        },
        {
            "updatePageElementAltText": {
                "objectId": "sgc2_risks_0_heading",
                "title": "slidegen",
                "description": "slidegen:generated abc",
            }
        },
        {
            "updatePageElementAltText": {
                "objectId": "sgc2_risks_0_table",
                "description": "slidegen:generated def",
            }
        },
        {"updatePageElementAltText": {"objectId": "person_box", "description": "mine"}},
    ]
    assert generated_elements(requests) == {
        "sgs2_risks_0": ["sgc2_risks_0_heading", "sgc2_risks_0_table"]
    }
