"""The dyad web app: server-rendered pages over a store, each with a JSON twin, and a JSON API.

`create_app(db_path)` builds the FastAPI app. Safe by default: the store is opened
read-only (one short-lived connection per request, so other processes can write between
requests); nothing is written unless the app was created with `allow_writes=True` *and*
the request carries the token; request bodies are capped; every asset (CSS, JS, the Vega
chart libraries, the API docs page) is served by the app itself.
"""

from __future__ import annotations

import datetime as dt
import hmac
import json
import re
import tempfile
import threading
import time
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator, MutableMapping, Sequence
from contextlib import asynccontextmanager, contextmanager
from pathlib import Path
from typing import Annotated, Any

import duckdb
from fastapi import FastAPI, Query, Request
from fastapi.encoders import jsonable_encoder
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates
from pydantic import BaseModel, Field
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import UploadFile
from starlette.exceptions import HTTPException
from starlette.middleware.trustedhost import TrustedHostMiddleware

from dyad._version import __version__
from dyad.models import Document
from dyad.web import assets, queries
from dyad.web.highlight import Segment, describe, flatten_event, highlight_document, highlight_sentence

HERE = Path(__file__).resolve().parent
MAX_BODY = 2 * 1024 * 1024  # bytes; larger request bodies get 413
MAX_LIMIT = 1000
MAX_FILE_DOCUMENTS = 20  # documents coded from one uploaded file
CODE_RE = re.compile(r"^[A-Za-z0-9\-]{3,24}$")  # as dyad.analysis accepts: PAK, PAKGOV, IGOUNO
ID_RE = re.compile(r"^[0-9a-fA-F]{1,64}$")
CAMEO_RE = re.compile(r"^\d{2,4}$")

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

CSP = (
    "default-src 'self'; script-src 'self' 'unsafe-eval'; style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data: blob:; connect-src 'self'; font-src 'self' data:; object-src 'none'; "
    "base-uri 'none'; frame-ancestors 'none'; form-action 'self'"
)


class StoreUnavailable(Exception):
    """The store file cannot be opened (missing, not a dyad store, or locked by a writer)."""


# -- middleware ----------------------------------------------------------------------------------
class BodyLimitMiddleware:
    """Refuse request bodies over `max_bytes` with 413 and a JSON error.

    A declared Content-Length over the limit is refused before anything is read; a body
    without one (chunked) is read up to the limit and then passed on whole.
    """

    def __init__(self, app: ASGIApp, max_bytes: int = MAX_BODY) -> None:
        self.app = app
        self.max_bytes = max_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] in ("GET", "HEAD", "OPTIONS"):
            await self.app(scope, receive, send)
            return
        headers = dict(scope.get("headers") or [])
        declared = headers.get(b"content-length")
        if declared is not None:
            try:
                size = int(declared)
            except ValueError:
                await self._reply(send, 400, "bad Content-Length header")
                return
            if size > self.max_bytes:
                await self._too_large(send)
                return
            await self.app(scope, receive, send)
            return
        chunks: list[bytes] = []
        total = 0
        while True:
            message = await receive()
            if message["type"] != "http.request":
                break
            body = message.get("body", b"")
            total += len(body)
            if total > self.max_bytes:
                await self._too_large(send)
                return
            chunks.append(body)
            if not message.get("more_body", False):
                break
        replayed = False
        whole = b"".join(chunks)

        async def replay() -> Message:
            nonlocal replayed
            if not replayed:
                replayed = True
                return {"type": "http.request", "body": whole, "more_body": False}
            return await receive()

        await self.app(scope, replay, send)

    async def _too_large(self, send: Send) -> None:
        limit = f"{self.max_bytes / 1024 / 1024:g} MB"
        await self._reply(send, 413, f"request body too large: the limit is {limit}")

    @staticmethod
    async def _reply(send: Send, status: int, detail: str) -> None:
        body = json.dumps({"detail": detail}).encode()
        await send(
            {
                "type": "http.response.start",
                "status": status,
                "headers": [
                    (b"content-type", b"application/json"),
                    (b"content-length", str(len(body)).encode()),
                    (b"connection", b"close"),
                ],
            }
        )
        await send({"type": "http.response.body", "body": body})


class SecurityHeadersMiddleware:
    """Content-Security-Policy (self only), nosniff, no framing, same-origin referrers."""

    HEADERS = (
        (b"content-security-policy", CSP.encode()),
        (b"x-content-type-options", b"nosniff"),
        (b"x-frame-options", b"DENY"),
        (b"referrer-policy", b"same-origin"),
    )

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                present = {k.lower() for k, _ in message.get("headers", [])}
                extra = [(k, v) for k, v in self.HEADERS if k not in present]
                message["headers"] = [*message.get("headers", []), *extra]
            await send(message)

        await self.app(scope, receive, with_headers)


# -- the store and the coder -----------------------------------------------------------------------
class Database:
    """Opens the store for each request: read-only unless writes are allowed."""

    def __init__(self, path: Path, writable: bool) -> None:
        self.path = path
        self.writable = writable
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

    @contextmanager
    def connect(self) -> Iterator[Any]:
        try:
            con = duckdb.connect(str(self.path), read_only=not self.writable)
        except duckdb.Error as exc:
            raise StoreUnavailable(
                f"cannot open the store {self.path} ({exc}); if another dyad command is"
                " writing to it, try again when it has finished"
            ) from exc
        try:
            yield con
        finally:
            con.close()


class CoderHolder:
    """One coder per app, built on first use (or by the warm-up thread); coding is serialised."""

    def __init__(self) -> None:
        self._coder: Any = None
        self._build_lock = threading.Lock()
        self._code_lock = threading.Lock()
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
            self.code(_prepare("Pakistan and China agreed to deepen cooperation.", None))
        except Exception as exc:  # reported on /api/status; coding requests will retry
            self.error = f"{type(exc).__name__}: {exc}"
            return
        self.warm_seconds = round(time.perf_counter() - started, 2)

    def code(self, doc: Document) -> Any:
        coder = self.get()
        with self._code_lock:
            return coder.code_document(doc)


def _prepare(text: str, date: dt.date | None, origin: str = "<web>") -> Document:
    from dyad.ingest.pipeline import prepare_document

    return prepare_document(Document(text=text, date=date, origin=origin))


# -- parameters ------------------------------------------------------------------------------------
class BadParameter(Exception):
    def __init__(self, detail: str) -> None:
        super().__init__(detail)
        self.detail = detail


def _blank(value: str | None) -> str | None:
    if value is None:
        return None
    value = value.strip()
    return value or None


def parse_date(name: str, value: str | None) -> dt.date | None:
    value = _blank(value)
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise BadParameter(f"{name}: {value!r} is not a date; use YYYY-MM-DD") from None


def parse_code(name: str, value: str | None) -> str | None:
    value = _blank(value)
    if value is None:
        return None
    if not CODE_RE.match(value):
        raise BadParameter(f"{name}: {value!r} is not an actor code (3 to 24 letters, digits or '-')")
    return value.upper()


def parse_choice(name: str, value: str | None, choices: Sequence[str]) -> str | None:
    value = _blank(value)
    if value is None:
        return None
    if value not in choices:
        raise BadParameter(f"{name}: {value!r} is not one of {', '.join(choices)}")
    return value


def parse_quad(value: str | None) -> int | None:
    value = _blank(value)
    if value is None:
        return None
    if value not in ("1", "2", "3", "4"):
        raise BadParameter(f"quad_class: {value!r} must be 1, 2, 3 or 4")
    return int(value)


def parse_cameo(name: str, value: str | None) -> str | None:
    value = _blank(value)
    if value is None:
        return None
    if not CAMEO_RE.match(value):
        raise BadParameter(f"{name}: {value!r} is not a CAMEO code (2 to 4 digits)")
    return value


def parse_bool(value: str | None) -> bool:
    return (_blank(value) or "").lower() in ("1", "true", "yes", "on")


def check_range(lo: dt.date | None, hi: dt.date | None) -> None:
    if lo and hi and lo > hi:
        raise BadParameter(f"from ({lo}) is after to ({hi})")


Limit = Annotated[int, Query(ge=1, le=MAX_LIMIT, description=f"rows per page, 1–{MAX_LIMIT}")]
Offset = Annotated[int, Query(ge=0, description="rows to skip")]
Fmt = Annotated[str | None, Query(alias="format", description="json for the JSON twin")]
DateFrom = Annotated[str | None, Query(alias="from", description="first date, YYYY-MM-DD")]
DateTo = Annotated[str | None, Query(alias="to", description="last date, YYYY-MM-DD")]
QuadQ = Annotated[str | None, Query(description="quad class 1–4")]
ModeQ = Annotated[str | None, Query(description=" | ".join(queries.MODES))]
FreqQ = Annotated[str, Query(description=" | ".join(queries.FREQS))]


class CodeRequest(BaseModel):
    text: str = Field(description="the article text", max_length=MAX_BODY)
    date: str | None = Field(default=None, description="publication date, YYYY-MM-DD")
    save: bool = Field(default=False, description="store the document and its events")
    token: str | None = Field(default=None, description="write token (or Authorization: Bearer)")


# -- the app -----------------------------------------------------------------------------------------
def create_app(
    db_path: str | Path,
    allow_writes: bool = False,
    token: str | None = None,
    *,
    warm: bool = True,
    allowed_hosts: Sequence[str] | None = None,
    max_body: int = MAX_BODY,
) -> FastAPI:
    """The web app over the store at `db_path`.

    allow_writes: permit saving coded text to the store — for requests carrying `token`
    (form field `token` or `Authorization: Bearer TOKEN`); without a token nothing is saved.
    warm: build the coder and the chart bundle in background threads at startup.
    allowed_hosts: Host headers accepted (guards a loopback server against DNS rebinding).
    """
    db = Database(Path(db_path), writable=allow_writes)
    coder = CoderHolder()
    templates = Jinja2Templates(directory=str(HERE / "templates"))
    templates.env.globals.update(
        quad_names=queries.QUAD_NAMES, modes=queries.MODES, freqs=queries.FREQS,
        version=__version__, allow_writes=allow_writes, describe=describe,
    )  # fmt: skip
    templates.env.filters["num"] = _num

    @asynccontextmanager
    async def lifespan(_: FastAPI) -> AsyncIterator[None]:
        if warm:
            threading.Thread(target=assets.vega_bundle, name="dyad-warm-vega", daemon=True).start()
            threading.Thread(target=coder.warm, name="dyad-warm-coder", daemon=True).start()
        yield

    app = FastAPI(
        title="dyad",
        version=__version__,
        description="Political event data coded from news: who did what to whom.",
        docs_url=None,
        redoc_url=None,
        lifespan=lifespan,
    )
    app.state.db = db
    app.state.coder = coder
    app.state.allow_writes = allow_writes
    app.add_middleware(BodyLimitMiddleware, max_bytes=max_body)
    app.add_middleware(SecurityHeadersMiddleware)
    if allowed_hosts:
        app.add_middleware(TrustedHostMiddleware, allowed_hosts=list(allowed_hosts))
    app.mount("/static", StaticFiles(directory=str(HERE / "static")), name="static")

    # -- responses ---------------------------------------------------------------------------
    def wants_json(request: Request) -> bool:
        if request.url.path.startswith("/api") or request.query_params.get("format") == "json":
            return True
        return "text/html" not in request.headers.get("accept", "")

    def json_response(data: Any, status: int = 200) -> JSONResponse:
        return JSONResponse(jsonable_encoder(data), status_code=status)

    def page(request: Request, template: str, data: dict[str, Any], *,
             status: int = 200, extra: dict[str, Any] | None = None) -> Response:  # fmt: skip
        if request.query_params.get("format") == "json":
            return json_response(data, status)
        context = {**data, **(extra or {}), "json_url": _json_url(request)}
        return templates.TemplateResponse(request, template, context, status_code=status)

    def error_response(request: Request, status: int, detail: str, **more: Any) -> Response:
        if wants_json(request):
            return json_response({"detail": detail, **more}, status)
        return templates.TemplateResponse(
            request, "error.html", {"status": status, "detail": detail, "json_url": None},
            status_code=status,
        )  # fmt: skip

    @app.exception_handler(BadParameter)
    async def on_bad_parameter(request: Request, exc: BadParameter) -> Response:
        return error_response(request, 400, exc.detail)

    @app.exception_handler(RequestValidationError)
    async def on_validation(request: Request, exc: RequestValidationError) -> Response:
        errors = exc.errors()
        messages = []
        for e in errors:
            loc = [str(p) for p in e.get("loc", ()) if p not in ("query", "path", "body")]
            messages.append(f"{'.'.join(loc) or 'request'}: {e.get('msg', 'invalid')}")
        return error_response(request, 400, "; ".join(messages),
                              errors=jsonable_encoder(errors, exclude={"input", "ctx", "url"}))  # fmt: skip

    @app.exception_handler(HTTPException)
    async def on_http(request: Request, exc: HTTPException) -> Response:
        detail = exc.detail if isinstance(exc.detail, str) else json.dumps(exc.detail)
        if exc.status_code == 404 and detail == "Not Found":
            detail = f"no page at {request.url.path}"
        return error_response(request, exc.status_code, detail)

    @app.exception_handler(StoreUnavailable)
    async def on_store(request: Request, exc: StoreUnavailable) -> Response:
        return error_response(request, 503, str(exc))

    def not_found(what: str) -> HTTPException:
        return HTTPException(404, what)

    # -- overview ----------------------------------------------------------------------------
    def overview_data() -> dict[str, Any]:
        with db.connect() as con:
            counts = queries.overview_counts(con)
            dyads = queries.top_dyads(con, limit=12)
            actors = queries.top_actors(con, limit=12)
            recent, _ = queries.list_events(con, queries.EventFilter(), limit=15)
            documents, _ = queries.list_documents(con, limit=8, offset=0)
            analysis_top = queries.external_top(con, 12)
        data = {"counts": counts, "top_dyads": dyads, "top_actors": actors,
                "recent_events": recent, "recent_documents": documents}  # fmt: skip
        if analysis_top is not None:
            data["analysis_top"] = analysis_top
        return data

    @app.get("/", include_in_schema=False)
    def overview(request: Request, format: Fmt = None) -> Response:
        return page(request, "index.html", overview_data())

    # -- dyads ---------------------------------------------------------------------------------
    def dyad_data(
        request: Request, a: str, b: str, date_from: str | None, date_to: str | None,
        quad_class: str | None, mode: str | None, freq: str, directed: str | None,
        limit: int, offset: int,
    ) -> dict[str, Any]:  # fmt: skip
        code_a, code_b = parse_code("a", a), parse_code("b", b)
        assert code_a and code_b
        start, end = parse_date("from", date_from), parse_date("to", date_to)
        check_range(start, end)
        quad = parse_quad(quad_class)
        mode_ = parse_choice("mode", mode, queries.MODES)
        freq_ = parse_choice("freq", freq, queries.FREQS) or "month"
        one_way = parse_bool(directed)
        flt = queries.EventFilter(a=code_a, b=code_b, directed=one_way, date_from=start,
                                  date_to=end, quad_class=quad, mode=mode_)  # fmt: skip
        with db.connect() as con:
            series = queries.relations(con, code_a, code_b, start=start, end=end, freq=freq_,
                                       both_directions=not one_way, quad_class=quad, mode=mode_)  # fmt: skip
            made_by = "analysis"
            events, total = queries.list_events(con, flt, limit=limit, offset=offset)
            pledges = queries.commitments(con, code_a, code_b, start=start, end=end,
                                          both_directions=not one_way)  # fmt: skip
        totals = {f"q{i}": sum(int(r.get(f"q{i}") or 0) for r in series) for i in (1, 2, 3, 4)}
        return {
            "a": code_a, "b": code_b, "directed": one_way, "freq": freq_,
            "filters": {"from": start, "to": end, "quad_class": quad, "mode": mode_},
            "series": series, "series_source": made_by, "quad_totals": totals,
            "chart": queries.chart_spec(series, code_a, code_b),
            "commitments": pledges,
            "events": events, "total": total, "limit": limit, "offset": offset,
            "next": _next_url(request, offset, limit, total),
            "prev": _prev_url(request, offset, limit),
        }  # fmt: skip

    @app.get("/dyad/{a}/{b}", include_in_schema=False)
    def dyad_page(
        request: Request, a: str, b: str, date_from: DateFrom = None, date_to: DateTo = None,
        quad_class: QuadQ = None, mode: ModeQ = None, freq: FreqQ = "month",
        directed: str | None = None, limit: Limit = 50, offset: Offset = 0, format: Fmt = None,
    ) -> Response:  # fmt: skip
        data = dyad_data(request, a, b, date_from, date_to, quad_class, mode, freq, directed,
                         limit, offset)  # fmt: skip
        api = request.url_for("api_dyad", a=data["a"], b=data["b"]).include_query_params(
            **{k: v for k, v in request.query_params.items() if k != "format"})  # fmt: skip
        return page(request, "dyad.html", data, extra={"api_url": str(api)})

    @app.get("/api/dyad/{a}/{b}", name="api_dyad", tags=["dyads"], summary="A dyad over time")
    def api_dyad(
        request: Request, a: str, b: str, date_from: DateFrom = None, date_to: DateTo = None,
        quad_class: QuadQ = None, mode: ModeQ = None, freq: FreqQ = "month",
        directed: str | None = None, limit: Limit = 50, offset: Offset = 0,
    ) -> Response:  # fmt: skip
        """Time series of a dyad (events per period by quad class, Goldstein mean and sum,
        cooperation–conflict index), its Vega-Lite chart spec and a page of its events."""
        return json_response(dyad_data(request, a, b, date_from, date_to, quad_class, mode,
                                       freq, directed, limit, offset))  # fmt: skip

    @app.get("/api/dyads", tags=["dyads"], summary="Top dyads")
    def api_dyads(
        date_from: DateFrom = None, date_to: DateTo = None,
        limit: Annotated[int, Query(ge=1, le=MAX_LIMIT)] = 20,
    ) -> Response:  # fmt: skip
        """Country pairs with the most events (either direction)."""
        start, end = parse_date("from", date_from), parse_date("to", date_to)
        check_range(start, end)
        with db.connect() as con:
            found = queries.top_dyads(con, limit=limit, start=start, end=end)
        for r in found:
            r["url"] = f"/dyad/{r['a']}/{r['b']}"
        return json_response({"rows": found, "total": len(found)})

    # -- events --------------------------------------------------------------------------------
    def event_filter(
        source: str | None, target: str | None, actor: str | None, a: str | None,
        b: str | None, directed: str | None, cameo_root: str | None, cameo: str | None,
        quad_class: str | None, mode: str | None, date_from: str | None, date_to: str | None,
        doc_id: str | None,
    ) -> queries.EventFilter:  # fmt: skip
        code_a, code_b = parse_code("a", a), parse_code("b", b)
        if (code_a is None) != (code_b is None):
            raise BadParameter("a and b: give both dyad members, or neither")
        start, end = parse_date("from", date_from), parse_date("to", date_to)
        check_range(start, end)
        doc = _blank(doc_id)
        if doc is not None and not ID_RE.match(doc):
            raise BadParameter(f"doc_id: {doc!r} is not a document id (hex digits)")
        return queries.EventFilter(
            source=parse_code("source", source), target=parse_code("target", target),
            actor=parse_code("actor", actor), a=code_a, b=code_b, directed=parse_bool(directed),
            cameo_root=parse_cameo("cameo_root", cameo_root), cameo=parse_cameo("cameo", cameo),
            quad_class=parse_quad(quad_class), mode=parse_choice("mode", mode, queries.MODES),
            date_from=start, date_to=end, doc_id=doc,
        )  # fmt: skip

    @app.get("/api/events", tags=["events"], summary="Events, filtered and paginated")
    def api_events(
        request: Request,
        source: Annotated[str | None, Query(description="source actor code (PAK, PAKGOV)")] = None,
        target: Annotated[str | None, Query(description="target actor code")] = None,
        actor: Annotated[str | None, Query(description="actor on either side")] = None,
        a: Annotated[str | None, Query(description="dyad member a (with b)")] = None,
        b: Annotated[str | None, Query(description="dyad member b (with a)")] = None,
        directed: Annotated[str | None, Query(description="1: only a → b")] = None,
        cameo_root: Annotated[str | None, Query(description="CAMEO root, e.g. 03")] = None,
        cameo: Annotated[str | None, Query(description="CAMEO code prefix, e.g. 036")] = None,
        quad_class: QuadQ = None, mode: ModeQ = None,
        date_from: DateFrom = None, date_to: DateTo = None,
        doc_id: Annotated[str | None, Query(description="document id")] = None,
        limit: Limit = 100, offset: Offset = 0,
    ) -> Response:  # fmt: skip
        """Events, newest first, filtered; `next` links the following page."""
        flt = event_filter(source, target, actor, a, b, directed, cameo_root, cameo, quad_class,
                           mode, date_from, date_to, doc_id)  # fmt: skip
        with db.connect() as con:
            found, total = queries.list_events(con, flt, limit=limit, offset=offset)
        return json_response({"rows": found, "total": total, "limit": limit, "offset": offset,
                              "next": _next_url(request, offset, limit, total)})  # fmt: skip

    @app.get("/api/events/{event_id}", tags=["events"], summary="One event")
    def api_event(event_id: str) -> Response:
        """One event, with its document's metadata."""
        return json_response(event_data(event_id))

    def event_data(event_id: str) -> dict[str, Any]:
        if not ID_RE.match(event_id):
            raise not_found(f"no event {event_id!r}")
        with db.connect() as con:
            event = queries.get_event(con, event_id)
            if event is None:
                raise not_found(f"no event {event_id!r}")
            document = queries.get_document(con, event["doc_id"])
            events = queries.document_events(con, event["doc_id"])
        return {"event": event, "document": document, "events": events}

    def doc_view(document: dict[str, Any] | None, events: list[dict[str, Any]],
                 current: str | None) -> dict[str, Any]:  # fmt: skip
        text = str((document or {}).get("text") or "")
        segs, placed = highlight_document(text, events, current)
        items = [{"event": e, "sentence": highlight_sentence(e),
                  "placed": str(e.get("event_id")) in placed} for e in events]  # fmt: skip
        return {"segments": segs, "items": items}

    @app.get("/event/{event_id}", include_in_schema=False)
    def event_page(request: Request, event_id: str, format: Fmt = None) -> Response:
        data = event_data(event_id)
        view = doc_view(data["document"], data["events"], event_id)
        return page(request, "doc.html", data, extra={**view, "current": event_id,
                    "api_url": f"/api/events/{event_id}"})  # fmt: skip

    # -- documents -----------------------------------------------------------------------------
    def document_data(doc_id: str) -> dict[str, Any]:
        if not ID_RE.match(doc_id):
            raise not_found(f"no document {doc_id!r}")
        with db.connect() as con:
            document = queries.get_document(con, doc_id)
            if document is None:
                raise not_found(f"no document {doc_id!r}")
            events = queries.document_events(con, document["doc_id"])
        return {"document": document, "events": events}

    @app.get("/doc/{doc_id}", include_in_schema=False)
    def doc_page(request: Request, doc_id: str, format: Fmt = None) -> Response:
        data = document_data(doc_id)
        view = doc_view(data["document"], data["events"], None)
        return page(request, "doc.html", data, extra={**view, "current": None, "event": None,
                    "api_url": f"/api/documents/{data['document']['doc_id']}"})  # fmt: skip

    @app.get("/api/documents/{doc_id}", tags=["documents"], summary="One document")
    def api_document(doc_id: str) -> Response:
        """One document (by id or a unique prefix of at least 4 characters) and its events."""
        return json_response(document_data(doc_id))

    def documents_data(request: Request, limit: int, offset: int) -> dict[str, Any]:
        with db.connect() as con:
            found, total = queries.list_documents(con, limit=limit, offset=offset)
        return {"rows": found, "total": total, "limit": limit, "offset": offset,
                "next": _next_url(request, offset, limit, total),
                "prev": _prev_url(request, offset, limit)}  # fmt: skip

    @app.get("/api/documents", tags=["documents"], summary="Documents")
    def api_documents(request: Request, limit: Limit = 100, offset: Offset = 0) -> Response:
        """Stored documents (without their text), newest first."""
        data = documents_data(request, limit, offset)
        data.pop("prev")
        return json_response(data)

    @app.get("/documents", include_in_schema=False)
    def documents_page(request: Request, limit: Limit = 50, offset: Offset = 0,
                       format: Fmt = None) -> Response:  # fmt: skip
        return page(request, "documents.html", documents_data(request, limit, offset))

    # -- actors --------------------------------------------------------------------------------
    def actors_data(q: str | None) -> dict[str, Any]:
        query = (q or "").strip()
        if len(query) > 100:
            raise BadParameter("q: at most 100 characters")
        if not query:
            with db.connect() as con:
                return {"q": "", "events": queries.top_actors(con, limit=30), "dictionary": []}
        with db.connect() as con:
            seen = queries.search_event_actors(con, query, limit=50)
        return {"q": query, "events": seen, "dictionary": queries.search_dictionary(query)}

    @app.get("/api/actors", tags=["actors"], summary="Actor search")
    def api_actors(q: Annotated[str | None, Query(description="name or code")] = None) -> Response:
        """Actors whose code or name contains `q`: codes seen in events (with counts) and
        entries of the packaged actor dictionary."""
        return json_response(actors_data(q))

    @app.get("/actors", include_in_schema=False)
    def actors_page(request: Request, q: str | None = None, format: Fmt = None) -> Response:
        return page(request, "actors.html", actors_data(q))

    @app.get("/actor/{code}", include_in_schema=False)
    def actor_page(request: Request, code: str, limit: Limit = 50, offset: Offset = 0,
                   format: Fmt = None) -> Response:  # fmt: skip
        actor = parse_code("code", code)
        assert actor
        with db.connect() as con:
            summary = queries.actor_summary(con, actor)
            others = queries.counterparts(con, actor)
            as_source, n_source = queries.list_events(con, queries.EventFilter(source=actor),
                                                      limit=limit, offset=offset)  # fmt: skip
            as_target, n_target = queries.list_events(con, queries.EventFilter(target=actor),
                                                      limit=limit, offset=offset)  # fmt: skip
        entries = queries.dictionary_entries_for_code(actor)
        if summary["as_source"] + summary["as_target"] == 0 and not entries:
            raise not_found(f"no events and no dictionary entry for actor {actor!r}")
        total = max(n_source, n_target)
        data = {"actor": summary, "dictionary": entries, "counterparts": others,
                "as_source": as_source, "as_target": as_target, "limit": limit,
                "offset": offset, "next": _next_url(request, offset, limit, total),
                "prev": _prev_url(request, offset, limit)}  # fmt: skip
        return page(request, "actor.html", data,
                    extra={"api_url": f"/api/events?actor={actor}"})  # fmt: skip

    # -- coding text ---------------------------------------------------------------------------
    def may_write(request: Request, supplied: str | None) -> str | None:
        """None when this request may save; else why not."""
        if not allow_writes:
            return ("this server is read-only: saving needs `dyad serve --allow-writes` and a"
                    " token (DYAD_TOKEN)")  # fmt: skip
        if not token:
            return "saving is disabled: the server was started without a token (DYAD_TOKEN)"
        candidates = [supplied or ""]
        auth = request.headers.get("authorization", "")
        if auth.lower().startswith("bearer "):
            candidates.append(auth[7:].strip())
        if any(c and hmac.compare_digest(c.encode(), token.encode()) for c in candidates):
            return None
        return ("a valid token is required to save: send it as the form field `token` or as"
                " `Authorization: Bearer TOKEN`")  # fmt: skip

    def code_docs(docs: list[Document]) -> list[Any]:
        return [coder.code(doc) for doc in docs]

    def save(coded: list[Any]) -> int:
        from dyad.store import open_store

        with open_store(db.path) as store:
            run_id = store.start_run("web code")
            store.add_documents([c.doc for c in coded])
            events = [e for c in coded if c.doc.duplicate_of is None for e in c.events]
            store.add_events([c.doc.doc_id for c in coded], events, run_id)
            store.finish_run(run_id, status="done", counts={"documents": len(coded),
                             "new": len(coded), "events": len(events)})  # fmt: skip
        return len(events)

    def coded_json(c: Any) -> dict[str, Any]:
        d = c.doc
        return {"doc": {"doc_id": d.doc_id, "title": d.title, "date": d.date, "place": d.place,
                        "agency": d.agency, "language": d.language, "origin": d.origin},
                "events": [e.to_json() for e in c.events]}  # fmt: skip

    @app.post("/api/code", tags=["coding"], summary="Code a text")
    async def api_code(request: Request, body: CodeRequest) -> Response:
        """Code one article's text into events. With `save: true` (and a server started with
        --allow-writes, and the token) the document and its events are stored."""
        day = parse_date("date", body.date)
        if not body.text.strip():
            raise BadParameter("text: empty")
        if body.save and (why := may_write(request, body.token)):
            return json_response({"detail": why}, 403)
        started = time.perf_counter()
        doc = await run_in_threadpool(_prepare, body.text, day)
        coded = await run_in_threadpool(code_docs, [doc])
        saved = await run_in_threadpool(save, coded) if body.save else None
        result = coded_json(coded[0])
        result.update(saved=body.save, saved_events=saved,
                      elapsed_ms=round((time.perf_counter() - started) * 1000))
        return json_response(result)

    @app.get("/code", include_in_schema=False)
    def code_form(request: Request, format: Fmt = None) -> Response:
        data = {"form": {"text": "", "date": ""}, "results": [], "coder_ready": coder.ready,
                "api": {"method": "POST", "url": "/api/code",
                        "body": {"text": "…", "date": "YYYY-MM-DD", "save": False}}}  # fmt: skip
        return page(request, "code.html", data)

    @app.post("/code", include_in_schema=False)
    async def code_submit(request: Request) -> Response:
        try:
            form = await request.form(max_part_size=MAX_BODY)
        except Exception as exc:
            raise BadParameter(f"could not read the form: {exc}") from None
        text = form.get("text")
        text = text if isinstance(text, str) else ""
        date_value = form.get("date")
        date_str = date_value if isinstance(date_value, str) else ""
        day = parse_date("date", date_str)
        upload = form.get("file")
        wants_save = parse_bool(str(form.get("save") or ""))
        supplied = form.get("token")
        started = time.perf_counter()
        docs: list[Document] = []
        problems: list[str] = []
        if isinstance(upload, UploadFile) and upload.filename:
            data = await upload.read()
            if data:
                docs, problems = await run_in_threadpool(_read_upload, upload.filename, data, day)
        if not docs and not problems:
            if not text.strip():
                raise BadParameter("text: paste an article or choose a file")
            docs = [await run_in_threadpool(_prepare, text, day)]
        coded = await run_in_threadpool(code_docs, docs) if docs else []
        status, message = 200, None
        saved: int | None = None
        if wants_save:
            why = may_write(request, supplied if isinstance(supplied, str) else None)
            if why:
                status, message = 403, why
            elif coded:
                saved = await run_in_threadpool(save, coded)
                message = f"saved {len(coded)} document(s) and {saved} event(s) to the store"
        elapsed = round((time.perf_counter() - started) * 1000)
        if request.query_params.get("format") == "json":
            if status == 403:
                return json_response({"detail": message}, 403)
            return json_response({"results": [coded_json(c) for c in coded], "problems": problems,
                                  "saved_events": saved, "elapsed_ms": elapsed})  # fmt: skip
        results = []
        for c in coded:
            rows = [flatten_event(e) for e in c.events]
            segs, placed = highlight_document(c.doc.text, rows)
            results.append({"doc": c.doc, "segments": segs, "entries": [
                {"event": r, "sentence": highlight_sentence(r),
                 "placed": str(r["event_id"]) in placed} for r in rows]})  # fmt: skip
        context = {"form": {"text": text, "date": date_str}, "results": results,
                   "problems": problems, "message": message, "saved": saved,
                   "elapsed_ms": elapsed, "coder_ready": coder.ready,
                   "json_url": None}  # fmt: skip
        return templates.TemplateResponse(request, "code.html", context, status_code=status)

    # -- status, assets, API docs ---------------------------------------------------------------
    @app.get("/api/status", tags=["status"], summary="Server status")
    def api_status() -> Response:
        """Whether the coder and chart bundle are warm, and the store's counts."""
        with db.connect() as con:
            counts = queries.overview_counts(con)
        return json_response({"version": __version__, "store": str(db.path),
                              "read_only": not allow_writes, "coder_ready": coder.ready,
                              "coder_warm_seconds": coder.warm_seconds,
                              "coder_error": coder.error, "chart_bundle_ready":
                              assets.bundle_ready(), "chart_libraries": assets.versions(),
                              "counts": counts})  # fmt: skip

    @app.get("/vendor/vega-bundle.js", include_in_schema=False)
    async def vega_bundle(request: Request) -> Response:
        body = await run_in_threadpool(assets.vega_bundle)
        etag = '"' + await run_in_threadpool(assets.bundle_etag) + '"'
        if request.headers.get("if-none-match") == etag:
            return Response(status_code=304, headers={"etag": etag})
        return Response(body, media_type="text/javascript; charset=utf-8",
                        headers={"cache-control": "public, max-age=86400", "etag": etag})  # fmt: skip

    @app.get("/favicon.ico", include_in_schema=False)
    def favicon() -> Response:
        return Response((HERE / "static" / "favicon.svg").read_bytes(), media_type="image/svg+xml",
                        headers={"cache-control": "public, max-age=86400"})  # fmt: skip

    @app.get("/docs", include_in_schema=False)
    def api_docs(request: Request, format: Fmt = None) -> Response:
        if request.query_params.get("format") == "json":
            return json_response(app.openapi())
        return templates.TemplateResponse(
            request, "api_docs.html",
            {"operations": _operations(app.openapi()), "json_url": "/openapi.json"},
        )  # fmt: skip

    return app


# -- helpers -------------------------------------------------------------------------------------------
def _num(value: Any, digits: int = 2) -> str:
    if value is None:
        return "–"
    if isinstance(value, float):
        return f"{value:.{digits}f}"
    return str(value)


def _json_url(request: Request) -> str:
    return _relative(request.url.include_query_params(format="json"))


def _relative(url: Any) -> str:
    path = url.path
    return f"{path}?{url.query}" if url.query else str(path)


def _next_url(request: Request, offset: int, limit: int, total: int) -> str | None:
    if offset + limit >= total:
        return None
    return _relative(request.url.include_query_params(offset=offset + limit))


def _prev_url(request: Request, offset: int, limit: int) -> str | None:
    if offset <= 0:
        return None
    return _relative(request.url.include_query_params(offset=max(0, offset - limit)))


def _read_upload(filename: str, data: bytes, day: dt.date | None) -> tuple[list[Document], list[str]]:
    """Documents from an uploaded file, read by dyad's own readers (text, HTML, JSON Lines,
    RSS, WARC…), each prepared; at most MAX_FILE_DOCUMENTS."""
    from dyad.ingest.pipeline import prepare_document
    from dyad.ingest.readers import iter_inputs
    from dyad.models import ReadError

    name = Path(filename).name
    suffix = "".join(Path(name).suffixes[-2:])
    suffix = re.sub(r"[^A-Za-z0-9.]", "", suffix)[:16] or ".txt"
    docs: list[Document] = []
    problems: list[str] = []
    with tempfile.TemporaryDirectory(prefix="dyad-upload-") as tmp:
        path = Path(tmp) / f"upload{suffix}"
        path.write_bytes(data)
        for item in iter_inputs([str(path)], max_bytes=MAX_BODY):
            if isinstance(item, ReadError):
                problems.append(item.describe().replace(str(path), name))
                continue
            if item.date is None:
                item.date = day
            item.origin = item.origin.replace(str(path), name)
            prepared = prepare_document(item)
            if prepared.text:
                docs.append(prepared)
            if len(docs) >= MAX_FILE_DOCUMENTS:
                problems.append(f"{name}: only the first {MAX_FILE_DOCUMENTS} documents coded")
                break
    return docs, problems


def _operations(spec: dict[str, Any]) -> list[dict[str, Any]]:
    """The OpenAPI operations, flattened for the local docs page."""
    out = []
    for path, methods in spec.get("paths", {}).items():
        for method, op in methods.items():
            params = []
            for p in op.get("parameters", []):
                schema = p.get("schema", {})
                kinds = [s.get("type") for s in schema.get("anyOf", [schema]) if s.get("type")]
                params.append({"name": p["name"], "in": p["in"], "required": p.get("required"),
                               "type": " | ".join(k for k in kinds if k != "null") or "string",
                               "default": schema.get("default"),
                               "description": p.get("description", "")})  # fmt: skip
            body = op.get("requestBody", {}).get("content", {})
            body_ref = ""
            for media in body.values():
                body_ref = media.get("schema", {}).get("$ref", "").rsplit("/", 1)[-1]
            body_schema = spec.get("components", {}).get("schemas", {}).get(body_ref, {})
            out.append({"path": path, "method": method.upper(), "summary": op.get("summary", ""),
                        "description": op.get("description", ""), "params": params,
                        "tag": (op.get("tags") or [""])[0], "body": body_ref,
                        "body_fields": body_schema.get("properties", {}),
                        "tryable": method == "get" and "{" not in path})  # fmt: skip
    return out


__all__ = ["MAX_BODY", "Segment", "create_app"]
