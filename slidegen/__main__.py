"""Run the command line with `python -m slidegen`."""

from __future__ import annotations

from slidegen.cli import run

run()
