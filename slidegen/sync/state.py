"""The local sync state file: which deck belongs to which plan, and what it was built from.

The file is JSON with sorted keys and holds no secrets (plan keys, deck IDs,
fingerprints, hashed snapshots), so it is safe to commit or to cache in CI.
It is written atomically (temporary file, then rename), so a run killed half
way leaves the previous state intact. Decks carry the same facts in their
Drive app properties, so either copy alone finds a deck again.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from slidegen.errors import InputError
from slidegen.files import write_text_atomically

STATE_FORMAT = 1


@dataclass
class DeckRecord:
    """What the last successful sync of one plan produced."""

    plan_path: str
    presentation_id: str
    fingerprint: str
    url: str = ""
    as_of: str = ""
    synced_at: str = ""
    # Generated content element IDs per generated slide, to notice ones a person deleted.
    generated: dict[str, list[str]] = field(default_factory=dict)
    snapshot: dict[str, Any] = field(default_factory=dict)

    def to_json(self) -> dict[str, Any]:
        """Return the record as JSON data."""
        return asdict(self)

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> DeckRecord:
        """Return a record read from JSON data, ignoring fields a later version added."""
        known = {name: data[name] for name in cls.__dataclass_fields__ if name in data}
        return cls(**known)


@dataclass
class SyncState:
    """Every plan's deck record, per backend."""

    path: Path
    decks: dict[str, dict[str, DeckRecord]] = field(default_factory=dict)

    def get(self, backend: str, key: str) -> DeckRecord | None:
        """Return the record of plan `key` on `backend`, or None."""
        return self.decks.get(backend, {}).get(key)

    def put(self, backend: str, key: str, record: DeckRecord) -> None:
        """Store the record of plan `key` on `backend`."""
        self.decks.setdefault(backend, {})[key] = record

    def to_json(self) -> dict[str, Any]:
        """Return the whole state as JSON data."""
        return {
            "format": STATE_FORMAT,
            "decks": {
                backend: {key: record.to_json() for key, record in records.items()}
                for backend, records in self.decks.items()
            },
        }

    def save(self) -> None:
        """Write the state file atomically."""
        text = json.dumps(self.to_json(), sort_keys=True, indent=1, ensure_ascii=False) + "\n"
        write_text_atomically(self.path, text)


def load_state(path: Path) -> SyncState:
    """Return the state stored at `path`; an absent file is an empty state."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return SyncState(path)
    except OSError as error:
        raise InputError.single(path, f"cannot read sync state: {error.strerror}") from error
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        raise InputError.single(
            path, f"sync state is not valid JSON: {error.msg}", error.lineno, error.colno
        ) from error
    if not isinstance(data, dict) or data.get("format") != STATE_FORMAT:
        raise InputError.single(
            path, f"not a slidegen sync state file (expected format {STATE_FORMAT})"
        )
    decks: dict[str, dict[str, DeckRecord]] = {}
    try:
        for backend, records in dict(data.get("decks", {})).items():
            decks[backend] = {key: DeckRecord.from_json(value) for key, value in records.items()}
    except (TypeError, AttributeError) as error:
        raise InputError.single(path, f"sync state is malformed: {error}") from error
    return SyncState(path, decks)
