"""A date for every document, from the best evidence there is, and what it rests on.

Strongest first: the article's own date (a reader's field, a metadata line, HTML meta) or
the date its feed item or listing gave; then its dateline (a year-less one, "BEIJING,
March 9 (APP) -", takes the year from the feed, fetch or file date); then the feed's own
publication date; then when it was fetched; last, the file's modification time. Each
document's `date_source` says which (`dyad.columns.DATE_SOURCES`).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from dyad.ingest.dateline import Dateline
from dyad.ingest.dates import date_from_timestamp, parse_date_text
from dyad.models import Document

# Where readers leave the dates that are no publication date but bound it (extra keys).
FEED_DATE = "feed_date"  # the feed's own pubDate / updated, for items without one
FETCH_DATES = ("fetched", "fetched_at")  # WARC-Date; `dyad follow`'s fetch time
FILE_DATE = "file_date"  # the input file's modification time
WEAK_SOURCES = frozenset(("fetch", "file"))
# A story is normally dated on or before the day it was fetched or saved; a day more allows
# for time zones.
_REFERENCE_TOLERANCE = dt.timedelta(days=1)


def nearest_year(
    month: int, day: int, reference: dt.date, tolerance: dt.timedelta = _REFERENCE_TOLERANCE
) -> dt.date | None:
    """The day `month`/`day` in the year that puts it closest to `reference` without being more
    than `tolerance` after it: "Jan 2" read on 30 December is the coming 2 January only when
    the tolerance reaches it, else the one just past. Feb 29 goes back to a leap year."""
    latest = reference + tolerance
    for year in range(latest.year, latest.year - 8, -1):
        try:
            candidate = dt.date(year, month, day)
        except ValueError:  # Feb 29 in a common year, or no such day at all
            continue
        if candidate <= latest:
            return candidate
    return None


def reference_date(doc: Document) -> tuple[dt.date, str] | None:
    """The date that bounds the publication date from above, and its source: the feed's own
    date, the fetch date, else the file's modification time."""
    if doc.date is not None and doc.date_source in WEAK_SOURCES:
        return doc.date, doc.date_source
    found = _extra_date(doc.extra, FEED_DATE)
    if found is not None:
        return found, "feed"
    for key in FETCH_DATES:
        found = _extra_date(doc.extra, key)
        if found is not None:
            return found, "fetch"
    found = _extra_date(doc.extra, FILE_DATE)
    return (found, "file") if found is not None else None


def has_own_date(doc: Document) -> bool:
    """The document carries its own publication date (not a fetch or file date)."""
    return doc.date is not None and doc.date_source not in WEAK_SOURCES


def settle_date(doc: Document, dateline: Dateline | None) -> None:
    """Set `doc.date` and `doc.date_source` from the best evidence (see the module's doc).

    `dateline` is the `Dateline` found (or None); its year-less day is resolved here
    against the reference date, and its entry in `doc.extra["dateline"]` updated."""
    if has_own_date(doc):
        doc.date_source = doc.date_source or "article"
        return
    reference = reference_date(doc)
    day = _dateline_day(doc, dateline, reference)
    if day is not None:
        doc.date, doc.date_source = day, "dateline"
    elif reference is not None:
        doc.date, doc.date_source = reference
    else:
        doc.date, doc.date_source = None, "none"


def _dateline_day(
    doc: Document, dateline: Dateline | None, reference: tuple[dt.date, str] | None
) -> dt.date | None:
    if dateline is None:
        return None
    if dateline.date is not None:
        return dateline.date
    if dateline.month_day is None or reference is None:
        return None
    month, day_of_month = dateline.month_day
    day = nearest_year(month, day_of_month, reference[0])
    if day is not None:
        found = doc.extra.setdefault("dateline", {})
        found.update({"date": day.isoformat(), "year_from": reference[1]})
        found.pop("month_day", None)
    return day


def _extra_date(extra: dict[str, Any], key: str) -> dt.date | None:
    value = extra.get(key)
    if isinstance(value, dt.date):
        return value
    return parse_date_text(value) if isinstance(value, str) and value else None


def file_date(mtime: float) -> str | None:
    """The `extra[FILE_DATE]` value of a file modified at `mtime` (seconds; its UTC day)."""
    day = date_from_timestamp(mtime)
    return day.isoformat() if day is not None else None
