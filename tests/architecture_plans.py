"""Generated architectures of real-world shapes, for the diagram tests and the benchmark.

Every generator is seeded, so a plan is the same on every run. Plans hold
only an architecture (and the fields every plan needs); states are built
from ``Topology`` records so a test can say what it asked for.
"""

from __future__ import annotations

import copy
import datetime as dt
import random
import re
from dataclasses import dataclass
from typing import Any

import pytest
from plan_factory import SCRIPTS, generated_plan, plan_config

from slidegen.backends.offline.engine import OfflineDeck
from slidegen.config import Config
from slidegen.layout.compose import compose
from slidegen.layout.diagram import small_type
from slidegen.layout.diagram.measures import Stub, architecture_slides, measure_slide
from slidegen.layout.slides import architecture
from slidegen.layout.text import SOFT_BREAK
from slidegen.plan.model import Plan, Stage
from slidegen.templates import load_default_template

PLAN_HEAD: dict[str, Any] = {
    "customer": "Acme Rockets",
    "opportunity": {"name": "Acme Rockets platform FY27"},
    "prepared_by": {"name": "Sam Lee"},
    "date": "2026-03-02",
}

PRODUCTS = (
    "GitLab",
    "Jenkins",
    "Vault",
    "Kafka",
    "PostgreSQL",
    "Runner fleet",
    "API gateway",
    "Redis cache",
    "OpenShift",
    "Artifactory",
    "SonarQube",
    "Terraform Cloud",
    "Azure DevOps",
    "Datadog",
    "ServiceNow",
    "Keycloak",
)
LONG_NAMES = (
    "Enterprise service bus (legacy SOAP integration layer)",
    "arn:aws:eks:eu-west-1:123456789012:cluster/platform-prod",
    "https://artifacts.internal.example.com/repository/releases",
    "Customer-facing shipment tracking portal and notification service",
)
UNICODE_NAMES = ("Zürich Rechenzentrum", "東京 ビルド農場", "Serviço de faturação", "Ωmega queue")
LABELS = ("push", "deploy", "webhooks", "metrics and logs", "publish builds", "")
ZONE_NAMES = (
    "Chicago data centre (on-premises)",
    "AWS us-east-2",
    "Azure West Europe",
    "Atlassian Cloud",
    "GitLab.com (Ultimate)",
    "Frankfurt colocation",
)


TODAY = dt.date(2026, 3, 2)


def built_deck(plan: Plan, config: Config | None = None) -> dict[str, Any]:
    """Return the finished offline deck of `plan` on the bundled template."""
    template = load_default_template()
    composition = compose(plan, config or Config(), template, TODAY)
    engine = OfflineDeck(copy.deepcopy(template))
    engine.batch_update({"requests": composition.requests})
    return engine.presentation


def plan_with(architecture: dict[str, Any]) -> Plan:
    """Return a plan holding `architecture` and nothing else of note."""
    return Plan.model_validate({**PLAN_HEAD, "architecture": architecture})


HARD_LABELS = (
    "CI / CD",
    "A / B / C",
    "部署 / 同期",
    "read/write",
    "← legacy",
    "→ next",
    "sync",
    "metrics (slide 3)",
    "نشر البيانات",
    "🚀 deploy",
    "https://example.com/api/v1/hooks",
    "token; secret",
    "",
)
"""Connection labels hard to say right: their own slashes, arrows and scripts."""


def labelled_state(seed: int) -> dict[str, Any]:
    """Return a small state whose labels are `HARD_LABELS`, some pairs both ways in other words.

    The words back always hold a " / " of their own, which a label saying which
    way each part reads must not take for its own separator.
    """
    rng = random.Random(seed)
    count = rng.randint(3, 7)
    zones = [{"id": f"z{i}", "name": ZONE_NAMES[i]} for i in range(rng.randint(1, 3))]
    components = [
        {"id": f"c{i}", "name": f"{PRODUCTS[i]} {i}", "zone": zones[i % len(zones)]["id"]}
        for i in range(count)
    ]
    pairs: set[frozenset[int]] = set()
    drawn: list[tuple[int, int, str]] = []
    for _ in range(count + 2):
        source, target = rng.sample(range(count), 2)
        if frozenset((source, target)) not in pairs:
            pairs.add(frozenset((source, target)))
            drawn.append((source, target, rng.choice(HARD_LABELS)))
    slashed = [label for label in HARD_LABELS if " / " in label]
    drawn += [
        (target, source, rng.choice([words for words in slashed if words != label]))
        for source, target, label in drawn[: rng.randint(1, 3)]
    ]
    connections = [
        {"from": f"c{source}", "to": f"c{target}", **({"label": label} if label else {})}
        for source, target, label in drawn
    ]
    return {"zones": zones, "components": components, "connections": connections}


@dataclass(frozen=True)
class Topology:
    """What a generated state should contain."""

    components: int
    zones: int
    seed: int
    cycles: int = 1
    fan: int = 0
    """Components that each get several extra incoming and outgoing connections."""
    long_names: bool = False
    unicode: bool = False
    pains: float = 0.15
    """Share of components with pain points."""
    interleaved: bool = False
    """Components join zones in turn, so declaration order is not zone order."""


def generated_state(topology: Topology) -> dict[str, Any]:
    """Return a state of `topology`: a flow along the lifecycle with cross links and cycles."""
    rng = random.Random(topology.seed)
    count = topology.components
    zones = [
        {"id": f"z{i}", "name": ZONE_NAMES[i % len(ZONE_NAMES)]} for i in range(topology.zones)
    ]
    stages = list(Stage)
    components: list[dict[str, Any]] = []
    for index in range(count):
        name = f"{PRODUCTS[index % len(PRODUCTS)]} {index}"
        if topology.long_names and index % 7 == 3:
            name = LONG_NAMES[index % len(LONG_NAMES)]
        if topology.unicode and index % 5 == 2:
            name = UNICODE_NAMES[index % len(UNICODE_NAMES)]
        component: dict[str, Any] = {
            "id": f"c{index}",
            "name": name,
            "stage": stages[index * len(stages) // count].value,
        }
        if zones:
            which = index % len(zones) if topology.interleaved else index * len(zones) // count
            component["zone"] = zones[which]["id"]
        if rng.random() < topology.pains:
            component["pain_points"] = [f"Pain of component {index}"]
        components.append(component)
    pairs: list[tuple[int, int]] = []

    def connect(source: int, target: int) -> None:
        if source != target and (source, target) not in pairs:
            pairs.append((source, target))

    for index in range(count - 1):
        if rng.random() < 0.6:
            connect(index, index + 1)
    for _ in range(count // 4):
        first, second = sorted(rng.sample(range(count), 2))
        connect(first, second)
    for _ in range(topology.cycles):
        first, second = sorted(rng.sample(range(count), 2))
        connect(first, second)
        connect(second, first)
    for hub in rng.sample(range(count), min(topology.fan, count)):
        for other in rng.sample(range(count), min(4, count)):
            connect(hub, other)
            if rng.random() < 0.5:
                connect(other, hub)
    connections = [
        {
            "from": f"c{a}",
            "to": f"c{b}",
            **({"label": label} if (label := rng.choice(LABELS)) else {}),
        }
        for a, b in pairs
    ]
    return {"zones": zones, "components": components, "connections": connections}


SECTIONS = ("business_outcomes", "architecture", "stakeholders", "win_plan", "risks")


def random_plan(seed: int, most_components: int = 20) -> tuple[Plan, Config]:
    """Return a whole plan of a shape drawn at random by `seed`, and its configuration.

    Its script, list lengths and empty sections are drawn, as are both states of
    its architecture (up to `most_components` each, one to six zones, long and
    Unicode names, fan-in and fan-out, pain points, every status).
    """
    rng = random.Random(seed)
    script = rng.choice(sorted(SCRIPTS))
    config = plan_config(script)
    empty = tuple(section for section in SECTIONS if rng.random() < 0.15)
    plan = generated_plan(
        script,
        stakeholders=rng.choice((0, 1, 2, 5, 9, 17, 30)),
        activities=rng.choice((0, 1, 3, 8, 15, 40)),
        risks=rng.choice((0, 1, 4, 11, 25)),
        empty=empty,
        config=config,
    )
    if "architecture" in empty:
        return plan, config

    def topology(zones: int, offset: int) -> Topology:
        count = rng.randint(1, most_components)
        return Topology(
            count,
            rng.randint(1, zones),
            seed=seed + offset,
            cycles=int(count > 1),
            fan=rng.choice((0, 0, 1, 2)),
            long_names=rng.random() < 0.3,
            unicode=rng.random() < 0.3,
            interleaved=rng.random() < 0.3,
            pains=rng.choice((0.0, 0.15, 0.5)),
        )

    architecture: dict[str, Any] = {"current": generated_state(topology(6, 0))}
    if rng.random() < 0.8:
        proposed = generated_state(topology(5, 7))
        for component in proposed["components"]:
            component["status"] = rng.choice(("new", "existing", "retiring"))
        architecture["proposed"] = proposed
    data = plan.model_dump(mode="json", by_alias=True, exclude_none=True)
    data["architecture"] = architecture
    return Plan.model_validate(data, context={"config": config}), config


ODD_NAMES = (
    "A",
    "Supercalifragilisticexpialidocious-Service-Orchestrator-Backend-Primary",
    "https://gitlab.internal.example.com/group/subgroup/project/-/pipelines?scope=all",
    "🚀 Deploy bot 🤖",
    "מערכת בנייה",
    "نظام النشر",
    "東京ビルド農場データセンター第二",
    "a_b.c-d/e",
    "  spaced  name  ",
)
ODD_SHAPES = ("random", "star", "chain", "complete", "pair", "none", "one zone")


def odd_architecture(seed: int) -> tuple[str, dict[str, Any]]:
    """Return a shape's name and an architecture of that shape drawn at random by `seed`.

    Shapes plans rarely take but may: a hub with every other component its spoke,
    a chain, half of a complete graph, many connections between one pair, none at
    all, every component in one of many zones; names and labels drawn from long
    identifiers, URLs, emoji and right-to-left or East Asian script; pain points
    up to six per component; a state left out now and then.
    """
    rng = random.Random(seed)
    shape = rng.choice(ODD_SHAPES)
    count = rng.choice((3, 5, 7, 9)) if shape == "complete" else rng.choice((1, 2, 3, 5, 8, 12, 20))
    zones = rng.choice((0, 1, 2, 6))
    architecture: dict[str, Any] = {}
    for state in ("current", "proposed"):
        if rng.random() < 0.85:
            size = count if rng.random() < 0.7 else rng.randint(1, count)
            architecture[state] = _odd_state(rng, shape, size, zones)
    return shape, architecture


def _odd_state(rng: random.Random, shape: str, count: int, zones: int) -> dict[str, Any]:
    """Return one state of `count` components in `zones` zones, connected as `shape` says."""
    zone_list = [
        {"id": f"z{i}", "name": rng.choice((*ZONE_NAMES, *ODD_NAMES))} for i in range(zones)
    ]
    components: list[dict[str, Any]] = []
    for index in range(count):
        odd = rng.random() < 0.3
        component: dict[str, Any] = {
            "id": f"c{index}",
            "name": f"{rng.choice(ODD_NAMES)} {index}" if odd else f"Comp {index}",
        }
        if zone_list and rng.random() < 0.9:
            own = zone_list[0] if shape == "one zone" else rng.choice(zone_list)
            component["zone"] = own["id"]
        if rng.random() < 0.2:
            component["pain_points"] = [
                rng.choice((*ODD_NAMES, "Slow builds take forever and nobody knows why"))
                for _ in range(rng.randint(1, 6))
            ]
        if rng.random() < 0.15:
            component["non_negotiable"] = True
        components.append(component)
    ids = range(count)
    pairs: list[tuple[int, int]] = []
    if shape == "star":
        pairs = [(0, other) if rng.random() < 0.5 else (other, 0) for other in ids if other]
    elif shape == "chain":
        pairs = [(index, index + 1) for index in range(count - 1)]
    elif shape == "complete":
        pairs = [(a, b) for a in ids for b in ids if a != b and rng.random() < 0.5]
    elif shape == "pair" and count > 1:
        pairs = [(0, 1)] * rng.randint(2, 6) + [(1, 0)] * rng.randint(1, 3)
    elif shape in ("random", "one zone"):
        pairs = [
            (rng.randrange(count), rng.randrange(count)) for _ in range(rng.randint(0, 2 * count))
        ]
    connections = []
    for source, target in pairs:
        if source == target:
            continue
        connection = {"from": f"c{source}", "to": f"c{target}"}
        if rng.random() < 0.5:
            connection["label"] = rng.choice((*LABELS, *ODD_NAMES)) or "sync"
        connections.append(connection)
    return {"zones": zone_list, "components": components, "connections": connections}


DENSE_NAMES = (
    "GitLab",
    "Jenkins",
    "Kafka",
    "Vault",
    "Artifactory",
    "SonarQube",
    "Serviço de faturação",
)


def dense_architecture(seed: int) -> dict[str, Any]:
    """Return a current state of three to six components, most pairs joined, drawn by `seed`.

    Each component mostly in a zone of its own (or a few zones, or none), every
    ordered pair joined at one chance in two or more: two-way connections
    abound, and lines between boxes not side by side must find their own runs.
    """
    rng = random.Random(seed)
    count = rng.choice((3, 4, 4, 5, 5, 6))
    zone_count = rng.choice((count, count, count - 1, 2, 0))
    zones = [
        {"id": f"z{index}", "name": ZONE_NAMES[index % len(ZONE_NAMES)]}
        for index in range(zone_count)
    ]
    components: list[dict[str, Any]] = []
    for index in range(count):
        component: dict[str, Any] = {
            "id": f"c{index}",
            "name": f"{rng.choice(DENSE_NAMES)} {index}",
        }
        if zones:
            own = zone_count >= count or rng.random() < 0.5
            component["zone"] = zones[index % zone_count]["id"] if own else rng.choice(zones)["id"]
        components.append(component)
    chance = rng.choice((0.5, 0.7, 0.9))
    connections: list[dict[str, Any]] = []
    for source in range(count):
        for target in range(count):
            if source != target and rng.random() < chance:
                connection = {"from": f"c{source}", "to": f"c{target}"}
                if rng.random() < 0.6:
                    connection["label"] = rng.choice(LABELS) or "sync"
                connections.append(connection)
    return {"current": {"zones": zones, "components": components, "connections": connections}}


def generated_graph_self_loops(topology: Topology) -> list[tuple[str, str]]:
    """Return self-loops to add to a generated state's graph (plans reject them, graphs do not)."""
    rng = random.Random(topology.seed + 7)
    return [(f"c{i}", f"c{i}") for i in rng.sample(range(topology.components), 1)]


def realistic_architecture() -> dict[str, Any]:
    """Return a 15-component current and 12-component proposed state over four zones.

    The current state has 20 connections, among them a cycle (Jenkins ⇄ Vault)
    and connections across every zone; the proposed one retires half of it.
    """
    zones = [
        {"id": "dc", "name": "Chicago data centre (on-premises)"},
        {"id": "azure", "name": "Azure West Europe"},
        {"id": "atlassian", "name": "Atlassian Cloud"},
        {"id": "aws", "name": "AWS us-east-2"},
    ]
    current_components = [
        ("jira", "Jira Cloud", "plan", "atlassian", {"non_negotiable": True}),
        ("confluence", "Confluence", "plan", "atlassian", {}),
        ("bitbucket", "Bitbucket Server 7", "create", "dc", {"status": "retiring"}),
        ("ado", "Azure DevOps Repos", "create", "azure", {"status": "retiring"}),
        ("jenkins", "Jenkins (11 controllers)", "verify", "dc", {"status": "retiring"}),
        ("vault", "HashiCorp Vault", "verify", "dc", {}),
        ("sonar", "SonarQube", "secure", "dc", {"status": "retiring"}),
        ("artifactory", "Artifactory", "package", "dc", {"status": "retiring"}),
        ("acr", "Azure Container Registry", "package", "azure", {}),
        ("tower", "Ansible Tower", "release", "dc", {"status": "retiring"}),
        ("openshift", "OpenShift 4.12 cluster", "configure", "dc", {}),
        ("aks", "Azure Kubernetes Service", "configure", "azure", {}),
        ("eks", "Amazon EKS", "configure", "aws", {}),
        ("datadog", "Datadog", "monitor", "aws", {"non_negotiable": True}),
        ("servicenow", "ServiceNow change management", "govern", "azure", {}),
    ]
    pains = {
        "bitbucket": ["End of support; upgrades need a maintenance window"],
        "jenkins": ["240 plugins, many unmaintained", "Build queue of 45 minutes at peak"],
        "sonar": ["Scans run weekly, long after merge"],
        "openshift": ["Cluster upgrades lag two versions behind"],
        "servicenow": ["Change tickets raised by hand"],
    }
    current_connections = [
        ("jira", "bitbucket", "issue keys"),
        ("confluence", "jira", ""),
        ("bitbucket", "jenkins", "webhooks"),
        ("ado", "jenkins", "webhooks"),
        ("jenkins", "vault", "secrets"),
        ("vault", "jenkins", "tokens"),
        ("jenkins", "sonar", "weekly scan"),
        ("jenkins", "artifactory", "publish"),
        ("jenkins", "acr", "images"),
        ("artifactory", "tower", "bundles"),
        ("acr", "aks", "pull"),
        ("tower", "openshift", "deploy after CAB"),
        ("tower", "eks", "deploy"),
        ("openshift", "datadog", "metrics"),
        ("aks", "datadog", "metrics"),
        ("eks", "datadog", "metrics"),
        ("tower", "servicenow", "change ticket"),
        ("servicenow", "tower", "approval"),
        ("sonar", "jira", "findings"),
        ("datadog", "servicenow", "incidents"),
    ]
    proposed_components = [
        ("jira", "Jira Cloud", "plan", "atlassian", {"non_negotiable": True}),
        ("confluence", "Confluence", "plan", "atlassian", {}),
        ("gitlab", "GitLab source code management", "create", "aws", {"status": "new"}),
        ("gitlab-ci", "GitLab CI/CD", "verify", "aws", {"status": "new"}),
        ("vault", "HashiCorp Vault", "verify", "dc", {}),
        ("secure", "GitLab security scanning", "secure", "aws", {"status": "new"}),
        ("registry", "GitLab container registry", "package", "aws", {"status": "new"}),
        ("acr", "Azure Container Registry", "package", "azure", {}),
        ("agent", "GitLab agent for Kubernetes", "release", "aws", {"status": "new"}),
        ("aks", "Azure Kubernetes Service", "configure", "azure", {}),
        ("eks", "Amazon EKS", "configure", "aws", {}),
        ("datadog", "Datadog", "monitor", "aws", {"non_negotiable": True}),
    ]
    proposed_connections = [
        ("jira", "gitlab", "issue links"),
        ("confluence", "jira", ""),
        ("gitlab", "gitlab-ci", "pipelines"),
        ("gitlab-ci", "vault", "secrets"),
        ("vault", "gitlab-ci", "tokens"),
        ("gitlab-ci", "secure", "scan"),
        ("gitlab-ci", "registry", "publish"),
        ("registry", "acr", "mirror"),
        ("registry", "agent", "images"),
        ("agent", "eks", "deploy"),
        ("agent", "aks", "deploy"),
        ("eks", "datadog", "metrics"),
        ("aks", "datadog", "metrics"),
    ]

    def component(entry: tuple[str, str, str, str, dict[str, Any]]) -> dict[str, Any]:
        identifier, name, stage, zone, extra = entry
        found: dict[str, Any] = {"id": identifier, "name": name, "stage": stage, "zone": zone}
        if identifier in pains:
            found["pain_points"] = pains[identifier]
        return {**found, **extra}

    def connection(entry: tuple[str, str, str]) -> dict[str, Any]:
        source, target, label = entry
        return {"from": source, "to": target, **({"label": label} if label else {})}

    current = [component(entry) for entry in current_components]
    replaced = {"bitbucket": "gitlab", "ado": "gitlab", "jenkins": "gitlab-ci"}
    for found in current:
        if found["id"] in replaced:
            found["replaced_by"] = replaced[found["id"]]
    return {
        "current": {
            "zones": zones,
            "components": current,
            "connections": [connection(entry) for entry in current_connections],
        },
        "proposed": {
            "zones": zones,
            "components": [component(entry) for entry in proposed_components],
            "connections": [connection(entry) for entry in proposed_connections],
        },
    }


def single_component_architecture() -> dict[str, Any]:
    """Return states of one component each, the proposed one new."""
    return {
        "current": {"components": [{"id": "jenkins", "name": "Jenkins", "stage": "verify"}]},
        "proposed": {
            "components": [
                {"id": "gitlab", "name": "GitLab CI/CD", "stage": "verify", "status": "new"}
            ]
        },
    }


def sized_architecture(count: int, zones: int, seed: int) -> dict[str, Any]:
    """Return a current state of `count` components in `zones` zones and a smaller proposed one."""
    current = generated_state(Topology(count, zones, seed, cycles=2, fan=1))
    proposed = generated_state(Topology(max(1, count // 3), max(1, zones // 2), seed + 1))
    for component in proposed["components"]:
        component["id"] = "p" + component["id"]
    for connection in proposed["connections"]:
        connection["from"] = "p" + connection["from"]
        connection["to"] = "p" + connection["to"]
    return {"current": current, "proposed": proposed}


CORPUS_SIZES = (10, 20, 30, 45, 60, 100)


def corpus() -> list[tuple[str, Topology]]:
    """Return the benchmark corpus: every size with one to six zones and varied traits."""
    found: list[tuple[str, Topology]] = []
    for size in CORPUS_SIZES:
        for zones in (1, 3, 6):
            topology = Topology(
                size,
                zones,
                seed=size * 10 + zones,
                cycles=1 + size // 30,
                fan=1 + size // 40,
                long_names=zones == 3,
                unicode=zones == 6,
            )
            found.append((f"{size}c/{zones}z", topology))
    return found


def slide_text(slide: dict[str, Any]) -> str:
    """Return the text of every shape on `slide` as read (no soft breaks), one shape a line."""
    return "\n".join(
        "".join(
            run["textRun"]["content"].replace(SOFT_BREAK, "")
            for run in (element.get("shape", {}).get("text") or {}).get("textElements", [])
            if "textRun" in run
        )
        for element in slide["pageElements"]
    )


def configured_type_only(monkeypatch: pytest.MonkeyPatch) -> None:
    """Hold states of up to 20 components to the configured type, so those it does not fit split.

    Such states take smaller type on one slide instead (see `small_type`); tests of
    how a split state is drawn use small states that split at the configured type.
    """
    monkeypatch.setattr(small_type, "SMALL_TYPE_COMPONENTS", range(21, 31))


def lifecycle_columns_only(monkeypatch: pytest.MonkeyPatch) -> None:
    """Hold states to columns in lifecycle order: those that do not read clearly so split.

    Such states try columns that follow their connections before they split (see
    `architecture._other_single_views`); tests of how a split state is drawn use
    small states that split in lifecycle order.
    """
    others = architecture._other_single_views

    def in_lifecycle_order(*args: Any) -> list[architecture.StateView]:
        return [view for view in others(*args) if view.lifecycle]

    monkeypatch.setattr(architecture, "_other_single_views", in_lifecycle_order)


def state_stubs(deck: dict[str, Any], state: str) -> list[Stub]:
    """Return the stubs drawn on the slides of `state` ("current", "proposed") over the deck."""
    return [
        stub
        for slide in architecture_slides(deck)
        for measures in measure_slide(slide)
        if measures.state == state
        for stub in measures.stubs
    ]


def name_sizes(deck: dict[str, Any], state: str = "cur") -> set[float]:
    """Return the type sizes of the component names of `state` ("cur", "pro") over the deck."""
    box = re.compile(rf"_{state}\d*_")
    return {
        run["textRun"]["style"]["fontSize"]["magnitude"]
        for slide in architecture_slides(deck)
        for element in slide["pageElements"]
        if box.search(element["objectId"])
        and "_bx_" in element["objectId"]
        and "__" not in element["objectId"]
        and "shape" in element
        for run in element["shape"]["text"]["textElements"][:2]
        if "textRun" in run
    }
