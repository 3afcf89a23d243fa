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
type below ``style.min_font_pt``, except in the diagrams of a state on slides
of its own (drawn whole, or its overview and detail slides) at the smaller type
its size allows (``slidegen.layout.diagram.small_type``). Connectors are judged
by the diagram measures (``slidegen.layout.diagram.measures.slide_faults``): no
diagonal, no ambiguous shared stretch, nothing run through, labels beside their
line.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from typing import Any, Final

from slidegen.config import Config
from slidegen.errors import TemplateError
from slidegen.layout import ids
from slidegen.layout import text as metrics
from slidegen.layout.context import Box
from slidegen.layout.diagram.measures import slide_faults
from slidegen.layout.diagram.small_type import smallest_type
from slidegen.layout.slides import SLIDE_TYPES
from slidegen.layout.tables import MIN_FILL, Column
from slidegen.layout.template import (
    GAP_ABOVE_NEXT,
    TEXT_REGIONS,
    element_box,
    read_template,
    walk_elements,
)
from slidegen.units import EMU_PER_PT, magnitude_emu, pt

TOLERANCE = 1_000
"""EMU of slack for rounding when comparing boxes (well under a pixel)."""

ATTACHED = "__"
"""Separates an attached element's suffix from its owner's ID."""

DIAGRAM_ELEMENT: Final = re.compile(r"^sgc\d+_[^_]+_\d+_((?:cur|pro)\d*)_(?:zn|bx|lb|sb)_")
"""A diagram's zone, box, badge, connector label or stub; its state's key (a part's: "cur2")."""
LEGEND_PART: Final = "_lg_"
"""Marks a legend's card, samples and words, which may lie inside a zone."""
LEGEND_BADGE: Final = re.compile(r"^sgc\d+_[^_]+_\d+_((?:cur|pro)\d*)_(?:.+_)?lg_pain_s$")
"""A legend's sample pain badge, drawn at its diagram's badge size; its diagram's key."""
COMPONENT_BOX: Final = re.compile(r"_bx_[A-Za-z0-9-]+$")
"""A component's box (not its badge)."""


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
    family: str | None = None
    direction: str | None = None
    spacing: float = 1.0
    """Line spacing (1.0 = 100 %)."""


def _paragraphs(text: dict[str, Any] | None, default_pt: float) -> list[_Paragraph]:
    """Return the paragraphs of a TextContent: size, boldness, family, direction, spacing."""
    paragraphs: list[_Paragraph] = []
    content, bold = "", False
    family: str | None = None
    direction: str | None = None
    spacing = 1.0
    sizes: list[float] = []

    def flush() -> None:
        size = max(sizes or [default_pt])
        paragraphs.append(_Paragraph(content, size, bold, family, direction, spacing))

    for element in (text or {}).get("textElements", []):
        marker = element.get("paragraphMarker")
        if marker is not None:
            if content:
                flush()
                content, sizes, bold, family = "", [], False, None
            direction = (marker.get("style") or {}).get("direction")
            spacing = (marker.get("style") or {}).get("lineSpacing", 100) / 100
        run = element.get("textRun") or element.get("autoText")
        if run is None:
            continue
        content += run.get("content", "")
        style = run.get("style") or {}
        if style.get("fontSize"):
            sizes.append(magnitude_emu(style["fontSize"]) / EMU_PER_PT)
        bold = bold or bool(style.get("bold"))
        family = family or style.get("fontFamily")
    if content:
        flush()
    return [replace(p, text=p.text[:-1] if p.text.endswith("\n") else p.text) for p in paragraphs]


def word_splits(text: str, lines: list[str]) -> list[tuple[str, bool]]:
    """Return each place `lines` break `text` inside a word: the word, and whether it is ordinary.

    An ordinary word (no separators, no East Asian characters) must never be
    split. Breaks inside long tokens and East Asian text are returned too,
    flagged as not ordinary, since fixed-value columns allow neither.
    """
    marks: list[tuple[str, bool]] = []
    spaced = True
    for char in text:
        if char.isspace():
            spaced = True
            continue
        marks.append((char, spaced))
        spaced = False
    splits: list[tuple[str, bool]] = []
    position = 0
    for line in lines[:-1]:
        position += sum(1 for char in line if not char.isspace())
        if position <= 0 or position >= len(marks) or marks[position][1]:
            continue
        start = position
        while start > 0 and not marks[start][1]:
            start -= 1
        end = position
        while end < len(marks) and (end == position or not marks[end][1]):
            end += 1
        word = "".join(char for char, _ in marks[start:end])
        before, after = marks[position - 1][0], marks[position][0]
        opportunity = (
            before in metrics.BREAK_AFTER
            or before == metrics.SOFT_BREAK
            or metrics.is_wide(before)
            or metrics.is_wide(after)
        )
        # A long token (URL, identifier) may be cut anywhere as a last resort;
        # an ordinary word has no separators and no East Asian characters.
        token = metrics.may_break_inside(word)
        splits.append((word, not opportunity and not token))
    return splits


def _font_sizes(text: dict[str, Any] | None) -> list[float]:
    sizes = []
    for element in (text or {}).get("textElements", []):
        run = element.get("textRun")
        if run and run.get("content", "").strip() and (run.get("style") or {}).get("fontSize"):
            sizes.append(magnitude_emu(run["style"]["fontSize"]) / EMU_PER_PT)
    return sizes


def needed_height(
    text: dict[str, Any] | None,
    width: int,
    default_pt: float,
    *,
    cell: bool = False,
) -> int:
    """Return the height text needs in a box of `width`, insets included (0 when empty).

    Lines are as tall as the layout plans them: ``text.cell_line_height`` at
    the paragraph's line spacing in a table `cell`, ``text.line_height_for``
    in a box (both taller for East Asian text).
    """
    paragraphs = _paragraphs(text, default_pt)
    if not any(p.text for p in paragraphs):
        return 0
    inner = max(1, width - 2 * metrics.INSET_X)
    height = sum(
        len(metrics.wrap(p.text, inner, p.font_pt, p.bold, p.family))
        * (
            metrics.cell_line_height(p.text, p.font_pt, p.spacing)
            if cell
            else metrics.line_height_for(p.text, p.font_pt)
        )
        for p in paragraphs
    )
    return height + 2 * metrics.INSET_Y


def _check_words(
    slide_id: str,
    where: str,
    text: dict[str, Any] | None,
    width: int,
    min_pt: float,
    *,
    fixed_value: bool = False,
) -> list[Finding]:
    """Return words split across lines and right-to-left paragraphs laid out left to right.

    An ordinary word is never to be split. In a fixed-value column (a role,
    a status, a date) no word is to be split at all, unless it is a token
    longer than the column, which may break at its separators.
    """
    findings = []
    inner = max(1, width - 2 * metrics.INSET_X)
    for paragraph in _paragraphs(text, min_pt):
        lines = metrics.wrap(
            paragraph.text, inner, paragraph.font_pt, paragraph.bold, paragraph.family
        )
        for word, ordinary in word_splits(paragraph.text, lines):
            fits = (
                metrics.text_width(word, paragraph.font_pt, paragraph.bold, paragraph.family)
                <= inner * metrics.WIDTH_SAFETY
            )
            if ordinary:
                findings.append(Finding(slide_id, where, "split-word", f"'{word}' is split"))
            elif fixed_value and fits:
                findings.append(
                    Finding(slide_id, where, "split-fixed", f"'{word}' is split in a short column")
                )
        if metrics.is_right_to_left(paragraph.text) and paragraph.direction != "RIGHT_TO_LEFT":
            findings.append(
                Finding(
                    slide_id,
                    where,
                    "rtl",
                    f"'{paragraph.text[:30]}' is right-to-left text laid out left to right",
                )
            )
    return findings


def fixed_value_headers(*, unbroken: bool = False) -> frozenset[str]:
    """Return the headers of the generated tables' fixed-value columns (role, status, dates…).

    With `unbroken`, only those whose entries stay on one line (dates, numbers).
    """
    headers: set[str] = set()
    for slide_type in SLIDE_TYPES:
        for column in getattr(slide_type.module, "COLUMNS", ()):
            fixed = isinstance(column, Column) and not column.free_text
            if fixed and (column.unbroken or not unbroken):
                headers.add(column.header)
    return frozenset(headers)


def _broken_entry(
    slide_id: str, where: str, text: dict[str, Any] | None, width: int, min_pt: float
) -> list[Finding]:
    """Return a finding when an entry of a one-line column wraps onto more lines."""
    inner = max(1, width - 2 * metrics.INSET_X)
    for paragraph in _paragraphs(text, min_pt):
        lines = metrics.wrap(
            paragraph.text, inner, paragraph.font_pt, paragraph.bold, paragraph.family
        )
        if len(lines) > 1:
            return [
                Finding(
                    slide_id,
                    where,
                    "split-fixed",
                    f"'{paragraph.text}' takes {len(lines)} lines in a one-line column",
                )
            ]
    return []


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
    generated = [
        slide
        for slide in presentation.get("slides", []) or []
        if (parsed := ids.parse_generated(slide["objectId"])) is not None
        and parsed.kind == ids.SLIDE
    ]
    components = _state_components(generated)
    for slide in generated:
        findings.extend(_check_slide(slide, page, config, components))
    for fill in table_fill(presentation):
        if fill.page < fill.pages - 1 and fill.fill < MIN_FILL and fill.next_row_fits:
            findings.append(
                Finding(
                    fill.slide_id,
                    fill.table_id,
                    "sparse",
                    f"page {fill.page + 1} of {fill.pages} is {fill.fill:.0%} full "
                    "while the next page's first row would fit",
                )
            )
    return findings


@dataclass(frozen=True)
class PageFill:
    """How full one page of a table continued over several slides is."""

    slide_id: str
    table_id: str
    role: str
    page: int
    """0-based among the role's slides."""
    pages: int
    fill: float
    """Body rows' height over the room the page has for them."""
    next_row_fits: bool
    """Whether the next page's first row would have fitted in what this page leaves."""


def table_fill(presentation: dict[str, Any]) -> list[PageFill]:
    """Return the fill of every page of every generated table, read from the finished deck.

    A page's room runs from its table's top to the lowest bottom of the
    role's area and table regions under it (not the footer), cut short by
    any other generated element below the table (the gaps callout) less
    the gap a table keeps above what follows it. Decks without prototype slides
    (nothing to measure the room against) give no figures.
    """
    try:
        info = read_template(presentation)
    except TemplateError:
        return []
    slides = {slide["objectId"]: slide for slide in presentation.get("slides", []) or []}
    fills: list[PageFill] = []
    for role, generated in info.generated.items():
        regions = info.prototypes[role].regions
        if "table" not in regions:
            continue
        pages = [_table_on(slides[g.slide_id]) for g in generated if g.slide_id in slides]
        for index, found in enumerate(pages):
            if found is None:
                continue
            table_id, table_box, heights, others = found
            bottom = max(
                region.box.bottom
                for name, region in regions.items()
                if name not in TEXT_REGIONS
                and region.box.bottom > table_box.y
                and region.box.x < table_box.right
                and table_box.x < region.box.right
            )
            for other in others:
                if (
                    other.y >= table_box.y
                    and other.x < table_box.right
                    and table_box.x < other.right
                ):
                    bottom = min(bottom, other.y - GAP_ABOVE_NEXT)
            room = bottom - table_box.y - heights[0]
            used = sum(heights[1:])
            following = pages[index + 1] if index + 1 < len(pages) else None
            next_row = following[2][1] if following is not None and len(following[2]) > 1 else None
            fills.append(
                PageFill(
                    generated[index].slide_id,
                    table_id,
                    role,
                    index,
                    len(pages),
                    used / room if room > 0 else 1.0,
                    next_row is not None and used + next_row <= room,
                )
            )
    return fills


def _table_on(slide: dict[str, Any]) -> tuple[str, Box, list[int], list[Box]] | None:
    """Return a slide's generated table: ID, box, row heights, and the other elements' boxes."""
    found: tuple[str, Box, list[int]] | None = None
    others: list[Box] = []
    for element in walk_elements(slide.get("pageElements", []) or []):
        parsed = ids.parse_generated(element["objectId"])
        if parsed is None or parsed.kind != ids.CONTENT:
            continue
        if "table" in element and found is None:
            heights = [
                round(magnitude_emu(row.get("rowHeight")))
                for row in element["table"].get("tableRows", [])
            ]
            found = (element["objectId"], element_box(element), heights)
        elif "line" not in element:
            others.append(element_box(element))
    if found is None:
        return None
    return (*found, others)


def _check_slide(
    slide: dict[str, Any], page: Box, config: Config, components: dict[str, int]
) -> list[Finding]:
    slide_id = slide["objectId"]
    findings: list[Finding] = []
    min_pt = config.style.min_font_pt
    elements = list(walk_elements(slide.get("pageElements", []) or []))
    smaller = _diagram_floors(elements, min_pt, components)
    boxes: list[tuple[str, Box]] = []
    for element in elements:
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
            diagram = LEGEND_BADGE.match(object_id)
            if diagram is None and LEGEND_PART not in object_id:
                # A legend's words keep the configured type, even inside a zone.
                diagram = DIAGRAM_ELEMENT.match(object_id)
            floor = smaller.get(diagram.group(1), min_pt) if diagram else min_pt
            findings.extend(_check_text(slide_id, object_id, shape.get("text"), box, min_pt, floor))
            findings.extend(_check_words(slide_id, object_id, shape.get("text"), box.width, min_pt))
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
    slide_id: str,
    object_id: str,
    text: dict[str, Any] | None,
    box: Box,
    min_pt: float,
    floor: float,
) -> list[Finding]:
    """Return a text's findings: taller than its box, or type below `floor`."""
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
    small = [size for size in _font_sizes(text) if size < floor - 1e-6]
    if small:
        findings.append(
            Finding(slide_id, object_id, "small-font", f"{min(small)} pt is below {floor:g} pt")
        )
    return findings


def _state_components(slides: list[dict[str, Any]]) -> dict[str, int]:
    """Return how many components each state's diagram shows over all of its slides.

    A state drawn whole counts its boxes; a split one, the boxes of its detail
    slides (each component is on one), not its overview's, which stand for zones.
    """
    components: dict[str, int] = {}
    for slide in slides:
        for element in walk_elements(slide.get("pageElements", []) or []):
            object_id = element["objectId"]
            diagram = DIAGRAM_ELEMENT.match(object_id)
            if diagram is None or not COMPONENT_BOX.search(object_id):
                continue
            key = diagram.group(1)
            if key[3:] != "0":
                components[key[:3]] = components.get(key[:3], 0) + 1
    return components


def _diagram_floors(
    elements: list[dict[str, Any]], min_pt: float, components: dict[str, int]
) -> dict[str, float]:
    """Return the smallest type allowed in each diagram of a slide, by its state's key.

    A state's diagrams may take smaller type, only as small as its number of
    `components` allows, on slides of its own: drawn whole (a key without a
    part number and no title of its own as side by side) or split (a part's key).
    """
    keys: set[str] = set()
    titled: set[str] = set()
    for element in elements:
        object_id = element["objectId"]
        diagram = DIAGRAM_ELEMENT.match(object_id)
        if diagram is not None:
            keys.add(diagram.group(1))
        titled.update(key for key in ("cur", "pro") if object_id.endswith(f"_{key}_title"))
    return {
        key: smallest_type(components.get(key[:3], 0), min_pt) for key in keys if key not in titled
    }


def _check_table(
    slide_id: str, object_id: str, table: dict[str, Any], min_pt: float
) -> list[Finding]:
    findings = []
    widths = [round(magnitude_emu(c.get("columnWidth"))) for c in table.get("tableColumns", [])]
    rows = table.get("tableRows", [])
    header_cells = rows[0].get("tableCells", []) if rows else []
    headers = ["".join(p.text for p in _paragraphs(c.get("text"), min_pt)) for c in header_cells]
    fixed, unbroken = fixed_value_headers(), fixed_value_headers(unbroken=True)
    fixed_columns = {index for index, header in enumerate(headers) if header in fixed}
    unbroken_columns = {index for index, header in enumerate(headers) if header in unbroken}
    for row_index, row in enumerate(rows):
        height = round(magnitude_emu(row.get("rowHeight")))
        for column_index, cell in enumerate(row.get("tableCells", [])):
            where = f"{object_id}[{row_index},{column_index}]"
            span = cell.get("columnSpan", 1)
            width = sum(widths[column_index : column_index + span])
            needed = needed_height(cell.get("text"), width, min_pt, cell=True)
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
            findings.extend(
                _check_words(
                    slide_id,
                    where,
                    cell.get("text"),
                    width,
                    min_pt,
                    fixed_value=row_index > 0 and column_index in fixed_columns,
                )
            )
            if row_index > 0 and column_index in unbroken_columns:
                findings.extend(_broken_entry(slide_id, where, cell.get("text"), width, min_pt))
    return findings
