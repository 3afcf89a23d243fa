"""Check a deck as a template: which regions it tags, what is missing, what is wrong."""

from __future__ import annotations

from typing import Any

from slidegen.errors import TemplateError
from slidegen.layout.footer import FOOTER_REGION
from slidegen.layout.slides import ROLES
from slidegen.layout.template import read_template, walk_elements
from slidegen.tags import parse_tag


def inspect_template(deck: dict[str, Any]) -> dict[str, Any]:
    """Return each slide's tagged regions, what each role is missing, and tag problems.

    The report (plain data, ready for JSON) has the deck's ``presentation_id``
    and ``title``, its ``slides`` (number, object ID, tags), the regions
    ``missing`` per role, tag ``problems``, the template reader's verdict
    (``layout_error``) and whether the deck is ``usable`` as a template.
    """
    slides: list[dict[str, Any]] = []
    regions_by_role: dict[str, set[str]] = {role: set() for role in ROLES}
    problems: list[str] = []
    for number, slide in enumerate(deck.get("slides", []), start=1):
        tags: list[str] = []
        for element in walk_elements(slide.get("pageElements", [])):
            tag = parse_tag(element.get("description"))
            if tag is None:
                continue
            tags.append(str(tag))
            if tag.role not in ROLES:
                problems.append(f"slide {number}: {tag} names an unknown role")
            elif tag.region not in (*ROLES[tag.role], FOOTER_REGION):
                allowed = ", ".join((*ROLES[tag.role], f"{FOOTER_REGION} (optional)"))
                problems.append(f"slide {number}: {tag} is not a region of {tag.role} ({allowed})")
            else:
                regions_by_role[tag.role].add(tag.region)
        slides.append({"number": number, "object_id": slide.get("objectId"), "tags": tags})
    missing = {
        role: [region for region in regions if region not in regions_by_role[role]]
        for role, regions in ROLES.items()
    }
    missing = {role: regions for role, regions in missing.items() if regions}
    verdict = None
    try:
        read_template(deck)
    except TemplateError as error:
        verdict = str(error)
    return {
        "presentation_id": deck.get("presentationId"),
        "title": deck.get("title"),
        "slides": slides,
        "missing": missing,
        "problems": problems,
        "usable": not missing and not problems and verdict is None,
        "layout_error": verdict,
    }
