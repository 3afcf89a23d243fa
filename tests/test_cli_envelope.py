"""The JSON envelope every --json command prints, and the schema that describes it."""

from __future__ import annotations

import json

import click
import jsonschema
import pytest
from click.testing import CliRunner

from slidegen.cli.envelope import emit, envelope, output_schema
from slidegen.errors import AuthError, InputError, Problem, RequestError


def _validate(data: object) -> None:
    schema = output_schema()
    jsonschema.Draft202012Validator.check_schema(schema)
    jsonschema.Draft202012Validator(schema).validate(data)


def test_a_success_has_no_error_and_keeps_the_command_fields() -> None:
    data = envelope("build", backend="offline", decks=[{"plan": "a.yaml"}])
    assert data["ok"] is True
    assert data["exit_code"] == 0
    assert data["error"] is None
    assert data["problems"] == []
    assert data["decks"] == [{"plan": "a.yaml"}]
    _validate(data)


def test_plan_problems_become_objects_with_their_position() -> None:
    error = InputError(
        [
            Problem("typos.yaml", 3, 1, "prepard_by", "unknown field 'prepard_by'"),
            Problem("typos.yaml", 6, 7, "date", "invalid date '2026-11-31'"),
        ]
    )
    data = envelope("validate", exit_code=1, error=error)
    assert data["ok"] is False
    assert data["error"] == "2 problems in typos.yaml"
    assert data["problems"][1] == {
        "file": "typos.yaml",
        "line": 6,
        "column": 7,
        "path": "date",
        "message": "invalid date '2026-11-31'",
    }
    _validate(data)


def test_a_service_error_splits_its_message_from_its_hint() -> None:
    error = AuthError("not signed in (no token at /x/token.json)", hint="run `slidegen auth login`")
    data = envelope("build", exit_code=1, error=error)
    assert data["error"] == "not signed in (no token at /x/token.json)"
    assert data["hint"] == "run `slidegen auth login`"
    assert data["problems"] == [
        {
            "file": None,
            "line": None,
            "column": None,
            "path": "",
            "message": "not signed in (no token at /x/token.json)",
        }
    ]
    _validate(data)


def test_a_rejected_request_names_its_index_and_kind() -> None:
    data = envelope(
        "apply", exit_code=1, error=RequestError(1, "The object has no text.", "deleteText")
    )
    assert data["problems"][0]["path"] == "requests[1].deleteText"
    assert data["problems"][0]["message"] == "The object has no text."
    _validate(data)


def test_a_bad_option_names_the_option() -> None:
    error = click.BadParameter("'2026-13-01' is not a date", param_hint="'--as-of'")
    data = envelope("build", exit_code=2, error=error)
    assert data["problems"][0]["path"] == "--as-of"
    _validate(data)


def test_command_fields_cannot_hide_the_envelope() -> None:
    with pytest.raises(ValueError, match="ok"):
        envelope("build", ok=False)


def test_the_schema_refuses_an_inconsistent_outcome() -> None:
    data = envelope("probe")
    data["exit_code"] = 1
    with pytest.raises(jsonschema.ValidationError):
        _validate(data)
    with pytest.raises(jsonschema.ValidationError):
        _validate({**envelope("probe"), "problems": [{"file": "a.yaml"}]})


def test_emit_prints_one_object_on_stdout() -> None:
    @click.command()
    def probe() -> None:
        emit("probe", exit_code=2, error="nothing to do")

    result = CliRunner().invoke(probe, [])
    data = json.loads(result.stdout)
    assert data["error"] == "nothing to do"
    assert data["problems"][0]["message"] == "nothing to do"
    _validate(data)


def test_the_schema_holds_a_successful_command_to_its_fields() -> None:
    with pytest.raises(jsonschema.ValidationError, match="decks"):
        _validate(envelope("build", backend="offline"))
    # A failed build may stop before any deck.
    _validate(envelope("build", exit_code=1, error="no config"))
