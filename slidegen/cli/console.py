"""What slidegen tells a person on stderr, and how much: -v, default, -q; progress lines.

Library code reports through :mod:`logging` (logger ``slidegen``): API calls
at debug level, short retry waits at info, waits long enough to notice as
warnings. Commands print their own notes through :func:`note` and progress
through :class:`Progress`. Errors are always printed; stdout carries results
only, so ``--json`` output stays one object.
"""

from __future__ import annotations

import logging
import sys
import time
from collections.abc import Callable
from typing import TextIO

import click

from slidegen.errors import InputError

QUIET = logging.ERROR
NORMAL = logging.WARNING
VERBOSE = logging.DEBUG
"""-q, the default and -v (the command line spells the same numbers out)."""

_LOGGER = logging.getLogger("slidegen")


class _ClickHandler(logging.Handler):
    """Write log records to the current stderr, the way click.echo does."""

    def emit(self, record: logging.LogRecord) -> None:
        try:
            click.echo(self.format(record), err=True)
        except Exception:  # logging must never take the command down
            self.handleError(record)


_HANDLER = _ClickHandler()
_HANDLER.setFormatter(logging.Formatter("%(message)s"))
_level = NORMAL


def set_level(level: int) -> None:
    """Show log records and notes at `level` and above on stderr from now on."""
    global _level
    _level = level
    if _HANDLER not in _LOGGER.handlers:
        _LOGGER.addHandler(_HANDLER)
    # Our handler replaces Python's last-resort one, which would print warnings twice.
    _LOGGER.propagate = False
    _LOGGER.setLevel(level)


def level() -> int:
    """Return the current level."""
    return _level


def note(text: str) -> None:
    """Print a message for people (a warning, a summary) unless -q was given."""
    if _level <= NORMAL:
        click.echo(text, err=True)


def error(problem: BaseException, *, about: str | None = None) -> None:
    """Print `problem` as ``error: …`` lines, one per plan problem, naming each file once.

    `about` (a plan path) prefixes errors that do not already name their file.
    """
    if isinstance(problem, InputError):
        for item in problem.problems:
            click.echo(f"error: {item}", err=True)
        return
    prefix = f"{about}: " if about else ""
    click.echo(f"error: {prefix}{problem}", err=True)


def detail(text: str) -> None:
    """Print a message only with -v."""
    if _level <= logging.INFO:
        click.echo(text, err=True)


def format_elapsed(seconds: float) -> str:
    """Return elapsed time as m:ss."""
    minutes, rest = divmod(int(seconds), 60)
    return f"{minutes}:{rest:02d}"


class Progress:
    """``[i/N] label`` lines on stderr, with the elapsed time when stderr is a terminal.

    Logs (not a terminal) get plain, reproducible lines; a person watching gets
    the time too, so a slow run shows it is moving. -q hides progress.
    """

    def __init__(
        self,
        total: int,
        *,
        stream: TextIO | None = None,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.total = total
        self.stream = stream
        self.clock: Callable[[], float] = clock
        self.started = clock()

    def line(self, index: int, label: str, *, timed: bool | None = None) -> str:
        """Return ``[index/total] label``, with the elapsed time when `timed` (default: a tty)."""
        text = f"[{index}/{self.total}] {label}"
        if timed is None:
            stream = self._stream()
            timed = stream is not None and stream.isatty()
        if timed:
            first, _, rest = text.partition("\n")
            text = f"{first} ({format_elapsed(self.clock() - self.started)})" + (
                f"\n{rest}" if rest else ""
            )
        return text

    def step(self, index: int, label: str) -> None:
        """Show on stderr that item `index` (1-based) of the total, `label`, is under way."""
        if _level > NORMAL:
            return
        stream = self._stream()
        if stream is None:  # started with stderr closed: nobody to tell
            return
        stream.write(self.line(index, label, timed=stream.isatty()) + "\n")
        stream.flush()

    def _stream(self) -> TextIO | None:
        return self.stream if self.stream is not None else sys.stderr
