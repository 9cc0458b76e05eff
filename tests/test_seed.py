"""The reference input: the seed wire report (read from ../shared; skipped when absent)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow

DYAD = [sys.executable, "-m", "dyad"]


def run(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([*DYAD, *args], capture_output=True, text=True, cwd=cwd, timeout=600)


@pytest.fixture(scope="module")
def seed_events(tmp_path_factory: pytest.TempPathFactory) -> list[dict]:  # type: ignore[type-arg]
    from conftest import shared_dir

    shared = shared_dir()
    if shared is None:
        pytest.skip("../shared absent")
    proc = run("code", str(shared / "corpus" / "seed_readout.txt"), "--jsonl", "-", "--no-store")
    assert proc.returncode == 0, proc.stderr
    return [json.loads(line) for line in proc.stdout.splitlines() if line.strip()]


def between(events: list[dict], a: str, b: str) -> list[dict]:  # type: ignore[type-arg]
    return [
        e for e in events
        if e["source"] and e["target"] and e["source"]["country"] == a and e["target"]["country"] == b
    ]  # fmt: skip


def test_seed_ingest_metadata(seed_path: Path, tmp_path: Path) -> None:
    db = tmp_path / "seed.duckdb"
    first = run("ingest", str(seed_path), "--json", "--db", str(db))
    assert first.returncode == 0, first.stderr
    summary = json.loads(first.stdout)
    [doc] = summary["docs"]
    assert (doc["date"], doc["place"], doc["agency"]) == ("2026-01-05", "Beijing", "APP")
    assert summary["new"] == 1
    again = json.loads(run("ingest", str(seed_path), "--json", "--db", str(db)).stdout)
    assert again["new"] == 0 and again["existing"] == 1


def test_seed_intent_both_directions(seed_events: list[dict]) -> None:  # type: ignore[type-arg]
    for a, b in (("PAK", "CHN"), ("CHN", "PAK")):
        assert any(e["cameo_root"] == "03" for e in between(seed_events, a, b)), (a, b)


def test_seed_consultation(seed_events: list[dict]) -> None:  # type: ignore[type-arg]
    pak_chn = between(seed_events, "PAK", "CHN") + between(seed_events, "CHN", "PAK")
    assert any(e["cameo_root"] == "04" for e in pak_chn)


def test_seed_praise_or_endorsement(seed_events: list[dict]) -> None:  # type: ignore[type-arg]
    praise = [e for e in between(seed_events, "PAK", "CHN") if e["cameo_root"] == "05"]
    # "Pakistan highly appreciates China's adherence to multilateralism and supports the four
    # major global initiatives proposed by President Xi Jinping": both are praise/endorsement.
    assert {"appreciates", "supports"} <= {e["trigger"]["text"] for e in praise}


def test_seed_no_conflict_between_them(seed_events: list[dict]) -> None:  # type: ignore[type-arg]
    pak_chn = between(seed_events, "PAK", "CHN") + between(seed_events, "CHN", "PAK")
    assert pak_chn
    assert all(e["quad_class"] in (1, 2) for e in pak_chn)
    assert all(e["goldstein"] > 0 for e in pak_chn if e["cameo"] != "010")


def test_seed_people_as_sources(seed_events: list[dict]) -> None:  # type: ignore[type-arg]
    sources = {(e["source"]["name"], e["source"]["code"]) for e in seed_events if e["source"]}
    assert ("Mohammad Ishaq Dar", "PAKGOV") in sources
    assert ("Wang Yi", "CHNGOV") in sources


def test_seed_contract_fields(seed_events: list[dict]) -> None:  # type: ignore[type-arg]
    keys = {"event_id", "doc_id", "sentence_index", "sentence", "date", "source", "target", "cameo",
            "cameo_root", "cameo_name", "plover", "quad_class", "penta_class", "goldstein", "mode",
            "trigger", "location", "confidence", "rule"}  # fmt: skip
    for e in seed_events:
        assert keys <= set(e)
        assert e["sentence"][e["trigger"]["start"] : e["trigger"]["end"]] == e["trigger"]["text"]
        for side in ("source", "target"):
            if e[side]:
                assert e["sentence"][e[side]["start"] : e[side]["end"]] == e[side]["text"]
        assert e["date"] is not None and e["date"].startswith("2026-01")
    assert any((e["location"] or {}).get("place") == "Beijing" for e in seed_events)


def test_seed_explain(seed_path: Path) -> None:
    text = seed_path.read_text(encoding="utf-8")
    proc = run("explain", text, "--json")
    assert proc.returncode == 0, proc.stderr
    data = json.loads(proc.stdout)
    assert data["events"]
    assert any(d["coded"] for s in data["sentences"] for d in s["decisions"])


def test_seed_actors(seed_path: Path) -> None:
    from dyad.events.document import Coder
    from dyad.ingest.pipeline import prepare_document
    from dyad.models import Document

    doc = prepare_document(Document(text=seed_path.read_text(encoding="utf-8"), origin=str(seed_path)))
    assert doc.place == "Beijing" and doc.agency == "APP"
    assert not doc.text.startswith("BEIJING")  # the dateline is metadata, not an actor
    coded = Coder().code_document(doc)
    mentions = [m for s in coded.trace for m in s.mentions]

    def codes_of(fragment: str) -> set[str]:
        return {x.code for m in mentions if fragment in m.text for x in (m.members or [m])}

    assert codes_of("Ishaq Dar") == {"PAKGOV"}
    assert codes_of("Wang Y") == {"CHNGOV"}
    assert codes_of("President Xi Jinping") == {"CHNGOV"}
    assert codes_of("two sides") == {"PAK", "CHN"}
    assert codes_of("both counties") == {"PAK", "CHN"}
    assert all(m.is_place or m.code != "CHNGOV" for m in mentions if m.text == "Beijing")


def test_seed_commitments_list_cpec_pledge(seed_path: Path, tmp_path: Path) -> None:
    db = str(tmp_path / "seed.duckdb")
    assert run("code", str(seed_path), "--db", db, "--quiet").returncode == 0
    proc = run("commitments", "PAK", "CHN", "--db", db, "--json")
    assert proc.returncode == 0, proc.stderr
    whats = [c["what"] for c in json.loads(proc.stdout)]
    assert any("CPEC 2.0" in w for w in whats), whats
