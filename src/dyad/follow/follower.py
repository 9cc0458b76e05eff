"""One pass of `dyad follow`: read every source (conditional GET), queue the articles it
lists, fetch the queue politely in batches, and code each batch into the store.

A failure of a source or a page is recorded in `fetch_errors` and the pass goes on. The
queue lives in the store (`fetched_urls`), so a pass that is interrupted is resumed by the
next one, and an article already stored (same URL, same text, or nearly the same text) is
not stored or coded again.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from dyad.follow.article import NotAnArticle, page_document
from dyad.follow.discover import read_listing
from dyad.follow.fetch import Fetcher, FetchFailure, FetchSettings, Page
from dyad.follow.sources import Source, SourcesFile
from dyad.follow.state import FollowState, SourcePass, Waiting
from dyad.follow.urls import canonical_url, host_of
from dyad.ingest.decoding import gunzip_limited, is_gzip
from dyad.ingest.results import InputProblem
from dyad.models import Document
from dyad.scale.runner import STORE_BATCH, CoderSpec

BATCH = STORE_BATCH  # articles fetched together, then coded and stored in one transaction
MAX_SITEMAP_DEPTH = 2  # a sitemap index of sitemap indexes, no deeper
MAX_CHILD_SITEMAPS = 50


@dataclass
class PassReport:
    sources: int = 0
    unchanged: int = 0  # sources that answered 304
    listed: int = 0  # article links new to the store
    fetched: int = 0  # article pages fetched
    new_articles: int = 0  # documents stored
    known: int = 0  # fetched, but the same text was stored already
    events: int = 0
    errors: int = 0
    requests: int = 0  # HTTP requests made (robots.txt, redirects and retries included)
    waiting: int = 0  # articles queued at the start of the fetching
    seconds: float = 0.0
    messages: list[str] = field(default_factory=list)  # one line per failure


# Stores and codes a batch of new documents (one transaction); returns {doc_id: events}
# for those it stored (a near-duplicate is stored with no events). A document it could not
# code is left out: the page is tried again in a later pass.
Coder = Callable[[Any, Sequence[Document], str], dict[str, int]]


def store_and_code(spec: CoderSpec) -> Coder:
    """The project's one run path (`dyad.run.code_into_store`) as the follower needs it:
    one coder (one model load) for every pass, the run recorded by the follower."""
    from dyad.run import RunOptions, code_into_store

    options = RunOptions(actor_files=spec.actor_files, lexicon_files=spec.lexicon_files, command="follow")
    coder: list[Any] = []

    def code(store: Any, docs: Sequence[Document], run_id: str) -> dict[str, int]:
        if not coder:
            coder.append(spec.build())
        report = code_into_store(list(docs), store, options, coder=coder[0], run_id=run_id)
        store.add_errors(run_id, report.errors)
        return _stored_events(store, [d.doc_id for d in docs])

    return code


def _stored_events(store: Any, doc_ids: list[str]) -> dict[str, int]:
    rows = store.query(
        "SELECT d.doc_id, count(e.event_id) AS n FROM documents d LEFT JOIN events e USING (doc_id)"
        " WHERE d.doc_id IN (SELECT unnest(?)) GROUP BY d.doc_id",
        [doc_ids],
    )
    return {row["doc_id"]: int(row["n"]) for row in rows}


class Follower:
    """Runs passes over the sources of `sources` into the store at `db`."""

    def __init__(
        self,
        sources: SourcesFile,
        db: str,
        code: Coder,
        *,
        settings: FetchSettings | None = None,
        batch: int = BATCH,
        on_progress: Callable[[PassReport], None] | None = None,
    ) -> None:
        self.sources = sources
        self.db = db
        self.code = code
        self.settings = settings or FetchSettings(
            contact=sources.contact, user_agent=sources.user_agent, rate=sources.rate,
            concurrency=sources.concurrency,
        )  # fmt: skip
        self.batch = batch
        self.on_progress = on_progress or (lambda _report: None)
        self._by_url = {s.url: s for s in sources.sources}
        self._titles: dict[str, str] = {}
        self._next_start: dict[str, float] = {}  # per host, kept from one pass to the next

    def run_pass(self) -> PassReport:
        from dyad.store import open_store

        report = PassReport(sources=len(self.sources.sources))
        started = time.monotonic()
        with open_store(self.db, hold=False) as store:  # released between writes: readers get in
            state = FollowState(store)
            run_id = store.start_run(f"follow {self.sources.path}")
            passes = {s.url: SourcePass(s.url, s.name) for s in self.sources.sources}
            status = "interrupted"
            try:
                asyncio.run(self._pass(store, state, run_id, report, passes))
                status = "done"
            finally:
                report.seconds = time.monotonic() - started
                # A source an interrupted pass never heard back from has nothing to report.
                state.record_pass(run_id, [p for p in passes.values() if p.http_status or p.errors])
                store.finish_run(run_id, status=status, counts=_run_counts(report))
        return report

    async def _pass(
        self, store: Any, state: FollowState, run_id: str, report: PassReport, passes: dict[str, SourcePass]
    ) -> None:
        rates = {host_of(s.url): s.rate for s in self.sources.sources if s.rate}
        async with Fetcher(self.settings, rates=rates, next_start=self._next_start) as fetcher:
            try:
                await asyncio.gather(
                    *(self._list(fetcher, state, run_id, s, s.url, report, passes[s.url]) for s in self.sources.sources)
                )
                self.on_progress(report)
                waiting = state.waiting(list(passes))
                report.waiting = len(waiting)
                for start in range(0, len(waiting), self.batch):
                    batch = waiting[start : start + self.batch]
                    results = await asyncio.gather(*(_fetch(fetcher, w.url) for w in batch))
                    self._take(store, state, run_id, batch, results, report, passes)
                    report.requests = fetcher.requests
                    self.on_progress(report)
            finally:
                report.requests = fetcher.requests

    async def _list(
        self,
        fetcher: Fetcher,
        state: FollowState,
        run_id: str,
        source: Source,
        url: str,
        report: PassReport,
        sp: SourcePass,
        depth: int = 0,
    ) -> None:
        """Read one source document (a sitemap index: its sitemaps too) and queue its links."""
        key = canonical_url(url)
        etag, last_modified = state.validators(key)
        sp.requests += 1
        try:
            page = await fetcher.get(url, etag=etag, last_modified=last_modified)
        except FetchFailure as failure:
            sp.http_status = failure.status if depth == 0 else sp.http_status
            self._failed(state, run_id, report, sp, url, failure, article=False)
            return
        if depth == 0:
            sp.http_status = page.status
        if page.unchanged:
            report.unchanged += depth == 0
            return
        try:
            body = _unpacked(page.body, self.settings.max_bytes * 10)
        except InputProblem as problem:
            self._failed(state, run_id, report, sp, url, FetchFailure(url, str(problem), page.status), article=False)
            return
        listing = read_listing(body, page.final_url, source.kind if depth == 0 else "auto", page.content_type)
        if listing.title and depth == 0:
            self._titles[source.url] = listing.title
        report.listed += state.save_listing(
            source.url, key, listing.kind, page.status, (page.etag, page.last_modified), listing.links
        )
        if depth < MAX_SITEMAP_DEPTH:
            for child in listing.children[:MAX_CHILD_SITEMAPS]:
                await self._list(fetcher, state, run_id, source, child, report, sp, depth + 1)

    def _take(
        self,
        store: Any,
        state: FollowState,
        run_id: str,
        batch: list[Waiting],
        results: list[Page | FetchFailure],
        report: PassReport,
        passes: dict[str, SourcePass],
    ) -> None:
        """Extract the fetched pages, then store and code the new ones (one transaction)."""
        docs: list[tuple[Waiting, Document, int]] = []
        for waiting, result in zip(batch, results, strict=True):
            sp = passes.setdefault(waiting.source_url, SourcePass(waiting.source_url, None))
            sp.requests += 1
            if isinstance(result, FetchFailure):
                self._failed(state, run_id, report, sp, waiting.url, result)
                continue
            report.fetched += 1
            try:
                source = self._by_url.get(waiting.source_url)
                doc = page_document(result, waiting, source, self._titles.get(waiting.source_url))
            except NotAnArticle as problem:
                self._failed(
                    state, run_id, report, sp, waiting.url, FetchFailure(waiting.url, str(problem), result.status)
                )
                continue
            docs.append((waiting, doc, result.status))
        known = store.existing_ids([doc.doc_id for _, doc, _ in docs])
        fresh = list({doc.doc_id: doc for _, doc, _ in docs if doc.doc_id not in known}.values())
        events = self.code(store, fresh, run_id) if fresh else {}
        taken, counted = [], set(known)  # a text listed twice in one batch counts once
        for waiting, doc, status in docs:
            sp = passes[waiting.source_url]
            if doc.doc_id in counted:
                report.known += 1
            elif doc.doc_id not in events:  # coding failed (recorded in ingest_errors): try again later
                failure = FetchFailure(waiting.url, "the article could not be coded", status, transient=True)
                self._failed(state, run_id, report, sp, waiting.url, failure)
                continue
            else:
                counted.add(doc.doc_id)
                sp.new_articles += 1
                sp.events += events[doc.doc_id]
                report.new_articles += 1
            taken.append((waiting.url, status, doc.doc_id))
        report.events = sum(p.events for p in passes.values())
        state.mark_fetched(taken)

    def _failed(
        self,
        state: FollowState,
        run_id: str,
        report: PassReport,
        sp: SourcePass,
        url: str,
        failure: FetchFailure,
        *,
        article: bool = True,
    ) -> None:
        """Count and record a failure of `url` (the URL as listed, whatever redirects followed)."""
        sp.errors += 1
        report.errors += 1
        report.messages.append(f"{url}: {failure.reason}")
        state.record_failure(run_id, sp.source_url, url, failure, article=article)


def _unpacked(body: bytes, limit: int) -> bytes:
    """A sitemap served as a .gz file (not as a gzip transfer encoding, which httpx undoes)."""
    return gunzip_limited(body, limit) if is_gzip(body) else body


async def _fetch(fetcher: Fetcher, url: str) -> Page | FetchFailure:
    try:
        return await fetcher.get(url)
    except FetchFailure as failure:
        return failure


def _run_counts(report: PassReport) -> dict[str, int]:
    return {
        "documents": report.fetched,
        "new": report.new_articles,
        "errors": report.errors,
        "events": report.events,
    }
