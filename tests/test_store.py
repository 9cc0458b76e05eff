from __future__ import annotations

import datetime as dt
from pathlib import Path

import duckdb
import pytest

from dyad.ingest.dedup import document_id
from dyad.models import ActorMention, Document, Event, ReadError, Span
from dyad.store import open_store
from dyad.store.schema import SCHEMA_VERSION

BODY = (
    "Officials from the two neighbouring states met on Tuesday to discuss water sharing along "
    "the river, a dispute that has simmered for a decade and flared again after a dry summer. "
    "Both delegations said the talks were frank and that experts would meet again next month."
)


def doc(text: str, **kw: object) -> Document:
    return Document(text=text, doc_id=document_id(text), origin="test", **kw)  # type: ignore[arg-type]


def event(doc_id: str, code: str = "040") -> Event:
    src = ActorMention("Pakistan", 0, 8, "PAK", "PAK", "", "Pakistan", "state")
    return Event(
        doc_id=doc_id, sentence_index=0, sentence="Pakistan met China.", source=src, target=None,
        cameo=code, cameo_name="Consult", cameo_root=code[:2], plover="CONSULT", quad_class=1,
        penta_class=1, goldstein=1.0, mode="asserted", trigger=Span("met", 9, 12),
        confidence=0.9, rule="test", event_id=f"{doc_id}-{code}",
    )  # fmt: skip


def test_new_store_is_migrated(db_path: Path) -> None:
    with open_store(db_path) as store:
        assert store.schema_version == SCHEMA_VERSION
        tables = {r["table_name"] for r in store.query("SELECT table_name FROM information_schema.tables")}
    assert {"documents", "events", "ingest_errors", "runs", "schema_version"} <= tables


def test_reopening_does_not_migrate_twice(db_path: Path) -> None:
    open_store(db_path).close()
    with open_store(db_path) as store:
        rows = store.query("SELECT count(*) AS n FROM schema_version")
    assert rows[0]["n"] == SCHEMA_VERSION


def test_same_document_twice_adds_nothing(db_path: Path) -> None:
    with open_store(db_path) as store:
        first = store.add_documents([doc(BODY, date=dt.date(2026, 1, 5))])
        second = store.add_documents([doc(BODY)])
        again_in_batch = store.add_documents([doc(BODY + " "), doc(BODY)])
        assert (first.new, second.new, second.existing) == (1, 0, 1)
        assert again_in_batch.new == 0
        assert store.summary()["documents"] == 1


def test_near_duplicate_points_to_original(db_path: Path) -> None:
    copy = "EXCLUSIVE: water talks resume. " + BODY + " (Reporting by the desk.)"
    with open_store(db_path) as store:
        original = doc(BODY)
        store.add_documents([original])
        result = store.add_documents([doc(copy)])
        assert result.near_duplicates == 1
        row = store.query("SELECT duplicate_of FROM documents WHERE doc_id = ?", [document_id(copy)])
        assert row[0]["duplicate_of"] == original.doc_id


def test_near_duplicate_index_survives_reopen(db_path: Path) -> None:
    with open_store(db_path) as store:
        store.add_documents([doc(BODY)])
    with open_store(db_path) as store:
        result = store.add_documents([doc("Update: " + BODY + " More to follow.")])
    assert result.near_duplicates == 1


def test_events_replace_and_mark_coded(db_path: Path) -> None:
    with open_store(db_path) as store:
        d = doc(BODY)
        store.add_documents([d])
        store.add_events([d.doc_id], [event(d.doc_id, "040"), event(d.doc_id, "051")], "run")
        store.add_events([d.doc_id], [event(d.doc_id, "040")], "run")
        assert store.summary()["events"] == 1
        assert store.summary()["coded"] == 1


def test_failed_batch_leaves_store_unchanged(db_path: Path) -> None:
    with open_store(db_path) as store:
        d = doc(BODY)
        store.add_documents([d])
        bad = event(d.doc_id)
        bad.quad_class = "not a number"  # type: ignore[assignment]
        with pytest.raises(duckdb.Error):
            store.add_events([d.doc_id], [event(d.doc_id, "051"), bad], "run")
        assert store.summary()["events"] == 0
        assert store.summary()["coded"] == 0


def test_errors_are_recorded(db_path: Path) -> None:
    with open_store(db_path) as store:
        store.add_errors("r1", [ReadError("a.jsonl", "invalid JSON", line=3, kind="json")])
        rows = store.query("SELECT origin, line, message FROM ingest_errors")
    assert rows == [{"origin": "a.jsonl", "line": 3, "message": "invalid JSON"}]


def test_foreign_file_gives_clear_error(tmp_path: Path) -> None:
    from dyad.store import StoreError

    bad = tmp_path / "not-a-db.duckdb"
    bad.write_bytes(b"this is not a database" * 100)
    with pytest.raises(StoreError, match="is not a DuckDB store"):
        open_store(bad)
