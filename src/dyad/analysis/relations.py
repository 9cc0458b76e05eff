"""Dyadic relations: how actor A has treated actor B, period by period.

For each period (day, ISO week starting Monday, or calendar month) `relations` counts A→B
events by CAMEO quad class — q1 verbal cooperation, q2 material cooperation, q3 verbal
conflict, q4 material conflict — and gives their summed and mean Goldstein score and a
cooperation–conflict index:

    index = (q1 + q2 − q3 − q4) / (q1 + q2 + q3 + q4)

which is +1 when every event was cooperative, −1 when every event was conflictual and 0
when they balance. It weighs each event the same, whatever its Goldstein score, so one
large event does not hide many small ones (the Goldstein columns show intensity).

Periods with no events between the first and the last period with events are listed too:
their counts and Goldstein sum are 0, their mean Goldstein and index are None (undefined,
rather than a misleading "neutral" 0; charts show them as gaps).

Actors: a 3-letter code (`PAK`) matches the event's country (`source_country` /
`target_country`) or a code starting with it; a longer code (`PAKGOV`) matches actor codes
that start with it (`PAKGOV`, `PAKGOVMIL`…).

Modes: events the coder marked *negated* ("did not sign") or *hypothetical* ("would
retaliate if…") did not happen, so they are left out of every count unless
`include_all_modes=True`. Asserted, reported and intended events are counted — an intention
(a 03x pledge) is itself a verbal act of cooperation. Events without a date are left out;
`undated_events` says how many of the dyad's events that is (charts and pages show it).
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any, Literal, get_args

from dyad.analysis.stories import DEFAULT_COUNT, check_count, counted_events
from dyad.store.load import EventsInput, events_source

Freq = Literal["day", "week", "month"]
FREQS: tuple[str, ...] = get_args(Freq)
UNREAL_MODES = ("negated", "hypothetical")
QUAD_LABELS = {
    1: "verbal cooperation",
    2: "material cooperation",
    3: "verbal conflict",
    4: "material conflict",
}
_ACTOR = re.compile(r"^[A-Z0-9-]{3,}$")


# -- SQL pieces shared by the analysis modules ---------------------------------------------------
def check_actor(actor: str) -> str:
    """Upper-cased actor code; ValueError for something that cannot be a code."""
    code = actor.strip().upper()
    if not _ACTOR.match(code):
        raise ValueError(f"actor {actor!r}: use a country code like PAK or a code prefix like PAKGOV")
    return code


def actor_condition(side: str, actor: str) -> tuple[str, list[Any]]:
    """SQL condition (with parameters) for `side` ('source' or 'target') matching `actor`."""
    if side not in ("source", "target"):
        raise ValueError(f"side must be source or target, not {side!r}")
    code = check_actor(actor)
    if len(code) == 3:
        return f"({side}_country = ? OR starts_with({side}_code, ?))", [code, code]
    return f"starts_with({side}_code, ?)", [code]


def dyad_condition(a: str, b: str, both_directions: bool) -> tuple[str, list[Any]]:
    """A→B (and B→A when asked) as one SQL condition."""
    sa, pa = actor_condition("source", a)
    tb, pb = actor_condition("target", b)
    sql, params = f"({sa} AND {tb})", pa + pb
    if both_directions:
        sb, pb2 = actor_condition("source", b)
        ta, pa2 = actor_condition("target", a)
        sql, params = f"({sql} OR ({sb} AND {ta}))", params + pb2 + pa2
    return sql, params


def mode_condition(include_all_modes: bool) -> tuple[str, list[Any]]:
    """Leave out negated and hypothetical events unless asked (an unset mode counts)."""
    if include_all_modes:
        return "TRUE", []
    return "NOT list_contains(?, coalesce(mode, 'asserted'))", [list(UNREAL_MODES)]


def date_condition(start: dt.date | None, end: dt.date | None) -> tuple[str, list[Any]]:
    """Inclusive date window; events without a date never match."""
    if start and end and start > end:
        raise ValueError(f"start {start} is after end {end}")
    parts, params = ["date IS NOT NULL"], []
    if start:
        parts.append("date >= ?")
        params.append(start)
    if end:
        parts.append("date <= ?")
        params.append(end)
    return " AND ".join(parts), params


def check_freq(freq: str) -> Freq:
    if freq not in FREQS:
        raise ValueError(f"freq {freq!r}: use one of {', '.join(FREQS)}")
    return freq  # type: ignore[return-value]


# -- periods -------------------------------------------------------------------------------------
def period_start(day: dt.date, freq: Freq) -> dt.date:
    """The first day of the period holding `day` (weeks start on Monday, like ISO weeks)."""
    if freq == "day":
        return day
    if freq == "week":
        return day - dt.timedelta(days=day.weekday())
    return day.replace(day=1)


def next_period(start: dt.date, freq: Freq) -> dt.date:
    if freq == "day":
        return start + dt.timedelta(days=1)
    if freq == "week":
        return start + dt.timedelta(days=7)
    return dt.date(start.year + start.month // 12, start.month % 12 + 1, 1)


def periods_between(first: dt.date, last: dt.date, freq: Freq) -> list[dt.date]:
    """Every period start from `first` to `last` inclusive."""
    out, current = [], period_start(first, freq)
    while current <= last:
        out.append(current)
        current = next_period(current, freq)
    return out


# -- relations -----------------------------------------------------------------------------------
def relations(
    con: EventsInput,
    a: str,
    b: str,
    *,
    start: dt.date | None = None,
    end: dt.date | None = None,
    freq: str = "month",
    both_directions: bool = False,
    include_all_modes: bool = False,
    quad_class: int | None = None,
    mode: str | None = None,
    count: str = DEFAULT_COUNT,
) -> list[dict[str, Any]]:
    """Per-period counts, Goldstein and cooperation–conflict index of A→B events.

    `quad_class` and `mode` narrow the events counted (a `mode` given explicitly is counted
    even when it is negated or hypothetical).

    `con` is a DuckDB connection or `Store`, a store file, or a Parquet dataset folder.
    `count`: events (story-level, the default), mentions or daily — see `dyad.analysis.stories`.
    Each row: period (date of its first day), events, q1..q4, goldstein_sum,
    goldstein_mean, index; with `both_directions`, also a_to_b and b_to_a counts.
    """
    period = check_freq(freq)
    check_count(count)
    where, params = _filters(a, b, date_condition(start, end), both_directions, include_all_modes, quad_class, mode)
    direction_sql, direction_params = actor_condition("source", a)
    with events_source(con) as db:
        sql = _relations_sql(counted_events(db, count), direction_sql, where)
        found = db.execute(sql, [period, *direction_params, *params]).fetchall()
    rows = {r[0]: _row(r, both_directions) for r in found}
    if not rows:
        return []
    return [
        rows.get(p) or _empty_row(p, both_directions)
        for p in periods_between(min(rows), max(rows), period)
    ]


def undated_events(
    con: EventsInput,
    a: str,
    b: str,
    *,
    both_directions: bool = False,
    include_all_modes: bool = False,
    quad_class: int | None = None,
    mode: str | None = None,
    count: str = DEFAULT_COUNT,
) -> int:
    """How many of the events `relations` would count (same options) have no date, and so
    are on no period."""
    check_count(count)
    dateless: tuple[str, list[Any]] = ("date IS NULL", [])
    where, params = _filters(a, b, dateless, both_directions, include_all_modes, quad_class, mode)
    with events_source(con) as db:
        found = db.execute(f"SELECT count(*) FROM {counted_events(db, count)} WHERE {where}", params).fetchall()
    return int(found[0][0])


def _filters(
    a: str,
    b: str,
    dates: tuple[str, list[Any]],
    both_directions: bool,
    include_all_modes: bool,
    quad_class: int | None,
    mode: str | None,
) -> tuple[str, list[Any]]:
    """The WHERE of the dyad's counted events, with `dates` as the date condition."""
    where, params = _where(a, b, dates, both_directions, include_all_modes or mode is not None)
    if quad_class is not None:
        where += " AND quad_class = ?"
        params.append(quad_class)
    if mode is not None:
        where += " AND mode = ?"
        params.append(mode)
    return where, params


def _relations_sql(table: str, direction_sql: str, where: str) -> str:
    return (
        "SELECT CAST(date_trunc(?, date) AS DATE) AS period,"
        " count(*) FILTER (WHERE quad_class = 1) AS q1,"
        " count(*) FILTER (WHERE quad_class = 2) AS q2,"
        " count(*) FILTER (WHERE quad_class = 3) AS q3,"
        " count(*) FILTER (WHERE quad_class = 4) AS q4,"
        " coalesce(sum(goldstein), 0) AS goldstein_sum,"
        f" count(*) FILTER (WHERE {direction_sql}) AS from_a"
        f" FROM {table} WHERE {where} GROUP BY ALL ORDER BY period"
    )


def _where(
    a: str,
    b: str,
    dates: tuple[str, list[Any]],
    both_directions: bool,
    include_all_modes: bool,
) -> tuple[str, list[Any]]:
    parts = [
        dyad_condition(a, b, both_directions),
        dates,
        mode_condition(include_all_modes),
    ]
    # An event without a quad class cannot be placed on the scale; keeping it out of the
    # WHERE keeps `events`, the quad counts and the Goldstein sum about the same events.
    parts.append(("quad_class BETWEEN 1 AND 4", []))
    return " AND ".join(f"({sql})" for sql, _ in parts), [p for _, ps in parts for p in ps]


def _row(r: tuple[Any, ...], both_directions: bool) -> dict[str, Any]:
    period, q1, q2, q3, q4, gsum, from_a = r
    total = q1 + q2 + q3 + q4
    row: dict[str, Any] = {
        "period": period,
        "events": total,
        "q1": q1,
        "q2": q2,
        "q3": q3,
        "q4": q4,
        "goldstein_sum": round(float(gsum), 3),
        "goldstein_mean": round(float(gsum) / total, 3) if total else None,
        "index": round(cooperation_index(q1, q2, q3, q4), 4) if total else None,
    }
    if both_directions:
        row["a_to_b"], row["b_to_a"] = from_a, total - from_a
    return row


def _empty_row(period: dt.date, both_directions: bool) -> dict[str, Any]:
    return _row((period, 0, 0, 0, 0, 0.0, 0), both_directions)


def cooperation_index(q1: int, q2: int, q3: int, q4: int) -> float:
    """(q1 + q2 − q3 − q4) / total, in [−1, 1]; 0.0 when there are no events."""
    total = q1 + q2 + q3 + q4
    return (q1 + q2 - q3 - q4) / total if total else 0.0
