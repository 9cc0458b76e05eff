"""Events: the filtered, paginated list (API) and one event within its document."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import Response

from dyad.web import queries
from dyad.web.context import Web, WebDep, json_response, next_url
from dyad.web.params import EventQuery, Limit, Offset, is_id
from dyad.web.routes.documents import doc_view

router = APIRouter(tags=["events"])


@router.get("/api/events", summary="Events, filtered and paginated")
def api_events(request: Request, web: WebDep, flt: EventQuery, limit: Limit = 100,
               offset: Offset = 0) -> Response:  # fmt: skip
    """Events, newest first, filtered; `next` links the following page."""
    with web.db.connect() as con:
        found, total = queries.list_events(con, flt, limit=limit, offset=offset)
    return json_response({"rows": found, "total": total, "limit": limit, "offset": offset,
                          "next": next_url(request, offset, limit, total)})  # fmt: skip


@router.get("/api/events/{event_id}", summary="One event")
def api_event(web: WebDep, event_id: str) -> Response:
    """One event, with its document's metadata."""
    return json_response(event_data(web, event_id))


@router.get("/event/{event_id}", include_in_schema=False)
def event_page(request: Request, web: WebDep, event_id: str) -> Response:
    data = event_data(web, event_id)
    view = doc_view(data["document"], data["events"], event_id)
    return web.page(request, "doc.html", data, extra={**view, "current": event_id,
                    "api_url": f"/api/events/{event_id}"})  # fmt: skip


def event_data(web: Web, event_id: str) -> dict[str, Any]:
    """The event, its document (None if gone) and the document's events."""
    with web.db.connect() as con:
        event = queries.get_event(con, event_id) if is_id(event_id) else None
        if event is None:
            raise HTTPException(404, f"no event {event_id!r}")
        doc_id = event["doc_id"]
        return {"event": event, "document": queries.get_document(con, doc_id),
                "events": queries.document_events(con, doc_id)}  # fmt: skip
