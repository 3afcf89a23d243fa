"""Filling someone's deck in Google (the emulator): one read, one write, clear refusals."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest
from into_support import own_deck

from slidegen.backends.google.backend import GoogleBackend
from slidegen.config import Config
from slidegen.emulator import EmulatorServer, Fault
from slidegen.errors import BackendError, TargetDeckError, TemplateError
from slidegen.into.fill import IntoOptions
from slidegen.layout.template import generated_role
from slidegen.pipeline import fill_deck
from slidegen.plan.loader import load_plan
from slidegen.plan.model import Plan

pytest_plugins = ["conftest_google"]

EXAMPLE = Path(__file__).parents[1] / "plan_inputs" / "example.yaml"
TODAY = dt.date(2026, 11, 26)
OWNER = {"displayName": "Avery Account", "emailAddress": "avery@example.com"}


@pytest.fixture(scope="module")
def plan() -> Plan:
    loaded = load_plan(EXAMPLE, Config())
    return loaded.model_copy(
        update={"stakeholders": loaded.stakeholders[:2], "risks": loaded.risks[:2]}
    )


def own_slides(deck: dict[str, Any]) -> list[str]:
    return [
        json.dumps(slide, sort_keys=True)
        for slide in deck["slides"]
        if generated_role(slide["objectId"]) is None
    ]


def test_a_deck_is_filled_with_one_read_and_one_write(
    emulator: EmulatorServer, backend: GoogleBackend, config: Config, plan: Plan
) -> None:
    deck_id = emulator.add_presentation(own_deck(4), file_id="ae-opportunity-plan", owners=[OWNER])
    before = emulator.presentation(deck_id)
    result = fill_deck(plan, config, backend, deck_id, today=TODAY, options=IntoOptions(after="2"))
    assert emulator.received == ["presentations.get", "presentations.batchUpdate"]
    after = emulator.presentation(deck_id)
    assert own_slides(after) == own_slides(before)
    ids = [slide["objectId"] for slide in after["slides"]]
    assert generated_role(ids[2]) == "title"
    assert result.positions[0] == 3
    assert result.body["writeControl"] == {"requiredRevisionId": before["revisionId"]}


def test_a_deck_that_does_not_exist_is_named(
    emulator: EmulatorServer, backend: GoogleBackend, config: Config, plan: Plan
) -> None:
    with pytest.raises(TargetDeckError, match="deck no-such-deck was not found, or this account"):
        fill_deck(plan, config, backend, "no-such-deck", today=TODAY, options=IntoOptions())


def test_a_deck_without_edit_access_names_its_owner_and_stays_as_it_was(
    emulator: EmulatorServer, backend: GoogleBackend, config: Config, plan: Plan
) -> None:
    deck_id = emulator.add_presentation(
        own_deck(2), file_id="read-only-deck", owners=[OWNER], can_edit=False
    )
    before = emulator.presentation(deck_id)
    with pytest.raises(TargetDeckError) as raised:
        fill_deck(plan, config, backend, deck_id, today=TODAY, options=IntoOptions())
    message = str(raised.value)
    assert "can read it but not edit it, so nothing was changed" in message
    assert "Avery Account <avery@example.com>" in message
    assert emulator.presentation(deck_id) == before


def test_a_write_that_keeps_failing_leaves_not_one_slide_behind(
    emulator: EmulatorServer, backend: GoogleBackend, config: Config, plan: Plan
) -> None:
    deck_id = emulator.add_presentation(own_deck(3), file_id="ae-deck-faults")
    before = emulator.presentation(deck_id)
    emulator.inject("presentations.batchUpdate", *[Fault.status(503)] * 4)
    with pytest.raises(BackendError, match="Google kept failing"):
        fill_deck(plan, config, backend, deck_id, today=TODAY, options=IntoOptions())
    assert emulator.presentation(deck_id) == before


def test_a_lost_answer_to_an_applied_write_fills_the_deck_once(
    emulator: EmulatorServer, backend: GoogleBackend, config: Config, plan: Plan
) -> None:
    deck_id = emulator.add_presentation(own_deck(3), file_id="ae-deck-lost")
    emulator.inject("presentations.batchUpdate", Fault.response_lost())
    result = fill_deck(plan, config, backend, deck_id, today=TODAY, options=IntoOptions())
    after = emulator.presentation(deck_id)
    generated = [s["objectId"] for s in after["slides"] if generated_role(s["objectId"])]
    assert len(generated) == sum(result.pages.values())
    assert emulator.applied["presentations.batchUpdate"] == 1


def test_what_a_slide_takes_along_when_deleted_is_no_proof_of_an_applied_write() -> None:
    from slidegen.backends.google.backend import created_object_ids

    box = {"pageObjectId": "sgp1_risks"}
    requests: list[dict[str, Any]] = [
        {"createSlide": {"objectId": "sgp1_risks"}},
        {"createShape": {"objectId": "sgp1_risks_band", "elementProperties": box}},
        {"duplicateObject": {"objectId": "sgp1_risks", "objectIds": {"sgp1_risks": "sgs1_r"}}},
        {"deleteObject": {"objectId": "sgp1_risks"}},
    ]
    assert created_object_ids(requests) == {"sgs1_r"}
    copied: list[dict[str, Any]] = [
        {
            "duplicateObject": {
                "objectId": "ae_slide",
                "objectIds": {"ae_slide": "sgp1_r", "ae_box": "sgp1_r_c0", "ae_n": "sgp1_r_n"},
            }
        },
        {"deleteObject": {"objectId": "sgp1_r_c0"}},
        {"duplicateObject": {"objectId": "sgp1_r", "objectIds": {"sgp1_r": "sgs1_r"}}},
        {"deleteObject": {"objectId": "sgp1_r"}},
    ]
    assert created_object_ids(copied) == {"sgs1_r"}


def test_a_template_deck_costs_one_more_read(
    emulator: EmulatorServer,
    backend: GoogleBackend,
    config: Config,
    plan: Plan,
) -> None:
    from slidegen.templates import load_default_template

    designed = emulator.add_presentation(load_default_template(), file_id="team-template")
    deck_id = emulator.add_presentation(own_deck(2), file_id="ae-deck-template")
    fill_deck(
        plan, config, backend, deck_id, today=TODAY, options=IntoOptions(), template_id=designed
    )
    assert emulator.received == [
        "presentations.get",
        "presentations.get",
        "presentations.batchUpdate",
    ]
    with pytest.raises(TemplateError, match="template deck no-template was not found"):
        fill_deck(
            plan,
            config,
            backend,
            deck_id,
            today=TODAY,
            options=IntoOptions(),
            template_id="no-template",
        )


def test_a_service_that_drops_copied_notes_ids_gets_the_batch_once_more_without_them(
    emulator: EmulatorServer, backend: GoogleBackend, config: Config, plan: Plan
) -> None:
    emulator.map_notes_on_duplicate = False
    deck_id = emulator.add_presentation(own_deck(3), file_id="ae-deck-notes")
    before = emulator.presentation(deck_id)
    result = fill_deck(plan, config, backend, deck_id, today=TODAY, options=IntoOptions())
    assert emulator.received == [
        "presentations.get",
        "presentations.batchUpdate",
        "presentations.batchUpdate",
    ]
    assert emulator.applied["presentations.batchUpdate"] == 1
    assert any(note.startswith("speaker notes of ") for note in result.warnings)
    assert backend.keeps_notes_ids is False
    after = emulator.presentation(deck_id)
    assert own_slides(after) == own_slides(before)
    generated = [s["objectId"] for s in after["slides"] if generated_role(s["objectId"])]
    assert len(generated) == sum(result.pages.values())
    # The backend remembers: the next fill goes straight to the batch that is applied.
    calls = len(emulator.received)
    fill_deck(plan, config, backend, deck_id, today=TODAY, options=IntoOptions())
    assert emulator.received[calls:] == ["presentations.get", "presentations.batchUpdate"]


def test_the_first_fill_on_google_writes_every_new_slides_notes(
    emulator: EmulatorServer, backend: GoogleBackend, config: Config, plan: Plan
) -> None:
    deck_id = emulator.add_presentation(own_deck(2), file_id="ae-deck-named-notes")
    result = fill_deck(plan, config, backend, deck_id, today=TODAY, options=IntoOptions())
    assert not [note for note in result.warnings if "speaker notes" in note]
    assert backend.keeps_notes_ids is True
    after = emulator.presentation(deck_id)
    title = next(s for s in after["slides"] if generated_role(s["objectId"]) == "title")
    notes = title["slideProperties"]["notesPage"]
    speaker = notes["notesProperties"]["speakerNotesObjectId"]
    (shape,) = [e for e in notes["pageElements"] if e["objectId"] == speaker]
    text = "".join(
        r.get("textRun", {}).get("content", "") for r in shape["shape"]["text"]["textElements"]
    )
    assert "Account team:" in text
