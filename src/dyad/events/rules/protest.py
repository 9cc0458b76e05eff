"""Protests aimed at no one named: "thousands marched through Belgrade", "farmers blocked the
motorways around Paris". Demonstrations, strikes and blockades with no named target are aimed
at the protesters' own government (the convention of CAMEO coders), which is added as an
implied target with no words of its own; the reason says so."""

from __future__ import annotations

from dataclasses import replace

from dyad.actors.situate import REAL_COUNTRY
from dyad.events.context import Candidate, SentenceContext
from dyad.geo import country_name
from dyad.models import ActorMention

GOVERNMENT = "GOV"


def implied_government(ctx: SentenceContext) -> None:
    """Rule `protest-target`: a protest with no target, by people of a known country, is
    aimed at that country's government."""
    roots = ctx.policy.government_addressed_roots
    named = {c.trigger.start for c in ctx.result.candidates if c.target is not None}
    for i, cand in enumerate(ctx.result.candidates):
        if cand.target is not None or cand.code[:2] not in roots or cand.trigger.start in named:
            continue
        source = cand.source
        if source is None or not REAL_COUNTRY.match(source.country) or source.sector == GOVERNMENT:
            continue
        ctx.result.candidates[i] = _aimed_at_government(cand, source)


def _aimed_at_government(cand: Candidate, source: ActorMention) -> Candidate:
    at = cand.trigger.start
    target = ActorMention(
        text="", start=at, end=at, code=source.country + GOVERNMENT, country=source.country,
        sector=GOVERNMENT, name=f"government of {country_name(source.country) or source.country}", kind="implied",
        reason="a protest with no named target is aimed at the protesters' own government",
        confidence=source.confidence,
    )  # fmt: skip
    return replace(cand, target=target)
