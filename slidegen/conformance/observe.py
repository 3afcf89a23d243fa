"""Watch every batch a deck service applies and compare it with the offline engine's result."""

from __future__ import annotations

import copy
from dataclasses import dataclass, field
from typing import Any

from slidegen.backends.base import BatchResult, DeckBackend, Presentation, Request
from slidegen.backends.forwarding import ForwardingBackend
from slidegen.backends.offline.engine import OfflineDeck
from slidegen.conformance.compare import DEFAULT_TOLERANCE_EMU, Difference, compare_decks
from slidegen.errors import RequestError, SlidegenError


@dataclass
class Exchange:
    """One batch: the deck before it, the body, what the service made of it, and the verdict."""

    deck: str
    step: str
    presentation_id: str
    before: Presentation
    body: dict[str, Any]
    after: Presentation | None
    refused: str | None = None
    """The service's error when it refused the batch."""
    differences: list[Difference] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        """Return the exchange's outcome (not the decks) as JSON data."""
        return {
            "deck": self.deck,
            "step": self.step,
            "presentation_id": self.presentation_id,
            "requests": len(self.body.get("requests", [])),
            "refused": self.refused,
            "differences": [difference.to_json() for difference in self.differences],
        }


def offline_result(before: Presentation, body: dict[str, Any]) -> tuple[Presentation | None, str]:
    """Return the deck the offline engine makes of `body` on `before`, or (None, its refusal)."""
    deck = OfflineDeck(before)  # the deck copies what it is given
    try:
        deck.batch_update(copy.deepcopy(body))
    except RequestError as error:
        return None, str(error)
    return deck.presentation, ""


def judge(
    before: Presentation,
    body: dict[str, Any],
    after: Presentation | None,
    refused: str | None,
    tolerance: float = DEFAULT_TOLERANCE_EMU,
) -> list[Difference]:
    """Return how the service's outcome of `body` differs from the offline engine's."""
    expected, offline_refusal = offline_result(before, body)
    if expected is None:
        if refused is not None:
            return []
        return [Difference("accepted", offline_refusal, "applied", detail="google applied it")]
    if refused is not None or after is None:
        return [Difference("refused", "applied", refused, detail="google refused the batch")]
    return compare_decks(expected, after, tolerance)


class ObservingBackend(ForwardingBackend):
    """A DeckBackend that reads the deck around every write and judges the write.

    The deck is read just before the write (the state Google applies it to)
    and just after; both reads are extra calls made only for the comparison.
    """

    def __init__(self, inner: DeckBackend, tolerance: float = DEFAULT_TOLERANCE_EMU) -> None:
        super().__init__(inner)
        self.tolerance = tolerance
        self.exchanges: list[Exchange] = []
        self.deck = ""
        """The name of the deck being worked on (set by the caller)."""
        self.step = ""
        """The step being run (create, update, …; set by the caller)."""

    def __getattr__(self, name: str) -> Any:
        return getattr(self.inner, name)

    def batch_update(
        self,
        presentation_id: str,
        requests: list[Request],
        required_revision_id: str | None = None,
    ) -> BatchResult:
        """Apply the batch, then compare what the service made of it with the offline engine."""
        before = self.inner.get_deck(presentation_id)
        body: dict[str, Any] = {"requests": copy.deepcopy(requests)}
        if required_revision_id:
            body["writeControl"] = {"requiredRevisionId": required_revision_id}
        exchange = Exchange(self.deck, self.step, presentation_id, before, body, None)
        self.exchanges.append(exchange)
        try:
            result = super().batch_update(presentation_id, requests, required_revision_id)
        except RequestError as error:
            exchange.refused = str(error)
            exchange.differences = judge(before, body, None, exchange.refused, self.tolerance)
            raise
        except SlidegenError:
            # Not a verdict on the batch (network, quota, revision): nothing to compare.
            self.exchanges.pop()
            raise
        exchange.after = self.inner.get_deck(presentation_id)
        exchange.differences = judge(before, body, exchange.after, None, self.tolerance)
        return result
