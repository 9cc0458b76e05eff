"""Small input files built by the tests: HTML pages, feeds, WARC archives."""

from __future__ import annotations

import html
import io
from collections.abc import Iterable, Sequence

from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from dyad.models import Document, ReadError


def html_page(
    title: str,
    body: str,
    *,
    canonical: str | None = None,
    og_url: str | None = None,
    published: str | None = None,
    author: str | None = None,
) -> str:
    """A news page with navigation and footer chrome around the article."""
    head = [f"<title>{html.escape(title)}</title>"]
    if canonical:
        head.append(f'<link rel="canonical" href="{canonical}">')
    if og_url:
        head.append(f'<meta property="og:url" content="{og_url}">')
    if published:
        head.append(f'<meta property="article:published_time" content="{published}">')
    if author:
        head.append(f'<meta name="author" content="{html.escape(author)}">')
    paragraphs = "".join(f"<p>{html.escape(p)}</p>" for p in body.split("\n\n") if p.strip())
    return (
        "<!DOCTYPE html><html><head><meta charset='utf-8'>"
        + "".join(head)
        + "</head><body><nav><a href='/'>Home</a> | <a href='/world'>World</a></nav>"
        + f"<article><h1>{html.escape(title)}</h1>{paragraphs}</article>"
        + "<footer>Contact us | Terms of use</footer></body></html>"
    )


def rss_feed(items: Sequence[tuple[str, str, str, str]], title: str = "Test Wire") -> str:
    """RSS 2.0 with (title, link, RFC 2822 date, HTML description) items."""
    entries = "".join(
        f"<item><title>{html.escape(t)}</title><link>{link}</link><pubDate>{date}</pubDate>"
        f"<guid>{link}</guid><description>{html.escape(desc)}</description></item>"
        for t, link, date, desc in items
    )
    return (
        '<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel>'
        f"<title>{html.escape(title)}</title><link>https://wire.example/</link>"
        f"<description>test</description>{entries}</channel></rss>"
    )


def atom_feed(items: Sequence[tuple[str, str, str, str]]) -> str:
    """Atom with (title, link, ISO date, HTML content) entries."""
    entries = "".join(
        f"<entry><title>{html.escape(t)}</title><link href='{link}'/><id>{link}</id>"
        f"<updated>{date}</updated><published>{date}</published>"
        f"<content type='html'>{html.escape(content)}</content></entry>"
        for t, link, date, content in items
    )
    return (
        '<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom">'
        "<title>Atom Wire</title><id>urn:test</id><updated>2026-01-05T00:00:00Z</updated>"
        f"{entries}</feed>"
    )


def warc_archive(responses: Sequence[tuple[str, str, bytes]], *, gzip: bool = True) -> bytes:
    """A WARC of HTTP responses given as (url, content type, body)."""
    buffer = io.BytesIO()
    writer = WARCWriter(buffer, gzip=gzip)
    for url, content_type, body in responses:
        headers = StatusAndHeaders("200 OK", [("Content-Type", content_type)], protocol="HTTP/1.1")
        record = writer.create_warc_record(
            url,
            "response",
            payload=io.BytesIO(body),
            http_headers=headers,
            warc_headers_dict={"WARC-Date": "2026-01-06T08:30:00Z"},
        )
        writer.write_record(record)
    return buffer.getvalue()


def partition(results: Iterable[Document | ReadError]) -> tuple[list[Document], list[ReadError]]:
    documents: list[Document] = []
    errors: list[ReadError] = []
    for item in results:
        if isinstance(item, ReadError):
            errors.append(item)
        else:
            documents.append(item)
    return documents, errors
