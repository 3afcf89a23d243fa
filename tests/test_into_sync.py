"""`sync` keeps a plan's slides current inside the existing deck its `deck: into:` names."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest
from into_support import apply, own_deck

from slidegen.backends.google.backend import GoogleBackend
from slidegen.backends.google.retry import RetryPolicy
from slidegen.backends.ratelimit import TokenBucket
from slidegen.config import Config, SyncConfig
from slidegen.emulator import EmulatorServer
from slidegen.layout.template import generated_role, walk_elements
from slidegen.sync.decks import DriveDeckOps
from slidegen.sync.report import SyncReport
from slidegen.sync.runner import SyncOptions, sync_plans
from slidegen.templates import load_default_template

pytest_plugins = ["conftest_google"]

TODAY = dt.date(2026, 11, 26)
EXAMPLE = Path(__file__).parents[1] / "plan_inputs" / "example.yaml"
DECK_ID = "ae-opportunity-plan"


class Targets:
    """A plan naming an account team's deck, a state file, and both in the emulator."""

    def __init__(self, root: Path, emulator: EmulatorServer, policy: RetryPolicy) -> None:
        self.emulator = emulator
        self.policy = policy
        self.plans = root / "plans"
        self.plans.mkdir()
        self.plan = self.plans / "northwind.yaml"
        self.write_plan()
        self.config = Config(sync=SyncConfig(state_file=str(root / "state.json")))
        self.template_id = emulator.add_presentation(load_default_template(), name="Template")
        emulator.add_presentation(own_deck(5), file_id=DECK_ID)

    def write_plan(self, deck: str = DECK_ID) -> None:
        text = EXAMPLE.read_text(encoding="utf-8")
        self.plan.write_text(f"{text}\ndeck:\n  into: {deck}\n  after: 2\n")

    def sync(self, **options: Any) -> tuple[SyncReport, list[str]]:
        before = len(self.emulator.received)
        backend = GoogleBackend.from_config(self.config, policy=self.policy, timeout=30)
        ops = DriveDeckOps(backend, self.config, self.template_id)
        report = sync_plans(
            [self.plans],
            self.config,
            backend_name="google",
            options=SyncOptions(today=TODAY, **options),
            make_ops=lambda: ops,
            writes_bucket=TokenBucket(6000),
            report=lambda _line: None,
        )
        return report, self.emulator.received[before:]

    def deck(self) -> dict[str, Any]:
        return self.emulator.presentation(DECK_ID)


@pytest.fixture
def targets(tmp_path: Path, emulator: EmulatorServer, policy: RetryPolicy) -> Targets:
    return Targets(tmp_path, emulator, policy)


def own_slides(deck: dict[str, Any]) -> list[str]:
    return [
        json.dumps(slide, sort_keys=True)
        for slide in deck["slides"]
        if generated_role(slide["objectId"]) is None
    ]


def test_sync_fills_the_named_deck_once_then_leaves_it_alone(targets: Targets) -> None:
    before = targets.deck()
    report, calls = targets.sync()
    (result,) = report.results
    assert result.action == "update", result.error
    assert result.presentation_id == DECK_ID
    # One read of the template's revision, one of the deck, one write; no copy, no properties.
    assert calls == ["presentations.get", "presentations.get", "presentations.batchUpdate"]
    after = targets.deck()
    assert own_slides(after) == own_slides(before)
    assert generated_role(after["slides"][2]["objectId"]) == "title"
    assert set(targets.emulator.live_files()) == {targets.template_id, DECK_ID}
    report, calls = targets.sync()
    assert [r.action for r in report.results] == ["unchanged"]
    assert "presentations.batchUpdate" not in calls


def test_a_changed_plan_redraws_the_slides_where_the_owner_moved_them(targets: Targets) -> None:
    targets.sync()
    deck = targets.deck()
    risks = next(s["objectId"] for s in deck["slides"] if generated_role(s["objectId"]) == "risks")
    targets.emulator.files[DECK_ID].presentation = apply(
        deck,
        [{"updateSlidesPosition": {"slideObjectIds": [risks], "insertionIndex": 0}}],
    )
    moved = targets.deck()
    text = targets.plan.read_text(encoding="utf-8").replace(
        "Northwind Freight — GitLab", "Northwind Freight Group — GitLab"
    )
    targets.plan.write_text(text, encoding="utf-8")
    report, _calls = targets.sync()
    assert [r.action for r in report.results] == ["update"], report.results[0].error
    after = targets.deck()
    assert [s["objectId"] for s in after["slides"]] == [s["objectId"] for s in moved["slides"]]
    assert own_slides(after) == own_slides(moved)


def test_hand_edits_in_the_named_deck_are_refused_unless_forced(targets: Targets) -> None:
    targets.sync()
    deck = targets.deck()
    element = next(
        e
        for s in deck["slides"]
        if generated_role(s["objectId"]) == "title"
        for e in walk_elements(s["pageElements"])
        if e["objectId"].startswith("sgc") and e.get("shape", {}).get("text")
    )
    targets.emulator.files[DECK_ID].presentation = apply(
        deck, [{"insertText": {"objectId": element["objectId"], "text": "EDIT "}}]
    )
    text = targets.plan.read_text(encoding="utf-8").replace("FY27", "FY28")
    targets.plan.write_text(text, encoding="utf-8")
    report, calls = targets.sync()
    assert [r.action for r in report.results] == ["drift"]
    assert "presentations.batchUpdate" not in calls
    report, _calls = targets.sync(force=True)
    assert [r.action for r in report.results] == ["update"], report.results[0].error
    assert "EDIT" not in json.dumps(targets.deck())


def test_a_named_deck_that_is_gone_fails_without_making_a_copy(targets: Targets) -> None:
    targets.write_plan(deck="no-such-deck")
    report, calls = targets.sync()
    (result,) = report.results
    assert result.action == "failed"
    assert "deck no-such-deck (the plan's deck.into) was not found" in (result.error or "")
    assert "files.copy" not in calls


def test_a_deck_filled_by_build_is_kept_current_by_sync_as_the_same_plans(
    targets: Targets,
) -> None:
    from click.testing import CliRunner

    from slidegen.cli import main

    built = CliRunner().invoke(main, ["build", str(targets.plan), "--backend", "google"])
    assert built.exit_code == 0, built.output
    ids = [slide["objectId"] for slide in targets.deck()["slides"]]
    targets.write_plan()
    with targets.plan.open("a", encoding="utf-8") as handle:
        handle.write("  title: false\n")
    report, calls = targets.sync()
    (result,) = report.results
    assert result.action == "update", result.error
    assert "presentations.batchUpdate" in calls
    after = [slide["objectId"] for slide in targets.deck()["slides"]]
    # Not another plan's slides: the same ones, redrawn in place, less the title slide.
    assert after == [slide_id for slide_id in ids if generated_role(slide_id) != "title"]
