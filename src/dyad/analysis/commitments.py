"""Commitments — pledges, offers and stated intentions — and what came of them.

A commitment is an event with mode "intended" or a CAMEO code in root 03 ("express intent
to cooperate"): who committed (source) to whom (target), to do what (the event's object
phrase, e.g. "advance the development of the upgraded CPEC 2.0"), when, and in which
sentence.

Possible follow-ups are later events by the same source country toward the same target
country (no target matches no target) that are asserted (they happened, as opposed to
being promised, denied or imagined) and are not pledges themselves (root 03). "Later"
means a later sentence of the same document, or — in another document — a date on or
after the commitment's date. A candidate is linked when either

* its CAMEO root is one the commitment promises (`PROMISED_ROOTS`): a 03x intent code
  promises the root of the action it announces —

      030, 031, 031x  → 06 material cooperation
      032             → 05 diplomatic cooperation
      033, 033x       → 07 provide aid
      034x, 035x      → 08 yield
      036             → 04 consult (meet, negotiate)
      037, 038, 039   → 04 consult (settling, accepting or offering mediation is done by talking)

  and an intended event outside root 03 ("will visit", coded 042) promises its own root; or
* its object phrase shares content words with the commitment's (at least two, or all of
  the commitment's if it has fewer): "signed agreements on the upgraded CPEC 2.0" follows
  "advance the development of the upgraded CPEC 2.0" through "upgraded", "cpec", "2.0".

Follow-ups are searched up to `horizon_days` (365) after the commitment, earliest first,
at most `max_follow_ups` (10) per commitment. Each link carries a reason string saying
which rule (or both) made it. These are *possible* follow-ups for a reader to check, not a
verdict that a pledge was kept.
"""

from __future__ import annotations

import bisect
import datetime as dt
import heapq
import itertools
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from dyad.analysis.relations import actor_condition, date_condition
from dyad.store.load import EventsInput, events_source

PROMISED_ROOTS: dict[str, str] = {
    "03": "06",
    "030": "06",
    "031": "06",
    "032": "05",
    "033": "07",
    "034": "08",
    "035": "08",
    "036": "04",
    "037": "04",
    "038": "04",
    "039": "04",
}

# Function words and news filler that two phrases share without being about the same thing.
_STOPWORD_TEXT = """a an the and or but of to in on at by for with from into onto over under about as is are
    was were be been being will would shall should can could may might must do does did done
    has have had this that these those it its their there they them he she his her we our you
    your i not no so such than then also more most very further new both two sides side other
    each all any some own same said says say including include between among through during
    up out off down which who whom whose what when where why how"""
STOPWORDS = frozenset(_STOPWORD_TEXT.split())
_TOKEN = re.compile(r"[a-z0-9]+(?:[.\-][a-z0-9]+)*")
MIN_SHARED_WORDS = 2
# Pledges are matched with what followed within a year, earliest first, ten at most: a
# pledge to meet is not "followed up" by every meeting of the next decade.
DEFAULT_HORIZON_DAYS = 365
DEFAULT_MAX_FOLLOW_UPS = 10

_COLUMNS = (
    "event_id, doc_id, sentence_index, sentence, date, source_code, source_country,"
    " source_name, target_code, target_country, target_name, cameo, cameo_root, cameo_name,"
    " mode, goldstein, object_text"
)


def promised_root(cameo: str, mode: str | None = None) -> str | None:
    """The CAMEO root a commitment with this code promises (None: not a commitment)."""
    if cameo.startswith("03"):
        for prefix in (cameo[:3], cameo[:2]):
            if prefix in PROMISED_ROOTS:
                return PROMISED_ROOTS[prefix]
        return None
    return cameo[:2] if mode == "intended" else None


def content_words(text: str | None) -> set[str]:
    """Lower-cased content words of a phrase, plural -s dropped ("projects" ~ "project")."""
    words = set()
    for token in _TOKEN.findall((text or "").lower()):
        if token in STOPWORDS or (len(token) < 3 and not any(ch.isdigit() for ch in token)):
            continue
        if len(token) > 4 and token.endswith("s") and not token.endswith("ss"):
            token = token[:-1]
        words.add(token)
    return words


def commitments(
    con: EventsInput,
    a: str | None = None,
    b: str | None = None,
    *,
    start: dt.date | None = None,
    end: dt.date | None = None,
    horizon_days: int | None = DEFAULT_HORIZON_DAYS,
    max_follow_ups: int = DEFAULT_MAX_FOLLOW_UPS,
) -> list[dict[str, Any]]:
    """Commitments made by `a` to `b` (either may be None for anyone), with possible follow-ups.

    Dates filter the commitments. Follow-ups are looked for up to `horizon_days` after the
    commitment (None: no limit), earliest first, at most `max_follow_ups` per commitment.
    """
    if horizon_days is not None and horizon_days < 0:
        raise ValueError(f"horizon must be 0 days or more, not {horizon_days}")
    if max_follow_ups < 0:
        raise ValueError(f"max_follow_ups must be 0 or more, not {max_follow_ups}")
    where, params = _commitment_filter(a, b, start, end)
    with events_source(con) as db:
        found = _dicts(db.execute(
            f"SELECT {_COLUMNS} FROM events WHERE {where}"
            " ORDER BY date NULLS LAST, doc_id, sentence_index, event_id",
            params,
        ))  # fmt: skip
        for commitment in found:
            commitment["promised_root"] = promised_root(commitment["cameo"], commitment["mode"])
            commitment["what"] = commitment["object_text"] or commitment["cameo_name"]
        links = _links(db, found, horizon_days, max_follow_ups) if found and max_follow_ups else {}
    for commitment in found:
        commitment["follow_ups"] = links.get(commitment["event_id"], [])
    return found


def _commitment_filter(
    a: str | None, b: str | None, start: dt.date | None, end: dt.date | None
) -> tuple[str, list[Any]]:
    parts: list[tuple[str, list[Any]]] = [
        ("(mode = 'intended' OR starts_with(cameo, '03'))", []),
        ("source_code IS NOT NULL", []),
    ]
    if a:
        parts.append(actor_condition("source", a))
    if b:
        parts.append(actor_condition("target", b))
    if start or end:
        parts.append(date_condition(start, end))
    return " AND ".join(f"({s})" for s, _ in parts), [p for _, ps in parts for p in ps]


# -- finding follow-ups --------------------------------------------------------------------------
# Pairing every commitment with every later event of its dyad grows as their product, so
# candidates are indexed instead: per dyad and CAMEO root, and per dyad and content word,
# each list sorted by date. A commitment then reads only the lists of its promised root
# and of its own words, from its date on, and stops after `limit` matches.

_UNDATED = 10**9  # sorts after every real date ordinal


@dataclass(frozen=True)
class _Candidate:
    key: tuple[int, str, int, str]  # (date ordinal, doc_id, sentence_index, event_id)
    doc_id: str
    sentence_index: int
    root: str
    words: frozenset[str]

    @property
    def event_id(self) -> str:
        return self.key[3]

    @property
    def day(self) -> int:
        return self.key[0]


@dataclass
class _Postings:
    """Candidates sorted by date, with their date ordinals alongside for bisecting."""

    items: list[_Candidate] = field(default_factory=list)
    days: list[int] = field(default_factory=list)

    def finish(self) -> None:
        self.items.sort(key=lambda c: c.key)
        self.days = [c.day for c in self.items]

    def window(self, first: int, last: int, skip_doc: str) -> Iterator[_Candidate]:
        """Candidates dated first..last (ordinals), leaving out one document's."""
        for item in self.items[bisect.bisect_left(self.days, first):]:
            if item.day > last:
                return
            if item.doc_id != skip_doc:
                yield item


@dataclass
class _DocEvents:
    """One document's candidates of one dyad, in sentence order."""

    items: list[_Candidate] = field(default_factory=list)
    positions: list[int] = field(default_factory=list)

    def finish(self) -> None:
        self.items.sort(key=lambda c: (c.sentence_index, c.key))
        self.positions = [c.sentence_index for c in self.items]

    def after(self, position: int) -> Iterator[_Candidate]:
        # Indexing instead of slicing: a slice would copy the rest of a long list each call.
        items = self.items
        return (items[i] for i in range(bisect.bisect_right(self.positions, position), len(items)))


@dataclass
class _FollowUpIndex:
    by_root: dict[tuple[str, str], _Postings] = field(default_factory=dict)
    by_word: dict[tuple[str, str], _Postings] = field(default_factory=dict)
    by_doc: dict[tuple[str, str], _DocEvents] = field(default_factory=dict)

    def add(self, dyad: str, candidate: _Candidate) -> None:
        self.by_doc.setdefault((candidate.doc_id, dyad), _DocEvents()).items.append(candidate)
        if candidate.day == _UNDATED:
            return  # only a later sentence of its own document can follow up on something
        self.by_root.setdefault((dyad, candidate.root), _Postings()).items.append(candidate)
        for word in candidate.words:
            self.by_word.setdefault((dyad, word), _Postings()).items.append(candidate)

    def finish(self) -> None:
        for postings in (*self.by_root.values(), *self.by_word.values()):
            postings.finish()
        for events in self.by_doc.values():
            events.finish()


def _dyad(source: str | None, target: str | None) -> str:
    return f"{source}>{target or ''}"


def _candidate_rows(db: Any, found: list[dict[str, Any]], horizon: int | None) -> list[Any]:
    """Asserted, non-pledge events of the commitments' dyads that could be follow-ups."""
    dyads = sorted({_dyad(c["source_country"], c["target_country"]) for c in found})
    docs = sorted({c["doc_id"] for c in found})
    dates = [c["date"] for c in found if c["date"] is not None]
    first = min(dates) if dates else None
    last = max(dates) + dt.timedelta(days=horizon) if dates and horizon is not None else None
    return list(db.execute(
        "SELECT event_id, doc_id, sentence_index, date, coalesce(cameo_root, substr(cameo, 1, 2)),"
        " source_country, target_country, object_text FROM events"
        " WHERE mode = 'asserted' AND NOT starts_with(cameo, '03')"
        " AND source_country || '>' || coalesce(target_country, '') IN (SELECT unnest(?))"
        " AND (doc_id IN (SELECT unnest(?))"
        "      OR (CAST(? AS DATE) IS NOT NULL AND date >= CAST(? AS DATE)"
        "          AND (CAST(? AS DATE) IS NULL OR date <= CAST(? AS DATE))))",
        [dyads, docs, first, first, last, last],
    ).fetchall())  # fmt: skip


def _build_index(rows: list[Any]) -> _FollowUpIndex:
    index = _FollowUpIndex()
    for event_id, doc_id, sentence_index, day, root, source, target, object_text in rows:
        ordinal = day.toordinal() if day is not None else _UNDATED
        index.add(_dyad(source, target), _Candidate(
            key=(ordinal, doc_id, sentence_index if sentence_index is not None else -1, event_id),
            doc_id=doc_id, sentence_index=sentence_index if sentence_index is not None else -1,
            root=root, words=frozenset(content_words(object_text)),
        ))  # fmt: skip
    index.finish()
    return index


def _matches(
    index: _FollowUpIndex, commitment: dict[str, Any], horizon: int | None, limit: int
) -> list[_Candidate]:
    """The first `limit` follow-ups of one commitment, in date order."""
    dyad = _dyad(commitment["source_country"], commitment["target_country"])
    root, words = commitment["promised_root"], content_words(commitment["object_text"])
    needed = min(MIN_SHARED_WORDS, len(words))

    def qualifies(c: _Candidate) -> bool:
        return c.root == root or bool(needed and len(words & c.words) >= needed)

    position = commitment["sentence_index"] if commitment["sentence_index"] is not None else -1
    doc_events = index.by_doc.get((commitment["doc_id"], dyad))
    same_doc = doc_events.after(position) if doc_events else iter(())
    hits = {c.key: c for c in itertools.islice(filter(qualifies, same_doc), limit)}
    if commitment["date"] is not None:
        first = commitment["date"].toordinal()
        last = first + horizon if horizon is not None else _UNDATED - 1
        skip = commitment["doc_id"]
        if root and (dyad, root) in index.by_root:
            for c in itertools.islice(index.by_root[(dyad, root)].window(first, last, skip), limit):
                hits[c.key] = c
        for c in _word_hits(index, dyad, words, needed, (first, last, skip), limit):
            hits[c.key] = c
    return [hits[k] for k in sorted(hits)[:limit]]


def _word_hits(
    index: _FollowUpIndex,
    dyad: str,
    words: set[str],
    needed: int,
    window: tuple[int, int, str],
    limit: int,
) -> list[_Candidate]:
    """Candidates sharing `needed` of `words`, earliest first: merge the words' lists and
    count how many lists each candidate turns up in (once per shared word)."""
    if not needed:
        return []
    streams = [index.by_word[(dyad, w)].window(*window) for w in words if (dyad, w) in index.by_word]
    found: list[_Candidate] = []
    merged = heapq.merge(*streams, key=lambda c: c.key)
    for _key, group in itertools.groupby(merged, key=lambda c: c.key):
        members = list(group)
        if len(members) >= needed:
            found.append(members[0])
            if len(found) >= limit:
                break
    return found


def _links(
    db: Any, found: list[dict[str, Any]], horizon: int | None, limit: int
) -> dict[str, list[dict[str, Any]]]:
    """Follow-ups of every commitment, each with the reason it was linked."""
    index = _build_index(_candidate_rows(db, found, horizon))
    matched = {c["event_id"]: _matches(index, c, horizon, limit) for c in found}
    wanted = sorted({m.event_id for ms in matched.values() for m in ms})
    rows = _dicts(db.execute(
        f"SELECT {_COLUMNS} FROM events WHERE event_id IN (SELECT unnest(?))", [wanted]
    )) if wanted else []  # fmt: skip
    by_id = {r["event_id"]: r for r in rows}
    links: dict[str, list[dict[str, Any]]] = {}
    for commitment in found:
        words = content_words(commitment["object_text"])
        links[commitment["event_id"]] = [
            {**by_id[m.event_id], "reason": _reason(commitment, m, words)}
            for m in matched[commitment["event_id"]]
        ]
    return links


def _reason(commitment: dict[str, Any], match: _Candidate, words: set[str]) -> str:
    reasons = []
    if match.root == commitment["promised_root"]:
        reasons.append(
            f"CAMEO root {match.root} is the one {commitment['cameo']} promises"
        )
    shared = sorted(words & match.words)
    if shared and len(shared) >= min(MIN_SHARED_WORDS, len(words)):
        reasons.append("shares words: " + ", ".join(shared))
    return "; ".join(reasons)


def _dicts(cur: Any) -> list[dict[str, Any]]:
    names = [d[0] for d in cur.description]
    return [dict(zip(names, row, strict=True)) for row in cur.fetchall()]
