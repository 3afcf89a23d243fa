"""Plan commands: `init` a starter plan, `validate` plans, print the plan `schema`."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path
from typing import Any

import click

from slidegen.cli.envelope import EXIT_FAILED, EXIT_OK, emit, problem_json
from slidegen.cli.options import json_option
from slidegen.config import Config
from slidegen.errors import InputError, Problem, SlidegenError
from slidegen.plan.loader import DEFAULT_CONFIG_PATH, load_config, load_plan
from slidegen.plan.model import Plan
from slidegen.plan.schema import packaged_schema_path, plan_json_schema_text
from slidegen.plan.starter import customer_from_name, is_valid_plan_name, starter_plan


def _schema_reference(folder: Path) -> str:
    """Return how a plan in `folder` refers to the packaged schema.

    Relative when the schema lives in the current project (a checkout), so the
    link survives a move of the project; a file URI when it is installed elsewhere.
    """
    schema = Path(packaged_schema_path()).resolve()
    if schema.is_relative_to(Path.cwd().resolve()):
        return Path(os.path.relpath(schema, folder.resolve())).as_posix()
    return schema.as_uri()


@click.command()
@click.argument("name")
@click.option(
    "--dir",
    "folder",
    type=click.Path(file_okay=False, path_type=Path),
    default=Path("plan_inputs"),
    show_default=True,
    help="Folder to write the plan in.",
)
@click.option("--force", is_flag=True, help="Overwrite an existing plan file.")
@click.option(
    "--config",
    "config_path",
    type=click.Path(path_type=Path),
    help="Config file whose value drivers and roles the starter lists "
    "[default: config/slidegen.yaml if present].",
)
def init(name: str, folder: Path, force: bool, config_path: Path | None) -> None:
    """Write a commented starter plan, plan_inputs/NAME.yaml, that validates as is.

    \b
    Example:
      slidegen init acme-corp
      slidegen init acme-corp --dir plans --force
    """
    if not is_valid_plan_name(name):
        raise click.BadParameter(
            "use letters, digits, '-', '_' or '.', without a folder or .yaml suffix",
            param_hint="NAME",
        )
    config = load_config(config_path)
    target = folder / f"{name}.yaml"
    if target.exists() and not force:
        raise click.ClickException(f"{target} already exists; pass --force to overwrite it")
    folder.mkdir(parents=True, exist_ok=True)
    text = starter_plan(
        customer_from_name(name), config, _schema_reference(folder), dt.date.today()
    )
    target.write_text(text, encoding="utf-8")
    click.echo(f"Wrote {target}")
    click.echo(f"Next: fill it in, then run  slidegen validate {target}")


def _count(number: int, singular: str, plural: str) -> str:
    return f"{number} {singular if number == 1 else plural}"


def _summary(plan: Plan, config: Config) -> str:
    """Return the counts and notes shown after OK for a valid plan."""
    text = ", ".join(
        [
            _count(len(plan.stakeholders), "stakeholder", "stakeholders"),
            _count(len(plan.win_plan), "activity", "activities"),
            _count(len(plan.risks), "risk", "risks"),
        ]
    )
    if plan.empty_sections:
        text += f"; empty: {', '.join(plan.empty_sections)}"
    missing = plan.missing_roles(config.required_roles)
    if missing:
        text += f"; no {', '.join(missing)} yet"
    return text


def _plan_json(plan: Plan, config: Config) -> dict[str, Any]:
    """Return the counts `validate --json` reports for a valid plan."""
    return {
        "stakeholders": len(plan.stakeholders),
        "activities": len(plan.win_plan),
        "risks": len(plan.risks),
        "empty_sections": list(plan.empty_sections),
        "missing_roles": plan.missing_roles(config.required_roles),
    }


@click.command()
@click.argument("files", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option(
    "--config",
    "config_path",
    type=click.Path(path_type=Path),
    help="Config file with the allowed value drivers and roles "
    "[default: config/slidegen.yaml if present].",
)
@json_option
def validate(files: tuple[Path, ...], config_path: Path | None, as_json: bool) -> None:
    """Check plans and print every problem as FILE:LINE:COL: path: message.

    Exits 1 when any plan (or the config) has a problem. With --json, one
    object lists each plan and every problem with its file, line and column.

    \b
    Example:
      slidegen validate plan_inputs/*.yaml
      slidegen validate plan_inputs/acme.yaml --config config/slidegen.yaml
      slidegen validate plan_inputs/*.yaml --json
    """
    try:
        config = load_config(config_path)
    except InputError as error:
        if as_json:
            emit("validate", exit_code=EXIT_FAILED, error=error, plans=[])
        else:
            for problem in error.problems:
                click.echo(str(problem))
        raise SystemExit(EXIT_FAILED) from None
    problems: list[Problem] = _config_file_problems(config, config_path)
    if not as_json:
        for problem in problems:
            click.echo(str(problem))
    config_failed = bool(problems)
    plans: list[dict[str, Any]] = []
    failed = 0
    for file in files:
        try:
            plan = load_plan(file, config)
        except InputError as error:
            failed += 1
            problems.extend(error.problems)
            plans.append(
                {
                    "file": str(file),
                    "ok": False,
                    "problems": [problem_json(problem) for problem in error.problems],
                }
            )
            if not as_json:
                for problem in error.problems:
                    click.echo(str(problem))
            continue
        plans.append({"file": str(file), "ok": True, **_plan_json(plan, config), "problems": []})
        if not as_json:
            click.echo(f"{file}: OK ({_summary(plan, config)})")
    summary = None
    if config_failed and not failed:
        summary = f"Found {_count(len(problems), 'problem', 'problems')} in the config."
    if failed:
        count = _count(len(problems), "problem", "problems")
        summary = f"Found {count} in {failed} of {_count(len(files), 'file', 'files')}."
    if as_json:
        emit(
            "validate",
            exit_code=EXIT_FAILED if failed or config_failed else EXIT_OK,
            error=summary,
            problems=[problem_json(problem) for problem in problems],
            plans=plans,
        )
    elif summary:
        click.echo(summary, err=True)
    if failed or config_failed:
        raise SystemExit(EXIT_FAILED)


def _config_file_problems(config: Config, config_path: Path | None) -> list[Problem]:
    """Return what a build would refuse in the files the config names (template, output)."""
    where = config_path or DEFAULT_CONFIG_PATH
    problems: list[Problem] = []
    if config.template.path:
        # Loaded only for a config that names a template: plain validation stays light.
        from slidegen.backends.registry import make_backend

        try:
            make_backend("offline", config)
        except SlidegenError as error:
            problems.append(Problem(str(where), None, None, "template.path", str(error)))
    output = Path(config.deck.output_dir)
    blocking = next((p for p in (output, *output.parents) if p.exists()), None)
    if blocking is not None and not blocking.is_dir():
        message = f"{blocking} is a file, not a folder"
        problems.append(Problem(str(where), None, None, "deck.output_dir", message))
    return problems


@click.command()
def schema() -> None:
    """Print the plan's JSON Schema (draft-07) for editors to autocomplete plans.

    \b
    Example:
      slidegen schema > slidegen/plan.schema.json
    """
    click.echo(plan_json_schema_text(), nl=False)


def register(group: click.Group) -> None:
    """Add this module's commands to `group`."""
    group.add_command(init)
    group.add_command(validate)
    group.add_command(schema)
