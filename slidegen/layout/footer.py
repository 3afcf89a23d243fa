"""The footer of every generated slide: the customer's name and the slide's number.

A template marks where the footer goes with an optional ``slidegen:ROLE.footer``
region on a prototype slide, a text box whose text style the footer takes. A
designer moves or restyles it like any other region; a prototype without one
gets no footer. Numbers count the slides of the finished deck in order; the
Slides API cannot insert a slide-number field, so a slide moved by hand keeps
its number until the next run.
"""

from __future__ import annotations

from dataclasses import replace

from slidegen.layout import text as metrics
from slidegen.layout.blocks import fitted_text
from slidegen.layout.context import Box, Region, Request
from slidegen.layout.shapes import BoxStyle
from slidegen.layout.tables import width_for
from slidegen.units import pt

FOOTER_REGION = "footer"
DOCUMENT_TITLE = "Technical Opportunity Plan"
NUMBER_GAP = pt(6)


def footer_label(customer: str) -> str:
    """Return the footer's words, the customer's name isolated so it cannot reorder them."""
    return f"{metrics.isolate(customer)} · {DOCUMENT_TITLE}"


def footer_requests(
    region: Region,
    page_id: str,
    object_id: str,
    customer: str,
    number: int,
    min_pt: float,
    page_height: int,
) -> list[Request]:
    """Return the footer of one slide: the label at the region's start, the number at its end."""
    style = replace(region.text, font_pt=max(region.text.font_pt, min_pt))
    label = footer_label(customer)
    box = _grown(region.box, label, style.font_pt, page_height)
    digits = str(number)
    number_width = min(
        box.width // 3,
        width_for(metrics.text_width(digits, style.font_pt, style.bold, style.font_family)),
    )
    number_box = Box(box.right - number_width, box.y, number_width, box.height)
    label_box = Box(box.x, box.y, max(1, number_box.x - NUMBER_GAP - box.x), box.height)
    requests = fitted_text(
        object_id,
        page_id,
        label_box,
        label,
        BoxStyle(replace(style, alignment="START"), vertical="MIDDLE"),
        min_pt,
    ).requests
    requests += fitted_text(
        f"{object_id}-number",
        page_id,
        number_box,
        digits,
        BoxStyle(replace(style, alignment="END"), vertical="MIDDLE"),
        min_pt,
    ).requests
    return requests


def _grown(box: Box, label: str, font_pt: float, page_height: int) -> Box:
    """Return `box` made as tall as a line of `label` needs, growing evenly about its middle.

    A customer's name in an East Asian script sets a taller line than the
    region may have been drawn for; the footer stays centred where it was,
    unless that takes it past the page's foot: then it grows upwards from there.
    """
    needed = metrics.line_height_for(label, font_pt) + 2 * metrics.INSET_Y
    if needed <= box.height:
        return box
    grow = needed - box.height
    top = min(box.y - grow // 2, max(0, page_height - needed))
    return Box(box.x, top, box.width, needed)
