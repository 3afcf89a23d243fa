"""Read what text measuring needs from a TrueType/OpenType file: its cmap and advance widths.

A few dozen lines of ``struct`` instead of a font library: only ``head``,
``hhea``, ``hmtx``, the Unicode ``cmap`` subtables (formats 4 and 12) and the
legacy ``kern`` table's horizontal pair lists (format 0) are read.
"""

from __future__ import annotations

import struct
from dataclasses import dataclass


@dataclass(frozen=True)
class Advances:
    """Advance widths by code point, in font units, and the font's units per em."""

    units_per_em: int
    widths: dict[int, int]


def _tables(data: bytes) -> dict[str, bytes]:
    count = struct.unpack_from(">H", data, 4)[0]
    tables = {}
    for index in range(count):
        tag, _, offset, length = struct.unpack_from(">4sIII", data, 12 + 16 * index)
        tables[tag.decode("latin-1")] = data[offset : offset + length]
    return tables


def _cmap(table: bytes) -> dict[int, int]:
    """Return code point → glyph index from the best Unicode subtable."""
    count = struct.unpack_from(">H", table, 2)[0]
    best: tuple[int, int] | None = None
    for index in range(count):
        platform, encoding, offset = struct.unpack_from(">HHI", table, 4 + 8 * index)
        subtable_format = struct.unpack_from(">H", table, offset)[0]
        unicode_table = platform == 0 or (platform == 3 and encoding in (1, 10))
        if unicode_table and subtable_format in (4, 12):
            rank = 2 if subtable_format == 12 else 1
            if best is None or rank > best[0]:
                best = (rank, offset)
    if best is None:
        return {}
    offset = best[1]
    mapping: dict[int, int] = {}
    if struct.unpack_from(">H", table, offset)[0] == 12:
        groups = struct.unpack_from(">I", table, offset + 12)[0]
        for group in range(groups):
            start, end, glyph = struct.unpack_from(">III", table, offset + 16 + 12 * group)
            for code in range(start, end + 1):
                mapping[code] = glyph + code - start
        return mapping
    segments = struct.unpack_from(">H", table, offset + 6)[0] // 2
    ends_at = offset + 14
    starts_at = ends_at + 2 * segments + 2
    deltas_at = starts_at + 2 * segments
    ranges_at = deltas_at + 2 * segments
    for segment in range(segments):
        end = struct.unpack_from(">H", table, ends_at + 2 * segment)[0]
        start = struct.unpack_from(">H", table, starts_at + 2 * segment)[0]
        delta = struct.unpack_from(">h", table, deltas_at + 2 * segment)[0]
        range_offset = struct.unpack_from(">H", table, ranges_at + 2 * segment)[0]
        for code in range(start, end + 1):
            if code == 0xFFFF:
                continue
            if range_offset == 0:
                glyph = (code + delta) & 0xFFFF
            else:
                where = ranges_at + 2 * segment + range_offset + 2 * (code - start)
                glyph = struct.unpack_from(">H", table, where)[0]
                glyph = (glyph + delta) & 0xFFFF if glyph else 0
            if glyph:
                mapping[code] = glyph
    return mapping


def read_advances(data: bytes) -> Advances:
    """Return the advance width of every code point a font file maps to a glyph."""
    tables = _tables(data)
    units_per_em = struct.unpack_from(">H", tables["head"], 18)[0]
    metric_count = struct.unpack_from(">H", tables["hhea"], 34)[0]
    hmtx = tables["hmtx"]
    advances = [struct.unpack_from(">H", hmtx, 4 * i)[0] for i in range(metric_count)]
    widths = {
        code: advances[min(glyph, metric_count - 1)]
        for code, glyph in _cmap(tables["cmap"]).items()
    }
    return Advances(units_per_em, widths)


def read_cmap(data: bytes) -> dict[int, int]:
    """Return the glyph index of every code point a font file maps to a glyph."""
    return _cmap(_tables(data)["cmap"])


def read_kerned_pairs(data: bytes, cmap: dict[int, int]) -> frozenset[str]:
    """Return the two-character strings whose glyphs the font's ``kern`` table kerns.

    `cmap` is the font's (see ``read_cmap``). These are the only pairs FreeType's
    ``FT_Get_Kerning`` moves closer or apart in a TrueType font; it reads no other table.
    """
    kern = _tables(data).get("kern")
    if kern is None:
        return frozenset()
    glyph_pairs: set[tuple[int, int]] = set()
    count = struct.unpack_from(">H", kern, 2)[0]
    offset = 4
    for _ in range(count):
        length, coverage = struct.unpack_from(">HH", kern, offset + 2)
        # Format 0 (the high byte), horizontal (bit 0), neither minimum nor cross-stream.
        if coverage >> 8 == 0 and coverage & 0x7 == 0x1:
            pairs = struct.unpack_from(">H", kern, offset + 6)[0]
            for left, right, _value in struct.iter_unpack(
                ">HHh", kern[offset + 14 : offset + 14 + 6 * pairs]
            ):
                glyph_pairs.add((left, right))
        offset += length
    codes: dict[int, list[str]] = {}
    for code, glyph in cmap.items():
        codes.setdefault(glyph, []).append(chr(code))
    return frozenset(
        first + second
        for left, right in glyph_pairs
        for first in codes.get(left, ())
        for second in codes.get(right, ())
    )
