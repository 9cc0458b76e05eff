"""Coding text: the form (paste or upload) and the API; saving needs writes and the token."""

from __future__ import annotations

import datetime as dt
import hmac
import re
import tempfile
import time
from pathlib import Path
from typing import Annotated, Any

from fastapi import APIRouter, File, Form, HTTPException, Request, UploadFile
from fastapi.responses import Response
from pydantic import AfterValidator, BaseModel, Field
from starlette.concurrency import run_in_threadpool

from dyad.models import Document
from dyad.web.context import Web, WebDep, json_response, prepare
from dyad.web.highlight import flatten_event, highlight_document, highlight_sentence
from dyad.web.middleware import MAX_BODY
from dyad.web.params import OptDate

MAX_FILE_DOCUMENTS = 20  # documents coded from one uploaded file

router = APIRouter(tags=["coding"])


def _not_blank(text: str) -> str:
    if not text.strip():
        raise ValueError("empty")
    return text


class CodeRequest(BaseModel):
    text: Annotated[str, AfterValidator(_not_blank)] = Field(description="the article text",
                                                             max_length=MAX_BODY)  # fmt: skip
    date: OptDate = Field(default=None, description="publication date, YYYY-MM-DD")
    save: bool = Field(default=False, description="store the document and its events")
    token: str | None = Field(default=None, description="write token (or Authorization: Bearer)")


@router.post("/api/code", summary="Code a text")
async def api_code(request: Request, web: WebDep, body: CodeRequest) -> Response:
    """Code one article's text into events. With `save: true` (and a server started with
    --allow-writes, and the token) the document and its events are stored."""
    if body.save and (why := may_write(request, web, body.token)):
        return json_response({"detail": why}, 403)
    started = time.perf_counter()
    doc = await run_in_threadpool(prepare, body.text, body.date)
    coded = await run_in_threadpool(code_docs, web, [doc])
    saved = await run_in_threadpool(store_coded, web, coded) if body.save else None
    result = coded_json(coded[0])
    result.update(saved=body.save, saved_events=saved,
                  elapsed_ms=round((time.perf_counter() - started) * 1000))
    return json_response(result)


@router.get("/code", include_in_schema=False)
def code_form(request: Request, web: WebDep) -> Response:
    data = {"form": {"text": "", "date": ""}, "results": [], "coder_ready": web.coder.ready,
            "api": {"method": "POST", "url": "/api/code",
                    "body": {"text": "…", "date": "YYYY-MM-DD", "save": False}}}  # fmt: skip
    return web.page(request, "code.html", data)


@router.post("/code", include_in_schema=False, form_limits={"max_part_size": MAX_BODY})
async def code_submit(
    request: Request, web: WebDep, text: Annotated[str, Form()] = "",
    date: Annotated[OptDate, Form()] = None, save: Annotated[bool, Form()] = False,
    token: Annotated[str | None, Form()] = None, file: Annotated[UploadFile | None, File()] = None,
) -> Response:  # fmt: skip
    started = time.perf_counter()
    docs, problems = await _documents(text, date, file)
    coded = await run_in_threadpool(code_docs, web, docs) if docs else []
    status, message, saved = 200, None, None
    if save:
        if why := may_write(request, web, token):
            status, message = 403, why
        elif coded:
            saved = await run_in_threadpool(store_coded, web, coded)
            message = f"saved {len(coded)} document(s) and {saved} event(s) to the store"
    elapsed = round((time.perf_counter() - started) * 1000)
    if request.query_params.get("format") == "json":
        if status == 403:
            return json_response({"detail": message}, 403)
        return json_response({"results": [coded_json(c) for c in coded], "problems": problems,
                              "saved_events": saved, "elapsed_ms": elapsed})  # fmt: skip
    context = {"form": {"text": text, "date": date.isoformat() if date else ""},
               "results": [_highlighted(c) for c in coded], "problems": problems,
               "message": message, "saved": saved, "elapsed_ms": elapsed,
               "coder_ready": web.coder.ready, "json_url": None}  # fmt: skip
    return web.templates.TemplateResponse(request, "code.html", context, status_code=status)


async def _documents(text: str, date: dt.date | None,
                     file: UploadFile | None) -> tuple[list[Document], list[str]]:  # fmt: skip
    """The uploaded file's documents, or else the pasted text as one."""
    if file is not None and file.filename:
        data = await file.read()
        if data:
            docs, problems = await run_in_threadpool(read_upload, file.filename, data, date)
            if docs or problems:
                return docs, problems
    if not text.strip():
        raise HTTPException(400, "text: paste an article or choose a file")
    return [await run_in_threadpool(prepare, text, date)], []


def may_write(request: Request, web: Web, supplied: str | None) -> str | None:
    """None when this request may save; else why not."""
    token = web.settings.token
    if not web.settings.allow_writes:
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


def code_docs(web: Web, docs: list[Document]) -> list[Any]:
    return [web.coder.code(doc) for doc in docs]


def store_coded(web: Web, coded: list[Any]) -> int:
    """Save the coded documents and their events (the run path's one transaction); the
    number of events saved."""
    from dyad.run import save_coded
    from dyad.store import open_store

    with open_store(web.db.path) as store:
        return save_coded(store, coded, "web save").stored_events


def coded_json(c: Any) -> dict[str, Any]:
    d = c.doc
    return {"doc": {"doc_id": d.doc_id, "title": d.title, "date": d.date, "place": d.place,
                    "agency": d.agency, "language": d.language, "origin": d.origin},
            "events": [e.to_json() for e in c.events]}  # fmt: skip


def _highlighted(c: Any) -> dict[str, Any]:
    """One coded document for the form's page: its text with the events marked."""
    rows = [flatten_event(e) for e in c.events]
    segs, placed = highlight_document(c.doc.text, rows)
    return {"doc": c.doc, "segments": segs, "entries": [
        {"event": r, "sentence": highlight_sentence(r),
         "placed": str(r["event_id"]) in placed} for r in rows]}  # fmt: skip


def read_upload(filename: str, data: bytes, day: dt.date | None) -> tuple[list[Document], list[str]]:
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
