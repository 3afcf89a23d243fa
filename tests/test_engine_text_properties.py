"""Property tests of the text model: random edits against a plain-string model."""

from __future__ import annotations

from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from slidegen.backends.offline.text import TextBody, plain_text, utf16_length

Json = dict[str, Any]

ALPHABET = st.sampled_from(["a", "b", " ", "\n", "é", "😀", "\t"])
TEXT = st.text(alphabet=ALPHABET, max_size=8)
EDIT = st.one_of(
    st.tuples(st.just("insert"), st.integers(0, 10_000), TEXT),
    st.tuples(st.just("delete"), st.integers(0, 10_000), st.integers(0, 10_000)),
    st.tuples(st.just("style"), st.integers(0, 10_000), st.integers(0, 10_000)),
)


def units_of(text: str) -> int:
    """Return the UTF-16 length of `text`, counted independently of the code under test."""
    return len(text.encode("utf-16-le")) // 2


def char_offset(text: str, units: int) -> int | None:
    """Return the character position at a UTF-16 offset, None if it is not on a boundary."""
    count = 0
    for position, char in enumerate(text):
        if count == units:
            return position
        count += 2 if ord(char) > 0xFFFF else 1
        if count > units:
            return None
    return len(text) if count == units else None


def check_elements(text: Json) -> None:
    """Check the invariants of API text elements: contiguous indexes, runs inside paragraphs."""
    position = 0
    paragraph_end = 0
    for element in text["textElements"]:
        start, end = element.get("startIndex", 0), element["endIndex"]
        if "paragraphMarker" in element:
            assert start == position == paragraph_end
            paragraph_end = end
            continue
        piece = element.get("textRun") or element["autoText"]
        assert start == position
        assert end - start == units_of(piece["content"]) > 0
        assert end <= paragraph_end
        assert "\n" not in piece["content"][:-1]
        position = end
    assert position == paragraph_end


@settings(max_examples=200, deadline=None)
@given(st.lists(EDIT, max_size=12))
def test_random_edits_match_a_plain_string_model(edits: list[tuple[Any, ...]]) -> None:
    body = TextBody.empty()
    model = "\n"
    bold = [False]
    for kind, first_pick, second_pick in edits:
        # Picks are spread over the current text, so most edits land inside it.
        length = units_of(model)
        first = first_pick % (length + 1)
        second = second_pick % (length + 1) if isinstance(second_pick, int) else second_pick
        if kind == "insert":
            position = char_offset(model, first)
            if position is None or position >= len(model):
                continue
            body.insert(first, second)
            model = model[:position] + second + model[position:]
            # Inserted text takes the style of the character at the insertion point.
            bold[position:position] = [bold[position]] * len(second)
        elif kind == "delete":
            start, end = sorted((first, second))
            start_at, end_at = char_offset(model, start), char_offset(model, end)
            if start_at is None or end_at is None:
                continue
            body.delete(start_at, end_at)
            end_at = min(end_at, len(model) - 1)
            if start_at < end_at:
                model = model[:start_at] + model[end_at:]
                del bold[start_at:end_at]
        else:
            start, end = sorted((first, second))
            start_at, end_at = char_offset(model, start), char_offset(model, end)
            if start_at is None or end_at is None:
                continue
            for position in range(start_at, end_at):
                body.styles[position] = {"bold": True}
                bold[position] = True
        api = body.to_api()
        assert plain_text(api) == model
        assert model.endswith("\n")
        assert body.unit_length() == utf16_length(model) == units_of(model)
        check_elements(api)
        styled = [
            bool(e["textRun"]["style"].get("bold"))
            for e in api["textElements"]
            if "textRun" in e
            for _char in e["textRun"]["content"]
        ]
        assert styled == bold
        again = TextBody.from_api(api)
        assert again.to_api() == api
        markers = sum("paragraphMarker" in e for e in api["textElements"])
        assert markers == model.count("\n")
