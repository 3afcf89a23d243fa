"""Export presentation resources to .pptx and read them back with python-pptx."""

from __future__ import annotations

import io
import json
import logging
from pathlib import Path
from typing import Any

import pytest
from PIL import Image
from pptx import Presentation
from pptx.dml.color import RGBColor
from pptx.enum.shapes import MSO_AUTO_SHAPE_TYPE, MSO_SHAPE_TYPE
from pptx.enum.text import MSO_ANCHOR, PP_ALIGN
from pptx.oxml.ns import qn
from pptx.presentation import Presentation as PptxPresentation

from slidegen.errors import BackendError
from slidegen.export.pptx import export_pptx, shape_preset

A_NS = "{http://schemas.openxmlformats.org/drawingml/2006/main}"
FIXTURE = Path(__file__).parent / "fixtures" / "real-presentation-presenter.json"


def rgb(hex_colour: str) -> dict[str, float]:
    value = hex_colour.lstrip("#")
    return {
        name: int(value[i : i + 2], 16) / 255
        for name, i in zip(("red", "green", "blue"), (0, 2, 4), strict=True)
    }


def solid(hex_colour: str, alpha: float = 1.0) -> dict[str, Any]:
    return {"solidFill": {"color": {"rgbColor": rgb(hex_colour)}, "alpha": alpha}}


def emu(value: float) -> dict[str, Any]:
    return {"magnitude": value, "unit": "EMU"}


def element(
    object_id: str, x: float, y: float, width: float, height: float, **kind: Any
) -> dict[str, Any]:
    return {
        "objectId": object_id,
        "size": {"width": emu(width), "height": emu(height)},
        "transform": {"scaleX": 1, "scaleY": 1, "translateX": x, "translateY": y, "unit": "EMU"},
        **kind,
    }


def text(*paragraphs: list[tuple[str, dict[str, Any]]], **marker: Any) -> dict[str, Any]:
    """Return a TextContent: each paragraph a list of (content, style) runs."""
    elements: list[dict[str, Any]] = []
    index = 0
    for paragraph in paragraphs:
        runs = [(content, style) for content, style in paragraph]
        length = sum(len(c) for c, _ in runs) + 1
        elements.append(
            {"startIndex": index, "endIndex": index + length, "paragraphMarker": dict(marker)}
        )
        for position, (content, style) in enumerate(runs):
            last = position == len(runs) - 1
            body = content + ("\n" if last else "")
            elements.append({"startIndex": index, "textRun": {"content": body, "style": style}})
            index += len(body)
    return {"textElements": elements}


SCHEME = {
    "colors": [
        {"type": "DARK1", "color": rgb("#111111")},
        {"type": "LIGHT1", "color": rgb("#FFFFFF")},
        {"type": "ACCENT1", "color": rgb("#2B2A6B")},
        {"type": "ACCENT2", "color": rgb("#E24329")},
    ]
}


def deck(
    *slides: dict[str, Any],
    masters: list[dict[str, Any]] | None = None,
    layouts: list[dict[str, Any]] | None = None,
) -> dict[str, Any]:
    return {
        "presentationId": "test_deck",
        "pageSize": {"width": emu(9_144_000), "height": emu(5_143_500)},
        "masters": masters
        or [
            {
                "objectId": "master1",
                "pageType": "MASTER",
                "pageProperties": {"colorScheme": SCHEME},
                "pageElements": [],
            }
        ],
        "layouts": layouts or [],
        "slides": list(slides),
    }


def slide(object_id: str, *elements: dict[str, Any], **properties: Any) -> dict[str, Any]:
    return {
        "objectId": object_id,
        "pageElements": list(elements),
        "slideProperties": {"masterObjectId": "master1", **properties},
    }


def export(tmp_path: Path, presentation: dict[str, Any], **options: Any) -> PptxPresentation:
    target = tmp_path / "out.pptx"
    export_pptx(presentation, target, **options)
    return Presentation(str(target))


def shape_named(pptx_slide: Any, name: str) -> Any:
    for shape in pptx_slide.shapes:
        if shape.name == name:
            return shape
        if shape.shape_type == MSO_SHAPE_TYPE.GROUP:
            for child in shape.shapes:
                if child.name == name:
                    return child
    raise AssertionError(f"no shape {name}")


def test_slide_size_and_shape_geometry(tmp_path: Path) -> None:
    box = element("box_1", 100_000, 200_000, 1_000_000, 500_000, shape={"shapeType": "RECTANGLE"})
    box["transform"]["scaleX"] = 2.5
    result = export(tmp_path, deck(slide("s1", box)))
    assert (result.slide_width, result.slide_height) == (9_144_000, 5_143_500)
    shape = shape_named(result.slides[0], "box_1")
    assert (shape.left, shape.top, shape.width, shape.height) == (
        100_000,
        200_000,
        2_500_000,
        500_000,
    )
    assert shape.auto_shape_type == MSO_AUTO_SHAPE_TYPE.RECTANGLE


def test_shape_types_map_to_presets(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    elements = [
        element(f"shape_{i}", 0, 0, 500_000, 500_000, shape={"shapeType": kind})
        for i, kind in enumerate(
            [
                "ROUND_RECTANGLE",
                "ELLIPSE",
                "FLOW_CHART_DECISION",
                "RIGHT_ARROW",
                "CLOUD_CALLOUT",
                "CUSTOM",
            ]
        )
    ]
    result = export(tmp_path, deck(slide("s1", *elements)))
    found = [shape_named(result.slides[0], f"shape_{i}").auto_shape_type for i in range(6)]
    assert found[:4] == [
        MSO_AUTO_SHAPE_TYPE.ROUNDED_RECTANGLE,
        MSO_AUTO_SHAPE_TYPE.OVAL,
        MSO_AUTO_SHAPE_TYPE.FLOWCHART_DECISION,
        MSO_AUTO_SHAPE_TYPE.RIGHT_ARROW,
    ]
    assert found[5] == MSO_AUTO_SHAPE_TYPE.RECTANGLE
    assert shape_preset("TEXT_BOX") == "rect"
    assert "CUSTOM" in caplog.text


def test_fills_theme_colours_alpha_and_outline(tmp_path: Path) -> None:
    themed = element(
        "themed_1",
        0,
        0,
        100_000,
        100_000,
        shape={
            "shapeType": "RECTANGLE",
            "shapeProperties": {
                "shapeBackgroundFill": {
                    "solidFill": {"color": {"themeColor": "ACCENT2"}, "alpha": 0.5}
                },
                "outline": {
                    "outlineFill": solid("#00FF00"),
                    "weight": {"magnitude": 3, "unit": "PT"},
                    "dashStyle": "DASH",
                },
                "contentAlignment": "BOTTOM",
            },
        },
    )
    hidden = element(
        "hidden_1",
        0,
        0,
        100_000,
        100_000,
        shape={
            "shapeType": "RECTANGLE",
            "shapeProperties": {
                "shapeBackgroundFill": {"propertyState": "NOT_RENDERED"},
                "outline": {"propertyState": "NOT_RENDERED", "outlineFill": solid("#FF0000")},
            },
        },
    )
    result = export(tmp_path, deck(slide("s1", themed, hidden)))
    shape = shape_named(result.slides[0], "themed_1")
    assert shape.fill.fore_color.rgb == RGBColor(0xE2, 0x43, 0x29)
    alpha = shape._element.spPr.find(f"{A_NS}solidFill/{A_NS}srgbClr/{A_NS}alpha")
    assert alpha is not None and alpha.get("val") == "50000"
    assert shape.line.color.rgb == RGBColor(0, 0xFF, 0)
    assert shape.line.width == 3 * 12_700
    assert shape._element.spPr.find(f"{A_NS}ln/{A_NS}prstDash").get("val") == "dash"
    assert shape.text_frame.vertical_anchor == MSO_ANCHOR.BOTTOM
    other = shape_named(result.slides[0], "hidden_1")
    assert other._element.spPr.find(f"{A_NS}noFill") is not None
    assert other._element.spPr.find(f"{A_NS}ln/{A_NS}noFill") is not None
    # No theme style may leak a colour the deck did not ask for.
    assert other._element.find(qn("p:style")) is None


def test_text_runs_paragraphs_and_styles(tmp_path: Path) -> None:
    bold_red = {
        "bold": True,
        "fontFamily": "Georgia",
        "fontSize": {"magnitude": 20, "unit": "PT"},
        "foregroundColor": {"opaqueColor": {"rgbColor": rgb("#C91C00")}},
    }
    linked = {"underline": True, "link": {"url": "https://example.com/x"}, "italic": True}
    body = text(
        [("Hello ", bold_red), ("world", linked)],
        [("Second line", {"foregroundColor": {"opaqueColor": {"themeColor": "ACCENT1"}}})],
        style={
            "alignment": "CENTER",
            "lineSpacing": 150,
            "spaceAbove": {"magnitude": 6, "unit": "PT"},
        },
    )
    box = element(
        "text_1", 0, 0, 3_000_000, 1_000_000, shape={"shapeType": "TEXT_BOX", "text": body}
    )
    result = export(tmp_path, deck(slide("s1", box)))
    frame = shape_named(result.slides[0], "text_1").text_frame
    assert [p.text for p in frame.paragraphs] == ["Hello world", "Second line"]
    first, second = frame.paragraphs
    assert first.alignment == PP_ALIGN.CENTER
    assert first.line_spacing == pytest.approx(1.5)
    assert first.space_before == 6 * 12_700
    hello, world = first.runs
    assert (hello.font.bold, hello.font.name, hello.font.size) == (True, "Georgia", 20 * 12_700)
    assert hello.font.color.rgb == RGBColor(0xC9, 0x1C, 0x00)
    assert world.hyperlink.address == "https://example.com/x"
    assert world.font.underline is True and world.font.italic is True
    # Unstyled runs fall back to Slides' defaults: Arial 18pt in the DARK1 colour.
    assert world.font.name == "Arial" and world.font.size == 18 * 12_700
    assert second.runs[0].font.color.rgb == RGBColor(0x2B, 0x2A, 0x6B)
    # Slides pads text 0.1in on every side.
    assert frame.margin_top == frame.margin_left == 91_440


def test_bullets_become_glyphs_and_numbering(tmp_path: Path) -> None:
    body = {
        "textElements": [
            {
                "startIndex": 0,
                "endIndex": 4,
                "paragraphMarker": {"style": {}, "bullet": {"listId": "l1", "glyph": "●"}},
            },
            {"startIndex": 0, "textRun": {"content": "one\n", "style": {}}},
            {
                "startIndex": 4,
                "endIndex": 8,
                "paragraphMarker": {
                    "style": {
                        "indentStart": {"magnitude": 54, "unit": "PT"},
                        "indentFirstLine": {"magnitude": 36, "unit": "PT"},
                    },
                    "bullet": {"listId": "l1", "nestingLevel": 1, "glyph": "○"},
                },
            },
            {"startIndex": 4, "textRun": {"content": "two\n", "style": {}}},
            {
                "startIndex": 8,
                "endIndex": 12,
                "paragraphMarker": {"style": {}, "bullet": {"listId": "l2", "glyph": "3."}},
            },
            {"startIndex": 8, "textRun": {"content": "six\n", "style": {}}},
        ]
    }
    box = element(
        "list_1", 0, 0, 3_000_000, 1_000_000, shape={"shapeType": "TEXT_BOX", "text": body}
    )
    result = export(tmp_path, deck(slide("s1", box)))
    paragraphs = shape_named(result.slides[0], "list_1").text_frame.paragraphs
    first = paragraphs[0]._p.pPr
    assert first.find(qn("a:buChar")).get("char") == "●"
    second = paragraphs[1]._p.pPr
    assert second.get("lvl") == "1"
    assert second.find(qn("a:buChar")).get("char") == "○"
    assert (second.get("marL"), second.get("indent")) == (str(54 * 12_700), str(-18 * 12_700))
    numbered = paragraphs[2]._p.pPr.find(qn("a:buAutoNum"))
    assert (numbered.get("type"), numbered.get("startAt")) == ("arabicPeriod", "3")


def test_placeholder_inherits_text_style_geometry_and_fill(tmp_path: Path) -> None:
    master_title = element(
        "m_title",
        311_700,
        445_025,
        8_520_600,
        572_700,
        shape={
            "shapeType": "TEXT_BOX",
            "placeholder": {"type": "TITLE"},
            "shapeProperties": {"shapeBackgroundFill": solid("#F4F3FA")},
            "text": text(
                [
                    (
                        "\u200b",
                        {
                            "fontSize": {"magnitude": 30, "unit": "PT"},
                            "bold": True,
                            "foregroundColor": {"opaqueColor": {"themeColor": "ACCENT1"}},
                        },
                    )
                ]
            ),
        },
    )
    layout_title = element(
        "l_title",
        311_700,
        445_025,
        8_520_600,
        572_700,
        shape={
            "shapeType": "TEXT_BOX",
            "placeholder": {"type": "TITLE", "parentObjectId": "m_title"},
            "text": text([("\u200b", {"italic": True})]),
        },
    )
    slide_title = {
        "objectId": "s_title",
        "shape": {
            "shapeType": "TEXT_BOX",
            "placeholder": {"type": "TITLE", "parentObjectId": "l_title"},
            "shapeProperties": {"shapeBackgroundFill": {"propertyState": "INHERIT"}},
            "text": text([("Quarterly review", {})]),
        },
    }
    master = {
        "objectId": "master1",
        "pageType": "MASTER",
        "pageProperties": {"colorScheme": SCHEME},
        "pageElements": [master_title],
    }
    layout = {
        "objectId": "layout1",
        "pageType": "LAYOUT",
        "layoutProperties": {"masterObjectId": "master1", "name": "TITLE_ONLY"},
        "pageElements": [layout_title],
    }
    result = export(
        tmp_path,
        deck(
            slide("s1", slide_title, layoutObjectId="layout1"), masters=[master], layouts=[layout]
        ),
    )
    shapes = list(result.slides[0].shapes)
    # Layout and master placeholders are prompts, not content: only the slide's title is drawn.
    assert [s.name for s in shapes] == ["s_title"]
    title = shapes[0]
    assert (title.left, title.top, title.width) == (311_700, 445_025, 8_520_600)
    run = title.text_frame.paragraphs[0].runs[0]
    assert run.font.size == 30 * 12_700 and run.font.bold is True and run.font.italic is True
    assert run.font.color.rgb == RGBColor(0x2B, 0x2A, 0x6B)
    assert title.fill.fore_color.rgb == RGBColor(0xF4, 0xF3, 0xFA)


def test_master_decoration_and_backgrounds(tmp_path: Path) -> None:
    logo = element(
        "m_logo",
        10,
        20,
        30_000,
        40_000,
        shape={
            "shapeType": "ELLIPSE",
            "shapeProperties": {"shapeBackgroundFill": solid("#123456")},
        },
    )
    master = {
        "objectId": "master1",
        "pageType": "MASTER",
        "pageProperties": {
            "colorScheme": SCHEME,
            "pageBackgroundFill": {"solidFill": {"color": {"themeColor": "ACCENT1"}}},
        },
        "pageElements": [logo],
    }
    own = slide("s2", pageProperties=None)
    own["pageProperties"] = {"pageBackgroundFill": solid("#FFEEDD")}
    result = export(tmp_path, deck(slide("s1"), own, masters=[master]))
    first, second = result.slides
    assert first.background.fill.fore_color.rgb == RGBColor(0x2B, 0x2A, 0x6B)
    assert second.background.fill.fore_color.rgb == RGBColor(0xFF, 0xEE, 0xDD)
    assert shape_named(first, "m_logo").fill.fore_color.rgb == RGBColor(0x12, 0x34, 0x56)


def test_group_transform_applies_to_children(tmp_path: Path) -> None:
    child = element("child_1", 100_000, 100_000, 200_000, 100_000, shape={"shapeType": "RECTANGLE"})
    group = {
        "objectId": "group_1",
        "transform": {
            "scaleX": 2,
            "scaleY": 3,
            "translateX": 1_000_000,
            "translateY": 500_000,
            "unit": "EMU",
        },
        "elementGroup": {"children": [child]},
    }
    result = export(tmp_path, deck(slide("s1", group)))
    shape = shape_named(result.slides[0], "child_1")
    assert (shape.left, shape.top, shape.width, shape.height) == (
        1_200_000,
        800_000,
        400_000,
        300_000,
    )


def test_rotation_and_flip(tmp_path: Path) -> None:
    rotated = element("rot_1", 0, 0, 1_000_000, 500_000, shape={"shapeType": "RECTANGLE"})
    # 90° clockwise about the origin, then moved right: the centre lands at (1_250_000, 500_000).
    rotated["transform"] = {
        "scaleX": 0,
        "scaleY": 0,
        "shearX": -1,
        "shearY": 1,
        "translateX": 1_500_000,
        "translateY": 0,
        "unit": "EMU",
    }
    flipped = element("flip_1", 0, 0, 1_000_000, 500_000, shape={"shapeType": "RIGHT_ARROW"})
    flipped["transform"] = {
        "scaleX": -1,
        "scaleY": 1,
        "translateX": 3_000_000,
        "translateY": 0,
        "unit": "EMU",
    }
    result = export(tmp_path, deck(slide("s1", rotated, flipped)))
    shape = shape_named(result.slides[0], "rot_1")
    assert shape.rotation == pytest.approx(90.0)
    assert shape.left + shape.width // 2 == 1_250_000 and shape.top + shape.height // 2 == 500_000
    arrow = shape_named(result.slides[0], "flip_1")
    assert arrow._element.spPr.find(f"{A_NS}xfrm").get("flipH") == "1"
    assert (arrow.left, arrow.width) == (2_000_000, 1_000_000)


def test_table_cells_merges_widths_and_borders(tmp_path: Path) -> None:
    def cell(row: int, column: int, content: str, **extra: Any) -> dict[str, Any]:
        return {
            "location": {"rowIndex": row, "columnIndex": column},
            "text": text([(content, {"bold": row == 0})]),
            **extra,
        }

    red_border = {
        "tableBorderFill": solid("#FF0000"),
        "weight": {"magnitude": 2, "unit": "PT"},
        "dashStyle": "SOLID",
    }
    table = {
        "rows": 3,
        "columns": 3,
        "tableColumns": [{"columnWidth": emu(w)} for w in (1_000_000, 2_000_000, 1_500_000)],
        "tableRows": [
            {
                "rowHeight": emu(400_000),
                "tableCells": [
                    cell(
                        0,
                        0,
                        "Merged head",
                        columnSpan=2,
                        rowSpan=1,
                        tableCellProperties={
                            "tableCellBackgroundFill": solid("#2B2A6B"),
                            "contentAlignment": "MIDDLE",
                        },
                    ),
                    cell(0, 2, "C"),
                ],
            },
            {
                "rowHeight": emu(300_000),
                "tableCells": [
                    cell(1, 0, "tall", rowSpan=2, columnSpan=1),
                    cell(1, 1, "b1"),
                    cell(1, 2, "c1"),
                ],
            },
            {"rowHeight": emu(300_000), "tableCells": [cell(2, 1, "b2"), cell(2, 2, "c2")]},
        ],
        "horizontalBorderRows": [
            {
                "tableBorderCells": [
                    {
                        "location": {"rowIndex": 1, "columnIndex": 2},
                        "tableBorderProperties": red_border,
                    }
                ]
            }
        ],
        "verticalBorderRows": [
            {
                "tableBorderCells": [
                    {
                        "location": {"rowIndex": 2, "columnIndex": 3},
                        "tableBorderProperties": red_border,
                    }
                ]
            }
        ],
    }
    result = export(
        tmp_path,
        deck(slide("s1", element("table_1", 500_000, 600_000, 4_500_000, 1_000_000, table=table))),
    )
    frame = shape_named(result.slides[0], "table_1")
    grid = frame.table
    assert (frame.left, frame.top) == (500_000, 600_000)
    assert [c.width for c in grid.columns] == [1_000_000, 2_000_000, 1_500_000]
    assert [r.height for r in grid.rows] == [400_000, 300_000, 300_000]
    head = grid.cell(0, 0)
    assert head.is_merge_origin and head.span_width == 2 and grid.cell(0, 1).is_spanned
    assert grid.cell(1, 0).span_height == 2
    assert head.text == "Merged head" and head.text_frame.paragraphs[0].runs[0].font.bold
    assert grid.cell(2, 2).text == "c2"
    assert head.fill.fore_color.rgb == RGBColor(0x2B, 0x2A, 0x6B)
    assert head.vertical_anchor == MSO_ANCHOR.MIDDLE
    # Horizontal border line 1, column 2: bottom of (0, 2) and top of (1, 2).
    for row, side in ((0, "a:lnB"), (1, "a:lnT")):
        line = grid.cell(row, 2)._tc.tcPr.find(qn(side))
        assert line.get("w") == str(2 * 12_700)
        assert line.find(f"{A_NS}solidFill/{A_NS}srgbClr").get("val") == "FF0000"
    # Vertical border column 3 (the right edge), row 2: right side of (2, 2).
    assert grid.cell(2, 2)._tc.tcPr.find(qn("a:lnR")) is not None
    assert grid.cell(2, 1)._tc.tcPr.find(qn("a:lnR")) is None
    # Borders precede the fill inside a:tcPr, as DrawingML requires.
    tags = [child.tag for child in grid.cell(1, 2)._tc.tcPr]
    assert tags.index(qn("a:lnT")) < tags.index(qn("a:noFill"))


def _connected_deck(category: str, start_arrow: str, end_arrow: str) -> dict[str, Any]:
    left = element(
        "box_a", 500_000, 1_000_000, 1_000_000, 600_000, shape={"shapeType": "RECTANGLE"}
    )
    right = element(
        "box_b", 4_000_000, 2_000_000, 1_000_000, 600_000, shape={"shapeType": "ROUND_RECTANGLE"}
    )
    line = element(
        "line_1",
        1_500_000,
        1_300_000,
        2_500_000,
        1_000_000,
        line={
            "lineCategory": category,
            "lineType": {
                "STRAIGHT": "STRAIGHT_CONNECTOR_1",
                "BENT": "BENT_CONNECTOR_3",
                "CURVED": "CURVED_CONNECTOR_3",
            }[category],
            "lineProperties": {
                "lineFill": solid("#6E6D78"),
                "weight": {"magnitude": 1.5, "unit": "PT"},
                "dashStyle": "DOT",
                "startArrow": start_arrow,
                "endArrow": end_arrow,
                "startConnection": {"connectedObjectId": "box_a", "connectionSiteIndex": 3},
                "endConnection": {"connectedObjectId": "box_b", "connectionSiteIndex": 1},
            },
        },
    )
    # The line is drawn before box_b exists on the slide: connections resolve after all shapes.
    return deck(slide("s1", left, line, right))


@pytest.mark.parametrize(
    ("category", "preset"),
    [
        ("STRAIGHT", "straightConnector1"),
        ("BENT", "bentConnector3"),
        ("CURVED", "curvedConnector3"),
    ],
)
def test_connected_line_becomes_attached_connector(
    tmp_path: Path, category: str, preset: str
) -> None:
    result = export(tmp_path, _connected_deck(category, "NONE", "FILL_ARROW"))
    page = result.slides[0]
    connector = shape_named(page, "line_1")
    box_a, box_b = shape_named(page, "box_a"), shape_named(page, "box_b")
    element_xml = connector._element
    start = element_xml.find(f".//{qn('a:stCxn')}")
    end = element_xml.find(f".//{qn('a:endCxn')}")
    assert (start.get("id"), start.get("idx")) == (str(box_a.shape_id), "3")
    assert (end.get("id"), end.get("idx")) == (str(box_b.shape_id), "1")
    assert (connector.begin_x, connector.begin_y) == (1_500_000, 1_300_000)
    assert (connector.end_x, connector.end_y) == (4_000_000, 2_300_000)
    assert element_xml.spPr.find(f"{A_NS}prstGeom").get("prst") == preset
    ln = element_xml.spPr.find(f"{A_NS}ln")
    assert ln.find(f"{A_NS}tailEnd").get("type") == "triangle"
    assert ln.find(f"{A_NS}headEnd") is None
    assert ln.find(f"{A_NS}prstDash").get("val") == "sysDot"
    assert ln.get("w") == str(round(1.5 * 12_700))
    assert connector.line.color.rgb == RGBColor(0x6E, 0x6D, 0x78)


def test_arrow_heads_at_both_ends(tmp_path: Path) -> None:
    result = export(tmp_path, _connected_deck("STRAIGHT", "OPEN_CIRCLE", "STEALTH_ARROW"))
    ln = shape_named(result.slides[0], "line_1")._element.spPr.find(f"{A_NS}ln")
    children = [child.tag for child in ln]
    assert ln.find(f"{A_NS}headEnd").get("type") == "oval"
    assert ln.find(f"{A_NS}tailEnd").get("type") == "stealth"
    assert children.index(f"{A_NS}headEnd") < children.index(f"{A_NS}tailEnd")


def test_connection_to_missing_shape_stays_free(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    presentation = _connected_deck("STRAIGHT", "NONE", "NONE")
    presentation["slides"][0]["pageElements"].pop()  # box_b is gone
    with caplog.at_level(logging.WARNING):
        result = export(tmp_path, presentation)
    connector = shape_named(result.slides[0], "line_1")
    assert connector._element.find(f".//{qn('a:endCxn')}") is None
    assert connector._element.find(f".//{qn('a:stCxn')}") is not None
    assert "box_b" in caplog.text


def test_skipped_slides_hidden_or_dropped(tmp_path: Path) -> None:
    presentation = deck(slide("s1"), slide("s2", isSkipped=True), slide("s3"))
    kept = export(tmp_path, presentation)
    assert [s._element.get("show") for s in kept.slides] == [None, "0", None]
    dropped = export(tmp_path, presentation, drop_skipped=True)
    assert len(dropped.slides) == 2


def test_speaker_notes(tmp_path: Path) -> None:
    notes_shape = {
        "objectId": "s1_notes_body",
        "shape": {"shapeType": "TEXT_BOX", "text": text([("Say hello", {})], [("then demo", {})])},
    }
    notes_page = {
        "objectId": "s1_notes",
        "pageElements": [notes_shape],
        "notesProperties": {"speakerNotesObjectId": "s1_notes_body"},
    }
    result = export(tmp_path, deck(slide("s1", notesPage=notes_page), slide("s2")))
    first, second = result.slides
    assert first.notes_slide.notes_text_frame.text == "Say hello\nthen demo"
    assert not second.has_notes_slide


def _png_bytes() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (4, 3), (255, 0, 0)).save(buffer, format="PNG")
    return buffer.getvalue()


def test_images_embedded_from_files_or_shown_as_placeholders(tmp_path: Path) -> None:
    picture_file = tmp_path / "pixel.png"
    picture_file.write_bytes(_png_bytes())
    local = element(
        "img_local",
        0,
        0,
        400_000,
        300_000,
        image={
            "contentUrl": picture_file.as_uri(),
            "imageProperties": {"cropProperties": {"leftOffset": 0.25}},
        },
    )
    remote = element(
        "img_remote",
        500_000,
        0,
        400_000,
        300_000,
        image={"contentUrl": "https://example.com/a.png"},
    )
    result = export(tmp_path, deck(slide("s1", local, remote)))
    page = result.slides[0]
    embedded = shape_named(page, "img_local")
    assert embedded.shape_type == MSO_SHAPE_TYPE.PICTURE
    assert embedded.image.blob == picture_file.read_bytes()
    assert embedded.crop_left == pytest.approx(0.25)
    placeholder = shape_named(page, "img_remote")
    assert placeholder.shape_type == MSO_SHAPE_TYPE.AUTO_SHAPE
    assert placeholder.text_frame.text == "Image: https://example.com/a.png"
    assert (placeholder.left, placeholder.width) == (500_000, 400_000)


def test_a_local_image_that_cannot_be_read_shows_no_path(tmp_path: Path) -> None:
    missing = element(
        "img_gone", 0, 0, 400_000, 300_000, image={"contentUrl": (tmp_path / "x.png").as_uri()}
    )
    result = export(tmp_path, deck(slide("s1", missing)))
    placeholder = shape_named(result.slides[0], "img_gone")
    assert placeholder.text_frame.text == "Image could not be embedded"
    assert str(tmp_path) not in placeholder.text_frame.text


def test_custom_image_loader_is_used(tmp_path: Path) -> None:
    asked: list[str] = []

    def loader(url: str) -> bytes | None:
        asked.append(url)
        return _png_bytes() if url.endswith("good.png") else b"not an image"

    good = element("img_good", 0, 0, 100_000, 100_000, image={"contentUrl": "https://cdn/good.png"})
    bad = element("img_bad", 0, 0, 100_000, 100_000, image={"contentUrl": "https://cdn/bad.png"})
    result = export(tmp_path, deck(slide("s1", good, bad)), image_loader=loader)
    assert asked == ["https://cdn/good.png", "https://cdn/bad.png"]
    assert shape_named(result.slides[0], "img_good").shape_type == MSO_SHAPE_TYPE.PICTURE
    assert shape_named(result.slides[0], "img_bad").text_frame.text == "Image: https://cdn/bad.png"


def test_unknown_elements_are_skipped_with_a_warning(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    odd = {"objectId": "odd_1", "hologram": {}}
    fine = element("fine_1", 0, 0, 100, 100, shape={"shapeType": "RECTANGLE"})
    with caplog.at_level(logging.WARNING):
        result = export(tmp_path, deck(slide("s1", odd, fine)))
    assert [s.name for s in result.slides[0].shapes] == ["fine_1"]
    assert "odd_1" in caplog.text


def test_alt_text_is_kept(tmp_path: Path) -> None:
    tagged = element(
        "tagged_1",
        0,
        0,
        100,
        100,
        shape={"shapeType": "RECTANGLE"},
        title="region",
        description="slidegen:risks.table",
    )
    result = export(tmp_path, deck(slide("s1", tagged)))
    c_nv_pr = shape_named(result.slides[0], "tagged_1")._element.find(f".//{qn('p:cNvPr')}")
    assert (c_nv_pr.get("descr"), c_nv_pr.get("title")) == ("slidegen:risks.table", "region")


def test_unwritable_target_is_a_backend_error(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x")
    with pytest.raises(BackendError, match="cannot write"):
        export_pptx(deck(slide("s1")), blocker / "deck.pptx")


def test_real_presentation_exports(tmp_path: Path) -> None:
    presentation = json.loads(FIXTURE.read_text(encoding="utf-8"))
    result = export(tmp_path, presentation)
    assert len(result.slides) == len(presentation["slides"])
    assert result.slide_width == round(presentation["pageSize"]["width"]["magnitude"])
    texts = [
        shape.text_frame.text
        for page in result.slides
        for shape in page.shapes
        if shape.has_text_frame
    ]
    assert "The “Dark Matter” of Investing" in texts
    titles = [s.name for s in result.slides[1].shapes]
    assert titles[0] == presentation["slides"][1]["pageElements"][0]["objectId"]
    # Remote images cannot be fetched offline: each becomes a labelled box.
    assert any(t.startswith("Image: https://") for t in texts)


def test_slide_number_autofit_scale_and_letter_lists(tmp_path: Path) -> None:
    body = {
        "textElements": [
            {"endIndex": 3, "paragraphMarker": {"style": {}, "bullet": {"glyph": "c)"}}},
            {"endIndex": 1, "autoText": {"type": "SLIDE_NUMBER", "content": "7", "style": {}}},
            {"startIndex": 1, "endIndex": 3, "textRun": {"content": "x\n", "style": {}}},
        ]
    }
    shape = {
        "shapeType": "TEXT_BOX",
        "text": body,
        "shapeProperties": {"autofit": {"fontScale": 0.8}},
    }
    result = export(
        tmp_path, deck(slide("s1", element("num_1", 0, 0, 900_000, 300_000, shape=shape)))
    )
    frame = shape_named(result.slides[0], "num_1").text_frame
    paragraph = frame.paragraphs[0]._p
    field = paragraph.find(qn("a:fld"))
    assert field.get("type") == "slidenum" and field.find(qn("a:t")).text == "7"
    numbering = paragraph.pPr.find(qn("a:buAutoNum"))
    assert (numbering.get("type"), numbering.get("startAt")) == ("alphaLcParenR", "3")
    autofit = frame._txBody.bodyPr.find(qn("a:normAutofit"))
    assert autofit.get("fontScale") == "80000"


def test_odd_and_incomplete_elements_never_break_the_export(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    size = {"width": emu(100_000), "height": emu(50_000)}
    odd = [
        {"objectId": "no_size", "shape": {"shapeType": "RECTANGLE"}},
        {
            "objectId": "orphan_run",
            "size": size,
            "shape": {
                "shapeType": "ELLIPSE",
                "text": {"textElements": [{"textRun": {"content": "orphan"}}]},
            },
        },
        {"objectId": "zero_table", "table": {"rows": 0, "columns": 0}},
        {"objectId": "bare_table", "table": {"rows": 2, "columns": 2}},
        {"objectId": "bare_line", "line": {}},
        {
            "objectId": "bad_sites",
            "line": {
                "lineProperties": {
                    "startConnection": {"connectedObjectId": "bare_table"},
                    "endConnection": {"connectedObjectId": "no_size", "connectionSiteIndex": 7},
                }
            },
        },
        {"objectId": "img_none", "image": {}},
        {"objectId": "empty_group", "elementGroup": {"children": []}},
        {"objectId": "video_1", "video": {"url": "https://video.example/v"}},
        {"objectId": "chart_1", "sheetsChart": {"spreadsheetId": "abc", "chartId": 1}},
        {
            "objectId": "mirrored",
            "size": {"width": emu(-300_000), "height": emu(100_000)},
            "transform": {"scaleX": 1, "scaleY": 1, "translateX": 500_000},
            "shape": {"shapeType": "RECTANGLE"},
        },
        {
            "objectId": "in_points",
            "size": {
                "width": {"magnitude": 72, "unit": "PT"},
                "height": {"magnitude": 36, "unit": "PT"},
            },
            "transform": {
                "scaleX": 1,
                "scaleY": 1,
                "translateX": 72,
                "translateY": 36,
                "unit": "PT",
            },
            "shape": {"shapeType": "TEXT_BOX"},
        },
    ]
    presentation = {"slides": [{"objectId": "s1", "pageElements": odd}, {}]}
    with caplog.at_level(logging.WARNING):
        result = export(tmp_path, presentation)
    page = result.slides[0]
    assert shape_named(page, "orphan_run").text_frame.text == "orphan"
    assert shape_named(page, "video_1").text_frame.text == "Video: https://video.example/v"
    mirrored = shape_named(page, "mirrored")
    assert (mirrored.left, mirrored.width) == (200_000, 300_000)
    assert mirrored._element.spPr.find(f"{A_NS}xfrm").get("flipH") == "1"
    points = shape_named(page, "in_points")
    assert (points.left, points.top, points.width, points.height) == (
        914_400,
        457_200,
        914_400,
        457_200,
    )
    connector = shape_named(page, "bad_sites")._element
    assert (
        connector.find(f".//{qn('a:stCxn')}") is None
        and connector.find(f".//{qn('a:endCxn')}") is None
    )
    assert "zero_table" in caplog.text and "bare_table" in caplog.text
    # Without a master, theme colours fall back to Slides' stock theme (DARK1 is black).
    run = shape_named(page, "orphan_run").text_frame.paragraphs[0].runs[0]
    assert run.font.color.rgb == RGBColor(0, 0, 0)
    assert len(result.slides) == 2


def test_empty_paragraph_keeps_the_size_of_its_newline(tmp_path: Path) -> None:
    small = {"fontSize": {"magnitude": 9, "unit": "PT"}}
    body = {
        "textElements": [
            {"endIndex": 4, "paragraphMarker": {"style": {}}},
            {"endIndex": 3, "textRun": {"content": "one", "style": small}},
            {"startIndex": 3, "endIndex": 4, "textRun": {"content": "\n", "style": small}},
            {"startIndex": 4, "endIndex": 5, "paragraphMarker": {"style": {}}},
            {"startIndex": 4, "endIndex": 5, "textRun": {"content": "\n", "style": small}},
            {"startIndex": 5, "endIndex": 9, "paragraphMarker": {"style": {}}},
            {"startIndex": 5, "endIndex": 9, "textRun": {"content": "two\n", "style": small}},
        ]
    }
    box = element(
        "gap_1", 0, 0, 3_000_000, 1_000_000, shape={"shapeType": "TEXT_BOX", "text": body}
    )
    result = export(tmp_path, deck(slide("s1", box)))
    paragraphs = shape_named(result.slides[0], "gap_1").text_frame.paragraphs
    assert [p.text for p in paragraphs] == ["one", "", "two"]
    assert [p._p.find(qn("a:endParaRPr")).get("sz") for p in paragraphs] == ["900"] * 3


def test_unset_alignment_is_top_left_like_slides(tmp_path: Path) -> None:
    body = text([("first", {})], [("second", {})])
    box = element(
        "plain_1", 0, 0, 1_000_000, 1_000_000, shape={"shapeType": "ELLIPSE", "text": body}
    )
    result = export(tmp_path, deck(slide("s1", box)))
    frame = shape_named(result.slides[0], "plain_1").text_frame
    assert frame.vertical_anchor == MSO_ANCHOR.TOP
    assert [p.alignment for p in frame.paragraphs] == [PP_ALIGN.LEFT, PP_ALIGN.LEFT]


def test_right_to_left_paragraphs_are_marked_and_start_on_the_right(tmp_path: Path) -> None:
    body = text(
        [("مرحبا بالعالم", {})],
        style={"direction": "RIGHT_TO_LEFT", "alignment": "START"},
    )
    ended = text([("שלום", {})], style={"direction": "RIGHT_TO_LEFT", "alignment": "END"})
    latin = text([("hello", {})], style={"direction": "LEFT_TO_RIGHT", "alignment": "START"})
    boxes = [
        element(name, 0, 0, 1_000_000, 500_000, shape={"shapeType": "TEXT_BOX", "text": content})
        for name, content in (("ar_1", body), ("he_1", ended), ("en_1", latin))
    ]
    result = export(tmp_path, deck(slide("s1", *boxes)))
    paragraphs = {
        name: shape_named(result.slides[0], name).text_frame.paragraphs[0]
        for name in ("ar_1", "he_1", "en_1")
    }
    assert paragraphs["ar_1"]._p.pPr.get("rtl") == "1"
    assert paragraphs["ar_1"].alignment == PP_ALIGN.RIGHT
    assert paragraphs["he_1"]._p.pPr.get("rtl") == "1"
    assert paragraphs["he_1"].alignment == PP_ALIGN.LEFT
    assert paragraphs["en_1"]._p.pPr.get("rtl") is None
    assert paragraphs["en_1"].alignment == PP_ALIGN.LEFT
