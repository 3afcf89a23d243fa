"""A loopback Drive v3 + Slides v1 emulator with fault injection, for tests and trials."""

from __future__ import annotations

from slidegen.emulator.faults import Fault
from slidegen.emulator.server import EmulatorServer

__all__ = ["EmulatorServer", "Fault"]
