"""Time the architecture diagram for 10, 50 and 200 components.

Architectures are random but seeded: components spread over zones and
lifecycle stages, joined mostly along the flow with some cross links. Two
figures per size:

* layout: one ``layout_diagram`` call into a full-width region (pure geometry);
* slides: the whole ``architecture.build`` (both regions tried, then one
  slide per state, split by zone when needed), requests included.

Run: python benchmarks/bench_diagram.py
"""

from __future__ import annotations

import datetime as dt
import random
import statistics
import time
from collections.abc import Callable
from functools import partial
from typing import Any

from slidegen.config import Config
from slidegen.layout import ids
from slidegen.layout.context import Box, BuildContext, Region
from slidegen.layout.diagram.geometry import Graph, Typography, layout_diagram
from slidegen.layout.slides import architecture
from slidegen.plan.model import Plan, Stage
from slidegen.units import inches

SIZES = (10, 50, 200)
REPEATS = 3
WIDE = Box(inches(0.4), inches(1.1), inches(9.2), inches(3.9))
REGIONS = {
    "heading": Box(inches(0.3), inches(0.22), inches(9.4), inches(0.62)),
    "current": Box(inches(0.4), inches(1.1), inches(4.45), inches(3.85)),
    "proposed": Box(inches(5.15), inches(1.1), inches(4.45), inches(3.85)),
}
WORDS = ("GitLab", "Jenkins", "Vault", "Kafka", "Postgres", "Runner", "Gateway", "Cache")


def random_state(count: int, seed: int) -> dict[str, Any]:
    """Return a random architecture state of `count` components, the same for the same seed."""
    rng = random.Random(seed)
    zones = [{"id": f"z{i}", "name": f"Zone {i}"} for i in range(max(1, count // 10))]
    components: list[dict[str, Any]] = []
    for i in range(count):
        component: dict[str, Any] = {"id": f"c{i}", "name": f"{rng.choice(WORDS)} {i}"}
        if rng.random() > 0.1:
            component["zone"] = rng.choice(zones)["id"]
        if rng.random() > 0.2:
            component["stage"] = rng.choice(list(Stage)).value
        if rng.random() < 0.1:
            component["pain_points"] = ["Slow and costly"]
        components.append(component)
    pairs = {(i, i + 1) for i in range(count - 1) if rng.random() < 0.7}
    for _ in range(count // 3):
        first, second = rng.sample(range(count), 2)
        pairs.add((first, second))
    connections = [
        {"from": f"c{a}", "to": f"c{b}", "label": rng.choice(["", "push", "deploy"])}
        for a, b in sorted(pairs)
    ]
    return {"zones": zones, "components": components, "connections": connections}


def plan_for(state: dict[str, Any]) -> Plan:
    """Return a plan whose current state is `state`."""
    return Plan.model_validate(
        {
            "customer": "Bench",
            "opportunity": {"name": "Bench"},
            "prepared_by": {"name": "Bench"},
            "date": "2026-01-01",
            "architecture": {"current": state},
        }
    )


def context_for(plan: Plan) -> BuildContext:
    """Return a build context with the default template's architecture regions."""
    return BuildContext(
        plan=plan,
        config=Config(),
        regions={name: Region("architecture", name, name, box) for name, box in REGIONS.items()},
        page_size=(inches(10), inches(5.625)),
        today=dt.date(2026, 1, 1),
        page_id=lambda page: ids.make_id(ids.SLIDE, 1, "architecture", page + 1),
        content_id=lambda page, *parts: ids.make_id(ids.CONTENT, 1, "ar", page + 1, *parts),
    )


def median_seconds(action: Callable[[], object]) -> float:
    """Return the median wall time of `action` over REPEATS runs."""
    timings = []
    for _ in range(REPEATS):
        started = time.perf_counter()
        action()
        timings.append(time.perf_counter() - started)
    return statistics.median(timings)


def main() -> None:
    """Print layout and whole-slide timings per size."""
    typography = Typography(max_pt=12, min_pt=9)
    for count in SIZES:
        plan = plan_for(random_state(count, seed=count))
        graph: Graph = architecture.state_graph(
            plan.architecture, architecture.StateView("current", plan.architecture.current)
        )[0]
        layout_time = median_seconds(partial(layout_diagram, graph, WIDE, typography))
        context = context_for(plan)
        pages = architecture.build(context)
        build_time = median_seconds(partial(architecture.build, context))
        print(
            f"{count:>4} components, {len(graph.edges):>3} connections: "
            f"layout {layout_time * 1000:7.1f} ms, "
            f"slides {build_time * 1000:7.1f} ms ({len(pages)} slides, median of {REPEATS})"
        )


if __name__ == "__main__":
    main()
