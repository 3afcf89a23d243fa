"""Styled tables measured row by row and split across pages with the header repeated."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from typing import Any

from slidegen.layout import text as metrics
from slidegen.layout.context import Box, Request, TableStyle, TextStyle
from slidegen.layout.shapes import (
    clean_text,
    element_properties,
    insert_text,
    solid_fill,
    style_paragraphs,
    style_text,
)

MIN_COLUMN_WIDTH = 406_400
"""Slides refuses narrower columns (32 pt)."""
MAX_ROW_SHARE = 0.45
"""A single row may use at most this share of the table area; longer cells are truncated."""
ELLIPSIS = "…"
DEFAULT_BORDER = "#D3D2DC"


@dataclass(frozen=True)
class Column:
    """A table column: header text, relative width and alignment."""

    header: str
    weight: float
    alignment: str = "START"


@dataclass(frozen=True)
class Cell:
    """One body cell: its text and how it stands out."""

    text: str
    bold: bool = False
    colour: str | None = None
    fill: str | None = None
    alignment: str | None = None


@dataclass(frozen=True)
class Row:
    """A body row and the label its truncated cells are listed under in speaker notes."""

    cells: tuple[Cell, ...]
    label: str = ""


@dataclass
class TablePage:
    """The rows one slide shows, with their measured heights."""

    rows: list[tuple[Cell, ...]]
    row_heights: list[int]
    first_row: int
    notes: list[str] = field(default_factory=list)
    """Full text of the cells on this page that had to be shortened."""

    @property
    def height(self) -> int:
        """Return the height of the body rows."""
        return sum(self.row_heights)


@dataclass
class TableLayout:
    """A table measured and split into pages."""

    columns: tuple[Column, ...]
    widths: list[int]
    font_pt: float
    header_height: int
    pages: list[TablePage]
    notes: list[str] = field(default_factory=list)


def column_widths(total: int, weights: Sequence[float]) -> list[int]:
    """Return integer widths in proportion to `weights`, summing to `total`, none too narrow."""
    count = len(weights)
    if count == 0:
        return []
    minimum = min(MIN_COLUMN_WIDTH, total // count)
    weight_sum = sum(weights) or float(count)
    widths = [max(minimum, math.floor(total * w / weight_sum)) for w in weights]
    # Give back what the minimums took from the widest columns, then hand the
    # rounding remainder to the last column so the table is exactly `total` wide.
    excess = sum(widths) - total
    while excess > 0:
        widest = max(range(count), key=lambda i: widths[i])
        take = min(excess, widths[widest] - minimum)
        if take <= 0:
            break
        widths[widest] -= take
        excess -= take
    widths[-1] += total - sum(widths)
    return widths


def _cell_lines(cell_text: str, width: int, font_pt: float, bold: bool) -> list[str]:
    return metrics.wrap(cell_text, max(1, width - 2 * metrics.INSET_X), font_pt, bold)


def _truncate(lines: list[str], max_lines: int, width: int, font_pt: float, bold: bool) -> str:
    kept = lines[: max(1, max_lines)]
    last = kept[-1]
    limit = (width - 2 * metrics.INSET_X) * metrics.WIDTH_SAFETY
    while last and metrics.text_width(last + ELLIPSIS, font_pt, bold) > limit:
        last = last[:-1].rstrip()
    kept[-1] = last + ELLIPSIS
    return "\n".join(kept)


def _measure_row(
    row: Row,
    widths: Sequence[int],
    font_pt: float,
    max_height: int,
    truncate: bool,
) -> tuple[tuple[Cell, ...], int, list[str]]:
    """Return the row's cells (truncated if needed), its height and notes for cut cells."""
    line = metrics.line_height(font_pt)
    max_lines = max(1, (max_height - 2 * metrics.INSET_Y) // line)
    cells: list[Cell] = []
    notes: list[str] = []
    tallest = 1
    for cell, width in zip(row.cells, widths, strict=True):
        lines = _cell_lines(cell.text, width, font_pt, cell.bold)
        if truncate and len(lines) > max_lines:
            cells.append(replace(cell, text=_truncate(lines, max_lines, width, font_pt, cell.bold)))
            notes.append(f"{row.label}: {cell.text}" if row.label else cell.text)
            tallest = max(tallest, max_lines)
        else:
            cells.append(cell)
            tallest = max(tallest, len(lines))
    return tuple(cells), tallest * line + 2 * metrics.INSET_Y, notes


def header_height(columns: Sequence[Column], widths: Sequence[int], font_pt: float) -> int:
    """Return the height of the header row at `font_pt` (bold)."""
    lines = max(
        len(_cell_lines(c.header, w, font_pt, True)) for c, w in zip(columns, widths, strict=True)
    )
    return lines * metrics.line_height(font_pt) + 2 * metrics.INSET_Y


def layout_table(
    columns: Sequence[Column],
    rows: Sequence[Row],
    box: Box,
    style: TableStyle,
    *,
    max_pt: float,
    min_pt: float,
    step: float = 0.5,
    later_height: int | None = None,
) -> TableLayout:
    """Return `rows` measured to fit `box`: shrunk toward `min_pt`, then split across pages.

    The largest size at which the whole table fits on one page without
    truncating any cell wins. Otherwise the table is laid out at `min_pt` and
    split by rows, the header repeated on every page; a cell too tall for
    MAX_ROW_SHARE of the area is cut with an ellipsis and its full text is
    returned in ``notes``. Pages after the first may be `later_height` tall
    (their slide has room the first page gives to something else).
    """
    weights = (
        style.column_weights
        if len(style.column_weights) == len(columns)
        else tuple(c.weight for c in columns)
    )
    widths = column_widths(box.width, weights)
    max_row = max(
        metrics.line_height(min_pt) + 2 * metrics.INSET_Y, int(box.height * MAX_ROW_SHARE)
    )
    size = max_pt
    while True:
        head = header_height(columns, widths, size)
        measured = [_measure_row(row, widths, size, max_row, truncate=False) for row in rows]
        total = head + sum(height for _, height, _ in measured)
        if total <= box.height and all(height <= max_row for _, height, _ in measured):
            page = TablePage([cells for cells, _, _ in measured], [h for _, h, _ in measured], 0)
            return TableLayout(tuple(columns), widths, size, head, [page])
        if size <= min_pt:
            break
        size = max(min_pt, round(size - step, 4))
    head = header_height(columns, widths, size)
    pages: list[TablePage] = []
    notes: list[str] = []
    current = TablePage([], [], 0)
    for index, row in enumerate(rows):
        cells, height, row_notes = _measure_row(row, widths, size, max_row, truncate=True)
        notes.extend(row_notes)
        limit = box.height if not pages else (later_height or box.height)
        if current.rows and head + current.height + height > limit:
            pages.append(current)
            current = TablePage([], [], index)
        current.notes.extend(row_notes)
        current.rows.append(cells)
        current.row_heights.append(height)
    pages.append(current)
    return TableLayout(tuple(columns), widths, size, head, pages, notes)


def _cell_range(row: int, column: int, row_span: int = 1, column_span: int = 1) -> dict[str, Any]:
    return {
        "location": {"rowIndex": row, "columnIndex": column},
        "rowSpan": row_span,
        "columnSpan": column_span,
    }


def _fill_cells(table_id: str, cell_range: dict[str, Any], colour: str) -> Request:
    return {
        "updateTableCellProperties": {
            "objectId": table_id,
            "tableRange": cell_range,
            "tableCellProperties": {"tableCellBackgroundFill": solid_fill(colour)},
            "fields": "tableCellBackgroundFill.solidFill.color",
        }
    }


def _styled_cell(
    table_id: str,
    location: tuple[int, int],
    text: str,
    style: TextStyle,
    font_pt: float,
    bold: bool,
    colour: str | None,
    alignment: str,
) -> list[Request]:
    text = clean_text(text)
    if not text:
        return []
    return [
        insert_text(table_id, text, location),
        style_text(table_id, style, font_pt=font_pt, bold=bold, colour=colour, cell=location),
        style_paragraphs(table_id, alignment, location),
    ]


def table_requests(
    table_id: str,
    page_id: str,
    origin: tuple[int, int],
    layout: TableLayout,
    page: TablePage,
    style: TableStyle,
    *,
    header_fill: str,
    header_colour: str,
) -> list[Request]:
    """Return the requests drawing one page of a measured table at `origin`."""
    columns = layout.columns
    row_count = len(page.rows) + 1
    box = Box(origin[0], origin[1], sum(layout.widths), layout.header_height + page.height)
    requests: list[Request] = [
        {
            "createTable": {
                "objectId": table_id,
                "elementProperties": element_properties(page_id, box),
                "rows": row_count,
                "columns": len(columns),
            }
        }
    ]
    for index, width in enumerate(layout.widths):
        requests.append(
            {
                "updateTableColumnProperties": {
                    "objectId": table_id,
                    "columnIndices": [index],
                    "tableColumnProperties": {"columnWidth": {"magnitude": width, "unit": "EMU"}},
                    "fields": "columnWidth",
                }
            }
        )
    heights = [layout.header_height, *page.row_heights]
    for index, height in enumerate(heights):
        requests.append(
            {
                "updateTableRowProperties": {
                    "objectId": table_id,
                    "rowIndices": [index],
                    "tableRowProperties": {"minRowHeight": {"magnitude": height, "unit": "EMU"}},
                    "fields": "minRowHeight",
                }
            }
        )
    whole = _cell_range(0, 0, row_count, len(columns))
    requests.append(
        {
            "updateTableCellProperties": {
                "objectId": table_id,
                "tableRange": whole,
                "tableCellProperties": {"contentAlignment": "MIDDLE"},
                "fields": "contentAlignment",
            }
        }
    )
    requests.append(
        {
            "updateTableBorderProperties": {
                "objectId": table_id,
                "tableRange": whole,
                "borderPosition": "ALL",
                "tableBorderProperties": {
                    "tableBorderFill": solid_fill(style.border_colour or DEFAULT_BORDER),
                    "weight": {"magnitude": style.border_pt, "unit": "PT"},
                    "dashStyle": "SOLID",
                },
                "fields": "tableBorderFill.solidFill.color,weight,dashStyle",
            }
        }
    )
    requests.append(_fill_cells(table_id, _cell_range(0, 0, 1, len(columns)), header_fill))
    body_fill = style.body_fill or "#FFFFFF"
    if page.rows:
        requests.append(
            _fill_cells(table_id, _cell_range(1, 0, len(page.rows), len(columns)), body_fill)
        )
    for offset in range(len(page.rows)):
        global_index = page.first_row + offset
        if style.alternate_fill and global_index % 2 == 1:
            requests.append(
                _fill_cells(
                    table_id, _cell_range(offset + 1, 0, 1, len(columns)), style.alternate_fill
                )
            )
    for column_index, column in enumerate(columns):
        requests.extend(
            _styled_cell(
                table_id,
                (0, column_index),
                column.header,
                style.header_text,
                layout.font_pt,
                True,
                header_colour,
                column.alignment,
            )
        )
    for offset, cells in enumerate(page.rows):
        for column_index, (cell, column) in enumerate(zip(cells, columns, strict=True)):
            location = (offset + 1, column_index)
            if cell.fill:
                requests.append(_fill_cells(table_id, _cell_range(*location), cell.fill))
            requests.extend(
                _styled_cell(
                    table_id,
                    location,
                    cell.text,
                    style.body_text,
                    layout.font_pt,
                    cell.bold or style.body_text.bold,
                    cell.colour,
                    cell.alignment or column.alignment,
                )
            )
    return requests
