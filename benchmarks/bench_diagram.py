"""Measure the architecture diagrams of a generated corpus: legibility from the deck, and time.

The corpus (``tests/architecture_plans.py``) holds 10 to 100 components over
one to six zones, with cycles, fan-in and fan-out, long names and Unicode.
Per plan's current state it prints:

* layout: the median time of one ``layout_diagram`` call into the full-width
  area (pure geometry, self-loops added to the graph, nothing remembered from
  the runs before), and of 25 to 200 components for the growth check;
* deck s: the CPU time of building the whole offline deck the measures are read
  from, everything the slide builder tries for the state included (arrangements
  of its lists, boxes moved, smaller type, splits): what a user waits for;
* the measures read off the finished offline deck
  (``slidegen.layout.diagram.measures``): slides, connections drawn of
  planned (a connection cut by a split counts when both of its stubs are
  drawn and name the right part), ambiguous and same-end shared stretches, lines with
  no common end meeting end to end on one line (``e2e``), diagonals, runs through
  boxes and text, labels astray, stub lines meeting another line at an end (``stubJoin``),
  crossings, connector labels drawn of labelled connections (a two-way pair's labels
  share one), ordinary words cut between two letters (``cutWord``), and
  connections drawn as a line joining both boxes on one slide, not only as a
  pair of stubs (``lines``, of planned), and how many box widths and name type
  sizes the state's slides show, overview aside, and on how many sides of the
  page they list pain points and changes (``sizes``, ``1/1/1`` when every slide
  matches; the totals row counts the states where they do not);
* whether that timed layout, the whole state in a slide-wide area, reads
  clearly (``whole``): ``clear``, ``moved`` (clear once its boxes move among
  their zones' cells, as the builder tries up to 20 components), ``reordered``
  (clear with its five or six zones packed in another order), ``unfit`` (not
  even at the smallest type), or
  how many of its connectors run through a box (``b``) and how many pairs share
  a stretch without a common source or target (``s``), with ``title`` when a line
  runs through a zone's title and ``label`` when a label is away from its own
  line. A state drawn whole that
  does not read clearly is split, so this says what keeps a state of up to 20
  components off one slide (the builder's area is a little lower, for the
  legend, so ``clear`` here is needed for one slide, not enough).

The realistic fifteen-component plan of the tests follows, both its states
(``real/cur``, ``real/pro``), then the totals of every column measured.

With ``--random N``, N random small states follow (4 to 20 components in 1 to 6
zones, sizes drawn from a seeded generator, ``Topology`` seeds from 2000), each
built as a whole deck: how many take one slide (and of those, how many at the configured
type and how many only in smaller type, by the smallest name read off the deck), how
many slides the others take (each one listed with its seed), how many have a connection
undrawn or any fault by the deck measures, and which seeds those are.

With ``--larger N``, N random larger states follow, built and counted alike (21 to
30 components, which may take smaller type to stay on one slide, or on fewer slides;
seeds from 4000).

With ``--heights N``, N random small states (seeds from 3000) are laid out in areas of
up to six heights each, at one of three widths: how many pairs of heights have the
taller area unfit while the lower one fits, and which.

With ``--plans N``, N whole random plans follow (``random_plan``, seeds from 2000: their
script, lists and both states of up to 20 components drawn at random), each built with
its configuration: how many of their architecture states take one slide with no stub
(and of those, how many at the plan's configured type), which are split (over slides,
or into halves of one joined by stubs), and which have a fault. Each state drawn whole
only in smaller type is listed with why the configured type did not serve: its whole
layout at that type in the full-width area (as ``whole`` above: ``unfit`` when no
arrangement fits there at all), and the widest word of its names a box keeps whole
("Customer-facing" too: it breaks only in boxes too narrow for it at the smallest
type) with the box it needs, which bounds how many columns the layout tries across.

With ``--odd N``, N architectures of odd shapes follow (``odd_architecture``, seeds
from 0: hubs, chains, halves of complete graphs, pairs joined many times, zones left
empty, long and foreign names), each built as a whole deck: how many decks the deck
checker passes and what it finds in the others, by kind, which states have a fault or
a connection undrawn, how many states take one slide and the shapes and sizes of those
taking more, and the CPU time of building each deck (median, and the slowest few with
their shapes).

With ``--searches N``, N whole random plans (as ``--plans``) and N odd architectures
(as ``--odd``) are built again, with every search for boxes moved until no line misleads
(``cleaned_by_moves``) recorded: how many start from how many faults (lines through
boxes, along another's run or through a zone's title), how many of them end reading
clearly, and their CPU time: what the limit of faults a state of up to 20 components
moves boxes from rests on; then every retry of a state alone on its slide given the
legend's band, by whether its drawing fitted, and how many clear it. ``--only`` skips
the corpus.

Run: python benchmarks/bench_diagram.py [--quick] [--random N] [--larger N]
[--heights N] [--plans N] [--odd N] [--searches N] [--only]
"""

from __future__ import annotations

import itertools
import json
import random
import statistics
import sys
import time
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from functools import partial
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))

from architecture_plans import (
    Topology,
    built_deck,
    corpus,
    generated_graph_self_loops,
    generated_state,
    odd_architecture,
    plan_with,
    random_plan,
    realistic_architecture,
    state_stubs,
)

from slidegen.config import Config
from slidegen.layout.check import check_deck
from slidegen.layout.context import Box
from slidegen.layout.diagram.geometry import (
    DiagramLayout,
    Edge,
    Graph,
    Typography,
    cleaned_by_moves,
    columns_across,
    crosses_zone_labels,
    forget_arrangements,
    labels_beside_their_lines,
    layout_diagram,
    narrowest_box_word,
    packed_in_other_zone_orders,
)
from slidegen.layout.diagram.measures import (
    StateMeasures,
    measure_states,
    planned_connections,
)
from slidegen.layout.slides import architecture
from slidegen.layout.text import family_measured
from slidegen.plan.model import Plan
from slidegen.units import EMU_PER_PT, inches, pt

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


def timed_deck(plan: Plan) -> tuple[dict[str, Any], float]:
    """Return the offline deck built from `plan`, and the CPU seconds building it took."""
    forget_arrangements()  # nothing the timed layouts before it worked out is reused
    started = time.process_time()
    deck = built_deck(plan)
    return deck, time.process_time() - started


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


def whole_verdict(graph: Graph, layout: DiagramLayout) -> str:
    """Return whether a state's whole layout reads clearly, or what keeps it from it.

    Each of `reads_clearly`'s reasons is told: lines through boxes, shared
    stretches (two connectors along one stretch with neither a source nor a
    target in common), a line through a zone's title, a label away from its line.
    A layout the builder would clear by moving boxes among their zones' cells
    is `moved`; one it would clear by packing five or six zones in another
    order, `reordered`.
    """
    if not layout.fits:
        return "unfit"
    if architecture.reads_clearly(layout):
        return "clear"
    if len(graph.nodes) <= architecture.MOST_COMPONENTS_CLEANED:
        cleaned = cleaned_by_moves(graph, layout.area, layout.typography, layout)
        if cleaned is not None and architecture.reads_clearly(cleaned):
            return "moved"
        packed = packed_in_other_zone_orders(graph, layout.area, layout.typography)
        if any(architecture.reads_clearly(found) for found in packed):
            return "reordered"
    shared = sum(1 for _ in architecture.runs_shared_without_a_common_end(layout))
    faults = [f"{layout.blocked}b", f"{shared}s"]
    if crosses_zone_labels(layout):
        faults.append("title")
    if not labels_beside_their_lines(layout):
        faults.append("label")
    return " ".join(faults)


COUNTED = (
    "slides",
    "drawn",
    "planned",
    "ambiguous",
    "end_to_end",
    "shared_end",
    "mixed_bus",
    "diagonal",
    "through_box",
    "through_text",
    "labels_astray",
    "stub_joins",
    "crossings",
    "labels",
    "cut_words",
    "lines",
)
"""The measures the totals row adds up; the labelled connections are added apart."""


def measured_row(
    name: str,
    connections: int | None,
    layout_ms: float | None,
    m: StateMeasures | dict[str, int],
    labelled: int,
    whole: str,
    sizes: str = "",
    deck_seconds: float | None = None,
) -> str:
    """Return one plan's line of the table: its layout time and its deck's measures.

    The totals row has no connection count or time of its own (None), and says
    in `sizes` how many states mix box widths, type sizes or sides of their lists.
    """
    v = m if isinstance(m, dict) else {key: getattr(m, key) for key in COUNTED}
    if not isinstance(m, dict):
        sizes = f"{m.box_widths}/{m.name_sizes}/{m.texts_sides}"
    timed = (
        f"{connections:>4} {layout_ms:9.1f}"
        if connections is not None and layout_ms is not None
        else " " * 14
    )
    built = f"{deck_seconds:6.1f}" if deck_seconds is not None else " " * 6
    return (
        f"{name:>9} {timed} {built} {v['slides']:>6} "
        f"{v['drawn']:>3}/{v['planned']:<3} {v['ambiguous']:>5} {v['end_to_end']:>3} "
        f"{v['shared_end']:>4} "
        f"{v['mixed_bus']:>5} "
        f"{v['diagonal']:>4} {v['through_box']:>7} {v['through_text']:>7} "
        f"{v['labels_astray']:>6} {v['stub_joins']:>8} {v['crossings']:>5} "
        f"{v['labels']:>3}/{labelled:<3} {v['cut_words']:>7} "
        f"{v['lines']:>3}/{v['planned']:<3} {sizes:>5} {whole:>10}"
    )


def labelled_connections(plan: Plan, state: str) -> int:
    """Return how many of a state's connections carry a label."""
    return sum(1 for c in getattr(plan.architecture, state).connections if c.label)


RANDOM_SIZES_SEED = 7
RANDOM_FIRST_SEED = 2000
LARGER_SIZES_SEED = 30
LARGER_FIRST_SEED = 4000


def random_states(count: int, larger: bool = False) -> None:
    """Build `count` random small states as decks; print how many take one slide, how many fail.

    Also how many share their slide with the empty proposed state's panel, and how
    many connector labels all the decks draw on their slides, and how many slides the
    states split over take. With `larger`, the states have 21 to 30 components, which
    may take smaller type to stay on one slide, or on fewer.
    """
    low, high = (21, 30) if larger else (4, 20)
    sizes = random.Random(LARGER_SIZES_SEED if larger else RANDOM_SIZES_SEED)
    first_seed = LARGER_FIRST_SEED if larger else RANDOM_FIRST_SEED
    topologies = [
        Topology(sizes.randint(low, high), sizes.randint(1, 6), seed=first_seed + index)
        for index in range(count)
    ]
    one_slide = at_configured_type = beside_panel = labels = labelled = split_slides = 0
    least_pt = Config().style.min_font_pt
    faulty: list[str] = []
    split: list[str] = []
    started = time.process_time()
    for topology in topologies:
        plan = plan_with({"current": generated_state(topology)})
        deck = built_deck(plan)
        found = measure_states(deck, planned_connections(plan))["current"]
        one_slide += found.slides == 1
        at_configured_type += found.slides == 1 and found.smallest_name_pt >= least_pt
        split_slides += found.slides if found.slides > 1 else 0
        if found.slides > 1:
            split.append(
                f"{topology.components}c/{topology.zones}z seed {topology.seed}: "
                f"{found.slides} slides"
            )
        labels += found.labels
        labelled += labelled_connections(plan, "current")
        beside_panel += architecture.EMPTY_TEXT["proposed"] in json.dumps(deck)
        if found.undrawn or found.faults:
            faulty.append(f"{topology.components}c/{topology.zones}z seed {topology.seed}")
    seconds = time.process_time() - started
    kind = "larger" if larger else "small"
    print(
        f"random {kind} states ({low}-{high} components, 1-6 zones): {count}, {seconds:.1f} s CPU"
    )
    print(f"  on one slide: {one_slide}; with a connection undrawn or a fault: {len(faulty)}")
    print(
        f"  of those on one slide, at the configured type ({least_pt:g} pt or more): "
        f"{at_configured_type}; in smaller type: {one_slide - at_configured_type}"
    )
    print(f"  the {count - one_slide} others take {split_slides} slides in all")
    for name in split:
        print(f"    {name}")
    print(f"  beside the empty proposed state's panel: {beside_panel}")
    print(f"  connector labels drawn: {labels} of {labelled}")
    for name in faulty:
        print(f"    {name}")


PLANS_FIRST_SEED = 2000


def configured_type_verdict(plan: Plan, config: Config, name: str) -> str:
    """Return why a state drawn whole only in smaller type does not take the configured type.

    Its whole layout at the configured type in the full-width area reads clearly,
    misleads or does not fit at all (`whole_verdict`); the widest word of its names a
    box keeps whole sets the narrowest box the layout tries, so how many columns fit
    across.
    """
    state = getattr(plan.architecture, name)
    graph = architecture.state_graph(plan.architecture, architecture.StateView(name, state))[0]
    style = config.style
    family = family_measured(style.font_family)
    typography = Typography(max_pt=style.body_font_pt, min_pt=style.min_font_pt, family=family)
    forget_arrangements()
    verdict = whole_verdict(graph, layout_diagram(graph, WIDE, typography))
    box, word = narrowest_box_word(graph, typography)
    if not word:
        return verdict
    across = columns_across(graph, WIDE.width, typography)
    return (
        f"{verdict}; widest word kept whole {word!r}: boxes {box / EMU_PER_PT:.0f} pt wide, "
        f"{across} columns across at most"
    )


def random_plans(count: int) -> None:
    """Build `count` whole random plans; print how many of their states take one slide, stubless.

    A state cut into halves of one slide joined by stubs is two pictures, not one:
    it counts as split, with the states spread over several slides.
    """
    states = whole = whole_at_configured_type = mixed_states = mixed_pairs = 0
    split: list[str] = []
    smaller: list[tuple[Plan, Config, str, str]] = []
    faulty: list[str] = []
    joined_end_to_end: list[str] = []
    started = time.process_time()
    for seed in range(PLANS_FIRST_SEED, PLANS_FIRST_SEED + count):
        plan, config = random_plan(seed)
        deck = built_deck(plan, config)
        found = measure_states(deck, planned_connections(plan))
        for name in ("current", "proposed"):
            state = getattr(plan.architecture, name)
            if not state.components:
                continue
            states += 1
            measures = found[name]
            stubs = len(state_stubs(deck, name))
            zones = len({component.zone for component in state.components})
            shape = f"{seed}/{name[:3]} {len(state.components)}c/{zones}z"
            if measures.slides == 1 and not stubs:
                whole += 1
                if measures.smallest_name_pt >= config.style.min_font_pt:
                    whole_at_configured_type += 1
                else:
                    smaller.append(
                        (plan, config, name, f"{shape} at {measures.smallest_name_pt:g} pt")
                    )
            else:
                split.append(f"{shape}: {measures.slides} slide(s), {stubs} stubs")
            if measures.undrawn or measures.faults:
                faulty.append(shape)
            mixed_states += measures.mixed_bus > 0
            mixed_pairs += measures.mixed_bus
            if measures.end_to_end:
                joined_end_to_end.append(f"{shape}: {measures.end_to_end} pair(s)")
    seconds = time.process_time() - started
    print(f"random whole plans (states of up to 20 components): {count}, {seconds:.1f} s CPU")
    print(f"  states: {states}; on one slide, no stub: {whole}; split: {len(split)}")
    print(
        f"  of those on one slide, at the plan's configured type: {whole_at_configured_type}; "
        f"in smaller type: {whole - whole_at_configured_type}"
    )
    # Told after the timing: laying each out whole again is no part of a build.
    for plan, config, name, shape in smaller:
        print(f"    smaller type: {shape}: {configured_type_verdict(plan, config, name)}")
    print(f"  with a connection undrawn or a fault: {len(faulty)}")
    print(
        f"  with a line leaving beside another's arrowhead (mixed bus): {mixed_states} states, "
        f"{mixed_pairs} pairs of lines"
    )
    print(f"  with lines meeting end to end on one line (e2e): {len(joined_end_to_end)} states")
    for line in joined_end_to_end:
        print(f"    e2e: {line}")
    print("  split:")
    for line in split:
        print(f"    {line}")
    for shape in faulty:
        print(f"    fault: {shape}")


def odd_architectures(count: int) -> None:
    """Build `count` architectures of odd shapes; print what the checker and measures find."""
    clean = states = one_slide = 0
    kinds: Counter[str] = Counter()
    faulty: list[str] = []
    split: Counter[str] = Counter()
    times: list[tuple[float, str]] = []
    for seed in range(count):
        shape, architecture = odd_architecture(seed)
        plan = plan_with(architecture)
        started = time.process_time()
        deck = built_deck(plan)
        seconds = time.process_time() - started
        sizes = "/".join(str(len(state["components"])) for state in architecture.values())
        described = f"{seed} {shape} ({sizes} components)"
        times.append((seconds, described))
        findings = check_deck(deck, Config())
        clean += not findings
        kinds.update(finding.kind for finding in findings)
        for name, measures in measure_states(deck, planned_connections(plan)).items():
            if not getattr(plan.architecture, name).components:
                continue
            states += 1
            one_slide += measures.slides == 1
            if measures.slides > 1:
                components = len(getattr(plan.architecture, name).components)
                split[f"{shape} of {components}"] += 1
            if measures.faults:
                faulty.append(f"{described} {name}: {measures.faults} fault(s)")
    print(f"odd architectures (hubs, chains, complete graphs, empty zones): {count}")
    found = dict(sorted(kinds.items()))
    print(f"  decks the checker passes: {clean}; found in the others: {found}")
    print(f"  states: {states}; on one slide: {one_slide}; with a fault or undrawn: {len(faulty)}")
    print(f"  states on several slides, by shape: {dict(sorted(split.items()))}")
    for line in faulty:
        print(f"    {line}")
    median = statistics.median(seconds for seconds, _ in times) if times else 0.0
    total = sum(seconds for seconds, _ in times)
    print(f"  deck CPU time: median {median:.2f} s, total {total:.1f} s; slowest:")
    for seconds, described in sorted(times, reverse=True)[:5]:
        print(f"    {seconds:6.1f} s  {described}")


SEARCH_FAULT_BANDS = ((0, 2), (3, 5), (6, 8), (9, 13), (14, 16), (17, 1000))
"""Faults at the start of a box-move search, in bands: the builder's limits are 8 and 16."""

_Search = tuple[int, bool, float]
"""A box-move search: the faults it started from, whether it ended reading clearly, CPU s."""
_Retry = tuple[bool, bool, float]
"""A retry given the legend's band: whether the drawing fitted, whether it cleared, CPU s."""


@contextmanager
def recorded_searches() -> Iterator[tuple[list[_Search], list[_Retry]]]:
    """Record every box-move search and every retry given the legend's band while building."""
    searches: list[_Search] = []
    retries: list[_Retry] = []
    search = architecture.cleaned_by_moves
    retry = architecture._Painter._clear_with_legend_inset

    def searched(
        graph: Graph, area: Box, typography: Typography, layout: DiagramLayout
    ) -> DiagramLayout | None:
        started = time.process_time()
        found = search(graph, area, typography, layout)
        clear = found is not None and architecture.reads_clearly(found)
        searches.append((architecture._faults(layout), clear, time.process_time() - started))
        return found

    def retried(
        painter: architecture._Painter,
        view: architecture.StateView,
        rendered: architecture.Rendered,
        graph: Graph,
        larger: bool,
    ) -> bool:
        started = time.process_time()
        cleared = retry(painter, view, rendered, graph, larger)
        fitted = rendered.layout is not None and rendered.layout.fits
        retries.append((fitted, cleared, time.process_time() - started))
        return cleared

    # The builder looks both up when it calls them: swapped here, they are counted.
    setattr(architecture, "cleaned_by_moves", searched)  # noqa: B010
    setattr(architecture._Painter, "_clear_with_legend_inset", retried)  # noqa: B010
    try:
        yield searches, retries
    finally:
        setattr(architecture, "cleaned_by_moves", search)  # noqa: B010
        setattr(architecture._Painter, "_clear_with_legend_inset", retry)  # noqa: B010


def box_move_searches(count: int) -> None:
    """Build `count` random plans and odd architectures; print their box-move searches."""
    started = time.process_time()
    with recorded_searches() as (searches, retries):
        for seed in range(PLANS_FIRST_SEED, PLANS_FIRST_SEED + count):
            plan, config = random_plan(seed)
            built_deck(plan, config)
        for seed in range(count):
            built_deck(plan_with(odd_architecture(seed)[1]))
    seconds = time.process_time() - started
    clear = [faults for faults, cleared, _ in searches if cleared]
    searched = sum(spent for _, _, spent in searches)
    print(
        f"box-move searches building {count} random plans and {count} odd architectures "
        f"({seconds:.1f} s CPU): {len(searches)}, {len(clear)} ending clear, {searched:.1f} s"
    )
    print("  faults at start  searches  clear  CPU s")
    for low, high in SEARCH_FAULT_BANDS:
        band = [found for found in searches if low <= found[0] <= high]
        if not band:
            continue
        label = f"{low}-{high}" if high < SEARCH_FAULT_BANDS[-1][1] else f"{low} or more"
        cleared = sum(1 for _, clears, _ in band if clears)
        spent = sum(seconds for _, _, seconds in band)
        print(f"  {label:>15} {len(band):>9} {cleared:>6} {spent:>6.1f}")
    most = f"{max(clear)}" if clear else "none ended clear"
    print(f"  most faults a search ending clear started from: {most}")
    for fitted, described in ((False, "did not fit"), (True, "fitted but misled")):
        tried = [retry for retry in retries if retry[0] == fitted]
        cleared = sum(1 for _, clears, _ in tried if clears)
        failing = sum(spent for _, clears, spent in tried if not clears)
        print(
            f"  retries given the legend's band where the drawing {described}: {len(tried)}, "
            f"{cleared} clearing; {failing:.1f} s CPU in the others"
        )


HEIGHTS_SEED = 5
HEIGHTS_FIRST_SEED = 3000
HEIGHTS_PER_GRAPH = 6


def heights_verdicts(count: int) -> None:
    """Lay `count` random small states out in areas of several heights; print where a taller
    area does not fit while a lower one of the same width does.

    The slide builder tries the diagram in the room each arrangement of its texts leaves;
    a taller area losing a lower one's fit hides arrangements that would have fitted.
    """
    chooser = random.Random(HEIGHTS_SEED)
    pairs = lost = 0
    lost_cases: list[str] = []
    started = time.process_time()
    for index in range(count):
        components, zones = chooser.randint(4, 20), chooser.randint(1, 6)
        seed = HEIGHTS_FIRST_SEED + index
        topology = Topology(components, zones, seed, long_names=index % 3 == 0)
        graph, _ = current_graph(topology)
        typography = Typography(12, 9, roomy_gaps=chooser.random() < 0.7)
        width = chooser.choice([inches(9.2), inches(6.54), inches(4.45)])
        heights = sorted(
            {chooser.randint(inches(1.3), inches(3.7)) for _ in range(HEIGHTS_PER_GRAPH)}
        )
        fits = [
            layout_diagram(
                graph, Box(WIDE.x, WIDE.y, width, height), typography, must_fit=True
            ).fits
            for height in heights
        ]
        for lower, taller in itertools.combinations(range(len(heights)), 2):
            pairs += 1
            if fits[lower] and not fits[taller]:
                lost += 1
                lost_cases.append(
                    f"{components}c/{zones}z seed {seed}: {width // pt(1)} pt wide, fits "
                    f"{heights[lower] // pt(1)} pt tall, not {heights[taller] // pt(1)} pt"
                )
    seconds = time.process_time() - started
    print(
        f"heights (4-20 components, 1-6 zones, up to {HEIGHTS_PER_GRAPH} heights each): "
        f"{count}, {seconds:.1f} s CPU"
    )
    print(f"  pairs of heights: {pairs}; a taller area unfit where a lower one fits: {lost}")
    for case in lost_cases[:10]:
        print(f"    {case}")


def main() -> None:
    """Print the measures and layout time of every corpus plan, then the growth figures."""
    quick = "--quick" in sys.argv
    random_count = int(sys.argv[sys.argv.index("--random") + 1]) if "--random" in sys.argv else 0
    larger_count = int(sys.argv[sys.argv.index("--larger") + 1]) if "--larger" in sys.argv else 0
    heights_count = int(sys.argv[sys.argv.index("--heights") + 1]) if "--heights" in sys.argv else 0
    plans_count = int(sys.argv[sys.argv.index("--plans") + 1]) if "--plans" in sys.argv else 0
    odd_count = int(sys.argv[sys.argv.index("--odd") + 1]) if "--odd" in sys.argv else 0
    searches = int(sys.argv[sys.argv.index("--searches") + 1]) if "--searches" in sys.argv else 0
    if "--only" in sys.argv:
        # The extra checks alone, without the corpus.
        if random_count:
            random_states(random_count)
        if larger_count:
            random_states(larger_count, larger=True)
        if heights_count:
            heights_verdicts(heights_count)
        if plans_count:
            random_plans(plans_count)
        if odd_count:
            odd_architectures(odd_count)
        if searches:
            box_move_searches(searches)
        return
    header = (
        f"{'plan':>9} {'conn':>4} {'layout ms':>9} {'deck s':>6} {'slides':>6} {'drawn':>7} "
        f"{'ambig':>5} {'e2e':>3} "
        f"{'bus':>4} {'mixed':>5} {'diag':>4} {'thruBox':>7} {'thruTxt':>7} {'astray':>6} "
        f"{'stubJoin':>8} {'cross':>5} {'labels':>7} {'cutWord':>7} {'lines':>7} {'sizes':>5} "
        f"{'whole':>10}"
    )
    print(header)
    totals = dict.fromkeys(COUNTED, 0)
    total_labelled = mixed = 0

    def add(m: StateMeasures, labelled: int) -> None:
        nonlocal total_labelled, mixed
        for key in COUNTED:
            totals[key] += getattr(m, key)
        total_labelled += labelled
        mixed += m.box_widths > 1 or m.name_sizes > 1 or m.texts_sides > 1

    for name, topology in corpus():
        graph, plan = current_graph(topology)
        layout_ms = median_seconds(partial(cold_layout, graph)) * 1000
        if quick and topology.components > 45:
            print(f"{name:>9} {len(graph.edges):>4} {layout_ms:9.1f}")
            continue
        deck, deck_seconds = timed_deck(plan)
        m = measure_states(deck, planned_connections(plan))["current"]
        labelled = labelled_connections(plan, "current")
        add(m, labelled)
        whole = whole_verdict(graph, cold_layout(graph))
        print(
            measured_row(
                name, len(graph.edges), layout_ms, m, labelled, whole, deck_seconds=deck_seconds
            )
        )
    realistic_plan = plan_with(realistic_architecture())
    # One deck holds both states: its time is told on the first one's row.
    deck, realistic_seconds = timed_deck(realistic_plan)
    deck_times = {"current": realistic_seconds, "proposed": None}
    measured = measure_states(deck, planned_connections(realistic_plan))
    for state in ("current", "proposed"):
        graph = architecture.state_graph(
            realistic_plan.architecture,
            architecture.StateView(state, getattr(realistic_plan.architecture, state)),
        )[0]
        layout_ms = median_seconds(partial(cold_layout, graph)) * 1000
        m = measured[state]
        labelled = labelled_connections(realistic_plan, state)
        add(m, labelled)
        whole = whole_verdict(graph, cold_layout(graph))
        print(
            measured_row(
                "real/" + state[:3],
                len(graph.edges),
                layout_ms,
                m,
                labelled,
                whole,
                deck_seconds=deck_times[state],
            )
        )
    print(measured_row("all", None, None, totals, total_labelled, "", f"{mixed} mix"))
    print()
    print("growth (one zone per 10 components, median of 3):")
    previous = None
    for count in (25, 50, 100, 200):
        graph, _ = current_graph(Topology(count, max(1, count // 10), seed=count))
        seconds = median_seconds(partial(cold_layout, graph))
        ratio = f"  ×{seconds / previous:.2f} for twice the components" if previous else ""
        print(f"{count:>4} components: layout {seconds * 1000:8.1f} ms{ratio}")
        previous = seconds
    if random_count:
        print()
        random_states(random_count)
    if larger_count:
        print()
        random_states(larger_count, larger=True)
    if heights_count:
        print()
        heights_verdicts(heights_count)
    if plans_count:
        print()
        random_plans(plans_count)
    if odd_count:
        print()
        odd_architectures(odd_count)
    if searches:
        print()
        box_move_searches(searches)


if __name__ == "__main__":
    main()
