"""The commented starter plan that `slidegen init` writes."""

from __future__ import annotations

import datetime as dt
import json
import re

from slidegen.config import Config
from slidegen.plan.model import (
    ActivityStatus,
    ComponentStatus,
    Level,
    Relationship,
    RiskStatus,
    Stage,
)

_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,79}$")


def is_valid_plan_name(name: str) -> bool:
    """Return True when `name` can be a plan file's name (no folders, no odd characters)."""
    return bool(_NAME.match(name)) and not name.endswith((".yaml", ".yml"))


def customer_from_name(name: str) -> str:
    """Return a readable customer name from a file name: 'acme-corp' → 'Acme Corp'."""
    words = [word for word in re.split(r"[-_.]+", name) if word]
    return " ".join(word[:1].upper() + word[1:] for word in words) or name


def _quoted(text: str) -> str:
    # A JSON string is a valid YAML double-quoted scalar, whatever it holds.
    return json.dumps(text, ensure_ascii=False)


def _choices(values: list[str]) -> str:
    return " | ".join(values)


def starter_plan(customer: str, config: Config, schema_ref: str, today: dt.date) -> str:
    """Return the text of a starter plan for `customer` that validates as written."""
    value_drivers = config.value_drivers
    roles = config.stakeholder_roles
    next_step = today + dt.timedelta(days=14)
    lines = [
        f"# yaml-language-server: $schema={schema_ref}",
        "#",
        f"# Technical Opportunity Plan for {customer}.",
        "# Every section below holds one worked entry to copy; replace them with your own.",
        "# Check:  slidegen validate <this file>     Build:  slidegen build <this file>",
        "",
        f"customer: {_quoted(customer)}",
        "opportunity:",
        f"  name: {_quoted(customer + ' — platform opportunity')}",
        "  crm_url:            # link to the opportunity in your CRM (optional)",
        "prepared_by:",
        "  name: Your Name",
        "  email: you@example.com",
        "account_team:       # who works this account with you",
        "  - name: Account Executive Name",
        "    role: Account Executive",
        f"date: {today.isoformat()}   # the plan's as-of date (YYYY-MM-DD)",
        "command_plan:       # link to the command plan (optional)",
        "",
        "# Business Outcomes: the customer's needs in their words, then what maps to them.",
        "business_outcomes:",
        "  needs:",
        "    - need: Release customer-facing changes weekly instead of quarterly.",
        "      metric: Lead time for changes under 7 days   # optional",
        "  mappings:",
        f"    # value_driver: {_choices(value_drivers)}",
        "    - feature: CI/CD pipelines in one platform",
        "      initiative: Faster release cadence",
        f"      value_driver: {_quoted(value_drivers[0])}",
        "",
        "# Notional Architecture: current and proposed states, drawn as boxes and arrows.",
        f"# stage: {_choices([s.value for s in Stage])}",
        f"# status: {_choices([s.value for s in ComponentStatus])}",
        "architecture:",
        "  current:",
        "    summary: How software gets from an idea to production today.",
        "    zones:          # where components run; a component's zone names one of these ids",
        "      - id: on-prem",
        "        name: On-premises data centre",
        "    components:",
        "      - id: legacy-ci",
        "        name: Legacy CI server",
        "        stage: verify",
        "        zone: on-prem",
        "        status: retiring",
        "        replaced_by: platform-ci   # a component id of the proposed state",
        "        pain_points:",
        "          - Builds queue for 30 minutes at peak",
        "      - id: issue-tracker",
        "        name: Issue tracker",
        "        stage: plan",
        "        zone: on-prem",
        "        non_negotiable: true       # stays whatever else changes",
        "    connections:",
        "      - from: issue-tracker",
        "        to: legacy-ci",
        "        label: triggers",
        "  proposed:",
        "    summary: One platform for source, CI/CD and security scanning.",
        "    zones:",
        "      - id: cloud",
        "        name: Cloud",
        "      - id: on-prem",
        "        name: On-premises data centre",
        "    components:",
        "      - id: platform-ci",
        "        name: Platform CI/CD",
        "        stage: verify",
        "        zone: cloud",
        "        status: new",
        "      - id: issue-tracker",
        "        name: Issue tracker",
        "        stage: plan",
        "        zone: on-prem",
        "        non_negotiable: true",
        "    connections:",
        "      - from: issue-tracker",
        "        to: platform-ci",
        "        label: linked issues",
        "",
        "# Key Stakeholders: who they are, their role, and how well we know them.",
        f"# role: {_choices(roles)}",
        f"# relationship: {_choices([r.value for r in Relationship])}",
        "stakeholders:",
        "  - name: Stakeholder Name",
        "    title: Director of Engineering",
        f"    role: {_quoted(roles[0])}",
        "    relationship: good",
        "    owner: Your Name    # who on the account team owns the relationship",
        "    notes: What they care about and what they need from us.",
        "",
        "# Technical Win Plan: activities done and planned, in date order.",
        f"# status: {_choices([s.value for s in ActivityStatus])}",
        "win_plan:",
        "  - activity: Technical discovery call",
        f"    date: {next_step.isoformat()}",
        "    audience: Platform team",
        "    status: planned",
        "    owner: Your Name",
        "    notes: Map the current toolchain and release process.",
        "",
        "# Known Risks: blockers to closing; severity is impact × likelihood.",
        f"# impact, likelihood: {_choices([level.value for level in Level])}",
        f"# status: {_choices([s.value for s in RiskStatus])}",
        "risks:",
        "  - id: R1",
        "    risk: No executive sponsor identified yet.",
        "    impact: high",
        "    likelihood: medium",
        "    mitigation: Ask the champion for an introduction.",
        "    owner: Your Name",
        "    status: open",
    ]
    return "\n".join(lines) + "\n"
