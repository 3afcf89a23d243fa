"""The `doctor` command: would a Google build work, and if not, what to fix."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import click

from slidegen.cli.options import config_option
from slidegen.doctor import FAIL, DoctorReport, run_doctor
from slidegen.plan.loader import load_config


def doctor_json(report: DoctorReport, **fields: Any) -> dict[str, Any]:
    """Return the one JSON object `doctor --json` prints: outcome, problems, then checks."""
    failed = [check for check in report.checks if check.status == FAIL]
    problems = [
        {"file": None, "line": None, "column": None, "path": check.name, "message": check.detail}
        for check in failed
    ]
    return {
        "command": "doctor",
        "ok": report.ok,
        "exit_code": 0 if report.ok else 1,
        "error": None
        if report.ok
        else f"{len(failed)} check(s) failed: " + ", ".join(check.name for check in failed),
        "hint": failed[0].fix if failed else None,
        "problems": problems,
        "checks": report.to_json(),
        **fields,
    }


@click.command()
@click.option("--template-id", help="Google Slides file ID of the template [default: config].")
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object instead of text.")
@config_option
def doctor(template_id: str | None, as_json: bool, config_path: Path | None) -> None:
    """Check that a Google build would work: credentials, APIs, template, folder, a test copy.

    Each check prints pass, warn, fail or skip, and how to fix a failure. The
    exit status is 0 only when a build would work. The test copy of the
    template is deleted straight away.

    \b
    Example:
      slidegen doctor --template-id 1AbC...xyz
      slidegen doctor --json > doctor.json
    """
    config = load_config(config_path)
    report = run_doctor(config, template_id=template_id)
    if as_json:
        click.echo(json.dumps(doctor_json(report), indent=2, ensure_ascii=False))
    else:
        click.echo(report.text())
    if not report.ok:
        sys.exit(1)


def register(group: click.Group) -> None:
    """Add this module's commands to `group`."""
    group.add_command(doctor)
