"""XML the .pptx export writes directly must be what python-pptx's object model writes."""

from __future__ import annotations

import copy
import itertools
import zipfile
from pathlib import Path
from typing import Any

import pytest
from lxml import etree
from pptx import Presentation
from pptx.dml.color import RGBColor
from pptx.enum.shapes import MSO_AUTO_SHAPE_TYPE, MSO_CONNECTOR
from pptx.oxml import parse_xml
from pptx.oxml.ns import nsdecls
from pptx.oxml.xmlchemy import BaseOxmlElement
from pptx.text.text import Font
from pptx.util import Emu
from test_export_pptx import deck, element, slide, text

import slidegen.export.pptx as pptx_export
from slidegen.export.colours import ColourScheme
from slidegen.export.geometry import Placement
from slidegen.export.pptx import (
    _attach,
    _Exporter,
    _notes_body,
    export_pptx,
    shape_preset,
    shape_xml,
    solid_background,
)
from slidegen.export.text import (
    configure_frame,
    font_size_emu,
    fragment_xml,
    run_properties_xml,
    write_plain_text,
)

Style = dict[str, Any]


def reference_run_properties(style: Style, scheme: ColourScheme, *, field: bool) -> str:
    """Return the `a:rPr` python-pptx's Font API writes for `style`."""
    if field:
        properties = parse_xml(f'<a:rPr {nsdecls("a")} lang="en-US"/>')
    else:
        properties = parse_xml(f"<a:p {nsdecls('a')}/>").add_r().get_or_add_rPr()
    font = Font(properties)
    weighted = style.get("weightedFontFamily") or {}
    family = style.get("fontFamily") or weighted.get("fontFamily")
    if family:
        font.name = family
        # python-pptx names only the Latin font; complex scripts are named the same.
        complex_scripts = parse_xml(f"<a:cs {nsdecls('a')}/>")
        complex_scripts.set("typeface", family)
        properties.get_or_add_latin().addnext(complex_scripts)
    size = style.get("fontSize")
    if size and size.get("magnitude"):
        font.size = Emu(font_size_emu(size))
    bold = style.get("bold")
    if bold is None and weighted.get("weight") is not None:
        bold = int(weighted["weight"]) >= 600
    if bold is not None:
        font.bold = bool(bold)
    if style.get("italic") is not None:
        font.italic = bool(style["italic"])
    if style.get("underline") is not None:
        font.underline = bool(style["underline"])
    colour = scheme.resolve_optional(style.get("foregroundColor"))
    if colour is not None:
        font.color.rgb = colour
    if style.get("strikethrough"):
        properties.set("strike", "sngStrike")
    if style.get("smallCaps"):
        properties.set("cap", "small")
    offset = style.get("baselineOffset")
    if offset == "SUPERSCRIPT":
        properties.set("baseline", "30000")
    elif offset == "SUBSCRIPT":
        properties.set("baseline", "-25000")
    return fragment_xml(properties)


def styles() -> list[Style]:
    """Return styles that set every field a run's properties carry, alone and together."""
    options: list[list[Style]] = [
        [{}, {"fontFamily": "Arial"}, {"fontFamily": 'Sans & <Co> "Tab"\there'}],
        [{}, {"fontSize": {"magnitude": 11.5, "unit": "PT"}}, {"fontSize": {"magnitude": 0}}],
        [{}, {"bold": True}, {"bold": False}, {"weightedFontFamily": {"weight": 700}}],
        [{}, {"italic": False}, {"underline": True}, {"underline": False, "italic": True}],
        [
            {},
            {"foregroundColor": {"opaqueColor": {"rgbColor": {"red": 0.2, "blue": 1}}}},
            {"foregroundColor": {"opaqueColor": {"themeColor": "ACCENT1"}}},
            {"foregroundColor": {}},
        ],
        [{}, {"strikethrough": True, "smallCaps": True}, {"baselineOffset": "SUBSCRIPT"}],
        [{}, {"baselineOffset": "SUPERSCRIPT"}, {"weightedFontFamily": {"fontFamily": "Lato"}}],
    ]
    combined = []
    for parts in itertools.product(*options):
        style: Style = {}
        for part in parts:
            style.update(part)
        combined.append(style)
    return combined


@pytest.mark.parametrize("field", [False, True])
def test_run_properties_written_directly_match_python_pptx(field: bool) -> None:
    scheme = ColourScheme()
    checked = styles()
    assert len(checked) > 1000
    for style in checked:
        expected = reference_run_properties(style, scheme, field=field)
        assert run_properties_xml(style, scheme, field=field) == expected, style


def written(element: BaseOxmlElement) -> bytes:
    """Return the XML of `element` as a tree of its own (declaring what it uses)."""
    return bytes(etree.tostring(copy.deepcopy(element)))


def connector_cases() -> list[tuple[tuple[int, int, int, int], tuple[int, int, int, int], int]]:
    """Return connectors (begin and end points), target boxes and sites to attach them to."""
    lines = [
        (1_000_000, 1_000_000, 3_000_000, 2_000_000),
        (3_000_000, 2_000_000, 1_000_000, 1_000_000),
        (1_000_000, 2_000_000, 3_000_000, 1_000_000),
        (3_000_000, 1_000_000, 1_000_000, 2_000_000),
        (2_000_000, 1_000_000, 2_000_000, 3_000_000),
    ]
    boxes = [
        (500_000, 400_000, 600_001, 300_001),
        (2_500_000, 1_500_000, 400_000, 700_000),
        (4_000_000, 3_000_000, 1_000_000, 1_000_000),
    ]
    return [(line, box, site) for line in lines for box in boxes for site in range(4)]


@pytest.mark.parametrize("begin", [True, False])
def test_attaching_a_connector_matches_python_pptx(begin: bool) -> None:
    deck = Presentation()
    shapes = deck.slides.add_slide(deck.slide_layouts[6]).shapes
    for line, box, site in connector_cases():
        target = shapes.add_shape(MSO_AUTO_SHAPE_TYPE.RECTANGLE, *map(Emu, box))
        reference = shapes.add_connector(MSO_CONNECTOR.STRAIGHT, *map(Emu, line))
        ours: BaseOxmlElement = copy.deepcopy(reference._element)
        if begin:
            reference.begin_connect(target, site)
        else:
            reference.end_connect(target, site)
        _attach(ours, target._element, site, begin=begin)
        assert written(ours) == written(reference._element), (line, box, site)


def test_attaching_both_ends_matches_python_pptx() -> None:
    deck = Presentation()
    shapes = deck.slides.add_slide(deck.slide_layouts[6]).shapes
    first = shapes.add_shape(MSO_AUTO_SHAPE_TYPE.RECTANGLE, *map(Emu, (500_000, 0, 10, 10)))
    for line, box, site in connector_cases():
        target = shapes.add_shape(MSO_AUTO_SHAPE_TYPE.RECTANGLE, *map(Emu, box))
        reference = shapes.add_connector(MSO_CONNECTOR.ELBOW, *map(Emu, line))
        ours: BaseOxmlElement = copy.deepcopy(reference._element)
        reference.begin_connect(first, (site + 1) % 4)
        reference.end_connect(target, site)
        _attach(ours, first._element, (site + 1) % 4, begin=True)
        _attach(ours, target._element, site, begin=False)
        assert written(ours) == written(reference._element), (line, box, site)


@pytest.mark.parametrize("earlier", [None, RGBColor(0x10, 0x20, 0x30)])
def test_a_solid_background_matches_python_pptx(earlier: RGBColor | None) -> None:
    deck = Presentation()
    for colour in (RGBColor(0xFF, 0xFF, 0xFF), RGBColor(0x01, 0xAB, 0x9C)):
        reference = deck.slides.add_slide(deck.slide_layouts[6])
        ours = deck.slides.add_slide(deck.slide_layouts[6])
        if earlier is not None:
            for slide in (reference, ours):
                slide.background.fill.solid()
                slide.background.fill.fore_color.rgb = earlier
        reference.background.fill.solid()
        reference.background.fill.fore_color.rgb = colour
        solid_background(ours._element, colour)
        assert etree.tostring(ours._element) == etree.tostring(reference._element)


_RED = {"rgbColor": {"red": 1.0, "green": 0.25}}
_FILLS: list[dict[str, Any] | None] = [
    None,
    {"propertyState": "NOT_RENDERED", "solidFill": {"color": _RED}},
    {"solidFill": {"color": _RED}},
    {"propertyState": "RENDERED", "solidFill": {"color": _RED, "alpha": 0.4}},
    {"solidFill": {"color": {"themeColor": "ACCENT2"}, "alpha": 1.0}},
    {"solidFill": {"color": {}}},
    {"solidFill": {"color": _RED, "alpha": -0.5}},
]
_OUTLINES: list[dict[str, Any] | None] = [
    None,
    {"propertyState": "NOT_RENDERED", "outlineFill": {"solidFill": {"color": _RED}}},
    {"outlineFill": {"solidFill": {"color": _RED}}},
    {
        "outlineFill": {"solidFill": {"color": _RED, "alpha": 0.25}},
        "weight": {"magnitude": 2.5, "unit": "PT"},
        "dashStyle": "DASH_DOT",
    },
    {"outlineFill": {"solidFill": {"color": _RED}}, "weight": {"magnitude": 0.3, "unit": "EMU"}},
    {"outlineFill": {"solidFill": {"color": _RED}}, "dashStyle": "NO_SUCH_DASH"},
    {
        "outlineFill": {"solidFill": {"color": {"themeColor": "DARK1"}}},
        "weight": {"magnitude": 9e9, "unit": "EMU"},
    },
]
_PLACEMENTS = [
    Placement(10, 20, 300, 400),
    Placement(0, 0, 1, 1, rotation=30.5),
    Placement(5, 5, 50, 60, rotation=-90.0, flip_h=True),
    Placement(5, 5, 50, 60, rotation=360.0, flip_v=True),
    Placement(7, 8, 9, 10, flip_h=True, flip_v=True),
]
_FRAMES: list[dict[str, Any] | None] = [
    None,
    {"autofit": {"autofitType": "SHAPE_AUTOFIT"}},
    {"autofit": {"autofitType": "TEXT_AUTOFIT"}},
    {"autofit": {"autofitType": "TEXT_AUTOFIT", "fontScale": 0.625}},
    {"autofit": {"autofitType": "NONE", "fontScale": 0.9}},
    {"autofit": {"autofitType": "NONE", "fontScale": 1}},
]
_ALIGNMENTS = [None, "TOP", "MIDDLE", "BOTTOM", "CONTENT_ALIGNMENT_UNSPECIFIED"]


@pytest.mark.parametrize("shape_type", ["TEXT_BOX", "RECTANGLE", "ELLIPSE", "ROUND_RECTANGLE"])
def test_a_new_shape_written_directly_matches_python_pptx(shape_type: str) -> None:
    scheme = ColourScheme({"ACCENT2": RGBColor(0x12, 0x34, 0x56), "DARK1": RGBColor(0, 0, 0)})
    preset = "rect" if shape_type == "TEXT_BOX" else shape_preset(shape_type)
    deck = Presentation()
    cases = itertools.product(_PLACEMENTS, _FRAMES, _ALIGNMENTS)
    for number, (where, frame, alignment) in enumerate(cases):
        fill = _FILLS[number % len(_FILLS)]
        outline = _OUTLINES[(number // len(_FILLS)) % len(_OUTLINES)]
        reference_slide = deck.slides.add_slide(deck.slide_layouts[6])
        reference = _Exporter._new_shape(reference_slide.shapes, shape_type, preset, where)
        _Exporter._apply_fill(reference, fill, scheme)
        _Exporter._apply_outline(reference, outline, scheme)
        configure_frame(reference.text_frame, frame, alignment)
        built = parse_xml(
            shape_xml(shape_type, preset, where, fill, outline, frame, alignment, scheme)
        )
        ours_slide = deck.slides.add_slide(deck.slide_layouts[6])
        ours = _Exporter._copy_shape(ours_slide.shapes, built, where)
        for shape in (reference, ours):
            shape.name = "named as the deck names it"
        assert etree.tostring(ours_slide._element) == etree.tostring(reference_slide._element), (
            where,
            fill,
            outline,
            frame,
            alignment,
        )


@pytest.mark.parametrize(
    "notes",
    [
        "One line",
        "Two\nlines",
        "\n\nblank lines first and last\n",
        "a soft\vbreak, \v\vtwo more and a tab\there",
        "   ",
        "<markup> & \"quotes\" 'kept' as text",
        "control \x07 \x1b \r characters; \u00e9\u4e2d\U0001f600 stay",
    ],
)
def test_notes_written_directly_match_python_pptx(notes: str) -> None:
    deck = Presentation()
    reference = deck.slides.add_slide(deck.slide_layouts[6]).notes_slide
    ours = deck.slides.add_slide(deck.slide_layouts[6]).notes_slide
    for page in (reference, ours):
        frame = page.notes_text_frame
        assert frame is not None
        frame.text = "what was there before\nis replaced"
    assert reference.notes_text_frame is not None
    reference.notes_text_frame.text = notes
    body = _notes_body(ours._element)
    assert body is not None
    write_plain_text(body, notes)
    assert etree.tostring(ours._element) == etree.tostring(reference._element)


def _exported_parts(tmp_path: Path, presentation: dict[str, Any], name: str) -> dict[str, bytes]:
    target = tmp_path / f"{name}.pptx"
    export_pptx(presentation, target, drop_skipped=False)
    with zipfile.ZipFile(target) as archive:
        return {member: archive.read(member) for member in archive.namelist()}


def test_text_and_tables_written_as_text_match_the_parsed_trees(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A slide's paragraphs and tables go into its XML as text; parsed into the tree
    # first (as they are without deferring), the finished parts are the same bytes.
    tricky = "Tabs\there & <angle> \"quotes\" 'apostrophes' \u05e9\u05dc\u05d5\u05dd"
    tricky += " \u4e2d\u6587 \U0001f600"
    link = {"link": {"url": 'https://example.com/?a=1&b="2"'}, "fontFamily": 'A "B" & C'}
    cell_text = text([("cell & <one>", {})], [("\vsecond\x07", {"bold": True})])
    table = {
        "rows": 2,
        "columns": 2,
        "tableRows": [
            {"tableCells": [{"text": cell_text, "columnSpan": 2}, {}]},
            {"tableCells": [{"text": text([(tricky, {})])}, {}]},
        ],
    }
    presentation = deck(
        slide(
            "s1",
            element("box_1", 0, 0, 100_000, 100_000, shape={
                "shapeType": "TEXT_BOX",
                "text": text([(tricky, {}), ("linked", link)], [("", {})], [("last", {})]),
            }),
            element("box_2", 0, 0, 100_000, 100_000, shape={"shapeType": "RECTANGLE"}),
            element("table_1", 0, 0, 200_000, 100_000, table=table),
        ),
        slide("s2", element("box_3", 5, 5, 10, 10, shape={"shapeType": "ELLIPSE"})),
        slide("s3", *(element(f"number_{index}", 5, 5, 10, 10, shape={
            "shapeType": "TEXT_BOX",
            "text": {"textElements": [
                {"endIndex": 1, "paragraphMarker": {}},
                {"autoText": {"type": "SLIDE_NUMBER", "content": content}},
                {"textRun": {"content": "\n"}},
            ]},
        }) for index, content in enumerate(["", "3", "a\rb"]))),
    )  # fmt: skip
    deferred = _exported_parts(tmp_path, presentation, "deferred")
    monkeypatch.setattr(pptx_export, "start_deferring", lambda part: None)
    parsed = _exported_parts(tmp_path, presentation, "parsed")
    assert deferred.keys() == parsed.keys()
    for member, data in parsed.items():
        assert deferred[member] == data, member
    assert b"slidegen-deferred" not in b"".join(deferred.values())
    assert b"&amp; &lt;angle&gt;" in deferred["ppt/slides/slide1.xml"]


def test_characters_xml_cannot_hold_are_written_as_escapes_powerpoint_reads_back(
    tmp_path: Path,
) -> None:
    presentation = deck(
        slide("s1", element("box_1", 0, 0, 10, 10, shape={
            "shapeType": "TEXT_BOX",
            "text": text([("not characters: \uffff \ufffe \ud800", {"bold": True})]),
        }), element("box_2", 0, 20, 10, 10, shape={
            "shapeType": "TEXT_BOX", "text": text([("plain \uffff", {})]),
        }))
    )  # fmt: skip
    path = tmp_path / "escaped.pptx"
    export_pptx(presentation, path)
    with zipfile.ZipFile(path) as archive:
        xml = archive.read("ppt/slides/slide1.xml")
    assert b"not characters: _xFFFF_ _xFFFE_ _xD800_" in xml
    assert b"plain _xFFFF_" in xml
    assert len(Presentation(str(path)).slides) == 1
