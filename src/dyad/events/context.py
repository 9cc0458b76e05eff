"""One sentence being coded: everything the rules share while they work on it.

The coder itself holds only the lexicon; each call builds a `SentenceContext` (the parse,
which token is which actor, what earlier rules consumed or found) and hands it to the rules
in order, so one coder can code sentences on many threads at once.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from typing import Any

from dyad.actors.resolve import span_tokens
from dyad.events import syntax as syn
from dyad.events.keys import noun_keys
from dyad.events.lexicon import Lexicon, Modality, Pattern
from dyad.events.policy import Policy
from dyad.events.spans import argument_extent, argument_head, close_brackets, mention_root
from dyad.models import ActorMention, Provenance, Span


@dataclass
class Candidate:
    """An event found in one sentence, before the document-level merge."""

    source: ActorMention | None
    target: ActorMention | None
    code: str
    mode: str
    trigger: Span
    provenance: Provenance
    confidence: float
    object_text: str = ""
    depth: int = 0  # of the trigger in the parse: 0 for the main verb

    @property
    def rule(self) -> str:
        return self.provenance.label


@dataclass
class Decision:
    trigger: str
    lemma: str
    coded: bool
    why: str
    provenance: Provenance | None = None  # of the candidate it became, when coded


@dataclass
class SentenceResult:
    candidates: list[Candidate] = field(default_factory=list)
    decisions: list[Decision] = field(default_factory=list)


@dataclass
class SentenceContext:
    lexicon: Lexicon
    parse: Any
    token_actor: dict[int, ActorMention]  # token index → the actor it is part of
    # "declared a ceasefire in South Sudan", "arrived in Mali": a state named as the place of
    # an event can be its target when the lexicon entry lists that preposition.
    token_place: dict[int, ActorMention]
    # every token of a place the sentence names, features and cities included: never a target
    place_tokens: set[int] = field(default_factory=set)
    result: SentenceResult = field(default_factory=SentenceResult)
    consumed: set[int] = field(default_factory=set)  # complements coded inside a refusal or threat
    used_nouns: set[int] = field(default_factory=set)  # event nouns coded with their verb
    spoken: list[tuple[Any, list[ActorMention]]] = field(default_factory=list)  # speakers, for 010
    matches: dict[int, tuple[Pattern | None, Any]] = field(default_factory=dict)  # verb → its pattern
    # token → its noun patterns: several rules ask about the same nouns, and their keys cost a walk
    known_nouns: dict[int, list[Pattern]] = field(default_factory=dict)
    # the words the lexicon's noun keys end on (`noun_heads`): a noun with none of them is no
    # event noun, whatever its modifiers; None: every noun's keys are looked up
    noun_heads: frozenset[str] | None = None

    # The lexicon's parts the rules read most, looked up once per sentence; and the
    # sentence's text (spaCy joins the tokens' texts again at every `doc.text`).
    mod: Modality = field(init=False)
    policy: Policy = field(init=False)
    text: str = field(init=False)

    def __post_init__(self) -> None:
        self.mod = self.lexicon.modality
        self.policy = self.lexicon.policy
        self.text = self.parse.text

    def noun_patterns(self, noun: Any) -> list[Pattern]:
        """Patterns of the most specific key the lexicon knows ("hunger strike" before "strike")."""
        known = self.known_nouns.get(noun.i)
        if known is None:
            known = self.known_nouns[noun.i] = self._noun_patterns(noun)
        return known

    def _noun_patterns(self, noun: Any) -> list[Pattern]:
        if self.noun_heads is not None and not self._may_be_event_noun(noun):
            return []
        for key in noun_keys(noun, self.policy.words):
            found = self.lexicon.noun_patterns(key)
            if found:
                return found
        return []

    def _may_be_event_noun(self, noun: Any) -> bool:
        """Whether one of `noun_keys(noun)` can be a lexicon key: each ends on the noun's lemma
        or opens with "lemma of", is its lower-case form, or is a modifier of a vague head."""
        lemma = noun.lemma_.lower()
        if not lemma or " " in lemma or lemma in self.policy.words.vague_heads:
            return True
        return lemma in (self.noun_heads or ()) or noun.lower_ in self.lexicon.nouns

    def dyads_coded(
        self, roots: frozenset[str], codes: frozenset[str] = frozenset()
    ) -> Iterator[tuple[int, Candidate]]:
        """The candidates so far with a source and a target whose code is under `roots` or `codes`."""
        for i, cand in enumerate(self.result.candidates):
            if cand.source is not None and cand.target is not None and (
                cand.code[:2] in roots or cand.code[:3] in codes
            ):
                yield i, cand

    def trigger_token(self, cand: Candidate) -> Any:
        """The token a candidate's trigger is (None if the span no longer aligns)."""
        span = self.parse.char_span(cand.trigger.start, cand.trigger.end, alignment_mode="expand")
        return span.root if span is not None else None

    def decide(self, tok: Any, lemma: str, why: str) -> None:
        """A trigger that was not coded, and why (for `dyad explain`)."""
        self.result.decisions.append(Decision(tok.text, lemma, False, why))

    def add(self, pair: tuple[ActorMention | None, ActorMention | None], code: str, mode: str,
            trigger: Any, provenance: Provenance, confidence: float, head: Any) -> None:  # fmt: skip
        """One candidate event; `head` is the clause it stands for (its object phrase and depth)."""
        source, target = pair
        conf = confidence * min(m.confidence for m in (source, target) if m is not None) if source else confidence
        self.result.candidates.append(
            Candidate(
                source=self.whole_phrase(source, self.text),
                target=self.whole_phrase(target, self.text),
                code=code,
                mode=mode,
                trigger=Span(trigger.text, trigger.idx, trigger.idx + len(trigger.text)),
                provenance=provenance,
                confidence=round(conf, 3),
                object_text=syn.object_phrase(head),
                # "began a hunger strike": the clause's verb, not the noun, places the event.
                depth=min(syn.depth(trigger), syn.depth(head)),
            )
        )
        arrow = f"{source.code if source else '-'} → {target.code if target else '-'}"
        why = f"{code} ({mode}) {arrow} by {provenance.label}"
        self.result.decisions.append(Decision(trigger.text, trigger.lemma_, True, why, provenance))

    def whole_phrase(self, m: ActorMention | None, text: str) -> ActorMention | None:
        """The event's actor span is the whole noun phrase the actor stands in: "a Swiss
        court", "the two sides", "the Croatian government's request", "an arms depot of the
        Syrian army" — the argument of the event, as a coder reading the sentence marks it."""
        if m is None:
            return None
        tokens = span_tokens(self.parse, m.start, m.end)
        if not tokens:
            return m
        head = argument_head(mention_root(tokens, m), lambda t: bool(self.noun_patterns(t)))
        lo, hi = argument_extent(head)
        lo, hi = min(m.start, lo), max(m.end, hi)
        hi = close_brackets(text, lo, hi)
        if (lo, hi) == (m.start, m.end):
            return m
        return replace(m, text=text[lo:hi], start=lo, end=hi)

    def consume(self, head: Any) -> None:
        """The complement of "refused to …" or "threatened to …" is not coded on its own."""
        self.consumed.add(head.i)
        for c in head.conjuncts:
            self.consumed.add(c.i)


def noun_heads(lexicon: Lexicon) -> frozenset[str]:
    """The last word of every noun key ("strike" of "hunger strike") and the head of every
    "X of Y" key ("threat" of "threat of war")."""
    words = {key.rsplit(" ", 1)[-1] for key in lexicon.nouns}
    return frozenset(words | {key.split(" of ", 1)[0] for key in lexicon.nouns if " of " in key})


def token_index(parse: Any, mentions: list[ActorMention]) -> dict[int, ActorMention]:
    index: dict[int, ActorMention] = {}
    for m in mentions:
        for t in span_tokens(parse, m.start, m.end):
            if t.text not in ("'s", "’s"):
                index[t.i] = m
    return index
