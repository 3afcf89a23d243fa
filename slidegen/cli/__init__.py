"""The `slidegen` command line: thin commands over the library."""

from __future__ import annotations

import sys
from typing import Any

import click

from slidegen import __version__
from slidegen.errors import SlidegenError


class SlidegenGroup(click.Group):
    """A click group that turns slidegen errors into a clear message and exit 1."""

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
      slidegen build plan_inputs/acme.yaml
    """


def _register() -> None:
    from slidegen.cli import (
        build_cmds,
        engine_cmds,
        export_cmds,
        google_cmds,
        plan_cmds,
        sync_cmds,
    )

    for module in (plan_cmds, engine_cmds, export_cmds, build_cmds, google_cmds, sync_cmds):
        module.register(main)


_register()
