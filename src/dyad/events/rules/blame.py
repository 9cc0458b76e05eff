"""Blame without an accusing verb: "held Israel responsible for the killing", "sought to hold
India accountable" is an accusation (CAMEO 112) of the one held responsible, however the
parser attaches the adjective (object modifier, predicate or clause of its own)."""

from __future__ import annotations

from typing import Any

from dyad.events import syntax as syn
from dyad.events.context import SentenceContext
from dyad.events.rules.actors import np_actors
from dyad.events.rules.directed import code_directed
from dyad.models import ActorMention

PREDICATE_DEPS = (syn.OPRD, syn.CCOMP, syn.ACOMP, syn.XCOMP, syn.ADVCL)


def code_held_responsible(ctx: SentenceContext, verb: Any) -> bool:
    """Rule `held-responsible`."""
    words = ctx.policy.words
    if verb.lemma_.lower() not in words.blaming_verbs:
        return False
    blamed = _blamed(ctx, verb, words.blame_words)
    if not blamed:
        return False
    return code_directed(ctx, verb, blamed, ctx.policy.accusation_code, "held-responsible")


def _blamed(ctx: SentenceContext, verb: Any, blame_words: frozenset[str]) -> list[ActorMention]:
    obj = syn.child(verb, syn.OBJECT)
    if obj is not None and any(c.dep_ == syn.AMOD and c.lower_ in blame_words for c in obj.children):
        return np_actors(ctx, obj)  # "held the rebels responsible"
    for pred in verb.children:
        if pred.dep_ not in PREDICATE_DEPS or pred.lower_ not in blame_words:
            continue
        held = obj if obj is not None else syn.child(pred, syn.SUBJECT)  # "hold India responsible"
        return np_actors(ctx, held) if held is not None else []
    return []
