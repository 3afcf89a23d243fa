"""`slidegen build --into`: a deck file offline, a Google deck through the emulator."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from into_support import own_deck

from slidegen.cli import main
from slidegen.emulator import EmulatorServer
from slidegen.layout.template import generated_role

pytest_plugins = ["conftest_google"]

EXAMPLE = Path(__file__).parents[1] / "plan_inputs" / "example.yaml"


@pytest.fixture
def small_plan(tmp_path: Path) -> Path:
    """Return a copy of the example plan that a test may add to."""
    text = EXAMPLE.read_text(encoding="utf-8")
    path = tmp_path / "northwind.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def slide_ids(deck: dict[str, Any]) -> list[str]:
    return [slide["objectId"] for slide in deck["slides"]]


def test_a_deck_file_is_filled_in_place_with_a_pptx_beside_it(
    small_plan: Path, tmp_path: Path
) -> None:
    deck_path = tmp_path / "opportunity-plan.json"
    deck = own_deck(4)
    deck_path.write_text(json.dumps(deck), encoding="utf-8")
    args = ["build", str(small_plan), "--into", str(deck_path), "--after", "2"]
    result = CliRunner().invoke(main, [*args, "--as-of", "2026-11-26"])
    assert result.exit_code == 0, result.output
    assert f"→ {deck_path} and {tmp_path / 'opportunity-plan.pptx'}" in result.output
    assert ", slides 3–" in result.output
    filled = json.loads(deck_path.read_text(encoding="utf-8"))
    ids = slide_ids(filled)
    assert ids[:2] == ["ae_slide_00", "ae_slide_01"]
    assert generated_role(ids[2]) == "title"
    assert ids[-2:] == ["ae_slide_02", "ae_slide_03"]
    assert (tmp_path / "opportunity-plan.pptx").is_file()
    again = CliRunner().invoke(main, ["build", str(small_plan), "--into", str(deck_path)])
    assert again.exit_code == 0, again.output
    assert slide_ids(json.loads(deck_path.read_text(encoding="utf-8"))) == ids


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        (["--after", "2"], "--after, --force and --take-over go with --into"),
        (["--into", "x.json", "PLAN2"], "takes one plan, but 2 were given"),
        (["--into", "x.json", "-o", "y.json"], "-o names its .pptx"),
    ],
)
def test_into_options_that_do_not_fit_are_refused(
    small_plan: Path, extra: list[str], message: str
) -> None:
    args = [str(small_plan) if item == "PLAN2" else item for item in extra]
    result = CliRunner().invoke(main, ["build", str(small_plan), *args])
    assert result.exit_code == 2
    assert message in " ".join(result.output.split())


def test_a_google_deck_is_filled_by_url_without_any_template(
    emulator: EmulatorServer, small_plan: Path
) -> None:
    deck_id = emulator.add_presentation(own_deck(3), file_id="ae-opportunity-plan")
    url = f"https://docs.google.com/presentation/d/{deck_id}/edit#slide=id.p"
    result = CliRunner().invoke(
        main, ["build", str(small_plan), "--backend", "google", "--into", url, "--json"]
    )
    assert result.exit_code == 0, result.output
    run = json.loads(result.stdout)["decks"][0]
    assert run["presentation_id"] == deck_id
    assert run["positions"][0] == 4
    assert emulator.received == ["presentations.get", "presentations.batchUpdate"]


def test_a_plan_naming_its_deck_fills_it_on_google(
    emulator: EmulatorServer, small_plan: Path
) -> None:
    deck_id = emulator.add_presentation(own_deck(3), file_id="ae-plan-deck")
    with small_plan.open("a", encoding="utf-8") as handle:
        handle.write(f"\ndeck:\n  into: {deck_id}\n  after: 1\n")
    result = CliRunner().invoke(main, ["build", str(small_plan), "--backend", "google"])
    assert result.exit_code == 0, result.output
    ids = slide_ids(emulator.presentation(deck_id))
    assert ids[0] == "ae_slide_00"
    assert generated_role(ids[1]) == "title"


def test_a_missing_google_deck_is_one_clear_line(
    emulator: EmulatorServer, small_plan: Path
) -> None:
    result = CliRunner().invoke(
        main, ["build", str(small_plan), "--backend", "google", "--into", "nope-deck"]
    )
    assert result.exit_code == 1
    assert "northwind.yaml: deck nope-deck was not found, or this account cannot open" in (
        result.output
    )
    assert "Traceback" not in result.output


def test_the_readme_worked_example_prints_what_the_readme_says(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from slidegen.backends.offline.engine import OfflineDeck

    readme = (Path(__file__).parents[1] / "README.md").read_text(encoding="utf-8")
    section = readme[readme.index("Worked example, offline") :]
    printed = [
        line.strip()
        for line in section.splitlines()
        if line.startswith("    plan_inputs/example.yaml → opportunity-plan.json")
    ][:2]
    command = next(
        line.split()
        for line in section.splitlines()
        if line.startswith("    slidegen build plan_inputs/example.yaml --into")
    )
    recorded = (
        Path(__file__).resolve().parents[2] / "shared/fixtures/real-presentation-presenter.json"
    )
    if not recorded.exists():
        pytest.skip("recorded presentation not present")
    (tmp_path / "plan_inputs").mkdir()
    (tmp_path / "plan_inputs" / "example.yaml").write_text(
        EXAMPLE.read_text(encoding="utf-8"), encoding="utf-8"
    )
    (tmp_path / "opportunity-plan.json").write_text(
        recorded.read_text(encoding="utf-8"), encoding="utf-8"
    )
    monkeypatch.chdir(tmp_path)
    first = CliRunner().invoke(main, command[1:])
    assert first.exit_code == 0, first.output
    assert first.stdout.splitlines() == [printed[0]]
    deck = json.loads((tmp_path / "opportunity-plan.json").read_text(encoding="utf-8"))
    ids = slide_ids(deck)
    risks = [slide_id for slide_id in ids if generated_role(slide_id) == "risks"]
    engine = OfflineDeck(deck)
    engine.batch_update(
        {
            "requests": [
                {"updateSlidesPosition": {"slideObjectIds": risks, "insertionIndex": len(ids)}},
                {"createSlide": {"objectId": "ae_own_slide", "insertionIndex": 6}},
            ]
        }
    )
    (tmp_path / "opportunity-plan.json").write_text(
        json.dumps(engine.presentation), encoding="utf-8"
    )
    again = [word for word in command[1:] if word not in ("--after", "3")]
    second = CliRunner().invoke(main, again)
    assert second.exit_code == 0, second.output
    assert second.stdout.splitlines() == [printed[1]]


def test_no_title_leaves_the_title_slide_out_of_a_filled_deck_and_of_a_deck_of_its_own(
    small_plan: Path, tmp_path: Path
) -> None:
    deck_path = tmp_path / "opportunity-plan.json"
    deck_path.write_text(json.dumps(own_deck(2)), encoding="utf-8")
    args = ["build", str(small_plan), "--into", str(deck_path), "--after", "1", "--no-title"]
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 0, result.output
    ids = slide_ids(json.loads(deck_path.read_text(encoding="utf-8")))
    assert ids[0] == "ae_slide_00"
    assert generated_role(ids[1]) == "business_outcomes"
    assert "title" not in {generated_role(slide_id) for slide_id in ids}
    with small_plan.open("a", encoding="utf-8") as handle:
        handle.write("\ndeck:\n  title: false\n")
    own = tmp_path / "own.json"
    result = CliRunner().invoke(main, ["build", str(small_plan), "-o", str(own), "--json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["decks"][0]["slides"]["title"] == 0
    shown = [
        generated_role(slide["objectId"])
        for slide in json.loads(own.read_text(encoding="utf-8"))["slides"]
        if not slide["slideProperties"].get("isSkipped")
    ]
    assert shown[0] == "business_outcomes"


def other_plans_deck(small_plan: Path, tmp_path: Path) -> dict[str, Any]:
    """Return a deck filled from another plan file (its slides carry another plan's mark)."""
    other = tmp_path / "contoso.yaml"
    other.write_text(small_plan.read_text(encoding="utf-8"), encoding="utf-8")
    path = tmp_path / "other.json"
    path.write_text(json.dumps(own_deck(2)), encoding="utf-8")
    result = CliRunner().invoke(main, ["build", str(other), "--into", str(path)])
    assert result.exit_code == 0, result.output
    filled: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return filled


@pytest.mark.parametrize(
    ("case", "message"),
    [
        ("not-found", "deck no-such-deck was not found, or this account cannot open it"),
        ("read-only", "ask its owner (Avery Account <avery@example.com>)"),
        ("no-slide", "--after 9: the deck has 3 slides"),
        ("no-id", "--after g_nowhere: no slide has this object ID"),
        ("other-plan", "already holds slides generated from another plan (contoso on slides"),
        ("too-small", "its page is 6.00 × 4.00 in; the generated slides need at least"),
    ],
)
def test_every_refusal_is_one_clear_line_and_a_failing_exit(
    emulator: EmulatorServer, small_plan: Path, tmp_path: Path, case: str, message: str
) -> None:
    from slidegen.units import inches

    owner = {"displayName": "Avery Account", "emailAddress": "avery@example.com"}
    deck: dict[str, Any] = own_deck(3)
    after: list[str] = []
    if case == "too-small":
        deck = own_deck(3, size=(inches(6), inches(4)))
    elif case == "other-plan":
        deck = other_plans_deck(small_plan, tmp_path)
    elif case == "no-slide":
        after = ["--after", "9"]
    elif case == "no-id":
        after = ["--after", "g_nowhere"]
    deck_id = "no-such-deck"
    if case != "not-found":
        deck_id = emulator.add_presentation(
            deck, file_id=f"ae-{case}", owners=[owner], can_edit=case != "read-only"
        )
    before = None if case == "not-found" else emulator.presentation(deck_id)
    args = ["build", str(small_plan), "--backend", "google", "--into", deck_id, *after]
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 1
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert "Traceback" not in result.output
    assert message in " ".join(result.output.split())
    if before is not None:
        assert emulator.presentation(deck_id) == before
    as_json = CliRunner().invoke(main, [*args, "--json"])
    assert as_json.exit_code == 1
    envelope = json.loads(as_json.stdout)
    assert message in " ".join(envelope["error"].split())
