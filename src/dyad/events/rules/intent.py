"""Intent: "agreed to establish a force", "is ready to …", "pledged that it will …" — an
intent to cooperate even when the lexicon does not know what was agreed; and when it does
know ("agreed to lift the embargo"), the framing verb's own entry gives way to it."""

from __future__ import annotations

from typing import Any

from dyad.events import syntax as syn
from dyad.events.context import SentenceContext
from dyad.events.rules.actors import Pair, all_pairs, np_actors
from dyad.events.rules.modality import mode
from dyad.events.rules.sources import sources
from dyad.events.rules.targets import partners
from dyad.models import Provenance


def code_bare_intents(ctx: SentenceContext) -> None:
    """Rule `intent`: every intent verb or adjective whose complement nothing else coded."""
    for tok in ctx.parse:
        lemma = tok.lemma_.lower()
        if (lemma in ctx.mod.intent_default_verbs and tok.pos_ == "VERB") or (
            lemma in ctx.policy.words.intent_adjectives and tok.pos_ == "ADJ"
        ):
            _code_bare_intent(ctx, tok)


def _code_bare_intent(ctx: SentenceContext, verb: Any) -> None:
    xcomp = syn.child(verb, syn.XCOMP) or _pledged_clause(ctx, verb)
    code = ctx.mod.intent_default_code
    if xcomp is None or not code or verb.i in ctx.consumed:
        return
    inside = {t.idx for t in xcomp.subtree}
    if any(c.trigger.start in inside for c in ctx.result.candidates):
        return
    # "France is ready to …": the adjective's subject is the copula's.
    found = sources(ctx, verb.head) if verb.pos_ == "ADJ" and verb.dep_ == syn.ACOMP else sources(ctx, verb)
    if not found:
        return
    aimed = partners(ctx, xcomp) or _concerned(ctx, xcomp, {s.country for s in found})
    if xcomp.dep_ == syn.CCOMP:  # "agreed that they should …": the agreement's mode, intended
        intent_mode = mode(ctx, verb)
        intent_mode = "intended" if intent_mode in ("asserted", "reported") else intent_mode
    else:
        intent_mode = mode(ctx, xcomp)
    pairs: list[Pair] = [(s, t) for s in found for t in aimed if t.code != s.code]
    if not pairs:
        pairs = all_pairs(found) or [(s, None) for s in found]
    why = Provenance("intent", verb.lemma_, code)
    for pair in pairs:
        ctx.add(pair, code, intent_mode, verb, why, ctx.policy.confidence.intent, xcomp)


def _concerned(ctx: SentenceContext, xcomp: Any, own: set[str]) -> list[Any]:
    """Who an intent nothing in the lexicon names concerns: its complement's object ("offered to
    accept deportees from the US"), or the one its complement deals with ("offered to take in
    refugees from Sudan"); not the intending side itself."""
    found = [m for c in xcomp.children if c.dep_ in (syn.DOBJ, syn.DATIVE) for m in np_actors(ctx, c, deep=True)]
    found += [m for prep, pobj in syn.prep_phrases(xcomp) if prep in ctx.policy.words.concerning_preps
              for m in np_actors(ctx, pobj)]  # fmt: skip
    return [m for m in found if m.country not in own]


def _pledged_clause(ctx: SentenceContext, verb: Any) -> Any:
    """ "agreed that their countries should cooperate", "pledged that it will …": a clause
    about what will be done is what was agreed or pledged; "agreed that the talks were
    useful" is not."""
    if verb.pos_ != "VERB":
        return None
    clause = syn.child(verb, syn.CCOMP)
    if clause is None:
        return None
    modal = ctx.mod.intent_aux | ctx.policy.words.pledge_modals
    return clause if any(aux in modal for aux in syn.auxiliaries(clause)) else None


def drop_frames(ctx: SentenceContext) -> None:
    """Rule `framing`: "agreed to lift the embargo", "plans to visit": when the complement is
    coded (as an intent), the framing verb's own pattern ("agree with" 019) says less and is
    dropped."""
    starts = {c.trigger.start for c in ctx.result.candidates}
    framing = set()
    for tok in ctx.parse:
        if tok.lemma_.lower() not in ctx.mod.intent_verbs or tok.idx not in starts:
            continue
        comp = syn.child(tok, syn.XCOMP)
        if comp is not None and any(t.idx in starts for t in comp.subtree if t.i != tok.i):
            framing.add(tok.idx)
    if framing:
        ctx.result.candidates = [
            c for c in ctx.result.candidates if c.trigger.start not in framing or c.provenance.rule == "intent"
        ]




def drop_topics(ctx: SentenceContext) -> None:
    """Rule `topic`: "expressed optimism about reaching an agreement", "a visit aimed at
    boosting ties": an act named only as what a hope or an aim is about has not happened, and
    is no event."""
    kept = []
    for cand in ctx.result.candidates:
        tok = ctx.trigger_token(cand)
        topic_of = _topic_of(tok, ctx.policy.words.topic_heads) if tok is not None else None
        if topic_of is None:
            kept.append(cand)
        else:
            ctx.decide(tok, tok.lemma_, f"only the topic of '{topic_of.text}', nothing done")
    ctx.result.candidates = kept


def _topic_of(tok: Any, topics: frozenset[str]) -> Any:
    if tok.dep_ in syn.OBJECT:
        tok = tok.head  # "about signing a trade deal": the deal is coded on its noun
    if tok.dep_ != syn.PCOMP:
        return None
    head = tok.head.head
    return head if head.lemma_.lower() in topics else None
