"""Errors slidegen raises, all derived from one base.

SlidegenError                 base; the CLI turns it into a message and exit code 1
                              (carries .message and .hint: what went wrong, what to do)
├── InputError                a plan or config file is unreadable or invalid
│     (carries .problems: every Problem found, each with file, line, column)
├── TemplateError             the template lacks a tagged slide or region
├── TargetDeckError           an existing deck cannot take the generated slides
├── RequestError              a batchUpdate request was rejected (index + reason)
└── BackendError              a deck service call failed (Google, filesystem)
      └── AuthError           credentials missing, expired or lacking a scope
"""

from __future__ import annotations

import stat
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Problem:
    """One thing wrong with an input file, positioned where a person can find it."""

    file: str
    line: int | None
    column: int | None
    path: str
    message: str

    def __str__(self) -> str:
        where = self.file
        if self.line is not None:
            where += f":{self.line}"
            if self.column is not None:
                where += f":{self.column}"
        field = f" {self.path}:" if self.path else ""
        return f"{where}:{field} {self.message}"


class SlidegenError(Exception):
    """Base of every error slidegen raises on purpose.

    `message` says what went wrong and `hint`, when there is one, what to do
    about it; ``str(error)`` joins them as the CLI prints them.
    """

    def __init__(self, message: str = "", *, hint: str | None = None) -> None:
        self.message = message
        self.hint = hint
        super().__init__(message)

    def __str__(self) -> str:
        return self.message if self.hint is None else f"{self.message}\n  hint: {self.hint}"


class InputError(SlidegenError):
    """A plan or configuration file could not be read or is invalid."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))

    @classmethod
    def single(
        cls,
        file: str | Path,
        message: str,
        line: int | None = None,
        column: int | None = None,
        path: str = "",
    ) -> InputError:
        """Return an InputError holding one problem."""
        return cls([Problem(str(file), line, column, path, message)])


class TemplateError(SlidegenError):
    """The template deck is missing a tagged slide or region, or a tag is malformed."""


class TargetDeckError(SlidegenError):
    """An existing deck cannot take the generated slides (no such slide, other plan, too small)."""


class RequestError(SlidegenError):
    """A batchUpdate request was rejected, as the Slides API would reject it."""

    def __init__(self, index: int | None, reason: str, request_kind: str | None = None) -> None:
        self.index = index
        self.reason = reason
        self.request_kind = request_kind
        where = "" if index is None else f"requests[{index}]"
        if request_kind:
            where += f" ({request_kind})"
        super().__init__(f"{where}: {reason}" if where else reason)


class BackendError(SlidegenError):
    """A call to the deck service failed."""

    def __init__(self, message: str, *, status: int | None = None, hint: str | None = None) -> None:
        self.message = message
        self.status = status
        super().__init__(message, hint=hint)

    def reworded(self, message: str) -> BackendError:
        """Return the same kind of error saying `message`, with this one's status and hint."""
        return type(self)(message, status=self.status, hint=self.hint)


class AuthError(BackendError):
    """Credentials are missing, expired, revoked or lack a needed scope."""


def unreadable_json(error: RecursionError | ValueError) -> str:
    """Say why text that parses as JSON still cannot be read: too deep, or a number too long."""
    if isinstance(error, RecursionError):
        return "nested too deeply"
    # Python's message for a number of thousands of digits ends with advice on its limit.
    return str(error).split(";")[0]


def unreadable_kind(mode: int, what: str) -> str | None:
    """Say why a path of `mode` (its `st_mode`) is no `what` to read; None for a regular file.

    A device or a pipe (/dev/zero, a FIFO) would be read until memory runs out, or forever.
    """
    if stat.S_ISDIR(mode):
        return f"is a directory, not a {what}"
    if not stat.S_ISREG(mode):
        return f"not a regular file, so not a {what}"
    return None
