"""Colours for statuses and levels, drawn from the configured palette."""

from __future__ import annotations

from slidegen.config import Palette
from slidegen.plan.model import Relationship


def relationship_colour(palette: Palette, relationship: Relationship) -> str:
    """Return the colour that shows how strong a relationship is (strong green … none red)."""
    return {
        Relationship.STRONG: palette.good,
        Relationship.GOOD: palette.info,
        Relationship.NEUTRAL: palette.muted,
        Relationship.WEAK: palette.warning,
        Relationship.NONE: palette.danger,
    }[relationship]


def severity_level(severity: int) -> str:
    """Return 'High', 'Medium' or 'Low' for an impact × likelihood score (1-9)."""
    if severity >= 6:
        return "High"
    if severity >= 3:
        return "Medium"
    return "Low"


def severity_colour(palette: Palette, severity: int) -> str:
    """Return the colour of a risk severity score."""
    return {"High": palette.danger, "Medium": palette.warning, "Low": palette.good}[
        severity_level(severity)
    ]


ON_COLOUR = "#FFFFFF"
"""Text colour on a filled status cell."""
