"""The `dyad` command line: a thin layer over the package's functions."""

from __future__ import annotations

import datetime as dt
import json
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn
from rich.table import Table

from dyad.models import Document, ReadError

app = typer.Typer(
    name="dyad",
    help="Political event data from news: who did what to whom, coded in CAMEO and PLOVER.\n\n"
    "Example:  dyad code article.txt --jsonl - --no-store",
    no_args_is_help=True,
    add_completion=False,
    rich_markup_mode="rich",
)
docs_app = typer.Typer(help="Look at stored documents.\n\nExample:  dyad docs list --limit 5", no_args_is_help=True)
actors_app = typer.Typer(
    help="Look up, list and check actor dictionaries.\n\nExample:  dyad actors lookup \"Wang Yi\" --date 2026-01-05",
    no_args_is_help=True,
)
app.add_typer(docs_app, name="docs")
app.add_typer(actors_app, name="actors")

out = Console()
err = Console(stderr=True)

DbOption = Annotated[str, typer.Option("--db", help="DuckDB store file.")]
JsonOption = Annotated[bool, typer.Option("--json", help="Print a machine-readable summary.")]
QuietOption = Annotated[bool, typer.Option("--quiet", "-q", help="No progress bar or messages.")]
FieldOption = Annotated[
    list[str] | None,
    typer.Option("--field", help="Remap a JSON Lines field: --field text=body (repeatable)."),
]
MaxBytesOption = Annotated[int, typer.Option("--max-bytes", help="Skip input files larger than this.")]
ActorsOption = Annotated[
    list[Path] | None, typer.Option("--actors", help="Extra actor dictionary file (repeatable).")
]
LexiconOption = Annotated[
    list[Path] | None, typer.Option("--lexicon", help="Extra event lexicon file (repeatable).")
]


@dataclass
class RunSummary:
    """What a run did; printed as a table or as JSON."""

    documents: int = 0
    new: int = 0
    existing: int = 0
    near_duplicates: int = 0
    non_english: int = 0
    events: int = 0
    errors: list[ReadError] = field(default_factory=list)
    docs: list[dict[str, Any]] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        return {
            "documents": self.documents,
            "new": self.new,
            "existing": self.existing,
            "near_duplicates": self.near_duplicates,
            "non_english": self.non_english,
            "events": self.events,
            "errors": [
                {"origin": e.origin, "line": e.line, "kind": e.kind, "message": e.message}
                for e in self.errors
            ],
            "docs": self.docs,
        }

    def exit_code(self) -> int:
        return 2 if self.documents == 0 and self.errors else 0


def _field_map(fields: list[str] | None) -> dict[str, str]:
    mapping: dict[str, str] = {}
    for item in fields or []:
        if "=" not in item:
            err.print(f"[red]--field {item!r}: use NAME=SOURCE_FIELD, e.g. text=body[/red]")
            raise typer.Exit(2)
        k, v = item.split("=", 1)
        mapping[k.strip()] = v.strip()
    from dyad.ingest.records import DEFAULT_FIELDS

    unknown = sorted(set(mapping) - set(DEFAULT_FIELDS))
    if unknown:
        err.print(f"[red]--field: unknown field {', '.join(unknown)} (known: {', '.join(DEFAULT_FIELDS)})[/red]")
        raise typer.Exit(2)
    return mapping


@contextmanager
def _progress(quiet: bool, label: str) -> Iterator[Any]:
    if quiet:
        yield None
        return
    progress = Progress(
        SpinnerColumn(),
        TextColumn(f"[bold]{label}[/bold]"),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn("{task.fields[status]}"),
        TimeElapsedColumn(),
        console=err,
        transient=True,
    )
    with progress:
        yield progress


def _doc_brief(doc: Document) -> dict[str, Any]:
    return {
        "doc_id": doc.doc_id,
        "origin": doc.origin,
        "date": doc.date.isoformat() if doc.date else None,
        "place": doc.place,
        "agency": doc.agency,
        "language": doc.language,
        "title": doc.title,
        "duplicate_of": doc.duplicate_of,
        "chars": len(doc.text),
    }


def _read_inputs(paths: list[str], fields: dict[str, str], max_bytes: int) -> Iterator[Document | ReadError]:
    from dyad.ingest import iter_prepared

    yield from iter_prepared(paths, field_map=fields, max_bytes=max_bytes)


def _print_errors(errors: list[ReadError], quiet: bool) -> None:
    if quiet:
        return
    for e in errors:
        err.print(f"[yellow]skipped[/yellow] {e.describe()}", highlight=False, soft_wrap=True)


def _print_summary(summary: RunSummary, title: str, store_summary: dict[str, Any] | None = None) -> None:
    table = Table(title=title, show_header=True, header_style="bold")
    table.add_column("measure")
    table.add_column("count", justify="right")
    rows = [
        ("documents read", summary.documents),
        ("new in store", summary.new),
        ("already stored", summary.existing),
        ("near-duplicates", summary.near_duplicates),
        ("non-English (stored, not coded)", summary.non_english),
        ("events coded", summary.events),
        ("unreadable inputs", len(summary.errors)),
    ]
    for name, value in rows:
        table.add_row(name, str(value))
    if store_summary:
        table.add_section()
        table.add_row("store: documents", str(store_summary["documents"]))
        table.add_row("store: events", str(store_summary["events"]))
    out.print(table)


def _fail_internal(exc: BaseException) -> None:
    err.print(f"[red]internal error:[/red] {type(exc).__name__}: {exc}")
    err.print("Please report it with the command you ran.")
    raise typer.Exit(1)


# -- ingest ----------------------------------------------------------------------------------
@app.command()
def ingest(
    paths: Annotated[list[str], typer.Argument(help="Files, folders, globs, or - for stdin.")],
    db: DbOption = "dyad.duckdb",
    field_: FieldOption = None,
    max_bytes: MaxBytesOption = 50_000_000,
    json_: JsonOption = False,
    quiet: QuietOption = False,
) -> None:
    """Read news files into the store (no coding).

    Example:  dyad ingest news/ feed.jsonl --field text=body --db news.duckdb
    """
    from dyad.store import open_store

    try:
        summary = _ingest(paths, db, _field_map(field_), max_bytes, quiet or json_)
    except typer.Exit:
        raise
    except Exception as exc:  # an internal error, not bad input
        _fail_internal(exc)
        return
    if json_:
        out.print_json(json.dumps(summary.to_json(), default=str))
    else:
        _print_errors(summary.errors, quiet)
        if not quiet:
            with open_store(db) as store:
                _print_summary(summary, "dyad ingest", store.summary())
    raise typer.Exit(summary.exit_code())


def _ingest(paths: list[str], db: str, fields: dict[str, str], max_bytes: int, quiet: bool) -> RunSummary:
    from dyad.store import open_store

    summary = RunSummary()
    with open_store(db) as store, _progress(quiet, "ingesting") as progress:
        run_id = store.start_run("ingest " + " ".join(paths))
        task = progress.add_task("ingest", total=None, status="") if progress else None
        batch: list[Document] = []
        for item in _read_inputs(paths, fields, max_bytes):
            if isinstance(item, ReadError):
                summary.errors.append(item)
                continue
            summary.documents += 1
            if item.language != "en":
                summary.non_english += 1
            batch.append(item)
            if len(batch) >= 200:
                _flush_documents(store, batch, summary)
                batch = []
            if progress is not None and task is not None:
                progress.update(task, advance=1, status=item.origin[-40:])
        _flush_documents(store, batch, summary)
        store.add_errors(run_id, summary.errors)
        store.finish_run(run_id, status="done", counts=_counts(summary))
    return summary


def _flush_documents(store: Any, batch: list[Document], summary: RunSummary) -> None:
    if not batch:
        return
    result = store.add_documents(batch)
    summary.new += result.new
    summary.existing += result.existing
    summary.near_duplicates += result.near_duplicates
    summary.docs.extend(_doc_brief(d) for d in batch)


def _counts(summary: RunSummary) -> dict[str, int]:
    return {
        "documents": summary.documents,
        "new": summary.new,
        "errors": len(summary.errors),
        "events": summary.events,
    }


# -- code --------------------------------------------------------------------------------------
@app.command()
def code(
    inputs: Annotated[list[str], typer.Argument(help="Files, folders, globs, or - for stdin.")],
    db: DbOption = "dyad.duckdb",
    no_store: Annotated[bool, typer.Option("--no-store", help="Do not write to the store.")] = False,
    jsonl: Annotated[
        str | None, typer.Option("--jsonl", help="Write events as JSON Lines to PATH (- for stdout).")
    ] = None,
    actors: ActorsOption = None,
    lexicon: LexiconOption = None,
    field_: FieldOption = None,
    max_bytes: MaxBytesOption = 50_000_000,
    json_: JsonOption = False,
    quiet: QuietOption = False,
    workers: Annotated[
        int | None,
        typer.Option(
            "--workers", min=1, help="Worker processes (default: the number of cores); dask: local cluster size."
        ),
    ] = None,
    engine: Annotated[
        str, typer.Option("--engine", help="local (this machine's processes) or dask (a Dask cluster).")
    ] = "local",
    scheduler: Annotated[
        str | None,
        typer.Option("--scheduler", help="Dask scheduler tcp://HOST:PORT (default: a local cluster)."),
    ] = None,
    parquet_out: Annotated[
        str | None,
        typer.Option("--parquet-out", help="Dask: folder for the Parquet partitions (default: beside the db)."),
    ] = None,
    recode: Annotated[
        bool, typer.Option("--recode", help="Code documents again even if the store has them coded.")
    ] = False,
) -> None:
    """Code news into events: who did what to whom.

    Re-running a command after an interruption finishes the job: documents already coded are skipped.

    (Not with --recode, nor with --jsonl, whose file is written whole.)

    Example:  dyad code ../shared/corpus/seed_readout.txt --jsonl - --no-store
    Example:  dyad code news/ --db news.duckdb --workers 4
    Example:  dyad code news/ --db news.duckdb --engine dask --scheduler tcp://10.0.0.5:8786
    """
    from dyad.actors.dictionary import DictionaryError
    from dyad.events.lexicon import LexiconError
    from dyad.scale.runner import DASK_MISSING, CodeOptions, dask_installed, default_workers

    if engine not in ("local", "dask"):
        err.print(f"[red]--engine {engine!r}: use local or dask[/red]")
        raise typer.Exit(2)
    if engine == "dask" and not dask_installed():
        err.print(DASK_MISSING, style="red", markup=False)
        raise typer.Exit(2)
    # Progress and the summary table stay off stdout when it carries JSON; skipped inputs are
    # reported on stderr unless --quiet.
    report_errors = not quiet
    quiet = quiet or json_ or jsonl == "-"
    options = CodeOptions(
        workers=workers or default_workers(), engine=engine, scheduler=scheduler,
        parquet_out=parquet_out, recode=recode,
    )  # fmt: skip
    try:
        summary = _code(
            inputs, db, no_store, jsonl, [str(p) for p in actors or []],
            [str(p) for p in lexicon or []], _field_map(field_), max_bytes, quiet, options,
        )  # fmt: skip
    except (DictionaryError, LexiconError) as exc:
        err.print(f"[red]error:[/red] {exc}")
        raise typer.Exit(2) from None
    except typer.Exit:
        raise
    except Exception as exc:
        _fail_internal(exc)
        return
    _print_errors(summary.errors, not report_errors)
    if json_:
        out.print_json(json.dumps(summary.to_json(), default=str))
    elif not quiet:
        _print_summary(summary, "dyad code")
    raise typer.Exit(summary.exit_code())


def _code(
    inputs: list[str],
    db: str,
    no_store: bool,
    jsonl: str | None,
    actor_files: list[str],
    lexicon_files: list[str],
    fields: dict[str, str],
    max_bytes: int,
    quiet: bool,
    options: Any = None,
) -> RunSummary:
    from dyad.scale.resume import skip_coded
    from dyad.scale.runner import STORE_BATCH, CodeOptions, CoderSpec, WorkerStats, code_in_order, write_stats
    from dyad.store import open_store

    options = options or CodeOptions()
    spec = CoderSpec(tuple(actor_files), tuple(lexicon_files))
    # Built here when it codes here, or to report a bad --actors/--lexicon file at once.
    coder = spec.build() if options.workers <= 1 or actor_files or lexicon_files else None
    summary = RunSummary()
    sink = _jsonl_sink(jsonl)
    store = None if no_store else open_store(db)
    run_id = store.start_run("code " + " ".join(inputs)) if store else ""
    try:
        with _progress(quiet, "coding") as progress:
            task = progress.add_task("code", total=None, status="") if progress else None

            def advance(doc: Document | None, status: str = "") -> None:
                if progress is not None and task is not None:
                    where = doc.origin[-40:] if doc is not None else ""
                    progress.update(task, advance=1, status=status or where)

            def skipped(doc: Document) -> None:
                summary.existing += 1  # stored and coded by an earlier run
                advance(doc, "already coded")

            docs = _collect_docs(inputs, fields, max_bytes, summary)
            if store is not None and jsonl is None and not options.recode:
                docs = skip_coded(docs, store, on_skip=skipped)
            if options.engine == "dask":
                from dyad.scale.dask import code_on_dask

                folder = code_on_dask(
                    docs, spec, options, store, sink, summary, run_id, advance, want_json=jsonl is not None
                )
                if not quiet:
                    err.print(f"Parquet partitions: {folder}", highlight=False)
            else:
                pending: list[Any] = []
                stats = WorkerStats()
                for coded in code_in_order(docs, spec, workers=options.workers, coder=coder, stats=stats):
                    summary.events += len(coded.events)
                    for event in coded.events:
                        sink(event.to_json())
                    pending.append(coded)
                    if store is not None and len(pending) >= STORE_BATCH:
                        _store_coded(store, pending, summary, run_id)
                        pending = []
                    advance(coded.doc)
                if store is not None:
                    _store_coded(store, pending, summary, run_id)
                write_stats(stats)
            if store is not None:
                store.add_errors(run_id, summary.errors)
                store.finish_run(run_id, status="done", counts=_counts(summary))
    finally:
        if store is not None:
            store.close()
        sink(None)
    return summary


def _collect_docs(inputs: list[str], fields: dict[str, str], max_bytes: int, summary: RunSummary) -> Iterator[Document]:
    from dyad.scale.remote import read_inputs  # URLs (s3://…) through fsspec, the rest as before

    for item in read_inputs(inputs, fields, max_bytes, _read_inputs):
        if isinstance(item, ReadError):
            summary.errors.append(item)
            continue
        summary.documents += 1
        if item.language != "en":
            summary.non_english += 1
        summary.docs.append(_doc_brief(item))
        yield item


def _store_coded(store: Any, coded: list[Any], summary: RunSummary, run_id: str) -> None:
    """Documents and events of a batch in one transaction (see Store.add_coded_tables)."""
    if not coded:
        return
    from dyad.scale.tables import documents_table, events_table

    docs = [c.doc for c in coded]
    events = [e for c in coded for e in c.events]
    signatures = [c.signature for c in coded]  # computed by the workers, when there were any
    result, duplicate_of = store.add_coded_tables(documents_table(docs, signatures), events_table(events, run_id))
    for doc in docs:
        doc.duplicate_of = duplicate_of.get(doc.doc_id, doc.duplicate_of)
    summary.new += result.new
    summary.existing += result.existing
    summary.near_duplicates += result.near_duplicates


def _jsonl_sink(target: str | None) -> Any:
    if target is None:
        return lambda _record: None
    handle = sys.stdout if target == "-" else open(target, "w", encoding="utf-8")  # noqa: SIM115

    def sink(record: dict[str, Any] | None) -> None:
        if record is None:
            if handle is not sys.stdout:
                handle.close()
            else:
                handle.flush()
            return
        handle.write(json.dumps(record, ensure_ascii=False, default=str) + "\n")

    return sink


# -- demo --------------------------------------------------------------------------------------
@app.command()
def demo(db: DbOption = "dyad.duckdb", quiet: QuietOption = False) -> None:
    """Code the bundled sample corpus into the store and print a summary.

    Example:  dyad demo --db dyad.duckdb
    """
    samples = resources.files("dyad.data").joinpath("samples")
    with resources.as_file(samples) as folder:
        summary = _code([str(folder)], db, False, None, [], [], {}, 50_000_000, quiet)
    _print_errors(summary.errors, quiet)
    from dyad.store import open_store

    with open_store(db, read_only=False) as store:
        _print_summary(summary, f"dyad demo → {db}", store.summary())
        _print_top_events(store)


def _print_top_events(store: Any) -> None:
    rows = store.query(
        "SELECT source_code, cameo, cameo_name, target_code, mode, count(*) AS n FROM events"
        " GROUP BY ALL ORDER BY n DESC, source_code LIMIT 12"
    )
    if not rows:
        return
    table = Table(title="most frequent events", header_style="bold")
    for col in ("source", "cameo", "event", "target", "mode", "n"):
        table.add_column(col)
    for r in rows:
        table.add_row(
            r["source_code"] or "-", r["cameo"], (r["cameo_name"] or "")[:40],
            r["target_code"] or "-", r["mode"], str(r["n"]),
        )  # fmt: skip
    out.print(table)


# -- explain -----------------------------------------------------------------------------------
@app.command()
def explain(
    text: Annotated[str, typer.Argument(help="A sentence or short article to explain.")],
    date: Annotated[str | None, typer.Option("--date", help="Document date, YYYY-MM-DD.")] = None,
    actors: ActorsOption = None,
    lexicon: LexiconOption = None,
    json_: JsonOption = False,
) -> None:
    """Show the parse, the actors, the candidate triggers and why each event was or was not coded.

    Example:  dyad explain "Pakistan and China agreed to deepen cooperation." --date 2026-01-05
    """
    from dyad.cli.explain import explain_text

    explain_text(text, date, [str(p) for p in actors or []], [str(p) for p in lexicon or []], json_, out)


# -- docs --------------------------------------------------------------------------------------
@docs_app.command("list")
def docs_list(
    db: DbOption = "dyad.duckdb",
    limit: Annotated[int, typer.Option(help="How many.")] = 20,
    offset: Annotated[int, typer.Option(help="Skip this many.")] = 0,
    json_: JsonOption = False,
) -> None:
    """List stored documents.

    Example:  dyad docs list --limit 5 --json
    """
    from dyad.store import open_store

    with open_store(db) as store:
        rows = store.list_documents(limit=limit, offset=offset)
    if json_:
        out.print_json(json.dumps(rows, default=str))
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

    with open_store(db) as store:
        row = store.get_document(doc_id)
        sql = "SELECT * FROM events WHERE doc_id = ? ORDER BY sentence_index"
        events = store.query(sql, [row["doc_id"]]) if row else []
    if row is None:
        err.print(f"no document {doc_id!r} in {db}")
        raise typer.Exit(2)
    if json_:
        out.print_json(json.dumps({"document": row, "events": events}, default=str))
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


# -- actors ------------------------------------------------------------------------------------
@actors_app.command("lookup")
def actors_lookup(
    name: Annotated[str, typer.Argument(help="A name as it appears in text.")],
    date: Annotated[str | None, typer.Option("--date", help="Date to resolve roles on, YYYY-MM-DD.")] = None,
    actors: ActorsOption = None,
    json_: JsonOption = False,
) -> None:
    """Resolve a name and say why.

    Example:  dyad actors lookup "Wang Yi" --date 2026-01-05
    """
    from dyad.cli.actors_cmd import lookup

    lookup(name, _parse_date(date), [str(p) for p in actors or []], json_, out, err)


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
    from dyad.cli.actors_cmd import list_entries

    list_entries(country, kind, [str(p) for p in actors or []], json_, out)


@actors_app.command("check")
def actors_check(file: Annotated[Path, typer.Argument(help="A user actor file (YAML).")]) -> None:
    """Validate a user actor file and report bad entries.

    Example:  dyad actors check my_actors.yaml
    """
    from dyad.cli.actors_cmd import check

    raise typer.Exit(check(file, out, err))


def _parse_date(value: str | None) -> dt.date | None:
    if not value:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        err.print(f"[red]--date {value!r}: use YYYY-MM-DD[/red]")
        raise typer.Exit(2) from None


# Commands of later stages live in their own modules, each with `register(app)`.
PLUGIN_MODULES = (
    "dyad.cli.analysis_cmd",
    "dyad.cli.web_cmd",
    "dyad.cli.scale_cmd",
    "dyad.cli.version",
    "dyad.cli.coverage_cmd",
    "dyad.cli.follow_cmd",
)


def _register_plugins() -> None:
    import importlib

    for name in PLUGIN_MODULES:
        try:
            module = importlib.import_module(name)
        except ModuleNotFoundError as exc:
            if exc.name != name:
                raise
            continue
        module.register(app)


_register_plugins()


def main() -> None:  # pragma: no cover
    app()
