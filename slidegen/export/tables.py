"""Slides tables (cells, merges, fills, borders, sizes) as PowerPoint tables."""

from __future__ import annotations

import logging
from functools import partial
from typing import Any

from pptx.oxml.ns import qn
from pptx.oxml.table import CT_TableCell
from pptx.oxml.xmlchemy import BaseOxmlElement, OxmlElement
from pptx.shapes.graphfrm import GraphicFrame
from pptx.shapes.shapetree import SlideShapes
from pptx.table import _Cell
from pptx.util import Emu

from slidegen.export.colours import DASH_PRESETS, ColourScheme, set_alpha
from slidegen.export.geometry import Affine
from slidegen.export.text import (
    ANCHORS,
    TEXT_INSET_EMU,
    TEXT_NAMESPACES,
    LevelStyles,
    Style,
    built_xml,
    defer_xml,
    link_id,
    paragraphs_xml,
    parse_fragment,
    split_element,
)
from slidegen.units import EMU_PER_PT, magnitude_emu

log = logging.getLogger(__name__)

# "No Style, No Grid": cells show only the fills and borders the deck declares.
PLAIN_TABLE_STYLE = "{2D5ABB26-0587-4C30-8999-92F81FD0307C}"
# Slides' minimum column width and its default row height, used when a size is missing.
_FALLBACK_COLUMN_EMU = 406_400
_FALLBACK_ROW_EMU = 369_332
_BORDER_ORDER = ("a:lnL", "a:lnR", "a:lnT", "a:lnB")


def _column_widths(table: dict[str, Any], scale_x: float) -> list[int]:
    columns = int(table.get("columns", 0))
    declared = table.get("tableColumns") or []
    widths = []
    for index in range(columns):
        entry = declared[index] if index < len(declared) else {}
        width = magnitude_emu(entry.get("columnWidth")) or _FALLBACK_COLUMN_EMU
        widths.append(max(1, round(width * scale_x)))
    return widths


def _row_heights(table: dict[str, Any], scale_y: float) -> list[int]:
    rows = int(table.get("rows", 0))
    declared = table.get("tableRows") or []
    heights = []
    for index in range(rows):
        entry = declared[index] if index < len(declared) else {}
        height = magnitude_emu(entry.get("rowHeight")) or magnitude_emu(
            (entry.get("tableRowProperties") or {}).get("minRowHeight")
        )
        heights.append(max(1, round((height or _FALLBACK_ROW_EMU) * scale_y)))
    return heights


def _new_border_element(
    side: str, properties: dict[str, Any], scheme: ColourScheme
) -> BaseOxmlElement:
    line = OxmlElement(side)
    solid = ((properties.get("tableBorderFill") or {}).get("solidFill")) or None
    colour = scheme.resolve((solid or {}).get("color")) if solid else None
    weight = magnitude_emu(properties.get("weight")) if properties.get("weight") else EMU_PER_PT
    if colour is None or weight <= 0:
        line.set("w", "0")
        line.append(OxmlElement("a:noFill"))
        return line
    line.set("w", str(round(weight)))
    fill = OxmlElement("a:solidFill")
    rgb = OxmlElement("a:srgbClr")
    rgb.set("val", str(colour))
    fill.append(rgb)
    line.append(fill)
    set_alpha(fill, (solid or {}).get("alpha"))
    dash = OxmlElement("a:prstDash")
    dash.set("val", DASH_PRESETS.get(str(properties.get("dashStyle", "SOLID")), "solid"))
    line.append(dash)
    return line


def _grid_location(cell: dict[str, Any], row: int, column: int) -> tuple[int, int]:
    """Return a cell's (row, column): its `location` (zeros omitted) or its position."""
    location = cell.get("location")
    if location is None:
        return row, column
    return int(location.get("rowIndex", 0)), int(location.get("columnIndex", 0))


def _border_lines(
    border_rows: list[dict[str, Any]],
    rows: int,
    columns: int,
    scheme: ColourScheme,
    *,
    horizontal: bool,
) -> dict[tuple[int, int, str], str]:
    """Return the XML of each cell side a border segment draws, by (row, column, side).

    PowerPoint has no shared edges: a horizontal border at row edge r tops row
    r and bottoms row r - 1; a vertical one at column edge c is the left of
    column c and the right of column c - 1. Segments beyond the table are
    ignored; a later segment on the same side wins.
    """
    sides: dict[tuple[int, int, str], str] = {}
    after, before = ("a:lnT", "a:lnB") if horizontal else ("a:lnL", "a:lnR")
    edges, spans = (rows, columns) if horizontal else (columns, rows)
    for line_index, border_row in enumerate(border_rows):
        for segment_index, border_cell in enumerate(border_row.get("tableBorderCells") or []):
            r, c = _grid_location(border_cell, line_index, segment_index)
            edge, span = (r, c) if horizontal else (c, r)
            if not 0 <= span < spans:
                continue
            properties = border_cell.get("tableBorderProperties") or {}
            if edge < edges:
                cell = (edge, span) if horizontal else (span, edge)
                sides[(*cell, after)] = _border_xml(after, properties, scheme)
            if 0 < edge <= edges:
                cell = (edge - 1, span) if horizontal else (span, edge - 1)
                sides[(*cell, before)] = _border_xml(before, properties, scheme)
    return sides


def _border_xml(side: str, properties: dict[str, Any], scheme: ColourScheme) -> str:
    return built_xml(
        scheme,
        ("tc-border", side, properties),
        partial(_new_border_element, side, properties, scheme),
    )


def _cell_properties_xml(properties: dict[str, Any], scheme: ColourScheme) -> tuple[str, str]:
    """Return the `a:tcPr` of a cell styled by `properties`: start tag (unclosed) and content."""

    def build() -> BaseOxmlElement:
        cell = _Cell(CT_TableCell.new(), None)  # type: ignore[arg-type]
        _style_new_cell(cell, properties, scheme)
        return cell._tc.get_or_add_tcPr()

    return split_element(built_xml(scheme, ("tc", properties), build))


def _style_new_cell(cell: _Cell, properties: dict[str, Any], scheme: ColourScheme) -> None:
    cell.margin_left = cell.margin_right = Emu(TEXT_INSET_EMU)
    cell.margin_top = cell.margin_bottom = Emu(TEXT_INSET_EMU)
    background = properties.get("tableCellBackgroundFill") or {}
    state = background.get("propertyState", "RENDERED")
    solid = background.get("solidFill")
    colour = scheme.resolve((solid or {}).get("color")) if solid else None
    if state == "RENDERED" and colour is not None:
        cell.fill.solid()
        cell.fill.fore_color.rgb = colour
        set_alpha(cell._tc.get_or_add_tcPr(), solid.get("alpha") if solid else None)
    else:
        cell.fill.background()
    anchor = ANCHORS.get(properties.get("contentAlignment", ""))
    if anchor is not None:
        cell.vertical_anchor = anchor


def add_table(
    shapes: SlideShapes,
    element: dict[str, Any],
    transform: Affine,
    scheme: ColourScheme,
    default_run: Style,
) -> GraphicFrame | None:
    """Add the table page element `element` to `shapes`; return the frame, or None.

    The table is written as XML text and parsed once: styling thousands of
    cells one python-pptx call at a time costs far more. Each distinct cell,
    border, paragraph and run style is still built by python-pptx, once.
    """
    table = element.get("table") or {}
    rows, columns = int(table.get("rows", 0)), int(table.get("columns", 0))
    if rows < 1 or columns < 1:
        log.warning("table %s has no cells; skipped", element.get("objectId"))
        return None
    widths = _column_widths(table, abs(transform.a) or 1.0)
    heights = _row_heights(table, abs(transform.d) or 1.0)
    # python-pptx makes the frame (ID, name, place); its one-cell table is replaced below.
    frame = shapes.add_table(
        1,
        1,
        Emu(round(transform.tx)),
        Emu(round(transform.ty)),
        Emu(sum(widths)),
        Emu(sum(heights)),
    )
    cells: dict[tuple[int, int], dict[str, Any]] = {}
    for row_index, row in enumerate(table.get("tableRows") or []):
        next_column = 0
        for cell in row.get("tableCells") or []:
            r, c = _grid_location(cell, row_index, next_column)
            # A cell spanning columns is listed once, so positions advance by its span.
            next_column = c + max(1, int(cell.get("columnSpan", 1)))
            if 0 <= r < rows and 0 <= c < columns:
                cells[(r, c)] = cell
    spans = _merged_cells(cells, rows, columns)
    borders = _border_lines(
        table.get("horizontalBorderRows") or [], rows, columns, scheme, horizontal=True
    )
    borders.update(
        _border_lines(
            table.get("verticalBorderRows") or [], rows, columns, scheme, horizontal=False
        )
    )

    def link(url: str) -> str:
        return link_id(frame.part, url)

    pieces = [
        f"<a:tbl><a:tblPr><a:tableStyleId>{PLAIN_TABLE_STYLE}"
        "</a:tableStyleId></a:tblPr><a:tblGrid>",
        *(f'<a:gridCol w="{width}"/>' for width in widths),
        "</a:tblGrid>",
    ]
    add = pieces.append
    for r, height in enumerate(heights):
        add(f'<a:tr h="{height}">')
        for c in range(columns):
            attributes = spans[r][c]
            add("<a:tc" + "".join(f' {name}="{value}"' for name, value in attributes.items()))
            cell = cells.get((r, c))
            paragraphs = None
            if cell is not None and "hMerge" not in attributes and "vMerge" not in attributes:
                paragraphs = paragraphs_xml(
                    cell.get("text"), scheme, [LevelStyles()], default_run, link
                )
            add("><a:txBody><a:bodyPr/><a:lstStyle/>")
            add(paragraphs or "<a:p/>")
            add("</a:txBody>")
            head, inner = (
                _cell_properties_xml(cell.get("tableCellProperties") or {}, scheme)
                if cell is not None
                else ("<a:tcPr", "")
            )
            # DrawingML fixes the order lnL, lnR, lnT, lnB, then the cell fill.
            content = "".join(borders.get((r, c, side), "") for side in _BORDER_ORDER) + inner
            # An empty a:tcPr as lxml writes it: the XML must read the same either way.
            add(f"{head}>{content}</a:tcPr></a:tc>" if content else f"{head}/></a:tc>")
        add("</a:tr>")
    add("</a:tbl>")
    old = frame._element.find(".//" + qn("a:tbl"))
    assert old is not None  # python-pptx's table frame always holds a table
    xml = "".join(pieces)
    if not defer_xml(frame.part, old, xml):
        parsed = parse_fragment(f"<a:tbl {TEXT_NAMESPACES}" + xml.removeprefix("<a:tbl"))
        old.getparent().replace(old, parsed)
    return frame


def _merged_cells(
    cells: dict[tuple[int, int], dict[str, Any]], rows: int, columns: int
) -> list[list[dict[str, str]]]:
    """Return the merge attributes of every `a:tc`, as python-pptx's merge writes them.

    The origin row carries rowSpan, the origin column gridSpan (each left out
    when 1); cells covered from the left are hMerge, from above vMerge.
    """
    grid: list[list[dict[str, str]]] = [[{} for _ in range(columns)] for _ in range(rows)]
    for (r, c), cell in cells.items():
        row_span = max(1, int(cell.get("rowSpan", 1)))
        column_span = max(1, int(cell.get("columnSpan", 1)))
        if row_span == 1 and column_span == 1:
            continue
        last_r, last_c = min(rows, r + row_span) - 1, min(columns, c + column_span) - 1
        origin = grid[r][c]
        if "hMerge" in origin or "vMerge" in origin or (last_r, last_c) == (r, c):
            continue
        block = [(i, j) for i in range(r, last_r + 1) for j in range(c, last_c + 1)]
        if any(grid[i][j] for i, j in block):
            raise ValueError("range contains one or more merged cells")
        height, width = last_r - r + 1, last_c - c + 1
        for j in range(c, last_c + 1):
            _set_or_drop(grid[r][j], "rowSpan", height)
        for i in range(r, last_r + 1):
            _set_or_drop(grid[i][c], "gridSpan", width)
        for i, j in block:
            if j > c:
                grid[i][j]["hMerge"] = "1"
        for i, j in block:
            if i > r:
                grid[i][j]["vMerge"] = "1"
    return grid


def _set_or_drop(attributes: dict[str, str], name: str, span: int) -> None:
    # A span of 1 is the default, which DrawingML leaves unwritten.
    if span == 1:
        attributes.pop(name, None)
    else:
        attributes[name] = str(span)
