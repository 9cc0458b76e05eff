"""Watching a folder: files are coded as they appear.

The folder is polled (no dependency, works on network shares). A file is taken once
its size and modification time are the same at two polls in a row, so a file still
being copied in is left for later. A taken file is recorded in the store
(`input_files`, with its size and mtime) together with its read errors, so a watcher
restarted on the same folder takes nothing twice; a file that changes is taken again
(documents already coded are skipped, as in `dyad code`).
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from dyad.models import ReadError
from dyad.scale.runner import CoderSpec

Version = tuple[int, int]  # (size, mtime_ns)
IGNORED_SUFFIXES = (".tmp", ".part", ".partial", ".crdownload", ".swp", "~")


@dataclass
class FileOutcome:
    path: str
    documents: int = 0
    skipped: int = 0
    events: int = 0
    errors: list[ReadError] = field(default_factory=list)

    @property
    def status(self) -> str:
        return "error" if self.errors and not (self.documents or self.skipped) else "done"


@dataclass
class WatchTotals:
    files: int = 0
    documents: int = 0
    events: int = 0
    errors: int = 0
    polls: int = 0
    busy: int = 0  # polls that found the store locked by another process


def snapshot(folder: Path) -> dict[str, Version]:
    """Every regular file under `folder` (hidden and partial-download files left out)."""
    found: dict[str, Version] = {}
    for path in sorted(folder.rglob("*")):
        rel = path.relative_to(folder)
        if any(part.startswith(".") for part in rel.parts) or path.name.endswith(IGNORED_SUFFIXES):
            continue
        try:
            st = path.stat()
        except OSError:
            continue  # vanished between listing and stat
        if path.is_file():
            found[str(path.resolve())] = (st.st_size, st.st_mtime_ns)
    return found


def stable(before: dict[str, Version], now: dict[str, Version]) -> list[str]:
    """Files whose size and mtime did not change between two polls."""
    return [p for p, v in now.items() if before.get(p) == v]


class Watcher:
    """Polls `folder` and codes each stable, not yet taken file into the store at `db`."""

    def __init__(
        self,
        folder: Path,
        db: str,
        spec: CoderSpec,
        *,
        on_file: Callable[[FileOutcome], None] | None = None,
    ) -> None:
        self.folder = folder
        self.db = db
        self.spec = spec
        self.on_file = on_file
        self.totals = WatchTotals()
        self._coder: Any = None
        self._previous: dict[str, Version] = {}

    def poll(self) -> list[FileOutcome]:
        """One poll: take the files that are stable since the previous poll."""
        current = snapshot(self.folder)
        ready = stable(self._previous, current)
        self._previous = current
        self.totals.polls += 1
        if not ready:
            return []
        return self._take(ready, current)

    def run(self, interval: float, *, once: bool = False, should_stop: Callable[[], bool] = lambda: False) -> None:
        """Poll every `interval` seconds; with `once`, two polls `interval` apart, then stop."""
        self.poll()
        while not should_stop():
            time.sleep(interval)
            self.poll()
            if once:
                return

    def _take(self, paths: list[str], versions: dict[str, Version]) -> list[FileOutcome]:
        from dyad.store import StoreError, open_store

        outcomes: list[FileOutcome] = []
        # The store is open only for each write, so other commands can read it between
        # batches and polls; if one holds it for long, the files stay stable and wait for the next poll.
        try:
            store = open_store(self.db, hold=False)
        except StoreError:
            self.totals.busy += 1
            return []
        with store:
            todo = [p for p in paths if store.input_file_version(p) != versions[p]]
            if not todo:
                return []
            run_id = store.start_run(f"watch {self.folder}")
            for path in todo:
                outcome = self._code_file(store, path, run_id)
                store.finish_input_file(
                    path, versions[path], status=outcome.status, run_id=run_id,
                    counts={"documents": outcome.documents, "events": outcome.events},
                    errors=outcome.errors,
                )  # fmt: skip
                self._count(outcome)
                outcomes.append(outcome)
            store.finish_run(run_id, status="done", counts=self._run_counts(outcomes))
        return outcomes

    def _code_file(self, store: Any, path: str, run_id: str) -> FileOutcome:
        """One file on the run path (`dyad.run`), as part of this poll's run."""
        from dyad.run import RunOptions, code_into_store

        options = RunOptions(actor_files=self.spec.actor_files, lexicon_files=self.spec.lexicon_files)
        if self._coder is None:
            self._coder = self.spec.build()
        report = code_into_store([path], store, options, coder=self._coder, run_id=run_id)
        return FileOutcome(path, report.documents, report.skipped, report.events, report.errors)

    def _count(self, outcome: FileOutcome) -> None:
        self.totals.files += 1
        self.totals.documents += outcome.documents
        self.totals.events += outcome.events
        self.totals.errors += len(outcome.errors)
        if self.on_file is not None:
            self.on_file(outcome)

    @staticmethod
    def _run_counts(outcomes: list[FileOutcome]) -> dict[str, int]:
        return {
            "documents": sum(o.documents for o in outcomes),
            "new": sum(o.documents - o.skipped for o in outcomes),
            "errors": sum(len(o.errors) for o in outcomes),
            "events": sum(o.events for o in outcomes),
        }
