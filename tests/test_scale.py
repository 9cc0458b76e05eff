"""The fast path, worker processes and Dask give the same events as the plain coder.

Tests that load the spaCy model or start processes are marked slow. The Dask test uses
a LocalCluster of 2 worker *processes* (what `dyad code --engine dask` starts), not threads.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

import duckdb
import pytest

from dyad.models import Document

if TYPE_CHECKING:
    from conftest import StoreRows

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "src" / "dyad" / "data" / "samples"
DYAD = [sys.executable, "-m", "dyad"]


def run(*args: str) -> subprocess.CompletedProcess[str]:
    proc = subprocess.run([*DYAD, *args], capture_output=True, text=True, timeout=600)
    assert proc.returncode == 0, proc.stderr[-3000:]
    return proc


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


@pytest.mark.slow
def test_surface_forms_cover_inflections() -> None:
    from dyad.nlp.pipeline import surface_forms

    forms = surface_forms(["meet", "seek", "talk", "say"])
    assert forms is not None
    assert {"meet", "met", "meets", "meeting", "sought", "talks", "talked", "said", "says"} <= forms


@pytest.mark.slow
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


@pytest.mark.slow
def test_workers_give_identical_output(tmp_path: Path, store_rows: StoreRows) -> None:
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


@pytest.mark.slow
def test_pool_keeps_input_order_across_many_chunks() -> None:
    """Small chunks: many tasks finishing out of order still come back in input order."""
    from dyad.scale.runner import CoderSpec, WorkerStats, code_in_order

    docs = sample_documents([])
    stats = WorkerStats()
    one = [(c.doc.doc_id, [e.to_json() for e in c.events]) for c in code_in_order(docs, CoderSpec(), workers=1)]
    coded = list(code_in_order(docs, CoderSpec(), workers=2, chunk_size=3, stats=stats, signatures=False))
    two = [(c.doc.doc_id, [e.to_json() for e in c.events]) for c in coded]
    assert one == two
    assert len(stats.peak_rss_kb) == 2, "two worker processes did the work"
    assert all(c.signature is None for c in coded), "no store, no signatures"


def test_signatures_only_when_asked() -> None:
    """Runs that store nothing make no MinHash signatures; their events are the same."""
    from dyad.scale.runner import CoderSpec, code_in_order

    docs = sample_documents([])[:4]
    coder = CoderSpec().build()
    signed = list(code_in_order(docs, CoderSpec(), workers=1, coder=coder))
    unsigned = list(code_in_order(docs, CoderSpec(), workers=1, coder=coder, signatures=False))
    assert all(isinstance(c.signature, bytes) and c.signature for c in signed)
    assert all(c.signature is None for c in unsigned)
    assert [[e.to_json() for e in c.events] for c in signed] == [[e.to_json() for e in c.events] for c in unsigned]


@pytest.mark.slow
def test_dask_local_cluster_matches_local_run(tmp_path: Path, store_rows: StoreRows) -> None:
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


def test_partitions_round_trip_through_an_fsspec_url() -> None:
    """Partitions can live behind any fsspec URL (here the in-memory filesystem)."""
    import datetime as dt

    from dyad.models import Event, Span
    from dyad.scale.parquet import partitions, read_partition, write_partition
    from dyad.scale.tables import documents_table, events_table

    doc = Document(text="Pakistan and China agreed.", doc_id="d1", date=dt.date(2026, 1, 5), origin="x.txt")
    event = Event(
        doc_id="d1", sentence_index=0, sentence=doc.text, source=None, target=None, cameo="057",
        cameo_name="Sign formal agreement", cameo_root="05", plover="AGREE", quad_class=1, penta_class=1,
        goldstein=8.0, mode="asserted", trigger=Span("agreed", 19, 25), confidence=0.9, rule="test",
        event_id="e1",
    )  # fmt: skip
    url = "memory://dyad-test/run"
    write_partition(url, "part-a-000001.parquet", documents_table([doc]), events_table([event], "run"))
    write_partition(url, "part-a-000000.parquet", documents_table([]), events_table([], "run"))
    assert partitions(url) == ["part-a-000000.parquet", "part-a-000001.parquet"]
    docs, events = read_partition(url, "part-a-000001.parquet")
    assert docs.column("doc_id").to_pylist() == ["d1"] and docs.column("minhash").to_pylist() == [None]
    assert events.column("cameo").to_pylist() == ["057"]
    assert events.column("date").to_pylist() == [None] and events.column("run_id").to_pylist() == ["run"]


def test_url_inputs_name_their_url(tmp_path: Path) -> None:
    """A URL input is fetched through fsspec; documents and errors name the URL."""
    from dyad.scale.remote import read_inputs

    (tmp_path / "a.txt").write_text("BEIJING, Jan 5 (APP): Pakistan and China agreed to deepen cooperation.\n")
    seen: list[list[str]] = []

    def local_reader(paths: list[str], fields: dict[str, str], max_bytes: int) -> list[Any]:
        from dyad.ingest import iter_prepared

        seen.append(paths)
        return list(iter_prepared(paths, field_map=fields, max_bytes=max_bytes))

    items = list(read_inputs([f"file://{tmp_path}/*.txt", "memory://nothing/here.txt"], {}, 10_000, local_reader))
    assert [i.origin for i in items] == [f"file://{tmp_path}/a.txt", "memory://nothing/here.txt"]
    assert isinstance(items[0], Document) and not isinstance(items[1], Document)


PANDAS_PROBE = """
import sys
from dyad.models import Document
from dyad.scale.tables import documents_table, events_table
documents_table([Document(text="Kenya praised Uganda.", doc_id="d1", origin="t")], [None])
events_table([], "run")
print("pandas" in sys.modules)
import pandas as pd, pyarrow as pa
frame = pa.table({"n": [1, 2]}).to_pandas()
back = pa.Table.from_pandas(pd.DataFrame({"c": pd.Categorical(["x", "y"])}))
print(type(frame).__name__, back.schema.field("c").type)
"""


def test_batch_tables_are_built_without_importing_pandas() -> None:
    """pyarrow would import pandas (half a second) to build a batch's tables; its pandas
    conversions still work afterwards."""
    pytest.importorskip("pandas")
    out = subprocess.run([sys.executable, "-c", PANDAS_PROBE], capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr
    assert out.stdout.split("\n")[:2] == ["False", "DataFrame dictionary<values=large_string, indices=int8, ordered=0>"]


PREBUILT_PROBE = """
import os, sys
from concurrent.futures import ProcessPoolExecutor
from dyad.scale import runner


def coder_is_prebuilt():
    prebuilt = sys.modules.get(runner.PREBUILT)
    return prebuilt is not None and prebuilt.CODER is not None and runner._CODER is prebuilt.CODER


def minhash_library_imported():
    return runner.MINHASH_LIBRARY in sys.modules


if __name__ == "__main__":
    spec = runner.CoderSpec()
    with ProcessPoolExecutor(1, mp_context=runner._context(spec), initializer=runner._init_worker,
                             initargs=(spec, os.getpid())) as pool:
        print(pool.submit(coder_is_prebuilt).result(), pool.submit(minhash_library_imported).result())
"""


def test_workers_start_with_the_coder_the_fork_server_built(tmp_path: Path) -> None:
    """The default coder is built once, in the fork server, not once per worker; so is the
    MinHash library imported, for workers that make signatures."""
    import multiprocessing

    if "forkserver" not in multiprocessing.get_all_start_methods():
        pytest.skip("no fork server on this platform: each worker builds its coder")
    script = tmp_path / "probe.py"
    script.write_text(PREBUILT_PROBE, encoding="utf-8")
    out = subprocess.run([sys.executable, str(script)], capture_output=True, text=True, timeout=300)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "True True"


EARLY_PROBE = """
import sys
from multiprocessing import forkserver
from dyad.scale import runner

if __name__ == "__main__":
    inputs = sys.argv[1:]
    runner.start_workers_early(inputs, runner.CoderSpec(), 2, signatures=True)
    print(getattr(forkserver._forkserver, "_forkserver_pid", None) is not None)
"""


@pytest.mark.parametrize(("inputs", "started"), [(["folder"], True), (["a.txt", "b.html"], False)])
def test_fork_server_starts_early_only_for_inputs_that_may_need_workers(
    tmp_path: Path, inputs: list[str], started: bool
) -> None:
    """A folder may hold many documents: the fork server starts loading the coder at once,
    beside the store's opening. A few plain texts are coded in this process: nothing starts."""
    import multiprocessing

    if "forkserver" not in multiprocessing.get_all_start_methods():
        pytest.skip("no fork server on this platform")
    (tmp_path / "folder").mkdir()
    for name in ("a.txt", "b.html"):
        (tmp_path / name).write_text("Kenya and Uganda agreed to cooperate.", encoding="utf-8")
    script = tmp_path / "probe.py"
    script.write_text(EARLY_PROBE, encoding="utf-8")
    args = [str(tmp_path / i) for i in inputs]
    out = subprocess.run([sys.executable, str(script), *args], capture_output=True, text=True, timeout=300)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == str(started)
