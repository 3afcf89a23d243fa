"""The template tagging convention."""

from __future__ import annotations

from slidegen.tags import Tag, parse_tag, tag_text


def test_tag_round_trips_through_alt_text() -> None:
    assert parse_tag(tag_text("stakeholders", "table")) == Tag("stakeholders", "table")


def test_words_after_the_tag_are_ignored() -> None:
    assert parse_tag("slidegen:risks.table  (risk register goes here)") == Tag("risks", "table")


def test_untagged_or_malformed_descriptions_are_not_tags() -> None:
    for text in (None, "", "A chart of revenue", "slidegen:risks", "slidegen:Risks.table"):
        assert parse_tag(text) is None
