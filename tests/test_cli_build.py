from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from pptx import Presentation as PptxPresentation

from slidegen.cli import main

EXAMPLE_PLAN = Path(__file__).resolve().parents[1] / "plan_inputs" / "example.yaml"
AS_OF = "2026-11-26"


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


def test_build_writes_a_pptx_without_prototypes(runner: CliRunner, tmp_path: Path) -> None:
    out = tmp_path / "deck.pptx"
    result = runner.invoke(main, ["build", str(EXAMPLE_PLAN), "-o", str(out), "--as-of", AS_OF])
    assert result.exit_code == 0, result.output
    assert str(out) in result.output
    deck = PptxPresentation(str(out))
    body = json.loads(
        runner.invoke(
            main, ["build", str(EXAMPLE_PLAN), "-o", str(out), "--as-of", AS_OF, "--json"]
        ).output
    )
    assert len(deck.slides) == sum(body["decks"][0]["slides"].values())
    assert [p.name for p in tmp_path.iterdir()] == ["deck.pptx"]


def test_requests_out_is_the_exact_body(runner: CliRunner, tmp_path: Path) -> None:
    body_path = tmp_path / "body.json"
    result = runner.invoke(
        main,
        [
            "build",
            str(EXAMPLE_PLAN),
            "-o",
            str(tmp_path / "d.pptx"),
            "--requests-out",
            str(body_path),
            "--as-of",
            AS_OF,
            "--json",
        ],
    )
    assert result.exit_code == 0, result.output
    body = json.loads(body_path.read_text())
    run = json.loads(result.output)["decks"][0]
    assert len(body["requests"]) == run["requests"]
    assert "requiredRevisionId" in body["writeControl"]


def test_several_plans_go_to_the_output_dir_with_progress(
    runner: CliRunner, tmp_path: Path
) -> None:
    config = tmp_path / "slidegen.yaml"
    config.write_text(f"deck:\n  output_dir: {tmp_path / 'out'}\n")
    other = tmp_path / "second.yaml"
    other.write_text(EXAMPLE_PLAN.read_text())
    result = runner.invoke(
        main,
        [
            "build",
            str(EXAMPLE_PLAN),
            str(other),
            "--config",
            str(config),
            "--as-of",
            AS_OF,
            "--json",
        ],
    )
    assert result.exit_code == 0, result.output
    assert "[1/2]" in result.stderr and "[2/2]" in result.stderr
    decks = json.loads(result.stdout)["decks"]
    assert [Path(d["path"]).name for d in decks] == ["example.pptx", "second.pptx"]
    assert all(Path(d["path"]).exists() for d in decks)


def test_output_for_several_plans_is_refused(runner: CliRunner, tmp_path: Path) -> None:
    result = runner.invoke(
        main, ["build", str(EXAMPLE_PLAN), str(EXAMPLE_PLAN), "-o", str(tmp_path / "x.pptx")]
    )
    assert result.exit_code == 2
    assert "'-o' / '--output': takes one plan, but 2 were given" in result.stderr


def test_an_invalid_plan_writes_nothing(runner: CliRunner, tmp_path: Path) -> None:
    plan = tmp_path / "bad.yaml"
    plan.write_text("customer: Acme\n")
    out = tmp_path / "bad.pptx"
    result = runner.invoke(main, ["build", str(plan), "-o", str(out)])
    assert result.exit_code == 1
    assert "error:" in result.stderr
    assert list(tmp_path.iterdir()) == [plan]


def test_a_bad_date_is_a_usage_error(runner: CliRunner) -> None:
    result = runner.invoke(main, ["build", str(EXAMPLE_PLAN), "--as-of", "next tuesday"])
    assert result.exit_code == 2
    assert "2026-03-31" in result.output


def test_help_shows_an_example(runner: CliRunner) -> None:
    result = runner.invoke(main, ["build", "--help"])
    assert result.exit_code == 0
    assert "Example:" in result.output
    assert "slidegen build plan_inputs/example.yaml" in result.output


def test_one_broken_plan_does_not_stop_the_others(runner: CliRunner, tmp_path: Path) -> None:
    config = tmp_path / "slidegen.yaml"
    config.write_text(f"deck:\n  output_dir: {tmp_path / 'out'}\n")
    broken = tmp_path / "broken.yaml"
    broken.write_text("customer: Acme\n")
    result = runner.invoke(
        main,
        ["build", str(broken), str(EXAMPLE_PLAN), "--config", str(config), "--as-of", AS_OF],
    )
    assert result.exit_code == 1
    assert f"error: {broken}" in result.stderr
    assert "1 of 2 plans failed" in result.stderr
    assert (tmp_path / "out" / "example.pptx").exists()
    assert not (tmp_path / "out" / "broken.pptx").exists()
