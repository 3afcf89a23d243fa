"""Diagram measures read off a finished deck: how legible its connectors are.

Everything here works on the presentation resource after the requests are
applied, never on the layout that produced it, so a layout cannot pass by
intending the right thing. A connector's path is what a renderer draws from
the line element alone: a straight line from end to end, or, for a bent
connector (``bentConnector3``, whose middle run the Slides API cannot move),
horizontal to the halfway x, vertical, then horizontal again, as its transform
maps it: turned a quarter, it runs vertical to the halfway y first.

Measured per slide:

- connectors, and the component pairs they join (by the names in the boxes;
  a connector with an arrow at each end joins them both ways);
- ends not on the connection site they are attached to;
- diagonal runs;
- shared stretches: two connectors along one stretch of line, *ambiguous*
  unless both leave the same box or both reach the same box (a bus); a bus
  whose lines differ in carrying an arrow at that box is counted apart
  (*mixed*): a line leaving beside an arrowhead reads as arriving;
- lines meeting end to end: two connectors with no common end whose runs lie
  on one line and meet where one stops and the other goes on, read as one line
  joining the wrong two boxes;
- runs through a box that is not one of the connector's ends;
- runs through text (labels, zone titles, legend, badges);
- connector labels not beside their own connector;
- stub joins: a stub's line (from a box to its stub) meeting another
  connector end to end, or ending on it, or another ending on it, where the
  two read as one connection going on or branching;
- crossings between connectors;
- connector labels drawn, and ordinary words a text cuts between two letters
  (a soft break inside a word with no separator: "PostgreSQ" / "L").

Over a state's slides, a connection counts as drawn when one slide joins its
two boxes with a line, or when two slides each draw it as a stub naming the
other; the first alone counts among its lines.
"""

from __future__ import annotations

import itertools
import re
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import Any, Final

from slidegen.layout import ids
from slidegen.layout import text as metrics
from slidegen.layout.context import Box
from slidegen.layout.template import element_box, element_matrix, walk_elements
from slidegen.units import EMU_PER_PT, magnitude_emu, pt

TOLERANCE: Final = 1_000
"""EMU of slack for rounding (well under a pixel)."""
TOUCH_REACH: Final = pt(3)
"""How near a line's end may come to another line before the two read as joined."""
LABEL_REACH: Final = pt(10)
"""How far a label's text may be from its connector and still read as beside it."""
TITLE_REACH: Final = pt(24)
"""Nearer than this along its row, a label's text reads as part of a zone's title."""
WORD_REACH: Final = pt(6)
"""Nearer than this along their row, two labels' texts read as one."""
STATE_KEY: Final = re.compile(r"^(cur|pro)\d*$")
TEXT_LISTS: Final = ("pains", "changes", "texts")
"""The last part of the ID of a slide's list of pain points, of changes, or of both."""
LINE_INDEX: Final = re.compile(r"_ln_(\d+)$")
LABEL_INDEX: Final = re.compile(r"_lb_(\d+)$")
STUB_INDEX: Final = re.compile(r"_sb_(\d+)$")
STUB_TO: Final = re.compile(r"^→[ \u00a0](.+) \(part (\d+)/(\d+)\)$", re.DOTALL)
"""An outgoing stub's text: the target's name and the part of the state showing it."""
STUB_FROM: Final = re.compile(r"^(.+) \(part (\d+)/(\d+)\)[ \u00a0]→$", re.DOTALL)
"""An incoming stub's text: the source's name and the part of the state showing it."""
_SAME_SLIDE: Final = r"this slide|(?:left|right|top|bottom)[ \u00a0]half"
"""How a stub names the other half of its own slide (earlier decks: "this slide")."""
SLIDE_STUB_TO: Final = re.compile(rf"^→[ \u00a0](.+) \((?:slide (\d+)|{_SAME_SLIDE})\)$", re.DOTALL)
"""An outgoing stub's text naming the deck's slide that shows the target (its own: 0)."""
SLIDE_STUB_FROM: Final = re.compile(
    rf"^(.+) \((?:slide (\d+)|{_SAME_SLIDE})\)[ \u00a0]→$", re.DOTALL
)
"""An incoming stub's text naming the deck's slide that shows the source (its own: 0)."""
STUB_BOTH: Final = re.compile(r"^↔[ \u00a0](.+) \(part (\d+)/(\d+)\)$", re.DOTALL)
"""A stub's text for connections both ways with one far end, and the part showing it."""
SLIDE_STUB_BOTH: Final = re.compile(
    rf"^↔[ \u00a0](.+) \((?:slide (\d+)|{_SAME_SLIDE})\)$", re.DOTALL
)
"""A stub's text for connections both ways with one far end, naming the slide showing it."""

Point = tuple[float, float]
Segment = tuple[Point, Point]


@dataclass(frozen=True)
class Connector:
    """A connector line as drawn: its path and what its ends are attached to."""

    object_id: str
    points: tuple[Point, ...]
    start_object: str | None
    end_object: str | None
    two_way: bool = False
    """It has an arrow at its start too: it draws the connection both ways."""
    end_arrow: bool = True

    @property
    def segments(self) -> list[Segment]:
        """Return the straight runs of the path."""
        return list(itertools.pairwise(self.points))


@dataclass(frozen=True)
class Stub:
    """Half of a connection cut by a split, as a slide draws it: a box joined to a stub."""

    source: str
    target: str
    far_part: int
    """The part of the state (counted from 1) the stub says shows the far end (0: see far_slide)."""
    outgoing: bool
    """The box on this slide is the source."""
    far_slide: int | None = None
    """The deck's slide number (counted from 1) the stub says shows the far end (0: its own)."""


def read_stub(text: str) -> tuple[str, int, bool] | None:
    """Return the far end's name, its part and whether it is the target, from a stub's text."""
    return _read_stub_line(text, STUB_TO, STUB_FROM)


def read_slide_stub(text: str) -> tuple[str, int, bool] | None:
    """Return the far end's name, the slide number showing it (0: this one) and its direction."""
    return _read_stub_line(text, SLIDE_STUB_TO, SLIDE_STUB_FROM)


def read_stub_ways(text: str) -> list[tuple[str, int, bool, bool]]:
    """Return (far name, part or slide number, whether it is the target, by slide) per way.

    A two-way line ("↔ Vault (slide 6)") gives both ways; a line of neither form, none.
    """
    stripped = _stub_line_read(text)
    for pattern, by_slide in ((SLIDE_STUB_BOTH, True), (STUB_BOTH, False)):
        match = pattern.match(stripped)
        if match is not None:
            far, number = match.group(1), int(match.group(2) or 0)
            return [(far, number, True, by_slide), (far, number, False, by_slide)]
    for read, by_slide in ((read_slide_stub(stripped), True), (read_stub(stripped), False)):
        if read is not None:
            return [(*read, by_slide)]
    return []


def _read_stub_line(
    text: str, leaving: re.Pattern[str], arriving: re.Pattern[str]
) -> tuple[str, int, bool] | None:
    """Return the name, number and direction a stub line matching either pattern gives."""
    for pattern, outgoing in ((leaving, True), (arriving, False)):
        match = pattern.match(_stub_line_read(text))
        if match is not None:
            return match.group(1), int(match.group(2) or 0), outgoing
    return None


_FOR_RENDERERS: Final = dict.fromkeys(map(ord, metrics.SOFT_BREAK + "\u2066\u2067\u2068\u2069"))
"""Soft breaks in a long far name and the isolate around a right-to-left one."""


def _stub_line_read(text: str) -> str:
    """Return a stub line as a reader reads it: without the marks that are for renderers."""
    return text.translate(_FOR_RENDERERS).strip()


@dataclass
class SlideMeasures:
    """What one slide's connectors do; every list names the objects involved."""

    slide_id: str
    state: str | None
    joined: list[tuple[str, str]] = field(default_factory=list)
    """(source name, target name) of each connector attached at both ends to boxes."""
    stubs: list[Stub] = field(default_factory=list)
    """Each connector from a box to a stub naming a component on another part, or back."""
    detached: list[str] = field(default_factory=list)
    diagonal: list[str] = field(default_factory=list)
    ambiguous: list[tuple[str, str]] = field(default_factory=list)
    shared_end: list[tuple[str, str]] = field(default_factory=list)
    mixed_bus: list[tuple[str, str]] = field(default_factory=list)
    """Pairs sharing a stretch at a common box, an arrow there on one and not the other."""
    end_to_end: list[tuple[str, str]] = field(default_factory=list)
    """Pairs with no common end meeting end to end on one line (see `meet_end_to_end`)."""
    through_box: list[tuple[str, str]] = field(default_factory=list)
    through_text: list[tuple[str, str]] = field(default_factory=list)
    labels_astray: list[str] = field(default_factory=list)
    labels_run_on: list[tuple[str, str]] = field(default_factory=list)
    """(label, zone or label) of each label reading on from another text on its row."""
    stub_joins: list[tuple[str, str]] = field(default_factory=list)
    """(stub line, other connector) of each stub line joining another line at an end."""
    crossings: int = 0
    labels: int = 0
    """Connector labels drawn."""
    box_widths: set[int] = field(default_factory=set)
    """The widths of the component boxes, on a slide of a whole state or a detail slide."""
    name_sizes: set[float] = field(default_factory=set)
    """The type sizes of the component names there."""
    texts_side: str = ""
    """The side of the page ("left", "right") a detail slide lists pain points and changes on."""
    cut_words: list[str] = field(default_factory=list)
    """Each ordinary word a text on the slide cuts between two letters."""


@dataclass
class StateMeasures:
    """The measures of one architecture state over all of its slides."""

    slides: int = 0
    planned: int = 0
    drawn: int = 0
    detached: int = 0
    diagonal: int = 0
    ambiguous: int = 0
    shared_end: int = 0
    mixed_bus: int = 0
    """Shared stretches at a common box with an arrow there on one line only (not yet a fault)."""
    end_to_end: int = 0
    """Pairs of lines with no common end meeting end to end on one line (not yet a fault)."""
    through_box: int = 0
    through_text: int = 0
    labels_astray: int = 0
    """Labels away from their connectors, or reading on from another text on their row."""
    stub_joins: int = 0
    crossings: int = 0
    labels: int = 0
    cut_words: int = 0
    lines: int = 0
    """Connections drawn as a line joining both their boxes on a slide, not only as stubs."""
    box_widths: int = 0
    """How many widths the component boxes take over the state's slides (overviews aside)."""
    name_sizes: int = 0
    """How many type sizes the component names take there."""
    smallest_name_pt: float = 0.0
    """The smallest type a component name takes there (0 without boxes): below the configured
    minimum, the state stays whole only in smaller type."""
    texts_sides: int = 0
    """On how many sides of the page its detail slides list pain points and changes."""

    @property
    def undrawn(self) -> int:
        """Return how many planned connections no slide draws."""
        return max(0, self.planned - self.drawn)

    @property
    def faults(self) -> int:
        """Return the count of what must never happen: the tests fail on any."""
        return (
            self.undrawn
            + self.detached
            + self.diagonal
            + self.ambiguous
            + self.through_box
            + self.through_text
            + self.labels_astray
            + self.stub_joins
        )


# ---------------------------------------------------------------- reading the deck


def line_path(element: dict[str, Any]) -> tuple[Point, ...]:
    """Return the path a renderer draws for a line element, from its transform and category.

    A bent connector's own path runs across to halfway, down, and across again
    (OOXML's bentConnector3); the transform maps it onto the page, so a turned
    one runs down first.
    """
    size = element.get("size") or {}
    a, b, c, d, tx, ty = element_matrix(element)
    width, height = magnitude_emu(size.get("width")), magnitude_emu(size.get("height"))
    local: tuple[Point, ...] = ((0.0, 0.0), (width, height))
    kind = (element.get("line") or {}).get("lineType", "")
    if kind.startswith("BENT") and abs(width) > TOLERANCE and abs(height) > TOLERANCE:
        local = ((0.0, 0.0), (width / 2, 0.0), (width / 2, height), (width, height))
    return tuple((a * u + c * v + tx, b * u + d * v + ty) for u, v in local)


def site_point(box: Box, site: int) -> Point:
    """Return where connection site `site` (0 top, 1 left, 2 bottom, 3 right) of a box is."""
    centre_x, centre_y = box.x + box.width / 2, box.y + box.height / 2
    return {
        0: (centre_x, float(box.y)),
        1: (float(box.x), centre_y),
        2: (centre_x, float(box.bottom)),
        3: (float(box.right), centre_y),
    }.get(site, (centre_x, centre_y))


def _paragraphs(shape: dict[str, Any]) -> list[tuple[str, float, bool, str, str | None]]:
    """Return a shape's paragraphs: text, largest size, boldness, alignment as laid out, family.

    A right-to-left paragraph starts at the right edge: its START reads as END.
    """
    found: list[tuple[str, float, bool, str, str | None]] = []
    content, bold, alignment = "", False, "START"
    sizes: list[float] = []
    family: str | None = None
    for element in (shape.get("text") or {}).get("textElements", []):
        marker = element.get("paragraphMarker")
        if marker is not None:
            if content.strip():
                found.append((content.rstrip("\n"), max(sizes or [0.0]), bold, alignment, family))
            content, sizes, bold, family = "", [], False, None
            style = marker.get("style") or {}
            alignment = style.get("alignment", "START")
            if style.get("direction") == "RIGHT_TO_LEFT":
                # A right-to-left paragraph starts at the right edge and ends at the left.
                alignment = {"START": "END", "END": "START"}.get(alignment, alignment)
            continue
        run = element.get("textRun")
        if run is None:
            continue
        content += run.get("content", "")
        style = run.get("style") or {}
        if style.get("fontSize"):
            sizes.append(magnitude_emu(style["fontSize"]) / EMU_PER_PT)
        bold = bold or bool(style.get("bold"))
        family = family or style.get("fontFamily")
    if content.strip():
        found.append((content.rstrip("\n"), max(sizes or [0.0]), bold, alignment, family))
    return [p for p in found if p[1] > 0]


def text_area(shape: dict[str, Any], box: Box) -> Box | None:
    """Return the rectangle a shape's text covers by the font metrics, or None without text."""
    paragraphs = _paragraphs(shape)
    if not paragraphs:
        return None
    inner = max(1, box.width - 2 * metrics.INSET_X)
    rows: list[tuple[int, int, str]] = []
    for text, size, bold, alignment, family in paragraphs:
        for line in metrics.wrap(text, inner, size, bold, family):
            rows.append(
                (
                    metrics.text_width(line, size, bold, family),
                    metrics.line_height(size),
                    alignment,
                )
            )
    height = sum(h for _, h, _ in rows)
    vertical = (shape.get("shapeProperties") or {}).get("contentAlignment", "TOP")
    top = box.y + metrics.INSET_Y
    if vertical == "MIDDLE":
        top = box.y + (box.height - height) // 2
    elif vertical == "BOTTOM":
        top = box.bottom - metrics.INSET_Y - height
    left, right = box.right, box.x
    for width, _, alignment in rows:
        if alignment == "CENTER":
            start = box.x + (box.width - width) // 2
        elif alignment == "END":
            start = box.right - metrics.INSET_X - width
        else:
            start = box.x + metrics.INSET_X
        left, right = min(left, start), max(right, start + width)
    return Box(left, top, max(0, right - left), height)


def _shows_shape(shape: dict[str, Any]) -> bool:
    """Return True when a shape paints a fill or an outline (it is a box, not bare text)."""
    properties = shape.get("shapeProperties") or {}
    fill = properties.get("shapeBackgroundFill") or {}
    outline = properties.get("outline") or {}
    return (
        fill.get("propertyState") != "NOT_RENDERED"
        or "solidFill" in fill
        or outline.get("propertyState") != "NOT_RENDERED"
        or "outlineFill" in outline
    )


def _first_text(shape: dict[str, Any]) -> str:
    """Return a shape's first paragraph as written, without the soft breaks added for renderers."""
    paragraphs = _paragraphs(shape)
    return paragraphs[0][0].replace(metrics.SOFT_BREAK, "") if paragraphs else ""


def _state_of(object_id: str) -> str | None:
    for part in object_id.split("_"):
        if STATE_KEY.match(part):
            return "current" if part.startswith("cur") else "proposed"
    return None


# ---------------------------------------------------------------- geometry


def _horizontal(segment: Segment) -> bool:
    return abs(segment[0][1] - segment[1][1]) <= TOLERANCE


def _vertical(segment: Segment) -> bool:
    return abs(segment[0][0] - segment[1][0]) <= TOLERANCE


def _length(segment: Segment) -> float:
    return abs(segment[1][0] - segment[0][0]) + abs(segment[1][1] - segment[0][1])


def _spans_on_one_line(first: Segment, second: Segment) -> tuple[float, float] | None:
    """Return where two axis-parallel runs on one line overlap along it, as (low, high).

    Past each other's ends, high < low. None when they lie on no one line, or
    either is too short to be a run.
    """
    for axis, same in ((1, _horizontal), (0, _vertical)):
        if same(first) and same(second) and abs(first[0][axis] - second[0][axis]) <= TOLERANCE:
            if _length(first) <= TOLERANCE or _length(second) <= TOLERANCE:
                return None
            along = 1 - axis
            low = max(
                min(first[0][along], first[1][along]), min(second[0][along], second[1][along])
            )
            high = min(
                max(first[0][along], first[1][along]), max(second[0][along], second[1][along])
            )
            return low, high
    return None


def shared_length(first: Segment, second: Segment) -> float:
    """Return how long a stretch two axis-parallel segments share (0 when none)."""
    spans = _spans_on_one_line(first, second)
    return 0.0 if spans is None else max(0.0, spans[1] - spans[0])


def meet_end_to_end(first: Segment, second: Segment) -> bool:
    """Return True when two axis-parallel segments lie on one line and meet end to end.

    Where one stops and the other goes on (or within TOUCH_REACH of it), the two
    read as one line. Segments sharing a stretch are judged by `shared_length`.
    """
    spans = _spans_on_one_line(first, second)
    if spans is None:
        return False
    low, high = spans
    return high - TOLERANCE <= low < high + TOUCH_REACH


def paths_meet_end_to_end(first: Sequence[Segment], second: Sequence[Segment]) -> bool:
    """Return True when a run of each path meets one of the other's end to end, none shared.

    Paths sharing a stretch read as one line already: that is judged as a shared stretch.
    """
    pairs = list(itertools.product(first, second))
    return any(meet_end_to_end(a, b) for a, b in pairs) and not any(
        shared_length(a, b) > TOLERANCE for a, b in pairs
    )


def crosses(first: Segment, second: Segment) -> bool:
    """Return True when a horizontal and a vertical segment cross inside both."""
    for horizontal, vertical in ((first, second), (second, first)):
        if _horizontal(horizontal) and _vertical(vertical) and not _vertical(horizontal):
            y = horizontal[0][1]
            x = vertical[0][0]
            left, right = sorted((horizontal[0][0], horizontal[1][0]))
            top, bottom = sorted((vertical[0][1], vertical[1][1]))
            return (
                left + TOLERANCE < x < right - TOLERANCE
                and top + TOLERANCE < y < bottom - TOLERANCE
            )
    return False


def segment_hits_box(
    segment: Sequence[tuple[float, float]], left: float, top: float, right: float, bottom: float
) -> bool:
    """Return True when a segment passes through the inside of a rectangle."""
    (x0, y0), (x1, y1) = segment
    # Liang–Barsky clipping against the open rectangle.
    t0, t1 = 0.0, 1.0
    dx, dy = x1 - x0, y1 - y0
    for p, q in ((-dx, x0 - left), (dx, right - x0), (-dy, y0 - top), (dy, bottom - y0)):
        if p == 0:
            if q <= 0:
                return False
            continue
        t = q / p
        if p < 0:
            t0 = max(t0, t)
        else:
            t1 = min(t1, t)
        if t0 >= t1:
            return False
    return t1 - t0 > 1e-9


def runs_through(segment: Segment, box: Box) -> bool:
    """Return True when a segment passes through the inside of `box` (its border excluded)."""
    left, top = box.x + TOLERANCE, box.y + TOLERANCE
    right, bottom = box.right - TOLERANCE, box.bottom - TOLERANCE
    if right <= left or bottom <= top:
        return False
    return segment_hits_box(segment, left, top, right, bottom)


def near_line(point: Point, segment: Segment, reach: float = TOUCH_REACH) -> bool:
    """Return True when `point` lies on `segment` or within `reach` of it."""
    (x0, y0), (x1, y1) = segment
    off_x = max(min(x0, x1) - point[0], 0, point[0] - max(x0, x1))
    off_y = max(min(y0, y1) - point[1], 0, point[1] - max(y0, y1))
    return off_x < reach and off_y < reach


def distance_to(segment: Segment, box: Box) -> float:
    """Return the gap between an axis-parallel segment and a box (0 when they meet)."""
    (x0, y0), (x1, y1) = segment
    left, right = min(x0, x1), max(x0, x1)
    top, bottom = min(y0, y1), max(y0, y1)
    dx = max(box.x - right, left - box.right, 0)
    dy = max(box.y - bottom, top - box.bottom, 0)
    return float(max(dx, dy))


# ---------------------------------------------------------------- one slide


@dataclass(frozen=True)
class _Drawn:
    """What a slide shows, read from its elements."""

    connectors: list[Connector]
    boxes: dict[str, Box]
    texts: dict[str, Box]
    names: dict[str, str]
    labels: dict[str, Box]
    stub_texts: dict[str, list[str]] = field(default_factory=dict)
    """The paragraphs of each stub, one per cut connection it lists."""
    cut_words: dict[str, list[str]] = field(default_factory=dict)
    """The ordinary words each text cuts between two letters (see `words_cut_between_letters`)."""
    titles: dict[str, Box] = field(default_factory=dict)
    """Where each zone's title text is."""


def _read_slide(slide: dict[str, Any]) -> tuple[_Drawn, list[str]]:
    """Return what a slide draws, and the connector ends not on their attached site."""
    elements = [
        e
        for e in walk_elements(slide.get("pageElements", []) or [])
        if (parsed := ids.parse_generated(e["objectId"])) is not None and parsed.kind == ids.CONTENT
    ]
    all_ids = [e["objectId"] for e in elements]
    boxes: dict[str, Box] = {}
    texts: dict[str, Box] = {}
    names: dict[str, str] = {}
    labels: dict[str, Box] = {}
    titles: dict[str, Box] = {}
    stub_texts: dict[str, list[str]] = {}
    cut_words: dict[str, list[str]] = {}
    for element in elements:
        shape = element.get("shape")
        if shape is None:
            continue
        object_id = element["objectId"]
        box = element_box(element)
        names[object_id] = _first_text(shape)
        cut = words_cut_between_letters(_raw_text(shape))
        if cut:
            cut_words[object_id] = cut
        # A container (a zone) is what connectors run over; only its title is in the way.
        container = any(
            other.startswith(object_id + "_") and not other.startswith(object_id + "__")
            for other in all_ids
        )
        if _shows_shape(shape) and not container:
            boxes[object_id] = box
        area = text_area(shape, box)
        if area is not None:
            texts[object_id] = area
            if LABEL_INDEX.search(object_id):
                labels[object_id] = area
            elif container and "_zn_" in object_id and not STUB_INDEX.search(object_id):
                titles[object_id] = area
        if STUB_INDEX.search(object_id):
            stub_texts[object_id] = [p[0] for p in _paragraphs(shape)]
    detached: list[str] = []
    connectors: list[Connector] = []
    every = {e["objectId"]: element_box(e) for e in elements}
    for element in elements:
        line = element.get("line")
        if line is None:
            continue
        properties = line.get("lineProperties") or {}
        if not (properties.get("startConnection") or properties.get("endConnection")):
            continue  # a plain line (an axis, a tick) is no connector
        points = line_path(element)
        ends: list[str | None] = []
        for key, point in (("startConnection", points[0]), ("endConnection", points[-1])):
            connection = properties.get(key) or {}
            target = connection.get("connectedObjectId")
            ends.append(target)
            if target not in every:
                continue  # unattached, or attached to a shape someone added by hand
            site = site_point(every[target], int(connection.get("connectionSiteIndex", 0)))
            if abs(site[0] - point[0]) > TOLERANCE or abs(site[1] - point[1]) > TOLERANCE:
                detached.append(element["objectId"])
        two_way = properties.get("startArrow", "NONE") not in ("NONE", None)
        end_arrow = properties.get("endArrow", "NONE") not in ("NONE", None)
        connectors.append(
            Connector(element["objectId"], points, ends[0], ends[1], two_way, end_arrow)
        )
    drawn = _Drawn(connectors, boxes, texts, names, labels, stub_texts, cut_words, titles)
    return drawn, detached


def _raw_text(shape: dict[str, Any]) -> str:
    """Return a shape's text as stored, soft breaks and all."""
    runs = (shape.get("text") or {}).get("textElements", [])
    return "".join(run["textRun"].get("content", "") for run in runs if "textRun" in run)


def words_cut_between_letters(text: str) -> list[str]:
    """Return each ordinary word of `text` cut between two letters, soft breaks removed.

    A layout marks where it wraps a token with a soft break, so every
    renderer breaks there too. After a separator (a URL's "/", an
    identifier's "-") or between East Asian characters that is a break the
    token may take; in a word with neither, it cuts the word in two.
    """
    cut = []
    for word in text.split():
        pieces = word.split(metrics.SOFT_BREAK)
        whole = "".join(pieces)
        if len(pieces) > 1 and not metrics.may_break_inside(whole):
            cut.append(whole)
    return cut


def measure_slide(slide: dict[str, Any]) -> list[SlideMeasures]:
    """Return the connector measures of one slide, one record per state drawn on it.

    Texts and boxes of either state are in the way of every connector on the slide.
    """
    named = {_state_of(e["objectId"]) for e in slide.get("pageElements", []) or []}
    states: list[str | None] = []
    states += sorted(state for state in named if state is not None)
    drawn, detached = _read_slide(slide)
    found = []
    # A slide of neither state (a deck not made by this builder) is measured as one.
    for state in states or [None]:
        connectors = [c for c in drawn.connectors if _state_of(c.object_id) == state]
        labels = {k: v for k, v in drawn.labels.items() if _state_of(k) == state}
        cut = {k: v for k, v in drawn.cut_words.items() if _state_of(k) == state}
        own = replace(drawn, connectors=connectors, labels=labels, cut_words=cut)
        found.append(
            _measure(
                SlideMeasures(slide["objectId"], state),
                own,
                [d for d in detached if _state_of(d) == state],
            )
        )
    return found


def _measure(measures: SlideMeasures, drawn: _Drawn, detached: list[str]) -> SlideMeasures:
    """Fill `measures` with what the connectors of `drawn` do."""
    measures.detached = sorted(set(detached))
    for connector in drawn.connectors:
        stubs = _stubs_of(connector, drawn)
        if stubs is not None:
            measures.stubs += stubs
        elif connector.start_object in drawn.boxes and connector.end_object in drawn.boxes:
            source, target = drawn.names[connector.start_object], drawn.names[connector.end_object]
            measures.joined.append((source, target))
            if connector.two_way:
                measures.joined.append((target, source))
        if any(not (_horizontal(s) or _vertical(s)) for s in connector.segments):
            measures.diagonal.append(connector.object_id)
        ends = {connector.start_object, connector.end_object}
        for object_id, box in drawn.boxes.items():
            if object_id in ends:
                continue
            if any(runs_through(s, box) for s in connector.segments):
                measures.through_box.append((connector.object_id, object_id))
        for object_id, area in drawn.texts.items():
            if object_id in ends or object_id in drawn.boxes:
                continue  # a box is judged as a box; its own text sits inside it
            if any(runs_through(s, area) for s in connector.segments):
                measures.through_text.append((connector.object_id, object_id))
    for first, second in itertools.combinations(drawn.connectors, 2):
        pair = (first.object_id, second.object_id)
        shared = sum(
            shared_length(a, b) > TOLERANCE
            for a, b in itertools.product(first.segments, second.segments)
        )
        if shared:
            common = _common_ends(first, second)
            if not common:
                measures.ambiguous.append(pair)
            elif any(own == other for own, other in common):
                measures.shared_end.append(pair)
            else:
                measures.mixed_bus.append(pair)
        elif not _common_ends(first, second) and paths_meet_end_to_end(
            first.segments, second.segments
        ):
            measures.end_to_end.append(pair)
        measures.crossings += sum(
            crosses(a, b) for a, b in itertools.product(first.segments, second.segments)
        )
        for line, other in ((first, second), (second, first)):
            if line.end_object in drawn.stub_texts and _joined(line, other, drawn.boxes):
                measures.stub_joins.append((line.object_id, other.object_id))
                break
    measures.labels_astray = _labels_astray(drawn.connectors, drawn.labels)
    measures.labels_run_on = _labels_run_on(drawn.labels, drawn.titles)
    measures.labels = len(drawn.labels)
    measures.cut_words = [word for words in drawn.cut_words.values() for word in words]
    return measures


def _common_ends(first: Connector, second: Connector) -> list[tuple[bool, bool]]:
    """Return, for each box both connectors leave or both reach, whether each has an arrow there."""
    common = []
    if first.start_object is not None and first.start_object == second.start_object:
        common.append((first.two_way, second.two_way))
    if first.end_object is not None and first.end_object == second.end_object:
        common.append((first.end_arrow, second.end_arrow))
    return common


def _joined(line: Connector, other: Connector, boxes: dict[str, Box]) -> bool:
    """Return True when `line` and `other` meet end to end, or one ends on the other.

    Two lines leaving or reaching one box side by side meet only at that box:
    they read as two lines from it, not as one.
    """
    common = [
        boxes[end]
        for end in {line.start_object, line.end_object} & {other.start_object, other.end_object}
        if end in boxes
    ]
    for first, second in itertools.product(line.segments, other.segments):
        meetings = [end for end in first if near_line(end, second)]
        meetings += [end for end in second if near_line(end, first)]
        if any(all(distance_to((p, p), box) >= TOUCH_REACH for box in common) for p in meetings):
            return True
    return False


def _stubs_of(connector: Connector, drawn: _Drawn) -> list[Stub] | None:
    """Return the cut connections a connector from a box to a stub draws, or None if no stub.

    A listed connection counts only when the line's arrow points its way:
    at the stub for one leaving the box, at the box for one arriving.
    """
    start, end = connector.start_object, connector.end_object
    if start not in drawn.boxes or end not in drawn.boxes or end not in drawn.stub_texts:
        return None
    assert start is not None
    near = drawn.names[start]
    found = []
    for text in drawn.stub_texts[end]:
        for far, number, outgoing, by_slide in read_stub_ways(text):
            if not (connector.end_arrow if outgoing else connector.two_way):
                continue
            source, target = (near, far) if outgoing else (far, near)
            part, slide = (0, number) if by_slide else (number, None)
            found.append(Stub(source, target, part, outgoing, slide))
    return found


def _diagram_of(object_id: str) -> str:
    """Return the head of `object_id` naming the diagram it belongs to (up to its state key).

    Two parts of a state drawn on one slide number their connectors each from
    0: a connector and its label are one diagram's only when these heads agree.
    """
    head: list[str] = []
    for token in object_id.split("_"):
        head.append(token)
        if STATE_KEY.match(token):
            return "_".join(head)
    return ""


def _connectors_by_index(connectors: Sequence[Connector]) -> dict[tuple[str, int], Connector]:
    """Return the connectors by their diagram and the number their object IDs end in."""
    return {
        (_diagram_of(c.object_id), int(match.group(1))): c
        for c in connectors
        if (match := LINE_INDEX.search(c.object_id)) is not None
    }


def _own_connector(
    label_id: str, by_index: Mapping[tuple[str, int], Connector]
) -> Connector | None:
    """Return the connector a label's object ID numbers, in its own diagram, if any."""
    match = LABEL_INDEX.search(label_id)
    return by_index.get((_diagram_of(label_id), int(match.group(1)))) if match else None


def _labels_astray(connectors: Sequence[Connector], labels: dict[str, Box]) -> list[str]:
    """Return the labels that are not beside their own connector, or nearer another one."""
    by_index = _connectors_by_index(connectors)
    astray = []
    for label_id, area in labels.items():
        own = _own_connector(label_id, by_index)
        if own is None:
            astray.append(label_id)
            continue
        own_gap = min(distance_to(s, area) for s in own.segments)
        nearest_other = min(
            (distance_to(s, area) for c in connectors if c is not own for s in c.segments),
            default=float("inf"),
        )
        if own_gap > LABEL_REACH or nearest_other < own_gap:
            astray.append(label_id)
    return astray


def labelled_connectors(slide: dict[str, Any]) -> list[tuple[str, str, bool, str]]:
    """Return what each connector label on a slide says beside which line.

    Each is (the name in the box the line starts at, the name in the box it ends
    at, whether it has an arrow at each end, the label's words as a reader reads
    them, line breaks as spaces). A label is its connector's by their object IDs;
    lines not joining two boxes are left out.
    """
    drawn, _ = _read_slide(slide)
    by_index = _connectors_by_index(drawn.connectors)
    shapes = {
        e["objectId"]: e["shape"]
        for e in walk_elements(slide.get("pageElements", []) or [])
        if "shape" in e
    }
    found = []
    for label_id in drawn.labels:
        own = _own_connector(label_id, by_index)
        if own is None or own.start_object not in drawn.boxes or own.end_object not in drawn.boxes:
            continue
        words = " ".join(_raw_text(shapes[label_id]).translate(_FOR_RENDERERS).split())
        start, end = drawn.names[own.start_object], drawn.names[own.end_object]
        found.append((start, end, own.two_way, words))
    return found


def _labels_run_on(labels: dict[str, Box], titles: dict[str, Box]) -> list[tuple[str, str]]:
    """Return (label, other text) for each label whose text runs on from a zone title's or
    another label's on its row.

    Words a little apart on one line read as one phrase: a connector label just
    beside a zone's title reads as part of the title, and two labels side by side
    as one label.
    """
    found: list[tuple[str, str]] = []
    titled = [(TITLE_REACH, key, box) for key, box in titles.items()]
    for label_id, area in labels.items():
        others = titled + [(WORD_REACH, key, box) for key, box in labels.items() if key != label_id]
        for reach, other_id, other in others:
            overlap = min(area.bottom, other.bottom) - max(area.y, other.y)
            if overlap < min(area.height, other.height) / 2:
                continue  # not on one row
            if max(other.x - area.right, area.x - other.right) < reach:
                found.append((label_id, other_id))
                break
    return found


# ---------------------------------------------------------------- a whole deck


def architecture_slides(presentation: dict[str, Any]) -> list[dict[str, Any]]:
    """Return the generated architecture slides of a deck, in deck order."""
    from slidegen.layout.template import generated_role

    return [
        s
        for s in presentation.get("slides", []) or []
        if generated_role(s["objectId"]) == "architecture"
    ]


def measure_states(
    presentation: dict[str, Any], planned: Mapping[str, Iterable[tuple[str, str]]]
) -> dict[str, StateMeasures]:
    """Return the measures of each state over its slides.

    `planned` gives, per state, the (source name, target name) of every
    connection the plan asks for; a connection counts as drawn when some slide
    of that state joins two boxes so named. Lines are counted, not merely
    listed: two components of one name each need their own line to a third.
    """
    result = {name: StateMeasures() for name in planned}
    joined: dict[str, Counter[tuple[str, str]]] = {name: Counter() for name in planned}
    stubs: dict[str, list[Stub]] = {name: [] for name in planned}
    shown: dict[str, list[set[str]]] = {name: [] for name in planned}
    by_number: dict[str, dict[int, set[str]]] = {name: {} for name in planned}
    widths: dict[str, set[int]] = {name: set() for name in planned}
    sizes: dict[str, set[float]] = {name: set() for name in planned}
    sides: dict[str, set[str]] = {name: set() for name in planned}
    half_page = magnitude_emu((presentation.get("pageSize") or {}).get("width")) / 2
    # A slide's number is its place in the deck, as its footer shows it.
    numbers = {s["objectId"]: n for n, s in enumerate(presentation.get("slides") or [], 1)}
    for number, measures, names in (
        (numbers[slide["objectId"]], m, n)
        for slide in architecture_slides(presentation)
        for m, n in _measured(slide, half_page)
    ):
        if measures.state not in result:
            continue
        state = result[measures.state]
        state.slides += 1
        joined[measures.state].update(measures.joined)
        # A stub naming a half of its own slide points at the other part drawn beside it.
        stubs[measures.state] += [
            replace(stub, far_slide=number) if stub.far_slide == 0 else stub
            for stub in measures.stubs
        ]
        shown[measures.state].append(names)
        by_number[measures.state][number] = names
        state.detached += len(measures.detached)
        state.diagonal += len(measures.diagonal)
        state.ambiguous += len(measures.ambiguous)
        state.end_to_end += len(measures.end_to_end)
        state.shared_end += len(measures.shared_end)
        state.mixed_bus += len(measures.mixed_bus)
        state.through_box += len(measures.through_box)
        state.through_text += len(measures.through_text)
        state.labels_astray += len(measures.labels_astray) + len(measures.labels_run_on)
        state.stub_joins += len(measures.stub_joins)
        state.crossings += measures.crossings
        state.labels += measures.labels
        state.cut_words += len(measures.cut_words)
        widths[measures.state] |= measures.box_widths
        sizes[measures.state] |= measures.name_sizes
        if measures.texts_side:
            sides[measures.state].add(measures.texts_side)
    for name, pairs in planned.items():
        result[name].box_widths = len(widths[name])
        result[name].name_sizes = len(sizes[name])
        result[name].smallest_name_pt = min(sizes[name], default=0.0)
        result[name].texts_sides = len(sides[name])
        wanted = Counter(pairs)
        result[name].lines = _met(wanted, joined[name])
        joined[name].update(_stubbed(stubs[name], shown[name], by_number[name]))
        result[name].planned = sum(wanted.values())
        result[name].drawn = _met(wanted, joined[name])
    return result


def _met(wanted: Counter[tuple[str, str]], joined: Counter[tuple[str, str]]) -> int:
    """Return how many of the `wanted` connections `joined` draws, each pair at most as often."""
    return sum(min(count, joined[pair]) for pair, count in wanted.items())


def _measured(slide: dict[str, Any], half_page: float) -> list[tuple[SlideMeasures, set[str]]]:
    """Return the measures of each state on a slide, with the names of that state's boxes.

    A text list starting right of `half_page` is on the page's right side.
    """
    found = []
    elements = list(walk_elements(slide.get("pageElements", []) or []))
    for measures in measure_slide(slide):
        own = [e for e in elements if _state_of(e["objectId"]) == measures.state]
        boxes = [
            e for e in own if "_bx_" in e["objectId"] and "__" not in e["objectId"] and "shape" in e
        ]
        # An overview's boxes stand for zones or groups: only the detail slides match.
        if boxes and not _on_overview(boxes[0]["objectId"]):
            measures.box_widths = {round(element_box(e).width) for e in boxes}
            measures.name_sizes = {size for e in boxes if (size := _name_size(e["shape"]))}
            listed = [e for e in own if e["objectId"].rsplit("_", 1)[-1] in TEXT_LISTS]
            if listed:
                measures.texts_side = "right" if element_box(listed[0]).x > half_page else "left"
        found.append((measures, {_first_text(e["shape"]) for e in boxes}))
    return found


def _on_overview(object_id: str) -> bool:
    """Return True when an object belongs to the overview slide of a split state (part 0)."""
    return any(STATE_KEY.match(part) and part[3:] == "0" for part in object_id.split("_"))


def _name_size(shape: dict[str, Any]) -> float | None:
    """Return the type size of the first run of a shape's text, its component's name."""
    for element in (shape.get("text") or {}).get("textElements") or []:
        size = ((element.get("textRun") or {}).get("style") or {}).get("fontSize")
        if size:
            return float(size["magnitude"])
    return None


def _stubbed(
    stubs: Sequence[Stub], shown: Sequence[set[str]], by_number: dict[int, set[str]]
) -> Counter[tuple[str, str]]:
    """Return the connections drawn as two stubs, each naming the slide that shows its far end.

    A cut connection counts as drawn only when its source's slide has a stub
    out of the source naming the slide (or part) with the target, and its
    target's slide a stub into the target naming the one with the source.
    Connections are counted, not merely listed: two components of one name
    may each have a cut connection to a third.
    """

    def points_right(stub: Stub) -> bool:
        far = stub.target if stub.outgoing else stub.source
        if stub.far_slide is not None:
            return far in by_number.get(stub.far_slide, set())
        return 1 <= stub.far_part <= len(shown) and far in shown[stub.far_part - 1]

    good = [stub for stub in stubs if points_right(stub)]
    leaving = Counter((s.source, s.target) for s in good if s.outgoing)
    arriving = Counter((s.source, s.target) for s in good if not s.outgoing)
    return leaving & arriving


def planned_connections(plan: Any) -> dict[str, list[tuple[str, str]]]:
    """Return, per non-empty state of a plan, the (source, target) names of its connections.

    Connections from a component to itself are left out: the plan rejects them.
    """
    found: dict[str, list[tuple[str, str]]] = {}
    for name in ("current", "proposed"):
        state = getattr(plan.architecture, name)
        if not state.components or state.image:
            continue
        names = {c.id: c.name for c in state.components}
        pairs = {(c.source, c.target) for c in state.connections if c.source != c.target}
        found[name] = [(names[s], names[t]) for s, t in sorted(pairs)]
    return found


def slide_faults(slide: dict[str, Any]) -> list[tuple[str, str, str]]:
    """Return (object ID, kind, message) for every connector fault on a slide.

    Faults are what makes a diagram misread: an end off its site, a diagonal
    run, a stretch shared by connectors without a common end, a run through a
    box or through text, a label away from its connector or reading on from a
    zone's title or another label, and a stub's line meeting another line at
    an end. Crossings, mixed buses and lines meeting end to end are only counted.
    """
    found: list[tuple[str, str, str]] = []
    for measures in measure_slide(slide):
        found += [
            (c, "detached-end", "an end is not on its connection site") for c in measures.detached
        ]
        found += [(c, "diagonal", "runs diagonally") for c in measures.diagonal]
        found += [
            (a, "shared-stretch", f"shares a stretch of line with {b} but no end")
            for a, b in measures.ambiguous
        ]
        found += [(c, "through-box", f"runs through {box}") for c, box in measures.through_box]
        found += [
            (c, "through-text", f"runs through the text of {t}") for c, t in measures.through_text
        ]
        found += [
            (label, "label-astray", "is not beside its connector")
            for label in measures.labels_astray
        ]
        found += [
            (label, "label-run-on", f"reads on from the text of {other} on its row")
            for label, other in measures.labels_run_on
        ]
        found += [
            (stub_line, "stub-join", f"meets {other} at an end, reading as one connection")
            for stub_line, other in measures.stub_joins
        ]
    return found
