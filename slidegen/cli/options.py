"""Options several commands take, declared once so they read and behave the same everywhere."""

from __future__ import annotations

import datetime as dt
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


class DateType(click.ParamType):
    """A calendar date written YYYY-MM-DD, given to the command as a datetime.date."""

    name = "date"

    def get_metavar(self, param: click.Parameter, ctx: click.Context | None = None) -> str:
        """Show the format in usage lines."""
        return "YYYY-MM-DD"

    def convert(
        self, value: object, param: click.Parameter | None, ctx: click.Context | None
    ) -> dt.date:
        """Return `value` as a date, or fail naming the option."""
        if isinstance(value, dt.date):
            return value
        try:
            day = dt.date.fromisoformat(str(value))
        except ValueError:
            self.fail(f"'{value}' is not a date like 2026-03-31", param, ctx)
        # The range plan dates may take: a timeline cannot span millennia.
        from slidegen.plan.model import date_out_of_range

        problem = date_out_of_range(day)
        if problem is not None:
            self.fail(problem, param, ctx)
        return day


DATE = DateType()

as_of_option = click.option(
    "--as-of",
    "as_of",
    type=DATE,
    help="Treat this date as today, e.g. to judge overdue activities [default: today].",
)
