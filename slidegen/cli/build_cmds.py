"""The `build` command: plans in, finished decks out."""

from __future__ import annotations

import datetime as dt
import json
import sys
from pathlib import Path
from typing import Any

import click

from slidegen.backends.base import DeckBackend
from slidegen.backends.registry import backend_kind, backend_names, make_backend
from slidegen.cli import console
from slidegen.cli.envelope import EXIT_FAILED, EXIT_OK, emit, error_problems, error_summary
from slidegen.cli.options import as_of_option, config_option, json_option, template_path_option
from slidegen.config import Config
from slidegen.errors import SlidegenError
from slidegen.files import write_text_atomically
from slidegen.pipeline import build_deck, deck_name, default_deck_output
from slidegen.plan.loader import load_config, load_plan

DECK_SUFFIXES = (".pptx", ".json")


@click.command()
@click.argument("plans", nargs=-1, required=True, type=click.Path(dir_okay=False, path_type=Path))
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Where to write the deck (one plan only): .pptx, or .json for the presentation "
    "as JSON [default: OUTPUT_DIR/PLAN.pptx].",
)
@click.option(
    "--requests-out",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Also write the exact batchUpdate body sent, as JSON (one plan only).",
)
@template_path_option
@click.option(
    "--backend",
    type=click.Choice(backend_names()),
    help="Where to build [default: backend in the config, else offline].",
)
@click.option("--template-id", help="Google Slides file ID of the template to copy.")
@config_option
@as_of_option
@json_option
def build(
    plans: tuple[Path, ...],
    output: Path | None,
    requests_out: Path | None,
    template_path: Path | None,
    backend: str | None,
    template_id: str | None,
    config_path: Path | None,
    as_of: dt.date | None,
    as_json: bool,
) -> None:
    """Build a deck from each PLAN (YAML).

    Offline builds write a .pptx per plan; Google builds copy the template
    deck in Drive and print the new deck's link. Each deck is written with
    one batchUpdate, so a failed build leaves nothing half-made.

    \b
    Example:
      slidegen build plan_inputs/example.yaml
      slidegen build plan_inputs/example.yaml -o northwind.pptx --as-of 2026-11-26
      slidegen build plan_inputs/*.yaml --backend google --template-id 1AbC...
    """
    if len(plans) > 1 and (output or requests_out):
        raise click.BadParameter(
            f"takes one plan, but {len(plans)} were given; build the others separately",
            param_hint="'-o' / '--output'" if output else "'--requests-out'",
        )
    if output is not None and output.suffix.lower() not in DECK_SUFFIXES:
        raise click.BadParameter(
            f"cannot write a deck as '{output.suffix or output.name}'; "
            "end the name in .pptx or .json",
            param_hint="'-o' / '--output'",
        )
    config = load_config(config_path)
    backend_name = backend or config.backend.value
    today = as_of or dt.date.today()
    deck_backend, chosen_template = make_backend(
        backend_name, config, template_path=template_path, template_id=template_id
    )
    offline = not backend_kind(backend_name).keeps_decks
    runs: list[dict[str, Any]] = []
    problems: list[dict[str, Any]] = []
    failed = 0
    progress = console.Progress(len(plans)) if len(plans) > 1 else None
    for index, plan_path in enumerate(plans, start=1):
        if progress is not None:
            progress.step(index, str(plan_path))
        try:
            run = _build_one(
                plan_path,
                config,
                deck_backend,
                template_id=chosen_template,
                today=today,
                offline=offline,
                output=output,
                requests_out=requests_out,
            )
        except SlidegenError as error:
            # One broken plan must not stop the others; the exit code still says so.
            failed += 1
            found = [{**p, "file": p["file"] or str(plan_path)} for p in error_problems(error)]
            problems.extend(found)
            run = {"plan": str(plan_path), "error": error_summary(error), "problems": found}
            if not as_json:
                console.error(error, about=str(plan_path))
        else:
            if not as_json:
                _report(run)
        runs.append(run)
    summary = f"{failed} of {len(plans)} plans failed" if failed else None
    if as_json:
        emit(
            "build",
            exit_code=EXIT_FAILED if failed else EXIT_OK,
            error=runs[0]["error"] if failed and len(plans) == 1 else summary,
            problems=problems,
            backend=backend_name,
            decks=runs,
        )
    elif summary and len(plans) > 1:
        console.note(summary)
    if failed:
        sys.exit(EXIT_FAILED)


def _build_one(
    plan_path: Path,
    config: Config,
    deck_backend: DeckBackend,
    *,
    template_id: str,
    today: dt.date,
    offline: bool,
    output: Path | None,
    requests_out: Path | None,
) -> dict[str, Any]:
    """Build one plan's deck and return what the run reports about it."""
    plan = load_plan(plan_path, config)
    result = build_deck(
        plan,
        config,
        deck_backend,
        template_id=template_id,
        name=deck_name(plan, config),
        today=today,
        output=(output or default_deck_output(config, plan_path)) if offline else None,
        share=True,
        base_dir=plan_path.parent,
    )
    run: dict[str, Any] = {
        "plan": str(plan_path),
        "presentation_id": result.presentation_id,
        "url": result.url,
        "requests": len(result.requests),
        "slides": result.pages,
    }
    if requests_out is not None:
        text = json.dumps(result.body, indent=1, ensure_ascii=False) + "\n"
        write_text_atomically(requests_out, text)
        run["requests_path"] = str(requests_out)
    if result.path is not None:
        run["path"] = str(result.path)
    if result.shared_with is not None:
        run["shared_with"] = result.shared_with
    if result.warnings:
        run["warnings"] = result.warnings
    return run


def _report(run: dict[str, Any]) -> None:
    slides = sum(run["slides"].values())
    where = run.get("path") or run["url"]
    click.echo(f"{run['plan']} → {where} ({slides} slides, {run['requests']} requests)")
    for warning in run.get("warnings", []):
        console.note(f"  warning: {warning}")


def register(group: click.Group) -> None:
    """Add this module's commands to `group`."""
    group.add_command(build)
