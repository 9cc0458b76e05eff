"""`dyad watch`: files are coded once they are stable, once only, bad files recorded once."""

from __future__ import annotations

import json
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import duckdb
import pytest

from dyad.scale.watch import snapshot, stable

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "src" / "dyad" / "data" / "samples"
DYAD = [sys.executable, "-m", "dyad"]
GOOD = ("01-pakistan-china-beijing-talks.txt", "04-pakistan-afghanistan-border-clash.txt")


def query(db: Path, sql: str) -> list[Any]:
    con = duckdb.connect(str(db), read_only=True)
    try:
        return con.execute(sql).fetchall()
    finally:
        con.close()


def fill(folder: Path) -> None:
    folder.mkdir(exist_ok=True)
    for name in GOOD:
        shutil.copy(SAMPLES / name, folder / name)
    (folder / "broken.bin").write_bytes(b"\x00\x01\x02\x03 not text")
    (folder / ".hidden.txt").write_text("Pakistan and China agreed to deepen cooperation.\n")


def test_a_growing_file_is_not_stable(tmp_path: Path) -> None:
    path = tmp_path / "incoming.txt"
    path.write_text("first half")
    before = snapshot(tmp_path)
    with path.open("a") as handle:
        handle.write(" and the rest")
    (tmp_path / ".partial").write_text("ignored")
    (tmp_path / "copying.tmp").write_text("ignored")
    now = snapshot(tmp_path)
    assert list(now) == [str(path.resolve())]
    assert stable(before, now) == []
    assert stable(now, snapshot(tmp_path)) == [str(path.resolve())]


@pytest.mark.slow
def test_watch_once_codes_each_file_once(tmp_path: Path) -> None:
    folder, db, ref = tmp_path / "in", tmp_path / "watch.duckdb", tmp_path / "ref.duckdb"
    fill(folder)
    args = [*DYAD, "watch", str(folder), "--db", str(db), "--once", "--interval", "0.2", "--json"]
    first = subprocess.run(args, capture_output=True, text=True, timeout=300)
    assert first.returncode == 0, first.stderr
    assert json.loads(first.stdout)["files"] == 3  # two articles and the broken file; not the hidden one
    again = subprocess.run(args, capture_output=True, text=True, timeout=300)
    assert again.returncode == 0, again.stderr
    assert json.loads(again.stdout)["files"] == 0

    assert query(db, "SELECT count(*) FROM ingest_errors") == [(1,)]
    statuses = dict(query(db, "SELECT path, status FROM input_files"))
    assert statuses[str((folder / "broken.bin").resolve())] == "error"
    # The same events as `dyad code` of the same files.
    subprocess.run([*DYAD, "code", *(str(folder / n) for n in GOOD), "--db", str(ref), "-q"], check=True)
    sql = "SELECT * EXCLUDE (run_id, coded_at) FROM events ORDER BY event_id"
    assert query(db, sql) == query(ref, sql) != []


@pytest.mark.slow
def test_background_watcher_takes_new_files(tmp_path: Path) -> None:
    folder, db = tmp_path / "in", tmp_path / "watch.duckdb"
    folder.mkdir()
    proc = subprocess.Popen(
        [*DYAD, "watch", str(folder), "--db", str(db), "--interval", "0.3", "--quiet"],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip
    try:
        # A file arriving in two writes (a slow copy), then a second one.
        target = folder / GOOD[0]
        text = (SAMPLES / GOOD[0]).read_text(encoding="utf-8")
        target.write_text(text[: len(text) // 2], encoding="utf-8")
        time.sleep(0.1)
        with target.open("a", encoding="utf-8") as handle:
            handle.write(text[len(text) // 2 :])
        shutil.copy(SAMPLES / GOOD[1], folder / GOOD[1])
        assert wait_for(lambda: coded(db) == 2, proc), "the watcher did not code both files"
    finally:
        proc.send_signal(signal.SIGTERM)
        proc.wait(timeout=60)
    assert proc.returncode == 0
    assert query(db, "SELECT count(*), count(DISTINCT doc_id) FROM documents") == [(2, 2)]
    assert query(db, "SELECT count(*) FROM input_files") == [(2,)]
    events = query(db, "SELECT count(*) FROM events")[0][0]
    assert events > 0
    # A watcher started again on the same folder takes nothing twice.
    rerun = subprocess.run(
        [*DYAD, "watch", str(folder), "--db", str(db), "--once", "--interval", "0.2", "--json"],
        capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    assert json.loads(rerun.stdout)["files"] == 0
    assert query(db, "SELECT count(*) FROM events")[0][0] == events


def coded(db: Path) -> int:
    if not db.exists():
        return 0
    try:
        return int(query(db, "SELECT count(*) FROM documents WHERE coded_at IS NOT NULL")[0][0])
    except duckdb.Error:  # the watcher has it open right now, or tables not made yet
        return 0


def wait_for(condition: Any, proc: subprocess.Popen[str], timeout: float = 180.0) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline and proc.poll() is None:
        if condition():
            return True
        time.sleep(0.5)
    return bool(condition())


@pytest.mark.slow
def test_a_poll_holds_the_store_only_per_write(tmp_path: Path) -> None:
    """Issue 12, failure 3: between its writes a watcher has the store closed, so `dyad
    serve` can read it (DuckDB refuses a read-only connection in this process while the
    watcher has the file open read-write)."""
    from dyad.scale.runner import CoderSpec
    from dyad.scale.watch import Watcher

    folder, db = tmp_path / "in", tmp_path / "watch.duckdb"
    fill(folder)
    seen: list[int] = []

    def read_between_files(_outcome: Any) -> None:
        seen.append(query(db, "SELECT count(*) FROM input_files")[0][0])

    watcher = Watcher(folder, str(db), CoderSpec(), on_file=read_between_files)
    watcher.poll()
    watcher.poll()  # the files are stable now
    assert seen == [1, 2, 3]
