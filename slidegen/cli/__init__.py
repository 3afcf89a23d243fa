"""The `slidegen` command line: thin commands over the library."""

from __future__ import annotations

import importlib
import sys
from typing import Any

import click

from slidegen import __version__
from slidegen.errors import SlidegenError

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


class SlidegenGroup(click.Group):
    """A click group that loads commands on first use and turns slidegen errors into exit 1."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted({*self.commands, *COMMAND_MODULES})

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name not in self.commands and cmd_name in COMMAND_MODULES:
            module = importlib.import_module(f"slidegen.cli.{COMMAND_MODULES[cmd_name]}")
            module.register(self)
        return super().get_command(ctx, cmd_name)

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except SlidegenError as error:
            click.echo(f"error: {error}", err=True)
            sys.exit(1)


@click.group(cls=SlidegenGroup)
@click.version_option(__version__, prog_name="slidegen")
def main() -> None:
    """Turn Technical Opportunity Plans (YAML) into finished slide decks.

    \b
    Example:
      slidegen init acme
      slidegen validate plan_inputs/*.yaml
      slidegen build plan_inputs/example.yaml
    """
