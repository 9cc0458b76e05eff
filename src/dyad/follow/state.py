"""What `dyad follow` remembers between passes, in the store (schema version 3):
every URL listed or fetched (`fetched_urls`: validators for conditional GET, articles still
waiting, so an interrupted pass resumes), every failure (`fetch_errors`) and one row per
source per pass (`source_fetches`, for `dyad sources` and the web overview)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from dyad.follow.discover import Link
from dyad.follow.fetch import FetchFailure

MAX_ATTEMPTS = 3  # passes in which a page failing for a passing reason is tried


@dataclass(frozen=True)
class Waiting:
    """An article URL listed by a source and not fetched yet."""

    url: str
    source_url: str
    listed_date: dt.date | None
    listed_title: str | None
    attempts: int


@dataclass
class SourcePass:
    source_url: str
    name: str | None
    http_status: int | None = None
    requests: int = 0
    errors: int = 0
    new_articles: int = 0
    events: int = 0


class FollowState:
    """Reads and writes the follow tables through an open `Store`."""

    def __init__(self, store: Any) -> None:
        self.store = store

    @property
    def con(self) -> Any:
        """The store's connection, inside one of its sessions (a released store opens per use)."""
        return self.store.con

    def validators(self, url: str) -> tuple[str | None, str | None]:
        with self.store.session() as con:
            row = con.execute("SELECT etag, last_modified FROM fetched_urls WHERE url = ?", [url]).fetchone()
        return (row[0], row[1]) if row else (None, None)

    def save_listing(
        self,
        source_url: str,
        url: str,
        kind: str,
        status: int,
        validators: tuple[str | None, str | None],
        links: Sequence[Link],
    ) -> int:
        """A source document read: its validators and the links it lists (new ones wait),
        in one transaction, so links are never lost behind a 304. Returns the links new to the store."""
        with self.store.transaction():
            before = self._count_urls()
            self.con.execute(
                "INSERT INTO fetched_urls (url, source_url, kind, state, etag, last_modified, http_status,"
                " fetched_at) VALUES (?, ?, ?, 'done', ?, ?, ?, current_timestamp) ON CONFLICT (url) DO UPDATE SET"
                " etag = excluded.etag, last_modified = excluded.last_modified, http_status = excluded.http_status,"
                " fetched_at = excluded.fetched_at, state = 'done'",
                [url, source_url, kind, validators[0], validators[1], status],
            )
            if links:
                self.con.executemany(
                    "INSERT INTO fetched_urls (url, source_url, kind, state, listed_date, listed_title)"
                    " VALUES (?, ?, 'article', 'pending', ?, ?) ON CONFLICT (url) DO NOTHING",
                    [[link.url, source_url, link.date, link.title] for link in links],
                )
            return self._count_urls() - before

    def _count_urls(self) -> int:
        row = self.con.execute("SELECT count(*) FROM fetched_urls WHERE kind = 'article'").fetchone()
        return int(row[0]) if row else 0

    def waiting(self, source_urls: Sequence[str]) -> list[Waiting]:
        """Articles of these sources to fetch, oldest listed first (those of an interrupted pass too)."""
        with self.store.session() as con:
            rows = con.execute(
                "SELECT url, source_url, listed_date, listed_title, attempts FROM fetched_urls"
                " WHERE kind = 'article' AND state = 'pending' AND source_url IN (SELECT unnest(?))"
                " ORDER BY found_at, url",
                [list(source_urls)],
            ).fetchall()
        return [Waiting(*row) for row in rows]

    def mark_fetched(self, done: Sequence[tuple[str, int, str | None]]) -> None:
        """(url, HTTP status, doc_id) of articles taken: stored, known already, or a near-duplicate."""
        if not done:
            return
        with self.store.transaction():
            self.con.executemany(
                "UPDATE fetched_urls SET state = 'done', http_status = ?, doc_id = ?, attempts = attempts + 1,"
                " fetched_at = current_timestamp WHERE url = ?",
                [[status, doc_id, url] for url, status, doc_id in done],
            )

    def record_failure(
        self, run_id: str, source_url: str, url: str, failure: FetchFailure, *, article: bool = True
    ) -> None:
        """One row in fetch_errors; an article failing for good (or too often) is not tried again."""
        with self.store.transaction():
            self.con.execute(
                "INSERT INTO fetch_errors (run_id, source_url, url, status, reason) VALUES (?, ?, ?, ?, ?)",
                [run_id, source_url, url, failure.status, failure.reason],
            )
            if article:
                self.con.execute(
                    "UPDATE fetched_urls SET attempts = attempts + 1, http_status = ?, fetched_at = current_timestamp,"
                    " state = CASE WHEN ? AND attempts + 1 < ? THEN 'pending' ELSE 'failed' END WHERE url = ?",
                    [failure.status, failure.transient, MAX_ATTEMPTS, url],
                )

    def record_pass(self, run_id: str, passes: Sequence[SourcePass]) -> None:
        rows = [
            [run_id, p.source_url, p.name, p.http_status, p.requests, p.errors, p.new_articles, p.events]
            for p in passes
        ]
        if rows:
            with self.store.transaction():
                self.con.executemany(
                    "INSERT INTO source_fetches (run_id, source_url, name, http_status, requests, errors,"
                    " new_articles, events) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                    rows,
                )


OVERVIEW_SQL = """
SELECT source_url AS url,
       arg_max(name, fetched_at) AS name,
       max(fetched_at) AS last_fetch,
       arg_max(http_status, fetched_at) AS last_status,
       count(*) AS passes,
       sum(requests) AS requests,
       sum(errors) AS errors,
       CASE WHEN sum(requests) > 0 THEN round(sum(errors) / sum(requests), 3) ELSE 0 END AS error_rate,
       sum(new_articles) AS articles,
       sum(events) AS events
FROM source_fetches GROUP BY source_url ORDER BY max(fetched_at) DESC, source_url
"""


def source_overview(con: Any) -> list[dict[str, Any]]:
    """Per source: last fetch and its status, passes, requests, errors and error rate, articles
    and events. Empty for a store no follow has written to (or one older than schema 3).
    `con` is a DuckDB connection (a Store's `con`, or the web app's)."""
    if not _has_table(con, "source_fetches"):
        return []
    return _dicts(con.execute(OVERVIEW_SQL))


def recent_errors(con: Any, limit: int) -> list[dict[str, Any]]:
    """The last `limit` fetch errors, newest first."""
    if not _has_table(con, "fetch_errors"):
        return []
    return _dicts(
        con.execute(
            "SELECT recorded_at, source_url, url, status, reason FROM fetch_errors ORDER BY recorded_at DESC LIMIT ?",
            [limit],
        )
    )


def _has_table(con: Any, name: str) -> bool:
    row = con.execute("SELECT count(*) FROM information_schema.tables WHERE table_name = ?", [name]).fetchone()
    return bool(row and row[0])


def _dicts(cur: Any) -> list[dict[str, Any]]:
    names = [d[0] for d in cur.description]
    return [dict(zip(names, row, strict=True)) for row in cur.fetchall()]
