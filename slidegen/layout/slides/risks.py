"""Known Risks: a register sorted by severity, or a clear note that there are none."""

from __future__ import annotations

import datetime as dt
from typing import Any, Final

from slidegen.digests import short_digest
from slidegen.layout.blocks import empty_page
from slidegen.layout.context import BuildContext, PageContent
from slidegen.layout.palette import ON_COLOUR, severity_colour
from slidegen.layout.slides import SlideType
from slidegen.layout.tables import (
    Cell,
    Column,
    Row,
    layout_region_table,
    region_table_requests,
    shortened_notes,
)
from slidegen.layout.text import labelled
from slidegen.plan.model import Level, Plan, Risk, RiskStatus
from slidegen.summary import PlanData, Snapshot, count, keyed
from slidegen.templates.drawing import CONTENT_TOP, Designer, TableColumn

COLUMNS = (
    Column("Risk", 3.0, free_text=True),
    Column("Severity", 0.9, "CENTER"),
    Column("Mitigation", 3.2, free_text=True),
    Column("Owner · status", 1.1),
)
"""The register's columns, in the default template's order and proportions.

Impact and likelihood share the severity cell and the owner shares a cell
with the status: forty risks then fit six slides, where a column each
leaves every row's text narrower and taller.
"""
LIKELIHOOD = {Level.HIGH: "likely", Level.MEDIUM: "possible", Level.LOW: "unlikely"}
"""How the severity cell words a risk's likelihood."""
EMPTY_SECTION = "Risk register in progress"
EMPTY_HINT = "To fill this slide, add known risks under 'risks:' in the plan."


def ordered(risks: list[Risk]) -> list[Risk]:
    """Return risks by severity (highest first), then by id (risks without an id last)."""
    indexed = list(enumerate(risks))
    indexed.sort(
        key=lambda item: (-item[1].severity, item[1].id is None, item[1].id or "", item[0])
    )
    return [risk for _, risk in indexed]


def severity_text(risk: Risk) -> str:
    """Return what a risk's severity cell says: 'High impact · likely'."""
    return f"{risk.impact.value.capitalize()} impact · {LIKELIHOOD[risk.likelihood]}"


def build(ctx: BuildContext) -> list[PageContent]:
    """Return one page per table page of risks (at least one)."""
    palette = ctx.config.style.palette
    region = ctx.region("table")
    rows: list[Row] = []
    for risk in ordered(list(ctx.plan.risks)):
        closed = risk.status is RiskStatus.CLOSED
        text_colour = palette.muted if closed else None
        label = labelled(risk.id, risk.risk) if risk.id else risk.risk
        rows.append(
            Row(
                (
                    Cell(label, colour=text_colour),
                    Cell(
                        severity_text(risk),
                        bold=True,
                        colour=ON_COLOUR,
                        fill=palette.muted if closed else severity_colour(palette, risk.severity),
                        alignment="CENTER",
                    ),
                    Cell(risk.mitigation or "None yet", colour=text_colour),
                    Cell(
                        "\n".join(filter(None, (risk.owner, risk.status.value.capitalize()))),
                        colour=text_colour,
                    ),
                ),
                label=label,
            )
        )
    if not rows:
        return [empty_page(ctx, region.box, EMPTY_SECTION, EMPTY_HINT)]
    layout = layout_region_table(ctx, COLUMNS, rows, region.box)
    origin = (region.box.x, region.box.y)
    return [
        PageContent(
            requests=region_table_requests(ctx, index, origin, layout, table_page),
            notes=shortened_notes(table_page),
        )
        for index, table_page in enumerate(layout.pages)
    ]


TEMPLATE_COLUMNS: Final[tuple[TableColumn, ...]] = (
    ("Risk", 3.0, "Security review may slip the decision"),
    ("Severity", 0.9, "High"),
    ("Mitigation", 3.2, "Start the questionnaire early"),
    ("Owner", 1.1, "SA"),
)
"""The default template's risk register: header, relative width, sample text per column."""


def design(designer: Designer, slide: SlideType) -> None:
    """Draw the default template's slide: the risk register under the heading."""
    page_id = designer.slide(slide.role)
    designer.heading(page_id, slide.role, slide.title)
    designer.table(page_id, slide.role, CONTENT_TOP, TEMPLATE_COLUMNS)
    designer.footer(page_id, slide.role)


def snapshot(plan: Plan, data: PlanData, today: dt.date) -> dict[str, Any]:
    """Return this slide's part of a plan snapshot: status and digest per risk, keyed by ID.

    Risks without an ID are keyed by a hash of their text, marked with ``#``.
    """
    return {
        "risks": keyed(
            (
                item["id"] or "#" + short_digest(item["risk"], 8),
                [item["status"], short_digest(item)],
            )
            for item in data["risks"]
        )
    }


def summarize(before: Snapshot, after: Snapshot) -> list[str]:
    """Return phrases for risks, naming risks that have an ID."""
    old, new = before.get("risks", {}), after["risks"]
    phrases = []
    unnamed_added = unnamed_removed = unnamed_changed = 0
    for key in sorted(new.keys() - old.keys()):
        if key.startswith("#"):
            unnamed_added += 1
        else:
            phrases.append(f"risk {key} added")
    for key in sorted(old.keys() - new.keys()):
        if key.startswith("#"):
            unnamed_removed += 1
        else:
            phrases.append(f"risk {key} removed")
    for key in sorted(old.keys() & new.keys()):
        (old_status, old_digest), (new_status, new_digest) = old[key], new[key]
        if old_digest == new_digest:
            continue
        if new_status != old_status and new_status == RiskStatus.CLOSED.value:
            label = "a risk" if key.startswith("#") else f"risk {key}"
            phrases.append(f"{label} closed")
        elif key.startswith("#"):
            unnamed_changed += 1
        else:
            phrases.append(f"risk {key} changed")
    if unnamed_added:
        phrases.append("+" + count(unnamed_added, "risk"))
    if unnamed_removed:
        phrases.append("-" + count(unnamed_removed, "risk"))
    if unnamed_changed:
        phrases.append(count(unnamed_changed, "risk") + " changed")
    return phrases
