from __future__ import annotations

import datetime as dt
import itertools
import json
from typing import Any

import pytest

from slidegen.config import Config
from slidegen.layout import business_outcomes, risks, stakeholders, title, win_plan
from slidegen.layout.context import BuildContext, PageContent
from slidegen.layout.ids import CONTENT, make_id
from slidegen.layout.template import read_template
from slidegen.plan.model import Activity, Plan, Risk

TODAY = dt.date(2026, 11, 26)


def context(plan: Plan, config: Config, template: dict[str, Any], role: str) -> BuildContext:
    info = read_template(template)
    return BuildContext(
        plan=plan,
        config=config,
        regions=info.prototypes[role].regions,
        page_size=info.page_size,
        today=TODAY,
        page_id=lambda page: f"sgs1_{role}_{page + 1}",
        content_id=lambda page, *parts: make_id(CONTENT, 1, role[:2], page + 1, *parts),
    )


def inserted(page: PageContent) -> list[str]:
    return [r["insertText"]["text"] for r in page.requests if "insertText" in r]


def cell_texts(page: PageContent, column: int) -> list[str]:
    return [
        r["insertText"]["text"]
        for r in page.requests
        if "insertText" in r
        and r["insertText"].get("cellLocation", {}).get("columnIndex") == column
        and r["insertText"]["cellLocation"]["rowIndex"] > 0
    ]


def fills(page: PageContent) -> dict[tuple[int, int], dict[str, float]]:
    found = {}
    for request in page.requests:
        body = request.get("updateTableCellProperties")
        if body and body["tableRange"]["rowSpan"] == 1 and body["tableRange"]["columnSpan"] == 1:
            location = body["tableRange"]["location"]
            colour = body["tableCellProperties"]["tableCellBackgroundFill"]["solidFill"]
            found[(location["rowIndex"], location["columnIndex"])] = colour["color"]["rgbColor"]
    return found


def test_title_fills_customer_opportunity_and_meta(
    example_plan: Plan, default_config: Config, default_template: dict[str, Any]
) -> None:
    [page] = title.build(context(example_plan, default_config, default_template, "title"))
    texts = inserted(page)
    assert texts[0] == "Northwind Freight"
    assert texts[1] == example_plan.opportunity.name
    assert texts[2].startswith("Prepared by Priya Raman · 20 November 2026")
    assert all("{{" not in text for text in texts)


def test_stakeholder_gaps_name_missing_required_roles(
    example_plan: Plan, default_config: Config
) -> None:
    missing = example_plan.missing_roles(default_config.required_roles)
    text, warning = stakeholders.gaps_text(missing, default_config.required_roles)
    assert warning
    assert "Economic Buyer" in text
    text, warning = stakeholders.gaps_text([], default_config.required_roles)
    assert not warning
    assert text.startswith("All required roles are covered")


def test_stakeholder_relationship_cells_are_coloured_by_strength(
    example_plan: Plan, default_config: Config, default_template: dict[str, Any]
) -> None:
    pages = stakeholders.build(
        context(example_plan, default_config, default_template, "stakeholders")
    )
    page = pages[0]
    relationships = cell_texts(page, 3)
    colours = fills(page)
    palette = default_config.style.palette
    from slidegen.layout.shapes import rgb

    for row, label in enumerate(relationships, start=1):
        expected = {"Strong": palette.good, "None": palette.danger, "Good": palette.info}.get(label)
        if expected:
            assert colours[(row, 3)] == rgb(expected)
    assert any("Roles not yet covered" in text for text in inserted(page))


def test_risks_are_sorted_by_severity_then_id(default_config: Config) -> None:
    plan_risks = [
        Risk(id="B", risk="b", impact="low", likelihood="low"),
        Risk(id="C", risk="c", impact="high", likelihood="medium"),
        Risk(id="A", risk="a", impact="medium", likelihood="high"),
        Risk(risk="no id", impact="high", likelihood="high"),
    ]
    assert [r.risk for r in risks.ordered(plan_risks)] == ["no id", "a", "c", "b"]


def test_risk_table_or_clear_message(
    example_plan: Plan, minimal_plan: Plan, default_config: Config, default_template: dict[str, Any]
) -> None:
    pages = risks.build(context(example_plan, default_config, default_template, "risks"))
    severities = [text for page in pages for text in cell_texts(page, 0)]
    assert severities[0].startswith("High")
    assert severities[-1].startswith("Low")
    [empty] = risks.build(context(minimal_plan, default_config, default_template, "risks"))
    assert risks.NO_RISKS in inserted(empty)
    assert not any("createTable" in r for r in empty.requests)


def test_win_plan_sorts_by_date_and_flags_overdue(
    example_plan: Plan, default_config: Config, default_template: dict[str, Any]
) -> None:
    activities = [
        Activity(activity="Later", date=dt.date(2026, 12, 10), status="planned"),
        Activity(activity="Late", date=dt.date(2026, 11, 1), status="planned"),
        Activity(activity="Finished", date=dt.date(2026, 10, 1), status="done"),
    ]
    plan = example_plan.model_copy(update={"win_plan": activities})
    [page] = win_plan.build(context(plan, default_config, default_template, "win_plan"))
    assert cell_texts(page, 1) == ["Finished", "Late", "Later"]
    assert cell_texts(page, 4) == ["Done", "Overdue", "Planned"]
    colours = fills(page)
    palette = default_config.style.palette
    from slidegen.layout.shapes import rgb

    assert colours[(2, 4)] == rgb(palette.danger)
    assert colours[(1, 4)] == rgb(palette.good)
    markers = [
        r["createShape"]["objectId"]
        for r in page.requests
        if "createShape" in r and "_tl_m" in r["createShape"]["objectId"]
    ]
    assert len(markers) == 3


def test_timeline_lanes_never_overlap() -> None:
    lanes = win_plan.Lanes(count=2, left=0, right=1_000_000)
    placed = [lanes.place(400_000, 100_000) for _ in range(6)]
    spans = sorted((lane, left) for lane, left in placed)
    for (lane_a, left_a), (lane_b, left_b) in itertools.pairwise(spans):
        if lane_a == lane_b:
            assert left_b >= left_a + 100_000 + win_plan.PILL_GAP
    assert all(0 <= left <= 900_000 for _, left in placed)


def test_value_driver_columns_group_initiatives_and_features(
    example_plan: Plan, default_config: Config
) -> None:
    columns = business_outcomes.driver_columns(
        example_plan.business_outcomes.mappings, default_config.value_drivers
    )
    assert [c.driver for c in columns] == [
        d
        for d in default_config.value_drivers
        if any(m.value_driver == d for m in example_plan.business_outcomes.mappings)
    ]
    for column in columns:
        for card in column.cards:
            features = [
                m.feature
                for m in example_plan.business_outcomes.mappings
                if m.value_driver == column.driver and m.initiative == card.title
            ]
            assert card.body.split("\n") == [f"• {f}" for f in dict.fromkeys(features)]


def test_business_outcomes_empty_shows_messages(
    minimal_plan: Plan, default_config: Config, default_template: dict[str, Any]
) -> None:
    [page] = business_outcomes.build(
        context(minimal_plan, default_config, default_template, "business_outcomes")
    )
    text = json.dumps(inserted(page))
    assert "No business outcomes recorded yet" in text
    assert "No features mapped" in text


@pytest.mark.parametrize("count", [1, 25])
def test_long_cells_are_cut_with_full_text_in_notes(
    count: int, example_plan: Plan, default_config: Config, default_template: dict[str, Any]
) -> None:
    long_note = "This note keeps going. " * 120
    people = [
        s.model_copy(update={"notes": long_note, "name": f"Person {i}"})
        for i, s in enumerate(example_plan.stakeholders[:1] * count)
    ]
    plan = example_plan.model_copy(update={"stakeholders": people})
    pages = stakeholders.build(context(plan, default_config, default_template, "stakeholders"))
    shown = [text for page in pages for text in cell_texts(page, 5)]
    assert len(shown) == count
    assert all(text.endswith("…") and len(text) < len(long_note) for text in shown)
    notes = [note for page in pages for note in page.notes]
    assert sum(long_note.strip() in note for note in notes) == count
