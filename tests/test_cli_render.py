"""The `slidegen render` command."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from pptx import Presentation

from slidegen.cli import main


def _deck() -> dict[str, Any]:
    def page(object_id: str, skipped: bool) -> dict[str, Any]:
        shape = {
            "objectId": f"{object_id}_title",
            "size": {
                "width": {"magnitude": 3_000_000, "unit": "EMU"},
                "height": {"magnitude": 500_000, "unit": "EMU"},
            },
            "transform": {"scaleX": 1, "scaleY": 1, "translateX": 0, "translateY": 0},
            "shape": {
                "shapeType": "TEXT_BOX",
                "text": {
                    "textElements": [
                        {"endIndex": 6, "paragraphMarker": {"style": {}}},
                        {"endIndex": 6, "textRun": {"content": f"{object_id}\n", "style": {}}},
                    ]
                },
            },
        }
        return {
            "objectId": object_id,
            "pageElements": [shape],
            "slideProperties": {"isSkipped": skipped},
        }

    return {
        "presentationId": "cli_deck",
        "pageSize": {
            "width": {"magnitude": 9_144_000, "unit": "EMU"},
            "height": {"magnitude": 5_143_500, "unit": "EMU"},
        },
        "masters": [],
        "layouts": [],
        "slides": [page("first", False), page("proto", True), page("third", False)],
    }


@pytest.fixture
def deck_file(tmp_path: Path) -> Path:
    path = tmp_path / "deck.json"
    path.write_text(json.dumps(_deck()), encoding="utf-8")
    return path


def test_render_writes_pptx_with_hidden_skipped_slides(deck_file: Path, tmp_path: Path) -> None:
    target = tmp_path / "out" / "deck.pptx"
    result = CliRunner().invoke(main, ["render", str(deck_file), "-o", str(target)])
    assert result.exit_code == 0, result.output
    assert f"Wrote {target} (3 slides, 1 hidden)" in result.output
    slides = Presentation(str(target)).slides
    assert [s._element.get("show") for s in slides] == [None, "0", None]
    assert slides[0].shapes[0].text_frame.text == "first"


def test_render_drop_skipped_and_default_output(deck_file: Path) -> None:
    result = CliRunner().invoke(main, ["render", str(deck_file), "--drop-skipped"])
    assert result.exit_code == 0, result.output
    target = deck_file.with_suffix(".pptx")
    assert "(2 slides)" in result.output
    texts = [s.shapes[0].text_frame.text for s in Presentation(str(target)).slides]
    assert texts == ["first", "third"]


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (None, "no such file"),
        ("{ not json", "not JSON"),
        ("[1, 2]", "not a presentation"),
        ('{"kind": "drive#file"}', "not a presentation"),
        ('{"slides": {"a": 1}}', "not a presentation"),
        ("[" * 100_000 + "]" * 100_000, "cannot be read as JSON (nested too deeply)"),
        ('{"slides": [], "pageSize": ' + "9" * 5000 + "}", "cannot be read as JSON (Exceeds"),
        ('{"slides": [1, {"objectId": "p"}]}', "slides[0] is not a page"),
        ('{"slides": [], "pageSize": NaN}', "'pageSize' is not an object"),
        ('{"pageSize": {"width": {"magnitude": "big"}}}', "pageSize.width.magnitude is 'big'"),
        ('{"pageSize": {"height": {"magnitude": Infinity}}}', "magnitude is inf, not a size"),
        ('{"pageSize": {"width": 9144000}}', "pageSize.width is not an object"),
    ],
)
def test_render_refuses_what_is_not_a_presentation(
    tmp_path: Path, content: str | None, message: str
) -> None:
    source = tmp_path / "input.json"
    if content is not None:
        source.write_text(content, encoding="utf-8")
    result = CliRunner().invoke(main, ["render", str(source), "-o", str(tmp_path / "x.pptx")])
    assert result.exit_code == 1
    assert message in result.output and str(source) in result.output
    assert "Traceback" not in result.output
    assert not (tmp_path / "x.pptx").exists()


def test_render_help_shows_an_example() -> None:
    result = CliRunner().invoke(main, ["render", "--help"])
    assert result.exit_code == 0
    assert "slidegen render build/acme.json -o build/acme.pptx" in result.output
    assert "--drop-skipped" in result.output


def test_a_failed_export_leaves_the_old_file_and_no_partial_one(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    source = tmp_path / "deck.json"
    source.write_text(json.dumps(_deck()))
    target = tmp_path / "deck.pptx"
    target.write_bytes(b"previous deck")

    def half_write(_presentation: dict[str, Any], path: Path, **_options: Any) -> None:
        path.write_bytes(b"PK half a zip")
        raise OSError("disk full")

    monkeypatch.setattr("slidegen.cli.export_cmds.export_pptx", half_write)
    result = CliRunner().invoke(main, ["render", str(source), "-o", str(target)])
    assert result.exit_code != 0
    assert target.read_bytes() == b"previous deck"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["deck.json", "deck.pptx"]
