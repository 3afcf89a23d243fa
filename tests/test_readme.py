"""The README stays true: its plan example validates and it covers every command."""

from __future__ import annotations

import re
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from slidegen.cli import main
from slidegen.plan.loader import parse_plan

README = Path(__file__).resolve().parents[1] / "README.md"


def _commands(group: click.Group, prefix: str = "") -> list[tuple[str, click.Command]]:
    found: list[tuple[str, click.Command]] = []
    context = click.Context(group)
    for name in group.list_commands(context):
        command = group.get_command(context, name)
        assert command is not None, name
        path = f"{prefix}{name}"
        if isinstance(command, click.Group):
            found.extend(_commands(command, f"{path} "))
        else:
            found.append((path, command))
    return found


def test_the_plan_example_in_the_readme_validates() -> None:
    blocks = re.findall(r"```yaml\n(.*?)```", README.read_text(encoding="utf-8"), re.S)
    assert blocks, "the README should show a plan"
    plan = parse_plan(blocks[0], "README.md")
    assert plan.customer == "Acme Rail"
    assert plan.architecture.current.component("jenkins").replaced_by == "gitlab"


@pytest.mark.parametrize(("path", "command"), _commands(main), ids=lambda v: str(v))
def test_every_command_has_help_with_an_example_and_is_in_the_readme(
    path: str, command: click.Command
) -> None:
    result = CliRunner().invoke(main, [*path.split(), "--help"])
    assert result.exit_code == 0, result.output
    assert "Example" in result.output, f"'slidegen {path} --help' shows no example"
    assert f"slidegen {path}" in README.read_text(encoding="utf-8"), f"README lacks {path}"


def _sample_runs() -> list[tuple[str, list[str]]]:
    """Return each `$ slidegen …` line of the README with the output lines shown under it."""
    runs: list[tuple[str, list[str]]] = []
    lines = README.read_text(encoding="utf-8").splitlines()
    for index, line in enumerate(lines):
        if not line.startswith("    $ slidegen "):
            continue
        shown = []
        for following in lines[index + 1 :]:
            if not following.startswith("    ") or following.startswith("    $"):
                break
            shown.append(following[4:])
        command = line[len("    $ ") :].split("  #")[0].strip()
        if shown and command.startswith(("slidegen build", "slidegen validate")):
            runs.append((command, shown))
    return runs


@pytest.mark.parametrize(("command", "shown"), _sample_runs(), ids=lambda v: str(v)[:40])
def test_the_readme_sample_output_is_what_slidegen_prints(
    command: str, shown: list[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = README.parent
    (tmp_path / "plan_inputs").mkdir()
    example = (root / "plan_inputs" / "example.yaml").read_text(encoding="utf-8")
    (tmp_path / "plan_inputs" / "example.yaml").write_text(example, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    args: list[str] = []
    for word in command.split()[1:]:
        # Expand plan_inputs/*.yaml as the shell would.
        args.extend(sorted(str(p) for p in Path().glob(word)) if "*" in word else [word])

    result = CliRunner().invoke(main, args)

    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines() == shown
