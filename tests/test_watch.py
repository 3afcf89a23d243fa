"""The watch loop: build on start, rebuild on save, survive invalid plans, stop on Ctrl-C."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import pytest

from slidegen.errors import InputError
from slidegen.sync.watch import WatchSummary, file_signature, watch


class Script:
    """A fake clock whose sleeps run scheduled file edits, one poll at a time."""

    def __init__(self, edits: dict[int, Callable[[], None]]) -> None:
        self.now = 0.0
        self.polls = 0
        self.edits = edits

    def clock(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.now += seconds
        self.polls += 1
        edit = self.edits.get(self.polls)
        if edit is not None:
            edit()

    def run(
        self,
        plan: Path,
        built: list[str],
        report: Callable[[str], None] = lambda _: None,
        *,
        max_iterations: int,
        **timing: float,
    ) -> WatchSummary:
        """Watch `plan` on this clock, each good build's text appended to `built`."""
        return watch(
            plan,
            _builder(built),
            report,
            max_iterations=max_iterations,
            sleep=self.sleep,
            clock=self.clock,
            **timing,
        )


def _save(path: Path, text: str, stamp: int) -> Callable[[], None]:
    def save() -> None:
        path.write_text(text)
        os.utime(path, ns=(stamp * 10**9, stamp * 10**9))

    return save


def _builder(log: list[str]) -> Callable[[Path], str]:
    def rebuild(path: Path) -> str:
        text = path.read_text()
        if "broken" in text:
            raise InputError.single(path, "customer: field required", line=1, column=1)
        log.append(text)
        return f"built {text}"

    return rebuild


def test_builds_once_then_once_per_save(tmp_path: Path) -> None:
    plan = tmp_path / "plan.yaml"
    _save(plan, "v1", 1)()
    script = Script({3: _save(plan, "v2", 2), 10: _save(plan, "v3", 3)})
    built: list[str] = []
    lines: list[str] = []
    summary = script.run(plan, built, lines.append, max_iterations=20)
    assert built == ["v1", "v2", "v3"]
    assert summary.builds == 3 and summary.failures == 0 and not summary.interrupted
    assert lines[0] == "built v1"


def test_a_burst_of_writes_builds_once_after_it_settles(tmp_path: Path) -> None:
    plan = tmp_path / "plan.yaml"
    _save(plan, "v1", 1)()
    edits = {poll: _save(plan, f"v{poll}", poll) for poll in (3, 4, 5)}
    script = Script(edits)
    built: list[str] = []
    script.run(plan, built, interval=0.2, debounce=0.3, max_iterations=12)
    assert built == ["v1", "v5"]


def test_an_invalid_plan_is_reported_and_watching_continues(tmp_path: Path) -> None:
    plan = tmp_path / "plan.yaml"
    _save(plan, "v1", 1)()
    script = Script({2: _save(plan, "broken", 2), 6: _save(plan, "v3", 3)})
    built: list[str] = []
    lines: list[str] = []
    summary = script.run(plan, built, lines.append, max_iterations=10)
    assert built == ["v1", "v3"]
    assert summary.failures == 1
    assert any("1 problem(s)" in line for line in lines)
    assert any("plan.yaml:1:1: customer: field required" in line for line in lines)


def test_waits_for_a_missing_file(tmp_path: Path) -> None:
    plan = tmp_path / "plan.yaml"
    script = Script({4: _save(plan, "v1", 1)})
    built: list[str] = []
    lines: list[str] = []
    script.run(plan, built, lines.append, max_iterations=8)
    assert built == ["v1"]
    assert lines[0].startswith("waiting for")


def test_ctrl_c_stops_cleanly(tmp_path: Path) -> None:
    plan = tmp_path / "plan.yaml"
    _save(plan, "v1", 1)()

    def interrupt(_: float) -> None:
        raise KeyboardInterrupt

    lines: list[str] = []
    summary = watch(plan, _builder([]), lines.append, sleep=interrupt)
    assert summary.interrupted
    assert lines[-1] == "stopped watching"


def test_signature_changes_with_size_even_within_one_timestamp(tmp_path: Path) -> None:
    plan = tmp_path / "plan.yaml"
    _save(plan, "short", 5)()
    before = file_signature(plan)
    _save(plan, "much longer", 5)()
    assert file_signature(plan) != before
    assert file_signature(tmp_path / "absent.yaml") is None


@pytest.mark.parametrize("debounce", [0.0, 1.0])
def test_debounce_delays_but_never_drops_a_build(tmp_path: Path, debounce: float) -> None:
    plan = tmp_path / "plan.yaml"
    _save(plan, "v1", 1)()
    script = Script({2: _save(plan, "v2", 2)})
    built: list[str] = []
    script.run(plan, built, interval=0.5, debounce=debounce, max_iterations=6)
    assert built == ["v1", "v2"]
