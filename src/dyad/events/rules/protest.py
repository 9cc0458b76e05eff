"""Protests aimed at no one named: "thousands marched through Belgrade", "farmers blocked the
motorways around Paris". Demonstrations, strikes and blockades with no named target are aimed
at the protesters' own government (the convention of CAMEO coders), which is added as an
implied target with no words of its own; the reason says so."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from dyad.actors.situate import REAL_COUNTRY
from dyad.events import syntax as syn
from dyad.events.context import Candidate, SentenceContext
from dyad.events.rules.actors import np_actors
from dyad.events.rules.targets import occasion_actor
from dyad.geo import country_name
from dyad.models import ActorMention

GOVERNMENT = "GOV"
CIVILIANS = "CVL"
# How many protested, standing for who: "thousands marched", "hundreds protested outside …".
CROWD_WORDS = frozenset(("thousands", "hundreds", "dozens", "scores", "millions", "tens"))


def crowd(ctx: SentenceContext, verb: Any, code: str) -> list[ActorMention]:
    """Rule `crowd`: a protest whose subject is only how many took part ("thousands marched
    through Belgrade") is by people of no stated country, whom the sentence's places or the
    story then place; never for other acts ("hundreds were killed" names victims)."""
    subj = syn.child(verb, syn.SUBJECT)
    if subj is None or code[:2] not in ctx.policy.government_addressed_roots or subj.lower_ not in CROWD_WORDS:
        return []
    if any(c.dep_ == syn.PREP and c.lower_ == "of" for c in subj.children):
        return []  # "thousands of farmers": the farmers, whom the dictionaries name
    lo, hi = subj.idx, subj.idx + len(subj.text)
    places = {m.country for m in ctx.token_place.values() if REAL_COUNTRY.match(m.country)}
    country = places.pop() if len(places) == 1 else "---"
    where = f"the sentence takes place in {country}" if country != "---" else "of no stated country"
    return [ActorMention(text=subj.text, start=lo, end=hi, code=country + CIVILIANS, country=country,
                         sector=CIVILIANS, name="protesters", kind="group", confidence=0.5,
                         reason=f"'{subj.text}' protesting: a crowd; {where}")]  # fmt: skip


def official_protests(ctx: SentenceContext) -> None:
    """Rule `official-protest`: "India protested after Chinese troops entered Ladakh": a state or
    its government does not take to the streets; its protest is an official complaint (114)."""
    words = ctx.policy.words
    for i, cand in enumerate(ctx.result.candidates):
        source, tok = cand.source, ctx.trigger_token(cand)
        if source is None or tok is None or cand.code[:2] not in ctx.policy.government_addressed_roots:
            continue
        official = (source.kind == "state" and not source.sector) or source.sector == GOVERNMENT
        if not official or tok.lemma_.lower() not in words.official_protest_verbs:
            continue
        code = ctx.policy.official_protest_code
        why = replace(cand.provenance, code=code, then="official-protest")
        target = cand.target if cand.target is not None else next(iter(occasion_actor(ctx, tok, [source])), None)
        ctx.result.candidates[i] = replace(cand, code=code, provenance=why, target=target)


def implied_government(ctx: SentenceContext) -> None:
    """Rule `protest-target`: a protest with no target, by people of a known country, is
    aimed at that country's government."""
    roots = ctx.policy.government_addressed_roots
    named = {c.trigger.start for c in ctx.result.candidates if c.target is not None}
    for i, cand in enumerate(ctx.result.candidates):
        if cand.target is not None or cand.code[:2] not in roots or cand.trigger.start in named:
            continue
        source = cand.source
        if source is None or not REAL_COUNTRY.match(source.country):
            continue
        if source.sector == GOVERNMENT:
            continue  # a government does not protest at itself
        owner = _owner_of_what_is_protested(ctx, cand, source)
        ctx.result.candidates[i] = replace(cand, target=owner) if owner else _aimed_at_government(cand, source)


def _owner_of_what_is_protested(ctx: SentenceContext, cand: Candidate, source: ActorMention) -> ActorMention | None:
    """ "marched … to protest Israel's military operation": the owner of what is protested."""
    tok = ctx.trigger_token(cand)
    obj = syn.child(tok, syn.OBJECT) if tok is not None else None
    found = np_actors(ctx, obj, deep=True) if obj is not None else []
    return next((m for m in found if REAL_COUNTRY.match(m.country) and m.country != source.country), None)


def _aimed_at_government(cand: Candidate, source: ActorMention) -> Candidate:
    at = cand.trigger.start
    target = ActorMention(
        text="", start=at, end=at, code=source.country + GOVERNMENT, country=source.country,
        sector=GOVERNMENT, name=f"government of {country_name(source.country) or source.country}", kind="implied",
        reason="a protest with no named target is aimed at the protesters' own government",
        confidence=source.confidence,
    )  # fmt: skip
    return replace(cand, target=target)


def repression(ctx: SentenceContext) -> None:
    """Rule `repression`: police using force on their own country's civilians or opposition
    ("police shot three protesters") repress them (CAMEO 175), whatever the verb of harm."""
    policy = ctx.policy
    # shooting, firing, unspecified violence; torture or an assassination keeps its own code
    for i, cand in ctx.dyads_coded(policy.repressive_roots, policy.repressive_codes):
        source, target = cand.source, cand.target
        assert source is not None and target is not None
        words = policy.words
        if source.sector.lower() not in words.police_sectors or target.sector.lower() not in words.civil_sectors:
            continue
        if source.country != target.country or not REAL_COUNTRY.match(source.country):
            continue
        why = replace(cand.provenance, code=policy.repression_code, then="repression")
        ctx.result.candidates[i] = replace(cand, code=policy.repression_code, provenance=why)


def _a_protest(ctx: SentenceContext, tok: Any, protests: set[int]) -> bool:
    """A coded protest, or a protest noun coded or not ("in "No Kings" protests denouncing …")."""
    roots = ctx.policy.government_addressed_roots
    return tok.idx in protests or (tok.pos_ in syn.NOMINAL and any(p.code[:2] in roots for p in ctx.noun_patterns(tok)))


def protest_messages(ctx: SentenceContext) -> None:
    """Rule `protest-message`: "farmers blocked motorways, demanding higher pay": what a protest
    demands or denounces is its message, not an event of its own."""
    protests: set[int] = set()
    for c in ctx.result.candidates:
        tok = ctx.trigger_token(c)
        if tok is not None and c.code[:2] in ctx.policy.government_addressed_roots:
            # "started blocking motorways, demanding …": the aspect verb's clause is the protest's
            protests |= {tok.idx} | ({tok.head.idx} if tok.dep_ == syn.XCOMP else set())
    kept = []
    for cand in ctx.result.candidates:
        tok = ctx.trigger_token(cand)
        message = (
            tok is not None and tok.dep_ in (syn.ADVCL, syn.ACL) and tok.tag_ == syn.GERUND_TAG
            and cand.code[:2] in ctx.policy.message_roots and _a_protest(ctx, tok.head, protests)
        )  # fmt: skip
        if not message:
            kept.append(cand)
    ctx.result.candidates = kept
