"""The `dyad` command line: a thin layer over the package's functions."""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from dataclasses import dataclass, field
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
            raise UserError(f"--field {item!r}: use NAME=SOURCE_FIELD, e.g. text=body")
        k, v = item.split("=", 1)
        mapping[k.strip()] = v.strip()
    from dyad.ingest.records import DEFAULT_FIELDS

    unknown = sorted(set(mapping) - set(DEFAULT_FIELDS))
    if unknown:
        raise UserError(f"--field: unknown field {', '.join(unknown)} (known: {', '.join(DEFAULT_FIELDS)})")
    return mapping


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


def _print_errors(errors: list[ReadError]) -> None:
    """One line per skipped input on stderr, even with --quiet: a skipped file is news."""
    for e in errors:
        err.print(f"[yellow]skipped[/yellow] {e.describe()}", highlight=False, soft_wrap=True)


def _print_summary(summary: RunSummary, title: str, store_summary: dict[str, Any] | None = None) -> None:
    rows = [
        ("documents read", summary.documents),
        ("new in store", summary.new),
        ("already stored", summary.existing),
        ("near-duplicates", summary.near_duplicates),
        ("non-English (stored, not coded)", summary.non_english),
        ("events coded", summary.events),
        ("unreadable inputs", len(summary.errors)),
    ]
    table = counts_table(title, rows)
    if store_summary:
        table.add_section()
        table.add_row("store: documents", str(store_summary["documents"]))
        table.add_row("store: events", str(store_summary["events"]))
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

    summary = _ingest(paths, db, _field_map(field_), max_bytes, quiet or json_)
    if json_:  # the errors are in the JSON
        print_json(summary.to_json())
    else:
        _print_errors(summary.errors)
        if not quiet:
            with open_store(db) as store:
                _print_summary(summary, "dyad ingest", store.summary())
    raise typer.Exit(summary.exit_code())


def _ingest(paths: list[str], db: str, fields: dict[str, str], max_bytes: int, quiet: bool) -> RunSummary:
    from dyad.store import open_store

    summary = RunSummary()
    with open_store(db) as store, progress("ingesting", quiet=quiet) as tick:
        run_id = store.start_run("ingest " + " ".join(paths))
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
            tick(item.origin)
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
    from dyad.scale.runner import DASK_MISSING, CodeOptions, dask_installed, default_workers

    if engine == "dask" and not dask_installed():
        raise UserError(DASK_MISSING)
    # Progress and the summary table stay off stdout when it carries JSON; skipped inputs are
    # always reported on stderr.
    quiet = quiet or json_ or jsonl == "-"
    options = CodeOptions(
        workers=workers or default_workers(), engine=engine, scheduler=scheduler,
        parquet_out=parquet_out, recode=recode,
    )  # fmt: skip
    summary = _code(inputs, db, no_store, jsonl, paths(actors), paths(lexicon), _field_map(field_),
                    max_bytes, quiet, options)  # fmt: skip
    _print_errors(summary.errors)
    if json_:
        print_json(summary.to_json())
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
        with progress("coding", quiet=quiet) as tick:

            def advance(doc: Document | None, status: str = "") -> None:
                tick(status or (doc.origin if doc is not None else ""))

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
                    summary.errors.extend(coded.problems)
                    if coded.failed:  # recorded, not stored: a later run tries it again
                        advance(coded.doc, "failed")
                        continue
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
