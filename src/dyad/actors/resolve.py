"""Turning dictionary hits into resolved actor mentions, one document at a time.

A `DocumentActors` object walks a document's sentences in order and remembers
who has been named (people introduced by a title, the states taking part), so
that later "Dar", "he", "the minister" and "the two sides" resolve to them.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from dataclasses import dataclass, field, replace
from functools import lru_cache
from importlib import resources
from typing import Any

import yaml

from dyad.actors.dictionary import ActorDictionary, Entry, Form, Role, fold
from dyad.actors.matcher import ActorMatcher, Hit, fold_aligned, select_longest
from dyad.actors.orgnames import organisation_hits
from dyad.actors.places import city_hits, feature_spans, load_gazetteer, outside_features
from dyad.actors.surnames import FUNCTION_WORDS, person_role, person_shorts, pick_surname
from dyad.models import ActorMention

STATE_FUNCTIONS = {"name", "adjective", "capital", "prefix", "institution", "city"}
# Gaps allowed between the parts of one mention: "Pakistan's Deputy Prime Minister/Foreign
# Minister Ishaq Dar", "Foreign Minister of Pakistan".
JOIN_GAP = re.compile(r"^(?:\s+|['’]s\s+|\s*/\s*|\s+of\s+(?:the\s+)?)$")
# "to", "on", "from" are left out: "a visit to China", "sanctions on Iran" name targets.
LOCATIVE_PREPS = {"in", "at", "near", "across", "throughout", "inside", "within", "around"}
NAME_WORD = r"[A-Z][\w'’.\-]*"
TITLE_NAME = re.compile(
    rf"^(?:\s+(?:of|to)\s+(?:the\s+)?{NAME_WORD}(?:\s+{NAME_WORD})??)?,?\s+"
    rf"((?:{NAME_WORD}\s+){{0,3}}{NAME_WORD})"
)
NOT_NAME_WORDS = {
    "The", "A", "An", "On", "In", "At", "He", "She", "It", "They", "We", "I", "This", "That",
    "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday", "And",
    "January", "February", "March", "April", "May", "June", "July", "August", "September",
    "October", "November", "December", "Jan", "Feb", "Mar", "Apr", "Jun", "Jul", "Aug", "Sep",
    "Sept", "Oct", "Nov", "Dec", "Also", "But", "For", "With", "Of", "During", "After",
}  # fmt: skip
REAL_COUNTRY = re.compile(r"^[A-Z]{3}$")
AMBIGUOUS_CONFIDENCE = 0.45
MIN_ACTOR_CONFIDENCE = 0.5  # below this a mention is shown by `explain` but never coded


@dataclass
class Person:
    """Someone named in this document, with how to refer back to them."""

    entity_id: str
    name: str
    country: str
    sector: str
    title: str
    gender: str
    forms: set[str] = field(default_factory=set)


@dataclass
class Element:
    """One dictionary hit inside a (possibly composite) mention."""

    hit: Hit
    form: Form
    entry: Entry


def _mention_code(country: str, sector: str, org: str = "") -> str:
    if country in ("IGO", "NGO"):
        return country + org + sector
    return (country or "---") + sector


class DocumentActors:
    """Resolves the actor mentions of one document, sentence by sentence."""

    def __init__(
        self,
        dictionary: ActorDictionary,
        matcher: ActorMatcher,
        *,
        date: dt.date | None = None,
        place: str | None = None,
    ) -> None:
        self.d = dictionary
        self.matcher = matcher
        self.date = date
        self.people: dict[str, Person] = {}
        self.person_order: list[str] = []  # most recent last
        self.country_counts: Counter[str] = Counter()
        self.first_seen: dict[str, int] = {}
        self.dateline_country = self._place_country(place) if place else None
        if self.dateline_country:
            self.country_counts[self.dateline_country] += 0
        self._names: tuple[str, ...] = ()  # folded names of people met so far
        self._sentence_people: list[ActorMention] = []
        self._sentence_states: set[str] = set()

    # -- public ----------------------------------------------------------------------------
    def resolve(self, text: str, parse: Any = None) -> list[ActorMention]:
        """Mentions of one sentence; `parse` (a spaCy Doc of `text`) refines places and roles."""
        features = feature_spans(text)
        hits = outside_features(self.matcher.find(text) + self._dynamic_hits(text), features)
        hits = select_longest(hits + organisation_hits(text, self.d.name_heads, hits))
        if parse is not None:
            taken = hits + [Hit(s, e, ()) for s, e in features]
            hits = select_longest(hits + city_hits(parse, taken, self._context_countries(), load_gazetteer()))
        self._sentence_states = self._unambiguous_states(hits)
        mentions = self._compose(text, hits) + [_feature_mention(text, s, e) for s, e in features]
        mentions.sort(key=lambda m: m.start)
        if parse is not None:
            _mark_places(mentions, parse)
            mentions = [m for m in mentions if not _adjectival_agent(m, parse)]
            _people_of_states(mentions, parse)
            _localise_agents(mentions, parse)
            _place_agents(mentions)
        self._story_agents(mentions)
        self._remember(mentions)
        return [m for m in mentions if m.code or m.members or m.is_place]

    def _context_countries(self) -> set[str]:
        found = {c for c, n in self.country_counts.items() if n}
        return found | {self.dateline_country} if self.dateline_country else found

    def participants(self) -> list[str]:
        """The two states this document is mostly about (for "the two sides")."""
        ranked = sorted(
            (c for c in self.country_counts if REAL_COUNTRY.match(c) and self.country_counts[c]),
            key=lambda c: (-self.country_counts[c], self.first_seen.get(c, 0)),
        )
        return ranked[:2]

    # -- hits to mentions ------------------------------------------------------------------
    def _dynamic_hits(self, text: str) -> list[Hit]:
        """Names of people met earlier in this document ("Dar", "Kupfer"), capitalised."""
        if not self._names:
            return []
        folded = fold_aligned(text.replace("’", "'"))
        hits = []
        for name in self._names:
            start = folded.find(name)
            while start >= 0:
                end = start + len(name)
                if _bounded(folded, start, end) and text[start].isupper():
                    person = self._person_by_form(text[start:end])
                    if person:
                        form = Form(text[start:end], f"doc:{person.entity_id}", "docperson")
                        hits.append(Hit(start, end, (form,)))
                start = folded.find(name, start + 1)
        return hits

    def _person_by_form(self, surface: str) -> Person | None:
        wanted = fold(surface)
        for pid in reversed(self.person_order):
            if wanted in self.people[pid].forms:
                return self.people[pid]
        return None

    def _compose(self, text: str, hits: list[Hit]) -> list[ActorMention]:
        groups: list[list[Hit]] = []
        for hit in hits:
            if groups and self._joins(groups[-1][-1], hit, text):
                groups[-1].append(hit)
            else:
                groups.append([hit])
        out: list[ActorMention] = []
        self._sentence_people = out  # "called Morrison to congratulate him": him is Morrison
        for group in groups:
            mention = self._mention_from_group(text, group)
            if mention is not None and not (out and mention.start < out[-1].end):
                out.append(mention)  # "Ambassador to Zimbabwe Zhou Ding" holds "Zimbabwe"
        return out

    def _joins(self, left: Hit, right: Hit, text: str) -> bool:
        lf, rf = left.functions, right.functions
        if not JOIN_GAP.match(text[left.end : right.start]):
            # "Egypt's security delegation", "Indian navy officials": one modifier between
            return "agent" in rf and _modifier_gap(text[left.end : right.start], lf)
        if rf & {"collective", "pronoun"} or lf & {"collective", "pronoun", "prefix"}:
            return False
        if "agent" in lf:
            # "Foreign Minister Wang Yi", "Foreign Minister of Pakistan"
            return bool(rf & {"agent", "name", "short", "docperson", "institution"}) or (
                text[left.end : right.start].strip() == "of" and bool(rf & STATE_FUNCTIONS)
            )
        if lf & STATE_FUNCTIONS:
            # "Chinese Foreign Minister", "Pakistan's army" — but never two states.
            return bool(rf & {"agent", "docperson", "institution"}) or (
                self._is_person_hit(right) and not self._is_person_hit(left)
            )
        if lf & {"short", "docperson"} or self._is_person_hit(left):
            # "the Trump administration", "Netanyahu's government": the leader's government
            return any(f.function == "agent" and f.agent_kind == "organisation" and f.sector == "GOV"
                       for f in right.forms)  # fmt: skip
        return False

    def _is_person_hit(self, hit: Hit) -> bool:
        return any(f.function == "docperson" or f.key.startswith("person:") for f in hit.forms)

    def _mention_from_group(self, text: str, group: list[Hit]) -> ActorMention | None:
        start, end = group[0].start, group[-1].end
        country, sector, kind, name, reasons = "", "", "", "", []
        org, title, entity_id, confidence = "", "", "", 0.95
        members: list[ActorMention] = []
        for i, hit in enumerate(group):
            picked = self._surname_pick(text, group, i)
            if picked is None and person_shorts(hit):
                hit = Hit(hit.start, hit.end, tuple(f for f in hit.forms if f not in person_shorts(hit)))
                if not hit.forms:
                    if len(group) == 1:
                        return None
                    continue
            form = picked[0] if picked else self._choose_form(hit)
            fn = form.function
            if fn == "collective":
                return self._collective(text, hit)
            if fn == "pronoun":
                return self._pronoun(text, hit)
            if fn == "docperson":
                person = self.people[form.key.split(":", 1)[1]]
                country, sector = person.country, person.sector
                kind, name, entity_id, title = "person", person.name, person.entity_id, person.title
                reasons.append(f"'{text[hit.start : hit.end]}' refers back to {person.name}")
                confidence = min(confidence, 0.85)
                continue
            if fn == "agent" and form.key.startswith("orgname:"):
                # An organisation known only by the shape of its name.
                country = country or form.key.split(":")[1]
                sector = sector or form.sector
                kind, name, entity_id = "organisation", text[hit.start : hit.end], form.key
                reasons.append(f"'{name}' is named like an organisation ({form.sector or 'no sector'})")
                confidence = min(confidence, 0.7)
                continue
            if fn == "agent" and kind == "person" and form.agent_kind == "organisation" and form.sector == "GOV":
                kind, sector, title = "organisation", "GOV", ""  # the leader's administration, in office or not
                reasons.append(f"'{text[hit.start : hit.end]}' of {name}: that state's government")
                continue
            if fn == "agent":
                agent_title = text[hit.start : hit.end]
                if not sector or kind != "person":
                    sector = form.sector or sector
                title = title or agent_title
                if form.agent_kind == "person" and not entity_id:
                    kind = "person"  # "US Deputy Secretary …": a person, not the state
                elif kind in ("", "state"):
                    kind = "organisation"
                reasons.append(f"'{agent_title}' sets sector {form.sector or '-'}")
                continue
            if fn == "city":
                city = load_gazetteer().city(int(form.key.split(":", 1)[1]))
                country, name, kind = country or city.country, name or city.name, kind or "state"
                entity_id = entity_id or form.key
                reasons.append(f"'{text[hit.start : hit.end]}' is the city of {city.name} ({city.country})")
                continue
            entry = self.d.entries.get(form.key)
            if entry is None:
                continue
            if entry.kind == "person":
                role, why = self._person_role(entry)
                why += f"; {picked[1]}" if picked else ""
                country = role.country if role.country != "IGO" else "IGO"
                org = role.org
                sector = role.sector if role.sector or not sector else sector
                kind, name, title = "person", entry.name, role.title
                entity_id = entry.key
                reasons.append(f"'{text[hit.start : hit.end]}' is {entry.name}, {why}")
                continue
            if entry.kind == "state":
                if entry.ambiguous and not self._country_in_context(entry.country):
                    # "Georgia", "Jordan", "Chad": only other signs of the state in the story
                    # (its adjective, capital, people, dateline) make it the state.
                    confidence = min(confidence, AMBIGUOUS_CONFIDENCE)
                    reasons.append(
                        f"'{text[hit.start : hit.end]}' is ambiguous and nothing else in the story"
                        " points to the state; not used as an actor"
                    )
                country = country or entry.country
                if fn == "capital" and not sector:
                    sector = "GOV"
                    reasons.append(f"'{text[hit.start : hit.end]}' (capital) stands for the {entry.name} government")
                elif fn == "institution":
                    sector = form.sector
                    kind = kind or "organisation"
                    reasons.append(f"'{text[hit.start : hit.end]}' is an institution of {entry.name}")
                else:
                    reasons.append(f"'{text[hit.start : hit.end]}' ({fn}) → {entry.name}")
                name = name or entry.name
                kind = kind or "state"
                continue
            if entry.kind == "organisation":
                country, org = entry.country, entry.org
                sector = sector or entry.sector
                name, kind = entry.name, "organisation"
                reasons.append(f"'{text[hit.start : hit.end]}' is {entry.name}")
                continue
            if entry.kind == "group":
                country, org = entry.country, entry.org
                sector = sector or self._group_sector(entry)
                name, kind = entry.name, "group"
                reasons.append(f"'{text[hit.start : hit.end]}' is {entry.name}")
                continue
        # A title followed by an unknown name introduces a new person ("Secretary Jane Roe").
        if kind == "person" and not entity_id and "agent" in group[-1].functions:
            new = TITLE_NAME.match(text[end:])
            if new and self._plausible_name(new.group(1)):
                name = new.group(1)
                end = end + new.end(1)
                entity_id = "new:" + fold(name)
                reasons.append(f"'{name}' introduced by the title '{title}'")
                confidence = min(confidence, 0.85)
        if kind in ("person", "organisation") and not country and not members:
            fallback = self._bare_agent_country()
            if fallback:
                country = fallback
                confidence = min(confidence, 0.5)
                reasons.append(f"country {fallback} from the dateline of a domestic story")
            else:
                country = "---"
                confidence = min(confidence, 0.6)
        if not country:
            return None
        return ActorMention(
            text=text[start:end],
            start=start,
            end=end,
            code=_mention_code(country, sector, org),
            country=country,
            sector=sector,
            name=name or title or country,
            kind=kind or "state",
            reason="; ".join(reasons),
            confidence=confidence,
            entity_id=entity_id,
            title=title,
        )

    def _choose_form(self, hit: Hit) -> Form:
        """When one surface form belongs to several entries, prefer the one the document
        is about ("Congress" in an Indian story), then the dictionary's first."""
        forms = [f for f in hit.forms if self._usable(f)] or list(hit.forms)
        if len(forms) == 1:
            return forms[0]

        def score(form: Form) -> tuple[int, int]:
            entry = self.d.entries.get(form.key)
            country = entry.country if entry else ""
            in_context = self.country_counts.get(country, 0)
            active = 1
            if entry and entry.kind == "person":
                active = 1 if self._person_role(entry)[1].startswith("in office") else 0
            return (active, in_context)

        return max(forms, key=score)

    def _usable(self, form: Form) -> bool:
        """A surname alone ("He", "Dar") refers to someone only once they were named."""
        if form.function != "short":
            return True
        entry = self.d.entries.get(form.key)
        return entry is not None and (entry.alone or self._named_before(entry))

    def _plausible_name(self, name: str) -> bool:
        words = name.split()
        # A surname shared with someone in the dictionaries ("Ding") does not make "Zhou Ding" them.
        known = [h for h in self.matcher.find(name) if not h.functions <= {"short"}]
        return all(w not in NOT_NAME_WORDS for w in words) and not known

    def _person_role(self, entry: Entry) -> tuple[Role, str]:
        return person_role(entry, self.date or dt.date.today())

    def _surname_pick(self, text: str, group: list[Hit], i: int) -> tuple[Form, str] | None:
        """The person a surname hit names, by prior mention, title, date and countries."""
        if not person_shorts(group[i]):
            return None
        countries = dict(self.country_counts)
        for code in [*self._sentence_states, *([self.dateline_country] if self.dateline_country else [])]:
            countries[code] = countries.get(code, 0) + 1
        return pick_surname(self.d, text, group, i, self.date or dt.date.today(), countries, set(self.people))

    def _group_sector(self, entry: Entry) -> str:
        if entry.sector_before and self.date and self.date < entry.sector_before[0]:
            return entry.sector_before[1]
        return entry.sector

    def _named_before(self, entry: Entry) -> bool:
        return entry.key in self.people

    def _country_in_context(self, country: str) -> bool:
        """Signs that an ambiguous name means the state: the state named before, the dateline,
        or other states named beside it ("Egypt and Jordan agreed")."""
        return (
            self.country_counts.get(country, 0) > 0
            or self.dateline_country == country
            or bool(self._sentence_states - {country})
        )

    def _unambiguous_states(self, hits: list[Hit]) -> set[str]:
        out = set()
        for hit in hits:
            for form in hit.forms:
                entry = self.d.entries.get(form.key)
                if entry is not None and entry.kind == "state" and not entry.ambiguous:
                    out.add(entry.country)
        return out

    def _bare_agent_country(self) -> str | None:
        """Bare "police" or "protesters" take the dateline's country only in a story that
        names no other state."""
        if not self.dateline_country:
            return None
        others = [c for c, n in self.country_counts.items() if n and c != self.dateline_country]
        return None if others else self.dateline_country

    def _story_agents(self, mentions: list[ActorMention]) -> None:
        """Police, protesters, victims of no stated country in a story that is plainly about one
        country (its dateline, or a state named at least twice as often as any other) are that
        country's."""
        country = self._story_country()
        if country is None:
            return
        for m in mentions:
            if m.country == "---" and m.sector in LOCAL_SECTORS and not m.members and not m.is_place:
                m.country, m.code = country, _mention_code(country, m.sector)
                m.confidence = min(m.confidence, 0.6)
                m.reason += f"; the story takes place in {country}"

    def _story_country(self) -> str | None:
        if self.dateline_country:
            return self.dateline_country
        ranked = [c for c, _ in self.country_counts.most_common(2) if REAL_COUNTRY.match(c)]
        if not ranked:
            return None
        top = self.country_counts[ranked[0]]
        second = self.country_counts[ranked[1]] if len(ranked) > 1 else 0
        return ranked[0] if top >= 2 and top >= 2 * second else None

    def _collective(self, text: str, hit: Hit) -> ActorMention | None:
        parts = self.participants()
        if len(parts) < 2:
            return None
        surface = text[hit.start : hit.end]
        members = [
            ActorMention(
                text=surface, start=hit.start, end=hit.end, code=c, country=c, sector="",
                name=self._country_name(c), kind="state", confidence=0.8,
                reason=f"'{surface}' → the document's participants {parts[0]} and {parts[1]}",
            )
            for c in parts
        ]  # fmt: skip
        return ActorMention(
            text=surface, start=hit.start, end=hit.end, code="", country="", sector="",
            name=" and ".join(m.name for m in members), kind="collective",
            reason=members[0].reason, confidence=0.8, members=members,
        )  # fmt: skip

    def _pronoun(self, text: str, hit: Hit) -> ActorMention | None:
        form = hit.forms[0]
        entry = self.d.entries.get(form.key)
        gender = entry.note if entry else ""
        surface = text[hit.start : hit.end].lower()
        if surface in OBJECT_PRONOUNS:
            # An object pronoun points at a person named earlier in its own sentence.
            for m in reversed(self._sentence_people):
                if m.kind == "person" and m.entity_id and self._gender_of(m.entity_id) in ("", gender):
                    return replace(
                        m, text=text[hit.start : hit.end], start=hit.start, end=hit.end, confidence=0.7,
                        reason=f"'{text[hit.start:hit.end]}' → {m.name}, named earlier in the sentence",
                    )  # fmt: skip
        for pid in reversed(self.person_order):
            person = self.people[pid]
            if person.gender in ("", gender):
                return ActorMention(
                    text=text[hit.start : hit.end], start=hit.start, end=hit.end,
                    code=_mention_code(person.country, person.sector),
                    country=person.country, sector=person.sector, name=person.name,
                    kind="person", entity_id=person.entity_id, title=person.title,
                    reason=f"'{text[hit.start:hit.end]}' → {person.name}, the last person named",
                    confidence=0.7,
                )  # fmt: skip
        return None

    def _gender_of(self, entity_id: str) -> str:
        person = self.people.get(entity_id)
        if person is not None:
            return person.gender
        entry = self.d.entries.get(entity_id)
        return entry.gender if entry is not None else ""

    def _country_name(self, code: str) -> str:
        entry = self.d.entries.get(f"state:{code}")
        return entry.name if entry else code

    def _place_country(self, place: str) -> str | None:
        for entry in self.d.find(place):
            if entry.kind == "state":
                return entry.country
        city = load_gazetteer().coordinates(place, None)
        return city.country if city is not None else None

    # -- memory ----------------------------------------------------------------------------
    def _remember(self, mentions: list[ActorMention]) -> None:
        for m in mentions:
            if m.confidence < MIN_ACTOR_CONFIDENCE:
                continue
            for member in m.members or [m]:
                if member.is_place or member.kind == "collective":
                    continue
                if REAL_COUNTRY.match(member.country) and m.kind != "collective":
                    self.country_counts[member.country] += 1
                    self.first_seen.setdefault(member.country, len(self.first_seen))
            if m.kind == "person" and m.entity_id:
                self._remember_person(m)

    def _remember_person(self, m: ActorMention) -> None:
        person = self.people.get(m.entity_id)
        if person is None:
            gender = ""
            entry = self.d.entries.get(m.entity_id)
            forms = {fold(m.name)}
            if entry is not None:
                gender = entry.gender
                forms |= {fold(f.text) for f in self.d.forms_of(entry.key)}
            words = m.name.split()
            if len(words) > 1:
                forms.add(fold(words[-1]))  # "Dar", "Kupfer"
                forms.add(fold(" ".join(words[-2:])))  # "Ishaq Dar"
            person = Person(m.entity_id, m.name, m.country, m.sector, m.title, gender, forms)
            self.people[m.entity_id] = person
            self._rebuild_dynamic()
        if m.entity_id in self.person_order:
            self.person_order.remove(m.entity_id)
        self.person_order.append(m.entity_id)

    def _rebuild_dynamic(self) -> None:
        self._names = tuple(sorted({f for p in self.people.values() for f in p.forms if f}, key=len, reverse=True))


OBJECT_PRONOUNS = {"him", "her"}
MODIFIER_GAP = re.compile(r"^(?:['’]s)?\s+([a-z][a-z\-]+)\s+$")
NOT_MODIFIERS = FUNCTION_WORDS | {
    "but", "nor", "said", "says", "say", "told", "tells", "which", "who", "whose", "than", "is", "are",
    "was", "were", "be", "been", "has", "have", "had", "will", "would", "could", "should", "may", "might",
    "must", "not", "also",
}  # fmt: skip


def _modifier_gap(gap: str, left: set[str]) -> bool:
    """A state's possessive or adjective, one modifier, then an agent ("Israel struck militants" is not)."""
    m = MODIFIER_GAP.match(gap)
    if m is None or m.group(1) in NOT_MODIFIERS:
        return False
    possessive = gap[:1] in "'’"
    return ("name" in left and possessive) or ("adjective" in left and not possessive)




def _feature_mention(text: str, start: int, end: int) -> ActorMention:
    """ "the Sea of Japan", "the Horn of Africa": a place whose name holds no actor."""
    surface = text[start:end]
    return ActorMention(
        text=surface, start=start, end=end, code="", country="", sector="", name=surface, kind="place",
        is_place=True, reason=f"'{surface}' is a geographic feature: a place, not an actor", confidence=0.95,
    )  # fmt: skip


def _bounded(text: str, start: int, end: int) -> bool:
    before = text[start - 1] if start > 0 else " "
    after = text[end] if end < len(text) else " "
    return not (before.isalnum() or before == "_") and not (after.isalnum() or after == "_")


def _mark_places(mentions: list[ActorMention], parse: Any) -> None:
    """ "in Beijing", "security … in Pakistan": a state or capital as the object of a
    locative preposition is where something happens, not who does it."""
    for m in mentions:
        if m.kind != "state" or m.members:
            continue
        head = _head_token(parse, m.start, m.end)
        while head is not None and head.dep_ == "conj" and head.head.i != head.i:
            head = head.head  # "in Split and Zagreb"
        if head is None:
            continue
        if head.dep_ == "appos" and _is_place_noun(head.head):
            m.is_place = True  # "the streets of the capital, Antananarivo"
            m.reason += "; names a place ('the capital, …') → place, not actor"
            continue
        if head.dep_ in ("poss", "compound") and _is_place_noun(head.head):
            head = head.head  # "in Pakistan's Balochistan province"
        if head.dep_ == "pobj" and head.head.lower_ in LOCATIVE_PREPS and head.head.dep_ != "agent":
            # "talks with Beijing" keeps the actor; the lexicon names such partners.
            m.is_place = True
            m.reason += "; object of locative 'in/at/…' → place, not actor"


PLACE_NOUNS = {"province", "region", "city", "capital", "district", "town", "village", "state", "territory",
               "area", "county", "border", "oblast", "governorate", "prefecture", "port", "island", "camp",
               "neighbourhood", "neighborhood", "suburb", "outskirts", "streets", "street", "square"}  # fmt: skip


def _is_place_noun(token: Any) -> bool:
    return token.lemma_.lower() in PLACE_NOUNS or (token.pos_ == "PROPN" and token.lower_ in PLACE_NOUNS)


def _people_of_states(mentions: list[ActorMention], parse: Any) -> None:
    """ "Millions of Americans", "Kenyans affected by floods": a plural demonym names the
    state's people, not the state."""
    for m in mentions:
        if m.kind != "state" or m.sector or m.members or m.is_place:
            continue
        tokens = span_tokens(parse, m.start, m.end)
        if len(tokens) != 1 or any(c.dep_ == "det" and c.lower_ == "the" for c in tokens[0].children):
            continue  # "the Americans agreed …": the state's side in a negotiation
        if tokens[0].tag_ in ("NNS", "NNPS") and "(adjective)" in m.reason:
            m.sector, m.code = "CVL", _mention_code(m.country, "CVL")
            m.reason += "; a plural demonym: the state's people"


def _adjectival_agent(m: ActorMention, parse: Any) -> bool:
    """ "threatened military action", "a military operation": an agent word used as an
    adjective describes the act; it names no actor."""
    if m.country != "---" or m.members:
        return False
    tokens = span_tokens(parse, m.start, m.end)
    if len(tokens) != 1 or tokens[0].dep_ not in ("amod", "compound"):
        return False
    head = tokens[0].head
    return head.i > tokens[0].i and head.lemma_.lower() in _act_nouns()


@lru_cache(maxsize=1)
def _act_nouns() -> frozenset[str]:
    text = resources.files("dyad.data").joinpath("actors/act_nouns.yaml").read_text(encoding="utf-8")
    return frozenset(str(w).lower() for w in (yaml.safe_load(text) or {}).get("act_nouns", []))


# People who are where the story happens: police, protesters, victims, not visiting officials or troops.
LOCAL_SECTORS = {"COP", "CVL", "LAB", "EDU", "HLH", "AGR", "REF", "MED", "BUS", "JUD", "CRM", "REL", "LEG"}


def _place_agents(mentions: list[ActorMention]) -> None:
    """ "Police fired tear gas … in the capital, Antananarivo": an agent of no known country takes
    the country of the places its sentence names, when they agree on one."""
    countries = {m.country for m in mentions if m.is_place and REAL_COUNTRY.match(m.country or "")}
    if len(countries) != 1:
        return
    [country] = countries
    for m in mentions:
        if m.country == "---" and m.sector in LOCAL_SECTORS and not m.members and not m.is_place:
            m.country = country
            m.code = _mention_code(country, m.sector)
            m.confidence = min(m.confidence, 0.7)
            m.reason += f"; the sentence takes place in {country}"


LOCALISING_PREPS = {"in", "throughout", "across", "inside", "within", "from", "of"}


def _localise_agents(mentions: list[ActorMention], parse: Any) -> None:
    """ "rebels in Ivory Coast", "students throughout Indonesia", "refugees from Liberia",
    "a group based in Trinidad": a bare agent takes the country of the place that
    qualifies it."""
    states = [m for m in mentions if m.kind == "state" and not m.members]
    for m in mentions:
        if m.country != "---" or m.members:
            continue
        head = _head_token(parse, m.start, m.end)
        if head is None:
            continue
        place = _qualifying_state(head, states)
        if place is not None:
            m.country = place.country
            m.code = _mention_code(place.country, m.sector)
            m.confidence = min(m.confidence, 0.8)
            m.reason += f"; '{place.text}' qualifies it → {place.country}"


MODIFIER_DEPS = {"compound", "poss", "amod", "nmod"}


def _qualifying_state(head: Any, states: list[ActorMention]) -> ActorMention | None:
    # "the Istanbul chief prosecutor's office", "Myanmar's ruling military"
    modifiers = [c for c in head.children if c.dep_ in MODIFIER_DEPS]
    while modifiers:
        child = modifiers.pop()
        for st in states:
            if st.start <= child.idx < st.end and st.end <= head.idx:
                return st
        modifiers.extend(c for c in child.children if c.dep_ in MODIFIER_DEPS)
    candidates = [c for c in head.children if c.dep_ == "prep"]
    for child in head.children:
        if child.dep_ == "acl":  # "based in", "operating in", "living in"
            candidates.extend(c for c in child.children if c.dep_ == "prep")
    for prep in candidates:
        if prep.lower_ not in LOCALISING_PREPS:
            continue
        for pobj in prep.children:
            if pobj.dep_ != "pobj":
                continue
            for st in states:
                if st.start <= pobj.idx < st.end:
                    return st
    return None


def span_tokens(parse: Any, start: int, end: int) -> list[Any]:
    """Tokens wholly inside [start, end) — a C-level lookup instead of a scan of the sentence."""
    span = parse.char_span(start, end, alignment_mode="contract")
    return list(span) if span is not None else []


def _head_token(parse: Any, start: int, end: int) -> Any:
    tokens = span_tokens(parse, start, end)
    if not tokens:
        return None
    for t in tokens:
        if t.head.i == t.i or not (start <= t.head.idx < end):
            return t
    return tokens[-1]


__all__ = ["DocumentActors", "fold_aligned", "span_tokens"]
