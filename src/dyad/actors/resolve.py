"""Turning dictionary hits into resolved actor mentions, one document at a time.

A `DocumentActors` object walks a document's sentences in order and remembers
who has been named (people introduced by a title, the states taking part), so
that later "Dar", "he", "the minister" and "the two sides" resolve to them.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from dataclasses import replace
from typing import Any

from dyad.actors.antecedents import Antecedents, named_together
from dyad.actors.compose import UNAMBIGUOUS_FUNCTIONS, Draft, Person, joins
from dyad.actors.dictionary import ActorDictionary, Entry, Form, Role, fold
from dyad.actors.matcher import ActorMatcher, Hit, fold_aligned, select_longest
from dyad.actors.orgnames import organisation_hits
from dyad.actors.places import city_hits, feature_spans, load_gazetteer, outside_features
from dyad.actors.situate import (
    LOCAL_SECTORS,
    LOCALISING_PREPS,
    LOCATIVE_PREPS,
    PLACE_NOUNS,
    REAL_COUNTRY,
    feature_mention,
    mention_code,
    situate,
    span_tokens,
    state_code,
)
from dyad.actors.surnames import person_role, person_shorts, pick_surname
from dyad.models import ActorMention

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
MIN_ACTOR_CONFIDENCE = 0.5  # below this a mention is shown by `explain` but never coded


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
        self._sentence_bodies: set[str] = set()  # countries of the groups and bodies the sentence names
        self._counts_of: dict[int, Counter[str]] = {}  # sentence → the states it named (`settle`)
        self._pair: tuple[str, str] | None = None  # the last two states named together ("X and Y")
        self.antecedents = Antecedents()  # "the company": the one named before

    # -- public ----------------------------------------------------------------------------
    def resolve(
        self, text: str, parse: Any = None, *, sentence: int | None = None, found: list[Hit] | None = None
    ) -> list[ActorMention]:
        """Mentions of one sentence; `parse` (a spaCy Doc of `text`) refines places and roles;
        `sentence` (its index) lets `settle` tell what the rest of the story says; `found`, when
        given, is what `self.matcher.find(text)` returned (not searched again)."""
        features = feature_spans(text)
        found = self.matcher.find(text) if found is None else found
        hits = outside_features(found + self._dynamic_hits(text), features)
        hits = select_longest(hits + organisation_hits(text, self.d.name_heads, hits))
        if parse is not None:
            taken = hits + [Hit(s, e, ()) for s, e in features]
            cities = city_hits(parse, taken, self._context_countries(), load_gazetteer(), text)
            hits = select_longest(hits + cities)
        self._sentence_states, self._sentence_bodies = self._unambiguous_states(hits)
        mentions = self._compose(text, hits) + [feature_mention(text, s, e) for s, e in features]
        mentions.sort(key=lambda m: m.start)
        self.antecedents.refer(text, mentions)  # before `situate` gives bare agents the sentence's country
        if parse is not None:
            mentions = situate(mentions, parse)
        self._pair = named_together(text, mentions) or self._pair
        self._story_agents(mentions)
        named = self._remember(self.antecedents.counted(mentions))
        if sentence is not None:
            self._counts_of[sentence] = named
        return [m for m in mentions if m.code or m.members or m.is_place]

    def _context_countries(self) -> set[str]:
        found = {c for c, n in self.country_counts.items() if n}
        return found | {self.dateline_country} if self.dateline_country else found

    def participants(self) -> list[str]:
        """The two states "the two sides" are: the last two named together ("Russia and Ukraine
        agreed …", "talks between Russia and Ukraine"), else the two the document names most."""
        if self._pair is not None:
            return list(self._pair)
        ranked = sorted(
            (c for c in self.country_counts if REAL_COUNTRY.match(c) and self.country_counts[c]),
            key=lambda c: (-self.country_counts[c], self.first_seen.get(c, 0)),
        )
        return ranked[:2]

    def counterpart(self, country: str) -> str | None:
        """The other of the two states a story is about, when it is plainly about two (the last
        two named together, or the two named most, the second more often than any third; each
        named at least twice) and `country` is one."""
        counts = self.country_counts
        if self._pair is not None and min(counts[c] for c in self._pair) >= 2:  # named together
            return {self._pair[0]: self._pair[1], self._pair[1]: self._pair[0]}.get(country)
        ranked = sorted(
            (c for c in counts if state_code(c) and counts[c]),
            key=lambda c: (-counts[c], self.first_seen.get(c, 0)),
        )
        if len(ranked) < 2 or country not in ranked[:2]:
            return None
        third = counts[ranked[2]] if len(ranked) > 2 else 0
        if counts[ranked[1]] < 2 or counts[ranked[1]] <= third:
            return None
        return ranked[1] if country == ranked[0] else ranked[0]

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
            if groups and joins(groups[-1][-1], hit, text):
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

    def _mention_from_group(self, text: str, group: list[Hit]) -> ActorMention | None:
        draft = Draft(group[0].start, group[-1].end)
        for i, hit in enumerate(group):
            picked = self._surname_pick(text, group, i)
            if picked is None and person_shorts(hit):
                hit = Hit(hit.start, hit.end, tuple(f for f in hit.forms if f not in person_shorts(hit)))
                if not hit.forms:
                    if len(group) == 1:
                        return None
                    continue
            form = picked[0] if picked else self._choose_form(hit)
            if form.function == "collective":
                return self._collective(text, hit)
            if form.function == "pronoun":
                return self._pronoun(text, hit)
            self._add_part(draft, form, text[hit.start : hit.end], picked[1] if picked else None)
        if draft.kind == "person" and not draft.entity_id and "agent" in group[-1].functions:
            new = TITLE_NAME.match(text[draft.end :])
            if new and self._plausible_name(new.group(1)):
                draft.introduce(new.group(1), draft.end + new.end(1))
        return draft.mention(text, self._bare_agent_country())

    def _add_part(self, draft: Draft, form: Form, surface: str, picked_why: str | None) -> None:
        """One hit's contribution; `picked_why` says how a bare surname was matched to its person."""
        if form.function == "docperson":
            draft.refer_back(self.people[form.key.split(":", 1)[1]], surface)
        elif form.function == "agent":
            draft.add_agent(form, surface)
        elif form.function == "city":
            draft.add_city(load_gazetteer().city(int(form.key.split(":", 1)[1])), form.key, surface)
        elif (entry := self.d.entries.get(form.key)) is None:
            return
        elif entry.kind == "person":
            role, why = self._person_role(entry)
            draft.add_person(entry, role, why + (f"; {picked_why}" if picked_why is not None else ""), surface)
        elif entry.kind == "state":
            draft.add_state(entry, form, surface, in_context=self._country_in_context(entry.country))
        elif entry.kind == "organisation":
            draft.add_body(entry, entry.sector, surface)
        elif entry.kind == "group":
            draft.add_body(entry, self._group_sector(entry), surface)

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
        or other states named beside it ("Egypt and Jordan agreed"), or its own groups and bodies
        ("M23 rebels withdrew from the Congolese town")."""
        return (
            self.country_counts.get(country, 0) > 0
            or self.dateline_country == country
            or country in self._sentence_bodies
            or bool(self._sentence_states)  # other states, or its own capital: "Georgians rallied in Tbilisi"
        )

    def _unambiguous_states(self, hits: list[Hit]) -> tuple[set[str], set[str]]:
        """The states a sentence names unambiguously, and the countries of its groups and bodies."""
        states: set[str] = set()
        bodies: set[str] = set()
        for hit in hits:
            found = [(f, e) for f in hit.forms if (e := self.d.entries.get(f.key)) is not None]
            entries = [e for _, e in found]
            clear = [e for f, e in found if not e.ambiguous or f.function in UNAMBIGUOUS_FUNCTIONS]
            states.update(e.country for e in clear if e.kind == "state")
            bodies.update(e.country for e in entries if e.kind in ("organisation", "group") and len(hit.forms) == 1)
        return states, bodies

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
                m.country, m.code = country, mention_code(country, m.sector)
                m.confidence = min(m.confidence, 0.6)
                m.reason += f"; the story takes place in {country}"

    def settle(self, m: ActorMention, sentence: int | None = None) -> ActorMention:
        """An event's actor once the whole document is read: an official, police or protesters
        of no stated country in a story plainly about one country are that country's, even when
        the story names the country only after them ("The National Police fired …" in a lede
        whose country comes later). Troops and armed groups are left: they are often foreign.
        Officials take only what the rest of the story says: a sentence naming the country it
        visits ("the envoy met Jamaica's prime minister") does not make its visitor a local."""
        if m.country != "---" or m.members or m.is_place or m.sector not in SETTLED_SECTORS:
            return m
        own = Counter() if sentence is None or m.sector in LOCAL_SECTORS else self._counts_of.get(sentence, Counter())
        country = self._story_country(self.country_counts - own)
        if country is None:
            return m
        return replace(
            m,
            country=country,
            code=mention_code(country, m.sector),
            confidence=min(m.confidence, 0.6),
            reason=m.reason + f"; the story is about {country}",
        )

    def _story_country(self, counts: Counter[str] | None = None) -> str | None:
        """Its dateline's country, else a state named at least twice as often as any other; but
        in a story of two states named together ("Russia and Ukraine agreed …", told from
        Istanbul) only one of them: the people it tells of are not the host's."""
        country = self.dateline_country or self._most_named(self.country_counts if counts is None else counts)
        return country if self._pair is None or country in self._pair else None

    @staticmethod
    def _most_named(counts: Counter[str]) -> str | None:
        ranked = [c for c, _ in counts.most_common(2) if REAL_COUNTRY.match(c)]
        if not ranked:
            return None
        top = counts[ranked[0]]
        second = counts[ranked[1]] if len(ranked) > 1 else 0
        return ranked[0] if top >= 2 and top >= 2 * second else None

    def _collective(self, text: str, hit: Hit) -> ActorMention | None:
        parts = self._sentence_pair() or self.participants()
        if len(parts) < 2:
            return None
        surface = text[hit.start : hit.end]
        members = [
            ActorMention(
                text=surface, start=hit.start, end=hit.end, code=c, country=c, sector="",
                name=self.country_name(c), kind="state", confidence=0.8,
                reason=f"'{surface}' → the document's participants {parts[0]} and {parts[1]}",
            )
            for c in parts
        ]  # fmt: skip
        return ActorMention(
            text=surface, start=hit.start, end=hit.end, code="", country="", sector="",
            name=" and ".join(m.name for m in members), kind="collective",
            reason=members[0].reason, confidence=0.8, members=members,
        )  # fmt: skip

    def _sentence_pair(self) -> list[str]:
        """ "… India and Pakistan …, the most serious clash between the two neighbours": the last two
        states named before it in its own sentence."""
        states: list[str] = []
        for m in self._sentence_people:  # "X's president met China's foreign minister, with both sides …"
            if not m.members and REAL_COUNTRY.match(m.country) and m.country not in states:
                states.append(m.country)
        return states[-2:] if len(states) >= 2 else []

    def _pronoun(self, text: str, hit: Hit) -> ActorMention | None:
        form = hit.forms[0]
        entry = self.d.entries.get(form.key)
        gender = entry.note if entry else ""
        surface = text[hit.start : hit.end].lower()
        if surface in SUBJECT_PRONOUNS and any(self._person_fits(m, gender) for m in self._sentence_people):
            # "Trump said he had spoken to …": the person named before it in its own sentence,
            # whom the sentence's grammar already makes the one who acts; not someone earlier.
            return None
        named = self._sentence_people if surface in OBJECT_PRONOUNS else []
        for m in reversed(named):
            if self._person_fits(m, gender):
                return replace(
                    m, text=text[hit.start : hit.end], start=hit.start, end=hit.end, confidence=0.7,
                    reason=f"'{text[hit.start:hit.end]}' → {m.name}, named earlier in the sentence",
                )  # fmt: skip
        for pid in reversed(self.person_order):
            person = self.people[pid]
            if person.gender in ("", gender):
                return ActorMention(
                    text=text[hit.start : hit.end], start=hit.start, end=hit.end,
                    code=mention_code(person.country, person.sector),
                    country=person.country, sector=person.sector, name=person.name,
                    kind="person", entity_id=person.entity_id, title=person.title,
                    reason=f"'{text[hit.start:hit.end]}' → {person.name}, the last person named",
                    confidence=0.7,
                )  # fmt: skip
        return None

    def _person_fits(self, m: ActorMention, gender: str) -> bool:
        return m.kind == "person" and bool(m.entity_id) and self._gender_of(m.entity_id) in ("", gender)

    def _gender_of(self, entity_id: str) -> str:
        person = self.people.get(entity_id)
        if person is not None:
            return person.gender
        entry = self.d.entries.get(entity_id)
        return entry.gender if entry is not None else ""

    def country_name(self, code: str) -> str:
        entry = self.d.entries.get(f"state:{code}")
        return entry.name if entry else code

    def _place_country(self, place: str) -> str | None:
        for entry in self.d.find(place):
            if entry.kind == "state":
                return entry.country
        city = load_gazetteer().coordinates(place, None)
        return city.country if city is not None else None

    # -- memory ----------------------------------------------------------------------------
    def _remember(self, mentions: list[ActorMention]) -> Counter[str]:
        """Counts the states named (returned too) and remembers the people."""
        named: Counter[str] = Counter()
        for m in mentions:
            if m.confidence < MIN_ACTOR_CONFIDENCE:
                continue
            for member in m.members or [m]:
                if member.is_place or member.kind == "collective":
                    continue
                if REAL_COUNTRY.match(member.country) and m.kind != "collective":
                    self.country_counts[member.country] += 1
                    named[member.country] += 1
                    self.first_seen.setdefault(member.country, len(self.first_seen))
            if m.kind == "person" and m.entity_id:
                self._remember_person(m)
        return named

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
SUBJECT_PRONOUNS = {"he", "she"}
# Sectors an agent of no stated country takes from a story about one country (`settle`).
SETTLED_SECTORS = LOCAL_SECTORS | {"GOV", "OPP", "PTY"}


def _bounded(text: str, start: int, end: int) -> bool:
    before = text[start - 1] if start > 0 else " "
    after = text[end] if end < len(text) else " "
    return not (before.isalnum() or before == "_") and not (after.isalnum() or after == "_")


__all__ = [
    "LOCALISING_PREPS",
    "LOCATIVE_PREPS",
    "MIN_ACTOR_CONFIDENCE",
    "PLACE_NOUNS",
    "DocumentActors",
    "fold_aligned",
    "span_tokens",
]
