"""A template deck's prototype slides, redrawn by requests so another deck can hold them.

The Slides API cannot copy a slide from one presentation to another, so each
prototype slide of a template deck (read with one ``presentations.get``) is
turned back into the requests that draw it: shapes with their fill, outline
and text, tables with their column widths, cell fills, borders and text,
lines, images and groups. Colours are written as RGB (the target deck's
theme has other theme colours), and a region's anchor carries the style the
template gives it through its placeholders, so the generated text looks as
it would in a deck copied from the template. Elements Slides cannot create
by request (videos, charts, word art) are left out and named.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Final

from slidegen.backends.offline.engine import OfflineDeck
from slidegen.into.prototypes import Axis, PrototypeDrawing, page_size_of
from slidegen.layout.context import Region, TextStyle
from slidegen.layout.slides import BY_ROLE, ROLES
from slidegen.layout.template import TEXT_REGIONS, colour_hex, element_box, read_template
from slidegen.templates import blank_presentation
from slidegen.units import dimension, magnitude_emu

Request = dict[str, Any]
Element = dict[str, Any]

_TEXT_FIELDS: Final = (
    "bold",
    "italic",
    "underline",
    "strikethrough",
    "smallCaps",
    "fontFamily",
    "fontSize",
    "foregroundColor",
    "backgroundColor",
    "baselineOffset",
)
_PARAGRAPH_FIELDS: Final = (
    "alignment",
    "lineSpacing",
    "spaceAbove",
    "spaceBelow",
    "indentStart",
    "indentEnd",
    "indentFirstLine",
    "direction",
)
_LINE_CATEGORIES: Final = {"STRAIGHT": "STRAIGHT", "BENT": "BENT", "CURVED": "CURVED"}


def _rgb(hex_colour: str) -> dict[str, float]:
    value = hex_colour.lstrip("#")
    return {
        name: round(int(value[i : i + 2], 16) / 255, 6)
        for name, i in (("red", 0), ("green", 2), ("blue", 4))
    }


@dataclass
class _Converter:
    """Turns page elements of the template into requests on a new page."""

    scheme: dict[str, str]
    prefix: str
    x_axis: Axis
    y_axis: Axis
    anchors: dict[str, TextStyle]
    requests: list[Request] = field(default_factory=list)
    left_out: list[str] = field(default_factory=list)
    renamed: dict[str, str] = field(default_factory=dict)

    def new_id(self, old: str) -> str:
        """Return the ID the copy of `old` gets (short, under this run's prefix)."""
        if old not in self.renamed:
            self.renamed[old] = f"{self.prefix}{len(self.renamed)}"
        return self.renamed[old]

    def colour(self, colour: dict[str, Any] | None) -> dict[str, Any] | None:
        """Return an OpaqueColor as RGB, theme colours resolved through the template's scheme."""
        hex_colour = colour_hex(colour, self.scheme)
        return {"rgbColor": _rgb(hex_colour)} if hex_colour else None

    def solid(self, fill: dict[str, Any] | None) -> dict[str, Any] | None:
        """Return a solid fill with its colour in RGB, or None."""
        solid = (fill or {}).get("solidFill")
        if not solid:
            return None
        colour = self.colour(solid.get("color"))
        if colour is None:
            return None
        return {"color": colour, "alpha": solid.get("alpha", 1)}

    def properties(self, element: Element, page_id: str) -> dict[str, Any]:
        """Return where the copy goes: the element's box, laid out for the target page."""
        box = element_box(element)
        x0, x1 = self.x_axis.edge(box.x), self.x_axis.edge(box.right)
        y0, y1 = self.y_axis.edge(box.y), self.y_axis.edge(box.bottom)
        return {
            "pageObjectId": page_id,
            "size": {"width": dimension(max(1, x1 - x0)), "height": dimension(max(1, y1 - y0))},
            "transform": {
                "scaleX": 1,
                "scaleY": 1,
                "translateX": x0,
                "translateY": y0,
                "unit": "EMU",
            },
        }

    def element(self, element: Element, page_id: str) -> str | None:
        """Emit the requests drawing `element` on `page_id`; return the copy's ID."""
        old = element["objectId"]
        if "shape" in element:
            return self.shape(element, page_id)
        if "table" in element:
            return self.table(element, page_id)
        if "line" in element:
            return self.line(element, page_id)
        if "image" in element:
            return self.image(element, page_id)
        if "elementGroup" in element:
            children = [
                self.element(child, page_id)
                for child in element["elementGroup"].get("children", [])
            ]
            drawn = [child for child in children if child]
            if len(drawn) < 2:
                return drawn[0] if drawn else None
            new = self.new_id(old)
            self.requests.append(
                {"groupObjects": {"groupObjectId": new, "childrenObjectIds": drawn}}
            )
            self.alt_text(element, new)
            return new
        kind = next((k for k in ("video", "sheetsChart", "wordArt") if k in element), "element")
        self.left_out.append(f"{kind} {old}")
        return None

    def alt_text(self, element: Element, new: str) -> None:
        """Copy the element's alt text (region tags live there)."""
        title, description = element.get("title"), element.get("description")
        if title or description:
            body: dict[str, Any] = {"objectId": new}
            if title:
                body["title"] = title
            if description:
                body["description"] = description
            self.requests.append({"updatePageElementAltText": body})

    def shape(self, element: Element, page_id: str) -> str:
        shape = element["shape"]
        new = self.new_id(element["objectId"])
        shape_type = shape.get("shapeType") or "TEXT_BOX"
        self.requests.append(
            {
                "createShape": {
                    "objectId": new,
                    "shapeType": shape_type,
                    "elementProperties": self.properties(element, page_id),
                }
            }
        )
        properties = shape.get("shapeProperties") or {}
        update: dict[str, Any] = {}
        fields: list[str] = []
        background = properties.get("shapeBackgroundFill") or {}
        fill = self.solid(background)
        if fill is not None:
            update["shapeBackgroundFill"] = {"solidFill": fill}
            fields.append("shapeBackgroundFill.solidFill")
        elif background.get("propertyState") == "NOT_RENDERED":
            update["shapeBackgroundFill"] = {"propertyState": "NOT_RENDERED"}
            fields.append("shapeBackgroundFill.propertyState")
        outline = properties.get("outline") or {}
        if outline.get("propertyState") == "NOT_RENDERED":
            update["outline"] = {"propertyState": "NOT_RENDERED"}
            fields.append("outline.propertyState")
        else:
            drawn: dict[str, Any] = {}
            outline_fill = self.solid(outline.get("outlineFill"))
            if outline_fill is not None:
                drawn["outlineFill"] = {"solidFill": outline_fill}
                fields.append("outline.outlineFill.solidFill")
            for key in ("weight", "dashStyle"):
                if outline.get(key):
                    drawn[key] = outline[key]
                    fields.append(f"outline.{key}")
            if drawn:
                update["outline"] = drawn
        if properties.get("contentAlignment") in ("TOP", "MIDDLE", "BOTTOM"):
            update["contentAlignment"] = properties["contentAlignment"]
            fields.append("contentAlignment")
        if fields:
            self.requests.append(
                {
                    "updateShapeProperties": {
                        "objectId": new,
                        "shapeProperties": update,
                        "fields": ",".join(fields),
                    }
                }
            )
        self.text(shape.get("text"), new, None, self.anchors.get(element["objectId"]))
        self.alt_text(element, new)
        return new

    def text(
        self,
        text: dict[str, Any] | None,
        new: str,
        cell: dict[str, int] | None,
        anchor: TextStyle | None,
    ) -> None:
        """Insert the text of a shape or cell with its run and paragraph styles."""
        elements = (text or {}).get("textElements", [])
        content = "".join(e.get("textRun", {}).get("content", "") for e in elements)
        if content.endswith("\n"):
            content = content[:-1]
        if not content:
            return
        location = {} if cell is None else {"cellLocation": cell}
        self.requests.append(
            {"insertText": {"objectId": new, **location, "text": content, "insertionIndex": 0}}
        )
        limit = len(content.encode("utf-16-le")) // 2
        if anchor is not None:
            # A region's style may come from placeholders the target deck does not have.
            self.requests.append(self.anchor_style(new, location, anchor))
            return
        for item in elements:
            start, end = int(item.get("startIndex", 0)), min(int(item.get("endIndex", 0)), limit)
            if end <= start:
                continue
            span = {"type": "FIXED_RANGE", "startIndex": start, "endIndex": end}
            if "textRun" in item:
                style, fields = self.run_style(item["textRun"].get("style") or {})
                if fields:
                    self.requests.append(
                        {
                            "updateTextStyle": {
                                "objectId": new,
                                **location,
                                "textRange": span,
                                "style": style,
                                "fields": ",".join(fields),
                            }
                        }
                    )
            elif "paragraphMarker" in item:
                source = item["paragraphMarker"].get("style") or {}
                paragraph = {k: source[k] for k in _PARAGRAPH_FIELDS if k in source}
                if paragraph:
                    self.requests.append(
                        {
                            "updateParagraphStyle": {
                                "objectId": new,
                                **location,
                                "textRange": span,
                                "style": paragraph,
                                "fields": ",".join(paragraph),
                            }
                        }
                    )

    def anchor_style(self, new: str, location: dict[str, Any], style: TextStyle) -> Request:
        return {
            "updateTextStyle": {
                "objectId": new,
                **location,
                "textRange": {"type": "ALL"},
                "style": {
                    "fontFamily": style.font_family,
                    "fontSize": {"magnitude": style.font_pt, "unit": "PT"},
                    "bold": style.bold,
                    "italic": style.italic,
                    "foregroundColor": {"opaqueColor": {"rgbColor": _rgb(style.colour)}},
                },
                "fields": "fontFamily,fontSize,bold,italic,foregroundColor",
            }
        }

    def run_style(self, source: dict[str, Any]) -> tuple[dict[str, Any], list[str]]:
        style: dict[str, Any] = {}
        for key in _TEXT_FIELDS:
            if key not in source:
                continue
            value = source[key]
            if key in ("foregroundColor", "backgroundColor"):
                colour = self.colour((value or {}).get("opaqueColor"))
                if colour is None:
                    continue
                value = {"opaqueColor": colour}
            style[key] = value
        return style, list(style)

    def table(self, element: Element, page_id: str) -> str:
        table = element["table"]
        new = self.new_id(element["objectId"])
        rows, columns = int(table.get("rows", 0)), int(table.get("columns", 0))
        self.requests.append(
            {
                "createTable": {
                    "objectId": new,
                    "elementProperties": self.properties(element, page_id),
                    "rows": rows,
                    "columns": columns,
                }
            }
        )
        for index, column in enumerate(table.get("tableColumns", [])):
            width = magnitude_emu(column.get("columnWidth"))
            if width:
                scaled = max(406_400, round(width * self.x_axis.factor))
                self.requests.append(
                    {
                        "updateTableColumnProperties": {
                            "objectId": new,
                            "columnIndices": [index],
                            "tableColumnProperties": {"columnWidth": dimension(scaled)},
                            "fields": "columnWidth",
                        }
                    }
                )
        for row_index, row in enumerate(table.get("tableRows", [])):
            for column_index, cell in enumerate(row.get("tableCells", [])):
                location = {"rowIndex": row_index, "columnIndex": column_index}
                properties = cell.get("tableCellProperties") or {}
                fill = self.solid(properties.get("tableCellBackgroundFill"))
                update: dict[str, Any] = {}
                if fill is not None:
                    update["tableCellBackgroundFill"] = {"solidFill": fill}
                if properties.get("contentAlignment") in ("TOP", "MIDDLE", "BOTTOM"):
                    update["contentAlignment"] = properties["contentAlignment"]
                if update:
                    fields = [
                        "tableCellBackgroundFill.solidFill" if k == "tableCellBackgroundFill" else k
                        for k in update
                    ]
                    self.requests.append(
                        {
                            "updateTableCellProperties": {
                                "objectId": new,
                                "tableRange": {"location": location, "rowSpan": 1, "columnSpan": 1},
                                "tableCellProperties": update,
                                "fields": ",".join(fields),
                            }
                        }
                    )
                # A table region's row styles are its cells' own: they are copied as they are.
                self.text(cell.get("text"), new, location, None)
        border = self.first_border(table)
        if border is not None and rows and columns:
            self.requests.append(
                {
                    "updateTableBorderProperties": {
                        "objectId": new,
                        "tableRange": {
                            "location": {"rowIndex": 0, "columnIndex": 0},
                            "rowSpan": rows,
                            "columnSpan": columns,
                        },
                        "borderPosition": "ALL",
                        "tableBorderProperties": border,
                        "fields": ",".join(border),
                    }
                }
            )
        self.alt_text(element, new)
        return new

    def first_border(self, table: dict[str, Any]) -> dict[str, Any] | None:
        for row in table.get("horizontalBorderRows", []) or []:
            for cell in row.get("tableBorderCells", []):
                properties = cell.get("tableBorderProperties") or {}
                fill = self.solid(properties.get("tableBorderFill"))
                if fill is None:
                    continue
                border: dict[str, Any] = {"tableBorderFill": {"solidFill": fill}}
                for key in ("weight", "dashStyle"):
                    if properties.get(key):
                        border[key] = properties[key]
                return border
        return None

    def line(self, element: Element, page_id: str) -> str:
        line = element["line"]
        new = self.new_id(element["objectId"])
        category = _LINE_CATEGORIES.get(str(line.get("lineCategory")), "STRAIGHT")
        self.requests.append(
            {
                "createLine": {
                    "objectId": new,
                    "category": category,
                    "elementProperties": self.properties(element, page_id),
                }
            }
        )
        source = line.get("lineProperties") or {}
        update: dict[str, Any] = {}
        fill = self.solid(source.get("lineFill"))
        if fill is not None:
            update["lineFill"] = {"solidFill": fill}
        for key in ("weight", "dashStyle", "startArrow", "endArrow"):
            if source.get(key):
                update[key] = source[key]
        if update:
            fields = ["lineFill.solidFill" if k == "lineFill" else k for k in update]
            self.requests.append(
                {
                    "updateLineProperties": {
                        "objectId": new,
                        "lineProperties": update,
                        "fields": ",".join(fields),
                    }
                }
            )
        self.alt_text(element, new)
        return new

    def image(self, element: Element, page_id: str) -> str | None:
        image = element["image"]
        url = image.get("sourceUrl") or image.get("contentUrl")
        if not url:
            self.left_out.append(f"image {element['objectId']} (no URL to fetch it from)")
            return None
        new = self.new_id(element["objectId"])
        self.requests.append(
            {
                "createImage": {
                    "objectId": new,
                    "url": url,
                    "elementProperties": self.properties(element, page_id),
                }
            }
        )
        self.alt_text(element, new)
        return new


def _axis(regions: list[Region], length: int, new_length: int, *, horizontal: bool) -> Axis:
    """Return how one axis of the template maps onto the target page.

    What lies outside the span the regions take (margins; above the content
    regions, the heading band; below them, the footer) keeps its size.
    """
    starts, ends = [], []
    for region in regions:
        if not horizontal and region.name in TEXT_REGIONS:
            continue
        starts.append(region.box.x if horizontal else region.box.y)
        ends.append(region.box.right if horizontal else region.box.bottom)
    start, end = (min(starts), max(ends)) if starts else (length // 10, length - length // 10)
    start, end = max(0, min(start, length)), max(0, min(end, length))
    if end - start < length // 4:
        # Too narrow a span to carry the difference: share it over the whole page instead.
        start, end = 0, length
    return Axis(start, end, length, new_length)


def _scheme(template: dict[str, Any]) -> dict[str, str]:
    masters = template.get("masters") or [{}]
    colours = masters[0].get("pageProperties", {}).get("colorScheme", {}).get("colors", [])
    scheme: dict[str, str] = {}
    for entry in colours:
        value = colour_hex({"rgbColor": entry.get("color", {})}, {})
        if value is not None:
            scheme[entry["type"]] = value
    return scheme


def template_prototypes(
    template: dict[str, Any], page_size: tuple[int, int], prefix: str
) -> tuple[list[PrototypeDrawing], list[str]]:
    """Return the template deck's prototype slides redrawn for `page_size`, and what was left out.

    Raises TemplateError when the template lacks a role's prototype or region.
    """
    info = read_template(template)
    width, height = page_size_of(template)
    regions = [r for p in info.prototypes.values() for r in p.regions.values()]
    x_axis = _axis(regions, width, page_size[0], horizontal=True)
    y_axis = _axis(regions, height, page_size[1], horizontal=False)
    scheme = _scheme(template)
    slides = {slide["objectId"]: slide for slide in template.get("slides", [])}
    creates: list[tuple[str, Request, list[Request]]] = []
    left_out: list[str] = []
    for role in ROLES:
        prototype = info.prototypes[role]
        slide = slides[prototype.slide_id]
        slide_id = f"{prefix}{role}"
        anchors = {
            region.anchor_id: region.text
            for region in prototype.regions.values()
            if region.name in TEXT_REGIONS
        }
        converter = _Converter(scheme, f"{prefix}{BY_ROLE[role].code}_", x_axis, y_axis, anchors)
        background = _Converter(scheme, prefix, x_axis, y_axis, {}).solid(
            (slide.get("pageProperties") or {}).get("pageBackgroundFill")
        ) or _Converter(scheme, prefix, x_axis, y_axis, {}).solid(
            ((template.get("masters") or [{}])[0].get("pageProperties") or {}).get(
                "pageBackgroundFill"
            )
        )
        requests: list[Request] = []
        if background is not None:
            requests.append(
                {
                    "updatePageProperties": {
                        "objectId": slide_id,
                        "pageProperties": {"pageBackgroundFill": {"solidFill": background}},
                        "fields": "pageBackgroundFill",
                    }
                }
            )
        for element in slide.get("pageElements", []) or []:
            converter.element(element, slide_id)
        requests += converter.requests
        left_out += [f"{role}: {item}" for item in converter.left_out]
        create = {
            "createSlide": {
                "objectId": slide_id,
                "slideLayoutReference": {"predefinedLayout": "BLANK"},
            }
        }
        creates.append((slide_id, create, requests))
    blank = blank_presentation()
    blank["pageSize"] = {"width": dimension(page_size[0]), "height": dimension(page_size[1])}
    deck = OfflineDeck(blank)
    deck.batch_update({"requests": [r for _, create, drawn in creates for r in (create, *drawn)]})
    drawn_slides = {slide["objectId"]: slide for slide in deck.presentation["slides"]}
    drawings = [
        PrototypeDrawing(slide_id, create, requests, drawn_slides[slide_id])
        for slide_id, create, requests in creates
    ]
    return drawings, left_out
