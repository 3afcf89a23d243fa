"""`slidegen doctor` against the emulator: every check, passing and failing as Google fails."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import google.auth.exceptions
import jsonschema
import pytest
from click.testing import CliRunner
from google.oauth2.credentials import Credentials as UserCredentials

from slidegen.backends.google.auth import SCOPE_DRIVE, SCOPE_DRIVE_FILE, Identity
from slidegen.backends.google.client import EMULATOR_ENV, build_services
from slidegen.backends.google.retry import RetryPolicy
from slidegen.cli import main
from slidegen.cli.envelope import output_schema
from slidegen.config import Config, GoogleConfig
from slidegen.doctor import FAIL, PASS, SKIP, WARN, Doctor, DoctorReport
from slidegen.emulator import EmulatorServer, Fault
from slidegen.emulator.server import blank_presentation
from slidegen.errors import AuthError

pytest_plugins = ["conftest_google"]

TEMPLATE = "doctor-template-0001"
LOGIN = "run `slidegen auth login`"
NOW = 4_000_000_000.0
"""A fixed time (in 2096) the tests own; tokens expire relative to it."""
DISABLED = (
    "Google Drive API has not been used in project 4242 before or it is disabled. Enable it by "
    "visiting https://console.developers.google.com/apis/api/drive.googleapis.com/overview"
    "?project=4242 then retry."
)


@pytest.fixture
def tagged(emulator: EmulatorServer, default_template: dict[str, Any]) -> str:
    """Store the bundled (fully tagged) template in the emulator; return its ID."""
    return emulator.add_presentation(default_template, file_id=TEMPLATE, name="Team template")


def _statuses(report: DoctorReport) -> dict[str, str]:
    return {check.name: check.status for check in report.checks}


def _no_sleep_policy() -> RetryPolicy:
    return RetryPolicy(max_attempts=2, sleep=lambda _s: None, random=lambda: 0.5)


def _doctor(config: Config | None = None, **options: Any) -> Doctor:
    options.setdefault("template_id", TEMPLATE)
    options.setdefault("policy", _no_sleep_policy())
    return Doctor(config or Config(), **options)


def test_every_check_passes_against_the_emulator_and_the_test_copy_is_gone(
    emulator: EmulatorServer, tagged: str
) -> None:
    before = set(emulator.live_files())

    result = CliRunner().invoke(main, ["doctor", "--template-id", tagged])

    assert result.exit_code == 0, result.output
    names = [line.split()[1] for line in result.output.splitlines() if line[:4] in ("PASS",)]
    assert names == [
        "credentials",
        "token",
        "scopes",
        "drive_api",
        "slides_api",
        "account",
        "clock",
        "quota",
        "template",
        "folder",
        "copy",
    ]
    assert result.output.rstrip().endswith("a build would work")
    assert "emulator@slidegen.invalid" in result.output
    assert set(emulator.live_files()) == before
    assert emulator.applied["files.copy"] == 1
    assert emulator.applied["files.delete"] == 1


def _one_object(stdout: str) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(stdout)
    jsonschema.Draft202012Validator(output_schema()).validate(data)
    return data


def test_json_has_one_object_with_the_outcome_problems_and_checks(
    emulator: EmulatorServer,
) -> None:
    result = CliRunner().invoke(main, ["doctor", "--json"])

    assert result.exit_code == 1
    data = _one_object(result.stdout)
    assert data["command"] == "doctor"
    assert data["ok"] is False
    assert data["exit_code"] == 1
    assert data["problems"] == [
        {
            "file": None,
            "line": None,
            "column": None,
            "path": "template",
            "message": "no template given",
        }
    ]
    assert "--template-id" in data["hint"]
    checks = {check["name"]: check for check in data["checks"]}
    assert checks["template"]["status"] == FAIL
    assert checks["copy"]["status"] == SKIP
    assert checks["drive_api"]["status"] == PASS


def test_json_passing_and_a_broken_config_are_one_object_too(
    emulator: EmulatorServer, tagged: str, tmp_path: Path
) -> None:
    passing = CliRunner().invoke(main, ["doctor", "--template-id", tagged, "--json"])
    assert passing.exit_code == 0
    data = _one_object(passing.stdout)
    assert data["ok"] is True
    assert data["problems"] == []
    assert [check["status"] for check in data["checks"]] == [PASS] * 11

    config = tmp_path / "slidegen.yaml"
    config.write_text("backnd: google\n", encoding="utf-8")
    broken = CliRunner().invoke(main, ["doctor", "--config", str(config), "--json"])
    assert broken.exit_code == 1
    data = _one_object(broken.stdout)
    assert data["problems"][0]["file"] == str(config)
    assert data["problems"][0]["line"] == 1


def test_an_untagged_template_fails_naming_what_is_missing(emulator: EmulatorServer) -> None:
    emulator.add_presentation(blank_presentation(TEMPLATE, "Plain deck"), file_id=TEMPLATE)

    report = _doctor().run()

    template = report.get("template")
    assert template.status == FAIL
    assert "'Plain deck' is not usable" in template.detail
    assert "slidegen:ROLE.REGION" in (template.fix or "")
    assert set(template.data["missing"]) >= {"title", "risks"}
    assert report.get("copy").status == SKIP
    assert not report.ok


def test_a_template_that_is_not_shared_fails_with_the_fix(emulator: EmulatorServer) -> None:
    report = _doctor(template_id="not-shared-template").run()

    assert report.get("slides_api").status == PASS
    template = report.get("template")
    assert template.status == FAIL
    assert "not-shared-template cannot be read" in template.detail
    assert "share the template" in (template.fix or "")


def test_a_disabled_drive_api_is_named_with_the_console_link(
    emulator: EmulatorServer, tagged: str
) -> None:
    emulator.inject("about.get", Fault.status(403, message=DISABLED, reason="accessNotConfigured"))

    report = _doctor().run()

    drive = report.get("drive_api")
    assert drive.status == FAIL
    assert "the Drive API is not enabled" in drive.detail
    assert (
        "https://console.developers.google.com/apis/api/drive.googleapis.com/overview"
        "?project=4242" in (drive.fix or "")
    )
    statuses = _statuses(report)
    assert statuses["account"] == statuses["clock"] == statuses["quota"] == SKIP
    assert statuses["folder"] == statuses["copy"] == SKIP
    assert statuses["template"] == PASS


def test_a_disabled_slides_api_is_found_without_a_template(emulator: EmulatorServer) -> None:
    emulator.inject(
        "presentations.get",
        Fault.status(403, message="Slides API is disabled", reason="SERVICE_DISABLED"),
    )

    report = _doctor(template_id=None).run()

    slides = report.get("slides_api")
    assert slides.status == FAIL
    assert "https://console.cloud.google.com/apis/library/slides.googleapis.com" in (
        slides.fix or ""
    )
    assert report.get("template").status == SKIP


def test_without_a_template_the_slides_api_is_probed_and_passes(
    emulator: EmulatorServer,
) -> None:
    report = _doctor(template_id=None).run()

    assert report.get("slides_api").status == PASS
    assert report.get("template").status == FAIL


def test_a_folder_that_does_not_take_files_fails(emulator: EmulatorServer, tagged: str) -> None:
    emulator.add_folder("locked-folder", "Locked", can_add_children=False)
    config = Config(google=GoogleConfig(folder_id="locked-folder"))

    report = _doctor(config).run()

    folder = report.get("folder")
    assert folder.status == FAIL
    assert "cannot add files to 'Locked'" in folder.detail
    assert report.get("copy").status == SKIP


def test_a_missing_folder_fails(emulator: EmulatorServer, tagged: str) -> None:
    config = Config(google=GoogleConfig(folder_id="no-such-folder"))

    folder = _doctor(config).run().get("folder")

    assert folder.status == FAIL
    assert "no-such-folder was not found" in folder.detail


def test_a_shared_drive_folder_passes_and_the_copy_lands_in_it(
    emulator: EmulatorServer, tagged: str
) -> None:
    emulator.add_folder("team-folder", "Decks", drive_id="drive-0001")
    config = Config(google=GoogleConfig(folder_id="team-folder"))

    report = _doctor(config).run()

    assert report.ok, report.text()
    assert report.get("folder").detail == "'Decks' takes new files (on Shared Drive drive-0001)"
    copies = [body for method, _q, body in emulator.log if method == "files.copy"]
    assert copies[0]["parents"] == ["team-folder"]


def test_a_failed_test_copy_fails_the_copy_check(emulator: EmulatorServer, tagged: str) -> None:
    emulator.inject("files.copy", Fault.status(403, message="The user has not granted access"))

    copy = _doctor().run().get("copy")

    assert copy.status == FAIL
    assert "could not be copied" in copy.detail


def test_a_test_copy_that_cannot_be_deleted_is_named_with_its_link(
    emulator: EmulatorServer, tagged: str
) -> None:
    emulator.inject("files.delete", Fault.status(500), Fault.status(500))

    copy = _doctor().run().get("copy")

    assert copy.status == FAIL
    assert "could not be deleted" in copy.detail
    assert "https://docs.google.com/presentation/d/" in (copy.fix or "")


def test_a_clock_five_minutes_off_fails_and_one_minute_off_warns(
    emulator: EmulatorServer, tagged: str
) -> None:
    emulator.clock = lambda: NOW + 400
    assert _doctor(clock=lambda: NOW).run().get("clock").status == FAIL

    emulator.clock = lambda: NOW - 90
    clock = _doctor(clock=lambda: NOW).run().get("clock")
    assert clock.status == WARN
    assert clock.detail == "this machine's clock is 90 s ahead of Google's"
    assert clock.data["skew_seconds"] == 90


def test_delegation_that_does_not_take_effect_fails_the_account_check(
    emulator: EmulatorServer, tagged: str
) -> None:
    config = Config(google=GoogleConfig(subject="ana@example.com"))

    account = _doctor(config).run().get("account")

    assert account.status == FAIL
    assert "not as google.subject ana@example.com" in account.detail
    assert "domain-wide delegation" in (account.fix or "")


# -- with credentials (the emulator stands in for the APIs) -----------------------------


def _identity(method: str = "oauth", scopes: tuple[str, ...] = (SCOPE_DRIVE,)) -> Identity:
    credentials = UserCredentials(
        token="access-token",
        expiry=dt.datetime.fromtimestamp(NOW + 3000, dt.UTC).replace(tzinfo=None),
        scopes=list(scopes),
    )
    return Identity(
        credentials,
        method=method,
        account="sam@example.com",
        source="token.json",
        scopes=list(scopes),
    )


def _signed_in(
    emulator: EmulatorServer,
    monkeypatch: pytest.MonkeyPatch,
    identity: Identity,
    config: Config | None = None,
    tokeninfo: Callable[[str], dict[str, Any]] | None = None,
) -> Doctor:
    monkeypatch.delenv(EMULATOR_ENV)
    emulator.clock = lambda: NOW
    return _doctor(
        config,
        identity_loader=lambda: identity,
        services_factory=lambda _identity: build_services(None, emulator=emulator.address),
        tokeninfo=tokeninfo or (lambda _token: {"scope": " ".join(identity.scopes)}),
        clock=lambda: NOW,
    )


def test_an_oauth_token_passes_with_its_kind_expiry_and_scopes(
    emulator: EmulatorServer, tagged: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    report = _signed_in(emulator, monkeypatch, _identity()).run()

    assert report.ok, report.text()
    assert report.get("credentials").detail == "an OAuth user token from token.json"
    assert report.get("token").detail.startswith("access token valid until ")
    assert "(50 min;" in report.get("token").detail
    assert report.get("scopes").data == {"granted": [SCOPE_DRIVE], "needed": [SCOPE_DRIVE]}


def test_scopes_are_judged_by_what_google_granted(
    emulator: EmulatorServer, tagged: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    narrow = _signed_in(
        emulator, monkeypatch, _identity(), tokeninfo=lambda _t: {"scope": SCOPE_DRIVE_FILE}
    ).run()
    assert narrow.get("scopes").status == WARN
    assert "as granted by Google" in narrow.get("scopes").detail

    monkeypatch.setenv(EMULATOR_ENV, emulator.address)
    none = _signed_in(
        emulator,
        monkeypatch,
        _identity(),
        tokeninfo=lambda _t: {"scope": "https://www.googleapis.com/auth/presentations"},
    ).run()
    assert none.get("scopes").status == FAIL
    assert "auth login" in (none.get("scopes").fix or "")


def test_missing_credentials_fail_first_and_skip_the_rest(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.delenv(EMULATOR_ENV, raising=False)

    def no_token() -> Identity:
        raise AuthError(
            "not signed in (no token at /x/token.json)", hint="run `slidegen auth login`"
        )

    report = _doctor(identity_loader=no_token).run()

    credentials = report.get("credentials")
    assert credentials.status == FAIL
    assert "not signed in" in credentials.detail
    assert credentials.fix == LOGIN
    assert {check.status for check in report.checks[1:]} == {SKIP}
    assert len(report.checks) == 11


def test_a_refused_assertion_points_at_the_clock(
    emulator: EmulatorServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    identity = _identity(method="service_account")

    def refuse(_request: object) -> None:
        raise google.auth.exceptions.RefreshError(
            "invalid_grant: Invalid JWT: Token must be a short-lived token"
        )

    expired = UserCredentials(token=None, refresh_token="r", scopes=[SCOPE_DRIVE])
    monkeypatch.setattr(expired, "refresh", refuse)
    identity.credentials = expired

    report = _signed_in(emulator, monkeypatch, identity).run()

    token = report.get("token")
    assert token.status == FAIL
    assert "clock" in (token.fix or "")
    assert report.get("template").status == SKIP


def test_a_service_account_needs_a_shared_drive_folder(
    emulator: EmulatorServer, tagged: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    emulator.storage_quota = {"limit": "0", "usage": "0"}
    emulator.add_folder("my-drive-folder", "Mine")
    config = Config(google=GoogleConfig(auth="service_account", folder_id="my-drive-folder"))

    report = _signed_in(emulator, monkeypatch, _identity("service_account"), config).run()

    assert report.get("folder").status == FAIL
    assert "in My Drive, where a service account cannot store copies" in (
        report.get("folder").detail
    )
    assert report.get("quota").status == FAIL
    assert "a service account has no Drive storage" in report.get("quota").detail

    monkeypatch.setenv(EMULATOR_ENV, emulator.address)
    emulator.add_folder("shared-folder", "Team decks", drive_id="drive-7")
    shared = Config(google=GoogleConfig(auth="service_account", folder_id="shared-folder"))
    report = _signed_in(emulator, monkeypatch, _identity("service_account"), shared).run()
    assert report.ok, report.text()
    assert report.get("quota").detail.startswith("copies go to a Shared Drive")
