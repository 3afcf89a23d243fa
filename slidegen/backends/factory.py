"""Choose a deck backend by name and say which template it copies."""

from __future__ import annotations

from pathlib import Path

from slidegen.backends.base import DeckBackend
from slidegen.config import Config
from slidegen.errors import TemplateError

OFFLINE_TEMPLATE_ID = "template"


def make_backend(
    name: str,
    config: Config,
    *,
    template_path: Path | None = None,
    template_id: str | None = None,
) -> tuple[DeckBackend, str]:
    """Return the backend called `name` ("offline" or "google") and the template ID to copy.

    Offline decks start from the presentation JSON at `template_path` (or
    ``template.path`` in the config), else the bundled default template.
    Google decks copy the file `template_id` (or ``template.google_id``).
    """
    if name == "offline":
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
    if name == "google":
        from slidegen.backends.google.backend import GoogleBackend

        chosen_id = template_id or config.template.google_id
        if not chosen_id:
            raise TemplateError(
                "no Google template given: pass --template-id or set template.google_id "
                "in the config"
            )
        return GoogleBackend.from_config(config, template_id=chosen_id), chosen_id
    raise TemplateError(f"unknown backend '{name}'; choose offline or google")
