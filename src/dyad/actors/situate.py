"""Where each mention is and what it stands for, read from the sentence's parse.

A state after "in" is a place, not an actor; "Americans" are the state's people; "police" with no
country take the country of the place that qualifies them or where the sentence happens; an agent
word used as an adjective ("military action") names no actor.
"""

from __future__ import annotations

import re
from functools import lru_cache
from importlib import resources
from typing import Any

import yaml

from dyad.models import ActorMention

# "to", "on", "from" are left out: "a visit to China", "sanctions on Iran" name targets.
LOCATIVE_PREPS = {"in", "at", "near", "across", "throughout", "inside", "within", "around"}
REAL_COUNTRY = re.compile(r"^[A-Z]{3}$")


def state_code(country: str) -> bool:
    """A state's country code (not an IGO, an NGO or the unknown "---")."""
    return bool(REAL_COUNTRY.match(country)) and country not in ("IGO", "NGO")


def mention_code(country: str, sector: str, org: str = "") -> str:
    if country in ("IGO", "NGO"):
        return country + org + sector
    return (country or "---") + sector


def situate(mentions: list[ActorMention], parse: Any) -> list[ActorMention]:
    """Places marked, adjectival agents dropped, demonyms and bare agents given their country."""
    _mark_places(mentions, parse)
    mentions = [m for m in mentions if not _adjectival_agent(m, parse) and not _inside_a_quoted_name(m, parse)]
    _people_of_states(mentions, parse)
    _shared_adjectives(mentions, parse)
    _localise_agents(mentions, parse)
    _place_agents(mentions, parse)
    return mentions


def feature_mention(text: str, start: int, end: int) -> ActorMention:
    """ "the Sea of Japan", "the Horn of Africa": a place whose name holds no actor."""
    surface = text[start:end]
    return ActorMention(
        text=surface, start=start, end=end, code="", country="", sector="", name=surface, kind="place",
        is_place=True, reason=f"'{surface}' is a geographic feature: a place, not an actor", confidence=0.95,
    )  # fmt: skip


def _mark_places(mentions: list[ActorMention], parse: Any) -> None:
    """ "in Beijing", "security … in Pakistan": a state or capital as the object of a
    locative preposition is where something happens, not who does it."""
    for m in mentions:
        # "talks in Brussels", "a vote in the EU": a union of states named as where, too
        if (m.kind != "state" and not (m.country == "IGO" and not m.sector)) or m.members:
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
        # the parser tags some plural demonyms as singular names ("Georgians/NNP")
        plural = tokens[0].tag_ in ("NNS", "NNPS") or (tokens[0].tag_ == "NNP" and tokens[0].lower_.endswith("ns"))
        if plural and "(adjective)" in m.reason:
            m.sector, m.code = "CVL", mention_code(m.country, "CVL")
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


QUOTES = "\"'“”‘’«»"


def _inside_a_quoted_name(m: ActorMention, parse: Any) -> bool:
    """ "joined "No Kings" rallies", "staged "Save the Farmers" protests": words in quotation marks
    that name what follows them are a name, not an actor."""
    if m.kind == "state" or m.members:
        return False
    for tok in span_tokens(parse, m.start, m.end):
        inner = tok
        while inner.dep_ in ("compound", "amod", "nmod", "dobj", "det", "nsubj") and inner.head.i != inner.i:
            if inner.head.i > inner.i and inner.head.pos_ in ("NOUN", "PROPN") and _quoted(parse, inner, inner.head):
                return True
            inner = inner.head
    return False


def _quoted(parse: Any, tok: Any, named: Any) -> bool:
    """A quotation mark closes between `tok` and the noun it names, and one opens before it."""
    closes = any(t.text in QUOTES for t in parse[tok.i + 1 : named.i])
    opens = any(t.text in QUOTES for t in parse[max(0, tok.i - 4) : tok.i])
    return closes and opens


@lru_cache(maxsize=1)
def _act_nouns() -> frozenset[str]:
    text = resources.files("dyad.data").joinpath("actors/act_nouns.yaml").read_text(encoding="utf-8")
    return frozenset(str(w).lower() for w in (yaml.safe_load(text) or {}).get("act_nouns", []))


# People who are where the story happens: police, protesters, victims, not visiting officials or troops.
LOCAL_SECTORS = {"COP", "CVL", "LAB", "EDU", "HLH", "AGR", "REF", "MED", "BUS", "JUD", "CRM", "REL", "LEG"}


# Institutions that act at home ("Kenyan police", "Istanbul prosecutors", "the Kenyan parliament", the
# opposition); not media (news agencies report from abroad) nor victims, who are often foreigners.
HOME_SECTORS = {"COP", "JUD", "LEG", "OPP"}


def _grounds(m: ActorMention) -> bool:
    """A mention that says in which country the sentence happens: a place, or a domestic agent."""
    if not REAL_COUNTRY.match(m.country or ""):
        return False
    return m.is_place or (m.sector in HOME_SECTORS and not m.members)


def _place_agents(mentions: list[ActorMention], parse: Any) -> None:
    """ "Police fired tear gas … in the capital, Antananarivo", "prosecutors accuse the Kenyan
    opposition leader": an agent of no known country takes the country of the places and
    domestic agents its sentence names, when they agree on one; not in another clause, whose
    subject is a state of another country ("talks in Qatar, a day after Islamabad launched
    strikes, killing ten people": the dead are not Qatar's)."""
    grounds = [m for m in mentions if _grounds(m)]
    countries = {m.country for m in grounds}
    if len(countries) != 1:
        return
    [country] = countries
    for m in mentions:
        if m.country != "---" or m.sector not in LOCAL_SECTORS or m.members or m.is_place:
            continue
        if not _acted_on_elsewhere(parse, m, grounds, mentions):
            m.country = country
            m.code = mention_code(country, m.sector)
            m.confidence = min(m.confidence, 0.7)
            m.reason += f"; the sentence takes place in {country}"


def _shared_adjectives(mentions: list[ActorMention], parse: Any) -> None:
    """ "Israeli authorities and security forces", "Turkish police and soldiers": a bare agent
    coordinated with one whose country an adjective gives is of that country too."""
    by_head: dict[int, tuple[ActorMention, Any]] = {}
    for m in mentions:
        head = _head_token(parse, m.start, m.end)
        if head is not None:
            by_head[head.i] = (m, head)
    for m, head in list(by_head.values()):
        if m.country != "---" or m.members or m.is_place or head.dep_ != "conj":
            continue
        if any(c.dep_ in ("det", "poss") for c in head.children):
            continue  # "Turkish police and the soldiers": maybe others
        first = by_head.get(head.head.i)
        if first is None or not state_code(first[0].country) or first[0].start >= head.head.idx:
            continue
        if not any(c.dep_ in ("amod", "compound") and c.i < head.head.i for c in head.head.children):
            continue  # "Israel and militants": the first conjunct's country is its own name
        m.country = first[0].country
        m.code = mention_code(m.country, m.sector)
        m.confidence = min(m.confidence, 0.8)
        m.reason += f"; coordinated with '{first[0].text}' → {m.country}"


LOCALISING_PREPS = {"in", "throughout", "across", "inside", "within", "from", "of"}


def _localise_agents(mentions: list[ActorMention], parse: Any) -> None:
    """ "rebels in Ivory Coast", "students throughout Indonesia", "refugees from Liberia",
    "a group based in Trinidad": a bare agent takes the country of the place that
    qualifies it."""
    states = [m for m in mentions if m.kind == "state" and not m.members]
    # "the U.N. war crimes court": an international body qualifies an agent as a state does
    bodies = [m for m in mentions if m.country == "IGO" and not m.sector and not m.members]
    for m in mentions:
        if m.country != "---" or m.members:
            continue
        head = _head_token(parse, m.start, m.end)
        if head is None:
            continue
        place = _qualifying_state(head, states) or _qualifying_state(head, bodies, modifiers_only=True)
        if place is not None:
            m.country = place.country
            m.code = mention_code(place.country, m.sector, place.code[len(place.country) :])
            m.confidence = min(m.confidence, 0.8)
            m.reason += f"; '{place.text}' qualifies it → {place.country}"


MODIFIER_DEPS = {"compound", "poss", "amod", "nmod"}


def _qualifying_state(head: Any, states: list[ActorMention], *, modifiers_only: bool = False) -> ActorMention | None:
    # "the Istanbul chief prosecutor's office", "Myanmar's ruling military"
    modifiers = [c for c in head.children if c.dep_ in MODIFIER_DEPS]
    while modifiers:
        child = modifiers.pop()
        for st in states:
            if st.start <= child.idx < st.end and st.end <= head.idx:
                return st
        modifiers.extend(c for c in child.children if c.dep_ in MODIFIER_DEPS)
    if modifiers_only:
        return None
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
            # "in the Somali capital", "in Pakistan's Balochistan province"
            for tok in (pobj, *(c for c in pobj.children if c.dep_ in MODIFIER_DEPS)):
                for st in states:
                    if st.start <= tok.idx < st.end:
                        return st
    return None


def span_tokens(parse: Any, start: int, end: int) -> list[Any]:
    """Tokens wholly inside [start, end) — a C-level lookup instead of a scan of the sentence."""
    span = parse.char_span(start, end, alignment_mode="contract")
    return list(span) if span is not None else []


def _clause(parse: Any, m: ActorMention) -> Any:
    """The verb of the nearest clause around `m` that has a subject, or None."""
    token = _head_token(parse, m.start, m.end)
    while token is not None and token.head.i != token.i:
        token = token.head
        if token.pos_ in ("VERB", "AUX") and any(c.dep_ in ("nsubj", "nsubjpass") for c in token.children):
            return token
    return None


def _acted_on_elsewhere(parse: Any, m: ActorMention, grounds: list[ActorMention], mentions: list[ActorMention]) -> bool:
    """`m` is in a clause none of the grounding mentions is in, whose subject is a state of
    another country than theirs."""
    clause = _clause(parse, m)
    if clause is None or any((g := _clause(parse, p)) is not None and g.i == clause.i for p in grounds):
        return False
    subject = next(c for c in clause.children if c.dep_ in ("nsubj", "nsubjpass"))
    actor = next((a for a in mentions if a.start <= subject.idx < a.end and not a.is_place), None)
    return actor is not None and state_code(actor.country) and actor.country != grounds[0].country


def _head_token(parse: Any, start: int, end: int) -> Any:
    tokens = span_tokens(parse, start, end)
    if not tokens:
        return None
    for t in tokens:
        if t.head.i == t.i or not (start <= t.head.idx < end):
            return t
    return tokens[-1]
