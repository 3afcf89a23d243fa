"""What changed in a plan since the last sync, in words a person scans in a second.

A snapshot is a compact record of a plan: short hashes per item, keyed by
hashed names (risk IDs excepted), so the state file that stores it reveals no
plan content. Comparing two snapshots gives phrases such as ``+2 stakeholders``,
``1 activity done``, ``risk R3 removed`` or ``2 business needs changed``.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from slidegen.config import Config
from slidegen.plan.model import ActivityStatus, Plan, RiskStatus
from slidegen.sync.fingerprint import rendering_config, short_digest

Snapshot = dict[str, Any]


def _keyed(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    """Return a dict of `pairs`, making repeated keys distinct by occurrence."""
    result: dict[str, Any] = {}
    for key, value in pairs:
        unique, occurrence = key, 1
        while unique in result:
            occurrence += 1
            unique = f"{key}~{occurrence}"
        result[unique] = value
    return result


def snapshot(
    plan: Plan, config: Config, template_revision: str, today: dt.date, version: str
) -> Snapshot:
    """Return the compact snapshot of `plan` (and what else shaped its deck) to diff later."""
    data = plan.model_dump(mode="json", by_alias=True)
    title_fields = ("customer", "opportunity", "prepared_by", "account_team", "date")
    return {
        "title": short_digest({name: data[name] for name in title_fields}),
        "command_plan": short_digest(data["command_plan"]),
        "needs": [short_digest(item) for item in data["business_outcomes"]["needs"]],
        "mappings": [short_digest(item) for item in data["business_outcomes"]["mappings"]],
        "current": short_digest(data["architecture"]["current"]),
        "proposed": short_digest(data["architecture"]["proposed"]),
        "stakeholders": _keyed(
            [(short_digest(item["name"], 8), short_digest(item)) for item in data["stakeholders"]]
        ),
        "activities": _keyed(
            [
                (
                    short_digest(item["activity"], 8),
                    [item["status"], short_digest(item), activity.is_overdue(today)],
                )
                for item, activity in zip(data["win_plan"], plan.win_plan, strict=True)
            ]
        ),
        "risks": _keyed(
            [
                (
                    item["id"] or "#" + short_digest(item["risk"], 8),
                    [item["status"], short_digest(item)],
                )
                for item in data["risks"]
            ]
        ),
        "config": short_digest(rendering_config(config)),
        "template": template_revision,
        "version": version,
    }


def _count(number: int, singular: str, plural: str | None = None) -> str:
    """Return '1 risk' or '3 risks'."""
    return f"{number} {singular if number == 1 else (plural or singular + 's')}"


def _positional(before: list[str], after: list[str], singular: str) -> list[str]:
    """Return added, removed and changed counts of a list compared by position."""
    phrases = []
    if len(after) > len(before):
        phrases.append("+" + _count(len(after) - len(before), singular))
    if len(before) > len(after):
        phrases.append("-" + _count(len(before) - len(after), singular))
    changed = sum(1 for old, new in zip(before, after, strict=False) if old != new)
    if changed:
        phrases.append(_count(changed, singular) + " changed")
    return phrases


def _keyed_counts(before: dict[str, Any], after: dict[str, Any], singular: str) -> list[str]:
    """Return added, removed and changed counts of items matched by key."""
    added = len(after.keys() - before.keys())
    removed = len(before.keys() - after.keys())
    changed = sum(1 for key in before.keys() & after.keys() if before[key] != after[key])
    phrases = []
    if added:
        phrases.append("+" + _count(added, singular))
    if removed:
        phrases.append("-" + _count(removed, singular))
    if changed:
        phrases.append(_count(changed, singular) + " changed")
    return phrases


def _activity_phrases(before: dict[str, Any], after: dict[str, Any]) -> list[str]:
    """Return phrases for win-plan activities: added, removed, done, overdue, changed."""
    phrases = []
    added = len(after.keys() - before.keys())
    removed = len(before.keys() - after.keys())
    if added:
        phrases.append("+" + _count(added, "activity", "activities"))
    if removed:
        phrases.append("-" + _count(removed, "activity", "activities"))
    done = cancelled = overdue = changed = 0
    for key in before.keys() & after.keys():
        old_status, old_digest, old_overdue = before[key]
        new_status, new_digest, new_overdue = after[key]
        if new_status != old_status and new_status == ActivityStatus.DONE.value:
            done += 1
        elif new_status != old_status and new_status == ActivityStatus.CANCELLED.value:
            cancelled += 1
        elif new_digest != old_digest:
            changed += 1
        if new_overdue and not old_overdue:
            overdue += 1
    if done:
        phrases.append(_count(done, "activity", "activities") + " done")
    if cancelled:
        phrases.append(_count(cancelled, "activity", "activities") + " cancelled")
    if changed:
        phrases.append(_count(changed, "activity", "activities") + " changed")
    if overdue:
        phrases.append(_count(overdue, "activity", "activities") + " now overdue")
    return phrases


def _risk_phrases(before: dict[str, Any], after: dict[str, Any]) -> list[str]:
    """Return phrases for risks, naming risks that have an ID."""
    phrases = []
    unnamed_added = unnamed_removed = unnamed_changed = 0
    for key in sorted(after.keys() - before.keys()):
        if key.startswith("#"):
            unnamed_added += 1
        else:
            phrases.append(f"risk {key} added")
    for key in sorted(before.keys() - after.keys()):
        if key.startswith("#"):
            unnamed_removed += 1
        else:
            phrases.append(f"risk {key} removed")
    for key in sorted(before.keys() & after.keys()):
        (old_status, old_digest), (new_status, new_digest) = before[key], after[key]
        if old_digest == new_digest:
            continue
        if new_status != old_status and new_status == RiskStatus.CLOSED.value:
            label = "a risk" if key.startswith("#") else f"risk {key}"
            phrases.append(f"{label} closed")
        elif key.startswith("#"):
            unnamed_changed += 1
        else:
            phrases.append(f"risk {key} changed")
    if unnamed_added:
        phrases.append("+" + _count(unnamed_added, "risk"))
    if unnamed_removed:
        phrases.append("-" + _count(unnamed_removed, "risk"))
    if unnamed_changed:
        phrases.append(_count(unnamed_changed, "risk") + " changed")
    return phrases


def summarize(before: Snapshot | None, after: Snapshot) -> list[str]:
    """Return what changed from snapshot `before` to `after`, one phrase per kind of change."""
    if not before:
        return []
    phrases = []
    if before.get("title") != after["title"]:
        phrases.append("title details changed")
    if before.get("command_plan") != after["command_plan"]:
        phrases.append("command plan changed")
    phrases += _positional(before.get("needs", []), after["needs"], "business need")
    phrases += _positional(before.get("mappings", []), after["mappings"], "value mapping")
    for state in ("current", "proposed"):
        if before.get(state) != after[state]:
            phrases.append(f"{state} architecture changed")
    phrases += _keyed_counts(before.get("stakeholders", {}), after["stakeholders"], "stakeholder")
    phrases += _activity_phrases(before.get("activities", {}), after["activities"])
    phrases += _risk_phrases(before.get("risks", {}), after["risks"])
    if before.get("template") != after["template"]:
        phrases.append("template updated")
    if before.get("config") != after["config"]:
        phrases.append("settings changed")
    if before.get("version") != after["version"]:
        phrases.append(f"slidegen {before.get('version')} → {after['version']}")
    return phrases
