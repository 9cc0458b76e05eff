"""WARC archives: each HTML response becomes an article.

warcio reads damaged archives silently (a cut-off record simply comes back
short), so damage is detected here: a record whose body is shorter than its
Content-Length, a gzip stream that ends mid-member, or warcio giving up.
"""

from __future__ import annotations

import zlib
from collections.abc import Iterator
from typing import Any, BinaryIO

from dyad.ingest.dates import parse_date_text
from dyad.ingest.decoding import decode_bytes, describe_size
from dyad.ingest.html_article import article_document
from dyad.ingest.html_text import declared_charset
from dyad.ingest.results import ENCODING, TOO_LARGE, WARC, ReadResult, read_error
from dyad.models import Document

WARC_MAGIC = b"WARC/"
_CHUNK = 1 << 20
_HTML_TYPES = ("text/html", "application/xhtml+xml")


def find_gzip_damage(stream: BinaryIO) -> str | None:
    """Why a multi-member gzip stream is damaged, or None when it is whole."""
    decompressor = zlib.decompressobj(31)
    member_open = False
    for chunk in iter(lambda: stream.read(_CHUNK), b""):
        pending = chunk
        while pending:
            try:
                # Output is discarded and capped: only integrity matters here.
                decompressor.decompress(pending, _CHUNK)
            except zlib.error as exc:
                return f"corrupt gzip data ({exc})"
            member_open = True
            if decompressor.eof:
                pending = decompressor.unused_data
                decompressor = zlib.decompressobj(31)
                member_open = False
            else:
                pending = decompressor.unconsumed_tail
    if member_open and not decompressor.eof:
        decompressor.flush()
        if not decompressor.eof:
            return "file ends in the middle of a compressed record"
    return None


def iter_warc_articles(
    stream: BinaryIO, origin: str, max_bytes: int, known_damage: str | None = None
) -> Iterator[ReadResult]:
    """Articles from the archive's HTML responses, then at most one damage error."""
    records = _RecordReader(stream)
    found = 0
    for number, record in records:
        document = _record_document(record, f"{origin}#{number}", max_bytes)
        if not _record_is_complete(record):
            yield read_error(origin, f"truncated or corrupt WARC: record {number} is cut short", WARC)
            return
        if document is not None:
            found += 1
            yield document
    damage = records.failure or known_damage
    if damage is None:
        if not found:  # said, not silently nothing
            what = "no HTML responses in this WARC archive" if records.count else "not a WARC archive (no records)"
            yield read_error(origin, what, WARC)
        return
    if records.count:
        yield read_error(origin, f"truncated or corrupt WARC after record {records.count} ({damage})", WARC)
    else:
        yield read_error(origin, f"not a readable WARC archive ({damage})", WARC)


class _RecordReader:
    """Iterates warcio records, remembering instead of raising when warcio fails."""

    def __init__(self, stream: BinaryIO) -> None:
        from warcio.archiveiterator import ArchiveIterator  # on first use: start-up without WARC

        self._records = iter(ArchiveIterator(stream))
        self.count = 0
        self.failure: str | None = None

    def __iter__(self) -> Iterator[tuple[int, Any]]:
        while True:
            try:
                record = next(self._records)
            except StopIteration:
                return
            except Exception as exc:  # warcio raises anything from ValueError to AttributeError
                self.failure = f"{type(exc).__name__}: {exc}" if str(exc) else type(exc).__name__
                return
            if record.format != "warc":
                # warcio also reads ARC, whose one-line headers any text file resembles.
                self.failure = f"record {self.count + 1} is not a WARC record"
                return
            self.count += 1
            yield self.count, record


def _record_document(record: Any, origin: str, max_bytes: int) -> ReadResult | None:
    if record.rec_type != "response" or not _is_html(record):
        return None
    try:
        payload = record.content_stream().read(max_bytes + 1)
    except Exception as exc:  # damaged chunked/gzip bodies fail inside warcio
        return read_error(origin, f"unreadable response body ({exc})", WARC)
    if len(payload) > max_bytes:
        limit = describe_size(max_bytes)
        return read_error(origin, f"response is above the {limit} limit (--max-bytes)", TOO_LARGE)
    decoded = decode_bytes(payload, declared=_declared_charset(record) or declared_charset(payload))
    if decoded is None:
        return read_error(origin, "cannot tell the text encoding of the response", ENCODING)
    target = record.rec_headers.get_header("WARC-Target-URI")
    result = article_document(decoded.text, origin, decoded.encoding, url=target)
    return _with_capture_details(result, record) if isinstance(result, Document) else result


def _with_capture_details(document: Document, record: Any) -> Document:
    target = record.rec_headers.get_header("WARC-Target-URI")
    fetched = record.rec_headers.get_header("WARC-Date")
    if target:
        if document.url and document.url != target:
            document.extra["canonical_url"] = document.url
        document.url = target
    if fetched:
        document.extra["fetched"] = fetched
        if document.date is None:
            document.date = parse_date_text(fetched)
            document.date_source = "fetch" if document.date is not None else None
    return document


def _record_is_complete(record: Any) -> bool:
    """Drain the record and check that all of its Content-Length arrived."""
    raw = record.raw_stream
    try:
        while raw.read(_CHUNK):
            pass
    except Exception:  # a damaged gzip member fails while draining
        return False
    return int(getattr(raw, "limit", 0) or 0) <= 0


def _is_html(record: Any) -> bool:
    if record.http_headers is None:
        return False
    content_type = (record.http_headers.get_header("Content-Type") or "").lower()
    return content_type.split(";")[0].strip() in _HTML_TYPES


def _declared_charset(record: Any) -> str | None:
    content_type = record.http_headers.get_header("Content-Type") or ""
    for parameter in content_type.split(";")[1:]:
        name, _, value = parameter.partition("=")
        if name.strip().lower() == "charset" and value.strip():
            return value.strip()
    return None
