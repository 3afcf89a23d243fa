"""The tagging convention that marks template regions and generated objects.

Template regions
    A page element whose alt-text description (Slides: right-click → Alt text)
    is ``slidegen:ROLE.REGION`` marks a region the generator fills, for example
    ``slidegen:stakeholders.table``. A slide holding any region of ROLE is the
    prototype slide of that role. Extra words after the tag are ignored, so a
    designer may write ``slidegen:risks.table  (risk register goes here)``.

Generated objects
    Every object the generator creates has an ID starting ``sg`` (see
    ``slidegen.layout.ids``); its alt-text title is ``slidegen`` too, so a person can
    see in the Slides UI what a re-run will replace.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Final

TAG_PREFIX: Final = "slidegen:"
GENERATED_TITLE: Final = "slidegen"

_TAG = re.compile(r"^\s*slidegen:([a-z_]+)\.([a-z_]+)\b")


@dataclass(frozen=True)
class Tag:
    """A parsed region tag."""

    role: str
    region: str

    def __str__(self) -> str:
        return f"{TAG_PREFIX}{self.role}.{self.region}"


def parse_tag(description: str | None) -> Tag | None:
    """Return the region tag in an alt-text description, or None when there is none."""
    if not description:
        return None
    match = _TAG.match(description)
    if match is None:
        return None
    return Tag(match.group(1), match.group(2))


def tag_text(role: str, region: str) -> str:
    """Return the alt-text description that tags `region` of `role`."""
    return str(Tag(role, region))
