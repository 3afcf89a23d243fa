"""Check that a Google build would work, one named check at a time, each with its fix.

The checks run in order and each says pass, warn, fail or skip (skipped when
something it depends on failed). A build would work exactly when none failed.

    credentials   found, and of which kind (OAuth token, service account, ADC)
    token         an access token can be had now, and how long it stays valid
    scopes        the scopes Google granted against the ones slidegen needs
    drive_api     the Drive API answers (it is enabled for the project)
    slides_api    the Slides API answers
    account       who the calls are made as
    clock         the local clock agrees with Google's (tokens depend on it)
    quota         storage left for copies; the write quota Google does not report
    template      the template is readable and carries every tag
    folder        the output folder takes new files (a Shared Drive one for a service account)
    copy          a test copy of the template is made, labelled, and deleted

Every call goes straight to the API without retries, so a failure is reported
as Google gave it.
"""

from __future__ import annotations

import datetime as dt
import email.utils
import re
import time
import uuid
from collections.abc import Callable, Mapping
from dataclasses import asdict, dataclass, field
from typing import Any

import google.auth.exceptions
import requests
from google.auth.transport.requests import Request
from googleapiclient.errors import HttpError

from slidegen.backends.google.auth import (
    DEFAULT_SCOPES,
    LOGIN_HINT,
    SCOPE_DRIVE,
    SCOPE_DRIVE_FILE,
    Identity,
    load_identity,
    refresh_error,
)
from slidegen.backends.google.backend import GoogleBackend
from slidegen.backends.google.client import (
    DEFAULT_TIMEOUT,
    Services,
    build_services,
    emulator_host,
)
from slidegen.backends.google.failures import ApiFailure, api_failure
from slidegen.backends.google.retry import RetryPolicy
from slidegen.config import Config
from slidegen.errors import AuthError, SlidegenError

PASS, WARN, FAIL, SKIP = "pass", "warn", "fail", "skip"
TOKENINFO_URL = "https://oauth2.googleapis.com/tokeninfo"
CLOCK_WARN_SECONDS = 60.0
CLOCK_FAIL_SECONDS = 300.0
"""Google refuses signed assertions more than five minutes off its own clock."""
TOKEN_MIN_SECONDS = 60.0
PROBE_PRESENTATION = "slidegen-doctor-probe-does-not-exist"
DOCTOR_PROPERTY = "slidegen_doctor"
API_LIBRARY = "https://console.cloud.google.com/apis/library/{}.googleapis.com"
_CONSOLE_URL = re.compile(r"https://console\.(?:developers|cloud)\.google\.com/\S+")

TokenInfo = Callable[[str], dict[str, Any]]
"""Ask Google what an access token carries (scope, expires_in, email)."""


@dataclass
class Check:
    """One check's outcome: what was found and, when it failed, what to do."""

    name: str
    status: str
    detail: str
    fix: str | None = None
    data: dict[str, Any] = field(default_factory=dict)

    def line(self) -> str:
        """Return the check as one line (plus its fix on the next)."""
        text = f"{self.status.upper():<4}  {self.name:<11} {self.detail}"
        if self.fix and self.status in (FAIL, WARN):
            text += f"\n      fix: {self.fix}"
        return text


@dataclass
class DoctorReport:
    """Every check, in the order they ran."""

    checks: list[Check] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        """Return True when no check failed: a build would work."""
        return all(check.status != FAIL for check in self.checks)

    def get(self, name: str) -> Check:
        """Return the check called `name`."""
        return next(check for check in self.checks if check.name == name)

    def text(self) -> str:
        """Return the readable report."""
        lines = [check.line() for check in self.checks]
        failed = [check.name for check in self.checks if check.status == FAIL]
        if failed:
            lines.append(f"a build would NOT work: {', '.join(failed)} failed")
        else:
            lines.append("a build would work")
        return "\n".join(lines)

    def to_json(self) -> list[dict[str, Any]]:
        """Return the checks as JSON data."""
        return [asdict(check) for check in self.checks]


def fetch_tokeninfo(token: str, timeout: float = 10.0) -> dict[str, Any]:
    """Return what Google's tokeninfo endpoint says about an access token."""
    response = requests.get(TOKENINFO_URL, params={"access_token": token}, timeout=timeout)
    data: dict[str, Any] = response.json()
    if response.status_code != 200:
        raise ValueError(data.get("error_description") or data.get("error") or response.text)
    return data


def _api_disabled(failure: ApiFailure) -> bool:
    text = failure.message.lower()
    return failure.status == 403 and (
        failure.reason in {"accessNotConfigured", "SERVICE_DISABLED"}
        or "has not been used in project" in text
        or "is disabled" in text
    )


def _enable_fix(api: str, failure: ApiFailure) -> str:
    link = _CONSOLE_URL.search(failure.message)
    where = link.group(0).rstrip(".") if link else API_LIBRARY.format(api)
    return f"enable the API for the credentials' Cloud project at {where}, wait a minute, rerun"


def _describe_failure(failure: ApiFailure) -> str:
    return f"HTTP {failure.status}: {failure.message}"


def _is_service_account(identity: Identity | None) -> bool:
    if identity is None:
        return False
    if identity.method == "service_account":
        return True
    return identity.method == "adc" and bool(
        getattr(identity.credentials, "service_account_email", None)
    )


class Doctor:
    """Run the checks against Google (or the emulator) for one configuration."""

    def __init__(
        self,
        config: Config,
        *,
        template_id: str | None = None,
        environ: Mapping[str, str] | None = None,
        tokeninfo: TokenInfo = fetch_tokeninfo,
        clock: Callable[[], float] = time.time,
        timeout: float = DEFAULT_TIMEOUT,
        identity_loader: Callable[[], Identity] | None = None,
        services_factory: Callable[[Identity | None], Services] | None = None,
        policy: RetryPolicy | None = None,
    ) -> None:
        self.config = config
        self.template_id = template_id or config.template.google_id
        self.environ = environ
        self.tokeninfo = tokeninfo
        self.clock = clock
        self.timeout = timeout
        self.host = emulator_host(environ)
        self.identity_loader = identity_loader or (
            lambda: load_identity(config.google, environ=environ)
        )
        self.services_factory = services_factory or self._services
        self.policy = policy or RetryPolicy(max_attempts=2)
        """Retries for the test copy's calls (the probes are sent once)."""
        self.report = DoctorReport()
        self.identity: Identity | None = None
        self.services: Services | None = None
        self.who = "the signed-in account"
        self.about: dict[str, Any] = {}
        self.template: dict[str, Any] | None = None
        self.folder: dict[str, Any] | None = None

    def _services(self, identity: Identity | None) -> Services:
        if self.host is not None:
            return build_services(None, timeout=self.timeout, emulator=self.host)
        assert identity is not None
        return build_services(identity.credentials, timeout=self.timeout)

    # -- recording -------------------------------------------------------------------

    def _add(
        self, name: str, status: str, detail: str, fix: str | None = None, **data: Any
    ) -> bool:
        self.report.checks.append(Check(name, status, detail, fix, data))
        return status != FAIL

    def _skip(self, name: str, because: str) -> None:
        self._add(name, SKIP, f"not checked: {because}")

    def _execute(self, request: Any) -> tuple[dict[str, Any] | None, ApiFailure | str | None]:
        """Send one call; return (answer, None) or (None, what went wrong)."""
        try:
            return request.execute(), None
        except HttpError as error:
            return None, api_failure(error)
        except google.auth.exceptions.RefreshError as error:
            return None, str(refresh_error(error, self.who))
        except (
            google.auth.exceptions.GoogleAuthError,
            requests.RequestException,
            OSError,
        ) as error:
            return None, f"no answer from Google ({type(error).__name__}: {error})"

    # -- the checks ------------------------------------------------------------------

    def run(self) -> DoctorReport:
        """Run every check and return the report."""
        if not self.check_credentials():
            for name in ("token", "scopes", "drive_api", "slides_api", "account", "clock"):
                self._skip(name, "no usable credentials")
            for name in ("quota", "template", "folder", "copy"):
                self._skip(name, "no usable credentials")
            return self.report
        token_ok = self.check_token()
        self.check_scopes()
        self.services = self.services_factory(self.identity)
        if not token_ok:
            for name in ("drive_api", "slides_api", "account", "clock", "quota"):
                self._skip(name, "no access token")
            for name in ("template", "folder", "copy"):
                self._skip(name, "no access token")
            return self.report
        drive_ok = self.check_drive_api()
        slides_ok = self.check_slides_api()
        if drive_ok:
            self.check_account()
            self.check_clock()
            self.check_quota()
        else:
            for name in ("account", "clock", "quota"):
                self._skip(name, "the Drive API did not answer")
        template_ok = self.check_template() if slides_ok else False
        if not slides_ok:
            self._skip("template", "the Slides API did not answer")
        folder_ok = self.check_folder() if drive_ok else False
        if not drive_ok:
            self._skip("folder", "the Drive API did not answer")
        if template_ok and folder_ok:
            self.check_copy()
        else:
            self._skip("copy", "the template or the output folder is not usable")
        return self.report

    def check_credentials(self) -> bool:
        """Find the credentials a build would use and say what kind they are."""
        if self.host is not None:
            self.who = f"the emulator at {self.host}"
            return self._add(
                "credentials",
                PASS,
                f"none needed: SLIDEGEN_EMULATOR_HOST points at the emulator at {self.host}",
                kind="emulator",
            )
        try:
            self.identity = self.identity_loader()
        except AuthError as error:
            message = str(error).split("\n  hint:")[0]
            return self._add(
                "credentials",
                FAIL,
                f"google.auth is {self.config.google.auth}: {message}",
                error.hint or LOGIN_HINT,
                kind=self.config.google.auth,
            )
        except google.auth.exceptions.RefreshError as error:
            auth = refresh_error(error, "the saved account")
            return self._add("credentials", FAIL, str(auth).split("\n  hint:")[0], auth.hint)
        self.who = self.identity.describe()
        kinds = {
            "oauth": "an OAuth user token",
            "service_account": "a service account key",
            "adc": "Application Default Credentials",
        }
        kind = kinds.get(self.identity.method, self.identity.method)
        return self._add(
            "credentials",
            PASS,
            f"{kind} from {self.identity.source}",
            kind=self.identity.method,
            source=self.identity.source,
        )

    def check_token(self) -> bool:
        """Get an access token now and say how long it stays valid."""
        if self.identity is None:
            return self._add("token", PASS, "the emulator takes no token")
        credentials = self.identity.credentials
        if not credentials.valid:
            try:
                credentials.refresh(Request())
            except google.auth.exceptions.RefreshError as error:
                auth = refresh_error(error, self.who)
                fix = auth.hint
                if "jwt" in str(error).lower():
                    fix = "check this machine's clock: Google refuses assertions minutes off"
                return self._add("token", FAIL, str(auth).split("\n  hint:")[0], fix)
            except (google.auth.exceptions.GoogleAuthError, requests.RequestException) as error:
                return self._add(
                    "token",
                    FAIL,
                    f"could not get an access token: {error}",
                    "check the network connection and the credentials file",
                )
        expiry = getattr(credentials, "expiry", None)
        if expiry is None:
            return self._add("token", PASS, "an access token was issued")
        now = dt.datetime.fromtimestamp(self.clock(), dt.UTC).replace(tzinfo=None)
        left = (expiry - now).total_seconds()
        when = expiry.isoformat(timespec="seconds") + "Z"
        if left < TOKEN_MIN_SECONDS:
            return self._add(
                "token",
                FAIL,
                f"the access token expires at {when}, {left:.0f} s from now by this machine's "
                "clock",
                "check this machine's clock; a fresh token should be valid for about an hour",
                expires=when,
            )
        return self._add(
            "token",
            PASS,
            f"access token valid until {when} ({left / 60:.0f} min; refreshed automatically)",
            expires=when,
        )

    def _granted_scopes(self) -> tuple[list[str], str]:
        assert self.identity is not None
        token = getattr(self.identity.credentials, "token", None)
        if token:
            try:
                info = self.tokeninfo(token)
            except (ValueError, requests.RequestException) as error:
                return list(self.identity.scopes), f"as requested (tokeninfo failed: {error})"
            scopes = str(info.get("scope", "")).split()
            if scopes:
                return scopes, "as granted by Google"
        return list(self.identity.scopes), "as requested"

    def check_scopes(self) -> bool:
        """Compare the scopes Google granted with the ones a build needs."""
        needed = list(DEFAULT_SCOPES)
        if self.identity is None:
            return self._add("scopes", PASS, "the emulator checks no scopes", needed=needed)
        granted, how = self._granted_scopes()

        short = ", ".join(scope.rsplit("/", 1)[-1] for scope in granted) or "none"
        if SCOPE_DRIVE in granted:
            return self._add(
                "scopes",
                PASS,
                f"{short} ({how}); drive covers every call",
                granted=granted,
                needed=needed,
            )
        if SCOPE_DRIVE_FILE in granted:
            return self._add(
                "scopes",
                WARN,
                f"{short} ({how}): drive.file reaches only files this app created or a person "
                "picked, so the template must come from `slidegen template push`",
                f"{LOGIN_HINT} without --narrow to grant drive",
                granted=granted,
                needed=needed,
            )
        fix = (
            f"{LOGIN_HINT} (it asks for drive)"
            if self.identity.method == "oauth"
            else f"grant {SCOPE_DRIVE} to the service account's domain-wide delegation, or "
            "share the template and folder with the service account itself"
        )
        return self._add(
            "scopes",
            FAIL,
            f"{short} ({how}); a build needs {SCOPE_DRIVE}",
            fix,
            granted=granted,
            needed=needed,
        )

    def check_drive_api(self) -> bool:
        """Ask Drive who we are: it answers only when the Drive API is enabled."""
        assert self.services is not None
        about, failure = self._execute(
            self.services.drive.about().get(fields="user(emailAddress,displayName),storageQuota")
        )
        if about is not None:
            self.about = about
            return self._add("drive_api", PASS, "the Drive API answers")
        return self._api_failed("drive_api", "drive", "Drive", failure)

    def _api_failed(
        self, name: str, api: str, title: str, failure: ApiFailure | str | None
    ) -> bool:
        if isinstance(failure, ApiFailure):
            if _api_disabled(failure):
                return self._add(
                    name,
                    FAIL,
                    f"the {title} API is not enabled: {failure.message}",
                    _enable_fix(api, failure),
                )
            if failure.status == 401:
                return self._add(
                    name,
                    FAIL,
                    f"Google refused the credentials of {self.who} ({_describe_failure(failure)})",
                    LOGIN_HINT,
                )
            if failure.status == 403 and failure.reason in {
                "insufficientPermissions",
                "ACCESS_TOKEN_SCOPE_INSUFFICIENT",
            }:
                return self._add(
                    name,
                    FAIL,
                    f"the {title} API refused the token's scopes ({failure.message})",
                    f"{LOGIN_HINT} (it asks for {SCOPE_DRIVE})",
                )
            return self._add(
                name,
                FAIL,
                f"the {title} API failed: {_describe_failure(failure)}",
                "run again in a minute; if it persists, check https://www.google.com/appsstatus",
            )
        return self._add(
            name, FAIL, f"the {title} API did not answer: {failure}", "check the network connection"
        )

    def check_slides_api(self) -> bool:
        """Read the template (or a probe ID): any answer but 'disabled' means Slides is enabled."""
        assert self.services is not None
        target = self.template_id or PROBE_PRESENTATION
        deck, failure = self._execute(
            self.services.slides.presentations().get(presentationId=target)
        )
        if deck is not None:
            self.template = deck
            return self._add("slides_api", PASS, "the Slides API answers")
        answered = isinstance(failure, ApiFailure) and (
            failure.status in (400, 404) or (failure.status == 403 and bool(self.template_id))
        )
        if answered and isinstance(failure, ApiFailure) and not _api_disabled(failure):
            # The API answered; whether the template is readable is the template check's job.
            self.template = {"failure": failure}
            return self._add("slides_api", PASS, "the Slides API answers")
        return self._api_failed("slides_api", "slides", "Slides", failure)

    def check_account(self) -> bool:
        """Say who the calls are made as, and whether that is who the credentials name."""
        user = self.about.get("user") or {}
        email = user.get("emailAddress")
        if not email:
            return self._add(
                "account", WARN, "Drive did not say who the caller is", None, email=None
            )
        delegated = self.config.google.subject
        if delegated and email.lower() != delegated.lower():
            return self._add(
                "account",
                FAIL,
                f"calls are made as {email}, not as google.subject {delegated}",
                "grant the service account domain-wide delegation in the Admin console "
                f"(Security → API controls) for {SCOPE_DRIVE}",
                email=email,
            )
        kind = "a service account" if _is_service_account(self.identity) else "this account"
        detail = f"calls are made as {email}"
        if delegated:
            detail += " (domain-wide delegation works)"
        elif kind == "a service account":
            detail += " (a service account: it sees only what is shared with it)"
        return self._add("account", PASS, detail, email=email)

    def check_clock(self) -> bool:
        """Compare this machine's clock with the Date of Google's last answer."""
        http = self.services.http if self.services is not None else None
        stamp = http.last_date if http is not None else None
        parsed = email.utils.parsedate_to_datetime(stamp) if stamp else None
        if parsed is None:
            return self._add("clock", WARN, "Google's answer carried no Date to compare with")
        skew = self.clock() - parsed.timestamp()
        direction = "ahead of" if skew > 0 else "behind"
        detail = f"this machine's clock is {abs(skew):.0f} s {direction} Google's"
        if abs(skew) < 2:
            # The Date header has whole seconds: closer than that cannot be told.
            detail = "this machine's clock agrees with Google's (to the second)"
        fix = "set the clock from the network (e.g. `timedatectl set-ntp true`)"
        if abs(skew) >= CLOCK_FAIL_SECONDS:
            return self._add(
                "clock",
                FAIL,
                detail + "; tokens are judged by Google's clock, so they will be refused",
                fix,
                skew_seconds=round(skew),
            )
        if abs(skew) >= CLOCK_WARN_SECONDS:
            return self._add("clock", WARN, detail, fix, skew_seconds=round(skew))
        return self._add("clock", PASS, detail, skew_seconds=round(skew))

    def check_quota(self) -> bool:
        """Report the storage left for copies; Google does not report the write quota."""
        quota = self.about.get("storageQuota") or {}
        limit, usage = quota.get("limit"), quota.get("usage")
        writes = self.config.sync.writes_per_minute
        unreported = (
            "Google does not report the remaining Slides write quota (60 writes/min per "
            f"user); sync stays under {writes}/min"
        )
        if limit is None:
            return self._add(
                "quota", PASS, f"storage: unlimited; {unreported}", limit=limit, usage=usage
            )
        left = int(limit) - int(usage or 0)
        on_shared = self._folder_drive() is not None
        if left > 0 or on_shared:
            where = "copies go to a Shared Drive" if on_shared and left <= 0 else None
            text = where or f"{left / 1024**3:.1f} GiB of Drive storage left"
            return self._add("quota", PASS, f"{text}; {unreported}", limit=limit, usage=usage)
        sa = _is_service_account(self.identity)
        fix = (
            "set google.folder_id to a folder on a Shared Drive the service account is a "
            "Content manager of, or set google.subject for domain-wide delegation"
            if sa
            else "free up Drive storage, or set google.folder_id to a Shared Drive folder"
        )
        why = "a service account has no Drive storage" if sa else "Drive storage is full"
        return self._add(
            "quota",
            FAIL,
            f"{why} (limit {limit}, used {usage})",
            fix,
            limit=limit,
            usage=usage,
        )

    def _folder_drive(self) -> str | None:
        folder_id = self.config.google.folder_id
        if not folder_id or self.services is None:
            return None
        if self.folder is None:
            found, _failure = self._execute(
                self.services.drive.files().get(
                    fileId=folder_id,
                    fields="id,name,mimeType,driveId,capabilities(canAddChildren)",
                    supportsAllDrives=True,
                )
            )
            self.folder = found or {}
        drive = self.folder.get("driveId")
        return str(drive) if drive else None

    def check_template(self) -> bool:
        """Read the template and check its tags the way `template inspect` does."""
        from slidegen.templates.inspection import inspect_template

        if not self.template_id:
            return self._add(
                "template",
                FAIL,
                "no template given",
                "pass --template-id ID (the part after /d/ in the deck's URL) or set "
                "template.google_id; `slidegen template push` makes one",
            )
        deck = self.template or {}
        failure = deck.get("failure")
        if isinstance(failure, ApiFailure):
            return self._add(
                "template",
                FAIL,
                f"template {self.template_id} cannot be read by {self.who} "
                f"({_describe_failure(failure)})",
                f"check the ID and share the template with {self.who} (Viewer is enough)",
            )
        report = inspect_template(deck)
        if not report["usable"]:
            missing = "; ".join(
                f"{role}: {', '.join(regions)}" for role, regions in report["missing"].items()
            )
            reasons = [text for text in (missing and f"missing {missing}",) if text]
            reasons += report["problems"]
            if report["layout_error"]:
                reasons.append(report["layout_error"])
            return self._add(
                "template",
                FAIL,
                f"'{report['title']}' is not usable: {'; '.join(reasons)}",
                f"tag the regions (alt text `slidegen:ROLE.REGION`); `slidegen template inspect "
                f"{self.template_id}` lists them",
                missing=report["missing"],
                problems=report["problems"],
            )
        return self._add(
            "template",
            PASS,
            f"'{report['title']}' is readable and tagged ({len(report['slides'])} slides)",
        )

    def check_folder(self) -> bool:
        """Check the output folder takes new files, on a Shared Drive for a service account."""
        folder_id = self.config.google.folder_id
        service_account = _is_service_account(self.identity) and not self.config.google.subject
        shared_fix = (
            "set google.folder_id to a folder on a Shared Drive where the service account is a "
            "Content manager, or set google.subject to act for a user (domain-wide delegation)"
        )
        if not folder_id:
            if service_account:
                return self._add(
                    "folder",
                    FAIL,
                    "no google.folder_id: a service account's copies would need My Drive "
                    "storage, which service accounts do not have",
                    shared_fix,
                )
            return self._add("folder", PASS, "no google.folder_id: copies land beside the template")
        self._folder_drive()
        folder = self.folder or {}
        if not folder:
            return self._add(
                "folder",
                FAIL,
                f"folder {folder_id} was not found or is not shared with {self.who}",
                f"check google.folder_id and share the folder with {self.who} as an editor",
            )
        name = folder.get("name", folder_id)
        if folder.get("mimeType") != "application/vnd.google-apps.folder":
            return self._add(
                "folder",
                FAIL,
                f"google.folder_id {folder_id} ('{name}') is not a folder",
                "set google.folder_id to the ID after /folders/ in the folder's URL",
            )
        if not (folder.get("capabilities") or {}).get("canAddChildren"):
            return self._add(
                "folder",
                FAIL,
                f"{self.who} cannot add files to '{name}'",
                f"give {self.who} Editor (Content manager on a Shared Drive) access to it",
            )
        drive = folder.get("driveId")
        if service_account and not drive:
            return self._add(
                "folder",
                FAIL,
                f"'{name}' is in My Drive, where a service account cannot store copies",
                shared_fix,
            )
        where = f"on Shared Drive {drive}" if drive else "in My Drive"
        return self._add("folder", PASS, f"'{name}' takes new files ({where})", shared=bool(drive))

    def check_copy(self) -> bool:
        """Copy the template as a build would, check the copy's label, and delete it."""
        assert self.services is not None and self.template_id is not None
        backend = GoogleBackend(
            self.services,
            who=self.who,
            folder_id=self.config.google.folder_id,
            policy=self.policy,
        )
        marker = uuid.uuid4().hex[:12]
        stamp = dt.datetime.fromtimestamp(self.clock(), dt.UTC).strftime("%Y-%m-%d %H:%M")
        try:
            copy_id = backend.copy_template(
                self.template_id, f"slidegen doctor check {stamp}", {DOCTOR_PROPERTY: marker}
            )
        except SlidegenError as error:
            return self._add(
                "copy",
                FAIL,
                f"the template could not be copied: {str(error).split(chr(10))[0]}",
                getattr(error, "hint", None) or f"share the template with {self.who}",
            )
        problems: list[str] = []
        try:
            if backend.get_properties(copy_id).get(DOCTOR_PROPERTY) != marker:
                problems.append("the copy did not keep its app properties (sync relies on them)")
        except SlidegenError as error:
            problems.append(f"the copy's app properties could not be read: {error}")
        try:
            backend.delete_deck(copy_id)
        except SlidegenError as error:
            return self._add(
                "copy",
                FAIL,
                f"a test copy was made but could not be deleted: {error}",
                f"delete it by hand: {backend.deck_url(copy_id)}; give {self.who} permission "
                "to delete files in the folder",
            )
        how = "deleted" if not backend.recoveries else "moved to the trash"
        if problems:
            return self._add(
                "copy", FAIL, "; ".join(problems), "report this with `slidegen doctor --json`"
            )
        return self._add("copy", PASS, f"a test copy was made, labelled and {how}")


def run_doctor(config: Config, **options: Any) -> DoctorReport:
    """Run every check for `config` and return the report (see `Doctor` for options)."""
    return Doctor(config, **options).run()
