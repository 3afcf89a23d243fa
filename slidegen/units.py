"""Integer EMU geometry helpers (English Metric Units, as the Slides API uses)."""

from __future__ import annotations

EMU_PER_INCH = 914_400
EMU_PER_PT = 12_700


def pt(points: float) -> int:
    """Return `points` typographic points as whole EMU."""
    return round(points * EMU_PER_PT)


def inches(value: float) -> int:
    """Return `value` inches as whole EMU."""
    return round(value * EMU_PER_INCH)


def dimension(emu: float) -> dict[str, object]:
    """Return a Slides API Dimension for `emu`."""
    return {"magnitude": emu, "unit": "EMU"}


def magnitude_emu(dim: dict[str, object] | None) -> float:
    """Return a Slides API Dimension as EMU (PT dimensions are converted)."""
    if not dim:
        return 0.0
    value = float(dim.get("magnitude", 0.0))  # type: ignore[arg-type]
    return value * EMU_PER_PT if dim.get("unit") == "PT" else value
