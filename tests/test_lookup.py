"""Looking documents up by id a chunk of constants at a time (`dyad.store.lookup`)."""

from __future__ import annotations

from pathlib import Path

import duckdb

from dyad.store.lookup import ID_CHUNK, id_chunks, rows_by_id, run_by_id


def test_chunks_cover_every_id_once() -> None:
    ids = [f"{i:016x}" for i in range(2 * ID_CHUNK + 7)] + ["0000000000000003"]
    chunks = list(id_chunks(ids))
    assert [len(c) for _, c in chunks] == [ID_CHUNK, ID_CHUNK, 7]
    assert all(p.count("?") == len(c) for p, c in chunks)
    assert [i for _, c in chunks for i in c] == list(dict.fromkeys(ids))


def test_lookups_answer_as_a_scan_does(tmp_path: Path) -> None:
    con = duckdb.connect(str(tmp_path / "d.duckdb"))
    con.execute("CREATE TABLE documents (doc_id VARCHAR PRIMARY KEY, coded BOOLEAN)")
    con.execute("INSERT INTO documents SELECT printf('%016x', i), i % 2 = 0 FROM range(5000) t(i)")
    wanted = [f"{i:016x}" for i in range(0, 6000, 3)]  # 2,000 ids, a sixth of them not stored
    sql = "SELECT doc_id FROM documents WHERE coded AND doc_id IN {ids}"
    found = {r[0] for r in rows_by_id(con, sql, wanted)}
    scanned = {r[0] for r in con.execute("SELECT doc_id FROM documents WHERE coded AND doc_id IN (SELECT unnest(?))",
                                         [wanted]).fetchall()}  # fmt: skip
    assert found == scanned and len(found) == 834
    run_by_id(con, "UPDATE documents SET coded = true WHERE doc_id IN {ids}", wanted)
    assert con.execute("SELECT count(*) FROM documents WHERE coded").fetchall()[0][0] == 2500 + 833
