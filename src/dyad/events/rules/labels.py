"""Name-calling: "calling the Israeli government 'fascist' and 'genocidal'", "labelled the
opposition leader a traitor". Calling an actor by a word of contempt or a crime is a
criticism (CAMEO 111); the words are listed in policy.yaml (`pejoratives`), so "called the
talks constructive" stays uncoded."""

from __future__ import annotations

from typing import Any

from dyad.events import syntax as syn
from dyad.events.context import SentenceContext
from dyad.events.rules.actors import np_actors
from dyad.events.rules.directed import code_directed

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
    return code_directed(ctx, verb, named, ctx.policy.criticism_code, "name-calling")


def _pejorative(verb: Any, pejoratives: frozenset[str]) -> bool:
    for comp in verb.children:
        heads = [comp] if comp.dep_ in COMPLEMENT_DEPS else []
        if comp.dep_ == syn.PREP and comp.lower_ == "as":  # "described X as a threat"
            heads = [c for c in comp.children if c.dep_ == syn.POBJ]
        for head in heads:
            if any(t.lemma_.lower() in pejoratives or t.lower_ in pejoratives for t in (head, *head.conjuncts)):
                return True
    return False
