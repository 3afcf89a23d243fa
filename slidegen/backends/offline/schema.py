"""Check batchUpdate bodies against the Slides discovery schema.

The schema is the Slides v1 discovery document, shipped with slidegen as
``slides.v1.json`` beside this module (a copy of the one google-api-python-client
ships; a test keeps the two the same, and ``python -m
slidegen.backends.offline.schema`` refreshes it from the installed client).
The real API rejects a body with an unknown field, a value of the wrong JSON
type or an unknown enum name before it applies anything; so does this module.
JSON ``null`` is refused too: the API would read it as "unset", but in a body
built by code it is nearly always a bug.
"""

from __future__ import annotations

import json
import marshal
import math
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from slidegen.errors import RequestError

Schema = dict[str, Any]

_INT_RANGES = {
    "int32": (-(2**31), 2**31 - 1),
    "uint32": (0, 2**32 - 1),
}


SHIPPED_DOCUMENT = Path(__file__).with_name("slides.v1.json")


def client_document_text() -> str:
    """Return the Slides v1 discovery document the installed Google client uses."""
    from googleapiclient.discovery_cache import get_static_doc

    text = get_static_doc("slides", "v1")
    if text is None:
        raise FileNotFoundError("google-api-python-client ships no Slides v1 discovery document")
    return str(text)


@cache
def discovery_document() -> dict[str, Any]:
    """Return the Slides v1 discovery document shipped with slidegen."""
    # Read from slidegen's own copy: importing the Google client costs more than a build.
    with SHIPPED_DOCUMENT.open(encoding="utf-8") as handle:
        document: dict[str, Any] = json.load(handle)
    return document


def schemas() -> dict[str, Schema]:
    """Return the discovery document's schemas by name."""
    found: dict[str, Schema] = discovery_document()["schemas"]
    return found


def request_kinds() -> tuple[str, ...]:
    """Return every request kind a batchUpdate Request may hold."""
    return tuple(schemas()["Request"]["properties"])


def resolve(schema: Schema) -> Schema:
    """Return `schema` with a top-level ``$ref`` replaced by the schema it names."""
    ref = schema.get("$ref")
    if ref is None:
        return schema
    return schemas()[ref]


@cache
def may_hold_fields(kind: str, names: frozenset[str]) -> bool:
    """Return whether a valid request of `kind` can hold a field named in `names`, at any depth.

    A map whose values are objects or lists may use any key, so it counts as holding them.
    """
    pending = [schemas()["Request"]["properties"][kind]]
    seen: set[int] = set()
    while pending:
        schema = resolve(pending.pop())
        if id(schema) in seen:
            continue
        seen.add(id(schema))
        properties: dict[str, Schema] = schema.get("properties") or {}
        if names.intersection(properties):
            return True
        pending.extend(properties.values())
        if "items" in schema:
            pending.append(schema["items"])
        extra = schema.get("additionalProperties")
        if extra is not None:
            if resolve(extra).get("type") in ("object", "array", None):
                return True
            pending.append(extra)
    return False


@dataclass(eq=False)
class FieldRoute:
    """Where, inside a value of one schema, the fields a check looks for may be.

    ``keys`` names the fields to follow and the route inside each; ``every_value``
    is the route inside each value of a map; ``anything`` marks a value the
    schema does not describe, where the fields may be at any depth. A list
    takes its items' route.
    """

    keys: dict[str, FieldRoute] = field(default_factory=dict)
    every_value: FieldRoute | None = None
    anything: bool = False
    fields: frozenset[str] = frozenset()
    """The fields looked for that a value here may hold itself (all of them for ``anything``)."""


def field_routes(kind: str, names: frozenset[str]) -> FieldRoute | None:
    """Return the routes to every place a valid request of `kind` may hold a field in `names`.

    None when it holds none of them anywhere (as `may_hold_fields` says).
    """
    return _routes_by_kind(names).get(kind)


@cache
def _routes_by_kind(names: frozenset[str]) -> dict[str, FieldRoute]:
    # Worked out for every kind in one pass: the kinds share most of their schemas.
    roots = {
        kind: _item_schema(schema) for kind, schema in schemas()["Request"]["properties"].items()
    }
    objects: dict[int, Schema] = {}
    edges: dict[int, list[tuple[str | None, int]]] = {}
    """Each schema's children: (property name, or None for a map's values, child)."""
    parents: dict[int, list[int]] = {}
    pending = list(roots.values())
    while pending:
        schema = pending.pop()
        if id(schema) in objects:
            continue
        objects[id(schema)] = schema
        children: list[tuple[str | None, int]] = []
        for name, child in (schema.get("properties") or {}).items():
            target = _item_schema(child)
            children.append((name, id(target)))
            pending.append(target)
        extra = schema.get("additionalProperties")
        if extra is not None:
            target = _item_schema(extra)
            children.append((None, id(target)))
            pending.append(target)
        edges[id(schema)] = children
        for _name, target_id in children:
            parents.setdefault(target_id, []).append(id(schema))
    # A schema leads to the fields if it holds one, leads anywhere, or has a child that leads.
    leads = {key for key, schema in objects.items() if _holds_or_anything(schema, names)}
    rising = list(leads)
    while rising:
        for parent in parents.get(rising.pop(), ()):
            if parent not in leads:
                leads.add(parent)
                rising.append(parent)
    routes = {
        key: FieldRoute(
            anything=_describes_nothing(objects[key]),
            fields=names
            if _describes_nothing(objects[key])
            else names.intersection(objects[key].get("properties") or {}),
        )
        for key in leads
    }
    for key in leads:
        route = routes[key]
        for name, target_id in edges[key]:
            if target_id in leads:
                if name is None:
                    route.every_value = routes[target_id]
                else:
                    route.keys[name] = routes[target_id]
    return {kind: routes[id(root)] for kind, root in roots.items() if id(root) in routes}


def _item_schema(schema: Schema) -> Schema:
    """Return the schema of a value, or of the innermost items of a list of values."""
    schema = resolve(schema)
    while schema.get("type") == "array" and "items" in schema:
        schema = resolve(schema["items"])
    return schema


def _children(schema: Schema) -> list[Schema]:
    properties: dict[str, Schema] = schema.get("properties") or {}
    extra = schema.get("additionalProperties")
    return [*properties.values(), *([extra] if extra is not None else [])]


def _describes_nothing(schema: Schema) -> bool:
    return schema.get("type") is None and not schema.get("properties")


def _holds_or_anything(schema: Schema, names: frozenset[str]) -> bool:
    return _describes_nothing(schema) or bool(names.intersection(schema.get("properties") or {}))


def field_schema(type_name: str, path: str) -> Schema | None:
    """Return the schema of dotted `path` inside schema `type_name`, or None if it has none."""
    schema: Schema = schemas()[type_name]
    for part in path.split("."):
        schema = resolve(schema)
        properties = schema.get("properties")
        if properties is None or part not in properties:
            return None
        schema = properties[part]
    return schema


def is_read_only(schema: Schema) -> bool:
    """Return True when the discovery document says a field cannot be written."""
    description = str(schema.get("description", "")).lower()
    return "read-only" in description or "output only" in description


def _json_type(value: object) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int):
        return "integer"
    if isinstance(value, float):
        return "number"
    if isinstance(value, str):
        return "string"
    if isinstance(value, list):
        return "array"
    if isinstance(value, dict):
        return "object"
    return type(value).__name__


class _Failure(Exception):
    """A value broke the schema; the path to it is collected while the failure propagates."""

    def __init__(self, message: Callable[[str], str]) -> None:
        super().__init__()
        self.message = message
        """Return the API's message given the path of the offending value (or object)."""
        self.trail: list[str | int] = []
        """Keys and list positions from the offending value outwards."""

    def text(self, base: str) -> str:
        """Return the message, the path starting at `base`."""
        path = base
        for step in reversed(self.trail):
            if isinstance(step, int):
                path = f"{path}[{step}]"
            else:
                path = f"{path}.{step}" if path else step
        return self.message(path)


Validator = Callable[[object], None]

_VALIDATORS: dict[int, Validator] = {}
"""A validator per schema (by identity: the discovery document is read once and kept)."""


def _validator(schema: Schema) -> Validator:
    """Return the function that raises _Failure when a value breaks `schema`."""
    schema = resolve(schema)
    found = _VALIDATORS.get(id(schema))
    if found is None:
        found = _VALIDATORS[id(schema)] = _build_validator(schema)
    return found


def _null() -> _Failure:
    return _Failure(lambda path: f"Invalid value at '{path}': null is not allowed (omit the field)")


def _wrong_type(value: object, expected: str) -> _Failure:
    actual = _json_type(value)
    return _Failure(lambda path: f"Invalid value at '{path}' ({actual}): expected {expected}")


_QUICK_ACCEPTS: dict[Validator, frozenset[str] | tuple[int, int]] = {}
"""What some validators accept at first sight: an enum's values, an integer's bounds.

`check_object` accepts such a value itself, without the call (a value outside
goes through the validator, which explains).
"""


def _build_validator(schema: Schema) -> Validator:
    expected = schema.get("type")
    if expected == "object":
        return _object_validator(schema)
    if expected == "array":
        return _array_validator(schema)
    if expected == "string" and schema.get("enum") is None:
        return check_text
    if expected == "string":
        allowed = schema.get("enum")
        allowed_set = frozenset(allowed) if allowed is not None else None

        def check_string(value: object) -> None:
            if isinstance(value, str):
                if allowed_set is not None and value not in allowed_set:
                    listing = _listing(allowed or [])
                    raise _Failure(
                        lambda path: (
                            f"Invalid value at '{path}' (TYPE_ENUM), \"{value}\": "
                            f"expected one of {listing}"
                        )
                    )
                return
            raise _null() if value is None else _wrong_type(value, "a string")

        if allowed_set is not None:
            _QUICK_ACCEPTS[check_string] = allowed_set
        return check_string
    if expected == "integer":
        low, high = _INT_RANGES.get(str(schema.get("format")), (-(2**63), 2**63 - 1))

        def check_integer(value: object) -> None:
            if value is None:
                raise _null()
            if not isinstance(value, int) or isinstance(value, bool):
                raise _wrong_type(value, "an integer")
            if not low <= value <= high:
                raise _Failure(lambda path: f"Invalid value at '{path}': {value} is out of range")

        _QUICK_ACCEPTS[check_integer] = (low, high)
        return check_integer
    if expected == "number":
        return check_number
    if expected == "boolean":
        return check_boolean

    def check_anything(value: object) -> None:
        if value is None:
            raise _null()

    return check_anything


def check_text(value: object) -> None:
    """Raise _Failure unless `value` is a string (a field with no list of allowed values)."""
    if not isinstance(value, str):
        raise _null() if value is None else _wrong_type(value, "a string")


def check_number(value: object) -> None:
    """Raise _Failure unless `value` is a finite number."""
    if value is None:
        raise _null()
    if not isinstance(value, int | float) or isinstance(value, bool):
        raise _wrong_type(value, "a number")
    if not math.isfinite(value):
        raise _Failure(lambda path: f"Invalid value at '{path}': {value} is not a finite number")


def check_boolean(value: object) -> None:
    """Raise _Failure unless `value` is true or false."""
    if not isinstance(value, bool):
        raise _null() if value is None else _wrong_type(value, "a boolean")


def _array_validator(schema: Schema) -> Validator:
    items: list[Validator] = []  # compiled on first use: schemas may refer to themselves

    def check_array(value: object) -> None:
        if not isinstance(value, list):
            raise _null() if value is None else _wrong_type(value, "a list")
        if not items:
            items.append(_validator(schema["items"]))
        check_item = items[0]
        for position, item in enumerate(value):
            try:
                check_item(item)
            except _Failure as failure:
                failure.trail.append(position)
                raise

    return check_array


def _object_validator(schema: Schema) -> Validator:
    properties: dict[str, Schema] | None = schema.get("properties")
    extra: Schema | None = schema.get("additionalProperties")
    fields: dict[str, Validator] = {}  # compiled on first use, as above
    enums: dict[str, frozenset[str]] = {}
    """The allowed values of the fields that are enums (filled as `fields` is)."""
    integers: dict[str, tuple[int, int]] = {}
    """The bounds of the fields that are integers (filled as `fields` is)."""

    def field_validator(key: str) -> Validator:
        if properties is not None and key in properties:
            found = _validator(properties[key])
        elif extra is not None:
            found = _validator(extra)
        else:
            raise _Failure(
                lambda path: (
                    f'Invalid JSON payload received. Unknown name "{key}" at '
                    f"'{path or 'body'}': Cannot find field."
                )
            )
        fields[key] = found
        quick = _QUICK_ACCEPTS.get(found)
        if isinstance(quick, frozenset):
            enums[key] = quick
        elif quick is not None:
            integers[key] = quick
        return found

    def check_object(value: object) -> None:
        if not isinstance(value, dict):
            raise _null() if value is None else _wrong_type(value, "an object")
        for key, item in value.items():
            check_field = fields.get(key)
            if check_field is None:
                if not isinstance(key, str):
                    raise _Failure(lambda path: f"Invalid key at '{path}': keys must be strings")
                check_field = field_validator(key)
            elif (
                # Most fields are free text, numbers or flags: accept the common values here
                # without the call that would accept them (an odd value still gets the call).
                (check_field is check_text and type(item) is str)
                or (check_field is check_boolean and (item is True or item is False))
                or (
                    check_field is check_number
                    and (type(item) is int or (type(item) is float and item - item == 0.0))
                )
            ):
                continue
            elif type(item) is str:
                if key in enums and item in enums[key]:
                    continue
            elif type(item) is int and key in integers:
                low, high = integers[key]
                if low <= item <= high:
                    continue
            try:
                check_field(item)
            except _Failure as failure:
                failure.trail.append(key)
                raise

    return check_object


def _listing(allowed: list[str], shown: int = 12) -> str:
    if len(allowed) <= shown:
        return ", ".join(allowed)
    return ", ".join(allowed[:shown]) + f", … ({len(allowed) - shown} more)"


def value_key(value: Any) -> bytes | None:
    """Return bytes that only an equal value of the same JSON types gives, or None.

    marshal writes every dict, list, string and number with its exact type, so
    equal bytes read back as equal values: a check that passed for one passes
    for the other. None for what marshal cannot write, such as a subclass of
    dict or str.
    """
    try:
        # Format 2 writes each value as itself (no back-references, no interning marks):
        # equal values give equal bytes, and without the table of references that later
        # formats build, a small value is written in about half the time.
        return marshal.dumps(value, 2)
    except ValueError:
        return None


class PassedValues:
    """Keys (see `value_key`) of values that passed a check, bounded in number.

    A deck sends the same style, range or colour hundreds of times; a value
    seen passing before is not checked again. Only passes are kept, so a
    value that fails is checked, and refused, every time.
    """

    def __init__(self, limit: int = 8192) -> None:
        self.limit = limit
        self._keys: set[tuple[str, str, bytes]] = set()

    def __contains__(self, key: tuple[str, str, bytes]) -> bool:
        return key in self._keys

    def add(self, key: tuple[str, str, bytes]) -> None:
        """Remember that the value of `key` passed."""
        if len(self._keys) >= self.limit:
            self._keys.clear()
        self._keys.add(key)


_PASSED_SCHEMA = PassedValues()
"""Inner values of requests (by kind and field) that passed the schema."""

_PAYLOAD_VALIDATORS: dict[str, Callable[[object, dict[int, bytes] | None], None]] = {}


@dataclass
class _HitRate:
    """How often a field's values were seen passing before: keying them pays only if often."""

    hits: int = 0
    misses: int = 0


def _nests_objects(schema: Schema) -> bool:
    """Return whether a value of `schema` holds objects or lists inside itself."""
    schema = _item_schema(schema)
    children = [_item_schema(child) for child in _children(schema)]
    return any(child.get("type") in ("object", "array", None) for child in children)


def _payload_validator(kind: str) -> Callable[[object, dict[int, bytes] | None], None]:
    """Return the validator of a request of `kind` that checks each inner value once.

    It writes the key of each inner value it keys into its second argument, when
    given, by the value's id (see `validate_batch_body`).
    """
    found = _PAYLOAD_VALIDATORS.get(kind)
    if found is not None:
        return found
    check_payload = _validator(schemas()["Request"]["properties"][kind])
    fields = resolve(schemas()["Request"]["properties"][kind]).get("properties") or {}
    # Only values that nest objects (styles, fills, sizes) cost more to check than to key.
    nesting = tuple(name for name, schema in fields.items() if _nests_objects(schema))
    hits = {name: _HitRate() for name in nesting}

    def check_request_payload(value: object, keys: dict[int, bytes] | None) -> None:
        if type(value) is not dict:
            check_payload(value)
            return
        shallow: dict[object, object] | None = None
        passing: list[tuple[str, str, bytes]] = []
        for key in nesting:
            if key not in value:
                continue
            rate = hits[key]
            if rate.misses >= 32 and rate.hits < rate.misses:
                continue  # this field's values have mostly been new (a position, an ID)
            found_key = value_key(value[key])
            if found_key is None:
                continue
            if keys is not None:
                keys[id(value[key])] = found_key
            memo = (kind, key, found_key)
            if memo in _PASSED_SCHEMA:
                rate.hits += 1
                if shallow is None:
                    shallow = dict(value)
                del shallow[key]
            else:
                rate.misses += 1
                passing.append(memo)
        check_payload(value if shallow is None else shallow)
        for memo in passing:
            _PASSED_SCHEMA.add(memo)

    _PAYLOAD_VALIDATORS[kind] = check_request_payload
    return check_request_payload


def validate_request(request: object, index: int, keys: dict[int, bytes] | None = None) -> str:
    """Return the kind of `request` (the ``index``-th of a body); raise RequestError if invalid.

    `keys` is as in `validate_batch_body`.
    """
    if type(request) is dict and len(request) == 1:
        # The usual request: one known kind. Anything else takes the path that explains.
        kind = next(iter(request))
        check_request_payload = _PAYLOAD_VALIDATORS.get(kind)
        if check_request_payload is None and kind in schemas()["Request"]["properties"]:
            check_request_payload = _payload_validator(kind)
        if check_request_payload is not None:
            try:
                check_request_payload(request[kind], keys)
            except _Failure as failure:
                raise RequestError(index, failure.text(f"requests[{index}].{kind}"), kind) from None
            return str(kind)
    path = f"requests[{index}]"
    if not isinstance(request, dict):
        raise RequestError(index, f"Invalid value at '{path}': expected an object")
    kinds = [key for key in request if key in schemas()["Request"]["properties"]]
    unknown = [key for key in request if key not in schemas()["Request"]["properties"]]
    if unknown:
        raise RequestError(
            index,
            f"Invalid JSON payload received. Unknown name \"{unknown[0]}\" at '{path}': "
            "Cannot find field.",
        )
    if not kinds:
        raise RequestError(
            index,
            f"Invalid {path}: No request set. (A request must set exactly one kind of request.)",
        )
    if len(kinds) > 1:
        raise RequestError(
            index,
            f"Invalid JSON payload received at '{path}': Oneof field 'kind' is already set "
            f"({kinds[0]}); cannot set '{kinds[1]}'. A request must set exactly one kind of "
            "request.",
        )
    kind = kinds[0]
    try:
        _validator(schemas()["Request"]["properties"][kind])(request[kind])
    except _Failure as failure:
        raise RequestError(index, failure.text(f"{path}.{kind}"), kind) from None
    return kind


def validate_batch_body(body: dict[str, Any], keys: dict[int, bytes] | None = None) -> None:
    """Raise RequestError unless `body` is a valid BatchUpdatePresentationRequest.

    `keys`, when given, receives the `value_key` of inner values the check
    worked out, by the id of the value: they stay right while `body` lives and
    is not changed, and spare a later check of the same values writing them again.
    """
    if not isinstance(body, dict):
        raise RequestError(None, "Invalid JSON payload received: the body must be an object")
    requests = body.get("requests")
    if not isinstance(requests, list):
        raise RequestError(None, "Invalid JSON payload received: 'requests' must be a list")
    for key, value in body.items():
        if key == "requests":
            continue
        try:
            _validator(schemas()["BatchUpdatePresentationRequest"])({key: value})
        except _Failure as failure:
            raise RequestError(None, failure.text("")) from None
    for index, request in enumerate(requests):
        validate_request(request, index, keys)


if __name__ == "__main__":
    # Refresh the shipped copy after upgrading google-api-python-client.
    SHIPPED_DOCUMENT.write_text(client_document_text(), encoding="utf-8")
    print(f"wrote {SHIPPED_DOCUMENT} (revision {json.loads(client_document_text())['revision']})")
