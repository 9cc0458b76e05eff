"""Findings: "concluded that the Sudanese government used chemical weapons", "collected evidence
of Russia's use of chemical weapons". Finding that another actor did violence accuses them of it
(CAMEO 112), as CAMEO coders read an official finding; the finding verbs, evidence nouns and the
roots of violence are listed in policy.yaml (`finding_verbs`, `evidence_nouns`, roots `found`)."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from dyad.events import syntax as syn
from dyad.events.context import SentenceContext
from dyad.events.rules.directed import code_directed

HOPS = 4  # how far above the act its finding may be: "evidence of [Russia's use of …]"


def accuse_by_finding(ctx: SentenceContext) -> None:
    """Rule `finding`."""
    for i, cand in enumerate(list(ctx.result.candidates)):
        if cand.source is None or cand.code[:2] not in ctx.policy.found_roots:
            continue
        tok = ctx.trigger_token(cand)
        finder = _finding(ctx, tok) if tok is not None else None
        if finder is None or not code_directed(ctx, finder, [cand.source], ctx.policy.accusation_code, "finding"):
            continue
        if cand.mode == "asserted":  # what was found is the finder's claim
            ctx.result.candidates[i] = replace(cand, mode="reported")


def _finding(ctx: SentenceContext, tok: Any) -> Any:
    """The verb that finds the act `tok` stands for: the verb of its "that" clause, or the verb
    over an evidence noun whose "of" phrase holds it."""
    words = ctx.policy.words
    current = tok
    for _ in range(HOPS):
        head = current.head
        if head.i == current.i:
            return None
        if current.dep_ == syn.CCOMP and head.lemma_.lower() in words.finding_verbs:
            return head
        if current.dep_ == syn.POBJ and head.lower_ == "of" and head.head.lemma_.lower() in words.evidence_nouns:
            return syn.governing_verb(head.head)
        current = head
    return None
