"""The GDELT 2.0 event table, filled the way GDELT fills it.

One row per story-level event (`dyad.analysis.stories`: mentions sharing source, target, CAMEO
code, mode and day across articles), or per mention with `count="mentions"`:

* GLOBALEVENTID — a stable 63-bit integer hashed from the story id (the mention's event id with
  `count="mentions"`).
* Actor*Code — the CAMEO actor code as GDELT writes it: `PAKGOV`, `IGOUNO`; an actor with no
  country is its type alone (`GOV`, not `---GOV`), with an empty country. Actor*CountryCode is the
  3-letter country code, Actor*KnownGroupCode the organisation (IGOUNO → UNO), Actor*Type1–3Code
  the 3-letter type codes after the country (`PAKGOVMIL` → GOV, MIL; IGO/NGO for organisations).
* NumMentions — every sentence telling the event in every article (a mention and its supporting
  sentences); NumArticles — distinct articles; NumSources — distinct publishers (URL host when no
  publisher is known). Near-duplicate articles count once.
* ActionGeo_* — the event's place: Type 1 (country) or 4 (world city), FullName "place, country",
  CountryCode and ADM1Code FIPS 10-4 (`CH`, not `CHN`; the ADM1 below the country is unknown to
  dyad, so ADM1Code is the country's FIPS code as GDELT writes it for country-level places),
  Lat/Long, FeatureID the FIPS code for a country-level place.
* DATEADDED — YYYYMMDDHHMMSS (UTC) when dyad first coded a mention of the event.

Left empty because dyad does not produce them: Actor*EthnicCode, Actor*Religion1/2Code (no
ethnic/religious dictionaries), AvgTone (no tone model: dyad measures no sentiment),
Actor1Geo_*/Actor2Geo_* (dyad places events, not each actor), ActionGeo_ADM2Code and city
FeatureIDs (no gazetteer ids).
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Callable, Iterator
from typing import IO, Any

from dyad.columns import sentence_indexes
from dyad.geo import country_name, fips_code

_ACTOR_FIELDS = (
    "Code", "Name", "CountryCode", "KnownGroupCode", "EthnicCode", "Religion1Code",
    "Religion2Code", "Type1Code", "Type2Code", "Type3Code",
)  # fmt: skip
_GEO_FIELDS = (
    "Type", "FullName", "CountryCode", "ADM1Code", "ADM2Code", "Lat", "Long", "FeatureID",
)  # fmt: skip
GDELT_COLUMNS: tuple[str, ...] = (
    "GLOBALEVENTID", "SQLDATE", "MonthYear", "Year", "FractionDate",
    *(f"Actor1{f}" for f in _ACTOR_FIELDS),
    *(f"Actor2{f}" for f in _ACTOR_FIELDS),
    "IsRootEvent", "EventCode", "EventBaseCode", "EventRootCode", "QuadClass",
    "GoldsteinScale", "NumMentions", "NumSources", "NumArticles", "AvgTone",
    *(f"Actor1Geo_{f}" for f in _GEO_FIELDS),
    *(f"Actor2Geo_{f}" for f in _GEO_FIELDS),
    *(f"ActionGeo_{f}" for f in _GEO_FIELDS),
    "DATEADDED", "SOURCEURL",
)  # fmt: skip

_GDELT_NUMERIC = {
    "GLOBALEVENTID": "BIGINT", "SQLDATE": "INTEGER", "MonthYear": "INTEGER", "Year": "INTEGER",
    "FractionDate": "DOUBLE", "IsRootEvent": "INTEGER", "QuadClass": "INTEGER",
    "GoldsteinScale": "DOUBLE", "NumMentions": "INTEGER", "NumSources": "INTEGER",
    "NumArticles": "INTEGER", "AvgTone": "DOUBLE", "DATEADDED": "BIGINT",
    **{f"{p}Geo_{f}": t for p in ("Actor1", "Actor2", "Action")
       for f, t in (("Type", "INTEGER"), ("Lat", "DOUBLE"), ("Long", "DOUBLE"))},
}  # fmt: skip
# Column types for reading the file back (the GDELT 2.0 event-table types); codes stay text so
# "043" keeps its leading zero.
GDELT_TYPES: dict[str, str] = {c: _GDELT_NUMERIC.get(c, "VARCHAR") for c in GDELT_COLUMNS}
ORGANISATION_COUNTRIES = ("IGO", "NGO")


def global_event_id(event_id: str) -> int:
    """A stable positive 63-bit integer for a dyad id (GDELT's ids are integers)."""
    digest = hashlib.blake2b(event_id.encode("utf-8"), digest_size=8).digest()
    return int.from_bytes(digest, "big") & (2**63 - 1)


def gdelt_sql(db: Any, where: str | None, count: str = "events") -> str:
    """Rows to write: the counted events with their story's counts and document URL/origin."""
    from dyad.analysis.stories import counted_sql, story_counts_sql

    key = "e.event_id" if count == "mentions" else "e.story_id"
    return (
        f"SELECT e.*, {key} AS gdelt_key, c.num_mentions, c.num_articles, c.num_sources, c.first_added,"
        " d.url AS doc_url, d.origin AS doc_origin"
        f" FROM ({counted_sql(db, count, where)}) e JOIN ({story_counts_sql(db, where)}) c USING (story_id)"
        " LEFT JOIN documents d ON d.doc_id = e.doc_id"
        " WHERE e.date IS NOT NULL"  # GDELT has no row without a SQLDATE (the export says how many)
        " ORDER BY e.date, e.doc_id, e.sentence_index, e.event_id"
    )


def _fraction_date(day: dt.date) -> str:
    # GDELT's YYYY.FFFF: the share of the year gone by, in [0, 1).
    days = 366 if (dt.date(day.year, 12, 31).timetuple().tm_yday == 366) else 365
    return f"{day.year + (day.timetuple().tm_yday - 1) / days:.4f}"


def clean(value: Any) -> str:
    """A field for a tab-separated line: no tabs or line breaks inside, None as empty."""
    if value is None:
        return ""
    if isinstance(value, float):
        return repr(round(value, 6))
    return " ".join(str(value).split()) if isinstance(value, str) else str(value)


def gdelt_actor(code: str | None, country: str | None, name: str | None, sector: str | None) -> list[Any]:
    """Actor{1,2}Code … Type3Code for one dyad actor."""
    code = code or ""
    if not code.strip("-") and not name:
        return [None] * len(_ACTOR_FIELDS)
    if country in ORGANISATION_COUNTRIES:
        group = code[3:6] or None
        types = [country, *_chunks(code[6:])]
        return [code, name, None, group, None, None, None, *_three(types)]
    if code.startswith("---") or not country or country == "---":
        rest = code.lstrip("-")
        types = _chunks(rest) or ([sector] if sector else [])
        return [rest or None, name, None, None, None, None, None, *_three(types)]
    types = _chunks(code[3:]) or ([sector] if sector else [])
    return [code, name, country, None, None, None, None, *_three(types)]


def _chunks(text: str) -> list[str]:
    return [text[i : i + 3] for i in range(0, len(text), 3) if len(text[i : i + 3]) == 3]


def _three(types: list[str]) -> list[str | None]:
    return [*types[:3], *([None] * (3 - len(types[:3])))]


def action_geo(place: str | None, country: str | None, lat: Any, lon: Any) -> list[Any]:
    if place is None and country is None:
        return [None] * len(_GEO_FIELDS)
    fips = fips_code(country)
    geo_type = 4 if place else 1  # 1 country, 4 world city: a named place is taken to be a city
    full = ", ".join(p for p in (place, country_name(country) or country) if p)
    return [geo_type, full, fips, fips, None, lat, lon, None if place else fips]


def gdelt_row(row: dict[str, Any]) -> list[Any]:
    """The 61 GDELT 2.0 fields of one row of `gdelt_sql` (None where dyad has no value)."""
    day: dt.date | None = row.get("date")
    cameo: str = row["cameo"]
    added = row.get("first_added") or row.get("coded_at")
    dates = (
        [int(day.strftime("%Y%m%d")), int(day.strftime("%Y%m")), day.year, _fraction_date(day)]
        if day else [None] * 4
    )  # fmt: skip
    sides = [
        gdelt_actor(row.get(f"{s}_code"), row.get(f"{s}_country"), row.get(f"{s}_name"), row.get(f"{s}_sector"))
        for s in ("source", "target")
    ]
    mentions = row.get("num_mentions") or 1 + len(sentence_indexes(row.get("supporting")))
    return [
        global_event_id(row.get("gdelt_key") or row["event_id"]), *dates, *sides[0], *sides[1],
        1 if row.get("sentence_index") == 0 else 0,
        cameo, cameo[:3], row.get("cameo_root") or cameo[:2],
        row.get("quad_class"), row.get("goldstein"),
        mentions, row.get("num_sources") or 1, row.get("num_articles") or 1, None,
        *([None] * len(_GEO_FIELDS)), *([None] * len(_GEO_FIELDS)),
        *action_geo(row.get("place"), row.get("place_country"), row.get("latitude"), row.get("longitude")),
        int(added.strftime("%Y%m%d%H%M%S")) if isinstance(added, dt.datetime) else None,
        row.get("doc_url") or row.get("doc_origin"),
    ]  # fmt: skip


def write_gdelt(out: IO[str], rows: Iterator[dict[str, Any]], header: bool, tick: Callable[[int], None]) -> int:
    if header:
        out.write("\t".join(GDELT_COLUMNS) + "\n")
    n = 0
    for row in rows:
        out.write("\t".join(clean(v) for v in gdelt_row(row)) + "\n")
        n += 1
        if n % 1000 == 0:
            tick(n)
    tick(n)
    return n
