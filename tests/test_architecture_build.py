from __future__ import annotations

import copy
import datetime as dt
import itertools
import json
import random
import re
import zipfile
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import pytest
from architecture_plans import Topology, built_deck, corpus, generated_state, odd_architecture
from architecture_plans import plan_with as corpus_plan

from slidegen.backends.offline.engine import OfflineDeck
from slidegen.config import Config
from slidegen.export.pptx import export_pptx
from slidegen.layout import ids
from slidegen.layout.context import Box, BuildContext, PageContent, TextStyle
from slidegen.layout.diagram import geometry
from slidegen.layout.diagram.changes import architecture_changes
from slidegen.layout.diagram.draw import styled_text
from slidegen.layout.diagram.measures import measure_states, planned_connections
from slidegen.layout.shapes import create_shape, rgb
from slidegen.layout.slides import architecture
from slidegen.layout.template import element_box, read_template
from slidegen.layout.text import (
    INSET_X,
    INSET_Y,
    SOFT_BREAK,
    is_right_to_left,
    line_height,
    wrap,
)
from slidegen.plan.model import ArchitectureState, Plan
from slidegen.templates import load_default_template
from slidegen.units import inches

TODAY = dt.date(2026, 3, 2)
PLAN_HEAD: dict[str, Any] = {
    "customer": "Acme Rockets",
    "opportunity": {"name": "Acme Rockets platform FY27"},
    "prepared_by": {"name": "Sam Lee"},
    "date": "2026-03-02",
}


def plan_with(arch: dict[str, Any]) -> Plan:
    return Plan.model_validate({**PLAN_HEAD, "architecture": arch})


@dataclass
class Built:
    pages: list[PageContent]
    deck: dict[str, Any]
    context: BuildContext

    def region(self, name: str) -> Box:
        return self.context.region(name).box

    @property
    def whole(self) -> Box:
        return architecture.union(self.region("current"), self.region("proposed"))

    def slide(self, page: int) -> dict[str, Any]:
        page_id = self.context.page_id(page)
        return next(s for s in self.deck["slides"] if s["objectId"] == page_id)

    def texts(self) -> list[str]:
        """Return every inserted text as a reader sees it: without the soft breaks."""
        found = []
        for page in self.pages:
            for request in page.requests:
                if "insertText" in request:
                    found.append(request["insertText"]["text"].replace(SOFT_BREAK, ""))
        return found

    def notes(self) -> str:
        return "\n".join(line for page in self.pages for line in page.notes)


def architecture_context(
    plan: Plan, config: Config | None = None, template: dict[str, Any] | None = None
) -> BuildContext:
    """Return the context the architecture builder gets for `plan` on the default template."""
    info = read_template(template or load_default_template())
    return BuildContext(
        plan=plan,
        config=config or Config(),
        regions=info.prototypes["architecture"].regions,
        page_size=info.page_size,
        today=TODAY,
        page_id=lambda page: ids.make_id(ids.SLIDE, 1, "architecture", page + 1),
        content_id=lambda page, *parts: ids.make_id(ids.CONTENT, 1, "ar", page + 1, *parts),
    )


def build_on_template(plan: Plan, template: dict[str, Any], config: Config | None = None) -> Built:
    """Run the builder against the default template and apply its pages with the strict engine."""
    prototype = read_template(template).prototypes["architecture"]
    context = architecture_context(plan, config, template)
    pages = architecture.build(context)
    requests: list[dict[str, Any]] = []
    for index, page in enumerate(pages):
        mapping = {prototype.slide_id: context.page_id(index)}
        for position, element_id in enumerate(prototype.element_ids):
            mapping[element_id] = ids.make_id(ids.DECOR, 1, "ar", index + 1, position)
        for position, notes_id in enumerate(prototype.notes_ids):
            mapping[notes_id] = ids.make_id(ids.DECOR, 1, "ar", index + 1, "n", position)
        requests.append({"duplicateObject": {"objectId": prototype.slide_id, "objectIds": mapping}})
        requests += [
            {"deleteObject": {"objectId": mapping[region.anchor_id]}}
            for region in prototype.regions.values()
        ]
        requests += page.requests
    engine = OfflineDeck(copy.deepcopy(template))
    engine.batch_update({"requests": requests})
    return Built(pages, engine.presentation, context)


def generated_elements(slide: dict[str, Any]) -> list[dict[str, Any]]:
    return [e for e in slide["pageElements"] if e["objectId"].startswith("sgc")]


def font_sizes(pages: list[PageContent]) -> list[float]:
    return [
        request["updateTextStyle"]["style"]["fontSize"]["magnitude"]
        for page in pages
        for request in page.requests
        if "updateTextStyle" in request
    ]


# ---------------------------------------------------------------- plans


SMALL = {
    "current": {
        "summary": "Jenkins and GitHub Enterprise on premises.",
        "zones": [{"id": "dc", "name": "Data centre"}],
        "components": [
            {"id": "jira", "name": "Jira", "stage": "plan"},
            {
                "id": "ghe",
                "name": "GitHub Enterprise",
                "stage": "create",
                "zone": "dc",
                "status": "retiring",
                "replaced_by": "gitlab",
                "pain_points": ["Slow reviews"],
            },
            {
                "id": "nexus",
                "name": "Nexus",
                "stage": "package",
                "zone": "dc",
                "non_negotiable": True,
            },
        ],
        "connections": [
            {"from": "jira", "to": "ghe"},
            {"from": "ghe", "to": "nexus", "label": "publish"},
        ],
    },
    "proposed": {
        "components": [
            {"id": "jira", "name": "Jira", "stage": "plan"},
            {"id": "gitlab", "name": "GitLab Premium", "stage": "create", "status": "new"},
            {"id": "nexus", "name": "Nexus", "stage": "package", "non_negotiable": True},
        ],
        "connections": [{"from": "jira", "to": "gitlab"}, {"from": "gitlab", "to": "nexus"}],
    },
}


def large_state(count: int, seed: int) -> dict[str, Any]:
    """Return a state with `count` components over five zones, joined mostly in flow order."""
    rng = random.Random(seed)
    zones = [{"id": f"z{i}", "name": f"Zone {i} (region {i})"} for i in range(5)]
    stages = ["plan", "create", "verify", "package", "secure", "release", "configure", "monitor"]
    components = [
        {
            "id": f"c{i}",
            "name": f"Service {i} {rng.choice(['API', 'worker', 'database', 'gateway'])}",
            "stage": stages[i * len(stages) // count],
            "zone": f"z{i % 5}",
            "pain_points": ["Slow"] if i % 9 == 0 else [],
        }
        for i in range(count)
    ]
    connections = [{"from": f"c{i}", "to": f"c{i + 1}"} for i in range(count - 1)]
    connections += [
        {"from": f"c{a}", "to": f"c{b}"}
        for a, b in (sorted(rng.sample(range(count), 2)) for _ in range(count // 4))
    ]
    return {"zones": zones, "components": components, "connections": connections}


# ---------------------------------------------------------------- tests


def test_small_states_share_one_slide_each_in_its_region(default_template: dict[str, Any]) -> None:
    built = build_on_template(plan_with(SMALL), default_template)
    assert len(built.pages) == 1
    assert built.pages[0].heading_suffix == ""
    slide = built.slide(0)
    for element in generated_elements(slide):
        key = element["objectId"].split("_")[3]
        region = built.region("current" if key == "cur" else "proposed")
        assert region.contains(element_box(element), tolerance=2), element["objectId"]
    texts = built.texts()
    assert "Current state" in texts and "Proposed state" in texts
    assert min(font_sizes(built.pages)) >= Config().style.min_font_pt


def test_the_example_plan_gives_each_state_a_legible_slide(
    example_plan: Plan, default_template: dict[str, Any]
) -> None:
    built = build_on_template(example_plan, default_template)
    assert [page.heading_suffix for page in built.pages] == [": current state", ": proposed state"]
    for index in range(len(built.pages)):
        for element in generated_elements(built.slide(index)):
            assert built.whole.contains(element_box(element), tolerance=2), element["objectId"]
    names = [c.name for c in example_plan.architecture.current.components]
    names += [c.name for c in example_plan.architecture.proposed.components]
    drawn = " ".join(built.texts()).replace("\n", " ")
    for name in names:
        assert name in drawn
    assert min(font_sizes(built.pages)) >= Config().style.min_font_pt


def test_every_connection_is_an_attached_connector(
    example_plan: Plan, default_template: dict[str, Any]
) -> None:
    built = build_on_template(example_plan, default_template)
    expected = len(example_plan.architecture.current.connections) + len(
        example_plan.architecture.proposed.connections
    )
    lines = [
        element
        for index in range(len(built.pages))
        for element in built.slide(index)["pageElements"]
        if "line" in element
    ]
    assert len(lines) == expected
    for line in lines:
        properties = line["line"]["lineProperties"]
        assert {"startConnection", "endConnection"} <= properties.keys()
        assert line["line"]["lineCategory"] in ("STRAIGHT", "BENT")


def test_pain_points_and_changes_are_never_dropped(
    example_plan: Plan, default_template: dict[str, Any]
) -> None:
    built = build_on_template(example_plan, default_template)
    everything = " ".join(built.texts()) + "\n" + built.notes()
    for component in example_plan.architecture.current.components:
        for point in component.pain_points:
            assert point in everything
    for line in architecture_changes(example_plan.architecture).lines():
        assert line in everything
    for connection in example_plan.architecture.current.connections:
        # A label wrapped in its box keeps its words in order.
        assert connection.label is not None
        assert connection.label in " ".join(everything.split())


def test_the_exported_pptx_keeps_connectors_attached(
    example_plan: Plan, default_template: dict[str, Any], tmp_path: Path
) -> None:
    built = build_on_template(example_plan, default_template)
    out = tmp_path / "architecture.pptx"
    export_pptx(built.deck, out)
    with zipfile.ZipFile(out) as archive:
        xml = "".join(
            archive.read(name).decode()
            for name in archive.namelist()
            if name.startswith("ppt/slides/slide") and name.endswith(".xml")
        )
    connections = len(example_plan.architecture.current.connections) + len(
        example_plan.architecture.proposed.connections
    )
    assert xml.count("<a:stCxn ") == connections
    assert xml.count("<a:endCxn ") == connections


def test_an_empty_architecture_says_so(default_template: dict[str, Any]) -> None:
    built = build_on_template(plan_with({}), default_template)
    assert len(built.pages) == 1
    assert built.texts() == ["Architecture in progress"]
    assert "under 'architecture: current:'" in built.notes()


def test_one_empty_state_shows_the_empty_panel_beside_the_other(
    default_template: dict[str, Any],
) -> None:
    current = {
        "zones": [{"id": "dc", "name": "Data centre"}],
        "components": [
            {"id": "scm", "name": "Bitbucket Server", "zone": "dc"},
            {"id": "ci", "name": "Jenkins", "zone": "dc"},
        ],
        "connections": [{"from": "scm", "to": "ci"}],
    }
    built = build_on_template(plan_with({"current": current}), default_template)
    assert "Proposed-state architecture in progress" in built.texts()
    assert "under 'architecture: proposed:'" in built.notes()


def test_a_state_beside_an_empty_one_takes_the_slide_where_it_keeps_more_labels(
    default_template: dict[str, Any],
) -> None:
    # Ten components in one zone read clearly in half the slide, but with most of their
    # connector labels sent to the notes: across the whole slide more stay beside their lines.
    plan = corpus_plan({"current": generated_state(dict(corpus())["10c/1z"])})
    built = build_on_template(plan, default_template)
    assert len(built.pages) == 1
    assert "Proposed-state architecture in progress" not in built.texts()
    assert "under 'architecture: proposed:'" in built.notes()
    painter = architecture._Painter(built.context)
    view = architecture.StateView("current", plan.architecture.current)
    half = painter.render(0, view, built.region("current"), with_title=True)
    alone = painter.render(0, view, built.whole, with_title=False)
    assert half.legible and not architecture._misleads(half)
    assert architecture._unplaced_labels(alone) < architecture._unplaced_labels(half)


def test_a_state_with_only_a_summary_shows_it(default_template: dict[str, Any]) -> None:
    built = build_on_template(
        plan_with({"current": {"summary": "Everything runs on one mainframe."}}), default_template
    )
    assert "Everything runs on one mainframe." in built.texts()


def test_an_image_replaces_the_diagram(default_template: dict[str, Any]) -> None:
    url = "https://example.com/current.png"
    built = build_on_template(
        plan_with({"current": {"image": url, "summary": "As drawn by the customer"}}),
        default_template,
    )
    images = [e for e in built.slide(0)["pageElements"] if "image" in e]
    assert [image["image"]["sourceUrl"] for image in images] == [url]
    assert built.region("current").contains(element_box(images[0]), tolerance=2)
    assert "As drawn by the customer" in built.notes()


def test_cycles_and_empty_zones_are_drawn(default_template: dict[str, Any]) -> None:
    plan = plan_with(
        {
            "current": {
                "zones": [{"id": "a", "name": "Cloud A"}, {"id": "b", "name": "Cloud B (empty)"}],
                "components": [
                    {"id": "x", "name": "Scheduler", "zone": "a"},
                    {"id": "y", "name": "Worker", "zone": "a"},
                ],
                "connections": [{"from": "x", "to": "y"}, {"from": "y", "to": "x"}],
            }
        }
    )
    built = build_on_template(plan, default_template)
    assert "Cloud B (empty)" in built.texts()
    lines = [e for e in built.slide(0)["pageElements"] if "line" in e]
    # A two-way connection is one line with an arrow at each end, not two lines on one path.
    assert len(lines) == 1
    properties = lines[0]["line"]["lineProperties"]
    assert (properties["startArrow"], properties["endArrow"]) == ("FILL_ARROW", "FILL_ARROW")


def test_a_connection_both_ways_in_the_same_words_is_labelled_once(
    default_template: dict[str, Any],
) -> None:
    components = [
        {"id": "x", "name": "Scheduler"},
        {"id": "y", "name": "Worker"},
        {"id": "z", "name": "Queue"},
    ]
    connections = [
        {"from": "x", "to": "y", "label": "sync"},
        {"from": "y", "to": "x", "label": "sync"},
        {"from": "y", "to": "z", "label": "push"},
        {"from": "z", "to": "y", "label": "pull"},
    ]
    plan = plan_with({"current": {"components": components, "connections": connections}})
    built = build_on_template(plan, default_template)
    # Each label is on the slide or, wanting room, in the notes: either way read as written.
    said = "\n".join([*built.texts(), built.notes()])
    assert "sync" in said
    assert not re.search("[→←]\u00a0?sync", said), said
    # Different words each way still say which way each reads.
    assert re.search("[→←]\u00a0push", said) and re.search("[→←]\u00a0pull", said), said


def test_a_two_way_label_drawn_from_its_other_end_keeps_each_way_s_words(
    default_template: dict[str, Any],
) -> None:
    # Scheduler ↔ Worker is drawn from Worker, the other end from the one the plan names
    # first; "CI / CD" once lost its "CD" to the other way: "→ CI / ← status / CD".
    components = [
        {"id": "dash", "name": "Dashboard"},
        {"id": "sched", "name": "Scheduler"},
        {"id": "work", "name": "Worker"},
        {"id": "queue", "name": "Queue"},
    ]
    connections = [
        {"from": "queue", "to": "dash", "label": "metrics"},
        {"from": "work", "to": "queue", "label": "jobs"},
        {"from": "queue", "to": "sched", "label": "events"},
        {"from": "sched", "to": "work", "label": "status"},
        {"from": "work", "to": "sched", "label": "CI / CD"},
    ]
    plan = plan_with({"current": {"components": components, "connections": connections}})
    built = build_on_template(plan, default_template)
    said = " ".join([*built.texts(), built.notes()]).replace("\u00a0", " ").replace("\n", " ")
    assert "→ CI / CD / ← status" in said or "→ status / ← CI / CD" in said, said
    assert "← status / CD" not in said and "← CI / → " not in said, said


def test_a_self_loop_is_a_plan_error_not_a_crash() -> None:
    with pytest.raises(ValueError, match="two different components"):
        plan_with(
            {
                "current": {
                    "components": [{"id": "x", "name": "Scheduler"}],
                    "connections": [{"from": "x", "to": "x"}],
                }
            }
        )


def test_a_very_large_architecture_is_split_by_zone_and_stays_legible(
    default_template: dict[str, Any],
) -> None:
    state = large_state(45, seed=7)
    built = build_on_template(plan_with({"current": state}), default_template)
    current_pages = [p for p in built.pages if p.heading_suffix.startswith(": current")]
    assert len(current_pages) > 1
    assert current_pages[0].heading_suffix.endswith(f"(1/{len(current_pages)})")
    shown = [text.split("\n")[0] for text in built.texts()]
    for component in state["components"]:
        assert shown.count(component["name"]) == 1, component["name"]
    for index in range(len(built.pages)):
        for element in generated_elements(built.slide(index)):
            assert built.whole.contains(element_box(element), tolerance=2)
    assert min(font_sizes(built.pages)) >= Config().style.min_font_pt
    assert "connections to components on other slides" in built.notes()
    # The empty proposed state gets no slide of its own, only a line in the notes.
    assert len(built.pages) == len(current_pages)
    assert any("'architecture: proposed:'" in note for note in built.pages[0].notes)


def test_building_is_deterministic(example_plan: Plan, default_template: dict[str, Any]) -> None:
    first = build_on_template(example_plan, default_template).pages
    second = build_on_template(example_plan, default_template).pages
    assert [p.requests for p in first] == [p.requests for p in second]


def test_components_fit_their_boxes_by_the_font_metrics(
    example_plan: Plan, default_template: dict[str, Any]
) -> None:
    from slidegen.layout.check import check_deck

    built = build_on_template(example_plan, default_template)
    findings = [
        f
        for f in check_deck(built.deck, Config())
        if f.kind in ("overflow", "small-font", "outside") and "_bx_" in f.object_id
    ]
    assert any("_bx_" in e["objectId"] for e in generated_elements(built.slide(0)))
    assert findings == []


def test_side_by_side_diagrams_share_one_type_size(default_template: dict[str, Any]) -> None:
    built = build_on_template(plan_with(SMALL), default_template)
    name_sizes = {
        request["updateTextStyle"]["style"]["fontSize"]["magnitude"]
        for request in built.pages[0].requests
        if "updateTextStyle" in request
        and "_bx_" in request["updateTextStyle"]["objectId"]
        and not request["updateTextStyle"]["objectId"].endswith("__pp")
        and request["updateTextStyle"]["style"]["bold"]
        and request["updateTextStyle"]["textRange"].get("startIndex", 0) == 0
    }
    assert len(name_sizes) == 1


def test_side_by_side_needs_both_diagrams_to_read_clearly(
    default_template: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    misleads = architecture._misleads

    def proposed_misleads(rendered: Any) -> bool:
        # Only the proposed drawing (it alone shows GitLab) sends a line astray in its half.
        layout = rendered.layout
        return (layout is not None and "gitlab" in layout.nodes) or misleads(rendered)

    monkeypatch.setattr(architecture, "_misleads", proposed_misleads)
    built = build_on_template(plan_with(SMALL), default_template)
    assert len(built.pages) > 1  # each state on slides of its own


def test_a_summary_too_long_for_its_region_continues_in_the_notes(
    default_template: dict[str, Any],
) -> None:
    from slidegen.layout.check import check_deck

    summary = " ".join(f"Word{index} of a very long current-state story." for index in range(120))
    built = build_on_template(plan_with({"current": {"summary": summary}}), default_template)
    shown = next(text for text in built.texts() if text.startswith("Word0"))
    assert shown.endswith(architecture.CONTINUED)
    assert summary in built.notes()
    overflowing = [f for f in check_deck(built.deck, Config()) if f.kind == "overflow"]
    assert overflowing == []


def test_once_a_diagram_fits_the_search_lays_out_none_that_does_not(
    example_plan: Plan, default_template: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    # With every text in the notes the diagram fits, and one that does not fit cannot
    # score above that: the other arrangements are only judged on whether theirs fit.
    searching: list[bool] = []
    drawn: list[Box] = []
    judged: list[Box] = []
    search = architecture._Painter._best_arrangement
    lay_out = architecture.layout_diagram

    def searched(self: Any, *args: Any, **kwargs: Any) -> Any:
        searching.append(True)
        try:
            return search(self, *args, **kwargs)
        finally:
            searching.pop()

    def laid_out(graph: Any, area: Box, typography: Any, must_fit: bool = False) -> Any:
        layout = lay_out(graph, area, typography, **({"must_fit": True} if must_fit else {}))
        if searching and not layout.fits:
            (drawn if layout.nodes else judged).append(area)
        return layout

    monkeypatch.setattr(architecture._Painter, "_best_arrangement", searched)
    monkeypatch.setattr(architecture, "layout_diagram", laid_out)
    build_on_template(example_plan, default_template)
    assert not drawn
    assert judged


def test_the_example_shows_its_pain_points_and_changes_on_the_slides(
    example_plan: Plan, default_template: dict[str, Any]
) -> None:
    built = build_on_template(example_plan, default_template)
    on_slides = "\n".join(built.texts())
    for line in architecture.pain_lines(example_plan.architecture.current):
        assert line in on_slides.split("\n")
    for line in architecture_changes(example_plan.architecture).lines():
        assert line in on_slides.split("\n")
    assert "pain point (see list)" in on_slides
    assert "see notes" not in on_slides
    # Each number is coloured like the badges it matches.
    number_spans = [
        request["updateTextStyle"]["textRange"]
        for page in built.pages
        for request in page.requests
        if "updateTextStyle" in request
        # The list may continue in a second box (…_cur_pains2) where the first is full.
        and "_cur_pains" in request["updateTextStyle"]["objectId"]
        and request["updateTextStyle"]["style"].get("foregroundColor")
        == {"opaqueColor": {"rgbColor": rgb(Config().style.palette.danger)}}
    ]
    assert len(number_spans) == len(architecture.pain_lines(example_plan.architecture.current))
    assert "pain points:" not in built.notes()
    assert "What changes:" not in built.notes()


def test_pain_points_too_many_for_the_slide_go_to_the_notes(
    default_template: dict[str, Any],
) -> None:
    crowded: dict[str, Any] = copy.deepcopy(SMALL)
    points = [f"Pain number {index} with a long explanation of what hurts" for index in range(60)]
    crowded["current"]["components"][1]["pain_points"] = points
    built = build_on_template(plan_with(crowded), default_template)
    texts = "\n".join(built.texts())
    assert "pain point (see notes)" in texts
    assert points[0] not in texts
    assert f"1 GitHub Enterprise: {points[0]}" in built.notes()
    assert min(font_sizes(built.pages)) >= Config().style.min_font_pt


def test_long_names_and_a_crowded_zone_stay_inside_and_pass_the_checker(
    default_template: dict[str, Any],
) -> None:
    from slidegen.layout.check import check_deck

    names = [
        "Enterprise Service Bus (IBM Integration Bus 10, clustered)",
        "Customer Identity and Access Management Platform",
        "Internationalization-and-Localization-Pipeline",
        "Artifactory",
    ]
    components = [
        {"id": f"c{index}", "name": names[index % len(names)] + f" {index}", "zone": "dc"}
        for index in range(14)
    ]
    connections = [{"from": f"c{index}", "to": f"c{index + 1}"} for index in range(13)]
    state = {
        "zones": [{"id": "dc", "name": "Frankfurt data centre (primary, on-premises)"}],
        "components": components,
        "connections": connections,
    }
    built = build_on_template(plan_with({"current": state}), default_template)
    # A word too long for any box is broken, not a reason to narrow the columns:
    # fourteen such boxes fit one slide when they use its width.
    assert len(built.pages) == 1
    shown = [text.split("\n")[0] for text in built.texts()]
    for component in components:
        assert shown.count(component["name"]) == 1, component["name"]
    assert min(font_sizes(built.pages)) >= Config().style.min_font_pt
    for index in range(len(built.pages)):
        slide = built.slide(index)
        zones = [e for e in generated_elements(slide) if e["objectId"].endswith("zn_dc")]
        boxes = [e for e in generated_elements(slide) if "_bx_" in e["objectId"]]
        boxes = [e for e in boxes if "__" not in e["objectId"]]
        assert zones and boxes
        for box in boxes:
            assert element_box(zones[0]).contains(element_box(box), tolerance=2)
        left = min(element_box(box).x for box in boxes)
        right = max(element_box(box).right for box in boxes)
        assert right - left >= 0.7 * built.whole.width
    assert check_deck(built.deck, Config()) == []


def test_split_states_number_pain_points_upwards_and_say_what_changes_on_every_slide(
    default_template: dict[str, Any],
) -> None:
    from architecture_plans import Topology, generated_state

    state = generated_state(Topology(45, 5, seed=45, pains=0.3, interleaved=True))
    plan = plan_with({"current": state, "proposed": state})
    built = build_on_template(plan, default_template)
    current = [i for i, p in enumerate(built.pages) if "current" in p.heading_suffix]
    assert len(current) > 1
    spans: list[list[int]] = []
    for index in current:
        badges = [
            e["shape"]["text"]["textElements"][1]["textRun"]["content"].strip()
            for e in built.slide(index)["pageElements"]
            if e["objectId"].endswith("__pp")
        ]
        numbers = [int(part) for badge in badges for part in badge.split("–")]
        if numbers:
            spans.append(numbers)
    assert len(spans) > 1
    for earlier, later in itertools.pairwise(spans):
        assert max(earlier) < min(later), spans
    for page in built.pages:
        if "proposed" in page.heading_suffix:
            shown = [r["insertText"]["text"] for r in page.requests if "insertText" in r]
            assert any("What changes" in text for text in shown) or any(
                "What changes" in line for line in page.notes
            )


def replaced_wholesale(proposed: Topology, current: Topology) -> Plan:
    """Return a plan whose generated proposed state shares no component with its current one."""
    old = generated_state(current)
    for component in old["components"]:
        component["id"] = "p" + component["id"]
    for connection in old["connections"]:
        connection["from"], connection["to"] = "p" + connection["from"], "p" + connection["to"]
    return plan_with({"current": old, "proposed": generated_state(proposed)})


def test_pain_points_with_no_room_beside_the_diagram_share_the_legend_s_band(
    default_template: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    def listed_beside_the_legend() -> tuple[Built, list[Box], list[Box], list[Box]]:
        plan = corpus_plan({"current": generated_state(Topology(16, 6, seed=2001))})
        built = build_on_template(plan, default_template)
        (page,) = range(len(built.pages))
        elements = generated_elements(built.slide(page))
        lists = [element_box(e) for e in elements if "_pains" in e["objectId"]]
        legend = [element_box(e) for e in elements if "_lg_" in e["objectId"]]
        diagram = [
            element_box(e)
            for e in elements
            if "_pains" not in e["objectId"] and "_lg_" not in e["objectId"]
        ]
        return built, lists, legend, diagram

    built, lists, legend, diagram = listed_beside_the_legend()
    texts = "\n".join(built.texts())
    assert "pain point (see list)" in texts
    assert "pain points:" not in built.notes()
    assert lists
    # The legend's entry beside them says what they are: no heading, a line each.
    assert "Pain points" not in texts.split("\n")
    min_pt = Config().style.min_font_pt
    assert all(box.height < 2 * line_height(min_pt) + 2 * INSET_Y for box in lists)
    # Right of the legend, ending on its line, the diagram wholly above both.
    assert min(box.x for box in lists) > max(box.right for box in legend)
    assert {box.bottom for box in lists} == {max(box.bottom for box in legend)}
    band_top = min(box.y for box in [*lists, *legend])
    assert max(box.bottom for box in diagram) < band_top
    assert min(font_sizes(built.pages)) >= Config().style.min_font_pt

    # Everywhere else the diagram leaves them too little room: they would go to the notes.
    monkeypatch.setattr(architecture._Painter, "_beside_legend", lambda *args: None)
    built, lists, _, _ = listed_beside_the_legend()
    assert not lists
    assert "pain point (see notes)" in "\n".join(built.texts())
    assert "Current state pain points:" in built.notes()


def test_pain_points_beside_the_legend_follow_the_changes_it_counts(
    default_template: dict[str, Any],
) -> None:
    from architecture_plans import random_plan

    plan, config = random_plan(2032)
    built = build_on_template(plan, default_template, config)
    (page,) = [i for i, p in enumerate(built.pages) if "proposed" in p.heading_suffix]
    elements = generated_elements(built.slide(page))
    (aside,) = [e for e in elements if e["objectId"].endswith("_lg_aside")]
    assert built.texts().count("What changes: Added 5, retired 12, kept 2") == 1
    lists = [element_box(e) for e in elements if "_pains" in e["objectId"]]
    assert lists and min(box.x for box in lists) > element_box(aside).right
    assert {box.bottom for box in lists} == {element_box(aside).bottom}
    assert "pain points:" not in built.notes()


def test_a_split_state_takes_smaller_type_on_fewer_slides_that_say_what_changes_briefer() -> None:
    from architecture_plans import random_plan, slide_text

    # Random plan 2030's proposed state (17 components in five zones, most connections
    # between zones) is split even in smaller type. At its configured type it took an
    # overview and four detail slides; in smaller type two slides of two parts each, whose
    # "What changes" is briefer (retired ones named, the rest counted). The notes holding
    # the whole list take nothing from the slides: the two slides win.
    plan, config = random_plan(2030)
    deck = built_deck(plan, config)
    slides = [
        slide
        for slide in deck["slides"]
        if "Notional Architecture: proposed state" in slide_text(slide)
    ]
    assert [
        "(1/2)" in slide_text(slide) and "(2/2)" not in slide_text(slide) for slide in slides
    ] == [True, False]
    assert all("What changes" in slide_text(slide) for slide in slides)
    assert any("Added (8): Artifactory 9" in json.dumps(s["slideProperties"]) for s in slides)
    found = measure_states(deck, planned_connections(plan))["proposed"]
    assert (found.slides, found.undrawn, found.faults) == (2, 0, 0)
    assert found.smallest_name_pt < config.style.min_font_pt


def test_lines_the_notes_hold_of_a_list_shown_briefer_are_not_left_to_the_notes() -> None:
    view = architecture.StateView("proposed", ArchitectureState())
    whole = architecture.Rendered(notes=["What changes:", "  Added (2): A, B", "Proposed: x"])
    briefer = replace(whole, briefer_notes=2)
    assert architecture._noted([view], [whole], "proposed") == 3
    assert architecture._noted([view], [briefer], "proposed") == 1
    assert architecture._noted([view], [briefer], "current") == 0


def test_a_proposed_slide_without_room_for_the_changes_counts_them_in_its_legend(
    default_template: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    from architecture_plans import Topology

    # At the configured type: split in smaller type, on fewer slides, each lists them.
    monkeypatch.setattr(architecture, "smallest_type", lambda components, min_pt: min_pt)
    built = build_on_template(
        replaced_wholesale(
            Topology(30, 3, seed=303, cycles=2, fan=1, long_names=True), Topology(15, 1, seed=308)
        ),
        default_template,
    )
    pages = [p for p in built.pages if "proposed" in p.heading_suffix]
    counted = []
    for page in pages:
        texts = {
            r["insertText"]["objectId"]: r["insertText"]["text"]
            for r in page.requests
            if "insertText" in r
        }
        in_legend = [key for key, text in texts.items() if text.startswith("What changes: ")]
        # The list has a heading of its own, at the top of its text or under the pain points.
        listed = [text for text in texts.values() if "What changes" in text.split("\n")]
        # Each slide says what changes once: in its own list, or else counted in the legend.
        assert len(in_legend) + len(listed) == 1, texts.values()
        counted += [texts[key] for key in in_legend]
        assert all(key.endswith("_lg_aside") for key in in_legend)
    assert counted and set(counted) == {"What changes: Added 30, retired 15"}


def test_two_parts_sharing_a_proposed_slide_say_what_changes_once_beside_the_legend(
    default_template: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    from architecture_plans import Topology, configured_type_only

    # Ten components over six zones: drawn as two halves of one slide (with its zones
    # packed in another order, or in smaller type, it reads clearly on one slide whole:
    # split here as before).
    monkeypatch.setattr(architecture, "MOST_COMPONENTS_CLEANED", 0)
    configured_type_only(monkeypatch)
    proposed = Topology(10, 6, seed=106, fan=1, unicode=True)
    built = build_on_template(
        replaced_wholesale(proposed, Topology(5, 3, seed=111)), default_template
    )
    (page,) = [p for p in built.pages if "proposed" in p.heading_suffix]
    texts = {
        r["insertText"]["objectId"]: r["insertText"]["text"]
        for r in page.requests
        if "insertText" in r
    }
    assert any("_pro1_" in key for key in texts) and any("_pro2_" in key for key in texts)
    said = [
        key
        for key, text in texts.items()
        for line in text.split("\n")
        if line == "What changes" or line.startswith("What changes: ")
    ]
    # The left part holds the slide's legend; the right part lists what changes.
    assert len(said) == 1 and "_pro2_" in said[0], said
    legend = [text for key, text in texts.items() if "_pro1_" in key and "pain point" in text]
    assert legend == ["pain point (see list)"]
    # The right part's boxes take the left part's width (84 pt, not 91): it then lists the
    # changes briefer, the retired ones named and the added counted, the notes all of them.
    widths = {
        round(r["createShape"]["elementProperties"]["size"]["width"]["magnitude"])
        for r in page.requests
        if "createShape" in r
        and "_bx_" in r["createShape"]["objectId"]
        and "__" not in r["createShape"]["objectId"]
    }
    assert len(widths) == 1, widths
    assert "\nAdded 10" in texts[said[0]]
    assert any(line.startswith("  Added (10): ") for line in page.notes)


def test_a_text_box_is_narrowed_to_its_text_and_other_shapes_are_kept() -> None:
    wide = Box(inches(1), inches(2), inches(6), inches(1))
    style = TextStyle("Arial", 10, False, False, "#000000")
    text = styled_text("list", [("1 Short", style)], "START")
    requests = [
        create_shape("list", "p1", wide, "TEXT_BOX"),
        *text,
        create_shape("frame", "p1", wide, "RECTANGLE"),
    ]
    fitted = architecture.fitted_to_text(requests)
    narrowed = element_box(fitted[0]["createShape"]["elementProperties"])
    assert (narrowed.x, narrowed.y, narrowed.height) == (wide.x, wide.y, wide.height)
    assert narrowed.width < wide.width // 3
    # Measured again, the narrowed box holds the same lines: stubs stay where they were placed.
    assert architecture.created_boxes(fitted[:-1]) == architecture.created_boxes(requests[:-1])
    assert fitted[1:] == requests[1:]


@pytest.mark.parametrize("font_pt", [9.0, 10.0, 10.5, 12.0])
def test_a_narrowed_text_box_keeps_each_line_whole_by_the_rule_it_was_wrapped_by(
    font_pt: float,
) -> None:
    # Lines are wrapped a few per cent short of their box, and the deck checker measures
    # by that rule too: a box cut to its widest line leaves that margin, bold lines included.
    wide = Box(inches(1), inches(2), inches(6), inches(2))
    heading = TextStyle("Arial", font_pt, True, False, "#000000")
    body = TextStyle("Arial", font_pt, False, False, "#000000")
    lines = [
        ("What changes", heading),
        ("Kept 20", body),
        ("Retired (3): Jenkins, Bitbucket Server, SonarQube", body),
        ("Pain points", heading),
    ]
    for count in range(1, len(lines) + 1):
        parts = [
            (text + ("\n" if index < count - 1 else ""), style)
            for index, (text, style) in enumerate(lines[:count])
        ]
        fitted = architecture.fitted_to_text(
            [create_shape("list", "p1", wide, "TEXT_BOX"), *styled_text("list", parts, "START")]
        )
        narrowed = element_box(fitted[0]["createShape"]["elementProperties"])
        assert narrowed.width < wide.width
        for text, style in lines[:count]:
            assert wrap(text, narrowed.width - 2 * INSET_X, font_pt, style.bold) == [text]


def test_a_pain_point_url_breaks_where_measured_and_its_numbers_stay_coloured(
    default_template: dict[str, Any],
) -> None:
    url = "https://jira.internal.example.com/browse/PLATFORM-12345/attachments/upgrade-plan"
    plan_data: dict[str, Any] = copy.deepcopy(SMALL)
    components = plan_data["current"]["components"]
    components[0]["pain_points"] = [f"Tickets: {url}"]
    components[1]["pain_points"] = [f"Reviews: {url}", "Slow reviews"]
    built = build_on_template(plan_with(plan_data), default_template)
    lists = {
        request["insertText"]["objectId"]: request["insertText"]["text"]
        for page in built.pages
        for request in page.requests
        if "insertText" in request and "_cur_pains" in request["insertText"]["objectId"]
    }
    assert lists
    assert any(SOFT_BREAK in text for text in lists.values())  # the URL is longer than a line
    danger = {"opaqueColor": {"rgbColor": rgb(Config().style.palette.danger)}}
    numbers = [
        lists[body["objectId"]][body["textRange"]["startIndex"] : body["textRange"]["endIndex"]]
        for page in built.pages
        for request in page.requests
        if (body := request.get("updateTextStyle")) and body["objectId"] in lists
        if body["style"].get("foregroundColor") == danger
    ]
    # Each span still covers its number, with the soft breaks before it counted.
    assert sorted(number.strip() for number in numbers) == ["1", "2", "3"]


def test_a_proposed_state_without_room_for_every_change_shows_a_briefer_form(
    default_template: dict[str, Any],
) -> None:
    from architecture_plans import realistic_architecture

    built = build_on_template(plan_with(realistic_architecture()), default_template)
    proposed = [p for p in built.pages if "proposed" in p.heading_suffix]
    assert proposed
    for page in proposed:
        shown = "\n".join(r["insertText"]["text"] for r in page.requests if "insertText" in r)
        assert "What changes" in shown
        notes = "\n".join(page.notes)
        if "Kept (" not in shown:
            # The whole list is in the notes when the slide shows less of it.
            assert "What changes:" in notes and "Kept (" in notes


def test_boxes_of_a_small_state_do_not_move_from_a_drawing_of_too_many_faults(
    mocker: Any,
) -> None:
    # Half of a complete graph of nine: its drawing sends lines through boxes and along
    # others' runs some thirty times. Moves from so many faults never read clearly and
    # took seconds each, seventeen times over for this plan.
    plan = corpus_plan(odd_architecture(99)[1])
    graph = architecture.state_graph(
        plan.architecture, architecture.StateView("current", plan.architecture.current)
    )[0]
    area = Box(365760, 932688, 8412480, 3712464)
    architecture.forget_arrangements()
    drawn = geometry.layout_diagram(graph, area, geometry.Typography(12, 9))
    most = architecture.MOST_SMALL_STATE_FAULTS_MOVED
    assert len(graph.nodes) <= architecture.MOST_COMPONENTS_CLEANED
    assert drawn.fits and architecture._faults(drawn) > most
    painter = architecture._Painter(architecture_context(plan))
    moves = mocker.spy(architecture, "cleaned_by_moves")

    found = painter._clean_layout(graph, area, drawn, misleads=True, larger=False)

    assert found is None
    assert all(architecture._faults(call.args[3]) <= most for call in moves.call_args_list)


def test_a_part_whose_gaps_widened_for_labels_leave_stubs_no_room_is_drawn_as_first_placed(
    mocker: Any,
) -> None:
    # In the 100-component state of six zones, these nine read clearly at 9 pt only with
    # their stubs beside them: widened for a label, the gaps leave the stubs no room.
    plan = corpus_plan({"current": generated_state(dict(corpus())["100c/6z"])})
    architecture.forget_arrangements()
    painter = architecture._Painter(architecture_context(plan))
    arranged = mocker.spy(architecture._Painter, "_arrange")
    group = ("c54", "c58", "c50", "c51", "c53", "c57", "c59", "c55", "c56")
    area = Box(365760, 932688, 8412480, 3712464)

    assert architecture._group_reads(painter, "current", plan.architecture.current, group, area, 9)
    tried = [call.args[1] for call in arranged.call_args_list]
    assert any(arrangement.plain_gaps for arrangement in tried)


def test_columns_following_the_connections_are_tried_only_where_they_differ() -> None:
    # Two random plans' states that do not read clearly on one slide at first: 2037's
    # current one runs three connections backwards in lifecycle order and one following
    # its connections; 2039's proposed one has the same columns either way. Both may yet
    # try smaller type, 2037's in either order.
    from architecture_plans import random_plan

    tried = {}
    for seed, name in ((2037, "current"), (2039, "proposed")):
        plan, config = random_plan(seed)
        painter = architecture._Painter(architecture_context(plan, config))
        views = architecture._other_single_views(painter, name, getattr(plan.architecture, name))
        tried[seed] = [(view.lifecycle, view.min_pt is None) for view in views]
    assert tried[2037] == [(False, True), (True, False), (False, False)]
    assert tried[2039] == [(True, False)]


def test_a_state_drawn_whole_widens_its_gaps_as_far_as_type_stays_comfortable(
    default_template: dict[str, Any], mocker: Any
) -> None:
    # The realistic proposed state: at the widest gap tried that kept 10.5 pt, five of
    # its eleven labels fitted, and the next wider gap tried shrank type to 9.5 pt. A gap
    # in between keeps 10 pt, a point above the minimum, and seven fit.
    from architecture_plans import realistic_architecture

    plan = plan_with(realistic_architecture())
    drawn = mocker.spy(architecture, "draw_diagram")
    # Gaps alone are judged here: labels out in the open beside their lines are left out,
    # and so are gaps widened further at smaller type once the layout is chosen.
    mocker.patch.object(geometry, "_free_label_widths", return_value=())
    mocker.patch.object(
        architecture, "with_labels_given_room", side_effect=lambda g, layout, *least: layout
    )

    def proposed() -> tuple[float, list[str]]:
        architecture.forget_arrangements()
        drawn.reset_mock()
        built = build_on_template(plan, default_template)
        (page,) = [p for p in built.pages if "proposed" in p.heading_suffix]
        # A slide may be drawn to be checked before it is drawn on its page: the last counts.
        layout = [c.args[0] for c in drawn.call_args_list if len(c.args[0].nodes) == 12][-1]
        shown = "\n".join(r["insertText"]["text"] for r in page.requests if "insertText" in r)
        labels = [route.edge.label for route in layout.routes if route.label_box is not None]
        assert all(label in shown for label in labels)
        return layout.font_pt, labels

    font_pt, labels = proposed()
    assert font_pt >= Config().style.min_font_pt + 1
    assert len(labels) >= 7 and "images" in labels
    mocker.patch.object(geometry, "_with_comfortable_gap", side_effect=lambda *args: args[-1])
    assert len(proposed()[1]) < len(labels)


def test_a_text_column_measures_its_headings_bold_as_it_draws_them() -> None:
    # 1.9 in holds "What changes" on one line at 18 pt set regular, not bold: the column
    # is as tall as the heading's two lines and the changes' one.
    plan = corpus_plan({"current": generated_state(dict(corpus())["10c/1z"])})
    config = Config.model_validate({"style": {"body_font_pt": 18}})
    painter = architecture._Painter(architecture_context(plan, config))
    block = architecture._TextBlock("changes", "What changes", ("Added 6",), ())
    width = inches(1.9)
    inner = width - 2 * INSET_X
    assert len(wrap("What changes", inner, 18)) == 1
    assert len(wrap("What changes", inner, 18, bold=True)) == 2
    assert painter.fitted([block], width, inches(3), 18) == (18, 3 * line_height(18) + 2 * INSET_Y)


def test_a_legend_in_a_diagrams_empty_space_keeps_the_layout_that_space_was_found_in() -> None:
    # The realistic proposed state drawn whole takes 9.5 pt for two more labels; a state
    # whose legend went into its diagram's empty space keeps the 10 pt layout that space
    # was found in, as another one beside it at that size does.
    from dataclasses import replace

    from architecture_plans import realistic_architecture

    plan = corpus_plan(realistic_architecture())
    painter = architecture._Painter(architecture_context(plan))
    view = architecture.StateView("proposed", plan.architecture.proposed)
    graph = architecture.state_graph(plan.architecture, view)[0]
    whole = replace(painter.typography, roomy_gaps=True)
    area = Box(inches(0.4), inches(1.1), inches(9.2), inches(3.63))
    geometry.forget_arrangements()
    assert painter.layout(graph, area, whole, part_buses=True).font_pt == 9.5

    painter = architecture._Painter(architecture_context(plan))
    painter._legend_insets.add((graph, whole))
    assert painter.layout(graph, area, whole, part_buses=True).font_pt == 10

    painter = architecture._Painter(architecture_context(plan))
    held = replace(whole, max_pt=10)
    assert painter.layout(graph, area, held, part_buses=True).font_pt == 10


def test_an_arrow_beside_a_right_to_left_name_stays_on_its_side_of_the_name() -> None:
    # A line whose first letter is Hebrew is laid out right to left: "→ replaced by" would
    # keep its order, but "→ NAME" alone, "NAME → GitLab" (a tag, the notes) and "ZONE → AWS"
    # would turn, their arrows then pointing the other way. Isolated, each name leaves its
    # line left to right.
    hebrew, zone = "מערכת בנייה", "מרכז נתונים"
    plan = corpus_plan(
        {
            "current": {
                "zones": [{"id": "dc", "name": zone}, {"id": "aws", "name": "AWS"}],
                "components": [
                    {
                        "id": "jenkins",
                        "name": "Jenkins",
                        "zone": "dc",
                        "status": "retiring",
                        "replaced_by": "builds",
                    },
                    {"id": "builds", "name": hebrew, "zone": "dc"},
                    {"id": "gitlab", "name": "GitLab", "zone": "aws"},
                ],
                "connections": [{"from": "builds", "to": "gitlab", "label": "push"}],
            },
            "proposed": {"components": [{"id": "builds", "name": hebrew}]},
        }
    )
    assert plan.architecture is not None
    state = plan.architecture.current
    full, short, _ = architecture.tags(plan.architecture, "current", "jenkins", state)
    isolated = f"\u2068{hebrew}\u2069"
    assert (full, short) == (f"→ replaced by {isolated}", f"→ {isolated}")
    note = architecture._edge_note(state, geometry.Edge("builds", "gitlab", "push"))
    assert note == f"{isolated} → GitLab: push"
    view = architecture.StateView(
        "current", state, parts=2, groups=(("jenkins", "builds"), ("gitlab",))
    )
    assert architecture.listed_links(view) == [f"\u2068{zone}\u2069 → AWS: 1\u00a0connection"]
    _, between = architecture._crossing_notes(view)
    assert between.startswith(f"  {isolated} → GitLab: push (")
    # Unisolated, each of these lines would start in Hebrew and be laid out right to left.
    lines = [short, note, *architecture.listed_links(view), between]
    assert not any(is_right_to_left(line) for line in lines)


def test_a_pain_point_beside_a_right_to_left_name_keeps_its_own_direction() -> None:
    # "3 NAME: Pain of component 6" starting in Hebrew was laid out right to left, the English
    # point reading backwards around the name ("Pain of :6 NAME 3"). Isolated, the name leaves
    # each line to the direction of its point: English left to right, Hebrew right to left.
    hebrew, zone = "מערכת בנייה", "מרכז נתונים"
    english, in_hebrew = "build queue of 45 minutes", "תור בנייה של 45 דקות"
    plan = corpus_plan(
        {
            "current": {
                "zones": [{"id": "dc", "name": zone}],
                "components": [
                    {"id": "builds", "name": hebrew, "zone": "dc"},
                    {"id": "gitlab", "name": "GitLab", "pain_points": [english]},
                    {"id": "ci", "name": hebrew, "pain_points": [english, in_hebrew]},
                ],
                "connections": [{"from": "builds", "to": "gitlab"}],
            }
        }
    )
    assert plan.architecture is not None
    isolated = f"\u2068{hebrew}\u2069"
    lines = architecture.pain_lines(plan.architecture.current)
    assert lines == [
        f"1 GitLab: {english}",
        f"2 {isolated}: {english}",
        f"3 {isolated}: {in_hebrew}",
    ]
    deck = built_deck(plan)
    directions = {}
    for slide in deck["slides"]:
        for element in slide.get("pageElements", []):
            paragraph = ""
            for run in element.get("shape", {}).get("text", {}).get("textElements", []):
                if "paragraphMarker" in run:
                    direction = run["paragraphMarker"].get("style", {}).get("direction")
                paragraph += run.get("textRun", {}).get("content", "")
                if paragraph.endswith("\n"):
                    directions[paragraph.strip()] = direction
                    paragraph = ""
    assert directions[lines[1]] in (None, "LEFT_TO_RIGHT")
    assert directions[lines[2]] == "RIGHT_TO_LEFT"


def test_an_overview_zone_title_reads_left_to_right_after_a_right_to_left_name() -> None:
    # "NAME · 12 components on slide 5" starting in Hebrew was laid out right to left, its
    # English words before the name. Isolated, the name leaves the title left to right.
    zone = "מרכז נתונים"
    state = corpus_plan(
        {"current": {"components": [{"id": "a", "name": "A"}, {"id": "b", "name": "B"}]}}
    ).architecture
    assert state is not None
    view = architecture.StateView(
        "current",
        state.current,
        parts=2,
        groups=(("a",), ("b",)),
        numbers=(4, 5),
        titles=(zone, "AWS"),
    )
    title = architecture.part_zone_title(view, 1)
    assert title.startswith(f"\u2068{zone}\u2069 · 1 component on ")
    assert not is_right_to_left(title)


def test_a_right_to_left_label_or_zone_leaves_words_about_the_diagram_left_to_right() -> None:
    # "NAME → NAME: LABEL" all in Hebrew would take the label's direction, its arrow then
    # pointing back; "ZONE: Plan – Create" would put its English stages first.
    source, target, label, zone = "מערכת בנייה", "שרת קוד", "דחיפה", "מרכז נתונים"
    plan = corpus_plan(
        {
            "current": {
                "zones": [{"id": "dc", "name": zone}, {"id": "aws", "name": "AWS"}],
                "components": [
                    {"id": "a", "name": source, "zone": "dc", "stage": "plan"},
                    {"id": "b", "name": target, "zone": "dc", "stage": "create"},
                    {"id": "c", "name": "Vault", "zone": "dc", "stage": "secure"},
                    {"id": "d", "name": "GitLab", "zone": "aws"},
                ],
                "connections": [{"from": "a", "to": "b", "label": label}],
            }
        }
    )
    assert plan.architecture is not None
    state = plan.architecture.current
    note = architecture._edge_note(state, geometry.Edge("a", "b", label))
    assert note == f"\u2068{source}\u2069 → \u2068{target}\u2069: \u2068{label}\u2069"
    title = architecture._group_title(state, ["a", "b"], zoned=True)
    assert title.startswith(f"\u2068{zone}\u2069: ")
    assert not any(is_right_to_left(line) for line in (note, title))
