"""Sign-in: desktop OAuth, a service-account key, or Application Default Credentials.

Scopes
    ``drive`` is asked for by default. ``files.copy`` accepts only ``drive``,
    ``drive.file``, ``drive.appdata`` or ``drive.photos.readonly`` (since 2020
    ``drive.readonly`` no longer authorises a copy), and ``drive.file`` reaches
    only files this OAuth client created or the user picked in the Google
    Picker, so a template a designer made in Drive cannot be copied under it.
    ``drive`` also covers every Slides call. ``slidegen auth login --narrow``
    asks for ``drive.file`` alone, which works when the template itself was
    created by ``slidegen template push`` with the same OAuth client.

Where the token lives
    ``$SLIDEGEN_TOKEN``, else ``$XDG_CONFIG_HOME/slidegen/token.json``, else
    ``~/.config/slidegen/token.json``; written with mode 0600.
"""

from __future__ import annotations

import json
import logging
import os
import re
import stat
import tempfile
import urllib.parse
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import google.auth
import google.auth.exceptions
import requests
from google.auth.credentials import Credentials as BaseCredentials
from google.auth.transport.requests import Request
from google.oauth2 import service_account
from google.oauth2.credentials import Credentials as UserCredentials

from slidegen.config import GoogleConfig
from slidegen.errors import AuthError

log = logging.getLogger(__name__)

SCOPE_DRIVE = "https://www.googleapis.com/auth/drive"
SCOPE_DRIVE_FILE = "https://www.googleapis.com/auth/drive.file"
DEFAULT_SCOPES: tuple[str, ...] = (SCOPE_DRIVE,)
NARROW_SCOPES: tuple[str, ...] = (SCOPE_DRIVE_FILE,)

TOKEN_ENV = "SLIDEGEN_TOKEN"
CLIENT_SECRETS_ENV = "SLIDEGEN_CLIENT_SECRETS"
ADC_ENV = "GOOGLE_APPLICATION_CREDENTIALS"
REVOKE_URL = "https://oauth2.googleapis.com/revoke"
LOGIN_HINT = "run `slidegen auth login`"


@dataclass
class Identity:
    """Credentials ready to use, and what a person needs to know about them."""

    credentials: BaseCredentials
    method: str
    account: str | None = None
    source: str = ""
    scopes: list[str] = field(default_factory=list)

    def describe(self) -> str:
        """Return who the calls are made as, for messages."""
        return self.account or f"the {self.method} credentials from {self.source}"


def _environ(environ: Mapping[str, str] | None) -> Mapping[str, str]:
    return os.environ if environ is None else environ


def token_path(environ: Mapping[str, str] | None = None) -> Path:
    """Return where the OAuth token is stored."""
    env = _environ(environ)
    if env.get(TOKEN_ENV):
        return Path(env[TOKEN_ENV]).expanduser()
    base = env.get("XDG_CONFIG_HOME") or str(Path(env.get("HOME", "~")) / ".config")
    return Path(base).expanduser() / "slidegen" / "token.json"


def client_secrets_path(config: GoogleConfig, environ: Mapping[str, str] | None = None) -> Path:
    """Return the OAuth client secrets file to sign in with, or raise AuthError."""
    value = config.client_secrets or _environ(environ).get(CLIENT_SECRETS_ENV)
    if not value:
        raise AuthError(
            "no OAuth client secrets file configured",
            hint=(
                "create a Desktop OAuth client in Google Cloud Console, download its JSON, and "
                f"set google.client_secrets in config/slidegen.yaml or ${CLIENT_SECRETS_ENV}"
            ),
        )
    path = Path(value).expanduser()
    if not path.is_file():
        raise AuthError(f"OAuth client secrets file {path} does not exist")
    return path


def save_token(credentials: UserCredentials, path: Path, account: str | None = None) -> None:
    """Write `credentials` to `path` readable by the owner only, never through a link.

    The token goes to a new owner-only file beside `path` that then replaces
    it, so a symbolic link planted at `path` is replaced, not followed, and a
    crash never leaves half a token.
    """
    data = json.loads(credentials.to_json())
    if account:
        data["account"] = account
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    handle, name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    temporary = Path(name)
    try:
        # mkstemp makes the file 0600 with O_EXCL, so nobody else can have opened it.
        with os.fdopen(handle, "w", encoding="utf-8") as stream:
            json.dump(data, stream, indent=2)
            stream.flush()
            os.fsync(stream.fileno())
        os.replace(temporary, path)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise


def _check_private(path: Path) -> None:
    """Warn when a saved token can be read by other users of the machine."""
    try:
        mode = path.stat().st_mode
    except OSError:
        return
    if mode & (stat.S_IRWXG | stat.S_IRWXO):
        log.warning(
            "the saved token %s can be read by other users (mode %s); "
            "run `chmod 600 %s` or sign in again",
            path,
            oct(mode & 0o777),
            path,
        )


def _read_token(path: Path) -> tuple[UserCredentials, str | None]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        reason = error.strerror if isinstance(error, OSError) else "it is not valid JSON"
        raise AuthError(f"cannot read the saved token {path}: {reason}", hint=LOGIN_HINT) from None
    if not isinstance(data, dict):
        raise AuthError(
            f"the saved token {path} is not a token (a JSON object is expected)", hint=LOGIN_HINT
        )
    try:
        credentials = UserCredentials.from_authorized_user_info(data)
    except (ValueError, TypeError, KeyError, AttributeError) as error:
        # The library's message may quote the file's fields; name only what is wrong.
        missing = [k for k in ("client_id", "client_secret", "refresh_token") if k not in data]
        reason = f"it lacks {', '.join(missing)}" if missing else type(error).__name__
        raise AuthError(
            f"the saved token {path} cannot be used: {reason}", hint=LOGIN_HINT
        ) from None
    account = data.get("account")
    return credentials, account if isinstance(account, str) else None


OAUTH_ERROR_CODES = (
    "invalid_grant",
    "invalid_client",
    "invalid_request",
    "invalid_scope",
    "unauthorized_client",
    "unsupported_grant_type",
    "access_denied",
    "server_error",
    "temporarily_unavailable",
)
"""The error codes of RFC 6749 §5.2 and Google's token server: all a refresh failure shows."""


def _oauth_error_code(error: google.auth.exceptions.RefreshError) -> str | None:
    """Return the OAuth error code of a failed refresh (e.g. invalid_grant), or None.

    Only a known code is ever shown: the rest of the token server's reply may
    echo the request, client secret and refresh token included.
    """
    for argument in error.args:
        if isinstance(argument, dict) and argument.get("error") in OAUTH_ERROR_CODES:
            return str(argument["error"])
    text = " ".join(str(argument) for argument in error.args)
    for code in OAUTH_ERROR_CODES:
        if re.search(rf"\b{code}\b", text):
            return code
    return None


def refresh_error(error: google.auth.exceptions.RefreshError, who: str) -> AuthError:
    """Return the AuthError a failed token refresh means, quoting none of the server's reply."""
    code = _oauth_error_code(error)
    if code == "invalid_grant":
        return AuthError(
            f"the sign-in for {who} has expired or was revoked (invalid_grant)",
            hint=(
                f"{LOGIN_HINT}; OAuth apps left in 'Testing' status get refresh tokens that "
                "expire after 7 days, so publish the app as Internal for scheduled runs"
            ),
        )
    shown = f" ({code})" if code else ""
    return AuthError(f"could not refresh the credentials of {who}{shown}", hint=LOGIN_HINT)


def _oauth_identity(environ: Mapping[str, str] | None, request: Request) -> Identity:
    path = token_path(environ)
    if not path.is_file():
        raise AuthError(f"not signed in (no token at {path})", hint=LOGIN_HINT)
    _check_private(path)
    credentials, account = _read_token(path)
    who = account or "the saved account"
    if not credentials.valid:
        if not credentials.refresh_token:
            raise AuthError(f"the token at {path} cannot be refreshed", hint=LOGIN_HINT)
        try:
            credentials.refresh(request)
        except google.auth.exceptions.RefreshError as error:
            raise refresh_error(error, who) from None
        except google.auth.exceptions.TransportError:
            raise AuthError(
                f"could not reach Google to refresh the sign-in of {who} (no network?)",
                hint="check the connection and run the command again",
            ) from None
        save_token(credentials, path, account)
    return Identity(
        credentials,
        method="oauth",
        account=account,
        source=str(path),
        scopes=list(credentials.scopes or []),
    )


def _service_account_identity(
    config: GoogleConfig, environ: Mapping[str, str] | None, scopes: Sequence[str]
) -> Identity:
    key = config.service_account_key or _environ(environ).get(ADC_ENV)
    if not key:
        raise AuthError(
            "google.auth is service_account but no key file is configured",
            hint=f"set google.service_account_key in config/slidegen.yaml or ${ADC_ENV}",
        )
    path = Path(key).expanduser()
    try:
        credentials = service_account.Credentials.from_service_account_file(
            str(path), scopes=list(scopes)
        )
    except (OSError, ValueError) as error:
        raise AuthError(f"cannot use the service account key {path}: {error}") from error
    account = credentials.service_account_email
    if config.subject:
        credentials = credentials.with_subject(config.subject)
        account = f"{config.subject} (delegated by {account})"
    return Identity(
        credentials,
        method="service_account",
        account=account,
        source=str(path),
        scopes=list(scopes),
    )


def _adc_identity(config: GoogleConfig, scopes: Sequence[str]) -> Identity:
    try:
        credentials, _project = google.auth.default(scopes=list(scopes))
    except google.auth.exceptions.DefaultCredentialsError as error:
        raise AuthError(
            f"no Application Default Credentials found: {error}",
            hint=(
                f"run `gcloud auth application-default login --scopes={','.join(scopes)},"
                "https://www.googleapis.com/auth/cloud-platform` or set "
                f"${ADC_ENV} to a service account key"
            ),
        ) from error
    if config.subject and hasattr(credentials, "with_subject"):
        credentials = credentials.with_subject(config.subject)
    account = getattr(credentials, "service_account_email", None)
    if config.subject:
        account = config.subject
    return Identity(
        credentials,
        method="adc",
        account=account,
        source="Application Default Credentials",
        scopes=list(scopes),
    )


def load_identity(
    config: GoogleConfig,
    *,
    environ: Mapping[str, str] | None = None,
    scopes: Sequence[str] = DEFAULT_SCOPES,
    request: Request | None = None,
) -> Identity:
    """Return usable credentials for the sign-in method `config` names.

    A saved OAuth token is refreshed silently and saved again; a token that can
    no longer be refreshed raises AuthError telling the user to sign in again.
    """
    if config.auth == "service_account":
        return _service_account_identity(config, environ, scopes)
    if config.auth == "adc":
        return _adc_identity(config, scopes)
    return _oauth_identity(environ, request or Request())


FlowRunner = Callable[[Path, Sequence[str]], UserCredentials]


def run_browser_flow(
    secrets: Path, scopes: Sequence[str], *, open_browser: bool = True
) -> UserCredentials:
    """Return credentials from the desktop sign-in flow (a local redirect server)."""
    from google_auth_oauthlib.flow import InstalledAppFlow

    flow = InstalledAppFlow.from_client_secrets_file(str(secrets), scopes=list(scopes))
    credentials = flow.run_local_server(
        port=0,
        open_browser=open_browser,
        authorization_prompt_message="Open this address to sign in: {url}",
        success_message="slidegen is signed in. You may close this window.",
    )
    if not isinstance(credentials, UserCredentials):
        raise AuthError("the sign-in flow returned no user credentials")
    return credentials


# Nothing listens here: after consent the browser fails to load this address, and the
# address bar then holds the code. Desktop OAuth clients accept any loopback redirect.
CONSOLE_REDIRECT_URI = "http://127.0.0.1:1/"


def authorization_code(answer: str, expected_state: str) -> str:
    """Return the code in what the user pasted: the redirected address, or the bare code."""
    text = answer.strip()
    if not text:
        raise AuthError("nothing was pasted; sign-in cancelled", hint=LOGIN_HINT)
    if "://" not in text and "code=" not in text and "error=" not in text:
        return text
    query = urllib.parse.parse_qs(urllib.parse.urlsplit(text).query or text.split("?")[-1])
    if "error" in query:
        raise AuthError(f"Google refused the sign-in: {query['error'][0]}", hint=LOGIN_HINT)
    if query.get("state", [expected_state])[0] != expected_state:
        raise AuthError(
            "the pasted address belongs to another sign-in attempt (its state does not match)",
            hint="paste the address from the sign-in this command just printed",
        )
    codes = query.get("code")
    if not codes:
        raise AuthError("the pasted address holds no code=…", hint=LOGIN_HINT)
    return codes[0]


def run_console_flow(
    secrets: Path,
    scopes: Sequence[str],
    *,
    ask: Callable[[str], str],
    tell: Callable[[str], None],
) -> UserCredentials:
    """Return credentials from a sign-in finished by pasting, for machines without a browser.

    The address to open is printed (open it on any machine); after consent the
    browser is sent to an address on 127.0.0.1 that does not load. Pasting
    that address, or just its code, completes the sign-in here.
    """
    from google_auth_oauthlib.flow import InstalledAppFlow
    from oauthlib.oauth2.rfc6749.errors import OAuth2Error

    flow = InstalledAppFlow.from_client_secrets_file(
        str(secrets), scopes=list(scopes), redirect_uri=CONSOLE_REDIRECT_URI
    )
    url, state = flow.authorization_url(prompt="consent")
    tell(
        "Open this address in a browser on any machine and sign in:\n\n"
        f"    {url}\n\n"
        "The browser then goes to an address on 127.0.0.1 that does not load. That is\n"
        "expected: copy that whole address from the address bar and paste it here."
    )
    code = authorization_code(ask("Address (or code)"), state)
    try:
        flow.fetch_token(code=code)
    # oauthlib raises a Warning when fewer scopes were granted than were asked for.
    except (OAuth2Error, Warning, requests.RequestException) as error:
        raise AuthError(f"Google did not accept the code: {error}", hint=LOGIN_HINT) from error
    credentials = flow.credentials
    if not isinstance(credentials, UserCredentials):
        raise AuthError("the sign-in flow returned no user credentials")
    return credentials


def login(
    config: GoogleConfig,
    *,
    scopes: Sequence[str] = DEFAULT_SCOPES,
    environ: Mapping[str, str] | None = None,
    flow: FlowRunner | None = None,
    account_lookup: Callable[[UserCredentials], str | None] | None = None,
) -> Identity:
    """Run the desktop sign-in, save the token, and return the new identity."""
    secrets = client_secrets_path(config, environ)
    credentials = (flow or run_browser_flow)(secrets, scopes)
    account = account_lookup(credentials) if account_lookup else None
    path = token_path(environ)
    save_token(credentials, path, account)
    return Identity(
        credentials,
        method="oauth",
        account=account,
        source=str(path),
        scopes=list(credentials.scopes or scopes),
    )


def logout(
    *,
    environ: Mapping[str, str] | None = None,
    revoke: bool = False,
    post: Callable[..., Any] = requests.post,
) -> Path | None:
    """Delete the saved token (revoking it first if asked); return its path, or None."""
    path = token_path(environ)
    if not path.is_file():
        return None
    if revoke:
        credentials, _account = _read_token(path)
        token = credentials.refresh_token or credentials.token
        try:
            response = post(REVOKE_URL, params={"token": token}, timeout=10)
        except requests.RequestException as error:
            # The exception's text holds the URL, and the URL holds the token.
            raise AuthError(
                f"could not reach Google to revoke the token ({type(error).__name__}); "
                f"it was kept at {path}"
            ) from None
        # 400 means Google no longer knows the token: already revoked or expired.
        if response.status_code not in (200, 400):
            raise AuthError(
                f"revoking the token failed with HTTP {response.status_code}; kept at {path}"
            )
    path.unlink()
    return path
