"""The Google backend: Drive v3 for files, Slides v1 for decks, with safe retries.

Why each write is safe to repeat
    files.copy      the copy carries a unique build token in its appProperties;
                    after an ambiguous failure the token finds a copy that was
                    made even though its response was lost.
    batchUpdate     sent with ``writeControl.requiredRevisionId``; after an
                    ambiguous failure the deck is re-read: a revision past the
                    one sent, with this batch's new objects present, means it
                    was applied; an unchanged revision means it was not.
    files.delete    a 404 on a repeat means the first attempt worked.
    files.update, permissions.create
                    repeating them leaves the same state.
"""

from __future__ import annotations

import functools
import http.client
import logging
import uuid
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path
from typing import Any, TypeVar

import google.auth.exceptions
import requests
from googleapiclient.errors import HttpError

from slidegen.backends.base import BatchResult, CallCounter, Presentation, Request
from slidegen.backends.google.auth import Identity, load_identity
from slidegen.backends.google.client import (
    DEFAULT_TIMEOUT,
    Services,
    build_services,
    emulator_host,
)
from slidegen.backends.google.failures import api_failure, is_revision_conflict, translate
from slidegen.backends.google.retry import RetriesExhausted, RetryPolicy, call_with_retry
from slidegen.config import Config, ShareEntry
from slidegen.errors import BackendError
from slidegen.layout.template import walk_elements

T = TypeVar("T")
log = logging.getLogger(__name__)

BUILD_TOKEN_KEY = "slidegen_build"
PRESENTATION_MIME = "application/vnd.google-apps.presentation"
APP_PROPERTY_BYTES = 124
APP_PROPERTIES_PER_FILE = 30
DECK_URL = "https://docs.google.com/presentation/d/{}/edit"

_FAILURES = (
    HttpError,
    google.auth.exceptions.GoogleAuthError,
    requests.RequestException,
    http.client.HTTPException,
    OSError,
)


def check_properties(properties: Mapping[str, str]) -> None:
    """Raise BackendError when `properties` break Drive's appProperties limits."""
    if len(properties) > APP_PROPERTIES_PER_FILE:
        raise BackendError(
            f"{len(properties)} app properties given; Drive keeps at most "
            f"{APP_PROPERTIES_PER_FILE} per file per app"
        )
    for key, value in properties.items():
        size = len(key.encode()) + len(value.encode())
        if size > APP_PROPERTY_BYTES:
            raise BackendError(
                f"app property {key!r} is {size} bytes of key and value; Drive allows "
                f"{APP_PROPERTY_BYTES}",
                hint="store a digest (a SHA-256 hex digest is 64 bytes) instead of the value",
            )


def _quote(value: str) -> str:
    return "'" + value.replace("\\", "\\\\").replace("'", "\\'") + "'"


def properties_query(properties: Mapping[str, str]) -> str:
    """Return a Drive search for files carrying all `properties` that are not trashed."""
    clauses = [
        f"appProperties has {{ key={_quote(key)} and value={_quote(value)} }}"
        for key, value in sorted(properties.items())
    ]
    return " and ".join([*clauses, "trashed = false"])


def created_object_ids(requests_: Iterable[Request]) -> set[str]:
    """Return the IDs a batch creates and leaves in place (what proves it was applied)."""
    created: set[str] = set()
    deleted: set[str] = set()
    on_page: dict[str, set[str]] = {}
    for request in requests_:
        for kind, body in request.items():
            if not isinstance(body, dict):
                continue
            if kind.startswith("create") and isinstance(body.get("objectId"), str):
                created.add(body["objectId"])
                page = (body.get("elementProperties") or {}).get("pageObjectId")
                if isinstance(page, str):
                    on_page.setdefault(page, set()).add(body["objectId"])
            elif kind == "duplicateObject":
                mapping = {str(k): str(v) for k, v in (body.get("objectIds") or {}).items()}
                created.update(mapping.values())
                copy_id = mapping.get(str(body.get("objectId")))
                if copy_id is not None:
                    # What a copied slide (or group) holds goes when the copy is deleted.
                    on_page.setdefault(copy_id, set()).update(set(mapping.values()) - {copy_id})
            elif kind == "groupObjects" and body.get("groupObjectId"):
                created.add(str(body["groupObjectId"]))
            elif kind == "deleteObject" and body.get("objectId"):
                deleted.add(str(body["objectId"]))
                # Deleting a slide takes what was drawn on it along (a slide used and removed).
                deleted.update(on_page.get(str(body["objectId"]), ()))
            elif kind == "ungroupObjects":
                deleted.update(str(v) for v in body.get("objectIds") or [])
    return created - deleted


def deck_object_ids(presentation: Presentation) -> set[str]:
    """Return the IDs of every slide, notes page and page element (groups included) in a deck."""
    ids: set[str] = set()
    for slide in presentation.get("slides", []):
        notes = slide.get("slideProperties", {}).get("notesPage") or {}
        for page in (slide, notes):
            ids.add(str(page.get("objectId", "")))
            elements = walk_elements(page.get("pageElements", []))
            ids.update(str(element.get("objectId", "")) for element in elements)
    ids.discard("")
    return ids


class GoogleBackend:
    """A DeckBackend on Google Drive and Slides through google-api-python-client."""

    def __init__(
        self,
        services: Services,
        *,
        who: str = "the signed-in account",
        folder_id: str | None = None,
        share: Iterable[ShareEntry] = (),
        notify: bool = False,
        template_id: str | None = None,
        policy: RetryPolicy | None = None,
        token_factory: Callable[[], str] = lambda: uuid.uuid4().hex,
    ) -> None:
        self.services = services
        self.who = who
        self.folder_id = folder_id
        self.share_with = list(share)
        self.notify = notify
        self.template_id = template_id
        self.policy = policy or RetryPolicy()
        self.token_factory = token_factory
        self.calls = CallCounter()
        self.recoveries: list[str] = []
        """What the backend did beyond the plain calls (recoveries, clean-ups)."""
        self.keeps_notes_ids: bool | None = None
        """Whether the service kept a duplicated slide's notes IDs so far (None: not seen yet)."""

    @classmethod
    def from_config(
        cls,
        config: Config,
        *,
        template_id: str | None = None,
        environ: Mapping[str, str] | None = None,
        policy: RetryPolicy | None = None,
        timeout: float = DEFAULT_TIMEOUT,
        identity: Identity | None = None,
    ) -> GoogleBackend:
        """Return a backend signed in as `config.google` says (or aimed at the emulator)."""
        host = emulator_host(environ)
        if host is not None:
            services = build_services(None, timeout=timeout, emulator=host)
            who = f"the emulator at {host}"
        else:
            identity = identity or load_identity(config.google, environ=environ)
            services = build_services(identity.credentials, timeout=timeout)
            who = identity.describe()
        return cls(
            services,
            who=who,
            folder_id=config.google.folder_id,
            share=config.google.share,
            notify=config.google.notify,
            template_id=template_id or config.template.google_id,
            policy=policy,
        )

    # -- plumbing ---------------------------------------------------------------

    def _recovered(self, text: str) -> None:
        log.info(text)
        self.recoveries.append(text)

    def _attempt(self, name: str, make_request: Callable[[], Any]) -> Callable[[], Any]:
        def attempt() -> Any:
            self.calls.add(name)
            log.debug("calling %s", name)
            return make_request().execute()

        return attempt

    def _call(
        self,
        name: str,
        make_request: Callable[[], Any],
        *,
        target: str | None = None,
        recover: Callable[[BaseException], Any] | None = None,
    ) -> Any:
        try:
            return call_with_retry(
                self._attempt(name, make_request), self.policy, recover=recover, name=name
            )
        except (*_FAILURES, RetriesExhausted) as error:
            raise translate(error, call=name, who=self.who, target=target) from error

    @property
    def _drive_files(self) -> Any:
        return self.services.drive.files()

    # -- DeckBackend ----------------------------------------------------------------

    def copy_template(
        self, template_id: str, name: str, properties: dict[str, str] | None = None
    ) -> str:
        """Copy the template deck under `name`; return the new presentation ID."""
        token = self.token_factory()
        app_properties = {**(properties or {}), BUILD_TOKEN_KEY: token}
        check_properties(app_properties)
        body: dict[str, Any] = {"name": name, "appProperties": app_properties}
        if self.folder_id:
            body["parents"] = [self.folder_id]
        ambiguous = False

        def recover(_error: BaseException) -> dict[str, Any] | None:
            nonlocal ambiguous
            ambiguous = True
            found = self._find_files({BUILD_TOKEN_KEY: token})
            if not found:
                return None
            self._recovered(f"files.copy response was lost; found the copy {found[0]} by its token")
            return {"id": found[0]}

        result = self._call(
            "files.copy",
            lambda: self._drive_files.copy(
                fileId=template_id, body=body, supportsAllDrives=True, fields="id"
            ),
            target=template_id,
            recover=recover,
        )
        copy_id = str(result["id"])
        if ambiguous:
            self._remove_duplicates(token, keep=copy_id)
        return copy_id

    def _remove_duplicates(self, token: str, keep: str) -> None:
        # A copy made by an attempt whose response was lost may not have been
        # searchable yet when we looked; sweep once the build has its copy.
        for extra in self._find_files({BUILD_TOKEN_KEY: token}):
            if extra != keep:
                self.delete_deck(extra)
                self._recovered(f"deleted {extra}, a second copy left by a retried files.copy")

    def get_deck(self, presentation_id: str) -> Presentation:
        """Return the presentation resource of `presentation_id`."""
        deck: Presentation = self._call(
            "presentations.get",
            lambda: self.services.slides.presentations().get(presentationId=presentation_id),
            target=presentation_id,
        )
        return deck

    def batch_update(
        self,
        presentation_id: str,
        requests: list[Request],
        required_revision_id: str | None = None,
    ) -> BatchResult:
        """Apply `requests` atomically; refuse if the deck moved past the revision.

        A repeat after an ambiguous failure is only sent once a re-read of the
        deck shows the earlier attempt was not applied, so no batch is applied twice.
        """
        body: dict[str, Any] = {"requests": requests}
        if required_revision_id:
            body["writeControl"] = {"requiredRevisionId": required_revision_id}
        proof = created_object_ids(requests)
        ambiguous = False

        def applied_already() -> dict[str, Any] | None:
            deck = self.get_deck(presentation_id)
            revision = deck.get("revisionId")
            sent = body.get("writeControl", {}).get("requiredRevisionId")
            present = bool(proof) and proof <= deck_object_ids(deck)
            if present and revision != sent:
                self._recovered(
                    f"batchUpdate on {presentation_id} failed ambiguously but had been "
                    f"applied (revision {sent} → {revision}); not sending it again"
                )
                return {"replies": [], "writeControl": {"requiredRevisionId": revision}}
            if sent is None and proof and not present:
                # Pin the repeat to what we just saw, so it cannot land twice.
                body["writeControl"] = {"requiredRevisionId": revision}
                return None
            if sent is not None and revision == sent:
                return None
            raise BackendError(
                f"presentations.batchUpdate on {presentation_id} failed without an answer and "
                "the deck has changed since; slidegen cannot tell whether its write landed",
                hint=f"open {self.deck_url(presentation_id)} to check, then run again",
            )

        def recover(_error: BaseException) -> dict[str, Any] | None:
            nonlocal ambiguous
            ambiguous = True
            return applied_already()

        def send() -> Any:
            return self.services.slides.presentations().batchUpdate(
                presentationId=presentation_id, body=body
            )

        def attempt_then_check() -> Any:
            try:
                return self._attempt("presentations.batchUpdate", send)()
            except HttpError as error:
                # An earlier attempt that failed ambiguously may have landed after
                # we looked; the repeat then meets our own revision.
                if ambiguous and is_revision_conflict(api_failure(error)):
                    recovered = applied_already()
                    if recovered is not None:
                        return recovered
                raise

        try:
            response = call_with_retry(
                attempt_then_check, self.policy, recover=recover, name="presentations.batchUpdate"
            )
        except HttpError as error:
            if is_revision_conflict(api_failure(error)):
                raise BackendError(
                    f"deck {presentation_id} was changed by someone else after slidegen read "
                    "it, so the write was refused",
                    status=400,
                    hint="run the command again; it will read the current deck",
                ) from error
            raise translate(
                error, call="presentations.batchUpdate", who=self.who, target=presentation_id
            ) from error
        except (*_FAILURES, RetriesExhausted) as error:
            raise translate(
                error, call="presentations.batchUpdate", who=self.who, target=presentation_id
            ) from error
        return BatchResult(
            replies=list(response.get("replies", [])),
            revision_id=response.get("writeControl", {}).get("requiredRevisionId"),
        )

    def delete_deck(self, presentation_id: str) -> None:
        """Delete a deck; a deck already gone is fine, and a refused delete falls back to trash."""
        try:
            self._call(
                "files.delete",
                lambda: self._drive_files.delete(fileId=presentation_id, supportsAllDrives=True),
                target=presentation_id,
            )
            return
        except BackendError as error:
            if error.status == 404:
                return
            if error.status != 403:
                raise self._leftover(presentation_id, error) from error
        # Shared Drive members below Manager may trash files but not delete them.
        try:
            self._call(
                "files.update",
                lambda: self._drive_files.update(
                    fileId=presentation_id,
                    body={"trashed": True},
                    supportsAllDrives=True,
                    fields="id",
                ),
                target=presentation_id,
            )
        except BackendError as error:
            raise self._leftover(presentation_id, error) from error
        self._recovered(f"moved {presentation_id} to the trash (deleting it was not permitted)")

    def _leftover(self, presentation_id: str, error: BackendError) -> BackendError:
        return BackendError(
            f"could not remove the unfinished deck {presentation_id}: {error}",
            status=error.status,
            hint=f"delete it by hand: {self.deck_url(presentation_id)}",
        )

    def deck_url(self, presentation_id: str) -> str:
        """Return a link a person can open."""
        return DECK_URL.format(presentation_id)

    def image_url(self, path: Path) -> str:
        """Refuse a local image: Slides fetches images only from URLs it can reach.

        Uploading the file to Drive and sharing it with anyone who has the link
        would publish it; that is the plan owner's call, not something to do
        silently on their behalf.
        """
        raise BackendError(
            f"the local image {path} cannot be placed in a Google Slides deck, which only "
            "fetches images from URLs",
            hint="host the image at an https URL Google can fetch and put that URL in the plan, "
            "or build with the offline backend (--backend offline)",
        )

    def get_properties(self, presentation_id: str) -> dict[str, str]:
        """Return the deck's private app properties (Drive appProperties).

        A deck in the trash counts as gone (BackendError with status 404): Slides
        may still serve it, but nobody would look for it there.
        """
        result = self._call(
            "files.get",
            lambda: self._drive_files.get(
                fileId=presentation_id, fields="appProperties,trashed", supportsAllDrives=True
            ),
            target=presentation_id,
        )
        if result.get("trashed"):
            raise BackendError(
                f"deck {presentation_id} is in the Drive trash",
                status=404,
                hint="restore it from the trash to keep using it",
            )
        return {str(k): str(v) for k, v in (result.get("appProperties") or {}).items()}

    def owners(self, presentation_id: str) -> list[str]:
        """Return the owners of a deck as 'Name <email>' (none for a Shared Drive file)."""
        result = self._call(
            "files.get",
            lambda: self._drive_files.get(
                fileId=presentation_id,
                fields="owners(displayName,emailAddress)",
                supportsAllDrives=True,
            ),
            target=presentation_id,
        )
        named = []
        for owner in result.get("owners") or []:
            name, email = owner.get("displayName"), owner.get("emailAddress")
            named.append(f"{name} <{email}>" if name and email else str(name or email or "?"))
        return named

    def set_properties(self, presentation_id: str, properties: dict[str, str]) -> None:
        """Merge `properties` into the deck's private app properties."""
        check_properties(properties)
        self._call(
            "files.update",
            lambda: self._drive_files.update(
                fileId=presentation_id,
                body={"appProperties": properties},
                supportsAllDrives=True,
                fields="id",
            ),
            target=presentation_id,
        )

    def find_decks(self, properties: dict[str, str]) -> list[str]:
        """Return the IDs of decks (not trashed) whose app properties include all of these."""
        return self._find_files(properties, mime_type=PRESENTATION_MIME)

    def _find_files(self, properties: Mapping[str, str], mime_type: str | None = None) -> list[str]:
        query = properties_query(properties)
        if mime_type:
            query += f" and mimeType = {_quote(mime_type)}"
        if self.folder_id:
            query += f" and {_quote(self.folder_id)} in parents"
        found: list[str] = []
        page_token: str | None = None
        while True:
            result = self._call(
                "files.list",
                functools.partial(
                    self._drive_files.list,
                    q=query,
                    fields="nextPageToken, files(id)",
                    supportsAllDrives=True,
                    includeItemsFromAllDrives=True,
                    corpora="allDrives",
                    pageSize=100,
                    pageToken=page_token,
                ),
            )
            found.extend(str(item["id"]) for item in result.get("files", []))
            page_token = result.get("nextPageToken")
            if not page_token:
                return found

    # -- beyond the protocol --------------------------------------------------------------

    def share(
        self,
        presentation_id: str,
        entries: Iterable[ShareEntry] | None = None,
        notify: bool | None = None,
    ) -> int:
        """Share a deck with each entry (default: google.share); return how many were added."""
        chosen = list(self.share_with if entries is None else entries)
        send_mail = self.notify if notify is None else notify
        for entry in chosen:
            permission: dict[str, Any] = {"type": entry.type, "role": entry.role}
            if entry.type in ("user", "group"):
                if not entry.email:
                    raise BackendError(f"a share entry of type {entry.type} needs an email")
                permission["emailAddress"] = entry.email
            elif entry.type == "domain":
                if not entry.domain:
                    raise BackendError("a share entry of type domain needs a domain")
                permission["domain"] = entry.domain
            options: dict[str, Any] = {}
            if entry.type in ("user", "group"):
                # Drive rejects the notification flag for domain and anyone shares.
                options["sendNotificationEmail"] = send_mail
            self._call(
                "permissions.create",
                functools.partial(
                    self.services.drive.permissions().create,
                    fileId=presentation_id,
                    body=permission,
                    supportsAllDrives=True,
                    fields="id",
                    **options,
                ),
                target=presentation_id,
            )
        return len(chosen)

    def create_deck(self, title: str) -> Presentation:
        """Return a new, empty deck made with presentations.create."""

        def recover(_error: BaseException) -> None:
            # presentations.create carries nothing to find the deck by afterwards.
            raise BackendError(
                f"presentations.create got no answer; a deck titled {title!r} may or may not "
                "have been made",
                hint="look for it in Drive before running the command again",
            )

        deck: Presentation = self._call(
            "presentations.create",
            lambda: self.services.slides.presentations().create(body={"title": title}),
            recover=recover,
        )
        return deck

    def account_email(self) -> str | None:
        """Return the email address of the account the calls are made as."""
        about = self._call(
            "about.get", lambda: self.services.drive.about().get(fields="user(emailAddress)")
        )
        email = about.get("user", {}).get("emailAddress")
        return str(email) if email else None
