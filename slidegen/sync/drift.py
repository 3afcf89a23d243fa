"""Drift: hand edits to generated content that a regeneration would overwrite.

Each generated content element (ID ``sgc…``) carries the alt-text description
``slidegen:generated <digest>``, the digest of its text and rounded box when it
was drawn. Recomputing the digest from the deck tells whether a person has
edited it since; a generated element the last run drew that is gone from the
deck was deleted by a person. Either is drift, and a sync refuses to
regenerate over it unless forced.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

from slidegen.backends.base import Presentation, Request
from slidegen.layout import ids
from slidegen.layout.ownership import content_digest
from slidegen.layout.slides import BY_ROLE
from slidegen.layout.template import generated_role

GENERATED_MARK = "slidegen:generated"
UNKNOWN_SLIDE = "?"

Element = dict[str, Any]
DigestFunction = Callable[[Element], str]


@dataclass(frozen=True)
class DriftItem:
    """One generated element a person edited or deleted."""

    kind: str  # "edited" or "deleted"
    element_id: str
    slide_id: str | None
    slide_position: int | None
    slide_heading: str
    element_label: str

    def __str__(self) -> str:
        if not self.element_id:
            return f"{self.element_label} were deleted by hand"
        if self.slide_position is None:
            where = "a deleted slide" if self.slide_id else "an unknown slide"
        else:
            where = f"slide {self.slide_position}"
            if self.slide_heading:
                where += f" '{self.slide_heading}'"
        return f"{where}: {self.element_label} {self.element_id} was {self.kind} by hand"


def stored_digest(element: Element) -> str | None:
    """Return the digest in an element's ``slidegen:generated`` alt text, or None."""
    description = element.get("description") or ""
    if not description.startswith(GENERATED_MARK):
        return None
    parts = description[len(GENERATED_MARK) :].split()
    return parts[0] if parts else None


def walk_elements(elements: list[Element]) -> Iterator[Element]:
    """Yield every page element, descending into groups."""
    for element in elements:
        yield element
        children = element.get("elementGroup", {}).get("children", [])
        if children:
            yield from walk_elements(children)


def element_text(element: Element) -> str:
    """Return the plain text of a shape, or '' when it has none."""
    runs = element.get("shape", {}).get("text", {}).get("textElements", [])
    return "".join(run.get("textRun", {}).get("content", "") for run in runs).strip()


def _top(element: Element) -> float:
    transform = element.get("transform", {})
    return float(transform.get("translateY", 0.0))


def slide_heading(slide: dict[str, Any]) -> str:
    """Return a short heading for a slide: its role's title if generated, else its top text."""
    role = generated_role(slide.get("objectId", ""))
    if role is not None:
        return BY_ROLE[role].title
    texts = [
        (_top(element), element_text(element))
        for element in walk_elements(slide.get("pageElements", []))
        if element_text(element)
    ]
    if not texts:
        return ""
    heading = min(texts, key=lambda pair: pair[0])[1].splitlines()[0]
    return heading if len(heading) <= 60 else heading[:57] + "…"


def element_label(element: Element) -> str:
    """Return what kind of element this is, in the words the Slides UI uses."""
    if "table" in element:
        return "table"
    if "line" in element:
        return "line"
    if "image" in element:
        return "image"
    if "shape" in element:
        text = element_text(element)
        if text:
            short = text.splitlines()[0]
            short = short if len(short) <= 30 else short[:29] + "…"
            return f"text box '{short}'"
        return "shape"
    return "element"


def _is_content(object_id: str) -> bool:
    parsed = ids.parse_generated(object_id)
    return parsed is not None and parsed.kind == ids.CONTENT


def generated_elements(requests: list[Request]) -> dict[str, list[str]]:
    """Return, per slide, the generated content elements a batch marks with a digest."""
    page_of: dict[str, str] = {}
    marked: list[str] = []
    for request in requests:
        for body in request.values():
            if not isinstance(body, dict):
                continue
            object_id = body.get("objectId")
            page = body.get("elementProperties", {}).get("pageObjectId")
            if isinstance(object_id, str) and isinstance(page, str):
                page_of[object_id] = page
        alt_text = request.get("updatePageElementAltText")
        if alt_text and str(alt_text.get("description", "")).startswith(GENERATED_MARK):
            object_id = alt_text["objectId"]
            if _is_content(object_id):
                marked.append(object_id)
    result: dict[str, list[str]] = {}
    for object_id in marked:
        result.setdefault(page_of.get(object_id, UNKNOWN_SLIDE), []).append(object_id)
    return {page: sorted(set(found)) for page, found in sorted(result.items())}


def deck_generated_elements(deck: Presentation) -> dict[str, list[str]]:
    """Return, per slide, the generated content elements present in a deck."""
    result: dict[str, list[str]] = {}
    for slide in deck.get("slides", []):
        found = [
            element["objectId"]
            for element in walk_elements(slide.get("pageElements", []))
            if _is_content(element.get("objectId", "")) and stored_digest(element) is not None
        ]
        if found:
            result[slide["objectId"]] = sorted(found)
    return result


def find_drift(
    deck: Presentation,
    expected: dict[str, list[str]] | None = None,
    expected_count: int | None = None,
    digest_of: DigestFunction = content_digest,
) -> list[DriftItem]:
    """Return every generated element of `deck` edited or deleted since it was generated.

    `expected` (per slide, from the state file) names the elements the last run
    drew, so deleted ones can be named; without it, `expected_count` (from the
    deck's app properties) still reveals that some were deleted.
    """
    items: list[DriftItem] = []
    present: set[str] = set()
    slide_place: dict[str, tuple[int, str]] = {}
    for position, slide in enumerate(deck.get("slides", []), start=1):
        heading = slide_heading(slide)
        slide_place[slide["objectId"]] = (position, heading)
        for element in walk_elements(slide.get("pageElements", [])):
            object_id = element.get("objectId", "")
            recorded = stored_digest(element)
            if not _is_content(object_id) or recorded is None:
                continue
            present.add(object_id)
            if digest_of(element) != recorded:
                items.append(
                    DriftItem(
                        "edited",
                        object_id,
                        slide["objectId"],
                        position,
                        heading,
                        element_label(element),
                    )
                )
    if expected:
        for slide_id, element_ids in expected.items():
            for object_id in element_ids:
                if object_id in present:
                    continue
                known = slide_id != UNKNOWN_SLIDE
                place = slide_place.get(slide_id)
                items.append(
                    DriftItem(
                        "deleted",
                        object_id,
                        slide_id if known else None,
                        place[0] if place else None,
                        place[1] if place else "",
                        "generated element",
                    )
                )
    elif expected_count is not None and len(present) < expected_count:
        missing = expected_count - len(present)
        items.append(
            DriftItem(
                "deleted",
                "",
                None,
                None,
                "",
                f"{missing} of {expected_count} generated elements",
            )
        )
    return items
