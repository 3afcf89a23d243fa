"""The deck checker on the architecture slides: the example passes, broken diagrams fail."""

from __future__ import annotations

import copy
import datetime as dt
from typing import Any

import pytest

from slidegen.backends.offline.engine import OfflineDeck
from slidegen.config import Config
from slidegen.layout import text as metrics
from slidegen.layout.check import TOLERANCE, Finding, check_deck, needed_height
from slidegen.layout.compose import compose
from slidegen.layout.context import Box
from slidegen.layout.template import element_box, generated_role, walk_elements
from slidegen.plan.model import Plan

TODAY = dt.date(2026, 11, 26)


@pytest.fixture
def example_deck(
    example_plan: Plan, default_config: Config, default_template: dict[str, Any]
) -> dict[str, Any]:
    """Return the example plan's finished deck, as the offline engine leaves it."""
    composition = compose(example_plan, default_config, default_template, TODAY)
    engine = OfflineDeck(copy.deepcopy(default_template))
    engine.batch_update({"requests": composition.requests})
    return engine.presentation


def architecture_findings(deck: dict[str, Any], config: Config) -> list[Finding]:
    return [f for f in check_deck(deck, config) if generated_role(f.slide_id) == "architecture"]


def element(deck: dict[str, Any], id_ending: str) -> dict[str, Any]:
    """Return the one generated element of the architecture slides whose ID ends so."""
    found = [
        e
        for slide in deck["slides"]
        if generated_role(slide["objectId"]) == "architecture"
        for e in slide.get("pageElements", [])
        if e["objectId"].endswith(id_ending)
    ]
    assert len(found) == 1, [e["objectId"] for e in found]
    return found[0]


def move(item: dict[str, Any], x: int, y: int) -> None:
    item["transform"]["translateX"] = x
    item["transform"]["translateY"] = y


def test_the_example_architecture_slides_pass_the_checker(
    example_deck: dict[str, Any], default_config: Config
) -> None:
    slides = [s for s in example_deck["slides"] if generated_role(s["objectId"]) == "architecture"]
    assert len(slides) == 2
    generated = [e for s in slides for e in s["pageElements"] if e["objectId"].startswith("sgc")]
    # Boxes sit in zones and badges on boxes: the checker judges them, it does not skip them.
    assert any("_zn_" in e["objectId"] and "_bx_" in e["objectId"] for e in generated)
    assert any(e["objectId"].endswith("__pp") for e in generated)
    assert [str(f) for f in architecture_findings(example_deck, default_config)] == []


def test_two_boxes_moved_onto_each_other_are_found(
    example_deck: dict[str, Any], default_config: Config
) -> None:
    sonar = element(example_deck, "_zn_chicago-dc_bx_sonarqube")
    artifactory = element(example_deck, "_zn_chicago-dc_bx_artifactory")
    target = element_box(sonar)
    move(artifactory, target.x + target.width // 4, target.y + target.height // 4)
    kinds = {(f.kind, f.object_id) for f in architecture_findings(example_deck, default_config)}
    assert ("overlap", sonar["objectId"]) in kinds or ("overlap", artifactory["objectId"]) in kinds


def test_a_box_pushed_out_of_its_zone_is_found(
    example_deck: dict[str, Any], default_config: Config
) -> None:
    jira = element(example_deck, "_cur_zn_atlassian-cloud_bx_jira")
    zone = element_box(element(example_deck, "_cur_zn_atlassian-cloud"))
    box = element_box(jira)
    move(jira, zone.right - box.width // 2, box.y)
    findings = architecture_findings(example_deck, default_config)
    assert ("escapes", jira["objectId"]) in {(f.kind, f.object_id) for f in findings}
    # Half out of its own zone it sits over the neighbouring zone it is not in.
    assert any(f.kind == "overlap" and jira["objectId"] in str(f) for f in findings)


def test_a_badge_moved_off_its_box_is_found(
    example_deck: dict[str, Any], default_config: Config
) -> None:
    badge = element(example_deck, "_bx_vmware__pp")
    zone = element_box(element(example_deck, "_cur_zn_chicago-dc"))
    # Still inside its zone, but nowhere near its box.
    move(badge, zone.x + zone.width // 2, zone.bottom - element_box(badge).height - 20_000)
    kinds = {(f.kind, f.object_id) for f in architecture_findings(example_deck, default_config)}
    assert ("detached", badge["objectId"]) in kinds


def test_text_squeezed_in_its_box_is_found(
    example_deck: dict[str, Any], default_config: Config
) -> None:
    jenkins = element(example_deck, "_zn_chicago-dc_bx_jenkins")
    jenkins["size"]["height"]["magnitude"] = element_box(jenkins).height // 3
    findings = architecture_findings(example_deck, default_config)
    assert ("overflow", jenkins["objectId"]) in {(f.kind, f.object_id) for f in findings}


def test_the_pain_point_list_moved_over_the_diagram_is_found(
    example_deck: dict[str, Any], default_config: Config
) -> None:
    pains = element(example_deck, "_cur_pains")
    target = element_box(element(example_deck, "_cur_zn_aws-legacy_bx_datadog"))
    move(pains, target.x, target.y)
    findings = architecture_findings(example_deck, default_config)
    assert any(f.kind == "overlap" and pains["objectId"] in str(f) for f in findings)


LABELLED = {
    "current": {
        "zones": [{"id": "dc", "name": "Data centre"}],
        "components": [
            {"id": "scm", "name": "Source control", "stage": "create", "zone": "dc"},
            {"id": "ci", "name": "Build server", "stage": "verify", "zone": "dc"},
            {"id": "repo", "name": "Artefact store", "stage": "package", "zone": "dc"},
        ],
        "connections": [
            {"from": "scm", "to": "ci", "label": "hooks"},
            {"from": "ci", "to": "repo", "label": "publish"},
        ],
    }
}


def test_a_connector_label_moved_over_a_box_is_found(
    default_config: Config, default_template: dict[str, Any]
) -> None:
    plan = Plan.model_validate(
        {
            "customer": "Acme Rockets",
            "opportunity": {"name": "Acme Rockets platform FY27"},
            "prepared_by": {"name": "Sam Lee"},
            "date": "2026-03-02",
            "architecture": LABELLED,
        }
    )
    composition = compose(plan, default_config, default_template, TODAY)
    engine = OfflineDeck(copy.deepcopy(default_template))
    engine.batch_update({"requests": composition.requests})
    deck = engine.presentation
    assert architecture_findings(deck, default_config) == []
    label = element(deck, "_zn_dc_lb_0")
    assert element(deck, "_zn_dc_lb_0_bg")  # its backdrop is declared inside the label
    target: Box = element_box(element(deck, "_zn_dc_bx_repo"))
    move(label, target.x, target.y)
    findings = architecture_findings(deck, default_config)
    assert any(f.kind == "overlap" and label["objectId"] in str(f) for f in findings)


@pytest.mark.parametrize("script", ["chinese", "japanese", "korean"])
def test_east_asian_text_gets_boxes_as_tall_as_its_lines(
    script: str, default_template: dict[str, Any]
) -> None:
    """Every diagram box holding CJK, kana or Hangul is as tall as the checker's taller lines."""
    from plan_factory import generated_plan, plan_config

    config = plan_config(script)
    plan = generated_plan(script, stakeholders=1, activities=1, risks=1, config=config)
    composition = compose(plan, config, copy.deepcopy(default_template), TODAY)
    engine = OfflineDeck(copy.deepcopy(default_template))
    engine.batch_update({"requests": composition.requests})
    shapes = [
        e
        for slide in engine.presentation["slides"]
        if generated_role(slide["objectId"]) == "architecture"
        for e in walk_elements(slide.get("pageElements", []))
        if "shape" in e and e["shape"].get("text")
    ]
    runs = [
        run["textRun"]["content"]
        for e in shapes
        for run in e["shape"]["text"]["textElements"]
        if "textRun" in run
    ]
    assert any(metrics.is_wide(char) for run in runs for char in run)
    for shape in shapes:
        box = element_box(shape)
        needed = needed_height(shape["shape"]["text"], box.width, config.style.min_font_pt)
        assert needed <= box.height + TOLERANCE, shape["objectId"]
    assert architecture_findings(engine.presentation, config) == []
