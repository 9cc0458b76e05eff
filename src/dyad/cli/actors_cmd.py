"""`dyad actors …`: look-ups over the actor dictionaries."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

from rich.console import Console
from rich.table import Table

from dyad.actors.dictionary import ActorDictionary, DictionaryError, load_dictionary, load_user_file
from dyad.actors.matcher import ActorMatcher
from dyad.actors.resolve import DocumentActors


def _dictionary(files: list[str], err: Console | None = None) -> ActorDictionary:
    try:
        return load_dictionary(tuple(files))
    except DictionaryError as exc:
        if err is not None:
            err.print(f"[red]error:[/red] {exc}")
        raise SystemExit(2) from None


def resolve_name(name: str, date: dt.date | None, files: list[str]) -> list[dict[str, Any]]:
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


def lookup(name: str, date: dt.date | None, files: list[str], as_json: bool, out: Console, err: Console) -> None:
    results = resolve_name(name, date, files)
    d = _dictionary(files, err)
    roles: list[dict[str, Any]] = [
        {"name": e.name, "country": r.country, "sector": r.sector, "title": r.title, "start": r.start, "end": r.end}
        for e in d.find(name)
        for r in e.roles
    ]
    if as_json:
        out.print_json(json.dumps({"query": name, "date": date, "mentions": results, "roles": roles}, default=str))
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


def list_entries(country: str | None, kind: str | None, files: list[str], as_json: bool, out: Console) -> None:
    d = _dictionary(files)
    entries = list(d.by_country(country.upper())) if country else list(d.entries.values())
    entries = [e for e in entries if e.kind not in ("agent", "reference") and (not kind or e.kind == kind)]
    rows: list[dict[str, Any]] = []
    for e in sorted(entries, key=lambda e: (e.kind, e.name)):
        forms = sorted({f.text for f in d.forms if f.key == e.key})
        rows.append({"key": e.key, "kind": e.kind, "name": e.name, "country": e.country, "sector": e.sector,
                     "forms": forms})  # fmt: skip
    if as_json:
        out.print_json(json.dumps(rows, default=str))
        return
    table = Table(header_style="bold")
    for col in ("kind", "name", "country", "sector", "forms"):
        table.add_column(col)
    for r in rows:
        table.add_row(r["kind"], r["name"], r["country"], r["sector"], ", ".join(r["forms"])[:80])
    out.print(table)
    out.print(f"{len(rows)} entries")


def check(path: Path, out: Console, err: Console) -> int:
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
