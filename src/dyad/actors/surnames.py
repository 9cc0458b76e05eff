"""Which person a surname means: "Rubio", "Secretary Clinton", "prime minister modi".

A surname (a person's `short` form) is shared by many people, and many surnames are also
common words ("Rice", "May", "King") or very common names ("Kim", "Li"). The rules, in order:

1. prior mention: someone named in full earlier in the document keeps the surname;
2. title + surname: the people whose role fits the title ("Secretary" → "Secretary of
   State"), in office on the document's date first, then former holders of that title;
3. surname alone: only when the date (then the document's countries) leaves one person,
   and never for a common word used at the start of a sentence, after a function word or
   beside other capitalised words, nor for a very common surname.

Ties left after the date are settled by the document's countries; a tie that remains is no
match, since a wrong actor is worse than a missing one.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass, replace

from dyad.actors.dictionary import ActorDictionary, Entry, Form, Role, fold
from dyad.actors.matcher import Hit

# Words after which a capitalised common word is a date, place or thing ("in May", "the Rice").
FUNCTION_WORDS = frozenset(
    [
        "in",
        "on",
        "of",
        "at",
        "by",
        "for",
        "from",
        "to",
        "the",
        "a",
        "an",
        "and",
        "or",
        "since",
        "until",
        "till",
        "before",
        "after",
        "during",
        "early",
        "late",
        "mid",
        "last",
        "next",
        "this",
        "that",
        "every",
        "each",
        "into",
        "onto",
        "with",
        "without",
        "about",
        "as",
        "per",
        "via",
    ]
)
TITLE_STOP = frozenset({"the", "of", "former", "then", "acting", "interim", "new", "and", "for"})
SYNONYMS = {"foreign": ("foreign", "external", "secretary of state"), "premier": ("premier", "prime minister")}
# Capitalised words before a surname that are not part of another name.
OPENERS = frozenset(
    [
        "The",
        "But",
        "And",
        "When",
        "While",
        "After",
        "Before",
        "Meanwhile",
        "However",
        "Then",
        "Later",
        "Also",
        "As",
        "If",
        "In",
        "On",
        "At",
        "For",
        "With",
        "Yet",
        "So",
        "Now",
        "Today",
        "Yesterday",
        "Mr",
        "Mrs",
        "Ms",
        "Dr",
        "Mr.",
        "Mrs.",
        "Ms.",
        "Dr.",
        "Sir",
        "Dame",
        "Madam",
    ]
)
PARTICLES = frozenset(
    [
        "al",
        "el",
        "al-",
        "el-",
        "bin",
        "ibn",
        "bint",
        "abu",
        "de",
        "del",
        "della",
        "di",
        "da",
        "do",
        "dos",
        "van",
        "von",
        "der",
        "le",
        "la",
        "du",
        "ben",
    ]
)
# Before a person's surname these make it a thing: "seven Qassem rockets", "several Patriot batteries".
DETERMINERS = frozenset(
    [
        "some",
        "several",
        "many",
        "few",
        "two",
        "three",
        "four",
        "five",
        "six",
        "seven",
        "eight",
        "nine",
        "ten",
        "dozens",
        "hundreds",
        "thousands",
    ]
)
# Ranks and honorifics that go with any office: "General Burhan" is the general in office.
RANKS = frozenset(
    {"general", "gen", "lieutenant", "colonel", "col", "captain", "capt", "marshal", "admiral", "commander"}
)
WORD = re.compile(r"[\w'’.\-]+")


@dataclass(frozen=True)
class SurnameQuery:
    """One surname in its sentence, with what the document knows so far."""

    text: str
    start: int
    end: int
    title: str  # the title right before it ("Secretary", "prime minister"), or ""
    day: dt.date
    countries: Mapping[str, int]  # the document's countries (count > 0) incl. the dateline
    group_countries: Collection[str] = ()  # states in the same mention ("Indian Prime Minister Modi")
    named: Collection[str] = ()  # keys of people already named in full in the document


def person_role(entry: Entry, day: dt.date) -> tuple[Role, str]:
    """The role a person holds on `day`, else the last one held (as ELI), else the first to come."""
    active = [r for r in entry.roles if r.active_on(day)]
    if active:
        role = active[0]
        return role, f"in office as {role.title or role.sector} on {day.isoformat()}"
    past = [r for r in entry.roles if r.end is not None and r.end < day]
    if past:
        role = max(past, key=lambda r: r.end or dt.date.min)
        return (
            replace(role, sector="ELI"),
            f"former {role.title} (until {role.end}); no office on {day.isoformat()}",
        )
    role = min(entry.roles, key=lambda r: r.start or dt.date.max)
    return replace(role, sector=""), f"not yet {role.title} on {day.isoformat()}"


def surname_kind(d: ActorDictionary, surface: str) -> str:
    """ "word" (a common word or the name of a place or body), "surname" (very common), or ""."""
    folded = fold(surface)
    kind = d.common_surnames.get(folded, "")
    if kind:
        return kind
    for entry in d.find(surface):
        if entry.kind not in ("person", "agent", "reference"):
            return "word"  # "Chad", "Jordan", "Hamas"
    return ""


def resolve_surname(d: ActorDictionary, people: Sequence[Entry], q: SurnameQuery) -> tuple[Entry, str] | None:
    """The one person `q` names, with the rule that decided, or None."""
    surface = q.text[q.start : q.end]
    named = [e for e in people if e.key in q.named]
    if len(named) == 1:
        return named[0], "named in full earlier in the document"
    kind = surname_kind(d, surface)
    people = [e for e in people if not _part_of_other_name(d, e, q)]
    if q.title:
        return _by_title(people, q, former=kind != "surname")
    if kind == "surname" or _after_determiner(q.text, q.start):
        return None  # "Kim", "Li": a title or a full mention is needed; "seven Qassem rockets"
    if kind == "word" and not _mid_sentence(q.text, q.start):
        return None
    active = [e for e in people if any(r.active_on(q.day) for r in e.roles)]
    if kind != "word" and not active:
        active = [e for e in people if e.alone]  # well known by surname alone ("Thatcher")
        rule = "known by surname alone"
    else:
        rule = f"surname alone: the only {surface} in office on {q.day.isoformat()}"
    chosen = _settle(active, q)
    if chosen is None:
        return None
    entry, by_country = chosen
    if kind == "word" and not (by_country or _local(entry, q, required=True)):
        return None  # "planted Rice": a word names a person only in a story about their country
    return entry, rule + (" among the document's countries" if by_country else "")


def _by_title(people: Sequence[Entry], q: SurnameQuery, *, former: bool) -> tuple[Entry, str] | None:
    """Title + surname; a former holder only if allowed and of a country the document names."""
    words = [w.lower() for w in WORD.findall(q.title) if w.lower() not in TITLE_STOP]
    if not words:
        return None
    scored: list[tuple[int, bool, Entry]] = []
    for entry in people:
        for role in entry.roles:
            fit = _title_fit(words, role.title)
            if fit:
                scored.append((fit, role.active_on(q.day), entry))
    day = q.day.isoformat()
    for active_only, rule in ((True, f"title + surname, in office on {day}"), (False, "title + surname, former")):
        pool = [(fit, e) for fit, on, e in scored if on or (not active_only and former and (e.alone or _local(e, q)))]
        if not pool:
            continue
        best = max(fit for fit, _ in pool)
        top = list({e.key: e for fit, e in pool if fit == best}.values())
        chosen = _settle(top, q)
        if chosen is not None:
            return chosen[0], rule + (" (the document's countries decide)" if chosen[1] else "")
        return None
    if scored or not former or words[-1].rstrip(".") not in RANKS:
        return None  # "King Hassan" is not Prime Minister Hassan
    # A rank that fits no role on record ("General Burhan"): the one person of that name in office.
    active = _settle([e for e in people if any(r.active_on(q.day) for r in e.roles)], q)
    return (active[0], f"title + surname, the only one of that name in office on {day}") if active else None


def _title_fit(words: list[str], role_title: str) -> int:
    """How well a title in the text fits a role: 0 when its head word is missing."""
    title = role_title.lower()
    if not title or (words[-1] not in title and not any(s in title for s in SYNONYMS.get(words[-1], ()))):
        return 0
    return sum(1 for w in words if w in title or any(s in title for s in SYNONYMS.get(w, ()))) * 2 - (
        "deputy" in title or "vice" in title
    )


def _settle(candidates: Sequence[Entry], q: SurnameQuery) -> tuple[Entry, bool] | None:
    """One candidate, else the only one of the mention's or the document's countries."""
    if len(candidates) == 1:
        return candidates[0], False
    for countries in (q.group_countries, [c for c, n in q.countries.items() if n > 0]):
        if not countries:
            continue
        local = [e for e in candidates if _country_on(e, q.day) in countries]
        if len(local) == 1:
            return local[0], True
    return None


def _local(entry: Entry, q: SurnameQuery, *, required: bool = False) -> bool:
    """Of a country the document names, or (unless required) the document names none yet."""
    named = set(q.group_countries) | {c for c, n in q.countries.items() if n > 0}
    return (not named and not required) or _country_on(entry, q.day) in named


def _country_on(entry: Entry, day: dt.date) -> str:
    return person_role(entry, day)[0].country


def _part_of_other_name(d: ActorDictionary, entry: Entry, q: SurnameQuery) -> bool:
    """ "Ivanka Trump", "Lee Nak-yon", "Trump Administration": the surname sits inside another
    name — unless the word before is this person's own first name ("Fayez Serraj") or a
    particle ("Al Safadi"), or a title or state of the same mention comes first. People marked
    `alone` are known by the surname whatever surrounds it."""
    if entry.alone:
        return False
    after = re.match(r" ([\w'’.\-]+)", q.text[q.end :])
    if after is not None and after.group(1)[:1].isupper():
        return True
    if q.title or q.group_countries:
        return False
    before = re.search(r"([\w'’.\-]+) $", q.text[: q.start])
    if before is None or not before.group(1)[:1].isupper() or before.group(1) in OPENERS:
        return False
    word = fold(before.group(1))
    if word in PARTICLES:
        return False
    given = {fold(f.text.split()[0]) for f in d.forms_of(entry.key) if f.function == "name" and " " in f.text}
    return word not in given


def _after_determiner(text: str, start: int) -> bool:
    before = re.search(r"([\w'’.\-]+) $", text[:start])
    return before is not None and before.group(1).lower() in DETERMINERS


def _mid_sentence(text: str, start: int) -> bool:
    """A lower-case word (not a function word) right before: "said Rice", "met Brown"."""
    before = WORD.findall(text[max(0, start - 40) : start])
    if not before or not text[:start].rstrip().endswith(before[-1]):
        return False
    word = before[-1]
    return word.islower() and word not in FUNCTION_WORDS


def person_shorts(hit: Hit) -> list[Form]:
    """The surname forms of people among a hit's forms."""
    return [f for f in hit.forms if f.function == "short" and f.key.startswith("person:")]


def pick_surname(
    d: ActorDictionary,
    text: str,
    group: Sequence[Hit],
    i: int,
    day: dt.date,
    countries: Mapping[str, int],
    named: Collection[str],
) -> tuple[Form, str] | None:
    """The form (person) that the surname hit `group[i]` names, with the rule, or None.
    `group` is the mention the hit belongs to: a title or state before it counts."""
    shorts = person_shorts(group[i])
    if not shorts:
        return None
    title = text[group[i - 1].start : group[i - 1].end] if i > 0 and "agent" in group[i - 1].functions else ""
    states = {
        e.country for h in group[:i] for f in h.forms
        if (e := d.entries.get(f.key)) is not None and e.kind == "state"
    }  # fmt: skip
    query = SurnameQuery(text, group[i].start, group[i].end, title, day, countries, states, named)
    people = list({f.key: d.entries[f.key] for f in shorts if f.key in d.entries}.values())
    found = resolve_surname(d, people, query)
    if found is None:
        return None
    return next(f for f in shorts if f.key == found[0].key), found[1]
