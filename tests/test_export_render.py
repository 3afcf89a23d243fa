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


def test_template_renders_without_its_skipped_slide(tmp_path: Path) -> None:
    pytest.importorskip("slidegen.backends.offline.engine")
    template = load_default_template()
    template["slides"][-1].setdefault("slideProperties", {})["isSkipped"] = True
    source = tmp_path / "template.pptx"
    export_pptx(template, source)
    subprocess.run(
        [
            "soffice",
            f"-env:UserInstallation={(tmp_path / 'profile').as_uri()}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(tmp_path),
            str(source),
        ],
        check=True,
        capture_output=True,
        timeout=180,
    )
    info = subprocess.run(
        ["pdfinfo", str(tmp_path / "template.pdf")], check=True, capture_output=True, text=True
    ).stdout
    pages = re.search(r"^Pages:\s+(\d+)", info, re.MULTILINE)
    assert pages is not None and int(pages.group(1)) == len(template["slides"]) - 1
