"""dyad follow without a network: URLs, the sources file, listings, durations, robots.txt."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest

from dyad.cli.follow_cmd import parse_duration
from dyad.follow.article import NotAnArticle, page_document
from dyad.follow.discover import read_listing
from dyad.follow.fetch import Page
from dyad.follow.politeness import RobotsRules
from dyad.follow.sources import Source, SourcesError, load_sources
from dyad.follow.state import Waiting
from dyad.follow.urls import canonical_url, host_of

from .site import article_page, article_text, news_sitemap, rss, sitemap_index


def test_canonical_url_drops_tracking_fragment_and_default_port() -> None:
    url = "HTTPS://News.Example.ORG:443/world/story-1?utm_source=rss&b=2&fbclid=x&a=1#comments"
    assert canonical_url(url) == "https://news.example.org/world/story-1?a=1&b=2"
    assert canonical_url("/a?ref=home", "http://127.0.0.1:8000/feed.xml") == "http://127.0.0.1:8000/a"
    assert canonical_url("http://example.org") == "http://example.org/"
    assert host_of("http://127.0.0.1:8000/x") == "127.0.0.1:8000"


def _write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "sources.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def test_smallest_sources_file(tmp_path: Path) -> None:
    loaded = load_sources(_write(tmp_path, 'sources: [{url: "http://127.0.0.1:8000/feed.xml"}]\n'))
    assert [s.url for s in loaded.sources] == ["http://127.0.0.1:8000/feed.xml"]
    assert loaded.sources[0].kind == "auto" and loaded.rate == 1.0


def test_full_sources_file(tmp_path: Path) -> None:
    text = (
        "contact: desk@example.org\nrate: 2\nconcurrency: 3\nsources:\n"
        "  - url: https://example.org/rss.xml\n    name: Example\n    language: en\n    country: PAK\n"
        "    kind: feed\n    rate: 0.5\n  - https://example.org/news-sitemap.xml\n"
    )
    loaded = load_sources(_write(tmp_path, text))
    assert loaded.contact == "desk@example.org" and loaded.rate == 2 and loaded.concurrency == 3
    first, second = loaded.sources
    assert (first.name, first.country, first.kind, first.rate) == ("Example", "PAK", "feed", 0.5)
    assert second.url.endswith("news-sitemap.xml") and second.kind == "auto"


@pytest.mark.parametrize(
    ("text", "line", "words"),
    [
        ("sources:\n  - url: http://a.org/f\n    nmae: x\n", 3, "unknown key 'nmae'"),
        ("sources:\n  - url: ftp://a.org/f\n", 2, "not an http(s) URL"),
        ("sources:\n  - url: http://a.org/f\n    rate: fast\n", 3, "rate 'fast'"),
        ("sources:\n  - url: http://a.org/f\n    kind: blog\n", 3, "kind 'blog'"),
        ("sources:\n  - http://a.org/f\n  - http://a.org/f\n", 3, "already listed on line 2"),
        ("sources: []\n", 1, "non-empty list"),
        ("feeds:\n  - http://a.org/f\n", 1, "unknown key 'feeds'"),
        ("sources:\n  - name: x\n", 2, "no `url:`"),
        ("sources: [\n", 2, "not valid YAML"),
    ],
)
def test_sources_file_mistakes_name_file_and_line(tmp_path: Path, text: str, line: int, words: str) -> None:
    path = _write(tmp_path, text)
    with pytest.raises(SourcesError) as caught:
        load_sources(path)
    message = str(caught.value)
    assert message.startswith(f"{path}:{line}:"), message
    assert words in message


def test_listings_of_feed_sitemap_index_and_front_page() -> None:
    base = "http://127.0.0.1:9"
    feed = read_listing(rss(base, [1, 2]).encode(), base + "/feed.xml", "auto")
    assert feed.kind == "feed" and feed.title == "Test Wire"
    assert [link.url for link in feed.links] == [f"{base}/articles/1.html", f"{base}/articles/2.html"]
    assert feed.links[0].date is not None
    news = read_listing(news_sitemap(base, [3]).encode(), base + "/s.xml", "auto")
    assert news.kind == "sitemap" and news.links[0].title == "Story 3" and str(news.links[0].date) == "2025-03-04"
    index = read_listing(sitemap_index(base, ["/s1.xml"]).encode(), base + "/i.xml", "auto")
    assert index.children == [f"{base}/s1.xml"] and not index.links
    page = (
        b"<html><body><a href='/about'>About</a><a href='/world/story-9?utm_source=x'>A story</a><a href='/'>Home</a>"
    )
    front = read_listing(page, base + "/", "auto")
    assert [(link.url, link.title) for link in front.links] == [(f"{base}/world/story-9", "A story")]


@pytest.mark.parametrize(("text", "seconds"), [("15m", 900.0), ("30s", 30.0), ("1h", 3600.0), ("90", 90.0)])
def test_durations(text: str, seconds: float) -> None:
    assert parse_duration(text) == seconds


def test_duration_refuses_nonsense() -> None:
    with pytest.raises(ValueError):
        parse_duration("often")


def test_robots_rules() -> None:
    rules = RobotsRules.from_status(
        200, "User-agent: *\nDisallow: /private/\nCrawl-delay: 2\nSitemap: http://a.org/s.xml\n"
    )
    assert rules.allows("dyad", "http://a.org/news/1") and not rules.allows("dyad", "http://a.org/private/1")
    assert rules.crawl_delay("dyad") == 2.0 and rules.sitemaps() == ["http://a.org/s.xml"]
    assert RobotsRules.from_status(404, "").allows("dyad", "http://a.org/x")
    assert not RobotsRules.from_status(403, "").allows("dyad", "http://a.org/x")
    assert not RobotsRules.from_status(503, "").allows("dyad", "http://a.org/x")
    assert RobotsRules.from_status(503, "").why == "site left alone: its robots.txt answered HTTP 503"


def _page(html: str, content_type: str = "text/html") -> Page:
    return Page(
        url="http://a.org/x", final_url="http://a.org/x", status=200, body=html.encode(), content_type=content_type
    )


@pytest.mark.parametrize(
    ("dated", "listed", "dateline", "date", "source"),
    [
        (True, dt.date(2025, 1, 9), "", "2025-03-04", "article"),
        (False, dt.date(2025, 1, 9), "", "2025-01-09", "feed"),
        # trafilatura's date search reads the text too, so it may find the dateline's date first.
        (False, None, "ISLAMABAD, March 2, 2025 (APP): ", "2025-03-02", "article|dateline"),
    ],
)
def test_article_dates_from_page_listing_or_dateline(
    dated: bool, listed: dt.date | None, dateline: str, date: str, source: str
) -> None:
    html = article_page(3, dated=dated, text=dateline + article_text(3))
    waiting = Waiting("http://a.org/x", "http://a.org/feed.xml", listed, "Listed title", 0)
    doc = page_document(_page(html), waiting, Source("http://a.org/feed.xml", name="A Wire"), None)
    assert str(doc.date) == date and doc.date_source in source.split("|")
    assert doc.source == "A Wire" and doc.url == "http://a.org/x" and doc.extra["feed"] == "http://a.org/feed.xml"
    assert doc.doc_id and doc.text.startswith(article_text(3)[:20])


@pytest.mark.parametrize(
    ("body", "content_type", "words"),
    [
        ("%PDF-1.4", "application/pdf", "not an HTML page (application/pdf)"),
        ("<html><body><nav>Home</nav></body></html>", "text/html", "no article text"),
        ("\x00\x01\x02binary\x00", "", "binary content"),
    ],
)
def test_pages_without_an_article(body: str, content_type: str, words: str) -> None:
    waiting = Waiting("http://a.org/x", "http://a.org/feed.xml", None, None, 0)
    with pytest.raises(NotAnArticle, match=re.escape(words)):
        page_document(_page(body, content_type), waiting, None, None)
