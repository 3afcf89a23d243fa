"""Scheduled regeneration: `sync` keeps decks in step with plans; `watch` rebuilds on save."""

from __future__ import annotations

import datetime as dt
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import click

from slidegen.backends.base import DeckBackend
from slidegen.backends.ratelimit import TokenBucket
from slidegen.backends.registry import backend_kind, backend_names
from slidegen.cli import console
from slidegen.cli.envelope import emit, error_problems, loose_problem
from slidegen.cli.options import as_of_option, config_option, json_option, template_path_option
from slidegen.config import Config
from slidegen.errors import InputError, SlidegenError
from slidegen.pipeline import anchor_images, default_deck_output, without_title
from slidegen.plan.loader import load_config, load_plan
from slidegen.sync.report import EXIT_NOTHING_RAN, FAILED, PlanResult, SyncReport
from slidegen.sync.runner import SyncOptions, parse_shard, sync_plans
from slidegen.sync.watch import watch as watch_loop


def _summary(report: SyncReport) -> str:
    """Return the closing line of a sync: counts per action and API calls."""
    counts = report.counts()
    parts = [f"{number} {action}" for action, number in sorted(counts.items())]
    text = f"{len(report.results)} plan(s): " + (", ".join(parts) if parts else "nothing to do")
    if report.api_calls:
        writes = sum(
            n for name, n in report.api_calls.items() if not name.endswith((".get", ".list"))
        )
        text += f"; {sum(report.api_calls.values())} API call(s), {writes} write(s)"
    if report.dry_run:
        text += " (dry run: nothing was written)"
    return text


@click.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option(
    "--backend",
    type=click.Choice(backend_names()),
    help="Where decks live [default: `backend` in the config].",
)
@click.option("--template-id", help="Google Slides template to copy for new decks.")
@template_path_option
@config_option
@click.option(
    "--state-file",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Sync state file [default: sync.state_file in the config].",
)
@as_of_option
@click.option("--dry-run", is_flag=True, help="Say what would happen; write nothing.")
@click.option("--force", is_flag=True, help="Regenerate even over hand edits to generated content.")
@click.option(
    "--verify",
    is_flag=True,
    help="Check each deck in Drive (two reads per plan) instead of trusting the state file.",
)
@click.option("--shard", help="Sync only shard K of N (K/N, e.g. $CI_NODE_INDEX/$CI_NODE_TOTAL).")
@json_option
def sync(
    paths: tuple[Path, ...],
    backend: str | None,
    template_id: str | None,
    template_path: Path | None,
    config_path: Path | None,
    state_file: Path | None,
    as_of: dt.date | None,
    dry_run: bool,
    force: bool,
    verify: bool,
    shard: str | None,
    as_json: bool,
) -> None:
    """Create, update in place, or leave alone the deck of every plan under PATHS.

    A deck is rewritten only when something that shapes it changed (plan,
    config, template, slidegen version, or an activity falling overdue), in
    one write, keeping every slide and element people added. Generated content
    edited by hand is not overwritten without --force.

    Exit status: 0 all fine, 1 some plans failed or were refused, 2 nothing
    could run (bad config, no credentials, another sync running).

    \b
    Example:
      slidegen sync plan_inputs/ --backend google --dry-run
      slidegen sync plan_inputs/ --backend google --json > sync.json
    """
    today = as_of or dt.date.today()
    try:
        shard_range = parse_shard(shard) if shard else None
    except ValueError as error:
        raise click.BadParameter(str(error), param_hint="'--shard'") from error
    from slidegen.sync.project import find_config, project_folder

    # Found from the plans, not the current directory, so any folder gives the same run.
    config_path = config_path or find_config(list(paths))
    try:
        config = load_config(config_path) if config_path is not None else Config()
    except SlidegenError as error:
        report = SyncReport(backend=backend or "?", as_of=today, dry_run=dry_run)
        report.fatal = str(error)
        _finish(report, as_json, None, error)
        return
    from slidegen.sync.decks import make_sync_ops

    project = project_folder(config_path, list(paths), config.sync.state_file)

    backend_name = backend or config.backend.value
    options = SyncOptions(
        today=today, force=force, dry_run=dry_run, verify=verify, shard=shard_range
    )
    report = sync_plans(
        list(paths),
        config,
        backend_name=backend_name,
        options=options,
        make_ops=lambda: make_sync_ops(backend_name, config, template_id, template_path),
        state_path=state_file,
        project=project,
        report=_progress_lines(paths, config, state_file, shard_range, as_json),
    )
    _finish(report, as_json, config)


def _progress_lines(
    paths: tuple[Path, ...],
    config: Config,
    state_file: Path | None,
    shard: tuple[int, int] | None,
    as_json: bool,
) -> Callable[[str], None]:
    """Return the callback that prints each plan's result line, numbered [i/N] when N > 1."""
    from slidegen.sync.runner import discover_plans, select_shard

    try:
        root = Path(state_file or config.sync.state_file).resolve().parent
        total = len(select_shard(discover_plans(paths), root, shard))
    except SlidegenError:
        total = 0  # the run itself reports why it cannot start
    progress = console.Progress(total)
    done = 0

    def show(line: str) -> None:
        nonlocal done
        done += 1
        if as_json:
            # stdout holds only the JSON object, so each result is progress on stderr.
            if total > 1:
                progress.step(done, line)
            else:
                console.note(line)
        elif total > 1:
            on_terminal = sys.stdout is not None and sys.stdout.isatty()
            click.echo(progress.line(done, line, timed=on_terminal))
        else:
            click.echo(line)

    return show


def _plan_problems(result: PlanResult, config: Config | None) -> list[dict[str, Any]]:
    """Return a failed plan's problems: each with its line when the plan itself is invalid."""
    if config is not None and result.action == FAILED:
        try:
            load_plan(Path(result.plan), config)
        except InputError as error:
            return error_problems(error)
        except SlidegenError:
            pass
    return [loose_problem(result.error or result.action, file=result.plan)]


def _finish(
    report: SyncReport,
    as_json: bool,
    config: Config | None,
    fatal: SlidegenError | None = None,
) -> None:
    """Print the summary (and the JSON object), then exit with the report's code."""
    if report.fatal is not None:
        click.echo(f"error: {report.fatal}", err=True)
    elif as_json:
        console.note(_summary(report))
    else:
        click.echo(_summary(report))
    if as_json:
        data = report.to_json()
        del data["exit_code"], data["error"]
        problems = [
            problem
            for result in report.results
            if not result.ok
            for problem in _plan_problems(result, config)
        ]
        emit(
            "sync",
            exit_code=report.exit_code,
            error=fatal if fatal is not None else report.fatal,
            problems=None if fatal is not None else problems,
            **data,
        )
    sys.exit(report.exit_code)


_PAST = {"create": "created", "update": "updated", "unchanged": "unchanged", "drift": "refused"}


def live_deck_rebuilder(
    config: Config,
    *,
    backend_name: str,
    template_id: str | None,
    template_path: Path | None,
    state_file: Path | None,
    today: Callable[[], dt.date],
    bucket: TokenBucket,
    now: Callable[[], dt.datetime] = dt.datetime.now,
) -> Callable[[Path], str]:
    """Return a rebuild step that keeps one deck in a service in step with a plan, in place.

    Each call is a one-plan sync: the first creates the deck, later ones
    update the same deck (same URL) with one write, and a save that changes
    nothing that shapes the deck costs no write. `bucket` is shared by every
    call, so a burst of saves stays within the Slides write quota.
    """
    from slidegen.sync.decks import make_sync_ops

    def rebuild(plan_path: Path) -> str:
        report = sync_plans(
            [plan_path],
            config,
            backend_name=backend_name,
            options=SyncOptions(today=today()),
            make_ops=lambda: make_sync_ops(backend_name, config, template_id, template_path),
            state_path=state_file,
            writes_bucket=bucket,
            report=lambda _line: None,
        )
        if report.fatal is not None:
            raise SlidegenError(report.fatal)
        (result,) = report.results
        if result.action == FAILED:
            raise SlidegenError(result.error or "the deck could not be updated")
        text = f"{now():%H:%M:%S} {_PAST.get(result.action, result.action)} {result.url}"
        if result.changes:
            text += f" ({', '.join(result.changes)})"
        if result.error:
            text += f"\n  {result.error}"
        text += "".join(f"\n  note: {note}" for note in result.notes)
        return text

    return rebuild


@click.command()
@click.argument("plan", type=click.Path(dir_okay=False, path_type=Path))
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    help="The .pptx to write (offline) [default: deck.output_dir/PLAN.pptx].",
)
@click.option(
    "--backend",
    type=click.Choice(backend_names()),
    help="Rebuild a .pptx (offline) or update a Google deck in place (google) "
    "[default: `backend` in the config].",
)
@click.option("--template-id", help="Google Slides template to copy if the deck does not exist.")
@template_path_option
@config_option
@click.option(
    "--state-file",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Sync state file that remembers the Google deck [default: sync.state_file].",
)
@as_of_option
@click.option(
    "--interval",
    type=click.FloatRange(0.05, 60),
    default=0.5,
    show_default=True,
    help="Seconds between checks of the plan file.",
)
@click.option(
    "--into",
    help="Keep the slides current in this existing deck instead: a Google Slides ID or URL "
    "(--backend google), or a presentation JSON file (offline; rewritten, plus a .pptx).",
)
@click.option(
    "--after",
    help="With --into: the slide (object ID or 1-based number) new slides go after.",
)
@click.option(
    "--no-title",
    "no_title",
    is_flag=True,
    help="Leave the title slide out (as the plan's `deck: {title: false}`).",
)
def watch(
    plan: Path,
    output: Path | None,
    backend: str | None,
    template_id: str | None,
    template_path: Path | None,
    config_path: Path | None,
    state_file: Path | None,
    as_of: dt.date | None,
    interval: float,
    into: str | None,
    after: str | None,
    no_title: bool,
) -> None:
    """Rebuild the deck of PLAN every time the file is saved (Ctrl-C stops).

    Offline, the .pptx is written again. With --backend google the same
    Google deck is updated in place, one write per saved change and within
    the write quota (sync.writes_per_minute), so a browser tab showing it is a
    live preview; it is the deck `sync` keeps for this plan. An invalid plan
    prints its problems and the watch goes on; the last good deck stays in
    place until the plan is fixed.

    With --into (or, on Google, a plan's `deck: {into: ID}`) the slides are
    kept current inside an existing deck instead, redrawn where they stand;
    a save that changes nothing they show costs no write.

    \b
    Example:
      slidegen watch plan_inputs/acme.yaml -o build/acme.pptx
      slidegen watch plan_inputs/acme.yaml --backend google --template-id 1AbC...
      slidegen watch plan_inputs/acme.yaml --backend google --into 1XyZ... --after 4
    """
    if into is None and after is not None:
        raise click.UsageError("--after goes with --into")
    try:
        config = load_config(config_path)
    except SlidegenError as error:
        click.echo(f"error: {error}", err=True)
        sys.exit(EXIT_NOTHING_RAN)

    def today() -> dt.date:
        return as_of or dt.date.today()

    rebuild: Callable[[Path], str]
    backend_name = backend or config.backend.value
    if into is not None:
        if output is not None and output.suffix.lower() != ".pptx":
            raise click.BadParameter(
                "with --into the deck JSON is the --into file; -o names its .pptx",
                param_hint="'-o' / '--output'",
            )
        rebuild = into_rebuilder(
            config,
            backend_name=backend_name,
            into=into,
            after=after,
            title=not no_title,
            output=output,
            template_path=template_path,
            template_id=template_id,
            today=today,
            bucket=TokenBucket(config.sync.writes_per_minute),
        )
        watch_loop(plan, rebuild, click.echo, interval=interval)
        return
    if no_title and backend_kind(backend_name).keeps_decks:
        raise click.UsageError(
            "the Google deck a watch keeps is the one sync keeps: leave its title slide out "
            "with `deck: {title: false}` in the plan"
        )
    if backend_kind(backend_name).keeps_decks:
        if output is not None:
            raise click.BadParameter(
                "a Google deck is updated in place; -o is for offline decks",
                param_hint="'-o' / '--output'",
            )
        rebuild = live_deck_rebuilder(
            config,
            backend_name=backend_name,
            template_id=template_id,
            template_path=template_path,
            state_file=state_file,
            today=today,
            bucket=TokenBucket(config.sync.writes_per_minute),
        )
    else:
        from slidegen.sync.decks import FileDeckOps

        target = output or default_deck_output(config, plan)
        ops = FileDeckOps(config, template_path)

        def rebuild(path: Path) -> str:
            loaded = anchor_images(load_plan(path, config), path.parent, config)
            if no_title:
                loaded = without_title(loaded)
            warnings = ops.render(loaded, today(), target, None)
            lines = [f"{dt.datetime.now():%H:%M:%S} wrote {target}"]
            lines += [f"  warning: {warning}" for warning in warnings]
            return "\n".join(lines)

    watch_loop(plan, rebuild, click.echo, interval=interval)


def into_rebuilder(
    config: Config,
    *,
    backend_name: str,
    into: str,
    after: str | None,
    title: bool,
    output: Path | None,
    template_path: Path | None,
    template_id: str | None,
    today: Callable[[], dt.date],
    bucket: TokenBucket,
    now: Callable[[], dt.datetime] = dt.datetime.now,
) -> Callable[[Path], str]:
    """Return a rebuild step that keeps a plan's slides current in the existing deck `into`.

    Each call is one `pipeline.fill_deck` (read + write) within `bucket`; a
    save that changes nothing the slides show, on the same day, costs no
    call at all.
    """
    from slidegen.backends.ratelimit import RateLimitedBackend
    from slidegen.into.run import deck_id_from, google_backend, target_for
    from slidegen.pipeline import fill_deck, fill_deck_file
    from slidegen.sync.fingerprint import fingerprint

    offline = not backend_kind(backend_name).keeps_decks
    backend: DeckBackend | None = None
    last: list[str] = []

    def rebuild(plan_path: Path) -> str:
        nonlocal backend
        plan = load_plan(plan_path, config)
        if not title:
            plan = without_title(plan)
        target = target_for(
            plan,
            into=into,
            after=after,
            force=False,
            take_over=False,
            use_plan_deck=False,
            plan_name=plan_path.stem,
        )
        assert target is not None
        shown = fingerprint(plan, config, "", today())
        if last and last[-1] == shown:
            return f"{now():%H:%M:%S} unchanged {target.deck} (nothing the slides show changed)"
        if offline:
            result = fill_deck_file(
                plan,
                config,
                Path(target.deck),
                today=today(),
                options=target.options,
                output=output,
                base_dir=plan_path.parent,
                template_path=template_path
                or (Path(config.template.path) if config.template.path else None),
            )
            where = f"{target.deck} and {result.path}"
        else:
            if backend is None:
                backend = RateLimitedBackend(google_backend(config), bucket)
            result = fill_deck(
                plan,
                config,
                backend,
                deck_id_from(target.deck),
                today=today(),
                options=target.options,
                base_dir=plan_path.parent,
                template_id=template_id or config.template.google_id,
            )
            where = result.url
        last[:] = [shown]
        slides = sum(result.pages.values())
        text = f"{now():%H:%M:%S} filled {where} ({slides} slides"
        if result.positions:
            text += f" at {min(result.positions)}–{max(result.positions)}"
        text += ")"
        text += "".join(f"\n  warning: {warning}" for warning in result.warnings)
        return text

    return rebuild


def register(group: click.Group) -> None:
    """Add `sync` and `watch` to `group`."""
    group.add_command(sync)
    group.add_command(watch)
