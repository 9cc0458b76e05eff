"""Issue 12, failures 4 and 8: a user's mistake gets one sentence naming the cause and the
fix, exit status 2, and never "internal error" or a traceback. (Before: a bad --db, a
locked store, an unknown CAMEO code in --lexicon and `| head` were internal errors, exit 1;
`docs list --limit -1` printed a traceback; `--db ''` silently kept nothing; -q hid
skipped files; `docs list` sorted oldest first.)"""

from __future__ import annotations

import http.client
import json
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
from typer.testing import CliRunner

from dyad.cli.main import app

ARTICLE = "Pakistan and China agreed on Tuesday to expand trade cooperation.\n"


def run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(app, list(args))
    return result.exit_code, result.output


def assert_user_mistake(code: int, output: str, *words: str) -> None:
    assert code == 2, output
    assert "internal error" not in output and "Traceback" not in output, output
    message = output.strip()
    assert message.startswith("error:") and message.count("\n") == 0, message
    for word in words:
        assert word in message, message


@pytest.fixture
def article(tmp_path: Path) -> Path:
    path = tmp_path / "a.txt"
    path.write_text(ARTICLE, encoding="utf-8")
    return path


def test_bad_store_paths(tmp_path: Path, article: Path) -> None:
    junk = tmp_path / "junk.duckdb"
    junk.write_text("not a database\n" * 100)
    cases = {
        str(tmp_path / "missing" / "s.duckdb"): "does not exist",
        str(tmp_path): "is a folder",
        str(junk): "not a DuckDB store",
        "": "store path is empty",
    }
    for db, words in cases.items():
        code, output = run("code", str(article), "--db", db, "-q", "--workers", "1")
        assert_user_mistake(code, output, words, "--db")


def test_a_store_locked_by_another_process(tmp_path: Path, article: Path) -> None:
    db = tmp_path / "s.duckdb"
    script = f"import duckdb,time; c=duckdb.connect({str(db)!r}); print('ok', flush=True); time.sleep(60)"
    holder = subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "ok"
        code, output = run("code", str(article), "--db", str(db), "-q", "--workers", "1")
        assert_user_mistake(code, output, "another process", f"PID {holder.pid}", "wait")
    finally:
        holder.kill()
        holder.wait()


def test_unknown_cameo_code_in_a_user_lexicon_is_refused_at_load(tmp_path: Path, article: Path) -> None:
    lexicon = tmp_path / "mine.yaml"
    lexicon.write_text('verbs:\n  - verb: expand\n    code: "051"\n  - verb: frobnicate\n    code: "999"\n')
    code, output = run("code", str(article), "--lexicon", str(lexicon), "--no-store", "-q", "--workers", "1")
    assert_user_mistake(code, output, str(lexicon), "verb entry 2", '"999"')


def test_docs_list_negative_limit_is_a_usage_error(tmp_path: Path) -> None:
    code, output = run("docs", "list", "--db", str(tmp_path / "s.duckdb"), "--limit", "-1")
    assert code == 2 and "Traceback" not in output and "--limit" in output


def test_docs_list_is_newest_first(tmp_path: Path) -> None:
    feed = tmp_path / "f.jsonl"
    rows = [{"id": d, "date": d, "text": f"Kenya praised Uganda on {d}. Item {d}."} for d in
            ("2026-01-02", "2026-03-04", "2026-02-03")]  # fmt: skip
    feed.write_text("".join(json.dumps(r) + "\n" for r in rows))
    db = str(tmp_path / "s.duckdb")
    assert run("ingest", str(feed), "--db", db, "-q")[0] == 0
    code, output = run("docs", "list", "--db", db, "--json")
    assert code == 0, output
    assert [r["date"] for r in json.loads(output)] == ["2026-03-04", "2026-02-03", "2026-01-02"]


def test_quiet_still_lists_skipped_inputs(tmp_path: Path, article: Path) -> None:
    empty = tmp_path / "empty.txt"
    empty.write_text("")
    code, output = run("code", str(article), str(empty), "--no-store", "-q", "--workers", "1")
    assert code == 0
    assert "empty.txt" in output and "skipped" in output


def test_output_closed_early_is_not_an_error(tmp_path: Path) -> None:
    feed = tmp_path / "f.jsonl"
    feed.write_text("".join(json.dumps({"id": str(i), "text": f"Kenya praised Uganda. Item {i} " + "word " * 40})
                            + "\n" for i in range(3000)))  # fmt: skip
    db = str(tmp_path / "s.duckdb")
    assert run("ingest", str(feed), "--db", db, "-q")[0] == 0
    proc = subprocess.Popen([sys.executable, "-m", "dyad", "docs", "list", "--db", db, "--limit", "3000", "--json"],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)  # fmt: skip
    assert proc.stdout is not None and proc.stdout.readline()
    proc.stdout.close()  # like `| head -1`
    deadline = time.monotonic() + 120
    while proc.poll() is None and time.monotonic() < deadline:
        time.sleep(0.1)
    stderr = proc.stderr.read().decode() if proc.stderr else ""
    assert proc.returncode == 0, stderr
    assert "internal error" not in stderr and "Traceback" not in stderr and "BrokenPipe" not in stderr


def _taken_port() -> tuple[socket.socket, int]:
    holder = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    holder.bind(("127.0.0.1", 0))
    holder.listen(1)
    return holder, holder.getsockname()[1]


def test_serve_on_a_port_in_use_and_a_weak_token(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    db = str(tmp_path / "s.duckdb")
    holder, port = _taken_port()
    try:
        code, output = run("serve", "--db", db, "--port", str(port))
        assert_user_mistake(code, output, f"port {port} is in use", "--port")
        monkeypatch.setenv("DYAD_TOKEN", "x")
        result = CliRunner().invoke(app, ["serve", "--db", db, "--host", "0.0.0.0", "--port", str(port),
                                          "--allow-writes"])  # fmt: skip
        assert "warning" in result.output and "1 characters" in result.output
    finally:
        holder.close()


def test_a_ten_megabyte_body_gets_413_not_a_reset(tmp_path: Path) -> None:
    db = str(tmp_path / "s.duckdb")
    assert run("ingest", "-", "--db", db, "-q")[0] in (0, 2)  # creates the store
    holder, port = _taken_port()
    holder.close()
    server = subprocess.Popen([sys.executable, "-m", "dyad", "serve", "--db", db, "--port", str(port)],
                              stderr=subprocess.DEVNULL)  # fmt: skip
    try:
        deadline = time.monotonic() + 120
        while True:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                assert time.monotonic() < deadline, "server did not start"
                time.sleep(0.2)
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        body = b'{"text": "' + b"x" * (10 * 1024 * 1024) + b'"}'
        conn.request("POST", "/api/code", body=body, headers={"Content-Type": "application/json"})
        response = conn.getresponse()
        assert response.status == 413
        assert "too large" in json.loads(response.read())["detail"]
    finally:
        server.terminate()
        server.wait(timeout=30)
