"""Parquet partitions of coded documents and events, and loading them into the store.

A partition is a pair of files with the same name under `DIR/documents/` and
`DIR/events/`, with exactly the store's columns (see `dyad.scale.tables`), so
`DIR/events/` can be read directly as a dataset by DuckDB, pandas or Spark. Files are
written under a temporary name and renamed, so a reader never sees half a file.
"""

from __future__ import annotations

import importlib
import os
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq

from dyad.scale.tables import DOCUMENT_SCHEMA, EVENT_SCHEMA

DOCUMENTS = "documents"
EVENTS = "events"


@dataclass
class LoadResult:
    partitions: int = 0
    documents: int = 0
    new: int = 0
    existing: int = 0
    near_duplicates: int = 0


def partition_name(run_key: str, index: int) -> str:
    """Names sort in run order, then chunk order: loading in name order keeps input order."""
    return f"part-{run_key}-{index:06d}.parquet"


def write_partition(out_dir: str | Path, name: str, docs: pa.Table, events: pa.Table) -> None:
    """Write the events file first: a documents file is the sign a partition is whole."""
    fs, root = _filesystem(out_dir)
    _write_atomic(fs, f"{root}/{EVENTS}/{name}", events)
    _write_atomic(fs, f"{root}/{DOCUMENTS}/{name}", docs)


def _filesystem(out_dir: str | Path) -> tuple[Any, str]:
    """The fsspec filesystem and root path of a folder or URL (s3://bucket/run, …)."""
    fsspec_core: Any = importlib.import_module("fsspec.core")  # untyped: kept as Any
    fs, root = fsspec_core.url_to_fs(str(out_dir))
    return fs, str(root).rstrip("/")


def _write_atomic(fs: Any, path: str, table: pa.Table) -> None:
    folder, _, filename = path.rpartition("/")
    fs.makedirs(folder, exist_ok=True)
    if not _is_local(fs):
        with fs.open(path, "wb") as handle:  # an object store writes an object whole or not at all
            pq.write_table(table, handle, compression="zstd")
        return
    tmp = Path(folder) / f".{filename}.{uuid.uuid4().hex[:8]}.tmp"
    pq.write_table(table, tmp, compression="zstd")
    os.replace(tmp, path)


def _is_local(fs: Any) -> bool:
    protocol = fs.protocol if isinstance(fs.protocol, str) else fs.protocol[0]
    return protocol in ("file", "local")


def partitions(out_dir: str | Path) -> list[str]:
    """Names of the whole partitions in `out_dir` (a folder or URL), in load order."""
    fs, root = _filesystem(out_dir)
    if not fs.isdir(f"{root}/{DOCUMENTS}"):
        return []
    names = sorted(p.rpartition("/")[2] for p in fs.glob(f"{root}/{DOCUMENTS}/part-*.parquet"))
    events = {p.rpartition("/")[2] for p in fs.glob(f"{root}/{EVENTS}/part-*.parquet")}
    return [n for n in names if n in events]


def read_partition(out_dir: str | Path, name: str) -> tuple[pa.Table, pa.Table]:
    fs, root = _filesystem(out_dir)
    with fs.open(f"{root}/{DOCUMENTS}/{name}", "rb") as handle:
        docs = pq.read_table(handle, schema=DOCUMENT_SCHEMA)
    with fs.open(f"{root}/{EVENTS}/{name}", "rb") as handle:
        events = pq.read_table(handle, schema=EVENT_SCHEMA)
    return docs, events


def load_partitions(
    store: Any,
    out_dir: str | Path,
    names: list[str] | None = None,
    *,
    replace_coded: bool = False,
    on_partition: Callable[[str, LoadResult], None] | None = None,
) -> LoadResult:
    """Merge partitions into the store, one transaction each, in name order.

    Idempotent: documents already stored are not added again, documents already coded
    keep their events (unless `replace_coded`), and events are keyed by `event_id`."""
    total = LoadResult()
    for name in names if names is not None else partitions(out_dir):
        docs, events = read_partition(out_dir, name)
        result, _ = store.add_coded_tables(docs, events, replace_coded=replace_coded)
        total.partitions += 1
        total.documents += docs.num_rows
        total.new += result.new
        total.existing += result.existing
        total.near_duplicates += result.near_duplicates
        if on_partition is not None:
            on_partition(name, total)
    return total
