"""Export decks the offline engine built from real batchUpdate requests."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from pptx import Presentation
from pptx.dml.color import RGBColor
from pptx.oxml.ns import qn

from slidegen.export.pptx import export_pptx
from slidegen.templates import blank_presentation
from slidegen.units import dimension, inches, pt

engine = pytest.importorskip("slidegen.backends.offline.engine")


def _box(page: str, x: float, y: float, width: float, height: float) -> dict[str, Any]:
    return {
        "pageObjectId": page,
        "size": {"width": dimension(inches(width)), "height": dimension(inches(height))},
        "transform": {
            "scaleX": 1,
            "scaleY": 1,
            "translateX": inches(x),
            "translateY": inches(y),
            "unit": "EMU",
        },
    }


def _requests() -> list[dict[str, Any]]:
    colour = {"rgbColor": {"red": 0.17, "green": 0.16, "blue": 0.42}}
    return [
        {
            "createSlide": {
                "objectId": "page_one",
                "slideLayoutReference": {"predefinedLayout": "BLANK"},
            }
        },
        {
            "createShape": {
                "objectId": "node_git",
                "shapeType": "ROUND_RECTANGLE",
                "elementProperties": _box("page_one", 0.5, 1, 2, 0.8),
            }
        },
        {
            "createShape": {
                "objectId": "node_ci",
                "shapeType": "RECTANGLE",
                "elementProperties": _box("page_one", 5, 3, 2, 0.8),
            }
        },
        {"insertText": {"objectId": "node_git", "text": "Git server"}},
        {"insertText": {"objectId": "node_ci", "text": "CI runners"}},
        {
            "updateShapeProperties": {
                "objectId": "node_ci",
                "shapeProperties": {"shapeBackgroundFill": {"solidFill": {"color": colour}}},
                "fields": "shapeBackgroundFill.solidFill.color",
            }
        },
        {
            "createLine": {
                "objectId": "edge_git_ci",
                "category": "BENT",
                "elementProperties": _box("page_one", 2.5, 1.4, 2.5, 2),
            }
        },
        {
            "updateLineProperties": {
                "objectId": "edge_git_ci",
                "lineProperties": {
                    "startConnection": {"connectedObjectId": "node_git", "connectionSiteIndex": 3},
                    "endConnection": {"connectedObjectId": "node_ci", "connectionSiteIndex": 1},
                    "endArrow": "FILL_ARROW",
                    "weight": dimension(pt(2)),
                },
                "fields": "startConnection,endConnection,endArrow,weight",
            }
        },
        {
            "createTable": {
                "objectId": "grid_one",
                "rows": 2,
                "columns": 3,
                "elementProperties": _box("page_one", 0.5, 4, 6, 0.8),
            }
        },
        {
            "mergeTableCells": {
                "objectId": "grid_one",
                "tableRange": {
                    "location": {"rowIndex": 0, "columnIndex": 0},
                    "rowSpan": 1,
                    "columnSpan": 2,
                },
            }
        },
        {
            "insertText": {
                "objectId": "grid_one",
                "cellLocation": {"rowIndex": 0, "columnIndex": 0},
                "text": "Header",
            }
        },
        {
            "insertText": {
                "objectId": "grid_one",
                "cellLocation": {"rowIndex": 1, "columnIndex": 2},
                "text": "c",
            }
        },
        {
            "createSlide": {
                "objectId": "page_two",
                "slideLayoutReference": {"predefinedLayout": "BLANK"},
            }
        },
        {
            "updateSlideProperties": {
                "objectId": "page_two",
                "slideProperties": {"isSkipped": True},
                "fields": "isSkipped",
            }
        },
    ]


def test_engine_deck_exports_with_attached_connector(tmp_path: Path) -> None:
    deck = engine.OfflineDeck(blank_presentation())
    deck.batch_update({"requests": _requests()})
    target = tmp_path / "engine.pptx"
    export_pptx(deck.presentation, target)
    result = Presentation(str(target))
    first, second = result.slides
    assert second._element.get("show") == "0"
    shapes = {shape.name: shape for shape in first.shapes}
    assert shapes["node_git"].text_frame.text == "Git server"
    assert shapes["node_ci"].fill.fore_color.rgb == RGBColor(0x2B, 0x29, 0x6B)
    connector = shapes["edge_git_ci"]
    start = connector._element.find(f".//{qn('a:stCxn')}")
    end = connector._element.find(f".//{qn('a:endCxn')}")
    assert (start.get("id"), start.get("idx")) == (str(shapes["node_git"].shape_id), "3")
    assert (end.get("id"), end.get("idx")) == (str(shapes["node_ci"].shape_id), "1")
    # Site 3 of node_git is the middle of its right edge; site 1 of node_ci the middle of its left.
    assert (connector.begin_x, connector.begin_y) == (inches(2.5), inches(1.4))
    assert (connector.end_x, connector.end_y) == (inches(5), inches(3.4))
    assert connector._element.spPr.find(qn("a:prstGeom")).get("prst").startswith("bentConnector")
    assert connector._element.spPr.find(qn("a:ln")).find(qn("a:tailEnd")).get("type") == "triangle"
    grid = shapes["grid_one"].table
    assert grid.cell(0, 0).is_merge_origin and grid.cell(0, 0).span_width == 2
    assert grid.cell(0, 0).text == "Header" and grid.cell(1, 2).text == "c"
