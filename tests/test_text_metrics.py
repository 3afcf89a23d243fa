from __future__ import annotations

import itertools
import math

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st
from pytest_mock import MockerFixture

from slidegen.fonts.sfnt import read_cmap, read_kerned_pairs
from slidegen.layout import text as text_module
from slidegen.layout.text import (
    AUTOSPACE_EM,
    EMOJI_EM,
    INSET_X,
    INSET_Y,
    LINE_HEIGHT_FACTOR,
    SOFT_BREAK,
    UNKNOWN_FAMILY_SCALE,
    WIDTH_SAFETY,
    box_height_for,
    cell_line_height,
    fit_text,
    font_extent_em,
    is_exactly_measured,
    is_right_to_left,
    isolate,
    labelled,
    line_height,
    line_height_for,
    measured_family,
    pieces,
    text_height,
    text_width,
    with_soft_breaks,
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


def test_families_map_to_metric_compatible_faces() -> None:
    for family in ("Arial", "Helvetica", "Arimo", "Liberation Sans", "Comic Sans MS"):
        assert measured_family(family) == "Liberation Sans"
    assert measured_family("Calibri") == "Carlito"
    assert measured_family("Times New Roman") == "Liberation Serif"
    assert is_exactly_measured(" arial ")
    assert is_exactly_measured("Calibri")
    assert not is_exactly_measured("Comic Sans MS")


def test_each_family_is_measured_with_its_own_advances() -> None:
    # Carlito's "H" is 1276/2048 em, Liberation Serif's 1479/2048 and its "i" 569/2048.
    assert text_width("H", 100, family="Calibri") == pytest.approx(
        1276 / 2048 * 100 * EMU_PER_PT, rel=1e-3
    )
    assert text_width("i", 100, family="Times") == pytest.approx(
        569 / 2048 * 100 * EMU_PER_PT, rel=1e-3
    )
    arial = text_width("Quarterly review", 12)
    assert text_width("Quarterly review", 12, family="Helvetica") == arial
    # A family without known metrics is measured wider than Arial, never narrower.
    assert text_width("Quarterly review", 12, family="Verdana") == pytest.approx(
        arial * UNKNOWN_FAMILY_SCALE, rel=1e-3
    )


@given(st.text(alphabet=st.characters(min_codepoint=0x20, max_codepoint=0x7E), min_size=1))
def test_plain_ascii_measures_as_its_characters_sorted_by_face_would(text: str) -> None:
    # Liberation Sans draws every printable ASCII character, so the shortcut
    # that skips sorting them into runs measures what the runs would.
    for bold in (False, True):
        assert set(text) <= {chr(code) for code in text_module._sans_coverage(bold)}
        runs = list(text_module._runs(text, text_module.SANS, bold))
        assert runs == [(text_module.SANS, text)]
        whole = float(text_module._font(bold).getlength(text))
        assert text_module._reference_width.__wrapped__(text, bold) == whole


SANS_DRAWN = "AVTWYLPafy.,'\"-éüßøłΓάμαЖжЎўשלום«»—’€ "


@given(st.text(alphabet=SANS_DRAWN, min_size=1, max_size=40), st.booleans())
def test_text_liberation_sans_draws_measures_as_freetype_lays_it_out(text: str, bold: bool) -> None:
    # Widths come from each character's advance and each pair's kerning,
    # measured once; summed, they are FreeType's width of the whole run, to the last bit.
    assert set(map(ord, text)) <= text_module._sans_coverage(bold)
    assert text_module._sans_length(text, bold) == float(text_module._font(bold).getlength(text))


def test_every_pair_freetype_kerns_is_one_the_kern_table_lists() -> None:
    # Pairs outside the table are taken as unkerned without asking FreeType.
    characters = [chr(code) for code in range(0x20, 0x7F)] + list("éüßΓάЖжשל«»—’€")
    for bold in (False, True):
        font = text_module._font(bold)
        advances = {char: font.getlength(char) for char in characters}
        kerned = {
            first + second
            for first, second in itertools.product(characters, repeat=2)
            if font.getlength(first + second) != advances[first] + advances[second]
        }
        assert kerned  # "AV", "To", "LT", …
        assert kerned <= text_module._sans_kerned(bold)


def test_liberation_sans_tables_are_what_freetype_lays_out_from_the_bundled_fonts() -> None:
    # Measuring reads these tables instead of the fonts: each figure must be FreeType's own.
    for bold in (False, True):
        font = text_module._font(bold)
        data = (text_module._FONT_DIR / font.path.rsplit("/", 1)[-1]).read_bytes()
        cmap = read_cmap(data)
        metrics = text_module._sans_metrics(bold)
        assert set(map(ord, metrics.advances)) == set(cmap)
        for char, advance in metrics.advances.items():
            assert advance == font.getlength(char), char
        assert set(metrics.kerning) == read_kerned_pairs(data, cmap)
        for pair, kerning in metrics.kerning.items():
            whole = font.getlength(pair)
            assert kerning == whole - metrics.advances[pair[0]] - metrics.advances[pair[1]], pair
        ascent, descent = font.getmetrics()
        assert metrics.extent == ascent + descent


def test_cjk_is_measured_full_width_in_every_family() -> None:
    # Three full-width characters at 12 pt: 36 pt, 457,200 EMU.
    for family in ("Arial", "Calibri", "Times New Roman"):
        assert text_width("日本語", 12, family=family) == 457_200
    assert text_width("한국어", 12) == 457_200
    assert text_width("中文，", 12) == 457_200


def test_other_scripts_have_metrics_of_their_own() -> None:
    # Hebrew is in Liberation Sans; Arabic comes from Noto Sans Arabic, widened.
    assert text_width("שלום", 12) < text_width("日本語一", 12)
    arabic = text_width("مرحبا", 12)
    assert 0 < arabic < text_width("مرحبا", 12, bold=True) * 1.5
    assert text_width("🚀", 12) == round(EMOJI_EM * 12 * EMU_PER_PT)
    # Joiners, variation selectors and directional isolates take no room.
    assert text_width("\u2068a\u2069\u200d\ufe0f", 12) == text_width("a", 12)


def test_text_direction_follows_the_first_strong_character() -> None:
    assert is_right_to_left("ליאור לוי")
    assert is_right_to_left("  123 ليلى حداد")
    assert is_right_to_left("ה-CISO של החברה")
    assert not is_right_to_left("CISO ה")
    assert not is_right_to_left("42 — ")
    assert isolate("ليلى") == "\u2068ليلى\u2069"
    assert isolate("Dana Whitfield") == "Dana Whitfield"
    # A sentence around an isolated name keeps the direction of its own words.
    assert not is_right_to_left(f"Prepared by {isolate('ليلى حداد')} · 20 November 2026")
    assert not is_right_to_left(f"{isolate('ליאור')} · Technical Opportunity Plan")


def test_a_label_leaves_its_paragraph_to_the_direction_of_the_text_after_it() -> None:
    # "Metric: " before a Hebrew sentence made its paragraph left to right: the sentence's
    # full stop stood before its first word. Isolated, the label is neutral; the colon stays
    # outside, so it stands between label and text in either direction.
    hebrew = "רוצה סיפור של ספק אחד."
    assert labelled("Metric", hebrew) == f"\u2068Metric\u2069: {hebrew}"
    assert is_right_to_left(labelled("Metric", hebrew))
    assert not is_right_to_left(labelled("סיכון-1", "Security review may delay the decision"))
    # Alike, or with a side that has no letters, there is nothing to turn: joined as it is.
    assert labelled("Metric", "Lead time down 50%") == "Metric: Lead time down 50%"
    assert labelled("סיכון-1", hebrew) == f"סיכון-1: {hebrew}"
    assert labelled("R-12", "42 %") == "R-12: 42 %"
    assert labelled("12", hebrew) == f"12: {hebrew}"


def test_pieces_break_after_separators_and_between_cjk() -> None:
    assert pieces("https://example.com/a-b_c?x=1&y=2") == [
        "https://",
        "example.",
        "com/",
        "a-",
        "b_",
        "c?",
        "x=1&",
        "y=2",
    ]
    assert pieces("Relationship") == ["Relationship"]
    assert pieces("汇报进展。") == ["汇", "报", "进", "展。"]


def test_long_tokens_break_at_separators_and_keep_short_words_whole() -> None:
    text = "See https://wiki.example.com/display/PLATFORM/Jenkins-Retirement-Plan for it"
    lines = wrap(text, inches(1.6), 9)
    assert "".join(lines).replace(" ", "") == text.replace(" ", "")
    assert lines[0].startswith("See https://")
    assert all(text_width(line, 9) <= inches(1.6) for line in lines)
    for line in lines[:-1]:
        assert line[-1] in "/.-_?&" or line.endswith(("See", "for")), line
    assert wrap("Economic Buyer", inches(0.9), 9) == ["Economic", "Buyer"]


def test_soft_breaks_go_only_into_tokens_too_long_for_a_line() -> None:
    text = "see example.com and https://wiki.example.com/display/PLATFORM/Jenkins-Plan"
    soft = with_soft_breaks(text, inches(1.2), 9)
    assert soft.replace(SOFT_BREAK, "") == text
    assert "see example.com and " in soft
    assert f"https://{SOFT_BREAK}wiki.{SOFT_BREAK}example." in soft
    assert [line.replace(SOFT_BREAK, "") for line in wrap(soft, inches(1.2), 9)] == wrap(
        text, inches(1.2), 9
    )


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


def _cut_one_character_at_a_time(
    word: str, limit: float, font_pt: float, bold: bool, family: str
) -> list[str]:
    """Return the pieces of `word` found by growing each one character at a time."""
    cut: list[str] = []
    current = ""
    for char in word:
        if current and text_width(current + char, font_pt, bold, family) > limit:
            cut.append(current)
            current = char
        else:
            current += char
    return [*cut, current] if current else cut


def test_no_kerning_pair_takes_back_more_than_its_character_adds() -> None:
    # A text then only widens as it grows, which lets a word's pieces be found by halving.
    for bold in (False, True):
        metrics = text_module._sans_metrics(bold)
        assert min(metrics.advances.values()) >= 0
        assert all(metrics.advances[pair[1]] + kern >= 0 for pair, kern in metrics.kerning.items())


@settings(max_examples=80, deadline=None)
@given(
    word=st.text(
        alphabet=st.sampled_from(list("AVTWaviy.-/_éЖש中文😀\u0301\u064a\u0644\u200b")),
        min_size=1,
        max_size=120,
    ),
    limit=st.integers(min_value=0, max_value=inches(1.5)),
    size=st.sampled_from([7.0, 9.0, 12.0]),
    bold=st.booleans(),
    family=st.sampled_from(["", "Georgia", "Comic Sans MS"]),
)
def test_a_word_is_cut_where_growing_it_one_character_at_a_time_would(
    word: str, limit: int, size: float, bold: bool, family: str
) -> None:
    expected = _cut_one_character_at_a_time(word, limit, size, bold, family)
    assert text_module._break_word(word, limit, size, bold, family) == expected


def test_a_long_word_is_cut_with_few_measures(mocker: MockerFixture) -> None:
    # Measuring one character more at a time took about 100,000 measures for this word.
    word = "x" * 100_000
    measure = mocker.spy(text_module, "text_width")
    pieces = text_module._break_word(word, inches(5), 12, False, "")
    assert "".join(pieces) == word and len(pieces) > 1000
    # Each piece is some 60 characters long: a dozen measures, not sixty.
    assert measure.call_count < 16 * len(pieces)


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


@settings(max_examples=60, deadline=None)
@given(
    text=st.text(alphabet=st.characters(exclude_categories=("Cc", "Cs")), max_size=80),
    width=st.integers(min_value=1, max_value=inches(4)),
    size=st.sampled_from([7.0, 9.0, 12.0]),
    bold=st.booleans(),
    family=st.sampled_from([None, "Arial", "Georgia"]),
)
def test_shared_wrapped_lines_are_the_lines_wrap_gives(
    text: str, width: int, size: float, bold: bool, family: str | None
) -> None:
    shared = text_module.wrapped(text, width, size, bold, family)
    assert shared == tuple(wrap(text, width, size, bold, family))
    assert text_module.wrapped(text, width, size, bold, family) is shared


KERNED_WORDS = (
    "AVA",
    "Tower",
    "Yes",
    "LTV",
    "away",
    "WAY",
    "Pay",
    "'quoted'",
    "f.",
    "AT&T",
    "Γάμμα",
    "Привет",
    "Ўзбек",
    "café",
    "«Kern»",
    "ليلى",
    "حداد",
    "γ",
    "Vy",
    "ТУТ",
    "L'Y",
    "x",
)


@settings(max_examples=150, deadline=None)
@given(
    words=st.lists(st.sampled_from(KERNED_WORDS), min_size=2, max_size=30),
    data=st.data(),
    size=st.sampled_from([9.0, 10.5, 12.0]),
    bold=st.booleans(),
    family=st.sampled_from([None, "Calibri", "Times New Roman", "Futura"]),
)
def test_a_line_holds_exactly_the_words_that_fit_measured_whole(
    words: list[str], data: st.DataObject, size: float, bold: bool, family: str | None
) -> None:
    """A line as wide as its words measured together (kerning and all) still fits."""
    count = data.draw(st.integers(min_value=1, max_value=len(words) - 1))
    first = " ".join(words[:count])
    width = math.ceil(text_width(first, size, bold, family) / WIDTH_SAFETY)
    # A word wider than the line breaks inside itself, and its pieces are not words.
    assume(all(text_width(word, size, bold, family) <= width * WIDTH_SAFETY for word in words))
    lines = wrap(" ".join(words), width, size, bold, family)
    assert lines[0] == first
    limit = width * WIDTH_SAFETY
    for line, following in itertools.pairwise(lines):
        assert text_width(f"{line} {following.split()[0]}", size, bold, family) > limit


def test_wrapping_at_widths_tried_before_gives_what_a_first_wrapping_gives() -> None:
    """Lines looked up from earlier widths are the lines wrapping afresh gives."""
    text = "Owns the platform AVA consolidation; reports to the CTO monthly. " * 3
    widths = [inches(0.5 + 0.01 * step) for step in range(0, 500, 7)]
    for order in (widths, widths[::-1]):
        looked_up = [wrap(text, width, 9.5) for width in order]
        fresh = []
        for width in order:
            text_module._wrapped.cache_clear()
            text_module._spans.cache_clear()
            fresh.append(wrap(text, width, 9.5))
        assert looked_up == fresh


def test_text_height_counts_lines() -> None:
    assert text_height("a\nb\nc", inches(4), 12) == 3 * line_height(12)
    assert box_height_for("a", inches(4), 12) == line_height(12) + 2 * INSET_Y


def test_east_asian_text_is_measured_at_its_taller_lines_in_boxes_and_cells() -> None:
    assert line_height_for("日本語", 12) > line_height(12) == line_height_for("Latin", 12)
    assert text_height("日本語\nB", inches(4), 12) == 2 * line_height_for("日本語", 12)
    assert box_height_for("日本語", inches(4), 12) == line_height_for("日本語", 12) + 2 * INSET_Y
    assert fit_text("日本語", inches(4), inches(1), 12, 9).height == box_height_for(
        "日本語", inches(4), 12
    )
    # Cells plan Latin lines at the font's own line height, East Asian ones taller.
    assert cell_line_height("Latin", 9) < line_height(9)
    assert cell_line_height("日本語", 9) == line_height_for("日本語", 9)


def test_east_asian_text_beside_latin_letters_or_digits_is_measured_with_a_space() -> None:
    glyphs = text_width("杨磊", 10, True) + text_width("6", 10, True)
    autospace = AUTOSPACE_EM * pt(10)
    assert text_width("杨磊6", 10, True) == pytest.approx(glyphs + autospace, abs=2)
    assert text_width("A日B", 10) == pytest.approx(
        text_width("A", 10) + text_width("日", 10) + text_width("B", 10) + 2 * autospace, abs=3
    )
    # A space or punctuation already separates them: nothing is added.
    assert text_width("杨磊 6", 10) == pytest.approx(
        text_width("杨磊", 10) + text_width(" 6", 10), abs=2
    )


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


@pytest.mark.parametrize(
    ("text", "family", "box_width"),
    [
        ("Sicherheitsanforderungen erfüllen", None, inches(2.2)),
        ("زيادة الكفاءة التشغيلية", "Georgia", inches(1.7)),
    ],
)
def test_fit_text_shrinks_until_no_word_breaks_inside(
    text: str, family: str | None, box_width: int
) -> None:
    # Tall enough for any wrapping: only the longest word can push the size down.
    box_height = inches(3)
    inner = box_width - 2 * INSET_X
    result = fit_text(text, box_width, box_height, 18, 8, bold=True, family=family)
    assert result.fits
    assert result.lines == wrap(text, inner, result.font_pt, True, family)
    assert all(line.split() for line in result.lines)
    assert sorted(" ".join(result.lines).split()) == sorted(text.split())
    assert 8 < result.font_pt < 18
    # Half a point larger, the longest word no longer fits a line of its own.
    longest = max(text.split(), key=lambda word: text_width(word, 18, True, family))
    assert text_width(longest, result.font_pt + 0.5, True, family) > inner * WIDTH_SAFETY


def test_fit_text_breaks_a_word_too_long_for_a_line_even_at_the_minimum() -> None:
    word = "Betriebsverfügbarkeitsgewährleistungsverantwortlicher"
    result = fit_text(word, inches(1), inches(2), 14, 9)
    assert result.fits
    assert result.font_pt == 9
    assert len(result.lines) > 1


def test_fit_text_rejects_a_non_positive_step() -> None:
    with pytest.raises(ValueError):
        fit_text("x", inches(1), inches(1), 12, 9, step=0)


def test_breaks_of_a_wrap_mark_cuts_inside_tokens_only() -> None:
    soft = text_module.SOFT_BREAK
    text = "Build 1234567890123456789012345 now"
    lines = text_module.wrap(text, text_module.text_width("123456789012", 10) + 1, 10)
    assert len(lines) >= 4  # the digits, with no separator, are cut between characters
    marked = text_module.with_breaks_of(text, lines)
    assert marked.replace(soft, "") == text
    # One mark per cut inside the digits; the breaks at spaces need none.
    cuts = [line for line in lines[1:-1] if line[-1].isdigit()]
    assert cuts and marked.count(soft) == len(cuts)
    assert text_module.with_breaks_of("two words", ["two", "words"]) == "two words"
    assert text_module.with_breaks_of("two words", ["other", "lines"]) == "two words"


@pytest.mark.parametrize("space", ["\u00a0", "\u202f", "\u2007"])
def test_lines_never_break_at_a_no_break_space(space: str) -> None:
    # Renderers keep words joined by a no-break space together; a wrap that broke
    # there would leave the renderer a line wider than measured.
    joined = f"Jenkins{space}CI"
    # Room for "Build Jenkins" and half a "C": any space and "CI" more goes to a new line.
    fits = math.ceil(text_module.text_width("Build Jenkins", 10) / text_module.WIDTH_SAFETY)
    width = fits + text_module.text_width("C", 10) // 2
    assert text_module.wrap(f"Build {joined}", width, 10) == ["Build", joined]
    assert text_module.wrap("Build Jenkins CI", width, 10) == ["Build Jenkins", "CI"]
    assert text_module.breakable_words(f" a {joined}  b ") == ["a", joined, "b"]
