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


def test_watch_into_keeps_the_slides_current_in_someone_elses_deck(
    plan: Path, emulator: EmulatorServer, tmp_path: Path
) -> None:
    from into_support import own_deck

    from slidegen.cli.sync_cmds import into_rebuilder
    from slidegen.layout.template import generated_role

    deck_id = emulator.add_presentation(own_deck(3), file_id="ae-watched-deck")
    clock = Clock()
    rebuild = into_rebuilder(
        Config(),
        backend_name="google",
        into=f"https://docs.google.com/presentation/d/{deck_id}/edit",
        after="1",
        title=False,
        output=None,
        template_path=None,
        template_id=None,
        today=lambda: TODAY,
        bucket=TokenBucket(1, clock=clock.time, sleep=clock.sleep),
        now=lambda: NOW,
    )
    filled = rebuild(plan)
    assert filled.startswith(f"12:04:10 filled https://docs.google.com/presentation/d/{deck_id}")
    assert emulator.received == ["presentations.get", "presentations.batchUpdate"]
    ids = [slide["objectId"] for slide in emulator.presentation(deck_id)["slides"]]
    assert ids[0] == "ae_slide_00"
    assert generated_role(ids[1]) == "business_outcomes"
    assert "title" not in {generated_role(slide_id) for slide_id in ids}

    assert rebuild(plan).startswith("12:04:10 unchanged")
    assert len(emulator.received) == 2

    plan.write_text(PLAN_YAML.replace("status: planned", "status: done"))
    rebuild(plan)
    assert emulator.received[2:] == ["presentations.get", "presentations.batchUpdate"]
    again = [slide["objectId"] for slide in emulator.presentation(deck_id)["slides"]]
    assert again == ids
    # The one write a save costs waits for the write quota like any other.
    assert clock.now > 0


def test_watch_into_refills_a_deck_file_offline(
    plan: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import json
    from typing import Any

    from into_support import own_deck

    from slidegen.cli import sync_cmds
    from slidegen.sync import watch as watch_module

    def interrupt(_: float) -> None:
        raise KeyboardInterrupt

    def bounded(*args: Any, **kwargs: Any) -> Any:
        return watch_module.watch(*args, **{**kwargs, "sleep": interrupt})

    monkeypatch.setattr(sync_cmds, "watch_loop", bounded)
    deck_path = tmp_path / "ae.json"
    deck_path.write_text(json.dumps(own_deck(2)), encoding="utf-8")
    args = ["watch", str(plan), "--into", str(deck_path), "--after", "2", "--no-title"]
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 0, result.output
    first = result.output.splitlines()[0]
    assert f"filled {deck_path} and {tmp_path / 'ae.pptx'}" in first
    filled = json.loads(deck_path.read_text(encoding="utf-8"))
    assert [s["objectId"] for s in filled["slides"]][:2] == ["ae_slide_00", "ae_slide_01"]
    assert (tmp_path / "ae.pptx").is_file()
    refused = CliRunner().invoke(main, ["watch", str(plan), "--after", "2"])
    assert refused.exit_code == 2
    assert "--after goes with --into" in refused.output
