"""Verb triggers: a verb the lexicon knows, with its source, target and mode; violence done
to a known actor by an unnamed one ("three civilians were killed"); and the gerund that is
only another verb's object ("oppose bullying acts")."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from dyad.events import syntax as syn
from dyad.events.context import SentenceContext
from dyad.events.lexicon import Pattern
from dyad.events.rules.actors import Pair, all_pairs, np_actors
from dyad.events.rules.matching import match_verb
from dyad.events.rules.modality import apply_mode, mode
from dyad.events.rules.nouns import owned_by_actor
from dyad.events.rules.protest import crowd
from dyad.events.rules.refusal import conditional_threat, declared_refusal, nominal_refusal, open_option
from dyad.events.rules.sources import sources
from dyad.events.rules.targets import fallback_targets, targets
from dyad.models import ActorMention, Provenance


def gerund_object(ctx: SentenceContext, verb: Any) -> bool:
    """Rule `gerund-object`: "oppose bullying acts": the gerund is what is opposed, not an
    act of the subject."""
    if not (verb.dep_ == syn.XCOMP and syn.is_gerund(verb) and not syn.has_dep(verb, syn.AUX)):
        return False
    if match_verb(ctx, verb.head)[0] is None:
        return False
    ctx.decide(verb, verb.lemma_.lower(), f"object of '{verb.head.text}'")
    return True


def code_verb_pattern(ctx: SentenceContext, verb: Any) -> bool:
    """Rule `verb-pattern`: the lexicon entry the verb (or its light-verb noun) matches."""
    lemma = verb.lemma_.lower()
    pattern, obj = match_verb(ctx, verb)
    if pattern is None:
        if lemma in ctx.lexicon.verbs:
            ctx.decide(verb, lemma, "known verb, but no pattern fits its object/preposition")
        return True
    if obj is not None and pattern.objects and not (pattern.kind != "noun" and owned_by_actor(ctx, obj)):
        # "rejected Putin's demand that Ukraine withdraw": an owned event noun is also its owner's event
        ctx.used_nouns.add(obj.i)
    _emit(ctx, verb, pattern, obj)
    return True


def _emit(ctx: SentenceContext, verb: Any, pattern: Pattern, obj: Any) -> None:
    found = sources(ctx, verb) or crowd(ctx, verb, pattern.code)
    if not found:
        if not _code_unattributed(ctx, verb, pattern):
            ctx.decide(verb, verb.lemma_, f"{pattern.code} fits, but no actor is its subject")
        return
    aimed = targets(ctx, verb, pattern, obj)
    if not aimed and pattern.target != "none":
        aimed = fallback_targets(ctx, verb, pattern, obj, found)
    if not aimed and len(found) == 1:
        pattern = _done_alone(ctx, verb, pattern, obj)
    verb_mode = mode(ctx, verb)
    code, verb_mode, why = _code_and_mode(ctx, verb, pattern, verb_mode)
    if code == "190" and _aerial(ctx, verb):
        code = ctx.policy.aerial_code  # "Ukrainian drones struck …", "hit by missiles"
    if obj is None and verb.dep_ == syn.ACL and verb.head.lemma_.lower() in ctx.policy.words.document_nouns:
        code = ctx.policy.statement_code  # "a statement released on Sunday": a statement, no one freed
    if not aimed and code[:2] in ctx.policy.unattributed_roots and _into_open_water(ctx, verb, pattern):
        code = ctx.policy.show_of_force_code  # "fired missiles into the sea": a test, not an attack
    code, verb_mode, why = _what_the_act_is_about(ctx, verb, obj, code, verb_mode, why)
    trigger = obj if (obj is not None and pattern.kind == "noun") else verb
    confidence = ctx.policy.confidence.verb_with_target if aimed else ctx.policy.confidence.verb_without_target
    pairs = _pairs(ctx, pattern, found, aimed, verb, mutual=why.then not in ONE_SIDED_READINGS)
    for pair in pairs:
        ctx.add(pair, code, verb_mode, trigger, why, confidence, verb)
    if not pairs:
        ctx.decide(verb, verb.lemma_, "source and target are the same actor")


def _what_the_act_is_about(
    ctx: SentenceContext, verb: Any, obj: Any, code: str, verb_mode: str, why: Provenance
) -> tuple[str, str, Provenance]:
    """An appeal, an agreement or a rejection is coded by the act it asks for, agrees on or
    refuses, and that act is not coded as done."""
    code, why = _appeal_content(ctx, verb, code, why)
    if obj is not None and code[:3] in ctx.policy.agreement_codes:
        code, verb_mode, why = _agreed_content(ctx, obj, code, verb_mode, why)
    if obj is not None and code[:2] in ctx.policy.rejecting_roots:
        _consume_rejected(ctx, obj)
    return code, verb_mode, why


def _appeal_content(ctx: SentenceContext, verb: Any, code: str, why: Provenance) -> tuple[str, Provenance]:
    """ "urged Russia to withdraw its troops": an appeal (02) is for what its complement asks
    (0256); what is asked has not happened, and is not coded on its own."""
    clause = syn.child(verb, syn.XCOMP)
    if clause is None or code[:2] not in ctx.policy.appeal_roots:
        return code, why
    for asked_verb in _complement_chain(clause):  # "advised its citizens to avoid visiting Chile"
        ctx.consume(asked_verb)
    asked, _ = match_verb(ctx, clause)
    refined = ctx.mod.appeal_code(asked.code) if asked is not None else None
    if refined is None or len(code) > 3 or not code.endswith("0"):
        return code, why  # an entry of its own ("urged a ceasefire") already says what is asked
    return refined, replace(why, code=refined, then="appeal-content")


def _done_alone(ctx: SentenceContext, verb: Any, pattern: Pattern, obj: Any) -> Pattern:
    """ "China announced new drills": an event noun done with a partner (062 exercises with …)
    done by one side with no one named is the noun's one-sided reading (150), when it has one."""
    if pattern.kind != "noun" or not pattern.reciprocal or obj is None:
        return pattern
    lemma = verb.lemma_.lower()
    alone = [p for p in ctx.noun_patterns(obj) if not p.reciprocal and p.code[:2] != pattern.code[:2]
             and (lemma in p.verbs if p.verbs else lemma in ctx.lexicon.light_verbs)]  # fmt: skip
    return alone[0] if alone else pattern


def _agreed_content(
    ctx: SentenceContext, obj: Any, code: str, verb_mode: str, why: Provenance
) -> tuple[str, str, Provenance]:
    """ "reached an agreement to meet again in March": an agreement to do something the lexicon
    knows is the intent to do it (036), which is not coded as done."""
    clause = next((c for c in obj.children if c.dep_ == syn.ACL and syn.has_dep(c, syn.AUX)), None)
    agreed = match_verb(ctx, clause)[0] if clause is not None else None
    intent = ctx.mod.intent_code(agreed.code) if agreed is not None else None
    if clause is None or intent is None or verb_mode not in ("asserted", "reported"):
        return code, verb_mode, why
    for content in _complement_chain(clause):
        ctx.consume(content)
    return intent, "intended", replace(why, code=intent, then="agreed-content")


def _consume_rejected(ctx: SentenceContext, obj: Any) -> None:
    """ "blocked the EU's decision to send more aid to Ukraine", "rejected the plan to hold
    talks": what is rejected or vetoed has not happened, and is not coded as done."""
    for clause in obj.children:
        if clause.dep_ in (syn.ACL, syn.RELCL) and syn.has_dep(clause, syn.AUX):
            for verb in _complement_chain(clause):
                ctx.consume(verb)


def _complement_chain(clause: Any) -> list[Any]:
    chain = [clause]
    while len(chain) < 4:
        nxt = next((c for c in chain[-1].children if c.dep_ in (syn.XCOMP, syn.PCOMP)
                    or (c.dep_ == syn.CCOMP and c.tag_ == syn.GERUND_TAG)), None)  # fmt: skip
        if nxt is None:
            break
        chain.append(nxt)
    return chain


def _aerial(ctx: SentenceContext, verb: Any) -> bool:
    """The attack was made with aerial weapons: its subject, its "with/by" instrument."""
    weapons = ctx.policy.words.aerial_weapons
    means = [syn.child(verb, syn.SUBJECT)]
    means += [pobj for prep, pobj in syn.prep_phrases(verb) if prep in ("with", "by")]
    means += [syn.child(pobj, syn.POBJ) for pobj in verb.children if pobj.dep_ == syn.AGENT]
    return any(tok is not None and tok.lemma_.lower() in weapons for tok in means)


def _into_open_water(ctx: SentenceContext, verb: Any, pattern: Pattern) -> bool:
    """Force aimed only at the sea ("toward the East Sea", "off its coast into the ocean")."""
    waters = ctx.policy.words.open_waters
    return any(
        prep in pattern.preps and pobj.lemma_.lower() in waters for prep, pobj in syn.prep_phrases(verb)
    )


def _code_and_mode(ctx: SentenceContext, verb: Any, pattern: Pattern, verb_mode: str) -> tuple[str, str, Provenance]:
    code = apply_mode(ctx, pattern.code, verb_mode)
    rule = "light-verb" if pattern.kind == "noun" else "verb"
    then = ""
    refusal = declared_refusal(ctx, verb, pattern.code, verb_mode)
    if refusal is not None:
        code, verb_mode, then = refusal, "asserted", "declared-refusal"
    option = open_option(ctx, verb, verb_mode)
    if option is not None:
        code, verb_mode, then = option, "asserted", "open-option"
    threat = conditional_threat(ctx, verb, pattern.code, verb_mode)
    if threat is not None:
        code, verb_mode, then = threat, "asserted", "conditional-threat"
    refused = nominal_refusal(ctx, verb, pattern.code)
    if refused is not None:
        code, verb_mode, then = refused, "asserted", "declared-refusal"
    return code, verb_mode, Provenance(rule, verb.lemma_, code, pattern.entry, pattern.origin, then=then)


# "will not sign a deal with X unless …" is the speaker's refusal, threat or option, not X's as well
ONE_SIDED_READINGS = ("declared-refusal", "conditional-threat", "open-option")


def _pairs(
    ctx: SentenceContext,
    pattern: Pattern,
    found: list[ActorMention],
    aimed: list[ActorMention],
    verb: Any,
    *,
    mutual: bool = True,
) -> list[Pair]:
    # "Russia and Ukraine agreed to an exchange of 500 prisoners": with each other, as when nothing is
    # aimed at; people of no known country are what they agreed on, not a third party
    partner = any(t.country not in ("", "---") or t.members for t in aimed)
    joint = all_pairs(found) if not partner and (pattern.reciprocal or ctx.policy.joint_action(pattern.code)) else []
    if joint:
        return joint  # "Pakistan and China agreed to …": with each other
    if not aimed:
        return [(s, None) for s in found]
    pairs: list[Pair] = [(s, t) for s in found for t in aimed if t.country != s.country or t.code != s.code]
    # "declared a truce in the war in Ukraine": one side's declaration, not a truce both made
    if mutual and pattern.reciprocal and verb.lemma_.lower() not in ctx.policy.words.unilateral_verbs:
        pairs += [(t, s) for s, t in list(pairs) if t is not None]
    return pairs


def _code_unattributed(ctx: SentenceContext, verb: Any, pattern: Pattern) -> bool:
    """ "Three civilians were killed in Baghdad": violence done to a known actor by an
    unnamed one is an event with no source (as GDELT records it), never a guessed one."""
    if not ctx.policy.unattributed(pattern.code):
        return False
    subj = syn.child(verb, syn.SUBJECT)
    if subj is not None and subj.pos_ in ("PRON", "PROPN"):
        return False  # "he killed …", "Hamdan killed …": an actor we failed to recognise
    # Passive ("were killed [by a bomb]") or an instrument as subject ("a bombing killed").
    victim = syn.child(verb, syn.PASSIVE_SUBJECT) or syn.child(verb, syn.OBJECT)
    victims = np_actors(ctx, victim) if victim is not None else []
    verb_mode = mode(ctx, verb)
    if not victims or verb_mode not in ("asserted", "reported"):
        return False
    pattern = _instrument_pattern(ctx, verb) or pattern
    doers: list[ActorMention | None] = [*_doers_of_the_occasion(ctx, verb)]
    why = Provenance("unattributed" if not doers else "occasion-doer", verb.lemma_, pattern.code, pattern.entry,
                     pattern.origin)  # fmt: skip
    for s in doers or [None]:
        for t in victims:
            if s is None or s.country != t.country or s.code != t.code:
                ctx.add((s, t), pattern.code, verb_mode, verb, why, ctx.policy.confidence.unattributed, verb)
    return True


def _doers_of_the_occasion(ctx: SentenceContext, verb: Any) -> list[ActorMention]:
    """ "Twenty people were killed when Russian missiles hit an apartment block": the harm was
    done by the actor of the clause of force it happened in."""
    for clause in verb.children:
        # "when" is the clause's mark or, as the parser often has it, its adverb
        opening = {c.lower_ for c in clause.children if c.dep_ in (syn.MARK, syn.ADVMOD)}
        if clause.dep_ != syn.ADVCL or not opening & ctx.policy.words.occasion_of_harm:
            continue
        pattern, _ = match_verb(ctx, clause)
        if pattern is not None and ctx.policy.unattributed(pattern.code):
            return sources(ctx, clause)
    return []


MEANS_PREPS = ("in", "by", "during", "after")


def _instrument_pattern(ctx: SentenceContext, verb: Any) -> Pattern | None:
    """ "killed in a suicide bombing", "a car bomb killed …", "died in an airstrike": the means
    names the kind of violence better than the verb of harm."""
    means = [syn.child(verb, syn.SUBJECT)]
    # "were killed and 46 others injured in a suicide bombing": the means may hang on a coordinated harm
    harms = [verb, *(t for t in verb.subtree if t.pos_ == "VERB" and t.dep_ in (syn.CONJ, syn.ACL))]
    means += [pobj for harm in harms for prep, pobj in syn.prep_phrases(harm) if prep in MEANS_PREPS]
    for tok in means:
        if tok is None:
            continue
        for p in ctx.noun_patterns(tok):
            if ctx.policy.unattributed(p.code):
                ctx.used_nouns.add(tok.i)
                return p
    return None
