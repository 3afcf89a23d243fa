"""The `slidegen apply` command."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from click.testing import CliRunner
from test_engine_core import base_deck, shape_request

from slidegen.cli import main

Json = dict[str, Any]


def write(path: Path, data: Any) -> Path:
    path.write_text(json.dumps(data), encoding="utf-8")
    return path


def test_apply_prints_replies_and_writes_the_new_deck(tmp_path: Path) -> None:
    deck = write(tmp_path / "deck.json", base_deck())
    body = write(
        tmp_path / "body.json",
        {
            "requests": [
                shape_request("box_00001"),
                {"insertText": {"objectId": "box_00001", "text": "Hello"}},
            ],
            "writeControl": {"requiredRevisionId": "rev_start"},
        },
    )
    out = tmp_path / "out" / "new.json"
    result = CliRunner().invoke(main, ["apply", str(deck), str(body), "-o", str(out)])
    assert result.exit_code == 0, result.output
    response = json.loads(result.stdout)
    assert response["replies"] == [{"createShape": {"objectId": "box_00001"}}, {}]
    written = json.loads(out.read_text(encoding="utf-8"))
    assert written["revisionId"] == response["writeControl"]["requiredRevisionId"]
    box = written["slides"][0]["pageElements"][-1]
    assert box["objectId"] == "box_00001"
    assert box["shape"]["text"]["textElements"][1]["textRun"]["content"] == "Hello\n"


def test_apply_accepts_a_bare_list_and_writes_nothing_without_output(tmp_path: Path) -> None:
    deck = write(tmp_path / "deck.json", base_deck())
    body = write(tmp_path / "body.json", [{"deleteObject": {"objectId": "shape_1"}}])
    result = CliRunner().invoke(main, ["apply", str(deck), str(body)])
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["replies"] == [{}]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["body.json", "deck.json"]


def test_rejected_request_prints_the_api_error_and_writes_nothing(tmp_path: Path) -> None:
    deck = write(tmp_path / "deck.json", base_deck())
    body = write(
        tmp_path / "body.json",
        {"requests": [shape_request("box_00001"), shape_request("bad")]},
    )
    out = tmp_path / "new.json"
    result = CliRunner().invoke(main, ["apply", str(deck), str(body), "-o", str(out)])
    assert result.exit_code == 1
    assert result.stdout == ""
    error = json.loads(result.stderr[: result.stderr.rindex("}") + 1])
    assert error["error"]["code"] == 400
    assert error["error"]["message"].startswith("Invalid requests[1].createShape: ")
    assert "request 1 (createShape) was rejected" in result.stderr
    assert not out.exists()


def test_stale_revision_is_refused(tmp_path: Path) -> None:
    deck = write(tmp_path / "deck.json", base_deck())
    body = write(
        tmp_path / "body.json",
        {"requests": [], "writeControl": {"requiredRevisionId": "rev_other"}},
    )
    result = CliRunner().invoke(main, ["apply", str(deck), str(body)])
    assert result.exit_code == 1
    assert "the body was rejected" in result.stderr


def test_unreadable_json_is_an_input_error(tmp_path: Path) -> None:
    deck = tmp_path / "deck.json"
    deck.write_text("{not json", encoding="utf-8")
    body = write(tmp_path / "body.json", [])
    result = CliRunner().invoke(main, ["apply", str(deck), str(body)])
    assert result.exit_code == 1
    assert "deck.json:1:2" in result.stderr
    assert "not valid JSON" in result.stderr


def test_json_nested_past_reading_is_an_input_error(tmp_path: Path) -> None:
    deck = tmp_path / "deck.json"
    deck.write_text("[" * 100_000 + "]" * 100_000, encoding="utf-8")
    body = write(tmp_path / "body.json", [])
    result = CliRunner().invoke(main, ["apply", str(deck), str(body)])
    assert result.exit_code == 1
    assert "deck.json: cannot be read as JSON: nested too deeply" in result.stderr
    assert "Traceback" not in result.stderr


def test_help_has_an_example() -> None:
    result = CliRunner().invoke(main, ["apply", "--help"])
    assert result.exit_code == 0
    assert "slidegen apply build/acme.json fix.json -o build/acme-fixed.json" in result.output
