"""Known Risks: a register sorted by severity, or a clear note that there are none."""

from __future__ import annotations

from slidegen.layout.blocks import notice
from slidegen.layout.context import BuildContext, PageContent
from slidegen.layout.palette import ON_COLOUR, severity_colour, severity_level
from slidegen.layout.tables import (
    Cell,
    Column,
    Row,
    layout_region_table,
    region_table_requests,
    region_table_style,
    shortened_notes,
)
from slidegen.plan.model import Risk, RiskStatus

COLUMNS = (
    Column("Severity", 0.85, "CENTER"),
    Column("Risk", 2.4, free_text=True),
    Column("Impact / likelihood", 1.1),
    Column("Mitigation", 2.4, free_text=True),
    Column("Owner", 0.95),
    Column("Status", 0.85),
)
NO_RISKS = "No known risks recorded."


def ordered(risks: list[Risk]) -> list[Risk]:
    """Return risks by severity (highest first), then by id (risks without an id last)."""
    indexed = list(enumerate(risks))
    indexed.sort(
        key=lambda item: (-item[1].severity, item[1].id is None, item[1].id or "", item[0])
    )
    return [risk for _, risk in indexed]


def build(ctx: BuildContext) -> list[PageContent]:
    """Return one page per table page of risks (at least one)."""
    palette = ctx.config.style.palette
    region = ctx.region("table")
    rows: list[Row] = []
    for risk in ordered(list(ctx.plan.risks)):
        closed = risk.status is RiskStatus.CLOSED
        text_colour = palette.muted if closed else None
        label = f"{risk.id}: {risk.risk}" if risk.id else risk.risk
        rows.append(
            Row(
                (
                    Cell(
                        f"{severity_level(risk.severity)} ({risk.severity})",
                        bold=True,
                        colour=ON_COLOUR,
                        fill=palette.muted if closed else severity_colour(palette, risk.severity),
                        alignment="CENTER",
                    ),
                    Cell(f"{risk.id}: {risk.risk}" if risk.id else risk.risk, colour=text_colour),
                    Cell(
                        f"{risk.impact.value.capitalize()} / {risk.likelihood.value.capitalize()}",
                        colour=text_colour,
                    ),
                    Cell(risk.mitigation or "None yet", colour=text_colour),
                    Cell(risk.owner or "—", colour=text_colour),
                    Cell(risk.status.value.capitalize(), bold=not closed, colour=text_colour),
                ),
                label=label,
            )
        )
    if not rows:
        body_text = region_table_style(ctx).body_text
        return [PageContent(requests=notice(ctx, "empty", region.box, NO_RISKS, body_text))]
    layout = layout_region_table(ctx, COLUMNS, rows, region.box)
    origin = (region.box.x, region.box.y)
    return [
        PageContent(
            requests=region_table_requests(ctx, index, origin, layout, table_page),
            notes=shortened_notes(table_page),
        )
        for index, table_page in enumerate(layout.pages)
    ]
