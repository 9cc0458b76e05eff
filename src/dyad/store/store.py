"""The embedded DuckDB store: documents, ingest errors, events and runs.

All writes go through `Store`, in transactions of one batch each, so a run
that is interrupted leaves whole batches or nothing.

DuckDB lets one process hold a file read-write and then no other process may even read
it. A long run therefore opens its store with `hold=False`: the file is open only for
each operation (a batch's transaction, a look-up) and released between them, so `dyad
serve` and other readers get in while documents are read and coded. Opening waits
(`lock_wait`) while another process holds the file briefly.
"""

from __future__ import annotations

import datetime as dt
import functools
import json
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Concatenate, ParamSpec, TypeVar

from dyad.columns import EVENT_COLUMNS, EVENTS
from dyad.models import Document, Event, ReadError
from dyad.store import runs
from dyad.store.holding import StoreFile
from dyad.store.lookup import rows_by_id, run_by_id
from dyad.store.opening import DEFAULT_DB, OPEN_WAIT, StoreError
from dyad.store.plan import CodedPlan, WriteResult, first_of_each
from dyad.store.schema import apply_migrations

__all__ = ["DEFAULT_DB", "DOCUMENT_COLUMNS", "EVENT_COLUMNS", "Store", "StoreError", "WriteResult", "open_store"]

DOCUMENT_COLUMNS = (
    "doc_id", "external_id", "title", "url", "source", "author", "date", "place", "agency",
    "language", "origin", "text", "n_chars", "duplicate_of", "minhash", "extra", "date_source",
)  # fmt: skip


P = ParamSpec("P")
R = TypeVar("R")


def _opened(method: Callable[Concatenate[Store, P], R]) -> Callable[Concatenate[Store, P], R]:
    """A method that needs the file: on a released store it opens the file for the call."""

    @functools.wraps(method)
    def call(self: Store, /, *args: P.args, **kwargs: P.kwargs) -> R:
        with self.session():
            return method(self, *args, **kwargs)

    return call


class Store(StoreFile):
    """A dyad DuckDB file. Use `open_store(path)`; close it or use it as a context manager.

    hold: keep the file open (and locked) until `close`. With False the store is released
    after opening, and each method opens the file for its own work: the way of long runs,
    so that other processes can read the store between their batches (`session` keeps it
    open across several calls). lend (with hold False): keep the file between operations
    until another process asks for it (`store/holding.py`), which spares a run the cost of
    opening the file for every batch."""

    def __init__(
        self, path: str | Path = DEFAULT_DB, *, read_only: bool = False, hold: bool = True,
        lock_wait: float = OPEN_WAIT, lend: bool = False,
    ) -> None:  # fmt: skip
        super().__init__(str(path), read_only=read_only, hold=hold, lock_wait=lock_wait, lend=lend,
                         prepare=None if read_only else apply_migrations)  # fmt: skip
        self._dedup_index: Any = None

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @contextmanager
    def transaction(self) -> Iterator[None]:
        with self.session():
            self.con.execute("BEGIN TRANSACTION")
            try:
                yield
            except BaseException:
                self.con.execute("ROLLBACK")
                raise
            self.con.execute("COMMIT")

    @property
    @_opened
    def schema_version(self) -> int:
        row = self.con.execute("SELECT max(version) FROM schema_version").fetchone()
        return int(row[0]) if row and row[0] is not None else 0

    # -- runs ------------------------------------------------------------------------------
    @_opened
    def start_run(self, command: str) -> str:
        """A new run, `running`; earlier runs whose process died are marked `interrupted`."""
        return runs.start_run(self.con, command)

    @_opened
    def finish_run(self, run_id: str, *, status: str, counts: dict[str, int]) -> None:
        runs.record_counts(self.con, run_id, counts, status=status)

    # -- documents -------------------------------------------------------------------------
    @_opened
    def _near_duplicate_index(self) -> Any:
        if self._dedup_index is None:
            from dyad.store.neardup import StoredNearDuplicates

            self._dedup_index = StoredNearDuplicates(lambda: self.con)
        return self._dedup_index

    @_opened
    def existing_ids(self, doc_ids: Sequence[str]) -> set[str]:
        if not doc_ids:
            return set()
        rows = rows_by_id(self.con, "SELECT doc_id FROM documents WHERE doc_id IN {ids}", doc_ids)
        return {r[0] for r in rows}

    @_opened
    def add_documents(self, docs: Sequence[Document]) -> WriteResult:
        """Insert documents not already stored (by id); mark near-duplicates. One transaction."""
        result = WriteResult()
        known = self.existing_ids([d.doc_id for d in docs])
        index = self._near_duplicate_index()
        rows: list[list[Any]] = []
        seen_in_batch: set[str] = set()
        new_docs = [d for d in docs if d.doc_id not in known]
        signatures: dict[str, bytes] = {}
        for doc in new_docs:  # a text the batch holds twice is signed once
            if doc.doc_id not in signatures:
                signatures[doc.doc_id] = index.signature(doc.text)
        # The batch's stored candidates in one query, not one query a document: a query's
        # native memory is not all given back, and a long run makes millions of them.
        index.prepare([signatures[d.doc_id] for d in new_docs if d.duplicate_of is None])
        for doc in docs:
            if doc.doc_id in known or doc.doc_id in seen_in_batch:
                result.existing += 1
                continue
            seen_in_batch.add(doc.doc_id)
            signature = signatures[doc.doc_id]
            if doc.duplicate_of is None:
                doc.duplicate_of = index.find_signature(signature)
            if doc.duplicate_of:
                result.near_duplicates += 1
            index.add_signature(doc.doc_id, signature)  # so later copies in this batch are found too
            rows.append(_document_row(doc, signature))
            result.new += 1
        try:
            with self.transaction():
                if rows:
                    self.con.executemany(
                        f"INSERT INTO documents ({', '.join(DOCUMENT_COLUMNS)}) VALUES "
                        f"({', '.join('?' for _ in DOCUMENT_COLUMNS)}) ON CONFLICT DO NOTHING",
                        rows,
                    )
        except BaseException:
            self._dedup_index = None  # it saw this batch's signatures: rebuild from the store
            raise
        index.commit()
        return result

    @_opened
    def add_errors(self, run_id: str, errors: Iterable[ReadError]) -> int:
        rows = [[run_id, e.origin, e.line, e.kind, e.message] for e in errors]
        if rows:
            with self.transaction():
                self.con.executemany(
                    "INSERT INTO ingest_errors (run_id, origin, line, kind, message)"
                    " VALUES (?, ?, ?, ?, ?)",
                    rows,
                )
        return len(rows)

    @_opened
    def get_document(self, doc_id: str) -> dict[str, Any] | None:
        cur = self.con.execute(
            "SELECT * EXCLUDE (minhash) FROM documents WHERE doc_id = ? OR starts_with(doc_id, ?)"
            " ORDER BY doc_id LIMIT 2",
            [doc_id, doc_id],
        )
        rows = _dicts(cur)
        if len(rows) != 1:
            exact = [r for r in rows if r["doc_id"] == doc_id]
            return exact[0] if exact else None
        return rows[0]

    @_opened
    def list_documents(self, *, limit: int = 20, offset: int = 0) -> list[dict[str, Any]]:
        """Stored documents without their text, newest first (as on the web)."""
        cur = self.con.execute(
            "SELECT d.doc_id, d.date, d.place, d.agency, d.language, d.title, d.origin,"
            " d.duplicate_of, d.n_chars, (SELECT count(*) FROM events e WHERE e.doc_id = d.doc_id)"
            " AS n_events FROM documents d ORDER BY d.date DESC NULLS LAST, d.doc_id LIMIT ? OFFSET ?",
            [limit, offset],
        )
        return _dicts(cur)

    @_opened
    def uncoded_documents(self, doc_ids: Sequence[str] | None = None) -> list[dict[str, Any]]:
        sql = (
            "SELECT doc_id, text, date, date_source, place, agency, language, title FROM documents"
            " WHERE coded_at IS NULL AND duplicate_of IS NULL"
        )
        params: list[Any] = []
        if doc_ids is not None:
            sql += " AND doc_id IN (SELECT unnest(?))"
            params.append(list(doc_ids))
        return _dicts(self.con.execute(sql + " ORDER BY doc_id", params))

    # -- events ----------------------------------------------------------------------------
    @_opened
    def add_events(self, doc_ids: Sequence[str], events: Sequence[Event], run_id: str) -> int:
        """Replace the events of these documents and mark them coded — one transaction,
        so a document is either fully coded or not at all."""
        rows = [EVENTS.row(e, run_id) for e in events]
        with self.transaction():
            if doc_ids:
                run_by_id(self.con, "DELETE FROM events WHERE doc_id IN {ids}", doc_ids)
            if rows:
                self.con.executemany(
                    f"INSERT INTO events ({', '.join(EVENT_COLUMNS)}) VALUES "
                    f"({', '.join('?' for _ in EVENT_COLUMNS)}) ON CONFLICT DO NOTHING",
                    rows,
                )
            if doc_ids:
                run_by_id(self.con, "UPDATE documents SET coded_at = current_timestamp WHERE doc_id IN {ids}", doc_ids)
        return len(rows)

    # -- coded batches (resumable runs, parallel and Dask runs) ------------------------------
    @_opened
    def coded_ids(self, doc_ids: Sequence[str]) -> set[str]:
        """Those of `doc_ids` the store has already coded: a re-run skips them."""
        if not doc_ids:
            return set()
        sql = "SELECT doc_id FROM documents WHERE coded_at IS NOT NULL AND doc_id IN {ids}"
        return {r[0] for r in rows_by_id(self.con, sql, doc_ids)}

    @_opened
    def add_coded_tables(
        self, docs: Any, events: Any, *, replace_coded: bool = True, run: tuple[str, dict[str, int]] | None = None
    ) -> tuple[WriteResult, dict[str, str | None]]:
        """Store coded documents and their events (Arrow tables with the columns of
        DOCUMENT_COLUMNS and EVENT_COLUMNS) in ONE transaction, so a run killed at any
        point leaves each batch whole or absent.

        Documents already stored are not inserted again; their stored near-duplicate
        mark counts. New ones get a MinHash signature (when the table has none) and are
        checked against every document stored or added before them, in table order.
        Near-duplicates keep no events. With `replace_coded` False, documents already
        coded are left as they are (loading the same Parquet twice adds nothing).
        With `run` (run id, its counts before this batch), the run's counts are updated in
        the same transaction: a run killed later is left with what it committed.
        Returns the counts and each document's `duplicate_of`."""
        import pyarrow as pa
        import pyarrow.compute as pc

        ids: list[str] = docs.column("doc_id").to_pylist()
        states = self._document_states(ids)
        plan = self._plan_coded(docs, states, replace_coded)
        # A batch of new documents only (the usual case) is not filtered: a copy of its texts,
        # 50 MB for one long text, would be made for nothing.
        new_docs = (docs if all(plan.new_mask) else docs.filter(pa.array(plan.new_mask))).set_column(
            DOCUMENT_COLUMNS.index("minhash"), "minhash", pa.array(plan.new_signatures, pa.binary())
        )
        new_docs = new_docs.set_column(
            DOCUMENT_COLUMNS.index("duplicate_of"), "duplicate_of",
            pa.array(plan.new_duplicate_of, pa.string()),
        )  # fmt: skip
        kept = events.slice(0, 0)
        if events.num_rows:
            keep = pa.array(sorted(plan.keep_events), pa.string())
            kept = first_of_each(events.filter(pc.is_in(events.column("doc_id"), keep)), "event_id")
        try:
            counts = None if run is None else (run[0], {**run[1], "new": run[1].get("new", 0) + plan.result.new})
            self._write_coded(new_docs, kept, plan.recode_ids, counts)
        except BaseException:
            self._dedup_index = None  # it saw this batch's signatures: rebuild from the store
            raise
        self._near_duplicate_index().commit()
        return plan.result, plan.duplicate_of

    def _document_states(self, doc_ids: Sequence[str]) -> dict[str, tuple[str | None, bool]]:
        if not doc_ids:
            return {}
        sql = "SELECT doc_id, duplicate_of, coded_at IS NOT NULL FROM documents WHERE doc_id IN {ids}"
        return {r[0]: (r[1], bool(r[2])) for r in rows_by_id(self.con, sql, doc_ids)}

    def _plan_coded(
        self, docs: Any, states: dict[str, tuple[str | None, bool]], replace_coded: bool
    ) -> CodedPlan:
        index = self._near_duplicate_index()
        plan = CodedPlan()
        columns = {c: docs.column(c).to_pylist() for c in ("doc_id", "minhash", "duplicate_of")}
        texts = docs.column("text")  # read only where a signature is missing: one text at a time
        index.prepare([sig for doc_id, sig in zip(columns["doc_id"], columns["minhash"], strict=True)
                       if sig and doc_id not in states])  # fmt: skip
        for row, (doc_id, sig, dup) in enumerate(zip(*columns.values(), strict=True)):
            new = doc_id not in states and doc_id not in plan.duplicate_of
            plan.new_mask.append(new)
            if not new:
                plan.result.existing += 1
                if doc_id in plan.duplicate_of:
                    continue  # read twice in this batch: once is enough
                stored_dup, coded = states[doc_id]
                plan.duplicate_of[doc_id] = stored_dup
                if coded and not replace_coded:
                    continue
            else:
                sig = sig or index.signature(texts[row].as_py())
                # Added to the index at once: near-duplicates inside one batch are found too.
                dup = dup or index.find_signature(sig)
                index.add_signature(doc_id, sig)
                plan.new_signatures.append(sig)
                plan.new_duplicate_of.append(dup)
                plan.duplicate_of[doc_id] = dup
                plan.result.new += 1
                plan.result.near_duplicates += bool(dup)
            if not new:
                plan.recode_ids.append(doc_id)
            if plan.duplicate_of[doc_id] is None:
                plan.keep_events.add(doc_id)
        return plan

    def _write_coded(
        self, new_docs: Any, events: Any, recode_ids: list[str], run: tuple[str, dict[str, int]] | None = None
    ) -> None:
        """New documents go in already marked coded, and only documents stored before are
        looked up in the big tables: a batch costs the same late in a long run as early."""
        doc_cols, event_cols = ", ".join(DOCUMENT_COLUMNS), ", ".join(EVENT_COLUMNS)
        self.con.register("_dyad_new_documents", new_docs)
        self.con.register("_dyad_new_events", events)
        try:
            with self.transaction():
                if new_docs.num_rows:
                    self.con.execute(
                        f"INSERT INTO documents ({doc_cols}, coded_at) SELECT {doc_cols}, current_timestamp"
                        " FROM _dyad_new_documents ON CONFLICT DO NOTHING"
                    )
                if recode_ids:
                    run_by_id(self.con, "DELETE FROM events WHERE doc_id IN {ids}", recode_ids)
                if events.num_rows:
                    self.con.execute(
                        f"INSERT INTO events ({event_cols}) SELECT {event_cols}"
                        " FROM _dyad_new_events ON CONFLICT DO NOTHING"
                    )
                if recode_ids:
                    run_by_id(self.con, "UPDATE documents SET coded_at = current_timestamp WHERE doc_id IN {ids}",
                              recode_ids)  # fmt: skip
                if run is not None:
                    runs.record_counts(self.con, *run)
        finally:
            self.con.unregister("_dyad_new_documents")
            self.con.unregister("_dyad_new_events")

    # -- input files a watcher has taken (schema version 2) -----------------------------------
    @_opened
    def input_file_version(self, path: str) -> tuple[int, int] | None:
        """(size, mtime_ns) of the version of `path` already taken, or None."""
        row = self.con.execute(
            "SELECT size, mtime_ns FROM input_files WHERE path = ?", [path]
        ).fetchone()
        return (int(row[0]), int(row[1])) if row else None

    @_opened
    def finish_input_file(
        self,
        path: str,
        version: tuple[int, int],
        *,
        status: str,
        counts: dict[str, int],
        run_id: str,
        errors: Sequence[ReadError] = (),
    ) -> None:
        """Record a file as taken, with its read errors, in one transaction: a file is
        recorded once, and so are its errors, even if the watcher is killed meanwhile."""
        rows = [[run_id, e.origin, e.line, e.kind, e.message] for e in errors]
        with self.transaction():
            if rows:
                self.con.executemany(
                    "INSERT INTO ingest_errors (run_id, origin, line, kind, message)"
                    " VALUES (?, ?, ?, ?, ?)",
                    rows,
                )
            self.con.execute(
                "INSERT OR REPLACE INTO input_files"
                " (path, size, mtime_ns, status, documents, events, errors, run_id)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                [
                    path, version[0], version[1], status, counts.get("documents", 0),
                    counts.get("events", 0), len(rows), run_id,
                ],
            )  # fmt: skip

    @_opened
    def summary(self) -> dict[str, Any]:
        one = self._scalar
        return {
            "documents": one("SELECT count(*) FROM documents"),
            "near_duplicates": one("SELECT count(*) FROM documents WHERE duplicate_of IS NOT NULL"),
            "non_english": one("SELECT count(*) FROM documents WHERE language <> 'en'"),
            "coded": one("SELECT count(*) FROM documents WHERE coded_at IS NOT NULL"),
            "events": one("SELECT count(*) FROM events"),
            "errors": one("SELECT count(*) FROM ingest_errors"),
            "first_date": _iso(one("SELECT min(date) FROM documents")),
            "last_date": _iso(one("SELECT max(date) FROM documents")),
        }

    def events(self, where: str | None = None, start: Any = None, end: Any = None) -> Any:
        """The events as a lazy DuckDB relation (`.df()`, `.pl()`, `.arrow()`); see `dyad.store.frames`."""
        from dyad.store.frames import store_events

        return store_events(self.con, where, start, end)

    @_opened
    def query(self, sql: str, params: Sequence[Any] = ()) -> list[dict[str, Any]]:
        return _dicts(self.con.execute(sql, list(params)))

    def _scalar(self, sql: str) -> Any:
        row = self.con.execute(sql).fetchone()
        return row[0] if row else None


def open_store(path: str | Path = DEFAULT_DB, *, read_only: bool = False, hold: bool = True,
               lend: bool = False) -> Store:  # fmt: skip
    """Open (creating and migrating when needed) the DuckDB store at `path`; with `hold`
    False, the file is released between operations, or with `lend` kept until another
    process asks for it (see `Store`)."""
    return Store(path, read_only=read_only, hold=hold, lend=lend)


def _iso(value: Any) -> Any:
    return value.isoformat() if isinstance(value, dt.date) else value


def _dicts(cur: Any) -> list[dict[str, Any]]:
    names = [d[0] for d in cur.description]
    return [dict(zip(names, row, strict=True)) for row in cur.fetchall()]


def _document_row(doc: Document, signature: bytes) -> list[Any]:
    return [
        doc.doc_id, doc.external_id, doc.title, doc.url, doc.source, doc.author, doc.date,
        doc.place, doc.agency, doc.language, doc.origin, doc.text, len(doc.text),
        doc.duplicate_of, signature, json.dumps(doc.extra, default=str), doc.date_source,
    ]  # fmt: skip
