"""Issue 12, failure 3: while `dyad code` wrote to a store, `dyad serve` on the same store
answered 503 to about three requests in four (HTML pages as raw JSON). Now writers hold the
DuckDB file only for each batch's transaction, and the server waits briefly for a batch to
end: every page answers while a run writes, and its events show up as it goes.

The test runs the two real processes on 127.0.0.1, polls a mix of pages throughout the run,
and prints the measured share of 200s and the latencies."""

from __future__ import annotations

import http.client
import json
import random
import socket
import statistics
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from dyad.store import open_store

pytestmark = pytest.mark.slow

COUNTRIES = ("Kenya", "Uganda", "Pakistan", "China", "India", "France", "Germany", "Brazil", "Egypt", "Japan",
             "Turkey", "Iran", "Israel", "Russia", "Ukraine", "Nigeria", "Mexico", "Canada")  # fmt: skip
DEEDS = ("praised", "criticized", "accused", "met with", "signed a trade agreement with", "threatened",
         "condemned", "agreed to expand cooperation with", "sent aid to", "expelled diplomats from")  # fmt: skip
PAGES = ("/", "/api/status", "/api/events?limit=20", "/api/dyads", "/dyad/KEN/UGA", "/documents",
         "/api/documents?limit=10")  # fmt: skip


N_DOCS = 800


def write_corpus(path: Path, n: int, seed: int = 12) -> None:
    """`n` made-up news items of five sentences each, every one with an event."""
    rng = random.Random(seed)
    with path.open("w", encoding="utf-8") as out:
        for i in range(n):
            sentences = []
            for k in range(5):
                a, b = rng.sample(COUNTRIES, 2)
                sentences.append(f"{a} {rng.choice(DEEDS)} {b} on Tuesday, officials said in report {i}-{k}.")
            record = {"id": f"n{i}", "date": f"2026-0{1 + i % 9}-1{i % 10}", "title": f"Item {i}",
                      "text": " ".join(sentences)}  # fmt: skip
            out.write(json.dumps(record) + "\n")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@dataclass
class Polls:
    statuses: list[int] = field(default_factory=list)
    seconds: list[float] = field(default_factory=list)
    failures: list[str] = field(default_factory=list)
    events_seen: list[int] = field(default_factory=list)  # /api/status counts during the run

    def share_ok(self) -> float:
        return self.statuses.count(200) / len(self.statuses)

    def summary(self) -> str:
        ms = sorted(s * 1000 for s in self.seconds)
        p95 = ms[int(0.95 * (len(ms) - 1))]
        return (f"{len(self.statuses)} requests during the run: {self.share_ok():.2%} answered 200; latency median"
                f" {statistics.median(ms):.0f} ms, p95 {p95:.0f} ms, max {ms[-1]:.0f} ms")  # fmt: skip


def get(port: int, path: str, accept: str) -> tuple[int, str, bytes]:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    try:
        conn.request("GET", path, headers={"Accept": accept})
        response = conn.getresponse()
        return response.status, response.getheader("content-type", ""), response.read()
    finally:
        conn.close()


def poll_once(port: int, path: str, polls: Polls) -> None:
    html = not path.startswith("/api")
    started = time.perf_counter()
    status, kind, body = get(port, path, "text/html" if html else "application/json")
    polls.seconds.append(time.perf_counter() - started)
    polls.statuses.append(status)
    if status != 200:
        polls.failures.append(f"{path}: {status} {body[:200]!r}")
    # An HTML page answers HTML whatever happens (a busy store too), never raw JSON.
    assert ("text/html" if html else "application/json") in kind, (path, status, kind)
    if path == "/api/status" and status == 200:
        polls.events_seen.append(int(json.loads(body)["counts"]["events"]))


def start_server(db: Path, port: int) -> subprocess.Popen[bytes]:
    server = subprocess.Popen([sys.executable, "-m", "dyad", "serve", "--db", str(db), "--port", str(port)],
                              stderr=subprocess.PIPE)  # fmt: skip
    deadline = time.monotonic() + 60
    while True:
        try:
            if get(port, "/api/status", "application/json")[0] == 200:
                return server
        except OSError:
            pass
        assert server.poll() is None and time.monotonic() < deadline, "dyad serve did not start"
        time.sleep(0.2)


def test_serve_answers_every_page_while_code_writes(tmp_path: Path) -> None:
    corpus, db = tmp_path / "news.jsonl", tmp_path / "live.duckdb"
    # 40 batches of 20 documents: long enough for 50 polls even when coding is fast
    write_corpus(corpus, N_DOCS)
    open_store(db).close()  # an empty store for the server to open
    port = free_port()
    server = start_server(db, port)
    polls = Polls()
    code = subprocess.Popen([sys.executable, "-m", "dyad", "code", str(corpus), "--db", str(db), "--workers", "1",
                             "-q"], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)  # fmt: skip
    try:
        started, i = time.monotonic(), 0
        while code.poll() is None:
            poll_once(port, PAGES[i % len(PAGES)], polls)
            i += 1
            time.sleep(0.05)  # a dashboard and a few API clients, not a load test
        seconds = time.monotonic() - started
        _, err = code.communicate()
        assert code.returncode == 0, err.decode()
    finally:
        code.kill()
        code.wait()
        server.terminate()
        server.wait(timeout=30)
    with open_store(db, read_only=True) as store:
        final = store.summary()["events"]
        run = store.query("SELECT status, n_documents, n_events FROM runs")
    print(f"\ndyad code ran {seconds:.1f} s; {polls.summary()}")
    assert run == [{"status": "done", "n_documents": N_DOCS, "n_events": final}]
    assert len(polls.statuses) >= 50, polls.summary()
    assert polls.share_ok() >= 0.99, (polls.summary(), polls.failures[:5])
    during = [n for n in polls.events_seen if 0 < n < final]
    assert len(set(during)) >= 2, f"events seen during the run: {polls.events_seen} (final {final})"


def test_a_busy_store_answers_a_page_that_refreshes_and_json_503(tmp_path: Path) -> None:
    """A writer holding the file longer than a request waits: a page that refreshes itself
    for a page's address (whatever Accept says), a 503 JSON for the API."""
    from fastapi.testclient import TestClient

    from dyad.web.app import create_app

    db = tmp_path / "s.duckdb"
    open_store(db).close()
    app = create_app(db, warm=False)
    app.state.db.lock_wait = 0.2
    script = f"import duckdb,time; c=duckdb.connect({str(db)!r}); print('ok', flush=True); time.sleep(60)"
    holder = subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "ok"
        client = TestClient(app)
        for accept in ("text/html", "*/*", ""):
            page = client.get("/", headers={"accept": accept})
            assert page.status_code == 503 and page.headers["content-type"].startswith("text/html"), accept
            assert "busy" in page.text and 'http-equiv="refresh"' in page.text and page.headers["retry-after"]
        api = client.get("/api/events", headers={"accept": "text/html"})
        assert api.status_code == 503 and api.json()["busy"] is True
        assert client.get("/?format=json").json()["busy"] is True
    finally:
        holder.kill()
        holder.wait()


def test_a_released_store_opens_the_file_per_operation(tmp_path: Path) -> None:
    """Between operations another process can open the file (here: read it)."""
    import duckdb

    db = tmp_path / "s.duckdb"
    store = open_store(db, hold=False)
    run_id = store.start_run("test")
    reader = duckdb.connect(str(db), read_only=True)  # fails while a writer holds the file
    assert reader.execute("SELECT count(*) FROM runs").fetchone() == (1,)
    reader.close()
    with store.session():
        store.finish_run(run_id, status="done", counts={})
        with pytest.raises(duckdb.Error):
            duckdb.connect(str(db), read_only=True)  # one session: held across its calls
    assert store.openings == 3  # at open, for start_run, for the session
    with pytest.raises(RuntimeError, match="session"):
        store.con.execute("SELECT 1")
    store.close()

