from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from slidegen.layout import text as metrics
from slidegen.layout.context import Box, Request, TableStyle
from slidegen.layout.tables import (
    CLOSE_LINE_SPACING,
    MIN_COLUMN_WIDTH,
    SHORTENED_CELLS,
    Cell,
    Column,
    Row,
    TableLayout,
    TablePage,
    column_widths,
    fit_column_widths,
    header_height,
    layout_table,
    page_breaks,
    shortened_notes,
    table_requests,
    width_for,
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


def draw(layout: TableLayout, page: TablePage) -> list[Request]:
    """Return the requests drawing `page` at the slide's corner, in a plain style."""
    return table_requests(
        "sgc1_t_1_table",
        "slide",
        (0, 0),
        layout,
        page,
        TableStyle(),
        header_fill="#000000",
        header_colour="#FFFFFF",
    )


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


def test_a_long_table_splits_by_rows_at_the_largest_size_needing_the_fewest_pages() -> None:
    box = Box(0, 0, inches(8), inches(3))
    layout = layout_table(
        COLUMNS, rows(40), box, TableStyle(), max_pt=12, min_pt=9, later_height=inches(4)
    )
    smallest = layout_table(
        COLUMNS, rows(40), box, TableStyle(), max_pt=9, min_pt=9, later_height=inches(4)
    )
    assert len(layout.pages) == len(smallest.pages) > 1
    larger = [
        layout_table(
            COLUMNS, rows(40), box, TableStyle(), max_pt=size, min_pt=size, later_height=inches(4)
        )
        for size in (9.5, 10, 10.5, 11, 11.5, 12)
        if size > layout.font_pt
    ]
    assert all(len(other.pages) > len(layout.pages) for other in larger)
    assert sum(len(p.rows) for p in layout.pages) == 40
    assert [p.first_row for p in layout.pages] == [
        sum(len(q.rows) for q in layout.pages[:i]) for i in range(len(layout.pages))
    ]
    assert layout.header_height + layout.pages[0].height <= box.height
    assert all(layout.header_height + p.height <= inches(4) for p in layout.pages[1:])
    assert len(layout.pages[1].rows) >= len(layout.pages[0].rows)


def test_lines_close_up_only_when_that_saves_a_page() -> None:
    notes = "Chairs the weekly change advisory board and worries about deployments. " * 3
    count = 20
    spacings = set()
    for height in range(inches(2.5), inches(3.5), inches(0.05)):
        box = Box(0, 0, inches(8), height)
        layout = layout_table(COLUMNS, rows(count, notes), box, TableStyle(), max_pt=9, min_pt=9)
        inner = layout.widths[1] - 2 * metrics.INSET_X
        lines = len(metrics.wrap(notes.strip(), inner, 9))
        row = lines * metrics.cell_line_height(notes, 9) + 2 * metrics.INSET_Y
        per_page = (box.height - header_height(COLUMNS, layout.widths, 9)) // row
        pages_at_full_spacing = -(-count // per_page)
        spacing = [
            r["updateParagraphStyle"]["style"]["lineSpacing"]
            for page in layout.pages
            for r in draw(layout, page)
            if "updateParagraphStyle" in r
        ]
        if layout.line_spacing == CLOSE_LINE_SPACING:
            assert len(layout.pages) < pages_at_full_spacing
            assert set(spacing) == {round(CLOSE_LINE_SPACING * 100)}
        else:
            assert layout.line_spacing == 1.0
            assert len(layout.pages) == pages_at_full_spacing
            assert set(spacing) == {100}
        spacings.add(layout.line_spacing)
    assert spacings == {1.0, CLOSE_LINE_SPACING}


def test_every_page_repeats_the_header() -> None:
    layout = layout_table(
        COLUMNS, rows(40), Box(0, 0, inches(8), inches(3)), TableStyle(), max_pt=12, min_pt=9
    )
    for page in layout.pages:
        requests = draw(layout, page)
        headers = [
            r["insertText"]["text"]
            for r in requests
            if "insertText" in r and r["insertText"]["cellLocation"]["rowIndex"] == 0
        ]
        assert headers == ["Name", "Notes"]
        create = requests[0]["createTable"]
        assert create["rows"] == len(page.rows) + 1


PEOPLE = (
    Column("Name", 2),
    Column("Owner", 2),
    Column("Status", 2, "CENTER"),
    Column("Notes", 1, free_text=True),
)
LONG_NOTE = "Sponsors the pilot and wants the savings quantified before the budget is locked. " * 2


def people(count: int) -> list[Row]:
    return [
        Row(
            (
                Cell(f"Person {i}", bold=True),
                Cell("Priya Raman"),
                Cell("Open" if i % 2 else "Mitigating"),
                Cell(LONG_NOTE),
            )
        )
        for i in range(count)
    ]


def test_short_columns_fit_their_longest_entry_and_free_text_takes_the_rest() -> None:
    total = inches(9)
    widths = fit_column_widths(PEOPLE, people(6), total, 10)
    assert sum(widths) == total
    assert widths[0] == width_for(metrics.text_width("Person 5", 10, True))
    assert widths[1] == width_for(metrics.text_width("Priya Raman", 10))
    # The header is the longest entry of the status column.
    assert widths[2] == width_for(metrics.text_width("Mitigating", 10))
    # Notes weigh least in the template yet get what the short columns leave.
    assert widths[3] == total - sum(widths[:3]) > max(widths[:3])
    proportional = column_widths(total, [c.weight for c in PEOPLE])
    assert widths[3] > 2 * proportional[3]


def test_free_text_columns_share_width_where_it_saves_lines() -> None:
    columns = (Column("Risk", 1, free_text=True), Column("Mitigation", 1, free_text=True))
    body = [Row((Cell("Short risk"), Cell(LONG_NOTE))) for _ in range(4)]
    total = inches(8)
    widths = fit_column_widths(columns, body, total, 10)
    assert sum(widths) == total
    assert widths[1] > widths[0] >= width_for(metrics.text_width("Mitigation", 10, True))


@settings(max_examples=40, deadline=None)
@given(
    texts=st.lists(
        st.tuples(st.text(min_size=0, max_size=60), st.text(min_size=0, max_size=200)),
        min_size=1,
        max_size=8,
    ),
    total=st.integers(min_value=inches(2), max_value=inches(12)),
)
def test_fitted_widths_sum_exactly_and_never_fall_below_the_api_minimum(
    texts: list[tuple[str, str]], total: int
) -> None:
    columns = (Column("Name", 1), Column("Notes", 2, free_text=True), Column("Owner", 1))
    body = [Row((Cell(a, bold=True), Cell(b), Cell(a))) for a, b in texts]
    widths = fit_column_widths(columns, body, total, 9)
    assert sum(widths) == total
    assert min(widths) >= min(MIN_COLUMN_WIDTH, total // len(columns))


def test_every_page_of_a_table_has_the_same_column_widths() -> None:
    layout = layout_table(
        PEOPLE, people(30), Box(0, 0, inches(9), inches(3)), TableStyle(), max_pt=10, min_pt=9
    )
    assert len(layout.pages) > 1
    seen = set()
    for page in layout.pages:
        requests = draw(layout, page)
        seen.add(
            tuple(
                r["updateTableColumnProperties"]["tableColumnProperties"]["columnWidth"][
                    "magnitude"
                ]
                for r in requests
                if "updateTableColumnProperties" in r
            )
        )
    assert seen == {tuple(layout.widths)}


def test_rows_are_spread_evenly_over_the_fewest_pages() -> None:
    assert page_breaks([100] * 7, 500, 500) == [0, 4]
    # 4 + 3 + 3 would leave the middle page 75 % full: every page but the last is 80 % full.
    assert page_breaks([100] * 10, 400, 400) == [0, 4, 8]
    assert page_breaks([100] * 10, 500, 500) == [0, 5]
    assert page_breaks([100] * 3, 500, 500) == [0]
    # A smaller first page gets its share of the rows, not a full page's.
    assert page_breaks([100] * 9, 300, 600) == [0, 3]


@settings(max_examples=80, deadline=None)
@given(
    heights=st.lists(st.integers(min_value=1, max_value=400), min_size=1, max_size=40),
    first=st.integers(min_value=400, max_value=2000),
    later=st.integers(min_value=400, max_value=2000),
)
def test_even_pages_never_overflow_nor_add_a_page(
    heights: list[int], first: int, later: int
) -> None:
    starts = page_breaks(heights, first, later)
    greedy = [0]
    used = 0
    for index, height in enumerate(heights):
        room = first if len(greedy) == 1 else later
        if index > greedy[-1] and used + height > room:
            greedy.append(index)
            used = 0
        used += height
    assert len(starts) == len(greedy)
    assert starts[0] == 0 and starts == sorted(set(starts))
    for page, (start, end) in enumerate(zip(starts, [*starts[1:], len(heights)], strict=True)):
        assert sum(heights[start:end]) <= (first if page == 0 else later)


def test_a_marked_cell_colours_only_its_first_character() -> None:
    columns = (Column("Name", 1), Column("Relationship", 1))
    body = [Row((Cell("Ann"), Cell("● Strong", marker="#00AA00")))]
    layout = layout_table(
        columns, body, Box(0, 0, inches(6), inches(2)), TableStyle(), max_pt=10, min_pt=9
    )
    requests = draw(layout, layout.pages[0])
    styles = [
        r["updateTextStyle"]
        for r in requests
        if "updateTextStyle" in r
        and r["updateTextStyle"]["cellLocation"]
        == {
            "rowIndex": 1,
            "columnIndex": 1,
        }
    ]
    assert [s["textRange"] for s in styles] == [
        {"type": "ALL"},
        {"type": "FIXED_RANGE", "startIndex": 0, "endIndex": 1},
    ]
    colour = styles[1]["style"]["foregroundColor"]["opaqueColor"]["rgbColor"]
    assert colour == {"red": 0.0, "green": round(0xAA / 255, 4), "blue": 0.0}


def test_shortened_cells_are_listed_in_full_under_one_heading() -> None:
    long_note = "word " * 400
    layout = layout_table(
        COLUMNS,
        [*rows(1), *rows(1, long_note)],
        Box(0, 0, inches(6), inches(2)),
        TableStyle(),
        max_pt=10,
        min_pt=9,
    )
    notes = [note for page in layout.pages for note in shortened_notes(page)]
    assert notes == [SHORTENED_CELLS, f"Person 0: {long_note}"]
    assert shortened_notes(TablePage([], [], 0)) == []


def test_short_columns_keep_their_words_when_free_text_holds_a_long_url() -> None:
    columns = (
        Column("Name", 1.2),
        Column("Role", 1.0),
        Column("Relationship", 1.0),
        Column("Status", 0.8),
        Column("Notes", 2.5, free_text=True),
    )
    url = "https://confluence.example.com/display/PLATFORM/" + "Jenkins-Retirement-Plan-" * 6
    table_rows = [
        Row(
            (
                Cell("Dana Whitfield"),
                Cell("Economic Buyer"),
                Cell("● Relationship"),
                Cell("In progress"),
                Cell(f"See {url} before the review."),
            )
        )
    ]
    widths = fit_column_widths(columns, table_rows, inches(7), 9)
    assert sum(widths) == inches(7)
    for index, word in ((0, "Whitfield"), (1, "Economic"), (2, "Relationship"), (3, "progress")):
        assert widths[index] >= width_for(metrics.text_width(word, 9)), columns[index].header
    lines = metrics.wrap(table_rows[0].cells[4].text, widths[4] - 2 * metrics.INSET_X, 9)
    assert all(metrics.text_width(line, 9) <= widths[4] - 2 * metrics.INSET_X for line in lines)


def test_empty_cells_take_the_row_size_and_rtl_cells_run_right_to_left() -> None:
    table_rows = [
        Row((Cell("Dana"), Cell(""))),
        Row((Cell("ليلى حداد"), Cell("שלום, ה-CISO"))),
    ]
    box = Box(0, 0, inches(6), inches(3))
    layout = layout_table(COLUMNS, table_rows, box, TableStyle(), max_pt=10, min_pt=9)
    requests = draw(layout, layout.pages[0])

    def at(kind: str, row: int, column: int) -> list[dict[str, object]]:
        location = {"rowIndex": row, "columnIndex": column}
        return [r[kind] for r in requests if r.get(kind, {}).get("cellLocation") == location]

    empty_style = at("updateTextStyle", 1, 1)
    assert [s["style"]["fontSize"]["magnitude"] for s in empty_style] == [layout.font_pt]
    assert not at("insertText", 1, 1)
    for column in (0, 1):
        directions = [p["style"].get("direction") for p in at("updateParagraphStyle", 2, column)]
        assert directions == [None, "RIGHT_TO_LEFT"]
    assert [p["style"].get("direction") for p in at("updateParagraphStyle", 1, 0)] == [None]


def test_an_unbroken_column_keeps_each_entry_on_one_line_beside_long_tokens() -> None:
    columns = (
        Column("#", 0.3, "CENTER", unbroken=True),
        Column("Activity", 2.0, free_text=True),
        Column("Date", 0.9, unbroken=True),
        Column("Notes", 3.0, free_text=True),
    )
    token = "com.northwind.freight.platform.engineering.shared_library_v2." * 3
    table_rows = [
        Row((Cell(str(n)), Cell(f"Migrate {token}"), Cell(f"{n} Sep 2026"), Cell(token)))
        for n in range(1, 30)
    ]
    for compact in (False, True):
        widths = fit_column_widths(columns, table_rows, inches(6), 9, compact=compact)
        for row in table_rows:
            for index in (0, 2):
                inner = widths[index] - 2 * metrics.INSET_X
                assert metrics.wrap(row.cells[index].text, inner, 9) == [row.cells[index].text]
