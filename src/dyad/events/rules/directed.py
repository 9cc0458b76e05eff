"""The shared last step of rules that know who is acted on: the verb's own sources each do the
act to each of them (never to themselves), in the verb's mode."""

from __future__ import annotations

from typing import Any

from dyad.events.context import SentenceContext
from dyad.events.rules.modality import apply_mode, mode
from dyad.events.rules.sources import sources
from dyad.models import ActorMention, Provenance


def code_directed(
    ctx: SentenceContext, verb: Any, aimed: list[ActorMention], code: str, rule: str, *, both_ways: bool = False
) -> bool:
    """Adds (source → each of `aimed`) for the verb's sources; False when it has none left."""
    doers = [s for s in sources(ctx, verb) if all(s.code != t.code for t in aimed)]
    if not doers:
        return False
    verb_mode = mode(ctx, verb)
    code = apply_mode(ctx, code, verb_mode)
    why = Provenance(rule, verb.lemma_, code)
    confidence = ctx.policy.confidence.verb_with_target
    for s in doers:
        for t in aimed:
            ctx.add((s, t), code, verb_mode, verb, why, confidence, verb)
            if both_ways:
                ctx.add((t, s), code, verb_mode, verb, why, confidence, verb)
    return True
