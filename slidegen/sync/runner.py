"""Keep decks in step with plans: create, update in place, or leave alone.

For each plan the runner computes a fingerprint of everything that shapes its
deck and compares it with the fingerprint recorded at the last sync (in the
state file, or in the deck's Drive app properties when the state file has no
entry). Unchanged plans cost no API call at all: the state file is trusted
unless ``verify`` asks to confirm each deck still exists and still carries the
recorded fingerprint. A changed plan regenerates its deck in place (same ID,
same URL) with one batchUpdate, unless a person edited generated content
since the last run (drift), which is refused unless forced.
"""

from __future__ import annotations

import abc
import datetime as dt
import logging
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol, runtime_checkable

from slidegen import __version__
from slidegen.backends.base import (
    BatchResult,
    DeckBackend,
    NotesIdMemory,
    Presentation,
    Request,
)
from slidegen.config import Config
from slidegen.errors import AuthError, BackendError, InputError, SlidegenError
from slidegen.into.fill import IntoOptions, fill_requests
from slidegen.into.run import deck_id_from, write_filling
from slidegen.pipeline import (
    anchor_images,
    deck_file_name,
    resolve_images,
)
from slidegen.plan.loader import load_plan
from slidegen.plan.model import Plan
from slidegen.sync.changes import snapshot, summarize
from slidegen.sync.drift import (
    DriftItem,
    deck_generated_elements,
    find_drift,
    generated_elements,
)
from slidegen.sync.fingerprint import fingerprint, plan_key, shard_of
from slidegen.sync.lock import SyncLock
from slidegen.sync.ratelimit import TokenBucket
from slidegen.sync.report import (
    CREATE,
    DRIFT,
    FAILED,
    UNCHANGED,
    UPDATE,
    PlanResult,
    SyncReport,
)
from slidegen.sync.state import DeckRecord, SyncState, load_state

log = logging.getLogger(__name__)

PROPERTY_FINGERPRINT = "sg_fp"
PROPERTY_PLAN = "sg_plan"
PROPERTY_VERSION = "sg_ver"
PROPERTY_COUNT = "sg_n"

VERSION_HISTORY_HINT = (
    "the previous version is recoverable from Drive's version history (File → Version history)"
)
PLAN_SUFFIXES = (".yaml", ".yml")
STATE_SAVE_INTERVAL = 5.0
"""Seconds between state file writes during a run (it is always written at the end)."""


class RunStopped(SlidegenError):
    """Something every plan depends on failed, so the run stops."""


@dataclass(frozen=True)
class SyncOptions:
    """How a run behaves."""

    today: dt.date
    force: bool = False
    dry_run: bool = False
    verify: bool = False
    shard: tuple[int, int] | None = None


class GoogleDeckOps(Protocol):
    """Deck making that a Drive-backed sync needs.

    Ops that keep a ``warnings`` list (what a person should know about the
    decks they wrote) have its new entries added to each plan's result.
    """

    backend: DeckBackend

    def template_revision(self) -> str:
        """Return the revision of the template decks are copied from."""
        ...

    def create(
        self, plan: Plan, today: dt.date, properties: dict[str, str], changes_note: str | None
    ) -> tuple[str, list[Request]]:
        """Build a new deck for `plan`; return its ID and the requests that filled it."""
        ...

    def update(
        self,
        plan: Plan,
        presentation_id: str,
        deck: Presentation,
        today: dt.date,
        changes_note: str | None,
    ) -> list[Request]:
        """Redraw the generated content of `deck` with one write; return the requests applied."""
        ...


@runtime_checkable
class OfflineDeckOps(Protocol):
    """Deck making that a file-backed sync needs."""

    def template_revision(self) -> str:
        """Return a digest of the template decks are built from."""
        ...

    def render(
        self, plan: Plan, today: dt.date, output: Path, changes_note: str | None
    ) -> list[str]:
        """Build the deck of `plan` from the template, write it to `output`; return warnings."""
        ...


def parse_shard(text: str) -> tuple[int, int]:
    """Return (K, N) from 'K/N', where 1 <= K <= N."""
    try:
        index_text, count_text = text.split("/")
        index, count = int(index_text), int(count_text)
    except ValueError:
        raise ValueError(f"shard must look like K/N (e.g. 2/4), not {text!r}") from None
    if not 1 <= index <= count:
        raise ValueError(f"shard {text}: K must be between 1 and N")
    return index, count


def discover_plans(paths: Sequence[Path]) -> list[Path]:
    """Return the plan files named by `paths` (files, or folders searched for *.yaml)."""
    found: list[Path] = []
    missing: list[Path] = []
    for path in paths:
        if path.is_dir():
            found += sorted(
                candidate
                for candidate in path.rglob("*")
                if candidate.suffix in PLAN_SUFFIXES
                and candidate.is_file()
                and not any(part.startswith(".") for part in candidate.relative_to(path).parts)
            )
        elif path.is_file():
            found.append(path)
        else:
            missing.append(path)
    if missing:
        raise InputError.single(missing[0], "no such plan file or folder")
    unique: dict[Path, Path] = {}
    for plan in found:
        unique.setdefault(plan.resolve(), plan)
    return list(unique.values())


def changes_note(changes: list[str], today: dt.date) -> str:
    """Return the dated line that records what changed, for the title slide's notes."""
    return f"Changes {today.isoformat()}: {', '.join(changes)}"


class RateLimitedBackend:
    """A DeckBackend whose writes all draw from one shared token bucket."""

    def __init__(self, inner: DeckBackend, bucket: TokenBucket) -> None:
        self.inner = inner
        self.bucket = bucket
        self.calls = inner.calls

    def __getattr__(self, name: str) -> Any:
        return getattr(self.inner, name)

    @property
    def keeps_notes_ids(self) -> bool | None:
        """Return what the wrapped backend learnt about duplicated slides' notes IDs."""
        return self.inner.keeps_notes_ids if isinstance(self.inner, NotesIdMemory) else None

    @keeps_notes_ids.setter
    def keeps_notes_ids(self, kept: bool | None) -> None:
        # Remember it on the wrapped backend, which outlives this run's wrapper.
        if isinstance(self.inner, NotesIdMemory):
            self.inner.keeps_notes_ids = kept

    def copy_template(
        self, template_id: str, name: str, properties: dict[str, str] | None = None
    ) -> str:
        """Copy the template once a write token is free."""
        self.bucket.acquire()
        return self.inner.copy_template(template_id, name, properties)

    def get_deck(self, presentation_id: str) -> Presentation:
        """Read a deck (reads are not rate limited here)."""
        return self.inner.get_deck(presentation_id)

    def batch_update(
        self,
        presentation_id: str,
        requests: list[Request],
        required_revision_id: str | None = None,
    ) -> BatchResult:
        """Apply a batch once a write token is free."""
        self.bucket.acquire()
        return self.inner.batch_update(presentation_id, requests, required_revision_id)

    def delete_deck(self, presentation_id: str) -> None:
        """Delete a deck once a write token is free."""
        self.bucket.acquire()
        self.inner.delete_deck(presentation_id)

    def deck_url(self, presentation_id: str) -> str:
        """Return the deck's link."""
        return self.inner.deck_url(presentation_id)

    def get_properties(self, presentation_id: str) -> dict[str, str]:
        """Read the deck's app properties."""
        return self.inner.get_properties(presentation_id)

    def set_properties(self, presentation_id: str, properties: dict[str, str]) -> None:
        """Write the deck's app properties once a write token is free."""
        self.bucket.acquire()
        self.inner.set_properties(presentation_id, properties)

    def find_decks(self, properties: dict[str, str]) -> list[str]:
        """Search decks by app properties."""
        return self.inner.find_decks(properties)


@dataclass
class _Prepared:
    """A valid plan and what its deck would be built from."""

    path: Path
    key: str
    plan: Plan
    fingerprint: str
    snapshot: dict[str, Any]
    result: PlanResult
    previous: DeckRecord | None = None
    notes: list[str] = field(default_factory=list)


class _Runner(abc.ABC):
    """What the Drive-backed and the file-backed syncs share."""

    backend_name = ""

    def __init__(
        self,
        config: Config,
        state: SyncState,
        root: Path,
        options: SyncOptions,
        report: Callable[[str], None],
    ) -> None:
        self.config = config
        self.state = state
        self.root = root
        self.options = options
        self.report = report
        self._template_revision: str | None = None
        self._unsaved = False
        self._saved_at = time.monotonic()

    @abc.abstractmethod
    def template_revision(self) -> str:
        """Return the template revision (called once per run)."""

    def _revision(self) -> str:
        if self._template_revision is None:
            try:
                self._template_revision = self.template_revision()
            except AuthError:
                raise
            except SlidegenError as error:
                # Every plan needs the template: one clear stop beats a failure per plan.
                raise RunStopped(f"cannot read the template: {error}") from error
        return self._template_revision

    def prepare(self, path: Path) -> _Prepared | PlanResult:
        """Return the loaded plan and its fingerprint, or a failed result for an invalid plan."""
        key = plan_key(path, self.root)
        result = PlanResult(plan=str(path), plan_key=key)
        try:
            plan = anchor_images(load_plan(path, self.config), path.parent)
        except InputError as error:
            result.action = FAILED
            problems = "\n".join(str(problem) for problem in error.problems)
            result.error = f"invalid plan; its deck is left as it was:\n{problems}"
            return result
        revision = self._revision()
        today = self.options.today
        previous = self.state.get(self.backend_name, key)
        current = snapshot(plan, self.config, revision, today, __version__)
        result.changes = summarize(previous.snapshot if previous else None, current)
        return _Prepared(
            path,
            key,
            plan,
            fingerprint(plan, self.config, revision, today),
            current,
            result,
            previous,
        )

    def note_for(self, prepared: _Prepared) -> str | None:
        """Return the speaker-notes line about this run's changes, if any is wanted."""
        if not prepared.result.changes or not self.config.sync.changes_in_notes:
            return None
        return changes_note(prepared.result.changes, self.options.today)

    @abc.abstractmethod
    def sync_plan(self, path: Path) -> PlanResult:
        """Bring one plan's deck up to date and return what happened."""

    def writes(self) -> int:
        """Return the number of write calls made so far."""
        return 0

    def run(self, plans: Iterable[Path], report: SyncReport) -> None:
        """Sync every plan in turn; one plan failing never stops the others."""
        try:
            for path in plans:
                before = self.writes()
                try:
                    result = self.sync_plan(path)
                except (AuthError, RunStopped):
                    raise
                except SlidegenError as error:
                    result = PlanResult(plan=str(path), plan_key=plan_key(path, self.root))
                    result.action = FAILED
                    result.error = str(error)
                result.writes = self.writes() - before
                report.results.append(result)
                self.report(result.line(self.options.dry_run))
        finally:
            if self._unsaved:
                self.save_state()

    def save_state(self) -> None:
        """Write the state file now."""
        self.state.save()
        self._unsaved = False
        self._saved_at = time.monotonic()

    def record(self, prepared: _Prepared, presentation_id: str, url: str, **extra: Any) -> None:
        """Store what this sync produced; the state file is written every few seconds."""
        self.state.put(
            self.backend_name,
            prepared.key,
            DeckRecord(
                plan_path=prepared.path.as_posix(),
                presentation_id=presentation_id,
                fingerprint=prepared.fingerprint,
                url=url,
                as_of=self.options.today.isoformat(),
                synced_at=dt.datetime.now(dt.UTC).replace(microsecond=0).isoformat(),
                snapshot=prepared.snapshot,
                **extra,
            ),
        )
        self._unsaved = True
        # Rewriting the whole file per plan would make a first run over many plans
        # quadratic; the decks' app properties cover a crash between two saves.
        if time.monotonic() - self._saved_at >= STATE_SAVE_INTERVAL:
            self.save_state()


class DriveSync(_Runner):
    """Sync decks kept in Google Drive (or the loopback emulator)."""

    backend_name = "google"

    def __init__(
        self,
        config: Config,
        state: SyncState,
        root: Path,
        options: SyncOptions,
        report: Callable[[str], None],
        ops: GoogleDeckOps,
    ) -> None:
        super().__init__(config, state, root, options, report)
        self.ops = ops
        self.backend = ops.backend

    def template_revision(self) -> str:
        """Return the template's revision, read once per run."""
        return self.ops.template_revision()

    def writes(self) -> int:
        """Return the number of write calls the backend made so far."""
        return self.backend.calls.writes

    def _ops_notes(self) -> list[str]:
        notes = getattr(self.ops, "warnings", None)
        return notes if isinstance(notes, list) else []

    def _properties(self, presentation_id: str) -> dict[str, str] | None:
        try:
            return self.backend.get_properties(presentation_id)
        except BackendError as error:
            if error.status == 404:
                return None
            raise

    def _deck(self, presentation_id: str) -> Presentation | None:
        try:
            return self.backend.get_deck(presentation_id)
        except BackendError as error:
            if error.status == 404:
                return None
            raise

    def _unchanged(self, prepared: _Prepared, presentation_id: str) -> PlanResult:
        result = prepared.result
        result.action = UNCHANGED
        result.changes = []
        result.presentation_id = presentation_id
        result.url = self.backend.deck_url(presentation_id)
        return result

    def sync_plan(self, path: Path) -> PlanResult:
        """Create, update or leave alone the Drive deck of one plan."""
        prepared = self.prepare(path)
        if isinstance(prepared, PlanResult):
            return prepared
        result = prepared.result
        record = prepared.previous
        if prepared.plan.deck is not None:
            return self._sync_into(prepared, deck_id_from(prepared.plan.deck.into))
        deck_id: str | None = record.presentation_id if record else None
        properties: dict[str, str] | None = None

        if record is not None and not self.options.verify:
            if record.fingerprint == prepared.fingerprint:
                return self._unchanged(prepared, record.presentation_id)
        elif record is not None:
            properties = self._properties(record.presentation_id)
            if properties is None:
                result.notes.append("the deck was deleted in Drive; making a new one")
                deck_id = None
            elif properties.get(PROPERTY_FINGERPRINT) == prepared.fingerprint:
                if record.fingerprint != prepared.fingerprint:
                    self.record(
                        prepared, record.presentation_id, record.url, generated=record.generated
                    )
                return self._unchanged(prepared, record.presentation_id)
        else:
            deck_id, properties = self._find_by_properties(prepared)
            if (
                deck_id is not None
                and properties is not None
                and properties.get(PROPERTY_FINGERPRINT) == prepared.fingerprint
            ):
                url = self.backend.deck_url(deck_id)
                if not self.options.dry_run:
                    self.record(prepared, deck_id, url)
                return self._unchanged(prepared, deck_id)

        deck = self._deck(deck_id) if deck_id is not None else None
        if deck_id is not None and deck is None:
            result.notes.append("the deck was deleted in Drive; making a new one")
        if deck is not None and deck_id is not None:
            return self._update(prepared, deck_id, deck, properties)
        return self._create(prepared)

    def _sync_into(self, prepared: _Prepared, deck_id: str) -> PlanResult:
        """Keep the plan's slides current in the existing deck its ``deck.into`` names.

        The deck belongs to someone else: it is never created or copied here,
        and its Drive properties are left alone (the plan names the deck). A
        run costs one read of the deck and one write; an unchanged plan none.
        """
        record = prepared.previous
        same_deck = record is not None and record.presentation_id == deck_id
        unchanged = same_deck and record is not None and record.fingerprint == prepared.fingerprint
        if unchanged and not self.options.verify:
            return self._unchanged(prepared, deck_id)
        deck = self._deck(deck_id)
        result = prepared.result
        if deck is None:
            result.action = FAILED
            result.error = (
                f"deck {deck_id} (the plan's deck.into) was not found or is not shared with "
                "this account; nothing was changed"
            )
            return result
        if unchanged:
            return self._unchanged(prepared, deck_id)
        if record is not None and not same_deck:
            result.notes.append(
                f"the plan now names deck {deck_id}; its slides in deck "
                f"{record.presentation_id} were left there"
            )
        result.presentation_id = deck_id
        result.url = self.backend.deck_url(deck_id)
        expected = record.generated if same_deck and record is not None else None
        if self._refused_for_drift(result, find_drift(deck, expected)):
            return result
        result.action = UPDATE
        if self.options.dry_run:
            return result
        target = prepared.plan.deck
        assert target is not None
        # Hand edits were weighed above, by the sync's own rule (it knows deleted elements too).
        options = IntoOptions(after=target.after, force=True, plan_name=prepared.path.stem)
        plan = resolve_images(prepared.plan, self.backend)
        filling = fill_requests(plan, self.config, deck, today=self.options.today, options=options)
        write_filling(self.backend, deck_id, filling.requests, deck.get("revisionId"))
        result.notes += filling.notes
        generated = generated_elements(filling.requests)
        self.record(prepared, deck_id, result.url, generated=generated)
        return result

    def _find_by_properties(self, prepared: _Prepared) -> tuple[str | None, dict[str, str] | None]:
        found = self.backend.find_decks({PROPERTY_PLAN: prepared.key})
        if not found:
            return None, None
        chosen = sorted(found)[0]
        prepared.result.notes.append(
            f"no state entry; found deck {chosen} by its app properties"
            + (
                f" ({len(found)} decks carry this plan key; using the first)"
                if len(found) > 1
                else ""
            )
        )
        return chosen, self._properties(chosen)

    def _deck_properties(self, prepared: _Prepared, generated_count: int) -> dict[str, str]:
        return {
            PROPERTY_FINGERPRINT: prepared.fingerprint,
            PROPERTY_PLAN: prepared.key,
            PROPERTY_VERSION: __version__,
            PROPERTY_COUNT: str(generated_count),
        }

    def _refused_for_drift(self, result: PlanResult, drift: list[DriftItem]) -> bool:
        """Refuse to regenerate over hand edits unless forced (then say what was overwritten)."""
        if drift and not self.options.force:
            result.action = DRIFT
            lines = "\n".join(str(item) for item in drift)
            result.error = (
                "generated content was edited by hand, so the deck was not regenerated; "
                "move the edits into the plan, or run with --force to overwrite them "
                f"(Drive keeps this version under File → Version history):\n{lines}"
            )
            return True
        if drift:
            result.notes.append(
                f"overwrote {len(drift)} hand edit(s) to generated content; {VERSION_HISTORY_HINT}"
            )
        return False

    def _update(
        self,
        prepared: _Prepared,
        deck_id: str,
        deck: Presentation,
        properties: dict[str, str] | None,
    ) -> PlanResult:
        result = prepared.result
        record = prepared.previous
        result.presentation_id = deck_id
        result.url = self.backend.deck_url(deck_id)
        expected = record.generated if record and record.presentation_id == deck_id else None
        expected_count: int | None = None
        if not expected and properties and properties.get(PROPERTY_COUNT, "").isdigit():
            expected_count = int(properties[PROPERTY_COUNT])
        if self._refused_for_drift(result, find_drift(deck, expected, expected_count)):
            return result
        result.action = UPDATE
        if self.options.dry_run:
            return result
        noted = len(self._ops_notes())
        requests = self.ops.update(
            prepared.plan, deck_id, deck, self.options.today, self.note_for(prepared)
        )
        result.notes += self._ops_notes()[noted:]
        generated = generated_elements(requests)
        if not generated:
            generated = deck_generated_elements(self.backend.get_deck(deck_id))
        count = sum(len(ids) for ids in generated.values())
        self.backend.set_properties(deck_id, self._deck_properties(prepared, count))
        self.record(prepared, deck_id, result.url, generated=generated)
        return result

    def _create(self, prepared: _Prepared) -> PlanResult:
        result = prepared.result
        result.action = CREATE
        if self.options.dry_run:
            return result
        properties = self._deck_properties(prepared, 0)
        noted = len(self._ops_notes())
        deck_id, requests = self.ops.create(
            prepared.plan, self.options.today, properties, self.note_for(prepared)
        )
        result.notes += self._ops_notes()[noted:]
        generated = generated_elements(requests)
        count = sum(len(ids) for ids in generated.values())
        self.backend.set_properties(deck_id, {PROPERTY_COUNT: str(count)})
        result.presentation_id = deck_id
        result.url = self.backend.deck_url(deck_id)
        self.record(prepared, deck_id, result.url, generated=generated)
        return result


class FileSync(_Runner):
    """Sync .pptx files: each changed plan is rebuilt from the template and rewritten."""

    backend_name = "offline"

    def __init__(
        self,
        config: Config,
        state: SyncState,
        root: Path,
        options: SyncOptions,
        report: Callable[[str], None],
        ops: OfflineDeckOps,
        output_dir: Path,
    ) -> None:
        super().__init__(config, state, root, options, report)
        self.ops = ops
        self.output_dir = output_dir
        self._written = 0
        self._outputs: dict[Path, str] = {}

    def template_revision(self) -> str:
        """Return the digest of the template file."""
        return self.ops.template_revision()

    def writes(self) -> int:
        """Return the number of deck files written so far."""
        return self._written

    def output_for(self, path: Path, key: str) -> Path:
        """Return the .pptx path of a plan, refusing two plans that would share one."""
        output = self.output_dir / deck_file_name(path)
        owner = self._outputs.setdefault(output, key)
        if owner != key:
            raise SlidegenError(f"{owner} and {key} would both write {output}; rename one plan")
        return output

    def sync_plan(self, path: Path) -> PlanResult:
        """Rewrite the plan's .pptx when its fingerprint changed or the file is gone."""
        prepared = self.prepare(path)
        if isinstance(prepared, PlanResult):
            return prepared
        result = prepared.result
        output = self.output_for(path, prepared.key)
        result.presentation_id = output.as_posix()
        result.url = output.resolve().as_uri()
        record = prepared.previous
        exists = output.is_file()
        if record is not None and record.fingerprint == prepared.fingerprint and exists:
            result.action = UNCHANGED
            result.changes = []
            return result
        result.action = UPDATE if exists and record is not None else CREATE
        if record is not None and not exists:
            result.notes.append(f"{output} was missing; writing it again")
        if self.options.dry_run:
            return result
        result.notes += self.ops.render(
            prepared.plan, self.options.today, output, self.note_for(prepared)
        )
        self._written += 1
        self.record(prepared, output.as_posix(), result.url)
        return result


def select_shard(plans: list[Path], root: Path, shard: tuple[int, int] | None) -> list[Path]:
    """Return the plans that belong to shard K of N (all plans without a shard)."""
    if shard is None:
        return plans
    index, count = shard
    return [plan for plan in plans if shard_of(plan_key(plan, root), count) == index]


def sync_plans(
    paths: Sequence[Path],
    config: Config,
    *,
    backend_name: str,
    options: SyncOptions,
    make_ops: Callable[[], GoogleDeckOps | OfflineDeckOps],
    state_path: Path | None = None,
    writes_bucket: TokenBucket | None = None,
    report: Callable[[str], None] = log.info,
) -> SyncReport:
    """Sync every plan under `paths` and return the report; never raises SlidegenError.

    Holds ``<state file>.lock`` for the whole run (a dry run reads only and
    takes no lock). Anything that stops the whole run (no plans, unreadable
    state, lock held, no credentials) becomes the report's fatal error.
    """
    result = SyncReport(backend=backend_name, as_of=options.today, dry_run=options.dry_run)
    state_file = Path(state_path or config.sync.state_file)
    root = state_file.resolve().parent
    lock = SyncLock(state_file)
    try:
        plans = select_shard(discover_plans(paths), root, options.shard)
        if not plans and not options.shard:
            raise InputError.single(", ".join(map(str, paths)), "no plan files (*.yaml) found")
        state = load_state(state_file)
        if not options.dry_run:
            lock.acquire()
        ops = make_ops()
        runner: _Runner
        if isinstance(ops, OfflineDeckOps):
            runner = FileSync(
                config, state, root, options, report, ops, Path(config.deck.output_dir)
            )
        else:
            bucket = writes_bucket or TokenBucket(config.sync.writes_per_minute)
            ops.backend = RateLimitedBackend(ops.backend, bucket)
            runner = DriveSync(config, state, root, options, report, ops)
        try:
            runner.run(plans, result)
        finally:
            if isinstance(runner, DriveSync):
                result.api_calls = dict(sorted(runner.backend.calls.counts.items()))
    except SlidegenError as error:
        result.fatal = str(error)
    finally:
        lock.release()
    return result
