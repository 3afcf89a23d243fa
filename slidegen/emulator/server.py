"""A loopback HTTP server speaking the Drive v3 and Slides v1 REST calls slidegen uses.

Point the real client at it with ``SLIDEGEN_EMULATOR_HOST=host:port``. Slides
paths live at the root (``/v1/presentations/…``), Drive paths under
``/drive/v3/``. batchUpdate bodies are applied by the strict offline engine,
so a request the real API would refuse is refused here too, in Google's error
shape. Faults queued with :meth:`EmulatorServer.inject` fail the next calls
of a method the ways the real service can fail.
"""

from __future__ import annotations

import copy
import json
import re
import secrets
import threading
import time
from collections import Counter, deque
from collections.abc import Callable
from dataclasses import dataclass, field
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlsplit

from slidegen.emulator.faults import TIMEOUT_MARKER, Fault
from slidegen.errors import RequestError

PRESENTATION_MIME = "application/vnd.google-apps.presentation"
FOLDER_MIME = "application/vnd.google-apps.folder"
ACCOUNT_EMAIL = "emulator@slidegen.invalid"
APP_PROPERTY_BYTES = 124
DEFAULT_STORAGE_LIMIT = 15 * 1024**3
THUMBNAIL_SIZES = {"SMALL": 200, "MEDIUM": 800, "LARGE": 1600}

Json = dict[str, Any]
BatchApplier = Callable[[Json, Json], tuple[Json, Json]]
"""Apply a batchUpdate body to a presentation; return (new presentation, response)."""


class ApiError(Exception):
    """An error answered in Google's JSON shape."""

    def __init__(self, code: int, message: str, reason: str = "", status: str = "") -> None:
        super().__init__(message)
        self.code = code
        self.message = message
        self.reason = reason
        self.status = status or _STATUS_NAMES.get(code, "UNKNOWN")

    def body(self) -> Json:
        """Return the JSON error document."""
        error: Json = {"code": self.code, "message": self.message, "status": self.status}
        if self.reason:
            error["errors"] = [{"domain": "global", "reason": self.reason, "message": self.message}]
        return {"error": error}


_STATUS_NAMES = {
    400: "INVALID_ARGUMENT",
    401: "UNAUTHENTICATED",
    403: "PERMISSION_DENIED",
    404: "NOT_FOUND",
    429: "RESOURCE_EXHAUSTED",
    500: "INTERNAL",
    502: "UNAVAILABLE",
    503: "UNAVAILABLE",
    504: "DEADLINE_EXCEEDED",
}


def offline_applier(
    presentation: Json, body: Json, *, map_notes_on_duplicate: bool = True
) -> tuple[Json, Json]:
    """Return the deck after `body` and the API response, using the strict offline engine.

    `map_notes_on_duplicate` is the engine's switch of that name: False plays
    a Slides service that gives a duplicated slide's notes page fresh IDs
    whatever ``objectIds`` says.
    """
    from slidegen.backends.offline.engine import OfflineDeck

    deck = OfflineDeck(copy.deepcopy(presentation), map_notes_on_duplicate=map_notes_on_duplicate)
    response = deck.batch_update(body)
    return deck.presentation, response


def blank_presentation(presentation_id: str, title: str) -> Json:
    """Return a new deck as presentations.create makes it: a theme and one slide of its own."""
    from slidegen.templates import blank_presentation as themed_blank

    deck = themed_blank()
    layout = next(
        (page for page in deck["layouts"] if page["layoutProperties"].get("name") == "BLANK"),
        deck["layouts"][0],
    )
    deck.update(presentationId=presentation_id, title=title, revisionId=_new_revision())
    deck["slides"] = [
        {
            "objectId": "p",
            "pageType": "SLIDE",
            "pageElements": [],
            "slideProperties": {
                "layoutObjectId": layout["objectId"],
                "masterObjectId": layout["layoutProperties"]["masterObjectId"],
            },
        }
    ]
    return deck


@dataclass
class DriveFile:
    """One file the emulator holds."""

    file_id: str
    name: str
    mime_type: str = PRESENTATION_MIME
    parents: list[str] = field(default_factory=list)
    app_properties: dict[str, str] = field(default_factory=dict)
    trashed: bool = False
    permissions: list[Json] = field(default_factory=list)
    presentation: Json | None = None
    owners: list[Json] = field(default_factory=list)
    """Drive's owners list: ``{"displayName": …, "emailAddress": …}`` each."""
    can_edit: bool = True
    """False plays a deck the caller may read but not change (batchUpdate answers 403)."""
    drive_id: str | None = None
    """The Shared Drive the file lives on; None for My Drive."""
    can_add_children: bool = True
    """Whether the caller may put files into this folder."""

    def resource(self) -> Json:
        """Return the Drive file resource."""
        resource: Json = {
            "kind": "drive#file",
            "id": self.file_id,
            "name": self.name,
            "mimeType": self.mime_type,
            "parents": list(self.parents),
            "appProperties": dict(self.app_properties),
            "trashed": self.trashed,
            "owners": [dict(owner) for owner in self.owners],
            "capabilities": {
                "canAddChildren": self.mime_type == FOLDER_MIME and self.can_add_children,
                "canCopy": self.mime_type != FOLDER_MIME,
                "canEdit": self.can_edit,
            },
        }
        if self.drive_id is not None:
            resource["driveId"] = self.drive_id
        return resource


def _check_app_properties(properties: dict[str, Any]) -> None:
    for key, value in properties.items():
        if value is None:
            continue
        if len(str(key).encode()) + len(str(value).encode()) > APP_PROPERTY_BYTES:
            raise ApiError(
                400,
                f"The size of the property '{key}' exceeds the maximum of "
                f"{APP_PROPERTY_BYTES} bytes.",
                "invalidProperty",
            )


_Q_CLAUSE = re.compile(
    r"""\s*(?:
        appProperties\s+has\s+\{\s*key\s*=\s*'(?P<key>(?:[^'\\]|\\.)*)'\s+and\s+
            value\s*=\s*'(?P<value>(?:[^'\\]|\\.)*)'\s*\}
      | trashed\s*=\s*(?P<trashed>true|false)
      | mimeType\s*=\s*'(?P<mime>(?:[^'\\]|\\.)*)'
      | '(?P<parent>(?:[^'\\]|\\.)*)'\s+in\s+parents
    )\s*""",
    re.VERBOSE,
)


def _unquote(text: str) -> str:
    return re.sub(r"\\(.)", r"\1", text)


def _clause_matches(clause: tuple[str, str, str], found: DriveFile) -> bool:
    kind, first, second = clause
    if kind == "property":
        return found.app_properties.get(first) == second
    if kind == "trashed":
        return found.trashed is (first == "true")
    if kind == "mime":
        return found.mime_type == first
    return first in found.parents


def query_matcher(query: str) -> Callable[[DriveFile], bool]:
    """Return a test for the Drive ``q`` forms slidegen sends; raise ApiError for others."""
    clauses: list[tuple[str, str, str]] = []
    position = 0
    while position < len(query):
        match = _Q_CLAUSE.match(query, position)
        if match is None:
            raise ApiError(
                400, f"Invalid Value: unsupported query at {query[position:]!r}", "invalid"
            )
        if match.group("key") is not None:
            clauses.append(
                ("property", _unquote(match.group("key")), _unquote(match.group("value")))
            )
        elif match.group("trashed") is not None:
            clauses.append(("trashed", match.group("trashed"), ""))
        elif match.group("mime") is not None:
            clauses.append(("mime", _unquote(match.group("mime")), ""))
        else:
            clauses.append(("parent", _unquote(match.group("parent")), ""))
        position = match.end()
        if query.startswith("and", position):
            position += 3
        elif position < len(query):
            raise ApiError(400, "Invalid Value: clauses must be joined by 'and'", "invalid")
    return lambda found: all(_clause_matches(clause, found) for clause in clauses)


class _Abort(Exception):
    """Close the connection without an answer."""


Route = tuple[str, re.Pattern[str], str]
_ROUTES: list[Route] = [
    ("POST", re.compile(r"^/drive/v3/files/([^/]+)/copy$"), "files.copy"),
    ("POST", re.compile(r"^/drive/v3/files/([^/]+)/permissions$"), "permissions.create"),
    ("GET", re.compile(r"^/drive/v3/files/([^/]+)$"), "files.get"),
    ("PATCH", re.compile(r"^/drive/v3/files/([^/]+)$"), "files.update"),
    ("DELETE", re.compile(r"^/drive/v3/files/([^/]+)$"), "files.delete"),
    ("GET", re.compile(r"^/drive/v3/files$"), "files.list"),
    ("GET", re.compile(r"^/drive/v3/about$"), "about.get"),
    ("POST", re.compile(r"^/v1/presentations$"), "presentations.create"),
    ("GET", re.compile(r"^/v1/presentations/([^/:]+)$"), "presentations.get"),
    (
        "GET",
        re.compile(r"^/v1/presentations/([^/:]+)/pages/([^/:]+)/thumbnail$"),
        "presentations.pages.getThumbnail",
    ),
    ("POST", re.compile(r"^/v1/presentations/([^/:]+):batchUpdate$"), "presentations.batchUpdate"),
]


class EmulatorServer:
    """A threaded loopback Drive + Slides server with a fault queue per method."""

    def __init__(
        self,
        host: str = "127.0.0.1",
        port: int = 0,
        *,
        apply_batch: BatchApplier | None = None,
        map_notes_on_duplicate: bool = True,
    ) -> None:
        self.apply_batch: BatchApplier = apply_batch or self._offline_apply
        """How batchUpdate bodies are applied (the strict offline engine unless given)."""
        self.map_notes_on_duplicate = map_notes_on_duplicate
        """Whether the offline engine names a duplicated slide's notes page from ``objectIds``.

        Set it to False (here or at any time) to play a Slides service that
        ignores the map for notes pages; it has no effect on a given `apply_batch`.
        """
        self.files: dict[str, DriveFile] = {}
        self.account_email = ACCOUNT_EMAIL
        """Who about.get says the caller is."""
        self.storage_quota: Json = {"limit": str(DEFAULT_STORAGE_LIMIT), "usage": "0"}
        """What about.get reports as the caller's storage (no "limit": unlimited)."""
        self.clock: Callable[[], float] = time.time
        """The server's clock, as its Date header tells it (a test may set it wrong)."""
        self.thumbnails: dict[str, bytes] = {}
        """The PNGs getThumbnail answers point at, by the key in their URL."""
        self.log: list[tuple[str, dict[str, list[str]], Json]] = []
        """Every call that arrived, faulted or not: (method, query parameters, JSON body)."""
        self.applied: Counter[str] = Counter()
        """How many calls of each method were carried out (not refused, faults aside)."""
        self._faults: dict[str, deque[Fault]] = {}
        self._lock = threading.RLock()
        self._httpd = ThreadingHTTPServer((host, port), self._handler_class())
        self._httpd.daemon_threads = True
        self._thread: threading.Thread | None = None

    def _offline_apply(self, presentation: Json, body: Json) -> tuple[Json, Json]:
        return offline_applier(
            presentation, body, map_notes_on_duplicate=self.map_notes_on_duplicate
        )

    # -- life cycle ----------------------------------------------------------------

    @property
    def address(self) -> str:
        """Return ``host:port`` for SLIDEGEN_EMULATOR_HOST."""
        host, port = self._httpd.server_address[:2]
        return f"{host!s}:{port}"

    def start(self) -> EmulatorServer:
        """Serve in a background thread; return self."""
        # A short poll keeps stop() quick: shutdown waits for the loop to notice.
        self._thread = threading.Thread(
            target=self._httpd.serve_forever,
            kwargs={"poll_interval": 0.02},
            name="slidegen-emulator",
            daemon=True,
        )
        self._thread.start()
        return self

    def serve_forever(self) -> None:
        """Serve in this thread until interrupted."""
        self._httpd.serve_forever()

    def stop(self) -> None:
        """Stop serving and release the port."""
        self._httpd.shutdown()
        self._httpd.server_close()
        if self._thread is not None:
            self._thread.join(timeout=5)

    def __enter__(self) -> EmulatorServer:
        return self.start()

    def __exit__(self, *_exc: object) -> None:
        self.stop()

    # -- state a test sets up and inspects --------------------------------------------

    @property
    def received(self) -> list[str]:
        """Return the method name of every call that arrived, in order."""
        with self._lock:
            return [method for method, _query, _body in self.log]

    def inject(self, method: str, *faults: Fault) -> None:
        """Fail the next calls of `method` (e.g. ``"presentations.batchUpdate"``) in order."""
        if method not in {route[2] for route in _ROUTES}:
            raise ValueError(f"the emulator does not serve {method!r}")
        with self._lock:
            self._faults.setdefault(method, deque()).extend(faults)

    def pending_faults(self, method: str) -> int:
        """Return how many injected faults of `method` have not fired yet."""
        with self._lock:
            return len(self._faults.get(method, ()))

    def add_presentation(
        self,
        presentation: Json,
        *,
        name: str | None = None,
        file_id: str | None = None,
        parents: list[str] | None = None,
        app_properties: dict[str, str] | None = None,
        owners: list[Json] | None = None,
        can_edit: bool = True,
    ) -> str:
        """Store a deck (a template, or someone's deck to fill); return its file ID."""
        file_id = file_id or presentation.get("presentationId") or _new_id()
        deck = copy.deepcopy(presentation)
        deck["presentationId"] = file_id
        deck.setdefault("revisionId", _new_revision())
        with self._lock:
            self.files[file_id] = DriveFile(
                file_id,
                name or str(deck.get("title") or "Untitled presentation"),
                parents=list(parents or []),
                app_properties=dict(app_properties or {}),
                presentation=deck,
                owners=[dict(owner) for owner in owners or []],
                can_edit=can_edit,
            )
        return file_id

    def add_folder(
        self,
        folder_id: str,
        name: str = "Decks",
        *,
        drive_id: str | None = None,
        can_add_children: bool = True,
    ) -> str:
        """Store a folder (on the Shared Drive `drive_id`, if given); return its ID."""
        with self._lock:
            self.files[folder_id] = DriveFile(
                folder_id,
                name,
                mime_type=FOLDER_MIME,
                drive_id=drive_id,
                can_add_children=can_add_children,
            )
        return folder_id

    def presentation(self, file_id: str) -> Json:
        """Return a copy of the stored deck `file_id`."""
        with self._lock:
            stored = self.files[file_id].presentation
            if stored is None:
                raise KeyError(file_id)
            return copy.deepcopy(stored)

    def live_files(self) -> list[str]:
        """Return the IDs of files that are not trashed."""
        with self._lock:
            return [f.file_id for f in self.files.values() if not f.trashed]

    # -- serving ------------------------------------------------------------------

    def _next_fault(self, method: str) -> Fault | None:
        with self._lock:
            queue = self._faults.get(method)
            return queue.popleft() if queue else None

    def dispatch(
        self, verb: str, path: str, query: dict[str, list[str]], body: Json
    ) -> tuple[int, Json | None, dict[str, str]]:
        """Return (status, JSON body, headers) for one request, faults included."""
        for route_verb, pattern, method in _ROUTES:
            match = pattern.match(path)
            if route_verb != verb or match is None:
                continue
            with self._lock:
                self.log.append((method, query, body))
            fault = self._next_fault(method)
            if fault is not None and fault.kind == "none":
                fault = None
            if fault is not None and not fault.after_apply:
                return self._fail(fault)
            try:
                status, payload = self._serve(method, match.groups(), query, body)
            except ApiError as error:
                status, payload = error.code, error.body()
            if fault is not None:
                return self._fail(fault)
            return status, payload, {}
        return 404, ApiError(404, f"no such endpoint: {verb} {path}").body(), {}

    @staticmethod
    def _fail(fault: Fault) -> tuple[int, Json | None, dict[str, str]]:
        if fault.kind == "timeout":
            if fault.seconds <= 0:
                return 504, None, {TIMEOUT_MARKER: "timeout"}
            time.sleep(fault.seconds)
            raise _Abort
        if fault.kind == "reset":
            raise _Abort
        message = fault.message or HTTPStatus(fault.code).phrase
        headers = {"Retry-After": fault.retry_after} if fault.retry_after is not None else {}
        return fault.code, ApiError(fault.code, message, fault.reason or "").body(), headers

    def _file(self, file_id: str, *, live: bool = True) -> DriveFile:
        found = self.files.get(file_id)
        if found is None or (live and found.trashed):
            raise ApiError(404, f"File not found: {file_id}.", "notFound")
        return found

    def _serve(
        self, method: str, args: tuple[str, ...], query: dict[str, list[str]], body: Json
    ) -> tuple[int, Json | None]:
        with self._lock:
            handler = getattr(self, "_" + method.replace(".", "_"))
            result: tuple[int, Json | None] = handler(*args, query=query, body=body)
            self.applied[method] += 1
            return result

    def _files_copy(
        self, file_id: str, *, query: dict[str, list[str]], body: Json
    ) -> tuple[int, Json]:
        source = self._file(file_id)
        properties = body.get("appProperties") or {}
        _check_app_properties(properties)
        parents = list(body.get("parents") or source.parents)
        drive_id = None
        for parent in parents:
            folder = self.files.get(parent)
            if folder is None or folder.mime_type != FOLDER_MIME:
                continue
            if not folder.can_add_children:
                raise ApiError(
                    403,
                    "The user does not have sufficient permissions for this file.",
                    "insufficientFilePermissions",
                )
            drive_id = folder.drive_id
        if drive_id is None and not self._has_storage():
            raise ApiError(
                403,
                "The user's Drive storage quota has been exceeded.",
                "storageQuotaExceeded",
            )
        new_id = _new_id()
        deck = copy.deepcopy(source.presentation) if source.presentation is not None else None
        if deck is not None:
            deck["presentationId"] = new_id
            deck["revisionId"] = _new_revision()
            deck["title"] = body.get("name") or f"Copy of {source.name}"
        self.files[new_id] = DriveFile(
            new_id,
            str(body.get("name") or f"Copy of {source.name}"),
            mime_type=source.mime_type,
            parents=parents,
            drive_id=drive_id,
            # Copies start without the template's app properties: set them explicitly.
            app_properties={k: str(v) for k, v in properties.items() if v is not None},
            presentation=deck,
        )
        return 200, self.files[new_id].resource()

    def _files_get(
        self, file_id: str, *, query: dict[str, list[str]], body: Json
    ) -> tuple[int, Json]:
        return 200, self._file(file_id, live=False).resource()

    def _files_update(
        self, file_id: str, *, query: dict[str, list[str]], body: Json
    ) -> tuple[int, Json]:
        found = self._file(file_id, live=False)
        properties = body.get("appProperties") or {}
        _check_app_properties(properties)
        for key, value in properties.items():
            if value is None:
                found.app_properties.pop(key, None)
            else:
                found.app_properties[key] = str(value)
        if "name" in body:
            found.name = str(body["name"])
            if found.presentation is not None:
                found.presentation["title"] = found.name
        if "trashed" in body:
            found.trashed = bool(body["trashed"])
        return 200, found.resource()

    def _files_delete(
        self, file_id: str, *, query: dict[str, list[str]], body: Json
    ) -> tuple[int, None]:
        self._file(file_id, live=False)
        del self.files[file_id]
        return 204, None

    def _files_list(self, *, query: dict[str, list[str]], body: Json) -> tuple[int, Json]:
        matches = query_matcher(query.get("q", [""])[0])
        found = [f.resource() for f in self.files.values() if matches(f)]
        size = int(query.get("pageSize", ["100"])[0])
        start = int(query.get("pageToken", ["0"])[0])
        page: Json = {"kind": "drive#fileList", "files": found[start : start + size]}
        if start + size < len(found):
            page["nextPageToken"] = str(start + size)
        return 200, page

    def _permissions_create(
        self, file_id: str, *, query: dict[str, list[str]], body: Json
    ) -> tuple[int, Json]:
        found = self._file(file_id)
        if body.get("type") not in {"user", "group", "domain", "anyone"}:
            raise ApiError(400, "Invalid permission type.", "invalid")
        if body.get("role") not in {
            "reader",
            "commenter",
            "writer",
            "owner",
            "organizer",
            "fileOrganizer",
        }:
            raise ApiError(400, "Invalid permission role.", "invalid")
        permission = {"kind": "drive#permission", "id": _new_id(12), **body}
        found.permissions.append(permission)
        return 200, permission

    def _has_storage(self) -> bool:
        limit = self.storage_quota.get("limit")
        return limit is None or int(self.storage_quota.get("usage", 0)) < int(limit)

    def _about_get(self, *, query: dict[str, list[str]], body: Json) -> tuple[int, Json]:
        user = {"kind": "drive#user", "emailAddress": self.account_email, "me": True}
        user["displayName"] = "Emulator"
        return 200, {
            "kind": "drive#about",
            "user": user,
            "storageQuota": dict(self.storage_quota),
        }

    def _presentations_pages_getThumbnail(
        self, presentation_id: str, page_id: str, *, query: dict[str, list[str]], body: Json
    ) -> tuple[int, Json]:
        found = self._presentation_file(presentation_id)
        deck = found.presentation or {}
        page = next((s for s in deck.get("slides", []) if s.get("objectId") == page_id), None)
        if page is None:
            raise ApiError(400, f"Invalid requests: the page {page_id} does not exist.")
        size = query.get("thumbnailProperties.thumbnailSize", ["LARGE"])[0]
        width = THUMBNAIL_SIZES.get(size, THUMBNAIL_SIZES["LARGE"])
        image, height = wireframe_png(deck, page, width)
        key = secrets.token_hex(8)
        self.thumbnails[key] = image
        url = f"http://{self.address}/thumbnails/{key}.png"
        return 200, {"width": width, "height": height, "contentUrl": url}

    def _presentations_create(self, *, query: dict[str, list[str]], body: Json) -> tuple[int, Json]:
        new_id = str(body.get("presentationId") or _new_id())
        if new_id in self.files:
            raise ApiError(409, f"A presentation with ID {new_id} already exists.", "conflict")
        title = str(body.get("title") or "Untitled presentation")
        deck = blank_presentation(new_id, title)
        self.files[new_id] = DriveFile(new_id, title, presentation=deck)
        return 200, copy.deepcopy(deck)

    def _presentation_file(self, presentation_id: str) -> DriveFile:
        found = self.files.get(presentation_id)
        if found is None or found.trashed or found.presentation is None:
            raise ApiError(404, "Requested entity was not found.")
        return found

    def _presentations_get(
        self, presentation_id: str, *, query: dict[str, list[str]], body: Json
    ) -> tuple[int, Json]:
        found = self._presentation_file(presentation_id)
        return 200, copy.deepcopy(found.presentation or {})

    def _presentations_batchUpdate(
        self, presentation_id: str, *, query: dict[str, list[str]], body: Json
    ) -> tuple[int, Json]:
        found = self._presentation_file(presentation_id)
        assert found.presentation is not None
        if not found.can_edit:
            raise ApiError(403, "The caller does not have permission", "forbidden")
        try:
            deck, response = self.apply_batch(found.presentation, body)
        except RequestError as error:
            raise _request_error(error) from error
        found.presentation = deck
        return 200, response

    def _handler_class(self) -> type[BaseHTTPRequestHandler]:
        server = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, format: str, *args: Any) -> None:
                """Keep test and terminal output quiet."""

            def date_time_string(self, timestamp: float | None = None) -> str:
                """Stamp answers with the server's own clock."""
                return super().date_time_string(server.clock() if timestamp is None else timestamp)

            def _send_thumbnail(self, path: str) -> bool:
                match = re.match(r"^/thumbnails/([0-9a-f]+)\.png$", path)
                if match is None or self.command != "GET":
                    return False
                image = server.thumbnails.get(match.group(1))
                if image is None:
                    self._send(404, ApiError(404, "No such thumbnail.").body(), {})
                    return True
                self.send_response(200)
                self.send_header("Content-Type", "image/png")
                self.send_header("Content-Length", str(len(image)))
                self.end_headers()
                self.wfile.write(image)
                return True

            def _handle(self) -> None:
                parts = urlsplit(self.path)
                if self._send_thumbnail(parts.path):
                    return
                length = int(self.headers.get("Content-Length") or 0)
                raw = self.rfile.read(length) if length else b""
                try:
                    body = json.loads(raw) if raw.strip() else {}
                except ValueError:
                    self._send(400, ApiError(400, "Invalid JSON payload received.").body(), {})
                    return
                try:
                    status, payload, headers = server.dispatch(
                        self.command, parts.path, parse_qs(parts.query), body
                    )
                except _Abort:
                    self.close_connection = True
                    return
                self._send(status, payload, headers)

            def _send(self, status: int, payload: Json | None, headers: dict[str, str]) -> None:
                data = b"" if payload is None else json.dumps(payload).encode()
                try:
                    self.send_response(status)
                    if payload is not None:
                        self.send_header("Content-Type", "application/json; charset=UTF-8")
                    self.send_header("Content-Length", str(len(data)))
                    for key, value in headers.items():
                        self.send_header(key, value)
                    self.end_headers()
                    self.wfile.write(data)
                except (BrokenPipeError, ConnectionResetError):
                    # The client gave up (a timeout fault): nothing left to tell it.
                    self.close_connection = True

            do_GET = do_POST = do_PATCH = do_DELETE = _handle

        return Handler


def wireframe_png(deck: Json, page: Json, width: int) -> tuple[bytes, int]:
    """Return a PNG of `page` drawn as the outlines of its elements, and its height.

    The emulator has no renderer; outlines are enough to show where things sit
    when a thumbnail is set beside a real one.
    """
    import io

    from PIL import Image, ImageDraw

    from slidegen.layout.template import element_box
    from slidegen.units import magnitude_emu

    size = deck.get("pageSize") or {}
    page_width = magnitude_emu(size.get("width")) or 9_144_000
    page_height = magnitude_emu(size.get("height")) or 5_143_500
    scale = width / page_width
    height = max(1, round(page_height * scale))
    image = Image.new("RGB", (width, height), "white")
    draw = ImageDraw.Draw(image)
    for element in page.get("pageElements", []):
        box = element_box(element)
        left, top = box.x * scale, box.y * scale
        draw.rectangle(
            (left, top, left + box.width * scale, top + box.height * scale), outline="grey"
        )
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return buffer.getvalue(), height


def _request_error(error: RequestError) -> ApiError:
    if error.index is None:
        status = "FAILED_PRECONDITION" if "revision" in error.reason.lower() else ""
        return ApiError(400, error.reason, status=status)
    kind = f".{error.request_kind}" if error.request_kind else ""
    return ApiError(400, f"Invalid requests[{error.index}]{kind}: {error.reason}")


def _new_revision() -> str:
    return secrets.token_urlsafe(12)


def _new_id(length: int = 44) -> str:
    return secrets.token_urlsafe(length)[:length].replace("-", "x")
