"""An in-memory presentation that applies batchUpdate bodies with the Slides API's rules.

:class:`OfflineDeck` holds a presentation as the very JSON resource
``presentations.get`` returns, applies ``batchUpdate`` bodies to it and answers
with the API's reply shapes. It is also the judge of request lists: the body is
checked against the discovery schema, then every request against the API's
rules (object IDs, text indexes, table limits, field masks, connections). A
batch is atomic: it runs on the deck itself, and a request that fails puts
back the compact snapshot taken before the batch, so the deck is whole again
as it was.

Where the API's behaviour cannot be known offline, the engine picks the
documented, conservative choice:

* connection sites: RECTANGLE, ROUND_RECTANGLE, TEXT_BOX, ELLIPSE and images
  have 4 (0 top, 1 left, 2 bottom, 3 right); the shapes in
  ``CONNECTION_SITES`` have the count listed there; any other shape is given
  4, so the engine may refuse a site the API allows but never the reverse for
  sites 0-3;
* an element created without a size is 3,000,000 EMU square (images: 1 inch
  square, since the engine never fetches them);
* a table created without a size has 1-inch columns and 0.4-inch rows; rows do
  not grow to fit text (text is not measured here);
* an ID deleted earlier in the same batch may not be reused (whether the API
  allows it is unconfirmed, so a request list must not depend on it);
* images are never fetched: an image keeps the box it was given;
* inserting empty text changes nothing (and is not refused).
"""

from __future__ import annotations

import gc
import hashlib
import json
import marshal
import re
from collections.abc import Callable, Iterator
from collections.abc import Set as AbstractSet
from dataclasses import dataclass
from functools import cache
from typing import Any

from slidegen.backends.offline import tables
from slidegen.backends.offline.masks import (
    MaskError,
    apply_mask,
    copy_json,
    mask_touches,
    mask_writer,
    parse_mask,
)
from slidegen.backends.offline.schema import (
    FieldRoute,
    PassedValues,
    field_routes,
    request_kinds,
    validate_batch_body,
    value_key,
)
from slidegen.backends.offline.text import (
    Paragraph,
    TextBody,
    TextRangeError,
    bullet_glyph,
    clean_text,
)
from slidegen.errors import RequestError
from slidegen.units import EMU_PER_PT, magnitude_emu

Json = dict[str, Any]

OBJECT_ID = re.compile(r"^[a-zA-Z0-9_][a-zA-Z0-9_:\-]*$")
DEFAULT_ELEMENT_SIZE = 3_000_000
DEFAULT_IMAGE_SIZE = 914_400
CONNECTION_SITES: dict[str, int] = {
    "RECTANGLE": 4,
    "ROUND_RECTANGLE": 4,
    "TEXT_BOX": 4,
    "ELLIPSE": 4,
    "DIAMOND": 4,
    "TRIANGLE": 6,
    "RIGHT_TRIANGLE": 6,
    "HEXAGON": 6,
    "OCTAGON": 8,
    "FLOW_CHART_PROCESS": 4,
    "FLOW_CHART_ALTERNATE_PROCESS": 4,
    "FLOW_CHART_DECISION": 4,
    "FLOW_CHART_TERMINATOR": 4,
}
"""Connection sites per shape type; any shape type not listed has 4."""

DEFAULT_BULLET_PRESET = "BULLET_DISC_CIRCLE_SQUARE"

_HANDLERS: dict[str, str] = {
    "createSlide": "create_slide",
    "duplicateObject": "duplicate_object",
    "deleteObject": "delete_object",
    "updateSlidesPosition": "update_slides_position",
    "updateSlideProperties": "update_slide_properties",
    "updatePageProperties": "update_page_properties",
    "createShape": "create_shape",
    "createLine": "create_line",
    "updateLineProperties": "update_line_properties",
    "updateLineCategory": "update_line_category",
    "createImage": "create_image",
    "createTable": "create_table",
    "insertTableRows": "insert_table_rows",
    "deleteTableRow": "delete_table_row",
    "insertTableColumns": "insert_table_columns",
    "deleteTableColumn": "delete_table_column",
    "updateTableCellProperties": "update_table_cell_properties",
    "updateTableBorderProperties": "update_table_border_properties",
    "updateTableColumnProperties": "update_table_column_properties",
    "updateTableRowProperties": "update_table_row_properties",
    "mergeTableCells": "merge_table_cells",
    "unmergeTableCells": "unmerge_table_cells",
    "insertText": "insert_text",
    "deleteText": "delete_text",
    "replaceAllText": "replace_all_text",
    "updateTextStyle": "update_text_style",
    "updateParagraphStyle": "update_paragraph_style",
    "createParagraphBullets": "create_paragraph_bullets",
    "deleteParagraphBullets": "delete_paragraph_bullets",
    "updateShapeProperties": "update_shape_properties",
    "updateImageProperties": "update_image_properties",
    "updatePageElementTransform": "update_page_element_transform",
    "updatePageElementAltText": "update_page_element_alt_text",
    "updatePageElementsZOrder": "update_page_elements_z_order",
    "groupObjects": "group_objects",
    "ungroupObjects": "ungroup_objects",
    "rerouteLine": "reroute_line",
    "replaceImage": "replace_image",
    "replaceAllShapesWithImage": "replace_all_shapes_with_image",
}
"""The method of the batch that applies each request kind."""

_TEXT_EDITS = frozenset(
    {
        "insertText",
        "deleteText",
        "updateTextStyle",
        "updateParagraphStyle",
        "createParagraphBullets",
        "deleteParagraphBullets",
    }
)
"""Kinds that edit one text and read no other: a run of them shares one editable copy."""

SUPPORTED_KINDS: frozenset[str] = frozenset(_HANDLERS)
"""Request kinds the engine applies; any other kind is refused as not supported offline."""

_UNCOPIED_PLACEHOLDERS = frozenset({"SLIDE_NUMBER", "DATE_AND_TIME", "FOOTER", "HEADER"})
_PAGE_KINDS = frozenset({"slide", "layout", "master", "notes", "notesMaster"})


@dataclass(slots=True)
class _Entry:
    """Where an object lives in the presentation."""

    obj: Json
    kind: str
    page: Json | None = None
    siblings: list[Json] | None = None
    group: Json | None = None


class _Invalid(Exception):
    """A request broke a rule; the batch turns it into a RequestError."""


def clone(value: Any) -> Any:
    """Return a deep copy of plain JSON data (much faster than copy.deepcopy).

    Like copy.deepcopy, the copy shares no dict or list with `value`, and an
    object `value` holds twice is one object held twice in the copy.
    """
    try:
        # Written and read back by marshal, in C: several times faster than walking it.
        return marshal.loads(marshal.dumps(value))
    except ValueError:  # something marshal cannot write (a subclass, say): walk it
        return _clone_objects(value)


def _clone_objects(value: Any) -> Any:
    if isinstance(value, dict):
        return {key: _clone_objects(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_clone_objects(item) for item in value]
    return value


class _Snapshot:
    """A compact copy of JSON data, turned back into objects only when it is needed.

    Writing the bytes costs a fraction of copying the objects and holds a
    fraction of their memory; a batch that succeeds never reads them.
    """

    def __init__(self, value: Any) -> None:
        try:
            self._data: bytes | None = marshal.dumps(value)
            self._copy: Any = None
        except ValueError:  # something marshal cannot write: copy it as objects
            self._data, self._copy = None, _clone_objects(value)

    def restore(self) -> Any:
        """Return the data as it was when the snapshot was taken."""
        return self._copy if self._data is None else marshal.loads(self._data)


def _dim(magnitude: float) -> Json:
    return {
        "magnitude": int(magnitude) if float(magnitude).is_integer() else magnitude,
        "unit": "EMU",
    }


def _emu(dimension: Json | None, what: str) -> float:
    if dimension is None:
        return 0.0
    unit = dimension.get("unit", "UNIT_UNSPECIFIED")
    magnitude = float(dimension.get("magnitude", 0))
    if unit == "EMU":
        return magnitude
    if unit == "PT":
        return magnitude * EMU_PER_PT
    raise _Invalid(f"The {what} must have a unit of EMU or PT.")


def _transform_emu(transform: Json | None) -> Json:
    transform = transform or {"scaleX": 1, "scaleY": 1}
    unit = transform.get("unit", "UNIT_UNSPECIFIED")
    factor = {"EMU": 1.0, "PT": float(EMU_PER_PT)}.get(unit)
    has_translation = transform.get("translateX") or transform.get("translateY")
    if factor is None:
        if has_translation:
            raise _Invalid("The transform must have a unit of EMU or PT.")
        factor = 1.0
    matrix = {
        "scaleX": transform.get("scaleX", 0),
        "scaleY": transform.get("scaleY", 0),
        "shearX": transform.get("shearX", 0),
        "shearY": transform.get("shearY", 0),
        "translateX": transform.get("translateX", 0) * factor,
        "translateY": transform.get("translateY", 0) * factor,
    }
    if matrix["scaleX"] * matrix["scaleY"] - matrix["shearX"] * matrix["shearY"] == 0:
        raise _Invalid("The transform is not invertible (check scaleX and scaleY).")
    return _api_transform(matrix)


def _api_transform(matrix: Json) -> Json:
    """Return a transform as the API writes it: zero shears and translations omitted."""
    out: Json = {"scaleX": matrix["scaleX"], "scaleY": matrix["scaleY"]}
    for key in ("shearX", "shearY", "translateX", "translateY"):
        value = matrix.get(key, 0)
        if value:
            out[key] = int(value) if float(value).is_integer() else value
    out["unit"] = "EMU"
    return out


def _matrix(transform: Json | None) -> Json:
    transform = transform or {}
    factor = EMU_PER_PT if transform.get("unit") == "PT" else 1
    return {
        "scaleX": transform.get("scaleX", 0),
        "scaleY": transform.get("scaleY", 0),
        "shearX": transform.get("shearX", 0),
        "shearY": transform.get("shearY", 0),
        "translateX": transform.get("translateX", 0) * factor,
        "translateY": transform.get("translateY", 0) * factor,
    }


def _compose(first: Json, then: Json) -> Json:
    """Return the transform applying `first` and then `then`."""
    a, b = then, first
    return {
        "scaleX": a["scaleX"] * b["scaleX"] + a["shearX"] * b["shearY"],
        "shearX": a["scaleX"] * b["shearX"] + a["shearX"] * b["scaleY"],
        "translateX": a["scaleX"] * b["translateX"]
        + a["shearX"] * b["translateY"]
        + a["translateX"],
        "shearY": a["shearY"] * b["scaleX"] + a["scaleY"] * b["shearY"],
        "scaleY": a["shearY"] * b["shearX"] + a["scaleY"] * b["scaleY"],
        "translateY": a["shearY"] * b["translateX"]
        + a["scaleY"] * b["translateY"]
        + a["translateY"],
    }


def walk_elements(elements: list[Json]) -> Iterator[tuple[Json, list[Json], Json | None]]:
    """Yield (element, its sibling list, its group) for elements and everything in groups."""
    stack: list[tuple[list[Json], Json | None]] = [(elements, None)]
    while stack:
        siblings, group = stack.pop()
        for element in siblings:
            yield element, siblings, group
            children = element.get("elementGroup", {}).get("children")
            if children is not None:
                stack.append((children, element))


def all_pages(presentation: Json) -> Iterator[tuple[Json, str]]:
    """Yield every page of a presentation with its kind."""
    for slide in presentation.get("slides", []):
        yield slide, "slide"
        notes = slide.get("slideProperties", {}).get("notesPage")
        if notes is not None:
            yield notes, "notes"
    for layout in presentation.get("layouts", []):
        yield layout, "layout"
    for master in presentation.get("masters", []):
        yield master, "master"
    if presentation.get("notesMaster"):
        yield presentation["notesMaster"], "notesMaster"


class OfflineDeck:
    """A presentation resource plus the API's batchUpdate semantics."""

    def __init__(
        self,
        presentation: Json,
        accepted_image_urls: AbstractSet[str] = frozenset(),
        *,
        map_notes_on_duplicate: bool = True,
    ) -> None:
        self._presentation: Json = clone(presentation)
        self._presentation.setdefault("slides", [])
        self.accepted_image_urls = accepted_image_urls
        """Non-web image URLs this deck's owner issued itself; every other one is refused."""
        self.map_notes_on_duplicate = map_notes_on_duplicate
        """Whether duplicating a slide names its notes-page elements from ``objectIds``.

        Google does not document whether it does; False gives them fresh IDs
        (the map is still accepted), so code that must work either way can be
        tested against both answers.
        """
        self._generated = 0
        self._revisions = 0
        if "revisionId" not in self._presentation:
            self._presentation["revisionId"] = self._next_revision()

    @property
    def presentation(self) -> Json:
        """Return the current presentation resource (treat it as read-only).

        A batch edits this very object; copy it to keep a state.
        """
        return self._presentation

    @property
    def presentation_id(self) -> str:
        """Return the presentation's ID."""
        return str(self._presentation.get("presentationId", ""))

    @property
    def revision_id(self) -> str:
        """Return the current revision ID."""
        return str(self._presentation["revisionId"])

    def batch_update(self, body: Json) -> Json:
        """Apply a batchUpdate body atomically and return the API's response."""
        # The value keys the schema check works out, so the API's value checks reuse them.
        keys: dict[int, bytes] = {}
        validate_batch_body(body, keys)
        required = body.get("writeControl", {}).get("requiredRevisionId")
        if required is not None and required != self.revision_id:
            raise RequestError(
                None,
                f"The required revision ID ({required}) does not match the latest revision "
                f"({self.revision_id}); the presentation changed since it was read.",
            )
        before = _Snapshot(self._presentation)
        batch = _Batch(
            self._presentation,
            self._generated,
            self.accepted_image_urls,
            map_notes_on_duplicate=self.map_notes_on_duplicate,
            value_keys=keys,
        )
        # A batch makes many small dicts and frees few: the collector's passes over the
        # whole heap (deck, requests, layout) cost more than they find, so wait until after.
        collecting = gc.isenabled()
        gc.disable()
        try:
            replies = [
                batch.apply(index, request) for index, request in enumerate(body["requests"])
            ]
            batch.write_text()
        except BaseException:
            # A batch is atomic: put the deck back as it was before the first request.
            self._presentation = before.restore()
            raise
        finally:
            if collecting:
                gc.enable()
        del before
        self._generated = batch.generated
        self._presentation["revisionId"] = self._next_revision(body["requests"])
        return {
            "presentationId": self.presentation_id,
            "replies": replies,
            "writeControl": {"requiredRevisionId": self.revision_id},
        }

    def _next_revision(self, requests: list[Json] | None = None) -> str:
        # Deterministic, yet different for different edits of the same revision.
        self._revisions += 1
        seed = f"{self._presentation.get('presentationId', '')}:{self._revisions}"
        seed += f":{self._presentation.get('revisionId', '')}:"
        digest = hashlib.sha1(seed.encode())
        if requests is None:
            digest.update(b"null")
        else:
            digest.update(_request_bytes(requests))
        return "rev_" + digest.hexdigest()[:16]


def _request_bytes(requests: list[Json]) -> bytes:
    """Return bytes that tell request lists apart: equal lists give equal bytes."""
    try:
        # marshal's first format writes values alone (later ones share interned strings,
        # which depends on how a string was made) and is several times faster than JSON.
        return marshal.dumps(requests, 0)
    except ValueError:  # a value marshal cannot write
        return json.dumps(requests, sort_keys=True, default=str).encode()


class _Batch:
    """One batch in progress, on its own copy of the presentation."""

    def __init__(
        self,
        presentation: Json,
        generated: int,
        accepted_image_urls: AbstractSet[str],
        *,
        map_notes_on_duplicate: bool = True,
        value_keys: dict[int, bytes] | None = None,
    ) -> None:
        self.presentation = presentation
        self.generated = generated
        self.value_keys: dict[int, bytes] = {} if value_keys is None else value_keys
        """Keys of the requests' inner values by id, from the schema check of this body."""
        self._handlers: dict[str, Callable[[Json], Json | None]] = {
            kind: getattr(self, method) for kind, method in _HANDLERS.items()
        }
        self.accepted_image_urls = accepted_image_urls
        self.map_notes_on_duplicate = map_notes_on_duplicate
        self.index: dict[str, _Entry] = {}
        for page, kind in all_pages(presentation):
            if "objectId" in page:
                self.index[page["objectId"]] = _Entry(page, kind)
            self._index_elements(page)
        self.deleted: set[str] = set()
        self.edited_text: dict[int, tuple[Json, TextBody, bool]] = {}
        """Texts edited by the latest run of text edits, by id of the dict holding them."""
        self.table_merges: dict[int, list[tables.CellRange]] = {}
        """The merged cells of each table the latest run of text edits wrote in, by id."""
        self.masked: dict[tuple[bytes, bytes, tuple[str, ...], str], Json] = {}
        """What a mask made of a value, by the keys of the value and of the request's value
        and by the mask: a deck restyles many texts and shapes alike (see `masked_copy`)."""

    # -- bookkeeping -------------------------------------------------------------------

    def apply(self, position: int, request: Json) -> Json:
        """Apply the `position`-th request and return its reply."""
        kind = next(iter(request))
        handler = self._handlers.get(kind)
        if handler is None:
            known = kind in request_kinds()
            reason = (
                f"request kind {kind} is not supported offline"
                if known
                else f"unknown request kind {kind}"
            )
            raise RequestError(position, reason, kind)
        if kind not in _TEXT_EDITS and (self.edited_text or self.table_merges):
            self.write_text()
        try:
            routes = _checked_routes(kind)
            if routes is not None:
                _check_request_values(kind, request[kind], routes, self.value_keys)
            reply = handler(request[kind])
        except (_Invalid, TextRangeError, tables.TableError, MaskError) as problem:
            raise RequestError(
                position, f"Invalid requests[{position}].{kind}: {problem}", kind
            ) from None
        return {} if reply is None else {kind: reply}

    def _index_elements(self, page: Json) -> None:
        for element, siblings, group in walk_elements(page.get("pageElements", [])):
            if "objectId" in element:
                self.index[element["objectId"]] = _Entry(element, "element", page, siblings, group)

    def _unindex(self, obj: Json) -> None:
        self.index.pop(obj.get("objectId", ""), None)
        self.deleted.add(obj.get("objectId", ""))
        for element, _siblings, _group in walk_elements(
            obj.get("pageElements", []) or obj.get("elementGroup", {}).get("children", [])
        ):
            self.index.pop(element.get("objectId", ""), None)
            self.deleted.add(element.get("objectId", ""))
        notes = obj.get("slideProperties", {}).get("notesPage")
        if notes is not None:
            self._unindex(notes)

    def fresh_id(self) -> str:
        """Return an unused ID of the kind the server makes up."""
        while True:
            self.generated += 1
            candidate = f"g_off_{self.generated}"
            if candidate not in self.index and candidate not in self.deleted:
                return candidate

    def check_new_id(self, object_id: str | None, taken: set[str] | None = None) -> str:
        """Return `object_id` if it may name a new object, or a fresh ID when it is absent."""
        if not object_id:
            return self.fresh_id()
        if not 5 <= len(object_id) <= 50 or not OBJECT_ID.match(object_id):
            raise _Invalid(
                f"The object ID ({object_id}) should be 5-50 characters long, start with "
                "[a-zA-Z0-9_] and continue with [a-zA-Z0-9_-:]."
            )
        if object_id in self.index or (taken is not None and object_id in taken):
            raise _Invalid(
                f"The object ID ({object_id}) should be unique among all pages and page "
                "elements in the presentation."
            )
        if object_id in self.deleted:
            # Whether the API lets a batch reuse an ID it deleted is unconfirmed; refusing it
            # keeps request lists safe on the real service.
            raise _Invalid(
                f"The object ID ({object_id}) was deleted earlier in this batch; reusing it in "
                "the same batch is not safe. Use a new ID (e.g. a new generation number)."
            )
        return object_id

    def get(self, object_id: str | None, what: str = "object") -> _Entry:
        """Return the entry of an existing object."""
        if not object_id:
            raise _Invalid(f"The {what} ID must be set.")
        entry = self.index.get(object_id)
        if entry is None:
            raise _Invalid(f"The object ({object_id}) could not be found.")
        return entry

    def get_element(self, object_id: str | None) -> _Entry:
        """Return the entry of an existing page element."""
        entry = self.get(object_id)
        if entry.kind != "element":
            raise _Invalid(f"The object ({object_id}) is a page, not a page element.")
        return entry

    def get_page(self, object_id: str | None) -> _Entry:
        """Return the entry of an existing page."""
        entry = self.get(object_id, "page object")
        if entry.kind not in _PAGE_KINDS:
            raise _Invalid(f"The object ({object_id}) is not a page.")
        return entry

    def get_slide(self, object_id: str | None) -> _Entry:
        """Return the entry of an existing slide."""
        entry = self.get(object_id, "slide object")
        if entry.kind != "slide":
            raise _Invalid(f"The object ({object_id}) is not a slide.")
        return entry

    def get_table(self, object_id: str | None) -> Json:
        """Return the table of an existing table element."""
        entry = self.get_element(object_id)
        if "table" not in entry.obj:
            raise _Invalid(f"The object ({object_id}) is not a table.")
        table: Json = entry.obj["table"]
        return table

    def mask_into(self, target: Json, source: Json, paths: tuple[str, ...], type_name: str) -> None:
        """Apply a mask as `apply_mask` does, from a fresh copy of `source` when one is cheap.

        A request's inner value keyed by the schema check reads back from its key
        as a new copy in one call, so no value needs copying field by field.
        """
        key = self.value_keys.get(id(source))
        if key is None:
            apply_mask(target, source, paths, type_name)
        else:
            apply_mask(target, marshal.loads(key), paths, type_name, owned=True)

    def masked_copy(
        self, before: Json, source: Json, paths: tuple[str, ...], type_name: str
    ) -> Json:
        """Return a fresh copy of `before` with the mask `paths` applied from `source`.

        A mask applied to equal values from an equal request value gives equal
        results, so each distinct one is worked out once per batch and kept; later
        ones get a fresh copy of it.
        """
        source_key = self.value_keys.get(id(source))
        before_key = None if source_key is None else value_key(before)
        if source_key is None or before_key is None:
            result = copy_json(before)
            self.mask_into(result, source, paths, type_name)
            return result
        memo = (before_key, source_key, paths, type_name)
        found = self.masked.get(memo)
        if found is not None:
            # copy_json shares the numbers and strings of the kept result: a large deck
            # restyles thousands of texts alike, and a copy of each number adds megabytes.
            copied: Json = copy_json(found)
            return copied
        result = marshal.loads(before_key)
        apply_mask(result, marshal.loads(source_key), paths, type_name, owned=True)
        self.masked[memo] = copy_json(result)
        return result

    def place_element(self, request: Json, element: Json) -> str:
        """Give a new element its ID, size and transform and put it on top of its page."""
        properties = request.get("elementProperties") or {}
        page = self.get_page(properties.get("pageObjectId")).obj
        object_id = self.check_new_id(request.get("objectId"))
        placed: Json = {"objectId": object_id}
        size = properties.get("size")
        if size is not None:
            placed["size"] = {
                "width": _dim(_emu(size.get("width"), "size width")),
                "height": _dim(_emu(size.get("height"), "size height")),
            }
        placed["transform"] = _transform_emu(properties.get("transform"))
        placed.update(element)
        siblings = page.setdefault("pageElements", [])
        siblings.append(placed)
        self.index[object_id] = _Entry(placed, "element", page, siblings, None)
        return object_id

    # -- pages -------------------------------------------------------------------------

    def create_slide(self, request: Json) -> Json:
        """Create a slide from a layout, with its placeholders and a notes page."""
        slides: list[Json] = self.presentation["slides"]
        insertion = request.get("insertionIndex", len(slides))
        if not 0 <= insertion <= len(slides):
            raise _Invalid(
                f"The insertion index ({insertion}) should be between 0 and the number of "
                f"slides ({len(slides)})."
            )
        slide_id = self.check_new_id(request.get("objectId"))
        layout = self._choose_layout(request.get("slideLayoutReference"), insertion)
        mappings = request.get("placeholderIdMappings", [])
        taken = {slide_id}
        mapped: dict[str, str] = {}
        for mapping in mappings:
            target = self._layout_placeholder(layout, mapping)
            new_id = self.check_new_id(mapping.get("objectId"), taken)
            if target["objectId"] in mapped:
                raise _Invalid(f"The layout placeholder ({target['objectId']}) is mapped twice.")
            taken.add(new_id)
            mapped[target["objectId"]] = new_id
        slide: Json = {"objectId": slide_id, "pageElements": []}
        elements: list[Json] = slide["pageElements"]
        if layout is not None:
            for element in layout.get("pageElements", []):
                placeholder = element.get("shape", {}).get("placeholder")
                if placeholder is None or placeholder.get("type") in _UNCOPIED_PLACEHOLDERS:
                    continue
                new_id = mapped.get(element["objectId"]) or self._fresh_unless(taken)
                taken.add(new_id)
                elements.append(self._placeholder_copy(element, new_id))
        slide["slideProperties"] = {}
        if layout is not None:
            slide["slideProperties"]["layoutObjectId"] = layout["objectId"]
            master = layout.get("layoutProperties", {}).get("masterObjectId")
            if master:
                slide["slideProperties"]["masterObjectId"] = master
        slide["slideProperties"]["notesPage"] = self._new_notes_page(slide_id, taken)
        slide["pageProperties"] = {"pageBackgroundFill": {"propertyState": "INHERIT"}}
        slides.insert(insertion, slide)
        self.index[slide_id] = _Entry(slide, "slide")
        self._index_elements(slide)
        notes = slide["slideProperties"]["notesPage"]
        self.index[notes["objectId"]] = _Entry(notes, "notes")
        self._index_elements(notes)
        return {"objectId": slide_id}

    def _fresh_unless(self, taken: set[str]) -> str:
        while True:
            candidate = self.fresh_id()
            if candidate not in taken:
                return candidate

    def _choose_layout(self, reference: Json | None, insertion: int) -> Json | None:
        layouts: list[Json] = self.presentation.get("layouts", [])
        if not layouts:
            if reference:
                raise _Invalid("The presentation has no layouts to reference.")
            return None
        if reference and reference.get("layoutId"):
            entry = self.get(reference["layoutId"], "layout")
            if entry.kind != "layout":
                raise _Invalid(f"The object ({reference['layoutId']}) is not a layout.")
            return entry.obj
        master = self._current_master(insertion)
        name = (reference or {}).get("predefinedLayout", "BLANK")
        for layout in layouts:
            properties = layout.get("layoutProperties", {})
            if properties.get("name") == name and (
                master is None or properties.get("masterObjectId") == master
            ):
                return layout
        if reference:
            raise _Invalid(f"The predefined layout ({name}) is not in the current master.")
        return None

    def _current_master(self, insertion: int) -> str | None:
        slides = self.presentation["slides"]
        if slides:
            slide = slides[insertion - 1] if insertion > 0 else slides[0]
            found = slide.get("slideProperties", {}).get("masterObjectId")
            if found:
                return str(found)
        masters = self.presentation.get("masters", [])
        return str(masters[0]["objectId"]) if masters else None

    def _layout_placeholder(self, layout: Json | None, mapping: Json) -> Json:
        if layout is None:
            raise _Invalid("A placeholder ID mapping needs a layout with placeholders.")
        wanted_id = mapping.get("layoutPlaceholderObjectId")
        wanted = mapping.get("layoutPlaceholder")
        if (wanted_id is None) == (wanted is None):
            raise _Invalid(
                "A placeholder ID mapping needs exactly one of layoutPlaceholder and "
                "layoutPlaceholderObjectId."
            )
        for element in layout.get("pageElements", []):
            placeholder = element.get("shape", {}).get("placeholder")
            if placeholder is None:
                continue
            if wanted_id is not None and element.get("objectId") == wanted_id:
                return element
            if (
                wanted is not None
                and placeholder.get("type") == wanted.get("type")
                and placeholder.get("index", 0) == wanted.get("index", 0)
            ):
                return element
        described = wanted_id or f"{wanted.get('type')} #{wanted.get('index', 0)}"  # type: ignore[union-attr]
        raise _Invalid(f"The placeholder ({described}) could not be found on the layout.")

    def _placeholder_copy(self, element: Json, new_id: str) -> Json:
        source = element["shape"]["placeholder"]
        placeholder: Json = {"type": source["type"], "parentObjectId": element["objectId"]}
        if source.get("index"):
            placeholder["index"] = source["index"]
        shape: Json = {
            "shapeType": element["shape"].get("shapeType", "TEXT_BOX"),
            "shapeProperties": {
                "shapeBackgroundFill": {"propertyState": "INHERIT"},
                "outline": {"propertyState": "INHERIT"},
            },
            "placeholder": placeholder,
        }
        copied: Json = {"objectId": new_id}
        for key in ("size", "transform"):
            if key in element:
                copied[key] = clone(element[key])
        copied["shape"] = shape
        return copied

    def _new_notes_page(self, slide_id: str, taken: set[str]) -> Json:
        notes_id = f"{slide_id}:notes"
        master = self.presentation.get("notesMaster") or {}
        geometry: dict[str, Json] = {}
        for master_element in master.get("pageElements", []):
            kind = master_element.get("shape", {}).get("placeholder", {}).get("type")
            if kind in ("SLIDE_IMAGE", "BODY") and kind not in geometry:
                geometry[kind] = master_element
        elements = []
        for kind, shape_type in (("SLIDE_IMAGE", None), ("BODY", "TEXT_BOX")):
            new_id = self._fresh_unless(taken)
            taken.add(new_id)
            source = geometry.get(kind, {})
            placeholder: Json = {"type": kind}
            if kind == "BODY":
                placeholder["index"] = 1
            if "objectId" in source:
                placeholder["parentObjectId"] = source["objectId"]
            shape: Json = {"shapeProperties": {"outline": {"propertyState": "INHERIT"}}}
            if shape_type:
                shape["shapeType"] = shape_type
            shape["placeholder"] = placeholder
            element: Json = {"objectId": new_id}
            for key in ("size", "transform"):
                if key in source:
                    element[key] = clone(source[key])
            element["shape"] = shape
            elements.append(element)
        return {
            "objectId": notes_id,
            "pageType": "NOTES",
            "pageElements": elements,
            "pageProperties": {"pageBackgroundFill": {"propertyState": "INHERIT"}},
            "notesProperties": {"speakerNotesObjectId": elements[1]["objectId"]},
        }

    def duplicate_object(self, request: Json) -> Json:
        """Copy a slide (after the original, notes too) or a page element (right above it)."""
        source_id = request.get("objectId")
        entry = self.get(source_id)
        id_map: dict[str, str] = request.get("objectIds", {})
        taken: set[str] = set()
        for old, new in id_map.items():
            if old not in self.index:
                raise _Invalid(f"The object ({old}) in objectIds could not be found.")
            taken.add(self.check_new_id(new, taken))
        renamed: dict[str, str] = {}

        def new_id_for(old: str) -> str:
            new = id_map.get(old) or self._fresh_unless(taken | set(id_map.values()))
            taken.add(new)
            renamed[old] = new
            return new

        def unmapped_id_for(old: str) -> str:
            new = self._fresh_unless(taken | set(id_map.values()))
            taken.add(new)
            renamed[old] = new
            return new

        if entry.kind == "slide":
            notes_id_for = new_id_for if self.map_notes_on_duplicate else unmapped_id_for
            copy_ = self._copy_tree(entry.obj, new_id_for, notes_id_for)
            notes = copy_.get("slideProperties", {}).get("notesPage")
            if notes is not None:
                notes["objectId"] = f"{copy_['objectId']}:notes"
                speaker = notes.get("notesProperties", {}).get("speakerNotesObjectId")
                if speaker:
                    notes["notesProperties"]["speakerNotesObjectId"] = renamed.get(
                        speaker
                    ) or notes_id_for(speaker)
            self._reconnect(copy_, renamed)
            slides = self.presentation["slides"]
            slides.insert(slides.index(entry.obj) + 1, copy_)
            self.index[copy_["objectId"]] = _Entry(copy_, "slide")
            self._index_elements(copy_)
            if notes is not None:
                self.index[notes["objectId"]] = _Entry(notes, "notes")
                self._index_elements(notes)
            return {"objectId": copy_["objectId"]}
        if entry.kind != "element" or entry.siblings is None:
            raise _Invalid(f"The object ({source_id}) cannot be duplicated.")
        copy_ = self._copy_tree(entry.obj, new_id_for)
        self._reconnect(copy_, renamed)
        siblings = entry.siblings
        siblings.insert(siblings.index(entry.obj) + 1, copy_)
        self.index[copy_["objectId"]] = _Entry(copy_, "element", entry.page, siblings, entry.group)
        for element, inner, group in walk_elements(
            copy_.get("elementGroup", {}).get("children", [])
        ):
            self.index[element["objectId"]] = _Entry(element, "element", entry.page, inner, group)
        return {"objectId": copy_["objectId"]}

    def _copy_tree(
        self,
        obj: Json,
        new_id_for: Callable[[str], str],
        notes_id_for: Callable[[str], str] | None = None,
    ) -> Json:
        copied: Json = clone(obj)
        copied["objectId"] = new_id_for(obj["objectId"])
        elements = copied.get("pageElements") or copied.get("elementGroup", {}).get("children", [])
        for element, _siblings, _group in walk_elements(elements):
            element["objectId"] = new_id_for(element["objectId"])
        notes = copied.get("slideProperties", {}).get("notesPage")
        if notes is not None:
            for element, _siblings, _group in walk_elements(notes.get("pageElements", [])):
                element["objectId"] = (notes_id_for or new_id_for)(element["objectId"])
        return copied

    @staticmethod
    def _reconnect(copied: Json, renamed: dict[str, str]) -> None:
        """Point copied connector lines at the copies of the shapes they were attached to."""
        elements = copied.get("pageElements") or [copied]
        for element, _siblings, _group in walk_elements(elements):
            properties = element.get("line", {}).get("lineProperties", {})
            for end in ("startConnection", "endConnection"):
                connection = properties.get(end)
                if connection and connection.get("connectedObjectId") in renamed:
                    connection["connectedObjectId"] = renamed[connection["connectedObjectId"]]

    def delete_object(self, request: Json) -> None:
        """Delete a slide (with its notes) or a page element (with what it groups)."""
        object_id = request.get("objectId")
        entry = self.get(object_id)
        if entry.kind == "slide":
            self.presentation["slides"].remove(entry.obj)
            self._unindex(entry.obj)
            return
        if entry.kind != "element" or entry.siblings is None:
            raise _Invalid(
                f"The object ({object_id}) is a {entry.kind} page and cannot be deleted."
            )
        removed = {
            str(element.get("objectId"))
            for element, _siblings, _group in walk_elements([entry.obj])
        }
        entry.siblings.remove(entry.obj)
        self._unindex(entry.obj)
        if entry.group is not None and not entry.siblings:
            self.delete_object({"objectId": entry.group["objectId"]})
        if entry.page is not None:
            self._disconnect(entry.page, removed)

    @staticmethod
    def _disconnect(page: Json, removed: set[str]) -> None:
        for element, _siblings, _group in walk_elements(page.get("pageElements", [])):
            properties = element.get("line", {}).get("lineProperties", {})
            for end in ("startConnection", "endConnection"):
                if properties.get(end, {}).get("connectedObjectId") in removed:
                    del properties[end]

    def update_slides_position(self, request: Json) -> None:
        """Move slides, keeping their order, to an index counted before the move."""
        slides: list[Json] = self.presentation["slides"]
        wanted = request.get("slideObjectIds", [])
        if not wanted:
            raise _Invalid("At least one slide object ID must be given.")
        positions = []
        for slide_id in wanted:
            positions.append(slides.index(self.get_slide(slide_id).obj))
        if positions != sorted(set(positions)):
            raise _Invalid(
                "The slides must be listed once each, in their existing presentation order."
            )
        insertion = request.get("insertionIndex", 0)
        if not 0 <= insertion <= len(slides):
            raise _Invalid(
                f"The insertion index ({insertion}) should be between 0 and the number of "
                f"slides ({len(slides)})."
            )
        moving = [slides[position] for position in positions]
        shift = sum(1 for position in positions if position < insertion)
        remaining = [slide for slide in slides if all(slide is not m for m in moving)]
        slides[:] = remaining[: insertion - shift] + moving + remaining[insertion - shift :]

    def update_slide_properties(self, request: Json) -> None:
        """Update writable slide properties (isSkipped)."""
        slide = self.get_slide(request.get("objectId")).obj
        paths = parse_mask(request.get("fields"), "SlideProperties")
        properties = slide.setdefault("slideProperties", {})
        apply_mask(properties, request.get("slideProperties", {}), paths, "SlideProperties")
        if properties.get("isSkipped") is False:
            del properties["isSkipped"]

    def update_page_properties(self, request: Json) -> None:
        """Update a page's background and colour scheme through a field mask."""
        page = self.get_page(request.get("objectId")).obj
        paths = parse_mask(request.get("fields"), "PageProperties")
        apply_mask(
            page.setdefault("pageProperties", {}),
            request.get("pageProperties", {}),
            paths,
            "PageProperties",
        )

    # -- shapes, lines, images ---------------------------------------------------------

    def create_shape(self, request: Json) -> Json:
        """Create a shape of a type on a page."""
        shape_type = request.get("shapeType", "TYPE_UNSPECIFIED")
        if shape_type == "TYPE_UNSPECIFIED":
            raise _Invalid("The shape type must be specified.")
        properties: Json = {}
        if shape_type == "TEXT_BOX":
            # New text boxes show neither fill nor outline in the Slides editor.
            properties = {
                "shapeBackgroundFill": {"propertyState": "NOT_RENDERED"},
                "outline": {"propertyState": "NOT_RENDERED"},
            }
        element: Json = {"shape": {"shapeType": shape_type, "shapeProperties": properties}}
        self._default_size(request, element, DEFAULT_ELEMENT_SIZE)
        return {"objectId": self.place_element(request, element)}

    @staticmethod
    def _default_size(request: Json, element: Json, side: int) -> None:
        if "size" not in (request.get("elementProperties") or {}):
            element["size"] = {"width": _dim(side), "height": _dim(side)}

    def create_line(self, request: Json) -> Json:
        """Create a connector line of a category."""
        category = request.get("category") or request.get("lineCategory") or "STRAIGHT"
        if category == "LINE_CATEGORY_UNSPECIFIED":
            category = "STRAIGHT"
        line_type = {
            "STRAIGHT": "STRAIGHT_CONNECTOR_1",
            "BENT": "BENT_CONNECTOR_3",
            "CURVED": "CURVED_CONNECTOR_3",
        }[category]
        element: Json = {
            "line": {"lineType": line_type, "lineCategory": category, "lineProperties": {}}
        }
        self._default_size(request, element, DEFAULT_ELEMENT_SIZE)
        return {"objectId": self.place_element(request, element)}

    def update_line_category(self, request: Json) -> None:
        """Change a connector's category (straight, bent, curved)."""
        entry = self.get_element(request.get("objectId"))
        line = entry.obj.get("line")
        if line is None:
            raise _Invalid(f"The object ({request.get('objectId')}) is not a line.")
        if "CONNECTOR" not in line.get("lineType", ""):
            raise _Invalid("Only connector lines have a category.")
        category = request.get("lineCategory", "LINE_CATEGORY_UNSPECIFIED")
        if category == "LINE_CATEGORY_UNSPECIFIED":
            raise _Invalid("The line category must be specified.")
        line["lineCategory"] = category
        line["lineType"] = {
            "STRAIGHT": "STRAIGHT_CONNECTOR_1",
            "BENT": "BENT_CONNECTOR_3",
            "CURVED": "CURVED_CONNECTOR_3",
        }[category]

    def update_line_properties(self, request: Json) -> None:
        """Update a line's look and its connections through a field mask."""
        entry = self.get_element(request.get("objectId"))
        line = entry.obj.get("line")
        if line is None:
            raise _Invalid(f"The object ({request.get('objectId')}) is not a line.")
        paths = parse_mask(request.get("fields"), "LineProperties")
        source = request.get("lineProperties", {})
        for end in ("startConnection", "endConnection"):
            if mask_touches(paths, end) and source.get(end):
                if "CONNECTOR" not in line.get("lineType", ""):
                    raise _Invalid(
                        f"The line ({request.get('objectId')}) is not a connector; only "
                        "connector lines can be connected."
                    )
                self._check_connection(entry, source[end], end)
        line["lineProperties"] = self.masked_copy(
            line.get("lineProperties", {}), source, paths, "LineProperties"
        )

    def _check_connection(self, line: _Entry, connection: Json, end: str) -> None:
        target_id = connection.get("connectedObjectId")
        if not target_id:
            raise _Invalid(f"The {end} needs a connectedObjectId.")
        target = self.get_element(target_id)
        if target.page is not line.page:
            raise _Invalid(f"The {end} object ({target_id}) is not on the same page as the line.")
        if "shape" in target.obj:
            shape_type = target.obj["shape"].get("shapeType", "TEXT_BOX")
            sites = CONNECTION_SITES.get(shape_type, 4)
        elif "image" in target.obj:
            sites = 4
        else:
            what = next(
                (key for key in ("table", "line", "elementGroup", "video", "sheetsChart",
                                 "wordArt") if key in target.obj),
                "element",
            )  # fmt: skip
            raise _Invalid(
                f"The {end} object ({target_id}) is a {what}, which has no connection sites; "
                "only shapes and images can be connected."
            )
        site = connection.get("connectionSiteIndex", 0)
        if not 0 <= site < sites:
            raise _Invalid(
                f"The connection site index ({site}) of the {end} is out of range: "
                f"the object ({target_id}) has {sites} connection sites."
            )

    def reroute_line(self, request: Json) -> None:
        """Attach a connector's ends to the closest pair of sites and redraw it between them."""
        object_id = request.get("objectId")
        entry = self.get_element(object_id)
        line = entry.obj.get("line")
        if line is None or "CONNECTOR" not in line.get("lineType", ""):
            raise _Invalid(f"The object ({object_id}) is not a connector line.")
        properties = line.get("lineProperties", {})
        start, end = properties.get("startConnection"), properties.get("endConnection")
        if not start or not end:
            raise _Invalid(f"The line ({object_id}) must be connected at both ends to reroute.")
        if start.get("connectedObjectId") == end.get("connectedObjectId"):
            raise _Invalid("The line's start and end must be connected to different elements.")
        start_sites = _site_points(self.get_element(start["connectedObjectId"]).obj)
        end_sites = _site_points(self.get_element(end["connectedObjectId"]).obj)
        if start_sites is None or end_sites is None:
            # Site positions are known for 4-site shapes and images only; keep the others.
            return
        pairs = [
            ((ax - bx) ** 2 + (ay - by) ** 2, a, b)
            for a, (ax, ay) in enumerate(start_sites)
            for b, (bx, by) in enumerate(end_sites)
        ]
        _distance, best_start, best_end = min(pairs)
        start["connectionSiteIndex"], end["connectionSiteIndex"] = best_start, best_end
        (x1, y1), (x2, y2) = start_sites[best_start], end_sites[best_end]
        entry.obj["size"] = {
            "width": _dim(round(abs(x2 - x1))),
            "height": _dim(round(abs(y2 - y1))),
        }
        # A negative scale flips the line, so local (0, 0) is the start and (w, h) the end.
        entry.obj["transform"] = _api_transform(
            {
                "scaleX": -1 if x2 < x1 else 1,
                "scaleY": -1 if y2 < y1 else 1,
                "translateX": round(x1),
                "translateY": round(y1),
            }
        )

    def create_image(self, request: Json) -> Json:
        """Create an image element from a URL (the URL is recorded, never fetched)."""
        url = _image_url(request.get("url"), self.accepted_image_urls)
        element: Json = {"image": {"contentUrl": url, "sourceUrl": url, "imageProperties": {}}}
        self._default_size(request, element, DEFAULT_IMAGE_SIZE)
        return {"objectId": self.place_element(request, element)}

    def replace_image(self, request: Json) -> None:
        """Point an image at a new URL, keeping its box (the image is never fetched)."""
        entry = self.get_element(request.get("imageObjectId"))
        image = entry.obj.get("image")
        if image is None:
            raise _Invalid(f"The object ({request.get('imageObjectId')}) is not an image.")
        url = _image_url(request.get("url"), self.accepted_image_urls)
        image["contentUrl"], image["sourceUrl"] = url, url

    def replace_all_shapes_with_image(self, request: Json) -> Json:
        """Replace every shape whose text matches with an image in the shape's box."""
        url = _image_url(request.get("imageUrl"), self.accepted_image_urls)
        criteria = request.get("containsText") or {}
        if not criteria.get("text"):
            raise _Invalid("The text to find must not be empty.")
        matches = self._matcher(criteria)
        changed = 0
        for page in self._search_pages(request.get("pageObjectIds", [])):
            found = [
                (element, siblings, group)
                for element, siblings, group in walk_elements(page.get("pageElements", []))
                if "shape" in element
                and matches(TextBody.from_api(element["shape"].get("text")).content)
            ]
            for element, siblings, group in found:
                if page.get("pageType") == "NOTES":
                    raise _Invalid(
                        f"The operation is not allowed on notes page element "
                        f"({element['objectId']})."
                    )
                image: Json = {"objectId": self.fresh_id()}
                for key in ("size", "transform", "title", "description"):
                    if key in element:
                        image[key] = element[key]
                image["image"] = {"contentUrl": url, "sourceUrl": url, "imageProperties": {}}
                siblings[_position(siblings, element)] = image
                self._unindex(element)
                entry = _Entry(image, "element", page, siblings, group)
                self.index[image["objectId"]] = entry
                changed += 1
        return {"occurrencesChanged": changed} if changed else {}

    def _search_pages(self, page_ids: list[str]) -> list[Json]:
        """Return the pages a deck-wide request covers: the listed ones, or every slide."""
        pages: list[Json] = []
        for page_id in page_ids:
            entry = self.get_page(page_id)
            if entry.kind == "notesMaster":
                raise _Invalid("The notes master cannot be searched.")
            pages.append(entry.obj)
        return pages if page_ids else list(self.presentation["slides"])

    @staticmethod
    def _matcher(criteria: Json) -> Callable[[str], bool]:
        needle = criteria.get("text", "")
        flags = 0 if criteria.get("matchCase") else re.IGNORECASE
        if not criteria.get("searchByRegex"):
            needle = re.escape(needle)
        try:
            pattern = re.compile(needle, flags)
        except re.error as problem:
            raise _Invalid(f"The regular expression is invalid: {problem}") from None
        return lambda text: pattern.search(text) is not None

    def update_image_properties(self, request: Json) -> None:
        """Update an image's writable properties through a field mask."""
        entry = self.get_element(request.get("objectId"))
        image = entry.obj.get("image")
        if image is None:
            raise _Invalid(f"The object ({request.get('objectId')}) is not an image.")
        paths = parse_mask(request.get("fields"), "ImageProperties")
        apply_mask(
            image.setdefault("imageProperties", {}),
            request.get("imageProperties", {}),
            paths,
            "ImageProperties",
        )

    def update_shape_properties(self, request: Json) -> None:
        """Update a shape's fill, outline, alignment, link or autofit through a field mask."""
        entry = self.get_element(request.get("objectId"))
        shape = entry.obj.get("shape")
        if shape is None:
            raise _Invalid(f"The object ({request.get('objectId')}) is not a shape.")
        paths = parse_mask(request.get("fields"), "ShapeProperties")
        source = request.get("shapeProperties", {})
        autofit_type = source.get("autofit", {}).get("autofitType")
        if mask_touches(paths, "autofit") and autofit_type not in (None, "NONE"):
            raise _Invalid(
                f"Autofit type {autofit_type} cannot be set through the API; only NONE can."
            )
        shape["shapeProperties"] = self.masked_copy(
            shape.get("shapeProperties", {}), source, paths, "ShapeProperties"
        )

    def update_page_element_transform(self, request: Json) -> None:
        """Replace (ABSOLUTE) or pre-multiply (RELATIVE) an element's transform."""
        entry = self.get_element(request.get("objectId"))
        mode = request.get("applyMode", "APPLY_MODE_UNSPECIFIED")
        if mode == "APPLY_MODE_UNSPECIFIED":
            raise _Invalid("The apply mode must be RELATIVE or ABSOLUTE.")
        given = _transform_emu(request.get("transform"))
        if mode == "ABSOLUTE":
            entry.obj["transform"] = given
            return
        combined = _compose(_matrix(entry.obj.get("transform")), _matrix(given))
        if combined["scaleX"] * combined["scaleY"] - combined["shearX"] * combined["shearY"] == 0:
            raise _Invalid("The resulting transform is not invertible.")
        entry.obj["transform"] = _api_transform(combined)

    def update_page_element_alt_text(self, request: Json) -> None:
        """Set an element's alt-text title and/or description (not on groups)."""
        entry = self.get_element(request.get("objectId"))
        if "elementGroup" in entry.obj:
            raise _Invalid(
                f"The object ({request.get('objectId')}) is a group; alt text cannot be set on "
                "groups."
            )
        for key in ("title", "description"):
            if key in request:
                if request[key]:
                    entry.obj[key] = request[key]
                else:
                    entry.obj.pop(key, None)

    def update_page_elements_z_order(self, request: Json) -> None:
        """Bring elements forward or to the front, or send them backward or to the back."""
        ids = request.get("pageElementObjectIds", [])
        operation = request.get("operation", "Z_ORDER_OPERATION_UNSPECIFIED")
        if not ids:
            raise _Invalid("At least one page element object ID must be given.")
        if operation == "Z_ORDER_OPERATION_UNSPECIFIED":
            raise _Invalid("The z-order operation must be specified.")
        entries = [self.get_element(object_id) for object_id in ids]
        page = entries[0].page
        for entry in entries:
            if entry.page is not page:
                raise _Invalid("The page elements must all be on the same page.")
            if entry.group is not None:
                raise _Invalid(
                    f"The page element ({entry.obj['objectId']}) is inside a group; only "
                    "top-level elements can be reordered."
                )
        siblings: list[Json] = page["pageElements"]  # type: ignore[index]
        chosen = [element for element in siblings if any(element is e.obj for e in entries)]
        rest = [element for element in siblings if all(element is not e.obj for e in entries)]
        positions = [siblings.index(element) for element in chosen]
        if operation == "BRING_TO_FRONT":
            order = rest + chosen
        elif operation == "SEND_TO_BACK":
            order = chosen + rest
        elif operation == "BRING_FORWARD":
            # One step past the first unselected element above the front-most selected one.
            above = next((e for e in siblings[max(positions) + 1 :] if _holds(rest, e)), None)
            cut = len(rest) if above is None else _position(rest, above) + 1
            order = rest[:cut] + chosen + rest[cut:]
        else:
            below = next((e for e in reversed(siblings[: min(positions)]) if _holds(rest, e)), None)
            cut = 0 if below is None else _position(rest, below)
            order = rest[:cut] + chosen + rest[cut:]
        siblings[:] = order

    def group_objects(self, request: Json) -> Json:
        """Group two or more top-level elements of one page."""
        ids = request.get("childrenObjectIds", [])
        if len(ids) < 2:
            raise _Invalid("At least two page elements are needed to make a group.")
        entries = [self.get_element(object_id) for object_id in ids]
        page = entries[0].page
        for entry in entries:
            if entry.page is not page or entry.group is not None:
                raise _Invalid("The elements to group must be top-level elements of the same page.")
            if "table" in entry.obj or "video" in entry.obj:
                raise _Invalid(f"The element ({entry.obj['objectId']}) cannot be grouped.")
        group_id = self.check_new_id(request.get("groupObjectId"))
        siblings: list[Json] = page["pageElements"]  # type: ignore[index]
        children = [element for element in siblings if any(element is e.obj for e in entries)]
        top = max(siblings.index(element) for element in children)
        group: Json = {
            "objectId": group_id,
            "transform": {"scaleX": 1, "scaleY": 1, "unit": "EMU"},
            "elementGroup": {"children": children},
        }
        siblings.insert(top + 1, group)
        siblings[:] = [element for element in siblings if all(element is not c for c in children)]
        self.index[group_id] = _Entry(group, "element", page, siblings, None)
        for element, inner, parent in walk_elements(children):
            self.index[element["objectId"]] = _Entry(
                element, "element", page, inner if parent else children, parent or group
            )
        return {"objectId": group_id}

    def ungroup_objects(self, request: Json) -> None:
        """Dissolve groups, putting their children where the group was."""
        for object_id in request.get("objectIds", []):
            entry = self.get_element(object_id)
            if "elementGroup" not in entry.obj or entry.siblings is None:
                raise _Invalid(f"The object ({object_id}) is not a group.")
            children = entry.obj["elementGroup"].get("children", [])
            siblings = entry.siblings
            at = siblings.index(entry.obj)
            siblings[at : at + 1] = children
            del self.index[object_id]
            for child in children:
                self.index[child["objectId"]] = _Entry(
                    child, "element", entry.page, siblings, entry.group
                )

    # -- tables ------------------------------------------------------------------------

    def create_table(self, request: Json) -> Json:
        """Create a table; a given size is shared evenly between columns and rows."""
        rows, columns = request.get("rows", 0), request.get("columns", 0)
        if rows < 1 or columns < 1:
            raise _Invalid("A table needs at least one row and one column.")
        properties = request.get("elementProperties") or {}
        size = properties.get("size")
        width = height = None
        if size is not None:
            width = round(_emu(size.get("width"), "size width")) or None
            height = round(_emu(size.get("height"), "size height")) or None
        table = tables.new_table(rows, columns, width, height)
        total_width, total_height = tables.table_size(table)
        transform = _transform_emu(properties.get("transform"))
        # Tables are created at scale 1: the size lives in the rows and columns.
        transform["scaleX"], transform["scaleY"] = 1, 1
        element: Json = {
            "size": {"width": _dim(total_width), "height": _dim(total_height)},
            "table": table,
        }
        request = dict(request)
        request["elementProperties"] = {
            "pageObjectId": properties.get("pageObjectId"),
            "transform": transform,
        }
        return {"objectId": self.place_element(request, element)}

    def _resize_table(self, object_id: str) -> None:
        entry = self.get_element(object_id)
        width, height = tables.table_size(entry.obj["table"])
        entry.obj["size"] = {"width": _dim(width), "height": _dim(height)}

    @staticmethod
    def _location(request: Json, key: str = "cellLocation") -> tuple[int, int]:
        where = request.get(key)
        if where is None:
            raise _Invalid(f"The {key} must be set.")
        return where.get("rowIndex", 0), where.get("columnIndex", 0)

    def insert_table_rows(self, request: Json) -> None:
        """Insert up to 20 rows next to a reference cell, copying its row's style."""
        table = self.get_table(request.get("tableObjectId"))
        row, column = self._location(request)
        tables.insert_rows(
            table, row, column, request.get("insertBelow", False), request.get("number", 1)
        )
        self._resize_table(request["tableObjectId"])

    def insert_table_columns(self, request: Json) -> None:
        """Insert up to 20 columns next to a reference cell, copying its column's style."""
        table = self.get_table(request.get("tableObjectId"))
        row, column = self._location(request)
        tables.insert_columns(
            table, row, column, request.get("insertRight", False), request.get("number", 1)
        )
        self._resize_table(request["tableObjectId"])

    def delete_table_row(self, request: Json) -> None:
        """Delete the row(s) a cell spans; an emptied table is deleted."""
        self._delete_table_lines(request, tables.delete_rows)

    def delete_table_column(self, request: Json) -> None:
        """Delete the column(s) a cell spans; an emptied table is deleted."""
        self._delete_table_lines(request, tables.delete_columns)

    def _delete_table_lines(self, request: Json, delete: Callable[[Json, int, int], bool]) -> None:
        """Delete rows or columns with `delete`, which says whether the table is now empty."""
        table = self.get_table(request.get("tableObjectId"))
        row, column = self._location(request)
        if delete(table, row, column):
            self.delete_object({"objectId": request["tableObjectId"]})
        else:
            self._resize_table(request["tableObjectId"])

    def update_table_cell_properties(self, request: Json) -> None:
        """Update the fill and alignment of a range of cells through a field mask."""
        table = self.get_table(request.get("objectId"))
        paths = parse_mask(request.get("fields"), "TableCellProperties")
        target = tables.resolve_range(table, request.get("tableRange"))
        write = mask_writer(request.get("tableCellProperties", {}), paths, "TableCellProperties")
        if not tables.is_regular(table):
            for row, column in target.cells():
                write(tables.cell(table, row, column).setdefault("tableCellProperties", {}))
            return
        # Every row lists every cell, and the range is inside the table: index them directly.
        for table_row in table["tableRows"][target.row : target.row_end]:
            for item in table_row["tableCells"][target.column : target.column_end]:
                write(item.setdefault("tableCellProperties", {}))

    def update_table_border_properties(self, request: Json) -> None:
        """Update the borders of a range of cells through a field mask."""
        table = self.get_table(request.get("objectId"))
        paths = parse_mask(request.get("fields"), "TableBorderProperties")
        target = tables.resolve_range(table, request.get("tableRange"))
        write = mask_writer(
            request.get("tableBorderProperties", {}), paths, "TableBorderProperties"
        )
        for border in tables.border_cells(table, target, request.get("borderPosition", "ALL")):
            write(border.setdefault("tableBorderProperties", {}))

    def update_table_column_properties(self, request: Json) -> None:
        """Set column widths (at least 32 pt); no indices means every column."""
        object_id = request.get("objectId")
        table = self.get_table(object_id)
        paths = parse_mask(request.get("fields"), "TableColumnProperties")
        source = request.get("tableColumnProperties", {})
        if mask_touches(paths, "columnWidth"):
            width = _emu(source.get("columnWidth"), "column width")
            if width < tables.MIN_COLUMN_WIDTH:
                raise _Invalid(
                    f"The column width ({width:.0f} EMU) must be at least "
                    f"{tables.MIN_COLUMN_WIDTH} EMU (32 pt)."
                )
            source = {**source, "columnWidth": _dim(width)}
        indices = request.get("columnIndices") or range(tables.column_count(table))
        write = mask_writer(source, paths, "TableColumnProperties")
        for column in indices:
            if not 0 <= column < tables.column_count(table):
                raise _Invalid(f"The column index ({column}) is outside the table.")
            write(table["tableColumns"][column])
        self._resize_table(str(object_id))

    def update_table_row_properties(self, request: Json) -> None:
        """Set rows' minimum heights; no indices means every row."""
        object_id = request.get("objectId")
        table = self.get_table(object_id)
        paths = parse_mask(request.get("fields"), "TableRowProperties")
        source = dict(request.get("tableRowProperties", {}))
        if "minRowHeight" in source:
            source["minRowHeight"] = _dim(_emu(source["minRowHeight"], "minimum row height"))
        indices = request.get("rowIndices") or range(tables.row_count(table))
        write = mask_writer(source, paths, "TableRowProperties")
        for row in indices:
            if not 0 <= row < tables.row_count(table):
                raise _Invalid(f"The row index ({row}) is outside the table.")
            table_row = table["tableRows"][row]
            write(table_row.setdefault("tableRowProperties", {}))
            minimum = table_row["tableRowProperties"].get("minRowHeight")
            if minimum is not None:
                table_row["rowHeight"] = clone(minimum)
        self._resize_table(str(object_id))

    def merge_table_cells(self, request: Json) -> None:
        """Merge a rectangular range of cells."""
        table = self.get_table(request.get("objectId"))
        if "tableRange" not in request:
            raise _Invalid("The table range must be set.")
        tables.merge_cells(table, tables.resolve_range(table, request["tableRange"]))

    def unmerge_table_cells(self, request: Json) -> None:
        """Unmerge the merged cells inside a range."""
        table = self.get_table(request.get("objectId"))
        if "tableRange" not in request:
            raise _Invalid("The table range must be set.")
        tables.unmerge_cells(table, tables.resolve_range(table, request["tableRange"]))

    # -- text --------------------------------------------------------------------------

    def _text_holder(self, request: Json, create_notes: bool = False) -> tuple[Json, bool]:
        """Return the dict holding the addressed text and whether it is a table cell."""
        object_id = request.get("objectId")
        entry = self.index.get(str(object_id)) if object_id else None
        if entry is None and create_notes and object_id:
            # A slide's speaker-notes shape may not exist yet; inserting text creates it.
            entry = self._create_speaker_notes(str(object_id))
        if entry is None:
            entry = self.get(object_id)
        where = request.get("cellLocation")
        if "table" in entry.obj:
            if where is None:
                raise _Invalid(
                    f"The object ({object_id}) is a table; a cellLocation must be given."
                )
            table = entry.obj["table"]
            # Text edits cannot merge cells: a run of them reads a table's merges once.
            merged = self.table_merges.get(id(table))
            if merged is None:
                merged = self.table_merges[id(table)] = tables.merges(table)
            return tables.text_cell(
                table, where.get("rowIndex", 0), where.get("columnIndex", 0), merged
            ), True
        if "shape" in entry.obj:
            if where is not None:
                raise _Invalid(
                    f"The object ({object_id}) is a shape; a cellLocation must not be given."
                )
            shape: Json = entry.obj["shape"]
            return shape, False
        raise _Invalid(f"The object ({object_id}) cannot hold text.")

    def _create_speaker_notes(self, object_id: str) -> _Entry | None:
        for slide in self.presentation["slides"]:
            notes = slide.get("slideProperties", {}).get("notesPage")
            if notes and notes.get("notesProperties", {}).get("speakerNotesObjectId") == object_id:
                shape: Json = {
                    "objectId": object_id,
                    "shape": {"shapeType": "TEXT_BOX", "placeholder": {"type": "BODY", "index": 1}},
                }
                siblings = notes.setdefault("pageElements", [])
                siblings.append(shape)
                entry = _Entry(shape, "element", notes, siblings, None)
                self.index[object_id] = entry
                return entry
        return None

    def _body(self, holder: Json) -> TextBody:
        """Return the editable text of `holder`, as the text edits before this one left it."""
        edited = self.edited_text.get(id(holder))
        return edited[1] if edited is not None else TextBody.from_api(holder.get("text"))

    def _store_text(self, holder: Json, body: TextBody, is_cell: bool) -> None:
        # Kept editable until a request that is not a text edit comes (see `write_text`):
        # styling a text just inserted then costs no conversion to the API form and back.
        self.edited_text[id(holder)] = (holder, body, is_cell)
        autofit = holder.get("shapeProperties", {}).get("autofit")
        if autofit and autofit.get("autofitType") in ("TEXT_AUTOFIT", "SHAPE_AUTOFIT"):
            # Any text edit through the API turns autofit off.
            holder["shapeProperties"]["autofit"] = {"autofitType": "NONE"}

    def write_text(self) -> None:
        """Write every text edited since the last call back into the presentation."""
        for holder, body, is_cell in self.edited_text.values():
            if body.is_plain_empty and not is_cell:
                holder.pop("text", None)
            else:
                holder["text"] = body.to_api()
        self.edited_text.clear()
        self.table_merges.clear()

    def insert_text(self, request: Json) -> None:
        """Insert text at a UTF-16 index; newlines start paragraphs styled like the split one."""
        holder, is_cell = self._text_holder(request, create_notes=True)
        body = self._body(holder)
        body.insert(request.get("insertionIndex", 0), request.get("text", ""))
        self._store_text(holder, body, is_cell)

    def delete_text(self, request: Json) -> None:
        """Delete a range of text; the final newline stays."""
        holder, is_cell = self._text_holder(request)
        body = self._body(holder)
        if body.is_empty:
            raise _Invalid("The object has no text.")
        start, end = body.resolve_range(request.get("textRange"))
        body.delete(start, end)
        self._store_text(holder, body, is_cell)

    def replace_all_text(self, request: Json) -> Json:
        """Replace every match of a string in the deck or on the given pages."""
        criteria = request.get("containsText") or {}
        needle = criteria.get("text", "")
        if not needle:
            raise _Invalid("The text to find must not be empty.")
        replacement = clean_text(request.get("replaceText", ""))
        pages = self._search_pages(request.get("pageObjectIds", []))
        pattern = None
        if criteria.get("searchByRegex"):
            try:
                flags = 0 if criteria.get("matchCase") else re.IGNORECASE
                pattern = re.compile(needle, flags)
            except re.error as problem:
                raise _Invalid(f"The regular expression is invalid: {problem}") from None
        changed = 0
        for page in pages:
            for holder, is_cell in _text_holders(page):
                body = TextBody.from_api(holder.get("text"))
                if pattern is not None:
                    starts = [
                        (m.start(), m.end())
                        for m in pattern.finditer(body.content)
                        if m.end() > m.start()
                    ]
                else:
                    found = body.find_all(needle, bool(criteria.get("matchCase")))
                    starts = [(start, start + len(needle)) for start in found]
                if not starts:
                    continue
                for start, end in reversed(starts):
                    body.replace(start, end, replacement)
                changed += len(starts)
                self._store_text(holder, body, is_cell)
        self.write_text()
        return {"occurrencesChanged": changed} if changed else {}

    def update_text_style(self, request: Json) -> None:
        """Apply a character style to a range of text through a field mask."""
        holder, is_cell = self._text_holder(request)
        paths = parse_mask(request.get("fields"), "TextStyle")
        body = self._body(holder)
        start, end = body.resolve_range(request.get("textRange"))
        if request.get("textRange", {}).get("type") == "ALL" or body.is_empty:
            end = len(body.chars)
        source = request.get("style", {})
        first = body.styles[start] if start < end else None
        if first is not None and body.styles[start:end].count(first) == end - start:
            # The usual range: one style throughout (or equal ones), restyled once.
            restyled_first = self.masked_copy(first, source, paths, "TextStyle")
            body.styles[start:end] = [restyled_first] * (end - start)
            self._store_text(holder, body, is_cell)
            return
        restyled: dict[int, Json] = {}
        for position in range(start, end):
            old = body.styles[position]
            new = restyled.get(id(old))
            if new is None:
                new = copy_json(old)
                apply_mask(new, source, paths, "TextStyle")
                restyled[id(old)] = new
            body.styles[position] = new
        self._store_text(holder, body, is_cell)

    def update_paragraph_style(self, request: Json) -> None:
        """Apply a paragraph style to the paragraphs a range touches through a field mask."""
        holder, is_cell = self._text_holder(request)
        paths = parse_mask(request.get("fields"), "ParagraphStyle")
        body = self._body(holder)
        start, end = body.resolve_range(request.get("textRange"))
        for newline in body.paragraphs_in(start, end):
            paragraph = body.paragraphs[newline] or Paragraph()
            paragraph.style = self.masked_copy(
                paragraph.style, request.get("style", {}), paths, "ParagraphStyle"
            )
            body.paragraphs[newline] = paragraph
        self._store_text(holder, body, is_cell)

    def create_paragraph_bullets(self, request: Json) -> None:
        """Make the paragraphs a range touches a bulleted list; leading tabs set nesting."""
        holder, is_cell = self._text_holder(request)
        body = self._body(holder)
        start, end = body.resolve_range(request.get("textRange"))
        preset = request.get("bulletPreset", DEFAULT_BULLET_PRESET)
        list_id = self._new_list_id(body)
        touched = set(body.paragraphs_in(start, end))
        targets = [
            ordinal
            for ordinal, (_first, newline) in enumerate(body.paragraph_spans())
            if newline in touched
        ]
        levels: dict[int, int] = {}
        for ordinal in reversed(targets):
            first, newline = body.paragraph_spans()[ordinal]
            tabs = 0
            while first + tabs < newline and body.chars[first + tabs] == "\t":
                tabs += 1
            # The API turns leading tabs into nesting levels and removes them.
            body.delete(first, first + tabs)
            levels[ordinal] = tabs
        spans = body.paragraph_spans()
        counters: dict[int, int] = {}
        for ordinal in targets:
            newline, level = spans[ordinal][1], levels[ordinal]
            counters[level] = counters.get(level, 0) + 1
            for deeper in [key for key in counters if key > level]:
                del counters[deeper]
            paragraph = body.paragraphs[newline] or Paragraph()
            bullet: Json = {
                "listId": list_id,
                "glyph": bullet_glyph(preset, level, counters[level]),
            }
            if level:
                bullet["nestingLevel"] = level
            bullet["bulletStyle"] = clone(body.styles[newline])
            paragraph.bullet = bullet
            body.paragraphs[newline] = paragraph
        body.lists[list_id] = {
            "listId": list_id,
            "nestingLevel": {str(level): {"bulletStyle": {}} for level in range(9)},
        }
        self._store_text(holder, body, is_cell)

    def _new_list_id(self, body: TextBody) -> str:
        while True:
            self.generated += 1
            candidate = f"kix.off{self.generated}"
            if candidate not in body.lists:
                return candidate

    def delete_paragraph_bullets(self, request: Json) -> None:
        """Remove bullets from the paragraphs a range touches."""
        holder, is_cell = self._text_holder(request)
        body = self._body(holder)
        start, end = body.resolve_range(request.get("textRange"))
        for newline in body.paragraphs_in(start, end):
            paragraph = body.paragraphs[newline]
            if paragraph is not None:
                paragraph.bullet = None
        used = {
            paragraph.bullet.get("listId")
            for paragraph in body.paragraphs
            if paragraph is not None and paragraph.bullet
        }
        body.lists = {key: value for key, value in body.lists.items() if key in used}
        self._store_text(holder, body, is_cell)


_CHECKED_FIELDS = frozenset({"rgbColor", "alpha", "weightedFontFamily"})
"""The fields `_check_values` looks at; it follows only the routes the schema gives them."""


_PASSED_VALUES = PassedValues()
"""Inner values of requests (by kind and field) that passed `_check_values`."""


@cache
def _checked_routes(kind: str) -> FieldRoute | None:
    """Return where a request of `kind` may hold a field `_check_values` checks."""
    return field_routes(kind, _CHECKED_FIELDS)


def _check_request_values(
    kind: str, payload: Any, routes: FieldRoute, keys: dict[int, bytes] | None = None
) -> None:
    """Run `_check_values` on a request's payload, once per distinct inner value.

    `keys` holds the keys of inner values worked out already, by id (see `validate_batch_body`).
    """
    if type(payload) is not dict or routes.anything or routes.every_value is not None:
        _check_values(payload, routes)
        return
    if routes.fields:
        _check_fields(payload)
    # In the order `_check_values` takes them, so a request with two bad values names the same.
    for key, inner in reversed(routes.keys.items()):
        item = payload.get(key)
        if item is None:
            continue
        found = None
        if type(item) in (dict, list):
            found = keys.get(id(item)) if keys is not None else None
            if found is None:
                found = value_key(item)
        if found is None:
            _check_values(item, inner)
            continue
        memo = (kind, key, found)
        if memo not in _PASSED_VALUES:
            _check_values(item, inner)
            _PASSED_VALUES.add(memo)


def _check_values(payload: Any, routes: FieldRoute) -> None:
    """Refuse values the schema allows but the API does not: colours, alpha, font weights.

    The payload has passed the schema, so the fields can only be where `routes` leads.
    """
    stack: list[tuple[Any, FieldRoute]] = [(payload, routes)]
    while stack:
        value, route = stack.pop()
        if isinstance(value, list):
            stack.extend((item, route) for item in value)
            continue
        if not isinstance(value, dict):
            continue
        if route.fields:
            _check_fields(value)
        if route.anything:
            stack.extend((item, route) for item in value.values())
            continue
        for key, inner in route.keys.items():
            item = value.get(key)
            if item is not None:
                stack.append((item, inner))
        if route.every_value is not None:
            stack.extend((item, route.every_value) for item in value.values())


def _check_fields(value: Json) -> None:
    """Refuse the colour, alpha or font weight `value` holds if the API would."""
    rgb = value.get("rgbColor")
    if isinstance(rgb, dict):
        for channel in ("red", "green", "blue"):
            if not 0 <= rgb.get(channel, 0) <= 1:
                raise _Invalid(
                    f"The {channel} component ({rgb[channel]}) of an rgbColor must be between "
                    "0 and 1."
                )
    alpha = value.get("alpha")
    if isinstance(alpha, (int, float)) and not 0 <= alpha <= 1:
        raise _Invalid(f"The alpha value ({alpha}) must be between 0 and 1.")
    family = value.get("weightedFontFamily")
    if isinstance(family, dict) and "weight" in family:
        weight = family["weight"]
        if not (100 <= weight <= 900 and weight % 100 == 0):
            raise _Invalid(f"The font weight ({weight}) must be a multiple of 100 from 100 to 900.")


def _site_points(element: Json) -> list[tuple[float, float]] | None:
    """Return the page positions of an element's sites (top, left, bottom, right), if known."""
    if "shape" in element:
        if CONNECTION_SITES.get(element["shape"].get("shapeType", "TEXT_BOX"), 4) != 4:
            return None
    elif "image" not in element:
        return None
    size = element.get("size", {})
    width = magnitude_emu(size.get("width"))
    height = magnitude_emu(size.get("height"))
    matrix = _matrix(element.get("transform"))

    def place(x: float, y: float) -> tuple[float, float]:
        return (
            matrix["scaleX"] * x + matrix["shearX"] * y + matrix["translateX"],
            matrix["shearY"] * x + matrix["scaleY"] * y + matrix["translateY"],
        )

    return [
        place(width / 2, 0),
        place(0, height / 2),
        place(width / 2, height),
        place(width, height / 2),
    ]


def _image_url(url: str | None, accepted: AbstractSet[str] = frozenset()) -> str:
    """Return `url` if the API could fetch an image from it, or the deck's owner issued it."""
    if not url:
        raise _Invalid("The image URL must be set.")
    if url not in accepted and not url.startswith(("https://", "http://")):
        raise _Invalid(f"The image URL ({url}) must be a public http(s) URL.")
    if len(url) > 2048:
        raise _Invalid("The image URL must be at most 2 kB long.")
    return url


def _holds(items: list[Json], wanted: Json) -> bool:
    return any(item is wanted for item in items)


def _position(items: list[Json], wanted: Json) -> int:
    for position, item in enumerate(items):
        if item is wanted:
            return position
    raise ValueError("element not in list")


def _text_holders(page: Json) -> Iterator[tuple[Json, bool]]:
    """Yield every text holder on a page: shapes and table cells."""
    for element, _siblings, _group in walk_elements(page.get("pageElements", [])):
        if "shape" in element:
            yield element["shape"], False
        elif "table" in element:
            for row in element["table"].get("tableRows", []):
                for item in row.get("tableCells", []):
                    yield item, True
