"""Business Outcomes: the customer's critical needs, and which value driver each initiative serves.

The mappings region shows one column per value driver (coloured header, in
configured order), each listing the initiatives that serve it with the
features that deliver them beneath, so a reader follows feature →
initiative → value driver at a glance.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from typing import Any

from slidegen.config import Palette
from slidegen.digests import short_digest
from slidegen.layout import text as metrics
from slidegen.layout.blocks import (
    Card,
    CardStack,
    card_requests,
    empty_page,
    empty_panel,
    fitted_text,
    spanning,
    stack_columns,
    tint,
)
from slidegen.layout.context import Box, BuildContext, PageContent
from slidegen.layout.palette import ON_COLOUR
from slidegen.layout.shapes import BoxStyle, Span, clean_text, text_box, utf16_length
from slidegen.layout.slides import SlideType
from slidegen.plan.model import Mapping, Plan
from slidegen.summary import PlanData, Snapshot, positional_changes
from slidegen.templates.drawing import Designer
from slidegen.units import inches, pt

NEEDS_HEADER = "CRITICAL BUSINESS NEEDS"
NEEDS_CONTINUED = "CRITICAL BUSINESS NEEDS (CONTINUED)"
EMPTY_SECTION = "Business outcomes in progress"
EMPTY_HINT = "To fill this slide, add needs and mappings under 'business_outcomes:' in the plan."
EMPTY_NEEDS = "Critical business needs in progress"
EMPTY_NEEDS_HINT = "To list the customer's needs here, add them under 'business_outcomes: needs:'."
EMPTY_MAPPINGS = "Value mapping in progress"
EMPTY_MAPPINGS_HINT = (
    "To map features to initiatives and value drivers here, add them under "
    "'business_outcomes: mappings:'."
)
COLUMN_GAP = pt(8)
HEADER_GAP = pt(4)


def driver_colours(palette: Palette) -> list[str]:
    """Return the header colours given to value drivers, in order."""
    return [palette.primary, palette.info, palette.good, palette.warning, palette.accent]


@dataclass(frozen=True)
class DriverColumn:
    """One value driver and the initiative cards under it."""

    driver: str
    cards: tuple[Card, ...]


def driver_columns(mappings: Sequence[Mapping], drivers: Sequence[str]) -> list[DriverColumn]:
    """Return a column per value driver that has mappings, initiatives grouped with features."""
    columns = []
    order = list(drivers) + [m.value_driver for m in mappings if m.value_driver not in drivers]
    for driver in dict.fromkeys(order):
        initiatives: dict[str, list[str]] = {}
        for mapping in mappings:
            if mapping.value_driver == driver:
                features = initiatives.setdefault(mapping.initiative, [])
                if mapping.feature not in features:
                    features.append(mapping.feature)
        if initiatives:
            cards = tuple(
                Card(initiative, "\n".join(f"• {f}" for f in features), label=initiative)
                for initiative, features in initiatives.items()
            )
            columns.append(DriverColumn(driver, cards))
    return columns


def need_cards(ctx: BuildContext) -> list[Card]:
    """Return one card per critical need, its metric beneath."""
    return [
        Card(
            need.need,
            metrics.labelled("Metric", need.metric) if need.metric else "",
            label=need.need,
        )
        for need in ctx.plan.business_outcomes.needs
    ]


def build(ctx: BuildContext) -> list[PageContent]:
    """Return the needs and mappings, continued on further pages when they do not fit."""
    palette = ctx.config.style.palette
    min_pt = ctx.config.style.min_font_pt
    body_pt = max(ctx.config.style.body_font_pt, min_pt)
    needs_region = ctx.region("needs")
    map_region = ctx.region("mappings")
    outcomes = ctx.plan.business_outcomes
    pages: list[PageContent] = [PageContent()]

    def page(index: int) -> PageContent:
        while len(pages) <= index:
            pages.append(PageContent())
        return pages[index]

    needs_area = needs_region.box
    if outcomes.is_empty:
        return [empty_page(ctx, spanning(needs_area, map_region.box), EMPTY_SECTION, EMPTY_HINT)]
    needs = need_cards(ctx)
    columns = driver_columns(outcomes.mappings, ctx.config.value_drivers)
    header_height = _header_height(ctx, columns, map_region.box, min_pt)
    column_boxes = _column_boxes(map_region.box, len(columns), header_height)
    # Needs and mappings are read separately, so each gets the largest size that fits it.
    driver_stacks, font_pt = stack_columns(
        [c.cards for c in columns],
        column_boxes,
        body_pt,
        min_pt,
        family=map_region.text.font_family,
    )
    needs_family = needs_region.text.font_family
    stacks = list(driver_stacks)
    needs_look = BoxStyle(
        replace(needs_region.text, bold=False), fill=palette.surface, shape_type="RECTANGLE"
    )
    if needs:
        need_pages, needs_pt = paginate_list(needs, needs_area, body_pt, min_pt, needs_family)
        areas = [needs_area] * len(need_pages)
        if len(need_pages) > 1 and all(len(stack.pages) <= 1 for stack in driver_stacks):
            # The mappings end on the first slide: later needs take the whole width.
            wide = spanning(needs_area, map_region.box)
            rest = [item for items in need_pages[1:] for item in items]
            later, _ = paginate_list(rest, wide, needs_pt, needs_pt, needs_family)
            need_pages = [need_pages[0], *later]
            areas = [needs_area] + [wide] * len(later)
        for page_index, (items, area) in enumerate(zip(need_pages, areas, strict=True)):
            header = NEEDS_CONTINUED if page_index else NEEDS_HEADER
            text, spans = list_text(items, header, palette.primary, palette.muted)
            needs_id = ctx.content_id(page_index, "needs")
            needed = _list_height(items, area.width, needs_pt, needs_family)
            if area != needs_area and needed <= area.height:
                # A continuation's panel spans the slide: as tall as its needs, not a blank page.
                area = Box(area.x, area.y, area.width, needed)
            if needed <= area.height:
                page(page_index).requests.extend(
                    text_box(
                        needs_id,
                        ctx.page_id(page_index),
                        area,
                        text,
                        needs_look.restyled(font_pt=needs_pt),
                        spans=spans,
                    )
                )
                continue
            # A single need longer than the whole area: show what fits, the rest in notes.
            fitted = fitted_text(
                needs_id,
                ctx.page_id(page_index),
                area,
                text,
                needs_look,
                min_pt,
                max_pt=needs_pt,
                spans=spans,
            )
            page(page_index).requests.extend(fitted.requests)
            if fitted.cut is not None:
                page(page_index).notes.append(fitted.cut)
    else:
        page(0).requests.extend(
            empty_panel(
                ctx.content_id(0, "needs-empty"),
                ctx.page_id(0),
                needs_area,
                EMPTY_NEEDS,
                ctx.config,
            )
        )
        page(0).notes.append(EMPTY_NEEDS_HINT)
    if columns:
        colours = driver_colours(palette)
        for index, (column, stack) in enumerate(zip(columns, driver_stacks, strict=True)):
            colour = colours[index % len(colours)]
            _draw_stack(ctx, stack, f"d{index}", page, fill=tint(colour, 0.12), accent=colour)
            for page_index, placed in enumerate(stack.pages):
                if not placed:
                    continue
                header_box = Box(
                    column_boxes[index].x,
                    map_region.box.y,
                    column_boxes[index].width,
                    header_height,
                )
                target = page(page_index)
                header_look = BoxStyle(
                    replace(map_region.text, bold=True, colour=ON_COLOUR, alignment="CENTER"),
                    fill=colour,
                    vertical="MIDDLE",
                    shape_type="RECTANGLE",
                )
                fitted = fitted_text(
                    ctx.content_id(page_index, f"d{index}"),
                    ctx.page_id(page_index),
                    header_box,
                    column.driver,
                    header_look,
                    min_pt,
                    max_pt=font_pt,
                )
                target.requests.extend(fitted.requests)
    else:
        page(0).requests.extend(
            empty_panel(
                ctx.content_id(0, "map-empty"),
                ctx.page_id(0),
                map_region.box,
                EMPTY_MAPPINGS,
                ctx.config,
            )
        )
        page(0).notes.append(EMPTY_MAPPINGS_HINT)
    for stack in stacks:
        if stack.cut:
            pages[0].notes.append("Full text of items shortened on the slides:")
            pages[0].notes.extend(stack.cut)
    return pages


def list_text(
    items: Sequence[Card], header: str, title_colour: str, body_colour: str
) -> tuple[str, list[Span]]:
    """Return a muted header line, then items as paragraphs (bold title, muted body)."""
    text = clean_text(header)
    spans = [Span(0, utf16_length(text), bold=True, colour=body_colour)]
    for index, item in enumerate(items):
        text += "\n\n" if index else "\n"
        start = utf16_length(text)
        text += clean_text(item.title)
        spans.append(Span(start, utf16_length(text), bold=True, colour=title_colour))
        if item.body:
            text += "\n"
            start = utf16_length(text)
            text += clean_text(item.body)
            spans.append(Span(start, utf16_length(text), colour=body_colour))
    return text, spans


def _list_height(items: Sequence[Card], width: int, font_pt: float, family: str | None) -> int:
    inner = max(1, width - 2 * metrics.INSET_X)
    lines = [*metrics.wrap(NEEDS_CONTINUED, inner, font_pt, True, family)]
    for item in items:
        lines += metrics.wrap(clean_text(item.title), inner, font_pt, True, family)
        if item.body:
            lines += metrics.wrap(clean_text(item.body), inner, font_pt, False, family)
    # A line is as tall as the faces it uses: only lines holding East Asian
    # characters take their taller height; the header and the blank line
    # between items are set in the body face.
    blank = max(0, len(items) - 1) * metrics.line_height(font_pt)
    text = sum(metrics.line_height_for(line, font_pt) for line in lines)
    return blank + text + 2 * metrics.INSET_Y


def paginate_list(
    items: Sequence[Card],
    box: Box,
    max_pt: float,
    min_pt: float,
    family: str | None = None,
    step: float = 0.5,
) -> tuple[list[list[Card]], float]:
    """Return items split into pages of `box` at the largest size that fits them all at once.

    When nothing down to `min_pt` fits them on one page, they are split at
    `min_pt`; an item too tall on its own gets a page to itself and is cut there.
    """
    size = max_pt
    while _list_height(items, box.width, size, family) > box.height:
        if size <= min_pt:
            break
        size = max(min_pt, round(size - step, 4))
    else:
        return [list(items)], size
    pages: list[list[Card]] = [[]]
    for item in items:
        candidate = [*pages[-1], item]
        if pages[-1] and _list_height(candidate, box.width, size, family) > box.height:
            pages.append([item])
        else:
            pages[-1] = candidate
    return pages, size


def _header_height(
    ctx: BuildContext, columns: Sequence[DriverColumn], box: Box, min_pt: float
) -> int:
    if not columns:
        return 0
    width = (box.width - COLUMN_GAP * (len(columns) - 1)) // len(columns)
    font_pt = max(ctx.config.style.body_font_pt, min_pt)
    family = ctx.region("mappings").text.font_family
    return max(
        metrics.box_height_for(c.driver, width, font_pt, True, family=family) for c in columns
    )


def _column_boxes(box: Box, count: int, header_height: int) -> list[Box]:
    if count == 0:
        return []
    width = (box.width - COLUMN_GAP * (count - 1)) // count
    top = box.y + header_height + HEADER_GAP
    return [
        Box(box.x + i * (width + COLUMN_GAP), top, width, box.bottom - top) for i in range(count)
    ]


def _draw_stack(
    ctx: BuildContext,
    stack: CardStack,
    prefix: str,
    get_page: Callable[[int], PageContent],
    *,
    fill: str,
    accent: str,
    body_colour: str | None = None,
) -> None:
    for page_index, placed_cards in enumerate(stack.pages):
        target = get_page(page_index)
        for card_index, placed in enumerate(placed_cards):
            target.requests.extend(
                card_requests(
                    ctx.content_id(page_index, f"{prefix}c{card_index}"),
                    ctx.page_id(page_index),
                    placed,
                    ctx.region("needs" if prefix == "n" else "mappings").text,
                    stack.font_pt,
                    fill=fill,
                    title_colour=accent,
                    body_colour=body_colour,
                )
            )


def design(designer: Designer, slide: SlideType) -> None:
    """Draw the default template's slide: needs on the left, the value mappings on the right."""
    designer.two_areas(
        slide.role,
        slide.title,
        ("needs", "Critical business needs and desired outcomes"),
        ("mappings", "Actions and features → initiatives → value drivers"),
        0.4,
        inches(0.25),
    )


def snapshot(plan: Plan, data: PlanData, today: dt.date) -> dict[str, Any]:
    """Return this slide's part of a plan snapshot: one digest per need and per mapping."""
    outcomes = data["business_outcomes"]
    return {
        "needs": [short_digest(item) for item in outcomes["needs"]],
        "mappings": [short_digest(item) for item in outcomes["mappings"]],
    }


def summarize(before: Snapshot, after: Snapshot) -> list[str]:
    """Return what changed on this slide between two snapshots, in words."""
    return [
        *positional_changes(before.get("needs", []), after["needs"], "business need"),
        *positional_changes(before.get("mappings", []), after["mappings"], "value mapping"),
    ]
