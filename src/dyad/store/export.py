"""Export stored events: GDELT 2.0 TSV, PLOVER JSON Lines, CSV, JSON Lines, Parquet.

Every format reads the same rows: the store's events (optionally filtered by `where`),
joined with their documents for the URL and title, ordered by date, document, sentence.

`where` is a SQL boolean expression over the events table's columns, e.g.
``source_country = 'PAK' AND date >= DATE '2026-01-01'``. It runs as written against your
own store; `;` and SQL comments are refused so a stray paste cannot run a second statement,
and `dyad export` runs it on a connection that can read no file but the store.

gdelt
    Tab-separated, one event a line, no header line unless asked (GDELT 2.0 event files
    have none), the 61 GDELT 2.0 event-table columns in GDELT's order, filled as GDELT fills
    them (undated events are left out: a GDELT row needs its SQLDATE; `undated_note` says
    how many): one row per story-level event with NumMentions/NumSources/NumArticles, FIPS 10-4
    geography codes, GDELT-style actor codes (see `dyad.store.gdelt` for every column and which
    ones stay empty). Read it back with `dyad.store.load.read_gdelt`, or::

        SELECT * FROM read_csv('events.tsv', delim='\\t', header=false, quote='',
                               names=[...GDELT_COLUMNS...], types={'EventCode': 'VARCHAR', ...})

plover
    JSON Lines of PLOVER records with the manual's field names (id, date, actor, recipient,
    event, mode, context, event_text, quad_code, event_scale, event_loc, text, text_info,
    cite_info, has_event, coder, coded_date); `source` and `target` repeat actor and
    recipient under their older names. dyad's own fields (CAMEO code, Goldstein, dyad mode,
    confidence, rule, object phrase…) are under the "dyad" key. Events without a PLOVER type
    (CAMEO 01 statements and 02 appeals) are skipped unless `include_unmapped`.
csv
    All event columns, with a header line.
jsonl
    One event a line, the shape `dyad code --jsonl` writes (README, "Event records").
parquet
    A folder dataset partitioned hive-style by the event date's year and month
    (`year=2026/month=1/part-0.parquet`; undated events under `year=undated/month=undated`),
    readable by DuckDB (`read_parquet('dir/**/*.parquet', hive_partitioning=true)`),
    pyarrow, pandas, polars, Spark and Dask (tests/test_parquet_readers.py).
"""

from __future__ import annotations

import csv
import datetime as dt
import json
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO, Any

from dyad.columns import EVENTS, sentence_indexes
from dyad.store.gdelt import GDELT_COLUMNS as GDELT_COLUMNS  # re-exported: the export's public names
from dyad.store.gdelt import GDELT_TYPES as GDELT_TYPES
from dyad.store.gdelt import gdelt_row as gdelt_row
from dyad.store.gdelt import gdelt_sql, write_gdelt
from dyad.store.gdelt import global_event_id as global_event_id

FORMATS = ("gdelt", "plover", "csv", "jsonl", "parquet")
BATCH = 5000
Progress = Callable[[int], None]

# PLOVER's quad categories, from each event type's "Quad category" in the manual.
PLOVER_QUAD = {
    **dict.fromkeys(("AGREE", "CONSULT", "SUPPORT", "CONCEDE"), 1),
    **dict.fromkeys(("COOPERATE", "AID", "RETREAT"), 2),
    **dict.fromkeys(("REQUEST", "ACCUSE", "REJECT", "THREATEN"), 3),
    **dict.fromkeys(("PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT"), 4),
}
# dyad modes that PLOVER expresses as auxiliary modes; "intended" only outside AGREE,
# because AGREE already is the future form of cooperation (the manual asks for the single
# category rather than category + auxiliary).
AUXILIARY_MODES = {"negated": "negation", "hypothetical": "hypothetical", "intended": "future"}


class ExportError(ValueError):
    """Bad export parameters: unknown format, unsafe filter, unusable output path."""


# -- parameters ----------------------------------------------------------------------------------
def check_format(fmt: str) -> str:
    if fmt not in FORMATS:
        raise ExportError(f"unknown format {fmt!r}: use one of {', '.join(FORMATS)}")
    return fmt


def check_where(where: str | None) -> str | None:
    """The filter, stripped; ExportError for `;` or comments (one expression, nothing more)."""
    if where is None or not where.strip():
        return None
    for bad in (";", "--", "/*", "*/"):
        if bad in where:
            raise ExportError(f"--where must be a single condition; {bad!r} is not allowed")
    return where.strip()


def _events_sql(where: str | None) -> str:
    # The user's condition is the one piece of SQL not passed as a parameter: it is SQL by
    # design, applied to the events table alone so its column names cannot be ambiguous.
    condition = f"WHERE ({where})" if where else ""
    return f"SELECT * FROM events {condition}"


def count_events(con: Any, where: str | None = None) -> int:
    """How many events the filter selects; ExportError when DuckDB rejects the filter."""
    import duckdb

    try:
        rows = con.execute(f"SELECT count(*) FROM ({_events_sql(check_where(where))})").fetchall()
    except duckdb.Error as exc:
        raise ExportError(f"--where {where!r}: {str(exc).splitlines()[0]}") from None
    return int(rows[0][0])


def undated_note(con: Any, fmt: str, where: str | None = None, count: str = "events") -> str | None:
    """What became of the events without a date, for the export's summary (None: there were none)."""
    if fmt == "gdelt":
        from dyad.analysis.stories import counted_sql

        selected = counted_sql(con, count, where)
    else:
        selected = _events_sql(where)
    found = con.execute(f"SELECT count(*) FROM ({selected}) WHERE date IS NULL").fetchall()
    n = int(found[0][0])
    if not n:
        return None
    events = f"{n} undated event{'s' if n != 1 else ''}"
    return {
        "gdelt": f"{events} left out (a GDELT row needs a SQLDATE)",
        "parquet": f"{events} under year=undated/month=undated",
    }.get(fmt, f"{events} written with an empty date (date_source none)")


def _rows(con: Any, where: str | None) -> Iterator[dict[str, Any]]:
    """Events with their document's url/origin/title/language/publisher, in a stable order."""
    return _fetch(
        con,
        "SELECT e.*, d.url AS doc_url, d.origin AS doc_origin, d.title AS doc_title,"
        " d.language AS doc_language, d.source AS doc_publisher"
        f" FROM ({_events_sql(where)}) e LEFT JOIN documents d ON d.doc_id = e.doc_id"
        " ORDER BY e.date NULLS LAST, e.doc_id, e.sentence_index, e.event_id",
    )


def _fetch(con: Any, sql: str) -> Iterator[dict[str, Any]]:
    cur = con.execute(sql)
    names = [d[0] for d in cur.description]
    while batch := cur.fetchmany(BATCH):
        for row in batch:
            yield dict(zip(names, row, strict=True))


# -- entry point ---------------------------------------------------------------------------------
def export_events(
    con: Any,
    fmt: str,
    path: str | Path,
    *,
    where: str | None = None,
    header: bool = False,
    include_unmapped: bool = False,
    overwrite: bool = False,
    progress: Progress | None = None,
    count: str = "events",
) -> int:
    """Write the store's events (on connection `con`) to `path` in `fmt`; return rows written.

    `path` "-" writes the line formats to standard output. `header` applies to gdelt;
    `include_unmapped` to plover; `overwrite` lets parquet replace partitions in an
    existing folder. `progress(n)` is called with the number of events handled so far.
    """
    fmt, where = check_format(fmt), check_where(where)
    count_events(con, where)  # a bad filter fails here, before any file is created
    tick = progress or (lambda _n: None)
    if fmt == "parquet":
        return _write_parquet(con, Path(path), where, overwrite, tick)
    if fmt == "gdelt":
        with _open_output(path) as out:
            return write_gdelt(out, _fetch(con, gdelt_sql(con, where, count)), header, tick)
    rows = _rows(con, where)
    with _open_output(path) as out:
        if fmt == "csv":
            return _write_csv(out, event_columns(con), rows, tick)
        convert = EVENTS.record_from_row if fmt == "jsonl" else _plover_or_none(include_unmapped)
        return _write_json_lines(out, rows, convert, tick)


@contextmanager
def _open_output(path: str | Path) -> Iterator[IO[str]]:
    if str(path) == "-":
        yield sys.stdout
        sys.stdout.flush()
        return
    p = Path(path)
    if p.is_dir():
        raise ExportError(f"{p} is a folder; give a file name")
    if not p.parent.exists():
        raise ExportError(f"folder {p.parent} does not exist")
    with open(p, "w", encoding="utf-8", newline="") as handle:
        yield handle


def _counted(rows: Iterator[dict[str, Any]], tick: Progress) -> Iterator[dict[str, Any]]:
    n = 0
    for row in rows:
        yield row
        n += 1
        if n % 500 == 0:
            tick(n)
    tick(n)


# -- plain formats -------------------------------------------------------------------------------
def event_columns(con: Any) -> list[str]:
    """The events table's columns, in table order."""
    return [d[0] for d in con.execute("SELECT * FROM events LIMIT 0").description]


def _write_csv(
    out: IO[str], columns: list[str], rows: Iterator[dict[str, Any]], tick: Progress
) -> int:
    writer, n = csv.writer(out), 0
    writer.writerow(columns)
    for row in _counted(rows, tick):
        writer.writerow([_csv_value(row[c]) for c in columns])
        n += 1
    return n


def _csv_value(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, dt.date | dt.datetime):
        return value.isoformat()
    return value


def _write_json_lines(
    out: IO[str],
    rows: Iterator[dict[str, Any]],
    convert: Callable[[dict[str, Any]], dict[str, Any] | None],
    tick: Progress,
) -> int:
    n = 0
    for row in _counted(rows, tick):
        record = convert(row)
        if record is not None:
            out.write(json.dumps(record, ensure_ascii=False, default=str) + "\n")
            n += 1
    return n


def _iso(value: Any) -> str | None:
    return value.isoformat() if isinstance(value, dt.date | dt.datetime) else value


def _supporting(row: dict[str, Any]) -> list[int]:
    return sentence_indexes(row.get("supporting"))


# -- PLOVER --------------------------------------------------------------------------------------
def _plover_or_none(include_unmapped: bool) -> Callable[[dict[str, Any]], dict[str, Any] | None]:
    def convert(row: dict[str, Any]) -> dict[str, Any] | None:
        if not row.get("plover") and not include_unmapped:
            return None
        return plover_record(row)

    return convert


def _plover_entity(row: dict[str, Any], side: str) -> list[dict[str, Any]]:
    if row.get(f"{side}_code") is None:
        return []
    return [{
        "code": row.get(f"{side}_country"),
        "sector": row.get(f"{side}_sector") or None,
        "entity_text": row.get(f"{side}_text"),
        "identifier_text": row.get(f"{side}_name"),
    }]  # fmt: skip


def _ontology_fields(cameo: str) -> tuple[str | None, list[str]]:
    """PLOVER mode and contexts the CAMEO table gives this code (none for unknown codes)."""
    from dyad.cameo.ontology import load_ontology

    try:
        entry = load_ontology().get(cameo)
    except (KeyError, ValueError, OSError):
        return None, []
    contexts = [c.strip() for c in (entry.plover_context or "").split(";") if c.strip()]
    return entry.plover_mode, contexts


def _plover_modes(row: dict[str, Any], mode: str | None) -> list[str]:
    modes = [mode] if mode else []
    auxiliary = AUXILIARY_MODES.get(row.get("mode") or "")
    if auxiliary and not (auxiliary == "future" and row.get("plover") == "AGREE"):
        modes.append(auxiliary)
    return modes


def _plover_location(row: dict[str, Any]) -> dict[str, Any] | None:
    if row.get("place") is None and row.get("place_country") is None:
        return None
    return {"extracted_place": row.get("place"), "lat": row.get("latitude"),
            "lon": row.get("longitude"), "country_code": row.get("place_country")}  # fmt: skip


def plover_record(row: dict[str, Any]) -> dict[str, Any]:
    """One stored event as a PLOVER interchange record (see the module docstring)."""
    from dyad._version import __version__

    plover, coded = row.get("plover"), row.get("coded_at")
    mode, contexts = _ontology_fields(row["cameo"])
    actor, recipient = _plover_entity(row, "source"), _plover_entity(row, "target")
    return {
        "id": row["event_id"],
        "has_event": bool(plover),
        "date": _iso(row.get("date")),
        "actor": actor,
        "recipient": recipient,
        "source": actor,
        "target": recipient,
        "event": [plover] if plover else [],
        "mode": _plover_modes(row, mode),
        "context": contexts,
        "event_text": [row["trigger_text"]] if row.get("trigger_text") else [],
        "quad_code": PLOVER_QUAD.get(plover or "", row.get("quad_class")),
        "event_scale": row.get("goldstein"),
        "event_loc": _plover_location(row),
        "text": row.get("sentence"),
        "text_info": {"sequence": row.get("sentence_index")},
        "cite_info": {"url": row.get("doc_url"), "title": row.get("doc_title"),
                      "language": row.get("doc_language"), "publication": row.get("doc_publisher"),
                      "coder": f"dyad {__version__}", "codebook": "CAMEO 1.1b3 mapped to PLOVER"},
        "coder": f"dyad {__version__}",
        "coded_date": coded.date().isoformat() if isinstance(coded, dt.datetime) else None,
        "coded_time": coded.time().isoformat() if isinstance(coded, dt.datetime) else None,
        "dyad": _dyad_fields(row),
    }  # fmt: skip


def _dyad_fields(row: dict[str, Any]) -> dict[str, Any]:
    return {
        "doc_id": row["doc_id"],
        "source_code": row.get("source_code"),
        "target_code": row.get("target_code"),
        "cameo": row["cameo"],
        "cameo_root": row.get("cameo_root") or row["cameo"][:2],
        "cameo_name": row.get("cameo_name"),
        "quad_class": row.get("quad_class"),
        "penta_class": row.get("penta_class"),
        "goldstein": row.get("goldstein"),
        "event_scale": "goldstein",
        "mode": row.get("mode"),
        "confidence": row.get("confidence"),
        "rule": row.get("rule"),
        "object": row.get("object_text") or "",
        "supporting_sentences": _supporting(row),
        "trigger": {"text": row.get("trigger_text"), "start": row.get("trigger_start"),
                    "end": row.get("trigger_end")},
    }  # fmt: skip


# -- Parquet -------------------------------------------------------------------------------------
def _arrow_reader(con: Any, sql: str) -> Any:
    """An Arrow record-batch stream of a query (newer DuckDB names it differently)."""
    rel = con.sql(sql)
    for name in ("to_arrow_reader", "fetch_arrow_reader", "fetch_record_batch"):
        method = getattr(rel, name, None)
        if method is not None:
            return method(BATCH)
    return rel.record_batch(BATCH)


def _remove_partitions(path: Path) -> None:
    """Remove a previous export's `year=…` partitions, so no stale month survives; other
    files in the folder are left alone."""
    import shutil

    for child in path.glob("year=*"):
        if child.is_dir():
            shutil.rmtree(child)


def _write_parquet(
    con: Any, path: Path, where: str | None, overwrite: bool, tick: Progress
) -> int:
    import pyarrow.dataset as pads

    if path.exists() and not path.is_dir():
        raise ExportError(f"{path} is a file; parquet writes a folder")
    if path.is_dir() and any(path.iterdir()):
        if not overwrite:
            raise ExportError(f"{path} is not empty; choose a new folder or pass --overwrite")
        _remove_partitions(path)
    reader = _arrow_reader(
        con,
        # Partition values are text, "undated" for events without a date: a null partition
        # (__HIVE_DEFAULT_PARTITION__) is what pandas and pyarrow cannot read back.
        "SELECT *, coalesce(CAST(year(date) AS VARCHAR), 'undated') AS year,"
        f" coalesce(CAST(month(date) AS VARCHAR), 'undated') AS month FROM ({_events_sql(where)})"
        " ORDER BY date NULLS LAST, doc_id, sentence_index, event_id",
    )
    written = [0]

    def batches() -> Iterator[Any]:
        for batch in reader:
            written[0] += batch.num_rows
            tick(written[0])
            yield batch

    # pyarrow takes the folder as a value (DuckDB's COPY would need it spliced into SQL).
    pads.write_dataset(
        batches(),
        str(path),
        schema=reader.schema,
        format="parquet",
        partitioning=["year", "month"],
        partitioning_flavor="hive",
        existing_data_behavior="delete_matching",
    )
    return written[0]
