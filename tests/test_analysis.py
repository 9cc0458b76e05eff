"""Relations, overview, commitments and charts over a small hand-made store.

The store is built with the Store API from hand-written events (not the coder's output),
so these tests pin the analysis, not the coder.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from dyad.analysis import commitments, cooperation_index, relations, top
from dyad.analysis.commitments import content_words, promised_root
from dyad.analysis.relations import periods_between
from dyad.models import ActorMention, Document, Event, Span
from dyad.store import open_store
from dyad.store.export import export_events

D = dt.date

COUNTRIES = {
    "PAK": "Pakistan", "CHN": "China", "USA": "United States", "IRN": "Iran",
}  # fmt: skip
CAMEO = {  # code: (name, plover, quad, goldstein)
    "010": ("Make statement, not specified below", None, 1, 0.0),
    "033": ("Express intent to provide material aid, not specified below", "AGREE", 1, 5.2),
    "036": ("Express intent to meet or negotiate", "AGREE", 1, 4.0),
    "040": ("Consult, not specified below", "CONSULT", 1, 1.0),
    "042": ("Make a visit", "CONSULT", 1, 1.9),
    "051": ("Praise or endorse", "SUPPORT", 1, 3.4),
    "057": ("Sign formal agreement", "SUPPORT", 1, 8.0),
    "061": ("Cooperate economically", "COOPERATE", 2, 6.4),
    "071": ("Provide economic aid", "AID", 2, 7.4),
    "111": ("Criticize or denounce", "ACCUSE", 3, -2.0),
    "112": ("Accuse, not specified below", "ACCUSE", 3, -2.0),
    "138": ("Threaten with military force, not specified below", "THREATEN", 3, -7.0),
    "163": ("Impose embargo, boycott, or sanctions", "SANCTION", 4, -8.0),
    "190": ("Use conventional military force, not specified below", "ASSAULT", 4, -10.0),
}
PLEDGE = "advance the development of the upgraded CPEC 2.0"

# doc_id: (date, url)
DOCS: dict[str, tuple[dt.date | None, str | None]] = {
    "doc-pc-jan": (D(2026, 1, 5), "https://news.example/pak-chn-jan"),
    "doc-pc-mar": (D(2026, 3, 10), "https://news.example/pak-chn-mar"),
    "doc-pc-mar2": (D(2026, 3, 20), None),
    "doc-ui-feb": (D(2026, 2, 2), "https://news.example/usa-iran-feb"),
    "doc-ui-mar": (D(2026, 3, 15), "https://news.example/usa-iran-mar"),
    "doc-ui-apr": (D(2026, 4, 10), "https://news.example/usa-iran-apr"),
    "doc-undated": (None, None),
}

# (event_id, doc_id, sentence_index, source, cameo, target, mode, object_text)
EVENTS: list[tuple[str, str, int, str, str, str, str, str]] = [
    ("e01", "doc-pc-jan", 0, "PAKGOV", "033", "CHNGOV", "intended", PLEDGE),
    ("e02", "doc-pc-jan", 1, "PAK", "040", "CHN", "asserted", ""),
    ("e03", "doc-pc-jan", 2, "CHN", "051", "PAK", "asserted", "Pakistan's efforts"),
    ("e04", "doc-pc-mar", 0, "PAKGOV", "057", "CHNGOV", "asserted",
     "signed agreements on the upgraded CPEC 2.0"),
    ("e05", "doc-pc-mar", 1, "PAK", "061", "CHN", "asserted",
     "began joint projects of the upgraded CPEC 2.0"),
    ("e06", "doc-pc-mar", 2, "PAK", "057", "CHN", "negated", "a currency swap deal"),
    ("e07", "doc-pc-mar2", 0, "CHN", "071", "PAK", "asserted", "a loan"),
    ("e08", "doc-pc-mar2", 1, "PAK", "111", "CHN", "asserted", "delays"),
    ("e09", "doc-ui-feb", 0, "USA", "112", "IRN", "asserted", ""),
    ("e10", "doc-ui-feb", 1, "IRN", "138", "USA", "asserted", ""),
    ("e11", "doc-ui-feb", 2, "USAGOV", "163", "IRNGOV", "asserted", "oil exports"),
    ("e12", "doc-ui-mar", 0, "USAMIL", "190", "IRNMIL", "asserted", ""),
    ("e13", "doc-ui-mar", 1, "IRNMIL", "190", "USAMIL", "asserted", ""),
    ("e14", "doc-ui-mar", 2, "USAGOV", "036", "IRNGOV", "intended",
     "hold talks on the nuclear programme"),
    ("e15", "doc-ui-apr", 0, "USAGOV", "040", "IRNGOV", "asserted",
     "held talks on the nuclear programme"),
    ("e16", "doc-ui-apr", 1, "USA", "010", "IRN", "asserted", ""),
    ("e17", "doc-undated", 0, "PAK", "042", "CHN", "asserted", "Beijing"),
]  # fmt: skip
N_EVENTS = len(EVENTS)


def _mention(code: str, start: int) -> ActorMention:
    country = code[:3]
    name = COUNTRIES[country]
    return ActorMention(
        text=name, start=start, end=start + len(name), code=code, country=country,
        sector=code[3:6], name=name, kind="state",
    )  # fmt: skip


def make_event(
    event_id: str, doc_id: str, index: int, source: str, cameo: str, target: str,
    mode: str, object_text: str,
) -> Event:  # fmt: skip
    name, plover, quad, goldstein = CAMEO[cameo]
    src, tgt = _mention(source, 0), _mention(target, 40)
    sentence = f"{src.name} {name.lower()} {tgt.name} ({object_text or 'no object'})."
    supporting = [index + 3] if event_id in ("e04", "e12") else []
    place = {"place": "Beijing", "country": "CHN", "lat": 39.9, "lon": 116.4} if event_id == "e04" else None
    return Event(
        doc_id=doc_id, sentence_index=index, sentence=sentence, source=src, target=tgt,
        cameo=cameo, cameo_name=name, cameo_root=cameo[:2], plover=plover, quad_class=quad,
        penta_class=quad, goldstein=goldstein, mode=mode,
        trigger=Span(name.split()[0].lower(), 10, 10 + len(name.split()[0])),
        confidence=0.8765, rule="test", date=DOCS[doc_id][0], location=place,
        event_id=event_id, supporting=supporting, object_text=object_text,
    )  # fmt: skip


def build_store(path: Path) -> list[Event]:
    """A store with the documents and events above; returns the events."""
    docs = [
        Document(
            text=f"Document {doc_id}: " + " ".join(f"word{doc_id}{i}" for i in range(40)),
            doc_id=doc_id, date=date, url=url, title=f"Title of {doc_id}", source="Example News",
            origin=f"test/{doc_id}.txt",
        )
        for doc_id, (date, url) in DOCS.items()
    ]
    events = [make_event(*spec) for spec in EVENTS]
    with open_store(path) as store:
        store.add_documents(docs)
        run_id = store.start_run("test")
        store.add_events(list(DOCS), events, run_id)
    return events


@pytest.fixture
def store_path(tmp_path: Path) -> Path:
    path = tmp_path / "events.duckdb"
    build_store(path)
    return path


@pytest.fixture
def store(store_path: Path) -> Any:
    with open_store(store_path) as s:
        yield s


def by_period(rows: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    return {r["period"].isoformat(): r for r in rows}


# -- relations -----------------------------------------------------------------------------------
def test_monthly_relations_fill_empty_months_and_leave_out_negated(store: Any) -> None:
    rows = relations(store.con, "PAK", "CHN", freq="month")
    assert [r["period"] for r in rows] == [D(2026, 1, 1), D(2026, 2, 1), D(2026, 3, 1)]
    jan, feb, mar = rows
    assert (jan["events"], jan["q1"], jan["q2"], jan["index"]) == (2, 2, 0, 1.0)
    assert jan["goldstein_sum"] == pytest.approx(6.2)
    assert jan["goldstein_mean"] == pytest.approx(3.1)
    assert (feb["events"], feb["q1"], feb["goldstein_sum"]) == (0, 0, 0.0)
    assert feb["index"] is None and feb["goldstein_mean"] is None
    # e04 057, e05 061, e08 111; the negated e06 is left out, the undated e17 too
    assert (mar["q1"], mar["q2"], mar["q3"], mar["q4"]) == (1, 1, 1, 0)
    assert mar["index"] == pytest.approx(1 / 3, abs=1e-4)
    assert mar["goldstein_sum"] == pytest.approx(12.4)


def test_all_modes_counts_the_negated_event(store: Any) -> None:
    mar = by_period(relations(store.con, "PAK", "CHN", include_all_modes=True))["2026-03-01"]
    assert mar["events"] == 4
    assert mar["index"] == pytest.approx(0.5)


def test_both_directions_adds_the_reverse_and_splits_counts(store: Any) -> None:
    rows = by_period(relations(store.con, "PAK", "CHN", both_directions=True))
    assert (rows["2026-01-01"]["events"], rows["2026-01-01"]["b_to_a"]) == (3, 1)
    mar = rows["2026-03-01"]
    assert (mar["events"], mar["a_to_b"], mar["b_to_a"]) == (4, 3, 1)
    assert mar["index"] == pytest.approx(0.5)
    assert "a_to_b" not in relations(store.con, "PAK", "CHN")[0]


def test_code_prefix_matches_only_those_actors(store: Any) -> None:
    rows = relations(store.con, "PAKGOV", "CHN")
    assert [(r["period"], r["events"]) for r in rows if r["events"]] == [
        (D(2026, 1, 1), 1), (D(2026, 3, 1), 1),
    ]  # fmt: skip
    assert relations(store.con, "USAMIL", "IRN", freq="day")[0]["q4"] == 1


def test_date_window_and_weekly_zero_fill(store: Any) -> None:
    rows = relations(store.con, "PAK", "CHN", start=D(2026, 3, 1), end=D(2026, 3, 31), freq="week")
    # 2026-03-10 is in the week of Monday 03-09, 2026-03-20 in the week of 03-16
    assert [(r["period"], r["events"]) for r in rows] == [(D(2026, 3, 9), 2), (D(2026, 3, 16), 1)]
    assert relations(store.con, "PAK", "CHN", start=D(2026, 4, 1)) == []
    days = relations(store.con, "USA", "IRN", freq="day")
    assert days[0]["period"] == D(2026, 2, 2) and days[-1]["period"] == D(2026, 4, 10)
    assert len(days) == (D(2026, 4, 10) - D(2026, 2, 2)).days + 1


def test_conflict_dyad_index_is_negative(store: Any) -> None:
    rows = by_period(relations(store.con, "USA", "IRN"))
    assert rows["2026-02-01"]["index"] == -1.0
    assert rows["2026-03-01"]["q4"] == 1 and rows["2026-03-01"]["q1"] == 1  # 190 and the 036 pledge
    assert rows["2026-03-01"]["index"] == 0.0


def test_bad_parameters_raise_value_error(store: Any) -> None:
    with pytest.raises(ValueError, match="freq"):
        relations(store.con, "PAK", "CHN", freq="year")
    with pytest.raises(ValueError, match="actor"):
        relations(store.con, "PAK'; DROP TABLE events", "CHN")
    with pytest.raises(ValueError, match="after"):
        relations(store.con, "PAK", "CHN", start=D(2026, 5, 1), end=D(2026, 1, 1))


def test_cooperation_index_bounds() -> None:
    assert cooperation_index(3, 1, 0, 0) == 1.0
    assert cooperation_index(0, 0, 2, 2) == -1.0
    assert cooperation_index(1, 1, 1, 1) == 0.0
    assert cooperation_index(0, 0, 0, 0) == 0.0


def test_periods_between_crosses_a_year() -> None:
    assert periods_between(D(2025, 11, 20), D(2026, 2, 3), "month") == [
        D(2025, 11, 1), D(2025, 12, 1), D(2026, 1, 1), D(2026, 2, 1),
    ]  # fmt: skip


def test_relations_from_a_parquet_dataset_match_the_store(store: Any, tmp_path: Path) -> None:
    folder = tmp_path / "dataset"
    export_events(store.con, "parquet", folder)
    for kw in ({"freq": "month"}, {"freq": "week", "both_directions": True}):
        assert relations(folder, "PAK", "CHN", **kw) == relations(store.con, "PAK", "CHN", **kw)
    assert top(folder) == top(store.con)


def test_relations_from_a_store_path(store_path: Path) -> None:
    assert relations(store_path, "USA", "IRN")[0]["events"] == 2


# -- top -----------------------------------------------------------------------------------------
def test_top_lists_dyads_actors_types_and_shifts(store: Any) -> None:
    result = top(store.con, start=D(2026, 3, 1), end=D(2026, 3, 31), limit=5)
    assert result["window"]["days"] == 31
    assert result["previous_window"]["start"] == D(2026, 1, 29)
    assert result["previous_window"]["end"] == D(2026, 2, 28)
    assert result["events"] == 7  # March, negated e06 left out
    first = result["dyads"][0]
    assert (first["source_country"], first["target_country"], first["events"]) == ("PAK", "CHN", 3)
    assert first["goldstein_mean"] == pytest.approx(12.4 / 3, abs=1e-3)
    assert result["actors"][0]["events"] >= result["actors"][-1]["events"]
    codes = {a["code"] for a in result["actors"]}
    assert "PAKGOV" in codes or "PAK" in codes
    types = {t["cameo_root"]: t for t in result["event_types"]}
    assert types["19"]["events"] == 2 and types["19"]["name"]
    by_events = result["shifts"]["events"]
    assert (by_events[0]["source_country"], by_events[0]["change"]) == ("PAK", 3)
    goldstein = {(s["source_country"], s["target_country"]): s for s in result["shifts"]["goldstein"]}
    assert goldstein[("IRN", "USA")]["goldstein_change"] == pytest.approx(-3.0)
    assert goldstein[("USA", "IRN")]["goldstein_change"] == pytest.approx(2.0)
    assert result["shifts"]["goldstein"][0]["source_country"] == "IRN"


def test_top_without_dates_spans_all_dated_events(store: Any) -> None:
    result = top(store.con, limit=2)
    assert result["window"]["start"] == D(2026, 1, 5)
    assert result["window"]["end"] == D(2026, 4, 10)
    assert len(result["dyads"]) == 2
    assert result["events"] == N_EVENTS - 2  # the negated and the undated event


def test_top_of_an_empty_window(store: Any) -> None:
    result = top(store.con, start=D(2030, 1, 1), end=D(2030, 1, 31))
    assert result["events"] == 0 and result["dyads"] == []


# -- commitments ---------------------------------------------------------------------------------
def test_cpec_pledge_is_linked_to_later_agreement_and_cooperation(store: Any) -> None:
    found = commitments(store.con, "PAK", "CHN")
    assert [c["event_id"] for c in found] == ["e01"]
    pledge = found[0]
    assert pledge["what"] == PLEDGE and pledge["promised_root"] == "07"
    assert pledge["date"] == D(2026, 1, 5) and "Pakistan" in pledge["sentence"]
    links = {f["event_id"]: f for f in pledge["follow_ups"]}
    assert set(links) == {"e04", "e05"}  # e06 is negated, e02 shares no words
    assert "cpec" in links["e04"]["reason"] and "2.0" in links["e04"]["reason"]


def test_intent_to_meet_is_followed_by_talks_through_root_and_words(store: Any) -> None:
    found = commitments(store.con, "USA", None)
    talks = next(c for c in found if c["event_id"] == "e14")
    assert talks["promised_root"] == "04"
    (follow,) = talks["follow_ups"]
    assert follow["event_id"] == "e15"
    assert "root 04" in follow["reason"] and "shares words" in follow["reason"]


def test_commitments_filter_by_date_and_actor(store: Any) -> None:
    assert [c["event_id"] for c in commitments(store.con, None, None)] == ["e01", "e14"]
    assert commitments(store.con, None, None, start=D(2026, 2, 1))[0]["event_id"] == "e14"
    assert commitments(store.con, "CHN", "PAK") == []


def test_promised_roots() -> None:
    expected = {"030": "06", "0311": "06", "032": "05", "0331": "07", "0342": "08",
                "0356": "08", "036": "04", "037": "04", "038": "04", "039": "04"}  # fmt: skip
    assert {code: promised_root(code) for code in expected} == expected
    assert promised_root("042", "intended") == "04"
    assert promised_root("042", "asserted") is None


def test_content_words_drop_function_words_and_plurals() -> None:
    assert content_words("advance the development of the upgraded CPEC 2.0 projects") == {
        "advance", "development", "upgraded", "cpec", "2.0", "project",
    }  # fmt: skip


# -- charts --------------------------------------------------------------------------------------
def test_chart_spec_is_vega_lite_with_the_rows(store: Any) -> None:
    from dyad.analysis.charts import chart_spec

    spec = chart_spec(relations(store.con, "PAK", "CHN"), "PAK", "CHN")
    assert "vega-lite" in spec["$schema"]
    text = json.dumps(spec)
    assert "2026-02-01" in text and "verbal cooperation" in text


def test_save_chart_rejects_other_suffixes(tmp_path: Path) -> None:
    from dyad.analysis.charts import relations_chart, save_chart

    with pytest.raises(ValueError, match=r"\.png, \.svg or \.html"):
        save_chart(relations_chart([], "A", "B"), tmp_path / "chart.pdf")


# -- CLI -----------------------------------------------------------------------------------------
runner = CliRunner()


def invoke(*args: str) -> Any:
    from dyad.cli.main import app

    return runner.invoke(app, list(args))


def test_cli_relations_table(store_path: Path) -> None:
    result = invoke("relations", "PAK", "CHN", "--db", str(store_path))
    assert result.exit_code == 0, result.output
    assert "2026-02-01" in result.output and "PAK" in result.output


def test_cli_relations_json_and_csv(store_path: Path) -> None:
    result = invoke("relations", "pak", "chn", "--db", str(store_path), "--json", "--both-directions")
    assert result.exit_code == 0, result.output
    rows = json.loads(result.stdout)  # the note on undated events goes to stderr
    assert rows[0]["period"] == "2026-01-01" and rows[0]["b_to_a"] == 1
    assert "1 undated event left out" in result.stderr
    result = invoke("relations", "PAK", "CHN", "--db", str(store_path), "--csv", "--freq", "week",
                    "--from", "2026-03-01", "--to", "2026-03-31")  # fmt: skip
    assert result.exit_code == 0, result.output
    lines = result.stdout.strip().splitlines()
    assert lines[0].startswith("period,events,q1,q2,q3,q4")
    assert lines[1].startswith("2026-03-09,2,")


def test_cli_relations_reads_parquet(store: Any, tmp_path: Path) -> None:
    folder = tmp_path / "pq"
    export_events(store.con, "parquet", folder)
    for option in ("--parquet", "--db"):  # --db takes a dataset folder too
        result = invoke("relations", "PAK", "CHN", option, str(folder), "--json")
        assert result.exit_code == 0, result.output
        assert len(json.loads(result.stdout)) == 3


@pytest.mark.parametrize("suffix", [".png", ".svg", ".html"])
def test_cli_relations_plot(store_path: Path, tmp_path: Path, suffix: str) -> None:
    out = tmp_path / f"rel{suffix}"
    result = invoke("relations", "PAK", "CHN", "--db", str(store_path), "--plot", str(out))
    assert result.exit_code == 0, result.output
    data = out.read_bytes()
    if suffix == ".png":
        assert data.startswith(b"\x89PNG\r\n\x1a\n")
    elif suffix == ".svg":
        assert data.lstrip().startswith(b"<svg")
    else:
        html = data.decode("utf-8")
        assert "<html" in html.lower() and "vega" in html.lower()
        assert not re.search(r"<script[^>]*\bsrc\s*=\s*[\"']?https?:", html, re.IGNORECASE)
        assert not re.search(r"<link[^>]*href\s*=\s*[\"']?https?:", html, re.IGNORECASE)


def test_cli_top_and_commitments(store_path: Path) -> None:
    result = invoke("top", "--db", str(store_path), "--from", "2026-03-01", "--to", "2026-03-31",
                    "--json", "--limit", "3")  # fmt: skip
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["dyads"][0]["source_country"] == "PAK" and len(data["dyads"]) == 3
    result = invoke("top", "--db", str(store_path))
    assert result.exit_code == 0, result.output
    assert "PAK" in result.output
    result = invoke("commitments", "PAK", "CHN", "--db", str(store_path), "--json")
    assert result.exit_code == 0, result.output
    (pledge,) = json.loads(result.output)
    assert len(pledge["follow_ups"]) == 2
    result = invoke("commitments", "--db", str(store_path))
    assert result.exit_code == 0, result.output
    assert "CPEC" in result.output


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["relations", "PAK", "CHN", "--from", "2026-13-01"], "YYYY-MM-DD"),
        (["relations", "PAK", "CHN", "--freq", "year"], "--freq"),
        (["relations", "PAK", "CHN", "--plot", "rel.pdf"], ".png, .svg or .html"),
        (["relations", "PAK", "CHN", "--json", "--csv"], "--json or --csv"),
        (["relations", "PAK!", "CHN"], "actor"),
        (["top", "--limit", "0"], "limit"),
        (["top", "--from", "2026-05-01", "--to", "2026-01-01"], "after"),
        (["commitments", "PAK", "--to", "yesterday"], "YYYY-MM-DD"),
    ],
)
def test_cli_bad_parameters_exit_2(store_path: Path, args: list[str], message: str) -> None:
    result = invoke(*args, "--db", str(store_path))
    assert result.exit_code == 2, result.output
    assert message in result.output
    assert "Traceback" not in result.output


def test_cli_missing_store_exits_2(tmp_path: Path) -> None:
    result = invoke("relations", "PAK", "CHN", "--db", str(tmp_path / "none.duckdb"))
    assert result.exit_code == 2
    assert "no store" in result.output
    result = invoke("relations", "PAK", "CHN", "--parquet", str(tmp_path / "nothing"))
    assert result.exit_code == 2


def test_every_analysis_command_has_an_example() -> None:
    for command in ("relations", "top", "commitments", "export"):
        result = invoke(command, "--help")
        assert result.exit_code == 0
        assert "Example:" in result.output
