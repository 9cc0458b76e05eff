"""Coding on a Dask cluster: chunks of documents go to Dask workers, each task writes
one Parquet partition of documents and events, and the store loads the partitions.

This process reads and prepares the inputs (so ordering, ids and read errors are the
same as a local run), then submits chunks with a bounded number in flight. A worker
builds its coder once (`_coder_for`) and shares it between its threads and tasks. Results
are taken in submission order, so `--jsonl` output is the same as a local run's.
"""

from __future__ import annotations

import datetime as dt
import importlib
import logging
import tempfile
import threading
import uuid
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from itertools import islice
from pathlib import Path
from typing import TYPE_CHECKING, Any

from dyad.models import Document
from dyad.scale.parquet import load_partitions, partition_name, partitions, write_partition
from dyad.scale.runner import CHUNK_SIZE, DASK_MISSING, WINDOW_PER_WORKER, CodeOptions, CoderSpec

if TYPE_CHECKING:
    from dyad.events.document import Coder
    from dyad.run import RunOptions, RunReport


@dataclass
class PartitionResult:
    """What a task sends back: small, the partition itself stays on disk."""

    index: int
    name: str
    documents: int
    events: int
    jsonl: list[dict[str, Any]]
    origins: list[str]


def code_on_dask(
    docs: Iterable[Document],
    options: RunOptions,
    store: Any,
    sink: Callable[[dict[str, Any]], None] | None,
    report: RunReport,
    run_id: str,
    advance: Callable[[Document | None, str], None],
) -> str:
    """Code `docs` on Dask (the run path's Dask engine, `dyad.run`); write events to `sink`,
    partitions to the Parquet folder, and (with a store) load them. Returns the folder."""
    run_key = run_id or dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%S") + "-" + uuid.uuid4().hex[:6]
    out_dir = parquet_folder(options.parquet_out, store.path if store is not None else None)
    names: list[str] = []
    with connect(options) as client:
        slots = max(1, sum(client.nthreads().values()))
        tasks = _run_tasks(client, docs, options.spec, out_dir, run_key, run_id, sink is not None, slots)
        for result in tasks:
            names.append(result.name)
            report.events += result.events
            for record in result.jsonl:
                sink(record)  # type: ignore[misc]  # records come back only when there is a sink
            for origin in result.origins:
                advance(None, origin[-40:])
    if store is not None:
        missing = set(names) - set(partitions(out_dir))
        if missing:
            raise RuntimeError(
                f"{len(missing)} partitions the workers wrote are not in {out_dir} as seen from here:"
                " give --parquet-out a folder on storage every machine shares (or an s3:// URL)"
            )
        report.add_write(load_partitions(store, out_dir, names, replace_coded=True))
    return out_dir


def parquet_folder(requested: str | None, db_path: str | None) -> str:
    """--parquet-out (a folder, or a URL such as s3://bucket/run that every worker can
    write to), else `NAME.parquet/` beside the store file, else a temporary folder."""
    if requested:
        return requested
    if db_path:
        db = Path(db_path)
        return str(db.with_name(db.stem + ".parquet"))
    return tempfile.mkdtemp(prefix="dyad-parquet-")


@contextmanager
def connect(options: CodeOptions, *, processes: bool = True) -> Iterator[Any]:
    """A Dask client for --scheduler, or for a LocalCluster of `options.workers` worker
    processes (threads with `processes=False`), closed on exit."""
    try:
        distributed: Any = importlib.import_module("distributed")
    except ModuleNotFoundError:
        raise ModuleNotFoundError(DASK_MISSING, name="distributed") from None
    if options.scheduler:
        with distributed.Client(options.scheduler) as client:
            yield client
        return
    cluster = distributed.LocalCluster(
        n_workers=options.workers,
        threads_per_worker=1,
        processes=processes,
        dashboard_address=None,
        silence_logs=logging.ERROR,
    )
    try:
        with distributed.Client(cluster) as client:
            yield client
    finally:
        cluster.close()


def _run_tasks(
    client: Any,
    docs: Iterable[Document],
    spec: CoderSpec,
    out_dir: str,
    run_key: str,
    run_id: str,
    want_json: bool,
    slots: int,
) -> Iterator[PartitionResult]:
    pending: deque[Any] = deque()
    stream = iter(docs)
    index = 0
    while chunk := list(islice(stream, CHUNK_SIZE)):
        name = partition_name(run_key, index)
        pending.append(
            client.submit(
                code_partition, spec, chunk, out_dir, name, index, run_id, want_json,
                key=f"dyad-{run_key}-{index}", pure=False,
            )
        )  # fmt: skip
        index += 1
        if len(pending) >= slots * WINDOW_PER_WORKER:
            yield pending.popleft().result()
    while pending:
        yield pending.popleft().result()


# -- on the Dask worker --------------------------------------------------------------------
_CODERS: dict[CoderSpec, Coder] = {}
_BUILDING = threading.Lock()


def _coder_for(spec: CoderSpec) -> Coder:
    """One coder per worker process: loaded once, shared by every thread and task (the
    coder keeps no per-sentence state; a lock only stops two threads loading it twice)."""
    coder = _CODERS.get(spec)
    if coder is None:
        with _BUILDING:
            coder = _CODERS.get(spec)
            if coder is None:
                coder = _CODERS[spec] = spec.build()
    return coder


def code_partition(
    spec: CoderSpec,
    docs: list[Document],
    out_dir: str,
    name: str,
    index: int,
    run_id: str,
    want_json: bool = True,
) -> PartitionResult:
    """Code one chunk and write its partition; the store computes nothing it has here."""
    from dyad.ingest.dedup import NearDuplicateIndex
    from dyad.scale.tables import documents_table, events_table

    coded = list(_coder_for(spec).code_documents(docs))
    events = [e for c in coded for e in c.events]
    signer = NearDuplicateIndex()
    signatures: list[bytes | None] = [signer.signature(c.doc.text) for c in coded]
    write_partition(out_dir, name, documents_table([c.doc for c in coded], signatures), events_table(events, run_id))
    return PartitionResult(
        index=index,
        name=name,
        documents=len(coded),
        events=len(events),
        jsonl=[e.to_json() for e in events] if want_json else [],
        origins=[c.doc.origin for c in coded],
    )
