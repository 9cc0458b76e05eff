"""The store file and its connection: held, released between operations, or lent.

A lending writer keeps the store file between its batches while nobody else asks for it.

DuckDB lets one process hold a file read-write, and then no other process may open it.
A released store (`hold=False`) opens the file for each batch and closes it after, so that
`dyad serve` and other readers get in between batches; each opening and closing costs tens
of milliseconds of CPU (a checkpoint among them), taken from the coder's worker processes on
a small machine. A lending store keeps the file instead and lets it go when asked: a process
that finds the file held leaves a knock while it waits (`opening.connect_waiting`); the
lender's watcher thread sees it within WATCH_EVERY seconds and closes the file unless an
operation is under way, in which case the operation closes it as it ends. For KNOCK_FRESH
seconds after a knock the lender closes the file after every operation, like a released
store, since a reader that came once tends to come again (a dashboard polls). The file is
never kept longer than HOLD_MAX seconds at a time: a reader that does not knock (a plain
DuckDB client) still gets in, and DuckDB's caches go now and then.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

from dyad.store.opening import BATCH_WAIT, OPEN_WAIT, connect, knocked

WATCH_EVERY = 0.05  # seconds between looks for a knock
KNOCK_FRESH = 10.0  # seconds after a knock during which the file is released after each operation
HOLD_MAX = 30.0  # seconds the file is kept at most before the next operation's end releases it


class Lending:
    """The lending policy of one store. `release_idle` closes the store's file unless an
    operation holds it (it is called from the watcher thread)."""

    def __init__(self, path: str, release_idle: Callable[[], None]) -> None:
        self.path = path
        self._release_idle = release_idle
        self._asked_at = -KNOCK_FRESH  # monotonic time of the last knock seen
        self._opened_at = time.monotonic()
        self._stop = threading.Event()
        self._watcher = threading.Thread(target=self._watch, name="dyad-store-lending", daemon=True)
        self._watcher.start()

    def opened(self) -> None:
        """The store has just opened the file."""
        self._opened_at = time.monotonic()

    def should_release(self) -> bool:
        """At an operation's end: whether to close the file now."""
        now = time.monotonic()
        if knocked(self.path):
            self._asked_at = now
        return now - self._asked_at < KNOCK_FRESH or now - self._opened_at > HOLD_MAX

    def stop(self) -> None:
        self._stop.set()
        self._watcher.join()

    def _watch(self) -> None:
        while not self._stop.wait(WATCH_EVERY):
            if knocked(self.path):
                self._asked_at = time.monotonic()
                self._release_idle()


class StoreFile:
    """The connection to a store file (the base of `Store`; see its docstring for `hold`
    and `lend`). `prepare` runs on the first connection (migrations)."""

    def __init__(
        self, path: str, *, read_only: bool, hold: bool, lock_wait: float = OPEN_WAIT, lend: bool = False,
        prepare: Callable[[Any], object] | None = None,
    ) -> None:  # fmt: skip
        self.path = path
        self.read_only = read_only
        self._con: Any = connect(self.path, read_only, lock_wait)
        if prepare is not None:
            prepare(self._con)
        self.openings = 1  # times the file was opened: a released store opens it per operation
        self._depth = 0  # sessions open (they nest)
        self._lock = threading.RLock()  # a lender's watcher closes the file only outside sessions
        self._lending = Lending(self.path, self._release_idle) if lend and not hold else None
        if not hold and self._lending is None:
            self._release()

    @property
    def con(self) -> Any:
        """The DuckDB connection (of a released or lending store: only inside `session`)."""
        if self._con is None or (self._lending is not None and self._depth == 0):
            raise RuntimeError("the store is released between operations: use it inside `with store.session():`")
        return self._con

    def close(self) -> None:
        if self._lending is not None:
            self._lending.stop()
        with self._lock:
            self._release()

    @contextmanager
    def session(self) -> Iterator[Any]:
        """The connection for the block. A released store opens the file (waiting up to
        BATCH_WAIT for a reader to let go: a run has work in hand) and releases it after;
        a lending store keeps it unless someone asked for it (`Lending.should_release`)."""
        with self._lock:
            opened = self._con is None
            if opened:
                self._con = connect(self.path, self.read_only, BATCH_WAIT)
                self.openings += 1
                if self._lending is not None:
                    self._lending.opened()
            self._depth += 1
            try:
                yield self._con
            finally:
                self._depth -= 1
                if self._depth == 0 and (opened if self._lending is None else self._lending.should_release()):
                    self._release()

    def _release_idle(self) -> None:
        if self._lock.acquire(blocking=False):
            try:
                if self._depth == 0:
                    self._release()
            finally:
                self._lock.release()

    def _release(self) -> None:
        if self._con is not None:
            con, self._con = self._con, None
            con.close()
