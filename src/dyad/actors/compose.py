"""One mention from adjacent dictionary hits: which hits join, and the draft that collects their parts.

"Pakistan's Deputy Prime Minister Ishaq Dar" is three hits (a state, a title, a person); `joins`
says they belong together and a `Draft` takes each part's country, sector, name and reason in turn.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from dyad.actors.dictionary import Entry, Form, Role, fold
from dyad.actors.matcher import Hit
from dyad.actors.places import City
from dyad.actors.situate import mention_code
from dyad.actors.surnames import FUNCTION_WORDS
from dyad.models import ActorMention

STATE_FUNCTIONS = {"name", "adjective", "capital", "prefix", "institution", "city"}
# Gaps allowed between the parts of one mention: "Pakistan's Deputy Prime Minister/Foreign
# Minister Ishaq Dar", "Foreign Minister of Pakistan".
JOIN_GAP = re.compile(r"^(?:\s+|['’]s\s+|\s*/\s*|\s+of\s+(?:the\s+)?)$")
AMBIGUOUS_CONFIDENCE = 0.45
UNAMBIGUOUS_FUNCTIONS = frozenset({"capital", "institution"})  # forms an ambiguous state name does not share
MODIFIER_GAP = re.compile(r"^(?:['’]s)?\s+([a-z][a-z\-]+)\s+$")
NOT_MODIFIERS = FUNCTION_WORDS | {
    "but", "nor", "said", "says", "say", "told", "tells", "which", "who", "whose", "than", "is", "are",
    "was", "were", "be", "been", "has", "have", "had", "will", "would", "could", "should", "may", "might",
    "must", "not", "also",
}  # fmt: skip


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


def is_person_hit(hit: Hit) -> bool:
    return any(f.function == "docperson" or f.key.startswith("person:") for f in hit.forms)


def joins(left: Hit, right: Hit, text: str) -> bool:
    """Whether `right` continues the mention that `left` ends."""
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
        return bool(rf & {"agent", "docperson", "institution"}) or (is_person_hit(right) and not is_person_hit(left))
    if lf & {"short", "docperson"} or is_person_hit(left):
        # "the Trump administration", "Netanyahu's government": the leader's government
        return any(f.function == "agent" and f.agent_kind == "organisation" and f.sector == "GOV"
                   for f in right.forms)  # fmt: skip
    return False


def _modifier_gap(gap: str, left: set[str]) -> bool:
    """A state's possessive or adjective, one modifier, then an agent ("Israel struck militants" is not)."""
    m = MODIFIER_GAP.match(gap)
    if m is None or m.group(1) in NOT_MODIFIERS:
        return False
    possessive = gap[:1] in "'’"
    return ("name" in left and possessive) or ("adjective" in left and not possessive)


@dataclass
class Draft:
    """A mention being assembled from the hits of one group, left to right."""

    start: int
    end: int
    country: str = ""
    sector: str = ""
    kind: str = ""
    name: str = ""
    org: str = ""
    title: str = ""
    entity_id: str = ""
    confidence: float = 0.95
    reasons: list[str] = field(default_factory=list)

    def cap(self, confidence: float) -> None:
        self.confidence = min(self.confidence, confidence)

    def refer_back(self, person: Person, surface: str) -> None:
        """ "Dar", named in full earlier in the document."""
        self.country, self.sector = person.country, person.sector
        self.kind, self.name, self.entity_id, self.title = "person", person.name, person.entity_id, person.title
        self.reasons.append(f"'{surface}' refers back to {person.name}")
        self.cap(0.85)

    def add_agent(self, form: Form, surface: str) -> None:
        if form.key.startswith("orgname:"):
            # An organisation known only by the shape of its name.
            self.country = self.country or form.key.split(":")[1]
            self.sector = self.sector or form.sector
            self.kind, self.name, self.entity_id = "organisation", surface, form.key
            self.reasons.append(f"'{surface}' is named like an organisation ({form.sector or 'no sector'})")
            self.cap(0.7)
        elif self.kind == "person" and form.agent_kind == "organisation" and form.sector == "GOV":
            # the leader's administration, in office or not
            self.kind, self.sector, self.title = "organisation", "GOV", ""
            self.reasons.append(f"'{surface}' of {self.name}: that state's government")
        else:
            if not self.sector or self.kind != "person":
                self.sector = form.sector or self.sector
            self.title = self.title or surface
            if form.agent_kind == "person" and not self.entity_id:
                self.kind = "person"  # "US Deputy Secretary …": a person, not the state
            elif self.kind in ("", "state"):
                self.kind = "organisation"
            self.reasons.append(f"'{surface}' sets sector {form.sector or '-'}")

    def add_city(self, city: City, key: str, surface: str) -> None:
        self.country, self.name, self.kind = self.country or city.country, self.name or city.name, self.kind or "state"
        self.entity_id = self.entity_id or key
        self.reasons.append(f"'{surface}' is the city of {city.name} ({city.country})")

    def add_person(self, entry: Entry, role: Role, why: str, surface: str) -> None:
        self.country, self.org = role.country, role.org
        self.sector = role.sector if role.sector or not self.sector else self.sector
        self.kind, self.name, self.title = "person", entry.name, role.title
        self.entity_id = entry.key
        self.reasons.append(f"'{surface}' is {entry.name}, {why}")

    def add_state(self, entry: Entry, form: Form, surface: str, *, in_context: bool) -> None:
        # "Georgia" may be the US state; "Tbilisi" and "Georgian Dream" are always Georgia's
        if entry.ambiguous and form.function not in UNAMBIGUOUS_FUNCTIONS and not in_context:
            # "Georgia", "Jordan", "Chad": only other signs of the state in the story
            # (its adjective, capital, people, dateline) make it the state.
            self.cap(AMBIGUOUS_CONFIDENCE)
            self.reasons.append(
                f"'{surface}' is ambiguous and nothing else in the story points to the state; not used as an actor"
            )
        self.country = self.country or entry.country
        if form.function == "capital" and not self.sector:
            self.sector = "GOV"
            self.reasons.append(f"'{surface}' (capital) stands for the {entry.name} government")
        elif form.function == "institution":
            self.sector = form.sector
            self.kind = self.kind or "organisation"
            self.reasons.append(f"'{surface}' is an institution of {entry.name}")
        else:
            self.reasons.append(f"'{surface}' ({form.function}) → {entry.name}")
        self.name = self.name or entry.name
        self.kind = self.kind or "state"

    def add_body(self, entry: Entry, sector: str, surface: str) -> None:
        """An organisation or armed group; `sector` is its sector on the story's date."""
        self.country, self.org = entry.country, entry.org
        self.sector = self.sector or sector
        self.name, self.kind = entry.name, entry.kind
        self.reasons.append(f"'{surface}' is {entry.name}")

    def introduce(self, name: str, end: int) -> None:
        """ "Secretary Jane Roe": a title followed by a name no dictionary knows."""
        self.name, self.end = name, end
        self.entity_id = "new:" + fold(name)
        self.reasons.append(f"'{name}' introduced by the title '{self.title}'")
        self.cap(0.85)

    def mention(self, text: str, fallback: str | None) -> ActorMention | None:
        """The finished mention; a person or organisation of no country takes `fallback` (the
        dateline's country of a domestic story) or none ("---"). None when no country is known."""
        if self.kind in ("person", "organisation") and not self.country:
            if fallback:
                self.country = fallback
                self.cap(0.5)
                self.reasons.append(f"country {fallback} from the dateline of a domestic story")
            else:
                self.country = "---"
                self.cap(0.6)
        if not self.country:
            return None
        return ActorMention(
            text=text[self.start : self.end], start=self.start, end=self.end,
            code=mention_code(self.country, self.sector, self.org), country=self.country, sector=self.sector,
            name=self.name or self.title or self.country, kind=self.kind or "state", reason="; ".join(self.reasons),
            confidence=self.confidence, entity_id=self.entity_id, title=self.title,
        )  # fmt: skip
