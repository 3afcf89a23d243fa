"""A `build --into` process killed with SIGKILL at any step leaves all the slides or none.

The account team's deck is served by the loopback emulator; slidegen runs as
a real subprocess, which the test kills while the emulator holds one of its
calls. The deck then holds either every generated slide or none of them, its
own slides untouched, and running again finishes the job.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest
from into_support import own_deck

from slidegen.backends.google.client import EMULATOR_ENV
from slidegen.emulator import EmulatorServer, Fault
from slidegen.layout.template import generated_role

pytest_plugins = ["conftest_google"]

EXAMPLE = Path(__file__).parents[1] / "plan_inputs" / "example.yaml"
HELD = 600.0
"""Seconds the emulator holds a call: far longer than any test waits, so the kill comes first."""


def own_slides(deck: dict[str, Any]) -> list[str]:
    return [
        json.dumps(slide, sort_keys=True)
        for slide in deck["slides"]
        if generated_role(slide["objectId"]) is None
    ]


def generated(deck: dict[str, Any]) -> list[str]:
    return [s["objectId"] for s in deck["slides"] if generated_role(s["objectId"]) is not None]


def build(emulator: EmulatorServer, plan: Path, deck_id: str, cwd: Path) -> subprocess.Popen[str]:
    """Start `slidegen build --into` against the emulator as a process of its own."""
    environment = {**os.environ, EMULATOR_ENV: emulator.address}
    command = [sys.executable, "-m", "slidegen", "build", str(plan), "--backend", "google"]
    command += ["--into", deck_id, "--as-of", "2026-11-26", "--json"]
    return subprocess.Popen(
        command,
        cwd=cwd,
        env=environment,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def wait_for(
    emulator: EmulatorServer,
    process: subprocess.Popen[str],
    method: str,
    *,
    applied: bool = False,
    may_end: bool = False,
) -> None:
    """Return once the emulator received (or `applied`) a call of `method`.

    The process ending first fails the test, unless it `may_end`.
    """
    while (emulator.applied[method] if applied else emulator.received.count(method)) < 1:
        if process.poll() is not None:
            if may_end:
                return
            out, err = process.communicate()
            pytest.fail(f"the build ended before its {method} call:\n{out}\n{err}")
        time.sleep(0.01)


def kill(process: subprocess.Popen[str]) -> None:
    if process.poll() is None:
        process.send_signal(signal.SIGKILL)
    process.wait()
    assert process.stdout is not None and process.stderr is not None
    process.stdout.close()
    process.stderr.close()


@pytest.mark.parametrize(
    "step",
    ["before the read", "after the read", "while the write is applied", "after the write"],
)
def test_a_killed_fill_leaves_all_the_slides_or_none_and_a_rerun_finishes(
    emulator: EmulatorServer, tmp_path: Path, step: str
) -> None:
    plan = tmp_path / "northwind.yaml"
    plan.write_text(EXAMPLE.read_text(encoding="utf-8"), encoding="utf-8")
    deck_id = emulator.add_presentation(own_deck(4), file_id="ae-killed-deck")
    before = emulator.presentation(deck_id)
    if step == "before the read":
        emulator.inject("presentations.get", Fault.timeout(HELD))
    elif step == "after the read":
        # Read and answered; the write reaches the service but is not applied.
        emulator.inject("presentations.batchUpdate", Fault.timeout(HELD))
    elif step == "while the write is applied":
        # The service applies the batch; the process dies before it hears so.
        emulator.inject("presentations.batchUpdate", Fault.timeout(HELD, after_apply=True))
    process = build(emulator, plan, deck_id, tmp_path)
    if step == "before the read":
        wait_for(emulator, process, "presentations.get")
    elif step == "after the read":
        wait_for(emulator, process, "presentations.batchUpdate")
    else:
        # Killed once the service has applied the batch: still waiting, or already done.
        wait_for(
            emulator,
            process,
            "presentations.batchUpdate",
            applied=True,
            may_end=step == "after the write",
        )
    kill(process)

    killed = emulator.presentation(deck_id)
    assert own_slides(killed) == own_slides(before)
    assert not [s for s in killed["slides"] if s["objectId"].startswith("sgp")]
    landed = step in ("while the write is applied", "after the write")
    if landed:
        assert emulator.applied["presentations.batchUpdate"] == 1
        assert generated(killed)
    else:
        assert emulator.applied["presentations.batchUpdate"] == 0
        assert killed == before

    rerun = build(emulator, plan, deck_id, tmp_path)
    out, err = rerun.communicate()
    assert rerun.returncode == 0, f"{out}\n{err}"
    run = json.loads(out)["decks"][0]
    after = emulator.presentation(deck_id)
    assert own_slides(after) == own_slides(before)
    assert len(generated(after)) == sum(run["slides"].values())
    if landed:
        # The re-run redrew the slides the killed run had put in, where they stood.
        assert generated(after) == generated(killed)
