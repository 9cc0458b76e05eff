"""The DuckDB schema, as an ordered list of migrations.

A store records the highest migration applied in `schema_version`; opening an
older store applies the missing ones in order, each in its own transaction.
"""

from __future__ import annotations

from typing import Any

from dyad.columns import EVENTS

MIGRATIONS: list[tuple[int, str, list[str]]] = [
    (
        1,
        "documents, ingest errors, events, runs",
        [
            """
            CREATE TABLE IF NOT EXISTS documents (
                doc_id        VARCHAR PRIMARY KEY,  -- hash of the normalised text
                external_id   VARCHAR,              -- id given by the input (JSON Lines `id`)
                title         VARCHAR,
                url           VARCHAR,
                source        VARCHAR,
                author        VARCHAR,
                date          DATE,
                place         VARCHAR,              -- dateline place
                agency        VARCHAR,              -- dateline agency
                language      VARCHAR,
                origin        VARCHAR,              -- file (and line/record) it was read from
                text          VARCHAR,
                n_chars       INTEGER,
                duplicate_of  VARCHAR,              -- near-duplicate of this doc_id
                minhash       BLOB,                 -- MinHash signature for near-duplicate search
                extra         JSON,
                ingested_at   TIMESTAMP DEFAULT current_timestamp,
                coded_at      TIMESTAMP             -- set when the coder has processed it
            )
            """,
            """
            CREATE TABLE IF NOT EXISTS ingest_errors (
                run_id   VARCHAR,
                origin   VARCHAR,
                line     INTEGER,
                kind     VARCHAR,
                message  VARCHAR,
                recorded_at TIMESTAMP DEFAULT current_timestamp
            )
            """,
            EVENTS.ddl(),  # the events columns: dyad/columns.py
            """
            CREATE TABLE IF NOT EXISTS runs (
                run_id       VARCHAR PRIMARY KEY,
                command      VARCHAR,
                started_at   TIMESTAMP DEFAULT current_timestamp,
                finished_at  TIMESTAMP,
                status       VARCHAR,               -- running | done | failed | interrupted
                n_documents  INTEGER DEFAULT 0,
                n_new        INTEGER DEFAULT 0,
                n_errors     INTEGER DEFAULT 0,
                n_events     INTEGER DEFAULT 0
            )
            """,
            "CREATE INDEX IF NOT EXISTS events_doc ON events(doc_id)",
            "CREATE INDEX IF NOT EXISTS events_dyad ON events(source_country, target_country)",
        ],
    ),
    (
        2,
        "input files a watcher has taken (dyad watch)",
        [
            """
            CREATE TABLE IF NOT EXISTS input_files (
                path        VARCHAR PRIMARY KEY,  -- absolute path of the file
                size        BIGINT,               -- size and mtime of the version taken
                mtime_ns    BIGINT,
                status      VARCHAR,              -- done | error (nothing readable in it)
                documents   INTEGER,
                events      INTEGER,
                errors      INTEGER,
                run_id      VARCHAR,
                taken_at    TIMESTAMP DEFAULT current_timestamp
            )
            """,
        ],
    ),
    (
        3,
        "followed sources: URLs fetched or waiting, fetch errors, passes per source (dyad follow)",
        [
            """
            CREATE TABLE IF NOT EXISTS fetched_urls (
                url           VARCHAR PRIMARY KEY,  -- canonical URL (tracking parameters dropped)
                source_url    VARCHAR,              -- the source (feed, sitemap, page) that listed it
                kind          VARCHAR,              -- article | feed | sitemap | page
                state         VARCHAR,              -- pending | done | failed
                listed_date   DATE,                 -- date the feed or sitemap gave
                listed_title  VARCHAR,
                etag          VARCHAR,              -- validators for the next conditional GET
                last_modified VARCHAR,
                http_status   INTEGER,
                attempts      INTEGER DEFAULT 0,
                doc_id        VARCHAR,              -- the document the article became
                found_at      TIMESTAMP DEFAULT current_timestamp,
                fetched_at    TIMESTAMP
            )
            """,
            """
            CREATE TABLE IF NOT EXISTS fetch_errors (
                run_id      VARCHAR,
                source_url  VARCHAR,
                url         VARCHAR,
                status      INTEGER,                -- HTTP status, NULL when none came back
                reason      VARCHAR,
                recorded_at TIMESTAMP DEFAULT current_timestamp
            )
            """,
            """
            CREATE TABLE IF NOT EXISTS source_fetches (
                run_id       VARCHAR,
                source_url   VARCHAR,
                name         VARCHAR,
                fetched_at   TIMESTAMP DEFAULT current_timestamp,
                http_status  INTEGER,               -- of the source itself (304: unchanged)
                requests     INTEGER,               -- pages asked for: the source and its articles
                errors       INTEGER,
                new_articles INTEGER,
                events       INTEGER
            )
            """,
        ],
    ),
]
MIGRATIONS.append(
    (
        4,
        "runs: the process (pid, host) that ran each, so a later command can tell one that was killed",
        [
            "ALTER TABLE runs ADD COLUMN IF NOT EXISTS pid INTEGER",
            "ALTER TABLE runs ADD COLUMN IF NOT EXISTS host VARCHAR",
        ],
    )
)
MIGRATIONS.append(
    (
        5,
        "dates: what each document's and event's date rests on (article, dateline, feed, file…)",
        [
            "ALTER TABLE documents ADD COLUMN IF NOT EXISTS date_source VARCHAR",
            *EVENTS.added_columns(5),  # here, so that the update below finds the column
            # Rows stored before: an undated row says so; where a date came from is not known.
            "UPDATE documents SET date_source = 'none' WHERE date IS NULL",
            "UPDATE events SET date_source = 'none' WHERE date IS NULL",
        ],
    )
)

# Columns a later version adds to events (Column.since) are added by that version's migration.
MIGRATIONS = [
    (v, text, [*statements, *(a for a in EVENTS.added_columns(v) if a not in statements)])
    for v, text, statements in MIGRATIONS
]
SCHEMA_VERSION = MIGRATIONS[-1][0]


def apply_migrations(con: Any) -> int:
    """Bring the store up to SCHEMA_VERSION; return the version it had before."""
    con.execute(
        "CREATE TABLE IF NOT EXISTS schema_version ("
        " version INTEGER, description VARCHAR, applied_at TIMESTAMP DEFAULT current_timestamp)"
    )
    row = con.execute("SELECT coalesce(max(version), 0) FROM schema_version").fetchone()
    current = int(row[0]) if row else 0
    for version, description, statements in MIGRATIONS:
        if version <= current:
            continue
        con.execute("BEGIN TRANSACTION")
        try:
            for statement in statements:
                con.execute(statement)
            con.execute(
                "INSERT INTO schema_version (version, description) VALUES (?, ?)",
                [version, description],
            )
            con.execute("COMMIT")
        except Exception:
            con.execute("ROLLBACK")
            raise
    return current
