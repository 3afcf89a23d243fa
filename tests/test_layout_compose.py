from __future__ import annotations

import copy
import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest

from slidegen.backends.offline.engine import OfflineDeck
from slidegen.config import Config
from slidegen.layout import ids
from slidegen.layout.compose import NOTES_END, compose
from slidegen.layout.ownership import content_digest, digest_in
from slidegen.layout.slides import ROLES
from slidegen.layout.template import walk_elements
from slidegen.plan.model import Plan

TODAY = dt.date(2026, 11, 26)


def apply(deck: dict[str, Any], requests: list[dict[str, Any]]) -> dict[str, Any]:
    """Return `deck` after `requests`, applied by the strict offline engine."""
    engine = OfflineDeck(copy.deepcopy(deck))
    engine.batch_update({"requests": requests})
    return engine.presentation


def slide_ids(deck: dict[str, Any]) -> list[str]:
    return [slide["objectId"] for slide in deck["slides"]]


def role_of(slide_id: str) -> str | None:
    from slidegen.layout.template import generated_role

    return generated_role(slide_id)


@pytest.fixture(scope="module")
def _built_once() -> tuple[dict[str, Any], list[dict[str, Any]]]:
    from slidegen.plan.loader import load_plan
    from slidegen.templates import load_default_template

    config = Config()
    template = load_default_template()
    example = Path(__file__).resolve().parents[1] / "plan_inputs" / "example.yaml"
    requests = compose(load_plan(example, config), config, template, TODAY).requests
    return apply(template, requests), requests


@pytest.fixture
def built(
    _built_once: tuple[dict[str, Any], list[dict[str, Any]]],
) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """Return the example deck as built from the default template, and its requests."""
    deck, requests = _built_once
    return copy.deepcopy(deck), copy.deepcopy(requests)


def test_example_applies_in_the_strict_engine_with_slides_in_role_order(
    built: tuple[dict[str, Any], list[dict[str, Any]]], default_template: dict[str, Any]
) -> None:
    deck, _ = built
    roles = [role_of(s) for s in slide_ids(deck) if role_of(s)]
    assert roles == sorted(roles, key=list(ROLES).index)
    assert set(roles) == set(ROLES)
    prototype_count = len(default_template["slides"])
    tail = deck["slides"][-prototype_count:]
    assert [s["objectId"] for s in tail] == slide_ids(default_template)
    assert all(s["slideProperties"].get("isSkipped") for s in tail)
    assert not any(s["slideProperties"].get("isSkipped") for s in deck["slides"][:-prototype_count])


def test_requests_are_deterministic(
    example_plan: Plan, default_config: Config, default_template: dict[str, Any]
) -> None:
    first = compose(example_plan, default_config, default_template, TODAY).requests
    second = compose(example_plan, default_config, copy.deepcopy(default_template), TODAY).requests
    assert json.dumps(first) == json.dumps(second)


def test_duplicates_name_every_element_of_the_prototype(
    built: tuple[dict[str, Any], list[dict[str, Any]]], default_template: dict[str, Any]
) -> None:
    _, requests = built
    by_id = {s["objectId"]: s for s in default_template["slides"]}
    duplicates = [r["duplicateObject"] for r in requests if "duplicateObject" in r]
    assert duplicates
    for duplicate in duplicates:
        prototype = by_id[duplicate["objectId"]]
        expected = {prototype["objectId"]} | {
            e["objectId"] for e in walk_elements(prototype["pageElements"])
        }
        assert expected <= set(duplicate["objectIds"])
        assert all(ids.is_generated(new) for new in duplicate["objectIds"].values())


def test_region_anchors_are_deleted_from_generated_slides(
    built: tuple[dict[str, Any], list[dict[str, Any]]],
) -> None:
    deck, _ = built
    for slide in deck["slides"]:
        if role_of(slide["objectId"]) is None:
            continue
        descriptions = [e.get("description", "") for e in walk_elements(slide["pageElements"])]
        assert not any(d.startswith("slidegen:") and "generated" not in d for d in descriptions)


def test_every_generated_element_carries_a_digest_that_recomputes(
    built: tuple[dict[str, Any], list[dict[str, Any]]],
) -> None:
    deck, _ = built
    checked = 0
    for slide in deck["slides"]:
        for element in walk_elements(slide["pageElements"]):
            parsed = ids.parse_generated(element["objectId"])
            if parsed is None or parsed.kind != ids.CONTENT or "elementGroup" in element:
                continue
            assert element.get("title") == "slidegen"
            assert digest_in(element.get("description")) == content_digest(element), element[
                "objectId"
            ]
            checked += 1
    assert checked > 50


def test_plan_text_is_inserted_literally(
    example_plan: Plan, default_config: Config, default_template: dict[str, Any]
) -> None:
    plan = example_plan.model_copy(update={"customer": "Acme {{customer}} & Co"})
    requests = compose(plan, default_config, default_template, TODAY).requests
    assert not any("replaceAllText" in r for r in requests)
    deck = apply(default_template, requests)
    texts = json.dumps(deck["slides"][0])
    assert "Acme {{customer}} & Co" in texts


def test_speaker_notes_are_written(built: tuple[dict[str, Any], list[dict[str, Any]]]) -> None:
    deck, _ = built
    title = deck["slides"][0]
    notes = title["slideProperties"]["notesPage"]
    speaker_id = notes["notesProperties"]["speakerNotesObjectId"]
    text = json.dumps(
        [e for e in notes["pageElements"] if e["objectId"] == speaker_id], ensure_ascii=False
    )
    assert "CRM opportunity" in text
    assert "Marcus Delgado" in text
    assert NOTES_END in text


def test_empty_plan_builds_one_slide_per_role_with_messages(
    minimal_plan: Plan, default_config: Config, default_template: dict[str, Any]
) -> None:
    composition = compose(minimal_plan, default_config, default_template, TODAY)
    assert composition.pages == {role: 1 for role in ROLES}
    deck = apply(default_template, composition.requests)
    text = json.dumps(deck["slides"], ensure_ascii=False)
    for headline in (
        "Business outcomes in progress",
        "Architecture in progress",
        "Stakeholder map in progress",
        "Technical win plan in progress",
        "Risk register in progress",
    ):
        assert headline in text
    # The customer sees the panel; how to fill it is for the author, in the speaker notes.
    assert "under 'stakeholders:' in the plan" in text
    panels = [
        r["createShape"]["objectId"]
        for r in composition.requests
        if r.get("createShape", {}).get("objectId", "").endswith("_empty")
    ]
    assert len(panels) == 5
    looks = {
        json.dumps(r["updateShapeProperties"]["shapeProperties"], sort_keys=True)
        for r in composition.requests
        if r.get("updateShapeProperties", {}).get("objectId") in panels
    }
    assert len(looks) == 1, "every empty section shows the same panel"
    assert not any("createTable" in r for r in composition.requests), (
        "empty sections show a message, not an empty table"
    )


def _person_adds(deck: dict[str, Any], slide_index: int) -> dict[str, Any]:
    slide_id = deck["slides"][slide_index]["objectId"]
    return apply(
        deck,
        [
            {
                "createShape": {
                    "objectId": "my_sticky_note",
                    "shapeType": "TEXT_BOX",
                    "elementProperties": {
                        "pageObjectId": slide_id,
                        "size": {
                            "width": {"magnitude": 900000, "unit": "EMU"},
                            "height": {"magnitude": 300000, "unit": "EMU"},
                        },
                        "transform": {
                            "scaleX": 1,
                            "scaleY": 1,
                            "translateX": 100000,
                            "translateY": 100000,
                            "unit": "EMU",
                        },
                    },
                }
            },
            {"insertText": {"objectId": "my_sticky_note", "text": "call Dana"}},
        ],
    )


def test_regeneration_keeps_slides_and_additions_and_redraws_content(
    built: tuple[dict[str, Any], list[dict[str, Any]]],
    example_plan: Plan,
    default_config: Config,
) -> None:
    deck, _ = built
    first_ids = slide_ids(deck)
    deck = _person_adds(deck, 0)
    changed = example_plan.model_copy(update={"customer": "Northwind Freight Ltd"})
    composition = compose(changed, default_config, deck, TODAY)
    assert composition.generation == 2
    assert not any("duplicateObject" in r for r in composition.requests)
    again = apply(deck, composition.requests)
    assert slide_ids(again) == first_ids
    title = again["slides"][0]
    element_ids = [e["objectId"] for e in walk_elements(title["pageElements"])]
    assert "my_sticky_note" in element_ids
    assert not any(i.startswith("sgc1_") for i in element_ids)
    assert any(i.startswith("sgc2_") for i in element_ids)
    assert "Northwind Freight Ltd" in json.dumps(title)


def test_regeneration_adds_continuation_slides_after_the_role(
    built: tuple[dict[str, Any], list[dict[str, Any]]],
    example_plan: Plan,
    default_config: Config,
) -> None:
    deck, _ = built
    before = [s for s in slide_ids(deck) if role_of(s) == "risks"]
    risks = [
        {
            "risk": f"Risk number {i} " + "with a long explanation " * 6,
            "impact": "high",
            "likelihood": "medium",
            "mitigation": "Plan " * 20,
        }
        for i in range(30)
    ]
    grown = Plan.model_validate(
        {**example_plan.model_dump(mode="json", by_alias=True), "risks": risks}
    )
    composition = compose(grown, default_config, deck, TODAY)
    after = apply(deck, composition.requests)
    order = slide_ids(after)
    risk_slides = [s for s in order if role_of(s) == "risks"]
    assert len(risk_slides) == composition.pages["risks"] > len(before)
    assert risk_slides[: len(before)] == before
    positions = [order.index(s) for s in risk_slides]
    assert positions == list(range(positions[0], positions[0] + len(positions)))


def test_regeneration_deletes_surplus_slides_and_reports_hand_additions(
    built: tuple[dict[str, Any], list[dict[str, Any]]],
    example_plan: Plan,
    default_config: Config,
) -> None:
    deck, _ = built
    stakeholder_slides = [i for i, s in enumerate(slide_ids(deck)) if role_of(s) == "stakeholders"]
    assert len(stakeholder_slides) > 1
    last = stakeholder_slides[-1]
    surplus_id = slide_ids(deck)[last]
    deck = _person_adds(deck, last)
    fewer = example_plan.model_copy(update={"stakeholders": example_plan.stakeholders[:2]})
    composition = compose(fewer, default_config, deck, TODAY)
    after = apply(deck, composition.requests)
    assert surplus_id not in slide_ids(after)
    assert composition.pages["stakeholders"] == 1
    assert any(surplus_id in note and "my_sticky_note" in note for note in composition.warnings)


def test_regeneration_keeps_notes_written_below_the_generated_block(
    built: tuple[dict[str, Any], list[dict[str, Any]]],
    example_plan: Plan,
    default_config: Config,
) -> None:
    deck, _ = built
    notes = deck["slides"][0]["slideProperties"]["notesPage"]
    speaker_id = notes["notesProperties"]["speakerNotesObjectId"]
    current = next(e for e in notes["pageElements"] if e["objectId"] == speaker_id)
    length = sum(
        len(t["textRun"]["content"].encode("utf-16-le")) // 2
        for t in current["shape"]["text"]["textElements"]
        if "textRun" in t
    )
    deck = apply(
        deck,
        [
            {
                "insertText": {
                    "objectId": speaker_id,
                    "text": "\nAsk about the budget freeze.",
                    "insertionIndex": length - 1,
                }
            }
        ],
    )
    again = apply(deck, compose(example_plan, default_config, deck, TODAY).requests)
    notes = again["slides"][0]["slideProperties"]["notesPage"]
    text = json.dumps(notes, ensure_ascii=False)
    assert text.count(NOTES_END) == 1
    assert "Ask about the budget freeze." in text
    assert text.index(NOTES_END) < text.index("Ask about the budget freeze.")


def test_grouped_decoration_on_a_prototype_is_copied_with_named_children(
    example_plan: Plan, default_config: Config, default_template: dict[str, Any]
) -> None:
    prototype = next(s for s in default_template["slides"] if s["objectId"] == "tpl_risks")
    decoration = [
        e["objectId"]
        for e in prototype["pageElements"]
        if not e.get("description") and "shape" in e
    ][:2]
    assert len(decoration) == 2
    template = apply(
        default_template,
        [{"groupObjects": {"groupObjectId": "risk_footer", "childrenObjectIds": decoration}}],
    )
    requests = compose(example_plan, default_config, template, TODAY).requests
    mapping = next(
        r["duplicateObject"]["objectIds"]
        for r in requests
        if r.get("duplicateObject", {}).get("objectId") == "tpl_risks"
    )
    assert {"risk_footer", *decoration} <= set(mapping)
    deck = apply(template, requests)
    copied = [
        e["objectId"]
        for s in deck["slides"]
        if role_of(s["objectId"]) == "risks"
        for e in walk_elements(s["pageElements"])
    ]
    assert all(mapping[child] in copied for child in decoration)
