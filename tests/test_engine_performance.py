"""A deck-sized batch: thousands of requests, applied in one pass without re-reading the deck.

Timing is not asserted (shared machines make timed tests flaky); instead the
test checks that the engine indexes the deck once per batch, which is what
keeps a batch linear in its number of requests.
"""

from __future__ import annotations

from typing import Any

import pytest
from test_engine_core import base_deck

from slidegen.backends.offline import engine
from slidegen.backends.offline.engine import OfflineDeck

Json = dict[str, Any]

SLIDES = 100
BOXES = 9


def big_batch() -> list[Json]:
    requests: list[Json] = []
    for slide in range(SLIDES):
        slide_id = f"perf_slide_{slide}"
        requests.append(
            {"duplicateObject": {"objectId": "slide_1", "objectIds": {"slide_1": slide_id}}}
        )
        for box in range(BOXES):
            box_id = f"perf_box_{slide}_{box}"
            requests.append(
                {
                    "createShape": {
                        "objectId": box_id,
                        "shapeType": "TEXT_BOX",
                        "elementProperties": {
                            "pageObjectId": slide_id,
                            "size": {
                                "width": {"magnitude": 2_000_000, "unit": "EMU"},
                                "height": {"magnitude": 400_000, "unit": "EMU"},
                            },
                            "transform": {
                                "scaleX": 1,
                                "scaleY": 1,
                                "translateX": 100_000 * box,
                                "unit": "EMU",
                            },
                        },
                    }
                }
            )
            requests.append(
                {"insertText": {"objectId": box_id, "text": f"Item {box}\non slide {slide}"}}
            )
            requests.append(
                {
                    "updateTextStyle": {
                        "objectId": box_id,
                        "textRange": {"type": "ALL"},
                        "style": {"bold": box % 2 == 0},
                        "fields": "bold",
                    }
                }
            )
        requests.append(
            {
                "updateSlideProperties": {
                    "objectId": slide_id,
                    "slideProperties": {"isSkipped": slide % 2 == 0},
                    "fields": "isSkipped",
                }
            }
        )
        requests.append(
            {"updatePageElementAltText": {"objectId": f"perf_box_{slide}_0", "title": "slidegen"}}
        )
    return requests


def test_three_thousand_requests_apply_in_one_indexing_pass(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    passes = []
    real_all_pages = engine.all_pages

    def counting_all_pages(presentation: Json) -> Any:
        passes.append(1)
        return real_all_pages(presentation)

    monkeypatch.setattr(engine, "all_pages", counting_all_pages)
    requests = big_batch()
    assert len(requests) == 3000
    deck = OfflineDeck(base_deck())
    replies = deck.batch_update({"requests": requests})["replies"]
    assert len(passes) == 1
    assert len(replies) == 3000
    slides = deck.presentation["slides"]
    assert [s["objectId"] for s in slides[:3]] == ["slide_1", "perf_slide_99", "perf_slide_98"]
    ids = [
        element["objectId"]
        for slide in slides
        for element in slide["pageElements"] + slide["slideProperties"]["notesPage"]["pageElements"]
    ]
    assert len(ids) == len(set(ids)) == (SLIDES + 1) * 2 + SLIDES * BOXES
    skipped = sum(bool(s["slideProperties"].get("isSkipped")) for s in slides)
    assert skipped == SLIDES // 2
