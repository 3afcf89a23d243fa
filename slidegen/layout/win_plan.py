"""Technical Win Plan: a dated timeline above a table of activities by date."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from slidegen.config import Palette
from slidegen.layout import text as metrics
from slidegen.layout.blocks import message
from slidegen.layout.context import Box, BuildContext, PageContent, Request
from slidegen.layout.palette import ON_COLOUR
from slidegen.layout.shapes import line, text_box
from slidegen.layout.tables import Cell, Column, Row, layout_table, table_requests
from slidegen.layout.title import short_date
from slidegen.plan.model import Activity
from slidegen.units import pt

COLUMNS = (
    Column("#", 0.32, "CENTER"),
    Column("Activity", 2.0),
    Column("Date", 0.9),
    Column("Audience", 1.4),
    Column("Status", 0.95, "CENTER"),
    Column("Notes", 3.0),
)
STATUS_LABELS = {
    "done": "Done",
    "in_progress": "In progress",
    "planned": "Planned",
    "overdue": "Overdue",
    "cancelled": "Cancelled",
}
PADDING = pt(2)
PILL_GAP = pt(3)
PILL_CORNERS = pt(8)
TODAY = "today"


def status_key(activity: Activity, today: dt.date) -> str:
    """Return 'overdue' for an open activity whose date has passed, else its status."""
    return "overdue" if activity.is_overdue(today) else activity.status.value


def status_colour(palette: Palette, key: str) -> str:
    """Return the colour that marks a status (done, in_progress, planned, overdue, cancelled)."""
    return {
        "done": palette.good,
        "in_progress": palette.info,
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


def build(ctx: BuildContext) -> list[PageContent]:
    """Return one page per table page of activities, each with its timeline."""
    palette = ctx.config.style.palette
    min_pt = ctx.config.style.min_font_pt
    region = ctx.region("table")
    style = region.table
    assert style is not None, "template reader guarantees a table region is a table"
    activities = ordered(list(ctx.plan.win_plan))
    if not activities:
        page = PageContent()
        for name, text in (
            ("timeline", "No activities planned yet."),
            ("table", "Add the technical win plan under 'win_plan:' in the plan."),
        ):
            area = ctx.region(name)
            page.requests.extend(
                message(
                    ctx.content_id(0, f"empty-{name}"),
                    ctx.page_id(0),
                    area.box,
                    text,
                    area.text,
                    min_pt,
                    colour=palette.muted,
                    fill=palette.surface,
                ).requests
            )
        return [page]
    rows = []
    for number, activity in enumerate(activities, start=1):
        key = status_key(activity, ctx.today)
        cancelled = key == "cancelled"
        muted = palette.muted if cancelled else None
        rows.append(
            Row(
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
        )
    layout = layout_table(
        COLUMNS,
        rows,
        region.box,
        style,
        max_pt=max(style.body_text.font_pt, min_pt),
        min_pt=min_pt,
    )
    axis_dates = [a.date for a in activities] + [ctx.today]
    pages: list[PageContent] = []
    for index, table_page in enumerate(layout.pages):
        page = PageContent()
        shown = range(table_page.first_row, table_page.first_row + len(table_page.rows))
        page.requests.extend(
            timeline(
                ctx,
                index,
                [(number + 1, activities[number]) for number in shown],
                min(axis_dates),
                max(axis_dates),
            )
        )
        page.requests.extend(
            table_requests(
                ctx.content_id(index, "table"),
                ctx.page_id(index),
                (region.box.x, region.box.y),
                layout,
                table_page,
                style,
                header_fill=style.header_fill or palette.primary,
                header_colour=style.header_text.colour if style.header_fill else ON_COLOUR,
            )
        )
        owners = [
            f"#{number + 1} {activities[number].activity}: {activities[number].owner}"
            for number in shown
            if activities[number].owner
        ]
        if owners:
            page.notes.append("Owners:")
            page.notes.extend(owners)
        if table_page.notes:
            page.notes.append("Full text of cells shortened on this slide:")
            page.notes.extend(table_page.notes)
        pages.append(page)
    return pages


def timeline(
    ctx: BuildContext,
    page: int,
    numbered: list[tuple[int, Activity]],
    first: dt.date,
    last: dt.date,
) -> list[Request]:
    """Return a month axis with a numbered, status-coloured marker per activity.

    Every element is named under the timeline's frame ID, declaring that it
    sits inside the frame. Markers that would collide are stacked on higher
    lanes, or nudged right when every lane is taken at that date. The table
    beneath names each status in the same colours, so no legend is needed.
    """
    palette = ctx.config.style.palette
    min_pt = ctx.config.style.min_font_pt
    region = ctx.region("timeline")
    style = region.text
    box = region.box
    page_id = ctx.page_id(page)
    frame_id = ctx.content_id(page, "tl")
    requests: list[Request] = text_box(
        frame_id, page_id, box, "", style, fill=palette.surface, shape_type="RECTANGLE"
    )
    row_height = metrics.line_height(min_pt) + 2 * metrics.INSET_Y
    widest_pill = metrics.text_width(str(max([1, *(n for n, _ in numbered)])), min_pt, True)
    # Rounded corners eat into a shape's text area in some renderers: leave room for them.
    pill_width = round(widest_pill / metrics.WIDTH_SAFETY) + 2 * metrics.INSET_X + PILL_CORNERS
    inner = box.inset(PADDING)
    axis = Axis(
        _month_start(first),
        _next_month(last),
        inner.x + pill_width // 2,
        inner.right - pill_width // 2,
    )
    label_top = inner.bottom - row_height
    axis_y = label_top - pt(1)
    today_x = axis.x(ctx.today)
    today_width = round(metrics.text_width(TODAY, min_pt, True) / metrics.WIDTH_SAFETY) + (
        2 * metrics.INSET_X + pt(2)
    )
    # The "today" flag sits among the month labels (a label it would cover is
    # left out), so every lane above the axis is free for markers.
    today_left = max(inner.x, min(today_x - today_width // 2, inner.right - today_width))
    today_box = Box(today_left, label_top, today_width, row_height)
    requests.extend(
        line(f"{frame_id}_axis", page_id, (inner.x, axis_y), (inner.right, axis_y), palette.muted)
    )
    requests.extend(
        _month_marks(ctx, page, axis, axis_y, label_top, row_height, inner.right, today_box)
    )
    lane_bottom = axis_y - pt(2)
    lanes = Lanes(
        count=max(1, (lane_bottom - inner.y + PILL_GAP) // (row_height + PILL_GAP)),
        left=inner.x,
        right=inner.right,
    )
    lane_top = lane_bottom - lanes.count * row_height - (lanes.count - 1) * PILL_GAP
    requests.extend(
        line(
            f"{frame_id}_today",
            page_id,
            (today_x, max(inner.y, lane_top)),
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
            style,
            font_pt=min_pt,
            bold=True,
            colour=palette.danger,
            alignment="CENTER",
            vertical="MIDDLE",
        )
    )
    for number, activity in numbered:
        centre = axis.x(activity.date)
        lane, left = lanes.place(centre - pill_width // 2, pill_width)
        top = lane_bottom - (lane + 1) * row_height - lane * PILL_GAP
        key = status_key(activity, ctx.today)
        requests.extend(
            text_box(
                f"{frame_id}_m{number}",
                page_id,
                Box(left, top, pill_width, row_height),
                str(number),
                style,
                font_pt=min_pt,
                bold=True,
                colour=ON_COLOUR,
                alignment="CENTER",
                fill=status_colour(palette, key),
                shape_type="ROUND_RECTANGLE",
                vertical="MIDDLE",
            )
        )
    return requests


@dataclass
class Lanes:
    """Horizontal lanes of a timeline, tracking which stretches are taken."""

    count: int
    left: int
    right: int

    def __post_init__(self) -> None:
        self.taken: list[list[tuple[int, int]]] = [[] for _ in range(self.count)]

    def is_free(self, lane: int, left: int, width: int) -> bool:
        """Return True when [left, left + width] keeps a gap from everything in `lane`."""
        right = left + width
        return all(right + PILL_GAP <= a or left >= b + PILL_GAP for a, b in self.taken[lane])

    def _clamp(self, left: int, width: int) -> int:
        return max(self.left, min(left, self.right - width))

    def place_in(self, lane: int, left: int, width: int) -> int:
        """Take [left, left + width] in `lane` (kept inside the lanes); return the left edge."""
        left = self._clamp(left, width)
        self.taken[lane].append((left, left + width))
        return left

    def place(self, left: int, width: int) -> tuple[int, int]:
        """Return the lane and left edge for an item wanting `left`: lowest free lane first.

        When every lane is taken there, the item moves sideways to the nearest
        free stretch; with none left it goes to the bottom lane at its place.
        """
        left = self._clamp(left, width)
        for lane in range(self.count):
            if self.is_free(lane, left, width):
                return lane, self.place_in(lane, left, width)
        stretches = [stretch for lane in self.taken for stretch in lane]
        candidates = {b + PILL_GAP for _, b in stretches} | {
            a - PILL_GAP - width for a, _ in stretches
        }
        for candidate in sorted(candidates, key=lambda c: (abs(c - left), -c)):
            if candidate < self.left or candidate + width > self.right:
                continue
            for lane in range(self.count):
                if self.is_free(lane, candidate, width):
                    return lane, self.place_in(lane, candidate, width)
        return 0, self.place_in(0, left, width)


def _month_marks(
    ctx: BuildContext,
    page: int,
    axis: Axis,
    axis_y: int,
    label_top: int,
    label_height: int,
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
    widest = max(metrics.text_width(f"{m:%b %Y}", min_pt) for m in months)
    needed = round(widest / metrics.WIDTH_SAFETY) + 2 * metrics.INSET_X + pt(2)
    every = max(1, -(-needed // max(1, spacing)))
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
        label = f"{month:%b %Y}" if index == 0 or month.month == 1 else f"{month:%b}"
        requests.extend(
            text_box(
                f"{frame_id}_l{index}",
                page_id,
                label_box,
                label,
                ctx.region("timeline").text,
                font_pt=min_pt,
                bold=False,
                colour=palette.muted,
                vertical="MIDDLE",
            )
        )
    return requests
