"""One way to code news into the store: read, skip what is coded, code, write, count.

`code_into_store` is the run path of `dyad code` and `dyad demo`, `dyad watch`, `dyad
follow` and the Dask engine; `code_to_jsonl` the same without a store; `save_coded`
stores what the web's "code this text" has coded. Every path writes a batch of documents
and their events in one transaction (`store_coded`), and counts in one `RunReport`.

>>> with open_store("news.duckdb") as store:
...     report = code_into_store(["news/"], store, RunOptions(workers=2))
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from itertools import groupby
from typing import TYPE_CHECKING, Any, Protocol

from dyad.memory import LONG_TEXT_CHARS, release_free_memory
from dyad.models import Document, Event, ReadError
from dyad.scale.runner import STORE_BATCH, Coded, CodeOptions, CoderSpec

if TYPE_CHECKING:
    from dyad.events.document import Coder
    from dyad.store.store import Store

DEFAULT_MAX_BYTES = 50_000_000
# What a run tells its caller as it goes: a document done (None when only its origin is
# known, e.g. a Dask partition's) and a short status.
Progress = Callable[[Document | None, str], None]
Sink = Callable[[dict[str, Any]], None]  # receives each event's JSON Lines record
Input = str | Document  # a path, folder, glob, URL or "-"; or a prepared Document


class Written(Protocol):
    """What a store write reports (`WriteResult`, a Parquet load's `LoadResult`)."""

    new: int
    existing: int
    near_duplicates: int


@dataclass
class RunReport:
    """What a run did. The one definition of a run's counts: the CLI prints it, the store's
    `runs` row records it, the watcher and the web report from it."""

    documents: int = 0  # read (documents, not inputs)
    new: int = 0  # added to the store
    existing: int = 0  # stored before (with `skipped`)
    skipped: int = 0  # coded by an earlier run, not coded again
    near_duplicates: int = 0
    non_english: int = 0  # stored, not coded
    events: int = 0  # coded
    stored_events: int = 0  # written to the store (near-duplicates keep none)
    errors: list[ReadError] = field(default_factory=list)
    docs: list[dict[str, Any]] = field(default_factory=list)  # one brief per document read
    parquet_folder: str | None = None  # Dask: where the partitions are
    # The run's `runs` row gets the counts in each batch's transaction (a killed run keeps
    # what it committed); off when the caller records the run itself (`dyad watch`).
    record_run: bool = False

    def to_json(self) -> dict[str, Any]:
        return {
            "documents": self.documents,
            "new": self.new,
            "existing": self.existing,
            "near_duplicates": self.near_duplicates,
            "non_english": self.non_english,
            "events": self.events,
            "errors": [{"origin": e.origin, "line": e.line, "kind": e.kind, "message": e.message} for e in self.errors],
            "docs": self.docs,
        }

    def counts(self) -> dict[str, int]:
        """The counts a `runs` row records."""
        return {"documents": self.documents, "new": self.new, "errors": len(self.errors), "events": self.events}

    def exit_code(self) -> int:
        """2 when nothing at all could be read, else 0."""
        return 2 if self.documents == 0 and self.errors else 0

    def add_write(self, result: Written) -> None:
        self.new += result.new
        self.existing += result.existing
        self.near_duplicates += result.near_duplicates


@dataclass
class RunOptions(CodeOptions):
    """A run: where the coding happens (CodeOptions), which coder, how inputs are read."""

    actor_files: tuple[str, ...] = ()
    lexicon_files: tuple[str, ...] = ()
    fields: dict[str, str] = field(default_factory=dict)  # JSON Lines field remapping
    max_bytes: int = DEFAULT_MAX_BYTES
    command: str = "code"  # how the store's `runs` row names the run
    # One brief per document in the report (`--json`): off, a run of a million documents
    # keeps nothing per document.
    briefs: bool = True

    @property
    def spec(self) -> CoderSpec:
        return CoderSpec(self.actor_files, self.lexicon_files)


def build_coder(options: RunOptions) -> Coder | None:
    """The coder a run in this process needs (None when worker processes build their own
    and no user file needs checking). A bad --actors/--lexicon file fails here, at once."""
    if options.workers <= 1 or options.actor_files or options.lexicon_files:
        return options.spec.build()
    return None


def code_into_store(
    inputs: Iterable[Input],
    store: Store,
    options: RunOptions | None = None,
    progress: Progress | None = None,
    *,
    sink: Sink | None = None,
    coder: Coder | None = None,
    run_id: str | None = None,
) -> RunReport:
    """Code `inputs` into `store`, one transaction per batch of documents; each event's
    record also goes to `sink` when given. Documents the store has coded are skipped
    (not with `options.recode`, nor with a sink, whose output is written whole). The run is
    recorded in the store's `runs` table with its read errors, unless `run_id` names a run
    the caller records itself (`dyad watch`: one run, many files)."""
    options, items, report = options or RunOptions(), list(inputs), RunReport()
    _start_workers_early(items, options, signatures=True)
    own_run = run_id is None
    run_key = store.start_run(f"{options.command} {' '.join(map(_name, items))}") if own_run else run_id or ""
    tell = progress or _silent
    report.record_run = own_run
    docs = read_documents(items, options, report, briefs=options.briefs)
    if sink is None and not options.recode:
        from dyad.scale.resume import skip_coded

        docs = skip_coded(docs, store, on_skip=lambda doc: _skipped(report, tell, doc))
    try:
        _code(docs, store, sink, options, tell, coder, run_key, report)
    except KeyboardInterrupt:
        if own_run:
            store.finish_run(run_key, status="interrupted", counts=report.counts())
        raise
    if own_run:
        store.add_errors(run_key, report.errors)
        store.finish_run(run_key, status="done", counts=report.counts())
    return report


def code_to_jsonl(
    inputs: Iterable[Input],
    sink: Sink | None,
    options: RunOptions | None = None,
    progress: Progress | None = None,
    *,
    coder: Coder | None = None,
) -> RunReport:
    """Code `inputs` with no store: each event's record goes to `sink`."""
    options, items, report = options or RunOptions(), list(inputs), RunReport()
    _start_workers_early(items, options, signatures=False)
    docs = read_documents(items, options, report, briefs=options.briefs)
    _code(docs, None, sink, options, progress or _silent, coder, "", report)
    return report


def save_coded(store: Store, coded: Sequence[Any], command: str = "web save") -> RunReport:
    """Store documents coded already (anything with `.doc` and `.events`) as one run."""
    report = RunReport(documents=len(coded), events=sum(len(c.events) for c in coded), record_run=True)
    for c in coded:
        report.errors.extend(getattr(c, "problems", []))
    run_id = store.start_run(command)
    done = [Coded(c.doc, c.events) for c in coded if not getattr(c, "failed", False)]  # failed: tried again later
    store_coded(store, done, run_id, report)
    store.add_errors(run_id, report.errors)
    store.finish_run(run_id, status="done", counts=report.counts())
    return report


def store_coded(store: Store, coded: Sequence[Coded], run_id: str, report: RunReport) -> None:
    """Documents and events of a batch in ONE transaction (`Store.add_coded_tables`); each
    document learns its near-duplicate mark."""
    if not coded:
        return
    from dyad.scale.tables import documents_table, events_table

    docs = [c.doc for c in coded]
    events = [e for c in coded for e in c.events]
    if sum(len(d.text) for d in docs) > LONG_TEXT_CHARS:
        release_free_memory()  # what coding a long text grew: DuckDB would not reuse it
    signatures = [c.signature for c in coded]  # computed by the workers, when there were any
    run = (run_id, report.counts()) if report.record_run else None
    result, duplicate_of = store.add_coded_tables(
        documents_table(docs, signatures), events_table(events, run_id), run=run
    )
    for c in coded:
        c.doc.duplicate_of = duplicate_of.get(c.doc.doc_id, c.doc.duplicate_of)
        report.stored_events += 0 if c.doc.duplicate_of else len(c.events)
    report.add_write(result)


# -- reading -------------------------------------------------------------------------------------
def read_documents(
    inputs: Sequence[Input], options: RunOptions, report: RunReport, *, briefs: bool = True
) -> Iterator[Document]:
    """The documents of `inputs` in order (files, folders, globs, "-", URLs through fsspec,
    or Documents as they are); read errors go to `report.errors`, never raised. With
    `briefs`, each document's brief goes to `report.docs` as it is read."""
    from dyad.scale.remote import read_inputs

    for is_path, group in groupby(inputs, key=lambda item: isinstance(item, str)):
        items: Iterable[Document | ReadError] = group  # type: ignore[assignment]
        if is_path:
            items = read_inputs([str(p) for p in group], options.fields, options.max_bytes)
        for item in items:
            if isinstance(item, ReadError):
                report.errors.append(item)
                continue
            report.documents += 1
            report.non_english += item.language != "en"
            if briefs:
                report.docs.append(brief(item))
            yield item


def brief(doc: Document) -> dict[str, Any]:
    """A document in a line of a run's JSON summary."""
    return {
        "doc_id": doc.doc_id, "origin": doc.origin, "date": doc.date.isoformat() if doc.date else None,
        "place": doc.place, "agency": doc.agency, "language": doc.language, "title": doc.title,
        "duplicate_of": doc.duplicate_of, "chars": len(doc.text),
    }  # fmt: skip


@contextmanager
def jsonl_writer(target: str | None) -> Iterator[Sink | None]:
    """A sink writing JSON Lines to the file `target` ("-": standard output); None for None."""
    if target is None:
        yield None
        return
    handle = sys.stdout if target == "-" else open(target, "w", encoding="utf-8")  # noqa: SIM115

    def write(record: dict[str, Any]) -> None:
        handle.write(json.dumps(record, ensure_ascii=False, default=str) + "\n")

    try:
        yield write
    finally:
        if handle is sys.stdout:
            handle.flush()
        else:
            handle.close()


# -- coding --------------------------------------------------------------------------------------
def _code(
    docs: Iterable[Document],
    store: Store | None,
    sink: Sink | None,
    options: RunOptions,
    tell: Progress,
    coder: Coder | None,
    run_id: str,
    report: RunReport,
) -> None:
    if options.engine == "dask":
        from dyad.scale.dask import code_on_dask

        report.parquet_folder = code_on_dask(docs, options, store, sink, report, run_id, tell)
        return
    from dyad.scale.runner import WorkerStats, code_in_order, write_stats

    stats = WorkerStats()
    pending: list[Coded] = []
    coding = code_in_order(docs, options.spec, workers=options.workers, coder=coder, stats=stats,
                           signatures=store is not None)  # fmt: skip
    for coded in coding:
        report.errors.extend(coded.problems)
        if coded.failed:  # recorded, not stored: a later run tries it again
            tell(coded.doc, "failed")
            continue
        report.events += len(coded.events)
        _emit(sink, coded.events)
        if store is not None:
            pending.append(coded)
            if len(pending) >= STORE_BATCH:
                store_coded(store, pending, run_id, report)
                pending = []
        tell(coded.doc, "")
    if store is not None:
        store_coded(store, pending, run_id, report)
    write_stats(stats)


def _start_workers_early(items: Sequence[Input], options: RunOptions, *, signatures: bool) -> None:
    if options.engine == "local" and all(isinstance(item, str) for item in items):
        from dyad.scale.runner import start_workers_early

        start_workers_early([str(item) for item in items], options.spec, options.workers, signatures)


def _emit(sink: Sink | None, events: Iterable[Event]) -> None:
    if sink is not None:
        for event in events:
            sink(event.to_json())


def _skipped(report: RunReport, tell: Progress, doc: Document) -> None:
    report.skipped += 1
    report.existing += 1
    tell(doc, "already coded")


def _silent(_doc: Document | None, _status: str) -> None:
    return None


def _name(item: Input) -> str:
    return item if isinstance(item, str) else item.origin
