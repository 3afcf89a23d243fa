"""Key Stakeholders: a styled table, relationship at a glance, and role gaps."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from typing import Any, Final

from slidegen.digests import short_digest
from slidegen.layout import text as metrics
from slidegen.layout.blocks import empty_page, fitted_text, tint
from slidegen.layout.context import Box, BuildContext, PageContent, Request
from slidegen.layout.palette import relationship_colour
from slidegen.layout.shapes import BoxStyle, clean_text
from slidegen.layout.slides import SlideType
from slidegen.layout.tables import (
    Cell,
    Column,
    Row,
    layout_region_table,
    region_table_requests,
    shortened_notes,
)
from slidegen.layout.text import isolate
from slidegen.plan.model import Plan
from slidegen.summary import PlanData, Snapshot, keyed, keyed_changes
from slidegen.templates.drawing import (
    CONTENT_BOTTOM,
    CONTENT_TOP,
    CONTENT_WIDTH,
    MARGIN,
    Designer,
    TableColumn,
)
from slidegen.units import inches

COLUMNS = (
    Column("Name", 1.25),
    Column("Title", 1.3, free_text=True),
    Column("Role", 1.05),
    Column("Relationship", 1.0, unbroken=True),
    Column("Owner", 0.9),
    Column("Notes", 2.5, free_text=True),
)
EMPTY_SECTION = "Stakeholder map in progress"
EMPTY_HINT = "To fill this slide, add the customer's people under 'stakeholders:' in the plan."
MARK = "●"
"""Leads the relationship word, in the relationship's colour."""


def gaps_text(missing: list[str], required: list[str]) -> tuple[str, bool]:
    """Return the gaps callout text and whether it is a warning."""
    if missing:
        return (
            f"Roles not yet covered: {', '.join(isolate(role) for role in missing)}. "
            "Find and engage someone for each before the technical win.",
            True,
        )
    if required:
        covered = ", ".join(isolate(role) for role in required)
        return f"All required roles are covered: {covered}.", False
    return "No required roles are configured.", False


def build(ctx: BuildContext) -> list[PageContent]:
    """Return one page per table page of stakeholders (at least one)."""
    plan, config = ctx.plan, ctx.config
    palette = config.style.palette
    region = ctx.region("table")
    required = {r.lower() for r in config.required_roles}
    rows = [
        Row(
            (
                Cell(s.name, bold=True),
                Cell(s.title),
                Cell(s.role, bold=s.role.lower() in required),
                Cell(
                    f"{MARK} {s.relationship.value.capitalize()}",
                    marker=relationship_colour(palette, s.relationship),
                ),
                Cell(s.owner or "—"),
                Cell(s.notes),
            ),
            label=s.name,
        )
        for s in plan.stakeholders
    ]
    if rows:
        layout = layout_region_table(
            ctx, COLUMNS, rows, _table_box(ctx), later_height=_later_height(ctx)
        )
        origin = (region.box.x, region.box.y)
        pages = [
            PageContent(
                requests=region_table_requests(ctx, index, origin, layout, table_page),
                notes=shortened_notes(table_page),
            )
            for index, table_page in enumerate(layout.pages)
        ]
    else:
        pages = [empty_page(ctx, _table_box(ctx), EMPTY_SECTION, EMPTY_HINT)]
    pages[0].requests.extend(_gaps(ctx, pages[0]))
    return pages


def _gaps_box(ctx: BuildContext) -> Box:
    """Return the gaps callout's box: as tall as its text, at the bottom of its region."""
    region = ctx.region("gaps")
    missing = ctx.plan.missing_roles(list(ctx.config.required_roles))
    text, _ = gaps_text(missing, list(ctx.config.required_roles))
    size = max(region.text.font_pt, ctx.config.style.min_font_pt)
    needed = metrics.box_height_for(clean_text(text), region.box.width, size, region.text.bold)
    if needed >= region.box.height:
        return region.box
    return Box(region.box.x, region.box.bottom - needed, region.box.width, needed)


def _table_box(ctx: BuildContext) -> Box:
    """Return the table's box on the first slide, grown into what the gaps callout leaves."""
    table = ctx.region("table").box
    region = ctx.region("gaps").box
    if not _below(region, table):
        return table
    gaps = _gaps_box(ctx)
    return Box(table.x, table.y, table.width, table.height + gaps.y - region.y)


def _below(lower: Box, upper: Box) -> bool:
    return lower.y >= upper.y and lower.x < upper.right and upper.x < lower.right


def _later_height(ctx: BuildContext) -> int:
    """Return the table's room on continuation slides, which carry no gaps callout."""
    table = ctx.region("table").box
    gaps = ctx.region("gaps").box
    if _below(gaps, table):
        return max(table.height, gaps.bottom - table.y)
    return table.height


def _gaps(ctx: BuildContext, page: PageContent) -> list[Request]:
    palette = ctx.config.style.palette
    region = ctx.region("gaps")
    missing = ctx.plan.missing_roles(list(ctx.config.required_roles))
    text, warning = gaps_text(missing, list(ctx.config.required_roles))
    colour = palette.warning if warning else palette.good
    look = BoxStyle(
        replace(region.text, colour=palette.text),
        fill=tint(colour, 0.15),
        outline=colour,
        vertical="MIDDLE",
        shape_type="RECTANGLE",
    )
    fitted = fitted_text(
        ctx.content_id(0, "gaps"),
        ctx.page_id(0),
        _gaps_box(ctx),
        text,
        look,
        ctx.config.style.min_font_pt,
    )
    if fitted.cut is not None:
        page.notes.append(fitted.cut)
    return fitted.requests


TEMPLATE_COLUMNS: Final[tuple[TableColumn, ...]] = (
    ("Name", 1.25, "Alex Rivera"),
    ("Title", 1.45, "VP Engineering"),
    ("Role", 1.1, "Champion"),
    ("Relationship", 1.2, "Strong"),
    ("Owner", 0.9, "SA"),
    ("Notes", 2.4, "Sponsors the pilot"),
)
"""The default template's stakeholder table: header, relative width, sample text per column."""


def design(designer: Designer, slide: SlideType) -> None:
    """Draw the default template's slide: the stakeholder table above the relationship gaps."""
    page_id = designer.slide(slide.role)
    designer.heading(page_id, slide.role, slide.title)
    designer.table(page_id, slide.role, CONTENT_TOP, TEMPLATE_COLUMNS)
    gaps_height = inches(0.8)
    designer.area(
        page_id,
        slide.role,
        "gaps",
        (MARGIN, CONTENT_BOTTOM - gaps_height, CONTENT_WIDTH, gaps_height),
        "Relationship gaps: roles with no contact yet",
    )
    designer.footer(page_id, slide.role)


def snapshot(plan: Plan, data: PlanData, today: dt.date) -> dict[str, Any]:
    """Return this slide's part of a plan snapshot: a digest per stakeholder, keyed by name."""
    return {
        "stakeholders": keyed(
            (short_digest(item["name"], 8), short_digest(item)) for item in data["stakeholders"]
        )
    }


def summarize(before: Snapshot, after: Snapshot) -> list[str]:
    """Return what changed on this slide between two snapshots, in words."""
    return keyed_changes(before.get("stakeholders", {}), after["stakeholders"], "stakeholder")
