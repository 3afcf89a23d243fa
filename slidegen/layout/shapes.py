"""Small constructors for Slides API requests used by every builder."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from functools import lru_cache
from typing import Any

from slidegen.layout import text as metrics
from slidegen.layout.context import Box, Request, TextStyle
from slidegen.units import dimension

_STRIPPED = re.compile("[\x00-\x08\x0b-\x1f\x7f\ue000-\uf8ff]")


def clean_text(text: str) -> str:
    """Return `text` without the control and private-use characters Slides strips."""
    # Removing them here keeps what we measure, send and digest identical to
    # what the deck later returns.
    return _STRIPPED.sub("", text.replace("\r\n", "\n").replace("\r", "\n").replace("\t", " "))


def rgb(hex_colour: str) -> dict[str, float]:
    """Return a Slides RgbColor for '#RRGGBB'."""
    # A deck uses a handful of colours thousands of times; each request gets its own dict.
    return dict(_rgb(hex_colour))


@lru_cache(maxsize=1024)
def _rgb(hex_colour: str) -> tuple[tuple[str, float], ...]:
    value = hex_colour.lstrip("#")
    red, green, blue = (int(value[i : i + 2], 16) / 255 for i in (0, 2, 4))
    return (("red", round(red, 4)), ("green", round(green, 4)), ("blue", round(blue, 4)))


def solid_fill(hex_colour: str) -> dict[str, Any]:
    """Return a SolidFill of `hex_colour`."""
    return {"solidFill": {"color": {"rgbColor": rgb(hex_colour)}}}


def element_properties(page_id: str, box: Box) -> dict[str, Any]:
    """Return PageElementProperties placing an element at `box` on `page_id`."""
    return {
        "pageObjectId": page_id,
        "size": {"width": dimension(box.width), "height": dimension(box.height)},
        "transform": {
            "scaleX": 1,
            "scaleY": 1,
            "translateX": box.x,
            "translateY": box.y,
            "unit": "EMU",
        },
    }


def create_shape(object_id: str, page_id: str, box: Box, shape_type: str = "TEXT_BOX") -> Request:
    """Return a createShape request."""
    return {
        "createShape": {
            "objectId": object_id,
            "shapeType": shape_type,
            "elementProperties": element_properties(page_id, box),
        }
    }


def shape_look(
    object_id: str,
    *,
    fill: str | None = None,
    outline: str | None = None,
    outline_pt: float = 1.0,
    dash: str = "SOLID",
    vertical: str = "TOP",
) -> Request:
    """Return an updateShapeProperties request setting fill, outline and vertical alignment."""
    properties: dict[str, Any] = {"contentAlignment": vertical}
    fields = ["contentAlignment"]
    # The state is always written: a colour set on a NOT_RENDERED fill (a new text
    # box's) may stay invisible, so a visible fill or outline says RENDERED outright.
    if fill is None:
        properties["shapeBackgroundFill"] = {"propertyState": "NOT_RENDERED"}
        fields.append("shapeBackgroundFill.propertyState")
    else:
        properties["shapeBackgroundFill"] = {"propertyState": "RENDERED", **solid_fill(fill)}
        fields += ["shapeBackgroundFill.propertyState", "shapeBackgroundFill.solidFill.color"]
    if outline is None:
        properties["outline"] = {"propertyState": "NOT_RENDERED"}
        fields.append("outline.propertyState")
    else:
        properties["outline"] = {
            "propertyState": "RENDERED",
            "outlineFill": solid_fill(outline),
            "weight": {"magnitude": outline_pt, "unit": "PT"},
            "dashStyle": dash,
        }
        fields += [
            "outline.propertyState",
            "outline.outlineFill.solidFill.color",
            "outline.weight",
            "outline.dashStyle",
        ]
    return {
        "updateShapeProperties": {
            "objectId": object_id,
            "shapeProperties": properties,
            "fields": ",".join(fields),
        }
    }


def insert_text(object_id: str, text: str, cell: tuple[int, int] | None = None) -> Request:
    """Return an insertText request putting `text` at the start of a shape or table cell."""
    body: dict[str, Any] = {"objectId": object_id, "text": text, "insertionIndex": 0}
    if cell is not None:
        body["cellLocation"] = {"rowIndex": cell[0], "columnIndex": cell[1]}
    return {"insertText": body}


def style_text(
    object_id: str,
    style: TextStyle,
    *,
    font_pt: float | None = None,
    bold: bool | None = None,
    colour: str | None = None,
    cell: tuple[int, int] | None = None,
    span: tuple[int, int] | None = None,
) -> Request:
    """Return an updateTextStyle request applying `style` (with overrides) to text.

    `span` is a (start, end) range in UTF-16 code units; without it all text is styled.
    """
    text_range: dict[str, Any] = (
        {"type": "ALL"}
        if span is None
        else {"type": "FIXED_RANGE", "startIndex": span[0], "endIndex": span[1]}
    )
    body: dict[str, Any] = {
        "objectId": object_id,
        "style": {
            "fontFamily": style.font_family,
            "fontSize": {"magnitude": style.font_pt if font_pt is None else font_pt, "unit": "PT"},
            "bold": style.bold if bold is None else bold,
            "italic": style.italic,
            "foregroundColor": {
                "opaqueColor": {"rgbColor": rgb(style.colour if colour is None else colour)}
            },
        },
        "textRange": text_range,
        "fields": "fontFamily,fontSize,bold,italic,foregroundColor",
    }
    if cell is not None:
        body["cellLocation"] = {"rowIndex": cell[0], "columnIndex": cell[1]}
    return {"updateTextStyle": body}


def style_paragraphs(
    object_id: str,
    alignment: str = "START",
    cell: tuple[int, int] | None = None,
    line_spacing: float = 100,
) -> Request:
    """Return an updateParagraphStyle request: `alignment`, `line_spacing` %, no paragraph gaps."""
    body: dict[str, Any] = {
        "objectId": object_id,
        "style": {
            "alignment": alignment,
            "lineSpacing": line_spacing,
            "spaceAbove": {"magnitude": 0, "unit": "PT"},
            "spaceBelow": {"magnitude": 0, "unit": "PT"},
        },
        "textRange": {"type": "ALL"},
        "fields": "alignment,lineSpacing,spaceAbove,spaceBelow",
    }
    if cell is not None:
        body["cellLocation"] = {"rowIndex": cell[0], "columnIndex": cell[1]}
    return {"updateParagraphStyle": body}


def right_to_left_paragraphs(
    object_id: str, text: str, cell: tuple[int, int] | None = None
) -> list[Request]:
    """Return requests making each paragraph of `text` that starts in an RTL script right-to-left.

    A paragraph's direction follows its first strong character (Arabic,
    Hebrew, …), as the Unicode bidirectional algorithm decides it; Slides
    lays paragraphs out left to right unless told, so it must be said. Start
    alignment then means the right edge.
    """
    paragraphs = text.split("\n")
    if not any(metrics.is_right_to_left(paragraph) for paragraph in paragraphs):
        return []
    requests: list[Request] = []
    start = 0
    for paragraph in paragraphs:
        end = start + utf16_length(paragraph)
        if metrics.is_right_to_left(paragraph):
            body: dict[str, Any] = {
                "objectId": object_id,
                "style": {"direction": "RIGHT_TO_LEFT"},
                "textRange": {"type": "FIXED_RANGE", "startIndex": start, "endIndex": end + 1},
                "fields": "direction",
            }
            if cell is not None:
                body["cellLocation"] = {"rowIndex": cell[0], "columnIndex": cell[1]}
            requests.append({"updateParagraphStyle": body})
        start = end + 1
    return requests


@dataclass(frozen=True)
class Span:
    """A stretch of a shape's text (UTF-16 offsets) styled apart from the rest."""

    start: int
    end: int
    bold: bool | None = None
    colour: str | None = None


def utf16_length(text: str) -> int:
    """Return the length of `text` in UTF-16 code units, as Slides text indexes count."""
    if text.isascii():
        return len(text)
    return len(text.encode("utf-16-le")) // 2


@dataclass(frozen=True)
class BoxStyle:
    """How a generated text box looks: its text style (overrides applied), fill and outline."""

    text: TextStyle
    fill: str | None = None
    outline: str | None = None
    shape_type: str = "TEXT_BOX"
    vertical: str = "TOP"
    """Vertical alignment of the text in the box: TOP, MIDDLE or BOTTOM."""

    def restyled(self, **changes: Any) -> BoxStyle:
        """Return this look with the text style's fields in `changes` replaced."""
        return replace(self, text=replace(self.text, **changes))


def text_box(
    object_id: str,
    page_id: str,
    box: Box,
    text: str,
    style: BoxStyle,
    spans: Sequence[Span] = (),
) -> list[Request]:
    """Return the requests drawing a styled shape at `box` holding `text`."""
    look = style.text
    requests = [
        create_shape(object_id, page_id, box, style.shape_type),
        shape_look(object_id, fill=style.fill, outline=style.outline, vertical=style.vertical),
    ]
    inner = max(1, box.width - 2 * metrics.INSET_X)
    text = metrics.with_soft_breaks(
        clean_text(text), inner, look.font_pt, look.bold, look.font_family
    )
    if text:
        requests.append(insert_text(object_id, text))
        requests.append(style_text(object_id, look))
        requests.extend(
            style_text(
                object_id,
                look,
                bold=look.bold if span.bold is None else span.bold,
                colour=span.colour or look.colour,
                span=shifted(text, span),
            )
            for span in spans
            if span.end > span.start
        )
        requests.append(style_paragraphs(object_id, look.alignment))
        requests.extend(right_to_left_paragraphs(object_id, text))
    return requests


def shifted(text: str, span: Span) -> tuple[int, int]:
    """Return `span`'s UTF-16 range in `text`, counting the soft breaks ``text_box`` inserted."""
    if metrics.SOFT_BREAK not in text:
        return span.start, span.end
    position = {0: 0}
    original = new = 0
    for char in text:
        new += utf16_length(char)
        if char != metrics.SOFT_BREAK:
            original += utf16_length(char)
            position.setdefault(original, new)
    return position.get(span.start, new), position.get(span.end, new)


def line(
    object_id: str,
    page_id: str,
    start: tuple[int, int],
    end: tuple[int, int],
    colour: str,
    weight_pt: float = 1.0,
    dash: str = "SOLID",
) -> list[Request]:
    """Return the requests drawing a straight line from `start` to `end`.

    Lines run left-to-right and top-to-bottom: `end` must not lie above or
    left of `start`.
    """
    x0, y0 = start
    x1, y1 = end
    if x1 < x0 or y1 < y0:
        raise ValueError("a line must run right and/or down from its start")
    properties = element_properties(page_id, Box(x0, y0, x1 - x0, y1 - y0))
    return [
        {
            "createLine": {
                "objectId": object_id,
                "category": "STRAIGHT",
                "elementProperties": properties,
            }
        },
        {
            "updateLineProperties": {
                "objectId": object_id,
                "lineProperties": {
                    "lineFill": solid_fill(colour),
                    "weight": {"magnitude": weight_pt, "unit": "PT"},
                    "dashStyle": dash,
                },
                "fields": "lineFill.solidFill.color,weight,dashStyle",
            }
        },
    ]
