"""Country code tables and world boundaries shipped under `data/geo/` (see its README for origins).

`country_codes()` maps dyad's ISO alpha-3 country codes to ISO numeric (the ids of the world
boundary file) and FIPS 10-4 (GDELT's geography codes); `world_topology()` is the TopoJSON of
Natural Earth's 1:110m countries, read from the package so maps work offline.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any


@dataclass(frozen=True)
class CountryCodes:
    iso3: str
    numeric: str  # "" where ISO assigns none (Kosovo, Northern Cyprus, Somaliland)
    fips: str
    name: str
    map_name: str  # the shape's name in the boundary file when it has no numeric id


def _geo_file(name: str) -> str:
    return resources.files("dyad.data").joinpath("geo", name).read_text(encoding="utf-8")


@cache
def country_codes() -> dict[str, CountryCodes]:
    rows: dict[str, CountryCodes] = {}
    lines = [line for line in _geo_file("country_codes.tsv").splitlines() if line and not line.startswith("#")]
    for line in lines[1:]:  # the first is the header
        iso3, numeric, fips, name, map_name = (line.split("\t") + [""] * 5)[:5]
        rows[iso3] = CountryCodes(iso3, numeric, fips, name, map_name)
    return rows


def fips_code(iso3: str | None) -> str | None:
    """GDELT's FIPS 10-4 code for an ISO alpha-3 code; None for organisations and unknown codes."""
    found = country_codes().get(iso3 or "")
    return found.fips or None if found else None


def country_name(iso3: str | None) -> str | None:
    found = country_codes().get(iso3 or "")
    return found.name if found else None


@cache
def world_topology() -> dict[str, Any]:
    """The world boundaries as TopoJSON (object `countries`; ids ISO numeric, `properties.name`)."""
    data: dict[str, Any] = json.loads(_geo_file("world-110m.json"))
    return data


def shape_key(iso3: str) -> str | None:
    """How a country's shape is found in `world_topology()`: its numeric id, else its name."""
    found = country_codes().get(iso3)
    if found is None:
        return None
    return found.numeric or found.map_name or None
