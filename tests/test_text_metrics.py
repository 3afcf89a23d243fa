from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from slidegen.layout.text import (
    INSET_X,
    INSET_Y,
    LINE_HEIGHT_FACTOR,
    WIDTH_SAFETY,
    box_height_for,
    fit_text,
    font_extent_em,
    is_exactly_measured,
    line_height,
    measured_family,
    text_height,
    text_width,
    wrap,
)
from slidegen.units import EMU_PER_PT, inches, pt


def test_width_matches_arial_advances() -> None:
    # Arial's advance for "H" is 1479/2048 em and for "i" 455/2048 em.
    assert text_width("H", 100) == pytest.approx(1479 / 2048 * 100 * EMU_PER_PT, rel=1e-3)
    assert text_width("i", 100) == pytest.approx(455 / 2048 * 100 * EMU_PER_PT, rel=1e-3)


def test_width_scales_with_size_and_weight() -> None:
    regular = text_width("Technical Opportunity Plan", 12)
    assert text_width("Technical Opportunity Plan", 24) == pytest.approx(2 * regular, abs=2)
    assert text_width("Technical Opportunity Plan", 12, bold=True) > regular
    assert text_width("", 12) == 0


def test_line_height_covers_the_font_extent() -> None:
    assert font_extent_em() < LINE_HEIGHT_FACTOR
    assert line_height(10) == pt(12)
    assert line_height(10, spacing=1.5) == pt(18)


def test_families_map_to_liberation_sans() -> None:
    for family in ("Arial", "Helvetica", "Arimo", "Liberation Sans", "Comic Sans MS"):
        assert measured_family(family) == "Liberation Sans"
    assert is_exactly_measured(" arial ")
    assert not is_exactly_measured("Comic Sans MS")


def test_wrap_breaks_greedily_at_spaces() -> None:
    width = text_width("The quick brown", 12) + text_width("x", 12)
    lines = wrap("The quick brown fox jumps", round(width / WIDTH_SAFETY), 12)
    assert lines == ["The quick brown", "fox jumps"]


def test_wrap_keeps_explicit_newlines_and_blank_lines() -> None:
    assert wrap("one\n\ntwo", inches(5), 12) == ["one", "", "two"]


def test_wrap_breaks_long_words_by_characters() -> None:
    word = "x" * 200
    width = inches(1)
    lines = wrap(word, width, 12)
    assert "".join(lines) == word
    assert len(lines) > 1
    assert all(text_width(line, 12) <= width for line in lines)


@settings(max_examples=60, deadline=None)
@given(
    text=st.text(
        alphabet=st.characters(codec="latin-1", exclude_categories=("Cc", "Cs")), max_size=200
    ),
    width=st.integers(min_value=inches(0.3), max_value=inches(10)),
    size=st.sampled_from([8.0, 10.5, 12.0, 18.0]),
)
def test_wrapped_lines_fit_and_keep_every_word(text: str, width: int, size: float) -> None:
    lines = wrap(text, width, size)
    assert all(text_width(line, size) <= width for line in lines)
    assert "".join("".join(lines).split()) == "".join(text.split())


def test_text_height_counts_lines() -> None:
    assert text_height("a\nb\nc", inches(4), 12) == 3 * line_height(12)
    assert box_height_for("a", inches(4), 12) == line_height(12) + 2 * INSET_Y


def test_fit_text_keeps_max_size_when_it_fits() -> None:
    result = fit_text("Short", inches(3), inches(1), 18, 9)
    assert result.fits
    assert result.font_pt == 18
    assert result.lines == ["Short"]
    assert result.height == line_height(18) + 2 * INSET_Y


def test_fit_text_shrinks_to_the_largest_size_that_fits() -> None:
    text = "Reduce the release cycle from quarterly to weekly across every team " * 3
    box_width, box_height = inches(3), inches(1.2)
    result = fit_text(text, box_width, box_height, 18, 8)
    assert result.fits
    assert 8 <= result.font_pt < 18
    inner_height = box_height - 2 * INSET_Y
    assert len(result.lines) * line_height(result.font_pt) <= inner_height
    bigger = result.font_pt + 0.5
    needed = text_height(text, box_width - 2 * INSET_X, bigger)
    assert needed > inner_height


def test_fit_text_reports_when_even_the_minimum_does_not_fit() -> None:
    result = fit_text("word " * 400, inches(2), inches(0.5), 14, 9)
    assert not result.fits
    assert result.font_pt == 9
    assert result.height > inches(0.5)


def test_fit_text_rejects_a_non_positive_step() -> None:
    with pytest.raises(ValueError):
        fit_text("x", inches(1), inches(1), 12, 9, step=0)
