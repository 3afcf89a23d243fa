"""The auth, template and emulator commands, run against the emulator."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import click
import pytest
import requests
from click.testing import CliRunner

from slidegen.backends.google.auth import TOKEN_ENV
from slidegen.cli import main
from slidegen.cli.google_cmds import DEFAULT_TEMPLATE_FILE_ID
from slidegen.emulator import EmulatorServer
from slidegen.layout.slides import ROLES
from slidegen.templates import load_default_template
from slidegen.templates.inspection import inspect_template

pytest_plugins = ["conftest_google"]


@pytest.fixture(autouse=True)
def _isolated(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # Keep the repository's config file and the user's token out of these runs.
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv(TOKEN_ENV, str(tmp_path / "token.json"))


def run(*args: str) -> tuple[int, str]:
    """Run slidegen with `args`; return the exit code and stdout."""
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.output


def test_template_push_creates_the_default_template_in_two_calls(
    emulator: EmulatorServer,
) -> None:
    code, output = run("template", "push", "--name", "Team template", "--json")

    assert code == 0, output
    data = json.loads(output)
    deck = emulator.presentation(data["presentation_id"])
    assert data["url"] == f"https://docs.google.com/presentation/d/{deck['presentationId']}/edit"
    assert deck["title"] == "Team template"
    assert "p" not in [slide["objectId"] for slide in deck["slides"]]
    assert inspect_template(deck)["usable"]
    assert emulator.received == ["presentations.create", "presentations.batchUpdate"]


def test_template_inspect_of_a_good_template_lists_every_role(emulator: EmulatorServer) -> None:
    template_id = emulator.add_presentation(load_default_template(), name="good")

    code, output = run("template", "inspect", template_id)

    assert code == 0, output
    for role, regions in ROLES.items():
        for region in regions:
            assert f"slidegen:{role}.{region}" in output
    assert output.strip().endswith("template is usable")


def test_template_inspect_names_what_is_missing(emulator: EmulatorServer, template_id: str) -> None:
    code, output = run("template", "inspect", template_id, "--json")

    report = json.loads(output)
    assert code == 1
    assert report["usable"] is False
    assert report["error"] == "template is NOT usable yet"
    assert {"file": None, "line": None, "column": None, "path": "",
            "message": "missing region slidegen:risks.table"} in report["problems"]  # fmt: skip
    assert report["missing"]["risks"] == ["heading", "table"]
    assert report["layout_error"]
    assert report["url"].endswith(f"/d/{template_id}/edit")


def test_inspect_reports_tags_that_name_no_known_region() -> None:
    deck = load_default_template()
    deck["slides"][0]["pageElements"][0]["description"] = "slidegen:title.subtitle"

    report = inspect_template(deck)

    assert report["problems"] == [
        "slide 1: slidegen:title.subtitle is not a region of title "
        "(customer, opportunity, meta, footer (optional))"
    ]
    assert not report["usable"]


def test_template_pull_writes_the_presentation_json(
    emulator: EmulatorServer, template_id: str, tmp_path: Path
) -> None:
    target = tmp_path / "out" / "template.json"

    code, output = run("template", "pull", template_id, "-o", str(target))

    assert code == 0, output
    assert json.loads(target.read_text()) == emulator.presentation(template_id)


def test_template_inspect_of_a_missing_deck_fails_clearly(emulator: EmulatorServer) -> None:
    result = CliRunner().invoke(main, ["template", "inspect", "1Missing"])

    assert result.exit_code == 1
    assert "1Missing" in result.output
    assert "not found" in result.output


def test_auth_status_under_the_emulator(emulator: EmulatorServer) -> None:
    code, output = run("auth", "status", "--json")

    assert code == 0
    assert json.loads(output) == {
        "command": "auth status",
        "ok": True,
        "exit_code": 0,
        "error": None,
        "hint": None,
        "problems": [],
        "method": "emulator",
        "account": None,
        "scopes": [],
        "source": emulator.address,
    }


def test_auth_status_without_a_token_says_how_to_sign_in() -> None:
    code, output = run("auth", "status")

    assert code == 1
    assert "not signed in" in output
    assert "slidegen auth login" in output


def test_auth_logout_without_a_token(tmp_path: Path) -> None:
    code, output = run("auth", "logout")

    assert code == 0
    assert f"no token at {tmp_path / 'token.json'}" in output


@pytest.mark.parametrize(
    "path",
    [
        ("auth", "login"),
        ("auth", "status"),
        ("auth", "logout"),
        ("template", "inspect"),
        ("template", "pull"),
        ("template", "push"),
        ("emulator", "serve"),
    ],
)
def test_every_command_has_help_with_an_example(path: tuple[str, ...]) -> None:
    command: click.Command = main
    for name in path:
        assert isinstance(command, click.Group)
        found = command.get_command(click.Context(command), name)
        assert found is not None, name
        command = found

    assert command.help is not None
    assert "Example:" in command.help


def test_emulator_serve_serves_the_default_template() -> None:
    with subprocess.Popen(
        [sys.executable, "-m", "slidegen", "emulator", "serve", "--port", "0"],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    ) as process:
        try:
            assert process.stdout is not None
            line = process.stdout.readline().strip()
            host = line.removeprefix("export SLIDEGEN_EMULATOR_HOST=")
            reply = requests.get(
                f"http://{host}/v1/presentations/{DEFAULT_TEMPLATE_FILE_ID}", timeout=5
            )
        finally:
            process.terminate()

    assert line.startswith("export SLIDEGEN_EMULATOR_HOST=127.0.0.1:")
    assert inspect_template(reply.json())["usable"]
