"""Quality checks on a finished deck: bounds, overlaps, text fit and font sizes.

Runs on the presentation resource after the requests are applied and looks
only at generated content (``sgc`` IDs) on generated slides.

Two generated elements may overlap only when one is declared to belong to the
other, and builders declare that by naming:

``<container id>_<suffix>``
    lies inside the container: a timeline marker ``sgc1_wp_1_tl_m3`` inside
    the frame ``sgc1_wp_1_tl``, a diagram box ``…_zn_aws_bx_eks`` inside its
    zone ``…_zn_aws``. The inner element must lie within its container.
``<owner id>__<suffix>`` (two underscores)
    is attached to its owner: a pain-point badge ``…_bx_eks__pp`` straddling
    its box's corner. It must touch its owner and may stick out of it.

Overlaps are judged on what shows: a text box without fill or outline shows
only its text, so it counts by its ink area (the box less its text insets);
an empty one shows nothing. Lines are strokes (axes, ticks, connectors) and
may cross other elements. Everything else that overlaps is a finding, as is
anything leaving the slide, text taller than its box by the font metrics and
type below ``style.min_font_pt``. Connectors are judged by the diagram
measures (``slidegen.layout.diagram.measures.slide_faults``): no diagonal, no
ambiguous shared stretch, nothing run through, labels beside their line.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from slidegen.config import Config
from slidegen.layout import ids
from slidegen.layout import text as metrics
from slidegen.layout.context import Box
from slidegen.layout.diagram.measures import slide_faults
from slidegen.layout.template import element_box, walk_elements
from slidegen.units import EMU_PER_PT, magnitude_emu, pt

TOLERANCE = 1_000
"""EMU of slack for rounding when comparing boxes (well under a pixel)."""

ATTACHED = "__"
"""Separates an attached element's suffix from its owner's ID."""


@dataclass(frozen=True)
class Finding:
    """One problem on one slide."""

    slide_id: str
    object_id: str
    kind: str
    message: str

    def __str__(self) -> str:
        return f"{self.slide_id}/{self.object_id}: {self.kind}: {self.message}"


@dataclass(frozen=True)
class _Paragraph:
    text: str
    font_pt: float
    bold: bool


def _paragraphs(text: dict[str, Any] | None, default_pt: float) -> list[_Paragraph]:
    """Return the paragraphs of a TextContent with their largest size and boldness."""
    paragraphs: list[_Paragraph] = []
    content, bold = "", False
    sizes: list[float] = []
    for element in (text or {}).get("textElements", []):
        if "paragraphMarker" in element and content:
            paragraphs.append(_Paragraph(content, max(sizes or [default_pt]), bold))
            content, sizes, bold = "", [], False
        run = element.get("textRun") or element.get("autoText")
        if run is None:
            continue
        content += run.get("content", "")
        style = run.get("style") or {}
        if style.get("fontSize"):
            sizes.append(magnitude_emu(style["fontSize"]) / EMU_PER_PT)
        bold = bold or bool(style.get("bold"))
    if content:
        paragraphs.append(_Paragraph(content, max(sizes or [default_pt]), bold))
    return [
        _Paragraph(p.text[:-1] if p.text.endswith("\n") else p.text, p.font_pt, p.bold)
        for p in paragraphs
    ]


def _font_sizes(text: dict[str, Any] | None) -> list[float]:
    sizes = []
    for element in (text or {}).get("textElements", []):
        run = element.get("textRun")
        if run and run.get("content", "").strip() and (run.get("style") or {}).get("fontSize"):
            sizes.append(magnitude_emu(run["style"]["fontSize"]) / EMU_PER_PT)
    return sizes


def needed_height(text: dict[str, Any] | None, width: int, default_pt: float) -> int:
    """Return the height text needs in a box of `width`, insets included (0 when empty)."""
    paragraphs = _paragraphs(text, default_pt)
    if not any(p.text for p in paragraphs):
        return 0
    inner = max(1, width - 2 * metrics.INSET_X)
    height = sum(
        len(metrics.wrap(p.text, inner, p.font_pt, p.bold)) * metrics.line_height(p.font_pt)
        for p in paragraphs
    )
    return height + 2 * metrics.INSET_Y


def inside_id(container_id: str, suffix: str) -> str:
    """Return the ID declaring an element inside `container_id`."""
    return _declared(container_id, "_", suffix)


def attached_id(owner_id: str, suffix: str) -> str:
    """Return the ID declaring an element attached to `owner_id` (it may stick out)."""
    return _declared(owner_id, ATTACHED, suffix)


def _declared(outer_id: str, separator: str, suffix: str) -> str:
    object_id = f"{outer_id}{separator}{suffix}"
    if not ids.is_valid_object_id(object_id):
        raise ValueError(f"{object_id!r} is not a valid object ID")
    return object_id


def _declared_attached(inner_id: str, outer_id: str) -> bool:
    return inner_id.startswith(outer_id + ATTACHED)


def _declared_inside(inner_id: str, outer_id: str) -> bool:
    return inner_id.startswith(outer_id + "_") and not _declared_attached(inner_id, outer_id)


def text_ink(box: Box) -> Box:
    """Return the part of a transparent text box its text can cover: the box less its insets.

    A point of each inset is given up, since renderers place text slightly differently.
    """
    return box.inset(metrics.INSET_X - pt(1), metrics.INSET_Y - pt(1))


def _shows_only_text(shape: dict[str, Any]) -> bool:
    """Return True when a shape has neither fill nor outline.

    Setting a colour makes the Slides API render the fill (or outline) unless
    the same request says otherwise, so a colour counts as shown whatever the
    recorded state says.
    """
    properties = shape.get("shapeProperties") or {}
    fill = properties.get("shapeBackgroundFill") or {}
    outline = properties.get("outline") or {}
    return (
        fill.get("propertyState") == "NOT_RENDERED"
        and "solidFill" not in fill
        and outline.get("propertyState") == "NOT_RENDERED"
        and "outlineFill" not in outline
    )


def _visible_box(element: dict[str, Any], box: Box) -> Box | None:
    """Return the area an element shows on the slide, or None when it shows nothing."""
    shape = element.get("shape")
    if shape is None or not _shows_only_text(shape):
        return box
    if not any(p.text.strip() for p in _paragraphs(shape.get("text"), 0.0)):
        return None
    return text_ink(box)


def check_deck(presentation: dict[str, Any], config: Config) -> list[Finding]:
    """Return every problem found on the generated slides of `presentation`."""
    size = presentation.get("pageSize") or {}
    page = Box(
        0, 0, round(magnitude_emu(size.get("width"))), round(magnitude_emu(size.get("height")))
    )
    findings: list[Finding] = []
    for slide in presentation.get("slides", []) or []:
        parsed = ids.parse_generated(slide["objectId"])
        if parsed is None or parsed.kind != ids.SLIDE:
            continue
        findings.extend(_check_slide(slide, page, config))
    return findings


def _check_slide(slide: dict[str, Any], page: Box, config: Config) -> list[Finding]:
    slide_id = slide["objectId"]
    findings: list[Finding] = []
    min_pt = config.style.min_font_pt
    boxes: list[tuple[str, Box]] = []
    for element in walk_elements(slide.get("pageElements", []) or []):
        object_id = element["objectId"]
        parsed = ids.parse_generated(object_id)
        if parsed is None or parsed.kind != ids.CONTENT:
            continue
        box = element_box(element)
        if not page.contains(box, TOLERANCE):
            findings.append(Finding(slide_id, object_id, "outside", f"{box} leaves the slide"))
        shape = element.get("shape")
        table = element.get("table")
        if shape is not None:
            findings.extend(_check_text(slide_id, object_id, shape.get("text"), box, min_pt))
        if table is not None:
            findings.extend(_check_table(slide_id, object_id, table, min_pt))
        if "line" not in element and "elementGroup" not in element:
            visible = _visible_box(element, box)
            if visible is not None:
                boxes.append((object_id, visible))
    for index, (first_id, first) in enumerate(boxes):
        for second_id, second in boxes[index + 1 :]:
            findings.extend(_check_pair(slide_id, first_id, first, second_id, second))
    findings += [Finding(slide_id, *fault) for fault in slide_faults(slide)]
    return findings


def _check_pair(
    slide_id: str, first_id: str, first: Box, second_id: str, second: Box
) -> list[Finding]:
    for outer_id, outer, inner_id, inner in (
        (first_id, first, second_id, second),
        (second_id, second, first_id, first),
    ):
        if _declared_attached(inner_id, outer_id):
            if outer.overlaps(inner):
                return []
            return [Finding(slide_id, inner_id, "detached", f"is attached to {outer_id} but apart")]
        if _declared_inside(inner_id, outer_id):
            if outer.contains(inner, TOLERANCE):
                return []
            return [
                Finding(slide_id, inner_id, "escapes", f"is declared inside {outer_id} but is not")
            ]
    shrunk = Box(
        first.x + TOLERANCE,
        first.y + TOLERANCE,
        first.width - 2 * TOLERANCE,
        first.height - 2 * TOLERANCE,
    )
    if shrunk.width > 0 and shrunk.height > 0 and shrunk.overlaps(second):
        return [Finding(slide_id, first_id, "overlap", f"overlaps {second_id}")]
    return []


def _check_text(
    slide_id: str, object_id: str, text: dict[str, Any] | None, box: Box, min_pt: float
) -> list[Finding]:
    findings = []
    needed = needed_height(text, box.width, min_pt)
    if needed > box.height + TOLERANCE:
        findings.append(
            Finding(
                slide_id,
                object_id,
                "overflow",
                f"text needs {needed} EMU but the box is {box.height} EMU tall",
            )
        )
    small = [size for size in _font_sizes(text) if size < min_pt - 1e-6]
    if small:
        findings.append(
            Finding(slide_id, object_id, "small-font", f"{min(small)} pt is below {min_pt} pt")
        )
    return findings


def _check_table(
    slide_id: str, object_id: str, table: dict[str, Any], min_pt: float
) -> list[Finding]:
    findings = []
    widths = [round(magnitude_emu(c.get("columnWidth"))) for c in table.get("tableColumns", [])]
    for row_index, row in enumerate(table.get("tableRows", [])):
        height = round(magnitude_emu(row.get("rowHeight")))
        for column_index, cell in enumerate(row.get("tableCells", [])):
            where = f"{object_id}[{row_index},{column_index}]"
            span = cell.get("columnSpan", 1)
            width = sum(widths[column_index : column_index + span])
            needed = needed_height(cell.get("text"), width, min_pt)
            if needed > height + TOLERANCE:
                findings.append(
                    Finding(
                        slide_id,
                        where,
                        "overflow",
                        f"cell text needs {needed} EMU but the row is {height} EMU tall",
                    )
                )
            small = [s for s in _font_sizes(cell.get("text")) if s < min_pt - 1e-6]
            if small:
                findings.append(
                    Finding(slide_id, where, "small-font", f"{min(small)} pt is below {min_pt} pt")
                )
    return findings
