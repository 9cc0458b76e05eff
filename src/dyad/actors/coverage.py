"""Which UN members the people dictionaries leave without a leader or foreign minister on a day.

Offices are read from role titles: "President", "King", "Emir" … head the state; "Prime
Minister", "Chancellor", "Premier" … the government; "Foreign Minister", "Minister of Foreign
Affairs", "Secretary of State" (USA) … foreign affairs. Where the president heads the government
(countries.yaml `head_of_government: head_of_state`), the head of state covers both. In the
Commonwealth realms the monarch's role there ("King of Canada") or the governor-general heads
the state.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from dyad.actors.dictionary import ActorDictionary, Entry, Role

OFFICES = ("head of state", "head of government", "foreign minister")
NOT_THE_OFFICE = re.compile(
    r"\b(?:vice|deputy|former|designate|elect|spokes\w*|(?<!chief )advis[eo]r|adviser on|aide|envoy|second|"
    r"minister of state(?! of monaco| \(foreign)|state secretary|state minister|"
    r"secretary of state for (?!foreign)|first lady|chief of staff|special|exchequer)\b",
    re.I,
)
QUALIFIER = r"(?:acting |interim |caretaker |transitional |federal |executive |first )?"
HEAD_OF_STATE = re.compile(
    rf"^{QUALIFIER}(?:president|co-president|king|queen|emir|amir|sultan|supreme leader|governor[- ]general|"
    r"co-prince|grand duke|prince|emperor|captain regent|head of state|chairman of the presidency|"
    r"chairman of the (?:transitional )?sovereignty council|chairman of the presidential (?:leadership )?council|"
    r"member of the presidency)\b(.*)$",
    re.I,
)
HEAD_OF_GOVERNMENT = re.compile(
    rf"^{QUALIFIER}(?:prime minister|premier|chancellor|head of government|taoiseach|chief executive|"
    r"chief adviser|president of the government|president of the council of ministers|"
    r"chairman of the council of ministers|chair of the council of ministers|chairman of the cabinet of ministers|"
    r"minister of state of monaco|state counsellor)\b(.*)$",
    re.I,
)
# What may follow "President of …", "Prime Minister of …" besides the country's own name.
OWN_OFFICE = {
    "head of state": re.compile(
        r"^of (?:the )?(?:republic|confederation|transitional presidential council|presidency|"
        r"state administration council|council of state|andorra|monaco)",
        re.I,
    ),
    "head of government": re.compile(r"^of (?:the )?(?:government of national|interim government)", re.I),
}
FOREIGN_MINISTER = re.compile(
    r"(?:foreign (?:minister|affairs minister)|minister (?:of|for) (?:foreign|external|international)"
    r"|external affairs minister|minister of (?:the )?exterior|foreign affairs|secretary of state$|"
    r"secretary of foreign|secretary for foreign|secretary of state for foreign|"
    r"chancellor \(foreign minister\)|minister for europe and foreign)",
    re.I,
)


def offices(role: Role, country_names: tuple[str, ...] = ()) -> set[str]:
    """The offices among OFFICES that a role's title names ("Vice President and Prime Minister")."""
    out: set[str] = set()
    for part in re.split(r"\s+and\s+|\s*[,/;]\s*", role.title):
        out |= _offices(part.strip(), role.country, country_names)
    return out


def _offices(title: str, country: str, names: tuple[str, ...]) -> set[str]:
    out = set()
    low = title.lower()
    if low == "foreign adviser":  # Bangladesh's interim government (2024-2026)
        return {"foreign minister"}
    if not title or NOT_THE_OFFICE.search(title):
        return set()
    for office, pattern in (("head of state", HEAD_OF_STATE), ("head of government", HEAD_OF_GOVERNMENT)):
        m = pattern.search(title)
        if m and _own(m.group(1), names, OWN_OFFICE[office]):
            out.add(office)
    # In South Asia the foreign secretary is the ministry's senior civil servant.
    foreign_secretary = "foreign secretary" in low and country not in ("IND", "PAK", "BGD", "NPL", "LKA")
    if foreign_secretary or (FOREIGN_MINISTER.search(title) and (country != "USA" or "state" in low)):
        out.add("foreign minister")
    return out


def _own(rest: str, names: tuple[str, ...], own: re.Pattern[str]) -> bool:
    """ "(acting)", "of the Republic", "of Canada" — not "of PML-N" or "of the Kurdistan Region"."""
    rest = re.sub(r"\([^)]*\)", "", rest).strip()
    if not rest:
        return True
    return bool(own.match(rest)) or any(rest.lower().endswith(n.lower()) for n in names if n)


@dataclass
class Coverage:
    day: dt.date
    members: int = 0
    missing: dict[str, list[str]] = field(default_factory=dict)  # code → offices nobody holds
    names: dict[str, str] = field(default_factory=dict)
    unsure_people: int = 0
    unsure_roles: int = 0


def coverage(d: ActorDictionary, day: dt.date) -> Coverage:
    """Offices unfilled on `day` for every UN member, and how many entries are marked unsure."""
    members = {e.country: e for e in d.entries.values() if e.kind == "state" and e.status == "member"}
    held: dict[str, set[str]] = {code: set() for code in members}
    names = {code: _names(d, state) for code, state in members.items()}
    people = [e for e in d.entries.values() if e.kind == "person"]
    for person in people:
        for role in person.roles:
            if role.country in held and role.active_on(day):
                held[role.country] |= offices(role, names[role.country])
    result = Coverage(day, members=len(members))
    for code, state in sorted(members.items()):
        have = held[code]
        if state.head_of_government == "head_of_state" and "head of state" in have:
            have = have | {"head of government"}
        lacking = [o for o in OFFICES if o not in have]
        if lacking:
            result.missing[code] = lacking
            result.names[code] = state.name
    result.unsure_people = sum(1 for p in people if p.unsure)
    result.unsure_roles = sum(1 for p in people for r in p.roles if r.unsure)
    return result


def _names(d: ActorDictionary, state: Entry) -> tuple[str, ...]:
    return tuple(f.text for f in d.forms_of(state.key) if f.function == "name")


def holders(d: ActorDictionary, country: str, day: dt.date) -> list[tuple[Entry, Role, set[str]]]:
    """Who holds which of OFFICES in `country` on `day` (for the command's detail view)."""
    out = []
    for e in d.entries.values():
        if e.kind != "person":
            continue
        for r in e.roles:
            if r.country == country and r.active_on(day) and offices(r):
                out.append((e, r, offices(r)))
    return out
