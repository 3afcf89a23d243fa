"""Parts drawn on one slide: a line between their boxes where a clean one exists."""

from __future__ import annotations

import functools
import re
from typing import Any

import pytest
from architecture_plans import (
    Topology,
    built_deck,
    configured_type_only,
    corpus,
    generated_state,
    plan_with,
)

from slidegen.layout.context import Box
from slidegen.layout.diagram import geometry
from slidegen.layout.diagram.geometry import SITE_BOTTOM, SITE_LEFT, SITE_RIGHT, SITE_TOP, Edge
from slidegen.layout.diagram.measures import (
    architecture_slides,
    line_path,
    measure_slide,
    site_point,
    slide_faults,
)
from slidegen.layout.diagram.stubs import Join, join_route
from slidegen.layout.slides import architecture
from slidegen.layout.template import element_box
from slidegen.units import pt

SOURCE = Box(0, 0, pt(100), pt(40))


def test_a_join_runs_straight_between_sites_in_line() -> None:
    target = Box(pt(200), 0, pt(100), pt(40))
    assert join_route(SOURCE, target, [SOURCE, target], [], []) == Join(
        SITE_RIGHT, SITE_LEFT, ((pt(100), pt(20)), (pt(200), pt(20)))
    )


def test_a_join_bends_once_with_its_middle_run_halfway() -> None:
    target = Box(pt(200), pt(100), pt(100), pt(40))
    assert join_route(SOURCE, target, [SOURCE, target], [], []) == Join(
        SITE_RIGHT,
        SITE_LEFT,
        ((pt(100), pt(20)), (pt(150), pt(20)), (pt(150), pt(120)), (pt(200), pt(120))),
    )


def test_a_join_from_right_to_left_leaves_the_left_side() -> None:
    target = Box(pt(-300), pt(100), pt(100), pt(40))
    join = join_route(SOURCE, target, [SOURCE, target], [], [])
    assert join is not None
    assert (join.start_site, join.end_site) == (SITE_LEFT, SITE_RIGHT)


def test_a_join_one_above_the_other_runs_straight_down_only_when_in_line() -> None:
    under = Box(0, pt(100), pt(100), pt(40))
    assert join_route(SOURCE, under, [], [], []) == Join(
        SITE_BOTTOM, SITE_TOP, ((pt(50), pt(40)), (pt(50), pt(100)))
    )
    # A bent line out of a bottom site would first run along the box.
    assert join_route(SOURCE, Box(pt(30), pt(100), pt(100), pt(40)), [], [], []) is None


TARGET = Box(pt(200), pt(100), pt(100), pt(40))


@pytest.mark.parametrize(
    ("boxes", "texts", "segments"),
    [
        # a box on the middle run
        ([Box(pt(140), pt(50), pt(20), pt(20))], [], []),
        # a text on the last run
        ([], [Box(pt(170), pt(110), pt(20), pt(20))], []),
        # a line along the middle run
        ([], [], [((pt(150), pt(40)), (pt(150), pt(80)))]),
        # a line running alongside the first run, nearer than reads as two
        ([], [], [((pt(110), pt(21)), (pt(140), pt(21)))]),
        # a line ending on the middle run: it would seem to branch off
        ([], [], [((pt(120), pt(70)), (pt(150), pt(70)))]),
    ],
)
def test_a_join_keeps_clear_of_boxes_texts_and_other_lines(
    boxes: list[Box], texts: list[Box], segments: list[tuple[tuple[int, int], tuple[int, int]]]
) -> None:
    assert join_route(SOURCE, TARGET, [SOURCE, TARGET, *boxes], texts, segments) is None


def test_a_join_may_cross_another_line() -> None:
    crossing = [((pt(120), pt(70)), (pt(180), pt(70)))]
    assert join_route(SOURCE, TARGET, [SOURCE, TARGET], [], crossing) is not None


@pytest.fixture(autouse=True)
def _split_whole_states(monkeypatch: pytest.MonkeyPatch) -> None:
    """Keep states of a few components split, as these tests of shared slides need.

    Drawn whole with boxes moved among their zones' cells, or zones packed in other
    orders, 8c/6z, 9c/6z and 10c/6z read clearly on one slide, and 9c/6z with a second
    round of packings laid out too, and in smaller type: here they are split in halves at
    the configured type as they were before.
    """
    monkeypatch.setattr(architecture, "MOST_COMPONENTS_CLEANED", 0)
    monkeypatch.setattr(geometry, "PACKING_ROUNDS", 1)
    configured_type_only(monkeypatch)


SHARED = {
    **dict(corpus()),
    "9c/6z": Topology(9, 6, 1),
    "9c/6z/6": Topology(9, 6, 6),
}
"""States drawn in part on one slide two parts share, a half each."""


@functools.cache
def _slides(name: str) -> list[dict[str, Any]]:
    plan = plan_with({"current": generated_state(SHARED[name])})
    return architecture_slides(built_deck(plan))


def _shared_slide(name: str, slides: list[dict[str, Any]] | None = None) -> dict[str, Any]:
    """Return the slide drawing parts 1 and 2 of the current state, each on half of it."""
    for slide in _slides(name) if slides is None else slides:
        ids = [e["objectId"] for e in slide["pageElements"]]
        if any("_cur1_" in i for i in ids) and any("_cur2_" in i for i in ids):
            return slide
    raise AssertionError(f"{name} has no shared slide")


def _names(slide: dict[str, Any]) -> dict[str, str]:
    names = {}
    for element in slide["pageElements"]:
        runs = (element.get("shape", {}).get("text") or {}).get("textElements", [])
        text = "".join(r["textRun"]["content"] for r in runs if "textRun" in r)
        names[element["objectId"]] = text.split("\n")[0].strip()
    return names


# (10c/3z shared a slide too, until runs reading clearly past a shorter one that does
# not were tried: it now takes two whole slides of five. 10c/6z joined its halves until
# labels found places out in the open: its halves are now cut where no line crosses.
# 8c/6z and 9c/6z/3 shared one too, until zone titles wrapped beside lines passing them.)
@pytest.mark.parametrize("name", ("9c/6z", "9c/6z/6"))
def test_a_connection_between_the_halves_of_a_slide_is_a_line_attached_to_both_boxes(
    name: str,
) -> None:
    slide = _shared_slide(name)
    elements = {e["objectId"]: e for e in slide["pageElements"]}
    names = _names(slide)
    joins = []
    for element in elements.values():
        properties = element.get("line", {}).get("lineProperties", {})
        start, end = properties.get("startConnection"), properties.get("endConnection")
        if start is None or end is None or "_bx_" not in end["connectedObjectId"]:
            continue
        ends = (start["connectedObjectId"], end["connectedObjectId"])
        if {"cur1" in ends[0], "cur1" in ends[1]} != {True, False}:
            continue  # a line within one half
        # Generated, and of the state but of neither part.
        assert re.search(r"_cur_ln_\d+$", element["objectId"]), element["objectId"]
        path = line_path(element)
        for connection, point in ((start, path[0]), (end, path[-1])):
            box = element_box(elements[connection["connectedObjectId"]])
            site = site_point(box, connection["connectionSiteIndex"])
            assert abs(site[0] - point[0]) < pt(1) and abs(site[1] - point[1]) < pt(1)
        joins.append({names[ends[0]], names[ends[1]]})
    assert joins, name
    # A joined connection is not also a stub naming the other half of the slide.
    stubbed = [
        {stub.source, stub.target}
        for measures in measure_slide(slide)
        for stub in measures.stubs
        if stub.far_slide == 0
    ]
    assert not [pair for pair in joins if pair in stubbed]
    assert not slide_faults(slide)


def _deck_notes(name: str, label: str = "") -> tuple[list[str], int, dict[str, Any]]:
    """Return the notes of a state's shared slide, one line each, its number and the slide.

    With `label`, the connection Runner fleet 5 → API gateway 6, which a line joins
    on 10c/6z's shared slide, carries it.
    """
    state = generated_state(SHARED[name])
    if label:
        for connection in state["connections"]:
            if (connection["from"], connection["to"]) == ("c5", "c6"):
                connection["label"] = label
    deck = built_deck(plan_with({"current": state}))
    for number, slide in enumerate(deck["slides"], start=1):
        ids = [e["objectId"] for e in slide["pageElements"]]
        if any("_cur1_" in i for i in ids) and any("_cur2_" in i for i in ids):
            elements = slide["slideProperties"]["notesPage"]["pageElements"]
            text = "".join(
                run["textRun"]["content"]
                for element in elements
                for run in (element.get("shape", {}).get("text") or {}).get("textElements", [])
                if "textRun" in run
            )
            return text.splitlines(), number, slide
    raise AssertionError(f"{name} has no shared slide")


@pytest.mark.parametrize("name", ("10c/6z", "9c/6z/6"))
def test_the_notes_of_a_shared_slide_place_its_connections_truly(name: str) -> None:
    notes, number, _ = _deck_notes(name)
    assert not [line for line in notes if f"(on slide {number})" in line]
    assert not [line for line in notes if "on other slides" in line]
    assert "Current state connections to components in the other part of this slide:" in notes
    # Listed once, by the first part, though both parts cut them.
    between = [
        line for line in notes if re.search(r"\(on the (left|right|top|bottom) half\)$", line)
    ]
    assert between
    assert len(between) == len(set(between))
    assert "Current state in 2 parts on one slide:" in notes
    assert not [line for line in notes if " 1 slides" in line]


def test_a_connection_joined_by_a_line_is_not_in_the_notes() -> None:
    notes, _, _ = _deck_notes("10c/6z")
    assert not [line for line in notes if "Runner fleet 5 → API gateway 6" in line]


def test_a_joined_line_has_its_label_beside_it_where_a_clean_spot_exists() -> None:
    # PostgreSQL 4 → Runner fleet 5: deploy joins the halves with room to its right.
    notes, _, slide = _deck_notes("9c/6z")
    labels = [e for e in slide["pageElements"] if re.search(r"_cur_lb_\d+$", e["objectId"])]
    assert [_names(slide)[e["objectId"]] for e in labels] == ["deploy"]
    (measures,) = measure_slide(slide)
    assert measures.labels_astray == []
    assert not slide_faults(slide)
    assert not [line for line in notes if "PostgreSQL 4 → Runner fleet 5" in line]


def test_a_joined_line_without_room_for_its_label_leaves_it_to_the_notes() -> None:
    # Runner fleet 5 → API gateway 6 joins the halves through a gap too narrow for text.
    notes, _, slide = _deck_notes("10c/6z", label="hands jobs over")
    assert not [e for e in slide["pageElements"] if "_cur_lb_" in e["objectId"]]
    listed = [line for line in notes if "Runner fleet 5 → API gateway 6" in line]
    assert listed == ["  Runner fleet 5 → API gateway 6: hands jobs over"]
    heading = max(
        index
        for index, line in enumerate(notes[: notes.index(listed[0])])
        if not line.startswith(" ")
    )
    assert notes[heading] == "Current state connections:"


def test_a_line_joining_one_way_leaves_the_connection_back_its_stub() -> None:
    # A → B drawn as a line between the halves says nothing of B → A: that one keeps its
    # stub and note, or it would be on the slide nowhere.
    there, back = Edge("a", "b"), Edge("b", "a")
    assert architecture._unjoined([there, back], {("a", "b")}) == [back]
    assert architecture._unjoined([there, back], {("a", "b"), ("b", "a")}) == []


def test_a_zone_in_both_halves_of_a_slide_is_named_once_and_then_continued(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # Two zone boxes titled alike side by side read as two places. With labels kept to the
    # gaps their lines cross, ten components in one zone are cut inside it (most states
    # of several zones are cut between zones).
    monkeypatch.setattr(geometry, "_free_label_widths", lambda label, font_pt, family: ())
    plan = plan_with({"current": generated_state(Topology(10, 1, 3))})
    slide = _shared_slide("10c/1z", architecture_slides(built_deck(plan)))
    titles = [
        text for object_id, text in _names(slide).items() if re.search(r"_zn_z\d+$", object_id)
    ]
    zone = "Chicago data centre (on-premises)"
    assert sorted(titles) == [zone, f"{zone} (continued)"]
