"""Fill an existing deck through a backend: one read, one batchUpdate, all or nothing."""

from __future__ import annotations

import datetime as dt
import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol, runtime_checkable

from slidegen.backends.base import BatchResult, DeckBackend, Presentation, Request
from slidegen.config import Config
from slidegen.errors import AuthError, BackendError, TargetDeckError, TemplateError
from slidegen.files import write_atomically, write_text_atomically
from slidegen.into.fill import IntoOptions, fill_requests
from slidegen.pipeline import resolve_images
from slidegen.plan.model import Plan


@runtime_checkable
class DeckOwners(Protocol):
    """The optional part of a DeckBackend: who owns a deck (to say whom to ask for access)."""

    def owners(self, presentation_id: str) -> list[str]:
        """Return the owners of the deck as 'Name <email>'."""
        ...


@dataclass
class FillResult:
    """What filling a deck wrote and what a person should know about it."""

    presentation_id: str
    url: str
    requests: list[Request]
    revision_id: str | None
    required_revision_id: str | None
    presentation: Presentation | None = None
    """The deck after the write (when asked for)."""
    notes: list[str] = field(default_factory=list)
    pages: dict[str, int] = field(default_factory=dict)
    positions: list[int] = field(default_factory=list)

    @property
    def body(self) -> dict[str, object]:
        """Return the batchUpdate body exactly as sent."""
        body: dict[str, object] = {"requests": self.requests}
        if self.required_revision_id is not None:
            body["writeControl"] = {"requiredRevisionId": self.required_revision_id}
        return body


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


def _read_template_deck(backend: DeckBackend, template_id: str) -> Presentation:
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


def fill_deck(
    plan: Plan,
    config: Config,
    backend: DeckBackend,
    presentation_id: str,
    *,
    today: dt.date,
    options: IntoOptions,
    fetch: bool = False,
    base_dir: Path | None = None,
    template_id: str | None = None,
) -> FillResult:
    """Put `plan`'s slides into the existing deck `presentation_id` with one batchUpdate.

    Reads the deck once and writes once, based on the revision read, so an
    edit made in between makes the write fail rather than interleave. A
    refused write changes nothing. With `template_id` the prototypes come
    from that template deck (one more read) instead of the bundled design.
    With `fetch` the filled deck is read back.
    """
    plan = resolve_images(plan, backend, base_dir, config)
    deck = read_target(backend, presentation_id)
    template = _read_template_deck(backend, template_id) if template_id else None
    filling = fill_requests(plan, config, deck, today=today, options=options, template=template)
    revision = deck.get("revisionId")
    result = write_filling(backend, presentation_id, filling.requests, revision)
    finished = backend.get_deck(presentation_id) if fetch else None
    return FillResult(
        presentation_id=presentation_id,
        url=backend.deck_url(presentation_id),
        requests=filling.requests,
        revision_id=result.revision_id,
        required_revision_id=revision,
        presentation=finished,
        notes=filling.notes,
        pages=filling.pages,
        positions=filling.positions,
    )


def fill_file(
    plan: Plan,
    config: Config,
    deck_path: Path,
    *,
    today: dt.date,
    options: IntoOptions,
    base_dir: Path | None = None,
    template_path: Path | None = None,
) -> FillResult:
    """Fill the presentation JSON at `deck_path` in memory; the result holds the filled deck.

    With `template_path` (a template deck as JSON) the prototypes come from it.
    """
    from slidegen.backends.offline.backend import OfflineBackend
    from slidegen.export.pptx import read_presentation

    backend = OfflineBackend({})
    presentation_id = backend.add_deck(read_presentation(deck_path))
    template_id = None
    if template_path is not None:
        template = read_presentation(template_path)
        template_id = backend.add_deck({**template, "presentationId": "template"})
    return fill_deck(
        plan,
        config,
        backend,
        presentation_id,
        today=today,
        options=options,
        fetch=True,
        base_dir=base_dir,
        template_id=template_id,
    )


def write_filled(result: FillResult, deck_path: Path, pptx_path: Path) -> None:
    """Replace the deck JSON at `deck_path` with the filled deck and write it as .pptx too."""
    from slidegen.export.pptx import export_pptx

    presentation = result.presentation
    if presentation is None:
        raise ValueError("write_filled needs a result read back after the write (fetch=True)")
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
