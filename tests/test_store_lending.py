"""A lending store (`dyad code`'s) keeps the DuckDB file between its batches, and lets it go
when another process asks: the asker leaves a knock while it waits (`connect_waiting`)."""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

import duckdb
import pytest

from dyad.store import open_store
from dyad.store.opening import knock_path

pytestmark = pytest.mark.slow

# A reader in another process (DuckDB's file lock is per process), waiting as `dyad serve` does.
READER = """
import sys, time
from dyad.store.opening import connect_waiting
started = time.monotonic()
con = connect_waiting(sys.argv[1], True, 10.0)
print(con.execute("SELECT count(*) FROM runs").fetchone()[0], round(time.monotonic() - started, 3))
con.close()
"""


def read_runs(db: Path) -> tuple[int, float]:
    """(runs stored, seconds the reader waited) as another process sees them."""
    out = subprocess.run([sys.executable, "-c", READER, str(db)], capture_output=True, text=True, timeout=60)
    assert out.returncode == 0, out.stderr
    count, seconds = out.stdout.split()
    return int(count), float(seconds)


def opens_read_only(db: Path) -> bool:
    """Whether a plain DuckDB client (one that does not knock) can open the file now."""
    try:
        duckdb.connect(str(db), read_only=True).close()
    except duckdb.Error:
        return False
    return True


def test_a_lending_store_keeps_the_file_between_operations(tmp_path: Path) -> None:
    db = tmp_path / "s.duckdb"
    store = open_store(db, hold=False, lend=True)
    try:
        run_id = store.start_run("test")
        store.finish_run(run_id, status="done", counts={})
        assert store.openings == 1  # opened once, at the start
        assert not opens_read_only(db)  # still held: nobody asked
        with pytest.raises(RuntimeError, match="session"):
            store.con.execute("SELECT 1")  # the watcher may close it at any moment
    finally:
        store.close()
    assert opens_read_only(db)


def test_a_reader_that_knocks_gets_in_and_the_writer_goes_on(tmp_path: Path) -> None:
    db = tmp_path / "s.duckdb"
    store = open_store(db, hold=False, lend=True)
    try:
        store.start_run("first")
        count, waited = read_runs(db)  # the watcher sees the knock and lets the file go
        assert count == 1 and waited < 5.0
        assert not Path(knock_path(str(db))).exists()  # withdrawn once the reader got in
        store.start_run("second")  # the writer opens the file again …
        assert store.openings == 2
        assert opens_read_only(db)  # … and, a reader having come lately, releases it after each operation
        assert read_runs(db)[0] == 2
    finally:
        store.close()


def test_a_knock_during_an_operation_is_answered_when_it_ends(tmp_path: Path) -> None:
    db = tmp_path / "s.duckdb"
    store = open_store(db, hold=False, lend=True)
    reader = None
    try:
        with store.session():
            store.start_run("held")
            reader = subprocess.Popen([sys.executable, "-c", READER, str(db)], stdout=subprocess.PIPE, text=True)
            deadline = time.monotonic() + 30
            while not Path(knock_path(str(db))).exists():  # the reader waits and knocks …
                assert time.monotonic() < deadline and reader.poll() is None, "the reader never knocked"
                time.sleep(0.02)
            time.sleep(0.2)
            assert reader.poll() is None  # … but the session keeps the file until it ends
        out, _ = reader.communicate(timeout=30)
        assert reader.returncode == 0 and out.split()[0] == "1"
    finally:
        if reader is not None and reader.poll() is None:
            reader.kill()
        store.close()
