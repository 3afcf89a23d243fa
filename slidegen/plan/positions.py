"""Parse YAML safely into plain data while remembering where every key and value sits.

Only plain data comes out (mappings, lists, strings, numbers, booleans, null):
the loader derives from ``yaml.SafeLoader``, so no tag can construct an
object. Dates stay text, so the plan model judges them (``2026-02-30`` is
reported as a bad date at its line instead of failing inside the parser).

Positions are 1-based (line, column) and keyed by a location tuple in the
form pydantic uses, e.g. ``("architecture", "current", "connections", 2, "to")``.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any, Final, NamedTuple

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from slidegen.errors import InputError, Problem
from slidegen.plan.references import Loc, format_loc

MAX_NODES: Final = 200_000
"""Nodes a document may expand to; aliases can make a small file explode."""

_MAP_TAG: Final = "tag:yaml.org,2002:map"
_SEQ_TAG: Final = "tag:yaml.org,2002:seq"
_INT_TAG: Final = "tag:yaml.org,2002:int"


class Position(NamedTuple):
    """A 1-based line and column in a text file."""

    # A named tuple: a plan records one per key and value, and tuples are cheap to make.
    line: int
    column: int


@dataclass
class LocatedDocument:
    """Parsed YAML data and the position of each key and value in it."""

    data: Any
    values: dict[Loc, Position] = field(default_factory=dict)
    keys: dict[Loc, Position] = field(default_factory=dict)
    unreadable: set[Loc] = field(default_factory=set)
    """Values already reported as unreadable; later checks of them would only repeat that."""

    def is_unreadable(self, loc: Loc) -> bool:
        """Return True when `loc` is, or lies inside, a value already reported unreadable."""
        return any(loc[:end] in self.unreadable for end in range(len(loc) + 1))

    def value_position(self, loc: Loc) -> Position | None:
        """Return where the value at `loc` (or its nearest present ancestor) starts."""
        for end in range(len(loc), -1, -1):
            position = self.values.get(loc[:end])
            if position is not None:
                return position
        return None

    def key_position(self, loc: Loc) -> Position | None:
        """Return where the key naming `loc` starts, else where its value starts."""
        return self.keys.get(loc) or self.value_position(loc)


def _timestamp_as_text(loader: yaml.SafeLoader, node: Node) -> str:
    return str(loader.construct_scalar(node))  # type: ignore[arg-type]


_LONGEST_NUMBER_DIGITS: Final = 4000
"""The most digits a plan's number may have: under what Python writes as text (4,300)."""
_LONGEST_NUMBER_BITS: Final = math.ceil(_LONGEST_NUMBER_DIGITS * math.log2(10))


class PositionLoader(yaml.SafeLoader):
    """A safe loader that keeps timestamps as text; used to compose nodes with marks."""


PositionLoader.add_constructor("tag:yaml.org,2002:timestamp", _timestamp_as_text)

_CSafeLoader: Any = getattr(yaml, "CSafeLoader", None)
if _CSafeLoader is not None:

    class FastPositionLoader(_CSafeLoader):
        """The same loader over libyaml's parser: the same nodes and marks, ten times faster."""

        def __init__(self, stream: str) -> None:
            super().__init__(stream)
            self._resolved: dict[tuple[Any, str, Any], str] = {}

        def resolve(self, kind: Any, value: Any, implicit: Any) -> str:
            # A plan repeats the same keys and words; each is matched against the
            # implicit-tag patterns once (the loader has no path resolvers).
            if kind is not ScalarNode:
                tag: str = super().resolve(kind, value, implicit)
                return tag
            key = (value, implicit, kind)
            found = self._resolved.get(key)
            if found is None:
                found = self._resolved[key] = super().resolve(kind, value, implicit)
            return found

    FastPositionLoader.add_constructor("tag:yaml.org,2002:timestamp", _timestamp_as_text)
    _LOADERS: tuple[Any, ...] = (FastPositionLoader, PositionLoader)
else:  # PyYAML built without libyaml
    _LOADERS = (PositionLoader,)


class _DocumentTooLarge(Exception):
    """Raised when aliases expand the document past MAX_NODES."""


def _position(node: Node) -> Position:
    return Position(node.start_mark.line + 1, node.start_mark.column + 1)


def one_line(text: str) -> str:
    """Return `text` with line breaks and control characters shown as escapes."""
    return "".join(char if char.isprintable() or char == " " else repr(char)[1:-1] for char in text)


def _short_tag(tag: str) -> str:
    return "!!" + tag.removeprefix("tag:yaml.org,2002:") if tag.startswith("tag:") else tag


def _yaml_error_problem(file: str, error: yaml.YAMLError, text: str) -> Problem:
    """Return a one-line problem for a YAML syntax error, at the error's position."""
    if isinstance(error, yaml.MarkedYAMLError):
        mark = error.problem_mark or error.context_mark
        problem = (error.problem or "").strip()
        context = (error.context or "").strip()
        if "'\\t'" in problem:
            message = "a tab character cannot indent YAML; indent with spaces"
        else:
            message = f"{problem} {context}".strip() if context else problem
            context_mark = error.context_mark
            if (
                context
                and context_mark is not None
                and mark is not None
                and context_mark.line != mark.line
            ):
                message += f" (started at line {context_mark.line + 1})"
        line = mark.line + 1 if mark is not None else None
        column = mark.column + 1 if mark is not None else None
        return Problem(file, line, column, "", f"invalid YAML: {one_line(message)}")
    if isinstance(error, yaml.reader.ReaderError):
        before = text[: error.position]
        line = before.count("\n") + 1
        column = error.position - (before.rfind("\n") + 1) + 1
        return Problem(
            file,
            line,
            column,
            "",
            f"invalid YAML: character #x{error.character:04X} is not allowed in YAML text",
        )
    return Problem(file, None, None, "", f"invalid YAML: {one_line(str(error))}")


class _Walker:
    """Turn a composed node tree into plain data, recording positions and key problems."""

    def __init__(self, loader: Any, file: str) -> None:
        self.loader = loader
        self.file = file
        self.document = LocatedDocument(None)
        self.problems: list[Problem] = []
        self.visited = 0
        self.own_pair_counts: dict[int, int] = {}

    def problem(self, node: Node, loc: Loc, message: str, *, unreadable: bool = True) -> None:
        if unreadable:
            self.document.unreadable.add(loc)
        position = _position(node)
        self.problems.append(
            Problem(
                self.file,
                position.line,
                position.column,
                one_line(format_loc(loc)),
                one_line(message),
            )
        )

    def walk(self, node: Node, loc: Loc) -> Any:
        self.visited += 1
        if self.visited > MAX_NODES:
            raise _DocumentTooLarge
        self.document.values[loc] = _position(node)
        if isinstance(node, ScalarNode):
            return self.scalar(node, loc)
        if isinstance(node, SequenceNode):
            if node.tag != _SEQ_TAG:
                self.problem(node, loc, f"unsupported YAML tag {_short_tag(node.tag)}")
            return [self.walk(item, (*loc, index)) for index, item in enumerate(node.value)]
        if isinstance(node, MappingNode):
            return self.mapping(node, loc)
        self.problem(node, loc, "unsupported YAML node")
        return None

    def scalar(self, node: ScalarNode, loc: Loc) -> Any:
        if node.tag not in self.loader.yaml_constructors:
            self.problem(node, loc, f"unsupported YAML tag {_short_tag(node.tag)}")
            return None
        # Python refuses to read or write such a number as decimal text, and so would every
        # message quoting it; written in hex it is shorter, so the value is checked too.
        too_long = node.tag == _INT_TAG and len(node.value) > _LONGEST_NUMBER_DIGITS
        try:
            value = None if too_long else self.loader.construct_object(node, deep=True)
        except (yaml.YAMLError, ValueError, TypeError, OverflowError) as error:
            reason = getattr(error, "problem", None) or str(error)
        else:
            too_long = too_long or (
                isinstance(value, int) and value.bit_length() > _LONGEST_NUMBER_BITS
            )
            if not too_long:
                return value
            reason = f"a number of more than {_LONGEST_NUMBER_DIGITS} digits"
        self.problem(node, loc, f"cannot read value {node.value[:40]!r}: {reason}")
        return node.value

    def mapping(self, node: MappingNode, loc: Loc) -> dict[str, Any]:
        if node.tag != _MAP_TAG:
            self.problem(node, loc, f"unsupported YAML tag {_short_tag(node.tag)}")
        own_pairs = self.own_pair_counts.get(id(node))
        if own_pairs is None:
            # Merge keys (<<) put merged pairs first; only the node's own keys may clash.
            own_pairs = sum(
                1
                for key, _ in node.value
                if not (isinstance(key, ScalarNode) and key.tag == "tag:yaml.org,2002:merge")
            )
            self.loader.flatten_mapping(node)
            self.own_pair_counts[id(node)] = own_pairs
        merged_count = len(node.value) - own_pairs
        result: dict[str, Any] = {}
        own_keys: dict[str, Position] = {}
        for index, (key_node, value_node) in enumerate(node.value):
            if not isinstance(key_node, ScalarNode):
                self.problem(
                    key_node,
                    loc,
                    "a key must be a plain name, not a list or mapping",
                    unreadable=False,
                )
                continue
            # The key's source text, so `no:` or `1:` stays the name the author wrote.
            key = str(key_node.value)
            key_loc = (*loc, key)
            position = _position(key_node)
            if index >= merged_count:
                if key in own_keys:
                    first = own_keys[key]
                    self.problem(
                        key_node,
                        key_loc,
                        f"duplicate key '{key}' (first defined at line {first.line})",
                        unreadable=False,
                    )
                    continue
                own_keys[key] = position
            self.document.keys[key_loc] = position
            result[key] = self.walk(value_node, key_loc)
        return result


def parse_yaml(text: str, file: str) -> tuple[LocatedDocument, list[Problem]]:
    """Return the document in `text` and the key problems found while reading it.

    Raises InputError when the text is not YAML at all (syntax errors, several
    documents, or aliases expanding past MAX_NODES).
    """
    fast, *_ = _LOADERS
    # libyaml accepts some tabs and stray byte-order marks that PyYAML refuses or
    # places differently; only PyYAML's answer counts for text holding them.
    if fast is not PositionLoader and "\t" not in text and "\ufeff" not in text:
        try:
            return _parse_with(fast, text, file)
        except (yaml.YAMLError, UnicodeEncodeError):
            # libyaml words (and sometimes places) its errors differently; the
            # pure-Python parser gives the message and position users are shown.
            pass
    return _parse_with(PositionLoader, text, file)


def _parse_with(loader_class: Any, text: str, file: str) -> tuple[LocatedDocument, list[Problem]]:
    """Parse `text` with `loader_class`; YAML errors of the pure-Python loader become InputError."""
    report_errors = loader_class is PositionLoader
    try:
        # The reader checks for forbidden characters as soon as it is built.
        loader = loader_class(text)
    except yaml.YAMLError as error:
        if not report_errors:
            raise
        raise InputError([_yaml_error_problem(file, error, text)]) from None
    try:
        node = loader.get_single_node()
        if node is None:
            return LocatedDocument(None), []
        walker = _Walker(loader, file)
        walker.document.data = walker.walk(node, ())
        return walker.document, walker.problems
    except yaml.YAMLError as error:
        if not report_errors:
            raise
        raise InputError([_yaml_error_problem(file, error, text)]) from None
    except _DocumentTooLarge:
        raise InputError.single(
            file, f"the document expands to more than {MAX_NODES:,} values (aliases?)"
        ) from None
    except RecursionError:
        raise InputError.single(file, "invalid YAML: nested too deeply") from None
    finally:
        loader.dispose()
