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

import datetime as dt
import re
import uuid
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
        cur = db.execute(
            f"SELECT {_COLUMNS} FROM events WHERE {where}"
            " ORDER BY date NULLS LAST, doc_id, sentence_index, event_id",
            params,
        )
        found = _dicts(cur)
        for commitment in found:
            commitment["promised_root"] = promised_root(commitment["cameo"], commitment["mode"])
            commitment["what"] = commitment["object_text"] or commitment["cameo_name"]
        links = _links(db, found, horizon_days, max_follow_ups) if max_follow_ups else {}
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


_CANDIDATE = (
    "f.mode = 'asserted' AND NOT starts_with(f.cameo, '03')"
    " AND f.source_country = c.source_country"
    " AND f.target_country IS NOT DISTINCT FROM c.target_country AND f.event_id <> c.event_id"
    " AND ((f.doc_id = c.doc_id AND f.sentence_index > c.sentence_index)"
    "  OR (f.doc_id <> c.doc_id AND f.date >= c.date"
    "      AND (CAST(? AS BIGINT) IS NULL OR f.date - c.date <= CAST(? AS BIGINT))))"
)


def _links(
    db: Any, found: list[dict[str, Any]], horizon: int | None, limit: int
) -> dict[str, list[dict[str, Any]]]:
    """Follow-ups of every commitment, found in one query.

    Pairing each commitment with each later event of its dyad is the costly part, so it
    runs in DuckDB; Python only tokenises each object phrase once (`content_words`) and
    hands the word lists over as two registered Arrow tables.
    """
    if not found:
        return {}
    import pyarrow as pa

    suffix = uuid.uuid4().hex[:12]  # our own identifier: distinct per call, never user input
    pledges, words = f"_dyad_pledges_{suffix}", f"_dyad_words_{suffix}"
    # Explicit types: with no words at all, Arrow would infer a list of nulls.
    text, word_list = pa.string(), pa.list_(pa.string())
    db.register(pledges, pa.table(_pledge_columns(found), schema=pa.schema(
        [("event_id", text), ("root", text), ("words", word_list), ("needed", pa.int32())])))
    db.register(words, pa.table(_word_columns(db, found), schema=pa.schema(
        [("event_id", text), ("words", word_list)])))  # fmt: skip
    follow_cols = ", ".join(f"f.{c.strip()}" for c in _COLUMNS.split(","))
    try:
        cur = db.execute(
            f"SELECT k.event_id AS commitment_id, {follow_cols},"
            " coalesce(f.cameo_root, substr(f.cameo, 1, 2)) = k.root AS by_root,"
            " list_sort(list_intersect(k.words, coalesce(w.words, []))) AS shared"
            f" FROM {pledges} k JOIN events c ON c.event_id = k.event_id"
            f" JOIN events f ON {_CANDIDATE}"
            f" LEFT JOIN {words} w ON w.event_id = f.event_id"
            " WHERE coalesce(f.cameo_root, substr(f.cameo, 1, 2)) = k.root"
            "  OR (k.needed > 0 AND len(list_intersect(k.words, coalesce(w.words, []))) >= k.needed)"
            " QUALIFY row_number() OVER (PARTITION BY k.event_id"
            "  ORDER BY f.date NULLS LAST, f.doc_id, f.sentence_index, f.event_id) <= ?"
            " ORDER BY k.event_id, f.date NULLS LAST, f.doc_id, f.sentence_index, f.event_id",
            [horizon, horizon, limit],
        )
        rows = _dicts(cur)
    finally:
        db.unregister(pledges)
        db.unregister(words)
    by_id = {c["event_id"]: c for c in found}
    out: dict[str, list[dict[str, Any]]] = {}
    for row in rows:
        commitment = by_id[row.pop("commitment_id")]
        row["reason"] = _reason(commitment, row, row.pop("by_root"), row.pop("shared"))
        out.setdefault(commitment["event_id"], []).append(row)
    return out


def _pledge_columns(found: list[dict[str, Any]]) -> dict[str, list[Any]]:
    word_lists = [sorted(content_words(c["object_text"])) for c in found]
    return {
        "event_id": [c["event_id"] for c in found],
        "root": [c["promised_root"] for c in found],
        "words": word_lists,
        "needed": [min(MIN_SHARED_WORDS, len(w)) for w in word_lists],
    }


def _word_columns(db: Any, found: list[dict[str, Any]]) -> dict[str, list[Any]]:
    """Content words of the object phrases of possible follow-ups in the commitments' dyads."""
    dyads = sorted({f"{c['source_country']}>{c['target_country'] or ''}" for c in found})
    rows = db.execute(
        "SELECT event_id, object_text FROM events WHERE mode = 'asserted'"
        " AND coalesce(object_text, '') <> ''"
        " AND list_contains(?, source_country || '>' || coalesce(target_country, ''))",
        [dyads],
    ).fetchall()
    return {
        "event_id": [r[0] for r in rows],
        "words": [sorted(content_words(r[1])) for r in rows],
    }


def _reason(commitment: dict[str, Any], event: dict[str, Any], by_root: bool, shared: list[str]) -> str:
    reasons = []
    if by_root:
        reasons.append(
            f"CAMEO {event['cameo']} is in root {commitment['promised_root']},"
            f" which {commitment['cameo']} promises"
        )
    needed = min(MIN_SHARED_WORDS, len(content_words(commitment["object_text"])))
    if needed and len(shared or []) >= needed:
        reasons.append("shares words: " + ", ".join(shared))
    return "; ".join(reasons)


def _dicts(cur: Any) -> list[dict[str, Any]]:
    names = [d[0] for d in cur.description]
    return [dict(zip(names, row, strict=True)) for row in cur.fetchall()]
