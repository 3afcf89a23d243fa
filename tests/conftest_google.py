"""Fixtures for tests that drive the real Google client against the loopback emulator.

Use from a test module with ``pytest_plugins = ["conftest_google"]``.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from slidegen.backends.google.backend import GoogleBackend
from slidegen.backends.google.client import EMULATOR_ENV
from slidegen.backends.google.retry import RetryPolicy
from slidegen.config import Config, GoogleConfig
from slidegen.emulator import EmulatorServer
from slidegen.emulator.server import blank_presentation

CLIENT_TIMEOUT = 30.0
"""Seconds the client waits for an answer: generous, since a loaded machine is slow.

Timeout faults do not wait for it: the emulator marks the answer and the client
raises its read timeout at once (see ``Fault.timeout``)."""
FOLDER_ID = "folder-shared-drive-1"
NOW = 1_800_000_000.0


@pytest.fixture
def emulator(monkeypatch: pytest.MonkeyPatch) -> Iterator[EmulatorServer]:
    """Return a running emulator that SLIDEGEN_EMULATOR_HOST points at."""
    server = EmulatorServer().start()
    monkeypatch.setenv(EMULATOR_ENV, server.address)
    yield server
    server.stop()


@pytest.fixture
def sleeps() -> list[float]:
    """Return the list the retry policy records its (not really slept) waits in."""
    return []


@pytest.fixture
def policy(sleeps: list[float]) -> RetryPolicy:
    """Return a retry policy that never sleeps, rolls 0.5 and reads a fixed clock."""
    return RetryPolicy(max_attempts=4, sleep=sleeps.append, random=lambda: 0.5, clock=lambda: NOW)


@pytest.fixture
def config() -> Config:
    """Return a configuration that copies into a (Shared Drive) folder."""
    return Config(google=GoogleConfig(folder_id=FOLDER_ID))


@pytest.fixture
def backend(emulator: EmulatorServer, policy: RetryPolicy, config: Config) -> GoogleBackend:
    """Return a GoogleBackend built from config, talking to the emulator."""
    return GoogleBackend.from_config(config, policy=policy, timeout=CLIENT_TIMEOUT)


@pytest.fixture
def template_id(emulator: EmulatorServer) -> str:
    """Return the ID of a template deck stored in the emulator."""
    template = blank_presentation("template-deck-0001", "Team template")
    return emulator.add_presentation(
        template, name="Team template", app_properties={"template": "yes"}
    )
