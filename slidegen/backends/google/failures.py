"""Turn Google API failures into slidegen errors a person can act on."""

from __future__ import annotations

import functools
import json
import re
from dataclasses import dataclass
from typing import Any

import google.auth.exceptions
from googleapiclient.discovery_cache import get_static_doc
from googleapiclient.errors import HttpError

from slidegen.backends.google.auth import LOGIN_HINT, refresh_error
from slidegen.backends.google.retry import RetriesExhausted, retry_after_seconds
from slidegen.errors import AuthError, BackendError, RequestError, SlidegenError

_REQUEST_INDEX = re.compile(r"requests\[(\d+)\]\.?(\w+)?")
_SCOPE_PREFIX = "https://www.googleapis.com/auth/"
_SERVICES = {
    "presentations": ("slides", "v1"),
    "files": ("drive", "v3"),
    "permissions": ("drive", "v3"),
}


@dataclass(frozen=True)
class ApiFailure:
    """The parts of a Google error response that decide the message."""

    status: int
    message: str
    api_status: str
    reason: str

    @property
    def lacks_scope(self) -> bool:
        """Return True when the token was refused for missing a scope."""
        return (
            self.reason in {"insufficientPermissions", "ACCESS_TOKEN_SCOPE_INSUFFICIENT"}
            or "insufficient authentication scopes" in self.message.lower()
        )


def api_failure(error: HttpError) -> ApiFailure:
    """Return the status, message and reason inside `error`."""
    body: dict[str, Any] = {}
    try:
        parsed = json.loads(error.content.decode("utf-8", "replace"))
        if isinstance(parsed, dict) and isinstance(parsed.get("error"), dict):
            body = parsed["error"]
    except ValueError:
        pass
    reason = ""
    errors = body.get("errors")
    if isinstance(errors, list) and errors and isinstance(errors[0], dict):
        reason = str(errors[0].get("reason", ""))
    for detail in body.get("details") or []:
        if isinstance(detail, dict) and detail.get("reason"):
            reason = reason or str(detail["reason"])
    message = str(body.get("message") or error.reason or f"HTTP {error.resp.status}")
    return ApiFailure(error.resp.status, message, str(body.get("status", "")), reason)


@functools.cache
def accepted_scopes(call: str) -> tuple[str, ...]:
    """Return the short names of the scopes the discovery document lists for `call`."""
    resource, _, method = call.partition(".")
    service = _SERVICES.get(resource)
    if service is None:
        return ()
    document = json.loads(get_static_doc(*service) or "{}")
    scopes = document.get("resources", {}).get(resource, {}).get("methods", {})
    listed = scopes.get(method, {}).get("scopes", [])
    return tuple(scope.removeprefix(_SCOPE_PREFIX) for scope in listed)


def is_revision_conflict(failure: ApiFailure) -> bool:
    """Return True when a batchUpdate was refused because the deck moved on."""
    return failure.status == 400 and (
        failure.api_status == "FAILED_PRECONDITION" or "revision" in failure.message.lower()
    )


def translate(
    error: BaseException,
    *,
    call: str,
    who: str,
    target: str | None = None,
) -> SlidegenError:
    """Return the slidegen error that explains why `call` on `target` failed for `who`."""
    attempts = 1
    if isinstance(error, RetriesExhausted):
        attempts = error.attempts
        error = error.last_error
    if isinstance(error, SlidegenError):
        return error
    if isinstance(error, google.auth.exceptions.RefreshError):
        return refresh_error(error, who)
    if isinstance(error, google.auth.exceptions.TransportError):
        return AuthError(
            f"{call}: could not reach Google to refresh the sign-in of {who} (no network?)",
            hint="check the connection and run the command again",
        )
    if isinstance(error, google.auth.exceptions.GoogleAuthError):
        # Its text may quote the token server's reply, which may echo secrets: name the kind only.
        return AuthError(
            f"{call}: credentials problem for {who} ({type(error).__name__})", hint=LOGIN_HINT
        )
    if not isinstance(error, HttpError):
        return BackendError(
            f"{call} failed after {attempts} attempt(s): could not get an answer from Google "
            f"({type(error).__name__}: {error})",
            hint="check the network connection, then run the command again",
        )
    failure = api_failure(error)
    status = failure.status
    if status == 401:
        return AuthError(
            f"{call}: Google refused the credentials of {who}", status=401, hint=LOGIN_HINT
        )
    if status == 403 and failure.lacks_scope:
        needed = " or ".join(accepted_scopes(call)) or "a broader"
        return AuthError(
            f"{call} needs the {needed} scope, which the credentials of {who} lack",
            status=403,
            hint=f"{LOGIN_HINT} (it asks for the drive scope), or grant the scope to the "
            "service account's delegation",
        )
    if call == "files.copy" and (
        failure.reason == "storageQuotaExceeded" or "storage quota" in failure.message.lower()
    ):
        return BackendError(
            f"files.copy: {failure.message}",
            status=status,
            hint=(
                "a service account has no My Drive storage: set google.folder_id to a folder in "
                "a Shared Drive the service account is a Content manager of, or set "
                "google.subject to a user so the service account acts for them through "
                "domain-wide delegation"
            ),
        )
    if call == "files.copy" and status in (403, 404):
        return BackendError(
            f"template {target} was not found or cannot be copied by {who} "
            f"(HTTP {status}: {failure.message})",
            status=status,
            hint=(
                f"check the ID (the part after /d/ in the template's URL) and share the "
                f"template with {who} (Viewer is enough)"
            ),
        )
    if status == 404:
        return BackendError(
            f"{call}: {target or 'the file'} was not found or is not shared with {who}",
            status=404,
        )
    if status == 429:
        wait = retry_after_seconds(error, 0.0)
        when = f"in {wait:.0f} s" if wait is not None and wait < 1e6 else "in a minute"
        return BackendError(
            f"{call}: Google's per-minute quota is used up (Slides allows 60 writes per minute "
            f"per user) and {attempts} attempt(s) were refused",
            status=429,
            hint=f"run the command again {when}; other tools using the same account share "
            "the quota",
        )
    if status >= 500:
        return BackendError(
            f"{call}: Google kept failing (HTTP {status}: {failure.message}) after "
            f"{attempts} attempt(s)",
            status=status,
            hint="this is on Google's side; try again in a few minutes",
        )
    if call == "presentations.batchUpdate" and status == 400:
        match = _REQUEST_INDEX.search(failure.message)
        if match:
            return RequestError(int(match.group(1)), failure.message, match.group(2))
        return RequestError(None, failure.message)
    return BackendError(f"{call} failed (HTTP {status}): {failure.message}", status=status)
