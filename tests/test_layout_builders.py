from __future__ import annotations

import datetime as dt
import itertools
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from slidegen.config import Config
from slidegen.layout.blocks import Card, stack_columns
from slidegen.layout.context import Box, BuildContext, PageContent
from slidegen.layout.ids import CONTENT, make_id
from slidegen.layout.shapes import rgb
from slidegen.layout.slides import business_outcomes, risks, stakeholders, title, win_plan
from slidegen.layout.template import read_template
from slidegen.layout.text import INSET_X, box_height_for, wrap
from slidegen.plan.model import Activity, Plan, Risk
from slidegen.units import inches

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


def test_stakeholder_relationship_is_a_coloured_mark_beside_the_word(
    example_plan: Plan, default_config: Config, default_template: dict[str, Any]
) -> None:
    pages = stakeholders.build(
        context(example_plan, default_config, default_template, "stakeholders")
    )
    palette = default_config.style.palette
    expected = {
        "Strong": palette.good,
        "Good": palette.info,
        "Neutral": palette.muted,
        "Weak": palette.warning,
        "None": palette.danger,
    }
    seen = set()
    for page in pages:
        marks = {
            r["updateTextStyle"]["cellLocation"]["rowIndex"]: r["updateTextStyle"]["style"]
            for r in page.requests
            if "updateTextStyle" in r
            and r["updateTextStyle"].get("cellLocation", {}).get("columnIndex") == 3
            and r["updateTextStyle"]["textRange"]
            == {
                "type": "FIXED_RANGE",
                "startIndex": 0,
                "endIndex": 1,
            }
        }
        for row, label in enumerate(cell_texts(page, 3), start=1):
            mark, word = label.split(" ", 1)
            assert mark == stakeholders.MARK
            colour = marks[row]["foregroundColor"]["opaqueColor"]["rgbColor"]
            assert colour == rgb(expected[word])
            assert (row, 3) not in fills(page)
            seen.add(word)
    assert {"Strong", "Good", "None"} <= seen
    assert any("Roles not yet covered" in text for text in inserted(pages[0]))


def test_stakeholder_gaps_callout_is_as_tall_as_its_text_and_the_table_takes_the_rest(
    example_plan: Plan, default_config: Config, default_template: dict[str, Any]
) -> None:
    ctx = context(example_plan, default_config, default_template, "stakeholders")
    pages = stakeholders.build(ctx)
    region = ctx.region("gaps")
    [gaps] = [
        r["createShape"]["elementProperties"]
        for r in pages[0].requests
        if "createShape" in r and r["createShape"]["objectId"].endswith("_gaps")
    ]
    height = gaps["size"]["height"]["magnitude"]
    text, _ = stakeholders.gaps_text(
        example_plan.missing_roles(default_config.required_roles),
        list(default_config.required_roles),
    )
    needed = box_height_for(text, region.box.width, region.text.font_pt, region.text.bold)
    assert height == needed < region.box.height
    assert gaps["transform"]["translateY"] + height == region.box.bottom
    [table] = [r["createTable"] for r in pages[0].requests if "createTable" in r]
    table_bottom = (
        table["elementProperties"]["transform"]["translateY"]
        + table["elementProperties"]["size"]["height"]["magnitude"]
    )
    assert table_bottom <= gaps["transform"]["translateY"]
    # The room the callout leaves goes to the table: the template's gap stays.
    room = stakeholders._table_box(ctx)
    template_gap = region.box.y - ctx.region("table").box.bottom
    assert gaps["transform"]["translateY"] - room.bottom == template_gap
    assert room.height > ctx.region("table").box.height


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
    severities = [text for page in pages for text in cell_texts(page, 1)]
    assert severities[0] == "High impact · likely"
    assert severities[-1] == "Low impact · unlikely"
    [empty] = risks.build(context(minimal_plan, default_config, default_template, "risks"))
    assert inserted(empty) == ["Risk register in progress"]
    assert empty.notes == ["To fill this slide, add known risks under 'risks:' in the plan."]
    assert not any("createTable" in r for r in empty.requests)


def test_win_plan_sorts_by_date_and_flags_overdue(
    example_plan: Plan, default_config: Config, default_template: dict[str, Any]
) -> None:
    activities = [
        Activity(activity="Later", date=dt.date(2026, 12, 10), status="planned"),
        Activity(activity="Late", date=dt.date(2026, 11, 1), status="planned"),
        Activity(activity="Finished", date=dt.date(2026, 10, 1), status="done"),
        Activity(activity="Started", date=dt.date(2026, 11, 5), status="in_progress"),
        Activity(activity="Going", date=dt.date(2026, 12, 1), status="in_progress"),
    ]
    plan = example_plan.model_copy(update={"win_plan": activities})
    [page] = win_plan.build(context(plan, default_config, default_template, "win_plan"))
    assert cell_texts(page, 1) == ["Finished", "Late", "Started", "Going", "Later"]
    assert cell_texts(page, 4) == [
        "Done",
        "Overdue",
        "In progress, late",
        "In progress",
        "Planned",
    ]
    colours = fills(page)
    palette = default_config.style.palette
    assert colours[(2, 4)] == rgb(palette.danger)
    assert colours[(1, 4)] == rgb(palette.good)
    assert colours[(3, 4)] == rgb(palette.warning)
    assert colours[(4, 4)] == rgb(palette.info)
    markers = [
        r["createShape"]["objectId"]
        for r in page.requests
        if "createShape" in r and "_tl_m" in r["createShape"]["objectId"]
    ]
    assert len(markers) == 5


@settings(max_examples=80, deadline=None)
@given(wants=st.lists(st.integers(min_value=-50_000, max_value=1_050_000), max_size=12))
def test_packed_markers_keep_their_order_a_gap_and_the_bounds(wants: list[int]) -> None:
    wants.sort()
    width, left, right = 60_000, 0, 1_000_000
    lefts = win_plan.pack(wants, width, left, right)
    assert len(lefts) == len(wants)
    for first, second in itertools.pairwise(lefts):
        assert second >= first + width + win_plan.PILL_GAP
    fits = len(wants) * (width + win_plan.PILL_GAP) - win_plan.PILL_GAP <= right - left
    if lefts and fits:
        assert lefts[0] >= left and lefts[-1] + width <= right


def test_packed_markers_sit_at_their_dates_when_they_can() -> None:
    width = 60_000
    assert win_plan.pack([100_000, 400_000], width, 0, 1_000_000) == [100_000, 400_000]
    # Three markers wanting one place spread around it, in order.
    pitch = width + win_plan.PILL_GAP
    assert win_plan.pack([500_000] * 3, width, 0, 1_000_000) == [
        500_000 - pitch,
        500_000,
        500_000 + pitch,
    ]


def markers(page: PageContent) -> dict[str, dict[str, Any]]:
    """Return the timeline's marker and dot shapes of a page by their ID suffix."""
    shapes = {}
    for request in page.requests:
        body = request.get("createShape")
        if body and "_tl_" in body["objectId"]:
            suffix = body["objectId"].rsplit("_", 1)[1]
            if suffix[0] in "md" and suffix[1:].isdigit():
                shapes[suffix] = body
    return shapes


def marker_fill(page: PageContent, suffix: str) -> dict[str, float]:
    for request in page.requests:
        body = request.get("updateShapeProperties")
        if body and body["objectId"].endswith(f"_tl_{suffix}"):
            fill = body["shapeProperties"]["shapeBackgroundFill"]["solidFill"]
            return fill["color"]["rgbColor"]
    raise AssertionError(f"no fill for {suffix}")


def test_the_first_win_plan_page_shows_the_whole_timeline_its_own_rows_emphasised(
    example_plan: Plan, default_config: Config, default_template: dict[str, Any]
) -> None:
    ctx = context(example_plan, default_config, default_template, "win_plan")
    pages = win_plan.build(ctx)
    count = len(example_plan.win_plan)
    assert len(pages) > 1
    palette = default_config.style.palette
    frame = ctx.region("timeline").box
    for page in pages[1:]:
        # Continuation slides give the timeline's room to the table.
        assert markers(page) == {}
        [table] = [r["createTable"] for r in page.requests if "createTable" in r]
        assert table["elementProperties"]["transform"]["translateY"] == frame.y
    for page in pages[:1]:
        shown = {int(n) for n in cell_texts(page, 0)}
        found = markers(page)
        assert set(found) == {f"m{n}" for n in range(1, count + 1)}
        for number in range(1, count + 1):
            fill = marker_fill(page, f"m{number}")
            colours = (
                palette.good,
                palette.info,
                palette.warning,
                palette.primary,
                palette.danger,
                palette.muted,
            )
            assert (fill in [rgb(c) for c in colours]) == (number in shown)
        boxes = sorted(
            (
                body["elementProperties"]["transform"]["translateX"],
                body["elementProperties"]["size"]["width"]["magnitude"],
                int(suffix[1:]),
            )
            for suffix, body in found.items()
        )
        assert [number for _, _, number in boxes] == list(range(1, count + 1))
        for (x, width, _), (next_x, _, _) in itertools.pairwise(boxes):
            assert next_x >= x + width


def test_a_crowded_timeline_numbers_this_page_and_dots_the_rest(
    large_plan: Plan, default_config: Config, default_template: dict[str, Any]
) -> None:
    ctx = context(large_plan, default_config, default_template, "win_plan")
    pages = win_plan.build(ctx)
    count = len(large_plan.win_plan)
    frame = ctx.region("timeline").box
    assert all(markers(page) == {} for page in pages[1:])
    for page in pages[:1]:
        shown = {int(n) for n in cell_texts(page, 0)}
        found = markers(page)
        assert {s for s in found if s[0] == "m"} == {f"m{n}" for n in shown}
        dots = {int(s[1:]) for s in found if s[0] == "d"}
        assert not dots & shown
        assert len(dots) > count // 2
        for body in found.values():
            transform = body["elementProperties"]["transform"]
            assert frame.x <= transform["translateX"] < frame.right


def test_a_compact_timeline_gives_its_height_to_the_table(
    example_plan: Plan, default_config: Config, default_template: dict[str, Any]
) -> None:
    ctx = context(example_plan, default_config, default_template, "win_plan")
    [page, *_] = win_plan.build(ctx)
    frame = next(
        r["createShape"]["elementProperties"]
        for r in page.requests
        if "createShape" in r and r["createShape"]["objectId"].endswith("_tl")
    )
    frame_bottom = frame["transform"]["translateY"] + frame["size"]["height"]["magnitude"]
    [table] = [r["createTable"]["elementProperties"] for r in page.requests if "createTable" in r]
    region = ctx.region("timeline").box
    gap = ctx.region("table").box.y - region.bottom
    assert frame_bottom < region.bottom
    assert table["transform"]["translateY"] == frame_bottom + gap


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
    assert inserted(page) == ["Business outcomes in progress"]
    assert page.notes == [
        "To fill this slide, add needs and mappings under 'business_outcomes:' in the plan."
    ]


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


@pytest.mark.parametrize("family", [None, "Georgia"])
def test_stacked_cards_shrink_until_no_word_breaks_inside(family: str | None) -> None:
    columns = [
        [Card("Sicherheitsanforderungen", "• Audit trail")],
        [Card("Faster delivery", "• Deployment frequency")],
    ]
    boxes = [Box(0, 0, inches(2.4), inches(4)), Box(inches(2.6), 0, inches(2.4), inches(4))]
    stacks, size = stack_columns(columns, boxes, 18, 8, family=family)
    assert 8 < size < 18
    inner = inches(2.4) - 2 * INSET_X
    for stack in stacks:
        for placed in stack.pages[0]:
            assert len(wrap(placed.title, inner, size, True, family)) == 1
