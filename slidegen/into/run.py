"""Reading and writing the deck being filled, and which deck that is (see pipeline.fill_deck)."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol, runtime_checkable

from slidegen.backends.base import BatchResult, DeckBackend, Presentation, Request
from slidegen.config import Config
from slidegen.errors import AuthError, BackendError, TargetDeckError, TemplateError
from slidegen.files import write_atomically, write_text_atomically
from slidegen.into.options import IntoOptions
from slidegen.plan.model import Plan


@runtime_checkable
class DeckOwners(Protocol):
    """The optional part of a DeckBackend: who owns a deck (to say whom to ask for access)."""

    def owners(self, presentation_id: str) -> list[str]:
        """Return the owners of the deck as 'Name <email>'."""
        ...


def read_target(backend: DeckBackend, presentation_id: str) -> Presentation:
    """Return the deck to fill, or say clearly why it cannot be read."""
    try:
        return backend.get_deck(presentation_id)
    except BackendError as error:
        if error.status in (403, 404):
            raise TargetDeckError(
                f"deck {presentation_id} was not found, or this account cannot open it "
                f"(HTTP {error.status}); check the ID (the part after /d/ in the deck's URL) "
                "and that the deck is shared with this account as an editor"
            ) from error
        raise


def read_template_deck(backend: DeckBackend, template_id: str) -> Presentation:
    """Return the template deck whose prototypes are drawn, or say clearly why it cannot be read."""
    try:
        return backend.get_deck(template_id)
    except BackendError as error:
        if error.status in (403, 404):
            raise TemplateError(
                f"template deck {template_id} was not found, or this account cannot open it "
                f"(HTTP {error.status}); share it with this account (Viewer is enough)"
            ) from error
        raise


def _no_edit_access(backend: DeckBackend, presentation_id: str) -> TargetDeckError:
    owners: list[str] = []
    if isinstance(backend, DeckOwners):
        # Only asked once the write was refused: a fill that works costs no extra call.
        try:
            owners = backend.owners(presentation_id)
        except BackendError:
            owners = []
    ask = f"ask its owner ({', '.join(owners)})" if owners else "ask its owner"
    return TargetDeckError(
        f"deck {presentation_id}: this account can read it but not edit it, so nothing was "
        f"changed; {ask} to share it with this account as an editor"
    )


def write_filling(
    backend: DeckBackend,
    presentation_id: str,
    requests: list[Request],
    revision: str | None,
) -> BatchResult:
    """Send the filling batch based on `revision`; a deck that cannot be edited names its owner."""
    try:
        return backend.batch_update(presentation_id, requests, revision)
    except BackendError as error:
        if error.status == 403 and not isinstance(error, AuthError):
            raise _no_edit_access(backend, presentation_id) from error
        raise


def write_filled(presentation: Presentation, deck_path: Path, pptx_path: Path) -> None:
    """Replace the deck JSON at `deck_path` with the filled deck and write it as .pptx too."""
    # Unlike a deck of its own, the deck's skipped slides are its owner's: they stay in the .pptx.
    from slidegen.export.pptx import export_pptx

    text = json.dumps(presentation, indent=1, ensure_ascii=False) + "\n"
    write_text_atomically(deck_path, text)
    write_atomically(pptx_path, lambda path: export_pptx(presentation, path), suffix=".pptx")


_DECK_URL = re.compile(r"/presentation/d/([A-Za-z0-9_-]+)")


def deck_id_from(text: str) -> str:
    """Return the presentation ID in `text`: an ID, or a Google Slides URL holding one."""
    match = _DECK_URL.search(text)
    return match.group(1) if match else text.strip()


@dataclass(frozen=True)
class Target:
    """The existing deck a plan's slides go into, and where in it."""

    deck: str
    """A presentation ID (Google) or a presentation JSON file (offline)."""
    options: IntoOptions


def target_for(
    plan: Plan,
    *,
    into: str | None,
    after: str | None,
    force: bool,
    take_over: bool,
    use_plan_deck: bool,
    plan_name: str | None = None,
) -> Target | None:
    """Return the deck to fill: `into` if given, else the plan's ``deck:`` when it may be used.

    `after` given on the command line wins over the plan's ``deck.after``.
    """
    planned = plan.deck if use_plan_deck else None
    deck = into or (planned.into if planned else None)
    if deck is None:
        return None
    if after is None and planned is not None and (into is None or into == planned.into):
        after = planned.after
    options = IntoOptions(after=after, force=force, take_over=take_over, plan_name=plan_name)
    return Target(deck, options)


def google_backend(config: Config) -> DeckBackend:
    """Return a Google backend for filling existing decks (no template deck needed)."""
    from slidegen.backends.google.backend import GoogleBackend

    return GoogleBackend.from_config(config)
