"""The server's status, its own assets (chart bundle, favicon) and the local API docs."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import Response
from starlette.concurrency import run_in_threadpool

from dyad._version import __version__
from dyad.web import assets, queries
from dyad.web.context import HERE, WebDep, json_response

router = APIRouter()


@router.get("/api/status", tags=["status"], summary="Server status")
def api_status(web: WebDep) -> Response:
    """Whether the coder and chart bundle are warm, and the store's counts."""
    with web.db.connect() as con:
        counts = queries.overview_counts(con)
    return json_response({"version": __version__, "store": str(web.db.path),
                          "read_only": not web.settings.allow_writes,
                          "coder_ready": web.coder.ready,
                          "coder_warm_seconds": web.coder.warm_seconds,
                          "coder_error": web.coder.error, "chart_bundle_ready":
                          assets.bundle_ready(), "chart_libraries": assets.versions(),
                          "counts": counts})  # fmt: skip


@router.get("/vendor/vega-bundle.js", include_in_schema=False)
async def vega_bundle(request: Request) -> Response:
    body = await run_in_threadpool(assets.vega_bundle)
    etag = '"' + await run_in_threadpool(assets.bundle_etag) + '"'
    if request.headers.get("if-none-match") == etag:
        return Response(status_code=304, headers={"etag": etag})
    return Response(body, media_type="text/javascript; charset=utf-8",
                    headers={"cache-control": "public, max-age=86400", "etag": etag})  # fmt: skip


@router.get("/favicon.ico", include_in_schema=False)
def favicon() -> Response:
    return Response((HERE / "static" / "favicon.svg").read_bytes(), media_type="image/svg+xml",
                    headers={"cache-control": "public, max-age=86400"})  # fmt: skip


@router.get("/docs", include_in_schema=False)
def api_docs(request: Request, web: WebDep) -> Response:
    spec = request.app.openapi()
    if request.query_params.get("format") == "json":
        return json_response(spec)
    return web.templates.TemplateResponse(
        request, "api_docs.html", {"operations": operations(spec), "json_url": "/openapi.json"},
    )  # fmt: skip


def operations(spec: dict[str, Any]) -> list[dict[str, Any]]:
    """The OpenAPI operations, flattened for the local docs page."""
    out = []
    for path, methods in spec.get("paths", {}).items():
        for method, op in methods.items():
            body = op.get("requestBody", {}).get("content", {})
            body_ref = ""
            for media in body.values():
                body_ref = media.get("schema", {}).get("$ref", "").rsplit("/", 1)[-1]
            body_schema = spec.get("components", {}).get("schemas", {}).get(body_ref, {})
            out.append({"path": path, "method": method.upper(), "summary": op.get("summary", ""),
                        "description": op.get("description", ""),
                        "params": [_parameter(p) for p in op.get("parameters", [])],
                        "tag": (op.get("tags") or [""])[0], "body": body_ref,
                        "body_fields": body_schema.get("properties", {}),
                        "tryable": method == "get" and "{" not in path})  # fmt: skip
    return out


def _parameter(p: dict[str, Any]) -> dict[str, Any]:
    schema = p.get("schema", {})
    kinds = [s.get("type") for s in schema.get("anyOf", [schema]) if s.get("type")]
    return {"name": p["name"], "in": p["in"], "required": p.get("required"),
            "type": " | ".join(k for k in kinds if k != "null") or "string",
            "default": schema.get("default"), "description": p.get("description", "")}  # fmt: skip
