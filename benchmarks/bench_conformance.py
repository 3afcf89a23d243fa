"""Count what a full conformance run costs: API calls by method, and time, against the emulator.

The emulator answers at once, so the time is slidegen's own work (layout,
the offline engine run twice per batch, the comparison); against Google the
write pacing (sync.writes_per_minute) and the network add to it. The call
counts are what a live run spends from the quotas.

Run: python benchmarks/bench_conformance.py [PLAN ...]
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
from pathlib import Path

from slidegen.backends.google.backend import GoogleBackend
from slidegen.backends.google.client import EMULATOR_ENV
from slidegen.config import Config
from slidegen.conformance.runner import ConformanceOptions, run_conformance
from slidegen.emulator import EmulatorServer
from slidegen.templates import load_default_template

TEMPLATE = "bench-template"


def main(plans: list[str]) -> None:
    """Run the suite once against a fresh emulator and print its cost."""
    server = EmulatorServer().start()
    os.environ[EMULATOR_ENV] = server.address
    server.add_presentation(load_default_template(), file_id=TEMPLATE)
    config = Config()
    backend = GoogleBackend.from_config(config, template_id=TEMPLATE)
    with tempfile.TemporaryDirectory() as scratch:
        options = ConformanceOptions(
            template_id=TEMPLATE,
            plans=plans or None,
            writes_per_minute=1e6,
            thumbnails_per_minute=1e6,
            thumbnails=Path(scratch) / "thumbs",
            render_offline=False,
        )
        started = time.perf_counter()
        report = run_conformance(backend, config, options, service="emulator")
        elapsed = time.perf_counter() - started
    server.stop()
    print(f"plans: {', '.join(plans) or 'all'}; sync steps: {len(report.flow)}")
    print(f"batches compared: {len(report.exchanges)}; differences: {report.difference_count}")
    print(f"requests in all batches: {sum(len(e.body['requests']) for e in report.exchanges)}")
    print(f"wall time against the emulator: {elapsed:.1f} s")
    print("calls the emulator received:")
    for method, count in sorted(server.applied.items()):
        print(f"  {method:<34} {count:>4}")
    writes = sum(
        count
        for method, count in server.applied.items()
        if method not in {"presentations.get", "files.get", "files.list", "about.get"}
        and "Thumbnail" not in method
    )
    print(
        f"writes: {writes} (at {config.sync.writes_per_minute}/min: "
        f"{writes / config.sync.writes_per_minute:.1f} min of pacing against Google)"
    )


if __name__ == "__main__":
    main(sys.argv[1:])
