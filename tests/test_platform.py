"""slidegen starts and locks on Windows too: no POSIX-only module is needed to run it."""

from __future__ import annotations

import importlib.util
import os
import subprocess
import sys
import types
from pathlib import Path

import pytest

import slidegen.sync.lock

LOCK_SOURCE = Path(slidegen.sync.lock.__file__)


def fake_msvcrt() -> types.ModuleType:
    """Return a stand-in for Windows' msvcrt whose byte locks conflict between descriptors."""
    module = types.ModuleType("msvcrt")
    held: dict[tuple[int, int], int] = {}

    def locking(descriptor: int, mode: int, nbytes: int) -> None:
        key = (os.fstat(descriptor).st_ino, os.lseek(descriptor, 0, os.SEEK_CUR))
        if mode == module.LK_UNLCK:
            if held.pop(key, None) != descriptor:
                raise OSError(13, "Permission denied")
            return
        if key in held:
            raise OSError(36, "Resource deadlock avoided")
        held[key] = descriptor

    module.LK_NBLCK = 2  # type: ignore[attr-defined]
    module.LK_UNLCK = 0  # type: ignore[attr-defined]
    module.locking = locking  # type: ignore[attr-defined]
    module.held = held  # type: ignore[attr-defined]
    return module


@pytest.fixture
def windows_lock(monkeypatch: pytest.MonkeyPatch) -> types.ModuleType:
    """Return the lock module as loaded on Windows, with fcntl unavailable."""
    monkeypatch.setattr(sys, "platform", "win32")
    monkeypatch.setitem(sys.modules, "fcntl", None)
    monkeypatch.setitem(sys.modules, "msvcrt", fake_msvcrt())
    spec = importlib.util.spec_from_file_location("windows_lock", LOCK_SOURCE)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_windows_lock_refuses_a_second_holder_and_names_the_first(
    windows_lock: types.ModuleType, tmp_path: Path
) -> None:
    state = tmp_path / "state.json"
    with windows_lock.SyncLock(state):
        assert windows_lock.lock_path_for(state).read_text() == f"{os.getpid()}\n"
        with pytest.raises(windows_lock.LockHeldError, match=f"process {os.getpid()}"):
            windows_lock.SyncLock(state).acquire()
    assert sys.modules["msvcrt"].held == {}  # type: ignore[attr-defined]
    with windows_lock.SyncLock(state):
        pass


def test_the_command_line_starts_without_fcntl(tmp_path: Path) -> None:
    script = (
        "import sys\n"
        "sys.modules['fcntl'] = None\n"
        "from slidegen.cli import main\n"
        "main(['validate', '--help'])\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, cwd=tmp_path, check=False
    )
    assert result.returncode == 0, result.stderr
    assert "validate" in result.stdout
