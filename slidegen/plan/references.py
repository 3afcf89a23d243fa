"""Cross-reference checks of a plan: unique IDs and references that must resolve.

The checks read plain data (the parsed YAML, or a model dumped by alias) and
tolerate any shape, so the loader can run them over a plan that also has type
errors and report every problem in one pass. Each issue carries the location
of the offending value, in the same form as a pydantic error location.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any

Loc = tuple[str | int, ...]

STATES = ("current", "proposed")

SUGGEST_CUTOFF = 0.6
"""Similarity (difflib ratio) a choice needs to be offered as a did-you-mean."""


@dataclass(frozen=True)
class ReferenceIssue:
    """One unresolved reference or duplicate ID, at the location of the offending value."""

    loc: Loc
    message: str
    value: str
    first_loc: Loc | None = None
    """For a duplicate: where the value was first used."""


def format_loc(loc: Loc) -> str:
    """Return a location as a dotted path: ``architecture.current.connections[2].to``."""
    text = ""
    for part in loc:
        if isinstance(part, int):
            text += f"[{part}]"
        else:
            text += f".{part}" if text else str(part)
    return text


def suggest(value: str, choices: list[str]) -> str:
    """Return ' (did you mean 'x'?)' for the closest choice, or ''."""
    lowered = {c.lower(): c for c in choices}
    match = difflib.get_close_matches(value.lower(), list(lowered), n=1, cutoff=SUGGEST_CUTOFF)
    return f" (did you mean '{lowered[match[0]]}'?)" if match else ""


def _identifier(value: Any) -> str | None:
    """Return `value` as an ID the model would accept the type of, else None."""
    if isinstance(value, str):
        return value.strip()
    # The model reads a number where text goes as its text (`zone: 1.5` names zone "1.5").
    if isinstance(value, int | float) and not isinstance(value, bool):
        return str(value)
    return None


def _entries(value: Any) -> Iterator[tuple[int, Mapping[str, Any]]]:
    """Yield (index, item) for the mapping items of a list; anything else yields nothing."""
    if isinstance(value, list):
        for index, item in enumerate(value):
            if isinstance(item, Mapping):
                yield index, item


def _duplicates(items: Any, kind: str, loc: Loc) -> list[ReferenceIssue]:
    issues: list[ReferenceIssue] = []
    first_index: dict[str, int] = {}
    for index, item in _entries(items):
        ident = _identifier(item.get("id"))
        if ident is None:
            continue
        if ident in first_index:
            issues.append(
                ReferenceIssue(
                    (*loc, index, "id"),
                    f"duplicate {kind} id '{ident}'",
                    ident,
                    first_loc=(*loc, first_index[ident], "id"),
                )
            )
        else:
            first_index[ident] = index
    return issues


def _ids(items: Any) -> list[str]:
    found = (_identifier(item.get("id")) for _, item in _entries(items))
    return [ident for ident in found if ident is not None]


def state_issues(state: Any, loc: Loc = ()) -> list[ReferenceIssue]:
    """Return the problems of one architecture state: duplicate IDs and dangling references."""
    if not isinstance(state, Mapping):
        return []
    issues = _duplicates(state.get("zones"), "zone", (*loc, "zones"))
    issues += _duplicates(state.get("components"), "component", (*loc, "components"))
    zone_ids = _ids(state.get("zones"))
    component_ids = _ids(state.get("components"))
    for index, component in _entries(state.get("components")):
        zone = _identifier(component.get("zone"))
        if zone is not None and zone not in zone_ids:
            issues.append(
                ReferenceIssue(
                    (*loc, "components", index, "zone"),
                    f"unknown zone '{zone}'{_hint(zone, zone_ids, 'zones')}",
                    zone,
                )
            )
    for index, connection in _entries(state.get("connections")):
        ends = {end: _identifier(connection.get(end)) for end in ("from", "to")}
        for end, ref in ends.items():
            if ref is not None and ref not in component_ids:
                issues.append(
                    ReferenceIssue(
                        (*loc, "connections", index, end),
                        f"unknown component '{ref}'{_hint(ref, component_ids, 'components')}",
                        ref,
                    )
                )
        if ends["from"] is not None and ends["from"] == ends["to"]:
            issues.append(
                ReferenceIssue(
                    (*loc, "connections", index, "to"),
                    f"a connection must join two different components, not '{ends['to']}' "
                    "to itself",
                    str(ends["to"]),
                )
            )
    return issues


def _hint(value: str, known: list[str], what: str) -> str:
    """Return a did-you-mean, or say what exists when nothing is close."""
    known = list(dict.fromkeys(known))
    close = suggest(value, known)
    if close:
        return close
    if not known:
        return f"; this state defines no {what}"
    return f"; defined here: {', '.join(known)}"


def architecture_issues(
    architecture: Any, loc: Loc = (), *, states: bool = True
) -> list[ReferenceIssue]:
    """Return the problems of both states (when `states`) and of every `replaced_by`."""
    if not isinstance(architecture, Mapping):
        return []
    issues: list[ReferenceIssue] = []
    if states:
        for state in STATES:
            issues += state_issues(architecture.get(state), (*loc, state))
    known: list[str] = []
    for state in ("proposed", "current"):
        section = architecture.get(state)
        if isinstance(section, Mapping):
            known += _ids(section.get("components"))
    for state in STATES:
        section = architecture.get(state)
        if not isinstance(section, Mapping):
            continue
        for index, component in _entries(section.get("components")):
            replacement = _identifier(component.get("replaced_by"))
            if replacement is None:
                continue
            where = (*loc, state, "components", index, "replaced_by")
            if replacement not in known:
                issues.append(
                    ReferenceIssue(
                        where,
                        f"unknown component '{replacement}'"
                        f"{_hint(replacement, sorted(set(known)), 'components')}",
                        replacement,
                    )
                )
            elif replacement == _identifier(component.get("id")):
                issues.append(
                    ReferenceIssue(where, "a component cannot be replaced by itself", replacement)
                )
    return issues


def risk_id_issues(risks: Any, loc: Loc = ("risks",)) -> list[ReferenceIssue]:
    """Return a problem for each risk that repeats an earlier risk's id."""
    return _duplicates(risks, "risk", loc)


def plan_issues(plan: Any) -> list[ReferenceIssue]:
    """Return every cross-reference problem of a whole plan given as plain data."""
    if not isinstance(plan, Mapping):
        return []
    issues = architecture_issues(plan.get("architecture"), ("architecture",))
    issues += risk_id_issues(plan.get("risks"), ("risks",))
    return issues
