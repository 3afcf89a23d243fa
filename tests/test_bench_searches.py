"""The diagram benchmark's record of the searches that move boxes until no line misleads."""

from __future__ import annotations

import importlib.util
from pathlib import Path
from types import ModuleType

from architecture_plans import built_deck, odd_architecture, plan_with

from slidegen.layout.diagram import geometry
from slidegen.layout.slides import architecture

BENCH_DIAGRAM = Path(__file__).resolve().parents[1] / "benchmarks" / "bench_diagram.py"
SEARCHED_SEED = 61
"""An odd architecture (five components each joined to all others) misleading till boxes move."""


def bench_diagram() -> ModuleType:
    """Return the diagram benchmark, loaded from its script."""
    spec = importlib.util.spec_from_file_location("bench_diagram", BENCH_DIAGRAM)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_recorded_searches_see_the_builder_move_boxes_and_change_no_deck() -> None:
    plan = plan_with(odd_architecture(SEARCHED_SEED)[1])
    unrecorded = built_deck(plan)
    retry = architecture._Painter._clear_with_legend_inset
    geometry.forget_arrangements()
    with bench_diagram().recorded_searches() as (searches, _retries):
        recorded = built_deck(plan)
    assert recorded == unrecorded
    assert searches, "the drawing misleads: boxes should have been moved"
    assert any(cleared for _, cleared, _ in searches)
    # Recording ends with the builder as it was.
    assert architecture.cleaned_by_moves is geometry.cleaned_by_moves
    assert architecture._Painter._clear_with_legend_inset is retry
