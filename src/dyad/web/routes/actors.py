"""Actors: search (events and the packaged dictionary) and one actor's page."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, HTTPException, Query, Request
from fastapi.responses import Response

from dyad.web import queries
from dyad.web.context import Web, WebDep, json_response, next_url, prev_url
from dyad.web.params import ActorCode, Limit, Offset

router = APIRouter(tags=["actors"])

ActorQ = Annotated[str, Query(max_length=100, description="name or code")]


@router.get("/api/actors", summary="Actor search")
def api_actors(web: WebDep, q: ActorQ = "") -> Response:
    """Actors whose code or name contains `q`: codes seen in events (with counts) and
    entries of the packaged actor dictionary."""
    return json_response(actors_data(web, q))


@router.get("/actors", include_in_schema=False)
def actors_page(request: Request, web: WebDep, q: ActorQ = "") -> Response:
    return web.page(request, "actors.html", actors_data(web, q))


def actors_data(web: Web, q: str) -> dict[str, Any]:
    query = q.strip()
    with web.db.connect() as con:
        if not query:
            return {"q": "", "events": queries.top_actors(con, limit=30), "dictionary": []}
        seen = queries.search_event_actors(con, query, limit=50)
    return {"q": query, "events": seen, "dictionary": queries.search_dictionary(query)}


@router.get("/actor/{code}", include_in_schema=False)
def actor_page(request: Request, web: WebDep, code: ActorCode, limit: Limit = 50,
               offset: Offset = 0) -> Response:  # fmt: skip
    with web.db.connect() as con:
        summary = queries.actor_summary(con, code)
        others = queries.counterparts(con, code)
        as_source, n_source = queries.list_events(con, queries.EventFilter(source=code),
                                                  limit=limit, offset=offset)  # fmt: skip
        as_target, n_target = queries.list_events(con, queries.EventFilter(target=code),
                                                  limit=limit, offset=offset)  # fmt: skip
    entries = queries.dictionary_entries_for_code(code)
    if summary["as_source"] + summary["as_target"] == 0 and not entries:
        raise HTTPException(404, f"no events and no dictionary entry for actor {code!r}")
    total = max(n_source, n_target)
    data = {"actor": summary, "dictionary": entries, "counterparts": others,
            "as_source": as_source, "as_target": as_target, "limit": limit,
            "offset": offset, "next": next_url(request, offset, limit, total),
            "prev": prev_url(request, offset, limit)}  # fmt: skip
    return web.page(request, "actor.html", data, extra={"api_url": f"/api/events?actor={code}"})
