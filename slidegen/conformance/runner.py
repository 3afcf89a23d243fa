"""Run the conformance suite: build every plan, walk a deck through sync, judge every write.

Every batch goes through an ObservingBackend, which compares the service's
result with the offline engine's result for the same batch on the same deck.
The sync steps check the outcomes a person relies on (an unchanged plan costs
no write, a hand edit is refused until forced, a person's own box survives).
Decks are deleted at the end unless kept.
"""

from __future__ import annotations

import datetime as dt
import json
import shutil
import subprocess
import tempfile
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import requests
import yaml
from googleapiclient.errors import HttpError

from slidegen import __version__
from slidegen.backends.base import DeckBackend, Presentation, Request
from slidegen.backends.ratelimit import RateLimitedBackend, TokenBucket
from slidegen.config import Config
from slidegen.conformance.compare import DEFAULT_TOLERANCE_EMU
from slidegen.conformance.fixtures import Scrubber, record_exchanges
from slidegen.conformance.observe import Exchange, ObservingBackend, offline_result
from slidegen.conformance.plans import conformance_plans, sync_versions
from slidegen.errors import SlidegenError
from slidegen.export.pptx import export_pptx
from slidegen.files import write_text_atomically
from slidegen.layout import ids
from slidegen.pipeline import build_deck
from slidegen.sync.decks import DriveDeckOps
from slidegen.sync.report import CREATE, DRIFT, UNCHANGED, UPDATE
from slidegen.sync.runner import SyncOptions, sync_plans

RUN_PROPERTY = "slidegen_conformance"
PERSON_BOX = "person_note_1"
PERSON_TEXT = "Edited by a person"
THUMBNAILS_PER_MINUTE = 50.0
"""getThumbnail is an expensive read: 60 per minute per user; stay under it."""

Thumbnailer = Callable[[str, str], bytes]
"""Return the PNG of one page (presentation ID, page ID) as the service draws it."""


@dataclass
class ConformanceOptions:
    """What a conformance run does."""

    template_id: str
    keep: bool = False
    """Leave the decks in Drive (their links are in the report)."""
    tolerance: float = DEFAULT_TOLERANCE_EMU
    plans: list[str] | None = None
    """Names of the plans to build (default: all of them)."""
    sync: bool = True
    """Walk one deck through create, unchanged, update, a person's edit, drift and --force."""
    sync_plan: str = "example"
    """The plan whose deck the sync steps walk (updated twice along the way)."""
    thumbnails: Path | None = None
    """Save each slide's thumbnail from the service beside the offline render, under here."""
    record: Path | None = None
    """Save every batch as a scrubbed fixture under here."""
    writes_per_minute: float = 50.0
    thumbnails_per_minute: float = THUMBNAILS_PER_MINUTE
    render_offline: bool = True
    """Render the offline decks to PNG with LibreOffice when it is installed."""


@dataclass
class FlowStep:
    """One sync step: what should have happened and what did."""

    step: str
    expected: str
    action: str
    writes: int
    ok: bool
    detail: str = ""

    def to_json(self) -> dict[str, Any]:
        """Return the step as JSON data."""
        return dict(self.__dict__)


@dataclass
class DeckRun:
    """One deck the run made."""

    name: str
    presentation_id: str | None
    url: str | None
    error: str | None = None
    deleted: bool = False


@dataclass
class ConformanceReport:
    """Everything a run found, ready to be written as JSON and as a readable summary."""

    service: str
    template_id: str
    tolerance: float
    started: str
    exchanges: list[Exchange] = field(default_factory=list)
    flow: list[FlowStep] = field(default_factory=list)
    decks: list[DeckRun] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    files: list[str] = field(default_factory=list)

    @property
    def difference_count(self) -> int:
        """Return how many differences were found in all batches."""
        return sum(len(exchange.differences) for exchange in self.exchanges)

    @property
    def ok(self) -> bool:
        """Return True when Google and the offline engine agreed and every step went as expected."""
        return (
            self.difference_count == 0
            and all(step.ok for step in self.flow)
            and all(deck.error is None for deck in self.decks)
        )

    def to_json(self, scrubber: Scrubber | None = None) -> dict[str, Any]:
        """Return the report as JSON data (scrubbed of file IDs and e-mails when asked)."""
        data = {
            "slidegen_version": __version__,
            "service": self.service,
            "template_id": self.template_id,
            "started": self.started,
            "tolerance_emu": self.tolerance,
            "ok": self.ok,
            "differences": self.difference_count,
            "batches": [exchange.to_json() for exchange in self.exchanges],
            "flow": [step.to_json() for step in self.flow],
            "decks": [deck.__dict__ for deck in self.decks],
            "notes": self.notes,
            "files": self.files,
        }
        return scrubber.scrub(data) if scrubber else data

    def summary(self) -> str:
        """Return the readable report (Markdown)."""
        verdict = "no differences" if self.ok else f"{self.difference_count} difference(s)"
        lines = [
            f"# slidegen conformance: {self.service}",
            "",
            f"slidegen {__version__}, started {self.started}, template {self.template_id}, "
            f"position tolerance {self.tolerance:g} EMU: **{verdict}**.",
            "",
            "## Batches",
            "",
        ]
        for exchange in self.exchanges:
            count = len(exchange.differences)
            mark = "ok" if not count else f"{count} difference(s)"
            lines.append(
                f"- {exchange.deck} / {exchange.step}: {len(exchange.body['requests'])} "
                f"requests, {mark}"
            )
            lines.extend(f"  - {difference}" for difference in exchange.differences)
        if self.flow:
            lines += ["", "## Sync steps", ""]
            for step in self.flow:
                mark = "ok" if step.ok else "NOT AS EXPECTED"
                text = f"- {step.step}: expected {step.expected}, got {step.action} "
                text += f"({step.writes} writes): {mark}"
                lines.append(text + (f"; {step.detail}" if step.detail else ""))
        failed = [deck for deck in self.decks if deck.error]
        if failed:
            lines += ["", "## Decks that failed", ""]
            lines.extend(f"- {deck.name}: {deck.error}" for deck in failed)
        kept = [deck for deck in self.decks if deck.url and not deck.deleted]
        if kept:
            lines += ["", "## Decks left in Drive", ""]
            lines.extend(f"- {deck.name}: {deck.url}" for deck in kept)
        if self.notes:
            lines += ["", "## Notes", ""]
            lines.extend(f"- {note}" for note in self.notes)
        return "\n".join(lines) + "\n"

    def write(self, directory: Path) -> tuple[Path, Path]:
        """Write conformance.json and conformance.md under `directory`, IDs and e-mails scrubbed."""
        directory.mkdir(parents=True, exist_ok=True)
        scrubber = Scrubber()
        for exchange in self.exchanges:
            scrubber.learn(exchange)
        for deck in self.decks:
            scrubber.secret(deck.presentation_id, "presentation")
        scrubber.secret(self.template_id, "template")
        data = self.to_json(scrubber)
        json_path, text_path = directory / "conformance.json", directory / "conformance.md"
        write_text_atomically(json_path, json.dumps(data, indent=2, ensure_ascii=False) + "\n")
        summary: str = scrubber.scrub(self.summary())
        write_text_atomically(text_path, summary)
        return json_path, text_path


def google_thumbnailer(backend: DeckBackend) -> Thumbnailer | None:
    """Return a thumbnail fetcher for a Google backend (None for a backend without one)."""
    services = getattr(backend, "services", None)
    if services is None:
        return None

    def fetch(presentation_id: str, page_id: str) -> bytes:
        answer = (
            services.slides.presentations()
            .pages()
            .getThumbnail(
                presentationId=presentation_id,
                pageObjectId=page_id,
                thumbnailProperties_thumbnailSize="LARGE",
                thumbnailProperties_mimeType="PNG",
            )
            .execute()
        )
        response = requests.get(answer["contentUrl"], timeout=60)
        response.raise_for_status()
        return bytes(response.content)

    return fetch


class ConformanceRun:
    """One run of the suite against one deck service."""

    def __init__(
        self,
        backend: DeckBackend,
        config: Config,
        options: ConformanceOptions,
        *,
        service: str = "google",
        thumbnailer: Thumbnailer | None = None,
        clock: Callable[[], dt.datetime] = lambda: dt.datetime.now(dt.UTC),
        progress: Callable[[str], None] = lambda _line: None,
    ) -> None:
        self.config = config
        self.options = options
        self.observer = ObservingBackend(backend, options.tolerance)
        self.bucket = TokenBucket(options.writes_per_minute)
        self.writer = RateLimitedBackend(self.observer, self.bucket)
        self.thumbnailer = thumbnailer or google_thumbnailer(backend)
        self.progress = progress
        self.run_id = uuid.uuid4().hex[:10]
        self.report = ConformanceReport(
            service=service,
            template_id=options.template_id,
            tolerance=options.tolerance,
            started=clock().replace(microsecond=0).isoformat(),
        )

    # -- decks ---------------------------------------------------------------------------

    def build_all(self) -> None:
        """Build every chosen plan's deck once."""
        plans = conformance_plans(self.config)
        chosen = list(plans) if self.options.plans is None else self.options.plans
        unknown = sorted(set(chosen) - set(plans))
        if unknown:
            raise SlidegenError(f"unknown conformance plan(s) {unknown}; known: {sorted(plans)}")
        for name in chosen:
            plan = plans[name]
            self.observer.deck, self.observer.step = name, "build"
            self.progress(f"building {name}")
            try:
                built = build_deck(
                    plan,
                    self.config,
                    self.writer,
                    template_id=self.options.template_id,
                    name=f"slidegen conformance {name} {self.run_id}",
                    today=plan.date,
                    properties={RUN_PROPERTY: self.run_id},
                )
            except SlidegenError as error:
                self.report.decks.append(DeckRun(name, None, None, error=str(error)))
                continue
            self.report.decks.append(DeckRun(name, built.presentation_id, built.url))
            if self.options.thumbnails is not None:
                self.thumbnails(name, built.presentation_id)

    def _last_exchange(self, presentation_id: str) -> Exchange | None:
        found = [e for e in self.observer.exchanges if e.presentation_id == presentation_id]
        return found[-1] if found else None

    def thumbnails(self, name: str, presentation_id: str) -> None:
        """Save each shown slide as the service draws it, beside the offline deck and its PNGs."""
        assert self.options.thumbnails is not None
        folder = self.options.thumbnails / name
        folder.mkdir(parents=True, exist_ok=True)
        exchange = self._last_exchange(presentation_id)
        if exchange is None or exchange.after is None:
            return
        offline, _refusal = offline_result(exchange.before, exchange.body)
        if offline is not None:
            pptx = folder / "offline.pptx"
            export_pptx(offline, pptx, drop_skipped=True)
            self.report.files.append(str(pptx))
            if self.options.render_offline:
                self._render_offline(pptx, folder)
        if self.thumbnailer is None:
            self.report.notes.append(f"{name}: this service gives no thumbnails")
            return
        pacing = TokenBucket(self.options.thumbnails_per_minute)
        shown = [
            slide
            for slide in exchange.after.get("slides", [])
            if not (slide.get("slideProperties") or {}).get("isSkipped")
        ]
        for number, slide in enumerate(shown, start=1):
            pacing.acquire()
            path = folder / f"google-{number:02d}.png"
            try:
                path.write_bytes(self.thumbnailer(presentation_id, str(slide["objectId"])))
            except (HttpError, requests.RequestException, OSError, KeyError) as error:
                # A thumbnail is a courtesy: say it failed and go on.
                self.report.notes.append(f"{name}: thumbnail of slide {number} failed: {error}")
                continue
            self.report.files.append(str(path))

    def _render_offline(self, pptx: Path, folder: Path) -> None:
        soffice, pdftoppm = shutil.which("soffice"), shutil.which("pdftoppm")
        if not soffice or not pdftoppm:
            self.report.notes.append(
                "offline PNGs need LibreOffice (soffice) and poppler (pdftoppm); "
                f"the offline deck is at {pptx}"
            )
            return
        with tempfile.TemporaryDirectory() as scratch:
            subprocess.run(
                [soffice, "--headless", "--convert-to", "pdf", "--outdir", scratch, str(pptx)],
                check=False,
                capture_output=True,
                timeout=300,
            )
            pdf = Path(scratch) / "offline.pdf"
            if not pdf.is_file():
                self.report.notes.append(f"LibreOffice could not render {pptx}")
                return
            subprocess.run(
                [pdftoppm, "-png", "-r", "80", str(pdf), str(folder / "offline")],
                check=False,
                capture_output=True,
                timeout=300,
            )
        self.report.files += sorted(str(path) for path in folder.glob("offline-*.png"))

    # -- sync ----------------------------------------------------------------------------

    def sync_flow(self) -> None:
        """Walk one deck through create, unchanged, update, a person's edit, drift and --force."""
        versions = sync_versions(self.config, self.options.sync_plan)
        with tempfile.TemporaryDirectory(prefix="slidegen-conformance-") as scratch:
            folder = Path(scratch)
            plan_path = folder / "conformance-sync.yaml"
            state = folder / "sync-state.json"
            today = dt.date.fromisoformat(str(versions[0]["date"]))
            deck_id: str | None = None

            def sync(step: str, version: int, expected: str, force: bool = False) -> FlowStep:
                nonlocal deck_id
                plan_path.write_text(
                    yaml.safe_dump(versions[version], allow_unicode=True, sort_keys=False),
                    encoding="utf-8",
                )
                self.observer.deck, self.observer.step = "sync", step
                self.progress(f"sync: {step}")
                report = sync_plans(
                    [plan_path],
                    self.config,
                    backend_name="google",
                    options=SyncOptions(today=today, force=force),
                    make_ops=lambda: DriveDeckOps(
                        self.observer, self.config, self.options.template_id
                    ),
                    state_path=state,
                    writes_bucket=self.bucket,
                )
                if report.fatal or not report.results:
                    outcome = FlowStep(step, expected, "failed", 0, False, report.fatal or "")
                else:
                    result = report.results[0]
                    deck_id = result.presentation_id or deck_id
                    outcome = FlowStep(
                        step,
                        expected,
                        result.action,
                        result.writes,
                        result.action == expected,
                        result.error or "",
                    )
                    if expected in (UNCHANGED, DRIFT) and result.writes:
                        outcome.ok = False
                        outcome.detail = f"{result.writes} write(s) where none were expected"
                self.report.flow.append(outcome)
                return outcome

            created = sync("create", 0, CREATE)
            if deck_id is not None:
                self.report.decks.append(DeckRun("sync", deck_id, self.observer.deck_url(deck_id)))
            if not created.ok or deck_id is None:
                return
            sync("unchanged", 0, UNCHANGED)
            sync("update", 1, UPDATE)
            self.person_edits(deck_id)
            sync("drift", 2, DRIFT)
            forced = sync("force", 2, UPDATE, force=True)
            if forced.ok:
                kept = self._element_ids(self.observer.get_deck(deck_id))
                if PERSON_BOX not in kept:
                    forced.ok = False
                    forced.detail = f"the person's own text box {PERSON_BOX} was removed"

    @staticmethod
    def _element_ids(deck: Presentation) -> set[str]:
        return {
            str(element.get("objectId"))
            for slide in deck.get("slides", [])
            for element in slide.get("pageElements", [])
        }

    def person_edits(self, deck_id: str) -> None:
        """Edit generated text and add a box of one's own, as a person in Slides would."""
        deck = self.observer.get_deck(deck_id)
        target: tuple[str, str] | None = None
        for slide in deck.get("slides", []):
            if (slide.get("slideProperties") or {}).get("isSkipped"):
                continue
            for element in slide.get("pageElements", []):
                object_id = str(element.get("objectId"))
                text = (element.get("shape") or {}).get("text")
                generated = ids.parse_generated(object_id)
                is_content = generated is not None and generated.kind == ids.CONTENT
                if is_content and text and text.get("textElements"):
                    target = (str(slide["objectId"]), object_id)
                    break
            if target:
                break
        step = FlowStep("person-edit", "applied", "applied", 1, True)
        self.report.flow.append(step)
        if target is None:
            step.ok, step.action = False, "nothing to edit"
            step.detail = "no generated text box on a shown slide"
            return
        slide_id, element_id = target
        edits: list[Request] = [
            {"deleteText": {"objectId": element_id, "textRange": {"type": "ALL"}}},
            {"insertText": {"objectId": element_id, "text": PERSON_TEXT}},
            {
                "createShape": {
                    "objectId": PERSON_BOX,
                    "shapeType": "TEXT_BOX",
                    "elementProperties": {
                        "pageObjectId": slide_id,
                        "size": {
                            "width": {"magnitude": 2_000_000, "unit": "EMU"},
                            "height": {"magnitude": 400_000, "unit": "EMU"},
                        },
                        "transform": {
                            "scaleX": 1,
                            "scaleY": 1,
                            "translateX": 200_000,
                            "translateY": 4_600_000,
                            "unit": "EMU",
                        },
                    },
                }
            },
            {"insertText": {"objectId": PERSON_BOX, "text": "A person's note"}},
        ]
        self.observer.deck, self.observer.step = "sync", "person-edit"
        try:
            self.writer.batch_update(deck_id, edits, deck.get("revisionId"))
        except SlidegenError as error:
            step.ok, step.action, step.detail = False, "failed", str(error)

    # -- the whole run --------------------------------------------------------------------

    def cleanup(self) -> None:
        """Delete every deck the run made, unless they are to be kept."""
        if self.options.keep:
            return
        for deck in self.report.decks:
            if deck.presentation_id is None:
                continue
            try:
                self.writer.delete_deck(deck.presentation_id)
                deck.deleted = True
            except SlidegenError as error:
                self.report.notes.append(
                    f"could not delete {deck.name} ({deck.url}): {error}; delete it by hand"
                )

    def run(self) -> ConformanceReport:
        """Build, sync, compare, record, and clean up; return the report."""
        try:
            self.build_all()
            if self.options.sync:
                self.sync_flow()
        finally:
            self.report.exchanges = list(self.observer.exchanges)
            if self.options.record is not None:
                self.options.record.mkdir(parents=True, exist_ok=True)
                written = record_exchanges(
                    self.report.exchanges, self.options.record, self.options.tolerance
                )
                self.report.files += [str(path) for path in written]
            self.cleanup()
        return self.report


def run_conformance(
    backend: DeckBackend, config: Config, options: ConformanceOptions, **keywords: Any
) -> ConformanceReport:
    """Run the suite against `backend` and return the report (see ConformanceRun)."""
    return ConformanceRun(backend, config, options, **keywords).run()
