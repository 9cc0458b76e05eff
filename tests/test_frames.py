"""The data-frame door (issue 13 item 2): `Store.events` and `dyad.read_events` as DuckDB relations."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

import dyad
from dyad.store import open_store
from dyad.store.export import export_events
from dyad.store.load import SourceError
from test_analysis import N_EVENTS, build_store

PAK_CHN = "source_country = 'PAK' AND target_country = 'CHN'"


@pytest.fixture
def store_path(tmp_path: Path) -> Path:
    path = tmp_path / "frames.duckdb"
    build_store(path)
    return path


def test_store_events_filters_and_converts(store_path: Path) -> None:
    with open_store(store_path, read_only=True) as store:
        assert len(store.events().fetchall()) == N_EVENTS
        rel = store.events(where=PAK_CHN, start="2026-03-01", end=dt.date(2026, 3, 31))
        ids = sorted(r[0] for r in rel.select("event_id").fetchall())
        assert ids == ["e04", "e05", "e06", "e08"]
        assert sorted(rel.df()["event_id"]) == ids
        assert rel.arrow().read_all().num_rows == 4
        pytest.importorskip("polars")
        assert rel.pl().height == 4
        # an end bound drops undated events; no bound keeps them
        assert "e17" in {r[0] for r in store.events(where=PAK_CHN).select("event_id").fetchall()}
        assert "e17" not in {r[0] for r in store.events(where=PAK_CHN, end="2027-01-01").select("event_id").fetchall()}


def test_store_events_bad_dates_are_value_errors(store_path: Path) -> None:
    with open_store(store_path, read_only=True) as store:
        with pytest.raises(ValueError, match="YYYY-MM-DD"):
            store.events(start="March")
        with pytest.raises(ValueError, match="after"):
            store.events(start="2026-05-01", end="2026-04-01")


@pytest.mark.parametrize(("fmt", "name"), [("parquet", "out"), ("gdelt", "out.tsv"), ("jsonl", "out.jsonl"),
                                           ("csv", "out.csv")])  # fmt: skip
def test_read_events_reads_every_export(store_path: Path, tmp_path: Path, fmt: str, name: str) -> None:
    with open_store(store_path, read_only=True) as store:
        export_events(store.con, fmt, tmp_path / name)
    rel = dyad.read_events(str(tmp_path / name))
    # GDELT rows need a SQLDATE: the undated event (e17) is left out of that format only.
    assert len(rel.fetchall()) == N_EVENTS - (fmt == "gdelt")
    march = dyad.read_events(str(tmp_path / name), start="2026-03-01", end="2026-03-31")
    assert len(march.fetchall()) == 8  # e04–e08 (Pakistan–China) and e12–e14 (USA–Iran)


def test_read_events_of_a_store_and_missing_paths(store_path: Path, tmp_path: Path) -> None:
    assert len(dyad.read_events(str(store_path), where=PAK_CHN).fetchall()) == 7
    with pytest.raises(SourceError, match="no events file"):
        dyad.read_events(str(tmp_path / "nothing.tsv"))
    (tmp_path / "empty").mkdir()
    with pytest.raises(SourceError, match="no Parquet files"):
        dyad.read_events(str(tmp_path / "empty"))
