"""The words of a change summary: counted phrases such as ``+2 stakeholders``.

Each slide type records its part of a plan snapshot and words what changed
in it (the ``snapshot`` and ``summarize`` functions of its module in
``slidegen.layout.slides``); these helpers keep that wording alike.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

Snapshot = Mapping[str, Any]
"""A plan snapshot as the sync state stores it: short digests keyed by what they cover."""

PlanData = Mapping[str, Any]
"""A plan as plain JSON data (``plan.model_dump(mode="json", by_alias=True)``)."""


def keyed(pairs: Iterable[tuple[str, Any]]) -> dict[str, Any]:
    """Return a dict of `pairs`, making repeated keys distinct by occurrence."""
    result: dict[str, Any] = {}
    for key, value in pairs:
        unique, occurrence = key, 1
        while unique in result:
            occurrence += 1
            unique = f"{key}~{occurrence}"
        result[unique] = value
    return result


def count(number: int, singular: str, plural: str | None = None) -> str:
    """Return '1 risk' or '3 risks'."""
    return f"{number} {singular if number == 1 else (plural or singular + 's')}"


def positional_changes(before: list[str], after: list[str], singular: str) -> list[str]:
    """Return added, removed and changed counts of a list compared by position."""
    phrases = []
    if len(after) > len(before):
        phrases.append("+" + count(len(after) - len(before), singular))
    if len(before) > len(after):
        phrases.append("-" + count(len(before) - len(after), singular))
    changed = sum(1 for old, new in zip(before, after, strict=False) if old != new)
    if changed:
        phrases.append(count(changed, singular) + " changed")
    return phrases


def keyed_changes(before: Mapping[str, Any], after: Mapping[str, Any], singular: str) -> list[str]:
    """Return added, removed and changed counts of items matched by key."""
    added = len(after.keys() - before.keys())
    removed = len(before.keys() - after.keys())
    changed = sum(1 for key in before.keys() & after.keys() if before[key] != after[key])
    phrases = []
    if added:
        phrases.append("+" + count(added, singular))
    if removed:
        phrases.append("-" + count(removed, singular))
    if changed:
        phrases.append(count(changed, singular) + " changed")
    return phrases
