"""When an architecture diagram may take type below the configured minimum.

A state too large for one slide at the configured type, yet of no more than
thirty components, takes smaller type (down to 7 pt) rather than an overview
and detail slides: one slide reads better than four. One that needs several
slides even so takes that type on them too when it then needs fewer (two
halves rather than an overview and three) and leaves no more to the notes.
The slide builder draws by this rule and the deck checker accepts exactly the
type it allows on such a state's slides.
"""

from __future__ import annotations

from typing import Final

SMALL_TYPE_COMPONENTS: Final = range(21, 31)
"""States too large for one slide at the configured type that may take smaller type instead."""
SMALL_TYPE_PT: Final = 7.0
"""The smallest type a state of `SMALL_TYPE_COMPONENTS` may take to stay on one slide."""


def smallest_type(components: int, min_pt: float) -> float:
    """Return the smallest type a state of `components` drawn whole on its own slide may take."""
    if components in SMALL_TYPE_COMPONENTS:
        return min(SMALL_TYPE_PT, min_pt)
    return min_pt
