"""Opening the store file: one clear sentence for a bad path, and patience with a file
another process holds for a moment.

DuckDB lets one process hold a file read-write, and then no other process may open it,
not even to read; while processes hold it only read-only, none may write. It does not queue
those who wait: `connect_waiting` tries again with short jittered pauses, and while it waits
it leaves a knock (a file named like the store plus `.waiting`) that a writer keeping the
file between its batches (`store/lending.py`) answers by letting it go.
"""

from __future__ import annotations

import contextlib
import os
import random
import re
import time
from pathlib import Path
from typing import Any

import duckdb

from dyad.errors import UserMistake

DEFAULT_DB = "dyad.duckdb"
OPEN_WAIT = 5.0  # seconds a command waits at its start for another process to release the file
BATCH_WAIT = 120.0  # seconds a run with work in hand waits at each later opening


class StoreError(UserMistake):
    """The store file cannot be opened or is not a dyad store; the message says why and
    what to do."""


WRITER_MEMORY_LIMIT = "256MB"
# DuckDB's checkpoint "vacuums": it merges the small row groups that each batch's append
# leaves into full ones (up to 122,880 rows), rewriting every merged row in memory at once.
# With 3 KB articles that is a few hundred MB at a time, more with longer ones, past the
# memory limit: what made the peak of a long `dyad ingest` grow with the input. Writers do
# not vacuum; scans of many small row groups read the same rows.
WRITER_SETTINGS = (f"SET memory_limit = '{WRITER_MEMORY_LIMIT}'", "SET max_vacuum_tasks = 0")


def connect(path: str, read_only: bool, lock_wait: float = 0.0) -> Any:
    """A connection to the store file, or a StoreError saying in one sentence what is wrong
    with the path and how to fix it. A file another process holds is tried again for up to
    `lock_wait` seconds: readers and writers of a shared store hold it only briefly."""
    _check_path(path, read_only)
    try:
        con = connect_waiting(path, read_only, lock_wait)
    except duckdb.Error as exc:  # a locked, corrupt or foreign file
        raise StoreError(_open_failure(path, str(exc))) from exc
    if not read_only:
        # A writer's DuckDB memory is capped (beyond it, temporary data spills to disk) and
        # its checkpoints do not merge row groups: `dyad code` stays within its budget
        # whatever the input size.
        for setting in WRITER_SETTINGS:
            con.execute(setting)
    return con


def connect_waiting(path: str, read_only: bool, wait: float) -> Any:
    """`duckdb.connect`, tried again while another process holds the file, up to `wait`
    seconds; the last lock error is raised. DuckDB does not queue: the pauses are short and
    jittered, so that two processes polling for the file do not keep missing each other."""
    deadline = time.monotonic() + wait
    pause = 0.005
    knocked = False
    try:
        while True:
            try:
                return duckdb.connect(path, read_only=read_only)
            except duckdb.IOException as exc:
                if not is_lock_error(exc):
                    raise
                knocked = _knock(path) or knocked
                if time.monotonic() + pause > deadline:
                    raise
            time.sleep(pause * random.uniform(0.5, 1.5))
            pause = min(pause * 2, 0.1)
    finally:
        if knocked:  # in, or given up: the knock is withdrawn (another waiter knocks again)
            with contextlib.suppress(OSError):
                os.unlink(knock_path(path))


def knock_path(path: str) -> str:
    """The file whose presence tells a writer holding `path` that someone waits for it."""
    return f"{path}.waiting"


def knocked(path: str) -> bool:
    """Whether another process waits for the store file `path` (see `connect_waiting`)."""
    return os.path.exists(knock_path(path))


def _knock(path: str) -> bool:
    """Leave (or renew) the knock; False where none can be left (an in-memory database, a
    folder this process may not write to): such a waiter waits for the writer's batch."""
    if path == ":memory:":
        return False
    try:
        Path(knock_path(path)).touch()
    except OSError:
        return False
    return True


def is_lock_error(exc: BaseException) -> bool:
    """DuckDB's error for a file another process holds."""
    return "lock" in str(exc).lower()


def _check_path(path: str, read_only: bool) -> None:
    if path == ":memory:":
        return
    if not path.strip():
        raise StoreError("the store path is empty: give a file with --db, e.g. --db dyad.duckdb")
    target = Path(path)
    if target.is_dir():
        raise StoreError(f"{path} is a folder, not a store file: give a file path, e.g. --db {target / DEFAULT_DB}")
    if not target.parent.is_dir():
        raise StoreError(f"folder {target.parent} does not exist: create it, or give --db a path in an existing folder")
    if read_only and not target.exists():
        raise StoreError(f"no store at {path}: code some news into it first, or give --db the store's path")


def _open_failure(path: str, message: str) -> str:
    if "lock" in message.lower():
        pid = re.search(r"PID (\d+)", message)
        holder = f"another process (PID {pid.group(1)})" if pid else "another process"
        return f"{path} is in use by {holder}: wait for it to finish, or give another --db"
    if "not a valid DuckDB database" in message or "Magic" in message:
        return f"{path} is not a DuckDB store: give --db a new file name or an existing dyad store"
    return f"cannot open {path} ({message.splitlines()[0]}): check the file, or give another --db"
