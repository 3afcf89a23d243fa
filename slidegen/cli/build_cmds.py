"""The `build` command: plans in, finished decks out."""

from __future__ import annotations

import datetime as dt
import json
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import click

from slidegen.backends.base import DeckBackend
from slidegen.backends.registry import backend_kind, backend_names, make_backend
from slidegen.cli import console
from slidegen.cli.envelope import EXIT_FAILED, EXIT_OK, emit, error_problems, error_summary
from slidegen.cli.options import as_of_option, config_option, json_option, template_path_option
from slidegen.config import Config
from slidegen.errors import InputError, SlidegenError
from slidegen.files import same_file, write_text_atomically
from slidegen.into.run import deck_id_from, google_backend, target_for
from slidegen.pipeline import (
    build_deck,
    deck_name,
    default_deck_output,
    fill_deck,
    fill_deck_file,
    without_title,
)
from slidegen.plan.loader import DEFAULT_CONFIG_PATH, load_config, load_plan

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
@click.option(
    "--into",
    help="Put the slides into this existing deck instead: a Google Slides ID or URL "
    "(--backend google), or a presentation JSON file (offline; rewritten filled, plus a .pptx).",
)
@click.option(
    "--after",
    help="With --into: the slide (object ID or 1-based number) the slides go after "
    "[default: a slide marked slidegen:insert-here, else the end].",
)
@click.option(
    "--force", is_flag=True, help="With --into: overwrite hand edits to generated content."
)
@click.option(
    "--take-over",
    is_flag=True,
    help="With --into: replace slides another plan generated in the deck.",
)
@click.option(
    "--no-title",
    "no_title",
    is_flag=True,
    help="Leave the title slide out, e.g. in a deck with a title of its own "
    "(as the plan's `deck: {title: false}`).",
)
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
    into: str | None,
    after: str | None,
    force: bool,
    take_over: bool,
    no_title: bool,
    as_json: bool,
) -> None:
    """Build a deck from each PLAN (YAML).

    Offline builds write a .pptx per plan; Google builds copy the template
    deck in Drive and print the new deck's link. Each deck is written with
    one batchUpdate, so a failed build leaves nothing half-made.

    With --into (or a plan's `deck: {into: ID}` on Google) the slides go into
    an existing deck instead, between its own slides, which stay untouched;
    running again redraws them where they are.

    \b
    Example:
      slidegen build plan_inputs/example.yaml
      slidegen build plan_inputs/example.yaml -o northwind.pptx --as-of 2026-11-26
      slidegen build plan_inputs/*.yaml --backend google --template-id 1AbC...
      slidegen build plan_inputs/example.yaml --backend google --into 1XyZ... --after 4
    """
    if len(plans) > 1 and (output or requests_out or into):
        raise click.BadParameter(
            f"takes one plan, but {len(plans)} were given; build the others separately",
            param_hint="'-o' / '--output'"
            if output
            else ("'--requests-out'" if requests_out else "'--into'"),
        )
    if output is not None and output.suffix.lower() not in DECK_SUFFIXES:
        raise click.BadParameter(
            f"cannot write a deck as '{output.suffix or output.name}'; "
            "end the name in .pptx or .json",
            param_hint="'-o' / '--output'",
        )
    if into is None and (after or force or take_over):
        raise click.UsageError("--after, --force and --take-over go with --into")
    if into is not None and output is not None and output.suffix.lower() == ".json":
        raise click.BadParameter(
            "with --into the filled deck JSON is written to the --into file; -o names its .pptx",
            param_hint="'-o' / '--output'",
        )
    config = load_config(config_path)
    _refuse_overwriting_inputs(
        [output, requests_out],
        [*plans, config_path or DEFAULT_CONFIG_PATH, template_path, config.template.path],
    )
    backend_name = backend or config.backend.value
    today = as_of or dt.date.today()
    backends = _Backends(backend_name, config, template_path, template_id)
    offline = not backend_kind(backend_name).keeps_decks
    targeting = _Targeting(into, after, force, take_over, title=not no_title)
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
                backends,
                targeting,
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


class _Backends:
    """Make the backend a plan needs once: one that copies the template, or one that fills."""

    def __init__(
        self, name: str, config: Config, template_path: Path | None, template_id: str | None
    ) -> None:
        self.name = name
        self.config = config
        self.template_path = template_path
        self.template_id = template_id
        self._copying: tuple[DeckBackend, str] | None = None
        self._filling: DeckBackend | None = None

    def copying(self) -> tuple[DeckBackend, str]:
        """Return the backend that copies the template, and the template's ID."""
        if self._copying is None:
            self._copying = make_backend(
                self.name,
                self.config,
                template_path=self.template_path,
                template_id=self.template_id,
            )
        return self._copying

    def filling(self) -> DeckBackend:
        """Return the Google backend that fills existing decks (no template needed)."""
        if self._copying is not None:
            return self._copying[0]
        if self._filling is None:
            self._filling = google_backend(self.config)
        return self._filling


@dataclass(frozen=True)
class _Targeting:
    """The --into options as given."""

    into: str | None
    after: str | None
    force: bool
    take_over: bool
    title: bool


def _build_one(
    plan_path: Path,
    config: Config,
    backends: _Backends,
    targeting: _Targeting,
    *,
    today: dt.date,
    offline: bool,
    output: Path | None,
    requests_out: Path | None,
) -> dict[str, Any]:
    """Build one plan's deck (or fill its target deck) and return what the run reports."""
    plan = load_plan(plan_path, config)
    if not targeting.title:
        plan = without_title(plan)
    fill_target = target_for(
        plan,
        into=targeting.into,
        after=targeting.after,
        force=targeting.force,
        take_over=targeting.take_over,
        # Offline, a plan's Google deck cannot be reached: build its own .pptx instead.
        use_plan_deck=not offline,
        # The same name sync marks the slides with, so either may keep them current.
        plan_name=plan_path.stem,
    )
    run: dict[str, Any] = {"plan": str(plan_path)}
    if fill_target is not None and offline:
        deck_path = Path(fill_target.deck)
        result = fill_deck_file(
            plan,
            config,
            deck_path,
            today=today,
            options=fill_target.options,
            output=output,
            base_dir=plan_path.parent,
            template_path=backends.template_path
            or (Path(config.template.path) if config.template.path else None),
        )
        run["deck"] = str(deck_path)
    elif fill_target is not None:
        result = fill_deck(
            plan,
            config,
            backends.filling(),
            deck_id_from(fill_target.deck),
            today=today,
            options=fill_target.options,
            base_dir=plan_path.parent,
            template_id=backends.template_id or config.template.google_id,
        )
    else:
        deck_backend, template_id = backends.copying()
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
    run.update(
        presentation_id=result.presentation_id,
        url=result.url,
        requests=len(result.requests),
        slides=result.pages,
    )
    if fill_target is not None:
        run["positions"] = result.positions
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


def _slide_ranges(positions: list[int]) -> str:
    """Return 'slides 4–9, 14' for positions 4, 5, 6, 7, 8, 9 and 14."""
    ranges: list[list[int]] = []
    for position in sorted(positions):
        if ranges and position == ranges[-1][-1] + 1:
            ranges[-1].append(position)
        else:
            ranges.append([position])
    text = ", ".join(f"{r[0]}–{r[-1]}" if len(r) > 1 else str(r[0]) for r in ranges)
    return f"slide{'s' if len(positions) > 1 else ''} {text}"


def _refuse_overwriting_inputs(targets: list[Path | None], inputs: list[Path | str | None]) -> None:
    """Refuse an output path that names a file this build reads."""
    for target in targets:
        if target is None:
            continue
        for source in inputs:
            if source is not None and same_file(target, Path(source)):
                raise InputError.single(
                    target, f"is an input of this build ({source}); write the deck somewhere else"
                )


def _report(run: dict[str, Any]) -> None:
    slides = sum(run["slides"].values())
    where = run.get("path") or run["url"]
    placed = ""
    if run.get("positions"):
        placed = f", {_slide_ranges(run['positions'])} of the deck"
        if run.get("deck"):
            where = f"{run['deck']} and {where}"
    click.echo(f"{run['plan']} → {where} ({slides} slides{placed}, {run['requests']} requests)")
    for warning in run.get("warnings", []):
        console.note(f"  warning: {warning}")


def register(group: click.Group) -> None:
    """Add this module's commands to `group`."""
    group.add_command(build)
