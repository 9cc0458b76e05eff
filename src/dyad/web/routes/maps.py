"""The world map: boundaries served from the package (offline), the map's data and spec as JSON."""

from __future__ import annotations

import datetime as dt
import json
from functools import cache
from typing import Annotated, Any

from fastapi import APIRouter, Query
from fastapi.responses import Response

from dyad.web.context import WebDep, json_response
from dyad.web.params import OptCode, Window

router = APIRouter(tags=["map"])
TOPOLOGY_URL = "/geo/world-110m.json"


@cache
def _topology_bytes() -> bytes:
    from dyad.geo import world_topology

    return json.dumps(world_topology(), separators=(",", ":")).encode("utf-8")


@router.get(TOPOLOGY_URL, include_in_schema=False)
def world_boundaries() -> Response:
    """Natural Earth 1:110m countries (TopoJSON), shipped in dyad's package data."""
    return Response(_topology_bytes(), media_type="application/json",
                    headers={"Cache-Control": "public, max-age=86400"})  # fmt: skip


def page_map(con: Any, *, dyad: tuple[str, str] | None = None, start: dt.date | None = None,
             end: dt.date | None = None, shade: str = "events", count: str = "events") -> dict[str, Any]:  # fmt: skip
    """The Vega-Lite spec of the map for a page (boundaries from this server)."""
    from dyad.analysis.maps import map_data, map_spec

    data = map_data(con, dyad=dyad, start=start, end=end, count=count)
    return map_spec(data, shade=shade, topology_url=TOPOLOGY_URL)


@router.get("/api/map", summary="Events on a world map")
def api_map(
    web: WebDep, window: Window,
    a: Annotated[OptCode, Query(description="one side of a dyad (PAK, PAKGOV)")] = None,
    b: Annotated[OptCode, Query(description="the other side")] = None,
    shade: Annotated[str, Query(pattern="^(events|goldstein)$")] = "events",
    count: Annotated[str, Query(pattern="^(events|mentions|daily)$")] = "events",
) -> Response:  # fmt: skip
    """Events per country (as source or target) with mean Goldstein, events per place with
    coordinates, and the Vega-Lite spec of the map; `a` and `b` narrow it to one dyad."""
    from dyad.analysis.maps import map_data, map_spec

    pair = (a, b) if a and b else None
    with web.db.connect() as con:
        data = map_data(con, dyad=pair, start=window.start, end=window.end, count=count)
    return json_response({**data, "spec": map_spec(data, shade=shade, topology_url=TOPOLOGY_URL)})
