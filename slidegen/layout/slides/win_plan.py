"""Technical Win Plan: a dated timeline above a table of activities by date."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace
from typing import Any, Final

from slidegen.config import Palette
from slidegen.digests import short_digest
from slidegen.layout import text as metrics
from slidegen.layout.blocks import empty_page, spanning, tint
from slidegen.layout.context import Box, BuildContext, PageContent, Request
from slidegen.layout.palette import ON_COLOUR
from slidegen.layout.shapes import BoxStyle, line, text_box
from slidegen.layout.slides import SlideType
from slidegen.layout.slides.title import short_date
from slidegen.layout.tables import (
    Cell,
    Column,
    Row,
    TableLayout,
    layout_region_table,
    region_table_requests,
    shortened_notes,
)
from slidegen.plan.model import Activity, ActivityStatus, Plan
from slidegen.summary import PlanData, Snapshot, count, keyed
from slidegen.templates.drawing import CONTENT_TOP, CONTENT_WIDTH, MARGIN, Designer, TableColumn
from slidegen.units import inches, pt

COLUMNS = (
    Column("#", 0.32, "CENTER", unbroken=True),
    Column("Activity", 2.0, free_text=True),
    Column("Date", 0.9, unbroken=True),
    Column("Audience", 1.4, free_text=True),
    Column("Status", 0.95, "CENTER"),
    Column("Notes", 3.0, free_text=True),
)
STATUS_LABELS = {
    "done": "Done",
    "in_progress": "In progress",
    "in_progress_late": "In progress, late",
    "planned": "Planned",
    "overdue": "Overdue",
    "cancelled": "Cancelled",
}
EMPTY_SECTION = "Technical win plan in progress"
EMPTY_HINT = "To fill this slide, add activities with their dates under 'win_plan:' in the plan."
PADDING = pt(2)
PILL_GAP = pt(3)
PILL_CORNERS = pt(8)
AXIS_GAP = pt(3)
"""Between the markers (or dots) and the month labels: the axis line runs in it."""
DOT = pt(6)
DOT_GAP = pt(2)
DOT_LANES = 2
"""Rows of dots for other pages' activities when the band cannot number them all."""
MUTED_SHARE = 0.22
"""How much of its status colour a marker of another page's activity keeps."""
DOT_SHARE = 0.7
"""How much of its status colour a dot keeps: present, but quieter than the markers."""
TODAY = "today"


def status_key(activity: Activity, today: dt.date) -> str:
    """Return the activity's status, marked late when it is open past its date.

    A planned activity past its date is 'overdue'; one in progress stays
    'in progress', marked late ('in_progress_late'), since work has started.
    """
    if not activity.is_overdue(today):
        return activity.status.value
    return "in_progress_late" if activity.status is ActivityStatus.IN_PROGRESS else "overdue"


def status_colour(palette: Palette, key: str) -> str:
    """Return the colour that marks a status key (see ``status_key``)."""
    return {
        "done": palette.good,
        "in_progress": palette.info,
        "in_progress_late": palette.warning,
        "planned": palette.primary,
        "overdue": palette.danger,
        "cancelled": palette.muted,
    }[key]


def ordered(activities: list[Activity]) -> list[Activity]:
    """Return activities sorted by date, keeping plan order for the same date."""
    return sorted(activities, key=lambda activity: activity.date)


def _month_start(day: dt.date) -> dt.date:
    return day.replace(day=1)


def _next_month(day: dt.date) -> dt.date:
    return dt.date(day.year + day.month // 12, day.month % 12 + 1, 1)


@dataclass(frozen=True)
class Axis:
    """Maps dates to x positions along the timeline."""

    start: dt.date
    end: dt.date
    left: int
    right: int

    def x(self, day: dt.date) -> int:
        """Return the x coordinate of `day`."""
        span = max(1, (self.end - self.start).days)
        return self.left + round((day - self.start).days / span * (self.right - self.left))

    def months(self) -> list[dt.date]:
        """Return the first day of every month on the axis, the end included."""
        months = []
        month = self.start
        while month <= self.end:
            months.append(month)
            month = _next_month(month)
        return months


@dataclass(frozen=True)
class Band:
    """The timeline's vertical plan: whether other pages' activities show as dots."""

    dots: bool

    def height(self, row_height: int) -> int:
        """Return the frame height this band needs with markers `row_height` tall."""
        strip = DOT_LANES * (DOT + DOT_GAP) + PILL_GAP if self.dots else 0
        return 2 * PADDING + 2 * row_height + AXIS_GAP + strip


@dataclass(frozen=True)
class Track:
    """Where a timeline's markers go horizontally: the date axis and the marker width."""

    axis: Axis
    pill_width: int
    row_height: int
    dots: tuple[tuple[int, int] | None, ...]
    """Lane and left edge of each activity's dot, or None where a dot already marks the spot."""


def build(ctx: BuildContext) -> list[PageContent]:
    """Return one page per table page of activities, the first under the whole timeline.

    Continuation slides give the timeline's room to the table, so a long
    plan takes as few slides as its rows need.
    """
    activities = ordered(list(ctx.plan.win_plan))
    if not activities:
        area = spanning(ctx.region("timeline").box, ctx.region("table").box)
        return [empty_page(ctx, area, EMPTY_SECTION, EMPTY_HINT)]
    rows = [_row(ctx, number, activity) for number, activity in enumerate(activities, start=1)]
    track = _track(ctx, activities)
    band, layout, table_box, later_top = _plan_band(ctx, activities, rows, track)
    pages: list[PageContent] = []
    for index, table_page in enumerate(layout.pages):
        page = PageContent()
        shown = range(table_page.first_row, table_page.first_row + len(table_page.rows))
        if index == 0:
            emphasised = set(number + 1 for number in shown)
            page.requests.extend(timeline(ctx, index, activities, emphasised, track, band))
        origin = (table_box.x, table_box.y if index == 0 else later_top)
        page.requests.extend(region_table_requests(ctx, index, origin, layout, table_page))
        owners = [
            f"#{number + 1} {activities[number].activity}: {activities[number].owner}"
            for number in shown
            if activities[number].owner
        ]
        if owners:
            page.notes.append("Owners:")
            page.notes.extend(owners)
        page.notes.extend(shortened_notes(table_page))
        pages.append(page)
    return pages


def _row(ctx: BuildContext, number: int, activity: Activity) -> Row:
    palette = ctx.config.style.palette
    key = status_key(activity, ctx.today)
    cancelled = key == "cancelled"
    muted = palette.muted if cancelled else None
    return Row(
        (
            Cell(str(number), bold=True, colour=muted),
            Cell(activity.activity, bold=not cancelled, colour=muted),
            Cell(short_date(activity.date), colour=muted),
            Cell(activity.audience, colour=muted),
            Cell(
                STATUS_LABELS[key],
                bold=True,
                colour=ON_COLOUR,
                fill=status_colour(palette, key),
                alignment="CENTER",
            ),
            Cell(activity.notes, colour=muted),
        ),
        label=f"#{number} {activity.activity}",
    )


def _track(ctx: BuildContext, activities: list[Activity]) -> Track:
    """Return the date axis and marker size shared by every page's timeline."""
    min_pt = ctx.config.style.min_font_pt
    inner = ctx.region("timeline").box.inset(PADDING)
    row_height = metrics.line_height(min_pt) + 2 * metrics.INSET_Y
    family = ctx.region("timeline").text.font_family
    widest = metrics.text_width(str(len(activities)), min_pt, True, family)
    # Rounded corners eat into a shape's text area in some renderers: leave room for them.
    pill_width = round(widest / metrics.WIDTH_SAFETY) + 2 * metrics.INSET_X + PILL_CORNERS
    dates = [a.date for a in activities] + [ctx.today]
    axis = Axis(
        _month_start(min(dates)),
        _next_month(max(dates)),
        inner.x + pill_width // 2,
        inner.right - pill_width // 2,
    )
    lefts = [axis.x(activity.date) - DOT // 2 for activity in activities]
    return Track(axis, pill_width, row_height, dot_spots(lefts, inner.x, inner.right))


def dot_spots(
    lefts: list[int], left_edge: int, right_edge: int
) -> tuple[tuple[int, int] | None, ...]:
    """Return a lane and left edge for a dot wanting each of `lefts` (ascending), or None.

    A dot slides right by at most its own width to clear the dot before it
    in some lane; where no lane has room it is left out, since a dot already
    marks that stretch of the axis.
    """
    ends = [left_edge - DOT_GAP] * DOT_LANES
    spots: list[tuple[int, int] | None] = []
    for want in lefts:
        want = max(left_edge, min(want, right_edge - DOT))
        best: tuple[int, int] | None = None
        for lane, end in enumerate(ends):
            start = max(want, end + DOT_GAP)
            if (
                start - want <= DOT
                and start + DOT <= right_edge
                and (best is None or start < best[1])
            ):
                best = (lane, start)
        if best is not None:
            ends[best[0]] = best[1] + DOT
        spots.append(best)
    return tuple(spots)


def pack(wants: list[int], width: int, left: int, right: int, gap: int = PILL_GAP) -> list[int]:
    """Return left edges for markers `width` wide wanting `wants` (ascending), in that order.

    Markers keep their order and a `gap` between neighbours; a run of
    markers that would collide is spread around the average of the places
    its members want, so each stays as close to its date as the others allow.
    Runs stay within [left, right] while the markers fit there at all.
    """
    pitch = width + gap

    def origin(count: int, total: float) -> int:
        return max(left, min(round(total / count), right - count * pitch + gap))

    # Each run of touching markers: how many, and the sum over its members of
    # (wanted left - offset in the run), whose mean is where the run starts.
    runs: list[tuple[int, float]] = []
    for want in wants:
        runs.append((1, float(want)))
        while len(runs) > 1:
            (count, total), (count_next, total_next) = runs[-2], runs[-1]
            if origin(count, total) + count * pitch <= origin(count_next, total_next):
                break
            runs[-2:] = [(count + count_next, total + total_next - count_next * count * pitch)]
    lefts: list[int] = []
    for count, total in runs:
        first = origin(count, total)
        lefts.extend(first + offset * pitch for offset in range(count))
    return lefts


def _plan_band(
    ctx: BuildContext, activities: list[Activity], rows: list[Row], track: Track
) -> tuple[Band, TableLayout, Box, int]:
    """Return the timeline band, the table laid out under it, its box and later pages' top.

    Every activity gets a numbered marker when they all fit one row near
    their dates; otherwise the first page's activities are numbered and the
    others shown as dots. The band is only as tall as that needs, and the
    table takes the rest.
    """
    frame = ctx.region("timeline").box
    wants = [_marker_left(track, activity) for activity in activities]
    lefts = pack(wants, track.pill_width, frame.x + PADDING, frame.right - PADDING)
    near = all(abs(a - b) <= track.pill_width for a, b in zip(lefts, wants, strict=True))
    band = Band(dots=not (near and _inside(lefts, track.pill_width, frame)))
    layout, box, later_top = _table_under(ctx, rows, band.height(track.row_height))
    return band, layout, box, later_top


def _inside(lefts: list[int], width: int, frame: Box) -> bool:
    inner = frame.inset(PADDING)
    return not lefts or (lefts[0] >= inner.x and lefts[-1] + width <= inner.right)


def _marker_left(track: Track, activity: Activity) -> int:
    return track.axis.x(activity.date) - track.pill_width // 2


def _table_under(
    ctx: BuildContext, rows: list[Row], band_height: int
) -> tuple[TableLayout, Box, int]:
    """Return the table laid out below a timeline band `band_height` tall, its box and later top.

    Pages after the first carry no timeline: their table starts where the
    timeline would (the returned top) and is that much taller.
    """
    box = ctx.region("table").box
    frame = ctx.region("timeline").box
    later_top = box.y
    if frame.bottom <= box.y and frame.x < box.right and box.x < frame.right:
        top = frame.y + band_height + (box.y - frame.bottom)
        later_top = frame.y
        box = Box(box.x, top, box.width, box.bottom - top)
    layout = layout_region_table(ctx, COLUMNS, rows, box, later_height=box.bottom - later_top)
    return layout, box, later_top


def timeline(
    ctx: BuildContext,
    page: int,
    activities: list[Activity],
    emphasised: set[int],
    track: Track,
    band: Band,
) -> list[Request]:
    """Return a month axis with a status-coloured marker for every activity.

    Markers are numbered as in the table. The activities listed on this page
    stand out in full colour; the others are tinted (or, when they do not
    all fit one row near their dates, small dots beneath), so each page keeps
    the whole plan in view. Every element is named under the timeline's frame
    ID, declaring that it sits inside the frame. The table beneath names
    each status in the same colours, so no legend is needed.
    """
    palette = ctx.config.style.palette
    min_pt = ctx.config.style.min_font_pt
    region = ctx.region("timeline")
    style = region.text
    row_height, pill_width, axis = track.row_height, track.pill_width, track.axis
    box = Box(region.box.x, region.box.y, region.box.width, band.height(row_height))
    page_id = ctx.page_id(page)
    frame_id = ctx.content_id(page, "tl")
    requests: list[Request] = text_box(
        frame_id, page_id, box, "", BoxStyle(style, fill=palette.surface, shape_type="RECTANGLE")
    )
    inner = box.inset(PADDING)
    label_top = inner.bottom - row_height
    axis_y = label_top - pt(1)
    today_x = axis.x(ctx.today)
    family = style.font_family
    today_width = round(metrics.text_width(TODAY, min_pt, True, family) / metrics.WIDTH_SAFETY) + (
        2 * metrics.INSET_X + pt(2)
    )
    # The "today" flag sits among the month labels (a label it would cover is
    # left out), so the row above the axis is free for markers.
    today_left = max(inner.x, min(today_x - today_width // 2, inner.right - today_width))
    today_box = Box(today_left, label_top, today_width, row_height)
    requests.extend(
        line(f"{frame_id}_axis", page_id, (inner.x, axis_y), (inner.right, axis_y), palette.muted)
    )
    requests.extend(
        _month_marks(
            ctx, page, axis, axis_y, label_top, row_height, inner.x, inner.right, today_box
        )
    )
    lane_bottom = axis_y - (AXIS_GAP - pt(1))
    dot_bottom = lane_bottom
    if band.dots:
        lane_bottom -= DOT_LANES * (DOT + DOT_GAP) + PILL_GAP
    pilled = [
        number for number in range(1, len(activities) + 1) if not band.dots or number in emphasised
    ]
    wants = [axis.x(activities[number - 1].date) - pill_width // 2 for number in pilled]
    pill_left = dict(zip(pilled, pack(wants, pill_width, inner.x, inner.right), strict=True))
    requests.extend(
        line(
            f"{frame_id}_today",
            page_id,
            (today_x, inner.y),
            (today_x, label_top),
            palette.danger,
            1.0,
            "DASH",
        )
    )
    requests.extend(
        text_box(
            f"{frame_id}_today-flag",
            page_id,
            today_box,
            TODAY,
            BoxStyle(
                replace(
                    style, font_pt=min_pt, bold=True, colour=palette.danger, alignment="CENTER"
                ),
                vertical="MIDDLE",
            ),
        )
    )
    for number, activity in enumerate(activities, start=1):
        colour = status_colour(palette, status_key(activity, ctx.today))
        if band.dots and number not in emphasised:
            spot = track.dots[number - 1]
            if spot is None:
                # A dot already marks this stretch of the axis.
                continue
            lane, left = spot
            top = dot_bottom - (lane + 1) * (DOT + DOT_GAP) + DOT_GAP
            requests.extend(
                text_box(
                    f"{frame_id}_d{number}",
                    page_id,
                    Box(left, top, DOT, DOT),
                    "",
                    BoxStyle(style, fill=tint(colour, DOT_SHARE), shape_type="ELLIPSE"),
                )
            )
            continue
        left = pill_left[number]
        top = lane_bottom - row_height
        own = number in emphasised
        requests.extend(
            text_box(
                f"{frame_id}_m{number}",
                page_id,
                Box(left, top, pill_width, row_height),
                str(number),
                BoxStyle(
                    replace(
                        style,
                        font_pt=min_pt,
                        bold=True,
                        colour=ON_COLOUR if own else colour,
                        alignment="CENTER",
                    ),
                    fill=colour if own else tint(colour, MUTED_SHARE),
                    shape_type="ROUND_RECTANGLE",
                    vertical="MIDDLE",
                ),
            )
        )
    return requests


def _month_marks(
    ctx: BuildContext,
    page: int,
    axis: Axis,
    axis_y: int,
    label_top: int,
    label_height: int,
    left_limit: int,
    right_limit: int,
    keep_clear: Box,
) -> list[Request]:
    palette = ctx.config.style.palette
    min_pt = ctx.config.style.min_font_pt
    frame_id = ctx.content_id(page, "tl")
    page_id = ctx.page_id(page)
    months = axis.months()
    requests: list[Request] = []
    spacing = axis.x(months[1]) - axis.x(months[0]) if len(months) > 1 else axis.right - axis.left
    family = ctx.region("timeline").text.font_family
    widest = max(metrics.text_width(f"{m:%b %Y}", min_pt, family=family) for m in months)
    needed = round(widest / metrics.WIDTH_SAFETY) + 2 * metrics.INSET_X + pt(2)
    every = max(1, -(-needed // max(1, spacing)))
    labels: list[tuple[int, Box, str]] = []
    for index, month in enumerate(months):
        x = axis.x(month)
        requests.extend(
            line(f"{frame_id}_t{index}", page_id, (x, axis_y - pt(4)), (x, axis_y), palette.muted)
        )
        if index % every or index == len(months) - 1:
            continue
        label_box = Box(x, label_top, needed, label_height)
        if x + needed > right_limit or label_box.overlaps(keep_clear):
            continue
        label = f"{month:%b %Y}" if not labels or month.month == 1 else f"{month:%b}"
        labels.append((index, label_box, label))
    if not labels:
        # A short plan still says when it happens: the first month label that
        # fits on either side of its tick, clear of the "today" flag.
        spots = (
            (index, Box(left, label_top, needed, label_height))
            for index, month in enumerate(months)
            for left in (axis.x(month), axis.x(month) - needed)
        )
        for index, label_box in spots:
            inside = left_limit <= label_box.x and label_box.right <= right_limit
            if inside and not label_box.overlaps(keep_clear):
                labels.append((index, label_box, f"{months[index]:%b %Y}"))
                break
    for index, label_box, label in labels:
        requests.extend(
            text_box(
                f"{frame_id}_l{index}",
                page_id,
                label_box,
                label,
                BoxStyle(
                    replace(
                        ctx.region("timeline").text,
                        font_pt=min_pt,
                        bold=False,
                        colour=palette.muted,
                    ),
                    vertical="MIDDLE",
                ),
            )
        )
    return requests


TEMPLATE_COLUMNS: Final[tuple[TableColumn, ...]] = (
    ("Activity", 2.6, "Technical discovery workshop"),
    ("Date", 1.0, "2025-03-04"),
    ("Audience", 1.6, "Platform team"),
    ("Notes", 3.0, "Confirm CI/CD pain points"),
)
"""The default template's activity table: header, relative width, sample text per column."""


def design(designer: Designer, slide: SlideType) -> None:
    """Draw the default template's slide: the timeline area above the activity table."""
    page_id = designer.slide(slide.role)
    designer.heading(page_id, slide.role, slide.title)
    timeline_height = inches(1.2)
    designer.area(
        page_id,
        slide.role,
        "timeline",
        (MARGIN, CONTENT_TOP, CONTENT_WIDTH, timeline_height),
        "Timeline of completed and planned activities",
    )
    designer.table(
        page_id, slide.role, CONTENT_TOP + timeline_height + inches(0.2), TEMPLATE_COLUMNS
    )
    designer.footer(page_id, slide.role)


def snapshot(plan: Plan, data: PlanData, today: dt.date) -> dict[str, Any]:
    """Return this slide's part of a plan snapshot: status, digest and overdue per activity."""
    return {
        "activities": keyed(
            (
                short_digest(item["activity"], 8),
                [item["status"], short_digest(item), activity.is_overdue(today)],
            )
            for item, activity in zip(data["win_plan"], plan.win_plan, strict=True)
        )
    }


def summarize(before: Snapshot, after: Snapshot) -> list[str]:
    """Return phrases for win-plan activities: added, removed, done, overdue, changed."""
    old, new = before.get("activities", {}), after["activities"]
    phrases = []
    added = len(new.keys() - old.keys())
    removed = len(old.keys() - new.keys())
    if added:
        phrases.append("+" + count(added, "activity", "activities"))
    if removed:
        phrases.append("-" + count(removed, "activity", "activities"))
    done = cancelled = overdue = changed = 0
    for key in old.keys() & new.keys():
        old_status, old_digest, old_overdue = old[key]
        new_status, new_digest, new_overdue = new[key]
        if new_status != old_status and new_status == ActivityStatus.DONE.value:
            done += 1
        elif new_status != old_status and new_status == ActivityStatus.CANCELLED.value:
            cancelled += 1
        elif new_digest != old_digest:
            changed += 1
        if new_overdue and not old_overdue:
            overdue += 1
    if done:
        phrases.append(count(done, "activity", "activities") + " done")
    if cancelled:
        phrases.append(count(cancelled, "activity", "activities") + " cancelled")
    if changed:
        phrases.append(count(changed, "activity", "activities") + " changed")
    if overdue:
        phrases.append(count(overdue, "activity", "activities") + " now overdue")
    return phrases
