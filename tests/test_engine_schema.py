"""The discovery-schema check of batchUpdate bodies."""

from __future__ import annotations

from typing import Any

import pytest
from test_engine_core import apply, base_deck

from slidegen.backends.offline.engine import OfflineDeck
from slidegen.backends.offline.schema import (
    field_routes,
    may_hold_fields,
    request_kinds,
    validate_batch_body,
)
from slidegen.errors import RequestError

Json = dict[str, Any]

GOOD_SHAPE: Json = {
    "createShape": {
        "objectId": "box_00001",
        "shapeType": "RECTANGLE",
        "elementProperties": {
            "pageObjectId": "slide_1",
            "size": {
                "width": {"magnitude": 100, "unit": "PT"},
                "height": {"magnitude": 50.5, "unit": "PT"},
            },
            "transform": {"scaleX": 1, "scaleY": 1, "unit": "EMU"},
        },
    }
}


def body_with(*requests: Any) -> Json:
    return {"requests": [GOOD_SHAPE, *requests]}


def test_a_valid_body_passes() -> None:
    validate_batch_body(body_with({"deleteObject": {"objectId": "x"}}))
    validate_batch_body({"requests": [GOOD_SHAPE], "writeControl": {"requiredRevisionId": "abc"}})
    validate_batch_body(
        {"requests": [{"duplicateObject": {"objectId": "s", "objectIds": {"a": "b"}}}]}
    )


def test_the_schema_knows_the_request_kinds() -> None:
    kinds = request_kinds()
    assert "createShape" in kinds and "updateTableBorderProperties" in kinds
    assert "createSlides" not in kinds


@pytest.mark.parametrize(
    ("request_", "path", "message"),
    [
        (
            {"createShape": {"objectId": "box_00002", "shapeType": "RECTANGLE", "colour": "red"}},
            "requests[1].createShape",
            'Unknown name "colour"',
        ),
        (
            {"createShape": {"objectId": 12345, "shapeType": "RECTANGLE"}},
            "requests[1].createShape.objectId",
            "expected a string",
        ),
        (
            {"createShape": {"shapeType": "SQUARE"}},
            "requests[1].createShape.shapeType",
            '"SQUARE"',
        ),
        (
            {
                "createShape": {
                    "shapeType": "RECTANGLE",
                    "elementProperties": {
                        "size": {"width": {"magnitude": "100", "unit": "PT"}},
                    },
                }
            },
            "requests[1].createShape.elementProperties.size.width.magnitude",
            "expected a number",
        ),
        (
            {"insertTableRows": {"tableObjectId": "t", "number": 2.5}},
            "requests[1].insertTableRows.number",
            "expected an integer",
        ),
        (
            {"insertTableRows": {"tableObjectId": "t", "insertBelow": "yes"}},
            "requests[1].insertTableRows.insertBelow",
            "expected a boolean",
        ),
        (
            {"updateSlidesPosition": {"slideObjectIds": "slide_1"}},
            "requests[1].updateSlidesPosition.slideObjectIds",
            "expected a list",
        ),
        (
            {"updateSlidesPosition": {"slideObjectIds": ["slide_1", 7]}},
            "requests[1].updateSlidesPosition.slideObjectIds[1]",
            "expected a string",
        ),
        (
            {"duplicateObject": {"objectId": "s", "objectIds": {"a": 1}}},
            "requests[1].duplicateObject.objectIds.a",
            "expected a string",
        ),
        (
            {"deleteObject": {"objectId": None}},
            "requests[1].deleteObject.objectId",
            "null is not allowed",
        ),
        (
            {
                "updatePageElementTransform": {
                    "objectId": "x",
                    "transform": {"scaleX": float("nan"), "unit": "EMU"},
                }
            },
            "requests[1].updatePageElementTransform.transform.scaleX",
            "not a finite number",
        ),
        (
            {"insertText": {"objectId": "x", "insertionIndex": 2**31}},
            "requests[1].insertText.insertionIndex",
            "out of range",
        ),
    ],
)
def test_schema_errors_name_the_request_and_the_json_path(
    request_: Json, path: str, message: str
) -> None:
    with pytest.raises(RequestError) as caught:
        validate_batch_body(body_with(request_))
    assert caught.value.index == 1
    assert path in caught.value.reason
    assert message in caught.value.reason


def test_a_request_must_hold_exactly_one_kind() -> None:
    with pytest.raises(RequestError, match=r"Invalid requests\[1\]: No request set"):
        validate_batch_body(body_with({}))
    with pytest.raises(RequestError, match="Oneof field 'kind' is already set"):
        validate_batch_body(
            body_with({"deleteObject": {"objectId": "a"}, "insertText": {"objectId": "b"}})
        )
    with pytest.raises(RequestError, match='Unknown name "createSlides"'):
        validate_batch_body(body_with({"createSlides": {}}))


def test_body_level_fields_are_checked() -> None:
    with pytest.raises(RequestError, match='Unknown name "targetRevisionId"'):
        validate_batch_body({"requests": [], "writeControl": {"targetRevisionId": "x"}})
    with pytest.raises(RequestError, match="'requests' must be a list"):
        validate_batch_body({"requests": {"a": 1}})
    with pytest.raises(RequestError, match='Unknown name "request"'):
        validate_batch_body({"requests": [], "request": []})


def test_the_engine_checks_the_schema_before_applying_anything() -> None:
    deck = OfflineDeck(base_deck())
    before = deck.presentation["revisionId"]
    with pytest.raises(RequestError) as caught:
        apply(deck, GOOD_SHAPE, {"deleteObject": {"objectId": "shape_1", "force": True}})
    assert caught.value.index == 1
    assert deck.presentation["revisionId"] == before
    assert len(deck.presentation["slides"][0]["pageElements"]) == 1


def test_dimension_without_unit_is_refused_by_the_engine() -> None:
    deck = OfflineDeck(base_deck())
    with pytest.raises(RequestError, match="unit of EMU or PT"):
        apply(
            deck,
            {
                "createShape": {
                    "objectId": "box_00001",
                    "shapeType": "RECTANGLE",
                    "elementProperties": {
                        "pageObjectId": "slide_1",
                        "size": {"width": {"magnitude": 5}, "height": {"magnitude": 5}},
                    },
                }
            },
        )


def test_every_supported_kind_is_a_real_request_kind() -> None:
    from slidegen.backends.offline.engine import SUPPORTED_KINDS

    assert set(request_kinds()) >= SUPPORTED_KINDS
    assert len(SUPPORTED_KINDS) >= 35


def test_which_request_kinds_can_hold_a_field_at_any_depth() -> None:
    colours = frozenset({"rgbColor"})
    # TextStyle → OptionalColor → OpaqueColor → RgbColor; page → notes page → shapes.
    assert may_hold_fields("updateTextStyle", colours)
    assert may_hold_fields("updateSlideProperties", colours)
    assert not may_hold_fields("insertText", colours)
    assert not may_hold_fields("updateParagraphStyle", colours)
    # duplicateObject's objectIds map holds strings only, whatever its keys.
    assert not may_hold_fields("duplicateObject", colours)
    assert may_hold_fields("duplicateObject", frozenset({"objectIds"}))


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("magnitude", float("inf"), "not a finite number"),
        ("magnitude", True, "expected a number"),
        ("magnitude", None, "null is not allowed"),
        ("unit", "INCH", '"INCH"'),
        ("unit", 3, "expected a string"),
    ],
)
def test_a_bad_value_after_valid_requests_of_its_shape_is_still_refused(
    field: str, value: object, message: str
) -> None:
    # Plain strings, numbers and flags are accepted without a call: an odd one still is not.
    def sized(magnitude: object, unit: object) -> Json:
        return {
            "createShape": {
                "shapeType": "RECTANGLE",
                "elementProperties": {
                    "pageObjectId": "slide_1",
                    "size": {"width": {"magnitude": magnitude, "unit": unit}},
                },
            }
        }

    good = [sized(100, "PT"), sized(12.5, "EMU")]
    bad = sized(value, "PT") if field == "magnitude" else sized(100, value)
    with pytest.raises(RequestError) as caught:
        validate_batch_body({"requests": [*good, bad, *good]})
    assert caught.value.index == 2
    assert f"requests[2].createShape.elementProperties.size.width.{field}" in caught.value.reason
    assert message in caught.value.reason


def test_value_checks_follow_every_route_the_schema_gives_a_field() -> None:
    checked = frozenset({"rgbColor", "alpha", "weightedFontFamily"})
    for kind in request_kinds():
        assert (field_routes(kind, checked) is not None) == may_hold_fields(kind, checked), kind
    routes = field_routes("updateTableBorderProperties", checked)
    assert routes is not None
    fill = routes.keys["tableBorderProperties"].keys["tableBorderFill"].keys["solidFill"]
    assert "color" in fill.keys


@pytest.mark.parametrize(
    ("properties", "fields", "message"),
    [
        (
            {"shapeBackgroundFill": {"solidFill": {"color": {"rgbColor": {"blue": 1.5}}}}},
            "shapeBackgroundFill.solidFill.color",
            "blue component",
        ),
        (
            {"outline": {"outlineFill": {"solidFill": {"alpha": -0.5}}}},
            "outline.outlineFill.solidFill.alpha",
            "alpha value",
        ),
    ],
)
def test_a_bad_colour_after_good_ones_of_the_same_kind_is_refused(
    properties: Json, fields: str, message: str
) -> None:
    deck = OfflineDeck(base_deck())

    def update(shape_properties: Json) -> Json:
        return {
            "updateShapeProperties": {
                "objectId": "shape_1",
                "shapeProperties": shape_properties,
                "fields": fields,
            }
        }

    good = {"shapeBackgroundFill": {"solidFill": {"color": {"rgbColor": {"blue": 1}}}}}
    apply(deck, update(good))
    with pytest.raises(RequestError, match=message) as caught:
        apply(deck, update(good), update(properties))
    assert caught.value.index == 1
