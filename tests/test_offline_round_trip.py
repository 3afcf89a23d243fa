"""The offline round trip the README shows: export the template, build a body, apply it."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from slidegen.cli import main
from slidegen.templates import load_default_template

EXAMPLE_PLAN = Path(__file__).resolve().parents[1] / "plan_inputs" / "example.yaml"
AS_OF = "2026-11-26"


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.stdout, result.stderr


def test_template_export_writes_the_bundled_template_as_presentation_json(
    tmp_path: Path,
) -> None:
    target = tmp_path / "template.json"

    code, out, _err = run("template", "export", "-o", str(target))

    assert code == 0, out
    assert json.loads(target.read_text(encoding="utf-8")) == load_default_template()
    assert out == f"Wrote {target} (6 slides)\n"


def test_a_body_built_on_the_exported_template_applies_to_it(tmp_path: Path) -> None:
    template, body, built, filled = (
        tmp_path / name for name in ("template.json", "body.json", "built.json", "filled.json")
    )
    run("template", "export", "-o", str(template))

    code, out, err = run(
        "build", str(EXAMPLE_PLAN), "--template", str(template), "--as-of", AS_OF,
        "--requests-out", str(body), "-o", str(built),
    )  # fmt: skip
    assert code == 0, err
    assert f"→ {built} (" in out

    code, out, err = run("apply", str(template), str(body), "-o", str(filled))
    assert code == 0, err
    replies = json.loads(out)["replies"]
    assert len(replies) == len(json.loads(body.read_text())["requests"])

    offline_build = json.loads(built.read_text(encoding="utf-8"))
    applied = json.loads(filled.read_text(encoding="utf-8"))
    assert applied["slides"] == offline_build["slides"]
    assert applied["revisionId"] != json.loads(template.read_text())["revisionId"]

    code, out, err = run("render", str(filled), "-o", str(tmp_path / "filled.pptx"))
    assert code == 0, err


def test_build_refuses_an_output_it_cannot_write(tmp_path: Path) -> None:
    code, _out, err = run("build", str(EXAMPLE_PLAN), "-o", str(tmp_path / "deck.pdf"))

    assert code == 2
    assert "'-o' / '--output'" in err
    assert "cannot write a deck as '.pdf'" in err
    assert list(tmp_path.iterdir()) == []
