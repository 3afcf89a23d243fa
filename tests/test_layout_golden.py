"""Golden request lists: the whole batchUpdate for known plans, pinned to a date.

When a change to the output is intended, rewrite them with
``pytest tests/test_layout_golden.py --update-golden`` and review the diff.
A run with the flag fails on purpose, so it can never pass as a check.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest

from slidegen.config import Config
from slidegen.layout.compose import compose
from slidegen.plan.model import Plan

GOLDEN = Path(__file__).parent / "golden"
TODAY = dt.date(2026, 11, 26)


def render(requests: list[dict[str, Any]]) -> str:
    """Return requests as JSON, one request per line, so a diff points at the change."""
    lines = ",\n".join(json.dumps(r, sort_keys=True, ensure_ascii=False) for r in requests)
    return f"[\n{lines}\n]\n"


@pytest.mark.parametrize(
    ("plan_fixture", "name"), [("example_plan", "example"), ("minimal_plan", "minimal")]
)
def test_requests_match_golden(
    plan_fixture: str,
    name: str,
    request: pytest.FixtureRequest,
    default_config: Config,
    default_template: dict[str, Any],
    update_golden: bool,
) -> None:
    plan: Plan = request.getfixturevalue(plan_fixture)
    actual = render(compose(plan, default_config, default_template, TODAY).requests)
    path = GOLDEN / f"requests-{name}.json"
    if update_golden:
        path.write_text(actual, encoding="utf-8")
        pytest.fail(f"rewrote {path.name}; review the diff, then run again without --update-golden")
    assert path.exists(), f"{path} is missing; run pytest with --update-golden"
    expected = path.read_text(encoding="utf-8")
    if actual != expected:
        actual_lines, expected_lines = actual.splitlines(), expected.splitlines()
        first = next(
            (
                i
                for i, (a, e) in enumerate(zip(actual_lines, expected_lines, strict=False))
                if a != e
            ),
            min(len(actual_lines), len(expected_lines)),
        )
        pytest.fail(
            f"{path.name} differs from line {first + 1} "
            f"({len(actual_lines)} lines now, {len(expected_lines)} in the golden file):\n"
            f"  now:    {actual_lines[first][:300] if first < len(actual_lines) else '<end>'}\n"
            f"  golden: {expected_lines[first][:300] if first < len(expected_lines) else '<end>'}\n"
            "If the change is intended, rerun with --update-golden and review the diff."
        )
    assert json.loads(actual) == json.loads(expected)
