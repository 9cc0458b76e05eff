"""Run records: which command wrote what, and how it ended.

A run is `running` while its process works; `done` (or `failed`) when it ends. A process
killed by a signal cannot say so, so every later command that starts a run looks at the
runs still marked `running`: one whose process (pid on this host) is gone is marked
`interrupted`, with the counts it recorded after its last committed batch and the number
of its events actually in the store.
"""

from __future__ import annotations

import datetime as dt
import os
import socket
import uuid
from typing import Any

COUNT_COLUMNS = {"documents": "n_documents", "new": "n_new", "errors": "n_errors", "events": "n_events"}


def start_run(con: Any, command: str) -> str:
    mark_interrupted(con)
    run_id = dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%S") + "-" + uuid.uuid4().hex[:6]
    con.execute(
        "INSERT INTO runs (run_id, command, status, pid, host) VALUES (?, ?, 'running', ?, ?)",
        [run_id, command, os.getpid(), socket.gethostname()],
    )
    return run_id


def record_counts(con: Any, run_id: str, counts: dict[str, int], *, status: str | None = None) -> None:
    """Store a run's counts; with `status`, also end it."""
    sets = ", ".join(f"{column} = ?" for column in COUNT_COLUMNS.values())
    values: list[Any] = [counts.get(name, 0) for name in COUNT_COLUMNS]
    if status is not None:
        sets += ", status = ?, finished_at = current_timestamp"
        values.append(status)
    con.execute(f"UPDATE runs SET {sets} WHERE run_id = ?", [*values, run_id])


def mark_interrupted(con: Any) -> list[str]:
    """Mark `running` runs whose process is gone as `interrupted`; their ids."""
    here = socket.gethostname()
    rows = con.execute("SELECT run_id, pid, host FROM runs WHERE status = 'running' AND pid IS NOT NULL").fetchall()
    gone = [run_id for run_id, pid, host in rows if host == here and not _alive(int(pid))]
    for run_id in gone:
        con.execute(
            "UPDATE runs SET status = 'interrupted',"
            " n_events = (SELECT count(*) FROM events WHERE events.run_id = runs.run_id)"
            " WHERE run_id = ?",
            [run_id],
        )
    return gone


def _alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # a process of another user has the pid now: ours is gone
        return False
    return True
