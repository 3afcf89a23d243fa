"""Stubs for connections cut by a split: a short attached line to a label naming the far end.

When a state is split over slides, a connection whose ends land on different
slides is drawn on both: on the source's slide a line leaves the source box
for a stub reading "→ Target (part 2/3)", on the target's slide a stub
reading "Source (part 1/3) →" points into the target box. A box with several
cut connections gets one stub listing them all, a line each. A stub is placed
straight out from one of its box's connection sites (so its line has no bend
and no diagonal), as far out as it can go, towards the diagram's edge, and
only where neither the stub nor its line meets a box, a text or another line.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
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
from slidegen.layout.diagram.measures import runs_through, shared_length
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
JOG_COST: Final = pt(40)
"""How much longer a straight line may be and still be preferred to a line with a jog."""
LINE_COST: Final = pt(12)
"""How much longer a line may be to keep a stub's text on fewer lines."""
"""Places tried per site; the shortest lines come first."""

OPPOSITE: Final = {
    SITE_TOP: SITE_BOTTOM,
    SITE_BOTTOM: SITE_TOP,
    SITE_LEFT: SITE_RIGHT,
    SITE_RIGHT: SITE_LEFT,
}
OUTGOING_SITES: Final = (SITE_RIGHT, SITE_BOTTOM, SITE_TOP, SITE_LEFT)
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
    text: str, font_pt: float, max_width: int = STUB_MAX_WIDTH
) -> tuple[tuple[str, ...], int, int]:
    """Return the wrapped lines of a stub's text and the stub's width and height."""
    # Slack, so no renderer wraps a line the metrics say fits.
    widest = max(text_width(line, font_pt) for line in text.split("\n")) + 2 * INSET_X + pt(8)
    width = min(max_width, widest)
    lines = tuple(wrap(text, max(1, width - 2 * INSET_X), font_pt))
    width = min(width, max(text_width(line, font_pt) for line in lines) + 2 * INSET_X + pt(8))
    height = len(lines) * line_height_for(text, font_pt) + 2 * INSET_Y
    return lines, width, height


def _grown(box: Box, by: int) -> Box:
    return Box(box.x - by, box.y - by, box.width + 2 * by, box.height + 2 * by)


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


def place_stubs(
    layout: DiagramLayout,
    wanted: Sequence[StubRequest],
    area: Box,
    others: Sequence[Box] = (),
) -> list[PlacedStub | None]:
    """Return where in `area` each wanted stub goes, or None where no clean place exists.

    `area` holds the diagram and may be larger; `others` are the other texts
    on the slide (lists of pain points, the legend) that stubs must keep clear of.
    """
    typography = layout.typography
    font_pt = typography.label_pt
    zones = [(z.spec.id, z.box) for z in layout.zones if z.spec is not None]
    node_boxes = {key: placed.box for key, placed in layout.nodes.items()}
    texts: list[Box] = [p.badge_box for p in layout.nodes.values() if p.badge_box is not None]
    texts += [r.label_box for r in layout.routes if r.label_box is not None]
    texts += [zone_label_box(z, typography) for z in layout.zones if z.spec is not None]
    texts += list(others)
    segments = [
        (a, b)
        for route in layout.routes
        for a, b in zip(route.points, route.points[1:], strict=False)
    ]
    stubs: list[Box] = []
    placed: list[PlacedStub | None] = []
    for request in wanted:
        found = _place_one(request, area, zones, node_boxes, texts, stubs, segments, font_pt)
        placed.append(found)
        if found is not None:
            stubs.append(found.box)
            segments += itertools.pairwise(found.points)
    return placed


def _candidates(
    site: int, start: Point, area: Box, width: int, height: int
) -> list[tuple[Box, tuple[Point, ...]]]:
    """Return stub boxes out of `site` with the path to each, shortest path first.

    Out of a side site the line may jog once up or down (a bent connector
    draws horizontal, vertical, horizontal), so a stub can reach free room
    beside a crowded row; out of a top or bottom site it runs straight.
    """
    longest = _longest_reach(site, start, area, width, height)
    found: list[tuple[int, Box, tuple[Point, ...]]] = []
    for reach in range(STUB_MIN_REACH, longest + 1, STUB_STEP):
        straight = _stub_box(site, start, reach, width, height)
        shifts = [0]
        if site in (SITE_LEFT, SITE_RIGHT) and reach >= 2 * STUB_MIN_REACH:
            low = area.y - straight.y
            high = area.bottom - straight.bottom
            shifts += [d for d in range(JOG_STEP, max(-low, high) + 1, JOG_STEP)]
            shifts += [-d for d in range(JOG_STEP, max(-low, high) + 1, JOG_STEP)]
        for shift in shifts:
            box = Box(straight.x, straight.y + shift, width, height)
            if not area.contains(box):
                continue
            end = site_point(box, OPPOSITE[site])
            if shift == 0:
                path: tuple[Point, ...] = (start, end)
            else:
                middle = (start[0] + end[0]) // 2
                path = (start, (middle, start[1]), (middle, end[1]), end)
            found.append((reach + abs(shift), box, path))
    found.sort(key=lambda candidate: candidate[0])
    return [(box, path) for _, box, path in found[:MAX_CANDIDATES]]


def _place_one(
    request: StubRequest,
    area: Box,
    zones: Sequence[tuple[str, Box]],
    node_boxes: dict[str, Box],
    texts: Sequence[Box],
    stubs: Sequence[Box],
    segments: Sequence[tuple[Point, Point]],
    font_pt: float,
) -> PlacedStub | None:
    """Return the best clean place for one stub, or None.

    Each site and stub width offers its shortest clean line; of those, a
    stub outside every zone beats one inside a zone (stubs gather at the
    diagram's edge), then a straight line beats a jog, then the shorter line
    and the fewer lines of text win.
    """
    own = node_boxes[request.node_id]
    sites = INCOMING_SITES if request.incoming else OUTGOING_SITES
    shapes = {stub_size(request.text, font_pt, width) for width in STUB_WIDTHS}
    # Whatever lies wholly behind a site cannot meet a stub put out of it.
    ahead = {
        site: (
            {k: b for k, b in node_boxes.items() if k == request.node_id or _ahead(site, own, b)},
            [b for b in texts if _ahead(site, own, b)],
            [b for b in stubs if _ahead(site, own, b)],
            [seg for seg in segments if _ahead(site, own, _segment_box(seg))],
        )
        for site in sites
    }
    best: tuple[tuple[int, int], PlacedStub] | None = None
    for (lines, width, height), site in itertools.product(sorted(shapes), sites):
        start = site_point(own, site)
        near_boxes, near_texts, near_stubs, near_segments = ahead[site]
        for box, path in _candidates(site, start, area, width, height):
            zone_id = _clean(
                box,
                path,
                request.node_id,
                zones,
                near_boxes,
                near_texts,
                near_stubs,
                near_segments,
            )
            if zone_id is False:
                continue
            holder = zone_id if isinstance(zone_id, str) else None
            found = PlacedStub(request, box, lines, site, OPPOSITE[site], path, holder)
            length = sum(abs(b[0] - a[0]) + abs(b[1] - a[1]) for a, b in itertools.pairwise(path))
            cost = (
                int(holder is not None),
                length + (JOG_COST if len(path) > 2 else 0) + LINE_COST * (len(lines) - 1),
            )
            if best is None or cost < best[0]:
                best = (cost, found)
            break
    return None if best is None else best[1]


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


def _clean(
    box: Box,
    path: tuple[Point, ...],
    node_id: str,
    zones: Sequence[tuple[str, Box]],
    node_boxes: dict[str, Box],
    texts: Sequence[Box],
    stubs: Sequence[Box],
    segments: Sequence[tuple[Point, Point]],
) -> str | bool | None:
    """Return the zone a stub at `box` lies in (None: in none), or False if it is in the way."""
    around = _grown(box, CLEARANCE)
    if any(around.overlaps(other) for other in (*node_boxes.values(), *texts, *stubs)):
        return False
    for segment in segments:
        if runs_through(segment, around):
            return False
    lines = list(itertools.pairwise(path))
    for line in lines:
        for key, other in node_boxes.items():
            if runs_through(line, _grown(other, pt(1)) if key != node_id else other):
                return False
        if any(runs_through(line, _grown(other, pt(1))) for other in (*texts, *stubs)):
            return False
        for segment in segments:
            if shared_length(line, segment) > 0 or _too_close(line, segment):
                return False
    holder: str | bool | None = None
    for zone_id, zone_box in zones:
        if zone_box.inset(pt(2)).contains(box):
            holder = zone_id
        elif zone_box.overlaps(around):
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
