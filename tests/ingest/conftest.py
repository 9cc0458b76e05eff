"""Fixtures for the ingest tests."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

PROJECT_ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def seed_article() -> Path:
    """The shared seed article; skipped where ../shared is absent (a user's clone)."""
    shared = Path(os.environ.get("DYAD_SHARED") or PROJECT_ROOT.parent / "shared")
    path = shared / "corpus" / "seed_readout.txt"
    if not path.is_file():
        pytest.skip("shared seed article not present")
    return path
