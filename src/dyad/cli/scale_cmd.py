"""`dyad load` (Parquet partitions into the store) and `dyad watch` (code files as they
appear in a folder). `register(app)` adds them to the main command line."""

from __future__ import annotations

import json
import signal
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn
from rich.table import Table

out = Console()
err = Console(stderr=True)

DbOption = Annotated[str, typer.Option("--db", help="DuckDB store file.")]
QuietOption = Annotated[bool, typer.Option("--quiet", "-q", help="No progress or messages.")]
JsonOption = Annotated[bool, typer.Option("--json", help="Print a machine-readable summary.")]


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
        err.print(f"[red]no Parquet partitions in {parquet_dir}[/red] (expected documents/ and events/ folders)")
        raise typer.Exit(2)
    try:
        with open_store(db) as store, _bar(quiet or json_, "loading", len(names)) as advance:
            before = store.summary()
            result = load_partitions(store, parquet_dir, names, on_partition=lambda n, _r: advance(n))
            after = store.summary()
    except Exception as exc:  # an internal error, not bad input
        err.print(f"[red]internal error:[/red] {type(exc).__name__}: {exc}")
        raise typer.Exit(1) from None
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
    actors: Annotated[list[Path] | None, typer.Option("--actors", help="Extra actor dictionary file.")] = None,
    lexicon: Annotated[list[Path] | None, typer.Option("--lexicon", help="Extra event lexicon file.")] = None,
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
        err.print(f"[red]{folder}: not a folder[/red]")
        raise typer.Exit(2)
    spec = CoderSpec(tuple(str(p) for p in actors or []), tuple(str(p) for p in lexicon or []))
    quiet = quiet or json_

    def said(outcome: FileOutcome) -> None:
        if quiet:
            return
        if outcome.status == "error":
            err.print(f"[yellow]unreadable[/yellow] {outcome.errors[0].describe()}", highlight=False)
            return
        problems = f", [yellow]{len(outcome.errors)} unreadable parts[/yellow]" if outcome.errors else ""
        err.print(
            f"coded {outcome.path}: {outcome.documents} documents ({outcome.skipped} already coded),"
            f" {outcome.events} events{problems}",
            highlight=False,
        )

    watcher = Watcher(folder, db, spec, on_file=said)
    signal.signal(signal.SIGTERM, _stop_on_sigterm)
    try:
        with _spinner(quiet, f"watching {folder}", watcher) as tick:
            watcher.run(interval, once=once, should_stop=tick)
    except KeyboardInterrupt:
        if not quiet:
            err.print("stopped")
    t = watcher.totals
    report = {"files": t.files, "documents": t.documents, "events": t.events, "errors": t.errors, "polls": t.polls}
    _report(report, f"dyad watch → {db}", json_, quiet)


def _stop_on_sigterm(_signum: int, _frame: Any) -> None:
    raise KeyboardInterrupt  # leave through the same door as Ctrl-C: store closed cleanly


# -- output ----------------------------------------------------------------------------------
@contextmanager
def _bar(quiet: bool, label: str, total: int) -> Iterator[Callable[[str], None]]:
    """A progress bar over `total` steps; the yielded function moves it on."""
    if quiet:
        yield lambda _label: None
        return
    progress = Progress(
        SpinnerColumn(), TextColumn(f"[bold]{label}[/bold]"), BarColumn(), MofNCompleteColumn(),
        TextColumn("{task.fields[status]}"), TimeElapsedColumn(), console=err, transient=True,
    )  # fmt: skip
    with progress:
        task = progress.add_task(label, total=total, status="")
        yield lambda name: progress.update(task, advance=1, status=name[-40:])


@contextmanager
def _spinner(quiet: bool, label: str, watcher: Any) -> Iterator[Callable[[], bool]]:
    """A live status line for the watcher; the yielded function refreshes it (and never
    asks the watcher to stop)."""
    if quiet:
        yield lambda: False
        return
    progress = Progress(
        SpinnerColumn(), TextColumn(f"[bold]{label}[/bold]"), TextColumn("{task.fields[status]}"),
        TimeElapsedColumn(), console=err, transient=True,
    )  # fmt: skip
    with progress:
        task = progress.add_task("watch", total=None, status="waiting for files")

        def tick() -> bool:
            t = watcher.totals
            status = f"{t.files} files, {t.documents} documents, {t.events} events, {t.errors} unreadable"
            progress.update(task, status=status)
            return False

        yield tick


def _report(report: dict[str, int], title: str, as_json: bool, quiet: bool) -> None:
    if as_json:
        out.print_json(json.dumps(report))
        return
    if quiet:
        return
    table = Table(title=title, header_style="bold")
    table.add_column("measure")
    table.add_column("count", justify="right")
    for key, value in report.items():
        table.add_row(key.replace("_", " "), str(value))
    out.print(table)
