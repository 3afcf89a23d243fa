"""Less common requests in the offline engine: page and image properties, groups, cells."""

from __future__ import annotations

from typing import Any

import pytest
from test_engine_core import apply, base_deck, element, shape_request
from test_engine_tables import cell_text, deck_with_table, insert, table_of

from slidegen.backends.offline.engine import OfflineDeck
from slidegen.backends.offline.text import plain_text
from slidegen.errors import RequestError

Json = dict[str, Any]


def test_page_background_through_a_mask() -> None:
    deck = OfflineDeck(base_deck())
    fill = {"solidFill": {"color": {"rgbColor": {"blue": 1}}}}
    apply(
        deck,
        {
            "updatePageProperties": {
                "objectId": "slide_1",
                "pageProperties": {"pageBackgroundFill": fill},
                "fields": "pageBackgroundFill",
            }
        },
    )
    assert deck.presentation["slides"][0]["pageProperties"]["pageBackgroundFill"] == fill
    with pytest.raises(RequestError, match="is not a page"):
        apply(
            deck,
            {
                "updatePageProperties": {
                    "objectId": "shape_1",
                    "pageProperties": {"pageBackgroundFill": fill},
                    "fields": "pageBackgroundFill",
                }
            },
        )


def test_image_properties_refuse_read_only_fields() -> None:
    deck = OfflineDeck(base_deck())
    apply(
        deck,
        {
            "createImage": {
                "objectId": "image_001",
                "url": "https://example.com/a.png",
                "elementProperties": {"pageObjectId": "slide_1"},
            }
        },
        {
            "updateImageProperties": {
                "objectId": "image_001",
                "imageProperties": {"outline": {"dashStyle": "DOT"}},
                "fields": "outline.dashStyle",
            }
        },
    )
    image = element(deck, "image_001")["image"]
    assert image["imageProperties"] == {"outline": {"dashStyle": "DOT"}}
    with pytest.raises(RequestError, match="read-only"):
        apply(
            deck,
            {
                "updateImageProperties": {
                    "objectId": "image_001",
                    "imageProperties": {"brightness": 0.5},
                    "fields": "brightness",
                }
            },
        )


def test_line_category_changes_the_connector_type() -> None:
    deck = OfflineDeck(base_deck())
    apply(
        deck,
        {"createLine": {"objectId": "line_0001", "elementProperties": {"pageObjectId": "slide_1"}}},
        {"updateLineCategory": {"objectId": "line_0001", "lineCategory": "BENT"}},
    )
    line = element(deck, "line_0001")["line"]
    assert (line["lineCategory"], line["lineType"]) == ("BENT", "BENT_CONNECTOR_3")


def test_ungroup_puts_children_back_on_the_page() -> None:
    deck = OfflineDeck(base_deck())
    apply(
        deck,
        shape_request("box_00001"),
        shape_request("box_00002"),
        {
            "groupObjects": {
                "groupObjectId": "group_001",
                "childrenObjectIds": ["shape_1", "box_00002"],
            }
        },
    )
    ids = [e["objectId"] for e in deck.presentation["slides"][0]["pageElements"]]
    assert ids == ["box_00001", "group_001"]
    apply(deck, {"ungroupObjects": {"objectIds": ["group_001"]}})
    ids = [e["objectId"] for e in deck.presentation["slides"][0]["pageElements"]]
    assert ids == ["box_00001", "shape_1", "box_00002"]
    apply(deck, {"updatePageElementAltText": {"objectId": "shape_1", "title": "back"}})
    assert element(deck, "shape_1")["title"] == "back"


def test_cell_text_styles_need_the_cell_location() -> None:
    deck = deck_with_table()
    apply(
        deck,
        insert(0, 1, "head"),
        {
            "updateTextStyle": {
                "objectId": "table_001",
                "cellLocation": {"columnIndex": 1},
                "textRange": {"type": "ALL"},
                "style": {"bold": True},
                "fields": "bold",
            }
        },
        {
            "updateParagraphStyle": {
                "objectId": "table_001",
                "cellLocation": {"columnIndex": 1},
                "textRange": {"type": "ALL"},
                "style": {"alignment": "CENTER"},
                "fields": "alignment",
            }
        },
    )
    text = table_of(deck)["tableRows"][0]["tableCells"][1]["text"]
    assert text["textElements"][0]["paragraphMarker"]["style"] == {"alignment": "CENTER"}
    assert text["textElements"][1]["textRun"] == {"content": "head\n", "style": {"bold": True}}
    for kind in ("updateTextStyle", "updateParagraphStyle"):
        with pytest.raises(RequestError, match="cellLocation must be given"):
            apply(
                deck,
                {
                    kind: {
                        "objectId": "table_001",
                        "textRange": {"type": "ALL"},
                        "style": {},
                        "fields": "*",
                    }
                },
            )


def test_delete_text_in_a_cell() -> None:
    deck = deck_with_table()
    apply(deck, insert(1, 1, "abc"))
    apply(
        deck,
        {
            "deleteText": {
                "objectId": "table_001",
                "cellLocation": {"rowIndex": 1, "columnIndex": 1},
                "textRange": {"type": "FIXED_RANGE", "startIndex": 0, "endIndex": 2},
            }
        },
    )
    assert cell_text(deck, 1, 1) == "c\n"
    with pytest.raises(RequestError, match="no text"):
        apply(
            deck,
            {
                "deleteText": {
                    "objectId": "table_001",
                    "cellLocation": {},
                    "textRange": {"type": "ALL"},
                }
            },
        )


def test_deleting_a_merged_row_shrinks_the_merge() -> None:
    deck = deck_with_table(3, 2)
    apply(
        deck,
        insert(0, 0, "top"),
        {
            "mergeTableCells": {
                "objectId": "table_001",
                "tableRange": {"location": {}, "rowSpan": 3, "columnSpan": 1},
            }
        },
        {"deleteTableRow": {"tableObjectId": "table_001", "cellLocation": {"columnIndex": 1}}},
    )
    table = table_of(deck)
    assert table["rows"] == 2
    head = table["tableRows"][0]["tableCells"][0]
    assert head["rowSpan"] == 2
    assert plain_text(head["text"]) == "top\n"


def test_replace_by_regex() -> None:
    deck = OfflineDeck(base_deck())
    apply(deck, {"insertText": {"objectId": "shape_1", "text": "v1.2 and v3.4"}})
    replies = apply(
        deck,
        {
            "replaceAllText": {
                "containsText": {"text": r"v\d\.\d", "searchByRegex": True},
                "replaceText": "vX",
            }
        },
    )
    assert replies == [{"replaceAllText": {"occurrencesChanged": 2}}]
    assert plain_text(element(deck, "shape_1")["shape"]["text"]) == "vX and vX\n"


def test_a_table_whose_rows_omit_covered_cells_is_addressed_by_location() -> None:
    source = base_deck()
    empty_text = {
        "textElements": [
            {"endIndex": 1, "paragraphMarker": {"style": {}}},
            {"endIndex": 1, "textRun": {"content": "\n", "style": {}}},
        ]
    }
    source["slides"][0]["pageElements"].append(
        {
            "objectId": "table_001",
            "transform": {"scaleX": 1, "scaleY": 1, "unit": "EMU"},
            "table": {
                "rows": 1,
                "columns": 3,
                "tableColumns": [{"columnWidth": {"magnitude": 500_000, "unit": "EMU"}}] * 3,
                "tableRows": [
                    {
                        "rowHeight": {"magnitude": 300_000, "unit": "EMU"},
                        "tableCells": [
                            {"location": {}, "rowSpan": 1, "columnSpan": 2, "text": empty_text},
                            {"location": {"columnIndex": 2}, "rowSpan": 1, "columnSpan": 1},
                        ],
                    }
                ],
            },
        }
    )
    deck = OfflineDeck(source)
    apply(deck, insert(0, 2, "right"), insert(0, 0, "wide"))
    cells = table_of(deck)["tableRows"][0]["tableCells"]
    assert plain_text(cells[1]["text"]) == "right\n"
    assert plain_text(cells[0]["text"]) == "wide\n"
    with pytest.raises(RequestError, match=r"\(row 0, column 1\) is covered by"):
        apply(deck, insert(0, 1, "x"))
    with pytest.raises(RequestError, match="not supported offline"):
        apply(
            deck,
            {"insertTableRows": {"tableObjectId": "table_001", "cellLocation": {}, "number": 1}},
        )


def test_replace_image_and_replace_shapes_with_an_image() -> None:
    deck = OfflineDeck(base_deck())
    apply(
        deck,
        {"insertText": {"objectId": "shape_1", "text": "{{logo}}"}},
        {"updatePageElementAltText": {"objectId": "shape_1", "description": "logo here"}},
    )
    replies = apply(
        deck,
        {
            "replaceAllShapesWithImage": {
                "containsText": {"text": "{{LOGO}}"},
                "imageUrl": "https://example.com/logo.png",
            }
        },
    )
    assert replies == [{"replaceAllShapesWithImage": {"occurrencesChanged": 1}}]
    replaced = deck.presentation["slides"][0]["pageElements"][0]
    assert replaced["image"]["contentUrl"] == "https://example.com/logo.png"
    assert replaced["size"]["width"]["magnitude"] == 1_000_000
    assert replaced["description"] == "logo here"
    apply(
        deck,
        {
            "replaceImage": {
                "imageObjectId": replaced["objectId"],
                "url": "https://example.com/b.png",
            }
        },
    )
    assert element(deck, replaced["objectId"])["image"]["sourceUrl"] == "https://example.com/b.png"
    with pytest.raises(RequestError, match="could not be found"):
        apply(deck, {"deleteObject": {"objectId": "shape_1"}})
    with pytest.raises(RequestError, match="public http"):
        apply(deck, {"replaceImage": {"imageObjectId": replaced["objectId"], "url": "file:///x"}})
