"""`dyad relations`, `dyad top`, `dyad commitments`, `dyad export`: reading the store.

`register(app)` adds the commands to the main `dyad` app. Each command is a thin layer:
parse and check the options (a bad one is one message and exit status 2), call the
function in `dyad.analysis` or `dyad.store.export`, print a table, JSON or CSV.
"""

from __future__ import annotations

import csv
import sys
from pathlib import Path
from typing import Annotated, Any

import typer
from rich import box
from rich.markup import escape
from rich.table import Table

from dyad.cli.common import (
    DbOption,
    FromOption,
    JsonOption,
    QuietOption,
    ToOption,
    UserError,
    err,
    out,
    print_json,
    progress,
    user_mistakes,
)

ParquetOption = Annotated[
    str | None,
    typer.Option("--parquet", help="Read events from this Parquet dataset folder instead of --db."),
]
AllModesOption = Annotated[
    bool,
    typer.Option("--all-modes", help="Also count negated and hypothetical events."),
]
CountOption = Annotated[
    str,
    typer.Option(
        "--count",
        help="events: one per story (same source, target, code and day across articles); "
        "mentions: every article's report; daily: one per country dyad, code and day (ICEWS one-a-day).",
    ),
]


def _source(db: str, parquet: str | None) -> str:
    """Where to read events: the Parquet dataset if given, else the store file (must exist)."""
    if parquet:
        if not (Path(parquet).exists() or any(c in parquet for c in "*?[")):
            raise UserError(f"--parquet {parquet}: no such folder or file")
        return parquet
    if Path(db).is_dir() or db.endswith(".parquet"):
        return _source(db, db)  # a Parquet dataset given as --db works too
    if not Path(db).is_file():
        raise UserError(f"no store at {db} (code some news first, or give --db PATH)")
    return db


def _count(count: str) -> str:
    from dyad.analysis.stories import COUNTS

    if count not in COUNTS:
        raise UserError(f"--count {count!r}: use events, mentions or daily")
    return count


# -- relations -----------------------------------------------------------------------------------
def relations_command(
    a: Annotated[str, typer.Argument(help="Source actor: country code (PAK) or code prefix (PAKGOV).")],
    b: Annotated[str, typer.Argument(help="Target actor: country code (CHN) or code prefix.")],
    db: DbOption = "dyad.duckdb",
    parquet: ParquetOption = None,
    from_: FromOption = None,
    to: ToOption = None,
    freq: Annotated[str, typer.Option("--freq", help="Period: day, week or month.")] = "month",
    both_directions: Annotated[
        bool, typer.Option("--both-directions", help="Count B→A events too.")
    ] = False,
    all_modes: AllModesOption = False,
    count: CountOption = "events",
    plot: Annotated[
        Path | None, typer.Option("--plot", help="Also draw a chart: FILE.png, FILE.svg or FILE.html.")
    ] = None,
    json_: JsonOption = False,
    csv_: Annotated[bool, typer.Option("--csv", help="Print CSV instead of a table.")] = False,
) -> None:
    """Cooperation and conflict between two actors, period by period.

    Events by quad class, Goldstein sum and mean, and the index (q1+q2−q3−q4)/events.

    The index runs from −1 (all conflict) to +1 (all cooperation). Negated and hypothetical events are left out unless --all-modes.

    Example:  dyad relations PAK CHN --from 2026-01-01 --freq week --plot pak-chn.html
    """  # noqa: E501 — typer keeps docstring line breaks, so each paragraph is one line
    from dyad.analysis.relations import FREQS, relations, undated_events

    with user_mistakes(ValueError):
        if json_ and csv_:
            raise UserError("choose one of --json or --csv")
        if freq not in FREQS:
            raise UserError(f"--freq {freq!r}: use day, week or month")
        if plot is not None:
            from dyad.analysis.charts import check_chart_path

            check_chart_path(plot)
        source = _source(db, parquet)
        rows = relations(source, a, b, start=from_, end=to, freq=freq, count=_count(count),
                         both_directions=both_directions, include_all_modes=all_modes)  # fmt: skip
        undated = undated_events(source, a, b, count=_count(count), both_directions=both_directions,
                                 include_all_modes=all_modes)  # fmt: skip
        if plot is not None:
            _save_plot(rows, a.upper(), b.upper(), plot, undated)
    if json_:
        print_json(rows)
    elif csv_:
        _print_csv(rows)
    else:
        _print_relations(rows, a.upper(), b.upper(), freq, both_directions)
    if undated:
        from dyad.analysis.charts import undated_text

        # On stderr with --json/--csv, so the data stays machine-readable.
        (err if json_ or csv_ else out).print(undated_text(undated) + " (no date to place them on)", highlight=False)


def _save_plot(rows: list[dict[str, Any]], a: str, b: str, path: Path, undated: int) -> None:
    from dyad.analysis.charts import relations_chart, save_chart

    with err.status(f"drawing {path.name}"):
        save_chart(relations_chart(rows, a, b, undated), path)
    err.print(f"chart written to {escape(str(path))}", highlight=False)


def _print_csv(rows: list[dict[str, Any]]) -> None:
    if not rows:
        return
    writer = csv.DictWriter(sys.stdout, fieldnames=list(rows[0]), lineterminator="\n")
    writer.writeheader()
    for row in rows:
        writer.writerow({k: "" if v is None else v for k, v in row.items()})


def _print_relations(rows: list[dict[str, Any]], a: str, b: str, freq: str, both: bool) -> None:
    from dyad.analysis.display import number

    if not rows:
        out.print(f"no events between {escape(a)} and {escape(b)} in that window")
        return
    caption = ("q1 verbal cooperation · q2 material cooperation · q3 verbal conflict · "
               "q4 material conflict · G Goldstein · index (q1+q2−q3−q4)/events")  # fmt: skip
    if both:
        caption += f" · → {a} to {b}, ← {b} to {a}"
    table = Table(title=f"{a} {'⇄' if both else '→'} {b}, by {freq}", caption=escape(caption),
                  header_style="bold", box=box.SIMPLE_HEAD)  # fmt: skip
    columns = ["period", "events", "q1", "q2", "q3", "q4", "G sum", "G mean", "index"]
    columns += ["→", "←"] if both else []
    for i, col in enumerate(columns):
        table.add_column(col, justify="left" if i == 0 else "right", no_wrap=True)
    for r in rows:
        cells = [r["period"].isoformat(), str(r["events"]), str(r["q1"]), str(r["q2"]), str(r["q3"]),
                 str(r["q4"]), number(r["goldstein_sum"], 1), number(r["goldstein_mean"]),
                 number(r["index"])]  # fmt: skip
        if both:
            cells += [str(r["a_to_b"]), str(r["b_to_a"])]
        table.add_row(*cells)
    out.print(table)


# -- top -----------------------------------------------------------------------------------------
def top_command(
    db: DbOption = "dyad.duckdb",
    parquet: ParquetOption = None,
    from_: FromOption = None,
    to: ToOption = None,
    limit: Annotated[int, typer.Option("--limit", help="Rows per list.")] = 10,
    all_modes: AllModesOption = False,
    count: CountOption = "events",
    json_: JsonOption = False,
) -> None:
    """Most active dyads, actors and event types, and the biggest changes.

    Changes compare the window with the previous window of the same length.

    Without --from/--to the window spans all dated events.

    Example:  dyad top --from 2026-03-01 --to 2026-03-31 --limit 5 --count mentions
    """
    from dyad.analysis.top import top

    with user_mistakes(ValueError):
        if limit < 1:
            raise UserError(f"--limit {limit}: give a limit of at least 1")
        result = top(_source(db, parquet), start=from_, end=to, limit=limit, count=_count(count),
                     include_all_modes=all_modes)  # fmt: skip
    if json_:
        print_json(result)
    else:
        _print_top(result)


def _table(title: str, columns: list[str], rows: list[list[str]], numeric: int = 2) -> Table:
    """A titled table whose last `numeric` columns are right-aligned numbers."""
    table = Table(title=title, header_style="bold", title_justify="left")
    for i, col in enumerate(columns):
        table.add_column(col, justify="right" if i >= len(columns) - numeric else "left")
    for row in rows:
        table.add_row(*row)
    return table


def _print_top(result: dict[str, Any]) -> None:
    from dyad.analysis.display import number

    window = result["window"]
    if not result["events"]:
        out.print("no events in that window")
        return
    out.print(f"[bold]{window['start']} – {window['end']}[/bold]: {result['events']} events "
              f"(previous window {result['previous_window']['start']} – "
              f"{result['previous_window']['end']})", highlight=False)  # fmt: skip
    out.print(_table("most active dyads", ["source", "target", "events", "mean Goldstein"], [
        [d["source_country"], d["target_country"], str(d["events"]), number(d["goldstein_mean"])]
        for d in result["dyads"]]))  # fmt: skip
    out.print(_table("most active actors", ["code", "name", "as source", "as target", "events"], [
        [a["code"], a["name"] or "", str(a["as_source"]), str(a["as_target"]), str(a["events"])]
        for a in result["actors"]], numeric=3))  # fmt: skip
    out.print(_table("event types", ["root", "name", "events", "mean Goldstein"], [
        [t["cameo_root"], t["name"], str(t["events"]), number(t["goldstein_mean"])]
        for t in result["event_types"]]))  # fmt: skip
    out.print(_table("biggest changes in events", ["dyad", "before", "now", "change"], [
        [f"{s['source_country']} → {s['target_country']}", str(s["previous_events"]),
         str(s["events"]), f"{s['change']:+d}"] for s in result["shifts"]["events"]], 3))  # fmt: skip
    out.print(_table("biggest changes in mean Goldstein", ["dyad", "before", "now", "change"], [
        [f"{s['source_country']} → {s['target_country']}", number(s["previous_goldstein_mean"]),
         number(s["goldstein_mean"]), f"{s['goldstein_change']:+.2f}"]
        for s in result["shifts"]["goldstein"]], 3))  # fmt: skip


# -- commitments ---------------------------------------------------------------------------------
def commitments_command(
    a: Annotated[str | None, typer.Argument(help="Who committed (country or code prefix).")] = None,
    b: Annotated[str | None, typer.Argument(help="To whom (country or code prefix).")] = None,
    db: DbOption = "dyad.duckdb",
    parquet: ParquetOption = None,
    from_: FromOption = None,
    to: ToOption = None,
    json_: JsonOption = False,
) -> None:
    """Pledges and stated intentions, with later events that may follow them up.

    A commitment is an "intended" event or a CAMEO 03x code.

    A follow-up is a later asserted event of the same dyad in the promised CAMEO root, or whose object shares words with the pledge.

    Example:  dyad commitments PAK CHN --from 2026-01-01
    """  # noqa: E501 — typer keeps docstring line breaks, so each paragraph is one line
    from dyad.analysis.commitments import commitments

    with user_mistakes(ValueError):
        found = commitments(_source(db, parquet), a, b, start=from_, end=to)
    if json_:
        print_json(found)
        return
    if not found:
        out.print("no commitments found")
        return
    table = Table(title="commitments", header_style="bold")
    for col in ("date", "who → whom", "code", "what", "follow-ups"):
        table.add_column(col)
    for c in found:
        follow = ", ".join(f"{f['cameo']} {f['date'] or '?'}" for f in c["follow_ups"])
        table.add_row(
            str(c["date"] or "?"),
            f"{c['source_code']} → {c['target_code'] or '-'}",
            c["cameo"],
            escape(c["what"] or ""),
            f"{len(c['follow_ups'])}" + (f": {follow}" if follow else ""),
        )
    out.print(table)


# -- export --------------------------------------------------------------------------------------
def export_command(
    format_: Annotated[
        str, typer.Option("--format", "-f", help="gdelt | plover | csv | jsonl | parquet")
    ],
    output: Annotated[
        str, typer.Option("--output", "-o", help="Output file (- for stdout), or folder for parquet.")
    ],
    where: Annotated[
        str | None,
        typer.Option("--where", help="SQL condition on the events table's columns, e.g. "
                     "\"source_country = 'PAK' AND date >= DATE '2026-01-01'\"."),
    ] = None,
    header: Annotated[bool, typer.Option("--header", help="gdelt: write a header line.")] = False,
    include_unmapped: Annotated[
        bool, typer.Option("--include-unmapped", help="plover: keep events with no PLOVER type.")
    ] = False,
    overwrite: Annotated[
        bool, typer.Option("--overwrite", help="parquet: write into a folder that has files.")
    ] = False,
    db: DbOption = "dyad.duckdb",
    quiet: QuietOption = False,
    count: CountOption = "events",
) -> None:
    """Export stored events as GDELT 2.0 TSV, PLOVER JSON Lines, CSV, JSON Lines or Parquet.

    gdelt: GDELT 2.0's 61 event columns, no header line unless --header.

    plover: PLOVER records; CAMEO 01/02 events (no PLOVER type) only with --include-unmapped.

    parquet: a folder partitioned by year and month (year=2026/month=1/…).

    --count (gdelt): events writes one row per story-level event with its NumMentions, NumSources and NumArticles; mentions one row per article's report. The other formats write every stored event.

    --where: a SQL condition over the events table's columns (no ';' or comments).

    Example:  dyad export --format gdelt --where "source_country = 'PAK'" -o pak.tsv
    """  # noqa: E501 — typer keeps docstring line breaks, so each paragraph is one line
    with user_mistakes(ValueError):
        options = {"header": header, "include_unmapped": include_unmapped, "overwrite": overwrite}
        written, fmt, undated = _export(format_, output, where, db, quiet, count, **options)
    if not quiet:
        _export_summary(written, fmt, output, undated)


def _export(
    format_: str, output: str, where: str | None, db: str, quiet: bool, count: str, **options: bool
) -> tuple[int, str, str | None]:
    """The export itself: (events written, format, the note on undated events left out)."""
    from dyad.store.export import check_format, check_where, count_events, export_events, undated_note
    from dyad.store.store import Store, StoreError

    fmt, condition = check_format(format_), check_where(where)
    if output == "-" and fmt == "parquet":
        raise UserError("parquet writes a folder; give -o FOLDER")
    _source(db, None)
    try:
        store = Store(db, read_only=True)
    except StoreError as exc:
        raise UserError(str(exc)) from None
    try:
        # --where is SQL run as written: this connection may read the store, no other
        # file (read_csv('/etc/passwd') in a filter fails as a bad --where).
        store.con.execute("SET enable_external_access = false")
        total = count_events(store.con, condition)
        with progress(f"exporting {fmt}", quiet=quiet or output == "-", total=total) as tick:
            written = export_events(store.con, fmt, output, where=condition, progress=tick.completed,
                                    count=_count(count), **options)  # fmt: skip
        return written, fmt, undated_note(store.con, fmt, condition, _count(count))
    finally:
        store.close()


def _export_summary(written: int, fmt: str, output: str, undated: str | None) -> None:
    note = f"; {undated}" if undated else ""  # what became of the events without a date
    console = err if output == "-" else out
    console.print(f"wrote {written} events ({fmt}) to {escape(output)}{note}", highlight=False)


# -- registration --------------------------------------------------------------------------------
def register(app: typer.Typer) -> None:
    """Add relations, top, commitments and export to the `dyad` app."""
    app.command("relations")(relations_command)
    app.command("top")(top_command)
    app.command("commitments")(commitments_command)
    app.command("export")(export_command)
