"""States too large for one slide: an overview of their parts, then one detail slide per part."""

from __future__ import annotations

import itertools
import re
from dataclasses import replace
from typing import Any

import pytest
from architecture_plans import (
    Topology,
    built_deck,
    corpus,
    generated_state,
    lifecycle_columns_only,
    plan_with,
    realistic_architecture,
    sized_architecture,
)
from pytest_mock import MockerFixture

from slidegen.config import Config
from slidegen.layout.check import check_deck
from slidegen.layout.context import Box
from slidegen.layout.diagram import geometry, small_type
from slidegen.layout.diagram.geometry import (
    Edge,
    Graph,
    Node,
    Typography,
    ZoneSpec,
    layout_diagram,
)
from slidegen.layout.diagram.measures import (
    architecture_slides,
    measure_states,
    planned_connections,
)
from slidegen.layout.slides import architecture
from slidegen.layout.template import element_box
from slidegen.layout.text import SOFT_BREAK
from slidegen.plan.model import Plan
from slidegen.units import inches

# These tests split states of up to 20 components, which in smaller type take one slide.
pytestmark = pytest.mark.usefixtures("configured_type_in_module")


CORPUS = dict(corpus())
WHOLE_BODY = Box(inches(0.4), inches(1.02), inches(9.2), inches(3.63))
"""About the area a state drawn whole on its own slide may fill."""


def _texts(element: dict[str, Any]) -> list[tuple[str, float]]:
    """Return each text run of a shape, as read (no soft breaks), with its size in points."""
    runs = (element.get("shape", {}).get("text") or {}).get("textElements", [])
    return [
        (
            r["textRun"]["content"].replace(SOFT_BREAK, ""),
            r["textRun"].get("style", {}).get("fontSize", {}).get("magnitude", 0),
        )
        for r in runs
        if "textRun" in r
    ]


def _number(slide: dict[str, Any], deck: dict[str, Any]) -> int:
    return deck["slides"].index(slide) + 1


def _state_slides(deck: dict[str, Any], key: str) -> list[dict[str, Any]]:
    return [
        s
        for s in architecture_slides(deck)
        if any(f"_{key}" in e["objectId"] for e in s["pageElements"])
    ]


def _is_overview(slide: dict[str, Any]) -> bool:
    return any("_cur0_" in e["objectId"] for e in slide["pageElements"])


def _details(deck: dict[str, Any]) -> list[dict[str, Any]]:
    return [s for s in _state_slides(deck, "cur") if not _is_overview(s)]


@pytest.fixture(scope="module")
def plan() -> Plan:
    # More pain points than the corpus plan, so each detail slide numbers several.
    state = generated_state(replace(CORPUS["45c/3z"], pains=0.4))
    return plan_with({"current": state})


@pytest.fixture(scope="module")
def deck(plan: Plan) -> dict[str, Any]:
    return built_deck(plan)


def test_a_split_state_opens_with_an_overview_naming_every_detail_slide(
    plan: Plan, deck: dict[str, Any]
) -> None:
    slides = _state_slides(deck, "cur")
    # The connections between parts may take more than one overview slide.
    overviews = list(itertools.takewhile(_is_overview, slides))
    details = slides[len(overviews) :]
    assert overviews
    assert len(details) >= 2
    assert not any(_is_overview(detail) for detail in details)
    overview_text = " ".join(
        t for overview in overviews for e in overview["pageElements"] for t, _ in _texts(e)
    )
    lists = re.findall(r"slides? (\d+(?:, \d+)*)", overview_text)
    named = {int(n) for found in lists for n in found.split(", ")}
    for detail in details:
        assert _number(detail, deck) in named
    shown = {
        t.strip()
        for detail in details
        for e in detail["pageElements"]
        if "_bx_" in e["objectId"] and "__" not in e["objectId"]
        for t, _ in _texts(e)[:1]
    }
    # Every component is on some detail slide.
    assert shown == {c.name for c in plan.architecture.current.components}


def test_detail_slides_of_a_state_share_one_type_size(deck: dict[str, Any]) -> None:
    sizes = set()
    for detail in _details(deck):
        for element in detail["pageElements"]:
            if "_bx_" in element["objectId"] and "__" not in element["objectId"]:
                sizes.add(_texts(element)[0][1])
    assert len(sizes) == 1, sizes


def test_detail_slides_follow_one_drawn_again_smaller_than_its_cap_down_to_its_type() -> None:
    # Its first slide, drawn again capped at its own type size, comes out half a point
    # smaller in another arrangement: the second slide, larger, follows it down.
    plan = plan_with(
        {
            "current": generated_state(Topology(20, 4, 2, unicode=True)),
            "proposed": generated_state(Topology(10, 2, 9)),
        }
    )
    found = measure_states(built_deck(plan), planned_connections(plan))["current"]
    assert (found.slides, found.name_sizes) == (2, 1)


def test_a_state_its_flow_cannot_draw_clearly_takes_one_slide_from_balanced_layers() -> None:
    # Its flow's layers send a line through a box and along another's run, and no
    # move of boxes among cells parts them; layers balanced in height read clearly.
    plan = plan_with({"current": generated_state(Topology(17, 1, 2037))})
    found = measure_states(built_deck(plan), planned_connections(plan))["current"]
    assert (found.slides, found.faults, found.undrawn) == (1, 0, 0)


def test_detail_slides_that_take_balanced_layers_leave_fewer_of_them() -> None:
    # A 27-component state in four zones: parts too tall in their flow's layers
    # were cut again, over five detail slides. (In smaller type it would take two,
    # its pain points in the notes: it keeps the configured type.)
    plan = plan_with(sized_architecture(27, 4, 27))
    found = measure_states(built_deck(plan), planned_connections(plan))["current"]
    assert (found.slides, found.faults, found.undrawn) == (4, 0, 0)


def test_boxes_move_from_the_least_faulty_packing_of_zones_to_take_one_slide() -> None:
    # 19 components in four zones: no packing of the zones in rows is clean, so the
    # state was split; moving boxes among cells from the least faulty one clears it.
    plan = plan_with({"current": generated_state(Topology(19, 4, 2094))})
    (packed,) = geometry.packings_by_fewest_faults(
        _current_graph(plan), WHOLE_BODY, Typography(12, 9), 1
    )
    assert packed.fits and not architecture.reads_clearly(packed)
    found = measure_states(built_deck(plan), planned_connections(plan))["current"]
    assert (found.slides, found.faults, found.undrawn) == (1, 0, 0)


def test_boxes_of_a_small_state_move_from_a_packing_of_many_faults() -> None:
    # 20 components in five zones: the least faulty packing of the zones has nine faults,
    # more than a larger state's search may start from, and moves still clear them all.
    plan = plan_with({"current": generated_state(Topology(20, 5, 2060))})
    (packed,) = geometry.packings_by_fewest_faults(
        _current_graph(plan), WHOLE_BODY, Typography(12, 9), 1
    )
    faults = architecture._faults(packed)
    assert architecture.MOST_FAULTS_MOVED < faults <= architecture.MOST_SMALL_STATE_FAULTS_MOVED
    found = measure_states(built_deck(plan), planned_connections(plan))["current"]
    assert (found.slides, found.faults, found.undrawn) == (1, 0, 0)


def _complete_graph_in_a_row_of_zones() -> Graph:
    # Four components each in a zone of its own, every one joined to every other (four
    # lines two-way), and a fifth zone left empty.
    zones = tuple(
        ZoneSpec(f"z{index}", name)
        for index, name in enumerate(
            (
                "Chicago data centre (on-premises)",
                "AWS us-east-2",
                "Azure West Europe",
                "Atlassian Cloud",
                "GitLab.com (Ultimate)",
            )
        )
    )
    names = ("GitLab 0", "Jenkins 1", "Serviço de faturação", "Kafka 3")
    nodes = tuple(
        Node(f"c{index}", name, f"z{index}", stage_order=order)
        for index, (name, order) in enumerate(zip(names, (0, 2, 5, 7), strict=True))
    )
    edges = (
        Edge.both_ways("c0", "c1", "webhooks", "webhooks"),
        Edge("c1", "c2", "webhooks"),
        Edge("c2", "c3", "", two_way=True),
        Edge.both_ways("c0", "c2", "metrics and logs", "push"),
        Edge.both_ways("c0", "c3", "", "metrics and logs"),
        Edge("c3", "c1", "metrics and logs"),
    )
    return Graph(nodes, edges, zones)


def test_a_clean_packing_of_zones_is_found_beyond_the_most_promising() -> None:
    # Its zones in a row, lines between boxes not side by side run along the others' runs;
    # neither moving boxes from the least faulty packing nor the most promising ones clear
    # that, but a cheaper packing further down the list is clean.
    graph = _complete_graph_in_a_row_of_zones()
    typography = Typography(12, 9)
    least_faulty = geometry.packings_by_fewest_faults(graph, WHOLE_BODY, typography, 2)
    assert least_faulty and not any(architecture.reads_clearly(p) for p in least_faulty)
    assert geometry.cleaned_by_moves(graph, WHOLE_BODY, typography, least_faulty[0]) is None
    found = geometry.first_clean_packing(graph, WHOLE_BODY, typography)
    assert found is not None and architecture.reads_clearly(found)
    assert {key: placed.node.zone for key, placed in found.nodes.items()} == {
        node.id: node.zone for node in graph.nodes
    }


def test_a_state_in_one_zone_has_no_packing_of_zones() -> None:
    plan = plan_with({"current": generated_state(Topology(12, 1, 5))})
    graph = _current_graph(plan)
    assert geometry.packings_by_fewest_faults(graph, WHOLE_BODY, Typography(12, 9), 1) == []


def _current_graph(plan: Plan) -> Graph:
    state = plan.architecture.current
    return architecture.state_graph(plan.architecture, architecture.StateView("current", state))[0]


def test_a_larger_state_in_smaller_type_moves_its_boxes_to_take_one_slide() -> None:
    # 21 components in one zone, too many for one slide at the configured type: in
    # smaller type one line runs along another's, and boxes moved among cells part them.
    plan = plan_with({"current": generated_state(Topology(21, 1, 3009))})
    found = measure_states(built_deck(plan), planned_connections(plan))["current"]
    assert (found.slides, found.faults, found.undrawn) == (1, 0, 0)


def test_boxes_of_a_larger_state_do_not_move_from_a_drawing_of_many_faults(
    mocker: MockerFixture,
) -> None:
    # In smaller type the 30-component state's balanced layers send dozens of lines
    # through boxes and along others' runs: searching moves from there takes seconds.
    moves = mocker.spy(architecture, "cleaned_by_moves")
    built_deck(plan_with({"current": generated_state(CORPUS["30c/1z"])}))
    assert moves.call_count == 0


def test_pain_point_numbers_count_up_from_the_first_detail_slide(deck: dict[str, Any]) -> None:
    spans = []
    for detail in _details(deck):
        numbers = [
            int(part)
            for e in detail["pageElements"]
            if e["objectId"].endswith("__pp")
            for text, _ in _texts(e)
            for part in text.strip().split("–")
            if part
        ]
        if numbers:
            spans.append(sorted(numbers))
    assert spans and spans[0][0] == 1
    for earlier, later in itertools.pairwise(spans):
        assert earlier[-1] + 1 == later[0], spans


def test_pain_point_numbers_follow_the_boxes_row_by_row(deck: dict[str, Any]) -> None:
    checked = 0
    for detail in _details(deck):
        elements = {e["objectId"]: e for e in detail["pageElements"]}
        first_numbers = {
            object_id[: -len("__pp")]: int(text.strip().split("–")[0])
            for object_id, e in elements.items()
            if object_id.endswith("__pp")
            for text, _ in _texts(e)[:1]
        }
        boxes = {box_id: element_box(elements[box_id]) for box_id in first_numbers}
        numbers = [first_numbers[box_id] for box_id in architecture.reading_order(boxes)]
        assert numbers == sorted(numbers)
        checked += len(numbers) > 1
    assert checked


def test_neighbouring_parts_that_read_clearly_together_share_a_slide() -> None:
    # Cut zone by zone and stage by stage, this state took an overview and eight details.
    deck = built_deck(plan_with({"current": generated_state(CORPUS["45c/6z"])}))
    assert len(_state_slides(deck, "cur")) <= 8


def _chain(count: int, connections: tuple[tuple[int, int], ...] = ()) -> Any:
    """Return a state of `count` unconnected components c0, c1, … but for `connections`."""
    state = {
        "components": [{"id": f"c{index}", "name": f"Service {index}"} for index in range(count)],
        "connections": [{"from": f"c{a}", "to": f"c{b}"} for a, b in connections],
    }
    return plan_with({"current": state}).architecture.current


def _at_most(most: int) -> Any:
    return lambda ids: len(ids) <= most


def test_neighbouring_runs_share_the_fewest_slides_and_the_most_even() -> None:
    atoms = [["c0", "c1", "c2"], ["c3", "c4", "c5"], ["c6", "c7", "c8"], ["c9", "c10", "c11"]]
    runs = architecture._fewest_slides(atoms, _chain(12), _at_most(9), _at_most(9))
    # Three atoms fit one slide, yet six and six beat nine and three.
    assert runs == [(0, 2), (2, 4)]


def test_of_even_groupings_the_one_parting_fewest_connections_wins() -> None:
    atoms = [["c0", "c1"], ["c2", "c3"], ["c4", "c5"]]
    # Four and two, or two and four: the connection from c3 to c4 decides.
    state = _chain(6, ((3, 4),))
    assert architecture._fewest_slides(atoms, state, _at_most(4), _at_most(4)) == [(0, 1), (1, 3)]
    state = _chain(6, ((1, 2),))
    assert architecture._fewest_slides(atoms, state, _at_most(4), _at_most(4)) == [(0, 2), (2, 3)]


def test_a_run_the_smaller_type_refuses_is_not_grouped_nor_any_run_holding_it() -> None:
    atoms = [["c0", "c1", "c2"], ["c3", "c4", "c5"], ["c6", "c7", "c8"], ["c9", "c10", "c11"]]
    asked: list[tuple[str, ...]] = []

    def filled(ids: list[str]) -> bool:
        asked.append(tuple(ids))
        return tuple(ids) != ("c0", "c1", "c2", "c3", "c4", "c5")

    runs = architecture._fewest_slides(atoms, _chain(12), _at_most(9), filled)
    assert runs == [(0, 1), (1, 4)]
    # Only the runs of a best grouping are asked, each once.
    assert len(asked) == len(set(asked)) == 3


def test_a_run_reading_clearly_past_one_that_does_not_is_still_grouped() -> None:
    atoms = [["c0", "c1"], ["c2"], ["c3"], ["c4", "c5"]]
    # c2 and c3 alone send too many stubs to read clearly together; with c4 and c5,
    # whose connections they hold, they do. No other run of several atoms reads clearly.
    refused = {("c0", "c1", "c2"), ("c2", "c3"), ("c3", "c4", "c5"), ("c0", "c1", "c2", "c3")}

    def legible(ids: list[str]) -> bool:
        return len(ids) <= 4 and tuple(ids) not in refused

    runs = architecture._fewest_slides(atoms, _chain(6), legible, legible, _at_most(4))
    # The run from c2 grows past the one refused while its diagram fits.
    assert runs == [(0, 1), (1, 4)]
    # Without knowing what fits, a run stops growing where it first fails: four slides.
    assert len(architecture._fewest_slides(atoms, _chain(6), legible, legible)) == 4


def test_a_lopsided_split_evens_out_when_a_longer_run_reads_clearly(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # Its third zone of two, alone, does not read clearly; the zones after it with it do.
    # (With its zones packed in another order it reads clearly on one slide: split here.)
    monkeypatch.setattr(architecture, "MOST_COMPONENTS_CLEANED", 0)
    topology = Topology(12, 6, 3, unicode=True, pains=0.3)
    plan = plan_with({"current": generated_state(topology)})
    deck = built_deck(plan)
    found = measure_states(deck, planned_connections(plan))["current"]
    assert (found.drawn, found.faults) == (found.planned, 0), found
    assert check_deck(deck, Config()) == []
    boxes = [
        sum(1 for e in s["pageElements"] if re.search(r"_bx_[^_]+$", e["objectId"]))
        for s in _details(deck)
    ]
    # Six and six, where four and eight left the first slide two thirds empty.
    assert boxes == [6, 6]


def test_slides_sharing_a_title_are_counted_apart() -> None:
    titles = architecture._told_apart(["Plan", "AWS", "Plan", ""])
    assert titles == ["Plan (1/2)", "AWS", "Plan (2/2)", ""]


def _unconnected_state(count: int) -> dict[str, Any]:
    """Return a state of `count` components in two zones, with names too long for 9 pt."""
    words = ("Payment", "Ledger", "Customer", "Identity", "Notification", "Analytics")
    return {
        "zones": [{"id": "dc", "name": "Data centre"}, {"id": "cloud", "name": "Cloud"}],
        "components": [
            {
                "id": f"c{index}",
                "name": f"{words[index % 6]} {words[(index * 3 + 1) % 6]} service {index}",
                "zone": "dc" if index < count // 2 else "cloud",
            }
            for index in range(count)
        ],
    }


def _sizes(slide: dict[str, Any]) -> set[float]:
    return {size for e in slide["pageElements"] for _, size in _texts(e) if size}


def test_a_state_of_up_to_thirty_components_takes_smaller_type_before_splitting() -> None:
    deck = built_deck(plan_with({"current": _unconnected_state(22)}))
    slides = _state_slides(deck, "cur")
    assert len(slides) == 1
    assert 7 <= min(_sizes(slides[0])) < 9


def test_a_state_drawn_on_one_slide_in_smaller_type_passes_the_checker() -> None:
    deck = built_deck(plan_with({"current": _unconnected_state(22)}))
    sizes = {size for slide in _state_slides(deck, "cur") for size in _sizes(slide)}
    assert min(sizes) < Config().style.min_font_pt
    assert [str(f) for f in check_deck(deck, Config())] == []


def _name_sizes(deck: dict[str, Any]) -> list[set[float]]:
    """Return the type sizes of the component names on each of the current state's slides."""
    return [
        {
            size
            for e in slide["pageElements"]
            if re.search(r"_cur\d*_(?:zn_[^_]+_)?bx_[^_]+$", e["objectId"])
            for _, size in _texts(e)[:1]
        }
        for slide in _state_slides(deck, "cur")
    ]


def test_a_state_of_up_to_thirty_components_split_even_so_takes_smaller_type_on_fewer_slides(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # 23 components in five zones: in lifecycle order no slide holds them all even at
    # 7 pt. At 9 pt they take an overview and three detail slides; at 7 pt two halves.
    # (In columns following its connections the state takes one slide at 7 pt.)
    lifecycle_columns_only(monkeypatch)
    plan = plan_with({"current": generated_state(Topology(23, 5, seed=4029))})
    deck = built_deck(plan)
    found = measure_states(deck, planned_connections(plan))["current"]
    assert (found.slides, found.faults, found.undrawn) == (2, 0, 0)
    assert _name_sizes(deck) == [{7.0}, {7.0}]
    assert [str(f) for f in check_deck(deck, Config())] == []


def test_boxes_of_a_larger_state_in_smaller_type_move_from_a_drawing_of_up_to_eight_faults(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # 25 components in two zones: in smaller type, given the legend's band, the least
    # faulty packing of its zones has five faults; boxes moved from it read clearly on one
    # slide. Moving only from four faults or fewer, the state takes two halves.
    plan = plan_with({"current": generated_state(Topology(25, 2, seed=4021))})
    deck = built_deck(plan)
    found = measure_states(deck, planned_connections(plan))["current"]
    assert (found.slides, found.faults, found.undrawn) == (1, 0, 0)
    (sizes,) = _name_sizes(deck)
    assert sizes and max(sizes) < 9
    assert [str(f) for f in check_deck(deck, Config())] == []
    monkeypatch.setattr(architecture, "MOST_FAULTS_MOVED", 4)
    deck = built_deck(plan)
    assert measure_states(deck, planned_connections(plan))["current"].slides == 2


def test_a_state_of_up_to_thirty_components_keeps_its_type_where_smaller_saves_no_slide() -> None:
    # 29 components in three zones take an overview and three detail slides either way.
    plan = plan_with({"current": generated_state(Topology(29, 3, seed=4000))})
    deck = built_deck(plan)
    assert measure_states(deck, planned_connections(plan))["current"].slides == 4
    assert all(sizes and min(sizes) >= 9 for sizes in _name_sizes(deck))


def test_a_state_of_more_than_thirty_components_keeps_the_configured_type() -> None:
    deck = built_deck(plan_with({"current": _unconnected_state(31)}))
    assert all(min(_sizes(slide)) >= 9 for slide in _state_slides(deck, "cur"))


def test_a_line_through_a_pain_point_badge_is_found() -> None:
    graph = Graph(
        nodes=(Node("a", "Jenkins"), Node("b", "Nexus"), Node("c", "Vault", badge="1")),
        edges=(Edge("a", "b"), Edge("b", "c")),
    )
    layout = layout_diagram(graph, Box(0, 0, inches(9), inches(4)), Typography(12, 9))
    assert layout.fits
    assert not architecture.crosses_a_badge(layout)
    # The line from Jenkins to Nexus, moved to run across Vault's badge.
    badge = layout.nodes["c"].badge_box
    assert badge is not None
    middle = badge.y + badge.height // 2
    across = replace(
        layout.routes[0], points=((badge.x - 1000, middle), (badge.right + 1000, middle))
    )
    moved = replace(layout, routes=[across, layout.routes[1]])
    assert architecture.crosses_a_badge(moved)


def test_a_state_whose_one_slide_drawing_misleads_is_split(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # Ten components in three zones fit one slide, but only with lines through boxes
    # (as drawn first: with boxes moved among their zones' cells, or in columns following
    # their connections, they read clearly).
    monkeypatch.setattr(architecture, "MOST_COMPONENTS_CLEANED", 0)
    lifecycle_columns_only(monkeypatch)
    plan = plan_with({"current": generated_state(CORPUS["10c/3z"])})
    deck = built_deck(plan)
    slides = _state_slides(deck, "cur")
    assert len(slides) > 1


def test_a_misleading_one_slide_drawing_stays_when_no_split_reads_clearly(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    plan = plan_with({"current": generated_state(CORPUS["10c/3z"])})
    monkeypatch.setattr(architecture, "MOST_COMPONENTS_CLEANED", 0)
    lifecycle_columns_only(monkeypatch)
    monkeypatch.setattr(architecture, "_split_reads_clearly", lambda *_: False)
    slides = _state_slides(built_deck(plan), "cur")
    assert len(slides) == 1
    assert not _is_overview(slides[0])


PART = re.compile(r"_cur(\d+)_")


def _part_extents(slide: dict[str, Any]) -> list[Box]:
    """Return the rectangle each part of a state drawn on `slide` covers, in the parts' order."""
    extents: dict[int, Box] = {}
    for element in slide["pageElements"]:
        match = re.search(r"_cur(\d+)_", element["objectId"])
        if match is None:
            continue
        box, part = element_box(element), int(match.group(1))
        known = extents.get(part, box)
        left, top = min(known.x, box.x), min(known.y, box.y)
        right, bottom = max(known.right, box.right), max(known.bottom, box.bottom)
        extents[part] = Box(left, top, right - left, bottom - top)
    return [extents[part] for part in sorted(extents)]


@pytest.mark.parametrize(("name", "slides"), [("10c/6z", 1)])
def test_two_sparse_neighbouring_parts_share_a_detail_slide(
    name: str, slides: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Each of these states has two small parts that fit one slide side by side. (60c/3z's
    # did too; with room for stubs above and below, its parts take fewer whole slides.
    # So did 10c/3z's, until runs reading clearly past a shorter one that does not took
    # two whole slides of five; and 20c/1z's, until the stubs of its first eight
    # components found their places beside a column of its pain points. 10c/6z reads
    # clearly on one slide with its zones packed in another order: split here as before.)
    monkeypatch.setattr(architecture, "MOST_COMPONENTS_CLEANED", 0)
    plan = plan_with({"current": generated_state(CORPUS[name])})
    deck = built_deck(plan)
    found = measure_states(deck, planned_connections(plan))["current"]
    assert (found.drawn, found.faults) == (found.planned, 0), found
    assert check_deck(deck, Config()) == []
    shared = [s for s in _details(deck) if len(_part_extents(s)) == 2]
    assert shared, name
    for slide in shared:
        first, second = _part_extents(slide)
        # The parts keep apart, each in its own half, in type of at least 9 pt.
        apart = max(second.x - first.right, second.y - first.bottom)
        assert apart >= architecture.SHARED_GAP, (first, second)
        assert min(_sizes(slide)) >= 9
        # A stub whose far end is in the other half says so, not the slide it is on.
        words = "".join(t for e in slide["pageElements"] for t, _ in _texts(e))
        assert f"(slide {_number(slide, deck)})" not in words
    named = 0
    for slide in shared:
        # A far end in the other half of the slide is named by the half it is in.
        first, second = _part_extents(slide)
        side_by_side = second.x >= first.right
        parts = sorted(
            {int(m.group(1)) for e in slide["pageElements"] if (m := PART.search(e["objectId"]))}
        )
        for element in slide["pageElements"]:
            match = PART.search(element["objectId"])
            if match is None or "_sb_" not in element["objectId"]:
                continue
            later = int(match.group(1)) == parts[-1]
            expected = [["right", "bottom"], ["left", "top"]][later][not side_by_side]
            halves = re.findall(r"\((\w+)\u00a0half\)", "".join(t for t, _ in _texts(element)))
            assert set(halves) <= {expected}, (halves, expected)
            named += len(halves)
    assert named
    # One fewer than with a slide for each part (two need no overview).
    assert found.slides == len(_state_slides(deck, "cur")) == slides


def test_runs_cut_finer_share_slides_half_each_when_that_takes_fewer() -> None:
    atoms = [["c0", "c1", "c2"], ["c3"], ["c4", "c5"], ["c6", "c7", "c8", "c9"]]
    # Whole slides take three: c0-c2, c3-c5, c6-c9. Halves read clearly beside each
    # other, so two slides hold them all.
    halves = {("c0", "c1", "c2"), ("c3",), ("c4", "c5"), ("c3", "c4", "c5")}

    def halved(first: list[str], second: list[str]) -> int | None:
        return 0 if (tuple(first) in halves and tuple(second) in halves) else None

    runs, joined = architecture._fewest_halved_slides(atoms, _at_most(3), _at_most(3), halved)
    # c0-c2 beside c3-c5 on one slide, c6-c9 alone on the next.
    assert (runs, joined) == ([(0, 1), (1, 3), (3, 4)], {1: 0})


def test_a_small_state_cut_finer_takes_fewer_slides_and_stays_clean(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # Whole-slide parts of 3, 3 and 4 components each took a slide after the overview;
    # cut finer, the runs read clearly five to a slide (two to a slide, half each, before
    # runs reading clearly past a shorter one that does not were tried).
    # Drawn whole with its boxes moved among its zones' cells, or in columns following its
    # connections, 10c/3z takes one slide: split here as it was before either.
    monkeypatch.setattr(architecture, "MOST_COMPONENTS_CLEANED", 0)
    lifecycle_columns_only(monkeypatch)
    plan = plan_with({"current": generated_state(CORPUS["10c/3z"])})
    deck = built_deck(plan)
    found = measure_states(deck, planned_connections(plan))["current"]
    assert (found.drawn, found.faults) == (found.planned, 0), found
    assert check_deck(deck, Config()) == []
    assert found.slides == 2, found
    assert [len(_part_extents(s)) for s in _details(deck)] == [1, 1]


def test_a_zone_on_two_parts_of_one_slide_names_that_slide_once() -> None:
    state = plan_with({"current": generated_state(CORPUS["10c/3z"])}).architecture.current
    groups = (("c0", "c1"), ("c2", "c3", "c4"), ("c5",), ("c6", "c7", "c8", "c9"))
    view = architecture.StateView(
        "current",
        state,
        part=0,
        parts=4,
        groups=groups,
        numbers=(4, 4, 5, 5),
        overviews=1,
        coarse=True,
        beside=frozenset({2, 4}),
    )
    tags = {node.name: node.tag for node in architecture._coarse_overview(view).nodes}
    assert tags["Chicago data centre (on-premises)"] == "4 components · slide 4"
    assert tags["AWS us-east-2"] == "3 components · slides 4, 5"


def test_a_coarse_overview_counts_connections_each_way_even_when_equal() -> None:
    # One connection each way is two: said once, "1 connection" would count one.
    ends = {"x": "a", "y": "b"}
    state_data = {
        "zones": [{"id": zone, "name": f"Zone {zone}"} for zone in ends.values()],
        "components": [{"id": c, "name": f"Tool {c}", "zone": zone} for c, zone in ends.items()],
        "connections": [{"from": a, "to": b, "label": "jobs"} for a, b in ("xy", "yx")],
    }
    plan = plan_with({"current": state_data})
    state = plan.architecture.current
    view = architecture.StateView(
        "current",
        state,
        part=0,
        parts=2,
        groups=(("x",), ("y",)),
        numbers=(4, 5),
        overviews=1,
        coarse=True,
    )
    (edge,) = architecture._coarse_overview(view).edges
    assert edge.two_way
    assert edge.label == "→\u00a01\u00a0connection / ←\u00a01\u00a0connection"
    # The plan's own words, the same both ways, are said once where its boxes are drawn.
    (detail,) = architecture.state_graph(
        plan.architecture, architecture.StateView("current", state)
    )[0].edges
    assert (detail.two_way, detail.label) == (True, "jobs")


def _notes(slide: dict[str, Any]) -> str:
    elements = slide["slideProperties"]["notesPage"]["pageElements"]
    return "".join(t for e in elements for t, _ in _texts(e))


@pytest.mark.parametrize("name", ["10c/3z", "20c/6z"])
def test_a_state_on_two_detail_slides_opens_with_no_overview_and_says_where_each_part_is(
    name: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Drawn whole with its boxes moved among its zones' cells, or in columns following its
    # connections, 10c/3z takes one slide: split here as it was before either.
    monkeypatch.setattr(architecture, "MOST_COMPONENTS_CLEANED", 0)
    lifecycle_columns_only(monkeypatch)
    plan = plan_with({"current": generated_state(CORPUS[name])})
    deck = built_deck(plan)
    slides = _state_slides(deck, "cur")
    assert len(slides) == 2
    assert not any(_is_overview(slide) for slide in slides)
    found = measure_states(deck, planned_connections(plan))["current"]
    assert (found.drawn, found.faults) == (found.planned, 0), found
    # The first slide's notes name what every slide holds, as the overview did.
    notes = _notes(slides[0])
    assert "Current state over 2 slides:" in notes
    for slide in slides:
        assert f"on slide {_number(slide, deck)}" in notes


def test_a_state_above_the_overview_limit_on_two_detail_slides_still_opens_with_one(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # Beyond the limit a reader needs every zone and the lines between them first.
    monkeypatch.setattr(architecture, "OVERVIEW_ALWAYS_ABOVE", 9)
    # Drawn whole with its boxes moved among its zones' cells, or in columns following its
    # connections, 10c/3z takes one slide: split here as it was before either.
    monkeypatch.setattr(architecture, "MOST_COMPONENTS_CLEANED", 0)
    lifecycle_columns_only(monkeypatch)
    plan = plan_with({"current": generated_state(CORPUS["10c/3z"])})
    deck = built_deck(plan)
    slides = _state_slides(deck, "cur")
    assert _is_overview(slides[0])
    assert not any(_is_overview(slide) for slide in slides[1:])
    assert len(slides) == 3
    found = measure_states(deck, planned_connections(plan))["current"]
    assert (found.drawn, found.faults) == (found.planned, 0), found


def test_only_runs_that_read_on_a_whole_slide_are_judged_in_halves() -> None:
    atoms = [[f"c{index}"] for index in range(8)]
    asked: list[tuple[str, ...]] = []
    filled_asked: list[tuple[str, ...]] = []

    def halved(first: list[str], second: list[str]) -> int | None:
        asked.extend((tuple(first), tuple(second)))
        return None

    def filled(ids: list[str]) -> bool:
        filled_asked.append(tuple(ids))
        return True

    runs, joined = architecture._fewest_halved_slides(atoms, _at_most(3), filled, halved)
    assert (runs, joined) == ([(0, 2), (2, 5), (5, 8)], {})
    # No run of four components reads on a whole slide: none is tried in half of one.
    assert asked
    assert max(len(run) for run in asked) == 3
    # The costlier judgement is asked only of the runs of the best way.
    assert sorted(filled_asked) == sorted({("c0", "c1"), ("c2", "c3", "c4"), ("c5", "c6", "c7")})


def test_a_run_rejected_once_drawn_is_cut_alone_when_that_takes_fewer_slides(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # 20c/1z is first cut 8 + 12; the 8 loses a stub at the smaller type the 12 needs.
    # Cutting the whole state anew takes three slides; cutting the 8 alone, its halves
    # sharing a slide, keeps two. That holds with every box kept in the column its layer
    # folds into: boxes moved sideways make a 7 + 13 cut legible, which needs no recut.
    monkeypatch.setattr(
        geometry, "_moved_sideways", lambda graph, column, shelves, row: (column, row)
    )
    # Drawn whole with boxes moved among its zone's cells, the state is not split at all.
    monkeypatch.setattr(architecture, "MOST_COMPONENTS_CLEANED", 0)
    calls: list[tuple[Any, ...]] = []
    split_plan = architecture._split_plan

    def recorded(*args: Any) -> architecture.StateView:
        calls.append(args)
        return split_plan(*args)

    monkeypatch.setattr(architecture, "_split_plan", recorded)
    try:
        built_deck(plan_with({"current": generated_state(CORPUS["20c/1z"])}))
        painter, name, state, whole = calls[0][:4]
        first = split_plan(painter, name, state, whole, set())
        again = split_plan(painter, name, state, whole, {first.groups[0]})
    finally:
        # What was remembered with boxes kept in their columns must not outlive the test.
        geometry.forget_arrangements()
    assert [len(group) for group in first.groups] == [8, 12]
    assert again.groups[-1] == first.groups[1]
    assert (again.parts, again.slides) == (3, 2), again.groups


@pytest.mark.parametrize("side_by_side", [True, False])
def test_two_parts_on_one_slide_list_both_parts_marks_in_one_legend(side_by_side: bool) -> None:
    state = plan_with(realistic_architecture()).architecture.current
    # The second part marks pain points and retiring boxes, the third a box that must stay.
    groups = (("vault", "openshift"), ("jenkins", "sonar"), ("jira", "confluence"))
    # Parts 2 and 3 share a slide: its legend goes where a whole slide's would, at the
    # foot from the left, under the left part or under the lower one.
    shared = {"beside": frozenset({3})} if side_by_side else {"below": frozenset({3})}
    views = [
        architecture.StateView("current", state, groups[at - 1], at, 3, groups=groups, **shared)
        for at in (1, 2, 3)
    ]
    legends = [architecture.view_legend(view) for view in views]
    assert legends[0] == ["pain"]
    both = ["pain", "must_stay", "retiring"]
    assert legends[1:] == ([both, []] if side_by_side else [[], both])


@pytest.mark.parametrize("side_by_side", [True, False])
@pytest.mark.parametrize("other_lists", [True, False])
def test_a_shared_slide_counts_its_changes_in_the_legend_only_when_its_other_part_lists_none(
    side_by_side: bool, other_lists: bool
) -> None:
    state = plan_with(realistic_architecture()).architecture.proposed
    groups = (("jira", "confluence"), ("gitlab", "gitlab-ci"))
    shared = {"beside": frozenset({2})} if side_by_side else {"below": frozenset({2})}
    views = [
        architecture.StateView("proposed", state, groups[at - 1], at, 2, groups=groups, **shared)
        for at in (1, 2)
    ]
    # The part holding the slide's legend leaves "What changes" to the other one.
    assert [view.lists_changes for view in views] == (
        [False, True] if side_by_side else [True, False]
    )
    told: list[tuple[str, bool]] = []

    def legend(where: str, changes_elsewhere: bool) -> list[dict[str, Any]]:
        told.append((where, changes_elsewhere))
        return []

    drawn = [
        architecture.Rendered(changes_listed=view.lists_changes and other_lists, legend=legend)
        for view in views
    ]
    architecture.shared_legend(views, drawn)
    assert told == [(architecture.LEGEND_PAIN_SUFFIX, other_lists)]


def test_a_walk_along_connections_puts_each_component_beside_one_it_connects_to() -> None:
    ordered = ["a", "b", "c", "d", "e", "f", "g"]
    chain = [("a", "d"), ("d", "b"), ("b", "e"), ("e", "c"), ("c", "f")]
    edges = [Edge(source, target) for source, target in chain]
    # The walk follows the chain; a component no connection reaches starts a walk of its own.
    assert architecture._along_connections(ordered, edges) == ["a", "d", "b", "e", "c", "f", "g"]
    # At a fork the earlier neighbour comes first, and the walk goes back for the other.
    fork = [Edge("a", "c"), Edge("a", "b"), Edge("c", "d")]
    assert architecture._along_connections(["a", "b", "c", "d"], fork) == ["a", "b", "c", "d"]


def test_a_zone_too_large_for_one_slide_is_cut_into_runs_that_keep_its_connections() -> None:
    state = plan_with({"current": generated_state(Topology(45, 1, seed=46))}).architecture.current
    members = [component.id for component in state.components]
    connections = [(c.source, c.target) for c in state.connections]
    runs = architecture._chunk(state, members, lambda run: len(run) <= 7)
    assert sorted(m for run in runs for m in run) == sorted(members)
    assert all(len(run) <= 7 for run in runs)
    # Runs along the lifecycle's layers kept 28 of these 44 connections on one slide.
    run_of = {member: index for index, run in enumerate(runs) for member in run}
    kept = sum(run_of[source] == run_of[target] for source, target in connections)
    assert len(connections) == 44 and kept >= 35, kept
    # One slide more than the fewest is worth that; no more.
    assert len(runs) <= -(-len(members) // 7) + 1


def _pain_lists(deck: dict[str, Any]) -> list[Box]:
    """Return where each slide's list of pain points lies."""
    return [
        element_box(element)
        for slide in architecture_slides(deck)
        for element in slide["pageElements"]
        if element["objectId"].endswith("_pains")
    ]


def _sides(deck: dict[str, Any]) -> list[str]:
    """Return the side of the page ("left", "right") each slide's pain-point list starts on."""
    half = deck["pageSize"]["width"]["magnitude"] / 2
    return ["right" if box.x > half else "left" for box in _pain_lists(deck)]


@pytest.mark.parametrize("name", ["45 components in 4 zones", "30c/6z"])
def test_the_detail_slides_of_a_split_state_list_pain_points_in_one_place(
    name: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    # 45 components in four zones over four detail slides: each puts its pain points in
    # its diagram's largest empty space, right of it on the first and last, left on the
    # others. 30c/6z at the configured type lists them left on three slides, but at the
    # top of one and the foot of the others. Kept left, at the foot of the lowest space
    # there, no slide loses type, a label, a stub or its boxes' width, and each list ends
    # where the others do, above the legend. (30c/6z takes 8 pt, which its size allows,
    # where its boxes then match from slide to slide: held to 9 pt here.)
    if name == "30c/6z":
        monkeypatch.setattr(small_type, "SMALL_TYPE_COMPONENTS", range(0))
        deck = built_deck(plan_with({"current": generated_state(CORPUS[name])}))
    else:
        deck = built_deck(plan_with(sized_architecture(45, 4, 1)))
    lists = _pain_lists(deck)
    assert len(lists) > 2
    assert set(_sides(deck)) == {"left"}
    corners = {(box.x, box.bottom) for box in lists}
    assert len(corners) == 1, corners


def test_a_list_held_to_the_side_column_ends_where_lists_in_empty_space_end() -> None:
    # 30c/1z lists its pain points right on two detail slides: in the column beside the
    # diagram on one, in the diagram's empty space on the other. The column's list ended
    # at its top; held to the right, it ends above the legend, as the other does.
    deck = built_deck(plan_with({"current": generated_state(CORPUS["30c/1z"])}))
    lists = _pain_lists(deck)
    assert len(lists) == 2
    assert set(_sides(deck)) == {"right"}
    assert lists[0].bottom == lists[1].bottom


def test_a_slide_whose_boxes_narrow_beside_a_list_held_to_a_side_keeps_their_width(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # 45c/6z lists its pain points right on two detail slides and left on two (its lines
    # as routed: parting those that meet end to end leaves three lists on the left, which
    # go there with no box narrowing). Held to the right, one slide's boxes came out half a
    # point narrower than the others', so the lists stayed on both sides; held to their
    # width there too, all go right.
    monkeypatch.setattr(architecture, "with_ends_parted", lambda graph, layout: layout)
    plan = plan_with({"current": generated_state(CORPUS["45c/6z"])})
    deck = built_deck(plan)
    assert _sides(deck) == ["right"] * 4
    found = measure_states(deck, planned_connections(plan))["current"]
    assert (found.box_widths, found.texts_sides, found.undrawn, found.faults) == (1, 1, 0, 0)


def test_pain_points_stay_where_they_fit_best_when_one_side_would_cost_a_slide(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # Neither side is worth its cost: each slide keeps the place it found.
    monkeypatch.setattr(architecture, "_texts_moved", lambda *args, **kwargs: None)
    deck = built_deck(plan_with(sized_architecture(45, 4, 1)))
    assert _sides(deck) == ["right", "left", "left", "right"]
