"""Decks of an account team's own, for the tests that fill existing decks."""

from __future__ import annotations

import copy
from typing import Any

from slidegen.backends.offline.engine import OfflineDeck
from slidegen.templates import blank_presentation
from slidegen.units import dimension, inches

Json = dict[str, Any]


def apply(deck: Json, requests: list[Json]) -> Json:
    """Return `deck` after `requests`, applied by the strict offline engine."""
    engine = OfflineDeck(copy.deepcopy(deck))
    engine.batch_update({"requests": requests})
    return engine.presentation


def own_deck(count: int, size: tuple[int, int] = (9_144_000, 5_143_500)) -> Json:
    """Return a deck of `count` slides of its own, each with a text box and speaker notes."""
    deck = blank_presentation()
    deck["presentationId"] = "ae-deck"
    deck["pageSize"] = {"width": dimension(size[0]), "height": dimension(size[1])}
    requests: list[Json] = []
    for index in range(count):
        slide = f"ae_slide_{index:02d}"
        requests += [
            {"createSlide": {"objectId": slide, "insertionIndex": index}},
            {
                "createShape": {
                    "objectId": f"{slide}_text",
                    "shapeType": "TEXT_BOX",
                    "elementProperties": {
                        "pageObjectId": slide,
                        "size": {"width": dimension(inches(4)), "height": dimension(inches(1))},
                        "transform": {
                            "scaleX": 1,
                            "scaleY": 1,
                            "translateX": inches(1),
                            "translateY": inches(1),
                            "unit": "EMU",
                        },
                    },
                }
            },
            {"insertText": {"objectId": f"{slide}_text", "text": f"Account slide {index + 1}"}},
        ]
    deck = apply(deck, requests)
    notes = []
    for slide in deck["slides"]:
        speaker = slide["slideProperties"]["notesPage"]["notesProperties"]["speakerNotesObjectId"]
        notes.append({"insertText": {"objectId": speaker, "text": "What the AE says here"}})
    return apply(deck, notes)
