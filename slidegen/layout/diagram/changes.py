"""What changes between the current and the proposed architecture, by component."""

from __future__ import annotations

from dataclasses import dataclass

from slidegen.layout.text import isolate
from slidegen.plan.model import Architecture, ComponentStatus


@dataclass(frozen=True)
class ArchitectureChanges:
    """Components added, retired (with their replacement) and kept, by display name."""

    added: tuple[str, ...]
    retired: tuple[str, ...]
    kept: tuple[str, ...]
    retired_names: tuple[str, ...] = ()
    """The retired components' names alone, without their replacements."""

    @property
    def is_empty(self) -> bool:
        """Return True when neither state names a component."""
        return not (self.added or self.retired or self.kept)

    def lines(self) -> list[str]:
        """Return one line per non-empty group, e.g. 'Added (2): GitLab CI/CD, Amazon EKS'."""
        lines = []
        for title, names in (("Added", self.added), ("Retired", self.retired), ("Kept", self.kept)):
            if names:
                # Names are isolated: one in Arabic or Hebrew cannot reorder the list.
                lines.append(f"{title} ({len(names)}): {', '.join(isolate(n) for n in names)}")
        return lines

    def counts(self) -> str:
        """Return the groups counted on one line, e.g. 'Added 5, retired 8, kept 7' ("" if none)."""
        groups = (("added", self.added), ("retired", self.retired), ("kept", self.kept))
        return next(iter(_counted(*groups)), "")

    def briefer_lines(self) -> list[list[str]]:
        """Return shorter forms of `lines`, longest first, for a slide without room for it.

        The first names only what is retired, which the proposed diagram does not
        show, and counts the rest; the last only counts.
        """
        named: list[str] = []
        if self.retired_names:
            names = ", ".join(isolate(n) for n in self.retired_names)
            named.append(f"Retired ({len(self.retired_names)}): {names}")
        named += _counted(("added", self.added), ("kept", self.kept))
        counts = self.counts()
        only_counts = [counts] if counts else []
        forms: list[list[str]] = []
        for form in (named, only_counts):
            if form and form != (forms[-1] if forms else self.lines()):
                forms.append(form)
        return forms


def _counted(*groups: tuple[str, tuple[str, ...]]) -> list[str]:
    """Return the non-empty `groups` counted on one line, e.g. 'Added 5, kept 7'."""
    text = ", ".join(f"{title} {len(names)}" for title, names in groups if names)
    return [text[:1].upper() + text[1:]] if text else []


def replacement_name(architecture: Architecture, component_id: str) -> str:
    """Return the display name of a replacement, looked up in the proposed state first."""
    for state in (architecture.proposed, architecture.current):
        for component in state.components:
            if component.id == component_id:
                return component.name
    return component_id


def architecture_changes(architecture: Architecture) -> ArchitectureChanges:
    """Return what the proposed state adds, retires and keeps relative to the current one.

    Components are matched by id. A current component is retired when it is
    marked retiring or absent from the proposed state; a proposed component is
    added when it is new or absent from the current state; the rest are kept.
    """
    current = {c.id: c for c in architecture.current.components}
    proposed = {c.id: c for c in architecture.proposed.components}
    added = tuple(
        c.name
        for c in architecture.proposed.components
        if c.status is ComponentStatus.NEW or c.id not in current
    )
    retired: list[str] = []
    retired_names: list[str] = []
    kept: list[str] = []
    for component in architecture.current.components:
        later = proposed.get(component.id)
        leaving = (
            component.status is ComponentStatus.RETIRING
            or later is None
            or later.status is ComponentStatus.RETIRING
        )
        if leaving:
            name = component.name
            if component.replaced_by is not None:
                replacement = replacement_name(architecture, component.replaced_by)
                name = f"{isolate(name)} → {isolate(replacement)}"
            retired.append(name)
            retired_names.append(component.name)
        elif later is not None and later.status is not ComponentStatus.NEW:
            kept.append(later.name)
    return ArchitectureChanges(added, tuple(retired), tuple(kept), tuple(retired_names))
