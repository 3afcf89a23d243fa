"""Read a template deck: prototype slides, tagged regions and their styles.

Works on the presentation resource exactly as ``presentations.get`` returns
it. Text styles are resolved the way Slides resolves them: a placeholder
inherits, field by field, from its parent placeholder on the layout and then
on the master; theme colours resolve through the master's colour scheme.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from typing import Any

from slidegen.errors import TemplateError
from slidegen.layout import ids
from slidegen.layout.context import Box, Region, TableStyle, TextStyle
from slidegen.layout.slides import ROLES
from slidegen.tags import parse_tag
from slidegen.units import EMU_PER_PT, inches, magnitude_emu

DEFAULT_PAGE_SIZE = (inches(10), inches(5.625))
TEXT_REGIONS = frozenset({"heading", "customer", "opportunity", "meta", "footer"})
"""Regions whose anchor's text style is the style of what goes there."""
PAGE_MARGIN = inches(0.3)
GAP_ABOVE_NEXT = inches(0.08)
"""Space a table keeps above the element under it (a callout, the footer rule)."""


@dataclass(frozen=True)
class Prototype:
    """A role's prototype slide and everything on it."""

    role: str
    slide_id: str
    regions: dict[str, Region]
    element_ids: tuple[str, ...]
    """Every page element on the slide, group children included, in document order."""
    notes_ids: tuple[str, ...]
    """The elements on the slide's notes page."""
    is_skipped: bool
    speaker_notes_id: str | None = None
    """The notes shape, when it exists on the notes page (only then can a copy's be named)."""
    speaker_notes_text: str = ""


@dataclass(frozen=True)
class GeneratedSlide:
    """A slide an earlier run generated, with what now sits on it."""

    role: str
    slide_id: str
    content_ids: tuple[str, ...]
    """Top-level generated content (``sgc``): deleted and redrawn."""
    foreign_ids: tuple[str, ...]
    """Elements without a generated ID: a person added them."""
    speaker_notes_id: str | None
    speaker_notes_text: str


@dataclass(frozen=True)
class TemplateInfo:
    """What the layout engine needs to know about a deck before filling it."""

    page_size: tuple[int, int]
    prototypes: dict[str, Prototype]
    generated: dict[str, list[GeneratedSlide]]
    slide_order: tuple[str, ...]
    max_generation: int
    object_ids: frozenset[str] = field(default_factory=frozenset)


def walk_elements(elements: list[dict[str, Any]]) -> Iterator[dict[str, Any]]:
    """Yield every page element in `elements`, descending into groups."""
    for element in elements:
        yield element
        group = element.get("elementGroup")
        if group:
            yield from walk_elements(group.get("children", []))


Matrix = tuple[float, float, float, float, float, float]
"""A page element's transform: x' = a·x + c·y + tx, y' = b·x + d·y + ty, as (a, b, c, d, tx, ty)."""


def element_matrix(element: dict[str, Any]) -> Matrix:
    """Return an element's own transform, its translation in EMU."""
    transform = element.get("transform") or {}
    scale = EMU_PER_PT if transform.get("unit") == "PT" else 1.0
    return (
        float(transform.get("scaleX", 1.0)),
        float(transform.get("shearY", 0.0)),
        float(transform.get("shearX", 0.0)),
        float(transform.get("scaleY", 1.0)),
        float(transform.get("translateX", 0.0)) * scale,
        float(transform.get("translateY", 0.0)) * scale,
    )


def element_box(element: dict[str, Any]) -> Box:
    """Return the box an element occupies on its page (its own transform only).

    A turned element (a connector run up or down first, say) occupies the box
    around its turned corners.
    """
    size = element.get("size") or {}
    own_width, own_height = magnitude_emu(size.get("width")), magnitude_emu(size.get("height"))
    a, b, c, d, x, y = element_matrix(element)
    xs = (0.0, a * own_width, c * own_height, a * own_width + c * own_height)
    ys = (0.0, b * own_width, d * own_height, b * own_width + d * own_height)
    x, y, width, height = x + min(xs), y + min(ys), max(xs) - min(xs), max(ys) - min(ys)
    if "table" in element and not size:
        table = element["table"]
        width = sum(magnitude_emu(c.get("columnWidth")) for c in table.get("tableColumns", []))
        height = sum(magnitude_emu(r.get("rowHeight")) for r in table.get("tableRows", []))
    return Box(round(x), round(y), round(width), round(height))


def colour_hex(colour: dict[str, Any] | None, scheme: dict[str, str]) -> str | None:
    """Return '#RRGGBB' for an OpaqueColor (RGB or theme), or None when unset."""
    if not colour:
        return None
    if "rgbColor" in colour:
        rgb = colour["rgbColor"] or {}
        # Slides omits zero components: {} is black.
        parts = (float(rgb.get(key, 0.0)) for key in ("red", "green", "blue"))
        return "#" + "".join(f"{round(max(0.0, min(1.0, p)) * 255):02X}" for p in parts)
    if "themeColor" in colour:
        return scheme.get(colour["themeColor"])
    return None


def _colour_scheme(master: dict[str, Any] | None) -> dict[str, str]:
    scheme: dict[str, str] = {}
    if not master:
        return scheme
    colours = master.get("pageProperties", {}).get("colorScheme", {}).get("colors", [])
    for entry in colours:
        value = colour_hex({"rgbColor": entry.get("color", {})}, {})
        if value is not None:
            scheme[entry["type"]] = value
    return scheme


def _first_run_style(text: dict[str, Any] | None) -> tuple[dict[str, Any], dict[str, Any]]:
    """Return the first text run's style and the first paragraph's style."""
    run_style: dict[str, Any] = {}
    paragraph_style: dict[str, Any] = {}
    if not text:
        return run_style, paragraph_style
    for element in text.get("textElements", []):
        if not paragraph_style and "paragraphMarker" in element:
            paragraph_style = element["paragraphMarker"].get("style", {}) or {}
        run = element.get("textRun")
        if run is not None and run.get("content", "").strip():
            run_style = run.get("style", {}) or {}
            break
    return run_style, paragraph_style


def _fill_hex(fill: dict[str, Any] | None, scheme: dict[str, str]) -> str | None:
    if not fill or fill.get("propertyState") == "NOT_RENDERED":
        return None
    solid = fill.get("solidFill")
    if not solid:
        return None
    return colour_hex(solid.get("color"), scheme)


class _Resolver:
    """Finds placeholder parents and colour schemes across slides, layouts and masters."""

    def __init__(self, deck: dict[str, Any]) -> None:
        self.elements: dict[str, dict[str, Any]] = {}
        self.page_of: dict[str, dict[str, Any]] = {}
        self.pages: dict[str, dict[str, Any]] = {}
        for kind in ("masters", "layouts", "slides"):
            for page in deck.get(kind, []) or []:
                self.pages[page["objectId"]] = page
                for element in walk_elements(page.get("pageElements", [])):
                    self.elements[element["objectId"]] = element
                    self.page_of[element["objectId"]] = page
        self.default_scheme = _colour_scheme((deck.get("masters") or [None])[0])
        self._schemes: dict[str | None, dict[str, str]] = {}

    def scheme_for(self, page: dict[str, Any]) -> dict[str, str]:
        """Return the colour scheme that applies on `page`."""
        master_id = page.get("slideProperties", {}).get("masterObjectId") or page.get(
            "layoutProperties", {}
        ).get("masterObjectId")
        # Every slide of a master shares its scheme: read it once per master.
        scheme = self._schemes.get(master_id)
        if scheme is None:
            master = self.pages.get(master_id) if master_id else None
            scheme = self._schemes[master_id] = _colour_scheme(master) or self.default_scheme
        return scheme

    def text_style(self, element: dict[str, Any], fallback: TextStyle) -> TextStyle:
        """Return the effective style of an element's first run and paragraph."""
        chain: list[dict[str, Any]] = []
        current: dict[str, Any] | None = element
        seen: set[str] = set()
        while current is not None and current["objectId"] not in seen:
            seen.add(current["objectId"])
            chain.append(current)
            placeholder = (current.get("shape") or {}).get("placeholder") or {}
            parent_id = placeholder.get("parentObjectId")
            current = self.elements.get(parent_id) if parent_id else None
        page = self.page_of.get(element["objectId"], {})
        scheme = self.scheme_for(page)
        run: dict[str, Any] = {}
        paragraph: dict[str, Any] = {}
        # The element's own style wins; parents only fill what it leaves unset.
        for link in reversed(chain):
            text = (link.get("shape") or {}).get("text")
            link_run, link_paragraph = _first_run_style(text)
            run.update({k: v for k, v in link_run.items() if v not in (None, {})})
            paragraph.update({k: v for k, v in link_paragraph.items() if v not in (None, {})})
        return _text_style_from(run, paragraph, scheme, fallback)


def _text_style_from(
    run: dict[str, Any], paragraph: dict[str, Any], scheme: dict[str, str], fallback: TextStyle
) -> TextStyle:
    family = run.get("fontFamily") or (run.get("weightedFontFamily") or {}).get("fontFamily")
    size = run.get("fontSize")
    colour = colour_hex((run.get("foregroundColor") or {}).get("opaqueColor"), scheme)
    alignment = paragraph.get("alignment")
    return TextStyle(
        font_family=family or fallback.font_family,
        font_pt=magnitude_emu(size) / EMU_PER_PT if size else fallback.font_pt,
        bold=bool(run.get("bold", fallback.bold)),
        italic=bool(run.get("italic", fallback.italic)),
        colour=colour or fallback.colour,
        alignment=alignment if alignment in ("START", "CENTER", "END", "JUSTIFIED") else "START",
    )


def _table_style(
    element: dict[str, Any], scheme: dict[str, str], fallback: TextStyle
) -> TableStyle:
    table = element["table"]
    rows = table.get("tableRows", [])

    def row_fill(index: int) -> str | None:
        if index >= len(rows):
            return None
        cells = rows[index].get("tableCells", [])
        if not cells:
            return None
        properties = cells[0].get("tableCellProperties", {})
        return _fill_hex(properties.get("tableCellBackgroundFill"), scheme)

    def row_text(index: int, default: TextStyle) -> TextStyle:
        if index >= len(rows) or not rows[index].get("tableCells"):
            return default
        run, paragraph = _first_run_style(rows[index]["tableCells"][0].get("text"))
        return _text_style_from(run, paragraph, scheme, default)

    border_colour: str | None = None
    border_pt = 1.0
    for border_row in table.get("horizontalBorderRows", []) or []:
        for cell in border_row.get("tableBorderCells", []):
            properties = cell.get("tableBorderProperties", {})
            border_colour = _fill_hex(properties.get("tableBorderFill"), scheme)
            if properties.get("weight"):
                border_pt = magnitude_emu(properties["weight"]) / EMU_PER_PT
            break
        if border_colour is not None:
            break
    widths = [magnitude_emu(c.get("columnWidth")) for c in table.get("tableColumns", [])]
    total = sum(widths)
    weights = tuple(w / total for w in widths) if total > 0 else ()
    body_fill = row_fill(1)
    alternate = row_fill(2)
    return TableStyle(
        header_fill=row_fill(0),
        header_text=row_text(0, TextStyle(**{**fallback.__dict__, "bold": True})),
        body_fill=body_fill,
        alternate_fill=alternate if alternate != body_fill else None,
        body_text=row_text(1, fallback),
        border_colour=border_colour,
        border_pt=border_pt,
        column_weights=weights,
    )


def _speaker_notes(slide: dict[str, Any]) -> tuple[str | None, str]:
    notes_page = slide.get("slideProperties", {}).get("notesPage") or {}
    notes_id = notes_page.get("notesProperties", {}).get("speakerNotesObjectId")
    text = ""
    for element in notes_page.get("pageElements", []) or []:
        if element.get("objectId") == notes_id:
            text = plain_text((element.get("shape") or {}).get("text"))
    return notes_id, text


def plain_text(text: dict[str, Any] | None) -> str:
    """Return the characters of a TextContent (every run and auto text, in order)."""
    if not text:
        return ""
    parts: list[str] = []
    for element in text.get("textElements", []):
        if "textRun" in element:
            parts.append(element["textRun"].get("content", ""))
        elif "autoText" in element:
            parts.append(element["autoText"].get("content", ""))
    return "".join(parts)


def generated_role(slide_id: str) -> str | None:
    """Return the role a generated slide ID belongs to, or None."""
    parsed = ids.parse_generated(slide_id)
    if parsed is None or parsed.kind != ids.SLIDE:
        return None
    rest = slide_id.split("_", 1)[1] if "_" in slide_id else ""
    for role in sorted(ROLES, key=len, reverse=True):
        if rest.startswith(role + "_"):
            return role
    return None


def read_template(deck: dict[str, Any], fallback_text: TextStyle | None = None) -> TemplateInfo:
    """Return the prototypes, regions and generated slides of `deck`.

    Raises TemplateError when a role has no prototype slide, a prototype
    lacks a region, or one role's regions are spread over several slides.
    """
    fallback = fallback_text or TextStyle()
    resolver = _Resolver(deck)
    page_size = deck.get("pageSize") or {}
    size = (
        round(magnitude_emu(page_size.get("width"))) or DEFAULT_PAGE_SIZE[0],
        round(magnitude_emu(page_size.get("height"))) or DEFAULT_PAGE_SIZE[1],
    )
    found: dict[str, tuple[dict[str, Any], dict[str, Region]]] = {}
    generated: dict[str, list[GeneratedSlide]] = {role: [] for role in ROLES}
    max_generation = 0
    object_ids: set[str] = set()
    slides = deck.get("slides", []) or []
    for slide in slides:
        slide_id = slide["objectId"]
        object_ids.add(slide_id)
        elements = list(walk_elements(slide.get("pageElements", []) or []))
        for element in elements:
            object_ids.add(element["objectId"])
        notes_page = slide.get("slideProperties", {}).get("notesPage") or {}
        for element in walk_elements(notes_page.get("pageElements", []) or []):
            object_ids.add(element["objectId"])
        for object_id in [slide_id, *(e["objectId"] for e in elements)]:
            parsed = ids.parse_generated(object_id)
            if parsed is not None:
                max_generation = max(max_generation, parsed.generation)
        role_of_slide = generated_role(slide_id)
        if role_of_slide is not None:
            generated[role_of_slide].append(_generated_slide(role_of_slide, slide))
            continue
        if ids.is_generated(slide_id):
            continue
        scheme = resolver.scheme_for(slide)
        for element in elements:
            tag = parse_tag(element.get("description"))
            if tag is None:
                continue
            if tag.role not in ROLES:
                raise TemplateError(
                    f"slide {slide_id}: element {element['objectId']} has tag {tag} "
                    f"for unknown role '{tag.role}'; roles: {', '.join(ROLES)}"
                )
            if tag.role in found and found[tag.role][0]["objectId"] != slide_id:
                raise TemplateError(
                    f"regions of role '{tag.role}' are on two slides "
                    f"({found[tag.role][0]['objectId']} and {slide_id}); keep them on one"
                )
            regions = found.setdefault(tag.role, (slide, {}))[1]
            region = _region(tag.role, tag.region, element, resolver, scheme, fallback)
            if region.table is not None:
                region = replace(region, box=_room_below(region.box, element, elements, size))
            regions[tag.region] = region
    prototypes: dict[str, Prototype] = {}
    for role, region_names in ROLES.items():
        if role not in found:
            raise TemplateError(
                f"template has no slide tagged for role '{role}' "
                f"(expected an element with alt text 'slidegen:{role}.{region_names[0]}')"
            )
        slide, regions = found[role]
        for region_name in region_names:
            if region_name not in regions:
                raise TemplateError(
                    f"slide {slide['objectId']} (role '{role}') lacks region "
                    f"'slidegen:{role}.{region_name}'"
                )
        notes_page = slide.get("slideProperties", {}).get("notesPage") or {}
        notes_id, notes_text = _speaker_notes(slide)
        # The notes page itself follows its slide's ID; only its elements can be named.
        notes_ids = tuple(
            e["objectId"] for e in walk_elements(notes_page.get("pageElements", []) or [])
        )
        prototypes[role] = Prototype(
            role=role,
            slide_id=slide["objectId"],
            regions=regions,
            element_ids=tuple(
                e["objectId"] for e in walk_elements(slide.get("pageElements", []) or [])
            ),
            notes_ids=notes_ids,
            is_skipped=bool(slide.get("slideProperties", {}).get("isSkipped", False)),
            speaker_notes_id=notes_id if notes_id in notes_ids else None,
            speaker_notes_text=notes_text,
        )
    return TemplateInfo(
        page_size=size,
        prototypes=prototypes,
        generated=generated,
        slide_order=tuple(s["objectId"] for s in slides),
        max_generation=max_generation,
        object_ids=frozenset(object_ids),
    )


def _room_below(
    box: Box, table: dict[str, Any], elements: list[dict[str, Any]], page_size: tuple[int, int]
) -> Box:
    """Return the table's box grown down to the next element under it (or the page margin).

    A template table shows only a header and a sample row; the rows the
    generator adds may use the free space beneath it.
    """
    bottom = page_size[1] - PAGE_MARGIN
    for element in elements:
        if element is table or element.get("objectId") == table.get("objectId"):
            continue
        other = element_box(element)
        side_by_side = other.right <= box.x or other.x >= box.right
        if not side_by_side and other.y >= box.y + box.height // 2:
            bottom = min(bottom, other.y - GAP_ABOVE_NEXT)
    return Box(box.x, box.y, box.width, max(box.height, bottom - box.y))


def _region(
    role: str,
    name: str,
    element: dict[str, Any],
    resolver: _Resolver,
    scheme: dict[str, str],
    fallback: TextStyle,
) -> Region:
    box = element_box(element)
    if "table" in element:
        table_style = _table_style(element, scheme, fallback)
        return Region(role, name, element["objectId"], box, table_style.body_text, table_style)
    if name == "table":
        raise TemplateError(
            f"element {element['objectId']} tagged slidegen:{role}.table is not a table"
        )
    if name not in TEXT_REGIONS:
        # An area's anchor is a placeholder drawing ("diagram goes here"); only its box counts.
        return Region(role, name, element["objectId"], box, fallback)
    return Region(role, name, element["objectId"], box, resolver.text_style(element, fallback))


def _generated_slide(role: str, slide: dict[str, Any]) -> GeneratedSlide:
    content: list[str] = []
    foreign: list[str] = []
    for element in slide.get("pageElements", []) or []:
        parsed = ids.parse_generated(element["objectId"])
        if parsed is None:
            foreign.append(element["objectId"])
        elif parsed.kind == ids.CONTENT:
            content.append(element["objectId"])
    notes_id, notes_text = _speaker_notes(slide)
    return GeneratedSlide(
        role=role,
        slide_id=slide["objectId"],
        content_ids=tuple(content),
        foreign_ids=tuple(foreign),
        speaker_notes_id=notes_id,
        speaker_notes_text=notes_text,
    )
