"""The seal: what a deck says about the sync write that filled it, inside the deck itself.

A sync writes the seal in the same atomic batchUpdate as the content: the
alt-text title of one generated element becomes ``slidegen:seal`` followed by
compact JSON holding the plan's fingerprint, its plan key, how many generated
content elements the batch drew and a digest of their IDs. Because the batch
is atomic, a deck whose generated content is there was filled, and its seal
names the plan version it shows; a copy of the template with no generated
content was never filled. A run that was killed after its write landed finds
its own fingerprint in the seal and calls the deck unchanged instead of
mistaking its own content for hand edits, and no Drive property has to be
written after the fill.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from slidegen.backends.base import Presentation, Request
from slidegen.layout import ids
from slidegen.sync.drift import GENERATED_MARK, walk_elements

SEAL_MARK = "slidegen:seal "


@dataclass(frozen=True)
class Seal:
    """The facts a filled deck carries about the write that filled it."""

    fingerprint: str
    plan_key: str
    count: int
    ids_digest: str


def ids_digest(element_ids: Iterable[str]) -> str:
    """Return a short digest of a set of generated element IDs."""
    text = "\n".join(sorted(set(element_ids)))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def seal_request(
    requests: list[Request], fingerprint: str, plan_key: str, generated: dict[str, list[str]]
) -> Request | None:
    """Return the request that seals the deck `requests` fill, or None when nothing is generated.

    The seal lands on the first generated content element the batch marks, so
    it is drawn (and replaced) by the same write as everything it describes.
    """
    carrier = None
    for request in requests:
        body = request.get("updatePageElementAltText")
        if not body or not str(body.get("description", "")).startswith(GENERATED_MARK):
            continue
        parsed = ids.parse_generated(str(body.get("objectId", "")))
        if parsed is not None and parsed.kind == ids.CONTENT:
            carrier = str(body["objectId"])
            break
    if carrier is None:
        return None
    element_ids = [object_id for found in generated.values() for object_id in found]
    payload = {
        "fp": fingerprint,
        "plan": plan_key,
        "n": len(set(element_ids)),
        "ids": ids_digest(element_ids),
    }
    title = SEAL_MARK + json.dumps(payload, sort_keys=True, separators=(",", ":"))
    return {"updatePageElementAltText": {"objectId": carrier, "title": title}}


def _parse(title: str) -> Seal | None:
    try:
        data: Any = json.loads(title[len(SEAL_MARK) :])
    except ValueError:
        return None
    if not isinstance(data, dict):
        return None
    fingerprint, key, count, digest = (data.get(name) for name in ("fp", "plan", "n", "ids"))
    if not (
        isinstance(fingerprint, str)
        and isinstance(key, str)
        and isinstance(count, int)
        and isinstance(digest, str)
    ):
        return None
    return Seal(fingerprint, key, count, digest)


def read_seal(deck: Presentation) -> Seal | None:
    """Return the seal a deck carries, or None (never filled by this version, or deleted)."""
    for slide in deck.get("slides") or []:
        for element in walk_elements(slide.get("pageElements") or []):
            title = element.get("title")
            if isinstance(title, str) and title.startswith(SEAL_MARK):
                return _parse(title)
    return None


def is_filled(deck: Presentation) -> bool:
    """Return True when a deck holds generated slides: its fill (one atomic batch) landed."""
    for slide in deck.get("slides") or []:
        parsed = ids.parse_generated(str(slide.get("objectId", "")))
        if parsed is not None:
            return True
    return False
