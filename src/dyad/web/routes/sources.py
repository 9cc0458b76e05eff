"""Followed sources (`dyad follow`): last fetch and error rate per source, the last errors."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import Response

from dyad.follow.state import recent_errors, source_overview
from dyad.web.context import Web, WebDep, json_response

router = APIRouter(tags=["sources"])
RECENT_ERRORS = 30


@router.get("/sources", include_in_schema=False)
def sources_page(request: Request, web: WebDep) -> Response:
    return web.page(request, "sources.html", sources_data(web))


@router.get("/api/sources", summary="Followed sources")
def api_sources(web: WebDep) -> Response:
    """Each source `dyad follow` reads: last fetch, its HTTP status, passes, requests, error
    rate, articles and events; and the last fetch errors (URL, status, reason)."""
    return json_response(sources_data(web))


def sources_data(web: Web) -> dict[str, Any]:
    with web.db.connect() as con:
        return {"sources": source_overview(con), "errors": recent_errors(con, RECENT_ERRORS)}
