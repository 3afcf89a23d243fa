"""A deck backend that keeps every deck in memory and applies requests offline."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

from slidegen.backends.base import BatchResult, CallCounter, Presentation, Request
from slidegen.backends.offline.engine import OfflineDeck, clone
from slidegen.errors import BackendError


class OfflineBackend:
    """Copy templates, read decks and apply batches in memory, counting calls as Google would."""

    def __init__(self, templates: Mapping[str, Presentation]) -> None:
        self.templates = templates
        self.calls = CallCounter()
        self.decks: dict[str, OfflineDeck] = {}
        self.properties: dict[str, dict[str, str]] = {}
        self.issued_image_urls: set[str] = set()
        """The file:// URLs `image_url` handed out; this backend's decks accept exactly these."""
        self.keeps_notes_ids: bool | None = None
        """Whether the engine kept a duplicated slide's notes IDs so far (None: not seen yet)."""
        self._copies = 0

    def copy_template(
        self, template_id: str, name: str, properties: dict[str, str] | None = None
    ) -> str:
        """Copy the template deck under `name`; return the new presentation ID."""
        self.calls.add("files.copy")
        if template_id not in self.templates:
            raise BackendError(f"File not found: {template_id}", status=404)
        self._copies += 1
        presentation_id = f"offline-{self._copies}"
        while presentation_id in self.decks:
            self._copies += 1
            presentation_id = f"offline-{self._copies}"
        # The deck copies what it is given, so the template is copied exactly once.
        # The copy keeps the template's revision: a body built against it (--requests-out)
        # then applies to the template file itself, which is how bodies are checked offline.
        presentation = {
            **self.templates[template_id],
            "presentationId": presentation_id,
            "title": name,
        }
        self.decks[presentation_id] = OfflineDeck(presentation, self.issued_image_urls)
        self.properties[presentation_id] = dict(properties or {})
        return presentation_id

    def image_url(self, path: Path) -> str:
        """Return a file:// URL for a local image and let this backend's decks accept it.

        Nothing is uploaded: the .pptx exporter reads the file when it embeds
        the picture. Other non-web URLs stay refused, as the deck service would.
        """
        if not path.is_file():
            raise BackendError(f"image file not found: {path}")
        url = path.resolve().as_uri()
        self.issued_image_urls.add(url)
        return url

    def add_deck(self, presentation: Presentation, properties: dict[str, str] | None = None) -> str:
        """Register an existing presentation resource as a deck; return its ID."""
        presentation_id = str(presentation.get("presentationId") or "")
        if not presentation_id:
            self._copies += 1
            presentation_id = f"offline-{self._copies}"
        deck = OfflineDeck(
            {**presentation, "presentationId": presentation_id}, self.issued_image_urls
        )
        self.decks[presentation_id] = deck
        self.properties[presentation_id] = dict(properties or {})
        return presentation_id

    def _deck(self, presentation_id: str) -> OfflineDeck:
        deck = self.decks.get(presentation_id)
        if deck is None:
            raise BackendError(
                f"Requested entity was not found: presentation {presentation_id}", status=404
            )
        return deck

    def get_deck(self, presentation_id: str) -> Presentation:
        """Return a copy of the presentation resource of `presentation_id`."""
        self.calls.add("presentations.get")
        presentation: Presentation = clone(self._deck(presentation_id).presentation)
        return presentation

    def read_deck(self, presentation_id: str) -> Presentation:
        """Return the presentation resource of `presentation_id` itself (never change it)."""
        self.calls.add("presentations.get")
        return self._deck(presentation_id).presentation

    def batch_update(
        self,
        presentation_id: str,
        requests: list[Request],
        required_revision_id: str | None = None,
    ) -> BatchResult:
        """Apply `requests` atomically; refuse if the deck moved past the revision."""
        self.calls.add("presentations.batchUpdate")
        body: dict[str, Any] = {"requests": requests}
        if required_revision_id is not None:
            body["writeControl"] = {"requiredRevisionId": required_revision_id}
        response = self._deck(presentation_id).batch_update(body)
        return BatchResult(response["replies"], response["writeControl"]["requiredRevisionId"])

    def delete_deck(self, presentation_id: str) -> None:
        """Delete a deck."""
        self.calls.add("files.delete")
        self._deck(presentation_id)
        del self.decks[presentation_id]
        self.properties.pop(presentation_id, None)

    def deck_url(self, presentation_id: str) -> str:
        """Return an ``offline:`` URI naming the deck."""
        return f"offline:{presentation_id}"

    def get_properties(self, presentation_id: str) -> dict[str, str]:
        """Return the deck's recorded app properties."""
        self.calls.add("files.get")
        self._deck(presentation_id)
        return dict(self.properties.get(presentation_id, {}))

    def set_properties(self, presentation_id: str, properties: dict[str, str]) -> None:
        """Merge `properties` into the deck's recorded app properties."""
        self.calls.add("files.update")
        self._deck(presentation_id)
        self.properties.setdefault(presentation_id, {}).update(properties)

    def find_decks(self, properties: dict[str, str]) -> list[str]:
        """Return the IDs of decks whose app properties include all of `properties`."""
        self.calls.add("files.list")
        return [
            presentation_id
            for presentation_id, recorded in self.properties.items()
            if presentation_id in self.decks
            and all(recorded.get(key) == value for key, value in properties.items())
        ]
