"""Rebuild a deck every time its plan file is saved."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from slidegen.errors import InputError, SlidegenError

Signature = tuple[int, int]


def file_signature(path: Path) -> Signature | None:
    """Return the modification time (ns) and size of `path`, or None when it is missing."""
    try:
        status = path.stat()
    except FileNotFoundError:
        return None
    return (status.st_mtime_ns, status.st_size)


@dataclass
class WatchSummary:
    """What a watch loop did before it stopped."""

    builds: int = 0
    failures: int = 0
    interrupted: bool = False


def watch(
    plan_path: Path,
    rebuild: Callable[[Path], str],
    report: Callable[[str], None],
    *,
    interval: float = 0.5,
    debounce: float = 0.3,
    max_iterations: int | None = None,
    sleep: Callable[[float], None] = time.sleep,
    clock: Callable[[], float] = time.monotonic,
) -> WatchSummary:
    """Build once, then rebuild whenever `plan_path` changes, until interrupted.

    The file's modification time and size are polled every `interval` seconds;
    a change is built once the file has stayed the same for `debounce` seconds,
    so an editor that saves in several writes causes one build. `rebuild`
    returns a line to report; an invalid plan reports every problem and the
    loop keeps watching. Ctrl-C ends the loop cleanly. `max_iterations` bounds
    the number of polls (for tests).
    """
    summary = WatchSummary()

    def build() -> None:
        try:
            report(rebuild(plan_path))
            summary.builds += 1
        except InputError as error:
            summary.failures += 1
            report(f"{plan_path}: {len(error.problems)} problem(s); fix and save to rebuild")
            for problem in error.problems:
                report(f"  {problem}")
        except SlidegenError as error:
            summary.failures += 1
            report(f"{plan_path}: build failed: {error}")

    last_seen = file_signature(plan_path)
    pending_since: float | None = None
    try:
        if last_seen is None:
            report(f"waiting for {plan_path} to appear")
        else:
            build()
        report(f"watching {plan_path} (Ctrl-C to stop)")
        iterations = 0
        while max_iterations is None or iterations < max_iterations:
            iterations += 1
            sleep(interval)
            current = file_signature(plan_path)
            if current != last_seen:
                last_seen = current
                pending_since = None if current is None else clock()
                continue
            if pending_since is not None and clock() - pending_since >= debounce:
                pending_since = None
                build()
    except KeyboardInterrupt:
        summary.interrupted = True
        report("stopped watching")
    return summary
