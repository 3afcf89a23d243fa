"""Measure, wrap and fit text with real font metrics.

Widths come from the bundled Liberation Sans, which is metric-compatible with
Arial: every glyph has Arial's advance width, so a line measured here breaks
where Slides breaks it. Arial, Helvetica, Liberation Sans, Arimo and any font
we do not ship are all measured as Liberation Sans; a template using a much
wider or narrower face should set ``style.font_family`` accordingly and will
still be measured as Arial, so keep a little slack in its boxes.

All lengths are integer EMU. ``wrap``/``text_height`` work on the *inner*
width of a box (insets already removed); ``fit_text`` and ``box_height_for``
take whole boxes and subtract the text insets Slides applies inside shapes
and table cells.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Final

from PIL import ImageFont

from slidegen.units import EMU_PER_PT, inches

INSET_X: Final = inches(0.1)
"""Slides' default left and right text inset inside a shape or table cell."""
INSET_Y: Final = inches(0.1)
"""Top and bottom text inset we plan for inside a shape or table cell.

Slides documents 0.05 in for shapes, but pads table cells more and the .pptx
export pads 0.1 in on every side; planning for 0.1 in keeps text inside its
box in every renderer.
"""

LINE_HEIGHT_FACTOR: Final = 1.2
"""Height of one line at 100 % spacing, in multiples of the font size.

Liberation Sans' ascent + descent is 1.118 em; Slides lays single-spaced
Arial out at about 1.2 em, so 1.2 is the safe figure to plan with.
"""

WIDTH_SAFETY: Final = 0.97
"""Fraction of a line's width we let text use.

Renderers differ by a few per cent (hinting, kerning, sub-pixel rounding);
breaking a little early means no renderer breaks a line we counted as one.
"""

_REFERENCE_SIZE: Final = 1000
_FONT_DIR: Final = Path(__file__).resolve().parents[1] / "fonts"
_MEASURED_FAMILIES: Final = frozenset({"arial", "helvetica", "liberation sans", "arimo"})


@dataclass(frozen=True)
class FitResult:
    """The outcome of fitting text into a box."""

    font_pt: float
    lines: list[str]
    height: int
    fits: bool


def measured_family(font_family: str) -> str:
    """Return the face whose metrics stand in for `font_family`: always Liberation Sans.

    Arial, Helvetica, Liberation Sans and Arimo share these metrics exactly;
    any other family is approximated by them (see ``is_exactly_measured``).
    """
    del font_family
    return "Liberation Sans"


def is_exactly_measured(font_family: str) -> bool:
    """Return True when `font_family` has the same metrics as the bundled font."""
    return font_family.strip().lower() in _MEASURED_FAMILIES


@lru_cache(maxsize=2)
def _font(bold: bool) -> ImageFont.FreeTypeFont:
    name = "LiberationSans-Bold.ttf" if bold else "LiberationSans-Regular.ttf"
    # BASIC layout gives the same advances on every machine (Raqm may be absent).
    return ImageFont.truetype(
        str(_FONT_DIR / name), _REFERENCE_SIZE, layout_engine=ImageFont.Layout.BASIC
    )


@lru_cache(maxsize=65536)
def _reference_width(text: str, bold: bool) -> float:
    return float(_font(bold).getlength(text))


def text_width(text: str, font_pt: float, bold: bool = False) -> int:
    """Return the advance width of one line of `text` at `font_pt`, in EMU."""
    if not text:
        return 0
    return math.ceil(_reference_width(text, bold) * font_pt / _REFERENCE_SIZE * EMU_PER_PT)


def line_height(font_pt: float, spacing: float = 1.0) -> int:
    """Return the height of one line at `font_pt` and line `spacing` (1.0 = 100 %), in EMU."""
    return math.ceil(font_pt * LINE_HEIGHT_FACTOR * spacing * EMU_PER_PT)


def font_extent_em() -> float:
    """Return the font's ascent + descent in em, the least a line can occupy."""
    ascent, descent = _font(False).getmetrics()
    return (ascent + descent) / _REFERENCE_SIZE


def _usable(width_emu: int) -> float:
    return width_emu * WIDTH_SAFETY


def _break_word(word: str, limit: float, font_pt: float, bold: bool) -> list[str]:
    """Return `word` cut into pieces that each fit `limit` (at least one character each)."""
    pieces: list[str] = []
    current = ""
    for char in word:
        candidate = current + char
        if current and text_width(candidate, font_pt, bold) > limit:
            pieces.append(current)
            current = char
        else:
            current = candidate
    if current:
        pieces.append(current)
    return pieces


def _wrap_paragraph(paragraph: str, limit: float, font_pt: float, bold: bool) -> list[str]:
    words = paragraph.split()
    if not words:
        return [""]
    space = text_width(" ", font_pt, bold)
    lines: list[str] = []
    current: list[str] = []
    current_width = 0
    for word in words:
        width = text_width(word, font_pt, bold)
        if current and current_width + space + width <= limit:
            current.append(word)
            current_width += space + width
            continue
        if current:
            lines.append(" ".join(current))
            current, current_width = [], 0
        if width <= limit:
            current, current_width = [word], width
            continue
        pieces = _break_word(word, limit, font_pt, bold)
        lines.extend(pieces[:-1])
        current = [pieces[-1]]
        current_width = text_width(pieces[-1], font_pt, bold)
    lines.append(" ".join(current))
    return lines


def wrap(text: str, width_emu: int, font_pt: float, bold: bool = False) -> list[str]:
    """Return `text` broken greedily into lines no wider than `width_emu`.

    Explicit newlines start a new line; a word wider than the width is broken
    between characters. Runs of spaces collapse to one, as they do on a slide
    once a line breaks at them.
    """
    return list(_wrapped(text, width_emu, font_pt, bold))


@lru_cache(maxsize=65536)
def _wrapped(text: str, width_emu: int, font_pt: float, bold: bool) -> tuple[str, ...]:
    # Layouts try many sizes and widths for the same texts; wrapping is pure, so cache it.
    limit = _usable(width_emu)
    lines: list[str] = []
    for paragraph in text.split("\n"):
        lines.extend(_wrap_paragraph(paragraph, limit, font_pt, bold))
    return tuple(lines)


def text_height(
    text: str, width_emu: int, font_pt: float, bold: bool = False, spacing: float = 1.0
) -> int:
    """Return the height `text` takes wrapped to the inner width `width_emu`, in EMU."""
    return len(wrap(text, width_emu, font_pt, bold)) * line_height(font_pt, spacing)


def box_height_for(
    text: str, box_width: int, font_pt: float, bold: bool = False, spacing: float = 1.0
) -> int:
    """Return the height a shape or cell of `box_width` needs to show `text`, insets included."""
    inner = max(1, box_width - 2 * INSET_X)
    return text_height(text, inner, font_pt, bold, spacing) + 2 * INSET_Y


def fit_text(
    text: str,
    box_width: int,
    box_height: int,
    max_pt: float,
    min_pt: float,
    bold: bool = False,
    step: float = 0.5,
    spacing: float = 1.0,
) -> FitResult:
    """Return the largest size ≤ `max_pt` at which `text` fits the box.

    The box is a whole shape: insets are subtracted before wrapping. The
    result's height is what the text needs *including* insets. When even
    `min_pt` is too large the result is at `min_pt` with ``fits=False``.
    """
    if step <= 0:
        raise ValueError("step must be positive")
    inner_width = max(1, box_width - 2 * INSET_X)
    inner_height = box_height - 2 * INSET_Y
    size = max_pt
    while True:
        lines = wrap(text, inner_width, size, bold)
        height = len(lines) * line_height(size, spacing)
        if height <= inner_height:
            return FitResult(size, lines, height + 2 * INSET_Y, True)
        if size <= min_pt:
            return FitResult(size, lines, height + 2 * INSET_Y, False)
        size = max(min_pt, round(size - step, 4))
