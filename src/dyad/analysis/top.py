"""An overview of a time window: who was most active, doing what, and what changed.

`top` reports, for events dated within [start, end]:

* dyads — source country → target country pairs, by event count, with mean Goldstein;
* actors — actor codes by the number of events they took part in (as source or target);
* event types — CAMEO roots (cue categories) by count, with the root's name;
* shifts — dyads whose event count, or mean Goldstein score, changed most against the
  previous window of equal length (the days just before `start`). Goldstein shifts are
  only measured for dyads with events in both windows, as a mean of nothing is undefined.

Without `start`/`end` the window runs from the first to the last dated event. As in
`relations`, negated and hypothetical events are left out unless `include_all_modes`.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import duckdb

from dyad.analysis.relations import date_condition, mode_condition
from dyad.analysis.stories import DEFAULT_COUNT, check_count, counted_events
from dyad.store.load import EventsInput, events_source


def top(
    con: EventsInput,
    *,
    start: dt.date | None = None,
    end: dt.date | None = None,
    limit: int = 10,
    include_all_modes: bool = False,
    count: str = DEFAULT_COUNT,
) -> dict[str, Any]:
    """Most active dyads, actors and event types in a window, and the biggest shifts.

    `count`: events (story-level, the default), mentions or daily — see `dyad.analysis.stories`."""
    if limit < 1:
        raise ValueError(f"limit must be at least 1, not {limit}")
    check_count(count)
    date_condition(start, end)  # validates the order of the dates
    with events_source(con) as db:
        table = counted_events(db, count)
        first, last = _window(db, table, start, end, include_all_modes)
        if first is None or last is None:
            return _empty(start, end)
        days = (last - first).days + 1
        prev_first, prev_last = first - dt.timedelta(days=days), first - dt.timedelta(days=1)
        return {
            "window": {"start": first, "end": last, "days": days},
            "previous_window": {"start": prev_first, "end": prev_last, "days": days},
            "events": _count(db, table, first, last, include_all_modes),
            "dyads": _dyads(db, table, first, last, limit, include_all_modes),
            "actors": _actors(db, table, first, last, limit, include_all_modes),
            "event_types": _event_types(db, table, first, last, limit, include_all_modes),
            "shifts": _shifts(db, table, (prev_first, first, last), limit, include_all_modes),
        }


def _empty(start: dt.date | None, end: dt.date | None) -> dict[str, Any]:
    return {
        "window": {"start": start, "end": end, "days": None},
        "previous_window": None,
        "events": 0,
        "dyads": [],
        "actors": [],
        "event_types": [],
        "shifts": {"events": [], "goldstein": []},
    }


def _filter(
    first: dt.date, last: dt.date, include_all_modes: bool
) -> tuple[str, list[Any]]:
    dates, dparams = date_condition(first, last)
    modes, mparams = mode_condition(include_all_modes)
    return f"({dates}) AND ({modes})", dparams + mparams


def _window(
    db: duckdb.DuckDBPyConnection,
    table: str,
    start: dt.date | None,
    end: dt.date | None,
    include_all_modes: bool,
) -> tuple[dt.date | None, dt.date | None]:
    """The requested window, with open ends closed at the first / last dated event."""
    if start and end:
        return start, end
    where, params = date_condition(start, end)
    modes, mparams = mode_condition(include_all_modes)
    row = db.execute(
        f"SELECT min(date), max(date) FROM {table} WHERE ({where}) AND ({modes})",
        params + mparams,
    ).fetchall()
    # fetchall, not fetchone: a half-read result would block the caller's next query.
    if not row or row[0][0] is None:
        return None, None
    return start or row[0][0], end or row[0][1]


def _count(db: duckdb.DuckDBPyConnection, table: str, first: dt.date, last: dt.date, all_modes: bool) -> int:
    where, params = _filter(first, last, all_modes)
    rows = db.execute(f"SELECT count(*) FROM {table} WHERE {where}", params).fetchall()
    return int(rows[0][0])


def _dyads(
    db: duckdb.DuckDBPyConnection, table: str, first: dt.date, last: dt.date, limit: int, all_modes: bool
) -> list[dict[str, Any]]:
    where, params = _filter(first, last, all_modes)
    rows = db.execute(
        f"SELECT source_country, target_country, count(*) AS n, avg(goldstein) AS g FROM {table}"
        f" WHERE {where} AND source_country IS NOT NULL AND target_country IS NOT NULL"
        " GROUP BY ALL ORDER BY n DESC, source_country, target_country LIMIT ?",
        [*params, limit],
    ).fetchall()
    return [
        {"source_country": s, "target_country": t, "events": n, "goldstein_mean": _round(g)}
        for s, t, n, g in rows
    ]


def _actors(
    db: duckdb.DuckDBPyConnection, table: str, first: dt.date, last: dt.date, limit: int, all_modes: bool
) -> list[dict[str, Any]]:
    where, params = _filter(first, last, all_modes)
    rows = db.execute(
        f"WITH w AS (SELECT * FROM {table} WHERE {where}),"
        " sides AS ("
        "  SELECT source_code AS code, source_name AS name, 1 AS s, 0 AS t FROM w"
        "  WHERE source_code IS NOT NULL"
        "  UNION ALL SELECT target_code, target_name, 0, 1 FROM w WHERE target_code IS NOT NULL)"
        " SELECT code, mode(name) AS name, count(*) AS n, sum(s) AS s, sum(t) AS t FROM sides"
        " GROUP BY code ORDER BY n DESC, code LIMIT ?",
        [*params, limit],
    ).fetchall()
    return [
        {"code": c, "name": name, "events": n, "as_source": int(s), "as_target": int(t)}
        for c, name, n, s, t in rows
    ]


def _event_types(
    db: duckdb.DuckDBPyConnection, table: str, first: dt.date, last: dt.date, limit: int, all_modes: bool
) -> list[dict[str, Any]]:
    where, params = _filter(first, last, all_modes)
    rows = db.execute(
        "SELECT coalesce(cameo_root, substr(cameo, 1, 2)) AS root, count(*) AS n,"
        f" avg(goldstein) AS g, mode(cameo_name) AS example FROM {table} WHERE {where}"
        " GROUP BY root ORDER BY n DESC, root LIMIT ?",
        [*params, limit],
    ).fetchall()
    return [
        {"cameo_root": r, "name": root_name(r, example), "events": n, "goldstein_mean": _round(g)}
        for r, n, g, example in rows
    ]


def root_name(root: str, fallback: str | None = None) -> str:
    """The CAMEO name of a root code ("04" → "Consult"), from the packaged ontology."""
    from dyad.cameo.ontology import load_ontology

    try:
        return load_ontology().get(root).name
    except (KeyError, ValueError, OSError):  # an unknown code or no ontology: say what we saw
        return fallback or root


def _shifts(
    db: duckdb.DuckDBPyConnection,
    table: str,
    bounds: tuple[dt.date, dt.date, dt.date],
    limit: int,
    all_modes: bool,
) -> dict[str, list[dict[str, Any]]]:
    prev_first, first, last = bounds
    where, params = _filter(prev_first, last, all_modes)
    rows = db.execute(
        "SELECT source_country, target_country,"
        " count(*) FILTER (WHERE date >= ?) AS n_now,"
        " count(*) FILTER (WHERE date < ?) AS n_prev,"
        " avg(goldstein) FILTER (WHERE date >= ?) AS g_now,"
        " avg(goldstein) FILTER (WHERE date < ?) AS g_prev"
        f" FROM {table} WHERE {where}"
        " AND source_country IS NOT NULL AND target_country IS NOT NULL GROUP BY ALL",
        [first, first, first, first, *params],
    ).fetchall()
    changes = [_shift(*r) for r in rows]
    by_events = sorted(
        (c for c in changes if c["change"] != 0),
        key=lambda c: (-abs(c["change"]), c["source_country"], c["target_country"]),
    )
    by_goldstein = sorted(
        (c for c in changes if c["goldstein_change"] not in (None, 0)),
        key=lambda c: (-abs(c["goldstein_change"]), c["source_country"], c["target_country"]),
    )
    return {"events": by_events[:limit], "goldstein": by_goldstein[:limit]}


def _shift(
    source: str, target: str, n_now: int, n_prev: int, g_now: float | None, g_prev: float | None
) -> dict[str, Any]:
    change = g_now - g_prev if g_now is not None and g_prev is not None else None
    return {
        "source_country": source,
        "target_country": target,
        "events": n_now,
        "previous_events": n_prev,
        "change": n_now - n_prev,
        "goldstein_mean": _round(g_now),
        "previous_goldstein_mean": _round(g_prev),
        "goldstein_change": _round(change),
    }


def _round(value: float | None) -> float | None:
    return None if value is None else round(float(value), 3)
