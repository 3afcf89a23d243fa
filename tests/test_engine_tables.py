"""Table requests in the offline engine."""

from __future__ import annotations

from typing import Any

import pytest
from test_engine_core import apply, base_deck, element

from slidegen.backends.offline.engine import OfflineDeck
from slidegen.backends.offline.text import plain_text
from slidegen.errors import RequestError

Json = dict[str, Any]


def emu(value: int) -> Json:
    return {"magnitude": value, "unit": "EMU"}


def deck_with_table(rows: int = 2, columns: int = 3) -> OfflineDeck:
    deck = OfflineDeck(base_deck())
    apply(
        deck,
        {
            "createTable": {
                "objectId": "table_001",
                "rows": rows,
                "columns": columns,
                "elementProperties": {
                    "pageObjectId": "slide_1",
                    "size": {"width": emu(3_000_000), "height": emu(800_000)},
                    "transform": {"scaleX": 1, "scaleY": 1, "translateX": 5000, "unit": "EMU"},
                },
            }
        },
    )
    return deck


def table_of(deck: OfflineDeck) -> Json:
    table: Json = element(deck, "table_001")["table"]
    return table


def cell_text(deck: OfflineDeck, row: int, column: int) -> str:
    return plain_text(table_of(deck)["tableRows"][row]["tableCells"][column].get("text"))


def insert(row: int, column: int, text: str) -> Json:
    return {
        "insertText": {
            "objectId": "table_001",
            "cellLocation": {"rowIndex": row, "columnIndex": column},
            "text": text,
        }
    }


def test_create_table_shares_the_size_between_columns_and_rows() -> None:
    deck = deck_with_table()
    table = table_of(deck)
    assert (table["rows"], table["columns"]) == (2, 3)
    assert [c["columnWidth"]["magnitude"] for c in table["tableColumns"]] == [
        1_000_000,
        1_000_000,
        1_000_000,
    ]
    assert [r["rowHeight"]["magnitude"] for r in table["tableRows"]] == [400_000, 400_000]
    assert len(table["horizontalBorderRows"]) == 3
    assert len(table["verticalBorderRows"][0]["tableBorderCells"]) == 4
    assert table["tableRows"][1]["tableCells"][2]["location"] == {"rowIndex": 1, "columnIndex": 2}
    placed = element(deck, "table_001")
    assert placed["transform"]["scaleX"] == 1
    assert placed["size"]["width"]["magnitude"] == 3_000_000


def test_cell_text_needs_a_cell_location_inside_the_table() -> None:
    deck = deck_with_table()
    apply(deck, insert(1, 2, "hello"))
    assert cell_text(deck, 1, 2) == "hello\n"
    with pytest.raises(RequestError, match="cellLocation must be given"):
        apply(deck, {"insertText": {"objectId": "table_001", "text": "x"}})
    with pytest.raises(RequestError, match="outside the table"):
        apply(deck, insert(2, 0, "x"))


def test_insert_rows_below_copies_the_reference_row_style() -> None:
    deck = deck_with_table()
    apply(
        deck,
        insert(1, 0, "body"),
        {
            "updateTextStyle": {
                "objectId": "table_001",
                "cellLocation": {"rowIndex": 1, "columnIndex": 0},
                "textRange": {"type": "ALL"},
                "style": {"italic": True},
                "fields": "italic",
            }
        },
        {
            "updateTableCellProperties": {
                "objectId": "table_001",
                "tableRange": {"location": {"rowIndex": 1}, "rowSpan": 1, "columnSpan": 3},
                "tableCellProperties": {
                    "tableCellBackgroundFill": {"solidFill": {"color": {"rgbColor": {"red": 1}}}}
                },
                "fields": "tableCellBackgroundFill.solidFill.color",
            }
        },
        {
            "insertTableRows": {
                "tableObjectId": "table_001",
                "cellLocation": {"rowIndex": 1},
                "insertBelow": True,
                "number": 2,
            }
        },
        insert(3, 0, "new"),
    )
    table = table_of(deck)
    assert table["rows"] == 4
    assert len(table["horizontalBorderRows"]) == 5
    new_cell = table["tableRows"][3]["tableCells"][0]
    assert new_cell["location"] == {"rowIndex": 3}
    fill = new_cell["tableCellProperties"]["tableCellBackgroundFill"]
    assert fill == {"solidFill": {"color": {"rgbColor": {"red": 1}}}}
    assert cell_text(deck, 3, 0) == "new\n"
    style = next(e for e in new_cell["text"]["textElements"] if "textRun" in e)["textRun"]["style"]
    assert style == {"italic": True}
    assert element(deck, "table_001")["size"]["height"]["magnitude"] == 1_600_000


def test_insert_more_than_twenty_rows_is_refused() -> None:
    deck = deck_with_table()
    with pytest.raises(RequestError, match="between 1 and 20"):
        apply(
            deck,
            {
                "insertTableRows": {
                    "tableObjectId": "table_001",
                    "cellLocation": {},
                    "insertBelow": True,
                    "number": 21,
                }
            },
        )


def test_delete_rows_and_columns_and_the_last_row_deletes_the_table() -> None:
    deck = deck_with_table()
    apply(deck, insert(0, 0, "a"), insert(1, 0, "b"), insert(1, 2, "c"))
    apply(
        deck,
        {"deleteTableColumn": {"tableObjectId": "table_001", "cellLocation": {"columnIndex": 1}}},
        {"deleteTableRow": {"tableObjectId": "table_001", "cellLocation": {}}},
    )
    table = table_of(deck)
    assert (table["rows"], table["columns"]) == (1, 2)
    assert [cell_text(deck, 0, c) for c in range(2)] == ["b\n", "c\n"]
    assert len(table["horizontalBorderRows"]) == 2
    assert len(table["verticalBorderRows"][0]["tableBorderCells"]) == 3
    apply(deck, {"deleteTableRow": {"tableObjectId": "table_001", "cellLocation": {}}})
    with pytest.raises(KeyError):
        element(deck, "table_001")


def test_insert_columns_right() -> None:
    deck = deck_with_table()
    apply(
        deck,
        {
            "insertTableColumns": {
                "tableObjectId": "table_001",
                "cellLocation": {"columnIndex": 2},
                "insertRight": True,
                "number": 1,
            }
        },
    )
    table = table_of(deck)
    assert table["columns"] == 4
    assert all(len(row["tableCells"]) == 4 for row in table["tableRows"])
    assert element(deck, "table_001")["size"]["width"]["magnitude"] == 4_000_000


def test_column_width_below_32pt_is_refused_and_widths_update_the_size() -> None:
    deck = deck_with_table()
    with pytest.raises(RequestError, match="406400"):
        apply(
            deck,
            {
                "updateTableColumnProperties": {
                    "objectId": "table_001",
                    "columnIndices": [0],
                    "tableColumnProperties": {"columnWidth": emu(406_399)},
                    "fields": "columnWidth",
                }
            },
        )
    apply(
        deck,
        {
            "updateTableColumnProperties": {
                "objectId": "table_001",
                "columnIndices": [0, 2],
                "tableColumnProperties": {"columnWidth": {"magnitude": 32, "unit": "PT"}},
                "fields": "columnWidth",
            }
        },
    )
    widths = [c["columnWidth"]["magnitude"] for c in table_of(deck)["tableColumns"]]
    assert widths == [406_400, 1_000_000, 406_400]
    assert element(deck, "table_001")["size"]["width"]["magnitude"] == 1_812_800


def test_row_minimum_height() -> None:
    deck = deck_with_table()
    apply(
        deck,
        {
            "updateTableRowProperties": {
                "objectId": "table_001",
                "rowIndices": [1],
                "tableRowProperties": {"minRowHeight": emu(600_000)},
                "fields": "minRowHeight",
            }
        },
    )
    row = table_of(deck)["tableRows"][1]
    assert row["tableRowProperties"]["minRowHeight"]["magnitude"] == 600_000
    assert row["rowHeight"]["magnitude"] == 600_000


def test_border_properties_by_position() -> None:
    deck = deck_with_table()
    apply(
        deck,
        {
            "updateTableBorderProperties": {
                "objectId": "table_001",
                "borderPosition": "BOTTOM",
                "tableBorderProperties": {"weight": emu(25_400)},
                "fields": "weight",
            }
        },
    )
    table = table_of(deck)
    bottom = table["horizontalBorderRows"][2]["tableBorderCells"]
    top = table["horizontalBorderRows"][0]["tableBorderCells"]
    assert all(c["tableBorderProperties"]["weight"]["magnitude"] == 25_400 for c in bottom)
    assert all(c["tableBorderProperties"]["weight"]["magnitude"] == 12_700 for c in top)


def test_merge_joins_text_and_refuses_partial_overlaps() -> None:
    deck = deck_with_table(3, 3)
    apply(
        deck,
        insert(0, 0, "a"),
        insert(0, 1, "b"),
        {
            "mergeTableCells": {
                "objectId": "table_001",
                "tableRange": {"location": {}, "rowSpan": 2, "columnSpan": 2},
            }
        },
    )
    head = table_of(deck)["tableRows"][0]["tableCells"][0]
    assert (head["rowSpan"], head["columnSpan"]) == (2, 2)
    assert cell_text(deck, 0, 0) == "a\nb\n"
    with pytest.raises(RequestError, match="covered by the merged cell"):
        apply(deck, insert(1, 1, "x"))
    with pytest.raises(RequestError, match="overlaps part of an existing merged cell"):
        apply(
            deck,
            {
                "mergeTableCells": {
                    "objectId": "table_001",
                    "tableRange": {
                        "location": {"rowIndex": 1, "columnIndex": 1},
                        "rowSpan": 2,
                        "columnSpan": 2,
                    },
                }
            },
        )
    with pytest.raises(RequestError, match="outside the table"):
        apply(
            deck,
            {
                "mergeTableCells": {
                    "objectId": "table_001",
                    "tableRange": {"location": {"rowIndex": 2}, "rowSpan": 2, "columnSpan": 1},
                }
            },
        )
    apply(
        deck,
        {
            "unmergeTableCells": {
                "objectId": "table_001",
                "tableRange": {"location": {}, "rowSpan": 3, "columnSpan": 3},
            }
        },
    )
    assert table_of(deck)["tableRows"][0]["tableCells"][0]["rowSpan"] == 1


def test_inserting_rows_inside_a_merge_extends_it() -> None:
    deck = deck_with_table(3, 2)
    apply(
        deck,
        {
            "mergeTableCells": {
                "objectId": "table_001",
                "tableRange": {"location": {}, "rowSpan": 2, "columnSpan": 1},
            }
        },
        {
            "insertTableRows": {
                "tableObjectId": "table_001",
                "cellLocation": {"columnIndex": 1},
                "insertBelow": True,
                "number": 1,
            }
        },
    )
    assert table_of(deck)["tableRows"][0]["tableCells"][0]["rowSpan"] == 3
    assert table_of(deck)["rows"] == 4


def test_table_ranges_and_table_requests_need_a_table() -> None:
    deck = deck_with_table()
    with pytest.raises(RequestError, match="is not a table"):
        apply(
            deck,
            {
                "updateTableCellProperties": {
                    "objectId": "shape_1",
                    "tableCellProperties": {"contentAlignment": "MIDDLE"},
                    "fields": "contentAlignment",
                }
            },
        )
    with pytest.raises(RequestError, match="rowSpan and a columnSpan"):
        apply(
            deck,
            {
                "updateTableCellProperties": {
                    "objectId": "table_001",
                    "tableRange": {"location": {}},
                    "tableCellProperties": {"contentAlignment": "MIDDLE"},
                    "fields": "contentAlignment",
                }
            },
        )
