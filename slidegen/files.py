"""Files written whole: readers see the old file or the new one, never a mix."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable
from pathlib import Path


def umask_mode(mode: int = 0o666) -> int:
    """Return `mode` less the process umask: what a plain open() would have created."""
    current = os.umask(0)
    os.umask(current)
    return mode & ~current


def write_atomically(path: Path, write: Callable[[Path], object], *, suffix: str = ".tmp") -> None:
    """Call `write` on a temporary file beside `path`, then move it into place.

    The temporary file (named ``.NAME.*`` plus `suffix`) is flushed to disk
    before the rename, so a crash leaves the previous file or the new one
    whole; on any failure it is removed and `path` is left as it was.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=suffix, dir=path.parent)
    temporary = Path(name)
    try:
        os.close(handle)
        # mkstemp makes owner-only files; give it the mode any new file would get
        # (by path: os.fchmod is missing on Windows before Python 3.13).
        os.chmod(temporary, umask_mode())
        write(temporary)
        with temporary.open("rb") as stream:
            os.fsync(stream.fileno())
        os.replace(temporary, path)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise


def write_text_atomically(path: Path, text: str) -> None:
    """Replace `path` with `text` (UTF-8) atomically."""
    write_atomically(path, lambda temporary: temporary.write_text(text, encoding="utf-8"))
