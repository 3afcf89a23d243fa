from __future__ import annotations

import textwrap
from pathlib import Path

import pytest
from pydantic import BaseModel

from slidegen.config import BackendName, Config
from slidegen.errors import InputError, Problem
from slidegen.plan.loader import load_config

COMMITTED = Path(__file__).parents[1] / "config" / "slidegen.yaml"


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "slidegen.yaml"
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


def problems_of(path: Path) -> list[Problem]:
    with pytest.raises(InputError) as caught:
        load_config(path)
    return caught.value.problems


def test_committed_config_spells_out_every_default() -> None:
    assert load_config(COMMITTED) == Config()


def test_committed_config_names_every_setting() -> None:
    text = COMMITTED.read_text(encoding="utf-8")

    def names(model: type[BaseModel]) -> list[str]:
        found = []
        for name, info in model.model_fields.items():
            found.append(name)
            annotation = info.annotation
            if isinstance(annotation, type) and issubclass(annotation, BaseModel):
                found += names(annotation)
        return found

    missing = [name for name in names(Config) if f"{name}:" not in text]
    assert missing == []


def test_no_path_and_no_file_gives_defaults(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    assert load_config() == Config()


def test_no_path_reads_config_under_current_directory(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "config").mkdir()
    (tmp_path / "config" / "slidegen.yaml").write_text("backend: google\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    assert load_config().backend is BackendName.GOOGLE


def test_no_path_reports_problems_of_the_found_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "config").mkdir()
    (tmp_path / "config" / "slidegen.yaml").write_text("backnd: google\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    with pytest.raises(InputError) as caught:
        load_config()
    assert [str(p) for p in caught.value.problems] == [
        "config/slidegen.yaml:1:1: backnd: unknown field 'backnd' (did you mean 'backend'?)"
    ]


def test_fully_commented_config_means_defaults(tmp_path: Path) -> None:
    assert load_config(write(tmp_path, "# backend: google\n")) == Config()


def test_every_config_problem_is_positioned(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        """\
        backend: gogle
        style:
          body_font_pt: 10
          min_font_pt: 11
          palette:
            accent: red
        stakeholder_roles: [Champion, Sponsor]
        required_roles: [Champion, Economic Buyer]
        sync:
          writes_per_minute: 0
        """,
    )
    problems = problems_of(path)
    assert [(p.line, p.column, p.path) for p in problems] == [
        (1, 10, "backend"),
        (4, 16, "style.min_font_pt"),
        (6, 13, "style.palette.accent"),
        (8, 28, "required_roles[1]"),
        (10, 22, "sync.writes_per_minute"),
    ]
    messages = [p.message for p in problems]
    assert "did you mean 'google'?" in messages[0]
    assert messages[4] == "must be at least 1, got the number 0"
    assert messages[1] == "min_font_pt (11) must not exceed body_font_pt (10)"
    assert messages[2] == "expected a colour written #RRGGBB (like #1F75CB), got the text 'red'"
    assert messages[3] == "required role 'Economic Buyer' is not one of stakeholder_roles"


def test_defaulted_settings_that_conflict_point_at_the_written_one(tmp_path: Path) -> None:
    [roles] = problems_of(write(tmp_path, "stakeholder_roles: [Sponsor]\n"))
    assert (roles.line, roles.path) == (1, "stakeholder_roles")
    assert "lacks required roles Champion, Economic Buyer" in roles.message
    [font] = problems_of(write(tmp_path, "style:\n  body_font_pt: 8\n"))
    assert (font.line, font.path) == (2, "style.body_font_pt")


def test_pattern_choices_are_listed_with_a_suggestion(tmp_path: Path) -> None:
    path = write(tmp_path, "google:\n  auth: oath\n  share:\n    - {type: usr, email: a@b.c}\n")
    problems = problems_of(path)
    assert [p.path for p in problems] == ["google.auth", "google.share[0].type"]
    assert problems[0].message == (
        "unknown value 'oath' (did you mean 'oauth'?); allowed: oauth, service_account, adc"
    )
    assert "(did you mean 'user'?)" in problems[1].message


def test_font_sizes_are_checked_against_each_other(tmp_path: Path) -> None:
    path = write(tmp_path, "style:\n  body_font_pt: 10\n  min_font_pt: 11\n")
    [problem] = problems_of(path)
    assert (problem.line, problem.path) == (3, "style.min_font_pt")
    assert problem.message == "min_font_pt (11) must not exceed body_font_pt (10)"


def test_config_file_errors_use_the_same_format(tmp_path: Path) -> None:
    path = write(tmp_path, "backend: 'offline\n")
    [problem] = problems_of(path)
    assert str(problem).startswith(f"{path}:2:1: invalid YAML: ")
    assert problems_of(tmp_path / "absent.yaml")[0].message == "config not found"
    assert problems_of(tmp_path)[0].message == "is a directory, not a config"


def test_config_top_level_must_be_a_mapping(tmp_path: Path) -> None:
    [problem] = problems_of(write(tmp_path, "- offline\n"))
    assert "must be a mapping" in problem.message


def test_a_control_character_or_lone_surrogate_in_a_setting_is_a_positioned_problem(
    tmp_path: Path,
) -> None:
    path = write(
        tmp_path,
        'template:\n  path: "a\\0b.json"\n'
        'deck:\n  image_folders: ["shared", "\\ud800"]\n'
        'style:\n  font_family: "Arial\\e"\n',
    )
    problems = problems_of(path)
    assert [(p.line, p.path) for p in problems] == [
        (2, "template.path"),
        (4, "deck.image_folders[1]"),
        (6, "style.font_family"),
    ]
    codes = ["U+0000", "U+D800", "U+001B"]
    for problem, code in zip(problems, codes, strict=True):
        assert problem.message == (
            f"contains the character {code}, which a deck or file name cannot hold; remove it"
        )


def test_a_name_pattern_padding_a_field_past_any_file_name_is_refused(tmp_path: Path) -> None:
    path = write(tmp_path, "deck:\n  name_pattern: '{customer:=^99999999999}'\n")
    [problem] = problems_of(path)
    assert problem.path == "deck.name_pattern"
    assert problem.message == (
        "pads {customer} to 99,999,999,999 characters; a deck name holds at most 255"
    )
    assert load_config(write(tmp_path, "deck:\n  name_pattern: '{customer:>40}'\n"))
