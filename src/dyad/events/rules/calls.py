"""Telephone calls: "Putin called Aliyev" (the caller to the one called) and "Sheinbaum spoke to
Trump by telephone" (a conversation both ways) are CAMEO 041, whoever the other party is — a
person the dictionaries know, a state or an organisation. "called on X to …", "called for …",
"called off …" and "called X a liar" are something else and are left to the lexicon. Speaking
with another state's official by no stated means is a consultation (040) both ways."""

from __future__ import annotations

from typing import Any

from dyad.actors.situate import state_code
from dyad.events import syntax as syn
from dyad.events.context import SentenceContext
from dyad.events.rules.actors import np_actors
from dyad.events.rules.directed import code_directed
from dyad.events.rules.sources import sources
from dyad.events.spans import says_when
from dyad.models import ActorMention

CALL_CODE = "041"
CONSULT_CODE = "040"
STATE_SIDES = frozenset(("", "GOV"))


def code_call(ctx: SentenceContext, verb: Any) -> bool:
    """Rule `phone-call`."""
    lemma = verb.lemma_.lower()
    words = ctx.policy.words
    if lemma in words.call_verbs:
        called, both_ways = _called(ctx, verb), False
    elif lemma in words.conversation_verbs and _by_phone(ctx, verb):
        called, both_ways = _conversation_partners(ctx, verb), True
    elif lemma in words.conversation_verbs:
        return _consultation(ctx, verb)
    else:
        return False
    if not called:
        return False
    return code_directed(ctx, verb, called, CALL_CODE, "phone-call", both_ways=both_ways)


def _consultation(ctx: SentenceContext, verb: Any) -> bool:
    """Rule `consultation`: "the foreign minister spoke to his Afghan counterpart" — a state's
    official speaking with another state's is a consultation (040) both ways; speaking to
    reporters or crowds is not."""
    speakers = {m.country for m in sources(ctx, verb)}
    partners = [
        m for m in _conversation_partners(ctx, verb)
        if m.sector in STATE_SIDES and state_code(m.country) and m.country not in speakers
    ]  # fmt: skip
    return bool(partners) and code_directed(ctx, verb, partners, CONSULT_CODE, "consultation", both_ways=True)


def _called(ctx: SentenceContext, verb: Any) -> list[ActorMention]:
    blocking = ctx.policy.words.call_blocking_preps
    for c in verb.children:
        if c.dep_ in (syn.PREP, syn.PRT) and c.lower_ in blocking and not says_when(c):
            return []  # "called on Iran to …" (but "called him on Tuesday" is a call)
    if any(c.dep_ in (syn.OPRD, syn.CCOMP, syn.ATTR) for c in verb.children):
        return []  # "called the attack a war crime", "called it shameful"
    obj = syn.child(verb, syn.OBJECT)
    return np_actors(ctx, obj) if obj is not None else []


def _by_phone(ctx: SentenceContext, verb: Any) -> bool:
    phone = ctx.policy.words.phone_words
    for prep, pobj in syn.prep_phrases(verb):
        if prep in ("by", "over", "via", "in", "on") and (pobj.lemma_.lower() in phone or pobj.lower_ in phone):
            return True
    return False


def _conversation_partners(ctx: SentenceContext, verb: Any) -> list[ActorMention]:
    found: list[ActorMention] = []
    for prep, pobj in syn.prep_phrases(verb):
        if prep in ("to", "with"):
            found.extend(np_actors(ctx, pobj))
    return found
