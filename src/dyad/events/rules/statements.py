"""Statements: a verb of saying whose words carry an event of their own is left to that
event ("said it would retaliate"); a speaker whose words carry none makes a 010 statement,
and "X said Y must …" is a demand (10) of X on Y."""

from __future__ import annotations

from typing import Any

from dyad.events import syntax as syn
from dyad.events.context import SentenceContext
from dyad.events.rules.actors import np_actors, or_none
from dyad.events.rules.directed import code_directed
from dyad.events.rules.matching import match_verb
from dyad.events.rules.modality import mode
from dyad.events.rules.sources import sources
from dyad.models import ActorMention, Provenance


def reported_speech(ctx: SentenceContext, verb: Any) -> bool:
    """Rule `reported-speech`: "said", "announced that …" — what was said is coded on its own,
    the speaker is kept for a statement; "recalled its ambassador", "declared a ceasefire"
    are events of their own (object patterns)."""
    if verb.lemma_.lower() not in ctx.mod.reporting_verbs:
        return False
    pattern, _ = match_verb(ctx, verb)
    if pattern is not None and not syn.has_dep(verb, syn.CCOMP):
        own = pattern.objects or pattern.pobj or pattern.kind == "noun"
        if own or syn.prep_words(verb) & set(pattern.preps):
            return False
    found = _fronted_speaker(ctx, verb) or sources(ctx, verb)
    if found:
        ctx.spoken.append((verb, found))
    return True


def code_demanded_clause(ctx: SentenceContext, verb: Any) -> bool:
    """Rule `demand-clause`: "China demanded that the Philippines withdraw its ship": a demand
    (10) of the one its clause asks to act; what is demanded has not happened, and is not coded."""
    if verb.lemma_.lower() not in ctx.policy.words.demanding_verbs:
        return False
    clause = syn.child(verb, syn.CCOMP)
    subj = syn.child(clause, syn.SUBJECT) if clause is not None else None
    asked = np_actors(ctx, subj) if subj is not None else []
    if not asked:
        return False
    code = ctx.mod.demand_code or ctx.policy.demand_code
    if not code_directed(ctx, verb, asked, code, "demand-clause"):
        return False
    ctx.consume(clause)
    return True


def _fronted_speaker(ctx: SentenceContext, verb: Any) -> list[ActorMention]:
    """ "Japan should retract its remarks, Mao Ning, spokesperson at the foreign ministry, said":
    the parser may join the verb of saying to the words said, and hang the speaker on them as
    an appositive; the speaker is then the one named between them."""
    if verb.dep_ != syn.CONJ or verb.head.i > verb.i or syn.child(verb, syn.SUBJECT) is not None:
        return []
    for tok in verb.doc[verb.head.i + 1 : verb.i]:
        found = np_actors(ctx, tok) if tok.dep_ == syn.APPOS else []
        if any(m.country != "---" for m in found):
            return found
    return []


def _said(ctx: SentenceContext, verb: Any) -> Any:
    """The clause a verb of saying reports: its complement, or the words it was joined to."""
    clause = syn.child(verb, syn.CCOMP)
    return verb.head if clause is None and _fronted_speaker(ctx, verb) else clause


def code_statements(ctx: SentenceContext) -> None:
    """Rule `statements`: a speaker whose words carry no codable event of their own makes a
    010 statement (or a demand)."""
    coded_heads = {c.trigger.start for c in ctx.result.candidates}
    for verb, speakers in ctx.spoken:
        if _code_demand(ctx, verb, speakers):
            continue
        inner = [t for t in verb.subtree if t.idx in coded_heads and t.i != verb.i]
        if inner:
            continue
        dative = [m for c in verb.children if c.dep_ in (syn.DATIVE, syn.DOBJ) for m in np_actors(ctx, c)]
        if not dative and coded_heads:
            continue  # "…, as reported by the Kremlin's press service": only the source of the news
        verb_mode = mode(ctx, verb)
        code = ctx.policy.statement_code
        why = Provenance("statement", verb.lemma_, code)
        # "officials said" with no country says nothing a user of event data can place.
        for s in [s for s in speakers if s.country != "---"]:
            for t in or_none(dative):
                ctx.add((s, t), code, verb_mode, verb, why, ctx.policy.confidence.statement, verb)


def _code_demand(ctx: SentenceContext, verb: Any, speakers: list[ActorMention]) -> bool:
    """ "X said Y must …": X demands (CAMEO 10) something of Y."""
    clause = _said(ctx, verb)
    if clause is None or not any(aux in ctx.mod.demand_aux for aux in syn.auxiliaries(clause)):
        return False
    subj = syn.child(clause, syn.SUBJECT | syn.PASSIVE_SUBJECT)
    addressees = np_actors(ctx, subj) if subj is not None else []
    code = ctx.mod.demand_code or ctx.policy.demand_code
    why = Provenance("demand", verb.lemma_, code)
    # joined to the words said, the verb of saying would take their modality ("should")
    said_mode = mode(ctx, verb) if clause is not verb.head else "asserted"
    coded = False
    for s in speakers:
        for t in addressees:
            if t.code != s.code:
                ctx.add((s, t), code, said_mode, verb, why, ctx.policy.confidence.demand, clause)
                coded = True
    return coded


def drop_bare_statements(ctx: SentenceContext) -> None:
    """Rule `bare-statement`: "in a statement released on Sunday, the ministry rejected …": a
    statement addressed to no one, or to one its speaker acts on in the same sentence, says
    nothing beside the events of its own sentence."""
    code = ctx.policy.statement_code
    if all(c.code == code for c in ctx.result.candidates):
        return
    # "rejected mediation, telling Trump …": the telling is the rejection addressed to him
    acts = {(c.source.code, c.target.code) for c in ctx.result.candidates if c.code != code and c.source and c.target}
    ctx.result.candidates = [
        c for c in ctx.result.candidates
        if c.code != code or (c.target is not None and (c.source and c.source.code, c.target.code) not in acts)
    ]
