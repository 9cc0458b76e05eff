"""Shared test helpers: where ../shared is, a temporary store, and a store's comparable rows."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import duckdb
import pytest

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = Path(__file__).resolve().parent / "fixtures"


def shared_dir() -> Path | None:
    env = os.environ.get("DYAD_SHARED")
    path = Path(env) if env else ROOT.parent / "shared"
    return path if path.is_dir() else None


@pytest.fixture
def shared() -> Path:
    path = shared_dir()
    if path is None:
        pytest.skip("../shared is not present (a user's clone has none)")
    return path


@pytest.fixture
def seed_path(shared: Path) -> Path:
    path = shared / "corpus" / "seed_readout.txt"
    if not path.exists():
        pytest.skip("seed article not present")
    return path


@pytest.fixture
def db_path(tmp_path: Path) -> Iterator[Path]:
    yield tmp_path / "test.duckdb"


StoreRows = Callable[[Path], tuple[list[Any], list[Any]]]


def _store_rows(db: Path) -> tuple[list[Any], list[Any]]:
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


@pytest.fixture
def store_rows() -> StoreRows:
    return _store_rows


@pytest.fixture(scope="session")
def output_dir() -> Path:
    path = ROOT / "test-output"
    path.mkdir(exist_ok=True)
    return path
