"""A `dyad code` run killed with SIGKILL at any point finishes on re-run with the same
documents and events as a run that was never interrupted: nothing lost, nothing twice."""

from __future__ import annotations

import json
import random
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import TYPE_CHECKING, Any

import duckdb
import pytest

from conftest import _store_rows
from dyad.store.opening import connect_waiting

pytestmark = pytest.mark.slow

if TYPE_CHECKING:
    from conftest import StoreRows

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "src" / "dyad" / "data" / "samples"
DYAD = [sys.executable, "-m", "dyad"]
SEED = 20260105  # the corpus
SEEDS = (20260105, 7, 424242)  # the kill points
COPIES = 20  # each text sample in this many variants: a run longer than the first kill point (6 s)


def make_corpus(folder: Path) -> int:
    """Variants of the sample articles: each gets a unique first line and a few sentences
    from another sample, so ids differ (some variants may be near-duplicates: fine)."""
    rng = random.Random(SEED)
    texts = [p.read_text(encoding="utf-8") for p in sorted(SAMPLES.glob("*.txt"))]
    sentences = [s.strip() + "." for t in texts for s in t.split(". ") if len(s.split()) > 6]
    folder.mkdir()
    n = 0
    for copy in range(COPIES):
        for i, text in enumerate(texts):
            extra = " ".join(rng.sample(sentences, 3))
            (folder / f"c{copy:02d}-{i:02d}.txt").write_text(f"{text.rstrip()}\n\n{extra} (Report {copy}-{i}.)\n")
            n += 1
    return n


def code(corpus: Path, db: Path) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [*DYAD, "code", str(corpus), "--db", str(db), "--workers", "1", "--quiet"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )


def finish(proc: subprocess.Popen[str]) -> None:
    _, stderr = proc.communicate(timeout=600)
    assert proc.returncode == 0, stderr[-3000:]


def coded_count(db: Path) -> int:
    if not db.exists():
        return 0
    con = duckdb.connect(str(db), read_only=True)
    try:
        row = con.execute("SELECT count(*) FROM documents WHERE coded_at IS NOT NULL").fetchone()
    finally:
        con.close()
    return int(row[0]) if row else 0


def coded_between_batches(db: Path) -> int | None:
    """Documents coded so far, read between the run's batches (waiting as `dyad serve` does:
    the run lets go of the store when asked); None while the store is not made yet or the
    run holds it for longer than the wait."""
    try:
        con = connect_waiting(str(db), True, 2.0)
    except duckdb.Error:
        return None
    try:
        row = con.execute("SELECT count(*) FROM documents WHERE coded_at IS NOT NULL").fetchone()
    except duckdb.Error:  # the tables are not made yet
        return None
    finally:
        con.close()
    return int(row[0]) if row else 0


def wait_for_commit(proc: subprocess.Popen[str], db: Path, timeout: float = 120.0) -> None:
    """Until the run has committed one more batch than when first seen, or has ended."""
    baseline = None
    deadline = time.monotonic() + timeout
    while proc.poll() is None and time.monotonic() < deadline:
        if db.exists() and (n := coded_between_batches(db)) is not None:
            if baseline is not None and n > baseline:
                return
            baseline = n if baseline is None else baseline
        time.sleep(0.05)


@pytest.fixture(scope="module")
def clean_run(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, int, tuple[list[Any], list[Any]]]:
    """The corpus, its size, and the store rows of a run that was never interrupted (made
    once: every seed's killed runs are compared with it)."""
    folder = tmp_path_factory.mktemp("resume")
    corpus = folder / "corpus"
    n_docs = make_corpus(corpus)
    clean_db = folder / "clean.duckdb"
    finish(code(corpus, clean_db))
    clean = _store_rows(clean_db)
    assert len(clean[0]) == n_docs and clean[1]
    return corpus, n_docs, clean


@pytest.mark.parametrize("seed", SEEDS)
def test_sigkill_then_rerun_equals_clean_run(
    clean_run: tuple[Path, int, tuple[list[Any], list[Any]]], tmp_path: Path, seed: int
) -> None:
    corpus, n_docs, clean = clean_run
    killed_db = tmp_path / "killed.duckdb"
    # Two kills per seed: the first at a random moment from start-up on (during the model
    # load, the first batch or a later one), the second a random moment after a batch was
    # committed (so possibly inside the next transaction); then a run to the end.
    rng = random.Random(seed)
    progress = []
    for kill in range(2):
        proc = code(corpus, killed_db)
        if kill == 0:
            time.sleep(rng.uniform(0.5, 6.0))
        else:
            wait_for_commit(proc, killed_db)
            time.sleep(rng.uniform(0.0, 1.5))
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=60)
        progress.append(coded_count(killed_db))
    finish(code(corpus, killed_db))

    assert any(0 < n < n_docs for n in progress), f"no kill landed mid-run: coded after each kill {progress}"
    assert _store_rows(killed_db) == clean, f"seed {seed}: coded documents after each kill: {progress}"


def test_rerun_of_a_finished_run_codes_nothing(tmp_path: Path, store_rows: StoreRows) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for name in ("01-pakistan-china-beijing-talks.txt", "05-qatar-mediation-congo-m23.txt"):
        (corpus / name).write_text((SAMPLES / name).read_text(encoding="utf-8"), encoding="utf-8")
    db = tmp_path / "store.duckdb"
    first = subprocess.run([*DYAD, "code", str(corpus), "--db", str(db), "--json"], capture_output=True, text=True)
    assert first.returncode == 0, first.stderr
    before = store_rows(db)
    again = subprocess.run([*DYAD, "code", str(corpus), "--db", str(db), "--json"], capture_output=True, text=True)
    summary = json.loads(again.stdout)
    assert summary["events"] == 0 and summary["existing"] == 2
    assert store_rows(db) == before
    recoded = subprocess.run(
        [*DYAD, "code", str(corpus), "--db", str(db), "--json", "--recode"], capture_output=True, text=True
    )
    assert json.loads(recoded.stdout)["events"] == len(before[1])
    assert store_rows(db) == before
