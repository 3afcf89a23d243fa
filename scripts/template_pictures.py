"""Draw the bundled template with every tagged region outlined and named, for the docs.

Writes docs/images/template-<role>.png (needs LibreOffice and poppler, which
only this script uses):

    python scripts/template_pictures.py
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

from slidegen.backends.offline.engine import OfflineDeck
from slidegen.export.pptx import export_pptx
from slidegen.layout.template import element_box, walk_elements
from slidegen.tags import parse_tag
from slidegen.templates import load_default_template

OUTPUT = Path(__file__).resolve().parents[1] / "docs" / "images"
MARK = {"red": 0.85, "green": 0.1, "blue": 0.35}
WHITE = {"red": 1.0, "green": 1.0, "blue": 1.0}
LABEL_HEIGHT = 220_000
RESOLUTION = 64


def _emu(value: int) -> dict[str, Any]:
    return {"magnitude": value, "unit": "EMU"}


def marking_requests(deck: dict[str, Any]) -> list[dict[str, Any]]:
    """Return requests that outline each tagged region and label it with its tag."""
    requests: list[dict[str, Any]] = []
    for slide in deck["slides"]:
        for element in walk_elements(slide.get("pageElements", [])):
            tag = parse_tag(element.get("description"))
            if tag is None:
                continue
            box = element_box(element)
            # The label straddles the region's top edge at its right end, where the
            # template's sample text rarely is, on white so it stays legible.
            label_width = int(len(str(tag)) * 11 * 12700 * 0.6) + 120_000
            label_x = box.x + box.width - label_width - 60_000
            label_y = max(0, box.y - LABEL_HEIGHT // 2)
            outline, label = f"mark_{element['objectId']}", f"label_{element['objectId']}"
            requests += [
                {
                    "createShape": {
                        "objectId": outline,
                        "shapeType": "RECTANGLE",
                        "elementProperties": {
                            "pageObjectId": slide["objectId"],
                            "size": {"width": _emu(box.width), "height": _emu(box.height)},
                            "transform": {
                                "scaleX": 1, "scaleY": 1, "translateX": box.x,
                                "translateY": box.y, "unit": "EMU",
                            },
                        },
                    }
                },
                {
                    "updateShapeProperties": {
                        "objectId": outline,
                        "shapeProperties": {
                            "shapeBackgroundFill": {"propertyState": "NOT_RENDERED"},
                            "outline": {
                                "outlineFill": {"solidFill": {"color": {"rgbColor": MARK}}},
                                "weight": {"magnitude": 2.5, "unit": "PT"},
                                "dashStyle": "DASH",
                            },
                        },
                        "fields": "shapeBackgroundFill.propertyState,outline",
                    }
                },
                {
                    "createShape": {
                        "objectId": label,
                        "shapeType": "RECTANGLE",
                        "elementProperties": {
                            "pageObjectId": slide["objectId"],
                            "size": {"width": _emu(label_width), "height": _emu(LABEL_HEIGHT)},
                            "transform": {
                                "scaleX": 1, "scaleY": 1, "translateX": label_x,
                                "translateY": label_y, "unit": "EMU",
                            },
                        },
                    }
                },
                {
                    "updateShapeProperties": {
                        "objectId": label,
                        "shapeProperties": {
                            "shapeBackgroundFill": {
                                "solidFill": {"color": {"rgbColor": WHITE}}
                            },
                            "outline": {
                                "outlineFill": {"solidFill": {"color": {"rgbColor": MARK}}},
                                "weight": {"magnitude": 1, "unit": "PT"},
                            },
                            "contentAlignment": "MIDDLE",
                        },
                        "fields": "shapeBackgroundFill.solidFill.color,outline,contentAlignment",
                    }
                },
                {"insertText": {"objectId": label, "text": str(tag)}},
                {
                    "updateTextStyle": {
                        "objectId": label,
                        "textRange": {"type": "ALL"},
                        "style": {
                            "bold": True,
                            "fontSize": {"magnitude": 11, "unit": "PT"},
                            "foregroundColor": {"opaqueColor": {"rgbColor": MARK}},
                        },
                        "fields": "bold,fontSize,foregroundColor",
                    }
                },
            ]  # fmt: skip
    return requests


def main() -> int:
    """Render the marked template and write one PNG per slide under docs/images."""
    if shutil.which("soffice") is None or shutil.which("pdftoppm") is None:
        print("needs LibreOffice (soffice) and poppler (pdftoppm)", file=sys.stderr)
        return 1
    deck = load_default_template()
    marked = OfflineDeck(json.loads(json.dumps(deck)))
    marked.batch_update({"requests": marking_requests(deck)})
    roles = [slide["objectId"].removeprefix("tpl_") for slide in deck["slides"]]
    OUTPUT.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as work:
        pptx = Path(work) / "template.pptx"
        export_pptx(marked.presentation, pptx, drop_skipped=False)
        subprocess.run(
            ["soffice", "--headless", "--convert-to", "pdf", "--outdir", work, str(pptx)],
            check=True,
            capture_output=True,
        )
        prefix = Path(work) / "page"
        subprocess.run(
            ["pdftoppm", "-png", "-r", str(RESOLUTION), str(pptx.with_suffix(".pdf")), str(prefix)],
            check=True,
        )
        pages = sorted(Path(work).glob("page-*.png"))
        for role, page in zip(roles, pages, strict=True):
            target = OUTPUT / f"template-{role.replace('_', '-')}.png"
            shutil.copyfile(page, target)
            print(f"wrote {target} ({target.stat().st_size // 1024} KiB)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
