"""The deck backends slidegen knows, by name, and how to make each one.

Everything that lets a person choose a backend (the ``--backend`` options,
sync) asks this registry, so adding a backend is one record here plus its
package under ``slidegen.backends``. Backends are imported only when made.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Final

from slidegen.backends.base import DeckBackend
from slidegen.config import Config
from slidegen.errors import BackendError, TemplateError

OFFLINE_TEMPLATE_ID = "template"


@dataclass(frozen=True)
class BackendKind:
    """One deck service slidegen can build in."""

    name: str
    description: str
    """One line for help texts."""
    keeps_decks: bool
    """True when decks live on in the service (sync finds and updates them there);
    False when the deck exists only for the run and a build ends as a .pptx file."""
    make: Callable[[Config, Path | None, str | None], tuple[DeckBackend, str]]
    """Return the backend and the template ID to copy, from the config, a template
    file (offline) and a template ID (overriding the config's)."""


def _make_offline(
    config: Config, template_path: Path | None, template_id: str | None
) -> tuple[DeckBackend, str]:
    from slidegen.backends.offline.backend import OfflineBackend

    path = template_path or (Path(config.template.path) if config.template.path else None)
    if path is None:
        from slidegen.templates import load_default_template

        presentation = load_default_template()
    else:
        from slidegen.export.pptx import read_presentation

        presentation = read_presentation(path)
    chosen = template_id or OFFLINE_TEMPLATE_ID
    return OfflineBackend({chosen: presentation}), chosen


def _make_google(
    config: Config, _template_path: Path | None, template_id: str | None
) -> tuple[DeckBackend, str]:
    from slidegen.backends.google.backend import GoogleBackend

    chosen_id = template_id or config.template.google_id
    if not chosen_id:
        raise TemplateError(
            "no Google template given: pass --template-id or set template.google_id in the config"
        )
    return GoogleBackend.from_config(config, template_id=chosen_id), chosen_id


BACKENDS: Final[dict[str, BackendKind]] = {
    kind.name: kind
    for kind in (
        BackendKind(
            "offline",
            "in memory, applying requests with the Slides API's rules; decks end as .pptx files",
            keeps_decks=False,
            make=_make_offline,
        ),
        BackendKind(
            "google",
            "Google Slides and Drive (or the local emulator)",
            keeps_decks=True,
            make=_make_google,
        ),
    )
}
"""Every backend by name, the default (``offline``) first."""


def backend_names() -> list[str]:
    """Return the names a person may choose a backend by."""
    return list(BACKENDS)


def backend_kind(name: str) -> BackendKind:
    """Return the backend called `name`, or raise a BackendError listing the known ones."""
    kind = BACKENDS.get(name)
    if kind is None:
        raise BackendError(
            f"unknown backend '{name}'", hint=f"choose one of: {', '.join(BACKENDS)}"
        )
    return kind


def make_backend(
    name: str,
    config: Config,
    *,
    template_path: Path | None = None,
    template_id: str | None = None,
) -> tuple[DeckBackend, str]:
    """Return the backend called `name` and the template ID to copy.

    Offline decks start from the presentation JSON at `template_path` (or
    ``template.path`` in the config), else the bundled default template.
    Google decks copy the file `template_id` (or ``template.google_id``).
    """
    return backend_kind(name).make(config, template_path, template_id)
