"""Turn a plan and a deck into the ONE batchUpdate that fills (or refills) the deck.

Implements "The deck lifecycle" of docs/architecture.md: every role's
prototype slide is duplicated once per page its content needs, the copied
region anchors are deleted, content is drawn in their place with
deterministic IDs, and the prototypes end up skipped at the end of the deck.
A deck that already holds generated slides is regenerated in place.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field, replace
from typing import Any

from slidegen.config import Config
from slidegen.layout import ids
from slidegen.layout.context import Box, BuildContext, PageContent, Region, Request, TextStyle
from slidegen.layout.footer import FOOTER_REGION, footer_requests
from slidegen.layout.ownership import digest_of, generated_description, table_text
from slidegen.layout.shapes import BoxStyle, clean_text, text_box, utf16_length
from slidegen.layout.slides import BY_ROLE, SLIDE_TYPES, SlideType
from slidegen.layout.template import GeneratedSlide, Prototype, TemplateInfo, read_template
from slidegen.layout.text import UNKNOWN_FAMILY_SCALE, fit_text, is_exactly_measured
from slidegen.plan.model import Plan
from slidegen.request import request_parts
from slidegen.tags import GENERATED_TITLE
from slidegen.units import magnitude_emu

NOTES_END = "— end of generated notes; anything below this line is kept —"
"""Closes the generated part of speaker notes, so a person's own notes survive a rebuild."""

_CREATES = ("createShape", "createTable", "createLine", "createImage", "createVideo")
_ALT_TEXT_INPUTS = frozenset(
    [*_CREATES, "insertText", "updateTableColumnProperties", "deleteObject"]
)
"""Kinds of request that decide which objects get alt text and what their digests cover."""


@dataclass
class Composition:
    """The request list for one run and what a person should know about it."""

    requests: list[Request]
    warnings: list[str] = field(default_factory=list)
    pages: dict[str, int] = field(default_factory=dict)
    generation: int = 1
    slide_ids: dict[str, list[str]] = field(default_factory=dict)
    assumed_ids: frozenset[str] = frozenset()
    """Notes-page IDs of duplicated slides that exist only if the service applies ``objectIds``.

    The Slides API documents that ``duplicateObject.objectIds`` names the copies
    of objects *contained* in the duplicated slide; whether that includes the
    slide's notes page (which hangs off ``slideProperties``) is not documented.
    Requests aimed at these IDs are the ones a service that ignores the mapping refuses.
    """
    assumed_slides: dict[str, str] = field(default_factory=dict)
    """The generated slide each of `assumed_ids` belongs to."""
    footer_slots: list[tuple[str, str, Region]] = field(default_factory=list)
    """Slide, footer ID and footer region of each generated slide with a footer."""
    footer_count: int = 0
    """How many requests at the end of `requests` draw the footers (numbered in deck order)."""

    def with_extra(self, requests: list[Request]) -> Composition:
        """Return this composition with `requests` added to the end of its batch."""
        return replace(self, requests=[*self.requests, *requests]) if requests else self

    def is_assumed(self, request: Request) -> bool:
        """Return True when `request` acts on (its ``objectId`` is) one of `assumed_ids`."""
        _, body = request_parts(request)
        return body.get("objectId") in self.assumed_ids

    def without_assumed(self) -> Composition:
        """Return this composition minus every request aimed at an assumed ID, with warnings.

        This is the whole speaker-notes fallback: each dropped slide's notes
        come back as one warning carrying the text the dropped inserts would
        have written (generated block and any extra line, end marker left
        out), so a person still gets it.
        """
        kept: list[Request] = []
        texts: dict[str, str] = {}
        for request in self.requests:
            if not self.is_assumed(request):
                kept.append(request)
                continue
            kind, body = request_parts(request)
            slide = self.assumed_slides[body["objectId"]]
            written = texts.setdefault(slide, "")
            if kind == "insertText":
                # A fresh copy's notes are written by inserts alone: replaying them gives the text.
                index = min(int(body.get("insertionIndex", 0)), utf16_length(written))
                texts[slide] = _insert_at(written, index, body.get("text", ""))
        warnings = []
        for slide, text in texts.items():
            lines = [line for line in text.split("\n") if line and line != NOTES_END]
            if lines:
                warnings.append(NOTES_NOT_KEPT.format(slide=slide, text="\n".join(lines)))
            else:
                warnings.append(TEMPLATE_NOTES_KEPT.format(slide=slide))
        return replace(
            self,
            requests=kept,
            warnings=[*self.warnings, *warnings],
            assumed_ids=frozenset(),
            assumed_slides={},
        )


NOTES_NOT_KEPT = (
    "speaker notes for slide {slide} were not written: this Slides service did not keep the "
    "notes IDs of a duplicated slide; the notes are:\n{text}"
)
TEMPLATE_NOTES_KEPT = (
    "speaker notes for slide {slide} still hold the prototype slide's notes: this Slides "
    "service did not keep the notes IDs of a duplicated slide"
)


def fallback_text_style(config: Config) -> TextStyle:
    """Return the text style used where the template leaves one unset."""
    return TextStyle(
        font_family=config.style.font_family,
        font_pt=config.style.body_font_pt,
        colour=config.style.palette.text,
    )


def omitted_roles(plan: Plan) -> frozenset[str]:
    """Return the slide roles the plan leaves out (``deck: {title: false}``: the title slide)."""
    if plan.deck is not None and not plan.deck.title:
        return frozenset({"title"})
    return frozenset()


def compose(plan: Plan, config: Config, deck: dict[str, Any], today: dt.date) -> Composition:
    """Return the requests, warnings and page counts for filling `deck` with `plan`."""
    info = read_template(deck, fallback_text_style(config))
    writer = _Writer(info, info.max_generation + 1)
    writer.warn_unmeasured_families(config)
    for slide_type in SLIDE_TYPES:
        if slide_type.role in omitted_roles(plan):
            writer.omit(slide_type)
        else:
            writer.role(slide_type, plan, config, today)
    writer.park_prototypes()
    before_footers = len(writer.requests)
    writer.footers(plan, config)
    writer.check_promised_numbers()
    return Composition(
        footer_slots=writer.footer_slots,
        footer_count=len(writer.requests) - before_footers,
        requests=writer.requests,
        warnings=writer.warnings,
        pages=writer.pages,
        generation=writer.generation,
        slide_ids=writer.slide_ids,
        assumed_ids=frozenset(writer.assumed_slides),
        assumed_slides=writer.assumed_slides,
    )


class _Writer:
    """Accumulates requests while tracking the deck's slide order as they would change it."""

    def __init__(self, info: TemplateInfo, generation: int) -> None:
        self.info = info
        self.generation = generation
        self.order = list(info.slide_order)
        self.requests: list[Request] = []
        self.warnings: list[str] = []
        self.pages: dict[str, int] = {}
        self.slide_ids: dict[str, list[str]] = {}
        self.assumed_slides: dict[str, str] = {}
        self.footer_slots: list[tuple[str, str, Region]] = []
        """Slide, footer ID and footer region of each generated slide whose prototype has one."""
        self.promised: dict[str, tuple[str, int]] = {}
        """Role and number of each slide whose number a builder used (it names it on a slide)."""

    def role(
        self,
        slide_type: SlideType,
        plan: Plan,
        config: Config,
        today: dt.date,
    ) -> None:
        """Emit everything for one slide type: slides, content, notes, alt text."""
        role = slide_type.role
        prototype = self.info.prototypes[role]
        existing = self.info.generated[role]
        code = slide_type.code
        generation = self.generation

        def page_id(page: int) -> str:
            if page < len(existing):
                return existing[page].slide_id
            return ids.make_id(ids.SLIDE, generation, role, page + 1)

        def content_id(page: int, *parts: object) -> str:
            return ids.make_id(ids.CONTENT, generation, code, page + 1, *parts)

        prototype_ids = {p.slide_id for p in self.info.prototypes.values()}

        def slide_number(page: int) -> int:
            # Pages replace this role's slides in place and new ones follow the last of
            # them (or the prototype); prototypes end up parked after every generated slide.
            if page < len(existing):
                anchor, after = existing[page].slide_id, 0
            else:
                anchor = existing[-1].slide_id if existing else prototype.slide_id
                after = page - len(existing) + 1
            upto = self.order[: self.order.index(anchor) + 1]
            number = sum(1 for s in upto if s not in prototype_ids) + after
            self.promised[page_id(page)] = (role, number)
            return number

        context = BuildContext(
            plan=plan,
            config=config,
            regions=prototype.regions,
            page_size=self.info.page_size,
            today=today,
            page_id=page_id,
            content_id=content_id,
            slide_number=slide_number,
        )
        pages = slide_type.build(context) or [PageContent()]
        self.pages[role] = len(pages)
        self.slide_ids[role] = [page_id(index) for index in range(len(pages))]
        previous = existing[-1].slide_id if existing else prototype.slide_id
        for index, page in enumerate(pages):
            slide_id = page_id(index)
            notes_id: str | None
            old_notes = ""
            if index < len(existing):
                slide = existing[index]
                self.requests.extend({"deleteObject": {"objectId": i}} for i in slide.content_ids)
                notes_id, old_notes = slide.speaker_notes_id, slide.speaker_notes_text
            else:
                notes_id, old_notes = self._duplicate(prototype, slide_id, index, previous)
            previous = slide_id
            if FOOTER_REGION in prototype.regions:
                footer_id = content_id(index, FOOTER_REGION)
                self.footer_slots.append((slide_id, footer_id, prototype.regions[FOOTER_REGION]))
            content = list(page.requests)
            if "heading" in prototype.regions:
                suffix = page.heading_suffix or (
                    f" ({index + 1}/{len(pages)})" if len(pages) > 1 else ""
                )
                content[:0] = self._heading(context, index, slide_type.title + suffix, config)
            self.requests.extend(content)
            self.requests.extend(alt_text_requests(content))
            self._notes(slide_id, notes_id, old_notes, page.notes, fresh=index >= len(existing))
        for surplus in existing[len(pages) :]:
            self._delete_surplus(surplus)

    def omit(self, slide_type: SlideType) -> None:
        """Draw no slide of this type, and delete the ones an earlier run drew."""
        self.pages[slide_type.role] = 0
        self.slide_ids[slide_type.role] = []
        for surplus in self.info.generated[slide_type.role]:
            self._delete_surplus(surplus)

    def warn_unmeasured_families(self, config: Config) -> None:
        """Warn once for each font family the template uses whose metrics are only estimated."""
        styles = [config.style.font_family]
        for prototype in self.info.prototypes.values():
            for region in prototype.regions.values():
                styles.append(region.text.font_family)
                if region.table is not None:
                    styles += [region.table.header_text.font_family]
                    styles += [region.table.body_text.font_family]
        for family in dict.fromkeys(styles):
            if not is_exactly_measured(family):
                self.warnings.append(
                    f"font '{family}' has no metrics here; its text is measured "
                    f"{round((UNKNOWN_FAMILY_SCALE - 1) * 100)}% wider than Arial, so it may "
                    "leave more room than it needs (Arial, Helvetica, Calibri and Times "
                    "are measured exactly)"
                )

    def check_promised_numbers(self) -> None:
        """Warn when a slide's number, named on another slide, is not the number it ended with."""
        for slide_id, (role, number) in self.promised.items():
            if slide_id in self.order and self.order.index(slide_id) + 1 != number:
                self.warnings.append(
                    f"{role}: slide {slide_id} is named as slide {number} but ended as slide "
                    f"{self.order.index(slide_id) + 1} (slides were reordered in the deck); "
                    "build again to correct the references"
                )

    def footers(self, plan: Plan, config: Config) -> None:
        """Write each generated slide's footer: the customer and the slide's number in the deck."""
        for slide_id, footer_id, region in self.footer_slots:
            requests = footer_requests(
                region,
                slide_id,
                footer_id,
                plan.customer,
                self.order.index(slide_id) + 1,
                config.style.min_font_pt,
                self.info.page_size[1],
            )
            self.requests.extend(requests)
            self.requests.extend(alt_text_requests(requests))

    def _heading(
        self, context: BuildContext, page: int, heading: str, config: Config
    ) -> list[Request]:
        region = context.region("heading")
        style = region.text
        fit = fit_text(
            heading,
            region.box.width,
            region.box.height,
            max(style.font_pt, config.style.min_font_pt),
            config.style.min_font_pt,
            bold=style.bold,
            family=style.font_family,
        )
        return text_box(
            context.content_id(page, "heading"),
            context.page_id(page),
            region.box,
            heading,
            BoxStyle(replace(style, font_pt=fit.font_pt), vertical="MIDDLE"),
        )

    def _duplicate(
        self, prototype: Prototype, slide_id: str, page: int, previous: str
    ) -> tuple[str | None, str]:
        """Copy the prototype to `slide_id`, place it after `previous`, drop region anchors."""
        code = BY_ROLE[prototype.role].code
        mapping = {prototype.slide_id: slide_id}
        for position, element_id in enumerate(prototype.element_ids):
            mapping[element_id] = ids.make_id(ids.DECOR, self.generation, code, page + 1, position)
        for position, notes_object in enumerate(prototype.notes_ids):
            mapping[notes_object] = ids.make_id(
                ids.DECOR, self.generation, code, page + 1, "n", position
            )
            self.assumed_slides[mapping[notes_object]] = slide_id
        self.requests.append(
            {"duplicateObject": {"objectId": prototype.slide_id, "objectIds": mapping}}
        )
        self.order.insert(self.order.index(prototype.slide_id) + 1, slide_id)
        if previous != prototype.slide_id:
            self._move_after(slide_id, previous)
        if prototype.is_skipped:
            self.requests.append(
                {
                    "updateSlideProperties": {
                        "objectId": slide_id,
                        "slideProperties": {"isSkipped": False},
                        "fields": "isSkipped",
                    }
                }
            )
        for region in prototype.regions.values():
            self.requests.append({"deleteObject": {"objectId": mapping[region.anchor_id]}})
        notes_id = prototype.speaker_notes_id
        if notes_id is None or notes_id not in mapping:
            self.warnings.append(
                f"{prototype.role}: prototype slide {prototype.slide_id} has no speaker-notes "
                "box to copy; notes for its pages were not written"
            )
            return None, ""
        return mapping[notes_id], prototype.speaker_notes_text

    def _move_after(self, slide_id: str, anchor: str) -> None:
        current = self.order.index(slide_id)
        target = self.order.index(anchor) + 1
        if current == target:
            return
        self.requests.append(
            {"updateSlidesPosition": {"slideObjectIds": [slide_id], "insertionIndex": target}}
        )
        # insertionIndex counts slides before the move; removing first shifts later ones.
        self.order.pop(current)
        self.order.insert(target - 1 if current < target else target, slide_id)

    def _notes(
        self,
        slide_id: str,
        notes_id: str | None,
        old_text: str,
        notes: list[str],
        *,
        fresh: bool,
    ) -> None:
        """Write the generated notes block, keeping what a person wrote below it."""
        if notes_id is None:
            if notes:
                self.warnings.append(f"{slide_id}: speaker notes not written (no notes box)")
            return
        old_text = old_text[:-1] if old_text.endswith("\n") else old_text
        kept = ""
        if fresh:
            # A fresh copy carries the prototype's notes (designer instructions): replace them.
            if old_text:
                self.requests.append(_delete_text(notes_id, 0, utf16_length(old_text)))
        else:
            marker_at = old_text.find(NOTES_END)
            if marker_at >= 0:
                end = marker_at + len(NOTES_END)
                kept = old_text[end:]
                if kept.startswith("\n"):
                    end += 1
                    kept = kept[1:]
                self.requests.append(_delete_text(notes_id, 0, utf16_length(old_text[:end])))
            else:
                kept = old_text
        if not notes:
            return
        block = clean_text("\n".join(notes)) + "\n" + NOTES_END + ("\n" if kept else "")
        self.requests.append(
            {"insertText": {"objectId": notes_id, "text": block, "insertionIndex": 0}}
        )

    def _delete_surplus(self, slide: GeneratedSlide) -> None:
        self.requests.append({"deleteObject": {"objectId": slide.slide_id}})
        self.order.remove(slide.slide_id)
        if slide.foreign_ids:
            self.warnings.append(
                f"{slide.role}: deleted surplus slide {slide.slide_id}, which held elements "
                f"added by hand ({', '.join(slide.foreign_ids)})"
            )

    def park_prototypes(self) -> None:
        """Move every prototype to the end of the deck, in deck order, and skip it."""
        prototype_ids = {p.slide_id for p in self.info.prototypes.values()}
        parked = [slide_id for slide_id in self.order if slide_id in prototype_ids]
        if self.order[len(self.order) - len(parked) :] != parked:
            self.requests.append(
                {
                    "updateSlidesPosition": {
                        "slideObjectIds": parked,
                        "insertionIndex": len(self.order),
                    }
                }
            )
            self.order = [s for s in self.order if s not in prototype_ids] + parked
        for prototype in sorted(
            self.info.prototypes.values(), key=lambda p: self.order.index(p.slide_id)
        ):
            if not prototype.is_skipped:
                self.requests.append(
                    {
                        "updateSlideProperties": {
                            "objectId": prototype.slide_id,
                            "slideProperties": {"isSkipped": True},
                            "fields": "isSkipped",
                        }
                    }
                )


def _delete_text(object_id: str, start: int, end: int) -> Request:
    return {
        "deleteText": {
            "objectId": object_id,
            "textRange": {"type": "FIXED_RANGE", "startIndex": start, "endIndex": end},
        }
    }


def _insert_at(text: str, index: int, addition: str) -> str:
    """Return `text` with `addition` inserted at UTF-16 offset `index`."""
    if index == 0:
        return addition + text
    units = text.encode("utf-16-le")
    return (units[: 2 * index] + addition.encode("utf-16-le") + units[2 * index :]).decode(
        "utf-16-le"
    )


def _box_of(properties: dict[str, Any]) -> Box:
    size = properties.get("size") or {}
    transform = properties.get("transform") or {}
    return Box(
        round(float(transform.get("translateX", 0))),
        round(float(transform.get("translateY", 0))),
        round(magnitude_emu(size.get("width")) * float(transform.get("scaleX", 1))),
        round(magnitude_emu(size.get("height")) * float(transform.get("scaleY", 1))),
    )


def alt_text_requests(requests: list[Request]) -> list[Request]:
    """Return alt-text requests marking every object `requests` create, with its digest.

    The digest is computed from the requests themselves (final text and box),
    so it equals ``ownership.content_digest`` of the element the deck returns.
    """
    created: dict[str, str] = {}
    boxes: dict[str, Box] = {}
    texts: dict[str, str] = {}
    cells: dict[str, list[list[str]]] = {}
    widths: dict[str, list[float]] = {}
    for request in requests:
        if next(iter(request), "") not in _ALT_TEXT_INPUTS:
            continue
        kind, body = request_parts(request)
        if kind in _CREATES:
            object_id = body["objectId"]
            created[object_id] = kind
            boxes[object_id] = _box_of(body.get("elementProperties", {}))
            if kind == "createTable":
                cells[object_id] = [[""] * body["columns"] for _ in range(body["rows"])]
                widths[object_id] = [boxes[object_id].width / body["columns"]] * body["columns"]
            else:
                texts[object_id] = ""
        elif kind == "insertText" and body["objectId"] in created:
            object_id = body["objectId"]
            index = body.get("insertionIndex", 0)
            location = body.get("cellLocation")
            if location is not None:
                row, column = location.get("rowIndex", 0), location.get("columnIndex", 0)
                grid = cells[object_id]
                grid[row][column] = _insert_at(grid[row][column], index, body["text"])
            else:
                texts[object_id] = _insert_at(texts[object_id], index, body["text"])
        elif kind == "updateTableColumnProperties" and body["objectId"] in widths:
            width = magnitude_emu(body["tableColumnProperties"].get("columnWidth"))
            table_widths = widths[body["objectId"]]
            for column in body.get("columnIndices") or range(len(table_widths)):
                table_widths[column] = width
        elif kind == "deleteObject" and body["objectId"] in created:
            del created[body["objectId"]]
    alt: list[Request] = []
    for object_id, kind in created.items():
        box = boxes[object_id]
        if kind == "createTable":
            digest = digest_of(table_text(cells[object_id]), [box.x, box.y, *widths[object_id]])
        elif kind == "createLine":
            digest = digest_of("", [])
        else:
            digest = digest_of(texts[object_id], [box.x, box.y, box.width, box.height])
        alt.append(
            {
                "updatePageElementAltText": {
                    "objectId": object_id,
                    "title": GENERATED_TITLE,
                    "description": generated_description(digest),
                }
            }
        )
    return alt
