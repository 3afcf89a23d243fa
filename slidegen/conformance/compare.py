"""Compare two presentation resources: the deck Google made and the one the offline engine made.

Both start from the same deck (Google's, read just before the write) and take
the same batchUpdate body, so every difference is a place where the offline
engine and Slides disagree. What is compared:

    slides        order, IDs, skipped or not
    elements      the set of IDs on each slide, and each element's kind
    text          the text of every shape (runs concatenated) and table cell
    tables        rows × columns
    connectors    the object and site each end of a line is attached to
    notes         the speaker notes text of every slide
    alt text      title and description
    positions     each element's box (x, y, width, height) within a tolerance in EMU

Styles are not compared: Google fills in inherited style fields the engine
leaves out, which would bury the differences that matter.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import asdict, dataclass
from typing import Any

from slidegen.layout.template import element_box

DEFAULT_TOLERANCE_EMU = 1.0
"""Positions may differ by this much (Google keeps transforms as floats)."""

Json = dict[str, Any]


@dataclass(frozen=True)
class Difference:
    """One place where Google's deck and the offline engine's deck disagree."""

    field: str
    """What differs: slides, skipped, element, kind, text, table, connection, notes,
    alt_text, position, refused, accepted."""
    offline: Any
    google: Any
    slide: str | None = None
    element: str | None = None
    detail: str = ""

    def where(self) -> str:
        """Return the slide and element the difference is on."""
        parts = []
        if self.slide:
            parts.append(f"slide {self.slide}")
        if self.element:
            parts.append(f"element {self.element}")
        return ", ".join(parts) or "deck"

    def __str__(self) -> str:
        text = f"{self.where()}: {self.field}: offline {self.offline!r} ≠ google {self.google!r}"
        return f"{text} ({self.detail})" if self.detail else text

    def to_json(self) -> Json:
        """Return the difference as JSON data."""
        return asdict(self)


def shape_text(element: Json) -> str:
    """Return the text of a shape: every text run's content, in order."""
    runs = (element.get("shape") or {}).get("text", {}).get("textElements", [])
    return "".join(
        (run.get("textRun") or run.get("autoText") or {}).get("content", "") for run in runs
    )


def _cell_text(cell: Json) -> str:
    runs = (cell.get("text") or {}).get("textElements", [])
    return "".join((run.get("textRun") or {}).get("content", "") for run in runs)


def element_kind(element: Json) -> str:
    """Return which kind of page element this is (shape, table, line, image, group, …)."""
    for kind in ("shape", "table", "line", "image", "elementGroup", "video", "sheetsChart"):
        if kind in element:
            return kind
    return "unknown"


def _walk(elements: list[Json]) -> Iterator[Json]:
    for element in elements:
        yield element
        yield from _walk((element.get("elementGroup") or {}).get("children", []))


def speaker_notes(slide: Json) -> str | None:
    """Return a slide's speaker notes text, or None when its notes page has no notes shape."""
    notes = (slide.get("slideProperties") or {}).get("notesPage") or {}
    notes_id = (notes.get("notesProperties") or {}).get("speakerNotesObjectId")
    for element in _walk(notes.get("pageElements", [])):
        if element.get("objectId") == notes_id:
            return shape_text(element)
    return None


def _box(element: Json) -> tuple[float, float, float, float]:
    box = element_box(element)
    return (box.x, box.y, box.width, box.height)


def _connections(element: Json) -> dict[str, tuple[str, int] | None]:
    properties = (element.get("line") or {}).get("lineProperties") or {}
    found: dict[str, tuple[str, int] | None] = {}
    for end in ("startConnection", "endConnection"):
        connection = properties.get(end)
        found[end] = (
            (
                str(connection.get("connectedObjectId")),
                int(connection.get("connectionSiteIndex", 0)),
            )
            if connection
            else None
        )
    return found


def _table(element: Json) -> tuple[tuple[int, int], list[list[str]]]:
    table = element.get("table") or {}
    rows = table.get("tableRows", [])
    texts = [[_cell_text(cell) for cell in row.get("tableCells", [])] for row in rows]
    return (int(table.get("rows", len(rows))), int(table.get("columns", 0))), texts


def compare_elements(offline: Json, google: Json, slide: str, tolerance: float) -> list[Difference]:
    """Return how one element differs between the two decks."""
    object_id = str(offline.get("objectId"))
    found: list[Difference] = []

    def differ(field: str, mine: Any, theirs: Any, detail: str = "") -> None:
        found.append(Difference(field, mine, theirs, slide, object_id, detail))

    kind, their_kind = element_kind(offline), element_kind(google)
    if kind != their_kind:
        differ("kind", kind, their_kind)
        return found
    for field in ("title", "description"):
        if (offline.get(field) or "") != (google.get(field) or ""):
            differ("alt_text", offline.get(field), google.get(field), field)
    mine_box, their_box = _box(offline), _box(google)
    if any(abs(a - b) > tolerance for a, b in zip(mine_box, their_box, strict=True)):
        worst = max(abs(a - b) for a, b in zip(mine_box, their_box, strict=True))
        differ(
            "position",
            [round(value, 2) for value in mine_box],
            [round(value, 2) for value in their_box],
            f"x, y, width, height in EMU; off by up to {worst:.0f} (tolerance {tolerance:g})",
        )
    if kind == "shape" and shape_text(offline) != shape_text(google):
        differ("text", shape_text(offline), shape_text(google))
    if kind == "table":
        (mine_shape, mine_cells), (their_shape, their_cells) = _table(offline), _table(google)
        if mine_shape != their_shape:
            differ("table", list(mine_shape), list(their_shape), "rows × columns")
        else:
            for row, (mine_row, their_row) in enumerate(zip(mine_cells, their_cells, strict=False)):
                for column, (a, b) in enumerate(zip(mine_row, their_row, strict=False)):
                    if a != b:
                        differ("text", a, b, f"cell row {row}, column {column}")
    if kind == "line":
        mine_ends, their_ends = _connections(offline), _connections(google)
        for end, attached in mine_ends.items():
            if attached != their_ends.get(end):
                differ("connection", attached, their_ends.get(end), end)
    return found


def _elements(slide: Json) -> dict[str, Json]:
    return {str(e.get("objectId")): e for e in _walk(slide.get("pageElements", []))}


def compare_decks(
    offline: Json, google: Json, tolerance: float = DEFAULT_TOLERANCE_EMU
) -> list[Difference]:
    """Return every difference between the offline engine's deck and Google's deck."""
    found: list[Difference] = []
    mine_slides = [str(s.get("objectId")) for s in offline.get("slides", [])]
    their_slides = [str(s.get("objectId")) for s in google.get("slides", [])]
    if mine_slides != their_slides:
        missing = [s for s in mine_slides if s not in their_slides]
        extra = [s for s in their_slides if s not in mine_slides]
        detail = "order differs" if not missing and not extra else ""
        if missing:
            detail += f"only offline: {', '.join(missing)}"
        if extra:
            detail += ("; " if missing else "") + f"only google: {', '.join(extra)}"
        found.append(Difference("slides", mine_slides, their_slides, detail=detail))
    theirs_by_id = {str(s.get("objectId")): s for s in google.get("slides", [])}
    for slide in offline.get("slides", []):
        slide_id = str(slide.get("objectId"))
        other = theirs_by_id.get(slide_id)
        if other is None:
            continue
        skipped = bool((slide.get("slideProperties") or {}).get("isSkipped"))
        their_skipped = bool((other.get("slideProperties") or {}).get("isSkipped"))
        if skipped != their_skipped:
            found.append(Difference("skipped", skipped, their_skipped, slide_id))
        mine_notes, their_notes = speaker_notes(slide), speaker_notes(other)
        if (mine_notes or "") != (their_notes or ""):
            found.append(Difference("notes", mine_notes, their_notes, slide_id))
        mine, theirs = _elements(slide), _elements(other)
        for object_id in sorted(set(mine) - set(theirs)):
            found.append(
                Difference(
                    "element",
                    element_kind(mine[object_id]),
                    None,
                    slide_id,
                    object_id,
                    "only offline",
                )
            )
        for object_id in sorted(set(theirs) - set(mine)):
            found.append(
                Difference(
                    "element",
                    None,
                    element_kind(theirs[object_id]),
                    slide_id,
                    object_id,
                    "only google",
                )
            )
        for object_id, element in mine.items():
            if object_id in theirs:
                found += compare_elements(element, theirs[object_id], slide_id, tolerance)
    return found
