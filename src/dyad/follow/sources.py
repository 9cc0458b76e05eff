"""The sources file: which feeds, sitemaps and front pages `dyad follow` reads.

    contact: you@example.org        # put in the User-Agent, so a site can reach you
    rate: 1                         # requests per second per host (default 1)
    sources:
      - url: https://example.org/rss.xml
        name: Example News
        language: en
        country: PAK
        rate: 0.5
      - https://example.org/news-sitemap.xml    # a bare URL is enough

Every mistake is reported once, naming the file and line.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from dyad.follow.urls import is_web_url

KINDS = ("auto", "feed", "sitemap", "page")
SOURCE_KEYS = ("url", "kind", "name", "language", "country", "rate")
TOP_KEYS = ("sources", "contact", "rate", "concurrency", "user_agent")
DEFAULT_RATE = 1.0
DEFAULT_CONCURRENCY = 2


class SourcesError(ValueError):
    """A sources file that cannot be used; the message names file and line."""


@dataclass(frozen=True)
class Source:
    url: str
    kind: str = "auto"  # feed | sitemap | page, or found from the response
    name: str | None = None
    language: str | None = None
    country: str | None = None
    rate: float | None = None  # requests per second to this source's host

    @property
    def label(self) -> str:
        return self.name or self.url


@dataclass(frozen=True)
class SourcesFile:
    path: str
    sources: tuple[Source, ...]
    contact: str | None = None
    user_agent: str | None = None
    rate: float = DEFAULT_RATE
    concurrency: int = DEFAULT_CONCURRENCY


def load_sources(path: str | Path) -> SourcesFile:
    """Read and check a sources file; SourcesError on the first mistake."""
    name = str(path)
    try:
        text = Path(path).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise SourcesError(f"{name}: cannot read the sources file ({exc})") from None
    try:
        root = yaml.compose(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"{name}:{mark.line + 1}" if mark else name
        raise SourcesError(f"{where}: not valid YAML ({getattr(exc, 'problem', exc)})") from None
    return _sources_file(name, root)


def _sources_file(name: str, root: Any) -> SourcesFile:
    if not isinstance(root, yaml.MappingNode):
        raise SourcesError(f"{name}:1: expected a mapping with a `sources:` list, e.g. sources: [{{url: ...}}]")
    top = _mapping(name, root, TOP_KEYS)
    if "sources" not in top:
        raise SourcesError(f"{name}:1: no `sources:` list")
    listing = top["sources"]
    if not isinstance(listing, yaml.SequenceNode) or not listing.value:
        raise SourcesError(f"{_at(name, listing)}: `sources:` must be a non-empty list of URLs or {{url: ...}} entries")
    sources = tuple(_source(name, node) for node in listing.value)
    seen: dict[str, int] = {}
    for node, source in zip(listing.value, sources, strict=True):
        if source.url in seen:
            raise SourcesError(f"{_at(name, node)}: {source.url} is already listed on line {seen[source.url]}")
        seen[source.url] = node.start_mark.line + 1
    return SourcesFile(
        path=name,
        sources=sources,
        contact=_string(name, top.get("contact")),
        user_agent=_string(name, top.get("user_agent")),
        rate=_rate(name, top["rate"]) if "rate" in top else DEFAULT_RATE,
        concurrency=_count(name, top["concurrency"]) if "concurrency" in top else DEFAULT_CONCURRENCY,
    )


def _source(name: str, node: Any) -> Source:
    if isinstance(node, yaml.ScalarNode):
        return Source(url=_url(name, node))
    if not isinstance(node, yaml.MappingNode):
        raise SourcesError(f"{_at(name, node)}: a source is a URL or a mapping with `url:`")
    fields = _mapping(name, node, SOURCE_KEYS)
    if "url" not in fields:
        raise SourcesError(f"{_at(name, node)}: this source has no `url:`")
    kind = _string(name, fields.get("kind")) or "auto"
    if kind not in KINDS:
        raise SourcesError(f"{_at(name, fields['kind'])}: kind {kind!r} is not one of {', '.join(KINDS)}")
    return Source(
        url=_url(name, fields["url"]),
        kind=kind,
        name=_string(name, fields.get("name")),
        language=_string(name, fields.get("language")),
        country=_string(name, fields.get("country")),
        rate=_rate(name, fields["rate"]) if "rate" in fields else None,
    )


def _mapping(name: str, node: Any, allowed: tuple[str, ...]) -> dict[str, Any]:
    found: dict[str, Any] = {}
    for key_node, value_node in node.value:
        key = str(key_node.value)
        if key not in allowed:
            raise SourcesError(f"{_at(name, key_node)}: unknown key {key!r} (expected one of {', '.join(allowed)})")
        found[key] = value_node
    return found


def _at(name: str, node: Any) -> str:
    return f"{name}:{node.start_mark.line + 1}"


def _string(name: str, node: Any) -> str | None:
    if node is None:
        return None
    if not isinstance(node, yaml.ScalarNode):
        raise SourcesError(f"{_at(name, node)}: expected a single value here")
    value = str(node.value).strip()
    return value or None


def _url(name: str, node: Any) -> str:
    url = _string(name, node) or ""
    if not is_web_url(url):
        raise SourcesError(f"{_at(name, node)}: {url!r} is not an http(s) URL")
    return url


def _rate(name: str, node: Any) -> float:
    text = _string(name, node) or ""
    try:
        rate = float(text)
    except ValueError:
        rate = -1.0
    if not 0 < rate <= 100:
        raise SourcesError(f"{_at(name, node)}: rate {text!r} must be requests per second, above 0 and at most 100")
    return rate


def _count(name: str, node: Any) -> int:
    text = _string(name, node) or ""
    if not text.isdigit() or not 1 <= int(text) <= 16:
        raise SourcesError(f"{_at(name, node)}: concurrency {text!r} must be a whole number from 1 to 16")
    return int(text)
