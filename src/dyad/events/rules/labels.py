"""Name-calling: "calling the Israeli government 'fascist' and 'genocidal'", "labelled the
opposition leader a traitor". Calling an actor by a word of contempt or a crime is a
criticism (CAMEO 111); the words are listed in policy.yaml (`pejoratives`), so "called the
talks constructive" stays uncoded."""

from __future__ import annotations

from typing import Any

from dyad.events import syntax as syn
from dyad.events.context import SentenceContext
from dyad.events.rules.actors import np_actors
from dyad.events.rules.modality import apply_mode, mode
from dyad.events.rules.sources import sources
from dyad.models import Provenance

COMPLEMENT_DEPS = (syn.OPRD, syn.XCOMP, syn.ACOMP, syn.CCOMP)


def code_label(ctx: SentenceContext, verb: Any) -> bool:
    """Rule `name-calling`."""
    words = ctx.policy.words
    if verb.lemma_.lower() not in words.labelling_verbs:
        return False
    obj = syn.child(verb, syn.OBJECT)
    if obj is None or not _pejorative(verb, words.pejoratives):
        return False
    named = np_actors(ctx, obj)
    if not named:
        return False
    callers = [s for s in sources(ctx, verb) if all(s.code != n.code for n in named)]
    if not callers:
        return False
    verb_mode = mode(ctx, verb)
    code = apply_mode(ctx, ctx.policy.criticism_code, verb_mode)
    why = Provenance("name-calling", verb.lemma_, code)
    for s in callers:
        for t in named:
            ctx.add((s, t), code, verb_mode, verb, why, ctx.policy.confidence.verb_with_target, verb)
    return True


def _pejorative(verb: Any, pejoratives: frozenset[str]) -> bool:
    for comp in verb.children:
        heads = [comp] if comp.dep_ in COMPLEMENT_DEPS else []
        if comp.dep_ == syn.PREP and comp.lower_ == "as":  # "described X as a threat"
            heads = [c for c in comp.children if c.dep_ == syn.POBJ]
        for head in heads:
            if any(t.lemma_.lower() in pejoratives or t.lower_ in pejoratives for t in (head, *head.conjuncts)):
                return True
    return False
