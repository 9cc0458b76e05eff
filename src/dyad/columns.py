"""What an event is, written once: the typed column table every view of an event derives from.

`EVENT_TABLE` lists the store's `events` columns in table order. From it come the DuckDB
DDL and the columns later schema versions add (`store/schema.py`), the Arrow/Parquet
schema (`scale/tables.py`), the row an `Event` is written as (`event_row`), the JSON
Lines record of an `Event` (`Event.to_json`) and of a stored row (`dyad export --format
jsonl`), the row dict the web shows, and the web's field list. Adding a field to events
is one `Column` here (with the schema version that adds it, and that version's entry in
`store/schema.py:MIGRATIONS`), plus the `Event` attribute it reads.

The JSON record nests some columns: `source.code` is the column `source_code` inside the
record's `source` object. `RECORD_GROUPS` says when such an object is null and in which
order its keys are written.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from functools import cached_property
from operator import attrgetter
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from dyad.models import ActorMention, Event


@dataclass(frozen=True)
class Column:
    """One events column and where it shows up."""

    name: str  # store, Arrow/Parquet, CSV and web column name
    sql: str  # DuckDB type; the Arrow type follows from it (ARROW_TYPES)
    of_event: Callable[[Event], Any] | None  # its value for an Event; None: the store sets it
    record: str | None = None  # key in the JSON record ("source.code": nested); None: not in it
    since: int = 1  # the store schema version that added the column
    constraint: str = ""  # SQL after the type: PRIMARY KEY, NOT NULL, DEFAULT …
    comment: str = ""
    to_record: Callable[[Any], Any] | None = None  # record value from the stored value
    record_of_event: Callable[[Event], Any] | None = None  # when an Event's record says more


@dataclass(frozen=True)
class RecordGroup:
    """A nested object of the JSON record (`source`, `trigger`…)."""

    key: str
    null_unless: str | None = None  # the column whose null makes the object null
    order: tuple[str, ...] = ()  # key order in the record (others follow in table order)
    sparse: bool = False  # keys whose value is null are left out; no key left: null


# DuckDB type -> pyarrow type constructor name (JSON is kept as its text).
ARROW_TYPES = {
    "VARCHAR": "string", "JSON": "string", "INTEGER": "int32", "TINYINT": "int8", "BIGINT": "int64",
    "DOUBLE": "float64", "DATE": "date32", "TIMESTAMP": "timestamp",
}  # fmt: skip

ACTOR_PARTS = (
    ("code", "VARCHAR"), ("country", "VARCHAR"), ("sector", "VARCHAR"), ("name", "VARCHAR"),
    ("text", "VARCHAR"), ("start", "INTEGER"), ("end", "INTEGER"),
)  # fmt: skip
ACTOR_RECORD_KEYS = ("text", "start", "end", "code", "country", "sector", "name")


# What an event's (or a document's) date rests on, strongest first. "sentence": the sentence's
# own full date ("on 5 January 2026"); "article": the document's own metadata; "feed": the
# feed or listing that carried it; "dateline": its dateline (a year-less one completed from
# the feed, fetch or file date); "fetch": when it was fetched (WARC-Date, `dyad follow`);
# "file": the file's modification time (weak); "none": no date.
DATE_SOURCES = ("sentence", "article", "feed", "dateline", "fetch", "file", "none")


def _actor_columns(side: str) -> list[Column]:
    def getter(part: str) -> Callable[[Event], Any]:
        read = attrgetter(part)
        return lambda e: None if (a := getattr(e, side)) is None else read(a)

    return [Column(f"{side}_{part}", sql, getter(part), f"{side}.{part}") for part, sql in ACTOR_PARTS]


def _location(key: str) -> Callable[[Event], Any]:
    return lambda e: (e.location or {}).get(key)


def _confidence(value: Any) -> Any:
    return None if value is None else round(value, 3)


def sentence_indexes(value: Any) -> list[int]:
    """The stored `supporting` value (JSON text or a list) as sentence indexes."""
    if not value:
        return []
    parsed = json.loads(value) if isinstance(value, str) else value
    return [int(i) for i in parsed]


EVENT_TABLE: tuple[Column, ...] = (
    Column("event_id", "VARCHAR", attrgetter("event_id"), "event_id", constraint="PRIMARY KEY"),
    Column("doc_id", "VARCHAR", attrgetter("doc_id"), "doc_id", constraint="NOT NULL",
           record_of_event=lambda e: e.doc_ref or e.doc_id),  # the input's own id, when it gave one
    Column("sentence_index", "INTEGER", attrgetter("sentence_index"), "sentence_index"),
    Column("sentence", "VARCHAR", attrgetter("sentence"), "sentence"),
    Column("date", "DATE", attrgetter("date"), "date"),
    Column("date_source", "VARCHAR", attrgetter("date_source"), "date_source", since=5,
           comment="what the date rests on: " + " | ".join(DATE_SOURCES)),
    *_actor_columns("source"),
    *_actor_columns("target"),
    Column("cameo", "VARCHAR", attrgetter("cameo"), "cameo", constraint="NOT NULL"),
    Column("cameo_root", "VARCHAR", attrgetter("cameo_root"), "cameo_root"),
    Column("cameo_name", "VARCHAR", attrgetter("cameo_name"), "cameo_name"),
    Column("plover", "VARCHAR", attrgetter("plover"), "plover"),
    Column("quad_class", "TINYINT", attrgetter("quad_class"), "quad_class"),
    Column("penta_class", "TINYINT", attrgetter("penta_class"), "penta_class"),
    Column("goldstein", "DOUBLE", attrgetter("goldstein"), "goldstein"),
    Column("mode", "VARCHAR", attrgetter("mode"), "mode"),
    Column("trigger_text", "VARCHAR", attrgetter("trigger.text"), "trigger.text"),
    Column("trigger_start", "INTEGER", attrgetter("trigger.start"), "trigger.start"),
    Column("trigger_end", "INTEGER", attrgetter("trigger.end"), "trigger.end"),
    Column("place", "VARCHAR", _location("place"), "location.place",
           record_of_event=attrgetter("location")),  # the coder's place says where it came from
    Column("place_country", "VARCHAR", _location("country"), "location.country"),
    Column("latitude", "DOUBLE", _location("lat"), "location.lat"),
    Column("longitude", "DOUBLE", _location("lon"), "location.lon"),
    Column("confidence", "DOUBLE", attrgetter("confidence"), "confidence", to_record=_confidence),
    Column("rule", "VARCHAR", attrgetter("rule"), "rule"),
    Column("object_text", "VARCHAR", attrgetter("object_text"), "object", to_record=lambda v: v or ""),
    Column("supporting", "JSON", lambda e: list(e.supporting), "supporting_sentences",
           comment="other sentence indexes with the same event", to_record=sentence_indexes),
    Column("run_id", "VARCHAR", None),
    Column("coded_at", "TIMESTAMP", None, constraint="DEFAULT current_timestamp"),
)  # fmt: skip

RECORD_GROUPS: dict[str, RecordGroup] = {
    "source": RecordGroup("source", "source_code", ACTOR_RECORD_KEYS),
    "target": RecordGroup("target", "target_code", ACTOR_RECORD_KEYS),
    "trigger": RecordGroup("trigger"),
    "location": RecordGroup("location", sparse=True),
}


@dataclass(frozen=True)
class EventSchema:
    """The views of one column table (`EVENTS`; tests build others)."""

    columns: tuple[Column, ...] = EVENT_TABLE
    groups: dict[str, RecordGroup] = field(default_factory=lambda: dict(RECORD_GROUPS))

    @cached_property
    def written(self) -> tuple[Column, ...]:
        """Columns a coded batch writes (the store's own defaults left out)."""
        return tuple(c for c in self.columns if c.constraint.partition(" ")[0] != "DEFAULT")

    @cached_property
    def names(self) -> tuple[str, ...]:
        return tuple(c.name for c in self.written)

    @cached_property
    def record_steps(self) -> tuple[tuple[str, Callable[[Any], Any] | None, str, str], ...]:
        """(column, record value from its stored value, record key, nested key) of each
        column in the JSON record, in table order: worked out once, used for every record."""
        steps = []
        for c in self.columns:
            if c.record is not None:
                head, _, key = c.record.partition(".")
                # Only dates need turning into text; other values go into the record as they are.
                steps.append((c.name, c.to_record or (_plain if c.sql in _DATED else None), head, key))
        return tuple(steps)

    @cached_property
    def event_getters(self) -> tuple[tuple[str, Callable[[Event], Any]], ...]:
        """(column, its value for an Event) of each column an Event gives."""
        return tuple((c.name, c.of_event) for c in self.columns if c.of_event is not None)

    @cached_property
    def event_overrides(self) -> tuple[tuple[str, Callable[[Event], Any]], ...]:
        return tuple(
            (c.record.partition(".")[0], c.record_of_event)
            for c in self.columns
            if c.record_of_event is not None and c.record is not None
        )

    def ddl(self, table: str = "events") -> str:
        """CREATE TABLE for the columns of schema version 1 (later ones: `added_columns`)."""
        lines = [_column_sql(c) for c in self.columns if c.since == 1]
        return f"CREATE TABLE IF NOT EXISTS {table} (\n    " + ",\n    ".join(lines) + "\n)"

    def added_columns(self, version: int, table: str = "events") -> list[str]:
        """ALTER TABLE statements for the columns schema `version` adds (version 1 creates
        the table with its columns)."""
        if version == 1:
            return []
        return [
            f"ALTER TABLE {table} ADD COLUMN IF NOT EXISTS {_column_sql(c)}" for c in self.columns if c.since == version
        ]

    def row(self, event: Event, run_id: str) -> list[Any]:
        """The values an Event is stored with, in the order of `names`."""
        return [_store_value(c, event, run_id) for c in self.written]

    def row_dict(self, event: Event, run_id: str = "") -> dict[str, Any]:
        return dict(zip(self.names, self.row(event, run_id), strict=True))

    def record_from_row(self, row: Mapping[str, Any]) -> dict[str, Any]:
        """The JSON Lines record of a stored row (a dict with the column names)."""
        return self._record(dict(row))

    def _record(self, values: dict[str, Any]) -> dict[str, Any]:
        if not values.get("cameo_root") and values.get("cameo"):
            values["cameo_root"] = values["cameo"][:2]  # rows written before the root was stored
        record: dict[str, Any] = {}
        for name, to_record, head, key in self.record_steps:
            value = values.get(name) if to_record is None else to_record(values.get(name))
            if key:
                record.setdefault(head, {})[key] = value
            else:
                record[head] = value
        for name, group in self.groups.items():
            if name in record:
                record[name] = _shape(group, record[name], values)
        return record

    def record_from_event(self, event: Event) -> dict[str, Any]:
        """The JSON Lines record `dyad code --jsonl` writes for an Event."""
        # The values as stored, but a JSON column's without the text round trip: its
        # `to_record` reads the value as it reads the stored text.
        record = self._record({name: of_event(event) for name, of_event in self.event_getters})
        for head, of_event in self.event_overrides:
            record[head] = of_event(event)
        return record

    def select_list(self, alias: str = "e") -> str:
        """Every column, qualified: the web's event queries select these."""
        return ", ".join(f"{alias}.{c.name}" for c in self.columns)


def _column_sql(c: Column) -> str:
    return " ".join(p for p in (c.name, c.sql, c.constraint) if p)


def _store_value(c: Column, event: Event, run_id: str) -> Any:
    if c.of_event is None:
        return run_id if c.name == "run_id" else None
    value = c.of_event(event)
    return json.dumps(value) if c.sql == "JSON" else value


_DATED = ("DATE", "TIMESTAMP")  # the types whose values a JSON record holds as ISO text


def _plain(value: Any) -> Any:
    return value.isoformat() if isinstance(value, dt.date) else value


def _shape(group: RecordGroup, obj: dict[str, Any], row: Mapping[str, Any]) -> dict[str, Any] | None:
    if group.null_unless is not None and row.get(group.null_unless) is None:
        return None
    ordered = {k: obj[k] for k in group.order if k in obj}
    ordered.update((k, v) for k, v in obj.items() if k not in ordered)
    if group.sparse:
        ordered = {k: v for k, v in ordered.items() if v is not None}
        return ordered or None
    return ordered


def event_from_record(record: Mapping[str, Any]) -> Event:
    """Rebuild an `Event` from its JSON Lines record (`dyad code --jsonl`, `dyad export
    --format jsonl`); `event_from_row` does the same for a stored row."""
    from dyad.models import Event, Span

    trigger = record.get("trigger") or {}
    return Event(
        doc_id=record["doc_id"],
        sentence_index=record["sentence_index"],
        sentence=record["sentence"],
        source=_mention(record.get("source")),
        target=_mention(record.get("target")),
        cameo=record["cameo"],
        cameo_name=record.get("cameo_name", ""),
        cameo_root=record.get("cameo_root", record["cameo"][:2]),
        plover=record.get("plover"),
        quad_class=record["quad_class"],
        penta_class=record["penta_class"],
        goldstein=record["goldstein"],
        mode=record["mode"],
        trigger=Span(trigger.get("text", ""), trigger.get("start", 0), trigger.get("end", 0)),
        confidence=record.get("confidence", 1.0),
        rule=record.get("rule", ""),
        date=dt.date.fromisoformat(record["date"]) if record.get("date") else None,
        date_source=record.get("date_source"),
        location=record.get("location"),
        event_id=record["event_id"],
        supporting=list(record.get("supporting_sentences") or []),
        object_text=record.get("object") or "",
    )


def event_from_row(row: Mapping[str, Any]) -> Event:
    return event_from_record(EVENTS.record_from_row(row))


def _mention(data: Mapping[str, Any] | None) -> ActorMention | None:
    from dyad.models import ActorMention

    if not data:
        return None
    values: dict[str, Any] = {k: data.get(k) or (0 if k in ("start", "end") else "") for k in ACTOR_RECORD_KEYS}
    return ActorMention(**values, kind="")  # the kind is not part of the event record


EVENTS = EventSchema()
EVENT_COLUMNS = EVENTS.names
