"""Keep deck writes within the Slides write quota: a token bucket and a backend wrapper."""

from __future__ import annotations

import time
from collections.abc import Callable
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


class TokenBucket:
    """Hand out one token per write; tokens refill at `per_minute` / 60 per second.

    With the default capacity of one token, writes are spaced evenly, so no
    60-second window ever holds more than `per_minute` of them, which is how
    the Slides quota (writes per minute per user) counts. One bucket is shared
    by every plan of a run. Clock and sleep are injectable for tests.
    """

    def __init__(
        self,
        per_minute: float,
        capacity: float = 1.0,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        if per_minute <= 0:
            raise ValueError("per_minute must be positive")
        if capacity < 1:
            raise ValueError("capacity must be at least one token")
        self.rate = per_minute / 60.0
        self.capacity = capacity
        self._clock = clock
        self._sleep = sleep
        self._tokens = capacity
        self._updated = clock()
        self.waited = 0.0

    def _refill(self) -> None:
        now = self._clock()
        self._tokens = min(self.capacity, self._tokens + (now - self._updated) * self.rate)
        self._updated = now

    def acquire(self) -> float:
        """Take one token, sleeping until one is available; return the seconds waited."""
        self._refill()
        waited = 0.0
        # A hair below one token counts as one, so float rounding never costs an extra sleep.
        while self._tokens < 1.0 - 1e-9:
            delay = (1.0 - self._tokens) / self.rate
            self._sleep(delay)
            waited += delay
            self._refill()
        self._tokens = max(0.0, self._tokens - 1.0)
        self.waited += waited
        return waited


class RateLimitedBackend:
    """A DeckBackend whose writes all draw from one shared token bucket.

    Every operation is forwarded explicitly (no attribute fallthrough), so a
    write added to the protocol cannot slip past the bucket unnoticed: it
    fails type checking here until it is forwarded on purpose.
    """

    def __init__(self, inner: DeckBackend, bucket: TokenBucket) -> None:
        self.inner = inner
        self.bucket = bucket
        self.calls = inner.calls

    @property
    def keeps_notes_ids(self) -> bool | None:
        """Return what the wrapped backend learnt about duplicated slides' notes IDs."""
        return self.inner.keeps_notes_ids if isinstance(self.inner, NotesIdMemory) else None

    @keeps_notes_ids.setter
    def keeps_notes_ids(self, kept: bool | None) -> None:
        # Remember it on the wrapped backend, which outlives this run's wrapper.
        if isinstance(self.inner, NotesIdMemory):
            self.inner.keeps_notes_ids = kept

    @property
    def recoveries(self) -> list[str]:
        """Return what the wrapped backend did beyond plain calls (recoveries, clean-ups)."""
        return self.inner.recoveries if isinstance(self.inner, RecoveryLog) else []

    def copy_template(
        self, template_id: str, name: str, properties: dict[str, str] | None = None
    ) -> str:
        """Copy the template once a write token is free."""
        self.bucket.acquire()
        return self.inner.copy_template(template_id, name, properties)

    def get_deck(self, presentation_id: str) -> Presentation:
        """Read a deck (reads are not rate limited here)."""
        return self.inner.get_deck(presentation_id)

    def batch_update(
        self,
        presentation_id: str,
        requests: list[Request],
        required_revision_id: str | None = None,
    ) -> BatchResult:
        """Apply a batch once a write token is free."""
        self.bucket.acquire()
        return self.inner.batch_update(presentation_id, requests, required_revision_id)

    def delete_deck(self, presentation_id: str) -> None:
        """Delete a deck once a write token is free."""
        self.bucket.acquire()
        self.inner.delete_deck(presentation_id)

    def deck_url(self, presentation_id: str) -> str:
        """Return the deck's link."""
        return self.inner.deck_url(presentation_id)

    def get_properties(self, presentation_id: str) -> dict[str, str]:
        """Read the deck's app properties."""
        return self.inner.get_properties(presentation_id)

    def set_properties(self, presentation_id: str, properties: dict[str, str]) -> None:
        """Write the deck's app properties once a write token is free."""
        self.bucket.acquire()
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
        self.bucket.acquire()
        return self.inner.share(presentation_id)
