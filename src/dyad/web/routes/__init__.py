"""The web app's routes, one router per page group; `create_app` includes `ROUTERS` in order."""

from __future__ import annotations

from fastapi import APIRouter

from dyad.web.routes import actors, coding, documents, dyads, events, meta, overview, sources

ROUTERS: tuple[APIRouter, ...] = (
    overview.router, dyads.router, events.router, documents.router, actors.router,
    coding.router, sources.router, meta.router,
)  # fmt: skip
