"""The backend protocol: the three deck operations everything else is built on."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol, runtime_checkable

Presentation = dict[str, Any]
"""A presentation resource, exactly as Slides `presentations.get` returns it."""

Request = dict[str, Any]
"""One Slides API batchUpdate sub-request, e.g. ``{"createShape": {...}}``."""


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
