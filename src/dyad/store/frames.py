"""The data-frame door: events as a DuckDB relation, ready for `.df()` (pandas), `.pl()` (polars)
or `.arrow()` (a pyarrow Table).

    import dyad
    store = dyad.open_store("dyad.duckdb", read_only=True)
    df = store.events(where="quad_class >= 3", start="2026-01-01").df()
    rel = dyad.read_events("events_parquet/")          # an export: Parquet, GDELT TSV, JSON Lines, CSV

A relation is lazy: nothing is read until it is turned into a frame, and it reads through the
connection it was made on, so use it while the store is open. `where` is a DuckDB SQL condition over
the events columns (the same as `dyad export --where`); dates are passed as values, never spliced.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import duckdb

from dyad.store.load import PARTITION_COLUMNS, SourceError, is_parquet_input, parquet_glob, read_gdelt

DateLike = dt.date | str | None


def _day(value: DateLike, name: str) -> dt.date | None:
    if value is None or isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise ValueError(f"{name} {value!r}: use YYYY-MM-DD") from None


def filter_events(rel: Any, where: str | None = None, start: DateLike = None, end: DateLike = None) -> Any:
    """`rel` narrowed to `where` and to dates within [start, end] (events without a date drop out
    as soon as either bound is given)."""
    first, last = _day(start, "start"), _day(end, "end")
    if first and last and first > last:
        raise ValueError(f"start {first} is after end {last}")
    if where:
        rel = rel.filter(where)
    date = duckdb.ColumnExpression("date")
    if first:
        rel = rel.filter(date >= duckdb.ConstantExpression(first))
    if last:
        rel = rel.filter(date <= duckdb.ConstantExpression(last))
    return rel


def store_events(con: duckdb.DuckDBPyConnection, where: str | None, start: DateLike, end: DateLike) -> Any:
    return filter_events(con.table("events"), where, start, end).order("date, doc_id, sentence_index")


def read_events(path: str | Path, *, where: str | None = None, start: DateLike = None, end: DateLike = None) -> Any:
    """Events from an export or a store file as a DuckDB relation.

    `path`: a Parquet dataset folder, `.parquet` file or glob (`dyad export --format parquet`), a
    GDELT TSV (`.tsv`, `.csv` with GDELT's 61 columns is not guessed: use `.tsv`), JSON Lines
    (`.jsonl`), CSV (`.csv`), or a dyad store (`.duckdb`, opened read-only).
    """
    text = str(path)
    con = duckdb.connect()
    if is_parquet_input(text):
        if Path(text).is_dir() and not any(Path(text).rglob("*.parquet")):
            raise SourceError(f"no Parquet files under {text}")
        rel = con.read_parquet(parquet_glob(text), hive_partitioning=True)
        kept = [c for c in rel.columns if c not in PARTITION_COLUMNS]
        return filter_events(rel.select(*kept), where, start, end)
    if not Path(text).is_file():
        raise SourceError(f"no events file or Parquet dataset at {text}")
    suffixes = Path(text).suffixes
    if ".tsv" in suffixes:
        return _gdelt(read_gdelt(text, con), where, start, end)
    if ".jsonl" in suffixes or ".json" in suffixes:
        return filter_events(con.read_json(text, format="newline_delimited"), where, start, end)
    if ".csv" in suffixes:
        return filter_events(con.read_csv(text), where, start, end)
    con.close()
    store = duckdb.connect(text, read_only=True)
    return store_events(store, where, start, end)


def _gdelt(rel: Any, where: str | None, start: DateLike, end: DateLike) -> Any:
    # GDELT files carry the day as an integer YYYYMMDD (SQLDATE); give them a `date` like the rest.
    dated = rel.select(
        duckdb.StarExpression(),
        duckdb.SQLExpression("CAST(strptime(CAST(SQLDATE AS VARCHAR), '%Y%m%d') AS DATE) AS date"),
    )
    return filter_events(dated, where, start, end)
