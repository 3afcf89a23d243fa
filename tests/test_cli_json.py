"""Every --json command prints exactly one object, valid against the output schema."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from click.testing import CliRunner

from slidegen.cli import main
from slidegen.cli.envelope import output_schema

EXAMPLE_PLAN = Path(__file__).resolve().parents[1] / "plan_inputs" / "example.yaml"
TYPOS = "customer: X\nprepard_by: {name: a}\ndate: 2026-11-31\n"


def run_json(*args: str, code: int) -> dict[str, Any]:
    """Run slidegen with --json; check the exit code and that stdout is one valid object."""
    result = CliRunner().invoke(main, [*args, "--json"])
    assert result.exit_code == code, (result.stdout, result.stderr)
    data: dict[str, Any] = json.loads(result.stdout)
    jsonschema.Draft202012Validator(output_schema()).validate(data)
    assert data["exit_code"] == code
    return data


@pytest.fixture(autouse=True)
def _in_tmp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)


def test_validate_lists_each_plan_and_every_problem_as_an_object(tmp_path: Path) -> None:
    (tmp_path / "typos.yaml").write_text(TYPOS)

    data = run_json("validate", "typos.yaml", str(EXAMPLE_PLAN), code=1)

    assert data["command"] == "validate"
    assert data["error"] == "Found 3 problems in 1 of 2 files."
    assert [(p["line"], p["column"], p["path"]) for p in data["problems"]] == [
        (1, 1, "opportunity"),
        (2, 1, "prepard_by"),
        (3, 7, "date"),
    ]
    bad, good = data["plans"]
    assert bad["ok"] is False and bad["problems"] == data["problems"]
    assert good["ok"] is True and good["stakeholders"] == 12


def test_validate_success(tmp_path: Path) -> None:
    data = run_json("validate", str(EXAMPLE_PLAN), code=0)
    assert data["ok"] is True
    assert data["plans"][0]["missing_roles"] == ["Economic Buyer"]


def test_apply_and_render_report_in_the_envelope(tmp_path: Path) -> None:
    CliRunner().invoke(main, ["template", "export", "-o", "template.json"])
    Path("body.json").write_text(
        json.dumps([{"insertText": {"objectId": "tpl_risks_heading", "text": "Risks "}}])
    )

    applied = run_json("apply", "template.json", "body.json", "-o", "out.json", code=0)
    assert applied["response"]["replies"] == [{}]
    assert applied["path"] == "out.json"

    rendered = run_json("render", "out.json", "-o", "out.pptx", code=0)
    assert rendered["path"] == "out.pptx"
    assert rendered["slides"] == 6


def test_a_rejected_request_is_a_problem_in_the_body_file(tmp_path: Path) -> None:
    CliRunner().invoke(main, ["template", "export", "-o", "template.json"])
    Path("bad.json").write_text(
        json.dumps([{"deleteText": {"objectId": "tpl_risks_accent", "textRange": {"type": "ALL"}}}])
    )

    data = run_json("apply", "template.json", "bad.json", code=1)

    assert data["error"] == "request 0 (deleteText) was rejected; nothing was written"
    assert data["problems"][0]["file"] == "bad.json"
    assert data["problems"][0]["path"] == "requests[0].deleteText"
    assert data["api_error"]["status"] == "INVALID_ARGUMENT"


def test_template_export_and_inspect_failures_are_one_object(tmp_path: Path) -> None:
    exported = run_json("template", "export", "-o", "t.json", code=0)
    assert exported["command"] == "template export"
    assert exported["slides"] == 6

    # No emulator and no token here: the sign-in failure is still one object.
    data = run_json("template", "inspect", "nope", code=1)
    assert data["command"] == "template inspect"
    assert data["hint"] == "run `slidegen auth login`"


def test_build_failures_and_usage_errors_are_one_object(tmp_path: Path) -> None:
    (tmp_path / "typos.yaml").write_text(TYPOS)

    failed = run_json("build", "typos.yaml", "--as-of", "2026-11-26", code=1)
    assert failed["error"] == "3 problems in typos.yaml"
    assert failed["decks"][0]["problems"] == failed["problems"]
    assert failed["problems"][2]["line"] == 3

    usage = run_json("build", "typos.yaml", "--as-of", "2026-13-01", code=2)
    assert usage["problems"][0]["path"] == "--as-of"
    assert "2026-13-01" in usage["error"]

    several = run_json("build", "typos.yaml", str(EXAMPLE_PLAN), "-o", "x.pptx", code=2)
    assert several["problems"][0]["path"] == "-o / --output"

    google = run_json("build", str(EXAMPLE_PLAN), "--backend", "google", code=1)
    assert "--template-id" in google["error"]


def test_sync_reports_plan_problems_with_their_lines(tmp_path: Path) -> None:
    (tmp_path / "plans").mkdir()
    (tmp_path / "plans" / "typos.yaml").write_text(TYPOS)

    data = run_json("sync", "plans", "--backend", "offline", "--as-of", "2026-11-20", code=1)

    assert data["results"][0]["action"] == "failed"
    assert [(p["file"], p["line"]) for p in data["problems"]] == [
        ("plans/typos.yaml", 1),
        ("plans/typos.yaml", 2),
        ("plans/typos.yaml", 3),
    ]


def test_doctor_reports_in_the_same_envelope() -> None:
    from slidegen.cli.doctor_cmds import doctor_json
    from slidegen.doctor import FAIL, PASS, Check, DoctorReport

    schema = jsonschema.Draft202012Validator(output_schema())
    passed = DoctorReport([Check("python", PASS, "3.11")])
    failed = DoctorReport([Check("token", FAIL, "no token", fix="run `slidegen auth login`")])

    schema.validate(doctor_json(passed))
    data = doctor_json(failed)
    schema.validate(data)
    assert data["problems"][0]["path"] == "token"
