"""One Slides API batchUpdate sub-request: the type every layer passes around.

A request is a one-key dict, ``{"createShape": {...}}``: the key names the
kind of request and its value is the body, exactly as the API takes it.
"""

from __future__ import annotations

from typing import Any

Request = dict[str, Any]
"""One batchUpdate sub-request, e.g. ``{"createShape": {"objectId": ...}}``."""


def request_parts(request: Request) -> tuple[str, dict[str, Any]]:
    """Return a request's kind (its one key) and body; ``("", {})`` for an empty request."""
    kind, body = next(iter(request.items()), ("", {}))
    return kind, body if isinstance(body, dict) else {}
