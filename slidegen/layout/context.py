"""What a slide builder is given, and what it returns.

A builder is a pure function ``build(ctx: BuildContext) -> list[PageContent]``:
one PageContent per slide the role needs (more than one = continuation
slides). It creates elements on ``ctx.page_id(page)`` with IDs from
``ctx.content_id(page, ...)`` and never reads files or talks to a backend.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field

from slidegen.config import Config
from slidegen.plan.model import Plan
from slidegen.request import Request


@dataclass(frozen=True)
class Box:
    """An axis-aligned rectangle on a slide, in EMU."""

    x: int
    y: int
    width: int
    height: int

    @property
    def right(self) -> int:
        """Return the x coordinate of the right edge."""
        return self.x + self.width

    @property
    def bottom(self) -> int:
        """Return the y coordinate of the bottom edge."""
        return self.y + self.height

    def inset(self, dx: int, dy: int | None = None) -> Box:
        """Return this box shrunk by `dx` left/right and `dy` top/bottom."""
        dy = dx if dy is None else dy
        return Box(
            self.x + dx, self.y + dy, max(0, self.width - 2 * dx), max(0, self.height - 2 * dy)
        )

    def contains(self, other: Box, tolerance: int = 0) -> bool:
        """Return True when `other` lies inside this box."""
        return (
            other.x >= self.x - tolerance
            and other.y >= self.y - tolerance
            and other.right <= self.right + tolerance
            and other.bottom <= self.bottom + tolerance
        )

    def overlaps(self, other: Box) -> bool:
        """Return True when the two boxes share some area."""
        return (
            self.x < other.right
            and other.x < self.right
            and self.y < other.bottom
            and other.y < self.bottom
        )


@dataclass(frozen=True)
class TextStyle:
    """The text style a region's anchor carries (resolved through placeholders)."""

    font_family: str = "Arial"
    font_pt: float = 12.0
    bold: bool = False
    italic: bool = False
    colour: str = "#000000"
    alignment: str = "START"


@dataclass(frozen=True)
class TableStyle:
    """Styling read from a template table: header row, body row, borders."""

    header_fill: str | None = None
    header_text: TextStyle = field(default_factory=TextStyle)
    body_fill: str | None = None
    alternate_fill: str | None = None
    body_text: TextStyle = field(default_factory=TextStyle)
    border_colour: str | None = None
    border_pt: float = 1.0
    column_weights: tuple[float, ...] = ()


@dataclass(frozen=True)
class Region:
    """A tagged region of a prototype slide."""

    role: str
    name: str
    anchor_id: str
    box: Box
    text: TextStyle = field(default_factory=TextStyle)
    table: TableStyle | None = None


@dataclass
class PageContent:
    """What one generated slide of a role carries."""

    requests: list[Request] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    heading_suffix: str = ""


@dataclass
class BuildContext:
    """Everything a builder may read."""

    plan: Plan
    config: Config
    regions: dict[str, Region]
    page_size: tuple[int, int]
    today: dt.date
    page_id: Callable[[int], str]
    content_id: Callable[..., str]
    slide_number: Callable[[int], int] | None = None
    """The number page `n` of this role will have in the finished deck, as its footer shows."""

    def region(self, name: str) -> Region:
        """Return the region called `name` of this role."""
        return self.regions[name]


Builder = Callable[[BuildContext], list[PageContent]]
