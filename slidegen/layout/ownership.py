"""Fingerprints of generated content, so a later run can tell whether a person edited it.

The digest covers an element's text and its box rounded to 1000 EMU (about
0.03 mm, far below a visible nudge but above float noise). Tables are
fingerprinted by their cell texts, position and column widths only: Slides
grows rows to fit their text as it renders, which is not an edit. Lines
carry no geometry in their digest: a connector's ends follow the boxes it
joins, so Slides moves it whenever it re-routes.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from json.encoder import encode_basestring
from typing import Any

from slidegen.layout.template import element_box, plain_text
from slidegen.units import magnitude_emu

DIGEST_LENGTH = 16
ROUNDING_EMU = 1000


def _strip_final_newline(text: str) -> str:
    # Every shape and cell ends in a newline Slides adds and nobody typed.
    return text[:-1] if text.endswith("\n") else text


def digest_of(text: str, geometry: Sequence[float]) -> str:
    """Return the digest of `text` placed at `geometry` (EMU numbers, rounded here)."""
    rounded = ",".join([str(round(value / ROUNDING_EMU)) for value in geometry])
    # Written as json.dumps([text, rounded], ensure_ascii=False, separators=(",", ":")) would.
    payload = f"[{encode_basestring(text)},[{rounded}]]"
    return hashlib.sha256(payload.encode()).hexdigest()[:DIGEST_LENGTH]


def table_text(cells: Sequence[Sequence[str]]) -> str:
    """Return the text a digest covers for a table: cells by tab, rows by newline."""
    return "\n".join("\t".join(row) for row in cells)


def content_digest(element_json: dict[str, Any]) -> str:
    """Return the digest of a page element as ``presentations.get`` returns it."""
    box = element_box(element_json)
    table = element_json.get("table")
    if table is not None:
        cells = [
            [
                _strip_final_newline(plain_text(cell.get("text")))
                for cell in row.get("tableCells", [])
            ]
            for row in table.get("tableRows", [])
        ]
        widths = [magnitude_emu(c.get("columnWidth")) for c in table.get("tableColumns", [])]
        return digest_of(table_text(cells), [box.x, box.y, *widths])
    if "line" in element_json:
        return digest_of("", [])
    text = _strip_final_newline(plain_text((element_json.get("shape") or {}).get("text")))
    return digest_of(text, [box.x, box.y, box.width, box.height])


def generated_description(digest: str) -> str:
    """Return the alt-text description that marks generated content with its digest."""
    return f"slidegen:generated {digest}"


def digest_in(description: str | None) -> str | None:
    """Return the digest recorded in a generated element's alt-text description, or None."""
    prefix = "slidegen:generated "
    if not description or not description.startswith(prefix):
        return None
    return description[len(prefix) :].split()[0] if description[len(prefix) :].strip() else None
