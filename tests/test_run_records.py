"""Issue 12, failure 7: a run killed by a signal is found `interrupted` by the next
command, with the counts of what it committed; a web save is recorded as one, with what it
really added. (Before: the killed run stayed `running` with zero counts although it had
committed documents; every web save was a run "web code" with `new 1`.)"""

from __future__ import annotations

import signal
import subprocess
from pathlib import Path

import duckdb
import pytest
from fastapi.testclient import TestClient

from dyad.web.app import create_app
from test_resume import DYAD, code, make_corpus, wait_for_commit

TOKEN = "a-long-enough-test-token"


def runs(db: Path) -> list[tuple[object, ...]]:
    con = duckdb.connect(str(db), read_only=True)
    try:
        return con.execute(
            "SELECT command, status, n_documents, n_new, n_events,"
            " (SELECT count(*) FROM events e WHERE e.run_id = r.run_id) FROM runs r ORDER BY started_at"
        ).fetchall()
    finally:
        con.close()


@pytest.mark.slow
def test_a_killed_run_is_marked_interrupted_with_its_committed_counts(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    make_corpus(corpus)
    db = tmp_path / "s.duckdb"
    proc = code(corpus, db)
    wait_for_commit(proc, db)  # a batch of documents committed
    proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=60)
    assert runs(db)[0][1] == "running"  # nobody could say otherwise yet
    empty = tmp_path / "empty.txt"
    empty.write_text("")
    subprocess.run([*DYAD, "ingest", str(empty), "--db", str(db), "-q"], capture_output=True, timeout=300)
    command, status, n_documents, n_new, n_events, stored_events = runs(db)[0]
    assert str(command).startswith("code ") and status == "interrupted"
    con = duckdb.connect(str(db), read_only=True)
    coded = con.execute("SELECT count(*) FROM documents WHERE coded_at IS NOT NULL").fetchone()
    con.close()
    assert coded and coded[0] > 0, "the kill came before any batch was committed"
    assert n_new == coded[0] and n_documents and n_documents >= coded[0]
    assert n_events == stored_events and stored_events


def test_web_saves_are_recorded_as_saves_with_what_they_added(tmp_path: Path) -> None:
    db = tmp_path / "s.duckdb"
    body = {"text": "Pakistan and China agreed on Tuesday to expand trade cooperation.", "save": True,
            "token": TOKEN}  # fmt: skip
    subprocess.run([*DYAD, "ingest", "-", "--db", str(db), "-q"], input="", text=True, capture_output=True)
    with TestClient(create_app(db, allow_writes=True, token=TOKEN, warm=False)) as client:
        assert client.post("/api/code", json=body).status_code == 200
        assert client.post("/api/code", json=body).status_code == 200
    saves = [r for r in runs(db) if r[0] == "web save"]
    assert [(r[1], r[3]) for r in saves] == [("done", 1), ("done", 0)]
    assert saves[-1][4] == saves[-1][5] and saves[-1][4]  # a save re-codes: its events are the last save's
