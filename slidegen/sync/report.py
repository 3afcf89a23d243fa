"""What a sync run did, per plan, and the exit code a scheduler acts on."""

from __future__ import annotations

import datetime as dt
import textwrap
from dataclasses import dataclass, field
from typing import Any

CREATE = "create"
UPDATE = "update"
UNCHANGED = "unchanged"
DRIFT = "drift"
FAILED = "failed"

EXIT_OK = 0
EXIT_SOME_FAILED = 1
EXIT_NOTHING_RAN = 2


@dataclass
class PlanResult:
    """The outcome for one plan."""

    plan: str
    plan_key: str
    action: str = UNCHANGED
    presentation_id: str | None = None
    url: str | None = None
    changes: list[str] = field(default_factory=list)
    error: str | None = None
    notes: list[str] = field(default_factory=list)
    writes: int = 0

    @property
    def ok(self) -> bool:
        """Return True unless the plan failed or was refused because of drift."""
        return self.action not in (FAILED, DRIFT)

    def to_json(self) -> dict[str, Any]:
        """Return the result as JSON data."""
        return {
            "plan": self.plan,
            "plan_key": self.plan_key,
            "action": self.action,
            "presentation_id": self.presentation_id,
            "url": self.url,
            "changes": self.changes,
            "error": self.error,
            "notes": self.notes,
            "writes": self.writes,
        }

    def line(self, dry_run: bool = False) -> str:
        """Return a one-line human summary of the result."""
        verb = {CREATE: "would create", UPDATE: "would update"}.get(self.action, self.action)
        text = f"{self.plan}: {verb if dry_run else self.action}"
        if self.changes:
            text += " (" + ", ".join(self.changes) + ")"
        if self.url and self.action != FAILED:
            text += f" {self.url}"
        if self.error:
            text += "\n" + textwrap.indent(self.error, "  ")
        for note in self.notes:
            text += f"\n  note: {note}"
        return text


@dataclass
class SyncReport:
    """Every plan's result, or the reason nothing could run."""

    backend: str
    as_of: dt.date
    dry_run: bool = False
    results: list[PlanResult] = field(default_factory=list)
    fatal: str | None = None
    api_calls: dict[str, int] = field(default_factory=dict)

    @property
    def exit_code(self) -> int:
        """Return 0 when all went well, 1 when some plans failed, 2 when nothing could run."""
        if self.fatal is not None:
            return EXIT_NOTHING_RAN
        if any(not result.ok for result in self.results):
            return EXIT_SOME_FAILED
        return EXIT_OK

    def counts(self) -> dict[str, int]:
        """Return how many plans ended in each action."""
        tally: dict[str, int] = {}
        for result in self.results:
            tally[result.action] = tally.get(result.action, 0) + 1
        return tally

    def to_json(self) -> dict[str, Any]:
        """Return the whole report as JSON data."""
        return {
            "backend": self.backend,
            "as_of": self.as_of.isoformat(),
            "dry_run": self.dry_run,
            "exit_code": self.exit_code,
            "error": self.fatal,
            "counts": self.counts(),
            "api_calls": self.api_calls,
            "results": [result.to_json() for result in self.results],
        }
