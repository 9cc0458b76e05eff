"""What only the whole story decides, once every sentence of a document is coded.

A sentence is coded knowing only what came before it; the story knows more. Officials, police and
protesters of no stated country are the country the story is about, even when it is named after
them; an act of one of the story's two states aimed at no one named is aimed at the other (a
rebuke not in a story of their friendship only), and in a story about one country an act of
dispute or force aimed at no one named is aimed at home (police force there represses its
people; a state's appeal or demand there commands its own, no event); a blow told without who
struck is lent the doer of the story's acts of the same kind on the same actor, and an official
arrested or investigated by no one named is so by their own state's justice; an event told
again without one of its actors, or with neither known, supports the whole telling; no phrase
is both who acts and who the act is aimed at.
`Story.tell` runs these steps in order and merges the events per (source, code, target, mode), as
the store keeps them.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable
from dataclasses import replace

from dyad.actors.resolve import DocumentActors
from dyad.actors.situate import mention_code, state_code
from dyad.events.policy import Policy
from dyad.models import ActorMention, Event

# Acts of a state aimed at another (appeals, promises, talks, aid, demands, rebukes, threats,
# cuts in relations, fighting); not statements, investigations, protests, shows of force or the
# coercion a state mostly uses at home (arrests, repression).
COUNTERPART_ROOTS = frozenset(("02", "03", "04", "05", "06", "07", "08", "10", "11", "12", "13", "16", "19", "20"))
# Public statements that answer or address another: denials, sympathy, agreement.
COUNTERPART_CODES = frozenset(("016", "018", "019"))
# Acts whose unnamed doer the story can tell from its other acts of the same kind: coercion,
# assaults and fighting, which the same forces do again and again in one story.
AGENT_ROOTS = frozenset(("17", "18", "19", "20"))
# Blows a state strikes at the other state of a two-state story: fighting and mass violence.
STRIKE_ROOTS = frozenset(("19", "20"))
# Who can lend itself as the doer of such an act: the state and its forces, and armed groups;
# not crowds, victims or companies, whose part in a story is seldom that of the one who strikes.
FORCE_SECTORS = frozenset(("", "GOV", "MIL", "COP", "JUD", "SPY", "REB", "INS"))
# In a story about one country, its people's acts of dispute and force aimed at no one named are
# aimed at home: yielding (a retreat, a release, an eased curfew), investigations, demands,
# rebukes, rejections, threats, protests, shows of force, coercion, assaults and fighting. Not
# promises, appeals or aid, which as often go abroad, nor statements, which need no one they are
# aimed at.
DOMESTIC_ROOTS = frozenset(("08", "09", "10", "11", "12", "13", "14", "15", "17", "18", "19", "20"))
STATE_SECTORS = frozenset(("", "GOV", "MIL"))

Key = tuple[str, str, str, str]
# Gives an event another CAMEO code, with the name of the rule that did (the ontology's fields).
Recode = Callable[[Event, str, str], None]


class Story:
    """The events of one document, collected as its sentences are coded, and the document's
    actors, which by the end have read all of it."""

    def __init__(self, actors: DocumentActors, policy: Policy | None = None, recode: Recode | None = None) -> None:
        self.actors = actors
        self.events: list[Event] = []
        self.policy = policy
        self.recode = recode

    def tell(self) -> list[Event]:
        """The events as the whole story reads them, merged, in the order of the text."""
        settled = set()
        home = home_country(self.actors)
        for e in self.events:
            if settle_actors(e, self.actors) | home_forces(e, home):
                settled.add(id(e))
            if reflexive(e):
                one_sided(e)
        aim_at_counterparts(self.events, self.actors)
        if self.policy is not None and self.recode is not None:
            force_at_home(self.events, self.policy, self.recode, settled)
        credit_agents(self.events)
        if self.policy is not None:
            justice_at_home(self.events, self.policy.words.home_target_sectors)
        merged: dict[Key, Event] = {}
        for e in self.events:
            if not own_command(e):
                merge(merged, e)
        return in_text_order(fold_partial(list(merged.values())))


def in_text_order(events: Iterable[Event]) -> list[Event]:
    return sorted(events, key=lambda e: (e.sentence_index, e.trigger.start))


def settle_actors(event: Event, actors: DocumentActors) -> bool:
    """The event's actors as the whole document resolves them (`DocumentActors.settle`); whether
    that changed one of them."""
    before = (event.source, event.target)
    if event.source is not None:
        event.source = actors.settle(event.source, event.sentence_index)
    if event.target is not None:
        event.target = actors.settle(event.target, event.sentence_index)
    return (event.source, event.target) != before


def home_forces(event: Event, home: str | None) -> bool:
    """Troops of no stated country in a story about one country are its own ("military
    personnel had attempted to detain him" in a story of Cameroon's unrest): `settle` leaves
    troops alone, as they are often foreign, but a story that names no other state as often
    as half as much has no foreign army in view. Whether an actor changed."""
    changed = False
    for role in ("source", "target"):
        m = getattr(event, role)
        if home is not None and m is not None and m.sector == "MIL" and _of_no_country(m):
            reason = m.reason + f"; troops of no stated country in a story about {home} alone"
            setattr(event, role, replace(m, country=home, code=mention_code(home, "MIL"), reason=reason))
            changed = True
    return changed


def force_at_home(events: list[Event], policy: Policy, recode: Recode, settled: set[int]) -> None:
    """Civilians using force on their own country's police riot ("clashes between protesters
    and police": CAMEO codes the crowd's side as a violent protest, not as military force);
    police using force on their own country's civilians repress them, which the sentence rule
    `repression` already codes when the sentence names their country: here, for the events
    whose actors only the whole story placed (`settled`, ids of events), and for police force
    aimed at no one named in a story of one country's unrest ("security forces fired live
    rounds"), which `aim_at_counterparts` aims at home."""
    police, civil = policy.words.police_sectors, policy.words.civil_sectors
    for e in events:
        src, tgt = e.source, e.target
        if src is None or tgt is None or src.country != tgt.country or not state_code(src.country):
            continue
        if e.cameo_root not in policy.repressive_roots and e.cameo[:3] not in policy.repressive_codes:
            continue
        sides = (src.sector.lower(), tgt.sector.lower())
        if sides[0] in police and (sides[1] in civil or implied(e)) and (id(e) in settled or implied(e)):
            recode(e, policy.repression_code, "repression")
        elif sides[0] in civil and sides[1] in police:
            recode(e, policy.riot_code, "riot")


def aim_at_counterparts(events: list[Event], actors: DocumentActors) -> None:
    """A state's act aimed at no one named, in a story about it and one other state, is aimed at
    that other state ("Pakistan has broken the ceasefire" in a story of its clashes with
    Afghanistan); a rebuke or a blow, though, not in a story that tells only of their
    cooperation ("the Chinese side opposed the use of force" in a readout of friendly talks).
    Acts the two do together ("both sides oppose …") aim at neither. In a story about one
    country, its people's acts of dispute and force aimed at no one named are aimed at home
    ("security forces fired live bullets" in a story of one country's unrest)."""
    tones = _tones_between(events)
    joint = _joint_acts(events)
    home = home_country(actors)
    abroad = _sentences_naming_others(events, home)
    for e in events:
        src = e.source
        if src is None or (e.sentence_index, e.trigger.start) in joint:
            continue
        # a state's act in a sentence that names another state may be aimed there ("accused Russia
        # of violating the truce" in a story that names Russia most), not at home; rebels, police
        # or crowds still act at home
        at_home = None if e.sentence_index in abroad and src.sector in STATE_SECTORS else home
        if e.target is None:
            other = _counterpart(e, src, actors, tones)
            if other is not None:
                e.target = _implied_state(other, e, actors)
            elif at_home is not None and src.country == at_home and e.cameo_root in DOMESTIC_ROOTS:
                e.target = _implied_state(at_home, e, actors, at_home=True)
        elif _of_no_country(e.target):
            _place_unknown_target(e, src, actors, tones, at_home)


def _sentences_naming_others(events: list[Event], home: str | None) -> set[int]:
    """The sentences whose events name a state other than the story's home."""
    return {
        e.sentence_index for e in events for m in (e.source, e.target)
        if m is not None and m.kind != "implied" and (c := known(m)) is not None and state_code(c) and c != home
    }  # fmt: skip


def _of_no_country(m: ActorMention) -> bool:
    return m.country in ("", "---") and not m.members and not m.is_place


def _place_unknown_target(
    e: Event, src: ActorMention, actors: DocumentActors, tones: dict[frozenset[str], set[str]], home: str | None
) -> None:
    """Whom a state's forces strike in a story about it and one other state is of that other
    state ("killing the head of the army" in a story of Israel's strikes on Iran); whom one
    country's people act against in a story about that country alone is of that country ("the
    arrests of several individuals"); "the country" after its source is the source's country."""
    assert e.target is not None
    if _the_country(e.target) and src.end <= e.target.start and known(src) is not None:
        country: str | None = src.country  # "Israel's defence minister … in the country"
        told = "the country its source is of"
    else:
        country = _counterpart(e, src, actors, tones) if e.cameo_root in STRIKE_ROOTS else None
        if country is None and home is not None and src.country == home and e.cameo_root in DOMESTIC_ROOTS:
            country = home
        told = "the other side of the story" if country != home else "the country the story is about"
    if country is not None:
        e.target = replace(
            e.target, country=country, code=mention_code(country, e.target.sector),
            confidence=min(e.target.confidence, 0.6), reason=e.target.reason + f"; of no stated country: {told}",
        )  # fmt: skip


def _the_country(m: ActorMention) -> bool:
    """ "the country", "the nation": the state named before, which the parser cannot tell."""
    return m.text.strip().lower() in ("the country", "the nation")


def _counterpart(
    e: Event, src: ActorMention, actors: DocumentActors, tones: dict[frozenset[str], set[str]]
) -> str | None:
    aimed = e.cameo_root in COUNTERPART_ROOTS or e.cameo[:3] in COUNTERPART_CODES
    if not aimed or src.sector not in STATE_SECTORS:
        return None
    other = actors.counterpart(src.country)
    if other is None:
        return None
    pair = frozenset((src.country, other))
    return other if _tone(e) == "cooperation" or tones.get(pair, {"conflict"}) != {"cooperation"} else None


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


def home_country(actors: DocumentActors) -> str | None:
    """The one state a story is about: named at least three times, and at least twice as often
    as any other state (a state named twice beside one named once, as in a single sentence, may
    be the one acted on; a dateline says where the reporter is, not what the story is about)."""
    counts = [(n, c) for c, n in actors.country_counts.items() if n and state_code(c)]
    ranked = sorted(counts, reverse=True)
    if not ranked or ranked[0][0] < 3 or (len(ranked) > 1 and ranked[0][0] < 2 * ranked[1][0]):
        return None
    return ranked[0][1]


def _implied_state(country: str, event: Event, actors: DocumentActors, *, at_home: bool = False) -> ActorMention:
    at = event.trigger.start
    source = event.source.country if event.source else ""
    told = f"{country} alone" if at_home else f"{source} and {country}"
    reason = f"names no target; the story is about {told}"
    return ActorMention(
        text="", start=at, end=at, code=country, country=country, sector="", name=actors.country_name(country),
        kind="implied", confidence=min(event.confidence, 0.6), reason=reason,
    )  # fmt: skip


def implied(event: Event) -> bool:
    return event.target is not None and event.target.kind == "implied"


def reflexive(event: Event) -> bool:
    """Source and target are the same words ("the prosecution of X" read as X prosecuting X, "His
    Brazilian counterpart, President Lula" read as three actors): no actor acts on itself in one
    phrase (see `one_sided`). "The two sides" stand for two states at once, and their reciprocal
    events stay: only states stand for "the two sides", never a person."""
    src, tgt = event.source, event.target
    if src is None or tgt is None or (src.start, src.end) != (tgt.start, tgt.end):
        return False
    two_sides = src.kind == tgt.kind == "state" and src.sector == tgt.sector == ""
    return src.code[:3] == tgt.code[:3] or not two_sides


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
    sentence two such events are two acts ("attacked the base, killing …"): both stay. An act
    told with neither side known ("ten people were killed in the strikes") retells the story's
    act of the same root."""
    whole = [e for e in events if known(e.source) and known(e.target) and _retold(e)]
    kept = []
    for e in events:
        src, tgt = known(e.source), known(e.target)
        if (src is not None and tgt is not None) or not _retold(e):
            kept.append(e)
            continue
        same = next((w for w in whole if _retells(e, w, src, tgt)), None)
        if same is None:
            kept.append(e)
        elif e.sentence_index not in same.supporting:
            same.supporting.append(e.sentence_index)
    return kept


def _retells(e: Event, whole: Event, src: str | None, tgt: str | None) -> bool:
    if whole.sentence_index == e.sentence_index:
        return False
    if src is None and tgt is None:
        return whole.cameo_root == e.cameo_root
    return (
        whole.cameo[:3] == e.cameo[:3]
        and (src is None or known(whole.source) == src)
        and (tgt is None or known(whole.target) == tgt)
    )


def credit_agents(events: list[Event]) -> None:
    """A blow or an act of coercion told without who struck ("two opposition figures were
    arrested", "the director was detained") is the act of whoever the story shows doing acts of
    the same kind to the same actor (the police who dispersed their rally): the nearest such act
    in the text lends its actor. Nothing is lent when no act of the story fits, nor by crowds."""
    doers = [
        e for e in events
        if e.source is not None and known(e.source) and known(e.target) and e.cameo_root in AGENT_ROOTS
        and e.source.sector in FORCE_SECTORS
    ]  # fmt: skip
    for e in events:
        if e.source is not None or known(e.target) is None or e.cameo_root not in AGENT_ROOTS:
            continue
        fits = [d for d in doers if d.cameo_root == e.cameo_root and _code(d.target) == _code(e.target)]
        if fits:
            doer = min(fits, key=lambda d: abs(d.sentence_index - e.sentence_index))
            e.source = _lent(doer, e)


# Appeals and demands (02, 10) of a state's government or agencies aimed at the state itself, as a
# one-country story aims what names no target ("I have ordered the incident to be investigated"):
# a state commanding its own is no act between two actors.
COMMAND_ROOTS = frozenset(("02", "10"))
STATE_AGENCIES = frozenset(("", "GOV", "MIL", "COP", "JUD", "SPY"))


def own_command(e: Event) -> bool:
    """An appeal or demand of a state's government or agency that the story aimed at home."""
    src, tgt = e.source, e.target
    if e.cameo_root not in COMMAND_ROOTS or src is None or not implied(e):
        return False
    assert tgt is not None
    same = known(src) is not None and src.country == tgt.country and state_code(src.country)
    return bool(same) and src.sector in STATE_AGENCIES


# Acts of a state's justice on its own officials and politicians: arrests, charges, investigations.
JUSTICE_CODES = frozenset(("173", "090", "091", "092", "093", "094"))


def justice_at_home(events: list[Event], officials: frozenset[str]) -> None:
    """An arrest, charge or investigation of an official or politician of a known country told
    without who did it ("the prosecution of former president X", "the minister was detained"),
    and lent no doer by the story, is by that country's justice: states seldom prosecute
    another's politicians without the story saying so."""
    for e in events:
        tgt = e.target
        if e.source is not None or tgt is None or e.cameo[:3] not in JUSTICE_CODES:
            continue
        if known(tgt) is None or not state_code(tgt.country) or tgt.sector.lower() not in officials:
            continue
        at = e.trigger.start
        e.source = ActorMention(
            text="", start=at, end=at, code=mention_code(tgt.country, "JUD"), country=tgt.country, sector="JUD",
            name=f"the justice of {tgt.country}", kind="implied", confidence=min(e.confidence, 0.5),
            reason=f"names no actor; an official of {tgt.country} is arrested, charged or investigated at home",
        )  # fmt: skip


def _code(m: ActorMention | None) -> str:
    return m.code if m is not None else ""


def _lent(doer: Event, event: Event) -> ActorMention:
    assert doer.source is not None
    at = event.trigger.start
    return replace(
        doer.source, text="", start=at, end=at, kind="implied", confidence=min(event.confidence, 0.6),
        reason=f"names no actor; '{doer.source.text}' does the same to it in sentence {doer.sentence_index + 1}",
    )  # fmt: skip


def event_id(doc_id: str, source: str, code: str, target: str, mode: str) -> str:
    raw = "|".join((doc_id, source, code, target, mode)).encode()
    return hashlib.sha256(raw).hexdigest()[:16]
