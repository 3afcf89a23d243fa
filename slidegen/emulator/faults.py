"""Faults the emulator can inject into the next call of a method."""

from __future__ import annotations

from dataclasses import dataclass


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
    def timeout(cls, seconds: float, *, after_apply: bool = False) -> Fault:
        """Return a fault that stalls `seconds` (past the client's timeout) before answering."""
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
