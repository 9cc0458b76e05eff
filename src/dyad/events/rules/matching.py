"""Verb triggers: which lexicon entry a verb is, given its particle, object and prepositions
("call off" vs "call", "went on a hunger strike"), or which event noun it is the light verb
of ("held talks", "began a hunger strike")."""

from __future__ import annotations

from typing import Any

from dyad.events import syntax as syn
from dyad.events.context import SentenceContext
from dyad.events.keys import object_keys, particles, prep_objects, see_through, temporal_preps
from dyad.events.lexicon import Pattern
from dyad.events.rules.nouns import has_own_parties, noun_pattern_for

ANY_OBJECT = "*"  # an entry's `object: ["*"]`: some direct object, whatever it is
Match = tuple[Pattern | None, Any]  # the entry, and the object it matched (or None)


def match_verb(ctx: SentenceContext, verb: Any) -> Match:
    """The best entry for `verb` and its object; the same for every rule that asks."""
    if verb.i not in ctx.matches:
        ctx.matches[verb.i] = _match(ctx, verb)
    return ctx.matches[verb.i]


def _match(ctx: SentenceContext, verb: Any) -> Match:
    lemma = verb.lemma_.lower()
    obj = _object(ctx, verb, lemma)
    # "providing aerial photographs and other military intelligence": any conjunct counts.
    words = ctx.policy.words
    patterns = ctx.lexicon.verb_patterns(lemma)
    # Without a pattern of its own the verb can only be a light verb: no object keys needed.
    with_keys = obj is not None and patterns
    obj_keys = tuple(k for o in (obj, *obj.conjuncts) for k in object_keys(o, words)) if with_keys else None
    best = _best_pattern(ctx, verb, obj, obj_keys, patterns) if patterns else None
    # Light verb + event noun: "held talks", "imposed sanctions", "paid a visit" — also
    # when the verb's pattern knows only the bare head ("began a hunger strike").
    loose = best is not None and best.objects and _object_rank(best, obj_keys) > 0
    if obj is not None and (best is None or not best.objects or loose):
        prt = syn.child(verb, syn.PRT)
        verb_key = f"{lemma} {prt.lower_}" if prt is not None else lemma
        for candidate in (obj, *obj.conjuncts):  # "launched air and artillery strikes"
            if has_own_parties(ctx, candidate):
                continue  # "hosted the signing … between A and B": the host signed nothing
            noun = noun_pattern_for(ctx, candidate, verb_key)
            light = verb_key in ctx.policy.words.empty_light_verbs
            if noun is not None and (not loose or _more_specific(noun, best, obj_keys, light=light)):
                return noun, candidate
    return best, obj


def _object(ctx: SentenceContext, verb: Any, lemma: str) -> Any:
    words = ctx.policy.words
    stative = lemma in ctx.mod.stative_passives and syn.passive_subject(verb) is not None
    # "Israel is opposed to French mediation": what the stance is about follows "to".
    passive_object = syn.prep_object(verb, "to") if stative else syn.passive_subject(verb)
    obj = see_through(syn.child(verb, syn.OBJECT) or _what_it_was_called(verb, words) or passive_object, words)
    if obj is not None and obj.i in ctx.token_actor and lemma in words.giving_verbs:
        # "provided the Lebanese army with aircraft": what is given follows "with".
        given = see_through(syn.prep_object(verb, "with"), words)
        obj = given if given is not None and given.i not in ctx.token_actor else obj
    return obj


def _what_it_was_called(verb: Any, words: Any) -> Any:
    """ "launched what it called a preemptive strike on Iran", "carried out what it described as
    a massive strike": the object is the act it was called (the parser makes "what" the object
    of the verb of calling)."""
    for clause in verb.children:
        if clause.dep_ != syn.CCOMP or clause.lemma_.lower() not in words.labelling_verbs:
            continue
        what = syn.child(clause, syn.OBJECT)
        if what is not None and what.lower_ == "what":
            return syn.child(clause, syn.OPRD) or syn.prep_object(clause, "as")
    return None


def _best_pattern(
    ctx: SentenceContext, verb: Any, obj: Any, obj_keys: tuple[str, ...] | None, patterns: list[Pattern]
) -> Pattern | None:
    words = ctx.policy.words
    # The sentence's particles, prepositions and prepositional objects are read only when
    # one of the verb's entries asks for them (most ask for none of the three).
    with_particle = any(p.particle for p in patterns)
    # A particle matters only where the lexicon tells phrasal uses apart ("call off" vs
    # "call"); "beat up" is still "beat", and the parser's stray "up to 16" is no particle.
    phrasal = with_particle and syn.child(verb, syn.PRT) is not None
    preps: set[str] = set()
    if any(p.preps for p in patterns):
        preps = syn.prep_words(verb) | (syn.prep_words(obj) if obj is not None else set())
        # "called … on Wednesday": a preposition before a time names no one.
        preps -= temporal_preps(verb)
    pobjs: set[tuple[str, str]] = set()
    if any(p.pobj for p in patterns):
        pobjs = prep_objects(verb, words) | (prep_objects(obj, words) if obj is not None else set())
    verb_particles = particles(verb, words) if with_particle else set()
    obj_set = frozenset(obj_keys or ())
    best: Pattern | None = None
    best_rank: tuple[int, int] = (-1, 0)
    for p in patterns:
        if not _pattern_fits(p, verb_particles, obj_set, preps, phrasal):
            continue
        if p.pobj and not any((prep, head) in pobjs for prep, heads in p.pobj for head in heads):
            continue
        # A preposition adds specificity only when the sentence has it; "hunger strike"
        # beats "strike" (the object keys come most specific first).
        score = p.specificity - (1 if p.preps and preps.isdisjoint(p.preps) else 0)
        rank = (score, -_object_rank(p, obj_keys))
        if rank > best_rank:
            best, best_rank = p, rank
    return best


def _more_specific(
    noun: Pattern, verb_pattern: Pattern | None, keys: tuple[str, ...] | None, *, light: bool = False
) -> bool:
    """The event noun's key ("hunger strike") is more specific than the key the verb pattern
    matched ("strike"); across roots only when the verb is a light verb ("held a joint drill"
    is military cooperation, not a show of force)."""
    if verb_pattern is None or not keys or noun.lemma not in keys:
        return False
    if (verb_pattern.particle and not light) or (noun.code[:2] != verb_pattern.code[:2] and not light):
        return False  # "called off the general strike" is still calling off; a pact is still signed
    return keys.index(noun.lemma) < _object_rank(verb_pattern, keys)


def _object_rank(p: Pattern, keys: tuple[str, ...] | None) -> int:
    if not p.objects or not keys:
        return len(keys or ())
    return next((i for i, k in enumerate(keys) if k in p.objects), len(keys))


def _pattern_fits(p: Pattern, particles: set[str], obj: frozenset[str], preps: set[str], phrasal: bool) -> bool:
    if p.particle and p.particle not in particles:
        return False
    if phrasal and not p.particle:
        return False  # "called off" is not "called"
    if p.objects and not (obj and (not p.objects.isdisjoint(obj) or ANY_OBJECT in p.objects)):
        return False
    return not (p.target == "prep" and p.preps and preps.isdisjoint(p.preps) and not p.objects)
