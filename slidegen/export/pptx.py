"""Write any Slides presentation resource (`presentations.get`) as a .pptx file.

Slides and PowerPoint share DrawingML's vocabulary (shape presets, connection
sites, dash presets), so most properties carry over one to one. What
PowerPoint cannot express (shear, Slides-only shape kinds, remote images
without a loader) is approximated and logged, never fatal.
"""

from __future__ import annotations

import copy
import io
import json
import logging
import math
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Final
from urllib.parse import unquote, urlparse

from pptx import Presentation as new_presentation
from pptx.dml.color import RGBColor
from pptx.enum.shapes import MSO_AUTO_SHAPE_TYPE, MSO_CONNECTOR
from pptx.enum.text import MSO_ANCHOR, PP_ALIGN
from pptx.opc.constants import CONTENT_TYPE as CT
from pptx.opc.constants import RELATIONSHIP_TYPE as RT
from pptx.opc.oxml import serialize_part_xml
from pptx.opc.packuri import PackURI
from pptx.oxml import parse_xml
from pptx.oxml.ns import nsdecls, qn
from pptx.oxml.simpletypes import ST_Angle
from pptx.oxml.xmlchemy import BaseOxmlElement, OxmlElement
from pptx.parts.slide import NotesSlidePart, SlidePart
from pptx.presentation import Presentation
from pptx.shapes.autoshape import Shape
from pptx.shapes.base import BaseShape
from pptx.shapes.connector import Connector
from pptx.shapes.shapetree import GroupShapes, SlideShapes
from pptx.slide import NotesSlide, Slide
from pptx.util import Emu, Length, Pt

from slidegen.errors import BackendError, SlidegenError, unreadable_json, unreadable_kind
from slidegen.export.colours import DASH_PRESETS, ColourScheme, set_alpha
from slidegen.export.geometry import (
    Affine,
    Placement,
    drawn_transform,
    element_size,
    line_endpoints,
    placement,
    turned_line_placement,
)
from slidegen.export.tables import add_table
from slidegen.export.text import (
    LevelStyles,
    Style,
    body_properties_xml,
    configure_frame,
    escape_unwritable,
    finish_deferred,
    has_text,
    plain_text,
    start_deferring,
    style_key,
    write_plain_text,
    write_text,
)
from slidegen.units import magnitude_emu

log = logging.getLogger(__name__)

ImageLoader = Callable[[str], bytes | None]
Shapes = SlideShapes | GroupShapes

# python-pptx's default template: layout 6 is "Blank" (no placeholders).
_BLANK_LAYOUT_INDEX = 6
_DEFAULT_RUN: Style = {
    "fontFamily": "Arial",
    "fontSize": {"magnitude": 18, "unit": "PT"},
    "foregroundColor": {"opaqueColor": {"themeColor": "DARK1"}},
}
_DEFAULT_TABLE_RUN: Style = {**_DEFAULT_RUN, "fontSize": {"magnitude": 14, "unit": "PT"}}
_PLACEHOLDER_FILL = RGBColor(0xE8, 0xE8, 0xEC)
_PLACEHOLDER_OUTLINE = RGBColor(0x9A, 0x99, 0xA6)
_PLACEHOLDER_TEXT = RGBColor(0x55, 0x54, 0x5E)
_MAX_LABEL_URL = 120
_EMPTY_SLIDE = f"<p:sld {nsdecls('p')}/>"
_SHAPE_NAMESPACES = nsdecls("a", "p")
_TEXT_BOX_FLAG = ' txBox="1"'
_CENTRED_PARAGRAPH = '<a:p><a:pPr algn="ctr"/></a:p>'

# Slides shape types whose DrawingML preset name is not their camel-cased name.
_SHAPE_ALIASES = {
    "RECTANGLE": "rect",
    "ROUND_RECTANGLE": "roundRect",
    "DIAGONAL_STRIPE": "diagStripe",
    "ROUND_1_RECTANGLE": "round1Rect",
    "ROUND_2_DIAGONAL_RECTANGLE": "round2DiagRect",
    "ROUND_2_SAME_RECTANGLE": "round2SameRect",
    "RIGHT_TRIANGLE": "rtTriangle",
    "SNIP_1_RECTANGLE": "snip1Rect",
    "SNIP_2_DIAGONAL_RECTANGLE": "snip2DiagRect",
    "SNIP_2_SAME_RECTANGLE": "snip2SameRect",
    "SNIP_ROUND_RECTANGLE": "snipRoundRect",
    "WEDGE_RECTANGLE_CALLOUT": "wedgeRectCallout",
    "WEDGE_ROUND_RECTANGLE_CALLOUT": "wedgeRoundRectCallout",
    "ARROW_EAST": "rightArrow",
    "ARROW_NORTH_EAST": "rightArrow",
    "ARROW_NORTH": "upArrow",
    "SPEECH": "wedgeEllipseCallout",
    "STARBURST": "irregularSeal1",
}
_PRESETS = {
    member.xml_value: member for member in MSO_AUTO_SHAPE_TYPE if getattr(member, "xml_value", None)
}
# Shapes whose first four connection sites are top, left, bottom, right of the box.
_BOX_SITE_PRESETS = frozenset(
    {"rect", "roundRect", "flowChartProcess", "flowChartAlternateProcess"}
)

_CONNECTABLE_TAGS = frozenset({qn("p:sp"), qn("p:pic")})
_EXTENSION_LIST_TAG = qn("p:extLst")
_NAME_TAG = ".//" + qn("p:cNvPr")
_NAME_TAG_NAME = qn("p:cNvPr")
_SHAPE_NAME_PATH = qn("p:nvSpPr") + "/" + qn("p:cNvPr")
_SHAPE_XFRM_PATH = qn("p:spPr") + "/" + qn("a:xfrm")
_CONNECTOR_NAME_PATH = qn("p:nvCxnSpPr") + "/" + qn("p:cNvPr")
_CONNECTOR_LINKS_PATH = qn("p:nvCxnSpPr") + "/" + qn("p:cNvCxnSpPr")
_ANY_NAME_PATH = "*/" + qn("p:cNvPr")
_END_LINK_TAG = qn("a:endCxn")
_NOTES_SHAPES_PATH = "/".join((qn("p:cSld"), qn("p:spTree"), qn("p:sp")))
_PLACEHOLDER_PATH = "/".join((qn("p:nvSpPr"), qn("p:nvPr"), qn("p:ph")))
_TEXT_BODY_TAG = qn("p:txBody")
_COMMON_SLIDE_DATA_TAG = qn("p:cSld")
_BACKGROUND_TAG = qn("p:bg")
_EXTENSION_LIST_A_TAG = qn("a:extLst")
_OFFSET_TAG = qn("a:off")
_EXTENT_TAG = qn("a:ext")
_CONNECTOR_KINDS = {
    "STRAIGHT": MSO_CONNECTOR.STRAIGHT,
    "BENT": MSO_CONNECTOR.ELBOW,
    "CURVED": MSO_CONNECTOR.CURVE,
}
_ARROW_HEADS = {
    "STEALTH_ARROW": "stealth",
    "FILL_ARROW": "triangle",
    "FILL_CIRCLE": "oval",
    "FILL_SQUARE": "diamond",
    "FILL_DIAMOND": "diamond",
    "OPEN_ARROW": "arrow",
    "OPEN_CIRCLE": "oval",
    "OPEN_SQUARE": "diamond",
    "OPEN_DIAMOND": "diamond",
}


PPTX_PAGE_SIDES: Final = (914_400, 51_206_400)
"""The least and most EMU a .pptx page may measure a side (1 and 56 inches)."""


class PresentationFileError(SlidegenError):
    """A file that should hold a presentation resource is missing or is not one."""


def read_presentation(path: Path) -> dict[str, Any]:
    """Return the presentation resource stored as JSON in `path`."""
    try:
        problem = unreadable_kind(Path(path).stat().st_mode, "presentation")
        if problem is not None:
            raise PresentationFileError(f"{path}: {problem}")
        text = Path(path).read_text(encoding="utf-8")
    except FileNotFoundError:
        raise PresentationFileError(f"{path}: no such file") from None
    except (OSError, UnicodeDecodeError) as error:
        raise PresentationFileError(f"{path}: cannot be read ({error})") from None
    try:
        resource = json.loads(text)
    except json.JSONDecodeError as error:
        raise PresentationFileError(
            f"{path}:{error.lineno}:{error.colno}: not JSON ({error.msg})"
        ) from None
    except (RecursionError, ValueError) as error:
        raise PresentationFileError(
            f"{path}: cannot be read as JSON ({unreadable_json(error)})"
        ) from None
    if not isinstance(resource, dict) or not isinstance(resource.get("slides", []), list):
        raise PresentationFileError(
            f"{path}: not a presentation; expected the JSON object Slides "
            "presentations.get returns (with 'pageSize' and a 'slides' list)"
        )
    if "slides" not in resource and "pageSize" not in resource:
        raise PresentationFileError(
            f"{path}: not a presentation; it has neither 'slides' nor 'pageSize' "
            "(expected the JSON of Slides presentations.get)"
        )
    problem = _shape_problem(resource)
    if problem is not None:
        raise PresentationFileError(f"{path}: not a presentation; {problem}")
    return resource


def _shape_problem(resource: dict[str, Any]) -> str | None:
    """Return what in a presentation's outline Slides would never return, or None.

    Pages must be objects with an object ID and the page size numbers (its
    range is the builder's to judge): a hand-edited file is told so here
    rather than failing deep in a build.
    """
    for kind in ("slides", "layouts", "masters"):
        pages = resource.get(kind)
        if pages is not None and not isinstance(pages, list):
            return f"'{kind}' is not a list"
        for index, page in enumerate(pages or []):
            if not isinstance(page, dict) or not isinstance(page.get("objectId"), str):
                return f"{kind}[{index}] is not a page (an object with an 'objectId')"
    size = resource.get("pageSize")
    if size is None:
        return None
    if not isinstance(size, dict):
        return "'pageSize' is not an object"
    for side in ("width", "height"):
        dimension = size.get(side)
        if dimension is None:
            continue
        if not isinstance(dimension, dict):
            return f"pageSize.{side} is not an object"
        magnitude = dimension.get("magnitude")
        if magnitude is None:
            continue
        if isinstance(magnitude, bool) or not isinstance(magnitude, int | float):
            return f"pageSize.{side}.magnitude is {magnitude!r}, not a number"
        if not math.isfinite(magnitude):
            return f"pageSize.{side}.magnitude is {magnitude!r}, not a size"
    return None


def default_image_loader(url: str) -> bytes | None:
    """Return the bytes of a `file:` URL or local path; None for anything remote."""
    try:
        parsed = urlparse(url)
    except ValueError as error:  # "https://[oops/a.png": no address at all
        log.warning("image %s could not be read: %s", url, error)
        return None
    if parsed.scheme == "file":
        path = Path(unquote(parsed.path))
    elif parsed.scheme == "" or (len(parsed.scheme) == 1 and url[1:2] == ":"):
        path = Path(url)
    else:
        return None
    try:
        return path.read_bytes()
    except OSError as error:
        log.warning("image %s could not be read: %s", url, error)
        return None


def export_pptx(
    presentation: dict[str, Any],
    path: Path,
    *,
    drop_skipped: bool = False,
    image_loader: ImageLoader | None = None,
) -> None:
    """Write `presentation` (a Slides presentation resource) to `path` as .pptx."""
    exporter = _Exporter(presentation, image_loader or default_image_loader)
    deck = exporter.build(drop_skipped=drop_skipped)
    try:
        Path(path).parent.mkdir(parents=True, exist_ok=True)
        deck.save(str(path))
    except OSError as error:
        raise BackendError(f"{path}: cannot write the .pptx file ({error})") from None


def shape_preset(shape_type: str) -> str:
    """Return the DrawingML preset that draws Slides `shape_type` (rect when none fits)."""
    preset = _SHAPE_ALIASES.get(shape_type)
    if preset is None:
        head, *rest = shape_type.lower().split("_")
        preset = head + "".join(part.capitalize() for part in rest)
    if preset not in _PRESETS:
        log.warning("shape type %s has no PowerPoint equivalent; drawn as a rectangle", shape_type)
        return "rect"
    return preset


@dataclass
class _PendingConnection:
    connector: Connector
    start: dict[str, Any] | None
    end: dict[str, Any] | None


@dataclass
class _SlideState:
    scheme: ColourScheme
    shapes_by_id: dict[str, BaseShape] = field(default_factory=dict)
    presets_by_id: dict[str, str] = field(default_factory=dict)
    connections: list[_PendingConnection] = field(default_factory=list)


class _Exporter:
    """Turns one presentation resource into a python-pptx Presentation."""

    def __init__(self, presentation: dict[str, Any], image_loader: ImageLoader) -> None:
        self.source = presentation
        self.load_image = image_loader
        self.masters = {m.get("objectId", ""): m for m in presentation.get("masters") or []}
        self.layouts = {p.get("objectId", ""): p for p in presentation.get("layouts") or []}
        self.template_elements: dict[str, dict[str, Any]] = {}
        for page in [*self.masters.values(), *self.layouts.values()]:
            self._index(page.get("pageElements") or [])
        self.schemes = {key: ColourScheme.from_page(page) for key, page in self.masters.items()}
        self.notes_prototype: BaseOxmlElement | None = None
        self.notes_pages = 0

    def _index(self, elements: list[dict[str, Any]]) -> None:
        for element in elements:
            if "objectId" in element:
                self.template_elements[element["objectId"]] = element
            self._index((element.get("elementGroup") or {}).get("children") or [])

    def build(self, *, drop_skipped: bool) -> Presentation:
        """Return the PowerPoint presentation."""
        deck = new_presentation()
        page_size = self.source.get("pageSize") or {}
        width = magnitude_emu(page_size.get("width")) or 9_144_000
        height = magnitude_emu(page_size.get("height")) or 5_143_500
        sides = (round(width), round(height))
        if not all(PPTX_PAGE_SIDES[0] <= side <= PPTX_PAGE_SIDES[1] for side in sides):
            raise PresentationFileError(
                f"the deck's page is {width / 914_400:.4g} × {height / 914_400:.4g} in; "
                "a .pptx page is 1 to 56 in a side (File → Page setup)"
            )
        deck.slide_width, deck.slide_height = Emu(sides[0]), Emu(sides[1])
        blank = deck.slide_layouts[_BLANK_LAYOUT_INDEX]
        # python-pptx's add_slide looks through the layout for placeholders to copy on
        # every slide; the blank layout has none to copy, so that search runs only once.
        copies_placeholders = any(True for _ in blank.iter_cloneable_placeholders())
        slides = deck.slides
        for page in self.source.get("slides") or []:
            properties = page.get("slideProperties") or {}
            skipped = bool(properties.get("isSkipped"))
            if skipped and drop_skipped:
                continue
            if copies_placeholders:
                slide = slides.add_slide(blank)
            else:
                # What add_slide does, less the placeholder copying that would copy nothing.
                relationship, slide = deck.part.add_slide(blank)
                slides._sldIdLst.add_sldId(relationship)
            if skipped:
                slide._element.set("show", "0")
            start_deferring(slide.part)
            self._fill_slide(slide, page, (round(width), round(height)))
            _keep_as_bytes(slide)
        return deck

    def _fill_slide(self, slide: Slide, page: dict[str, Any], size: tuple[int, int]) -> None:
        properties = page.get("slideProperties") or {}
        layout = self.layouts.get(properties.get("layoutObjectId", ""))
        master_id = properties.get("masterObjectId") or (layout or {}).get(
            "layoutProperties", {}
        ).get("masterObjectId", "")
        master = self.masters.get(master_id)
        scheme = self.schemes.get(master_id) or next(iter(self.schemes.values()), ColourScheme())
        state = _SlideState(scheme)
        self._background(slide, [page, layout, master], state, size)
        elements = [
            element
            for template_page in (master, layout)
            for element in (template_page or {}).get("pageElements") or []
            if (element.get("shape") or {}).get("placeholder") is None
        ]
        elements.extend(page.get("pageElements") or [])
        # Counting shape IDs up saves searching the slide for the highest one per shape;
        # a group's shapes are numbered by that search, so slides with groups keep it.
        slide.shapes.turbo_add_enabled = not any("elementGroup" in e for e in elements)
        for element in elements:
            self._add_element(slide.shapes, element, Affine(), state)
        self._connect(state)
        notes = self._speaker_notes(properties.get("notesPage") or {})
        if notes:
            body = _notes_body(self._notes_slide(slide)._element)
            assert body is not None  # the notes master always has a body placeholder
            write_plain_text(body, notes)

    def _notes_slide(self, slide: Slide) -> NotesSlide:
        """Return a new notes page of `slide`, a copy of the first one python-pptx made.

        python-pptx clones the notes master's placeholders into every notes page,
        which costs more than all of a slide's shapes; every copy comes out the same.
        """
        if self.notes_prototype is None:
            notes_slide = slide.notes_slide
            self.notes_prototype = copy.deepcopy(notes_slide._element)
            self.notes_pages = 1  # python-pptx named it notesSlide1: the deck had no notes
            return notes_slide
        slide_part = slide.part
        package = slide_part.package
        # What python-pptx's NotesSlidePart.new does, with the placeholders already in place
        # and the part named from a count: finding the next free name walks every part.
        self.notes_pages += 1
        notes_part = NotesSlidePart(
            PackURI(f"/ppt/notesSlides/notesSlide{self.notes_pages}.xml"),
            CT.PML_NOTES_SLIDE,
            package,
            copy.deepcopy(self.notes_prototype),
        )
        notes_part.relate_to(package.presentation_part.notes_master_part, RT.NOTES_MASTER)
        notes_part.relate_to(slide_part, RT.SLIDE)
        slide_part.relate_to(notes_part, RT.NOTES_SLIDE)
        return notes_part.notes_slide

    def _background(
        self,
        slide: Slide,
        pages: list[dict[str, Any] | None],
        state: _SlideState,
        size: tuple[int, int],
    ) -> None:
        for page in pages:
            fill = ((page or {}).get("pageProperties") or {}).get("pageBackgroundFill") or {}
            if not fill or fill.get("propertyState") == "INHERIT":
                continue
            if fill.get("propertyState") == "NOT_RENDERED":
                return
            solid = fill.get("solidFill")
            if solid:
                colour = state.scheme.resolve(solid.get("color"))
                if colour is not None:
                    solid_background(slide._element, colour)
                return
            picture = fill.get("stretchedPictureFill") or {}
            url = picture.get("contentUrl")
            data = self.load_image(url) if url else None
            if data:
                try:
                    slide.shapes.add_picture(
                        io.BytesIO(data), Emu(0), Emu(0), Emu(size[0]), Emu(size[1])
                    )
                except Exception as error:
                    log.warning("background image %s skipped: %s", url, error)
            return

    # ----- page elements -------------------------------------------------------------

    def _add_element(
        self, shapes: Shapes, element: dict[str, Any], outer: Affine, state: _SlideState
    ) -> None:
        object_id = element.get("objectId", "")
        parents = self._placeholder_parents(element)
        transform_source = element.get("transform") or next(
            (p["transform"] for p in parents if p.get("transform")), None
        )
        sized = (
            element if element.get("size") else next((p for p in parents if p.get("size")), element)
        )
        transform = Affine.from_api(transform_source).then(outer)
        width, height = element_size(sized)
        created: BaseShape | None
        if "shape" in element:
            created = self._add_shape(shapes, element, parents, width, height, transform, state)
        elif "line" in element:
            created = self._add_line(shapes, element, width, height, transform, state)
        elif "table" in element and isinstance(shapes, SlideShapes):
            created = add_table(shapes, element, transform, state.scheme, _DEFAULT_TABLE_RUN)
        elif "image" in element:
            image = element["image"]
            url = image.get("contentUrl") or image.get("sourceUrl") or ""
            created = self._add_picture(
                shapes, url, "Image", image.get("imageProperties") or {}, width, height, transform
            )
        elif "sheetsChart" in element:
            chart = element["sheetsChart"]
            created = self._add_picture(
                shapes, chart.get("contentUrl", ""), "Chart", {}, width, height, transform
            )
        elif "video" in element:
            video = element["video"]
            label = video.get("url") or f"{video.get('source', 'video')} {video.get('id', '')}"
            created = self._placeholder_box(
                shapes, f"Video: {label}", placement(width, height, transform)
            )
        elif "wordArt" in element:
            created = self._add_word_art(shapes, element["wordArt"], width, height, transform)
        elif "elementGroup" in element:
            created = self._add_group(shapes, element, transform, state)
        else:
            log.warning("page element %s of an unknown kind skipped", object_id or "?")
            created = None
        if created is None:
            return
        self._name(created, element)
        if object_id:
            state.shapes_by_id[object_id] = created

    def _placeholder_parents(self, element: dict[str, Any]) -> list[dict[str, Any]]:
        """Return the layout and master elements this placeholder inherits from, nearest first."""
        parents: list[dict[str, Any]] = []
        seen: set[str] = set()
        current = element
        while True:
            placeholder = (current.get("shape") or {}).get("placeholder") or {}
            parent_id = placeholder.get("parentObjectId")
            if not parent_id or parent_id in seen or parent_id not in self.template_elements:
                return parents
            seen.add(parent_id)
            current = self.template_elements[parent_id]
            parents.append(current)

    @staticmethod
    def _name(created: BaseShape, element: dict[str, Any]) -> None:
        # Every kind of shape starts with its non-visual properties, which start with
        # p:cNvPr: look there before searching the whole tree (text included).
        shape = created._element
        first = shape[0] if len(shape) else None
        c_nv_pr = first[0] if first is not None and len(first) else None
        if c_nv_pr is None or c_nv_pr.tag != _NAME_TAG_NAME:
            c_nv_pr = shape.find(_NAME_TAG)
        if c_nv_pr is None:
            return
        object_id = element.get("objectId")
        if object_id:
            c_nv_pr.set("name", object_id)
        if element.get("description"):
            c_nv_pr.set("descr", escape_unwritable(element["description"]))
        if element.get("title"):
            c_nv_pr.set("title", escape_unwritable(element["title"]))

    def _add_group(
        self, shapes: Shapes, element: dict[str, Any], transform: Affine, state: _SlideState
    ) -> BaseShape | None:
        group = shapes.add_group_shape()
        for child in (element.get("elementGroup") or {}).get("children") or []:
            # A child's transform is relative to its group: the group's applies after it.
            self._add_element(group.shapes, child, transform, state)
        if len(group.shapes) == 0:
            group._element.getparent().remove(group._element)
            return None
        return group

    def _add_shape(
        self,
        shapes: Shapes,
        element: dict[str, Any],
        parents: list[dict[str, Any]],
        width: float,
        height: float,
        transform: Affine,
        state: _SlideState,
    ) -> Shape:
        shape = element["shape"]
        where = placement(width, height, transform)
        shape_type = shape.get("shapeType") or next(
            (p["shape"].get("shapeType") for p in parents if p["shape"].get("shapeType")),
            "TEXT_BOX",
        )
        preset = "rect" if shape_type == "TEXT_BOX" else shape_preset(shape_type)
        state.presets_by_id[element.get("objectId", "")] = preset
        chain = [shape, *(p["shape"] for p in parents)]
        properties = [s.get("shapeProperties") or {} for s in chain]
        fill = _first_set(properties, "shapeBackgroundFill")
        outline = _first_set(properties, "outline")
        content_alignment = next(
            (p["contentAlignment"] for p in properties if p.get("contentAlignment")), None
        )
        link = (properties[0].get("link") or {}).get("url")
        # Every shape drawn alike (type, fill, outline, frame) is one XML tree, written
        # directly and copied: only its ID, position and text differ. A link or a group
        # goes through python-pptx's object model.
        if isinstance(shapes, SlideShapes) and element.get("objectId") and not link:
            key = style_key(
                "sp", shape_type, where.rotation, where.flip_h, where.flip_v, fill,
                outline, content_alignment, properties[0].get("autofit"),
            )  # fmt: skip
            built = state.scheme.built.get(key)
            if built is None:
                built = state.scheme.built[key] = parse_xml(
                    shape_xml(
                        shape_type, preset, where, fill, outline, properties[0],
                        content_alignment, state.scheme,
                    )
                )  # fmt: skip
            created = self._copy_shape(shapes, built, where)
        else:
            created = self._new_shape(shapes, shape_type, preset, where)
            self._apply_fill(created, fill, state.scheme)
            self._apply_outline(created, outline, state.scheme)
            configure_frame(created.text_frame, properties[0], content_alignment)
        inherited = [LevelStyles.from_text(s.get("text")) for s in reversed(chain[1:])]
        if has_text(shape.get("text")):
            write_text(created.text_frame, shape.get("text"), state.scheme, inherited, _DEFAULT_RUN)
        if link:
            created.click_action.hyperlink.address = link
        return created

    @staticmethod
    def _new_shape(shapes: Shapes, shape_type: str, preset: str, where: Placement) -> Shape:
        """Return a new text box or preset shape at `where`, without python-pptx's theme style."""
        if shape_type == "TEXT_BOX":
            created = shapes.add_textbox(
                Emu(where.left), Emu(where.top), Emu(where.width), Emu(where.height)
            )
        else:
            created = shapes.add_shape(
                _PRESETS[preset],
                Emu(where.left),
                Emu(where.top),
                Emu(where.width),
                Emu(where.height),
            )
            _drop_theme_style(created._element)
        _orient(created, where)
        return created

    @staticmethod
    def _copy_shape(shapes: SlideShapes, built: BaseOxmlElement, where: Placement) -> Shape:
        """Add a copy of the shape XML `built` to `shapes` under a new ID, moved to `where`."""
        sp = _add_copy(
            shapes, built, _SHAPE_NAME_PATH, (where.left, where.top, where.width, where.height)
        )
        # What python-pptx's shape factory returns for an `p:sp` that is no placeholder.
        return Shape(sp, shapes)

    @staticmethod
    def _apply_fill(created: Shape, fill: dict[str, Any] | None, scheme: ColourScheme) -> None:
        solid = (fill or {}).get("solidFill")
        colour = scheme.resolve(solid.get("color")) if solid else None
        if (fill or {}).get("propertyState", "RENDERED") != "RENDERED" or colour is None:
            created.fill.background()
            return
        created.fill.solid()
        created.fill.fore_color.rgb = colour
        set_alpha(created._element.spPr, (solid or {}).get("alpha"))

    @staticmethod
    def _apply_outline(
        created: Shape, outline: dict[str, Any] | None, scheme: ColourScheme
    ) -> None:
        outline = outline or {}
        solid = (outline.get("outlineFill") or {}).get("solidFill")
        colour = scheme.resolve(solid.get("color")) if solid else None
        if outline.get("propertyState", "RENDERED") != "RENDERED" or colour is None:
            created.line.fill.background()
            return
        created.line.color.rgb = colour
        set_alpha(created._element.spPr.get_or_add_ln(), (solid or {}).get("alpha"))
        weight = magnitude_emu(outline.get("weight"))
        created.line.width = _line_width(weight)
        _set_dash(created._element.spPr.get_or_add_ln(), outline.get("dashStyle"))

    def _add_line(
        self,
        shapes: Shapes,
        element: dict[str, Any],
        width: float,
        height: float,
        transform: Affine,
        state: _SlideState,
    ) -> Connector:
        line = element["line"]
        if transform.b or transform.c:
            # A turned line (a bent connector that runs vertically first, say) keeps its
            # turn and flips in the frame: its end points alone would draw it unturned.
            where = placement(width, height, transform)
        else:
            (start_x, start_y), (end_x, end_y) = line_endpoints(width, height, transform)
            where = Placement(
                left=min(start_x, end_x),
                top=min(start_y, end_y),
                width=abs(end_x - start_x),
                height=abs(end_y - start_y),
                flip_h=start_x > end_x,
                flip_v=start_y > end_y,
            )
        category = line.get("lineCategory") or _category_of(line.get("lineType", ""))
        properties = line.get("lineProperties") or {}
        start, end = properties.get("startConnection"), properties.get("endConnection")
        # Lines drawn alike (kind, turn, flips, fill, weight, dash, arrows) are one copied
        # XML tree, as shapes are; a group's connectors need python-pptx's ID search.
        key = None
        if isinstance(shapes, SlideShapes) and element.get("objectId"):
            drawn = {
                name: value
                for name, value in properties.items()
                if name not in ("startConnection", "endConnection")
            }
            key = style_key(
                "cxn", category, line.get("lineType", ""), where.rotation, where.flip_h,
                where.flip_v, drawn,
            )  # fmt: skip
        built = state.scheme.built.get(key) if key is not None else None
        if built is not None and isinstance(shapes, SlideShapes):
            connector = self._copy_connector(shapes, built, where)
        else:
            connector = self._new_line(shapes, line, category, where, state)
            if key is not None:
                state.scheme.built[key] = copy.deepcopy(connector._element)
        if start or end:
            state.connections.append(_PendingConnection(connector, start, end))
        return connector

    @staticmethod
    def _copy_connector(shapes: SlideShapes, built: BaseOxmlElement, where: Placement) -> Connector:
        """Add a copy of the connector XML `built` under a new ID, moved to `where`."""
        # The turn and flips are part of what was copied.
        frame = (where.left, where.top, where.width, where.height)
        return Connector(_add_copy(shapes, built, _CONNECTOR_NAME_PATH, frame), shapes)

    @staticmethod
    def _new_line(
        shapes: Shapes,
        line: dict[str, Any],
        category: str,
        where: Placement,
        state: _SlideState,
    ) -> Connector:
        # python-pptx flips a connector whose begin lies right of or below its end.
        start_x, end_x = where.left, where.left + where.width
        start_y, end_y = where.top, where.top + where.height
        if where.flip_h:
            start_x, end_x = end_x, start_x
        if where.flip_v:
            start_y, end_y = end_y, start_y
        connector = shapes.add_connector(
            _CONNECTOR_KINDS.get(category, MSO_CONNECTOR.STRAIGHT),
            Emu(start_x),
            Emu(start_y),
            Emu(end_x),
            Emu(end_y),
        )
        if where.rotation:
            connector.rotation = where.rotation
        _drop_theme_style(connector._element)
        line_type = line.get("lineType", "")
        if line_type and line_type != "TYPE_UNSPECIFIED":
            geometry = connector._element.spPr.find(qn("a:prstGeom"))
            if geometry is not None:
                geometry.set("prst", _camel(line_type))
        properties = line.get("lineProperties") or {}
        ln = connector._element.spPr.get_or_add_ln()
        solid = (properties.get("lineFill") or {}).get("solidFill")
        colour = state.scheme.resolve(solid.get("color")) if solid else None
        if solid is not None and colour is None:
            connector.line.fill.background()
        else:
            connector.line.color.rgb = colour or state.scheme.theme("DARK1") or RGBColor(0, 0, 0)
            set_alpha(ln, (solid or {}).get("alpha"))
        weight = magnitude_emu(properties.get("weight"))
        connector.line.width = _line_width(weight)
        _set_dash(ln, properties.get("dashStyle"))
        arrows = (
            ("a:headEnd", properties.get("startArrow")),
            ("a:tailEnd", properties.get("endArrow")),
        )
        for tag, arrow in arrows:
            head = _ARROW_HEADS.get(str(arrow))
            if head is None:
                continue
            end_element = OxmlElement(tag)
            end_element.set("type", head)
            end_element.set("w", "med")
            end_element.set("len", "med")
            successors = ("a:tailEnd", "a:extLst") if tag == "a:headEnd" else ("a:extLst",)
            ln.insert_element_before(end_element, *successors)
        return connector

    def _connect(self, state: _SlideState) -> None:
        for pending in state.connections:
            for connection, begin in ((pending.start, True), (pending.end, False)):
                if not connection:
                    continue
                target_id = connection.get("connectedObjectId", "")
                target = state.shapes_by_id.get(target_id)
                # Only shapes and pictures have connection sites (not tables, lines, groups).
                if target is None or target._element.tag not in _CONNECTABLE_TAGS:
                    log.warning("connector end attached to %s left free", target_id or "?")
                    continue
                site = int(connection.get("connectionSiteIndex", 0))
                box_sites = state.presets_by_id.get(target_id, "rect") in _BOX_SITE_PRESETS
                if site < 0 or (box_sites and site > 3):
                    log.warning(
                        "connection site %d of %s does not exist; end left free", site, target_id
                    )
                    continue
                if box_sites:
                    _attach(pending.connector._element, target._element, site, begin=begin)
                    continue
                # Other presets number their sites differently; keep the geometry the
                # deck gives and record the attachment so PowerPoint reroutes on moves.
                c_nv = pending.connector._element.nvCxnSpPr.cNvCxnSpPr  # type: ignore[union-attr]
                link = c_nv.get_or_add_stCxn() if begin else c_nv.get_or_add_endCxn()
                link.id = target.shape_id
                link.idx = site

    def _add_picture(
        self,
        shapes: Shapes,
        url: str,
        kind: str,
        properties: dict[str, Any],
        width: float,
        height: float,
        transform: Affine,
    ) -> BaseShape:
        where = placement(width, height, transform)
        data = self.load_image(url) if url else None
        if data:
            try:
                picture = shapes.add_picture(
                    io.BytesIO(data),
                    Emu(where.left),
                    Emu(where.top),
                    Emu(where.width),
                    Emu(where.height),
                )
            except Exception as error:
                log.warning("%s %s could not be embedded: %s", kind.lower(), url, error)
            else:
                crop = properties.get("cropProperties") or {}
                picture.crop_left = float(crop.get("leftOffset", 0.0))
                picture.crop_right = float(crop.get("rightOffset", 0.0))
                picture.crop_top = float(crop.get("topOffset", 0.0))
                picture.crop_bottom = float(crop.get("bottomOffset", 0.0))
                _orient(picture, where)
                return picture
        if url.lower().startswith(("http://", "https://")):
            shown = url if len(url) <= _MAX_LABEL_URL else url[: _MAX_LABEL_URL - 1] + "…"
            label = f"{kind}: {shown}"
        else:
            # A local path says where files live on someone's machine: never put it on a slide.
            label = f"{kind} could not be embedded"
        box = self._placeholder_box(shapes, label, where)
        return box

    @staticmethod
    def _placeholder_box(shapes: Shapes, label: str, where: Placement) -> Shape:
        box = shapes.add_shape(
            MSO_AUTO_SHAPE_TYPE.RECTANGLE,
            Emu(where.left),
            Emu(where.top),
            Emu(where.width),
            Emu(where.height),
        )
        _drop_theme_style(box._element)
        _orient(box, where)
        box.fill.solid()
        box.fill.fore_color.rgb = _PLACEHOLDER_FILL
        box.line.color.rgb = _PLACEHOLDER_OUTLINE
        box.line.width = Pt(0.75)
        frame = box.text_frame
        configure_frame(frame, None, "MIDDLE")
        frame.vertical_anchor = MSO_ANCHOR.MIDDLE
        paragraph = frame.paragraphs[0]
        paragraph.alignment = PP_ALIGN.CENTER
        run = paragraph.add_run()
        run.text = label
        run.font.size = Pt(9)
        run.font.name = "Arial"
        run.font.color.rgb = _PLACEHOLDER_TEXT
        return box

    @staticmethod
    def _add_word_art(
        shapes: Shapes, word_art: dict[str, Any], width: float, height: float, transform: Affine
    ) -> Shape:
        where = placement(width, height, transform)
        box = shapes.add_textbox(
            Emu(where.left), Emu(where.top), Emu(where.width), Emu(where.height)
        )
        _orient(box, where)
        box.text_frame.text = str(word_art.get("renderedText", ""))
        return box

    @staticmethod
    def _speaker_notes(notes_page: dict[str, Any]) -> str:
        notes_id = (notes_page.get("notesProperties") or {}).get("speakerNotesObjectId")
        if not notes_id:
            return ""
        for element in notes_page.get("pageElements") or []:
            if element.get("objectId") == notes_id:
                return plain_text((element.get("shape") or {}).get("text")).strip()
        return ""


class _FinishedSlidePart(SlidePart):
    """A slide part holding its finished XML as bytes, as saving it would write them."""

    written: bytes

    @property  # type: ignore[misc]  # python-pptx's XmlPart drops Part's blob setter too
    def blob(self) -> bytes:
        """Return the slide's XML."""
        return self.written


def _keep_as_bytes(slide: Slide) -> None:
    """Trade a finished slide's XML tree for its bytes, so a deck is never held whole as trees.

    A table slide's tree takes several times the memory of its XML, and the
    trees of a long deck's slides add up to hundreds of megabytes.
    """
    part = slide.part
    written = finish_deferred(part, serialize_part_xml(part._element))
    part.__class__ = _FinishedSlidePart
    assert isinstance(part, _FinishedSlidePart)
    part.written = written
    # Nothing reads the tree again: drop it and python-pptx's cached proxies of it.
    part._element = parse_xml(_EMPTY_SLIDE)
    part.__dict__.pop("slide", None)


def _first_set(properties: list[dict[str, Any]], key: str) -> dict[str, Any] | None:
    """Return the nearest value of `key` that is not INHERIT along a placeholder chain."""
    for entry in properties:
        value = entry.get(key)
        if value and value.get("propertyState") != "INHERIT":
            return dict(value)
    return None


def _drop_theme_style(element: BaseOxmlElement) -> None:
    # python-pptx gives new shapes a theme style (accent fill, white text); the
    # deck's own properties are written explicitly instead.
    style = element.find(qn("p:style"))
    if style is not None:
        element.remove(style)


def _orient(created: BaseShape, where: Placement) -> None:
    if where.rotation:
        created.rotation = where.rotation
    xfrm = created._element.find(".//" + qn("a:xfrm"))
    if xfrm is None:
        return
    if where.flip_h:
        xfrm.set("flipH", "1")
    if where.flip_v:
        xfrm.set("flipV", "1")


def _set_dash(ln: BaseOxmlElement, dash_style: str | None) -> None:
    preset = DASH_PRESETS.get(str(dash_style))
    if preset is None:
        return
    dash = ln.get_or_add_prstDash()
    dash.set("val", preset)


def _line_width(weight_emu: float) -> Length:
    """Return a line weight within DrawingML's limit (1pt when the deck gives none)."""
    if weight_emu <= 0:
        return Pt(1)
    return Emu(min(20_116_800, round(weight_emu)))


def _camel(name: str) -> str:
    if name == "STRAIGHT_LINE":
        return "line"
    head, *rest = name.lower().split("_")
    return head + "".join(part.capitalize() for part in rest)


def _category_of(line_type: str) -> str:
    if line_type.startswith("BENT"):
        return "BENT"
    if line_type.startswith("CURVED"):
        return "CURVED"
    return "STRAIGHT"


def _notes_body(notes: BaseOxmlElement) -> BaseOxmlElement | None:
    """Return the text body of a notes page's body placeholder, where its notes go."""
    # python-pptx's notes_text_frame finds it through every placeholder's proxy.
    for shape in notes.iterfind(_NOTES_SHAPES_PATH):
        placeholder = shape.find(_PLACEHOLDER_PATH)
        if placeholder is not None and placeholder.get("type") == "body":
            return shape.find(_TEXT_BODY_TAG)
    return None


def shape_xml(
    shape_type: str,
    preset: str,
    where: Placement,
    fill: dict[str, Any] | None,
    outline: dict[str, Any] | None,
    shape_properties: dict[str, Any] | None,
    content_alignment: str | None,
    scheme: ColourScheme,
) -> str:
    """Return the `p:sp` XML a new shape gets from python-pptx and the exporter's styling.

    Byte for byte what adding the shape through python-pptx, dropping its theme
    style, orienting it and applying fill, outline and frame settings writes, less
    the name and ID that every placed copy gets anew; the object model costs more
    than all of a slide's text.
    """
    text_box = shape_type == "TEXT_BOX"
    transform = ""
    if where.rotation:
        transform += f' rot="{ST_Angle.convert_to_xml(where.rotation)}"'
    if where.flip_h:
        transform += ' flipH="1"'
    if where.flip_v:
        transform += ' flipV="1"'
    return (
        f"<p:sp {_SHAPE_NAMESPACES}><p:nvSpPr>"
        f'<p:cNvPr id="0" name=""/><p:cNvSpPr{_TEXT_BOX_FLAG if text_box else ""}/><p:nvPr/>'
        f"</p:nvSpPr><p:spPr><a:xfrm{transform}>"
        '<a:off x="0" y="0"/><a:ext cx="0" cy="0"/></a:xfrm>'
        f'<a:prstGeom prst="{"rect" if text_box else preset}"><a:avLst/></a:prstGeom>'
        f"{_fill_xml(fill, scheme)}{_outline_xml(outline, scheme)}</p:spPr><p:txBody>"
        f"{body_properties_xml(shape_properties, content_alignment, text_box=text_box)}"
        f"<a:lstStyle/>{'<a:p/>' if text_box else _CENTRED_PARAGRAPH}</p:txBody></p:sp>"
    )


def _solid_fill_xml(colour: RGBColor, alpha: float | None) -> str:
    """Return the `a:solidFill` XML python-pptx's fill API and set_alpha write."""
    if alpha is None or alpha >= 1.0:
        return f'<a:solidFill><a:srgbClr val="{colour}"/></a:solidFill>'
    opacity = max(0, min(100_000, round(alpha * 100_000)))
    return (
        f'<a:solidFill><a:srgbClr val="{colour}"><a:alpha val="{opacity}"/></a:srgbClr>'
        "</a:solidFill>"
    )


def _fill_xml(fill: dict[str, Any] | None, scheme: ColourScheme) -> str:
    """Return the fill XML _apply_fill writes into a new shape's spPr."""
    solid = (fill or {}).get("solidFill")
    colour = scheme.resolve(solid.get("color")) if solid else None
    if (fill or {}).get("propertyState", "RENDERED") != "RENDERED" or colour is None:
        return "<a:noFill/>"
    return _solid_fill_xml(colour, (solid or {}).get("alpha"))


def _outline_xml(outline: dict[str, Any] | None, scheme: ColourScheme) -> str:
    """Return the `a:ln` XML _apply_outline writes into a new shape's spPr."""
    outline = outline or {}
    solid = (outline.get("outlineFill") or {}).get("solidFill")
    colour = scheme.resolve(solid.get("color")) if solid else None
    if outline.get("propertyState", "RENDERED") != "RENDERED" or colour is None:
        return "<a:ln><a:noFill/></a:ln>"
    width = int(_line_width(magnitude_emu(outline.get("weight"))))
    # python-pptx leaves out a width of 0, DrawingML's default.
    head = f'<a:ln w="{width}">' if width else "<a:ln>"
    dash = DASH_PRESETS.get(str(outline.get("dashStyle")))
    dash_xml = f'<a:prstDash val="{dash}"/>' if dash is not None else ""
    return f"{head}{_solid_fill_xml(colour, (solid or {}).get('alpha'))}{dash_xml}</a:ln>"


def solid_background(slide: BaseOxmlElement, colour: RGBColor) -> None:
    """Give a slide a solid background of `colour`: the XML python-pptx's fill API writes."""
    common = slide.find(_COMMON_SLIDE_DATA_TAG)
    assert common is not None  # every slide python-pptx makes has its p:cSld
    old = common.find(_BACKGROUND_TAG)
    if old is not None:
        common.remove(old)
    common.insert(
        0,
        parse_xml(
            f'<p:bg {nsdecls("a", "p")}><p:bgPr><a:solidFill><a:srgbClr val="{colour}"/>'
            "</a:solidFill><a:effectLst/></p:bgPr></p:bg>"
        ),
    )


def _attach(connector: BaseOxmlElement, target: BaseOxmlElement, site: int, *, begin: bool) -> None:
    """Attach one end of `connector` to box site `site` of `target` and move the end there.

    What python-pptx's begin_connect and end_connect write, read and written
    straight from the XML: its property chains cost more than the arithmetic.
    """
    target_frame = _frame_of(target)
    target_id = target.find(_ANY_NAME_PATH)
    line_xfrm = connector.find(_SHAPE_XFRM_PATH)
    links = connector.find(_CONNECTOR_LINKS_PATH)
    assert target_frame is not None and target_id is not None  # a shape python-pptx made
    assert line_xfrm is not None and links is not None  # a connector python-pptx made
    link = OxmlElement("a:stCxn" if begin else "a:endCxn")
    link.set("id", str(int(target_id.get("id", "0"))))
    link.set("idx", str(site))
    following = links.find(_END_LINK_TAG) if begin else None
    following = following if following is not None else links.find(_EXTENSION_LIST_A_TAG)
    if following is not None:
        following.addprevious(link)
    else:
        links.append(link)
    x, y, width, height = target_frame
    point_x, point_y = {
        0: (int(x + width / 2), y),
        1: (x, int(y + height / 2)),
        2: (int(x + width / 2), y + height),
        3: (x + width, int(y + height / 2)),
    }[site]
    if line_xfrm.get("rot", "0") != "0":
        _move_turned_end(line_xfrm, (point_x, point_y), begin=begin)
        return
    offset, extent = line_xfrm.find(_OFFSET_TAG), line_xfrm.find(_EXTENT_TAG)
    assert offset is not None and extent is not None
    for axis, origin, size, flip, point in (
        ("x", "x", "cx", "flipH", point_x),
        ("y", "y", "cy", "flipV", point_y),
    ):
        start, length = int(offset.get(origin, "0")), int(extent.get(size, "0"))
        flipped = line_xfrm.get(flip) in ("1", "true")
        move = _moved_begin if begin else _moved_end
        start, length, now_flipped = move(start, length, flipped, point)
        offset.set(axis, str(start))
        extent.set(size, str(length))
        if now_flipped != flipped:
            # python-pptx writes a flip as "1" and leaves out a flip that is off.
            if now_flipped:
                line_xfrm.set(flip, "1")
            else:
                del line_xfrm.attrib[flip]


def _move_turned_end(xfrm: BaseOxmlElement, point: tuple[int, int], *, begin: bool) -> None:
    """Rewrite a turned line's frame `xfrm` so that its begin (or end) is at `point`.

    The frame's own x and y run along turned page axes, so moving along them would
    move the end elsewhere: the frame is worked out afresh from the two end points.
    """
    offset, extent = xfrm.find(_OFFSET_TAG), xfrm.find(_EXTENT_TAG)
    assert offset is not None and extent is not None
    width, height = int(extent.get("cx", "0")), int(extent.get("cy", "0"))
    rotation = ST_Angle.convert_from_xml(xfrm.get("rot", "0"))
    drawn = drawn_transform(
        Placement(
            left=int(offset.get("x", "0")),
            top=int(offset.get("y", "0")),
            width=width,
            height=height,
            rotation=rotation,
            flip_h=xfrm.get("flipH") in ("1", "true"),
            flip_v=xfrm.get("flipV") in ("1", "true"),
        )
    )
    start, end = drawn.apply(0.0, 0.0), drawn.apply(width, height)
    start, end = (point, end) if begin else (start, point)
    where = turned_line_placement(start, end, rotation)
    offset.set("x", str(where.left))
    offset.set("y", str(where.top))
    extent.set("cx", str(where.width))
    extent.set("cy", str(where.height))
    written = {
        "rot": ST_Angle.convert_to_xml(where.rotation) if where.rotation else None,
        "flipH": "1" if where.flip_h else None,
        "flipV": "1" if where.flip_v else None,
    }
    for name, value in written.items():
        if value is None:
            xfrm.attrib.pop(name, None)
        else:
            xfrm.set(name, value)


def _frame_of(element: BaseOxmlElement) -> tuple[int, int, int, int] | None:
    """Return a shape's or picture's left, top, width and height from its XML."""
    xfrm = element.find(_SHAPE_XFRM_PATH)
    if xfrm is None:
        return None
    offset, extent = xfrm.find(_OFFSET_TAG), xfrm.find(_EXTENT_TAG)
    if offset is None or extent is None:
        return None
    return (
        int(offset.get("x", "0")),
        int(offset.get("y", "0")),
        int(extent.get("cx", "0")),
        int(extent.get("cy", "0")),
    )


def _moved_begin(start: int, length: int, flipped: bool, point: int) -> tuple[int, int, bool]:
    """Return a line's start, length and flip along one axis once its begin is at `point`.

    The begin is at start + length when flipped, else at start (python-pptx's rule).
    """
    if flipped:
        old = start + length
        distance = abs(point - old)
        if point >= old:
            return start, length + distance, True
        if distance <= length:
            return start, length - distance, True
        return point, distance - length, False
    distance = abs(point - start)
    if point <= start:
        return point, length + distance, False
    if distance <= length:
        return point, length - distance, False
    return start + length, distance - length, True


def _moved_end(start: int, length: int, flipped: bool, point: int) -> tuple[int, int, bool]:
    """Return a line's start, length and flip along one axis once its end is at `point`.

    A line's end is the begin of the same line flipped the other way.
    """
    start, length, begin_flipped = _moved_begin(start, length, not flipped, point)
    return start, length, not begin_flipped


def _add_copy(
    shapes: SlideShapes, built: BaseOxmlElement, name_path: str, frame: tuple[int, int, int, int]
) -> BaseOxmlElement:
    """Append a copy of `built` to `shapes` under a new ID, at `frame`: left, top, width, height."""
    element = copy.deepcopy(built)
    # Plain lxml lookups: python-pptx's property chain costs more than the copy.
    c_nv_pr = element.find(name_path)
    xfrm = element.find(_SHAPE_XFRM_PATH)
    assert c_nv_pr is not None and xfrm is not None  # `built` came from python-pptx
    c_nv_pr.set("id", str(shapes._next_shape_id))
    offset, extent = xfrm.find(_OFFSET_TAG), xfrm.find(_EXTENT_TAG)
    assert offset is not None and extent is not None
    left, top, width, height = frame
    offset.set("x", str(left))
    offset.set("y", str(top))
    extent.set("cx", str(width))
    extent.set("cy", str(height))
    tree = shapes._spTree
    # Shapes go before a trailing extension list; finding it need not scan every shape.
    if len(tree) and tree[-1].tag == _EXTENSION_LIST_TAG:
        tree[-1].addprevious(element)
    else:
        tree.append(element)
    return element
