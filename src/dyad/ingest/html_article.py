"""Main text and metadata of a news page, via trafilatura."""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass
from typing import Any

from dyad.ingest.dates import parse_date_text
from dyad.ingest.html_text import declared_page_url
from dyad.ingest.results import NO_TEXT, ReadResult, read_error
from dyad.models import Document

# trafilatura logs every page it finds nothing in; we report those as ReadErrors.
logging.getLogger("trafilatura").setLevel(logging.CRITICAL)

_MIN_PARAGRAPH_WORDS = 6


@dataclass(frozen=True)
class Article:
    text: str
    title: str | None = None
    date: dt.date | None = None
    author: str | None = None
    url: str | None = None
    source: str | None = None


def extract_article(page: str, url: str | None = None) -> Article | None:
    """The article in an HTML page, or None when the page holds no article text."""
    fields = _extract_fields(page, url)
    if fields is None:
        return None
    title = _clean_field(fields.get("title"))
    text = _paragraphs(str(fields.get("text") or ""), title)
    if not _has_prose(text):
        return None
    date_text = _clean_field(fields.get("date"))
    return Article(
        text=text,
        title=title,
        date=parse_date_text(date_text) if date_text else None,
        author=_clean_field(fields.get("author")),
        url=declared_page_url(page) or _clean_field(fields.get("url")) or url,
        source=_clean_field(fields.get("sitename")),
    )


def _extract_fields(page: str, url: str | None) -> dict[str, Any] | None:
    import trafilatura  # on first use: half a second of start-up for runs with no HTML

    try:
        result = trafilatura.bare_extraction(
            page,
            url=url,
            with_metadata=True,
            include_comments=False,
            include_tables=False,
        )
    except Exception:  # trafilatura/lxml raise assorted types on broken markup
        return None
    if result is None:
        return None
    fields = result if isinstance(result, dict) else result.as_dict()
    return fields if isinstance(fields, dict) else None


def _paragraphs(text: str, title: str | None) -> str:
    """trafilatura separates paragraphs with one newline; the project uses a blank line.

    The page's own <h1> often comes back as the first line; it is the title, not
    the article, and leaving it would hide the dateline behind it.
    """
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    if lines and title and lines[0].casefold() == title.casefold():
        lines = lines[1:]
    return "\n\n".join(lines)


def _has_prose(text: str) -> bool:
    """At least one paragraph of sentence length.

    When a page has no article, trafilatura falls back to whatever text it
    finds: menu entries, a cookie button. Those never run to a sentence.
    """
    return any(len(paragraph.split()) >= _MIN_PARAGRAPH_WORDS for paragraph in text.split("\n\n"))


def _clean_field(value: object) -> str | None:
    if value is None:
        return None
    text = str(value).strip()
    return text or None


def article_document(page: str, origin: str, encoding: str, url: str | None = None) -> ReadResult:
    """A Document for an HTML page, or a ReadError when it holds no article."""
    article = extract_article(page, url)
    if article is None:
        return read_error(origin, "no article text found in the HTML", NO_TEXT)
    return Document(
        text=article.text,
        title=article.title,
        url=article.url,
        source=article.source,
        author=article.author,
        date=article.date,
        origin=origin,
        extra={"encoding": encoding},
    )
