"""The in-memory deck backend."""

from __future__ import annotations

from pathlib import Path

import pytest
from test_engine_core import base_deck, shape_request

from slidegen.backends.base import DeckBackend
from slidegen.backends.offline.backend import OfflineBackend
from slidegen.errors import BackendError, RequestError


def backend() -> OfflineBackend:
    return OfflineBackend({"template_1": base_deck()})


def test_offline_backend_implements_the_protocol() -> None:
    assert isinstance(backend(), DeckBackend)


def test_copy_template_makes_independent_titled_decks() -> None:
    offline = backend()
    first = offline.copy_template("template_1", "Acme TOP", {"plan": "acme"})
    second = offline.copy_template("template_1", "Beta TOP")
    assert (first, second) == ("offline-1", "offline-2")
    deck = offline.get_deck(first)
    assert deck["title"] == "Acme TOP"
    assert deck["presentationId"] == first
    offline.batch_update(first, [{"deleteObject": {"objectId": "shape_1"}}])
    assert offline.get_deck(first)["slides"][0]["pageElements"] == []
    assert len(offline.get_deck(second)["slides"][0]["pageElements"]) == 1
    assert len(offline.templates["template_1"]["slides"][0]["pageElements"]) == 1


def test_get_deck_returns_a_copy() -> None:
    offline = backend()
    deck_id = offline.copy_template("template_1", "Acme")
    offline.get_deck(deck_id)["slides"].clear()
    assert len(offline.get_deck(deck_id)["slides"]) == 1


def test_batch_update_returns_replies_and_guards_the_revision() -> None:
    offline = backend()
    deck_id = offline.copy_template("template_1", "Acme")
    revision = offline.get_deck(deck_id)["revisionId"]
    result = offline.batch_update(deck_id, [shape_request("box_00001")], revision)
    assert result.replies == [{"createShape": {"objectId": "box_00001"}}]
    assert result.revision_id == offline.get_deck(deck_id)["revisionId"] != revision
    with pytest.raises(RequestError, match="required revision"):
        offline.batch_update(deck_id, [shape_request("box_00002")], revision)
    with pytest.raises(RequestError) as caught:
        offline.batch_update(deck_id, [shape_request("box_00001")])
    assert caught.value.index == 0


def test_properties_find_and_delete() -> None:
    offline = backend()
    acme = offline.copy_template("template_1", "Acme", {"plan": "acme", "kind": "top"})
    beta = offline.copy_template("template_1", "Beta", {"plan": "beta", "kind": "top"})
    offline.set_properties(beta, {"digest": "abc"})
    assert offline.get_properties(beta) == {"plan": "beta", "kind": "top", "digest": "abc"}
    assert offline.find_decks({"kind": "top"}) == [acme, beta]
    assert offline.find_decks({"plan": "acme"}) == [acme]
    offline.delete_deck(acme)
    assert offline.find_decks({"kind": "top"}) == [beta]
    with pytest.raises(BackendError) as caught:
        offline.get_deck(acme)
    assert caught.value.status == 404
    assert offline.deck_url(beta) == "offline:offline-2"


def test_calls_are_counted_with_google_names() -> None:
    offline = backend()
    deck_id = offline.copy_template("template_1", "Acme")
    offline.get_deck(deck_id)
    offline.batch_update(deck_id, [])
    offline.get_properties(deck_id)
    offline.set_properties(deck_id, {"a": "b"})
    offline.find_decks({})
    offline.delete_deck(deck_id)
    assert offline.calls.counts == {
        "files.copy": 1,
        "presentations.get": 1,
        "presentations.batchUpdate": 1,
        "files.get": 1,
        "files.update": 1,
        "files.list": 1,
        "files.delete": 1,
    }
    assert offline.calls.writes == 4


def test_unknown_template_is_a_not_found_error() -> None:
    with pytest.raises(BackendError, match="not found"):
        backend().copy_template("missing", "x")


def test_add_deck_registers_an_existing_presentation() -> None:
    offline = backend()
    deck_id = offline.add_deck(base_deck(), {"plan": "p"})
    assert deck_id == "deck_1"
    assert offline.get_deck(deck_id)["title"] == "Test"
    assert offline.find_decks({"plan": "p"}) == ["deck_1"]


def image_request(object_id: str, url: str) -> dict[str, object]:
    return {
        "createImage": {
            "objectId": object_id,
            "url": url,
            "elementProperties": {"pageObjectId": "slide_1"},
        }
    }


def test_decks_accept_exactly_the_file_urls_the_backend_issued(tmp_path: Path) -> None:
    issued_file = tmp_path / "issued.png"
    issued_file.write_bytes(b"not really a png")
    other_file = tmp_path / "other.png"
    other_file.write_bytes(b"not really a png either")
    offline = backend()
    deck_id = offline.copy_template("template_1", "Deck")
    url = offline.image_url(issued_file)
    assert url == issued_file.resolve().as_uri()
    offline.batch_update(deck_id, [image_request("image_1", url)])
    images = [e for e in offline.get_deck(deck_id)["slides"][0]["pageElements"] if "image" in e]
    assert [image["image"]["sourceUrl"] for image in images] == [url]
    with pytest.raises(RequestError, match="public http"):
        offline.batch_update(deck_id, [image_request("image_2", other_file.resolve().as_uri())])
    # Another backend's decks did not issue that URL, so they still refuse it.
    with pytest.raises(RequestError, match="public http"):
        stranger = backend()
        stranger_deck = stranger.copy_template("template_1", "Deck")
        stranger.batch_update(stranger_deck, [image_request("image_1", url)])


def test_a_missing_image_file_gets_no_url(tmp_path: Path) -> None:
    with pytest.raises(BackendError, match="not found"):
        backend().image_url(tmp_path / "gone.png")
