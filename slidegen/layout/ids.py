"""Deterministic object IDs for generated objects.

Slides object IDs are 5-50 characters, start with ``[A-Za-z0-9_]`` and continue
with ``[A-Za-z0-9_:-]``. Generated IDs look like ``sgc2_risks_1_table`` and say:

    sgs   a generated slide (kept across regenerations)
    sgd   an element copied from a prototype slide onto a generated slide (kept)
    sgc   generated content (deleted and redrawn by every regeneration)

followed by the generation number that created it, so a regeneration never
reuses an ID that the same batch deletes.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Final

SLIDE: Final = "sgs"
DECOR: Final = "sgd"
CONTENT: Final = "sgc"
KINDS: Final = (SLIDE, DECOR, CONTENT)
MAX_LENGTH: Final = 50

_VALID = re.compile(r"^[A-Za-z0-9_][A-Za-z0-9_:\-]{4,49}$")
_GENERATED = re.compile(r"^(sgs|sgd|sgc)(\d+)_")
_UNSAFE = re.compile(r"[^A-Za-z0-9_]+")


def is_valid_object_id(object_id: str) -> bool:
    """Return True when the Slides API would accept `object_id`."""
    return bool(_VALID.match(object_id))


@dataclass(frozen=True)
class GeneratedId:
    """The parts of a generated object ID."""

    kind: str
    generation: int


def parse_generated(object_id: str) -> GeneratedId | None:
    """Return the kind and generation of a generated ID, or None for anything else."""
    match = _GENERATED.match(object_id)
    if match is None:
        return None
    return GeneratedId(match.group(1), int(match.group(2)))


def is_generated(object_id: str) -> bool:
    """Return True when `object_id` was made by the generator."""
    return parse_generated(object_id) is not None


@lru_cache(maxsize=4096)
def _safe_part(part: str) -> str:
    """Return `part` with every run of characters an ID cannot hold made one hyphen."""
    # A deck's IDs repeat the same few names and numbers: make each safe once.
    return _UNSAFE.sub("-", part).strip("-") or "x"


def make_id(kind: str, generation: int, *parts: object) -> str:
    """Return a valid, deterministic ID of `kind` built from `parts`.

    Parts are made ID-safe; an ID that would be too long keeps a readable head
    and ends in a short hash of the whole, so distinct parts stay distinct.
    """
    if kind not in KINDS:
        raise ValueError(f"unknown generated-object kind {kind!r}")
    if generation < 1:
        raise ValueError("generation starts at 1")
    safe = [_safe_part(str(part)) for part in parts]
    object_id = "_".join([f"{kind}{generation}", *safe])
    if len(object_id) > MAX_LENGTH:
        digest = hashlib.sha1(object_id.encode()).hexdigest()[:10]
        object_id = f"{object_id[: MAX_LENGTH - 11]}_{digest}"
    assert is_valid_object_id(object_id), object_id
    return object_id
