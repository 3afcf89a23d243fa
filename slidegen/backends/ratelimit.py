"""Keep deck writes within the Slides write quota: a token bucket and a backend wrapper."""

from __future__ import annotations

import time
from collections.abc import Callable

from slidegen.backends.base import DeckBackend
from slidegen.backends.forwarding import ForwardingBackend


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


class RateLimitedBackend(ForwardingBackend):
    """A DeckBackend whose writes all draw from one shared token bucket.

    Reads are not rate limited here; every write waits for a token first
    (see ``ForwardingBackend`` for why each operation is forwarded explicitly).
    """

    def __init__(self, inner: DeckBackend, bucket: TokenBucket) -> None:
        super().__init__(inner)
        self.bucket = bucket

    def before_write(self) -> None:
        """Wait until a write token is free."""
        self.bucket.acquire()
