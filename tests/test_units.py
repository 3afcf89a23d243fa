"""EMU helpers."""

from __future__ import annotations

from slidegen.units import dimension, inches, magnitude_emu, pt


def test_conversions() -> None:
    assert pt(1) == 12_700
    assert inches(1) == 914_400


def test_dimensions_in_pt_are_converted() -> None:
    assert magnitude_emu(dimension(5000)) == 5000
    assert magnitude_emu({"magnitude": 2, "unit": "PT"}) == 25_400
    assert magnitude_emu(None) == 0
