"""Issue 12, failure 5: `dyad export --format parquet` is readable by pandas, polars,
pyarrow, DuckDB and Dask (each that is installed), undated events included, in a
partition named as such. (Before: pandas failed with "Cannot yet unify dictionaries with
nulls" on the `__HIVE_DEFAULT_PARTITION__` folder of undated events.)"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import duckdb
import pytest

from dyad.store.export import export_events
from test_export import N_EVENTS, built, con, events  # noqa: F401  (fixtures)


@pytest.fixture
def dataset(con: Any, tmp_path: Path) -> Path:  # noqa: F811
    folder = tmp_path / "dataset"
    assert export_events(con, "parquet", folder) == N_EVENTS
    assert (folder / "year=undated" / "month=undated").is_dir()
    assert not list(folder.glob("*HIVE_DEFAULT*"))
    return folder


def _ids(values: Any) -> set[str]:
    return {str(v) for v in values}


def test_pandas(dataset: Path, events: dict[str, Any]) -> None:  # noqa: F811
    pd = pytest.importorskip("pandas")
    frame = pd.read_parquet(dataset)
    assert _ids(frame["event_id"]) == set(events)
    assert (frame["year"].astype(str) == "undated").sum() == sum(e.date is None for e in events.values())


def test_pyarrow(dataset: Path, events: dict[str, Any]) -> None:  # noqa: F811
    pq = pytest.importorskip("pyarrow.parquet")
    table = pq.read_table(dataset)
    assert _ids(table.column("event_id").to_pylist()) == set(events)


def test_polars(dataset: Path, events: dict[str, Any]) -> None:  # noqa: F811
    pl = pytest.importorskip("polars")
    frame = pl.read_parquet(str(dataset / "**" / "*.parquet"), hive_partitioning=True)
    assert _ids(frame["event_id"].to_list()) == set(events)


def test_duckdb(dataset: Path, events: dict[str, Any]) -> None:  # noqa: F811
    rows = duckdb.connect().execute(
        "SELECT event_id, year FROM read_parquet(?, hive_partitioning=true)", [str(dataset / "**" / "*.parquet")]
    ).fetchall()
    assert _ids(r[0] for r in rows) == set(events)


def test_dask(dataset: Path, events: dict[str, Any]) -> None:  # noqa: F811
    dd = pytest.importorskip("dask.dataframe")
    frame = dd.read_parquet(str(dataset)).compute()
    assert _ids(frame["event_id"]) == set(events)
