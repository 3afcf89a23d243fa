"""Turn a diagram layout into Slides API requests: shapes, attached connectors, labels."""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from typing import Final

from slidegen.config import Palette
from slidegen.layout.check import attached_id, inside_id
from slidegen.layout.context import Box, Request, TextStyle
from slidegen.layout.diagram.geometry import (
    DiagramLayout,
    Edge,
    PlacedNode,
    PlacedZone,
    Route,
    Typography,
    badge_is_round,
    badge_size,
    box_text_width,
    label_ink,
    zone_title_lines,
)
from slidegen.layout.diagram.stubs import PlacedStub
from slidegen.layout.shapes import (
    clean_text,
    create_shape,
    element_properties,
    insert_text,
    right_to_left_paragraphs,
    shape_look,
    solid_fill,
    style_paragraphs,
    style_text,
    utf16_length,
)
from slidegen.layout.text import (
    INSET_X,
    INSET_Y,
    WIDTH_SAFETY,
    line_height,
    line_height_for,
    text_width,
    with_breaks_of,
    with_soft_breaks,
)
from slidegen.units import dimension, pt

EXISTING: Final = "existing"
NEW: Final = "new"
RETIRING: Final = "retiring"

WHITE: Final = "#FFFFFF"
LEGEND_FRAME_PAD: Final = pt(4)
"""The room between a framed legend's entries and its frame."""
LEGEND_SLACK: Final = pt(4)
"""Extra width for legend words, so no renderer wraps them."""
LEGEND_ASIDE: Final = ("lg", "aside")
"""The ID parts of the line ending a legend's last row (`draw_legend`'s `aside`)."""
LEGEND_ASIDE_GAP: Final = pt(16)
"""The least room between the legend's last entry and an aside ending its row."""

IdMaker = Callable[..., str]

_ID_UNSAFE: Final = re.compile(r"[^A-Za-z0-9]+")


def object_keys(identifiers: Sequence[str], prefix: str = "n") -> dict[str, str]:
    """Return an object-ID part per identifier, distinct even where ID-safe forms collide.

    Plan identifiers may hold ".", "-" and "_", which object IDs spell alike
    ("a.b" and "a-b" both become "a-b"); "_" is kept out of keys because it
    separates the parts that declare what contains what. Any clash switches
    the whole set to positions, since a suffixed form could itself be another
    identifier's spelling.
    """
    safe = [_ID_UNSAFE.sub("-", identifier).strip("-") or "x" for identifier in identifiers]
    if len(set(safe)) == len(safe):
        return dict(zip(identifiers, safe, strict=True))
    return {identifier: f"{prefix}{index}" for index, identifier in enumerate(identifiers)}


class DiagramIds:
    """Object IDs of one drawn diagram, declaring containment as ``slidegen.layout.check`` reads it.

    A box in a zone is ``<zone id>_bx_<key>``, its badge ``<box id>__pp`` (attached:
    it straddles the corner), a connector label lying in a zone ``<zone id>_lb_<n>``
    and a label's backdrop ``<label id>_bg``. Plan identifiers make readable keys;
    when one would make an ID too long, every key becomes positional.
    """

    def __init__(self, layout: DiagramLayout, make_id: IdMaker) -> None:
        self.make_id = make_id
        node_ids = list(layout.nodes)
        zone_ids = [zone.spec.id for zone in layout.zones if zone.spec is not None]
        self.zone_of = {key: placed.node.zone for key, placed in layout.nodes.items()}
        try:
            self._use(object_keys(node_ids), object_keys(zone_ids, "z"), layout)
        except ValueError:
            positional_nodes = {node_id: f"n{i}" for i, node_id in enumerate(node_ids)}
            positional_zones = {zone_id: f"z{i}" for i, zone_id in enumerate(zone_ids)}
            self._use(positional_nodes, positional_zones, layout)

    def _use(
        self, node_keys: dict[str, str], zone_keys: dict[str, str], layout: DiagramLayout
    ) -> None:
        self.node_keys, self.zone_keys = node_keys, zone_keys
        # Build every ID once, so a key that makes one invalid is found now.
        for node_id in node_keys:
            self.badge(node_id)
        for zone_id in zone_keys:
            self.backdrop(len(layout.routes), zone_id)

    def zone(self, zone_id: str) -> str:
        """Return the ID of a zone's rectangle."""
        return str(self.make_id("zn", self.zone_keys[zone_id]))

    def box(self, node_id: str) -> str:
        """Return the ID of a component's box (inside its zone's, when it has one)."""
        zone_id = self.zone_of[node_id]
        suffix = f"bx_{self.node_keys[node_id]}"
        if zone_id is None:
            return str(self.make_id("bx", self.node_keys[node_id]))
        return inside_id(self.zone(zone_id), suffix)

    def badge(self, node_id: str) -> str:
        """Return the ID of a component's pain-point badge (attached to its box)."""
        return attached_id(self.box(node_id), "pp")

    def connector(self, index: int) -> str:
        """Return the ID of connector `index`."""
        return str(self.make_id("ln", index))

    def label(self, index: int, zone_id: str | None) -> str:
        """Return the ID of connector `index`'s label (inside the zone it lies in, if any)."""
        if zone_id is None:
            return str(self.make_id("lb", index))
        return inside_id(self.zone(zone_id), f"lb_{index}")

    def backdrop(self, index: int, zone_id: str | None) -> str:
        """Return the ID of the patch behind a label's text (inside the label)."""
        return inside_id(self.label(index, zone_id), "bg")


def tint(hex_colour: str, share: float) -> str:
    """Return `hex_colour` mixed with white, keeping `share` of the colour."""
    value = hex_colour.lstrip("#")
    channels = [int(value[i : i + 2], 16) for i in (0, 2, 4)]
    mixed = [round(255 - (255 - c) * share) for c in channels]
    return "#" + "".join(f"{c:02X}" for c in mixed)


@dataclass(frozen=True)
class Look:
    """How a component box is painted."""

    fill: str
    outline: str
    outline_pt: float
    dash: str
    name_colour: str
    tag_colour: str


def component_look(node_status: str, must_stay: bool, palette: Palette) -> Look:
    """Return the paint of a component with `node_status`, emphasised when it must stay."""
    if node_status == RETIRING:
        look = Look(
            tint(palette.muted, 0.12), palette.muted, 1.25, "DASH", palette.muted, palette.muted
        )
    elif node_status == NEW:
        look = Look(
            tint(palette.accent, 0.1), palette.accent, 1.5, "SOLID", palette.text, palette.accent
        )
    else:
        look = Look(WHITE, palette.primary, 1.0, "SOLID", palette.text, palette.muted)
    if must_stay:
        # A heavy dark border reads as "fixed" without relying on an emoji lock.
        return Look(look.fill, palette.text, 3.0, "SOLID", look.name_colour, palette.text)
    return look


@dataclass(frozen=True)
class DrawStyle:
    """Fonts and colours a diagram is drawn with."""

    font_family: str
    palette: Palette

    def text(self, font_pt: float, colour: str, bold: bool = False) -> TextStyle:
        """Return a text style in the diagram's font."""
        return TextStyle(font_family=self.font_family, font_pt=font_pt, bold=bold, colour=colour)


def styled_text(
    object_id: str,
    parts: Sequence[tuple[str, TextStyle]],
    alignment: str,
    inner_width: int | None = None,
) -> list[Request]:
    """Return requests inserting paragraphs, each with its own style, into a shape.

    With the `inner_width` the texts were wrapped to, long URLs and
    identifiers get soft breaks, so renderers break them where the layout did.
    """
    cleaned = [(clean_text(text), style) for text, style in parts if clean_text(text)]
    if inner_width is not None:
        cleaned = [
            (with_soft_breaks(text, inner_width, s.font_pt, s.bold, s.font_family), s)
            for text, s in cleaned
        ]
    if not cleaned:
        return []
    full = "\n".join(text for text, _ in cleaned)
    requests = [insert_text(object_id, full)]
    start = 0
    for index, (text, style) in enumerate(cleaned):
        end = start + utf16_length(text) + (1 if index < len(cleaned) - 1 else 0)
        span = None if len(cleaned) == 1 else (start, end)
        requests.append(style_text(object_id, style, span=span))
        start = end
    requests.append(style_paragraphs(object_id, alignment))
    requests.extend(right_to_left_paragraphs(object_id, full))
    return requests


def _component(
    placed: PlacedNode,
    diagram_ids: DiagramIds,
    page_id: str,
    style: DrawStyle,
    font_pt: float,
    typography: Typography,
    status: str,
    must_stay: bool,
) -> list[Request]:
    look = component_look(status, must_stay, style.palette)
    object_id = diagram_ids.box(placed.node.id)
    requests = [
        create_shape(object_id, page_id, placed.box, "ROUND_RECTANGLE"),
        shape_look(
            object_id,
            fill=look.fill,
            outline=look.outline,
            outline_pt=look.outline_pt,
            dash=look.dash,
            vertical="BOTTOM" if placed.text_low else "MIDDLE",
        ),
    ]
    name = with_breaks_of(clean_text(placed.node.name), placed.name_lines)
    parts = [(name, style.text(font_pt, look.name_colour, bold=True))]
    if placed.node.tag:
        tag = with_breaks_of(clean_text(placed.node.tag), placed.tag_lines)
        parts.append((tag, style.text(typography.tag_pt, look.tag_colour, bold=True)))
    # The width the layout wrapped the name in, so the soft breaks fall where it measured.
    requests += styled_text(object_id, parts, "CENTER", box_text_width(placed.box.width))
    if placed.badge_box is not None:
        requests += badge(
            diagram_ids.badge(placed.node.id),
            page_id,
            placed.badge_box,
            placed.node.badge,
            style,
            typography.min_pt,
        )
    return requests


def badge(
    object_id: str, page_id: str, box: Box, text: str, style: DrawStyle, font_pt: float
) -> list[Request]:
    """Return requests drawing a red pain-point badge holding `text`."""
    requests = [
        create_shape(
            object_id, page_id, box, "ELLIPSE" if badge_is_round(text) else "ROUND_RECTANGLE"
        ),
        shape_look(
            object_id, fill=style.palette.danger, outline=WHITE, outline_pt=0.75, vertical="MIDDLE"
        ),
    ]
    requests += styled_text(object_id, [(text, style.text(font_pt, WHITE, bold=True))], "CENTER")
    return requests


def _zone(
    placed: PlacedZone,
    object_id: str,
    page_id: str,
    style: DrawStyle,
    typography: Typography,
) -> list[Request]:
    assert placed.spec is not None
    requests = [
        create_shape(object_id, page_id, placed.box, "RECTANGLE"),
        shape_look(
            object_id,
            fill=style.palette.surface,
            outline=tint(style.palette.muted, 0.45),
            outline_pt=0.75,
            vertical="TOP",
        ),
    ]
    title = style.text(typography.zone_pt, style.palette.muted, bold=True)
    lines, inner = [placed.spec.name], placed.box.width - 2 * INSET_X
    if placed.title_width is not None:
        # Wrapped narrower than the zone to clear lines passing it: each line a paragraph,
        # so renderers break it where the layout did.
        lines, inner = zone_title_lines(placed, typography), placed.title_width - INSET_X
    alignment = "END" if placed.label_at_end else "START"
    requests += styled_text(object_id, [(line, title) for line in lines], alignment, max(1, inner))
    return requests


def line_geometry(start: tuple[int, int], end: tuple[int, int]) -> tuple[Box, float, float]:
    """Return the box and x/y scale signs of a line running from `start` to `end`."""
    (x0, y0), (x1, y1) = start, end
    box = Box(min(x0, x1), min(y0, y1), abs(x1 - x0), abs(y1 - y0))
    return box, (-1.0 if x1 < x0 else 1.0), (-1.0 if y1 < y0 else 1.0)


def connector(object_id: str, page_id: str, route: Route, colour: str) -> list[Request]:
    """Return requests drawing a connector line along `route`, not yet attached."""
    box, scale_x, scale_y = line_geometry(route.start, route.end)
    properties = element_properties(page_id, box)
    transform = properties["transform"]
    if route.bent and route.points[0][0] == route.points[1][0]:
        # A bent connector runs across first; one leaving a top or bottom site is that
        # shape turned a quarter and mirrored as need be: its own x runs down (or up)
        # the page from the start and its own y across, so its width is the rise.
        properties["size"] = {"width": dimension(box.height), "height": dimension(box.width)}
        transform.update(
            scaleX=0,
            scaleY=0,
            shearX=scale_x,
            shearY=scale_y,
            translateX=route.start[0],
            translateY=route.start[1],
        )
    else:
        # A line runs from its box's top-left to bottom-right; a negative scale
        # flips it, and the translate then names the flipped corner.
        if scale_x < 0:
            transform["scaleX"] = -1
            transform["translateX"] = box.right
        if scale_y < 0:
            transform["scaleY"] = -1
            transform["translateY"] = box.bottom
    return [
        {
            "createLine": {
                "objectId": object_id,
                "category": "BENT" if route.bent else "STRAIGHT",
                "elementProperties": properties,
            }
        },
        {
            "updateLineProperties": {
                "objectId": object_id,
                "lineProperties": {
                    "lineFill": solid_fill(colour),
                    "weight": {"magnitude": 1.25, "unit": "PT"},
                    "dashStyle": "SOLID",
                    "startArrow": "FILL_ARROW" if route.edge.two_way else "NONE",
                    "endArrow": "FILL_ARROW",
                },
                "fields": "lineFill.solidFill.color,weight,dashStyle,startArrow,endArrow",
            }
        },
    ]


def attach(object_id: str, route: Route, source_id: str, target_id: str) -> Request:
    """Return the request attaching a connector's ends to its boxes' connection sites."""
    return {
        "updateLineProperties": {
            "objectId": object_id,
            "lineProperties": {
                "startConnection": {
                    "connectedObjectId": source_id,
                    "connectionSiteIndex": route.start_site,
                },
                "endConnection": {
                    "connectedObjectId": target_id,
                    "connectionSiteIndex": route.end_site,
                },
            },
            "fields": "startConnection,endConnection",
        }
    }


def _label(
    object_id: str, page_id: str, route: Route, style: DrawStyle, typography: Typography
) -> list[Request]:
    assert route.label_box is not None
    requests = [
        create_shape(object_id, page_id, route.label_box, "TEXT_BOX"),
        shape_look(object_id, fill=None, outline=None, vertical="MIDDLE"),
    ]
    requests += styled_text(
        object_id,
        [("\n".join(route.label_lines), style.text(typography.label_pt, style.palette.muted))],
        "CENTER",
    )
    return requests


def _label_backdrop(
    object_id: str, page_id: str, route: Route, typography: Typography, background: str
) -> list[Request]:
    """Return requests for a patch behind a label's text, so the connector does not strike it."""
    assert route.label_box is not None
    box = route.label_box
    width = pt(3) + max(
        text_width(line, typography.label_pt, family=typography.family)
        for line in route.label_lines
    )
    label = "".join(route.label_lines)
    height = len(route.label_lines) * line_height_for(label, typography.label_pt) + pt(1)
    centre_x = box.x + box.width // 2
    backdrop = Box(centre_x - width // 2, box.y + INSET_Y - pt(0.5), width, height)
    return [
        create_shape(object_id, page_id, backdrop, "RECTANGLE"),
        shape_look(object_id, fill=background, outline=None, vertical="MIDDLE"),
    ]


def draw_diagram(
    layout: DiagramLayout,
    page_id: str,
    make_id: IdMaker,
    style: DrawStyle,
    status: dict[str, str],
    must_stay: set[str],
) -> list[Request]:
    """Return the requests drawing `layout`: zones, connectors, boxes, then labels.

    Zones come first so they sit behind their boxes; connectors are drawn
    before the boxes (so they pass behind them) and attached once the boxes exist.
    """
    typography = layout.typography
    requests: list[Request] = []
    diagram_ids = DiagramIds(layout, make_id)
    for placed_zone in layout.zones:
        if placed_zone.spec is not None:
            zone_id = diagram_ids.zone(placed_zone.spec.id)
            requests += _zone(placed_zone, zone_id, page_id, style, typography)
    for index, route in enumerate(layout.routes):
        requests += connector(diagram_ids.connector(index), page_id, route, style.palette.text)
    for placed in layout.nodes.values():
        requests += _component(
            placed,
            diagram_ids,
            page_id,
            style,
            layout.font_pt,
            typography,
            status.get(placed.node.id, EXISTING),
            placed.node.id in must_stay,
        )
    for index, route in enumerate(layout.routes):
        source_id = diagram_ids.box(route.edge.source)
        target_id = diagram_ids.box(route.edge.target)
        requests.append(attach(diagram_ids.connector(index), route, source_id, target_id))
    for index, route in enumerate(layout.routes):
        if route.label_box is None:
            continue
        zone = label_zone(layout, route.label_box)
        label_zone_id = zone.spec.id if zone is not None and zone.spec is not None else None
        background = WHITE if label_zone_id is None else style.palette.surface
        requests += draw_label(
            diagram_ids.label(index, label_zone_id), page_id, route, style, typography, background
        )
    return requests


def draw_label(
    object_id: str,
    page_id: str,
    route: Route,
    style: DrawStyle,
    typography: Typography,
    background: str = WHITE,
) -> list[Request]:
    """Return requests drawing `route`'s label on a patch of `background` (ID: `object_id`)."""
    backdrop_id = inside_id(object_id, "bg")
    return _label_backdrop(backdrop_id, page_id, route, typography, background) + _label(
        object_id, page_id, route, style, typography
    )


def label_zone(layout: DiagramLayout, label_box: Box) -> PlacedZone | None:
    """Return the labelled zone a connector label's text lies in, if any."""
    ink = label_ink(label_box)
    return next(
        (z for z in layout.zones if z.spec is not None and z.box.contains(ink)),
        None,
    )


def legend_size(font_pt: float) -> tuple[int, int]:
    """Return the swatch width and row height of legend entries at `font_pt`."""
    # Wide enough for the pain-point badge sample, which carries text insets.
    height = line_height(font_pt) + 2 * INSET_Y
    return max(pt(16), height), height


def draw_legend(
    entries: Sequence[tuple[str, str]],
    area: Box,
    page_id: str,
    make_id: IdMaker,
    style: DrawStyle,
    typography: Typography,
    aside: str = "",
    *,
    framed: bool = False,
    badge_pt: float | None = None,
) -> list[Request]:
    """Return requests drawing legend entries (kind, words) left to right in `area`.

    Kinds are "pain", "must_stay", "new" and "retiring"; each gets a sample
    of how such a component is marked, the pain badge at `badge_pt` (the
    diagram's badges' size) when given. An `aside` (a line the slide has no
    other room for) ends the last row, at its right, when it fits there.
    With `framed`, the legend lies on a white card `LEGEND_FRAME_PAD` wider all round,
    its entries declared inside it (see `framed_legend_ids`).
    """
    swatch_width, row_height = legend_size(typography.min_pt)
    badge_typography = typography if badge_pt is None else replace(typography, min_pt=badge_pt)
    requests: list[Request] = []
    if framed:
        # Inside a zone, a legend without a frame reads as one more thing the zone holds.
        frame_id = make_id("lg", "frame")
        requests.append(create_shape(frame_id, page_id, area.inset(-LEGEND_FRAME_PAD)))
        requests.append(
            shape_look(frame_id, fill=WHITE, outline=style.palette.muted, outline_pt=0.5)
        )
        make_id = _ids_inside(frame_id)
    places, (_, end_y) = _legend_places(entries, area, typography)
    for (entry, words), (x, y, words_width) in zip(entries, places, strict=True):
        swatch = Box(x, y + (row_height - pt(10)) // 2, swatch_width, pt(10))
        swatch_id = make_id("lg", entry, "s")
        if entry == "pain":
            side = badge_size("1", badge_typography)[1]
            swatch = Box(x + (swatch_width - side) // 2, y + (row_height - side) // 2, side, side)
            requests += badge(swatch_id, page_id, swatch, "1", style, badge_typography.min_pt)
        else:
            look = {
                "must_stay": component_look(EXISTING, True, style.palette),
                "new": component_look(NEW, False, style.palette),
                "retiring": component_look(RETIRING, False, style.palette),
            }[entry]
            requests.append(create_shape(swatch_id, page_id, swatch, "ROUND_RECTANGLE"))
            requests.append(
                shape_look(
                    swatch_id,
                    fill=look.fill,
                    outline=look.outline,
                    outline_pt=min(look.outline_pt, 2.0),
                    dash=look.dash,
                    vertical="MIDDLE",
                )
            )
        words_id = make_id("lg", entry, "t")
        requests.append(
            create_shape(words_id, page_id, Box(x + swatch_width, y, words_width, row_height))
        )
        requests.append(shape_look(words_id, fill=None, outline=None, vertical="MIDDLE"))
        requests += styled_text(
            words_id, [(words, style.text(typography.min_pt, style.palette.muted))], "START"
        )
    if legend_aside_fits(entries, area, typography, aside):
        width = _legend_text_width(aside, typography)
        aside_id = make_id(*LEGEND_ASIDE)
        requests.append(
            create_shape(aside_id, page_id, Box(area.right - width, end_y, width, row_height))
        )
        requests.append(shape_look(aside_id, fill=None, outline=None, vertical="MIDDLE"))
        requests += styled_text(
            aside_id, [(aside, style.text(typography.min_pt, style.palette.muted))], "END"
        )
    return requests


def draws_legend_aside(requests: Sequence[Request]) -> bool:
    """Return True when legend requests draw the aside at the end of its last row."""
    suffix = "_".join(LEGEND_ASIDE)
    return any(
        str(request.get("createShape", {}).get("objectId", "")).endswith(suffix)
        for request in requests
    )


def _ids_inside(container_id: str) -> IdMaker:
    """Return a maker of IDs declared inside `container_id`, its parts joined by "_"."""

    def make_id(*parts: object) -> str:
        return inside_id(container_id, "_".join(str(part) for part in parts))

    return make_id


LONGEST_LEGEND_PART: Final = ("lg", "frame", "lg", "must_stay", "s")
"""The parts of the longest ID a framed legend's entries take (its frame's, then its own)."""


def framed_legend_ids(make_id: IdMaker, zone_id: str) -> IdMaker:
    """Return the maker of a framed legend's IDs, declared inside the zone `zone_id` it lies in.

    Where a zone's ID leaves too little room for them, they are made as `make_id`
    makes them: the legend still draws, undeclared.
    """

    in_zone = _ids_inside(zone_id)
    try:
        in_zone(*LONGEST_LEGEND_PART)
    except ValueError:
        return make_id
    return in_zone


def legend_aside_fits(
    entries: Sequence[tuple[str, str]], area: Box, typography: Typography, aside: str
) -> bool:
    """Return True when `draw_legend` has room for `aside` at the end of the legend's last row."""
    if not aside:
        return False
    end_x = _legend_places(entries, area, typography)[1][0]
    return end_x + LEGEND_ASIDE_GAP + _legend_text_width(aside, typography) <= area.right


def _legend_text_width(words: str, typography: Typography) -> int:
    """Return the width of a legend text box holding `words` on one line."""
    width = text_width(words, typography.min_pt, family=typography.family)
    # `wrap` keeps lines within WIDTH_SAFETY of a box: past the slack, a long aside
    # ("What changes: Added 8, retired 3, kept 6") would take a second line and overflow.
    return max(width + LEGEND_SLACK, math.ceil(width / WIDTH_SAFETY) + pt(1)) + 2 * INSET_X


def _legend_places(
    entries: Sequence[tuple[str, str]], area: Box, typography: Typography
) -> tuple[list[tuple[int, int, int]], tuple[int, int]]:
    """Return where each legend entry goes (x, y, words' width), and where the last row ends."""
    swatch_width, row_height = legend_size(typography.min_pt)
    places: list[tuple[int, int, int]] = []
    x, y = area.x, area.y
    for _, words in entries:
        words_width = _legend_text_width(words, typography)
        needed = swatch_width + words_width
        if x + needed > area.right and x > area.x:
            x, y = area.x, y + row_height
        places.append((x, y, words_width))
        x += needed + pt(4)
    return places, (x, y)


def legend_width(entries: Sequence[tuple[str, str]], typography: Typography) -> int:
    """Return the least width the legend takes: its widest entry's, one entry to a row."""
    swatch_width = legend_size(typography.min_pt)[0]
    widths = (swatch_width + _legend_text_width(words, typography) for _, words in entries)
    return max(widths, default=0)


def legend_extent(
    entries: Sequence[tuple[str, str]], width: int, typography: Typography, aside: str = ""
) -> int:
    """Return how wide the legend's rows run when laid out in `width`, `aside` included."""
    area = Box(0, 0, width, 0)
    swatch_width = legend_size(typography.min_pt)[0]
    places, (end_x, _) = _legend_places(entries, area, typography)
    extent = max((x + swatch_width + words for x, _, words in places), default=0)
    if legend_aside_fits(entries, area, typography, aside):
        extent = max(extent, end_x + LEGEND_ASIDE_GAP + _legend_text_width(aside, typography))
    return min(width, extent)


def legend_height(entries: Sequence[tuple[str, str]], width: int, typography: Typography) -> int:
    """Return the height the legend takes when laid out in `width`."""
    if not entries:
        return 0
    row_height = legend_size(typography.min_pt)[1]
    last_row = _legend_places(entries, Box(0, 0, width, 0), typography)[1][1]
    return last_row + row_height


LEGEND_WORDS: Final = {
    "pain": "pain point",
    "must_stay": "must stay",
    "new": "new",
    "retiring": "retiring",
}


def stub_ids(diagram_ids: DiagramIds, index: int, zone_id: str | None) -> tuple[str, str]:
    """Return the IDs of stub `index` and its line; a stub in a zone is declared inside it."""
    line_id = str(diagram_ids.make_id("ln", f"s{index}"))
    if zone_id is None:
        return str(diagram_ids.make_id("sb", index)), line_id
    return inside_id(diagram_ids.zone(zone_id), f"sb_{index}"), line_id


def draw_stubs(
    stubs: Sequence[PlacedStub],
    diagram_ids: DiagramIds,
    page_id: str,
    style: DrawStyle,
    typography: Typography,
) -> list[Request]:
    """Return requests drawing each stub and its line, attached to the stub and its box."""
    requests: list[Request] = []
    palette = style.palette
    for index, stub in enumerate(stubs):
        stub_id, line_id = stub_ids(diagram_ids, index, stub.zone_id)
        requests += [
            create_shape(stub_id, page_id, stub.box, "RECTANGLE"),
            shape_look(
                stub_id,
                fill=WHITE if stub.zone_id is None else palette.surface,
                outline=palette.muted,
                outline_pt=0.75,
                dash="DOT",
                vertical="MIDDLE",
            ),
        ]
        requests += styled_text(
            stub_id,
            [
                (
                    with_breaks_of(clean_text(stub.request.text), stub.lines),
                    style.text(typography.label_pt, palette.muted),
                )
            ],
            "CENTER",
            max(1, stub.box.width - 2 * INSET_X),
        )
        route = Route(
            edge=Edge("", ""),
            start_site=stub.node_site,
            end_site=stub.stub_site,
            bent=len(stub.points) > 2,
            points=stub.points,
        )
        line = connector(line_id, page_id, route, palette.muted)
        arrows = line[1]["updateLineProperties"]["lineProperties"]
        arrows["startArrow"] = "FILL_ARROW" if stub.request.incoming else "NONE"
        arrows["endArrow"] = "FILL_ARROW" if stub.request.outgoing else "NONE"
        requests += line
        box_id = diagram_ids.box(stub.request.node_id)
        requests.append(attach(line_id, route, box_id, stub_id))
    return requests
