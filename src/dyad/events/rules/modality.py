"""Modality: whether an event was done, intended, negated, hypothetical or reported, read from
the auxiliaries, negations, conditions and verbs of saying around its trigger
(`modality.yaml`)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from dyad.events import syntax as syn
from dyad.events.context import SentenceContext

MODE_ORDER = ("negated", "hypothetical", "intended", "reported", "asserted")  # the first one found wins
# The clause links a mode word can reach across: "agreed [to] strengthen", "said it [would] …".
MODE_LINKS = (syn.XCOMP, syn.CONJ, syn.ACOMP, syn.CCOMP, syn.ADVCL, syn.PCOMP, syn.PREP, syn.POBJ, syn.DOBJ)


def mode(ctx: SentenceContext, verb: Any) -> str:
    modes = set(_modes(ctx, verb))
    if "hypothetical-would" in modes:
        # "said it would meet them (if …)": the reported future; a conditional offer is
        # still an intention, and a conditional act of conflict becomes a threat.
        modes.add("intended" if modes & {"reported", "own-words"} else "hypothetical")
    return next(m for m in MODE_ORDER if m in modes or m == "asserted")


def apply_mode(ctx: SentenceContext, code: str, mode: str) -> str:
    """An intended event is coded as the intent to do it (modality.yaml's intent codes)."""
    if mode == "intended":
        return ctx.mod.intent_code(code) or code
    return code


def _modes(ctx: SentenceContext, tok: Any) -> Iterator[str]:
    if ctx.text.rstrip().endswith("?"):
        yield "hypothetical"
    current, depth = tok, 0
    while depth < 6:
        for child in current.children:
            yield from _child_modes(ctx, tok, current, child)
        head = current.head
        if head.i == current.i:
            break
        lemma = head.lemma_.lower()
        if current.dep_ == syn.XCOMP and (lemma in ctx.mod.intent_verbs or lemma in ctx.mod.intent_adjectives):
            yield "intended"
        if current.dep_ == syn.CCOMP and lemma in ctx.mod.reporting_verbs:
            # "Netanyahu said he welcomed …": a speaker telling of their own act asserts it
            subj = syn.child(current, syn.SUBJECT)
            yield "own-words" if subj is not None and subj.pos_ == "PRON" else "reported"
            break
        if current.dep_ in (syn.POBJ, syn.PCOMP) and _accusation(ctx, current.head):
            yield "reported"  # "accused Russia of shelling Kharkiv": a claim, not a fact
            break
        if current.dep_ not in MODE_LINKS or _own_time(ctx, current):
            break
        current, depth = head, depth + 1


def _own_time(ctx: SentenceContext, clause: Any) -> bool:
    """ "will hold talks, a day after Islamabad launched strikes": a clause with its own subject
    and a mark of time or cause ("after", "because") has its own tense, not its head's."""
    if clause.dep_ != syn.ADVCL or syn.child(clause, syn.SUBJECT) is None:
        return False
    words = syn.marks(clause)
    return bool(words) and not words & ctx.mod.hypothetical_marks


def _accusation(ctx: SentenceContext, prep: Any) -> bool:
    return prep.lower_ in ("of", "for") and bool(prep.head.lemma_.lower() in ctx.policy.words.accusing_verbs)


def _child_modes(ctx: SentenceContext, tok: Any, current: Any, child: Any) -> Iterator[str]:
    word = child.lower_
    mod = ctx.mod
    if child.dep_ == syn.ACOMP and child.lemma_.lower() in mod.intent_adjectives:
        yield "intended"  # "Pakistan is willing to …, strengthen …, deepen …"
    negation = child.dep_ == syn.NEG or word in ("never", "not", "n't")
    if negation and (current.i == tok.i or current.dep_ != syn.ROOT):
        yield "negated"
    if child.dep_ == syn.AUX and word in mod.intent_aux:
        yield "intended"
    if child.dep_ == syn.ADVMOD and word in mod.hedging_adverbs and current.i == tok.i:
        yield "reported"  # "Russia allegedly shelled Kharkiv": a claim, not a fact
    if child.dep_ == syn.AUX and word in mod.hypothetical_aux:
        # "Iraq said it would allow …": the reported future, not a hypothesis.
        yield "hypothetical-would" if word == "would" else "hypothetical"
    if child.dep_ == syn.MARK and word in mod.hypothetical_marks:
        yield "hypothetical"
        yield "conditional"
    if child.dep_ == syn.ADVCL and syn.marks(child) & mod.hypothetical_marks:
        yield "conditional"  # "would meet them if they came alone"
