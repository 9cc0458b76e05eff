"""`dyad actors coverage`: UN members whose leaders the people dictionaries do not know on a day."""

from __future__ import annotations

import datetime as dt
from typing import Annotated

import typer
from rich.table import Table

from dyad.cli.common import ActorsOption, JsonOption, date_option, out, paths, print_json


def actors_coverage(
    date: Annotated[dt.date | None, date_option("--date", "Day to check, YYYY-MM-DD (default: today).")] = None,
    actors: ActorsOption = None,
    json_: JsonOption = False,
) -> None:
    """List the UN members with no head of state, head of government or foreign minister on a day,
    and count the dictionary entries marked `unsure: true`.

    Example:  dyad actors coverage --date 2025-06-30
    """
    day = date or dt.date.today()
    from dyad.actors.coverage import coverage
    from dyad.cli.actors_cmd import _dictionary

    report = coverage(_dictionary(paths(actors)), day)
    if json_:
        summary = {
            "date": day.isoformat(),
            "members": report.members,
            "missing": [{"code": c, "name": report.names[c], "offices": o} for c, o in report.missing.items()],
            "unsure_people": report.unsure_people,
            "unsure_roles": report.unsure_roles,
        }
        print_json(summary)
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
    from dyad.cli.actors_cmd import actors_app

    actors_app.command("coverage")(actors_coverage)
