"""Turn pydantic validation errors into positioned, readable problems."""

from __future__ import annotations

import dataclasses
import datetime as dt
import difflib
import re
import types
from enum import Enum
from typing import Any, Union, get_args, get_origin

from pydantic import BaseModel
from pydantic_core import ErrorDetails

from slidegen.config import HEX_COLOUR_PATTERN
from slidegen.errors import Problem
from slidegen.plan.model import IDENTIFIER_PATTERN
from slidegen.plan.positions import LocatedDocument, Position, one_line
from slidegen.plan.references import (
    SUGGEST_CUTOFF,
    Loc,
    ReferenceIssue,
    format_loc,
    suggest,
)

_ALTERNATIVES = re.compile(r"^\^\(([A-Za-z0-9_|]+)\)\$$")
_BOUNDS = {
    "greater_than_equal": ("ge", "at least"),
    "greater_than": ("gt", "more than"),
    "less_than_equal": ("le", "at most"),
    "less_than": ("lt", "less than"),
}
_WRAPPER_PREFIXES = ("Value error, ", "Assertion failed, ")
_IDENTIFIER_HELP = "use up to 40 letters, digits, '_', '.' or '-', starting with a letter or digit"


def _unwrap(annotation: Any) -> list[Any]:
    """Return the concrete types inside Optional/Union/list/Annotated wrappers."""
    origin = get_origin(annotation)
    if origin in (Union, types.UnionType):
        return [inner for arg in get_args(annotation) for inner in _unwrap(arg)]
    if origin in (list, tuple, set):
        return [inner for arg in get_args(annotation) for inner in _unwrap(arg)]
    if hasattr(annotation, "__metadata__"):
        return _unwrap(get_args(annotation)[0])
    return [annotation]


def _is_model(candidate: Any) -> bool:
    return isinstance(candidate, type) and issubclass(candidate, BaseModel)


def _field_named(model: type[BaseModel], key: str) -> Any:
    for name, info in model.model_fields.items():
        if key in (name, info.alias):
            return info.annotation
    return None


def _annotation_at(root: type[BaseModel], loc: Loc) -> Any:
    """Return the annotation of the field at `loc`, walking nested models (None if unknown)."""
    annotation: Any = root
    for part in loc:
        if isinstance(part, int):
            continue
        models = [
            t for t in _unwrap(annotation) if isinstance(t, type) and issubclass(t, BaseModel)
        ]
        if not models:
            return None
        annotation = _field_named(models[0], part)
        if annotation is None:
            return None
    return annotation


def _model_at(root: type[BaseModel], loc: Loc) -> type[BaseModel] | None:
    for candidate in _unwrap(_annotation_at(root, loc)):
        if _is_model(candidate):
            return candidate
    return None


def field_names(model: type[BaseModel]) -> list[str]:
    """Return the keys a YAML author writes for `model` (aliases where there are any)."""
    return [info.alias or name for name, info in model.model_fields.items()]


def _describe(value: Any) -> str:
    """Return a short description of a YAML value for messages."""
    if value is None:
        return "nothing (null)"
    if isinstance(value, bool):
        return f"the boolean {str(value).lower()}"
    if isinstance(value, int | float):
        return f"the number {value}"
    if isinstance(value, str):
        shown = value if len(value) <= 40 else value[:37] + "..."
        return f"the text {shown!r}"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dt.date):
        return f"the date {value.isoformat()}"
    return type(value).__name__


def _enum_values(root: type[BaseModel], loc: Loc, error: ErrorDetails) -> list[str]:
    for candidate in _unwrap(_annotation_at(root, loc)):
        if isinstance(candidate, type) and issubclass(candidate, Enum):
            return [str(member.value) for member in candidate]
    return re.findall(r"'([^']*)'", str((error.get("ctx") or {}).get("expected", "")))


def _pattern_message(pattern: str, value: Any) -> str:
    """Return what a value failing `pattern` should look like, in words."""
    if pattern == IDENTIFIER_PATTERN:
        return f"invalid id {_describe(value)}: {_IDENTIFIER_HELP}"
    if pattern == HEX_COLOUR_PATTERN:
        return f"expected a colour written #RRGGBB (like #1F75CB), got {_describe(value)}"
    choices = _ALTERNATIVES.match(pattern)
    if choices:
        allowed = choices.group(1).split("|")
        hint = suggest(str(value), allowed)
        return f"unknown value '{value}'{hint}; allowed: {', '.join(allowed)}"
    return f"{_describe(value)} does not match the pattern {pattern}"


def _message(root: type[BaseModel], error: ErrorDetails) -> str:
    """Return the readable message for one pydantic error."""
    kind = error["type"]
    loc = tuple(error["loc"])
    value = error.get("input")
    ctx = error.get("ctx") or {}
    if kind == "missing":
        return f"missing required field '{loc[-1]}'"
    if kind == "extra_forbidden":
        key = str(loc[-1])
        parent = _model_at(root, loc[:-1])
        allowed = field_names(parent) if parent else []
        hint = suggest(key, allowed)
        if hint or not allowed:
            return f"unknown field '{key}'{hint}"
        return f"unknown field '{key}'; expected one of: {', '.join(allowed)}"
    if kind == "enum":
        allowed = _enum_values(root, loc, error)
        text = str(value)
        match = difflib.get_close_matches(text.lower(), allowed, n=1, cutoff=SUGGEST_CUTOFF)
        hint = f" (did you mean '{match[0]}'?)" if match else ""
        return f"unknown value '{text}'{hint}; allowed: {', '.join(allowed)}"
    if kind.startswith("date_"):
        reason = str(ctx.get("error", "")).replace("_", " ")
        detail = f" ({reason})" if reason else ""
        if kind == "date_from_datetime_inexact":
            detail = " (it has a time of day)"
        shown = repr(value) if isinstance(value, str) else _describe(value)
        return f"invalid date {shown}{detail}; write dates as YYYY-MM-DD"
    if kind == "string_type":
        return f"expected text, got {_describe(value)}"
    if kind == "string_too_short":
        return "must not be empty"
    if kind == "string_pattern_mismatch":
        return _pattern_message(str(ctx.get("pattern", "")), value)
    if kind in ("model_type", "model_attributes_type", "dict_type"):
        model = _model_at(root, loc)
        fields = f" with fields {', '.join(field_names(model))}" if model else ""
        return f"expected a mapping{fields}, got {_describe(value)}"
    if kind == "list_type":
        return f"expected a list (items starting with '- '), got {_describe(value)}"
    if kind in ("bool_type", "bool_parsing"):
        return f"expected true or false, got {_describe(value)}"
    if kind in _BOUNDS:
        key, words = _BOUNDS[kind]
        return f"must be {words} {ctx.get(key)}, got {_describe(value)}"
    if kind in ("int_type", "int_parsing", "float_type", "float_parsing"):
        return f"expected a number, got {_describe(value)}"
    message = error["msg"]
    for prefix in _WRAPPER_PREFIXES:
        message = message.removeprefix(prefix)
    return message


def _position_for(document: LocatedDocument, kind: str, loc: Loc) -> Position | None:
    if kind == "extra_forbidden":
        return document.key_position(loc)
    if kind == "missing":
        # The field is absent: point at the mapping that should hold it.
        return document.key_position(loc[:-1]) if loc[:-1] else document.value_position(())
    return document.value_position(loc)


def _misspelt_fields(root: type[BaseModel], errors: list[ErrorDetails]) -> set[Loc]:
    """Return the locations of fields that an unknown key beside them is a misspelling of."""
    found: set[Loc] = set()
    for error in errors:
        if error["type"] != "extra_forbidden":
            continue
        loc: Loc = tuple(error["loc"])
        parent = _model_at(root, loc[:-1])
        if parent is None:
            continue
        names = field_names(parent)
        match = difflib.get_close_matches(str(loc[-1]).lower(), names, n=1, cutoff=SUGGEST_CUTOFF)
        if match:
            found.add((*loc[:-1], match[0]))
    return found


def validation_problems(
    errors: list[ErrorDetails], document: LocatedDocument, file: str, root: type[BaseModel]
) -> list[Problem]:
    """Return one positioned problem per pydantic error.

    A missing field is left out when a misspelt key beside it already suggests
    that field: the did-you-mean says it all.
    """
    misspelt = _misspelt_fields(root, errors)
    problems = []
    for error in errors:
        loc: Loc = tuple(error["loc"])
        if document.is_unreadable(loc):
            continue
        if error["type"] == "missing" and loc in misspelt:
            continue
        position = _position_for(document, error["type"], loc)
        problems.append(
            Problem(
                file,
                position.line if position else None,
                position.column if position else None,
                format_loc(loc),
                _message(root, error),
            )
        )
    return problems


def reference_problems(
    issues: list[ReferenceIssue], document: LocatedDocument, file: str
) -> list[Problem]:
    """Return one positioned problem per cross-reference issue."""
    problems = []
    for issue in issues:
        position = document.value_position(issue.loc)
        message = issue.message
        first = document.value_position(issue.first_loc) if issue.first_loc else None
        if first is not None:
            message += f" (first used at line {first.line})"
        elif issue.first_loc:
            message += f" (first used at {format_loc(issue.first_loc)})"
        problems.append(
            Problem(
                file,
                position.line if position else None,
                position.column if position else None,
                format_loc(issue.loc),
                message,
            )
        )
    return problems


def sort_problems(problems: list[Problem]) -> list[Problem]:
    """Return problems in file order (unpositioned ones last), one line each, without repeats."""
    readable = (
        dataclasses.replace(p, path=one_line(p.path), message=one_line(p.message)) for p in problems
    )
    unique = list(dict.fromkeys(readable))
    return sorted(
        unique,
        key=lambda p: (p.line is None, p.line or 0, p.column or 0, p.path, p.message),
    )
