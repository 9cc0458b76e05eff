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
    r"\b(?:vice|deputy|former|designate|elect|spokes\w*|(?<!foreign )(?<!chief )advis[eo]r|envoy|second|"
    r"minister of state(?! of monaco| \(foreign)|state secretary"
    r"|state minister|secretary of state for (?!foreign)|first lady|chief of staff|special)\b",
    re.I,
)
HEAD_OF_STATE = re.compile(
    r"^(?:acting |interim |transitional |federal |executive )?(?:president|king|queen|emir|amir|sultan|"
    r"supreme leader|governor[- ]general|co-prince|grand duke|prince|emperor|captain regent|head of state|"
    r"chairman of the presidency|chair of the presidency|chairman of the presidential council|"
    r"chairman of the transitional sovereignty council|chairman of the sovereignty council|"
    r"yang di-pertuan agong|president of the (?:republic|confederation|state|transitional|presidential|"
    r"federation|council of state|state administration|sovereignty))",
    re.I,
)
PRESIDENT_OF_BODY = re.compile(
    r"president of the (?:senate|national assembly|assembly|parliament|party|court|chamber|council of ministers|"
    r"government|european|world|african|general assembly|commission)",
    re.I,
)
HEAD_OF_GOVERNMENT = re.compile(
    r"^(?:acting |interim |caretaker |transitional |federal |first )?(?:prime minister|premier|chancellor|"
    r"head of government|taoiseach|chief executive|chief adviser|president of the government|"
    r"president of the council of ministers|chairman of the council of ministers|"
    r"chair of the council of ministers|chairman of the cabinet of ministers|minister of state of monaco)",
    re.I,
)
FOREIGN_MINISTER = re.compile(
    r"(?:foreign (?:minister|secretary|affairs minister)|minister (?:of|for) (?:foreign|external|international)"
    r"|external affairs minister|minister of (?:the )?exterior|foreign affairs|foreign adviser|secretary of state$|"
    r"secretary of foreign|secretary for foreign|secretary of state for foreign|"
    r"chancellor \(foreign minister\)|minister for europe and foreign)",
    re.I,
)


def offices(role: Role) -> set[str]:
    """The offices among OFFICES that a role's title names ("Vice President and Prime Minister")."""
    out: set[str] = set()
    for part in re.split(r"\s+and\s+|\s*[,/;]\s*", role.title):
        out |= _offices(part.strip(), role.country)
    return out


def _offices(title: str, country: str) -> set[str]:
    if not title or NOT_THE_OFFICE.search(title):
        return set()
    out = set()
    if HEAD_OF_STATE.search(title) and not PRESIDENT_OF_BODY.search(title):
        out.add("head of state")
    if HEAD_OF_GOVERNMENT.search(title):
        out.add("head of government")
    if FOREIGN_MINISTER.search(title) and (country != "USA" or "state" in title.lower()):
        out.add("foreign minister")
    return out


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
    people = [e for e in d.entries.values() if e.kind == "person"]
    for person in people:
        for role in person.roles:
            if role.country in held and role.active_on(day):
                held[role.country] |= offices(role)
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
