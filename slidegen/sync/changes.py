"""What changed in a plan since the last sync, in words a person scans in a second.

A snapshot is a compact record of a plan: short hashes per item, keyed by
hashed names (risk IDs excepted), so the state file that stores it reveals no
plan content. Comparing two snapshots gives phrases such as ``+2 stakeholders``,
``1 activity done``, ``risk R3 removed`` or ``2 business needs changed``. Each
slide type records and words its own part (see ``slidegen.layout.slides``);
this module adds what shapes every slide: settings, template and version.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from slidegen.config import Config
from slidegen.digests import short_digest
from slidegen.layout.slides import SLIDE_TYPES
from slidegen.plan.model import Plan
from slidegen.sync.fingerprint import rendering_config

Snapshot = dict[str, Any]


def snapshot(
    plan: Plan, config: Config, template_revision: str, today: dt.date, version: str
) -> Snapshot:
    """Return the compact snapshot of `plan` (and what else shaped its deck) to diff later."""
    data = plan.model_dump(mode="json", by_alias=True)
    result: Snapshot = {}
    for slide_type in SLIDE_TYPES:
        result.update(slide_type.module.snapshot(plan, data, today))
    result["config"] = short_digest(rendering_config(config))
    result["template"] = template_revision
    result["version"] = version
    return result


def summarize(before: Snapshot | None, after: Snapshot) -> list[str]:
    """Return what changed from snapshot `before` to `after`, one phrase per kind of change."""
    if not before:
        return []
    phrases = [
        phrase
        for slide_type in SLIDE_TYPES
        for phrase in slide_type.module.summarize(before, after)
    ]
    if before.get("template") != after["template"]:
        phrases.append("template updated")
    if before.get("config") != after["config"]:
        phrases.append("settings changed")
    if before.get("version") != after["version"]:
        phrases.append(f"slidegen {before.get('version')} → {after['version']}")
    return phrases
