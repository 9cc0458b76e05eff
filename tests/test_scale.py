"""The fast path, worker processes and Dask give the same events as the plain coder.

Every test here loads the spaCy model or starts processes, so all are marked slow.
The Dask test uses a LocalCluster of 2 worker *processes* (what `dyad code --engine
dask` starts), not threads.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import duckdb
import pytest

from dyad.models import Document

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "src" / "dyad" / "data" / "samples"
DYAD = [sys.executable, "-m", "dyad"]


def run(*args: str) -> subprocess.CompletedProcess[str]:
    proc = subprocess.run([*DYAD, *args], capture_output=True, text=True, timeout=600)
    assert proc.returncode == 0, proc.stderr[-3000:]
    return proc


def store_rows(db: Path) -> tuple[list[Any], list[Any]]:
    """Documents and events, without what differs between runs (times, run ids)."""
    con = duckdb.connect(str(db), read_only=True)
    try:
        docs = con.execute(
            "SELECT * EXCLUDE (ingested_at, coded_at), coded_at IS NOT NULL FROM documents ORDER BY doc_id"
        ).fetchall()
        events = con.execute("SELECT * EXCLUDE (run_id, coded_at) FROM events ORDER BY event_id").fetchall()
    finally:
        con.close()
    return docs, events


def sample_documents(extra: list[Path]) -> list[Document]:
    from dyad.ingest import iter_prepared

    paths = [str(SAMPLES), *(str(p) for p in extra)]
    return [d for d in iter_prepared(paths) if isinstance(d, Document)]


@pytest.fixture(scope="module")
def seed_extra() -> list[Path]:
    from conftest import shared_dir

    shared = shared_dir()
    seed = shared / "corpus" / "seed_readout.txt" if shared else None
    return [seed] if seed is not None and seed.exists() else []


def test_surface_forms_cover_inflections() -> None:
    from dyad.nlp.pipeline import surface_forms

    forms = surface_forms(["meet", "seek", "talk", "say"])
    assert forms is not None
    assert {"meet", "met", "meets", "meeting", "sought", "talks", "talked", "said", "says"} <= forms


def test_trigger_filter_changes_no_event(seed_extra: list[Path]) -> None:
    """The samples and the seed article code to the same events with and without the filter."""
    from dyad.events.document import Coder

    docs = sample_documents(seed_extra)
    results = {}
    parsed = {}
    for flag in (False, True):
        coder = Coder()
        coder.trigger_filter = flag
        coded = list(coder.code_documents(docs))
        results[flag] = [e.to_json() for c in coded for e in c.events]
        parsed[flag] = sum(s.parsed for c in coded for s in c.trace)
    assert results[True], "the sample corpus yields events"
    assert results[True] == results[False]
    assert parsed[True] <= parsed[False]


def test_workers_give_identical_output(tmp_path: Path) -> None:
    """`--workers 2` codes in worker processes (the samples are more than one chunk) and
    writes the same JSON Lines, in the same order, and the same store as `--workers 1`."""
    outputs = {}
    for workers in ("1", "2"):
        jsonl, db = tmp_path / f"w{workers}.jsonl", tmp_path / f"w{workers}.duckdb"
        run("code", str(SAMPLES), "--jsonl", str(jsonl), "--db", str(db), "--workers", workers, "--quiet")
        outputs[workers] = (jsonl.read_text(encoding="utf-8"), store_rows(db))
    assert outputs["1"][0].strip(), "events were written"
    assert outputs["1"][0] == outputs["2"][0]
    assert outputs["1"][1] == outputs["2"][1]


def test_pool_keeps_input_order_across_many_chunks() -> None:
    """Small chunks: many tasks finishing out of order still come back in input order."""
    from dyad.scale.runner import CoderSpec, WorkerStats, code_in_order

    docs = sample_documents([])
    stats = WorkerStats()
    one = [(c.doc.doc_id, [e.to_json() for e in c.events]) for c in code_in_order(docs, CoderSpec(), workers=1)]
    two = [
        (c.doc.doc_id, [e.to_json() for e in c.events])
        for c in code_in_order(docs, CoderSpec(), workers=2, chunk_size=3, stats=stats)
    ]
    assert one == two
    assert len(stats.peak_rss_kb) == 2, "two worker processes did the work"


def test_dask_local_cluster_matches_local_run(tmp_path: Path) -> None:
    """2 Dask worker processes write Parquet partitions; the auto-load gives the same store,
    the JSON Lines are the same, and `dyad load` of the partitions is idempotent."""
    local_db, dask_db, loaded_db = tmp_path / "local.duckdb", tmp_path / "dask.duckdb", tmp_path / "loaded.duckdb"
    parquet = tmp_path / "parts"
    run("code", str(SAMPLES), "--db", str(local_db), "--jsonl", str(tmp_path / "local.jsonl"), "--workers", "1", "-q")
    run(
        "code", str(SAMPLES), "--db", str(dask_db), "--jsonl", str(tmp_path / "dask.jsonl"),
        "--engine", "dask", "--workers", "2", "--parquet-out", str(parquet), "-q",
    )  # fmt: skip
    assert (tmp_path / "dask.jsonl").read_text() == (tmp_path / "local.jsonl").read_text()
    assert store_rows(dask_db) == store_rows(local_db)

    first = json.loads(run("load", str(parquet), "--db", str(loaded_db), "--json").stdout)
    again = json.loads(run("load", str(parquet), "--db", str(loaded_db), "--json").stdout)
    assert first["new"] > 0 and again["new"] == 0 and again["events_added"] == 0
    assert store_rows(loaded_db) == store_rows(local_db)
    assert_store_columns(parquet)


def assert_store_columns(parquet: Path) -> None:
    """The partitions have exactly the store's columns, and read as one dataset."""
    import pyarrow.parquet as pq

    from dyad.scale.parquet import DOCUMENTS, EVENTS, partitions
    from dyad.store.store import DOCUMENT_COLUMNS, EVENT_COLUMNS

    names = partitions(parquet)
    assert len(names) >= 2
    for name in names:
        assert pq.read_schema(parquet / EVENTS / name).names == list(EVENT_COLUMNS)
        assert pq.read_schema(parquet / DOCUMENTS / name).names == list(DOCUMENT_COLUMNS)
    con = duckdb.connect()
    n = con.execute(f"SELECT count(*) FROM read_parquet('{parquet / EVENTS}/*.parquet')").fetchone()
    assert n is not None and n[0] > 0
