"""The overview page: counts, top dyads and actors, recent events and documents."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import Response

from dyad.follow.state import source_overview
from dyad.web import queries
from dyad.web.context import Web, WebDep
from dyad.web.routes.maps import page_map

router = APIRouter()


@router.get("/", include_in_schema=False)
def overview(request: Request, web: WebDep) -> Response:
    return web.page(request, "index.html", overview_data(web))


def overview_data(web: Web) -> dict[str, Any]:
    with web.db.connect() as con:
        counts = queries.overview_counts(con)
        dyads = queries.top_dyads(con, limit=12)
        actors = queries.top_actors(con, limit=12)
        recent, _ = queries.list_events(con, queries.EventFilter(), limit=15)
        documents, _ = queries.list_documents(con, limit=8, offset=0)
        analysis_top = queries.external_top(con, 12)
        followed = source_overview(con)  # `dyad follow`: last fetch and error rate per source
        world = page_map(con)
    data = {"counts": counts, "top_dyads": dyads, "top_actors": actors,
            "recent_events": recent, "recent_documents": documents, "map": world}  # fmt: skip
    if followed:
        data["sources"] = followed
    if analysis_top is not None:
        data["analysis_top"] = analysis_top
    return data
