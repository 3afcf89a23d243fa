"""The bundled default template, designed in code and stored as data.

`blank_resource()` is the empty deck (master, layouts, colour scheme) and
`template_requests()` the Slides API requests that draw the template's six
prototype slides onto it. Both are committed as JSON next to this module, so
the same requests can also build the template in real Google Slides
(`presentations.create` + one `batchUpdate`). Regenerate the JSON with::

    python -m slidegen.templates.design
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any, Final

from slidegen.layout.slides import BY_ROLE, ROLES
from slidegen.request import Request
from slidegen.tags import tag_text
from slidegen.units import dimension, inches, pt

PAGE_WIDTH: Final = 9_144_000
PAGE_HEIGHT: Final = 5_143_500
MARGIN: Final = inches(0.4)
CONTENT_WIDTH: Final = PAGE_WIDTH - 2 * MARGIN
CONTENT_TOP: Final = inches(1.1)
CONTENT_BOTTOM: Final = inches(4.95)
# Text sits 0.1in inside its box (Slides' padding); text boxes start that much
# left of the margin so their letters line up with the shapes below them.
TEXT_INSET: Final = inches(0.1)
FONT: Final = "Arial"

PRIMARY: Final = "#2B2A6B"
ACCENT: Final = "#E24329"
TEXT: Final = "#28272D"
MUTED: Final = "#6E6D78"
SURFACE: Final = "#F4F3FA"
WHITE: Final = "#FFFFFF"
RULE: Final = "#D9D8E4"
AREA_FILL: Final = "#FAFAFD"
AREA_OUTLINE: Final = "#A9A8BA"
AREA_LABEL: Final = "#8A8996"
ON_PRIMARY_SOFT: Final = "#D6D5F0"
ON_PRIMARY_KICKER: Final = "#A9A8DA"

FOOTER_TEXT: Final = "Technical Opportunity Plan · Confidential"

BLANK_JSON: Final = Path(__file__).with_name("blank.json")
TEMPLATE_JSON: Final = Path(__file__).with_name("default_template.json")
DECK_JSON: Final = Path(__file__).with_name("default_deck.json")

TABLE_COLUMNS: Final[dict[str, tuple[tuple[str, float, str], ...]]] = {
    "stakeholders": (
        ("Name", 1.25, "Alex Rivera"),
        ("Title", 1.45, "VP Engineering"),
        ("Role", 1.1, "Champion"),
        ("Relationship", 1.2, "Strong"),
        ("Owner", 0.9, "SA"),
        ("Notes", 2.4, "Sponsors the pilot"),
    ),
    "win_plan": (
        ("Activity", 2.6, "Technical discovery workshop"),
        ("Date", 1.0, "2025-03-04"),
        ("Audience", 1.6, "Platform team"),
        ("Notes", 3.0, "Confirm CI/CD pain points"),
    ),
    "risks": (
        ("Risk", 3.0, "Security review may slip the decision"),
        ("Severity", 0.9, "High"),
        ("Mitigation", 3.2, "Start the questionnaire early"),
        ("Owner", 1.1, "SA"),
    ),
}
"""Each template table: (header, relative width, sample body text) per column."""

AREA_LABELS: Final[dict[tuple[str, str], str]] = {
    ("business_outcomes", "needs"): "Critical business needs and desired outcomes",
    ("business_outcomes", "mappings"): "Actions and features → initiatives → value drivers",
    ("architecture", "current"): "Current state architecture",
    ("architecture", "proposed"): "Proposed state architecture",
    ("stakeholders", "gaps"): "Relationship gaps: roles with no contact yet",
    ("win_plan", "timeline"): "Timeline of completed and planned activities",
}


def _rgb(hex_colour: str) -> dict[str, float]:
    value = hex_colour.lstrip("#")
    red, green, blue = (int(value[i : i + 2], 16) / 255 for i in (0, 2, 4))
    return {"red": round(red, 6), "green": round(green, 6), "blue": round(blue, 6)}


def _solid(hex_colour: str) -> dict[str, Any]:
    return {"color": {"rgbColor": _rgb(hex_colour)}, "alpha": 1}


def _element(page_id: str, x: int, y: int, width: int, height: int) -> dict[str, Any]:
    return {
        "pageObjectId": page_id,
        "size": {"width": dimension(width), "height": dimension(height)},
        "transform": {
            "scaleX": 1,
            "scaleY": 1,
            "shearX": 0,
            "shearY": 0,
            "translateX": x,
            "translateY": y,
            "unit": "EMU",
        },
    }


def _text_style(
    hex_colour: str, size_pt: float, *, bold: bool = False, italic: bool = False
) -> tuple[dict[str, Any], str]:
    style = {
        "fontFamily": FONT,
        "fontSize": {"magnitude": size_pt, "unit": "PT"},
        "bold": bold,
        "italic": italic,
        "foregroundColor": {"opaqueColor": {"rgbColor": _rgb(hex_colour)}},
    }
    return style, "fontFamily,fontSize,bold,italic,foregroundColor"


class _Designer:
    """Collects the requests that draw the template, slide by slide."""

    def __init__(self) -> None:
        self.requests: list[Request] = []

    def slide(self, role: str) -> str:
        page_id = f"tpl_{role}"
        self.requests.append(
            {
                "createSlide": {
                    "objectId": page_id,
                    "insertionIndex": len([r for r in self.requests if "createSlide" in r]),
                    "slideLayoutReference": {"predefinedLayout": "BLANK"},
                }
            }
        )
        return page_id

    def rectangle(
        self,
        object_id: str,
        page_id: str,
        box: tuple[int, int, int, int],
        fill: str,
        shape_type: str = "RECTANGLE",
    ) -> None:
        self.requests.append(
            {
                "createShape": {
                    "objectId": object_id,
                    "shapeType": shape_type,
                    "elementProperties": _element(page_id, *box),
                }
            }
        )
        self.requests.append(
            {
                "updateShapeProperties": {
                    "objectId": object_id,
                    "shapeProperties": {
                        "shapeBackgroundFill": {"solidFill": _solid(fill)},
                        "outline": {"propertyState": "NOT_RENDERED"},
                    },
                    "fields": "shapeBackgroundFill.solidFill,outline.propertyState",
                }
            }
        )

    def text_box(
        self,
        object_id: str,
        page_id: str,
        box: tuple[int, int, int, int],
        text: str,
        style: tuple[dict[str, Any], str],
        *,
        alignment: str = "START",
        anchor: str = "TOP",
    ) -> None:
        self.requests.append(
            {
                "createShape": {
                    "objectId": object_id,
                    "shapeType": "TEXT_BOX",
                    "elementProperties": _element(page_id, *box),
                }
            }
        )
        self.requests.append(
            {
                "updateShapeProperties": {
                    "objectId": object_id,
                    "shapeProperties": {"contentAlignment": anchor},
                    "fields": "contentAlignment",
                }
            }
        )
        self._text(object_id, text, style, alignment)

    def _text(
        self,
        object_id: str,
        text: str,
        style: tuple[dict[str, Any], str],
        alignment: str,
        cell: tuple[int, int] | None = None,
    ) -> None:
        location = (
            {} if cell is None else {"cellLocation": {"rowIndex": cell[0], "columnIndex": cell[1]}}
        )
        self.requests.append(
            {"insertText": {"objectId": object_id, **location, "text": text, "insertionIndex": 0}}
        )
        self.requests.append(
            {
                "updateTextStyle": {
                    "objectId": object_id,
                    **location,
                    "textRange": {"type": "ALL"},
                    "style": style[0],
                    "fields": style[1],
                }
            }
        )
        self.requests.append(
            {
                "updateParagraphStyle": {
                    "objectId": object_id,
                    **location,
                    "textRange": {"type": "ALL"},
                    "style": {"alignment": alignment},
                    "fields": "alignment",
                }
            }
        )

    def tag(self, object_id: str, role: str, region: str) -> None:
        self.requests.append(
            {
                "updatePageElementAltText": {
                    "objectId": object_id,
                    "title": f"{role}.{region}",
                    "description": tag_text(role, region),
                }
            }
        )

    def area(self, page_id: str, role: str, region: str, box: tuple[int, int, int, int]) -> None:
        object_id = f"tpl_{role}_{region}"
        self.requests.append(
            {
                "createShape": {
                    "objectId": object_id,
                    "shapeType": "RECTANGLE",
                    "elementProperties": _element(page_id, *box),
                }
            }
        )
        self.requests.append(
            {
                "updateShapeProperties": {
                    "objectId": object_id,
                    "shapeProperties": {
                        "shapeBackgroundFill": {"solidFill": _solid(AREA_FILL)},
                        "outline": {
                            "outlineFill": {"solidFill": _solid(AREA_OUTLINE)},
                            "weight": dimension(pt(1)),
                            "dashStyle": "DASH",
                        },
                        "contentAlignment": "MIDDLE",
                    },
                    "fields": (
                        "shapeBackgroundFill.solidFill,outline.outlineFill.solidFill,"
                        "outline.weight,outline.dashStyle,contentAlignment"
                    ),
                }
            }
        )
        label = f"{AREA_LABELS[(role, region)]}\n{tag_text(role, region)}"
        self._text(object_id, label, _text_style(AREA_LABEL, 10, italic=True), "CENTER")
        self.tag(object_id, role, region)

    def table(self, page_id: str, role: str, top: int) -> None:
        object_id = f"tpl_{role}_table"
        columns = TABLE_COLUMNS[role]
        self.requests.append(
            {
                "createTable": {
                    "objectId": object_id,
                    "elementProperties": _element(page_id, MARGIN, top, CONTENT_WIDTH, inches(0.8)),
                    "rows": 2,
                    "columns": len(columns),
                }
            }
        )
        total = sum(weight for _, weight, _ in columns)
        widths = [round(CONTENT_WIDTH * weight / total) for _, weight, _ in columns]
        widths[-1] = CONTENT_WIDTH - sum(widths[:-1])
        for index, width in enumerate(widths):
            self.requests.append(
                {
                    "updateTableColumnProperties": {
                        "objectId": object_id,
                        "columnIndices": [index],
                        "tableColumnProperties": {"columnWidth": dimension(width)},
                        "fields": "columnWidth",
                    }
                }
            )
        self.requests.append(
            {
                "updateTableRowProperties": {
                    "objectId": object_id,
                    "rowIndices": [0, 1],
                    "tableRowProperties": {"minRowHeight": dimension(inches(0.36))},
                    "fields": "minRowHeight",
                }
            }
        )
        for row, fill in ((0, PRIMARY), (1, WHITE)):
            self.requests.append(
                {
                    "updateTableCellProperties": {
                        "objectId": object_id,
                        "tableRange": {
                            "location": {"rowIndex": row, "columnIndex": 0},
                            "rowSpan": 1,
                            "columnSpan": len(columns),
                        },
                        "tableCellProperties": {
                            "tableCellBackgroundFill": {"solidFill": _solid(fill)},
                            "contentAlignment": "MIDDLE",
                        },
                        "fields": "tableCellBackgroundFill.solidFill,contentAlignment",
                    }
                }
            )
        whole = {
            "location": {"rowIndex": 0, "columnIndex": 0},
            "rowSpan": 2,
            "columnSpan": len(columns),
        }
        # Horizontal rules only: vertical borders vanish into white, except as
        # thin white gaps between the header cells.
        for position, colour, weight in (
            ("ALL", RULE, 0.75),
            ("INNER_VERTICAL", WHITE, 1.0),
            ("LEFT", WHITE, 1.0),
            ("RIGHT", WHITE, 1.0),
        ):
            self.requests.append(
                {
                    "updateTableBorderProperties": {
                        "objectId": object_id,
                        "tableRange": whole,
                        "borderPosition": position,
                        "tableBorderProperties": {
                            "tableBorderFill": {"solidFill": _solid(colour)},
                            "weight": dimension(pt(weight)),
                            "dashStyle": "SOLID",
                        },
                        "fields": "tableBorderFill.solidFill,weight,dashStyle",
                    }
                }
            )
        for column, (header, _, sample) in enumerate(columns):
            self._text(
                object_id, header, _text_style(WHITE, 11, bold=True), "START", cell=(0, column)
            )
            self._text(object_id, sample, _text_style(TEXT, 10), "START", cell=(1, column))
        self.tag(object_id, role, "table")

    def heading(self, page_id: str, role: str) -> None:
        object_id = f"tpl_{role}_heading"
        self.text_box(
            object_id,
            page_id,
            (MARGIN - TEXT_INSET, inches(0.22), CONTENT_WIDTH + 2 * TEXT_INSET, inches(0.62)),
            BY_ROLE[role].title,
            _text_style(PRIMARY, 24, bold=True),
            anchor="BOTTOM",
        )
        self.tag(object_id, role, "heading")
        self.rectangle(
            f"tpl_{role}_accent", page_id, (MARGIN, inches(0.9), inches(0.6), pt(3.5)), ACCENT
        )

    def footer(self, page_id: str, role: str, *, on_primary: bool = False) -> None:
        rule_top = inches(5.12)
        if not on_primary:
            self.rectangle(
                f"tpl_{role}_footer_rule",
                page_id,
                (MARGIN, rule_top, CONTENT_WIDTH, pt(0.75)),
                RULE,
            )
        self.text_box(
            f"tpl_{role}_footer",
            page_id,
            (MARGIN - TEXT_INSET, rule_top + pt(2), inches(5), inches(0.36)),
            FOOTER_TEXT,
            _text_style(MUTED, 8),
            anchor="MIDDLE",
        )
        # The slide-number area: a small marker a designer can put a number into.
        marker = inches(0.14)
        self.rectangle(
            f"tpl_{role}_page_marker",
            page_id,
            (
                PAGE_WIDTH - MARGIN - marker,
                rule_top + pt(2) + (inches(0.36) - marker) // 2,
                marker,
                marker,
            ),
            PRIMARY,
        )


def _title_slide(designer: _Designer) -> None:
    page_id = designer.slide("title")
    band_height = inches(3.6)
    designer.rectangle("tpl_title_band", page_id, (0, 0, PAGE_WIDTH, band_height), PRIMARY)
    designer.rectangle("tpl_title_band_edge", page_id, (0, band_height, PAGE_WIDTH, pt(4)), ACCENT)
    text_x, text_width = MARGIN - TEXT_INSET, CONTENT_WIDTH + 2 * TEXT_INSET
    designer.text_box(
        "tpl_title_kicker",
        page_id,
        (text_x, inches(0.5), text_width, inches(0.4)),
        "TECHNICAL OPPORTUNITY PLAN",
        _text_style(ON_PRIMARY_KICKER, 11, bold=True),
        anchor="BOTTOM",
    )
    designer.rectangle(
        "tpl_title_accent", page_id, (MARGIN, inches(0.98), inches(0.6), pt(3.5)), ACCENT
    )
    regions = (
        (
            "customer",
            (text_x, inches(1.15), text_width, inches(1.05)),
            "Customer name",
            _text_style(WHITE, 36, bold=True),
            "MIDDLE",
        ),
        (
            "opportunity",
            (text_x, inches(2.25), text_width, inches(0.95)),
            "Opportunity: what we are here to win",
            _text_style(ON_PRIMARY_SOFT, 18),
            "TOP",
        ),
        (
            "meta",
            (text_x, inches(3.9), text_width, inches(0.5)),
            "Prepared by Solutions Architect · date",
            _text_style(MUTED, 12),
            "MIDDLE",
        ),
    )
    for region, box, sample, style, anchor in regions:
        object_id = f"tpl_title_{region}"
        designer.text_box(object_id, page_id, box, sample, style, anchor=anchor)
        designer.tag(object_id, "title", region)
    designer.footer(page_id, "title", on_primary=False)


def _two_areas(
    designer: _Designer, role: str, left: str, right: str, left_share: float, gap: int
) -> None:
    page_id = designer.slide(role)
    designer.heading(page_id, role)
    height = CONTENT_BOTTOM - CONTENT_TOP
    left_width = round((CONTENT_WIDTH - gap) * left_share)
    right_width = CONTENT_WIDTH - gap - left_width
    designer.area(page_id, role, left, (MARGIN, CONTENT_TOP, left_width, height))
    designer.area(
        page_id, role, right, (MARGIN + left_width + gap, CONTENT_TOP, right_width, height)
    )
    designer.footer(page_id, role)


def _stakeholders(designer: _Designer) -> None:
    page_id = designer.slide("stakeholders")
    designer.heading(page_id, "stakeholders")
    designer.table(page_id, "stakeholders", CONTENT_TOP)
    gaps_height = inches(0.8)
    designer.area(
        page_id,
        "stakeholders",
        "gaps",
        (MARGIN, CONTENT_BOTTOM - gaps_height, CONTENT_WIDTH, gaps_height),
    )
    designer.footer(page_id, "stakeholders")


def _win_plan(designer: _Designer) -> None:
    page_id = designer.slide("win_plan")
    designer.heading(page_id, "win_plan")
    timeline_height = inches(1.2)
    designer.area(
        page_id, "win_plan", "timeline", (MARGIN, CONTENT_TOP, CONTENT_WIDTH, timeline_height)
    )
    designer.table(page_id, "win_plan", CONTENT_TOP + timeline_height + inches(0.2))
    designer.footer(page_id, "win_plan")


def _risks(designer: _Designer) -> None:
    page_id = designer.slide("risks")
    designer.heading(page_id, "risks")
    designer.table(page_id, "risks", CONTENT_TOP)
    designer.footer(page_id, "risks")


def template_requests() -> list[Request]:
    """Return the requests that draw the default template's prototype slides."""
    designer = _Designer()
    _title_slide(designer)
    _two_areas(designer, "business_outcomes", "needs", "mappings", 0.4, inches(0.25))
    _two_areas(designer, "architecture", "current", "proposed", 0.5, inches(0.3))
    _stakeholders(designer)
    _win_plan(designer)
    _risks(designer)
    assert [r["createSlide"]["objectId"] for r in designer.requests if "createSlide" in r] == [
        f"tpl_{role}" for role in ROLES
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
    return {"colors": [{"type": name, "color": _rgb(value)} for name, value in named.items()]}


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
    white_background = {"pageBackgroundFill": {"solidFill": _solid(WHITE)}}
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
