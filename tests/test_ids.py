"""Generated object IDs: valid for the Slides API, deterministic, recognisable."""

from __future__ import annotations

import pytest

from slidegen.layout.ids import (
    CONTENT,
    DECOR,
    SLIDE,
    GeneratedId,
    is_generated,
    is_valid_object_id,
    make_id,
    parse_generated,
)


def test_make_id_is_deterministic_and_parsable() -> None:
    first = make_id(CONTENT, 3, "stakeholders", 2, "table")
    assert first == make_id(CONTENT, 3, "stakeholders", 2, "table")
    assert first == "sgc3_stakeholders_2_table"
    assert parse_generated(first) == GeneratedId(CONTENT, 3)


@pytest.mark.parametrize("kind", [SLIDE, DECOR, CONTENT])
def test_every_kind_is_recognised_as_generated(kind: str) -> None:
    assert is_generated(make_id(kind, 1, "risks"))


@pytest.mark.parametrize("object_id", ["g2a7c1d9e0f_0_12", "p", "i0", "SLIDES_API123_0", "sgx1_a"])
def test_ids_made_by_people_or_slides_are_not_generated(object_id: str) -> None:
    assert not is_generated(object_id)


def test_unsafe_parts_are_cleaned_and_long_ids_stay_valid_and_distinct() -> None:
    odd = make_id(CONTENT, 1, "Ünïcode name / with spaces", "{{x}}")
    assert is_valid_object_id(odd)
    long_a = make_id(DECOR, 12, "a" * 80, 1)
    long_b = make_id(DECOR, 12, "a" * 80, 2)
    assert len(long_a) <= 50 and is_valid_object_id(long_a)
    assert long_a != long_b
    assert parse_generated(long_a) == GeneratedId(DECOR, 12)


@pytest.mark.parametrize(
    ("object_id", "valid"),
    [("abcd", False), ("abcde", True), ("_ab:c-d", True), ("-abcd", False), ("a" * 51, False)],
)
def test_object_id_rules_follow_the_api(object_id: str, valid: bool) -> None:
    assert is_valid_object_id(object_id) is valid


def test_bad_kind_or_generation_is_refused() -> None:
    with pytest.raises(ValueError):
        make_id("sgz", 1, "x")
    with pytest.raises(ValueError):
        make_id(SLIDE, 0, "x")
