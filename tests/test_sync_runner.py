"""The sync runner's decisions, with a file-writing stand-in for the deck builder."""

from __future__ import annotations

import datetime as dt
import json
import threading
from pathlib import Path

import pytest
from test_sync_support import PLAN_YAML

from slidegen.config import Config, DeckConfig, StyleConfig, SyncConfig
from slidegen.errors import AuthError, BackendError
from slidegen.plan.model import Plan
from slidegen.sync import runner
from slidegen.sync.fingerprint import plan_key, shard_of
from slidegen.sync.lock import SyncLock
from slidegen.sync.report import SyncReport
from slidegen.sync.runner import SyncOptions, discover_plans, parse_shard, sync_plans
from slidegen.sync.state import SyncState

TODAY = dt.date(2026, 11, 20)


class RecordingOps:
    """Offline deck ops that write a small text file instead of a .pptx."""

    def __init__(self) -> None:
        self.revision = "template-1"
        self.rendered: list[tuple[str, str | None]] = []
        self.warnings: list[str] = []

    def template_revision(self) -> str:
        return self.revision

    def render(
        self, plan: Plan, today: dt.date, output: Path, changes_note: str | None
    ) -> list[str]:
        output.parent.mkdir(parents=True, exist_ok=True)
        output.write_text(f"{plan.customer}\n{changes_note or ''}")
        self.rendered.append((output.name, changes_note))
        return [f"{plan.customer}: {warning}" for warning in self.warnings]


@pytest.fixture
def workspace(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    plans = tmp_path / "plans"
    plans.mkdir()
    (plans / "acme.yaml").write_text(PLAN_YAML)
    (plans / "globex.yaml").write_text(PLAN_YAML.replace("Acme Rockets", "Globex"))
    return tmp_path


def _config(root: Path) -> Config:
    return Config(
        deck=DeckConfig(output_dir=str(root / "out")),
        sync=SyncConfig(state_file=str(root / "state.json")),
    )


def _sync(root: Path, ops: RecordingOps, today: dt.date = TODAY, **options: object) -> SyncReport:
    return sync_plans(
        [root / "plans"],
        _config(root),
        backend_name="offline",
        options=SyncOptions(today=today, **options),  # type: ignore[arg-type]
        make_ops=lambda: ops,
        report=lambda _line: None,
    )


def test_first_run_creates_then_nothing_is_rewritten(workspace: Path) -> None:
    ops = RecordingOps()
    first = _sync(workspace, ops)
    assert [r.action for r in first.results] == ["create", "create"]
    assert first.exit_code == 0
    written = {path.name: path.stat().st_mtime_ns for path in (workspace / "out").iterdir()}
    assert set(written) == {"acme.pptx", "globex.pptx"}
    second = _sync(workspace, ops)
    assert [r.action for r in second.results] == ["unchanged", "unchanged"]
    assert [r.writes for r in second.results] == [0, 0]
    assert len(ops.rendered) == 2
    state = json.loads((workspace / "state.json").read_text())
    assert set(state["decks"]["offline"]) == {"plans/acme.yaml", "plans/globex.yaml"}


def test_the_warnings_of_each_build_reach_the_plan_result(workspace: Path) -> None:
    ops = RecordingOps()
    ops.warnings = ["risks: text shortened to fit"]
    report = _sync(workspace, ops)
    assert [r.notes for r in report.results] == [
        ["Acme Rockets: risks: text shortened to fit"],
        ["Globex: risks: text shortened to fit"],
    ]


def test_a_changed_plan_is_rewritten_with_a_change_summary(workspace: Path) -> None:
    ops = RecordingOps()
    _sync(workspace, ops)
    plan = workspace / "plans" / "acme.yaml"
    plan.write_text(
        plan.read_text() + "  - id: R2\n    risk: Reorg\n    impact: low\n    likelihood: low\n"
    )
    report = _sync(workspace, ops)
    acme, globex = report.results
    assert (acme.action, globex.action) == ("update", "unchanged")
    assert acme.changes == ["risk R2 added"]
    assert ops.rendered[-1] == ("acme.pptx", "Changes 2026-11-20: risk R2 added")


def test_template_change_rewrites_every_deck(workspace: Path) -> None:
    ops = RecordingOps()
    _sync(workspace, ops)
    ops.revision = "template-2"
    report = _sync(workspace, ops)
    assert [r.action for r in report.results] == ["update", "update"]
    assert report.results[0].changes == ["template updated"]


def test_the_day_an_activity_falls_overdue_triggers_an_update(workspace: Path) -> None:
    ops = RecordingOps()
    _sync(workspace, ops, today=dt.date(2026, 11, 30))
    assert _sync(workspace, ops, today=dt.date(2026, 12, 1)).results[0].action == "unchanged"
    moved = _sync(workspace, ops, today=dt.date(2026, 12, 2))
    assert [r.action for r in moved.results] == ["update", "update"]
    assert moved.results[0].changes == ["1 activity now overdue"]
    assert _sync(workspace, ops, today=dt.date(2026, 12, 9)).results[0].action == "unchanged"


def test_a_missing_output_is_written_again(workspace: Path) -> None:
    ops = RecordingOps()
    _sync(workspace, ops)
    (workspace / "out" / "globex.pptx").unlink()
    report = _sync(workspace, ops)
    assert [r.action for r in report.results] == ["unchanged", "create"]
    assert (workspace / "out" / "globex.pptx").exists()


def test_an_invalid_plan_fails_alone_and_keeps_its_deck(workspace: Path) -> None:
    ops = RecordingOps()
    _sync(workspace, ops)
    deck = workspace / "out" / "acme.pptx"
    before = deck.read_text()
    (workspace / "plans" / "acme.yaml").write_text(PLAN_YAML.replace("customer:", "custmer:"))
    (workspace / "plans" / "globex.yaml").write_text(
        PLAN_YAML.replace("Acme Rockets", "Globex Corp")
    )
    report = _sync(workspace, ops)
    acme, globex = report.results
    assert acme.action == "failed"
    assert acme.error is not None and "acme.yaml:1" in acme.error
    assert globex.action == "update"
    assert report.exit_code == 1
    assert deck.read_text() == before
    state = json.loads((workspace / "state.json").read_text())
    assert state["decks"]["offline"]["plans/acme.yaml"]["fingerprint"]


def test_dry_run_writes_nothing(workspace: Path) -> None:
    ops = RecordingOps()
    report = _sync(workspace, ops, dry_run=True)
    assert [r.action for r in report.results] == ["create", "create"]
    assert report.dry_run and ops.rendered == []
    assert not (workspace / "state.json").exists()
    assert not (workspace / "out").exists()


def test_lock_held_means_nothing_runs(workspace: Path) -> None:
    ops = RecordingOps()
    with SyncLock(workspace / "state.json"):
        report = _sync(workspace, ops)
    assert report.exit_code == 2
    assert report.fatal is not None and "another slidegen sync" in report.fatal
    assert report.results == [] and ops.rendered == []


def test_missing_paths_and_a_bad_state_file_stop_the_run(workspace: Path) -> None:
    ops = RecordingOps()
    report = sync_plans(
        [workspace / "nope"],
        _config(workspace),
        backend_name="offline",
        options=SyncOptions(today=TODAY),
        make_ops=lambda: ops,
    )
    assert report.exit_code == 2 and "no such plan file" in str(report.fatal)
    (workspace / "state.json").write_text("[")
    assert _sync(workspace, ops).exit_code == 2


def test_shards_split_the_plans_without_overlap(workspace: Path) -> None:
    for number in range(12):
        (workspace / "plans" / f"c{number}.yaml").write_text(
            PLAN_YAML.replace("Acme Rockets", f"Customer {number}")
        )
    seen: list[str] = []
    for index in (1, 2, 3):
        report = _sync(workspace, RecordingOps(), shard=(index, 3), dry_run=True)
        keys = [r.plan_key for r in report.results]
        assert all(shard_of(key, 3) == index for key in keys)
        seen += keys
    assert sorted(seen) == sorted(
        plan_key(path, workspace) for path in (workspace / "plans").glob("*.yaml")
    )


def test_parse_shard_and_discovery(workspace: Path) -> None:
    assert parse_shard("2/4") == (2, 4)
    for bad in ("0/3", "4/3", "x", "1/2/3"):
        with pytest.raises(ValueError):
            parse_shard(bad)
    (workspace / "plans" / ".hidden").mkdir()
    (workspace / "plans" / ".hidden" / "x.yaml").write_text(PLAN_YAML)
    (workspace / "plans" / "notes.txt").write_text("not a plan")
    found = discover_plans([workspace / "plans", workspace / "plans" / "acme.yaml"])
    assert [path.name for path in found] == ["acme.yaml", "globex.yaml"]


def test_two_overlapping_runs_never_both_write(workspace: Path) -> None:
    started, release = threading.Event(), threading.Event()

    class SlowOps(RecordingOps):
        def template_revision(self) -> str:
            started.set()
            assert release.wait(timeout=30)
            return super().template_revision()

    reports: list[SyncReport] = []
    slow = SlowOps()
    first = threading.Thread(target=lambda: reports.append(_sync(workspace, slow)))
    first.start()
    assert started.wait(timeout=30)
    second_ops = RecordingOps()
    second = _sync(workspace, second_ops)
    release.set()
    first.join(timeout=60)
    assert second.exit_code == 2 and "another slidegen sync" in str(second.fatal)
    assert second_ops.rendered == []
    assert [r.action for r in reports[0].results] == ["create", "create"]
    assert _sync(workspace, RecordingOps()).exit_code == 0


@pytest.mark.parametrize(
    ("error", "message"),
    [
        (AuthError("credentials expired"), "credentials expired"),
        (BackendError("File not found: tpl", status=404), "cannot read the template"),
    ],
)
def test_a_failure_every_plan_shares_stops_the_run(
    workspace: Path, error: Exception, message: str
) -> None:
    class BrokenOps(RecordingOps):
        def template_revision(self) -> str:
            raise error

    report = _sync(workspace, BrokenOps())
    assert report.exit_code == 2
    assert message in str(report.fatal)
    assert report.results == []


def test_the_state_file_is_written_once_at_the_end(
    workspace: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    saves: list[int] = []
    original = SyncState.save

    def counting_save(state: SyncState) -> None:
        saves.append(len(state.decks.get("offline", {})))
        original(state)

    monkeypatch.setattr(SyncState, "save", counting_save)
    _sync(workspace, RecordingOps())
    assert saves == [2]


@pytest.fixture
def loads(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Record the name of every plan file the runner parses."""
    loaded: list[str] = []
    real = runner.load_plan

    def counting(path: Path, config: Config) -> Plan:
        loaded.append(path.name)
        return real(path, config)

    monkeypatch.setattr(runner, "load_plan", counting)
    return loaded


def test_an_unchanged_plan_file_is_not_parsed_again(workspace: Path, loads: list[str]) -> None:
    ops = RecordingOps()
    _sync(workspace, ops)
    assert loads == ["acme.yaml", "globex.yaml"]
    loads.clear()
    again = _sync(workspace, ops)
    assert [r.action for r in again.results] == ["unchanged", "unchanged"]
    assert loads == []
    assert again.results[0].url == (workspace / "out" / "acme.pptx").resolve().as_uri()
    # Any other byte, or the same bytes under other settings, is parsed and compared.
    plan = workspace / "plans" / "acme.yaml"
    plan.write_text(plan.read_text().replace("Budget freeze", "Budget  freeze"))
    assert [r.action for r in _sync(workspace, ops).results] == ["update", "unchanged"]
    assert loads == ["acme.yaml"]
    loads.clear()
    config = _config(workspace)
    sync_plans(
        [workspace / "plans"],
        config.model_copy(update={"style": StyleConfig(body_font_pt=11)}),
        backend_name="offline",
        options=SyncOptions(today=TODAY),
        make_ops=lambda: ops,
        report=lambda _line: None,
    )
    assert loads == ["acme.yaml", "globex.yaml"]


def test_a_plan_is_parsed_on_the_day_its_fingerprint_may_move(
    workspace: Path, loads: list[str]
) -> None:
    ops = RecordingOps()
    _sync(workspace, ops, today=dt.date(2026, 11, 30))
    state = json.loads((workspace / "state.json").read_text())
    assert state["decks"]["offline"]["plans/acme.yaml"]["steady_until"] == "2026-12-01"
    loads.clear()
    assert _sync(workspace, ops, today=dt.date(2026, 12, 1)).results[0].action == "unchanged"
    assert loads == []
    # An earlier date than the record's is never taken on trust.
    assert _sync(workspace, ops, today=dt.date(2026, 11, 29)).results[0].action == "unchanged"
    assert loads == ["acme.yaml", "globex.yaml"]


def test_a_plan_with_a_local_image_is_parsed_every_run(workspace: Path, loads: list[str]) -> None:
    image = workspace / "plans" / "current.png"
    image.write_bytes(TINY_PNG)
    plan = workspace / "plans" / "acme.yaml"
    plan.write_text(plan.read_text() + "architecture:\n  current:\n    image: current.png\n")
    ops = RecordingOps()
    assert [r.action for r in _sync(workspace, ops).results] == ["create", "create"]
    loads.clear()
    image.unlink()
    acme, globex = _sync(workspace, ops).results
    assert loads == ["acme.yaml"]
    assert acme.action == "failed"
    assert globex.action == "unchanged"


TINY_PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000002000000020802000000fdd49a73000000164944415478"
    "9c63fcffff3f030303130303030303030024060301fc35de9b0000000049454e44ae426082"
)
