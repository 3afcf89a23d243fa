"""Connector lines and shape properties in the offline engine."""

from __future__ import annotations

from typing import Any

import pytest
from test_engine_core import apply, base_deck, element, shape_request

from slidegen.backends.offline.engine import OfflineDeck
from slidegen.errors import RequestError

Json = dict[str, Any]


def connect(target: str, site: int, end: str = "startConnection", line: str = "line_0001") -> Json:
    return {
        "updateLineProperties": {
            "objectId": line,
            "lineProperties": {end: {"connectedObjectId": target, "connectionSiteIndex": site}},
            "fields": end,
        }
    }


def deck_with_line(category: str = "BENT") -> OfflineDeck:
    deck = OfflineDeck(base_deck())
    apply(
        deck,
        shape_request("box_00001", shape_type="ROUND_RECTANGLE"),
        shape_request("box_00002", shape_type="HEXAGON"),
        {
            "createLine": {
                "objectId": "line_0001",
                "category": category,
                "elementProperties": {"pageObjectId": "slide_1"},
            }
        },
    )
    return deck


def test_create_line_is_a_connector_of_its_category() -> None:
    deck = deck_with_line("CURVED")
    line = element(deck, "line_0001")["line"]
    assert line["lineCategory"] == "CURVED"
    assert line["lineType"] == "CURVED_CONNECTOR_3"


def test_connect_both_ends_to_shapes() -> None:
    deck = deck_with_line()
    apply(deck, connect("box_00001", 3), connect("box_00002", 5, "endConnection"))
    properties = element(deck, "line_0001")["line"]["lineProperties"]
    assert properties["startConnection"] == {
        "connectedObjectId": "box_00001",
        "connectionSiteIndex": 3,
    }
    assert properties["endConnection"]["connectedObjectId"] == "box_00002"


@pytest.mark.parametrize(
    ("target", "site"), [("box_00001", 4), ("box_00002", 6), ("box_00001", -1)]
)
def test_connection_site_must_exist_on_the_shape(target: str, site: int) -> None:
    deck = deck_with_line()
    with pytest.raises(RequestError, match="connection site index"):
        apply(deck, connect(target, site))


def test_tables_lines_and_groups_cannot_be_connected() -> None:
    deck = deck_with_line()
    apply(
        deck,
        {
            "createTable": {
                "objectId": "table_001",
                "rows": 1,
                "columns": 1,
                "elementProperties": {"pageObjectId": "slide_1"},
            }
        },
        {"createLine": {"objectId": "line_0002", "elementProperties": {"pageObjectId": "slide_1"}}},
        shape_request("box_00003"),
        shape_request("box_00004"),
        {
            "groupObjects": {
                "groupObjectId": "group_001",
                "childrenObjectIds": ["box_00003", "box_00004"],
            }
        },
    )
    for target, kind in (
        ("table_001", "table"),
        ("line_0002", "line"),
        ("group_001", "elementGroup"),
    ):
        with pytest.raises(RequestError, match=f"is a {kind}, which has no connection sites"):
            apply(deck, connect(target, 0))


def test_connection_target_must_be_on_the_same_page() -> None:
    deck = deck_with_line()
    apply(deck, {"createSlide": {"objectId": "slide_two"}}, shape_request("box_other", "slide_two"))
    with pytest.raises(RequestError, match="same page"):
        apply(deck, connect("box_other", 0))


def test_deleting_a_connected_shape_detaches_the_line() -> None:
    deck = deck_with_line()
    apply(deck, connect("box_00001", 0), {"deleteObject": {"objectId": "box_00001"}})
    assert "startConnection" not in element(deck, "line_0001")["line"]["lineProperties"]


def test_duplicating_a_slide_reattaches_lines_to_the_copies() -> None:
    deck = deck_with_line()
    apply(deck, connect("box_00001", 1))
    apply(
        deck,
        {
            "duplicateObject": {
                "objectId": "slide_1",
                "objectIds": {
                    "slide_1": "slide_copy",
                    "line_0001": "line_copy",
                    "box_00001": "box_copy",
                },
            }
        },
    )
    connection = element(deck, "line_copy")["line"]["lineProperties"]["startConnection"]
    assert connection["connectedObjectId"] == "box_copy"


def test_line_properties_mask_and_style() -> None:
    deck = deck_with_line()
    apply(
        deck,
        {
            "updateLineProperties": {
                "objectId": "line_0001",
                "lineProperties": {"endArrow": "FILL_ARROW", "dashStyle": "DOT"},
                "fields": "endArrow",
            }
        },
    )
    assert element(deck, "line_0001")["line"]["lineProperties"] == {"endArrow": "FILL_ARROW"}
    with pytest.raises(RequestError, match="is not a line"):
        apply(
            deck,
            {
                "updateLineProperties": {
                    "objectId": "box_00001",
                    "lineProperties": {"endArrow": "FILL_ARROW"},
                    "fields": "endArrow",
                }
            },
        )


def test_shape_properties_mask_and_autofit_rule() -> None:
    deck = deck_with_line()
    fill = {"solidFill": {"color": {"rgbColor": {"red": 0.5, "green": 0.25}}}}
    apply(
        deck,
        {
            "updateShapeProperties": {
                "objectId": "box_00001",
                "shapeProperties": {
                    "shapeBackgroundFill": fill,
                    "contentAlignment": "MIDDLE",
                    "autofit": {"autofitType": "NONE"},
                },
                "fields": (
                    "shapeBackgroundFill.solidFill.color,contentAlignment,autofit.autofitType"
                ),
            }
        },
    )
    properties = element(deck, "box_00001")["shape"]["shapeProperties"]
    assert properties["shapeBackgroundFill"] == fill
    assert properties["contentAlignment"] == "MIDDLE"
    assert properties["autofit"] == {"autofitType": "NONE"}
    for autofit_type in ("TEXT_AUTOFIT", "SHAPE_AUTOFIT"):
        with pytest.raises(RequestError, match="only NONE"):
            apply(
                deck,
                {
                    "updateShapeProperties": {
                        "objectId": "box_00001",
                        "shapeProperties": {"autofit": {"autofitType": autofit_type}},
                        "fields": "autofit",
                    }
                },
            )
    with pytest.raises(RequestError, match="read-only"):
        apply(
            deck,
            {
                "updateShapeProperties": {
                    "objectId": "box_00001",
                    "shapeProperties": {"shadow": {"alpha": 1}},
                    "fields": "shadow",
                }
            },
        )


def test_unset_masked_field_resets_it() -> None:
    deck = deck_with_line()
    apply(
        deck,
        {
            "updateShapeProperties": {
                "objectId": "box_00001",
                "shapeProperties": {"contentAlignment": "BOTTOM"},
                "fields": "contentAlignment",
            }
        },
        {
            "updateShapeProperties": {
                "objectId": "box_00001",
                "shapeProperties": {},
                "fields": "contentAlignment",
            }
        },
    )
    assert "contentAlignment" not in element(deck, "box_00001")["shape"]["shapeProperties"]


def test_reroute_picks_the_closest_sites_and_redraws_the_line() -> None:
    deck = OfflineDeck(base_deck())

    def box(object_id: str, x: int, y: int) -> Json:
        return {
            "createShape": {
                "objectId": object_id,
                "shapeType": "RECTANGLE",
                "elementProperties": {
                    "pageObjectId": "slide_1",
                    "size": {
                        "width": {"magnitude": 1000, "unit": "EMU"},
                        "height": {"magnitude": 400, "unit": "EMU"},
                    },
                    "transform": {
                        "scaleX": 1,
                        "scaleY": 1,
                        "translateX": x,
                        "translateY": y,
                        "unit": "EMU",
                    },
                },
            }
        }

    apply(
        deck,
        box("box_right", 5000, 0),
        box("box_left_", 0, 100),
        {"createLine": {"objectId": "line_0001", "elementProperties": {"pageObjectId": "slide_1"}}},
        connect("box_right", 0),
        connect("box_left_", 0, "endConnection"),
        {"rerouteLine": {"objectId": "line_0001"}},
    )
    line = element(deck, "line_0001")
    properties = line["line"]["lineProperties"]
    # The right box's left site (1) faces the left box's right site (3).
    assert properties["startConnection"]["connectionSiteIndex"] == 1
    assert properties["endConnection"]["connectionSiteIndex"] == 3
    assert line["transform"] == {
        "scaleX": -1,
        "scaleY": 1,
        "translateX": 5000,
        "translateY": 200,
        "unit": "EMU",
    }
    assert line["size"]["width"]["magnitude"] == 4000
    assert line["size"]["height"]["magnitude"] == 100


def test_reroute_needs_both_ends_connected() -> None:
    deck = deck_with_line()
    apply(deck, connect("box_00001", 0))
    with pytest.raises(RequestError, match="connected at both ends"):
        apply(deck, {"rerouteLine": {"objectId": "line_0001"}})
