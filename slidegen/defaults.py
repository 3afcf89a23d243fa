"""Built-in defaults shared by the plan model and the configuration."""

from __future__ import annotations

DEFAULT_VALUE_DRIVERS: tuple[str, ...] = (
    "Increase operational efficiencies",
    "Deliver better products faster",
    "Reduce security and compliance risk",
)

DEFAULT_STAKEHOLDER_ROLES: tuple[str, ...] = (
    "Champion",
    "Influencer",
    "Economic Buyer",
    "Tech Champion",
    "Decision Maker",
    "Coach",
    "User",
    "Blocker",
)

DEFAULT_REQUIRED_ROLES: tuple[str, ...] = (
    "Champion",
    "Economic Buyer",
    "Tech Champion",
    "Decision Maker",
)
