"""`dyad docs list` and `dyad docs show`: the stored documents."""

from __future__ import annotations

from typing import Annotated

import typer
from rich.table import Table

from dyad.cli.common import DbOption, JsonOption, UserError, out, print_json

docs_app = typer.Typer(help="Look at stored documents.\n\nExample:  dyad docs list --limit 5", no_args_is_help=True)


@docs_app.command("list")
def docs_list(
    db: DbOption = "dyad.duckdb",
    limit: Annotated[int, typer.Option(min=1, help="How many (newest first).")] = 20,
    offset: Annotated[int, typer.Option(min=0, help="Skip this many.")] = 0,
    json_: JsonOption = False,
) -> None:
    """List stored documents.

    Example:  dyad docs list --limit 5 --json
    """
    from dyad.store import open_store

    with open_store(db, read_only=True) as store:
        rows = store.list_documents(limit=limit, offset=offset)
    if json_:
        print_json(rows)
        return
    table = Table(header_style="bold")
    for col in ("doc_id", "date", "place", "agency", "lang", "events", "title / origin"):
        table.add_column(col)
    for r in rows:
        table.add_row(
            r["doc_id"], str(r["date"] or ""), r["place"] or "", r["agency"] or "", r["language"] or "",
            str(r["n_events"]), (r["title"] or r["origin"] or "")[:60],
        )  # fmt: skip
    out.print(table)


@docs_app.command("show")
def docs_show(
    doc_id: Annotated[str, typer.Argument(help="Document id (or a unique prefix).")],
    db: DbOption = "dyad.duckdb",
    json_: JsonOption = False,
) -> None:
    """Show one stored document and its events.

    Example:  dyad docs show 3f2a9c
    """
    from dyad.store import open_store

    with open_store(db, read_only=True) as store:
        row = store.get_document(doc_id)
        sql = "SELECT * FROM events WHERE doc_id = ? ORDER BY sentence_index"
        events = store.query(sql, [row["doc_id"]]) if row else []
    if row is None:
        raise UserError(f"no document {doc_id!r} in {db}: `dyad docs list --db {db}` shows the stored ones")
    if json_:
        print_json({"document": row, "events": events})
        return
    for key in ("doc_id", "date", "place", "agency", "language", "title", "url", "origin", "duplicate_of"):
        out.print(f"[bold]{key}[/bold]: {row.get(key)}", highlight=False)
    out.print()
    out.print(row["text"], highlight=False)
    out.print()
    for e in events:
        out.print(
            f"[{e['sentence_index']}] {e['source_code'] or '-'} {e['cameo']} {e['target_code'] or '-'}"
            f" ({e['mode']}, {e['confidence']:.2f}) {e['cameo_name']}",
            highlight=False,
        )


def register(app: typer.Typer) -> None:
    app.add_typer(docs_app, name="docs")
