"""A lock that keeps two overlapping syncs from updating the same decks at once."""

from __future__ import annotations

import os
import sys
from pathlib import Path
from types import TracebackType

from slidegen.errors import SlidegenError


class LockHeldError(SlidegenError):
    """Another sync holds the lock on the same state file."""


# Windows locks byte ranges, and a locked range cannot even be read by others; the lock
# sits on one byte far past the holder's process ID so a waiting run can still read it.
WINDOWS_LOCK_OFFSET = 1 << 20

if sys.platform == "win32":
    import msvcrt

    def _try_lock(descriptor: int) -> None:
        os.lseek(descriptor, WINDOWS_LOCK_OFFSET, os.SEEK_SET)
        try:
            msvcrt.locking(descriptor, msvcrt.LK_NBLCK, 1)
        except OSError as error:
            raise BlockingIOError(str(error)) from None
        finally:
            os.lseek(descriptor, 0, os.SEEK_SET)

    def _unlock(descriptor: int) -> None:
        os.lseek(descriptor, WINDOWS_LOCK_OFFSET, os.SEEK_SET)
        msvcrt.locking(descriptor, msvcrt.LK_UNLCK, 1)

else:
    # Imported when a lock is taken, not when the command line starts.

    def _try_lock(descriptor: int) -> None:
        import fcntl

        fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)

    def _unlock(descriptor: int) -> None:
        import fcntl

        fcntl.flock(descriptor, fcntl.LOCK_UN)


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
            _try_lock(descriptor)
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
        _unlock(self._descriptor)
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
