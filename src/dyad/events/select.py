"""Choosing the main event of a sentence or document, for summaries and evaluation."""

from __future__ import annotations

from collections.abc import Sequence

from dyad.models import Event

MODE_RANK = {"asserted": 3, "reported": 3, "intended": 2, "hypothetical": 0, "negated": 0}


def event_rank(e: Event) -> tuple[int, int, int, int, int, int, float]:
    """Real (done or intended) before hypothetical or negated, specific events before bare
    statements, the main clause's event before those inside it ("will provide aid to
    refugees fleeing the war" is about the aid), done before intended, dyadic before
    one-sided, then confidence."""
    rank = MODE_RANK.get(e.mode, 1)
    return (
        int(rank > 0),
        int(e.cameo != "010"),
        -e.depth,
        rank,
        int(e.source is not None and e.target is not None),
        int(e.provenance is not None and e.provenance.from_lexicon),
        e.confidence,
    )


def main_event(events: Sequence[Event]) -> Event | None:
    return max(events, key=event_rank) if events else None
