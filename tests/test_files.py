from __future__ import annotations

import json
import os
import stat
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from slidegen.files import _host_tag, umask_mode, write_atomically, write_text_atomically


@pytest.fixture
def umask_022() -> Iterator[None]:
    previous = os.umask(0o022)
    try:
        yield
    finally:
        os.umask(previous)


def test_umask_mode_takes_away_the_umask_bits(umask_022: None) -> None:
    assert umask_mode() == 0o644
    assert umask_mode(0o777) == 0o755
    assert os.umask(0o022) == 0o022, "reading the umask must leave it as it was"


def test_a_new_file_gets_the_mode_a_plain_open_would_give(tmp_path: Path, umask_022: None) -> None:
    target = tmp_path / "nested" / "out.json"
    write_text_atomically(target, "{}\n")
    assert target.read_text(encoding="utf-8") == "{}\n"
    assert stat.S_IMODE(target.stat().st_mode) == 0o644


def test_the_writer_sees_a_hidden_temporary_file_beside_the_target(tmp_path: Path) -> None:
    target = tmp_path / "deck.pptx"
    seen: list[Path] = []

    def write(temporary: Path) -> None:
        seen.append(temporary)
        temporary.write_bytes(b"new")

    write_atomically(target, write, suffix=".pptx")
    assert seen[0].parent == tmp_path
    assert seen[0].name.startswith(".deck.pptx.") and seen[0].name.endswith(".pptx")
    assert target.read_bytes() == b"new"
    assert [p.name for p in tmp_path.iterdir()] == ["deck.pptx"]


def test_a_failing_writer_leaves_the_old_file_and_no_temporary(tmp_path: Path) -> None:
    target = tmp_path / "state.json"
    target.write_text("old", encoding="utf-8")

    def write(temporary: Path) -> None:
        temporary.write_text("half", encoding="utf-8")
        raise RuntimeError("export failed")

    with pytest.raises(RuntimeError, match="export failed"):
        write_atomically(target, write)
    assert target.read_text(encoding="utf-8") == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["state.json"]


def test_a_failed_rename_leaves_the_old_file_and_no_temporary(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "state.json"
    target.write_text("old", encoding="utf-8")

    def refuse(*_: object) -> None:
        raise OSError("disk full")

    monkeypatch.setattr("slidegen.files.os.replace", refuse)
    with pytest.raises(OSError, match="disk full"):
        write_text_atomically(target, "new")
    assert target.read_text(encoding="utf-8") == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["state.json"]


def test_a_replaced_file_keeps_its_mode(tmp_path: Path) -> None:
    target = tmp_path / "deck.pptx"
    target.write_text("old")
    target.chmod(0o600)

    write_text_atomically(target, "new")

    assert target.read_text() == "new"
    assert stat.S_IMODE(target.stat().st_mode) == 0o600


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs named pipes")
def test_a_fifo_is_written_into_not_replaced(tmp_path: Path) -> None:
    pipe = tmp_path / "deck.pptx"
    os.mkfifo(pipe)
    received: list[bytes] = []
    reader = threading.Thread(target=lambda: received.append(pipe.read_bytes()))
    reader.start()

    write_text_atomically(pipe, "through the pipe")
    reader.join(timeout=60)

    assert received == [b"through the pipe"]
    assert stat.S_ISFIFO(pipe.stat().st_mode)


def test_the_temporary_file_goes_on_any_exit(tmp_path: Path) -> None:
    target = tmp_path / "deck.pptx"

    def interrupted(path: Path) -> None:
        path.write_text("half")
        raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        write_atomically(target, interrupted)

    assert list(tmp_path.iterdir()) == []


def test_build_refuses_to_overwrite_its_own_template(tmp_path: Path) -> None:
    from click.testing import CliRunner

    from slidegen.cli import main
    from slidegen.templates import load_default_template

    template = tmp_path / "template.json"
    template.write_text(json.dumps(load_default_template()))
    before = template.read_bytes()
    plan = Path(__file__).parents[1] / "plan_inputs" / "example.yaml"

    result = CliRunner().invoke(
        main, ["build", str(plan), "--template", str(template), "-o", str(template)]
    )

    assert result.exit_code == 1
    assert "is an input of this build" in result.output
    assert template.read_bytes() == before


def test_a_temporary_left_by_a_killed_writer_goes_on_the_next_write(tmp_path: Path) -> None:
    finished = subprocess.run(
        [sys.executable, "-c", "import os; print(os.getpid())"],
        check=True,
        capture_output=True,
        text=True,
    )
    gone = int(finished.stdout)
    target = tmp_path / "deck.pptx"
    here = _host_tag()
    abandoned = tmp_path / f".deck.pptx.{gone}@{here}-abc123.pptx"
    running = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    try:
        # A second run writing the same deck at this moment keeps its temporary.
        in_progress = tmp_path / f".deck.pptx.{running.pid}@{here}-def456.pptx"
        # So does a run on another machine sharing the folder: its process ids mean nothing here.
        unrelated = [
            tmp_path / ".deck.pptx.notes.pptx",
            tmp_path / f".deck.pptx.12@{here}-x.json",
            tmp_path / f".deck.pptx.{gone}@0000beef-ghi789.pptx",
            tmp_path / f".deck.pptx.{gone}-jkl012.pptx",
        ]
        for leftover in (abandoned, in_progress, *unrelated):
            leftover.write_bytes(b"half")
        write_atomically(target, lambda temporary: temporary.write_bytes(b"new"), suffix=".pptx")
    finally:
        running.kill()
        running.wait()
    assert target.read_bytes() == b"new"
    assert not abandoned.exists()
    assert in_progress.exists()
    assert all(leftover.exists() for leftover in unrelated)


def test_a_killed_build_leaves_no_temporary_behind_the_next_one(tmp_path: Path) -> None:
    # kill -9 cannot be caught: the temporary stays until the next build of that deck.
    target = tmp_path / "deck.pptx"
    code = (
        "import os, sys\n"
        "from pathlib import Path\n"
        "from slidegen.files import write_atomically\n"
        "def write(temporary):\n"
        "    temporary.write_bytes(b'half')\n"
        "    os.kill(os.getpid(), 9)\n"
        "write_atomically(Path(sys.argv[1]), write, suffix='.pptx')\n"
    )
    killed = subprocess.run([sys.executable, "-c", code, str(target)], check=False)
    assert killed.returncode == -9
    assert [p.name for p in tmp_path.iterdir()] != [] and not target.exists()
    write_atomically(target, lambda temporary: temporary.write_bytes(b"new"), suffix=".pptx")
    assert [p.name for p in tmp_path.iterdir()] == ["deck.pptx"]
