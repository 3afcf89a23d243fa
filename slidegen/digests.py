"""Stable digests of JSON data: the same value gives the same hex string on every machine."""

from __future__ import annotations

import hashlib
import json
from typing import Any


def canonical_json(value: Any) -> str:
    """Return `value` as compact JSON with sorted keys, the same for equal data."""
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def digest(value: Any) -> str:
    """Return the SHA-256 hex digest of `value` as canonical JSON."""
    return hashlib.sha256(canonical_json(value).encode("utf-8")).hexdigest()


def short_digest(value: Any, length: int = 10) -> str:
    """Return the first `length` hex digits of `digest(value)`."""
    return digest(value)[:length]
