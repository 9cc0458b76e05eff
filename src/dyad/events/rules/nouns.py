"""Noun triggers and light verbs: "held talks", "imposed sanctions" (an event noun with a
light verb, coded on the verb), and nominal events ("the dialogue between Pakistan and
China", "North Korea's threat", "Palestinian riots")."""

from __future__ import annotations

from typing import Any

from dyad.actors.situate import REAL_COUNTRY
from dyad.events import syntax as syn
from dyad.events.context import SentenceContext
from dyad.events.lexicon import Pattern
from dyad.events.rules.actors import Pair, all_pairs, np_actors, or_none, unique
from dyad.events.rules.modality import apply_mode, mode
from dyad.events.rules.sources import sources
from dyad.events.rules.targets import prep_targets
from dyad.events.spans import phrase_extent
from dyad.models import ActorMention, Provenance


def noun_pattern_for(ctx: SentenceContext, noun: Any, verb_lemma: str) -> Pattern | None:
    """The event noun's pattern when `verb_lemma` is its light verb; it may be phrasal
    ("carry out"), and the bare verb counts too."""
    preps = syn.prep_words(noun) | syn.prep_words(noun.head)
    verbs = {verb_lemma, verb_lemma.split(" ")[0]}
    fitting = []
    for p in ctx.noun_patterns(noun):
        if p.verbs and not verbs & p.verbs:
            continue
        if not p.verbs and not verbs & ctx.lexicon.light_verbs:
            continue
        fitting.append((bool(p.verbs), bool(set(p.preps) & preps), p))
    if not fitting:
        return None
    return max(fitting, key=lambda f: (f[0], f[1]))[2]


def with_its_preposition(patterns: list[Pattern], noun: Any) -> Pattern:
    """ "embark on a tour of Ghana": of entries sharing a noun, the one whose preposition is there."""
    preps = syn.prep_words(noun)
    return next((p for p in patterns if preps & set(p.preps)), patterns[0])


def code_nominal(ctx: SentenceContext, noun: Any) -> bool:
    """Rule `nominal`: an event noun with its parties around it, reported as having happened."""
    patterns = [p for p in ctx.noun_patterns(noun) if not p.verbs]
    if not patterns:
        return False
    verbs_object = noun.dep_ in syn.OBJECT and noun.head.pos_ in syn.VERBAL
    if verbs_object and not owned_by_actor(ctx, noun) and not has_own_parties(ctx, noun):
        return False  # handled with its verb (or its verb is not a light verb)
    pattern = patterns[0]
    verb = _prepositional_light_verb(ctx, noun)
    if verb is not None:
        return _code_with_light_verb(ctx, noun, verb, with_its_preposition(patterns, noun))
    pairs = _parties(ctx, noun, pattern) or _adjunct_parties(ctx, noun, pattern) or _claimed(ctx, noun, pattern)
    if not pairs:
        ctx.decide(noun, noun.lemma_, "event noun without two actors around it")
        return True
    # A nominal event ("during the dialogue between A and B") is reported as having
    # happened; the modality of the clause around it belongs to another event.
    mode = "negated" if syn.has_dep(noun, syn.NEG) else "asserted"
    if _purpose_of_travel(ctx, noun):
        mode = "intended"  # "heading to Doha for talks with Hamas": the talks are yet to come
    code = apply_mode(ctx, pattern.code, mode)
    why = Provenance("nominal", noun.lemma_, code, pattern.entry, pattern.origin)
    for pair in pairs:
        ctx.add(pair, code, mode, noun, why, ctx.policy.confidence.nominal, noun)
    _code_mediators(ctx, noun, pairs, mode)
    return True


def owned_by_actor(ctx: SentenceContext, noun: Any) -> bool:
    """ "protested Israel's military operation", "rejected Putin's demand": an event noun owned by
    an actor is that actor's event, whatever the verb over it does with it."""
    return any(c.dep_ == syn.POSS and c.i in ctx.token_actor for c in noun.children)


def _involved(ctx: SentenceContext, noun: Any) -> list[ActorMention]:
    """ "negotiations involving Iran and the United States": the parties named by a participle."""
    for child in noun.children:
        if child.dep_ == syn.ACL and child.lemma_.lower() in ctx.policy.words.involving_verbs:
            obj = syn.child(child, syn.OBJECT)
            found = np_actors(ctx, obj) if obj is not None else []
            if len(found) >= 2:
                return found
    return []


def _code_mediators(ctx: SentenceContext, noun: Any, pairs: list[Pair], mode: str) -> None:
    """ "talks between A and B, facilitated by Oman's foreign minister": Oman mediates (045) with
    each party."""
    parties = unique([m for pair in pairs for m in pair if m is not None])
    if len(parties) < 2:
        return
    for child in noun.subtree:
        if child.dep_ != syn.ACL or child.lemma_.lower() not in ctx.policy.words.mediating_verbs:
            continue
        agent = syn.child(child, syn.AGENT)
        pobj = syn.child(agent, syn.POBJ) if agent is not None else None
        mediators = np_actors(ctx, pobj) if pobj is not None else []
        code = ctx.policy.mediation_code
        why = Provenance("mediator", child.lemma_, code)
        for m in mediators:
            for party in parties:
                if party.country != m.country:
                    ctx.add((m, party), code, mode, child, why, ctx.policy.confidence.nominal, noun)
        # the verb rule's own reading of the participle, with no one to mediate between, is replaced
        ctx.result.candidates = [
            c for c in ctx.result.candidates
            if not (c.trigger.start == child.idx and c.target is None and c.code == code)
        ]


def _prepositional_light_verb(ctx: SentenceContext, noun: Any) -> Any:
    """ "will embark on a visit to …", "took part in talks with …": the verb whose light-verb
    phrase ("embark on") holds the event noun."""
    prep = noun.head
    if noun.dep_ != syn.POBJ or prep.dep_ != syn.PREP or prep.head.pos_ not in syn.VERBAL:
        return None
    verb = prep.head
    return verb if f"{verb.lemma_.lower()} {prep.lower_}" in ctx.lexicon.light_verbs else None


def _code_with_light_verb(ctx: SentenceContext, noun: Any, verb: Any, pattern: Pattern) -> bool:
    found = sources(ctx, verb)
    # "engaged in combat against X": the parser may hang the noun's preposition on the verb
    aimed = (prep_targets(ctx, noun, pattern.preps) or prep_targets(ctx, verb, pattern.preps)) if pattern.preps else []
    if not found:
        ctx.decide(noun, noun.lemma_, f"{pattern.code} fits, but '{verb.text}' has no actor as its subject")
        return True
    verb_mode = mode(ctx, verb)
    code = apply_mode(ctx, pattern.code, verb_mode)
    why = Provenance("light-verb", noun.lemma_, code, pattern.entry, pattern.origin)
    pairs: list[Pair] = [(s, t) for s in found for t in aimed if t.code != s.code] if aimed else []
    if not pairs:
        pairs = (all_pairs(found) if pattern.reciprocal else []) or [(s, None) for s in found]
    for pair in pairs:
        ctx.add(pair, code, verb_mode, noun, why, ctx.policy.confidence.nominal, verb)
    return True


def _parties(ctx: SentenceContext, noun: Any, pattern: Pattern) -> list[Pair]:
    parties = _between(ctx, noun) or _involved(ctx, noun)
    # "North Korea's threat", "violations by Azerbaijan": the actor of an event noun.
    owner = np_actors(ctx, noun, include_head=False) or prep_targets(ctx, noun, ("by",)) or _its_owner(ctx, noun)
    pairs: list[Pair]
    if parties and owner and pattern.code == ctx.policy.mediation_code:
        # "Qatari mediation between Israel and Hamas": the mediator's, with each party
        pairs = [(s, t) for s in owner for t in parties if t.code != s.code]
    elif parties:
        pairs = all_pairs(parties)
    elif pattern.target == "prep" or pattern.preps:
        targets = prep_targets(ctx, noun, pattern.preps)
        if not targets and owner and noun.dep_ in syn.OBJECT:
            # "protest Israel's operation in Gaza": the parser may hang the noun's phrase on the verb
            own = {o.country for o in owner}
            targets = [t for t in prep_targets(ctx, noun.head, pattern.preps) if t.country not in own]
        pairs = [(s, t) for s in owner for t in targets] if owner and targets else []
        if not pairs and len(owner) >= 2:
            pairs = all_pairs(owner)  # "the Pakistan-China dialogue"
    else:
        pairs = all_pairs(owner) if len(owner) >= 2 else []
    if not pairs and owner and pattern.code[:2] in ctx.policy.addressed_nominal_roots:
        pairs = [(s, t) for s in owner for t in _addressed(ctx, noun) if t.country != s.country]
    if not pairs and not owner and pattern.code[:2] in ctx.policy.one_sided_nominal_roots:
        owner = _local_people(ctx, noun)  # "demonstrations broke out in several US cities"
    if not pairs and owner and pattern.code[:2] in ctx.policy.one_sided_nominal_roots:
        # "Palestinian riots against …", "the Kenyan doctors' strike": a protest needs no other side.
        pairs = [(s, None) for s in owner]
    return pairs


def _addressed(ctx: SentenceContext, noun: Any) -> list[ActorMention]:
    """ "Putin's demand that Ukraine withdraw": the one a demand's clause asks to act;
    "Israel reopened the crossing following U.S. demands": the one who acted on it."""
    for clause in noun.children:
        if clause.dep_ in (syn.ACL, syn.CCOMP):
            subj = syn.child(clause, syn.SUBJECT)
            if subj is not None and np_actors(ctx, subj):
                return np_actors(ctx, subj)
    prep = noun.head
    if noun.dep_ != syn.POBJ or prep.lower_ not in ctx.policy.words.response_preps:
        return []
    clause = prep.head
    for _ in range(3):  # "reopened the crossing, allowing trucks to pass … following U.S. demands"
        if clause.pos_ not in syn.VERBAL:
            return []
        found = sources(ctx, clause)
        if found or clause.head.i == clause.i:
            return found
        clause = clause.head
    return []


def _local_people(ctx: SentenceContext, noun: Any) -> list[ActorMention]:
    """ "mass demonstrations broke out in several US cities", "protests erupted across Kenya": a
    protest of no one named is by the people of the one country it takes place in."""
    if noun.dep_ not in syn.SUBJECT:
        return []  # "joined thousands at a rally in Berlin": the protest of those who joined it
    phrases = [*syn.prep_phrases(noun), *syn.prep_phrases(noun.head)]
    # "in Tbilisi", "in several US cities", "in several Kenyan towns"
    # ("In the wake of strikes on Iran, protests broke out …": what comes before is the occasion)
    phrases = [(prep, pobj) for prep, pobj in phrases if prep in ctx.policy.words.locating_preps and pobj.i > noun.i]
    places = [m for _, pobj in phrases for t in pobj.subtree
              if (m := ctx.token_place.get(t.i) or _state_word(ctx, t)) is not None]  # fmt: skip
    countries = {m.country for m in places if REAL_COUNTRY.match(m.country)}
    if len(countries) != 1:
        return []
    [country] = countries
    lo, hi = phrase_extent(noun)
    return [ActorMention(text=noun.doc.text[lo:hi], start=lo, end=hi, code=country + CIVILIANS, country=country,
                         sector=CIVILIANS, name=f"people of {country}", kind="implied",
                         reason=f"a protest by no one named, in {places[0].text}: its people",
                         confidence=min(m.confidence for m in places))]  # fmt: skip


def _state_word(ctx: SentenceContext, tok: Any) -> ActorMention | None:
    m = ctx.token_actor.get(tok.i)
    return m if m is not None and m.kind == "state" and not m.sector and not m.members else None


ADJUNCT_PREPS = ("during", "at", "in", "on")
CIVILIANS = "CVL"


def _adjunct_parties(ctx: SentenceContext, noun: Any, pattern: Pattern) -> list[Pair]:
    """ "Wadephul, during a meeting with Wang Yi, called on China …", "apologized to his Qatari
    counterpart during a telephone call": an unowned event noun in an adjunct of a clause is
    the clause subject's, with the noun's own party or else the one the clause addresses."""
    prep = noun.head
    adjunct = prep.lower_ in ADJUNCT_PREPS or _purpose_of_travel(ctx, noun)
    if noun.dep_ != syn.POBJ or not adjunct or prep.head.pos_ not in syn.VERBAL:
        return []
    if np_actors(ctx, noun, include_head=False):
        return []
    verb = prep.head
    found = sources(ctx, verb)
    aimed = prep_targets(ctx, noun, pattern.preps) if pattern.preps else []
    if not aimed and pattern.code[:2] in ctx.policy.adjunct_roots:
        # "apologized to X during a telephone call"; not "… during the protests" (no one protested at X)
        aimed = unique([c.target for c in ctx.result.candidates if c.trigger.start == verb.idx and c.target])
    aimed = _most_specific(aimed)
    pairs: list[Pair] = [(s, t) for s in found for t in aimed if t.code[:3] != s.code[:3]]
    if pattern.reciprocal and not _purpose_of_travel(ctx, noun):  # the traveller's intent alone
        pairs += [(t, s) for s, t in pairs]
    return pairs


def _purpose_of_travel(ctx: SentenceContext, noun: Any) -> bool:
    """ "was heading to Doha for talks with Hamas", "flew to Cairo for a summit": what a journey
    is for."""
    prep = noun.head
    return noun.dep_ == syn.POBJ and prep.lower_ == "for" and prep.head.lemma_.lower() in ctx.policy.words.travel_verbs


def _claimed(ctx: SentenceContext, noun: Any, pattern: Pattern) -> list[Pair]:
    """ "claimed responsibility for a drone attack on Eilat": who claims an act did it."""
    prep = noun.head
    if noun.dep_ != syn.POBJ or prep.lower_ != "for" or prep.head.lemma_.lower() not in ctx.policy.words.claim_nouns:
        return []
    verb = prep.head.head
    if prep.head.dep_ not in syn.OBJECT or verb.pos_ not in syn.VERBAL:
        return []
    aimed = prep_targets(ctx, noun, pattern.preps, deep=True) if pattern.preps else []
    return [(s, t) for s in sources(ctx, verb) for t in or_none(aimed) if t is None or t.code[:3] != s.code[:3]]


def _most_specific(actors: list[ActorMention]) -> list[ActorMention]:
    """ "his Chinese colleague Wang Yi" found both as China and as its government: the agent."""
    agents = {m.country for m in actors if m.sector}
    return [m for m in actors if m.sector or m.country not in agents]


def _its_owner(ctx: SentenceContext, noun: Any) -> list[ActorMention]:
    """ "suspended trade with Israel over its offensive in Gaza": "its" is the state or
    organisation named last before it in the sentence."""
    if not any(c.dep_ == syn.POSS and c.lower_ == "its" for c in noun.children):
        return []
    before = [ctx.token_actor[t.i] for t in noun.doc[: noun.i] if t.i in ctx.token_actor]
    named = [m for m in before if m.kind in ("state", "organisation") and not m.members and m.country != "---"]
    return named[-1:]


def has_own_parties(ctx: SentenceContext, noun: Any) -> bool:
    """ "hosted the signing of a peace deal between A and B": an event noun that names its own
    parties is their event, not the event of the verb's subject; mediation between them is."""
    if noun.pos_ not in syn.NOMINAL or any(p.code == ctx.policy.mediation_code for p in ctx.noun_patterns(noun)):
        return False
    return len(_between(ctx, noun)) >= 2


def _between(ctx: SentenceContext, noun: Any) -> list[ActorMention]:
    of_obj = syn.prep_object(noun, "of")  # "the signing of the peace deal between A and B"
    phrases = list(syn.prep_phrases(noun, (syn.PREP,)))
    phrases += list(syn.prep_phrases(of_obj, (syn.PREP,))) if of_obj is not None else []
    if noun.dep_ in syn.SUBJECT:  # "fighting broke out between A and B", "… on Tuesday night between A and B"
        around = list(syn.prep_phrases(noun.head, (syn.PREP,)))
        phrases += around + [p for _, pobj in around for p in syn.prep_phrases(pobj, (syn.PREP,))]
    for prep, pobj in phrases:
        if prep in ctx.policy.words.between:
            found = np_actors(ctx, pobj)
            if len(found) >= 2:
                return found
    return []
