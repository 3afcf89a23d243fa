"""The bundled design's prototype slides, laid out for a target deck's page and named for it.

The design is drawn for a 16:9 page. For another page size the design is
laid out again rather than stretched: margins, the heading band and the
footer keep their size, the footer stays at the bottom edge and the content
areas between them take the room that is left. Font sizes never change.
"""

from __future__ import annotations

import copy
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any, Final

from slidegen.backends.offline.engine import OfflineDeck
from slidegen.errors import TargetDeckError
from slidegen.request import Request, request_parts
from slidegen.templates import blank_presentation, default_template_requests
from slidegen.templates.design import CONTENT_BOTTOM, CONTENT_TOP, MARGIN, PAGE_HEIGHT, PAGE_WIDTH
from slidegen.units import dimension, inches, magnitude_emu

DESIGN_PREFIX: Final = "tpl_"
MIN_PAGE_WIDTH: Final = inches(7.5)
"""Below this the six-column stakeholder table breaks words at readable font sizes."""
MIN_PAGE_HEIGHT: Final = inches(4.2)
"""Below this the content band under the heading is too short for a header row and two rows."""
_CREATES: Final = ("createShape", "createTable", "createLine", "createImage")
_ID_KEYS: Final = ("objectId", "pageObjectId")


@dataclass(frozen=True)
class PrototypeDrawing:
    """One prototype slide: the requests that draw it and the slide as the deck will hold it."""

    slide_id: str
    create_slide: Request
    """The ``createSlide`` request (its layout and position are the caller's to set)."""
    requests: list[Request]
    """Everything drawn on the slide after it exists."""
    slide: dict[str, Any]
    """The slide resource these requests produce, as ``presentations.get`` returns it."""


@dataclass(frozen=True)
class Axis:
    """How one page axis of the design maps onto the target page."""

    start: int
    """Edges up to here keep their place (the margin, the heading band)."""
    end: int
    """Edges from here keep their distance to the far edge (margin, footer)."""
    length: int
    new_length: int

    def edge(self, value: float) -> int:
        """Return where an edge at `value` on the design's page goes on the target page."""
        if value <= self.start:
            return round(value)
        if value >= self.end:
            return round(value + self.new_length - self.length)
        middle = (self.new_length - self.start - (self.length - self.end)) / (self.end - self.start)
        return round(self.start + (value - self.start) * middle)

    @property
    def factor(self) -> float:
        """Return how much the middle band grows (below 1: shrinks)."""
        return (self.new_length - self.start - (self.length - self.end)) / (self.end - self.start)


def page_size_of(deck: dict[str, Any]) -> tuple[int, int]:
    """Return a deck's page size in EMU (16:9 when the deck does not say)."""
    size = deck.get("pageSize") or {}
    width = round(magnitude_emu(size.get("width"))) or PAGE_WIDTH
    height = round(magnitude_emu(size.get("height"))) or PAGE_HEIGHT
    return width, height


def check_page_size(deck_name: str, size: tuple[int, int]) -> None:
    """Refuse a page too small for the layouts to stay legible."""
    width, height = size
    if width < MIN_PAGE_WIDTH or height < MIN_PAGE_HEIGHT:
        raise TargetDeckError(
            f"deck {deck_name}: its page is {width / 914400:.2f} × {height / 914400:.2f} in; "
            f"the generated slides need at least {MIN_PAGE_WIDTH / 914400:.1f} × "
            f"{MIN_PAGE_HEIGHT / 914400:.1f} in to stay legible (File → Page setup)"
        )


def _rename(value: Any, prefix: str) -> Any:
    """Return `value` with every design object ID given `prefix` instead of the design's."""
    if isinstance(value, dict):
        renamed = {}
        for key, item in value.items():
            if key in _ID_KEYS and isinstance(item, str) and item.startswith(DESIGN_PREFIX):
                renamed[key] = prefix + item[len(DESIGN_PREFIX) :]
            else:
                renamed[key] = _rename(item, prefix)
        return renamed
    if isinstance(value, list):
        return [_rename(item, prefix) for item in value]
    return value


def _relayout(request: Request, x_axis: Axis, y_axis: Axis) -> Request:
    """Return `request` with its geometry laid out for the target page."""
    kind, body = request_parts(request)
    if kind in _CREATES:
        properties = body["elementProperties"]
        transform = properties["transform"]
        size = properties["size"]
        left, top = float(transform["translateX"]), float(transform["translateY"])
        width, height = magnitude_emu(size["width"]), magnitude_emu(size["height"])
        x0, x1 = x_axis.edge(left), x_axis.edge(left + width)
        y0, y1 = y_axis.edge(top), y_axis.edge(top + height)
        transform.update(translateX=x0, translateY=y0)
        size.update(width=dimension(x1 - x0), height=dimension(y1 - y0))
    elif kind == "updateTableColumnProperties":
        # Tables span the content width, so their columns share the middle band's growth.
        properties = body["tableColumnProperties"]
        width = magnitude_emu(properties["columnWidth"])
        properties["columnWidth"] = dimension(round(width * x_axis.factor))
    return request


def _by_slide(requests: list[Request]) -> Iterator[tuple[Request, list[Request]]]:
    """Yield each ``createSlide`` of the design with the requests that draw on that slide."""
    current: tuple[Request, list[Request]] | None = None
    for request in requests:
        if "createSlide" in request:
            if current is not None:
                yield current
            current = (request, [])
        elif current is not None:
            current[1].append(request)
    if current is not None:
        yield current


@dataclass(frozen=True)
class MasterFonts:
    """The font families a deck's master gives its titles and its body text."""

    heading: str
    body: str


_TITLE_PLACEHOLDERS: Final = ("TITLE", "CENTERED_TITLE")
_HEADING_REGIONS: Final = ("_heading", "_customer", "_opportunity")
"""Design text boxes that take the master's title font; every other one takes its body font."""


def _placeholder_family(master: dict[str, Any], kinds: tuple[str, ...]) -> str | None:
    for element in master.get("pageElements", []) or []:
        shape = element.get("shape") or {}
        if (shape.get("placeholder") or {}).get("type") not in kinds:
            continue
        for item in (shape.get("text") or {}).get("textElements", []) or []:
            style = (item.get("textRun") or {}).get("style") or {}
            family = style.get("fontFamily") or (style.get("weightedFontFamily") or {}).get(
                "fontFamily"
            )
            if family:
                return str(family)
    return None


def master_fonts(deck: dict[str, Any], master_id: str | None) -> MasterFonts | None:
    """Return the title and body font families of master `master_id`, None when it names none.

    They are read from the text styles of the master's title and body
    placeholders; when only one is set it serves for both.
    """
    masters = deck.get("masters", []) or []
    master = next((m for m in masters if m.get("objectId") == master_id), None)
    if master is None and masters:
        master = masters[0]
    if master is None:
        return None
    heading = _placeholder_family(master, _TITLE_PLACEHOLDERS)
    body = _placeholder_family(master, ("BODY", "SUBTITLE"))
    if heading is None and body is None:
        return None
    return MasterFonts(heading or str(body), body or str(heading))


def _with_fonts(request: Request, fonts: MasterFonts) -> Request:
    """Return `request` with the design's font replaced by the master's."""
    kind, body = request_parts(request)
    if kind != "updateTextStyle" or "fontFamily" not in (body.get("style") or {}):
        return request
    heading = str(body.get("objectId", "")).endswith(_HEADING_REGIONS)
    family = fonts.heading if heading else fonts.body
    return {kind: {**body, "style": {**body["style"], "fontFamily": family}}}


def design_prototypes(
    page_size: tuple[int, int], prefix: str, fonts: MasterFonts | None = None
) -> list[PrototypeDrawing]:
    """Return the bundled design's prototype slides laid out for `page_size`, IDs under `prefix`.

    With `fonts`, text is set in the target deck's own families instead of
    the design's. The slide resources come from applying the same requests
    to an empty deck of that page size with the strict offline engine, so
    they are exactly what the target deck will hold once the requests ran
    there.
    """
    x_axis = Axis(MARGIN, PAGE_WIDTH - MARGIN, PAGE_WIDTH, page_size[0])
    y_axis = Axis(CONTENT_TOP, CONTENT_BOTTOM, PAGE_HEIGHT, page_size[1])
    requests = [
        _relayout(_rename(request, prefix), x_axis, y_axis)
        for request in default_template_requests()
    ]
    if fonts is not None:
        requests = [_with_fonts(request, fonts) for request in requests]
    blank = blank_presentation()
    blank["pageSize"] = {"width": dimension(page_size[0]), "height": dimension(page_size[1])}
    deck = OfflineDeck(blank)
    deck.batch_update({"requests": requests})
    slides = {slide["objectId"]: slide for slide in deck.presentation["slides"]}
    background = copy.deepcopy(blank["masters"][0]["pageProperties"]["pageBackgroundFill"])
    drawings = []
    for create_slide, drawing in _by_slide(requests):
        slide_id = create_slide["createSlide"]["objectId"]
        paint = {
            "updatePageProperties": {
                "objectId": slide_id,
                "pageProperties": {"pageBackgroundFill": copy.deepcopy(background)},
                "fields": "pageBackgroundFill",
            }
        }
        drawings.append(
            PrototypeDrawing(slide_id, create_slide, [paint, *drawing], slides[slide_id])
        )
    return drawings
