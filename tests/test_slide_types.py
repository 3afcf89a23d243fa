"""The slide-type registry: one consistent record per kind of slide."""

from __future__ import annotations

from slidegen.layout.slides import BY_ROLE, ROLES, SLIDE_TYPES
from slidegen.plan.model import Plan


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


def test_every_slide_type_has_a_module_that_builds_it() -> None:
    for slide in SLIDE_TYPES:
        assert slide.module.__name__ == f"slidegen.layout.slides.{slide.role}"
        assert callable(slide.module.build), slide.role
