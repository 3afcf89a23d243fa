"""Run a build: plan → composition → one batchUpdate → (optionally) a .pptx file.

This is the only module that runs a build; the `build`, `sync` and `watch`
commands all come here. `build_deck` makes a new deck from the template,
`update_deck` redraws an existing one in place, and both write through
`write_composition`, which holds the speaker-notes fallback's retry.
`fill_deck` puts the slides into a deck someone else owns (``slidegen.into``),
and `fill_deck_file` does the same to a presentation JSON file.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import NoReturn
from urllib.parse import unquote, urlparse

from slidegen.backends.base import (
    BatchResult,
    DeckBackend,
    DeckReading,
    ImageUrls,
    NotesIdMemory,
    Presentation,
    RecoveryLog,
    Request,
    Sharing,
)
from slidegen.config import Config
from slidegen.errors import BackendError, InputError, RequestError, SlidegenError, TemplateError
from slidegen.files import write_atomically, write_text_atomically
from slidegen.into.options import IntoOptions
from slidegen.into.run import read_target, read_template_deck, write_filled, write_filling
from slidegen.layout.compose import Composition, compose
from slidegen.plan.model import DeckTarget, Plan

WEB_SCHEMES = ("http://", "https://")
IMAGE_STATES = ("current", "proposed")


@dataclass
class BuildResult:
    """What a build produced and what it cost."""

    presentation_id: str
    url: str
    requests: list[Request]
    presentation: Presentation | None = None
    revision_id: str | None = None
    """The deck's revision after the write."""
    required_revision_id: str | None = None
    """The revision the write was based on (sent as writeControl)."""
    warnings: list[str] = field(default_factory=list)
    """What a person should know about the deck (text cut to fit, notes not written, …)."""
    pages: dict[str, int] = field(default_factory=dict)
    path: Path | None = None
    """The .pptx file the deck was exported to, when the build wrote one."""
    shared_with: int | None = None
    """How many people the deck was shared with (None: the backend does not share)."""
    positions: list[int] = field(default_factory=list)
    """Where the generated slides stand in a filled deck (1-based; empty for a deck of its own)."""

    @property
    def body(self) -> dict[str, object]:
        """Return the batchUpdate body exactly as sent."""
        body: dict[str, object] = {"requests": self.requests}
        if self.required_revision_id is not None:
            body["writeControl"] = {"requiredRevisionId": self.required_revision_id}
        return body


class _Placeholders(dict[str, str]):
    def __missing__(self, key: str) -> str:
        raise TemplateError(
            f"deck.name_pattern uses {{{key}}}; known fields: "
            "customer, opportunity, date, prepared_by"
        )


def deck_name(plan: Plan, config: Config) -> str:
    """Return the deck's name from ``deck.name_pattern``."""
    fields = _Placeholders(
        customer=plan.customer,
        opportunity=plan.opportunity.name,
        date=plan.date.isoformat(),
        prepared_by=plan.prepared_by.name,
    )
    return config.deck.name_pattern.format_map(fields)


def is_web_url(image: str) -> bool:
    """Return True when a plan's image is an http(s) URL rather than a local file."""
    return image.lower().startswith(WEB_SCHEMES)


def _local_path(image: str, base_dir: Path | None) -> Path:
    """Return the file a local image names; relative paths are read from `base_dir`."""
    if image.lower().startswith("file://"):
        path = Path(unquote(urlparse(image).path))
    else:
        path = Path(image).expanduser()
    if not path.is_absolute():
        path = (base_dir or Path.cwd()) / path
    return path.resolve()


def _with_images(plan: Plan, images: dict[str, str]) -> Plan:
    """Return `plan` with the architecture states' images replaced as given."""
    if not images:
        return plan
    architecture = plan.architecture.model_copy(
        update={
            name: getattr(plan.architecture, name).model_copy(update={"image": image})
            for name, image in images.items()
        }
    )
    return plan.model_copy(update={"architecture": architecture})


MAX_IMAGE_BYTES = 25 * 1024 * 1024
"""The largest local image a plan may place (Slides itself takes up to 50 MB)."""
IMAGE_FORMATS = ("PNG", "JPEG", "GIF")
"""The formats Slides places."""


def _image_problem(path: Path, roots: list[Path]) -> str | None:
    """Return why the local image `path` may not be placed, or None."""
    if not any(path == root or root in path.parents for root in roots):
        folders = " or ".join(str(root) for root in roots)
        return (
            f"image file {path} is outside the plan's folder; images are read only from "
            f"{folders} (and below), or a folder listed in deck.image_folders"
        )
    if not path.is_file():
        return f"image file not found: {path} (relative paths are read from the plan file's folder)"
    size = path.stat().st_size
    if size > MAX_IMAGE_BYTES:
        limit = MAX_IMAGE_BYTES // (1024 * 1024)
        return f"image file {path} is {size / (1024 * 1024):.1f} MB; the limit is {limit} MB"
    from PIL import Image, UnidentifiedImageError

    try:
        with Image.open(path) as image:
            found = image.format
            image.verify()
    except Image.DecompressionBombError:
        # Pillow refuses to open an image of over twice its pixel limit (it only warns below).
        return (
            f"image file {path} has more than {2 * (Image.MAX_IMAGE_PIXELS or 0):,} pixels, "
            "too many to place; scale it down"
        )
    except (UnidentifiedImageError, OSError, ValueError, SyntaxError):
        return f"image file {path} is not a readable PNG, JPEG or GIF image"
    if found not in IMAGE_FORMATS:
        return f"image file {path} is a {found} image; use PNG, JPEG or GIF"
    return None


def _web_image_problem(url: str) -> str | None:
    """Return why the web address of an image cannot be fetched as written, or None."""
    try:
        host = urlparse(url).hostname
    except ValueError as error:
        return f"image URL {url!r} is not a valid address: {error}"
    if not host:
        return f"image URL {url!r} names no host"
    return None


def anchor_images(plan: Plan, base_dir: Path | None, config: Config | None = None) -> Plan:
    """Return `plan` with local image paths made absolute against `base_dir` (the plan's folder).

    Web URLs stay as they are. A local image must lie in `base_dir` (or
    below) or in a folder ``deck.image_folders`` lists, be at most 25 MB and
    decode as a PNG, JPEG or GIF; anything else is an InputError naming the
    plan field, so no other file is ever read into a deck.
    """
    roots = [(base_dir or Path.cwd()).resolve()]
    for index, folder in enumerate(config.deck.image_folders if config is not None else ()):
        try:
            roots.append(Path(folder).expanduser().resolve())
        except RuntimeError as error:  # "~nobody/pictures" names no home folder
            raise InputError.single(
                Path(folder),
                f"cannot find the folder: {error}",
                path=f"deck.image_folders[{index}]",
            ) from None
    anchored: dict[str, str] = {}
    for name in IMAGE_STATES:
        image = getattr(plan.architecture, name).image
        if not image:
            continue
        path: Path | None = None
        if is_web_url(image):
            problem = _web_image_problem(image)
        else:
            try:
                path = _local_path(image, base_dir)
            except (RuntimeError, ValueError, OSError) as error:
                # "~nobody/x.png" names no home folder; a NUL byte no file.
                problem = f"cannot find the image file {image!r}: {error}"
            else:
                problem = _image_problem(path, roots)
        if problem is not None:
            raise InputError.single(
                base_dir or Path.cwd(), problem, path=f"architecture.{name}.image"
            )
        if path is not None:  # a web URL stays as it is
            anchored[name] = str(path)
    return _with_images(plan, anchored)


def resolve_images(
    plan: Plan,
    backend: DeckBackend,
    base_dir: Path | None = None,
    config: Config | None = None,
    *,
    anchored: bool = False,
) -> Plan:
    """Return `plan` with every local image replaced by a URL `backend` can fetch.

    The layout only ever sees URLs; how a local file becomes one is the
    backend's decision (``ImageUrls``). A backend that cannot serve local
    files refuses with a BackendError naming the plan field.
    With `anchored`, the
    plan's images were already checked by ``anchor_images`` (as sync does when
    it loads a plan) and are only turned into URLs.
    """
    if not anchored:
        plan = anchor_images(plan, base_dir, config)
    urls: dict[str, str] = {}
    for name in IMAGE_STATES:
        image = getattr(plan.architecture, name).image
        if not image or is_web_url(image):
            continue
        field_name = f"architecture.{name}.image"
        if not isinstance(backend, ImageUrls):
            raise BackendError(
                f"{field_name}: this deck service cannot place the local image {image}",
                hint="host the image at an https URL the deck service can fetch",
            )
        try:
            urls[name] = backend.image_url(Path(image))
        except BackendError as error:
            raise error.reworded(f"{field_name}: {error.message}") from error
    return _with_images(plan, urls)


@dataclass
class Written:
    """One applied batch: what the service returned, what was sent, what a person should know."""

    result: BatchResult
    requests: list[Request]
    warnings: list[str]


def write_composition(
    backend: DeckBackend,
    presentation_id: str,
    composition: Composition,
    extra: list[Request] | None = None,
    *,
    required_revision_id: str | None = None,
) -> Written:
    """Apply `composition` (plus `extra`) in one batchUpdate; return what was applied.

    Whether Slides names a duplicated slide's notes page after ``objectIds``
    is undocumented. If the service refuses the batch at a request aimed at
    one of ``composition.assumed_ids``, nothing was applied, so the batch is
    sent once more without those requests, under the same revision; the notes
    they carried come back as warnings. A backend that can (``NotesIdMemory``)
    remembers the answer, so later batches through it skip the doomed attempt.
    Any other refusal propagates.
    """
    full = composition.with_extra(extra or [])

    def without_assumed() -> Written:
        reduced = full.without_assumed()
        result = backend.batch_update(presentation_id, reduced.requests, required_revision_id)
        return Written(result, reduced.requests, reduced.warnings)

    assumed = bool(full.assumed_ids)
    memory = backend if isinstance(backend, NotesIdMemory) else None
    if assumed and memory is not None and memory.keeps_notes_ids is False:
        return without_assumed()
    try:
        result = backend.batch_update(presentation_id, full.requests, required_revision_id)
    except RequestError as error:
        index = error.index
        if not assumed or index is None or not 0 <= index < len(full.requests):
            raise
        if not full.is_assumed(full.requests[index]):
            raise
        if memory is not None:
            memory.keeps_notes_ids = False
        return without_assumed()
    if assumed and memory is not None:
        memory.keeps_notes_ids = True
    return Written(result, full.requests, list(full.warnings))


def deck_file_name(plan_path: Path) -> str:
    """Return the file name of the offline deck of `plan_path`: PLAN.pptx."""
    return f"{plan_path.stem}.pptx"


def default_deck_output(config: Config, plan_path: Path) -> Path:
    """Return where an offline deck of `plan_path` goes without -o: deck.output_dir/PLAN.pptx."""
    return Path(config.deck.output_dir) / deck_file_name(plan_path)


def build_deck(
    plan: Plan,
    config: Config,
    backend: DeckBackend,
    *,
    template_id: str,
    name: str,
    today: dt.date,
    properties: dict[str, str] | None = None,
    fetch: bool = False,
    output: Path | None = None,
    share: bool = False,
    extra_requests: Callable[[Presentation, Composition], list[Request]] | None = None,
    base_dir: Path | None = None,
    anchored: bool = False,
) -> BuildResult:
    """Copy the template, fill the copy with one batchUpdate, and return what was built.

    Local images are turned into URLs by the backend first (relative paths
    are read from `base_dir`, the plan file's folder; the current directory
    when None), so a plan the backend cannot illustrate costs no copy. The
    write names the revision just read, so a concurrent edit makes it fail
    rather than interleave (see `write_composition` for the one retry a
    service that drops a duplicated slide's notes IDs costs). If anything
    fails after the copy exists, the copy is deleted and the error re-raised
    saying so. With `fetch`, the finished presentation is read back (one more
    read) and returned; with `output` it is written there, read in place where the
    backend can (``DeckReading``; see `export_deck`: .pptx, or presentation JSON for a
    name ending in .json). `extra_requests`
    may add requests (e.g. a changes line in the notes) to the same single write.
    With `share`, a backend that can (``Sharing``) shares the deck with
    ``google.share`` once it is written; what a backend did to recover from faults during the
    build (``RecoveryLog``) is added to the warnings. With `anchored`, the plan's local images
    were already checked by ``anchor_images`` (as sync does when it loads a plan).
    """
    recovered = _recovery_count(backend)
    plan = resolve_images(plan, backend, base_dir, config, anchored=anchored)
    presentation_id = backend.copy_template(template_id, name, properties)
    try:
        deck = backend.get_deck(presentation_id)
        composition = compose(plan, config, deck, today)
        extra = extra_requests(deck, composition) if extra_requests is not None else []
        written = write_composition(
            backend,
            presentation_id,
            composition,
            extra,
            required_revision_id=deck.get("revisionId"),
        )
        if fetch or not isinstance(backend, DeckReading):
            finished = backend.get_deck(presentation_id) if fetch or output else None
        else:
            # Only exported: reading the deck in place spares a copy of all of it.
            finished = backend.read_deck(presentation_id) if output else None
    except SlidegenError as error:
        _discard(backend, presentation_id, name, error)
    if output is not None:
        assert finished is not None
        export_deck(finished, output)
    shared_with = None
    if share and isinstance(backend, Sharing) and config.google.share:
        shared_with = backend.share(presentation_id)
    return BuildResult(
        presentation_id=presentation_id,
        url=backend.deck_url(presentation_id),
        requests=written.requests,
        presentation=finished if fetch else None,
        revision_id=written.result.revision_id,
        required_revision_id=deck.get("revisionId"),
        warnings=[*written.warnings, *_recoveries_since(backend, recovered)],
        pages=composition.pages,
        path=output,
        shared_with=shared_with,
    )


def update_deck(
    plan: Plan,
    config: Config,
    backend: DeckBackend,
    presentation_id: str,
    deck: Presentation,
    *,
    today: dt.date,
    extra_requests: Callable[[Presentation, Composition], list[Request]] | None = None,
    base_dir: Path | None = None,
    anchored: bool = False,
) -> Written:
    """Redraw the generated content of `deck` (as just read) with one batchUpdate.

    Slides and elements people added stay. The write names `deck`'s revision,
    so a concurrent edit makes it fail rather than interleave; see
    `write_composition` for its one retry. With `anchored`, the plan's local
    images were already checked by ``anchor_images``.
    """
    recovered = _recovery_count(backend)
    plan = resolve_images(plan, backend, base_dir, config, anchored=anchored)
    composition = compose(plan, config, deck, today)
    extra = extra_requests(deck, composition) if extra_requests is not None else []
    written = write_composition(
        backend, presentation_id, composition, extra, required_revision_id=deck.get("revisionId")
    )
    written.warnings += _recoveries_since(backend, recovered)
    return written


def fill_deck(
    plan: Plan,
    config: Config,
    backend: DeckBackend,
    presentation_id: str,
    *,
    today: dt.date,
    options: IntoOptions,
    deck: Presentation | None = None,
    template_id: str | None = None,
    fetch: bool = False,
    base_dir: Path | None = None,
    anchored: bool = False,
) -> BuildResult:
    """Put `plan`'s slides into the existing deck `presentation_id` with one batchUpdate.

    Reads the deck once (unless `deck` is what the caller just read) and
    writes once, based on the revision read, so an edit made in between
    makes the write fail rather than interleave; a refused write changes
    nothing. With `template_id` the prototypes come from that template deck
    (one more read) instead of the bundled design. With `fetch` the filled
    deck is read back. With `anchored`, the plan's local images were already
    checked by ``anchor_images``.
    """
    recovered = _recovery_count(backend)
    plan = resolve_images(plan, backend, base_dir, config, anchored=anchored)
    if deck is None:
        deck = read_target(backend, presentation_id)
    template = read_template_deck(backend, template_id) if template_id else None
    revision = deck.get("revisionId")
    memory = backend if isinstance(backend, NotesIdMemory) else None

    # Filling a deck draws on much that building one does not need: imported when used.
    from slidegen.into.fill import Filling, fill_requests

    def filling_of(name_notes: bool) -> Filling:
        return fill_requests(
            plan,
            config,
            deck,
            today=today,
            options=options,
            template=template,
            name_notes=name_notes,
        )

    filling = filling_of(memory is None or memory.keeps_notes_ids is not False)
    try:
        result = write_filling(backend, presentation_id, filling.requests, revision)
    except RequestError as error:
        # As in write_composition: a refusal at a notes ID the batch named applied nothing,
        # so the batch goes once more with new prototypes, their notes left to the next run.
        index = error.index
        if index is None or not 0 <= index < len(filling.requests):
            raise
        if not filling.is_assumed(filling.requests[index]):
            raise
        if memory is not None:
            memory.keeps_notes_ids = False
        filling = filling_of(False)
        result = write_filling(backend, presentation_id, filling.requests, revision)
    else:
        if filling.assumed_ids and memory is not None:
            memory.keeps_notes_ids = True
    finished = backend.get_deck(presentation_id) if fetch else None
    return BuildResult(
        presentation_id=presentation_id,
        url=backend.deck_url(presentation_id),
        requests=filling.requests,
        presentation=finished,
        revision_id=result.revision_id,
        required_revision_id=revision,
        warnings=[*filling.notes, *_recoveries_since(backend, recovered)],
        pages=filling.pages,
        positions=filling.positions,
    )


def fill_deck_file(
    plan: Plan,
    config: Config,
    deck_path: Path,
    *,
    today: dt.date,
    options: IntoOptions,
    output: Path | None = None,
    base_dir: Path | None = None,
    template_path: Path | None = None,
    write: bool = True,
) -> BuildResult:
    """Fill the presentation JSON at `deck_path` as `fill_deck` fills a Google deck.

    With `write` the file is replaced by the filled deck and the deck is also
    written as .pptx to `output` (default: beside it). With `template_path`
    (a template deck as JSON) the prototypes come from it. The result holds
    the filled deck.
    """
    from slidegen.backends.offline.backend import OfflineBackend
    from slidegen.export.pptx import read_presentation

    backend = OfflineBackend({})
    presentation_id = backend.add_deck(read_presentation(deck_path))
    template_id = None
    if template_path is not None:
        template = read_presentation(template_path)
        template_id = backend.add_deck({**template, "presentationId": "template"})
    result = fill_deck(
        plan,
        config,
        backend,
        presentation_id,
        today=today,
        options=options,
        template_id=template_id,
        fetch=True,
        base_dir=base_dir,
    )
    if write:
        assert result.presentation is not None
        pptx = output or deck_path.with_suffix(".pptx")
        write_filled(result.presentation, deck_path, pptx)
        result.path = pptx
    return result


def without_title(plan: Plan) -> Plan:
    """Return `plan` with its title slide left out (as ``deck: {title: false}`` says)."""
    target = plan.deck or DeckTarget()
    return plan.model_copy(update={"deck": target.model_copy(update={"title": False})})


def _recovery_count(backend: DeckBackend) -> int:
    """Return how many recoveries `backend` has reported so far."""
    return len(backend.recoveries) if isinstance(backend, RecoveryLog) else 0


def _recoveries_since(backend: DeckBackend, count: int) -> list[str]:
    """Return what `backend` did to recover from faults after its first `count` reports."""
    return list(backend.recoveries[count:]) if isinstance(backend, RecoveryLog) else []


def export_deck(presentation: Presentation, output: Path) -> None:
    """Write the finished deck to `output`, replacing any file there atomically.

    A name ending in .json gets the presentation JSON as Google holds it (the
    hidden prototype slides stay, so ``apply`` and ``render`` see the real
    deck); any other name gets a .pptx without the prototype slides.
    """
    if output.suffix.lower() == ".json":
        text = json.dumps(presentation, indent=2, ensure_ascii=False) + "\n"
        write_text_atomically(output, text)
        return
    # Imported here so builds that write no .pptx never load python-pptx.
    from slidegen.export.pptx import export_pptx

    write_atomically(
        output,
        lambda temporary: export_pptx(presentation, temporary, drop_skipped=True),
        suffix=".pptx",
    )


def _discard(
    backend: DeckBackend, presentation_id: str, name: str, error: SlidegenError
) -> NoReturn:
    """Delete the half-made copy, then raise `error` again with that said."""
    try:
        backend.delete_deck(presentation_id)
        outcome = f"the copy {presentation_id} was deleted"
    except SlidegenError as cleanup:
        outcome = f"the copy {presentation_id} could not be deleted ({cleanup}); delete it by hand"
    suffix = f" [building '{name}': {outcome}]"
    if isinstance(error, RequestError):
        raise RequestError(error.index, error.reason + suffix, error.request_kind) from error
    if isinstance(error, BackendError):
        raise error.reworded(error.message + suffix) from error
    if isinstance(error, TemplateError):
        raise TemplateError(error.message + suffix, hint=error.hint) from error
    error.add_note(suffix.strip())
    raise error
