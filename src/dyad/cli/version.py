"""`dyad --version`."""

from __future__ import annotations

from typing import Annotated

import typer


def _print_version(value: bool) -> None:
    if value:
        from dyad import __version__

        typer.echo(f"dyad {__version__}")
        raise typer.Exit()


def register(app: typer.Typer) -> None:
    @app.callback()
    def _options(
        version: Annotated[
            bool,
            typer.Option("--version", callback=_print_version, is_eager=True, help="Print dyad's version and exit."),
        ] = False,
    ) -> None:
        """Political event data from news: who did what to whom, coded in CAMEO and PLOVER.

        Example:  dyad code article.txt --jsonl - --no-store
        """
