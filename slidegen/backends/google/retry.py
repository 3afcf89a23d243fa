"""Retry policy for Google API calls: capped exponential backoff with full jitter.

The client library's own ``execute(num_retries=...)`` ignores ``Retry-After`` and
re-sends non-idempotent writes blindly, so every call goes through here instead.
What is safe to repeat is the caller's decision: :func:`classify` only says
whether a failure was *transient* and whether the server may have *applied* it.
"""

from __future__ import annotations

import email.utils
import http.client
import logging
import random
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from enum import Enum
from typing import TypeVar

import requests
from googleapiclient.errors import HttpError

T = TypeVar("T")
log = logging.getLogger(__name__)

# A wait longer than this is announced even without --verbose: silence that long looks hung.
ANNOUNCE_WAITS_OVER = 1.0

RETRYABLE_STATUSES = frozenset({429, 500, 502, 503, 504})


class Outcome(Enum):
    """What a failed call says about the state on the server."""

    PERMANENT = "permanent"
    """Not worth repeating (4xx other than 429, bad credentials …)."""
    REJECTED = "rejected"
    """Refused before doing anything (429): repeating it is always safe."""
    AMBIGUOUS = "ambiguous"
    """May or may not have been applied (5xx, reset, timeout)."""


def classify(error: BaseException) -> Outcome:
    """Return whether `error` is permanent, a clean rejection, or ambiguous."""
    if isinstance(error, HttpError):
        status = error.resp.status
        if status == 429:
            return Outcome.REJECTED
        if status in RETRYABLE_STATUSES:
            return Outcome.AMBIGUOUS
        return Outcome.PERMANENT
    if isinstance(
        error,
        requests.ConnectionError
        | requests.Timeout
        | ConnectionError
        | TimeoutError
        | http.client.HTTPException,
    ):
        return Outcome.AMBIGUOUS
    return Outcome.PERMANENT


def retry_after_seconds(error: BaseException, now: float) -> float | None:
    """Return the wait a ``Retry-After`` header on `error` asks for, or None."""
    if not isinstance(error, HttpError):
        return None
    value = error.resp.get("retry-after")
    if value is None:
        return None
    value = str(value).strip()
    try:
        return max(0.0, float(value))
    except ValueError:
        pass
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return max(0.0, when.timestamp() - now)


@dataclass
class RetryPolicy:
    """How often and how long to wait between attempts; clock and dice are injectable."""

    max_attempts: int = 6
    base_delay: float = 1.0
    max_delay: float = 32.0
    # Waiting longer than this for a Retry-After is worse than failing with a clear message.
    max_retry_after: float = 120.0
    sleep: Callable[[float], None] = time.sleep
    clock: Callable[[], float] = time.time
    random: Callable[[], float] = random.random
    slept: list[float] = field(default_factory=list)

    def delay(self, attempt: int, error: BaseException) -> float:
        """Return how long to wait after failed attempt number `attempt` (1-based)."""
        requested = retry_after_seconds(error, self.clock())
        if requested is not None:
            return min(requested, self.max_retry_after)
        ceiling = min(self.max_delay, self.base_delay * (2 ** (attempt - 1)))
        return self.random() * ceiling

    def wait(self, attempt: int, error: BaseException) -> None:
        """Sleep before the next attempt and remember how long."""
        self.pause(self.delay(attempt, error))

    def pause(self, seconds: float) -> None:
        """Sleep `seconds` and remember it."""
        self.slept.append(seconds)
        self.sleep(seconds)


def describe_failure(error: BaseException) -> str:
    """Return a failure in a word or two: "429", "503", "timeout", "connection reset"."""
    if isinstance(error, HttpError):
        return str(error.resp.status)
    if isinstance(error, requests.Timeout | TimeoutError):
        return "timeout"
    if isinstance(error, ConnectionResetError):
        return "connection reset"
    if isinstance(error, requests.ConnectionError | ConnectionError):
        return "connection failure"
    return type(error).__name__


def format_seconds(seconds: float) -> str:
    """Return a wait as people read it: "8 s", "0.4 s", "2 min 5 s"."""
    if seconds < 10:
        return f"{seconds:.1f}".removesuffix(".0") + " s"
    whole = round(seconds)
    if whole < 120:
        return f"{whole} s"
    minutes, rest = divmod(whole, 60)
    return f"{minutes} min {rest} s" if rest else f"{minutes} min"


class RetriesExhausted(Exception):
    """Raised by :func:`call_with_retry` when every attempt failed transiently."""

    def __init__(self, last_error: BaseException, attempts: int) -> None:
        self.last_error = last_error
        self.attempts = attempts
        super().__init__(f"gave up after {attempts} attempts: {last_error}")


def call_with_retry(
    attempt: Callable[[], T],
    policy: RetryPolicy,
    *,
    recover: Callable[[BaseException], T | None] | None = None,
    name: str = "the call",
) -> T:
    """Return `attempt()`, repeating it after transient failures as `policy` allows.

    After an ambiguous failure `recover(error)` (when given) finds out whether
    the call took effect anyway: it returns the result to use, or None to try
    again. Permanent errors are raised unchanged; running out of attempts
    raises :class:`RetriesExhausted` carrying the last error. Each wait is
    logged, naming the call (`name`): as a warning when it is long enough for a
    person to wonder, else at info level.
    """
    number = 1
    while True:
        try:
            return attempt()
        except Exception as error:
            outcome = classify(error)
            if outcome is Outcome.PERMANENT:
                raise
            if outcome is Outcome.AMBIGUOUS and recover is not None:
                recovered = recover(error)
                if recovered is not None:
                    return recovered
            if number >= policy.max_attempts:
                log.info(
                    "%s from %s; giving up after %d attempts",
                    describe_failure(error),
                    name,
                    number,
                )
                raise RetriesExhausted(error, number) from error
            seconds = policy.delay(number, error)
            log.log(
                logging.WARNING if seconds > ANNOUNCE_WAITS_OVER else logging.INFO,
                "%s from %s; retrying in %s (attempt %d of %d)",
                describe_failure(error),
                name,
                format_seconds(seconds),
                number + 1,
                policy.max_attempts,
            )
            policy.pause(seconds)
            number += 1
