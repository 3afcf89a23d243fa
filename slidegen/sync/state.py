"""The local sync state file: which deck belongs to which plan, and what it was built from.

The file is JSON with sorted keys and holds no secrets (plan keys, deck IDs,
fingerprints, hashed snapshots), so it is safe to commit or to cache in CI.
It is written atomically (temporary file, then rename), so a run killed half
way leaves the previous state intact. Decks carry the same facts in their
Drive app properties, so either copy alone finds a deck again.
"""

from __future__ import annotations

import json
import os
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
    source: str = ""
    """A digest of the plan file's bytes and of all else its deck is built from, or ''.

    Only a file-backed sync records it, and only for a plan without local
    images: while it still matches (see ``steady_until``), the plan is
    unchanged without being parsed again.
    """
    steady_until: str = ""
    """The last day (ISO date) on which the recorded fingerprint still holds unparsed."""

    def to_json(self) -> dict[str, Any]:
        """Return the record as JSON data."""
        return asdict(self)

    @classmethod
    def from_json(cls, data: Any) -> DeckRecord:
        """Return a record read from JSON data, ignoring fields a later version added.

        Raises ValueError naming the first field whose value has the wrong shape.
        """
        if not isinstance(data, dict):
            raise ValueError(f"a record must be an object, not {type(data).__name__}")
        for name in ("plan_path", "presentation_id", "fingerprint"):
            if not isinstance(data.get(name), str) or not data[name].strip():
                raise ValueError(f"{name} must be a non-empty string, not {data.get(name)!r}")
        for name in ("url", "as_of", "synced_at"):
            if not isinstance(data.get(name, ""), str):
                raise ValueError(f"{name} must be a string, not {data[name]!r}")
        generated = data.get("generated", {})
        if not isinstance(generated, dict) or not all(
            isinstance(slide, str)
            and isinstance(found, list)
            and all(isinstance(object_id, str) for object_id in found)
            for slide, found in generated.items()
        ):
            raise ValueError("generated must map slide IDs to lists of element IDs")
        if not isinstance(data.get("snapshot", {}), dict):
            raise ValueError("snapshot must be an object")
        for name in ("source", "steady_until"):
            if not isinstance(data.get(name, ""), str):
                raise ValueError(f"{name} must be a string, not {data[name]!r}")
        known = {name: data[name] for name in cls.__dataclass_fields__ if name in data}
        return cls(**known)


@dataclass
class SyncState:
    """Every plan's deck record, per backend."""

    path: Path
    decks: dict[str, dict[str, DeckRecord]] = field(default_factory=dict)
    unusable: dict[str, dict[str, str]] = field(default_factory=dict)
    """Per backend and plan key, why a record could not be used (it is looked up in Drive)."""
    pending: dict[str, dict[str, str]] = field(default_factory=dict)
    """Per backend and plan key, when a copy was started that is not recorded as filled yet."""
    found: bool = False
    """Whether the state came from a file (False: a first run, or a lost state file)."""

    def get(self, backend: str, key: str) -> DeckRecord | None:
        """Return the record of plan `key` on `backend`, or None."""
        return self.decks.get(backend, {}).get(key)

    def put(self, backend: str, key: str, record: DeckRecord) -> None:
        """Store the record of plan `key` on `backend`."""
        self.decks.setdefault(backend, {})[key] = record
        self.unusable.get(backend, {}).pop(key, None)
        self.pending.get(backend, {}).pop(key, None)

    @property
    def journal_path(self) -> Path:
        """Return the file that notes copies started since the state file was last written."""
        return self.path.with_name(self.path.name + ".pending")

    def start_copy(self, backend: str, key: str, when: str) -> None:
        """Note on disk that a copy for plan `key` is being made, before it is made.

        One line appended to a small journal (not a rewrite of the whole
        state), so a run killed between the copy and its record looks for the
        copy next time instead of making another.
        """
        self.pending.setdefault(backend, {})[key] = when
        line = json.dumps({"backend": backend, "key": key, "when": when}, ensure_ascii=False)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        with self.journal_path.open("a", encoding="utf-8") as journal:
            journal.write(line + "\n")
            journal.flush()
            os.fsync(journal.fileno())

    def is_pending(self, backend: str, key: str) -> bool:
        """Return True when an earlier run started a copy for `key` it did not record."""
        return key in self.pending.get(backend, {})

    def problem(self, backend: str, key: str) -> str | None:
        """Return why the record of plan `key` on `backend` was unusable, if it was."""
        return self.unusable.get(backend, {}).get(key)

    def to_json(self) -> dict[str, Any]:
        """Return the whole state as JSON data."""
        data: dict[str, Any] = {
            "format": STATE_FORMAT,
            "decks": {
                backend: {key: record.to_json() for key, record in records.items()}
                for backend, records in self.decks.items()
            },
        }
        pending = {backend: dict(keys) for backend, keys in self.pending.items() if keys}
        if pending:
            data["pending"] = pending
        return data

    def save(self) -> None:
        """Write the state file atomically; the journal's copies are then in it."""
        text = json.dumps(self.to_json(), sort_keys=True, indent=1, ensure_ascii=False) + "\n"
        write_text_atomically(self.path, text)
        self.journal_path.unlink(missing_ok=True)


def _read_journal(state: SyncState) -> SyncState:
    """Add the copies the journal beside the state file notes to `state`'s pending ones."""
    try:
        lines = state.journal_path.read_text(encoding="utf-8").splitlines()
    except (FileNotFoundError, UnicodeDecodeError):
        return state
    except OSError as error:
        raise InputError.single(
            state.journal_path, f"cannot read sync journal: {error.strerror}"
        ) from error
    for line in lines:
        try:
            entry = json.loads(line)
        except ValueError:
            continue  # a line cut short by a crash: its copy was never started
        if isinstance(entry, dict) and all(
            isinstance(entry.get(name), str) for name in ("backend", "key", "when")
        ):
            state.pending.setdefault(entry["backend"], {})[entry["key"]] = entry["when"]
    return state


def load_state(path: Path) -> SyncState:
    """Return the state stored at `path` (and its journal); an absent file is an empty state."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return _read_journal(SyncState(path))
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
    everything = data.get("decks", {})
    if not isinstance(everything, dict) or not all(
        isinstance(records, dict) for records in everything.values()
    ):
        raise InputError.single(path, "sync state is malformed: 'decks' must map backends to plans")
    decks: dict[str, dict[str, DeckRecord]] = {}
    unusable: dict[str, dict[str, str]] = {}
    for backend, records in everything.items():
        for key, value in records.items():
            try:
                decks.setdefault(backend, {})[key] = DeckRecord.from_json(value)
            except ValueError as error:
                # One bad record costs that plan a look-up in Drive, not the whole run.
                unusable.setdefault(backend, {})[key] = str(error)
    pending: dict[str, dict[str, str]] = {}
    started = data.get("pending", {})
    if isinstance(started, dict):
        for backend, keys in started.items():
            if isinstance(keys, dict):
                pending[backend] = {str(key): str(when) for key, when in keys.items()}
    return _read_journal(SyncState(path, decks, unusable, pending, found=True))
