"""The `slidegen` program spends its startup loading, not collecting garbage."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

EXAMPLE_PLAN = Path(__file__).resolve().parents[1] / "plan_inputs" / "example.yaml"

# Runs the command as the installed script does, noting the frozen-object count at the
# start of every collection after slidegen.cli is imported: 0 means one ran during startup.
_RUN_AND_REPORT_COLLECTIONS = """
import atexit, gc, json, sys
from slidegen.cli import run
frozen_at_collections = []
def note(phase, info):
    if phase == "start":
        frozen_at_collections.append(gc.get_freeze_count())
gc.callbacks.append(note)
def report():
    seen = {
        "frozen_at_collections": frozen_at_collections,
        "collecting": gc.isenabled(),
        "young_threshold": gc.get_threshold()[0],
    }
    print(json.dumps(seen), file=sys.stderr)
atexit.register(report)
sys.argv = ["slidegen", *sys.argv[1:]]
run()
"""


def test_a_build_of_the_example_never_collects_garbage(tmp_path: Path) -> None:
    deck = tmp_path / "deck.pptx"
    build = ["build", str(EXAMPLE_PLAN), "-o", str(deck), "--as-of", "2026-11-26"]
    finished = subprocess.run(
        [sys.executable, "-c", _RUN_AND_REPORT_COLLECTIONS, *build],
        capture_output=True,
        text=True,
        check=True,
    )
    seen = json.loads(finished.stderr.strip().splitlines()[-1])

    assert deck.is_file()
    # The collector still runs on its own (a long `watch` collects its garbage) ...
    assert seen["collecting"]
    assert seen["young_threshold"] > 0
    # ... but never walks what startup made, nor what the example's build keeps until it
    # ends (its deck and requests took about 200 young collections at Python's default).
    assert seen["frozen_at_collections"] == []
