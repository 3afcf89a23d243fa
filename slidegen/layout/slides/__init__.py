"""The slide types a deck is made of: one record each, in deck order.

A slide type is everything the rest of slidegen needs to know about one kind
of slide. Its record below gives the plan section (``role``) it draws, the
heading it carries, the short code in its content IDs and the template
regions its prototype slide must tag. Its module, ``slidegen.layout.slides.ROLE``,
provides the rest (`SlideModule`):

    build       the pure builder: plan section → pages (see ``slidegen.layout.context``)
    design      its prototype slide in the bundled default template
    snapshot    its part of the plan snapshot sync keeps (digests only)
    summarize   what changed in that part, in words (``+2 stakeholders``)

``SLIDE_TYPES`` is the only list of slide types; everything that walks them
(template reading, composing, the default template, change summaries, drift
reports) walks it. "Add a slide type" in docs/architecture.md gives the steps.

A slide type's module is imported when first used, so reading a template or
naming a role does not load every builder (and the diagram code, which
itself reads templates, can import the template reader).
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Final, Protocol, cast

from slidegen.layout.context import BuildContext, PageContent

if TYPE_CHECKING:
    import datetime as dt

    from slidegen.plan.model import Plan
    from slidegen.summary import PlanData, Snapshot
    from slidegen.templates.drawing import Designer


class SlideModule(Protocol):
    """What the module of a slide type provides."""

    def build(self, context: BuildContext) -> list[PageContent]:
        """Return the pages that show the plan's section, laid out on the prototype's regions."""
        ...

    def design(self, designer: Designer, slide: SlideType) -> None:
        """Draw this slide type's prototype slide in the bundled default template."""
        ...

    def snapshot(self, plan: Plan, data: PlanData, today: dt.date) -> dict[str, Any]:
        """Return this slide type's part of a plan snapshot (digests only, no plan text)."""
        ...

    def summarize(self, before: Snapshot, after: Snapshot) -> list[str]:
        """Return what changed in this slide type's part between two snapshots, in words."""
        ...


@dataclass(frozen=True)
class SlideType:
    """One kind of slide: its plan section, heading, ID code, template regions and builder."""

    role: str
    """The plan section and the tag role (``slidegen:ROLE.REGION``) of its prototype slide."""
    title: str
    """The heading written on each of its slides (and the default template's heading)."""
    code: str
    """Two letters naming it in content IDs, so nested part names stay under the ID length limit."""
    regions: tuple[str, ...]
    """The regions its prototype slide must tag."""

    @property
    def module(self) -> SlideModule:
        """Return the module that draws this slide type."""
        return cast(SlideModule, importlib.import_module(f"{__name__}.{self.role}"))

    def build(self, context: BuildContext) -> list[PageContent]:
        """Return this slide type's pages for `context` (its builder's result)."""
        return self.module.build(context)


SLIDE_TYPES: Final[tuple[SlideType, ...]] = (
    SlideType(
        role="title",
        title="Technical Opportunity Plan",
        code="ti",
        regions=("customer", "opportunity", "meta"),
    ),
    SlideType(
        role="business_outcomes",
        title="Business Outcomes",
        code="bo",
        regions=("heading", "needs", "mappings"),
    ),
    SlideType(
        role="architecture",
        title="Notional Architecture",
        code="ar",
        regions=("heading", "current", "proposed"),
    ),
    SlideType(
        role="stakeholders",
        title="Key Stakeholders",
        code="st",
        regions=("heading", "table", "gaps"),
    ),
    SlideType(
        role="win_plan",
        title="Technical Win Plan",
        code="wp",
        regions=("heading", "timeline", "table"),
    ),
    SlideType(
        role="risks",
        title="Known Risks",
        code="rk",
        regions=("heading", "table"),
    ),
)
"""Every slide type, in deck order."""

BY_ROLE: Final[dict[str, SlideType]] = {slide.role: slide for slide in SLIDE_TYPES}
"""Every slide type by its role."""

ROLES: Final[dict[str, tuple[str, ...]]] = {slide.role: slide.regions for slide in SLIDE_TYPES}
"""Every role and the regions its prototype slide must carry, in deck order."""
