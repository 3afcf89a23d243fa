"""The `slidegen` command line: thin commands over the library."""

from __future__ import annotations

import contextlib
import errno
import gc
import importlib
import os
import signal
import sys
from collections.abc import Callable
from typing import Any

import click

from slidegen import __version__
from slidegen.errors import SlidegenError

TRACEBACK_ENV = "SLIDEGEN_TRACEBACK"
"""Set to 1 to see the traceback of an unexpected error instead of the one-line message."""


def _stop_writing_stdout() -> None:
    # Output that cannot be written must not fail again when Python flushes it at exit.
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
    except (OSError, ValueError):
        pass


def _terminated(signum: int, _frame: object) -> None:
    raise SystemExit(128 + signum)


def _unwind_on_sigterm() -> Callable[[], object]:
    """Make SIGTERM unwind the command; return what puts the previous handler back."""
    # A terminated command unwinds like an interrupted one, so its temporary files go.
    try:
        previous = signal.signal(signal.SIGTERM, _terminated)
    except (ValueError, AttributeError):  # not the main thread; no SIGTERM
        return lambda: None
    # None: a handler set outside Python, which cannot be set again from here.
    return lambda: signal.signal(signal.SIGTERM, previous or signal.SIG_DFL)


def _say(message: str) -> None:
    with contextlib.suppress(OSError):
        click.echo(message, err=True)


# Which module defines each top-level command. A command's module is imported
# only when that command runs (or help lists it), so an offline build never
# loads the Google client libraries and `--version` loads almost nothing.
COMMAND_MODULES = {
    "init": "plan_cmds",
    "validate": "plan_cmds",
    "schema": "plan_cmds",
    "apply": "engine_cmds",
    "render": "export_cmds",
    "build": "build_cmds",
    "auth": "google_cmds",
    "template": "google_cmds",
    "emulator": "google_cmds",
    "sync": "sync_cmds",
    "watch": "sync_cmds",
    "doctor": "doctor_cmds",
}

CONTEXT_SETTINGS = {"help_option_names": ["-h", "--help"]}
LEVEL_KEY = "slidegen.level"
# logging's levels, spelled out so that --version imports nothing more.
QUIET, NORMAL, VERBOSE = 40, 30, 10


def _set_level(ctx: click.Context, param: click.Parameter, value: bool) -> None:
    if not value:
        return
    level = VERBOSE if param.name == "verbose" else QUIET
    ctx.find_root().meta[LEVEL_KEY] = level
    from slidegen.cli import console

    console.set_level(level)


def _verbosity_params() -> list[click.Option]:
    return [
        click.Option(
            ["-v", "--verbose"],
            is_flag=True,
            expose_value=False,
            is_eager=True,
            callback=_set_level,
            help="Also show each API call, retry and wait on stderr.",
        ),
        click.Option(
            ["-q", "--quiet"],
            is_flag=True,
            expose_value=False,
            is_eager=True,
            callback=_set_level,
            help="Show only errors on stderr.",
        ),
    ]


def _with_verbosity(command: click.Command) -> None:
    """Give `command` (and a group's subcommands) the -v and -q options, once."""
    names = {name for param in command.params for name in getattr(param, "opts", [])}
    if "--verbose" not in names:
        command.params.extend(_verbosity_params())
    if isinstance(command, click.Group):
        for subcommand in command.commands.values():
            _with_verbosity(subcommand)


def _takes_json(command: click.Command | None) -> bool:
    return command is not None and any(param.name == "as_json" for param in command.params)


class SlidegenGroup(click.Group):
    """The top-level group: commands loaded on first use, -v/-q on every one, and every
    failure a message on stderr or, with --json, also one JSON object on stdout.

    A slidegen error exits 1 with ``error: …`` on stderr; a usage error exits 2
    naming the argument. When the command takes ``--json`` and it was given,
    either one also prints the JSON envelope on stdout, so a script always
    gets exactly one object.
    """

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted({*self.commands, *COMMAND_MODULES})

    def resolve_command(
        self, ctx: click.Context, args: list[str]
    ) -> tuple[str | None, click.Command | None, list[str]]:
        resolved = super().resolve_command(ctx, args)
        _collect_after_startup()
        return resolved

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name not in self.commands and cmd_name in COMMAND_MODULES:
            module = importlib.import_module(f"slidegen.cli.{COMMAND_MODULES[cmd_name]}")
            module.register(self)
        return super().get_command(ctx, cmd_name)

    def add_command(self, cmd: click.Command, name: str | None = None) -> None:
        _with_verbosity(cmd)
        super().add_command(cmd, name)

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        ctx.meta["slidegen.argv"] = list(args)
        return super().parse_args(ctx, args)

    def _invoked(self, ctx: click.Context) -> tuple[str, click.Command | None]:
        """Return the command path typed ("template inspect") and the command it names."""
        names: list[str] = []
        command: click.Command = self
        for token in ctx.meta.get("slidegen.argv", []):
            if token.startswith("-"):
                continue
            if not isinstance(command, click.Group):
                break
            found = command.get_command(ctx, token)
            if found is None:
                break
            names.append(token)
            command = found
        return " ".join(names), command if names else None

    def _json_command(self, ctx: click.Context) -> str | None:
        """Return the command path when it takes --json and was given it, else None."""
        path, command = self._invoked(ctx)
        wanted = "--json" in ctx.meta.get("slidegen.argv", [])
        return path if wanted and _takes_json(command) else None

    def invoke(self, ctx: click.Context) -> Any:
        from slidegen.cli import console

        # Each run starts at the level given to `slidegen` itself (-v/-q), else the
        # default; a command's own -v or -q, parsed next, changes it again.
        console.set_level(ctx.meta.get(LEVEL_KEY, NORMAL))
        restore_sigterm = _unwind_on_sigterm()
        try:
            return self._invoke_reporting(ctx)
        finally:
            # A caller running commands in its own process keeps its own handler.
            restore_sigterm()

    def _invoke_reporting(self, ctx: click.Context) -> Any:
        from slidegen.cli import console
        from slidegen.cli.envelope import EXIT_FAILED, EXIT_USAGE, emit

        try:
            result = super().invoke(ctx)
            if sys.stdout is not None:  # None when started with stdout closed
                sys.stdout.flush()
            return result
        except click.ClickException as error:
            command = self._json_command(ctx)
            if command is not None:
                code = EXIT_USAGE if isinstance(error, click.UsageError) else error.exit_code
                emit(command, exit_code=code, error=error)
            raise
        except SlidegenError as error:
            command = self._json_command(ctx)
            if command is not None:
                emit(command, exit_code=EXIT_FAILED, error=error)
            console.error(error)
            sys.exit(EXIT_FAILED)
        except (click.exceptions.Exit, click.Abort):
            raise
        except OSError as error:
            if error.filename is None and error.errno in (errno.ENOSPC, errno.EPIPE, errno.EIO):
                _stop_writing_stdout()
                _say(f"error: cannot write the output: {error.strerror}")
            else:
                where = f"{error.filename}: " if error.filename is not None else ""
                _say(f"error: {where}{error.strerror or error}")
            sys.exit(EXIT_FAILED)
        except Exception as error:
            if os.environ.get(TRACEBACK_ENV) == "1":
                raise
            _say(
                "error: internal error (a bug in slidegen; please report it, and run with "
                f"{TRACEBACK_ENV}=1 for the details): {type(error).__name__}: {error}"
            )
            sys.exit(EXIT_FAILED)


@click.group(cls=SlidegenGroup, context_settings=CONTEXT_SETTINGS)
@click.version_option(__version__, prog_name="slidegen")
def main() -> None:
    """Turn Technical Opportunity Plans (YAML) into finished slide decks.

    -v shows every API call, retry and wait; -q shows only errors. Commands
    with --json print exactly one JSON object on stdout, whatever happens.

    \b
    Example:
      slidegen init acme
      slidegen validate plan_inputs/*.yaml
      slidegen build plan_inputs/example.yaml
    """


_with_verbosity(main)


YOUNG_COLLECTION_EVERY = 500_000
"""New container objects between two young collections once started (Python's default is 700).

The example's build holds about 210,000 at its peak: at 200,000 it took one collection,
a 32 ms walk over its deck and requests that freed nothing.
"""

FULL_COLLECTION_EVERY = 100
"""Young-generation collections between two full ones once started (Python's default is 10)."""

_collection_paused = False


def _pause_collection_for_startup() -> None:
    """Stop the cyclic garbage collector until the command to run is loaded."""
    global _collection_paused
    # Starting a command (its modules, classes and compiled plan models) makes objects
    # that live as long as the program: collections during startup walk them and free nothing.
    if gc.isenabled():
        gc.disable()
        _collection_paused = True


def _collect_after_startup() -> None:
    """Start collecting again, leaving out for good what startup made."""
    global _collection_paused
    if not _collection_paused:
        return
    _collection_paused = False
    gc.freeze()
    # A build's deck and requests live until it ends, so every collection walks them for
    # nothing: one of the example takes none, and one of a 1,000-row plan a few (peak
    # 376 MiB, as at 200,000; 364 MiB collecting every 700). A long `watch` or `sync` still
    # collects, and leaves at most that many objects' cycles waiting.
    _young, middle, _full = gc.get_threshold()
    gc.set_threshold(YOUNG_COLLECTION_EVERY, middle, FULL_COLLECTION_EVERY)
    gc.enable()


def run() -> None:
    """Run the command line as the `slidegen` program (the installed script's entry point)."""
    _pause_collection_for_startup()
    try:
        main()  # standalone, it always ends in SystemExit
    except SystemExit as done:
        _leave(done.code)


def _leave(code: object) -> None:
    """Exit with `code` without freeing, one by one, every object the command made.

    That teardown costs a tenth of a build; the system takes the memory back at
    once. What exit does for the program is still done: exit functions run and
    output is flushed. With threads still running, or output that cannot be
    flushed, exit the usual way instead.
    """
    import atexit
    import threading

    if not (code is None or isinstance(code, int)) or threading.active_count() > 1:
        raise SystemExit(code)
    atexit._run_exitfuncs()
    for stream in (sys.stdout, sys.stderr):
        if stream is None:  # started with the stream closed: nothing to flush
            continue
        try:
            stream.flush()
        except (OSError, ValueError):
            raise SystemExit(code) from None
    os._exit(code or 0)
