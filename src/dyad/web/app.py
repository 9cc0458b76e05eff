"""The dyad web app: server-rendered pages over a store, each with a JSON twin, and a JSON API.

`create_app(db_path)` builds the FastAPI app from the routers in `dyad.web.routes`. Safe by
default: the store is opened read-only (one short-lived connection per request, so other
processes can write between requests); nothing is written unless the app was created with
`allow_writes=True` *and* the request carries the token; request bodies are capped; every
asset (CSS, JS, the Vega chart libraries, the API docs page) is served by the app itself.
"""

from __future__ import annotations

import json
import threading
from collections.abc import AsyncIterator, Callable, Sequence
from contextlib import AbstractAsyncContextManager, asynccontextmanager
from pathlib import Path

from fastapi import FastAPI, Request
from fastapi.encoders import jsonable_encoder
from fastapi.exceptions import RequestValidationError
from fastapi.responses import Response
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException
from starlette.middleware.trustedhost import TrustedHostMiddleware

from dyad._version import __version__
from dyad.web import assets
from dyad.web.context import (
    HERE,
    CoderHolder,
    Database,
    Settings,
    StoreBusy,
    StoreUnavailable,
    Web,
    get_web,
    make_templates,
)
from dyad.web.highlight import Segment
from dyad.web.middleware import MAX_BODY, BodyLimitMiddleware, SecurityHeadersMiddleware
from dyad.web.params import describe_errors
from dyad.web.routes import ROUTERS


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
    settings = Settings(allow_writes=allow_writes, token=token, max_body=max_body)
    web = Web(db=Database(Path(db_path), writable=allow_writes), coder=CoderHolder(),
              templates=make_templates(settings), settings=settings)  # fmt: skip
    app = FastAPI(
        title="dyad",
        version=__version__,
        description="Political event data coded from news: who did what to whom.",
        docs_url=None,
        redoc_url=None,
        lifespan=_lifespan(web, warm),
    )
    app.state.web = web
    app.state.db = web.db
    app.state.coder = web.coder
    app.state.allow_writes = allow_writes
    app.add_middleware(BodyLimitMiddleware, max_bytes=max_body)
    app.add_middleware(SecurityHeadersMiddleware)
    if allowed_hosts:
        app.add_middleware(TrustedHostMiddleware, allowed_hosts=list(allowed_hosts))
    app.mount("/static", StaticFiles(directory=str(HERE / "static")), name="static")
    _add_error_handlers(app)
    for router in ROUTERS:
        app.include_router(router)
    return app


def _lifespan(web: Web, warm: bool) -> Callable[[FastAPI], AbstractAsyncContextManager[None]]:
    @asynccontextmanager
    async def lifespan(_: FastAPI) -> AsyncIterator[None]:
        if warm:
            threading.Thread(target=assets.vega_bundle, name="dyad-warm-vega", daemon=True).start()
            threading.Thread(target=web.coder.warm, name="dyad-warm-coder", daemon=True).start()
        yield

    return lifespan


def _add_error_handlers(app: FastAPI) -> None:
    """Errors answer as the request would have: JSON for the API and JSON twins, else a page."""

    @app.exception_handler(RequestValidationError)
    async def on_validation(request: Request, exc: RequestValidationError) -> Response:
        errors = exc.errors()
        return get_web(request).error(request, 400, describe_errors(errors),
                                      errors=jsonable_encoder(errors, exclude={"input", "ctx", "url"}))  # fmt: skip

    @app.exception_handler(HTTPException)
    async def on_http(request: Request, exc: HTTPException) -> Response:
        detail = exc.detail if isinstance(exc.detail, str) else json.dumps(exc.detail)
        if exc.status_code == 404 and detail == "Not Found":
            detail = f"no page at {request.url.path}"
        return get_web(request).error(request, exc.status_code, detail)

    @app.exception_handler(StoreUnavailable)
    async def on_store(request: Request, exc: StoreUnavailable) -> Response:
        if isinstance(exc, StoreBusy):
            return get_web(request).busy(request, str(exc))
        return get_web(request).error(request, 503, str(exc))


__all__ = ["MAX_BODY", "Segment", "StoreUnavailable", "create_app"]
