"""Sign-in: where tokens live, silent refresh, service accounts, clear failures."""

from __future__ import annotations

import datetime as dt
import json
import stat
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import google.auth.exceptions
import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from google.oauth2.credentials import Credentials as UserCredentials

from slidegen.backends.google import auth
from slidegen.backends.google.failures import translate
from slidegen.config import GoogleConfig
from slidegen.errors import AuthError


def user_credentials(*, expired: bool = False, refresh_token: str | None = "r-1") -> Any:
    """Return OAuth user credentials, already expired when asked."""
    expiry = dt.datetime(2000, 1, 1) if expired else dt.datetime(2999, 1, 1)
    return UserCredentials(
        token="access-1",
        refresh_token=refresh_token,
        token_uri="https://oauth2.googleapis.com/token",
        client_id="client-1.apps.googleusercontent.com",
        client_secret="secret-1",
        scopes=list(auth.DEFAULT_SCOPES),
        expiry=expiry,
    )


@pytest.fixture
def token_file(tmp_path: Path) -> Path:
    """Return where the token goes (through $SLIDEGEN_TOKEN)."""
    return tmp_path / "conf" / "token.json"


@pytest.fixture
def env(token_file: Path) -> dict[str, str]:
    """Return an environment pointing slidegen at `token_file`."""
    return {auth.TOKEN_ENV: str(token_file)}


def test_token_path_prefers_the_override_then_xdg_then_home(tmp_path: Path) -> None:
    assert auth.token_path({auth.TOKEN_ENV: "/x/t.json", "XDG_CONFIG_HOME": "/c"}) == Path(
        "/x/t.json"
    )
    assert auth.token_path({"XDG_CONFIG_HOME": "/c", "HOME": "/h"}) == Path(
        "/c/slidegen/token.json"
    )
    assert auth.token_path({"HOME": "/h"}) == Path("/h/.config/slidegen/token.json")


def test_saved_token_is_readable_by_the_owner_only(token_file: Path) -> None:
    token_file.parent.mkdir(parents=True)
    token_file.write_text("{}")
    token_file.chmod(0o644)

    auth.save_token(user_credentials(), token_file, account="ae@example.com")

    assert stat.S_IMODE(token_file.stat().st_mode) == 0o600
    saved = json.loads(token_file.read_text())
    assert saved["refresh_token"] == "r-1"
    assert saved["account"] == "ae@example.com"


def test_a_valid_token_is_used_as_is(token_file: Path, env: dict[str, str]) -> None:
    auth.save_token(user_credentials(), token_file, account="ae@example.com")

    identity = auth.load_identity(GoogleConfig(), environ=env)

    assert identity.method == "oauth"
    assert identity.account == "ae@example.com"
    assert identity.source == str(token_file)
    assert identity.scopes == list(auth.DEFAULT_SCOPES)


def test_an_expired_token_is_refreshed_silently_and_saved(
    token_file: Path, env: dict[str, str], mocker: Any
) -> None:
    auth.save_token(user_credentials(expired=True), token_file)

    def refresh(self: UserCredentials, _request: object) -> None:
        self.token = "access-2"
        self.expiry = dt.datetime(2999, 1, 1)

    mocker.patch.object(UserCredentials, "refresh", refresh)

    identity = auth.load_identity(GoogleConfig(), environ=env)

    assert identity.credentials.token == "access-2"
    assert json.loads(token_file.read_text())["token"] == "access-2"
    assert stat.S_IMODE(token_file.stat().st_mode) == 0o600


def test_a_revoked_token_says_to_sign_in_again(
    token_file: Path, env: dict[str, str], mocker: Any
) -> None:
    auth.save_token(user_credentials(expired=True), token_file, account="ae@example.com")
    mocker.patch.object(
        UserCredentials,
        "refresh",
        side_effect=google.auth.exceptions.RefreshError(
            "invalid_grant: Token has been expired or revoked."
        ),
    )

    with pytest.raises(AuthError) as caught:
        auth.load_identity(GoogleConfig(), environ=env)

    assert "ae@example.com" in str(caught.value)
    assert "slidegen auth login" in str(caught.value)
    assert "7 days" in str(caught.value)


def test_a_revoked_token_during_a_call_says_the_same() -> None:
    error = google.auth.exceptions.RefreshError("invalid_grant: Bad Request")

    translated = translate(error, call="files.copy", who="ae@example.com")

    assert isinstance(translated, AuthError)
    assert "slidegen auth login" in str(translated)


def test_no_token_means_not_signed_in(env: dict[str, str]) -> None:
    with pytest.raises(AuthError, match="not signed in"):
        auth.load_identity(GoogleConfig(), environ=env)


def test_an_unreadable_token_says_so(token_file: Path, env: dict[str, str]) -> None:
    token_file.parent.mkdir(parents=True)
    token_file.write_text("not json")

    with pytest.raises(AuthError, match="cannot read the saved token"):
        auth.load_identity(GoogleConfig(), environ=env)


@pytest.fixture
def service_account_key(tmp_path: Path) -> Path:
    """Return a service account key file with a freshly made RSA key."""
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    pem = key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    ).decode()
    path = tmp_path / "sa.json"
    path.write_text(
        json.dumps(
            {
                "type": "service_account",
                "project_id": "demo",
                "private_key_id": "k1",
                "private_key": pem,
                "client_email": "builder@demo.iam.gserviceaccount.com",
                "client_id": "1",
                "token_uri": "https://oauth2.googleapis.com/token",
            }
        )
    )
    return path


def test_service_account_key_from_config(service_account_key: Path) -> None:
    config = GoogleConfig(auth="service_account", service_account_key=str(service_account_key))

    identity = auth.load_identity(config, environ={})

    assert identity.method == "service_account"
    assert identity.account == "builder@demo.iam.gserviceaccount.com"
    assert identity.credentials.scopes == list(auth.DEFAULT_SCOPES)  # type: ignore[attr-defined]


def test_service_account_key_from_the_environment_with_delegation(
    service_account_key: Path,
) -> None:
    config = GoogleConfig(auth="service_account", subject="ae@example.com")

    identity = auth.load_identity(config, environ={auth.ADC_ENV: str(service_account_key)})

    assert identity.credentials._subject == "ae@example.com"  # type: ignore[attr-defined]
    assert identity.account is not None
    assert identity.account.startswith("ae@example.com (delegated by builder@")


def test_service_account_without_a_key_says_where_to_put_one() -> None:
    with pytest.raises(AuthError) as caught:
        auth.load_identity(GoogleConfig(auth="service_account"), environ={})

    assert "service_account_key" in str(caught.value)


def test_adc_missing_points_to_gcloud(mocker: Any) -> None:
    mocker.patch(
        "google.auth.default",
        side_effect=google.auth.exceptions.DefaultCredentialsError("none found"),
    )

    with pytest.raises(AuthError, match="gcloud auth application-default login"):
        auth.load_identity(GoogleConfig(auth="adc"), environ={})


def test_login_runs_the_flow_and_saves_the_token(
    tmp_path: Path, token_file: Path, env: dict[str, str]
) -> None:
    secrets = tmp_path / "client.json"
    secrets.write_text("{}")
    asked: list[Sequence[str]] = []

    def flow(path: Path, scopes: Sequence[str]) -> UserCredentials:
        assert path == secrets
        asked.append(scopes)
        return user_credentials()  # type: ignore[no-any-return]

    identity = auth.login(
        GoogleConfig(client_secrets=str(secrets)),
        scopes=auth.NARROW_SCOPES,
        environ=env,
        flow=flow,
        account_lookup=lambda _c: "ae@example.com",
    )

    assert asked == [auth.NARROW_SCOPES]
    assert identity.account == "ae@example.com"
    assert stat.S_IMODE(token_file.stat().st_mode) == 0o600
    assert json.loads(token_file.read_text())["account"] == "ae@example.com"


def test_login_without_client_secrets_explains_how_to_get_them() -> None:
    with pytest.raises(AuthError) as caught:
        auth.login(GoogleConfig(), environ={}, flow=lambda _p, _s: user_credentials())

    assert auth.CLIENT_SECRETS_ENV in str(caught.value)
    assert "Desktop OAuth client" in str(caught.value)


def test_logout_revokes_then_deletes(token_file: Path, env: dict[str, str]) -> None:
    auth.save_token(user_credentials(), token_file)
    posted: list[dict[str, Any]] = []

    class Reply:
        status_code = 200

    def post(url: str, **kwargs: Any) -> Reply:
        posted.append({"url": url, **kwargs})
        return Reply()

    assert auth.logout(environ=env, revoke=True, post=post) == token_file
    assert not token_file.exists()
    assert posted[0]["url"] == auth.REVOKE_URL
    assert posted[0]["params"] == {"token": "r-1"}
    assert auth.logout(environ=env) is None


ECHOED = (
    "invalid_grant: Bad Request",
    {
        "error": "invalid_grant",
        "error_description": "echo: client_secret=secret-1&refresh_token=r-1&grant_type=x",
    },
)


def test_a_failed_refresh_never_shows_the_token_servers_reply(
    token_file: Path, env: dict[str, str], mocker: Any
) -> None:
    auth.save_token(user_credentials(expired=True), token_file)
    mocker.patch.object(
        UserCredentials, "refresh", side_effect=google.auth.exceptions.RefreshError(*ECHOED)
    )

    with pytest.raises(AuthError) as caught:
        auth.load_identity(GoogleConfig(), environ=env)

    shown = str(caught.value)
    assert "invalid_grant" in shown and "auth login" in shown
    assert "secret-1" not in shown and "r-1" not in shown and "echo" not in shown
    assert caught.value.__cause__ is None and caught.value.__suppress_context__


def test_a_refresh_without_network_is_one_clear_message(
    token_file: Path, env: dict[str, str], mocker: Any
) -> None:
    auth.save_token(user_credentials(expired=True), token_file)
    mocker.patch.object(
        UserCredentials,
        "refresh",
        side_effect=google.auth.exceptions.TransportError("Failed to resolve 'oauth2…'"),
    )

    with pytest.raises(AuthError, match="could not reach Google"):
        auth.load_identity(GoogleConfig(), environ=env)


@pytest.mark.parametrize("content", ["[1, 2]", '"a token"', '{"client_id": "x"}'])
def test_a_token_file_of_the_wrong_shape_says_so(
    token_file: Path, env: dict[str, str], content: str
) -> None:
    token_file.parent.mkdir(parents=True)
    token_file.write_text(content)

    with pytest.raises(AuthError, match="saved token") as caught:
        auth.load_identity(GoogleConfig(), environ=env)

    assert "auth login" in str(caught.value)


def test_saving_a_token_replaces_a_link_instead_of_following_it(
    token_file: Path, tmp_path: Path
) -> None:
    target = tmp_path / "elsewhere.txt"
    target.write_text("keep me")
    token_file.parent.mkdir(parents=True)
    token_file.symlink_to(target)

    auth.save_token(user_credentials(), token_file)

    assert target.read_text() == "keep me"
    assert not token_file.is_symlink()
    assert stat.S_IMODE(token_file.stat().st_mode) == 0o600
    assert json.loads(token_file.read_text())["refresh_token"] == "r-1"


def test_a_token_others_can_read_is_warned_about(
    token_file: Path, env: dict[str, str], caplog: pytest.LogCaptureFixture
) -> None:
    auth.save_token(user_credentials(), token_file)
    token_file.chmod(0o644)

    auth.load_identity(GoogleConfig(), environ=env)

    assert "can be read by other users" in caplog.text


def test_a_failed_revoke_does_not_print_the_token(token_file: Path, env: dict[str, str]) -> None:
    import requests

    auth.save_token(user_credentials(), token_file)

    def post(url: str, **kwargs: Any) -> Any:
        raise requests.ConnectionError(f"cannot reach {url}?token={kwargs['params']['token']}")

    with pytest.raises(AuthError) as caught:
        auth.logout(environ=env, revoke=True, post=post)

    assert "r-1" not in str(caught.value) and "access-1" not in str(caught.value)
