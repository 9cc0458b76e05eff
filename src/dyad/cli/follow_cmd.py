"""`dyad follow` (fetch news feeds, sitemaps and front pages politely; code what is new)
and `dyad sources` (last fetch and error rate per source). `register(app)` adds them."""

from __future__ import annotations

import re
import signal
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer
from rich.live import Live
from rich.table import Table

from dyad.cli import common
from dyad.cli.common import ActorsOption, DbOption, JsonOption, LexiconOption, QuietOption

if TYPE_CHECKING:
    from dyad.follow.fetch import FetchSettings
    from dyad.follow.follower import Follower, PassReport
    from dyad.follow.sources import SourcesFile

_DURATION = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*(s|sec|m|min|h|hr)?\s*$", re.IGNORECASE)
_UNIT_SECONDS = {"s": 1, "sec": 1, "m": 60, "min": 60, "h": 3600, "hr": 3600}


def register(app: typer.Typer) -> None:
    app.command("follow")(follow)
    app.command("sources")(sources)


def parse_duration(text: str) -> float:
    """'15m' → 900.0; '30s', '1h', '90' (seconds). ValueError when it is none of these."""
    match = _DURATION.match(text)
    if not match:
        raise ValueError(text)
    return float(match[1]) * _UNIT_SECONDS[(match[2] or "s").lower()]


def follow(
    sources_file: Annotated[
        Path, typer.Argument(help="Sources file (YAML): feeds, sitemaps and front pages to follow.")
    ] = Path("sources.yaml"),
    db: DbOption = "dyad.duckdb",
    every: Annotated[
        str | None, typer.Option("--every", help="Keep running: a pass every so often (15m, 30s, 1h).")
    ] = None,
    once: Annotated[bool, typer.Option("--once", help="One pass, then stop (also with --every).")] = False,
    add: Annotated[
        str | None, typer.Option("--add", help="Find this site's feeds and sitemaps and add them to SOURCES_FILE.")
    ] = None,
    contact: Annotated[
        str | None, typer.Option("--contact", help="E-mail or URL put in the User-Agent (overrides the file's).")
    ] = None,
    rate: Annotated[
        float | None,
        typer.Option("--rate", min=0.01, max=100, help="Requests per second per host (default: the file's, else 1)."),
    ] = None,
    timeout: Annotated[float, typer.Option("--timeout", min=0.1, help="Seconds to wait for a server.")] = 15.0,
    max_mb: Annotated[float, typer.Option("--max-mb", min=0.01, help="Largest page read, in MB.")] = 5.0,
    actors: ActorsOption = None,
    lexicon: LexiconOption = None,
    json_: JsonOption = False,
    quiet: QuietOption = False,
) -> None:
    """Follow news feeds, sitemaps and front pages: fetch new articles politely, code them into the store.

    Polite: robots.txt, a User-Agent with your contact, RATE requests per second and
    CONCURRENCY at once per host, conditional GET, backoff on 429/503. Failures go to the
    fetch_errors table and never stop the rest; an interrupted pass resumes next time.

    Example:  dyad follow sources.yaml --db news.duckdb --every 15m

    Example:  dyad follow sources.yaml --add https://www.example.org/
    """
    from dyad.follow.fetch import FetchSettings
    from dyad.follow.sources import SourcesError, load_sources

    settings = FetchSettings(contact=contact, rate=rate or 1.0, timeout=timeout, max_bytes=int(max_mb * 1_000_000))
    if add is not None:
        _add(sources_file, add, settings, quiet or json_)
        return
    interval = _interval(every)
    with common.user_mistakes(SourcesError):
        loaded = load_sources(sources_file)
    follower = _follower(loaded, db, settings, rate, actors, lexicon)
    totals = _loop(follower, None if once else interval, quiet or json_)
    _summary(totals, db, json_, quiet)


def _interval(every: str | None) -> float | None:
    if every is None:
        return None
    try:
        seconds = parse_duration(every)
    except ValueError:
        seconds = 0.0
    if seconds < 1:
        raise common.UserError(f"--every {every!r}: give a duration such as 15m, 30s or 1h")
    return seconds


def _follower(
    loaded: SourcesFile,
    db: str,
    base: FetchSettings,
    rate: float | None,
    actors: list[Path] | None,
    lexicon: list[Path] | None,
) -> Follower:
    import dataclasses

    from dyad.follow.follower import Follower, store_and_code
    from dyad.scale.runner import CoderSpec

    settings = dataclasses.replace(
        base, contact=base.contact or loaded.contact, user_agent=loaded.user_agent, rate=rate or loaded.rate,
        concurrency=loaded.concurrency,
    )  # fmt: skip
    spec = CoderSpec(tuple(common.paths(actors)), tuple(common.paths(lexicon)))
    return Follower(loaded, db, store_and_code(spec), settings=settings)


def _add(sources_file: Path, url: str, settings: FetchSettings, quiet: bool) -> None:
    from dyad.follow.add import add_to_file, discover
    from dyad.follow.sources import SourcesError
    from dyad.follow.urls import is_web_url

    if not is_web_url(url):
        raise common.UserError(f"--add {url!r}: give the site's http(s) address, e.g. https://www.example.org/")
    found = discover(url, settings)
    if not found:
        common.err.print(f"[yellow]no feed or sitemap found at {url}[/yellow]; list its front page as a source instead")
        raise typer.Exit(1)
    with common.user_mistakes(SourcesError):
        added = add_to_file(sources_file, found)
    if not quiet:
        for item in found:
            state = "added" if item in added else "already listed"
            common.out.print(f"{item.kind:8} {item.url}  ({item.links} links, {state})", highlight=False)
        common.out.print(f"{len(added)} sources added to {sources_file}")


# -- running passes --------------------------------------------------------------------------
def _loop(follower: Follower, interval: float | None, quiet: bool) -> dict[str, Any]:
    """Passes until done (one without an interval), or until Ctrl-C / SIGTERM."""
    totals: dict[str, Any] = {"passes": 0, "new_articles": 0, "events": 0, "errors": 0, "requests": 0,
                              "known": 0, "unchanged_sources": 0, "stopped": False}  # fmt: skip
    previous = signal.signal(signal.SIGTERM, _stop_on_sigterm)
    try:
        with _status(quiet, follower, totals, interval) as show:
            follower.on_progress = show
            while True:
                report = follower.run_pass()
                _add_pass(totals, report)
                show(None)
                if interval is None:
                    break
                _sleep(interval, show)
    except KeyboardInterrupt:
        totals["stopped"] = True
        if not quiet:
            common.err.print("\nstopped (articles an unfinished pass had queued are fetched by the next run)")
    finally:
        signal.signal(signal.SIGTERM, previous)
    return totals


def _add_pass(totals: dict[str, Any], report: PassReport) -> None:
    totals["passes"] += 1
    totals["last"] = report
    for key in ("new_articles", "events", "errors", "requests", "known"):
        totals[key] += getattr(report, key)
    totals["unchanged_sources"] = report.unchanged


def _sleep(seconds: float, show: Callable[[Any], None]) -> None:
    until = time.monotonic() + seconds
    while (left := until - time.monotonic()) > 0:
        show(left)
        time.sleep(min(1.0, left))


def _stop_on_sigterm(_signum: int, _frame: Any) -> None:
    raise KeyboardInterrupt  # leave through the same door as Ctrl-C: store closed cleanly


@contextmanager
def _status(
    quiet: bool, follower: Follower, totals: dict[str, Any], interval: float | None
) -> Iterator[Callable[[Any], None]]:
    """A live table: sources, articles, events, errors, this pass and the next."""
    if quiet:
        yield lambda _update: None
        return
    current: dict[str, Any] = {"report": None, "next": None}

    def render() -> Table:
        table = Table(title=f"dyad follow {follower.sources.path} → {follower.db}", header_style="bold")
        for column in ("sources", "passes", "new articles", "events", "errors", "now"):
            table.add_column(column, justify="right" if column != "now" else "left")
        report = current["report"]
        running = report is not None and current["next"] is None
        new = totals["new_articles"] + (report.new_articles if running else 0)
        events = totals["events"] + (report.events if running else 0)
        errors = totals["errors"] + (report.errors if running else 0)
        table.add_row(str(len(follower.sources.sources)), str(totals["passes"]), str(new), str(events), str(errors),
                      _now(report, current["next"], running))  # fmt: skip
        return table

    with Live(render(), console=common.err, refresh_per_second=4, transient=False) as live:

        def show(update: Any) -> None:
            if update is None or isinstance(update, float):
                current["next"] = update
            else:
                current["report"], current["next"] = update, None
            live.update(render())

        yield show


def _now(report: PassReport | None, next_in: float | None, running: bool) -> str:
    if next_in is not None:
        return f"next pass in {next_in:.0f} s"
    if report is None:
        return "reading sources"
    if running:
        done = report.fetched + report.errors
        return f"fetching articles ({done} of {report.waiting} queued)"
    return "pass done"


def _summary(totals: dict[str, Any], db: str, as_json: bool, quiet: bool) -> None:
    last = totals.pop("last", None)
    if last is not None:
        totals["last_pass_messages"] = last.messages[:50]
    if as_json:
        common.print_json(totals)
        return
    if quiet:
        return
    for message in totals.get("last_pass_messages", [])[:10]:
        common.err.print(f"[yellow]failed[/yellow] {message}", highlight=False)
    rows = ((key.replace("_", " "), value) for key, value in totals.items() if key != "last_pass_messages")
    common.out.print(common.counts_table(f"dyad follow → {db}", rows))


# -- dyad sources ----------------------------------------------------------------------------
def sources(
    db: DbOption = "dyad.duckdb",
    errors: Annotated[int, typer.Option("--errors", min=0, help="Also show the last N fetch errors.")] = 0,
    json_: JsonOption = False,
) -> None:
    """The sources `dyad follow` has read: last fetch and its status, error rate, articles, events.

    Example:  dyad sources --db news.duckdb --errors 20
    """
    from dyad.follow.state import recent_errors, source_overview
    from dyad.store import open_store

    if not Path(db).exists():
        raise common.UserError(f"{db}: no such store; run `dyad follow SOURCES.yaml --db {db}` first")
    with open_store(db, read_only=True) as store:
        rows = source_overview(store.con)
        failures = recent_errors(store.con, errors) if errors else []
    if json_:
        common.print_json({"sources": rows, "errors": failures})
        return
    if not rows:
        common.out.print(f"no followed sources in {db} yet (dyad follow SOURCES.yaml --db {db})")
        return
    _sources_table(rows)
    if failures:
        _errors_table(failures)


def _sources_table(rows: list[dict[str, Any]]) -> None:
    table = Table(title="followed sources", header_style="bold")
    for column in ("source", "last fetch", "status", "passes", "requests", "error rate", "articles", "events"):
        table.add_column(column, justify="left" if column in ("source", "last fetch") else "right")
    for r in rows:
        name = r["name"] or r["url"]
        rate = f"{r['error_rate']:.0%}" if r["requests"] else "-"
        table.add_row(name, str(r["last_fetch"])[:19], str(r["last_status"] or "failed"), str(r["passes"]),
                      str(r["requests"]), rate, str(r["articles"]), str(r["events"]))  # fmt: skip
    common.out.print(table)


def _errors_table(rows: list[dict[str, Any]]) -> None:
    table = Table(title="last fetch errors", header_style="bold")
    for column in ("when", "status", "url", "reason"):
        table.add_column(column)
    for r in rows:
        table.add_row(str(r["recorded_at"])[:19], str(r["status"] or "-"), r["url"], r["reason"])
    common.out.print(table)
