"""Title slide: customer, opportunity, and who prepared the plan when."""

from __future__ import annotations

import datetime as dt
from typing import Any

from slidegen.digests import short_digest
from slidegen.layout import text as metrics
from slidegen.layout.blocks import fitted_text
from slidegen.layout.context import BuildContext, PageContent
from slidegen.layout.shapes import BoxStyle
from slidegen.layout.slides import SlideType
from slidegen.layout.text import isolate
from slidegen.plan.model import Plan
from slidegen.summary import PlanData, Snapshot
from slidegen.templates.drawing import (
    ACCENT,
    CONTENT_WIDTH,
    MARGIN,
    MUTED,
    ON_PRIMARY_KICKER,
    ON_PRIMARY_SOFT,
    PAGE_WIDTH,
    PRIMARY,
    TEXT_INSET,
    WHITE,
    Designer,
    text_style,
)
from slidegen.units import inches, pt


def long_date(day: dt.date) -> str:
    """Return `day` as '5 March 2026'."""
    return f"{day.day} {day:%B %Y}"


def short_date(day: dt.date) -> str:
    """Return `day` as '5 Mar 2026'."""
    return f"{day.day} {day:%b %Y}"


def account_team_line(plan: Plan, with_roles: bool = True) -> str:
    """Return 'Account team: Ann (AE), Bo (SA)', or '' when there is no team."""
    members = [
        f"{isolate(m.name)} ({isolate(m.role)})" if m.role and with_roles else isolate(m.name)
        for m in plan.account_team
    ]
    return f"Account team: {', '.join(members)}" if members else ""


def build(ctx: BuildContext) -> list[PageContent]:
    """Return the title slide's content."""
    plan = ctx.plan
    min_pt = ctx.config.style.min_font_pt
    page_id = ctx.page_id(0)
    page = PageContent()
    # Names are isolated: one in Arabic or Hebrew cannot reorder the sentence around it.
    prepared = f"Prepared by {isolate(plan.prepared_by.name)} · {long_date(plan.date)}"
    meta = ctx.region("meta")
    meta_text = prepared
    # The team goes on the slide when it fits: with roles if possible, else names only.
    for team in (account_team_line(plan), account_team_line(plan, with_roles=False)):
        if not team:
            break
        fit = metrics.fit_text(
            f"{prepared}\n{team}",
            meta.box.width,
            meta.box.height,
            meta.text.font_pt,
            min_pt,
            meta.text.bold,
        )
        if fit.fits:
            meta_text = f"{prepared}\n{team}"
            break
    if plan.account_team:
        page.notes.append(account_team_line(plan))
    for region_name, value in (
        ("customer", plan.customer),
        ("opportunity", plan.opportunity.name),
        ("meta", meta_text),
    ):
        region = ctx.region(region_name)
        fitted = fitted_text(
            ctx.content_id(0, region_name),
            page_id,
            region.box,
            value,
            BoxStyle(region.text, vertical="MIDDLE" if region_name != "meta" else "TOP"),
            min_pt,
        )
        page.requests.extend(fitted.requests)
        if fitted.cut is not None:
            page.notes.append(f"{region_name.capitalize()}: {fitted.cut}")
    if plan.opportunity.crm_url:
        page.notes.append(f"CRM opportunity: {plan.opportunity.crm_url}")
    if plan.command_plan:
        page.notes.append(f"Command plan: {plan.command_plan}")
    contacts = [f"{m.name} <{m.email}>" for m in plan.account_team if m.email]
    if plan.prepared_by.email:
        contacts.insert(0, f"{plan.prepared_by.name} <{plan.prepared_by.email}>")
    if contacts:
        page.notes.append("Contacts: " + ", ".join(contacts))
    return [page]


def design(designer: Designer, slide: SlideType) -> None:
    """Draw the default template's title slide: a coloured band holding the three regions."""
    page_id = designer.slide(slide.role)
    band_height = inches(3.6)
    designer.rectangle("tpl_title_band", page_id, (0, 0, PAGE_WIDTH, band_height), PRIMARY)
    designer.rectangle("tpl_title_band_edge", page_id, (0, band_height, PAGE_WIDTH, pt(4)), ACCENT)
    text_x, text_width = MARGIN - TEXT_INSET, CONTENT_WIDTH + 2 * TEXT_INSET
    designer.text_box(
        "tpl_title_kicker",
        page_id,
        (text_x, inches(0.5), text_width, inches(0.4)),
        "TECHNICAL OPPORTUNITY PLAN",
        text_style(ON_PRIMARY_KICKER, 11, bold=True),
        anchor="BOTTOM",
    )
    designer.rectangle(
        "tpl_title_accent", page_id, (MARGIN, inches(0.98), inches(0.6), pt(3.5)), ACCENT
    )
    regions = (
        (
            "customer",
            (text_x, inches(1.15), text_width, inches(1.05)),
            "Customer name",
            text_style(WHITE, 36, bold=True),
            "MIDDLE",
        ),
        (
            "opportunity",
            (text_x, inches(2.25), text_width, inches(0.95)),
            "Opportunity: what we are here to win",
            text_style(ON_PRIMARY_SOFT, 18),
            "TOP",
        ),
        (
            "meta",
            (text_x, inches(3.9), text_width, inches(0.5)),
            "Prepared by Solutions Architect · date",
            text_style(MUTED, 12),
            "MIDDLE",
        ),
    )
    for region, box, sample, style, anchor in regions:
        object_id = f"tpl_{slide.role}_{region}"
        designer.text_box(object_id, page_id, box, sample, style, anchor=anchor)
        designer.tag(object_id, slide.role, region)
    designer.footer(page_id, slide.role, on_primary=False)


def snapshot(plan: Plan, data: PlanData, today: dt.date) -> dict[str, Any]:
    """Return this slide's part of a plan snapshot: digests of the title fields and command plan."""
    fields = ("customer", "opportunity", "prepared_by", "account_team", "date")
    return {
        "title": short_digest({name: data[name] for name in fields}),
        "command_plan": short_digest(data["command_plan"]),
    }


def summarize(before: Snapshot, after: Snapshot) -> list[str]:
    """Return what changed on this slide between two snapshots, in words."""
    phrases = []
    if before.get("title") != after["title"]:
        phrases.append("title details changed")
    if before.get("command_plan") != after["command_plan"]:
        phrases.append("command plan changed")
    return phrases
