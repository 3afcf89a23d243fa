"""Measure the architecture diagrams of a generated corpus: legibility from the deck, and time.

The corpus (``tests/architecture_plans.py``) holds 10 to 100 components over
one to six zones, with cycles, fan-in and fan-out, long names and Unicode.
Per plan's current state it prints:

* layout: the median time of one ``layout_diagram`` call into the full-width
  area (pure geometry, self-loops added to the graph, nothing remembered from
  the runs before), and of 25 to 200 components for the growth check;
* the measures read off the finished offline deck
  (``slidegen.layout.diagram.measures``): slides, connections drawn of
  planned (a connection cut by a split counts when both of its stubs are
  drawn and name the right part), ambiguous and same-end shared stretches, diagonals, runs through
  boxes and text, labels astray, stub lines meeting another line at an end (``stubJoin``),
  crossings, connector labels drawn of labelled connections (a two-way pair's labels
  share one), ordinary words cut between two letters (``cutWord``), and
  connections drawn as a line joining both boxes on one slide, not only as a
  pair of stubs (``lines``, of planned).

The realistic fifteen-component plan of the tests follows, both its states
(``real/cur``, ``real/pro``).

Run: python benchmarks/bench_diagram.py [--quick]
"""

from __future__ import annotations

import statistics
import sys
import time
from collections.abc import Callable
from functools import partial
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))

from architecture_plans import (
    Topology,
    built_deck,
    corpus,
    generated_graph_self_loops,
    generated_state,
    plan_with,
    realistic_architecture,
)

from slidegen.layout.context import Box
from slidegen.layout.diagram.geometry import (
    DiagramLayout,
    Edge,
    Graph,
    Typography,
    forget_arrangements,
    layout_diagram,
)
from slidegen.layout.diagram.measures import (
    StateMeasures,
    measure_states,
    planned_connections,
)
from slidegen.layout.slides import architecture
from slidegen.plan.model import Plan
from slidegen.units import inches

REPEATS = 3
WIDE = Box(inches(0.4), inches(1.1), inches(9.2), inches(3.9))
TYPOGRAPHY = Typography(max_pt=12, min_pt=9)


def median_seconds(action: Callable[[], object], repeats: int = REPEATS) -> float:
    """Return the median wall time of `action` over `repeats` runs."""
    timings = []
    for _ in range(repeats):
        started = time.perf_counter()
        action()
        timings.append(time.perf_counter() - started)
    return statistics.median(timings)


def cold_layout(graph: Graph) -> DiagramLayout:
    """Return the layout of `graph` into the full-width area, remembering nothing from before."""
    forget_arrangements()
    return layout_diagram(graph, WIDE, TYPOGRAPHY)


def current_graph(topology: Topology) -> tuple[Graph, Plan]:
    """Return the current state's graph of a generated plan, self-loops added, and the plan.

    A plan may not connect a component to itself, so self-loops exist only in the graph.
    """
    plan = plan_with({"current": generated_state(topology)})
    view = architecture.StateView("current", plan.architecture.current)
    graph = architecture.state_graph(plan.architecture, view)[0]
    loops = tuple(Edge(s, t) for s, t in generated_graph_self_loops(topology))
    return Graph(graph.nodes, graph.edges + loops, graph.zones), plan


def measured_row(
    name: str, connections: int, layout_ms: float, m: StateMeasures, labelled: int
) -> str:
    """Return one plan's line of the table: its layout time and its deck's measures."""
    return (
        f"{name:>9} {connections:>4} {layout_ms:9.1f} {m.slides:>6} "
        f"{m.drawn:>3}/{m.planned:<3} {m.ambiguous:>5} {m.shared_end:>4} {m.diagonal:>4} "
        f"{m.through_box:>7} {m.through_text:>7} {m.labels_astray:>6} {m.stub_joins:>8} "
        f"{m.crossings:>5} {m.labels:>3}/{labelled:<3} {m.cut_words:>7} "
        f"{m.lines:>3}/{m.planned:<3}"
    )


def labelled_connections(plan: Plan, state: str) -> int:
    """Return how many of a state's connections carry a label."""
    return sum(1 for c in getattr(plan.architecture, state).connections if c.label)


def main() -> None:
    """Print the measures and layout time of every corpus plan, then the growth figures."""
    quick = "--quick" in sys.argv
    header = (
        f"{'plan':>9} {'conn':>4} {'layout ms':>9} {'slides':>6} {'drawn':>7} {'ambig':>5} "
        f"{'bus':>4} {'diag':>4} {'thruBox':>7} {'thruTxt':>7} {'astray':>6} {'stubJoin':>8} "
        f"{'cross':>5} {'labels':>7} {'cutWord':>7} {'lines':>7}"
    )
    print(header)
    for name, topology in corpus():
        graph, plan = current_graph(topology)
        layout_ms = median_seconds(partial(cold_layout, graph)) * 1000
        if quick and topology.components > 45:
            print(f"{name:>9} {len(graph.edges):>4} {layout_ms:9.1f}")
            continue
        deck = built_deck(plan)
        m = measure_states(deck, planned_connections(plan))["current"]
        print(
            measured_row(
                name, len(graph.edges), layout_ms, m, labelled_connections(plan, "current")
            )
        )
    realistic_plan = plan_with(realistic_architecture())
    deck = built_deck(realistic_plan)
    measured = measure_states(deck, planned_connections(realistic_plan))
    for state in ("current", "proposed"):
        graph = architecture.state_graph(
            realistic_plan.architecture,
            architecture.StateView(state, getattr(realistic_plan.architecture, state)),
        )[0]
        layout_ms = median_seconds(partial(cold_layout, graph)) * 1000
        m = measured[state]
        labelled = labelled_connections(realistic_plan, state)
        print(measured_row("real/" + state[:3], len(graph.edges), layout_ms, m, labelled))
    print()
    print("growth (one zone per 10 components, median of 3):")
    previous = None
    for count in (25, 50, 100, 200):
        graph, _ = current_graph(Topology(count, max(1, count // 10), seed=count))
        seconds = median_seconds(partial(cold_layout, graph))
        ratio = f"  ×{seconds / previous:.2f} for twice the components" if previous else ""
        print(f"{count:>4} components: layout {seconds * 1000:8.1f} ms{ratio}")
        previous = seconds


if __name__ == "__main__":
    main()
