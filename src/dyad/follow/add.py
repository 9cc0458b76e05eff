"""`dyad follow --add URL`: find a site's feeds and sitemaps and add them to a sources file.

The site's page is read for the feeds it announces (trafilatura's feed finder), its
robots.txt for sitemaps; when neither names any, the usual places (/feed, /rss.xml,
/sitemap.xml…) are tried. A candidate counts when it parses as a feed or sitemap with at least one link. All of it
goes through the polite fetcher (robots.txt, rate limit)."""

from __future__ import annotations

import asyncio
import json
from dataclasses import dataclass
from pathlib import Path

import yaml

from dyad.follow.discover import candidate_urls, kind_of, read_listing
from dyad.follow.fetch import Fetcher, FetchFailure, FetchSettings, Page
from dyad.follow.sources import SourcesError, load_sources


@dataclass(frozen=True)
class Found:
    url: str
    kind: str  # feed | sitemap
    links: int  # articles (or, for a sitemap index, sitemaps) it lists
    title: str | None = None


def discover(url: str, settings: FetchSettings) -> list[Found]:
    """Feeds and sitemaps of the site at `url` (the URL itself, when it is one)."""
    return asyncio.run(_discover(url, settings))


async def _discover(url: str, settings: FetchSettings) -> list[Found]:
    async with Fetcher(settings) as fetcher:
        page = await _get(fetcher, url)
        if page is not None and kind_of(page.body, page.content_type) != "page":
            itself = _as_source(url, page)
            return [itself] if itself else []
        rules = await _rules(fetcher, url)
        candidates = candidate_urls(url, page.body if page else None, rules)
        pages = await asyncio.gather(*(_get(fetcher, c) for c in candidates))
    found = [_as_source(c, p) for c, p in zip(candidates, pages, strict=True) if p is not None]
    return [f for f in found if f is not None]


async def _get(fetcher: Fetcher, url: str) -> Page | None:
    try:
        return await fetcher.get(url)
    except FetchFailure:
        return None  # not there: most guessed places are not


async def _rules(fetcher: Fetcher, url: str) -> list[str]:
    try:
        return (await fetcher.robots(url)).sitemaps()
    except FetchFailure:
        return []


def _as_source(url: str, page: Page) -> Found | None:
    kind = kind_of(page.body, page.content_type)
    if kind == "page":
        return None
    listing = read_listing(page.body, page.final_url, kind)
    links = len(listing.links) + len(listing.children)
    return Found(url, kind, links, listing.title) if links else None


def add_to_file(path: Path, found: list[Found]) -> list[Found]:
    """Append the sources not yet in the file (creating it); returns those added.

    The entries are appended as text, so the file keeps its comments; when the file's
    `sources:` list is not the last thing in it, the file is rewritten instead."""
    present: set[str] = set()
    if path.exists():
        present = {s.url for s in load_sources(path).sources}
    new = [f for f in found if f.url not in present]
    if not new:
        return []
    if not path.exists():
        path.write_text("sources:\n" + "".join(_entry(f) for f in new), encoding="utf-8")
        return new
    before = path.read_text(encoding="utf-8")
    path.write_text(before.rstrip("\n") + "\n" + "".join(_entry(f) for f in new), encoding="utf-8")
    try:
        grown = len(load_sources(path).sources) == len(present) + len(new)
    except SourcesError:
        grown = False
    if not grown:
        _rewrite(path, before, new)
    return new


def _entry(found: Found) -> str:
    # A JSON string is a valid YAML double-quoted scalar, whatever the title holds.
    name = f"\n    name: {json.dumps(found.title, ensure_ascii=False)}" if found.title else ""
    return f"  - url: {found.url}\n    kind: {found.kind}{name}\n"


def _rewrite(path: Path, before: str, new: list[Found]) -> None:
    data = yaml.safe_load(before) or {}
    data.setdefault("sources", [])
    for found in new:
        entry = {"url": found.url, "kind": found.kind}
        if found.title:
            entry["name"] = found.title
        data["sources"].append(entry)
    path.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), encoding="utf-8")
