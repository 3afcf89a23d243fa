"""Title slide: customer, opportunity, and who prepared the plan when."""

from __future__ import annotations

import datetime as dt

from slidegen.layout import text as metrics
from slidegen.layout.blocks import fitted_text
from slidegen.layout.context import BuildContext, PageContent
from slidegen.layout.shapes import BoxStyle
from slidegen.plan.model import Plan


def long_date(day: dt.date) -> str:
    """Return `day` as '5 March 2026'."""
    return f"{day.day} {day:%B %Y}"


def short_date(day: dt.date) -> str:
    """Return `day` as '5 Mar 2026'."""
    return f"{day.day} {day:%b %Y}"


def account_team_line(plan: Plan, with_roles: bool = True) -> str:
    """Return 'Account team: Ann (AE), Bo (SA)', or '' when there is no team."""
    members = [
        f"{m.name} ({m.role})" if m.role and with_roles else m.name for m in plan.account_team
    ]
    return f"Account team: {', '.join(members)}" if members else ""


def build(ctx: BuildContext) -> list[PageContent]:
    """Return the title slide's content."""
    plan = ctx.plan
    min_pt = ctx.config.style.min_font_pt
    page_id = ctx.page_id(0)
    page = PageContent()
    prepared = f"Prepared by {plan.prepared_by.name} · {long_date(plan.date)}"
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
