"""Read and edit the Slides API text model (``TextContent``).

A shape's or table cell's text is a list of ``textElements``: for every
paragraph a ``paragraphMarker`` spanning the whole paragraph, followed by the
``textRun`` (and ``autoText``) pieces of that paragraph. Indexes count UTF-16
code units, as the API does, and a start index of 0 is omitted, as proto3 JSON
omits zero values (read ``element.get("startIndex", 0)``). Every text ends in
a newline that cannot be deleted.

Editing works on :class:`TextBody`, which holds one entry per character: the
character, its text style, the autoText type it belongs to (if any) and, for a
newline, the style and bullet of the paragraph that newline ends. Paragraph
properties living on the terminating newline gives the API's behaviour for
free: a paragraph split by an inserted newline copies its style, and joining two
paragraphs keeps the style of the one whose newline survives.
"""

from __future__ import annotations

import marshal
import re
from dataclasses import dataclass, field
from typing import Any

Style = dict[str, Any]

# The API drops control characters except tab, newline and vertical tab (a line break).
_STRIPPED = re.compile(r"[\x00-\x08\x0c-\x1f\x7f]")

BULLET_GLYPHS: dict[str, str] = {
    "DISC": "●",
    "DIAMONDX": "❖",
    "ARROW3D": "➢",
    "CHECKBOX": "❑",
    "ARROW": "➔",
    "STAR": "★",
    "DIAMOND": "◆",
    "LEFTTRIANGLE": "►",
}
NUMBER_FORMATS: dict[str, str] = {
    "DIGIT": "{n}.",
    "ZERODIGIT": "{n:02d}.",
    "UPPERALPHA": "{A}.",
    "ALPHA": "{a}.",
    "UPPERROMAN": "{R}.",
}


class TextRangeError(ValueError):
    """An index or range does not fit the text it addresses."""


@dataclass(slots=True)
class Paragraph:
    """The paragraph-level properties carried by a paragraph's terminating newline."""

    style: Style = field(default_factory=dict)
    bullet: dict[str, Any] | None = None

    def copy(self) -> Paragraph:
        """Return an independent copy, nested values included."""
        # A field mask may write into a nested value ("spaceAbove.magnitude"), so
        # paragraphs split from one must not share theirs.
        return Paragraph(
            marshal.loads(marshal.dumps(self.style)),
            None if self.bullet is None else marshal.loads(marshal.dumps(self.bullet)),
        )


@dataclass(slots=True)
class TextBody:
    """Editable text: parallel per-character lists, always ending in a newline."""

    chars: list[str]
    styles: list[Style]
    autos: list[dict[str, Any] | None]
    paragraphs: list[Paragraph | None]
    lists: dict[str, Any] = field(default_factory=dict)

    @classmethod
    def empty(cls, style: Style | None = None, paragraph: Paragraph | None = None) -> TextBody:
        """Return a text holding only the final newline."""
        return cls(["\n"], [style or {}], [None], [paragraph or Paragraph()])

    @classmethod
    def from_api(cls, text: dict[str, Any] | None) -> TextBody:
        """Return the body of an API ``TextContent`` (None or no elements means empty)."""
        if not text or not text.get("textElements"):
            return cls.empty()
        chars: list[str] = []
        styles: list[Style] = []
        autos: list[dict[str, Any] | None] = []
        markers: list[Paragraph] = []
        for element in text["textElements"]:
            if "paragraphMarker" in element:
                marker = element["paragraphMarker"]
                markers.append(Paragraph(dict(marker.get("style", {})), marker.get("bullet")))
                continue
            piece = element.get("textRun") or element.get("autoText")
            if piece is None:
                continue
            auto = None
            if "autoText" in element:
                auto = {"type": piece.get("type", "TYPE_UNSPECIFIED")}
            style = dict(piece.get("style", {}))
            content = piece.get("content", "")
            chars.extend(content)
            styles.extend([style] * len(content))
            autos.extend([auto] * len(content))
        if not chars or chars[-1] != "\n":
            chars.append("\n")
            styles.append(styles[-1] if styles else {})
            autos.append(None)
        paragraphs: list[Paragraph | None] = [None] * len(chars)
        marker_iter = iter(markers)
        for _first, newline in _paragraph_spans("".join(chars)):
            paragraphs[newline] = next(marker_iter, Paragraph())
        return cls(chars, styles, autos, paragraphs, dict(text.get("lists", {})))

    @property
    def is_empty(self) -> bool:
        """Return True when the text holds nothing but the final newline."""
        return len(self.chars) == 1

    @property
    def is_plain_empty(self) -> bool:
        """Return True when the text is empty and carries no style either."""
        paragraph = self.paragraphs[0]
        return (
            self.is_empty
            and not self.styles[0]
            and (paragraph is None or (not paragraph.style and paragraph.bullet is None))
            and not self.lists
        )

    @property
    def content(self) -> str:
        """Return the text as one string, final newline included."""
        return "".join(self.chars)

    def unit_length(self) -> int:
        """Return the length of the text in UTF-16 code units."""
        return utf16_length(self.content)

    def char_index(self, unit_index: int, unit_length: int | None = None) -> int:
        """Return the character position at UTF-16 offset `unit_index`.

        `unit_length`, when given, is the text's `unit_length()`, worked out already.
        """
        if unit_index <= 0:
            if unit_index == 0:
                return 0  # the start is the start, whatever the characters
            raise TextRangeError(f"The index {unit_index} must not be negative.")
        if unit_length is None:
            unit_length = self.unit_length()
        if unit_index <= len(self.chars) and unit_length == len(self.chars):
            return unit_index  # no character outside the BMP: units are characters
        units = 0
        for position, char in enumerate(self.chars):
            if units == unit_index:
                return position
            units += _units(char)
            if units > unit_index:
                raise TextRangeError(
                    f"The index {unit_index} splits a surrogate pair; use an index on a "
                    "character boundary."
                )
        if units == unit_index:
            return len(self.chars)
        raise TextRangeError(
            f"The index {unit_index} must be less than or equal to the length of the text "
            f"({units})."
        )

    def resolve_range(self, text_range: dict[str, Any] | None) -> tuple[int, int]:
        """Return the character span [start, end) a Range addresses."""
        text_range = text_range or {}
        kind = text_range.get("type", "RANGE_TYPE_UNSPECIFIED")
        if kind == "ALL":
            return 0, len(self.chars) - 1 if self.chars else 0
        length = self.unit_length()
        if kind == "FROM_START_INDEX":
            if "startIndex" not in text_range:
                raise TextRangeError("A FROM_START_INDEX range needs a startIndex.")
            if "endIndex" in text_range:
                raise TextRangeError("A FROM_START_INDEX range must not have an endIndex.")
            start = self.char_index(text_range["startIndex"], length)
            return start, max(start, len(self.chars) - 1)
        if kind == "FIXED_RANGE":
            if "startIndex" not in text_range or "endIndex" not in text_range:
                raise TextRangeError("A FIXED_RANGE range needs both startIndex and endIndex.")
            start_units, end_units = text_range["startIndex"], text_range["endIndex"]
            if start_units > end_units:
                raise TextRangeError(
                    f"The start index ({start_units}) must not be greater than the end index "
                    f"({end_units})."
                )
            if end_units > length:
                raise TextRangeError(
                    f"The end index ({end_units}) should not be greater than the existing "
                    f"text length ({length})."
                )
            return self.char_index(start_units, length), self.char_index(end_units, length)
        raise TextRangeError(f"The text range type {kind} is not a valid range type.")

    def insert(self, unit_index: int, text: str) -> None:
        """Insert `text` at UTF-16 offset `unit_index`, before the final newline at the latest."""
        position = self.char_index(unit_index)
        if position >= len(self.chars):
            raise TextRangeError(
                f"The insertion index ({unit_index}) should not be greater than the length "
                f"of the text before its final newline ({self.unit_length() - 1})."
            )
        text = clean_text(text)
        if not text:
            return
        style = self.styles[position]
        paragraph = self._paragraph_at(position)
        self._splice(position, position, text, style, paragraph)

    def delete(self, start: int, end: int) -> None:
        """Delete characters [start, end), always keeping the final newline."""
        end = min(end, len(self.chars) - 1)
        if start >= end:
            return
        del self.chars[start:end]
        del self.styles[start:end]
        del self.autos[start:end]
        del self.paragraphs[start:end]

    def replace(self, start: int, end: int, text: str) -> None:
        """Replace characters [start, end) with `text`, styled like the first replaced one."""
        style = self.styles[start]
        paragraph = self._paragraph_at(start)
        del self.chars[start:end]
        del self.styles[start:end]
        del self.autos[start:end]
        del self.paragraphs[start:end]
        self._splice(start, start, clean_text(text), style, paragraph)

    def find_all(self, needle: str, match_case: bool) -> list[int]:
        """Return the start positions of non-overlapping occurrences of `needle`."""
        if not needle:
            return []
        haystack = self.content
        if not match_case:
            haystack, needle = haystack.lower(), needle.lower()
        found = []
        position = haystack.find(needle)
        while position >= 0:
            found.append(position)
            position = haystack.find(needle, position + len(needle))
        return found

    def paragraph_spans(self) -> list[tuple[int, int]]:
        """Return each paragraph as a character span [start, end], end being its newline."""
        return _paragraph_spans("".join(self.chars))

    def paragraphs_in(self, start: int, end: int) -> list[int]:
        """Return the newline positions of the paragraphs that [start, end) touches."""
        touched = []
        for first, newline in self.paragraph_spans():
            if start == end:
                if first <= start <= newline:
                    touched.append(newline)
            elif first < end and newline >= start:
                touched.append(newline)
        return touched

    def to_api(self) -> dict[str, Any]:
        """Return this body as an API ``TextContent``."""
        elements: list[dict[str, Any]] = []
        units = 0
        content = "".join(self.chars)
        # Without characters outside the BMP (the usual text) units are characters.
        counts_units = utf16_length(content) != len(content)
        for first, newline in _paragraph_spans(content):
            paragraph = self.paragraphs[newline] or Paragraph()
            paragraph_units = (
                utf16_length(content[first : newline + 1]) if counts_units else newline + 1 - first
            )
            marker: dict[str, Any] = {"style": dict(paragraph.style)}
            if paragraph.bullet is not None:
                marker["bullet"] = dict(paragraph.bullet)
            elements.append(_span(units, units + paragraph_units, {"paragraphMarker": marker}))
            run_start = first
            run_units = units
            style = self.styles[first]
            length = newline + 1 - first
            if (
                self.styles[first : newline + 1].count(style) == length
                and self.autos[first : newline + 1].count(None) == length
            ):
                # The usual paragraph: one style throughout, no autoText; one run.
                run = {"textRun": {"content": content[first : newline + 1], "style": dict(style)}}
                elements.append(_span(units, units + paragraph_units, run))
                units += paragraph_units
                continue
            for position in range(first + 1, newline + 2):
                if (
                    position <= newline
                    and self.autos[position] is self.autos[run_start]
                    and self.styles[position] == self.styles[run_start]
                ):
                    continue
                run_content = content[run_start:position]
                content_units = utf16_length(run_content) if counts_units else position - run_start
                auto = self.autos[run_start]
                if auto is None:
                    piece: dict[str, Any] = {
                        "textRun": {"content": run_content, "style": dict(self.styles[run_start])}
                    }
                else:
                    piece = {
                        "autoText": {
                            "type": auto["type"],
                            "content": run_content,
                            "style": dict(self.styles[run_start]),
                        }
                    }
                elements.append(_span(run_units, run_units + content_units, piece))
                run_units += content_units
                run_start = position
            units += paragraph_units
        text: dict[str, Any] = {"textElements": elements}
        if self.lists:
            text["lists"] = self.lists
        return text

    def _paragraph_at(self, position: int) -> Paragraph:
        content = "".join(self.chars)
        newline = content.find("\n", position)
        while newline >= 0:
            paragraph = self.paragraphs[newline]
            if paragraph is not None:
                return paragraph
            newline = content.find("\n", newline + 1)
        return Paragraph()

    def _splice(self, start: int, end: int, text: str, style: Style, paragraph: Paragraph) -> None:
        self.chars[start:end] = text
        self.styles[start:end] = [style] * len(text)
        self.autos[start:end] = [None] * len(text)
        paragraphs: list[Paragraph | None] = [None] * len(text)
        for _first, newline in _paragraph_spans(text):
            paragraphs[newline] = paragraph.copy()
        self.paragraphs[start:end] = paragraphs


def _paragraph_spans(content: str) -> list[tuple[int, int]]:
    spans = []
    start = 0
    newline = content.find("\n")
    while newline >= 0:
        spans.append((start, newline))
        start = newline + 1
        newline = content.find("\n", start)
    return spans


def _units(char: str) -> int:
    return 2 if ord(char) > 0xFFFF else 1


def _span(start: int, end: int, element: dict[str, Any]) -> dict[str, Any]:
    spanned: dict[str, Any] = {} if start == 0 else {"startIndex": start}
    spanned["endIndex"] = end
    spanned.update(element)
    return spanned


def utf16_length(text: str) -> int:
    """Return the length of `text` in UTF-16 code units, as the API counts."""
    if text.isascii():
        # Known without looking at the characters (str keeps the flag): one unit each.
        return len(text)
    return len(text.encode("utf-16-le", "surrogatepass")) // 2


def clean_text(text: str) -> str:
    """Return `text` without the control characters the API strips."""
    return _STRIPPED.sub("", text.replace("\r\n", "\n").replace("\r", "\n"))


def plain_text(text: dict[str, Any] | None) -> str:
    """Return the characters of an API ``TextContent`` ("" when there is none)."""
    if not text:
        return ""
    pieces = []
    for element in text.get("textElements", []):
        piece = element.get("textRun") or element.get("autoText")
        if piece is not None:
            pieces.append(piece.get("content", ""))
    return "".join(pieces)


def build_text(
    content: str, style: Style | None = None, paragraph_style: Style | None = None
) -> dict[str, Any]:
    """Return an API ``TextContent`` holding `content` (a final newline is added if missing)."""
    body = TextBody.empty(dict(style or {}), Paragraph(dict(paragraph_style or {})))
    if content.endswith("\n"):
        content = content[:-1]
    body.insert(0, content)
    return body.to_api()


def bullet_glyph(preset: str, nesting_level: int, ordinal: int) -> str:
    """Return the glyph a bullet preset shows at a nesting level for the `ordinal`-th item."""
    words = preset.split("_")
    kinds = words[1:] if len(words) > 1 else ["DISC"]
    kind = kinds[min(nesting_level, len(kinds) - 1)]
    if words[0] == "NUMBERED":
        template = NUMBER_FORMATS.get(kind, "{n}.")
        return template.format(
            n=ordinal,
            A=_alpha(ordinal).upper(),
            a=_alpha(ordinal),
            R=_roman(ordinal),
        )
    return BULLET_GLYPHS.get(kind, "●")


def _alpha(number: int) -> str:
    letters = ""
    while number > 0:
        number, remainder = divmod(number - 1, 26)
        letters = chr(ord("a") + remainder) + letters
    return letters


def _roman(number: int) -> str:
    values = [
        (1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"),
        (50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I"),
    ]  # fmt: skip
    out = ""
    for value, symbol in values:
        while number >= value:
            out += symbol
            number -= value
    return out
