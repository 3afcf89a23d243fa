"""Time how long composing a deck spends fitting its tables (widths, wrapping, pages).

For the example plan and the generated 60-stakeholder / 80-activity /
40-risk plan: CPU time of the whole ``compose`` and of the table layouts in
it, each the median of five runs that start with empty measuring caches (a
fresh process measures every text once). Run from the repository:

    python3 benchmarks/bench_tables.py
"""

from __future__ import annotations

import copy
import datetime as dt
import statistics
import sys
import time
from functools import _lru_cache_wrapper
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

from plan_factory import generated_plan, plan_config  # noqa: E402

from slidegen.config import Config  # noqa: E402
from slidegen.layout import tables, text  # noqa: E402
from slidegen.layout.compose import compose  # noqa: E402
from slidegen.plan.loader import load_plan  # noqa: E402
from slidegen.templates import load_default_template  # noqa: E402

TODAY = dt.date(2026, 11, 26)
RUNS = 5


def clear_caches() -> None:
    """Empty the measuring and wrapping caches, as a fresh process starts."""
    for module in (text, tables):
        for value in vars(module).values():
            if isinstance(value, _lru_cache_wrapper):
                value.cache_clear()
    # Reading the font tables is start-up work, not table fitting: keep them loaded.
    text._sans_metrics(False)
    text._sans_metrics(True)


def timed(plan: Any, config: Config, template: dict[str, Any]) -> tuple[float, float]:
    """Return the medians of the CPU seconds of `compose` and of its table layouts."""
    spent = [0.0]
    layout_table = tables.layout_table

    def counted(*args: Any, **kwargs: Any) -> tables.TableLayout:
        start = time.process_time()
        try:
            return layout_table(*args, **kwargs)
        finally:
            spent[0] += time.process_time() - start

    tables.layout_table = counted
    try:
        whole, table = [], []
        for _ in range(RUNS):
            clear_caches()
            spent[0] = 0.0
            start = time.process_time()
            compose(plan, config, copy.deepcopy(template), TODAY)
            whole.append(time.process_time() - start)
            table.append(spent[0])
    finally:
        tables.layout_table = layout_table
    return statistics.median(whole), statistics.median(table)


def main() -> None:
    """Print, per plan, the CPU time of compose and the share its tables take."""
    template = load_default_template()
    example_config = Config()
    plans = {
        "example": (
            load_plan(ROOT / "plan_inputs" / "example.yaml", example_config),
            example_config,
        ),
        "generated 60/80/40": (generated_plan("latin"), plan_config("latin")),
    }
    for name, (plan, config) in plans.items():
        compose(plan, config, copy.deepcopy(template), TODAY)  # warm up imports and fonts
        whole, table = timed(plan, config, template)
        print(
            f"{name:<20} compose {whole * 1000:7.0f} ms   tables {table * 1000:7.0f} ms"
            f"  ({table / whole:.0%}), CPU, median of {RUNS}"
        )


if __name__ == "__main__":
    main()
