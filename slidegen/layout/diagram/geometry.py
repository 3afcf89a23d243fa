"""Layered layout of an architecture diagram, as pure integer-EMU geometry.

The layout is a grid of columns (layers, read left to right) and rows. Zones
are clusters: each spans the columns of its components, and zones whose
columns do not overlap share a horizontal shelf. Steps:

1. layering: connections point left to right. One against the lifecycle
   (by ``Stage.order``) counts in reverse; a cycle is broken by reversing the
   inputs of the earliest waiting node, so the result is deterministic. A
   layer is the longest path reaching a node; unconnected components follow
   their lifecycle stage. When that layout sends connectors through boxes or
   along one another, layers with sources moved next to their targets are
   tried too (a connection skipping columns runs past the boxes between);
2. folding: when more layers exist than legible columns fit across, neighbouring
   layers share a column (earlier ones on top), merged where that adds fewest rows
   or spread evenly, whichever stacks fewer; when few layers hold too many boxes
   to stack, crowded layers instead take several columns each;
3. ordering: barycentre sweeps move boxes towards their neighbours' rows, then
   local moves clear connectors that would run behind boxes; arrangements are
   scored by crossings plus connectors through boxes. A layout that still sends a
   line through a box or along another's run tries boxes moved into free cells of
   other columns of their zone, kept where they read more clearly;
4. sizing: one font size for every box, the largest at which each row fits the
   area, measured with the real font metrics of ``slidegen.layout.text``
   (rows differ in height; boxes in a row share one);
5. routing: each connector joins facing connection sites of its boxes (right
   and left between columns, so no run is diagonal); boxes then move a few
   points sideways until no two connectors without a common end turn on one
   vertical, and each label goes in free space beside its own connector, clear
   of every other line, or is reported unplaced. A label is wrapped to its
   column gap, or narrower where a zone's edge or a bend leaves less room; a
   state drawn whole (``Typography.roomy_gaps``) also tries gaps of up to a
   third of the width, as long as every name's longest word stays whole, and
   the widest gap that keeps type comfortable.

When zones stacked on shelves do not fit at all, or send a connector through
a box or along another's run, zones packed in rows of zones side by side
(``zone_packings``: two by two, three over one, ...) are tried too, each
zone in its own columns, and kept only when no connector then runs through
a box or a zone's label, or shares a run; failing all, a box whose side would
take a line in and send one out moves into its partner's column, in another
row of zones or its own, to be joined to it straight down. Ordering rows also weighs two
connectors without a common end sharing a stretch above a crossing.

A state drawn whole whose layout still misleads may have its boxes moved
among their zones' cells, swapped or into free ones, by a bounded search for
an arrangement where no line misleads (``cleaned_by_moves``).

Nothing here builds requests; ``draw`` turns a ``DiagramLayout`` into them.
"""

from __future__ import annotations

import functools
import heapq
import itertools
import math
from collections.abc import Callable, Collection, Hashable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from typing import Final

from slidegen.layout.check import text_ink
from slidegen.layout.context import Box
from slidegen.layout.diagram.measures import (
    LABEL_REACH,
    distance_to,
    paths_meet_end_to_end,
    segment_hits_box,
)
from slidegen.layout.text import (
    INSET_X,
    INSET_Y,
    WIDTH_SAFETY,
    breakable_words,
    is_right_to_left,
    line_height,
    line_height_for,
    may_break_inside,
    reference_width,
    text_width,
    widest_ordinary_word,
    width_at,
    wrap,
    wrapped,
)
from slidegen.units import pt

UNSTAGED: Final = 1000
SITE_TOP: Final = 0
SITE_LEFT: Final = 1
SITE_BOTTOM: Final = 2
SITE_RIGHT: Final = 3

ZONE_PAD: Final = pt(6)
SHELF_GAP: Final = pt(6)
ZONE_CLEARANCE: Final = pt(3)
"""The least room a zone widened for its label leaves between it and a neighbour."""
MIN_COLUMN_GAP: Final = pt(18)
MIN_ROW_GAP: Final = pt(8)
MIN_TURN_RISE: Final = pt(12)
"""The least height between boxes a connector may turn in: each end's run is half of it."""
LABEL_MARGIN: Final = pt(6)
"""How much narrower than its gap a connector label is: 3 pt clear of each box."""
TITLE_CLEARANCE: Final = pt(24)
"""How far along its row a connector label keeps from a zone's title."""
TITLE_LINE_CLEARANCE: Final = pt(3)
"""The least room between a zone's label wrapped narrower and a line passing beside it."""
LABEL_SPACING: Final = pt(9)
"""How far apart, across, two connector labels keep."""
PART_OPEN_LABEL_SPOTS: Final = (0.5, 0.35, 0.65, 0.2, 0.8, 0.25, 0.75)
"""Where along its line, as fractions of its length, a label is tried out in the open on a
part of a split state, in order.

Halfway first, then further from it, for a line another's bent run crosses or shares
halfway. Nearer its ends a label would take the room by the diagram's edge that the stubs
of the part's cut connections need.
"""
LABEL_SPOTS: Final = (
    *PART_OPEN_LABEL_SPOTS,
    *(0.45, 0.55, 0.4, 0.6, 0.3, 0.7, 0.15, 0.85, 0.1, 0.9, 0.05, 0.95),
)
"""Where along its line a label is tried in a gap its line crosses, or out in the open on a
state drawn whole: as on a part, then at every twentieth of the way, nearest halfway first.
Between boxes packed close, a label often fits only where its line passes a free corner.
"""
MIN_BOX_HEIGHT: Final = pt(28)
BADGE_OVERHANG: Final = pt(5)
CORNER_TEXT_INSET: Final = 0.29289 * 16667 / 100000
MAX_BOX_WIDTH: Final = pt(130)
SWEEPS: Final = 6
MAX_LOCAL_MOVES: Final = 40
LOCAL_BUDGET: Final = 40
SIDEWAYS_BUDGET: Final = 200
FOLD_TRIES: Final = 4
NUDGE: Final = ZONE_PAD - pt(1)
"""How far a box may move sideways to part connectors that would share a run."""
TRACK_GAP: Final = pt(3)
"""Parallel runs closer than this read as one line."""
MAX_NUDGES: Final = 60
SHORTEN_PASSES: Final = 3
PACKINGS_TRIED: Final = 4
"""How many packings of zones into rows of zones are laid out in full."""
PACKING_ROUNDS: Final = 2
"""How many rounds of that many are laid out while none is clean."""
PACKINGS_ORDERED: Final = 24
"""How many packings of zones have their rows ordered before the best few are laid out."""
PACKINGS_SEARCHED: Final = 256
"""How many packings of zones that fit a last search for a clean one lays out at most."""
PACKING_WIDTHS: Final = 4
"""How many column counts, from the widest legible one down, packings of zones are tried at."""
MAX_ZONES_REORDERED: Final = 4
"""Up to this many zones, packings try every order of zones, not only the flow's."""
MAX_ZONES_PACKED: Final = 8
"""Above this many zones, zones are not packed in rows of zones.

The ways to cut n zones into rows double with each zone (128 for eight, half
a million for twenty), and a state of that many zones splits over slides anyway.
"""
MAX_TWO_WAY_TURNS: Final = 8
"""Two-way connectors whose ways are weighed together, at most, when judging a box's sides."""
ALIGN_STEPS: Final = 4
"""How many boxes a packing of zones moves into a partner's column, at most, to clear its sides."""
MOVES_SEARCHED: Final = 400
"""How many arrangements, at most, a search for a clean one places (see `cleaned_by_moves`)."""
MAX_ZONES_SWAPPED: Final = 6
"""Above this many zones, other orders of zones are not searched: each costs too much."""
ZONE_ORDER_STEPS: Final = 8
"""How many times, at most, a search for better orders of zones swaps two of them."""
ZONE_ORDER_PACKINGS_TRIED: Final = 8
"""How many of the packings found in other orders of zones are laid out in full."""
LABEL_TYPE_COST: Final = 0.5
"""How much smaller a whole state's names may get to show more of its connector labels."""
AMBIGUITY_WEIGHT: Final = 2
"""Extra cost, in crossings, of two connectors without a common end sharing a stretch."""

Point = tuple[int, int]
Edges = tuple[int, int, int, int]
"""A rectangle by its left, top, right and bottom edges."""


@dataclass(frozen=True)
class Node:
    """A component to draw: its text, zone, lifecycle position and marker."""

    id: str
    name: str
    zone: str | None = None
    stage_order: int | None = None
    tag: str = ""
    badge: str = ""
    short_tag: str | None = None
    least_tag: str | None = None
    """The tag kept when even the short one leaves boxes too tall; the box's look says the rest."""

    @property
    def compact_tag(self) -> str:
        """Return the tag to show when the full one does not fit."""
        return self.tag if self.short_tag is None else self.short_tag

    @property
    def minimal_tag(self) -> str:
        """Return the tag to show when the compact one does not fit either."""
        return self.compact_tag if self.least_tag is None else self.least_tag


@dataclass(frozen=True)
class Edge:
    """A directed connection between two components."""

    source: str
    target: str
    label: str = ""
    two_way: bool = False
    """The target also connects back to the source: one line with an arrow at each end.

    Its label says which way each part reads, "→ forward / ← back" (either part
    may be missing; see `both_ways`), or bears no arrows where both ways say the same;
    the line may be drawn from either end, the arrows turned with it.
    """
    ways: tuple[str, str] | None = None
    """A two-way label's words each way, from source to target and back ("" for none),
    which its label is written from; None for a label with no arrows of its own."""

    @classmethod
    def both_ways(cls, source: str, target: str, forward: str, back: str) -> Edge:
        """Return a two-way edge labelled with the words each way, "→ forward / ← back"."""
        # A no-break space keeps each arrow on the line of the word after it, when the
        # label wraps.
        words = [f"→\u00a0{forward}"] if forward else []
        words += [f"←\u00a0{back}"] if back else []
        ways = (forward, back) if forward or back else None
        return cls(source, target, " / ".join(words), two_way=True, ways=ways)

    def reversed(self) -> Edge:
        """Return this two-way edge drawn from its other end, its label's arrows turned.

        The words each way are kept apart from the label, so a label's own " / " or
        arrow ("CI / CD", "← legacy") is never taken for the line between two ways.
        """
        if self.ways is None:
            return Edge(self.target, self.source, self.label, two_way=True)
        forward, back = self.ways
        return Edge.both_ways(self.target, self.source, back, forward)


@dataclass(frozen=True)
class ZoneSpec:
    """A labelled zone that components may sit in."""

    id: str
    name: str


@dataclass(frozen=True)
class Graph:
    """What a diagram shows, in declaration order."""

    nodes: tuple[Node, ...]
    edges: tuple[Edge, ...] = ()
    zones: tuple[ZoneSpec, ...] = ()
    lifecycle: bool = True
    """Columns follow the lifecycle (see `assign_columns`); else the connections alone."""

    def __post_init__(self) -> None:
        known = {node.id for node in self.nodes}
        if len(known) != len(self.nodes):
            raise ValueError("duplicate component id in diagram")
        for edge in self.edges:
            for end in (edge.source, edge.target):
                if end not in known:
                    raise ValueError(f"connection refers to unknown component '{end}'")
        zone_ids = {zone.id for zone in self.zones}
        for node in self.nodes:
            if node.zone is not None and node.zone not in zone_ids:
                raise ValueError(f"component '{node.id}' is in unknown zone '{node.zone}'")

    def __hash__(self) -> int:
        """Return the hash of the graph's parts, worked out once.

        Layouts key many caches on the graph; hashing every node and edge again
        on each lookup costs more than some of the work they remember.
        """
        known: int | None = self.__dict__.get("_hash")
        if known is None:
            known = hash((self.nodes, self.edges, self.zones, self.lifecycle))
            object.__setattr__(self, "_hash", known)
        return known

    def __getstate__(self) -> dict[str, object]:
        # String hashes differ between processes: a pickled graph works its hash out again.
        return {key: value for key, value in self.__dict__.items() if key != "_hash"}


@dataclass(frozen=True)
class Typography:
    """Font sizes the diagram may use, and the widest its boxes may be."""

    max_pt: float
    min_pt: float
    widest_box: int = MAX_BOX_WIDTH
    """The detail slides of a split state share their narrowest box width: one picture."""
    least_box: int = 0
    """Boxes narrower than this do not fit.

    A detail slide held to another's box width takes that width exactly,
    rather than more columns of still narrower boxes.
    """
    roomy_gaps: bool = False
    """Column gaps may take up to a third of the width for connector labels, narrowing boxes.

    A part of a split state keeps that room for the stubs of its cut connections.
    """
    family: str | None = None
    """The font family the diagram's text is set in; None for Arial and its metric twins."""

    @property
    def tag_pt(self) -> float:
        """Return the size of the small status tag under a box name."""
        return self.min_pt

    @property
    def zone_pt(self) -> float:
        """Return the size of zone labels."""
        return self.min_pt

    @property
    def label_pt(self) -> float:
        """Return the size of connector labels."""
        return self.min_pt


@dataclass(frozen=True)
class PlacedNode:
    """A component's box, its wrapped name and its badge box."""

    node: Node
    box: Box
    name_lines: tuple[str, ...]
    tag_lines: tuple[str, ...]
    badge_box: Box | None
    column: int
    row: int
    text_low: bool = False
    """The text sits at the bottom of the box: centred, it would run under the badge."""


@dataclass(frozen=True)
class PlacedZone:
    """A zone's box; `spec` is None for the unlabelled area of zoneless components."""

    spec: ZoneSpec | None
    box: Box
    label_at_end: bool = False
    """The label sits at the end of its line, clear of a connector passing its start: the
    top-right corner, or the top-left one for a name in a right-to-left script."""
    title_width: int | None = None
    """The room the label keeps to from its side of the zone (its text and the zone's inset
    there), when lines straight down past both corners leave it less than the zone's width."""


@dataclass(frozen=True)
class Route:
    """A connector: which sites it joins and the path a renderer draws for it."""

    edge: Edge
    start_site: int
    end_site: int
    bent: bool
    points: tuple[Point, ...]
    label_box: Box | None = None
    label_lines: tuple[str, ...] = ()

    @property
    def start(self) -> Point:
        """Return where the connector leaves its source."""
        return self.points[0]

    @property
    def end(self) -> Point:
        """Return where the connector reaches its target."""
        return self.points[-1]


@dataclass
class DiagramLayout:
    """Where everything goes, and whether it is legible."""

    area: Box
    nodes: dict[str, PlacedNode]
    zones: list[PlacedZone]
    routes: list[Route]
    font_pt: float
    typography: Typography
    fits: bool
    self_loops: list[Edge] = field(default_factory=list)
    unplaced_labels: list[Edge] = field(default_factory=list)
    blocked: int = 0
    """How many times a connector runs through a box that is not one of its ends."""
    arrangement: tuple[dict[str, int], tuple[_Shelf, ...], dict[str, int], int] | None = None
    """Columns, shelves, rows and column gap this layout was placed from."""
    plain: DiagramLayout | None = None
    """This layout as first placed, when its gaps were then widened for labels."""
    parting: tuple[bool, bool, bool] = (False, False, False)
    """The `buses`, `resite` and `ends` it was placed with (see `_place`): placing its
    arrangement again with them at another gap changes only what the gap changes."""

    @property
    def used(self) -> Box:
        """Return the bounding box of everything drawn."""
        boxes = [zone.box for zone in self.zones] + [p.box for p in self.nodes.values()]
        boxes += [p.badge_box for p in self.nodes.values() if p.badge_box is not None]
        boxes += [r.label_box for r in self.routes if r.label_box is not None]
        if not boxes:
            return Box(self.area.x, self.area.y, 0, 0)
        return _around(boxes)


def _around(boxes: Sequence[Box]) -> Box:
    """Return the smallest box holding every one of `boxes` (at least one)."""
    left = min(b.x for b in boxes)
    top = min(b.y for b in boxes)
    return Box(left, top, max(b.right for b in boxes) - left, max(b.bottom for b in boxes) - top)


# ---------------------------------------------------------------- layering


def _place_isolated(
    isolated: list[str],
    connected: set[str],
    stage: dict[str, int | None],
    layer: dict[str, int],
) -> None:
    """Give components without connections a layer: by lifecycle stage, then where room is.

    When the connected part spans at least as many layers as there are stages,
    an isolated component joins its stage's neighbours; otherwise stages get a
    layer each, so a mostly unconnected diagram still reads left to right.
    Components without a stage fill the least crowded layers.
    """
    stages_used = sorted({s for s in stage.values() if s is not None})
    span = max((layer[n] for n in connected), default=-1) + 1
    by_stage: dict[int, list[int]] = {}
    for node_id in connected:
        own = stage[node_id]
        if own is not None:
            by_stage.setdefault(own, []).append(layer[node_id])
    unstaged: list[str] = []
    for node_id in isolated:
        own = stage[node_id]
        if own is None:
            unstaged.append(node_id)
        elif span < len(stages_used):
            layer[node_id] = stages_used.index(own)
        elif own in by_stage:
            layer[node_id] = round(sum(by_stage[own]) / len(by_stage[own]))
        else:
            earlier = [max(v) for s, v in by_stage.items() if s < own]
            layer[node_id] = max(earlier) if earlier else 0
    width = max(span, len(stages_used), 1)
    load = [0] * width
    for node_id, value in layer.items():
        if node_id not in unstaged and value < width:
            load[value] += 1
    for node_id in unstaged:
        lightest = min(range(width), key=lambda value: (load[value], value))
        layer[node_id] = lightest
        load[lightest] += 1


def assign_columns(
    graph: Graph,
    shorten: bool = False,
    balance: bool = False,
    push: bool = False,
    flip: bool = False,
) -> tuple[dict[str, int], set[int]]:
    """Return each node's layer (its column before folding) and the edges drawn backwards.

    Connections point left to right: a connection against the lifecycle
    (source stage after target stage) counts in reverse, and a cycle is broken
    by reversing the incoming connections of the earliest-stage, then
    earliest-declared, node still waiting; so the result is deterministic.
    A graph not ordered by its `lifecycle` has no stages: it takes every
    connection as drawn and breaks a cycle at the waiting node that sends the
    most connections more than it receives (as Eades, Lin and Smyth's heuristic
    does), so that few connections run backwards: a hub late in the lifecycle
    then comes first.
    A node's layer is the longest path reaching it. Components without any
    connection take the layer of their stage's neighbours (or, in a diagram
    without connections, one layer per stage in lifecycle order). With
    `shorten`, sources then move towards their targets (``_shorten_connections``);
    with `balance`, nodes move out of the tallest layers (``_balance_layers``),
    with `push` too pushing the nodes after them right to make room, with `flip`
    too moving a hub's spokes to its other side.
    """
    order = {node.id: index for index, node in enumerate(graph.nodes)}
    # Not ordered by the lifecycle, no component has a stage: unconnected ones fill gaps.
    stage = {node.id: node.stage_order if graph.lifecycle else None for node in graph.nodes}
    incoming: dict[str, list[tuple[int, str]]] = {node.id: [] for node in graph.nodes}
    outgoing: dict[str, list[tuple[int, str]]] = {node.id: [] for node in graph.nodes}
    backward: set[int] = set()
    for index, edge in enumerate(graph.edges):
        if edge.source == edge.target:
            continue
        source, target = edge.source, edge.target
        source_stage, target_stage = stage[source], stage[target]
        if source_stage is not None and target_stage is not None and source_stage > target_stage:
            backward.add(index)
            source, target = target, source
        incoming[target].append((index, source))
        outgoing[source].append((index, target))

    def priority(node_id: str) -> tuple[int, int]:
        own = stage[node_id]
        return (own if own is not None else UNSTAGED, order[node_id])

    pending = {node_id: len(edges) for node_id, edges in incoming.items()}
    dropped: set[int] = set()

    def surplus(node_id: str) -> tuple[int, tuple[int, int]]:
        """Return how many more connections `node_id` waits on than it sends, then its priority."""
        sends = sum(1 for _, target in outgoing[node_id] if target in remaining)
        waits = sum(1 for _, source in incoming[node_id] if source in remaining)
        return (waits - sends, priority(node_id))

    layer: dict[str, int] = {}
    remaining = set(order)
    ready = [(priority(n), n) for n in remaining if pending[n] == 0]
    heapq.heapify(ready)
    while remaining:
        if not ready:
            # Every waiting node is on a cycle: give up one node's waiting inputs.
            victim = min(remaining, key=priority if graph.lifecycle else surplus)
            for index, source in incoming[victim]:
                if source in remaining:
                    dropped.add(index)
            pending[victim] = 0
            heapq.heappush(ready, (priority(victim), victim))
            continue
        _, node_id = heapq.heappop(ready)
        if node_id not in remaining:
            continue
        remaining.discard(node_id)
        layer[node_id] = max(
            (layer[source] + 1 for index, source in incoming[node_id] if index not in dropped),
            default=0,
        )
        for index, target in outgoing[node_id]:
            if index in dropped or target not in remaining:
                continue
            pending[target] -= 1
            if pending[target] == 0:
                heapq.heappush(ready, (priority(target), target))
    # A dropped edge reverses its drawing direction relative to its original orientation.
    backward ^= dropped
    if shorten:
        _shorten_connections(layer, incoming, outgoing, dropped)
    if balance:
        two_way = {frozenset((e.source, e.target)) for e in graph.edges if e.two_way}
        _balance_layers(layer, incoming, outgoing, dropped, push, flip, two_way)

    connected = {n for n in order if incoming[n] or outgoing[n]}
    isolated = [n for n in order if n not in connected]
    if isolated:
        _place_isolated(isolated, connected, stage, layer)
    used = sorted(set(layer.values()))
    compact = {value: rank for rank, value in enumerate(used)}
    return {node_id: compact[layer[node_id]] for node_id in order}, backward


def _populations(layer: dict[str, int]) -> list[int]:
    """Return how many nodes each layer holds, the first layer first."""
    population = [0] * (max(layer.values(), default=-1) + 1)
    for value in layer.values():
        population[value] += 1
    return population


def _shorten_connections(
    layer: dict[str, int],
    incoming: dict[str, list[tuple[int, str]]],
    outgoing: dict[str, list[tuple[int, str]]],
    dropped: set[int],
) -> None:
    """Move nodes with more outputs than inputs right, towards their targets, in place.

    A connection skipping columns runs through the boxes between its ends, or
    along their rows; the longest-path layers put every node as far left as
    it can go, so a source feeding only late layers leaves long connections.
    Each node keeps its inputs before it and its outputs after it, and no
    layer grows taller than the tallest one, which would stack more rows.
    """
    population = _populations(layer)
    tallest = max(population, default=0)
    for _ in range(SHORTEN_PASSES):
        moved = False
        for node_id in sorted(layer, key=lambda n: -layer[n]):
            inputs = [layer[source] for i, source in incoming[node_id] if i not in dropped]
            outputs = [layer[target] for i, target in outgoing[node_id] if i not in dropped]
            if not outputs or len(outputs) <= len(inputs):
                continue
            latest = min(outputs) - 1
            while latest > layer[node_id] and population[latest] >= tallest:
                latest -= 1
            if latest > layer[node_id]:
                population[layer[node_id]] -= 1
                population[latest] += 1
                layer[node_id] = latest
                moved = True
        if not moved:
            break


def _balance_layers(
    layer: dict[str, int],
    incoming: dict[str, list[tuple[int, str]]],
    outgoing: dict[str, list[tuple[int, str]]],
    dropped: set[int],
    push: bool = False,
    flip: bool = False,
    two_way: Collection[frozenset[str]] = (),
) -> None:
    """Move nodes out of the tallest layers into shorter ones they may take, in place.

    Longest-path layers pile every source into the first layer and every node
    as far left as it can go, so one layer may stack twice the rows of the
    average: a diagram too tall for its area at any folding. A node of a
    tallest layer moves to the shortest layer between its inputs and outputs
    (the nearest among equals) when that is at least two shorter, until no
    such move is left.

    That leaves a first layer of sources each feeding the next layer as tall as
    it was, and unconnected nodes, waiting there for their own place, count in
    it. With `push`, they do not, and when no node can move so, one moves right
    past its outputs, pushing them (and theirs) on as far as they must go to
    stay after it (see `_Balancing.pushing_move`). With `flip`, when no node can
    move so, a spoke of a hub moves to the hub's other side where every line
    there runs the same way (see `_Balancing.flipping_move`); connections both
    ways (`two_way`) never move so.
    """
    inputs = {
        node_id: [source for i, source in incoming[node_id] if i not in dropped]
        for node_id in layer
    }
    outputs = {
        node_id: [target for i, target in outgoing[node_id] if i not in dropped]
        for node_id in layer
    }
    movable = [node_id for node_id in layer if inputs[node_id] or outputs[node_id]]
    if not movable:
        return
    counted = movable if push else list(layer)
    population = [0] * (max(layer[node_id] for node_id in counted) + 1)
    for node_id in counted:
        population[layer[node_id]] += 1
    balancing = _Balancing(layer, inputs, outputs, movable, population, frozenset(two_way))
    for _ in range(len(counted)):
        move = balancing.single_move()
        if move is None and push:
            move = balancing.pushing_move()
        if move is None and flip:
            move = balancing.flipping_move()
        if move is None:
            return
        balancing.apply(move)


@dataclass
class _Balancing:
    """Layers being balanced: where each node is, its connections kept, the rows of each layer."""

    layer: dict[str, int]
    """Each node's layer, changed in place as nodes move."""
    inputs: dict[str, list[str]]
    outputs: dict[str, list[str]]
    movable: list[str]
    """The nodes with a connection: only they move."""
    population: list[int]
    """How many of the counted nodes each layer holds."""
    two_way: frozenset[frozenset[str]] = frozenset()
    """The pairs of nodes joined both ways."""

    @property
    def last(self) -> int:
        """Return the last layer there is."""
        return len(self.population) - 1

    def apply(self, move: dict[str, int]) -> None:
        """Move each node of `move` to its new layer."""
        for node_id, to in move.items():
            self.population[self.layer[node_id]] -= 1
            self.population[to] += 1
            self.layer[node_id] = to

    def single_move(self) -> dict[str, int] | None:
        """Return a node of a tallest layer moved to a layer at least two shorter, or None."""
        layer, population = self.layer, self.population
        tallest = max(population)
        for node_id in sorted(self.movable, key=lambda n: (-population[layer[n]], layer[n])):
            own = layer[node_id]
            if population[own] < tallest:
                return None
            earliest = max((layer[source] for source in self.inputs[node_id]), default=-1) + 1
            latest = min((layer[t] for t in self.outputs[node_id]), default=self.last + 1) - 1
            choices = [v for v in range(earliest, latest + 1) if population[v] + 1 < tallest]
            if choices:
                return {node_id: min(choices, key=lambda v: (population[v], abs(v - own), v))}
        return None

    def flipping_move(self) -> dict[str, int] | None:
        """Return a spoke of a tallest layer moved to its hub's other side, or None.

        A node joined to one other node only, in the layer next to it, moves to the
        layer on that node's other side when that layer is at least two shorter and
        every line between the hub and it runs the same way as the spoke's: lines
        leaving and reaching the hub on one side would merge there, one reading on
        into the other. Its connection is then drawn backwards. A first layer is
        made for it where there is none before the hub.
        """
        layer, population = self.layer, self.population
        tallest = max(population)
        for node_id in self.movable:
            own = layer[node_id]
            partners = [*self.inputs[node_id], *self.outputs[node_id]]
            if population[own] < tallest or len(partners) != 1:
                continue
            hub = partners[0]
            if abs(own - layer[hub]) != 1 or frozenset((node_id, hub)) in self.two_way:
                continue
            to = 2 * layer[hub] - own
            if 0 <= to <= self.last and population[to] + 1 >= tallest:
                continue
            leaving = hub in self.inputs[node_id]
            there = [
                other for other in (*self.inputs[hub], *self.outputs[hub]) if layer[other] == to
            ]
            if any(
                (other in self.outputs[hub]) != leaving or frozenset((other, hub)) in self.two_way
                for other in there
            ):
                continue
            if to < 0:
                # No layer before the hub's: every layer moves on one to make one.
                for other in layer:
                    layer[other] += 1
                population.insert(0, 0)
                to = 0
            elif to > self.last:
                population.append(0)
            return {node_id: to}
        return None

    def pushing_move(self) -> dict[str, int] | None:
        """Return the layers that change when a node of a tallest layer moves right, pushing on.

        Its outputs, and theirs, move right as far as they must to stay after it,
        within the layers there are. Of the moves leaving fewer rows in the tallest
        layer, or fewer tallest layers, the one doing most for that, then with the
        shortest connections, then the shortest move, is returned; None if none does.
        """
        now = _standing(self.population)
        # A push lengthens connections: worth it only to bring the tallest layer down to its
        # share of the nodes, not to leave fewer layers that tall once it holds no more.
        if now[0] <= math.ceil(len(self.movable) / len(self.population)):
            return None
        best: tuple[tuple[int, int, int, int], dict[str, int]] | None = None
        for node_id in self.movable:
            own = self.layer[node_id]
            if self.population[own] < now[0]:
                continue
            for to in range(own + 1, self.last + 1):
                changed = self._pushed(node_id, to)
                if changed is None:
                    break
                trial = list(self.population)
                for moved, value in changed.items():
                    trial[self.layer[moved]] -= 1
                    trial[value] += 1
                score = (*_standing(trial), self._length(changed), to - own)
                if score[:2] < now and (best is None or score < best[0]):
                    best = (score, changed)
        return None if best is None else best[1]

    def _pushed(self, node_id: str, to: int) -> dict[str, int] | None:
        """Return the new layer of each node moving with `node_id`; None past the last layer."""
        changed = {node_id: to}
        waiting = [node_id]
        while waiting:
            current = waiting.pop()
            for target in self.outputs[current]:
                needed = changed[current] + 1
                if changed.get(target, self.layer[target]) >= needed:
                    continue
                if needed > self.last:
                    return None
                changed[target] = needed
                waiting.append(target)
        return changed

    def _length(self, changed: dict[str, int]) -> int:
        """Return how many layers the connections of the moved nodes span once moved."""
        at = {**self.layer, **changed}
        return sum(
            at[target] - at[source]
            for node_id in changed
            for source, target in (
                *((node_id, t) for t in self.outputs[node_id]),
                *((s, node_id) for s in self.inputs[node_id] if s not in changed),
            )
        )


def _standing(population: list[int]) -> tuple[int, int]:
    """Return the rows of the tallest layer and how many layers are that tall."""
    tallest = max(population)
    return tallest, population.count(tallest)


# ---------------------------------------------------------------- ordering


@dataclass(frozen=True)
class _Cluster:
    """The components of one zone (or the zoneless ones) and the columns they span."""

    spec: ZoneSpec | None
    members: tuple[str, ...]
    first_column: int
    last_column: int


@dataclass(frozen=True)
class _Shelf:
    """Zones side by side on one horizontal shelf; their column spans never overlap."""

    clusters: tuple[_Cluster, ...]
    rows: int

    @property
    def members(self) -> tuple[str, ...]:
        """Return every component on the shelf."""
        return tuple(m for cluster in self.clusters for m in cluster.members)


def _shelves(graph: Graph, column: dict[str, int]) -> list[_Shelf]:
    """Return zones packed onto shelves in declaration order; empty zones share a last shelf.

    A zone goes on the first shelf where its columns are free, so zones that
    occupy different parts of the flow sit side by side instead of each taking
    a full-width band.
    """
    clusters: list[_Cluster] = []
    groups: list[tuple[ZoneSpec | None, list[str]]] = [
        (zone, [n.id for n in graph.nodes if n.zone == zone.id]) for zone in graph.zones
    ]
    loose = [n.id for n in graph.nodes if n.zone is None]
    if loose:
        groups.append((None, loose))
    empty: list[_Cluster] = []
    for spec, members in groups:
        if not members:
            empty.append(_Cluster(spec, (), -1, -1))
            continue
        columns = [column[m] for m in members]
        clusters.append(_Cluster(spec, tuple(members), min(columns), max(columns)))
    placed: list[list[_Cluster]] = []
    for cluster in clusters:
        for shelf in placed:
            if all(
                cluster.last_column < other.first_column or other.last_column < cluster.first_column
                for other in shelf
            ):
                shelf.append(cluster)
                break
        else:
            placed.append([cluster])
    shelves = []
    for shelf_clusters in placed:
        per_cell: dict[int, int] = {}
        for cluster in shelf_clusters:
            for member in cluster.members:
                per_cell[column[member]] = per_cell.get(column[member], 0) + 1
        ordered = sorted(shelf_clusters, key=lambda c: c.first_column)
        shelves.append(_Shelf(tuple(ordered), max(per_cell.values())))
    if empty:
        shelves.append(_Shelf(tuple(empty), 0))
    return shelves


_UNIT_HALF_WIDTH: Final = 0.32
_UNIT_HALF_HEIGHT: Final = 0.3


def _assign_slots(
    members: list[str],
    desired: dict[str, float],
    rows: int,
    offset: int,
    layer: dict[str, int],
) -> dict[str, int]:
    """Return rows for `members` (one column of one shelf) near their desired rows.

    In a folded column earlier layers stay above later ones, so connectors
    between them point down.
    """
    ordered = sorted(members, key=lambda n: (layer[n], desired[n]))
    result: dict[str, int] = {}
    previous = offset - 1
    count = len(ordered)
    for index, node_id in enumerate(ordered):
        latest = offset + rows - (count - index)
        want = round(desired[node_id])
        slot = min(max(want, previous + 1), latest)
        result[node_id] = slot
        previous = slot
    return result


def _grid_routes(
    edges: Sequence[Edge], row: dict[str, int], column: dict[str, int]
) -> list[list[tuple[float, float]]]:
    """Return connector paths in grid units (column, row) for scoring arrangements."""
    paths: list[list[tuple[float, float]]] = []
    for edge in edges:
        paths.append(
            _path(
                (column[edge.source], row[edge.source]),
                (column[edge.target], row[edge.target]),
                _UNIT_HALF_WIDTH,
                _UNIT_HALF_HEIGHT,
            )
        )
    return paths


def _path(
    source: tuple[float, float], target: tuple[float, float], half_w: float, half_h: float
) -> list[tuple[float, float]]:
    """Return the path between two box centres with the default site choice."""
    (sx, sy), (tx, ty) = source, target
    if sx == tx:
        if sy < ty:
            return [(sx, sy + half_h), (tx, ty - half_h)]
        return [(sx, sy - half_h), (tx, ty + half_h)]
    direction = 1 if tx > sx else -1
    start = (sx + direction * half_w, sy)
    end = (tx - direction * half_w, ty)
    if sy == ty:
        return [start, end]
    middle = (start[0] + end[0]) / 2
    return [start, (middle, sy), (middle, ty), end]


def _orientation(a: tuple[float, float], b: tuple[float, float], c: tuple[float, float]) -> float:
    return (b[0] - a[0]) * (c[1] - a[1]) - (b[1] - a[1]) * (c[0] - a[0])


def segments_cross(
    first: tuple[tuple[float, float], ...], second: tuple[tuple[float, float], ...]
) -> bool:
    """Return True when two segments cross at a point inside both (touching ends do not count)."""
    (a, b), (c, d) = first, second
    o1, o2 = _orientation(a, b, c), _orientation(a, b, d)
    o3, o4 = _orientation(c, d, a), _orientation(c, d, b)
    return o1 * o2 < 0 and o3 * o4 < 0


def segments_overlap(
    first: tuple[tuple[float, float], ...], second: tuple[tuple[float, float], ...]
) -> bool:
    """Return True when two segments lie on one line and share a stretch of it."""
    (a, b), (c, d) = first, second
    if _orientation(a, b, c) != 0 or _orientation(a, b, d) != 0:
        return False
    axis = 0 if a[0] != b[0] else 1
    low = max(min(a[axis], b[axis]), min(c[axis], d[axis]))
    high = min(max(a[axis], b[axis]), max(c[axis], d[axis]))
    return high - low > 1e-9


Segment = tuple[tuple[float, float], ...]
Piece = tuple[Segment, float, float, float, float]
"""A segment with its extent (left, top, right, bottom), so far-apart pairs are skipped cheaply."""


def _pieces(path: Sequence[tuple[float, float]]) -> list[Piece]:
    """Return the segments of `path`, each with its extent."""
    pieces: list[Piece] = []
    for a, b in itertools.pairwise(path):
        (ax, ay), (bx, by) = a, b
        # Comparisons, not min() and max(): paths are cut into pieces thousands of times.
        left, right = (ax, bx) if ax <= bx else (bx, ax)
        top, bottom = (ay, by) if ay <= by else (by, ay)
        pieces.append(((a, b), left, top, right, bottom))
    return pieces


def _meetings(first: Sequence[Piece], second: Sequence[Piece]) -> int:
    """Return how many segment pairs of two paths cross or run along each other."""
    return _meeting_counts(first, second)[0]


def _meeting_counts(first: Sequence[Piece], second: Sequence[Piece]) -> tuple[int, int]:
    """Return how many segment pairs of two paths meet, and how many of those share a stretch.

    Sharing is running along one horizontal or vertical; connectors without
    a common end doing so read as one line, which costs more. Connector
    segments run across or down; for those the extents say it all, so the
    general test is needed only for a slanted segment.
    """
    count = along = 0
    for segment, left, top, right, bottom in first:
        for other, other_left, other_top, other_right, other_bottom in second:
            # Crossing or sharing a stretch needs the extents to meet.
            if right < other_left or other_right < left or bottom < other_top:
                continue
            if other_bottom < top:
                continue
            across, other_across = top == bottom, other_top == other_bottom
            down, other_down = left == right, other_left == other_right
            if across and other_across:
                shared = min(right, other_right) - max(left, other_left)
                if top == other_top and shared > 1e-9:
                    count += 1
                    along += 1
            elif down and other_down:
                shared = min(bottom, other_bottom) - max(top, other_top)
                if left == other_left and shared > 1e-9:
                    count += 1
                    along += 1
            elif across and other_down:
                count += left < other_left < right and other_top < top < other_bottom
            elif down and other_across:
                count += other_left < left < other_right and top < other_top < bottom
            elif segments_cross(segment, other) or segments_overlap(segment, other):
                count += 1
    return count, along


def count_crossings(paths: Sequence[Sequence[tuple[float, float]]]) -> int:
    """Return how many pairs of connector segments cross or run along each other."""
    return _crossings_and_shared(
        None, [_pieces(path) for path in paths], [_bounds(path) for path in paths]
    )[0]


def _crossings_and_shared(
    drawn: Sequence[Edge] | None,
    pieces: Sequence[Sequence[Piece]],
    extents: Sequence[tuple[float, float, float, float]],
) -> tuple[int, int]:
    """Return the crossings between paths, and (given their edges) the cost of shared stretches.

    Both need the paths' extents to meet, so one pass over the pairs finds both.
    """
    crossings = shared = 0
    for i in range(len(pieces)):
        left, top, right, bottom = extents[i]
        for j in range(i + 1, len(pieces)):
            other = extents[j]
            if right < other[0] or other[2] < left or bottom < other[1] or other[3] < top:
                continue
            # Connectors running along each other are as confusing as a crossing.
            meetings, along = _meeting_counts(pieces[i], pieces[j])
            crossings += meetings
            if drawn is not None and along and not _related(drawn[i], drawn[j]):
                shared += AMBIGUITY_WEIGHT * along
    return crossings, shared


def _related(first: Edge, second: Edge) -> bool:
    """Return True when two connectors share a source or a target: they read as a bus."""
    return first.source == second.source or first.target == second.target


def _may_share_a_run(first: Edge, second: Edge) -> bool:
    """Return True when two connectors may share a stretch of line: a bus into or out of a box.

    They must both reach one box, or both leave one box with an arrow there on
    both or on neither: a line leaving beside another's arrowhead reads as arriving.
    """
    if first.target == second.target:
        return True
    return first.source == second.source and first.two_way == second.two_way


Extent = tuple[float, float, float, float]
"""A path's extent: its left, top, right and bottom."""


def _bounds(path: Sequence[tuple[float, float]]) -> Extent:
    if not path:
        return (0.0, 0.0, 0.0, 0.0)
    # A loop, not min() and max() of the coordinates: paths of a few points are bounded
    # tens of thousands of times a layout, and it keeps their first extreme, as they do.
    left = right = path[0][0]
    top = bottom = path[0][1]
    for x, y in path:
        if x < left:
            left = x
        elif x > right:
            right = x
        if y < top:
            top = y
        elif y > bottom:
            bottom = y
    return (left, top, right, bottom)


def _pieces_hit(
    pieces: Sequence[Piece],
    extent: tuple[float, float, float, float],
    boxes: Sequence[tuple[float, float, float, float]],
    ends: tuple[int, int],
) -> list[int]:
    """Return the indexes of the boxes (other than `ends`) that a path, given by pieces, crosses."""
    path_left, path_top, path_right, path_bottom = extent
    hit = []
    for index, (left, top, right, bottom) in enumerate(boxes):
        if index in ends:
            continue
        if right <= path_left or path_right <= left or bottom <= path_top or path_bottom <= top:
            continue
        for segment, piece_left, piece_top, piece_right, piece_bottom in pieces:
            if piece_top == piece_bottom and piece_left < piece_right:
                # A run across: inside when between the box's top and bottom and overlapping it.
                hits = top < piece_top < bottom and max(left, piece_left) < min(right, piece_right)
            elif piece_left == piece_right and piece_top < piece_bottom:
                hits = left < piece_left < right and max(top, piece_top) < min(bottom, piece_bottom)
            else:
                hits = segment_hits_box(segment, left, top, right, bottom)
            if hits:
                hit.append(index)
                break
    return hit


def _arrangement_cost(
    graph: Graph, drawn: Sequence[Edge], column: dict[str, int], row: dict[str, int]
) -> tuple[int, list[list[int]]]:
    """Return crossings + 3 × connectors through boxes, and the boxes each connector hits."""
    paths = _grid_routes(drawn, row, column)
    index_of = {node.id: i for i, node in enumerate(graph.nodes)}
    boxes = [
        (
            column[n.id] - _UNIT_HALF_WIDTH,
            row[n.id] - _UNIT_HALF_HEIGHT,
            column[n.id] + _UNIT_HALF_WIDTH,
            row[n.id] + _UNIT_HALF_HEIGHT,
        )
        for n in graph.nodes
    ]
    pieces = [_pieces(path) for path in paths]
    extents = [_bounds(path) for path in paths]
    hits = [
        _pieces_hit(pieces[k], extents[k], boxes, (index_of[e.source], index_of[e.target]))
        for k, e in enumerate(drawn)
    ]
    crossings, shared = _crossings_and_shared(drawn, pieces, extents)
    return crossings + 3 * sum(len(h) for h in hits) + shared, hits


def _cells(
    column: dict[str, int], shelves: Sequence[_Shelf], layer: dict[str, int]
) -> list[tuple[int, int, list[str]]]:
    """Return (first row, rows, members in layer order) for each shelf column holding boxes."""
    cells: list[tuple[int, int, list[str]]] = []
    offset = 0
    columns = max(column.values(), default=-1) + 1
    for shelf in shelves:
        for col in range(columns):
            members = sorted((n for n in shelf.members if column[n] == col), key=lambda n: layer[n])
            if members:
                cells.append((offset, shelf.rows, members))
        offset += shelf.rows
    return cells


def _initial_rows(
    column: dict[str, int], shelves: Sequence[_Shelf], layer: dict[str, int]
) -> dict[str, int]:
    """Return rows that stack each shelf column's boxes from the top, in declaration order."""
    return {
        node_id: offset + index
        for offset, _, members in _cells(column, shelves, layer)
        for index, node_id in enumerate(members)
    }


def order_rows(
    graph: Graph, column: dict[str, int], shelves: Sequence[_Shelf], layer: dict[str, int]
) -> tuple[dict[str, int], int]:
    """Return each node's global row, chosen to reduce crossings; and the cost reached.

    Layouts into different areas order the same arrangements again; the
    ordering does not depend on the area, so it is worked out once per arrangement.
    """
    row, cost, _ = _ordered_rows(graph, tuple(column.items()), tuple(shelves), tuple(layer.items()))
    return dict(row), cost


@functools.lru_cache(maxsize=1024)
def _ordered_rows(
    graph: Graph,
    column: tuple[tuple[str, int], ...],
    shelves: tuple[_Shelf, ...],
    layer: tuple[tuple[str, int], ...],
) -> tuple[tuple[tuple[str, int], ...], int, tuple[tuple[int, ...], ...]]:
    """Return `order_rows` for frozen inputs, and the boxes each connector then runs through.

    Everything returned is frozen, so no caller can alter what the next one gets.
    """
    columns = dict(column)
    scores: _Scores = {}
    row, cost = _order_rows(graph, columns, shelves, dict(layer), scores)
    drawn = [e for e in graph.edges if e.source != e.target]
    hits = _scored(graph, drawn, columns, row, scores)[1]
    return tuple(row.items()), cost, tuple(tuple(boxes) for boxes in hits)


def _moved_sideways(
    graph: Graph, column: dict[str, int], shelves: Sequence[_Shelf], row: dict[str, int]
) -> tuple[dict[str, int], dict[str, int]]:
    """Return columns and rows with boxes connectors run through moved to free cells beside.

    Ordering rows keeps each box in its column; a box in the way, or an end of a
    connector running through one, may do better in another column of its zone on
    its shelf, in a cell no box holds. A move is kept when it lowers the
    arrangement's cost, and no column is left empty (a hole in the picture).
    """
    drawn = [e for e in graph.edges if e.source != e.target]
    hits = _arrangement_cost(graph, drawn, column, row)[1]
    if not any(hits):
        return column, row
    where: dict[str, tuple[_Cluster, int, int]] = {}
    offset = 0
    for shelf in shelves:
        for cluster in shelf.clusters:
            for member in cluster.members:
                where[member] = (cluster, offset, shelf.rows)
        offset += shelf.rows
    column, row = dict(column), dict(row)
    budget = SIDEWAYS_BUDGET
    for _ in range(2):
        improved = False
        # What the boxes hold and their paths change only when a move is kept.
        taken = {(column[m], row[m]) for m in column}
        cache = _PathCache.of(graph, drawn, row, column)
        for node_id in _suspects(graph, drawn, hits):
            cluster, first_row, rows = where[node_id]
            if sum(1 for value in column.values() if value == column[node_id]) == 1:
                continue
            standing = _local_cost(graph, drawn, column, row, {node_id}, cache)
            best: tuple[int, int, int] | None = None
            for to_column in range(cluster.first_column, cluster.last_column + 1):
                if to_column == column[node_id]:
                    continue  # moves within a column are the row ordering's
                for to_row in range(first_row, first_row + rows):
                    if (to_column, to_row) in taken or budget <= 0:
                        continue
                    budget -= 1
                    trial_column = {**column, node_id: to_column}
                    trial_row = {**row, node_id: to_row}
                    after = _local_cost(graph, drawn, trial_column, trial_row, {node_id}, cache)
                    if after < standing and (best is None or after < best[0]):
                        best = (after, to_column, to_row)
            if best is not None:
                column[node_id], row[node_id] = best[1], best[2]
                improved = True
                hits = _arrangement_cost(graph, drawn, column, row)[1]
                if not any(hits):
                    return column, row
                taken = {(column[m], row[m]) for m in column}
                cache = _PathCache.of(graph, drawn, row, column)
        if not improved:
            break
    return column, row


_Scores = dict[tuple[tuple[str, int], ...], tuple[int, list[list[int]]]]
"""The `_arrangement_cost` of each rows tried while ordering one arrangement."""


def _scored(
    graph: Graph,
    drawn: Sequence[Edge],
    column: dict[str, int],
    row: dict[str, int],
    scores: _Scores,
) -> tuple[int, list[list[int]]]:
    """Return `_arrangement_cost` of `row`, worked out once per ordering."""
    key = tuple(row.items())
    found = scores.get(key)
    if found is None:
        found = scores[key] = _arrangement_cost(graph, drawn, column, row)
    return found


def _order_rows(
    graph: Graph,
    column: dict[str, int],
    shelves: Sequence[_Shelf],
    layer: dict[str, int],
    scores: _Scores | None = None,
) -> tuple[dict[str, int], int]:
    """Return each node's global row, chosen to reduce crossings; and the cost reached."""
    scores = {} if scores is None else scores
    drawn = [e for e in graph.edges if e.source != e.target]
    neighbours: dict[str, list[str]] = {node.id: [] for node in graph.nodes}
    for edge in drawn:
        neighbours[edge.source].append(edge.target)
        neighbours[edge.target].append(edge.source)
    cells = _cells(column, shelves, layer)
    row = _initial_rows(column, shelves, layer)

    def cost(candidate: dict[str, int]) -> int:
        return _scored(graph, drawn, column, candidate, scores)[0]

    best, best_cost = dict(row), cost(row)
    if not drawn or best_cost == 0:
        return best, best_cost
    # A sweep's result depends only on the rows it starts from and its direction:
    # once a forward sweep starts from rows seen before, the sweeps only repeat.
    seen: set[tuple[int, ...]] = set()
    for sweep in range(SWEEPS):
        forward = sweep % 2 == 0
        if forward:
            start = tuple(row.values())
            if start in seen:
                break
            seen.add(start)
        ordered_cells = sorted(cells, key=lambda c: column[c[2][0]], reverse=not forward)
        for offset, rows, members in ordered_cells:
            col = column[members[0]]
            desired: dict[str, float] = {}
            for node_id in members:
                side = [
                    row[m]
                    for m in neighbours[node_id]
                    if (column[m] < col if forward else column[m] > col)
                ]
                pool = side or [row[m] for m in neighbours[node_id]]
                # Ties keep the current order, so sweeps converge.
                desired[node_id] = (sum(pool) / len(pool) if pool else row[node_id]) + (
                    row[node_id] * 1e-6
                )
            row.update(_assign_slots(members, desired, rows, offset, layer))
        current = cost(row)
        if current < best_cost:
            best, best_cost = dict(row), current
            if best_cost == 0:
                break
    return _improve_locally(graph, drawn, column, cells, best, best_cost, layer, scores)


@dataclass(frozen=True)
class _PathCache:
    """Connector paths of one arrangement, in grid units, with their pieces and extents."""

    paths: list[list[tuple[float, float]]]
    segments: list[list[Piece]]
    bounds: list[tuple[float, float, float, float]]
    index_of: dict[str, int]
    """Each node's position in the graph."""

    @classmethod
    def of(
        cls, graph: Graph, drawn: Sequence[Edge], row: dict[str, int], column: dict[str, int]
    ) -> _PathCache:
        """Return the cache for an arrangement."""
        paths = _grid_routes(drawn, row, column)
        index_of = {node.id: i for i, node in enumerate(graph.nodes)}
        return cls(paths, [_pieces(p) for p in paths], [_bounds(p) for p in paths], index_of)


def _local_cost(
    graph: Graph,
    drawn: Sequence[Edge],
    column: dict[str, int],
    row: dict[str, int],
    moved: set[str],
    unmoved: _PathCache,
) -> int:
    """Return the part of the arrangement cost that depends on the boxes in `moved`.

    That is every crossing involving a connector of a moved box, and every
    connector-through-box hit where the connector or the box is a moved one.
    Connectors that do not touch a moved box are taken from `unmoved`.
    """
    changed = [i for i, e in enumerate(drawn) if e.source in moved or e.target in moved]
    changed_set = set(changed)
    segments = unmoved.segments
    bounds = unmoved.bounds
    if changed:
        segments, bounds = list(segments), list(bounds)
    for i in changed:
        edge = drawn[i]
        path = _path(
            (column[edge.source], row[edge.source]),
            (column[edge.target], row[edge.target]),
            _UNIT_HALF_WIDTH,
            _UNIT_HALF_HEIGHT,
        )
        segments[i] = _pieces(path)
        bounds[i] = _bounds(path)
    crossings = 0
    for i in changed:
        left, top, right, bottom = bounds[i]
        for j in range(len(drawn)):
            if j == i or (j in changed_set and j < i):
                continue
            other = bounds[j]
            if right < other[0] or other[2] < left or bottom < other[1] or other[3] < top:
                continue
            meetings, along = _meeting_counts(segments[i], segments[j])
            crossings += meetings
            if along and not _related(drawn[i], drawn[j]):
                crossings += AMBIGUITY_WEIGHT * along

    def box(node_id: str) -> tuple[float, float, float, float]:
        return (
            column[node_id] - _UNIT_HALF_WIDTH,
            row[node_id] - _UNIT_HALF_HEIGHT,
            column[node_id] + _UNIT_HALF_WIDTH,
            row[node_id] + _UNIT_HALF_HEIGHT,
        )

    index_of = unmoved.index_of
    hits = 0
    everyone = [box(n.id) for n in graph.nodes] if changed else []
    moved_boxes = [(index_of[n], box(n)) for n in moved]
    for i, edge in enumerate(drawn):
        ends = (index_of[edge.source], index_of[edge.target])
        if i in changed_set:
            hits += len(_pieces_hit(segments[i], bounds[i], everyone, ends))
            continue
        for index, moved_box in moved_boxes:
            if index not in ends and _pieces_hit(segments[i], bounds[i], [moved_box], (-1, -1)):
                hits += 1
    return crossings + 3 * hits


def _suspects(graph: Graph, drawn: Sequence[Edge], hits: Sequence[Sequence[int]]) -> list[str]:
    """Return the boxes whose move may clear a connector running through a box, in order."""
    suspects: list[str] = []
    for edge, boxes in zip(drawn, hits, strict=True):
        if boxes:
            # Moving either end, or a box in the way, can clear the path.
            for node_id in (edge.source, edge.target, *(graph.nodes[i].id for i in boxes)):
                if node_id not in suspects:
                    suspects.append(node_id)
    return suspects


def _improve_locally(
    graph: Graph,
    drawn: Sequence[Edge],
    column: dict[str, int],
    cells: Sequence[tuple[int, int, list[str]]],
    row: dict[str, int],
    cost: int,
    layer: dict[str, int],
    scores: _Scores | None = None,
) -> tuple[dict[str, int], int]:
    """Return `row` after moving boxes that connectors run through to better free rows.

    The number of arrangements tried is capped, so large diagrams stay fast.
    """
    scores = {} if scores is None else scores
    cell_of = {n: (offset, rows) for offset, rows, members in cells for n in members}
    budget = LOCAL_BUDGET
    for _ in range(2):
        _, hits = _scored(graph, drawn, column, row, scores)
        suspects = _suspects(graph, drawn, hits)
        if not suspects:
            break
        improved = False
        cache = _PathCache.of(graph, drawn, row, column)
        # What the moved boxes cost where they stand, until a move is kept.
        standing: dict[frozenset[str], int] = {}
        for node_id in suspects[:MAX_LOCAL_MOVES]:
            offset, rows = cell_of[node_id]
            for target_row in range(offset, offset + rows):
                if target_row == row[node_id]:
                    continue
                occupant = next(
                    (m for m, r in row.items() if r == target_row and column[m] == column[node_id]),
                    None,
                )
                if occupant is not None and layer[occupant] != layer[node_id]:
                    continue  # folded layers keep their top-to-bottom order
                if budget <= 0:
                    return row, cost
                budget -= 1
                candidate = dict(row)
                candidate[node_id] = target_row
                moved = {node_id}
                if occupant is not None:
                    candidate[occupant] = row[node_id]
                    moved.add(occupant)
                # Only what touches the moved boxes changes; score just that part.
                key = frozenset(moved)
                if key not in standing:
                    standing[key] = _local_cost(graph, drawn, column, row, moved, cache)
                after = _local_cost(graph, drawn, column, candidate, moved, cache)
                candidate_cost = cost - standing[key] + after
                if candidate_cost < cost:
                    row, cost, improved = candidate, candidate_cost, True
                    cache = _PathCache.of(graph, drawn, row, column)
                    standing = {}
        if not improved or cost == 0:
            break
    return row, cost


# ---------------------------------------------------------------- sizing


def _longest_word_fits(
    text: str,
    inner_width: int,
    font_pt: float,
    bold: bool,
    min_pt: float | None = None,
    family: str | None = None,
) -> bool:
    """Return True when no word of `text` has to be broken to fit `inner_width`.

    With `min_pt`, some words too long for the width even at that size are
    excused, as demanding them whole would only push the layout into ever
    smaller splits: a token that may break at a separator ("Customer-facing",
    a URL) or between East Asian characters, and an ordinary word too long
    for the widest box a layout may draw. An ordinary word a wider box would
    hold is never excused: boxes narrowed to match other slides' must not
    break "PostgreSQL" in two.
    """
    # Same margin as `wrap` uses, so a word we accept is never split by it.
    limit = inner_width * WIDTH_SAFETY
    widest, words = _word_references(text, bold, family)
    if width_at(widest, font_pt) <= limit:
        return True  # the widest word fits, and so does every other
    widest_limit = max(limit, WIDEST_INNER * WIDTH_SAFETY)
    for reference, breaks_inside in words:
        if width_at(reference, font_pt) <= limit:
            continue
        if min_pt is None:
            return False
        if width_at(reference, min_pt) <= (limit if breaks_inside else widest_limit):
            return False
    return True


@functools.lru_cache(maxsize=16384)
def _word_references(
    text: str, bold: bool, family: str | None
) -> tuple[float, tuple[tuple[float, bool], ...]]:
    """Return the reference width of the widest word of `text`, then of every word.

    Each word's comes with whether it may break inside (see `may_break_inside`).
    Boxes are sized at many widths and type sizes: their words are measured once.
    """
    words = tuple(
        (reference_width(word, bold, family), may_break_inside(word))
        for word in breakable_words(text)
    )
    return max((reference for reference, _ in words), default=0.0), words


def _text_block_height(
    name: str, tag: str, inner_width: int, font_pt: float, tag_pt: float, family: str | None
) -> tuple[int, tuple[str, ...], tuple[str, ...]]:
    name_lines = wrapped(name, inner_width, font_pt, True, family)
    tag_lines = wrapped(tag, inner_width, tag_pt, True, family) if tag else ()
    height = len(name_lines) * line_height_for(name, font_pt)
    height += len(tag_lines) * line_height_for(tag, tag_pt)
    return height + 2 * INSET_Y, name_lines, tag_lines


def rounded_corner_inset(shorter_side: int) -> int:
    """Return how much a rounded rectangle's corners push its text area in, each side.

    DrawingML's roundRect (which Slides and PowerPoint share) keeps text inside
    the straight part of the sides: 0.29289 × the corner radius, and the
    default radius is a sixth of the shorter side.
    """
    return math.ceil(shorter_side * CORNER_TEXT_INSET)


WIDEST_INNER: Final = MAX_BOX_WIDTH - 2 * INSET_X - 2 * rounded_corner_inset(MAX_BOX_WIDTH)
"""The width of the text in the widest box a layout draws."""


@functools.lru_cache(maxsize=1024)
def badge_size(text: str, typography: Typography) -> tuple[int, int]:
    """Return the width and height of a pain-point badge holding `text` (insets included).

    One character sits in a circle; longer text in a rounded rectangle, whose
    corners narrow the text area, so "10" is not broken into "1" and "0".
    """
    width = math.ceil(text_width(text, typography.min_pt, True, typography.family) / WIDTH_SAFETY)
    width += 2 * INSET_X + pt(2)
    height = line_height(typography.min_pt) + 2 * INSET_Y
    if not badge_is_round(text):
        width += 2 * rounded_corner_inset(height)
    return max(width, height), height


def badge_is_round(text: str) -> bool:
    """Return True when a badge holding `text` is drawn as a circle (a single character)."""
    return len(text) == 1


def badge_box(box: Box, text: str, typography: Typography, overhang: bool = True) -> Box:
    """Return where a component's badge goes: on its top-right corner, overhanging a little.

    Without `overhang` it keeps within the box's right edge (it still overhangs the top).
    """
    width, height = badge_size(text, typography)
    overhang_x = _badge_overhang(width) if overhang else 0
    return Box(box.right - width + overhang_x, box.y - BADGE_OVERHANG, width, height)


def _badge_overhang(width: int) -> int:
    """Return how far a badge `width` wide sticks out of its box's right edge."""
    return min(width // 2, BADGE_OVERHANG)


def _placed_badge(
    node: Node, box: Box, typography: Typography, lines: Sequence[tuple[str, float]]
) -> Box:
    """Return a placed box's badge, kept clear of a connector at the right side's middle.

    In a short box the right connection site is beside the badge: the badge
    then keeps within the right edge, unless its text would reach under it
    there or it would reach the top connection site, in the middle of the top.
    """
    badge = badge_box(box, node.badge, typography)
    if badge.bottom + pt(1) <= box.y + box.height // 2:
        return badge
    inward = badge_box(box, node.badge, typography, overhang=False)
    if inward.x <= box.x + box.width // 2 + pt(1):
        return badge
    if badge_intrusion(node, typography, box.width, lines, overhang=False):
        return badge
    return inward


def badge_intrusion(
    node: Node,
    typography: Typography,
    box_width: int,
    lines: Sequence[tuple[str, float]],
    overhang: bool = True,
) -> int:
    """Return the margin a node's text needs above it to stay clear of its badge.

    Text is centred across the box. Lines that end left of the badge never meet it,
    so when the lines the badge could reach are short enough, no margin is needed.
    """
    if not node.badge:
        return 0
    width, height = badge_size(node.badge, typography)
    reach = max(0, height - BADGE_OVERHANG - INSET_Y)
    badge_left = box_width - width + (_badge_overhang(width) if overhang else 0)
    room = 2 * (badge_left - box_width // 2 - pt(2))
    exposed = lines[: math.ceil(reach / line_height(typography.min_pt))]
    if all(
        text_width(text, size, True, typography.family) / WIDTH_SAFETY <= room
        for text, size in exposed
    ):
        return 0
    return reach


def label_size(lines: Sequence[str], typography: Typography) -> tuple[int, int]:
    """Return the box size a connector label with `lines` needs."""
    width = max(
        (text_width(line, typography.label_pt, family=typography.family) for line in lines),
        default=0,
    )
    # `wrap` keeps lines within WIDTH_SAFETY of a box; size the box so they stay unbroken.
    width = math.ceil(width / WIDTH_SAFETY) + 2 * INSET_X + pt(1)
    height = len(lines) * line_height_for("".join(lines), typography.label_pt)
    return width, height + 2 * INSET_Y


@functools.lru_cache(maxsize=4096)
def _label_extent(lines: tuple[str, ...], typography: Typography) -> tuple[int, int]:
    """Return `label_size`; a label is tried at every column gap of every arrangement."""
    return label_size(lines, typography)


@functools.lru_cache(maxsize=4096)
def _label_text_extent(lines: tuple[str, ...], typography: Typography) -> tuple[int, int]:
    """Return the width and height a label's text covers, its lines centred, as measured."""
    family = typography.family
    widest = max(
        (text_width(line, typography.label_pt, family=family) for line in lines), default=0
    )
    return widest, len(lines) * line_height(typography.label_pt)


# ---------------------------------------------------------------- routing


def _sites_path(source: Box, target: Box, start_site: int, end_site: int) -> list[Point]:
    """Return the path a renderer draws between two connection sites."""
    start = site_point(source, start_site)
    end = site_point(target, end_site)
    if start_site in (SITE_LEFT, SITE_RIGHT):
        if start[1] == end[1]:
            return [start, end]
        middle = (start[0] + end[0]) // 2
        return [start, (middle, start[1]), (middle, end[1]), end]
    if start[0] == end[0]:
        return [start, end]
    # From a top or bottom site the connector is drawn turned a quarter: up or down
    # to halfway between its ends, across, and on up or down.
    middle = (start[1] + end[1]) // 2
    return [start, (start[0], middle), (end[0], middle), end]


def site_point(box: Box, site: int) -> Point:
    """Return the position of a rectangle's connection site."""
    if site == SITE_TOP:
        return (box.x + box.width // 2, box.y)
    if site == SITE_LEFT:
        return (box.x, box.y + box.height // 2)
    if site == SITE_BOTTOM:
        return (box.x + box.width // 2, box.y + box.height)
    if site == SITE_RIGHT:
        return (box.x + box.width, box.y + box.height // 2)
    raise KeyError(site)


def _candidate_sites(source: PlacedNode, target: PlacedNode) -> list[tuple[int, int]]:
    """Return site pairs that face each other, the natural one first."""
    vertical = (SITE_BOTTOM, SITE_TOP) if source.box.y < target.box.y else (SITE_TOP, SITE_BOTTOM)
    if source.column == target.column:
        return [vertical]
    horizontal = (
        (SITE_RIGHT, SITE_LEFT) if source.column < target.column else (SITE_LEFT, SITE_RIGHT)
    )
    apart = max(target.box.y - source.box.bottom, source.box.y - target.box.bottom)
    if apart >= MIN_TURN_RISE:
        # Boxes rows apart may also join their bottom and top sites, the connector
        # turning between their rows rather than between their columns; in the least
        # gap between rows, its ends would be too short to show their arrows.
        return [horizontal, vertical]
    return [horizontal]


def path_hits(path: Sequence[Point], box: Box) -> bool:
    """Return True when a path runs through the inside of `box`."""
    left, top, right, bottom = box.x, box.y, box.x + box.width, box.y + box.height
    for a, b in itertools.pairwise(path):
        if a[1] == b[1] or a[0] == b[0]:
            if _run_hits(a, b, left, top, right, bottom):
                return True
        elif segment_hits_box(((a[0], a[1]), (b[0], b[1])), left, top, right, bottom):
            return True
    return False


def _run_hits(a: Point, b: Point, left: int, top: int, right: int, bottom: int) -> bool:
    """Return True when a horizontal or vertical run passes through the inside of a rectangle.

    What `segment_hits_box` finds for such a run, without its clipping: routes
    are tried against every box many times over.
    """
    if a[1] == b[1]:
        if not top < a[1] < bottom:
            return False
        low, high = (a[0], b[0]) if a[0] <= b[0] else (b[0], a[0])
        if low == high:
            return left < low < right
        return min(high, right) > max(low, left)
    if not left < a[0] < right:
        return False
    low, high = (a[1], b[1]) if a[1] <= b[1] else (b[1], a[1])
    return min(high, bottom) > max(low, top)


def _route(edge: Edge, nodes: dict[str, PlacedNode], forward_paths: Sequence[_Traced]) -> Route:
    """Return the connector for `edge`: facing sites, keeping clear of boxes.

    A connector running right to left (against the flow) also keeps clear of
    the forward connectors: sharing their channels would read as one line with
    arrows at both ends.
    """
    source, target = nodes[edge.source], nodes[edge.target]
    ends = (edge.source, edge.target)
    backward = source.column > target.column
    best: Route | None = None
    best_cost = math.inf
    # Routes are tried hundreds of thousands of times while boxes move: the tests
    # below look at extents, on plain integers, before any closer look.
    for start_site, end_site in _candidate_sites(source, target):
        points = _sites_path(source.box, target.box, start_site, end_site)
        cost = 3 * _boxes_hit(points, nodes, ends)
        if backward:
            own = _Traced.of(points)
            own_left, own_top, own_right, own_bottom = own.extent
            for path in forward_paths:
                path_left, path_top, path_right, path_bottom = path.extent
                if own_right < path_left or path_right < own_left:
                    continue
                if own_bottom < path_top or path_bottom < own_top:
                    continue
                cost += _meetings(own.pieces, path.pieces)
        if cost < best_cost:
            best_cost = cost
            best = Route(edge, start_site, end_site, len(points) > 2, tuple(points))
    assert best is not None
    return best


def _boxes_hit(points: Sequence[Point], nodes: dict[str, PlacedNode], ends: Sequence[str]) -> int:
    """Return how many boxes, other than those of `ends`, a path runs through."""
    left, top, right, bottom = _bounds(points)
    hits = 0
    for key, placed in nodes.items():
        box = placed.box
        # Only boxes the path's extent reaches into can be hit.
        if box.x >= right or left >= box.x + box.width or key in ends:
            continue
        if box.y < bottom and top < box.y + box.height and path_hits(points, box):
            hits += 1
    return hits


def _as_float_path(points: Sequence[Point]) -> list[tuple[float, float]]:
    return [(float(x), float(y)) for x, y in points]


@dataclass(frozen=True)
class _Traced:
    """A connector path in slide units, with its pieces and extent ready for crossing tests."""

    pieces: tuple[Piece, ...]
    extent: tuple[float, float, float, float]

    @classmethod
    def of(cls, points: Sequence[Point]) -> _Traced:
        """Return the traced form of `points`."""
        return _traced(tuple(points))


@functools.lru_cache(maxsize=8192)
def _traced(points: tuple[Point, ...]) -> _Traced:
    """Return the traced form of `points`, worked out once: moves retry the same routes often."""
    path = _as_float_path(points)
    return _Traced(tuple(_pieces(path)), _bounds(path))


@functools.lru_cache(maxsize=4096)
def _points_along(
    points: tuple[Point, ...], fractions: tuple[float, ...]
) -> tuple[tuple[int, int, bool], ...]:
    """Return the point each of `fractions` of the way along a path, and whether it is steep.

    A label is tried at the same points for each width it wraps to: they are worked out once.
    """
    # Each run once: its start, its travel along each axis, its length and whether it is steep.
    runs = []
    total = 0
    for (x0, y0), (x1, y1) in itertools.pairwise(points):
        dx, dy = x1 - x0, y1 - y0
        length = abs(dx) + abs(dy)
        total += length
        runs.append((x0, y0, dx, dy, length, abs(dy) > abs(dx)))
    end = (points[-1][0], points[-1][1], False)
    found: list[tuple[int, int, bool]] = []
    for fraction in fractions:
        goal = total * fraction
        for x0, y0, dx, dy, length, steep in runs:
            if goal <= length and length > 0:
                share = goal / length
                found.append((round(x0 + dx * share), round(y0 + dy * share), steep))
                break
            goal -= length
        else:
            found.append(end)
    return tuple(found)


def label_ink(label_box: Box) -> Box:
    """Return the part of a label's box that holds text (its insets are empty)."""
    return text_ink(label_box)


def _walled_in(left: int, top: int, right: int, bottom: int, walls: Sequence[Edges]) -> bool:
    """Return True when the box of these edges overlaps any of `walls`."""
    # A loop, not any(): labels are tried at thousands of places, and a generator costs more.
    for x0, y0, x1, y1 in walls:  # noqa: SIM110
        if x0 < right and left < x1 and y0 < bottom and top < y1:
            return True
    return False


def _settles_in_zones(ink: Edges, zones: Sequence[Edges]) -> bool:
    """Return True when `ink` lies wholly inside one zone or clear of every zone.

    A label half on a zone would read as belonging to neither side. Both are
    given by their edges (left, top, right, bottom): labels try many places.
    """
    left, top, right, bottom = ink
    touched: Edges | None = None
    for zone in zones:
        if zone[0] < right and left < zone[2] and zone[1] < bottom and top < zone[3]:
            if touched is not None:
                return False
            touched = zone
    if touched is None:
        return True
    zone_left, zone_top, zone_right, zone_bottom = touched
    return zone_left <= left and zone_top <= top and right <= zone_right and bottom <= zone_bottom


# Points as EMU, worked out once: labels try thousands of places.
_PT_HALF: Final = pt(0.5)
_PT_1: Final = pt(1)
_PT_2: Final = pt(2)
_PT_4: Final = pt(4)


def _nearest_gap(runs: Sequence[Extent], left: int, top: int, right: int, bottom: int) -> float:
    """Return the least gap between `runs` and a box given by its edges (`distance_to`, inlined).

    Labels try thousands of places, each measured against every run near it.
    """
    nearest: float | None = None
    for run_left, run_top, run_right, run_bottom in runs:
        across = left - run_right if left > run_right else max(run_left - right, 0)
        down = top - run_bottom if top > run_bottom else max(run_top - bottom, 0)
        gap = across if across > down else down
        if nearest is None or gap < nearest:
            nearest = gap
    assert nearest is not None
    return nearest


def _any_gap_below(
    runs: Sequence[Extent], left: int, top: int, right: int, bottom: int, limit: float
) -> bool:
    """Return True when any of `runs` comes nearer a box, given by its edges, than `limit`."""
    for run_left, run_top, run_right, run_bottom in runs:
        across = left - run_right if left > run_right else max(run_left - right, 0)
        down = top - run_bottom if top > run_bottom else max(run_top - bottom, 0)
        if (across if across > down else down) < limit:
            return True
    return False


def place_label(
    route: Route,
    lines: list[str],
    typography: Typography,
    blockers: list[Box],
    area: Box,
    zones: Sequence[Box] = (),
    other_runs: Sequence[tuple[Point, Point]] = (),
    spots: tuple[float, ...] = LABEL_SPOTS,
) -> Box | None:
    """Return where `route`'s label goes beside it, clear of `blockers`, or None.

    The label must be nearer its own line than any of `other_runs`, as
    `labels_beside_their_lines` judges it: a label nearer another line
    reads as that line's. It is tried at `spots`, fractions of the way along the line.
    """
    width, height = _label_extent(tuple(lines), typography)
    shown_width, shown_height = _label_text_extent(tuple(lines), typography)
    # Every place tried has the same ink within its box: work with edges, not boxes.
    ink_probe = label_ink(Box(0, 0, width, height))
    ink_width, ink_height = ink_probe.width, ink_probe.height
    # Every place tried lies within this reach of the line: only walls there can be in the way.
    reach_x, reach_y = width + ink_width + _PT_4, height + ink_height + _PT_4
    path_left, path_top, path_right, path_bottom = _bounds(route.points)
    left_most, right_most = path_left - reach_x, path_right + reach_x
    top_most, bottom_most = path_top - reach_y, path_bottom + reach_y
    walls = [
        edges
        for box in blockers
        if (edges := (box.x, box.y, box.x + box.width, box.y + box.height))[0] < right_most
        and left_most < edges[2]
        and edges[1] < bottom_most
        and top_most < edges[3]
    ]
    zone_edges = [(zone.x, zone.y, zone.right, zone.bottom) for zone in zones]
    own_runs = list(itertools.pairwise(route.points))
    own_edges = [_bounds(run) for run in own_runs]
    # The other lines are measured only from a place that passes every other test.
    other_edges: list[Extent] | None = None
    near = _PT_HALF
    reach_inked, nearer_by = LABEL_REACH - _PT_2, _PT_2
    # Beside a vertical segment or above a horizontal one the label leaves
    # the line visible; a label on its line would hide it, so it goes to the notes.
    beside = ((ink_width // 2 + _PT_2, 0), (-ink_width // 2 - _PT_2, 0))
    above = ((0, -ink_height // 2 - _PT_1), (0, ink_height // 2 + _PT_1))
    area_left, area_top, area_right, area_bottom = area.x, area.y, area.right, area.bottom
    for x, y, vertical in _points_along(route.points, spots):
        for dx, dy in beside if vertical else above:
            box_x, box_y = x - width // 2 + dx, y - height // 2 + dy
            left, top = box_x + ink_probe.x, box_y + ink_probe.y
            right, bottom = left + ink_width, top + ink_height
            if left < area_left or top < area_top or right > area_right or bottom > area_bottom:
                continue
            if _walled_in(left, top, right, bottom, walls):
                continue
            if not _settles_in_zones((left, top, right, bottom), zone_edges):
                continue
            # Its own line may pass beside the text, never through it (a bent one turns).
            grown = (left - near, top - near, right + near, bottom + near)
            if any(segment_hits_box(((a[0], a[1]), (b[0], b[1])), *grown) for a, b in own_runs):
                continue
            own = _nearest_gap(own_edges, left, top, right, bottom)
            if own > reach_inked:
                continue
            if other_edges is None:
                other_edges = [_bounds(run) for run in other_runs]
            if _any_gap_below(other_edges, left, top, right, bottom, own + nearer_by):
                continue
            # The text itself is narrower than the box less its insets, by the margin
            # wrapping keeps; a long label's own line may then be farther than another's,
            # as the deck's measures judge it from the text.
            shown_left, shown_top = box_x + (width - shown_width) // 2, box_y + INSET_Y
            shown_right, shown_bottom = shown_left + shown_width, shown_top + shown_height
            own = _nearest_gap(own_edges, shown_left, shown_top, shown_right, shown_bottom)
            if own > LABEL_REACH or _any_gap_below(
                other_edges, shown_left, shown_top, shown_right, shown_bottom, own
            ):
                continue
            return Box(box_x, box_y, width, height)
    return None


# ---------------------------------------------------------------- the layout


def fold_columns(layer: dict[str, int], columns: int, graph: Graph | None = None) -> dict[str, int]:
    """Return columns for `layer` squeezed into `columns`: neighbouring layers share one.

    With the graph, each step merges the neighbouring pair of columns that
    adds the fewest rows (zones and all), avoiding columns where a connector
    would have to pass other boxes; without it, layers are spread evenly.
    """
    layers = max(layer.values(), default=-1) + 1
    if layers <= columns:
        return dict(layer)
    if graph is None:
        return {node_id: value * columns // layers for node_id, value in layer.items()}
    # A state is laid out into several areas, each trying some of the same foldings.
    return dict(_folded_columns(tuple(layer.items()), columns, graph))


@functools.lru_cache(maxsize=1024)
def _folded_columns(
    frozen_layer: tuple[tuple[str, int], ...], columns: int, graph: Graph
) -> tuple[tuple[str, int], ...]:
    """Return `fold_columns` of a graph for frozen layers, frozen too."""
    layer = dict(frozen_layer)
    layers = max(layer.values(), default=-1) + 1
    groups = [[value] for value in range(layers)]

    def mapping(grouping: list[list[int]]) -> dict[str, int]:
        where = {value: index for index, group in enumerate(grouping) for value in group}
        return {node_id: where[value] for node_id, value in layer.items()}

    zone = {node.id: node.zone for node in graph.nodes}
    edges = [(e.source, e.target) for e in graph.edges if e.source != e.target]

    def cost(grouping: list[list[int]]) -> int:
        column = mapping(grouping)
        rows = sum(shelf.rows for shelf in _shelves(graph, column))
        # A vertical connector between zones, or skipping a layer, is likely to
        # run behind a box in between.
        risky = sum(
            1
            for source, target in edges
            if column[source] == column[target]
            and (zone[source] != zone[target] or abs(layer[source] - layer[target]) > 1)
        )
        return rows + 2 * risky

    while len(groups) > columns:
        best_rows, best_index = None, 0
        for index in range(len(groups) - 1):
            trial = [*groups[:index], groups[index] + groups[index + 1], *groups[index + 2 :]]
            rows = cost(trial)
            if best_rows is None or rows < best_rows:
                best_rows, best_index = rows, index
        groups[best_index : best_index + 2] = [groups[best_index] + groups[best_index + 1]]
    # Merging pairs one at a time can stack two full columns into one (a chain of
    # 14 in 6 columns becomes 4+2+2+2+2+2); an even spread may need fewer rows.
    balanced = _balanced_groups(layer, columns)
    if cost(balanced) < cost(groups):
        groups = balanced
    return tuple(mapping(groups).items())


def _balanced_groups(layer: dict[str, int], columns: int) -> list[list[int]]:
    """Return `columns` runs of consecutive layers holding as even a number of boxes as can be.

    Evenness is the sum of squared run sizes, which a dynamic programme
    minimises exactly; ties keep the earlier cut, so the result is deterministic.
    """
    layers = max(layer.values(), default=-1) + 1
    sizes = [0] * layers
    for value in layer.values():
        sizes[value] += 1
    prefix = [0, *itertools.accumulate(sizes)]
    # best[runs][end] is the least cost of layers [0, end) in that many runs;
    # cut[runs][end] is where the last of those runs starts.
    best = [[math.inf] * (layers + 1) for _ in range(columns + 1)]
    cut = [[0] * (layers + 1) for _ in range(columns + 1)]
    best[0][0] = 0
    for runs in range(1, columns + 1):
        for end in range(runs, layers - (columns - runs) + 1):
            for start in range(runs - 1, end):
                total = best[runs - 1][start] + (prefix[end] - prefix[start]) ** 2
                if total < best[runs][end]:
                    best[runs][end], cut[runs][end] = total, start
    groups: list[list[int]] = []
    end = layers
    for runs in range(columns, 0, -1):
        start = cut[runs][end]
        groups.append(list(range(start, end)))
        end = start
    return groups[::-1]


@functools.lru_cache(maxsize=256)
def _narrowest_box(graph: Graph, typography: Typography) -> int:
    """Return the narrowest box that shows every name's longest word at the minimum size."""
    return narrowest_box_word(graph, typography)[0]


def narrowest_box_word(graph: Graph, typography: Typography) -> tuple[int, str]:
    """Return the narrowest box that shows every name's longest word, and that word ("": none).

    At the minimum size; layouts ask `_narrowest_box`, which remembers the width.
    """
    narrowest, widest_word = 0, ""
    for node in graph.nodes:
        for word in breakable_words(node.name):
            needed = _box_width_for(text_width(word, typography.min_pt, True, typography.family))
            # A word wider than the widest box is broken whatever the layout, so
            # it must not keep columns from fitting across.
            if narrowest < needed <= typography.widest_box:
                narrowest, widest_word = needed, word
    return narrowest or _box_width_for(0), widest_word


def _box_width_for(text_width_emu: int) -> int:
    """Return the width of a box whose text area holds `text_width_emu` on one line."""
    widest = math.ceil(text_width_emu / WIDTH_SAFETY)
    # The corner inset grows with the box; a tenth of the width covers it.
    return math.ceil((widest + 2 * INSET_X + pt(1)) / (1 - 2 * CORNER_TEXT_INSET))


def layout_diagram(
    graph: Graph, area: Box, typography: Typography, must_fit: bool = False
) -> DiagramLayout:
    """Return the layout of `graph` inside `area`, shrinking type down to the minimum.

    Layers become columns. When there are more layers than columns of
    legible boxes fit across, consecutive layers share a column (earlier ones
    on top). The widest legible folding is tried first, then narrower ones: at
    least a few, and more while none fits yet and their rows could still fit
    the height. The flattest one with comfortable type wins.

    Layers with sources moved next to their targets are laid out too, as
    many columns wide; they are kept when they fit and send fewer
    connectors through boxes, or as few with fewer connectors sharing a run.

    A layout that fits yet still sends a line through a box or along another's
    run is placed again with boxes moved into free cells of their zones
    (`_moved_sideways`), and that is kept where it reads more clearly.

    With `must_fit`, only a layout that fits is wanted: one that fits is the
    same as without, and one that does not may be a bare verdict (`unfit`),
    as arrangements that cannot fit are then sized but not drawn.
    """
    laid_out = _layout_or_shortened(graph, area, typography, must_fit)
    return _better_moved_sideways(graph, area, typography, laid_out)


Arrangement = tuple[dict[str, int], tuple[_Shelf, ...], dict[str, int], int]
"""Where a layout put its boxes: column and row of each, its shelves of zones, its column gap."""
_Cells = tuple[dict[str, int], dict[str, int]]
"""The column and the row of each box."""
_Searched = tuple[tuple[int, int, int], _Cells, DiagramLayout]
"""An arrangement a search for clean cells placed: its faults, its cells and its draft."""


def placed_arrangement(
    graph: Graph, area: Box, typography: Typography, arrangement: Arrangement
) -> DiagramLayout:
    """Return `arrangement` placed in `area`, boxes moved to part lines and connectors labelled."""
    column, shelves, row, gap = arrangement
    return _place(graph, area, typography, column, shelves, row, gap, separate=True)


def with_buses_parted(graph: Graph, layout: DiagramLayout) -> DiagramLayout:
    """Return `layout` with buses that mix arrows at a box parted where that costs nothing.

    Two lines leaving one box may share a stretch, but not when only one of
    them has an arrow there: the other then reads as arriving. Connectors move
    to other facing sites, two-way ones are drawn from their other end, or
    boxes move sideways, each kept only when no two lines without a common end
    then share a stretch. The layout is returned as it was unless it is
    placed from its arrangement again exactly and the parted one is no worse:
    it fits at the same type in the room used before, with no more lines
    through boxes, titles or each other. A label may go to the notes for it:
    a line that reads the wrong way misleads, a label in the notes does not.
    """
    if layout.arrangement is None or not layout.fits:
        return layout
    mixed = _mixed_buses(layout)
    if not mixed:
        return layout
    parted = _placed_again(graph, layout, buses=True)
    if parted is None or len(_mixed_buses(parted)) >= len(mixed):
        return layout
    if not _keeps_type_and_room(parted, layout) or _misleads_more(parted, layout):
        return layout
    return parted


def with_stretches_parted(graph: Graph, layout: DiagramLayout) -> DiagramLayout | None:
    """Return `layout` with lines sharing a stretch without a common end parted, or None.

    Moving one line at a time may not part them where the lines it would join
    come the other way: a line then also moves to the facing sides of its
    boxes, taking along the two-way lines it runs beside there, turned to make
    one bus with it (`_turned_to_join`). The result is kept where fewer such
    stretches are left and nothing else reads worse (`_reads_better_resited`);
    None where none is, or `layout` is not placed from its arrangement again exactly.
    """
    ambiguous = _ambiguous(dict(enumerate(layout.routes)))
    if layout.arrangement is None or not layout.fits or not ambiguous:
        return None
    resited = _placed_again(graph, layout, resite=True)
    if resited is None or not _reads_better_resited(
        resited, layout, len(ambiguous), len(_mixed_buses(layout))
    ):
        return None
    return resited


def with_ends_parted(graph: Graph, layout: DiagramLayout) -> DiagramLayout:
    """Return `layout` with lines meeting end to end on one line parted where that costs nothing.

    One line stopping where another goes on along it reads as one line between
    the wrong boxes. Such a pair's connectors move to other facing sites (a
    two-way one may be drawn from its other end instead), or their end boxes
    sideways, each move kept only when fewer pairs then meet so and no more
    lines share a stretch or run through a box (see `_ends_parted`). The layout
    is returned as it was unless its arrangement placed again with the partings
    it was placed with gives it exactly, and the parted one keeps its type and
    room, shows as many labels, mixes arrows on no more buses and misleads no
    more otherwise.
    """
    if layout.arrangement is None or not layout.fits:
        return layout
    meeting = _meeting_end_to_end(dict(enumerate(layout.routes)))
    if not meeting:
        return layout
    buses, resite, _ = layout.parting
    parted = _placed_again(
        graph, layout, buses=buses, resite=resite, ends=True, placed_with=layout.parting
    )
    if parted is None:
        return layout
    if (
        len(_meeting_end_to_end(dict(enumerate(parted.routes)))) >= len(meeting)
        or not _keeps_type_and_room(parted, layout)
        or len(parted.unplaced_labels) > len(layout.unplaced_labels)
        or len(_mixed_buses(parted)) > len(_mixed_buses(layout))
        or _misleads_more(parted, layout, crossings=False)
    ):
        return layout
    return parted


def _placed_again(
    graph: Graph,
    layout: DiagramLayout,
    *,
    buses: bool = False,
    resite: bool = False,
    ends: bool = False,
    placed_with: tuple[bool, bool, bool] = (False, False, False),
) -> DiagramLayout | None:
    """Return the arrangement of `layout` placed again parting runs with `buses`, `resite`, `ends`.

    None unless placed as before (parting runs as `placed_with` says) it gives
    `layout` exactly: only then does the one placed anew differ from it by what
    those part alone.
    """
    assert layout.arrangement is not None
    column, shelves, row, gap = layout.arrangement

    def placed(parting: tuple[bool, bool, bool]) -> DiagramLayout:
        return _place(
            graph,
            layout.area,
            layout.typography,
            column,
            shelves,
            row,
            gap,
            separate=True,
            buses=parting[0],
            resite=parting[1],
            ends=parting[2],
        )

    again = placed(placed_with)
    if again.routes != layout.routes or again.nodes != layout.nodes:
        return None
    return placed((buses, resite, ends))


def _reads_better_resited(
    resited: DiagramLayout, layout: DiagramLayout, ambiguous: int, mixed: int
) -> bool:
    """Return True when `resited` shares fewer stretches without a common end and is no worse.

    `layout` has `ambiguous` such stretches and `mixed` buses mixing arrows. A
    stretch parted may leave a bus mixing arrows, which misleads less, but not
    two: each such stretch counts as two of those. `resited` must keep the type
    and room and mislead no more otherwise (`_misleads_more`); it may cross more lines.
    """
    parted = len(_ambiguous(dict(enumerate(resited.routes))))
    return (
        parted < ambiguous
        and 2 * parted + len(_mixed_buses(resited)) < 2 * ambiguous + mixed
        and _keeps_type_and_room(resited, layout)
        and not _misleads_more(resited, layout, crossings=False)
    )


def with_labels_given_room(
    graph: Graph, layout: DiagramLayout, least_pt: float = 0.0
) -> DiagramLayout:
    """Return a whole state's `layout` with wider column gaps if that shows more connector labels.

    A label left out for want of room in the gap its line crosses may find it
    when the boxes narrow: the arrangement is placed again at the widest base
    gap at which its type stays within `LABEL_TYPE_COST` of the layout's (and
    not below the minimum), or at the narrowest gap found to show as many.
    That is kept only when more labels then show and nothing reads worse: it
    still fits its area, with no more lines through boxes, titles or each
    other, no more sharing a stretch, and every label beside its own line if
    every one was. Only a state drawn whole (`Typography.roomy_gaps`) gives up
    type so: the parts of a split state keep the box width and type they share.
    Type below `least_pt` (the configured minimum) is taken to keep a picture
    whole, not for labels: a layout already below it keeps its size.
    """
    typography = layout.typography
    if (
        not typography.roomy_gaps
        or not layout.fits
        or not layout.unplaced_labels
        or layout.arrangement is None
    ):
        return layout
    missing = {(edge.source, edge.target) for edge in layout.unplaced_labels}
    # Only a label on a line across one gap between columns finds room as the gap widens.
    if not any(
        (route.edge.source, route.edge.target) in missing
        and route.start_site in (SITE_LEFT, SITE_RIGHT)
        and abs(layout.nodes[route.edge.source].column - layout.nodes[route.edge.target].column)
        == 1
        for route in layout.routes
    ):
        return layout
    column, shelves, row, gap = layout.arrangement
    frozen = (tuple(column.items()), tuple(shelves), tuple(row.items()))
    floor = max(typography.min_pt, layout.font_pt - LABEL_TYPE_COST, min(least_pt, layout.font_pt))
    columns = _column_count(column, shelves)  # two at least: a label lies between two
    inner_width = layout.area.width - 2 * ZONE_PAD
    legible = (inner_width - columns * _narrowest_box(graph, typography)) // (columns - 1)
    # No label needs more than a half gap of its own on one line, clear of both zones.
    needed = max(
        _gap_need(
            text_width(edge.label, typography.label_pt, family=typography.family),
            between_zones=True,
            halved=True,
        )
        for edge in layout.unplaced_labels
    )
    widest = min(legible, needed)

    def keeps_type(trial: int) -> bool:
        sizing = _sizing(graph, layout.area, typography, *frozen, trial)
        return sizing.fits and sizing.font_pt >= floor

    if widest <= gap + pt(2):
        return layout
    keeps = widest if keeps_type(widest) else _widest_gap_keeping(keeps_type, gap, widest)
    if keeps - gap < pt(2):
        return layout

    buses, resite, ends = layout.parting

    def placed(trial: int) -> DiagramLayout:
        return _place(
            graph,
            layout.area,
            typography,
            column,
            shelves,
            row,
            trial,
            separate=True,
            buses=buses,
            resite=resite,
            ends=ends,
        )

    roomier = placed(keeps)
    if _reads_worse_for_labels(roomier, layout):
        return layout
    # Only as wide as the labels need: the boxes narrow, and the type shrinks, no further.
    enough, short = keeps, gap
    while enough - short > pt(2):
        middle = (enough + short) // 2
        trial = placed(middle)
        if len(trial.unplaced_labels) <= len(roomier.unplaced_labels) and not (
            _reads_worse_for_labels(trial, layout)
        ):
            enough, roomier = middle, trial
        else:
            short = middle
    return roomier


def _reads_worse_for_labels(roomier: DiagramLayout, layout: DiagramLayout) -> bool:
    """Return True unless `roomier` shows more labels than `layout` and reads no worse."""
    return (
        not roomier.fits
        or len(roomier.unplaced_labels) >= len(layout.unplaced_labels)
        or _around([roomier.used, layout.used, layout.area]) != _around([layout.used, layout.area])
        or len(_mixed_buses(roomier)) > len(_mixed_buses(layout))
        or _misleads_more(roomier, layout)
    )


def _misleads_more(
    changed: DiagramLayout, layout: DiagramLayout, *, crossings: bool = True
) -> bool:
    """Return True when any line of `changed` misleads where `layout`'s did not, or more.

    More lines through boxes or sharing a stretch without a common end, a line
    through a zone's title or a label away from its line where there was none,
    or (with `crossings`) more crossings: a layout changed for one thing must
    not mislead for it.
    """
    return (
        changed.blocked > layout.blocked
        or len(_ambiguous(dict(enumerate(changed.routes))))
        > len(_ambiguous(dict(enumerate(layout.routes))))
        or (crosses_zone_labels(changed) and not crosses_zone_labels(layout))
        or (labels_beside_their_lines(layout) and not labels_beside_their_lines(changed))
        or (crossings and _route_crossings(changed) > _route_crossings(layout))
    )


def _keeps_type_and_room(changed: DiagramLayout, layout: DiagramLayout) -> bool:
    """Return True when `changed` fits as `layout` does, at its type, in the room it used."""
    return (changed.fits, changed.font_pt) == (layout.fits, layout.font_pt) and _around(
        [changed.used, layout.used]
    ) == layout.used


def _mixed_buses(layout: DiagramLayout) -> list[tuple[int, int, int]]:
    """Return the pairs of connectors sharing a stretch that only a lenient rule lets share it."""
    routes = dict(enumerate(layout.routes))
    return [
        pair
        for pair in _ambiguous(routes, strict=True)
        if _related(routes[pair[0]].edge, routes[pair[1]].edge)
    ]


def _route_crossings(layout: DiagramLayout) -> int:
    """Return how often the connectors of `layout` cross."""
    return count_crossings([_as_float_path(route.points) for route in layout.routes])


def balanced_layout(
    graph: Graph,
    area: Box,
    typography: Typography,
    must_fit: bool = False,
    packed: bool = True,
    push: bool = False,
    flip: bool = False,
) -> DiagramLayout | None:
    """Return the layout of `graph` from layers balanced in height; None if none is shorter.

    Longest-path layers may stack a tall first layer of sources that no folding
    fits (see `_balance_layers`); the balanced ones are laid out as
    `layout_diagram` lays out its own, boxes moved sideways if that reads clearer,
    and `must_fit` means the same. Without `packed`, zones are not packed in rows
    of zones. With `push`, layers are balanced pushing nodes right too, with `flip`
    moving a hub's spokes to its other side too; None when that balances them no
    differently.
    """
    layers = assign_columns(graph, balance=True, push=push, flip=flip)[0]
    if (push or flip) and layers == assign_columns(graph, balance=True)[0]:
        return None  # the layers balanced without pushing or flipping, laid out already
    if _tallest_layer(layers) == _tallest_layer(assign_columns(graph)[0]):
        return None  # as many rows as before: it would fit no better
    laid_out = _layout_layers(graph, area, typography, layers, must_fit, packed)
    return _better_moved_sideways(graph, area, typography, laid_out)


def _packings_in(
    graph: Graph, area: Box, typography: Typography, every_width: bool = False
) -> tuple[dict[str, int], list[_RankedPacking], tuple[_CrossedPacking, ...]] | None:
    """Return the flow's layers, the clear packings of zones that fit `area` ranked, and the rest.

    The rest have a side taking a line in and sending one out. Packings take
    the `PACKING_WIDTHS` widest column counts that fit across; with
    `every_width`, every count down to one. None when the zones are too few or
    too many to pack.
    """
    zoned = len({node.zone for node in graph.nodes})
    if not 1 < zoned <= MAX_ZONES_PACKED:
        return None
    layer = assign_columns(graph)[0]
    frozen_layer = tuple(layer.items())
    widest_fit = columns_across(graph, area.width, typography)
    ranked: list[_RankedPacking] = []
    crossed: tuple[_CrossedPacking, ...] = ()
    for widest in range(widest_fit, 0, -PACKING_WIDTHS) if every_width else (widest_fit,):
        clear, more = _packings_at_width(
            graph, area.width, typography, frozen_layer, widest, zoned <= MAX_ZONES_REORDERED
        )
        ranked += _ranked_within(graph, area, clear, frozen_layer)
        crossed += more
    return layer, ranked, crossed


def packings_by_fewest_faults(
    graph: Graph, area: Box, typography: Typography, count: int
) -> list[DiagramLayout]:
    """Return up to `count` packings of zones in rows of zones that fit, fewest faults first.

    `_packed_when_it_fits` takes only a clean packing. When none is, the least
    faulty (lines through boxes, along another's run without a common end, or
    through a zone's title) of the most promising are where moving boxes among
    cells may start (see `cleaned_by_moves`); packings with a side taking a line
    in and sending one out compete too. The packings `_cleanest_packed` would
    try (`_most_promising`) are laid out, connector labels left out; of equally
    faulty ones the more promising comes first. Empty when no packing fits.
    """
    packings = _packings_in(graph, area, typography)
    if packings is None:
        return []
    layer, ranked, crossed = packings
    frozen_layer = tuple(layer.items())
    for packing in crossed:
        height = packing.height_in(graph, area.width, typography)
        if height <= area.height:
            cost = _stacked_cost(graph, packing.column, packing.shelves, frozen_layer)
            ranked.append((cost, height, -packing.columns, dict(packing.column), packing.shelves))
    drafts: list[tuple[int, int, DiagramLayout]] = []
    for tried, (_, _, _, column, shelves) in enumerate(_most_promising(graph, layer, ranked)):
        candidate = _columns_laid_out(
            graph, area, typography, layer, column, shelves, need_fit=True
        )
        if candidate is None or not candidate.fits:
            continue
        draft = _separated(graph, area, typography, candidate, labels=False)
        faults = draft.blocked + len(_ambiguous(dict(enumerate(draft.routes))))
        faults += int(crosses_zone_labels(draft))
        drafts.append((faults, tried, draft))
    drafts.sort(key=lambda item: item[:2])
    return [draft for _, _, draft in drafts[:count]]


def first_clean_packing(graph: Graph, area: Box, typography: Typography) -> DiagramLayout | None:
    """Return the cheapest packing of zones in rows of zones that is clean as laid out, or None.

    The packings a layout tries (see `_packed_when_it_fits`) are tried all, not
    only the most promising few, and at every column count, not only the widest
    few: the clear ones and the others aligned, in order of cost, up to
    `PACKINGS_SEARCHED` that fit. A layout with a connector through a box, along
    another's run without a common end or through a zone's title is not clean.
    Its runs are parted and its labels placed.
    """
    packings = _packings_in(graph, area, typography, every_width=True)
    if packings is None:
        return None
    layer, ranked, crossed = packings
    ranked += _aligned_packings(graph, area, typography, layer, crossed)
    ranked.sort(key=lambda item: item[:3])
    fitting = 0
    for _, _, _, column, shelves in ranked:
        candidate = _columns_laid_out(
            graph, area, typography, layer, column, shelves, need_fit=True
        )
        if candidate is None or not candidate.fits:
            continue
        fitting += 1
        if fitting > PACKINGS_SEARCHED:
            break
        if _drafted_clean(_separated(graph, area, typography, candidate, labels=False)):
            return _separated(graph, area, typography, candidate)
    return None


def _drafted_clean(draft: DiagramLayout) -> bool:
    """Return True when a draft has no line through a box, along another's run or a zone's title.

    Whether a packing is clean does not depend on connector labels: a draft
    without them says.
    """
    if draft.blocked or _ambiguous(dict(enumerate(draft.routes))):
        return False
    return not crosses_zone_labels(draft)


def _tallest_layer(layer: dict[str, int]) -> int:
    """Return how many nodes the most populated layer holds."""
    return max(_populations(layer), default=0)


def packed_in_other_zone_orders(
    graph: Graph, area: Box, typography: Typography
) -> Iterator[DiagramLayout]:
    """Yield layouts of zones packed in rows of zones in orders other than the flow's, best first.

    Up to `MAX_ZONES_REORDERED` zones, packings already try every order; with
    more (up to `MAX_ZONES_PACKED`), only the flow's. Up to `MAX_ZONES_SWAPPED`
    zones (seven or eight take seconds), two zones swap at a time, from the
    flow's order on, while that lowers the least cost of a packing that fits
    the area's height and takes no line in and sends one out on one side of a
    box; the packings of every order seen are then laid out, cheapest first, a
    few at most. Only layouts that fit are yielded, their runs parted.
    """
    zoned = len({node.zone for node in graph.nodes})
    if not MAX_ZONES_REORDERED < zoned <= min(MAX_ZONES_SWAPPED, MAX_ZONES_PACKED):
        return
    layer = assign_columns(graph)[0]
    frozen_layer = tuple(layer.items())
    widest_fit = columns_across(graph, area.width, typography)
    found: dict[tuple[int, ...], list[_RankedPacking]] = {}

    def in_order(order: tuple[int, ...], columns: int) -> list[_FrozenPacking]:
        packed = zone_packings(graph, layer, columns, orders=[order])
        return [(tuple(column.items()), shelves) for column, shelves in packed]

    def packings(order: tuple[int, ...]) -> list[_RankedPacking]:
        if order not in found:
            clear, _ = _sorted_packings(
                graph, area.width, typography, widest_fit, functools.partial(in_order, order)
            )
            found[order] = _ranked_within(graph, area, clear, frozen_layer)
        return found[order]

    def least(order: tuple[int, ...]) -> tuple[float, ...]:
        return min((item[:3] for item in packings(order)), default=(math.inf,))

    order = tuple(range(zoned))
    for _ in range(ZONE_ORDER_STEPS):
        swapped = []
        for first, second in itertools.combinations(range(zoned), 2):
            trial = list(order)
            trial[first], trial[second] = trial[second], trial[first]
            swapped.append(tuple(trial))
        best = min(swapped, key=least)
        if least(best) >= least(order):
            break
        order = best
    flow = tuple(range(zoned))
    ranked = sorted(
        (item for seen, items in found.items() if seen != flow for item in items),
        key=lambda item: item[:3],
    )
    for _, _, _, column, shelves in ranked[:ZONE_ORDER_PACKINGS_TRIED]:
        laid_out = _columns_laid_out(graph, area, typography, layer, column, shelves, need_fit=True)
        if laid_out is not None and laid_out.fits:
            yield _separated(graph, area, typography, laid_out)


def cleaned_by_moves(
    graph: Graph, area: Box, typography: Typography, layout: DiagramLayout
) -> DiagramLayout | None:
    """Return `layout` with boxes moved among its zones' cells until no line misleads, or None.

    A line through a box or a badge, along another's run without a common
    end, or through a zone's title, is a fault. Each step tries moving every
    box at the end of a faulty line (or in its way) into each other cell of
    its zone, free or taken (the two boxes then swap), and goes on from the
    arrangement that leaves the fewest faults, then crossings, even when that
    is worse: every arrangement is placed once, so the search walks out of a
    dead end rather than back into it. Once clean, steps move the boxes at
    the ends of crossing lines while that keeps the arrangement clean and
    crosses fewer. The search ends there, or after `MOVES_SEARCHED`
    arrangements placed. Zones keep their places and the column gap its
    width; an arrangement that no longer fits counts worst.
    """
    if layout.arrangement is None or not layout.fits:
        return None
    column, shelves, row, gap = layout.arrangement
    shelves = tuple(shelves)
    cells = _zone_cells(shelves, column)

    def placed(
        columns: dict[str, int], rows: dict[str, int], labels: bool = False
    ) -> DiagramLayout:
        # Whether lines mislead does not depend on their labels: place them only at the end.
        return _place(
            graph, area, typography, columns, shelves, rows, gap, separate=True, labels=labels
        )

    def faults(drawn: DiagramLayout) -> tuple[int, int, int]:
        routes = dict(enumerate(drawn.routes))
        misleading = 3 * drawn.blocked + 2 * len(_ambiguous(routes))
        misleading += 2 * crosses_zone_labels(drawn)
        paths = [_as_float_path(route.points) for route in drawn.routes]
        return (0 if drawn.fits else 1, misleading, count_crossings(paths))

    start: _Cells = (dict(column), dict(row))
    # Moves start from drafts: a labelled layout may have gaps widened for its labels.
    draft = placed(*start)
    current: _Searched = (faults(draft), start, draft)
    # A layout that reads clearly already is only moved on to cross fewer lines.
    clean = current if faults(layout)[:2] == (0, 0) else None
    seen = {_frozen_cells(*start)}
    tried = 0
    while tried < MOVES_SEARCHED:
        _, (columns, rows), drawn = current
        step: list[_Searched] = []
        for node_id in _suspect_boxes(drawn) if clean is None else _crossing_boxes(drawn):
            for cell in cells[node_id]:
                moved = _moved_to_cell(columns, rows, node_id, cell, cells)
                if moved is None or _frozen_cells(*moved) in seen or tried >= MOVES_SEARCHED:
                    continue
                seen.add(_frozen_cells(*moved))
                tried += 1
                trial = placed(*moved)
                step.append((faults(trial), moved, trial))
        if not step:
            break
        # The first of equals goes on, so the search is deterministic.
        best = min(step, key=lambda found: found[0])
        if clean is None:
            if best[0][:2] == (0, 0):
                clean = best
            current = best
        elif best[0] < clean[0]:
            clean = current = best
        else:
            break
    return None if clean is None else placed(*clean[1], labels=True)


def _crossing_boxes(layout: DiagramLayout) -> list[str]:
    """Return the boxes at the ends of lines that cross another, in the order found."""
    paths = [_pieces(_as_float_path(route.points)) for route in layout.routes]
    found: dict[str, None] = {}
    for first, second in itertools.combinations(range(len(paths)), 2):
        if _meetings(paths[first], paths[second]):
            for index in (first, second):
                edge = layout.routes[index].edge
                found.update(dict.fromkeys((edge.source, edge.target)))
    return list(found)


def _zone_cells(
    shelves: Sequence[_Shelf], column: dict[str, int]
) -> dict[str, list[tuple[int, int]]]:
    """Return the cells (column, row) of each box's zone; the boxes of a zone share one list."""
    cells: dict[str, list[tuple[int, int]]] = {}
    first_row = 0
    for shelf in shelves:
        for cluster in shelf.clusters:
            spots = [
                (col, first_row + offset)
                for offset in range(shelf.rows)
                for col in range(cluster.first_column, cluster.last_column + 1)
            ]
            for member in cluster.members:
                cells[member] = spots
        first_row += shelf.rows
    return cells


def _moved_to_cell(
    column: dict[str, int],
    row: dict[str, int],
    node_id: str,
    cell: tuple[int, int],
    cells: dict[str, list[tuple[int, int]]],
) -> tuple[dict[str, int], dict[str, int]] | None:
    """Return the cells with `node_id` moved to `cell`, swapping with a box there.

    None when `node_id` is in that cell already.
    """
    here = (column[node_id], row[node_id])
    if cell == here:
        return None
    columns, rows = dict(column), dict(row)
    occupant = next(
        (
            other
            for other in columns
            if other != node_id
            and (columns[other], rows[other]) == cell
            and cells[other] is cells[node_id]
        ),
        None,
    )
    if occupant is not None:
        columns[occupant], rows[occupant] = here
    columns[node_id], rows[node_id] = cell
    return columns, rows


def _frozen_cells(column: dict[str, int], row: dict[str, int]) -> tuple[tuple[str, int, int], ...]:
    """Return every box's cell in a form a set can hold."""
    return tuple(sorted((key, column[key], row[key]) for key in column))


def _suspect_boxes(layout: DiagramLayout) -> list[str]:
    """Return the boxes at the ends of faulty lines and in their way, in the order found.

    A line through a badge, its own box's or another's, makes suspects of its
    ends and the badge's box.
    """
    routes = dict(enumerate(layout.routes))
    found: dict[str, None] = {}
    for first, second, _ in _ambiguous(routes):
        for index in (first, second):
            found.update(dict.fromkeys((routes[index].edge.source, routes[index].edge.target)))
    labels = [zone_label_box(zone, layout.typography) for zone in layout.zones if zone.spec]
    for route in layout.routes:
        ends = (route.edge.source, route.edge.target)
        hit = [
            key
            for key, placed in layout.nodes.items()
            if key not in ends and path_hits(route.points, placed.box)
        ]
        hit += [
            key
            for key, placed in layout.nodes.items()
            if placed.badge_box is not None and path_hits(route.points, placed.badge_box)
        ]
        if hit or any(path_hits(route.points, label) for label in labels):
            found.update(dict.fromkeys(ends))
            found.update(dict.fromkeys(hit))
    return list(found)


def _layout_or_shortened(
    graph: Graph, area: Box, typography: Typography, must_fit: bool
) -> DiagramLayout:
    """Return the layout of `graph` by its layers, or with sources moved next to their targets."""
    plain_layers = assign_columns(graph)[0]
    plain = _layout_layers(graph, area, typography, plain_layers, must_fit)
    if not plain.fits:
        return plain
    faults = (plain.blocked, len(_ambiguous(dict(enumerate(plain.routes)))))
    shortened_layers = assign_columns(graph, shorten=True)[0]
    if faults == (0, 0) or shortened_layers == plain_layers:
        return plain
    # Only the plain layout's width is tried: the search over foldings is the slow part.
    columns = len({placed.column for placed in plain.nodes.values()})
    folded = fold_columns(shortened_layers, columns, graph)
    shortened = _separated(
        graph, area, typography, _layout_columns(graph, area, typography, shortened_layers, folded)
    )
    if (
        shortened.fits
        and (
            shortened.blocked,
            len(_ambiguous(dict(enumerate(shortened.routes)))),
        )
        < faults
    ):
        return shortened
    return plain


def _better_moved_sideways(
    graph: Graph, area: Box, typography: Typography, layout: DiagramLayout
) -> DiagramLayout:
    """Return `layout`, or it with boxes moved into free cells of their zones if it reads clearer.

    Clearer is fewer lines through boxes, then fewer sharing a run (see `_clarity`).
    A layout with neither is returned as it is.
    """
    if layout.fits and not layout.blocked and not _ambiguous(dict(enumerate(layout.routes))):
        return layout
    if layout.arrangement is None or not layout.fits:
        return layout  # a bare verdict, or one that does not fit: moves only part lines
    column, shelves, row, _ = layout.arrangement
    cells = _frozen_sideways(graph, tuple(column.items()), tuple(shelves), tuple(row.items()))
    if cells is None:
        return layout
    placed = _place_best_gap(graph, area, typography, dict(cells[0]), shelves, dict(cells[1]))
    if placed is None:
        return layout
    moved = _separated(graph, area, typography, placed)
    return moved if _clarity(moved, typography) > _clarity(layout, typography) else layout


@functools.lru_cache(maxsize=1024)
def _frozen_sideways(
    graph: Graph,
    column: tuple[tuple[str, int], ...],
    shelves: tuple[_Shelf, ...],
    row: tuple[tuple[str, int], ...],
) -> tuple[tuple[tuple[str, int], ...], tuple[tuple[str, int], ...]] | None:
    """Return the cells `_moved_sideways` gives an arrangement, or None when it moves nothing.

    Areas of every size lay out the same arrangements: the moves are worked out once.
    """
    columns = dict(column)
    moved_column, moved_row = _moved_sideways(graph, columns, shelves, dict(row))
    if moved_column == columns:
        return None
    return tuple(moved_column.items()), tuple(moved_row.items())


def _clarity(layout: DiagramLayout, typography: Typography) -> tuple[float, ...]:
    """Return `_preference` with shared runs, then lines through zone labels, after blocked ones."""
    fits, blocked, size, flatness, _ = _preference(layout, typography)
    shared = len(_ambiguous(dict(enumerate(layout.routes))))
    return (fits, blocked, -shared, -crosses_zone_labels(layout), size, flatness)


def unfit(area: Box, typography: Typography) -> DiagramLayout:
    """Return a layout that does not fit and draws nothing: a verdict where only fitting counts."""
    return DiagramLayout(area, {}, [], [], typography.min_pt, typography, fits=False)


def _layout_layers(
    graph: Graph,
    area: Box,
    typography: Typography,
    layer: dict[str, int],
    must_fit: bool = False,
    packed: bool = True,
) -> DiagramLayout:
    """Return the best layout of `graph` for the given layers (see `layout_diagram`).

    Without `packed`, zones are not packed in rows of zones when nothing else fits.
    """
    layers = max(layer.values(), default=-1) + 1
    widest_fit = columns_across(graph, area.width, typography)
    start = max(1, min(layers, widest_fit))
    tallest_fit = max(1, (area.height + MIN_ROW_GAP) // (MIN_BOX_HEIGHT + MIN_ROW_GAP))
    if len(graph.nodes) > widest_fit * tallest_fit:
        # Hopeless even at the smallest size: say so quickly, without ordering rows.
        column = fold_columns(layer, start, graph)
        shelves = _shelves(graph, column)
        row = _initial_rows(column, shelves, layer)
        if must_fit and not _fits_at_narrowest_gap(graph, area, typography, column, shelves, row):
            return unfit(area, typography)
        return _place(graph, area, typography, column, shelves, row, MIN_COLUMN_GAP, separate=True)
    best: DiagramLayout | None = None
    hopeless: dict[str, int] | None = None
    for tried, columns in enumerate(range(start, 0, -1)):
        if best is not None and tried >= FOLD_TRIES and best.fits:
            break
        folded = fold_columns(layer, columns, graph)
        if best is not None and _fold_rows(graph, folded) > tallest_fit:
            # Fewer columns only stack more rows: nothing narrower can fit either.
            break
        if _too_tall(graph, area, typography, folded):
            # Ordering rows cannot make it fit; it is the slow part, so skip it.
            hopeless = hopeless or folded
            continue
        if best is not None and _ceiling(folded, typography) <= _preference(best, typography):
            continue
        candidate = _columns_unless_unfit(graph, area, typography, layer, folded, must_fit)
        if best is None or _preference(candidate, typography) > _preference(best, typography):
            best = candidate
        if best.fits and best.font_pt >= typography.max_pt:
            break
    if best is None:
        column = hopeless or fold_columns(layer, start, graph)
        shelves = _shelves(graph, column)
        row = _initial_rows(column, shelves, layer)
        if must_fit and not _fits_at_narrowest_gap(graph, area, typography, column, shelves, row):
            best = unfit(area, typography)
        else:
            best = _place(graph, area, typography, column, shelves, row, MIN_COLUMN_GAP)
    if not best.fits and layers < widest_fit:
        best = _spread_when_it_fits(
            graph, area, typography, layer, best, widest_fit, tallest_fit, must_fit
        )
    if best.fits:
        # Parting shared runs is slow; a layout that does not fit is only a verdict.
        best = _separated(graph, area, typography, best)
    if packed and (not best.fits or best.blocked or _ambiguous(dict(enumerate(best.routes)))):
        # Zones packed in rows of zones fill the area, leaving no room for texts beside:
        # only when nothing else fits, or what fits sends a line through a box or along
        # another's run, and a packing is clean.
        best = _packed_when_it_fits(graph, area, typography, layer, best, widest_fit)
    return best


def columns_across(graph: Graph, width: int, typography: Typography) -> int:
    """Return how many columns of the narrowest legible boxes fit across an area `width` wide."""
    inner_width = width - 2 * ZONE_PAD
    return max(
        1, (inner_width + MIN_COLUMN_GAP) // (_narrowest_box(graph, typography) + MIN_COLUMN_GAP)
    )


def _columns_unless_unfit(
    graph: Graph,
    area: Box,
    typography: Typography,
    layer: dict[str, int],
    column: dict[str, int],
    must_fit: bool,
) -> DiagramLayout:
    """Return `_layout_columns`; with `must_fit`, `unfit` when it would not fit."""
    if must_fit and not _columns_fit(graph, area, typography, layer, column):
        # Sizes say so without a connector routed: what is routed and labelled is the slow part.
        return unfit(area, typography)
    return _layout_columns(graph, area, typography, layer, column)


def _fits_at_narrowest_gap(
    graph: Graph,
    area: Box,
    typography: Typography,
    column: dict[str, int],
    shelves: Sequence[_Shelf],
    row: dict[str, int],
) -> bool:
    """Return True when `_place` at the narrowest column gap gives a layout that fits."""
    frozen = (tuple(column.items()), tuple(shelves), tuple(row.items()))
    return _sizing(graph, area, typography, *frozen, MIN_COLUMN_GAP).fits


_RankedPacking = tuple[int, float, int, dict[str, int], tuple[_Shelf, ...]]
"""A packing's cost, least height and negated column count, then its columns and shelves."""


def _packed_when_it_fits(
    graph: Graph,
    area: Box,
    typography: Typography,
    layer: dict[str, int],
    best: DiagramLayout,
    widest_fit: int,
) -> DiagramLayout:
    """Return the best clean layout of zones packed in rows of zones, if one fits; else `best`.

    Packings that cannot fit the height, or put a connection coming in and
    one going out on one side of a box (they would share its site's first
    stretch), are dropped; the rest are ranked by
    the crossings and blocked runs of their boxes stacked in order, the most
    promising have their rows ordered and are ranked again, and the first few
    are laid out. Only a packing with no connector through a box and none
    sharing a run without a common end is taken: zones side by side send
    more connectors along rows. When none is, the dropped packings that fit
    are tried again with boxes moved into their partners' columns
    (`_aligned_packing`), joined to them by vertical lines.
    """
    zoned = {node.zone for node in graph.nodes}
    if len(zoned) > MAX_ZONES_PACKED:
        return best
    frozen_layer = tuple(layer.items())
    # Only the height filter depends on the area's height: the packings, their least
    # heights and costs are worked out once per width, in the order they are tried.
    clear, crossed = _packings_at_width(
        graph, area.width, typography, frozen_layer, widest_fit, len(zoned) <= MAX_ZONES_REORDERED
    )
    ranked = _ranked_within(graph, area, clear, frozen_layer)
    chosen = _cleanest_packed(graph, area, typography, layer, ranked)
    if chosen is None and any(
        packing.height_in(graph, area.width, typography) <= area.height for packing in crossed
    ):
        # Lines straight down between rows of zones pass zones' labels and boxes between
        # more often: boxes moved into their partners' columns are tried only failing all.
        # Aligning a packing only ever applies to one that fits already: with none, skip it.
        chosen = _cleanest_packed(
            graph,
            area,
            typography,
            layer,
            _aligned_packings(graph, area, typography, layer, crossed),
        )
    return chosen if chosen is not None else best


@dataclass
class _CrossedPacking:
    """A packing dropped for a side taking a line in and sending one out, and its aligned form.

    Its least height, aligned form and that form's least height are worked out on
    first need (None until then), and are the same in every area of one width.
    """

    columns: int
    column: tuple[tuple[str, int], ...]
    shelves: tuple[_Shelf, ...]
    height: float | None = None
    aligned: tuple[tuple[tuple[str, int], ...], tuple[_Shelf, ...]] | None = None
    aligned_height: float | None = None
    tried: bool = False

    def height_in(self, graph: Graph, width: int, typography: Typography) -> float:
        """Return the packing's least height in an area `width` wide (the width it was made for)."""
        if self.height is None:
            box_width = _widest_box_across(width, self.columns, typography.widest_box)
            self.height = _packed_height(
                graph, width, typography, self.column, self.shelves, box_width
            )
        return self.height


@functools.lru_cache(maxsize=256)
def _packings_at_width(
    graph: Graph,
    width: int,
    typography: Typography,
    layer: tuple[tuple[str, int], ...],
    widest_fit: int,
    every_order: bool,
) -> tuple[
    tuple[tuple[float, int, tuple[tuple[str, int], ...], tuple[_Shelf, ...]], ...],
    tuple[_CrossedPacking, ...],
]:
    """Return the packings of zones tried in areas `width` wide, in the order tried.

    First the clean ones with their least height and negated column count, then
    those with a side taking a line in and sending one out. None of it depends
    on the area's height, which only decides which are too tall.
    """
    return _sorted_packings(
        graph,
        width,
        typography,
        widest_fit,
        lambda columns: _frozen_packings(graph, layer, columns, every_order),
    )


_FrozenPacking = tuple[tuple[tuple[str, int], ...], tuple[_Shelf, ...]]
"""A packing's column of each box, frozen, and its shelves."""
_ClearPacking = tuple[float, int, tuple[tuple[str, int], ...], tuple[_Shelf, ...]]
"""A packing clear of sides taking a line in and sending one out: its least height, negated
column count, columns and shelves."""


def _sorted_packings(
    graph: Graph,
    width: int,
    typography: Typography,
    widest_fit: int,
    packed: Callable[[int], Iterable[_FrozenPacking]],
) -> tuple[tuple[_ClearPacking, ...], tuple[_CrossedPacking, ...]]:
    """Return the packings `packed` gives for each column count tried, clear ones and crossed."""
    clear: list[_ClearPacking] = []
    crossed: list[_CrossedPacking] = []
    for columns in range(widest_fit, max(0, widest_fit - PACKING_WIDTHS), -1):
        box_width = _widest_box_across(width, columns, typography.widest_box)
        for frozen_column, shelves in packed(columns):
            if _side_in_and_out(graph, frozen_column):
                crossed.append(_CrossedPacking(columns, frozen_column, shelves))
                continue
            height = _packed_height(graph, width, typography, frozen_column, shelves, box_width)
            clear.append((height, -columns, frozen_column, shelves))
    return tuple(clear), tuple(crossed)


def _ranked_within(
    graph: Graph,
    area: Box,
    clear: Iterable[_ClearPacking],
    layer: tuple[tuple[str, int], ...],
) -> list[_RankedPacking]:
    """Return the `clear` packings that fit the area's height, each with its stacked cost."""
    return [
        (_stacked_cost(graph, column, shelves, layer), height, narrowness, dict(column), shelves)
        for height, narrowness, column, shelves in clear
        if height <= area.height
    ]


def _aligned_packings(
    graph: Graph,
    area: Box,
    typography: Typography,
    layer: dict[str, int],
    crossed: Sequence[_CrossedPacking],
) -> list[_RankedPacking]:
    """Return the `crossed` packings aligned clear of sides taking a line in and sending one
    out, each once and ranked, that fit the area.

    Moving boxes into their partners' columns rarely stacks fewer rows, so only
    packings that fit already are aligned.
    """
    frozen_layer = tuple(layer.items())
    aligned: list[_RankedPacking] = []
    seen: set[tuple[int, tuple[tuple[str, int], ...], tuple[_Shelf, ...]]] = set()
    for packing in crossed:
        if packing.height_in(graph, area.width, typography) > area.height:
            continue
        columns = packing.columns
        if not packing.tried:
            packing.tried = True
            packing.aligned = _frozen_aligned(
                graph, packing.column, packing.shelves, frozen_layer, columns
            )
        found = packing.aligned
        if found is None or (columns, *found) in seen:
            continue
        seen.add((columns, *found))
        box_width = _widest_box_across(area.width, columns, typography.widest_box)
        if packing.aligned_height is None:
            packing.aligned_height = _packed_height(
                graph, area.width, typography, *found, box_width
            )
        if packing.aligned_height > area.height:
            continue
        cost = _stacked_cost(graph, *found, frozen_layer)
        # A box moved into its partner's column may leave a column no box uses, a hole in
        # the picture: the packing closed up competes too, ahead of it where they rank alike.
        closed = _without_empty_columns(*found)
        if closed != found:
            height = _packed_height(graph, area.width, typography, *closed, box_width)
            closed_cost = _stacked_cost(graph, *closed, frozen_layer)
            aligned.append((closed_cost, height, -columns, dict(closed[0]), closed[1]))
        aligned.append((cost, packing.aligned_height, -columns, dict(found[0]), found[1]))
    return aligned


@functools.lru_cache(maxsize=1024)
def _without_empty_columns(
    column: tuple[tuple[str, int], ...], shelves: tuple[_Shelf, ...]
) -> tuple[tuple[tuple[str, int], ...], tuple[_Shelf, ...]]:
    """Return a packing with the columns no box uses taken out, later columns moved left."""
    used = {value for _, value in column}
    spanned = max((c.last_column for shelf in shelves for c in shelf.clusters), default=-1)
    empty = [index for index in range(max(max(used, default=-1), spanned) + 1) if index not in used]
    if not empty:
        return column, shelves

    def closed_up(index: int) -> int:
        return index - sum(1 for gone in empty if gone < index)

    def span(cluster: _Cluster) -> _Cluster:
        first = closed_up(cluster.first_column)
        # A span ending on a column taken out ends on the used column before it.
        last = closed_up(cluster.last_column) - (cluster.last_column in empty)
        return replace(cluster, first_column=first, last_column=max(first, last))

    return (
        tuple((key, closed_up(value)) for key, value in column),
        tuple(replace(shelf, clusters=tuple(span(c) for c in shelf.clusters)) for shelf in shelves),
    )


def _most_promising(
    graph: Graph, layer: dict[str, int], ranked: list[_RankedPacking]
) -> list[_RankedPacking]:
    """Return the packings laid out in `PACKING_ROUNDS` rounds, in the order they are tried.

    The first `PACKINGS_ORDERED` of `ranked` have their rows ordered and are
    ranked again by that cost; the first `PACKINGS_TRIED` per round are kept.
    """
    ranked = sorted(ranked, key=lambda item: item[:3])
    most = PACKINGS_TRIED * PACKING_ROUNDS
    ordered: list[_RankedPacking] = []
    for _, height, narrowness, column, shelves in ranked[:PACKINGS_ORDERED]:
        if len(ordered) >= most:
            # Ordering never costs less than nothing, and a tie goes to the earlier
            # packing: one that could not enter the rounds even at no cost is skipped.
            last_tried = sorted(item[:3] for item in ordered)[most - 1]
            if (0, height, narrowness) >= last_tried:
                continue
        cost = order_rows(graph, column, shelves, layer)[1]
        ordered.append((cost, height, narrowness, column, shelves))
    ordered.sort(key=lambda item: item[:3])
    return ordered[:most]


def _cleanest_packed(
    graph: Graph,
    area: Box,
    typography: Typography,
    layer: dict[str, int],
    ranked: list[_RankedPacking],
) -> DiagramLayout | None:
    """Return the best clean layout of the first few `ranked` packings, or None.

    The most promising have their rows ordered and are ranked again, and the
    first few are laid out, as many again while none of them is clean (up to
    `PACKING_ROUNDS` rounds); a layout with a connector through a box, along
    another's run or through a zone's label is not clean.
    """
    chosen: DiagramLayout | None = None
    for tried, (_, _, _, column, shelves) in enumerate(_most_promising(graph, layer, ranked)):
        if tried and tried % PACKINGS_TRIED == 0 and chosen is not None:
            # A round that found a clean layout ends the search; one that found none
            # does not: a taller area admits taller packings, which may rank first
            # and all mislead, and must not hide the clean one a lower area lays out.
            break
        if chosen is not None and _ceiling(column, typography) <= _preference(chosen, typography):
            continue
        candidate = _columns_laid_out(
            graph, area, typography, layer, column, shelves, need_fit=True
        )
        if candidate is None or not candidate.fits:
            continue
        columns_used = {key: placed.column for key, placed in candidate.nodes.items()}
        if chosen is not None and _ceiling(
            columns_used, typography, font_pt=candidate.font_pt
        ) <= _preference(chosen, typography):
            # Parting runs moves boxes sideways only: sizes and columns stay, so it cannot win.
            continue
        # Labels are placed only for a packing its draft shows clean (see `_drafted_clean`).
        if not _drafted_clean(_separated(graph, area, typography, candidate, labels=False)):
            continue
        candidate = _separated(graph, area, typography, candidate)
        if chosen is None or _preference(candidate, typography) > _preference(chosen, typography):
            chosen = candidate
    return chosen


def _packed_height(
    graph: Graph,
    width: int,
    typography: Typography,
    column: tuple[tuple[str, int], ...],
    shelves: tuple[_Shelf, ...],
    box_width: int,
) -> float:
    """Return the least height of a packing in an area `width` wide, its boxes `box_width` wide."""
    # Boxes are measured at the packing's column count, though it may use fewer.
    used = max((value for _, value in column), default=-1) + 1
    if _widest_box_across(width, used, typography.widest_box) <= 0:
        return math.inf
    return _least_height_at(graph, typography, column, shelves, box_width)


@functools.lru_cache(maxsize=4096)
def _frozen_aligned(
    graph: Graph,
    column: tuple[tuple[str, int], ...],
    shelves: tuple[_Shelf, ...],
    layer: tuple[tuple[str, int], ...],
    columns: int,
) -> tuple[tuple[tuple[str, int], ...], tuple[_Shelf, ...]] | None:
    """Return `_aligned_packing` of a frozen packing, frozen; a state is tried in several areas."""
    aligned = _aligned_packing(graph, dict(column), shelves, _local_ranks(graph, layer), columns)
    return None if aligned is None else (tuple(aligned[0].items()), aligned[1])


@functools.lru_cache(maxsize=64)
def _local_ranks(graph: Graph, layer: tuple[tuple[str, int], ...]) -> dict[str, int]:
    """Return each box's rank among the distinct layers of its zone (read only)."""
    layers = dict(layer)
    values: dict[str | None, set[int]] = {}
    for node in graph.nodes:
        values.setdefault(node.zone, set()).add(layers[node.id])
    ranks = {zone: {v: r for r, v in enumerate(sorted(found))} for zone, found in values.items()}
    return {node.id: ranks[node.zone][layers[node.id]] for node in graph.nodes}


@functools.lru_cache(maxsize=4096)
def _side_in_and_out(graph: Graph, column: tuple[tuple[str, int], ...]) -> bool:
    """Return True when some box takes a connection in and sends one out on one side.

    Between columns a connector joins the facing left and right sites, so two
    connectors whose far ends are both left (or both right) of a box leave its
    one site along one stretch: when one comes in and the other goes out, they
    share no end and the stretch misleads, unless the rows the boxes land in
    let one of them join top and bottom sites instead.
    A two-way connector may be drawn either way: it decides only when both ways do.
    """
    columns = dict(column)
    one_way = [(s, t) for s, t in _connections_by_kind(graph)[0] if columns[s] != columns[t]]
    # More lines only add to a side's lines: no way of drawing the two-way ones clears it.
    return bool(_sides_taking_in_and_out(one_way, columns) or _sides_in_and_out(graph, columns))


def _sides_in_and_out(graph: Graph, column: dict[str, int]) -> list[tuple[str, tuple[str, ...]]]:
    """Return each box taking a connection in and sending one out on one side, with their far ends.

    See `_side_in_and_out`: two-way connectors are drawn the way that leaves
    fewest such sides (when more than a few could matter, they are left out).
    Boxes come in the order of their connections.
    """
    one_way, two_way = _connections_by_kind(graph)
    across = [(s, t) for s, t in one_way if column[s] != column[t]]
    found = _sides_taking_in_and_out(across, column)
    turning = [(s, t) for s, t in two_way if column[s] != column[t]]
    if not turning:
        return found
    touched: dict[tuple[str, bool], int] = {}
    for source, target in across + turning:
        rightward = column[source] < column[target]
        for key in ((source, rightward), (target, not rightward)):
            touched[key] = touched.get(key, 0) + 1
    # A two-way connector alone on both its sides cannot meet another there either way.
    turnable = [
        (source, target)
        for source, target in turning
        if touched[(source, column[source] < column[target])] > 1
        or touched[(target, column[source] > column[target])] > 1
    ]
    if len(turnable) > MAX_TWO_WAY_TURNS:
        return found
    turns = _fewest_meeting_turns(
        _side_roles(across, column),
        [
            ((source, column[source] < column[target]), (target, column[source] > column[target]))
            for source, target in turnable
        ],
    )
    drawn = across + [
        (target, source) if turn else (source, target)
        for (source, target), turn in zip(turnable, turns, strict=True)
    ]
    return _sides_taking_in_and_out(drawn, column)


@functools.lru_cache(maxsize=64)
def _connections_by_kind(
    graph: Graph,
) -> tuple[tuple[tuple[str, str], ...], tuple[tuple[str, str], ...]]:
    """Return the one-way and the two-way connections of `graph` as (source, target) pairs."""
    one_way = tuple((e.source, e.target) for e in graph.edges if not e.two_way)
    two_way = tuple((e.source, e.target) for e in graph.edges if e.two_way)
    return one_way, two_way


def _fewest_meeting_turns(
    roles: dict[tuple[str, bool], int],
    sides: Sequence[tuple[tuple[str, bool], tuple[str, bool]]],
) -> tuple[bool, ...]:
    """Return which connectors to turn so that fewest sides both send and take, first such way.

    `roles` are the sides' roles without these connectors (see `_side_roles`);
    `sides` gives each connector's sending side and its taking side, which a turn
    swaps. Of equal ways the first in `itertools.product` order wins. Connectors
    meeting at no side count apart, so each group of them that does is weighed
    alone: its first best way is part of the first best way of all.
    """
    group_of = list(range(len(sides)))

    def root(index: int) -> int:
        while group_of[index] != index:
            index = group_of[index]
        return index

    first_at: dict[tuple[str, bool], int] = {}
    for index, pair in enumerate(sides):
        for side in pair:
            other = first_at.setdefault(side, index)
            group_of[root(index)] = root(other)
    groups: dict[int, list[int]] = {}
    for index in range(len(sides)):
        groups.setdefault(root(index), []).append(index)
    turns = [False] * len(sides)
    for members in groups.values():
        for index, turn in zip(members, _first_fewest_way(roles, sides, members), strict=True):
            turns[index] = turn
    return tuple(turns)


def _first_fewest_way(
    roles: dict[tuple[str, bool], int],
    sides: Sequence[tuple[tuple[str, bool], tuple[str, bool]]],
    members: Sequence[int],
) -> tuple[bool, ...]:
    """Return the turns of the connectors `members` leaving fewest sides met, first such way.

    Ways are visited depth first, unturned before turned, which is
    `itertools.product` order. A side once sending and taking stays so, so a
    way begun with as many met sides as the best so far cannot beat it (a tie
    goes to the earlier way) and is left there.
    """
    met = {side: roles.get(side, 0) for index in members for side in sides[index]}
    # Sides that meet already stay met: no way does better than that.
    least = sum(1 for role in met.values() if role == 3)
    best: tuple[int, tuple[bool, ...]] = (len(met) + 1, ())
    way: list[bool] = []

    def visit(position: int, count: int) -> None:
        nonlocal best
        if count >= best[0]:
            return
        if position == len(members):
            best = (count, tuple(way))
            return
        for turn in (False, True):
            sending, taking = sides[members[position]]
            if turn:
                sending, taking = taking, sending
            was_sending, was_taking = met[sending], met[taking]
            met[sending] = was_sending | 1
            met[taking] = was_taking | 2
            added = (met[sending] == 3 != was_sending) + (met[taking] == 3 != was_taking)
            way.append(turn)
            visit(position + 1, count + added)
            way.pop()
            met[sending], met[taking] = was_sending, was_taking
            if best[0] == least:
                return

    visit(0, least)
    return best[1]


def _side_roles(
    drawn: Sequence[tuple[str, str]], column: dict[str, int]
) -> dict[tuple[str, bool], int]:
    """Return, for each side of a box `drawn` reaches, 1 when it sends, 2 when it takes, 3 both."""
    roles: dict[tuple[str, bool], int] = {}
    for source, target in drawn:
        rightward = column[source] < column[target]
        roles[(source, rightward)] = roles.get((source, rightward), 0) | 1
        roles[(target, not rightward)] = roles.get((target, not rightward), 0) | 2
    return roles


def _sides_taking_in_and_out(
    drawn: Sequence[tuple[str, str]], column: dict[str, int]
) -> list[tuple[str, tuple[str, ...]]]:
    """Return each box whose one side takes a connection in and sends one out, with the far ends."""
    sides: dict[tuple[str, bool], tuple[int, tuple[str, ...]]] = {}
    for source, target in drawn:
        rightward = column[source] < column[target]
        for end, far, role, side in (
            (source, target, 1, rightward),
            (target, source, 2, not rightward),
        ):
            roles, ends = sides.get((end, side), (0, ()))
            sides[(end, side)] = (roles | role, (*ends, far))
    return [(box, ends) for (box, _), (roles, ends) in sides.items() if roles == 3]


@functools.lru_cache(maxsize=64)
def _frozen_packings(
    graph: Graph, layer: tuple[tuple[str, int], ...], columns: int, every_order: bool
) -> tuple[tuple[tuple[tuple[str, int], ...], tuple[_Shelf, ...]], ...]:
    """Return `zone_packings` with columns frozen; a state is tried in several areas."""
    return tuple(
        (tuple(column.items()), shelves)
        for column, shelves in zone_packings(graph, dict(layer), columns, every_order)
    )


@functools.lru_cache(maxsize=4096)
def _stacked_cost(
    graph: Graph,
    column: tuple[tuple[str, int], ...],
    shelves: tuple[_Shelf, ...],
    layer: tuple[tuple[str, int], ...],
) -> int:
    """Return the arrangement cost of a packing's boxes stacked in order, rows unordered."""
    columns, layers = dict(column), dict(layer)
    drawn = [e for e in graph.edges if e.source != e.target]
    return _arrangement_cost(graph, drawn, columns, _initial_rows(columns, shelves, layers))[0]


def crosses_zone_labels(layout: DiagramLayout) -> bool:
    """Return True when a connector runs through a zone's label.

    Stacked zones keep connectors between columns; rows of zones also join
    boxes straight down, past the label of the zone below.
    """
    return any(_title_crossed(zone, layout.routes, layout.typography) for zone in layout.zones)


def _title_crossed(zone: PlacedZone, routes: Iterable[Route], typography: Typography) -> bool:
    """Return True when one of `routes` runs through the label of `zone` (a labelled one)."""
    if zone.spec is None:
        return False
    label = zone_label_box(zone, typography)
    return any(path_hits(route.points, label) for route in routes)


def labels_beside_their_lines(layout: DiagramLayout) -> bool:
    """Return True when every connector label is near its own line and nearer it than any other.

    A label nearer another line reads as that line's.
    """
    for route in layout.routes:
        if route.label_box is None:
            continue
        ink = label_ink(route.label_box)
        own = min(distance_to(run, ink) for run in itertools.pairwise(route.points))
        others = (
            distance_to(run, ink)
            for other in layout.routes
            if other is not route
            for run in itertools.pairwise(other.points)
        )
        # The text's ink is only estimated here: keep a margin either way.
        if own > LABEL_REACH - pt(2) or any(gap < own + pt(2) for gap in others):
            return False
    return True


def _separated(
    graph: Graph, area: Box, typography: Typography, layout: DiagramLayout, labels: bool = True
) -> DiagramLayout:
    """Return `layout` placed again with boxes moved to part connectors sharing a run."""
    if layout.arrangement is None:
        return layout
    column, shelves, row, gap = layout.arrangement
    return _place(graph, area, typography, column, shelves, row, gap, separate=True, labels=labels)


@functools.lru_cache(maxsize=256)
def _compositions(count: int, most: int) -> tuple[tuple[int, ...], ...]:
    """Return the ways to cut `count` things in a row into runs of at most `most`, in order.

    Every packing of zones asks again, and the same few counts recur: each is worked out once.
    """
    if count == 0:
        return ((),)
    found: list[tuple[int, ...]] = []
    for first in range(1, min(count, most) + 1):
        found += [(first, *rest) for rest in _compositions(count - first, most)]
    return tuple(found)


def zone_packings(
    graph: Graph,
    layer: dict[str, int],
    columns: int,
    every_order: bool = False,
    orders: Sequence[Sequence[int]] | None = None,
) -> list[tuple[dict[str, int], tuple[_Shelf, ...]]]:
    """Return arrangements of zones in rows of zones side by side, each with its own columns.

    Zones go in the order of their mean layer, so the flow reads left to right
    and then down (with `every_order`, in every order); every way to cut that
    order into rows of zones is returned (four zones give one row of four,
    two rows of two, a row of three over one, and so on). Within a row of
    zones each zone gets at least one column, spare columns go to the zone
    stacking most boxes, and its layers fold evenly into its columns. Empty
    when there is only one zone. With `orders`, zones go in each of those
    orders instead, as indexes into the flow's order.
    """
    groups: list[tuple[ZoneSpec | None, list[str]]] = [
        (zone, [n.id for n in graph.nodes if n.zone == zone.id]) for zone in graph.zones
    ]
    groups.append((None, [n.id for n in graph.nodes if n.zone is None]))
    clusters = [(spec, members) for spec, members in groups if members]
    empty = tuple(_Cluster(spec, (), -1, -1) for spec, members in groups[:-1] if not members)
    if len(clusters) < 2:
        return []
    clusters.sort(key=lambda c: sum(layer[m] for m in c[1]) / len(c[1]))
    local: list[dict[str, int]] = []
    for _, members in clusters:
        ranks = {value: rank for rank, value in enumerate(sorted({layer[m] for m in members}))}
        local.append({m: ranks[layer[m]] for m in members})
    depth = [max(values.values()) + 1 for values in local]

    @functools.cache
    def folded(index: int, share: int) -> tuple[dict[int, int], int]:
        """Return where each of a zone's layers goes among `share` columns, and rows stacked."""
        grouping = _balanced_groups(local[index], share)
        where = {value: number for number, group in enumerate(grouping) for value in group}
        counts = [0] * share
        for value in local[index].values():
            counts[where[value]] += 1
        return where, max(counts)

    if orders is None:
        orders = (
            list(itertools.permutations(range(len(clusters))))
            if every_order
            else [range(len(clusters))]
        )
    found: list[tuple[dict[str, int], tuple[_Shelf, ...]]] = []
    for order in orders:
        for cuts in _compositions(len(clusters), columns):
            column: dict[str, int] = {}
            shelves: list[_Shelf] = []
            start = 0
            for size in cuts:
                indexes = list(order[start : start + size])
                start += size
                shares = {i: 1 for i in indexes}
                for _ in range(columns - size):
                    growable = [i for i in indexes if shares[i] < depth[i]]
                    if not growable:
                        break
                    tallest = max(growable, key=lambda i: (folded(i, shares[i])[1], -i))
                    shares[tallest] += 1
                first = 0
                placed: list[_Cluster] = []
                for i in indexes:
                    where = folded(i, shares[i])[0]
                    for member, value in local[i].items():
                        column[member] = first + where[value]
                    spec, members = clusters[i]
                    placed.append(_Cluster(spec, tuple(members), first, first + shares[i] - 1))
                    first += shares[i]
                rows = max(folded(i, shares[i])[1] for i in indexes)
                shelves.append(_Shelf(tuple(placed), rows))
            if empty:
                shelves.append(_Shelf(empty, 0))
            found.append((column, tuple(shelves)))
    return found


def _aligned_packing(
    graph: Graph,
    column: dict[str, int],
    shelves: tuple[_Shelf, ...],
    rank: dict[str, int],
    columns: int,
) -> tuple[dict[str, int], tuple[_Shelf, ...]] | None:
    """Return the packing with boxes moved into a partner's column until no side takes a line
    in and sends one out, or None when moving no box clears one more.

    Boxes in one column are joined straight down, bottom to top, so either end of a
    connection meeting another on one side may join its partner's column: the
    partner's zone keeps its order of local layers, folded around that column.
    Each step clears the first such box by the move leaving fewest such sides,
    for a few steps at most.
    """
    conflicts = _sides_in_and_out(graph, column)
    for _ in range(ALIGN_STEPS):
        if not conflicts:
            return column, shelves
        best: tuple[dict[str, int], tuple[_Shelf, ...], list[tuple[str, tuple[str, ...]]]] | None
        best = None
        # The first box taking a line in and sending one out is cleared first, or not at all.
        box, ends = conflicts[0]
        for far in dict.fromkeys(ends):
            for moved, partner in ((box, far), (far, box)):
                trial = _moved_into_column(column, shelves, rank, columns, moved, partner)
                if trial is None:
                    continue
                left = _sides_in_and_out(graph, trial[0])
                if best is None or len(left) < len(best[2]):
                    best = (*trial, left)
        if best is None or len(best[2]) >= len(conflicts):
            return None
        column, shelves, conflicts = best
    return (column, shelves) if not conflicts else None


def _moved_into_column(
    column: dict[str, int],
    shelves: tuple[_Shelf, ...],
    rank: dict[str, int],
    columns: int,
    moved: str,
    partner: str,
) -> tuple[dict[str, int], tuple[_Shelf, ...]] | None:
    """Return the packing with `moved` in `partner`'s column, its zone refolded; None if it cannot.

    The zone keeps its columns, or slides along a shelf of its own; among the
    foldings that put the two boxes in one column the most even wins, then the
    one moving the zone least.
    """
    where = next(
        (s, c)
        for s, shelf in enumerate(shelves)
        for c, cluster in enumerate(shelf.clusters)
        if moved in cluster.members
    )
    shelf = shelves[where[0]]
    cluster = shelf.clusters[where[1]]
    members = cluster.members
    width = cluster.last_column - cluster.first_column + 1
    counts = [0] * (max(rank[m] for m in members) + 1)
    for member in members:
        counts[rank[member]] += 1
    sizes = tuple(counts)
    alone = len(shelf.clusters) == 1
    starts = range(columns - width + 1) if alone else [cluster.first_column]
    best: tuple[float, int, int, tuple[tuple[int, ...], ...]] | None = None
    for start in starts:
        pins: list[tuple[tuple[int, int], ...]]
        if partner in members:
            pins = [
                ((rank[moved], spot), (rank[partner], spot))
                for spot in range(width)
                if rank[moved] != rank[partner]
            ]
        elif start <= column[partner] < start + width:
            pins = [((rank[moved], column[partner] - start),)]
        else:
            pins = []
        for pinned in pins:
            found = _pinned_groups(sizes, width, pinned)
            if found is None:
                continue
            key = (found[0], abs(start - cluster.first_column), start, found[1])
            if best is None or key[:3] < best[:3]:
                best = key
    if best is None:
        return None
    _, _, start, groups = best
    spot = {value: index for index, group in enumerate(groups) for value in group}
    moved_column = {**column, **{m: start + spot[rank[m]] for m in members}}
    placed = replace(cluster, first_column=start, last_column=start + width - 1)
    clusters = tuple(placed if c is cluster else c for c in shelf.clusters)
    per_cell: dict[int, int] = {}
    for member in (m for c in clusters for m in c.members):
        per_cell[moved_column[member]] = per_cell.get(moved_column[member], 0) + 1
    refolded = _Shelf(clusters, max(per_cell.values()))
    return moved_column, tuple(refolded if s is shelf else s for s in shelves)


@functools.lru_cache(maxsize=4096)
def _pinned_groups(
    sizes: tuple[int, ...], width: int, pinned: tuple[tuple[int, int], ...]
) -> tuple[float, tuple[tuple[int, ...], ...]] | None:
    """Return the most even runs of consecutive layers over `width` columns, some pinned.

    Like `_balanced_groups`, but a column may stay empty and layer `k` goes to
    column `spot` for each pair `(k, spot)` pinned; None when no folding keeps
    every pin. Also the sum of squared run sizes.
    """
    layers = len(sizes)
    prefix = [0, *itertools.accumulate(sizes)]
    # best[runs][end]: least cost of layers [0, end) in the first `runs` columns.
    best = [[math.inf] * (layers + 1) for _ in range(width + 1)]
    cut = [[0] * (layers + 1) for _ in range(width + 1)]
    best[0][0] = 0
    for runs in range(1, width + 1):
        for end in range(layers + 1):
            for start in range(end + 1):
                if any(start <= value < end and spot != runs - 1 for value, spot in pinned):
                    continue
                total = best[runs - 1][start] + (prefix[end] - prefix[start]) ** 2
                if total < best[runs][end]:
                    best[runs][end], cut[runs][end] = total, start
    if best[width][layers] == math.inf:
        return None
    groups: list[tuple[int, ...]] = []
    end = layers
    for runs in range(width, 0, -1):
        start = cut[runs][end]
        groups.append(tuple(range(start, end)))
        end = start
    return best[width][layers], tuple(groups[::-1])


def _spread_when_it_fits(
    graph: Graph,
    area: Box,
    typography: Typography,
    layer: dict[str, int],
    best: DiagramLayout,
    widest_fit: int,
    tallest_fit: int,
    must_fit: bool = False,
) -> DiagramLayout:
    """Return a layout whose crowded layers take several columns, if one fits; else `best`.

    Few layers holding many boxes (mostly unconnected components) stack into
    columns taller than the area while its width stays empty. Only a spread
    that fits and sends no connector behind a box replaces `best`; with
    `must_fit`, one that cannot fit is only sized.
    """
    layers = max(layer.values(), default=-1) + 1
    for tried, columns in enumerate(range(widest_fit, layers, -1), start=1):
        spread = spread_layers(graph, layer, columns)
        if _fold_rows(graph, spread) > tallest_fit:
            # Narrower spreads only stack more rows.
            break
        if _too_tall(graph, area, typography, spread):
            continue
        candidate = _columns_unless_unfit(graph, area, typography, spread, spread, must_fit)
        if candidate.fits and candidate.blocked == 0:
            if not best.fits or _preference(candidate, typography) > _preference(best, typography):
                best = candidate
            if best.font_pt >= typography.max_pt:
                break
        if tried >= FOLD_TRIES:
            break
    return best


def spread_layers(graph: Graph, layer: dict[str, int], columns: int) -> dict[str, int]:
    """Return columns for `layer` widened to at most `columns`: crowded layers take several.

    Extra columns go, one at a time, to the layer whose columns hold the most
    boxes. Within a layer each zone fills its columns top to bottom, left to
    right, with the boxes fed from earlier layers first and those feeding
    later layers last, so connectors leave and enter from the outer columns.
    """
    layers = max(layer.values(), default=-1) + 1
    if not layers:
        # No boxes (a diagram of empty zones): no layer to give a column to.
        return {}
    members: list[list[Node]] = [[] for _ in range(layers)]
    for node in graph.nodes:
        members[layer[node.id]].append(node)
    share = [1] * layers
    for _ in range(columns - layers):
        crowded = max(range(layers), key=lambda v: (-(-len(members[v]) // share[v]), -v))
        if len(members[crowded]) <= share[crowded]:
            break
        share[crowded] += 1
    fed = {e.target for e in graph.edges if layer[e.source] < layer[e.target]}
    feeding = {e.source for e in graph.edges if layer[e.source] < layer[e.target]}
    fed |= {e.source for e in graph.edges if layer[e.source] > layer[e.target]}
    feeding |= {e.target for e in graph.edges if layer[e.source] > layer[e.target]}
    result: dict[str, int] = {}
    first = 0
    for value in range(layers):
        by_zone: dict[str | None, list[Node]] = {}
        for node in members[value]:
            by_zone.setdefault(node.zone, []).append(node)
        for nodes in by_zone.values():
            ordered = sorted(nodes, key=lambda n: (n.id in feeding) - (n.id in fed))
            rows = -(-len(ordered) // share[value])
            for index, node in enumerate(ordered):
                result[node.id] = first + index // rows
        first += share[value]
    # Columns a layer was given but no zone filled would only leave a gap.
    used = {value: rank for rank, value in enumerate(sorted(set(result.values())))}
    return {node.id: used[result[node.id]] for node in graph.nodes}


def _too_tall(
    graph: Graph,
    area: Box,
    typography: Typography,
    column: dict[str, int],
    shelves: Sequence[_Shelf] | None = None,
) -> bool:
    """Return True when no ordering of rows lets the boxes of `column` fit the area's height.

    A lower bound: the widest boxes (narrowest gaps) at the smallest size with
    the least tags; each shelf is at least as tall as its fullest column's
    boxes stacked, and each zone label takes a line.
    """
    return _least_height(graph, area, typography, column, shelves) > area.height


def _least_height(
    graph: Graph,
    area: Box,
    typography: Typography,
    column: dict[str, int],
    shelves: Sequence[_Shelf] | None = None,
) -> float:
    """Return a lower bound of the height the boxes of `column` need (see `_too_tall`)."""
    if shelves is None:
        shelves = _shelves(graph, column)
    columns = max(column.values(), default=-1) + 1
    box_width = _widest_box_across(area.width, columns, typography.widest_box)
    if box_width <= 0:
        return math.inf
    return _least_height_at(graph, typography, tuple(column.items()), tuple(shelves), box_width)


@functools.lru_cache(maxsize=4096)
def _least_height_at(
    graph: Graph,
    typography: Typography,
    frozen_column: tuple[tuple[str, int], ...],
    shelves: tuple[_Shelf, ...],
    box_width: int,
) -> float:
    """Return `_least_height` for boxes `box_width` wide; areas of one width share it."""
    column = dict(frozen_column)
    least_boxes = _least_box_heights(graph, box_width, typography)
    row_gap = _row_gap(graph, column, typography)
    total = SHELF_GAP * max(0, len(shelves) - 1)
    for shelf in shelves:
        total += 2 * ZONE_PAD
        names = [cluster.spec.name for cluster in shelf.clusters if cluster.spec is not None]
        if names:
            total += max(_name_line_height(name, typography.zone_pt) for name in names) + INSET_Y
        stacked: dict[int, list[int]] = {}
        for member in shelf.members:
            stacked.setdefault(column[member], []).append(least_boxes[member])
        if not stacked:
            continue
        rows = max(shelf.rows, max(len(heights) for heights in stacked.values()))
        total += _rows_least_height(stacked, rows, row_gap)
    return total


def _row_gap(graph: Graph, column: dict[str, int], typography: Typography) -> int:
    """Return the gap between rows: room for a label when a labelled connector runs down."""
    if any(
        e.label and e.source != e.target and column[e.source] == column[e.target]
        for e in graph.edges
    ):
        return max(MIN_ROW_GAP, line_height(typography.label_pt) + pt(4))
    return MIN_ROW_GAP


def _rows_least_height(stacked: dict[int, list[int]], rows: int, row_gap: int) -> int:
    """Return the least height of `rows` rows holding boxes at least `stacked` tall, by column."""
    # Boxes of a row share its height, and a row holds one box per column at most:
    # the k-th row, tallest first, is at least as tall as the (k × columns)-th box.
    tallest = sorted((h for heights in stacked.values() for h in heights), reverse=True)
    width = len(stacked)
    by_rows = sum(tallest[k * width] if k * width < len(tallest) else pt(20) for k in range(rows))
    by_columns = max(sum(heights) for heights in stacked.values())
    return max(by_rows, by_columns) + (rows - 1) * row_gap


@functools.lru_cache(maxsize=1024)
def _name_line_height(name: str, size: float) -> int:
    """Return the line height of a zone's name; packings ask for it many times over."""
    return line_height_for(name, size)


def _widest_box_across(width: int, columns: int, widest: int) -> int:
    """Return the widest a box can be with `columns` columns and the narrowest gaps."""
    return _box_width_across(width, columns, MIN_COLUMN_GAP, widest)


def _box_width_across(width: int, columns: int, column_gap: int, widest: int) -> int:
    """Return the width of `columns` columns of boxes `column_gap` apart in an area `width` wide.

    No box is wider than `widest`.
    """
    inner_width = width - 2 * ZONE_PAD
    box_width = (inner_width - (columns - 1) * column_gap) // max(1, columns)
    return min(box_width, widest)


def _column_count(column: dict[str, int], shelves: Sequence[_Shelf]) -> int:
    """Return how many columns an arrangement is laid out in: a zone spans them all."""
    # A zone may span a column none of its boxes uses: it is as wide as its span.
    spanned = max((c.last_column for shelf in shelves for c in shelf.clusters), default=-1)
    return max(max(column.values(), default=-1), spanned) + 1


@functools.lru_cache(maxsize=256)
def _least_box_heights(graph: Graph, box_width: int, typography: Typography) -> dict[str, int]:
    """Return each box's least height at `box_width`: smallest type, least tag (read only)."""
    heights = {}
    for node in graph.nodes:
        least = replace(node, tag=node.minimal_tag)
        height = _node_text(
            least, box_width, typography.min_pt, typography.tag_pt, typography.min_pt, typography
        )[0]
        heights[node.id] = max(height + pt(2), MIN_BOX_HEIGHT)
    return heights


def _fold_rows(graph: Graph, column: dict[str, int]) -> int:
    """Return how many rows of boxes the shelves of a folding stack, before any extra row."""
    return sum(shelf.rows for shelf in _shelves(graph, column))


def _ceiling(
    column: dict[str, int],
    typography: Typography,
    fits: bool = True,
    font_pt: float | None = None,
) -> tuple[bool, int, float, float, int]:
    """Return the highest `_preference` a layout of `column` can have.

    That is with nothing blocked and every label placed; with what its sizes
    say (whether it fits, at what type size) when they are known.
    """
    comfortable = min(typography.max_pt, typography.min_pt + 1)
    size = comfortable if font_pt is None else min(font_pt, comfortable)
    return (fits, 0, size, float(len(set(column.values()))), 0)


def _preference(
    layout: DiagramLayout, typography: Typography
) -> tuple[bool, int, float, float, int]:
    """Return how much a layout is preferred: legible, honest, comfortable, flat and labelled.

    A connector behind a box it does not join misleads, so it weighs more than
    type size; a connector label sent to the notes costs half a column of flatness,
    and of two layouts alike in that, the one showing more labels wins.
    """
    comfortable = min(typography.max_pt, typography.min_pt + 1)
    columns = len({placed.column for placed in layout.nodes.values()})
    return (
        layout.fits,
        -layout.blocked,
        min(layout.font_pt, comfortable),
        columns - 0.5 * len(layout.unplaced_labels),
        -len(layout.unplaced_labels),
    )


def _layout_columns(
    graph: Graph,
    area: Box,
    typography: Typography,
    layer: dict[str, int],
    column: dict[str, int],
    shelves: Sequence[_Shelf] | None = None,
) -> DiagramLayout:
    """Return the layout with fixed columns; rows are ordered to reduce crossings.

    Column gaps are first made wide enough for connector labels; if that
    leaves boxes too small, narrow gaps are used (and the labels that no
    longer fit go to the notes). When a connector would run through a box,
    one more row is tried on each shelf; the roomier arrangement is kept if it
    clears boxes and still fits.
    """
    layout = _columns_laid_out(graph, area, typography, layer, column, shelves, need_fit=False)
    assert layout is not None
    return layout


def _columns_laid_out(
    graph: Graph,
    area: Box,
    typography: Typography,
    layer: dict[str, int],
    column: dict[str, int],
    shelves: Sequence[_Shelf] | None,
    need_fit: bool,
) -> DiagramLayout | None:
    """Return `_layout_columns`; with `need_fit`, None instead of a layout that does not fit.

    Arrangements that do not fit are then not routed: only their sizes are worked out.
    """
    if shelves is None:
        shelves = _shelves(graph, column)
    frozen_row, cost, hits = _ordered_rows(
        graph, tuple(column.items()), tuple(shelves), tuple(layer.items())
    )
    row = dict(frozen_row)
    best = _place_best_gap(graph, area, typography, column, shelves, row, need_fit)
    if not any(hits):
        return best
    growing = _growing_shelves(graph, shelves, hits)
    nothing_fits_yet = need_fit and best is None
    if nothing_fits_yet and _no_trial_fits(graph, area, typography, column, shelves, growing):
        return None
    for index in growing:
        trial_shelves = _with_extra_row(shelves, index)
        if (
            best is not None
            and best.fits
            and _fits_at_no_gap(graph, area, typography, column, trial_shelves)
        ):
            # Only a trial that fits can replace a layout that fits, and no rows or gap
            # make this one fit: ordering its rows (the slow part) would be wasted.
            continue
        trial_row, trial_cost = order_rows(graph, column, trial_shelves, layer)
        if trial_cost >= cost:
            continue
        trial = _place_best_gap(graph, area, typography, column, trial_shelves, trial_row, need_fit)
        if (trial is not None and trial.fits) or best is None or not best.fits:
            shelves, row, cost, best = trial_shelves, trial_row, trial_cost, trial
    return best


def _growing_shelves(
    graph: Graph, shelves: Sequence[_Shelf], hits: Sequence[Sequence[int]]
) -> list[int]:
    """Return the shelves tried with a row more: those a blocked connector's ends or boxes are on.

    `hits` lists, for each drawn connector, the boxes it runs through.
    """
    drawn = [e for e in graph.edges if e.source != e.target]
    involved = {
        n
        for edge, boxes in zip(drawn, hits, strict=True)
        if boxes
        for n in (edge.source, edge.target, *(graph.nodes[i].id for i in boxes))
    }
    return [
        index
        for index, shelf in enumerate(shelves)
        if shelf.rows and involved.intersection(shelf.members)
    ]


def _no_trial_fits(
    graph: Graph,
    area: Box,
    typography: Typography,
    column: dict[str, int],
    shelves: Sequence[_Shelf],
    growing: Sequence[int],
) -> bool:
    """Return True when no shelf in `growing` given a row more can fit, whatever else changes."""
    # Shelves only gain rows below, and a row more never lowers `_least_trial_height`:
    # no trial can fit, so none can give a layout, and ordering their rows is the slow part.
    return all(
        _fits_at_no_gap(graph, area, typography, column, _with_extra_row(shelves, index))
        for index in growing
    )


def _columns_fit(
    graph: Graph,
    area: Box,
    typography: Typography,
    layer: dict[str, int],
    column: dict[str, int],
) -> bool:
    """Return whether `_layout_columns` gives a layout that fits, from sizes alone.

    It fits when its rows do at some column gap, or else a shelf given a row
    more does, tried as `_columns_laid_out` tries them; nothing is routed.
    """
    shelves: Sequence[_Shelf] = _shelves(graph, column)
    frozen_row, cost, hits = _ordered_rows(
        graph, tuple(column.items()), tuple(shelves), tuple(layer.items())
    )
    if _fits_at_a_gap(graph, area, typography, column, shelves, frozen_row):
        return True
    if not any(hits):
        return False
    growing = _growing_shelves(graph, shelves, hits)
    if _no_trial_fits(graph, area, typography, column, shelves, growing):
        return False
    for index in growing:
        trial_shelves = _with_extra_row(shelves, index)
        trial_row, trial_cost = order_rows(graph, column, trial_shelves, layer)
        if trial_cost >= cost:
            continue
        if _fits_at_a_gap(graph, area, typography, column, trial_shelves, tuple(trial_row.items())):
            return True
        # A trial that does not fit still replaces one that does not: the next grows it.
        shelves, cost = trial_shelves, trial_cost
    return False


def _fits_at_a_gap(
    graph: Graph,
    area: Box,
    typography: Typography,
    column: dict[str, int],
    shelves: Sequence[_Shelf],
    row: tuple[tuple[str, int], ...],
) -> bool:
    """Return True when the arrangement fits at one of the column gaps `_place_best_gap` tries."""
    frozen = (tuple(column.items()), tuple(shelves), row)
    gaps = _column_gaps(graph, area, typography, column)
    return any(_sizing(graph, area, typography, *frozen, gap).fits for gap in gaps)


def _fits_at_no_gap(
    graph: Graph,
    area: Box,
    typography: Typography,
    column: dict[str, int],
    shelves: Sequence[_Shelf],
) -> bool:
    """Return True when `_sizing` fits `shelves` at none of the gaps tried, whatever the rows."""
    # Boxes measured one way only are no lower than at their least: when even that bound
    # lets the shelves fit, so does the full one, and it needs no text measured anew.
    if _least_trial_height(graph, area, typography, column, shelves, False) <= area.height:
        return False
    return _least_trial_height(graph, area, typography, column, shelves, True) > area.height


def _least_trial_height(
    graph: Graph,
    area: Box,
    typography: Typography,
    column: dict[str, int],
    shelves: Sequence[_Shelf],
    every_measure: bool = True,
) -> int:
    """Return a true lower bound of the height `_sizing` needs to fit, over every gap and rows.

    Unlike `_least_height` (a guide for searches), this one is exact about what it
    bounds, so skipping work on it never changes a layout. `_sizing` fits only when
    the rows at the largest or the smallest type of some tag variant fit (see
    `_size_with`), at a gap of `_column_gaps`; so each box is taken at its least
    height over those gaps, variants and two sizes, measured as `_texts_at` does.
    A row of a shelf holds one box per column at most, so its k-th tallest row is
    at least as tall as its (k × columns)-th tallest box; every row is at least
    pt(20), every zone label a line of plain text, and the gaps are `_sizing`'s.
    """
    # The gaps tried depend on the columns boxes use; the boxes' width on every column.
    least = _least_box_heights_at_any_gap(
        graph,
        area.width,
        typography,
        max(column.values(), default=-1) + 1,
        _column_count(column, shelves),
        every_measure,
    )
    row_gap = _row_gap(graph, column, typography)
    total = SHELF_GAP * max(0, len(shelves) - 1)
    for shelf in shelves:
        total += 2 * ZONE_PAD
        if any(cluster.spec is not None for cluster in shelf.clusters):
            # A named zone's label wraps to a line at least, none lower than plain text's.
            total += line_height(typography.zone_pt) + INSET_Y
        stacked: dict[int, list[int]] = {}
        for member in shelf.members:
            stacked.setdefault(column[member], []).append(least[member])
        if shelf.rows and stacked:
            total += _rows_least_height(stacked, shelf.rows, row_gap)
    return total


@functools.lru_cache(maxsize=256)
def _least_box_heights_at_any_gap(
    graph: Graph,
    width: int,
    typography: Typography,
    columns: int,
    laid_out: int,
    every_measure: bool,
) -> dict[str, int]:
    """Return each box's least height over the gaps, tag variants and the two sizes that
    `_sizing` checks for boxes in `columns` columns, laid out in `laid_out` columns, in
    an area `width` wide (read only).

    Without `every_measure`, only full tags at the largest size at the widest gap count,
    as sizing an arrangement measures them first: the heights are then no lower.
    """
    sizes = _type_sizes(typography)
    # A variant showing the same tags as the one before measures the same: skip it.
    variants = [0]
    if every_measure and any(node.tag != node.compact_tag for node in graph.nodes):
        variants.append(1)
    if every_measure and any(node.compact_tag != node.minimal_tag for node in graph.nodes):
        variants.append(2)
    least: dict[str, int] = {}
    gaps = _gaps_across(graph, width, typography, columns)
    for gap in gaps if every_measure else gaps[:1]:
        box_width = _box_width_across(width, laid_out, gap, typography.widest_box)
        for variant in variants:
            for size in (sizes[0], sizes[-1]) if every_measure else (sizes[0],):
                heights = _texts_at(graph, variant, box_width, size, typography)[1]
                for node, height in zip(graph.nodes, heights, strict=True):
                    boxed = max(height + pt(2), MIN_BOX_HEIGHT) if height else pt(20)
                    least[node.id] = min(least.get(node.id, boxed), boxed)
    return least


def _with_extra_row(shelves: Sequence[_Shelf], index: int) -> list[_Shelf]:
    """Return `shelves` with one more row on shelf `index`."""
    grown = list(shelves)
    grown[index] = _Shelf(shelves[index].clusters, shelves[index].rows + 1)
    return grown


def _place_best_gap(
    graph: Graph,
    area: Box,
    typography: Typography,
    column: dict[str, int],
    shelves: Sequence[_Shelf],
    row: dict[str, int],
    need_fit: bool = False,
) -> DiagramLayout | None:
    """Return the placement whose column gaps (label-wide, medium or narrow) work best.

    With `need_fit`, None when it cannot fit at any of those gaps (sizes say
    so before any connector is routed), else the best placement as a draft
    without connector labels.
    """
    frozen = (tuple(column.items()), tuple(shelves), tuple(row.items()))
    if need_fit and not _fits_at_a_gap(graph, area, typography, column, shelves, frozen[2]):
        # Before the comfortable gap's bisection, which sizes the boxes a dozen times more.
        return None
    gaps = _with_comfortable_gap(
        graph, area, typography, frozen, _column_gaps(graph, area, typography, column)
    )
    if need_fit:
        return _best_gap_draft(graph, area, typography, column, shelves, row, gaps)
    # A placement that does not fit loses to any that does: when some gap fits by
    # sizes, the gaps before the first that does are not placed.
    first = next(
        (
            index
            for index, gap in enumerate(gaps)
            if _sizing(graph, area, typography, *frozen, gap).fits
        ),
        0,
    )
    gaps = gaps[first:]
    best = _place(graph, area, typography, column, shelves, row, gaps[0])
    for gap in gaps[1:]:
        if best.fits and best.font_pt >= typography.max_pt:
            break
        sizing = _sizing(graph, area, typography, *frozen, gap)
        ceiling = _ceiling(column, typography, sizing.fits, sizing.font_pt)
        if ceiling <= _preference(best, typography):
            # Sizes alone show it cannot do better, even with every connector clean.
            continue
        candidate = _place(graph, area, typography, column, shelves, row, gap)
        if _preference(candidate, typography) > _preference(best, typography):
            best = candidate
    return best


def _best_gap_draft(
    graph: Graph,
    area: Box,
    typography: Typography,
    column: dict[str, int],
    shelves: Sequence[_Shelf],
    row: dict[str, int],
    gaps: Sequence[int],
) -> DiagramLayout:
    """Return the gap `_place_best_gap` would choose, placed as a draft without labels.

    Labels count only between gaps alike in fit, blocked runs and type size,
    so they are placed only to break such a tie.
    """

    def draft(gap: int) -> DiagramLayout:
        return _place(graph, area, typography, column, shelves, row, gap, labels=False)

    frozen = (tuple(column.items()), tuple(shelves), tuple(row.items()))

    def unplaced(gap: int, enough: int | None = None) -> int:
        """Return how many labels go to the notes at `gap`, counting no further than `enough`."""
        geometry = _geometry(graph, area, typography, *frozen, gap, False)
        count = 0
        # The gaps alone break the tie: labels out in the open are placed for the one chosen.
        for _, placed, _ in _labelled_routes(geometry, area, typography, gap, in_the_open=False):
            count += not placed
            if count == enough:
                break
        return count

    # Some gap fits (the caller checks): a draft that does not fit loses to any that
    # does, so the gaps before the first that fits by sizes are not routed.
    first = next(
        index
        for index, gap in enumerate(gaps)
        if _sizing(graph, area, typography, *frozen, gap).fits
    )
    best_gap, best = gaps[first], draft(gaps[first])
    best_unplaced: int | None = None
    for gap in gaps[first + 1 :]:
        if best.fits and best.font_pt >= typography.max_pt:
            break
        held = _preference(best, typography)[:3]
        sizing = _sizing(graph, area, typography, *frozen, gap)
        if _ceiling(column, typography, sizing.fits, sizing.font_pt)[:3] < held:
            # A draft has its sizing's fit and type size, and no fewer than no blocked
            # runs: routing this gap could neither win nor tie.
            continue
        candidate = draft(gap)
        ahead = _preference(candidate, typography)[:3]
        if ahead == held:
            # Alike but for labels, both use the same columns: only fewer labels sent to
            # the notes win, so the challenger's are counted only until it has as many.
            if best_unplaced is None:
                best_unplaced = unplaced(best_gap)
            if not best_unplaced:
                continue
            challenger = unplaced(gap, best_unplaced)
            if challenger < best_unplaced:
                best_gap, best, best_unplaced = gap, candidate, challenger
        elif ahead > held:
            best_gap, best, best_unplaced = gap, candidate, None
    return best


def _with_comfortable_gap(
    graph: Graph,
    area: Box,
    typography: Typography,
    frozen: tuple[tuple[tuple[str, int], ...], tuple[_Shelf, ...], tuple[tuple[str, int], ...]],
    gaps: list[int],
) -> list[int]:
    """Return `gaps` with the widest gap at which boxes keep comfortable type added.

    The widest listed gap that keeps type comfortable (up to a point above the
    minimum) may be well narrower than the next one, which shrinks it: a gap in
    between gives labels more room at no cost in type. It comes after the gap
    it widens, so a tie goes to that one's larger type. Only a state drawn
    whole widens its gaps so (see `Typography.roomy_gaps`).
    """
    if not typography.roomy_gaps:
        return gaps
    comfortable = min(typography.max_pt, typography.min_pt + 1)

    def keeps_type(gap: int) -> bool:
        sizing = _sizing(graph, area, typography, *frozen, gap)
        return sizing.fits and sizing.font_pt >= comfortable

    index = next((index for index, gap in enumerate(gaps) if keeps_type(gap)), 0)
    if not index:
        return gaps
    keeps = _widest_gap_keeping(keeps_type, gaps[index], gaps[index - 1])
    if keeps - gaps[index] < pt(2):
        return gaps
    # Tried after the gap it widens, it is taken only where it keeps more labels.
    return [*gaps[: index + 1], keeps, *gaps[index + 1 :]]


def _widest_gap_keeping(keeps_type: Callable[[int], bool], keeps: int, shrinks: int) -> int:
    """Return the widest gap `keeps_type` accepts between `keeps` (it does) and `shrinks` (not)."""
    # Wider gaps narrow the boxes, so type only shrinks as the gap grows: bisect to a point.
    while shrinks - keeps > pt(1):
        middle = (keeps + shrinks) // 2
        if keeps_type(middle):
            keeps = middle
        else:
            shrinks = middle
    return keeps


def _column_gaps(
    graph: Graph, area: Box, typography: Typography, column: dict[str, int]
) -> list[int]:
    """Return the column gaps to try, widest first: roomy, label-wide, medium and narrow."""
    return _gaps_across(graph, area.width, typography, max(column.values(), default=-1) + 1)


def _gaps_across(graph: Graph, width: int, typography: Typography, columns: int) -> list[int]:
    """Return `_column_gaps` for `columns` columns in an area `width` wide."""
    widest_label = _widest_label(graph, typography)
    inner_width = width - 2 * ZONE_PAD
    if columns < 2 or not widest_label:
        return [MIN_COLUMN_GAP]
    # Labels sit in the gaps; give them room, but never more than a quarter of the width.
    wide = max(MIN_COLUMN_GAP, min(widest_label + pt(8), inner_width // (4 * (columns - 1))))
    medium = (wide + MIN_COLUMN_GAP) // 2
    gaps = [wide] if medium >= wide else [wide, medium, MIN_COLUMN_GAP]
    if not typography.roomy_gaps:
        return gaps
    # Up to a third of the width, as long as boxes still show every name's longest
    # word whole: with five or six columns a quarter leaves labels next to no room.
    legible = (inner_width - columns * _narrowest_box(graph, typography)) // (columns - 1)
    roomy = min(widest_label + pt(8), inner_width // (3 * (columns - 1)), legible)
    # A gap only a little wider than the label-wide one would change boxes, not labels.
    return [roomy, *gaps] if roomy >= wide + pt(6) else gaps


@functools.lru_cache(maxsize=256)
def _widest_label(graph: Graph, typography: Typography) -> int:
    """Return how wide the widest connector label is on one line (0 without labels)."""
    return max(
        (
            text_width(e.label, typography.label_pt, family=typography.family)
            for e in graph.edges
            if e.source != e.target and e.label
        ),
        default=0,
    )


def zone_title_lines(zone: PlacedZone, typography: Typography) -> list[str]:
    """Return a zone's label as wrapped: across the zone, or within its narrower room."""
    if zone.title_width is not None:
        return _narrow_title_lines(zone.spec, zone.title_width, typography)
    return _zone_label_lines(zone.spec, zone.box.width, typography)


def _narrow_title_lines(spec: ZoneSpec | None, room: int, typography: Typography) -> list[str]:
    """Return a zone's label wrapped into `room` from its side of the zone, inset included."""
    if spec is None:
        return []
    return wrap(spec.name, max(1, room - INSET_X), typography.zone_pt, True, typography.family)


@functools.lru_cache(maxsize=1024)
def _narrow_title_extent(
    spec: ZoneSpec | None, room: int, typography: Typography
) -> tuple[int, int]:
    """Return the width (inset on its side included) and height of a label wrapped into `room`."""
    width, height = _title_text_extent(_narrow_title_lines(spec, room, typography), typography)
    return INSET_X + width, height + INSET_Y


def _title_text_extent(lines: Sequence[str], typography: Typography) -> tuple[int, int]:
    """Return the width and height of a zone label's lines of text."""
    width = max(
        (text_width(line, typography.zone_pt, True, typography.family) for line in lines),
        default=0,
    )
    return width, len(lines) * line_height_for("".join(lines), typography.zone_pt)


def _zone_label_lines(spec: ZoneSpec | None, width: int, typography: Typography) -> list[str]:
    if spec is None:
        return []
    return wrap(spec.name, max(1, width - 2 * INSET_X), typography.zone_pt, True, typography.family)


def zone_label_box(zone: PlacedZone, typography: Typography) -> Box:
    """Return the area a zone's label text takes in its top-left (or top-right) corner."""
    if zone.title_width is not None:
        width, height = _narrow_title_extent(zone.spec, zone.title_width, typography)
    else:
        width, height = _zone_label_extent(zone.spec, zone.box.width, typography)
    x = zone.box.right - width if _title_at_right(zone) else zone.box.x
    return Box(x, zone.box.y, width, height)


def _title_at_right(zone: PlacedZone) -> bool:
    """Return True when a zone's label sits at its right: its start in a right-to-left script."""
    right_to_left = zone.spec is not None and is_right_to_left(zone.spec.name)
    return zone.label_at_end != right_to_left


def _title_clearance(zone: PlacedZone, typography: Typography) -> Box:
    """Return a zone's label and the room either side of it along its row.

    A connector label there would read as part of the zone's title.
    """
    label = zone_label_box(zone, typography)
    return label.inset(-TITLE_CLEARANCE, 0)


@functools.lru_cache(maxsize=4096)
def _zone_label_extent(
    spec: ZoneSpec | None, zone_width: int, typography: Typography
) -> tuple[int, int]:
    """Return the width and height of a zone's label; every connector is checked against it."""
    width, height = _title_text_extent(_zone_label_lines(spec, zone_width, typography), typography)
    return min(zone_width, width + 2 * INSET_X), height + INSET_Y


def _labels_clear_of(
    zones: list[PlacedZone], routes: Sequence[Route], typography: Typography
) -> None:
    """Move a zone's label to its top-right corner, in place, when a connector crosses it.

    Only when no connector crosses it there; rows of zones join boxes
    straight down, past the label of the zone below.
    """
    # A path runs through a label only where its extent overlaps the label's.
    extents = [_bounds(_as_float_path(route.points)) for route in routes]

    def crossed(label: Box) -> bool:
        return any(
            left < label.right
            and label.x < right
            and top < label.bottom
            and label.y < bottom
            and path_hits(route.points, label)
            for route, (left, top, right, bottom) in zip(routes, extents, strict=True)
        )

    for index, zone in enumerate(zones):
        if zone.spec is None:
            continue
        if not crossed(zone_label_box(zone, typography)):
            continue
        moved = replace(zone, label_at_end=True)
        if not crossed(zone_label_box(moved, typography)):
            zones[index] = moved


def _routes(drawn: Sequence[Edge], nodes: dict[str, PlacedNode]) -> dict[int, Route]:
    """Return each edge's connector; forward ones first, so backward ones keep out of their way.

    A two-way one starts at its left (or upper) box; parting runs may turn it back.
    """
    chosen: dict[int, Route] = {}
    drawn = [_left_first(edge, nodes) for edge in drawn]
    for index, edge in enumerate(drawn):
        if nodes[edge.source].column <= nodes[edge.target].column:
            chosen[index] = _route(edge, nodes, [])
    forward_paths = [_Traced.of(route.points) for route in chosen.values()]
    for index, edge in enumerate(drawn):
        if index not in chosen:
            chosen[index] = _route(edge, nodes, forward_paths)
    return chosen


def _left_first(edge: Edge, nodes: dict[str, PlacedNode]) -> Edge:
    """Return `edge`, a two-way one drawn from its left (or upper) box.

    Its label then reads with the page: "→" points the way the words say.
    """
    source, target = nodes[edge.source], nodes[edge.target]
    if edge.two_way and (source.box.x, source.box.y) > (target.box.x, target.box.y):
        return edge.reversed()
    return edge


def _nudge_room(
    shelves: Sequence[_Shelf], nodes: dict[str, PlacedNode]
) -> dict[str, tuple[int, int]]:
    """Return how far each box may move left and right without leaving its zone's padding.

    Boxes at a zone's edge column may only move inwards, so zones keep their size.
    """
    room: dict[str, tuple[int, int]] = {}
    for shelf in shelves:
        for cluster in shelf.clusters:
            for member in cluster.members:
                column = nodes[member].column
                room[member] = (
                    NUDGE if column > cluster.first_column else 0,
                    NUDGE if column < cluster.last_column else 0,
                )
    return room


def _closeness(first: tuple[Point, ...], second: tuple[Point, ...]) -> int:
    """Return how much closer than TRACK_GAP two paths run along each other (0 when apart)."""
    worst = 0
    for runs, other_runs in zip(_straight_runs(first), _straight_runs(second), strict=True):
        for at, low, high in runs:
            for other_at, other_low, other_high in other_runs:
                apart = abs(at - other_at)
                if apart < TRACK_GAP and min(high, other_high) > max(low, other_low):
                    worst = max(worst, TRACK_GAP - apart)
    return worst


Run = tuple[int, int, int]
"""A straight run of a path: where it lies across, and where along it starts and ends."""


@functools.lru_cache(maxsize=8192)
def _straight_runs(points: tuple[Point, ...]) -> tuple[tuple[Run, ...], tuple[Run, ...]]:
    """Return a path's vertical runs (by x) and horizontal runs (by y), each with its span.

    Pairs of paths are judged over and over while boxes move: each path is split once.
    """
    vertical: list[Run] = []
    horizontal: list[Run] = []
    for a, b in itertools.pairwise(points):
        if a[0] == b[0]:
            vertical.append((a[0], min(a[1], b[1]), max(a[1], b[1])))
        if a[1] == b[1]:
            horizontal.append((a[1], min(a[0], b[0]), max(a[0], b[0])))
    return tuple(vertical), tuple(horizontal)


def _ambiguous(routes: dict[int, Route], strict: bool = False) -> list[tuple[int, int, int]]:
    """Return pairs of connectors on (nearly) one stretch without a common source or target.

    Each pair comes with how much closer than TRACK_GAP they run. With `strict`,
    pairs with a common end that may not share a run there count too (`_may_share_a_run`).
    """
    found: list[tuple[int, int, int]] = []
    extents = {index: _bounds(route.points) for index, route in routes.items()}
    clears = _may_share_a_run if strict else _related
    # Swept left to right, a path is judged only against those that start before it ends.
    by_left = sorted(routes, key=lambda index: (extents[index][0], index))
    for position, i in enumerate(by_left):
        reach = extents[i][2] + TRACK_GAP
        nearby = []
        for j in by_left[position + 1 :]:
            if extents[j][0] > reach:
                break
            nearby.append(j)
        found += _conflicts_with(routes, extents, i, nearby, clears)
    found.sort(key=lambda pair: pair[:2])
    return found


def _ambiguous_after(
    routes: dict[int, Route],
    changed: Collection[int],
    before: Sequence[tuple[int, int, int]],
    extents: dict[int, Extent],
    strict: bool = False,
) -> list[tuple[int, int, int]]:
    """Return `_ambiguous(routes)` when only the routes `changed` differ from those `before` was of.

    Pairs of unchanged routes keep their verdicts, so only pairs with a changed
    route are judged again: trying one box's move need not judge every pair.
    `extents` holds the unchanged routes' extents and gains the changed ones'.
    """
    extents.update((index, _bounds(routes[index].points)) for index in changed)
    found = [pair for pair in before if pair[0] not in changed and pair[1] not in changed]
    clears = _may_share_a_run if strict else _related
    for index in changed:
        others = [o for o in routes if o != index and not (o in changed and o < index)]
        found += _conflicts_with(routes, extents, index, others, clears)
    # In `_ambiguous`'s order: the first pair is the one tried first.
    found.sort(key=lambda pair: pair[:2])
    return found


def _conflicts_with(
    routes: dict[int, Route],
    extents: dict[int, Extent],
    index: int,
    others: Iterable[int],
    clears: Callable[[Edge, Edge], bool],
) -> Iterator[tuple[int, int, int]]:
    """Yield route `index` paired with each of `others` running closer than TRACK_GAP to it.

    Each pair comes lower index first, with how much closer they run; a pair
    that `clears` (a common end, see `_related`) is left out. Paths whose
    extents lie apart need no closer look: most pairs end there.
    """
    left, top, right, bottom = extents[index]
    route = routes[index]
    for other in others:
        other_left, other_top, other_right, other_bottom = extents[other]
        if right + TRACK_GAP < other_left or other_right + TRACK_GAP < left:
            continue
        if bottom + TRACK_GAP < other_top or other_bottom + TRACK_GAP < top:
            continue
        other_route = routes[other]
        if clears(route.edge, other_route.edge):
            continue
        deficit = _closeness(route.points, other_route.points)
        if deficit:
            yield (min(index, other), max(index, other), deficit)


def _badness(
    conflicts: Sequence[tuple[int, int, int]], routes: dict[int, Route]
) -> tuple[int, int, int]:
    """Return how bad conflicts are: pairs with no common end first, then all, then closeness."""
    apart = sum(1 for i, j, _ in conflicts if not _related(routes[i].edge, routes[j].edge))
    return apart, len(conflicts), sum(deficit for _, _, deficit in conflicts)


def _separate_runs(
    drawn: Sequence[Edge],
    nodes: dict[str, PlacedNode],
    chosen: dict[int, Route],
    room: dict[str, tuple[int, int]],
    strict: bool = False,
    resite: bool = False,
) -> tuple[dict[str, PlacedNode], dict[int, Route]]:
    """Return boxes moved sideways a little so no two connectors share a stretch of line.

    A bent connector turns halfway between its ends, so connectors between
    the same two columns all turn on one vertical; moving one end box shifts
    that vertical by half the move. A two-way connector may instead be drawn
    from its other end: it then shares a run, as a bus, with the connectors
    of that end. Each move is kept only when it lowers the number of
    ambiguous pairs, or how close they run.

    With `strict`, the pairs to part are those a common end does not clear
    (`_may_share_a_run`), and a connector may also move to other facing sites;
    a move is kept only when it adds no pair without a common end. With
    `resite`, connectors move to other facing sites as well, and the two-way
    connectors a moved one then shares a stretch with are turned to share it
    as a bus (see `_turned_to_join`).
    """
    conflicts = _ambiguous(chosen, strict)
    # `conflicts` is what is left to clear, `every` all of the current routes' conflicts;
    # a pair no move parted is passed over for good, so later moves do not try it again.
    every = conflicts
    badness = _badness(every, chosen)
    passed: set[tuple[int, int]] = set()
    extents = {index: _bounds(route.points) for index, route in chosen.items()}
    turned: set[int] = set()
    # A box joined to one above or below it stays put: moving it would skew that vertical line.
    stacked = {
        end
        for edge in drawn
        if nodes[edge.source].column == nodes[edge.target].column
        for end in (edge.source, edge.target)
    }
    tries = 0
    # Trials that did not help since the last kept move: tried again for another pair they
    # would find the same, so they count as tries but are not judged twice.
    unhelpful: set[Hashable] = set()
    # Only lines moved to part stretches without a common end take two-way ones along.
    join = _related if resite and not strict else None
    while conflicts and tries < MAX_NUDGES:
        improved = False
        i, j, _ = conflicts[0]
        for index, trial in _resitings(nodes, chosen, (i, j), turned, strict or resite, join):
            tries += 1
            resited = trial[index]
            # A connector moved to other sites may come with two-way ones turned to join it.
            joined = (
                tuple(
                    (key, route.edge, route.points)
                    for key, route in trial.items()
                    if key != index and route is not chosen[key]
                )
                if join is not None
                else ()
            )
            key: Hashable = (
                index,
                resited.edge,
                resited.start_site,
                resited.end_site,
                resited.points,
                joined,
            )
            if key in unhelpful:
                continue
            unhelpful.add(key)
            trial_extents = dict(extents)
            changed = (index, *(joined_index for joined_index, _, _ in joined))
            trial_conflicts = _ambiguous_after(trial, changed, every, trial_extents, strict)
            trial_badness = _badness(trial_conflicts, trial)
            if trial_badness < badness:
                chosen, every, extents = trial, trial_conflicts, trial_extents
                badness = trial_badness
                conflicts = [pair for pair in every if pair[:2] not in passed]
                improved = True
                unhelpful.clear()
                break
        if improved:
            continue
        ends = [drawn[j].source, drawn[j].target, drawn[i].source, drawn[i].target]
        for node_id in ends:
            if node_id in stacked:
                continue
            left, right = room[node_id]
            current = nodes[node_id]
            # `_rerouted` routes these again; only their pairs need judging again.
            rerouted = [k for k, edge in enumerate(drawn) if node_id in (edge.source, edge.target)]
            for shift in (right, -left, right // 2, -left // 2):
                if shift == 0:
                    continue
                tries += 1
                if (node_id, shift) in unhelpful:
                    continue
                unhelpful.add((node_id, shift))
                moved = dict(nodes)
                moved[node_id] = _shifted(current, shift)
                trial = _rerouted(drawn, moved, chosen, node_id)
                trial_extents = dict(extents)
                trial_conflicts = _ambiguous_after(trial, rerouted, every, trial_extents, strict)
                trial_badness = _badness(trial_conflicts, trial)
                if trial_badness < badness:
                    nodes, chosen, every, extents = moved, trial, trial_conflicts, trial_extents
                    badness = trial_badness
                    conflicts = [pair for pair in every if pair[:2] not in passed]
                    # A box moves once, so the moves cannot undo each other.
                    room = {**room, node_id: (0, 0)}
                    improved = True
                    unhelpful.clear()
                    break
            if improved:
                break
        if not improved:
            passed.add((i, j))
            conflicts = conflicts[1:]
    return nodes, chosen


def _meeting_end_to_end(routes: dict[int, Route]) -> set[tuple[int, int]]:
    """Return the pairs of connectors without a common end whose runs meet end to end.

    Where one stops and the other goes on along the same line (see
    `paths_meet_end_to_end`, which the deck measures count by), the two read as
    one line between the wrong boxes.
    """
    found: set[tuple[int, int]] = set()
    extents = {index: _bounds(route.points) for index, route in routes.items()}
    for first, second in itertools.combinations(sorted(routes), 2):
        if _related(routes[first].edge, routes[second].edge):
            continue
        left, top, right, bottom = extents[first]
        other_left, other_top, other_right, other_bottom = extents[second]
        if right + TRACK_GAP < other_left or other_right + TRACK_GAP < left:
            continue
        if bottom + TRACK_GAP < other_top or other_bottom + TRACK_GAP < top:
            continue
        # A pair sharing a stretch is not counted: that is `_ambiguous`'s to judge.
        if paths_meet_end_to_end(
            list(itertools.pairwise(routes[first].points)),
            list(itertools.pairwise(routes[second].points)),
        ):
            found.add((first, second))
    return found


def _ends_parted(
    drawn: Sequence[Edge],
    unmoved: dict[str, PlacedNode],
    nodes: dict[str, PlacedNode],
    chosen: dict[int, Route],
    room: dict[str, tuple[int, int]],
) -> tuple[dict[str, PlacedNode], dict[int, Route]]:
    """Return `nodes` and `chosen` with connectors meeting end to end moved apart where free.

    For each such pair, one connector is drawn from its other end or between
    other facing sites (`_resitings`), or else an end box of either, or both
    ends of one alike, move sideways within `room` of where they stood
    (`unmoved`; see `_end_partings`); the first move that leaves fewer pairs
    meeting so, no more lines along another (a bus mixing arrows included)
    and none more through a box is kept.
    """
    meeting = _meeting_end_to_end(chosen)
    if not meeting:
        return nodes, chosen
    along = _along_another(chosen)
    blocked = _blocked(drawn, nodes, chosen)
    # A box joined to one above or below it stays put: moving it would skew that vertical line.
    stacked = {
        end
        for edge in drawn
        if nodes[edge.source].column == nodes[edge.target].column
        for end in (edge.source, edge.target)
    }
    for pair in sorted(meeting):
        if pair not in meeting:
            continue  # parted by the move that parted an earlier pair
        for trial_nodes, trial in _end_partings(drawn, unmoved, nodes, chosen, room, pair, stacked):
            trial_meeting = _meeting_end_to_end(trial)
            if len(trial_meeting) >= len(meeting):
                continue
            trial_along = _along_another(trial)
            more_along = trial_along[0] > along[0] or trial_along[1] > along[1]
            if more_along or _blocked(drawn, trial_nodes, trial) > blocked:
                continue
            nodes, chosen, meeting, along = trial_nodes, trial, trial_meeting, trial_along
            break
    return nodes, chosen


def _along_another(routes: dict[int, Route]) -> tuple[int, int]:
    """Return how many pairs of connectors share a stretch without a common end, and mixing arrows.

    Pairs of the second kind leave one box, one with an arrow there, one without.
    """
    pairs = _ambiguous(routes, strict=True)
    mixed = sum(1 for i, j, _ in pairs if _related(routes[i].edge, routes[j].edge))
    return len(pairs) - mixed, mixed


def _end_partings(
    drawn: Sequence[Edge],
    unmoved: dict[str, PlacedNode],
    nodes: dict[str, PlacedNode],
    chosen: dict[int, Route],
    room: dict[str, tuple[int, int]],
    pair: tuple[int, int],
    stacked: Collection[str],
) -> Iterator[tuple[dict[str, PlacedNode], dict[int, Route]]]:
    """Yield ways to part a pair of connectors: other sites, then end boxes moved sideways.

    One end box moved turns its connector half as far aside; both ends moved
    alike turn it as far as they move.
    """
    for _, trial in _resitings(nodes, chosen, pair, set(), resite=True):
        yield nodes, trial

    def reach(node_id: str) -> tuple[int, int]:
        """Return how much further the box may move left and right."""
        left, right = room[node_id]
        moved_by = nodes[node_id].box.x - unmoved[node_id].box.x
        return left + moved_by, right - moved_by

    for index in pair:
        ends = [chosen[index].edge.source, chosen[index].edge.target]
        movable = [node_id for node_id in ends if node_id not in stacked]
        for node_id in movable:
            left, right = reach(node_id)
            for shift in (right, -left):
                if shift:
                    moved = {**nodes, node_id: _shifted(nodes[node_id], shift)}
                    yield moved, _rerouted(drawn, moved, chosen, node_id)
        if movable != ends:
            continue
        reaches = [reach(node_id) for node_id in ends]
        for shift in (min(right for _, right in reaches), -min(left for left, _ in reaches)):
            if shift:
                moved = {**nodes, **{node_id: _shifted(nodes[node_id], shift) for node_id in ends}}
                once = _rerouted(drawn, moved, chosen, ends[0])
                yield moved, _rerouted(drawn, moved, once, ends[1])


def _resitings(
    nodes: dict[str, PlacedNode],
    chosen: dict[int, Route],
    pair: tuple[int, int],
    turned: set[int],
    resite: bool,
    join: Callable[[Edge, Edge], bool] | None = None,
) -> Iterator[tuple[int, dict[int, Route]]]:
    """Yield `chosen` with one connector of `pair` drawn from its other end or between other sites.

    A two-way connector is turned once at most (`turned` remembers it). With
    `resite`, other facing sites are offered where the connector then runs
    through no box; with `join` too, each also with the two-way connectors it
    then meets turned to share its stretches as a bus (`join` says which may).
    """
    for index in pair:
        if chosen[index].edge.two_way and index not in turned:
            turned.add(index)
            yield index, _turned(nodes, chosen, index)
    if not resite:
        return
    for index in pair:
        route = chosen[index]
        source, target = nodes[route.edge.source], nodes[route.edge.target]
        ends = (route.edge.source, route.edge.target)
        for sites in _candidate_sites(source, target):
            if sites == (route.start_site, route.end_site):
                continue
            points = _sites_path(source.box, target.box, *sites)
            if _boxes_hit(points, nodes, ends):
                continue
            resited = Route(route.edge, sites[0], sites[1], len(points) > 2, tuple(points))
            trial = {**chosen, index: resited}
            yield index, trial
            joined = None if join is None else _turned_to_join(nodes, trial, index, join)
            if joined is not None:
                yield index, joined


def _turned_to_join(
    nodes: dict[str, PlacedNode],
    chosen: dict[int, Route],
    start: int,
    clears: Callable[[Edge, Edge], bool],
) -> dict[int, Route] | None:
    """Return `chosen` with two-way connectors turned so they share their stretches as buses.

    From connector `start` on, each two-way connector sharing a stretch with
    one where `clears` does not let them is drawn from its other end when that
    makes the two a bus; a connector turned so may in turn meet others. Each
    is turned once at most. None when none is.
    """
    routes = dict(chosen)
    joined: set[int] = set()
    waiting = [start]
    while waiting:
        index = waiting.pop(0)
        extents = {key: _bounds(route.points) for key, route in routes.items()}
        others = [key for key in routes if key != index]
        for first, second, _ in _conflicts_with(routes, extents, index, others, clears):
            other = second if first == index else first
            if other in joined or other == start or not routes[other].edge.two_way:
                continue
            trial = _turned(nodes, routes, other)
            if clears(trial[other].edge, routes[index].edge):
                routes = trial
                joined.add(other)
                waiting.append(other)
    return routes if joined else None


def _turned(nodes: dict[str, PlacedNode], chosen: dict[int, Route], index: int) -> dict[int, Route]:
    """Return `chosen` with two-way connector `index` drawn from its other end."""
    edge = chosen[index].edge.reversed()
    forward: list[_Traced] = []
    if nodes[edge.source].column > nodes[edge.target].column:
        forward = [
            _Traced.of(route.points)
            for key, route in chosen.items()
            if key != index and nodes[route.edge.source].column <= nodes[route.edge.target].column
        ]
    return {**chosen, index: _route(edge, nodes, forward)}


def _rerouted(
    drawn: Sequence[Edge], nodes: dict[str, PlacedNode], chosen: dict[int, Route], moved: str
) -> dict[int, Route]:
    """Return `chosen` with the connectors of the box `moved` routed again."""
    # Only a connector against the flow keeps clear of the forward ones; trace them only then.
    forward: list[_Traced] | None = None
    result = dict(chosen)
    for index, edge in enumerate(drawn):
        if moved in (edge.source, edge.target):
            # A two-way connector keeps the end it was turned to leave from.
            edge = chosen[index].edge
            backward = nodes[edge.source].column > nodes[edge.target].column
            if backward and forward is None:
                forward = [
                    _Traced.of(route.points)
                    for route in chosen.values()
                    if nodes[route.edge.source].column <= nodes[route.edge.target].column
                ]
            result[index] = _route(edge, nodes, forward if backward and forward else [])
    return result


def _run_box(start: Point, end: Point) -> Box:
    """Return a straight run of a connector as a box a point wider than the line each side."""
    margin = pt(2)
    left, top = min(start[0], end[0]) - margin, min(start[1], end[1]) - margin
    return Box(left, top, abs(end[0] - start[0]) + 2 * margin, abs(end[1] - start[1]) + 2 * margin)


def _shifted(placed: PlacedNode, shift: int) -> PlacedNode:
    """Return `placed` moved `shift` EMU to the right, badge and all."""
    box = Box(placed.box.x + shift, placed.box.y, placed.box.width, placed.box.height)
    badge = placed.badge_box
    if badge is not None:
        badge = Box(badge.x + shift, badge.y, badge.width, badge.height)
    return replace(placed, box=box, badge_box=badge)


@functools.lru_cache(maxsize=4096)
def _gaps_between_columns(
    graph: Graph,
    column_items: tuple[tuple[str, int], ...],
    columns: int,
    column_gap: int,
    room: int,
    typography: Typography,
) -> tuple[int, ...]:
    """Return the gap after each column but the last: `column_gap`, widened where a label needs it.

    A connector between neighbouring columns has its label in the gap between
    them. Where the label's longest word does not fit there, the gap takes
    width from the room the boxes leave spare and from gaps no such label
    needs (down to the narrowest gap), smallest shortfall first, and only as
    much as makes the word fit: a wider gap a word still misses helps nobody.
    Box sizes stay as they are, so whether the arrangement fits does not change.
    """
    pairs = max(0, columns - 1)
    needs = _label_gap_needs(graph, column_items, pairs, typography)
    gaps = [column_gap] * pairs
    if all(need <= column_gap for need in needs):
        return tuple(gaps)
    spare = max(0, room - pairs * column_gap)
    givers = {
        pair: column_gap - max(MIN_COLUMN_GAP, need)
        for pair, need in enumerate(needs)
        if max(MIN_COLUMN_GAP, need) < column_gap
    }
    given = sum(givers.values())
    gaps = list(_roomier_gaps(tuple(gaps), tuple(needs), spare + given))
    taken = sum(gaps) - pairs * column_gap
    # Spare room goes first; the rest comes from the giving gaps, each in proportion to what
    # it can give (rounded up, so the shares add up to what is needed).
    left = max(0, taken - spare)
    wanted = left
    for pair, can in sorted(givers.items()):
        share = min(-(-wanted * can // given), can, left)
        gaps[pair] -= share
        left -= share
    return tuple(gaps)


@functools.lru_cache(maxsize=4096)
def _longest_word_width(text: str, font_pt: float, family: str | None) -> int:
    """Return the width of the widest word of `text`: gaps are sized for labels many times."""
    return max(text_width(word, font_pt, family=family) for word in breakable_words(text))


def _label_gap_needs(
    graph: Graph, column_items: tuple[tuple[str, int], ...], pairs: int, typography: Typography
) -> list[int]:
    """Return how wide each gap between columns must be for its labels' longest words (0: none)."""
    column = dict(column_items)
    zone_of = {node.id: node.zone for node in graph.nodes}
    needs = [0] * pairs
    for edge in graph.edges:
        if edge.source == edge.target or not edge.label:
            continue
        first, second = column[edge.source], column[edge.target]
        if abs(first - second) != 1:
            continue
        longest = _longest_word_width(edge.label, typography.label_pt, typography.family)
        need = _gap_need(longest, zone_of[edge.source] != zone_of[edge.target])
        pair = min(first, second)
        needs[pair] = max(needs[pair], need)
    return needs


def _gap_need(text_width_emu: int, between_zones: bool, halved: bool = False) -> int:
    """Return how wide a gap must be for a label line `text_width_emu` wide.

    As `_label_rooms` measures: the label keeps clear of each box, and out of
    both zones when its line joins two; with `halved`, a bent line's middle run
    parts the gap and the label keeps to one half, clear of that run too.
    """
    width = math.ceil(text_width_emu / WIDTH_SAFETY)
    need = 2 * (width + 2 * LABEL_MARGIN) if halved else width + LABEL_MARGIN
    return need + (2 * ZONE_PAD if between_zones else 0)


@dataclass(frozen=True)
class _Sizing:
    """How an arrangement's boxes and zones measure at one column gap, and whether it fits."""

    box_width: int
    row_gap: int
    starts: tuple[int, ...]
    """Where each column starts."""
    gaps: tuple[int, ...]
    """The gap after each column but the last (see `_gaps_between_columns`)."""
    extents: tuple[tuple[tuple[int, int], ...], ...]
    """Each shelf's zones: where each starts and how wide it is."""
    headers: tuple[int, ...]
    """The zone-label height of each shelf."""
    font_pt: float
    row_heights: tuple[int, ...]
    fits: bool
    texts: dict[str, tuple[list[str], list[str]]]
    nodes_used: dict[str, Node]
    shelves: tuple[_Shelf, ...]
    """The shelves as drawn: empty zones too many for one row's words take more rows."""


@functools.lru_cache(maxsize=1024)
def _sizing(
    graph: Graph,
    area: Box,
    typography: Typography,
    column: tuple[tuple[str, int], ...],
    shelves: tuple[_Shelf, ...],
    row: tuple[tuple[str, int], ...],
    column_gap: int,
    label_room: tuple[int, ...] = (),
    title_room: _TitleRoom = (),
) -> _Sizing:
    """Return the sizes of an arrangement at `column_gap`; parting runs places it again.

    `label_room` asks for each gap after a column to be that wide, for labels
    that found no place, as far as the room the boxes leave spare allows (see
    `_roomier_gaps`); boxes, rows and type stay as they are, the boxes only
    moving sideways. `title_room` narrows the labels of some zones, which may
    then take more lines (see `_title_room_wanted`).
    """
    columns_of = dict(column)
    columns = _column_count(columns_of, shelves)
    inner_width = area.width - 2 * ZONE_PAD
    if label_room:
        plain = _sizing(graph, area, typography, column, shelves, row, column_gap, (), title_room)
        spare = inner_width - columns * plain.box_width - sum(plain.gaps)
        gaps = _roomier_gaps(plain.gaps, label_room, spare)
        starts = _column_starts(area, columns, plain.box_width, gaps)
        extents = _zone_extents(area, plain.shelves, starts, plain.box_width, typography)
        return replace(plain, starts=starts, gaps=gaps, extents=extents)
    shelves = _empty_zones_in_rows(area, shelves, typography)
    total_rows = sum(shelf.rows for shelf in shelves)
    box_width = _box_width_across(area.width, columns, column_gap, typography.widest_box)
    row_gap = _row_gap(graph, columns_of, typography)
    gaps = _gaps_between_columns(
        graph, column, columns, column_gap, inner_width - columns * box_width, typography
    )
    starts = _column_starts(area, columns, box_width, gaps)
    # Each cluster's horizontal extent, and the zone-label height each shelf needs.
    extents = _zone_extents(area, shelves, starts, box_width, typography)
    titles = {zone_id: room for zone_id, room, _ in title_room}
    headers: list[int] = []
    for shelf, spans in zip(shelves, extents, strict=True):
        header = 0
        for cluster, (_, width) in zip(shelf.clusters, spans, strict=True):
            room = titles.get(cluster.spec.id) if cluster.spec is not None else None
            if room is not None:
                header = max(header, _narrow_title_extent(cluster.spec, room, typography)[1])
            else:
                header = max(header, _zone_header(cluster.spec, width, typography))
        headers.append(header)

    fixed = sum(headers) + 2 * ZONE_PAD * len(shelves) + SHELF_GAP * max(0, len(shelves) - 1)
    fixed += row_gap * max(0, total_rows - sum(1 for shelf in shelves if shelf.rows))
    font_pt, row_heights, fits, texts, nodes_used = _size_boxes(
        graph, box_width, row, total_rows, area.height - fixed, typography
    )
    # Zones of a shelf are as tall as its rows; shelves stack from the area's top.
    y = area.y
    lowest: int | None = None
    row_offset = 0
    for shelf, header in zip(shelves, headers, strict=True):
        shelf_rows = row_heights[row_offset : row_offset + shelf.rows]
        rows_height = sum(shelf_rows) + max(0, shelf.rows - 1) * row_gap
        height = header + 2 * ZONE_PAD + rows_height
        if shelf.clusters:
            lowest = y + height if lowest is None else max(lowest, y + height)
        row_offset += shelf.rows
        y += height + SHELF_GAP
    if (lowest is not None and lowest > area.bottom) or box_width < typography.least_box:
        fits = False
    # A zone's label breaking an ordinary word reads as badly as a box breaking one.
    fits = fits and not _title_word_broken(shelves, extents, typography)
    return _Sizing(
        box_width,
        row_gap,
        starts,
        gaps,
        extents,
        tuple(headers),
        font_pt,
        tuple(row_heights),
        fits,
        texts,
        nodes_used,
        shelves,
    )


def _empty_zones_in_rows(
    area: Box, shelves: tuple[_Shelf, ...], typography: Typography
) -> tuple[_Shelf, ...]:
    """Return `shelves` with empty zones in as many rows as keep each word of their names whole.

    Empty zones share one row of the area's width while every share holds the
    widest word of each name (see `_zone_extents`); more of them, or narrower
    areas, would break words ("colocati" / "on"). Each row then takes the zones
    in order while their shares still hold those words; a word wider than the
    whole area breaks wherever it is.
    """
    spread: list[_Shelf] = []
    for shelf in shelves:
        if shelf.rows or len(shelf.clusters) < 2:
            spread.append(shelf)
            continue
        rows: list[list[_Cluster]] = [[]]
        widest = 0  # the widest word of a name in the row being filled
        for cluster in shelf.clusters:
            need = min(_widest_zone_word(cluster.spec, typography), area.width)
            count = len(rows[-1]) + 1
            share = (area.width - (count - 1) * SHELF_GAP) // count
            if rows[-1] and max(widest, need) > share:
                rows.append([cluster])
                widest = need
            else:
                rows[-1].append(cluster)
                widest = max(widest, need)
        spread += [_Shelf(tuple(clusters), 0) for clusters in rows]
    return tuple(spread)


def _column_starts(
    area: Box, columns: int, box_width: int, gaps: tuple[int, ...]
) -> tuple[int, ...]:
    """Return where each of `columns` columns starts: `gaps` apart, centred in the area."""
    inner_width = area.width - 2 * ZONE_PAD
    used_width = columns * box_width + sum(gaps)
    left = area.x + ZONE_PAD + max(0, (inner_width - used_width) // 2)
    return tuple(left + index * box_width + sum(gaps[:index]) for index in range(columns))


def _zone_extents(
    area: Box,
    shelves: Sequence[_Shelf],
    starts: tuple[int, ...],
    box_width: int,
    typography: Typography,
) -> tuple[tuple[tuple[int, int], ...], ...]:
    """Return each shelf's zones: where each starts and how wide it is.

    Empty zones share, in equal parts, the width the other zones span: a band
    across the whole area under a narrow diagram reads as a rule, not a zone.
    Where a share would break a word of a zone's name (even at a hyphen, as in
    "us-east-2"), they share the area's width.
    """
    extents: list[tuple[tuple[int, int], ...]] = []
    for shelf in shelves:
        spans: list[tuple[int, int]] = []
        # Empty zones (a shelf of no rows) take their widths below.
        clusters = shelf.clusters if shelf.rows else ()
        for cluster in clusters:
            start = starts[cluster.first_column] - ZONE_PAD
            end = starts[cluster.last_column] + box_width + ZONE_PAD
            spans.append((start, end - start))
        extents.append(_widened_for_titles(area, clusters, spans, typography))
    drawn = [span for spans in extents for span in spans]
    left = min((start for start, _ in drawn), default=area.x)
    right = max((start + width for start, width in drawn), default=area.right)
    for index, shelf in enumerate(shelves):
        if shelf.rows:
            continue
        count = len(shelf.clusters)
        share = (right - left - (count - 1) * SHELF_GAP) // max(1, count)
        if any(_widest_zone_word(cluster.spec, typography) > share for cluster in shelf.clusters):
            left, right = area.x, area.right
            share = (area.width - (count - 1) * SHELF_GAP) // max(1, count)
        extents[index] = tuple((left + i * (share + SHELF_GAP), share) for i in range(count))
    return tuple(extents)


def _widened_for_titles(
    area: Box,
    clusters: Sequence[_Cluster],
    spans: Sequence[tuple[int, int]],
    typography: Typography,
) -> tuple[tuple[int, int], ...]:
    """Return a shelf's zone `spans` widened where a zone's label would break an ordinary word.

    A zone of one column of narrow boxes may be narrower than a word of its name
    ("(continued)"): it grows to hold the word, evenly on both sides, or more on one
    where the other has less room, as far as the area and its neighbours leave room
    (`ZONE_CLEARANCE` from each). Words that may break inside (a URL, East Asian
    text) ask for no room.
    """
    widened = list(spans)
    for index, (cluster, (start, width)) in enumerate(zip(clusters, spans, strict=True)):
        grow = _title_word_room(cluster.spec, typography) - width
        if grow <= 0:
            continue
        low = widened[index - 1][0] + widened[index - 1][1] + ZONE_CLEARANCE if index else area.x
        high = spans[index + 1][0] - ZONE_CLEARANCE if index + 1 < len(spans) else area.right
        left_room, right_room = max(0, start - low), max(0, high - start - width)
        left = min(left_room, max(grow // 2, grow - right_room))
        right = min(right_room, grow - left)
        widened[index] = (start - left, width + left + right)
    return tuple(widened)


def _title_word_broken(
    shelves: Sequence[_Shelf],
    extents: Sequence[Sequence[tuple[int, int]]],
    typography: Typography,
) -> bool:
    """Return True when a zone holding boxes is too narrow, widened or not, for a word of its name.

    Such a layout does not fit: its label would break an ordinary word. A word
    wider than the widest box and its zone's padding breaks in some layouts
    whatever they do, and does not count.
    """
    widest = MAX_BOX_WIDTH + 2 * ZONE_PAD
    return any(
        width < _title_word_room(cluster.spec, typography) <= widest
        for shelf, spans in zip(shelves, extents, strict=True)
        if shelf.rows
        for cluster, (_, width) in zip(shelf.clusters, spans, strict=True)
    )


def _title_word_room(spec: ZoneSpec | None, typography: Typography) -> int:
    """Return how wide a zone must be for each word of its label no line may break inside."""
    if spec is None:
        return 0
    return _ordinary_words_room(spec.name, typography.zone_pt, typography.family)


@functools.lru_cache(maxsize=1024)
def _ordinary_words_room(name: str, font_pt: float, family: str | None) -> int:
    """Return `_title_word_room` of a zone named `name`, its label at `font_pt`."""
    # Keyed by plain values: every sizing of every layout asks, for every zone.
    widest = width_at(widest_ordinary_word(name, True, family), font_pt)
    return math.ceil(widest / WIDTH_SAFETY) + 2 * INSET_X if widest else 0


def _widest_zone_word(spec: ZoneSpec | None, typography: Typography) -> int:
    """Return how wide a zone must be for the widest word of its label to fit its line whole."""
    if spec is None:
        return 0
    widest = max(
        (
            text_width(word, typography.zone_pt, True, typography.family)
            for word in spec.name.split()
        ),
        default=0,
    )
    return math.ceil(widest / WIDTH_SAFETY) + 2 * INSET_X


@dataclass(frozen=True)
class _Geometry:
    """An arrangement placed at one column gap, its connectors routed but not labelled."""

    sizing: _Sizing
    nodes: dict[str, PlacedNode]
    zones: tuple[PlacedZone, ...]
    chosen: dict[int, Route]
    """Each drawn connector by its index among the drawn ones."""
    blocked: int
    parting: tuple[bool, bool, bool]
    """The `buses`, `resite` and `ends` its lines were parted with."""


@functools.lru_cache(maxsize=1024)
def _geometry(
    graph: Graph,
    area: Box,
    typography: Typography,
    column_items: tuple[tuple[str, int], ...],
    shelves: tuple[_Shelf, ...],
    row_items: tuple[tuple[str, int], ...],
    column_gap: int,
    separate: bool,
    label_room: tuple[int, ...] = (),
    title_room: _TitleRoom = (),
    buses: bool = False,
    resite: bool = False,
    ends: bool = False,
) -> _Geometry:
    """Return the boxes, zones and connectors of an arrangement; `_place` labels them.

    A draft and the labelled layout of one arrangement share this, as do the
    gaps and areas a search comes back to; nothing returned is changed after.
    A zone's label that lines pass at both corners is narrowed to the side of
    them with more room, where that keeps the type, rows and fit (see
    `_title_room_wanted`).
    """
    column, row = dict(column_items), dict(row_items)
    drawn = [e for e in graph.edges if e.source != e.target]
    arrangement = (column_items, shelves, row_items, column_gap)
    sizing = _sizing(graph, area, typography, *arrangement, label_room, title_room)
    titles = {zone_id: (width, at_end) for zone_id, width, at_end in title_room}
    box_width, row_gap = sizing.box_width, sizing.row_gap
    font_pt, row_heights = sizing.font_pt, sizing.row_heights
    texts, nodes_used = sizing.texts, sizing.nodes_used

    row_tops = [0]
    for height in row_heights:
        row_tops.append(row_tops[-1] + height + row_gap)

    nodes: dict[str, PlacedNode] = {}
    zones: list[PlacedZone] = []
    y = area.y
    row_offset = 0
    for shelf_index, (shelf, header) in enumerate(zip(sizing.shelves, sizing.headers, strict=True)):
        top = y + header + ZONE_PAD
        shelf_rows = row_heights[row_offset : row_offset + shelf.rows]
        rows_height = sum(shelf_rows) + max(0, shelf.rows - 1) * row_gap
        height = header + 2 * ZONE_PAD + rows_height
        for cluster, (x, width) in zip(shelf.clusters, sizing.extents[shelf_index], strict=True):
            title = titles.get(cluster.spec.id) if cluster.spec is not None else None
            zones.append(
                PlacedZone(cluster.spec, Box(x, y, width, height))
                if title is None
                else PlacedZone(
                    cluster.spec, Box(x, y, width, height), title[1], title_width=title[0]
                )
            )
        for node_id in shelf.members:
            node = nodes_used[node_id]
            box = Box(
                sizing.starts[column[node_id]],
                top + row_tops[row[node_id]] - row_tops[row_offset],
                box_width,
                row_heights[row[node_id]],
            )
            name_lines, tag_lines = texts[node_id]
            wrapped = [(line, font_pt) for line in name_lines]
            wrapped += [(line, typography.tag_pt) for line in tag_lines]
            nodes[node_id] = PlacedNode(
                node,
                box,
                tuple(name_lines),
                tuple(tag_lines),
                _placed_badge(node, box, typography, wrapped) if node.badge else None,
                column[node_id],
                row[node_id],
                text_low(node, box, font_pt, typography, (name_lines, tag_lines)),
            )
        row_offset += shelf.rows
        y += height + SHELF_GAP

    chosen = _routes(drawn, nodes)
    if separate:
        unmoved = nodes
        room = _nudge_room(shelves, nodes)
        parted, chosen = _separate_runs(drawn, nodes, chosen, room, resite=resite)
        if buses:
            nodes, chosen = _buses_parted(drawn, nodes, parted, chosen, room, zones, typography)
        else:
            nodes = parted
        if ends:
            nodes, chosen = _ends_parted(drawn, unmoved, nodes, chosen, room)
    _labels_clear_of(zones, list(chosen.values()), typography)
    blocked = _blocked(drawn, nodes, chosen)
    plain = _Geometry(sizing, nodes, tuple(zones), chosen, blocked, (buses, resite, ends))
    if title_room:
        return plain
    wanted = _title_room_wanted(plain, typography)
    if not wanted:
        return plain
    # Narrowed labels that cost the type, rows or fit are not taken: that shows in their
    # sizes alone, before the boxes are placed and their lines routed again.
    narrowed_sizing = _sizing(graph, area, typography, *arrangement, label_room, wanted)
    kept = (sizing.fits, sizing.font_pt, sizing.row_heights)
    if (narrowed_sizing.fits, narrowed_sizing.font_pt, narrowed_sizing.row_heights) != kept:
        return plain
    narrowed = _geometry(
        graph, area, typography, *arrangement, separate, label_room, wanted, buses, resite, ends
    )
    if narrowed.blocked > blocked or _titles_crossed(narrowed, typography) >= _titles_crossed(
        plain, typography
    ):
        return plain
    return narrowed


def _blocked(drawn: Sequence[Edge], nodes: dict[str, PlacedNode], chosen: dict[int, Route]) -> int:
    """Return how often a connector runs through a box other than its ends, or any badge."""
    badges = [placed.badge_box for placed in nodes.values() if placed.badge_box is not None]
    blocked = 0
    for index, edge in enumerate(drawn):
        points = chosen[index].points
        # A line may run into its own ends' boxes, not through their badges.
        blocked += _boxes_hit(points, nodes, (edge.source, edge.target))
        blocked += sum(1 for badge in badges if path_hits(points, badge))
    return blocked


def _buses_parted(
    drawn: Sequence[Edge],
    unmoved: dict[str, PlacedNode],
    nodes: dict[str, PlacedNode],
    chosen: dict[int, Route],
    room: dict[str, tuple[int, int]],
    zones: Sequence[PlacedZone],
    typography: Typography,
) -> tuple[dict[str, PlacedNode], dict[int, Route]]:
    """Return `nodes` and `chosen` with buses mixing arrows parted, where that costs nothing.

    The parting is kept only when no connector then runs through more boxes
    or zone titles than before.
    """
    # Boxes moved once already stay put (`unmoved` is where they stood).
    room = {key: (0, 0) if nodes[key] != unmoved[key] else room[key] for key in room}
    parted, resited = _separate_runs(drawn, nodes, chosen, room, strict=True)
    if resited == chosen:
        return nodes, chosen
    if _blocked(drawn, parted, resited) > _blocked(drawn, nodes, chosen):
        return nodes, chosen
    if _titles_left_crossed(zones, resited, typography) > _titles_left_crossed(
        zones, chosen, typography
    ):
        return nodes, chosen
    return parted, resited


def _titles_left_crossed(
    zones: Sequence[PlacedZone], chosen: dict[int, Route], typography: Typography
) -> int:
    """Return how many zone titles `chosen` runs through once titles move clear where they can."""
    routes = list(chosen.values())
    cleared = list(zones)
    _labels_clear_of(cleared, routes, typography)
    return sum(1 for zone in cleared if _title_crossed(zone, routes, typography))


_TitleRoom = tuple[tuple[str, int, bool], ...]
"""Zones whose labels wrap narrower than the zone: id, width, and whether at the right."""


def _titles_crossed(geometry: _Geometry, typography: Typography) -> int:
    """Return how many zones' labels a connector of `geometry` runs through."""
    routes = list(geometry.chosen.values())
    return sum(1 for zone in geometry.zones if _title_crossed(zone, routes, typography))


def _title_room_wanted(geometry: _Geometry, typography: Typography) -> _TitleRoom:
    """Return narrower widths for zone labels that lines pass at both corners.

    Lines straight down into a zone of one column pass through its label
    wherever it sits along the top; wrapped into the room left or right of
    those lines, it stays clear of them. Only lines crossing the zone's top
    are moved around: one running along it, or room too narrow for a word
    of the label, leaves the label as it is.
    """
    wanted: list[tuple[str, int, bool]] = []
    routes = list(geometry.chosen.values())
    runs: list[tuple[Point, Point]] = []
    for zone in geometry.zones:
        if zone.spec is None or not _title_crossed(zone, routes, typography):
            continue
        # Most layouts cross no title: the lines' runs are listed only when one does.
        runs = runs or [
            ((a[0], a[1]), (b[0], b[1]))
            for route in routes
            for a, b in itertools.pairwise(route.points)
        ]
        label = zone_label_box(zone, typography)
        # Wrapped, the label grows a line or so: lines across the band it may take count.
        band = (zone.box.x, zone.box.y, zone.box.right, zone.box.y + 2 * label.height)
        crossing = [run for run in runs if segment_hits_box(run, *band)]
        if any(a[1] == b[1] for a, b in crossing):
            continue
        xs = [a[0] for a, _ in crossing]
        left = min(xs) - zone.box.x - TITLE_LINE_CLEARANCE
        right = zone.box.right - max(xs) - TITLE_LINE_CLEARANCE
        room, at_right = (left, False) if left >= right else (right, True)
        at_end = at_right != is_right_to_left(zone.spec.name)
        words = breakable_words(zone.spec.name)
        if not words or any(
            INSET_X + text_width(word, typography.zone_pt, True, typography.family) > room
            for word in words
        ):
            continue
        wanted.append((zone.spec.id, room, at_end))
    return tuple(sorted(wanted))


@functools.lru_cache(maxsize=4096)
def _zone_header(spec: ZoneSpec | None, width: int, typography: Typography) -> int:
    """Return the height a zone's label takes above its boxes (0 for no zone)."""
    lines = _zone_label_lines(spec, width, typography)
    if not lines:
        return 0
    return len(lines) * line_height_for("".join(lines), typography.zone_pt) + INSET_Y


def _place(
    graph: Graph,
    area: Box,
    typography: Typography,
    column: dict[str, int],
    shelves: Sequence[_Shelf],
    row: dict[str, int],
    column_gap: int,
    separate: bool = False,
    labels: bool = True,
    buses: bool = False,
    resite: bool = False,
    ends: bool = False,
) -> DiagramLayout:
    """Return the geometry of an arrangement: sizes, boxes, zones, connectors, labels.

    With `separate`, boxes also move sideways to part connectors that would
    share a run; that is left to the chosen arrangement, being the slow part.
    Without `labels`, connector labels are left out (none counts as unplaced):
    a draft that says whether the arrangement fits and what its connectors run
    through, which is all some choices need. Labels that find no place may get
    their gaps widened from spare width (see `_label_room_wanted`); the layout
    as first placed is then kept as `plain`, for stubs that need that width.
    """
    self_loops = [e for e in graph.edges if e.source == e.target]
    arrangement = (column, tuple(shelves), row, column_gap)
    arrangement_items = (tuple(column.items()), tuple(shelves), tuple(row.items()))
    geometry = _geometry(
        graph,
        area,
        typography,
        *arrangement_items,
        column_gap,
        separate,
        buses=buses,
        resite=resite,
        ends=ends,
    )
    if not labels:
        return _laid_out(geometry, area, typography, self_loops, arrangement, labels=False)
    placed = _laid_out(geometry, area, typography, self_loops, arrangement)
    label_room = _label_room_wanted(geometry, placed.unplaced_labels, typography)
    if not label_room:
        return placed
    # Gaps widened for the labels left out, from room the boxes leave spare: kept when
    # more labels find a place and nothing else reads worse.
    roomier_geometry = _geometry(
        graph,
        area,
        typography,
        *arrangement_items,
        column_gap,
        separate,
        label_room,
        buses=buses,
        resite=resite,
        ends=ends,
    )
    if roomier_geometry.sizing.gaps == geometry.sizing.gaps:
        return placed
    roomier = _laid_out(roomier_geometry, area, typography, self_loops, arrangement)
    if (
        len(roomier.unplaced_labels) < len(placed.unplaced_labels)
        and roomier.blocked <= placed.blocked
        and len(_ambiguous(roomier_geometry.chosen)) <= len(_ambiguous(geometry.chosen))
        and (crosses_zone_labels(placed) or not crosses_zone_labels(roomier))
    ):
        return replace(roomier, plain=placed.plain or placed)
    return placed


def _laid_out(
    geometry: _Geometry,
    area: Box,
    typography: Typography,
    self_loops: list[Edge],
    arrangement: tuple[dict[str, int], tuple[_Shelf, ...], dict[str, int], int],
    labels: bool = True,
) -> DiagramLayout:
    """Return the layout of `geometry`, its connector labels placed unless `labels` is False.

    When some labels found a place only out in the open beside their lines,
    the layout without them is kept as `plain`: stubs may need that space.
    """
    if not labels:
        routes = [geometry.chosen[index] for index in range(len(geometry.chosen))]
        return _layout_of(geometry, area, typography, self_loops, arrangement, routes, [])
    labelled = list(_labelled_routes(geometry, area, typography, arrangement[3]))
    routes = [route for route, _, _ in labelled]
    unplaced = [route.edge for route, placed, _ in labelled if not placed]
    layout = _layout_of(geometry, area, typography, self_loops, arrangement, routes, unplaced)
    if any(in_open for _, _, in_open in labelled):
        in_gaps = [
            geometry.chosen[index] if in_open else route
            for index, (route, _, in_open) in enumerate(labelled)
        ]
        left_out = [route.edge for route, placed, in_open in labelled if in_open or not placed]
        layout.plain = _layout_of(
            geometry, area, typography, self_loops, arrangement, in_gaps, left_out
        )
    return layout


def _layout_of(
    geometry: _Geometry,
    area: Box,
    typography: Typography,
    self_loops: list[Edge],
    arrangement: tuple[dict[str, int], tuple[_Shelf, ...], dict[str, int], int],
    routes: list[Route],
    unplaced: list[Edge],
) -> DiagramLayout:
    """Return the layout of `geometry` drawn with `routes`, the labels of `unplaced` left out."""
    return DiagramLayout(
        area=area,
        nodes=dict(geometry.nodes),
        zones=list(geometry.zones),
        routes=routes,
        font_pt=geometry.sizing.font_pt,
        typography=typography,
        fits=geometry.sizing.fits,
        self_loops=self_loops,
        unplaced_labels=unplaced,
        blocked=geometry.blocked,
        arrangement=arrangement,
        parting=geometry.parting,
    )


def _label_room_wanted(
    geometry: _Geometry, unplaced: Sequence[Edge], typography: Typography
) -> tuple[int, ...]:
    """Return how wide each gap after a column must be for its labels left out, on one line.

    Gaps wide enough already, and every gap when no such label lies between
    neighbouring columns, want 0 (then the result is empty). A label goes
    beside its line, inside the gap the line crosses; a bent line's middle run
    sits halfway across its gap and parts it in two, so a label there has half.
    """
    if not unplaced:
        return ()
    nodes = geometry.nodes
    gaps = geometry.sizing.gaps
    wanted = [0] * len(gaps)
    missing = {(edge.source, edge.target) for edge in unplaced}

    def ends(route: Route) -> tuple[int, int]:
        return nodes[route.edge.source].column, nodes[route.edge.target].column

    halved = {
        min(ends(route))
        for route in geometry.chosen.values()
        if route.bent and abs(ends(route)[0] - ends(route)[1]) == 1
    }
    for route in geometry.chosen.values():
        edge = route.edge
        first, second = ends(route)
        if (edge.source, edge.target) not in missing or abs(first - second) != 1:
            continue
        if route.start_site not in (SITE_LEFT, SITE_RIGHT):
            continue
        need = _gap_need(
            text_width(edge.label, typography.label_pt, family=typography.family),
            nodes[edge.source].node.zone != nodes[edge.target].node.zone,
            halved=route.bent or min(first, second) in halved,
        )
        pair = min(first, second)
        if need > gaps[pair]:
            wanted[pair] = max(wanted[pair], need)
    return tuple(wanted) if any(wanted) else ()


def _roomier_gaps(gaps: tuple[int, ...], wanted: tuple[int, ...], spare: int) -> tuple[int, ...]:
    """Return `gaps` widened to `wanted` from `spare` room, smallest shortfall first, only whole."""
    widened = list(gaps)
    for shortfall, pair in sorted(
        (want - gap, pair)
        for pair, (gap, want) in enumerate(zip(gaps, wanted, strict=True))
        if want > gap
    ):
        if shortfall > spare:
            break  # the rest fall shorter still
        widened[pair] += shortfall
        spare -= shortfall
    return tuple(widened)


def _labelled_routes(
    geometry: _Geometry,
    area: Box,
    typography: Typography,
    column_gap: int,
    in_the_open: bool = True,
) -> Iterator[tuple[Route, bool, bool]]:
    """Yield each drawn connector of `geometry` with its label placed if it can be, in order,
    whether a label it has found a place (labels left out go to the notes), and whether
    that place is out in the open rather than in a gap its line crosses.

    Labels are first placed in the gaps their lines cross; those that find no
    place there then try the open space beside their lines (`_free_label_widths`),
    so a label out in the open never takes a place a gap's label needed. Without
    `in_the_open`, only gaps are tried, each connector yielded as soon as it is labelled.
    """
    chosen, box_width = geometry.chosen, geometry.sizing.box_width
    # Gaps widened for labels take width from others: a label measures against the narrowest.
    narrowest = min(geometry.sizing.gaps, default=column_gap)
    zone_boxes = [zone.box for zone in geometry.zones if zone.spec is not None]
    # Other connectors are in the way of a label too: a label on a line reads as that line's.
    runs = [
        (index, _run_box(a, b))
        for index, route in chosen.items()
        for a, b in itertools.pairwise(route.points)
    ]
    nodes = geometry.nodes.values()
    blockers = [p.box for p in nodes]
    blockers += [p.badge_box for p in nodes if p.badge_box is not None]
    # A label just beside a zone's title, even clear of it, reads as part of it.
    blockers += [
        _title_clearance(zone, typography) for zone in geometry.zones if zone.spec is not None
    ]
    placed: dict[int, tuple[Box, list[str]]] = {}
    in_open: set[int] = set()

    def place(index: int, rooms: Iterable[int], within: Box, spots: tuple[float, ...]) -> None:
        route = chosen[index]
        label = route.edge.label
        tried: list[list[str]] = []
        for room in rooms:
            # Words are measured before the label is wrapped: wrapping a word too long for
            # the room breaks it, the slow way.
            if not _longest_word_fits(
                label, room, typography.label_pt, False, family=typography.family
            ):
                continue
            lines = wrap(label, room, typography.label_pt, family=typography.family)
            if len(lines) > 3 or lines in tried:
                continue
            if not tried:
                others = [box for owner, box in runs if owner != index]
                other_runs = [
                    run
                    for owner, other in chosen.items()
                    if owner != index
                    for run in itertools.pairwise(other.points)
                ]
            tried.append(lines)
            label_box = place_label(
                route, lines, typography, blockers + others, within, zone_boxes, other_runs, spots
            )
            if label_box is not None:
                # Labels side by side on one row would read as one phrase: keep a word apart.
                blockers.append(label_ink(label_box).inset(-LABEL_SPACING, 0))
                placed[index] = (label_box, lines)
                return

    def in_its_gap(index: int) -> None:
        place(
            index,
            _label_rooms(chosen[index], geometry.nodes, narrowest, box_width),
            area,
            LABEL_SPOTS,
        )

    labelled = [index for index in range(len(chosen)) if chosen[index].edge.label]
    if in_the_open:
        for index in labelled:
            in_its_gap(index)
        # Out in the open, a label keeps within the boxes and zones drawn: the space
        # around them is for the stubs of connections a split cuts.
        drawn = [p.box for p in nodes] + [zone.box for zone in geometry.zones]
        body = _around(drawn) if drawn else area
        for index in labelled:
            if index not in placed:
                widths = _free_label_widths(
                    chosen[index].edge.label, typography.label_pt, typography.family
                )
                # Only a state drawn whole (see `Typography.roomy_gaps`) has no stubs.
                spots = LABEL_SPOTS if typography.roomy_gaps else PART_OPEN_LABEL_SPOTS
                place(index, widths, body, spots)
                if index in placed:
                    in_open.add(index)
    for index in range(len(chosen)):
        route = chosen[index]
        if not in_the_open and route.edge.label:
            in_its_gap(index)
        # A two-way connector may be drawn from its other end, its label turned with it.
        if not route.edge.label:
            yield route, True, False
        elif index not in placed:
            yield route, False, False
        else:
            label_box, lines = placed[index]
            yield (
                Route(
                    route.edge,
                    route.start_site,
                    route.end_site,
                    route.bent,
                    route.points,
                    label_box,
                    tuple(lines),
                ),
                True,
                index in in_open,
            )


@functools.lru_cache(maxsize=4096)
def _free_label_widths(label: str, font_pt: float, family: str | None) -> tuple[int, ...]:
    """Return the widths that wrap `label` on one line, then on two, for room outside its gap.

    A label that fits no gap its line crosses may still find open space beside
    its line, as beside a long run past the boxes: `place_label` keeps it clear
    of everything and beside its own line, so these are tried last.
    """
    words = breakable_words(label)
    widths = [_label_width_for(text_width(label, font_pt, family=family))]
    if len(words) > 1:
        widths.append(_label_width_for(_narrowest_two_lines(words, font_pt, family)))
    return tuple(widths)


def _narrowest_two_lines(words: Sequence[str], font_pt: float, family: str | None) -> int:
    """Return the width of the wider line when `words` are cut into two lines as evenly as can be.

    The first line only widens as the cut moves on and the second only narrows,
    so the best cut is where the first becomes at least as wide as the second,
    or the one before it: found by halving, a long label measured a few times
    rather than once per word (which took minutes for a pasted paragraph).
    """

    def lines(cut: int) -> tuple[int, int]:
        first = text_width(" ".join(words[:cut]), font_pt, family=family)
        return first, text_width(" ".join(words[cut:]), font_pt, family=family)

    low, high = 1, len(words) - 1
    while low < high:
        middle = (low + high) // 2
        first, second = lines(middle)
        if first >= second:
            high = middle
        else:
            low = middle + 1
    wider = max(lines(low))
    return min(wider, max(lines(low - 1))) if low > 1 else wider


def _label_width_for(text_width_emu: int) -> int:
    """Return the width `wrap` needs to keep a line `text_width_emu` wide whole."""
    return math.ceil(text_width_emu / WIDTH_SAFETY) + 1


def _label_rooms(
    route: Route, nodes: dict[str, PlacedNode], column_gap: int, box_width: int
) -> list[int]:
    """Return the widths `route`'s label is wrapped to in turn, widest first.

    The widest is the gap its line crosses (or, beside a line straight down,
    a box): boxes spread wider than the column gap, as zones packed in rows
    spread theirs, leave their labels more room. A label between two zones
    keeps out of both, and one beside a bent line's middle run, halfway
    across the gap, has half of it: narrower wraps fit there.
    """
    if route.start_site not in (SITE_LEFT, SITE_RIGHT):
        return [max(1, box_width - pt(6))]
    gap = max(column_gap, abs(route.points[-1][0] - route.points[0][0]))
    rooms = [gap - LABEL_MARGIN]
    between = gap
    if nodes[route.edge.source].node.zone != nodes[route.edge.target].node.zone:
        between -= 2 * ZONE_PAD
        rooms.append(between - LABEL_MARGIN)
    if route.bent:
        rooms.append(between // 2 - pt(4))
    return [max(1, room) for room in rooms]


def _size_boxes(
    graph: Graph,
    box_width: int,
    row: tuple[tuple[str, int], ...],
    rows: int,
    available: int,
    typography: Typography,
) -> tuple[float, list[int], bool, dict[str, tuple[list[str], list[str]]], dict[str, Node]]:
    """Return font size, row heights, whether all fits, wrapped texts and the nodes as shown.

    Compact tags are used when they allow larger type or make the boxes fit at
    all; minimal tags only when nothing else makes the boxes fit.
    """
    first = _size_with(graph, 0, box_width, row, rows, available, typography)
    if (first[2] and first[0] >= typography.max_pt) or all(
        node.tag == node.compact_tag == node.minimal_tag for node in graph.nodes
    ):
        return (*first, {node.id: node for node in graph.nodes})
    best = (*first, {node.id: node for node in graph.nodes})
    compact, minimal = _tag_variants(graph)
    if any(node.tag != node.compact_tag for node in graph.nodes):
        second = _size_with(graph, 1, box_width, row, rows, available, typography)
        if (second[2], second[0]) > (first[2], first[0]):
            best = (*second, {node.id: node for node in compact})
    if best[2] or all(node.compact_tag == node.minimal_tag for node in graph.nodes):
        return best
    third = _size_with(graph, 2, box_width, row, rows, available, typography)
    if third[2]:
        return (*third, {node.id: node for node in minimal})
    return best


def _tagged(graph: Graph, variant: int) -> tuple[Node, ...]:
    """Return the graph's nodes with full (0), compact (1) or minimal (2) tags."""
    return graph.nodes if variant == 0 else _tag_variants(graph)[variant - 1]


@functools.lru_cache(maxsize=256)
def _tag_variants(graph: Graph) -> tuple[tuple[Node, ...], tuple[Node, ...]]:
    """Return the graph's nodes with compact tags, and with minimal tags."""
    compact = tuple(replace(node, tag=node.compact_tag) for node in graph.nodes)
    minimal = tuple(replace(node, tag=node.minimal_tag) for node in graph.nodes)
    return compact, minimal


def _size_with(
    graph: Graph,
    variant: int,
    box_width: int,
    row: tuple[tuple[str, int], ...],
    rows: int,
    available: int,
    typography: Typography,
) -> tuple[float, list[int], bool, dict[str, tuple[list[str], list[str]]]]:
    """Return the largest common font size at which every row fits `available` height.

    The boxes show the graph's nodes with the tags of `variant` (see `_tagged`).
    Boxes of one row share a height (the tallest text in it plus a little air);
    rows differ, so a row of short names does not pay for one long name elsewhere.
    Sizes go in half points; a larger size never needs less room, so the
    largest that fits is found by bisection.
    """
    sizes = _type_sizes(typography)
    rows_of = dict(row)
    nodes = _tagged(graph, variant)

    def attempt(size: float) -> tuple[bool, list[int], dict[str, tuple[list[str], list[str]]]]:
        if size != sizes[-1] and not _words_fit_at(graph, variant, box_width, size, typography):
            # Such a size loses, and only the smallest's texts are kept when none fits:
            # wrapping names it would break is the slow part, so they are not wrapped.
            return False, [], {}
        words_fit, heights, texts = _texts_at(graph, variant, box_width, size, typography)
        needed = [0] * rows
        for node, height in zip(nodes, heights, strict=True):
            at = rows_of[node.id]
            if height > needed[at]:
                needed[at] = height
        row_heights = [max(h + pt(2), MIN_BOX_HEIGHT) if h else pt(20) for h in needed]
        return words_fit and sum(row_heights) <= available, row_heights, texts

    first = attempt(sizes[0])
    if first[0]:
        return sizes[0], first[1], True, first[2]
    last = attempt(sizes[-1])
    if not last[0] or len(sizes) < 3:
        return sizes[-1], last[1], last[0], last[2]
    # sizes[high] fits, sizes[low] does not: narrow the gap between them.
    low, high, found = 0, len(sizes) - 1, last
    while high - low > 1:
        middle = (low + high) // 2
        trial = attempt(sizes[middle])
        if trial[0]:
            high, found = middle, trial
        else:
            low = middle
    return sizes[high], found[1], True, found[2]


@functools.lru_cache(maxsize=64)
def _type_sizes(typography: Typography) -> tuple[float, ...]:
    """Return the type sizes boxes may take, largest first, in half points down to the minimum."""
    steps = max(0, math.floor((typography.max_pt - typography.min_pt) * 2 + 1e-9))
    sizes = [typography.max_pt] + [
        max(typography.min_pt, round(typography.max_pt - 0.5 * (k + 1), 4)) for k in range(steps)
    ]
    if sizes[-1] != typography.min_pt:
        sizes.append(typography.min_pt)
    return tuple(sizes)


@functools.lru_cache(maxsize=4096)
def _texts_at(
    graph: Graph, variant: int, box_width: int, size: float, typography: Typography
) -> tuple[bool, tuple[int, ...], dict[str, tuple[list[str], list[str]]]]:
    """Return whether every word fits at `size`, each box's text height and its wrapped texts.

    None of it depends on rows or the height available, so the arrangements
    and areas of one box width share it.
    """
    tag_pt, min_pt = typography.tag_pt, typography.min_pt
    texts: dict[str, tuple[list[str], list[str]]] = {}
    heights: list[int] = []
    words_fit = True
    for node in _tagged(graph, variant):
        height, name_lines, tag_lines, fits = _node_text(
            node, box_width, size, tag_pt, min_pt, typography
        )
        words_fit = words_fit and fits
        texts[node.id] = (list(name_lines), list(tag_lines))
        heights.append(height)
    return words_fit, tuple(heights), texts


@functools.lru_cache(maxsize=16384)
def _node_text(
    node: Node,
    box_width: int,
    size: float,
    tag_pt: float,
    min_pt: float,
    typography: Typography,
) -> tuple[int, tuple[str, ...], tuple[str, ...], bool]:
    """Return a box's height for its text at `size`, the wrapped lines, and whether words fit.

    Layouts try the same boxes at the same widths and sizes many times; this is pure.
    """
    inner = box_text_width(box_width)
    family = typography.family
    height, name_lines, tag_lines = _text_block_height(
        node.name, node.tag, inner, size, tag_pt, family
    )
    # A badge covers the top-right corner: the text needs room under it only.
    # Centred text gets it from a taller row, or sits at the bottom (`text_low`).
    height += _badge_margin(node, box_width, size, tag_pt, typography, name_lines, tag_lines)
    # Corners bite by the shorter side, which is usually the height.
    height += 2 * rounded_corner_inset(min(box_width, height * 6 // 5))
    return height, name_lines, tag_lines, _node_words_fit(node, inner, size, tag_pt, min_pt, family)


def _node_words_fit(
    node: Node, inner: int, size: float, tag_pt: float, min_pt: float, family: str | None
) -> bool:
    """Return whether a box's name at `size` and tag keep their words whole `inner` wide."""
    return _longest_word_fits(node.name, inner, size, True, min_pt, family) and _longest_word_fits(
        node.tag, inner, tag_pt, True, min_pt, family
    )


def box_text_width(box_width: int) -> int:
    """Return the width a box `box_width` wide leaves its text, inside its insets and corners."""
    return max(1, box_width - 2 * INSET_X - 2 * rounded_corner_inset(box_width))


@functools.lru_cache(maxsize=4096)
def _words_fit_at(
    graph: Graph, variant: int, box_width: int, size: float, typography: Typography
) -> bool:
    """Return whether every box keeps its words whole at `size`, as `_texts_at` says, unwrapped."""
    inner = box_text_width(box_width)
    tag_pt, min_pt, family = typography.tag_pt, typography.min_pt, typography.family
    return all(
        _node_words_fit(node, inner, size, tag_pt, min_pt, family)
        for node in _tagged(graph, variant)
    )


def _badge_margin(
    node: Node,
    box_width: int,
    size: float,
    tag_pt: float,
    typography: Typography,
    name_lines: Sequence[str],
    tag_lines: Sequence[str],
) -> int:
    """Return the room a box's wrapped text needs above it to stay clear of its badge."""
    if not node.badge:
        return 0
    lines = [(line, size) for line in name_lines]
    lines += [(line, tag_pt) for line in tag_lines]
    margin = badge_intrusion(node, typography, box_width, lines)
    if not margin:
        # A renderer that ignores the corner inset puts more on the first
        # line than we did; the badge must clear that line too.
        wide = wrap(node.name, box_width - 2 * INSET_X, size, True, typography.family)
        margin = badge_intrusion(node, typography, box_width, [(wide[0], size)])
    return margin


def text_low(
    node: Node,
    box: Box,
    size: float,
    typography: Typography,
    lines: tuple[Sequence[str], Sequence[str]],
) -> bool:
    """Return True when a box's text must sit at its bottom: centred, it would meet the badge.

    A row is as tall as its tallest box; a box whose text leaves less than its
    badge's margin above it when centred puts the text at the bottom instead.
    """
    margin = _badge_margin(node, box.width, size, typography.tag_pt, typography, *lines)
    if not margin:
        return False
    needed = _node_text(node, box.width, size, typography.tag_pt, typography.min_pt, typography)[0]
    # Centred, the text has half the spare height above it on top of its own share.
    return box.height - needed < margin


def forget_arrangements() -> None:
    """Forget the arrangements, orderings and sizes remembered so far.

    A state is laid out into several areas that share most of that work, so it
    is kept between layouts; a new build (or a timing that must start cold)
    starts from nothing, which also keeps memory bounded by one build.
    """
    for cache in (
        _ordered_rows,
        _frozen_sideways,
        _frozen_packings,
        _packings_at_width,
        _frozen_aligned,
        _without_empty_columns,
        _pinned_groups,
        _local_ranks,
        _connections_by_kind,
        _side_in_and_out,
        _stacked_cost,
        _sizing,
        _gaps_between_columns,
        _geometry,
        _tag_variants,
        _texts_at,
        _words_fit_at,
        _type_sizes,
        _zone_header,
        _ordinary_words_room,
        _narrow_title_extent,
        _folded_columns,
        _least_height_at,
        _least_box_heights,
        _least_box_heights_at_any_gap,
        _narrowest_box,
        _widest_label,
        _points_along,
        _traced,
        _straight_runs,
        _compositions,
    ):
        cache.cache_clear()


# ---------------------------------------------------------------- free space


def _obstacles(layout: DiagramLayout, margin: int, *, zones: bool = True) -> list[Box]:
    """Return everything drawn in `layout`, each grown by `margin`, connectors as thin boxes.

    Without `zones`, a zone's title is in the way but not the rest of its area.
    """
    if zones:
        drawn = [zone.box for zone in layout.zones if zone.spec is not None]
    else:
        drawn = [
            zone_label_box(zone, layout.typography)
            for zone in layout.zones
            if zone.spec is not None
        ]
    drawn += [placed.box for placed in layout.nodes.values()]
    drawn += [p.badge_box for p in layout.nodes.values() if p.badge_box is not None]
    drawn += [route.label_box for route in layout.routes if route.label_box is not None]
    for route in layout.routes:
        for (x0, y0), (x1, y1) in itertools.pairwise(route.points):
            drawn.append(Box(min(x0, x1), min(y0, y1), abs(x1 - x0), abs(y1 - y0)))
    return [
        Box(box.x - margin, box.y - margin, box.width + 2 * margin, box.height + 2 * margin)
        for box in drawn
    ]


def free_areas(
    layout: DiagramLayout, within: Box, min_width: int, min_height: int, margin: int
) -> list[Box]:
    """Return the empty rectangles of `within` that nothing in `layout` comes near, largest first.

    Rectangles span between edges of what is drawn (or of `within`); each is
    as tall as the free run allows, and at least `min_width` by `min_height`.
    """
    return _free_rectangles(_obstacles(layout, margin), within, min_width, min_height)


def free_areas_in_zones(
    layout: DiagramLayout, min_width: int, min_height: int, margin: int
) -> list[Box]:
    """Return the empty rectangles inside zones that nothing in them comes near, largest first.

    Each lies inside one zone, `margin` from its edges, its title and what it holds.
    """
    obstacles = _obstacles(layout, margin, zones=False)
    found: list[Box] = []
    for zone in layout.zones:
        if zone.spec is None:
            continue
        inner = Box(
            zone.box.x + margin,
            zone.box.y + margin,
            max(0, zone.box.width - 2 * margin),
            max(0, zone.box.height - 2 * margin),
        )
        found += _free_rectangles(obstacles, inner, min_width, min_height)
    return sorted(found, key=lambda box: (-box.width * box.height, box.y, box.x))


def _free_rectangles(
    obstacles: Sequence[Box], within: Box, min_width: int, min_height: int
) -> list[Box]:
    """Return the rectangles of `within` clear of `obstacles` and large enough, largest first."""
    obstacles = [box for box in obstacles if box.overlaps(within)]
    xs = sorted(
        {within.x, within.right}
        | {x for box in obstacles for x in (box.x, box.right) if within.x < x < within.right}
    )
    # Sorted once, top first (a stable sort, so ties keep their order); each
    # strip between two edges then walks the obstacles it meets from the top.
    spans = [(b.x, b.right, b.y, b.bottom) for b in sorted(obstacles, key=lambda b: b.y)]
    found: set[Box] = set()
    for left_index, left in enumerate(xs):
        for right in xs[left_index + 1 :]:
            if right - left < min_width:
                continue
            top = within.y
            for x, box_right, y, bottom in spans:
                if x < right and left < box_right:
                    if y - top >= min_height:
                        found.add(Box(left, top, right - left, y - top))
                    if bottom > top:
                        top = bottom
            if within.bottom - top >= min_height:
                found.add(Box(left, top, right - left, within.bottom - top))
    return sorted(found, key=lambda box: (-box.width * box.height, box.y, box.x))
