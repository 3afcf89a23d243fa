"""The bundled default template: an empty deck plus the requests that draw it.

The template is kept as data (``blank.json`` and ``default_template.json``,
produced by ``slidegen.templates.design``) so the same requests can build it
offline here or in real Google Slides. ``default_deck.json`` is the deck those
requests draw on the blank one, read as it is by offline builds.
"""

from __future__ import annotations

import copy
import json
from functools import cache
from pathlib import Path
from typing import Any

from slidegen.backends.base import DeckBackend, DeckCreation
from slidegen.errors import BackendError, SlidegenError

# Paths are spelled out here rather than imported from the design module, so
# `python -m slidegen.templates.design` runs without importing itself twice.
_HERE = Path(__file__).parent
BLANK_JSON = _HERE / "blank.json"
TEMPLATE_JSON = _HERE / "default_template.json"
DECK_JSON = _HERE / "default_deck.json"


@cache
def _read(name: str) -> Any:
    path = BLANK_JSON if name == "blank" else TEMPLATE_JSON
    with path.open(encoding="utf-8") as handle:
        return json.load(handle)


@cache
def _deck_text() -> str:
    return DECK_JSON.read_text(encoding="utf-8")


def blank_presentation() -> dict[str, Any]:
    """Return a fresh copy of the empty deck the template is drawn on."""
    blank: dict[str, Any] = copy.deepcopy(_read("blank"))
    return blank


def default_template_requests() -> list[dict[str, Any]]:
    """Return a fresh copy of the requests that draw the default template."""
    requests: list[dict[str, Any]] = copy.deepcopy(_read("template")["requests"])
    return requests


def load_default_template() -> dict[str, Any]:
    """Return a fresh copy of the default template deck (the blank deck, requests applied)."""
    deck: dict[str, Any] = json.loads(_deck_text())
    return deck


def push_default_template(backend: DeckBackend, name: str) -> str:
    """Create a deck holding the default template in one batchUpdate; return its ID.

    The backend must be able to create decks (``DeckCreation``). If the write
    fails, the new deck is deleted again before the error is raised.
    """
    if not isinstance(backend, DeckCreation):
        raise BackendError("this backend cannot create decks, so it cannot hold a template")
    deck = backend.create_deck(name)
    presentation_id = str(deck["presentationId"])
    # presentations.create adds a title slide of its own; the template starts from none.
    removals = [{"deleteObject": {"objectId": s["objectId"]}} for s in deck.get("slides", [])]
    try:
        backend.batch_update(
            presentation_id, removals + default_template_requests(), deck.get("revisionId")
        )
    except SlidegenError:
        backend.delete_deck(presentation_id)
        raise
    return presentation_id
