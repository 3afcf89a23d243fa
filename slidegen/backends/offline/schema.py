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
import math
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


class _Invalid(Exception):
    def __init__(self, path: str, message: str) -> None:
        super().__init__(message)
        self.path = path
        self.message = message


def _check(value: object, schema: Schema, path: str) -> None:
    schema = resolve(schema)
    expected = schema.get("type")
    actual = _json_type(value)
    if actual == "null":
        raise _Invalid(path, f"Invalid value at '{path}': null is not allowed (omit the field)")
    if expected == "object":
        if not isinstance(value, dict):
            raise _Invalid(path, f"Invalid value at '{path}' ({actual}): expected an object")
        _check_object(value, schema, path)
    elif expected == "array":
        if not isinstance(value, list):
            raise _Invalid(path, f"Invalid value at '{path}' ({actual}): expected a list")
        for position, item in enumerate(value):
            _check(item, schema["items"], f"{path}[{position}]")
    elif expected == "string":
        if not isinstance(value, str):
            raise _Invalid(path, f"Invalid value at '{path}' ({actual}): expected a string")
        allowed = schema.get("enum")
        if allowed is not None and value not in allowed:
            raise _Invalid(
                path,
                f"Invalid value at '{path}' (TYPE_ENUM), \"{value}\": "
                f"expected one of {_listing(allowed)}",
            )
    elif expected == "integer":
        if actual != "integer":
            raise _Invalid(path, f"Invalid value at '{path}' ({actual}): expected an integer")
        low, high = _INT_RANGES.get(str(schema.get("format")), (-(2**63), 2**63 - 1))
        if not low <= value <= high:  # type: ignore[operator]
            raise _Invalid(path, f"Invalid value at '{path}': {value} is out of range")
    elif expected == "number":
        if actual not in ("integer", "number"):
            raise _Invalid(path, f"Invalid value at '{path}' ({actual}): expected a number")
        if not math.isfinite(value):  # type: ignore[arg-type]
            raise _Invalid(path, f"Invalid value at '{path}': {value} is not a finite number")
    elif expected == "boolean" and actual != "boolean":
        raise _Invalid(path, f"Invalid value at '{path}' ({actual}): expected a boolean")


def _listing(allowed: list[str], shown: int = 12) -> str:
    if len(allowed) <= shown:
        return ", ".join(allowed)
    return ", ".join(allowed[:shown]) + f", … ({len(allowed) - shown} more)"


def _check_object(value: dict[str, Any], schema: Schema, path: str) -> None:
    properties: dict[str, Schema] | None = schema.get("properties")
    extra: Schema | None = schema.get("additionalProperties")
    for key, item in value.items():
        if not isinstance(key, str):
            raise _Invalid(path, f"Invalid key at '{path}': keys must be strings")
        item_path = f"{path}.{key}" if path else key
        if properties is not None and key in properties:
            _check(item, properties[key], item_path)
        elif extra is not None:
            _check(item, extra, item_path)
        else:
            raise _Invalid(
                path,
                f"Invalid JSON payload received. Unknown name \"{key}\" at '{path or 'body'}': "
                "Cannot find field.",
            )


def validate_request(request: object, index: int) -> str:
    """Return the kind of `request` (the ``index``-th of a body); raise RequestError if invalid."""
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
        _check(request[kind], schemas()["Request"]["properties"][kind], f"{path}.{kind}")
    except _Invalid as invalid:
        raise RequestError(index, invalid.message, kind) from None
    return kind


def validate_batch_body(body: dict[str, Any]) -> None:
    """Raise RequestError unless `body` is a valid BatchUpdatePresentationRequest."""
    if not isinstance(body, dict):
        raise RequestError(None, "Invalid JSON payload received: the body must be an object")
    requests = body.get("requests")
    if not isinstance(requests, list):
        raise RequestError(None, "Invalid JSON payload received: 'requests' must be a list")
    for key, value in body.items():
        if key == "requests":
            continue
        try:
            _check({key: value}, schemas()["BatchUpdatePresentationRequest"], "")
        except _Invalid as invalid:
            raise RequestError(None, invalid.message) from None
    for index, request in enumerate(requests):
        validate_request(request, index)


if __name__ == "__main__":
    # Refresh the shipped copy after upgrading google-api-python-client.
    SHIPPED_DOCUMENT.write_text(client_document_text(), encoding="utf-8")
    print(f"wrote {SHIPPED_DOCUMENT} (revision {json.loads(client_document_text())['revision']})")
