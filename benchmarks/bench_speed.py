"""Measure slidegen against its import floor: whole commands, build phases, scaling.

Every figure is a median over several runs taken in this one run, and each
whole-process time is divided by the import floor measured in the same run,
interleaved with it (``python3 -c "import pptx, pydantic, yaml, click"``), so
a machine busy with other work slows both sides of a ratio alike. Each line
ends with the target it is held to and whether it is met.

Run from the repository:

    python3 benchmarks/bench_speed.py            # everything (a few minutes)
    python3 benchmarks/bench_speed.py --quick    # skip the 1,000-row and 1,000-plan runs
"""

from __future__ import annotations

import argparse
import compileall
import datetime as dt
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from functools import partial
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
EXAMPLE = REPO / "plan_inputs" / "example.yaml"
AS_OF = "2026-11-26"
FLOOR_CODE = "import pptx, pydantic, yaml, click"
GOOGLE_PACKAGES = ("google", "googleapiclient", "google_auth_oauthlib", "httplib2", "requests")
MIB = 1024 * 1024


def slidegen_command() -> list[str]:
    """Return how to run the installed `slidegen` command with this interpreter."""
    script = Path(sys.executable).with_name("slidegen")
    return [str(script)] if script.is_file() else [sys.executable, "-m", "slidegen"]


def run_process(command: Sequence[str], cwd: Path | None = None) -> tuple[float, float]:
    """Run `command`; return its wall seconds and peak resident memory in MiB."""
    started = time.perf_counter()
    process = subprocess.Popen(
        command, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True
    )
    _pid, status, usage = os.wait4(process.pid, 0)
    elapsed = time.perf_counter() - started
    error = process.stderr.read() if process.stderr else ""
    if process.stderr:
        process.stderr.close()
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"{' '.join(command)} failed:\n{error}")
    return elapsed, usage.ru_maxrss / 1024  # ru_maxrss is in KiB on Linux


def interleaved(commands: dict[str, list[str]], runs: int, cwd: Path) -> dict[str, float]:
    """Return the median wall seconds of each command, running them round-robin."""
    timings: dict[str, list[float]] = {name: [] for name in commands}
    for _ in range(runs):
        for name, command in commands.items():
            timings[name].append(run_process(command, cwd)[0])
    return {name: statistics.median(values) for name, values in timings.items()}


def median_seconds(action: Callable[[], object], runs: int) -> float:
    """Return the median CPU seconds of `action` in this process (one warm-up run first)."""
    action()
    timings = []
    for _ in range(runs):
        started = time.process_time()
        action()
        timings.append(time.process_time() - started)
    return statistics.median(timings)


def benchmark_plan(name: str) -> Any:
    """Return the example plan (`name` "example") or the generated architecture of `name` parts."""
    from slidegen.config import Config

    if name == "example":
        from slidegen.plan.loader import load_plan

        return load_plan(EXAMPLE, Config())
    sys.path.insert(0, str(REPO / "tests"))
    from architecture_plans import Topology, generated_state, plan_with

    count = int(name)
    return plan_with({"current": generated_state(Topology(count, count // 10, seed=count))})


_FIRST_COMPOSE = """\
import datetime as dt, sys, time
sys.path.insert(0, sys.argv[1])
from bench_speed import AS_OF, benchmark_plan
from slidegen.config import Config
from slidegen.layout.compose import compose
from slidegen.templates import load_default_template
config, template, plan = Config(), load_default_template(), benchmark_plan(sys.argv[2])
started = time.process_time()
compose(plan, config, template, dt.date.fromisoformat(AS_OF))
print(time.process_time() - started)
"""


def first_compose_seconds(plan: str, runs: int) -> float:
    """Return the median CPU seconds of a fresh process's first compose of `plan`.

    A build composes once, with every cache of measured text still empty; the
    in-process medians time later composes, which find those caches warm.
    """
    command = [sys.executable, "-c", _FIRST_COMPOSE, str(REPO / "benchmarks"), plan]
    timings = []
    for _ in range(runs):
        finished = subprocess.run(command, capture_output=True, text=True, check=True)
        timings.append(float(finished.stdout.strip().splitlines()[-1]))
    return statistics.median(timings)


def verdict(value: float, limit: float) -> str:
    return "met" if value <= limit else "NOT met"


def ratio_line(label: str, seconds: float, floor: float, limit: float) -> str:
    ratio = seconds / floor
    judged = verdict(ratio, limit)
    return f"  {label:<44} {seconds:7.3f} s  {ratio:5.2f}× floor  (≤ {limit:g}×: {judged})"


def whole_commands(runs: int, folder: Path) -> None:
    """Print the command-line times against the import floor."""
    slidegen = slidegen_command()
    deck = folder / "example.pptx"
    medians = interleaved(
        {
            "floor": [sys.executable, "-c", FLOOR_CODE],
            "version": [*slidegen, "--version"],
            "validate": [*slidegen, "validate", str(EXAMPLE)],
            "build": [*slidegen, "build", str(EXAMPLE), "-o", str(deck), "--as-of", AS_OF],
        },
        runs,
        folder,
    )
    floor = medians["floor"]
    print(f"Whole process, wall time, median of {runs} (interleaved):")
    print(f"  {'import floor: ' + FLOOR_CODE:<44} {floor:7.3f} s")
    print(ratio_line("slidegen --version", medians["version"], floor, 1.1))
    print(ratio_line("slidegen validate plan_inputs/example.yaml", medians["validate"], floor, 1.3))
    print(ratio_line("slidegen build plan_inputs/example.yaml", medians["build"], floor, 3))
    loaded = google_modules_after_build(folder)
    print(
        "  offline build imports from Google's client libraries: "
        + (", ".join(loaded) if loaded else "nothing (met)")
    )


def google_modules_after_build(folder: Path) -> list[str]:
    """Return the Google client packages an offline build loads (should be none)."""
    code = (
        "import json, sys\n"
        "from slidegen.cli import main\n"
        "main(sys.argv[1:], standalone_mode=False)\n"
        "print(json.dumps(sorted({m.split('.')[0] for m in sys.modules})), file=sys.stderr)\n"
    )
    deck = folder / "modules.pptx"
    finished = subprocess.run(
        [sys.executable, "-c", code, "build", str(EXAMPLE), "-o", str(deck), "--as-of", AS_OF],
        capture_output=True,
        text=True,
        check=True,
    )
    loaded = set(json.loads(finished.stderr.strip().splitlines()[-1]))
    return sorted(loaded & set(GOOGLE_PACKAGES))


def phases(runs: int, folder: Path) -> None:
    """Print the in-process times of layout, offline apply and export for the example."""
    from slidegen.backends.offline.engine import OfflineDeck
    from slidegen.config import Config
    from slidegen.export.pptx import export_pptx
    from slidegen.layout.compose import compose
    from slidegen.plan.model import Architecture
    from slidegen.templates import load_default_template

    config = Config()
    plan = benchmark_plan("example")
    template = load_default_template()
    today = dt.date.fromisoformat(AS_OF)
    composition = compose(plan, config, template, today)
    body = {"requests": composition.requests}

    decks = iter([OfflineDeck(template) for _ in range(runs + 1)])
    finished = OfflineDeck(template)
    finished.batch_update(body)
    layout = median_seconds(lambda: compose(plan, config, template, today), runs)
    # Everything but the architecture diagram: its slide then shows only the empty-section panel.
    no_diagram = plan.model_copy(update={"architecture": Architecture()})
    besides = median_seconds(lambda: compose(no_diagram, config, template, today), runs)
    apply = median_seconds(lambda: next(decks).batch_update(body), runs)
    export = median_seconds(
        lambda: export_pptx(finished.presentation, folder / "phase.pptx", drop_skipped=True), runs
    )
    first = first_compose_seconds("example", runs)
    count = len(body["requests"])
    print(f"In process, CPU time, median of {runs} (example plan, {count} requests):")
    for label, seconds, limit in (
        ("layout and request building", layout, 0.060),
        ("  of it, all but the architecture diagram", besides, 0.015),
        ("layout and requests, first in a process", first, 0.060),
        ("offline engine apply (one batchUpdate)", apply, 0.040),
        (".pptx export", export, 0.150),
    ):
        print(
            f"  {label:<44} {seconds * 1000:7.1f} ms"
            f"  (≤ {limit * 1000:g} ms: {verdict(seconds, limit)})"
        )


_TIMED_LAYOUT_BUILD = """\
import atexit, sys, time
import slidegen.pipeline as pipeline
compose, spent = pipeline.compose, []
def timed(*args, **kwargs):
    started = time.perf_counter()
    try:
        return compose(*args, **kwargs)
    finally:
        spent.append(time.perf_counter() - started)
pipeline.compose = timed
atexit.register(lambda: print(sum(spent), file=sys.stderr))
from slidegen.cli import run
run()  # as the installed command runs, and ends, a build
"""


def build_less_layout(runs: int, folder: Path) -> None:
    """Print what the example's build takes besides its layout, against the floor.

    Each build times its own layout (wall time, in the same process), so the
    rest is the build's wall time less that: the ratio the build comes down
    to as the layout gets faster. Interleaved with the floor like the others.
    """
    deck = folder / "no-layout.pptx"
    command = [sys.executable, "-c", _TIMED_LAYOUT_BUILD, "build", str(EXAMPLE), "-o", str(deck)]
    command += ["--as-of", AS_OF]
    floors, rests = [], []
    for _ in range(runs):
        floors.append(run_process([sys.executable, "-c", FLOOR_CODE], folder)[0])
        started = time.perf_counter()
        finished = subprocess.run(command, cwd=folder, capture_output=True, text=True, check=True)
        elapsed = time.perf_counter() - started
        rests.append(elapsed - float(finished.stderr.strip().splitlines()[-1]))
    floor, rest = statistics.median(floors), statistics.median(rests)
    print(f"The build besides its layout, wall time, median of {runs} (interleaved):")
    print(f"  {'slidegen build, all but the layout':<44} {rest:7.3f} s  {rest / floor:5.2f}× floor")


def rows_plan(rows: int) -> dict[str, Any]:
    """Return a plan with `rows` stakeholders, `rows` activities and `rows` risks."""
    roles = ("Champion", "Economic Buyer", "Tech Champion", "Influencer", "User")
    statuses = ("planned", "in_progress", "done")
    levels = ("low", "medium", "high")
    return {
        "customer": "Scale Test",
        "opportunity": {"name": "Platform consolidation"},
        "prepared_by": {"name": "Sam Architect"},
        "date": "2026-11-01",
        "business_outcomes": {"needs": [{"need": "Ship weekly instead of quarterly"}]},
        "stakeholders": [
            {
                "name": f"Person {index}",
                "title": "Director of Platform Engineering",
                "role": roles[index % len(roles)],
                "relationship": ("good", "neutral", "weak")[index % 3],
                "notes": f"Met at the kickoff; owns budget line {index}",
            }
            for index in range(rows)
        ],
        "win_plan": [
            {
                "activity": f"Workshop {index}: migration wave planning",
                "date": (dt.date(2026, 12, 1) + dt.timedelta(days=index % 300)).isoformat(),
                "status": statuses[index % len(statuses)],
            }
            for index in range(rows)
        ],
        "risks": [
            {
                "id": f"R{index}",
                "risk": f"Budget review {index} may delay the rollout",
                "impact": levels[index % 3],
                "likelihood": levels[(index + 1) % 3],
            }
            for index in range(rows)
        ],
    }


def scaling(folder: Path, runs: int) -> None:
    """Print build time and peak memory of 100- and 1,000-row plans."""
    slidegen = slidegen_command()
    results: dict[int, tuple[float, float]] = {}
    for rows in (100, 1000):
        plan = folder / f"rows-{rows}.yaml"
        plan.write_text(json.dumps(rows_plan(rows)), encoding="utf-8")  # JSON is YAML
        command = [*slidegen, "build", str(plan), "-o", str(folder / f"rows-{rows}.pptx")]
        command += ["--as-of", AS_OF]
        measured = [run_process(command, folder) for _ in range(runs)]
        results[rows] = (
            statistics.median(seconds for seconds, _ in measured),
            max(peak for _, peak in measured),
        )
    (small, small_peak), (large, large_peak) = results[100], results[1000]
    ratio = large / small
    print(f"Scaling, whole build, median of {runs} (N stakeholders + N activities + N risks):")
    print(f"  100 rows   {small:7.2f} s, peak {small_peak:6.0f} MiB")
    print(f"  1000 rows  {large:7.2f} s, peak {large_peak:6.0f} MiB")
    print(f"  1000 / 100 rows: {ratio:5.2f}× time (≤ 10×: {verdict(ratio, 10)}), ", end="")
    print(f"peak {large_peak:.0f} MiB (< 400 MiB: {verdict(large_peak, 399.99)})")


def architecture_ratio(runs: int) -> None:
    """Print how laying out a plan of 200 components compares with one of 100.

    Each plan is the diagram benchmark's generated topology (one zone per ten
    components) and is laid out whole, so every architecture slide counts.
    """
    from slidegen.config import Config
    from slidegen.layout.compose import compose
    from slidegen.templates import load_default_template

    config = Config()
    template = load_default_template()
    today = dt.date.fromisoformat(AS_OF)
    seconds = {}
    for count in (100, 200):
        plan = benchmark_plan(str(count))
        seconds[count] = median_seconds(partial(compose, plan, config, template, today), runs)
    first = {count: first_compose_seconds(str(count), runs) for count in (100, 200)}
    print(f"Architecture slides, CPU time, median of {runs}:")
    for label, timed in (("in process", seconds), ("first in a fresh process", first)):
        ratio = timed[200] / timed[100]
        print(f"  {label}: 100 components {timed[100]:6.2f} s, 200 components ", end="")
        print(f"{timed[200]:6.2f} s: {ratio:4.2f}× (≤ 2.5×: {verdict(ratio, 2.5)})")


def unchanged_sync(folder: Path, plans: int, runs: int) -> None:
    """Print the whole-process time of an offline sync of `plans` plans that all stand still."""
    from slidegen.config import Config
    from slidegen.plan.model import Plan
    from slidegen.sync.decks import FileDeckOps
    from slidegen.sync.runner import SyncOptions, sync_plans

    folder = folder / "sync"
    (folder / "plans").mkdir(parents=True)
    small = rows_plan(3)
    for number in range(plans):
        small["customer"] = f"Customer {number}"
        (folder / "plans" / f"customer-{number:04}.yaml").write_text(
            json.dumps(small), encoding="utf-8"
        )

    class SeedOps:
        """Stands in for the first run: records every plan without building its deck."""

        def __init__(self, config: Config) -> None:
            self.real = FileDeckOps(config)

        def template_revision(self) -> str:
            return self.real.template_revision()

        def render(
            self, plan: Plan, today: dt.date, output: Path, changes_note: str | None
        ) -> list[str]:
            output.parent.mkdir(parents=True, exist_ok=True)
            output.write_bytes(b"")
            return []

    state = folder / "state.json"
    previous = Path.cwd()
    os.chdir(folder)  # decks go to the config's output folder, relative to here
    try:
        config = Config()
        seeded = sync_plans(
            [folder / "plans"],
            config,
            backend_name="offline",
            options=SyncOptions(today=dt.date.fromisoformat(AS_OF)),
            make_ops=lambda: SeedOps(config),
            state_path=state,
            report=lambda _line: None,
        )
    finally:
        os.chdir(previous)
    assert {result.action for result in seeded.results} == {"create"}, seeded.results[:1]
    command = [*slidegen_command(), "sync", str(folder / "plans"), "--backend", "offline"]
    command += ["--state-file", str(state), "--as-of", AS_OF]
    floor = [sys.executable, "-c", FLOOR_CODE]
    medians = interleaved({"floor": floor, "sync": command}, runs, folder)
    label = f"slidegen sync ({plans} plans, none changed)"
    print(f"Offline sync of {plans} unchanged plans, wall time, median of {runs} (interleaved):")
    print(ratio_line(label, medians["sync"], medians["floor"], 4))


def cached_bytecode() -> str:
    """Write slidegen's bytecode caches, as installing it does; return a line saying so.

    The floor's packages were compiled when pip installed them. An editable
    checkout compiles slidegen on first use, or on every run where
    PYTHONDONTWRITEBYTECODE is set; the build would then be timed compiling
    its own source (about a second on a 2-core machine) while the floor is not.
    """
    compiled = compileall.compile_dir(REPO / "slidegen", quiet=1)
    if not compiled:
        return "  bytecode caches of slidegen/: could not all be written"
    return "  bytecode caches of slidegen/: written (as an install compiles them)"


def main() -> int:
    """Run the benchmark and print its figures."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=9, help="runs per whole-process figure")
    parser.add_argument("--quick", action="store_true", help="skip the slow scaling runs")
    args = parser.parse_args()
    os.chdir(REPO)
    now = dt.datetime.now()
    print(f"slidegen benchmark, {now:%Y-%m-%d %H:%M}, {os.cpu_count()} CPUs, ", end="")
    print(f"load average {os.getloadavg()[0]:.1f}")
    print(cached_bytecode())
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        whole_commands(args.runs, folder)
        build_less_layout(args.runs, folder)
        phases(args.runs, folder)
        architecture_ratio(3)
        if not args.quick:
            unchanged_sync(folder, 1000, max(3, args.runs // 3))
            scaling(folder, 1)
    return 0


if __name__ == "__main__":
    sys.exit(main())
