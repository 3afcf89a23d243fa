"""Filling an existing deck: placement, ownership, in-place re-runs, page sizes, refusals."""

from __future__ import annotations

import copy
import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest
from into_support import apply, own_deck

from slidegen.config import Config
from slidegen.errors import TargetDeckError
from slidegen.into.fill import IntoOptions, all_object_ids, fill_requests, marks_in
from slidegen.layout.check import check_deck
from slidegen.layout.template import generated_role, walk_elements
from slidegen.plan.loader import load_plan
from slidegen.plan.model import Plan, Risk
from slidegen.units import inches

Json = dict[str, Any]
TODAY = dt.date(2026, 11, 26)
REAL_DECK = Path(__file__).parent / "fixtures" / "real-presentation-presenter.json"
EXAMPLE_PLAN = Path(__file__).resolve().parents[1] / "plan_inputs/example.yaml"
ROLE_ORDER = ["title", "business_outcomes", "architecture", "stakeholders", "win_plan", "risks"]


def fill(plan: Plan, config: Config, deck: Json, **options: Any) -> tuple[Json, Any]:
    filling = fill_requests(plan, config, deck, today=TODAY, options=IntoOptions(**options))
    return apply(deck, filling.requests), filling


def slide_ids(deck: Json) -> list[str]:
    return [slide["objectId"] for slide in deck["slides"]]


def generated(deck: Json) -> list[str]:
    return [s for s in slide_ids(deck) if generated_role(s) is not None]


def own_slides(deck: Json) -> list[Json]:
    return [s for s in deck["slides"] if generated_role(s["objectId"]) is None]


def assert_nothing_else_changed(before: Json, after: Json) -> None:
    """Every slide, layout, master and deck field the generator does not own is byte-identical."""
    for key in set(before) | set(after):
        if key in ("slides", "revisionId"):
            continue
        assert json.dumps(before.get(key), sort_keys=True) == json.dumps(
            after.get(key), sort_keys=True
        ), key
    kept_before = own_slides(before)
    kept_after = own_slides(after)
    assert [s["objectId"] for s in kept_after] == [s["objectId"] for s in kept_before]
    for old, new in zip(kept_before, kept_after, strict=True):
        assert json.dumps(old, sort_keys=True) == json.dumps(new, sort_keys=True), old["objectId"]


@pytest.fixture(scope="module")
def real_deck() -> Json:
    loaded: Json = json.loads(REAL_DECK.read_text(encoding="utf-8"))
    return loaded


@pytest.fixture(scope="module")
def small_plan() -> Plan:
    plan = load_plan(EXAMPLE_PLAN, Config())
    # Fewer rows keep every run quick; the shape of the deck is what these tests look at.
    return plan.model_copy(
        update={
            "stakeholders": plan.stakeholders[:3],
            "win_plan": plan.win_plan[:3],
            "risks": plan.risks[:2],
        }
    )


@pytest.fixture(scope="module")
def filled_real(real_deck: Json, small_plan: Plan) -> tuple[Json, Any]:
    return fill(small_plan, Config(), real_deck, after="3")


def test_real_deck_keeps_everything_it_had_byte_for_byte(
    real_deck: Json, filled_real: tuple[Json, Any]
) -> None:
    after, filling = filled_real
    assert_nothing_else_changed(real_deck, after)
    assert len(after["slides"]) == len(real_deck["slides"]) + sum(filling.pages.values())


def test_slides_go_after_the_slide_numbered_in_role_order(
    real_deck: Json, filled_real: tuple[Json, Any]
) -> None:
    after, filling = filled_real
    ids = slide_ids(after)
    count = sum(filling.pages.values())
    assert ids[:3] == slide_ids(real_deck)[:3]
    roles = [generated_role(s) for s in ids[3 : 3 + count]]
    assert sorted(set(roles), key=roles.index) == ROLE_ORDER
    assert roles == sorted(roles, key=ROLE_ORDER.index)
    assert ids[3 + count :] == slide_ids(real_deck)[3:]
    assert filling.positions == list(range(4, 4 + count))


def test_no_prototype_is_left_and_every_new_id_was_free(
    real_deck: Json, filled_real: tuple[Json, Any]
) -> None:
    after, _filling = filled_real
    assert not [i for i in all_object_ids(after) if i.startswith("sgp")]
    before = all_object_ids(real_deck)
    for slide in after["slides"]:
        if generated_role(slide["objectId"]) is None:
            continue
        assert slide["objectId"] not in before
        for element in walk_elements(slide["pageElements"]):
            assert element["objectId"].startswith(("sgd1_", "sgc1_"))
            assert element["objectId"] not in before


def test_generated_slides_use_the_decks_own_layout_and_pass_the_checks(
    filled_real: tuple[Json, Any],
) -> None:
    after, _filling = filled_real
    layouts = {layout["objectId"]: layout for layout in after["layouts"]}
    for slide in after["slides"]:
        if generated_role(slide["objectId"]):
            layout = layouts[slide["slideProperties"]["layoutObjectId"]]
            # The layout's own shapes would show through; its placeholders do not.
            drawn = [e for e in layout["pageElements"] if "placeholder" not in e.get("shape", {})]
            assert drawn == [], layout["layoutProperties"]["name"]
    assert check_deck(after, Config()) == []


def notes_of(slide: Json) -> str:
    notes = slide["slideProperties"]["notesPage"]
    speaker = notes["notesProperties"]["speakerNotesObjectId"]
    (shape,) = [e for e in notes["pageElements"] if e["objectId"] == speaker]
    return "".join(
        run.get("textRun", {}).get("content", "")
        for run in shape["shape"].get("text", {}).get("textElements", [])
    )


def test_the_first_fill_writes_the_speaker_notes_of_every_new_slide(
    filled_real: tuple[Json, Any], real_deck: Json, small_plan: Plan
) -> None:
    after, filling = filled_real
    assert not [note for note in filling.notes if "speaker notes" in note]
    assert filling.assumed_ids
    title = next(s for s in after["slides"] if generated_role(s["objectId"]) == "title")
    assert "Account team:" in notes_of(title)
    first = {s["objectId"]: notes_of(s) for s in after["slides"] if generated_role(s["objectId"])}
    own_notes = {notes_of(slide) for slide in real_deck["slides"]} - {""}
    assert not set(first.values()) & own_notes
    # A re-run has nothing left to add: the first batch wrote every slide's notes.
    again, _ = fill(small_plan, Config(), after)
    assert {s["objectId"]: notes_of(s) for s in again["slides"] if s["objectId"] in first} == first


def test_the_owners_notes_on_the_copied_slide_never_reach_the_generated_slides(
    small_plan: Plan,
) -> None:
    after, filling = fill(small_plan, Config(), own_deck(3))
    generated_notes = [notes_of(s) for s in after["slides"] if generated_role(s["objectId"])]
    assert filling.assumed_ids
    assert sum(1 for text in generated_notes if "end of generated notes" in text) >= 3
    assert not any("What the AE says here" in text for text in generated_notes)


def test_without_named_notes_the_first_fill_says_so_and_a_rerun_writes_them(
    real_deck: Json, small_plan: Plan
) -> None:
    filling = fill_requests(
        small_plan, Config(), real_deck, today=TODAY, options=IntoOptions(), name_notes=False
    )
    assert filling.assumed_ids == frozenset()
    after = apply(real_deck, filling.requests)
    (unwritten,) = [note for note in filling.notes if note.startswith("speaker notes of ")]
    assert "sgs1_title_1" in unwritten
    again, second = fill(small_plan, Config(), after)
    assert not [n for n in second.notes if n.startswith("speaker notes")]
    title = next(s for s in again["slides"] if generated_role(s["objectId"]) == "title")
    assert "Account team:" in notes_of(title)


def test_many_slides_of_its_own_stay_byte_for_byte_and_the_slides_go_after_the_id(
    small_plan: Plan,
) -> None:
    deck = own_deck(40)
    after, filling = fill(small_plan, Config(), deck, after="ae_slide_16")
    assert_nothing_else_changed(deck, after)
    count = sum(filling.pages.values())
    assert slide_ids(after)[17 : 17 + count] == generated(after)
    assert filling.positions == list(range(18, 18 + count))


def test_insert_here_in_alt_text_or_notes_places_the_slides_else_the_end(
    small_plan: Plan,
) -> None:
    deck = own_deck(5)
    end, _ = fill(small_plan, Config(), deck)
    assert slide_ids(end)[:5] == slide_ids(deck)
    marked = copy.deepcopy(deck)
    marked["slides"][1]["pageElements"][0]["description"] = "slidegen:insert-here"
    placed, filling = fill(small_plan, Config(), marked)
    count = sum(filling.pages.values())
    assert slide_ids(placed)[2 : 2 + count] == generated(placed)
    noted = apply(
        deck,
        [
            {
                "insertText": {
                    "objectId": deck["slides"][3]["slideProperties"]["notesPage"][
                        "notesProperties"
                    ]["speakerNotesObjectId"],
                    "text": "TOP: slidegen:insert-here\n",
                }
            }
        ],
    )
    placed, _ = fill(small_plan, Config(), noted)
    assert slide_ids(placed)[4 : 4 + count] == generated(placed)


@pytest.mark.parametrize(
    ("after", "message"),
    [
        ("9", "the deck has 5 slides (give a number from 1 to 5"),
        ("0", "the deck has 5 slides"),
        ("no_such_slide", "no slide has this object ID (its slides: ae_slide_00"),
    ],
)
def test_an_after_slide_that_does_not_exist_is_refused(
    small_plan: Plan, after: str, message: str
) -> None:
    with pytest.raises(TargetDeckError, match="deck ae-deck: --after") as raised:
        fill_requests(small_plan, Config(), own_deck(5), today=TODAY, options=IntoOptions(after))
    assert message in str(raised.value)


@pytest.fixture(scope="module")
def filled_own(small_plan: Plan) -> tuple[Json, Json]:
    deck = own_deck(6)
    after, _ = fill(small_plan, Config(), deck, after="2")
    return deck, after


def test_rerun_redraws_in_place_where_the_owner_moved_them_and_keeps_their_slides(
    filled_own: tuple[Json, Json], small_plan: Plan
) -> None:
    _deck, after = filled_own
    risks = next(s for s in generated(after) if s.startswith("sgs1_risks"))
    # The owner moves the risks slide to the very end and adds a slide of their own
    # between two generated ones.
    moved = apply(
        after,
        [
            {
                "updateSlidesPosition": {
                    "slideObjectIds": [risks],
                    "insertionIndex": len(after["slides"]),
                }
            },
            {"createSlide": {"objectId": "ae_between", "insertionIndex": 4}},
        ],
    )
    plan = small_plan.model_copy(update={"customer": small_plan.customer})
    again, _ = fill(plan, Config(), moved)
    assert slide_ids(again) == slide_ids(moved)
    assert_nothing_else_changed(moved, again)


def test_rerun_puts_new_continuation_slides_after_their_role(
    filled_own: tuple[Json, Json], small_plan: Plan
) -> None:
    _deck, after = filled_own
    many_risks = [
        Risk(
            id=f"r{n}",
            risk=f"Risk number {n} " + "with a long description " * 6,
            impact="high",
            likelihood="high",
        )
        for n in range(30)
    ]
    plan = small_plan.model_copy(update={"risks": many_risks})
    again, filling = fill(plan, Config(), after)
    ids = slide_ids(again)
    risk_slides = [s for s in ids if generated_role(s) == "risks"]
    assert len(risk_slides) == filling.pages["risks"] > 1
    first = ids.index(risk_slides[0])
    assert ids[first : first + len(risk_slides)] == risk_slides
    assert_nothing_else_changed(after, again)


def test_hand_edits_to_generated_content_are_refused_unless_forced(
    filled_own: tuple[Json, Json], small_plan: Plan
) -> None:
    _deck, after = filled_own
    slide = next(s for s in after["slides"] if generated_role(s["objectId"]) == "title")
    element = next(
        e
        for e in walk_elements(slide["pageElements"])
        if e["objectId"].startswith("sgc") and e.get("shape", {}).get("text")
    )
    edited = apply(after, [{"insertText": {"objectId": element["objectId"], "text": "EDIT "}}])
    with pytest.raises(TargetDeckError, match="edited by hand, so nothing was changed"):
        fill_requests(small_plan, Config(), edited, today=TODAY, options=IntoOptions())
    forced, filling = fill(small_plan, Config(), edited, force=True)
    assert any("overwrote 1 hand edit" in note for note in filling.notes)
    assert "EDIT" not in json.dumps(forced)


def test_another_plans_slides_are_refused_unless_taken_over(
    filled_own: tuple[Json, Json], small_plan: Plan
) -> None:
    _deck, after = filled_own
    (mark,) = marks_in(after)
    assert mark.startswith("plan:northwind-freight-northwind-freight-gitlab-ultimate")
    other = small_plan.model_copy(update={"customer": "Contoso Retail"})
    with pytest.raises(TargetDeckError, match="already holds slides generated from another plan"):
        fill_requests(other, Config(), after, today=TODAY, options=IntoOptions())
    taken, filling = fill(other, Config(), after, take_over=True)
    assert any(
        n.startswith("replaced slides generated from another plan (northwind")
        for n in filling.notes
    )
    assert [m.startswith("plan:contoso-retail") for m in marks_in(taken)] == [True]
    assert slide_ids(taken) == slide_ids(after)


def test_a_four_by_three_page_is_laid_out_for_its_size_not_stretched(small_plan: Plan) -> None:
    deck = own_deck(2, size=(9_144_000, 6_858_000))
    after, _ = fill(small_plan, Config(), deck)
    assert check_deck(after, Config()) == []
    bottoms = []
    for slide in after["slides"]:
        if generated_role(slide["objectId"]) not in (None, "title"):
            for element in slide["pageElements"]:
                transform = element.get("transform", {})
                if "line" in element:
                    continue  # a connector's flip is its direction, not a stretch
                assert transform.get("scaleX", 1) == 1 and transform.get("scaleY", 1) == 1
                height = element.get("size", {}).get("height", {}).get("magnitude", 0)
                bottoms.append(transform.get("translateY", 0) + height)
    # The footer sits at the bottom of the taller page, not where a 16:9 page ends.
    assert max(bottoms) > 6_858_000 - inches(0.6)


def test_a_page_too_small_is_refused(small_plan: Plan) -> None:
    deck = own_deck(1, size=(inches(6), inches(4)))
    with pytest.raises(TargetDeckError, match=r"its page is 6.00 × 4.00 in; .* at least 7.5"):
        fill_requests(small_plan, Config(), deck, today=TODAY, options=IntoOptions())


def test_a_deck_made_by_build_is_refused(small_plan: Plan) -> None:
    from slidegen.templates import load_default_template

    with pytest.raises(TargetDeckError, match="is a slidegen template slide"):
        fill_requests(
            small_plan, Config(), load_default_template(), today=TODAY, options=IntoOptions()
        )


def test_a_deck_file_is_filled_and_written_as_json_and_pptx(
    small_plan: Plan, tmp_path: Path
) -> None:
    from slidegen.pipeline import fill_deck_file

    deck_path = tmp_path / "opportunity-plan.json"
    deck = own_deck(3)
    deck_path.write_text(json.dumps(deck), encoding="utf-8")
    result = fill_deck_file(
        small_plan, Config(), deck_path, today=TODAY, options=IntoOptions(after="1")
    )
    assert result.path == tmp_path / "opportunity-plan.pptx"
    written = json.loads(deck_path.read_text(encoding="utf-8"))
    assert_nothing_else_changed(deck, written)
    assert slide_ids(written)[0] == "ae_slide_00"
    assert generated_role(slide_ids(written)[1]) == "title"
    assert (tmp_path / "opportunity-plan.pptx").stat().st_size > 10_000
    # Filling the written file again redraws in place: one deck, kept current.
    again = fill_deck_file(
        small_plan, Config(), deck_path, today=TODAY, options=IntoOptions(), write=False
    )
    assert again.presentation is not None
    assert slide_ids(again.presentation) == slide_ids(written)


def test_prototypes_can_come_from_a_template_deck_laid_out_for_another_page(
    small_plan: Plan,
) -> None:
    from slidegen.templates import load_default_template

    deck = own_deck(3, size=(9_144_000, 6_858_000))
    filling = fill_requests(
        small_plan,
        Config(),
        deck,
        today=TODAY,
        options=IntoOptions(after="1"),
        template=load_default_template(),
    )
    after = apply(deck, filling.requests)
    assert_nothing_else_changed(deck, after)
    assert check_deck(after, Config()) == []
    assert not [i for i in all_object_ids(after) if i.startswith("sgp")]
    count = sum(filling.pages.values())
    assert slide_ids(after)[1 : 1 + count] == generated(after)


def test_the_title_slide_can_be_left_out_and_is_removed_on_a_rerun(small_plan: Plan) -> None:
    from slidegen.pipeline import without_title

    deck = own_deck(3)
    first, _filling = fill(small_plan, Config(), deck, after="1")
    assert generated_role(slide_ids(first)[1]) == "title"
    untitled = without_title(small_plan)
    second, refilled = fill(untitled, Config(), first)
    assert refilled.pages["title"] == 0
    roles = [generated_role(s) for s in generated(second)]
    assert "title" not in roles
    assert roles[0] == "business_outcomes"
    assert slide_ids(second)[0] == "ae_slide_00"
    assert slide_ids(second)[1] == generated(second)[0]
    assert_nothing_else_changed(deck, second)
    fresh, _ = fill(untitled, Config(), own_deck(2))
    assert next(generated_role(s) for s in generated(fresh)) == "business_outcomes"


def with_master_fonts(deck: Json, heading: str, body: str) -> Json:
    """Return `deck` with its master's title and body placeholders set in these families."""
    deck = copy.deepcopy(deck)
    for element in deck["masters"][0]["pageElements"]:
        kind = element["shape"]["placeholder"]["type"]
        family = heading if kind == "TITLE" else body
        run = {"content": "\n", "style": {"fontFamily": family}}
        element["shape"]["text"] = {"textElements": [{"endIndex": 1, "textRun": run}]}
    return deck


def families_of(deck: Json, role: str) -> set[str]:
    found = set()
    for slide in deck["slides"]:
        if generated_role(slide["objectId"]) != role:
            continue
        for element in walk_elements(slide.get("pageElements", [])):
            texts = [element.get("shape", {}).get("text", {})]
            for row in element.get("table", {}).get("tableRows", []):
                texts += [cell.get("text", {}) for cell in row.get("tableCells", [])]
            for text in texts:
                for item in text.get("textElements", []):
                    family = item.get("textRun", {}).get("style", {}).get("fontFamily")
                    if family and item["textRun"]["content"].strip():
                        found.add(family)
    return found


def test_text_is_set_and_measured_in_the_fonts_of_the_decks_master(small_plan: Plan) -> None:
    deck = with_master_fonts(own_deck(2), heading="Times New Roman", body="Calibri")
    after, filling = fill(small_plan, Config(), deck)
    assert_nothing_else_changed(deck, after)
    assert families_of(after, "risks") == {"Times New Roman", "Calibri"}
    assert "Arial" not in families_of(after, "stakeholders")
    # Both families have metrics here: no warning about estimated widths.
    assert not [note for note in filling.notes if "has no metrics" in note]
    assert check_deck(after, Config()) == []


def test_a_master_font_without_metrics_is_used_with_one_warning(small_plan: Plan) -> None:
    deck = with_master_fonts(own_deck(2), heading="Georgia Pro", body="Georgia Pro")
    after, filling = fill(small_plan, Config(), deck)
    assert families_of(after, "risks") == {"Georgia Pro"}
    (warning,) = [note for note in filling.notes if "has no metrics" in note]
    assert "'Georgia Pro'" in warning and "wider than Arial" in warning


def footer_numbers(deck: Json) -> dict[int, str]:
    """Return each generated slide's footer number by the slide's place in the deck."""
    found = {}
    for position, slide in enumerate(deck["slides"], start=1):
        if generated_role(slide["objectId"]) is None:
            continue
        for element in slide["pageElements"]:
            if element["objectId"].endswith("-number"):
                runs = element["shape"]["text"]["textElements"]
                found[position] = "".join(r.get("textRun", {}).get("content", "") for r in runs)
    return found


def test_footers_number_the_slides_where_they_stand_in_the_deck(
    filled_real: tuple[Json, Any], small_plan: Plan
) -> None:
    after, filling = filled_real
    numbers = footer_numbers(after)
    assert sorted(numbers) == filling.positions
    assert all(text.strip() == str(position) for position, text in numbers.items())
    # The owner moves a slide of their own in front of the generated ones: a re-run renumbers.
    moved = apply(
        after,
        [{"updateSlidesPosition": {"slideObjectIds": [slide_ids(after)[-1]], "insertionIndex": 0}}],
    )
    again, _ = fill(small_plan, Config(), moved)
    renumbered = footer_numbers(again)
    assert sorted(renumbered) == [position + 1 for position in filling.positions]
    assert all(text.strip() == str(position) for position, text in renumbered.items())
