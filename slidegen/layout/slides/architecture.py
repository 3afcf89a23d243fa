"""The Notional Architecture slide: current and proposed states as editable diagrams.

Both states share one slide (the template's ``current`` and ``proposed``
regions, side by side) when both diagrams are legible there. Otherwise each
state gets its own slide and uses the union of the two regions; a state too
large even for that is split by zone across further slides. Components are
native rounded boxes inside zone rectangles, joined by connector lines attached to
their connection sites, so people can keep editing the diagram in Slides.

What does not fit the slide is never dropped: pain-point texts, the "what
changes" summary, connector labels without room and links to other slides go
to the speaker notes. A state with nothing recorded says so in its region, or,
when the other state needs slides of its own, in the first slide's notes.

A state's ``image`` is placed instead of a diagram. The builder receives only
URLs: ``slidegen.pipeline.resolve_images`` has already asked the backend to
turn a local file into a URL it can fetch (or refused the plan).
"""

from __future__ import annotations

import datetime as dt
import functools
import itertools
import math
from collections import Counter
from collections.abc import Callable, Collection, Iterable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from typing import Any, Final, NamedTuple, Protocol

from slidegen.digests import short_digest
from slidegen.layout.blocks import empty_page, empty_panel
from slidegen.layout.context import Box, BuildContext, PageContent, Request, TextStyle
from slidegen.layout.diagram.changes import (
    ArchitectureChanges,
    architecture_changes,
    replacement_name,
)
from slidegen.layout.diagram.draw import (
    LEGEND_FRAME_PAD,
    LEGEND_WORDS,
    DiagramIds,
    DrawStyle,
    IdMaker,
    attach,
    connector,
    draw_diagram,
    draw_label,
    draw_legend,
    draw_stubs,
    draws_legend_aside,
    framed_legend_ids,
    legend_aside_fits,
    legend_extent,
    legend_height,
    legend_size,
    legend_width,
    styled_text,
)
from slidegen.layout.diagram.geometry import (
    Arrangement,
    DiagramLayout,
    Edge,
    Graph,
    Node,
    Point,
    Route,
    Typography,
    ZoneSpec,
    assign_columns,
    balanced_layout,
    cleaned_by_moves,
    count_crossings,
    crosses_zone_labels,
    first_clean_packing,
    forget_arrangements,
    free_areas,
    free_areas_in_zones,
    label_ink,
    labels_beside_their_lines,
    layout_diagram,
    packed_in_other_zone_orders,
    packings_by_fewest_faults,
    place_label,
    placed_arrangement,
    with_buses_parted,
    with_ends_parted,
    with_labels_given_room,
    with_stretches_parted,
)
from slidegen.layout.diagram.measures import runs_through, shared_length
from slidegen.layout.diagram.small_type import smallest_type
from slidegen.layout.diagram.stubs import (
    PlacedStub,
    StubRequest,
    diagram_texts,
    join_route,
    place_stubs,
    stub_footprint,
)
from slidegen.layout.shapes import (
    clean_text,
    create_shape,
    element_properties,
    shape_look,
    style_text,
    utf16_length,
)
from slidegen.layout.slides import SlideType
from slidegen.layout.text import (
    INSET_X,
    INSET_Y,
    WIDTH_SAFETY,
    family_measured,
    fit_paragraphs,
    fit_text,
    isolate,
    line_height,
    line_height_for,
    text_width,
    with_soft_breaks,
    wrap,
)
from slidegen.plan.model import Architecture, ArchitectureState, Component, ComponentStatus, Plan
from slidegen.summary import PlanData, Snapshot
from slidegen.templates.drawing import Designer
from slidegen.units import inches, pt

STATES = ("current", "proposed")
MOST_COMPONENTS_CLEANED: Final = 20
"""Up to this many components, boxes of a state drawn whole move to part misleading lines."""
MOST_FAULTS_MOVED: Final = 8
"""The most faults a larger state's drawing in smaller type, or packing of its zones, may
have for boxes to move from it: from more, the search takes seconds and rarely ends clean.

Of 40 random states of 21 to 30 components, 8 took 18 to one slide where 4 took 16 and
6 took 17, in 9% more time; 16 took no more, in 16% more again.
"""
MOST_SMALL_STATE_FAULTS_MOVED: Final = 16
"""The most faults a drawing of a state of up to `MOST_COMPONENTS_CLEANED` components, or
the least faulty packing of its zones, may have for boxes to move from it.

The search places at most `MOVES_SEARCHED` arrangements of so few boxes: it ends within
a second or two, and clears drawings and packings of up to 13 faults. Of 482 searches
building 130 odd architectures and 100 random plans, 76 ended clean, none from more than
13 faults; the 57 from more than 16 took 120 of their 407 seconds (a half of a complete
graph of nine: 37 of 64).
"""
PACKINGS_MOVED_FROM: Final = 2
"""How many of the least faulty packings are looked through for one boxes may move from.

Given the legend's band, boxes move only from a packing that leaves the legend room: the
realistic plan's current state in smaller type reads clearly from the second, the first
leaving its legend none. In smaller type, the last try before a split, boxes move from the
second too when moves from the first do not read clearly (a 20-component state in four
zones in the tests, and one more of 40 random states of 21 to 30 components, then take one
slide); at the configured type from the first only: from the second, one random state
took 9 pt where it took 11 pt.
"""
STATE_TITLES = {"current": "Current state", "proposed": "Proposed state"}
EMPTY_TEXT = {
    "current": "Current-state architecture in progress",
    "proposed": "Proposed-state architecture in progress",
}
EMPTY_HINT = {
    "current": "To draw the current state, add its components under "
    "'architecture: current:' in the plan.",
    "proposed": "To draw the proposed state, add its components under "
    "'architecture: proposed:' in the plan.",
}
EMPTY_SECTION = "Architecture in progress"
EMPTY_SECTION_HINT = (
    "To fill this slide, add components under 'architecture: current:' and "
    "'architecture: proposed:' in the plan."
)
SHORT = {"current": "cur", "proposed": "pro"}
LEGEND_PAIN_SUFFIX = " (see notes)"
LEGEND_PAIN_LISTED = " (see list)"
LEGEND_PAIN_BOTH = " (see list and notes)"
"""A shared slide's pain entry when one part lists its pain points there, the other in the notes."""
CONTINUED = " … (continued in the speaker notes)"
GAP = pt(6)
SIDE_SHARES = (0.28, 0.33, 0.38, 0.44)
"""Shares of a diagram's width tried, narrowest first, for the pain points and changes column."""
MIN_SIDE_WIDTH = inches(1.8)
"""Below this a column of pain points reads as a ragged list of single words."""
NARROW_SIDE_WIDTH = inches(1.4)
"""The narrowest empty space a list is inset in, when stubs leave it no wider one."""
NARROWER_WIDTHS_TRIED = 3
"""How many of the other detail slides' box widths a detail slide with wider boxes tries."""
MATCHING_TYPE_DROP = 1.0
"""How many points smaller a split state's type may get for boxes of one width on every slide."""
TYPE_MATCH_ROUNDS = 3
"""How many times detail slides larger than the smallest type among them are drawn again."""
WIDTHS_FOR_ALL_TRIED = 3
"""How many of the detail slides' box widths are tried for every slide at once, at most."""
COST_OF_ONE_WIDTH = 2
"""How many more crossings, and connector labels in the notes, over all detail slides, boxes
of one width on every slide are worth at least (each; one per slide drawn again when more)."""
MAX_STRIP_COLUMNS = 3
BRIEFER_WEIGHTS = (0.75, 0.5)
"""What a briefer form of a text counts for, against 1 for the whole: more words count more."""
MAX_FREE_TRIES = 24
"""Empty spaces of a diagram tried, largest first, for its pain points or changes."""
TEXT_SIDES = {"side": "right", "below": "left"}
"""The side of the slide texts put beside the diagram or under it start on (read from)."""
LATER_PLACES = {"legend": 1, "notes": 2}
"""Where texts go only failing the other places, in the order arrangements are listed."""
STUB_ROOMS = (
    (pt(100), 0, pt(100), 0),
    (pt(130), 0, pt(130), 0),
    (0, pt(36), 0, pt(36)),
    (0, pt(48), 0, pt(48)),
    (pt(95), pt(40), 0, 0),
    (pt(95), pt(40), 0, pt(40)),
    (0, pt(40), pt(95), pt(40)),
)
"""Room tried left, above, right and below a diagram for stubs, least first.

Beside its outermost boxes is tried first; above and below, or on one side
only, where stubs find no room beside, as on half a slide.
"""
STUB_TRIES = 3
"""Arrangements of a diagram and its texts tried (best first) for room for its stubs."""

STUB_LATER_ROOMS = 2
"""Rooms tried at most after one whose stubs push its best-scored arrangement aside."""


JOIN_LABEL_MIN_ROOM = pt(72)
"""How wide a label beside a line joining two parts of a slide may be at least."""


Segment = tuple[Point, Point]
Pairs = Collection[tuple[str, str]]
"""Connections (source, target) drawn as lines between the halves of a slide, not as stubs."""


class _Joins(NamedTuple):
    """Lines joining two parts drawn on one slide."""

    requests: tuple[Request, ...] = ()
    joined: frozenset[tuple[str, str]] = frozenset()
    """The (source, target) of each connection the lines draw.

    Direction counts: a connection back the other way is another one, which
    keeps its stub and note unless a line of its own draws it.
    """
    lines: tuple[Segment, ...] = ()
    """The lines' runs."""
    unlabelled: tuple[Edge, ...] = ()
    """The connections drawn whose labels are not: the notes give them."""
    labels: tuple[Request, ...] = ()
    """Draw the labels beside the lines."""


@dataclass
class Rendered:
    """One state drawn into one area: its requests, notes, and whether it is legible."""

    requests: list[Request] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    legible: bool = True
    font_pt: float | None = None
    """The size of component names, when a diagram was drawn."""
    boxes: dict[str, Box] = field(default_factory=dict)
    """Where each component's box went, when a diagram was drawn."""
    layout: DiagramLayout | None = None
    """The diagram's layout, when one was drawn."""
    stubs: Callable[[Pairs, Sequence[Segment], Sequence[Request]], list[Request]] | None = None
    """Draws the stubs of connections cut by a split but for those joined by lines, clear of
    those lines' runs and labels (drawn by the requests given), when they are left until the end."""
    stubs_missing: Callable[[Pairs, Sequence[Segment], Sequence[Request]], int] = (
        lambda joined, lines, labels: 0
    )
    """Counts the stubs of cut connections without a clean place (the first one ends the count)."""
    stub_paths: Callable[[], list[tuple[Point, ...]]] = lambda: []
    """Gives the paths of the lines of its stubs, each placed where it would be drawn."""
    unlisted: bool = False
    """An overview's list of connections between its boxes went to the notes for lack of room."""
    legend_room: Box | None = None
    """The area the diagram of a state alone on its slide may take, its legend in empty space."""
    pains_listed: bool = False
    """Its pain points are listed on the slide, not in the notes."""
    changes_listed: bool = False
    """Its "What changes" list is on the slide, in full or briefer, not in the notes."""
    briefer_notes: int = 0
    """Lines of its notes holding in full a list the slide shows in briefer form, or counts
    at the end of its legend's row ("What changes")."""
    texts_side: str = ""
    """The side ("left", "right") of the slide its pain points and changes are on; empty if
    they are not listed on it."""
    texts_foot: tuple[int, int] | None = None
    """Where the list ends (left edge, bottom) when it is set in the diagram's empty space."""
    legend: Callable[[str, bool], list[Request]] | None = None
    """Draws the legend of a slide it shares with another part, the pain entry saying where,
    counting the changes unless told the other part lists them."""
    half: _Half | None = None
    """What joining this part's boxes to another part drawn on its slide needs."""
    connection_notes: Callable[[Pairs, Sequence[Edge], bool], list[str]] | None = None
    """Writes the notes on its connections but for those joined by lines, naming joined ones
    whose labels the slide lacks, when its stubs are left until the end."""

    def with_stubs(self, joins: _Joins | None = None, *, second: bool = False) -> Rendered:
        """Return this drawing with its stubs drawn after everything else, and its notes done.

        Connections `joins` draws as lines between two parts of a slide get no stubs,
        and no notes but for labels not drawn. The `second` part drawn on a slide leaves
        the connections between the two to the first one's notes.
        """
        if self.stubs is None:
            return self
        joins = joins or _Joins()
        notes = self.notes
        if self.connection_notes is not None:
            unlabelled = () if second else joins.unlabelled
            notes = notes + self.connection_notes(joins.joined, unlabelled, second)
        return replace(
            self,
            requests=self.requests + self.stubs(joins.joined, joins.lines, joins.labels),
            notes=notes,
            stubs=None,
            connection_notes=None,
        )


@dataclass(frozen=True)
class _Half:
    """A part of a split state as drawn, for joining its boxes to the other part on its slide."""

    view: StateView
    leaving: tuple[Edge, ...]
    layout: DiagramLayout
    texts: tuple[Box, ...]
    """What the part's lists of pain points and legend cover."""
    ids: DiagramIds
    page_id: str
    join_id: IdMaker
    """Makes IDs of the state's elements on this slide belonging to neither part."""


Paragraph = tuple[str, bool, int]
"""A paragraph of a text list: its text, whether it is a heading, and how long its number is."""


@dataclass(frozen=True)
class _TextBlock:
    """A titled list shown beside or under a diagram, or else written to the notes."""

    key: str
    heading: str
    lines: tuple[str, ...]
    notes: tuple[str, ...]
    numbered: bool = False
    """Lines start with a number matching a badge on the diagram."""
    weight: float = 1.0
    """How much showing it counts for: a briefer form counts for less than the whole."""
    briefer: tuple[_TextBlock, ...] = ()
    """Shorter forms, longest first, shown when the whole does not fit (it goes to the notes)."""

    def paragraphs(self) -> list[Paragraph]:
        """Return the heading and lines as paragraphs."""
        return [
            (self.heading, True, 0),
            *(
                (line, False, len(line.split(" ", 1)[0]) if self.numbered else 0)
                for line in self.lines
            ),
        ]


@dataclass(frozen=True)
class _Arrangement:
    """Which texts show on the slide, and where: "inset", "side", "below", "legend" or "notes".

    "inset" puts them in empty space the diagram leaves in its area; "legend"
    beside the legend, in the band it takes under the diagram.
    """

    blocks: tuple[_TextBlock, ...]
    where: str
    show_summary: bool
    font_pt: float
    stub_room: tuple[int, int, int, int] = (0, 0, 0, 0)
    """Room kept free left of, above, right of and below the diagram for stubs."""
    keep_clear: tuple[Box, ...] = ()
    """Where stubs go, which inset texts must leave free."""
    min_width: int = MIN_SIDE_WIDTH
    """The narrowest empty space inset texts may take."""
    plain_gaps: bool = False
    """Draw the diagram with its column gaps as first placed, not widened for labels."""
    counts_row: bool = False
    """Keep a legend row for the counted changes though the slide has no marks to explain."""
    legend_inset: bool = False
    """Put the legend in empty space the diagram leaves, the diagram taking the legend's band."""
    legend_aside: str = ""
    """What the last row of a legend in empty space or beside texts must hold at its end too."""
    side: str | None = None
    """The side ("left", "right") texts put in empty space must keep to, if any."""

    def lists(self, key: str) -> bool:
        """Return True when the slide lists the text block `key` ("pains", "changes")."""
        return any(block.key == key for block in self.blocks)


_StubRoom = tuple[tuple[int, int, int, int], bool]
"""Room kept free around a diagram for stubs, and whether its gaps stay as first placed."""


class _LayoutIn(Protocol):
    """Lays a state's diagram out in an area; with `must_fit`, maybe only as a verdict."""

    def __call__(self, area: Box, must_fit: bool = False) -> DiagramLayout: ...


@dataclass(frozen=True)
class _Placed:
    """An arrangement laid out: the diagram, the text requests and the legend's area."""

    arrangement: _Arrangement
    layout: DiagramLayout
    requests: list[Request]
    legend: Box
    legend_framed: bool = False
    """The legend lies in a zone's empty space, framed to read apart from the zone."""
    inset: Box | None = None
    """Where texts put in the diagram's empty space went."""
    beside_legend: Box | None = None
    """Where texts put beside the legend went (their first column)."""


def _spaces_clear_of(
    spaces: Sequence[Box], obstacles: Sequence[Box], min_width: int, min_height: int
) -> list[Box]:
    """Return the largest rectangles within `spaces` that meet no obstacle, largest first.

    Each obstacle cuts every rectangle it meets into the parts left of, right
    of, above and below it; parts smaller than `min_width` by `min_height`, or
    lying within another part, are dropped.
    """
    # Rectangles are cut thousands of times per slide: as plain (x, y, width, height).
    found: set[tuple[int, int, int, int]] = set()
    cutters = [(o.x, o.y, o.x + o.width, o.y + o.height) for o in obstacles]
    for space in spaces:
        pieces = {(space.x, space.y, space.width, space.height)}
        for left_edge, top_edge, right_edge, bottom_edge in cutters:
            cut: set[tuple[int, int, int, int]] = set()
            for piece in pieces:
                x, y, width, height = piece
                right, bottom = x + width, y + height
                if not (
                    x < right_edge and left_edge < right and y < bottom_edge and top_edge < bottom
                ):
                    cut.add(piece)
                    continue
                left, top = max(x, right_edge), max(y, bottom_edge)
                cut.update(
                    part
                    for part in (
                        (x, y, left_edge - x, height),
                        (left, y, right - left, height),
                        (x, y, width, top_edge - y),
                        (x, top, width, bottom - top),
                    )
                    if part[2] >= min_width and part[3] >= min_height
                )
            pieces = _not_within_another(cut)
        found |= pieces
    boxes = [Box(*piece) for piece in found]
    return sorted(boxes, key=lambda box: (-box.width * box.height, box.y, box.x, box.width))


def _not_within_another(
    rectangles: set[tuple[int, int, int, int]],
) -> set[tuple[int, int, int, int]]:
    """Return the rectangles (x, y, width, height) that no other of `rectangles` contains."""
    edges = [(x, y, x + width, y + height) for x, y, width, height in rectangles]
    kept = set()
    for rectangle, (left, top, right, bottom) in zip(rectangles, edges, strict=True):
        for other_left, other_top, other_right, other_bottom in edges:
            if (
                other_left <= left
                and other_top <= top
                and right <= other_right
                and bottom <= other_bottom
                and (other_left, other_top, other_right, other_bottom) != (left, top, right, bottom)
            ):
                break
        else:
            kept.add(rectangle)
    return kept


def _inset_beside_stubs(
    arrangement: _Arrangement,
    stubs: Sequence[PlacedStub],
    arrange: Callable[[_Arrangement], _Placed | None],
    clear: Callable[[_Placed], bool],
) -> _Placed | None:
    """Return `arrangement` with its texts clear of `stubs`, or of all but one, or None.

    Stubs placed before the texts may hold the only empty space the texts
    fit, while one of them could as well go elsewhere: after the texts
    clear of every stub, each stub in turn gives its place up. The first
    arrangement laid out by `arrange` that is `clear` (its stubs all find a
    clean place) wins.
    """
    spots: set[tuple[Box, ...]] = set()
    for moved in (None, *range(len(stubs))):
        kept = [stub for index, stub in enumerate(stubs) if index != moved]
        placed = arrange(replace(arrangement, keep_clear=_footprints(kept)))
        if placed is None or not placed.layout.fits:
            continue
        spot = tuple(created_boxes(placed.requests))
        if spot in spots:
            continue  # the texts went where they went for an earlier stub
        spots.add(spot)
        if clear(placed):
            return placed
    return None


def _footprints(stubs: Sequence[PlacedStub]) -> tuple[Box, ...]:
    """Return where `stubs` and their lines lie, with the room texts keep from them."""
    return tuple(box for stub in stubs for box in stub_footprint(stub, GAP))


def _block_choices(blocks: Sequence[_TextBlock]) -> list[tuple[_TextBlock, ...]]:
    """Return which of `blocks` may show, best first.

    The least needed go first, each briefly before wholly; then each of the
    later ones alone, for a slide with room for one short text but not the first.
    """
    choices: list[tuple[_TextBlock, ...]] = []
    for count in range(len(blocks), 0, -1):
        *kept, last = blocks[:count]
        choices += [(*kept, form) for form in (last, *last.briefer)]
    for alone in blocks[1:]:
        choices += [(form,) for form in (alone, *alone.briefer)]
    return [*choices, ()]


def _shown_weight(blocks: Sequence[_TextBlock]) -> float:
    """Return how much showing `blocks` counts for in an arrangement's score."""
    return sum(block.weight for block in blocks)


def _paragraphs(blocks: Sequence[_TextBlock]) -> list[Paragraph]:
    """Return the paragraphs of `blocks` in order, each a heading over its lines."""
    return [paragraph for block in blocks for paragraph in block.paragraphs()]


def _strip_key(blocks: Sequence[_TextBlock]) -> str:
    """Return the object-ID part of the text box holding `blocks`."""
    return "texts" if len(blocks) > 1 else blocks[0].key


def _balanced_split(
    paragraphs: Sequence[Paragraph], heights: Sequence[int], count: int
) -> list[tuple[int, int]] | None:
    """Return `count` runs of paragraphs whose tallest is as short as can be, or None.

    No run may end on a heading, which would part it from its lines.
    """
    best: tuple[int, list[tuple[int, int]]] | None = None
    for cuts in itertools.combinations(range(1, len(paragraphs)), count - 1):
        bounds = [0, *cuts, len(paragraphs)]
        runs = list(itertools.pairwise(bounds))
        if any(paragraphs[end - 1][1] for _, end in runs):
            continue
        tallest = max(sum(heights[start:end]) for start, end in runs)
        if best is None or tallest < best[0]:
            best = (tallest, runs)
    return None if best is None else best[1]


@dataclass(frozen=True)
class StateView:
    """What of a state one slide shows: all of it, one part of a split, or a split's overview.

    A split state takes an overview slide (every part as a zone, holding the
    components with connections to other parts, and those connections), then
    one detail slide per part. `part` counts the detail slides from 1; the
    overview is part 0.
    """

    name: str
    state: ArchitectureState
    component_ids: tuple[str, ...] | None = None
    part: int = 1
    parts: int = 1
    order: tuple[str, ...] | None = None
    """Every component of the state in the order its slides show them, for numbering."""
    groups: tuple[tuple[str, ...], ...] = ()
    """The components of every part of a split state, part 1 first."""
    numbers: tuple[int, ...] = ()
    """The deck's slide number of every part, part 1 first, when known."""
    titles: tuple[str, ...] = ()
    """What each part holds, in words ("AWS us-east-2"), part 1 first."""
    overviews: int = 0
    """How many overview slides open the state's slides (0: none)."""
    sheet: int = 1
    """Which of the overview slides this is, counted from 1."""
    shares: tuple[tuple[tuple[str, str], ...], ...] = ()
    """The (source, target) of the connections between parts each overview slide draws."""
    coarse: bool = False
    """The overview shows each part as one box, too many components cross between parts."""
    zone_links: bool = False
    """A coarse overview of zones joins them wherever connections cross zones, not only slides."""
    listed: bool = False
    """A coarse overview lists the connections between its boxes instead of drawing them."""
    per_box: int = 1
    """How many detail slides of a one-zone state one box of a coarse overview stands for."""
    min_pt: float | None = None
    """The smallest type the diagram may take, when not the configured minimum."""
    lifecycle: bool = True
    """Its columns follow the lifecycle; else the connections alone (see `assign_columns`)."""
    widest_box: int | None = None
    """The widest its boxes may be, when narrower than boxes otherwise may be."""
    exact_box: bool = False
    """Its boxes are exactly `widest_box` wide: no more columns of narrower ones."""
    beside: frozenset[int] = frozenset()
    """Parts (counted from 1) drawn right of the part before them, each on half its slide."""
    below: frozenset[int] = frozenset()
    """Parts (counted from 1) drawn under the part before them, each on half its slide."""
    legend: tuple[str, ...] | None = None
    """The entries its legend lists, when not the marks of its own diagram (see `view_legend`)."""
    texts_side: str | None = None
    """The side ("left", "right") its pain points and changes keep to, when not wherever they
    fit best: a split state's detail slides list them on one side (see `_texts_in_one_place`)."""

    @property
    def overview(self) -> bool:
        """Return True for an overview slide of a split state."""
        return self.part == 0 and self.overviews > 0

    @property
    def slides(self) -> int:
        """Return how many slides the state takes (its overviews included)."""
        return self.parts - len(self.beside) - len(self.below) + self.overviews

    @property
    def slide_index(self) -> int:
        """Return the position (from 1) of this slide among the state's slides."""
        return self.detail_slide(self.part) + self.overviews if self.part else self.sheet

    @property
    def sharing(self) -> bool:
        """Return True for a part drawn on the slide of the part before it."""
        return self.part in self.beside or self.part in self.below

    def detail_slide(self, part: int) -> int:
        """Return which detail slide (from 1) shows part `part`."""
        return part - sum(1 for other in (*self.beside, *self.below) if other <= part)

    @property
    def partner(self) -> int | None:
        """Return the other part (counted from 1) drawn on this part's slide, if any."""
        if not self.part:
            return None
        if self.sharing:
            return self.part - 1
        if self.part + 1 in self.beside or self.part + 1 in self.below:
            return self.part + 1
        return None

    @property
    def holds_slide_legend(self) -> bool:
        """Return True when the one legend of a slide two parts share lies under this part.

        That is where a whole slide's legend goes, at the foot from the left: under
        the left part of two side by side, or the lower of two one above the other.
        """
        return self.part + 1 in self.beside or self.part in self.below

    @property
    def lists_changes(self) -> bool:
        """Return False for the part holding the legend of a slide it shares: the other lists them.

        A proposed-state slide says what changes once. The part without the legend
        has the room the legend takes in the other.
        """
        return self.partner is None or not self.holds_slide_legend

    @property
    def legend_shared(self) -> bool:
        """Return True when its legend, if any, is that of a slide it shares with another part."""
        return self.legend is not None or self.partner is not None

    def part_area(self, whole: Box) -> Box:
        """Return where on its slide this part is drawn: all of `whole`, or half of it."""
        return _half(whole, self.part, self.beside, self.below)

    def part_of(self, component_id: str) -> int | None:
        """Return the part (counted from 1) of a split state that shows `component_id`."""
        return next((i + 1 for i, g in enumerate(self.groups) if component_id in g), None)


SHARED_GAP = pt(18)
"""Room between two parts drawn on one slide."""


def _half(whole: Box, part: int, beside: Collection[int], below: Collection[int]) -> Box:
    """Return the area of `part` in `whole`: its left, right, top or bottom half, or all of it."""
    width, height = (whole.width - SHARED_GAP) // 2, (whole.height - SHARED_GAP) // 2
    if part in beside:
        return Box(whole.right - width, whole.y, width, whole.height)
    if part + 1 in beside:
        return Box(whole.x, whole.y, width, whole.height)
    if part in below:
        return Box(whole.x, whole.bottom - height, whole.width, height)
    if part + 1 in below:
        return Box(whole.x, whole.y, whole.width, height)
    return whole


# ---------------------------------------------------------------- plan → graph


def pain_numbers(
    state: ArchitectureState, order: Sequence[str] | None = None
) -> dict[str, tuple[int, int]]:
    """Return, per component with pain points, the first and last number of its points.

    Components are numbered in `order` (the order their slides show them),
    else in declaration order, so numbers read upwards from slide to slide.
    """
    ranked = _in_order(state, order)
    numbers: dict[str, tuple[int, int]] = {}
    counter = 0
    for component in ranked:
        if component.pain_points:
            first = counter + 1
            counter += len(component.pain_points)
            numbers[component.id] = (first, counter)
    return numbers


def _in_order(state: ArchitectureState, order: Sequence[str] | None) -> list[Component]:
    """Return the components of `state` in `order`, any left out following in declaration order."""
    if order is None:
        return list(state.components)
    rank = {component_id: index for index, component_id in enumerate(order)}
    return sorted(state.components, key=lambda c: rank.get(c.id, len(rank)))


def _badge_text(span: tuple[int, int] | None) -> str:
    if span is None:
        return ""
    first, last = span
    return str(first) if first == last else f"{first}–{last}"


def tags(
    architecture: Architecture, name: str, component_id: str, state: ArchitectureState
) -> tuple[str, str, str]:
    """Return a component's status tag, its shorter form and the least one to keep.

    The least form leaves out what the box's look and the legend already say
    (new, retiring), so a crowded diagram keeps only "MUST STAY"; where a
    retiring component goes is also in the "what changes" summary.
    """
    component = state.component(component_id)
    words: list[str] = []
    short: list[str] = []
    if name == "proposed" and component.status is ComponentStatus.NEW:
        # The accent colour already says "new"; the word goes first when space is short.
        words.append("NEW")
    if component.status is ComponentStatus.RETIRING:
        if component.replaced_by is not None:
            # Isolated, a right-to-left name does not turn its line and the arrow with it.
            replacement = isolate(replacement_name(architecture, component.replaced_by))
            words.append(f"→ replaced by {replacement}")
            short.append(f"→ {replacement}")
        else:
            words.append("RETIRING")
            short.append("RETIRING")
    least = "MUST STAY" if component.non_negotiable else ""
    if component.non_negotiable:
        words.append("MUST STAY")
        short.append("MUST STAY")
    return " · ".join(words), " · ".join(short), least


def _node(
    architecture: Architecture,
    view: StateView,
    component: Component,
    zone: str | None,
    badge: str,
) -> Node:
    tag, short_tag, least_tag = tags(architecture, view.name, component.id, view.state)
    return Node(
        id=component.id,
        name=component.name,
        zone=zone,
        stage_order=component.stage.order if component.stage is not None else None,
        tag=tag,
        badge=badge,
        short_tag=short_tag,
        least_tag=least_tag,
    )


def _merged_edges(
    connections: Sequence[tuple[str, str, str]], *, counts: bool = False
) -> list[Edge]:
    """Return one edge per connected pair; a pair connected both ways is one two-way edge.

    A two-way edge's label says which way each part reads, unless both ways say the
    same. With `counts`, labels count connections, which add up: each keeps its arrow.
    """
    merged: dict[tuple[str, str], list[str]] = {}
    for source, target, label in connections:
        labels = merged.setdefault((source, target), [])
        if label and label not in labels:
            labels.append(label)
    edges: list[Edge] = []
    for (source, target), labels in merged.items():
        if (target, source) in merged:
            if any(e.source == target and e.target == source for e in edges):
                continue  # drawn with its reverse, as one line with two arrows
            back = merged[(target, source)]
            if labels and set(labels) == set(back) and not counts:
                # The same words both ways need no arrows of their own: the line has one
                # at each end. "→ sync / ← sync" would say it twice in a tight gap.
                edges.append(Edge(source, target, "; ".join(labels), two_way=True))
                continue
            # Which way each label reads: "→ secrets / ← tokens".
            edges.append(Edge.both_ways(source, target, "; ".join(labels), "; ".join(back)))
            continue
        edges.append(Edge(source, target, "; ".join(labels)))
    return edges


def state_graph(architecture: Architecture, view: StateView) -> tuple[Graph, list[Edge]]:
    """Return the diagram graph of a state view and the connections leaving the view."""
    if view.overview:
        return overview_graph(architecture, view), []
    state = view.state
    shown = set(view.component_ids) if view.component_ids is not None else None
    numbers = pain_numbers(state, view.order)
    nodes = tuple(
        _node(architecture, view, component, component.zone, _badge_text(numbers.get(component.id)))
        for component in state.components
        if shown is None or component.id in shown
    )
    inside: list[tuple[str, str, str]] = []
    leaving: list[Edge] = []
    for connection in state.connections:
        within = shown is None or (connection.source in shown and connection.target in shown)
        touches = shown is None or connection.source in shown or connection.target in shown
        if not within:
            if touches:
                leaving.append(Edge(connection.source, connection.target, connection.label or ""))
            continue
        inside.append((connection.source, connection.target, connection.label or ""))
    used_zones = {node.zone for node in nodes}
    continued = _zones_continued(view)
    zones = tuple(
        ZoneSpec(zone.id, f"{zone.name} (continued)" if zone.id in continued else zone.name)
        for zone in state.zones
        if shown is None or zone.id in used_zones
    )
    graph = Graph(nodes, tuple(_merged_edges(inside)), zones, lifecycle=view.lifecycle)
    return graph, leaving


def _zones_continued(view: StateView) -> set[str]:
    """Return the zones a part shares with the part drawn before it on the same slide.

    Two boxes with one zone's name side by side would read as two places.
    """
    if not view.sharing or view.partner is None:
        return set()
    zone_of = {component.id: component.zone for component in view.state.components}
    mine = {zone_of[component_id] for component_id in view.groups[view.part - 1]}
    before = {zone_of[component_id] for component_id in view.groups[view.partner - 1]}
    return {zone for zone in mine & before if zone is not None}


def part_zone_title(view: StateView, part: int) -> str:
    """Return the title of a part's zone on the overview: what it holds and where it is shown."""
    title = view.titles[part - 1] if len(view.titles) >= part else f"Part {part}"
    count = len(view.groups[part - 1])
    noun = "component" if count == 1 else "components"
    # Isolated, a right-to-left title cannot lay the English words after it out backwards.
    return f"{isolate(title)} · {count} {noun} on {part_label(view, part)}"


def cross_part_connections(view: StateView) -> list[tuple[str, str, str]]:
    """Return the (source, target, label) of each connection between two parts of a split.

    An overview slide sharing them with others returns only its own share.
    """
    share = set(view.shares[view.sheet - 1]) if view.overview and view.shares else None
    return [
        (c.source, c.target, c.label or "")
        for c in view.state.connections
        if c.source != c.target
        and view.part_of(c.source) != view.part_of(c.target)
        and (share is None or (c.source, c.target) in share)
    ]


def crossing_groups(view: StateView) -> list[tuple[tuple[str, str], ...]]:
    """Return the connections between parts, a connection and its reverse together.

    Groups come ordered by the parts they join, so neighbours join the same parts.
    """
    pairs: dict[frozenset[str], list[tuple[str, str]]] = {}
    for source, target, _ in cross_part_connections(replace(view, shares=())):
        pairs.setdefault(frozenset((source, target)), []).append((source, target))

    def parts_of(pair: frozenset[str]) -> tuple[int, ...]:
        return tuple(sorted(view.part_of(end) or 0 for end in pair))

    return [tuple(pairs[pair]) for pair in sorted(pairs, key=parts_of)]


def overview_graph(architecture: Architecture, view: StateView) -> Graph:
    """Return the overview of a split state: each part a zone, and the connections between parts.

    A part's zone holds the components with connections to other parts; a
    part without any shows one box counting its components, so every part is on
    the overview. Pain-point badges are left to the detail slides. A coarse
    overview draws each part as one box, joined to another by one connector
    saying how many connections run between them.
    """
    if view.coarse:
        return _coarse_overview(view)
    crossing = cross_part_connections(view)
    ends = {source for source, _, _ in crossing} | {target for _, target, _ in crossing}
    by_id = {component.id: component for component in view.state.components}
    taken = set(by_id)
    nodes: list[Node] = []
    zones: list[ZoneSpec] = []
    for index, group in enumerate(view.groups):
        zone_id = f"part{index + 1}"
        zones.append(ZoneSpec(zone_id, part_zone_title(view, index + 1)))
        shown = [by_id[c] for c in group if c in ends]
        nodes += [_node(architecture, view, component, zone_id, "") for component in shown]
        if not shown:
            placeholder = f"part-{index + 1}-components"
            while placeholder in taken:
                placeholder += "-"
            taken.add(placeholder)
            noun = "component" if len(group) == 1 else "components"
            nodes.append(Node(placeholder, f"{len(group)} {noun}", zone_id))
    return Graph(nodes=tuple(nodes), edges=tuple(_merged_edges(crossing)), zones=tuple(zones))


def _coarse_overview(view: StateView) -> Graph:
    """Return a split state's zones as boxes, joined where connections run between them.

    A state of one zone (or none) shows its parts instead. Each box says how
    many components it holds and which slides show them; each connector how
    many connections it stands for: every connection between two zones (with
    `zone_links`), else every one between two slides.
    """
    by_zone, units, titles, unit_of = _coarse_units(view)
    nodes = []
    for key, members in units.items():
        parts = sorted({part for c in members if (part := view.part_of(c)) is not None})
        # Parts sharing a slide name it once.
        labels = list(dict.fromkeys(part_label(view, part) for part in parts))
        where = ", ".join(labels)
        if len(labels) > 1 and len(view.numbers) >= parts[-1]:
            slides = dict.fromkeys(str(view.numbers[part - 1]) for part in parts)
            where = "slides " + ", ".join(slides)
        noun = "component" if len(members) == 1 else "components"
        nodes.append(Node(key, titles[key], tag=f"{len(members)} {noun} · {where}"))
    if view.listed:
        # The connections are listed beside the boxes: no line can mislead.
        return Graph(nodes=tuple(nodes), edges=())
    pairs = [
        (first, second, _connections_count(count))
        for (first, second), count in _unit_links(view, unit_of, by_zone).items()
    ]
    return Graph(nodes=tuple(nodes), edges=tuple(_merged_edges(pairs, counts=True)))


def _coarse_units(
    view: StateView,
) -> tuple[bool, dict[str, list[str]], dict[str, str], dict[str, str]]:
    """Return a coarse overview's boxes: by zone or not, members, titles, box of each component."""
    by_zone = len({c.zone for c in view.state.components}) > 1
    units: dict[str, list[str]] = {}
    titles: dict[str, str] = {}
    zone_names = {zone.id: zone.name for zone in view.state.zones}
    unit_of: dict[str, str] = {}
    for index, group in enumerate(view.groups):
        band = index // view.per_box
        for component_id in group:
            zone = view.state.component(component_id).zone
            key = f"zone-{zone}" if by_zone else f"part{band + 1}"
            if key not in titles:
                titles[key] = (
                    zone_names.get(zone or "", "Outside any zone")
                    if by_zone
                    else (view.titles[index] if len(view.titles) > index else f"Part {index + 1}")
                )
            units.setdefault(key, []).append(component_id)
            unit_of[component_id] = key
    if not by_zone and view.per_box > 1:
        # A box standing for several slides is named by the stages it spans, else its parts.
        for band, key in enumerate(units):
            first = band * view.per_box + 1
            last = min(first + view.per_box - 1, view.parts)
            titles[key] = _stage_span(view.state, units[key]) or f"Parts {first}–{last}"
    return by_zone, units, titles, unit_of


def listed_links(view: StateView) -> list[str]:
    """Return a listed overview's connections between its boxes, e.g. 'AWS ↔ Azure: 3 connections'.

    Each pair of boxes takes one line, in the order the boxes are drawn;
    the arrow says which way its connections run.
    """
    by_zone, units, titles, unit_of = _coarse_units(view)
    counts = _unit_links(view, unit_of, by_zone)
    rank = {key: index for index, key in enumerate(units)}
    lines = []
    for first, second in sorted(
        {tuple(sorted(pair, key=rank.__getitem__)) for pair in counts},
        key=lambda pair: (rank[pair[0]], rank[pair[1]]),
    ):
        ahead, back = counts.get((first, second), 0), counts.get((second, first), 0)
        arrow = "↔" if ahead and back else ("→" if ahead else "←")
        first_title, second_title = isolate(titles[first]), isolate(titles[second])
        lines.append(f"{first_title} {arrow} {second_title}: {_connections_count(ahead + back)}")
    return lines


def _connections_count(count: int) -> str:
    """Return "3 connections": a no-break space keeps the count on the line of its noun."""
    return f"{count}\u00a0connection{'s' if count > 1 else ''}"


def _unit_links(
    view: StateView, unit_of: dict[str, str], by_zone: bool
) -> dict[tuple[str, str], int]:
    """Return how many connections run from one box of a coarse overview to another."""
    counts: dict[tuple[str, str], int] = {}
    # Zones as boxes join wherever a connection crosses zones, on one slide or between two.
    crossing = (
        [(c.source, c.target) for c in view.state.connections if c.source != c.target]
        if by_zone and view.zone_links
        else [(source, target) for source, target, _ in cross_part_connections(view)]
    )
    for source, target in crossing:
        pair = (unit_of[source], unit_of[target])
        if pair[0] != pair[1]:
            counts[pair] = counts.get(pair, 0) + 1
    return counts


def legend_entries(
    state: ArchitectureState,
    name: str,
    shown: Collection[str] | None = None,
    *,
    pains: bool = True,
) -> list[str]:
    """Return the kinds of legend entry a diagram of `shown` components needs, in a fixed order.

    Without `shown`, the whole state is drawn. A slide's legend lists exactly
    the marks on that slide; without `pains` it shows no pain-point badges.
    """
    components = [c for c in state.components if shown is None or c.id in shown]
    entries = []
    if pains and any(c.pain_points for c in components):
        entries.append("pain")
    if any(c.non_negotiable for c in components):
        entries.append("must_stay")
    if name == "proposed" and any(c.status is ComponentStatus.NEW for c in components):
        entries.append("new")
    if any(c.status is ComponentStatus.RETIRING for c in components):
        entries.append("retiring")
    return entries


def view_legend(view: StateView) -> list[str]:
    """Return the legend entries the diagram of `view` draws.

    Of two parts sharing a slide, the one the slide's legend lies under lists
    the marks of both, the other none.
    """
    if view.legend is not None:
        return list(view.legend)
    if view.partner is not None:
        return slide_legend(view) if view.holds_slide_legend else []
    if view.overview and view.coarse:
        return []
    if view.overview:
        crossing = cross_part_connections(view)
        ends = {source for source, _, _ in crossing} | {target for _, target, _ in crossing}
        return legend_entries(view.state, view.name, ends, pains=False)
    return legend_entries(view.state, view.name, view.component_ids)


def slide_legend(view: StateView) -> list[str]:
    """Return the entries of the one legend of a slide two parts share: the marks of both."""
    shown = list(view.component_ids or ())
    if view.partner is not None:
        shown += view.groups[view.partner - 1]
    return legend_entries(view.state, view.name, shown)


def shared_legend(views: Sequence[StateView], drawn: Sequence[Rendered]) -> list[Request]:
    """Return the one legend of a slide two parts share, under the part it belongs under.

    The pain entry says where the numbered points are: in the slide's lists,
    in the notes, or, one part listing them and the other not, in both.
    """
    listed = {
        rendered.pains_listed
        for view, rendered in zip(views, drawn, strict=True)
        if "pain" in legend_entries(view.state, view.name, view.component_ids)
    }
    changes_listed = any(rendered.changes_listed for rendered in drawn)
    where = LEGEND_PAIN_LISTED if listed == {True} else LEGEND_PAIN_SUFFIX
    if len(listed) > 1:
        where = LEGEND_PAIN_BOTH
    return [
        request
        for view, rendered in zip(views, drawn, strict=True)
        if view.holds_slide_legend and rendered.legend is not None
        for request in rendered.legend(where, changes_listed)
    ]


def pain_lines(
    state: ArchitectureState, shown: set[str] | None = None, order: Sequence[str] | None = None
) -> list[str]:
    """Return the numbered pain points, e.g. '1 Jenkins: build queue of 45 minutes'."""
    numbers = pain_numbers(state, order)
    lines = []
    for component in _in_order(state, order):
        if component.id not in numbers or (shown is not None and component.id not in shown):
            continue
        first = numbers[component.id][0]
        for offset, point in enumerate(component.pain_points):
            # Isolated, a right-to-left name cannot turn an English point around it.
            lines.append(f"{first + offset} {isolate(component.name)}: {point}")
    return lines


# ---------------------------------------------------------------- drawing one state


def _name_of(state: ArchitectureState, component_id: str) -> str:
    try:
        return state.component(component_id).name
    except KeyError:
        return component_id


def part_label(view: StateView, part: int) -> str:
    """Return how a stub names another part of a split state: "slide 7", else "part 2/3"."""
    if len(view.numbers) >= part:
        return f"slide {view.numbers[part - 1]}"
    return f"part {part}/{view.parts}"


def _shares_slide(view: StateView, part: int) -> bool:
    """Tell whether another `part` is drawn on the slide of `view`'s own part."""
    own = view.part
    return own >= 1 and part != own and view.detail_slide(part) == view.detail_slide(own)


def _far_part(view: StateView, edge: Edge) -> int | None:
    """Return the part of a split state drawing the far end of a connection `view` cuts."""
    shown = set(view.component_ids or ())
    return view.part_of(edge.target if edge.source in shown else edge.source)


def _where(view: StateView, part: int) -> str:
    """Return where another `part` is drawn, as `view`'s slide says it: "slide 7", "left half"."""
    return _half_named(view, part) if _shares_slide(view, part) else part_label(view, part)


def _half_named(view: StateView, part: int) -> str:
    """Return which half of `view`'s slide another `part` on it takes: "left half", "top half"."""
    later = max(part, view.part)
    if later in view.beside:
        return "right half" if part == later else "left half"
    return "bottom half" if part == later else "top half"


def _part_note(view: StateView, edge: Edge) -> str:
    """Return where a cut connection's far end is drawn: " (on slide 7)", " (on the left half)"."""
    part = _far_part(view, edge)
    if part is None:
        return ""
    if _shares_slide(view, part):
        return f" (on the {_half_named(view, part)})"
    return f" (on {part_label(view, part)})"


def _with_legend_inset(arrangements: Sequence[_Arrangement], aside: str) -> list[_Arrangement]:
    """Return the arrangements with the legend in the diagram's empty space, then the last.

    The last (every text in the notes, the legend below) stays the last resort;
    one not listing the changes keeps `aside` (their counts) at its legend's end.
    """
    last = arrangements[-1]
    inset = [
        replace(
            arrangement,
            legend_inset=True,
            legend_aside="" if arrangement.lists("changes") else aside,
        )
        for arrangement in arrangements
        if arrangement.where not in ("inset", "legend") and not arrangement.counts_row
    ]
    return [last, *inset]


def _pains_where(arrangement: _Arrangement) -> str:
    """Return what the legend's pain entry says of where the pain points are listed."""
    return LEGEND_PAIN_LISTED if arrangement.lists("pains") else LEGEND_PAIN_SUFFIX


def _legend_entries(words: dict[str, str], pain_where: str) -> list[tuple[str, str]]:
    """Return the legend's entries (kind, words), the pain entry saying where the list is."""
    return [(kind, text + (pain_where if kind == "pain" else "")) for kind, text in words.items()]


def _cut_notes(view: StateView, cut: Sequence[Edge]) -> list[str]:
    """Return the notes listing the connections `view` cuts, each with where its far end is.

    The heading says where they go: other slides, the other part of this slide, or both.
    """
    if not cut:
        return []
    here = [(part := _far_part(view, e)) is not None and _shares_slide(view, part) for e in cut]
    if all(here):
        heading = "connections to components in the other part of this slide:"
    elif any(here):
        heading = "connections to components on other slides or in the other part of this slide:"
    else:
        heading = "connections to components on other slides:"
    title = STATE_TITLES[view.name]
    return [f"{title} {heading}"] + [
        f"  {_edge_note(view.state, e)}{_part_note(view, e)}" for e in cut
    ]


def stub_requests(view: StateView, leaving: Sequence[Edge]) -> list[StubRequest]:
    """Return one stub per box of `view` with cut connections, listing their far ends.

    A line reads "→ Target (part 2/3)" for a connection leaving the box,
    "Source (part 1/3) →" for one arriving and "↔ Other (part 3/3)" for
    connections both ways with one far end; leaving ones come first, then
    two-way, then arriving. A far end drawn in the other half of the same slide
    names that half: "(left half)", "(bottom half)".
    """
    shown = set(view.component_ids or ())
    ends: dict[str, tuple[dict[str, None], dict[str, None]]] = {}
    for edge in leaving:
        outgoing = edge.source in shown
        near, far = (edge.source, edge.target) if outgoing else (edge.target, edge.source)
        part = view.part_of(far)
        if part is None:
            continue
        # Isolated, a right-to-left name keeps the line left to right: an arrow before or
        # after it still points at it or away from it, as on the other lines.
        name = isolate(_name_of(view.state, far))
        # "left half" wraps as one: a stub never splits the half it names over two lines.
        where = _where(view, part).replace(" half", "\u00a0half")
        out, into = ends.setdefault(near, ({}, {}))
        (out if outgoing else into)[f"{name} ({where})"] = None
    stubs = []
    for node_id, (out, into) in ends.items():
        # One far end reached both ways is one line: two would repeat a long name.
        both = [far for far in out if far in into]
        # A no-break space keeps each arrow with the word beside it: a stub that wraps
        # never leaves an arrow alone on a line.
        lines = [f"→\u00a0{far}" for far in out if far not in into]
        lines += [f"↔\u00a0{far}" for far in both]
        lines += [f"{far}\u00a0→" for far in into if far not in out]
        stubs.append(
            StubRequest(node_id, "\n".join(lines), outgoing=bool(out), incoming=bool(into))
        )
    return stubs


def created_boxes(requests: Sequence[Request]) -> list[Box]:
    """Return what the shapes `requests` create cover: a bare text box only its text's extent.

    A list of pain points gets the whole width of the space it is set in, yet
    its lines may be short; a stub may sit beside them.
    """
    return [box for _, box, _ in _created_shapes(requests)]


def fitted_to_text(requests: Sequence[Request]) -> list[Request]:
    """Return `requests` with every bare text box they create only as wide as its text.

    The shape of a list set in the whole width would reach under a stub placed
    beside its short lines; its text and line breaks stay as they were.
    """
    narrowed = {
        object_id: box
        for object_id, box, full in _created_shapes(requests)
        if box.width < full.width
    }
    fitted: list[Request] = []
    for request in requests:
        create = request.get("createShape")
        if create is not None and create["objectId"] in narrowed:
            page_id = create["elementProperties"]["pageObjectId"]
            box = narrowed[create["objectId"]]
            request = create_shape(create["objectId"], page_id, box, create["shapeType"])
        fitted.append(request)
    return fitted


def _created_shapes(requests: Sequence[Request]) -> list[tuple[str, Box, Box]]:
    """Return each shape `requests` create: its ID, what it covers, and its whole box."""
    texts: dict[str, str] = {}
    sizes: dict[str, float] = {}
    families: dict[str, str] = {}
    for request in requests:
        if "insertText" in request:
            body = request["insertText"]
            texts[body["objectId"]] = texts.get(body["objectId"], "") + body["text"]
        elif "updateTextStyle" in request:
            body = request["updateTextStyle"]
            size = body.get("style", {}).get("fontSize", {}).get("magnitude")
            if size is not None:
                sizes[body["objectId"]] = max(sizes.get(body["objectId"], 0.0), float(size))
            if "fontFamily" in body.get("style", {}):
                families[body["objectId"]] = body["style"]["fontFamily"]
    shapes = []
    for request in requests:
        create = request.get("createShape")
        if create is None:
            continue
        properties = create["elementProperties"]
        size, transform = properties["size"], properties["transform"]
        whole = Box(
            int(transform.get("translateX", 0)),
            int(transform.get("translateY", 0)),
            int(size["width"]["magnitude"]),
            int(size["height"]["magnitude"]),
        )
        box = whole
        object_id = create["objectId"]
        if create.get("shapeType") == "TEXT_BOX" and object_id in texts and object_id in sizes:
            # Bold is the wider face: measuring every line bold never understates the text.
            font_pt, family = sizes[object_id], families.get(object_id)
            inner = max(1, box.width - 2 * INSET_X)
            widest = max(
                (
                    text_width(line, font_pt, True, family)
                    for line in wrap(texts[object_id], inner, font_pt, family=family)
                ),
                default=0,
            )
            # Lines are wrapped within WIDTH_SAFETY of a box: the fitted box leaves that much
            # room, or its widest line would wrap again where the box was cut to it.
            fitted = math.ceil(widest / WIDTH_SAFETY) + 2 * INSET_X + pt(2)
            box = Box(box.x, box.y, min(box.width, fitted), box.height)
        shapes.append((object_id, box, whole))
    return shapes


def _edge_note(state: ArchitectureState, edge: Edge, names: dict[str, str] | None = None) -> str:
    """Return a connection in words, its ends named as drawn (`names`) or as in the plan."""
    names = names or {}
    source = isolate(names.get(edge.source) or _name_of(state, edge.source))
    target = isolate(names.get(edge.target) or _name_of(state, edge.target))
    arrow = "↔" if edge.two_way else "→"
    text = f"{source} {arrow} {target}"
    # Isolated, a right-to-left label cannot lay the arrow out backwards between its ends.
    return f"{text}: {isolate(edge.label)}" if edge.label else text


class _Painter:
    """Draws states of one plan on pages of one build."""

    def __init__(self, ctx: BuildContext) -> None:
        self.ctx = ctx
        style = ctx.config.style
        self.style = DrawStyle(style.font_family, style.palette)
        self.family = family_measured(style.font_family)
        self.typography = Typography(
            max_pt=style.body_font_pt, min_pt=style.min_font_pt, family=self.family
        )
        self.footer_pt = max(style.min_font_pt, style.body_font_pt - 2)
        self.changes: ArchitectureChanges = architecture_changes(ctx.plan.architecture)
        self._layouts: dict[tuple[Graph, Box, Typography], DiagramLayout] = {}
        self._unfit: dict[tuple[Graph, Box, Typography], DiagramLayout] = {}
        """Verdicts that a graph does not fit an area, where only a fitting layout was wanted."""
        self._parted: dict[tuple[Graph, Box, Typography, bool, bool], DiagramLayout] = {}
        """What `layout` returned, buses mixing arrows parted (see `with_buses_parted`)."""
        self._ends_parted: dict[tuple[Graph, Box, Typography, bool, bool], DiagramLayout] = {}
        """What `layout` returned, only lines meeting end to end parted (see `with_ends_parted`)."""
        self._parting_stretches: set[tuple[Graph, Box, Typography]] = set()
        """Areas whose drawing kept lines sharing a stretch without a common end: their
        layouts have such lines parted (see `with_stretches_parted`)."""
        self._labelled: dict[tuple[Graph, int], tuple[DiagramLayout, DiagramLayout]] = {}
        """Layouts given room for more labels (see `with_labels_given_room`), by the layout."""
        self._balanced: dict[tuple[Graph, Box, Typography], DiagramLayout | None] = {}
        """Layouts from balanced layers that read clearly, None where none does."""
        self._balanced_failed: dict[tuple[Graph, Typography], list[tuple[int, int]]] = {}
        """The width and height of each area a graph's balanced layers did not read clearly in."""
        self._choices: dict[tuple[object, ...], _Arrangement] = {}
        """The arrangement chosen for a diagram and its texts in a body, whatever the page."""
        self._cleaned: dict[tuple[Graph, Typography], Arrangement] = {}
        """Boxes moved among their zones' cells until no line of a state drawn whole misleads."""
        self._legend_insets: set[tuple[Graph, Typography]] = set()
        """States alone on a slide that read clearly only with their legend in empty space."""
        self._stub_places: dict[
            tuple[object, ...], tuple[DiagramLayout, list[PlacedStub | None], bool]
        ] = {}
        """Where stubs went beside a layout and texts; whether every stub was tried."""
        self.group_verdicts: dict[tuple[str, tuple[str, ...], Box, object, Typography], bool] = {}
        """Whether a group of a state's components reads clearly alone, stubs and all."""
        self.joined_verdicts: dict[tuple[str, tuple[str, ...], Box, object, Typography], bool] = {}
        """Whether such a group keeps its stubs in place at the smallest type too."""
        self.cuts: dict[tuple[object, ...], tuple[float, list[int]] | None] = {}
        """The fewest connections parted by cutting a sequence of components into runs."""
        self.split_min_pt: dict[str, float] = {}
        """The smaller type a state's overview and detail slides may take, by state name.

        A state small enough for smaller type (see `smallest_type`) that needs several
        slides even in it takes it on them too, when that saves slides or matches their
        boxes' widths, and sends no more to the notes (see `build`).
        """

    def split_typography(self, name: str) -> Typography:
        """Return the type sizes the overview and detail slides of state `name` may take."""
        smallest = self.split_min_pt.get(name)
        return self.typography if smallest is None else replace(self.typography, min_pt=smallest)

    def layout(
        self,
        graph: Graph,
        area: Box,
        typography: Typography,
        must_fit: bool = False,
        *,
        balance: bool = False,
        part_buses: bool = False,
        part_ends: bool = False,
    ) -> DiagramLayout:
        """Return the layout of `graph` in `area`, computed once per build.

        With `must_fit`, a layout that does not fit may be a bare verdict (see `layout_diagram`).
        With `balance`, a layout that does not read clearly gives way to one from layers
        balanced in height that does (see `balanced_layout`). With `part_buses`, lines
        leaving a box beside another's arrowhead there move where they can (see
        `with_buses_parted`); a diagram with stubs asks for none, as the moves may take
        the room its stubs were placed in. A state drawn whole then also takes a little
        smaller type where that shows more labels (see `with_labels_given_room`), and
        lines meeting end to end are parted where that costs nothing (see `with_ends_parted`).
        With `part_ends` alone (a diagram with stubs), only those are, before its stubs
        are placed beside it: their moves keep every box within its zone's padding.
        """
        key = (graph, area, typography, must_fit, balance)
        if not part_buses:
            drawn = self._layout_or_balanced(graph, area, typography, must_fit, balance)
            if not part_ends:
                return drawn
            if key not in self._ends_parted:
                self._ends_parted[key] = with_ends_parted(graph, drawn)
            return self._ends_parted[key]
        if key not in self._parted:
            drawn = self._layout_or_balanced(graph, area, typography, must_fit, balance)
            parted = with_buses_parted(graph, drawn)
            if (graph, area, typography) in self._parting_stretches:
                parted = with_stretches_parted(graph, parted) or parted
            if (graph, typography) in self._legend_insets:
                # A legend in the diagram's empty space keeps the layout whose space was found.
                self._parted[key] = parted
            elif typography.max_pt < self.typography.max_pt:
                # Names held to another diagram's size (two states side by side) keep it:
                # smaller type for labels here would part the two sizes again.
                self._parted[key] = with_ends_parted(graph, parted)
            else:
                labelled = self._labels_given_room(graph, parted)
                self._parted[key] = with_ends_parted(graph, labelled)
        return self._parted[key]

    def _labels_given_room(self, graph: Graph, layout: DiagramLayout) -> DiagramLayout:
        """Return `with_labels_given_room` of `layout`, worked out once per layout."""
        # One layout comes back under several keys of `_parted` (a fit required or not):
        # keyed by the object itself, it is worked out once.
        key = (graph, id(layout))
        known = self._labelled.get(key)
        if known is None or known[0] is not layout:
            roomier = with_labels_given_room(graph, layout, self.typography.min_pt)
            known = self._labelled[key] = (layout, roomier)
        return known[1]

    def _layout_or_balanced(
        self, graph: Graph, area: Box, typography: Typography, must_fit: bool, balance: bool
    ) -> DiagramLayout:
        """Return the layout `layout` stands for, buses as first placed."""
        laid_out = self._layout(graph, area, typography, must_fit)
        if not balance or reads_clearly(laid_out):
            return laid_out
        key = (graph, area, typography)
        if key not in self._balanced:
            # Boxes are not moved among cells here: parts are laid out in many areas. Nor
            # are they laid out in an area no larger than one where they did not read clearly.
            failed = self._balanced_failed.setdefault((graph, typography), [])
            if any(area.width <= w and area.height <= h for w, h in failed):
                return laid_out
            balanced = balanced_layout(graph, area, typography, must_fit)
            self._balanced[key] = balanced if reads_clearly(balanced) else None
            if self._balanced[key] is None:
                failed.append((area.width, area.height))
        return self._balanced[key] or laid_out

    def _layout(
        self, graph: Graph, area: Box, typography: Typography, must_fit: bool
    ) -> DiagramLayout:
        """Return the layout of `graph` in `area` from its flow's layers, worked out once."""
        key = (graph, area, typography)
        known = self._layouts.get(key)
        if known is None and must_fit:
            known = self._unfit.get(key)  # a verdict is all a fitting layout was wanted for
        if known is not None:
            return known
        cleaned = self._cleaned.get((graph, typography))
        if cleaned is not None:
            placed = placed_arrangement(graph, area, typography, cleaned)
            if reads_clearly(placed):
                self._layouts[key] = placed
                return placed
        if must_fit:
            verdict = layout_diagram(graph, area, typography, must_fit=True)
            if verdict.fits:
                self._layouts[key] = verdict
                return verdict
            self._unfit[key] = verdict
            return verdict
        self._layouts[key] = layout_diagram(graph, area, typography)
        return self._layouts[key]

    def cleaned(self, view: StateView, rendered: Rendered) -> bool:
        """Move the boxes of a drawing that misleads or does not fit; say if it is then clear.

        A drawing that fits but misleads has its boxes moved among their zones'
        cells; failing that, and for one whose diagram does not fit, zones are
        packed in rows in other orders than the flow's (with five or six zones,
        layouts try only the flow's); failing those, the layers are balanced in
        height, then balanced pushing boxes right too (see `balanced_layout`), and
        its boxes moved if that misleads; failing that, boxes move
        from the least faulty packing of its zones (see `PACKINGS_MOVED_FROM`);
        failing that, layers are balanced moving a hub's spokes to its other side
        (`balanced_layout`'s `flip`), and its boxes moved if that misleads. Boxes
        move only from a drawing or packing of at most
        `MOST_SMALL_STATE_FAULTS_MOVED` faults. Only a whole state of up to
        `MOST_COMPONENTS_CLEANED` components is tried, or a larger one in smaller
        type (see `smallest_type`), whose boxes move only from a drawing of at
        most `MOST_FAULTS_MOVED` faults and whose zones keep the flow's order
        (balanced, not packed in rows of zones either). Failing all that, a state
        alone on its slide gets the same tries given the legend's band too, its
        legend then in the diagram's empty space (see `_clear_with_legend_inset`);
        failing that, a small state whose drawing misleads in its last try on one
        slide (in smaller type, where its size allows that) takes the cheapest
        clean packing of its zones of all (see `_cleanest_packing`). When done,
        the state's layouts are worked out again with those cells.
        """
        drawn = rendered.layout
        components = len(view.state.components)
        larger = components > MOST_COMPONENTS_CLEANED
        if drawn is None or view.component_ids is not None or (larger and view.min_pt is None):
            return False
        misleads = rendered.legible and _misleads(rendered)
        if not misleads and drawn.fits:
            return False
        graph = state_graph(self.ctx.plan.architecture, view)[0]
        found = self._clean_layout(graph, drawn.area, drawn, misleads, larger)
        if found is None or found.arrangement is None:
            if self._clear_with_legend_inset(view, rendered, graph, larger):
                return True
            # Only at a state's last try on one slide: the tries after this one (smaller
            # type) may find a tidier clean drawing than the cheapest clean packing.
            last_try = view.min_pt is not None or (
                smallest_type(components, self.typography.min_pt) >= self.typography.min_pt
            )
            searched = misleads and last_try and not larger
            found = _cleanest_packing(graph, drawn, self.typography.min_pt) if searched else None
            if found is None or found.arrangement is None:
                return False
        self._cleaned[(graph, drawn.typography)] = found.arrangement
        self._forget_layouts(graph)
        return True

    def _clear_with_legend_inset(
        self, view: StateView, rendered: Rendered, graph: Graph, larger: bool
    ) -> bool:
        """Say if the diagram reads clearly given the legend's band, its legend in its empty space.

        Its layout in that room, or failing that the one `cleaned` searches for
        there, must leave the legend a place (see `_legend_spot`). When it does,
        the state's slide puts its legend there from here on.
        """
        room, drawn = rendered.legend_room, rendered.layout
        if room is None or drawn is None:
            return False
        typography = drawn.typography
        words = {kind: LEGEND_WORDS[kind] for kind in view_legend(view)}
        entries = _legend_entries(words, LEGEND_PAIN_SUFFIX)
        aside = self._changes_aside(view)

        def leaves_room(layout: DiagramLayout) -> bool:
            return self._legend_spot(entries, aside, layout, room) is not None

        laid_out = self.layout(graph, room, typography)
        cells = None
        if not reads_clearly(laid_out):
            # Moving boxes takes seconds: only from a layout with room for the legend already.
            cleaned = self._clean_layout(
                graph, room, laid_out, laid_out.fits, larger, may_move=leaves_room
            )
            if cleaned is None or cleaned.arrangement is None:
                return False
            laid_out, cells = cleaned, cleaned.arrangement
        if not leaves_room(laid_out):
            return False
        if cells is not None:
            self._cleaned[(graph, typography)] = cells
        self._legend_insets.add((graph, typography))
        self._forget_layouts(graph)
        return True

    def _changes_aside(self, view: StateView) -> str:
        """Return the counts a proposed state's legend ends with when no list shows its changes."""
        counts = self.changes.counts() if view.name == "proposed" else ""
        return f"What changes: {counts}" if counts else ""

    def _clean_layout(
        self,
        graph: Graph,
        area: Box,
        drawn: DiagramLayout,
        misleads: bool,
        larger: bool,
        may_move: Callable[[DiagramLayout], bool] = lambda layout: True,
    ) -> DiagramLayout | None:
        """Return a layout of `graph` in `area` that reads clearly, searched as `cleaned` says.

        Boxes move only from layouts `may_move` allows.
        """
        typography = drawn.typography
        most = MOST_FAULTS_MOVED if larger else MOST_SMALL_STATE_FAULTS_MOVED

        def moved(layout: DiagramLayout) -> DiagramLayout | None:
            # From many faults the search takes seconds, and fails.
            if _faults(layout) > most or not may_move(layout):
                return None
            return cleaned_by_moves(graph, area, typography, layout)

        def balanced(push: bool = False, flip: bool = False) -> DiagramLayout | None:
            # Only a balanced layout that fits can read clearly: one that does not is a
            # verdict. Zones of a larger state are not packed in rows: that takes as long again.
            laid_out = balanced_layout(
                graph, area, typography, must_fit=True, packed=not larger, push=push, flip=flip
            )
            if laid_out is not None and laid_out.fits and not reads_clearly(laid_out):
                laid_out = moved(laid_out)
            return laid_out if reads_clearly(laid_out) else None

        found = moved(drawn) if misleads else None
        if (found is None or not reads_clearly(found)) and not larger:
            # Other orders of five or six zones take seconds: a larger state goes without.
            found = next(
                (
                    packed
                    for packed in packed_in_other_zone_orders(graph, area, typography)
                    if reads_clearly(packed)
                ),
                None,
            )
        # Layers balanced by pushing nodes right too come next, should those not do.
        for push in (False, True):
            if found is not None:
                break
            found = balanced(push=push)
        if found is None:
            # No packing of zones is clean: boxes may move from the least faulty one they
            # may move from at all; in smaller type, the state's last try before it is
            # split, from the next too should that not read clearly.
            packings = [
                packing
                for packing in packings_by_fewest_faults(
                    graph, area, typography, PACKINGS_MOVED_FROM
                )
                if may_move(packing)
            ]
            tries = len(packings) if typography.min_pt < self.typography.min_pt else 1
            for packed in packings[:tries]:
                if _faults(packed) > most:
                    break
                found = cleaned_by_moves(graph, area, typography, packed)
                if found is not None and reads_clearly(found):
                    break
        if found is None or not reads_clearly(found):
            # Last, a hub's spokes on both its sides: a hub whose lines all leave it (or all
            # reach it) stacks them in one column taller than the slide.
            found = balanced(flip=True)
        return found if found is not None and reads_clearly(found) else None

    def drawn_clearly(self, view: StateView, area: Box, *, with_title: bool) -> Rendered:
        """Return `view` drawn in `area`; drawn again with its boxes moved if that reads clearer."""
        drawn = self.render(0, view, area, with_title=with_title)
        if self.cleaned(view, drawn):
            drawn = self.render(0, view, area, with_title=with_title)
        if self._stretches_parted(drawn):
            drawn = self.render(0, view, area, with_title=with_title)
        return drawn

    def _stretches_parted(self, drawn: Rendered) -> bool:
        """Part the lines of `drawn` still sharing a stretch without a common end; True if parted.

        Only the drawing kept is parted so (see `with_stretches_parted`): parted lines
        may cross more or leave beside another's arrowhead, and a drawing tried beside
        it must not win over a tidier one by that. The slide is then drawn again.
        """
        layout = drawn.layout
        if layout is None:
            return False
        found = [key for key, kept in self._parted.items() if kept is layout]
        if not found or with_stretches_parted(found[0][0], layout) is None:
            return False
        # Drawn again, the diagram may ask for its area's layout with a fit required or
        # not: from here on, either is parted.
        where = found[0][:3]
        self._parting_stretches.add(where)
        self._parted = {key: kept for key, kept in self._parted.items() if key[:3] != where}
        return True

    def uncleaned(self, view: StateView) -> None:
        """Forget the cells a state's boxes were moved to: lay it out afresh from here on."""
        graph = state_graph(self.ctx.plan.architecture, view)[0]
        if any(key[0] == graph for key in (*self._cleaned, *self._legend_insets)):
            self._cleaned = {k: v for k, v in self._cleaned.items() if k[0] != graph}
            self._legend_insets = {key for key in self._legend_insets if key[0] != graph}
            self._forget_layouts(graph)

    def _forget_layouts(self, graph: Graph) -> None:
        """Drop the layouts, verdicts and arrangements worked out for `graph`."""
        self._layouts = {k: v for k, v in self._layouts.items() if k[0] != graph}
        self._unfit = {k: v for k, v in self._unfit.items() if k[0] != graph}
        self._parted = {k: v for k, v in self._parted.items() if k[0] != graph}
        self._ends_parted = {k: v for k, v in self._ends_parted.items() if k[0] != graph}
        self._labelled = {k: v for k, v in self._labelled.items() if k[0] != graph}
        self._balanced = {k: v for k, v in self._balanced.items() if k[0] != graph}
        self._balanced_failed = {k: v for k, v in self._balanced_failed.items() if k[0] != graph}
        self._choices = {k: v for k, v in self._choices.items() if k[0] != graph}

    def diagram_area(self, view: StateView, body: Box) -> Box:
        """Return the part of `body` a view's diagram keeps when its texts go to the notes."""
        words = {kind: LEGEND_WORDS[kind] for kind in view_legend(view)}
        entries = _legend_entries(words, LEGEND_PAIN_BOTH)
        legend_h = legend_height(entries, body.width, self.typography)
        bottom = body.bottom - (legend_h + GAP if legend_h else 0)
        return Box(body.x, body.y, body.width, max(0, bottom - body.y))

    def text_block(
        self,
        object_id: str,
        page: int,
        box: Box,
        text: str,
        font_pt: float,
        colour: str,
        bold: bool = False,
    ) -> list[Request]:
        """Return requests for a plain text box (no fill, no outline)."""
        requests = [
            create_shape(object_id, self.ctx.page_id(page), box, "TEXT_BOX"),
            shape_look(object_id),
        ]
        style = TextStyle(self.style.font_family, font_pt, bold, False, colour)
        inner = max(1, box.width - 2 * INSET_X)
        return requests + styled_text(object_id, [(text, style)], "START", inner)

    def shortened(self, text: str, box: Box) -> tuple[str, float]:
        """Return `text`, cut short with a pointer to the notes if need be, and its size."""
        style = self.ctx.config.style
        fit = fit_text(
            text, box.width, box.height, style.body_font_pt, style.min_font_pt, family=self.family
        )
        if fit.fits:
            return text, fit.font_pt
        words = text.split()
        while words:
            words.pop()
            candidate = " ".join(words) + CONTINUED
            if fit_text(
                candidate,
                box.width,
                box.height,
                style.min_font_pt,
                style.min_font_pt,
                family=self.family,
            ).fits:
                return candidate, style.min_font_pt
        return "", style.min_font_pt

    def fitted(
        self, blocks: Sequence[_TextBlock], width: int, max_height: int, max_pt: float
    ) -> tuple[float, int] | None:
        """Return the font size and height `blocks` need in `width`, or None if they cannot fit.

        Headings are measured bold, as they are drawn, and lines as tall as the tallest
        script anywhere in the blocks needs; no ordinary word may break inside (see `fit_text`).
        """
        min_pt = self.ctx.config.style.min_font_pt
        paragraphs = [(text, bold) for block in blocks for text, bold, _ in block.paragraphs()]
        fit = fit_paragraphs(paragraphs, width, max_height, max_pt, min_pt, family=self.family)
        if not fit.fits:
            return None
        return fit.font_pt, fit.height

    def render(
        self,
        page: int,
        view: StateView,
        area: Box,
        *,
        with_title: bool,
        max_pt: float | None = None,
        stubs_later: bool = False,
        judge: bool = False,
    ) -> Rendered:
        """Return one state view drawn into `area` of page `page`, names at most `max_pt`.

        With `stubs_later`, the stubs of cut connections are left for `Rendered.with_stubs`:
        placing them is the costliest part and waits until the slide's type size is settled.
        With `judge`, nothing is drawn: `legible` says whether the diagram reads clearly
        with every stub of its cut connections in place, its texts in the notes if need be.
        """
        ctx = self.ctx
        palette = ctx.config.style.palette
        key = SHORT[view.name] + (str(view.part) if view.parts > 1 else "")

        def make_id(*parts: object) -> str:
            return ctx.content_id(page, key, *parts)

        rendered = Rendered()
        top = area.y
        if with_title:
            title_pt = ctx.config.style.body_font_pt + 1
            title = STATE_TITLES[view.name]
            if view.parts > 1:
                title += f" ({view.part}/{view.parts})"
            height = line_height(title_pt) + 2 * INSET_Y
            rendered.requests += self.text_block(
                make_id("title"),
                page,
                Box(area.x, top, area.width, height),
                title,
                title_pt,
                palette.primary,
                bold=True,
            )
            top += height
        body = Box(area.x, top, area.width, max(0, area.bottom - top))
        state = view.state
        if state.image:
            return self._image(rendered, page, view, body, make_id)
        if not state.components and not state.summary:
            rendered.requests += empty_panel(
                make_id("empty"),
                self.ctx.page_id(page),
                body,
                EMPTY_TEXT[view.name],
                self.ctx.config,
            )
            rendered.notes.append(EMPTY_HINT[view.name])
            return rendered
        if not state.components:
            text = state.summary
            shown, font_pt = self.shortened(text, body)
            rendered.requests += self.text_block(
                make_id("summary"),
                page,
                body,
                shown,
                font_pt,
                palette.text if state.summary else palette.muted,
            )
            if shown != text:
                rendered.notes.append(f"{STATE_TITLES[view.name]}: {text}")
            return rendered
        typography = self.typography
        if view.min_pt is not None:
            typography = replace(typography, min_pt=view.min_pt)
        elif view.component_ids is not None or view.overview:
            typography = self.split_typography(view.name)
        if max_pt is not None:
            typography = replace(typography, max_pt=max(max_pt, typography.min_pt))
        if view.widest_box is not None:
            least = view.widest_box if view.exact_box else 0
            typography = replace(typography, widest_box=view.widest_box, least_box=least)
        if view.component_ids is None and not view.overview:
            # A whole state has no stubs of cut connections to keep room for.
            typography = replace(typography, roomy_gaps=True)
        # A state alone on its slide has no title of its own and no stubs beside it.
        alone = view.component_ids is None and not view.overview and not with_title
        return self._diagram(
            rendered, page, view, body, make_id, typography, stubs_later, judge, alone=alone
        )

    def _image(
        self, rendered: Rendered, page: int, view: StateView, body: Box, make_id: IdMaker
    ) -> Rendered:
        # The pipeline has turned local files into URLs the backend can fetch.
        url = view.state.image or ""
        rendered.requests.append(
            {
                "createImage": {
                    "objectId": make_id("image"),
                    "url": url,
                    "elementProperties": element_properties(self.ctx.page_id(page), body),
                }
            }
        )
        if view.state.summary:
            rendered.notes.append(f"{STATE_TITLES[view.name]}: {view.state.summary}")
        return rendered

    def _diagram(
        self,
        rendered: Rendered,
        page: int,
        view: StateView,
        body: Box,
        make_id: IdMaker,
        typography: Typography,
        stubs_later: bool = False,
        judge: bool = False,
        *,
        alone: bool = False,
    ) -> Rendered:
        """Draw the diagram with its legend, keeping as much text on the slide as fits.

        The numbered pain points and the "what changes" summary go in a column
        beside the diagram, or else in a strip under it; the summary tops the
        slide when there is room. Whatever cannot be shown legibly goes to the
        notes, least needed first: the summary, then the changes, then the pains.
        """
        ctx = self.ctx
        architecture = ctx.plan.architecture
        graph, leaving = state_graph(architecture, view)
        shown = set(view.component_ids) if view.component_ids is not None else None
        title = STATE_TITLES[view.name]
        pains = [] if view.overview else pain_lines(view.state, shown, view.order)
        # Every slide of the proposed state says what changes, not only the last.
        state_changes = self.changes.lines() if view.name == "proposed" else []
        change_lines = state_changes if view.lists_changes else []
        summary = view.state.summary if view.slide_index == 1 else ""
        blocks: list[_TextBlock] = []
        if pains:
            blocks.append(
                _TextBlock(
                    "pains",
                    "Pain points",
                    tuple(pains),
                    (f"{title} pain points:", *(f"  {line}" for line in pains)),
                    numbered=True,
                )
            )
        if change_lines:
            change_notes = ("What changes:", *(f"  {line}" for line in change_lines))
            forms = self.changes.briefer_lines()
            briefer = tuple(
                _TextBlock("changes", "What changes", tuple(lines), change_notes, weight=weight)
                for lines, weight in zip(forms, BRIEFER_WEIGHTS, strict=False)
            )
            blocks.append(
                _TextBlock(
                    "changes", "What changes", tuple(change_lines), change_notes, briefer=briefer
                )
            )
        if view.overview and view.listed:
            links = listed_links(view)
            between = "zones" if len({c.zone for c in view.state.components}) > 1 else "slides"
            blocks.append(
                _TextBlock(
                    "links",
                    f"Connections between {between}",
                    tuple(links),
                    (f"{title} connections between {between}:", *(f"  {line}" for line in links)),
                )
            )
        kinds = view_legend(view)
        words = {kind: LEGEND_WORDS[kind] for kind in kinds}
        if words and alone:
            # No stubs and no other state beside it: its legend may go in the diagram's
            # empty space, should the diagram read clearly only given the legend's band.
            rendered.legend_room = body

        # A part of a split state, which could not be drawn whole, may take balanced layers.
        balance = view.component_ids is not None and not view.overview

        def diagram_in(area: Box, must_fit: bool = False) -> DiagramLayout:
            return self.layout(
                graph,
                area,
                typography,
                must_fit,
                balance=balance,
                part_buses=not leaving,
                part_ends=bool(leaving),
            )

        sizes = sorted({self.footer_pt, self.typography.min_pt}, reverse=True)
        # Beside the legend, its row takes no room of its own. Not on a slide with stubs,
        # which go under the diagram too, nor beside a legend two parts share.
        by_legend = bool(words) and not leaving and not view.legend_shared
        counts = (self.changes.counts(),) if state_changes else ()
        aside = self._changes_aside(view)

        def beside_legend(shown: Sequence[_TextBlock]) -> bool:
            """Tell whether `shown` may go beside the legend."""
            # A list only counting the changes adds nothing to the counts ending its row.
            return by_legend and all(b.key != "changes" or b.lines != counts for b in shown)

        # A proposed-state slide not showing its changes counts them in its legend's row,
        # which a slide with no marks to explain must then keep for them alone; so does
        # the legend of a shared slide, should its other part not list them.
        counted = bool(state_changes) and not words
        arrangements = [
            _Arrangement(
                shown,
                where,
                show_summary,
                font_pt,
                counts_row=counted and all(block.key != "changes" for block in shown),
                legend_aside=(
                    aside
                    if where == "legend" and all(block.key != "changes" for block in shown)
                    else ""
                ),
                side=view.texts_side,
            )
            for shown in _block_choices(blocks)
            for where, font_pt in (
                [("inset", self.footer_pt), ("side", self.footer_pt)]
                + [("below", size) for size in sizes]
                + [("legend", size) for size in sizes if beside_legend(shown)]
                if shown
                else [("notes", self.footer_pt)]
            )
            if view.texts_side in (None, TEXT_SIDES.get(where, view.texts_side))
            for show_summary in ((True, False) if summary else (False,))
        ]
        # Beside the legend go only texts no other place holds in any form: those places
        # come first (in their order; the notes stay last).
        arrangements.sort(key=lambda arrangement: LATER_PLACES.get(arrangement.where, 0))
        # The choice depends on what is drawn where, not on the page: a view drawn
        # again (on its final page, or after a check) repeats only the chosen arrangement.
        choice = (
            graph,
            body,
            typography,
            tuple(blocks),
            summary,
            tuple(words.items()),
            tuple(leaving),
            view.texts_side,
        )
        chosen: _Placed | None = None
        if judge:
            found = self._arrangement_with_stubs(
                arrangements[-1:],
                view,
                leaving,
                graph,
                body,
                summary,
                len(blocks),
                page,
                make_id,
                words,
                diagram_in,
                None,
            )
            rendered.legible = found is not None
            return rendered
        if choice in self._choices:
            chosen = self._arrange(
                self._choices[choice], page, body, summary, make_id, words, diagram_in
            )
        else:
            if rendered.legend_room is not None and (graph, typography) in self._legend_insets:
                # It reads clearly only given the legend's band (see `cleaned`).
                arrangements = _with_legend_inset(arrangements, self._changes_aside(view))
            elif not diagram_in(self.diagram_area(view, body)).fits:
                # Not even with every text in the notes: no point trying the others.
                arrangements = arrangements[-1:]
            chosen = self._best_arrangement(
                arrangements, graph, body, summary, len(blocks), page, make_id, words, diagram_in
            )
            if leaving and not self._clear_with_stubs(view, leaving, chosen, body, page, make_id):
                # Cut connections are drawn only through their stubs: give them room first.
                chosen = (
                    self._arrangement_with_stubs(
                        arrangements,
                        view,
                        leaving,
                        graph,
                        body,
                        summary,
                        len(blocks),
                        page,
                        make_id,
                        words,
                        diagram_in,
                        chosen,
                    )
                    or chosen
                )
            self._choices[choice] = chosen.arrangement
        assert chosen is not None
        layout = chosen.layout
        notes: list[str] = []
        if summary and not chosen.arrangement.show_summary:
            notes.append(f"{title}: {summary}")
        noted_blocks = [block for block in blocks if block not in chosen.arrangement.blocks]
        for block in noted_blocks:
            notes += block.notes
            rendered.unlisted |= block.key == "links"
            if chosen.arrangement.lists(block.key):
                rendered.briefer_notes += len(block.notes)
        status = {c.id: c.status.value for c in view.state.components}
        must_stay = {c.id for c in view.state.components if c.non_negotiable}
        rendered.requests += draw_diagram(
            layout, ctx.page_id(page), make_id, self.style, status, must_stay
        )
        text_requests = chosen.requests
        if leaving:
            # Stubs are placed beside the lines of a list, not its whole shape.
            text_requests = fitted_to_text(text_requests)
        rendered.requests += text_requests
        widest = LEGEND_PAIN_BOTH if view.legend_shared else None
        legend_requests = self._legend(chosen, words, page, make_id, widest, view=view)
        if view.legend_shared:
            # A shared slide's legend is drawn once both parts are, when it is known
            # where each lists its pain points; as wide as it can get, it keeps stubs off.
            rendered.legend = functools.partial(
                self._legend, chosen, words, page, make_id, view=view
            )
        else:
            rendered.requests += legend_requests
            changes_noted = [b for b in noted_blocks if b.key == "changes"]
            if changes_noted and draws_legend_aside(legend_requests):
                # Counted at the end of the legend's row: the slide still says what changes.
                rendered.briefer_notes += len(changes_noted[0].notes)
        texts = text_requests + legend_requests

        def stubs(
            joined: Pairs, lines: Sequence[Segment], labels: Sequence[Request]
        ) -> list[Request]:
            cut = _unjoined(leaving, joined)
            return self._stubs(view, cut, layout, body, [*texts, *labels], page, make_id, lines)

        def stubs_missing(
            joined: Pairs, lines: Sequence[Segment], labels: Sequence[Request]
        ) -> int:
            cut = _unjoined(leaving, joined)
            placed = self._placed_stubs(
                view, cut, layout, body, [*texts, *labels], all_or_nothing=True, lines=lines
            )
            return sum(stub is None for stub in placed)

        def connection_notes(joined: Pairs, unlabelled: Sequence[Edge], second: bool) -> list[str]:
            lines: list[str] = []
            if layout.unplaced_labels or unlabelled:
                lines.append(f"{title} connections:")
                names = {node.id: node.name for node in graph.nodes}
                lines += [
                    f"  {_edge_note(view.state, e, names)}"
                    for e in (*layout.unplaced_labels, *unlabelled)
                ]
            if layout.self_loops:
                lines.append(f"{title} components that call themselves:")
                lines += [f"  {_edge_note(view.state, e)}" for e in layout.self_loops]
            # Kept even where a stub shows the connection, so a dropped stub loses nothing;
            # a line joining the two parts of a slide shows it there.
            cut = _unjoined(leaving, joined)
            if second:
                cut = [e for e in cut if not _shares_slide(view, _far_part(view, e) or 0)]
            return lines + _cut_notes(view, cut)

        def stub_paths() -> list[tuple[Point, ...]]:
            placed = self._placed_stubs(view, leaving, layout, body, texts)
            return [stub.points for stub in placed if stub is not None]

        rendered.stubs_missing = stubs_missing
        rendered.stub_paths = stub_paths
        rendered.notes += notes
        if stubs_later:
            rendered.stubs = stubs
            rendered.connection_notes = connection_notes
        else:
            rendered.requests += stubs((), (), ())
            rendered.notes += connection_notes((), (), False)
        if leaving and layout.fits:
            rendered.half = _Half(
                view,
                tuple(leaving),
                layout,
                tuple(created_boxes(texts)),
                DiagramIds(layout, make_id),
                ctx.page_id(page),
                functools.partial(ctx.content_id, page, SHORT[view.name]),
            )
        rendered.pains_listed = chosen.arrangement.lists("pains")
        rendered.changes_listed = chosen.arrangement.lists("changes")
        if chosen.inset is not None:
            rendered.texts_side = _side_of(chosen.inset, body)
            rendered.texts_foot = (chosen.inset.x, chosen.inset.bottom)
        elif chosen.beside_legend is not None:
            rendered.texts_side = _side_of(chosen.beside_legend, body)
        elif chosen.arrangement.blocks:
            rendered.texts_side = TEXT_SIDES[chosen.arrangement.where]
        rendered.legible = layout.fits
        rendered.font_pt = layout.font_pt
        rendered.boxes = {key: placed.box for key, placed in layout.nodes.items()}
        rendered.layout = layout
        return rendered

    def _stubs(
        self,
        view: StateView,
        leaving: Sequence[Edge],
        layout: DiagramLayout,
        body: Box,
        texts: Sequence[Request],
        page: int,
        make_id: IdMaker,
        lines: Sequence[Segment] = (),
    ) -> list[Request]:
        """Return stubs drawing each connection cut by the split, where they fit cleanly.

        Stubs may use all of the slide's `body` the diagram, `texts` and `lines` leave free.
        """
        placed = [
            stub
            for stub in self._placed_stubs(view, leaving, layout, body, texts, lines=lines)
            if stub is not None
        ]
        if not placed:
            return []
        diagram_ids = DiagramIds(layout, make_id)
        return draw_stubs(
            placed, diagram_ids, self.ctx.page_id(page), self.style, layout.typography
        )

    def _legend(
        self,
        placed: _Placed,
        words: dict[str, str],
        page: int,
        make_id: IdMaker,
        where: str | None = None,
        changes_elsewhere: bool = False,
        *,
        view: StateView,
    ) -> list[Request]:
        """Return the legend of an arranged diagram, its pain entry pointing to where they are.

        `where` says where, when not to the arrangement's own list or the notes.
        A proposed state's slide with no room for "What changes" counts the
        changes at the end of the legend's row when they fit there, unless
        `changes_elsewhere`: the other part of its slide lists them.
        """
        if not words and not placed.arrangement.counts_row:
            return []
        if where is None:
            where = _pains_where(placed.arrangement)
        entries = _legend_entries(words, where)
        unsaid = not placed.arrangement.lists("changes") and not changes_elsewhere
        aside = self._changes_aside(view) if unsaid else ""
        if view.legend_shared:
            # Stubs keep clear of this legend in its widest wording: the counts end its
            # row only if they fit beside that too, or a stub could be where they go.
            widest = _legend_entries(words, LEGEND_PAIN_BOTH)
            if not legend_aside_fits(widest, placed.legend, self.typography, aside):
                aside = ""
        if placed.legend_framed:
            make_id = self._in_holding_zone(placed, make_id)
        page_id = self.ctx.page_id(page)
        return draw_legend(
            entries,
            placed.legend,
            page_id,
            make_id,
            self.style,
            self.typography,
            aside,
            framed=placed.legend_framed,
            badge_pt=placed.layout.typography.min_pt,
        )

    def _in_holding_zone(self, placed: _Placed, make_id: IdMaker) -> IdMaker:
        """Return the maker of IDs for a legend on its card in a zone's empty cells.

        They declare the card inside that zone, as the deck checker reads IDs.
        """
        holder = next(
            (
                zone.spec.id
                for zone in placed.layout.zones
                if zone.spec is not None and zone.box.contains(placed.legend)
            ),
            None,
        )
        if holder is None:
            return make_id
        return framed_legend_ids(make_id, DiagramIds(placed.layout, make_id).zone(holder))

    def _clear_with_stubs(
        self,
        view: StateView,
        leaving: Sequence[Edge],
        placed: _Placed,
        body: Box,
        page: int,
        make_id: IdMaker,
    ) -> bool:
        """Return True when `placed` reads clearly and every stub finds a clean place beside it."""
        return reads_clearly(placed.layout) and None not in self._stubs_beside(
            view, leaving, placed, body, page, make_id
        )

    def _stubs_beside(
        self,
        view: StateView,
        leaving: Sequence[Edge],
        placed: _Placed,
        body: Box,
        page: int,
        make_id: IdMaker,
    ) -> list[PlacedStub | None]:
        """Return where the stubs go beside `placed` and its legend, up to the first left out."""
        words = {kind: LEGEND_WORDS[kind] for kind in view_legend(view)}
        widest = LEGEND_PAIN_BOTH if view.legend_shared else None
        texts = placed.requests + self._legend(placed, words, page, make_id, widest, view=view)
        return self._placed_stubs(view, leaving, placed.layout, body, texts, all_or_nothing=True)

    def _arrangement_with_stubs(
        self,
        arrangements: Sequence[_Arrangement],
        view: StateView,
        leaving: Sequence[Edge],
        graph: Graph,
        body: Box,
        summary: str,
        blocks: int,
        page: int,
        make_id: IdMaker,
        words: dict[str, str],
        diagram_in: Callable[[Box], DiagramLayout],
        fallback: _Placed | None,
    ) -> _Placed | None:
        """Return the best arrangement whose stubs all find a place, else `fallback`.

        Room is kept around the diagram for stubs only when they need it, and
        more of it when that keeps texts on the slide the least room would
        send to the notes. Where the stubs clear only an arrangement that
        scores lower than the room's best, the next few rooms are tried too
        (`STUB_LATER_ROOMS`), and the best-scored clear one of all is kept.
        """

        def arrange(tried: _Arrangement) -> _Placed | None:
            return self._arrange(tried, page, body, summary, make_id, words, diagram_in)

        def clear(placed: _Placed) -> bool:
            return self._clear_with_stubs(view, leaving, placed, body, page, make_id)

        def roomy(arrangement: _Arrangement, room: _StubRoom) -> _Arrangement:
            return replace(arrangement, stub_room=room[0], plain_gaps=room[1])

        def best_clear(room: _StubRoom) -> tuple[tuple[float, ...], _Placed, bool] | None:
            """Return the best of the few best-scored arrangements with `room` that is clear.

            With its score, and whether none with this room scores higher but for order.
            One whose stubs meet what was widened or placed for labels (see
            `DiagramLayout.plain`) is tried again with its diagram as first placed.
            """
            scored: list[tuple[tuple[float, ...], _Placed, int]] = []
            for order, arrangement in enumerate(arrangements[:-1]):
                placed = arrange(roomy(arrangement, room))
                if placed is not None and placed.layout.fits:
                    score = self._score(placed, graph, blocks, bool(summary), order)
                    scored.append((score, placed, order))
            scored.sort(key=lambda item: item[0], reverse=True)
            for score, placed, order in scored[:STUB_TRIES]:
                if clear(placed):
                    return score, placed, score[:-1] == scored[0][0][:-1]
                if room[1] or placed.layout.plain is None:
                    continue
                plain = arrange(replace(placed.arrangement, plain_gaps=True))
                if plain is not None and plain.layout.fits and clear(plain):
                    score = self._score(plain, graph, blocks, bool(summary), order)
                    return score, plain, score[:-1] == scored[0][0][:-1]
            return None

        bare: _Placed | None = None
        narrow_tries: list[tuple[_Arrangement, list[PlacedStub]]] = []
        passed_over: list[_StubRoom] = []
        found: tuple[tuple[float, ...], _Placed] | None = None
        later_rooms = STUB_LATER_ROOMS
        rooms: list[_StubRoom] = [(room, False) for room in ((0, 0, 0, 0), *STUB_ROOMS)]
        while rooms:
            if found is not None:
                if not later_rooms:
                    break
                later_rooms -= 1
            room = rooms.pop(0)
            # Checking stubs is the slow part. The arrangement leaving every text to
            # the notes leaves stubs the most room: when they fail there, every
            # arrangement with this room is passed over; else the best few are tried.
            roomiest = self._arrange(
                roomy(arrangements[-1], room), page, body, summary, make_id, words, diagram_in
            )
            if roomiest is None or not roomiest.layout.fits:
                continue
            if not self._clear_with_stubs(view, leaving, roomiest, body, page, make_id):
                passed_over.append(room)
                if not room[1] and roomiest.layout.plain is not None:
                    # Gaps widened for labels take room stubs may need: the diagram
                    # as first placed is tried next, with the same room.
                    rooms.insert(0, (room[0], True))
                continue
            best = best_clear(room)
            if best is not None:
                # The order of arrangements only breaks ties within one room: another
                # room's pick must be better by what the slide shows.
                if found is None or best[0][:-1] > found[0][:-1]:
                    found = best[:2]
                if best[2]:
                    break
                # Stubs pushed a better-scored arrangement aside (its texts or labels
                # where they go): the next few rooms, kept elsewhere, may clear it.
                continue
            if found is not None:
                continue
            # Texts inset in the diagram's empty space may go where these stubs leave
            # room: the same diagram, so the same stubs fit beside them.
            stubs = [
                stub
                for stub in self._stubs_beside(view, leaving, roomiest, body, page, make_id)
                if stub is not None
            ]
            insets = [
                roomy(arrangement, room)
                for arrangement in arrangements[:-1]
                if arrangement.where == "inset"
            ]
            for inset in insets:
                beside = _inset_beside_stubs(inset, stubs, arrange, clear)
                if beside is not None:
                    return beside
            narrow_tries += [
                (replace(inset, min_width=NARROW_SIDE_WIDTH), stubs) for inset in insets
            ]
            bare = bare or roomiest
            if len(arrangements) == 1:
                break  # every text goes to the notes: more room has nothing to gain
        if found is not None:
            return found[1]
        # Only when no room leaves a space of the usual width is a narrower one
        # taken: a short list still reads there, and the notes are worse.
        for inset, stubs in narrow_tries:
            beside = _inset_beside_stubs(inset, stubs, arrange, clear)
            if beside is not None:
                return beside
        # Stubs placed one by one may fail beside the roomiest diagram yet all find a
        # place beside another, narrower beside a column of texts: before the texts
        # go to the notes, the rooms passed over are tried too.
        for room in passed_over if len(arrangements) > 1 else ():
            best = best_clear(room)
            if best is not None:
                return best[1]
        return bare or fallback

    def _placed_stubs(
        self,
        view: StateView,
        leaving: Sequence[Edge],
        layout: DiagramLayout,
        body: Box,
        texts: Sequence[Request],
        *,
        all_or_nothing: bool = False,
        lines: Sequence[Segment] = (),
    ) -> list[PlacedStub | None]:
        """Return where each stub of the connections cut by the split goes (None: nowhere clean).

        With `all_or_nothing`, the search ends at the first stub without a place.
        Stubs keep clear of `lines` too.
        """
        wanted = stub_requests(view, leaving)
        if not layout.fits:
            return [None] * len(wanted)
        boxes = created_boxes(texts)
        # A slide is judged, then drawn, with the same stubs beside the same texts:
        # placing them is the slow part, so it is done once per build. The layout is
        # kept with its places, so its identity stays its own while remembered.
        key = (id(layout), tuple(wanted), body, tuple(boxes), tuple(lines))
        known = self._stub_places.get(key)
        if known is not None:
            _, places, complete = known
            if complete or None not in places:
                if not all_or_nothing or None not in places:
                    return list(places)
                # The search stops at the first stub without a place; the rest go unplaced.
                first_missing = places.index(None)
                return places[:first_missing] + [None] * (len(places) - first_missing)
            if all_or_nothing:
                return list(places)
        places = place_stubs(
            layout, wanted, body, boxes, all_or_nothing=all_or_nothing, lines=lines
        )
        self._stub_places[key] = (layout, places, not all_or_nothing)
        return list(places)

    def _best_arrangement(
        self,
        arrangements: Sequence[_Arrangement],
        graph: Graph,
        body: Box,
        summary: str,
        blocks: int,
        page: int,
        make_id: IdMaker,
        words: dict[str, str],
        diagram_in: _LayoutIn,
    ) -> _Placed:
        """Return the best of `arrangements` laid out (the last is always possible).

        An arrangement that could not score above the best so far even with a
        perfect diagram is not laid out. The last, leaving every text to the
        notes, gives the diagram the most room and is laid out first: once one
        fits, a diagram that does not fit can only lose, so the rest are laid
        out only as far as they fit. Scores rank by order too, so the order
        they are tried in changes nothing else. Texts beside the legend are
        laid out only while no arrangement that fits shows each of them.
        """
        ideal = self._ideal(blocks, bool(summary))
        chosen: _Placed | None = None
        best_score: tuple[float, ...] | None = None
        last = len(arrangements) - 1
        for order in (last, *range(last)):
            arrangement = arrangements[order]
            if best_score is not None and self._at_best(arrangement, order) <= best_score:
                continue
            if (
                arrangement.where == "legend"
                and chosen is not None
                and chosen.layout.fits
                and all(chosen.arrangement.lists(block.key) for block in arrangement.blocks)
            ):
                # Beside the legend only what would otherwise leave the slide: a list shown
                # already, if briefer, keeps its place and the diagram its room.
                continue
            fitting = best_score is not None and best_score[0] > 0
            layout_in = functools.partial(diagram_in, must_fit=True) if fitting else diagram_in
            placed = self._arrange(arrangement, page, body, summary, make_id, words, layout_in)
            if placed is None:
                continue
            score = self._score(placed, graph, blocks, bool(summary), order)
            if best_score is None or score > best_score:
                chosen, best_score = placed, score
            if score[:-1] == ideal:
                break
        assert chosen is not None
        return chosen

    def _at_best(self, arrangement: _Arrangement, order: int) -> tuple[float, ...]:
        """Return the score `arrangement` would have with a perfect diagram: none can be higher."""
        comfortable = min(self.typography.max_pt, self.typography.min_pt + 1)
        return (
            1.0,
            0.0,
            0.0,
            _shown_weight(arrangement.blocks),
            0.0,
            0.0,
            comfortable,
            float(arrangement.show_summary),
            -float(order),
        )

    def _score(
        self, placed: _Placed, graph: Graph, blocks: int, summary: bool, order: int
    ) -> tuple[float, ...]:
        """Return how good an arrangement is; higher is better, ties go to the earlier one.

        Legible and honest (no connector behind a box, then none along another's
        run without a common end or through a zone's title) first; then the pain
        points and changes on the slide; then connector labels kept; then
        status tags kept in full, comfortable type and the summary shown.
        """
        layout = placed.layout
        comfortable = min(self.typography.max_pt, self.typography.min_pt + 1)
        full_tags = {node.id: node.tag for node in graph.nodes}
        shortened = sum(1 for key, p in layout.nodes.items() if p.node.tag != full_tags[key])
        return (
            float(layout.fits),
            -float(layout.blocked),
            -float(_misleading_runs(layout)),
            _shown_weight(placed.arrangement.blocks),
            -float(len(layout.unplaced_labels)),
            -float(shortened),
            min(layout.font_pt, comfortable),
            float(placed.arrangement.show_summary),
            -float(order),
        )

    def _ideal(self, blocks: int, summary: bool) -> tuple[float, ...]:
        """Return the score (order aside) of an arrangement nothing can beat."""
        comfortable = min(self.typography.max_pt, self.typography.min_pt + 1)
        return (1.0, 0.0, 0.0, float(blocks), 0.0, 0.0, comfortable, float(summary))

    def _arrange(
        self,
        arrangement: _Arrangement,
        page: int,
        body: Box,
        summary: str,
        make_id: IdMaker,
        words: dict[str, str],
        diagram_in: Callable[[Box], DiagramLayout],
    ) -> _Placed | None:
        """Return the texts of `arrangement` placed in `body` and the diagram in what is left.

        None when a text that should show does not fit legibly.
        """
        palette = self.ctx.config.style.palette
        requests: list[Request] = []
        top = body.y
        if arrangement.show_summary:
            block = self._block(
                make_id("summary"),
                page,
                body.x,
                top,
                body.width,
                summary,
                max_lines=2,
                max_pt=self.footer_pt,
                colour=palette.text,
            )
            if block is None:
                return None
            requests += block[0]
            top += block[1] + GAP // 2
        column = Box(body.x, top, body.width, max(0, body.bottom - top))
        side_strip: tuple[Box, float] | None = None
        if arrangement.where == "side":
            side_strip = self._side_column(arrangement.blocks, column)
            if side_strip is None:
                return None
            strip = side_strip[0]
            column = Box(column.x, column.y, strip.x - GAP - column.x, column.height)
        legend_h = self._legend_height(words, column.width)
        if arrangement.counts_row:
            legend_h = max(legend_h, legend_size(self.typography.min_pt)[1])
        band = 0 if arrangement.legend_inset else legend_h
        bottom = column.bottom - (band + GAP if band else 0)
        if side_strip is not None:
            strip, font_pt = side_strip
            if arrangement.side is not None:
                # Held to a side, it ends where lists in the diagram's empty space end.
                strip = Box(strip.x, max(strip.y, bottom - strip.height), strip.width, strip.height)
            requests += self._strip(arrangement.blocks, strip, page, make_id, font_pt)
        if arrangement.where == "below":
            columns = self._strip_columns(
                _paragraphs(arrangement.blocks), column.width, bottom - top, arrangement.font_pt
            )
            if columns is None:
                return None
            texts, first = self._columns_placed(
                arrangement, columns, column.x, column.width, bottom, page, make_id
            )
            requests += texts
            bottom = first.y - GAP // 2
        legend = Box(column.x, column.bottom - legend_h, column.width, legend_h)
        beside_legend: Box | None = None
        if arrangement.where == "legend":
            beside = self._beside_legend(arrangement, words, column, top, legend_h)
            if beside is None:
                return None
            legend, left, columns = beside
            texts, beside_legend = self._columns_placed(
                arrangement, columns, left, column.right - left, column.bottom, page, make_id
            )
            if arrangement.side is not None and _side_of(beside_legend, body) != arrangement.side:
                return None
            requests += texts
            bottom = min(legend.y, beside_legend.y) - GAP
        area = Box(column.x, top, column.width, max(0, bottom - top))
        room_left, room_top, room_right, room_bottom = arrangement.stub_room
        kept = Box(
            area.x + room_left,
            area.y + room_top,
            max(0, area.width - room_left - room_right),
            max(0, area.height - room_top - room_bottom),
        )
        layout = diagram_in(kept)
        if arrangement.plain_gaps and layout.plain is not None:
            layout = layout.plain
        if beside_legend is not None and not reads_clearly(layout):
            # Scores do not weigh a label nearer another's line: a list newly let onto the
            # slide this way must not bring a diagram that reads less clearly with it.
            return None
        framed = False
        if arrangement.legend_inset and layout.fits:
            entries = _legend_entries(words, _pains_where(arrangement))
            legend_spot = self._legend_spot(entries, arrangement.legend_aside, layout, area)
            if legend_spot is None:
                return None
            legend, framed = legend_spot
        if arrangement.where == "inset":
            spot = self._free_spot(
                arrangement.blocks,
                layout,
                area,
                arrangement.keep_clear,
                arrangement.min_width,
                arrangement.side,
            )
            if spot is None:
                return None
            strip, font_pt = spot
            requests += self._strip(arrangement.blocks, strip, page, make_id, font_pt)
            return _Placed(arrangement, layout, requests, legend, framed, inset=strip)
        return _Placed(arrangement, layout, requests, legend, framed, beside_legend=beside_legend)

    def _free_spot(
        self,
        blocks: Sequence[_TextBlock],
        layout: DiagramLayout,
        area: Box,
        keep_clear: Sequence[Box] = (),
        min_width: int = MIN_SIDE_WIDTH,
        side: str | None = None,
    ) -> tuple[Box, float] | None:
        """Return where in the diagram's empty space `blocks` fit, and their type size.

        The largest empty rectangle at least `min_width` wide that holds them
        at the comfortable size wins, else the one holding them at the largest
        legible size. Nothing in `keep_clear` may lie in it. With `side`, it
        starts on that side of the area, the lowest wins, and they sit at its
        foot: above the legend, as on the other slides of a split state.
        """
        if not layout.fits:
            return None
        min_height = line_height(self.typography.min_pt) * (len(blocks) + 1) + 2 * INSET_Y
        spaces = free_areas(layout, area, min_width, min_height, GAP)
        if keep_clear:
            spaces = _spaces_clear_of(spaces, keep_clear, min_width, min_height)
        if side is not None:
            on_side = [space for space in spaces if _side_of(space, area) == side]
            spaces = sorted(on_side[:MAX_FREE_TRIES], key=lambda space: -space.bottom)
        best: tuple[Box, float] | None = None
        for space in spaces[:MAX_FREE_TRIES]:
            fit = self.fitted(blocks, space.width, space.height, self.footer_pt)
            if fit is None:
                continue
            top = space.bottom - fit[1] if side is not None else space.y
            spot = Box(space.x, top, space.width, fit[1])
            if fit[0] >= self.footer_pt:
                return spot, fit[0]
            if best is None or fit[0] > best[1]:
                best = (spot, fit[0])
        return best

    def _legend_spot(
        self, entries: Sequence[tuple[str, str]], aside: str, layout: DiagramLayout, area: Box
    ) -> tuple[Box, bool] | None:
        """Return where in the diagram's empty space its legend fits, and whether in a zone.

        Space outside the zones comes first, then space inside one, where the
        legend is framed. The legend's last row must hold `aside` too.
        """
        narrowest = legend_width(entries, self.typography)
        row_height = legend_size(self.typography.min_pt)[1]
        outside = free_areas(layout, area, narrowest, row_height, GAP)
        spot = self._lowest_legend_spot(entries, aside, outside)
        if spot is not None:
            return spot, False
        pad = LEGEND_FRAME_PAD
        inside = free_areas_in_zones(layout, narrowest + 2 * pad, row_height + 2 * pad, GAP)
        spot = self._lowest_legend_spot(entries, aside, [space.inset(pad) for space in inside])
        if spot is None:
            return None
        # The frame hugs the legend, not the whole empty space.
        width = legend_extent(entries, spot.width, self.typography, aside)
        return Box(spot.x, spot.y, width, spot.height), True

    def _lowest_legend_spot(
        self, entries: Sequence[tuple[str, str]], aside: str, spaces: Iterable[Box]
    ) -> Box | None:
        """Return the lowest, then leftmost, of `spaces` the legend and `aside` fit, at its foot."""
        spots: list[Box] = []
        for space in spaces:
            height = legend_height(entries, space.width, self.typography)
            spot = Box(space.x, space.bottom - height, space.width, height)
            if height > space.height:
                continue
            if aside and not legend_aside_fits(entries, spot, self.typography, aside):
                continue
            spots.append(spot)
        return max(spots, key=lambda spot: (spot.bottom, -spot.x, -spot.height), default=None)

    def _legend_height(self, words: dict[str, str], width: int) -> int:
        """Return the legend's height in `width`, sized for its longest wording."""
        longest = _legend_entries(words, LEGEND_PAIN_BOTH)
        return legend_height(longest, width, self.typography)

    def _side_column(self, blocks: Sequence[_TextBlock], column: Box) -> tuple[Box, float] | None:
        """Return the narrowest column at the right of `column` that holds `blocks`, and its size.

        Narrow columns leave the diagram room; type is kept at the comfortable
        size if any width allows it, else at the largest legible one.
        """
        tried: list[tuple[Box, float]] = []
        for share in SIDE_SHARES:
            width = round(column.width * share)
            if width < MIN_SIDE_WIDTH:
                continue
            fit = self.fitted(blocks, width, column.height, self.footer_pt)
            if fit is None:
                continue
            strip = Box(column.right - width, column.y, width, fit[1])
            if fit[0] >= self.footer_pt:
                return strip, fit[0]
            tried.append((strip, fit[0]))
        return max(tried, key=lambda found: found[1], default=None)

    def _strip(
        self,
        blocks: Sequence[_TextBlock],
        box: Box,
        page: int,
        make_id: IdMaker,
        font_pt: float,
    ) -> list[Request]:
        """Return one text box holding `blocks`, each a bold heading over its lines."""
        paragraphs = _paragraphs(blocks)
        return self._paragraphs_box(paragraphs, box, page, make_id(_strip_key(blocks)), font_pt)

    def _paragraphs_box(
        self,
        paragraphs: Sequence[Paragraph],
        box: Box,
        page: int,
        object_id: str,
        font_pt: float,
    ) -> list[Request]:
        """Return a transparent text box of paragraphs: headings bold, numbers as the badges."""
        palette = self.ctx.config.style.palette
        family = self.style.font_family
        heading = TextStyle(family, font_pt, True, False, palette.primary)
        plain = TextStyle(family, font_pt, False, False, palette.text)
        requests = [
            create_shape(object_id, self.ctx.page_id(page), box, "TEXT_BOX"),
            shape_look(object_id),
        ]
        # Soft breaks first, so the number spans below count them.
        inner = max(1, box.width - 2 * INSET_X)
        paragraphs = [
            (with_soft_breaks(clean_text(text), inner, font_pt, is_heading, family), is_heading, n)
            for text, is_heading, n in paragraphs
        ]
        parts = [(text, heading if is_heading else plain) for text, is_heading, _ in paragraphs]
        requests += styled_text(object_id, parts, "START")
        # Coloured like the badges; not bold, so the lines measure as they were fitted.
        number = TextStyle(family, font_pt, False, False, palette.danger)
        start = 0
        for text, _, number_length in paragraphs:
            if number_length:
                span = (start, start + utf16_length(text[:number_length]))
                requests.append(style_text(object_id, number, span=span))
            start += utf16_length(clean_text(text)) + 1
        return requests

    def _strip_columns(
        self, paragraphs: Sequence[Paragraph], width: int, max_height: int, font_pt: float
    ) -> list[tuple[list[Paragraph], int]] | None:
        """Return `paragraphs` cut into side-by-side columns of `width`, as short as they can be.

        Each column holds whole paragraphs and never ends on a heading. One to
        three columns are tried; the shortest wins, fewer columns on a tie.
        None when no split fits `max_height` at `font_pt`.
        """
        best: list[tuple[list[Paragraph], int]] | None = None
        for count in range(1, min(MAX_STRIP_COLUMNS, len(paragraphs)) + 1):
            column_width = (width - (count - 1) * GAP) // count
            if column_width < MIN_SIDE_WIDTH:
                break
            inner = max(1, column_width - 2 * INSET_X)
            heights = [
                len(wrap(text, inner, font_pt, bold, self.family)) * line_height_for(text, font_pt)
                for text, bold, _ in paragraphs
            ]
            split = _balanced_split(paragraphs, heights, count)
            if split is None:
                continue
            columns = [
                (list(paragraphs[start:end]), sum(heights[start:end]) + 2 * INSET_Y)
                for start, end in split
            ]
            tallest = max(height for _, height in columns)
            if tallest > max_height:
                continue
            if best is None or tallest < max(height for _, height in best):
                best = columns
        return best

    def _beside_legend(
        self,
        arrangement: _Arrangement,
        words: dict[str, str],
        column: Box,
        top: int,
        legend_h: int,
    ) -> tuple[Box, int, list[tuple[list[Paragraph], int]]] | None:
        """Return the legend's box, and where the texts right of it start and their columns.

        The texts share the legend's band, right of its rows, ending on its
        line, and raise the band only by what they need beyond its height.
        None when they do not fit legibly.
        """
        entries = _legend_entries(words, _pains_where(arrangement))
        legend_w = legend_extent(entries, column.width, self.typography, arrangement.legend_aside)
        left = column.x + legend_w + GAP
        paragraphs = _paragraphs(arrangement.blocks)
        if [block.key for block in arrangement.blocks] == ["pains"]:
            # The legend's entry just left of them says what they are: "pain point (see list)".
            paragraphs = paragraphs[1:]
        columns = self._strip_columns(
            paragraphs, column.right - left, column.bottom - top, arrangement.font_pt
        )
        if columns is None:
            return None
        return Box(column.x, column.bottom - legend_h, legend_w, legend_h), left, columns

    def _columns_placed(
        self,
        arrangement: _Arrangement,
        columns: Sequence[tuple[list[Paragraph], int]],
        x: int,
        width: int,
        foot: int,
        page: int,
        make_id: IdMaker,
    ) -> tuple[list[Request], Box]:
        """Return text boxes of `columns` side by side in `width` from `x`, ending at `foot`.

        Each is as tall as the tallest; the first one's box is returned with them.
        """
        height = max(h for _, h in columns)
        column_width = (width - (len(columns) - 1) * GAP) // len(columns)
        requests: list[Request] = []
        for index, (paragraphs, _) in enumerate(columns):
            box = Box(x + index * (column_width + GAP), foot - height, column_width, height)
            key = _strip_key(arrangement.blocks) + (str(index + 1) if index else "")
            requests += self._paragraphs_box(
                paragraphs, box, page, make_id(key), arrangement.font_pt
            )
        return requests, Box(x, foot - height, column_width, height)

    def _block(
        self,
        object_id: str,
        page: int,
        x: int,
        y: int,
        width: int,
        text: str,
        *,
        max_lines: int,
        max_pt: float,
        colour: str,
    ) -> tuple[list[Request], int] | None:
        min_pt = self.ctx.config.style.min_font_pt
        height_cap = max_lines * line_height(min_pt) + 2 * INSET_Y
        fit = fit_text(text, width, height_cap, max_pt, min_pt, family=self.family)
        if not fit.fits or len(fit.lines) > max_lines:
            return None
        box = Box(x, y, width, fit.height)
        return self.text_block(object_id, page, box, text, fit.font_pt, colour), fit.height


def union(first: Box, second: Box) -> Box:
    """Return the smallest box holding both boxes."""
    left, top = min(first.x, second.x), min(first.y, second.y)
    right, bottom = max(first.right, second.right), max(first.bottom, second.bottom)
    return Box(left, top, right - left, bottom - top)


# ---------------------------------------------------------------- splitting


FAR_SLIDE = 99
"""The slide number a stub is sized with while the slides are not yet numbered."""


BORDER_OFFERED = 2
"""Components of a cut zone offered one at a time to a neighbouring cut zone's slide."""


def split_by_zone(
    painter: _Painter,
    name: str,
    state: ArchitectureState,
    area: Box,
    rejected: Collection[tuple[str, ...]] = (),
    halved: Callable[[Sequence[str], Sequence[str]], int | None] | None = None,
    *,
    recut: bool = True,
) -> tuple[list[tuple[str, ...]], list[str], dict[int, int]]:
    """Return groups of component ids, each legible alone in `area`, what each holds, and halves.

    A zone too large alone is cut along the lifecycle (see `_chunk`); the
    runs next to another zone are offered to it one component at a time.
    Neighbouring zones and runs then share slides, as few as read clearly
    (see `_fewest_slides`). A `rejected` group (its finished slide misled,
    lost a stub or crossed a badge) is never legible. With `halved` (which
    says whether two runs read side by side, 0, or one above the other, 1, on
    one slide), two runs may also share a slide half each (see
    `_fewest_halved_slides`): the halves map each such group (counted from 0)
    to how it joins the group before it.
    Without `recut`, a zone too large alone is cut into the runs it would be
    were nothing rejected, and a rejected run is offered one component at a
    time, so that only its own slide is made again.
    """
    zones: list[tuple[list[str], str]] = []
    for zone in state.zones:
        members = [c.id for c in state.components if c.zone == zone.id]
        if members:
            zones.append((members, zone.name))
    loose = [c.id for c in state.components if c.zone is None]
    if loose:
        zones.append((loose, "Outside any zone" if state.zones else ""))

    def legible(ids: Sequence[str]) -> bool:
        group = tuple(ids)
        if group in rejected:
            return False
        return _reads_at(painter, name, state, group, area)

    def cuttable(ids: Sequence[str]) -> bool:
        # Without recut a zone is cut as before the rejections; its rejected runs part below.
        return legible(ids) if recut else _reads_at(painter, name, state, tuple(ids), area)

    def filled(ids: Sequence[str]) -> bool:
        # Every detail slide takes the smallest type any of them needs. Neighbours joined
        # on one slide fill it: they must keep their stubs in place at the smallest type too.
        return _reads_at(painter, name, state, tuple(ids), area, smallest=True)

    def fits(ids: Sequence[str]) -> bool:
        # Whether the diagram fits at all, which a longer run never does once a shorter does not.
        view = StateView(name, state, tuple(ids), part=2, parts=2)
        graph, _ = state_graph(painter.ctx.plan.architecture, view)
        area_left = painter.diagram_area(view, area)
        typography = painter.split_typography(name)
        drawn = painter.layout(graph, area_left, typography, True, balance=True)
        return drawn.fits

    units: list[list[str]] = []
    cut: list[bool] = []
    named: dict[tuple[str, ...], str] = {}
    for members, title in zones:
        if legible(members):
            units.append(list(members))
            cut.append(False)
            named[tuple(members)] = title
            continue
        runs = _chunk(state, members, cuttable, painter.cuts)
        spans = [_stage_span(state, run) for run in runs]
        for index, (run, stages) in enumerate(zip(runs, spans, strict=True)):
            # With one zone its name says nothing the slide heading does not.
            words = (
                f"{isolate(title)}: {stages}"
                if title and stages and len(zones) > 1
                else stages or title
            )
            if not stages or spans.count(stages) > 1:
                words = f"{words} ({index + 1}/{len(runs)})".strip()
            named[tuple(run)] = words
            units.append(list(run))
            cut.append(True)
    # A run of a cut zone next to another zone may give that zone's slide some of its
    # components: those nearest it are offered one at a time, when the slide takes one;
    # all of them next to a whole zone, a few next to a run of another cut zone.
    atoms: list[list[str]] = []
    for index, unit in enumerate(units):
        if not cut[index]:
            atoms.append(unit)
            continue
        home = state.component(unit[0]).zone
        offered = [0, 0]
        for side, neighbour in enumerate((index - 1, index + 1)):
            if not 0 <= neighbour < len(units):
                continue
            other = units[neighbour]
            if state.component(other[0]).zone == home:
                continue
            near = unit[:1] if side == 0 else unit[-1:]
            if legible(other + near if side == 0 else near + other):
                offered[side] = len(unit) if not cut[neighbour] else BORDER_OFFERED
        lead, tail = offered
        middle = unit[lead : len(unit) - tail]
        if not middle or tuple(middle) in rejected:
            # What is left of a run, rejected once its slide was drawn, is offered apart too.
            atoms += [[member] for member in unit]
            continue
        atoms += [[member] for member in unit[:lead]]
        atoms.append(middle)
        atoms += [[member] for member in unit[len(unit) - tail :]]
    halves: dict[int, int] = {}
    if halved is None:
        pages = _fewest_slides(atoms, state, legible, filled, fits)
    else:
        pages, halves = _fewest_halved_slides(atoms, legible, filled, halved, fits)
    groups = [[m for atom in atoms[start:end] for m in atom] for start, end in pages]
    titles = [
        named.get(tuple(group)) or _group_title(state, group, len(zones) > 1) for group in groups
    ]
    titles = _told_apart(titles)
    titles = [title or f"Part {index + 1}" for index, title in enumerate(titles)]
    return [tuple(group) for group in groups], titles, halves


def _group_reads(
    painter: _Painter,
    name: str,
    state: ArchitectureState,
    ids: Sequence[str],
    area: Box,
    max_pt: float | None = None,
    *,
    legend: tuple[str, ...] | None = None,
) -> bool:
    """Return True when the components `ids` of a split state read clearly in `area`, stubs and all.

    Names are at most `max_pt`, when given (the quick check that the diagram
    fits at all is then left out: the group was judged at full size first).
    With `legend`, its legend lists those entries (a shared slide's), not its own marks.
    """
    # The page's diagram gets at least the area left when all text goes to the notes.
    view = StateView(name, state, tuple(ids), part=2, parts=2, legend=legend)
    if max_pt is None:
        graph, _ = state_graph(painter.ctx.plan.architecture, view)
        area_left = painter.diagram_area(view, area)
        typography = painter.split_typography(name)
        if not painter.layout(graph, area_left, typography, balance=True).fits:
            return False
    # Only a group whose diagram fits is drawn with its texts, to see that its stubs
    # find room; their far ends are named with a two-digit slide number, as wide as any.
    shown = set(ids)
    rest = tuple(c.id for c in state.components if c.id not in shown)
    framed = replace(view, groups=(rest, tuple(ids)), numbers=(FAR_SLIDE, FAR_SLIDE))
    judged = painter.render(0, framed, area, with_title=False, judge=True, max_pt=max_pt)
    return judged.legible


SHARED_MOST = 10
"""The most components two neighbouring parts may hold together to be drawn on one slide."""
SHARED_AT_MOST_IN_STATE = 2 * SHARED_MOST
"""The most components of a state whose every two runs are tried on one slide, half each."""


def _sharing_slides(
    painter: _Painter,
    name: str,
    state: ArchitectureState,
    groups: Sequence[tuple[str, ...]],
    whole: Box,
    apart: Collection[tuple[str, ...]],
) -> tuple[frozenset[int], frozenset[int]]:
    """Return which parts are drawn right of, or under, the part before them on its slide.

    Two neighbouring sparse parts share a slide, side by side or one above the
    other, when each reads clearly in its half at full and at the smallest
    type; a part in `apart` (its finished half misled, lost a stub or crossed a
    badge) keeps a slide alone.
    """
    beside: set[int] = set()
    below: set[int] = set()
    part = 1
    while part < len(groups):
        first, second = groups[part - 1], groups[part]
        if len(first) + len(second) > SHARED_MOST or first in apart or second in apart:
            part += 1
            continue
        kinds = tuple(legend_entries(state, name, (*first, *second)))
        for chosen in (beside, below):
            trial = ({part + 1}, set()) if chosen is beside else (set(), {part + 1})
            halves = [_half(whole, at, *trial) for at in (part, part + 1)]
            # The slide's one legend lies under the left part, or under the lower one.
            legends = (kinds, ()) if chosen is beside else ((), kinds)
            if all(
                _reads_in(painter, name, state, group, half, legend=legend)
                for group, half, legend in zip((first, second), halves, legends, strict=True)
            ):
                chosen.add(part + 1)
                break
        part += 2 if part + 1 in beside | below else 1
    return frozenset(beside), frozenset(below)


def _reads_in(
    painter: _Painter,
    name: str,
    state: ArchitectureState,
    group: tuple[str, ...],
    area: Box,
    *,
    legend: tuple[str, ...] | None = None,
) -> bool:
    """Return True when `group` reads clearly in `area` at full and at the smallest type.

    With `legend`, its legend lists those entries (a shared slide's), not its own marks.
    """
    return all(
        _reads_at(painter, name, state, group, area, smallest=smallest, legend=legend)
        for smallest in (False, True)
    )


def _reads_at(
    painter: _Painter,
    name: str,
    state: ArchitectureState,
    group: tuple[str, ...],
    area: Box,
    *,
    smallest: bool = False,
    legend: tuple[str, ...] | None = None,
) -> bool:
    """Return whether `group` reads clearly in `area`, judged once per build.

    With `smallest`, whether it keeps its stubs in place at the smallest type too.
    """
    # A split made again after a rejection judges mostly the same groups again.
    verdicts = painter.joined_verdicts if smallest else painter.group_verdicts
    typography = painter.split_typography(name)
    key = (name, group, area, legend, typography)
    if key not in verdicts:
        max_pt = typography.min_pt if smallest else None
        verdicts[key] = _group_reads(painter, name, state, group, area, max_pt, legend=legend)
    return verdicts[key]


def _fewest_slides(
    atoms: Sequence[Sequence[str]],
    state: ArchitectureState,
    legible: Callable[[Sequence[str]], bool],
    filled: Callable[[Sequence[str]], bool],
    fits: Callable[[Sequence[str]], bool] | None = None,
) -> list[tuple[int, int]]:
    """Return runs (start, end) of neighbouring `atoms` on the fewest slides that each read clearly.

    Each atom reads clearly alone; a run of several must be `legible` as one
    group, and `filled` too. Of the groupings with fewest slides, the one
    with the most even slides wins (no slide left nearly empty), then the
    one parting the fewest connections between slides.

    Without `fits`, a run holding a smaller one that is not legible from the
    same start is taken not to read clearly either: runs grow from each start
    only while they stay legible. With `fits`, every run whose diagram fits
    one slide is a candidate, since a run can read clearly where a shorter
    one does not (fewer of its connections leave it as stubs); `legible` is
    asked only of the runs of the best grouping, which is sought again
    without any it refused. Any run holding one `filled` refused is taken not
    to read clearly; `filled` is the costlier judgement, asked likewise.
    """
    count = len(atoms)
    part_of = {m: index for index, atom in enumerate(atoms) for m in atom}
    spans = [
        sorted((part_of[c.source], part_of[c.target]))
        for c in state.connections
        if c.source in part_of and c.target in part_of and c.source != c.target
    ]

    def members(start: int, end: int) -> list[str]:
        return [m for atom in atoms[start:end] for m in atom]

    def leaving(start: int, end: int) -> int:
        return sum(1 for first, last in spans if (start <= first < end) != (start <= last < end))

    # Without `fits`, every run considered was judged legible growing; with it, every
    # run that fits is considered, and judged only once a best grouping holds it.
    ends = _legible_ends(atoms, legible if fits is None else fits)
    verdicts: dict[tuple[int, int], bool] = {
        (start, end): True for start, reach in enumerate(ends) if fits is None for end in reach
    }
    refused: set[tuple[int, int]] = set()
    while True:
        Score = tuple[int, int, int]
        best: dict[int, tuple[Score, list[tuple[int, int]]]] = {0: ((0, 0, 0), [])}
        for start in range(count):
            (slides, squares, parted), runs = best[start]
            for end in ends[start]:
                if verdicts.get((start, end)) is False or any(
                    start <= first and last <= end for first, last in refused
                ):
                    continue
                size = len(members(start, end))
                score = (slides + 1, squares + size * size, parted + leaving(start, end))
                if end not in best or score < best[end][0]:
                    best[end] = (score, [*runs, (start, end)])
        found = best[count][1]
        unjudged = [run for run in found if run[1] - run[0] > 1 and run not in verdicts]
        for start, end in unjudged:
            verdicts[(start, end)] = legible(members(start, end))
            if not verdicts[(start, end)]:
                break
        if not all(verdicts.get(run, True) for run in found):
            continue
        wrong = {
            (start, end)
            for start, end in found
            if end - start > 1 and not filled(members(start, end))
        }
        if not wrong:
            return found
        refused |= wrong


def _legible_ends(
    atoms: Sequence[Sequence[str]],
    legible: Callable[[Sequence[str]], bool],
    fits: Callable[[Sequence[str]], bool] | None = None,
) -> list[list[int]]:
    """Return, from each atom, the ends of the runs of `atoms` that are `legible`.

    Runs grow from each start while they stay legible or, with `fits`, while
    their diagram fits: a run can read clearly where a shorter one from the
    same start does not (fewer of its connections leave it as stubs).
    """
    ends: list[list[int]] = []
    for start in range(len(atoms)):
        reach = [start + 1]
        for end in range(start + 2, len(atoms) + 1):
            run = [m for atom in atoms[start:end] for m in atom]
            if legible(run):
                reach.append(end)
            elif fits is None or not fits(run):
                break
        ends.append(reach)
    return ends


def _fewest_halved_slides(
    atoms: Sequence[Sequence[str]],
    legible: Callable[[Sequence[str]], bool],
    filled: Callable[[Sequence[str]], bool],
    halved: Callable[[Sequence[str], Sequence[str]], int | None],
    fits: Callable[[Sequence[str]], bool] | None = None,
) -> tuple[list[tuple[int, int]], dict[int, int]]:
    """Return runs of neighbouring `atoms` on the fewest slides, two runs sharing some slides.

    A slide holds one run, `legible` and `filled` as in `_fewest_slides`, or
    two runs of at most `SHARED_MOST` components together that `halved` says
    read clearly half a slide each (0: side by side, 1: one above the other).
    Of the ways with fewest slides, the one with fewest shared slides wins,
    then the one with the most even slides. The second run of each shared
    slide (counted from 0) maps to how it joins the run before it.

    Only runs `legible` on a whole slide are judged in half of one, and, as in
    `_fewest_slides`, `filled` only for the runs of the best way.
    """
    count = len(atoms)

    def members(start: int, end: int) -> list[str]:
        return [m for atom in atoms[start:end] for m in atom]

    ends = _legible_ends(atoms, legible, fits)
    refused: set[tuple[int, int]] = set()
    while True:
        best: dict[int, _Way] = {0: ((0, 0, 0), [], {})}
        for start in range(count):
            if start not in best:
                continue
            (slides, shared, squares), runs, halves = best[start]
            for end in ends[start]:
                if any(start <= first and last <= end for first, last in refused):
                    continue
                size = len(members(start, end))
                score = (slides + 1, shared, squares + size * size)
                _offer(best, end, (score, [*runs, (start, end)], halves))
            for middle in ends[start]:
                first = members(start, middle)
                for end in ends[middle] if middle < count else []:
                    second = members(middle, end)
                    size = len(first) + len(second)
                    if size > SHARED_MOST:
                        break
                    how = halved(first, second)
                    if how is not None:
                        score = (slides + 1, shared + 1, squares + size * size)
                        joined = {**halves, len(runs) + 1: how}
                        way = (score, [*runs, (start, middle), (middle, end)], joined)
                        _offer(best, end, way)
        _, found, halves = best[count]
        whole = [
            (start, end)
            for index, (start, end) in enumerate(found)
            if index not in halves and index + 1 not in halves
        ]
        wrong = {
            (start, end)
            for start, end in whole
            if end - start > 1 and not filled(members(start, end))
        }
        if not wrong:
            return found, halves
        refused |= wrong


_Way = tuple[tuple[int, int, int], list[tuple[int, int]], dict[int, int]]
"""A way to put runs on slides: its score, its runs and which of them share a slide."""


def _offer(best: dict[int, _Way], end: int, way: _Way) -> None:
    """Keep `way` as the best to `end` when it scores lower than the one known."""
    if end not in best or way[0] < best[end][0]:
        best[end] = way


def _group_title(state: ArchitectureState, members: Sequence[str], zoned: bool) -> str:
    """Return what a slide of `members` holds: each zone by name, a part of one with its stages.

    With one zone (`zoned` false) its name says nothing the slide heading does
    not, so a part of it is named by its stages alone.
    """
    shown = set(members)
    words: list[str] = []
    zone_names = {zone.id: zone.name for zone in state.zones}
    zone_ids = list(dict.fromkeys(state.component(member).zone for member in members))
    for zone_id in zone_ids:
        title = zone_names.get(zone_id or "", "Outside any zone" if state.zones else "")
        every = [c.id for c in state.components if c.zone == zone_id]
        if all(member in shown for member in every):
            words.append(title)
            continue
        stages = _stage_span(state, [m for m in every if m in shown])
        words.append(
            f"{isolate(title)}: {stages}" if title and stages and zoned else stages or title
        )
    return " + ".join(word for word in words if word)


def _told_apart(titles: Sequence[str]) -> list[str]:
    """Return `titles`, each one shared by several slides counted: "Plan (1/2)", "Plan (2/2)"."""
    told = list(titles)
    for title in set(titles):
        at = [index for index, other in enumerate(titles) if other == title]
        if title and len(at) > 1:
            for count, index in enumerate(at):
                told[index] = f"{title} ({count + 1}/{len(at)})"
    return told


def _stage_span(state: ArchitectureState, members: Sequence[str]) -> str:
    """Return the lifecycle stages `members` cover in words: "plan to verify", or ""."""
    stages = sorted(
        {c.stage for c in state.components if c.id in members and c.stage is not None},
        key=lambda stage: stage.order,
    )
    if not stages:
        return ""
    first, last = stages[0].value.capitalize(), stages[-1].value
    return first if len(stages) == 1 else f"{first} to {last}"


def _chunk(
    state: ArchitectureState,
    members: list[str],
    legible: Callable[[Sequence[str]], bool],
    cuts: dict[tuple[object, ...], tuple[float, list[int]] | None] | None = None,
) -> list[list[str]]:
    """Return `members` cut into the fewest runs that are each legible, cutting few connections.

    Components are ordered by lifecycle stage, then by flow (their layer in
    the zone's own graph), then as declared; or by flow alone; or walking the
    connections from the first in lifecycle order (`_along_connections`). For
    each number of runs, the cuts tried first are those (runs within a quarter
    of an even share) that part the fewest connections, a change of stage
    breaking ties, so each slide keeps its connections and whole stages where
    it can; then cuts moved to the nearest change of stage, then even ones.
    When the cut parting the fewest has a single run too large and another
    cut reads, that run is cut again instead (a slide or more) if that parts at
    most half as many connections.
    The fewest-cut searches are remembered in `cuts`, when given: a split made
    again after a rejection asks the same ones.
    """
    cuts = {} if cuts is None else cuts
    sub = Graph(
        nodes=tuple(
            Node(c.id, c.name, None, c.stage.order if c.stage else None)
            for c in state.components
            if c.id in members
        ),
        edges=tuple(
            Edge(c.source, c.target)
            for c in state.connections
            if c.source in members and c.target in members and c.source != c.target
        ),
    )
    layer, _ = assign_columns(sub)
    stage = {c.id: (c.stage.order if c.stage is not None else 99) for c in state.components}
    by_stage = sorted(members, key=lambda m: (stage[m], layer[m], members.index(m)))
    by_flow = sorted(members, key=lambda m: (layer[m], members.index(m)))
    by_path = _along_connections(by_stage, sub.edges)
    for parts in range(2, len(members) + 1):
        tried: list[tuple[float, tuple[str, ...], list[int]]] = []
        for ordered in (by_stage, by_flow, by_path):
            key = (tuple(ordered), sub.edges, parts, tuple(stage[m] for m in ordered))
            if key not in cuts:
                cuts[key] = _fewest_cut(ordered, sub.edges, parts, stage)
            found = cuts[key]
            if found is not None:
                tried.append((found[0], tuple(ordered), found[1]))
        tried.sort(key=lambda candidate: candidate[0])
        size = len(by_stage) / parts
        even = [0, *(round(size * k) for k in range(1, parts)), len(by_stage)]
        changes = [
            i for i in range(1, len(by_stage)) if stage[by_stage[i]] != stage[by_stage[i - 1]]
        ]
        snapped = [0]
        for cut in even[1:-1]:
            near = min(changes, key=lambda b: abs(b - cut), default=cut)
            snapped.append(near if abs(near - cut) <= size / 4 else cut)
        snapped.append(len(by_stage))
        tried += [(0.0, tuple(by_stage), snapped), (0.0, tuple(by_stage), even)]
        seen: set[tuple[tuple[str, ...], ...]] = set()
        # The runs parting the fewest connections, one of them too large to read.
        nearly: tuple[tuple[tuple[str, ...], ...], int] | None = None
        for attempt, (_, sequence, bounds) in enumerate(tried):
            if any(b >= a for a, b in zip(bounds[1:], bounds, strict=False)):
                continue
            runs = tuple(sequence[a:b] for a, b in itertools.pairwise(bounds))
            if runs in seen:
                continue
            seen.add(runs)
            # The first runs tried are cut again when only one is too large: look for two.
            looked = 2 if attempt == 0 else 1
            unread = list(
                itertools.islice((i for i, r in enumerate(runs) if not legible(r)), looked)
            )
            if unread:
                if attempt == 0 and len(unread) == 1:
                    nearly = (runs, unread[0])
                continue
            if nearly is not None:
                # More slides are worth it when they keep most of what these runs part:
                # the large run is cut again rather than the zone cut across its flow.
                fewest, index = nearly
                again = [tuple(run) for run in _chunk(state, list(fewest[index]), legible, cuts)]
                repaired = (*fewest[:index], *again, *fewest[index + 1 :])
                if 2 * _parted(repaired, sub.edges) <= _parted(runs, sub.edges):
                    runs = repaired
            return [list(run) for run in runs]
    return [[member] for member in by_stage]


def _parted(runs: Sequence[Sequence[str]], edges: Sequence[Edge]) -> int:
    """Return how many of `edges` join components of two different `runs`."""
    where = {member: index for index, run in enumerate(runs) for member in run}
    return sum(1 for edge in edges if where[edge.source] != where[edge.target])


def _along_connections(ordered: Sequence[str], edges: Sequence[Edge]) -> list[str]:
    """Return `ordered` walked depth first along `edges`, each next step the earliest in it.

    Components of one layer seldom connect to each other: runs of the
    lifecycle order cut most connections of a large zone. Walking the
    connections puts each component next to one it connects to, so runs keep them.
    """
    rank = {member: index for index, member in enumerate(ordered)}
    neighbours: dict[str, set[str]] = {member: set() for member in ordered}
    for edge in edges:
        neighbours[edge.source].add(edge.target)
        neighbours[edge.target].add(edge.source)
    walked: list[str] = []
    seen: set[str] = set()
    for start in ordered:
        if start in seen:
            continue
        stack = [start]
        while stack:
            member = stack.pop()
            if member in seen:
                continue
            seen.add(member)
            walked.append(member)
            # Pushed latest first, so the earliest neighbour is walked next.
            stack += sorted(neighbours[member] - seen, key=rank.__getitem__, reverse=True)
    return walked


def _fewest_cut(
    ordered: Sequence[str], edges: Sequence[Edge], parts: int, stage: dict[str, int]
) -> tuple[float, list[int]] | None:
    """Return the bounds of `parts` runs of `ordered` parting the fewest `edges`, and that count.

    Each run holds between three quarters and five quarters of an even share;
    a bound at a change of stage counts a tenth less, so ties keep stages whole.
    """
    count = len(ordered)
    size = count / parts
    low, high = max(1, int(size * 0.75)), max(1, math.ceil(size * 1.25))
    position = {member: index for index, member in enumerate(ordered)}
    spans = [
        (min(position[e.source], position[e.target]), max(position[e.source], position[e.target]))
        for e in edges
    ]

    costs: dict[tuple[int, int], float] = {}

    def cost(start: int, end: int) -> float:
        # Every run tries the same few (start, end) pairs: count each once.
        if (start, end) not in costs:
            parted = sum(1 for first, last in spans if start <= first < end <= last)
            at_change = 0 < end < count and stage[ordered[end]] != stage[ordered[end - 1]]
            costs[start, end] = parted - (0.1 if at_change else 0.0)
        return costs[start, end]

    best: dict[int, tuple[float, list[int]]] = {0: (0.0, [0])}
    for run in range(1, parts + 1):
        following: dict[int, tuple[float, list[int]]] = {}
        for start, (total, bounds) in best.items():
            for length in range(low, high + 1):
                end = start + length
                if end > count or (run == parts and end != count):
                    continue
                candidate = (total + cost(start, end), [*bounds, end])
                if end not in following or candidate[0] < following[end][0]:
                    following[end] = candidate
        best = following
    return best.get(count)


# ---------------------------------------------------------------- the builder


def build(ctx: BuildContext) -> list[PageContent]:
    """Return the architecture slides: both states side by side, or one state per slide."""
    # Arrangements are remembered across the areas a state is tried in, for this build only.
    forget_arrangements()
    painter = _Painter(ctx)
    architecture = ctx.plan.architecture
    regions = {name: ctx.region(name).box for name in STATES}
    if all(getattr(architecture, name).is_empty for name in STATES):
        area = union(regions["current"], regions["proposed"])
        return [empty_page(ctx, area, EMPTY_SECTION, EMPTY_SECTION_HINT)]
    side_by_side: list[Rendered] = []
    halves = [StateView(name, getattr(architecture, name)) for name in STATES]
    # Moving boxes to share the slide is worth it only with two diagrams to share it: a
    # state beside an empty one reads better on a slide of its own.
    both = not any(view.state.is_empty for view in halves)
    for view in halves:
        if both:
            # Boxes moved among their zones' cells may part the misleading lines.
            drawn = painter.drawn_clearly(view, regions[view.name], with_title=True)
        else:
            drawn = painter.render(0, view, regions[view.name], with_title=True)
        side_by_side.append(drawn)
        if not drawn.legible or _misleads(drawn):
            break  # one state too large for its half gives each state slides of its own
    if (
        len(side_by_side) == len(STATES)
        and all(r.legible and not _misleads(r) for r in side_by_side)
        and (both or not _shows_more_alone(painter, halves, side_by_side, regions))
    ):
        sizes = [r.font_pt for r in side_by_side if r.font_pt is not None]
        if len(sizes) == 2 and sizes[0] != sizes[1]:
            # Side by side, both diagrams read best at one type size, unless a line then
            # misleads: cells found to part a state's lines hold at the size they were found.
            matched = [
                painter.render(0, view, regions[view.name], with_title=True, max_pt=min(sizes))
                for view in halves
            ]
            if all(r.legible and not _misleads(r) for r in matched):
                side_by_side = matched
        page = PageContent()
        for rendered in side_by_side:
            page.requests += rendered.requests
            page.notes += rendered.notes
        return [page]

    if both:
        for view in halves:
            # Cells that part a state's lines in half a slide are no guide to a whole one.
            # (Beside an empty state no half was cleaned: cells found for the whole slide
            # while judging it stay, as they would be found again.)
            painter.uncleaned(view)
    whole = union(regions["current"], regions["proposed"])
    unrecorded: list[str] = []
    singles: dict[str, bool] = {}
    # The view of each state drawn on one slide otherwise than plainly: in columns
    # following its connections, or in smaller type.
    single_views: dict[str, StateView] = {}
    # The smaller type of each state that does not fit one slide even in it.
    split_smaller: dict[str, float] = {}
    misleading: set[str] = set()
    for name in STATES:
        state: ArchitectureState = getattr(architecture, name)
        if state.is_empty:
            # A slide saying only "nothing recorded" helps nobody; the notes say it.
            unrecorded.append(EMPTY_HINT[name])
            continue
        # Boxes moved among their zones' cells may part the misleading lines.
        single = painter.drawn_clearly(StateView(name, state), whole, with_title=False)
        # A drawing that fits yet sends a line along another's run, through a box or
        # through text misleads: the state is split as a larger one would be.
        if single.legible and _misleads(single):
            misleading.add(name)
        singles[name] = single.legible and name not in misleading
        if singles[name]:
            continue
        # Drawn otherwise, a state takes one slide only where no line then misleads.
        for view in _other_single_views(painter, name, state):
            drawn = painter.drawn_clearly(view, whole, with_title=False)
            if drawn.legible and reads_clearly(drawn.layout):
                single_views[name] = view
                singles[name] = True
                misleading.discard(name)
                break
        else:
            smallest = smallest_type(len(state.components), painter.typography.min_pt)
            if smallest < painter.typography.min_pt:
                split_smaller[name] = smallest
    views, drawings = _drawn_views(painter, ctx, singles, single_views, whole)
    for name, smallest in split_smaller.items():
        if _slide_count(views, name) <= 2:
            # Split over two slides already: in smaller type it could only share one
            # between two halves, which none of the benchmark's 40 random states of 21
            # to 30 components did, and splitting again takes seconds.
            continue
        # Needing several slides even in the smaller type its size allows, a state takes
        # that type on them too when it needs fewer of them so, sending no more to the
        # notes: two slides read better than an overview and three, as one does than four.
        # As many slides whose boxes all match read as one picture where boxes of several
        # widths do not: that is worth the smaller type too.
        painter.split_min_pt[name] = smallest
        smaller_views, smaller_drawings = _drawn_views(painter, ctx, singles, single_views, whole)
        slides, smaller_slides = _slide_count(views, name), _slide_count(smaller_views, name)
        better = smaller_slides < slides or (
            smaller_slides == slides
            and _detail_widths(smaller_views, smaller_drawings, name) == 1
            and _detail_widths(views, drawings, name) > 1
        )
        noted = _noted(views, drawings, name)
        if better and _noted(smaller_views, smaller_drawings, name) <= noted:
            views, drawings = smaller_views, smaller_drawings
        else:
            del painter.split_min_pt[name]
    # A split that misleads too is no better than the one slide: then the one slide
    # stays, its diagram the best the layout finds in the whole area.
    kept = {name for name in misleading if not _split_reads_clearly(name, views, drawings)}
    if kept:
        singles.update(dict.fromkeys(kept, True))
        views, drawings = _drawn_views(painter, ctx, singles, single_views, whole)
    joins = {
        index: _joined_halves(drawings[index - 1], drawings[index], painter.style)
        for index, view in enumerate(views)
        if view.sharing and index > 0
    }
    pages: list[PageContent] = []
    for index, (view, undrawn) in enumerate(zip(views, drawings, strict=True)):
        # A part sharing its slide, and the part before it, leave the joined connections
        # to lines drawn once both parts are.
        drawn = undrawn.with_stubs(joins.get(index, joins.get(index + 1)), second=index in joins)
        if view.overview and view.coarse:
            drawn.notes += _crossing_notes(view)
        if view.part == 1 and view.parts > 1 and not view.overviews:
            drawn.notes[:0] = _parts_notes(view)
        if view.sharing:
            # The part drawn beside or under its neighbour adds to that slide, and the
            # slide gets the lines joining the two and the one legend of both.
            pages[-1].requests += [*drawn.requests, *joins[index].requests, *joins[index].labels]
            pair = slice(index - 1, index + 1)
            pages[-1].requests += shared_legend(views[pair], drawings[pair])
            pages[-1].notes += drawn.notes
            continue
        suffix = f": {STATE_TITLES[view.name].lower()}"
        if view.overview:
            suffix += f", overview ({view.slide_index}/{view.slides})"
        elif view.slides > 1:
            suffix += f" ({view.slide_index}/{view.slides})"
        pages.append(PageContent(drawn.requests, drawn.notes, heading_suffix=suffix))
    pages[0].notes[:0] = unrecorded
    return pages


def _shows_more_alone(
    painter: _Painter,
    halves: Sequence[StateView],
    drawn: Sequence[Rendered],
    regions: dict[str, Box],
) -> bool:
    """Return True when the one state drawn shows more on a slide of its own than in its half.

    Beside an empty state the slide's other half holds only a placeholder, which
    the notes can say as well: the state takes the whole slide when there it keeps
    more of its connector labels, pain points or changes on the slide, and loses
    none of them, while still reading clearly.
    """
    index = next(index for index, view in enumerate(halves) if not view.state.is_empty)
    view, half = halves[index], drawn[index]
    whole = union(regions["current"], regions["proposed"])
    alone = painter.drawn_clearly(view, whole, with_title=False)
    if not alone.legible or _misleads(alone):
        return False
    shown, shown_alone = _shown_on_slide(half), _shown_on_slide(alone)
    return shown_alone != shown and all(a >= b for a, b in zip(shown_alone, shown, strict=True))


def _shown_on_slide(drawn: Rendered) -> tuple[int, int, int]:
    """Return what a drawing keeps on its slide: pain points, changes, and connector labels."""
    return (int(drawn.pains_listed), int(drawn.changes_listed), -_unplaced_labels(drawn))


def _unjoined(leaving: Sequence[Edge], joined: Pairs) -> list[Edge]:
    """Return the connections of `leaving` not drawn as lines joining two halves of a slide."""
    return [edge for edge in leaving if (edge.source, edge.target) not in joined]


def _joined_halves(first: Rendered, second: Rendered, style: DrawStyle) -> _Joins:
    """Return lines joining two parts drawn on one slide, the connections they draw, and their runs.

    `second` is drawn right of or under `first`. Each connection between them
    gets a line wherever one is clean (see `join_route`), in the order the
    first part lists its cut connections; the rest keep their stubs. Lines that
    would leave a stub no clean place are given up, the last found first. Each
    line's label goes beside it where a clean spot exists (see `_joined_labels`),
    else to the notes.
    """
    if first.half is None or second.half is None:
        return _Joins()
    halves = (first.half, second.half)
    side = {node_id: index for index, half in enumerate(halves) for node_id in half.layout.nodes}
    boxes = [placed.box for half in halves for placed in half.layout.nodes.values()]
    texts = [box for half in halves for box in (*diagram_texts(half.layout), *half.texts)]
    segments: list[Segment] = [
        run
        for half in halves
        for route in half.layout.routes
        for run in itertools.pairwise(route.points)
    ]
    found: list[tuple[Edge, Route, tuple[DiagramIds, DiagramIds]]] = []
    for edge in first.half.leaving:
        ends = (side.get(edge.source), side.get(edge.target))
        if None in ends or ends[0] == ends[1]:
            continue  # the far end is on another slide
        source_half, target_half = halves[ends[0] or 0], halves[ends[1] or 0]
        join = join_route(
            source_half.layout.nodes[edge.source].box,
            target_half.layout.nodes[edge.target].box,
            boxes,
            texts,
            segments + [run for _, route, _ in found for run in itertools.pairwise(route.points)],
        )
        if join is not None:
            route = Route(edge, join.start_site, join.end_site, len(join.points) > 2, join.points)
            found.append((edge, route, (source_half.ids, target_half.ids)))

    def stubs_missing(joined: Pairs, lines: Sequence[Segment], labels: Sequence[Request]) -> int:
        return first.stubs_missing(joined, lines, labels) + second.stubs_missing(
            joined, lines, labels
        )

    before = stubs_missing((), (), ())
    while found:
        joined = frozenset((edge.source, edge.target) for edge, _, _ in found)
        lines = tuple(run for _, route, _ in found for run in itertools.pairwise(route.points))
        if stubs_missing(joined, lines, ()) <= before:
            break
        found.pop()
    if not found:
        return _Joins()
    requests: list[Request] = []
    page_id = first.half.page_id
    for index, (edge, route, (source_ids, target_ids)) in enumerate(found):
        # The line belongs to neither part: its ID names only the state.
        line_id = str(first.half.join_id("ln", index))
        requests += connector(line_id, page_id, route, style.palette.text)
        requests.append(
            attach(line_id, route, source_ids.box(edge.source), target_ids.box(edge.target))
        )
    area = union(first.half.layout.area, second.half.layout.area)
    zones = [zone.box for half in halves for zone in half.layout.zones if zone.spec is not None]
    routes = [route for _, route, _ in found]
    typography = first.half.layout.typography
    labelled = _joined_labels(
        routes, area, boxes + texts, zones, segments + list(lines), typography
    )
    labels: list[Request] = []
    for index, route in enumerate(labelled):
        if route.label_box is not None:
            label_id = str(first.half.join_id("lb", index))
            labels += draw_label(label_id, page_id, route, style, typography)
    if labels and stubs_missing(joined, lines, labels) > before:
        # A label costing a stub its place goes to the notes: the stub shows more.
        labelled, labels = routes, []
    unlabelled = tuple(route.edge for route in labelled if route.edge.label and not route.label_box)
    return _Joins(tuple(requests), joined, lines, unlabelled, tuple(labels))


def _joined_labels(
    routes: Sequence[Route],
    area: Box,
    blockers: Sequence[Box],
    zones: Sequence[Box],
    segments: Sequence[Segment],
    typography: Typography,
) -> list[Route]:
    """Return lines joining two parts of a slide with their labels placed where one fits.

    A label sits beside its own line, within `area`, clear of `blockers` (boxes
    and texts), of every zone (it belongs to neither part's) and of every other
    line in `segments`, and nearer its own line than any other; earlier labels
    are in the way of later ones.
    """
    placed: list[Route] = []
    taken = list(blockers) + list(zones)
    for route in routes:
        if not route.edge.label:
            placed.append(route)
            continue
        own = set(itertools.pairwise(route.points))
        others = [run for run in segments if run not in own]
        # No other line may pass through the text, nor a point either side of it.
        margin = pt(2)
        runs = [
            Box(
                min(a[0], b[0]) - margin,
                min(a[1], b[1]) - margin,
                abs(b[0] - a[0]) + 2 * margin,
                abs(b[1] - a[1]) + 2 * margin,
            )
            for a, b in others
        ]
        # As wide as the gap the line spans, as a label between columns is.
        span = abs(route.end[0] - route.start[0])
        room = max(span, JOIN_LABEL_MIN_ROOM) - pt(6)
        lines = wrap(route.edge.label, room, typography.label_pt, family=typography.family)
        box = None
        if len(lines) <= 3:
            box = place_label(route, lines, typography, taken + runs, area, (), others)
        if box is None:
            placed.append(route)
            continue
        taken.append(label_ink(box))
        placed.append(replace(route, label_box=box, label_lines=tuple(lines)))
    return placed


def _misleading_runs(layout: DiagramLayout) -> int:
    """Return the pairs of lines sharing a run with no common end, plus one for a crossed title."""
    if not layout.fits:
        return 0
    shared = sum(1 for _ in runs_shared_without_a_common_end(layout))
    return shared + int(crosses_zone_labels(layout))


def _cleanest_packing(graph: Graph, drawn: DiagramLayout, min_pt: float) -> DiagramLayout | None:
    """Return the cheapest clean packing of zones in `drawn`'s area, moved to cross fewer lines.

    The last try for a small state whose drawing misleads: every packing of its
    zones in rows, not only the most promising few (see `first_clean_packing`),
    its type no smaller than `min_pt` (the configured minimum) even where the
    drawing's may be, unless the drawing's names are held smaller still.
    """
    area, typography = drawn.area, drawn.typography
    if typography.min_pt < min_pt <= typography.max_pt:
        typography = replace(typography, min_pt=min_pt)
    found = first_clean_packing(graph, area, typography)
    if found is None:
        return None
    found = cleaned_by_moves(graph, area, typography, found) or found
    return found if reads_clearly(found) else None


def _faults(layout: DiagramLayout) -> int:
    """Return the lines through boxes and the misleading runs of a layout (see `reads_clearly`)."""
    return layout.blocked + _misleading_runs(layout)


def _misleads(rendered: Rendered) -> bool:
    """Return True when a drawn diagram has a line along another's run, through a box or text."""
    return rendered.layout is not None and not reads_clearly(rendered.layout)


def _other_single_views(painter: _Painter, name: str, state: ArchitectureState) -> list[StateView]:
    """Return the views a state may yet take on one slide when its plain one does not serve.

    Columns that follow the connections alone may draw on one slide a state
    whose lifecycle order sends a hub's lines back across it, or spreads its
    unconnected components over a column per stage; they are tried only where
    they differ from the lifecycle's. One slide in smaller type, where the
    state's size allows it, reads better than an overview and details.
    """
    plain = StateView(name, state)
    graph = state_graph(painter.ctx.plan.architecture, plain)[0]
    differs = assign_columns(graph) != assign_columns(replace(graph, lifecycle=False))
    orders = (True, False) if differs else (True,)
    views = [replace(plain, lifecycle=False)] if differs else []
    smallest = smallest_type(len(state.components), painter.typography.min_pt)
    if smallest < painter.typography.min_pt:
        views += [replace(plain, min_pt=smallest, lifecycle=lifecycle) for lifecycle in orders]
    return views


def _drawn_views(
    painter: _Painter,
    ctx: BuildContext,
    singles: dict[str, bool],
    single_views: dict[str, StateView],
    whole: Box,
) -> tuple[list[StateView], list[Rendered]]:
    """Return the view and drawing of every slide: each state on one slide or split.

    A state is split (`singles` false) into groups each judged legible alone;
    a group whose finished slide still misleads, loses a stub or sends a line
    through a badge is rejected and the state split again, a few times at most.
    """
    architecture = ctx.plan.architecture
    rejected: dict[str, set[tuple[str, ...]]] = {name: set() for name in singles}
    apart: dict[str, set[tuple[str, ...]]] = {name: set() for name in singles}
    for attempt in range(MAX_RESPLITS + 1):
        plans = [
            single_views.get(name, StateView(name, getattr(architecture, name)))
            if legible
            else _split_plan(
                painter, name, getattr(architecture, name), whole, rejected[name], apart[name]
            )
            for name, legible in singles.items()
        ]
        views = _with_legible_overviews(painter, ctx, plans, whole)
        views, drawings = _same_sizes_on_details(painter, views, whole)
        views, drawings = _texts_in_one_place(painter, views, drawings, whole)
        views, drawings = _numbered_in_reading_order(painter, views, drawings, whole)
        # A group is judged before its slide's type size and numbers are settled; one
        # whose finished slide misleads, sends a line through a badge or has no room
        # for a stub is split further.
        short = [
            (view, view.component_ids or ())
            for view, drawn in zip(views, drawings, strict=True)
            if view.parts > 1
            and not view.overview
            and (_misleads(drawn) or _falls_short(drawn))
            and (len(view.component_ids or ()) > 1 or view.part_area(whole) != whole)
        ]
        if not short or attempt == MAX_RESPLITS:
            break
        for view, group in short:
            # A part on half a slide gets a slide of its own before it is cut further.
            if view.part_area(whole) != whole:
                apart[view.name].add(group)
            else:
                rejected[view.name].add(group)
    return views, drawings


def _split_reads_clearly(
    name: str, views: Sequence[StateView], drawings: Sequence[Rendered]
) -> bool:
    """Return True when every slide of state `name` reads clearly, each stub in its place."""
    for view, drawn in zip(views, drawings, strict=True):
        if view.name != name:
            continue
        if view.overview:
            if not _reads_whole(drawn):
                return False
        elif not reads_clearly(drawn.layout) or _falls_short(drawn):
            return False
    return True


def _split_plan(
    painter: _Painter,
    name: str,
    state: ArchitectureState,
    whole: Box,
    rejected: Collection[tuple[str, ...]],
    apart: Collection[tuple[str, ...]] = (),
) -> StateView:
    """Return the view of a state split over detail slides, none showing a `rejected` group.

    Neighbouring sparse parts share a slide, unless one is `apart`. A small
    state is cut again into runs two of which may share any slide, kept when
    that takes fewer slides; after a rejection, so is a cut of the rejected
    runs alone, the others kept.
    """
    groups, titles, _ = split_by_zone(painter, name, state, whole, rejected)
    beside, below = _sharing_slides(painter, name, state, groups, whole, apart)
    if len(state.components) <= SHARED_AT_MOST_IN_STATE:
        # A small state may need fewer slides when any two runs can share one, not only
        # the parts of the grouping made for whole slides.
        def halved(first: Sequence[str], second: Sequence[str]) -> int | None:
            pair = (tuple(first), tuple(second))
            if any(group in rejected or group in apart for group in pair):
                return None
            kinds = tuple(legend_entries(state, name, pair[0] + pair[1]))
            for how, trial in enumerate((({2}, set()), (set(), {2}))):
                areas = [_half(whole, at, *trial) for at in (1, 2)]
                # The slide's one legend lies under the left part, or under the lower one.
                legends = (kinds, ()) if how == 0 else ((), kinds)
                if all(
                    _reads_in(painter, name, state, group, area, legend=legend)
                    for group, area, legend in zip(pair, areas, legends, strict=True)
                ):
                    return how
            return None

        # A rejected run may lose its stubs only at the type size its finished slide
        # shared with others: cutting that run alone, its halves sharing a slide, may
        # take fewer slides than cutting the whole state anew.
        for recut in (True, False) if rejected else (True,):
            paired, named, halves = split_by_zone(
                painter, name, state, whole, rejected, halved, recut=recut
            )
            if len(paired) - len(halves) < len(groups) - len(beside) - len(below):
                groups, titles = paired, named
                beside = frozenset(part + 1 for part, how in halves.items() if how == 0)
                below = frozenset(part + 1 for part, how in halves.items() if how == 1)
    return StateView(
        name,
        state,
        parts=len(groups),
        order=tuple(component_id for group in groups for component_id in group),
        groups=tuple(groups),
        titles=tuple(titles),
        beside=beside,
        below=below,
    )


MAX_OVERVIEWS = 3
"""Overview slides tried before the connections between parts are left to stubs alone."""
DETAILS_PER_OVERVIEW = 3
"""Detail slides one overview slide of connections opens, before zones as boxes are tried."""
MOST_WITHOUT_OVERVIEW = 2
"""Detail slides a split state may take with no overview slide before them."""
OVERVIEW_ALWAYS_ABOVE = 30
"""Components beyond which a split state always opens with an overview of every zone."""
MAX_RESPLITS = 3
"""Times a split is made again without the groups whose finished slide misled or lost a stub."""


def _overview_choices(painter: _Painter, plan: StateView, whole: Box) -> Iterator[StateView]:
    """Yield the ways to open a split state, best first, each worked out when asked for.

    First the connections between parts packed onto as few overview slides
    (at most three, one per three detail slides) as each read clearly, then
    one overview of zones as boxes joined wherever connections cross zones,
    then only where they cross slides, then the zones (or parts) as boxes
    with their connections listed beside them, then the connections packed
    onto up to one overview slide per detail slide, then runs of parts as
    boxes with their connections listed, then none. Every way but the last
    has an overview slide; a state of up to 30 components on two detail slides
    tries none first.
    """
    if plan.slides <= MOST_WITHOUT_OVERVIEW and len(plan.state.components) <= OVERVIEW_ALWAYS_ABOVE:
        # Each of two detail slides names the other at every cut connection's stub:
        # an overview would add a slide to say no more. A larger state is one a
        # reader needs the whole picture of first, zones and the lines between them.
        yield plan
    # One overview slide opens every three detail slides at most. When zones as boxes
    # cannot be drawn clearly, one slide listing their connections reads faster than
    # up to one overview per detail slide, the stubs naming every far end anyway.
    # Parts sharing a slide count once: it is the detail slides an overview opens.
    few = math.ceil(plan.slides / DETAILS_PER_OVERVIEW)
    shares = _packed_shares(painter, plan, whole, few)
    if shares is not None:
        yield replace(plan, overviews=len(shares), shares=shares)
    coarse = replace(plan, overviews=1, coarse=True)
    yield replace(coarse, zone_links=True)
    yield coarse
    listed = replace(coarse, zone_links=True, listed=True)
    yield listed
    # Packing onto more slides draws many overviews: asked for only when the list fails.
    more = None if shares is not None else _packed_shares(painter, plan, whole, plan.parts)
    if more is not None:
        yield replace(plan, overviews=len(more), shares=more)
    # A one-zone state's parts may be too many for a box each: then one box per few slides.
    one_zone = len({c.zone for c in plan.state.components}) <= 1
    for per_box in range(2, plan.parts if one_zone else 2):
        if math.ceil(plan.parts / per_box) < math.ceil(plan.parts / (per_box - 1)):
            yield replace(listed, per_box=per_box)
    yield plan


class _Choices:
    """The ways to open a state, best first, each worked out only once asked for."""

    def __init__(self, ways: Iterator[StateView]) -> None:
        self._ways = ways
        self._known: list[StateView] = []

    def __getitem__(self, index: int) -> StateView:
        """Return the way at `index`, working out those before it first."""
        while len(self._known) <= index:
            self._known.append(next(self._ways))
        return self._known[index]


def _packed_shares(
    painter: _Painter, plan: StateView, whole: Box, most: int
) -> tuple[tuple[tuple[str, str], ...], ...] | None:
    """Return the connections between parts packed into shares that each read clearly, or None.

    Each overview slide takes the next connections while its diagram stays
    clear; None when more than `MAX_OVERVIEWS` slides (or more than `most`)
    would be needed, or a connection cannot be drawn clearly even alone.
    """
    limit = min(MAX_OVERVIEWS, most)
    shares: list[tuple[tuple[str, str], ...]] = []
    current: tuple[tuple[str, str], ...] = ()
    for group in crossing_groups(plan):
        if _overviews_legible(painter, _sheet(plan, (*shares, current + group)), whole):
            current += group
            continue
        if not current:
            return None
        shares.append(current)
        current = group
        if len(shares) >= limit or not _overviews_legible(
            painter, _sheet(plan, (*shares, current)), whole
        ):
            return None
    shares.append(current)
    return tuple(shares)


def _sheet(plan: StateView, shares: tuple[tuple[tuple[str, str], ...], ...]) -> StateView:
    """Return `plan` with overview slides drawing `shares`, the last one to be checked."""
    return replace(plan, overviews=len(shares), shares=shares)


def _crossing_notes(view: StateView) -> list[str]:
    """Return every connection between parts in words, with the slides showing its ends."""
    lines = [f"{STATE_TITLES[view.name]} connections between slides:"]
    for source, target, label in cross_part_connections(view):
        ends = (view.part_of(source), view.part_of(target))
        where = " → ".join(part_label(view, part) for part in ends if part is not None)
        lines.append(f"  {_edge_note(view.state, Edge(source, target, label))} ({where})")
    return lines


def _parts_notes(view: StateView) -> list[str]:
    """Return what each slide of a split state with no overview holds, and where it is."""
    title = STATE_TITLES[view.name]
    if view.slides == 1:
        lines = [f"{title} in {view.parts} parts on one slide:"]
    else:
        lines = [f"{title} over {view.slides} slides:"]
    return lines + [f"  {part_zone_title(view, part)}" for part in range(1, view.parts + 1)]


def _with_legible_overviews(
    painter: _Painter, ctx: BuildContext, plans: Sequence[StateView], whole: Box
) -> list[StateView]:
    """Return the views of every slide, each split state led by the best legible overviews.

    Overview slides draw the components connected across parts and those
    connections, on as few slides as read well; when three are not enough,
    one overview draws each part as a box; when even that is too crowded,
    the boxes come with their connections listed instead of drawn.
    """
    choices = [
        _Choices(_overview_choices(painter, plan, whole) if plan.groups else iter([plan]))
        for plan in plans
    ]
    chosen = [0] * len(plans)
    for index, options in enumerate(choices):
        # The last way, no overview at all, is taken when none before it reads clearly.
        while options[chosen[index]].overviews and not _overviews_legible(
            painter, options[chosen[index]], whole
        ):
            chosen[index] += 1
    while True:
        views = _paged(ctx, [options[at] for options, at in zip(choices, chosen, strict=True)])
        pages = _page_indexes(views)
        crowded = {
            view.name
            for view, page in zip(views, pages, strict=True)
            if view.overview
            and not _reads_whole(painter.render(page, view, whole, with_title=False))
        }
        if not crowded:
            return views
        for index, plan in enumerate(plans):
            if plan.name in crowded:
                chosen[index] += 1


def _reads_whole(rendered: Rendered) -> bool:
    """Return True when an overview slide reads clearly and shows which of its boxes connect."""
    return reads_clearly(rendered.layout) and not rendered.unlisted


def _overviews_legible(painter: _Painter, plan: StateView, whole: Box) -> bool:
    """Return True when the last overview slide of `plan` reads clearly (earlier ones did)."""
    architecture = painter.ctx.plan.architecture
    view = replace(plan, part=0, sheet=max(1, plan.overviews), component_ids=())
    graph = overview_graph(architecture, view)
    area = painter.diagram_area(view, whole)
    return reads_clearly(painter.layout(graph, area, painter.split_typography(plan.name)))


def reads_clearly(layout: DiagramLayout | None) -> bool:
    """Return True when `layout` is legible with no line through a box, title or another's run.

    An overview is worth its slide only when it misleads nobody; two lines
    share a run acceptably only where they share an end, and a line through
    a zone's title strikes out the words saying what the zone holds.
    """
    if layout is None or not layout.fits or layout.blocked or crosses_zone_labels(layout):
        return False
    if next(runs_shared_without_a_common_end(layout), None) is not None:
        return False
    return labels_beside_their_lines(layout)


def runs_shared_without_a_common_end(layout: DiagramLayout) -> Iterator[tuple[Route, Route]]:
    """Yield each pair of connectors along one stretch with neither source nor target in common.

    A pair sharing an end is a bus into or out of one box, as the deck measures judge it.
    """
    for first, second in itertools.combinations(layout.routes, 2):
        if first.edge.source == second.edge.source or first.edge.target == second.edge.target:
            continue
        if any(
            shared_length(a, b) > 0
            for a in itertools.pairwise(first.points)
            for b in itertools.pairwise(second.points)
        ):
            yield first, second


def crosses_a_badge(layout: DiagramLayout | None) -> bool:
    """Return True when a connector of `layout` runs through a pain-point badge.

    Badge numbers are settled only once every detail slide is drawn; a longer
    number is a wider badge, which a line placed beside the shorter one may cross.
    """
    if layout is None:
        return False
    badges = [placed.badge_box for placed in layout.nodes.values() if placed.badge_box]
    return any(
        runs_through(segment, badge)
        for route in layout.routes
        for segment in itertools.pairwise(route.points)
        for badge in badges
    )


def _paged(ctx: BuildContext, plans: Sequence[StateView]) -> list[StateView]:
    """Return the views of each state's slides in order, parts knowing their slide numbers.

    A split state's overview slides come first; each detail slide follows.
    """
    views: list[StateView] = []
    for plan in plans:
        if not plan.groups:
            views.append(plan)
            continue
        first = len(set(_page_indexes(views))) + plan.overviews
        numbers: tuple[int, ...] = ()
        if ctx.slide_number is not None:
            numbers = tuple(
                ctx.slide_number(first + plan.detail_slide(part) - 1)
                for part in range(1, plan.parts + 1)
            )
        base = replace(plan, numbers=numbers)
        views += [
            replace(base, part=0, sheet=sheet, component_ids=())
            for sheet in range(1, plan.overviews + 1)
        ]
        views += [
            replace(base, component_ids=group, part=index + 1)
            for index, group in enumerate(plan.groups)
        ]
    return views


def _page_indexes(views: Sequence[StateView]) -> list[int]:
    """Return the page (from 0) of each view: a part sharing a slide is on its neighbour's."""
    pages: list[int] = []
    for view in views:
        if not pages:
            pages.append(0)
        else:
            pages.append(pages[-1] if view.sharing else pages[-1] + 1)
    return pages


def _noted(views: Sequence[StateView], drawings: Sequence[Rendered], name: str) -> int:
    """Return how many lines the slides of state `name` leave to the speaker notes alone.

    A list a slide shows in briefer form, or counts in its legend's row ("What
    changes"), is on the slide still: the notes holding it in full take nothing from it.
    """
    return sum(
        _left_to_notes(drawn)
        for view, drawn in zip(views, drawings, strict=True)
        if view.name == name
    )


def _left_to_notes(drawn: Rendered) -> int:
    """Return how many lines of its notes hold what a drawing's slide does not show at all."""
    return len(drawn.notes) - drawn.briefer_notes


def _detail_indexes(views: Sequence[StateView], name: str) -> list[int]:
    """Return the indexes of the detail slides of split state `name`, its overviews aside."""
    return [
        index
        for index, view in enumerate(views)
        if view.name == name and view.parts > 1 and not view.overview
    ]


def _detail_widths(views: Sequence[StateView], drawings: Sequence[Rendered], name: str) -> int:
    """Return how many box widths the detail slides of state `name` take."""
    return len(set(_box_widths(drawings[index] for index in _detail_indexes(views, name))))


def _slide_count(views: Sequence[StateView], name: str) -> int:
    """Return how many slides the views of state `name` take."""
    pages = _page_indexes(views)
    return len({page for page, view in zip(pages, views, strict=True) if view.name == name})


def reading_order(boxes: dict[str, Box]) -> list[str]:
    """Return the keys of `boxes` as a reader meets them: row by row, each from left to right.

    Boxes whose centres lie within half the shortest box's height of the first
    in a row share that row.
    """
    if not boxes:
        return []
    tolerance = min(box.height for box in boxes.values()) // 2
    by_height = sorted(boxes, key=lambda key: boxes[key].y + boxes[key].height // 2)
    rows: list[list[str]] = []
    row_centre = 0
    for key in by_height:
        centre = boxes[key].y + boxes[key].height // 2
        if not rows or centre - row_centre > tolerance:
            rows.append([])
            row_centre = centre
        rows[-1].append(key)
    return [key for row in rows for key in sorted(row, key=lambda k: boxes[k].x)]


def _side_of(box: Box, area: Box) -> str:
    """Return the side ("left", "right") of `area` `box` starts on."""
    return "right" if box.x > area.x + area.width // 2 else "left"


def _texts_in_one_place(
    painter: _Painter, views: Sequence[StateView], drawn: Sequence[Rendered], whole: Box
) -> tuple[list[StateView], list[Rendered]]:
    """Return the views and drawings again, a split state's texts on one side of every slide.

    Each detail slide puts its pain points and changes where they fit best,
    often in the diagram's largest empty space: right of it on one slide,
    left on the next, at the top of one, the foot of another. Where they are
    not in one place, every slide listing them is drawn again with them kept
    to the side most use (the right first on a tie), at the foot of the lowest
    space there (above the legend, where that space reaches it; a column
    beside the diagram ends there too), or else to the other side; that is
    kept when no slide reads worse for it (see `_worse`) or changes its boxes'
    width (a slide whose boxes would come out of another width there is drawn
    again with them held to theirs). A state with a slide shared by two parts
    keeps each slide's own place.
    """
    views, drawn = list(views), list(drawn)
    pages = _page_indexes(views)
    for name in STATES:
        details = _detail_indexes(views, name)
        if any(views[index].sharing for index in details):
            continue
        listing = [drawn[index] for index in details if drawn[index].texts_side]
        sides = [drawing.texts_side for drawing in listing]
        feet = {drawing.texts_foot for drawing in listing if drawing.texts_foot is not None}
        if len(listing) < 2 or (len(set(sides)) == 1 and len(feet) < 2):
            continue
        for side in sorted(("right", "left"), key=sides.count, reverse=True):
            moved = _texts_moved(painter, views, drawn, details, side, pages, whole)
            if moved is None:
                continue
            for index in details:
                views[index] = replace(views[index], texts_side=side)
            for index, (view, drawing) in moved.items():
                views[index], drawn[index] = view, drawing
            break
    return views, drawn


def _texts_moved(
    painter: _Painter,
    views: Sequence[StateView],
    drawn: Sequence[Rendered],
    details: Sequence[int],
    side: str,
    pages: Sequence[int],
    whole: Box,
) -> dict[int, tuple[StateView, Rendered]] | None:
    """Return the view and drawing of each listing slide of `details`, its texts kept to `side`.

    Boxes that come out of another width there are held to theirs and drawn again:
    the slides keep one width. None when one of them then sends a text to the notes,
    reads worse or has boxes of another width: the side is not worth that.
    """
    moved: dict[int, tuple[StateView, Rendered]] = {}
    for index in details:
        if not drawn[index].texts_side:
            continue
        view = replace(views[index], texts_side=side)
        font_pt, width = drawn[index].font_pt, _box_width(drawn[index])
        again = _detail_drawing(painter, pages[index], view, whole, font_pt)
        if width is not None and _box_width(again) not in (width, None):
            view = replace(view, widest_box=width, exact_box=True)
            again = _detail_drawing(painter, pages[index], view, whole, font_pt)
        if again.texts_side != side or _box_width(again) != width or _worse(again, drawn[index]):
            return None
        moved[index] = (view, again)
    return moved


def _numbered_in_reading_order(
    painter: _Painter, views: Sequence[StateView], drawn: Sequence[Rendered], whole: Box
) -> tuple[list[StateView], list[Rendered]]:
    """Return the views and drawings again, a split state's pain points numbered as read.

    Each detail slide keeps the numbers it has (they run on from the slide
    before); within it they follow the boxes row by row. Only slides whose
    numbers move are drawn again.
    """
    views, drawn = list(views), list(drawn)
    pages = _page_indexes(views)
    for name in STATES:
        details = [i for i, v in enumerate(views) if v.name == name and v.parts > 1 and v.part]
        if not details:
            continue
        order: list[str] = []
        for index in details:
            shown = views[index].component_ids or ()
            placed = reading_order({k: b for k, b in drawn[index].boxes.items() if k in shown})
            order += placed + [c for c in shown if c not in placed]
        new_order = tuple(order)
        for index in details:
            view = views[index]
            before = pain_numbers(view.state, view.order)
            after = pain_numbers(view.state, new_order)
            views[index] = replace(view, order=new_order)
            if any(before.get(c) != after.get(c) for c in view.component_ids or ()):
                drawn[index] = _detail_drawing(
                    painter, pages[index], views[index], whole, drawn[index].font_pt
                )
    return views, drawn


def _detail_drawing(
    painter: _Painter, page: int, view: StateView, whole: Box, font_pt: float | None
) -> Rendered:
    """Return a detail slide's drawing, names at most `font_pt`, its stubs left for later.

    Its stubs are drawn once its type size, box width and numbers are settled.
    """
    return painter.render(
        page, view, view.part_area(whole), with_title=False, max_pt=font_pt, stubs_later=True
    )


def _same_sizes_on_details(
    painter: _Painter, views: Sequence[StateView], whole: Box
) -> tuple[list[StateView], list[Rendered]]:
    """Return every view and its drawing: a split state's detail slides at one type size,
    their boxes of one width wherever that costs a slide nothing (see `_worse`), or
    else, for all of them at once, up to `MATCHING_TYPE_DROP` of type and some
    connector labels; failing that, slides with boxes narrower than most take
    theirs where that costs them nothing.

    Stubs are left undrawn (see `Rendered.with_stubs`): the sizes they follow may change.
    """
    views = list(views)
    pages = _page_indexes(views)

    def drawing(index: int, view: StateView, font_pt: float | None = None) -> Rendered:
        return _detail_drawing(painter, pages[index], view, whole, font_pt)

    def at_its_size(index: int) -> Callable[[StateView], Rendered]:
        """Return a drawing of slide `index` for a view, at the type size it has."""
        return lambda view: drawing(index, view, drawn[index].font_pt)

    drawn = [drawing(index, view) for index, view in enumerate(views)]
    for name in STATES:
        details = _detail_indexes(views, name)
        sizes = {drawn[index].font_pt for index in details if drawn[index].font_pt is not None}
        if len(sizes) > 1:
            smallest = min(size for size in sizes if size is not None)
            for index in details:
                drawn[index] = drawing(index, views[index], smallest)
            _to_smallest_type(details, views, drawn, drawing)
        widths = _box_widths(drawn[index] for index in details)
        if not widths:
            continue
        # A state cut over slides reads as one picture when its boxes match from slide to
        # slide: every detail slide takes the width of the narrowest boxes any of them has,
        # or else of the next narrowest, as long as it reads no worse that way (`_worse`).
        for index in details:
            width = _box_width(drawn[index])
            if width is None:
                continue
            narrower = sorted({other for other in widths if other < width})
            for narrowest in narrower[:NARROWER_WIDTHS_TRIED]:
                view, narrowed = _narrowed_to(views[index], narrowest, at_its_size(index))
                if _box_width(narrowed) == narrowest and not _worse(narrowed, drawn[index]):
                    views[index], drawn[index] = view, narrowed
                    break
        widths = _box_widths(drawn[index] for index in details)
        if len(set(widths)) < 2:
            continue
        # Still of several widths: the narrowest boxes on every slide, at the type size the
        # tightest slide then needs, when that is little smaller and reads no worse otherwise;
        # one crossing more in all is worth every slide's boxes matching.
        narrowest = min(widths)
        capped: dict[int, StateView] = {}
        first: dict[int, Rendered] = {}
        for index in details:
            capped[index], first[index] = _narrowed_to(views[index], narrowest, at_its_size(index))
        size = min(draft.font_pt or 0.0 for draft in first.values())
        if size >= max(drawn[index].font_pt or 0.0 for index in details) - MATCHING_TYPE_DROP:
            matched = {
                index: draft if draft.font_pt == size else drawing(index, capped[index], size)
                for index, draft in first.items()
            }
            if all(
                _box_width(matched[index]) in (narrowest, None)
                and matched[index].font_pt == size
                and not _worse(matched[index], drawn[index], every_slide=True)
                for index in details
            ) and sum(_crossings(matched[index]) for index in details) <= 1 + sum(
                _crossings(drawn[index]) for index in details
            ):
                for index in details:
                    views[index], drawn[index] = capped[index], matched[index]
                continue
        # Narrowing every slide would cost too much: the slides with boxes narrower than
        # most slides' take that width instead, in fewer columns, where they read no worse.
        common = _most_common_width(widths)
        for index in details:
            width = _box_width(drawn[index])
            if width is None or width >= common:
                continue
            view = replace(views[index], widest_box=common, exact_box=True)
            widened = drawing(index, view, drawn[index].font_pt)
            if _box_width(widened) == common and not _worse(widened, drawn[index]):
                views[index], drawn[index] = view, widened
        widths = _box_widths(drawn[index] for index in details)
        if len(set(widths)) < 2:
            continue
        # Still of several widths: one width every detail slide takes, no worse for it but
        # for a few crossings more and labels sent to the notes (see `_all_at_width`); each
        # try draws slides again, so only a few widths are tried. Two parts sharing a slide
        # are joined by lines fitted to their boxes as drawn: they keep their drawings.
        shared = Counter(pages[index] for index in details)
        kept = {index for index in details if shared[pages[index]] > 1}
        for width in _widths_for_all(widths)[:WIDTHS_FOR_ALL_TRIED]:
            trials = _all_at_width(details, views, drawn, width, drawing, kept)
            if trials is not None:
                for index, (view, trial) in trials.items():
                    views[index], drawn[index] = view, trial
                break
    return views, drawn


def _to_smallest_type(
    details: Sequence[int],
    views: Sequence[StateView],
    drawn: list[Rendered],
    drawing: Callable[[int, StateView, float | None], Rendered],
) -> None:
    """Draw again, at the smallest type size among them, detail slides still larger.

    A slide drawn again under a lower cap may come out smaller than the cap, in
    another arrangement: the others then follow it down, a few times at most.
    """
    for _ in range(TYPE_MATCH_ROUNDS):
        sizes = {size for index in details if (size := drawn[index].font_pt) is not None}
        if len(sizes) < 2:
            return
        smallest = min(sizes)
        for index in details:
            size = drawn[index].font_pt
            if size is not None and size > smallest:
                drawn[index] = drawing(index, views[index], smallest)


def _all_at_width(
    details: Sequence[int],
    views: Sequence[StateView],
    drawn: Sequence[Rendered],
    width: int,
    drawing: Callable[[int, StateView, float | None], Rendered],
    kept: Collection[int] = (),
) -> dict[int, tuple[StateView, Rendered]] | None:
    """Return the detail slides drawn again with boxes `width` wide, or None if any reads worse.

    Every slide takes one type size, up to `MATCHING_TYPE_DROP` below the largest
    they had, and keeps its texts, pain points, stubs and clear lines; all slides
    together may cross one line more for each slide drawn again, and send as many
    more connector labels to the notes, `COST_OF_ONE_WIDTH` of each whatever the count.
    The slides `kept` may not be drawn again: None unless they match already.
    """
    sizes = [found for index in details if (found := drawn[index].font_pt) is not None]
    if not sizes:
        return None
    size, floor = min(sizes), max(sizes) - MATCHING_TYPE_DROP
    while True:
        trials: dict[int, tuple[StateView, Rendered]] = {}
        smaller: float | None = None
        for index in details:
            if _box_width(drawn[index]) in (width, None) and drawn[index].font_pt == size:
                continue
            if index in kept:
                return None
            view = replace(views[index], widest_box=width, exact_box=True)
            trial = drawing(index, view, size)
            if trial.font_pt is not None and floor <= trial.font_pt < size:
                smaller = trial.font_pt  # every slide takes the type this one needs at `width`
                break
            if (
                _box_width(trial) != width
                or trial.font_pt != size
                or _worse(trial, drawn[index], every_slide=True)
            ):
                return None
            trials[index] = (view, trial)
        if smaller is None:
            changed = [(drawn[index], trial) for index, (_, trial) in trials.items()]
            crossings = sum(_crossings(new) - _crossings(old) for old, new in changed)
            labels = sum(_unplaced_labels(new) - _unplaced_labels(old) for old, new in changed)
            allowed = max(COST_OF_ONE_WIDTH, len(changed))
            if crossings > allowed or labels > allowed:
                return None
            return trials
        size = smaller


def _widths_for_all(widths: Sequence[int]) -> list[int]:
    """Return the distinct `widths`, those most slides have first, then those changing least."""
    counts = Counter(widths)

    def rank(width: int) -> tuple[int, int, int]:
        return -counts[width], sum(abs(width - other) for other in widths), -width

    return sorted(counts, key=rank)


def _most_common_width(widths: Sequence[int]) -> int:
    """Return the box width most slides have, the widest of equally common ones."""
    counts = Counter(widths)
    return max(counts, key=lambda width: (counts[width], width))


def _narrowed_to(
    view: StateView, width: int, draw: Callable[[StateView], Rendered]
) -> tuple[StateView, Rendered]:
    """Return `view` with its boxes held to `width`, and its drawing by `draw`.

    Boxes capped at a width may come out narrower still, on more columns: then
    they are drawn again at exactly that width.
    """
    capped = replace(view, widest_box=width)
    narrowed = draw(capped)
    found = _box_width(narrowed)
    if found is None or found >= width:
        return capped, narrowed
    exact = replace(capped, exact_box=True)
    return exact, draw(exact)


def _worse(narrowed: Rendered, drawn: Rendered, every_slide: bool = False) -> bool:
    """Return True when a detail slide drawn with narrower boxes shows less or reads worse.

    Smaller type, a text or connector label sent to the notes (a list the slide
    still shows briefer is not), a lost stub, a misleading line, a line through a
    badge or one more crossing each outweigh boxes matching the other slides'. With
    `every_slide`, where every detail slide changes together, its type size and
    crossings are judged for all, and connector labels sent to the notes are the
    price of one picture.
    """
    if (narrowed.font_pt != drawn.font_pt and not every_slide) or (
        drawn.legible and not narrowed.legible
    ):
        return True
    if _misleads(narrowed) and not _misleads(drawn):
        return True
    if _left_to_notes(narrowed) > _left_to_notes(drawn) or (
        drawn.pains_listed > narrowed.pains_listed
    ):
        return True
    if not every_slide and _unplaced_labels(narrowed) > _unplaced_labels(drawn):
        return True
    # Crossings and stubs need the stubs placed, the slow part: judged last.
    if not every_slide and _crossings(narrowed) > _crossings(drawn):
        return True
    return _falls_short(narrowed) and not _falls_short(drawn)


def _crossings(drawn: Rendered) -> int:
    """Return how often the lines of a drawing cross, its connectors' and its stubs'."""
    if drawn.layout is None:
        return 0
    routes = [route.points for route in drawn.layout.routes]
    return count_crossings([*routes, *drawn.stub_paths()])


def _unplaced_labels(drawn: Rendered) -> int:
    """Return how many connector labels of a drawing went to the notes for lack of room."""
    return 0 if drawn.layout is None else len(drawn.layout.unplaced_labels)


def _falls_short(drawn: Rendered) -> bool:
    """Return True when a finished detail slide sends a line through a badge or lacks a stub."""
    return crosses_a_badge(drawn.layout) or drawn.stubs_missing((), (), ()) > 0


def _box_widths(drawings: Iterable[Rendered]) -> list[int]:
    """Return the box width of each of `drawings` that has boxes."""
    return [width for drawn in drawings if (width := _box_width(drawn)) is not None]


def _box_width(drawn: Rendered) -> int | None:
    """Return the width of a drawing's component boxes, when it has any."""
    if drawn.layout is None or not drawn.layout.nodes:
        return None
    return max(placed.box.width for placed in drawn.layout.nodes.values())


def design(designer: Designer, slide: SlideType) -> None:
    """Draw the default template's slide: current state on the left, proposed on the right."""
    designer.two_areas(
        slide.role,
        slide.title,
        ("current", "Current state architecture"),
        ("proposed", "Proposed state architecture"),
        0.5,
        inches(0.3),
    )


def snapshot(plan: Plan, data: PlanData, today: dt.date) -> dict[str, Any]:
    """Return this slide's part of a plan snapshot: one digest per architecture state."""
    return {state: short_digest(data["architecture"][state]) for state in STATES}


def summarize(before: Snapshot, after: Snapshot) -> list[str]:
    """Return what changed on this slide between two snapshots, in words."""
    return [
        f"{state} architecture changed" for state in STATES if before.get(state) != after[state]
    ]
