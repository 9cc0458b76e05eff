"""Issue 12, failure 1: no document is refused for its length, and one bad document
costs only itself. (Before: a paragraph over 1,000,000 characters raised spaCy's E088
and stopped the whole run with nothing stored.)"""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import duckdb
import pytest
from typer.testing import CliRunner

from dyad.cli.main import app
from dyad.events.document import Coder
from dyad.ingest import iter_inputs
from dyad.models import Document, ReadError
from dyad.nlp.pipeline import split_sentences
from dyad.nlp.segment import MAX_SENTENCE_CHARS, chunks

EVENT = "Pakistan and China agreed on Tuesday to expand trade cooperation."
FILLER = "The weather was mild and the markets were quiet. "  # no actor: never parsed


def long_paragraph(chars: int) -> str:
    """One paragraph (no newline) of `chars` characters with an event sentence in its middle."""
    half = FILLER * (chars // (2 * len(FILLER)) + 1)
    return half + EVENT + " " + half


def test_a_paragraph_over_a_million_characters_is_split_and_coded() -> None:
    text = long_paragraph(1_100_000)
    assert "\n" not in text and len(text) > 1_000_000
    sentences = split_sentences(text)
    assert EVENT in [s for _, _, s in sentences]
    for start, end, s in sentences[:50]:
        assert text[start:end] == s  # offsets still point into the whole text
    coded = Coder().code_document(Document(text=text, doc_id="long", origin="long.txt"))
    assert not coded.failed
    assert {(e.source.code[:3], e.cameo[:2]) for e in coded.events if e.source} >= {("PAK", "03")}


def test_chunks_cut_on_sentence_ends_and_cover_everything() -> None:
    text = ("One two three. " * 20_000).strip()
    pieces = list(chunks(text, limit=10_000))
    assert all(len(p) <= 10_000 for _, p in pieces)
    assert "".join(p for _, p in pieces) == text
    assert all(p.endswith(". ") for _, p in pieces[:-1])


def test_an_over_long_sentence_is_skipped_with_a_recorded_reason() -> None:
    run_on = "and " * (MAX_SENTENCE_CHARS // 2)
    text = f"{EVENT}\n\nKenya {run_on}Uganda.\n\nJapan praised Kenya."
    coded = Coder().code_document(Document(text=text, doc_id="x", origin="feed.jsonl:7"))
    assert not coded.failed and coded.events
    assert [p.kind for p in coded.problems] == ["long_sentence"]
    assert coded.problems[0].origin == "feed.jsonl:7"
    assert "was not coded" in coded.problems[0].message


def test_cli_codes_a_two_megabyte_text_and_stores_it(tmp_path: Path) -> None:
    src = tmp_path / "big.txt"
    src.write_text(long_paragraph(1_900_000) + "\n\nKenya " + "and " * 1000 + "Uganda.\n", encoding="utf-8")
    db = code_into(tmp_path, src)
    assert rows(db, "SELECT count(*) FROM documents WHERE coded_at IS NOT NULL") == [(1,)]
    assert rows(db, "SELECT count(*) FROM events")[0][0] >= 1
    assert rows(db, "SELECT kind FROM ingest_errors") == [("long_sentence",)]
    assert rows(db, "SELECT status FROM runs") == [("done",)]


def code_into(tmp_path: Path, src: Path) -> Path:
    db = tmp_path / "s.duckdb"
    result = CliRunner().invoke(app, ["code", str(src), "--db", str(db), "--workers", "1", "--json"])
    assert result.exit_code == 0, result.output
    return db


def rows(db: Path, sql: str) -> list[tuple[object, ...]]:
    con = duckdb.connect(str(db), read_only=True)
    try:
        return con.execute(sql).fetchall()
    finally:
        con.close()


def test_one_failing_document_costs_only_itself(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    original = Coder._plan

    def plan(self: Coder, doc: Document, skipped: object = None) -> object:
        if "Zanzibar" in doc.text:
            raise RuntimeError("simulated coder bug")
        return original(self, doc, skipped)  # type: ignore[arg-type]

    monkeypatch.setattr(Coder, "_plan", plan)
    feed = tmp_path / "feed.jsonl"
    texts = [EVENT, "Zanzibar officials met Kenya.", "Japan praised Kenya for its aid."]
    feed.write_text("".join(json.dumps({"id": str(i), "text": t}) + "\n" for i, t in enumerate(texts)))
    db = code_into(tmp_path, feed)
    assert rows(db, "SELECT count(*) FROM documents") == [(2,)]
    errors = rows(db, "SELECT origin, kind, message FROM ingest_errors")
    assert len(errors) == 1 and errors[0][1] == "coding" and "simulated coder bug" in errors[0][2]
    assert errors[0][0].endswith("feed.jsonl:2")


def test_json_lines_are_streamed_and_capped_per_record(tmp_path: Path) -> None:
    feed = tmp_path / "feed.jsonl.gz"
    lines = [{"id": "a", "text": EVENT}, {"id": "b", "text": "x " * 5_000}, {"id": "c", "text": "Japan praised Kenya."}]
    feed.write_bytes(gzip.compress("".join(json.dumps(r) + "\n" for r in lines).encode()))
    out = list(iter_inputs([str(feed)], max_bytes=2_000))  # the file is larger than the cap: only lines count
    docs = [d for d in out if isinstance(d, Document)]
    errors = [e for e in out if isinstance(e, ReadError)]
    assert [d.external_id for d in docs] == ["a", "c"]
    assert [(e.kind, e.line) for e in errors] == [("too_large", 2)]


def test_api_code_answers_a_paragraph_of_1_9_megabytes(tmp_path: Path) -> None:
    """`POST /api/code` with one paragraph of 1.9 MB, under the 2 MB body cap: the events,
    never a 500 (before: spaCy's E088 as a plain-text 500)."""
    from fastapi.testclient import TestClient

    from dyad.store import open_store
    from dyad.web.app import MAX_BODY, create_app

    db = tmp_path / "web.duckdb"
    open_store(db).close()
    body = json.dumps({"text": long_paragraph(1_900_000), "date": "2026-01-06"}).encode()
    assert "\n" not in json.loads(body)["text"] and 1_900_000 <= len(body) < MAX_BODY
    with TestClient(create_app(db, warm=False), raise_server_exceptions=False) as client:
        r = client.post("/api/code", content=body, headers={"content-type": "application/json"})
    assert r.status_code == 200, r.text[:500]
    assert r.headers["content-type"].startswith("application/json")
    found = r.json()
    assert found["doc"]["doc_id"] and found["saved"] is False
    # The one event sentence, in the middle of the paragraph, is coded: Pakistan and China.
    assert any({e["source"]["code"][:3], e["target"]["code"][:3]} == {"PAK", "CHN"} for e in found["events"])


def test_freed_heap_can_be_given_back_to_the_system() -> None:
    """After a long text the C heap's free memory is returned (glibc's malloc_trim), so that
    DuckDB's writes, from an allocator of their own, do not add to it; elsewhere a no-op."""
    import platform

    from dyad.memory import release_free_memory

    given_back = release_free_memory()
    assert given_back is (platform.system() == "Linux" and platform.libc_ver()[0] == "glibc")
