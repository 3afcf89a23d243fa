"""The backend wrappers: each forwards every operation and sees every write first."""

from __future__ import annotations

import inspect
from pathlib import Path

import pytest

from slidegen.backends.base import DeckBackend
from slidegen.backends.forwarding import ForwardingBackend
from slidegen.backends.offline import OfflineBackend
from slidegen.backends.ratelimit import RateLimitedBackend, TokenBucket
from slidegen.conformance.observe import ObservingBackend
from slidegen.errors import BackendError
from slidegen.templates import load_default_template

SHAPE = {
    "createShape": {
        "objectId": "wrapped_box",
        "shapeType": "RECTANGLE",
        "elementProperties": {"pageObjectId": "missing_page"},
    }
}


class CountingBackend(ForwardingBackend):
    """Counts the writes it sees before they are forwarded."""

    def __init__(self, inner: DeckBackend) -> None:
        super().__init__(inner)
        self.writes_seen = 0

    def before_write(self) -> None:
        self.writes_seen += 1


def offline() -> OfflineBackend:
    return OfflineBackend({"template": load_default_template()})


def test_every_protocol_operation_is_forwarded_explicitly() -> None:
    operations = [
        name
        for name, _ in inspect.getmembers(DeckBackend, inspect.isfunction)
        if not name.startswith("_")
    ]
    assert "batch_update" in operations
    for name in operations:
        assert name in vars(ForwardingBackend), name


def test_each_write_passes_before_write_and_reads_do_not() -> None:
    inner = offline()
    wrapper = CountingBackend(inner)
    deck_id = wrapper.copy_template("template", "Deck", {"plan": "a"})
    wrapper.get_deck(deck_id)
    wrapper.get_properties(deck_id)
    wrapper.find_decks({"plan": "a"})
    wrapper.deck_url(deck_id)
    assert wrapper.writes_seen == 1
    revision = inner.get_deck(deck_id)["revisionId"]
    wrapper.batch_update(deck_id, [], revision)
    wrapper.set_properties(deck_id, {"plan": "b"})
    wrapper.delete_deck(deck_id)
    assert wrapper.writes_seen == 4
    assert wrapper.calls is inner.calls
    assert inner.calls.writes == 4


def test_wrappers_pass_on_what_the_wrapped_backend_learnt() -> None:
    inner = offline()
    wrapper = ForwardingBackend(inner)
    wrapper.keeps_notes_ids = True
    assert inner.keeps_notes_ids is True
    assert wrapper.recoveries == []
    assert wrapper.share("offline-1") == 0  # the offline backend does not share


def test_a_wrapped_service_without_image_urls_says_how_to_place_an_image(tmp_path: Path) -> None:
    inner = offline()
    wrapper = ForwardingBackend(ForwardingBackend(inner))  # the outer sees a wrapper, which has
    assert wrapper.image_url(Path(__file__)).startswith("file://")
    without = ForwardingBackend(inner)
    without.inner = WithoutImages(inner)  # type: ignore[assignment]
    with pytest.raises(BackendError, match="host the image"):
        without.image_url(tmp_path / "a.png")


class WithoutImages:
    """A deck service that cannot turn a local image into a URL."""

    def __init__(self, inner: OfflineBackend) -> None:
        self.calls = inner.calls


def test_rate_limited_backend_takes_a_token_per_write() -> None:
    slept: list[float] = []
    clock = [0.0]

    def sleep(seconds: float) -> None:
        slept.append(seconds)
        clock[0] += seconds

    bucket = TokenBucket(60, clock=lambda: clock[0], sleep=sleep)
    wrapper = RateLimitedBackend(offline(), bucket)
    wrapper.copy_template("template", "First")
    wrapper.copy_template("template", "Second")
    assert slept == [pytest.approx(1.0)]


def test_observing_backend_judges_each_batch_it_forwards() -> None:
    inner = offline()
    observer = ObservingBackend(inner)
    deck_id = observer.copy_template("template", "Deck")
    with pytest.raises(Exception, match="missing_page"):
        observer.batch_update(deck_id, [SHAPE])
    assert len(observer.exchanges) == 1
    assert observer.exchanges[0].refused is not None
    assert observer.exchanges[0].differences == []  # the engine refuses it too
