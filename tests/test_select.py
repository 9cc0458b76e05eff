"""Choosing a sentence's main event (dyad.events.select), on events built by hand.

The order the benchmarks and summaries rely on: real (done or intended) before hypothetical or
negated, specific events before bare statements, the main clause's event before one inside it,
done before intended, dyadic before one-sided, then confidence.
"""

from __future__ import annotations

from itertools import permutations

import pytest

from dyad.events.select import event_rank, main_event
from dyad.models import ActorMention, Event, Provenance, Span


def actor(code: str) -> ActorMention:
    return ActorMention(code, 0, 3, code, code[:3], code[3:], code, "state")


def event(
    cameo: str = "111",
    mode: str = "asserted",
    depth: int = 0,
    target: bool = True,
    entry: str = "verb:test",
    confidence: float = 0.8,
) -> Event:
    return Event(
        doc_id="d",
        sentence_index=0,
        sentence="",
        source=actor("AAA"),
        target=actor("BBB") if target else None,
        cameo=cameo,
        cameo_name="",
        cameo_root=cameo[:2],
        plover=None,
        quad_class=0,
        penta_class=0,
        goldstein=0.0,
        mode=mode,
        trigger=Span("x", 0, 1),
        confidence=confidence,
        rule="verb",
        depth=depth,
        provenance=Provenance(rule="verb", trigger="x", code=cameo, entry=entry),
    )


# Each pair: (the event that must be chosen, the one that must not), differing in one respect.
PAIRS = {
    "asserted before hypothetical": (event(confidence=0.5), event(mode="hypothetical", confidence=0.99)),
    "asserted before negated": (event(confidence=0.5), event(mode="negated", confidence=0.99)),
    "intended before negated": (event(mode="intended", depth=2), event(mode="negated")),
    "reported counts as real": (event(mode="reported", depth=1), event(mode="hypothetical")),
    "specific before a bare statement": (event(cameo="0512", depth=1), event(cameo="010")),
    "main clause before embedded": (event(cameo="036", depth=0, mode="intended"), event(cameo="190", depth=2)),
    "asserted before intended": (event(mode="asserted", target=False), event(mode="intended")),
    "dyadic before one-sided": (event(target=True, confidence=0.5), event(target=False, confidence=0.99)),
    "lexicon entry before a default": (event(entry="noun:talks", confidence=0.5), event(entry="", confidence=0.9)),
    "more confident": (event(confidence=0.9), event(confidence=0.6)),
}


@pytest.mark.parametrize("name", list(PAIRS))
def test_main_event_prefers(name: str) -> None:
    better, worse = PAIRS[name]
    assert event_rank(better) > event_rank(worse)
    assert main_event([worse, better]) is better
    assert main_event([better, worse]) is better


def test_main_event_of_a_sentence_whatever_the_order() -> None:
    # "Officials said that Iran might strike, but Iraq did not; Iraq expelled the envoy and will
    # hold talks": the expulsion is the sentence's main event, the denied and possible strikes the least.
    ranked = [
        event(cameo="174", depth=0),  # expelled (asserted, main clause)
        event(cameo="036", depth=0, mode="intended"),  # will hold talks
        event(cameo="190", depth=1),  # an asserted strike inside a clause
        event(cameo="010", depth=0),  # officials said
        event(cameo="190", depth=0, mode="negated"),  # did not strike
    ]
    for order in permutations(ranked):
        assert main_event(list(order)) is ranked[0]
    assert sorted(ranked, key=event_rank, reverse=True) == ranked
    assert main_event([]) is None


def test_a_deeply_embedded_background_event_does_not_outrank_the_intended_main_one() -> None:
    """ "is prepared to impose martial law as street battles raged": the battle, five levels down
    in a clause of time, is background to the intention three levels down."""
    intended = event(cameo="137", mode="intended", depth=3)
    background = event(cameo="190", depth=5)
    assert main_event([background, intended]) is intended
