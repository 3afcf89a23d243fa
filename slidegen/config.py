"""Configuration model (`config/slidegen.yaml`); every field has a working default."""

from __future__ import annotations

import re
import string
from enum import StrEnum
from typing import Annotated

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    StringConstraints,
    ValidationError,
    ValidationInfo,
    field_validator,
    model_validator,
)
from pydantic_core import InitErrorDetails, PydanticCustomError

from slidegen.defaults import (
    DEFAULT_REQUIRED_ROLES,
    DEFAULT_STAKEHOLDER_ROLES,
    DEFAULT_VALUE_DRIVERS,
)


def _writable_text(text: str) -> str:
    """Refuse a character no deck or file name can hold: controls, lone surrogates."""
    # The plan's own rule; imported here since the plan package imports this module.
    from slidegen.plan.model import refuse_unsafe_characters

    return refuse_unsafe_characters(text, "config_character", "a deck or file name")


Text = Annotated[
    str, StringConstraints(strip_whitespace=True, min_length=1), AfterValidator(_writable_text)
]
PathText = Annotated[str, AfterValidator(_writable_text)]
HEX_COLOUR_PATTERN = r"^#[0-9A-Fa-f]{6}$"
HexColour = Annotated[str, StringConstraints(pattern=HEX_COLOUR_PATTERN)]


def _field_error(title: str, loc: tuple[str | int, ...], value: object, message: str) -> None:
    """Raise a validation error located at `loc`, so a file reader can point at the value."""
    detail = InitErrorDetails(
        type=PydanticCustomError("config", "{message}", {"message": message}),
        loc=loc,
        input=value,
    )
    raise ValidationError.from_exception_data(title, [detail])


def _font_order_message(min_pt: float, body_pt: float) -> str:
    return f"min_font_pt ({min_pt:g}) must not exceed body_font_pt ({body_pt:g})"


def _unknown_required_roles(required: list[str], roles: list[str]) -> list[InitErrorDetails]:
    known = {role.lower() for role in roles}
    return [
        InitErrorDetails(
            type=PydanticCustomError(
                "config", "required role '{role}' is not one of stakeholder_roles", {"role": role}
            ),
            loc=(index,),
            input=role,
        )
        for index, role in enumerate(required)
        if role.lower() not in known
    ]


class Section(BaseModel):
    """Base for config sections: unknown keys are errors."""

    model_config = ConfigDict(extra="forbid", frozen=True)


class BackendName(StrEnum):
    """Where decks are written."""

    OFFLINE = "offline"
    GOOGLE = "google"


class TemplateConfig(Section):
    """Which template deck to start from."""

    # Presentation JSON for offline builds; None means the bundled default template.
    path: PathText | None = None
    # Google Slides file ID of the template deck for Google builds.
    google_id: PathText | None = None


class DeckConfig(Section):
    """How decks are named and where offline decks are written."""

    name_pattern: Text = "{customer} — Technical Opportunity Plan"
    output_dir: Text = "build"
    # Folders besides each plan's own from which plans may place local images.
    image_folders: list[PathText] = Field(default_factory=list)

    @field_validator("name_pattern")
    @classmethod
    def _pattern_uses_known_fields(cls, pattern: str) -> str:
        problem = name_pattern_problem(pattern)
        if problem is not None:
            raise ValueError(problem)
        return pattern


LONGEST_DECK_NAME = 255
"""The most characters a deck's name pattern may pad a field to (a file name's limit)."""
NAME_FIELDS = ("customer", "opportunity", "date", "prepared_by")
"""The fields ``deck.name_pattern`` may use, each a piece of text."""


def name_pattern_problem(pattern: str) -> str | None:
    """Return what is wrong with a deck name pattern, or None when every deck can be named."""
    known = ", ".join(f"{{{name}}}" for name in NAME_FIELDS)
    try:
        parts = list(string.Formatter().parse(pattern))
    except ValueError as error:
        return (
            f"is not a valid pattern ({error}); use fields like {known}, and {{{{ }}}} for braces"
        )
    for _literal, field, spec, conversion in parts:
        if field is None:
            continue
        if field not in NAME_FIELDS:
            return f"uses {{{field}}}; it may use only {known}"
        if conversion or (spec and "{" in spec):
            return f"uses {{{field}}} with a conversion or nested field; write just {{{field}}}"
        widest = max((int(digits) for digits in re.findall(r"\d+", spec or "")), default=0)
        if widest > LONGEST_DECK_NAME:
            # '{customer:>99999999999}' would pad the name to gigabytes before any check.
            return (
                f"pads {{{field}}} to {widest:,} characters; a deck name holds at most "
                f"{LONGEST_DECK_NAME}"
            )
        try:
            format("sample", spec or "")
        except ValueError:
            return (
                f"formats {{{field}}} as '{spec}', which text cannot take; write just {{{field}}}"
            )
    return None


class Palette(Section):
    """Colours the generator uses on top of the template's own styling."""

    primary: HexColour = "#2B2A6B"
    accent: HexColour = "#E24329"
    text: HexColour = "#28272D"
    muted: HexColour = "#6E6D78"
    surface: HexColour = "#F4F3FA"
    good: HexColour = "#217645"
    warning: HexColour = "#C17D10"
    danger: HexColour = "#C91C00"
    info: HexColour = "#1F75CB"


class StyleConfig(Section):
    """Typography and colours for generated content."""

    font_family: Text = "Arial"
    body_font_pt: float = Field(default=12, ge=6, le=40)
    min_font_pt: float = Field(default=9, ge=6, le=24)
    palette: Palette = Field(default_factory=Palette)

    @field_validator("min_font_pt")
    @classmethod
    def _min_not_above_given_body(cls, value: float, info: ValidationInfo) -> float:
        body = info.data.get("body_font_pt")
        if body is not None and value > body:
            raise PydanticCustomError(
                "config", "{message}", {"message": _font_order_message(value, body)}
            )
        return value

    @model_validator(mode="after")
    def _min_not_above_body(self) -> StyleConfig:
        # Reached with min_font_pt left at its default: the body size is the value to fix.
        if self.min_font_pt > self.body_font_pt:
            _field_error(
                "StyleConfig",
                ("body_font_pt",),
                self.body_font_pt,
                _font_order_message(self.min_font_pt, self.body_font_pt),
            )
        return self


class ShareEntry(Section):
    """A person, group or domain to share generated decks with."""

    type: str = Field(default="user", pattern=r"^(user|group|domain|anyone)$")
    email: str | None = None
    domain: str | None = None
    role: str = Field(default="reader", pattern=r"^(reader|commenter|writer)$")


class GoogleConfig(Section):
    """Google Drive / Slides settings."""

    folder_id: str | None = None
    share: list[ShareEntry] = Field(default_factory=list)
    notify: bool = False
    # "oauth" (desktop sign-in), "service_account" (key file) or "adc".
    auth: str = Field(default="oauth", pattern=r"^(oauth|service_account|adc)$")
    client_secrets: str | None = None
    service_account_key: str | None = None
    subject: str | None = None


class SyncConfig(Section):
    """Scheduled regeneration settings."""

    state_file: Text = ".slidegen-state.json"
    changes_in_notes: bool = True
    writes_per_minute: int = Field(default=60, ge=1, le=600)


class Config(Section):
    """The whole configuration."""

    backend: BackendName = BackendName.OFFLINE
    template: TemplateConfig = Field(default_factory=TemplateConfig)
    value_drivers: list[Text] = Field(default_factory=lambda: list(DEFAULT_VALUE_DRIVERS))
    stakeholder_roles: list[Text] = Field(default_factory=lambda: list(DEFAULT_STAKEHOLDER_ROLES))
    required_roles: list[Text] = Field(default_factory=lambda: list(DEFAULT_REQUIRED_ROLES))
    deck: DeckConfig = Field(default_factory=DeckConfig)
    style: StyleConfig = Field(default_factory=StyleConfig)
    google: GoogleConfig = Field(default_factory=GoogleConfig)
    sync: SyncConfig = Field(default_factory=SyncConfig)

    @field_validator("required_roles")
    @classmethod
    def _required_roles_known(cls, value: list[str], info: ValidationInfo) -> list[str]:
        roles = info.data.get("stakeholder_roles")
        # Without valid stakeholder_roles there is nothing to check against; that error stands.
        details = _unknown_required_roles(value, roles) if roles is not None else []
        if details:
            raise ValidationError.from_exception_data("Config", details)
        return value

    @model_validator(mode="after")
    def _default_required_roles_known(self) -> Config:
        # Reached with required_roles left at the defaults: stakeholder_roles must hold them.
        details = _unknown_required_roles(self.required_roles, self.stakeholder_roles)
        if details:
            missing = ", ".join(str(detail["input"]) for detail in details)
            _field_error(
                "Config",
                ("stakeholder_roles",),
                self.stakeholder_roles,
                f"stakeholder_roles lacks required roles {missing}; add them or set required_roles",
            )
        return self
