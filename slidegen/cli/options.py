"""Options several commands take, declared once so they read and behave the same everywhere."""

from __future__ import annotations

from pathlib import Path

import click

config_option = click.option(
    "--config",
    "config_path",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Config file [default: config/slidegen.yaml if present].",
)
template_path_option = click.option(
    "--template",
    "template_path",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Template presentation JSON for offline decks [default: the bundled one].",
)
json_option = click.option(
    "--json",
    "as_json",
    is_flag=True,
    help="Print one JSON object on stdout, whatever the outcome (see docs/json-output.md).",
)
