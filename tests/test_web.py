"""The web app: pages, JSON twins, the API, errors, limits, read-only safety, highlights,
and a real uvicorn server on a free loopback port."""

from __future__ import annotations

import datetime as dt
import re
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import duckdb
import httpx
import pytest
from fastapi.testclient import TestClient

from dyad.events.document import event_id
from dyad.models import ActorMention, Document, Event, Span
from dyad.store import open_store
from dyad.web.app import create_app
from dyad.web.highlight import highlight_document, highlight_sentence

HTML = {"accept": "text/html,application/xhtml+xml"}
TOKEN = "s3cret-token"
SHORT_TEXT = "Pakistan and China agreed to deepen cooperation. Pakistan praised China's support."


# -- a store made by hand ------------------------------------------------------------------------
def _actor(sentence: str, text: str, code: str, country: str, sector: str, name: str) -> ActorMention:
    start = sentence.index(text)
    return ActorMention(text=text, start=start, end=start + len(text), code=code, country=country,
                        sector=sector, name=name, kind="state")  # fmt: skip


def _event(doc_id: str, index: int, sentence: str, source: ActorMention | None,
           target: ActorMention | None, trigger: str, cameo: str, name: str, quad: int,
           goldstein: float, mode: str, rule: str, confidence: float, day: dt.date) -> Event:  # fmt: skip
    start = sentence.index(trigger)
    e = Event(
        doc_id=doc_id, sentence_index=index, sentence=sentence, source=source, target=target,
        cameo=cameo, cameo_name=name, cameo_root=cameo[:2], plover=None, quad_class=quad,
        penta_class=quad, goldstein=goldstein, mode=mode,
        trigger=Span(trigger, start, start + len(trigger)), confidence=confidence, rule=rule,
        date=day,
    )  # fmt: skip
    e.event_id = event_id(doc_id, source.code if source else "", cameo,
                          target.code if target else "", mode)  # fmt: skip
    return e


def build_store(path: Path) -> dict[str, Any]:
    """Four monthly PAK–CHN cooperation articles, one PAK→AFG clash, one negated pledge."""
    docs: list[Document] = []
    events: list[Event] = []
    for month in (1, 2, 3, 4):
        day = dt.date(2026, month, 5)
        s1 = f"Pakistan and China agreed to deepen cooperation on project {month}."
        s2 = "Pakistan praised China's support."
        text = f"ISLAMABAD talks, round {month}\n\n{s1}  {s2}\nOfficials met again.\n"
        doc_id = f"{month:02d}" + "ab" * 7
        docs.append(Document(text=text, doc_id=doc_id, title=f"Pakistan China talks {month}",
                             date=day, origin=f"talks-{month}.txt", place="Islamabad"))  # fmt: skip
        events.append(_event(doc_id, 1, s1, _actor(s1, "Pakistan", "PAKGOV", "PAK", "GOV", "Pakistan"),
                             _actor(s1, "China", "CHNGOV", "CHN", "GOV", "China"), "agreed", "030",
                             "Express intent to cooperate", 1, 4.0, "asserted", "verb:agree", 0.9,
                             day))  # fmt: skip
        events.append(_event(doc_id, 2, s2, _actor(s2, "Pakistan", "PAK", "PAK", "", "Pakistan"),
                             _actor(s2, "China", "CHN", "CHN", "", "China"), "praised", "051",
                             "Praise or endorse", 1, 3.4, "asserted", "verb:praise", 0.8, day))  # fmt: skip
    day = dt.date(2026, 2, 20)
    s = "Pakistani troops attacked Afghan posts."
    doc_id = "05" + "cd" * 7
    docs.append(Document(text=f"KABUL\n\n{s}\n", doc_id=doc_id, title="Border clash", date=day,
                         origin="clash.txt"))  # fmt: skip
    events.append(_event(doc_id, 1, s, _actor(s, "Pakistani troops", "PAKMIL", "PAK", "MIL", "Pakistan"),
                         _actor(s, "Afghan", "AFG", "AFG", "", "Afghanistan"), "attacked", "190",
                         "Use conventional military force", 4, -10.0, "asserted", "verb:attack",
                         0.85, day))  # fmt: skip
    s = "China did not sign the trade deal with Pakistan."
    doc_id = "06" + "ef" * 7
    docs.append(Document(text=s, doc_id=doc_id, title="No deal", date=dt.date(2026, 3, 1),
                         origin="nodeal.txt"))  # fmt: skip
    events.append(_event(doc_id, 0, s, _actor(s, "China", "CHN", "CHN", "", "China"),
                         _actor(s, "Pakistan", "PAK", "PAK", "", "Pakistan"), "sign", "057",
                         "Sign formal agreement", 2, 8.0, "negated", "verb:sign", 0.7,
                         dt.date(2026, 3, 1)))  # fmt: skip
    with open_store(path) as store:
        run = store.start_run("test")
        store.add_documents(docs)
        store.add_events([d.doc_id for d in docs], events, run)
        store.finish_run(run, status="done", counts={"documents": len(docs)})
    return {"docs": docs, "events": events}


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, Any]]:
    path = tmp_path_factory.mktemp("web") / "web.duckdb"
    return path, build_store(path)


@pytest.fixture(scope="module")
def client(store: tuple[Path, dict[str, Any]]) -> Iterator[TestClient]:
    with TestClient(create_app(store[0], warm=False)) as c:
        yield c


def first_event(store: tuple[Path, dict[str, Any]]) -> Event:
    return store[1]["events"][0]  # type: ignore[no-any-return]


# -- pages ---------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("/", ["Overview", "Top dyads", "/dyad/CHN/PAK", "Recent events", "Pakistan China talks 4"]),
        ("/dyad/PAK/CHN", ['id="chart"', "chart-spec", "Express intent to cooperate", "/vendor/vega-bundle.js"]),
        ("/doc/01ababababababab", ["Pakistan China talks 1", "<mark", "verb:agree"]),
        ("/documents", ["Border clash", "No deal"]),
        ("/actors?q=pak", ["PAKGOV", "In the dictionary", "Pakistan"]),
        ("/actor/PAK", ["PAKGOV", "Counterparts", "/dyad/PAK/CHN", "/dyad/PAK/AFG"]),
        ("/code", ['name="text"', 'name="date"', 'name="file"', "read-only"]),
        ("/docs", ["/api/events", "/openapi.json", "POST"]),
    ],
)
def test_pages(client: TestClient, url: str, expected: list[str]) -> None:
    r = client.get(url, headers=HTML)
    assert r.status_code == 200, r.text
    assert r.headers["content-type"].startswith("text/html")
    for text in expected:
        assert text in r.text, (url, text)


def test_event_page(client: TestClient, store: tuple[Path, dict[str, Any]]) -> None:
    e = first_event(store)
    r = client.get(f"/event/{e.event_id}", headers=HTML)
    assert r.status_code == 200
    assert f"Event <code>{e.event_id}</code>" in r.text
    assert 'class="src current"' in r.text  # the page's own event stands out
    assert f"/api/events/{e.event_id}" in r.text


def test_every_asset_is_local(client: TestClient, store: tuple[Path, dict[str, Any]]) -> None:
    pages = ["/", "/dyad/PAK/CHN", "/doc/01ababababababab", f"/event/{first_event(store).event_id}",
             "/documents", "/actors?q=china", "/actor/CHN", "/code", "/docs"]  # fmt: skip
    for url in pages:
        html = client.get(url, headers=HTML).text
        refs = re.findall(r'<(?:script|link|img)[^>]+(?:src|href)="([^"]+)"', html)
        assert refs, url
        for ref in refs:
            assert ref.startswith("/"), (url, ref)
            assert client.get(ref).status_code == 200, ref
        assert "cdn" not in html.lower()


def test_static_and_security_headers(client: TestClient) -> None:
    r = client.get("/static/style.css")
    assert r.status_code == 200 and "mark.src" in r.text
    r = client.get("/", headers=HTML)
    assert "default-src 'self'" in r.headers["content-security-policy"]
    assert r.headers["x-content-type-options"] == "nosniff"
    assert r.headers["x-frame-options"] == "DENY"


# -- JSON twins ----------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("url", "keys"),
    [
        ("/?format=json", ["counts", "top_dyads", "recent_events"]),
        ("/dyad/PAK/CHN?format=json", ["series", "chart", "events", "total", "next"]),
        ("/doc/01ababababababab?format=json", ["document", "events"]),
        ("/documents?format=json", ["rows", "total"]),
        ("/actors?q=china&format=json", ["q", "events", "dictionary"]),
        ("/actor/PAK?format=json", ["actor", "counterparts", "as_source", "as_target"]),
        ("/code?format=json", ["form", "api"]),
        ("/docs?format=json", ["openapi", "paths"]),
    ],
)
def test_json_twins(client: TestClient, url: str, keys: list[str]) -> None:
    r = client.get(url, headers=HTML)  # format=json wins over a browser's Accept header
    assert r.status_code == 200
    assert r.headers["content-type"].startswith("application/json")
    data = r.json()
    for key in keys:
        assert key in data, (url, key)


def test_pages_link_their_json_twin(client: TestClient) -> None:
    html = client.get("/dyad/PAK/CHN?mode=asserted", headers=HTML).text
    assert 'type="application/json" href="/dyad/PAK/CHN?mode=asserted&amp;format=json"' in html
    assert "/api/dyad/PAK/CHN" in html


def test_overview_counts(client: TestClient) -> None:
    data = client.get("/?format=json").json()
    assert data["counts"]["documents"] == 6
    assert data["counts"]["events"] == 10
    assert data["counts"]["first_date"] == "2026-01-05"
    assert data["counts"]["last_date"] == "2026-04-05"
    top = data["top_dyads"][0]
    assert (top["a"], top["b"], top["events"]) == ("CHN", "PAK", 9)


def test_openapi_json(client: TestClient) -> None:
    spec = client.get("/openapi.json").json()
    for path in ("/api/events", "/api/dyads", "/api/dyad/{a}/{b}", "/api/documents",
                 "/api/documents/{doc_id}", "/api/actors", "/api/code"):  # fmt: skip
        assert path in spec["paths"], path


# -- the events API ------------------------------------------------------------------------------
def test_events_pagination(client: TestClient) -> None:
    r = client.get("/api/events", params={"limit": 3})
    data = r.json()
    assert r.status_code == 200
    assert data["total"] == 10 and len(data["rows"]) == 3
    seen = [row["event_id"] for row in data["rows"]]
    pages = 1
    while data["next"]:
        assert "offset=" in data["next"]
        data = client.get(data["next"]).json()
        seen += [row["event_id"] for row in data["rows"]]
        pages += 1
    assert pages == 4
    assert len(seen) == len(set(seen)) == 10
    last = client.get("/api/events", params={"limit": 1000, "offset": 0}).json()
    assert last["next"] is None


@pytest.mark.parametrize(
    ("params", "count"),
    [
        ({}, 10),
        ({"source": "PAK"}, 9),
        ({"source": "PAKGOV"}, 4),
        ({"target": "CHN"}, 8),
        ({"a": "PAK", "b": "CHN"}, 9),
        ({"a": "CHN", "b": "PAK", "directed": "1"}, 1),
        ({"actor": "AFG"}, 1),
        ({"cameo_root": "05"}, 5),
        ({"cameo": "030"}, 4),
        ({"quad_class": "4"}, 1),
        ({"quad_class": "1"}, 8),
        ({"mode": "negated"}, 1),
        ({"from": "2026-02-01", "to": "2026-03-31"}, 6),
        ({"from": "2026-04-01"}, 2),
        ({"doc_id": "05cdcdcdcdcdcdcd"}, 1),
        ({"source": "PAK", "quad_class": "1", "to": "2026-01-31"}, 2),
        ({"quad_class": "", "mode": "", "from": ""}, 10),  # empty form fields mean "any"
    ],
)
def test_events_filters(client: TestClient, params: dict[str, str], count: int) -> None:
    r = client.get("/api/events", params=params)
    assert r.status_code == 200, r.text
    data = r.json()
    assert data["total"] == count, params
    assert len(data["rows"]) == count


def test_event_rows(client: TestClient, store: tuple[Path, dict[str, Any]]) -> None:
    e = first_event(store)
    data = client.get(f"/api/events/{e.event_id}").json()
    row = data["event"]
    assert row["source_code"] == "PAKGOV" and row["target_code"] == "CHNGOV"
    assert row["trigger_text"] == "agreed" and row["rule"] == "verb:agree"
    assert row["supporting"] == []
    assert data["document"]["doc_id"] == e.doc_id


def test_dyad_api(client: TestClient) -> None:
    data = client.get("/api/dyad/PAK/CHN").json()
    series = data["series"]
    assert [r["period"][:7] for r in series] == ["2026-01", "2026-02", "2026-03", "2026-04"]
    assert [r["q1"] for r in series] == [2, 2, 2, 2]
    assert all(r["index"] == 1 for r in series)  # the negated March pledge is not counted
    assert data["chart"]["$schema"].startswith("https://vega.github.io/schema/vega-lite/")
    assert data["total"] == 9
    one_way = client.get("/api/dyad/PAK/CHN", params={"directed": "1"}).json()
    assert one_way["total"] == 8
    window = client.get("/api/dyad/pak/chn", params={"from": "2026-02-01", "to": "2026-02-28"})
    assert window.json()["a"] == "PAK" and window.json()["total"] == 2
    negated = client.get("/api/dyad/PAK/CHN", params={"mode": "negated"}).json()
    assert negated["total"] == 1 and sum(r["q2"] for r in negated["series"]) == 1
    quad = client.get("/dyad/PAK/AFG", params={"quad_class": "4"}, headers=HTML)
    assert quad.status_code == 200 and "Use conventional military force" in quad.text


def test_dyads_documents_actors_api(client: TestClient) -> None:
    dyads = client.get("/api/dyads").json()["rows"]
    assert {(d["a"], d["b"]) for d in dyads} == {("CHN", "PAK"), ("AFG", "PAK")}
    docs = client.get("/api/documents", params={"limit": 2}).json()
    assert docs["total"] == 6 and len(docs["rows"]) == 2 and docs["next"]
    assert "text" not in docs["rows"][0]
    doc = client.get("/api/documents/05cdcdcdcdcdcdcd").json()
    assert doc["document"]["title"] == "Border clash" and len(doc["events"]) == 1
    assert client.get("/api/documents/05cdcd").json()["document"]["doc_id"] == "05cdcdcdcdcdcdcd"
    actors = client.get("/api/actors", params={"q": "afgh"}).json()
    assert [a["code"] for a in actors["events"]] == ["AFG"]
    assert any(d["code"] == "AFG" and d["kind"] == "state" for d in actors["dictionary"])


# -- errors --------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("url", "status", "fragment"),
    [
        ("/api/events?from=2026-13-01", 400, "from"),
        ("/api/events?to=yesterday", 400, "YYYY-MM-DD"),
        ("/api/events?from=2026-05-01&to=2026-01-01", 400, "after"),
        ("/api/events?limit=1001", 400, "limit"),
        ("/api/events?limit=0", 400, "limit"),
        ("/api/events?limit=ten", 400, "limit"),
        ("/api/events?offset=-1", 400, "offset"),
        ("/api/events?quad_class=5", 400, "quad_class"),
        ("/api/events?mode=maybe", 400, "mode"),
        ("/api/events?a=PAK", 400, "both"),
        ("/api/events?source=PAK%3B%20DROP%20TABLE%20events", 400, "actor code"),
        ("/api/events?cameo_root=x1", 400, "cameo_root"),
        ("/api/dyad/PAK/CHN?freq=decade", 400, "freq"),
        ("/dyad/PAK/CHN?from=2026-02-30&format=json", 400, "from"),
        ("/api/events/ffffffffffffffff", 404, "no event"),
        ("/api/events/not-an-id", 404, "no event"),
        ("/event/ffffffffffffffff", 404, "no event"),
        ("/api/documents/0000000000000000", 404, "no document"),
        ("/doc/zz", 404, "no document"),
        ("/actor/ZZZ", 404, "ZZZ"),
        ("/api/nothing-here", 404, "no page"),
    ],
)
def test_errors_are_json(client: TestClient, url: str, status: int, fragment: str) -> None:
    r = client.get(url)
    assert r.status_code == status, r.text
    assert r.headers["content-type"].startswith("application/json")
    assert fragment in r.json()["detail"]


def test_errors_are_pages_for_browsers(client: TestClient) -> None:
    r = client.get("/event/ffffffffffffffff", headers=HTML)
    assert r.status_code == 404
    assert r.headers["content-type"].startswith("text/html")
    assert "no event" in r.text
    r = client.get("/dyad/PAK/CHN?from=nope", headers=HTML)
    assert r.status_code == 400 and "YYYY-MM-DD" in r.text
    # the API answers JSON whatever the client accepts
    assert client.get("/api/events?limit=0", headers=HTML).json()["detail"]


def test_request_body_limit(client: TestClient) -> None:
    big = "x" * (2 * 1024 * 1024 + 10)
    r = client.post("/api/code", json={"text": big})
    assert r.status_code == 413
    assert "too large" in r.json()["detail"]
    r = client.post("/code", data={"text": big})
    assert r.status_code == 413

    def chunks() -> Iterator[bytes]:  # no Content-Length: the limit still holds
        for _ in range(3):
            yield b"y" * (1024 * 1024)

    r = client.post("/api/code", content=chunks(), headers={"content-type": "application/json"})
    assert r.status_code == 413


def test_bad_code_requests(client: TestClient) -> None:
    assert client.post("/api/code", json={"date": "2026-01-01"}).status_code == 400
    r = client.post("/api/code", json={"text": "Pakistan.", "date": "soon"})
    assert r.status_code == 400 and "date" in r.json()["detail"]
    r = client.post("/api/code", content=b"{not json", headers={"content-type": "application/json"})
    assert r.status_code == 400
    r = client.post("/api/code", json={"text": "   "})
    assert r.status_code == 400 and "empty" in r.json()["detail"]


# -- highlights ----------------------------------------------------------------------------------
def test_doc_page_highlights(client: TestClient) -> None:
    html = client.get("/doc/01ababababababab", headers=HTML).text
    article = html[html.index('<article class="text">'):html.index("</article>")]
    marks = re.findall(r'<mark class="(src|trg|tgt)[^"]*" title="([^"]*)"[^>]*>([^<]*)</mark>', article)
    kinds = {(k, text) for k, _, text in marks}
    assert {("src", "Pakistan"), ("tgt", "China"), ("trg", "agreed"), ("trg", "praised")} <= kinds
    titles = " ".join(t for _, t, _ in marks)
    assert "rule verb:agree" in titles and "confidence 0.90" in titles
    assert "rule verb:praise" in titles and "confidence 0.80" in titles
    # the text around the marks is the document's own (the two spaces between sentences too)
    plain = re.sub(r"<[^>]+>", "", article)
    assert "to deepen cooperation on project 1.  Pakistan praised China&#39;s support." in plain
    # beside the text: the events with rule and confidence
    aside = html[html.index("<aside>"):]
    assert "verb:agree" in aside and "confidence 0.90" in aside and "confidence 0.80" in aside


def test_highlight_places_sentences() -> None:
    sentence = "Pakistan and China agreed."
    events = [{"event_id": "a1", "sentence_index": 3, "sentence": sentence, "source_start": 0,
               "source_end": 8, "target_start": 13, "target_end": 18, "trigger_start": 19,
               "trigger_end": 25, "rule": "verb:agree", "confidence": 0.9, "cameo": "030",
               "source_code": "PAK", "target_code": "CHN", "mode": "asserted"}]  # fmt: skip
    # the same sentence twice: the later one is sentence 3 when an earlier event sits before
    text = "Pakistan and\n China agreed. Intro. Pakistan and China agreed."
    segs, placed = highlight_document(text, events)
    assert placed == {"a1"}
    marked = [(s.kind, s.text) for s in segs if s.kind]
    assert marked == [("src", "Pakistan"), ("tgt", "China"), ("trg", "agreed")]
    assert "".join(s.text for s in segs) == text  # nothing lost or added
    # a sentence not in the text is reported as not placed; its own sentence still shows it
    segs, placed = highlight_document("Something else.", events)
    assert placed == set() and all(s.kind is None for s in segs)
    assert [s.kind for s in highlight_sentence(events[0]) if s.kind] == ["src", "tgt", "trg"]
    # overlapping spans of two events share one mark, with both titles
    second = dict(events[0], event_id="b2", source_start=0, source_end=18, rule="verb:other",
                  target_start=None, target_end=None)  # fmt: skip
    segs, _ = highlight_document(sentence, [events[0], second])
    first = segs[0]
    assert first.text == "Pakistan" and first.events == ["a1", "b2"] and "verb:other" in first.title
    assert "".join(s.text for s in segs) == sentence
    # bad offsets are ignored, not raised
    broken = dict(events[0], source_start=50, source_end=60)
    assert [s.kind for s in highlight_sentence(broken) if s.kind] == ["tgt", "trg"]


def test_highlight_escapes_text(tmp_path: Path) -> None:
    path = tmp_path / "x.duckdb"
    s = "Pakistan <script>alert(1)</script> & China agreed."
    with open_store(path) as st:
        doc = Document(text=s, doc_id="ab" * 8, title="<b>bold</b>", date=dt.date(2026, 1, 1))
        st.add_documents([doc])
        e = _event(doc.doc_id, 0, s, _actor(s, "Pakistan", "PAK", "PAK", "", "Pakistan"),
                   _actor(s, "China", "CHN", "CHN", "", "China"), "agreed", "030", "x", 1, 4.0,
                   "asserted", 'rule"<x>', 0.5, dt.date(2026, 1, 1))  # fmt: skip
        st.add_events([doc.doc_id], [e], "t")
    with TestClient(create_app(path, warm=False)) as c:
        html = c.get("/doc/" + "ab" * 8, headers=HTML).text
    assert "<script>alert" not in html and "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "<b>bold</b>" not in html
    assert 'rule"<x>' not in html


# -- read-only safety ----------------------------------------------------------------------------
def test_store_opened_read_only(client: TestClient) -> None:
    db = client.app.state.db  # type: ignore[attr-defined]
    with db.connect() as con, pytest.raises(duckdb.Error):
        con.execute("CREATE TABLE intruder (a INTEGER)")


def test_missing_store_is_refused(tmp_path: Path) -> None:
    from dyad.web.app import StoreUnavailable

    with pytest.raises(StoreUnavailable, match="no store"):
        create_app(tmp_path / "missing.duckdb", warm=False)
    assert not (tmp_path / "missing.duckdb").exists()
    other = tmp_path / "other.duckdb"
    duckdb.connect(str(other)).close()
    with pytest.raises(StoreUnavailable, match="not a dyad store"):
        create_app(other, warm=False)


@pytest.mark.slow
def test_coding_and_saving(tmp_path: Path) -> None:
    path = tmp_path / "w.duckdb"
    build_store(path)
    body = {"text": SHORT_TEXT, "date": "2026-01-05", "save": True}
    with TestClient(create_app(path, warm=False)) as read_only:
        r = read_only.post("/api/code", json=body)
        assert r.status_code == 403 and "read-only" in r.json()["detail"]
        r = read_only.post("/code", data={"text": SHORT_TEXT, "save": "1", "token": TOKEN},
                           headers=HTML)  # fmt: skip
        assert r.status_code == 403 and "read-only" in r.text
        assert 'name="text"' in r.text  # coding still worked; only saving was refused
        r = read_only.post("/api/code", json={"text": SHORT_TEXT, "date": "2026-01-05"})
        assert r.status_code == 200
        coded = r.json()
        assert coded["saved"] is False and coded["doc"]["date"] == "2026-01-05"
    with TestClient(create_app(path, allow_writes=True, token=TOKEN, warm=False)) as writable:
        assert writable.post("/api/code", json=body).status_code == 403  # no token
        r = writable.post("/api/code", json={**body, "token": "wrong"})
        assert r.status_code == 403 and "token" in r.json()["detail"]
        r = writable.post("/api/code", json=body, headers={"authorization": "Bearer wrong"})
        assert r.status_code == 403
        r = writable.post("/code", data={"text": SHORT_TEXT, "save": "1", "token": "nope"},
                          headers=HTML)  # fmt: skip
        assert r.status_code == 403 and "valid token" in r.text
        assert writable.get("/api/documents").json()["total"] == 6  # nothing written
        r = writable.post("/api/code", json=body, headers={"authorization": f"Bearer {TOKEN}"})
        assert r.status_code == 200 and r.json()["saved"] is True
        doc_id = r.json()["doc"]["doc_id"]
        assert writable.get("/api/documents").json()["total"] == 7
        stored = writable.get(f"/api/documents/{doc_id}").json()
        assert len(stored["events"]) == len(coded["events"])
        r = writable.post("/code", data={"text": "China praised Pakistan.", "save": "1",
                                         "token": TOKEN}, headers=HTML)  # fmt: skip
        assert r.status_code == 200 and "saved 1 document" in r.text
    with TestClient(create_app(path, allow_writes=True, token=None, warm=False)) as no_token:
        r = no_token.post("/api/code", json={**body, "token": ""})
        assert r.status_code == 403 and "without a token" in r.json()["detail"]


@pytest.mark.slow
def test_code_form(client: TestClient) -> None:
    import dyad

    expected = dyad.code_text(SHORT_TEXT, date="2026-01-05")
    r = client.post("/code", data={"text": SHORT_TEXT, "date": "2026-01-05"}, headers=HTML)
    assert r.status_code == 200
    assert "Pakistan and China agreed" in r.text
    # The short text states an agreement (03) both ways and Pakistan's praise of China (051).
    coded = {(e.source.country if e.source else "-", e.cameo[:2], e.target.country if e.target else "-")
             for e in expected}  # fmt: skip
    assert {("PAK", "03", "CHN"), ("CHN", "03", "PAK"), ("PAK", "05", "CHN")} <= coded, coded
    n = len(expected)
    assert f"{n} event{'' if n == 1 else 's'}" in r.text
    assert '<mark class="src"' in r.text and '<mark class="tgt"' in r.text
    r = client.post("/code?format=json", data={"text": SHORT_TEXT, "date": "2026-01-05"})
    assert len(r.json()["results"][0]["events"]) == n
    api = client.post("/api/code", json={"text": SHORT_TEXT, "date": "2026-01-05"}).json()
    assert len(api["events"]) == n
    # an uploaded file is read by dyad's readers (HTML here)
    page = f"<html><head><title>Talks</title></head><body><article><p>{SHORT_TEXT}</p></article></body></html>"
    r = client.post("/code", files={"file": ("talks.html", page.encode(), "text/html")},
                    data={"text": "", "date": "2026-01-05"}, headers=HTML)  # fmt: skip
    assert r.status_code == 200 and "Pakistan and China agreed" in r.text
    r = client.post("/code", data={"text": " "}, headers=HTML)
    assert r.status_code == 400


# -- the real server -----------------------------------------------------------------------------
def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def test_real_server(store: tuple[Path, dict[str, Any]]) -> None:
    import uvicorn

    from dyad.cli.web_cmd import allowed_hosts

    port = free_port()
    app = create_app(store[0], warm=False, allowed_hosts=allowed_hosts("127.0.0.1"))
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    try:
        base = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 20
        while not server.started:
            assert time.monotonic() < deadline, "server did not start"
            time.sleep(0.05)
        with httpx.Client(base_url=base, timeout=30) as http:
            r = http.get("/", headers=HTML)
            assert r.status_code == 200 and "Top dyads" in r.text
            r = http.get("/api/events", params={"limit": 4})
            assert r.status_code == 200
            data = r.json()
            assert data["total"] == 10 and len(data["rows"]) == 4 and "offset=4" in data["next"]
            bundle = http.get("/vendor/vega-bundle.js")
            assert bundle.status_code == 200 and "vegaEmbed" in bundle.text
            assert bundle.headers["content-type"].startswith("text/javascript")
            again = http.get("/vendor/vega-bundle.js", headers={"if-none-match": bundle.headers["etag"]})
            assert again.status_code == 304
            # a page reached through another host name (DNS rebinding) is refused
            assert http.get("/", headers={"host": "evil.example"}).status_code == 400
    finally:
        server.should_exit = True
        thread.join(timeout=10)


def test_cli_serve(tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from dyad.cli.main import app

    runner = CliRunner()
    result = runner.invoke(app, ["serve", "--help"])
    assert result.exit_code == 0
    for option in ("--db", "--host", "--port", "--allow-writes"):
        assert option in result.output
    result = runner.invoke(app, ["serve", "--db", str(tmp_path / "none.duckdb")])
    assert result.exit_code == 2
    assert "no store" in result.output
