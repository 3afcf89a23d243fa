"""Tables in the Slides API model: build them, grow and shrink them, merge cells.

A table holds ``tableRows`` (each with ``tableCells``), ``tableColumns`` and two
border grids: ``horizontalBorderRows`` (one more row than the table, one cell
per column) and ``verticalBorderRows`` (one row per table row, one more cell
than columns). A merged cell is its top-left cell with ``rowSpan``/
``columnSpan`` above 1; the cells it covers stay in ``tableCells`` but are found
by geometry, never by a marker of their own. Zero-valued location fields are
omitted, as the API omits them.
"""

from __future__ import annotations

import copy
import marshal
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from slidegen.backends.offline.text import Paragraph, TextBody
from slidegen.units import dimension, magnitude_emu

Table = dict[str, Any]
Cell = dict[str, Any]

MIN_COLUMN_WIDTH = 406_400
"""Narrowest column the API accepts (32 pt)."""

MAX_ROWS_PER_INSERT = 20
DEFAULT_COLUMN_WIDTH = 914_400
DEFAULT_ROW_HEIGHT = 365_760


class TableError(ValueError):
    """A table operation does not fit the table."""


@dataclass(frozen=True)
class CellRange:
    """A rectangle of cells: rows [row, row_end), columns [column, column_end)."""

    row: int
    column: int
    row_end: int
    column_end: int

    def cells(self) -> Iterator[tuple[int, int]]:
        """Yield every (row, column) inside the range."""
        for row in range(self.row, self.row_end):
            for column in range(self.column, self.column_end):
                yield row, column

    def contains(self, other: CellRange) -> bool:
        """Return True when `other` lies inside this range."""
        return (
            self.row <= other.row
            and other.row_end <= self.row_end
            and self.column <= other.column
            and other.column_end <= self.column_end
        )

    def overlaps(self, other: CellRange) -> bool:
        """Return True when the two ranges share a cell."""
        return (
            self.row < other.row_end
            and other.row < self.row_end
            and self.column < other.column_end
            and other.column < self.column_end
        )


def location(row: int, column: int) -> dict[str, int]:
    """Return a TableCellLocation as the API writes it (zero fields omitted)."""
    found: dict[str, int] = {}
    if row:
        found["rowIndex"] = row
    if column:
        found["columnIndex"] = column
    return found


def default_border() -> dict[str, Any]:
    """Return the border a new table gets: 1 pt solid black."""
    return {
        "tableBorderFill": {"solidFill": {"color": {"rgbColor": {}}, "alpha": 1}},
        "weight": dimension(12_700),
        "dashStyle": "SOLID",
    }


_EMPTY_TEXT = marshal.dumps(TextBody.empty().to_api(), 2)
"""The text of a new cell, kept written out: reading it back is a fresh copy."""


def new_cell(row: int, column: int) -> Cell:
    """Return an empty, unmerged cell."""
    return {
        "location": location(row, column),
        "rowSpan": 1,
        "columnSpan": 1,
        "text": marshal.loads(_EMPTY_TEXT),
        "tableCellProperties": {"contentAlignment": "TOP"},
    }


def new_table(rows: int, columns: int, width: int | None, height: int | None) -> Table:
    """Return a table of empty cells; a given size is shared out evenly, remainder last."""
    widths = _share(width, columns, DEFAULT_COLUMN_WIDTH)
    heights = _share(height, rows, DEFAULT_ROW_HEIGHT)
    return {
        "rows": rows,
        "columns": columns,
        "tableRows": [
            {
                "rowHeight": dimension(heights[row]),
                "tableRowProperties": {"minRowHeight": dimension(heights[row])},
                "tableCells": [new_cell(row, column) for column in range(columns)],
            }
            for row in range(rows)
        ],
        "tableColumns": [{"columnWidth": dimension(w)} for w in widths],
        "horizontalBorderRows": [
            {"tableBorderCells": [_border_cell(r, c) for c in range(columns)]}
            for r in range(rows + 1)
        ],
        "verticalBorderRows": [
            {"tableBorderCells": [_border_cell(r, c) for c in range(columns + 1)]}
            for r in range(rows)
        ],
    }


def _share(total: int | None, parts: int, default: int) -> list[int]:
    if total is None:
        return [default] * parts
    each = total // parts
    return [each] * (parts - 1) + [total - each * (parts - 1)]


def _border_cell(row: int, column: int) -> dict[str, Any]:
    return {"location": location(row, column), "tableBorderProperties": default_border()}


def row_count(table: Table) -> int:
    """Return the number of rows."""
    return len(table.get("tableRows", []))


def column_count(table: Table) -> int:
    """Return the number of columns."""
    return len(table.get("tableColumns", []))


def table_size(table: Table) -> tuple[float, float]:
    """Return the table's width and height in EMU (sums of columns and rows)."""
    width = sum(magnitude_emu(col.get("columnWidth")) for col in table.get("tableColumns", []))
    height = sum(magnitude_emu(row.get("rowHeight")) for row in table.get("tableRows", []))
    return width, height


def cell(table: Table, row: int, column: int) -> Cell:
    """Return the cell at (row, column); raise TableError when outside the table."""
    rows, columns = row_count(table), column_count(table)
    if not (0 <= row < rows and 0 <= column < columns):
        raise TableError(
            f"The cell location (row {row}, column {column}) is outside the table "
            f"({rows} rows, {columns} columns)."
        )
    cells: list[Cell] = table["tableRows"][row].get("tableCells", [])
    if len(cells) == columns:
        return cells[column]
    # A row that omits covered cells: find the cell by the location it states.
    for item in cells:
        where = item.get("location", {})
        if (where.get("rowIndex", 0), where.get("columnIndex", 0)) == (row, column):
            return item
    raise TableError(
        f"The cell (row {row}, column {column}) is covered by a merged cell; address the "
        "merged cell instead."
    )


def is_regular(table: Table) -> bool:
    """Return True when every row lists a cell for every column."""
    columns = column_count(table)
    return all(len(row.get("tableCells", [])) == columns for row in table.get("tableRows", []))


def require_regular(table: Table) -> None:
    """Refuse structural edits of a table whose rows omit covered cells."""
    if not is_regular(table):
        raise TableError(
            "This table's rows do not list every cell; inserting, deleting or merging its "
            "rows and columns is not supported offline."
        )


def merges(table: Table) -> list[CellRange]:
    """Return every merged cell as a range."""
    found = []
    for row in table.get("tableRows", []):
        for item in row.get("tableCells", []):
            where = item.get("location", {})
            row_index, column_index = where.get("rowIndex", 0), where.get("columnIndex", 0)
            spans = item.get("rowSpan", 1), item.get("columnSpan", 1)
            if spans[0] > 1 or spans[1] > 1:
                found.append(
                    CellRange(
                        row_index, column_index, row_index + spans[0], column_index + spans[1]
                    )
                )
    return found


def merge_covering(
    table: Table, row: int, column: int, merged_cells: list[CellRange] | None = None
) -> CellRange | None:
    """Return the merged cell that holds (row, column), if any (of `merged_cells` if given)."""
    for merged in merges(table) if merged_cells is None else merged_cells:
        if merged.row <= row < merged.row_end and merged.column <= column < merged.column_end:
            return merged
    return None


def text_cell(
    table: Table, row: int, column: int, merged_cells: list[CellRange] | None = None
) -> Cell:
    """Return the cell whose text (row, column) addresses; a covered cell is refused.

    `merged_cells` is the table's `merges`, when the caller already has them.
    """
    found = cell(table, row, column)
    merged = merge_covering(table, row, column, merged_cells)
    if merged is not None and (merged.row, merged.column) != (row, column):
        raise TableError(
            f"The cell (row {row}, column {column}) is covered by the merged cell at "
            f"(row {merged.row}, column {merged.column}); address that cell instead."
        )
    return found


def resolve_range(table: Table, table_range: dict[str, Any] | None) -> CellRange:
    """Return the cells a TableRange addresses (the whole table when it is absent)."""
    rows, columns = row_count(table), column_count(table)
    if table_range is None:
        return CellRange(0, 0, rows, columns)
    where = table_range.get("location", {})
    row, column = where.get("rowIndex", 0), where.get("columnIndex", 0)
    row_span, column_span = table_range.get("rowSpan", 0), table_range.get("columnSpan", 0)
    if row_span < 1 or column_span < 1:
        raise TableError("The table range must have a rowSpan and a columnSpan of at least 1.")
    found = CellRange(row, column, row + row_span, column + column_span)
    if row < 0 or column < 0 or found.row_end > rows or found.column_end > columns:
        raise TableError(
            f"The table range (rows {row}-{found.row_end - 1}, columns {column}-"
            f"{found.column_end - 1}) is outside the table ({rows} rows, {columns} columns)."
        )
    return found


def renumber(table: Table) -> None:
    """Rewrite counts and every location after rows or columns moved."""
    table["rows"] = row_count(table)
    table["columns"] = column_count(table)
    for row_index, row in enumerate(table["tableRows"]):
        for column_index, item in enumerate(row["tableCells"]):
            item["location"] = location(row_index, column_index)
    for grid in ("horizontalBorderRows", "verticalBorderRows"):
        for row_index, border_row in enumerate(table.get(grid, [])):
            for column_index, item in enumerate(border_row.get("tableBorderCells", [])):
                item["location"] = location(row_index, column_index)


def _empty_like(source: Cell) -> Cell:
    body = TextBody.from_api(source.get("text"))
    paragraph = (body.paragraphs[body.paragraph_spans()[0][1]] or Paragraph()).copy()
    paragraph.bullet = None
    styled = TextBody.empty(dict(body.styles[0]), paragraph)
    fresh: Cell = {
        "location": {},
        "rowSpan": 1,
        "columnSpan": 1,
        "text": styled.to_api(),
    }
    if "tableCellProperties" in source:
        fresh["tableCellProperties"] = copy.deepcopy(source["tableCellProperties"])
    return fresh


def insert_rows(table: Table, row: int, column: int, below: bool, number: int) -> None:
    """Insert `number` rows above or below the row of (row, column), styled like it."""
    require_regular(table)
    if not 1 <= number <= MAX_ROWS_PER_INSERT:
        raise TableError(
            f"The number of rows to insert ({number}) must be between 1 and {MAX_ROWS_PER_INSERT}."
        )
    cell(table, row, column)
    merged = merge_covering(table, row, column)
    span = merged or CellRange(row, column, row + 1, column + 1)
    at = span.row_end if below else span.row
    reference = table["tableRows"][span.row_end - 1 if below else span.row]
    for existing in merges(table):
        if existing.row < at < existing.row_end:
            head = table["tableRows"][existing.row]["tableCells"][existing.column]
            head["rowSpan"] = head.get("rowSpan", 1) + number
    new_rows = []
    for _ in range(number):
        new_row = {
            key: copy.deepcopy(value) for key, value in reference.items() if key != "tableCells"
        }
        new_row["tableCells"] = [_empty_like(item) for item in reference["tableCells"]]
        new_rows.append(new_row)
    table["tableRows"][at:at] = new_rows
    horizontal = table.get("horizontalBorderRows")
    if horizontal:
        template = horizontal[min(at, len(horizontal) - 1)]
        horizontal[at:at] = [copy.deepcopy(template) for _ in range(number)]
    vertical = table.get("verticalBorderRows")
    if vertical:
        template = vertical[span.row_end - 1 if below else span.row]
        vertical[at:at] = [copy.deepcopy(template) for _ in range(number)]
    renumber(table)


def insert_columns(table: Table, row: int, column: int, right: bool, number: int) -> None:
    """Insert `number` columns left or right of the column of (row, column), styled like it."""
    require_regular(table)
    if not 1 <= number <= MAX_ROWS_PER_INSERT:
        raise TableError(
            f"The number of columns to insert ({number}) must be between 1 and "
            f"{MAX_ROWS_PER_INSERT}."
        )
    cell(table, row, column)
    merged = merge_covering(table, row, column)
    span = merged or CellRange(row, column, row + 1, column + 1)
    at = span.column_end if right else span.column
    reference_column = span.column_end - 1 if right else span.column
    for existing in merges(table):
        if existing.column < at < existing.column_end:
            head = table["tableRows"][existing.row]["tableCells"][existing.column]
            head["columnSpan"] = head.get("columnSpan", 1) + number
    for table_row in table["tableRows"]:
        reference = table_row["tableCells"][reference_column]
        table_row["tableCells"][at:at] = [_empty_like(reference) for _ in range(number)]
    width = table["tableColumns"][reference_column]
    table["tableColumns"][at:at] = [copy.deepcopy(width) for _ in range(number)]
    for border_row in table.get("horizontalBorderRows", []):
        cells = border_row.get("tableBorderCells", [])
        if cells:
            template = cells[reference_column]
            cells[at:at] = [copy.deepcopy(template) for _ in range(number)]
    for border_row in table.get("verticalBorderRows", []):
        cells = border_row.get("tableBorderCells", [])
        if cells:
            template = cells[min(at, len(cells) - 1)]
            cells[at:at] = [copy.deepcopy(template) for _ in range(number)]
    renumber(table)


def delete_rows(table: Table, row: int, column: int) -> bool:
    """Delete the row(s) the cell at (row, column) spans; return True if none remain."""
    require_regular(table)
    cell(table, row, column)
    merged = merge_covering(table, row, column)
    span = merged or CellRange(row, column, row + 1, column + 1)
    _shrink_merges(table, span.row, span.row_end, rows=True)
    del table["tableRows"][span.row : span.row_end]
    horizontal = table.get("horizontalBorderRows")
    if horizontal:
        # Keep the border above the deleted block, drop the ones below each deleted row.
        del horizontal[span.row + 1 : span.row_end + 1]
    vertical = table.get("verticalBorderRows")
    if vertical:
        del vertical[span.row : span.row_end]
    renumber(table)
    return row_count(table) == 0


def delete_columns(table: Table, row: int, column: int) -> bool:
    """Delete the column(s) the cell at (row, column) spans; return True if none remain."""
    require_regular(table)
    cell(table, row, column)
    merged = merge_covering(table, row, column)
    span = merged or CellRange(row, column, row + 1, column + 1)
    _shrink_merges(table, span.column, span.column_end, rows=False)
    for table_row in table["tableRows"]:
        del table_row["tableCells"][span.column : span.column_end]
    del table["tableColumns"][span.column : span.column_end]
    for border_row in table.get("horizontalBorderRows", []):
        del border_row.get("tableBorderCells", [])[span.column : span.column_end]
    for border_row in table.get("verticalBorderRows", []):
        del border_row.get("tableBorderCells", [])[span.column + 1 : span.column_end + 1]
    renumber(table)
    return column_count(table) == 0


def _shrink_merges(table: Table, start: int, end: int, rows: bool) -> None:
    """Shrink merged cells that cross the deleted band; move a deleted head below it."""
    for merged in merges(table):
        first, last = (merged.row, merged.row_end) if rows else (merged.column, merged.column_end)
        removed = max(0, min(last, end) - max(first, start))
        if removed == 0 or removed == last - first:
            continue
        head = table["tableRows"][merged.row]["tableCells"][merged.column]
        span_key = "rowSpan" if rows else "columnSpan"
        new_span = head[span_key] - removed
        if start <= first:
            # The head row/column goes away: its content and spans move to the first survivor.
            new_row, new_column = (end, merged.column) if rows else (merged.row, end)
            heir = table["tableRows"][new_row]["tableCells"][new_column]
            for key in ("text", "tableCellProperties", "rowSpan", "columnSpan"):
                if key in head:
                    heir[key] = head[key]
            head["rowSpan"], head["columnSpan"] = 1, 1
            head = heir
        head[span_key] = new_span


def merge_cells(table: Table, target: CellRange) -> None:
    """Merge a rectangle of cells into its top-left cell, joining their text as paragraphs."""
    require_regular(table)
    for merged in merges(table):
        if merged.overlaps(target) and not target.contains(merged):
            raise TableError(
                "The merge range overlaps part of an existing merged cell at "
                f"(row {merged.row}, column {merged.column}); merges must cover merged cells "
                "whole."
            )
    head = table["tableRows"][target.row]["tableCells"][target.column]
    body = TextBody.from_api(head.get("text"))
    for row, column in target.cells():
        if (row, column) == (target.row, target.column):
            continue
        other = table["tableRows"][row]["tableCells"][column]
        other_body = TextBody.from_api(other.get("text"))
        if not other_body.is_empty:
            if body.is_empty:
                body = other_body
            else:
                _append_paragraphs(body, other_body)
        other["rowSpan"], other["columnSpan"] = 1, 1
        other["text"] = TextBody.empty().to_api()
    head["text"] = body.to_api()
    head["rowSpan"] = target.row_end - target.row
    head["columnSpan"] = target.column_end - target.column


def _append_paragraphs(body: TextBody, other: TextBody) -> None:
    body.chars[-1:-1] = ["\n", *other.chars[:-1]]
    body.styles[-1:-1] = [body.styles[-1], *other.styles[:-1]]
    body.autos[-1:-1] = [None, *other.autos[:-1]]
    last = body.paragraphs[-1]
    body.paragraphs[-1:-1] = [last.copy() if last else None, *other.paragraphs[:-1]]
    body.paragraphs[-1] = other.paragraphs[-1] or body.paragraphs[-1]


def unmerge_cells(table: Table, target: CellRange) -> None:
    """Split every merged cell inside `target` back into single cells."""
    require_regular(table)
    for merged in merges(table):
        if not merged.overlaps(target):
            continue
        if not target.contains(merged):
            raise TableError(
                f"The range cuts through the merged cell at (row {merged.row}, column "
                f"{merged.column}); unmerge ranges must cover merged cells whole."
            )
        head = table["tableRows"][merged.row]["tableCells"][merged.column]
        head["rowSpan"], head["columnSpan"] = 1, 1


def border_cells(table: Table, target: CellRange, position: str) -> list[dict[str, Any]]:
    """Return the border cells of `target` that a border position names."""
    horizontal = table.get("horizontalBorderRows", [])
    vertical = table.get("verticalBorderRows", [])
    columns = range(target.column, target.column_end)
    rows = range(target.row, target.row_end)
    picked: list[dict[str, Any]] = []

    def take_horizontal(row: int) -> None:
        if row < len(horizontal):
            cells = horizontal[row].get("tableBorderCells", [])
            picked.extend(cells[column] for column in columns if column < len(cells))

    def take_vertical(column: int) -> None:
        for row in rows:
            if row < len(vertical):
                cells = vertical[row].get("tableBorderCells", [])
                if column < len(cells):
                    picked.append(cells[column])

    sides = {
        "TOP": ["TOP"],
        "BOTTOM": ["BOTTOM"],
        "LEFT": ["LEFT"],
        "RIGHT": ["RIGHT"],
        "INNER_HORIZONTAL": ["INNER_HORIZONTAL"],
        "INNER_VERTICAL": ["INNER_VERTICAL"],
        "OUTER": ["TOP", "BOTTOM", "LEFT", "RIGHT"],
        "INNER": ["INNER_HORIZONTAL", "INNER_VERTICAL"],
        "ALL": ["TOP", "BOTTOM", "LEFT", "RIGHT", "INNER_HORIZONTAL", "INNER_VERTICAL"],
    }[position]
    for side in sides:
        if side == "TOP":
            take_horizontal(target.row)
        elif side == "BOTTOM":
            take_horizontal(target.row_end)
        elif side == "INNER_HORIZONTAL":
            for row in range(target.row + 1, target.row_end):
                take_horizontal(row)
        elif side == "LEFT":
            take_vertical(target.column)
        elif side == "RIGHT":
            take_vertical(target.column_end)
        else:
            for column in range(target.column + 1, target.column_end):
                take_vertical(column)
    return picked
