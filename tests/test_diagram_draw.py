from __future__ import annotations

import zipfile
from pathlib import Path
from typing import Any

import pytest

from slidegen.backends.offline.engine import OfflineDeck
from slidegen.config import Palette
from slidegen.export.pptx import export_pptx
from slidegen.layout.context import Box
from slidegen.layout.diagram.draw import (
    NEW,
    RETIRING,
    DiagramIds,
    DrawStyle,
    badge,
    component_look,
    connector,
    draw_diagram,
    draw_legend,
    legend_aside_fits,
    legend_height,
    line_geometry,
    object_keys,
    tint,
)
from slidegen.layout.diagram.geometry import (
    Edge,
    Graph,
    Node,
    Route,
    Typography,
    ZoneSpec,
    badge_is_round,
    badge_size,
    layout_diagram,
    rounded_corner_inset,
)
from slidegen.layout.diagram.measures import line_path
from slidegen.layout.ids import make_id
from slidegen.layout.template import element_box
from slidegen.layout.text import INSET_X, SOFT_BREAK, WIDTH_SAFETY, text_width, wrap
from slidegen.templates import blank_presentation
from slidegen.units import inches

TYPE = Typography(max_pt=12, min_pt=9)
STYLE = DrawStyle("Arial", Palette())
AREA = Box(inches(0.4), inches(1.1), inches(9.2), inches(3.9))

GRAPH = Graph(
    nodes=(
        Node("jira", "Jira", "saas", 1, tag="MUST STAY"),
        Node("gl", "GitLab", "saas", 2, tag="NEW", badge="1"),
        Node("eks", "Amazon EKS", "aws", 7),
        Node("dd", "Datadog", None, 8),
    ),
    edges=(Edge("jira", "gl", "issues"), Edge("gl", "eks", "deploy"), Edge("eks", "dd")),
    zones=(ZoneSpec("saas", "SaaS"), ZoneSpec("aws", "AWS")),
)


def ids(*parts: object) -> str:
    return make_id("sgc", 1, "ar", 1, *parts)


def kinds(requests: list[dict[str, Any]]) -> list[str]:
    return [next(iter(request)) for request in requests]


def requests_for(graph: Graph = GRAPH) -> list[dict[str, Any]]:
    layout = layout_diagram(graph, AREA, TYPE)
    return draw_diagram(layout, "page1", ids, STYLE, {"gl": NEW}, {"jira"})


def one_slide_deck() -> OfflineDeck:
    deck = OfflineDeck(blank_presentation())
    deck.batch_update({"requests": [{"createSlide": {"objectId": "page1"}}]})
    return deck


def test_every_connector_is_attached_to_facing_sites_of_its_boxes() -> None:
    layout = layout_diagram(GRAPH, AREA, TYPE)
    requests = draw_diagram(layout, "page1", ids, STYLE, {}, set())
    attached = {
        body["objectId"]: body["lineProperties"]
        for kind, body in (next(iter(r.items())) for r in requests)
        if kind == "updateLineProperties" and "startConnection" in body["lineProperties"]
    }
    assert len(attached) == len(layout.routes) == 3
    names = DiagramIds(layout, ids)
    for index, route in enumerate(layout.routes):
        line = attached[ids("ln", index)]
        assert line["startConnection"] == {
            "connectedObjectId": names.box(route.edge.source),
            "connectionSiteIndex": route.start_site,
        }
        assert line["endConnection"] == {
            "connectedObjectId": names.box(route.edge.target),
            "connectionSiteIndex": route.end_site,
        }


def test_zones_come_before_boxes_and_lines_are_attached_after_boxes_exist() -> None:
    order = kinds(requests_for())
    requests = requests_for()
    created = [
        body["objectId"]
        for kind, body in (next(iter(r.items())) for r in requests)
        if kind in ("createShape", "createLine")
    ]
    names = DiagramIds(layout_diagram(GRAPH, AREA, TYPE), ids)
    assert names.box("jira") == ids("zn", "saas", "bx", "jira")
    assert names.box("dd") == ids("bx", "dd")  # outside every zone
    assert created.index(ids("zn", "saas")) < created.index(names.box("jira"))
    first_attach = next(
        i
        for i, r in enumerate(requests)
        if "updateLineProperties" in r
        and "startConnection" in r["updateLineProperties"]["lineProperties"]
    )
    boxes = {names.box(node.id) for node in GRAPH.nodes}
    last_box = max(
        i
        for i, r in enumerate(requests)
        if "createShape" in r and r["createShape"]["objectId"] in boxes
    )
    assert first_attach > last_box
    assert order.count("createLine") == 3


def test_the_strict_engine_accepts_the_requests() -> None:
    deck = one_slide_deck()
    deck.batch_update({"requests": requests_for()})
    slide = deck.presentation["slides"][0]
    lines = [e for e in slide["pageElements"] if "line" in e]
    assert len(lines) == 3
    names = DiagramIds(layout_diagram(GRAPH, AREA, TYPE), ids)
    boxes = {names.box(node.id) for node in GRAPH.nodes}
    for element in lines:
        properties = element["line"]["lineProperties"]
        assert properties["startConnection"]["connectedObjectId"] in boxes
        assert properties["endArrow"] == "FILL_ARROW"


def test_the_exported_pptx_keeps_connectors_attached(tmp_path: Path) -> None:
    deck = one_slide_deck()
    deck.batch_update({"requests": requests_for()})
    out = tmp_path / "diagram.pptx"
    export_pptx(deck.presentation, out)
    with zipfile.ZipFile(out) as archive:
        slide_xml = next(
            archive.read(name).decode()
            for name in archive.namelist()
            if name.startswith("ppt/slides/slide") and name.endswith(".xml")
        )
    assert slide_xml.count("<a:stCxn ") == 3
    assert slide_xml.count("<a:endCxn ") == 3
    assert "<p:pic" not in slide_xml  # native shapes, never a picture


def test_lines_flip_when_they_run_up_or_left() -> None:
    box, sx, sy = line_geometry((100, 500), (400, 200))
    assert (box, sx, sy) == (Box(100, 200, 300, 300), 1.0, -1.0)
    box, sx, sy = line_geometry((400, 200), (100, 200))
    assert (box.width, box.height, sx, sy) == (300, 0, -1.0, 1.0)


def test_upward_connectors_survive_the_engine_with_their_end_points() -> None:
    graph = Graph(
        nodes=(Node("x", "X", "high"), Node("b", "B", "high"), Node("a", "A", "low")),
        edges=(Edge("x", "b"), Edge("a", "b")),
        zones=(ZoneSpec("high", "High"), ZoneSpec("low", "Low")),
    )
    layout = layout_diagram(graph, AREA, TYPE)
    route = layout.routes[1]
    assert route.end[1] < route.start[1]  # the high zone is drawn above the low one
    deck = one_slide_deck()
    deck.batch_update({"requests": draw_diagram(layout, "page1", ids, STYLE, {}, set())})
    line = next(
        e for e in deck.presentation["slides"][0]["pageElements"] if e["objectId"] == ids("ln", 1)
    )
    assert line["transform"].get("scaleY", 1) < 0


@pytest.mark.parametrize(
    "points",
    [
        ((100, 100), (100, 300), (700, 300), (700, 500)),
        ((700, 100), (700, 300), (100, 300), (100, 500)),
        ((100, 500), (100, 300), (700, 300), (700, 100)),
        ((700, 500), (700, 300), (100, 300), (100, 100)),
        ((100, 100), (400, 100), (400, 500), (700, 500)),
        ((700, 500), (400, 500), (400, 100), (100, 100)),
    ],
    ids=["down-right", "down-left", "up-right", "up-left", "across-down", "across-up"],
)
def test_a_bent_connector_is_drawn_along_its_route(points: tuple[tuple[int, int], ...]) -> None:
    (x0, y0), (x1, y1) = points[0], points[-1]
    if points[0][0] == points[1][0]:
        sites = (2, 0) if y1 > y0 else (0, 2)  # bottom to top, or top to bottom
    else:
        sites = (3, 1) if x1 > x0 else (1, 3)  # right to left, or left to right
    route = Route(Edge("a", "b"), *sites, True, tuple((x * 1000, y * 1000) for x, y in points))
    deck = one_slide_deck()
    deck.batch_update({"requests": connector("line1", "page1", route, "#000000")})
    element = next(e for e in deck.presentation["slides"][0]["pageElements"] if "line" in e)
    assert line_path(element) == route.points


def test_component_looks_differ_by_status() -> None:
    palette = Palette()
    retiring = component_look(RETIRING, False, palette)
    new = component_look(NEW, False, palette)
    fixed = component_look("existing", True, palette)
    assert retiring.dash == "DASH"
    assert new.outline == palette.accent
    assert fixed.outline_pt > new.outline_pt > 1
    assert tint("#000000", 0.5) == "#808080"
    assert tint("#E24329", 1.0) == "#E24329"


def test_badge_and_labels_carry_their_text() -> None:
    requests = requests_for()
    texts = {
        body["objectId"]: body["text"]
        for kind, body in (next(iter(r.items())) for r in requests)
        if kind == "insertText"
    }
    assert texts[ids("zn", "saas", "bx", "gl") + "__pp"] == "1"
    assert texts[ids("zn", "saas", "bx", "gl")] == "GitLab\nNEW"
    assert "issues" in texts.values()


@pytest.mark.parametrize("width", [inches(1.5), inches(4)])
def test_legend_stays_in_its_area(width: int) -> None:
    entries = [("pain", "pain point"), ("must_stay", "must stay"), ("new", "new")]
    height = legend_height(entries, width, TYPE)
    area = Box(0, 0, width, height)
    requests = draw_legend(entries, area, "page1", ids, STYLE, TYPE)
    deck = one_slide_deck()
    deck.batch_update({"requests": requests})
    for request in requests:
        if "createShape" in request:
            props = request["createShape"]["elementProperties"]
            x = props["transform"]["translateX"]
            y = props["transform"]["translateY"]
            box = Box(
                x, y, props["size"]["width"]["magnitude"], props["size"]["height"]["magnitude"]
            )
            assert area.contains(box), request


def created_shapes_and_texts(
    requests: list[dict[str, Any]],
) -> tuple[dict[str, Box], dict[str, str]]:
    """Return the box of each shape the requests create, and the text inserted in each."""
    shapes = {
        r["createShape"]["objectId"]: element_box(r["createShape"]["elementProperties"])
        for r in requests
        if "createShape" in r
    }
    texts = {
        r["insertText"]["objectId"]: r["insertText"]["text"] for r in requests if "insertText" in r
    }
    return shapes, texts


def test_an_aside_ends_the_legend_row_at_its_right_only_where_it_fits() -> None:
    entries = [("pain", "pain point (see notes)"), ("new", "new")]
    aside = "What changes: Added 30, retired 15"
    width = inches(8)
    area = Box(inches(0.5), inches(6), width, legend_height(entries, width, TYPE))
    requests = draw_legend(entries, area, "page1", ids, STYLE, TYPE, aside)
    shapes, texts = created_shapes_and_texts(requests)
    (aside_id,) = [key for key, text in texts.items() if text == aside]
    assert shapes[aside_id].right == area.right
    assert all(box.right < shapes[aside_id].x for key, box in shapes.items() if key != aside_id)
    one_slide_deck().batch_update({"requests": requests})
    # In a legend row with no room left beside its entries, the aside is left out.
    narrow = Box(area.x, area.y, inches(3), area.height)
    crowded = draw_legend(entries, narrow, "page1", ids, STYLE, TYPE, aside)
    assert crowded == draw_legend(entries, narrow, "page1", ids, STYLE, TYPE)
    # Stubs ask beforehand whether it will be drawn, and are told what drawing it does.
    assert legend_aside_fits(entries, area, TYPE, aside)
    assert not legend_aside_fits(entries, narrow, TYPE, aside)


@pytest.mark.parametrize(
    "aside",
    [
        "What changes: Added 1",
        "What changes: Added 8, retired 3, kept 6",
        "What changes: Added 18, retired 13, kept 126",
        "What changes: Added 128, retired 113, kept 1,126, replaced 40",
    ],
)
def test_legend_words_and_its_aside_stay_on_one_line_as_wrapping_measures_them(
    aside: str,
) -> None:
    entries = [("pain", "pain point (see notes)"), ("new", "new"), ("retiring", "retiring")]
    width = inches(9.2)
    area = Box(inches(0.4), inches(6), width, legend_height(entries, width, TYPE))
    requests = draw_legend(entries, area, "page1", ids, STYLE, TYPE, aside)
    shapes, texts = created_shapes_and_texts(requests)
    assert aside in texts.values()
    for key, text in texts.items():
        # The deck checker wraps a box's text as the layout does: one line, or it overflows.
        assert wrap(text, shapes[key].width - 2 * INSET_X, TYPE.min_pt) == [text]


def test_identifiers_that_spell_alike_in_object_ids_stay_distinct() -> None:
    assert object_keys(["jira", "ci.main"]) == {"jira": "jira", "ci.main": "ci-main"}
    keys = object_keys(["ci.main", "ci-main", "n1"])
    assert len(set(keys.values())) == 3
    graph = Graph(
        nodes=(Node("ci.main", "CI main"), Node("ci-main", "CI copy")),
        edges=(Edge("ci.main", "ci-main"),),
    )
    layout = layout_diagram(graph, AREA, TYPE)
    deck = one_slide_deck()
    deck.batch_update({"requests": draw_diagram(layout, "page1", ids, STYLE, {}, set())})
    boxes = [e for e in deck.presentation["slides"][0]["pageElements"] if "shape" in e]
    assert len(boxes) == 2


def test_long_identifiers_fall_back_to_positional_keys_that_keep_containment() -> None:
    zone = "z" * 30
    graph = Graph(
        nodes=(Node("a" * 30, "Alpha", zone, badge="1"), Node("b", "Beta")),
        edges=(Edge("a" * 30, "b", "calls"),),
        zones=(ZoneSpec(zone, "Long zone"),),
    )
    layout = layout_diagram(graph, AREA, TYPE)
    names = DiagramIds(layout, ids)
    assert names.zone(zone) == ids("zn", "z0")
    # Positions follow the order boxes are placed in.
    position = list(layout.nodes).index("a" * 30)
    assert names.box("a" * 30) == ids("zn", "z0", "bx", f"n{position}")
    assert names.badge("a" * 30) == names.box("a" * 30) + "__pp"
    deck = one_slide_deck()
    deck.batch_update({"requests": draw_diagram(layout, "page1", ids, STYLE, {}, set())})


def test_underscores_in_identifiers_cannot_fake_containment() -> None:
    keys = object_keys(["aws", "aws_bx_x"])
    assert all("_" not in key for key in keys.values())


@pytest.mark.parametrize("text", ["1", "9", "10", "12", "1–2", "10–12"])
def test_badge_text_fits_its_shape_on_one_line(text: str) -> None:
    width, height = badge_size(text, TYPE)
    needed = text_width(text, TYPE.min_pt, bold=True) / WIDTH_SAFETY
    if badge_is_round(text):
        # One character cannot break; the circle only has to be round.
        assert len(text) == 1 and width == height
        return
    room = width - 2 * INSET_X - 2 * rounded_corner_inset(height)
    assert room >= needed, f"{text!r}: {room} EMU of text area for {needed:.0f}"
    (shape,) = [
        body["shapeType"]
        for body in (
            request["createShape"]
            for request in badge("b1", "page1", Box(0, 0, width, height), text, STYLE, 9)
            if "createShape" in request
        )
    ]
    assert shape == "ROUND_RECTANGLE"


def _soft_break_positions(drawn: str) -> tuple[str, set[int]]:
    """Return `drawn` without soft breaks, and where in that text each soft break stood."""
    plain, positions = "", set()
    for char in drawn:
        if char == SOFT_BREAK:
            positions.add(len(plain))
        else:
            plain += char
    return plain, positions


def _breaks_inside_tokens(text: str, lines: tuple[str, ...]) -> set[int]:
    """Return where in `text` the wrapped `lines` end inside a token rather than at a space."""
    inside, position = set(), 0
    for line in lines[:-1]:
        position = text.index(line, position) + len(line)
        if position < len(text) and not text[position].isspace():
            inside.add(position)
    return inside


def test_long_names_break_in_the_deck_where_the_layout_wrapped_them() -> None:
    # Renderers break a long URL wherever it overflows (LibreOffice not after "."), so the
    # box must tell them where the layout broke it, or the text re-wraps mid-word.
    url = "https://artifacts.internal.example.com/repository/releases"
    arn = "arn:aws:eks:eu-west-1:123456789012:cluster/platform-prod"
    graph = Graph(
        nodes=(Node("art", url, "aws", 1), Node("eks", arn, "aws", 2), Node("ci", "CI", "aws", 3)),
        edges=(Edge("ci", "art"), Edge("art", "eks")),
        zones=(ZoneSpec("aws", "aws-account-123456789012.eu-west-1.internal.example.com"),),
    )
    layout = layout_diagram(graph, Box(0, 0, inches(4), inches(3)), TYPE)
    requests = draw_diagram(layout, "page1", ids, STYLE, {}, set())
    texts = {
        body["objectId"]: body["text"]
        for kind, body in (next(iter(r.items())) for r in requests)
        if kind == "insertText"
    }
    names = DiagramIds(layout, ids)
    checked = 0
    for node_id, name in (("art", url), ("eks", arn)):
        placed = layout.nodes[node_id]
        plain, soft = _soft_break_positions(texts[names.box(node_id)])
        assert plain == name
        wanted = _breaks_inside_tokens(name, placed.name_lines)
        assert wanted, placed.name_lines  # the area is narrow enough to wrap the name
        assert wanted <= soft
        checked += 1
    assert checked == 2
