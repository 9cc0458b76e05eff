"""JSON Lines and JSON files: one Document per record."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable, Iterator, Mapping
from typing import Any

from dyad.ingest.dates import date_from_timestamp, parse_date_text
from dyad.ingest.results import EMPTY, JSON, NO_TEXT, ReadResult, read_error
from dyad.models import Document, ReadError

DEFAULT_FIELDS: Mapping[str, str] = {
    "id": "id",
    "text": "text",
    "title": "title",
    "url": "url",
    "date": "date",
    "source": "source",
    "author": "author",
}
# One bad line is a typo; hundreds mean the file is not JSON Lines at all, and
# listing each would bury every other message.
MAX_LINE_ERRORS = 20
_MILLISECOND_EPOCH = 100_000_000_000


def resolve_field_map(field_map: Mapping[str, str] | None) -> dict[str, str]:
    """Default record fields with the caller's renames applied ({"text": "body"})."""
    fields = dict(DEFAULT_FIELDS)
    for ours, theirs in (field_map or {}).items():
        if ours not in fields:
            known = ", ".join(sorted(fields))
            raise ValueError(f"unknown document field {ours!r} in field map (known: {known})")
        fields[ours] = theirs
    return fields


def iter_json_lines(text: str, origin: str, fields: Mapping[str, str], encoding: str) -> Iterator[ReadResult]:
    # Not splitlines(): U+2028 and friends are legal inside JSON strings.
    lines = enumerate(text.split("\n"), start=1)
    yield from iter_line_records(lines, origin, fields, encoding)


def iter_line_records(
    lines: Iterable[tuple[int, str | ReadError]], origin: str, fields: Mapping[str, str], encoding: str
) -> Iterator[ReadResult]:
    """Documents from numbered JSON Lines; a ReadError in place of a line (one too long
    to read) is passed on."""
    errors = 0
    records = 0
    for number, raw in lines:
        if isinstance(raw, ReadError):
            records += 1
            yield raw
            continue
        line = raw.strip()
        if not line:
            continue
        records += 1
        try:
            record = json.loads(line)
        except json.JSONDecodeError as exc:
            errors += 1
            if errors <= MAX_LINE_ERRORS:
                message = f"line {number}: invalid JSON ({exc.msg} at column {exc.colno})"
                yield read_error(origin, message, JSON, number)
            continue
        yield record_to_document(record, fields, origin, line=number, encoding=encoding)
    if errors > MAX_LINE_ERRORS:
        hidden = errors - MAX_LINE_ERRORS
        yield read_error(origin, f"{hidden} more invalid JSON lines not listed", JSON)
    if not records:
        yield read_error(origin, "empty file", EMPTY)


def iter_json_document(text: str, origin: str, fields: Mapping[str, str], encoding: str) -> Iterator[ReadResult]:
    """A .json file: one object, a list of objects, or (often) JSON Lines after all."""
    try:
        parsed = json.loads(text)
    except json.JSONDecodeError as exc:
        if _first_line_is_json(text):
            yield from iter_json_lines(text, origin, fields, encoding)
        else:
            message = f"invalid JSON ({exc.msg} at line {exc.lineno} column {exc.colno})"
            yield read_error(origin, message, JSON, exc.lineno)
        return
    if isinstance(parsed, list):
        if not parsed:
            yield read_error(origin, "an empty JSON list: no records", EMPTY)
        for number, record in enumerate(parsed, start=1):
            yield record_to_document(record, fields, f"{origin}#{number}", encoding=encoding, where=f"record {number}")
    else:
        yield record_to_document(parsed, fields, origin, encoding=encoding, where="record")


def record_to_document(
    record: object,
    fields: Mapping[str, str],
    origin: str,
    *,
    encoding: str,
    line: int | None = None,
    where: str | None = None,
) -> ReadResult:
    where = where or f"line {line}"
    if not isinstance(record, dict):
        found = type(record).__name__
        return read_error(origin, f"{where}: expected a JSON object, found {found}", JSON, line)
    text_field = fields["text"]
    text = _lookup(record, text_field)
    if text is None:
        message = f"{where}: no '{text_field}' field (use --field text=NAME)"
        return read_error(origin, message, NO_TEXT, line)
    if not isinstance(text, str):
        return read_error(origin, f"{where}: '{text_field}' is not a string", NO_TEXT, line)
    if not text.strip():
        return read_error(origin, f"{where}: '{text_field}' is empty", NO_TEXT, line)
    return _build_document(record, fields, text, f"{origin}:{line}" if line else origin, encoding)


def _build_document(
    record: dict[str, Any], fields: Mapping[str, str], text: str, origin: str, encoding: str
) -> Document:
    extra: dict[str, Any] = {"encoding": encoding}
    raw_date = _lookup(record, fields["date"])
    date = _record_date(raw_date)
    if raw_date is not None and date is None:
        extra["date_raw"] = raw_date
    used = {name.split(".")[0] for name in fields.values()}
    others = {key: value for key, value in record.items() if key not in used}
    if others:
        extra["fields"] = others
    return Document(
        text=text,
        title=_as_text(_lookup(record, fields["title"])),
        url=_as_text(_lookup(record, fields["url"])),
        source=_as_text(_lookup(record, fields["source"])),
        author=_as_text(_lookup(record, fields["author"])),
        date=date,
        origin=origin,
        external_id=_as_text(_lookup(record, fields["id"])),
        extra=extra,
    )


def _lookup(record: dict[str, Any], name: str) -> Any:
    """A field by name; "a.b" reaches into nested objects when no key "a.b" exists."""
    if name in record:
        return record[name]
    value: Any = record
    for part in name.split("."):
        if not isinstance(value, dict) or part not in value:
            return None
        value = value[part]
    return value


def _record_date(value: Any) -> dt.date | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        seconds = value / 1000 if value > _MILLISECOND_EPOCH else value
        return date_from_timestamp(seconds)
    if isinstance(value, str):
        return parse_date_text(value)
    return None


def _as_text(value: Any) -> str | None:
    if value is None or isinstance(value, dict | list):
        return None
    text = str(value).strip()
    return text or None


def _first_line_is_json(text: str) -> bool:
    first = next((line for line in text.split("\n") if line.strip()), "")
    try:
        json.loads(first)
    except json.JSONDecodeError:
        return False
    return True
