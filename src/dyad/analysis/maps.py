"""A world map of events: countries shaded by how many events their actors took part in (or by the
mean Goldstein score of those events), events drawn as points at their places' coordinates.

`map_data` reads the store (optionally one dyad, a date window, a `--count`); `map_chart` draws it
with Altair on the world boundaries shipped in `dyad/data/geo/` (Natural Earth 1:110m), so maps are
made offline: inline in PNG/SVG/HTML files, or read from the web server's own `/geo/world-110m.json`.
An event counts for its source's and its target's country (once when both are the same).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import altair as alt

from dyad.analysis.relations import date_condition, dyad_condition, mode_condition
from dyad.analysis.stories import DEFAULT_COUNT, counted_events
from dyad.geo import country_codes, shape_key, world_topology
from dyad.store.load import EventsInput, events_source

SHADES = ("events", "goldstein")
WIDTH, HEIGHT = 760, 400
MAX_POINTS = 400  # places drawn as points; the busiest first


def map_data(
    con: EventsInput,
    *,
    dyad: tuple[str, str] | None = None,
    start: dt.date | None = None,
    end: dt.date | None = None,
    count: str = DEFAULT_COUNT,
) -> dict[str, Any]:
    """{"countries": [{iso3, key, name, events, goldstein_mean}], "points": [{place, country, lat,
    lon, events, example}]} for the events selected (negated and hypothetical ones left out)."""
    # Undated events have a place in space if not in time: they count unless a window is asked for.
    parts = [date_condition(start, end) if start or end else ("TRUE", []), mode_condition(False)]
    if dyad:
        parts.append(dyad_condition(dyad[0], dyad[1], True))
    where = " AND ".join(f"({sql})" for sql, _ in parts)
    params = [p for _, ps in parts for p in ps]
    with events_source(con) as db:
        table = counted_events(db, count)
        countries = db.execute(_COUNTRIES_SQL.format(table=table, where=where), params + params).fetchall()
        points = db.execute(_POINTS_SQL.format(table=table, where=where), [*params, MAX_POINTS]).fetchall()
    return {"countries": _countries(countries), "points": [_point(*p) for p in points]}


_COUNTRIES_SQL = (
    "WITH sides AS (SELECT source_country AS iso3, goldstein, event_id FROM {table} WHERE {where}"
    " UNION SELECT target_country, goldstein, event_id FROM {table} WHERE {where})"
    " SELECT iso3, count(*) AS n, avg(goldstein) AS g FROM sides WHERE iso3 IS NOT NULL"
    " GROUP BY iso3 ORDER BY n DESC, iso3"
)
_POINTS_SQL = (
    "SELECT place, place_country, latitude, longitude, count(*) AS n,"
    " arg_max(coalesce(source_name, source_code, '?') || ' — ' || cameo_name || ' — '"
    " || coalesce(target_name, target_code, '?') || coalesce(' (' || CAST(date AS VARCHAR) || ')', ''), confidence)"
    " FROM {table} WHERE {where} AND latitude IS NOT NULL AND longitude IS NOT NULL"
    " GROUP BY ALL ORDER BY n DESC, place LIMIT ?"
)


def _countries(rows: list[tuple[Any, ...]]) -> list[dict[str, Any]]:
    codes = country_codes()
    out = []
    for iso3, n, g in rows:
        key = shape_key(iso3)
        if key is None:  # IGO, NGO, "---": no shape on a map
            continue
        name = codes[iso3].name
        out.append({"iso3": iso3, "key": key, "name": name, "events": n,
                    "goldstein_mean": None if g is None else round(float(g), 2)})  # fmt: skip
    return out


def _point(place: Any, country: Any, lat: Any, lon: Any, n: int, example: Any) -> dict[str, Any]:
    return {"place": place or country, "country": country, "lat": float(lat), "lon": float(lon),
            "events": n, "example": example}  # fmt: skip


def map_chart(data: dict[str, Any], *, shade: str = "events", title: str = "",
              topology_url: str | None = None) -> alt.TopLevelMixin:  # fmt: skip
    """Countries shaded by `shade` (events or goldstein) and events as points with tooltips.

    With `topology_url` the boundaries are read from there (the web app's own route); without,
    they are inlined, which makes a file that opens offline."""
    if shade not in SHADES:
        raise ValueError(f"shade {shade!r}: use events or goldstein")
    fmt = alt.DataFormat(type="topojson", feature="countries")  # type: ignore[no-untyped-call]
    world: alt.UrlData | alt.InlineData = (
        alt.UrlData(topology_url, format=fmt) if topology_url else alt.InlineData(values=world_topology(), format=fmt)
    )
    keyed = alt.Chart(world).transform_calculate(key="datum.id ? datum.id : datum.properties.name")
    land = keyed.mark_geoshape(fill="#eceff1", stroke="#ffffff", strokeWidth=0.4)
    shaded = (
        keyed.transform_lookup(lookup="key", from_=alt.LookupData(alt.InlineData(values=data["countries"]), key="key",
                                                                   fields=["name", "events", "goldstein_mean"]))
        .transform_filter("isValid(datum.events)")
        .mark_geoshape(stroke="#ffffff", strokeWidth=0.4)
        .encode(color=_colour(shade), tooltip=[alt.Tooltip("name:N", title="country"),
                                               alt.Tooltip("events:Q", title="events"),
                                               alt.Tooltip("goldstein_mean:Q", title="mean Goldstein")])
    )  # fmt: skip
    points = (
        alt.Chart(alt.InlineData(values=data["points"]))
        .mark_circle(color="#283593", opacity=0.75, stroke="#ffffff", strokeWidth=0.5)
        .encode(longitude="lon:Q", latitude="lat:Q",
                size=alt.Size("events:Q", title="events at a place", scale=alt.Scale(range=[30, 400]),
                              legend=alt.Legend(format="d", tickMinStep=1)),
                tooltip=[alt.Tooltip("place:N"), alt.Tooltip("events:Q"), alt.Tooltip("example:N", title="event")])
    )  # fmt: skip
    chart = alt.layer(land, shaded, points).project(type="equalEarth")
    return chart.properties(width=WIDTH, height=HEIGHT, title=title or "events by country and place")


def _colour(shade: str) -> alt.Color:
    if shade == "goldstein":
        return alt.Color("goldstein_mean:Q", title="mean Goldstein",
                         scale=alt.Scale(scheme="redyellowgreen", domain=[-10, 10]))  # fmt: skip
    return alt.Color("events:Q", title="events", scale=alt.Scale(scheme="blues", type="sqrt"))


def map_spec(data: dict[str, Any], *, shade: str = "events", title: str = "",
             topology_url: str | None = None) -> dict[str, Any]:  # fmt: skip
    """The map as a Vega-Lite JSON specification (for vega-embed)."""
    return map_chart(data, shade=shade, title=title, topology_url=topology_url).to_dict()
