"""Slides v1 and Drive v3 service objects from google-api-python-client.

Requests travel over a ``requests`` session rather than httplib2: httplib2
silently re-sends a request once when the connection drops before the status
line, POSTs included, which would turn a lost ``files.copy`` response into a
second copy that nobody knows about. ``requests`` (with urllib3 retries off)
reports the failure instead, and the retry layer decides.

With ``SLIDEGEN_EMULATOR_HOST=host:port`` set, both services talk plain HTTP to
that address without credentials, the way Google's emulators are used.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import httplib2
import requests
from google.auth.credentials import AnonymousCredentials, Credentials
from google.auth.transport.requests import AuthorizedSession
from googleapiclient.discovery import build

from slidegen.emulator.faults import TIMEOUT_MARKER

EMULATOR_ENV = "SLIDEGEN_EMULATOR_HOST"
DEFAULT_TIMEOUT = 60.0


def emulator_host(environ: Mapping[str, str] | None = None) -> str | None:
    """Return the ``host:port`` of the emulator to use, or None for real Google."""
    value = (os.environ if environ is None else environ).get(EMULATOR_ENV, "").strip()
    if not value:
        return None
    return value.removeprefix("http://").rstrip("/")


class SessionHttp:
    """The small part of ``httplib2.Http`` the client library calls, over a requests session."""

    def __init__(
        self, session: requests.Session, timeout: float, *, emulated_faults: bool = False
    ) -> None:
        self.session = session
        self.timeout = timeout
        self.emulated_faults = emulated_faults
        self.last_date: str | None = None
        """The Date header of the last answer (how far the local clock is off)."""

    def request(
        self,
        uri: str,
        method: str = "GET",
        body: bytes | str | None = None,
        headers: Mapping[str, str] | None = None,
        redirections: int = 5,
        connection_type: object = None,
    ) -> tuple[httplib2.Response, bytes]:
        """Send one request; return the response headers and body the way httplib2 does."""
        response = self.session.request(
            method,
            uri,
            data=body,
            headers=dict(headers or {}),
            timeout=self.timeout,
            allow_redirects=redirections > 0,
        )
        if self.emulated_faults and response.headers.get(TIMEOUT_MARKER) == "timeout":
            # The emulator's stand-in for a stall: fail exactly as a real read timeout does.
            response.close()
            raise requests.ReadTimeout(f"emulated read timeout (read timeout={self.timeout})")
        info: dict[str, Any] = {key.lower(): value for key, value in response.headers.items()}
        self.last_date = info.get("date", self.last_date)
        info["status"] = str(response.status_code)
        result = httplib2.Response(info)
        result.reason = response.reason or ""
        return result, response.content

    def close(self) -> None:
        """Release pooled connections."""
        self.session.close()


@dataclass
class Services:
    """The two discovery-built services slidegen uses."""

    slides: Any
    drive: Any
    http: SessionHttp | None = None
    """The transport both services share (None for services built elsewhere)."""


def _session(credentials: Credentials | None) -> requests.Session:
    session = AuthorizedSession(credentials or AnonymousCredentials())
    # urllib3 retries stay off: only the retry layer may repeat a write.
    adapter = requests.adapters.HTTPAdapter(max_retries=0)
    session.mount("http://", adapter)
    session.mount("https://", adapter)
    return session


def build_services(
    credentials: Credentials | None,
    *,
    timeout: float = DEFAULT_TIMEOUT,
    emulator: str | None = None,
) -> Services:
    """Return Slides and Drive services, aimed at `emulator` when one is given."""
    if emulator is not None:
        credentials = AnonymousCredentials()
    http = SessionHttp(_session(credentials), timeout, emulated_faults=emulator is not None)
    slides_options: dict[str, str] = {}
    drive_options: dict[str, str] = {}
    if emulator is not None:
        slides_options = {"api_endpoint": f"http://{emulator}/"}
        drive_options = {"api_endpoint": f"http://{emulator}/drive/v3/"}
    slides = build(
        "slides",
        "v1",
        http=http,
        static_discovery=True,
        cache_discovery=False,
        client_options=slides_options or None,
    )
    drive = build(
        "drive",
        "v3",
        http=http,
        static_discovery=True,
        cache_discovery=False,
        client_options=drive_options or None,
    )
    return Services(slides=slides, drive=drive, http=http)
