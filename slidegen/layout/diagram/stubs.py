"""Stubs for connections cut by a split: a short attached line to a label naming the far end.

When a state is split over slides, a connection whose ends land on different
slides is drawn on both: on the source's slide a line leaves the source box
for a stub reading "→ Target (part 2/3)", on the target's slide a stub
reading "Source (part 1/3) →" points into the target box. A box with several
cut connections gets one stub listing them all, a line per far end: one
reached both ways reads "↔ Other (part 3/3)". A stub is placed
straight out from one of its box's connection sites (so its line has no bend
and no diagonal), as far out as it can go, towards the diagram's edge, and
only where neither the stub nor its line meets a box, a text or another line.
"""

from __future__ import annotations

import heapq
import itertools
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Final

from slidegen.layout.context import Box
from slidegen.layout.diagram.geometry import (
    SITE_BOTTOM,
    SITE_LEFT,
    SITE_RIGHT,
    SITE_TOP,
    DiagramLayout,
    Point,
    site_point,
    zone_label_box,
)
from slidegen.layout.diagram.measures import (
    TOLERANCE,
    near_line,
    segment_hits_box,
    shared_length,
)
from slidegen.layout.text import INSET_X, INSET_Y, line_height_for, text_width, wrap
from slidegen.units import pt

STUB_MAX_WIDTH: Final = pt(170)
"""Longer stub texts wrap, so one long name does not run across the diagram."""
STUB_WIDTHS: Final = (STUB_MAX_WIDTH, pt(110), pt(80))
"""Widest first: a stub wraps narrower only where no wider one fits."""
STUB_MIN_REACH: Final = pt(10)
"""The shortest line between a box and its stub, so the arrow head shows."""
STUB_STEP: Final = pt(6)
"""How far apart the tried stub positions along a line are."""
CLEARANCE: Final = pt(3)
"""Room kept between a stub and anything else."""
JOG_STEP: Final = pt(8)
"""How far apart the tried heights of a stub beside its box are."""
TRACK_GAP: Final = pt(3)
"""Parallel lines nearer than this read as one."""
MAX_CANDIDATES: Final = 800
"""Places tried per site; the shortest lines come first."""
JOG_COST: Final = pt(40)
"""How much longer a straight line may be and still be preferred to a line with a jog."""
LINE_COST: Final = pt(12)
"""How much longer a line may be to keep a stub's text on fewer lines."""

OPPOSITE: Final = {
    SITE_TOP: SITE_BOTTOM,
    SITE_BOTTOM: SITE_TOP,
    SITE_LEFT: SITE_RIGHT,
    SITE_RIGHT: SITE_LEFT,
}
OUTGOING_SITES: Final = (SITE_RIGHT, SITE_BOTTOM, SITE_TOP, SITE_LEFT)
SIDE_SITES: Final = (SITE_LEFT, SITE_RIGHT)
NEVER: Final = 1 << 62
"""A reach no stub gets to: stubs at a height marked with it are all in the way."""
INCOMING_SITES: Final = (SITE_LEFT, SITE_TOP, SITE_BOTTOM, SITE_RIGHT)


@dataclass(frozen=True)
class StubRequest:
    """The cut connections of one box on this slide: one stub listing their far ends.

    The line always runs from the box to the stub, with an arrow at the stub
    when a listed connection leaves the box and one at the box when one arrives.
    """

    node_id: str
    text: str
    outgoing: bool
    incoming: bool


@dataclass(frozen=True)
class PlacedStub:
    """A stub placed: its box, wrapped text, the line's path and the sites it joins."""

    request: StubRequest
    box: Box
    lines: tuple[str, ...]
    node_site: int
    stub_site: int
    points: tuple[Point, ...]
    """The line's path from the box to the stub: straight, or with one vertical jog."""
    zone_id: str | None
    """The zone the stub lies in, or None when it lies outside every zone."""


def stub_size(
    text: str, font_pt: float, max_width: int = STUB_MAX_WIDTH, family: str | None = None
) -> tuple[tuple[str, ...], int, int]:
    """Return the wrapped lines of a stub's text in `family` and the stub's width and height."""

    def width_of(line: str) -> int:
        # Slack, so no renderer wraps a line the metrics say fits.
        return text_width(line, font_pt, family=family) + 2 * INSET_X + pt(8)

    width = min(max_width, max(width_of(line) for line in text.split("\n")))
    lines = tuple(wrap(text, max(1, width - 2 * INSET_X), font_pt, family=family))
    width = min(width, max(width_of(line) for line in lines))
    height = len(lines) * line_height_for(text, font_pt) + 2 * INSET_Y
    return lines, width, height


def _grown(box: Box, by: int) -> Box:
    return Box(box.x - by, box.y - by, box.width + 2 * by, box.height + 2 * by)


def stub_footprint(stub: PlacedStub, margin: int) -> list[Box]:
    """Return the stub's box and each run of its line as boxes, each grown by `margin`."""
    runs = [_segment_box(run) for run in itertools.pairwise(stub.points)]
    return [_grown(box, margin) for box in (stub.box, *runs)]


def _stub_box(site: int, start: Point, reach: int, width: int, height: int) -> Box:
    """Return the stub box whose facing site lies `reach` away from `start`, outwards of `site`."""
    x, y = start
    if site == SITE_RIGHT:
        return Box(x + reach, y - height // 2, width, height)
    if site == SITE_LEFT:
        return Box(x - reach - width, y - height // 2, width, height)
    if site == SITE_BOTTOM:
        return Box(x - width // 2, y + reach, width, height)
    return Box(x - width // 2, y - reach - height, width, height)


def _longest_reach(site: int, start: Point, area: Box, width: int, height: int) -> int:
    """Return how far out of `site` a stub can go before leaving `area`."""
    x, y = start
    room = {
        SITE_RIGHT: area.right - x - width,
        SITE_LEFT: x - area.x - width,
        SITE_BOTTOM: area.bottom - y - height,
        SITE_TOP: y - area.y - height,
    }[site]
    return int(room)


def diagram_texts(layout: DiagramLayout) -> list[Box]:
    """Return where a diagram's badges, connector labels and zone titles are."""
    texts = [p.badge_box for p in layout.nodes.values() if p.badge_box is not None]
    texts += [r.label_box for r in layout.routes if r.label_box is not None]
    texts += [zone_label_box(z, layout.typography) for z in layout.zones if z.spec is not None]
    return texts


def place_stubs(
    layout: DiagramLayout,
    wanted: Sequence[StubRequest],
    area: Box,
    others: Sequence[Box] = (),
    *,
    all_or_nothing: bool = False,
    lines: Sequence[tuple[Point, Point]] = (),
) -> list[PlacedStub | None]:
    """Return where in `area` each wanted stub goes, or None where no clean place exists.

    `area` holds the diagram and may be larger; `others` are the other texts
    on the slide (lists of pain points, the legend) that stubs must keep clear of,
    and `lines` the runs of other lines on it (those joining two halves of a slide).
    With `all_or_nothing`, the first stub without a place ends the search: the
    ones after it are None too (asking whether all fit need not place the rest).
    """
    typography = layout.typography
    font_pt = typography.label_pt
    zones = [(z.spec.id, z.box) for z in layout.zones if z.spec is not None]
    node_boxes = {key: placed.box for key, placed in layout.nodes.items()}
    texts = diagram_texts(layout) + list(others)
    segments = [
        (a, b)
        for route in layout.routes
        for a, b in zip(route.points, route.points[1:], strict=False)
    ]
    segments += lines
    stubs: list[Box] = []
    placed: list[PlacedStub | None] = []
    for request in wanted:
        found = _place_one(
            request, area, zones, node_boxes, texts, stubs, segments, font_pt, typography.family
        )
        placed.append(found)
        if found is None and all_or_nothing:
            return placed + [None] * (len(wanted) - len(placed))
        if found is not None:
            stubs.append(found.box)
            segments += itertools.pairwise(found.points)
    return placed


def _candidates(
    site: int,
    start: Point,
    area: Box,
    width: int,
    height: int,
    blocked: dict[int, int] | None = None,
    extra: int = 0,
) -> Iterator[tuple[int, Point, tuple[Point, ...]]]:
    """Yield stub corners out of `site` with the length of and path to each, shortest first.

    Out of a side site the line may jog once up or down (a bent connector
    draws horizontal, vertical, horizontal), so a stub can reach free room
    beside a crowded row; out of a top or bottom site it runs straight.
    Paths of one length come nearest reach first, then the jog down before
    the jog up. At most `MAX_CANDIDATES` are offered, made only as they are asked for;
    those known to be in the way (`blocked` holds, per shift, the reach a stub must
    pass to clear what blocked it) count but are left out. Each length comes with
    `extra` added (what the stub's text costs); a stub's box is its corner and
    the `width` and `height` asked for.
    """
    blocked = {} if blocked is None else blocked
    longest = _longest_reach(site, start, area, width, height)
    reaches = range(STUB_MIN_REACH, longest + 1, STUB_STEP)
    if not reaches:
        return
    shifts: list[int] = []
    if site in (SITE_LEFT, SITE_RIGHT):
        # A side stub's height does not depend on its reach, so neither do its jogs;
        # only those keeping it inside the area are offered, each step down before up.
        first = _stub_box(site, start, reaches[0], width, height)
        low, high = area.y - first.y, area.bottom - first.bottom
        steps = range(JOG_STEP, max(-low, high) + 1, JOG_STEP)
        shifts = [shift for step in steps for shift in (step, -step) if low <= shift <= high]
    # Each reach offers its straight stub, then jogs one step further each way;
    # a heap of the next offer of every reach yields them shortest first. The
    # order breaks ties: the straight stub, then the jog down before the jog up.
    jog_from = 2 * STUB_MIN_REACH
    heap = [(reach, rank, 0) for rank, reach in enumerate(reaches)]  # sorted: a heap already
    facing = OPPOSITE[site]
    # Tens of thousands of places are tried per stub: the corner of each is worked
    # out in plain integers, and a box made only for the places offered.
    x, y = start
    left, top, right, bottom = area.x, area.y, area.right, area.bottom
    # Out of a side site the corner moves across with the reach; else up or down.
    across = site in (SITE_LEFT, SITE_RIGHT)
    sign = -1 if site in (SITE_LEFT, SITE_TOP) else 1
    fixed = y - height // 2 if across else x - width // 2
    base = {SITE_LEFT: x - width, SITE_RIGHT: x, SITE_TOP: y - height, SITE_BOTTOM: y}[site]
    # Where the line meets the stub (`site_point` of its facing site), from its corner.
    facing_x, facing_y = {
        SITE_TOP: (width // 2, 0),
        SITE_LEFT: (0, height // 2),
        SITE_BOTTOM: (width // 2, height),
        SITE_RIGHT: (width, height // 2),
    }[facing]
    offered = 0
    while heap:
        length, rank, order = heap[0]
        reach = reaches[rank]
        # Order k > 0 jogs by the k-th shift.
        shift = 0 if order == 0 else shifts[order - 1]
        more = order < len(shifts) if order else reach >= jog_from and bool(shifts)
        if more:
            heapq.heapreplace(heap, (reach + abs(shifts[order]), rank, order + 1))
        else:
            heapq.heappop(heap)
        moved = base + sign * reach
        box_x, box_y = (moved, fixed + shift) if across else (fixed, moved + shift)
        if box_x < left or box_y < top or box_x + width > right or box_y + height > bottom:
            continue
        offered += 1
        if reach >= blocked.get(shift, 0):
            end = (box_x + facing_x, box_y + facing_y)
            if shift == 0:
                path: tuple[Point, ...] = (start, end)
            else:
                middle = (start[0] + end[0]) // 2
                path = (start, (middle, start[1]), (middle, end[1]), end)
            # The line runs `reach` out and `shift` across.
            yield length + extra, (box_x, box_y), path
        if offered >= MAX_CANDIDATES:
            return


def _place_one(
    request: StubRequest,
    area: Box,
    zones: Sequence[tuple[str, Box]],
    node_boxes: dict[str, Box],
    texts: Sequence[Box],
    stubs: Sequence[Box],
    segments: Sequence[tuple[Point, Point]],
    font_pt: float,
    family: str | None,
) -> PlacedStub | None:
    """Return the best clean place for one stub, or None.

    Each site and stub width offers its shortest clean line; of those, a
    stub outside every zone beats one inside a zone (stubs gather at the
    diagram's edge), then a straight line beats a jog, then the shorter line
    and the fewer lines of text win.
    """
    own = node_boxes[request.node_id]
    sites = INCOMING_SITES if request.incoming else OUTGOING_SITES
    shapes = {stub_size(request.text, font_pt, width, family) for width in STUB_WIDTHS}
    # Whatever lies wholly behind a site cannot meet a stub put out of it.
    ahead = {
        site: _Obstacles(
            {k: b for k, b in node_boxes.items() if k == request.node_id or _ahead(site, own, b)},
            request.node_id,
            [b for b in texts if _ahead(site, own, b)],
            [b for b in stubs if _ahead(site, own, b)],
            [seg for seg in segments if _ahead(site, own, _segment_box(seg))],
        )
        for site in sites
    }
    # Every stub width and site offers its first clean place; the cheapest offer
    # wins, the earlier one on a tie. Places are tried shortest line first across
    # all offers, so none is tried that could not beat the best offer already found.
    offers = list(itertools.product(sorted(shapes), sites))
    blocked: list[dict[int, int]] = [{} for _ in offers]
    # The least a place can cost: its line's length, and its text's lines beyond the first.
    tries = [
        _candidates(
            site, site_point(own, site), area, width, height, known, LINE_COST * (len(lines) - 1)
        )
        for ((lines, width, height), site), known in zip(offers, blocked, strict=True)
    ]
    # One untried place per offer waits in the heap; an offer that has found its
    # clean place offers no more.
    waiting: list[tuple[int, int, Point, tuple[Point, ...]]] = []

    def wait_for_next(rank: int) -> None:
        following = next(tries[rank], None)
        if following is not None:
            least, corner, path = following
            heapq.heappush(waiting, (least, rank, corner, path))

    for rank in range(len(offers)):
        wait_for_next(rank)
    best: tuple[tuple[int, int], int, PlacedStub] | None = None
    while waiting:
        least, rank, corner, path = heapq.heappop(waiting)
        if best is not None and ((0, least), rank) >= best[:2]:
            break  # what is left costs at least this much: nothing can beat the best
        (lines, width, height), site = offers[rank]
        obstacles = ahead[site]
        zone_id = obstacles.clean(corner, width, height, path, zones)
        if zone_id is False:
            if obstacles.blocker is not None:
                # Stubs further out along the same line meet it too, until they pass it.
                shift, reach = _passing(
                    site, site_point(own, site), corner[1], height, obstacles.blocker
                )
                blocked[rank][shift] = max(blocked[rank].get(shift, 0), reach)
            elif obstacles.dead_end:
                start_y = site_point(own, site)[1]
                shift = corner[1] - (start_y - height // 2) if site in SIDE_SITES else 0
                blocked[rank][shift] = NEVER
            wait_for_next(rank)
            continue
        holder = zone_id if isinstance(zone_id, str) else None
        box = Box(corner[0], corner[1], width, height)
        found = PlacedStub(request, box, lines, site, OPPOSITE[site], path, holder)
        cost = (int(holder is not None), least + (JOG_COST if len(path) > 2 else 0))
        if best is None or (cost, rank) < best[:2]:
            best = (cost, rank, found)
    return None if best is None else best[2]


def _passing(site: int, start: Point, top: int, height: int, blocker: Rect) -> tuple[int, int]:
    """Return the shift of a stub out of `site`, and the reach that clears `blocker`.

    The stub's box has its top at `top` and is `height` tall. A stub at that
    shift meets `blocker` (with its clearance) at every reach from this one
    up to the returned one, which is the first that passes it.
    """
    x, y = start
    if site == SITE_RIGHT:
        return top - (y - height // 2), blocker[2] - x + CLEARANCE
    if site == SITE_LEFT:
        return top - (y - height // 2), x + CLEARANCE - blocker[0]
    if site == SITE_BOTTOM:
        return 0, blocker[3] - y + CLEARANCE
    return 0, y + CLEARANCE - blocker[1]


def _segment_box(segment: tuple[Point, Point]) -> Box:
    (x0, y0), (x1, y1) = segment
    return Box(min(x0, x1), min(y0, y1), abs(x1 - x0), abs(y1 - y0))


def _ahead(site: int, own: Box, other: Box) -> bool:
    """Return True unless `other` lies wholly behind the side of `own` that `site` is on.

    A stub and its line lie beyond that side (a jog runs further out), so
    only what reaches past it, with room for the clearance kept, can be in the way.
    """
    margin = 2 * CLEARANCE
    if site == SITE_RIGHT:
        return other.right >= own.right - margin
    if site == SITE_LEFT:
        return other.x <= own.x + margin
    if site == SITE_BOTTOM:
        return other.bottom >= own.bottom - margin
    return other.y <= own.y + margin


Rect = tuple[int, int, int, int]
"""A rectangle as (left, top, right, bottom), for the tests run on every tried stub."""


def _rect(box: Box) -> Rect:
    return box.x, box.y, box.right, box.bottom


def _inside(box: Box) -> Rect | None:
    """Return the inside `runs_through` tests a line against, or None when it has none."""
    left, top = box.x + TOLERANCE, box.y + TOLERANCE
    right, bottom = box.right - TOLERANCE, box.bottom - TOLERANCE
    return None if right <= left or bottom <= top else (left, top, right, bottom)


def _bounds(segment: tuple[Point, Point]) -> Rect:
    (x0, y0), (x1, y1) = segment
    return min(x0, x1), min(y0, y1), max(x0, x1), max(y0, y1)


def _hits(segment: tuple[Point, Point], bounds: Rect, inside: Rect) -> bool:
    """Return `runs_through` of a segment with `bounds` and a box with `inside`, cheaply."""
    left, top, right, bottom = inside
    if bounds[2] <= left or bounds[0] >= right or bounds[3] <= top or bounds[1] >= bottom:
        return False  # the segment stays outside the open box
    return segment_hits_box(segment, left, top, right, bottom)


class _Obstacles:
    """What a stub out of one site must keep clear of, ready for many tried places."""

    def __init__(
        self,
        node_boxes: dict[str, Box],
        node_id: str,
        texts: Sequence[Box],
        stubs: Sequence[Box],
        segments: Sequence[tuple[Point, Point]],
    ) -> None:
        self.solid = [_rect(other) for other in (*node_boxes.values(), *texts, *stubs)]
        # A line may touch its own box, and must keep a point clear of anything else.
        walls = [
            other if key == node_id else _grown(other, pt(1)) for key, other in node_boxes.items()
        ]
        walls += [_grown(other, pt(1)) for other in (*texts, *stubs)]
        self.walls = [inside for wall in walls if (inside := _inside(wall)) is not None]
        self.segments = [(segment, _bounds(segment)) for segment in segments]
        self.blocker: Rect | None = None
        """What the last stub tested overlaps, when that is why it is in the way."""
        self.dead_end = False
        """The last stub tested was in the way on its line's first run, out from its box."""

    def clean(
        self,
        corner: Point,
        width: int,
        height: int,
        path: tuple[Point, ...],
        zones: Sequence[tuple[str, Box]],
    ) -> str | bool | None:
        """Return the zone a stub at `corner` lies in (None: in none), or False if in the way."""
        box_x, box_y = corner
        box_right, box_bottom = box_x + width, box_y + height
        left, top = box_x - CLEARANCE, box_y - CLEARANCE
        right, bottom = box_right + CLEARANCE, box_bottom + CLEARANCE
        solid = self.solid
        self.blocker = None
        self.dead_end = False
        for index, (x0, y0, x1, y1) in enumerate(solid):
            if left < x1 and x0 < right and top < y1 and y0 < bottom:
                # Places are tried nearby one after another: what blocked one is tried first.
                self.blocker = solid.pop(index)
                solid.insert(0, self.blocker)
                return False
        inner = (left + TOLERANCE, top + TOLERANCE, right - TOLERANCE, bottom - TOLERANCE)
        inside = None if inner[2] <= inner[0] or inner[3] <= inner[1] else inner
        if inside is not None:
            for segment, bounds in self.segments:
                if _hits(segment, bounds, inside):
                    return False
        walls = self.walls
        for first, line in enumerate(itertools.pairwise(path)):
            # A line's first run only grows as its stub moves out (a jog's middle too):
            # what it meets there, every stub further out at this height meets as well.
            self.dead_end = first == 0
            bounds = _bounds(line)
            for index, wall in enumerate(walls):
                if _hits(line, bounds, wall):
                    walls.insert(0, walls.pop(index))
                    return False
            meeting = _meeting(line, bounds, self.segments)
            if meeting is not None:
                # The run further out may cross a line cleanly instead of meeting its end.
                self.dead_end = self.dead_end and meeting == ALONG
                return False
        self.dead_end = False
        holder: str | bool | None = None
        for zone_id, zone_box in zones:
            held = zone_box.inset(pt(2))
            if (
                box_x >= held.x
                and box_y >= held.y
                and box_right <= held.x + held.width
                and box_bottom <= held.y + held.height
            ):
                holder = zone_id
            elif (
                zone_box.x < right
                and left < zone_box.x + zone_box.width
                and zone_box.y < bottom
                and top < zone_box.y + zone_box.height
            ):
                return False
        return holder


def _too_close(line: tuple[Point, Point], segment: tuple[Point, Point]) -> bool:
    """Return True when two parallel runs lie so near they read as one line."""
    (ax0, ay0), (ax1, ay1) = line
    (bx0, by0), (bx1, by1) = segment
    if ay0 == ay1 and by0 == by1 and abs(ay0 - by0) < TRACK_GAP:
        return min(max(ax0, ax1), max(bx0, bx1)) > max(min(ax0, ax1), min(bx0, bx1))
    if ax0 == ax1 and bx0 == bx1 and abs(ax0 - bx0) < TRACK_GAP:
        return min(max(ay0, ay1), max(by0, by1)) > max(min(ay0, ay1), min(by0, by1))
    return False


def _ends_meet(line: tuple[Point, Point], segment: tuple[Point, Point]) -> bool:
    """Return True when an end of either run lies on or beside the other.

    Two runs meeting end to end, or one ending on the other, read as one line
    going on or branching: a stub's line would seem to join a connection it
    only touches. Runs crossing in their middles read as two lines.
    """
    return any(near_line(end, segment, TRACK_GAP) for end in line) or any(
        near_line(end, line, TRACK_GAP) for end in segment
    )


@dataclass(frozen=True)
class Join:
    """A line joining boxes of two diagrams drawn on one slide: the sites it joins and its path."""

    start_site: int
    end_site: int
    points: tuple[Point, ...]
    """Straight, or horizontal, vertical, horizontal with the middle run halfway across."""


def join_route(
    source: Box,
    target: Box,
    boxes: Sequence[Box],
    texts: Sequence[Box],
    segments: Sequence[tuple[Point, Point]],
) -> Join | None:
    """Return a clean line from `source` to `target`, or None where none is clean.

    The line leaves the side of `source` facing `target` and enters the side
    of `target` facing back: straight where the two sites line up, else with one
    bend, whose middle run the Slides API puts halfway between its ends. Boxes
    apart sideways are joined side to side, boxes one above the other only by
    a straight vertical line (a bent one out of a top or bottom site would
    first run along its box). It keeps clear, as a stub's line does, of every
    box but its two ends, of `texts`, and of `segments`: no shared stretch,
    no run alongside one, no end meeting one.
    """
    walls = [
        inside
        for box in boxes
        if (inside := _inside(box if box in (source, target) else _grown(box, pt(1)))) is not None
    ]
    walls += [inside for box in texts if (inside := _inside(_grown(box, pt(1)))) is not None]
    lines = [(segment, _bounds(segment)) for segment in segments]
    for site, end, points in _join_paths(source, target):
        if _path_clear(points, walls, lines):
            return Join(site, end, points)
    return None


def _join_paths(source: Box, target: Box) -> Iterator[tuple[int, int, tuple[Point, ...]]]:
    """Yield each site of `source`, site of `target` and path a joining line may take."""
    if target.x >= source.right or target.right <= source.x:
        site = SITE_RIGHT if target.x >= source.right else SITE_LEFT
        start, end = site_point(source, site), site_point(target, OPPOSITE[site])
        middle = (start[0] + end[0]) // 2
        if abs(start[1] - end[1]) <= TOLERANCE:
            yield site, OPPOSITE[site], (start, end)
        elif min(abs(middle - start[0]), abs(end[0] - middle)) >= STUB_MIN_REACH:
            # Each end keeps a run long enough to show its arrow head.
            yield site, OPPOSITE[site], (start, (middle, start[1]), (middle, end[1]), end)
    if target.y >= source.bottom or target.bottom <= source.y:
        site = SITE_BOTTOM if target.y >= source.bottom else SITE_TOP
        start, end = site_point(source, site), site_point(target, OPPOSITE[site])
        # A bent line always starts across: out of a top or bottom site it would hug the box.
        if abs(start[0] - end[0]) <= TOLERANCE:
            yield site, OPPOSITE[site], (start, end)


def _path_clear(
    points: Sequence[Point],
    walls: Sequence[Rect],
    lines: Sequence[tuple[tuple[Point, Point], Rect]],
) -> bool:
    """Return True when no run of `points` enters a wall or meets a line, other than by crossing."""
    for run in itertools.pairwise(points):
        bounds = _bounds(run)
        if any(_hits(run, bounds, wall) for wall in walls):
            return False
        if _meeting(run, bounds, lines) is not None:
            return False
    return True


ALONG: Final = "along"
AT_AN_END: Final = "at an end"


def _meeting(
    run: tuple[Point, Point], bounds: Rect, lines: Sequence[tuple[tuple[Point, Point], Rect]]
) -> str | None:
    """Return how `run` (within `bounds`) meets one of `lines`: ALONG, AT_AN_END, or None.

    Along: sharing a stretch, or running so near alongside that the two read as
    one. At an end: see `_ends_meet`. Runs crossing in their middles do not meet.
    """
    near = (
        bounds[0] - TRACK_GAP,
        bounds[1] - TRACK_GAP,
        bounds[2] + TRACK_GAP,
        bounds[3] + TRACK_GAP,
    )
    for segment, (x0, y0, x1, y1) in lines:
        if x0 > near[2] or x1 < near[0] or y0 > near[3] or y1 < near[1]:
            continue  # too far to share a stretch, run alongside or meet
        if shared_length(run, segment) > 0 or _too_close(run, segment):
            return ALONG
        if _ends_meet(run, segment):
            return AT_AN_END
    return None
