"""slidegen: turn a Technical Opportunity Plan into a finished slide deck."""

from __future__ import annotations

__version__ = "0.1.0"
