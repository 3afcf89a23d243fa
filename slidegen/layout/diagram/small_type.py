"""When an architecture diagram may take type below the configured minimum.

A state of no more than thirty components too large for one slide at the
configured type takes smaller type (down to 7 pt at the default minimum of
9 pt) rather than an overview and detail slides: one picture reads better than
a picture cut in four. One that needs several slides even so takes that type on
them too when it then needs fewer (two halves rather than an overview and
three), or as many whose boxes all share one width where at the configured
type they do not, and leaves no more to the notes alone (a "What changes"
shown briefer, or counted in the legend's row, counts as shown). The slide
builder draws by this rule and the deck checker accepts exactly the type it
allows on such a state's slides.
"""

from __future__ import annotations

from typing import Final

SMALL_TYPE_COMPONENTS: Final = range(1, 31)
"""States too large for one slide at the configured type that may take smaller type instead.

Most states of 20 components or fewer fit at the configured type; those that do not (long
names, five or six zones, a long chain of stages) are as well served by one picture as
larger ones: the realistic plan's current state of 15, the corpus' 20c/3z and 20c/6z each
take one slide so, rather than two to four.
"""
SMALL_TYPE_PT: Final = 7.0
"""The smallest type a state of `SMALL_TYPE_COMPONENTS` may take to stay on one slide."""
SMALL_TYPE_BELOW: Final = 2.0
"""How far below the configured minimum such a state may go, though never below 7 pt.

A deck set to a larger minimum (12 pt for a large room, say) keeps its diagrams near it:
10 pt, not 7.
"""


def smallest_type(components: int, min_pt: float) -> float:
    """Return the smallest type a state of `components` drawn whole on its own slide may take."""
    if components in SMALL_TYPE_COMPONENTS:
        return min(min_pt, max(SMALL_TYPE_PT, min_pt - SMALL_TYPE_BELOW))
    return min_pt
