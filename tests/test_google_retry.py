"""The retry policy: which failures repeat, how long to wait, when to give up."""

from __future__ import annotations

import email.utils
import json
import logging
from collections.abc import Callable

import httplib2
import pytest
import requests
from googleapiclient.errors import HttpError
from hypothesis import given
from hypothesis import strategies as st

from slidegen.backends.google.retry import (
    Outcome,
    RetriesExhausted,
    RetryPolicy,
    call_with_retry,
    classify,
    format_seconds,
    retry_after_seconds,
)

NOW = 1_800_000_000.0


def http_error(status: int, retry_after: str | None = None) -> HttpError:
    """Return an HttpError as the client raises it for `status`."""
    headers = {"status": str(status)}
    if retry_after is not None:
        headers["retry-after"] = retry_after
    body = json.dumps({"error": {"code": status, "message": "boom"}}).encode()
    return HttpError(httplib2.Response(headers), body, uri="http://x/")


@pytest.mark.parametrize(
    ("error", "outcome"),
    [
        (http_error(429), Outcome.REJECTED),
        (http_error(500), Outcome.AMBIGUOUS),
        (http_error(502), Outcome.AMBIGUOUS),
        (http_error(503), Outcome.AMBIGUOUS),
        (http_error(504), Outcome.AMBIGUOUS),
        (http_error(400), Outcome.PERMANENT),
        (http_error(403), Outcome.PERMANENT),
        (http_error(404), Outcome.PERMANENT),
        (requests.ConnectionError("reset"), Outcome.AMBIGUOUS),
        (requests.ReadTimeout("slow"), Outcome.AMBIGUOUS),
        (ConnectionResetError(), Outcome.AMBIGUOUS),
        (TimeoutError(), Outcome.AMBIGUOUS),
        (ValueError("bug"), Outcome.PERMANENT),
    ],
)
def test_classify(error: BaseException, outcome: Outcome) -> None:
    assert classify(error) is outcome


def test_retry_after_in_seconds_and_as_a_date() -> None:
    assert retry_after_seconds(http_error(429, "17"), NOW) == 17.0
    date = email.utils.formatdate(NOW + 90, usegmt=True)
    assert retry_after_seconds(http_error(429, date), NOW) == 90.0
    past = email.utils.formatdate(NOW - 90, usegmt=True)
    assert retry_after_seconds(http_error(429, past), NOW) == 0.0
    assert retry_after_seconds(http_error(429, "soon"), NOW) is None
    assert retry_after_seconds(http_error(429), NOW) is None
    assert retry_after_seconds(ConnectionResetError(), NOW) is None


@given(attempt=st.integers(1, 30), roll=st.floats(0, 1, exclude_max=True))
def test_backoff_is_full_jitter_under_a_cap(attempt: int, roll: float) -> None:
    policy = RetryPolicy(base_delay=1.0, max_delay=32.0, random=lambda: roll)

    delay = policy.delay(attempt, http_error(503))

    ceiling = min(32.0, 2.0 ** (attempt - 1))
    assert 0 <= delay <= ceiling
    assert delay == pytest.approx(roll * ceiling)


def test_retry_after_wins_over_backoff_but_is_capped() -> None:
    policy = RetryPolicy(random=lambda: 0.0, clock=lambda: NOW, max_retry_after=60)

    assert policy.delay(1, http_error(429, "45")) == 45.0
    assert policy.delay(1, http_error(429, "4500")) == 60.0


def failing(*errors: BaseException, result: str = "done") -> tuple[list[int], Callable[[], str]]:
    """Return a call log and a callable that raises `errors` in turn, then returns `result`."""
    calls: list[int] = []
    queue = list(errors)

    def attempt() -> str:
        calls.append(1)
        if queue:
            raise queue.pop(0)
        return result

    return calls, attempt


def test_transient_failures_are_repeated_with_recorded_waits() -> None:
    slept: list[float] = []
    policy = RetryPolicy(sleep=slept.append, random=lambda: 1.0 - 1e-9)
    calls, attempt = failing(http_error(503), http_error(429, "3"), ConnectionResetError())

    assert call_with_retry(attempt, policy) == "done"
    assert len(calls) == 4
    assert slept == pytest.approx([1.0, 3.0, 4.0])
    assert policy.slept == slept


def test_permanent_failures_are_raised_at_once() -> None:
    calls, attempt = failing(http_error(404))

    with pytest.raises(HttpError):
        call_with_retry(attempt, RetryPolicy(sleep=lambda _s: None))
    assert len(calls) == 1


def test_giving_up_carries_the_last_error_and_the_count() -> None:
    calls, attempt = failing(*[http_error(503)] * 5)

    with pytest.raises(RetriesExhausted) as caught:
        call_with_retry(attempt, RetryPolicy(max_attempts=3, sleep=lambda _s: None))

    assert caught.value.attempts == 3
    assert isinstance(caught.value.last_error, HttpError)
    assert len(calls) == 3


def test_recovery_runs_only_after_ambiguous_failures() -> None:
    seen: list[str] = []

    def recover(error: BaseException) -> str | None:
        seen.append(type(error).__name__)
        return "recovered" if len(seen) == 2 else None

    calls, attempt = failing(http_error(429), http_error(503), ConnectionResetError())

    result = call_with_retry(attempt, RetryPolicy(sleep=lambda _s: None), recover=recover)

    assert result == "recovered"
    assert seen == ["HttpError", "ConnectionResetError"]
    assert len(calls) == 3


def test_each_wait_is_logged_naming_the_call_and_long_ones_are_warnings(
    caplog: pytest.LogCaptureFixture,
) -> None:
    policy = RetryPolicy(sleep=lambda _s: None, random=lambda: 0.5)
    _calls, attempt = failing(http_error(429, "8"), http_error(503), requests.ReadTimeout("slow"))

    with caplog.at_level(logging.DEBUG, logger="slidegen"):
        call_with_retry(attempt, policy, name="presentations.batchUpdate")

    assert [(r.levelno, r.getMessage()) for r in caplog.records] == [
        (
            logging.WARNING,
            "429 from presentations.batchUpdate; retrying in 8 s (attempt 2 of 6)",
        ),
        (logging.INFO, "503 from presentations.batchUpdate; retrying in 1 s (attempt 3 of 6)"),
        (
            logging.WARNING,
            "timeout from presentations.batchUpdate; retrying in 2 s (attempt 4 of 6)",
        ),
    ]


def test_giving_up_is_logged(caplog: pytest.LogCaptureFixture) -> None:
    _calls, attempt = failing(*[ConnectionResetError()] * 2)

    with caplog.at_level(logging.INFO, logger="slidegen"), pytest.raises(RetriesExhausted):
        call_with_retry(
            attempt, RetryPolicy(max_attempts=2, sleep=lambda _s: None), name="files.copy"
        )

    assert caplog.records[-1].getMessage() == (
        "connection reset from files.copy; giving up after 2 attempts"
    )


@pytest.mark.parametrize(
    ("seconds", "text"),
    [
        (0.42, "0.4 s"),
        (1.0, "1 s"),
        (8.0, "8 s"),
        (31.6, "32 s"),
        (125, "2 min 5 s"),
        (240, "4 min"),
    ],
)
def test_waits_read_as_people_say_them(seconds: float, text: str) -> None:
    assert format_seconds(seconds) == text
