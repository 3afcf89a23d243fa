from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest

from slidegen.errors import TemplateError
from slidegen.layout.context import TextStyle
from slidegen.layout.ownership import content_digest, digest_of
from slidegen.layout.slides import ROLES
from slidegen.layout.template import (
    colour_hex,
    element_box,
    generated_role,
    read_template,
    walk_elements,
)
from slidegen.units import inches

REAL_DECK = Path(__file__).parent / "fixtures" / "real-presentation-presenter.json"


def test_default_template_has_every_role_and_region(default_template: dict[str, Any]) -> None:
    info = read_template(default_template)
    assert set(info.prototypes) == set(ROLES)
    for role, regions in ROLES.items():
        assert set(info.prototypes[role].regions) >= set(regions)
    assert info.max_generation == 0
    assert all(not slides for slides in info.generated.values())


def test_table_regions_take_their_style_and_the_room_below(
    default_template: dict[str, Any],
) -> None:
    info = read_template(default_template)
    stakeholders = info.prototypes["stakeholders"].regions
    table = stakeholders["table"]
    assert table.table is not None
    assert table.table.header_fill is not None
    assert table.table.header_text.bold
    # The table grows down to just above the gaps callout, not over it.
    assert table.box.bottom <= stakeholders["gaps"].box.y
    assert table.box.height > inches(2)


def _without_tag(deck: dict[str, Any], tag: str) -> dict[str, Any]:
    deck = copy.deepcopy(deck)
    for slide in deck["slides"]:
        for element in walk_elements(slide["pageElements"]):
            if element.get("description", "").startswith(tag):
                element["description"] = ""
    return deck


def test_missing_region_names_the_tag_and_slide(default_template: dict[str, Any]) -> None:
    broken = _without_tag(default_template, "slidegen:risks.heading")
    with pytest.raises(TemplateError, match=r"tpl_risks.*slidegen:risks\.heading"):
        read_template(broken)


def test_missing_role_names_the_role(default_template: dict[str, Any]) -> None:
    broken = copy.deepcopy(default_template)
    broken["slides"] = [s for s in broken["slides"] if s["objectId"] != "tpl_win_plan"]
    with pytest.raises(TemplateError, match="win_plan"):
        read_template(broken)


def test_text_style_resolves_through_placeholders_and_theme() -> None:
    master_title = {
        "objectId": "m_title",
        "shape": {
            "text": {
                "textElements": [
                    {"paragraphMarker": {"style": {"alignment": "CENTER"}}},
                    {
                        "textRun": {
                            "content": "Title\n",
                            "style": {
                                "fontFamily": "Arial",
                                "fontSize": {"magnitude": 30, "unit": "PT"},
                                "bold": True,
                                "foregroundColor": {"opaqueColor": {"themeColor": "ACCENT1"}},
                            },
                        }
                    },
                ]
            }
        },
    }
    layout_title = {
        "objectId": "l_title",
        "shape": {
            "placeholder": {"type": "TITLE", "parentObjectId": "m_title"},
            "text": {
                "textElements": [
                    {
                        "textRun": {
                            "content": "x\n",
                            "style": {"fontSize": {"magnitude": 28, "unit": "PT"}},
                        }
                    }
                ]
            },
        },
    }
    anchor = {
        "objectId": "anchor",
        "description": "slidegen:title.customer",
        "size": {
            "width": {"magnitude": 100, "unit": "EMU"},
            "height": {"magnitude": 50, "unit": "EMU"},
        },
        "transform": {"scaleX": 2, "scaleY": 3, "translateX": 10, "translateY": 20, "unit": "EMU"},
        "shape": {"placeholder": {"type": "TITLE", "parentObjectId": "l_title"}},
    }
    deck = {
        "masters": [
            {
                "objectId": "m",
                "pageElements": [master_title],
                "pageProperties": {
                    "colorScheme": {
                        "colors": [{"type": "ACCENT1", "color": {"red": 1, "blue": 0.5}}]
                    }
                },
            }
        ],
        "layouts": [{"objectId": "l", "pageElements": [layout_title]}],
        "slides": [
            {
                "objectId": "s1",
                "slideProperties": {"masterObjectId": "m", "layoutObjectId": "l"},
                "pageElements": [anchor],
            }
        ],
    }
    with pytest.raises(TemplateError):
        read_template(deck)  # other roles are missing; the style is still readable below
    from slidegen.layout.template import _Resolver

    style = _Resolver(deck).text_style(anchor, TextStyle())
    assert style == TextStyle("Arial", 28.0, True, False, "#FF0080", "CENTER")
    box = element_box(anchor)
    assert (box.x, box.y, box.width, box.height) == (10, 20, 200, 150)


def test_colours_read_rgb_with_missing_components_as_zero() -> None:
    assert colour_hex({"rgbColor": {}}, {}) == "#000000"
    assert colour_hex({"rgbColor": {"green": 1}}, {}) == "#00FF00"
    assert colour_hex({"themeColor": "DARK1"}, {"DARK1": "#111111"}) == "#111111"
    assert colour_hex(None, {}) is None


def test_generated_slides_are_recognised_by_role() -> None:
    assert generated_role("sgs3_business_outcomes_2") == "business_outcomes"
    assert generated_role("sgs1_win_plan_1") == "win_plan"
    assert generated_role("sgd1_risks_1") is None
    assert generated_role("my_slide") is None


def test_a_recorded_deck_is_readable_and_digestable() -> None:
    deck = json.loads(REAL_DECK.read_text())
    with pytest.raises(TemplateError, match="no slide tagged"):
        read_template(deck)
    for slide in deck["slides"]:
        for element in walk_elements(slide["pageElements"]):
            assert len(content_digest(element)) == 16


def test_digest_ignores_sub_rounding_moves_but_not_edits() -> None:
    base = digest_of("text", [1_000_000, 2_000_000, 300_000, 400_000])
    assert digest_of("text", [1_000_200, 2_000_000, 300_000, 400_000]) == base
    assert digest_of("text", [1_010_000, 2_000_000, 300_000, 400_000]) != base
    assert digest_of("text!", [1_000_000, 2_000_000, 300_000, 400_000]) != base


@pytest.mark.parametrize(
    ("transform", "expected"),
    [
        ({"scaleX": 1, "scaleY": 1}, (1000, 500, 300, 200)),
        ({"scaleX": -1, "scaleY": 1}, (700, 500, 300, 200)),
        ({"scaleX": 1, "scaleY": -1}, (1000, 300, 300, 200)),
        # Turned a quarter: its own width runs down the page, its own height across.
        ({"scaleX": 0, "scaleY": 0, "shearX": -1, "shearY": 1}, (800, 500, 200, 300)),
        ({"scaleX": 0, "scaleY": 0, "shearX": 1, "shearY": -1}, (1000, 200, 200, 300)),
    ],
)
def test_an_element_occupies_the_box_around_its_transformed_corners(
    transform: dict[str, float], expected: tuple[int, int, int, int]
) -> None:
    element = {
        "size": {"width": {"magnitude": 300, "unit": "EMU"}, "height": {"magnitude": 200}},
        "transform": {**transform, "translateX": 1000, "translateY": 500, "unit": "EMU"},
    }
    box = element_box(element)
    assert (box.x, box.y, box.width, box.height) == expected
