"""RSS and Atom feeds: one Document per item."""

from __future__ import annotations

import io
import re
from collections.abc import Iterator
from typing import Any

import feedparser

from dyad.ingest.dates import date_from_struct
from dyad.ingest.html_text import fragment_to_text
from dyad.ingest.results import EMPTY, FEED, NO_TEXT, ReadResult, read_error
from dyad.models import Document

_FEED_ROOT = re.compile(rb"<(rss|feed|rdf:RDF)[\s>]", re.IGNORECASE)


def looks_like_feed(data: bytes) -> bool:
    return _FEED_ROOT.search(data[:4096]) is not None


def iter_feed_items(data: bytes, origin: str) -> Iterator[ReadResult]:
    # A stream, not bytes or str: feedparser treats a string as a URL or file name.
    parsed = feedparser.parse(io.BytesIO(data))
    entries: list[Any] = list(parsed.get("entries") or [])
    if not entries:
        yield _feed_without_items(parsed, origin)
        return
    feed_title = _text(parsed.get("feed", {}).get("title"))
    encoding = str(parsed.get("encoding") or "utf-8")
    for number, entry in enumerate(entries, start=1):
        yield _entry_document(entry, f"{origin}#{number}", feed_title, encoding)


def _feed_without_items(parsed: Any, origin: str) -> ReadResult:
    if parsed.get("bozo"):
        problem = parsed.get("bozo_exception")
        return read_error(origin, f"not a valid RSS or Atom feed ({problem})", FEED)
    return read_error(origin, "feed has no items", EMPTY)


def _entry_document(entry: Any, origin: str, feed_title: str | None, encoding: str) -> ReadResult:
    text = _entry_text(entry)
    if not text:
        return read_error(origin, "feed item has no text (no content or summary)", NO_TEXT)
    return Document(
        text=text,
        title=_text(entry.get("title")),
        url=_text(entry.get("link")),
        source=feed_title,
        author=_text(entry.get("author")),
        date=date_from_struct(entry.get("published_parsed") or entry.get("updated_parsed")),
        origin=origin,
        external_id=_text(entry.get("id")),
        extra={"encoding": encoding},
    )


def _entry_text(entry: Any) -> str:
    """Full content when the feed carries it, else the summary; HTML stripped."""
    for part in entry.get("content") or []:
        text = fragment_to_text(str(part.get("value") or ""))
        if text:
            return text
    return fragment_to_text(str(entry.get("summary") or ""))


def _text(value: Any) -> str | None:
    # feedparser has already decoded entities; only stray markup needs removing.
    if value is None:
        return None
    text = str(value)
    text = fragment_to_text(text) if "<" in text else text.strip()
    return text or None
