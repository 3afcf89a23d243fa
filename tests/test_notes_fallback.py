"""Speaker notes on duplicated slides when Slides does not keep the notes IDs it was given.

Whether ``duplicateObject.objectIds`` names a duplicated slide's notes page is
undocumented. These tests play both answers (the offline engine's and the
emulator's ``map_notes_on_duplicate``) and check that a build or a sync ends
with one complete deck either way, the notes shown to the person when they
could not be written.
"""

from __future__ import annotations

import copy
import datetime as dt
from pathlib import Path
from typing import Any, cast

import pytest
from test_sync_support import PLAN_YAML

from slidegen.backends.base import BatchResult, CallCounter, DeckBackend, Request
from slidegen.backends.google.backend import GoogleBackend
from slidegen.backends.google.retry import RetryPolicy
from slidegen.backends.offline.engine import OfflineDeck
from slidegen.backends.ratelimit import TokenBucket
from slidegen.config import Config, SyncConfig
from slidegen.emulator import EmulatorServer, Fault
from slidegen.errors import RequestError
from slidegen.layout.compose import NOTES_END, Composition, compose
from slidegen.layout.template import walk_elements
from slidegen.pipeline import BuildResult, build_deck, write_composition
from slidegen.plan.loader import load_plan
from slidegen.plan.model import Plan
from slidegen.sync.decks import DriveDeckOps
from slidegen.sync.report import PlanResult
from slidegen.sync.runner import SyncOptions, sync_plans
from slidegen.templates import load_default_template

pytest_plugins = ["conftest_google"]

EXAMPLE = Path(__file__).parents[1] / "plan_inputs" / "example.yaml"
TODAY = dt.date(2026, 11, 26)
COPY_READ_WRITE = ["files.copy", "presentations.get", "presentations.batchUpdate"]
RETRIED = [*COPY_READ_WRITE, "presentations.batchUpdate"]
NOT_KEPT = "did not keep the notes IDs of a duplicated slide"
ONE_ACTIVITY = (
    "win_plan:\n  - activity: Proof of value\n    date: 2026-12-01\n    status: planned\n"
)


def plan_yaml(activities: int, customer: str = "Acme Rockets") -> str:
    """Return PLAN_YAML with `activities` owned win-plan activities (owners go in the notes)."""
    assert ONE_ACTIVITY in PLAN_YAML
    win_plan = "win_plan:\n" + "".join(
        f"  - activity: Workshop {n}\n    date: 2026-12-{n:02d}\n    status: planned\n"
        f"    owner: Owner {n}\n"
        for n in range(1, activities + 1)
    )
    return PLAN_YAML.replace(ONE_ACTIVITY, win_plan).replace("Acme Rockets", customer)


FITS_ONE_SLIDE = 3
NEEDS_TWO_SLIDES = 8
"""Win-plan activity counts that fill one slide, and that need a continuation slide."""


# -- helpers ----------------------------------------------------------------------------


def _text_of(element: dict[str, Any]) -> str:
    runs = element.get("shape", {}).get("text", {}).get("textElements", [])
    return "".join(run.get("textRun", {}).get("content", "") for run in runs)


def speaker_notes(slide: dict[str, Any]) -> str:
    """Return the text of a slide's speaker-notes shape ("" when it has none)."""
    notes = slide.get("slideProperties", {}).get("notesPage") or {}
    notes_id = notes.get("notesProperties", {}).get("speakerNotesObjectId")
    for element in walk_elements(notes.get("pageElements", [])):
        if element["objectId"] == notes_id:
            return _text_of(element)
    return ""


def generated_notes(deck: dict[str, Any]) -> dict[str, str]:
    """Return, per slide with a generated notes block, the block's text above the end marker."""
    found = {}
    for slide in deck["slides"]:
        text = speaker_notes(slide)
        if NOTES_END in text:
            found[slide["objectId"]] = text.split(NOTES_END)[0].strip("\n")
    return found


def shape(deck: dict[str, Any]) -> list[tuple[str, list[str]]]:
    """Return each slide's ID with the IDs of everything on it."""
    return [
        (
            slide["objectId"],
            sorted(e["objectId"] for e in walk_elements(slide.get("pageElements", []))),
        )
        for slide in deck["slides"]
    ]


def warning_for(notes: list[str], slide_id: str) -> str:
    """Return the one notes warning naming `slide_id`."""
    (warning,) = [note for note in notes if f"slide {slide_id} " in note and NOT_KEPT in note]
    return warning


def assert_notes_shown(notes: list[str], expected: dict[str, str]) -> None:
    """Check each slide's generated notes appear, line by line, in that slide's warning."""
    assert expected
    for slide_id, text in expected.items():
        warning = warning_for(notes, slide_id)
        for line in text.splitlines():
            assert line in warning


def notes_warnings(notes: list[str]) -> list[str]:
    """Return the warnings about notes that could not be written."""
    return [note for note in notes if NOT_KEPT in note]


def batch_bodies(emulator: EmulatorServer, since: int = 0) -> list[dict[str, Any]]:
    """Return the bodies of the batchUpdate calls the emulator received after call `since`."""
    return [body for method, _q, body in emulator.log[since:] if method.endswith("batchUpdate")]


# -- fixtures -----------------------------------------------------------------------------


@pytest.fixture(scope="module")
def template_deck() -> dict[str, Any]:
    """Return the bundled default template."""
    return load_default_template()


@pytest.fixture(scope="module")
def mapped_build(template_deck: dict[str, Any]) -> tuple[Composition, dict[str, Any]]:
    """Return the example's composition and the deck it makes where notes IDs are kept."""
    deck = OfflineDeck(copy.deepcopy(template_deck))
    composition = compose(load_plan(EXAMPLE, Config()), Config(), deck.presentation, TODAY)
    deck.batch_update({"requests": composition.requests})
    return composition, deck.presentation


@pytest.fixture
def plan(config: Config) -> Plan:
    """Return the bundled example plan."""
    return load_plan(EXAMPLE, config)


@pytest.fixture
def default_template(emulator: EmulatorServer, template_deck: dict[str, Any]) -> str:
    """Return the ID of the bundled default template stored in the emulator."""
    return emulator.add_presentation(copy.deepcopy(template_deck), name="Default template")


def build(backend: GoogleBackend, plan: Plan, config: Config, template: str) -> BuildResult:
    """Build the example plan into a copy of `template`."""
    return build_deck(plan, config, backend, template_id=template, name="Northwind", today=TODAY)


# -- the offline engine's switch -----------------------------------------------------------


def _prototype_with_notes(deck: dict[str, Any]) -> tuple[str, dict[str, str], str]:
    """Return a slide with notes elements, an objectIds map for it, and its notes shape ID."""
    for slide in deck["slides"]:
        notes = slide.get("slideProperties", {}).get("notesPage") or {}
        speaker = notes.get("notesProperties", {}).get("speakerNotesObjectId")
        notes_ids = [e["objectId"] for e in walk_elements(notes.get("pageElements", []))]
        if speaker in notes_ids:
            mapping = {slide["objectId"]: "copied_slide_1"}
            mapping.update({old: f"copied_notes_{n}" for n, old in enumerate(notes_ids)})
            return slide["objectId"], mapping, mapping[speaker]
    raise AssertionError("the default template has no slide with a speaker-notes shape")


def _notes_ids(slide: dict[str, Any]) -> tuple[list[str], str]:
    notes = slide["slideProperties"]["notesPage"]
    ids = [e["objectId"] for e in walk_elements(notes.get("pageElements", []))]
    return ids, notes["notesProperties"]["speakerNotesObjectId"]


def test_the_engine_names_a_copied_notes_page_from_the_map_by_default(
    template_deck: dict[str, Any],
) -> None:
    slide_id, mapping, mapped_speaker = _prototype_with_notes(template_deck)
    deck = OfflineDeck(template_deck)
    deck.batch_update(
        {"requests": [{"duplicateObject": {"objectId": slide_id, "objectIds": mapping}}]}
    )
    copied = next(s for s in deck.presentation["slides"] if s["objectId"] == "copied_slide_1")
    ids, speaker = _notes_ids(copied)

    assert speaker == mapped_speaker
    assert sorted(ids) == sorted(v for v in mapping.values() if v.startswith("copied_notes_"))
    deck.batch_update({"requests": [{"insertText": {"objectId": mapped_speaker, "text": "Hello"}}]})


def test_the_engine_can_give_a_copied_notes_page_fresh_ids_instead(
    template_deck: dict[str, Any],
) -> None:
    slide_id, mapping, mapped_speaker = _prototype_with_notes(template_deck)
    deck = OfflineDeck(template_deck, map_notes_on_duplicate=False)
    deck.batch_update(
        {"requests": [{"duplicateObject": {"objectId": slide_id, "objectIds": mapping}}]}
    )
    copied = next(s for s in deck.presentation["slides"] if s["objectId"] == "copied_slide_1")
    ids, speaker = _notes_ids(copied)
    original = next(s for s in deck.presentation["slides"] if s["objectId"] == slide_id)
    original_ids, _ = _notes_ids(original)

    # The slide itself still follows the map; only its notes page does not.
    assert copied["objectId"] == mapping[slide_id]
    assert len(ids) == len(original_ids)
    assert not set(ids) & set(mapping.values())
    assert not set(ids) & set(original_ids)
    assert speaker in ids
    deck.batch_update({"requests": [{"insertText": {"objectId": speaker, "text": "Hello"}}]})
    with pytest.raises(RequestError) as refused:
        deck.batch_update(
            {"requests": [{"insertText": {"objectId": mapped_speaker, "text": "Hello"}}]}
        )
    assert refused.value.index == 0
    assert f"({mapped_speaker}) could not be found" in refused.value.reason


# -- the composition marks what depends on the mapping ---------------------------------------


def test_assumed_ids_are_the_notes_ids_mapped_for_new_slides(
    mapped_build: tuple[Composition, dict[str, Any]],
) -> None:
    composition, _deck = mapped_build
    mapped_notes: set[str] = set()
    for request in composition.requests:
        duplicate = request.get("duplicateObject")
        if duplicate:
            # Slide-level elements are mapped too; keep only those the copy's notes page holds.
            slide = duplicate["objectIds"][duplicate["objectId"]]
            mapped_notes.update(new for new in duplicate["objectIds"].values() if new != slide)
    notes_elements = {
        e["objectId"]
        for slide in _deck["slides"]
        for e in walk_elements(slide["slideProperties"]["notesPage"]["pageElements"])
    }

    assert composition.assumed_ids
    assert composition.assumed_ids == mapped_notes & notes_elements
    assert set(composition.assumed_slides) == composition.assumed_ids


def test_without_assumed_drops_exactly_the_requests_on_assumed_ids(
    mapped_build: tuple[Composition, dict[str, Any]],
) -> None:
    composition, deck = mapped_build
    reduced = composition.without_assumed()
    dropped = [r for r in composition.requests if composition.is_assumed(r)]

    assert dropped
    assert {next(iter(r)) for r in dropped} >= {"insertText"}
    assert reduced.requests == [r for r in composition.requests if r not in dropped]
    assert not reduced.assumed_ids
    assert reduced.warnings[: len(composition.warnings)] == composition.warnings
    assert_notes_shown(reduced.warnings, generated_notes(deck))
    assert not any(NOTES_END in note for note in reduced.warnings)


def test_a_regeneration_of_existing_slides_assumes_nothing(
    mapped_build: tuple[Composition, dict[str, Any]],
) -> None:
    _composition, deck = mapped_build
    again = compose(load_plan(EXAMPLE, Config()), Config(), deck, TODAY)

    assert again.assumed_ids == frozenset()
    assert again.without_assumed().requests == again.requests


# -- builds through the real client and the emulator ------------------------------------------


def test_a_service_keeping_notes_ids_gets_one_write(
    backend: GoogleBackend,
    emulator: EmulatorServer,
    plan: Plan,
    config: Config,
    default_template: str,
    mapped_build: tuple[Composition, dict[str, Any]],
) -> None:
    result = build(backend, plan, config, default_template)

    assert emulator.received == COPY_READ_WRITE
    assert backend.keeps_notes_ids is True
    assert not notes_warnings(result.warnings)
    deck = emulator.presentation(result.presentation_id)
    assert generated_notes(deck) == generated_notes(mapped_build[1])


def test_a_service_dropping_notes_ids_gets_one_retry_and_a_complete_deck(
    backend: GoogleBackend,
    emulator: EmulatorServer,
    plan: Plan,
    config: Config,
    default_template: str,
    mapped_build: tuple[Composition, dict[str, Any]],
) -> None:
    emulator.map_notes_on_duplicate = False
    start = len(emulator.log)

    result = build(backend, plan, config, default_template)

    assert emulator.received[start:] == RETRIED
    assert backend.calls.counts == {
        "files.copy": 1,
        "presentations.get": 1,
        "presentations.batchUpdate": 2,
    }
    assert emulator.applied["presentations.batchUpdate"] == 1
    assert emulator.live_files() == [default_template, result.presentation_id]
    first, second = batch_bodies(emulator, start)
    assert first["writeControl"] == second["writeControl"]
    assert second["requests"] == result.requests
    assert len(second["requests"]) < len(first["requests"])
    composition, mapped_deck = mapped_build
    assert not any(composition.is_assumed(r) for r in result.requests)

    deck = emulator.presentation(result.presentation_id)
    assert shape(deck) == shape(mapped_deck)
    assert generated_notes(deck) == {}
    assert_notes_shown(result.warnings, generated_notes(mapped_deck))
    assert backend.keeps_notes_ids is False


def test_later_plans_through_the_same_backend_skip_the_refused_attempt(
    backend: GoogleBackend,
    emulator: EmulatorServer,
    plan: Plan,
    config: Config,
    default_template: str,
    mapped_build: tuple[Composition, dict[str, Any]],
) -> None:
    emulator.map_notes_on_duplicate = False
    build(backend, plan, config, default_template)
    start = len(emulator.log)

    second = build(backend, plan, config, default_template)

    assert emulator.received[start:] == COPY_READ_WRITE
    assert backend.calls.counts["presentations.batchUpdate"] == 3
    assert shape(emulator.presentation(second.presentation_id)) == shape(mapped_build[1])
    assert_notes_shown(second.warnings, generated_notes(mapped_build[1]))


def test_an_unrelated_refusal_is_not_retried(
    backend: GoogleBackend,
    emulator: EmulatorServer,
    plan: Plan,
    config: Config,
    default_template: str,
) -> None:
    emulator.map_notes_on_duplicate = False
    emulator.inject(
        "presentations.batchUpdate",
        Fault.status(400, message="Invalid requests[0].duplicateObject: The object is locked."),
    )

    with pytest.raises(RequestError) as refused:
        build(backend, plan, config, default_template)

    assert refused.value.index == 0
    assert emulator.received.count("presentations.batchUpdate") == 1
    assert emulator.live_files() == [default_template]
    assert backend.keeps_notes_ids is None


# -- write_composition on its own ---------------------------------------------------------


class RefusingBackend:
    """Refuses the first batchUpdate with a given error; records every batch it is sent."""

    def __init__(self, error: RequestError) -> None:
        self.error: RequestError | None = error
        self.calls = CallCounter()
        self.sent: list[list[Request]] = []
        self.keeps_notes_ids: bool | None = None

    def batch_update(
        self, presentation_id: str, requests: list[Request], required_revision_id: str | None
    ) -> BatchResult:
        """Record the batch; refuse it if an error is still queued."""
        self.calls.add("presentations.batchUpdate")
        self.sent.append(requests)
        error, self.error = self.error, None
        if error is not None:
            raise error
        return BatchResult([], "rev2")


def _small_composition() -> Composition:
    return Composition(
        requests=[
            {"duplicateObject": {"objectId": "proto", "objectIds": {"proto": "sgs1_x_1"}}},
            {"deleteText": {"objectId": "sgd1_x_1_n_1", "textRange": {"type": "ALL"}}},
            {"insertText": {"objectId": "sgd1_x_1_n_1", "text": "Talk about X\n" + NOTES_END}},
        ],
        assumed_ids=frozenset({"sgd1_x_1_n_1"}),
        assumed_slides={"sgd1_x_1_n_1": "sgs1_x_1"},
    )


@pytest.mark.parametrize(
    "error",
    [
        RequestError(None, "The required revision ID (r1) does not match"),
        RequestError(0, "The object (proto) could not be found.", "duplicateObject"),
        RequestError(7, "index past the batch", "insertText"),
    ],
    ids=["no-index", "other-request", "index-out-of-range"],
)
def test_write_composition_lets_other_refusals_through(error: RequestError) -> None:
    backend = RefusingBackend(error)

    with pytest.raises(RequestError) as raised:
        write_composition(cast(DeckBackend, backend), "deck", _small_composition())

    assert raised.value is error
    assert len(backend.sent) == 1
    assert backend.keeps_notes_ids is None


def test_write_composition_retries_a_refusal_on_an_assumed_id_once() -> None:
    composition = _small_composition()
    backend = RefusingBackend(RequestError(2, "The object could not be found.", "insertText"))
    extra: list[Request] = [{"insertText": {"objectId": "sgd1_x_1_n_1", "text": "Changes: a\n"}}]

    written = write_composition(cast(DeckBackend, backend), "deck", composition, extra)

    assert backend.sent == [[*composition.requests, *extra], composition.requests[:1]]
    assert written.requests == composition.requests[:1]
    (warning,) = written.warnings
    assert "slide sgs1_x_1 " in warning
    assert "Changes: a\nTalk about X" in warning
    assert NOTES_END not in warning


# -- sync ---------------------------------------------------------------------------------


class SyncSpace:
    """Plans, a state file and the default template in the emulator."""

    def __init__(self, root: Path, emulator: EmulatorServer, policy: RetryPolicy) -> None:
        self.emulator = emulator
        self.policy = policy
        self.plans = root / "plans"
        self.plans.mkdir()
        self.config = Config(sync=SyncConfig(state_file=str(root / "state.json")))
        self.template_id = emulator.add_presentation(load_default_template(), name="Template")

    def write_plan(self, name: str, text: str) -> None:
        self.plans.joinpath(f"{name}.yaml").write_text(text)

    def sync(self) -> tuple[list[PlanResult], list[str]]:
        """Run a sync with a new backend; return the results and the API calls made."""
        before = len(self.emulator.received)
        backend = GoogleBackend.from_config(self.config, policy=self.policy, timeout=30)
        ops = DriveDeckOps(backend, self.config, self.template_id)
        report = sync_plans(
            [self.plans],
            self.config,
            backend_name="google",
            options=SyncOptions(today=dt.date(2026, 11, 20)),
            make_ops=lambda: ops,
            writes_bucket=TokenBucket(6000),
            report=lambda _line: None,
        )
        assert report.fatal is None
        return report.results, self.emulator.received[before:]


def _writes(calls: list[str]) -> list[str]:
    return [
        call
        for call in calls
        if call in {"files.copy", "files.update", "presentations.batchUpdate"}
    ]


def test_sync_retries_an_update_that_adds_a_continuation_slide_once_per_run(
    tmp_path: Path, emulator: EmulatorServer, policy: RetryPolicy
) -> None:
    space = SyncSpace(tmp_path, emulator, policy)
    space.write_plan("acme", plan_yaml(FITS_ONE_SLIDE))
    space.write_plan("bolt", plan_yaml(FITS_ONE_SLIDE, "Bolt Motors"))
    created, _calls = space.sync()
    assert [r.action for r in created] == ["create", "create"]
    assert not any(notes_warnings(r.notes) for r in created)
    space.write_plan("acme", plan_yaml(NEEDS_TWO_SLIDES))
    space.write_plan("bolt", plan_yaml(NEEDS_TWO_SLIDES, "Bolt Motors"))
    emulator.map_notes_on_duplicate = False

    results, calls = space.sync()

    assert [r.action for r in results] == ["update", "update"]
    assert _writes(calls) == [
        "presentations.batchUpdate",
        "presentations.batchUpdate",
        "presentations.batchUpdate",
    ]
    for result in results:
        deck = emulator.presentation(result.presentation_id or "")
        notes = {s["objectId"]: speaker_notes(s) for s in deck["slides"]}
        win_plan_slides = [s for s in notes if s.startswith("sgs") and "win_plan" in s]
        assert len(win_plan_slides) == 2
        # The first slide existed: its notes ID was read from the deck, so its notes were written.
        assert "Owner 1" in notes[win_plan_slides[0]]
        assert "Owner 8" not in notes[win_plan_slides[1]]
        (warning,) = notes_warnings(result.notes)
        assert f"slide {win_plan_slides[1]} " in warning
        assert "Owner 8" in warning
        assert "Owner 1" not in warning


def test_sync_creates_decks_with_the_notes_in_the_results(
    tmp_path: Path, emulator: EmulatorServer, policy: RetryPolicy
) -> None:
    space = SyncSpace(tmp_path, emulator, policy)
    space.write_plan("acme", plan_yaml(FITS_ONE_SLIDE))
    emulator.map_notes_on_duplicate = False

    (result,), calls = space.sync()

    assert result.action == "create"
    assert _writes(calls) == [
        "files.copy",
        "presentations.batchUpdate",
        "presentations.batchUpdate",
    ]
    deck = emulator.presentation(result.presentation_id or "")
    assert generated_notes(deck) == {}
    # The plan's other slides (empty sections: what to add) have notes too, warned about apart.
    warnings = notes_warnings(result.notes)
    (warning,) = [w for w in warnings if "win_plan" in w]
    assert all(f"Owner {n}" in warning for n in range(1, FITS_ONE_SLIDE + 1))
