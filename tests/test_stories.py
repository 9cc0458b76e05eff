"""One event, many mentions (issue 13 item 5): story-level counts, the one-a-day filter, near-duplicates."""

from __future__ import annotations

import dataclasses
import datetime as dt
from pathlib import Path

import pytest
from typer.testing import CliRunner

from dyad.analysis import relations, top
from dyad.analysis.stories import counted_events, story_counts_sql
from dyad.cli.main import app
from dyad.models import Document
from dyad.store import open_store
from test_analysis import make_event

DAY = dt.date(2026, 3, 10)
# doc_id: (publisher, url)
DOCS = {
    "wire-a": ("Wire A", "https://a.example/1"),
    "paper-b": ("Paper B", "https://b.example/2"),
    "paper-b-2": ("Paper B", "https://b.example/3"),
    "copy-of-a": ("Aggregator", "https://c.example/4"),  # a near-duplicate of wire-a
}
# (doc_id, source, cameo, target, day offset)
MENTIONS = [
    ("wire-a", "PAKGOV", "057", "CHNGOV", 0),
    ("paper-b", "PAKGOV", "057", "CHNGOV", 0),  # same story as wire-a
    ("paper-b-2", "PAKGOV", "057", "CHNGOV", 0),  # and again, same publisher
    ("copy-of-a", "PAKGOV", "057", "CHNGOV", 0),  # near-duplicate: never counted
    ("paper-b", "PAK", "057", "CHN", 0),  # another actor pair of the same countries, same day
    ("paper-b-2", "PAKGOV", "057", "CHNGOV", 1),  # the next day: another event
]


@pytest.fixture
def db(tmp_path: Path) -> Path:
    path = tmp_path / "stories.duckdb"
    docs = [
        Document(text=f"Article {d} " + " ".join(f"w{d}{i}" for i in range(30)), doc_id=d, date=DAY,
                 source=publisher, url=url, origin=f"test/{d}")
        for d, (publisher, url) in DOCS.items()
    ]  # fmt: skip
    events = []
    for i, (doc_id, source, cameo, target, offset) in enumerate(MENTIONS):
        base = make_event(f"m{i}", "doc-pc-mar", 0, source, cameo, target, "asserted", "")
        events.append(dataclasses.replace(base, doc_id=doc_id, date=DAY + dt.timedelta(days=offset)))
    with open_store(path) as store:
        store.add_documents(docs)
        store.add_events(list(DOCS), events, store.start_run("test"))
        store.con.execute("UPDATE documents SET duplicate_of = 'wire-a' WHERE doc_id = 'copy-of-a'")
    return path


def _events(db: Path, count: str) -> int:
    return sum(r["events"] for r in relations(str(db), "PAK", "CHN", count=count))


def test_counts_of_mentions_stories_and_days(db: Path) -> None:
    assert _events(db, "mentions") == 5  # the near-duplicate's mention left out
    assert _events(db, "events") == 3  # PAKGOV→CHNGOV day 1, PAK→CHN day 1, PAKGOV→CHNGOV day 2
    assert _events(db, "daily") == 2  # one per country dyad, code and day
    assert top(str(db), count="mentions")["events"] == 5
    assert top(str(db), count="events")["events"] == 3
    assert top(str(db), count="daily")["dyads"][0]["events"] == 2


def test_story_ids_link_mentions_and_count_articles_and_sources(db: Path) -> None:
    with open_store(db, read_only=True) as store:
        view = counted_events(store.con, "mentions")
        stories = store.con.execute(
            f"SELECT s.*, (SELECT list(DISTINCT doc_id ORDER BY doc_id) FROM {view} v WHERE v.story_id = s.story_id)"
            f" FROM ({story_counts_sql(store.con)}) s ORDER BY num_mentions DESC, story_id"
        ).fetchall()
    first = stories[0]
    assert first[1:4] == (3, 3, 2) and first[-1] == ["paper-b", "paper-b-2", "wire-a"]  # mentions, articles, publishers
    assert sorted(s[1] for s in stories) == [1, 1, 3]


def test_cli_count_option(db: Path) -> None:
    runner = CliRunner()
    mentions = runner.invoke(app, ["relations", "PAK", "CHN", "--db", str(db), "--count", "mentions", "--json"])
    stories = runner.invoke(app, ["relations", "PAK", "CHN", "--db", str(db), "--json"])
    assert mentions.exit_code == 0 and stories.exit_code == 0
    assert '"events": 5' in mentions.stdout and '"events": 3' in stories.stdout
    bad = runner.invoke(app, ["top", "--db", str(db), "--count", "articles"])
    assert bad.exit_code == 2 and "use events, mentions or daily" in bad.output


def test_web_dyad_counts_stories_or_mentions(db: Path) -> None:
    from fastapi.testclient import TestClient

    from dyad.web.app import create_app

    with TestClient(create_app(str(db))) as client:
        stories = client.get("/api/dyad/PAK/CHN").json()
        mentions = client.get("/api/dyad/PAK/CHN", params={"count": "mentions"}).json()
        assert sum(r["events"] for r in stories["series"]) == 3
        assert sum(r["events"] for r in mentions["series"]) == 5
        assert client.get("/api/dyad/PAK/CHN", params={"count": "articles"}).status_code == 400
        assert '<select name="count">' in client.get("/dyad/PAK/CHN", params={"count": "daily"}).text
