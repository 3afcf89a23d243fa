"""The offline engine on a recorded real presentations.get response."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from slidegen.backends.offline.engine import OfflineDeck, all_pages, walk_elements
from slidegen.backends.offline.text import TextBody, plain_text
from slidegen.errors import RequestError

Json = dict[str, Any]

FIXTURE = Path(__file__).parent / "fixtures" / "real-presentation-presenter.json"


@pytest.fixture(scope="module")
def recorded() -> Json:
    loaded: Json = json.loads(FIXTURE.read_text(encoding="utf-8"))
    return loaded


def elements_of(page: Json) -> dict[str, Json]:
    return {e["objectId"]: e for e, _s, _g in walk_elements(page.get("pageElements", []))}


def find_body_placeholder(presentation: Json) -> tuple[Json, Json]:
    for slide in presentation["slides"]:
        for item in slide.get("pageElements", []):
            holder = item.get("shape", {}).get("placeholder", {})
            if holder.get("type") == "BODY" and "text" not in item["shape"]:
                return slide, item
    raise AssertionError("the recording has an empty BODY placeholder")


def test_every_real_text_round_trips_through_the_text_model(recorded: Json) -> None:
    texts = [
        element["shape"]["text"]
        for page, _kind in all_pages(recorded)
        for element, _s, _g in walk_elements(page.get("pageElements", []))
        if element.get("shape", {}).get("text")
    ]
    assert len(texts) > 10
    for text in texts:
        assert TextBody.from_api(text).to_api() == text


def test_real_deck_takes_text_duplicates_and_deletes(recorded: Json) -> None:
    deck = OfflineDeck(recorded)
    slide, body = find_body_placeholder(recorded)
    image = next(e for e in slide["pageElements"] if "image" in e)
    slide_count = len(recorded["slides"])
    position = [s["objectId"] for s in recorded["slides"]].index(slide["objectId"])
    response = deck.batch_update(
        {
            "requests": [
                {"insertText": {"objectId": body["objectId"], "text": "First\nSecond"}},
                {
                    "duplicateObject": {
                        "objectId": slide["objectId"],
                        "objectIds": {slide["objectId"]: "copied_slide"},
                    }
                },
                {"deleteObject": {"objectId": image["objectId"]}},
            ],
            "writeControl": {"requiredRevisionId": recorded["revisionId"]},
        }
    )
    assert response["presentationId"] == recorded["presentationId"]
    assert response["replies"][1] == {"duplicateObject": {"objectId": "copied_slide"}}
    slides = deck.presentation["slides"]
    assert len(slides) == slide_count + 1
    assert slides[position + 1]["objectId"] == "copied_slide"
    original = elements_of(slides[position])
    copied = elements_of(slides[position + 1])
    assert plain_text(original[body["objectId"]]["shape"]["text"]) == "First\nSecond\n"
    assert image["objectId"] not in original
    # The copy was taken before the delete: it still has its own copy of the image.
    assert sum("image" in e for e in copied.values()) == 1
    assert not set(copied) & set(original)
    copied_texts = [plain_text(e.get("shape", {}).get("text")) for e in copied.values()]
    assert "First\nSecond\n" in copied_texts
    notes = slides[position + 1]["slideProperties"]["notesPage"]
    assert notes["objectId"] == "copied_slide:notes"
    speaker = notes["notesProperties"]["speakerNotesObjectId"]
    assert speaker in elements_of(notes)
    # The recording itself is left alone.
    assert "text" not in body["shape"]


def test_real_deck_new_slide_from_its_layouts(recorded: Json) -> None:
    deck = OfflineDeck(recorded)
    names = {layout["layoutProperties"].get("name") for layout in recorded["layouts"]} - {None}
    name = "TITLE_AND_BODY" if "TITLE_AND_BODY" in names else sorted(names)[0]
    deck.batch_update(
        {
            "requests": [
                {
                    "createSlide": {
                        "objectId": "new_slide_1",
                        "slideLayoutReference": {"predefinedLayout": name},
                    }
                }
            ]
        }
    )
    slide = deck.presentation["slides"][-1]
    assert slide["objectId"] == "new_slide_1"
    layout = next(
        layout for layout in recorded["layouts"] if layout["layoutProperties"].get("name") == name
    )
    assert slide["slideProperties"]["layoutObjectId"] == layout["objectId"]
    parents = {
        e["shape"]["placeholder"]["parentObjectId"] for e in slide["pageElements"] if "shape" in e
    }
    assert parents <= {e["objectId"] for e in layout["pageElements"]}


def test_real_deck_ids_are_all_taken(recorded: Json) -> None:
    deck = OfflineDeck(recorded)
    slide, body = find_body_placeholder(recorded)
    notes = slide["slideProperties"]["notesPage"]
    layout_id = recorded["layouts"][0]["objectId"]
    for taken in (body["objectId"], slide["objectId"], notes["objectId"]):
        with pytest.raises(RequestError, match="unique"):
            deck.batch_update(
                {
                    "requests": [
                        {
                            "createShape": {
                                "objectId": taken,
                                "shapeType": "RECTANGLE",
                                "elementProperties": {"pageObjectId": layout_id},
                            }
                        }
                    ]
                }
            )
