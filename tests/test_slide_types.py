"""The slide-type registry: one consistent record per kind of slide."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from slidegen.config import Config
from slidegen.layout.slides import BY_ROLE, ROLES, SLIDE_TYPES
from slidegen.plan.loader import load_plan
from slidegen.plan.model import Plan
from slidegen.templates.design import template_requests

EXAMPLE_PLAN = Path(__file__).resolve().parents[1] / "plan_inputs" / "example.yaml"
TODAY = dt.date(2026, 11, 26)


def test_roles_and_codes_are_unique() -> None:
    assert len({slide.role for slide in SLIDE_TYPES}) == len(SLIDE_TYPES)
    assert len({slide.code for slide in SLIDE_TYPES}) == len(SLIDE_TYPES)
    assert set(BY_ROLE) == set(ROLES) == {slide.role for slide in SLIDE_TYPES}


def test_codes_are_two_lowercase_letters() -> None:
    for slide in SLIDE_TYPES:
        assert len(slide.code) == 2 and slide.code.isalpha() and slide.code.islower(), slide.role


def test_every_slide_type_has_a_title_and_a_heading_or_title_regions() -> None:
    for slide in SLIDE_TYPES:
        assert slide.title and slide.regions, slide.role
        assert slide.role == "title" or "heading" in slide.regions, slide.role


def test_every_section_slide_draws_a_plan_section() -> None:
    sections = set(Plan.model_fields)
    assert [slide.role for slide in SLIDE_TYPES if slide.role not in sections] == ["title"]


def test_every_slide_type_has_a_module_with_everything_it_provides() -> None:
    for slide in SLIDE_TYPES:
        module = slide.module
        assert module.__name__ == f"slidegen.layout.slides.{slide.role}"  # type: ignore[attr-defined]
        for name in ("build", "design", "snapshot", "summarize"):
            assert callable(getattr(module, name, None)), f"{slide.role}.{name}"


def test_the_default_template_draws_one_prototype_per_slide_type_in_order() -> None:
    slides = [r["createSlide"]["objectId"] for r in template_requests() if "createSlide" in r]
    assert slides == [f"tpl_{slide.role}" for slide in SLIDE_TYPES]


def test_snapshot_parts_do_not_overlap() -> None:
    plan = load_plan(EXAMPLE_PLAN, Config())
    data = plan.model_dump(mode="json", by_alias=True)
    seen: dict[str, str] = {}
    for slide in SLIDE_TYPES:
        for key in slide.module.snapshot(plan, data, TODAY):
            assert key not in seen, f"{slide.role} and {seen.get(key)} both record {key}"
            seen[key] = slide.role
    assert list(seen) == [
        "title",
        "command_plan",
        "needs",
        "mappings",
        "current",
        "proposed",
        "stakeholders",
        "activities",
        "risks",
    ]
