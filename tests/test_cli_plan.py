from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from slidegen.cli import main
from slidegen.config import Config
from slidegen.plan.loader import load_plan
from slidegen.plan.schema import plan_json_schema
from slidegen.plan.starter import customer_from_name, starter_plan

ROOT = Path(__file__).parents[1]
EXAMPLE = ROOT / "plan_inputs" / "example.yaml"

VALID = """\
customer: Acme
opportunity: {name: Platform deal}
prepared_by: {name: Pat Lee}
date: 2026-11-20
"""


@pytest.fixture
def runner(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> CliRunner:
    monkeypatch.chdir(tmp_path)
    return CliRunner()


def test_init_writes_a_starter_plan_that_validates(runner: CliRunner, tmp_path: Path) -> None:
    result = runner.invoke(main, ["init", "acme-corp"])
    assert result.exit_code == 0, result.output
    path = tmp_path / "plan_inputs" / "acme-corp.yaml"
    assert result.output.splitlines()[0] == "Wrote plan_inputs/acme-corp.yaml"
    text = path.read_text(encoding="utf-8")
    first_line = text.splitlines()[0]
    assert first_line.startswith("# yaml-language-server: $schema=")
    plan = load_plan(path)
    assert plan.customer == "Acme Corp"
    assert plan.empty_sections == []
    assert plan.date == dt.date.today()
    checked = runner.invoke(main, ["validate", "plan_inputs/acme-corp.yaml"])
    assert checked.exit_code == 0, checked.output
    assert checked.output.startswith("plan_inputs/acme-corp.yaml: OK (1 stakeholder, 1 activity")


def test_init_refuses_to_overwrite_without_force(runner: CliRunner, tmp_path: Path) -> None:
    folder = tmp_path / "plans"
    folder.mkdir()
    (folder / "acme.yaml").write_text("mine\n", encoding="utf-8")
    refused = runner.invoke(main, ["init", "acme", "--dir", "plans"])
    assert refused.exit_code == 1
    assert "plans/acme.yaml already exists; pass --force" in refused.output
    assert (folder / "acme.yaml").read_text(encoding="utf-8") == "mine\n"
    forced = runner.invoke(main, ["init", "acme", "--dir", "plans", "--force"])
    assert forced.exit_code == 0, forced.output
    assert load_plan(folder / "acme.yaml").customer == "Acme"


@pytest.mark.parametrize("name", ["../escape", "a/b", "acme.yaml", "-x", ""])
def test_init_rejects_names_that_are_not_plain_file_names(runner: CliRunner, name: str) -> None:
    result = runner.invoke(main, ["init", "--", name])
    assert result.exit_code == 2
    assert not Path("plan_inputs").exists()


def test_starter_lists_the_configured_choices() -> None:
    config = Config(
        value_drivers=["Grow revenue"], stakeholder_roles=["Sponsor"], required_roles=[]
    )
    text = starter_plan("Acme", config, "../schema.json", dt.date(2026, 11, 20))
    assert "# value_driver: Grow revenue" in text
    assert "# role: Sponsor" in text
    assert 'value_driver: "Grow revenue"' in text


def test_starter_customer_name_is_readable() -> None:
    assert customer_from_name("northwind-freight") == "Northwind Freight"
    assert customer_from_name("acme_corp.eu") == "Acme Corp Eu"


def test_validate_prints_ok_with_counts(runner: CliRunner) -> None:
    result = runner.invoke(main, ["validate", str(EXAMPLE)])
    assert result.exit_code == 0, result.output
    assert result.output == (
        f"{EXAMPLE}: OK (12 stakeholders, 11 activities, 7 risks; no Economic Buyer yet)\n"
    )


def test_validate_notes_empty_sections(runner: CliRunner, tmp_path: Path) -> None:
    (tmp_path / "early.yaml").write_text(VALID + "stakeholders:\nrisks: []\n", encoding="utf-8")
    result = runner.invoke(main, ["validate", "early.yaml"])
    assert result.exit_code == 0, result.output
    assert result.output == (
        "early.yaml: OK (0 stakeholders, 0 activities, 0 risks; "
        "empty: business_outcomes, architecture, stakeholders, win_plan, risks; "
        "no Champion, Economic Buyer, Tech Champion, Decision Maker yet)\n"
    )


def test_validate_prints_every_problem_of_every_file(runner: CliRunner, tmp_path: Path) -> None:
    (tmp_path / "good.yaml").write_text(VALID, encoding="utf-8")
    (tmp_path / "bad.yaml").write_text(
        VALID.replace("date: 2026-11-20", "date: 2026-02-30")
        + "risks:\n  - {risk: Late, impact: hi, likelihood: low}\n",
        encoding="utf-8",
    )
    (tmp_path / "folder").mkdir()
    result = runner.invoke(main, ["validate", "good.yaml", "bad.yaml", "folder", "gone.yaml"])
    assert result.exit_code == 1
    assert result.stdout.splitlines() == [
        "good.yaml: OK (0 stakeholders, 0 activities, 0 risks; "
        "empty: business_outcomes, architecture, stakeholders, win_plan, risks; "
        "no Champion, Economic Buyer, Tech Champion, Decision Maker yet)",
        "bad.yaml:4:7: date: invalid date '2026-02-30' (day value is outside expected range); "
        "write dates as YYYY-MM-DD",
        "bad.yaml:6:26: risks[0].impact: unknown value 'hi' (did you mean 'high'?); "
        "allowed: high, medium, low",
        "folder: is a directory, not a plan",
        "gone.yaml: plan not found",
    ]
    assert result.stderr == "Found 4 problems in 3 of 4 files.\n"
    assert "Traceback" not in result.output


def test_validate_checks_against_the_given_config(runner: CliRunner, tmp_path: Path) -> None:
    plan = tmp_path / "plan.yaml"
    plan.write_text(VALID + "stakeholders:\n  - {name: Ann, role: Sponsor}\n", encoding="utf-8")
    config = tmp_path / "custom.yaml"
    config.write_text("stakeholder_roles: [Sponsor]\nrequired_roles: [Sponsor]\n", encoding="utf-8")
    assert runner.invoke(main, ["validate", "plan.yaml"]).exit_code == 1
    result = runner.invoke(main, ["validate", "plan.yaml", "--config", "custom.yaml"])
    assert result.exit_code == 0, result.output
    assert result.output.startswith("plan.yaml: OK (1 stakeholder,")


def test_validate_reads_the_project_config(runner: CliRunner, tmp_path: Path) -> None:
    (tmp_path / "config").mkdir()
    (tmp_path / "config" / "slidegen.yaml").write_text("backnd: offline\n", encoding="utf-8")
    (tmp_path / "plan.yaml").write_text(VALID, encoding="utf-8")
    result = runner.invoke(main, ["validate", "plan.yaml"])
    assert result.exit_code == 1
    assert result.stdout == (
        "config/slidegen.yaml:1:1: backnd: unknown field 'backnd' (did you mean 'backend'?)\n"
    )


def test_validate_needs_a_file(runner: CliRunner) -> None:
    assert runner.invoke(main, ["validate"]).exit_code == 2


def test_schema_prints_the_committed_schema(runner: CliRunner) -> None:
    result = runner.invoke(main, ["schema"])
    assert result.exit_code == 0
    assert json.loads(result.output) == plan_json_schema()
    committed = (ROOT / "slidegen" / "plan.schema.json").read_text(encoding="utf-8")
    assert result.output == committed


@pytest.mark.parametrize("command", ["init", "validate", "schema"])
def test_every_plan_command_has_help_with_an_example(runner: CliRunner, command: str) -> None:
    result = runner.invoke(main, [command, "--help"])
    assert result.exit_code == 0
    assert "Example:" in result.output
    assert f"slidegen {command}" in result.output
