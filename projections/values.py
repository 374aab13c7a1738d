"""Reading stored values the way every projection rule does: a field may be missing, damaged or hand-corrected."""

from __future__ import annotations

from datetime import date
from typing import Any


def day(value: Any) -> date | None:
    """A stored day (ISO text, or a date already), else None: a damaged value counts as absent, never as an error."""
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(value) if isinstance(value, str) else None
    except ValueError:
        return None
