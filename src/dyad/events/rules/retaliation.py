"""Retaliation: "Israel launched strikes on Iran, as Iran retaliates with 100 drones". A
retaliation that names no target is aimed at the one whose act on the retaliating side the same
sentence tells; the verbs are listed in policy.yaml (`retaliation_verbs`)."""

from __future__ import annotations

from dataclasses import replace

from dyad.events.context import Candidate, SentenceContext


def aim_retaliations(ctx: SentenceContext) -> None:
    """Rule `retaliation-target`."""
    cands = ctx.result.candidates
    for i, cand in enumerate(cands):
        if cand.source is None or (cand.target is not None and cand.target.country != "---"):
            continue
        tok = ctx.trigger_token(cand)
        if tok is None or tok.lemma_.lower() not in ctx.policy.words.retaliation_verbs:
            continue
        struck = _struck_first(cands, cand)
        if struck is not None:
            cands[i] = replace(cand, target=struck.source)


def _struck_first(cands: list[Candidate], cand: Candidate) -> Candidate | None:
    """An act of another country on the retaliating side's country, told in the same sentence."""
    assert cand.source is not None
    country = cand.source.country
    for other in cands:
        if other is cand or other.source is None or other.target is None:
            continue
        if other.target.country == country and other.source.country not in (country, "---"):
            return other
    return None
