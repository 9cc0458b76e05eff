"""The polite fetcher against servers on 127.0.0.1 that the tests start and stop: politeness
measured at the server, conditional GET, and every fault turned into a FetchFailure."""

from __future__ import annotations

import asyncio
import gzip
from collections.abc import Iterator
from pathlib import Path

import pytest

from dyad.follow.fetch import Fetcher, FetchFailure, FetchSettings, Page
from dyad.follow.follower import Follower, store_and_code
from dyad.follow.sources import load_sources
from dyad.scale.runner import CoderSpec

from .site import Reply, Site, article_page, news_sitemap, rss

FAST = FetchSettings(contact="tests@example.invalid", rate=50, timeout=0.5, total_timeout=2.0, retries=1, backoff=0.05)


@pytest.fixture
def site() -> Iterator[Site]:
    server = Site()
    server.add("/robots.txt", Reply(200, b"User-agent: *\nDisallow: /private/\n", "text/plain"))
    with server.running():
        yield server


def _get(settings: FetchSettings, urls: list[str], **validators: str) -> list[Page | FetchFailure]:
    async def run() -> list[Page | FetchFailure]:
        async with Fetcher(settings) as fetcher:
            return await asyncio.gather(*(_one(fetcher, url, validators) for url in urls))

    return asyncio.run(run())


async def _one(fetcher: Fetcher, url: str, validators: dict[str, str]) -> Page | FetchFailure:
    try:
        return await fetcher.get(url, **validators)
    except FetchFailure as failure:
        return failure


def test_rate_and_concurrency_per_host_measured_at_the_server(site: Site) -> None:
    rate = 10
    for n in range(30):
        site.add(f"/a/{n}.html", Reply(200, article_page(n).encode(), delay=0.15))
    settings = FetchSettings(rate=rate, concurrency=2, timeout=2, total_timeout=5)
    results = _get(settings, [f"{site.base}/a/{n}.html" for n in range(30)])
    assert all(isinstance(r, Page) for r in results)
    times = sorted(t for t, _path in site.arrivals)
    assert len(times) == 31  # robots.txt once, then each page once
    # Never more than `rate` requests in any one second (20 ms allowed for the server's own timing).
    windows = [times[i + rate] - times[i] for i in range(len(times) - rate)]
    assert min(windows) >= 0.98, min(windows)
    assert site.max_in_flight == 2  # the cap is reached, and never passed


def test_two_hosts_are_limited_separately(site: Site) -> None:
    other = Site()
    for server in (site, other):
        for n in range(6):
            server.add(f"/a/{n}.html", Reply(200, b"<p>x</p>"))
    with other.running():
        urls = [f"{s.base}/a/{n}.html" for s in (site, other) for n in range(6)]
        results = _get(FetchSettings(rate=5, timeout=2), urls)
    assert all(isinstance(r, Page) for r in results)
    first = min(t for t, _ in site.arrivals + other.arrivals)
    last = max(t for t, _ in site.arrivals + other.arrivals)
    assert last - first < 2.0  # 7 requests a host at 5/s: ~1.3 s when the hosts run side by side


def test_conditional_get_user_agent_and_robots(site: Site) -> None:
    site.add("/feed.xml", Reply(200, b"<rss><channel></channel></rss>", "application/rss+xml", etag=True))
    site.add("/private/x.html", Reply(200, b"secret"))
    (page,) = _get(FAST, [f"{site.base}/feed.xml"])
    assert isinstance(page, Page) and page.status == 200 and page.etag and page.last_modified
    (again,) = _get(FAST, [f"{site.base}/feed.xml"], etag=page.etag)
    assert isinstance(again, Page) and again.unchanged and again.body == b""
    (since,) = _get(FAST, [f"{site.base}/feed.xml"], last_modified=page.last_modified)
    assert isinstance(since, Page) and since.unchanged
    (denied,) = _get(FAST, [f"{site.base}/private/x.html"])
    assert isinstance(denied, FetchFailure) and "robots.txt" in denied.reason
    assert site.counts.get("/private/x.html") is None  # never asked for
    assert all("dyad/" in agent and "tests@example.invalid" in agent for agent in site.user_agents)


def test_retry_after_is_honoured(site: Site) -> None:
    site.add("/busy.html", lambda n: Reply(429, b"", headers={"Retry-After": "1"}) if n == 1 else Reply(200, b"ok"))
    (page,) = _get(FAST, [f"{site.base}/busy.html"])
    assert isinstance(page, Page) and page.body == b"ok"
    first, second = (t for t, path in site.arrivals if path == "/busy.html")
    assert second - first >= 1.0


def test_faults_become_failures(site: Site) -> None:
    site.add("/gone.html", Reply(404, b"no"))
    site.add("/down.html", Reply(503, b"", headers={"Retry-After": "0"}))
    site.add("/later.html", Reply(429, b"", headers={"Retry-After": "3600"}))
    site.add("/slow.html", Reply(200, b"late", delay=1.5))
    site.add("/broken.html", Reply(200, b"<html><p>cut", broken=True))
    site.add("/loop-a", Reply(302, b"", headers={"Location": "/loop-b"}))
    site.add("/loop-b", Reply(302, b"", headers={"Location": "/loop-a"}))
    for n in range(8):
        site.add(f"/hop/{n}", Reply(301, b"", headers={"Location": f"/hop/{n + 1}"}))
    site.add("/huge.html", Reply(200, lambda: (b"<p>" + b"x" * 65_533 for _ in range(320))))  # 20 MB, chunked
    site.add("/declared.html", Reply(200, b"x" * 2_000_000))
    paths = ["/gone.html", "/down.html", "/later.html", "/slow.html", "/broken.html", "/loop-a", "/hop/0",
             "/huge.html", "/declared.html"]  # fmt: skip
    settings = FetchSettings(rate=50, timeout=0.5, total_timeout=2.0, retries=1, backoff=0.05, max_bytes=1_000_000,
                             max_redirects=5, max_retry_after=10)  # fmt: skip
    results = dict(zip(paths, _get(settings, [site.base + p for p in paths]), strict=True))
    assert all(isinstance(r, FetchFailure) for r in results.values()), results
    reason = {p: (r.status, r.reason) for p, r in results.items() if isinstance(r, FetchFailure)}
    assert reason["/gone.html"] == (404, "HTTP 404 Not Found")
    assert reason["/down.html"][0] == 503 and site.counts["/down.html"] == 2  # tried again once
    assert reason["/later.html"] == (429, "HTTP 429, asked to come back after 3600 s")
    assert "timed out" in reason["/slow.html"][1]
    assert "broken response" in reason["/broken.html"][1]
    assert "redirect loop" in reason["/loop-a"][1]
    assert "more than 5 redirects" in reason["/hop/0"][1]
    assert "stopped reading" in reason["/huge.html"][1]
    assert "over the 1,000,000-byte cap" in reason["/declared.html"][1]


def test_unreachable_host_fails_fast() -> None:
    site = Site()
    base = site.base
    with site.running():
        pass  # started and stopped: nothing listens on its port now
    (failure,) = _get(FAST, [f"{base}/a.html"])
    assert isinstance(failure, FetchFailure) and "unreachable" in failure.reason and failure.transient


def test_rate_holds_across_passes(site: Site, tmp_path: Path) -> None:
    site.add("/feed.xml", Reply(200, rss(site.base, []).encode(), "application/rss+xml", etag=True))
    sources = tmp_path / "sources.yaml"
    sources.write_text(f"rate: 2\nsources: [{site.base}/feed.xml]\n", encoding="utf-8")
    follower = Follower(load_sources(sources), str(tmp_path / "s.duckdb"), store_and_code(CoderSpec()))
    for _ in range(3):  # back to back, as `--every` does when a pass outlasts the interval
        follower.run_pass()
    times = sorted(t for t, _path in site.arrivals)
    assert len(times) == 6  # robots.txt and the feed, each pass
    assert min(times[i + 2] - times[i] for i in range(len(times) - 2)) >= 0.98


def test_gzipped_sitemap_is_read(site: Site, tmp_path: Path) -> None:
    sitemap = gzip.compress(news_sitemap(site.base, [1, 2, 3]).encode())
    site.add("/sitemap.xml.gz", Reply(200, sitemap, "application/x-gzip"))
    sources = tmp_path / "sources.yaml"
    sources.write_text(f"rate: 50\nsources: [{site.base}/sitemap.xml.gz]\n", encoding="utf-8")
    follower = Follower(load_sources(sources), str(tmp_path / "s.duckdb"), store_and_code(CoderSpec()), settings=FAST)
    report = follower.run_pass()
    assert report.listed == 3  # (the site has none of those articles: three 404s, nothing to code)
    assert report.errors == 3 and all("404" in m for m in report.messages)
