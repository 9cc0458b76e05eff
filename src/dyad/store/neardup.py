"""Near-duplicate search over every stored document, with memory that does not grow with
the store.

`NearDuplicateIndex` (ingest/dedup.py) keeps each document's MinHash and LSH buckets in
Python, about 5.7 KB a document: a run over a 500 MB JSON Lines file (150,000 articles)
would hold most of a gigabyte for it. Here the LSH band keys live in a private in-memory DuckDB
database (spilled to a temporary folder beyond its memory limit; the store itself may be
opened and released per batch), and a candidate's signature is read back from the store's
`documents` table. Answers are those of `NearDuplicateIndex`:
candidates are the documents sharing a whole LSH band with the query, confirmed by their
estimated Jaccard similarity, the most similar (then the smallest id) kept.

A batch is looked up in one query (`prepare`); documents added since the last `commit`
are searched in memory, so a batch finds near-duplicates within itself too.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable, Iterable, Sequence
from typing import Any

import numpy as np

from dyad.ingest.dedup import NUM_PERM, THRESHOLD, NearDuplicateIndex, lsh_shape, signature_is_empty
from dyad.store.lookup import rows_by_id

_TABLE = "_dyad_minhash_bands"
_SIGNATURE = np.dtype("<u8")
_BUILD_ROWS = 10_000  # stored signatures read at once when the table is built
_MEMORY_LIMIT = "128MB"  # of the private database holding the band keys
# Odd multipliers of a fixed generator: a band's key is a 64-bit mix of its values.
_MIX = np.random.default_rng(20261205).integers(1, 2**63, size=64, dtype=np.uint64) | np.uint64(1)


class StoredNearDuplicates:
    """The store's near-duplicate index: `signature`, `find_signature`, `add_signature` as
    `NearDuplicateIndex`, plus `prepare` (a batch's candidates at once) and `commit` (what
    was added is stored)."""

    def __init__(self, store_con: Callable[[], Any], threshold: float = THRESHOLD, num_perm: int = NUM_PERM) -> None:
        import duckdb

        self.store_con = store_con  # the store's connection of the moment
        # DuckDB makes this folder only when it spills, and removes its files when closed:
        # a run that never spills leaves nothing behind, not even after a SIGKILL.
        spill = os.path.join(tempfile.gettempdir(), f"dyad-bands-{os.getpid()}-{id(self):x}")
        self.con = duckdb.connect(":memory:", config={"memory_limit": _MEMORY_LIMIT, "threads": 1,
                                                      "temp_directory": spill})  # fmt: skip
        self.threshold = threshold
        self.num_perm = num_perm
        # Only looked up: the writer of a run whose workers sign never imports the MinHash
        # library (and scipy under it), a second of its CPU.
        self.bands, self.rows = lsh_shape(threshold, num_perm)
        self._signer: NearDuplicateIndex | None = None
        self._added: dict[str, np.ndarray] = {}  # since the last commit: not in the table yet
        self._prepared: dict[bytes, list[str]] = {}
        self._stored: dict[str, np.ndarray] = {}  # the prepared candidates' signatures
        self._build()

    # -- NearDuplicateIndex's interface ------------------------------------------------------
    def signature(self, text: str) -> bytes:
        if self._signer is None:
            self._signer = NearDuplicateIndex(threshold=self.threshold, num_perm=self.num_perm)
        return self._signer.signature(text)

    def find_signature(self, signature: bytes) -> str | None:
        values = self._values(signature)
        if signature_is_empty(values):
            return None  # every empty text would "match" every other
        if signature not in self._prepared:
            self.prepare([signature])
        candidates = set(self._prepared[signature])
        keys = self._keys(values[None, :])[0]
        candidates.update(d for d, v in self._added.items() if np.any(self._keys(v[None, :])[0] == keys))
        best: tuple[float, str] | None = None
        for candidate in sorted(candidates):
            other = self._added.get(candidate)
            other = self._stored.get(candidate) if other is None else other
            if other is None:
                continue
            similarity = float(np.float64(np.count_nonzero(values == other)) / np.float64(len(values)))
            if similarity >= self.threshold and (best is None or similarity > best[0]):
                best = (similarity, candidate)
        return best[1] if best else None

    def add_signature(self, doc_id: str, signature: bytes) -> None:
        self._added.setdefault(doc_id, self._values(signature))

    # -- batches ------------------------------------------------------------------------------
    def prepare(self, signatures: Sequence[bytes]) -> None:
        """Look up the stored candidates of these signatures in one query."""
        wanted = [s for s in dict.fromkeys(signatures) if s not in self._prepared]
        if not wanted:
            return
        keys = self._keys(np.stack([self._values(s) for s in wanted]))
        rows = np.repeat(np.arange(len(wanted)), self.bands)
        bands = np.tile(np.arange(self.bands), len(wanted))
        found = self.con.execute(
            f"SELECT DISTINCT q.row, b.doc_id FROM {_TABLE} b JOIN"
            " (SELECT unnest(?) AS row, unnest(?) AS band, unnest(?) AS key) q"
            " ON b.band = q.band AND b.key = q.key",
            [rows.tolist(), bands.tolist(), keys.view(np.int64).ravel().tolist()],
        ).fetchall()
        per_row: dict[int, list[str]] = {i: [] for i in range(len(wanted))}
        for row, doc_id in found:
            per_row[int(row)].append(str(doc_id))
        for i, signature in enumerate(wanted):
            self._prepared[signature] = per_row[i]
        self._fetch_signatures({d for ids in per_row.values() for d in ids})

    def commit(self) -> None:
        """What was added since the last commit is stored: into the table, out of memory."""
        if self._added:
            ids = list(self._added)
            self._insert(ids, self._keys(np.stack(list(self._added.values()))))
        self._added, self._prepared, self._stored = {}, {}, {}

    # -- internals ----------------------------------------------------------------------------
    def _build(self) -> None:
        self.con.execute(f"CREATE TABLE {_TABLE} (band UTINYINT, key BIGINT, doc_id VARCHAR)")
        cursor = self.store_con().execute("SELECT doc_id, minhash FROM documents WHERE minhash IS NOT NULL")
        while batch := cursor.fetchmany(_BUILD_ROWS):
            values = [self._values(bytes(sig)) for _, sig in batch]
            self._insert([doc_id for doc_id, _ in batch], self._keys(np.stack(values)))

    def _insert(self, doc_ids: list[str], keys: np.ndarray) -> None:
        import pyarrow as pa

        table = pa.table({
            "band": pa.array(np.tile(np.arange(self.bands, dtype=np.uint8), len(doc_ids))),
            "key": pa.array(keys.view(np.int64).ravel()),
            "doc_id": pa.array(np.repeat(np.array(doc_ids, dtype=object), self.bands), pa.string()),
        })  # fmt: skip
        self.con.register("_dyad_new_bands", table)
        try:
            self.con.execute(f"INSERT INTO {_TABLE} SELECT band, key, doc_id FROM _dyad_new_bands")
        finally:
            self.con.unregister("_dyad_new_bands")

    def _fetch_signatures(self, doc_ids: Iterable[str]) -> None:
        wanted = [d for d in doc_ids if d not in self._stored and d not in self._added]
        if not wanted:
            return
        rows = rows_by_id(self.store_con(), "SELECT doc_id, minhash FROM documents WHERE doc_id IN {ids}", wanted)
        for doc_id, sig in rows:
            if sig is not None:
                self._stored[str(doc_id)] = self._values(bytes(sig))

    def _values(self, signature: bytes) -> np.ndarray:
        values = np.frombuffer(signature, dtype=_SIGNATURE)
        if len(values) != self.num_perm:
            raise ValueError(f"signature has {len(values)} values, expected {self.num_perm}")
        return values

    def _keys(self, values: np.ndarray) -> np.ndarray:
        """(n, bands) 64-bit keys: equal keys for equal bands (LSH's buckets); unequal bands
        collide with a chance of about 2^-64, and a candidate is confirmed anyway."""
        bands = values[:, : self.bands * self.rows].astype(np.uint64).reshape(len(values), self.bands, self.rows)
        with np.errstate(over="ignore"):
            mixed: np.ndarray = (bands * _MIX[: self.rows]).sum(axis=2, dtype=np.uint64)
        return mixed
