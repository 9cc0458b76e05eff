"""The web app's routes, one router per page group; `create_app` includes `ROUTERS` in order."""

from __future__ import annotations

from fastapi import APIRouter

from dyad.web.routes import actors, coding, documents, dyads, events, maps, meta, overview, sources

ROUTERS: tuple[APIRouter, ...] = (
    overview.router, dyads.router, events.router, documents.router, actors.router,
    coding.router, sources.router, maps.router, meta.router,
)  # fmt: skip
