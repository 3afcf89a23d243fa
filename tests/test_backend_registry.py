"""The backend registry, the optional abilities backends declare, and errors' fields."""

from __future__ import annotations

import click
import pytest

from slidegen.backends.base import (
    DeckBackend,
    DeckCreation,
    ImageUrls,
    NotesIdMemory,
    RecoveryLog,
    Sharing,
)
from slidegen.backends.google.backend import GoogleBackend
from slidegen.backends.google.client import Services
from slidegen.backends.offline.backend import OfflineBackend
from slidegen.backends.registry import BACKENDS, backend_kind, backend_names, make_backend
from slidegen.cli import main
from slidegen.config import BackendName, Config
from slidegen.errors import AuthError, BackendError, SlidegenError


def test_the_registry_knows_every_backend_the_config_accepts() -> None:
    assert backend_names() == ["offline", "google"]
    assert set(backend_names()) == {name.value for name in BackendName}


@pytest.mark.parametrize("command", ["build", "sync"])
def test_backend_options_offer_the_registry_names(command: str) -> None:
    loaded = main.get_command(click.Context(main), command)
    assert loaded is not None
    option = next(p for p in loaded.params if p.name == "backend")
    assert isinstance(option.type, click.Choice)
    assert list(option.type.choices) == backend_names()


def test_only_the_google_backend_keeps_decks() -> None:
    assert {name: kind.keeps_decks for name, kind in BACKENDS.items()} == {
        "offline": False,
        "google": True,
    }


def test_an_unknown_backend_names_the_known_ones() -> None:
    with pytest.raises(BackendError) as unknown:
        backend_kind("carrier-pigeon")
    assert unknown.value.message == "unknown backend 'carrier-pigeon'"
    assert unknown.value.hint == "choose one of: offline, google"


def test_the_offline_backend_declares_what_it_can_do(default_config: Config) -> None:
    backend, _ = make_backend("offline", default_config)
    assert isinstance(backend, DeckBackend)
    assert isinstance(backend, ImageUrls)
    assert isinstance(backend, NotesIdMemory) and backend.keeps_notes_ids is None
    assert not isinstance(backend, Sharing)
    assert not isinstance(backend, DeckCreation)
    assert not isinstance(backend, RecoveryLog)
    assert isinstance(backend, OfflineBackend)


def test_the_google_backend_declares_what_it_can_do() -> None:
    backend = GoogleBackend(Services(slides=None, drive=None))
    for ability in (DeckBackend, ImageUrls, NotesIdMemory, Sharing, DeckCreation, RecoveryLog):
        assert isinstance(backend, ability), ability.__name__
    assert backend.recoveries == [] and backend.keeps_notes_ids is None


def test_errors_keep_their_message_and_hint_apart() -> None:
    error = AuthError("token expired", status=401, hint="run `slidegen auth login`")
    assert (error.message, error.hint, error.status) == (
        "token expired",
        "run `slidegen auth login`",
        401,
    )
    assert str(error) == "token expired\n  hint: run `slidegen auth login`"
    reworded = error.reworded("architecture.current.image: token expired")
    assert type(reworded) is AuthError
    assert (reworded.message, reworded.hint, reworded.status) == (
        "architecture.current.image: token expired",
        "run `slidegen auth login`",
        401,
    )
    plain = SlidegenError("no hint here")
    assert (plain.message, plain.hint, str(plain)) == ("no hint here", None, "no hint here")
