"""A backend that forwards every operation to the backend it wraps, for wrappers to build on."""

from __future__ import annotations

from pathlib import Path

from slidegen.backends.base import (
    BatchResult,
    DeckBackend,
    ImageUrls,
    NotesIdMemory,
    Presentation,
    RecoveryLog,
    Request,
    Sharing,
)
from slidegen.errors import BackendError


class ForwardingBackend:
    """A DeckBackend that hands each operation to `inner`, calling `before_write` before writes.

    Every operation is forwarded explicitly (no attribute fallthrough), so a
    write added to the protocol cannot slip past a wrapper's `before_write`
    unnoticed: it fails type checking here until it is forwarded on purpose.
    """

    def __init__(self, inner: DeckBackend) -> None:
        self.inner = inner
        self.calls = inner.calls

    def before_write(self) -> None:
        """Run just before each write is forwarded (nothing here; wrappers add their step)."""

    @property
    def keeps_notes_ids(self) -> bool | None:
        """Return what the wrapped backend learnt about duplicated slides' notes IDs."""
        return self.inner.keeps_notes_ids if isinstance(self.inner, NotesIdMemory) else None

    @keeps_notes_ids.setter
    def keeps_notes_ids(self, kept: bool | None) -> None:
        # Remember it on the wrapped backend, which outlives the wrapper.
        if isinstance(self.inner, NotesIdMemory):
            self.inner.keeps_notes_ids = kept

    @property
    def recoveries(self) -> list[str]:
        """Return what the wrapped backend did beyond plain calls (recoveries, clean-ups)."""
        return self.inner.recoveries if isinstance(self.inner, RecoveryLog) else []

    def copy_template(
        self, template_id: str, name: str, properties: dict[str, str] | None = None
    ) -> str:
        """Copy the template."""
        self.before_write()
        return self.inner.copy_template(template_id, name, properties)

    def get_deck(self, presentation_id: str) -> Presentation:
        """Read a deck."""
        return self.inner.get_deck(presentation_id)

    def batch_update(
        self,
        presentation_id: str,
        requests: list[Request],
        required_revision_id: str | None = None,
    ) -> BatchResult:
        """Apply a batch."""
        self.before_write()
        return self.inner.batch_update(presentation_id, requests, required_revision_id)

    def delete_deck(self, presentation_id: str) -> None:
        """Delete a deck."""
        self.before_write()
        self.inner.delete_deck(presentation_id)

    def deck_url(self, presentation_id: str) -> str:
        """Return the deck's link."""
        return self.inner.deck_url(presentation_id)

    def get_properties(self, presentation_id: str) -> dict[str, str]:
        """Read the deck's app properties."""
        return self.inner.get_properties(presentation_id)

    def set_properties(self, presentation_id: str, properties: dict[str, str]) -> None:
        """Write the deck's app properties."""
        self.before_write()
        self.inner.set_properties(presentation_id, properties)

    def find_decks(self, properties: dict[str, str]) -> list[str]:
        """Search decks by app properties."""
        return self.inner.find_decks(properties)

    def image_url(self, path: Path) -> str:
        """Return a URL for a local image, as the wrapped backend would."""
        if not isinstance(self.inner, ImageUrls):
            raise BackendError(
                f"this deck service cannot place the local image {path}",
                hint="host the image at an https URL the deck service can fetch",
            )
        return self.inner.image_url(path)

    def share(self, presentation_id: str) -> int:
        """Share a new deck as configured (a write per entry), if the wrapped backend shares."""
        if not isinstance(self.inner, Sharing):
            return 0
        self.before_write()
        return self.inner.share(presentation_id)
