from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from slidegen.config import Config
from slidegen.defaults import DEFAULT_STAKEHOLDER_ROLES, DEFAULT_VALUE_DRIVERS
from slidegen.errors import InputError
from slidegen.plan.loader import load_plan
from slidegen.plan.positions import parse_yaml
from slidegen.plan.schema import (
    DRAFT_07,
    packaged_schema_path,
    plan_json_schema,
    plan_json_schema_text,
)

ROOT = Path(__file__).parents[1]
COMMITTED = ROOT / "slidegen" / "plan.schema.json"
EXAMPLE = ROOT / "plan_inputs" / "example.yaml"


def refs(node: Any) -> list[str]:
    if isinstance(node, dict):
        found = [node["$ref"]] if isinstance(node.get("$ref"), str) else []
        return found + [ref for value in node.values() for ref in refs(value)]
    if isinstance(node, list):
        return [ref for item in node for ref in refs(item)]
    return []


def test_committed_schema_matches_the_model() -> None:
    assert COMMITTED.read_text(encoding="utf-8") == plan_json_schema_text(), (
        "slidegen/plan.schema.json is stale; regenerate it with "
        "`slidegen schema > slidegen/plan.schema.json`"
    )


def test_packaged_schema_is_the_committed_file() -> None:
    assert Path(packaged_schema_path()).resolve() == COMMITTED.resolve()


def test_schema_is_draft_07_with_definitions() -> None:
    schema = plan_json_schema()
    assert schema["$schema"] == DRAFT_07
    assert "$defs" not in json.dumps(schema)
    names = set(schema["definitions"])
    for ref in refs(schema):
        assert ref.startswith("#/definitions/")
        assert ref.removeprefix("#/definitions/") in names
    assert set(schema["required"]) == {"customer", "opportunity", "prepared_by", "date"}
    assert schema["additionalProperties"] is False


def test_connection_keys_are_the_yaml_aliases() -> None:
    connection = plan_json_schema()["definitions"]["Connection"]
    assert set(connection["properties"]) == {"from", "to", "label"}


def test_value_drivers_and_roles_are_offered_but_not_enforced() -> None:
    definitions = plan_json_schema()["definitions"]
    driver = definitions["Mapping"]["properties"]["value_driver"]
    role = definitions["Stakeholder"]["properties"]["role"]
    assert driver["examples"] == list(DEFAULT_VALUE_DRIVERS)
    assert role["examples"] == list(DEFAULT_STAKEHOLDER_ROLES)
    assert {"type": "string", "minLength": 1} in driver["anyOf"]
    assert {"type": "string", "minLength": 1} in role["anyOf"]


def validator() -> Any:
    jsonschema = pytest.importorskip("jsonschema")
    return jsonschema.Draft7Validator(plan_json_schema())


def test_example_plan_satisfies_the_schema() -> None:
    document, _ = parse_yaml(EXAMPLE.read_text(encoding="utf-8"), str(EXAMPLE))
    errors = list(validator().iter_errors(document.data))
    assert errors == []


def test_schema_accepts_configured_values_and_null_sections(tmp_path: Path) -> None:
    text = EXAMPLE.read_text(encoding="utf-8")
    text = text.replace("value_driver: Increase operational efficiencies", "value_driver: Cut cost")
    text = text.replace("role: Coach", "role: Sponsor")
    path = tmp_path / "custom.yaml"
    path.write_text(text, encoding="utf-8")
    config = Config(
        value_drivers=[*Config().value_drivers, "Cut cost"],
        stakeholder_roles=[*Config().stakeholder_roles, "Sponsor"],
    )
    load_plan(path, config)
    document, _ = parse_yaml(text, str(path))
    document.data["risks"] = None
    assert list(validator().iter_errors(document.data)) == []


def test_schema_rejects_what_the_model_rejects() -> None:
    document, _ = parse_yaml(EXAMPLE.read_text(encoding="utf-8"), str(EXAMPLE))
    document.data["risks"][0]["impact"] = "severe"
    document.data["stakeholders"][0]["nickname"] = "D"
    messages = sorted(error.message for error in validator().iter_errors(document.data))
    assert len(messages) == 2
    assert any("severe" in message for message in messages)
    assert any("nickname" in message for message in messages)


@pytest.mark.parametrize(
    ("after", "accepted", "message"),
    [
        (4, True, None),
        ("g1234_0", True, None),
        (0, False, "slides are numbered from 1; 0 names no slide"),
        (2.5, False, "a whole number"),
        (True, False, "expected a slide's object ID or its 1-based number"),
        ("", False, "leave `after` out"),
    ],
)
def test_deck_after_is_a_slide_id_or_number_in_schema_and_model(
    tmp_path: Path, after: Any, accepted: bool, message: str | None
) -> None:
    document, _ = parse_yaml(EXAMPLE.read_text(encoding="utf-8"), str(EXAMPLE))
    document.data["deck"] = {"into": "1AbCdEf", "after": after, "title": False}
    schema_errors = list(validator().iter_errors(document.data))
    path = tmp_path / "plan.yaml"
    path.write_text(json.dumps(document.data, default=str), encoding="utf-8")
    if accepted:
        assert schema_errors == []
        plan = load_plan(path, Config())
        assert plan.deck is not None
        assert plan.deck.after == str(after)
        assert plan.deck.title is False
        return
    assert schema_errors != []
    with pytest.raises(InputError) as raised:
        load_plan(path, Config())
    assert message is not None
    assert message in str(raised.value)
    assert "deck.after" in str(raised.value)
