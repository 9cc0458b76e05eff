"""Read events back: from a store, from an exported Parquet dataset, from exported files.

`events_source` gives the analysis functions one thing to query — a DuckDB connection
with an `events` relation holding the events table's columns — whether the events
live in a dyad store or in a Parquet dataset written by `dyad export --format parquet`
(or any Parquet files with the same columns). The other helpers read the exported
GDELT and JSON Lines files, so an export can be checked against the store it came from.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import duckdb

from dyad.columns import EVENT_COLUMNS, EVENT_TABLE, event_from_record, event_from_row
from dyad.store.export import GDELT_COLUMNS, GDELT_TYPES
from dyad.store.store import Store

__all__ = ["event_from_record", "event_from_row", "events_source", "read_gdelt", "read_jsonl"]

# Columns hive partitioning adds from `year=2026/month=1/` folder names; not event columns.
PARTITION_COLUMNS = ("year", "month")

EventsInput = duckdb.DuckDBPyConnection | Store | str | Path


class SourceError(ValueError):
    """The events input is neither a store nor a readable events dataset."""


def is_parquet_input(path: str | Path) -> bool:
    """True for a folder (a Parquet dataset), a `.parquet` file or a glob of them."""
    text = str(path)
    return Path(text).is_dir() or text.endswith(".parquet") or any(c in text for c in "*?[")


def parquet_glob(path: str | Path) -> str:
    """The glob DuckDB reads for a dataset folder (every Parquet file below it)."""
    p = Path(path)
    return str(p / "**" / "*.parquet") if p.is_dir() else str(path)


@contextmanager
def events_source(source: EventsInput) -> Iterator[duckdb.DuckDBPyConnection]:
    """Yield a connection on which `events` is the events table (or a view with its columns).

    `source` is an open DuckDB connection or `Store` (used as is), a Parquet dataset folder,
    `.parquet` file or glob (read through an in-memory DuckDB view), or the path of a dyad
    store file (opened read-only for the duration).
    """
    if isinstance(source, Store):
        yield source.con
    elif isinstance(source, duckdb.DuckDBPyConnection):
        yield source
    elif is_parquet_input(source):
        con = _parquet_connection(source)
        try:
            yield con
        finally:
            con.close()
    else:
        yield from _store_file(Path(source))


def _store_file(path: Path) -> Iterator[duckdb.DuckDBPyConnection]:
    if not path.is_file():
        raise SourceError(f"no store or Parquet dataset at {path}")
    try:
        con = duckdb.connect(str(path), read_only=True)
    except duckdb.Error as exc:
        raise SourceError(f"cannot open store {path}: {exc}") from exc
    try:
        yield con
    finally:
        con.close()


def _parquet_connection(path: str | Path) -> duckdb.DuckDBPyConnection:
    if Path(path).is_dir() and not any(Path(path).rglob("*.parquet")):
        raise SourceError(f"no Parquet files under {path}")
    con = duckdb.connect()
    try:
        # The relation API takes the path as a value, so no path is ever spliced into SQL.
        rel = con.read_parquet(parquet_glob(path), hive_partitioning=True)
        missing = [c for c in EVENT_COLUMNS if c not in rel.columns and c not in _LATER_COLUMNS]
        if missing:
            raise SourceError(f"{path} is not a dyad events dataset: missing {', '.join(missing)}")
        rel.create_view("events_parquet")
        wanted = [_quote_identifier(c) for c in rel.columns if c not in PARTITION_COLUMNS]
        # An export written before a column was added reads as having it empty.
        wanted += [f"CAST(NULL AS {sql}) AS {name}" for name, sql in _LATER_COLUMNS.items() if name not in rel.columns]
        con.execute("CREATE VIEW events AS SELECT " + ", ".join(wanted) + " FROM events_parquet")
    except duckdb.Error as exc:
        con.close()
        raise SourceError(f"cannot read Parquet dataset {path}: {exc}") from exc
    except SourceError:
        con.close()
        raise
    return con


_LATER_COLUMNS = {c.name: c.sql for c in EVENT_TABLE if c.since > 1}


def _quote_identifier(name: str) -> str:
    # Column names come from the Parquet schema; quoting keeps odd names from breaking the view.
    return '"' + name.replace('"', '""') + '"'


# -- exported files ------------------------------------------------------------------------------
def read_gdelt(path: str | Path, con: duckdb.DuckDBPyConnection | None = None) -> Any:
    """A DuckDB relation over a `dyad export --format gdelt` file (no header line).

    Equivalent SQL, for use outside Python::

        SELECT * FROM read_csv('events.gdelt.tsv', delim='\\t', header=false,
                               names=[<GDELT_COLUMNS>], types={'EventCode': 'VARCHAR', ...})

    CAMEO codes are read as text so that leading zeros ("043") survive.
    """
    con = con or duckdb.connect()
    return con.read_csv(
        str(path),
        delimiter="\t",
        header=False,
        names=list(GDELT_COLUMNS),
        dtype=dict(GDELT_TYPES),
        quotechar="",
    )


def read_jsonl(path: str | Path) -> list[dict[str, Any]]:
    """The records of a JSON Lines file (blank lines skipped)."""
    with open(path, encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]
