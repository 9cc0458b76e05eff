"""Actor dictionaries: loading the YAML data files into entries and surface forms.

The packaged files live in `dyad/data/actors/`; a user file (`--actors FILE`) is
one YAML mapping with any of the keys `countries`, `igos`, `groups`, `people`,
`agents`, each a list in the same schema as the packaged file of that name.
User entries are added after the packaged ones; an entry with the same key
(country code, organisation id, person name) replaces the packaged one.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

import yaml

from dyad.errors import UserMistake

SECTIONS = ("countries", "igos", "groups", "people", "agents", "references")
KNOWN_SECTORS = frozenset(
    [
        "GOV",
        "MIL",
        "COP",
        "JUD",
        "LEG",
        "OPP",
        "REB",
        "PTY",
        "BUS",
        "MED",
        "EDU",
        "HLH",
        "NGO",
        "CVL",
        "REF",
        "SPY",
        "UAF",
        "ELI",
        "LAB",
        "REL",
        "AGR",
        "CRM",
        "IGO",
        "MNC",
        "SET",
        "ENV",
        "DEV",
        "HRI",
        "MOD",
        "RAD",
        "INS",
        "SEP",
    ]
)


class DictionaryError(UserMistake, ValueError):
    """A dictionary file has a bad entry; the message names the file and entry."""


@dataclass(frozen=True)
class Role:
    country: str
    sector: str
    title: str
    start: dt.date | None = None
    end: dt.date | None = None
    org: str = ""
    unsure: bool = False  # a fact still to verify; counted by `dyad actors coverage`

    def active_on(self, day: dt.date) -> bool:
        return (self.start is None or self.start <= day) and (self.end is None or day <= self.end)


@dataclass
class Entry:
    """One actor the dictionaries know: a state, organisation, group, person or agent word."""

    key: str  # unique: "state:PAK", "org:UNO", "group:HAMAS", "person:wang yi", "agent:GOV"
    kind: str  # state | organisation | group | person | agent
    name: str
    country: str = "---"
    sector: str = ""
    org: str = ""
    roles: tuple[Role, ...] = ()
    gender: str = ""
    alone: bool = False
    ambiguous: bool = False
    sector_before: tuple[dt.date, str] | None = None
    note: str = ""
    source_file: str = ""
    unsure: bool = False
    status: str = ""  # states: member | observer | other (UN membership)
    head_of_government: str = ""  # states: "head_of_state" when the president heads the government


@dataclass(frozen=True)
class Form:
    """A surface form of an entry and the job it does ("Chinese" is an adjective of CHN)."""

    text: str
    key: str
    function: str  # name | adjective | capital | prefix | institution | short | agent | collective | pronoun
    case_sensitive: bool = False
    sector: str = ""  # for institutions and agents
    agent_kind: str = ""  # person | organisation | group (for agents)


@dataclass
class ActorDictionary:
    entries: dict[str, Entry] = field(default_factory=dict)
    forms: list[Form] = field(default_factory=list)
    # folded place name → (country, latitude, longitude), from the capitals' coordinates
    gazetteer: dict[str, tuple[str, float, float]] = field(default_factory=dict)
    # head word of an organisation's name → sector ("Committee" → NGO), for names not listed
    name_heads: dict[str, str] = field(default_factory=dict)
    # folded surname → "word" (also a common word or place) | "surname" (shared by many people)
    common_surnames: dict[str, str] = field(default_factory=dict)
    _by_key: dict[str, list[Form]] | None = field(default=None, repr=False)
    _by_key_size: int = field(default=0, repr=False)
    _by_text: dict[str, set[str]] | None = field(default=None, repr=False)
    _by_text_size: int = field(default=0, repr=False)

    def add(self, entry: Entry, forms: Iterable[Form]) -> None:
        if entry.key in self.entries:  # an override replaces the entry and its forms
            self.forms = [f for f in self.forms if f.key != entry.key]
        self.entries[entry.key] = entry
        self.forms.extend(forms)

    def entry(self, key: str) -> Entry:
        return self.entries[key]

    def forms_of(self, key: str) -> list[Form]:
        """The surface forms of one entry (indexed on first use)."""
        if self._by_key is None or self._by_key_size != len(self.forms):
            index: dict[str, list[Form]] = {}
            for f in self.forms:
                index.setdefault(f.key, []).append(f)
            self._by_key, self._by_key_size = index, len(self.forms)
        return self._by_key.get(key, [])

    def by_country(self, country: str) -> list[Entry]:
        return [e for e in self.entries.values() if e.country == country or any(r.country == country for r in e.roles)]

    def find(self, name: str) -> list[Entry]:
        """Entries having `name` as one of their forms (case- and accent-insensitive)."""
        if self._by_text is None or self._by_text_size != len(self.forms):
            index: dict[str, set[str]] = {}
            for f in self.forms:
                index.setdefault(fold(f.text), set()).add(f.key)
            self._by_text, self._by_text_size = index, len(self.forms)
        keys = self._by_text.get(fold(name), set())
        return [self.entries[k] for k in sorted(keys) if k in self.entries]

    def signature(self) -> str:
        return f"{len(self.entries)}:{len(self.forms)}"


def fold(text: str) -> str:
    """Lower-case and strip accents, so "Erdoğan" and "Erdogan" meet."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).lower()


ACRONYM = re.compile(r"^[A-Z0-9][A-Z0-9.&\-]{0,6}$")


def is_case_sensitive(form: str) -> bool:
    """Acronyms must match exactly (US vs us, IS vs is, PLA vs pla)."""
    return bool(ACRONYM.match(form)) and any(c.isalpha() for c in form)


def _date(value: Any, where: str) -> dt.date | None:
    if value in (None, "", "null"):
        return None
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value))
    except ValueError as exc:
        raise DictionaryError(f"{where}: bad date {value!r} (use YYYY-MM-DD)") from exc


def _strings(value: Any, where: str, key: str) -> list[str]:
    if value is None:
        return []
    if isinstance(value, str):
        return [value]
    if isinstance(value, list) and all(isinstance(v, str) for v in value):
        return list(value)
    raise DictionaryError(f"{where}: `{key}` must be a string or a list of strings")


def _require(item: Any, keys: Sequence[str], where: str) -> dict[str, Any]:
    if not isinstance(item, dict):
        raise DictionaryError(f"{where}: expected a mapping, got {type(item).__name__}")
    for key in keys:
        if not item.get(key):
            raise DictionaryError(f"{where}: missing `{key}`")
    return item


def _sector(value: Any, where: str) -> str:
    sector = str(value or "").strip().upper()
    if sector and sector not in KNOWN_SECTORS:
        raise DictionaryError(f"{where}: unknown sector {sector!r}")
    return sector


def _forms(texts: Iterable[str], key: str, function: str, **kw: str) -> list[Form]:
    out = []
    for text in texts:
        text = text.strip()
        if text:
            out.append(Form(text, key, function, is_case_sensitive(text), **kw))
    return out


def add_country(d: ActorDictionary, item: Any, where: str) -> None:
    item = _require(item, ["code", "name"], where)
    code = str(item["code"]).upper()
    if not re.fullmatch(r"[A-Z]{3}", code):
        raise DictionaryError(f"{where}: country code {code!r} must be three letters")
    key = f"state:{code}"
    entry = Entry(
        key,
        "state",
        item["name"],
        country=code,
        ambiguous=bool(item.get("ambiguous")),
        status=str(item.get("status") or ""),
        head_of_government=str(item.get("head_of_government") or ""),
    )
    forms = _forms([item["name"], *_strings(item.get("names"), where, "names")], key, "name")
    forms += _forms(_strings(item.get("adjectives"), where, "adjectives"), key, "adjective")
    forms += _forms(_strings(item.get("capitals"), where, "capitals"), key, "capital")
    forms += _forms(_strings(item.get("prefixes"), where, "prefixes"), key, "prefix")
    for place, coords in (item.get("capital_coords") or {}).items():
        d.gazetteer[fold(str(place))] = (code, *_coords(coords, f"{where} capital_coords {place!r}"))
    for i, inst in enumerate(item.get("institutions") or []):
        inst = _require(inst, ["name"], f"{where} institution {i + 1}")
        sector = _sector(inst.get("sector"), f"{where} institution {inst['name']!r}")
        forms += _forms([inst["name"]], key, "institution", sector=sector)
    d.add(entry, forms)


def _coords(value: Any, where: str) -> tuple[float, float]:
    if not (isinstance(value, list) and len(value) == 2 and all(isinstance(v, int | float) for v in value)):
        raise DictionaryError(f"{where}: coordinates must be [latitude, longitude]")
    lat, lon = float(value[0]), float(value[1])
    if not (-90 <= lat <= 90 and -180 <= lon <= 180):
        raise DictionaryError(f"{where}: coordinates out of range")
    return lat, lon


def add_org(d: ActorDictionary, item: Any, where: str) -> None:
    item = _require(item, ["id", "name"], where)
    org = str(item["id"]).upper()
    kind = str(item.get("kind") or "igo").lower()
    prefix = "NGO" if kind == "ngo" else "IGO"
    key = f"org:{org}"
    entry = Entry(
        key,
        "organisation",
        item["name"],
        country=prefix,
        sector=_sector(item.get("sector"), where),
        org=org,
        note=str(item.get("code") or prefix + org),
    )
    forms = _forms([item["name"], *_strings(item.get("aliases"), where, "aliases")], key, "name")
    d.add(entry, forms)


def add_group(d: ActorDictionary, item: Any, where: str) -> None:
    item = _require(item, ["id", "name"], where)
    key = f"group:{str(item['id']).upper()}"
    before = item.get("sector_before")
    sector_before = None
    if isinstance(before, dict) and before.get("date"):
        sector_before = (
            _date(before["date"], where) or dt.date.min,
            _sector(before.get("sector"), where),
        )
    entry = Entry(
        key,
        "group",
        item["name"],
        country=str(item.get("country") or "---").upper(),
        sector=_sector(item.get("sector") or "REB", where),
        org=str(item["id"]).upper(),
        sector_before=sector_before,
        note=str(item.get("note") or ""),
    )
    forms = _forms([item["name"], *_strings(item.get("aliases"), where, "aliases")], key, "name")
    d.add(entry, forms)


def add_person(d: ActorDictionary, item: Any, where: str) -> None:
    item = _require(item, ["name", "roles"], where)
    roles = []
    for i, r in enumerate(item["roles"] or []):
        r = _require(r, ["country"], f"{where} role {i + 1}")
        roles.append(
            Role(
                country=str(r["country"]).upper(),
                sector=_sector(r.get("sector"), f"{where} role {i + 1}"),
                title=str(r.get("title") or ""),
                start=_date(r.get("start"), f"{where} role {i + 1}"),
                end=_date(r.get("end"), f"{where} role {i + 1}"),
                org=str(r.get("org") or "").upper(),
                unsure=bool(r.get("unsure")),
            )
        )
    if not roles:
        raise DictionaryError(f"{where}: a person needs at least one role")
    key = f"person:{fold(item['name'])}"
    entry = Entry(
        key,
        "person",
        item["name"],
        country=roles[0].country,
        sector=roles[0].sector,
        roles=tuple(roles),
        gender=str(item.get("gender") or ""),
        alone=bool(item.get("alone")),
        unsure=bool(item.get("unsure")) or any(r.unsure for r in roles),
    )
    names = [item["name"], *_strings(item.get("aliases"), where, "aliases")]
    forms = _forms(names, key, "name")
    forms += _forms(_strings(item.get("short"), where, "short"), key, "short")
    d.add(entry, forms)


def add_agents(d: ActorDictionary, item: Any, where: str) -> None:
    item = _require(item, ["words"], where)
    sector = _sector(item.get("sector"), where)
    kind = str(item.get("kind") or "person")
    if kind == "name_head":
        # Not words on their own: they end (or open) the names of organisations.
        for w in _strings(item["words"], where, "words"):
            d.name_heads[w.lower()] = sector
        return
    key = f"agent:{sector}:{kind}"
    entry = d.entries.get(key) or Entry(key, "agent", sector or "agent", sector=sector)
    words = [w.lower() for w in _strings(item["words"], where, "words")]
    forms = [Form(w, key, "agent", False, sector=sector, agent_kind=kind) for w in words]
    d.entries[key] = entry
    d.forms.extend(forms)


def add_references(d: ActorDictionary, item: Any, where: str) -> None:
    item = _require(item, ["words", "type"], where)
    ref_type = str(item["type"])
    key = f"ref:{ref_type}"
    d.entries.setdefault(key, Entry(key, "reference", ref_type, note=str(item.get("gender") or "")))
    function = "collective" if ref_type == "collective" else "pronoun"
    words = _strings(item["words"], where, "words")
    d.forms.extend(Form(w.lower(), key, function, False) for w in words)


LOADERS = {
    "countries": add_country,
    "igos": add_org,
    "groups": add_group,
    "people": add_person,
    "agents": add_agents,
    "references": add_references,
}


def _read_yaml(text: str, origin: str) -> Any:
    try:
        # The C loader when libyaml is there: the dictionaries load several times faster.
        return yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = f":{mark.line + 1}" if mark is not None else ""
        raise DictionaryError(f"{origin}{line}: not valid YAML ({exc})") from exc


def load_section(d: ActorDictionary, section: str, items: Any, origin: str) -> None:
    if items is None:
        return
    if not isinstance(items, list):
        raise DictionaryError(f"{origin}: `{section}` must be a list")
    loader = LOADERS[section]
    for i, item in enumerate(items):
        label = item.get("name") or item.get("id") or item.get("code") if isinstance(item, dict) else ""
        loader(d, item, f"{origin}: {section} entry {i + 1}" + (f" ({label})" if label else ""))


def packaged_files(section: str) -> list[tuple[str, str]]:
    """(name, text) of the packaged files of a section: `people.yaml`, `people_*.yaml`, …"""
    folder = resources.files("dyad.data").joinpath("actors")
    names = sorted(
        p.name
        for p in folder.iterdir()
        if p.name == f"{section}.yaml" or (p.name.startswith(f"{section}_") and p.name.endswith(".yaml"))
    )
    return [(n, folder.joinpath(n).read_text(encoding="utf-8")) for n in names]


def load_user_file(d: ActorDictionary, path: Path) -> None:
    """Add a user file's entries; raises DictionaryError naming the file and the bad entry."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise DictionaryError(f"{path}: cannot read ({exc})") from exc
    data = _read_yaml(text, str(path))
    if not isinstance(data, dict):
        raise DictionaryError(f"{path}: expected a mapping with keys among {', '.join(SECTIONS)}")
    unknown = set(data) - set(SECTIONS)
    if unknown:
        raise DictionaryError(f"{path}: unknown section(s) {', '.join(sorted(map(str, unknown)))}")
    for section in SECTIONS:
        load_section(d, section, data.get(section), str(path))


def load_packaged(d: ActorDictionary) -> None:
    for section in SECTIONS:
        for name, text in packaged_files(section):
            load_section(d, section, _read_yaml(text, name), name)
    load_common_surnames(d)


def load_common_surnames(d: ActorDictionary) -> None:
    """Surnames that alone are not enough to name a person (see `common_surnames.yaml`)."""
    name = "common_surnames.yaml"
    text = resources.files("dyad.data").joinpath("actors", name).read_text(encoding="utf-8")
    data = _read_yaml(text, name)
    if not isinstance(data, dict):
        raise DictionaryError(f"{name}: expected a mapping with keys `words` and `surnames`")
    for kind, key in (("word", "words"), ("surname", "surnames")):
        for word in _strings(data.get(key), name, key):
            d.common_surnames[fold(word)] = kind


@lru_cache(maxsize=8)
def load_dictionary(user_files: tuple[str, ...] = ()) -> ActorDictionary:
    """The packaged dictionaries plus any user files, in order (later files win); built
    once and then read from the compiled cache (`dyad.cache`) until a file changes."""
    from dyad.cache import cached

    return cached("actors", ["actors"], ["actors"], user_files, lambda: _build_dictionary(user_files))


def _build_dictionary(user_files: tuple[str, ...]) -> ActorDictionary:
    d = ActorDictionary()
    load_packaged(d)
    for path in user_files:
        load_user_file(d, Path(path))
    return d
