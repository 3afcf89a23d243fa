"""`watch --backend google`: one Google deck updated in place on each saved change."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from click.testing import CliRunner
from test_sync_support import PLAN_YAML

from slidegen.backends.ratelimit import TokenBucket
from slidegen.cli import main
from slidegen.cli.sync_cmds import live_deck_rebuilder
from slidegen.config import Config
from slidegen.emulator import EmulatorServer
from slidegen.errors import SlidegenError
from slidegen.templates import load_default_template

pytest_plugins = ["conftest_google"]

TODAY = dt.date(2026, 11, 20)
NOW = dt.datetime(2026, 11, 20, 12, 4, 10)


class Clock:
    """A clock that only moves when the code under test sleeps."""

    def __init__(self) -> None:
        self.now = 0.0

    def time(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.now += seconds


@pytest.fixture
def plan(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    path = tmp_path / "acme.yaml"
    path.write_text(PLAN_YAML)
    return path


def test_each_saved_change_is_one_write_to_the_same_deck(
    plan: Path, emulator: EmulatorServer, tmp_path: Path
) -> None:
    template_id = emulator.add_presentation(load_default_template(), name="Template")
    clock = Clock()
    bucket = TokenBucket(1, clock=clock.time, sleep=clock.sleep)
    rebuild = live_deck_rebuilder(
        Config(),
        backend_name="google",
        template_id=template_id,
        template_path=None,
        state_file=tmp_path / "state.json",
        today=lambda: TODAY,
        bucket=bucket,
        now=lambda: NOW,
    )

    created = rebuild(plan)
    assert created.startswith("12:04:10 created https://docs.google.com/presentation/d/")
    url = created.split()[2]

    before = len(emulator.received)
    assert rebuild(plan) == f"12:04:10 unchanged {url}"
    assert emulator.received[before:] == ["presentations.get"]

    plan.write_text(PLAN_YAML.replace("status: planned", "status: done"))
    before = len(emulator.received)
    updated = rebuild(plan)
    assert updated == f"12:04:10 updated {url} (1 activity done)"
    assert emulator.received[before:] == [
        "presentations.get",
        "presentations.get",
        "presentations.batchUpdate",
    ]
    # At one write a minute, the three writes (copy and batchUpdate, then the
    # update's batchUpdate) were spaced a minute apart.
    assert bucket.waited == pytest.approx(2 * 60.0)


def test_an_invalid_save_fails_that_round_and_names_the_problem(
    plan: Path, emulator: EmulatorServer, tmp_path: Path
) -> None:
    template_id = emulator.add_presentation(load_default_template(), name="Template")
    rebuild = live_deck_rebuilder(
        Config(),
        backend_name="google",
        template_id=template_id,
        template_path=None,
        state_file=tmp_path / "state.json",
        today=lambda: TODAY,
        bucket=TokenBucket(600),
    )
    plan.write_text(PLAN_YAML.replace("relationship: good", "relationship: great"))

    with pytest.raises(SlidegenError, match="relationship"):
        rebuild(plan)
    assert "presentations.batchUpdate" not in emulator.received


def test_watch_google_refuses_an_output_file(plan: Path) -> None:
    result = CliRunner().invoke(
        main, ["watch", str(plan), "--backend", "google", "-o", "deck.pptx"]
    )
    assert result.exit_code == 2
    assert "'-o' / '--output'" in result.stderr
