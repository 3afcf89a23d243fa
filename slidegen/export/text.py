"""Slides text content (paragraphs, runs, bullets, styles) written into PowerPoint text frames."""

from __future__ import annotations

import logging
import marshal
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import partial
from typing import Any
from xml.sax.saxutils import escape

from lxml import etree
from pptx.enum.text import MSO_ANCHOR, MSO_AUTO_SIZE, PP_ALIGN
from pptx.opc.constants import RELATIONSHIP_TYPE as RT
from pptx.oxml import element_class_lookup, parse_xml
from pptx.oxml.ns import nsdecls, nsuri, qn
from pptx.oxml.xmlchemy import BaseOxmlElement, OxmlElement
from pptx.text.text import TextFrame
from pptx.text.text import _Paragraph as PptxParagraph
from pptx.util import Emu

from slidegen.export.colours import ColourScheme
from slidegen.units import EMU_PER_PT, magnitude_emu

log = logging.getLogger(__name__)

Style = dict[str, Any]

# Google Slides pads text 0.1in on every side; PowerPoint's own defaults differ.
TEXT_INSET_EMU = 91_440

ALIGNMENTS = {
    "START": PP_ALIGN.LEFT,
    "CENTER": PP_ALIGN.CENTER,
    "END": PP_ALIGN.RIGHT,
    "JUSTIFIED": PP_ALIGN.JUSTIFY,
}

_PARAGRAPH_TAG = qn("a:p")
_NAMESPACE_A = nsuri("a")
_NAMESPACE_R = nsuri("r")
_MIRRORED = {PP_ALIGN.LEFT: PP_ALIGN.RIGHT, PP_ALIGN.RIGHT: PP_ALIGN.LEFT}

ANCHORS = {"TOP": MSO_ANCHOR.TOP, "MIDDLE": MSO_ANCHOR.MIDDLE, "BOTTOM": MSO_ANCHOR.BOTTOM}
_ANCHOR_VALUES = {"TOP": "t", "MIDDLE": "ctr", "BOTTOM": "b"}

_NUMBERED_GLYPH = re.compile(r"^(?P<value>\d+|[a-zA-Z]|[ivxlcdmIVXLCDM]+)(?P<end>[.)])$")
_SLIDE_NUMBER_FIELD_ID = "{B6F15528-21DE-4FAA-801E-634DDDAF4B2B}"
_PARAGRAPH_SPACING_TAGS = ("a:lnSpc", "a:spcBef", "a:spcAft")
_AFTER_BULLET_TAGS = ("a:tabLst", "a:defRPr", "a:extLst")
_DECLARATION = re.compile(r' xmlns(?::\w+)?="[^"]*"')
# python-pptx writes control characters as _xHHHH_ (tab and line feed stay), and
# PowerPoint reads each back from it. U+FFFE, U+FFFF and lone surrogates cannot be
# written in XML either, so they take the same escape rather than stop the export.
_CONTROL = re.compile("([\x00-\x08\x0b-\x1f\ud800-\udfff\ufffe\uffff])")
_QUOTE = {'"': "&quot;"}
# What lxml writes for these characters in an attribute value (escape does &, < and >).
_ATTRIBUTE_ENTITIES = {'"': "&quot;", "\n": "&#10;", "\r": "&#13;", "\t": "&#9;"}
_EMU_PER_CENTIPOINT = 127
_FRAGMENT_PARSER = etree.XMLParser(resolve_entities=False)
_FRAGMENT_PARSER.set_element_class_lookup(element_class_lookup)
TEXT_NAMESPACES = f'xmlns:a="{_NAMESPACE_A}" xmlns:r="{_NAMESPACE_R}"'
"""The declarations XML built here needs, for its container's start tag."""


def merge_styles(*styles: Style | None) -> Style:
    """Return the styles layered left to right; empty values never override."""
    merged: Style = {}
    for style in styles:
        for key, value in (style or {}).items():
            if value is None or value == {}:
                continue
            merged[key] = value
    return merged


@dataclass
class LevelStyles:
    """The paragraph and run style a text body declares for each nesting level."""

    paragraph: dict[int, Style] = field(default_factory=dict)
    run: dict[int, Style] = field(default_factory=dict)

    @classmethod
    def from_text(cls, text: dict[str, Any] | None) -> LevelStyles:
        """Return the first paragraph and run style of each nesting level in `text`."""
        levels = cls()
        level = 0
        for element in (text or {}).get("textElements", []):
            marker = element.get("paragraphMarker")
            if marker is not None:
                level = int((marker.get("bullet") or {}).get("nestingLevel", 0))
                levels.paragraph.setdefault(level, marker.get("style") or {})
                continue
            run = element.get("textRun") or element.get("autoText")
            if run is not None:
                levels.run.setdefault(level, run.get("style") or {})
        return levels

    def paragraph_style(self, level: int) -> Style:
        """Return the paragraph style of `level`, falling back to level 0."""
        return self.paragraph.get(level, self.paragraph.get(0, {}))

    def run_style(self, level: int) -> Style:
        """Return the run style of `level`, falling back to level 0."""
        return self.run.get(level, self.run.get(0, {}))


@dataclass
class _RunData:
    text: str
    style: Style
    slide_number: bool = False


@dataclass
class _ParagraphData:
    style: Style
    bullet: dict[str, Any] | None
    runs: list[_RunData] = field(default_factory=list)
    # The style of the paragraph's closing newline: the size of an empty line.
    end_style: Style | None = None

    @property
    def level(self) -> int:
        return int((self.bullet or {}).get("nestingLevel", 0))


def _paragraphs(text: dict[str, Any]) -> list[_ParagraphData]:
    """Return the paragraphs of an API text body with their runs, newlines removed."""
    paragraphs: list[_ParagraphData] = []
    current: _ParagraphData | None = None
    for element in text.get("textElements", []):
        marker = element.get("paragraphMarker")
        if marker is not None:
            current = _ParagraphData(marker.get("style") or {}, marker.get("bullet"))
            paragraphs.append(current)
            continue
        if "textRun" in element:
            run, is_number = element["textRun"], False
        elif "autoText" in element:
            run = element["autoText"]
            is_number = run.get("type") == "SLIDE_NUMBER"
        else:
            continue
        if current is None:
            current = _ParagraphData({}, None)
            paragraphs.append(current)
        style = run.get("style") or {}
        pieces = str(run.get("content", "")).split("\n")
        for index, piece in enumerate(pieces):
            if index > 0:
                current.end_style = style
                # A newline inside a run (never sent by the API) still starts a paragraph.
                if index == len(pieces) - 1 and piece == "":
                    break
                current = _ParagraphData(current.style, current.bullet)
                paragraphs.append(current)
            if piece:
                current.runs.append(_RunData(piece, style, is_number))
    return paragraphs


def has_text(text: dict[str, Any] | None) -> bool:
    """Return True when a text body holds more than its final newline."""
    return any(p.runs for p in _paragraphs(text or {}))


def plain_text(text: dict[str, Any] | None) -> str:
    """Return a text body as plain text, paragraphs joined with newlines."""
    return "\n".join("".join(r.text for r in p.runs) for p in _paragraphs(text or {}))


def font_size_emu(size: dict[str, Any]) -> int:
    """Return a font size Dimension as EMU, kept within DrawingML's 1-4000pt."""
    return max(EMU_PER_PT, min(4000 * EMU_PER_PT, round(magnitude_emu(size))))


def paragraph_alignment(style: Style) -> PP_ALIGN:
    """Return the PowerPoint alignment of a Slides paragraph style, minding its direction.

    Slides' START and END follow the paragraph's direction; DrawingML's ``algn``
    is a side of the box, so a right-to-left paragraph starts on the right.
    """
    # Slides' default is START; python-pptx would otherwise centre text in autoshapes.
    alignment = ALIGNMENTS.get(style.get("alignment", ""), PP_ALIGN.LEFT)
    if style.get("direction") == "RIGHT_TO_LEFT":
        return _MIRRORED.get(alignment, alignment)
    return alignment


def _apply_paragraph_style(paragraph: _ParagraphData, target: PptxParagraph, style: Style) -> None:
    target.alignment = paragraph_alignment(style)
    if style.get("lineSpacing"):
        target.line_spacing = float(style["lineSpacing"]) / 100.0
    if style.get("spaceAbove") is not None:
        target.space_before = Emu(round(magnitude_emu(style["spaceAbove"])))
    if style.get("spaceBelow") is not None:
        target.space_after = Emu(round(magnitude_emu(style["spaceBelow"])))
    ppr = target._p.get_or_add_pPr()
    if style.get("direction") == "RIGHT_TO_LEFT":
        ppr.set("rtl", "1")
    if paragraph.level:
        ppr.set("lvl", str(min(8, paragraph.level)))
    indent_start = style.get("indentStart")
    indent_first = style.get("indentFirstLine")
    start = magnitude_emu(indent_start) if indent_start else None
    first = magnitude_emu(indent_first) if indent_first else None
    if paragraph.bullet is not None and _glyph(paragraph.bullet) and not start:
        # Slides indents list levels by 18pt when the paragraph does not say.
        start = 18 * EMU_PER_PT * (paragraph.level + 1)
        first = start - 18 * EMU_PER_PT
    if start:
        ppr.set("marL", str(round(start)))
    if start or first:
        ppr.set("indent", str(round((first or 0.0) - (start or 0.0))))


def _glyph(bullet: dict[str, Any]) -> str:
    return str(bullet.get("glyph", "")).strip()


def _insert_bullet(ppr: BaseOxmlElement, bullet: dict[str, Any], scheme: ColourScheme) -> None:
    glyph = _glyph(bullet)
    bullet_style = bullet.get("bulletStyle") or {}
    elements: list[BaseOxmlElement] = []
    colour = scheme.resolve_optional(bullet_style.get("foregroundColor"))
    if colour is not None:
        elements.append(parse_xml(f'<a:buClr {nsdecls("a")}><a:srgbClr val="{colour}"/></a:buClr>'))
    if not glyph:
        elements.append(OxmlElement("a:buNone"))
    else:
        numbered = _NUMBERED_GLYPH.match(glyph)
        if numbered is not None:
            elements.append(_auto_number(numbered.group("value"), numbered.group("end")))
        else:
            family = bullet_style.get("fontFamily") or "Arial"
            elements.append(parse_xml(f'<a:buFont {nsdecls("a")} typeface="{family}"/>'))
            char = OxmlElement("a:buChar")
            char.set("char", glyph)
            elements.append(char)
    for element in elements:
        ppr.insert_element_before(element, *_AFTER_BULLET_TAGS)


def _auto_number(value: str, end: str) -> BaseOxmlElement:
    suffix = "Period" if end == "." else "ParenR"
    if value.isdigit():
        scheme, start = f"arabic{suffix}", int(value)
    elif len(value) == 1 and value.lower() != "i":
        # A lone letter is far more often an alphabetic item than a Roman numeral.
        case = "Lc" if value.islower() else "Uc"
        scheme, start = f"alpha{case}{suffix}", ord(value.lower()) - ord("a") + 1
    else:
        case = "Lc" if value.islower() else "Uc"
        scheme, start = f"roman{case}{suffix}", _roman_value(value)
    element = OxmlElement("a:buAutoNum")
    element.set("type", scheme)
    if start > 1:
        element.set("startAt", str(start))
    return element


def _roman_value(numeral: str) -> int:
    values = {"i": 1, "v": 5, "x": 10, "l": 50, "c": 100, "d": 500, "m": 1000}
    total, previous = 0, 0
    for char in reversed(numeral.lower()):
        value = values[char]
        total = total - value if value < previous else total + value
        previous = max(previous, value)
    return max(1, total)


def configure_frame(
    frame: TextFrame,
    shape_properties: dict[str, Any] | None,
    content_alignment: str | None = None,
) -> None:
    """Set insets, wrapping, autofit and vertical anchor of a text frame."""
    frame.word_wrap = True
    frame.margin_left = frame.margin_right = Emu(TEXT_INSET_EMU)
    frame.margin_top = frame.margin_bottom = Emu(TEXT_INSET_EMU)
    autofit = (shape_properties or {}).get("autofit") or {}
    kind = autofit.get("autofitType")
    scale = float(autofit.get("fontScale") or 1.0)
    if kind == "SHAPE_AUTOFIT":
        frame.auto_size = MSO_AUTO_SIZE.SHAPE_TO_FIT_TEXT
    elif kind == "TEXT_AUTOFIT" or scale < 1.0:
        # Slides reports the shrink it applied; PowerPoint shows text at that scale.
        frame.auto_size = MSO_AUTO_SIZE.TEXT_TO_FIT_SHAPE
        norm = frame._txBody.bodyPr.find(qn("a:normAutofit"))
        if norm is not None and scale < 1.0:
            norm.set("fontScale", str(round(scale * 100_000)))
    else:
        frame.auto_size = MSO_AUTO_SIZE.NONE
    # Unset means TOP for shapes without a parent placeholder (Slides API reference).
    frame.vertical_anchor = ANCHORS.get(content_alignment or "", MSO_ANCHOR.TOP)


def body_properties_xml(
    shape_properties: dict[str, Any] | None,
    content_alignment: str | None,
    *,
    text_box: bool,
) -> str:
    """Return the `a:bodyPr` XML configure_frame leaves on a new text box or preset shape."""
    # python-pptx starts a text box at wrap="none" and a preset shape at rtlCol="0"
    # anchor="ctr"; configure_frame then sets wrap, insets and anchor in that order,
    # leaving out an inset equal to DrawingML's default.
    anchor = _ANCHOR_VALUES.get(content_alignment or "", "t")
    attributes = [' rtlCol="0"', f' anchor="{anchor}"'] if not text_box else []
    attributes.append(' wrap="square"')
    for name, default in (("lIns", 91_440), ("rIns", 91_440), ("tIns", 45_720), ("bIns", 45_720)):
        if default != TEXT_INSET_EMU:
            attributes.append(f' {name}="{TEXT_INSET_EMU}"')
    if text_box:
        attributes.append(f' anchor="{anchor}"')
    autofit = (shape_properties or {}).get("autofit") or {}
    kind = autofit.get("autofitType")
    scale = float(autofit.get("fontScale") or 1.0)
    if kind == "SHAPE_AUTOFIT":
        fit = "<a:spAutoFit/>"
    elif kind == "TEXT_AUTOFIT" or scale < 1.0:
        fit = (
            f'<a:normAutofit fontScale="{round(scale * 100_000)}"/>'
            if scale < 1.0
            else "<a:normAutofit/>"
        )
    else:
        fit = "<a:noAutofit/>"
    return f"<a:bodyPr{''.join(attributes)}>{fit}</a:bodyPr>"


def write_plain_text(body: BaseOxmlElement, text: str) -> None:
    """Replace the paragraphs of text body `body` by `text`: what TextFrame.text writes.

    Each line is a paragraph and each vertical tab a line break; python-pptx's
    setter builds the same elements one call at a time.
    """
    for paragraph in body.findall(_PARAGRAPH_TAG):
        body.remove(paragraph)
    paragraphs = []
    for line in text.split("\n"):
        content = []
        for number, piece in enumerate(line.split("\v")):
            if number:
                content.append("<a:br/>")
            if piece:  # python-pptx adds no empty runs
                content.append(f"<a:r><a:t>{escape(escape_unwritable(piece))}</a:t></a:r>")
        paragraphs.append(f"<a:p>{''.join(content)}</a:p>")
    body.extend(parse_fragment(f"<a:txBody {nsdecls('a')}>{''.join(paragraphs)}</a:txBody>"))


def write_text(
    frame: TextFrame,
    text: dict[str, Any] | None,
    scheme: ColourScheme,
    inherited: list[LevelStyles],
    default_run: Style,
) -> None:
    """Write an API text body into `frame`; `inherited` runs from outermost to nearest."""
    part = frame.part
    xml = paragraphs_xml(text, scheme, inherited, default_run, lambda url: link_id(part, url))
    if xml is None:
        return
    tx_body = frame._txBody
    old = tx_body.find(_PARAGRAPH_TAG)
    assert old is not None  # python-pptx gives every new text body one empty paragraph
    if old.getnext() is None and defer_xml(part, old, xml):
        return
    written = parse_fragment(f"<a:txBody {TEXT_NAMESPACES}>{xml}</a:txBody>")
    first, *rest = list(written)
    tx_body.replace(old, first)
    tx_body.extend(rest)


# A slide's text and tables are written as XML text. Parsing that text into the
# slide's tree, only for the tree to be written out as text again when the slide
# is finished, costs more than the rest of the export: a part that is finished
# that way (see `start_deferring`) gets a marker instead, replaced by the text itself.

_DEFERRED_ATTRIBUTE = "_slidegen_deferred_xml"
_MARKER_PREFIX = "slidegen-deferred-xml:"
_PARSED_CONTROLS = bytes(code for code in range(32) if chr(code) not in "\t\n")
_MARKER = re.compile(rb"<!--" + _MARKER_PREFIX.encode() + rb"(\d+)-->")


def start_deferring(part: Any) -> None:
    """Let XML written into `part` wait as text until `finish_deferred` writes the part."""
    setattr(part, _DEFERRED_ATTRIBUTE, [])


def defer_xml(part: Any, old: BaseOxmlElement, xml: str) -> bool:
    """Put a marker standing for the elements `xml` holds in place of `old`, if `part` allows.

    `xml` must be written as lxml writes it (no namespace declarations: the
    part's root declares them). Return False, changing nothing, when the part
    does not defer or `xml` holds what XML cannot.
    """
    deferred: list[bytes] | None = getattr(part, _DEFERRED_ATTRIBUTE, None)
    if deferred is None:
        return False
    try:
        data = xml.encode("utf-8")
    except UnicodeEncodeError:  # a lone surrogate: the parser refuses it, as it should
        return False
    if (
        len(data.translate(None, _PARSED_CONTROLS)) != len(data)
        or b"\xef\xbf\xbe" in data
        or b"\xef\xbf\xbf" in data
    ):
        # Control characters the parser refuses (or, for a carriage return, rewrites),
        # U+FFFE and U+FFFF: the parser decides what becomes of them, as without deferring.
        return False
    parent = old.getparent()
    assert parent is not None
    parent.replace(old, etree.Comment(f"{_MARKER_PREFIX}{len(deferred)}"))
    deferred.append(data)
    return True


def finish_deferred(part: Any, written: bytes) -> bytes:
    """Return the XML `written` for `part` with each marker replaced by the XML it stands for."""
    deferred: list[bytes] | None = getattr(part, _DEFERRED_ATTRIBUTE, None)
    if not deferred:
        return written
    delattr(part, _DEFERRED_ATTRIBUTE)
    return _MARKER.sub(lambda match: deferred[int(match.group(1))], written)


def link_id(part: Any, url: str) -> str:
    """Return the ID of a new external hyperlink relationship of `part` to `url`."""
    rid: str = part.relate_to(url, RT.HYPERLINK, is_external=True)
    return rid


def paragraphs_xml(
    text: dict[str, Any] | None,
    scheme: ColourScheme,
    inherited: list[LevelStyles],
    default_run: Style,
    link: Callable[[str], str],
) -> str | None:
    """Return the `a:p` elements of an API text body as XML (None when it has no paragraphs).

    The XML declares no namespaces (see `TEXT_NAMESPACES`); `link` returns the
    relationship ID of a hyperlink, asked in document order.
    """
    paragraphs = _paragraphs(text or {})
    if not paragraphs:
        return None
    pieces: list[str] = []
    add = pieces.append
    for paragraph in paragraphs:
        level = paragraph.level
        paragraph_style = merge_styles(
            *(levels.paragraph_style(level) for levels in inherited), paragraph.style
        )
        base_run = merge_styles(default_run, *(levels.run_style(level) for levels in inherited))
        add("<a:p>")
        add(_paragraph_properties_xml(paragraph, paragraph_style, scheme))
        start = len(pieces)
        for run in paragraph.runs:
            style = merge_styles(base_run, run.style)
            if run.slide_number:
                add(f'<a:fld id="{_SLIDE_NUMBER_FIELD_ID}" type="slidenum">')
                write = partial(run_properties_xml, style, scheme, field=True)
                add(built_text(scheme, ("fld", style), write))
                # An empty a:t as lxml writes it: the XML must read the same either way.
                add(f"<a:t>{escape(run.text)}</a:t></a:fld>" if run.text else "<a:t/></a:fld>")
                continue
            url = (style.get("link") or {}).get("url")
            write = partial(run_properties_xml, style, scheme)
            properties = built_text(scheme, ("r", style), write)
            if url:
                # The link goes last in a:rPr: nothing after it (a:rtl, a:extLst) is written.
                head, inner = split_element(properties)
                link_xml = f'<a:hlinkClick r:id="{escape(link(url), _QUOTE)}"/>'
                properties = f"{head}>{inner}{link_xml}</a:rPr>"
            for piece_index, piece in enumerate(run.text.split("\v")):
                if piece_index > 0:
                    add("<a:br/>")
                if piece:
                    add(f"<a:r>{properties}<a:t>{escape(escape_unwritable(piece))}</a:t></a:r>")
        # An empty paragraph's height comes from its end-of-paragraph properties.
        closing = paragraph.end_style
        if closing is None and paragraph.runs:
            closing = paragraph.runs[-1].style
        last_style = merge_styles(base_run, closing)
        size = last_style.get("fontSize")
        if size and size.get("magnitude"):
            add(f'<a:endParaRPr sz="{font_size_emu(size) * 100 // EMU_PER_PT}"/>')
        if len(pieces) == start and not pieces[-1]:
            # Nothing inside (no properties either): an empty element, as lxml writes it.
            pieces[-2:] = ["<a:p/>"]
        else:
            add("</a:p>")
    return "".join(pieces)


# Decks repeat a handful of paragraph and run styles thousands of times; each
# distinct one is built once through python-pptx, then its XML is copied.


def style_key(*parts: object) -> bytes | str:
    """Return a key telling apart the styles XML is built from (plain JSON-like data)."""
    # marshal's bytes tell every JSON value apart (equal bytes load as equal values) at a
    # fraction of repr's cost. Two equal dicts written in a different key order, or equal
    # strings of which only one is interned, only cost a second build.
    try:
        data: Any = parts
        return marshal.dumps(data, 2)
    except ValueError:  # not plain data after all
        return repr(parts)


def _paragraph_properties_xml(paragraph: _ParagraphData, style: Style, scheme: ColourScheme) -> str:
    """Return the XML of the properties (and bullet) of `paragraph`: the inside of its `a:p`."""

    def build() -> BaseOxmlElement:
        shell = parse_xml(f"<a:p {nsdecls('a')}/>")
        target = PptxParagraph(shell, None)  # type: ignore[arg-type]
        _apply_paragraph_style(paragraph, target, style)
        if paragraph.bullet is not None:
            _insert_bullet(shell.get_or_add_pPr(), paragraph.bullet, scheme)
        return shell

    _head, inner = split_element(
        built_xml(scheme, ("p", style, paragraph.bullet, paragraph.level), build)
    )
    return inner


def run_properties_xml(style: Style, scheme: ColourScheme, *, field: bool = False) -> str:
    """Return the `a:rPr` XML `apply_run_style` writes for `style`, written directly.

    The same attributes in the same order, the same children: python-pptx's
    object model costs more than the rest of a run. A field's properties
    carry its language first, as `_field_properties` gives them.
    """
    attributes = [' lang="en-US"'] if field else []
    weighted = style.get("weightedFontFamily") or {}
    family = style.get("fontFamily") or weighted.get("fontFamily")
    size = style.get("fontSize")
    if size and size.get("magnitude"):
        attributes.append(f' sz="{font_size_emu(size) // _EMU_PER_CENTIPOINT}"')
    bold = style.get("bold")
    weight = weighted.get("weight")
    if bold is None and weight is not None:
        bold = int(weight) >= 600
    if bold is not None:
        attributes.append(' b="1"' if bold else ' b="0"')
    if style.get("italic") is not None:
        attributes.append(' i="1"' if style["italic"] else ' i="0"')
    if style.get("underline") is not None:
        attributes.append(' u="sng"' if style["underline"] else ' u="none"')
    if style.get("strikethrough"):
        attributes.append(' strike="sngStrike"')
    if style.get("smallCaps"):
        attributes.append(' cap="small"')
    offset = style.get("baselineOffset")
    if offset == "SUPERSCRIPT":
        attributes.append(' baseline="30000"')
    elif offset == "SUBSCRIPT":
        attributes.append(' baseline="-25000"')
    children = []
    colour = scheme.resolve_optional(style.get("foregroundColor"))
    if colour is not None:
        children.append(f'<a:solidFill><a:srgbClr val="{colour}"/></a:solidFill>')
    if family:
        typeface = escape(str(family), _ATTRIBUTE_ENTITIES)
        # Hebrew, Arabic and other complex scripts take the `cs` font: named too, as Google
        # Slides sets one family for every script. Left out, a renderer picks its own
        # (LibreOffice's is wider than Arial) and breaks words measured to fit.
        children.append(f'<a:latin typeface="{typeface}"/><a:cs typeface="{typeface}"/>')
    head = "<a:rPr" + "".join(attributes)
    return f"{head}>{''.join(children)}</a:rPr>" if children else f"{head}/>"


def built_xml(
    scheme: ColourScheme, parts: tuple[object, ...], build: Callable[[], BaseOxmlElement]
) -> str:
    """Return the XML of the element `build` makes from `parts`, built once per scheme."""
    key = style_key(*parts)
    xml = scheme.built.get(key)
    if xml is None:
        xml = scheme.built[key] = fragment_xml(build())
    return str(xml)


def built_text(scheme: ColourScheme, parts: tuple[object, ...], write: Callable[[], str]) -> str:
    """Return the XML `write` gives for `parts`, written once per scheme."""
    key = style_key(*parts)
    xml = scheme.built.get(key)
    if xml is None:
        xml = scheme.built[key] = write()
    return str(xml)


def fragment_xml(element: BaseOxmlElement) -> str:
    """Return `element` as XML without namespace declarations (its container declares them)."""
    xml: str = etree.tostring(element, encoding="unicode")
    # lxml escapes ">" in attribute values, so the first one ends the start tag.
    end = xml.index(">")
    return _DECLARATION.sub("", xml[:end]) + xml[end:]


def split_element(xml: str) -> tuple[str, str]:
    """Return an element's XML as its start tag without the closing ">" and its content."""
    end = xml.index(">")
    if xml[end - 1] == "/":
        return xml[: end - 1], ""
    return xml[:end], xml[end + 1 : xml.rindex("</")]


def parse_fragment(xml: str) -> BaseOxmlElement:
    """Return the element XML text describes, with python-pptx's element classes."""
    # Unlike python-pptx's parser this keeps blank text, so a run of spaces survives.
    element: BaseOxmlElement = etree.fromstring(xml, _FRAGMENT_PARSER)
    return element


def escape_unwritable(text: str) -> str:
    """Return `text` with the characters XML cannot hold written as PowerPoint's _xHHHH_ escapes."""
    return _CONTROL.sub(lambda match: f"_x{ord(match.group(1)):04X}_", text)
