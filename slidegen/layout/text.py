"""Measure, wrap and fit text with real font metrics, whatever script it is in.

Each character is measured with the face that would draw it:

- the template's family when we know its metrics: Arial, Helvetica, Arimo and
  Liberation Sans with the bundled Liberation Sans (metric-compatible with
  Arial); Calibri and Carlito with Carlito's advances; Times, Times New Roman,
  Tinos and Liberation Serif with Liberation Serif's (tables in
  ``slidegen/fonts/metrics``). Any other family is measured as Liberation Sans
  made UNKNOWN_FAMILY_SCALE wider (``is_exactly_measured`` says which);
- characters the family lacks fall back as a renderer's font fallback would:
  Latin, Greek, Cyrillic and Hebrew to Liberation Sans, Arabic to Noto Sans
  Arabic (widened by ARABIC_SCALE: the isolated forms in the table are not
  the joined forms a renderer draws), CJK ideographs, kana, Hangul and other
  East Asian wide characters at a full em, emoji at EMOJI_EM, and anything
  else at a full em, a conservative width for scripts we have no table for.

Lines break at spaces. A token too long for a whole line (a URL, a dotted
identifier, a path) breaks after any of BREAK_AFTER, and text without spaces
between East Asian characters breaks between them; only a piece that still
does not fit is cut between characters. ``with_soft_breaks`` puts a zero-width
space after those separators in the tokens that need them, so every renderer
breaks where this module does.

All lengths are integer EMU. ``wrap``/``text_height`` work on the *inner*
width of a box (insets already removed); ``fit_text`` and ``box_height_for``
take whole boxes and subtract the text insets Slides applies inside shapes
and table cells.
"""

from __future__ import annotations

import itertools
import json
import math
import re
import unicodedata
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Final

from slidegen.units import EMU_PER_PT, inches

if TYPE_CHECKING:
    from PIL import ImageFont

INSET_X: Final = inches(0.1)
"""Slides' default left and right text inset inside a shape or table cell."""
INSET_Y: Final = inches(0.1)
"""Top and bottom text inset we plan for inside a shape or table cell.

Slides documents 0.05 in for shapes, but pads table cells more and the .pptx
export pads 0.1 in on every side; planning for 0.1 in keeps text inside its
box in every renderer.
"""

LINE_HEIGHT_FACTOR: Final = 1.2
"""Height of one line in a text box at 100 % spacing, in multiples of the font size.

Liberation Sans' ascent + descent is 1.118 em and its line height with the
line gap 1.150 em; text boxes keep a little more, 1.2 em, since a box a
line short shows its text spilling over what lies below.
"""
CELL_LINE_HEIGHT_FACTOR: Final = 1.15
"""Height of one line in a table cell at 100 % spacing, in multiples of the font size.

Arial's own line height (Liberation Sans, metric-compatible: ascender 1854
+ descender 434 + line gap 67 in 2048 units = 1.150 em), which a renderer
uses as 100 % spacing. LibreOffice draws single-spaced 9 pt rows of Liberation
Sans 10.06 pt apart (1.118 em, measured on a rendered .pptx), so rows
planned at 1.15 em hold their lines with room to spare. Every row of a long
table pays for any slack here, so tables plan with the font's figure.
"""

WIDTH_SAFETY: Final = 0.97
"""Fraction of a line's width we let text use.

Renderers differ by a few per cent (hinting, kerning, sub-pixel rounding);
breaking a little early means no renderer breaks a line we counted as one.
"""

_REFERENCE_SIZE: Final = 1000
_FONT_DIR: Final = Path(__file__).resolve().parents[1] / "fonts"
_METRICS_DIR: Final = _FONT_DIR / "metrics"

SANS: Final = "Liberation Sans"
CARLITO: Final = "Carlito"
SERIF: Final = "Liberation Serif"
_FAMILY_FACES: Final = {
    "arial": SANS,
    "helvetica": SANS,
    "liberation sans": SANS,
    "arimo": SANS,
    "calibri": CARLITO,
    "carlito": CARLITO,
    "times": SERIF,
    "times new roman": SERIF,
    "liberation serif": SERIF,
    "tinos": SERIF,
}
_TABLES: Final = {
    (CARLITO, False): "carlito-regular",
    (CARLITO, True): "carlito-bold",
    (SERIF, False): "liberation-serif-regular",
    (SERIF, True): "liberation-serif-bold",
    ("Noto Sans Arabic", False): "noto-sans-arabic-regular",
    ("Noto Sans Arabic", True): "noto-sans-arabic-bold",
}

WIDE_LINE_HEIGHT_FACTOR: Final = 1.5
"""Line height of East Asian text, in multiples of the font size.

Renderers draw it from a fallback face with much taller lines (Noto Sans
CJK: 1.448 em; LibreOffice draws 9 pt Japanese rows 13 pt apart).
"""
UNKNOWN_FAMILY_SCALE: Final = 1.1
"""How much wider than Arial a family without known metrics is assumed to be.

Common presentation faces (Verdana, Tahoma, Segoe UI, Open Sans, Roboto) run
up to about 10 % wider than Arial; narrower faces then merely leave room.
"""
ARABIC_SCALE: Final = 1.15
"""Widening of Arabic measured from Noto Sans Arabic's isolated forms.

Joined forms are mostly narrower than isolated ones, but the face a
renderer falls back to may be wider than Noto (DejaVu Sans is); 15 % covers
the faces tried.
"""
EMOJI_EM: Final = 1.25
"""Advance of an emoji: Noto Color Emoji's is 2550/2048 em."""
AUTOSPACE_EM: Final = 0.3
"""Space set between East Asian characters and a Latin letter or digit beside them.

LibreOffice (and PowerPoint) add it by default: '杨磊6' at 10 pt is drawn
28.4 pt wide, 2.9 pt more than its glyphs.
"""
FULL_EM: Final = 1.0
"""Advance of an East Asian wide character, and of any character without metrics."""

BREAK_AFTER: Final = frozenset("/.-_?&")
"""Characters after which a token too long for a line may break."""
SOFT_BREAK: Final = "\u200b"
"""Zero-width space: a break opportunity every renderer honours."""
_BREAKS: Final = BREAK_AFTER | {SOFT_BREAK}
_BREAKING_SPACES: Final = re.compile("[^\\S\u00a0\u2007\u202f]+")
"""Spaces a line may break at: any white space but the no-break ones, which renderers keep."""
_SOFTENED: Final = re.compile("[/._?&-](?=[^/._?&\u200b \n-])")
"""A separator ``with_soft_breaks`` would put a break after: one a token goes on past."""
_NO_BREAK_BEFORE: Final = frozenset("、。，．：；！？）」』】〕〉》”’ー々〜・,.:;!?)]}")
_ZERO_WIDTH_CATEGORIES: Final = frozenset({"Mn", "Me", "Cf"})
_PLAIN: Final = frozenset(chr(code) for code in range(0x20, 0x7F))
"""Printable ASCII: Liberation Sans draws each, none is zero-width, wide or an emoji."""


@dataclass(frozen=True)
class FitResult:
    """The outcome of fitting text into a box."""

    font_pt: float
    lines: list[str]
    height: int
    fits: bool


def measured_family(font_family: str) -> str:
    """Return the face whose metrics stand in for `font_family`.

    Known families map to their metric-compatible face; any other family is
    measured as a widened Liberation Sans (see ``is_exactly_measured``).
    """
    return _FAMILY_FACES.get(font_family.strip().lower(), SANS)


def is_exactly_measured(font_family: str) -> bool:
    """Return True when `font_family` has metrics we measure it with, not an estimate."""
    return font_family.strip().lower() in _FAMILY_FACES


def family_measured(font_family: str) -> str | None:
    """Return `font_family` as measuring takes it: None for Arial and the families measured so.

    Hot paths pass None for the default and skip normalising a family's name.
    """
    return font_family if _family_key(font_family) else None


def _family_key(font_family: str | None) -> str:
    """Return the normalised family name the caches key on ('' for the default, Arial)."""
    if font_family is None:
        return ""
    name = font_family.strip().lower()
    return "" if _FAMILY_FACES.get(name) == SANS else name


@lru_cache(maxsize=2)
def _font(bold: bool) -> ImageFont.FreeTypeFont:
    """Return the bundled Liberation Sans at the reference size, as the tables were laid out.

    Only checking the tables (and regenerating them) needs the font itself.
    """
    from PIL import ImageFont

    name = "LiberationSans-Bold.ttf" if bold else "LiberationSans-Regular.ttf"
    # BASIC layout gives the same advances on every machine (Raqm may be absent).
    return ImageFont.truetype(
        str(_FONT_DIR / name), _REFERENCE_SIZE, layout_engine=ImageFont.Layout.BASIC
    )


@dataclass(frozen=True)
class _SansMetrics:
    """Liberation Sans as FreeType lays it out at the reference size, read from its table."""

    advances: dict[str, float]
    """The advance of each character the font draws."""
    kerning: dict[str, float]
    """What each pair its ``kern`` table lists adds to the two advances (other pairs add 0)."""
    extent: float
    """Ascent + descent, in the same units."""


@lru_cache(maxsize=2)
def _sans_metrics(bold: bool) -> _SansMetrics:
    """Return Liberation Sans' laid-out metrics (``scripts/extract_font_metrics.py`` wrote them).

    Reading the table costs far less than opening the font and asking FreeType
    for each new character and pair, and gives the same floats, bit for bit.
    """
    name = "liberation-sans-bold" if bold else "liberation-sans-regular"
    data = json.loads((_METRICS_DIR / f"{name}.json").read_text(encoding="utf-8"))
    advances = {
        chr(first + offset): float(advance)
        for first, run in data["runs"]
        for offset, advance in enumerate(run)
    }
    kerning = {pair: float(value) for pair, value in data["kerning"].items()}
    return _SansMetrics(advances, kerning, float(data["ascent"] + data["descent"]))


def _sans_length(run: str, bold: bool) -> float:
    """Return what ``_font(bold).getlength(run)`` returns, from per-character figures.

    FreeType's layout without shaping adds each glyph's advance and the
    kerning of each pair of neighbours, all in 1/64 of a unit: the sum is the
    same float, exactly, whatever the order. Every character of `run` is one
    Liberation Sans draws.
    """
    metrics = _sans_metrics(bold)
    total = sum(map(metrics.advances.__getitem__, run))
    if len(run) < 2:
        return total
    pairs = map(str.__add__, run, run[1:])
    # FreeType kerns only what the kern table lists: every other pair adds nothing.
    return total + sum(map(metrics.kerning.get, pairs, itertools.repeat(0.0)))


@lru_cache(maxsize=2)
def _sans_coverage(bold: bool) -> frozenset[int]:
    """Return the code points Liberation Sans draws (asked once per character run)."""
    return frozenset(map(ord, _sans_metrics(bold).advances))


def _sans_kerned(bold: bool) -> frozenset[str]:
    """Return the pairs of characters Liberation Sans' kern table lists."""
    return frozenset(_sans_metrics(bold).kerning)


@lru_cache(maxsize=8)
def _table(face: str, bold: bool) -> dict[int, float]:
    """Return a face's advances in thousandths of an em, by code point."""
    data = json.loads((_METRICS_DIR / f"{_TABLES[(face, bold)]}.json").read_text())
    scale = _REFERENCE_SIZE / data["units_per_em"]
    widths: dict[int, float] = {}
    for first, advances in data["runs"]:
        for offset, advance in enumerate(advances):
            widths[first + offset] = advance * scale
    return widths


def is_wide(char: str) -> bool:
    """Return True for an East Asian wide or full-width character (CJK, kana, Hangul)."""
    return unicodedata.east_asian_width(char) in ("W", "F") and not is_emoji(char)


def may_break_inside(word: str) -> bool:
    """Return True when `word` may break inside: after a separator or between wide characters.

    A word with neither is ordinary, and breaking it cuts it in two.
    """
    return any(char in BREAK_AFTER or is_wide(char) for char in word)


@lru_cache(maxsize=65536)
def has_wide(text: str) -> bool:
    """Return True when `text` holds an East Asian wide or full-width character."""
    # No ASCII character is wide: most texts need no look-up per character.
    return not text.isascii() and any(map(is_wide, text))


def is_emoji(char: str) -> bool:
    """Return True for a pictographic character drawn from an emoji font."""
    code = ord(char)
    return 0x1F000 <= code <= 0x1FAFF or 0x2600 <= code <= 0x27BF or 0x2B00 <= code <= 0x2BFF


def _is_arabic(code: int) -> bool:
    return (
        0x0600 <= code <= 0x06FF
        or 0x0750 <= code <= 0x077F
        or 0x08A0 <= code <= 0x08FF
        or 0xFB50 <= code <= 0xFDFF
        or 0xFE70 <= code <= 0xFEFF
    )


def _source(char: str, face: str, bold: bool) -> str:
    """Return which metrics measure `char` in `face`: a face name, 'zero', 'wide' or 'emoji'."""
    code = ord(char)
    if unicodedata.category(char) in _ZERO_WIDTH_CATEGORIES:
        return "zero"
    if face != SANS and code in _table(face, bold):
        return face
    if is_emoji(char):
        return "emoji"
    if code in _sans_coverage(bold):
        return SANS
    if _is_arabic(code):
        return "Noto Sans Arabic"
    return "wide"


def _runs(text: str, face: str, bold: bool) -> Iterator[tuple[str, str]]:
    """Yield (source, text) for each stretch of `text` measured the same way."""
    start = 0
    current = _source(text[0], face, bold)
    for index in range(1, len(text)):
        source = _source(text[index], face, bold)
        if source != current:
            yield current, text[start:index]
            start, current = index, source
    yield current, text[start:]


@lru_cache(maxsize=65536)
def _reference_width(text: str, bold: bool, family: str = "") -> float:
    """Return the width of `text` in thousandths of an em."""
    face = _FAMILY_FACES.get(family, SANS) if family else SANS
    total = 0.0
    wide = False
    # Plain ASCII is one run of Liberation Sans: measure it without sorting characters.
    runs = [(SANS, text)] if face == SANS and _PLAIN.issuperset(text) else _runs(text, face, bold)
    for source, run in runs:
        wide = wide or source == "wide"
        if source == SANS:
            total += _sans_length(run, bold)
        elif source == "zero":
            continue
        elif source == "emoji":
            total += EMOJI_EM * _REFERENCE_SIZE * len(run)
        elif source == "wide":
            total += FULL_EM * _REFERENCE_SIZE * len(run)
        else:
            table = _table(source, bold)
            scale = ARABIC_SCALE if source == "Noto Sans Arabic" else 1.0
            total += scale * sum(table.get(ord(char), _REFERENCE_SIZE) for char in run)
    if wide:
        total += AUTOSPACE_EM * _REFERENCE_SIZE * _autospaces(text)
    if family and family not in _FAMILY_FACES:
        total *= UNKNOWN_FAMILY_SCALE
    return total


def _autospaces(text: str) -> int:
    """Return how many places `text` turns between East Asian and Latin letters or digits."""

    def latin(char: str) -> bool:
        return char.isalnum() and not is_wide(char)

    return sum(
        1
        for before, after in itertools.pairwise(text)
        if (is_wide(before) and latin(after)) or (latin(before) and is_wide(after))
    )


def text_width(text: str, font_pt: float, bold: bool = False, family: str | None = None) -> int:
    """Return the advance width of one line of `text` at `font_pt` in `family`, in EMU."""
    if not text:
        return 0
    # Most calls measure the default family: skip normalising its name.
    key = "" if family is None else _family_key(family)
    return math.ceil(_reference_width(text, bold, key) * font_pt / _REFERENCE_SIZE * EMU_PER_PT)


def reference_width(text: str, bold: bool = False, family: str | None = None) -> float:
    """Return the width of one line of `text` independent of size (0.0 for no text).

    ``width_at(reference_width(text, ...), font_pt)`` equals ``text_width``, so
    a text measured once gives its width at every size by arithmetic; the
    conversion never decreases, so the widest text is widest at every size.
    """
    if not text:
        return 0.0
    return _reference_width(text, bold, _family_key(family))


def reference_widths(
    texts: Iterable[str], bold: bool = False, family: str | None = None
) -> list[float]:
    """Return ``reference_width`` of each of `texts`."""
    key = _family_key(family)
    return [_reference_width(text, bold, key) if text else 0.0 for text in texts]


def width_at(reference: float, font_pt: float) -> int:
    """Return the width in EMU at `font_pt` of a text whose reference width is `reference`."""
    return math.ceil(reference * font_pt / _REFERENCE_SIZE * EMU_PER_PT)


def line_height(font_pt: float, spacing: float = 1.0) -> int:
    """Return the height of one line at `font_pt` and line `spacing` (1.0 = 100 %), in EMU."""
    return math.ceil(font_pt * LINE_HEIGHT_FACTOR * spacing * EMU_PER_PT)


def line_height_for(text: str, font_pt: float, spacing: float = 1.0) -> int:
    """Return the height of one line of `text`: taller when it holds East Asian characters.

    Renderers draw CJK, kana and Hangul from a fallback face whose lines are
    much taller than Arial's (Noto Sans CJK: 1.448 em), and a line is as tall
    as its tallest face.
    """
    if has_wide(text):
        return math.ceil(font_pt * WIDE_LINE_HEIGHT_FACTOR * spacing * EMU_PER_PT)
    return line_height(font_pt, spacing)


def cell_line_height(text: str, font_pt: float, spacing: float = 1.0) -> int:
    """Return the height of one line of `text` in a table cell at line `spacing`.

    East Asian text has taller lines (see ``line_height_for``).
    """
    return cell_line_height_of(has_wide(text), font_pt, spacing)


def cell_line_height_of(wide: bool, font_pt: float, spacing: float = 1.0) -> int:
    """Return ``cell_line_height`` of a text that holds East Asian characters when `wide`."""
    factor = WIDE_LINE_HEIGHT_FACTOR if wide else CELL_LINE_HEIGHT_FACTOR
    return math.ceil(font_pt * factor * spacing * EMU_PER_PT)


def font_extent_em() -> float:
    """Return the font's ascent + descent in em, the least a line can occupy."""
    return _sans_metrics(False).extent / _REFERENCE_SIZE


def text_direction(text: str) -> str | None:
    """Return 'RIGHT_TO_LEFT' or 'LEFT_TO_RIGHT' by the first strong character, else None."""
    depth = 0
    for char in text:
        kind = unicodedata.bidirectional(char)
        # Characters inside an isolate do not decide the paragraph's direction.
        if kind in ("LRI", "RLI", "FSI"):
            depth += 1
        elif kind == "PDI":
            depth = max(0, depth - 1)
        elif depth:
            continue
        elif kind in ("R", "AL"):
            return "RIGHT_TO_LEFT"
        elif kind == "L":
            return "LEFT_TO_RIGHT"
    return None


def is_right_to_left(text: str) -> bool:
    """Return True when `text`'s first strong character belongs to a right-to-left script."""
    return text_direction(text) == "RIGHT_TO_LEFT"


@lru_cache(maxsize=4096)
def isolate(text: str) -> str:
    """Return `text` as a directional isolate if it holds right-to-left characters.

    Put inside generated sentences ("Prepared by NAME · DATE"), a name in
    Arabic or Hebrew would otherwise pull the words and numbers next to it
    into its own direction. Isolated (FIRST STRONG ISOLATE … POP DIRECTIONAL
    ISOLATE) it keeps its direction inside and counts as one neutral
    character outside. Text without right-to-left characters cannot reorder
    anything and is returned unchanged.
    """
    if not any(unicodedata.bidirectional(char) in ("R", "AL", "AN") for char in text):
        return text
    return f"\u2068{text}\u2069"


def labelled(label: str, text: str) -> str:
    """Return "label: text" as one paragraph that takes the direction of `text`.

    A paragraph follows its first strong character, so a Latin label
    ("Metric", "R-12") would lay a Hebrew or Arabic text out left to right,
    its full stop before its first word; a right-to-left label would turn an
    English text around. Where the two differ the label is isolated and counts
    as neutral, as does the colon after it: both then stand at the start of the
    text's own direction, the colon between label and text.
    """
    ahead, behind = text_direction(label), text_direction(text)
    if ahead is not None and behind is not None and ahead != behind:
        return f"\u2068{label}\u2069: {text}"
    return f"{label}: {text}"


def _usable(width_emu: int) -> float:
    return width_emu * WIDTH_SAFETY


def pieces(word: str) -> list[str]:
    """Return `word` cut at its break opportunities: after BREAK_AFTER, around wide characters.

    Joining the pieces gives `word` back. A wide (CJK) character stands alone,
    except that closing punctuation stays with the character before it.
    """
    if _BREAKS.isdisjoint(word) and not has_wide(word):
        # Nothing to break at (most words): the whole word is one piece.
        return [word] if word else []
    result: list[str] = []
    current = ""
    for index, char in enumerate(word):
        following = word[index + 1] if index + 1 < len(word) else ""
        if is_wide(char) and current and char not in _NO_BREAK_BEFORE:
            result.append(current)
            current = ""
        current += char
        ends = char in BREAK_AFTER or char == SOFT_BREAK or is_wide(char)
        if (
            ends
            and following
            and following not in BREAK_AFTER
            and following not in _NO_BREAK_BEFORE
        ):
            result.append(current)
            current = ""
    if current:
        result.append(current)
    return result


def _break_word(word: str, limit: float, font_pt: float, bold: bool, family: str) -> list[str]:
    """Return `word` cut into pieces that each fit `limit` (at least one character each).

    Each piece is the longest that fits. A text only widens as it grows (no
    kerning pair takes back more than its character adds), so that length is
    found by doubling, then halving, not by measuring one character more at a time.
    """
    cut: list[str] = []
    start = 0
    while start < len(word):
        # `good` ends a piece that fits (or its one character); `bad`, one that does not
        # or would run past the word's end.
        good, step = start + 1, 1
        while good + step <= len(word) and (
            text_width(word[start : good + step], font_pt, bold, family) <= limit
        ):
            good += step
            step *= 2
        bad = min(good + step, len(word) + 1)
        while bad - good > 1:
            middle = (good + bad) // 2
            if text_width(word[start:middle], font_pt, bold, family) <= limit:
                good = middle
            else:
                bad = middle
        cut.append(word[start:good])
        start = good
    return cut


def _fill(
    word: str, first_room: float, limit: float, font_pt: float, bold: bool, family: str
) -> list[str]:
    """Return `word` broken at its pieces: the first line `first_room` wide, the rest `limit`.

    A piece wider than a whole line is cut between characters, the last resort.
    """
    lines: list[str] = []
    current = ""
    room = first_room
    for piece in pieces(word):
        candidate = current + piece
        if text_width(candidate, font_pt, bold, family) <= room:
            current = candidate
            continue
        if current or room < limit:
            lines.append(current)
            current, room = "", limit
        if text_width(piece, font_pt, bold, family) <= limit:
            current = piece
            continue
        cut = _break_word(piece, limit, font_pt, bold, family)
        lines.extend(cut[:-1])
        current = cut[-1]
    lines.append(current)
    return lines


Span = tuple[int, float, tuple[str, ...]]
"""Limits (from, up to but not including) within which a paragraph wraps into these lines."""

JOIN_SLACK: Final = 1e-6
"""Reference units by which a line's width summed from its parts may differ from measuring it.

Only float rounding separates them (a few units in the last place); a sum
within this of the limit is measured whole.
"""


@lru_cache(maxsize=65536)
def _joint(before: str, after: str, bold: bool, family: str) -> float:
    """Return what measuring two characters together adds to their widths apart (kerning)."""
    pair = _reference_width(before + after, bold, family)
    return pair - _reference_width(before, bold, family) - _reference_width(after, bold, family)


_emu = width_at


def breakable_words(text: str) -> list[str]:
    """Return the words of `text` a line may break between; no-break spaces join words."""
    return list(_breakable_words(text))


@lru_cache(maxsize=4096)
def widest_ordinary_word(text: str, bold: bool = False, family: str | None = None) -> float:
    """Return the reference width of the widest word of `text` no line may break inside.

    0.0 when every word may break (a URL, East Asian text) or there is none.
    """
    key = _family_key(family)
    return max(
        (_reference_width(w, bold, key) for w in _breakable_words(text) if not may_break_inside(w)),
        default=0.0,
    )


def keeps_words_whole(widest_word: float, inner_width: int, font_pt: float) -> bool:
    """Return True when a word `widest_word` wide (see `widest_ordinary_word`) fits a line."""
    return width_at(widest_word, font_pt) <= _usable(inner_width)


@lru_cache(maxsize=16384)
def _breakable_words(text: str) -> tuple[str, ...]:
    # Diagram sizing asks for the words of each box's name at every size it tries.
    return tuple(word for word in _BREAKING_SPACES.split(text) if word)


@lru_cache(maxsize=16384)
def _measured_words(
    paragraph: str, bold: bool, family: str
) -> tuple[tuple[str, ...], tuple[float, ...], tuple[float, ...], tuple[float, ...]]:
    """Return `paragraph`'s words, their reference widths and the kerning a space adds to each.

    The third tuple holds what a space after each word adds besides its own
    width, the fourth what a space before it adds (0.0 before the first): a
    paragraph is wrapped at many sizes and widths, and none of this depends on them.
    """
    words = tuple(breakable_words(paragraph))
    widths = tuple(_reference_width(word, bold, family) for word in words)
    before_space = tuple(_joint(word[-1], " ", bold, family) for word in words[:-1])
    after_space = (0.0, *(_joint(" ", word[0], bold, family) for word in words[1:]))
    return words, widths, before_space, after_space


def _wrap_paragraph(
    paragraph: str, limit: float, font_pt: float, bold: bool, family: str
) -> tuple[list[str], tuple[int, float] | None]:
    """Return `paragraph` wrapped to `limit`, and the limits that wrap it the same way.

    Every choice is whether a line of fixed width fits the limit, so any
    limit from the widest line that fit up to (not including) the narrowest
    that did not gives the same lines: that span is returned, or None when a
    word had to be broken (that depends on the limit in other ways).
    """
    words, widths, before_space, after_space = _measured_words(paragraph, bold, family)
    if not words:
        return [""], (0, math.inf)
    space_ref = _reference_width(" ", bold, family)
    # Every width in EMU below is width_at(reference, font_pt), written out: this loop
    # runs for every word of every wrapping, and a call per width doubles its cost.
    lines: list[str] = []
    current = ""
    current_ref = 0.0
    low, high = 0, math.inf
    for index, word in enumerate(words):
        word_ref = widths[index]
        width = math.ceil(word_ref * font_pt / _REFERENCE_SIZE * EMU_PER_PT)
        if not current:
            fits, joined_ref, bound = width <= limit, word_ref, width
        else:
            # The line is measured whole, as a renderer lays it out: its parts' widths
            # plus the kerning where they meet (each run is measured with its advances
            # and the kerning of neighbouring characters only) give the same width
            # without remeasuring it. The bound is a width in EMU the joined line is
            # known to stay within (when it fits) or to exceed (when it does not).
            joined_ref = (
                current_ref + space_ref + word_ref + before_space[index - 1] + after_space[index]
            )
            bound = math.ceil((joined_ref + JOIN_SLACK) * font_pt / _REFERENCE_SIZE * EMU_PER_PT)
            fits = bound <= limit
            if not fits:
                bound = math.ceil(
                    (joined_ref - JOIN_SLACK) * font_pt / _REFERENCE_SIZE * EMU_PER_PT
                )
                if bound <= limit:
                    # Within float rounding of the limit: measure the line whole.
                    joined_ref = _reference_width(f"{current} {word}", bold, family)
                    bound = math.ceil(joined_ref * font_pt / _REFERENCE_SIZE * EMU_PER_PT)
                    fits = bound <= limit
        if fits:
            current = f"{current} {word}" if current else word
            current_ref = joined_ref
            if bound > low:
                low = bound
            continue
        if bound < high:
            high = bound
        if width <= limit and not has_wide(word):
            if current:
                lines.append(current)
            current, current_ref = word, word_ref
            if width > low:
                low = width
            continue
        # Too long for a line, or East Asian text a renderer breaks anywhere:
        # fill what is left of this line, then whole lines.
        space = text_width(" ", font_pt, bold, family)
        room = limit - (text_width(current, font_pt, bold, family) + space) if current else limit
        head, *rest = _fill(word, room, limit, font_pt, bold, family)
        if current and room < limit and head:
            lines.append(f"{current} {head}")
        else:
            if current:
                lines.append(current)
            rest = [head, *rest] if head else rest
        lines.extend(rest[:-1])
        current = rest[-1] if rest else ""
        current_ref = _reference_width(current, bold, family) if current else 0.0
        high = -math.inf
    lines.append(current)
    return lines, ((low, high) if high > -math.inf else None)


@lru_cache(maxsize=16384)
def _spans(paragraph: str, font_pt: float, bold: bool, family: str) -> list[Span]:
    """Return the wrappings of `paragraph` found so far, each with the limits it holds for."""
    return []


def _paragraph_lines(
    paragraph: str, limit: float, font_pt: float, bold: bool, family: str
) -> tuple[str, ...]:
    # Fitting a table tries one text at many widths; most give a wrapping
    # already found, so look it up before wrapping again.
    spans = _spans(paragraph, font_pt, bold, family)
    for low, high, lines in spans:
        if low <= limit < high:
            return lines
    wrapped, span = _wrap_paragraph(paragraph, limit, font_pt, bold, family)
    result = tuple(wrapped)
    if span is not None:
        spans.append((span[0], span[1], result))
    return result


def wrap(
    text: str, width_emu: int, font_pt: float, bold: bool = False, family: str | None = None
) -> list[str]:
    """Return `text` broken greedily into lines no wider than `width_emu`.

    Explicit newlines start a new line; a token wider than the width breaks
    at its pieces (see ``pieces``), and only a piece wider than the width
    between characters. Runs of spaces collapse to one, as they do on a
    slide once a line breaks at them.
    """
    return list(_wrapped(text, width_emu, font_pt, bold, _family_key(family)))


def wrapped(
    text: str, width_emu: int, font_pt: float, bold: bool = False, family: str | None = None
) -> tuple[str, ...]:
    """Return the lines ``wrap`` gives, as the tuple every caller shares: nothing is copied.

    Diagram sizing wraps each name at thousands of widths and sizes.
    """
    return _wrapped(text, width_emu, font_pt, bold, _family_key(family))


@lru_cache(maxsize=65536)
def _wrapped(text: str, width_emu: int, font_pt: float, bold: bool, family: str) -> tuple[str, ...]:
    # Layouts try many sizes and widths for the same texts; wrapping is pure, so cache it.
    limit = _usable(width_emu)
    lines: list[str] = []
    for paragraph in text.split("\n"):
        lines.extend(_paragraph_lines(paragraph, limit, font_pt, bold, family))
    return tuple(lines)


def line_counts(
    texts: Iterable[tuple[str, bool]], width_emu: int, font_pt: float, family: str | None = None
) -> list[int]:
    """Return how many lines ``wrap`` breaks each (text, bold) of `texts` into."""
    key = _family_key(family)
    return [len(_wrapped(text, width_emu, font_pt, bold, key)) for text, bold in texts]


def with_soft_breaks(
    text: str, width_emu: int, font_pt: float, bold: bool = False, family: str | None = None
) -> str:
    """Return `text` with a zero-width space after each BREAK_AFTER in tokens too long for a line.

    Renderers break a long URL or identifier wherever it overflows; the
    zero-width space makes them break where ``wrap`` does. Tokens that fit
    a line are left as they are, so short links and names stay intact.
    """
    if not _SOFTENED.search(text):
        return text
    limit = _usable(width_emu)
    key = _family_key(family)

    def soften(token: str) -> str:
        if not _SOFTENED.search(token) or text_width(token, font_pt, bold, key) <= limit:
            return token
        out = []
        for index, char in enumerate(token):
            out.append(char)
            following = token[index + 1] if index + 1 < len(token) else ""
            if following and following not in BREAK_AFTER | {SOFT_BREAK} and char in BREAK_AFTER:
                out.append(SOFT_BREAK)
        return "".join(out)

    return "\n".join(
        " ".join(soften(token) for token in paragraph.split(" ")) for paragraph in text.split("\n")
    )


def with_breaks_of(text: str, lines: Sequence[str]) -> str:
    """Return `text` with a soft break wherever its wrapped `lines` end inside a token.

    ``with_soft_breaks`` marks separators only; a token with none that was
    cut between characters needs the cut marked too, or a renderer cuts it
    elsewhere. Lines that are not `text` in order leave it unchanged.
    """
    marked, position = [], 0
    for line in lines[:-1]:
        end = text.find(line, position) + len(line)
        if end < len(line) or end < position:
            return text
        marked.append(text[position:end])
        if end < len(text) and not text[end].isspace() and text[end - 1] != SOFT_BREAK:
            marked.append(SOFT_BREAK)
        position = end
    return "".join(marked) + text[position:]


def text_height(
    text: str,
    width_emu: int,
    font_pt: float,
    bold: bool = False,
    spacing: float = 1.0,
    family: str | None = None,
) -> int:
    """Return the height `text` takes wrapped to the inner width `width_emu`, in EMU.

    Text holding East Asian characters is measured at their taller lines
    (``line_height_for``).
    """
    lines = len(wrap(text, width_emu, font_pt, bold, family))
    return lines * line_height_for(text, font_pt, spacing)


def box_height_for(
    text: str,
    box_width: int,
    font_pt: float,
    bold: bool = False,
    spacing: float = 1.0,
    family: str | None = None,
) -> int:
    """Return the height a shape or cell of `box_width` needs to show `text`, insets included."""
    inner = max(1, box_width - 2 * INSET_X)
    return text_height(text, inner, font_pt, bold, spacing, family) + 2 * INSET_Y


def fit_text(
    text: str,
    box_width: int,
    box_height: int,
    max_pt: float,
    min_pt: float,
    bold: bool = False,
    step: float = 0.5,
    spacing: float = 1.0,
    family: str | None = None,
) -> FitResult:
    """Return the largest size ≤ `max_pt` at which `text` fits the box, its words whole.

    The box is a whole shape: insets are subtracted before wrapping. The
    result's height is what the text needs *including* insets. When even
    `min_pt` is too large the result is at `min_pt` with ``fits=False``. A
    word too long for a line even at `min_pt` is broken there.
    """
    return fit_paragraphs(
        [(text, bold)], box_width, box_height, max_pt, min_pt, step, spacing, family
    )


def fit_paragraphs(
    paragraphs: Sequence[tuple[str, bool]],
    box_width: int,
    box_height: int,
    max_pt: float,
    min_pt: float,
    step: float = 0.5,
    spacing: float = 1.0,
    family: str | None = None,
) -> FitResult:
    """Return ``fit_text`` for paragraphs (text, bold) set one after another in one box.

    Every line is as tall as the tallest script anywhere in them needs.
    """
    if step <= 0:
        raise ValueError("step must be positive")
    inner_width = max(1, box_width - 2 * INSET_X)
    inner_height = box_height - 2 * INSET_Y
    every_line = "\n".join(text for text, _ in paragraphs)
    widest_word = max(
        (widest_ordinary_word(text, bold, family) for text, bold in paragraphs), default=0.0
    )
    size = max_pt
    while True:
        lines = [
            line
            for text, bold in paragraphs
            for line in wrap(text, inner_width, size, bold, family)
        ]
        height = len(lines) * line_height_for(every_line, size, spacing)
        whole = size <= min_pt or keeps_words_whole(widest_word, inner_width, size)
        if height <= inner_height and whole:
            return FitResult(size, lines, height + 2 * INSET_Y, True)
        if size <= min_pt:
            return FitResult(size, lines, height + 2 * INSET_Y, False)
        size = max(min_pt, round(size - step, 4))
