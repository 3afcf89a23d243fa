"""The Technical Opportunity Plan: typed model and YAML loading."""

from __future__ import annotations

from slidegen.plan.loader import load_config, load_plan
from slidegen.plan.model import (
    Activity,
    ActivityStatus,
    Architecture,
    ArchitectureState,
    BusinessOutcomes,
    Component,
    ComponentStatus,
    Connection,
    Level,
    Mapping,
    Need,
    Plan,
    Relationship,
    Risk,
    Stage,
    Stakeholder,
    Zone,
)

__all__ = [
    "Activity",
    "ActivityStatus",
    "Architecture",
    "ArchitectureState",
    "BusinessOutcomes",
    "Component",
    "ComponentStatus",
    "Connection",
    "Level",
    "Mapping",
    "Need",
    "Plan",
    "Relationship",
    "Risk",
    "Stage",
    "Stakeholder",
    "Zone",
    "load_config",
    "load_plan",
]
