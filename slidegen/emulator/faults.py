"""Faults the emulator can inject into the next call of a method."""

from __future__ import annotations

from dataclasses import dataclass

TIMEOUT_MARKER = "X-Emulator-Fault"
"""Header by which the emulator tells slidegen's client to act as if its read timed out."""


@dataclass(frozen=True)
class Fault:
    """One injected failure; ``after_apply`` faults change the state first, then fail."""

    kind: str
    code: int = 0
    retry_after: str | None = None
    seconds: float = 0.0
    message: str | None = None
    reason: str | None = None
    after_apply: bool = False

    @classmethod
    def none(cls) -> Fault:
        """Return a stand-in that lets one call through, to aim a later fault at a later call."""
        return cls("none")

    @classmethod
    def status(
        cls,
        code: int,
        *,
        retry_after: str | float | None = None,
        message: str | None = None,
        reason: str | None = None,
    ) -> Fault:
        """Return a fault that answers HTTP `code` without doing anything."""
        header = None if retry_after is None else str(retry_after)
        return cls("status", code=code, retry_after=header, message=message, reason=reason)

    @classmethod
    def status_after_apply(cls, code: int = 503) -> Fault:
        """Return a fault that does the work, then answers HTTP `code` anyway."""
        return cls("status", code=code, after_apply=True)

    @classmethod
    def reset(cls, *, after_apply: bool = False) -> Fault:
        """Return a fault that closes the connection without an answer."""
        return cls("reset", after_apply=after_apply)

    @classmethod
    def response_lost(cls) -> Fault:
        """Return a fault that does the work, then closes the connection without an answer."""
        return cls.reset(after_apply=True)

    @classmethod
    def timeout(cls, seconds: float = 0.0, *, after_apply: bool = False) -> Fault:
        """Return a fault that makes the client's wait for an answer time out.

        With `seconds` the emulator really stalls that long and then hangs up,
        for trying clients whose timeout is shorter. Without, it answers at once
        with a marker (``X-Emulator-Fault: timeout``, status 504) that slidegen's
        client turns into the read timeout it would have raised, so no test waits
        on a clock and none depends on how fast the machine is.
        """
        return cls("timeout", seconds=seconds, after_apply=after_apply)

    @classmethod
    def quota(cls, retry_after: str | float | None = None) -> Fault:
        """Return a 429 as Google sends when the per-minute quota is used up."""
        return cls.status(
            429,
            retry_after=retry_after,
            message="Quota exceeded for quota metric 'Write requests' and limit "
            "'Write requests per minute per user'",
            reason="rateLimitExceeded",
        )
