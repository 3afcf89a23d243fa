"""A state alone on its slide that reads clearly only given its legend's band: the legend
goes in the diagram's empty space, beside its zones or framed inside one."""

from __future__ import annotations

import itertools
import re
from typing import Any

import pytest
from architecture_plans import (
    Topology,
    built_deck,
    generated_state,
    lifecycle_columns_only,
    plan_with,
    realistic_architecture,
)
from pytest_mock import MockerFixture

from slidegen.config import Config
from slidegen.layout.check import check_deck
from slidegen.layout.context import Box
from slidegen.layout.diagram import geometry
from slidegen.layout.diagram.geometry import Typography, layout_diagram
from slidegen.layout.diagram.measures import (
    architecture_slides,
    line_path,
    measure_states,
    planned_connections,
    runs_through,
    text_area,
)
from slidegen.layout.slides import architecture
from slidegen.layout.template import element_box, walk_elements
from slidegen.plan.model import Plan
from slidegen.units import inches, pt

# These tests split states of up to 20 components, which in smaller type take one slide.
pytestmark = pytest.mark.usefixtures("configured_type_in_module")


ZONE = re.compile(r"_zn_[^_]+$")
BOX = re.compile(r"_bx_[^_]+$")
LEGEND = re.compile(r"_lg_")


def _elements(slide: dict[str, Any], pattern: re.Pattern[str]) -> list[dict[str, Any]]:
    return [
        e for e in walk_elements(slide.get("pageElements", [])) if pattern.search(e["objectId"])
    ]


def _boxes(slide: dict[str, Any], pattern: re.Pattern[str]) -> dict[str, Box]:
    return {e["objectId"]: element_box(e) for e in _elements(slide, pattern)}


def _runs(slide: dict[str, Any]) -> list[tuple[tuple[float, float], tuple[float, float]]]:
    lines = [e for e in walk_elements(slide.get("pageElements", [])) if "line" in e]
    return [run for e in lines for run in itertools.pairwise(line_path(e))]


def _one_clean_slide(plan: Plan, state: str = "current") -> dict[str, Any]:
    """Return the one architecture slide of `state`, after checking it reads clearly."""
    deck = built_deck(plan)
    found = measure_states(deck, planned_connections(plan))[state]
    assert (found.slides, found.faults, found.undrawn) == (1, 0, 0)
    key = "cur" if state == "current" else "pro"
    return next(
        slide
        for slide in architecture_slides(deck)
        if any(f"_{key}_" in e["objectId"] for e in slide.get("pageElements", []))
    )


def _slides_without_legend_inset(plan: Plan, monkeypatch: pytest.MonkeyPatch) -> int:
    with monkeypatch.context() as patched:
        patched.setattr(
            architecture._Painter, "_clear_with_legend_inset", lambda *args, **kwargs: False
        )
        # In columns following its connections a state may read clearly above the band.
        lifecycle_columns_only(patched)
        deck = built_deck(plan)
    return measure_states(deck, planned_connections(plan))["current"].slides


def _legend_given_its_band(
    topology: Topology, monkeypatch: pytest.MonkeyPatch
) -> tuple[dict[str, Any], dict[str, Box]]:
    """Return the one slide of a state split over two without the legend put in empty space,
    and where each of its legend's shapes is."""
    plan = plan_with({"current": generated_state(topology)})
    assert _slides_without_legend_inset(plan, monkeypatch) == 2
    slide = _one_clean_slide(plan)
    return slide, _boxes(slide, LEGEND)


def _assert_clear(legend: Box, slide: dict[str, Any]) -> None:
    """Assert that no component box, zone title or connector comes into `legend`."""
    assert not any(legend.overlaps(box) for box in _boxes(slide, BOX).values())
    assert not any(runs_through(run, legend) for run in _runs(slide))


def test_a_state_that_needs_the_legends_band_puts_its_legend_beside_its_zones(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # 19 components in six zones: no layout above the legend reads clearly, one
    # given the legend's band too does, and leaves room for the legend outside the zones.
    slide, legend = _legend_given_its_band(Topology(19, 6, 2044), monkeypatch)
    assert legend and not any(key.endswith("_lg_frame") for key in legend)
    zones = _boxes(slide, ZONE).values()
    for box in legend.values():
        assert not any(box.overlaps(zone) for zone in zones)
        _assert_clear(box, slide)


def test_a_legend_inside_a_zone_is_framed_clear_of_what_the_zone_holds(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # 17 components in four zones: the only room the legend finds is in a zone's empty
    # cells, where a frame keeps it from reading as something the zone holds.
    slide, legend = _legend_given_its_band(Topology(17, 4, 2063), monkeypatch)
    frame = next(box for key, box in legend.items() if key.endswith("_lg_frame"))
    zones = [zone for zone in _boxes(slide, ZONE).values() if zone.overlaps(frame)]
    assert len(zones) == 1 and zones[0].contains(frame)
    assert all(frame.contains(box) for box in legend.values())
    _assert_clear(frame, slide)
    zone = next(e for e in _elements(slide, ZONE) if element_box(e) == zones[0])
    title = text_area(zone["shape"], zones[0])
    assert title is not None and not title.overlaps(frame)


def test_a_proposed_state_with_its_legend_inset_counts_its_changes_at_the_legends_end() -> None:
    # Without room for the "What changes" list, the legend's row ends with the counts.
    current = generated_state(Topology(4, 1, 1))
    plan = plan_with({"current": current, "proposed": generated_state(Topology(28, 1, 4022))})
    slide = _one_clean_slide(plan, "proposed")
    legend = {e["objectId"]: e for e in _elements(slide, LEGEND)}
    aside = next(e for key, e in legend.items() if key.endswith("_lg_aside"))
    runs = aside["shape"]["text"]["textElements"]
    assert any(r.get("textRun", {}).get("content", "").startswith("What changes: ") for r in runs)
    frame = next(element_box(e) for key, e in legend.items() if key.endswith("_lg_frame"))
    assert frame.contains(element_box(aside))


def test_empty_space_inside_zones_keeps_clear_of_their_boxes_titles_and_lines() -> None:
    plan = plan_with({"current": generated_state(Topology(17, 5, 2060))})
    state = plan.architecture.current
    graph = architecture.state_graph(plan.architecture, architecture.StateView("current", state))
    area = Box(inches(0.4), inches(1.02), inches(9.2), inches(4.2))
    layout = layout_diagram(graph[0], area, Typography(12, 9, roomy_gaps=True))
    margin = pt(6)
    spaces = geometry.free_areas_in_zones(layout, pt(20), pt(6), margin)
    assert spaces
    zones = [zone for zone in layout.zones if zone.spec is not None]
    titles = [geometry.zone_label_box(zone, layout.typography) for zone in zones]
    boxes = [placed.box for placed in layout.nodes.values()] + titles
    for space in spaces:
        assert sum(zone.box.contains(space) for zone in zones) == 1
        grown = space.inset(-margin + 1)
        assert not any(grown.overlaps(box) for box in boxes)
        for route in layout.routes:
            assert not any(runs_through(run, grown) for run in itertools.pairwise(route.points))


def test_boxes_move_given_the_legends_band_only_from_a_layout_leaving_the_legend_room(
    mocker: MockerFixture, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The realistic plan's current state stays split: given the legend's band, its least
    # faulty packing leaves the legend no room, so no boxes move there (seconds saved).
    # Both builds are held to lifecycle order, which the one without the inset is.
    lifecycle_columns_only(monkeypatch)
    plan = plan_with(realistic_architecture())
    moves = mocker.spy(architecture, "cleaned_by_moves")
    assert _slides_without_legend_inset(plan, monkeypatch) == 2
    without = moves.call_count
    moves.reset_mock()
    assert measure_states(built_deck(plan), planned_connections(plan))["current"].slides == 2
    assert moves.call_count == without


def test_a_legend_in_smaller_type_shows_the_pain_badge_the_diagram_has() -> None:
    # 21 components take type below the configured minimum to stay on one slide: the
    # legend's words keep that minimum, its sample badge is the size of the diagram's.
    slide = _one_clean_slide(plan_with({"current": generated_state(Topology(21, 4, 4004))}))
    badges = {element_box(e).height for e in _elements(slide, re.compile(r"_bx_[^_]+__pp$"))}
    sample = next(element_box(e) for e in _elements(slide, re.compile(r"_lg_pain_s$")))
    assert badges == {sample.height}
    assert sample.height < geometry.badge_size("1", Typography(12, 9))[1]


@pytest.mark.parametrize("topology", [Topology(17, 4, 2063), Topology(21, 4, 4016)])
def test_a_legend_framed_inside_a_zone_passes_the_checker(topology: Topology) -> None:
    # The card is declared inside its zone and its entries inside the card; the sample
    # badge of a state in smaller type takes the diagram's badge size.
    deck = built_deck(plan_with({"current": generated_state(topology)}))
    slide = _one_clean_slide(plan_with({"current": generated_state(topology)}))
    frame = next(
        e["objectId"] for e in _elements(slide, LEGEND) if e["objectId"].endswith("_frame")
    )
    assert re.search(r"_zn_[^_]+_lg_frame$", frame)
    assert all(e["objectId"].startswith(frame) for e in _elements(slide, LEGEND))
    assert [str(finding) for finding in check_deck(deck, Config())] == []
