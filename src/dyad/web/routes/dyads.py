"""A dyad over time (page and API) and the top dyads."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import Response

from dyad.web import queries
from dyad.web.context import Web, WebDep, json_response, next_url, prev_url
from dyad.web.params import (
    MAX_LIMIT,
    ActorCode,
    CountQ,
    DateRange,
    DirectedQ,
    FreqQ,
    Limit,
    ModeQ,
    Offset,
    QuadQ,
    Window,
)
from dyad.web.routes.maps import page_map

router = APIRouter(tags=["dyads"])


@dataclass(frozen=True)
class DyadQuery:
    a: str
    b: str
    window: DateRange
    quad_class: int | None
    mode: str | None
    freq: str
    directed: bool
    limit: int
    offset: int
    count: str


def dyad_query(
    a: ActorCode, b: ActorCode, window: Window, quad_class: QuadQ = None, mode: ModeQ = None,
    freq: FreqQ = "month", directed: DirectedQ = None, limit: Limit = 50, offset: Offset = 0,
    count: CountQ = None,
) -> DyadQuery:  # fmt: skip
    return DyadQuery(a, b, window, quad_class, mode, freq or "month", bool(directed), limit, offset,
                     count or "events")  # fmt: skip


Dyad = Annotated[DyadQuery, Depends(dyad_query)]


@router.get("/dyad/{a}/{b}", include_in_schema=False)
def dyad_page(request: Request, web: WebDep, q: Dyad) -> Response:
    data = dyad_data(request, web, q)
    api = request.url_for("api_dyad", a=data["a"], b=data["b"]).include_query_params(
        **{k: v for k, v in request.query_params.items() if k != "format"})  # fmt: skip
    return web.page(request, "dyad.html", data, extra={"api_url": str(api)})


@router.get("/api/dyad/{a}/{b}", name="api_dyad", summary="A dyad over time")
def api_dyad(request: Request, web: WebDep, q: Dyad) -> Response:
    """Time series of a dyad (events per period by quad class, Goldstein mean and sum,
    cooperation–conflict index), its Vega-Lite chart spec and a page of its events."""
    return json_response(dyad_data(request, web, q))


def dyad_data(request: Request, web: Web, q: DyadQuery) -> dict[str, Any]:
    start, end = q.window.start, q.window.end
    flt = queries.EventFilter(a=q.a, b=q.b, directed=q.directed, date_from=start, date_to=end,
                              quad_class=q.quad_class, mode=q.mode)  # fmt: skip
    with web.db.connect() as con:
        series = queries.relations(con, q.a, q.b, start=start, end=end, freq=q.freq,
                                   both_directions=not q.directed, quad_class=q.quad_class,
                                   mode=q.mode, count=q.count)  # fmt: skip
        undated = queries.undated_events(con, q.a, q.b, both_directions=not q.directed,
                                         quad_class=q.quad_class, mode=q.mode, count=q.count)  # fmt: skip
        events, total = queries.list_events(con, flt, limit=q.limit, offset=q.offset)
        pledges = queries.commitments(con, q.a, q.b, start=start, end=end,
                                      both_directions=not q.directed)  # fmt: skip
        world = page_map(con, dyad=(q.a, q.b), start=start, end=end, count=q.count)
    totals = {f"q{i}": sum(int(r.get(f"q{i}") or 0) for r in series) for i in (1, 2, 3, 4)}
    return {
        "a": q.a, "b": q.b, "directed": q.directed, "freq": q.freq,
        "filters": {"from": start, "to": end, "quad_class": q.quad_class, "mode": q.mode, "count": q.count},
        "series": series, "series_source": "analysis", "quad_totals": totals, "undated": undated,
        "chart": queries.chart_spec(series, q.a, q.b, undated), "map": world,
        "commitments": pledges,
        "events": events, "total": total, "limit": q.limit, "offset": q.offset,
        "next": next_url(request, q.offset, q.limit, total),
        "prev": prev_url(request, q.offset, q.limit),
    }  # fmt: skip


@router.get("/api/dyads", summary="Top dyads")
def api_dyads(web: WebDep, window: Window,
              limit: Annotated[int, Query(ge=1, le=MAX_LIMIT)] = 20) -> Response:  # fmt: skip
    """Country pairs with the most events (either direction)."""
    with web.db.connect() as con:
        found = queries.top_dyads(con, limit=limit, start=window.start, end=window.end)
    for r in found:
        r["url"] = f"/dyad/{r['a']}/{r['b']}"
    return json_response({"rows": found, "total": len(found)})
