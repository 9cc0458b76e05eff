"""GDELT-faithful export (issue 13 item 4): one row per story, GDELT's actor and geography codes,
counts of mentions, articles and sources; the file parses with the GDELT 2.0 event-table types."""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from pathlib import Path
from typing import Any

import duckdb
import pytest

from dyad.models import ActorMention, Document
from dyad.store import open_store
from dyad.store.export import GDELT_COLUMNS, export_events
from dyad.store.gdelt import gdelt_actor
from test_analysis import make_event
from test_stories import db  # noqa: F401 — the fixture: one story told by three articles

# The GDELT 2.0 event table's column types (GDELT 2.0 event codebook / its BigQuery schema).
GDELT2_TYPES = {
    **dict.fromkeys(GDELT_COLUMNS, "VARCHAR"),
    **dict.fromkeys(("GLOBALEVENTID", "DATEADDED"), "BIGINT"),
    **dict.fromkeys(("SQLDATE", "MonthYear", "Year", "IsRootEvent", "QuadClass", "NumMentions",
                     "NumSources", "NumArticles", "Actor1Geo_Type", "Actor2Geo_Type", "ActionGeo_Type"), "INTEGER"),
    **dict.fromkeys(("FractionDate", "GoldsteinScale", "AvgTone", "Actor1Geo_Lat", "Actor1Geo_Long",
                     "Actor2Geo_Lat", "Actor2Geo_Long", "ActionGeo_Lat", "ActionGeo_Long"), "DOUBLE"),
}  # fmt: skip


def read_strict(path: Path) -> list[dict[str, Any]]:
    """Every line parsed with GDELT 2.0's types; DuckDB raises on any field that does not fit."""
    rel = duckdb.connect().read_csv(
        str(path), delimiter="\t", header=False, names=list(GDELT_COLUMNS), dtype=GDELT2_TYPES, quotechar=""
    )
    return [dict(zip(GDELT_COLUMNS, row, strict=True)) for row in rel.fetchall()]


def test_one_row_per_story_with_counts(db: Path, tmp_path: Path) -> None:  # noqa: F811
    path = tmp_path / "stories.tsv"
    with open_store(db, read_only=True) as store:
        assert export_events(store.con, "gdelt", path) == 3
        assert export_events(store.con, "gdelt", tmp_path / "mentions.tsv", count="mentions") == 5
    rows = read_strict(path)
    assert len(rows) == len(path.read_text(encoding="utf-8").splitlines()) == 3
    story = next(r for r in rows if r["NumMentions"] == 3)
    assert (story["NumArticles"], story["NumSources"]) == (3, 2)  # Wire A and Paper B (twice)
    assert story["Actor1Code"] == "PAKGOV" and story["Actor1CountryCode"] == "PAK"
    assert story["Actor1Type1Code"] == "GOV" and story["Actor2Code"] == "CHNGOV"
    assert re.fullmatch(r"20\d{12}", str(story["DATEADDED"]))
    assert story["AvgTone"] is None and story["Actor1EthnicCode"] is None
    assert {r["NumMentions"] for r in rows} == {3, 1}


def test_geography_in_fips_and_actors_as_gdelt_writes_them(tmp_path: Path) -> None:
    path = tmp_path / "geo.duckdb"
    base = dataclasses.replace(
        make_event("g1", "doc-pc-mar", 0, "PAKGOV", "057", "CHNGOV", "asserted", ""),
        location={"place": "Beijing", "country": "CHN", "lat": 39.9, "lon": 116.4},
    )
    police = ActorMention("police", 0, 6, "---COP", "---", "COP", "police", "group")
    unnamed = dataclasses.replace(base, event_id="g2", source=police,
                                  location={"place": None, "country": "DEU", "lat": None, "lon": None})  # fmt: skip
    un = ActorMention("the UN", 0, 6, "IGOUNO", "IGO", "", "United Nations", "organisation")
    org = dataclasses.replace(base, event_id="g3", target=un, location=None)
    with open_store(path) as store:
        store.add_documents([Document(text="Geo test " * 20, doc_id="doc-pc-mar", date=dt.date(2026, 3, 10),
                                      origin="test/geo")])  # fmt: skip
        store.add_events(["doc-pc-mar"], [base, unnamed, org], store.start_run("test"))
        export_events(store.con, "gdelt", tmp_path / "geo.tsv")
    rows = {r["Actor1Code"] + ">" + (r["Actor2Code"] or ""): r for r in read_strict(tmp_path / "geo.tsv")}
    beijing = rows["PAKGOV>CHNGOV"]
    assert beijing["ActionGeo_CountryCode"] == "CH" and beijing["ActionGeo_Type"] == 4
    assert beijing["ActionGeo_FullName"] == "Beijing, China" and beijing["ActionGeo_Lat"] == pytest.approx(39.9)
    germany = rows["COP>CHNGOV"]  # ---COP: no country, the type in the code and type fields
    assert germany["Actor1CountryCode"] is None and germany["Actor1Type1Code"] == "COP"
    assert (germany["ActionGeo_CountryCode"], germany["ActionGeo_Type"], germany["ActionGeo_FeatureID"]) == (
        "GM",
        1,
        "GM",
    )
    united = rows["PAKGOV>IGOUNO"]
    assert (united["Actor2KnownGroupCode"], united["Actor2Type1Code"], united["Actor2CountryCode"]) == (
        "UNO",
        "IGO",
        None,
    )
    assert united["ActionGeo_Type"] is None


def test_actor_fields() -> None:
    assert gdelt_actor("PAKGOVMIL", "PAK", "army", "MIL")[:3] == ["PAKGOVMIL", "army", "PAK"]
    assert gdelt_actor("PAKGOVMIL", "PAK", "army", "MIL")[7:] == ["GOV", "MIL", None]
    assert gdelt_actor("---", "---", "Julian Assange", "")[:3] == [None, "Julian Assange", None]
    assert gdelt_actor(None, None, None, None) == [None] * 10
