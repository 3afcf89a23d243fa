"""The state file, the sync lock and the write rate limiter."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from slidegen.backends.ratelimit import TokenBucket
from slidegen.errors import InputError
from slidegen.sync.lock import LockHeldError, SyncLock
from slidegen.sync.state import DeckRecord, load_state


def test_state_round_trips_with_sorted_keys(tmp_path: Path) -> None:
    path = tmp_path / "state.json"
    state = load_state(path)
    assert state.decks == {}
    record = DeckRecord("plans/b.yaml", "deck-b", "f" * 64, generated={"s1": ["sgc1_a"]})
    state.put("google", "plans/b.yaml", record)
    state.put("google", "plans/a.yaml", DeckRecord("plans/a.yaml", "deck-a", "e" * 64))
    state.save()
    text = path.read_text()
    assert text.index("plans/a.yaml") < text.index("plans/b.yaml")
    assert json.loads(text)["format"] == 1
    again = load_state(path)
    assert again.get("google", "plans/b.yaml") == record
    assert again.get("offline", "plans/b.yaml") is None
    assert [p.name for p in tmp_path.iterdir()] == ["state.json"]


def test_state_ignores_fields_it_does_not_know(tmp_path: Path) -> None:
    path = tmp_path / "state.json"
    entry = {"plan_path": "p.yaml", "presentation_id": "d", "fingerprint": "0", "later": 1}
    path.write_text(json.dumps({"format": 1, "decks": {"google": {"p.yaml": entry}}}))
    record = load_state(path).get("google", "p.yaml")
    assert record is not None and record.presentation_id == "d"


@pytest.mark.parametrize(
    ("content", "message"),
    [("{not json", "not valid JSON"), ('{"format": 7}', "not a slidegen sync state")],
)
def test_a_broken_state_file_is_an_input_error(tmp_path: Path, content: str, message: str) -> None:
    path = tmp_path / "state.json"
    path.write_text(content)
    with pytest.raises(InputError, match=message):
        load_state(path)


def test_a_failed_write_keeps_the_previous_state(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "state.json"
    state = load_state(path)
    state.put("offline", "p.yaml", DeckRecord("p.yaml", "one", "1"))
    state.save()
    before = path.read_text()

    def refuse(*_: object) -> None:
        raise OSError("disk full")

    monkeypatch.setattr("slidegen.files.os.replace", refuse)
    state.put("offline", "p.yaml", DeckRecord("p.yaml", "two", "2"))
    with pytest.raises(OSError, match="disk full"):
        state.save()
    assert path.read_text() == before
    assert [p.name for p in tmp_path.iterdir()] == ["state.json"]


def test_lock_refuses_a_second_holder_in_another_process(tmp_path: Path) -> None:
    state_file = tmp_path / "state.json"
    holder = (
        "import sys, time\n"
        "from pathlib import Path\n"
        "from slidegen.sync.lock import SyncLock\n"
        "with SyncLock(Path(sys.argv[1])):\n"
        "    print('held', flush=True)\n"
        "    sys.stdin.readline()\n"
    )
    process = subprocess.Popen(
        [sys.executable, "-c", holder, str(state_file)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert process.stdout is not None and process.stdout.readline().strip() == "held"
        with pytest.raises(LockHeldError, match=f"process {process.pid}"):
            SyncLock(state_file).acquire()
    finally:
        assert process.stdin is not None
        process.stdin.write("\n")
        process.stdin.close()
        process.wait(timeout=30)
        assert process.stdout is not None
        process.stdout.close()
    with SyncLock(state_file):
        pass


def test_lock_is_released_on_exit(tmp_path: Path) -> None:
    state_file = tmp_path / "state.json"
    with SyncLock(state_file), pytest.raises(LockHeldError):
        SyncLock(state_file).acquire()
    with SyncLock(state_file) as lock:
        assert lock.path.name == "state.json.lock"


class FakeClock:
    """A clock that only moves when the limiter sleeps."""

    def __init__(self) -> None:
        self.now = 1000.0
        self.sleeps: list[float] = []

    def __call__(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.sleeps.append(seconds)
        self.now += seconds


def test_token_bucket_keeps_every_minute_within_the_quota() -> None:
    clock = FakeClock()
    bucket = TokenBucket(per_minute=30, clock=clock, sleep=clock.sleep)
    stamps = []
    for _ in range(95):
        bucket.acquire()
        stamps.append(clock.now)
    for start in stamps:
        assert sum(1 for stamp in stamps if start <= stamp < start + 60) <= 30
    assert stamps[-1] - stamps[0] == pytest.approx(94 * 2.0)
    assert bucket.waited == pytest.approx(94 * 2.0)


def test_token_bucket_does_not_wait_after_idle_time() -> None:
    clock = FakeClock()
    bucket = TokenBucket(per_minute=60, capacity=3, clock=clock, sleep=clock.sleep)
    assert [bucket.acquire() for _ in range(3)] == [0.0, 0.0, 0.0]
    assert bucket.acquire() == pytest.approx(1.0)
    clock.now += 600
    assert [bucket.acquire() for _ in range(3)] == [0.0, 0.0, 0.0]
