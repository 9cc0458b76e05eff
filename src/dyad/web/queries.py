"""The SQL behind the web pages: parameterised read queries over a dyad store.

Every value from a request reaches DuckDB as a bound parameter; the only text spliced
into SQL is chosen from fixed tables in this module (column lists, `date_trunc` units).

The time series, chart and "top" views prefer `dyad.analysis` when it is installed
(imported lazily), and fall back to the small queries here otherwise.
"""

from __future__ import annotations

import datetime as dt
import json
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, Literal, get_args

from dyad.analysis.relations import actor_condition, date_condition, dyad_condition
from dyad.columns import EVENTS

Mode = Literal["asserted", "intended", "negated", "hypothetical", "reported"]
MODES: tuple[str, ...] = get_args(Mode)
QUAD_NAMES = {
    1: "verbal cooperation",
    2: "material cooperation",
    3: "verbal conflict",
    4: "material conflict",
}

EVENT_FIELDS = tuple(f"e.{c.name}" for c in EVENTS.columns)  # every events column: dyad/columns.py
EVENT_SELECT = ", ".join(EVENT_FIELDS) + ", d.title AS doc_title"
EVENT_FROM = "events e LEFT JOIN documents d ON d.doc_id = e.doc_id"

DOCUMENT_FIELDS = (
    "doc_id", "external_id", "title", "url", "source", "author", "date", "date_source", "place", "agency",
    "language", "origin", "n_chars", "duplicate_of", "ingested_at", "coded_at",
)  # fmt: skip


# -- helpers -----------------------------------------------------------------------------------
def rows(con: Any, sql: str, params: Sequence[Any] = ()) -> list[dict[str, Any]]:
    cur = con.execute(sql, list(params))
    names = [d[0] for d in cur.description]
    return [dict(zip(names, row, strict=True)) for row in cur.fetchall()]


def scalar(con: Any, sql: str, params: Sequence[Any] = ()) -> Any:
    row = con.execute(sql, list(params)).fetchone()
    return row[0] if row else None


def normalise_code(value: str) -> str:
    return value.strip().upper()


def _parse_supporting(value: Any) -> list[int]:
    if value is None:
        return []
    if isinstance(value, list):
        return [int(v) for v in value]
    try:
        parsed = json.loads(value)
    except (TypeError, ValueError):
        return []
    return [int(v) for v in parsed] if isinstance(parsed, list) else []


def tidy_event(row: dict[str, Any]) -> dict[str, Any]:
    row["supporting"] = _parse_supporting(row.get("supporting"))
    if row.get("confidence") is not None:
        row["confidence"] = round(float(row["confidence"]), 3)
    return row


# -- events ------------------------------------------------------------------------------------
@dataclass
class EventFilter:
    """Filters of the events list; every field optional."""

    source: str | None = None
    target: str | None = None
    actor: str | None = None  # either side
    a: str | None = None  # dyad: a and b, both directions unless `directed`
    b: str | None = None
    directed: bool = False
    cameo_root: str | None = None
    cameo: str | None = None
    quad_class: int | None = None
    mode: str | None = None
    date_from: dt.date | None = None
    date_to: dt.date | None = None
    doc_id: str | None = None

    def where(self) -> tuple[str, list[Any]]:
        parts: list[str] = []
        params: list[Any] = []

        def add(sql: str, values: list[Any]) -> None:
            parts.append(sql)
            params.extend(values)

        if self.source:
            add(*actor_condition("source", self.source))
        if self.target:
            add(*actor_condition("target", self.target))
        if self.actor:
            s, ps = actor_condition("source", self.actor)
            t, pt = actor_condition("target", self.actor)
            add(f"({s} OR {t})", [*ps, *pt])
        if self.a and self.b:
            add(*dyad_condition(self.a, self.b, not self.directed))
        if self.cameo_root:
            add("e.cameo_root = ?", [self.cameo_root])
        if self.cameo:
            add("starts_with(e.cameo, ?)", [self.cameo])
        if self.quad_class is not None:
            add("e.quad_class = ?", [self.quad_class])
        if self.mode:
            add("e.mode = ?", [self.mode])
        if self.date_from:
            add("e.date >= ?", [self.date_from])
        if self.date_to:
            add("e.date <= ?", [self.date_to])
        if self.doc_id:
            add("e.doc_id = ?", [self.doc_id])
        return (" WHERE " + " AND ".join(parts)) if parts else "", params


def list_events(
    con: Any, flt: EventFilter, *, limit: int = 50, offset: int = 0, newest_first: bool = True
) -> tuple[list[dict[str, Any]], int]:
    where, params = flt.where()
    total = int(scalar(con, f"SELECT count(*) FROM events e{where}", params) or 0)
    order = (
        "e.date DESC NULLS LAST, e.doc_id, e.sentence_index, e.event_id"
        if newest_first
        else "e.date NULLS LAST, e.doc_id, e.sentence_index, e.event_id"
    )
    found = rows(
        con,
        f"SELECT {EVENT_SELECT} FROM {EVENT_FROM}{where} ORDER BY {order} LIMIT ? OFFSET ?",
        [*params, limit, offset],
    )
    return [tidy_event(r) for r in found], total


def get_event(con: Any, event_id: str) -> dict[str, Any] | None:
    found = rows(con, f"SELECT {EVENT_SELECT} FROM {EVENT_FROM} WHERE e.event_id = ?", [event_id])
    return tidy_event(found[0]) if found else None


def document_events(con: Any, doc_id: str) -> list[dict[str, Any]]:
    found = rows(
        con,
        f"SELECT {EVENT_SELECT} FROM {EVENT_FROM} WHERE e.doc_id = ?"
        " ORDER BY e.sentence_index, e.trigger_start, e.event_id",
        [doc_id],
    )
    return [tidy_event(r) for r in found]


# -- documents ---------------------------------------------------------------------------------
def list_documents(con: Any, *, limit: int, offset: int) -> tuple[list[dict[str, Any]], int]:
    total = int(scalar(con, "SELECT count(*) FROM documents") or 0)
    cols = ", ".join(f"d.{c}" for c in DOCUMENT_FIELDS)
    found = rows(
        con,
        f"SELECT {cols}, (SELECT count(*) FROM events e WHERE e.doc_id = d.doc_id) AS n_events"
        " FROM documents d ORDER BY d.date DESC NULLS LAST, d.doc_id LIMIT ? OFFSET ?",
        [limit, offset],
    )
    return found, total


def get_document(con: Any, doc_id: str) -> dict[str, Any] | None:
    """A document by id, or by a prefix of its id that only one document has."""
    cols = ", ".join(DOCUMENT_FIELDS) + ", text, extra"
    found = rows(
        con,
        f"SELECT {cols} FROM documents WHERE doc_id = ? OR starts_with(doc_id, ?)"
        " ORDER BY doc_id LIMIT 2",
        [doc_id, doc_id],
    )
    exact = [r for r in found if r["doc_id"] == doc_id]
    if exact:
        return exact[0]
    return found[0] if len(found) == 1 and len(doc_id) >= 4 else None


# -- overview ----------------------------------------------------------------------------------
def overview_counts(con: Any) -> dict[str, Any]:
    row = con.execute(
        "SELECT (SELECT count(*) FROM documents), (SELECT count(*) FROM events),"
        " (SELECT min(date) FROM events), (SELECT max(date) FROM events),"
        " (SELECT min(date) FROM documents), (SELECT max(date) FROM documents),"
        " (SELECT count(DISTINCT source_code) FROM events)"
    ).fetchone()
    first = row[2] or row[4]
    last = row[3] or row[5]
    return {
        "documents": int(row[0]),
        "events": int(row[1]),
        "first_date": first,
        "last_date": last,
        "source_actors": int(row[6]),
    }


def top_dyads(
    con: Any,
    *,
    limit: int = 10,
    start: dt.date | None = None,
    end: dt.date | None = None,
) -> list[dict[str, Any]]:
    """Country pairs with the most events, either direction."""
    where = ["source_country IS NOT NULL", "target_country IS NOT NULL",
             "source_country <> target_country"]  # fmt: skip
    params: list[Any] = []
    if start or end:  # a window; without one, undated events count too
        window, params = date_condition(start, end)
        where.append(window)
    return rows(
        con,
        "SELECT least(source_country, target_country) AS a,"
        " greatest(source_country, target_country) AS b, count(*) AS events,"
        " count(*) FILTER (WHERE quad_class IN (1, 2)) AS cooperation,"
        " count(*) FILTER (WHERE quad_class IN (3, 4)) AS conflict,"
        " round(avg(goldstein), 2) AS goldstein_mean, min(date) AS first_date,"
        " max(date) AS last_date"
        f" FROM events WHERE {' AND '.join(where)}"
        " GROUP BY ALL ORDER BY events DESC, a, b LIMIT ?",
        [*params, limit],
    )


def top_actors(con: Any, *, limit: int = 10) -> list[dict[str, Any]]:
    return rows(
        con,
        "SELECT code, any_value(name) AS name, count(*) AS events FROM ("
        " SELECT source_code AS code, source_name AS name FROM events WHERE source_code IS NOT NULL"
        " UNION ALL"
        " SELECT target_code, target_name FROM events WHERE target_code IS NOT NULL)"
        " GROUP BY code ORDER BY events DESC, code LIMIT ?",
        [limit],
    )


def external_top(con: Any, limit: int) -> dict[str, Any]:
    """The overview's event types and biggest shifts, from `dyad.analysis.top`."""
    from dyad.analysis import top

    return top(con, limit=limit)


# -- time series ---------------------------------------------------------------------------------
def relations(con: Any, a: str, b: str, **options: Any) -> list[dict[str, Any]]:
    """The dyad's time series from `dyad.analysis.relations` (same options), ready for JSON."""
    from dyad.analysis import relations as analysis_relations

    return [_jsonable_row(r) for r in analysis_relations(con, a, b, **options)]


def _jsonable_row(row: Any) -> dict[str, Any]:
    out = dict(row)
    for key, value in out.items():
        if isinstance(value, dt.datetime):
            out[key] = value.date().isoformat() if value.time() == dt.time() else value.isoformat()
        elif isinstance(value, dt.date):
            out[key] = value.isoformat()
    return out


def commitments(
    con: Any, a: str, b: str, *, start: dt.date | None = None, end: dt.date | None = None,
    both_directions: bool = True,
) -> list[dict[str, Any]]:
    """Pledges between the two, with possible follow-ups, from `dyad.analysis.commitments`."""
    from dyad.analysis import commitments as analysis_commitments

    pairs = [(a, b), (b, a)] if both_directions else [(a, b)]
    found = [c for x, y in pairs for c in analysis_commitments(con, x, y, start=start, end=end)]
    found.sort(key=lambda c: (c.get("date") is None, c.get("date") or dt.date.min))
    return found


def undated_events(con: Any, a: str, b: str, **options: Any) -> int:
    """How many of the dyad's events have no date (`dyad.analysis.relations.undated_events`)."""
    from dyad.analysis.relations import undated_events as analysis_undated

    return analysis_undated(con, a, b, **options)


def chart_spec(series: list[dict[str, Any]], a: str, b: str, undated: int = 0) -> dict[str, Any]:
    """The Vega-Lite spec of `dyad.analysis.charts` — the same chart `dyad relations --plot` draws."""
    from dyad.analysis.charts import chart_spec as analysis_chart_spec

    return analysis_chart_spec(series, a, b, undated)


# -- actors ------------------------------------------------------------------------------------
def fold(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


def search_event_actors(con: Any, q: str, *, limit: int = 50) -> list[dict[str, Any]]:
    """Actor codes seen in events whose code or name contains `q` (case-insensitive)."""
    return rows(
        con,
        "SELECT code, any_value(country) AS country, any_value(sector) AS sector,"
        " mode(name) AS name, count(*) FILTER (WHERE side = 'source') AS as_source,"
        " count(*) FILTER (WHERE side = 'target') AS as_target FROM ("
        " SELECT source_code AS code, source_country AS country, source_sector AS sector,"
        " source_name AS name, 'source' AS side FROM events WHERE source_code IS NOT NULL"
        " UNION ALL SELECT target_code, target_country, target_sector, target_name, 'target'"
        " FROM events WHERE target_code IS NOT NULL)"
        " WHERE contains(lower(code), lower(?)) OR contains(lower(coalesce(name, '')), lower(?))"
        " GROUP BY code ORDER BY as_source + as_target DESC, code LIMIT ?",
        [q, q, limit],
    )


def _entry_code(entry: Any) -> str:
    country = str(entry.country or "---")
    sector = str(entry.sector or "")
    if entry.kind == "state":
        return country
    if entry.kind == "organisation":
        return country + str(entry.org or "") + sector
    if entry.kind == "person" and entry.roles:
        today = dt.date.today()
        role = next((r for r in entry.roles if r.active_on(today)), entry.roles[-1])
        if role.country in ("IGO", "NGO"):
            return f"{role.country}{role.org}{role.sector}"
        return f"{role.country}{role.sector}"
    return country + sector


@lru_cache(maxsize=1)
def _dictionary_index() -> tuple[tuple[dict[str, Any], str], ...]:
    from dyad.actors.dictionary import load_dictionary

    d = load_dictionary()
    forms: dict[str, list[str]] = {}
    for f in d.forms:
        forms.setdefault(f.key, []).append(f.text)
    out = []
    for entry in d.entries.values():
        if entry.kind in ("agent", "reference"):
            continue
        names = [n for n in dict.fromkeys(forms.get(entry.key, [])) if n != entry.name]
        item = {
            "key": entry.key,
            "kind": entry.kind,
            "name": entry.name,
            "code": _entry_code(entry),
            "country": entry.country,
            "sector": entry.sector,
            "forms": names[:12],
            "roles": [
                {"country": r.country, "sector": r.sector, "title": r.title,
                 "start": r.start.isoformat() if r.start else None,
                 "end": r.end.isoformat() if r.end else None}
                for r in entry.roles
            ],
        }  # fmt: skip
        haystack = " | ".join([entry.name, *names, _entry_code(entry)])
        out.append((item, fold(haystack)))
    return tuple(out)


def search_dictionary(q: str, *, limit: int = 50) -> list[dict[str, Any]]:
    """Dictionary entries (states, organisations, groups, people) whose name, a form or
    code contains `q`; exact name matches first."""
    wanted = fold(q.strip())
    if not wanted:
        return []
    try:
        index = _dictionary_index()
    except Exception:  # a broken dictionary file must not take the search page down
        return []
    hits = [item for item, hay in index if wanted in hay]
    hits.sort(key=lambda i: (fold(i["name"]) != wanted, not fold(i["name"]).startswith(wanted),
                             i["kind"], i["name"]))  # fmt: skip
    return hits[:limit]


def dictionary_entries_for_code(code: str, *, limit: int = 20) -> list[dict[str, Any]]:
    code = normalise_code(code)
    try:
        index = _dictionary_index()
    except Exception:
        return []
    out = [i for i, _ in index if i["code"] == code or (len(code) == 3 and i["kind"] == "state"
                                                        and i["country"] == code)]  # fmt: skip
    return out[:limit]


def actor_summary(con: Any, code: str) -> dict[str, Any]:
    s, ps = actor_condition("source", code)
    t, pt = actor_condition("target", code)
    row = con.execute(
        f"SELECT count(*) FILTER (WHERE {s}), count(*) FILTER (WHERE {t}),"
        f" min(e.date) FILTER (WHERE {s} OR {t}), max(e.date) FILTER (WHERE {s} OR {t}),"
        f" mode(e.source_name) FILTER (WHERE {s}), mode(e.target_name) FILTER (WHERE {t})"
        " FROM events e",
        [*ps, *pt, *ps, *pt, *ps, *pt, *ps, *pt],
    ).fetchone()
    return {
        "code": normalise_code(code),
        "as_source": int(row[0]),
        "as_target": int(row[1]),
        "first_date": row[2],
        "last_date": row[3],
        "name": row[4] or row[5],
    }


def counterparts(con: Any, code: str, *, limit: int = 30) -> list[dict[str, Any]]:
    """Who the actor acts on and who acts on it, by country, with counts and tone."""
    s, ps = actor_condition("source", code)
    t, pt = actor_condition("target", code)
    return rows(
        con,
        "SELECT other, sum(out_n) AS as_target_of_actor, sum(in_n) AS as_source_to_actor,"
        " sum(out_n) + sum(in_n) AS events, round(sum(g) / (sum(out_n) + sum(in_n)), 2)"
        " AS goldstein_mean FROM ("
        f" SELECT e.target_country AS other, 1 AS out_n, 0 AS in_n, e.goldstein AS g"
        f" FROM events e WHERE {s} AND e.target_country IS NOT NULL"
        f" UNION ALL SELECT e.source_country, 0, 1, e.goldstein FROM events e"
        f" WHERE {t} AND e.source_country IS NOT NULL)"
        " GROUP BY other ORDER BY events DESC, other LIMIT ?",
        [*ps, *pt, limit],
    )
