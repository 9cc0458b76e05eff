"""`dyad follow` end to end against a local news site of 200 articles: coded in one pass,
nothing new in the second, every fault recorded and survived, interrupted passes resumed."""

from __future__ import annotations

import json
import os
import signal
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import duckdb
import pytest
from typer.testing import CliRunner

from dyad.cli.main import app
from dyad.follow.fetch import FetchSettings
from dyad.follow.follower import Follower, PassReport, store_and_code
from dyad.follow.sources import load_sources
from dyad.scale.runner import CoderSpec

from .site import Reply, Site, article_page, article_text, news_sitemap, rss, sitemap_index

pytestmark = pytest.mark.slow
N = 200
FRONT = 5  # stories only the front page links to
FAST = FetchSettings(rate=100, concurrency=4, timeout=0.5, total_timeout=2.0, retries=1, backoff=0.05,
                     max_bytes=1_000_000)  # fmt: skip


@pytest.fixture(scope="module")
def code() -> Any:
    return store_and_code(CoderSpec())  # one coder (one model load) for the module


def news_site(n: int = N) -> Site:
    """`n` articles: the first half in an RSS feed (with tracking parameters), the rest in
    a news sitemap behind a sitemap index (which lists a few feed articles again). Every
    fourth page carries no date of its own. A copy of story 7 under another URL, and a
    near copy of story 8, are listed too."""
    feed, sitemap_numbers = range(0, n // 2), range(n // 2, n)
    site = Site()
    base = site.base
    robots = f"User-agent: *\nDisallow: /private/\nSitemap: {base}/sitemap_index.xml\n"
    site.add("/robots.txt", Reply(200, robots.encode(), "text/plain"))
    site.add(
        "/feed.xml", Reply(200, rss(base, list(feed), ("/copy/7.html",)).encode(), "application/rss+xml", etag=True)
    )
    site.add(
        "/sitemap_index.xml", Reply(200, sitemap_index(base, ["/news-sitemap.xml"]).encode(), "text/xml", etag=True)
    )
    sitemap = news_sitemap(base, [*sitemap_numbers, 1, 2, 3]).replace(
        "</urlset>", f"<url><loc>{base}/near/8.html</loc></url></urlset>"
    )
    site.add("/news-sitemap.xml", Reply(200, sitemap.encode(), "application/xml", etag=True))
    for number in range(n):
        site.add(f"/articles/{number}.html", Reply(200, article_page(number, dated=number % 4 != 0).encode()))
    site.add("/copy/7.html", Reply(200, article_page(7).encode()))
    near = article_text(8) + "\n\n(Reporting by the desk.)"
    site.add("/near/8.html", Reply(200, article_page(8, text=near).encode()))
    announce = f"<link rel='alternate' type='application/rss+xml' href='{base}/feed.xml'>"
    # The front page links to FRONT more stories (with a tracking parameter) and to pages that are no stories.
    stories = "".join(f"<a href='/articles/{k}.html?ref=home'>Story {k}</a>" for k in range(n, n + FRONT))
    home = f"<html><head>{announce}</head><body><a href='/about'>About</a><a href='/tag/x'>X</a>{stories}</body></html>"
    for k in range(n, n + FRONT):
        site.add(f"/articles/{k}.html", Reply(200, article_page(k).encode()))
    site.add("/", Reply(200, home.encode()))
    return site


@pytest.fixture
def site() -> Iterator[Site]:
    server = news_site()
    with server.running():
        yield server


def _sources(tmp_path: Path, site: Site, extra: str = "") -> Path:
    path = tmp_path / "sources.yaml"
    path.write_text(
        "contact: tests@example.invalid\nrate: 100\nconcurrency: 4\nsources:\n"
        f"  - url: {site.base}/feed.xml\n    name: Test Wire\n    country: PAK\n"
        f"  - url: {site.base}/sitemap_index.xml\n    name: Test Wire sitemap\n{extra}",
        encoding="utf-8",
    )
    return path


def _scalar(db: Path, sql: str) -> Any:
    con = duckdb.connect(str(db), read_only=True)
    try:
        row = con.execute(sql).fetchone()
    finally:
        con.close()
    return row[0] if row else None


def test_follow_codes_200_articles_then_fetches_nothing_new(tmp_path: Path, site: Site) -> None:
    db = tmp_path / "news.duckdb"
    sources = _sources(tmp_path, site, f"  - url: {site.base}/\n    kind: page\n    name: Front page\n")
    runner = CliRunner()
    first = runner.invoke(app, ["follow", str(sources), "--db", str(db), "--once", "--json", "--timeout", "2"])
    assert first.exit_code == 0, first.output
    summary = json.loads(first.stdout)
    stories = N + FRONT
    assert summary["new_articles"] == stories + 1 and summary["errors"] == 0, summary  # and the near copy
    assert summary["known"] == 1  # the copy of story 7: same text, not stored twice
    assert _scalar(db, "SELECT count(*) FROM documents") == stories + 1
    assert _scalar(db, "SELECT count(*) FROM documents WHERE coded_at IS NOT NULL AND duplicate_of IS NULL") == stories
    assert _scalar(db, "SELECT count(*) FROM documents WHERE duplicate_of IS NOT NULL") == 1
    assert _scalar(db, "SELECT count(DISTINCT doc_id) FROM events") >= stories * 0.9
    assert _scalar(db, "SELECT count(*) FROM documents WHERE date IS NULL") == 0
    # Undated pages took the date their feed or sitemap gave.
    assert _scalar(db, "SELECT count(*) FROM documents WHERE date_source = 'feed'") == N // 4
    assert (
        _scalar(db, "SELECT count(*) FROM documents WHERE extra->>'feed' IS NULL OR extra->>'fetched_at' IS NULL") == 0
    )
    assert _scalar(db, "SELECT count(*) FROM documents WHERE url LIKE '%utm_%'") == 0
    assert site.requests_to("/articles/") == stories  # each once, though listed twice or with tracking
    before = len(site.arrivals)

    second = runner.invoke(app, ["follow", str(sources), "--db", str(db), "--once", "--json"])
    assert second.exit_code == 0, second.output
    again = json.loads(second.stdout)
    assert again["new_articles"] == 0 and again["unchanged_sources"] == 2 and again["errors"] == 0
    later = [path for _, path in site.arrivals[before:]]
    assert sorted(later) == ["/", "/feed.xml", "/robots.txt", "/sitemap_index.xml"]  # no article asked for again
    assert all(status == 304 for path, status in site.statuses[before:] if path in ("/feed.xml", "/sitemap_index.xml"))
    assert _scalar(db, "SELECT count(*) FROM documents") == stories + 1

    listed = runner.invoke(app, ["sources", "--db", str(db), "--json"])
    rows = {row["name"]: row for row in json.loads(listed.stdout)["sources"]}
    assert rows["Test Wire"]["passes"] == 2 and rows["Test Wire"]["last_status"] == 304
    # Stories 1-3 are in the feed and the sitemap: whichever is read first lists them.
    assert rows["Test Wire"]["articles"] + rows["Test Wire sitemap"]["articles"] == N + 1  # and the near copy
    assert rows["Test Wire"]["articles"] >= N // 2 - 3 and rows["Test Wire"]["error_rate"] == 0
    assert rows["Front page"]["articles"] == FRONT and rows["Front page"]["last_status"] == 200


FAULTS = {
    "/private/secret.html": "disallowed by the site's robots.txt",
    "/gone.html": "HTTP 404 Not Found",
    "/down.html": "HTTP 503 Service Unavailable",
    "/slow.html": "timed out",
    "/broken.html": "broken response",
    "/loop-a": "redirect loop",
    "/huge.html": "stopped reading",
    "/report.pdf": "not an HTML page (application/pdf)",
    "/menu.html": "no article text found",
}


def _add_faults(site: Site) -> None:
    site.add("/gone.html", Reply(404, b"no"))
    site.add("/down.html", Reply(503, b"", headers={"Retry-After": "0"}))
    site.add(
        "/busy.html",
        lambda n: Reply(429, b"", headers={"Retry-After": "1"}) if n == 1 else Reply(200, article_page(150).encode()),
    )
    site.add("/slow.html", Reply(200, article_page(151).encode(), delay=1.5))
    site.add("/broken.html", Reply(200, article_page(152).encode()[:200], broken=True))
    site.add("/loop-a", Reply(302, b"", headers={"Location": "/loop-b"}))
    site.add("/loop-b", Reply(302, b"", headers={"Location": "/loop-a"}))
    site.add("/huge.html", Reply(200, lambda: (b"<p>" + b"word " * 13_000 + b"</p>" for _ in range(320))))  # ~20 MB
    site.add("/report.pdf", Reply(200, b"%PDF-1.4 binary", "application/pdf"))
    site.add("/menu.html", Reply(200, b"<html><body><nav><a href='/'>Home</a></nav></body></html>"))
    links = ("/articles/1.html", "/busy.html", *FAULTS)
    site.add("/faults.xml", Reply(200, rss(site.base, [], links).encode(), "application/rss+xml"))
    site.add("/missing-feed.xml", Reply(404, b"no"))


def test_every_fault_is_recorded_and_survived(tmp_path: Path, site: Site, code: Any) -> None:
    _add_faults(site)
    dead = Site()
    dead_base = dead.base  # never started: nothing listens there
    db = tmp_path / "faults.duckdb"
    sources = tmp_path / "sources.yaml"
    sources.write_text(
        f"sources:\n  - {site.base}/faults.xml\n  - {site.base}/missing-feed.xml\n  - {dead_base}/feed.xml\n",
        encoding="utf-8",
    )
    report = Follower(load_sources(sources), str(db), code, settings=FAST).run_pass()
    assert report.new_articles == 2  # story 1, and the page that answered 429 first
    con = duckdb.connect(str(db), read_only=True)
    try:
        errors = con.execute("SELECT url, status, reason FROM fetch_errors").fetchall()
        run = con.execute("SELECT status, n_errors FROM runs").fetchone()
    finally:
        con.close()
    by_path = {url.removeprefix(site.base): (status, reason) for url, status, reason in errors}
    for path, words in FAULTS.items():
        assert words in by_path[path][1], (path, by_path.get(path))
    assert by_path["/missing-feed.xml"] == (404, "HTTP 404 Not Found")
    assert any(url.startswith(dead_base) and "unreachable" in reason for url, _, reason in errors)
    assert len(errors) == len(FAULTS) + 2 == report.errors
    assert run == ("done", len(FAULTS) + 2)
    listed = CliRunner().invoke(app, ["sources", "--db", str(db), "--errors", "20", "--json"])
    shown = json.loads(listed.stdout)
    rates = {row["url"].removeprefix(site.base): row["error_rate"] for row in shown["sources"]}
    assert rates["/faults.xml"] == 0.75 and rates["/missing-feed.xml"] == 1.0  # 9 of 12 pages; 1 of 1
    assert len(shown["errors"]) == len(FAULTS) + 2
    table = CliRunner().invoke(app, ["sources", "--db", str(db), "--errors", "3"], env={"COLUMNS": "200"})
    assert table.exit_code == 0 and "error rate" in table.output and "last fetch errors" in table.output
    _web_shows_sources(db, site)
    # A second pass tries again what failed for a passing reason (503, timeout, a broken
    # response) and the failing sources, never what failed for good.
    again = Follower(load_sources(sources), str(db), code, settings=FAST).run_pass()
    assert again.errors == 3 + 2 and again.new_articles == 0
    assert site.counts["/gone.html"] == 1 and site.counts["/down.html"] == 4  # two tries in each pass


def _web_shows_sources(db: Path, site: Site) -> None:
    from fastapi.testclient import TestClient

    from dyad.web.app import create_app

    with TestClient(create_app(db, warm=False)) as client:
        overview = client.get("/")
        assert overview.status_code == 200 and "Followed sources" in overview.text and "75%" in overview.text
        page = client.get("/sources")
        assert page.status_code == 200 and "redirect loop" in page.text and "100%" in page.text
        api = client.get("/api/sources").json()
        rates = {row["url"].removeprefix(site.base): row["error_rate"] for row in api["sources"]}
        assert rates["/faults.xml"] == 0.75 and len(api["errors"]) == len(FAULTS) + 2


def test_an_interrupted_pass_resumes(tmp_path: Path, code: Any) -> None:
    small = news_site(40)
    db = tmp_path / "resume.duckdb"

    def stop_after_first_batch(report: PassReport) -> None:
        if report.fetched:
            raise KeyboardInterrupt

    with small.running():
        sources = load_sources(_sources(tmp_path, small))
        follower = Follower(sources, str(db), code, settings=FAST, batch=15, on_progress=stop_after_first_batch)
        with pytest.raises(KeyboardInterrupt):
            follower.run_pass()
        assert _scalar(db, "SELECT count(*) FROM documents") == 15
        assert _scalar(db, "SELECT status FROM runs") == "interrupted"
        follower.on_progress = lambda _report: None
        report = follower.run_pass()
    assert report.unchanged == 2  # the sources had not changed: the queue in the store carried the rest
    assert report.new_articles == 40 + 1 - 15  # with the near copy of story 8
    assert _scalar(db, "SELECT count(*) FROM documents") == 40 + 1
    assert small.requests_to("/articles/") == 40


def test_a_pass_holds_the_store_only_per_batch(tmp_path: Path, code: Any) -> None:
    """Issue 12, failure 3: a pass held the store read-write from start to end, so `dyad serve`
    could not read it. Between batches the file is closed now: a read-only connection opens
    (DuckDB refuses one in this process while the pass has the file open) and sees the
    articles stored so far."""
    small = news_site(40)
    db = tmp_path / "live.duckdb"
    seen: list[int] = []

    def read_between_batches(report: PassReport) -> None:
        con = duckdb.connect(str(db), read_only=True)
        try:
            row = con.execute("SELECT count(*) FROM documents").fetchone()
        finally:
            con.close()
        seen.append(int(row[0]) if row else -1)

    with small.running():
        sources = load_sources(_sources(tmp_path, small))
        Follower(sources, str(db), code, settings=FAST, batch=10, on_progress=read_between_batches).run_pass()
    assert seen[0] == 0 and seen[-1] == 40 + 1, seen  # with the near copy of story 8
    assert len(set(seen)) >= 5, seen  # the documents grew batch by batch, seen while the pass went on
    assert _scalar(db, "SELECT status FROM runs") == "done"


def test_add_finds_the_feed_and_sitemaps(tmp_path: Path, site: Site) -> None:
    sources = tmp_path / "mine.yaml"
    sources.write_text(f"# my sources\nsources:\n  - {site.base}/feed.xml\n", encoding="utf-8")
    result = CliRunner().invoke(
        app, ["follow", str(sources), "--add", site.base + "/", "--timeout", "2", "--rate", "20"]
    )
    assert result.exit_code == 0, result.output
    loaded = load_sources(sources)
    urls = {s.url: s.kind for s in loaded.sources}
    assert urls == {f"{site.base}/feed.xml": "auto", f"{site.base}/sitemap_index.xml": "sitemap"}
    assert sources.read_text(encoding="utf-8").startswith("# my sources")
    assert "already listed" in result.output  # the feed the page announces


def test_add_tries_the_usual_places_when_nothing_is_announced(tmp_path: Path) -> None:
    site = Site()
    site.add("/", Reply(200, b"<html><body><p>Welcome</p></body></html>"))
    site.add("/rss.xml", Reply(200, rss(site.base, [1, 2]).encode(), "application/rss+xml"))
    sources = tmp_path / "new.yaml"
    with site.running():
        result = CliRunner().invoke(app, ["follow", str(sources), "--add", site.base, "--timeout", "2", "--rate", "20"])
    assert result.exit_code == 0, result.output
    (found,) = load_sources(sources).sources
    assert (found.url, found.kind, found.name) == (f"{site.base}/rss.xml", "feed", "Test Wire")


def test_every_keeps_going_with_a_live_status_until_stopped(tmp_path: Path) -> None:
    site = Site()
    site.add("/feed.xml", Reply(200, rss(site.base, []).encode(), "application/rss+xml", etag=True))
    sources = tmp_path / "sources.yaml"
    sources.write_text(f"rate: 10\nsources: [{{url: '{site.base}/feed.xml', name: Quiet Wire}}]\n", encoding="utf-8")
    db = tmp_path / "every.duckdb"
    stop = threading.Timer(3.0, os.kill, (os.getpid(), signal.SIGTERM))  # as a service manager would
    with site.running():
        stop.start()
        result = CliRunner().invoke(
            app, ["follow", str(sources), "--db", str(db), "--every", "1s"], env={"COLUMNS": "150"}
        )
        stop.join()
    assert result.exit_code == 0, result.output
    assert "next pass in" in result.output and "stopped" in result.output and "Traceback" not in result.output
    assert _scalar(db, "SELECT count(*) FROM runs WHERE status = 'done'") >= 2
    statuses = [status for path, status in site.statuses if path == "/feed.xml"]
    assert len(statuses) >= 2 and statuses[0] == 200 and set(statuses[1:]) == {304}
    assert _scalar(db, "SELECT count(*) FROM source_fetches") == len(statuses)


def test_follow_user_mistakes_exit_2(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("sources:\n  - url: nowhere\n", encoding="utf-8")
    runner = CliRunner()
    result = runner.invoke(app, ["follow", str(bad), "--once"])
    assert result.exit_code == 2 and f"{bad}:2" in result.output.replace("\n", "") and "Traceback" not in result.output
    every = runner.invoke(app, ["follow", str(bad), "--every", "often"])
    assert every.exit_code == 2 and "15m" in every.output
    missing = runner.invoke(app, ["sources", "--db", str(tmp_path / "none.duckdb")])
    assert missing.exit_code == 2 and "no such store" in " ".join(missing.output.split())
