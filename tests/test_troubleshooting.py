"""docs/troubleshooting.md quotes messages slidegen really prints."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PAGE = ROOT / "docs" / "troubleshooting.md"

# Parts of a quoted message that differ from run to run (IDs, accounts, counts,
# call names, tags, API texts in parentheses) or come from a constant or a variable.
VARIABLE = re.compile(
    r"[A-Z][A-Z_]{2,}|\S+@example\.com|/home/\S+|\.slidegen\S*|\b\d+(?:\.\d+)?\b|…"
    r"|\b(?:presentations|files|permissions)\.\w+|'[\w:.]+'|slidegen:[\w.]+|\([^()]*\)"
    r"|https://\S+|plan_inputs/\S+|\bsg\w+|\b[a-z]+_[a-z_]+\b|run `slidegen auth login`"
    r"|drive or drive\.file|in a minute|the body"
)
# Messages Google writes, quoted after slidegen's own words.
GOOGLE_TEXTS = ("Malformed auth code.",)


def _source_literals() -> str:
    files = sorted((ROOT / "slidegen").rglob("*.py"))
    source = "\n".join(path.read_text(encoding="utf-8") for path in files)
    source = re.sub(r'"\s*\n\s*[fr]?"', "", source)  # join implicitly concatenated strings
    return "\x00".join(re.split(r"\{[^{}]*\}", source))  # f-string fields vary


def _quoted_messages() -> list[str]:
    lines = PAGE.read_text(encoding="utf-8").splitlines()
    return [m.group(1) for line in lines if (m := re.match(r"\s{4,}(?:error|hint): (.*)", line))]


def test_the_page_quotes_error_messages_with_their_hints() -> None:
    messages = _quoted_messages()
    assert len(messages) >= 20


def test_every_quoted_message_is_in_the_code() -> None:
    literals = _source_literals()
    missing = []
    for message in _quoted_messages():
        for chunk in VARIABLE.split(message):
            words = (chunk or "").strip(" :;,")
            if len(words.split()) >= 3 and words not in GOOGLE_TEXTS and words not in literals:
                missing.append(words)
    assert missing == [], "docs/troubleshooting.md quotes text slidegen does not print"
