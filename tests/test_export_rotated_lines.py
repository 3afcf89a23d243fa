"""Rotated connectors (vertical-first bent lines) export along the path Slides draws."""

from __future__ import annotations

import math
import re
import zipfile
from pathlib import Path
from typing import Any

import pytest
from pptx import Presentation
from pptx.oxml.ns import qn

from slidegen.export.geometry import Affine, placement
from slidegen.export.pptx import export_pptx
from slidegen.templates import blank_presentation

engine = pytest.importorskip("slidegen.backends.offline.engine")

Point = tuple[float, float]
PAGE = "page_one"
BOX_WIDTH, BOX_HEIGHT = 1_000_000, 600_000
# Site 0 is the middle of a rectangle's top edge, 2 the middle of its bottom edge.
TOP, BOTTOM = 0, 2


def bent_path(width: float, height: float) -> list[Point]:
    """Return the bentConnector3 path (default adjustment) in its width × height box."""
    return [(0, 0), (width / 2, 0), (width / 2, height), (width, height)]


def slides_path(start: Point, end: Point) -> list[Point]:
    """Return the page path Slides draws for a vertical-first connector from start to end."""
    (sx, sy), (ex, ey) = start, end
    middle = sy + (ey - sy) / 2
    return [(sx, sy), (sx, middle), (ex, middle), (ex, ey)]


def drawn_path(
    left: float, top: float, width: float, height: float, degrees: float, flip_h: bool, flip_v: bool
) -> list[Point]:
    """Return the page path a renderer draws for a bent connector with this OOXML frame.

    The preset path is flipped about the frame's centre, then turned clockwise
    about it (y grows downwards), as ECMA-376 20.1.7.6 lays out `a:xfrm`.
    """
    centre_x, centre_y = left + width / 2, top + height / 2
    cos, sin = math.cos(math.radians(degrees)), math.sin(math.radians(degrees))
    points = []
    for x, y in bent_path(width, height):
        dx, dy = x - width / 2, y - height / 2
        dx, dy = -dx if flip_h else dx, -dy if flip_v else dy
        points.append((centre_x + dx * cos - dy * sin, centre_y + dx * sin + dy * cos))
    return points


def written_path(xml: Any) -> list[Point]:
    """Return the page path a renderer draws for the connector element `xml`."""
    xfrm = xml.find(f"{qn('p:spPr')}/{qn('a:xfrm')}")
    offset, extent = xfrm.find(qn("a:off")), xfrm.find(qn("a:ext"))
    return drawn_path(
        int(offset.get("x")),
        int(offset.get("y")),
        int(extent.get("cx")),
        int(extent.get("cy")),
        int(xfrm.get("rot", "0")) / 60_000,
        xfrm.get("flipH") in ("1", "true"),
        xfrm.get("flipV") in ("1", "true"),
    )


def assert_same_path(drawn: list[Point], expected: list[Point]) -> None:
    # Frames are whole EMU: a half-EMU centre may round either way.
    assert len(drawn) == len(expected)
    for (x, y), (want_x, want_y) in zip(drawn, expected, strict=True):
        assert abs(x - want_x) <= 1 and abs(y - want_y) <= 1, (drawn, expected)


def vertical_first(start: Point, end: Point) -> Affine:
    """Return the transform that draws a bentConnector3 from start to end vertical first."""
    dx, dy = end[0] - start[0], end[1] - start[1]
    return Affine(
        a=0, b=math.copysign(1, dy), c=math.copysign(1, dx), d=0, tx=start[0], ty=start[1]
    )


# (start box's left and top, end box's left and top, start site, end site): the end box
# below right, below left, above right and above left of the start box.
CASES = {
    "below-right": ((1_000_000, 500_000), (3_000_000, 2_500_001), BOTTOM, TOP),
    "below-left": ((5_000_000, 500_000), (2_000_000, 2_500_000), BOTTOM, TOP),
    "above-right": ((1_000_000, 3_000_000), (4_000_000, 800_000), TOP, BOTTOM),
    "above-left": ((6_000_000, 3_000_001), (2_000_000, 800_000), TOP, BOTTOM),
}


def site_point(corner: tuple[int, int], site: int) -> Point:
    """Return the page position of site TOP or BOTTOM of the box at `corner`."""
    left, top = corner
    return (left + BOX_WIDTH / 2, top + (BOX_HEIGHT if site == BOTTOM else 0))


@pytest.mark.parametrize("case", CASES)
def test_placement_of_a_quarter_turned_line_draws_the_slides_path(case: str) -> None:
    first, second, start_site, end_site = CASES[case]
    start, end = site_point(first, start_site), site_point(second, end_site)
    width, height = abs(end[1] - start[1]), abs(end[0] - start[0])
    transform = vertical_first(start, end)
    where = placement(width, height, transform)
    drawn = drawn_path(
        where.left, where.top, where.width, where.height, where.rotation, where.flip_h, where.flip_v
    )
    assert_same_path(drawn, [transform.apply(x, y) for x, y in bent_path(width, height)])
    assert_same_path(drawn, slides_path(start, end))


def dim(value: float) -> dict[str, Any]:
    return {"magnitude": value, "unit": "EMU"}


def box_request(object_id: str, corner: tuple[int, int]) -> dict[str, Any]:
    return {
        "createShape": {
            "objectId": object_id,
            "shapeType": "RECTANGLE",
            "elementProperties": {
                "pageObjectId": PAGE,
                "size": {"width": dim(BOX_WIDTH), "height": dim(BOX_HEIGHT)},
                "transform": {
                    "scaleX": 1,
                    "scaleY": 1,
                    "translateX": corner[0],
                    "translateY": corner[1],
                    "unit": "EMU",
                },
            },
        }
    }


def line_requests(
    object_id: str,
    start: Point,
    end: Point,
    links: tuple[str, int, str, int],
    *,
    rotated: bool = True,
) -> list[dict[str, Any]]:
    """Return requests for a bent connector from start to end attached as `links` say."""
    dx, dy = end[0] - start[0], end[1] - start[1]
    if rotated:
        turn = vertical_first(start, end)
        size = {"width": dim(abs(dy)), "height": dim(abs(dx))}
        transform = {"scaleX": 0, "scaleY": 0, "shearX": turn.c, "shearY": turn.b}
    else:
        size = {"width": dim(abs(dx)), "height": dim(abs(dy))}
        transform = {"scaleX": math.copysign(1, dx), "scaleY": math.copysign(1, dy)}
    first, first_site, second, second_site = links
    return [
        {
            "createLine": {
                "objectId": object_id,
                "category": "BENT",
                "elementProperties": {
                    "pageObjectId": PAGE,
                    "size": size,
                    "transform": {
                        **transform,
                        "translateX": start[0],
                        "translateY": start[1],
                        "unit": "EMU",
                    },
                },
            }
        },
        {
            "updateLineProperties": {
                "objectId": object_id,
                "lineProperties": {
                    "startConnection": {
                        "connectedObjectId": first,
                        "connectionSiteIndex": first_site,
                    },
                    "endConnection": {
                        "connectedObjectId": second,
                        "connectionSiteIndex": second_site,
                    },
                    "endArrow": "FILL_ARROW",
                },
                "fields": "startConnection,endConnection,endArrow",
            }
        },
    ]


def export_requests(tmp_path: Path, requests: list[dict[str, Any]]) -> Path:
    deck = engine.OfflineDeck(blank_presentation())
    new_slide = {"objectId": PAGE, "slideLayoutReference": {"predefinedLayout": "BLANK"}}
    deck.batch_update({"requests": [{"createSlide": new_slide}, *requests]})
    target = tmp_path / "rotated.pptx"
    export_pptx(deck.presentation, target)
    return target


def case_requests(case: str, suffix: str = "", shift: Point = (0, 0)) -> list[dict[str, Any]]:
    """Return requests for the boxes and connector of `case`, the line's start off by `shift`."""
    first, second, start_site, end_site = CASES[case]
    start, end = site_point(first, start_site), site_point(second, end_site)
    moved = (start[0] + shift[0], start[1] + shift[1])
    links = (f"box_from{suffix}", start_site, f"box_to{suffix}", end_site)
    return [
        box_request(f"box_from{suffix}", first),
        box_request(f"box_to{suffix}", second),
        *line_requests(f"line_edge{suffix}", moved, end, links),
    ]


def assert_attached(slide: Any, case: str, suffix: str = "") -> None:
    """Assert the connector of `case` is drawn as Slides draws it and linked to its sites."""
    first, second, start_site, end_site = CASES[case]
    shapes = {shape.name: shape for shape in slide.shapes}
    connector = shapes[f"line_edge{suffix}"]._element
    start, end = site_point(first, start_site), site_point(second, end_site)
    assert_same_path(written_path(connector), slides_path(start, end))
    start_link = connector.find(f".//{qn('a:stCxn')}")
    end_link = connector.find(f".//{qn('a:endCxn')}")
    assert (start_link.get("id"), start_link.get("idx")) == (
        str(shapes[f"box_from{suffix}"].shape_id),
        str(start_site),
    )
    assert (end_link.get("id"), end_link.get("idx")) == (
        str(shapes[f"box_to{suffix}"].shape_id),
        str(end_site),
    )
    assert connector.find(f".//{qn('a:prstGeom')}").get("prst") == "bentConnector3"


@pytest.mark.parametrize("case", CASES)
def test_vertical_first_connector_is_drawn_as_slides_draws_it(tmp_path: Path, case: str) -> None:
    result = Presentation(str(export_requests(tmp_path, case_requests(case))))
    assert_attached(result.slides[0], case)


@pytest.mark.parametrize("case", CASES)
def test_attaching_moves_a_rotated_end_along_the_rotated_frame(tmp_path: Path, case: str) -> None:
    # The deck's line starts beside its site: attaching moves the start onto the site.
    requests = case_requests(case, shift=(150_000, -70_000))
    result = Presentation(str(export_requests(tmp_path, requests)))
    assert_attached(result.slides[0], case)


def test_rotated_and_unrotated_connectors_alike_share_no_copied_frame(tmp_path: Path) -> None:
    # Connectors drawn alike are copies of one XML tree; a rotated one must not copy an
    # unrotated one's frame, nor one turned the other way.
    requests = [
        box_request("box_plain_a", (7_000_000, 100_000)),
        box_request("box_plain_b", (8_000_000, 4_000_000)),
        *line_requests(
            "line_plain",
            site_point((7_000_000, 100_000), BOTTOM),
            site_point((8_000_000, 4_000_000), TOP),
            ("box_plain_a", BOTTOM, "box_plain_b", TOP),
            rotated=False,
        ),
    ]
    for number, case in enumerate(CASES):
        requests += case_requests(case, suffix=f"_{number}")
    result = Presentation(str(export_requests(tmp_path, requests)))
    page = result.slides[0]
    for number, case in enumerate(CASES):
        assert_attached(page, case, suffix=f"_{number}")
    plain = next(shape for shape in page.shapes if shape.name == "line_plain")._element
    assert plain.find(f"{qn('p:spPr')}/{qn('a:xfrm')}").get("rot") is None


UNROTATED = (
    '<p:cxnSp><p:nvCxnSpPr><p:cNvPr id="5" name="line_ab"/><p:cNvCxnSpPr>'
    '<a:stCxn id="2" idx="3"/><a:endCxn id="3" idx="1"/></p:cNvCxnSpPr><p:nvPr/></p:nvCxnSpPr>'
    '<p:spPr><a:xfrm><a:off x="2000000" y="800000"/><a:ext cx="2000000" cy="2000000"/></a:xfrm>'
    '<a:prstGeom prst="bentConnector3"><a:avLst/></a:prstGeom><a:ln w="12700"><a:solidFill>'
    '<a:srgbClr val="28272D"/></a:solidFill><a:tailEnd type="triangle" w="med" len="med"/>'
    "</a:ln></p:spPr></p:cxnSp>",
    '<p:cxnSp><p:nvCxnSpPr><p:cNvPr id="6" name="line_bc"/><p:cNvCxnSpPr>'
    '<a:stCxn id="3" idx="1"/><a:endCxn id="4" idx="3"/></p:cNvCxnSpPr><p:nvPr/></p:nvCxnSpPr>'
    '<p:spPr><a:xfrm flipH="1"><a:off x="1500000" y="2800000"/><a:ext cx="2500000" '
    'cy="1000000"/></a:xfrm><a:prstGeom prst="bentConnector3"><a:avLst/></a:prstGeom>'
    '<a:ln w="12700"><a:solidFill><a:srgbClr val="28272D"/></a:solidFill>'
    '<a:tailEnd type="triangle" w="med" len="med"/></a:ln></p:spPr></p:cxnSp>',
)


def test_unrotated_connectors_are_written_as_before(tmp_path: Path) -> None:
    requests = [
        box_request("box_a", (1_000_000, 500_000)),
        box_request("box_b", (4_000_000, 2_500_000)),
        box_request("box_c", (500_000, 3_500_000)),
        *line_requests(
            "line_ab", (2_000_000, 800_000), (4_000_000, 2_800_000), ("box_a", 3, "box_b", 1),
            rotated=False,
        ),
        *line_requests(
            "line_bc", (4_000_000, 2_800_000), (1_500_000, 3_800_000), ("box_b", 1, "box_c", 3),
            rotated=False,
        ),
    ]  # fmt: skip
    slide_xml = zipfile.ZipFile(export_requests(tmp_path, requests)).read("ppt/slides/slide1.xml")
    written = re.findall(r"<p:cxnSp>.*?</p:cxnSp>", slide_xml.decode())
    assert tuple(written) == UNROTATED
