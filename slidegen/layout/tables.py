"""Styled tables measured row by row and split across pages with the header repeated."""

from __future__ import annotations

import itertools
import math
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from functools import lru_cache
from typing import Any

from slidegen.layout import text as metrics
from slidegen.layout.blocks import truncate_lines
from slidegen.layout.context import Box, BuildContext, Request, TableStyle, TextStyle
from slidegen.layout.palette import ON_COLOUR
from slidegen.layout.shapes import (
    clean_text,
    element_properties,
    insert_text,
    right_to_left_paragraphs,
    solid_fill,
    style_paragraphs,
    style_text,
    utf16_length,
)

MIN_COLUMN_WIDTH = 406_400
"""Slides refuses narrower columns (32 pt)."""
MAX_ROW_SHARE = 0.45
"""A single row may use at most this share of the table area; longer cells are truncated."""
SHORT_COLUMN_STRETCH = 2.0
"""How far past its proportional width a short column may grow to keep entries on one line."""
TRADE_REACH = 8
"""Largest move, in steps, tried when trading width: enough to cross a plateau of line counts."""
WIDTH_SAMPLE = 60
"""Rows whose line counts guide the trading of width (a long table's rows are much alike)."""
MIN_FILL = 0.8
"""Least share of its room a page before the last fills, when the next row would fit."""
CLOSE_LINE_SPACING = 0.95
"""Line spacing a table's rows close up to when that saves a page at the smallest size.

Lines 1.09 em apart (95 % of Arial's 1.15 em) still clear the type's own
extent (1.12 em from the tallest accent to the lowest descender) in all but
the rarest letter pairs; 90 % would let them touch.
"""
DEFAULT_BORDER = "#D3D2DC"
SHORTENED_CELLS = "Full text of cells shortened on this slide:"
"""Heads the speaker notes that list the cells a slide shows shortened."""


@dataclass(frozen=True)
class Column:
    """A table column: header text, relative width, alignment and whether it holds free text."""

    header: str
    weight: float
    alignment: str = "START"
    free_text: bool = False
    """Prose (notes, mitigation): wraps freely and takes the width short columns leave."""
    unbroken: bool = False
    """Each entry is one unit (a date, a score) shown on one line: the column is never narrower."""


@dataclass(frozen=True)
class Cell:
    """One body cell: its text and how it stands out."""

    text: str
    bold: bool = False
    colour: str | None = None
    fill: str | None = None
    alignment: str | None = None
    marker: str | None = None
    """Colour of the text's first character, a status mark such as '●'."""


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
    line_spacing: float = 1.0
    """Line spacing of every cell (1.0 = 100 %)."""


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


def width_for(line_width: int) -> int:
    """Return the column width that shows a line `line_width` wide without wrapping it."""
    return math.ceil(line_width / metrics.WIDTH_SAFETY) + 2 * metrics.INSET_X + 1


@dataclass(frozen=True)
class ColumnNeeds:
    """What a column's entries ask for at one font size, as whole column widths."""

    floor: int
    """Width of the longest word: narrower would break a word."""
    desire: int
    """Width of the longest entry on one line."""


def column_needs(
    column: Column, cells: Sequence[Cell], font_pt: float, family: str | None = None
) -> ColumnNeeds:
    """Return the floor and desired width of `column` holding `cells`, header included.

    The floor is the widest piece a line cannot break inside: a whole
    ordinary word, or the widest stretch of a long token between its break
    opportunities (see ``text.pieces``); in an `unbroken` column, a whole
    entry (the header may still wrap).
    """
    return _needs_at(_reference_needs(column, cells, family), font_pt)


def _reference_needs(
    column: Column, cells: Sequence[Cell], family: str | None
) -> tuple[float, float]:
    """Return the reference widths (see ``text.reference_width``) of a column's floor and desire.

    Widths at a size follow from reference widths by a conversion that
    never decreases, so the widest piece at one size is the widest at all:
    measured once, a column's needs at every size are arithmetic.
    """
    floor = desire = 0.0
    entries = [(column.header, True)] + [(cell.text, cell.bold) for cell in cells]
    for index, (text, bold) in enumerate(entries):
        line, piece, wide = _entry_widths(text, bold, family)
        desire = max(desire, line)
        if column.unbroken and index > 0:
            floor = max(floor, line)
        elif not column.free_text and wide:
            # East Asian text breaks between any characters: a short value
            # stays whole only on a line of its own.
            floor = max(floor, line)
        else:
            floor = max(floor, piece)
    return floor, max(floor, desire)


@lru_cache(maxsize=16384)
def _entry_widths(text: str, bold: bool, family: str | None) -> tuple[float, float, bool]:
    """Return reference widths of `text`'s widest paragraph and widest unbreakable piece.

    The third value says whether `text` holds East Asian characters.
    """
    paragraphs = clean_text(text).split("\n")
    line = max(metrics.reference_widths([p.strip() for p in paragraphs], bold, family))
    pieces = [
        piece
        for paragraph in paragraphs
        for word in metrics.breakable_words(paragraph)
        for piece in metrics.pieces(word)
    ]
    widest = max(metrics.reference_widths(pieces, bold, family), default=0.0)
    return line, widest, metrics.has_wide(text)


def _needs_at(reference: tuple[float, float], font_pt: float) -> ColumnNeeds:
    """Return a column's needs at `font_pt` from its reference widths."""
    floor, desire = (
        max(MIN_COLUMN_WIDTH, width_for(metrics.width_at(ref, font_pt))) for ref in reference
    )
    return ColumnNeeds(floor, max(floor, desire))


def _sample(count: int) -> list[int]:
    """Return at most WIDTH_SAMPLE row indexes spread evenly over `count` rows."""
    if count <= WIDTH_SAMPLE:
        return list(range(count))
    return sorted({round(i * (count - 1) / (WIDTH_SAMPLE - 1)) for i in range(WIDTH_SAMPLE)})


class _MeasuredTable:
    """A table's cells, measured once for every size and width its fitting tries."""

    def __init__(self, columns: Sequence[Column], rows: Sequence[Row], family: str | None) -> None:
        self.columns = columns
        self.rows = rows
        self.family = family
        self.cells = [[row.cells[index] for row in rows] for index in range(len(columns))]
        self.sample = _sample(len(rows))
        self._references = [
            _reference_needs(column, cells, family)
            for column, cells in zip(columns, self.cells, strict=True)
        ]
        self._sample_texts = [
            [(cells[row].text, cells[row].bold) for row in self.sample] for cells in self.cells
        ]
        self.wide = [[metrics.has_wide(cell.text) for cell in cells] for cells in self.cells]
        self.any_wide = [any(wide) for wide in self.wide]
        self._sample_lines: dict[float, dict[tuple[int, int], list[int]]] = {}
        self._lines: dict[tuple[int, int, float], list[int]] = {}
        self._widths: dict[tuple[int, float, tuple[float, ...] | None, bool], list[int]] = {}

    def needs(self, font_pt: float) -> list[ColumnNeeds]:
        """Return every column's needs at `font_pt`."""
        return [_needs_at(reference, font_pt) for reference in self._references]

    def sample_lines(self, font_pt: float) -> dict[tuple[int, int], list[int]]:
        """Return the line counts of each column's sampled cells measured so far at `font_pt`.

        Keyed by column and column width; ``measure_sample`` adds to it.
        """
        return self._sample_lines.setdefault(font_pt, {})

    def measure_sample(self, index: int, width: int, font_pt: float) -> list[int]:
        """Return the line counts of column `index`'s sampled cells in a column `width` wide."""
        known = self.sample_lines(font_pt)
        lines = known.get((index, width))
        if lines is None:
            inner = max(1, width - 2 * metrics.INSET_X)
            lines = metrics.line_counts(self._sample_texts[index], inner, font_pt, self.family)
            known[index, width] = lines
        return lines

    def lines(self, index: int, width: int, font_pt: float) -> list[int]:
        """Return the line counts of every cell of column `index` in a column `width` wide."""
        if len(self.sample) == len(self.rows):
            return self.measure_sample(index, width, font_pt)
        key = (index, width, font_pt)
        lines = self._lines.get(key)
        if lines is None:
            inner = max(1, width - 2 * metrics.INSET_X)
            texts = [(cell.text, cell.bold) for cell in self.cells[index]]
            lines = metrics.line_counts(texts, inner, font_pt, self.family)
            self._lines[key] = lines
        return lines

    def widths(
        self, total: int, font_pt: float, weights: Sequence[float] | None, compact: bool
    ) -> list[int]:
        """Return ``fit_column_widths`` of this table, fitted once per set of arguments."""
        key = (total, font_pt, None if weights is None else tuple(weights), compact)
        widths = self._widths.get(key)
        if widths is None:
            widths = _fit_widths(self, total, font_pt, weights, compact=compact)
            self._widths[key] = widths
        return list(widths)


def fit_column_widths(
    columns: Sequence[Column],
    rows: Sequence[Row],
    total: int,
    font_pt: float,
    weights: Sequence[float] | None = None,
    *,
    compact: bool = False,
    family: str | None = None,
) -> list[int]:
    """Return column widths summing to `total`, sized to the content of every row.

    A short column gets the width of its longest entry (up to
    SHORT_COLUMN_STRETCH times its proportional share), so its entries stay
    on one line. Free-text columns share what is left, starting from their
    weights; width then moves between them while that saves lines over the
    whole table; when `compact`, short columns give width too, wrapping only
    in rows that are taller anyway. No column is narrower than its longest
    word when the table can afford it, nor ever narrower than MIN_COLUMN_WIDTH
    (room permitting).
    """
    if not columns:
        return []
    measured = _MeasuredTable(columns, rows, family)
    return _fit_widths(measured, total, font_pt, weights, compact=compact)


def _fit_widths(
    measured: _MeasuredTable,
    total: int,
    font_pt: float,
    weights: Sequence[float] | None = None,
    *,
    compact: bool = False,
) -> list[int]:
    """Return ``fit_column_widths`` of a table measured once for all its sizes."""
    columns = measured.columns
    count = len(columns)
    if count == 0:
        return []
    weights = list(weights if weights is not None else [c.weight for c in columns])
    weight_sum = sum(weights) or float(count)
    needs = measured.needs(font_pt)
    floors = [need.floor for need in needs]
    free = [index for index, column in enumerate(columns) if column.free_text]
    if not free:
        free = list(range(count))
    if sum(floors) > total:
        return _give_way(floors, total, free, weights)
    widths = list(floors)
    for index in range(count):
        if index not in free and not compact:
            share = round(SHORT_COLUMN_STRETCH * total * weights[index] / weight_sum)
            widths[index] = max(floors[index], min(needs[index].desire, share))
    short = [index for index in range(count) if index not in free]
    excess = sum(widths[i] for i in short) + sum(floors[i] for i in free) - total
    if excess > 0:
        # The free columns' longest words must fit: short columns give back
        # what they hold above their own longest words, in proportion.
        spare = {index: widths[index] - floors[index] for index in short}
        spare_sum = sum(spare.values())
        for index in short:
            widths[index] -= -(-excess * spare[index] // spare_sum)
    room = total - sum(widths[i] for i in range(count) if i not in free)
    free_weight = sum(weights[i] for i in free) or float(len(free))
    for index in free:
        widths[index] = max(floors[index], math.floor(room * weights[index] / free_weight))
    # Compact tables start every short column at its longest word and let
    # width flow both ways, so it ends where it saves the most lines.
    givers = range(count) if compact else free
    takers = range(count) if compact else free
    _trade_width(widths, givers, takers, floors, measured, font_pt)
    _settle(widths, total, free)
    return widths


def _give_way(
    floors: Sequence[int], total: int, free: Sequence[int], weights: Sequence[float]
) -> list[int]:
    """Return widths when the columns' floors do not all fit `total`: free text gives way.

    Short columns keep their floors (their words stay whole); the free-text
    columns share what is left by weight, breaking their long tokens more
    often. Only when even that leaves them under MIN_COLUMN_WIDTH do the
    short columns shrink too.
    """
    short = [index for index in range(len(floors)) if index not in free]
    room = total - sum(floors[i] for i in short)
    if room < MIN_COLUMN_WIDTH * len(free):
        return column_widths(total, floors)
    widths = list(floors)
    free_weight = sum(weights[i] for i in free) or float(len(free))
    for index in free:
        widths[index] = max(MIN_COLUMN_WIDTH, math.floor(room * weights[index] / free_weight))
    widths[free[-1]] += total - sum(widths)
    return widths


def _settle(widths: list[int], total: int, free: Sequence[int]) -> None:
    """Make `widths` add up to `total`, the rounding going to the widest free column."""
    widest = max(free, key=lambda i: (widths[i], i))
    widths[widest] += total - sum(widths)
    shortfall = MIN_COLUMN_WIDTH - widths[widest]
    if shortfall > 0:
        widths[widest] = MIN_COLUMN_WIDTH
        for index in sorted(range(len(widths)), key=lambda i: (-widths[i], i)):
            take = min(shortfall, widths[index] - MIN_COLUMN_WIDTH)
            if take > 0:
                widths[index] -= take
                shortfall -= take


def _trade_width(
    widths: list[int],
    givers: Sequence[int],
    free: Sequence[int],
    floors: Sequence[int],
    measured: _MeasuredTable,
    font_pt: float,
) -> None:
    """Move width from `givers` to free-text columns while that saves lines.

    Each round makes the single move, of up to TRADE_REACH steps, that saves
    the most lines over the whole table (the smallest such move on a tie),
    first in coarse steps and then in fine ones. A column gives width down
    to its longest word at most.
    """
    rows = len(measured.sample)
    if not rows:
        return
    count = len(widths)

    known = measured.sample_lines(font_pt)

    def lines_at(index: int, width: int) -> list[int]:
        lines = known.get((index, width))
        return measured.measure_sample(index, width, font_pt) if lines is None else lines

    best = sum(map(max, zip(*(lines_at(i, w) for i, w in enumerate(widths)), strict=True)))
    room = sum(widths[index] for index in free)
    for step in (room // 16, room // 64):
        while step > 0:
            move: tuple[int, int, int] | None = None
            current = [lines_at(index, width) for index, width in enumerate(widths)]
            # A move can lower a row only where the moved columns alone hold its tallest:
            # a pair that holds no row's tallest alone cannot save a line.
            alone: set[int] = set()
            together: set[tuple[int, int]] = set()
            for row, tallest in enumerate(map(max, *current) if count > 1 else current[0]):
                holders = [index for index in range(count) if current[index][row] == tallest]
                if len(holders) == 1:
                    alone.add(holders[0])
                elif len(holders) == 2:
                    together.add((holders[0], holders[1]))
            for giver, taker in itertools.product(givers, free):
                if giver == taker or not (
                    giver in alone
                    or taker in alone
                    or (min(giver, taker), max(giver, taker)) in together
                ):
                    continue
                others = [lines for i, lines in enumerate(current) if i not in (giver, taker)]
                # Each row is at least as tall as the columns a move leaves alone:
                # when those alone reach the best total, no move of this pair beats it.
                if len(others) > 1:
                    rest = list(map(max, *others))
                else:
                    rest = others[0] if others else [0] * rows
                if sum(rest) >= best:
                    continue
                giver_width, taker_width = widths[giver], widths[taker]
                # A column gives width down to its longest word at most.
                reaches = min(TRADE_REACH, (giver_width - floors[giver]) // step)
                for amount in range(step, (reaches + 1) * step, step):
                    # Rows are at least as tall as either moved column makes them: measure
                    # the second column only when the first (measured already, if either
                    # is) leaves room to win.
                    wider = known.get((taker, taker_width + amount))
                    if wider is not None:
                        if sum(map(max, rest, wider)) >= best:
                            continue
                        narrower = lines_at(giver, giver_width - amount)
                    else:
                        narrower = lines_at(giver, giver_width - amount)
                        if sum(map(max, rest, narrower)) >= best:
                            continue
                        wider = lines_at(taker, taker_width + amount)
                    lines = sum(map(max, rest, narrower, wider))
                    if lines < best:
                        best, move = lines, (giver, taker, amount)
            if move is None:
                break
            giver, taker, amount = move
            widths[giver] -= amount
            widths[taker] += amount


def _cell_lines(
    cell_text: str, width: int, font_pt: float, bold: bool, family: str | None = None
) -> list[str]:
    return metrics.wrap(cell_text, max(1, width - 2 * metrics.INSET_X), font_pt, bold, family)


def _measure_rows(
    measured: _MeasuredTable,
    widths: Sequence[int],
    font_pt: float,
    max_height: int,
    spacing: float = 1.0,
) -> list[tuple[tuple[Cell, ...], int, list[str]]]:
    """Return each row's cells (truncated if needed), its height and notes for cut cells.

    Lines are `spacing` apart; a row is never lower than one line at full
    spacing, the height of an empty cell (which gets no paragraph style).
    """
    counts = [measured.lines(index, width, font_pt) for index, width in enumerate(widths)]
    line_heights = (
        metrics.cell_line_height_of(False, font_pt, spacing),
        metrics.cell_line_height_of(True, font_pt, spacing),
    )
    inner_height = max_height - 2 * metrics.INSET_Y
    most_lines = tuple(max(1, inner_height // line) for line in line_heights)
    lowest = metrics.cell_line_height("", font_pt)
    family = measured.family
    # Each column's cell heights (cut to the most lines a row may show), then each row's tallest.
    column_heights: list[list[int]] = []
    cut_columns: list[int] = []
    for index, lines in enumerate(counts):
        if measured.any_wide[index]:
            shown = [
                min(count, most_lines[wide]) * line_heights[wide]
                for count, wide in zip(lines, measured.wide[index], strict=True)
            ]
            if any(
                count > most_lines[wide]
                for count, wide in zip(lines, measured.wide[index], strict=True)
            ):
                cut_columns.append(index)
        else:
            most, line = most_lines[False], line_heights[False]
            if max(lines, default=0) > most:
                cut_columns.append(index)
                shown = [min(count, most) * line for count in lines]
            else:
                shown = [count * line for count in lines]
        column_heights.append(shown)
    tallest = [max(lowest, *heights) for heights in zip(*column_heights, strict=True)]
    result: list[tuple[tuple[Cell, ...], int, list[str]]] = [
        (row.cells, height + 2 * metrics.INSET_Y, [])
        for row, height in zip(measured.rows, tallest, strict=True)
    ]
    cuts: dict[int, list[int]] = {}
    for index in cut_columns:
        for number, count in enumerate(counts[index]):
            if count > most_lines[measured.wide[index][number]]:
                cuts.setdefault(number, []).append(index)
    for number, indexes in sorted(cuts.items()):
        row = measured.rows[number]
        cells = list(row.cells)
        notes: list[str] = []
        for index in sorted(indexes):
            cell, width = cells[index], widths[index]
            max_lines = most_lines[measured.wide[index][number]]
            lines_shown = _cell_lines(cell.text, width, font_pt, cell.bold, family)
            inner = width - 2 * metrics.INSET_X
            shortened = truncate_lines(lines_shown, max_lines, inner, font_pt, cell.bold, family)
            cells[index] = replace(cell, text=shortened)
            notes.append(f"{row.label}: {cell.text}" if row.label else cell.text)
        result[number] = (tuple(cells), result[number][1], notes)
    return result


def header_height(
    columns: Sequence[Column],
    widths: Sequence[int],
    font_pt: float,
    family: str | None = None,
    spacing: float = 1.0,
) -> int:
    """Return the height of the header row at `font_pt` (bold) and line `spacing`."""
    tallest = max(
        len(_cell_lines(c.header, w, font_pt, True, family))
        * metrics.cell_line_height(c.header, font_pt, spacing)
        for c, w in zip(columns, widths, strict=True)
    )
    return tallest + 2 * metrics.INSET_Y


def _fill_pages(heights: Sequence[int], first_room: int, later_room: int) -> list[int]:
    """Return where each page starts when every page takes all the rows its room holds."""
    starts = [0]
    used = 0
    for index, height in enumerate(heights):
        room = first_room if len(starts) == 1 else later_room
        if index > starts[-1] and used + height > room:
            starts.append(index)
            used = 0
        used += height
    return starts


def page_breaks(heights: Sequence[int], first_room: int, later_room: int) -> list[int]:
    """Return the first row of each page, using as few pages as possible, filled evenly.

    The page count is what filling every page to its room needs. Each page
    then takes rows until it holds at least its share of the rows left (in
    proportion to its room) and at least MIN_FILL of its room, as long as
    the rest still fits the pages left: 7 equal rows over 2 pages make 4 + 3,
    10 over 3 make 4 + 3 + 3. A row taller than a room still gets a page of
    its own.
    """
    pages = len(_fill_pages(heights, first_room, later_room))
    starts = [0]
    index = 0
    for page in range(pages - 1):
        room = first_room if page == 0 else later_room
        pages_after = pages - page - 1
        remaining = sum(heights[index:])
        target = remaining * room / (room + pages_after * later_room)
        ends: list[int] = []
        used = 0
        end = index
        while end < len(heights) and (end == index or used + heights[end] <= room):
            used += heights[end]
            end += 1
            ends.append(end)
        wanted = max(target, MIN_FILL * room)
        reached = [e for e in ends if sum(heights[index:e]) >= wanted] or ends[-1:]
        candidates = reached + [e for e in reversed(ends) if e < reached[0]]
        index = next(
            (
                e
                for e in candidates
                if e < len(heights)
                and len(_fill_pages(heights[e:], later_room, later_room)) <= pages_after
            ),
            ends[-1],
        )
        starts.append(index)
    return starts


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
    """Return `rows` measured to fit `box`: wrapped, shrunk toward `min_pt`, then split into pages.

    Column widths follow the content of every row (see ``fit_column_widths``)
    and are the same on every page; short columns wrap only when that saves a
    page. The size used is the largest that needs the fewest pages and cuts
    the fewest cells; pages are filled evenly and
    repeat the header. Only when the smallest size still needs more than one
    page are lines closed up to CLOSE_LINE_SPACING, and only if that saves a
    page. A cell taller than MAX_ROW_SHARE of the area is cut
    with an ellipsis and its full text is returned in ``notes``. Pages after
    the first may be `later_height` tall (their slide has room the first
    page gives to something else).
    """
    weights = (
        style.column_weights
        if len(style.column_weights) == len(columns)
        else tuple(c.weight for c in columns)
    )
    later = later_height or box.height
    max_row = max(
        metrics.cell_line_height("", min_pt) + 2 * metrics.INSET_Y, int(box.height * MAX_ROW_SHARE)
    )
    measured = _MeasuredTable(columns, rows, style.body_text.font_family)
    best = _layout_at(measured, box, later, weights, max_pt, max_row, False)
    size = max_pt
    while _cost(best)[:2] != (1, 0):
        for compact in (False, True) if size < max_pt else (True,):
            candidate = _layout_at(measured, box, later, weights, size, max_row, compact)
            if _cost(candidate) < _cost(best):
                best = candidate
        if size <= min_pt:
            break
        size = max(min_pt, round(size - step, 4))
    if len(best.pages) > 1:
        for compact in (False, True):
            closer = _layout_at(
                measured, box, later, weights, min_pt, max_row, compact, CLOSE_LINE_SPACING
            )
            if len(closer.pages) < len(best.pages) and len(closer.notes) <= len(best.notes):
                best = closer
    return best


def _cost(layout: TableLayout) -> tuple[int, int, float, int]:
    """Return what a layout costs the reader: pages, shortened cells, smaller type, height."""
    height = sum(page.height for page in layout.pages)
    return len(layout.pages), len(layout.notes), -layout.font_pt, height


def _layout_at(
    measured: _MeasuredTable,
    box: Box,
    later_height: int,
    weights: Sequence[float],
    font_pt: float,
    max_row: int,
    compact: bool,
    spacing: float = 1.0,
) -> TableLayout:
    """Return the table laid out at `font_pt` and line `spacing`, split into even pages."""
    columns, rows, family = measured.columns, measured.rows, measured.family
    widths = measured.widths(box.width, font_pt, weights, compact)
    head = header_height(columns, widths, font_pt, family, spacing)
    laid_out = _measure_rows(measured, widths, font_pt, max_row, spacing)
    heights = [height for _, height, _ in laid_out]
    starts = page_breaks(heights, box.height - head, later_height - head)
    pages: list[TablePage] = []
    for start, end in itertools.pairwise([*starts, len(rows)]):
        page = TablePage([cells for cells, _, _ in laid_out[start:end]], heights[start:end], start)
        page.notes.extend(note for _, _, notes in laid_out[start:end] for note in notes)
        pages.append(page)
    notes = [note for page in pages for note in page.notes]
    return TableLayout(tuple(columns), widths, font_pt, head, pages, notes, spacing)


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
    width: int,
    marker: str | None = None,
    line_spacing: float = 1.0,
) -> list[Request]:
    """Return the requests writing `text` into a cell `width` wide in `style`.

    An empty cell still gets the style, so its line is as tall as its row's.
    """
    inner = max(1, width - 2 * metrics.INSET_X)
    text = metrics.with_soft_breaks(
        clean_text(text), inner, style.font_pt, style.bold, style.font_family
    )
    if not text:
        return [style_text(table_id, style, cell=location)]
    requests = [insert_text(table_id, text, location), style_text(table_id, style, cell=location)]
    if marker is not None:
        first = utf16_length(text[0])
        requests.append(style_text(table_id, style, colour=marker, cell=location, span=(0, first)))
    percent = round(line_spacing * 100)
    requests.append(style_paragraphs(table_id, style.alignment, location, percent))
    requests.extend(right_to_left_paragraphs(table_id, text, location))
    return requests


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
        header_style = replace(
            style.header_text,
            font_pt=layout.font_pt,
            bold=True,
            colour=header_colour,
            alignment=column.alignment,
        )
        requests.extend(
            _styled_cell(
                table_id,
                (0, column_index),
                column.header,
                header_style,
                layout.widths[column_index],
                line_spacing=layout.line_spacing,
            )
        )
    body_styles: dict[tuple[bool, str, str], TextStyle] = {}
    for offset, cells in enumerate(page.rows):
        for column_index, (cell, column) in enumerate(zip(cells, columns, strict=True)):
            location = (offset + 1, column_index)
            if cell.fill:
                requests.append(_fill_cells(table_id, _cell_range(*location), cell.fill))
            look = (
                cell.bold or style.body_text.bold,
                cell.colour or style.body_text.colour,
                cell.alignment or column.alignment,
            )
            body_style = body_styles.get(look)
            if body_style is None:
                # Most cells share a few looks: make each style once per page.
                body_style = body_styles[look] = replace(
                    style.body_text,
                    font_pt=layout.font_pt,
                    bold=look[0],
                    colour=look[1],
                    alignment=look[2],
                )
            requests.extend(
                _styled_cell(
                    table_id,
                    location,
                    cell.text,
                    body_style,
                    layout.widths[column_index],
                    cell.marker,
                    layout.line_spacing,
                )
            )
    return requests


def region_table_style(ctx: BuildContext) -> TableStyle:
    """Return the style of the role's `table` region."""
    style = ctx.region("table").table
    assert style is not None, "template reader guarantees a table region is a table"
    return style


def layout_region_table(
    ctx: BuildContext,
    columns: Sequence[Column],
    rows: Sequence[Row],
    box: Box,
    *,
    later_height: int | None = None,
) -> TableLayout:
    """Return `rows` laid out in `box` in the role's table style, from its body size down."""
    style = region_table_style(ctx)
    min_pt = ctx.config.style.min_font_pt
    return layout_table(
        columns,
        rows,
        box,
        style,
        max_pt=max(style.body_text.font_pt, min_pt),
        min_pt=min_pt,
        later_height=later_height,
    )


def region_table_requests(
    ctx: BuildContext,
    page: int,
    origin: tuple[int, int],
    layout: TableLayout,
    table_page: TablePage,
) -> list[Request]:
    """Return the requests drawing one page of the role's table on slide `page` at `origin`."""
    style = region_table_style(ctx)
    palette = ctx.config.style.palette
    return table_requests(
        ctx.content_id(page, "table"),
        ctx.page_id(page),
        origin,
        layout,
        table_page,
        style,
        header_fill=style.header_fill or palette.primary,
        header_colour=style.header_text.colour if style.header_fill else ON_COLOUR,
    )


def shortened_notes(table_page: TablePage) -> list[str]:
    """Return speaker notes giving the full text of the cells `table_page` shows shortened."""
    if not table_page.notes:
        return []
    return [SHORTENED_CELLS, *table_page.notes]
