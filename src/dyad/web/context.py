"""What every route shares: the store, the coder, the templates and the settings of one app,
reached through the FastAPI dependency `WebDep`, and the responses built from them.

Every page answers HTML to a browser and JSON to `?format=json` (its JSON twin); the API
under /api answers JSON always; errors follow the same rule.
"""

from __future__ import annotations

import datetime as dt
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Any

import duckdb
from fastapi import Depends, Request
from fastapi.encoders import jsonable_encoder
from fastapi.responses import JSONResponse, Response
from fastapi.templating import Jinja2Templates

from dyad._version import __version__
from dyad.analysis.display import number
from dyad.analysis.relations import FREQS
from dyad.errors import UserMistake
from dyad.models import Document
from dyad.store.opening import connect_waiting, is_lock_error
from dyad.web import queries
from dyad.web.highlight import describe
from dyad.web.middleware import MAX_BODY

HERE = Path(__file__).resolve().parent


class StoreUnavailable(UserMistake):
    """The store file cannot be opened (missing, not a dyad store, or locked by a writer)."""


class StoreBusy(StoreUnavailable):
    """Another process held the store for longer than a request waits: try again soon."""


LOCK_WAIT = 5.0  # seconds a request waits for a writer's batch to let go of the store
RETRY_AFTER = 5  # seconds a busy answer asks the client to wait


class Database:
    """Opens the store for each request (read-only unless writes are allowed) and closes it
    after, so a writer that holds the file only per batch (`dyad code`, `watch`, `load`,
    `follow`) gets in between requests; a request that finds the file held waits up to
    LOCK_WAIT seconds for the batch to end."""

    def __init__(self, path: Path, writable: bool, lock_wait: float = LOCK_WAIT) -> None:
        self.path = path
        self.writable = writable
        self.lock_wait = lock_wait
        if writable:
            from dyad.store import open_store

            try:
                open_store(path).close()  # create and migrate
            except Exception as exc:
                raise StoreUnavailable(str(exc)) from exc
        elif not path.exists():
            raise StoreUnavailable(
                f"no store at {path}: create one with `dyad code FILES --db {path}`"
                " or `dyad demo`"
            )
        with self.connect() as con:
            tables = {r[0] for r in con.execute("SELECT table_name FROM information_schema.tables")
                      .fetchall()}  # fmt: skip
        if not {"documents", "events"} <= tables:
            raise StoreUnavailable(f"{path} is not a dyad store (no documents/events tables)")
        if not writable:
            _upgrade(path)

    @contextmanager
    def connect(self) -> Iterator[Any]:
        try:
            con = connect_waiting(str(self.path), not self.writable, self.lock_wait)
        except duckdb.Error as exc:
            if is_lock_error(exc):
                raise StoreBusy(
                    f"the store {self.path} is busy: another dyad command is writing to it;"
                    " refresh in a few seconds"
                ) from exc
            raise StoreUnavailable(
                f"cannot open the store {self.path} ({exc}); if another dyad command is"
                " writing to it, try again when it has finished"
            ) from exc
        try:
            yield con
        finally:
            con.close()


def _upgrade(path: Path) -> None:
    """Bring a store written by an older dyad up to the current schema (the pages read its
    newer columns, e.g. `date_source`); a store another command holds is left alone: a writer
    migrates it when it opens it."""
    from dyad.store import open_store
    from dyad.store.schema import SCHEMA_VERSION

    try:
        with connect_waiting(str(path), True, 0.0) as con:
            found = con.execute("SELECT coalesce(max(version), 0) FROM schema_version").fetchone()
    except duckdb.Error:  # held by a writer (which migrates it), or no version table to read
        return
    if found is not None and int(found[0]) >= SCHEMA_VERSION:
        return
    try:
        open_store(path).close()
    except Exception as exc:  # held by a writer, or a read-only file: serve what is there
        if not is_lock_error(exc) and not isinstance(exc, UserMistake):
            raise StoreUnavailable(f"cannot bring {path} up to the current schema ({exc})") from exc


def prepare(text: str, date: dt.date | None, origin: str = "<web>") -> Document:
    """A pasted text as a document ready for the coder."""
    from dyad.ingest.pipeline import prepare_document

    return prepare_document(Document(text=text, date=date, origin=origin))


class CoderHolder:
    """One coder per app, built on first use (or by the warm-up thread) and shared by every
    request's thread: it keeps no per-sentence state."""

    def __init__(self) -> None:
        self._coder: Any = None
        self._build_lock = threading.Lock()
        self.warm_seconds: float | None = None
        self.error: str | None = None

    @property
    def ready(self) -> bool:
        return self._coder is not None and self.warm_seconds is not None

    def get(self) -> Any:
        with self._build_lock:
            if self._coder is None:
                import dyad

                self._coder = dyad.get_coder()
            return self._coder

    def warm(self) -> None:
        started = time.perf_counter()
        try:
            self.code(prepare("Pakistan and China agreed to deepen cooperation.", None))
        except Exception as exc:  # reported on /api/status; coding requests will retry
            self.error = f"{type(exc).__name__}: {exc}"
            return
        self.warm_seconds = round(time.perf_counter() - started, 2)

    def code(self, doc: Document) -> Any:
        return self.get().code_document(doc)


@dataclass(frozen=True)
class Settings:
    """How the app was started."""

    allow_writes: bool = False
    token: str | None = None
    max_body: int = MAX_BODY


def make_templates(settings: Settings) -> Jinja2Templates:
    templates = Jinja2Templates(directory=str(HERE / "templates"))
    templates.env.globals.update(
        quad_names=queries.QUAD_NAMES, modes=queries.MODES, freqs=FREQS,
        version=__version__, allow_writes=settings.allow_writes, describe=describe,
    )  # fmt: skip
    templates.env.filters["num"] = number
    return templates


@dataclass
class Web:
    """One app's store, coder, templates and settings; routes receive it as `WebDep`."""

    db: Database
    coder: CoderHolder
    templates: Jinja2Templates
    settings: Settings

    def page(self, request: Request, template: str, data: dict[str, Any], *,
             status: int = 200, extra: dict[str, Any] | None = None) -> Response:  # fmt: skip
        """The page `template` over `data`, or `data` itself for `?format=json`."""
        if request.query_params.get("format") == "json":
            return json_response(data, status)
        context = {**data, **(extra or {}), "json_url": json_url(request)}
        return self.templates.TemplateResponse(request, template, context, status_code=status)

    def busy(self, request: Request, detail: str) -> Response:
        """503 while a writer holds the store: a page that refreshes itself wherever a page
        was asked for (whatever the client's Accept header), else JSON."""
        headers = {"Retry-After": str(RETRY_AFTER)}
        if not asks_for_page(request):
            return JSONResponse({"detail": detail, "busy": True}, status_code=503, headers=headers)
        return self.templates.TemplateResponse(
            request, "busy.html", {"detail": detail, "retry_after": RETRY_AFTER, "json_url": None},
            status_code=503, headers=headers,
        )  # fmt: skip

    def error(self, request: Request, status: int, detail: str, **more: Any) -> Response:
        if wants_json(request):
            return json_response({"detail": detail, **more}, status)
        return self.templates.TemplateResponse(
            request, "error.html", {"status": status, "detail": detail, "json_url": None},
            status_code=status,
        )  # fmt: skip


def get_web(request: Request) -> Web:
    web: Web = request.app.state.web
    return web


WebDep = Annotated[Web, Depends(get_web)]


def wants_json(request: Request) -> bool:
    if request.url.path.startswith("/api") or request.query_params.get("format") == "json":
        return True
    return "text/html" not in request.headers.get("accept", "")


def asks_for_page(request: Request) -> bool:
    """A page's address, not asked for as JSON (`?format=json`, or Accept naming JSON only)."""
    if request.url.path.startswith("/api") or request.query_params.get("format") == "json":
        return False
    accept = request.headers.get("accept", "")
    return "text/html" in accept or "application/json" not in accept


def json_response(data: Any, status: int = 200) -> JSONResponse:
    return JSONResponse(jsonable_encoder(data), status_code=status)


def json_url(request: Request) -> str:
    return _relative(request.url.include_query_params(format="json"))


def next_url(request: Request, offset: int, limit: int, total: int) -> str | None:
    if offset + limit >= total:
        return None
    return _relative(request.url.include_query_params(offset=offset + limit))


def prev_url(request: Request, offset: int, limit: int) -> str | None:
    if offset <= 0:
        return None
    return _relative(request.url.include_query_params(offset=max(0, offset - limit)))


def _relative(url: Any) -> str:
    path = url.path
    return f"{path}?{url.query}" if url.query else str(path)
