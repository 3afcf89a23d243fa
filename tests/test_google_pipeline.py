"""Whole builds through the pipeline, the Google backend and the emulator, faults included."""

from __future__ import annotations

import copy
import datetime as dt
import functools
import json
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from slidegen.backends.google.auth import TOKEN_ENV
from slidegen.backends.google.backend import GoogleBackend
from slidegen.backends.offline.engine import OfflineDeck
from slidegen.cli import main
from slidegen.config import Config
from slidegen.emulator import EmulatorServer, Fault
from slidegen.errors import BackendError, TemplateError
from slidegen.layout.compose import Composition, compose
from slidegen.layout.template import walk_elements
from slidegen.pipeline import BuildResult, build_deck
from slidegen.plan.loader import load_plan
from slidegen.plan.model import Plan
from slidegen.templates import load_default_template

pytest_plugins = ["conftest_google"]

EXAMPLE = Path(__file__).parents[1] / "plan_inputs" / "example.yaml"
TODAY = dt.date(2026, 11, 26)


@pytest.fixture(scope="module")
def template_deck() -> dict[str, Any]:
    """Return the bundled default template (drawn once per module: it takes a while)."""
    return load_default_template()


@pytest.fixture
def plan(config: Config) -> Plan:
    """Return the bundled example plan."""
    return load_plan(EXAMPLE, config)


@pytest.fixture
def default_template(emulator: EmulatorServer, template_deck: dict[str, Any]) -> str:
    """Return the ID of the bundled default template stored in the emulator."""
    return emulator.add_presentation(template_deck, name="Default template")


@pytest.fixture(scope="module")
def composition_cache() -> dict[str, Composition]:
    """Return compositions already made in this module, keyed by plan and deck content."""
    return {}


def cached_compose(
    cache: dict[str, Composition], plan: Plan, config: Config, deck: dict[str, Any], today: dt.date
) -> Composition:
    """Return compose(...) for this plan and deck content, made once per module."""
    content = {k: v for k, v in deck.items() if k not in {"presentationId", "revisionId", "title"}}
    key = json.dumps([plan.model_dump(mode="json"), content, today.isoformat()])
    if key not in cache:
        cache[key] = compose(plan, config, deck, today)
    return copy.deepcopy(cache[key])


@pytest.fixture
def fast_compose(
    monkeypatch: pytest.MonkeyPatch, composition_cache: dict[str, Composition]
) -> None:
    """Reuse the composition of an identical deck: the layout is slow and is not under test."""
    monkeypatch.setattr(
        "slidegen.pipeline.compose", functools.partial(cached_compose, composition_cache)
    )


@pytest.fixture(scope="module")
def expected_shape(
    template_deck: dict[str, Any], composition_cache: dict[str, Composition]
) -> list[tuple[str, list[str]]]:
    """Return the slides and elements a fault-free build of the example produces."""
    deck = OfflineDeck(copy.deepcopy(template_deck))
    plan = load_plan(EXAMPLE, Config())
    requests = cached_compose(composition_cache, plan, Config(), deck.presentation, TODAY).requests
    deck.batch_update({"requests": requests})
    return shape(deck.presentation)


def build(backend: GoogleBackend, plan: Plan, config: Config, template: str) -> BuildResult:
    """Build the example plan into a copy of `template`."""
    return build_deck(plan, config, backend, template_id=template, name="Northwind", today=TODAY)


def shape(deck: dict[str, Any]) -> list[tuple[str, list[str]]]:
    """Return each slide's ID with the IDs of everything on it."""
    return [
        (
            slide["objectId"],
            sorted(e["objectId"] for e in walk_elements(slide.get("pageElements", []))),
        )
        for slide in deck["slides"]
    ]


def test_a_fresh_deck_takes_exactly_three_calls(
    backend: GoogleBackend,
    emulator: EmulatorServer,
    plan: Plan,
    config: Config,
    default_template: str,
    template_deck: dict[str, Any],
) -> None:
    result = build(backend, plan, config, default_template)

    assert backend.calls.counts == {
        "files.copy": 1,
        "presentations.get": 1,
        "presentations.batchUpdate": 1,
    }
    assert backend.calls.writes == 2
    deck = emulator.presentation(result.presentation_id)
    assert result.revision_id == deck["revisionId"]
    assert len(deck["slides"]) > len(template_deck["slides"])
    assert emulator.live_files() == [default_template, result.presentation_id]


@pytest.mark.parametrize(
    ("method", "faults"),
    [
        ("files.copy", [Fault.response_lost()]),
        ("files.copy", [Fault.quota(retry_after=5), Fault.status(503)]),
        ("files.copy", [Fault.timeout(after_apply=True)]),
        ("presentations.get", [Fault.reset(), Fault.status(500)]),
        ("presentations.batchUpdate", [Fault.status_after_apply(503)]),
        ("presentations.batchUpdate", [Fault.response_lost()]),
        ("presentations.batchUpdate", [Fault.quota(), Fault.quota(retry_after=2)]),
        ("presentations.batchUpdate", [Fault.timeout()]),
        ("presentations.batchUpdate", [Fault.timeout(after_apply=True)]),
    ],
    ids=[
        "copy-lost",
        "copy-429-then-503",
        "copy-timeout-after",
        "get-reset-then-500",
        "write-503-after-apply",
        "write-lost",
        "write-429-twice",
        "write-timeout",
        "write-timeout-after-apply",
    ],
)
def test_every_fault_converges_to_one_correct_deck(
    backend: GoogleBackend,
    emulator: EmulatorServer,
    plan: Plan,
    config: Config,
    default_template: str,
    expected_shape: list[tuple[str, list[str]]],
    fast_compose: None,
    method: str,
    faults: list[Fault],
) -> None:
    emulator.inject(method, *faults)

    result = build(backend, plan, config, default_template)

    assert emulator.pending_faults(method) == 0
    assert emulator.live_files() == [default_template, result.presentation_id]
    assert shape(emulator.presentation(result.presentation_id)) == expected_shape
    assert emulator.applied["presentations.batchUpdate"] == 1


def test_a_write_failing_for_good_leaves_no_copy(
    backend: GoogleBackend,
    emulator: EmulatorServer,
    plan: Plan,
    config: Config,
    default_template: str,
    fast_compose: None,
) -> None:
    emulator.inject("presentations.batchUpdate", *[Fault.status(503)] * 4)
    emulator.inject("files.delete", Fault.status(500))

    with pytest.raises(BackendError) as caught:
        build(backend, plan, config, default_template)

    assert "was deleted" in str(caught.value)
    assert emulator.live_files() == [default_template]
    assert emulator.applied["presentations.batchUpdate"] == 0


def test_a_template_missing_a_region_fails_clearly_and_leaves_no_copy(
    backend: GoogleBackend,
    emulator: EmulatorServer,
    plan: Plan,
    config: Config,
    template_id: str,
) -> None:
    with pytest.raises(TemplateError) as caught:
        build(backend, plan, config, template_id)

    assert "slidegen:" in str(caught.value)
    assert emulator.live_files() == [template_id]
    assert "presentations.batchUpdate" not in emulator.received


def test_build_command_with_the_google_backend(
    emulator: EmulatorServer,
    default_template: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv(TOKEN_ENV, str(tmp_path / "token.json"))

    result = CliRunner().invoke(
        main,
        [
            "build",
            str(EXAMPLE),
            "--backend",
            "google",
            "--template-id",
            default_template,
            "--as-of",
            TODAY.isoformat(),
            "--json",
        ],
    )

    assert result.exit_code == 0, result.output
    run = json.loads(result.output)["decks"][0]
    assert run["url"] == f"https://docs.google.com/presentation/d/{run['presentation_id']}/edit"
    assert emulator.received == ["files.copy", "presentations.get", "presentations.batchUpdate"]
