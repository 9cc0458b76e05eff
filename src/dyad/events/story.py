"""What only the whole story decides, once every sentence of a document is coded.

A sentence is coded knowing only what came before it; the story knows more. Officials, police and
protesters of no stated country are the country the story is about, even when it is named after
them; an act of one of the story's two states aimed at no one named is aimed at the other (a
rebuke not in a story of their friendship only); an event told again without one of its
actors supports the whole telling; no phrase is both who acts and who the act is aimed at.
`Story.tell` runs these steps in order and merges the events per (source, code, target, mode), as
the store keeps them.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable

from dyad.actors.resolve import DocumentActors
from dyad.models import ActorMention, Event

# Acts of a state aimed at another (appeals, promises, talks, aid, demands, rebukes, threats,
# cuts in relations, fighting); not statements, investigations, protests, shows of force or the
# coercion a state mostly uses at home (arrests, repression).
COUNTERPART_ROOTS = frozenset(("02", "03", "04", "05", "06", "07", "08", "10", "11", "12", "13", "16", "19", "20"))
# Public statements that answer or address another: denials, sympathy, agreement.
COUNTERPART_CODES = frozenset(("016", "018", "019"))
STATE_SECTORS = frozenset(("", "GOV", "MIL"))

Key = tuple[str, str, str, str]


class Story:
    """The events of one document, collected as its sentences are coded, and the document's
    actors, which by the end have read all of it."""

    def __init__(self, actors: DocumentActors) -> None:
        self.actors = actors
        self.events: list[Event] = []

    def tell(self) -> list[Event]:
        """The events as the whole story reads them, merged, in the order of the text."""
        for e in self.events:
            settle_actors(e, self.actors)
            if reflexive(e):
                one_sided(e)
        aim_at_counterparts(self.events, self.actors)
        merged: dict[Key, Event] = {}
        for e in self.events:
            merge(merged, e)
        return in_text_order(fold_partial(list(merged.values())))


def in_text_order(events: Iterable[Event]) -> list[Event]:
    return sorted(events, key=lambda e: (e.sentence_index, e.trigger.start))


def settle_actors(event: Event, actors: DocumentActors) -> None:
    """The event's actors as the whole document resolves them (`DocumentActors.settle`)."""
    if event.source is not None:
        event.source = actors.settle(event.source, event.sentence_index)
    if event.target is not None:
        event.target = actors.settle(event.target, event.sentence_index)


def aim_at_counterparts(events: list[Event], actors: DocumentActors) -> None:
    """A state's act aimed at no one named, in a story about it and one other state, is aimed at
    that other state ("Pakistan has broken the ceasefire" in a story of its clashes with
    Afghanistan); a rebuke or a blow, though, not in a story that tells only of their
    cooperation ("the Chinese side opposed the use of force" in a readout of friendly talks).
    Acts the two do together ("both sides oppose …") aim at neither."""
    tones = _tones_between(events)
    joint = _joint_acts(events)
    for e in events:
        src = e.source
        if e.target is not None or src is None or src.sector not in STATE_SECTORS:
            continue
        aimed = e.cameo_root in COUNTERPART_ROOTS or e.cameo[:3] in COUNTERPART_CODES
        if not aimed or (e.sentence_index, e.trigger.start) in joint:
            continue
        other = actors.counterpart(src.country)
        pair = frozenset((src.country, other)) if other else frozenset()
        if other is not None and (_tone(e) == "cooperation" or tones.get(pair, {"conflict"}) != {"cooperation"}):
            e.target = _implied_state(other, e, actors)


def _tone(e: Event) -> str:
    return "cooperation" if e.quad_class in (1, 2) else "conflict"


def _tones_between(events: list[Event]) -> dict[frozenset[str], set[str]]:
    """For each pair of states, the tones of the events the story names both of them in."""
    tones: dict[frozenset[str], set[str]] = {}
    for e in events:
        src, tgt = known(e.source), known(e.target)
        if src and tgt and src != tgt and not implied(e):
            tones.setdefault(frozenset((src, tgt)), set()).add(_tone(e))
    return tones


def _joint_acts(events: list[Event]) -> set[tuple[int, int]]:
    """Triggers whose act has more than one state as its source: done together."""
    sources: dict[tuple[int, int], set[str]] = {}
    for e in events:
        if (country := known(e.source)) is not None:
            sources.setdefault((e.sentence_index, e.trigger.start), set()).add(country)
    return {at for at, countries in sources.items() if len(countries) > 1}


def _implied_state(country: str, event: Event, actors: DocumentActors) -> ActorMention:
    at = event.trigger.start
    source = event.source.country if event.source else ""
    return ActorMention(
        text="", start=at, end=at, code=country, country=country, sector="", name=actors.country_name(country),
        kind="implied", confidence=min(event.confidence, 0.6),
        reason=f"names no target; the story is about {source} and {country}",
    )  # fmt: skip


def implied(event: Event) -> bool:
    return event.target is not None and event.target.kind == "implied"


def reflexive(event: Event) -> bool:
    """Source and target are the same words and the same country ("the prosecution of X" read as
    X prosecuting X): no actor acts on itself in one phrase (see `one_sided`). "The two sides"
    stand for two countries at once, and their reciprocal events stay."""
    src, tgt = event.source, event.target
    if src is None or tgt is None or (src.start, src.end) != (tgt.start, tgt.end):
        return False
    return src.code[:3] == tgt.code[:3]


def one_sided(event: Event) -> None:
    """A reflexive event keeps the one role its phrase plays: before the event word, or after
    "by", it is who acts ("violations by Azerbaijan"); otherwise it is who the act is aimed at
    ("the arrest of the opposition leader")."""
    phrase = event.source
    assert phrase is not None
    before = event.sentence[: phrase.start].rstrip().lower()
    if phrase.end <= event.trigger.start or before.endswith((" by", "(by")) or before == "by":
        event.target = None
    else:
        event.source = None


def merge(merged: dict[Key, Event], event: Event) -> None:
    """One event per (source, code, target, mode); the other sentences that tell it support it."""
    key = (
        event.source.code if event.source else "",
        event.cameo,
        event.target.code if event.target else "",
        event.mode,
    )
    kept = merged.get(key)
    if kept is None:
        event.event_id = event_id(event.doc_id, *key)
        merged[key] = event
        return
    if implied(kept) and not implied(event):  # the telling that names its target leads
        merged[key], kept, event = event, event, kept
        kept.event_id = event.event_id
        kept.supporting = sorted({event.sentence_index, *event.supporting} - {kept.sentence_index})
    if event.sentence_index != kept.sentence_index and event.sentence_index not in kept.supporting:
        kept.supporting.append(event.sentence_index)
    kept.confidence = max(kept.confidence, event.confidence)


def known(m: ActorMention | None) -> str | None:
    """The country an actor is scored and compared by, or None when it is not known."""
    return None if m is None or m.country in ("", "---") else m.code[:3]


def _retold(e: Event) -> bool:
    """Events a story tells again in other words: acts, not what was said or promised (each
    statement and each promise says something of its own)."""
    return e.mode != "intended" and e.cameo_root not in ("01", "02")


def fold_partial(events: list[Event]) -> list[Event]:
    """An event told again without one of its actors ("… were detained" after "police detained
    the students") is the same event: it supports the whole one, of the same CAMEO base code
    and the same known actor, instead of standing as an event of an unknown side. Within one
    sentence two such events are two acts ("attacked the base, killing …"): both stay."""
    whole = [e for e in events if known(e.source) and known(e.target) and _retold(e)]
    kept = []
    for e in events:
        src, tgt = known(e.source), known(e.target)
        if (src is None) == (tgt is None) or not _retold(e):
            kept.append(e)
            continue
        same = next((w for w in whole if _retells(e, w, src, tgt)), None)
        if same is None:
            kept.append(e)
        elif e.sentence_index not in same.supporting:
            same.supporting.append(e.sentence_index)
    return kept


def _retells(e: Event, whole: Event, src: str | None, tgt: str | None) -> bool:
    return (
        whole.cameo[:3] == e.cameo[:3]
        and whole.sentence_index != e.sentence_index
        and (src is None or known(whole.source) == src)
        and (tgt is None or known(whole.target) == tgt)
    )


def event_id(doc_id: str, source: str, code: str, target: str, mode: str) -> str:
    raw = "|".join((doc_id, source, code, target, mode)).encode()
    return hashlib.sha256(raw).hexdigest()[:16]
