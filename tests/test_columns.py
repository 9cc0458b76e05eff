"""The event's one column table: every view of an event derives from it.

A field added to a copy of the table must show up in the DDL (through its migration), the
Arrow/Parquet schema, the stored row, the JSON Lines record (from an Event and from a
stored row), the web's field list and the row dict the web shows.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import duckdb
import pytest

from dyad.columns import (
    EVENT_COLUMNS,
    EVENT_TABLE,
    EVENTS,
    RECORD_GROUPS,
    Column,
    EventSchema,
    event_from_record,
    event_from_row,
)
from dyad.models import ActorMention, Event, Span
from dyad.scale.tables import arrow_schema, events_table
from dyad.store.schema import MIGRATIONS, SCHEMA_VERSION, apply_migrations


def _event(**changes: Any) -> Event:
    pak = ActorMention("Pakistan", 0, 8, "PAK", "PAK", "", "Pakistan", "state")
    values: dict[str, Any] = dict(
        doc_id="d1", sentence_index=2, sentence="Pakistan thanked China.", source=pak,
        target=ActorMention("China", 17, 22, "CHN", "CHN", "", "China", "state"),
        cameo="051", cameo_name="Praise or endorse", cameo_root="05", plover="COOPERATE",
        quad_class=1, penta_class=1, goldstein=3.4, mode="asserted", trigger=Span("thanked", 9, 16),
        confidence=0.81234, rule="verb:thank", date=dt.date(2026, 1, 5), event_id="e1",
        location={"place": "Islamabad", "country": "PAK", "from": "dateline", "lat": 33.7, "lon": 73.1},
        supporting=[4], object_text="",
    )  # fmt: skip
    values.update(changes)
    return Event(**values)


def _with_new_fields() -> EventSchema:
    """The real table plus a top-level field and a nested one, both added by schema 3."""
    extra = (
        Column("story_id", "VARCHAR", lambda e: f"story-{e.doc_id}", "story_id", since=3),
        Column("source_entity", "INTEGER", lambda e: 7 if e.source else None, "source.entity", since=3),
    )
    return EventSchema(EVENT_TABLE + extra)


def test_every_view_carries_a_new_field() -> None:
    schema, event = _with_new_fields(), _event()
    assert "story_id" in schema.names and "source_entity" in schema.names
    row = schema.row_dict(event, "run-1")
    assert row["story_id"] == "story-d1" and row["source_entity"] == 7 and row["run_id"] == "run-1"
    record = schema.record_from_event(event)
    assert record["story_id"] == "story-d1" and record["source"]["entity"] == 7
    assert schema.record_from_row(row)["story_id"] == "story-d1"
    assert "e.story_id" in schema.select_list().split(", ")
    assert arrow_schema(schema).field("story_id").type == "string"
    assert arrow_schema(schema).field("source_entity").type == "int32"
    table = events_table([event], "run-1", schema)
    assert table.column("story_id").to_pylist() == ["story-d1"]
    # The DDL of version 1 does not have it; the migration of version 3 adds it.
    assert "story_id" not in schema.ddl()
    con = duckdb.connect()
    con.execute(schema.ddl())
    for version in range(2, SCHEMA_VERSION + 1):  # every later version's columns, 3's among them
        for statement in schema.added_columns(version):
            con.execute(statement)
    con.register("batch", table)
    con.execute(f"INSERT INTO events ({', '.join(schema.names)}) SELECT {', '.join(schema.names)} FROM batch")
    cur = con.execute("SELECT * FROM events")
    stored = dict(zip([d[0] for d in cur.description], cur.fetchone() or (), strict=True))
    assert schema.record_from_row(stored)["story_id"] == "story-d1"
    assert schema.record_from_row(stored)["source"]["entity"] == 7


def test_the_record_of_an_event_and_of_its_stored_row_agree() -> None:
    event = _event()
    record = event.to_json()
    assert list(record) == [
        "event_id", "doc_id", "sentence_index", "sentence", "date", "date_source", "source", "target", "cameo",
        "cameo_root", "cameo_name", "plover", "quad_class", "penta_class", "goldstein", "mode",
        "trigger", "location", "confidence", "rule", "object", "supporting_sentences",
    ]  # fmt: skip
    assert list(record["source"]) == ["text", "start", "end", "code", "country", "sector", "name"]
    assert record["confidence"] == 0.812 and record["date"] == "2026-01-05"
    assert record["location"]["from"] == "dateline"  # the coder's place says where it came from
    from_row = EVENTS.record_from_row(EVENTS.row_dict(event))
    assert from_row["location"] == {"place": "Islamabad", "country": "PAK", "lat": 33.7, "lon": 73.1}
    assert {k: v for k, v in from_row.items() if k != "location"} == {
        k: v for k, v in record.items() if k != "location"
    }


def test_an_event_without_target_or_place() -> None:
    event = _event(target=None, location=None, doc_ref="wire-7")
    record = event.to_json()
    assert record["target"] is None and record["location"] is None and record["doc_id"] == "wire-7"
    row = EVENTS.row_dict(event)
    assert row["target_code"] is None and row["place"] is None and row["doc_id"] == "d1"
    assert EVENTS.record_from_row(row)["location"] is None


def test_row_and_record_round_trip_to_the_same_event() -> None:
    event = _event()
    assert event_from_record(event.to_json()).to_json() == event.to_json()
    back = event_from_row(EVENTS.row_dict(event))
    assert back.source == event.source.__class__(**{**vars(event.source), "kind": ""})  # type: ignore[arg-type]
    assert back.supporting == [4] and back.confidence == pytest.approx(0.812)


def test_the_store_and_arrow_views_follow_the_table() -> None:
    written = [c.name for c in EVENT_TABLE if not c.constraint.startswith("DEFAULT")]
    assert list(EVENT_COLUMNS) == written and EVENT_COLUMNS[-1] == "run_id"
    assert arrow_schema().names == list(EVENT_COLUMNS)
    con = duckdb.connect()
    apply_migrations(con)
    # A column added by a later version comes after those of version 1, in a new store as in
    # a migrated one.
    in_table_order = [c.name for c in sorted(EVENT_TABLE, key=lambda c: c.since)]
    assert [d[0] for d in con.execute("SELECT * FROM events").description] == in_table_order
    assert set(RECORD_GROUPS) == {c.record.partition(".")[0] for c in EVENT_TABLE if c.record and "." in c.record}


def test_every_column_version_has_a_migration() -> None:
    versions = {v for v, _text, _statements in MIGRATIONS}
    assert all(c.since in versions for c in EVENT_TABLE)
