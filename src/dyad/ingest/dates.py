"""Publication dates from the many ways inputs write them."""

from __future__ import annotations

import datetime as dt
import re
import time
from email.utils import parsedate_to_datetime

_ISO_DATE = re.compile(r"\b(\d{4})-(\d{1,2})-(\d{1,2})\b")
_COMPACT_DATE = re.compile(r"^(\d{4})(\d{2})(\d{2})(?:\d{6})?$")  # WARC-style 20260105120000
# Anything outside these years is a parsing accident, not a news date.
_EARLIEST_YEAR = 1900
_LATEST_YEAR = 2200


def parse_date_text(value: str) -> dt.date | None:
    """Read a date from free text: ISO first, then RFC 2822, then dateparser."""
    value = value.strip()
    if not value:
        return None
    for parser in (_parse_iso, _parse_compact, _parse_rfc2822, _parse_free_text):
        found = parser(value)
        if found is not None and _EARLIEST_YEAR <= found.year <= _LATEST_YEAR:
            return found
    return None


def date_from_struct(value: time.struct_time | None) -> dt.date | None:
    if value is None:
        return None
    try:
        return dt.date(value.tm_year, value.tm_mon, value.tm_mday)
    except ValueError:
        return None


def date_from_timestamp(seconds: float) -> dt.date | None:
    try:
        return dt.datetime.fromtimestamp(seconds, tz=dt.UTC).date()
    except (OverflowError, OSError, ValueError):
        return None


def _make_date(year: str, month: str, day: str) -> dt.date | None:
    try:
        return dt.date(int(year), int(month), int(day))
    except ValueError:
        return None


def _parse_iso(value: str) -> dt.date | None:
    match = _ISO_DATE.search(value)
    return _make_date(*match.groups()) if match else None


def _parse_compact(value: str) -> dt.date | None:
    match = _COMPACT_DATE.match(value)
    return _make_date(*match.groups()) if match else None


def _parse_rfc2822(value: str) -> dt.date | None:
    try:
        return parsedate_to_datetime(value).date()
    except (TypeError, ValueError, IndexError):
        return None


def _parse_free_text(value: str) -> dt.date | None:
    # Imported here: dateparser takes over a second to import and most inputs
    # carry ISO dates.
    import dateparser

    if len(value) > 100:
        return None  # prose, not a date
    try:
        parsed = dateparser.parse(value, settings={"STRICT_PARSING": True})
    except (ValueError, OverflowError, TypeError):
        return None
    return parsed.date() if parsed is not None else None
