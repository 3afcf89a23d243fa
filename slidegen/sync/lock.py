"""A lock that keeps two overlapping syncs from updating the same decks at once."""

from __future__ import annotations

import fcntl
import os
from pathlib import Path
from types import TracebackType

from slidegen.errors import SlidegenError


class LockHeldError(SlidegenError):
    """Another sync holds the lock on the same state file."""


def lock_path_for(state_file: Path) -> Path:
    """Return the lock file that guards `state_file`."""
    return state_file.with_name(state_file.name + ".lock")


class SyncLock:
    """An exclusive, non-blocking advisory lock on ``<state_file>.lock``.

    The operating system releases the lock when the process ends, however it
    ends, so a crashed run never leaves a stale lock behind.
    """

    def __init__(self, state_file: Path) -> None:
        self.path = lock_path_for(state_file)
        self._descriptor: int | None = None

    def acquire(self) -> None:
        """Take the lock, or raise LockHeldError at once when another process has it."""
        self.path.parent.mkdir(parents=True, exist_ok=True)
        descriptor = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
        try:
            fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = os.read(descriptor, 64).decode("ascii", "replace").strip()
            os.close(descriptor)
            who = f" (process {holder})" if holder else ""
            raise LockHeldError(
                f"another slidegen sync{who} is running with {self.path}; "
                "wait for it to finish (runs must not overlap)"
            ) from None
        os.ftruncate(descriptor, 0)
        os.write(descriptor, f"{os.getpid()}\n".encode("ascii"))
        self._descriptor = descriptor

    def release(self) -> None:
        """Give the lock back."""
        if self._descriptor is None:
            return
        os.ftruncate(self._descriptor, 0)
        fcntl.flock(self._descriptor, fcntl.LOCK_UN)
        os.close(self._descriptor)
        self._descriptor = None

    def __enter__(self) -> SyncLock:
        self.acquire()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.release()
