"""The kit the default template is drawn with: its palette, grid and a request-collecting designer.

Each slide type draws its own prototype slide with a `Designer` (see the
``design`` function of each module in ``slidegen.layout.slides``);
``slidegen.templates.design`` puts them together and stores the result.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, Final

from slidegen.request import Request
from slidegen.tags import tag_text
from slidegen.units import dimension, inches, pt

PAGE_WIDTH: Final = 9_144_000
PAGE_HEIGHT: Final = 5_143_500
MARGIN: Final = inches(0.4)
CONTENT_WIDTH: Final = PAGE_WIDTH - 2 * MARGIN
CONTENT_TOP: Final = inches(1.02)
CONTENT_BOTTOM: Final = inches(5.08)
FOOTER_TOP: Final = inches(5.2)
"""Top of the footer rule; the footer region sits just below it."""
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

FOOTER_TEXT: Final = "Customer name · Technical Opportunity Plan · slide number"


TableColumn = tuple[str, float, str]
"""One column of a template table: header, relative width, sample body text."""


def rgb(hex_colour: str) -> dict[str, float]:
    """Return the Slides RgbColor of `hex_colour` (``#RRGGBB``)."""
    value = hex_colour.lstrip("#")
    red, green, blue = (int(value[i : i + 2], 16) / 255 for i in (0, 2, 4))
    return {"red": round(red, 6), "green": round(green, 6), "blue": round(blue, 6)}


def solid(hex_colour: str) -> dict[str, Any]:
    """Return an opaque SolidFill of `hex_colour`."""
    return {"color": {"rgbColor": rgb(hex_colour)}, "alpha": 1}


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


def text_style(
    hex_colour: str, size_pt: float, *, bold: bool = False, italic: bool = False
) -> tuple[dict[str, Any], str]:
    """Return a template text style and its field mask, in the template's font."""
    style = {
        "fontFamily": FONT,
        "fontSize": {"magnitude": size_pt, "unit": "PT"},
        "bold": bold,
        "italic": italic,
        "foregroundColor": {"opaqueColor": {"rgbColor": rgb(hex_colour)}},
    }
    return style, "fontFamily,fontSize,bold,italic,foregroundColor"


class Designer:
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
                        "shapeBackgroundFill": {"solidFill": solid(fill)},
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

    def area(
        self, page_id: str, role: str, region: str, box: tuple[int, int, int, int], label: str
    ) -> None:
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
                        "shapeBackgroundFill": {"solidFill": solid(AREA_FILL)},
                        "outline": {
                            "outlineFill": {"solidFill": solid(AREA_OUTLINE)},
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
        text = f"{label}\n{tag_text(role, region)}"
        self._text(object_id, text, text_style(AREA_LABEL, 10, italic=True), "CENTER")
        self.tag(object_id, role, region)

    def table(self, page_id: str, role: str, top: int, columns: Sequence[TableColumn]) -> None:
        object_id = f"tpl_{role}_table"
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
                            "tableCellBackgroundFill": {"solidFill": solid(fill)},
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
                            "tableBorderFill": {"solidFill": solid(colour)},
                            "weight": dimension(pt(weight)),
                            "dashStyle": "SOLID",
                        },
                        "fields": "tableBorderFill.solidFill,weight,dashStyle",
                    }
                }
            )
        for column, (header, _, sample) in enumerate(columns):
            self._text(
                object_id, header, text_style(WHITE, 11, bold=True), "START", cell=(0, column)
            )
            self._text(object_id, sample, text_style(TEXT, 10), "START", cell=(1, column))
        self.tag(object_id, role, "table")

    def heading(self, page_id: str, role: str, title: str) -> None:
        object_id = f"tpl_{role}_heading"
        self.text_box(
            object_id,
            page_id,
            (MARGIN - TEXT_INSET, inches(0.22), CONTENT_WIDTH + 2 * TEXT_INSET, inches(0.62)),
            title,
            text_style(PRIMARY, 24, bold=True),
            anchor="BOTTOM",
        )
        self.tag(object_id, role, "heading")
        self.rectangle(
            f"tpl_{role}_accent", page_id, (MARGIN, inches(0.9), inches(0.6), pt(3.5)), ACCENT
        )

    def footer(self, page_id: str, role: str, *, on_primary: bool = False) -> None:
        if not on_primary:
            self.rectangle(
                f"tpl_{role}_footer_rule",
                page_id,
                (MARGIN, FOOTER_TOP, CONTENT_WIDTH, pt(0.75)),
                RULE,
            )
        # The footer region: the generator writes the customer's name at its
        # start and the slide number at its end, in this box's text style.
        object_id = f"tpl_{role}_footer"
        self.text_box(
            object_id,
            page_id,
            (MARGIN - TEXT_INSET, FOOTER_TOP + pt(2), CONTENT_WIDTH + 2 * TEXT_INSET, inches(0.36)),
            FOOTER_TEXT,
            text_style(MUTED, 8),
            anchor="MIDDLE",
        )
        self.tag(object_id, role, "footer")

    def two_areas(
        self,
        role: str,
        title: str,
        left: tuple[str, str],
        right: tuple[str, str],
        left_share: float,
        gap: int,
    ) -> None:
        """Draw a slide of two side-by-side area regions, each (region, label), under a heading."""
        page_id = self.slide(role)
        self.heading(page_id, role, title)
        height = CONTENT_BOTTOM - CONTENT_TOP
        left_width = round((CONTENT_WIDTH - gap) * left_share)
        right_width = CONTENT_WIDTH - gap - left_width
        self.area(page_id, role, left[0], (MARGIN, CONTENT_TOP, left_width, height), left[1])
        self.area(
            page_id,
            role,
            right[0],
            (MARGIN + left_width + gap, CONTENT_TOP, right_width, height),
            right[1],
        )
        self.footer(page_id, role)
