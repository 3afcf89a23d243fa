"""Plans shared by the sync tests (this module holds no tests of its own)."""

from __future__ import annotations

import copy
from typing import Any

from slidegen.plan.model import Plan

BASE_PLAN: dict[str, Any] = {
    "customer": "Acme Rockets",
    "opportunity": {"name": "Acme platform consolidation"},
    "prepared_by": {"name": "Sam Architect", "email": "sam@example.com"},
    "date": "2026-11-01",
    "business_outcomes": {
        "needs": [{"need": "Ship weekly instead of quarterly"}, {"need": "Pass the SOC 2 audit"}],
        "mappings": [
            {
                "feature": "Merge request pipelines",
                "initiative": "Faster releases",
                "value_driver": "Deliver better products faster",
            }
        ],
    },
    "stakeholders": [
        {"name": "Dana Chief", "title": "CTO", "role": "Economic Buyer", "relationship": "good"},
        {"name": "Lee Dev", "title": "Lead", "role": "Champion", "relationship": "strong"},
    ],
    "win_plan": [
        {"activity": "Discovery workshop", "date": "2026-11-10", "status": "done"},
        {"activity": "Proof of value", "date": "2026-12-01", "status": "planned"},
        {"activity": "Security review", "date": "2026-12-15", "status": "in_progress"},
    ],
    "risks": [
        {"id": "R1", "risk": "Budget freeze", "impact": "high", "likelihood": "medium"},
        {"id": "R3", "risk": "Incumbent contract", "impact": "medium", "likelihood": "low"},
        {"risk": "Team bandwidth", "impact": "low", "likelihood": "low"},
    ],
}


def plan_data() -> dict[str, Any]:
    """Return a fresh, mutable copy of the base plan data."""
    return copy.deepcopy(BASE_PLAN)


def make_plan(data: dict[str, Any] | None = None) -> Plan:
    """Return a validated plan from `data` (the base plan when None)."""
    return Plan.model_validate(plan_data() if data is None else data)


PLAN_YAML = """\
customer: Acme Rockets
opportunity:
  name: Acme platform consolidation
prepared_by:
  name: Sam Architect
date: 2026-11-01
business_outcomes:
  needs:
    - need: Ship weekly instead of quarterly
stakeholders:
  - name: Dana Chief
    title: CTO
    role: Economic Buyer
    relationship: good
win_plan:
  - activity: Proof of value
    date: 2026-12-01
    status: planned
risks:
  - id: R1
    risk: Budget freeze
    impact: high
    likelihood: medium
"""
