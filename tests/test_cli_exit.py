"""How the installed command ends: exit code, exit functions and output, without teardown."""

from __future__ import annotations

import signal
import subprocess
import sys
from pathlib import Path

import pytest

EXAMPLE = Path(__file__).resolve().parent.parent / "plan_inputs" / "example.yaml"


def run_python(code: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=120, check=False
    )


@pytest.mark.parametrize(("code", "status"), [("None", 0), ("0", 0), ("3", 3)])
def test_leaving_runs_exit_functions_flushes_output_and_keeps_the_code(
    code: str, status: int
) -> None:
    done = run_python(
        "import atexit, sys\n"
        "atexit.register(print, 'exit function ran')\n"
        "sys.stdout.write('unflushed output')\n"
        "from slidegen.cli import _leave\n"
        f"_leave({code})\n"
        "print('not reached')\n"
    )
    assert done.returncode == status
    assert done.stdout == "unflushed outputexit function ran\n"


def test_leaving_with_a_thread_running_waits_for_it_as_exit_does() -> None:
    done = run_python(
        "import threading, time\n"
        "def late():\n"
        "    time.sleep(0.2)\n"
        "    print('thread finished', flush=True)\n"
        "threading.Thread(target=late).start()\n"
        "from slidegen.cli import _leave\n"
        "_leave(4)\n"
    )
    assert done.returncode == 4
    assert done.stdout == "thread finished\n"


def test_a_message_as_exit_code_is_printed_as_exit_prints_it() -> None:
    done = run_python("from slidegen.cli import _leave\n_leave('went wrong')\n")
    assert done.returncode == 1
    assert done.stderr == "went wrong\n"


def test_the_module_command_exits_with_the_command_s_code(tmp_path: Path) -> None:
    good = subprocess.run(
        [sys.executable, "-m", "slidegen", "validate", str(EXAMPLE)],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert good.returncode == 0 and "OK" in good.stdout
    missing = subprocess.run(
        [sys.executable, "-m", "slidegen", "validate", str(tmp_path / "none.yaml")],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert missing.returncode == 1 and "plan not found" in missing.stdout + missing.stderr


def run_in_shell(
    script: str, *args: str, cwd: Path | None = None
) -> subprocess.CompletedProcess[str]:
    """Run `script` in sh with $0 this interpreter and $1… `args`, as a user's shell would."""
    return subprocess.run(
        ["sh", "-c", script, sys.executable, *args],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
        cwd=cwd,
    )


def test_a_command_started_with_stdout_closed_ends_without_a_traceback() -> None:
    done = run_in_shell('"$0" -m slidegen validate "$1" 2>&1 >&-', str(EXAMPLE))
    assert done.returncode == 0, done.stdout
    assert "Traceback" not in done.stdout
    assert "error" not in done.stdout


def test_builds_started_with_stderr_closed_write_every_deck(tmp_path: Path) -> None:
    for name in ("a.yaml", "b.yaml"):
        (tmp_path / name).write_bytes(EXAMPLE.read_bytes())
    done = run_in_shell('"$0" -m slidegen build a.yaml b.yaml 2>&-', cwd=tmp_path)
    assert done.returncode == 0, done.stdout
    assert sorted(p.name for p in (tmp_path / "build").iterdir()) == ["a.pptx", "b.pptx"]


def test_a_command_run_in_process_puts_the_caller_s_sigterm_handler_back() -> None:
    from click.testing import CliRunner

    from slidegen.cli import main

    def callers_handler(signum: int, frame: object) -> None:
        raise AssertionError("not called")

    previous = signal.signal(signal.SIGTERM, callers_handler)
    try:
        result = CliRunner().invoke(main, ["validate", str(EXAMPLE)])
        assert result.exit_code == 0, result.output
        assert signal.getsignal(signal.SIGTERM) is callers_handler
    finally:
        signal.signal(signal.SIGTERM, previous)


def test_a_terminated_watch_ends_with_the_signal_s_code_and_no_traceback(tmp_path: Path) -> None:
    plan = tmp_path / "a.yaml"
    plan.write_bytes(EXAMPLE.read_bytes())
    watch = subprocess.Popen(
        [sys.executable, "-m", "slidegen", "watch", str(plan)],
        cwd=tmp_path,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        assert watch.stdout is not None
        seen = ""
        while "Ctrl-C" not in seen:
            line = watch.stdout.readline()
            assert line, f"watch ended before it watched:\n{seen}"
            seen += line
        watch.send_signal(signal.SIGTERM)
        rest, _ = watch.communicate(timeout=60)
    finally:
        if watch.poll() is None:
            watch.kill()
            watch.wait()
    assert watch.returncode == 128 + signal.SIGTERM
    assert "Traceback" not in seen + rest
