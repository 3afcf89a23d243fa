"""Compose the ONE batchUpdate that puts a plan's slides into an existing deck.

The batch, in order:

1. draws each prototype slide the run needs at the end of the deck, on a
   layout of the deck's own master (its placeholders named and removed);
2. runs the ordinary composition (``layout.compose``) against the deck as it
   would look with those prototypes: duplicate, fill, write notes;
3. moves new generated slides where they belong (after the slide asked for,
   or after their predecessor when the deck already holds this plan's slides);
4. deletes the prototypes again.

Slides already generated stay where the deck's owner put them and are
redrawn in place. Everything else in the deck, every slide, element, note,
layout and master, is never the target of a request.
"""

from __future__ import annotations

import copy
import datetime as dt
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any, Final

from slidegen.config import Config
from slidegen.errors import TargetDeckError
from slidegen.into.copied import template_prototypes
from slidegen.into.options import IntoOptions
from slidegen.into.prototypes import (
    PrototypeDrawing,
    check_page_size,
    design_prototypes,
    master_fonts,
    page_size_of,
)
from slidegen.layout import ids
from slidegen.layout.compose import NOTES_END, alt_text_requests, compose
from slidegen.layout.footer import footer_requests
from slidegen.layout.shapes import utf16_length
from slidegen.layout.slides import ROLES
from slidegen.layout.template import generated_role, plain_text, walk_elements
from slidegen.plan.model import Plan
from slidegen.request import Request, request_parts
from slidegen.sync.drift import find_drift
from slidegen.tags import parse_tag

Deck = dict[str, Any]

INSERT_HERE: Final = "slidegen:insert-here"
"""Alt text or speaker notes carrying this mark say where new generated slides go."""
PLAN_MARK: Final = "plan:"
"""Generated content names its plan after this word in its alt-text description."""
GENERATED_MARK: Final = "slidegen:generated"
PROTOTYPE_PREFIX: Final = "sgp"
"""Prototype slides drawn for one batch and deleted by it; never generated, never kept."""
_UNCOPIED_PLACEHOLDERS: Final = frozenset({"SLIDE_NUMBER", "DATE_AND_TIME", "FOOTER", "HEADER"})
"""Layout placeholders Slides does not copy onto a new slide."""
_SLUG: Final = re.compile(r"[^a-z0-9]+")
_MARK_LENGTH: Final = 60


@dataclass
class Filling:
    """The batch that fills a deck and what a person should know about it."""

    requests: list[Request]
    notes: list[str] = field(default_factory=list)
    pages: dict[str, int] = field(default_factory=dict)
    slide_ids: dict[str, list[str]] = field(default_factory=dict)
    positions: list[int] = field(default_factory=list)
    """Where the generated slides stand (1-based) once the batch is applied."""
    drift: list[str] = field(default_factory=list)
    """Hand edits the batch overwrites (only with ``force``)."""
    assumed_ids: frozenset[str] = frozenset()
    """Notes objects the batch names through ``duplicateObject.objectIds`` (see `fill_requests`)."""

    def is_assumed(self, request: Request) -> bool:
        """Return True when `request` names one of `assumed_ids` anywhere in its body."""
        return bool(self.assumed_ids) and any(
            object_id in self.assumed_ids for object_id in _strings_in(request)
        )


def _strings_in(value: Any) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield key
            yield from _strings_in(item)
    elif isinstance(value, list):
        for item in value:
            yield from _strings_in(item)


def plan_mark(plan: Plan, name: str | None = None) -> str:
    """Return the word that ties generated content to its plan: `name`, else the plan's titles.

    A plan file's name is the better tie: it survives renaming the customer
    or the opportunity, which would otherwise make the deck's slides look
    like another plan's.
    """
    text = (name or f"{plan.customer} {plan.opportunity.name}").casefold()
    slug = _SLUG.sub("-", text).strip("-")[:_MARK_LENGTH].rstrip("-")
    return PLAN_MARK + (slug or "plan")


def marks_in(deck: Deck) -> dict[str, list[int]]:
    """Return each plan mark found on generated slides, with the slide numbers carrying it."""
    found: dict[str, list[int]] = {}
    for position, slide in enumerate(deck.get("slides", []) or [], start=1):
        if generated_role(slide["objectId"]) is None:
            continue
        for element in walk_elements(slide.get("pageElements", []) or []):
            description = element.get("description") or ""
            if not description.startswith(GENERATED_MARK):
                continue
            for word in description.split():
                if word.startswith(PLAN_MARK):
                    places = found.setdefault(word, [])
                    if position not in places:
                        places.append(position)
    return found


def _deck_name(deck: Deck) -> str:
    return str(deck.get("presentationId") or deck.get("title") or "(unnamed deck)")


def _slide_ids(deck: Deck) -> list[str]:
    return [slide["objectId"] for slide in deck.get("slides", []) or []]


def all_object_ids(deck: Deck) -> set[str]:
    """Return every object ID in `deck`: pages, elements, notes, layouts, masters."""
    found: set[str] = set()
    pages: list[dict[str, Any]] = []
    for kind in ("slides", "layouts", "masters"):
        pages += deck.get(kind, []) or []
    if deck.get("notesMaster"):
        pages.append(deck["notesMaster"])
    for page in list(pages):
        notes = (page.get("slideProperties") or {}).get("notesPage")
        if notes:
            pages.append(notes)
    for page in pages:
        found.add(page["objectId"])
        for element in walk_elements(page.get("pageElements", []) or []):
            found.add(element["objectId"])
    return found


def _slide_texts(slide: dict[str, Any]) -> Iterator[str]:
    """Yield the alt texts and the speaker notes of a slide (where a mark may sit)."""
    for element in walk_elements(slide.get("pageElements", []) or []):
        yield element.get("title") or ""
        yield element.get("description") or ""
    notes = (slide.get("slideProperties") or {}).get("notesPage") or {}
    for element in walk_elements(notes.get("pageElements", []) or []):
        yield plain_text((element.get("shape") or {}).get("text"))


def anchor_slide(deck: Deck, after: str | None) -> tuple[str | None, list[str]]:
    """Return the slide new slides go after (None: the end of the deck) and any warnings.

    `after` is a slide's object ID or its 1-based number. Without it, the
    first slide marked ``slidegen:insert-here`` (alt text or notes) is used.
    """
    slides = deck.get("slides", []) or []
    name = _deck_name(deck)
    if after is not None:
        wanted = after.strip()
        ids_ = _slide_ids(deck)
        if wanted in ids_:
            return wanted, []
        if wanted.isdigit():
            number = int(wanted)
            if 1 <= number <= len(slides):
                return ids_[number - 1], []
            raise TargetDeckError(
                f"deck {name}: --after {wanted}: the deck has {len(slides)} slides "
                f"(give a number from 1 to {len(slides)} or a slide's object ID)"
            )
        shown = ", ".join(ids_[:8]) + (", …" if len(ids_) > 8 else "")
        raise TargetDeckError(
            f"deck {name}: --after {wanted}: no slide has this object ID "
            f"(its slides: {shown or 'none'}); give a slide's object ID or its number"
        )
    marked = [
        (position, slide["objectId"])
        for position, slide in enumerate(slides, start=1)
        if any(INSERT_HERE in text for text in _slide_texts(slide))
    ]
    if not marked:
        return None, []
    warnings = []
    if len(marked) > 1:
        others = ", ".join(str(position) for position, _ in marked[1:])
        warnings.append(
            f"slides {marked[0][0]} and {others} carry {INSERT_HERE}; the slides go after "
            f"slide {marked[0][0]}"
        )
    return marked[0][1], warnings


def _refuse_template_slides(deck: Deck) -> None:
    for position, slide in enumerate(deck.get("slides", []) or [], start=1):
        if ids.is_generated(slide["objectId"]):
            continue
        for element in walk_elements(slide.get("pageElements", []) or []):
            tag = parse_tag(element.get("description"))
            if tag is not None:
                raise TargetDeckError(
                    f"deck {_deck_name(deck)}: slide {position} ({slide['objectId']}) is a "
                    f"slidegen template slide (element {element['objectId']} is tagged {tag}); "
                    "a deck made by `slidegen build` is kept current by build and sync "
                    "without --into"
                )


def _refuse_other_plans(deck: Deck, mark: str, take_over: bool) -> list[str]:
    others = {other: places for other, places in marks_in(deck).items() if other != mark}
    if not others:
        return []
    described = "; ".join(
        f"{other[len(PLAN_MARK) :]} on slide{'s' if len(places) > 1 else ''} "
        + ", ".join(map(str, places))
        for other, places in sorted(others.items())
    )
    if not take_over:
        raise TargetDeckError(
            f"deck {_deck_name(deck)} already holds slides generated from another plan "
            f"({described}); pass --take-over to replace them with this plan's slides"
        )
    return [f"replaced slides generated from another plan ({described})"]


def _refuse_drift(deck: Deck, force: bool) -> list[str]:
    drift = [str(item) for item in find_drift(deck)]
    if drift and not force:
        raise TargetDeckError(
            f"deck {_deck_name(deck)}: generated content was edited by hand, so nothing was "
            "changed; move the edits into the plan, or pass --force to overwrite them:\n"
            + "\n".join(drift)
        )
    return drift


def _max_generation(deck: Deck) -> int:
    highest = 0
    for object_id in all_object_ids(deck):
        parsed = ids.parse_generated(object_id)
        if parsed is not None:
            highest = max(highest, parsed.generation)
    return highest


def _prototype_prefix(taken: set[str], generation: int) -> str:
    """Return an ID prefix for this run's prototypes that nothing in the deck starts with."""
    prefix = f"{PROTOTYPE_PREFIX}{generation}_"
    attempt = 0
    while any(object_id.startswith(prefix) for object_id in taken):
        attempt += 1
        prefix = f"{PROTOTYPE_PREFIX}{generation}x{attempt}_"
    return prefix


def _layout_for_prototypes(deck: Deck) -> dict[str, Any] | None:
    """Return the layout prototypes are drawn on: the deck's own BLANK, else the emptiest one."""
    slides = deck.get("slides", []) or []
    masters = deck.get("masters", []) or []
    master = (slides[-1].get("slideProperties") or {}).get("masterObjectId") if slides else None
    if master is None and masters:
        master = masters[0]["objectId"]
    layouts = [
        layout
        for layout in deck.get("layouts", []) or []
        if (layout.get("layoutProperties") or {}).get("masterObjectId") == master
    ] or list(deck.get("layouts", []) or [])
    if not layouts:
        return None
    for layout in layouts:
        if (layout.get("layoutProperties") or {}).get("name") == "BLANK":
            return layout
    return min(layouts, key=lambda layout: len(_copied_placeholders(layout)))


def _copied_placeholders(layout: dict[str, Any]) -> list[str]:
    return [
        element["objectId"]
        for element in layout.get("pageElements", []) or []
        if ((element.get("shape") or {}).get("placeholder") or {}).get("type")
        not in (None, *_UNCOPIED_PLACEHOLDERS)
    ]


@dataclass(frozen=True)
class _Source:
    """A slide of the deck whose copies carry a speaker-notes box the batch can name."""

    slide: dict[str, Any]
    notes_id: str
    notes_text: str


def _notes_source(deck: Deck, layout: dict[str, Any] | None) -> _Source | None:
    """Return the slide prototypes are copied from so their notes box has a known ID.

    A new slide's notes box is named by the service once the batch is done,
    but a copy of a slide whose notes box exists is named by the batch. The
    copy's own content is deleted at once; the emptiest slide on the layout
    prototypes would be drawn on is preferred, else the emptiest slide on a
    layout that draws nothing of its own (a layout's shapes show through;
    its placeholders do not).
    """
    decorations = {
        layout_["objectId"]: sum(
            1
            for element in layout_.get("pageElements", []) or []
            if "placeholder" not in (element.get("shape") or {})
        )
        for layout_ in deck.get("layouts", []) or []
    }
    candidates = []
    for position, slide in enumerate(deck.get("slides", []) or []):
        notes = (slide.get("slideProperties") or {}).get("notesPage") or {}
        speaker = (notes.get("notesProperties") or {}).get("speakerNotesObjectId")
        shapes = {
            element["objectId"]: element
            for element in walk_elements(notes.get("pageElements", []) or [])
        }
        if not speaker or speaker not in shapes:
            continue
        text = plain_text((shapes[speaker].get("shape") or {}).get("text"))
        layout_id = (slide.get("slideProperties") or {}).get("layoutObjectId")
        on_layout = layout is not None and layout_id == layout["objectId"]
        rank = (
            decorations.get(layout_id, 0),
            not on_layout,
            len(slide.get("pageElements", []) or []),
            bool(text),
            position,
        )
        candidates.append((rank, _Source(slide, speaker, text)))
    if not candidates:
        return None
    return min(candidates, key=lambda candidate: candidate[0])[1]


def _copy_prototypes(drawings: list[PrototypeDrawing], source: _Source) -> list[_Drawn]:
    """Return each prototype as a copy of `source`, emptied, with a notes box the batch names."""
    placed = []
    properties = source.slide.get("slideProperties") or {}
    for drawing in drawings:
        slide_id = drawing.slide_id
        notes_id = f"{slide_id}_notes"
        mapping = {source.slide["objectId"]: slide_id, source.notes_id: notes_id}
        content = [element["objectId"] for element in source.slide.get("pageElements", []) or []]
        for position, element_id in enumerate(content):
            mapping[element_id] = f"{slide_id}_c{position}"
        requests: list[Request] = [
            {"duplicateObject": {"objectId": source.slide["objectId"], "objectIds": mapping}}
        ]
        requests += [{"deleteObject": {"objectId": mapping[i]}} for i in content]
        if source.notes_text:
            # The owner's notes on the copied slide must not reach the generated slides.
            length = utf16_length(source.notes_text)
            requests.append(
                {
                    "deleteText": {
                        "objectId": notes_id,
                        "textRange": {"type": "FIXED_RANGE", "startIndex": 0, "endIndex": length},
                    }
                }
            )
        slide = copy.deepcopy(drawing.slide)
        slide["slideProperties"] = {
            **{k: v for k, v in properties.items() if k in ("layoutObjectId", "masterObjectId")},
            "notesPage": _notes_page(slide_id, notes_id),
        }
        if properties.get("isSkipped"):
            slide["slideProperties"]["isSkipped"] = True
        placed.append(_Drawn(drawing, [*requests, *drawing.requests], slide, notes_id))
    return placed


def _notes_page(slide_id: str, notes_id: str) -> dict[str, Any]:
    return {
        "objectId": f"{slide_id}:notes",
        "pageType": "NOTES",
        "pageElements": [
            {
                "objectId": notes_id,
                "shape": {"shapeType": "TEXT_BOX", "placeholder": {"type": "BODY"}},
            }
        ],
        "notesProperties": {"speakerNotesObjectId": notes_id},
    }


@dataclass(frozen=True)
class _Drawn:
    """A prototype as the deck will hold it for the length of the batch."""

    drawing: PrototypeDrawing
    requests: list[Request]
    slide: dict[str, Any]
    notes_id: str


def _place_prototypes(
    deck: Deck, drawings: list[PrototypeDrawing], layout: dict[str, Any] | None
) -> list[_Drawn]:
    """Return each prototype's requests for this deck and the slide it makes there."""
    placed = []
    placeholders = _copied_placeholders(layout) if layout is not None else []
    for drawing in drawings:
        slide_id = drawing.slide_id
        create: dict[str, Any] = {"objectId": slide_id}
        slide = copy.deepcopy(drawing.slide)
        properties: dict[str, Any] = {}
        cleanup: list[Request] = []
        if layout is not None:
            create["slideLayoutReference"] = {"layoutId": layout["objectId"]}
            properties["layoutObjectId"] = layout["objectId"]
            master = (layout.get("layoutProperties") or {}).get("masterObjectId")
            if master:
                properties["masterObjectId"] = master
            mappings = []
            for position, placeholder_id in enumerate(placeholders):
                copy_id = f"{slide_id}_ph{position}"
                mappings.append({"layoutPlaceholderObjectId": placeholder_id, "objectId": copy_id})
                # The layout's empty placeholders would show as "Click to add title".
                cleanup.append({"deleteObject": {"objectId": copy_id}})
            if mappings:
                create["placeholderIdMappings"] = mappings
        # The service names a new slide's notes box itself, so this batch cannot know it:
        # the composition sees a stand-in whose requests are taken out again.
        notes_id = f"{slide_id}_notes"
        properties["notesPage"] = _notes_page(slide_id, notes_id)
        slide["slideProperties"] = properties
        requests = [{"createSlide": create}, *cleanup, *drawing.requests]
        placed.append(_Drawn(drawing, requests, slide, notes_id))
    return placed


def _notes_written(requests: Iterable[Request]) -> str:
    text = ""
    for request in requests:
        body = request.get("insertText")
        if body is not None:
            index = int(body.get("insertionIndex", 0))
            text = text[:index] + body.get("text", "") + text[index:]
    return "\n".join(line for line in text.split("\n") if line and line != NOTES_END)


class _Order:
    """The deck's slide order as the batch changes it, and the moves that change it."""

    def __init__(self, slide_ids: list[str]) -> None:
        self.ids = list(slide_ids)
        self.moves: list[Request] = []

    def apply(self, request: Request) -> None:
        """Follow what `request` does to the slide order."""
        duplicate = request.get("duplicateObject")
        if duplicate is not None and duplicate["objectId"] in self.ids:
            new_id = duplicate.get("objectIds", {}).get(duplicate["objectId"])
            if new_id:
                self.ids.insert(self.ids.index(duplicate["objectId"]) + 1, new_id)
        deleted = request.get("deleteObject")
        if deleted is not None and deleted["objectId"] in self.ids:
            self.ids.remove(deleted["objectId"])

    def move(self, run: list[str], target: int) -> None:
        """Move `run` so it starts at `target` (an index in the order before the move)."""
        current = sorted(run, key=self.ids.index)
        if current != run:
            for offset, slide_id in enumerate(run):
                anchor = target if offset == 0 else self.ids.index(run[offset - 1]) + 1
                self.move([slide_id], anchor)
            return
        start = self.ids.index(run[0])
        if self.ids[start : start + len(run)] == run and start <= target <= start + len(run):
            return
        self.moves.append(
            {"updateSlidesPosition": {"slideObjectIds": list(run), "insertionIndex": target}}
        )
        before = sum(1 for slide_id in run if self.ids.index(slide_id) < target)
        remaining = [slide_id for slide_id in self.ids if slide_id not in run]
        at = target - before
        self.ids = remaining[:at] + run + remaining[at:]


def _place_new_slides(order: _Order, sequence: list[str], existing: set[str], anchor: int) -> None:
    """Move every new generated slide after its predecessor in `sequence`.

    A first slide with no generated predecessor goes before the first slide
    already generated, or at `anchor` when there is none.
    """
    index = 0
    while index < len(sequence):
        if sequence[index] in existing:
            index += 1
            continue
        end = index
        while end < len(sequence) and sequence[end] not in existing:
            end += 1
        run = sequence[index:end]
        if index > 0:
            target = order.ids.index(sequence[index - 1]) + 1
        elif end < len(sequence):
            target = order.ids.index(sequence[end])
        else:
            target = anchor
        order.move(run, target)
        index = end


def fill_requests(
    plan: Plan,
    config: Config,
    deck: Deck,
    *,
    today: dt.date,
    options: IntoOptions,
    template: Deck | None = None,
    name_notes: bool = True,
) -> Filling:
    """Return the one batch that puts (or keeps) `plan`'s slides in `deck`.

    Raises TargetDeckError for a page too small, a missing --after slide,
    another plan's slides (unless ``take_over``) and hand edits to generated
    content (unless ``force``). The prototypes are the bundled design's, or
    those of the `template` deck (as ``presentations.get`` returns it).

    With `name_notes` (and a slide in the deck with a notes box) the
    prototypes are copies of a slide of the deck, so the batch names every
    new slide's notes box and writes its speaker notes too. Whether Slides
    names a copied notes box after ``objectIds`` is undocumented: the
    requests that rely on it name one of ``assumed_ids``. Without
    `name_notes` the prototypes are new slides and the notes of new slides
    are left to the next run.
    """
    name = _deck_name(deck)
    size = page_size_of(deck)
    check_page_size(name, size)
    _refuse_template_slides(deck)
    mark = plan_mark(plan, options.plan_name)
    notes = _refuse_other_plans(deck, mark, options.take_over)
    drift = _refuse_drift(deck, options.force)
    if drift:
        notes.append(f"overwrote {len(drift)} hand edit(s) to generated content")
    existing = [s for s in _slide_ids(deck) if generated_role(s) is not None]
    anchor_id, warnings = anchor_slide(deck, options.after)
    notes += warnings
    if existing and options.after is not None:
        notes.append(
            f"--after {options.after} left the slides already generated where they are; "
            "it places only new slides when the deck holds none yet"
        )

    taken = all_object_ids(deck)
    prefix = _prototype_prefix(taken, _max_generation(deck) + 1)
    layout = _layout_for_prototypes(deck)
    if template is None:
        master_id = (layout.get("layoutProperties") or {}).get("masterObjectId") if layout else None
        fonts = master_fonts(deck, master_id)
        drawings = design_prototypes(size, prefix, fonts)
        if fonts is not None:
            # Text the design leaves unstyled (tables, diagrams) is measured in the same family.
            style = config.style.model_copy(update={"font_family": fonts.body})
            config = config.model_copy(update={"style": style})
    else:
        drawings, left_out = template_prototypes(template, size, prefix)
        notes += [f"left out of the template's prototype slides: {item}" for item in left_out]
    source = _notes_source(deck, layout) if name_notes else None
    if source is not None:
        drawn = _copy_prototypes(drawings, source)
    else:
        drawn = _place_prototypes(deck, drawings, layout)
    virtual = {**deck, "slides": [*copy.deepcopy(deck.get("slides", []) or [])]}
    virtual["slides"] += [item.slide for item in drawn]
    composition = compose(plan, config, virtual, today)

    prototype_ids = {item.drawing.slide_id for item in drawn}
    stand_ins = {item.notes_id for item in drawn} if source is None else set()
    unwritten: dict[str, list[Request]] = {}
    kept: list[Request] = []

    def keep(request: Request) -> None:
        kind, body = request_parts(request)
        if kind == "updatePageElementAltText" and str(body.get("description", "")).startswith(
            GENERATED_MARK
        ):
            description = f"{body['description']} {mark}"
            request = {"updatePageElementAltText": {**body, "description": description}}
        kept.append(request)

    # Footers are numbered below, once it is known where the slides stand in this deck.
    drawn_requests = composition.requests[: len(composition.requests) - composition.footer_count]
    for request in drawn_requests:
        kind, body = request_parts(request)
        if kind == "updateSlidesPosition":
            continue  # placement is decided below, for the deck as it really is
        if kind == "updateSlideProperties" and body["objectId"] in prototype_ids:
            continue
        if source is None and composition.is_assumed(request):
            unwritten.setdefault(composition.assumed_slides[body["objectId"]], []).append(request)
            continue
        if kind == "duplicateObject":
            mapping = {k: v for k, v in body.get("objectIds", {}).items() if k not in stand_ins}
            request = {"duplicateObject": {**body, "objectIds": mapping}}
        keep(request)
    notes += composition.warnings
    waiting = [slide_id for slide_id, inserts in unwritten.items() if _notes_written(inserts)]
    if waiting:
        notes.append(
            f"speaker notes of {len(waiting)} new slide(s) ({', '.join(waiting)}) are written by "
            "the next build or sync into this deck: the service names a new slide's notes box "
            "only once the write that makes the slide is done"
        )

    used = {body["objectId"] for r in kept for kind, body in r.items() if kind == "duplicateObject"}
    needed = [item for item in drawn if item.drawing.slide_id in used]
    order = _Order([*_slide_ids(deck), *(item.drawing.slide_id for item in needed)])
    for request in kept:
        order.apply(request)
    sequence = [slide_id for role in ROLES for slide_id in composition.slide_ids[role]]
    anchor = order.ids.index(anchor_id) + 1 if anchor_id else len(_slide_ids(deck))
    _place_new_slides(order, sequence, set(existing), anchor)

    final = [slide_id for slide_id in order.ids if slide_id not in prototype_ids]
    for slide_id, footer_id, region in composition.footer_slots:
        number = final.index(slide_id) + 1
        footer = footer_requests(
            region,
            slide_id,
            footer_id,
            plan.customer,
            number,
            config.style.min_font_pt,
            page_size_of(deck)[1],
        )
        for request in [*footer, *alt_text_requests(footer)]:
            keep(request)

    drawing = []
    for index, item in enumerate(needed):
        create, *rest = item.requests
        position = len(_slide_ids(deck)) + index
        if "createSlide" in create:
            create = {"createSlide": {**create["createSlide"], "insertionIndex": position}}
            drawing += [create, *rest]
            continue
        # A copy lands right after its source: move it to the end, where the others are drawn.
        move = {
            "updateSlidesPosition": {
                "slideObjectIds": [item.drawing.slide_id],
                "insertionIndex": position + 1,
            }
        }
        drawing += [create, move, *rest]
    deletes = [{"deleteObject": {"objectId": item.drawing.slide_id}} for item in needed]
    requests = [*drawing, *kept, *order.moves, *deletes]
    _refuse_clashes(name, requests, taken)
    return Filling(
        requests=requests,
        notes=notes,
        pages=composition.pages,
        slide_ids=composition.slide_ids,
        positions=[final.index(slide_id) + 1 for slide_id in sequence],
        drift=drift,
        assumed_ids=(
            frozenset({*composition.assumed_ids, *(item.notes_id for item in needed)})
            if source is not None
            else frozenset()
        ),
    )


def created_ids(requests: Iterable[Request]) -> set[str]:
    """Return every object ID `requests` create (slides, elements, copies, placeholders)."""
    created: set[str] = set()
    for request in requests:
        for kind, body in request.items():
            if not isinstance(body, dict):
                continue
            if kind.startswith("create") or kind == "groupObjects":
                object_id = body.get("objectId") or body.get("groupObjectId")
                if object_id:
                    created.add(object_id)
                for mapping in body.get("placeholderIdMappings", []) or []:
                    created.add(mapping["objectId"])
            elif kind == "duplicateObject":
                created.update(body.get("objectIds", {}).values())
    return created


def _refuse_clashes(name: str, requests: list[Request], taken: set[str]) -> None:
    clashes = sorted(created_ids(requests) & taken)
    if clashes:
        raise TargetDeckError(
            f"deck {name}: objects {', '.join(clashes[:5])} already exist in the deck, and "
            "generated objects would take the same IDs; rename or delete them"
        )
