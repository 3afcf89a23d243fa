"""What a run that puts slides into an existing deck may do (see ``slidegen.into.fill``)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class IntoOptions:
    """Where the slides go and what the run may overwrite."""

    after: str | None = None
    """A slide's object ID or 1-based number; None: the insert-here mark, else the end."""
    force: bool = False
    """Overwrite hand edits to generated content."""
    take_over: bool = False
    """Replace slides another plan generated in this deck."""
    plan_name: str | None = None
    """What the deck knows the slides' plan by (its file name); None: customer + opportunity."""
