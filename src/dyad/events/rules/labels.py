"""Name-calling: "calling the Israeli government 'fascist' and 'genocidal'", "labelled the
opposition leader a traitor". Calling an actor by a word of contempt or a crime is a
criticism (CAMEO 111), and so is calling an act one ("called the deployments reckless": whoever
did it, whom the story may name); the words are listed in policy.yaml (`pejoratives`), so
"called the talks constructive" stays uncoded."""

from __future__ import annotations

from typing import Any

from dyad.events import syntax as syn
from dyad.events.context import SentenceContext
from dyad.events.rules.actors import np_actors
from dyad.events.rules.directed import code_directed
from dyad.events.rules.modality import apply_mode, mode
from dyad.events.rules.sources import sources
from dyad.models import Provenance

COMPLEMENT_DEPS = (syn.OPRD, syn.XCOMP, syn.ACOMP, syn.CCOMP)
NAMED_DEPS = (syn.COMPOUND, *syn.SUBJECT)


def code_label(ctx: SentenceContext, verb: Any) -> bool:
    """Rule `name-calling`."""
    words = ctx.policy.words
    if verb.lemma_.lower() not in words.labelling_verbs:
        return False
    if not _pejorative(verb, words.pejoratives):
        return False
    obj = syn.child(verb, syn.OBJECT)
    named = np_actors(ctx, obj) if obj is not None else _named_inside(ctx, verb)
    if not named:
        return obj is not None and obj.pos_ == "NOUN" and _judged_act(ctx, verb)
    return code_directed(ctx, verb, named, ctx.policy.criticism_code, "name-calling")


def _judged_act(ctx: SentenceContext, verb: Any) -> bool:
    """ "called the deployments reckless": an act or thing called a word of contempt criticises
    whoever did it, whom the sentence does not name (the story may)."""
    doers = sources(ctx, verb)
    verb_mode = mode(ctx, verb)
    code = apply_mode(ctx, ctx.policy.criticism_code, verb_mode)
    why = Provenance("name-calling", verb.lemma_, code)
    for s in doers:
        ctx.add((s, None), code, verb_mode, verb, why, ctx.policy.confidence.verb_without_target, verb)
    return bool(doers)


def _named_inside(ctx: SentenceContext, verb: Any) -> list[Any]:
    """ "calling the Israeli government fascist": the parser may hang the one named on the word
    it is called, as its compound or subject."""
    for comp in verb.children:
        if comp.dep_ in COMPLEMENT_DEPS:
            for part in comp.children:
                if part.dep_ in NAMED_DEPS and np_actors(ctx, part):
                    return np_actors(ctx, part)
    return []


def _pejorative(verb: Any, pejoratives: frozenset[str]) -> bool:
    for comp in verb.children:
        heads = [comp] if comp.dep_ in COMPLEMENT_DEPS else []
        if comp.dep_ == syn.PREP and comp.lower_ == "as":  # "described X as a threat"
            heads = [c for c in comp.children if c.dep_ == syn.POBJ]
        for head in heads:
            if any(t.lemma_.lower() in pejoratives or t.lower_ in pejoratives for t in (head, *head.conjuncts)):
                return True
    return False


# the links from a describing verb's "as" down to an act named in the description
DESCRIPTION_LINKS = (syn.POBJ, syn.PREP, syn.ACL, syn.RELCL, syn.XCOMP, syn.PCOMP)


def described_act(ctx: SentenceContext, verb: Any) -> bool:
    """Rule `description`: "condemned the raid as an attempt to intimidate the opposition",
    "described the deployment as a move to annex the territory": what an act is called is the
    speaker's view of it, not a second act."""
    words = ctx.policy.words
    describing = words.labelling_verbs | words.judging_verbs
    tok = verb
    for _ in range(6):
        head = tok.head
        if head.i == tok.i or tok.dep_ not in DESCRIPTION_LINKS:
            return False
        if tok.dep_ == syn.POBJ and head.lower_ == "as" and head.head.lemma_.lower() in describing:
            ctx.decide(verb, verb.lemma_.lower(), f"what '{head.head.text}' calls an act, not an act")
            return True
        tok = head
    return False
