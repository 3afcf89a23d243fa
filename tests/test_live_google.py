"""Against real Google: runs only with SLIDEGEN_LIVE_TEMPLATE_ID and credentials set.

SLIDEGEN_LIVE_TEMPLATE_ID   a template deck the credentials can read
SLIDEGEN_LIVE_AUTH          oauth (default; uses the saved token), service_account or adc
SLIDEGEN_LIVE_FOLDER_ID     optional folder (a Shared Drive folder for a service account)
GOOGLE_APPLICATION_CREDENTIALS  the key file, for service_account

pytest -m live tests/test_live_google.py
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator

import pytest

from slidegen.backends.google.auth import load_identity
from slidegen.backends.google.backend import GoogleBackend
from slidegen.backends.google.client import EMULATOR_ENV
from slidegen.config import Config, GoogleConfig
from slidegen.errors import AuthError, BackendError
from slidegen.units import dimension, inches

pytestmark = pytest.mark.live

TEMPLATE_ID = os.environ.get("SLIDEGEN_LIVE_TEMPLATE_ID", "")


@pytest.fixture
def live_backend(monkeypatch: pytest.MonkeyPatch) -> GoogleBackend:
    """Return a backend signed in to real Google, or skip."""
    if not TEMPLATE_ID:
        pytest.skip("set SLIDEGEN_LIVE_TEMPLATE_ID to run against real Google")
    monkeypatch.delenv(EMULATOR_ENV, raising=False)
    google = GoogleConfig(
        auth=os.environ.get("SLIDEGEN_LIVE_AUTH", "oauth"),
        folder_id=os.environ.get("SLIDEGEN_LIVE_FOLDER_ID") or None,
    )
    try:
        identity = load_identity(google)
    except AuthError as error:
        pytest.skip(f"no usable Google credentials: {error}")
    return GoogleBackend.from_config(
        Config(google=google), template_id=TEMPLATE_ID, identity=identity
    )


@pytest.fixture
def live_copy(live_backend: GoogleBackend) -> Iterator[str]:
    """Return a fresh copy of the live template, deleted afterwards."""
    marker = uuid.uuid4().hex[:12]
    deck_id = live_backend.copy_template(
        TEMPLATE_ID, f"slidegen live test {marker}", {"slidegen_test": marker}
    )
    try:
        yield deck_id
    finally:
        live_backend.delete_deck(deck_id)


def test_copy_fill_and_find_a_deck(live_backend: GoogleBackend, live_copy: str) -> None:
    deck = live_backend.get_deck(live_copy)
    slide, box = "sgs1_live_check", "sgc1_live_check_box"
    requests = [
        {"createSlide": {"objectId": slide}},
        {
            "createShape": {
                "objectId": box,
                "shapeType": "TEXT_BOX",
                "elementProperties": {
                    "pageObjectId": slide,
                    "size": {"width": dimension(inches(4)), "height": dimension(inches(1))},
                    "transform": {"scaleX": 1, "scaleY": 1, "unit": "EMU"},
                },
            }
        },
        {"insertText": {"objectId": box, "text": "slidegen live check"}},
    ]

    result = live_backend.batch_update(live_copy, requests, deck["revisionId"])

    after = live_backend.get_deck(live_copy)
    assert result.revision_id is not None
    assert after["revisionId"] != deck["revisionId"]
    assert slide in [page["objectId"] for page in after["slides"]]
    marker = live_backend.get_properties(live_copy)["slidegen_test"]
    assert live_backend.find_decks({"slidegen_test": marker}) == [live_copy]


def test_a_stale_revision_is_refused(live_backend: GoogleBackend, live_copy: str) -> None:
    deck = live_backend.get_deck(live_copy)
    live_backend.batch_update(live_copy, [{"createSlide": {"objectId": "sgs1_live_first"}}])

    with pytest.raises(BackendError, match="changed by someone else"):
        live_backend.batch_update(
            live_copy, [{"createSlide": {"objectId": "sgs1_live_second"}}], deck["revisionId"]
        )
