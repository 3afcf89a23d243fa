"""The deck work a sync delegates: fresh builds, in-place regeneration, offline files."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

from slidegen.backends.base import DeckBackend, Presentation, Request, Sharing
from slidegen.backends.offline.backend import OfflineBackend
from slidegen.backends.registry import OFFLINE_TEMPLATE_ID, backend_kind, make_backend
from slidegen.config import Config
from slidegen.layout.compose import Composition
from slidegen.pipeline import build_deck, deck_name, resolve_images, update_deck
from slidegen.plan.model import Plan
from slidegen.sync.fingerprint import digest
from slidegen.sync.notes import changes_note_requests
from slidegen.sync.runner import GoogleDeckOps, OfflineDeckOps


def _changes_line(
    changes_note: str | None,
) -> Callable[[Presentation, Composition], list[Request]] | None:
    """Return what adds the changes line to a fresh deck's title notes, if there is one."""
    if not changes_note:
        return None
    return lambda deck, composition: changes_note_requests(deck, composition, changes_note)


class DriveDeckOps:
    """Copy, fill and regenerate decks through a Drive-backed DeckBackend."""

    def __init__(self, backend: DeckBackend, config: Config, template_id: str) -> None:
        self.backend = backend
        self.config = config
        self.template_id = template_id
        self.warnings: list[str] = []
        """What a person should know about the decks written so far (warnings of each build)."""

    def template_revision(self) -> str:
        """Return the template deck's revisionId (a digest of it when it has none)."""
        template = self.backend.get_deck(self.template_id)
        revision = template.get("revisionId")
        return str(revision) if revision else digest(template)

    def copy(self, plan: Plan, properties: dict[str, str]) -> str:
        """Copy the template for `plan` (carrying `properties`); return the new deck's ID.

        The plan's images are checked first, so a plan the service cannot
        illustrate costs no copy.
        """
        resolve_images(plan, self.backend, anchored=True)
        return self.backend.copy_template(
            self.template_id, deck_name(plan, self.config), properties
        )

    def fill(
        self,
        plan: Plan,
        presentation_id: str,
        deck: Presentation,
        today: dt.date,
        changes_note: str | None,
        seal: Callable[[list[Request]], list[Request]],
    ) -> list[Request]:
        """Draw the generated content of `deck` with one write; return the requests applied.

        The same batch fills a fresh copy or regenerates a filled deck, and
        carries the changes line and the requests `seal` returns for the
        composition, so the deck is complete exactly when this write landed.
        The write is based on `deck`'s revision, so a concurrent edit makes it
        fail; see ``pipeline.write_composition`` for its one retry.
        """
        changes_line = _changes_line(changes_note)

        def changes_and_seal(deck: Presentation, composition: Composition) -> list[Request]:
            extra = changes_line(deck, composition) if changes_line is not None else []
            return extra + seal(list(composition.requests))

        written = update_deck(
            plan,
            self.config,
            self.backend,
            presentation_id,
            deck,
            today=today,
            extra_requests=changes_and_seal,
            anchored=True,
        )
        self.warnings += written.warnings
        return written.requests

    def discard(self, presentation_id: str) -> None:
        """Delete a copy that will not be filled."""
        self.backend.delete_deck(presentation_id)

    def share(self, presentation_id: str) -> None:
        """Share a new deck as ``google.share`` says (nothing when it lists no one)."""
        if isinstance(self.backend, Sharing) and self.config.google.share:
            self.backend.share(presentation_id)


class FileDeckOps:
    """Build .pptx files from the offline template, one fresh build per write."""

    def __init__(self, config: Config, template_path: Path | None = None) -> None:
        self.config = config
        self.template_path = template_path
        self._template: Presentation | None = None
        self._template_id = OFFLINE_TEMPLATE_ID

    def template(self) -> Presentation:
        """Return the template presentation, loaded once."""
        if self._template is None:
            backend, self._template_id = make_backend(
                "offline", self.config, template_path=self.template_path
            )
            assert isinstance(backend, OfflineBackend)
            self._template = dict(backend.templates[self._template_id])
        return self._template

    def _backend(self) -> OfflineBackend:
        # A fresh in-memory backend per build, so no deck outlives its file.
        return OfflineBackend({self._template_id: self.template()})

    def template_revision(self) -> str:
        """Return the digest of the template presentation."""
        return digest(self.template())

    def render(
        self, plan: Plan, today: dt.date, output: Path, changes_note: str | None
    ) -> list[str]:
        """Build the deck from the template, replace `output` with it; return its warnings."""
        built = build_deck(
            plan,
            self.config,
            self._backend(),
            template_id=self._template_id,
            name=deck_name(plan, self.config),
            today=today,
            output=output,
            extra_requests=_changes_line(changes_note),
            anchored=True,
        )
        return built.warnings


def make_sync_ops(
    backend_name: str,
    config: Config,
    template_id: str | None = None,
    template_path: Path | None = None,
) -> GoogleDeckOps | OfflineDeckOps:
    """Return the deck ops for the backend called `backend_name`.

    A backend that keeps decks gets them created and updated in place; one
    that does not gets a fresh build per write, saved as a file.
    """
    if not backend_kind(backend_name).keeps_decks:
        return FileDeckOps(config, template_path)
    backend, chosen = make_backend(backend_name, config, template_id=template_id)
    return DriveDeckOps(backend, config, chosen)
