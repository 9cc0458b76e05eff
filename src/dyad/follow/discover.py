"""What a source lists: article links (with the date and title the feed or sitemap gives)
from RSS/Atom feeds, (news) sitemaps and front pages; and finding a site's feeds."""

from __future__ import annotations

import datetime as dt
import io
import re
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

import feedparser
from lxml import etree
from lxml import html as lxml_html

from dyad.follow.urls import canonical_url, host_of, is_web_url
from dyad.ingest.dates import date_from_struct, parse_date_text
from dyad.ingest.feeds import looks_like_feed

_SITEMAP_ROOT = re.compile(rb"<(?:\w+:)?(urlset|sitemapindex)[\s>]", re.IGNORECASE)
# Links that are never articles: files, feeds, and the site's own furniture.
_NOT_ARTICLE = re.compile(
    r"\.(?:jpe?g|png|gif|svg|webp|pdf|zip|mp[34]|css|js|xml|rss|json)$|/(?:tag|tags|category|categories|author"
    r"|authors|about|contact|privacy|terms|login|register|subscribe|search|feed|rss|page)(?:/|$)",
    re.IGNORECASE,
)
MAX_LINKS = 2000  # per source document: a runaway sitemap is cut here


@dataclass(frozen=True)
class Link:
    url: str  # canonical
    date: dt.date | None = None  # as the feed or sitemap gives it
    title: str | None = None


@dataclass
class Listing:
    kind: str  # feed | sitemap | page
    links: list[Link] = field(default_factory=list)
    children: list[str] = field(default_factory=list)  # sitemaps a sitemap index points to
    title: str | None = None  # the feed's own title


def kind_of(body: bytes, content_type: str) -> str:
    if looks_like_feed(body) or content_type in ("application/rss+xml", "application/atom+xml"):
        return "feed"
    if _SITEMAP_ROOT.search(body[:4096]):
        return "sitemap"
    return "page"


def read_listing(body: bytes, base_url: str, kind: str, content_type: str = "") -> Listing:
    """The links in a source document; `kind` "auto" looks at the body."""
    if kind == "auto":
        kind = kind_of(body, content_type)
    if kind == "feed":
        return _feed(body, base_url)
    if kind == "sitemap":
        return _sitemap(body, base_url)
    return _front_page(body, base_url)


def _feed(body: bytes, base_url: str) -> Listing:
    parsed: Any = feedparser.parse(io.BytesIO(body))
    listing = Listing("feed", title=_clean(parsed.get("feed", {}).get("title")))
    for entry in list(parsed.get("entries") or [])[:MAX_LINKS]:
        link = str(entry.get("link") or "")
        if not link:
            continue
        url = canonical_url(link, base_url)
        if is_web_url(url):
            date = date_from_struct(entry.get("published_parsed") or entry.get("updated_parsed"))
            listing.links.append(Link(url, date, _clean(entry.get("title"))))
    return listing


def _sitemap(body: bytes, base_url: str) -> Listing:
    parser = etree.XMLParser(resolve_entities=False, no_network=True, recover=True, huge_tree=False)
    try:
        root = etree.fromstring(body, parser)
    except etree.XMLSyntaxError:
        root = None
    listing = Listing("sitemap")
    if root is None:
        return listing
    if etree.QName(root).localname == "sitemapindex":
        listing.children = [canonical_url(loc, base_url) for loc in _texts(root, "sitemap", "loc")][:MAX_LINKS]
        return listing
    for entry in root:
        if not isinstance(entry.tag, str) or etree.QName(entry).localname != "url":
            continue
        loc = _child_text(entry, "loc")
        if not loc:
            continue
        published = _child_text(entry, "publication_date") or _child_text(entry, "lastmod")
        date = parse_date_text(published) if published else None
        listing.links.append(Link(canonical_url(loc, base_url), date, _child_text(entry, "title")))
        if len(listing.links) >= MAX_LINKS:
            break
    return listing


def _front_page(body: bytes, base_url: str) -> Listing:
    """Links on the page to other pages of the same site that look like articles."""
    listing = Listing("page")
    try:
        tree = lxml_html.fromstring(body)
    except (etree.ParserError, ValueError):
        return listing
    host = host_of(base_url)
    home = canonical_url(base_url)
    seen: set[str] = set()
    for anchor in tree.iter("a"):
        href = anchor.get("href")
        if not href or href.startswith(("#", "mailto:", "javascript:")):
            continue
        url = canonical_url(href, base_url)
        path = urlsplit(url).path
        if url in seen or url == home or host_of(url) != host or path in ("", "/") or _NOT_ARTICLE.search(path):
            continue
        seen.add(url)
        title = " ".join(anchor.text_content().split()) or None
        listing.links.append(Link(url, None, title))
        if len(listing.links) >= MAX_LINKS:
            break
    return listing


def _texts(root: Any, parent: str, child: str) -> list[str]:
    found = []
    for element in root.iter():
        if isinstance(element.tag, str) and etree.QName(element).localname == parent:
            text = _child_text(element, child)
            if text:
                found.append(text)
    return found


def _child_text(element: Any, name: str) -> str | None:
    """Text of the first descendant named `name` in any namespace (news:title, loc…)."""
    for child in element.iter():
        if isinstance(child.tag, str) and etree.QName(child).localname == name and child.text:
            return str(child.text).strip() or None
    return None


def _clean(value: Any) -> str | None:
    text = " ".join(str(value or "").split())
    return text or None


# -- finding a site's feeds (dyad follow --add) ---------------------------------------------
COMMON_PATHS = (
    "/feed",
    "/rss",
    "/rss.xml",
    "/feed.xml",
    "/atom.xml",
    "/index.xml",
    "/news-sitemap.xml",
    "/sitemap.xml",
)


def feed_links_in_page(page: bytes, url: str) -> list[str]:
    """Feeds a page announces (<link rel=alternate>, or links that look like feeds),
    as trafilatura's feed finder reads them."""
    from trafilatura.feeds import FeedParameters, determine_feed

    parts = urlsplit(url)
    params = FeedParameters(f"{parts.scheme}://{parts.netloc}", parts.hostname or "", url)
    try:
        found = determine_feed(page.decode("utf-8", "replace"), params)
    except Exception:  # trafilatura/lxml raise assorted types on broken markup
        found = []
    return [canonical_url(link, url) for link in found if is_web_url(canonical_url(link, url))]


def candidate_urls(site: str, page: bytes | None, robots_sitemaps: list[str]) -> list[str]:
    """Where a site's feeds and sitemaps are: those its page announces and its robots.txt
    names; only when there are none, the usual places (each guess is a request)."""
    found = feed_links_in_page(page, site) if page else []
    found += [canonical_url(u, site) for u in robots_sitemaps]
    if not found:
        found = [canonical_url(path, site) for path in COMMON_PATHS]
    return list(dict.fromkeys(found))
