"""The `dyad` command line: a thin layer over the package's functions."""

from __future__ import annotations

import gc
from importlib import resources
from typing import Annotated, Any, Literal

import typer
from rich.table import Table

from dyad.cli.common import (
    ActorsOption,
    CommandGroup,
    DbOption,
    JsonOption,
    LexiconOption,
    QuietOption,
    UserError,
    counts_table,
    err,
    out,
    paths,
    print_json,
    progress,
)
from dyad.models import Document, ReadError
from dyad.run import RunOptions, RunReport, brief

app = typer.Typer(
    cls=CommandGroup,
    name="dyad",
    help="Political event data from news: who did what to whom, coded in CAMEO and PLOVER.\n\n"
    "Example:  dyad code article.txt --jsonl - --no-store",
    no_args_is_help=True,
    add_completion=False,
    rich_markup_mode="rich",
)

FieldOption = Annotated[
    list[str] | None,
    typer.Option("--field", help="Remap a JSON Lines field: --field text=body (repeatable)."),
]
MaxBytesOption = Annotated[int, typer.Option("--max-bytes", help="Skip input files larger than this.")]


def _field_map(fields: list[str] | None) -> dict[str, str]:
    mapping: dict[str, str] = {}
    for item in fields or []:
        if "=" not in item:
            raise UserError(f"--field {item!r}: use NAME=SOURCE_FIELD, e.g. text=body")
        k, v = item.split("=", 1)
        mapping[k.strip()] = v.strip()
    from dyad.ingest.records import DEFAULT_FIELDS

    unknown = sorted(set(mapping) - set(DEFAULT_FIELDS))
    if unknown:
        raise UserError(f"--field: unknown field {', '.join(unknown)} (known: {', '.join(DEFAULT_FIELDS)})")
    return mapping


def _print_errors(errors: list[ReadError]) -> None:
    """One line per skipped input on stderr, even with --quiet: a skipped file is news."""
    for e in errors:
        err.print(f"[yellow]skipped[/yellow] {e.describe()}", highlight=False, soft_wrap=True)


def _print_summary(summary: RunReport, title: str, store_summary: dict[str, Any] | None = None) -> None:
    rows = [
        ("documents read", summary.documents),
        ("new in store", summary.new),
        ("already stored", summary.existing),
        ("near-duplicates", summary.near_duplicates),
        ("non-English (stored, not coded)", summary.non_english),
        ("events coded", summary.events),
        ("inputs or parts skipped", len(summary.errors)),
    ]
    if store_summary and summary.events > summary.stored_events:
        # Why "events coded" and the store's count differ: near-duplicates keep none.
        rows.insert(6, ("  in near-duplicates (not stored)", summary.events - summary.stored_events))
    table = counts_table(title, rows)
    if store_summary:
        table.add_section()
        table.add_row("store: documents (all runs)", str(store_summary["documents"]))
        table.add_row("store: events (all runs)", str(store_summary["events"]))
    out.print(table)


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

    summary = _ingest(paths, db, _field_map(field_), max_bytes, quiet or json_, briefs=json_)
    if json_:  # the errors are in the JSON
        print_json(summary.to_json())
    else:
        _print_errors(summary.errors)
        if not quiet:
            with open_store(db) as store:
                _print_summary(summary, "dyad ingest", store.summary())
    raise typer.Exit(summary.exit_code())


def _ingest(
    paths: list[str], db: str, fields: dict[str, str], max_bytes: int, quiet: bool, *, briefs: bool = True
) -> RunReport:
    from dyad.run import read_documents
    from dyad.store import open_store

    summary = RunReport()
    with open_store(db, hold=False) as store, progress("ingesting", quiet=quiet) as tick:
        run_id = store.start_run("ingest " + " ".join(paths))
        batch: list[Document] = []
        options = RunOptions(fields=fields, max_bytes=max_bytes)
        for item in read_documents(paths, options, summary, briefs=False):
            batch.append(item)
            if len(batch) >= 200:
                _flush_documents(store, batch, summary, briefs)
                batch = []
            tick(item.origin)
        _flush_documents(store, batch, summary, briefs)
        store.add_errors(run_id, summary.errors)
        store.finish_run(run_id, status="done", counts=summary.counts())
    from dyad.scale.runner import WorkerStats, write_stats

    write_stats(WorkerStats())  # the peak memory, for bench/memory.py
    return summary


def _flush_documents(store: Any, batch: list[Document], summary: RunReport, briefs: bool) -> None:
    if batch:
        summary.add_write(store.add_documents(batch))
        if briefs:  # only --json shows them: a long run keeps nothing per document
            summary.docs.extend(brief(d) for d in batch)  # after storing: with near-duplicate marks


NoStoreOption = Annotated[bool, typer.Option("--no-store", help="Do not write to the store.")]
JsonlOption = Annotated[str | None, typer.Option("--jsonl", help="Write events as JSON Lines to PATH (- for stdout).")]
WorkersOption = Annotated[
    int | None,
    typer.Option("--workers", min=1, help="Worker processes (default: the number of cores); dask: local cluster size."),
]
EngineOption = Annotated[
    Literal["local", "dask"],
    typer.Option("--engine", help="local (this machine's processes) or dask (a Dask cluster)."),
]
SchedulerOption = Annotated[
    str | None, typer.Option("--scheduler", help="Dask scheduler tcp://HOST:PORT (default: a local cluster).")
]
ParquetOutOption = Annotated[
    str | None,
    typer.Option("--parquet-out", help="Dask: folder for the Parquet partitions (default: beside the db)."),
]
RecodeOption = Annotated[bool, typer.Option("--recode", help="Code documents again even if the store has them coded.")]


# -- code --------------------------------------------------------------------------------------
@app.command()
def code(
    inputs: Annotated[list[str], typer.Argument(help="Files, folders, globs, or - for stdin.")],
    db: DbOption = "dyad.duckdb",
    no_store: NoStoreOption = False,
    jsonl: JsonlOption = None,
    actors: ActorsOption = None,
    lexicon: LexiconOption = None,
    field_: FieldOption = None,
    max_bytes: MaxBytesOption = 50_000_000,
    json_: JsonOption = False,
    quiet: QuietOption = False,
    workers: WorkersOption = None,
    engine: EngineOption = "local",
    scheduler: SchedulerOption = None,
    parquet_out: ParquetOutOption = None,
    recode: RecodeOption = False,
) -> None:
    """Code news into events: who did what to whom.

    Re-running a command after an interruption finishes the job: documents already coded are skipped.

    (Not with --recode, nor with --jsonl, whose file is written whole.)

    Example:  dyad code ../shared/corpus/seed_readout.txt --jsonl - --no-store
    Example:  dyad code news/ --db news.duckdb --workers 4
    Example:  dyad code news/ --db news.duckdb --engine dask --scheduler tcp://10.0.0.5:8786
    """
    from dyad.scale.runner import DASK_MISSING, dask_installed, default_workers

    if engine == "dask" and not dask_installed():
        raise UserError(DASK_MISSING)
    # Progress and the summary table stay off stdout when it carries JSON; skipped inputs are
    # always reported on stderr.
    quiet = quiet or json_ or jsonl == "-"
    options = RunOptions(
        workers=workers or default_workers(), engine=engine, scheduler=scheduler, parquet_out=parquet_out,
        recode=recode, actor_files=tuple(paths(actors)), lexicon_files=tuple(paths(lexicon)),
        fields=_field_map(field_), max_bytes=max_bytes, briefs=json_,
    )  # fmt: skip
    summary = _code(inputs, None if no_store else db, jsonl, options, quiet)
    _print_errors(summary.errors)
    if json_:
        print_json(summary.to_json())
    elif not quiet:
        _print_summary(summary, "dyad code")
    # The process ends here: its objects (dictionaries, models) are left to the OS rather
    # than to a last full garbage collection, a third of a second of a short run.
    gc.freeze()
    raise typer.Exit(summary.exit_code())


def _code(inputs: list[str], db: str | None, jsonl: str | None, options: RunOptions, quiet: bool) -> RunReport:
    """`dyad code` on the run path (`dyad.run`): into the store at `db` and/or to JSON Lines."""
    from dyad.run import build_coder, code_into_store, code_to_jsonl, jsonl_writer
    from dyad.store import open_store

    coder = build_coder(options)  # before anything is opened: a bad --actors file stops here
    with progress("coding", quiet=quiet) as tick, jsonl_writer(jsonl) as sink:

        def advance(doc: Document | None, status: str) -> None:
            tick(status or (doc.origin if doc is not None else ""))

        if db is None:
            report = code_to_jsonl(inputs, sink, options, advance, coder=coder)
        else:
            # Lent between batches: `dyad serve` and other readers get in while it codes.
            with open_store(db, hold=False, lend=True) as store:
                report = code_into_store(inputs, store, options, advance, sink=sink, coder=coder)
    if report.parquet_folder and not quiet:
        err.print(f"Parquet partitions: {report.parquet_folder}", highlight=False)
    return report


# -- demo --------------------------------------------------------------------------------------
@app.command()
def demo(db: DbOption = "dyad.duckdb", quiet: QuietOption = False) -> None:
    """Code the bundled sample corpus into the store and print a summary.

    Example:  dyad demo --db dyad.duckdb
    """
    samples = resources.files("dyad.data").joinpath("samples")
    with resources.as_file(samples) as folder:
        # The articles only: the folder's README describes them and is no news.
        articles = [str(p) for p in sorted(folder.iterdir()) if p.is_file() and p.name != "README.md"]
        summary = _code(articles, db, None, RunOptions(workers=1), quiet)
    _print_errors(summary.errors)
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


# Commands of later stages live in their own modules, each with `register(app)`.
PLUGIN_MODULES = (
    "dyad.cli.explain",
    "dyad.cli.docs_cmd",
    "dyad.cli.actors_cmd",
    "dyad.cli.analysis_cmd",
    "dyad.cli.web_cmd",
    "dyad.cli.scale_cmd",
    "dyad.cli.version",
    "dyad.cli.coverage_cmd",
    "dyad.cli.follow_cmd",
    "dyad.cli.map_cmd",
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
