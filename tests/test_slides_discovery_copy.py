"""The Slides discovery document slidegen ships is the one the Google client uses."""

from __future__ import annotations

import json

from slidegen.backends.offline.schema import (
    SHIPPED_DOCUMENT,
    client_document_text,
    discovery_document,
)

REFRESH = "refresh it with `python -m slidegen.backends.offline.schema`"


def test_the_shipped_schemas_match_the_installed_clients() -> None:
    client = json.loads(client_document_text())
    shipped = discovery_document()
    assert shipped["schemas"] == client["schemas"], f"the shipped copy is stale; {REFRESH}"
    batch_update = client["resources"]["presentations"]["methods"]["batchUpdate"]
    assert shipped["resources"]["presentations"]["methods"]["batchUpdate"] == batch_update


def test_the_offline_engine_reads_the_shipped_copy_inside_the_package() -> None:
    assert SHIPPED_DOCUMENT.parent.name == "offline"
    assert SHIPPED_DOCUMENT.is_file()
    assert discovery_document()["name"] == "slides"
