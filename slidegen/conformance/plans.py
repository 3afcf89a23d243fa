"""The plans a conformance run builds: the example, and generated ones that cover every case.

example        plan_inputs/example.yaml as shipped
empty          every section empty (each slide's empty state)
continuation   long lists: stakeholders, activities and risks continue on (2/n) slides
diagram-small  three components, one connection
diagram-medium eighteen components in zones, pain points, retiring and new ones
diagram-large  sixty components: the state is split by zone over several slides
scripts        Japanese, Arabic, Cyrillic, Greek, combining accents and emoji
               (surrogate pairs move UTF-16 text indexes)
long-text      text that must shrink, wrap and overflow into the speaker notes
"""

from __future__ import annotations

import copy
import random
from pathlib import Path
from typing import Any

from slidegen.config import Config
from slidegen.plan.loader import load_plan
from slidegen.plan.model import Plan, Stage

EXAMPLE_PLAN = Path(__file__).resolve().parents[2] / "plan_inputs" / "example.yaml"
STAGES = [stage.value for stage in Stage]
NAMES = ("GitLab", "Jenkins", "Vault", "Kafka", "Postgres", "Runner", "Gateway", "Cache")


def example_data(config: Config) -> dict[str, Any]:
    """Return the example plan as plain data."""
    plan = load_plan(EXAMPLE_PLAN, config)
    data: dict[str, Any] = plan.model_dump(mode="json", by_alias=True, exclude_none=True)
    return data


def _base(customer: str) -> dict[str, Any]:
    return {
        "customer": customer,
        "opportunity": {"name": f"{customer} platform FY27"},
        "prepared_by": {"name": "Sam Lee"},
        "date": "2026-11-20",
    }


def _grow(items: list[dict[str, Any]], count: int, key: str) -> list[dict[str, Any]]:
    grown = []
    for index in range(count):
        item = copy.deepcopy(items[index % len(items)])
        item[key] = f"{item[key]} {index + 1}"
        grown.append(item)
    return grown


def continuation_data(config: Config) -> dict[str, Any]:
    """Return the example with lists long enough to continue over several slides."""
    data = example_data(config)
    data["stakeholders"] = _grow(data["stakeholders"], 40, "name")
    data["win_plan"] = _grow(data["win_plan"], 45, "activity")
    risks = _grow(data["risks"], 30, "risk")
    for index, risk in enumerate(risks, start=1):
        risk["id"] = f"R{index:02d}"
    data["risks"] = risks
    return data


def architecture_state(count: int, seed: int) -> dict[str, Any]:
    """Return a seeded architecture state of `count` components over zones and stages."""
    rng = random.Random(seed)
    zones = [{"id": f"z{i}", "name": f"Zone {i}"} for i in range(max(1, count // 8))]
    components: list[dict[str, Any]] = []
    for index in range(count):
        component: dict[str, Any] = {
            "id": f"c{index}",
            "name": f"{rng.choice(NAMES)} {index}",
            "stage": rng.choice(STAGES),
        }
        if count > 3:
            component["zone"] = rng.choice(zones)["id"]
        if rng.random() < 0.15:
            component["pain_points"] = ["Slow and costly to run"]
        if rng.random() < 0.1:
            component["non_negotiable"] = True
        components.append(component)
    pairs = {(i, i + 1) for i in range(count - 1) if rng.random() < 0.7}
    for _ in range(count // 4):
        first, second = rng.sample(range(count), 2)
        pairs.add((first, second))
    connections = [
        {"from": f"c{a}", "to": f"c{b}", "label": rng.choice(["", "push", "deploy"])}
        for a, b in sorted(pairs)
    ]
    return {
        "summary": f"{count} components",
        "zones": zones if count > 3 else [],
        "components": components,
        "connections": [{k: v for k, v in c.items() if v} for c in connections],
    }


def diagram_data(count: int, seed: int) -> dict[str, Any]:
    """Return a plan whose architecture has `count` components, retiring and new ones included."""
    data = _base(f"Diagram {count}")
    current = architecture_state(count, seed)
    proposed = copy.deepcopy(current)
    if count > 3:
        retiring = current["components"][1]
        retiring["status"] = "retiring"
        retiring["replaced_by"] = "gl"
        proposed["components"] = [c for c in proposed["components"] if c["id"] != retiring["id"]]
        proposed["connections"] = [
            c for c in proposed["connections"] if retiring["id"] not in (c["from"], c["to"])
        ]
        proposed["components"].append(
            {"id": "gl", "name": "GitLab CI/CD", "stage": "verify", "status": "new"}
        )
        proposed["connections"].append({"from": "gl", "to": proposed["components"][0]["id"]})
        current["components"].append(
            {"id": "gl", "name": "GitLab CI/CD", "stage": "verify", "status": "new"}
        )
    data["architecture"] = {"current": current, "proposed": proposed}
    return data


def scripts_data() -> dict[str, Any]:
    """Return a plan written in several scripts, with emoji and combining marks."""
    data = _base("株式会社さくら物流")
    data["opportunity"] = {"name": "Платформа GitLab — ΕΠΕΚΤΑΣΗ 2027 🚀"}
    data["prepared_by"] = {"name": "José Álvarez"}
    data["business_outcomes"] = {
        "needs": [
            {"need": "リリースを毎週にする 📦", "metric": "リードタイム 90日 → 7日"},
            {"need": "تقليل زمن النشر إلى أقل من يوم", "metric": "٩٠ يومًا ← ٧ أيام"},
            {"need": "Zoë's team needs e\u0301 and n\u0303 kept whole 👩🏽‍💻"},
        ],
        "mappings": [
            {
                "feature": "Merge request pipelines",
                "initiative": "Ускорение выпуска 🚄",
                "value_driver": "Deliver better products faster",
            }
        ],
    }
    data["stakeholders"] = [
        {"name": "山田 太郎", "title": "CTO", "role": "Economic Buyer", "relationship": "good"},
        {"name": "ليلى حداد", "title": "مديرة الهندسة", "role": "Champion"},
        {"name": "Ørjan Ødegård", "title": "Head of 🛠 Platform", "role": "Influencer"},
    ]
    data["win_plan"] = [
        {"activity": "ワークショップ 🧭", "date": "2026-12-01", "audience": "プラットフォーム"},
        {"activity": "Пилот", "date": "2027-01-15", "status": "in_progress"},
    ]
    data["risks"] = [
        {
            "id": "R1",
            "risk": "Бюджет не утверждён 💸",
            "impact": "high",
            "likelihood": "medium",
            "mitigation": "الاجتماع مع المدير المالي",
        }
    ]
    data["architecture"] = {
        "current": {
            "components": [
                {"id": "jenkins", "name": "Jenkins 🏗", "stage": "verify"},
                {"id": "svn", "name": "Subversion (版本控制)", "stage": "create"},
            ],
            "connections": [{"from": "svn", "to": "jenkins", "label": "トリガー"}],
        }
    }
    return data


def long_text_data(config: Config) -> dict[str, Any]:
    """Return the example with text long enough to shrink, wrap and overflow into the notes."""
    data = example_data(config)
    words = "Consolidate the release tooling so that every team ships through one pipeline "
    for need in data["business_outcomes"]["needs"]:
        need["need"] = words * 6
    for stakeholder in data["stakeholders"][:4]:
        stakeholder["notes"] = words * 8
    for risk in data["risks"][:3]:
        risk["mitigation"] = words * 10
    data["opportunity"]["name"] = "A very long opportunity name " * 6
    return data


def plan_data(config: Config) -> dict[str, dict[str, Any]]:
    """Return the plans a conformance run builds, as plain data, by name."""
    return {
        "example": example_data(config),
        "empty": _base("Empty Plan Co"),
        "continuation": continuation_data(config),
        "diagram-small": diagram_data(3, seed=1),
        "diagram-medium": diagram_data(18, seed=2),
        "diagram-large": diagram_data(60, seed=3),
        "scripts": scripts_data(),
        "long-text": long_text_data(config),
    }


def conformance_plans(config: Config) -> dict[str, Plan]:
    """Return the plans a conformance run builds, by name."""
    return {
        name: Plan.model_validate(value, context={"config": config})
        for name, value in plan_data(config).items()
    }


def sync_versions(config: Config, base: str = "example") -> list[dict[str, Any]]:
    """Return three versions of plan `base` for the sync steps: first, updated, updated again."""
    first = plan_data(config)[base]
    second = copy.deepcopy(first)
    second.setdefault("stakeholders", []).append(
        {"name": "Ines Moreau", "title": "CFO", "role": "Economic Buyer", "relationship": "neutral"}
    )
    second["risks"] = second.get("risks", [])[1:]
    third = copy.deepcopy(second)
    third.setdefault("win_plan", []).append(
        {"activity": "Executive readout", "date": "2027-02-10", "audience": "CFO staff"}
    )
    return [first, second, third]
