"""The web app in a real browser: Debian's Chromium driven by Playwright, against
`python -m dyad serve` on a free loopback port. Screenshots go to test-output/.

Skipped (with the reason) when /usr/bin/chromium or Playwright is missing: no browser is
ever downloaded (`playwright install` is not used).
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import httpx
import pytest

from conftest import shared_dir
from test_web import SHORT_TEXT, build_store

pytestmark = pytest.mark.browser

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]  # fmt: skip

if not CHROMIUM.exists():
    pytest.skip(
        f"{CHROMIUM} not found: install Debian's Chromium (apt-get install -y chromium)"
        " to run the browser tests",
        allow_module_level=True,
    )
try:
    from playwright.sync_api import Browser, Page, sync_playwright
except ImportError:
    pytest.skip("playwright is not installed (pip install -e '.[dev]')", allow_module_level=True)


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextmanager
def serving(db: Path) -> Iterator[str]:
    """`python -m dyad serve` over the store `db` on a free loopback port; its base URL."""
    port = free_port()
    env = {k: v for k, v in os.environ.items() if k != "DYAD_TOKEN"}
    log = db.with_suffix(".log")
    with log.open("wb") as out:
        proc = subprocess.Popen(
            [sys.executable, "-m", "dyad", "serve", "--db", str(db), "--port", str(port)],
            stdout=out, stderr=subprocess.STDOUT, env=env,
        )  # fmt: skip
    base = f"http://127.0.0.1:{port}"
    try:
        _wait_until_ready(base, proc, log)
        yield base
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The app over a store made by the test; its base URL."""
    db = tmp_path_factory.mktemp("browser") / "browser.duckdb"
    build_store(db)
    with serving(db) as base:
        yield base


def _wait_until_ready(base: str, proc: subprocess.Popen[bytes], log: Path) -> None:
    """Until the server answers and its coder has warmed up (so coding is quick)."""
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            pytest.fail(f"dyad serve exited ({proc.returncode}): {log.read_text()[-2000:]}")
        try:
            status = httpx.get(base + "/api/status", timeout=5).json()
        except httpx.HTTPError:
            time.sleep(0.2)
            continue
        if status.get("coder_ready") or status.get("coder_error"):
            return
        time.sleep(0.3)
    pytest.fail("dyad serve did not become ready in 120 s")


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS)
        try:
            yield b
        finally:
            b.close()


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    pg = context.new_page()
    errors: list[str] = []
    pg.on("pageerror", lambda exc: errors.append(str(exc)))
    pg.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
    pg.set_default_timeout(30_000)
    yield pg
    context.close()
    assert not errors, f"errors in the page: {errors}"


def test_overview(server: str, page: Page, output_dir: Path) -> None:
    page.goto(server + "/")
    assert page.locator("h1").inner_text() == "Overview"
    assert page.locator("a[href='/dyad/CHN/PAK']").count() >= 1
    assert page.locator("table.events tbody tr").count() >= 5
    page.screenshot(path=str(output_dir / "overview.png"), full_page=True)


def test_dyad_chart_renders(server: str, page: Page, output_dir: Path) -> None:
    requests: list[str] = []
    page.on("request", lambda req: requests.append(req.url))
    page.goto(server + "/dyad/PAK/CHN")
    page.wait_for_selector("#chart svg, #chart canvas", timeout=60_000)
    assert page.locator("#chart").get_attribute("data-state") in (None, "rendered")
    page.wait_for_function("document.getElementById('chart').dataset.state === 'rendered'")
    assert page.locator("#chart svg g[class*='mark-']").count() >= 1  # marks were drawn
    assert page.locator("table.events tbody tr").count() == 9
    page.screenshot(path=str(output_dir / "dyad.png"), full_page=True)
    # nothing left this machine
    assert all(url.startswith(server) for url in requests), requests
    # the filter form narrows the table
    page.select_option("select[name=mode]", "negated")
    page.click("form.filters button[type=submit]")
    page.wait_for_url("**mode=negated**")
    assert page.locator("table.events tbody tr").count() == 1


def test_document_highlights(server: str, page: Page, output_dir: Path) -> None:
    page.goto(server + "/doc/01ababababababab")
    marks = page.locator("article.text mark")
    assert marks.count() >= 6
    src = page.locator("article.text mark.src").first
    assert "rule verb:" in (src.get_attribute("title") or "")
    # the colours differ by role
    colours = {
        kind: page.locator(f"article.text mark.{kind}").first.evaluate(
            "el => getComputedStyle(el).backgroundColor"
        )
        for kind in ("src", "trg", "tgt")
    }
    assert len(set(colours.values())) == 3, colours
    src.hover()
    assert page.locator("ol.event-list li.active").count() >= 1
    page.screenshot(path=str(output_dir / "doc.png"), full_page=True)


def _seed_text() -> tuple[str, bool]:
    shared = shared_dir()
    seed = shared / "corpus" / "seed_readout.txt" if shared else None
    if seed is not None and seed.exists():
        return seed.read_text(encoding="utf-8"), True
    return SHORT_TEXT, False


def _code(page: Page, server: str, text: str, date: str) -> None:
    page.goto(server + "/code")
    page.fill("textarea[name=text]", text)
    page.fill("input[name=date]", date)
    page.click("#code-button")
    page.wait_for_selector("section.result", timeout=60_000)


def test_code_seed(server: str, page: Page, output_dir: Path) -> None:
    text, is_seed = _seed_text()
    _code(page, server, text, "2026-01-05")
    events = page.locator("section.result ol.event-list > li")
    assert events.count() >= 1, "no events coded from the article"
    assert page.locator("section.result article.text mark").count() >= 1
    # Both texts are about Pakistan and China: their events are listed with both countries.
    who = " ".join(page.locator("section.result ol.event-list .who").all_inner_texts())
    assert "PAK" in who and "CHN" in who, who
    page.screenshot(path=str(output_dir / ("code-seed.png" if is_seed else "code-short.png")),
                    full_page=True)  # fmt: skip


def test_code_short_text(server: str, page: Page, output_dir: Path) -> None:
    expected: list[dict[str, Any]] = httpx.post(
        server + "/api/code", json={"text": SHORT_TEXT, "date": "2026-01-05"}, timeout=60
    ).json()["events"]
    _code(page, server, SHORT_TEXT, "2026-01-05")
    page.screenshot(path=str(output_dir / "code-short.png"), full_page=True)
    items = page.locator("section.result ol.event-list > li")
    assert items.count() == len(expected)
    pak_chn = [e for e in expected
               if {(e["source"] or {}).get("country"), (e["target"] or {}).get("country")}
               & {"PAK", "CHN"}]  # fmt: skip
    # The short text states an agreement (03) and praise (05) between the two: coding that breaks fails here.
    assert {e["cameo"][:2] for e in pak_chn} >= {"03", "05"}, expected
    marked = page.locator("section.result article.text mark").all_inner_texts()
    assert "Pakistan" in marked or "China" in marked, marked
    who = " ".join(page.locator("section.result ol.event-list .who").all_inner_texts())
    assert "PAK" in who and "CHN" in who
