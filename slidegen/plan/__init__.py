"""The Technical Opportunity Plan: typed model and YAML loading."""

from __future__ import annotations

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
]
