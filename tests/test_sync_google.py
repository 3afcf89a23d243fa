"""Sync against Google Drive and Slides, through the real client and the loopback emulator."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest
from test_sync_support import PLAN_YAML

from slidegen.backends.google.backend import GoogleBackend
from slidegen.backends.google.retry import RetryPolicy
from slidegen.backends.ratelimit import TokenBucket
from slidegen.config import Config, SyncConfig
from slidegen.emulator import EmulatorServer
from slidegen.layout.compose import NOTES_END
from slidegen.sync.decks import DriveDeckOps
from slidegen.sync.report import SyncReport
from slidegen.sync.runner import SyncOptions, sync_plans
from slidegen.sync.seal import read_seal
from slidegen.templates import load_default_template

pytest_plugins = ["conftest_google"]

TODAY = dt.date(2026, 11, 20)
WRITES = {
    "files.copy",
    "files.update",
    "files.delete",
    "permissions.create",
    "presentations.batchUpdate",
}
NEW_RISK = "  - id: R2\n    risk: Reorg\n    impact: low\n    likelihood: low\n"


class Workspace:
    """A folder of plans, a state file and a template in the emulator."""

    def __init__(self, root: Path, emulator: EmulatorServer, policy: RetryPolicy) -> None:
        self.root = root
        self.emulator = emulator
        self.policy = policy
        self.plans = root / "plans"
        self.plans.mkdir()
        self.acme = self.plans / "acme.yaml"
        self.acme.write_text(PLAN_YAML)
        self.state = root / "state.json"
        self.config = Config(sync=SyncConfig(state_file=str(self.state)))
        self.template_id = emulator.add_presentation(load_default_template(), name="Template")
        self.backend = self.new_backend()

    def new_backend(self) -> GoogleBackend:
        return GoogleBackend.from_config(self.config, policy=self.policy, timeout=30)

    def sync(self, today: dt.date = TODAY, **options: Any) -> tuple[SyncReport, list[str]]:
        """Run a sync; return its report and the API calls it made."""
        before = len(self.emulator.received)
        ops = DriveDeckOps(self.new_backend(), self.config, self.template_id)
        report = sync_plans(
            [self.plans],
            self.config,
            backend_name="google",
            options=SyncOptions(today=today, **options),
            make_ops=lambda: ops,
            writes_bucket=TokenBucket(6000),
            report=lambda _line: None,
        )
        return report, self.emulator.received[before:]

    def deck(self, deck_id: str) -> dict[str, Any]:
        return self.emulator.presentation(deck_id)

    def state_json(self) -> dict[str, Any]:
        return json.loads(self.state.read_text())


@pytest.fixture
def ws(tmp_path: Path, emulator: EmulatorServer, policy: RetryPolicy) -> Workspace:
    return Workspace(tmp_path, emulator, policy)


def _writes(calls: list[str]) -> list[str]:
    return [call for call in calls if call in WRITES]


def _element_ids(deck: dict[str, Any]) -> set[str]:
    found = set()
    for slide in deck["slides"]:
        found.add(slide["objectId"])
        found.update(element["objectId"] for element in slide.get("pageElements", []))
    return found


def _text_of(element: dict[str, Any]) -> str:
    runs = element.get("shape", {}).get("text", {}).get("textElements", [])
    return "".join(run.get("textRun", {}).get("content", "") for run in runs)


def _title_notes(deck: dict[str, Any]) -> str:
    slide = deck["slides"][0]
    notes = slide["slideProperties"]["notesPage"]
    notes_id = notes["notesProperties"]["speakerNotesObjectId"]
    return "".join(_text_of(e) for e in notes["pageElements"] if e["objectId"] == notes_id)


def _create(ws: Workspace) -> str:
    report, _ = ws.sync()
    (result,) = report.results
    assert result.action == "create", result.error
    assert result.presentation_id is not None
    return result.presentation_id


def test_create_then_unchanged_makes_no_write(ws: Workspace) -> None:
    report, calls = ws.sync()
    (result,) = report.results
    assert (result.action, report.exit_code) == ("create", 0)
    # Template read; no state file yet, so one search for a deck a lost state knew;
    # then copy + get + batchUpdate: the deck seals itself in its one write.
    assert calls == [
        "presentations.get",
        "files.list",
        "files.copy",
        "presentations.get",
        "presentations.batchUpdate",
    ]
    properties = ws.emulator.files[result.presentation_id or ""].app_properties
    assert properties["sg_plan"] == "plans/acme.yaml"
    seal = read_seal(ws.deck(result.presentation_id or ""))
    assert seal is not None
    assert seal.fingerprint == ws.state_json()["decks"]["google"]["plans/acme.yaml"]["fingerprint"]
    assert seal.plan_key == "plans/acme.yaml" and seal.count > 10

    again, calls = ws.sync()
    assert [r.action for r in again.results] == ["unchanged"]
    # One read of the template's revision per run, nothing per plan.
    assert calls == ["presentations.get"]

    (ws.plans / "globex.yaml").write_text(PLAN_YAML.replace("Acme Rockets", "Globex"))
    report, calls = ws.sync()
    assert [r.action for r in report.results] == ["unchanged", "create"]
    # A new plan next to a state file costs exactly copy + get + batchUpdate.
    assert calls == [
        "presentations.get",
        "files.copy",
        "presentations.get",
        "presentations.batchUpdate",
    ]


def test_a_changed_plan_updates_the_same_deck_with_one_batch(ws: Workspace) -> None:
    deck_id = _create(ws)
    ws.acme.write_text(PLAN_YAML + NEW_RISK)
    report, calls = ws.sync()
    (result,) = report.results
    assert (result.action, result.presentation_id) == ("update", deck_id)
    assert result.changes == ["risk R2 added"]
    assert calls == ["presentations.get", "presentations.get", "presentations.batchUpdate"]
    assert set(ws.emulator.live_files()) == {ws.template_id, deck_id}
    notes = _title_notes(ws.deck(deck_id))
    assert notes.startswith("Changes 2026-11-20: risk R2 added\n")
    assert notes.count(NOTES_END) == 1


def test_what_people_added_survives_two_regenerations(ws: Workspace) -> None:
    deck_id = _create(ws)
    page_size = ws.deck(deck_id)["pageSize"]
    people = [
        {"createSlide": {"objectId": "my_appendix_slide", "insertionIndex": 2}},
        {
            "createShape": {
                "objectId": "my_sticky_note",
                "shapeType": "TEXT_BOX",
                "elementProperties": {
                    "pageObjectId": ws.deck(deck_id)["slides"][0]["objectId"],
                    "size": {
                        "width": {"magnitude": page_size["width"]["magnitude"] / 4, "unit": "EMU"},
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
        {"insertText": {"objectId": "my_sticky_note", "text": "Ask about budget"}},
    ]
    ws.backend.batch_update(deck_id, people)
    for changed in (
        PLAN_YAML.replace("Budget freeze", "Budget freeze in Q1"),
        PLAN_YAML + NEW_RISK,
    ):
        ws.acme.write_text(changed)
        report, _ = ws.sync()
        assert [r.action for r in report.results] == ["update"], report.results[0].error
    deck = ws.deck(deck_id)
    assert {"my_appendix_slide", "my_sticky_note"} <= _element_ids(deck)
    sticky = next(e for e in deck["slides"][0]["pageElements"] if e["objectId"] == "my_sticky_note")
    assert _text_of(sticky) == "Ask about budget\n"


def _edit_generated_text(ws: Workspace, deck_id: str) -> str:
    deck = ws.deck(deck_id)
    for slide in deck["slides"]:
        for element in slide.get("pageElements", []):
            if element["objectId"].startswith("sgc") and _text_of(element).strip():
                ws.backend.batch_update(
                    deck_id,
                    [{"insertText": {"objectId": element["objectId"], "text": "EDITED "}}],
                )
                return str(element["objectId"])
    raise AssertionError("no generated text element found")


def test_hand_edits_are_refused_then_overwritten_with_force(ws: Workspace) -> None:
    deck_id = _create(ws)
    edited = _edit_generated_text(ws, deck_id)
    ws.acme.write_text(PLAN_YAML + NEW_RISK)
    report, calls = ws.sync()
    (result,) = report.results
    assert (result.action, report.exit_code) == ("drift", 1)
    assert _writes(calls) == []
    assert result.error is not None
    assert edited in result.error and "slide 1" in result.error
    assert "--force" in result.error

    report, calls = ws.sync(force=True)
    (result,) = report.results
    assert (result.action, report.exit_code) == ("update", 0)
    assert any("Version history" in note for note in result.notes)
    assert _writes(calls) == ["presentations.batchUpdate"]
    assert ws.sync(today=TODAY)[0].results[0].action == "unchanged"


def test_a_deleted_generated_element_is_drift(ws: Workspace) -> None:
    deck_id = _create(ws)
    deck = ws.deck(deck_id)
    victim = next(
        e["objectId"] for e in deck["slides"][1]["pageElements"] if e["objectId"].startswith("sgc")
    )
    ws.backend.batch_update(deck_id, [{"deleteObject": {"objectId": victim}}])
    ws.acme.write_text(PLAN_YAML + NEW_RISK)
    report, _ = ws.sync()
    assert report.results[0].action == "drift"
    assert f"slide 2 'Business Outcomes': generated element {victim} was deleted" in str(
        report.results[0].error
    )


def test_a_deck_deleted_in_drive_is_recreated(ws: Workspace) -> None:
    deck_id = _create(ws)
    ws.backend.delete_deck(deck_id)
    # Trusting the state file, an unchanged plan costs nothing and notices nothing...
    assert ws.sync()[0].results[0].action == "unchanged"
    # ...while --verify checks the deck and makes a new one.
    report, calls = ws.sync(verify=True)
    (result,) = report.results
    assert result.action == "create"
    assert result.presentation_id not in (None, deck_id)
    assert "files.copy" in calls
    assert any("gone from Drive" in note for note in result.notes)


def test_a_changed_plan_whose_deck_was_deleted_gets_a_new_deck(ws: Workspace) -> None:
    deck_id = _create(ws)
    ws.backend.delete_deck(deck_id)
    ws.acme.write_text(PLAN_YAML + NEW_RISK)
    report, _ = ws.sync()
    (result,) = report.results
    assert result.action == "create" and result.presentation_id != deck_id
    assert ws.state_json()["decks"]["google"]["plans/acme.yaml"]["presentation_id"] == (
        result.presentation_id
    )
    # The recreated deck still says what changed, in the same single write.
    notes = _title_notes(ws.deck(result.presentation_id or ""))
    assert notes.startswith("Changes 2026-11-20: risk R2 added\n")
    assert notes.count(NOTES_END) == 1


def test_a_lost_state_file_is_recovered_from_app_properties(ws: Workspace) -> None:
    deck_id = _create(ws)
    ws.state.unlink()
    report, calls = ws.sync()
    (result,) = report.results
    assert (result.action, result.presentation_id) == ("unchanged", deck_id)
    assert _writes(calls) == [] and "files.list" in calls
    assert ws.state_json()["decks"]["google"]["plans/acme.yaml"]["presentation_id"] == deck_id

    ws.state.unlink()
    ws.acme.write_text(PLAN_YAML + NEW_RISK)
    report, calls = ws.sync()
    (result,) = report.results
    assert (result.action, result.presentation_id) == ("update", deck_id)
    assert _writes(calls) == ["presentations.batchUpdate"]


def test_a_plan_turned_invalid_leaves_its_deck_alone(ws: Workspace) -> None:
    deck_id = _create(ws)
    before = ws.deck(deck_id)
    ws.acme.write_text(PLAN_YAML.replace("impact: high", "impact: huge"))
    report, calls = ws.sync()
    (result,) = report.results
    assert (result.action, report.exit_code) == ("failed", 1)
    assert "acme.yaml:" in str(result.error) and "impact" in str(result.error)
    assert _writes(calls) == []
    assert ws.deck(deck_id) == before


def test_the_calendar_moving_past_an_activity_updates_the_deck(ws: Workspace) -> None:
    _create(ws)
    assert ws.sync(today=dt.date(2026, 12, 1))[0].results[0].action == "unchanged"
    report, calls = ws.sync(today=dt.date(2026, 12, 2))
    assert report.results[0].action == "update"
    assert report.results[0].changes == ["1 activity now overdue"]
    assert _writes(calls) == ["presentations.batchUpdate"]


def test_dry_run_reads_but_never_writes(ws: Workspace) -> None:
    report, calls = ws.sync(dry_run=True)
    assert [r.action for r in report.results] == ["create"]
    assert _writes(calls) == [] and not ws.state.exists()
    _create(ws)
    ws.acme.write_text(PLAN_YAML + NEW_RISK)
    report, calls = ws.sync(dry_run=True)
    assert [(r.action, r.changes) for r in report.results] == [("update", ["risk R2 added"])]
    assert _writes(calls) == []


def test_verify_reads_each_deck_once_and_writes_nothing(ws: Workspace) -> None:
    _create(ws)
    report, calls = ws.sync(verify=True)
    assert [r.action for r in report.results] == ["unchanged"]
    # The template, then Drive (is the deck still there, out of the trash?) and the deck's seal.
    assert calls == ["presentations.get", "files.get", "presentations.get"]


def test_without_the_state_file_deleted_elements_are_still_noticed(ws: Workspace) -> None:
    deck_id = _create(ws)
    deck = ws.deck(deck_id)
    victim = next(
        e["objectId"] for e in deck["slides"][2]["pageElements"] if e["objectId"].startswith("sgc")
    )
    ws.backend.batch_update(deck_id, [{"deleteObject": {"objectId": victim}}])
    ws.state.unlink()
    ws.acme.write_text(PLAN_YAML + NEW_RISK)
    report, calls = ws.sync()
    (result,) = report.results
    assert result.action == "drift"
    assert "generated elements were deleted by hand" in str(result.error)
    assert _writes(calls) == []


def test_writes_of_all_plans_share_one_rate_limit(ws: Workspace) -> None:
    (ws.plans / "globex.yaml").write_text(PLAN_YAML.replace("Acme Rockets", "Globex"))
    now = [0.0]
    stamps: list[float] = []

    def sleep(seconds: float) -> None:
        now[0] += seconds

    bucket = TokenBucket(per_minute=30, clock=lambda: now[0], sleep=sleep)
    original = bucket.acquire

    def acquire() -> float:
        waited = original()
        stamps.append(now[0])
        return waited

    bucket.acquire = acquire  # type: ignore[method-assign]
    ops = DriveDeckOps(ws.new_backend(), ws.config, ws.template_id)
    report = sync_plans(
        [ws.plans],
        ws.config,
        backend_name="google",
        options=SyncOptions(today=TODAY),
        make_ops=lambda: ops,
        writes_bucket=bucket,
        report=lambda _line: None,
    )
    assert [r.action for r in report.results] == ["create", "create"]
    # Two creates of two writes each, spaced two seconds apart at 30 writes a minute.
    assert stamps == [0.0, 2.0, 4.0, 6.0]
    assert sum(r.writes for r in report.results) == 4


def _decks(ws: Workspace) -> list[str]:
    return sorted(f for f in ws.emulator.live_files() if f != ws.template_id)


def _rewrite_record(ws: Workspace, **fields: Any) -> None:
    state = ws.state_json()
    state["decks"]["google"]["plans/acme.yaml"].update(fields)
    ws.state.write_text(json.dumps(state))


@pytest.mark.parametrize(
    "fields",
    [
        {"presentation_id": 12345},
        {"generated": "all of them"},
        {"fingerprint": None},
        {"presentation_id": "an-id-drive-never-had"},
    ],
    ids=["id-a-number", "generated-a-string", "no-fingerprint", "unknown-id"],
)
def test_a_record_that_does_not_match_drive_is_repaired_not_duplicated(
    ws: Workspace, fields: dict[str, Any]
) -> None:
    deck_id = _create(ws)
    _rewrite_record(ws, **fields)
    ws.acme.write_text(PLAN_YAML + NEW_RISK)
    report, calls = ws.sync()
    (result,) = report.results
    assert (result.action, result.presentation_id, report.exit_code) == ("update", deck_id, 0)
    assert _writes(calls) == ["presentations.batchUpdate"] and "files.list" in calls
    assert _decks(ws) == [deck_id]
    assert ws.state_json()["decks"]["google"]["plans/acme.yaml"]["presentation_id"] == deck_id
    assert ws.sync()[1] == ["presentations.get"]


def test_verify_repairs_a_record_of_an_unchanged_plan(ws: Workspace) -> None:
    deck_id = _create(ws)
    _rewrite_record(ws, presentation_id="an-id-drive-never-had")
    # Trusted without --verify (no call per unchanged plan); checked and repaired with it.
    report, calls = ws.sync(verify=True)
    (result,) = report.results
    assert (result.action, result.presentation_id) == ("unchanged", deck_id)
    assert _writes(calls) == []
    assert _decks(ws) == [deck_id]
    assert ws.state_json()["decks"]["google"]["plans/acme.yaml"]["presentation_id"] == deck_id


def test_a_trashed_deck_is_recreated(ws: Workspace) -> None:
    deck_id = _create(ws)
    ws.emulator.files[deck_id].trashed = True
    report, _ = ws.sync(verify=True)
    (result,) = report.results
    assert result.action == "create" and result.presentation_id != deck_id
    assert any("trash" in note for note in result.notes)
    assert _decks(ws) == [result.presentation_id]

    # A changed plan whose deck was trashed gets a new one too, never an update of the trash.
    ws.emulator.files[result.presentation_id or ""].trashed = True
    ws.acme.write_text(PLAN_YAML + NEW_RISK)
    report, _ = ws.sync()
    (again,) = report.results
    assert again.action == "create" and again.presentation_id not in (
        deck_id,
        result.presentation_id,
    )


def test_an_unfilled_copy_found_beside_a_filled_deck_is_deleted(ws: Workspace) -> None:
    deck_id = _create(ws)
    spare = ws.backend.copy_template(ws.template_id, "spare", {"sg_plan": "plans/acme.yaml"})
    ws.state.unlink()
    report, _ = ws.sync()
    (result,) = report.results
    assert (result.action, result.presentation_id) == ("unchanged", deck_id)
    assert any(f"deleted {spare}" in note for note in result.notes)
    assert _decks(ws) == [deck_id]


def test_a_bug_in_one_plan_fails_that_plan_only(
    ws: Workspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    from slidegen import pipeline

    (ws.plans / "globex.yaml").write_text(PLAN_YAML.replace("Acme Rockets", "Globex"))
    real = pipeline.compose

    def broken(plan: Any, *args: Any) -> Any:
        if plan.customer == "Acme Rockets":
            raise OverflowError("date value out of range")
        return real(plan, *args)

    monkeypatch.setattr(pipeline, "compose", broken)
    report, _ = ws.sync()
    acme, globex = report.results
    assert (acme.action, globex.action, report.exit_code) == ("failed", "create", 1)
    assert "internal error while syncing" in str(acme.error) and "acme.yaml" in str(acme.error)
    assert "OverflowError: date value out of range" in str(acme.error)
    assert _decks(ws) == [globex.presentation_id]
    json.dumps(report.to_json())
