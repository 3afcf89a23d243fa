"""Pydantic model of a Technical Opportunity Plan.

Names here are the user-facing YAML contract: keep them stable.
Checks that depend on configuration (value drivers, stakeholder roles) read the
allowed values from the validation context key ``"config"`` (a
``slidegen.config.Config``); without a context the built-in defaults apply.

Cross-references (zones, connections, replacements, unique IDs) are checked by
``slidegen.plan.references``; the model runs those checks itself and reports
each problem at its own location, unless the validation context sets
``REFERENCES_CHECKED`` because the caller (the YAML loader) checks the raw data
so that reference problems are reported even when other fields are invalid.
"""

from __future__ import annotations

import datetime as dt
import re
from enum import StrEnum
from typing import Annotated, Any, Final

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    StringConstraints,
    ValidationError,
    ValidationInfo,
    field_validator,
    model_validator,
)
from pydantic_core import InitErrorDetails, PydanticCustomError

from slidegen.defaults import DEFAULT_STAKEHOLDER_ROLES, DEFAULT_VALUE_DRIVERS
from slidegen.plan.references import (
    ReferenceIssue,
    architecture_issues,
    format_loc,
    risk_id_issues,
    state_issues,
    suggest,
)

_XML_UNSAFE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
"""The characters XML 1.0 cannot hold: controls but tab, newline and return; lone
surrogates; U+FFFE and U+FFFF."""


def xml_unsafe_character(text: str) -> str | None:
    """Return the first character a deck file cannot hold (XML 1.0), or None."""
    # One search in C: every string of a plan is checked, most of them clean.
    found = _XML_UNSAFE.search(text)
    return None if found is None else found.group()


def refuse_unsafe_characters(text: str, kind: str, holder: str) -> str:
    """Return `text`, or raise a validation error of `kind` naming its first unsafe character."""
    bad = xml_unsafe_character(text)
    if bad is not None:
        raise PydanticCustomError(
            kind,
            "contains the character {code}, which {holder} cannot hold; remove it",
            {"code": f"U+{ord(bad):04X}", "holder": holder},
        )
    return text


def _xml_safe(text: str) -> str:
    return refuse_unsafe_characters(text, "plan_character", "a slide")


REFERENCES_CHECKED = "references_checked"
"""Validation context key: true when the caller has already checked cross-references."""

Text = Annotated[
    str, StringConstraints(strip_whitespace=True, min_length=1), AfterValidator(_xml_safe)
]
OptionalText = Annotated[str, StringConstraints(strip_whitespace=True), AfterValidator(_xml_safe)]
IDENTIFIER_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,39}$"
Identifier = Annotated[str, StringConstraints(strip_whitespace=True, pattern=IDENTIFIER_PATTERN)]


def _date_not_number(value: Any) -> Any:
    # Lax pydantic would read 20261120 as seconds since 1970; a plan date is always written out.
    if isinstance(value, int | float) and not isinstance(value, bool):
        raise PydanticCustomError(
            "date_format",
            "expected a date written as YYYY-MM-DD, got the number {number}",
            {"number": value},
        )
    return value


EARLIEST_DATE: Final = dt.date(1970, 1, 1)
LATEST_DATE: Final = dt.date(2099, 12, 31)
"""Plan dates lie in this range: a timeline of millennia cannot be drawn (or read)."""


def date_out_of_range(day: dt.date) -> str | None:
    """Return why `day` is outside the dates a plan may use, or None when it is fine."""
    if EARLIEST_DATE <= day <= LATEST_DATE:
        return None
    return (
        f"{day.isoformat()} is outside the dates a plan can use "
        f"({EARLIEST_DATE.isoformat()} to {LATEST_DATE.isoformat()})"
    )


def _date_in_range(day: dt.date) -> dt.date:
    problem = date_out_of_range(day)
    if problem is not None:
        raise PydanticCustomError("plan_date_range", problem)
    return day


PlanDate = Annotated[dt.date, BeforeValidator(_date_not_number), AfterValidator(_date_in_range)]


class Strict(BaseModel):
    """Base for plan models: unknown keys are errors; numbers are read as text where text goes."""

    # A YAML author writing `name: 2048` means the text "2048".
    model_config = ConfigDict(
        extra="forbid", populate_by_name=True, frozen=True, coerce_numbers_to_str=True
    )


def _references_checked(info: ValidationInfo) -> bool:
    return bool((info.context or {}).get(REFERENCES_CHECKED))


def _described(issue: ReferenceIssue) -> str:
    if issue.first_loc is None:
        return issue.message
    return f"{issue.message} (first used at {format_loc(issue.first_loc)})"


def _raise_issues(title: str, issues: list[ReferenceIssue]) -> None:
    """Raise one validation error carrying every issue at its own location."""
    if not issues:
        return
    details = [
        InitErrorDetails(
            type=PydanticCustomError("reference", "{message}", {"message": _described(issue)}),
            loc=issue.loc,
            input=issue.value,
        )
        for issue in issues
    ]
    raise ValidationError.from_exception_data(title, details)


def _config_list(info: ValidationInfo, attribute: str, default: tuple[str, ...]) -> list[str]:
    config = (info.context or {}).get("config")
    return list(getattr(config, attribute, None) or default)


def _pick(value: str, choices: list[str], what: str) -> str:
    """Return the configured spelling of `value`, or raise with a did-you-mean."""
    for choice in choices:
        if choice.lower() == value.strip().lower():
            return choice
    raise PydanticCustomError(
        "unknown_choice",
        "unknown {what} '{value}'{hint}; allowed: {allowed}",
        {
            "what": what,
            "value": value,
            "hint": suggest(value, choices),
            "allowed": ", ".join(choices),
        },
    )


class Level(StrEnum):
    """Impact or likelihood of a risk."""

    HIGH = "high"
    MEDIUM = "medium"
    LOW = "low"

    @property
    def weight(self) -> int:
        """Return 3 for high, 2 for medium, 1 for low."""
        return {"high": 3, "medium": 2, "low": 1}[self.value]


class Relationship(StrEnum):
    """How strong our relationship with a stakeholder is."""

    STRONG = "strong"
    GOOD = "good"
    NEUTRAL = "neutral"
    WEAK = "weak"
    NONE = "none"


class Stage(StrEnum):
    """DevOps lifecycle stage, in lifecycle order."""

    MANAGE = "manage"
    PLAN = "plan"
    CREATE = "create"
    VERIFY = "verify"
    PACKAGE = "package"
    SECURE = "secure"
    RELEASE = "release"
    CONFIGURE = "configure"
    MONITOR = "monitor"
    GOVERN = "govern"

    @property
    def order(self) -> int:
        """Return the stage's position in the lifecycle (0-based)."""
        return list(Stage).index(self)


class ComponentStatus(StrEnum):
    """Whether a component stays, arrives or leaves."""

    EXISTING = "existing"
    NEW = "new"
    RETIRING = "retiring"


class ActivityStatus(StrEnum):
    """Progress of a technical win plan activity."""

    DONE = "done"
    IN_PROGRESS = "in_progress"
    PLANNED = "planned"
    CANCELLED = "cancelled"


class RiskStatus(StrEnum):
    """Whether a risk is still live."""

    OPEN = "open"
    MITIGATING = "mitigating"
    CLOSED = "closed"


class Opportunity(Strict):
    """The sales opportunity this plan supports."""

    name: Text
    crm_url: OptionalText | None = None


def _slide_reference(value: Any) -> Any:
    """Accept a slide's object ID or its 1-based number; refuse anything else clearly."""
    if value is None:
        return value
    if isinstance(value, bool) or not isinstance(value, int | float | str):
        raise PydanticCustomError(
            "slide_reference",
            "expected a slide's object ID or its 1-based number, got {value!r}",
            {"value": value},
        )
    if isinstance(value, float):
        if not value.is_integer():
            raise PydanticCustomError(
                "slide_reference",
                "expected a slide's 1-based number (a whole number) or object ID, got {value}",
                {"value": value},
            )
        value = int(value)
    text = str(value).strip()
    if not text:
        raise PydanticCustomError(
            "slide_reference",
            "expected a slide's object ID or its 1-based number; leave `after` out to put "
            "the slides at the slide marked slidegen:insert-here, else at the end",
        )
    if text.lstrip("+-").isdigit() and int(text) < 1:
        raise PydanticCustomError(
            "slide_reference",
            "slides are numbered from 1; {value} names no slide (give 1 or more, or an object ID)",
            {"value": text},
        )
    return text


SlideReference = Annotated[str, BeforeValidator(_slide_reference), AfterValidator(_xml_safe)]


class DeckTarget(Strict):
    """An existing deck the plan's slides live in, and whether they open with a title slide."""

    into: Text | None = None
    after: SlideReference | None = None
    title: bool = True

    @model_validator(mode="after")
    def _after_needs_a_deck(self) -> DeckTarget:
        if self.after is not None and self.into is None:
            raise PydanticCustomError(
                "deck_after",
                "`after` places the slides in the deck `into` names; give `into` too",
            )
        return self


class Person(Strict):
    """A named person with an optional email."""

    name: Text
    email: OptionalText | None = None


class TeamMember(Strict):
    """A member of the account team."""

    name: Text
    role: OptionalText = ""
    email: OptionalText | None = None


class Need(Strict):
    """A critical business need or outcome, in the customer's words."""

    need: Text
    metric: OptionalText | None = None


class Mapping(Strict):
    """A feature or focus area mapped to a customer initiative and a value driver."""

    feature: Text
    initiative: Text
    value_driver: Text

    @field_validator("value_driver")
    @classmethod
    def _known_value_driver(cls, value: str, info: ValidationInfo) -> str:
        choices = _config_list(info, "value_drivers", DEFAULT_VALUE_DRIVERS)
        return _pick(value, choices, "value driver")


class BusinessOutcomes(Strict):
    """The Business Outcomes slide: needs on one side, mappings on the other."""

    needs: list[Need] = Field(default_factory=list)
    mappings: list[Mapping] = Field(default_factory=list)

    @property
    def is_empty(self) -> bool:
        """Return True when the section has nothing to show yet."""
        return not self.needs and not self.mappings


class Zone(Strict):
    """A place components run in: a data centre, a cloud, a SaaS vendor."""

    id: Identifier
    name: Text


class Component(Strict):
    """A tool or system in a notional architecture."""

    id: Identifier
    name: Text
    stage: Stage | None = None
    zone: Identifier | None = None
    pain_points: list[Text] = Field(default_factory=list)
    non_negotiable: bool = False
    status: ComponentStatus = ComponentStatus.EXISTING
    replaced_by: Identifier | None = None


class Connection(Strict):
    """A directed link between two components."""

    source: Identifier = Field(alias="from")
    target: Identifier = Field(alias="to")
    label: OptionalText | None = None


class ArchitectureState(Strict):
    """One notional architecture (current or proposed)."""

    summary: OptionalText = ""
    image: OptionalText | None = None
    zones: list[Zone] = Field(default_factory=list)
    components: list[Component] = Field(default_factory=list)
    connections: list[Connection] = Field(default_factory=list)

    @property
    def is_empty(self) -> bool:
        """Return True when there is nothing to draw."""
        return not self.components and not self.image and not self.summary

    def component(self, component_id: str) -> Component:
        """Return the component with `component_id`."""
        for component in self.components:
            if component.id == component_id:
                return component
        raise KeyError(component_id)

    @model_validator(mode="after")
    def _references_resolve(self, info: ValidationInfo) -> ArchitectureState:
        if not _references_checked(info):
            _raise_issues("ArchitectureState", state_issues(self.model_dump(by_alias=True)))
        return self


class Architecture(Strict):
    """Current and proposed notional architectures."""

    current: ArchitectureState = Field(default_factory=ArchitectureState)
    proposed: ArchitectureState = Field(default_factory=ArchitectureState)

    @model_validator(mode="after")
    def _replacements_resolve(self, info: ValidationInfo) -> Architecture:
        if not _references_checked(info):
            issues = architecture_issues(self.model_dump(by_alias=True), states=False)
            _raise_issues("Architecture", issues)
        return self


class Stakeholder(Strict):
    """A person on the customer side and our relationship with them."""

    name: Text
    title: OptionalText = ""
    role: Text
    relationship: Relationship = Relationship.NONE
    owner: OptionalText | None = None
    notes: OptionalText = ""

    @field_validator("role")
    @classmethod
    def _known_role(cls, value: str, info: ValidationInfo) -> str:
        choices = _config_list(info, "stakeholder_roles", DEFAULT_STAKEHOLDER_ROLES)
        return _pick(value, choices, "stakeholder role")


class Activity(Strict):
    """One step of the technical win plan."""

    activity: Text
    date: PlanDate
    audience: OptionalText = ""
    notes: OptionalText = ""
    status: ActivityStatus = ActivityStatus.PLANNED
    owner: OptionalText | None = None

    def is_overdue(self, today: dt.date) -> bool:
        """Return True for a planned or in-progress activity whose date has passed."""
        open_statuses = (ActivityStatus.PLANNED, ActivityStatus.IN_PROGRESS)
        return self.status in open_statuses and self.date < today


class Risk(Strict):
    """A known blocker or risk to closing the deal."""

    id: Identifier | None = None
    risk: Text
    impact: Level
    likelihood: Level
    mitigation: OptionalText = ""
    owner: OptionalText = ""
    status: RiskStatus = RiskStatus.OPEN

    @property
    def severity(self) -> int:
        """Return impact × likelihood, 1 (low) to 9 (high)."""
        return self.impact.weight * self.likelihood.weight


class Plan(Strict):
    """A whole Technical Opportunity Plan."""

    customer: Text
    opportunity: Opportunity
    prepared_by: Person
    account_team: list[TeamMember] = Field(default_factory=list)
    date: PlanDate
    command_plan: OptionalText | None = None
    business_outcomes: BusinessOutcomes = Field(default_factory=BusinessOutcomes)
    architecture: Architecture = Field(default_factory=Architecture)
    stakeholders: list[Stakeholder] = Field(default_factory=list)
    win_plan: list[Activity] = Field(default_factory=list)
    risks: list[Risk] = Field(default_factory=list)
    # Where the slides live is not what they say: it stays out of dumps (and fingerprints).
    deck: DeckTarget | None = Field(default=None, exclude=True)

    @model_validator(mode="before")
    @classmethod
    def _sections_may_be_null(cls, data: Any) -> Any:
        # An early plan often has `stakeholders:` with nothing under it yet.
        if isinstance(data, dict):
            for key in ("business_outcomes", "architecture"):
                if key in data and data[key] is None:
                    data = {**data, key: {}}
            for key in ("stakeholders", "win_plan", "risks", "account_team"):
                if key in data and data[key] is None:
                    data = {**data, key: []}
        return data

    @model_validator(mode="after")
    def _risk_ids_unique(self, info: ValidationInfo) -> Plan:
        if not _references_checked(info):
            risks = [risk.model_dump() for risk in self.risks]
            _raise_issues("Plan", risk_id_issues(risks, ("risks",)))
        return self

    def missing_roles(self, required: list[str]) -> list[str]:
        """Return the required stakeholder roles that no stakeholder holds."""
        held = {s.role.lower() for s in self.stakeholders}
        return [role for role in required if role.lower() not in held]

    @property
    def empty_sections(self) -> list[str]:
        """Return the names of sections that have no content yet."""
        empty = []
        if self.business_outcomes.is_empty:
            empty.append("business_outcomes")
        if self.architecture.current.is_empty and self.architecture.proposed.is_empty:
            empty.append("architecture")
        for name in ("stakeholders", "win_plan", "risks"):
            if not getattr(self, name):
                empty.append(name)
        return empty
