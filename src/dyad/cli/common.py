"""What every `dyad` command shares: the common options, the output helpers and the error
handling at the edge of the command line.

A user mistake (a bad option value, a missing store, a broken user file) is raised as
`UserError` anywhere below a command and printed once, by `CommandGroup`, as one sentence
on stderr with exit status 2. Anything else that escapes a command is an internal error:
one line, a request to report it, exit status 1. Neither shows a traceback.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.markup import escape
from rich.progress import BarColumn, MofNCompleteColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn
from rich.table import Table
from typer.core import TyperGroup

from dyad.errors import UserMistake

out = Console()
err = Console(stderr=True)


class UserError(UserMistake):
    """A mistake of the user's: the message names the cause and the fix in one sentence."""


@contextmanager
def user_mistakes(*kinds: type[Exception]) -> Iterator[None]:
    """Report exceptions of `kinds` raised by the library (a bad date range, an unknown
    export format...) as the user's mistakes."""
    try:
        yield
    except kinds as exc:
        raise UserError(str(exc)) from exc


class CommandGroup(TyperGroup):
    """The `dyad` command group: the one place where errors become messages and exit codes."""

    def invoke(self, ctx: Any) -> Any:
        try:
            return super().invoke(ctx)
        except (typer.Exit, typer.Abort, typer.TyperException):  # click's own: usage errors, --help
            raise
        except BrokenPipeError:
            # Whoever read the output stopped early (`dyad export -o - | head`): not an error.
            _stdout_to_devnull()
            raise typer.Exit(0) from None
        except UserMistake as exc:
            err.print(f"[red]error:[/red] {escape(str(exc))}", soft_wrap=True, highlight=False)
            raise typer.Exit(2) from None
        except Exception as exc:
            err.print(f"[red]internal error:[/red] {type(exc).__name__}: {escape(str(exc))}",
                      soft_wrap=True, highlight=False)  # fmt: skip
            err.print("Please report it with the command you ran.")
            raise typer.Exit(1) from None


def _stdout_to_devnull() -> None:
    """Point stdout at /dev/null so the interpreter's final flush cannot fail again."""
    import os
    import sys
    from contextlib import suppress

    with suppress(OSError, ValueError):  # stdout is not a file (a test runner's buffer)
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())


# -- options --------------------------------------------------------------------------------
def parse_date(value: str) -> dt.date:
    """A YYYY-MM-DD option value."""
    try:
        return dt.date.fromisoformat(value.strip())
    except ValueError:
        raise typer.BadParameter(f"{value!r} is not a date; use YYYY-MM-DD") from None


def date_option(name: str, help: str) -> Any:
    return typer.Option(name, parser=parse_date, metavar="YYYY-MM-DD", help=help)


DbOption = Annotated[str, typer.Option("--db", help="DuckDB store file.")]
JsonOption = Annotated[bool, typer.Option("--json", help="Print JSON instead of a table.")]
QuietOption = Annotated[
    bool, typer.Option("--quiet", "-q", help="No progress bar or summary (skipped inputs are still listed).")
]
FromOption = Annotated[dt.date | None, date_option("--from", "First day, YYYY-MM-DD (inclusive).")]
ToOption = Annotated[dt.date | None, date_option("--to", "Last day, YYYY-MM-DD (inclusive).")]
DateOption = Annotated[dt.date | None, date_option("--date", "Document date, YYYY-MM-DD.")]
ActorsOption = Annotated[
    list[Path] | None, typer.Option("--actors", help="Extra actor dictionary file (repeatable).")
]
LexiconOption = Annotated[
    list[Path] | None, typer.Option("--lexicon", help="Extra event lexicon file (repeatable).")
]


def paths(files: list[Path] | None) -> list[str]:
    """The files of a repeatable path option, as strings."""
    return [str(p) for p in files or []]


# -- output ---------------------------------------------------------------------------------
def print_json(data: Any) -> None:
    """`data` as indented JSON on stdout (dates and other values as strings)."""
    typer.echo(json.dumps(data, default=str, ensure_ascii=False, indent=2))


def counts_table(title: str, rows: Iterable[tuple[str, Any]]) -> Table:
    """A two-column table of what a command did: measure, count."""
    table = Table(title=title, show_header=True, header_style="bold")
    table.add_column("measure")
    table.add_column("count", justify="right")
    for name, value in rows:
        table.add_row(name, str(value))
    return table


class Ticker:
    """Moves a progress display on; does nothing when the command is quiet."""

    def __init__(self, progress: Progress | None = None, task: Any = None) -> None:
        self._progress = progress
        self._task = task

    def __call__(self, status: str = "", advance: int = 1) -> None:
        if self._progress is not None:
            self._progress.update(self._task, advance=advance, status=status[-40:])

    def completed(self, n: int) -> None:
        if self._progress is not None:
            self._progress.update(self._task, completed=n)

    def status(self, status: str) -> None:
        if self._progress is not None:
            self._progress.update(self._task, status=status)


@contextmanager
def progress(label: str, *, quiet: bool, total: int | None = None, counted: bool = True) -> Iterator[Ticker]:
    """A transient progress display on stderr: a bar over `total` steps (a count when the
    total is unknown), or only a spinner and status when not `counted`."""
    if quiet:
        yield Ticker()
        return
    columns: list[Any] = [SpinnerColumn(), TextColumn(f"[bold]{escape(label)}[/bold]")]
    if counted:
        columns += [BarColumn(), MofNCompleteColumn()]
    columns += [TextColumn("{task.fields[status]}"), TimeElapsedColumn()]
    display = Progress(*columns, console=err, transient=True)
    with display:
        yield Ticker(display, display.add_task(label, total=total, status=""))
