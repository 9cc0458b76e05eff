"""`dyad actors coverage`: UN members whose leaders the people dictionaries do not know on a day."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

out = Console()
err = Console(stderr=True)


def actors_coverage(
    date: Annotated[str, typer.Option("--date", help="Day to check, YYYY-MM-DD.")] = "",
    actors: Annotated[
        list[Path] | None, typer.Option("--actors", help="Extra actor dictionary file (repeatable).")
    ] = None,
    json_: Annotated[bool, typer.Option("--json", help="Print a machine-readable summary.")] = False,
) -> None:
    """List the UN members with no head of state, head of government or foreign minister on a day,
    and count the dictionary entries marked `unsure: true`.

    Example:  dyad actors coverage --date 2025-06-30
    """
    try:
        day = dt.date.fromisoformat(date) if date else dt.date.today()
    except ValueError:
        err.print(f"--date {date!r} is not a date: give it as YYYY-MM-DD, e.g. --date 2025-06-30.", highlight=False)
        raise typer.Exit(2) from None
    from dyad.actors.coverage import coverage
    from dyad.cli.actors_cmd import _dictionary

    report = coverage(_dictionary([str(p) for p in actors or []], err), day)
    if json_:
        summary = {
            "date": day.isoformat(),
            "members": report.members,
            "missing": [{"code": c, "name": report.names[c], "offices": o} for c, o in report.missing.items()],
            "unsure_people": report.unsure_people,
            "unsure_roles": report.unsure_roles,
        }
        out.print_json(json.dumps(summary))
        return
    if report.missing:
        table = Table(title=f"UN members with an office unknown on {day.isoformat()}", header_style="bold")
        for col in ("code", "member", "missing"):
            table.add_column(col)
        for code, lacking in report.missing.items():
            table.add_row(code, report.names[code], ", ".join(lacking))
        out.print(table)
    complete = report.members - len(report.missing)
    out.print(
        f"{complete}/{report.members} UN members have a head of state, head of government and foreign"
        f" minister on {day.isoformat()}; {report.unsure_people} people ({report.unsure_roles} roles)"
        " are marked unsure.",
        highlight=False,
    )


def register(app: typer.Typer) -> None:
    from dyad.cli.main import actors_app

    actors_app.command("coverage")(actors_coverage)
