from __future__ import annotations

import datetime as dt
import struct
import zlib
from pathlib import Path
from typing import Any

import pytest
from PIL import Image
from pptx import Presentation as PptxPresentation
from pptx.enum.shapes import MSO_SHAPE_TYPE
from pydantic import ValidationError

from slidegen.backends.base import BatchResult, Request
from slidegen.backends.google.backend import GoogleBackend
from slidegen.backends.google.client import Services
from slidegen.backends.offline.backend import OfflineBackend
from slidegen.backends.registry import OFFLINE_TEMPLATE_ID, make_backend
from slidegen.config import Config
from slidegen.errors import BackendError, InputError, RequestError, SlidegenError, TemplateError
from slidegen.export.pptx import default_image_loader, export_pptx
from slidegen.layout.check import check_deck
from slidegen.pipeline import build_deck, deck_name
from slidegen.plan.model import Plan

TODAY = dt.date(2026, 11, 26)


def test_build_copies_reads_and_writes_once(
    example_plan: Plan, default_config: Config, default_template: dict[str, Any]
) -> None:
    backend = OfflineBackend({"tpl": default_template})
    result = build_deck(
        example_plan, default_config, backend, template_id="tpl", name="Deck", today=TODAY
    )
    assert backend.calls.counts == {
        "files.copy": 1,
        "presentations.get": 1,
        "presentations.batchUpdate": 1,
    }
    assert backend.calls.writes == 2
    assert result.url == backend.deck_url(result.presentation_id)
    assert result.presentation is None
    assert result.body["requests"] == result.requests
    deck = backend.get_deck(result.presentation_id)
    assert deck["title"] == "Deck"
    assert deck["revisionId"] == result.revision_id != result.required_revision_id
    assert check_deck(deck, default_config) == []


def test_fetch_returns_the_finished_deck(
    minimal_plan: Plan, default_config: Config, default_template: dict[str, Any]
) -> None:
    backend = OfflineBackend({"tpl": default_template})
    result = build_deck(
        minimal_plan, default_config, backend, template_id="tpl", name="D", today=TODAY, fetch=True
    )
    assert result.presentation is not None
    assert result.presentation["revisionId"] == result.revision_id
    assert backend.calls.counts["presentations.get"] == 2


class CopyCounting(OfflineBackend):
    """An offline backend that counts the copies of a deck it hands out."""

    def __init__(self, templates: dict[str, Any]) -> None:
        super().__init__(templates)
        self.copies = 0

    def get_deck(self, presentation_id: str) -> dict[str, Any]:
        self.copies += 1
        return super().get_deck(presentation_id)


def test_an_exported_deck_is_read_in_place_not_copied(
    minimal_plan: Plan, default_config: Config, default_template: dict[str, Any], tmp_path: Path
) -> None:
    backend = CopyCounting({"tpl": default_template})
    output = tmp_path / "deck.pptx"
    result = build_deck(
        minimal_plan, default_config, backend, template_id="tpl", name="D", today=TODAY,
        output=output,
    )  # fmt: skip
    # The template is read once to lay it out; the finished deck is read without a copy.
    assert backend.copies == 1
    assert backend.calls.counts["presentations.get"] == 2
    assert result.presentation is None
    assert result.path == output
    deck = backend.get_deck(result.presentation_id)
    shown = [s for s in deck["slides"] if not s["slideProperties"].get("isSkipped")]
    assert len(PptxPresentation(str(output)).slides) == len(shown) > 0


class FailingWrites(OfflineBackend):
    """An offline backend whose batchUpdate is refused."""

    def batch_update(
        self, presentation_id: str, requests: list[Request], required_revision_id: str | None = None
    ) -> BatchResult:
        self.calls.add("presentations.batchUpdate")
        raise RequestError(3, "Invalid requests[3]: boom", "createShape")


def test_a_failed_fill_deletes_the_copy_and_says_so(
    example_plan: Plan, default_config: Config, default_template: dict[str, Any]
) -> None:
    backend = FailingWrites({"tpl": default_template})
    with pytest.raises(RequestError) as caught:
        build_deck(example_plan, default_config, backend, template_id="tpl", name="D", today=TODAY)
    assert caught.value.index == 3
    assert "offline-1 was deleted" in str(caught.value)
    assert backend.decks == {}
    assert backend.calls.counts["files.delete"] == 1


def test_a_template_without_prototypes_fails_cleanly(
    example_plan: Plan, default_config: Config, default_template: dict[str, Any]
) -> None:
    bare = {**default_template, "slides": default_template["slides"][:1]}
    backend = OfflineBackend({"tpl": bare})
    with pytest.raises(TemplateError, match="was deleted"):
        build_deck(example_plan, default_config, backend, template_id="tpl", name="D", today=TODAY)
    assert backend.decks == {}


def test_a_missing_template_is_a_backend_error(example_plan: Plan, default_config: Config) -> None:
    backend = OfflineBackend({})
    with pytest.raises(BackendError):
        build_deck(example_plan, default_config, backend, template_id="nope", name="D", today=TODAY)


def test_deck_name_follows_the_pattern(example_plan: Plan) -> None:
    config = Config.model_validate({"deck": {"name_pattern": "{customer} / {date}"}})
    assert deck_name(example_plan, config) == "Northwind Freight / 2026-11-20"
    # A pattern no deck could be named by is refused with the configuration.
    with pytest.raises(ValidationError, match=r"uses \{nope\}"):
        Config.model_validate({"deck": {"name_pattern": "{nope}"}})


def test_factory_makes_offline_backends_from_the_default_or_a_file(
    tmp_path: Any, default_config: Config, default_template: dict[str, Any]
) -> None:
    import json

    backend, template_id = make_backend("offline", default_config)
    assert isinstance(backend, OfflineBackend)
    assert template_id == OFFLINE_TEMPLATE_ID
    path = tmp_path / "mine.json"
    custom = {**default_template, "title": "Mine"}
    path.write_text(json.dumps(custom))
    backend, template_id = make_backend("offline", default_config, template_path=path)
    assert isinstance(backend, OfflineBackend)
    assert backend.templates[template_id]["title"] == "Mine"


def test_factory_needs_a_google_template_id(default_config: Config) -> None:
    with pytest.raises(TemplateError, match="template-id"):
        make_backend("google", default_config)
    with pytest.raises(BackendError, match="unknown backend") as unknown:
        make_backend("carrier-pigeon", default_config)
    assert unknown.value.hint == "choose one of: offline, google"


def plan_with_image(image: str) -> Plan:
    return Plan.model_validate(
        {
            "customer": "Acme Rockets",
            "opportunity": {"name": "Acme Rockets platform FY27"},
            "prepared_by": {"name": "Sam Lee"},
            "date": "2026-03-02",
            "architecture": {"current": {"image": image, "summary": "As the customer drew it"}},
        }
    )


def tiny_png(path: Path) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    Image.new("RGB", (4, 3), (200, 30, 30)).save(path)
    return path


def images_in(deck: dict[str, Any]) -> list[str]:
    return [
        element["image"]["sourceUrl"]
        for slide in deck["slides"]
        for element in slide.get("pageElements", [])
        if "image" in element
    ]


def test_a_local_image_beside_the_plan_ends_up_embedded_in_the_pptx(
    tmp_path: Path, default_config: Config, default_template: dict[str, Any]
) -> None:
    picture = tiny_png(tmp_path / "plans" / "diagrams" / "now.png")
    backend = OfflineBackend({"tpl": default_template})
    result = build_deck(
        plan_with_image("diagrams/now.png"),
        default_config,
        backend,
        template_id="tpl",
        name="D",
        today=TODAY,
        fetch=True,
        base_dir=tmp_path / "plans",
    )
    assert result.presentation is not None
    assert images_in(result.presentation) == [picture.resolve().as_uri()]
    out = tmp_path / "deck.pptx"
    export_pptx(result.presentation, out, drop_skipped=True)
    pictures = [
        shape
        for slide in PptxPresentation(str(out)).slides
        for shape in slide.shapes
        if shape.shape_type == MSO_SHAPE_TYPE.PICTURE
    ]
    assert len(pictures) == 1
    assert pictures[0].image.size == (4, 3)
    assert pictures[0].image.blob == picture.read_bytes()


def test_a_web_image_keeps_its_url(
    default_config: Config, default_template: dict[str, Any]
) -> None:
    url = "https://example.com/current.png"
    backend = OfflineBackend({"tpl": default_template})
    result = build_deck(
        plan_with_image(url), default_config, backend, template_id="tpl", name="D", today=TODAY
    )
    assert images_in(backend.get_deck(result.presentation_id)) == [url]
    assert backend.issued_image_urls == set()


def test_a_missing_local_image_names_the_field_and_path_before_any_copy(
    tmp_path: Path, default_config: Config, default_template: dict[str, Any]
) -> None:
    backend = OfflineBackend({"tpl": default_template})
    with pytest.raises(InputError) as caught:
        build_deck(
            plan_with_image("diagrams/gone.png"),
            default_config,
            backend,
            template_id="tpl",
            name="D",
            today=TODAY,
            base_dir=tmp_path,
        )
    message = str(caught.value)
    assert "architecture.current.image" in message
    assert str(tmp_path / "diagrams" / "gone.png") in message
    assert backend.calls.total == 0


def test_google_refuses_a_local_image_and_says_how_to_host_it(
    tmp_path: Path, default_config: Config
) -> None:
    picture = tiny_png(tmp_path / "now.png")
    backend = GoogleBackend(Services(slides=None, drive=None))
    with pytest.raises(BackendError) as caught:
        build_deck(
            plan_with_image("now.png"),
            default_config,
            backend,
            template_id="tpl",
            name="D",
            today=TODAY,
            base_dir=tmp_path,
        )
    message = str(caught.value)
    assert "architecture.current.image" in message
    assert str(picture) in message
    assert "https URL" in message
    assert backend.calls.total == 0


def _refusal(plan: Plan, base_dir: Path, config: Config, template: dict[str, Any]) -> str:
    backend = OfflineBackend({"tpl": template})
    with pytest.raises(InputError) as caught:
        build_deck(
            plan, config, backend, template_id="tpl", name="D", today=TODAY, base_dir=base_dir
        )
    assert backend.calls.total == 0
    return str(caught.value)


@pytest.mark.parametrize(
    "image", ["/etc/passwd", "../outside.png", "file:///etc/passwd", "sub/../../outside.png"]
)
def test_a_local_image_outside_the_plans_folder_is_refused(
    tmp_path: Path, default_config: Config, default_template: dict[str, Any], image: str
) -> None:
    tiny_png(tmp_path / "outside.png")
    (tmp_path / "plans").mkdir()
    message = _refusal(plan_with_image(image), tmp_path / "plans", default_config, default_template)
    assert "architecture.current.image" in message and "outside the plan's folder" in message


def test_a_folder_the_config_allows_may_hold_images(
    tmp_path: Path, default_config: Config, default_template: dict[str, Any]
) -> None:
    picture = tiny_png(tmp_path / "shared" / "now.png")
    (tmp_path / "plans").mkdir()
    config = default_config.model_copy(
        update={
            "deck": default_config.deck.model_copy(
                update={"image_folders": [str(tmp_path / "shared")]}
            )
        }
    )
    backend = OfflineBackend({"tpl": default_template})
    result = build_deck(
        plan_with_image(str(picture)),
        config,
        backend,
        template_id="tpl",
        name="D",
        today=TODAY,
        base_dir=tmp_path / "plans",
    )
    assert images_in(backend.get_deck(result.presentation_id)) == [picture.resolve().as_uri()]


@pytest.mark.parametrize(
    ("content", "message"),
    [(b"", "not a readable PNG, JPEG or GIF"), (b"root:x:0:0:root", "not a readable PNG")],
)
def test_a_file_that_is_not_an_image_is_refused(
    tmp_path: Path,
    default_config: Config,
    default_template: dict[str, Any],
    content: bytes,
    message: str,
) -> None:
    (tmp_path / "now.png").write_bytes(content)
    refused = _refusal(plan_with_image("now.png"), tmp_path, default_config, default_template)
    assert message in refused


def test_an_image_of_more_pixels_than_can_be_read_is_refused(
    tmp_path: Path, default_config: Config, default_template: dict[str, Any]
) -> None:
    # A few bytes whose header says 20,000 × 20,000 pixels: the decoder refuses to open it.
    header = struct.pack(">IIBBBBB", 20_000, 20_000, 8, 2, 0, 0, 0)
    chunks = [(b"IHDR", header), (b"IEND", b"")]
    data = b"\x89PNG\r\n\x1a\n" + b"".join(
        struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))
        for kind, body in chunks
    )
    (tmp_path / "now.png").write_bytes(data)
    refused = _refusal(plan_with_image("now.png"), tmp_path, default_config, default_template)
    assert "architecture.current.image" in refused and "too many to place" in refused


@pytest.mark.parametrize(
    ("image", "message"),
    [
        ("~no-such-user-here/now.png", "cannot find the image file '~no-such-user-here/now.png'"),
        ("https://[oops/now.png", "is not a valid address: Invalid IPv6 URL"),
        ("https:///now.png", "names no host"),
    ],
)
def test_an_image_path_or_address_that_names_nothing_is_refused(
    tmp_path: Path,
    default_config: Config,
    default_template: dict[str, Any],
    image: str,
    message: str,
) -> None:
    refused = _refusal(plan_with_image(image), tmp_path, default_config, default_template)
    assert "architecture.current.image" in refused and message in refused


def test_an_image_over_the_size_limit_is_refused_unread(
    tmp_path: Path,
    default_config: Config,
    default_template: dict[str, Any],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import slidegen.pipeline as pipeline

    tiny_png(tmp_path / "now.png")
    monkeypatch.setattr(pipeline, "MAX_IMAGE_BYTES", 10)
    refused = _refusal(plan_with_image("now.png"), tmp_path, default_config, default_template)
    assert "MB; the limit is" in refused


def test_an_image_folder_under_an_unknown_home_folder_is_refused(
    tmp_path: Path, default_config: Config, default_template: dict[str, Any]
) -> None:
    tiny_png(tmp_path / "now.png")
    deck = default_config.deck.model_copy(update={"image_folders": ["~no-such-user-here/pics"]})
    config = default_config.model_copy(update={"deck": deck})
    refused = _refusal(plan_with_image("now.png"), tmp_path, config, default_template)
    assert "deck.image_folders[0]: cannot find the folder" in refused


def test_an_image_address_that_cannot_be_parsed_is_left_unread(tmp_path: Path) -> None:
    picture = tmp_path / "now.png"
    picture.write_bytes(b"bytes")
    assert default_image_loader(str(picture)) == b"bytes"
    assert default_image_loader(picture.as_uri()) == b"bytes"
    assert default_image_loader("https://[oops/now.png") is None


@pytest.mark.parametrize("inches", [0.5, 56.01, 1e300 / 914_400])
def test_a_page_a_pptx_cannot_measure_is_refused_with_its_size(
    tmp_path: Path, inches: float
) -> None:
    side = {"magnitude": inches * 914_400, "unit": "EMU"}
    deck = {"slides": [], "pageSize": {"width": side, "height": side}}
    with pytest.raises(SlidegenError, match=r"a \.pptx page is 1 to 56 in a side"):
        export_pptx(deck, tmp_path / "deck.pptx")
    assert not (tmp_path / "deck.pptx").exists()


def test_a_page_of_one_or_fifty_six_inches_a_side_is_written(tmp_path: Path) -> None:
    for inches in (1, 56):
        side = {"magnitude": inches * 914_400, "unit": "EMU"}
        export_pptx(
            {"slides": [], "pageSize": {"width": side, "height": side}}, tmp_path / "d.pptx"
        )
        assert PptxPresentation(str(tmp_path / "d.pptx")).slide_width == inches * 914_400
