"""Mass killings: "killed more than 500 civilians", "hundreds of villagers were massacred". A
killing whose victims number at least the policy's `mass_killing_count` is a mass killing
(CAMEO 202), not an attack; the count is read from the victims' own phrase."""

from __future__ import annotations

import re
from dataclasses import replace

from dyad.events.context import SentenceContext

NUMBER = re.compile(r"(?<![\d.,])(\d{1,3}(?:,\d{3})+|\d+)(?![\d.,]*\d)")


def mass_killings(ctx: SentenceContext) -> None:
    """Rule `mass-killing`."""
    policy = ctx.policy
    for i, cand in enumerate(ctx.result.candidates):
        if cand.code[:2] not in policy.killing_roots or cand.target is None:
            continue
        tok = ctx.trigger_token(cand)
        if tok is None or tok.lemma_.lower() not in policy.words.killing_verbs:
            continue
        if victims_counted(cand.target.text, policy.words.mass_numbers) < policy.mass_killing_count:
            continue
        why = replace(cand.provenance, code=policy.mass_killing_code, then="mass-killing")
        ctx.result.candidates[i] = replace(cand, code=policy.mass_killing_code, provenance=why)


def victims_counted(phrase: str, mass_numbers: frozenset[str]) -> int:
    """The largest number of people a phrase counts ("more than 500 civilians" → 500); "hundreds"
    counts as 100, "thousands" as 1,000. Years ("the 2024 protesters") are not counts."""
    lowered = phrase.lower()
    counts = [int(n.replace(",", "")) for n in NUMBER.findall(lowered) if not _year(n)]
    counts += [100 if w.startswith("hundreds") else 1000 for w in mass_numbers if w in lowered]
    return max(counts, default=0)


def _year(number: str) -> bool:
    return "," not in number and len(number) == 4 and 1900 <= int(number) <= 2100
