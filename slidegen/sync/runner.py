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
from slidegen.backends.base import DeckBackend, Presentation, Request
from slidegen.backends.ratelimit import RateLimitedBackend, TokenBucket
from slidegen.config import Config
from slidegen.errors import AuthError, BackendError, InputError, SlidegenError
from slidegen.into.fill import IntoOptions
from slidegen.into.run import deck_id_from
from slidegen.pipeline import (
    IMAGE_STATES,
    anchor_images,
    deck_file_name,
    fill_deck,
    is_web_url,
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
from slidegen.sync.fingerprint import (
    build_context,
    fingerprint,
    plan_key,
    shard_of,
    source_digest,
    steady_until,
)
from slidegen.sync.lock import SyncLock
from slidegen.sync.report import (
    CREATE,
    DRIFT,
    FAILED,
    UNCHANGED,
    UPDATE,
    PlanResult,
    SyncReport,
)
from slidegen.sync.seal import Seal, ids_digest, is_filled, read_seal, seal_request
from slidegen.sync.state import DeckRecord, SyncState, load_state

log = logging.getLogger(__name__)

PROPERTY_PLAN = "sg_plan"
PROPERTY_VERSION = "sg_ver"
_NO_SEAL = Seal("", "", 0, "")

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

    def copy(self, plan: Plan, properties: dict[str, str]) -> str:
        """Copy the template for `plan` carrying `properties`; return the new deck's ID."""
        ...

    def fill(
        self,
        plan: Plan,
        presentation_id: str,
        deck: Presentation,
        today: dt.date,
        changes_note: str | None,
        seal: Callable[[list[Request]], list[Request]],
    ) -> list[Request]:
        """Draw the generated content of `deck` (plus `seal`'s requests) in one write."""
        ...

    def discard(self, presentation_id: str) -> None:
        """Delete a copy that will not be filled."""
        ...

    def share(self, presentation_id: str) -> None:
        """Share a new deck as configured."""
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


def _now() -> str:
    return dt.datetime.now(dt.UTC).replace(microsecond=0).isoformat()


def _flatten(generated: dict[str, list[str]]) -> list[str]:
    return [object_id for found in generated.values() for object_id in found]


def changes_note(changes: list[str], today: dt.date) -> str:
    """Return the dated line that records what changed, for the title slide's notes."""
    return f"Changes {today.isoformat()}: {', '.join(changes)}"


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
            plan = anchor_images(load_plan(path, self.config), path.parent, self.config)
        except InputError as error:
            result.action = FAILED
            problems = "\n".join(str(problem) for problem in error.problems)
            result.error = f"invalid plan; its deck is left as it was:\n{problems}"
            return result
        revision = self._revision()
        today = self.options.today
        previous = self.state.get(self.backend_name, key)
        problem = self.state.problem(self.backend_name, key)
        if problem is not None:
            result.notes.append(
                f"the state file's record of this plan was unusable ({problem}); "
                "the deck is looked up in Drive instead"
            )
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
                    result.error = "; ".join([str(error), *getattr(error, "__notes__", [])])
                except Exception as error:  # one plan's bug must not stop the rest
                    log.debug("syncing %s failed unexpectedly", path, exc_info=True)
                    result = PlanResult(plan=str(path), plan_key=plan_key(path, self.root))
                    result.action = FAILED
                    result.error = "; ".join(
                        [
                            f"internal error while syncing {path} (a bug in slidegen; please "
                            f"report it): {_describe(error)}",
                            *getattr(error, "__notes__", []),
                        ]
                    )
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
                synced_at=_now(),
                snapshot=prepared.snapshot,
                **extra,
            ),
        )
        self._unsaved = True
        # Rewriting the whole file per plan would make a first run over many plans
        # quadratic; the decks' seals cover a crash between two saves.
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

    def _deck(self, presentation_id: str) -> Presentation | None:
        """Return the deck, or None when Drive no longer has it (deleted or trashed)."""
        if self.options.verify:
            # Slides may still serve a deck from the trash; Drive says whether it is there.
            try:
                self.backend.get_properties(presentation_id)
            except BackendError as error:
                if error.status == 404:
                    return None
                raise
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
        """Create, finish, update or leave alone the Drive deck of one plan."""
        prepared = self.prepare(path)
        if isinstance(prepared, PlanResult):
            return prepared
        record = prepared.previous
        if prepared.plan.deck is not None and prepared.plan.deck.into is not None:
            return self._sync_into(prepared, deck_id_from(prepared.plan.deck.into))
        if (
            record is not None
            and not self.options.verify
            and record.fingerprint == prepared.fingerprint
        ):
            # Records are written only once a fill is confirmed: trust it, at no cost.
            return self._unchanged(prepared, record.presentation_id)
        if record is None and not self._may_exist(prepared):
            return self._create(prepared)
        deck_id, deck = self._locate(prepared)
        if deck_id is None or deck is None:
            return self._create(prepared)
        if not is_filled(deck):
            prepared.result.notes.append(
                f"deck {deck_id} was copied by an earlier run that stopped before filling it; "
                "filling it now"
            )
            self._fill_new(prepared, deck_id, deck)
            if not self.options.dry_run:
                # The run that copied it may have stopped before sharing it.
                self.ops.share(deck_id)
            return prepared.result
        seal = read_seal(deck)
        if seal is not None and seal.fingerprint == prepared.fingerprint:
            if record is None or record.fingerprint != prepared.fingerprint:
                prepared.result.notes.append(
                    "the deck already shows this version of the plan (an earlier run's write "
                    "landed before it could be recorded)"
                )
            if not self.options.dry_run:
                self.record(
                    prepared,
                    deck_id,
                    self.backend.deck_url(deck_id),
                    generated=deck_generated_elements(deck),
                )
            return self._unchanged(prepared, deck_id)
        return self._update(prepared, deck_id, deck, seal)

    def _may_exist(self, prepared: _Prepared) -> bool:
        """Return whether Drive may hold a deck of a plan the state has no record of.

        A state file that was read and neither records the plan nor notes a
        copy started for it vouches that no deck exists, which saves a search
        per new plan; a lost (or first) state file, an unusable record or a
        copy an earlier run started but never recorded do not.
        """
        if not self.state.found:
            return True
        if self.state.problem(self.backend_name, prepared.key) is not None:
            return True
        return self.state.is_pending(self.backend_name, prepared.key)

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
        filled = fill_deck(
            prepared.plan,
            self.config,
            self.backend,
            deck_id,
            today=self.options.today,
            options=options,
            deck=deck,
            anchored=True,
        )
        result.notes += filled.warnings
        generated = generated_elements(filled.requests)
        self.record(prepared, deck_id, result.url, generated=generated)
        return result

    def _locate(self, prepared: _Prepared) -> tuple[str | None, Presentation | None]:
        """Return the plan's deck and its content: the recorded one, else one found in Drive.

        A recorded deck that is gone, or that another plan's seal claims, is
        looked for by the plan key every copy carries, so a wrong or stale
        record is repaired rather than answered with a second deck.
        """
        record = prepared.previous
        notes = prepared.result.notes
        if record is not None:
            deck = self._deck(record.presentation_id)
            if deck is not None:
                seal = read_seal(deck)
                if seal is None or seal.plan_key == prepared.key:
                    return record.presentation_id, deck
                notes.append(
                    f"the recorded deck {record.presentation_id} belongs to {seal.plan_key}; "
                    "looking for this plan's own deck"
                )
            else:
                notes.append(
                    f"the recorded deck {record.presentation_id} is gone from Drive (deleted "
                    "or in the trash)"
                )
        skip = {record.presentation_id} if record is not None else set()
        found = [
            i
            for i in sorted(self.backend.find_decks({PROPERTY_PLAN: prepared.key}))
            if i not in skip
        ]
        filled: list[tuple[str, Presentation]] = []
        unfilled: list[tuple[str, Presentation]] = []
        for candidate in found:
            deck = self._deck(candidate)
            if deck is None:
                continue
            seal = read_seal(deck)
            if seal is not None and seal.plan_key != prepared.key:
                continue
            (filled if is_filled(deck) else unfilled).append((candidate, deck))
        # A deck showing this very plan first, then any filled deck, then an unfilled copy.
        filled.sort(
            key=lambda pair: (
                (read_seal(pair[1]) or _NO_SEAL).fingerprint != prepared.fingerprint,
                pair[0],
            )
        )
        ranked = filled or unfilled
        chosen_id, chosen_deck = ranked[0] if ranked else (None, None)
        if chosen_id is not None:
            notes.append(f"found deck {chosen_id} in Drive by its plan key")
        for spare, _deck in unfilled:
            if spare == chosen_id:
                continue
            if self.options.dry_run:
                notes.append(f"would delete {spare}, an unfilled copy left by an earlier run")
                continue
            self.ops.discard(spare)
            notes.append(f"deleted {spare}, an unfilled copy left by an earlier run")
        others = [candidate for candidate, _deck in filled if candidate != chosen_id]
        if others:
            notes.append(
                f"{len(others)} more filled deck(s) carry this plan key and were left alone: "
                + ", ".join(others)
            )
        return chosen_id, chosen_deck

    def _copy_properties(self, prepared: _Prepared) -> dict[str, str]:
        return {PROPERTY_PLAN: prepared.key, PROPERTY_VERSION: __version__}

    def _seal(self, prepared: _Prepared) -> Callable[[list[Request]], list[Request]]:
        def seal(requests: list[Request]) -> list[Request]:
            request = seal_request(
                requests, prepared.fingerprint, prepared.key, generated_elements(requests)
            )
            return [request] if request is not None else []

        return seal

    def _fill(self, prepared: _Prepared, deck_id: str, deck: Presentation) -> None:
        """Write the deck's content and seal in one batch, then record it as complete."""
        noted = len(self._ops_notes())
        try:
            requests = self.ops.fill(
                prepared.plan,
                deck_id,
                deck,
                self.options.today,
                self.note_for(prepared),
                self._seal(prepared),
            )
        finally:
            prepared.result.notes += self._ops_notes()[noted:]
        url = self.backend.deck_url(deck_id)
        prepared.result.presentation_id = deck_id
        prepared.result.url = url
        self.record(prepared, deck_id, url, generated=generated_elements(requests))

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
        seal: Seal | None,
    ) -> PlanResult:
        result = prepared.result
        record = prepared.previous
        result.presentation_id = deck_id
        result.url = self.backend.deck_url(deck_id)
        expected: dict[str, list[str]] | None = None
        expected_count: int | None = None
        recorded = record.generated if record and record.presentation_id == deck_id else None
        if seal is None:
            # A deck filled before decks carried a seal: the record is all there is.
            expected = recorded
        elif recorded and ids_digest(_flatten(recorded)) == seal.ids_digest:
            expected = recorded
        else:
            expected_count = seal.count
        if self._refused_for_drift(result, find_drift(deck, expected, expected_count)):
            return result
        result.action = UPDATE
        if self.options.dry_run:
            return result
        self._fill(prepared, deck_id, deck)
        return result

    def _fill_new(self, prepared: _Prepared, deck_id: str, deck: Presentation) -> PlanResult:
        """Fill a fresh copy of the template; a copy that cannot be filled is deleted."""
        result = prepared.result
        result.action = CREATE
        result.presentation_id = deck_id
        result.url = self.backend.deck_url(deck_id)
        if self.options.dry_run:
            return result
        try:
            self._fill(prepared, deck_id, deck)
        except Exception as error:
            try:
                self.ops.discard(deck_id)
                error.add_note(f"the unfilled copy {deck_id} was deleted")
            except SlidegenError as cleanup:
                error.add_note(
                    f"the unfilled copy {deck_id} could not be deleted ({cleanup}); "
                    "the next run fills it"
                )
            raise
        return result

    def _create(self, prepared: _Prepared) -> PlanResult:
        result = prepared.result
        result.action = CREATE
        if self.options.dry_run:
            return result
        # Noted before the copy exists, so a run killed before recording it looks for it.
        self.state.start_copy(self.backend_name, prepared.key, _now())
        deck_id = self.ops.copy(prepared.plan, self._copy_properties(prepared))
        deck = self.backend.get_deck(deck_id)
        self._fill_new(prepared, deck_id, deck)
        self.ops.share(deck_id)
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
        self._context: str | None = None

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
        content = _read_bytes(path)
        settled = self._settled(path, content)
        if settled is not None:
            return settled
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
        self.record(
            prepared, output.as_posix(), result.url, **self._source_fields(prepared, content)
        )
        return result

    def _source(self, path: Path, content: bytes) -> str:
        """Return the source digest of the plan file `path` holding `content`."""
        if self._context is None:
            self._context = build_context(self.config, self._revision())
        return source_digest(path, content, self._context)

    def _settled(self, path: Path, content: bytes | None) -> PlanResult | None:
        """Return an unchanged result without parsing the plan, when its record proves it.

        The record must hold the digest of these very bytes in this folder under
        this run's settings, template and version, today must lie in the days its
        fingerprint holds for, and the deck file must exist. Otherwise None: the
        plan is loaded and compared as usual.
        """
        key = plan_key(path, self.root)
        record = self.state.get(self.backend_name, key)
        if content is None or record is None or not record.source:
            return None
        today = self.options.today.isoformat()
        if not record.as_of <= today <= record.steady_until:
            return None
        if record.source != self._source(path, content):
            return None
        output = self.output_for(path, key)
        if not output.is_file():
            return None
        result = PlanResult(plan=str(path), plan_key=key)
        result.presentation_id = output.as_posix()
        result.url = output.resolve().as_uri()
        result.action = UNCHANGED
        return result

    def _source_fields(self, prepared: _Prepared, content: bytes | None) -> dict[str, str]:
        """Return the record's source digest and steady date ({} when it may not skip parsing)."""
        architecture = prepared.plan.architecture
        local_images = any(
            (image := getattr(architecture, name).image) and not is_web_url(image)
            for name in IMAGE_STATES
        )
        # A local image is checked on every run; its plan is always parsed.
        if content is None or local_images:
            return {}
        return {
            "source": self._source(prepared.path, content),
            "steady_until": steady_until(prepared.plan, self.options.today).isoformat(),
        }


def _read_bytes(path: Path) -> bytes | None:
    """Return the bytes of `path`, or None when it cannot be read (loading then says why)."""
    try:
        return path.read_bytes()
    except OSError:
        return None


def select_shard(plans: list[Path], root: Path, shard: tuple[int, int] | None) -> list[Path]:
    """Return the plans that belong to shard K of N (all plans without a shard)."""
    if shard is None:
        return plans
    index, count = shard
    return [plan for plan in plans if shard_of(plan_key(plan, root), count) == index]


def check_keys(
    state: SyncState,
    backend_name: str,
    plans: list[Path],
    root: Path,
    shard: tuple[int, int] | None,
) -> None:
    """Stop when every plan key changed at once, as when a run looks from another folder.

    Plan keys are paths relative to the project folder. If none of this run's
    keys is recorded but some recorded key is the same file seen from another
    folder (one key ends with the other), the run would make a second deck
    for every plan: that is refused with the reason. New plans in a new folder
    share no such ending and sync as usual.
    """
    recorded = set(state.decks.get(backend_name, {}))
    if shard is not None:
        index, count = shard
        recorded = {key for key in recorded if shard_of(key, count) == index}
    keys = sorted(plan_key(path, root) for path in plans)
    if not recorded or not keys or recorded & set(keys):
        return
    moved = [
        (old, new)
        for new in keys
        for old in sorted(recorded)
        if old.endswith("/" + new) or new.endswith("/" + old)
    ]
    if not moved:
        return
    old, new = moved[0]
    raise RunStopped(
        f"none of the {len(keys)} plan(s) matches the {len(recorded)} plan(s) recorded in "
        f"{state.path}: this run calls '{new}' what the state calls '{old}', because plan "
        f"keys are paths relative to {root}; going on would make a second deck for every "
        "plan. Run from the project folder or pass --config (or --state-file) as before; "
        "if the plans really moved, move the state file away to start afresh"
    )


def sync_plans(
    paths: Sequence[Path],
    config: Config,
    *,
    backend_name: str,
    options: SyncOptions,
    make_ops: Callable[[], GoogleDeckOps | OfflineDeckOps],
    state_path: Path | None = None,
    project: Path | None = None,
    writes_bucket: TokenBucket | None = None,
    report: Callable[[str], None] = log.info,
) -> SyncReport:
    """Sync every plan under `paths` and return the report; never raises.

    `project` is the folder that relative ``sync.state_file`` and
    ``deck.output_dir`` settings and plan keys are taken from, so the working
    directory does not matter; without it, the state file's own folder keys
    the plans. Holds ``<state file>.lock`` for the whole run (a dry run reads
    only and takes no lock). Anything that stops the whole run (no plans,
    unreadable state, lock held, no credentials) becomes the report's fatal
    error; a fault in one plan is that plan's failure.
    """
    result = SyncReport(backend=backend_name, as_of=options.today, dry_run=options.dry_run)
    base = project.resolve() if project is not None else Path.cwd()
    state_file = Path(state_path) if state_path else base / config.sync.state_file
    root = base if project is not None else state_file.resolve().parent
    lock = SyncLock(state_file)
    runner: _Runner | None = None
    try:
        plans = select_shard(discover_plans(paths), root, options.shard)
        if not plans and not options.shard:
            raise InputError.single(", ".join(map(str, paths)), "no plan files (*.yaml) found")
        if not options.dry_run:
            lock.acquire()
        state = load_state(state_file)
        check_keys(state, backend_name, plans, root, options.shard)
        ops = make_ops()
        if isinstance(ops, OfflineDeckOps):
            output_dir = base / config.deck.output_dir
            runner = FileSync(config, state, root, options, report, ops, output_dir)
        else:
            bucket = writes_bucket or TokenBucket(config.sync.writes_per_minute)
            ops.backend = RateLimitedBackend(ops.backend, bucket)
            runner = DriveSync(config, state, root, options, report, ops)
        runner.run(plans, result)
    except SlidegenError as error:
        result.fatal = str(error)
    except Exception as error:  # a scheduler must always get its report
        log.debug("sync stopped by an unexpected error", exc_info=True)
        result.fatal = f"internal error (a bug in slidegen; please report it): {_describe(error)}"
    finally:
        if isinstance(runner, DriveSync):
            result.api_calls = dict(sorted(runner.backend.calls.counts.items()))
        lock.release()
    return result


def _describe(error: BaseException) -> str:
    return f"{type(error).__name__}: {error}"
