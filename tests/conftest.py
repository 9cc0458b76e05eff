"""Shared test helpers: where ../shared is, and a temporary store."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

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


@pytest.fixture(scope="session")
def output_dir() -> Path:
    path = ROOT / "test-output"
    path.mkdir(exist_ok=True)
    return path
