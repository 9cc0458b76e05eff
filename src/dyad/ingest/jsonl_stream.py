"""JSON Lines files read a line at a time, so a file of any size fits in memory.

`max_bytes` then caps each line (one record), as it caps each response of a WARC
archive. Lines are decoded one by one: strict UTF-8, else the same detection a whole
file gets. Files in UTF-16 or UTF-32 (whose newlines are not single bytes) are left to
the whole-file reader.
"""

from __future__ import annotations

import gzip
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import IO, cast

from dyad.ingest.decoding import bom_encoding, decode_bytes, describe_size, ensure_text_bytes, is_gzip
from dyad.ingest.records import iter_line_records
from dyad.ingest.results import EMPTY, ENCODING, TOO_LARGE, InputProblem, ReadResult, read_error
from dyad.models import ReadError

STREAMED_SUFFIXES = (".jsonl", ".ndjson", ".jsonl.gz", ".ndjson.gz")
_HEAD = 65_536
_SKIP_CHUNK = 1 << 20


def can_stream(path: Path) -> bool:
    """A JSON Lines file in a byte encoding (UTF-8, or a single-byte legacy one)."""
    if not path.name.lower().endswith(STREAMED_SUFFIXES):
        return False
    with _open(path) as stream:
        head = stream.read(_HEAD)
    if not head.strip():
        raise InputProblem(EMPTY, "empty file")
    ensure_text_bytes(head)
    return bom_encoding(head) not in ("utf-16", "utf-32")


def stream_json_lines(path: Path, fields: Mapping[str, str], max_bytes: int) -> Iterator[ReadResult]:
    origin = str(path)
    with _open(path) as stream:
        yield from iter_line_records(_numbered_lines(stream, origin, max_bytes), origin, fields, "utf-8")


def _open(path: Path) -> IO[bytes]:
    with path.open("rb") as probe:
        compressed = is_gzip(probe.read(2))
    return cast(IO[bytes], gzip.open(path, "rb")) if compressed else path.open("rb")


def _numbered_lines(stream: IO[bytes], origin: str, max_bytes: int) -> Iterator[tuple[int, str | ReadError]]:
    number = 0
    while raw := stream.readline(max_bytes + 1):
        number += 1
        if len(raw) > max_bytes and not raw.endswith(b"\n"):
            _skip_rest_of_line(stream)
            message = f"line {number}: record is over the {describe_size(max_bytes)} limit (--max-bytes)"
            yield number, read_error(origin, message, TOO_LARGE, number)
            continue
        yield number, _decode_line(raw, origin, number)


def _skip_rest_of_line(stream: IO[bytes]) -> None:
    while chunk := stream.readline(_SKIP_CHUNK):
        if chunk.endswith(b"\n"):
            return


def _decode_line(raw: bytes, origin: str, number: int) -> str | ReadError:
    try:
        return raw.decode("utf-8-sig" if number == 1 else "utf-8")
    except UnicodeDecodeError:
        decoded = decode_bytes(raw)
    if decoded is None:
        return read_error(origin, f"line {number}: cannot decode text", ENCODING, number)
    return decoded.text
