"""Files written whole: readers see the old file or the new one, never a mix."""

from __future__ import annotations

import hashlib
import os
import shutil
import socket
import stat
import tempfile
from collections.abc import Callable
from pathlib import Path


def umask_mode(mode: int = 0o666) -> int:
    """Return `mode` less the process umask: what a plain open() would have created."""
    current = os.umask(0)
    os.umask(current)
    return mode & ~current


def _existing_mode(path: Path) -> int | None:
    """Return the permission bits of an existing regular file at `path`, else None."""
    try:
        status = path.stat()
    except OSError:
        return None
    return stat.S_IMODE(status.st_mode) if stat.S_ISREG(status.st_mode) else None


def is_special_file(path: Path) -> bool:
    """Return True for a device, FIFO or socket: something written into, never replaced."""
    try:
        mode = path.stat().st_mode
    except OSError:
        return False
    return stat.S_ISCHR(mode) or stat.S_ISBLK(mode) or stat.S_ISFIFO(mode) or stat.S_ISSOCK(mode)


def same_file(first: Path, second: Path) -> bool:
    """Return True when two paths name one file (links and relative spellings included)."""
    try:
        return os.path.samefile(first, second)
    except OSError:
        return Path(os.path.abspath(first)) == Path(os.path.abspath(second))


def write_atomically(path: Path, write: Callable[[Path], object], *, suffix: str = ".tmp") -> None:
    """Call `write` on a temporary file beside `path`, then move it into place.

    The temporary file (named ``.NAME.PID@HOST-*`` plus `suffix`) is flushed to disk
    before the rename, so a crash leaves the previous file or the new one
    whole; on any failure it is removed and `path` is left as it was. One left
    by a writer killed outright (``kill -9``) goes on the next write to `path`. A file
    being replaced keeps its permissions. A device or FIFO (``/dev/null``,
    ``/dev/stdout``, a named pipe) is written into, not replaced: the
    content is made in a temporary file first, then copied into it.
    """
    special = is_special_file(path)
    folder = Path(tempfile.gettempdir()) if special else path.parent
    if not special:
        path.parent.mkdir(parents=True, exist_ok=True)
        remove_abandoned_temporaries(path, suffix)
    prefix = f".{path.name}.{os.getpid()}@{_host_tag()}-"
    handle, name = tempfile.mkstemp(prefix=prefix, suffix=suffix, dir=folder)
    temporary = Path(name)
    try:
        os.close(handle)
        # mkstemp makes owner-only files; give it the mode the file has, or any new file
        # would get (by path: os.fchmod is missing on Windows before Python 3.13).
        mode = _existing_mode(path)
        os.chmod(temporary, umask_mode() if mode is None else mode)
        write(temporary)
        if special:
            with temporary.open("rb") as source, path.open("wb") as target:
                shutil.copyfileobj(source, target)
            return
        with temporary.open("rb") as stream:
            os.fsync(stream.fileno())
        os.replace(temporary, path)
    finally:
        temporary.unlink(missing_ok=True)


def remove_abandoned_temporaries(path: Path, suffix: str) -> None:
    """Remove the temporary files beside `path` whose writing process is gone.

    Only names ``write_atomically`` gives on this machine (``.NAME.PID@HOST-*``
    plus `suffix`) are considered, and only where no process PID runs: a second
    run writing the same file at once keeps its temporary, and so does a run on
    another machine writing into a shared folder, whose process ids mean nothing here.
    """
    if os.name == "nt":
        return  # os.kill would end the process there, not probe it
    start = f".{path.name}."
    try:
        leftovers = [
            entry
            for entry in path.parent.iterdir()
            if entry.name.startswith(start) and entry.name.endswith(suffix)
        ]
    except OSError:
        return
    host = _host_tag()
    for leftover in leftovers:
        writer, dash, _ = leftover.name[len(start) :].partition("-")
        pid, at, written_on = writer.partition("@")
        if not dash or not at or written_on != host or not pid.isdigit() or _running(int(pid)):
            continue
        try:
            leftover.unlink(missing_ok=True)
        except OSError:
            continue  # another run removed it, or the folder is not ours to tidy


def _host_tag() -> str:
    """Return a short tag of this machine's name, free of the dashes a file name is cut at."""
    return hashlib.sha256(socket.gethostname().encode()).hexdigest()[:8]


def _running(pid: int) -> bool:
    """Return True when a process `pid` exists (someone else's counts)."""
    if pid <= 0:
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:
        return True  # it exists, but belongs to another user
    return True


def write_text_atomically(path: Path, text: str) -> None:
    """Replace `path` with `text` (UTF-8) atomically."""
    write_atomically(path, lambda temporary: temporary.write_text(text, encoding="utf-8"))
