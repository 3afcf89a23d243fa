"""The backend protocol: the deck operations everything else is built on.

`DeckBackend` is what every backend does. What only some backends can do is
declared as its own small protocol below, and callers ask with
``isinstance(backend, Protocol)`` rather than probing for attributes:

    ImageUrls       turn a local image file into a URL the service can fetch
    Sharing         share a deck with the people the configuration names
    DeckCreation    create an empty deck (to push a template)
    RecoveryLog     report what the backend did to recover from faults
    NotesIdMemory   remember whether the service keeps a duplicated slide's notes IDs

A wrapper around a backend (rate limiting, say) declares the same abilities
as what it wraps by implementing these protocols, never by forwarding
unknown attributes.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol, runtime_checkable

from slidegen.request import Request

Presentation = dict[str, Any]
"""A presentation resource, exactly as Slides `presentations.get` returns it."""


@dataclass(frozen=True)
class BatchResult:
    """What one batchUpdate returned."""

    replies: list[dict[str, Any]]
    revision_id: str | None


@dataclass
class CallCounter:
    """Counts API calls by name, so callers and tests can see the cost of a run."""

    counts: dict[str, int] = field(default_factory=dict)

    def add(self, name: str) -> None:
        """Count one call of `name`."""
        self.counts[name] = self.counts.get(name, 0) + 1

    @property
    def total(self) -> int:
        """Return the number of calls counted."""
        return sum(self.counts.values())

    @property
    def writes(self) -> int:
        """Return the number of calls that change a deck or file."""
        return sum(n for name, n in self.counts.items() if name not in READ_CALLS)


READ_CALLS = frozenset({"presentations.get", "files.get", "files.list"})


@runtime_checkable
class DeckBackend(Protocol):
    """Copy a template, read a deck, apply one batch of requests to it."""

    calls: CallCounter

    def copy_template(
        self, template_id: str, name: str, properties: dict[str, str] | None = None
    ) -> str:
        """Copy the template deck under `name`; return the new presentation ID."""
        ...

    def get_deck(self, presentation_id: str) -> Presentation:
        """Return the presentation resource of `presentation_id`."""
        ...

    def batch_update(
        self,
        presentation_id: str,
        requests: list[Request],
        required_revision_id: str | None = None,
    ) -> BatchResult:
        """Apply `requests` atomically; refuse if the deck moved past the revision."""
        ...

    def delete_deck(self, presentation_id: str) -> None:
        """Delete a deck (used to remove a half-made copy after a failed fill)."""
        ...

    def deck_url(self, presentation_id: str) -> str:
        """Return a link a person can open."""
        ...

    def get_properties(self, presentation_id: str) -> dict[str, str]:
        """Return the deck's private app properties (Drive appProperties)."""
        ...

    def set_properties(self, presentation_id: str, properties: dict[str, str]) -> None:
        """Merge `properties` into the deck's private app properties."""
        ...

    def find_decks(self, properties: dict[str, str]) -> list[str]:
        """Return the IDs of decks (not trashed) whose app properties include all of these."""
        ...


@runtime_checkable
class DeckReading(Protocol):
    """The optional part of a DeckBackend: reading a deck without copying it.

    A backend that holds its decks in memory can hand out the resource itself
    where a caller only reads it (exporting a finished deck), sparing a copy
    of the whole deck. It counts as a `presentations.get`, like `get_deck`.
    """

    def read_deck(self, presentation_id: str) -> Presentation:
        """Return the presentation resource itself; the caller must not change it."""
        ...


@runtime_checkable
class ImageUrls(Protocol):
    """The optional part of a DeckBackend: turning a local image file into a URL.

    A deck service fetches images from URLs; a backend that can make a local
    file fetchable says how here. One that cannot (or will not, say because
    it would mean publishing the file) raises BackendError. Backends without
    this method cannot place local images at all.
    """

    def image_url(self, path: Path) -> str:
        """Return a URL the deck service can fetch the image at absolute `path` from."""
        ...


@runtime_checkable
class Sharing(Protocol):
    """The optional part of a DeckBackend: sharing a finished deck.

    Who the deck is shared with comes from the configuration the backend was
    made from (``google.share``); a backend whose decks are files has no one
    to share them with and does not implement this.
    """

    def share(self, presentation_id: str) -> int:
        """Share the deck with everyone the configuration names; return how many were added."""
        ...


@runtime_checkable
class DeckCreation(Protocol):
    """The optional part of a DeckBackend: creating an empty deck (to push a template into)."""

    def create_deck(self, title: str) -> Presentation:
        """Return a new, empty deck titled `title`."""
        ...


@runtime_checkable
class RecoveryLog(Protocol):
    """The optional part of a DeckBackend: saying what it did to recover from faults.

    A backend that retries, finds a copy a lost answer had made, or cleans up
    after itself appends one line per such event to `recoveries`, so a
    command can tell a person what happened during their build.
    """

    recoveries: list[str]


@runtime_checkable
class NotesIdMemory(Protocol):
    """The optional part of a DeckBackend: remembering how its service treats notes IDs.

    Whether Slides names a duplicated slide's notes page after
    ``duplicateObject.objectIds`` is undocumented (see
    ``slidegen.pipeline.write_composition``). `keeps_notes_ids` is None until
    a batch has shown it, then True or False, so later batches through the
    same backend skip an attempt that is bound to be refused.
    """

    keeps_notes_ids: bool | None
