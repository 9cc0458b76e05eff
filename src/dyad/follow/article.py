"""A fetched article page → a prepared Document, with the project's own HTML reader
(trafilatura), dated from the page's metadata, else the feed or sitemap, else the dateline,
else the fetch date (`dyad.ingest.dating`)."""

from __future__ import annotations

import datetime as dt

from dyad.follow.fetch import Page
from dyad.follow.sources import Source
from dyad.follow.state import Waiting
from dyad.ingest.decoding import decode_bytes, looks_binary
from dyad.ingest.html_article import extract_article
from dyad.ingest.html_text import declared_charset
from dyad.ingest.pipeline import prepare_document
from dyad.models import Document

HTML_TYPES = ("text/html", "application/xhtml+xml", "")


class NotAnArticle(Exception):
    """A page fetched fine but holding no article; the message says why."""


def page_document(page: Page, waiting: Waiting, source: Source | None, feed_title: str | None) -> Document:
    """The article in `page`, cleaned, dated and id'd; NotAnArticle when there is none."""
    if page.content_type not in HTML_TYPES:
        raise NotAnArticle(f"not an HTML page ({page.content_type})")
    if looks_binary(page.body):
        raise NotAnArticle("binary content, not an HTML page")
    decoded = decode_bytes(page.body, declared_charset(page.body))
    if decoded is None:
        raise NotAnArticle("cannot decode the page: not UTF-8, and no other encoding fits")
    article = extract_article(decoded.text, page.final_url)
    if article is None:
        raise NotAnArticle("no article text found in the HTML")
    fetched = dt.datetime.fromtimestamp(page.fetched_at, dt.UTC).isoformat(timespec="seconds")
    doc = Document(
        text=article.text,
        title=article.title or waiting.listed_title,
        url=waiting.url,
        source=(source.name if source else None) or feed_title or article.source,
        author=article.author,
        date=article.date or waiting.listed_date,
        origin=waiting.url,
        extra={"encoding": decoded.encoding, "feed": waiting.source_url, "fetched_at": fetched},
    )
    # The page's own date, else the one its feed or sitemap listed; else (prepare_document)
    # the dateline, resolved against the fetch date, else the fetch date itself.
    doc.date_source = "article" if article.date else "feed" if waiting.listed_date else None
    if source is not None:
        doc.extra.update({k: v for k, v in (("country", source.country), ("source_language", source.language)) if v})
    prepared = prepare_document(doc)
    if not prepared.text:
        raise NotAnArticle("no article text after cleaning")
    return prepared
