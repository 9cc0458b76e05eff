"""When an event happened: the sentence's own date expression, else the document's date.

News convention: "on 5 January 2026" is that day; "on 5 January" is that day in the year
nearest the document's date; "on Monday" is the last Monday on or before the document's
date; "yesterday" the day before it. Only expressions introduced by "on" count as the
event's day: "since 5 January" or "the January 5 accord" name other days; and only when no
clause opens between the event's trigger and the date ("said Wednesday …, their first since
Maduro was seized on Jan. 3": the 3rd is another event's day).
"""

from __future__ import annotations

import datetime as dt
import re

from dyad.ingest.dateline import MONTH_NUMBERS, MONTH_PATTERN
from dyad.ingest.dating import nearest_year

WEEKDAYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
WEEKDAY_RE = re.compile(r"\b(?:on|last|this)\s+(" + "|".join(WEEKDAYS) + r")\b", re.I)
RELATIVE_RE = re.compile(r"\b(yesterday|today|tomorrow)\b", re.I)
_ORDINAL = r"(?:st|nd|rd|th)?"
CALENDAR_RE = re.compile(
    rf"""\b[Oo]n\s+(?:(?i:{"|".join(WEEKDAYS)}),?\s+)?(?:
        (?P<day>\d{{1,2}}){_ORDINAL}\s+(?:of\s+)?(?P<month>(?i:{MONTH_PATTERN}))\.?
      | (?P<month2>(?i:{MONTH_PATTERN}))\.?\s+(?P<day2>\d{{1,2}}){_ORDINAL}
    )(?:,?\s+(?P<year>\d{{4}}))?\b
    | \b[Oo]n\s+(?P<iso>\d{{4}}-\d{{2}}-\d{{2}})\b""",
    re.VERBOSE,
)
# Words that open another clause, whose day is not the trigger's.
_CLAUSE = re.compile(
    r"[;:]|\b(?:since|after|before|until|till|following|when|while|whereas|because|as|which|who|whom"
    r"|whose|that|where|if|unless|than)\b",
    re.I,
)
# A story's own day is not far after the date it was published (a few days of lag at most).
_DOCUMENT_TOLERANCE = dt.timedelta(days=7)
_YEARS = range(1900, 2201)


def sentence_date(
    text: str, doc_date: dt.date | None, doc_source: str | None, trigger: tuple[int, int] | None = None
) -> tuple[dt.date | None, str]:
    """The event's date and what it rests on: "sentence" for a calendar day the sentence
    names in the trigger's clause (`trigger`: its offsets in `text`), else the document's own
    source (a weekday or "yesterday" counts from its date)."""
    own = calendar_day(text, doc_date, trigger)
    if own is not None:
        return own, "sentence"
    if doc_date is None:
        return None, "none"
    return relative_day(text, doc_date), doc_source or "article"


def calendar_day(text: str, doc_date: dt.date | None, trigger: tuple[int, int] | None = None) -> dt.date | None:
    """The first "on 5 January 2026" / "on January 5" / "on 2026-01-05" of the text in the
    trigger's clause (without a trigger: with no clause opening before it)."""
    match = next((m for m in CALENDAR_RE.finditer(text) if _same_clause(text, m, trigger)), None)
    if match is None:
        return None
    if match["iso"]:
        return _day(*(int(part) for part in match["iso"].split("-")))
    month = MONTH_NUMBERS[(match["month"] or match["month2"])[:3].lower()]
    day = int(match["day"] or match["day2"])
    if match["year"]:
        return _day(int(match["year"]), month, day)
    if doc_date is None:
        return None
    return nearest_year(month, day, doc_date, _DOCUMENT_TOLERANCE)


def _same_clause(text: str, match: re.Match[str], trigger: tuple[int, int] | None) -> bool:
    if trigger is None:
        between = text[: match.start()]
    elif match.start() >= trigger[1]:
        between = text[trigger[1] : match.start()]
    else:
        between = text[match.end() : trigger[0]]
    return _CLAUSE.search(between) is None


def relative_day(text: str, doc_date: dt.date) -> dt.date:
    """ "on Sunday" → the last Sunday on or before the document date; "yesterday" → the day before."""
    m = WEEKDAY_RE.search(text)
    if m:
        wanted = WEEKDAYS.index(m.group(1).lower())
        back = (doc_date.weekday() - wanted) % 7
        return doc_date - dt.timedelta(days=back)
    r = RELATIVE_RE.search(text)
    if r:
        shift = {"yesterday": -1, "today": 0, "tomorrow": 1}[r.group(1).lower()]
        return doc_date + dt.timedelta(days=shift)
    return doc_date


def _day(year: int, month: int, day: int) -> dt.date | None:
    if year not in _YEARS:
        return None
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None
