"""Coded documents and events as Arrow tables: the form they travel in.

The same tables go into the DuckDB store (one insert per batch) and into Parquet
partitions (Dask runs), so their columns are exactly the store's `DOCUMENT_COLUMNS`
and the events columns of `dyad.columns`, with fixed types: every partition of a dataset agrees, even one
whose events all lack, say, a target.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from importlib.abc import MetaPathFinder
from importlib.machinery import ModuleSpec

import numpy as np
import pyarrow as pa

from dyad.columns import ARROW_TYPES, EVENTS, EventSchema
from dyad.models import Document, Event
from dyad.store.store import DOCUMENT_COLUMNS, _document_row


class _NoPandasNow(MetaPathFinder):
    def find_spec(self, name: str, path: object = None, target: object = None) -> ModuleSpec | None:
        if name == "pandas":
            raise ImportError("pandas is not needed to build dyad's tables")
        return None


def _settle_pandas_probe() -> None:
    """pyarrow imports pandas, when it is installed, the first time it converts a Python
    list (half a second of CPU, a tenth of a short `dyad code` run), only to ask whether the
    list is a pandas object; dyad's never are. In a process that has not imported pandas,
    that first conversion is made here with the import refused, so pyarrow notes "no pandas"
    and converts lists without it from then on. Its pandas conversions (`to_pandas`,
    `from_pandas`) still import pandas when they are asked for."""
    if "pandas" in sys.modules:
        return
    refuse = _NoPandasNow()
    sys.meta_path.insert(0, refuse)
    try:
        pa.array([], pa.int8())
    finally:
        sys.meta_path.remove(refuse)


_settle_pandas_probe()

_DOCUMENT_TYPES: dict[str, pa.DataType] = {
    "date": pa.date32(),
    "n_chars": pa.int32(),
    "minhash": pa.binary(),
}

# Columns not listed above are text (VARCHAR, or JSON kept as its text).
DOCUMENT_SCHEMA = pa.schema([(c, _DOCUMENT_TYPES.get(c, pa.string())) for c in DOCUMENT_COLUMNS])


def arrow_schema(schema: EventSchema = EVENTS) -> pa.Schema:
    """The Arrow form of the events columns a batch writes (types from `dyad.columns`)."""
    return pa.schema([(c.name, _arrow_type(c.sql)) for c in schema.written])


def _arrow_type(sql: str) -> pa.DataType:
    name = ARROW_TYPES[sql]
    return pa.timestamp("us") if name == "timestamp" else getattr(pa, name)()


EVENT_SCHEMA = arrow_schema()


def documents_table(docs: Sequence[Document], signatures: Sequence[bytes | None] | None = None) -> pa.Table:
    """Documents as rows of the store's documents table; a missing signature is left
    null for the store to compute."""
    sigs = signatures if signatures is not None else [None] * len(docs)
    rows = [_document_row(d, s) for d, s in zip(docs, sigs, strict=True)]  # type: ignore[arg-type]
    text = DOCUMENT_COLUMNS.index("text")
    return _table(rows, DOCUMENT_SCHEMA, {text: _text_array([d.text for d in docs])})


def _text_array(texts: list[str]) -> pa.Array:
    """A string array made from the texts' UTF-8 bytes without a copy: `pa.array` on a text
    of 50 MB holds several times its size while it grows its buffers."""
    encoded = [t.encode("utf-8") for t in texts]
    ends = np.cumsum([len(b) for b in encoded], dtype=np.int64)
    if len(ends) and ends[-1] >= 2**31:
        return pa.array(texts, pa.string())
    data = b"".join(encoded)
    del encoded
    offsets = np.concatenate([np.zeros(1, np.int32), ends.astype(np.int32)])
    return pa.Array.from_buffers(pa.string(), len(texts), [None, pa.py_buffer(offsets), pa.py_buffer(data)])


def events_table(events: Sequence[Event], run_id: str, schema: EventSchema = EVENTS) -> pa.Table:
    arrow = EVENT_SCHEMA if schema is EVENTS else arrow_schema(schema)
    return _table([schema.row(e, run_id) for e in events], arrow)


def _table(rows: list[list[object]], schema: pa.Schema, made: dict[int, pa.Array] | None = None) -> pa.Table:
    """The rows as a table; columns in `made` (by position) are given already."""
    columns = list(zip(*rows, strict=True)) if rows else [() for _ in schema.names]
    given = made or {}
    arrays = [
        given[i] if i in given else pa.array(list(col), type=f.type)
        for i, (col, f) in enumerate(zip(columns, schema, strict=True))
    ]
    return pa.Table.from_arrays(arrays, schema=schema)
