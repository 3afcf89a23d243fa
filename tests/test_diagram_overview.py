"""Every split state opens with an overview naming each part and which parts connect."""

from __future__ import annotations

import functools
from typing import Any

import pytest
from architecture_plans import (
    Topology,
    built_deck,
    corpus,
    generated_state,
    lifecycle_columns_only,
    plan_with,
    slide_text,
)

from slidegen.layout.diagram.measures import (
    architecture_slides,
    measure_states,
    planned_connections,
)
from slidegen.plan.model import Plan


@functools.cache
def _built(name: str) -> tuple[Plan, dict[str, Any]]:
    plan = plan_with({"current": generated_state(dict(corpus())[name])})
    return plan, built_deck(plan)


def _current_slides(deck: dict[str, Any]) -> list[dict[str, Any]]:
    return [
        s
        for s in architecture_slides(deck)
        if any("_cur" in e["objectId"] for e in s["pageElements"])
    ]


def _is_overview(slide: dict[str, Any]) -> bool:
    return any("_cur0_" in e["objectId"] for e in slide["pageElements"])


@pytest.mark.parametrize("name", ["45c/3z", "100c/6z", "30c/1z"])
def test_a_split_current_state_opens_with_an_overview(name: str) -> None:
    plan, deck = _built(name)
    slides = _current_slides(deck)
    assert len(slides) >= 3
    assert _is_overview(slides[0])
    found = measure_states(deck, planned_connections(plan))["current"]
    assert found.undrawn == 0, found
    overview = [s for s in slides if _is_overview(s)]
    text = " ".join(slide_text(s) for s in overview)
    used = {c.zone for c in plan.architecture.current.components}
    # Every zone of the state is named on its overview (a one-zone state shows its slides).
    for zone in plan.architecture.current.zones:
        if len(used) > 1 and zone.id in used:
            assert zone.name in text, zone.name


def test_an_overview_without_lines_lists_every_pair_of_connected_zones() -> None:
    plan, deck = _built("45c/6z")
    state = plan.architecture.current
    overview = [s for s in _current_slides(deck) if _is_overview(s)]
    assert overview
    if any("line" in e for s in overview for e in s["pageElements"]):
        pytest.skip("the overview draws its connections")
    names = {zone.id: zone.name for zone in state.zones}
    zone_of = {c.id: c.zone for c in state.components}
    pairs = {
        frozenset((names[zone_of[c.source]], names[zone_of[c.target]]))
        for c in state.connections
        if zone_of[c.source] != zone_of[c.target]
    }
    assert pairs
    lines = slide_text(overview[0]).splitlines()
    for pair in pairs:
        first, second = sorted(pair)
        assert any(first in line and second in line and "connection" in line for line in lines), (
            pair
        )


def test_parts_too_entangled_to_draw_as_boxes_are_listed_on_one_overview(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # Neither one overview per three detail slides nor the zones as boxes read clearly here.
    # (Seed 129 was such a plan until room for stubs above and below its diagrams let its
    # parts' connections be drawn on two overview slides. In columns following its
    # connections this one takes one slide: held to lifecycle order here.)
    lifecycle_columns_only(monkeypatch)
    topology = Topology(25, 4, seed=117, cycles=1, fan=1)
    plan = plan_with({"current": generated_state(topology)})
    deck = built_deck(plan)
    slides = _current_slides(deck)
    overviews = [s for s in slides if _is_overview(s)]
    assert len(overviews) == 1
    assert not any("line" in e for e in overviews[0]["pageElements"])
    assert "Connections between zones" in slide_text(overviews[0])
    found = measure_states(deck, planned_connections(plan))["current"]
    assert found.drawn == found.planned
    assert found.faults == 0, found
