"""The conformance suite against real Google: runs only with credentials and a template.

SLIDEGEN_LIVE_TEMPLATE_ID   a tagged template deck the credentials can copy
SLIDEGEN_LIVE_AUTH          oauth (default; uses the saved token), service_account or adc
SLIDEGEN_LIVE_FOLDER_ID     optional folder (a Shared Drive folder for a service account)
SLIDEGEN_LIVE_REPORT_DIR    where conformance.json and conformance.md go (default build/conformance)
SLIDEGEN_LIVE_THUMBNAILS    a folder: save each slide's thumbnail beside the offline render
SLIDEGEN_LIVE_RECORD        a folder: save every batch as a scrubbed fixture
SLIDEGEN_LIVE_KEEP=1        keep the decks in Drive (default: delete them)

pytest -m live tests/test_live_conformance.py
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from slidegen.backends.google.auth import load_identity
from slidegen.backends.google.backend import GoogleBackend
from slidegen.backends.google.client import EMULATOR_ENV
from slidegen.config import Config, GoogleConfig
from slidegen.conformance.runner import ConformanceOptions, run_conformance
from slidegen.doctor import run_doctor
from slidegen.errors import AuthError

pytestmark = pytest.mark.live

TEMPLATE_ID = os.environ.get("SLIDEGEN_LIVE_TEMPLATE_ID", "")


def _folder(name: str) -> Path | None:
    value = os.environ.get(name)
    return Path(value) if value else None


def test_google_agrees_with_the_offline_engine(monkeypatch: pytest.MonkeyPatch) -> None:
    if not TEMPLATE_ID:
        pytest.skip("set SLIDEGEN_LIVE_TEMPLATE_ID to run against real Google")
    monkeypatch.delenv(EMULATOR_ENV, raising=False)
    google = GoogleConfig(
        auth=os.environ.get("SLIDEGEN_LIVE_AUTH", "oauth"),
        folder_id=os.environ.get("SLIDEGEN_LIVE_FOLDER_ID") or None,
    )
    config = Config(google=google)
    try:
        identity = load_identity(google)
    except AuthError as error:
        pytest.skip(f"no usable Google credentials: {error}")
    doctor = run_doctor(config, template_id=TEMPLATE_ID)
    assert doctor.ok, doctor.text()
    backend = GoogleBackend.from_config(config, template_id=TEMPLATE_ID, identity=identity)
    options = ConformanceOptions(
        template_id=TEMPLATE_ID,
        keep=os.environ.get("SLIDEGEN_LIVE_KEEP") == "1",
        thumbnails=_folder("SLIDEGEN_LIVE_THUMBNAILS"),
        record=_folder("SLIDEGEN_LIVE_RECORD"),
        writes_per_minute=config.sync.writes_per_minute,
    )

    report = run_conformance(backend, config, options, service="google")

    report_dir = _folder("SLIDEGEN_LIVE_REPORT_DIR") or Path("build/conformance")
    _json_path, text_path = report.write(report_dir)
    assert report.ok, f"see {text_path}\n{report.summary()}"
