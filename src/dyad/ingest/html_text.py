"""Small HTML helpers that need no article extraction: fragments and head links."""

from __future__ import annotations

import html
import re
from html.parser import HTMLParser

_BLOCK_TAGS = frozenset(
    (
        *("p", "div", "br", "li", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6"),
        *("blockquote", "tr", "table", "section", "article", "header", "footer", "pre", "hr"),
    )
)
_SKIPPED_TAGS = frozenset(("script", "style", "noscript", "template"))
_BLANK_LINES = re.compile(r"\n\s*\n\s*")
_SPACES = re.compile(r"[ \t\r\f\v]+")


class _FragmentText(HTMLParser):
    """Collects text, turning block elements into paragraph breaks."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._skip_depth = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _SKIPPED_TAGS:
            self._skip_depth += 1
        elif tag in _BLOCK_TAGS:
            self.parts.append("\n\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in _SKIPPED_TAGS:
            self._skip_depth = max(0, self._skip_depth - 1)
        elif tag in _BLOCK_TAGS:
            self.parts.append("\n\n")

    def handle_data(self, data: str) -> None:
        if not self._skip_depth:
            self.parts.append(data)


def fragment_to_text(fragment: str) -> str:
    """Plain text of an HTML fragment (a feed summary), paragraphs kept."""
    if "<" not in fragment:
        return html.unescape(fragment).strip()
    parser = _FragmentText()
    _feed_leniently(parser, fragment)
    text = _SPACES.sub(" ", "".join(parser.parts))
    return _BLANK_LINES.sub("\n\n", text).strip()


class _HeadLinks(HTMLParser):
    """Finds <link rel=canonical> and <meta property=og:url> before <body>."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.canonical: str | None = None
        self.og_url: str | None = None
        self.in_body = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {name.lower(): (value or "").strip() for name, value in attrs}
        if tag == "body":
            self.in_body = True
        elif tag == "link" and "canonical" in values.get("rel", "").lower().split():
            self.canonical = self.canonical or values.get("href") or None
        elif tag == "meta" and values.get("property", values.get("name", "")).lower() == "og:url":
            self.og_url = self.og_url or values.get("content") or None


def declared_page_url(page: str) -> str | None:
    """The URL a page says it lives at: canonical link first, then og:url."""
    parser = _HeadLinks()
    head_end = page.lower().find("<body")
    _feed_leniently(parser, page if head_end < 0 else page[:head_end])
    return _absolute_url(parser.canonical) or _absolute_url(parser.og_url)


def declared_charset(head: bytes) -> str | None:
    """The charset a page declares in <meta>, read from its first bytes."""
    match = re.search(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", head[:4096], re.I)
    return match.group(1).decode("ascii") if match else None


def _feed_leniently(parser: HTMLParser, markup: str) -> None:
    # The stdlib parser asserts on a few malformed constructs (odd marked
    # sections); what it read up to there is still worth keeping.
    try:
        parser.feed(markup)
        parser.close()
    except AssertionError:
        pass


def _absolute_url(url: str | None) -> str | None:
    # A relative canonical link says nothing without the page's own address.
    if url and re.match(r"^https?://", url, re.I):
        return url
    return None
