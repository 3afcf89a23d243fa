"""Measure what `slidegen sync` costs: API calls per action, and 1,000 unchanged plans.

Runs against the loopback emulator through the real Google client:

    python3 benchmarks/bench_sync.py [--plans 1000]
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path

from slidegen.backends.base import Presentation, Request
from slidegen.backends.google.backend import GoogleBackend
from slidegen.backends.google.client import EMULATOR_ENV
from slidegen.backends.offline.backend import OfflineBackend
from slidegen.backends.ratelimit import TokenBucket
from slidegen.config import Config, SyncConfig
from slidegen.emulator import EmulatorServer
from slidegen.plan.model import Plan
from slidegen.sync.decks import DriveDeckOps
from slidegen.sync.report import SyncReport
from slidegen.sync.runner import GoogleDeckOps, SyncOptions, sync_plans
from slidegen.templates import load_default_template

TODAY = dt.date(2026, 11, 20)
PLAN = """\
customer: {customer}
opportunity:
  name: Platform consolidation
prepared_by:
  name: Sam Architect
date: 2026-11-01
business_outcomes:
  needs:
    - need: Ship weekly instead of quarterly
    - need: Pass the SOC 2 audit
stakeholders:
  - name: Dana Chief
    title: CTO
    role: Economic Buyer
    relationship: good
  - name: Lee Dev
    role: Champion
win_plan:
  - activity: Proof of value
    date: 2026-12-01
    status: planned
risks:
  - id: R1
    risk: Budget freeze
    impact: high
    likelihood: medium
"""


class SeedOps:
    """Deck ops that stand in for a first run over many plans, without building decks.

    The decks live in an in-memory backend; only the state file they leave
    behind matters, since an unchanged plan never touches its deck.
    """

    def __init__(self, template_revision: str) -> None:
        self.backend = OfflineBackend({"blank": {"presentationId": "blank", "slides": []}})
        self.revision = template_revision

    def template_revision(self) -> str:
        return self.revision

    def copy(self, plan: Plan, properties: dict[str, str]) -> str:
        return self.backend.copy_template("blank", plan.customer, properties)

    def fill(
        self,
        plan: Plan,
        presentation_id: str,
        deck: Presentation,
        today: dt.date,
        changes_note: str | None,
        seal: Callable[[list[Request]], list[Request]],
    ) -> list[Request]:
        return []

    def discard(self, presentation_id: str) -> None:
        self.backend.delete_deck(presentation_id)

    def share(self, presentation_id: str) -> None:
        pass


def run(
    plans: Path, config: Config, ops: GoogleDeckOps, writes_per_minute: float = 600
) -> tuple[SyncReport, float]:
    """Sync `plans` once; return the report and the seconds it took."""
    started = time.perf_counter()
    report = sync_plans(
        [plans],
        config,
        backend_name="google",
        options=SyncOptions(today=TODAY),
        make_ops=lambda: ops,
        writes_bucket=TokenBucket(writes_per_minute),
        report=lambda _line: None,
    )
    return report, time.perf_counter() - started


def calls_line(received: list[str]) -> str:
    """Return the API calls as 'name ×n' in call order."""
    counted = Counter(received)
    return ", ".join(f"{name} ×{n}" for name, n in counted.items()) or "none"


def main() -> int:
    """Run the benchmark and print its figures."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--plans", type=int, default=1000)
    args = parser.parse_args()

    with EmulatorServer() as emulator, tempfile.TemporaryDirectory() as folder:
        os.environ[EMULATOR_ENV] = emulator.address
        template_id = emulator.add_presentation(load_default_template(), name="Template")
        root = Path(folder)
        config = Config(sync=SyncConfig(state_file=str(root / "state.json"), writes_per_minute=600))

        def backend() -> GoogleBackend:
            return GoogleBackend.from_config(config, timeout=60)

        one = root / "one"
        one.mkdir()
        plan = one / "acme.yaml"
        plan.write_text(PLAN.format(customer="Acme"))
        print("API calls per plan (loopback emulator, real google-api-python-client;")
        print("each run also reads the template once):")
        cases = (
            ("create", "create, first run (no state file: one search)", None),
            ("create", "create, a new plan beside a state file", "globex"),
            ("unchanged", "unchanged", None),
            ("update", "update", "update"),
        )
        for action, label, change in cases:
            if change == "globex":
                plan = one / "globex.yaml"
                plan.write_text(PLAN.format(customer="Globex"))
            elif change == "update":
                plan.write_text(PLAN.format(customer="Globex") + "    status: closed\n")
            before = len(emulator.received)
            report, seconds = run(one, config, DriveDeckOps(backend(), config, template_id))
            result = next(r for r in report.results if r.plan == str(plan))
            assert result.action == action, (result.action, result.error)
            received = emulator.received[before + 1 :]  # the template read
            print(f"  {label:46} {calls_line(received)}  ({seconds:.2f} s)")

        many = root / "many"
        many.mkdir()
        for number in range(args.plans):
            (many / f"customer-{number:04}.yaml").write_text(
                PLAN.format(customer=f"Customer {number}")
            )
        revision = str(emulator.presentation(template_id)["revisionId"])
        # In-memory stand-in decks: no quota to respect.
        seeded, seconds = run(many, config, SeedOps(revision), writes_per_minute=1e9)
        assert {result.action for result in seeded.results} == {"create"}
        print(f"seeded the state file with {args.plans} plans in {seconds:.2f} s (no API calls)")
        before = len(emulator.received)
        report, seconds = run(many, config, DriveDeckOps(backend(), config, template_id))
        received = emulator.received[before:]
        actions = Counter(result.action for result in report.results)
        writes = sum(result.writes for result in report.results)
        print(
            f"{args.plans} unchanged plans: {seconds:.2f} s, {dict(actions)}, "
            f"API calls: {calls_line(received)}, writes: {writes}"
        )
        return 0 if actions == {"unchanged": args.plans} and writes == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
