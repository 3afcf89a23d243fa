"""The dated "Changes" line a sync adds to the title slide's speaker notes."""

from __future__ import annotations

from typing import Any

from slidegen.backends.base import Presentation, Request
from slidegen.layout.compose import NOTES_END, Composition
from slidegen.layout.template import read_template


def _title_notes(deck: Presentation, composition: Composition) -> tuple[str | None, str, bool]:
    """Return the title slide's notes ID, the notes text left after the batch, and freshness."""
    title_slides = composition.slide_ids.get("title") or []
    if not title_slides:
        return None, "", True
    slide_id = title_slides[0]
    info = read_template(deck)
    for generated in info.generated.get("title", []):
        if generated.slide_id == slide_id:
            return generated.speaker_notes_id, generated.speaker_notes_text, False
    prototype = info.prototypes["title"]
    for request in composition.requests:
        duplicate = request.get("duplicateObject")
        if duplicate is None:
            continue
        mapping: dict[str, str] = duplicate.get("objectIds", {})
        if mapping.get(prototype.slide_id) == slide_id and prototype.speaker_notes_id:
            return mapping.get(prototype.speaker_notes_id), "", True
    return None, "", True


def _kept_text(old_text: str) -> str:
    """Return what of a slide's old notes survives a regeneration (a person's part)."""
    text = old_text[:-1] if old_text.endswith("\n") else old_text
    marker_at = text.find(NOTES_END)
    if marker_at < 0:
        return text
    kept = text[marker_at + len(NOTES_END) :]
    return kept[1:] if kept.startswith("\n") else kept


def changes_note_requests(deck: Presentation, composition: Composition, line: str) -> list[Request]:
    """Return the requests that put `line` at the top of the title slide's generated notes.

    The line goes inside the generated notes block (above its end marker), so
    the next regeneration replaces it rather than keeping it as a person's note.
    Returns no request when the title slide has no speaker-notes box.
    """
    notes_id, old_text, fresh = _title_notes(deck, composition)
    if notes_id is None:
        return []
    block_written = any(
        request.get("insertText", {}).get("objectId") == notes_id
        and NOTES_END in request["insertText"].get("text", "")
        for request in composition.requests
    )
    if block_written:
        text = f"{line}\n"
    else:
        kept = "" if fresh else _kept_text(old_text)
        text = f"{line}\n{NOTES_END}" + ("\n" if kept else "")
    insert: dict[str, Any] = {"objectId": notes_id, "text": text, "insertionIndex": 0}
    return [{"insertText": insert}]
