"""Slides tables (cells, merges, fills, borders, sizes) as PowerPoint tables."""

from __future__ import annotations

import copy
import logging
from typing import Any

from pptx.oxml.ns import qn
from pptx.oxml.xmlchemy import BaseOxmlElement, OxmlElement
from pptx.shapes.graphfrm import GraphicFrame
from pptx.shapes.shapetree import SlideShapes
from pptx.table import Table, _Cell
from pptx.util import Emu

from slidegen.export.colours import DASH_PRESETS, ColourScheme, set_alpha
from slidegen.export.geometry import Affine
from slidegen.export.text import (
    ANCHORS,
    TEXT_INSET_EMU,
    LevelStyles,
    Style,
    style_key,
    write_text,
)
from slidegen.units import EMU_PER_PT, magnitude_emu

log = logging.getLogger(__name__)

# "No Style, No Grid": cells show only the fills and borders the deck declares.
PLAIN_TABLE_STYLE = "{2D5ABB26-0587-4C30-8999-92F81FD0307C}"
# Slides' minimum column width and its default row height, used when a size is missing.
_FALLBACK_COLUMN_EMU = 406_400
_FALLBACK_ROW_EMU = 369_332
_BORDER_ORDER = ("a:lnL", "a:lnR", "a:lnT", "a:lnB")
_QUALIFIED = {tag: qn(tag) for tag in _BORDER_ORDER}


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


def _border_element(side: str, properties: dict[str, Any], scheme: ColourScheme) -> BaseOxmlElement:
    """Return a new `side` border line element (a:lnL, …) drawn as `properties` say."""
    key = style_key("tc-border", side, properties)
    built = scheme.built.get(key)
    if built is None:
        built = scheme.built[key] = _new_border_element(side, properties, scheme)
    copied: BaseOxmlElement = copy.deepcopy(built)
    return copied


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


def _set_border(tc: BaseOxmlElement, side: str, element: BaseOxmlElement) -> None:
    tc_pr = tc.get_or_add_tcPr()
    side_tag = _QUALIFIED[side]
    for old in tc_pr.findall(side_tag):
        tc_pr.remove(old)
    # DrawingML fixes the order lnL, lnR, lnT, lnB, then the cell fill.
    position = 0
    for tag in _BORDER_ORDER:
        if tag == side:
            break
        position += len(tc_pr.findall(_QUALIFIED[tag]))
    tc_pr.insert(position, element)


def _grid_location(cell: dict[str, Any], row: int, column: int) -> tuple[int, int]:
    """Return a cell's (row, column): its `location` (zeros omitted) or its position."""
    location = cell.get("location")
    if location is None:
        return row, column
    return int(location.get("rowIndex", 0)), int(location.get("columnIndex", 0))


def _apply_borders(pptx_table: Table, table: dict[str, Any], scheme: ColourScheme) -> None:
    # horizontalBorderRows: rows + 1 lines of `columns` segments; line r is the top of row r.
    _apply_border_lines(
        pptx_table, table.get("horizontalBorderRows") or [], scheme, horizontal=True
    )
    # verticalBorderRows: `rows` lines of columns + 1 segments; segment c is left of column c.
    _apply_border_lines(pptx_table, table.get("verticalBorderRows") or [], scheme, horizontal=False)


def _apply_border_lines(
    pptx_table: Table,
    border_rows: list[dict[str, Any]],
    scheme: ColourScheme,
    *,
    horizontal: bool,
) -> None:
    """Draw each border segment on the cells either side of it (PowerPoint has no shared edges).

    A horizontal border at row edge r tops row r and bottoms row r - 1; a
    vertical one at column edge c is the left of column c and the right of
    column c - 1. Segments beyond the table are ignored.
    """
    grid = [list(tr.tc_lst) for tr in pptx_table._tbl.tr_lst]
    rows, columns = len(grid), len(pptx_table._tbl.tblGrid.gridCol_lst)
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
                tc = grid[edge][span] if horizontal else grid[span][edge]
                _set_border(tc, after, _border_element(after, properties, scheme))
            if 0 < edge <= edges:
                tc = grid[edge - 1][span] if horizontal else grid[span][edge - 1]
                _set_border(tc, before, _border_element(before, properties, scheme))


def _style_cell(cell: _Cell, properties: dict[str, Any], scheme: ColourScheme) -> None:
    """Give a new cell its insets, fill and anchor; each distinct style is built only once."""
    key = style_key("tc", properties)
    built = scheme.built.get(key)
    if built is None:
        _style_new_cell(cell, properties, scheme)
        scheme.built[key] = copy.deepcopy(cell._tc.get_or_add_tcPr())
        return
    cell._tc.replace(cell._tc.get_or_add_tcPr(), copy.deepcopy(built))


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
    """Add the table page element `element` to `shapes`; return the frame, or None."""
    table = element.get("table") or {}
    rows, columns = int(table.get("rows", 0)), int(table.get("columns", 0))
    if rows < 1 or columns < 1:
        log.warning("table %s has no cells; skipped", element.get("objectId"))
        return None
    widths = _column_widths(table, abs(transform.a) or 1.0)
    heights = _row_heights(table, abs(transform.d) or 1.0)
    frame = shapes.add_table(
        rows,
        columns,
        Emu(round(transform.tx)),
        Emu(round(transform.ty)),
        Emu(sum(widths)),
        Emu(sum(heights)),
    )
    pptx_table = frame.table
    tbl_pr = pptx_table._tbl.tblPr
    assert tbl_pr is not None  # python-pptx always writes table properties
    for flag in ("firstRow", "bandRow", "firstCol", "lastRow", "lastCol", "bandCol"):
        tbl_pr.attrib.pop(flag, None)
    style_id = tbl_pr.find(qn("a:tableStyleId"))
    if style_id is not None:
        style_id.text = PLAIN_TABLE_STYLE
    for index, width in enumerate(widths):
        pptx_table.columns[index].width = Emu(width)
    for index, height in enumerate(heights):
        pptx_table.rows[index].height = Emu(height)

    cells: list[tuple[int, int, dict[str, Any]]] = []
    for row_index, row in enumerate(table.get("tableRows") or []):
        next_column = 0
        for cell in row.get("tableCells") or []:
            r, c = _grid_location(cell, row_index, next_column)
            # A cell spanning columns is listed once, so positions advance by its span.
            next_column = c + max(1, int(cell.get("columnSpan", 1)))
            if 0 <= r < rows and 0 <= c < columns:
                cells.append((r, c, cell))
    for r, c, cell in cells:
        row_span = max(1, int(cell.get("rowSpan", 1)))
        column_span = max(1, int(cell.get("columnSpan", 1)))
        if row_span > 1 or column_span > 1:
            last_r = min(rows, r + row_span) - 1
            last_c = min(columns, c + column_span) - 1
            origin = pptx_table.cell(r, c)
            if not origin.is_spanned and (last_r, last_c) != (r, c):
                origin.merge(pptx_table.cell(last_r, last_c))
    for r, c, cell in cells:
        target = pptx_table.cell(r, c)
        properties = cell.get("tableCellProperties") or {}
        _style_cell(target, properties, scheme)
        if target.is_spanned:
            continue
        write_text(target.text_frame, cell.get("text"), scheme, [LevelStyles()], default_run)
    _apply_borders(pptx_table, table, scheme)
    return frame
