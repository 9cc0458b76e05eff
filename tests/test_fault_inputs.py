"""Issue 12, fault tests: random bytes, random Unicode and random JSON given to every
reader (each file format, and standard input) and to `POST /api/code` give a clean result
or a clean error, never an exception or a 500."""

from __future__ import annotations

import io
import json
import tempfile
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dyad.ingest import iter_prepared
from dyad.models import Document, ReadError
from dyad.web.app import create_app

SUFFIXES = ["", ".txt", ".html", ".jsonl", ".json", ".xml", ".rss", ".warc", ".gz", ".jsonl.gz", ".warc.gz"]
FAST = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
KEYS = st.sampled_from(["text", "id", "date", "title", "x"])
FLOATS = st.floats(allow_nan=False, allow_infinity=False)  # what JSON can carry
json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | FLOATS | st.text(max_size=200),
    lambda inner: st.lists(inner, max_size=5) | st.dictionaries(KEYS, inner, max_size=5),
    max_leaves=20,
)


def read_all(data: bytes, suffix: str) -> list[Document | ReadError]:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / f"input{suffix}"
        path.write_bytes(data)
        out = list(iter_prepared([str(path)], max_bytes=200_000))
    assert out, "every input gives at least a document or an error"
    for item in out:
        assert isinstance(item, Document | ReadError)
        if isinstance(item, ReadError):
            assert item.message and "Traceback" not in item.message
    return out


@FAST
@given(data=st.binary(max_size=4000), suffix=st.sampled_from(SUFFIXES))
def test_random_bytes_to_every_reader(data: bytes, suffix: str) -> None:
    read_all(data, suffix)


@FAST
@given(text=st.text(max_size=3000), suffix=st.sampled_from(SUFFIXES))
def test_random_unicode_to_every_reader(text: str, suffix: str) -> None:
    read_all(text.encode("utf-8", errors="surrogatepass"), suffix)


@FAST
@given(records=st.lists(json_values, max_size=6), suffix=st.sampled_from([".jsonl", ".json", ""]))
def test_random_json_to_the_json_readers(records: list[Any], suffix: str) -> None:
    lines = "\n".join(json.dumps(r) for r in records)
    read_all(lines.encode(), suffix)


@FAST
@given(text=st.text(max_size=2000))
def test_random_unicode_on_standard_input(text: str) -> None:
    stdin = io.TextIOWrapper(io.BytesIO(text.encode("utf-8", errors="surrogatepass")), encoding="utf-8")
    out = list(iter_prepared(["-"], stdin=stdin, max_bytes=200_000))
    assert out and all(isinstance(i, Document | ReadError) for i in out)


@pytest.fixture(scope="module")
def client(tmp_path_factory: pytest.TempPathFactory) -> Any:
    db = tmp_path_factory.mktemp("web") / "s.duckdb"
    from dyad.store import open_store

    open_store(db).close()
    with TestClient(create_app(db, warm=False), raise_server_exceptions=False) as c:
        yield c


@FAST
@given(body=st.binary(max_size=3000))
def test_random_bytes_to_api_code(client: Any, body: bytes) -> None:
    r = client.post("/api/code", content=body, headers={"Content-Type": "application/json"})
    assert r.status_code in (200, 400, 413, 422), r.text
    assert r.headers["content-type"].startswith("application/json")


@FAST
@given(body=json_values, text=st.text(max_size=1500))
def test_random_json_and_text_to_api_code(client: Any, body: Any, text: str) -> None:
    for payload in (body, {"text": text}, {"text": text, "date": text[:12]}):
        r = client.post("/api/code", json=payload)
        assert r.status_code in (200, 400, 413, 422), r.text
        assert r.headers["content-type"].startswith("application/json")
