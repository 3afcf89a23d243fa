"""The conformance suite, run offline: against the emulator it must find nothing, and it
must name every difference an emulator playing a different Slides makes."""

from __future__ import annotations

import copy
import datetime as dt
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from click.testing import CliRunner

from slidegen.backends.google.backend import GoogleBackend
from slidegen.backends.google.client import EMULATOR_ENV
from slidegen.backends.google.retry import RetryPolicy
from slidegen.backends.offline.engine import OfflineDeck
from slidegen.cli import main
from slidegen.cli.envelope import output_schema
from slidegen.config import Config
from slidegen.conformance.compare import Difference, compare_decks, element_kind, shape_text
from slidegen.conformance.fixtures import SCRUBBED_EMAIL, replay_fixture
from slidegen.conformance.plans import conformance_plans, plan_data, sync_versions
from slidegen.conformance.runner import (
    ConformanceOptions,
    ConformanceReport,
    run_conformance,
)
from slidegen.emulator import EmulatorServer
from slidegen.emulator.server import offline_applier
from slidegen.errors import RequestError
from slidegen.layout.compose import compose
from slidegen.sync.report import CREATE, DRIFT, UNCHANGED, UPDATE

TEMPLATE = "conformance-template-01"
FIXTURES = Path(__file__).resolve().parent / "fixtures" / "conformance"
SMALL_PLANS = ["empty", "scripts", "diagram-small"]
Json = dict[str, Any]


# -- the comparison on its own ------------------------------------------------------------


@pytest.fixture(scope="module")
def built_deck() -> Json:
    """Return the bundled template filled with the multi-script plan by the offline engine."""
    from slidegen.templates import load_default_template

    template = load_default_template()
    template["presentationId"] = "deck"
    config = Config()
    plan = conformance_plans(config)["scripts"]
    composition = compose(plan, config, template, plan.date)
    deck = OfflineDeck(template)
    deck.batch_update({"requests": composition.requests})
    return deck.presentation


def _first(deck: Json, kind: str, *, text: bool = False) -> tuple[Json, Json]:
    for slide in deck["slides"]:
        if slide.get("slideProperties", {}).get("isSkipped"):
            continue
        for element in slide.get("pageElements", []):
            generated = element["objectId"].startswith("sgc")
            wanted = not text or bool(shape_text(element).strip())
            if element_kind(element) == kind and generated and wanted:
                return slide, element
    raise AssertionError(f"no generated {kind} in the deck")


def test_identical_decks_have_no_differences(built_deck: Json) -> None:
    assert compare_decks(built_deck, copy.deepcopy(built_deck)) == []


def test_a_position_off_by_more_than_the_tolerance_is_reported(built_deck: Json) -> None:
    google = copy.deepcopy(built_deck)
    slide, element = _first(google, "shape", text=True)
    element["transform"]["translateX"] = element["transform"].get("translateX", 0) + 1
    assert compare_decks(built_deck, google) == []

    element["transform"]["translateX"] += 12_700

    [difference] = compare_decks(built_deck, google)
    assert (difference.field, difference.slide, difference.element) == (
        "position",
        slide["objectId"],
        element["objectId"],
    )
    assert difference.google[0] - difference.offline[0] == 12_701
    assert "off by up to 12701" in difference.detail
    assert compare_decks(built_deck, google, tolerance=20_000) == []


def test_text_alt_text_and_notes_differences_name_the_element(built_deck: Json) -> None:
    google = copy.deepcopy(built_deck)
    slide, element = _first(google, "shape", text=True)
    element["shape"]["text"]["textElements"].append({"textRun": {"content": "extra"}})
    element["description"] = "changed"
    notes = slide["slideProperties"]["notesPage"]
    notes_id = notes["notesProperties"]["speakerNotesObjectId"]
    notes_shape = next(e for e in notes["pageElements"] if e["objectId"] == notes_id)
    notes_shape.setdefault("shape", {})["text"] = {
        "textElements": [{"textRun": {"content": "Google's notes\n"}}]
    }

    found = {d.field: d for d in compare_decks(built_deck, google)}

    assert set(found) == {"text", "alt_text", "notes"}
    assert found["text"].google.endswith("extra")
    assert found["text"].element == element["objectId"]
    assert found["alt_text"].detail == "description"
    assert found["notes"].google == "Google's notes\n"
    assert found["notes"].slide == slide["objectId"]


def test_table_shape_and_cell_text_differences_are_reported(built_deck: Json) -> None:
    google = copy.deepcopy(built_deck)
    _slide, table = _first(google, "table")
    cell = table["table"]["tableRows"][1]["tableCells"][0]
    cell["text"]["textElements"] = [{"textRun": {"content": "someone else\n"}}]

    [difference] = compare_decks(built_deck, google)
    assert (difference.field, difference.detail) == ("text", "cell row 1, column 0")

    table["table"]["rows"] += 1
    table["table"]["tableRows"].append(copy.deepcopy(table["table"]["tableRows"][-1]))
    [shape] = [d for d in compare_decks(built_deck, google) if d.field == "table"]
    assert shape.google[0] == shape.offline[0] + 1


def test_a_connector_attached_elsewhere_is_reported(built_deck: Json) -> None:
    google = copy.deepcopy(built_deck)
    _slide, line = _first(google, "line")
    start = line["line"]["lineProperties"]["startConnection"]
    start["connectionSiteIndex"] = (start["connectionSiteIndex"] + 1) % 4

    [difference] = compare_decks(built_deck, google)

    assert (difference.field, difference.detail, difference.element) == (
        "connection",
        "startConnection",
        line["objectId"],
    )


def test_missing_extra_and_reordered_slides_and_elements_are_reported(built_deck: Json) -> None:
    google = copy.deepcopy(built_deck)
    slide, element = _first(google, "shape")
    slide["pageElements"].remove(element)
    google["slides"].reverse()
    google["slides"][0]["slideProperties"]["isSkipped"] = not google["slides"][0][
        "slideProperties"
    ].get("isSkipped", False)

    found = compare_decks(built_deck, google)

    fields = [d.field for d in found]
    assert fields.count("slides") == 1
    assert found[0].detail == "order differs"
    assert "skipped" in fields
    [gone] = [d for d in found if d.field == "element"]
    assert (gone.element, gone.detail) == (element["objectId"], "only offline")


# -- the whole flow against the emulator --------------------------------------------------


@pytest.fixture
def emulator(monkeypatch: pytest.MonkeyPatch) -> Iterator[EmulatorServer]:
    """Return a running emulator holding the bundled template, aimed at by the environment."""
    from slidegen.templates import load_default_template

    server = EmulatorServer().start()
    monkeypatch.setenv(EMULATOR_ENV, server.address)
    server.add_presentation(load_default_template(), file_id=TEMPLATE, name="Team template")
    yield server
    server.stop()


def _backend() -> GoogleBackend:
    policy = RetryPolicy(max_attempts=2, sleep=lambda _s: None, random=lambda: 0.5)
    return GoogleBackend.from_config(Config(), template_id=TEMPLATE, policy=policy)


def _options(tmp_path: Path, **changes: Any) -> ConformanceOptions:
    options = ConformanceOptions(
        template_id=TEMPLATE,
        plans=list(SMALL_PLANS),
        sync_plan="scripts",
        writes_per_minute=1e6,
        thumbnails_per_minute=1e6,
        render_offline=False,
        record=tmp_path / "recorded",
    )
    for key, value in changes.items():
        setattr(options, key, value)
    return options


def _run(tmp_path: Path, **changes: Any) -> ConformanceReport:
    return run_conformance(_backend(), Config(), _options(tmp_path, **changes), service="emulator")


def test_the_emulator_agrees_with_the_engine_through_builds_and_every_sync_step(
    emulator: EmulatorServer, tmp_path: Path
) -> None:
    report = _run(tmp_path, thumbnails=tmp_path / "thumbs")

    assert report.ok, report.summary()
    assert report.difference_count == 0
    assert [(e.deck, e.step) for e in report.exchanges] == [
        ("empty", "build"),
        ("scripts", "build"),
        ("diagram-small", "build"),
        ("sync", "create"),
        ("sync", "update"),
        ("sync", "person-edit"),
        ("sync", "force"),
    ]
    assert [(s.step, s.action, s.writes) for s in report.flow] == [
        ("create", CREATE, 2),
        ("unchanged", UNCHANGED, 0),
        ("update", UPDATE, 1),
        ("person-edit", "applied", 1),
        ("drift", DRIFT, 0),
        ("force", UPDATE, 1),
    ]
    assert "Edited by a person" in report.flow[4].detail
    # Every deck made was deleted again; only the template is left.
    assert emulator.live_files() == [TEMPLATE]
    assert all(deck.deleted for deck in report.decks)
    # One thumbnail per shown slide of each built deck, beside the offline deck.
    scripts = tmp_path / "thumbs" / "scripts"
    assert (scripts / "offline.pptx").is_file()
    shown = [
        slide
        for slide in report.exchanges[1].after["slides"]  # type: ignore[index]
        if not slide.get("slideProperties", {}).get("isSkipped")
    ]
    pngs = sorted(scripts.glob("google-*.png"))
    assert len(pngs) == len(shown) > 1
    assert pngs[0].read_bytes().startswith(b"\x89PNG")


def test_the_report_is_written_as_json_and_markdown_without_ids(
    emulator: EmulatorServer, tmp_path: Path
) -> None:
    report = _run(tmp_path, plans=["empty"], sync=False, keep=True)
    deck_id = report.decks[0].presentation_id
    assert deck_id in emulator.live_files()

    json_path, text_path = report.write(tmp_path / "report")

    data = json.loads(json_path.read_text(encoding="utf-8"))
    assert data["ok"] is True
    assert data["differences"] == 0
    assert data["batches"][0]["deck"] == "empty"
    assert data["decks"][0]["presentation_id"] == "presentation1"
    summary = text_path.read_text(encoding="utf-8")
    assert "**no differences**" in summary
    assert "- empty / build: 197 requests, ok" in summary
    assert "## Decks left in Drive" in summary
    for path in (json_path, text_path):
        assert deck_id not in path.read_text(encoding="utf-8")


def _moving_applier(element_id_prefix: str, shift: int) -> Any:
    """Return a batch applier that plays a Slides service placing one element `shift` EMU lower."""

    def apply(presentation: Json, body: Json) -> tuple[Json, Json]:
        deck, response = offline_applier(presentation, body)
        for slide in deck.get("slides", []):
            for element in slide.get("pageElements", []):
                if element["objectId"].startswith(element_id_prefix):
                    transform = element.setdefault("transform", {})
                    transform["translateY"] = transform.get("translateY", 0) + shift
                    element["shape"]["text"]["textElements"].append({"textRun": {"content": "?"}})
                    return deck, response
        return deck, response

    return apply


def test_an_injected_difference_is_reported_precisely_and_replays_from_its_fixture(
    emulator: EmulatorServer, tmp_path: Path
) -> None:
    emulator.apply_batch = _moving_applier("sgc1_ti_1_customer", 25_400)

    report = _run(tmp_path, plans=["diagram-small"], sync=False)

    assert not report.ok
    [exchange] = report.exchanges
    assert sorted(d.field for d in exchange.differences) == ["position", "text"]
    position = next(d for d in exchange.differences if d.field == "position")
    assert position.element == "sgc1_ti_1_customer"
    assert position.slide is not None and position.slide.startswith("sgs1_")
    assert position.google[1] - position.offline[1] == pytest.approx(25_400)
    text = next(d for d in exchange.differences if d.field == "text")
    assert text.google == text.offline + "?"
    summary = report.summary()
    assert "1 difference" not in summary and "2 difference(s)" in summary
    assert f"element sgc1_ti_1_customer: position: offline {position.offline!r}" in summary

    [fixture] = sorted((tmp_path / "recorded").glob("*.json"))
    assert fixture.name == "001-diagram-small-build.json"
    replayed = replay_fixture(fixture)
    assert [(d.field, d.element) for d in replayed] == [
        (d.field, d.element) for d in exchange.differences
    ]


def test_a_batch_google_refuses_is_a_difference_and_fails_the_deck(
    emulator: EmulatorServer, tmp_path: Path
) -> None:
    def refuse_lines(presentation: Json, body: Json) -> tuple[Json, Json]:
        for index, request in enumerate(body["requests"]):
            if "updateLineProperties" in request:
                raise RequestError(index, "Invalid connection site.", "updateLineProperties")
        return offline_applier(presentation, body)

    emulator.apply_batch = refuse_lines

    report = _run(tmp_path, plans=["diagram-small"], sync=False)

    [exchange] = report.exchanges
    [difference] = exchange.differences
    assert difference.field == "refused"
    assert "Invalid connection site." in str(difference.google)
    assert report.decks[0].error is not None
    assert "Invalid connection site." in report.decks[0].error
    assert emulator.live_files() == [TEMPLATE]


def test_recorded_fixtures_are_scrubbed_of_ids_and_addresses(
    emulator: EmulatorServer, tmp_path: Path
) -> None:
    data = plan_data(Config())["example"]
    assert data["prepared_by"]["email"]
    report = _run(tmp_path, plans=["empty"], sync=False)
    deck_id = report.decks[0].presentation_id
    assert deck_id is not None
    emails_before = json.dumps(report.exchanges[0].before)

    [fixture] = sorted((tmp_path / "recorded").glob("*.json"))
    text = fixture.read_text(encoding="utf-8")

    assert deck_id not in text
    assert report.exchanges[0].before["revisionId"] not in text
    recorded = json.loads(text)
    assert recorded["before"]["presentationId"] == "presentation1"
    assert (
        recorded["body"]["writeControl"]["requiredRevisionId"] == (recorded["before"]["revisionId"])
    )
    assert "@" not in emails_before or SCRUBBED_EMAIL in text
    assert replay_fixture(fixture) == []


def test_the_sync_versions_change_what_they_should() -> None:
    first, second, third = sync_versions(Config(), "scripts")
    assert len(second["stakeholders"]) == len(first["stakeholders"]) + 1
    assert len(second["risks"]) == len(first["risks"]) - 1
    assert len(third["win_plan"]) == len(second["win_plan"]) + 1
    assert dt.date.fromisoformat(first["date"])


def test_the_generated_plans_cover_every_case() -> None:
    plans = conformance_plans(Config())
    assert set(plans) == {
        "example",
        "empty",
        "continuation",
        "diagram-small",
        "diagram-medium",
        "diagram-large",
        "scripts",
        "long-text",
    }
    empty = plans["empty"]
    assert not (empty.stakeholders or empty.win_plan or empty.risks)
    assert len(plans["continuation"].stakeholders) == 40
    sizes = [
        len(plans[n].architecture.current.components)
        for n in ("diagram-small", "diagram-medium", "diagram-large")
    ]
    assert sizes == sorted(sizes) and sizes[0] == 3 and sizes[-1] > 50
    text = json.dumps(plan_data(Config())["scripts"], ensure_ascii=False)
    assert "🚀" in text and "ليلى" in text and "山田" in text


def test_doctor_conformance_runs_from_the_command_line(
    emulator: EmulatorServer, tmp_path: Path
) -> None:
    report_dir = tmp_path / "report"
    result = CliRunner().invoke(
        main,
        [
            "doctor",
            "--template-id",
            TEMPLATE,
            "--conformance",
            "--plan",
            "empty",
            "--sync-plan",
            "none",
            "--report-dir",
            str(report_dir),
            "--json",
        ],
    )

    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    jsonschema.Draft202012Validator(output_schema()).validate(data)
    assert data["ok"] is True
    assert data["conformance"]["differences"] == 0
    assert (report_dir / "conformance.md").is_file()
    assert json.loads((report_dir / "conformance.json").read_text())["batches"][0]["deck"] == (
        "empty"
    )
    assert emulator.live_files() == [TEMPLATE]


def test_doctor_conformance_exits_1_when_google_differs(
    emulator: EmulatorServer, tmp_path: Path
) -> None:
    emulator.apply_batch = _moving_applier("sgc1_ti_1_customer", 50_000)

    result = CliRunner().invoke(
        main,
        [
            "doctor",
            "--template-id",
            TEMPLATE,
            "--conformance",
            "--plan",
            "empty",
            "--sync-plan",
            "none",
            "--report-dir",
            str(tmp_path / "report"),
        ],
    )

    assert result.exit_code == 1
    assert "conformance: 2 difference(s)" in result.output


@pytest.mark.parametrize(
    "fixture",
    sorted(FIXTURES.glob("*.json")) if FIXTURES.is_dir() else [],
    ids=lambda path: path.name,
)
def test_recorded_google_responses_replay_without_differences(fixture: Path) -> None:
    differences: list[Difference] = replay_fixture(fixture)
    assert differences == [], "\n".join(str(d) for d in differences)
