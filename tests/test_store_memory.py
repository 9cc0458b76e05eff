"""Issue 12, bounded memory: a store's writer never merges row groups at a checkpoint.

DuckDB's checkpoint merges the small row groups each batch leaves into full ones, rewriting
up to 122,880 rows in memory at once, whatever its memory limit: the peak of a long
`dyad ingest` grew with the input (626 MB at 200 MB of JSON Lines). Writers turn that off."""

from __future__ import annotations

from pathlib import Path

import duckdb

from dyad.models import Document
from dyad.store import open_store
from dyad.store.opening import connect


def row_groups(db: Path, table: str) -> int:
    with duckdb.connect(str(db), read_only=True) as con:
        row = con.execute(f"SELECT count(DISTINCT row_group_id) FROM pragma_storage_info('{table}')").fetchone()
    assert row is not None
    return int(row[0])


def test_a_writer_neither_vacuums_nor_passes_its_memory_limit(tmp_path: Path) -> None:
    con = connect(str(tmp_path / "s.duckdb"), read_only=False)
    try:
        settings = dict(con.execute(
            "SELECT name, value FROM duckdb_settings() WHERE name IN ('max_vacuum_tasks', 'memory_limit')"
        ).fetchall())  # fmt: skip
    finally:
        con.close()
    assert settings["max_vacuum_tasks"] == "0"
    assert settings["memory_limit"].startswith(("244", "256"))  # 256 MB, printed in MiB or MB


def test_batches_written_one_opening_at_a_time_are_not_merged(tmp_path: Path) -> None:
    db = tmp_path / "s.duckdb"
    with open_store(db, hold=False) as store:
        for batch in range(4):  # each batch opens the file, appends, checkpoints on close
            docs = [Document(text=f"Report {batch}-{i}: talks on trade went on in Geneva.", doc_id=f"b{batch}-{i}",
                             origin=f"t.jsonl:{i}") for i in range(30)]  # fmt: skip
            assert store.add_documents(docs).new == 30
    # One row group per batch: no checkpoint rewrote the earlier ones into one.
    assert row_groups(db, "documents") == 4
    with duckdb.connect(str(db), read_only=True) as con:
        assert con.execute("SELECT count(*) FROM documents").fetchone() == (120,)
