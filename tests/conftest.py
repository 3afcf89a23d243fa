"""Fixtures shared across the test suite: the example plan, configuration and template."""

from __future__ import annotations

import copy
import datetime as dt
import os
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from architecture_plans import configured_type_only
from hypothesis import settings

from slidegen.config import Config
from slidegen.plan.loader import load_plan
from slidegen.plan.model import Plan

REPO = Path(__file__).resolve().parents[1]
EXAMPLE_PLAN = REPO / "plan_inputs" / "example.yaml"

# A shared, loaded machine must not fail a property test for being slow. Local runs
# explore new random examples; CI runs the same ones every time, so a red run is one
# that can be reproduced rather than a bug met by chance in an unrelated change.
settings.register_profile("any-machine", deadline=None)
settings.register_profile("ci", deadline=None, derandomize=True, database=None)
settings.load_profile("ci" if os.environ.get("CI") else "any-machine")


def pytest_addoption(parser: pytest.Parser) -> None:
    """Add --update-golden, which rewrites golden files instead of comparing with them."""
    parser.addoption(
        "--update-golden",
        action="store_true",
        default=False,
        help="rewrite golden files from the current output; every rewritten file fails its test",
    )


@pytest.fixture
def update_golden(request: pytest.FixtureRequest) -> bool:
    """Return True when golden files should be rewritten rather than compared."""
    return bool(request.config.getoption("--update-golden"))


@pytest.fixture
def default_config() -> Config:
    """Return the built-in configuration (every field at its default)."""
    return Config()


@pytest.fixture
def example_plan(default_config: Config) -> Plan:
    """Return the bundled example plan (plan_inputs/example.yaml)."""
    return load_plan(EXAMPLE_PLAN, default_config)


@pytest.fixture(scope="session")
def _default_template_once() -> dict[str, Any]:
    from slidegen.templates import load_default_template

    return load_default_template()


@pytest.fixture
def default_template(_default_template_once: dict[str, Any]) -> dict[str, Any]:
    """Return a fresh copy of the bundled default template deck."""
    return copy.deepcopy(_default_template_once)


@pytest.fixture
def minimal_plan() -> Plan:
    """Return a plan with only the required fields: every section empty."""
    return Plan.model_validate(
        {
            "customer": "Acme Rockets",
            "opportunity": {"name": "Acme Rockets platform FY27"},
            "prepared_by": {"name": "Sam Lee"},
            "date": dt.date(2026, 3, 2),
        }
    )


def scaled_plan(
    stakeholders: int, activities: int, risks: int, config: Config | None = None
) -> Plan:
    """Return the example plan with its lists grown to the given lengths (for scale tests)."""
    base = load_plan(EXAMPLE_PLAN, config or Config())
    data = base.model_dump(mode="json", by_alias=True)

    def grow(
        items: list[dict[str, Any]], count: int, change: Callable[[dict[str, Any], int], None]
    ) -> list[dict[str, Any]]:
        grown = []
        for index in range(count):
            item = copy.deepcopy(items[index % len(items)])
            change(item, index)
            grown.append(item)
        return grown

    def person(item: dict[str, Any], index: int) -> None:
        item["name"] = f"{item['name']} {index + 1}"

    def activity(item: dict[str, Any], index: int) -> None:
        item["activity"] = f"{item['activity']} (round {index // 10 + 1})"
        day = dt.date.fromisoformat(item["date"]) + dt.timedelta(days=7 * (index // 10))
        item["date"] = day.isoformat()

    def risk(item: dict[str, Any], index: int) -> None:
        item["id"] = f"R{index + 1:03d}"

    data["stakeholders"] = grow(data["stakeholders"], stakeholders, person)
    data["win_plan"] = grow(data["win_plan"], activities, activity)
    data["risks"] = grow(data["risks"], risks, risk)
    return Plan.model_validate(data, context={"config": config or Config()})


@pytest.fixture
def large_plan() -> Plan:
    """Return a plan with 60 stakeholders, 80 activities and 40 risks."""
    return scaled_plan(60, 80, 40)


@pytest.fixture(scope="module")
def configured_type_in_module() -> Iterator[None]:
    """Hold states of up to 20 components to the configured type for a whole test module."""
    with pytest.MonkeyPatch.context() as patch:
        configured_type_only(patch)
        yield
