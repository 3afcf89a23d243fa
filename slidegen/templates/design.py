"""The bundled default template, designed in code and stored as data.

`blank_resource()` is the empty deck (master, layouts, colour scheme) and
`template_requests()` the Slides API requests that draw the template's
prototype slides onto it, one per slide type, each drawn by its type's
``design`` function. Both are committed as JSON next to this module, so
the same requests can also build the template in real Google Slides
(`presentations.create` + one `batchUpdate`). Regenerate the JSON with::

    python -m slidegen.templates.design
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any, Final

from slidegen.layout.slides import SLIDE_TYPES
from slidegen.request import Request
from slidegen.templates.drawing import (
    ACCENT,
    CONTENT_BOTTOM,
    CONTENT_TOP,
    CONTENT_WIDTH,
    FONT,
    MARGIN,
    MUTED,
    PAGE_HEIGHT,
    PAGE_WIDTH,
    PRIMARY,
    SURFACE,
    TEXT,
    TEXT_INSET,
    WHITE,
    Designer,
    rgb,
    solid,
)
from slidegen.units import dimension, inches

BLANK_JSON: Final = Path(__file__).with_name("blank.json")
TEMPLATE_JSON: Final = Path(__file__).with_name("default_template.json")
DECK_JSON: Final = Path(__file__).with_name("default_deck.json")


def template_requests() -> list[Request]:
    """Return the requests that draw the default template's prototype slides."""
    designer = Designer()
    for slide_type in SLIDE_TYPES:
        slide_type.module.design(designer, slide_type)
    assert [r["createSlide"]["objectId"] for r in designer.requests if "createSlide" in r] == [
        f"tpl_{slide_type.role}" for slide_type in SLIDE_TYPES
    ]
    return designer.requests


def _scheme() -> dict[str, Any]:
    named = {
        "DARK1": TEXT,
        "LIGHT1": WHITE,
        "DARK2": PRIMARY,
        "LIGHT2": SURFACE,
        "ACCENT1": PRIMARY,
        "ACCENT2": ACCENT,
        "ACCENT3": MUTED,
        "ACCENT4": "#217645",
        "ACCENT5": "#C17D10",
        "ACCENT6": "#1F75CB",
        "HYPERLINK": "#1F75CB",
        "FOLLOWED_HYPERLINK": PRIMARY,
        "TEXT1": TEXT,
        "BACKGROUND1": WHITE,
        "TEXT2": PRIMARY,
        "BACKGROUND2": SURFACE,
    }
    return {"colors": [{"type": name, "color": rgb(value)} for name, value in named.items()]}


def _placeholder_text(theme_colour: str, size_pt: float, *, bold: bool) -> dict[str, Any]:
    return {
        "textElements": [
            {
                "endIndex": 1,
                "paragraphMarker": {
                    "style": {
                        "alignment": "START",
                        "lineSpacing": 100,
                        "direction": "LEFT_TO_RIGHT",
                        "spacingMode": "COLLAPSE_LISTS",
                    }
                },
            },
            {
                "endIndex": 1,
                "textRun": {
                    "content": "\n",
                    "style": {
                        "fontFamily": FONT,
                        "fontSize": {"magnitude": size_pt, "unit": "PT"},
                        "bold": bold,
                        "italic": False,
                        "underline": False,
                        "foregroundColor": {"opaqueColor": {"themeColor": theme_colour}},
                    },
                },
            },
        ]
    }


def _placeholder(
    object_id: str,
    kind: str,
    box: tuple[int, int, int, int],
    text: dict[str, Any] | None,
    parent: str | None = None,
) -> dict[str, Any]:
    x, y, width, height = box
    placeholder: dict[str, Any] = {"type": kind, "index": 0}
    if parent is not None:
        placeholder["parentObjectId"] = parent
    shape: dict[str, Any] = {
        "shapeType": "TEXT_BOX",
        "shapeProperties": {
            "shapeBackgroundFill": {"propertyState": "NOT_RENDERED"},
            "outline": {"propertyState": "NOT_RENDERED"},
            "contentAlignment": "TOP",
        },
        "placeholder": placeholder,
    }
    if text is not None:
        shape["text"] = text
    return {
        "objectId": object_id,
        "size": {"width": dimension(width), "height": dimension(height)},
        "transform": {"scaleX": 1, "scaleY": 1, "translateX": x, "translateY": y, "unit": "EMU"},
        "shape": shape,
    }


def blank_resource() -> dict[str, Any]:
    """Return the empty deck the template is drawn on: one master, BLANK and TITLE_ONLY layouts."""
    title_box = (MARGIN - TEXT_INSET, inches(0.22), CONTENT_WIDTH + 2 * TEXT_INSET, inches(0.62))
    body_box = (MARGIN, CONTENT_TOP, CONTENT_WIDTH, CONTENT_BOTTOM - CONTENT_TOP)
    white_background = {"pageBackgroundFill": {"solidFill": solid(WHITE)}}
    inherit_background = {"pageBackgroundFill": {"propertyState": "INHERIT"}}
    return {
        "presentationId": "tpl_default_template",
        "title": "Technical Opportunity Plan template",
        "locale": "en",
        "pageSize": {"width": dimension(PAGE_WIDTH), "height": dimension(PAGE_HEIGHT)},
        "slides": [],
        "masters": [
            {
                "objectId": "tpl_master",
                "pageType": "MASTER",
                "pageProperties": {**white_background, "colorScheme": _scheme()},
                "masterProperties": {"displayName": "Technical Opportunity Plan"},
                "pageElements": [
                    _placeholder(
                        "tpl_master_title",
                        "TITLE",
                        title_box,
                        _placeholder_text("DARK2", 24, bold=True),
                    ),
                    _placeholder(
                        "tpl_master_body",
                        "BODY",
                        body_box,
                        _placeholder_text("DARK1", 12, bold=False),
                    ),
                ],
            }
        ],
        "layouts": [
            {
                "objectId": "tpl_layout_blank",
                "pageType": "LAYOUT",
                "pageProperties": inherit_background,
                "layoutProperties": {
                    "masterObjectId": "tpl_master",
                    "name": "BLANK",
                    "displayName": "Blank",
                },
                "pageElements": [],
            },
            {
                "objectId": "tpl_layout_title_only",
                "pageType": "LAYOUT",
                "pageProperties": inherit_background,
                "layoutProperties": {
                    "masterObjectId": "tpl_master",
                    "name": "TITLE_ONLY",
                    "displayName": "Title only",
                },
                "pageElements": [
                    _placeholder(
                        "tpl_layout_title_only_title",
                        "TITLE",
                        title_box,
                        None,
                        parent="tpl_master_title",
                    )
                ],
            },
        ],
        "notesMaster": {
            "objectId": "tpl_notes_master",
            "pageType": "NOTES_MASTER",
            "pageProperties": white_background,
            "pageElements": [
                _placeholder(
                    "tpl_notes_master_body",
                    "BODY",
                    (inches(0.75), inches(4.75), inches(6.0), inches(4.5)),
                    _placeholder_text("DARK1", 11, bold=False),
                )
            ],
        },
    }


def _dump(value: object) -> str:
    return json.dumps(value, indent=1, ensure_ascii=False) + "\n"


def built_deck(blank: dict[str, Any], requests: list[Request]) -> dict[str, Any]:
    """Return the default template deck: `blank` with `requests` applied offline."""
    from slidegen.backends.offline.engine import OfflineDeck

    deck = OfflineDeck(blank)
    deck.batch_update({"requests": requests})
    return deck.presentation


def rendered_files() -> dict[Path, str]:
    """Return the committed JSON files and the text the design produces for each."""
    blank, requests = blank_resource(), template_requests()
    return {
        BLANK_JSON: _dump(blank),
        TEMPLATE_JSON: _dump({"requests": requests}),
        # The finished deck too, so building offline need not redraw the template every run.
        DECK_JSON: _dump(built_deck(blank, requests)),
    }


if __name__ == "__main__":
    for path, text in rendered_files().items():
        path.write_text(text, encoding="utf-8")
        print(f"wrote {path}")
