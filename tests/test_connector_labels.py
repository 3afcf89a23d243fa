"""Read off the deck, each connector label says what the plan says of its connection."""

from __future__ import annotations

from typing import Any

from architecture_plans import built_deck, labelled_state, plan_with

from slidegen.layout.diagram.measures import architecture_slides, labelled_connectors

SEEDS = range(40)


def _label_for(
    words: dict[tuple[str, str], str], start: str, end: str, both: bool
) -> tuple[str, bool]:
    """Return the label a line from `start` to `end` should bear, and if it starts at the far end.

    A line both ways says which way each part reads, from where it starts,
    unless both ways say the same; its far end is the one the plan names second.
    """
    ahead = words.get((start, end), "")
    if not both:
        return ahead, False
    back = words.get((end, start), "")
    turned = list(words).index((end, start)) < list(words).index((start, end))
    if ahead == back:
        return ahead, turned
    parts = [f"→ {ahead}"] if ahead else []
    parts += [f"← {back}"] if back else []
    return " / ".join(parts), turned


def _unspaced(text: str) -> str:
    """Return `text` without its spaces."""
    return "".join(text.split())


def _plan_words(state: dict[str, Any]) -> dict[tuple[str, str], str]:
    """Return each connection's label by the names of its ends, in the plan's order."""
    names = {component["id"]: component["name"] for component in state["components"]}
    return {
        (names[c["from"]], names[c["to"]]): " ".join(c.get("label", "").split())
        for c in state["connections"]
    }


def test_every_label_drawn_says_its_connection_s_words_the_way_its_line_runs() -> None:
    # Labels with slashes, arrows and other scripts of their own, some connections both
    # ways in other words; a line both ways is drawn from either end.
    turned_with_a_slash = 0
    for seed in SEEDS:
        state = labelled_state(seed)
        words = _plan_words(state)
        deck = built_deck(plan_with({"current": state}))
        slides = architecture_slides(deck)
        for start, end, both, label in (found for s in slides for found in labelled_connectors(s)):
            expected, turned = _label_for(words, start, end, both)
            # A label wraps between East Asian characters as well as at spaces: read
            # without its spaces, it still shows which words go with which arrow.
            assert _unspaced(label) == _unspaced(expected), (seed, start, end, label)
            turned_with_a_slash += turned and " / " in words.get((start, end), "")
    # Lines drawn from the end the plan names second, their words ahead holding a " / ":
    # the labels most easily misread (see `Edge.reversed`).
    assert turned_with_a_slash >= 3
