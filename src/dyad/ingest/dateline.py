"""Leading metadata lines and news datelines ("BEIJING, Jan 5 (APP): …", "ROME, ITALY | Agency | …")."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

# --- leading metadata -------------------------------------------------------

_METADATA_KEYS = {
    "date": "date",
    "published": "date",
    "title": "title",
    "headline": "title",
    "source": "source",
    "publisher": "source",
    "url": "url",
    "link": "url",
    "author": "author",
    "byline": "author",
    "language": "language",
}
_METADATA_LINE = re.compile(r"[ \t]*(?P<key>[A-Za-z]+)[ \t]*(?P<colon>[:=])?[ \t]*(?P<value>\S.*?)[ \t]*")
_MAX_METADATA_LINE = 300


def read_leading_metadata(text: str) -> tuple[dict[str, str], str]:
    """Metadata lines at the very top ("date 2026-01-05", "title: …") and the rest.

    Keys are normalised (published → date, headline → title, link → url,
    byline → author, publisher → source); the first value of a key wins.
    Scanning stops at the first line that is not metadata.
    """
    metadata: dict[str, str] = {}
    position = 0
    while position < len(text):
        newline = text.find("\n", position)
        line_end = len(text) if newline < 0 else newline
        line = text[position:line_end]
        if line.strip():
            entry = _metadata_entry(line)
            if entry is None:
                break
            metadata.setdefault(*entry)
        position = line_end + 1
    rest = text[position:] if position < len(text) else ""
    return metadata, rest.lstrip("\n")


def _metadata_entry(line: str) -> tuple[str, str] | None:
    if len(line) > _MAX_METADATA_LINE:
        return None
    match = _METADATA_LINE.fullmatch(line)
    if match is None:
        return None
    key = _METADATA_KEYS.get(match["key"].lower())
    value = match["value"]
    if key is None:
        return None
    # Without a colon only unmistakable forms count: "Date palms grow…" is prose.
    if not match["colon"] and not (
        (key == "date" and value[0].isdigit()) or (key == "url" and value.startswith("http"))
    ):
        return None
    return key, value


# --- datelines ----------------------------------------------------------------


@dataclass
class Dateline:
    place: str | None
    country_hint: str | None
    agency: str | None
    date: dt.date | None
    end: int  # offset in the text where the article body starts
    month_day: tuple[int, int] | None = None  # as written, when no year could be fixed


_MONTHS = (
    "jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
    "|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?"
)
_MONTH = rf"(?i:{_MONTHS})"
_WORD = r"[^\W\d_](?:[^\W\d_]|['’.\-](?=[^\W\d_]))*\.?"
_DATELINE = re.compile(
    rf"""
    \s*(?P<place>{_WORD}(?:[ ]{_WORD}){{0,3}})
    (?:\s*,\s*(?P<region>(?!{_MONTH}\b){_WORD}(?:[ ]{_WORD}){{0,4}}))?
    (?:\s*,?\s*(?:
        (?P<month>{_MONTH})\.?\s+(?P<day>\d{{1,2}})(?:st|nd|rd|th)?(?:,?\s+(?P<year>\d{{4}}))?
      | (?P<day2>\d{{1,2}})\s+(?P<month2>{_MONTH})\.?(?:,?\s+(?P<year2>\d{{4}}))?
    ))?
    \.?
    (?:\s*\((?P<agency>[^\W\d_][\w&./' \-]{{0,39}})\)|\s*/(?P<agency2>[A-Z][\w\-]{{1,19}})/\.?
       |\s*\|\s*(?P<agency3>[A-Z][\w&.\-]*(?:[ ][A-Z][\w&.\-]*){{0,3}})\s*\|)?
    (?P<terminator>\s*[:\u2014\u2013]|\s*--?(?=\s)|(?<=[)/.|])[ \t]+(?=[A-Z"\u201c\u2018']))
    [ \t]*\n?[ \t]*
    """,
    re.VERBOSE,
)
# "(MENAFN) Kremlin spokesman …": an agency alone, in brackets, before the first sentence.
_AGENCY_ONLY = re.compile(r"\s*\((?P<agency>[A-Z][A-Za-z&.\-]{1,19})\)[ \t]+(?=[A-Z\"\u201c])")
# Capitalised labels that open a headline or a story the way a place would.
_NOT_PLACES = frozenset(
    (
        *("BREAKING", "UPDATE", "UPDATED", "EXCLUSIVE", "WATCH", "ANALYSIS", "OPINION"),
        *("EDITORIAL", "FACTBOX", "EXPLAINER", "LIVE", "VIDEO", "PHOTOS", "PHOTO", "FILE"),
        *("NOTE", "CORRECTION", "REFILE", "ADVISORY", "FEATURE", "INTERVIEW", "COMMENTARY"),
        *("REVIEW", "URGENT", "FLASH", "NEWS", "ALERT", "SPONSORED", "ADVERTISEMENT"),
    )
)
_NOT_AGENCIES = frozenset(("file", "left", "right", "centre", "center", "pictured", "photo"))
_PARTICLES = frozenset(("de", "da", "do", "du", "des", "del", "la", "le", "es", "el", "al", "of", "bin", "ul"))
_MONTH_NUMBERS = {
    name: number
    for number, name in enumerate(
        ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"), 1
    )
}
# A wire story is not dated more than a week after it was published.
_FUTURE_TOLERANCE = dt.timedelta(days=7)
MONTH_PATTERN, MONTH_NUMBERS = _MONTHS, _MONTH_NUMBERS  # for the events' sentence dates
_MAX_PREAMBLE_LINE = 200
_MAX_PREAMBLE_LINES = 3


def parse_dateline(text: str, doc_date: dt.date | None) -> Dateline | None:
    """The dateline at the start of `text`, or None when it does not open with one.

    A place must be in capitals ("NEW DELHI -") or, if written in title case,
    be followed by a date or an agency ("Islamabad, January 5, 2026:"), so a
    sentence opening "However, …" is never mistaken for one.
    """
    match = _DATELINE.match(text)
    if match is None:
        return _agency_only(text)
    place, region, agency = match["place"], match["region"], match["agency"] or match["agency2"] or match["agency3"]
    month_day = _month_day(match)
    if not match["terminator"].strip() and agency is None:
        return None  # "WASHINGTON. The …" is no dateline; "New Delhi, Mar 29 (UNI) The …" is
    # "New Delhi: Dhaka made …" opens a story; "Islamabad: the capital was quiet" is a sentence.
    colon = match["terminator"].strip() == ":" and text[match.end() : match.end() + 1].isupper()
    if not _is_place(place, region, has_marker=month_day is not None or agency is not None, colon=colon):
        return None
    if agency is not None and agency.strip().lower() in _NOT_AGENCIES:
        return None
    year = match["year"] or match["year2"]
    return Dateline(
        place=_place_name(place),
        country_hint=_place_name(region) if region else None,
        agency=agency.strip() if agency else None,
        date=_resolve_date(month_day, int(year) if year else None, doc_date),
        end=match.end(),
        month_day=month_day if month_day and not year and doc_date is None else None,
    )


def _agency_only(text: str) -> Dateline | None:
    match = _AGENCY_ONLY.match(text)
    if match is None or match["agency"].lower() in _NOT_AGENCIES:
        return None
    return Dateline(place=None, country_hint=None, agency=match["agency"], date=None, end=match.end())


def locate_dateline(text: str, doc_date: dt.date | None) -> tuple[int, Dateline] | None:
    """A dateline at the start of the text or after a few short lines (a headline, a note).

    Returns the offset where the dateline starts, and the dateline with `end`
    counted from the start of the whole text.
    """
    start = 0
    for _ in range(_MAX_PREAMBLE_LINES + 1):
        dateline = parse_dateline(text[start:], doc_date)
        if dateline is not None:
            dateline.end += start
            return start, dateline
        start = _next_line_start(text, start)
        if start < 0:
            return None
    return None


def _next_line_start(text: str, start: int) -> int:
    """Start of the next non-blank line, or -1 when the current line is too long to be preamble."""
    newline = text.find("\n", start)
    if newline < 0 or newline - start > _MAX_PREAMBLE_LINE:
        return -1
    position = newline
    while position < len(text) and text[position] in " \t\n":
        position += 1
    return position if position < len(text) else -1


def _is_place(place: str, region: str | None, *, has_marker: bool, colon: bool = False) -> bool:
    letters = [ch for ch in place if ch.isalpha()]
    if len(letters) < 2 or place.upper() in _NOT_PLACES:
        return False
    if region is not None and not _is_title_case(region):
        return False
    if place == place.upper():
        return True
    return _is_title_case(place) and (has_marker or (colon and len(place.split()) <= 3))


def _is_title_case(words: str) -> bool:
    parts = words.split()
    return all(part[0].isupper() or (i and part.lower() in _PARTICLES) for i, part in enumerate(parts))


def _place_name(written: str) -> str:
    """Title case for places written in capitals; particles stay lower ("Dar es Salaam")."""
    if written != written.upper():
        return written
    words = []
    for i, word in enumerate(written.lower().split()):
        if i and word in _PARTICLES:
            words.append(word)
        else:
            words.append("-".join(part[:1].upper() + part[1:] for part in word.split("-")))
    return " ".join(words)


def _month_day(match: re.Match[str]) -> tuple[int, int] | None:
    month = match["month"] or match["month2"]
    day = match["day"] or match["day2"]
    if month is None or day is None:
        return None
    return _MONTH_NUMBERS[month[:3].lower()], int(day)


def _resolve_date(month_day: tuple[int, int] | None, year: int | None, doc_date: dt.date | None) -> dt.date | None:
    """The dateline's day in the year that puts it at most a week after doc_date."""
    if month_day is None:
        return None
    month, day = month_day
    try:
        if year is not None:
            return dt.date(year, month, day)
        if doc_date is None:
            return None
        candidate = dt.date(doc_date.year, month, day)
        if candidate > doc_date + _FUTURE_TOLERANCE:
            candidate = dt.date(doc_date.year - 1, month, day)
        return candidate
    except ValueError:  # Feb 30, or Feb 29 in a common year
        return None
