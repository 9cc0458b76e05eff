"""`dyad load` (Parquet partitions into the store) and `dyad watch` (code files as they
appear in a folder). `register(app)` adds them to the main command line."""

from __future__ import annotations

import signal
from pathlib import Path
from typing import Annotated, Any

import typer

from dyad.cli import common
from dyad.cli.common import ActorsOption, DbOption, JsonOption, LexiconOption, QuietOption


def register(app: typer.Typer) -> None:
    app.command("load")(load)
    app.command("watch")(watch)


# -- load ------------------------------------------------------------------------------------
def load(
    parquet_dir: Annotated[
        str, typer.Argument(help="Folder (or fsspec URL, e.g. s3://bucket/run) written by `dyad code --engine dask`.")
    ],
    db: DbOption = "dyad.duckdb",
    json_: JsonOption = False,
    quiet: QuietOption = False,
) -> None:
    """Merge Parquet partitions of coded documents and events into the store.

    Idempotent: loading the same folder twice adds nothing.

    Example:  dyad load news.parquet --db news.duckdb
    """
    from dyad.scale.parquet import load_partitions, partitions
    from dyad.store import open_store

    names = partitions(parquet_dir)
    if not names:
        raise common.UserError(f"no Parquet partitions in {parquet_dir}: give the folder `dyad code --engine dask`"
                        " wrote (with documents/ and events/ folders)")  # fmt: skip
    with (
        open_store(db, hold=False) as store,
        common.progress("loading", quiet=quiet or json_, total=len(names)) as tick,
    ):
        before = store.summary()
        result = load_partitions(store, parquet_dir, names, on_partition=lambda n, _r: tick(n))
        after = store.summary()
    report = {
        "partitions": result.partitions,
        "documents": result.documents,
        "new": result.new,
        "existing": result.existing,
        "near_duplicates": result.near_duplicates,
        "events_added": after["events"] - before["events"],
        "store_documents": after["documents"],
        "store_events": after["events"],
    }
    _report(report, f"dyad load → {db}", json_, quiet)


# -- watch -----------------------------------------------------------------------------------
def watch(
    folder: Annotated[Path, typer.Argument(help="Folder to watch (and its subfolders).")],
    db: DbOption = "dyad.duckdb",
    interval: Annotated[float, typer.Option("--interval", min=0.05, help="Seconds between polls.")] = 5.0,
    once: Annotated[
        bool, typer.Option("--once", help="Take what is there (two polls INTERVAL apart), then stop.")
    ] = False,
    actors: ActorsOption = None,
    lexicon: LexiconOption = None,
    json_: JsonOption = False,
    quiet: QuietOption = False,
) -> None:
    """Code files as they appear in a folder, into the store.

    A file is taken once its size is the same at two polls in a row.

    Nothing is coded twice, also after a restart; unreadable files are recorded once in ingest_errors.

    Example:  dyad watch incoming/ --db news.duckdb --interval 10
    """
    from dyad.scale.runner import CoderSpec
    from dyad.scale.watch import FileOutcome, Watcher

    if not folder.is_dir():
        raise common.UserError(f"{folder} is not a folder: give the folder to watch")
    spec = CoderSpec(tuple(common.paths(actors)), tuple(common.paths(lexicon)))
    quiet = quiet or json_

    def said(outcome: FileOutcome) -> None:
        if quiet:
            return
        if outcome.status == "error":
            common.err.print(f"[yellow]unreadable[/yellow] {outcome.errors[0].describe()}", highlight=False)
            return
        problems = f", [yellow]{len(outcome.errors)} unreadable parts[/yellow]" if outcome.errors else ""
        common.err.print(
            f"coded {outcome.path}: {outcome.documents} documents ({outcome.skipped} already coded),"
            f" {outcome.events} events{problems}",
            highlight=False,
        )

    watcher = Watcher(folder, db, spec, on_file=said)
    signal.signal(signal.SIGTERM, _stop_on_sigterm)
    try:
        with common.progress(f"watching {folder}", quiet=quiet, counted=False) as tick:
            tick.status("waiting for files")
            watcher.run(interval, once=once, should_stop=lambda: _show(tick, watcher))
    except KeyboardInterrupt:
        if not quiet:
            common.err.print("stopped")
    t = watcher.totals
    report = {"files": t.files, "documents": t.documents, "events": t.events, "errors": t.errors, "polls": t.polls}
    _report(report, f"dyad watch → {db}", json_, quiet)


def _stop_on_sigterm(_signum: int, _frame: Any) -> None:
    raise KeyboardInterrupt  # leave through the same door as Ctrl-C: store closed cleanly


# -- output ----------------------------------------------------------------------------------
def _show(tick: common.Ticker, watcher: Any) -> bool:
    """Refresh the watcher's status line (and never ask it to stop)."""
    t = watcher.totals
    tick.status(f"{t.files} files, {t.documents} documents, {t.events} events, {t.errors} unreadable")
    return False


def _report(report: dict[str, int], title: str, as_json: bool, quiet: bool) -> None:
    if as_json:
        common.print_json(report)
    elif not quiet:
        common.out.print(common.counts_table(title, ((key.replace("_", " "), value) for key, value in report.items())))
