"""Connector labels that no gap holds, placed in open space beside their lines."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from architecture_plans import built_deck, plan_with, random_plan, realistic_architecture

from slidegen.config import Config
from slidegen.layout.context import Box
from slidegen.layout.diagram import geometry
from slidegen.layout.diagram.geometry import (
    DiagramLayout,
    Typography,
    label_ink,
    labels_beside_their_lines,
    layout_diagram,
)
from slidegen.layout.diagram.measures import architecture_slides, measure_slide, slide_faults
from slidegen.layout.slides.architecture import StateView, state_graph
from slidegen.layout.text import wrap
from slidegen.plan.loader import load_plan
from slidegen.plan.model import Plan
from slidegen.units import inches

EXAMPLE = Path(__file__).parents[1] / "plan_inputs" / "example.yaml"
WIDE = Box(inches(0.4), inches(1.1), inches(9.2), inches(3.6))
ROOMY = Typography(max_pt=12, min_pt=9, roomy_gaps=True)


@pytest.fixture(scope="module")
def example() -> Plan:
    return load_plan(EXAMPLE, Config())


def _proposed(plan: Plan) -> DiagramLayout:
    geometry.forget_arrangements()
    graph = state_graph(plan.architecture, StateView("proposed", plan.architecture.proposed))[0]
    return layout_diagram(graph, WIDE, ROOMY)


def _shown(layout: DiagramLayout) -> dict[str, Box]:
    return {
        route.edge.label: route.label_box for route in layout.routes if route.label_box is not None
    }


def test_a_label_no_gap_holds_sits_in_the_open_beside_its_own_line(
    example: Plan, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The example's proposed state, six columns across the slide: its gaps are a third
    # of an inch, too narrow for "GitOps pull" or "deploy", yet its lines pass open space.
    opened = _proposed(example)
    with monkeypatch.context() as patched:
        patched.setattr(geometry, "_free_label_widths", lambda label, font_pt, family: ())
        in_gaps = _proposed(example)
    geometry.forget_arrangements()
    assert len(_shown(opened)) > len(_shown(in_gaps))
    assert labels_beside_their_lines(opened)
    drawn = [p.box for p in opened.nodes.values()] + [zone.box for zone in opened.zones]
    body = Box(
        min(b.x for b in drawn),
        min(b.y for b in drawn),
        max(b.right for b in drawn) - min(b.x for b in drawn),
        max(b.bottom for b in drawn) - min(b.y for b in drawn),
    )
    for label, box in _shown(opened).items():
        ink = label_ink(box)  # a label's insets are empty and may reach over a border
        assert body.contains(ink), label
        assert not any(ink.overlaps(placed.box) for placed in opened.nodes.values()), label
    # Without them, as stubs may need their room, the layout keeps what the gaps hold.
    plain = opened.plain
    assert plain is not None
    in_open = set(_shown(opened)) - set(_shown(plain))
    assert in_open
    assert {edge.label for edge in plain.unplaced_labels} == {
        edge.label for edge in opened.unplaced_labels
    } | in_open
    assert all(_shown(plain)[label] == _shown(opened)[label] for label in _shown(plain))


@pytest.mark.parametrize("family", [None, "Georgia"])
def test_open_space_widths_keep_a_label_on_one_line_then_on_two(family: str | None) -> None:
    for label in ("GitOps pull", "merge request pipelines", "deploy", "metrics and traces"):
        widths = geometry._free_label_widths(label, 9, family)
        assert len(wrap(label, widths[0], 9, family=family)) == 1, label
        if " " in label:
            assert widths[1] < widths[0]
            assert len(wrap(label, widths[1], 9, family=family)) == 2, label
        else:
            assert len(widths) == 1


def _name_sizes(slide: dict[str, Any]) -> dict[str, set[float]]:
    """Return the type sizes of the component names on `slide`, by state ("cur", "pro")."""
    sizes: dict[str, set[float]] = {}
    for element in slide["pageElements"]:
        found = re.search(r"_(cur|pro)\d*_(?:zn_[^_]+_)?bx_[^_]+$", element["objectId"])
        if found:
            runs = [
                r["textRun"] for r in element["shape"]["text"]["textElements"] if "textRun" in r
            ]
            sizes.setdefault(found[1], set()).add(runs[0]["style"]["fontSize"]["magnitude"])
    return sizes


def _labels_shown(deck: dict[str, Any], state: str) -> int:
    (slide,) = [s for s in architecture_slides(deck) if f"{state} state" in str(s)]
    assert slide_faults(slide) == []
    return sum(measured.labels for measured in measure_slide(slide))


def test_the_example_shows_its_labels_where_a_gap_or_open_space_holds_them(
    example: Plan,
) -> None:
    # The proposed state showed one of its eight labels when only gaps held them; the
    # current state keeps all five a gap holds: a layout showing more labels wins a tie.
    deck = built_deck(example)
    assert _labels_shown(deck, "current") == 5
    assert _labels_shown(deck, "proposed") >= 4


def test_the_realistic_proposed_state_shows_more_labels_in_half_a_point_less_type() -> None:
    # At 10 pt its gaps hold 7 of its 11 labels (the Vault pair's two share one); gaps
    # widened at 9.5 pt hold 9, the deck's measures finding each beside its own line and
    # nothing else worse.
    deck = built_deck(plan_with(realistic_architecture()))
    (slide,) = [s for s in architecture_slides(deck) if "proposed state" in str(s)]
    assert _labels_shown(deck, "proposed") == 9
    (measured,) = measure_slide(slide)
    assert not measured.labels_astray and not measured.mixed_bus
    assert _name_sizes(slide) == {"pro": {9.5}}


def test_two_states_side_by_side_keep_one_type_size_when_one_shows_more_labels_smaller() -> None:
    # Random plan 2005's two small states share a slide at 12 pt, its current one showing
    # two labels; at 11.5 pt its gaps hold three, and the proposed one follows it down.
    # Held to that size, the current state does not go smaller still for its fourth.
    plan, config = random_plan(2005)
    (slide,) = architecture_slides(built_deck(plan, config))
    assert _name_sizes(slide) == {"cur": {11.5}, "pro": {11.5}}
    (current, _) = sorted(measure_slide(slide), key=lambda measured: measured.state)
    assert current.labels == 3
