"""Print how many slides the tables of a 60-stakeholder / 80-activity / 40-risk plan take.

Two plans of that size: the example plan's entries repeated (two or three
sentences of notes each) and a generated plan (one to three sentences each,
tests/plan_factory.py). For each table: slides, font size and how full each
page is. Run from the repository:

    python3 benchmarks/bench_density.py
"""

from __future__ import annotations

import copy
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

from conftest import scaled_plan  # noqa: E402
from plan_factory import TODAY, generated_plan, plan_config  # noqa: E402

from slidegen.backends.offline.engine import OfflineDeck  # noqa: E402
from slidegen.config import Config  # noqa: E402
from slidegen.layout.check import check_deck, table_fill  # noqa: E402
from slidegen.layout.compose import compose  # noqa: E402
from slidegen.templates import load_default_template  # noqa: E402

TABLES = ("stakeholders", "win_plan", "risks")


def main() -> None:
    """Print one line per plan and table: slides and each page's fill."""
    template = load_default_template()
    plans = {
        "example x60/80/40": (scaled_plan(60, 80, 40), Config()),
        "generated 60/80/40": (generated_plan("latin"), plan_config("latin")),
    }
    for name, (plan, config) in plans.items():
        composition = compose(plan, config, copy.deepcopy(template), TODAY)
        engine = OfflineDeck(copy.deepcopy(template))
        engine.batch_update({"requests": composition.requests})
        fills = table_fill(engine.presentation)
        findings = check_deck(engine.presentation, config)
        print(f"{name}: {len(findings)} checker findings")
        for role in TABLES:
            pages = [f"{fill.fill:.0%}" for fill in fills if fill.role == role]
            print(f"  {role:<13} {composition.pages[role]:>3} slides  fill {' '.join(pages)}")


if __name__ == "__main__":
    main()
