"""The `sync` and `watch` commands: output, JSON, exit codes."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from test_sync_support import PLAN_YAML

from slidegen.cli import main
from slidegen.emulator import EmulatorServer
from slidegen.sync.lock import SyncLock
from slidegen.templates import load_default_template

pytest_plugins = ["conftest_google"]


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "plans").mkdir()
    (tmp_path / "plans" / "acme.yaml").write_text(PLAN_YAML)
    (tmp_path / "config").mkdir()
    (tmp_path / "config" / "slidegen.yaml").write_text(
        "deck:\n  output_dir: decks\nsync:\n  writes_per_minute: 600\n"
    )
    return tmp_path


def _sync(*args: str) -> Any:
    return CliRunner().invoke(main, ["sync", *args], catch_exceptions=False)


def test_offline_sync_prints_per_plan_lines_and_a_summary(project: Path) -> None:
    first = _sync("plans", "--backend", "offline", "--as-of", "2026-11-20")
    assert first.exit_code == 0, first.output
    assert first.output.splitlines() == [
        f"plans/acme.yaml: create {(project / 'decks' / 'acme.pptx').as_uri()}",
        "1 plan(s): 1 create",
    ]
    assert (project / "decks" / "acme.pptx").stat().st_size > 10_000
    second = _sync("plans", "--backend", "offline", "--as-of", "2026-11-20")
    assert second.output.splitlines()[-1] == "1 plan(s): 1 unchanged"


def test_dry_run_names_the_changes(project: Path) -> None:
    _sync("plans", "--backend", "offline", "--as-of", "2026-11-20")
    plan = project / "plans" / "acme.yaml"
    plan.write_text(plan.read_text().replace("status: planned", "status: done"))
    result = _sync("plans", "--backend", "offline", "--as-of", "2026-11-20", "--dry-run")
    assert result.exit_code == 0
    assert result.output.splitlines()[0].startswith(
        "plans/acme.yaml: would update (1 activity done)"
    )
    assert result.output.splitlines()[-1].endswith("(dry run: nothing was written)")


def test_json_goes_to_stdout_and_invalid_plans_exit_1(project: Path) -> None:
    (project / "plans" / "broken.yaml").write_text("customer: [\n")
    result = CliRunner().invoke(
        main, ["sync", "plans", "--backend", "offline", "--json", "--as-of", "2026-11-20"]
    )
    assert result.exit_code == 1
    report = json.loads(result.stdout)
    assert report["exit_code"] == 1
    assert [(r["plan"], r["action"]) for r in report["results"]] == [
        ("plans/acme.yaml", "create"),
        ("plans/broken.yaml", "failed"),
    ]
    assert set(report["results"][0]) >= {
        "plan",
        "action",
        "presentation_id",
        "url",
        "changes",
        "error",
    }
    assert "broken.yaml:" in report["results"][1]["error"]
    assert "plans/broken.yaml: failed" in result.stderr


def test_a_bad_config_or_a_held_lock_exits_2(project: Path) -> None:
    with SyncLock(project / ".slidegen-state.json"):
        held = CliRunner().invoke(main, ["sync", "plans", "--backend", "offline", "--json"])
    assert held.exit_code == 2
    assert json.loads(held.stdout)["error"].startswith("another slidegen sync")
    (project / "config" / "slidegen.yaml").write_text("sync:\n  writes_per_minute: 0\n")
    bad = CliRunner().invoke(main, ["sync", "plans", "--backend", "offline"])
    assert bad.exit_code == 2
    assert "writes_per_minute" in bad.stderr
    shard = CliRunner().invoke(main, ["sync", "plans", "--shard", "3/2"])
    assert shard.exit_code == 2


def test_google_without_a_template_exits_2(project: Path) -> None:
    result = CliRunner().invoke(main, ["sync", "plans", "--backend", "google"])
    assert result.exit_code == 2
    assert "--template-id" in result.stderr


def test_google_sync_through_the_emulator(project: Path, emulator: EmulatorServer) -> None:
    template_id = emulator.add_presentation(load_default_template(), name="Template")
    args = ["plans", "--backend", "google", "--template-id", template_id, "--json"]
    first = CliRunner().invoke(main, ["sync", *args, "--as-of", "2026-11-20"])
    assert first.exit_code == 0, first.stderr
    (created,) = json.loads(first.stdout)["results"]
    assert created["action"] == "create"
    assert created["url"] == (
        f"https://docs.google.com/presentation/d/{created['presentation_id']}/edit"
    )
    calls = len(emulator.received)
    again = CliRunner().invoke(main, ["sync", *args, "--as-of", "2026-11-20"])
    report = json.loads(again.stdout)
    assert [r["action"] for r in report["results"]] == ["unchanged"]
    assert report["api_calls"] == {"presentations.get": 1}
    assert emulator.received[calls:] == ["presentations.get"]


def test_watch_builds_and_stops(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from slidegen.cli import sync_cmds
    from slidegen.sync import watch as watch_module

    def interrupt(_: float) -> None:
        raise KeyboardInterrupt

    def bounded(*args: Any, **kwargs: Any) -> Any:
        return watch_module.watch(*args, **{**kwargs, "sleep": interrupt})

    monkeypatch.setattr(sync_cmds, "watch_loop", bounded)
    result = CliRunner().invoke(main, ["watch", "plans/acme.yaml", "-o", "out/acme.pptx"])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0].endswith("wrote out/acme.pptx")
    assert lines[1:] == ["watching plans/acme.yaml (Ctrl-C to stop)", "stopped watching"]
    assert (project / "out" / "acme.pptx").exists()


def test_every_command_has_help_with_an_example() -> None:
    for command in ("sync", "watch"):
        result = CliRunner().invoke(main, [command, "--help"])
        assert result.exit_code == 0
        assert "Example:" in result.output and f"slidegen {command}" in result.output


def test_a_run_from_another_folder_finds_the_same_decks(
    project: Path, emulator: EmulatorServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    template_id = emulator.add_presentation(load_default_template(), name="Template")
    options = [
        "--backend",
        "google",
        "--template-id",
        template_id,
        "--json",
        "--as-of",
        "2026-11-20",
    ]
    first = CliRunner().invoke(main, ["sync", "plans", *options])
    (created,) = json.loads(first.stdout)["results"]
    monkeypatch.chdir(project / "plans")
    again = CliRunner().invoke(main, ["sync", ".", *options])
    report = json.loads(again.stdout)
    assert again.exit_code == 0, again.stderr
    assert [(r["action"], r["plan_key"]) for r in report["results"]] == [
        ("unchanged", "plans/acme.yaml")
    ]
    assert report["results"][0]["presentation_id"] == created["presentation_id"]
    assert not (project / "plans" / ".slidegen-state.json").exists()


def test_a_run_that_would_rekey_every_plan_stops_and_says_why(
    project: Path, emulator: EmulatorServer
) -> None:
    template_id = emulator.add_presentation(load_default_template(), name="Template")
    options = ["--backend", "google", "--template-id", template_id, "--as-of", "2026-11-20"]
    assert CliRunner().invoke(main, ["sync", "plans", *options]).exit_code == 0
    (project / "plans" / "slidegen.yaml").write_text("sync:\n  writes_per_minute: 600\n")
    moved = CliRunner().invoke(
        main,
        [
            "sync",
            "plans",
            *options,
            "--config",
            "plans/slidegen.yaml",
            "--state-file",
            ".slidegen-state.json",
        ],
    )
    assert moved.exit_code == 2
    assert "'acme.yaml' what the state calls 'plans/acme.yaml'" in moved.stderr
    assert len(emulator.live_files()) == 2
