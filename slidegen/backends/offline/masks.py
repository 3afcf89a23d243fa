"""Field masks: check them against the schema and apply them the way the API does."""

from __future__ import annotations

import marshal
from collections.abc import Callable, Sequence
from functools import cache, partial
from typing import Any

from slidegen.backends.offline.schema import field_schema, is_read_only, resolve, schemas


class MaskError(ValueError):
    """A field mask is empty, names an unknown field or a read-only one."""


@cache
def parse_mask(fields: str | None, type_name: str) -> tuple[str, ...]:
    """Return the paths of `fields` (``("*",)`` for all) after checking them against `type_name`."""
    # Decks send the same few masks thousands of times; each is checked once.
    if fields is None or not fields.strip():
        raise MaskError(
            "At least one field must be listed in 'fields'. (Use '*' to indicate all fields.)"
        )
    paths = [path.strip() for path in fields.split(",")]
    if "*" in paths:
        if len(paths) > 1:
            raise MaskError("The field mask '*' cannot be combined with other fields.")
        return ("*",)
    for path in paths:
        if not path:
            raise MaskError(f"Invalid field mask '{fields}': it has an empty field name.")
        schema = field_schema(type_name, path)
        if schema is None:
            raise MaskError(f"Invalid field mask: '{path}' is not a field of {type_name}.")
        if is_read_only(schema):
            raise MaskError(f"The field '{path}' of {type_name} is read-only.")
    return tuple(paths)


def writable_fields(type_name: str) -> list[str]:
    """Return the top-level fields of `type_name` that a mask of ``*`` writes."""
    return list(_writable_fields(type_name))


@cache
def _writable_fields(type_name: str) -> tuple[str, ...]:
    properties: dict[str, Any] = resolve(schemas()[type_name]).get("properties", {})
    return tuple(name for name, schema in properties.items() if not is_read_only(schema))


@cache
def _path_parts(path: str) -> tuple[str, ...]:
    return tuple(path.split("."))


def mask_touches(paths: Sequence[str], field: str) -> bool:
    """Return True when the mask `paths` writes `field` or something inside it."""
    return any(
        path == "*" or path == field or path.startswith(field + ".") or field.startswith(path + ".")
        for path in paths
    )


def apply_mask(
    target: dict[str, Any],
    source: dict[str, Any],
    paths: Sequence[str],
    type_name: str,
    *,
    owned: bool = False,
) -> None:
    """Copy each masked field from `source` to `target`; a field absent from `source` is reset.

    `owned` says `source` is a private copy nothing else holds: its values then
    move into `target` as they are.
    """
    for name, parts in _mask_steps(tuple(paths), type_name):
        if name is not None:
            # Most masks name top-level fields: look them up without walking.
            if name in source:
                value = source[name]
                if not owned and isinstance(value, dict | list):
                    value = copy_json(value)
                target[name] = value
            else:
                target.pop(name, None)
            continue
        found, value = _lookup(source, parts)
        if found:
            _store(target, parts, value if owned else copy_json(value))
        else:
            _remove(target, parts)


@cache
def _mask_steps(
    paths: tuple[str, ...], type_name: str
) -> tuple[tuple[str | None, tuple[str, ...]], ...]:
    """Return each path a mask writes as (its name if top-level, else None; its parts)."""
    expanded = _writable_fields(type_name) if paths == ("*",) else paths
    return tuple((path if "." not in path else None, _path_parts(path)) for path in expanded)


def mask_writer(
    source: dict[str, Any], paths: Sequence[str], type_name: str
) -> Callable[[dict[str, Any]], None]:
    """Return what `apply_mask` does with `source` and `paths`, to apply to many targets.

    The values are written out once and read back per target (marshal, in C).

    Every target gets its own copy of each value: a later mask on one must not reach another.
    """
    mask = _mask_steps(tuple(paths), type_name)
    if all(name is not None for name, _parts in mask):
        # The usual mask names top-level fields only: all of a target's values are read
        # back in one call, and set in the order the mask names them, as one at a time would.
        names = [name for name, _parts in mask if name is not None]
        present = {name: source[name] for name in names if name in source}
        absent = tuple(name for name in names if name not in source)
        copy_present = _copier(present)

        def write_fields(target: dict[str, Any]) -> None:
            for name in absent:
                target.pop(name, None)
            target.update(copy_present())

        return write_fields
    steps: list[tuple[tuple[str, ...], bool, Callable[[], Any]]] = []
    for name, parts in mask:
        if name is not None:
            found, value = name in source, source.get(name)
        else:
            found, value = _lookup(source, parts)
        steps.append((parts, found, _copier(value)))

    def write(target: dict[str, Any]) -> None:
        for parts, found, copy in steps:
            if len(parts) == 1:
                # Most masks name top-level fields: set them without walking.
                if found:
                    target[parts[0]] = copy()
                else:
                    target.pop(parts[0], None)
            elif found:
                _store(target, parts, copy())
            else:
                _remove(target, parts)

    return write


def _copier(value: Any) -> Callable[[], Any]:
    """Return a function that returns a fresh deep copy of plain JSON `value`."""
    if not isinstance(value, dict | list):
        return lambda: value
    try:
        # Written out once, read back per target. Format 2 writes an object held twice as
        # two, as the request's JSON would arrive: a value must not share a dict inside.
        data = marshal.dumps(value, 2)
    except ValueError:  # something marshal cannot write: copy it as objects
        return lambda: copy_json(value)
    return partial(marshal.loads, data)


def copy_json(value: Any) -> Any:
    """Return a deep copy of plain JSON data (copy.deepcopy is many times slower).

    For small values; marshal copies large ones faster (see ``engine.clone``).
    """
    if isinstance(value, dict):
        return {
            key: copy_json(item) if isinstance(item, dict | list) else item
            for key, item in value.items()
        }
    if isinstance(value, list):
        return [copy_json(item) if isinstance(item, dict | list) else item for item in value]
    return value


def _lookup(source: dict[str, Any], parts: tuple[str, ...]) -> tuple[bool, Any]:
    value: Any = source
    for part in parts:
        if not isinstance(value, dict) or part not in value:
            return False, None
        value = value[part]
    return True, value


def _store(target: dict[str, Any], parts: tuple[str, ...], value: Any) -> None:
    for part in parts[:-1]:
        child = target.get(part)
        if not isinstance(child, dict):
            child = {}
            target[part] = child
        target = child
    target[parts[-1]] = value


def _remove(target: dict[str, Any], parts: tuple[str, ...]) -> None:
    trail = []
    for part in parts[:-1]:
        child = target.get(part)
        if not isinstance(child, dict):
            return
        trail.append((target, part))
        target = child
    target.pop(parts[-1], None)
    # An emptied parent would read as "set to defaults"; the API shows it as unset.
    for parent, part in reversed(trail):
        if parent[part]:
            break
        del parent[part]
