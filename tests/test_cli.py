"""The command line, run in-process with typer's CliRunner (and once for real)."""

from __future__ import annotations

import gzip
import json
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from dyad.cli.main import app

runner = CliRunner()

ARTICLE = (
    "ISLAMABAD, Feb 3 (DW): Pakistan and China agreed on Tuesday to expand trade cooperation, "
    "officials said. Pakistan praised China's support for the new port.\n"
)


def invoke(*args: str, input: str | None = None):  # type: ignore[no-untyped-def]
    return runner.invoke(app, list(args), input=input)


def write_bad_folder(folder: Path) -> None:
    folder.mkdir()
    (folder / "empty.txt").write_text("", encoding="utf-8")
    (folder / "binary.txt").write_bytes(bytes(range(256)) * 8)
    (folder / "broken.jsonl").write_text('{"id": "a", "text": "Kenya praised Uganda."}\n{not json}\n', encoding="utf-8")
    (folder / "cut.txt.gz").write_bytes(gzip.compress(b"Kenya praised Uganda. " * 50)[:40])
    (folder / "nothing.html").write_text("<html><body><nav>Home</nav></body></html>", encoding="utf-8")


def test_every_command_has_help_with_example() -> None:
    commands = [[], ["ingest"], ["code"], ["explain"], ["demo"], ["docs", "list"], ["docs", "show"],
                ["actors", "lookup"], ["actors", "list"], ["actors", "check"]]  # fmt: skip
    for cmd in commands:
        result = invoke(*cmd, "--help")
        assert result.exit_code == 0, cmd
        assert "Example" in result.output, cmd


def test_ingest_json_summary_and_idempotence(tmp_path: Path) -> None:
    src = tmp_path / "a.txt"
    src.write_text(ARTICLE, encoding="utf-8")
    db = str(tmp_path / "s.duckdb")
    first = invoke("ingest", str(src), "--db", db, "--json")
    assert first.exit_code == 0, first.output
    summary = json.loads(first.output)
    assert summary["new"] == 1 and summary["docs"][0]["place"] == "Islamabad"
    assert summary["docs"][0]["agency"] == "DW"
    second = json.loads(invoke("ingest", str(src), "--db", db, "--json").output)
    assert second["new"] == 0 and second["existing"] == 1


def test_bad_inputs_one_message_each_and_exit_codes(tmp_path: Path) -> None:
    folder = tmp_path / "bad"
    write_bad_folder(folder)
    db = str(tmp_path / "s.duckdb")
    result = invoke("ingest", str(folder), "--db", db, "--json")
    assert result.exit_code == 0  # one line of broken.jsonl was readable
    summary = json.loads(result.output)
    origins = [e["origin"] for e in summary["errors"]]
    for name in ("empty.txt", "binary.txt", "cut.txt.gz", "nothing.html"):
        assert sum(name in o for o in origins) == 1, (name, origins)
    assert any("broken.jsonl" in e["origin"] and e["line"] == 2 for e in summary["errors"])
    assert "Traceback" not in result.output
    (folder / "broken.jsonl").unlink()
    nothing = invoke("ingest", str(folder), "--db", db, "--json")
    assert nothing.exit_code == 2
    missing = invoke("ingest", str(tmp_path / "nope.txt"), "--db", db)
    assert missing.exit_code == 2 and "nope.txt" in missing.output


def test_errors_recorded_in_store(tmp_path: Path) -> None:
    folder = tmp_path / "bad"
    write_bad_folder(folder)
    db = str(tmp_path / "s.duckdb")
    invoke("ingest", str(folder), "--db", db, "--quiet")
    from dyad.store import open_store

    with open_store(db) as store:
        rows = store.query("SELECT origin, line, message FROM ingest_errors")
    assert len(rows) >= 5 and all(r["message"] for r in rows)


def test_stdin(tmp_path: Path) -> None:
    result = invoke("ingest", "-", "--db", str(tmp_path / "s.duckdb"), "--json", input=ARTICLE)
    assert result.exit_code == 0 and json.loads(result.output)["new"] == 1


@pytest.mark.slow
def test_code_jsonl_and_store(tmp_path: Path) -> None:
    src = tmp_path / "a.txt"
    src.write_text(ARTICLE, encoding="utf-8")
    out = tmp_path / "events.jsonl"
    db = str(tmp_path / "s.duckdb")
    result = invoke("code", str(src), "--db", db, "--jsonl", str(out), "--quiet")
    assert result.exit_code == 0, result.output
    events = [json.loads(line) for line in out.read_text().splitlines()]
    assert events and all(e["doc_id"] for e in events)
    # what the article says: an agreement both ways and Pakistan's praise of China
    coded = {((e["source"] or {}).get("country"), e["cameo"][:2], (e["target"] or {}).get("country")) for e in events}
    assert {("PAK", "03", "CHN"), ("CHN", "03", "PAK"), ("PAK", "05", "CHN")} <= coded, coded
    listed = json.loads(invoke("docs", "list", "--db", db, "--json").output)
    assert listed[0]["n_events"] == len(events)
    shown = invoke("docs", "show", listed[0]["doc_id"][:8], "--db", db)
    assert shown.exit_code == 0 and "Pakistan" in shown.output


@pytest.mark.slow
def test_code_jsonl_input_keeps_ids(tmp_path: Path) -> None:
    src = tmp_path / "in.jsonl"
    src.write_text(json.dumps({"id": "doc-7", "text": "Pakistan praised China.", "date": "2026-02-01"}) + "\n")
    result = invoke("code", str(src), "--no-store", "--jsonl", "-")
    lines = [json.loads(x) for x in result.output.splitlines() if x.startswith("{")]
    assert lines and {e["doc_id"] for e in lines} == {"doc-7"}
    assert lines[0]["date"] == "2026-02-01"


def test_actors_lookup_and_check(tmp_path: Path) -> None:
    result = invoke("actors", "lookup", "Wang Yi", "--date", "2026-01-05", "--json")
    data = json.loads(result.output)
    assert data["mentions"][0]["code"] == "CHNGOV"
    good = tmp_path / "ok.yaml"
    good.write_text("people:\n  - name: Aroha Ngata\n    roles: [{country: NZL, sector: GOV}]\n")
    assert invoke("actors", "check", str(good)).exit_code == 0
    bad = tmp_path / "bad.yaml"
    bad.write_text("people:\n  - name: Aroha Ngata\n    roles: [{country: NZL, sector: WIZ}]\n")
    checked = invoke("actors", "check", str(bad))
    assert checked.exit_code == 1 and "unknown sector" in checked.output
    listed = json.loads(invoke("actors", "list", "--country", "PAK", "--kind", "person", "--json").output)
    assert any(r["name"] == "Mohammad Ishaq Dar" for r in listed)


def test_bad_date_is_a_clear_error() -> None:
    result = invoke("actors", "lookup", "Wang Yi", "--date", "5 Jan")
    assert result.exit_code == 2 and "YYYY-MM-DD" in result.output


@pytest.mark.slow
def test_real_process_exit_code_and_no_traceback(tmp_path: Path) -> None:
    folder = tmp_path / "bad"
    write_bad_folder(folder)
    (folder / "broken.jsonl").unlink()
    proc = subprocess.run(
        [sys.executable, "-m", "dyad", "ingest", str(folder), "--db", str(tmp_path / "s.duckdb")],
        capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    assert proc.returncode == 2
    assert "Traceback" not in proc.stderr + proc.stdout
    assert "empty.txt" in proc.stderr
