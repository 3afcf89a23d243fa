"""Fingerprints: one digest of everything that shapes a deck, and stable plan keys.

A deck is regenerated exactly when its fingerprint changes. The fingerprint
covers the normalised plan, the configuration that affects rendering, the
template's revision, the generator version and the calendar-dependent part of
the content (which activities are overdue), so a deck refreshes on the day an
activity becomes overdue rather than every day.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
from pathlib import Path
from typing import Any

from slidegen import __version__
from slidegen.config import Config
from slidegen.digests import digest
from slidegen.layout.compose import omitted_roles
from slidegen.plan.model import Plan

# Drive allows 124 bytes for key + value; "sg_plan" takes 7, so keys stay well below.
MAX_PLAN_KEY_BYTES = 100

# Settings that change how a run behaves but never what a deck shows.
_CONFIG_EXCLUDED: dict[str, Any] = {
    "backend": True,
    "google": True,
    "sync": {"state_file", "writes_per_minute"},
}


def normalised_plan(plan: Plan) -> dict[str, Any]:
    """Return the plan as plain JSON data (dates as ISO strings, enums as values)."""
    return plan.model_dump(mode="json", by_alias=True)


def rendering_config(config: Config) -> dict[str, Any]:
    """Return the part of the configuration that can change what a deck shows."""
    return config.model_dump(mode="json", exclude=_CONFIG_EXCLUDED)


def overdue_activities(plan: Plan, today: dt.date) -> list[int]:
    """Return the positions of win-plan activities that are overdue on `today`."""
    return [index for index, activity in enumerate(plan.win_plan) if activity.is_overdue(today)]


def fingerprint(
    plan: Plan,
    config: Config,
    template_revision: str,
    today: dt.date,
    generator_version: str = __version__,
) -> str:
    """Return the SHA-256 hex digest of everything that shapes the deck of `plan`."""
    shaping: dict[str, Any] = {
        "plan": normalised_plan(plan),
        "config": rendering_config(config),
        "template": template_revision,
        "version": generator_version,
        "overdue": overdue_activities(plan, today),
    }
    omitted = omitted_roles(plan)
    if omitted:
        # Only when set, so every deck drawn before slides could be left out keeps its digest.
        shaping["omitted"] = sorted(omitted)
    return digest(shaping)


def steady_until(plan: Plan, today: dt.date) -> dt.date:
    """Return the last day on which `overdue_activities` gives what it gives on `today`.

    An open activity turns overdue the day after its date, so the answer is the
    earliest date of an open activity on or after `today` (or the last date
    there is, when none is open).
    """
    dates = [
        activity.date
        for activity in plan.win_plan
        if activity.date >= today and activity.is_overdue(activity.date + dt.timedelta(days=1))
    ]
    return min(dates, default=dt.date.max)


def source_digest(plan_path: Path, content: bytes, context: str) -> str:
    """Return the SHA-256 hex digest of a plan file's place, bytes and build `context`.

    `context` is ``build_context``'s digest: equal source digests mean the same
    plan parsed from the same folder under the same settings, template and version.
    """
    hasher = hashlib.sha256(os.path.abspath(plan_path).encode("utf-8", "surrogateescape"))
    hasher.update(b"\0" + context.encode() + b"\0")
    hasher.update(content)
    return hasher.hexdigest()


def build_context(
    config: Config, template_revision: str, generator_version: str = __version__
) -> str:
    """Return a digest of what, besides the plan, a fingerprint is made of (bar the date)."""
    return digest(
        {
            "config": rendering_config(config),
            "template": template_revision,
            "version": generator_version,
        }
    )


def plan_key(plan_path: Path, root: Path) -> str:
    """Return the stable key of a plan: its path relative to `root`, hashed if long.

    The key is what finds a deck again when the state file is lost, so it must
    not depend on where the repository is checked out or how the path was typed.
    """
    resolved = Path(os.path.abspath(plan_path))
    base = Path(os.path.abspath(root))
    try:
        key = resolved.relative_to(base).as_posix()
    except ValueError:
        key = resolved.as_posix()
    if len(key.encode("utf-8")) > MAX_PLAN_KEY_BYTES:
        return "sha256:" + hashlib.sha256(key.encode("utf-8")).hexdigest()[:40]
    return key


def shard_of(key: str, shard_count: int) -> int:
    """Return the 1-based shard (of `shard_count`) that the plan `key` belongs to."""
    if shard_count < 1:
        raise ValueError("shard count must be at least 1")
    value = int(hashlib.sha256(key.encode("utf-8")).hexdigest()[:16], 16)
    return value % shard_count + 1
