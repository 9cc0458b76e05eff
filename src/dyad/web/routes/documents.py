"""Documents: the list and one document with its events highlighted."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import Response

from dyad.web import queries
from dyad.web.context import Web, WebDep, json_response, next_url, prev_url
from dyad.web.highlight import highlight_document, highlight_sentence
from dyad.web.params import Limit, Offset, is_id

router = APIRouter(tags=["documents"])


@router.get("/doc/{doc_id}", include_in_schema=False)
def doc_page(request: Request, web: WebDep, doc_id: str) -> Response:
    data = document_data(web, doc_id)
    view = doc_view(data["document"], data["events"], None)
    return web.page(request, "doc.html", data, extra={**view, "current": None, "event": None,
                    "api_url": f"/api/documents/{data['document']['doc_id']}"})  # fmt: skip


@router.get("/api/documents/{doc_id}", summary="One document")
def api_document(web: WebDep, doc_id: str) -> Response:
    """One document (by id or a unique prefix of at least 4 characters) and its events."""
    return json_response(document_data(web, doc_id))


@router.get("/api/documents", summary="Documents")
def api_documents(request: Request, web: WebDep, limit: Limit = 100, offset: Offset = 0) -> Response:
    """Stored documents (without their text), newest first."""
    data = documents_data(request, web, limit, offset)
    data.pop("prev")
    return json_response(data)


@router.get("/documents", include_in_schema=False)
def documents_page(request: Request, web: WebDep, limit: Limit = 50, offset: Offset = 0) -> Response:
    return web.page(request, "documents.html", documents_data(request, web, limit, offset))


def document_data(web: Web, doc_id: str) -> dict[str, Any]:
    with web.db.connect() as con:
        document = queries.get_document(con, doc_id) if is_id(doc_id) else None
        if document is None:
            raise HTTPException(404, f"no document {doc_id!r}")
        return {"document": document, "events": queries.document_events(con, document["doc_id"])}


def doc_view(document: dict[str, Any] | None, events: list[dict[str, Any]],
             current: str | None) -> dict[str, Any]:  # fmt: skip
    """A document's text with its events marked, and the events beside it."""
    text = str((document or {}).get("text") or "")
    segs, placed = highlight_document(text, events, current)
    items = [{"event": e, "sentence": highlight_sentence(e),
              "placed": str(e.get("event_id")) in placed} for e in events]  # fmt: skip
    return {"segments": segs, "items": items}


def documents_data(request: Request, web: Web, limit: int, offset: int) -> dict[str, Any]:
    with web.db.connect() as con:
        found, total = queries.list_documents(con, limit=limit, offset=offset)
    return {"rows": found, "total": total, "limit": limit, "offset": offset,
            "next": next_url(request, offset, limit, total),
            "prev": prev_url(request, offset, limit)}  # fmt: skip
