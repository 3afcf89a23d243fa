"""Inputs a command must refuse with a clear message and a non-zero exit, never a traceback."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from slidegen.cli import main
from slidegen.config import name_pattern_problem

EXAMPLE = Path(__file__).parents[1] / "plan_inputs" / "example.yaml"


def _plan(tmp_path: Path, old: str, new: str, count: int = 1) -> Path:
    text = EXAMPLE.read_text(encoding="utf-8")
    assert old in text
    path = tmp_path / "plan.yaml"
    path.write_text(text.replace(old, new, count), encoding="utf-8")
    return path


def _run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, list(args))
    assert not isinstance(result.exception, Exception) or isinstance(
        result.exception, SystemExit
    ), result.exception
    return result.exit_code, result.output


def _customer_line() -> str:
    return next(line for line in EXAMPLE.read_text().splitlines() if line.startswith("customer:"))


def test_a_character_a_slide_cannot_hold_is_refused_by_validate_and_build(
    tmp_path: Path,
) -> None:
    plan = _plan(tmp_path, _customer_line(), 'customer: "A\\uFFFEB"')
    for command in (["validate", str(plan)], ["build", str(plan), "-o", str(tmp_path / "x.pptx")]):
        code, output = _run(*command)
        assert code == 1
        assert "customer: contains the character U+FFFE" in output
    assert not (tmp_path / "x.pptx").exists()


@pytest.mark.parametrize("year", ["9999", "0001", "1969", "2100"])
def test_dates_outside_the_plan_range_are_refused(tmp_path: Path, year: str) -> None:
    plan = _plan(tmp_path, "date: 2026-", f"date: {year}-", count=-1)
    code, output = _run("validate", str(plan))
    assert code == 1
    assert "outside the dates a plan can use (1970-01-01 to 2099-12-31)" in output


@pytest.mark.parametrize("as_of", ["0001-01-01", "2100-01-01"])
def test_an_as_of_outside_the_range_is_refused(tmp_path: Path, as_of: str) -> None:
    commands = [
        ["build", str(EXAMPLE), "--as-of", as_of, "-o", str(tmp_path / "x.pptx")],
        ["sync", str(EXAMPLE), "--as-of", as_of, "--dry-run"],
    ]
    for command in commands:
        code, output = _run(*command)
        assert code == 2
        assert "outside the dates a plan can use" in output


@pytest.mark.parametrize(
    ("pattern", "message"),
    [
        ("{customer", "is not a valid pattern"),
        ("{date:%Y}", "formats {date} as '%Y'"),
        ("{customer.__class__.__init__.__globals__}", "may use only"),
        ("{customer[0]}", "may use only"),
        ("{nope}", "uses {nope}"),
        ("{customer!r}", "conversion"),
    ],
)
def test_a_bad_name_pattern_is_a_config_problem(pattern: str, message: str) -> None:
    problem = name_pattern_problem(pattern)
    assert problem is not None and message in problem


def test_good_name_patterns_pass() -> None:
    for pattern in ("{customer} — {opportunity} ({date})", "{prepared_by:>10}", "Plan {{x}}"):
        assert name_pattern_problem(pattern) is None


def test_validate_checks_the_files_the_config_names(tmp_path: Path) -> None:
    config = tmp_path / "slidegen.yaml"
    config.write_text(
        "template:\n  path: missing-template.json\n"
        "deck:\n  output_dir: /etc/passwd\n  name_pattern: '{customer.x}'\n"
    )
    code, output = _run("validate", str(EXAMPLE), "--config", str(config))
    assert code == 1
    assert "deck.name_pattern: uses {customer.x}" in output
    config.write_text(
        "template:\n  path: missing-template.json\ndeck:\n  output_dir: /etc/passwd\n"
    )
    code, output = _run("validate", str(EXAMPLE), "--config", str(config))
    assert code == 1
    assert "template.path: missing-template.json" in output
    assert "deck.output_dir: /etc/passwd is a file" in output


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs named pipes")
def test_a_template_path_naming_a_pipe_is_refused_not_read(tmp_path: Path) -> None:
    # Read as a file, a pipe no one writes to waits forever (and /dev/zero fills memory).
    os.mkfifo(tmp_path / "template.json")
    config = tmp_path / "slidegen.yaml"
    config.write_text("template:\n  path: template.json\n", encoding="utf-8")
    for command in ("validate", "build"):
        done = subprocess.run(
            [sys.executable, "-m", "slidegen", command, str(EXAMPLE), "--config", str(config)],
            cwd=tmp_path,
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert done.returncode == 1, done.stderr
        said = done.stdout + done.stderr
        assert "template.json: not a regular file, so not a presentation" in said
        assert "Traceback" not in done.stderr
    assert sorted(path.name for path in tmp_path.iterdir()) == ["slidegen.yaml", "template.json"]


@pytest.mark.skipif(not os.path.exists("/dev/full"), reason="needs /dev/full")
def test_a_full_device_on_stdout_is_a_message_not_a_traceback() -> None:
    with open("/dev/full", "w") as full:
        done = subprocess.run(
            [sys.executable, "-m", "slidegen", "validate", str(EXAMPLE)],
            stdout=full,
            stderr=subprocess.PIPE,
            text=True,
            timeout=120,
        )
    assert done.returncode == 1
    assert "Traceback" not in done.stderr
    assert "cannot write the output: No space left on device" in done.stderr


def test_a_busy_emulator_port_is_a_message() -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        code, output = _run("emulator", "serve", "--port", str(port))
    assert code == 1
    assert f"cannot listen on 127.0.0.1:{port}" in output and "--port" in output
