"""Render an exported deck with LibreOffice: the file opens and hidden slides stay hidden."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest

from slidegen.export.pptx import export_pptx
from slidegen.templates import load_default_template

pytestmark = [
    pytest.mark.render,
    pytest.mark.skipif(
        shutil.which("soffice") is None or shutil.which("pdfinfo") is None,
        reason="LibreOffice (soffice) and pdfinfo are needed to render decks",
    ),
]


def rendered_pdf(source: Path) -> Path:
    """Return the PDF LibreOffice renders of the deck `source`, written beside it."""
    subprocess.run(
        [
            "soffice",
            f"-env:UserInstallation={(source.parent / 'profile').as_uri()}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(source.parent),
            str(source),
        ],
        check=True,
        capture_output=True,
        timeout=180,
    )
    return source.with_suffix(".pdf")


def test_template_renders_without_its_skipped_slide(tmp_path: Path) -> None:
    pytest.importorskip("slidegen.backends.offline.engine")
    template = load_default_template()
    template["slides"][-1].setdefault("slideProperties", {})["isSkipped"] = True
    source = tmp_path / "template.pptx"
    export_pptx(template, source)
    info = subprocess.run(
        ["pdfinfo", str(rendered_pdf(source))], check=True, capture_output=True, text=True
    ).stdout
    pages = re.search(r"^Pages:\s+(\d+)", info, re.MULTILINE)
    assert pages is not None and int(pages.group(1)) == len(template["slides"]) - 1


BIDI_CONTROLS = dict.fromkeys(
    map(ord, "\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
)


def test_a_hebrew_word_measured_to_fit_its_column_renders_whole(tmp_path: Path) -> None:
    """Hebrew takes the run's font (the layout measured it in), not the renderer's own."""
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext is needed to read the rendered text")
    from architecture_plans import built_deck, random_plan

    # This random plan's Hebrew stakeholder table has a role column exactly as wide as its
    # widest word, the champion's "אלוף", which LibreOffice broke as "אלו" / "ף" in its own
    # font for Hebrew.
    plan, config = random_plan(2011)
    roles = [stakeholder.role for stakeholder in plan.stakeholders]
    assert "אלוף" in roles
    source = tmp_path / "hebrew.pptx"
    export_pptx(built_deck(plan, config), source)
    rendered = subprocess.run(
        ["pdftotext", str(rendered_pdf(source)), "-"], check=True, capture_output=True, text=True
    ).stdout
    words = set(rendered.translate(BIDI_CONTROLS).split())
    pieces = {"אלוף"[:cut] for cut in range(1, 4)} | {"אלוף"[cut:] for cut in range(1, 4)}
    assert not words & pieces, sorted(words & pieces)
