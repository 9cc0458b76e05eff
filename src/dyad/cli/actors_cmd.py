"""`dyad actors …`: look-ups over the actor dictionaries."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer
from rich.table import Table

from dyad.cli.common import ActorsOption, JsonOption, UserError, date_option, err, out, paths, print_json

if TYPE_CHECKING:
    from dyad.actors.dictionary import ActorDictionary

actors_app = typer.Typer(
    help="Look up, list and check actor dictionaries.\n\nExample:  dyad actors lookup \"Wang Yi\" --date 2026-01-05",
    no_args_is_help=True,
)


@actors_app.command("lookup")
def actors_lookup(
    name: Annotated[str, typer.Argument(help="A name as it appears in text.")],
    date: Annotated[dt.date | None, date_option("--date", "Date to resolve roles on, YYYY-MM-DD.")] = None,
    actors: ActorsOption = None,
    json_: JsonOption = False,
) -> None:
    """Resolve a name and say why.

    Example:  dyad actors lookup "Wang Yi" --date 2026-01-05
    """
    lookup(name, date, paths(actors), json_)


@actors_app.command("list")
def actors_list(
    country: Annotated[str | None, typer.Option("--country", help="ISO alpha-3 code, e.g. PAK.")] = None,
    kind: Annotated[str | None, typer.Option("--kind", help="state | person | organisation | group")] = None,
    actors: ActorsOption = None,
    json_: JsonOption = False,
) -> None:
    """List dictionary entries.

    Example:  dyad actors list --country PAK --kind person
    """
    list_entries(country, kind, paths(actors), json_)


@actors_app.command("check")
def actors_check(file: Annotated[Path, typer.Argument(help="A user actor file (YAML).")]) -> None:
    """Validate a user actor file and report bad entries (exit status 1 when it has any).

    Example:  dyad actors check my_actors.yaml
    """
    raise typer.Exit(check(file))


def register(app: typer.Typer) -> None:
    app.add_typer(actors_app, name="actors")


def _dictionary(files: list[str]) -> ActorDictionary:
    from dyad.actors.dictionary import DictionaryError, load_dictionary

    try:
        return load_dictionary(tuple(files))
    except DictionaryError as exc:
        raise UserError(str(exc)) from None


def resolve_name(name: str, date: dt.date | None, files: list[str]) -> list[dict[str, Any]]:
    from dyad.actors.matcher import ActorMatcher
    from dyad.actors.resolve import DocumentActors

    d = _dictionary(files)
    actors = DocumentActors(d, ActorMatcher(d), date=date)
    out = []
    for m in actors.resolve(name):
        for member in m.members or [m]:
            out.append(
                {
                    "text": member.text,
                    "code": member.code,
                    "country": member.country,
                    "sector": member.sector,
                    "name": member.name,
                    "kind": member.kind,
                    "title": member.title,
                    "confidence": member.confidence,
                    "reason": member.reason,
                }
            )
    return out


def lookup(name: str, date: dt.date | None, files: list[str], as_json: bool) -> None:
    results = resolve_name(name, date, files)
    d = _dictionary(files)
    roles: list[dict[str, Any]] = [
        {"name": e.name, "country": r.country, "sector": r.sector, "title": r.title, "start": r.start, "end": r.end}
        for e in d.find(name)
        for r in e.roles
    ]
    if as_json:
        print_json({"query": name, "date": date, "mentions": results, "roles": roles})
        return
    if not results:
        out.print(f"no actor found in {name!r}")
    for r in results:
        label = f"{r['name']} ({r['kind']}, confidence {r['confidence']:.2f})"
        out.print(f"[bold]{r['text']}[/bold] → [green]{r['code']}[/green]  {label}")
        out.print(f"  why: {r['reason']}", highlight=False)
    if roles:
        table = Table(title="roles on record", header_style="bold")
        for col in ("name", "country", "sector", "title", "from", "to"):
            table.add_column(col)
        for role in roles:
            table.add_row(
                role["name"], role["country"], role["sector"], role["title"],
                str(role["start"] or ""), str(role["end"] or "…"),
            )  # fmt: skip
        out.print(table)


def list_entries(country: str | None, kind: str | None, files: list[str], as_json: bool) -> None:
    d = _dictionary(files)
    entries = list(d.by_country(country.upper())) if country else list(d.entries.values())
    entries = [e for e in entries if e.kind not in ("agent", "reference") and (not kind or e.kind == kind)]
    rows: list[dict[str, Any]] = []
    for e in sorted(entries, key=lambda e: (e.kind, e.name)):
        forms = sorted({f.text for f in d.forms if f.key == e.key})
        rows.append({"key": e.key, "kind": e.kind, "name": e.name, "country": e.country, "sector": e.sector,
                     "forms": forms})  # fmt: skip
    if as_json:
        print_json(rows)
        return
    table = Table(header_style="bold")
    for col in ("kind", "name", "country", "sector", "forms"):
        table.add_column(col)
    for r in rows:
        table.add_row(r["kind"], r["name"], r["country"], r["sector"], ", ".join(r["forms"])[:80])
    out.print(table)
    out.print(f"{len(rows)} entries")


def check(path: Path) -> int:
    from dyad.actors.dictionary import ActorDictionary, DictionaryError, load_user_file

    d = ActorDictionary()
    try:
        load_user_file(d, path)
    except DictionaryError as exc:
        err.print(f"[red]invalid:[/red] {exc}", highlight=False)
        return 1
    kinds: dict[str, int] = {}
    for e in d.entries.values():
        kinds[e.kind] = kinds.get(e.kind, 0) + 1
    summary = ", ".join(f"{n} {k}" for k, n in sorted(kinds.items())) or "no entries"
    out.print(f"[green]ok:[/green] {path}: {summary}; {len(d.forms)} surface forms", highlight=False)
    return 0
