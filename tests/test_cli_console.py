"""-v, -q, -h and progress: what a person sees on stderr while slidegen works."""

from __future__ import annotations

import io
import json
import logging
from pathlib import Path

import pytest
from click.testing import CliRunner
from test_sync_support import PLAN_YAML

from slidegen.backends.google.retry import log as retry_log
from slidegen.cli import console, main
from slidegen.emulator import EmulatorServer
from slidegen.emulator.faults import Fault
from slidegen.templates import load_default_template

pytest_plugins = ["conftest_google"]

EXAMPLE_PLAN = Path(__file__).resolve().parents[1] / "plan_inputs" / "example.yaml"


@pytest.fixture(autouse=True)
def _in_tmp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)


def test_h_is_help_everywhere() -> None:
    for args in (["-h"], ["build", "-h"], ["template", "inspect", "-h"]):
        result = CliRunner().invoke(main, args)
        assert result.exit_code == 0, args
        assert "Usage:" in result.output


def test_every_command_takes_v_and_q() -> None:
    for args in (["build", "--help"], ["sync", "--help"], ["auth", "status", "--help"]):
        output = CliRunner().invoke(main, args).output
        assert "-v, --verbose" in output and "-q, --quiet" in output


def _retry_messages(*args: str) -> list[str]:
    """Run slidegen with `args` while a long and a short retry wait are logged."""

    def fake_load_config(*_args: object, **_kwargs: object) -> None:
        retry_log.warning("429 from presentations.batchUpdate; retrying in 8 s (attempt 2 of 6)")
        retry_log.info("503 from files.copy; retrying in 0.4 s (attempt 2 of 6)")
        retry_log.debug("calling files.copy")
        raise SystemExit(0)

    runner = CliRunner()
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr("slidegen.cli.plan_cmds.load_config", fake_load_config)
        result = runner.invoke(main, [*args])
    assert result.exit_code == 0, result.output
    return result.stderr.splitlines()


def test_long_waits_show_by_default_all_with_v_none_with_q() -> None:
    default = _retry_messages("validate", "x.yaml")
    verbose = _retry_messages("validate", "x.yaml", "-v")
    quiet = _retry_messages("-q", "validate", "x.yaml")

    long_wait = "429 from presentations.batchUpdate; retrying in 8 s (attempt 2 of 6)"
    short_wait = "503 from files.copy; retrying in 0.4 s (attempt 2 of 6)"
    assert long_wait in default and short_wait not in default
    assert {long_wait, short_wait, "calling files.copy"} <= set(verbose)
    assert long_wait not in quiet and short_wait not in quiet


def test_v_shows_each_api_call_of_a_google_build(emulator: EmulatorServer) -> None:
    template_id = emulator.add_presentation(load_default_template(), name="Template")
    emulator.inject("presentations.batchUpdate", Fault.quota(retry_after=0))

    result = CliRunner().invoke(
        main,
        ["build", str(EXAMPLE_PLAN), "--backend", "google", "--template-id", template_id, "-v"],
    )

    assert result.exit_code == 0, result.stderr
    lines = result.stderr.splitlines()
    assert "calling files.copy" in lines
    assert "429 from presentations.batchUpdate; retrying in 0 s (attempt 2 of 6)" in lines
    assert lines.count("calling presentations.batchUpdate") == 2


def test_q_hides_warnings_and_progress_but_not_errors(tmp_path: Path) -> None:
    (tmp_path / "bad.yaml").write_text("customer: X\n")
    args = ["build", str(EXAMPLE_PLAN), "bad.yaml", "--as-of", "2026-11-26", "-q"]

    result = CliRunner().invoke(main, args)

    assert result.exit_code == 1
    assert not [line for line in result.stderr.splitlines() if not line.startswith("error: ")]
    assert "error: bad.yaml:1:1: opportunity: missing required field 'opportunity'" in (
        result.stderr.splitlines()
    )


def test_several_plans_show_their_progress(tmp_path: Path) -> None:
    (tmp_path / "plans").mkdir()
    for name in ("a", "b"):
        (tmp_path / "plans" / f"{name}.yaml").write_text(PLAN_YAML)

    built = CliRunner().invoke(
        main, ["build", "plans/a.yaml", "plans/b.yaml", "--as-of", "2026-11-20", "--json"]
    )
    synced = CliRunner().invoke(
        main, ["sync", "plans", "--backend", "offline", "--as-of", "2026-11-20"]
    )

    assert built.stderr.splitlines()[:2] == ["[1/2] plans/a.yaml", "[2/2] plans/b.yaml"]
    assert len(json.loads(built.stdout)["decks"]) == 2
    assert [line.split(":")[0] for line in synced.stdout.splitlines()[:2]] == [
        "[1/2] plans/a.yaml",
        "[2/2] plans/b.yaml",
    ]


def test_progress_shows_elapsed_time_only_on_a_terminal() -> None:
    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    times = iter([100.0, 172.5])
    terminal, log_file = Terminal(), io.StringIO()
    console.set_level(console.NORMAL)

    console.Progress(40, stream=terminal, clock=lambda: next(times)).step(3, "acme.yaml")
    console.Progress(40, stream=log_file, clock=lambda: 0.0).step(3, "acme.yaml")

    assert terminal.getvalue() == "[3/40] acme.yaml (1:12)\n"
    assert log_file.getvalue() == "[3/40] acme.yaml\n"


def test_the_level_does_not_leak_between_runs() -> None:
    CliRunner().invoke(main, ["-q", "validate", "--help"])
    CliRunner().invoke(main, ["validate", "--help"])
    assert console.level() == logging.WARNING
