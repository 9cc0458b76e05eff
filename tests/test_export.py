"""Export round trips: write each format, read it back, compare with the store's events."""

from __future__ import annotations

import csv
import datetime as dt
import json
from pathlib import Path
from typing import Any

import duckdb
import pyarrow.dataset as pads
import pytest
from typer.testing import Result

from dyad.models import Event
from dyad.store import open_store
from dyad.store.export import (
    GDELT_COLUMNS,
    ExportError,
    check_where,
    export_events,
    global_event_id,
)
from dyad.store.load import event_from_record, read_gdelt, read_jsonl
from test_analysis import N_EVENTS, build_store, invoke


@pytest.fixture
def built(tmp_path: Path) -> tuple[Path, dict[str, Event]]:
    path = tmp_path / "events.duckdb"
    events = build_store(path)
    return path, {e.event_id: e for e in events}


@pytest.fixture
def con(built: tuple[Path, dict[str, Event]]) -> Any:
    with open_store(built[0], read_only=True) as store:
        yield store.con


@pytest.fixture
def events(built: tuple[Path, dict[str, Event]]) -> dict[str, Event]:
    return built[1]


def test_gdelt_columns_follow_gdelt_2_order() -> None:
    assert len(GDELT_COLUMNS) == 61
    assert GDELT_COLUMNS[:5] == ("GLOBALEVENTID", "SQLDATE", "MonthYear", "Year", "FractionDate")
    assert GDELT_COLUMNS[5] == "Actor1Code" and GDELT_COLUMNS[12] == "Actor1Type1Code"
    assert GDELT_COLUMNS[15] == "Actor2Code" and GDELT_COLUMNS[25] == "IsRootEvent"
    assert GDELT_COLUMNS[26:31] == (
        "EventCode", "EventBaseCode", "EventRootCode", "QuadClass", "GoldsteinScale",
    )  # fmt: skip
    assert GDELT_COLUMNS[34] == "AvgTone" and GDELT_COLUMNS[35] == "Actor1Geo_Type"
    assert GDELT_COLUMNS[39] == "Actor1Geo_ADM2Code" and GDELT_COLUMNS[51] == "ActionGeo_Type"
    assert GDELT_COLUMNS[-2:] == ("DATEADDED", "SOURCEURL")


def test_global_event_id_is_stable_and_63_bit() -> None:
    first = global_event_id("3f2a9c0011")
    assert first == global_event_id("3f2a9c0011") != global_event_id("3f2a9c0012")
    assert 0 <= first < 2**63


def test_gdelt_round_trip(con: Any, events: dict[str, Event], tmp_path: Path) -> None:
    path = tmp_path / "events.tsv"
    dated = {i: e for i, e in events.items() if e.date is not None}
    assert len(dated) == N_EVENTS - 1  # e17's document has no date: GDELT has no row for it
    assert export_events(con, "gdelt", path, count="mentions") == len(dated)  # one row per dated event
    lines = path.read_text(encoding="utf-8").splitlines()
    assert not lines[0].startswith("GLOBALEVENTID")  # no header, like GDELT's files
    assert all(line.count("\t") == 60 for line in lines)
    rows = read_gdelt(path).fetchall()
    back = {r[0]: dict(zip(GDELT_COLUMNS, r, strict=True)) for r in rows}
    assert set(back) == {global_event_id(i) for i in dated}
    for event_id, event in dated.items():
        row = back[global_event_id(event_id)]
        assert row["EventCode"] == event.cameo and row["EventRootCode"] == event.cameo[:2]
        assert row["EventBaseCode"] == event.cameo[:3]
        assert row["GoldsteinScale"] == pytest.approx(event.goldstein)
        assert row["QuadClass"] == event.quad_class
        assert row["Actor1Code"] == event.source.code  # type: ignore[union-attr]
        assert row["Actor1CountryCode"] == event.source.country  # type: ignore[union-attr]
        assert row["Actor2CountryCode"] == event.target.country  # type: ignore[union-attr]
        assert (row["Actor1Type1Code"] or "") == event.source.sector  # type: ignore[union-attr]
        assert row["NumMentions"] == 1 + len(event.supporting)
        assert row["IsRootEvent"] == (1 if event.sentence_index == 0 else 0)
        assert row["SQLDATE"] == int(event.date.strftime("%Y%m%d"))  # type: ignore[union-attr]
        assert row["Year"] == event.date.year  # type: ignore[union-attr]
    signed = back[global_event_id("e04")]
    assert signed["SOURCEURL"] == "https://news.example/pak-chn-mar"
    assert signed["ActionGeo_CountryCode"] == "CH" and signed["ActionGeo_Lat"] == 39.9
    assert back[global_event_id("e07")]["SOURCEURL"] == "test/doc-pc-mar2.txt"  # no url: origin


def test_gdelt_header_and_fraction_date(con: Any, tmp_path: Path) -> None:
    path = tmp_path / "with-header.tsv"
    export_events(con, "gdelt", path, header=True, where="event_id = 'e01'")
    header, line = path.read_text(encoding="utf-8").splitlines()
    assert header.split("\t") == list(GDELT_COLUMNS)
    fields = dict(zip(GDELT_COLUMNS, line.split("\t"), strict=True))
    assert fields["SQLDATE"] == "20260105" and fields["MonthYear"] == "202601"
    assert fields["FractionDate"] == "2026.0110"
    assert fields["EventCode"] == "033" and fields["AvgTone"] == ""


def test_plover_round_trip(con: Any, events: dict[str, Event], tmp_path: Path) -> None:
    path = tmp_path / "events.plover.jsonl"
    written = export_events(con, "plover", path)
    records = {r["id"]: r for r in read_jsonl(path)}
    mapped = {i for i, e in events.items() if e.plover}
    assert written == len(records) == len(mapped) == N_EVENTS - 1  # the 010 statement is skipped
    assert set(records) == mapped
    for event_id, record in records.items():
        event = events[event_id]
        assert record["event"] == [event.plover]
        assert record["date"] == (event.date.isoformat() if event.date else None)
        assert record["actor"][0]["code"] == event.source.country  # type: ignore[union-attr]
        assert record["recipient"][0]["code"] == event.target.country  # type: ignore[union-attr]
        assert record["source"] == record["actor"] and record["target"] == record["recipient"]
        assert record["event_scale"] == pytest.approx(event.goldstein)
        assert record["text"] == event.sentence
        assert record["dyad"]["cameo"] == event.cameo and record["dyad"]["mode"] == event.mode
        assert record["has_event"] is True
    assert "negation" in records["e06"]["mode"]
    assert "future" not in records["e01"]["mode"]  # AGREE is already the intent
    assert records["e04"]["context"] == ["diplomatic"]
    assert records["e04"]["cite_info"]["url"] == "https://news.example/pak-chn-mar"
    assert records["e09"]["quad_code"] == 3 and records["e12"]["quad_code"] == 4


def test_plover_include_unmapped(con: Any, tmp_path: Path) -> None:
    path = tmp_path / "all.jsonl"
    assert export_events(con, "plover", path, include_unmapped=True) == N_EVENTS
    statement = next(r for r in read_jsonl(path) if r["id"] == "e16")
    assert statement["event"] == [] and statement["has_event"] is False


def test_jsonl_round_trip_matches_event_records(
    con: Any, events: dict[str, Event], tmp_path: Path
) -> None:
    path = tmp_path / "events.jsonl"
    assert export_events(con, "jsonl", path) == N_EVENTS
    records = read_jsonl(path)
    assert len(records) == N_EVENTS
    for record in records:
        original = events[record["event_id"]]
        assert record == json.loads(json.dumps(original.to_json()))
        assert event_from_record(record).to_json() == original.to_json()


def test_csv_round_trip(con: Any, events: dict[str, Event], tmp_path: Path) -> None:
    path = tmp_path / "events.csv"
    assert export_events(con, "csv", path) == N_EVENTS
    with open(path, encoding="utf-8", newline="") as handle:
        header = next(csv.reader(handle))
    assert header[:5] == ["event_id", "doc_id", "sentence_index", "sentence", "date"]
    rows = duckdb.connect().execute(
        "SELECT event_id, cameo, goldstein, date, source_code FROM read_csv(?, header=true,"
        " types={'cameo': 'VARCHAR', 'date': 'DATE'})",
        [str(path)],
    ).fetchall()
    assert len(rows) == N_EVENTS
    for event_id, cameo, goldstein, date, source_code in rows:
        event = events[event_id]
        assert (cameo, date, source_code) == (event.cameo, event.date, event.source.code)  # type: ignore[union-attr]
        assert goldstein == pytest.approx(event.goldstein)


def test_parquet_round_trip(con: Any, events: dict[str, Event], tmp_path: Path) -> None:
    folder = tmp_path / "dataset"
    assert export_events(con, "parquet", folder) == N_EVENTS
    assert (folder / "year=2026" / "month=1").is_dir()
    assert (folder / "year=2026" / "month=4").is_dir()
    rows = duckdb.connect().execute(
        "SELECT event_id, cameo, goldstein, date, year, month FROM"
        " read_parquet(?, hive_partitioning=true)",
        [str(folder / "**" / "*.parquet")],
    ).fetchall()
    assert {r[0] for r in rows} == set(events)
    for event_id, cameo, goldstein, date, year, month in rows:
        event = events[event_id]
        assert (cameo, date) == (event.cameo, event.date)
        assert goldstein == pytest.approx(event.goldstein)
        assert (year, month) == ((str(date.year), str(date.month)) if date else ("undated", "undated"))
    table = pads.dataset(folder, format="parquet", partitioning="hive").to_table()
    assert table.num_rows == N_EVENTS
    assert set(table.column("event_id").to_pylist()) == set(events)


def test_parquet_refuses_a_folder_with_files_unless_overwrite(con: Any, tmp_path: Path) -> None:
    folder = tmp_path / "dataset"
    export_events(con, "parquet", folder)
    with pytest.raises(ExportError, match="not empty"):
        export_events(con, "parquet", folder)
    assert export_events(con, "parquet", folder, overwrite=True, where="date IS NOT NULL") == 16
    back = duckdb.connect().execute(
        "SELECT count(*) FROM read_parquet(?, hive_partitioning=true)",
        [str(folder / "**" / "*.parquet")],
    ).fetchall()
    assert back[0][0] == 16  # the earlier export's partitions are gone, the undated one too


def test_where_filters_and_is_checked(con: Any, tmp_path: Path) -> None:
    path = tmp_path / "pak.jsonl"
    written = export_events(con, "jsonl", path,
                            where="source_country = 'PAK' AND date >= DATE '2026-03-01'")  # fmt: skip
    assert written == 4  # e04, e05, e06, e08
    assert all(r["source"]["country"] == "PAK" for r in read_jsonl(path))
    for bad in ("1=1; DROP TABLE events", "cameo = '01' -- x", "/* */ true"):
        with pytest.raises(ExportError, match="single condition"):
            check_where(bad)
    with pytest.raises(ExportError, match="--where"):
        export_events(con, "csv", tmp_path / "x.csv", where="no_such_column = 1")
    assert not (tmp_path / "x.csv").exists()
    with pytest.raises(ExportError, match="unknown format"):
        export_events(con, "xml", tmp_path / "x.xml")


# -- CLI -----------------------------------------------------------------------------------------
def _ok(result: Result) -> Result:
    assert result.exit_code == 0, result.output
    return result


@pytest.mark.parametrize("fmt", ["gdelt", "plover", "csv", "jsonl", "parquet"])
def test_cli_export_each_format(built: tuple[Path, dict[str, Event]], tmp_path: Path, fmt: str) -> None:
    target = tmp_path / ("out" if fmt == "parquet" else f"out.{fmt}")
    result = _ok(invoke("export", "--format", fmt, "-o", str(target), "--db", str(built[0])))
    assert "wrote" in result.output
    assert target.exists()


def test_cli_export_to_stdout(built: tuple[Path, dict[str, Event]]) -> None:
    result = _ok(invoke("export", "-f", "jsonl", "-o", "-", "--db", str(built[0]),
                        "--where", "cameo = '033'"))  # fmt: skip
    lines = [line for line in result.stdout.splitlines() if line.startswith("{")]
    assert [json.loads(line)["event_id"] for line in lines] == ["e01"]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--format", "xml", "-o", "x.xml"], "unknown format"),
        (["--format", "csv", "-o", "x.csv", "--where", "1=1; DROP TABLE events"], "single condition"),
        (["--format", "csv", "-o", "x.csv", "--where", "nonsense ="], "--where"),
        (["--format", "parquet", "-o", "-"], "folder"),
        (["--format", "csv", "-o", "no/such/dir/x.csv"], "does not exist"),
    ],
)
def test_cli_export_bad_parameters_exit_2(
    built: tuple[Path, dict[str, Event]], args: list[str], message: str
) -> None:
    result = invoke("export", *args, "--db", str(built[0]))
    assert result.exit_code == 2, result.output
    assert message in result.output and "Traceback" not in result.output


def test_cli_export_missing_store(tmp_path: Path) -> None:
    result = invoke("export", "-f", "csv", "-o", str(tmp_path / "x.csv"),
                    "--db", str(tmp_path / "none.duckdb"))  # fmt: skip
    assert result.exit_code == 2 and "no store" in result.output


def test_exported_dates_are_iso_in_csv(con: Any, tmp_path: Path) -> None:
    path = tmp_path / "e.csv"
    export_events(con, "csv", path, where="event_id = 'e01'")
    with open(path, encoding="utf-8", newline="") as handle:
        (row,) = list(csv.DictReader(handle))
    assert dt.date.fromisoformat(row["date"]) == dt.date(2026, 1, 5)
    assert json.loads(row["supporting"]) == []


@pytest.mark.parametrize(
    "where",
    [
        "(SELECT count(*) FROM read_csv('{secret}')) > 0",
        "EXISTS (SELECT * FROM read_text('{secret}'))",
        "cameo IN (SELECT column0 FROM read_csv('{secret}', header = false))",
    ],
)
def test_cli_export_where_cannot_read_files(
    built: tuple[Path, dict[str, Event]], tmp_path: Path, where: str
) -> None:
    """--where is a condition over the events, not a way to read other files (issue 12, 8)."""
    secret = tmp_path / "secret.csv"
    secret.write_text("033\n", encoding="utf-8")
    target = tmp_path / "out.csv"
    result = invoke("export", "-f", "csv", "-o", str(target), "--db", str(built[0]),
                    "--where", where.format(secret=secret))  # fmt: skip
    assert result.exit_code == 2, result.output
    assert "--where" in result.output and "Traceback" not in result.output
    assert not target.exists()
