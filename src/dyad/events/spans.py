"""Where an actor's argument begins and ends in a sentence.

An event's source or target span is the whole noun phrase the actor stands in — "a Swiss
court", "the Croatian government's request", "an arms depot of the Syrian army" — as a
coder reading the sentence would mark it; clauses and coordinated phrases hanging off it
are not part of it, and neither is the event itself ("its blockade of Yemen": Yemen).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from dyad.events import syntax as syn
from dyad.models import ActorMention

ARGUMENT_LINKS = syn.NP_LINK | {syn.NUMMOD}
CLAUSE_STARTS = (syn.RELCL, syn.ACL)  # a clause below an argument, at any depth
CLAUSE_DEPS = {*CLAUSE_STARTS, syn.CONJ, syn.CC, syn.PUNCT, syn.ADVCL, syn.PARATAXIS}  # beside its head


def is_time_word(tok: Any) -> bool:
    """ "Tuesday", "March", "weekend": a time, never an actor."""
    return bool(tok.lemma_.lower() in TIME_WORDS or tok.lower_ in TIME_WORDS)


TIME_WORDS = {
    "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "day", "week",
    "month", "year", "morning", "afternoon", "evening", "night", "weekend", "today", "date",
    "january", "february", "march", "april", "may", "june", "july", "august", "september",
    "october", "november", "december", "occasion", "sideline", "sidelines",
}  # fmt: skip


def phrase_extent(head: Any) -> tuple[int, int]:
    lo, hi = argument_extent(head)
    return lo, close_brackets(head.doc.text, lo, hi)


def argument_extent(head: Any) -> tuple[int, int]:
    """Character extent of `head`'s subtree without what `outside_argument` leaves out,
    found going down once (not walking up from every token)."""
    lo, hi = head.idx, head.idx + len(head)
    below = [c for c in head.children if c.dep_ not in CLAUSE_DEPS and not says_when(c)]
    while below:
        t = below.pop()
        lo, hi = min(lo, t.idx), max(hi, t.idx + len(t))
        below.extend(c for c in t.children if c.dep_ not in CLAUSE_STARTS)
    return lo, hi


def close_brackets(text: str, lo: int, hi: int) -> int:
    """ "the Nigerian Air Force (NAF": the parser leaves the closing bracket outside."""
    if text.count("(", lo, hi) > text.count(")", lo, hi):
        rest = text[hi:]
        stripped = rest.lstrip()
        if stripped.startswith(")"):
            return hi + len(rest) - len(stripped) + 1
    return hi


def mention_root(tokens: list[Any], m: ActorMention) -> Any:
    for t in tokens:
        if not (m.start <= t.head.idx < m.end) or t.head.i == t.i:
            return t
    return tokens[-1]


def argument_head(tok: Any, is_event: Callable[[Any], bool] = lambda t: False) -> Any:
    """Up from an actor to the head of the noun phrase it belongs to: "Croatian government"
    → "request" in "the Croatian government's request"; "army" → "depot" in "an arms depot
    of the Syrian army". Coordination and clauses are boundaries."""
    for _ in range(4):
        head = tok.head
        if head.i == tok.i or head.pos_ not in ("NOUN", "PROPN", "NUM"):
            if tok.dep_ == syn.POBJ and head.dep_ == syn.PREP and head.lower_ == "of":
                noun = head.head
                # "an arms depot of the Syrian army", but not "its blockade of Yemen": the
                # event itself is no part of its target.
                if noun.pos_ in ("NOUN", "PROPN", "NUM") and noun.i != head.i and not is_event(noun):
                    tok = noun
                    continue
            return tok
        if tok.dep_ not in ARGUMENT_LINKS or (tok.dep_ != syn.POSS and is_event(head)):
            return tok  # "NATO exercises" are NATO's; "Trump's decision" is the whole argument
        tok = head
    return tok


def outside_argument(t: Any, head: Any) -> bool:
    """Tokens of `head`'s subtree that belong to a clause, a conjunct or a time phrase hanging
    off it: "the Chinese ambassador, [who …]", "France's ambassador [Monday]"."""
    current = t
    while current.i != head.i:
        if current.dep_ in CLAUSE_STARTS:
            return True
        if current.head.i == head.i:
            return current.dep_ in CLAUSE_DEPS or says_when(current)
        current = current.head
    return False


def says_when(tok: Any) -> bool:
    if tok.dep_ == syn.NPADVMOD:
        return bool(tok.lemma_.lower() in TIME_WORDS)
    if tok.dep_ == syn.PREP:
        return any(c.dep_ == syn.POBJ and c.lemma_.lower() in TIME_WORDS for c in tok.children)
    return False
