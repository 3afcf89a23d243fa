"""Save observed batches as scrubbed fixtures, and replay them against the offline engine.

A fixture holds one batch: the deck Google applied it to, the body, and the
deck Google returned (or its refusal). File and revision IDs become stable
placeholders and e-mail addresses become ``person@example.com``, so a fixture
can be attached to a bug and committed; element IDs stay, because they are
what the comparison is about. Replaying applies the body to the recorded
deck with the offline engine and compares the result with Google's.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from slidegen.conformance.compare import DEFAULT_TOLERANCE_EMU, Difference
from slidegen.conformance.observe import Exchange, judge
from slidegen.files import write_text_atomically

FIXTURE_FORMAT = 1
EMAIL = re.compile(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}")
SCRUBBED_EMAIL = "person@example.com"
_FILE_NAME = re.compile(r"[^A-Za-z0-9_.-]+")


class Scrubber:
    """Replace file IDs, revision IDs and e-mail addresses, the same way across a run."""

    def __init__(self) -> None:
        self.replacements: dict[str, str] = {}

    def secret(self, value: str | None, kind: str) -> None:
        """Name `value` (a file or revision ID) as something to replace."""
        if value and value not in self.replacements:
            count = sum(1 for name in self.replacements.values() if name.startswith(kind))
            self.replacements[value] = f"{kind}{count + 1}"

    def learn(self, exchange: Exchange) -> None:
        """Learn the IDs an exchange carries that must not leave the machine."""
        self.secret(exchange.presentation_id, "presentation")
        for deck in (exchange.before, exchange.after or {}):
            self.secret(deck.get("presentationId"), "presentation")
            self.secret(deck.get("revisionId"), "revision")
        self.secret(exchange.body.get("writeControl", {}).get("requiredRevisionId"), "revision")

    def scrub(self, data: Any) -> Any:
        """Return `data` with every known secret and e-mail address replaced."""
        if isinstance(data, dict):
            return {self.scrub(key): self.scrub(value) for key, value in data.items()}
        if isinstance(data, list):
            return [self.scrub(value) for value in data]
        if isinstance(data, str):
            text = EMAIL.sub(SCRUBBED_EMAIL, data)
            # Longest first, so an ID that contains another is replaced whole.
            for secret in sorted(self.replacements, key=len, reverse=True):
                if secret in text:
                    text = text.replace(secret, self.replacements[secret])
            return text
        return data


def fixture_name(exchange: Exchange, index: int) -> str:
    """Return the file name of an exchange's fixture."""
    stem = _FILE_NAME.sub("-", f"{index:03d}-{exchange.deck}-{exchange.step}").strip("-")
    return f"{stem}.json"


def fixture_data(exchange: Exchange, scrubber: Scrubber, tolerance: float) -> dict[str, Any]:
    """Return an exchange as a scrubbed fixture."""
    scrubber.learn(exchange)
    data: dict[str, Any] = {
        "format": FIXTURE_FORMAT,
        "deck": exchange.deck,
        "step": exchange.step,
        "tolerance_emu": tolerance,
        "before": exchange.before,
        "body": exchange.body,
        "after": exchange.after,
        "refused": exchange.refused,
    }
    scrubbed: dict[str, Any] = scrubber.scrub(data)
    return scrubbed


def record_exchanges(
    exchanges: list[Exchange], directory: Path, tolerance: float = DEFAULT_TOLERANCE_EMU
) -> list[Path]:
    """Write each exchange as a scrubbed fixture under `directory`; return the files."""
    directory.mkdir(parents=True, exist_ok=True)
    scrubber = Scrubber()
    for exchange in exchanges:
        scrubber.learn(exchange)
    written = []
    for index, exchange in enumerate(exchanges, start=1):
        path = directory / fixture_name(exchange, index)
        data = fixture_data(exchange, scrubber, tolerance)
        write_text_atomically(path, json.dumps(data, indent=1, ensure_ascii=False) + "\n")
        written.append(path)
    return written


def replay_fixture(path: Path, tolerance: float | None = None) -> list[Difference]:
    """Apply a fixture's body to its recorded deck offline; return how it differs from Google's."""
    data = json.loads(path.read_text(encoding="utf-8"))
    if data.get("format") != FIXTURE_FORMAT:
        raise ValueError(f"{path}: not a slidegen conformance fixture (format {FIXTURE_FORMAT})")
    chosen = (
        float(data.get("tolerance_emu", DEFAULT_TOLERANCE_EMU)) if tolerance is None else tolerance
    )
    return judge(data["before"], data["body"], data.get("after"), data.get("refused"), chosen)
