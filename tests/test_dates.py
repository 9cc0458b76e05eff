"""Issue 12, failure 6: dates for every event. Documents without a full date take one from the
best evidence (a year-less dateline completed from the feed, fetch or file date; else that date
itself), with `date_source`; events take the sentence's own calendar day, else the document's;
charts, the dyad page and exports say how many undated events they left out."""

from __future__ import annotations

import datetime as dt
import json
import os
from pathlib import Path
from typing import Any

import duckdb
import pytest
from fastapi.testclient import TestClient

from dyad.analysis.charts import chart_spec
from dyad.analysis.relations import relations, undated_events
from dyad.events.when import calendar_day, sentence_date
from dyad.ingest.dating import FILE_DATE, nearest_year
from dyad.ingest.pipeline import iter_prepared, prepare_document
from dyad.models import Document
from dyad.store import open_store
from dyad.store.schema import MIGRATIONS, apply_migrations
from dyad.web.app import create_app
from test_analysis import build_store, invoke

D = dt.date
BODY = "Pakistan and China agreed to deepen cooperation on trade, officials said.\n"


def _write(path: Path, text: str, modified: dt.date) -> Path:
    path.write_text(text, encoding="utf-8")
    moment = dt.datetime(modified.year, modified.month, modified.day, 12, tzinfo=dt.UTC).timestamp()
    os.utime(path, (moment, moment))
    return path


def _prepared(*paths: Path) -> list[Document]:
    found = list(iter_prepared([str(p) for p in paths]))
    assert all(isinstance(d, Document) for d in found), found
    return found  # type: ignore[return-value]


# -- the year of a year-less day -------------------------------------------------------------------
@pytest.mark.parametrize(
    ("month_day", "reference", "expected"),
    [
        ((3, 9), D(2026, 12, 5), D(2026, 3, 9)),  # earlier in the same year
        ((12, 30), D(2027, 1, 3), D(2026, 12, 30)),  # across New Year, backwards
        ((1, 2), D(2026, 12, 30), D(2026, 1, 2)),  # not the coming 2 January: after the reference
        ((1, 1), D(2026, 12, 31), D(2027, 1, 1)),  # a day after is allowed (time zones)
        ((12, 6), D(2026, 12, 5), D(2026, 12, 6)),
        ((12, 7), D(2026, 12, 5), D(2025, 12, 7)),
        ((2, 29), D(2026, 3, 1), D(2024, 2, 29)),  # the last leap year
    ],
)
def test_a_year_less_day_takes_the_year_closest_to_and_not_after_the_reference(
    month_day: tuple[int, int], reference: dt.date, expected: dt.date
) -> None:
    assert nearest_year(*month_day, reference) == expected


# -- documents ---------------------------------------------------------------------------------------
def test_a_year_less_dateline_takes_its_year_from_the_file_date(tmp_path: Path) -> None:
    path = _write(tmp_path / "story.txt", "ISLAMABAD, March 9 (APP) - " + BODY, D(2026, 12, 5))
    [doc] = _prepared(path)
    assert (doc.date, doc.date_source) == (D(2026, 3, 9), "dateline")
    assert doc.extra["dateline"]["year_from"] == "file"


def test_a_dateline_around_new_year_goes_back_to_december(tmp_path: Path) -> None:
    path = _write(tmp_path / "story.txt", "BEIJING, Dec 30 (Xinhua) - " + BODY, D(2027, 1, 2))
    [doc] = _prepared(path)
    assert (doc.date, doc.date_source) == (D(2026, 12, 30), "dateline")


def test_a_document_with_no_date_at_all_takes_the_file_date(tmp_path: Path) -> None:
    path = _write(tmp_path / "story.txt", BODY, D(2026, 4, 17))
    [doc] = _prepared(path)
    assert (doc.date, doc.date_source) == (D(2026, 4, 17), "file")


def test_the_article_date_wins_over_the_file_date(tmp_path: Path) -> None:
    path = _write(tmp_path / "story.txt", "date 2026-01-05\n\nBEIJING, Jan 5 (APP): " + BODY, D(2026, 12, 5))
    [doc] = _prepared(path)
    assert (doc.date, doc.date_source) == (D(2026, 1, 5), "article")


def test_a_document_from_stdin_without_a_date_says_none() -> None:
    doc = prepare_document(Document(text=BODY))
    assert (doc.date, doc.date_source) == (None, "none")


def test_a_fetch_date_completes_a_dateline_and_is_replaced_by_it() -> None:
    fetched = Document(text="MANILA, Jan 4 (PNA) - " + BODY, date=D(2026, 1, 6), date_source="fetch")
    doc = prepare_document(fetched)
    assert (doc.date, doc.date_source) == (D(2026, 1, 4), "dateline")
    assert doc.extra["dateline"]["year_from"] == "fetch"
    plain = prepare_document(Document(text=BODY, date=D(2026, 1, 6), date_source="fetch"))
    assert (plain.date, plain.date_source) == (D(2026, 1, 6), "fetch")


FEED = """<?xml version="1.0"?>
<rss version="2.0"><channel><title>Wire</title><link>http://w.example/</link>
<pubDate>Sat, 10 Jan 2026 08:00:00 GMT</pubDate>
<item><title>a</title><link>http://w.example/a</link>
<description>ISLAMABAD, Dec 28 (APP) - {body}</description></item>
<item><title>b</title><link>http://w.example/b</link><description>{body}</description></item>
<item><title>c</title><link>http://w.example/c</link><pubDate>Fri, 09 Jan 2026 07:00:00 GMT</pubDate>
<description>{body}</description></item>
</channel></rss>
"""


def test_feed_items_are_dated_from_the_feed(tmp_path: Path) -> None:
    path = _write(tmp_path / "wire.rss", FEED.format(body=BODY.strip()), D(2026, 6, 1))
    by_title = {d.title: d for d in _prepared(path)}
    # A year-less dateline takes the feed's year (the file's would give 2025-12-28 too late).
    assert (by_title["a"].date, by_title["a"].date_source) == (D(2025, 12, 28), "dateline")
    assert by_title["a"].extra["dateline"]["year_from"] == "feed"
    assert (by_title["b"].date, by_title["b"].date_source) == (D(2026, 1, 10), "feed")
    assert (by_title["c"].date, by_title["c"].date_source) == (D(2026, 1, 9), "feed")
    assert all(FILE_DATE in d.extra for d in by_title.values())


# -- events ------------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("text", "doc_date", "expected"),
    [
        ("The two sides met on 5 January 2026 in Beijing.", None, D(2026, 1, 5)),
        ("They signed the deal on Monday, January 5, 2026.", None, D(2026, 1, 5)),
        ("The talks were held on January 5.", D(2026, 1, 8), D(2026, 1, 5)),
        ("Troops crossed the border on 30 December.", D(2027, 1, 2), D(2026, 12, 30)),
        ("The ministers met on 2026-01-05.", None, D(2026, 1, 5)),
        ("The ministers met on the 5th.", D(2026, 1, 8), None),
        ("Clashes have continued since 5 January.", D(2026, 1, 8), None),  # not the event's day
        ("The January 5 accord was signed.", D(2026, 1, 8), None),
        ("The talks were held on January 5.", None, None),  # no year to give it
        ("They met on 31 February 2026.", None, None),
    ],
)
def test_a_sentence_names_its_own_day(text: str, doc_date: dt.date | None, expected: dt.date | None) -> None:
    assert calendar_day(text, doc_date) == expected


def _trigger(text: str, word: str) -> tuple[int, int]:
    start = text.index(word)
    return start, start + len(word)


@pytest.mark.parametrize(
    ("text", "trigger", "expected"),
    [
        ("On 5 March 2026, the two ministers signed the accord.", "signed", D(2026, 3, 5)),
        ("Police clashed with protesters late on 28 June 2025 in the capital.", "clashed", D(2025, 6, 28)),
        # The date belongs to another clause: the event keeps the document's date.
        ("The president said he had spoken to the envoy, their first call since the envoy was freed"
         " on 3 January 2026.", "said", None),
        ("The minister met his counterpart after the accord was signed on 5 March 2026.", "met", None),
        ("The minister said that troops would withdraw on 5 March 2026.", "said", None),
    ],
)
def test_only_a_day_in_the_triggers_clause_is_the_events_day(text: str, trigger: str, expected: dt.date | None) -> None:
    assert calendar_day(text, D(2026, 3, 9), _trigger(text, trigger)) == expected


def test_event_dates_rest_on_the_sentence_or_the_document() -> None:
    monday = D(2026, 1, 5)
    assert sentence_date("They met on 2 January 2026.", None, None) == (D(2026, 1, 2), "sentence")
    # "on Sunday": the last Sunday on or before the document's date, resting on that date.
    assert sentence_date("They met on Sunday.", monday, "dateline") == (D(2026, 1, 4), "dateline")
    assert sentence_date("Officials met yesterday.", monday, "file") == (D(2026, 1, 4), "file")
    assert sentence_date("They met.", monday, None) == (monday, "article")
    assert sentence_date("They met.", None, "none") == (None, "none")


@pytest.mark.slow
def test_coded_events_carry_dates_and_their_source(tmp_path: Path) -> None:
    undated = _write(tmp_path / "a.txt", "ISLAMABAD, March 9 (APP) - " + BODY, D(2026, 12, 5))
    db = tmp_path / "dates.duckdb"
    result = invoke("code", str(undated), "--db", str(db), "-q")
    assert result.exit_code == 0, result.output
    with open_store(db, read_only=True) as store:
        found = {(r["date"], r["date_source"]) for r in store.query("SELECT date, date_source FROM events")}
        docs = store.query("SELECT date, date_source FROM documents")
    assert found == {(D(2026, 3, 9), "dateline")}
    assert docs == [{"date": D(2026, 3, 9), "date_source": "dateline"}]
    gdelt = invoke("export", "--format", "gdelt", "--db", str(db), "-o", "-")
    assert gdelt.exit_code == 0, gdelt.output
    assert {line.split("\t")[1] for line in gdelt.stdout.splitlines()} == {"20260309"}  # SQLDATE


# -- the store ---------------------------------------------------------------------------------------
def _schema_4_store(path: Path) -> duckdb.DuckDBPyConnection:
    """A store as dyad wrote it before `date_source`: one undated document and event, one dated."""
    con = duckdb.connect(str(path))
    con.execute("CREATE TABLE schema_version (version INTEGER, description VARCHAR, applied_at TIMESTAMP)")
    for version, description, statements in MIGRATIONS[:4]:
        for statement in statements:
            if "date_source" not in statement:  # the events column of version 5 did not exist
                con.execute(statement)
        con.execute("INSERT INTO schema_version VALUES (?, ?, now())", [version, description])
    con.execute("INSERT INTO documents (doc_id, date, text) VALUES ('d1', NULL, 'a'), ('d2', DATE '2026-01-05', 'b')")
    con.execute(
        "INSERT INTO events (event_id, doc_id, cameo, date, source_code, source_country, target_code,"
        " target_country, quad_class) VALUES ('e1', 'd1', '040', NULL, 'PAK', 'PAK', 'CHN', 'CHN', 1)"
    )
    return con


def test_a_store_of_schema_4_gains_date_source(tmp_path: Path) -> None:
    con = _schema_4_store(tmp_path / "old.duckdb")
    assert apply_migrations(con) == 4
    assert con.execute("SELECT doc_id, date_source FROM documents ORDER BY 1").fetchall() == [
        ("d1", "none"), ("d2", None),  # what the old date rested on is not known
    ]  # fmt: skip
    assert con.execute("SELECT date_source FROM events").fetchall() == [("none",)]


def test_a_read_only_server_upgrades_an_older_store(tmp_path: Path) -> None:
    path = tmp_path / "old.duckdb"
    _schema_4_store(path).close()
    with TestClient(create_app(path, warm=False)) as client:
        pages = [client.get(url) for url in ("/", "/documents", "/dyad/PAK/CHN", "/doc/d1", "/event/e1", "/api/events")]
    assert [p.status_code for p in pages] == [200] * len(pages), [p.text[:300] for p in pages]
    assert "1 undated event left out" in pages[2].text


# -- charts, pages and exports say what they left out ------------------------------------------------
@pytest.fixture
def store_path(tmp_path: Path) -> Path:
    path = tmp_path / "events.duckdb"
    build_store(path)  # PAK→CHN events by month, and one (e17) in an undated document
    return path


def _texts(spec: dict[str, Any]) -> str:
    return json.dumps(spec, ensure_ascii=False)


def test_a_chart_says_how_many_undated_events_it_left_out(store_path: Path) -> None:
    rows = relations(store_path, "PAK", "CHN")
    undated = undated_events(store_path, "PAK", "CHN")
    assert undated == 1 and rows
    assert "1 undated event left out" in _texts(chart_spec(rows, "PAK", "CHN", undated))


def test_a_chart_with_no_dated_event_is_a_sentence_not_an_empty_frame() -> None:
    spec = chart_spec([], "PAK", "IND", 3)
    text = _texts(spec)
    assert "No dated events between PAK and IND" in text and "3 undated events left out" in text
    marks = {json.dumps(part.get("mark")) for part in spec["vconcat"]}
    assert all('"text"' in mark for mark in marks)  # no axes, bars or lines over nothing


def test_cli_relations_reports_the_undated_events(store_path: Path, tmp_path: Path) -> None:
    result = invoke("relations", "PAK", "CHN", "--db", str(store_path))
    assert result.exit_code == 0, result.output
    assert "1 undated event left out" in result.output


@pytest.mark.parametrize(
    ("fmt", "note"),
    [
        ("gdelt", "1 undated event left out (a GDELT row needs a SQLDATE)"),
        ("csv", "1 undated event written with an empty date"),
        ("parquet", "1 undated event under year=undated/month=undated"),
    ],
)
def test_exports_say_what_became_of_undated_events(store_path: Path, tmp_path: Path, fmt: str, note: str) -> None:
    output = tmp_path / f"out.{fmt}"
    result = invoke("export", "--format", fmt, "--db", str(store_path), "-o", str(output))
    assert result.exit_code == 0, result.output
    assert note in " ".join(result.output.split())
    if fmt == "gdelt":
        sqldates = [line.split("\t")[1] for line in output.read_text().splitlines()]
        assert sqldates and all(len(d) == 8 for d in sqldates)  # every row has its SQLDATE


def test_the_dyad_page_says_how_many_undated_events_it_left_out(store_path: Path) -> None:
    with TestClient(create_app(store_path, warm=False)) as client:
        page = client.get("/dyad/PAK/CHN")
        data = client.get("/api/dyad/PAK/CHN").json()
    assert page.status_code == 200
    assert "1 undated event left out" in page.text
    assert data["undated"] == 1 and "1 undated event left out" in _texts(data["chart"])
