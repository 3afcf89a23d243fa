"""The `doctor` command: would a Google build work, and if not, what to fix."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import click

from slidegen.cli.envelope import EXIT_FAILED, EXIT_OK, envelope, loose_problem
from slidegen.cli.options import config_option, json_option
from slidegen.config import Config
from slidegen.conformance.compare import DEFAULT_TOLERANCE_EMU
from slidegen.conformance.runner import ConformanceOptions, ConformanceReport, run_conformance
from slidegen.doctor import FAIL, DoctorReport, run_doctor
from slidegen.plan.loader import load_config


def doctor_json(report: DoctorReport, **fields: Any) -> dict[str, Any]:
    """Return the one JSON object `doctor --json` prints: the envelope, then the checks."""
    failed = [check for check in report.checks if check.status == FAIL]
    error = None
    if failed:
        error = f"{len(failed)} check(s) failed: " + ", ".join(check.name for check in failed)
    data = envelope(
        "doctor",
        exit_code=EXIT_OK if report.ok else EXIT_FAILED,
        error=error,
        problems=[loose_problem(check.detail, path=check.name) for check in failed],
        checks=report.to_json(),
        **fields,
    )
    data["hint"] = failed[0].fix if failed else None
    return data


@click.command()
@click.option("--template-id", help="Google Slides file ID of the template [default: config].")
@json_option
@config_option
@click.option(
    "--conformance",
    is_flag=True,
    help="Then build test decks and compare Google's result with the offline engine's.",
)
@click.option(
    "--report-dir",
    type=click.Path(file_okay=False, path_type=Path),
    default=Path("build/conformance"),
    show_default=True,
    help="Where --conformance writes conformance.json and conformance.md.",
)
@click.option("--keep", is_flag=True, help="Keep the test decks in Drive (default: delete them).")
@click.option(
    "--thumbnails",
    type=click.Path(file_okay=False, path_type=Path),
    help="Save each slide's Google thumbnail beside the offline render, under this folder.",
)
@click.option(
    "--record",
    type=click.Path(file_okay=False, path_type=Path),
    help="Save every batch and Google's result as scrubbed test fixtures under this folder.",
)
@click.option(
    "--tolerance",
    type=click.FloatRange(min=0),
    default=DEFAULT_TOLERANCE_EMU,
    show_default=True,
    help="How far positions may differ, in EMU.",
)
@click.option(
    "--plan",
    "plan_names",
    multiple=True,
    help="Build only this generated plan (repeatable) [default: all].",
)
@click.option(
    "--sync-plan",
    default="example",
    show_default=True,
    help="The plan whose deck the sync steps walk; 'none' skips them.",
)
def doctor(
    template_id: str | None,
    as_json: bool,
    config_path: Path | None,
    conformance: bool,
    report_dir: Path,
    keep: bool,
    thumbnails: Path | None,
    record: Path | None,
    tolerance: float,
    plan_names: tuple[str, ...],
    sync_plan: str,
) -> None:
    """Check that a Google build would work: credentials, APIs, template, folder, a test copy.

    Each check prints pass, warn, fail or skip, and how to fix a failure. The
    exit status is 0 only when a build would work. The test copy of the
    template is deleted straight away.

    With --conformance, a build that would work is then proved: test decks
    (the example and generated plans) are built and walked through sync, and
    every write is compared with the offline engine's result; the report
    goes to --report-dir and the exit status is 0 only with no differences.

    \b
    Example:
      slidegen doctor --template-id 1AbC...xyz
      slidegen doctor --json > doctor.json
      slidegen doctor --template-id 1AbC...xyz --conformance --thumbnails build/thumbs
    """
    _doctor(
        template_id,
        as_json,
        config_path,
        conformance,
        report_dir,
        ConformanceOptions(
            template_id=template_id or "",
            keep=keep,
            tolerance=tolerance,
            plans=list(plan_names) or None,
            sync=sync_plan != "none",
            sync_plan=sync_plan if sync_plan != "none" else "example",
            thumbnails=thumbnails,
            record=record,
        ),
    )


def _doctor(
    template_id: str | None,
    as_json: bool,
    config_path: Path | None,
    conformance: bool,
    report_dir: Path,
    options: ConformanceOptions,
) -> None:
    """Run the checks (and the conformance suite when asked); print and exit as `doctor` does."""
    config = load_config(config_path)
    report = run_doctor(config, template_id=template_id)
    fields: dict[str, Any] = {}
    ok = report.ok
    if not as_json:
        click.echo(report.text())
    if conformance and report.ok:
        chosen = template_id or config.template.google_id
        assert chosen, "the template check passed, so a template is known"
        options.template_id = chosen
        found = _conformance(config, options, report_dir, quiet=as_json)
        ok = found.ok
        fields["conformance"] = {
            "ok": found.ok,
            "differences": found.difference_count,
            "report": str(report_dir / "conformance.json"),
            "summary": str(report_dir / "conformance.md"),
        }
    if as_json:
        data = doctor_json(report, **fields)
        if not ok and report.ok:
            data.update(
                ok=False, exit_code=EXIT_FAILED, error="Google and the offline engine differ"
            )
            data["problems"] = [loose_problem(data["error"], path="conformance")]
            data["hint"] = f"send {report_dir}/conformance.json and conformance.md with the bug"
        click.echo(json.dumps(data, indent=2, ensure_ascii=False))
    if not ok:
        sys.exit(EXIT_FAILED)


def _conformance(
    config: Config, options: ConformanceOptions, report_dir: Path, *, quiet: bool
) -> ConformanceReport:
    """Run the conformance suite on the backend a build would use; write and return its report."""
    from slidegen.backends.google.backend import GoogleBackend
    from slidegen.backends.google.client import emulator_host

    emulated = emulator_host() is not None
    if emulated:
        # The emulator has no write quota to respect.
        options.writes_per_minute = options.thumbnails_per_minute = 1e6
    backend = GoogleBackend.from_config(config, template_id=options.template_id)

    def progress(line: str) -> None:
        if not quiet:
            click.echo(f"conformance: {line}", err=True)

    found = run_conformance(
        backend,
        config,
        options,
        service="emulator" if emulated else "google",
        progress=progress,
    )
    json_path, text_path = found.write(report_dir)
    if not quiet:
        verdict = "no differences" if found.ok else f"{found.difference_count} difference(s)"
        click.echo(f"conformance: {verdict}; report: {text_path} and {json_path}")
    return found


def register(group: click.Group) -> None:
    """Add this module's commands to `group`."""
    group.add_command(doctor)
