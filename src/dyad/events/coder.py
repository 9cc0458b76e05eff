"""From a parsed sentence and its actors to events: who did what to whom.

For every verb or event noun the lexicon knows, the rules (`dyad.events.rules`, run in the
order of `RULES`) find the source (the subject, or the passive agent), the target (object or
the pattern's preposition), and the mode (asserted, intended, negated, hypothetical,
reported). Every candidate trigger leaves a `Decision` saying why it was or was not coded,
which is what `dyad explain` prints.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from typing import Any

from dyad.actors.resolve import MIN_ACTOR_CONFIDENCE
from dyad.events import syntax as syn
from dyad.events.context import Candidate, Decision, SentenceContext, SentenceResult, noun_heads, token_index
from dyad.events.lexicon import Lexicon
from dyad.events.rules import RULES, Rule
from dyad.models import ActorMention

__all__ = ["Candidate", "Decision", "SentenceCoder", "SentenceResult"]


class SentenceCoder:
    """Codes one parsed sentence at a time; holds only the lexicon and the rules, so one
    instance serves many threads (all per-sentence state is in a `SentenceContext`)."""

    def __init__(self, lexicon: Lexicon, rules: tuple[Rule, ...] = RULES) -> None:
        self.lex = lexicon
        self.rules = rules
        self.noun_heads = noun_heads(lexicon)

    def code(self, parse: Any, mentions: list[ActorMention]) -> SentenceResult:
        actors = [m for m in mentions if not m.is_place and m.confidence >= MIN_ACTOR_CONFIDENCE]
        places = [replace(m, is_place=False) for m in mentions if m.is_place and m.kind == "state"]
        if not actors and not places:  # "protests broke out in Kenya" is the Kenyan people's
            return SentenceResult()
        ctx = SentenceContext(self.lex, parse, token_index(parse, actors), token_index(parse, places))
        ctx.noun_heads = self.noun_heads
        ctx.place_tokens = set(token_index(parse, [m for m in mentions if m.is_place]))
        verb_rules = self._runs("verb")
        for tok in parse:
            if (tok.pos_ in syn.VERBAL or (tok.pos_ == "ADJ" and tok.dep_ == syn.ROOT)) and tok.i not in ctx.consumed:
                _first_claim(verb_rules, ctx, tok)
        noun_rules = self._runs("noun")
        for tok in parse:
            if tok.pos_ in syn.NOMINAL and tok.i not in ctx.used_nouns:
                _first_claim(noun_rules, ctx, tok)
        for run in self._runs("sentence"):
            run(ctx)
        return ctx.result

    def _runs(self, scope: str) -> list[Callable[..., object]]:
        return [r.run for r in self.rules if r.scope == scope]


def _first_claim(runs: list[Callable[..., object]], ctx: SentenceContext, tok: Any) -> None:
    for run in runs:
        if run(ctx, tok):
            return
