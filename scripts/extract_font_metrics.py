"""Write the metrics tables text measuring reads instead of opening a font.

Run on a Debian machine with fonts-crosextra-carlito, fonts-liberation2 and
fonts-noto-core installed:

    python scripts/extract_font_metrics.py

(``--bundled`` writes only the Liberation Sans tables, which need no font
package.) For the faces we do not ship as fonts, each table lists, for every code point
the font maps, its advance width in font units; nothing else of the font is
kept. The fonts are under the SIL Open Font License (see
slidegen/fonts/metrics/LICENSE-*.txt).

For the bundled Liberation Sans, each table holds what FreeType's layout
without shaping gives at 1,000 pixels per em (``ImageFont.getlength``): the
advance of every code point the font maps and what each pair its ``kern``
table lists adds to its two advances, plus the font's ascent and descent.
Summed, they are FreeType's width of any run to the last bit, so measuring
needs neither the font nor Pillow; a test checks the tables against both.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Mapping
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from PIL import ImageFont

from slidegen.fonts.sfnt import read_advances, read_cmap, read_kerned_pairs

FONTS = Path(__file__).resolve().parents[1] / "slidegen" / "fonts"
TARGET = FONTS / "metrics"
SOURCES = {
    "carlito-regular": "/usr/share/fonts/truetype/crosextra/Carlito-Regular.ttf",
    "carlito-bold": "/usr/share/fonts/truetype/crosextra/Carlito-Bold.ttf",
    "liberation-serif-regular": "/usr/share/fonts/truetype/liberation2/LiberationSerif-Regular.ttf",
    "liberation-serif-bold": "/usr/share/fonts/truetype/liberation2/LiberationSerif-Bold.ttf",
    "noto-sans-arabic-regular": "/usr/share/fonts/truetype/noto/NotoSansArabic-Regular.ttf",
    "noto-sans-arabic-bold": "/usr/share/fonts/truetype/noto/NotoSansArabic-Bold.ttf",
}


def runs(widths: Mapping[int, float]) -> list[list[object]]:
    """Return [first code point, [advances…]] for each run of consecutive code points."""
    result: list[list[object]] = []
    previous = -2
    for code in sorted(widths):
        if code != previous + 1:
            result.append([code, []])
        advances = result[-1][1]
        assert isinstance(advances, list)
        advances.append(widths[code])
        previous = code
    return result


BUNDLED = {
    "liberation-sans-regular": "LiberationSans-Regular.ttf",
    "liberation-sans-bold": "LiberationSans-Bold.ttf",
}
REFERENCE_SIZE = 1000
"""Pixels per em the bundled faces are laid out at: widths come out in thousandths of an em."""


def number(value: float) -> int | float:
    """Return `value` as an int when it is whole, so the table stays short; JSON keeps it exact."""
    return int(value) if value.is_integer() else value


def laid_out_table(font_file: Path) -> dict[str, object]:
    """Return FreeType's advances, pair kerning and extent for a bundled font."""
    data = font_file.read_bytes()
    cmap = read_cmap(data)
    # BASIC layout gives the same advances on every machine (Raqm may be absent).
    font = ImageFont.truetype(str(font_file), REFERENCE_SIZE, layout_engine=ImageFont.Layout.BASIC)
    advances = {code: font.getlength(chr(code)) for code in cmap}
    kerning = {
        pair: number(font.getlength(pair) - advances[ord(pair[0])] - advances[ord(pair[1])])
        for pair in sorted(read_kerned_pairs(data, cmap))
    }
    ascent, descent = font.getmetrics()
    return {
        "source": font_file.name,
        "reference_size": REFERENCE_SIZE,
        "ascent": ascent,
        "descent": descent,
        "runs": runs({code: number(advance) for code, advance in advances.items()}),
        "kerning": kerning,
    }


def main() -> None:
    """Write one JSON table per face."""
    TARGET.mkdir(parents=True, exist_ok=True)
    for name, font_name in BUNDLED.items():
        table = laid_out_table(FONTS / font_name)
        (TARGET / f"{name}.json").write_text(json.dumps(table, separators=(",", ":")) + "\n")
        print(f"{name}: laid out by FreeType")
    if "--bundled" in sys.argv[1:]:
        return
    for name, source in SOURCES.items():
        advances = read_advances(Path(source).read_bytes())
        table = {
            "source": Path(source).name,
            "units_per_em": advances.units_per_em,
            "runs": runs(advances.widths),
        }
        (TARGET / f"{name}.json").write_text(json.dumps(table, separators=(",", ":")) + "\n")
        print(f"{name}: {len(advances.widths)} code points")


if __name__ == "__main__":
    main()
