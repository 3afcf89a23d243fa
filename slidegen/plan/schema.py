"""The plan's JSON Schema, for editors (yaml-language-server, VS Code) to autocomplete."""

from __future__ import annotations

import json
from importlib import resources
from typing import Any, Final

from slidegen.defaults import DEFAULT_STAKEHOLDER_ROLES, DEFAULT_VALUE_DRIVERS
from slidegen.plan.model import Plan

DRAFT_07: Final = "http://json-schema.org/draft-07/schema#"
SCHEMA_FILE: Final = "plan.schema.json"

# Sections the model accepts as null: an early plan often has `stakeholders:` and nothing yet.
_NULLABLE_SECTIONS: Final = (
    "account_team",
    "business_outcomes",
    "architecture",
    "stakeholders",
    "win_plan",
    "risks",
)


# Hover help for editors, for the fields whose meaning is not plain from the name.
_DESCRIPTIONS: Final[dict[tuple[str, str], str]] = {
    ("Plan", "customer"): "The customer's name, as it should appear on the title slide.",
    ("Plan", "date"): "The plan's as-of date (YYYY-MM-DD); activities before it are overdue.",
    ("Plan", "command_plan"): "Link to the command plan this plan builds on.",
    ("Plan", "deck"): "An existing deck to put the slides into (and keep them current in).",
    ("DeckTarget", "into"): "The Google Slides ID of the deck (the part after /d/ in its URL).",
    ("DeckTarget", "after"): "The slide (object ID or 1-based number) the slides go after.",
    ("DeckTarget", "title"): "False leaves the title slide out (the deck has its own).",
    ("Opportunity", "crm_url"): "Link to the opportunity in the CRM.",
    ("Need", "need"): "A critical business need or outcome, in the customer's words.",
    ("Need", "metric"): "How the customer measures success, e.g. 'lead time under 7 days'.",
    ("Mapping", "feature"): "A feature, action or focus area we bring.",
    ("Mapping", "initiative"): "The customer initiative it serves.",
    ("Zone", "id"): "Short id that components name in their `zone`.",
    ("Component", "id"): "Short id that connections and `replaced_by` refer to.",
    ("Component", "zone"): "The id of the zone (in this state) the component runs in.",
    ("Component", "pain_points"): "What hurts about this component today.",
    ("Component", "non_negotiable"): "True when the customer will keep this whatever changes.",
    ("Component", "replaced_by"): "The id of the component that takes this one's place.",
    ("Connection", "from"): "The id of the component the arrow starts at.",
    ("Connection", "to"): "The id of the component the arrow points to.",
    ("Stakeholder", "owner"): "Who on the account team owns this relationship.",
    ("Activity", "audience"): "Who attends or receives the activity.",
    ("Risk", "id"): "Short id to refer to the risk by, e.g. R1.",
    ("Risk", "impact"): "How much the risk would hurt the deal; severity = impact × likelihood.",
}


def _suggested_text(choices: tuple[str, ...], description: str) -> dict[str, Any]:
    """Return a schema that offers `choices` for completion yet accepts any text."""
    # A plain enum would reject the values a config file adds, so it sits beside free text.
    return {
        "description": description,
        "anyOf": [{"enum": list(choices)}, {"type": "string", "minLength": 1}],
        "examples": list(choices),
    }


def _rename_defs(node: Any) -> Any:
    """Return `node` with draft 2020 `$defs` references rewritten as draft-07 `definitions`."""
    if isinstance(node, dict):
        return {
            ("definitions" if key == "$defs" else key): _rename_defs(
                value.replace("#/$defs/", "#/definitions/")
                if key == "$ref" and isinstance(value, str)
                else value
            )
            for key, value in node.items()
        }
    if isinstance(node, list):
        return [_rename_defs(item) for item in node]
    return node


def plan_json_schema() -> dict[str, Any]:
    """Return the JSON Schema (draft-07) of a plan file."""
    schema = _rename_defs(Plan.model_json_schema(by_alias=True, mode="validation"))
    definitions = schema["definitions"]
    definitions["Mapping"]["properties"]["value_driver"] = _suggested_text(
        DEFAULT_VALUE_DRIVERS,
        "A customer value driver; the built-in ones are listed, config may define others.",
    )
    definitions["Stakeholder"]["properties"]["role"] = _suggested_text(
        DEFAULT_STAKEHOLDER_ROLES,
        "A stakeholder role; the built-in ones are listed, config may define others.",
    )
    for (model, field), description in _DESCRIPTIONS.items():
        properties = schema["properties"] if model == "Plan" else definitions[model]["properties"]
        properties[field]["description"] = description
    # The model reads `after: 4` as the text "4"; an editor must accept the number as written.
    definitions["DeckTarget"]["properties"]["after"] = {
        "description": _DESCRIPTIONS[("DeckTarget", "after")],
        "anyOf": [
            {"type": "string", "minLength": 1},
            {"type": "integer", "minimum": 1},
            {"type": "null"},
        ],
        "default": None,
        "title": "After",
    }
    properties = schema["properties"]
    for name in _NULLABLE_SECTIONS:
        section = properties[name]
        title = section.pop("title", None)
        properties[name] = {"anyOf": [section, {"type": "null"}]}
        if title:
            properties[name]["title"] = title
    return {
        "$schema": DRAFT_07,
        "title": "slidegen Technical Opportunity Plan",
        **{key: value for key, value in schema.items() if key != "title"},
    }


def plan_json_schema_text() -> str:
    """Return the schema as the text committed in ``slidegen/plan.schema.json``."""
    return json.dumps(plan_json_schema(), indent=2, ensure_ascii=False) + "\n"


def packaged_schema_path() -> str:
    """Return the file system path of the schema file shipped inside the package."""
    return str(resources.files("slidegen").joinpath(SCHEMA_FILE))
