"""Write the advance-width tables text measuring uses for faces we do not ship as fonts.

Run on a Debian machine with fonts-crosextra-carlito, fonts-liberation2 and
fonts-noto-core installed:

    python scripts/extract_font_metrics.py

Each table lists, for every code point the font maps, its advance width in
font units; nothing else of the font is kept. The fonts are under the SIL
Open Font License (see slidegen/fonts/metrics/LICENSE-*.txt).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from slidegen.fonts.sfnt import read_advances

TARGET = Path(__file__).resolve().parents[1] / "slidegen" / "fonts" / "metrics"
SOURCES = {
    "carlito-regular": "/usr/share/fonts/truetype/crosextra/Carlito-Regular.ttf",
    "carlito-bold": "/usr/share/fonts/truetype/crosextra/Carlito-Bold.ttf",
    "liberation-serif-regular": "/usr/share/fonts/truetype/liberation2/LiberationSerif-Regular.ttf",
    "liberation-serif-bold": "/usr/share/fonts/truetype/liberation2/LiberationSerif-Bold.ttf",
    "noto-sans-arabic-regular": "/usr/share/fonts/truetype/noto/NotoSansArabic-Regular.ttf",
    "noto-sans-arabic-bold": "/usr/share/fonts/truetype/noto/NotoSansArabic-Bold.ttf",
}


def runs(widths: dict[int, int]) -> list[list[object]]:
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


def main() -> None:
    """Write one JSON table per face."""
    TARGET.mkdir(parents=True, exist_ok=True)
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
