"""Refusal and threat: "refused to lift the sanctions" (12x, by what is refused), "threatened
to attack" (13x, by what is threatened), and the two forms an entry's own event can take:
a negated future of cooperation declares a refusal ("will not accept more refugees"), a
future act hung on a condition is a threat ("will withdraw its troops unless …")."""

from __future__ import annotations

from typing import Any

from dyad.events import syntax as syn
from dyad.events.context import SentenceContext
from dyad.events.rules.actors import np_actors, or_none
from dyad.events.rules.matching import match_verb
from dyad.events.rules.modality import mode
from dyad.events.rules.nouns import with_its_preposition
from dyad.events.rules.sources import sources
from dyad.events.rules.targets import prep_targets, targets
from dyad.models import ActorMention, Provenance


def code_refusal(ctx: SentenceContext, verb: Any) -> bool:
    """Rule `refusal`: "refused to …", "declined to …"; "failed to …" codes nothing."""
    lemma = verb.lemma_.lower()
    # "refrained from traveling": the complement may follow "from"
    xcomp = syn.child(verb, syn.XCOMP) or _from_clause(verb)
    if lemma not in ctx.mod.refusal_verbs or xcomp is None:
        return False
    code = ctx.mod.refusal_verbs.get(lemma)
    if not code:
        # "failed to reach agreement": what failed did not happen, and is not coded.
        ctx.consume(xcomp)
        ctx.decide(verb, verb.lemma_, "failure verb: nothing happened")
        return True
    found = sources(ctx, verb)
    ctx.consume(xcomp)
    # "refused to lift the sanctions": what is refused sets the kind of rejection.
    refused, obj = match_verb(ctx, xcomp)
    code = (ctx.mod.refusal_code(refused.code) if refused is not None else None) or code
    aimed = targets(ctx, xcomp, refused, obj) if refused is not None else []
    aimed = aimed or targets(ctx, xcomp, None, syn.child(xcomp, syn.OBJECT))
    why = Provenance("refusal", verb.lemma_, code)
    _add_all(ctx, found, aimed, code, mode(ctx, verb), verb, why, ctx.policy.confidence.refusal, xcomp)
    return True


def nominal_refusal(ctx: SentenceContext, verb: Any, code: str) -> str | None:
    """ "doubled down on its refusal to disarm": an act told as what a refusal refuses is the
    refusal (12x, by the act), not the act done."""
    head = verb.head
    if verb.dep_ != syn.ACL or head.i == verb.i or head.lemma_.lower() not in ctx.mod.refusal_nouns:
        return None
    return ctx.mod.refusal_code(code) or ctx.mod.refusal_nouns[head.lemma_.lower()]


def _from_clause(verb: Any) -> Any:
    prep = next((c for c in verb.children if c.dep_ == syn.PREP and c.lower_ == "from"), None)
    return syn.child(prep, syn.PCOMP) if prep is not None else None


def code_threat(ctx: SentenceContext, verb: Any) -> bool:
    """Rule `threat`: "threatened to attack X", a threat (13x) whose kind depends on the act
    threatened."""
    if verb.lemma_.lower() not in ctx.mod.threat_verbs or not syn.has_dep(verb, syn.XCOMP):
        return False
    xcomp = syn.child(verb, syn.XCOMP)
    pattern, obj = match_verb(ctx, xcomp)
    ctx.consume(xcomp)
    code = (ctx.mod.threat_code(pattern.code) if pattern is not None else None) or ctx.policy.threat_code
    found = sources(ctx, verb)
    if not found:
        return True
    aimed = targets(ctx, xcomp, pattern, obj) or targets(ctx, verb, None, syn.child(verb, syn.OBJECT))
    act = pattern.rule if pattern else xcomp.lemma_
    why = Provenance("threat", verb.lemma_, code, act=act)
    for s in found:
        for t in or_none(aimed):
            if t is None or t.code != s.code:
                ctx.add((s, t), code, mode(ctx, verb), verb, why, ctx.policy.confidence.threat, xcomp)
    return True


def _add_all(ctx: SentenceContext, found: list[ActorMention], aimed: list[ActorMention], code: str, mode: str,
             verb: Any, why: Provenance, confidence: float, head: Any) -> None:  # fmt: skip
    for s in found:
        for t in or_none(aimed):
            ctx.add((s, t), code, mode, verb, why, confidence, head)


def declared_refusal(ctx: SentenceContext, verb: Any, code: str, mode: str) -> str | None:
    """ "Syria will not accept more refugees", "we won't meet their demands": a negated
    future of a cooperative act declares a refusal (CAMEO 12); "did not meet" stays a
    negated event."""
    if mode != "negated" or code[:2] not in ctx.policy.declared_refusal_roots:
        return None
    future = ctx.mod.intent_aux | ctx.policy.words.refusal_future
    if not any(aux in future for aux in syn.auxiliaries(verb)):
        return None
    return ctx.mod.refusal_code(code)


def open_option(ctx: SentenceContext, verb: Any, mode: str) -> str | None:
    """ "does not rule out sending troops": not excluding an act is weighing it as an option
    (CAMEO 014), not a negated rejection."""
    if mode != "negated":
        return None
    lemma = verb.lemma_.lower()
    particle = syn.child(verb, syn.PRT)
    phrasal = f"{lemma} {particle.lower_}" if particle is not None else lemma
    return ctx.policy.option_code if phrasal in ctx.policy.words.option_verbs else None


def conditional_threat(ctx: SentenceContext, verb: Any, code: str, mode: str) -> str | None:
    """ "will withdraw its troops unless …", "may halt mediation if cooperation founders",
    "will retaliate if attacked": a future act made to hang on what another does is a
    threat (CAMEO 13); a conditional offer of cooperation stays an intent."""
    if mode not in ("intended", "hypothetical") or code[:2] in ctx.policy.not_threatened_roots:
        return None
    marks = syn.conditional_marks(verb)
    if not marks & ctx.mod.hypothetical_marks:
        return None
    if "unless" in marks or code[:2] >= ctx.policy.threat_from:
        return ctx.mod.threat_code(code)
    return None


def code_ruled_out(ctx: SentenceContext, noun: Any) -> bool:
    """Rule `ruled-out`: "Ghana said there would be no talks with Togo unless …", "said there
    was no room for mediation": an event a speaker says there will be none of is their refusal
    of it (12x, by the event's code), aimed at its partner or at the one the condition asks to act."""
    event = _ruled_out_event(ctx, noun)
    be = noun.head
    if event is None or be.dep_ != syn.CCOMP or be.head.lemma_.lower() not in ctx.mod.reporting_verbs:
        return False
    # entries with no light verb first ("a ceasefire" has only light-verb entries: "declared a ceasefire")
    everything = ctx.noun_patterns(event)
    patterns = [p for p in everything if not p.verbs] or everything
    if not patterns:
        return False
    pattern = with_its_preposition(patterns, event)
    code = ctx.mod.refusal_code(pattern.code)
    found = sources(ctx, be.head)
    if code is None or not found:
        return False
    aimed = _asked_by_condition(ctx, be) or (prep_targets(ctx, event, pattern.preps) if pattern.preps else [])
    why = Provenance("ruled-out", event.lemma_, code, pattern.entry, pattern.origin)
    _add_all(ctx, found, [t for t in aimed if t.country not in {s.country for s in found}], code, "asserted",
             event, why, ctx.policy.confidence.refusal, be)  # fmt: skip
    ctx.used_nouns.add(event.i)
    return True


def _ruled_out_event(ctx: SentenceContext, noun: Any) -> Any:
    """The event noun of "there will be no ceasefire" or "there is no room for mediation"."""
    be = noun.head
    if noun.dep_ != syn.ATTR or be.lemma_.lower() != "be" or not syn.has_dep(be, syn.EXPL):
        return None
    if not any(c.dep_ == syn.DET and c.lower_ == "no" for c in noun.children):
        return None
    if noun.lemma_.lower() in ctx.policy.words.ruling_out_nouns:
        return syn.prep_object(noun, "for") or syn.prep_object(noun, "of")
    return noun


def _asked_by_condition(ctx: SentenceContext, be: Any) -> list[ActorMention]:
    """ "… unless the RSF leaves the homes of civilians": the one the condition asks to act."""
    for clause in be.children:
        if clause.dep_ == syn.ADVCL and "unless" in syn.marks(clause):
            subj = syn.child(clause, syn.SUBJECT)
            return np_actors(ctx, subj) if subj is not None else []
    return []
