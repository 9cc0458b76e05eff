"""Coding documents in worker processes, with the results in input order.

`code_in_order` is the one entry point: with one worker (or an input too small to be
worth starting processes for) it codes in this process; otherwise a pool of worker
processes, each loading the coder once, codes chunks of documents while this process
keeps reading input and writing results. Results come back in submission order, so
the output of a run does not depend on the number of workers.
"""

from __future__ import annotations

import functools
import importlib.util
import multiprocessing
import os
import resource
import sys
import threading
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass, field
from itertools import chain, islice
from pathlib import Path
from typing import TYPE_CHECKING

from dyad.models import Document, Event, ReadError

if TYPE_CHECKING:
    from dyad.events.document import Coder

CHUNK_SIZE = 16  # documents per task: ~1 s of work, so messaging costs little
WINDOW_PER_WORKER = 4  # chunks in flight per worker: keeps workers busy, bounds memory
STORE_BATCH = 20  # documents per store transaction: what an interrupted run can lose
PREBUILT = "dyad.scale.prebuilt"  # the module that builds the default coder in the fork server
MINHASH_LIBRARY = "datasketch"  # what `NearDuplicateIndex.signature` imports


@dataclass(frozen=True)
class CoderSpec:
    """What a worker needs to build the same coder as the parent."""

    actor_files: tuple[str, ...] = ()
    lexicon_files: tuple[str, ...] = ()

    def build(self) -> Coder:
        from dyad.events.document import Coder

        return Coder(actor_files=self.actor_files, lexicon_files=self.lexicon_files)


@dataclass
class Coded:
    """One document and its events (the parse trace stays in the worker), and, when a
    worker coded it, its MinHash signature (so the store need not compute it serially)."""

    doc: Document
    events: list[Event]
    signature: bytes | None = None
    problems: list[ReadError] = field(default_factory=list)  # recorded by the run, which goes on
    failed: bool = False  # not coded at all: not stored, so a later run tries again


@dataclass
class WorkerStats:
    """Peak resident memory per worker process, as reported with its results."""

    peak_rss_kb: dict[int, int] = field(default_factory=dict)

    def record(self, pid: int, rss_kb: int) -> None:
        self.peak_rss_kb[pid] = max(rss_kb, self.peak_rss_kb.get(pid, 0))


@dataclass
class CodeOptions:
    """How `dyad code` runs: where the coding happens."""

    workers: int = 1
    engine: str = "local"  # local | dask
    scheduler: str | None = None  # dask: tcp://HOST:PORT, or None for a local cluster
    parquet_out: str | None = None  # dask: folder for the Parquet partitions
    recode: bool = False  # code documents again even if the store has them coded


def write_stats(stats: WorkerStats) -> None:
    """With DYAD_RUN_STATS=FILE set, write the run's peak memory per process as JSON
    (`bench/throughput.py` reads it; worker processes are not children it can measure)."""
    target = os.environ.get("DYAD_RUN_STATS")
    if not target:
        return
    import json

    workers = {str(pid): kb for pid, kb in stats.peak_rss_kb.items() if pid != os.getpid()}
    record = {"main_peak_rss_kb": peak_rss_kb(), "worker_peak_rss_kb": workers}
    with open(target, "w", encoding="utf-8") as handle:
        json.dump(record, handle)


DASK_MISSING = "--engine dask needs Dask, an optional extra: pip install 'dyad[dask]'."


def dask_installed() -> bool:
    return importlib.util.find_spec("distributed") is not None


def default_workers() -> int:
    return max(1, os.cpu_count() or 1)


def code_in_order(
    docs: Iterable[Document],
    spec: CoderSpec,
    *,
    workers: int = 1,
    chunk_size: int = CHUNK_SIZE,
    stats: WorkerStats | None = None,
    coder: Coder | None = None,
    signatures: bool = True,
) -> Iterator[Coded]:
    """Code `docs`, yielding one `Coded` per document in input order. `coder`, if given,
    is used when the coding happens in this process. Without `signatures` (nothing is
    stored) no document's MinHash signature is made."""
    stream = iter(docs)
    # Starting processes costs a model load each: not worth it for a single chunk.
    head = list(islice(stream, chunk_size + 1))
    if workers <= 1 or len(head) <= chunk_size:
        yield from _code_here(chain(head, stream), coder or spec.build(), stats, signatures)
        return
    yield from _code_in_pool(chain(head, stream), spec, workers, chunk_size, stats, signatures)


def start_workers_early(inputs: Sequence[str], spec: CoderSpec, workers: int, signatures: bool) -> None:
    """Start the fork server now when the inputs may need worker processes: its loading of
    the coder (a second and a half) then overlaps this process's opening of the store and
    its first reading, instead of following them. Inputs known to be a few documents (a
    few plain files) start nothing: they are coded here."""
    if workers <= 1 or _few_documents(inputs):
        return
    context = _context(spec, signatures)
    if context.get_start_method() == "forkserver":
        from multiprocessing import forkserver

        forkserver.ensure_running()


def _few_documents(inputs: Sequence[str]) -> bool:
    from dyad.ingest.readers import holds_one_document

    return len(inputs) <= CHUNK_SIZE and all(holds_one_document(p) for p in inputs)


def _code_here(docs: Iterable[Document], coder: Coder, stats: WorkerStats | None, signatures: bool) -> Iterator[Coded]:
    # The signature is made from the document's own text, as in a worker: the store need
    # not copy a long text back out of the batch's table to make it.
    sign = _signer(signatures)
    for c in coder.code_documents(docs):
        yield Coded(c.doc, c.events, None if c.failed else sign(c.doc.text), c.problems, c.failed)
    if stats is not None:
        stats.record(os.getpid(), peak_rss_kb())


def _code_in_pool(
    docs: Iterable[Document],
    spec: CoderSpec,
    workers: int,
    chunk_size: int,
    stats: WorkerStats | None,
    signatures: bool,
) -> Iterator[Coded]:
    pool = ProcessPoolExecutor(
        max_workers=workers,
        mp_context=_context(spec, signatures),
        initializer=_init_worker,
        initargs=(spec, os.getpid()),
    )
    pending: deque[Future[ChunkResult]] = deque()
    chunks = _chunks(docs, chunk_size)
    try:
        for chunk in chunks:
            pending.append(pool.submit(_code_chunk, chunk, signatures))
            if len(pending) >= workers * WINDOW_PER_WORKER:
                yield from _take(pending.popleft(), stats)
        while pending:
            yield from _take(pending.popleft(), stats)
    finally:
        # On an error or an abandoned generator, queued chunks are dropped, not coded.
        pool.shutdown(wait=True, cancel_futures=True)


def _take(future: Future[ChunkResult], stats: WorkerStats | None) -> Iterator[Coded]:
    result = future.result()
    if stats is not None:
        stats.record(result.pid, result.peak_rss_kb)
    yield from result.coded


def _chunks(docs: Iterable[Document], size: int) -> Iterator[list[Document]]:
    stream = iter(docs)
    while chunk := list(islice(stream, size)):
        yield chunk


def _context(spec: CoderSpec, signatures: bool = True) -> multiprocessing.context.BaseContext:
    # Never fork: a forked child would inherit this process's threads and open store.
    if "forkserver" not in multiprocessing.get_all_start_methods():
        return multiprocessing.get_context("spawn")
    context = multiprocessing.get_context("forkserver")
    # What the fork server imports once, and every worker starts with: the default coder,
    # and the MinHash library (scipy under it) when the workers make signatures.
    preload = [PREBUILT] if spec == CoderSpec() else []
    context.set_forkserver_preload(preload + ([MINHASH_LIBRARY] if signatures else []))
    return context


# -- in the worker process -----------------------------------------------------------------
_CODER: Coder | None = None


@dataclass
class ChunkResult:
    coded: list[Coded]
    pid: int
    peak_rss_kb: int


def _init_worker(spec: CoderSpec, parent_pid: int) -> None:
    global _CODER
    prebuilt = getattr(sys.modules.get(PREBUILT), "CODER", None)
    _CODER = prebuilt if prebuilt is not None and spec == CoderSpec() else spec.build()
    threading.Thread(target=_exit_with_parent, args=(parent_pid,), daemon=True).start()


def _exit_with_parent(parent_pid: int) -> None:
    """A parent killed with SIGKILL cannot stop its workers: they stop themselves.
    (With forkserver the worker's own parent is the fork server, so the coordinating
    process is watched by its pid.)"""
    own_parent = os.getppid()
    while _alive(parent_pid) and os.getppid() == own_parent:
        time.sleep(1.0)
    os._exit(1)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # exists, owned by someone else (pid reused): ours is gone
        return False
    return True


def _code_chunk(docs: list[Document], signatures: bool = True) -> ChunkResult:
    if _CODER is None:  # pragma: no cover - the initializer always runs first
        raise RuntimeError("worker not initialised")
    sign = _signer(signatures)
    coded = [
        Coded(c.doc, c.events, None if c.failed else sign(c.doc.text), c.problems, c.failed)
        for c in _CODER.code_documents(docs)
    ]
    return ChunkResult(coded, os.getpid(), peak_rss_kb())


def _signer(signatures: bool) -> Callable[[str], bytes | None]:
    """A text's MinHash signature, or None when no signature is wanted (no store: the
    MinHash library is then not even imported)."""
    if not signatures:
        return lambda text: None
    return _signature_maker()


@functools.cache
def _signature_maker() -> Callable[[str], bytes]:
    """One index's `signature` per process (an index works out its LSH shape when made)."""
    from dyad.ingest.dedup import NearDuplicateIndex

    return NearDuplicateIndex().signature


def peak_rss_kb() -> int:
    """This process's peak resident set size in KiB.

    Linux's VmHWM is this program's own peak; `ru_maxrss` would also count the memory
    of the parent it was forked from (kept across exec). macOS reports bytes."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    except OSError:
        pass
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak // 1024 if sys.platform == "darwin" else peak
