"""Coded documents and events as Arrow tables: the form they travel in.

The same tables go into the DuckDB store (one insert per batch) and into Parquet
partitions (Dask runs), so their columns are exactly the store's `DOCUMENT_COLUMNS`
and `EVENT_COLUMNS`, with fixed types: every partition of a dataset agrees, even one
whose events all lack, say, a target.
"""

from __future__ import annotations

from collections.abc import Sequence

import pyarrow as pa

from dyad.models import Document, Event
from dyad.store.store import DOCUMENT_COLUMNS, EVENT_COLUMNS, _document_row, _event_row

_DOCUMENT_TYPES: dict[str, pa.DataType] = {
    "date": pa.date32(),
    "n_chars": pa.int32(),
    "minhash": pa.binary(),
}
_EVENT_TYPES: dict[str, pa.DataType] = {
    "sentence_index": pa.int32(),
    "date": pa.date32(),
    "source_start": pa.int32(),
    "source_end": pa.int32(),
    "target_start": pa.int32(),
    "target_end": pa.int32(),
    "quad_class": pa.int8(),
    "penta_class": pa.int8(),
    "goldstein": pa.float64(),
    "trigger_start": pa.int32(),
    "trigger_end": pa.int32(),
    "latitude": pa.float64(),
    "longitude": pa.float64(),
    "confidence": pa.float64(),
}

# Columns not listed above are text (VARCHAR, or JSON kept as its text).
DOCUMENT_SCHEMA = pa.schema([(c, _DOCUMENT_TYPES.get(c, pa.string())) for c in DOCUMENT_COLUMNS])
EVENT_SCHEMA = pa.schema([(c, _EVENT_TYPES.get(c, pa.string())) for c in EVENT_COLUMNS])


def documents_table(docs: Sequence[Document], signatures: Sequence[bytes | None] | None = None) -> pa.Table:
    """Documents as rows of the store's documents table; a missing signature is left
    null for the store to compute."""
    sigs = signatures if signatures is not None else [None] * len(docs)
    rows = [_document_row(d, s) for d, s in zip(docs, sigs, strict=True)]  # type: ignore[arg-type]
    return _table(rows, DOCUMENT_SCHEMA)


def events_table(events: Sequence[Event], run_id: str) -> pa.Table:
    return _table([_event_row(e, run_id) for e in events], EVENT_SCHEMA)


def _table(rows: list[list[object]], schema: pa.Schema) -> pa.Table:
    columns = list(zip(*rows, strict=True)) if rows else [() for _ in schema.names]
    arrays = [pa.array(list(col), type=f.type) for col, f in zip(columns, schema, strict=True)]
    return pa.Table.from_arrays(arrays, schema=schema)
