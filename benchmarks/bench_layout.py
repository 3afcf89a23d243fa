"""Time the layout engine on the example plan at 1×, 10× and 100× its size, and with long texts.

Prints CPU seconds spent composing the requests (template reading, measuring,
building) and the number of requests, per scale; then per text of 1,000 to
100,000 characters pasted into the example as one connection's label or one
component's name (words, or one unbroken token), the CPU seconds to compose it.
Run from the repository:

    python3 benchmarks/bench_layout.py
"""

from __future__ import annotations

import copy
import datetime as dt
import time
from pathlib import Path
from typing import Any

from slidegen.config import Config
from slidegen.layout.compose import compose
from slidegen.plan.loader import load_plan
from slidegen.plan.model import Plan
from slidegen.templates import load_default_template

EXAMPLE = Path(__file__).resolve().parents[1] / "plan_inputs" / "example.yaml"
TODAY = dt.date(2026, 11, 26)
LISTS = ("stakeholders", "win_plan", "risks")


def scaled(plan: Plan, factor: int, config: Config) -> Plan:
    """Return `plan` with every list section repeated `factor` times (names made distinct)."""
    data: dict[str, Any] = plan.model_dump(mode="json", by_alias=True)
    for key in LISTS:
        grown = []
        for copy_index in range(factor):
            for item in data[key]:
                item = copy.deepcopy(item)
                if key == "risks" and item.get("id"):
                    item["id"] = f"{item['id']}-{copy_index}"
                grown.append(item)
        data[key] = grown
    outcomes = data["business_outcomes"]
    outcomes["needs"] = outcomes["needs"] * factor
    outcomes["mappings"] = outcomes["mappings"] * factor
    return Plan.model_validate(data, context={"config": config})


LONG_TEXTS = {
    "connection label, words": ("current", "connections", "label", "word "),
    "component name, words": ("proposed", "components", "name", "word "),
    "component name, one token": ("proposed", "components", "name", "x"),
}


def with_long_text(plan: Plan, kind: str, length: int, config: Config) -> Plan:
    """Return `plan` with the first item of one architecture list given a `length`-long text."""
    state, section, field, unit = LONG_TEXTS[kind]
    data: dict[str, Any] = plan.model_dump(mode="json", by_alias=True)
    data["architecture"][state][section][0][field] = (unit * length)[:length].strip()
    return Plan.model_validate(data, context={"config": config})


def main() -> None:
    """Print one line per scale: items, pages, requests, CPU seconds; then per long text."""
    config = Config()
    base = load_plan(EXAMPLE, config)
    template = load_default_template()
    compose(base, config, template, TODAY)  # warm font caches and imports
    print(f"{'scale':>6} {'items':>6} {'slides':>7} {'requests':>9} {'cpu s':>8}")
    for factor in (1, 10, 100):
        plan = scaled(base, factor, config)
        items = sum(len(getattr(plan, key)) for key in LISTS)
        start = time.process_time()
        composition = compose(plan, config, template, TODAY)
        elapsed = time.process_time() - start
        slides = sum(composition.pages.values())
        print(f"{factor:>5}× {items:>6} {slides:>7} {len(composition.requests):>9} {elapsed:>8.3f}")
    print(f"\n{'long text':<28} {'characters':>10} {'cpu s':>8}")
    for kind in LONG_TEXTS:
        for length in (1_000, 10_000, 100_000):
            plan = with_long_text(base, kind, length, config)
            start = time.process_time()
            compose(plan, config, template, TODAY)
            print(f"{kind:<28} {length:>10,} {time.process_time() - start:>8.3f}")


if __name__ == "__main__":
    main()
