from __future__ import annotations

import datetime as dt
import textwrap
from pathlib import Path

import pytest

from slidegen.config import Config
from slidegen.errors import InputError, Problem
from slidegen.plan import positions
from slidegen.plan.loader import MAX_FILE_BYTES, load_plan
from slidegen.plan.model import Plan, xml_unsafe_character

EXAMPLE = Path(__file__).parents[1] / "plan_inputs" / "example.yaml"

HEADER = """\
customer: Acme
opportunity:
  name: Platform deal
prepared_by:
  name: Pat Lee
date: 2026-11-20
"""


def write(tmp_path: Path, text: str, name: str = "plan.yaml") -> Path:
    path = tmp_path / name
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


def problems_of(path: Path, config: Config | None = None) -> list[Problem]:
    with pytest.raises(InputError) as caught:
        load_plan(path, config)
    assert caught.value.problems, "an InputError must carry at least one problem"
    return caught.value.problems


def where(problem: Problem) -> tuple[int | None, int | None, str]:
    return problem.line, problem.column, problem.path


def test_example_plan_loads_with_every_section_filled() -> None:
    plan = load_plan(EXAMPLE)
    assert plan.customer == "Northwind Freight"
    assert plan.date == dt.date(2026, 11, 20)
    assert plan.empty_sections == []
    assert 10 <= len(plan.stakeholders) <= 14
    assert 9 <= len(plan.win_plan) <= 12
    assert plan.missing_roles(Config().required_roles), "the example must show a role gap"


def test_example_plan_exercises_every_feature() -> None:
    plan = load_plan(EXAMPLE)
    states = (plan.architecture.current, plan.architecture.proposed)
    for state in states:
        assert 2 <= len(state.zones) <= 3
        assert 7 <= len(state.components) <= 10
        assert all(connection.label for connection in state.connections)
    current = plan.architecture.current.components
    assert any(c.pain_points for c in current)
    assert any(c.non_negotiable for c in current)
    assert any(c.replaced_by for c in current if c.status == "retiring")
    assert any(c.status == "new" for c in plan.architecture.proposed.components)
    drivers = {m.value_driver for m in plan.business_outcomes.mappings}
    assert drivers == set(Config().value_drivers)
    assert 6 <= len(plan.business_outcomes.mappings) <= 8
    assert all(need.metric for need in plan.business_outcomes.needs)
    assert {a.status for a in plan.win_plan} >= {"done", "in_progress", "planned"}
    assert any(a.is_overdue(dt.date(2026, 11, 26)) for a in plan.win_plan)
    dates = [a.date for a in plan.win_plan]
    assert min(dates) >= dt.date(2026, 9, 1) and max(dates) < dt.date(2027, 3, 1)
    assert {r.severity for r in plan.risks} >= {1, 2, 3, 4, 6, 9}
    assert [r.id for r in plan.risks] == [f"R{n}" for n in range(1, len(plan.risks) + 1)]
    assert len({s.relationship for s in plan.stakeholders}) >= 4


def test_every_problem_is_reported_at_its_value(tmp_path: Path) -> None:
    body = """\
        stakeholders:
          - name: Ann
            role: Econmic Buyer
            relationship: strng
        risks:
          - {id: R1, risk: Late, impact: hihg, likelihood: low}
          - {id: R1, risk: Later, impact: high, likelihood: low}
        """
    path = write(tmp_path, HEADER + textwrap.dedent(body))
    problems = problems_of(path)
    assert [where(p) for p in problems] == [
        (9, 11, "stakeholders[0].role"),
        (10, 19, "stakeholders[0].relationship"),
        (12, 34, "risks[0].impact"),
        (13, 10, "risks[1].id"),
    ]
    assert "did you mean 'Economic Buyer'?" in problems[0].message
    assert "did you mean 'strong'?" in problems[1].message
    assert "did you mean 'high'?" in problems[2].message
    assert "duplicate risk id 'R1' (first used at line 12)" in problems[3].message
    assert all(p.file == str(path) for p in problems)


def test_problem_renders_as_file_line_column_path_message(tmp_path: Path) -> None:
    path = write(tmp_path, HEADER + "risks: {}\n")
    [problem] = problems_of(path)
    assert (
        str(problem)
        == f"{path}:7:8: risks: expected a list (items starting with '- '), got a mapping"
    )


def test_unknown_key_suggests_the_field_and_points_at_the_key(tmp_path: Path) -> None:
    path = write(tmp_path, HEADER + "stakeholder:\n  - name: Ann\n    role: Coach\n")
    [problem] = problems_of(path)
    assert where(problem) == (7, 1, "stakeholder")
    assert problem.message == "unknown field 'stakeholder' (did you mean 'stakeholders'?)"


def test_misspelt_required_key_is_one_problem_not_two(tmp_path: Path) -> None:
    [problem] = problems_of(write(tmp_path, HEADER.replace("prepared_by:", "prepard_by:")))
    assert where(problem) == (4, 1, "prepard_by")
    assert problem.message == "unknown field 'prepard_by' (did you mean 'prepared_by'?)"


def test_unknown_key_without_close_match_lists_the_fields(tmp_path: Path) -> None:
    text = HEADER.replace("  name: Platform deal\n", "  name: Platform deal\n  zzz: 1\n")
    [problem] = problems_of(write(tmp_path, text))
    assert where(problem) == (4, 3, "opportunity.zzz")
    assert problem.message == "unknown field 'zzz'; expected one of: name, crm_url"


def test_missing_field_points_at_its_mapping(tmp_path: Path) -> None:
    text = HEADER.replace("  name: Platform deal\n", "  crm_url: https://crm.example.com/1\n")
    [problem] = problems_of(write(tmp_path, text))
    assert where(problem) == (2, 1, "opportunity.name")
    assert problem.message == "missing required field 'name'"


def test_duplicate_key_is_reported_at_the_second_occurrence(tmp_path: Path) -> None:
    path = write(tmp_path, HEADER + "customer: Acme Again\n")
    [problem] = problems_of(path)
    assert where(problem) == (7, 1, "customer")
    assert problem.message == "duplicate key 'customer' (first defined at line 1)"


def test_duplicate_key_keeps_checking_the_first_value(tmp_path: Path) -> None:
    text = HEADER.replace("customer: Acme", "customer: ''") + "customer: Acme Again\n"
    problems = problems_of(write(tmp_path, text))
    assert [(p.line, p.message) for p in problems] == [
        (1, "must not be empty"),
        (7, "duplicate key 'customer' (first defined at line 1)"),
    ]


def test_complex_key_does_not_hide_other_problems(tmp_path: Path) -> None:
    text = HEADER.replace("date: 2026-11-20", "date: soon") + "? [a, b]\n: value\n"
    problems = problems_of(write(tmp_path, text))
    assert [(p.line, p.path) for p in problems] == [(6, "date"), (7, "")]
    assert problems[1].message == "a key must be a plain name, not a list or mapping"


@pytest.mark.parametrize(
    ("date", "reason"),
    [
        ("2026-02-30", "day value is outside expected range"),
        ("2026-13-01", "month value is outside expected range"),
        ("next week", "invalid"),
        ("20261120", "number"),
    ],
)
def test_bad_dates_are_errors_at_the_date(tmp_path: Path, date: str, reason: str) -> None:
    path = write(tmp_path, HEADER.replace("date: 2026-11-20", f"date: {date}"))
    [problem] = problems_of(path)
    assert where(problem) == (6, 7, "date")
    assert reason in problem.message


def test_value_drivers_and_roles_come_from_config(tmp_path: Path) -> None:
    text = HEADER + textwrap.dedent(
        """\
        business_outcomes:
          mappings:
            - {feature: Runners, initiative: Cost, value_driver: Cut cloud spend}
        stakeholders:
          - {name: Ann, role: Sponsor}
        """
    )
    path = write(tmp_path, text)
    assert [p.path for p in problems_of(path)] == [
        "business_outcomes.mappings[0].value_driver",
        "stakeholders[0].role",
    ]
    config = Config(
        value_drivers=["Cut cloud spend"],
        stakeholder_roles=["Sponsor", "Champion"],
        required_roles=["Champion"],
    )
    plan = load_plan(path, config)
    assert plan.stakeholders[0].role == "Sponsor"
    assert plan.missing_roles(config.required_roles) == ["Champion"]


def test_configured_spelling_wins(tmp_path: Path) -> None:
    path = write(tmp_path, HEADER + "stakeholders:\n  - {name: Ann, role: economic buyer}\n")
    assert load_plan(path).stakeholders[0].role == "Economic Buyer"


ARCHITECTURE = (
    HEADER
    + """\
architecture:
  current:
    zones:
      - {id: dc, name: Data centre}
      - {id: dc, name: Second data centre}
    components:
      - {id: ci, name: Jenkins, zone: dcc, status: retiring, replaced_by: gitlb}
      - {id: scm, name: Bitbucket, zone: dc}
    connections:
      - {from: scm, to: ci}
      - {from: ci, to: cd}
  proposed:
    components:
      - {id: gitlab, name: GitLab, status: new}
      - {id: gitlab, name: GitLab again, stage: verfy}
"""
)


def test_reference_problems_each_get_their_own_path_and_line(tmp_path: Path) -> None:
    problems = problems_of(write(tmp_path, ARCHITECTURE))
    assert [where(p) for p in problems] == [
        (11, 14, "architecture.current.zones[1].id"),
        (13, 39, "architecture.current.components[0].zone"),
        (13, 75, "architecture.current.components[0].replaced_by"),
        (17, 24, "architecture.current.connections[1].to"),
        (21, 14, "architecture.proposed.components[1].id"),
        (21, 49, "architecture.proposed.components[1].stage"),
    ]
    messages = [p.message for p in problems]
    assert messages[1] == "unknown zone 'dcc' (did you mean 'dc'?)"
    assert messages[2] == "unknown component 'gitlb' (did you mean 'gitlab'?)"
    assert messages[3] == "unknown component 'cd'; defined here: ci, scm"
    assert "did you mean 'verify'?" in messages[5]


def test_numbers_as_ids_are_checked_as_the_text_the_plan_reads(tmp_path: Path) -> None:
    # `zone: 1.5` names zone "1.5", as `name: 2048` names "2048": references are checked alike.
    text = HEADER + textwrap.dedent(
        """\
        architecture:
          current:
            zones: [{id: 1.5, name: Data centre}, {id: 2, name: Cloud}]
            components:
              - {id: 7, name: A, zone: 1.5}
              - {id: 8.25, name: B, zone: 2.5}
              - {id: 8.25, name: C, zone: 2}
            connections: [{from: 7, to: 8.25}, {from: 7.5, to: 7}]
        """
    )
    problems = problems_of(write(tmp_path, text))
    assert [(p.line, p.path, p.message) for p in problems] == [
        (12, "architecture.current.components[1].zone", "unknown zone '2.5' (did you mean '1.5'?)"),
        (
            13,
            "architecture.current.components[2].id",
            "duplicate component id '8.25' (first used at line 12)",
        ),
        (
            14,
            "architecture.current.connections[1].from",
            "unknown component '7.5'; defined here: 7, 8.25",
        ),
    ]


def test_zone_reference_without_zones_says_so(tmp_path: Path) -> None:
    text = (
        HEADER + "architecture:\n  current:\n    components:\n      - {id: a, name: A, zone: x}\n"
    )
    [problem] = problems_of(write(tmp_path, text))
    assert problem.message == "unknown zone 'x'; this state defines no zones"


def test_model_alone_locates_reference_errors() -> None:
    from pydantic import ValidationError

    data = {
        "customer": "Acme",
        "opportunity": {"name": "Deal"},
        "prepared_by": {"name": "Pat"},
        "date": "2026-11-20",
        "architecture": {
            "current": {
                "components": [{"id": "a", "name": "A"}],
                "connections": [{"from": "a", "to": "b"}, {"from": "c", "to": "a"}],
            }
        },
    }
    with pytest.raises(ValidationError) as caught:
        Plan.model_validate(data)
    locs = [error["loc"] for error in caught.value.errors()]
    assert locs == [
        ("architecture", "current", "connections", 0, "to"),
        ("architecture", "current", "connections", 1, "from"),
    ]


def test_null_sections_are_empty_not_errors(tmp_path: Path) -> None:
    text = HEADER + "business_outcomes:\narchitecture:\nstakeholders:\nwin_plan:\nrisks:\n"
    plan = load_plan(write(tmp_path, text))
    assert plan.empty_sections == [
        "business_outcomes",
        "architecture",
        "stakeholders",
        "win_plan",
        "risks",
    ]


def test_numbers_read_as_text_where_text_is_expected(tmp_path: Path) -> None:
    text = HEADER.replace("customer: Acme", "customer: 3000")
    assert load_plan(write(tmp_path, text)).customer == "3000"


def test_wrong_container_types_are_named(tmp_path: Path) -> None:
    text = HEADER.replace("opportunity:\n  name: Platform deal", "opportunity: Platform deal")
    [problem] = problems_of(write(tmp_path, text))
    assert where(problem) == (2, 14, "opportunity")
    assert problem.message == (
        "expected a mapping with fields name, crm_url, got the text 'Platform deal'"
    )


def test_merge_keys_and_anchors_are_plain_data(tmp_path: Path) -> None:
    text = HEADER + textwrap.dedent(
        """\
        stakeholders:
          - &ann {name: Ann, role: Coach, relationship: good}
          - <<: *ann
            name: Bob
        """
    )
    plan = load_plan(write(tmp_path, text))
    assert [(s.name, s.role) for s in plan.stakeholders] == [("Ann", "Coach"), ("Bob", "Coach")]


# Files that are not plans at all: one clear problem each.


def only_problem(path: Path) -> Problem:
    problems = problems_of(path)
    assert len(problems) == 1, problems
    return problems[0]


@pytest.mark.parametrize(
    ("text", "line", "column", "fragment"),
    [
        (HEADER + "risks:\n\t- {risk: x}\n", 8, 1, "tab character"),
        (HEADER + "notes: 'unclosed\n", 8, 1, "quoted scalar"),
        ("customer: Acme\n  opportunity: x\n", 2, 14, "mapping values are not allowed"),
        ("customer: [Acme\n", 2, 1, "flow sequence"),
        ("customer: Acme\n---\ncustomer: Other\n", 2, 1, "single document"),
        ("customer: \x07\n", 1, 11, "#x0007"),
    ],
)
def test_malformed_yaml_is_one_positioned_problem(
    tmp_path: Path, text: str, line: int, column: int, fragment: str
) -> None:
    problem = only_problem(write(tmp_path, text))
    assert (problem.line, problem.column) == (line, column)
    assert problem.message.startswith("invalid YAML: ")
    assert fragment in problem.message
    assert "\n" not in str(problem)


def test_missing_file(tmp_path: Path) -> None:
    assert only_problem(tmp_path / "nope.yaml").message == "plan not found"


def test_directory(tmp_path: Path) -> None:
    assert only_problem(tmp_path).message == "is a directory, not a plan"


@pytest.mark.parametrize("text", ["", "\n\n", "# only a comment\n", "---\n"])
def test_empty_file(tmp_path: Path, text: str) -> None:
    assert "empty" in only_problem(write(tmp_path, text)).message


def test_binary_file(tmp_path: Path) -> None:
    path = tmp_path / "logo.png"
    path.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)))
    assert only_problem(path).message == "binary data, not a YAML plan"


def test_file_over_the_limit_is_refused_before_parsing(tmp_path: Path) -> None:
    path = tmp_path / "huge.yaml"
    # Invalid YAML past the limit: a parse would report a syntax error instead.
    path.write_bytes(b"customer: [" + b"x" * MAX_FILE_BYTES)
    problem = only_problem(path)
    assert problem.message == (f"plan is 1.0 MB ({MAX_FILE_BYTES + 11:,} bytes); the limit is 1 MB")


def test_non_utf8_text_points_at_the_byte(tmp_path: Path) -> None:
    path = tmp_path / "latin1.yaml"
    path.write_bytes(HEADER.encode() + "notes: café\n".encode("latin-1"))
    problem = only_problem(path)
    assert (problem.line, problem.column) == (7, 11)
    assert "not UTF-8" in problem.message and "0xE9" in problem.message


def test_utf16_is_named(tmp_path: Path) -> None:
    path = tmp_path / "utf16.yaml"
    path.write_bytes(HEADER.encode("utf-16"))
    assert "UTF-16" in only_problem(path).message


def test_utf8_bom_is_accepted(tmp_path: Path) -> None:
    path = tmp_path / "bom.yaml"
    path.write_bytes(b"\xef\xbb\xbf" + HEADER.encode())
    assert load_plan(path).customer == "Acme"


@pytest.mark.parametrize(
    ("text", "kind"), [("- customer: Acme\n", "a list"), ("just text\n", "a single value")]
)
def test_top_level_must_be_a_mapping(tmp_path: Path, text: str, kind: str) -> None:
    problem = only_problem(write(tmp_path, text))
    assert (problem.line, problem.column) == (1, 1)
    assert problem.message.endswith(f"not {kind}")


@pytest.mark.parametrize(
    "value",
    [
        "!!python/object/apply:os.system ['echo owned']",
        "!!python/name:os.system",
        "!custom thing",
    ],
)
def test_tags_never_construct_objects(tmp_path: Path, value: str) -> None:
    problem = only_problem(write(tmp_path, HEADER.replace("customer: Acme", f"customer: {value}")))
    assert problem.line == 1
    assert "tag" in problem.message


@pytest.mark.parametrize(
    ("field", "value"),
    [("customer", "0x" + "f" * 4000), ("date", "9" * 5000), ("customer", "-" + "1" * 4500)],
)
def test_a_number_too_long_to_write_out_is_a_positioned_problem(
    tmp_path: Path, field: str, value: str
) -> None:
    line = next(line for line in HEADER.splitlines() if line.startswith(f"{field}:"))
    problem = only_problem(write(tmp_path, HEADER.replace(line, f"{field}: {value}")))
    assert where(problem) == (HEADER.splitlines().index(line) + 1, len(field) + 3, field)
    assert problem.message.endswith("a number of more than 4000 digits")


def test_a_long_number_that_can_be_written_out_is_read_as_before(tmp_path: Path) -> None:
    plan = load_plan(write(tmp_path, HEADER.replace("customer: Acme", "customer: " + "7" * 3000)))
    assert plan.customer == "7" * 3000


def test_alias_bomb_is_refused(tmp_path: Path) -> None:
    lines = ["a0: &a0 [x, x, x, x, x, x, x, x, x, x]"]
    lines += [f"a{n}: &a{n} [{', '.join([f'*a{n - 1}'] * 10)}]" for n in range(1, 8)]
    problem = only_problem(write(tmp_path, "\n".join(lines) + "\n"))
    assert "expands to more than" in problem.message


def test_deep_nesting_is_a_problem_not_a_crash(tmp_path: Path) -> None:
    problem = only_problem(write(tmp_path, "customer: " + "[" * 5000 + "]" * 5000 + "\n"))
    assert problem.message.startswith("invalid YAML")


@pytest.mark.parametrize(
    ("component", "path", "message"),
    [
        (
            "{id: a b, name: A}",
            "id",
            "invalid id the text 'a b': use up to 40 letters, digits, '_', '.' or '-', "
            "starting with a letter or digit",
        ),
        ("{id: a, name: [A]}", "name", "expected text, got a list"),
        ("{id: a, name: A, non_negotiable: maybe}", "non_negotiable", "expected true or false"),
        ("{id: a, name: A, pain_points: slow}", "pain_points", "expected a list"),
        ("{id: a, name: '  '}", "name", "must not be empty"),
    ],
)
def test_type_problems_read_plainly(
    tmp_path: Path, component: str, path: str, message: str
) -> None:
    text = HEADER + f"architecture:\n  current:\n    components:\n      - {component}\n"
    [problem] = problems_of(write(tmp_path, text))
    assert problem.path == f"architecture.current.components[0].{path}"
    assert problem.line == 10
    assert problem.message.startswith(message)


def test_far_fetched_suggestions_are_not_offered(tmp_path: Path) -> None:
    text = HEADER + "win_plan:\n  - {activity: Demo, date: 2026-12-01, status: scheduled}\n"
    [problem] = problems_of(write(tmp_path, text))
    assert problem.message == (
        "unknown value 'scheduled'; allowed: done, in_progress, planned, cancelled"
    )


@pytest.mark.parametrize(
    "text",
    [
        EXAMPLE.read_text(encoding="utf-8"),
        HEADER + 'notes: Zoë → 日本語 😀 ok\nrisks:\n  - risk: "é😀\\u2028"\n    impact: high\n',
        HEADER + "stakeholders:\r\n  - name: Ann\r\n    role: Champion\r\n",
        HEADER + "base: &b {name: X}\nother:\n  <<: *b\n  name: Y\n  name: Z\n",
    ],
    ids=["example", "non-ascii", "crlf", "merge-and-duplicate"],
)
def test_libyaml_and_pure_python_parsers_agree_on_data_and_positions(text: str) -> None:
    fast, pure = positions._LOADERS[0], positions.PositionLoader
    assert fast is not pure, "PyYAML here is built with libyaml"

    fast_document, fast_problems = positions._parse_with(fast, text, "plan.yaml")
    pure_document, pure_problems = positions._parse_with(pure, text, "plan.yaml")

    assert fast_document.data == pure_document.data
    assert fast_document.values == pure_document.values
    assert fast_document.keys == pure_document.keys
    assert fast_problems == pure_problems


def test_a_tab_libyaml_would_accept_is_still_reported_at_its_position(tmp_path: Path) -> None:
    path = write(tmp_path, HEADER + "risks:\t[]\n")

    (problem,) = problems_of(path)

    assert (problem.line, problem.column) == (7, 7)
    assert "tab character" in problem.message


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("Tab\tnew line\nreturn\r, accents é, € and 😀", None),
        ("null \x00 first", "\x00"),
        ("vertical tab \x0b", "\x0b"),
        ("form feed \x0c then \x1f", "\x0c"),
        ("delete \x7f and next line \x85 are fine", None),
        ("lone \ud800 surrogate", "\ud800"),
        ("not characters \ufffe \uffff", "\ufffe"),
        ("\uffff", "\uffff"),
    ],
)
def test_the_first_character_xml_cannot_hold_is_found(text: str, found: str | None) -> None:
    assert xml_unsafe_character(text) == found
