"""How the analysis figures read in a table, the command line's and the web's alike."""

from __future__ import annotations

from typing import Any


def number(value: Any, digits: int = 2) -> str:
    """A figure for a table cell: floats to `digits` places, a missing value as a dash."""
    if value is None:
        return "–"
    if isinstance(value, float):
        return f"{value:.{digits}f}"
    return str(value)
