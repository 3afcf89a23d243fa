from __future__ import annotations

import copy
import datetime as dt
from typing import Any

import pytest

from slidegen.backends.offline.engine import OfflineDeck
from slidegen.config import Config
from slidegen.layout.check import Finding, attached_id, check_deck
from slidegen.layout.compose import compose
from slidegen.layout.context import Box, TableStyle, TextStyle
from slidegen.layout.diagram.small_type import smallest_type
from slidegen.layout.shapes import BoxStyle, line, text_box
from slidegen.layout.tables import (
    Cell,
    Column,
    TableLayout,
    TablePage,
    table_requests,
)
from slidegen.plan.model import Plan
from slidegen.units import inches

TODAY = dt.date(2026, 11, 26)
SLIDE = "sgs1_title_1"


def deck_with(requests: list[dict[str, Any]]) -> dict[str, Any]:
    """Return a one-slide deck (a generated slide) after `requests`."""
    engine = OfflineDeck(
        {
            "presentationId": "p",
            "pageSize": {
                "width": {"magnitude": inches(10), "unit": "EMU"},
                "height": {"magnitude": inches(5.625), "unit": "EMU"},
            },
            "slides": [],
        }
    )
    engine.batch_update({"requests": [{"createSlide": {"objectId": SLIDE}}, *requests]})
    return engine.presentation


def box(
    object_id: str, where: Box, text: str = "", font_pt: float = 12, fill: str | None = None
) -> list[dict[str, Any]]:
    return text_box(object_id, SLIDE, where, text, BoxStyle(TextStyle(font_pt=font_pt), fill=fill))


def shape(object_id: str, where: Box) -> list[dict[str, Any]]:
    """Return a filled rectangle: it shows all of its box, text or not."""
    return box(object_id, where, fill="#DDDDDD")


def kinds(findings: list[Finding]) -> list[str]:
    return [finding.kind for finding in findings]


def test_clean_slide_has_no_findings(default_config: Config) -> None:
    deck = deck_with(
        box("sgc1_ti_1_a", Box(inches(1), inches(1), inches(3), inches(1)), "Hello")
        + box("sgc1_ti_1_b", Box(inches(5), inches(1), inches(3), inches(1)), "World")
    )
    assert check_deck(deck, default_config) == []


def test_overlapping_siblings_are_reported(default_config: Config) -> None:
    deck = deck_with(
        shape("sgc1_ti_1_a", Box(inches(1), inches(1), inches(3), inches(1)))
        + shape("sgc1_ti_1_b", Box(inches(3), inches(1.5), inches(3), inches(1)))
    )
    assert kinds(check_deck(deck, default_config)) == ["overlap"]


def test_transparent_text_counts_by_its_ink(default_config: Config) -> None:
    # The boxes share their insets only: nothing visible touches.
    touching_insets = box(
        "sgc1_ti_1_a", Box(inches(1), inches(1), inches(3), inches(1)), "Left"
    ) + box("sgc1_ti_1_b", Box(inches(3.9), inches(1), inches(3), inches(1)), "Right")
    assert check_deck(deck_with(touching_insets), default_config) == []
    crossing_text = box(
        "sgc1_ti_1_a", Box(inches(1), inches(1), inches(3), inches(1)), "Left"
    ) + box("sgc1_ti_1_b", Box(inches(3), inches(1.2), inches(3), inches(1)), "Right")
    assert kinds(check_deck(deck_with(crossing_text), default_config)) == ["overlap"]
    empty_over_shape = shape("sgc1_ti_1_a", Box(inches(1), inches(1), inches(3), inches(1)))
    empty_over_shape += box("sgc1_ti_1_b", Box(inches(2), inches(1.2), inches(3), inches(1)))
    assert check_deck(deck_with(empty_over_shape), default_config) == []


def test_declared_containment_is_allowed_but_must_hold(default_config: Config) -> None:
    frame = Box(inches(1), inches(1), inches(6), inches(2))
    inside = shape("sgc1_ti_1_tl", frame) + shape(
        "sgc1_ti_1_tl_m1", Box(inches(2), inches(1.5), inches(1), inches(0.5))
    )
    assert check_deck(deck_with(inside), default_config) == []
    escaping = shape("sgc1_ti_1_tl", frame) + shape(
        "sgc1_ti_1_tl_m1", Box(inches(6.5), inches(1.5), inches(1), inches(0.5))
    )
    assert kinds(check_deck(deck_with(escaping), default_config)) == ["escapes"]


def test_attached_elements_may_straddle_their_owner_but_not_leave_it(
    default_config: Config,
) -> None:
    owner = Box(inches(1), inches(1), inches(2), inches(1))
    assert attached_id("sgc1_ti_1_bx", "pp") == "sgc1_ti_1_bx__pp"
    straddling = shape("sgc1_ti_1_bx", owner) + shape(
        "sgc1_ti_1_bx__pp", Box(inches(2.8), inches(0.9), inches(0.3), inches(0.3))
    )
    assert check_deck(deck_with(straddling), default_config) == []
    apart = shape("sgc1_ti_1_bx", owner) + shape(
        "sgc1_ti_1_bx__pp", Box(inches(4), inches(0.9), inches(0.3), inches(0.3))
    )
    assert kinds(check_deck(deck_with(apart), default_config)) == ["detached"]
    # Attached is not inside: a sibling that merely shares the prefix still must not overlap.
    stranger = shape("sgc1_ti_1_bx", owner) + shape(
        "sgc1_ti_1_bxx", Box(inches(2.8), inches(0.9), inches(0.3), inches(0.3))
    )
    assert kinds(check_deck(deck_with(stranger), default_config)) == ["overlap"]


def test_lines_may_cross_other_elements(default_config: Config) -> None:
    deck = deck_with(
        box("sgc1_ti_1_a", Box(inches(1), inches(1), inches(3), inches(1)))
        + line(
            "sgc1_ti_1_rule", SLIDE, (inches(0.5), inches(1.5)), (inches(5), inches(1.5)), "#000000"
        )
    )
    assert check_deck(deck, default_config) == []


def test_elements_leaving_the_slide_are_reported(default_config: Config) -> None:
    deck = deck_with(box("sgc1_ti_1_a", Box(inches(8), inches(1), inches(3), inches(1))))
    assert kinds(check_deck(deck, default_config)) == ["outside"]


def test_text_taller_than_its_box_is_reported(default_config: Config) -> None:
    words = "several words that wrap onto many lines " * 6
    deck = deck_with(box("sgc1_ti_1_a", Box(inches(1), inches(1), inches(2), inches(0.5)), words))
    assert kinds(check_deck(deck, default_config)) == ["overflow"]


def test_fonts_below_the_minimum_are_reported(default_config: Config) -> None:
    deck = deck_with(
        box("sgc1_ti_1_a", Box(inches(1), inches(1), inches(3), inches(1)), "tiny", font_pt=7)
    )
    assert kinds(check_deck(deck, default_config)) == ["small-font"]


def test_person_made_elements_are_not_judged(default_config: Config) -> None:
    deck = deck_with(
        box("sgc1_ti_1_a", Box(inches(1), inches(1), inches(3), inches(1)))
        + box("their_box", Box(inches(2), inches(1.2), inches(3), inches(1)), "x", font_pt=6)
    )
    assert check_deck(deck, default_config) == []


def built_findings(plan: Plan, config: Config, template: dict[str, Any]) -> list[Finding]:
    composition = compose(plan, config, template, TODAY)
    engine = OfflineDeck(copy.deepcopy(template))
    engine.batch_update({"requests": composition.requests})
    return check_deck(engine.presentation, config)


@pytest.mark.parametrize("plan_fixture", ["example_plan", "minimal_plan"])
def test_built_decks_pass_the_checker(
    plan_fixture: str,
    request: pytest.FixtureRequest,
    default_config: Config,
    default_template: dict[str, Any],
) -> None:
    plan = request.getfixturevalue(plan_fixture)
    assert [str(f) for f in built_findings(plan, default_config, default_template)] == []


def test_large_plan_continues_on_more_slides_and_passes_the_checker(
    large_plan: Plan, default_config: Config, default_template: dict[str, Any]
) -> None:
    composition = compose(large_plan, default_config, default_template, TODAY)
    assert composition.pages["stakeholders"] > 3
    assert composition.pages["win_plan"] > 3
    assert composition.pages["risks"] > 2
    engine = OfflineDeck(copy.deepcopy(default_template))
    engine.batch_update({"requests": composition.requests})
    assert [str(f) for f in check_deck(engine.presentation, default_config)] == []
    headings = [
        r["insertText"]["text"]
        for r in composition.requests
        if "insertText" in r and "_heading" in r["insertText"]["objectId"]
    ]
    total = composition.pages["risks"]
    assert f"Known Risks (1/{total})" in headings
    assert f"Known Risks ({total}/{total})" in headings


def _date_table(date_width: int) -> list[dict[str, Any]]:
    """Return a two-column table (Date, Notes) whose Date column is `date_width` wide."""
    columns = (Column("Date", 1, unbroken=True), Column("Notes", 3, free_text=True))
    widths = [date_width, inches(4)]
    page = TablePage([(Cell("7 Sep 2026"), Cell("Kickoff"))], [inches(0.7)], 0)
    layout = TableLayout(columns, widths, 9, inches(0.4), [page])
    return table_requests(
        "sgc1_ti_1_table",
        SLIDE,
        (inches(1), inches(1)),
        layout,
        page,
        TableStyle(),
        header_fill="#000000",
        header_colour="#FFFFFF",
    )


def test_a_date_broken_over_lines_is_reported(default_config: Config) -> None:
    whole = check_deck(deck_with(_date_table(inches(1.1))), default_config)
    assert kinds(whole) == []
    broken = check_deck(deck_with(_date_table(inches(0.6))), default_config)
    assert kinds(broken) == ["split-fixed"]
    assert "'7 Sep 2026' takes" in broken[0].message


def _diagram(components: int, font_pt: float, key: str = "cur") -> list[dict[str, Any]]:
    """Return the boxes of a diagram of `components` components, their names at `font_pt`."""
    requests: list[dict[str, Any]] = []
    for index in range(components):
        row, column = divmod(index, 6)
        where = Box(inches(0.2 + 1.6 * column), inches(0.2 + 0.5 * row), inches(1.4), inches(0.4))
        requests += box(f"sgc1_ar_1_{key}_bx_c{index}", where, f"C{index}", font_pt=font_pt)
    return requests


@pytest.mark.parametrize("components", [1, 15, 21, 30])
def test_a_whole_state_of_up_to_thirty_components_may_take_type_down_to_7_pt(
    components: int, default_config: Config
) -> None:
    deck = deck_with(_diagram(components, 7))
    assert check_deck(deck, default_config) == []


@pytest.mark.parametrize(
    ("components", "min_pt", "smallest"),
    [(15, 9, 7), (30, 9, 7), (31, 9, 9), (15, 8, 7), (15, 6, 6), (15, 12, 10), (25, 10, 8)],
)
def test_the_smaller_type_goes_two_points_below_the_configured_minimum_at_most(
    components: int, min_pt: float, smallest: float
) -> None:
    assert smallest_type(components, min_pt) == smallest


@pytest.mark.parametrize(("font_pt", "found"), [(10, set()), (9.5, {"small-font"})])
def test_a_larger_configured_minimum_keeps_a_small_type_diagram_near_it(
    font_pt: float, found: set[str]
) -> None:
    config = Config.model_validate({"style": {"body_font_pt": 14, "min_font_pt": 12}})
    deck = deck_with(_diagram(15, font_pt))
    assert set(kinds(check_deck(deck, config))) == found


@pytest.mark.parametrize(
    ("components", "font_pt", "key", "extra"),
    [
        (31, 8, "cur", []),  # too large: split, at the configured type
        (25, 6.5, "cur", []),  # below the smaller type
        (31, 8, "cur2", []),  # one part of a state split at the configured type
        # Side by side with the other state, under a title of its own.
        (25, 8, "cur", box("sgc1_ar_1_cur_title", Box(0, inches(5), inches(2), inches(0.4)))),
    ],
)
def test_smaller_type_is_reported_where_the_layout_does_not_allow_it(
    components: int,
    font_pt: float,
    key: str,
    extra: list[dict[str, Any]],
    default_config: Config,
) -> None:
    deck = deck_with(_diagram(components, font_pt, key) + extra)
    assert set(kinds(check_deck(deck, default_config))) == {"small-font"}


def test_the_slides_of_a_split_state_of_up_to_thirty_components_may_take_smaller_type(
    default_config: Config,
) -> None:
    # Thirteen components on the first detail slide, twelve on the second: 25 in all.
    first = deck_with(_diagram(13, 7.5, "cur1"))
    second = deck_with(_diagram(12, 7.5, "cur2"))
    deck = {**first, "slides": [*first["slides"], *second["slides"]]}
    assert len(deck["slides"]) == 2
    assert check_deck(deck, default_config) == []
    # Counted over the whole deck, not one slide: 31 components would keep 9 pt.
    third = deck_with(_diagram(6, 7.5, "cur3"))
    deck["slides"].append(third["slides"][0])
    assert set(kinds(check_deck(deck, default_config))) == {"small-font"}


def test_a_legend_in_a_zone_keeps_the_configured_type_but_for_its_sample_badge(
    default_config: Config,
) -> None:
    zone = Box(0, inches(3.2), inches(4), inches(1.2))
    legend = [
        *shape("sgc1_ar_1_cur_zn_z1", zone),
        *box("sgc1_ar_1_cur_zn_z1_lg_frame_lg_pain_s", zone.inset(inches(0.3)), "1", 7.5),
        *box("sgc1_ar_1_cur_zn_z1_lg_frame_lg_pain_t", zone.inset(inches(0.3)), "pain", 7.5),
    ]
    # The sample shares the words' box here, which a declared container allows.
    findings = check_deck(deck_with(_diagram(25, 7.5) + legend), default_config)
    assert [(f.object_id, f.kind) for f in findings if f.kind == "small-font"] == [
        ("sgc1_ar_1_cur_zn_z1_lg_frame_lg_pain_t", "small-font")
    ]


def test_text_beside_a_small_type_diagram_keeps_the_configured_minimum(
    default_config: Config,
) -> None:
    pains = box("sgc1_ar_1_cur_pains", Box(0, inches(5), inches(3), inches(0.4)), "1 Slow", 8)
    findings = check_deck(deck_with(_diagram(25, 8) + pains), default_config)
    assert [(f.object_id, f.kind) for f in findings] == [("sgc1_ar_1_cur_pains", "small-font")]
