"""Participle clauses share their main clause's other party: "spoke with Min Aung Hlaing,
expressing condolences and pledging support" condoles with and pledges to Min Aung Hlaing;
"issued a stern demand, urging Takaichi to retract her remarks" demands of Takaichi. An event
with no target takes the target of an event of the same source in a clause so linked; so does
one whose only target is its source's own state ("pledging India's support")."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from dyad.events import syntax as syn
from dyad.events.context import Candidate, SentenceContext

LINKS = (syn.ADVCL, syn.CONJ)


def share_targets(ctx: SentenceContext) -> None:
    """Rule `shared-target`."""
    cands = ctx.result.candidates
    verbs = [_clause_verb(ctx, c) for c in cands]
    for i, cand in enumerate(cands):
        if cand.source is None or verbs[i] is None or not _open(cand):
            continue
        if cand.code == ctx.policy.statement_code:
            continue
        donor = _donor(cands, verbs, i)
        # "rejected third-party mediation, telling Trump …": an unknown target gives way only to
        # the one the source is telling, or to the target of the same kind of act ("a strike on
        # Iran, targeting nuclear facilities": the facilities are Iran's)
        unknown = cand.target is not None and cand.target.country == "---"
        if donor is not None and (
            not unknown or donor.code == ctx.policy.statement_code or donor.code[:2] == cand.code[:2]
        ):
            cands[i] = replace(cand, target=donor.target)


def _open(cand: Candidate) -> bool:
    target, source = cand.target, cand.source
    if target is None or target.country == "---":
        return True
    return source is not None and target.kind == "state" and target.country == source.country


def _donor(cands: list[Candidate], verbs: list[Any], i: int) -> Candidate | None:
    cand, verb = cands[i], verbs[i]
    assert cand.source is not None
    for j, other in enumerate(cands):
        if j == i or other.target is None or other.source is None or verbs[j] is None:
            continue
        if other.source.code != cand.source.code or other.target.code[:3] == cand.source.code[:3]:
            continue
        if _participle_of(verb, verbs[j]) or _participle_of(verbs[j], verb):
            return other
    return None


def _participle_of(clause: Any, main: Any) -> bool:
    """ "…, expressing condolences and pledging support": `clause` hangs on `main` as a
    participle, directly or through a coordinated participle."""
    current = clause
    while current.dep_ in LINKS and current.tag_ == syn.GERUND_TAG and current.head.i != current.i:
        current = current.head
        if current.i == main.i:
            return True
    return False


def _clause_verb(ctx: SentenceContext, cand: Candidate) -> Any:
    tok = ctx.trigger_token(cand)
    if tok is None:
        return None
    return tok if tok.pos_ in syn.VERBAL else syn.governing_verb(tok)
