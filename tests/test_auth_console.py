"""Signing in without a browser: print the address, take the redirected address back."""

from __future__ import annotations

import json
import urllib.parse
from pathlib import Path
from typing import Any

import pytest
from google_auth_oauthlib.flow import InstalledAppFlow
from oauthlib.oauth2.rfc6749.errors import InvalidGrantError
from pytest_mock import MockerFixture

from slidegen.backends.google import auth
from slidegen.errors import AuthError


@pytest.fixture
def secrets(tmp_path: Path) -> Path:
    path = tmp_path / "client_secret.json"
    installed = {
        "client_id": "123.apps.googleusercontent.com",
        "client_secret": "shh",
        "auth_uri": "https://accounts.google.com/o/oauth2/auth",
        "token_uri": "https://oauth2.googleapis.com/token",
        "redirect_uris": ["http://localhost"],
    }
    path.write_text(json.dumps({"installed": installed}), encoding="utf-8")
    return path


def test_the_code_is_read_from_the_pasted_address_or_given_bare() -> None:
    pasted = "http://127.0.0.1:1/?state=abc&code=4%2F0AX-code&scope=https://x"
    assert auth.authorization_code(pasted, "abc") == "4/0AX-code"
    assert auth.authorization_code("  4/0AX-code\n", "abc") == "4/0AX-code"


@pytest.mark.parametrize(
    ("pasted", "message"),
    [
        ("", "nothing was pasted"),
        ("http://127.0.0.1:1/?state=abc&error=access_denied", "refused the sign-in: access_denied"),
        ("http://127.0.0.1:1/?state=old&code=4/x", "another sign-in attempt"),
        ("http://127.0.0.1:1/?state=abc", "holds no code"),
    ],
)
def test_a_wrong_paste_says_what_is_wrong(pasted: str, message: str) -> None:
    with pytest.raises(AuthError, match=message):
        auth.authorization_code(pasted, "abc")


def test_the_console_flow_prints_an_address_and_trades_the_pasted_code(
    secrets: Path, mocker: MockerFixture
) -> None:
    told: list[str] = []
    traded: list[str] = []

    def ask(_prompt: str) -> str:
        (line,) = [line for line in told[0].splitlines() if "https://" in line]
        query = urllib.parse.parse_qs(urllib.parse.urlsplit(line.strip()).query)
        assert query["redirect_uri"] == [auth.CONSOLE_REDIRECT_URI]
        assert query["code_challenge_method"] == ["S256"]
        assert query["access_type"] == ["offline"]
        return f"{auth.CONSOLE_REDIRECT_URI}?state={query['state'][0]}&code=4%2Fgood"

    def fetch_token(self: InstalledAppFlow, **kwargs: Any) -> dict[str, Any]:
        traded.append(kwargs["code"])
        self.oauth2session.token = {
            "access_token": "at",
            "refresh_token": "rt",
            "token_type": "Bearer",
            "expires_at": 1_900_000_000,
        }
        return dict(self.oauth2session.token)

    mocker.patch.object(InstalledAppFlow, "fetch_token", fetch_token)

    credentials = auth.run_console_flow(secrets, auth.DEFAULT_SCOPES, ask=ask, tell=told.append)

    assert traded == ["4/good"]
    assert credentials.refresh_token == "rt"
    assert "paste it here" in told[0]


def test_a_refused_code_is_an_auth_error(secrets: Path, mocker: MockerFixture) -> None:
    mocker.patch.object(
        InstalledAppFlow, "fetch_token", side_effect=InvalidGrantError("Malformed auth code.")
    )

    with pytest.raises(AuthError, match="did not accept the code"):
        auth.run_console_flow(
            secrets, auth.DEFAULT_SCOPES, ask=lambda _p: "4/stale", tell=lambda _t: None
        )


@pytest.mark.parametrize(
    ("args", "environ"),
    [
        (["--no-browser"], {}),
        ([], {"SSH_CONNECTION": "10.0.0.2 50000 10.0.0.1 22"}),
    ],
    ids=["asked", "over-ssh"],
)
def test_auth_login_over_ssh_finishes_with_the_pasted_code(
    secrets: Path,
    tmp_path: Path,
    mocker: MockerFixture,
    monkeypatch: pytest.MonkeyPatch,
    args: list[str],
    environ: dict[str, str],
) -> None:
    from click.testing import CliRunner

    from slidegen.backends.google.backend import GoogleBackend
    from slidegen.cli import main

    monkeypatch.chdir(tmp_path)
    token = tmp_path / "token.json"
    monkeypatch.setenv(auth.TOKEN_ENV, str(token))
    monkeypatch.setenv(auth.CLIENT_SECRETS_ENV, str(secrets))
    for name, value in environ.items():
        monkeypatch.setenv(name, value)

    def fetch_token(self: InstalledAppFlow, **kwargs: Any) -> dict[str, Any]:
        assert kwargs == {"code": "4/good"}
        self.oauth2session.token = {"access_token": "at", "refresh_token": "rt", "expires_at": 1}
        return dict(self.oauth2session.token)

    mocker.patch.object(InstalledAppFlow, "fetch_token", fetch_token)
    mocker.patch.object(GoogleBackend, "account_email", return_value="ae@example.com")
    browser = mocker.patch.object(auth, "run_browser_flow")

    result = CliRunner().invoke(main, ["auth", "login", *args], input="4/good\n")

    assert result.exit_code == 0, result.output
    assert result.stdout == f"Signed in as ae@example.com; token saved to {token}\n"
    assert "https://accounts.google.com/o/oauth2/auth?" in result.stderr
    assert json.loads(token.read_text())["refresh_token"] == "rt"
    browser.assert_not_called()
