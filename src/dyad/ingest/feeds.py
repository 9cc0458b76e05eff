"""RSS and Atom feeds: one Document per item."""

from __future__ import annotations

import io
import re
from collections.abc import Iterator
from typing import Any

import feedparser

from dyad.ingest.dates import date_from_struct
from dyad.ingest.dating import FEED_DATE
from dyad.ingest.html_text import fragment_to_text
from dyad.ingest.results import EMPTY, FEED, NO_TEXT, ReadResult, read_error
from dyad.models import Document

# feedparser flags these, but the feed is read correctly all the same.
_BENIGN_PROBLEMS = (feedparser.CharacterEncodingOverride, feedparser.NonXMLContentType)
_FEED_ROOT = re.compile(rb"<(rss|feed|rdf:RDF)[\s>]", re.IGNORECASE)


def looks_like_feed(data: bytes) -> bool:
    return _FEED_ROOT.search(data[:4096]) is not None


def iter_feed_items(data: bytes, origin: str) -> Iterator[ReadResult]:
    """One Document per item; a damaged feed keeps the items with text, then one error."""
    # A stream, not bytes or str: feedparser treats a string as a URL or file name.
    parsed = feedparser.parse(io.BytesIO(data))
    entries: list[Any] = list(parsed.get("entries") or [])
    damage = _damage(parsed)
    if not entries and damage is None:
        yield read_error(origin, "feed has no items", EMPTY)
        return
    channel = parsed.get("feed", {})
    feed_title = _text(channel.get("title"))
    # The feed's own date bounds its items' dates (a year-less dateline takes its year).
    feed_date = date_from_struct(channel.get("published_parsed") or channel.get("updated_parsed"))
    extra = {"encoding": str(parsed.get("encoding") or "utf-8")}
    if feed_date is not None:
        extra[FEED_DATE] = feed_date.isoformat()
    for number, entry in enumerate(entries, start=1):
        result = _entry_document(entry, f"{origin}#{number}", feed_title, extra)
        # In a damaged feed an item without text is the damage itself, reported below.
        if damage is None or isinstance(result, Document):
            yield result
    if damage is not None:
        yield read_error(origin, f"not a valid RSS or Atom feed ({damage})", FEED)


def _damage(parsed: Any) -> str | None:
    """Why feedparser found the feed malformed, ignoring its encoding complaints."""
    if not parsed.get("bozo"):
        return None
    problem = parsed.get("bozo_exception")
    if isinstance(problem, _BENIGN_PROBLEMS):
        return None
    return str(problem) or type(problem).__name__


def _entry_document(entry: Any, origin: str, feed_title: str | None, extra: dict[str, str]) -> ReadResult:
    text = _entry_text(entry)
    if not text:
        return read_error(origin, "feed item has no text (no content or summary)", NO_TEXT)
    date = date_from_struct(entry.get("published_parsed") or entry.get("updated_parsed"))
    return Document(
        text=text,
        title=_text(entry.get("title")),
        url=_text(entry.get("link")),
        source=feed_title,
        author=_text(entry.get("author")),
        date=date,
        date_source="feed" if date is not None else None,
        origin=origin,
        external_id=_text(entry.get("id")),
        extra=dict(extra),
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
