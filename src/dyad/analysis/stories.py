"""One event, many mentions: what a count of events counts.

The store keeps one row per (source, CAMEO code, target, mode) per document — a *mention*. The
same real-world event told by five articles is five mentions. Analyses count one of:

* ``events`` (default) — story-level events: mentions that share source code, target code, CAMEO
  code, mode and day, across documents, are one event (GDELT keeps mentions of one event
  together the same way). Its `story_id` is a hash of that key, so it is stable across runs and
  stores. An undated mention can only be linked within its own document.
* ``mentions`` — every document's report counts.
* ``daily`` — the one-a-day filter ICEWS users apply to country dyads: one event per source
  country, target country, CAMEO code, mode and day, whichever actors of those countries acted.

In every count a near-duplicate document (`documents.duplicate_of` set: the same article
republished) counts once: its mentions are left out. A Parquet dataset has no documents table,
so there this rule cannot apply.

The counted events are a temporary view on the connection (`counted_events(db, count)` returns
its name), with the events table's columns plus `story_id`.
"""

from __future__ import annotations

from typing import Any

COUNTS: tuple[str, ...] = ("events", "mentions", "daily")
DEFAULT_COUNT = "events"

_DAY = "coalesce(CAST(date AS VARCHAR), 'doc:' || doc_id)"
STORY_KEY = f"coalesce(source_code, '-'), coalesce(target_code, '-'), cameo, coalesce(mode, ''), {_DAY}"
DAILY_KEY = (
    "coalesce(source_country, source_code, '-'), coalesce(target_country, target_code, '-'), cameo,"
    f" coalesce(mode, ''), {_DAY}"
)
STORY_ID = f"substr(md5(concat_ws('|', {STORY_KEY})), 1, 16)"


def check_count(count: str) -> str:
    if count not in COUNTS:
        raise ValueError(f"count {count!r}: use one of {', '.join(COUNTS)}")
    return count


def has_documents(db: Any) -> bool:
    found = db.execute(
        "SELECT count(*) FROM duckdb_tables() WHERE table_name = 'documents' AND NOT temporary"
    ).fetchone()
    return bool(found and found[0])


def mentions_sql(db: Any, where: str | None = None) -> str:
    """Every mention (optionally only those matching the SQL condition `where`), near-duplicate
    documents left out, with its story_id."""
    conditions = [f"({where})"] if where else []
    if has_documents(db):
        conditions.append("doc_id NOT IN (SELECT doc_id FROM documents WHERE duplicate_of IS NOT NULL)")
    filtered = f" WHERE {' AND '.join(conditions)}" if conditions else ""
    return f"SELECT *, {STORY_ID} AS story_id FROM events{filtered}"


def counted_sql(db: Any, count: str, where: str | None = None) -> str:
    """SQL for the events `count` counts (see the module docstring)."""
    base = mentions_sql(db, where)
    if check_count(count) == "mentions":
        return base
    key = STORY_KEY if count == "events" else DAILY_KEY
    # The representative of each group is its most confident mention (then the first by id), so
    # sentence, places and spans shown for a story come from one real report.
    return (
        f"SELECT * EXCLUDE (_rank) FROM (SELECT *, row_number() OVER (PARTITION BY {key}"
        f" ORDER BY confidence DESC NULLS LAST, event_id) AS _rank FROM ({base})) WHERE _rank = 1"
    )


def counted_events(db: Any, count: str = DEFAULT_COUNT) -> str:
    """The name of a temporary view of the events `count` counts, created on `db` if needed."""
    name = f"dyad_counted_{check_count(count)}"
    db.execute(f"CREATE OR REPLACE TEMP VIEW {name} AS {counted_sql(db, count)}")
    return name


def story_counts_sql(db: Any, where: str | None = None) -> str:
    """Per story_id, GDELT's counts: num_mentions (every sentence that tells it, in every article),
    num_articles (distinct documents), num_sources (distinct publishers; the URL's host when no
    publisher is known), and first_added (when dyad first coded a mention)."""
    mentions = mentions_sql(db, where)
    sentences = "1 + coalesce(json_array_length(CAST(m.supporting AS JSON)), 0)"
    if not has_documents(db):
        return (
            f"SELECT story_id, sum({sentences}) AS num_mentions, count(DISTINCT doc_id) AS num_articles,"
            f" count(DISTINCT doc_id) AS num_sources, min(coded_at) AS first_added FROM ({mentions}) m"
            " GROUP BY story_id"
        )
    publisher = "coalesce(nullif(d.source, ''), regexp_extract(d.url, '^[a-z]+://([^/]+)', 1), d.doc_id)"
    return (
        f"SELECT m.story_id, sum({sentences}) AS num_mentions, count(DISTINCT m.doc_id) AS num_articles,"
        f" count(DISTINCT {publisher}) AS num_sources, min(m.coded_at) AS first_added"
        f" FROM ({mentions}) m LEFT JOIN documents d ON d.doc_id = m.doc_id GROUP BY m.story_id"
    )
