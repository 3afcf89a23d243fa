"""The bundled default template: its data, its prototype slides and their regions."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from pptx import Presentation
from pptx.oxml.ns import qn

from slidegen.export.pptx import export_pptx
from slidegen.layout.ids import is_valid_object_id
from slidegen.layout.slides import BY_ROLE, ROLES
from slidegen.tags import parse_tag
from slidegen.templates import (
    blank_presentation,
    default_template_requests,
    load_default_template,
)
from slidegen.templates.design import MARGIN, PAGE_HEIGHT, PAGE_WIDTH, rendered_files
from slidegen.units import EMU_PER_PT, magnitude_emu

pytest.importorskip("slidegen.backends.offline.engine")

TABLE_HEADERS = {
    "stakeholders": ["Name", "Title", "Role", "Relationship", "Owner", "Notes"],
    "win_plan": ["Activity", "Date", "Audience", "Notes"],
    "risks": ["Risk", "Severity", "Mitigation", "Owner"],
}
TEXT_REGIONS = {"heading", "customer", "opportunity", "meta", "footer"}


@pytest.fixture(scope="module")
def template() -> dict[str, Any]:
    return load_default_template()


def walk(elements: list[dict[str, Any]]) -> Iterator[dict[str, Any]]:
    for element in elements:
        yield element
        yield from walk((element.get("elementGroup") or {}).get("children") or [])


def box(element: dict[str, Any]) -> tuple[float, float, float, float]:
    size, transform = element["size"], element["transform"]
    width = magnitude_emu(size["width"]) * transform.get("scaleX", 1)
    height = magnitude_emu(size["height"]) * transform.get("scaleY", 1)
    return transform.get("translateX", 0), transform.get("translateY", 0), width, height


def plain(text: dict[str, Any] | None) -> str:
    runs = (e["textRun"]["content"] for e in (text or {}).get("textElements", []) if "textRun" in e)
    return "".join(runs).rstrip("\n")


def first_run_style(text: dict[str, Any]) -> dict[str, Any]:
    return next(e["textRun"]["style"] for e in text["textElements"] if "textRun" in e)


def regions(page: dict[str, Any]) -> dict[str, dict[str, Any]]:
    found: dict[str, dict[str, Any]] = {}
    for element in walk(page.get("pageElements", [])):
        tag = parse_tag(element.get("description"))
        if tag is not None:
            assert str(tag) not in found, f"{tag} appears twice"
            found[str(tag)] = element
    return found


def test_committed_json_matches_design() -> None:
    for path, expected in rendered_files().items():
        assert path.read_text(encoding="utf-8") == expected, (
            f"{path.name} is out of date; regenerate it with: python -m slidegen.templates.design"
        )


def test_blank_deck_has_the_layouts_the_requests_use() -> None:
    blank = blank_presentation()
    assert blank["slides"] == []
    names = {layout["layoutProperties"]["name"] for layout in blank["layouts"]}
    assert {"BLANK", "TITLE_ONLY"} <= names
    assert magnitude_emu(blank["pageSize"]["width"]) == PAGE_WIDTH == 9_144_000
    assert magnitude_emu(blank["pageSize"]["height"]) == PAGE_HEIGHT == 5_143_500
    scheme = {c["type"] for c in blank["masters"][0]["pageProperties"]["colorScheme"]["colors"]}
    assert {"DARK1", "LIGHT1", "ACCENT1", "ACCENT2"} <= scheme
    assert blank["notesMaster"]["pageType"] == "NOTES_MASTER"
    # Loaded copies are independent: changing one never changes the next.
    blank["slides"].append({"objectId": "intruder"})
    assert blank_presentation()["slides"] == []


def test_requests_are_plain_slides_api_requests() -> None:
    requests = default_template_requests()
    kinds = {next(iter(r)) for r in requests}
    assert "createSlide" in kinds and "updatePageElementAltText" in kinds
    slides = [r["createSlide"] for r in requests if "createSlide" in r]
    assert [s["slideLayoutReference"] for s in slides] == [{"predefinedLayout": "BLANK"}] * 6
    json.dumps(requests)  # plain JSON, ready for a real batchUpdate


def test_each_role_has_one_prototype_slide_with_all_regions(template: dict[str, Any]) -> None:
    roles_by_slide: dict[str, set[str]] = {}
    for page in template["slides"]:
        tags = regions(page)
        roles_by_slide[page["objectId"]] = {tag.split(":")[1].split(".")[0] for tag in tags}
        for role in roles_by_slide[page["objectId"]]:
            wanted = {f"slidegen:{role}.{region}" for region in (*ROLES[role], "footer")}
            assert set(tags) == wanted, page["objectId"]
    assert [next(iter(r)) for r in roles_by_slide.values()] == list(ROLES)
    assert all(len(r) == 1 for r in roles_by_slide.values())


def test_every_element_sits_inside_the_slide_with_a_valid_unique_id(
    template: dict[str, Any],
) -> None:
    seen: set[str] = set()
    for page in template["slides"]:
        assert is_valid_object_id(page["objectId"])
        for element in walk(page["pageElements"]):
            object_id = element["objectId"]
            assert is_valid_object_id(object_id) and object_id not in seen, object_id
            seen.add(object_id)
            x, y, width, height = box(element)
            assert x >= 0 and y >= 0, object_id
            assert x + width <= PAGE_WIDTH and y + height <= PAGE_HEIGHT, object_id


def test_content_regions_use_the_full_width_inside_the_margins(template: dict[str, Any]) -> None:
    for page in template["slides"]:
        content = [
            box(element)
            for tag, element in regions(page).items()
            if tag.split(".")[1] not in TEXT_REGIONS
        ]
        if not content:
            continue
        assert min(x for x, _, _, _ in content) == MARGIN, page["objectId"]
        assert max(x + w for x, _, w, _ in content) == PAGE_WIDTH - MARGIN, page["objectId"]


def test_text_regions_carry_their_style(template: dict[str, Any]) -> None:
    for page in template["slides"]:
        for tag, element in regions(page).items():
            role, region = tag.removeprefix("slidegen:").split(".")
            if region not in TEXT_REGIONS:
                continue
            text = element["shape"]["text"]
            style = first_run_style(text)
            assert style["fontFamily"] == "Arial", tag
            if region == "heading":
                assert plain(text) == BY_ROLE[role].title
                assert style["bold"] is True
                assert magnitude_emu(style["fontSize"]) == 24 * EMU_PER_PT
                colour = style["foregroundColor"]["opaqueColor"]["rgbColor"]
                assert round(colour["red"] * 255) == 0x2B and round(colour["blue"] * 255) == 0x6B


def test_tables_have_the_documented_columns(template: dict[str, Any]) -> None:
    for page in template["slides"]:
        for tag, element in regions(page).items():
            role, region = tag.removeprefix("slidegen:").split(".")
            if region != "table":
                continue
            table = element["table"]
            assert table["rows"] == 2
            headers = [plain(cell.get("text")) for cell in table["tableRows"][0]["tableCells"]]
            assert headers == TABLE_HEADERS[role]
            assert all(plain(c.get("text")) for c in table["tableRows"][1]["tableCells"])
            widths = [magnitude_emu(c["columnWidth"]) for c in table["tableColumns"]]
            assert sum(widths) == PAGE_WIDTH - 2 * MARGIN
            assert min(widths) >= 406_400
            header_cell = table["tableRows"][0]["tableCells"][0]
            header_fill = header_cell["tableCellProperties"]["tableCellBackgroundFill"]
            assert header_fill["solidFill"]["color"]["rgbColor"]["blue"] > 0.4
            assert first_run_style(header_cell["text"])["bold"] is True


def test_area_regions_are_visible_to_a_designer(template: dict[str, Any]) -> None:
    areas = 0
    for page in template["slides"]:
        for tag, element in regions(page).items():
            if "shape" not in element or tag.split(".")[1] in TEXT_REGIONS:
                continue
            areas += 1
            outline = element["shape"]["shapeProperties"]["outline"]
            assert outline["dashStyle"] == "DASH"
            assert tag in plain(element["shape"].get("text"))
    assert areas == 6


def test_template_reads_as_a_template(template: dict[str, Any]) -> None:
    reader = pytest.importorskip("slidegen.layout.template")
    info = reader.read_template(template)
    assert set(info.prototypes) == set(ROLES)
    stakeholders = info.prototypes["stakeholders"].regions["table"].table
    assert stakeholders is not None and len(stakeholders.column_weights) == 6


def test_template_exports_to_pptx(template: dict[str, Any], tmp_path: Path) -> None:
    target = tmp_path / "template.pptx"
    export_pptx(template, target)
    result = Presentation(str(target))
    assert len(result.slides) == len(ROLES)
    descriptions = {
        c_nv_pr.get("descr")
        for page in result.slides
        for c_nv_pr in page._element.iter(qn("p:cNvPr"))
        if c_nv_pr.get("descr")
    }
    expected = {
        f"slidegen:{role}.{region}"
        for role, names in ROLES.items()
        for region in (*names, "footer")
    }
    assert descriptions == expected
