"""Sync converges after any fault on any call, and after a kill at any step.

Every case runs the real Google client against the loopback emulator. A
faulted (or killed) run is followed by a clean one; the end state must be
exactly one filled deck per plan, showing the plan (its generated text equals
a fault-free build's), sealed with the plan's fingerprint, recorded in the
state file, with what a person added still there, and a further run must
find nothing to write.

A kill is simulated in-process: the run stops at the chosen call (before it
is sent) by an exception no handler catches, and the state file and its
journal are put back as they were at that moment, since a process killed
with SIGKILL runs none of its clean-up.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from test_sync_support import PLAN_YAML

from slidegen.backends.base import CallCounter
from slidegen.backends.google.backend import GoogleBackend
from slidegen.backends.google.client import EMULATOR_ENV
from slidegen.backends.google.retry import RetryPolicy
from slidegen.backends.ratelimit import TokenBucket
from slidegen.config import Config, SyncConfig
from slidegen.emulator import EmulatorServer, Fault
from slidegen.sync.decks import DriveDeckOps
from slidegen.sync.drift import find_drift, walk_elements
from slidegen.sync.report import SyncReport
from slidegen.sync.runner import SyncOptions, sync_plans
from slidegen.sync.seal import read_seal
from slidegen.sync.state import SyncState
from slidegen.templates import load_default_template

pytest_plugins = ["conftest_google"]

TODAY = dt.date(2026, 11, 20)
NEW_RISK = "  - id: R2\n    risk: Reorg\n    impact: low\n    likelihood: low\n"
WRITES = {"files.copy", "files.update", "files.delete", "presentations.batchUpdate"}
KEY = "plans/acme.yaml"

FAULTS: dict[str, list[Fault]] = {
    "500": [Fault.status(500)],
    "503-after-apply": [Fault.status_after_apply(503)],
    "reset": [Fault.reset()],
    "response-lost": [Fault.response_lost()],
    "timeout": [Fault.timeout()],
    "timeout-after-apply": [Fault.timeout(after_apply=True)],
    "429": [Fault.quota(retry_after=1)],
    "503-every-attempt": [Fault.status(503)] * 4,
    "lost-every-attempt": [Fault.response_lost()] * 4,
}
"""Each fault kind, once and on every attempt the retry policy makes (four)."""

# The calls each case makes, in order: (method, how many earlier calls of it to let through).
CALLS: dict[str, list[tuple[str, int]]] = {
    # No state file yet: read the template, search for a deck a lost state knew, then build.
    "create": [
        ("presentations.get", 0),
        ("files.list", 0),
        ("files.copy", 0),
        ("presentations.get", 1),
        ("presentations.batchUpdate", 0),
    ],
    "update": [
        ("presentations.get", 0),
        ("presentations.get", 1),
        ("presentations.batchUpdate", 0),
    ],
    "unchanged": [("presentations.get", 0)],
}


class Killed(BaseException):
    """Stands for SIGKILL: no handler in slidegen catches it."""


class KillingCounter(CallCounter):
    """Counts calls like the backend's own counter, and kills the run before call `at`."""

    def __init__(self, at: int, files: list[Path]) -> None:
        super().__init__()
        self.at = at
        self.files = files
        self.on_disk: dict[Path, bytes | None] = {}

    def add(self, name: str) -> None:
        """Count a call, or stop the run here, remembering what was on disk."""
        if self.total + 1 == self.at:
            self.on_disk = {
                path: path.read_bytes() if path.exists() else None for path in self.files
            }
            raise Killed(name)
        super().add(name)

    def restore(self) -> None:
        """Put the files back as the killed process left them (no clean-up ran)."""
        for path, content in self.on_disk.items():
            if content is None:
                path.unlink(missing_ok=True)
            else:
                path.write_bytes(content)


class Space:
    """One plan, a state file and a template in the emulator."""

    def __init__(self, root: Path, emulator: EmulatorServer, policy: RetryPolicy) -> None:
        self.emulator = emulator
        self.policy = policy
        self.plans = root / "plans"
        self.plans.mkdir()
        self.acme = self.plans / "acme.yaml"
        self.acme.write_text(PLAN_YAML)
        self.state = root / "state.json"
        self.config = Config(sync=SyncConfig(state_file=str(self.state)))
        self.template_id = emulator.add_presentation(load_default_template(), name="Template")

    def backend(self) -> GoogleBackend:
        return GoogleBackend.from_config(self.config, policy=self.policy, timeout=30)

    def sync(self, backend: GoogleBackend | None = None) -> tuple[SyncReport, list[str]]:
        """Run a sync; return its report and the API calls it made."""
        before = len(self.emulator.received)
        ops = DriveDeckOps(backend or self.backend(), self.config, self.template_id)
        report = sync_plans(
            [self.plans],
            self.config,
            backend_name="google",
            options=SyncOptions(today=TODAY),
            make_ops=lambda: ops,
            writes_bucket=TokenBucket(6000),
            report=lambda _line: None,
        )
        return report, self.emulator.received[before:]

    def killed_sync(self, at: int) -> None:
        """Run a sync killed before its call number `at`."""
        backend = self.backend()
        counter = KillingCounter(at, [self.state, SyncState(self.state).journal_path])
        backend.calls = counter
        with pytest.raises(Killed):
            self.sync(backend)
        counter.restore()

    def decks(self) -> list[str]:
        return sorted(f for f in self.emulator.live_files() if f != self.template_id)

    def record(self) -> dict[str, Any]:
        return dict(json.loads(self.state.read_text())["decks"]["google"][KEY])

    def add_sticky_note(self, deck_id: str) -> None:
        """Add what a person might: a text box of their own on the title slide."""
        deck = self.emulator.presentation(deck_id)
        self.backend().batch_update(
            deck_id,
            [
                {
                    "createShape": {
                        "objectId": "my_sticky_note",
                        "shapeType": "TEXT_BOX",
                        "elementProperties": {
                            "pageObjectId": deck["slides"][0]["objectId"],
                            "size": {
                                "width": {"magnitude": 2_000_000, "unit": "EMU"},
                                "height": {"magnitude": 300_000, "unit": "EMU"},
                            },
                            "transform": {"scaleX": 1, "scaleY": 1, "unit": "EMU"},
                        },
                    }
                },
                {"insertText": {"objectId": "my_sticky_note", "text": "Ask about budget"}},
            ],
        )


def generated_texts(deck: dict[str, Any]) -> list[str]:
    """Return the texts of a deck's generated content, in a stable order."""
    texts = []
    for slide in deck["slides"]:
        for element in walk_elements(slide.get("pageElements", [])):
            if not str(element.get("objectId", "")).startswith("sgc"):
                continue
            runs = element.get("shape", {}).get("text", {}).get("textElements", [])
            texts.append("".join(r.get("textRun", {}).get("content", "") for r in runs))
            for row in element.get("table", {}).get("tableRows", []):
                for cell in row.get("tableCells", []):
                    cell_runs = cell.get("text", {}).get("textElements", [])
                    texts.append(
                        "".join(r.get("textRun", {}).get("content", "") for r in cell_runs)
                    )
    return sorted(texts)


@pytest.fixture(scope="module")
def reference(tmp_path_factory: pytest.TempPathFactory) -> dict[str, list[str]]:
    """Return the generated texts of fault-free decks of the plan before and after the change."""
    found: dict[str, list[str]] = {}
    policy = RetryPolicy(max_attempts=4, sleep=lambda _s: None, random=lambda: 0.5)
    with pytest.MonkeyPatch.context() as patch, EmulatorServer() as emulator:
        patch.setenv(EMULATOR_ENV, emulator.address)
        for name, text in (("before", PLAN_YAML), ("after", PLAN_YAML + NEW_RISK)):
            space = Space(tmp_path_factory.mktemp(name), emulator, policy)
            space.acme.write_text(text)
            report, _ = space.sync()
            assert report.exit_code == 0, report.to_json()
            found[name] = generated_texts(emulator.presentation(space.decks()[0]))
    return found


@pytest.fixture
def space(tmp_path: Path, emulator: EmulatorServer, policy: RetryPolicy) -> Iterator[Space]:
    yield Space(tmp_path, emulator, policy)


def prepare(space: Space, case: str) -> str | None:
    """Bring the workspace to the start of `case`; return the existing deck, if any."""
    if case == "create":
        return None
    report, _ = space.sync()
    assert report.exit_code == 0, report.to_json()
    (deck_id,) = space.decks()
    space.add_sticky_note(deck_id)
    if case == "update":
        space.acme.write_text(PLAN_YAML + NEW_RISK)
    return deck_id


def assert_converged(
    space: Space, case: str, reference: dict[str, list[str]], earlier: str | None
) -> None:
    """Run cleanly and check: one correct, sealed, recorded deck; people's work kept."""
    report, _ = space.sync()
    assert report.exit_code == 0, report.to_json()
    (deck_id,) = space.decks()
    if earlier is not None:
        # An existing deck is never replaced: same ID, same link, people's additions kept.
        assert deck_id == earlier
        deck = space.emulator.presentation(deck_id)
        ids = {e["objectId"] for s in deck["slides"] for e in s.get("pageElements", [])}
        assert "my_sticky_note" in ids
    deck = space.emulator.presentation(deck_id)
    record = space.record()
    seal = read_seal(deck)
    assert seal is not None and seal.plan_key == KEY
    assert record["presentation_id"] == deck_id
    assert seal.fingerprint == record["fingerprint"]
    assert find_drift(deck, record["generated"]) == []
    assert generated_texts(deck) == reference["after" if case == "update" else "before"]
    again, calls = space.sync()
    assert [r.action for r in again.results] == ["unchanged"]
    assert not [call for call in calls if call in WRITES]


MATRIX = [
    pytest.param(case, method, skip, fault, id=f"{case}-{method}#{skip + 1}-{fault}")
    for case, calls in CALLS.items()
    for method, skip in calls
    for fault in FAULTS
]


@pytest.mark.parametrize(("case", "method", "skip", "fault"), MATRIX)
def test_any_fault_on_any_call_converges_to_one_correct_deck(
    space: Space,
    reference: dict[str, list[str]],
    case: str,
    method: str,
    skip: int,
    fault: str,
) -> None:
    earlier = prepare(space, case)
    space.emulator.inject(method, *([Fault.none()] * skip), *FAULTS[fault])

    report, _ = space.sync()

    # A run that gave up says so (for the plan, or for the run) and leaves no spare deck.
    if report.exit_code != 0:
        assert report.fatal or report.results[0].error
    assert len(space.decks()) <= 1
    assert_converged(space, case, reference, earlier)


KILLS = [
    pytest.param(case, at, id=f"{case}-before-call-{at}")
    for case, calls in CALLS.items()
    for at in range(1, len(calls) + 1)
]


@pytest.mark.parametrize(("case", "at"), KILLS)
def test_a_kill_before_any_call_converges_to_one_correct_deck(
    space: Space, reference: dict[str, list[str]], case: str, at: int
) -> None:
    earlier = prepare(space, case)

    space.killed_sync(at)

    assert_converged(space, case, reference, earlier)


@pytest.mark.parametrize("case", ["create", "update"])
def test_a_kill_after_the_write_landed_is_recognised_not_called_drift(
    space: Space, reference: dict[str, list[str]], case: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    earlier = prepare(space, case)

    def killed(_state: SyncState) -> None:
        raise Killed("saving the state")

    with monkeypatch.context() as patch:
        patch.setattr(SyncState, "save", killed)
        with pytest.raises(Killed):
            space.sync()

    report, calls = space.sync()
    (result,) = report.results
    assert (result.action, report.exit_code) == ("unchanged", 0)
    assert not [call for call in calls if call in WRITES]
    assert any("already shows this version" in note for note in result.notes)
    assert_converged(space, case, reference, earlier)


def test_a_kill_while_a_landed_fill_is_being_retried_is_finished_not_adopted(
    space: Space, reference: dict[str, list[str]]
) -> None:
    # The copy lands, its fill is refused twice by a 503, and the run dies while waiting.
    space.emulator.inject("presentations.batchUpdate", Fault.status(503))
    space.killed_sync(at=6)  # template, search, copy, read, failed write; killed at the retry
    (copy_id,) = space.decks()
    assert read_seal(space.emulator.presentation(copy_id)) is None

    report, calls = space.sync()
    (result,) = report.results
    assert (result.action, result.presentation_id) == ("create", copy_id)
    assert "files.copy" not in calls
    assert_converged(space, "create", reference, None)
    assert space.decks() == [copy_id]
