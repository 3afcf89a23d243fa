from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from slidegen.layout import text as metrics
from slidegen.layout.context import Box, TableStyle
from slidegen.layout.tables import (
    MIN_COLUMN_WIDTH,
    Cell,
    Column,
    Row,
    column_widths,
    layout_table,
    table_requests,
)
from slidegen.units import inches

COLUMNS = (Column("Name", 1), Column("Notes", 3))


@settings(max_examples=60, deadline=None)
@given(
    total=st.integers(min_value=inches(3), max_value=inches(12)),
    weights=st.lists(st.floats(min_value=0.1, max_value=5), min_size=1, max_size=7),
)
def test_column_widths_sum_exactly_and_respect_the_minimum(
    total: int, weights: list[float]
) -> None:
    widths = column_widths(total, weights)
    assert sum(widths) == total
    assert min(widths) >= min(MIN_COLUMN_WIDTH, total // len(weights))


def rows(count: int, notes: str = "short note") -> list[Row]:
    return [Row((Cell(f"Person {i}"), Cell(notes)), label=f"Person {i}") for i in range(count)]


def test_a_small_table_keeps_the_largest_size() -> None:
    layout = layout_table(
        COLUMNS, rows(3), Box(0, 0, inches(8), inches(3)), TableStyle(), max_pt=12, min_pt=9
    )
    assert layout.font_pt == 12
    assert len(layout.pages) == 1


def test_a_longer_table_shrinks_before_it_splits() -> None:
    box = Box(0, 0, inches(8), inches(3))
    at_twelve = metrics.line_height(12) + 2 * metrics.INSET_Y
    count = box.height // at_twelve + 1
    layout = layout_table(COLUMNS, rows(count - 1), box, TableStyle(), max_pt=12, min_pt=9)
    assert 9 <= layout.font_pt < 12
    assert len(layout.pages) == 1


def test_a_long_table_splits_by_rows_at_the_minimum_size() -> None:
    box = Box(0, 0, inches(8), inches(3))
    layout = layout_table(
        COLUMNS, rows(40), box, TableStyle(), max_pt=12, min_pt=9, later_height=inches(4)
    )
    assert layout.font_pt == 9
    assert len(layout.pages) > 1
    assert sum(len(p.rows) for p in layout.pages) == 40
    assert [p.first_row for p in layout.pages] == [
        sum(len(q.rows) for q in layout.pages[:i]) for i in range(len(layout.pages))
    ]
    assert layout.header_height + layout.pages[0].height <= box.height
    assert all(layout.header_height + p.height <= inches(4) for p in layout.pages[1:])
    assert len(layout.pages[1].rows) > len(layout.pages[0].rows)


def test_every_page_repeats_the_header() -> None:
    layout = layout_table(
        COLUMNS, rows(40), Box(0, 0, inches(8), inches(3)), TableStyle(), max_pt=12, min_pt=9
    )
    for page in layout.pages:
        requests = table_requests(
            "sgc1_t_1_table",
            "slide",
            (0, 0),
            layout,
            page,
            TableStyle(),
            header_fill="#000000",
            header_colour="#FFFFFF",
        )
        headers = [
            r["insertText"]["text"]
            for r in requests
            if "insertText" in r and r["insertText"]["cellLocation"]["rowIndex"] == 0
        ]
        assert headers == ["Name", "Notes"]
        create = requests[0]["createTable"]
        assert create["rows"] == len(page.rows) + 1
