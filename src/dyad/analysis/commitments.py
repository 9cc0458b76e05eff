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

Each link carries a reason string saying which rule (or both) made it. These are
*possible* follow-ups for a reader to check, not a verdict that a pledge was kept.
"""

from __future__ import annotations

import datetime as dt
import re
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
) -> list[dict[str, Any]]:
    """Commitments made by `a` to `b` (either may be None for anyone), with possible follow-ups.

    Dates filter the commitments; follow-ups are looked for in all later events.
    """
    where, params = _commitment_filter(a, b, start, end)
    with events_source(con) as db:
        cur = db.execute(
            f"SELECT {_COLUMNS} FROM events WHERE {where}"
            " ORDER BY date NULLS LAST, doc_id, sentence_index, event_id",
            params,
        )
        found = _dicts(cur)
        candidates = _candidates(db, [c["event_id"] for c in found])
    for commitment in found:
        commitment["promised_root"] = promised_root(commitment["cameo"], commitment["mode"])
        commitment["what"] = commitment["object_text"] or commitment["cameo_name"]
        commitment["follow_ups"] = _follow_ups(commitment, candidates.get(commitment["event_id"], []))
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


def _candidates(db: Any, commitment_ids: list[str]) -> dict[str, list[dict[str, Any]]]:
    """Asserted, non-pledge events after each commitment in the same directed country dyad."""
    if not commitment_ids:
        return {}
    follow_cols = ", ".join(f"f.{c.strip()}" for c in _COLUMNS.split(","))
    cur = db.execute(
        f"SELECT c.event_id AS commitment_id, {follow_cols} FROM events c JOIN events f"
        " ON f.source_country = c.source_country"
        " AND f.target_country IS NOT DISTINCT FROM c.target_country"
        " AND f.event_id <> c.event_id"
        " AND ((f.doc_id = c.doc_id AND f.sentence_index > c.sentence_index)"
        "      OR (f.doc_id <> c.doc_id AND f.date >= c.date))"
        " WHERE list_contains(?, c.event_id) AND f.mode = 'asserted'"
        " AND NOT starts_with(f.cameo, '03')"
        " ORDER BY f.date NULLS LAST, f.doc_id, f.sentence_index, f.event_id",
        [commitment_ids],
    )
    out: dict[str, list[dict[str, Any]]] = {}
    for row in _dicts(cur):
        out.setdefault(row.pop("commitment_id"), []).append(row)
    return out


def _follow_ups(commitment: dict[str, Any], candidates: list[dict[str, Any]]) -> list[dict[str, Any]]:
    root = commitment["promised_root"]
    words = content_words(commitment["object_text"])
    needed = min(MIN_SHARED_WORDS, len(words))
    linked = []
    for event in candidates:
        reasons = []
        if root and (event["cameo_root"] or event["cameo"][:2]) == root:
            reasons.append(
                f"CAMEO {event['cameo']} is in root {root}, which {commitment['cameo']} promises"
            )
        shared = sorted(words & content_words(event["object_text"]))
        if needed and len(shared) >= needed:
            reasons.append("shares words: " + ", ".join(shared))
        if reasons:
            linked.append({**event, "reason": "; ".join(reasons)})
    return linked


def _dicts(cur: Any) -> list[dict[str, Any]]:
    names = [d[0] for d in cur.description]
    return [dict(zip(names, row, strict=True)) for row in cur.fetchall()]
