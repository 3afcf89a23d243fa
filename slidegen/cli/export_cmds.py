"""The `render` command: write any presentation JSON as a .pptx file."""

from __future__ import annotations

from pathlib import Path

import click

from slidegen.cli.envelope import emit
from slidegen.cli.options import json_option
from slidegen.export.pptx import export_pptx, read_presentation
from slidegen.files import write_atomically


@click.command()
@click.argument("deck", type=click.Path(dir_okay=False, path_type=Path))
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Where to write the .pptx [default: DECK with a .pptx suffix].",
)
@click.option(
    "--drop-skipped",
    is_flag=True,
    help="Leave out skipped slides (the template's prototypes) instead of hiding them.",
)
@json_option
def render(deck: Path, output: Path | None, drop_skipped: bool, as_json: bool) -> None:
    """Export DECK, a presentation as JSON (offline build or pulled from Google), to .pptx.

    Skipped slides are kept as hidden slides unless --drop-skipped is given.
    Images are embedded when their URL is a local file; others show as labelled boxes.

    \b
    Example:
      slidegen build plan_inputs/acme.yaml -o build/acme.json
      slidegen render build/acme.json -o build/acme.pptx
      slidegen render build/acme.json --drop-skipped
    """
    presentation = read_presentation(deck)
    target = output or deck.with_suffix(".pptx")
    write_atomically(
        target, lambda path: export_pptx(presentation, path, drop_skipped=drop_skipped)
    )
    slides = presentation.get("slides") or []
    skipped = sum(1 for s in slides if (s.get("slideProperties") or {}).get("isSkipped"))
    kept = len(slides) - skipped if drop_skipped else len(slides)
    hidden = "" if drop_skipped or not skipped else f", {skipped} hidden"
    if as_json:
        emit("render", path=str(target), slides=kept, hidden=0 if drop_skipped else skipped)
    else:
        click.echo(f"Wrote {target} ({kept} slide{'s' if kept != 1 else ''}{hidden})")


def register(group: click.Group) -> None:
    """Add this module's commands to `group`."""
    group.add_command(render)
