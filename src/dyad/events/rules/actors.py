"""Arguments: which actors a noun phrase holds ("China's adherence", "Hungarian and Romanian
officials", "thousands of Nigerians"), shared by the source and target rules."""

from __future__ import annotations

from typing import Any

from dyad.events import syntax as syn
from dyad.events.context import SentenceContext
from dyad.events.keys import see_through
from dyad.models import ActorMention

Pair = tuple[ActorMention | None, ActorMention | None]


def np_actors(ctx: SentenceContext, head: Any, *, include_head: bool = True, deep: bool = False) -> list[ActorMention]:
    """Actors of the noun phrase headed by `head`: the head itself, its conjuncts,
    its possessor/compound/modifier ("China's adherence"), and with `deep`, an actor
    further inside ("initiatives proposed by President Xi")."""
    found: list[ActorMention] = []
    head = see_through(head, ctx.policy.words)  # "thousands of Nigerians"
    for tok in _listed([head, *head.conjuncts, *_inner_conjuncts(ctx, head)], ctx):
        m = ctx.token_actor.get(tok.i) if include_head or tok.i != head.i else None
        if m is not None:
            found.extend(m.members or [m])
            found.extend(_coordinated_adjective(ctx, tok, m))
            continue
        found.extend(_linked_actors(ctx, tok))
        if not found and deep:
            for t in tok.subtree:
                if t.i != tok.i and t.i in ctx.token_actor and not _mediator_of(ctx, t, tok):
                    found.extend(np_actors(ctx, _mention_head(ctx, t)))  # with conjuncts: "a deal between A and B"
                    break
    return unique(found)


def _mediator_of(ctx: SentenceContext, t: Any, top: Any) -> bool:
    """ "a ceasefire deal mediated by Egypt": who brokered a deal is no party to it ("allegations
    made by the army" are the army's)."""
    mediating = ctx.policy.words.mediating_verbs
    return any(a.dep_ == syn.AGENT and a.head.lemma_.lower() in mediating
               for a in t.ancestors if a.i != top.i and top.is_ancestor(a))  # fmt: skip


def _mention_head(ctx: SentenceContext, tok: Any) -> Any:
    """The token of a mention that the rest of the sentence hangs on ("Republic" of "the
    Democratic Republic of the Congo"), from any of its tokens."""
    m = ctx.token_actor[tok.i]
    while tok.head.i != tok.i and ctx.token_actor.get(tok.head.i) is m:
        tok = tok.head
    return tok


def _inner_conjuncts(ctx: SentenceContext, head: Any) -> list[Any]:
    """ "the Democratic Republic of the Congo and Republic of Rwanda": the parser may coordinate
    the second state with the last word of the first one's name."""
    m = ctx.token_actor.get(head.i)
    if m is None or m.kind not in ("state", "organisation"):
        return []  # "Delegations of Russia and Ukraine" too
    return [c for t in head.subtree if m.start <= t.idx < m.end and t.i != head.i for c in t.conjuncts
            if c.i > t.i and c.i in ctx.token_actor and ctx.token_actor[c.i] is not m]


def _listed(tokens: list[Any], ctx: SentenceContext) -> list[Any]:
    """ "The UK, Canada and Australia", "Nigeria, Namibia, the Republic of the Congo": a state the
    parser makes the appositive of another state is the next item of a list, with its conjuncts."""
    out = list(tokens)
    for tok in tokens:
        m = ctx.token_actor.get(tok.i)
        if m is None or m.kind != "state":
            continue
        for child in tok.children:
            other = ctx.token_actor.get(child.i) if child.dep_ == syn.APPOS else None
            if other is not None and other.kind == "state" and other.country != m.country:
                out.extend(t for t in (child, *child.conjuncts) if t not in out)
    if len(out) > len(tokens):
        out.extend(_stray_last_item(out[-1], ctx))
    return out


def _stray_last_item(last: Any, ctx: SentenceContext) -> list[Any]:
    """ "…, the Republic of the Congo, and Chad": the parser may hang the list's last state on the
    verb instead."""
    doc, i = last.doc, last.right_edge.i + 1
    while i < len(doc) and (doc[i].is_punct or doc[i].lower_ in ("and", "or", "the")):
        i += 1
    if i >= len(doc) or doc[i].dep_ != syn.CONJ or doc[i].head.pos_ not in syn.VERBAL:
        return []
    m = ctx.token_actor.get(doc[i].i)
    return [doc[i]] if m is not None and m.kind == "state" else []


def _coordinated_adjective(ctx: SentenceContext, tok: Any, m: ActorMention) -> list[ActorMention]:
    """ "Hungarian and Romanian officials": the first of coordinated adjectives is a mention
    of its own."""
    found: list[ActorMention] = []
    for child in tok.children:
        other = ctx.token_actor.get(child.i) if child.dep_ == syn.AMOD and child.conjuncts else None
        if other is not None and other is not m:
            found.extend(other.members or [other])
    return found


def _linked_actors(ctx: SentenceContext, tok: Any) -> list[ActorMention]:
    found: list[ActorMention] = []
    for child in tok.children:
        if child.dep_ == syn.POSS and child.pos_ == "PRON" and tok.lemma_.lower() in ctx.policy.words.counterpart_nouns:
            continue  # "his Bolivian counterpart": the other side's, not his
        if child.dep_ == syn.APPOS and child.i not in ctx.token_actor:
            # "Kenzo Oshima, the United Nations Emergency Relief Coordinator"
            found.extend(np_actors(ctx, child, include_head=False))
            continue
        # "officials from Kansas", "doctors from two American aid groups"
        if child.dep_ in syn.NP_LINK or (child.dep_ == syn.PREP and child.lower_ in ("of", "from")):
            inner = child if child.dep_ != syn.PREP else syn.child(child, syn.POBJ)
            if inner is not None:
                m = ctx.token_actor.get(inner.i)
                if m is not None:
                    found.extend(m.members or [m])
                    found.extend(_prefixed(ctx, inner, m))
    return found


def _prefixed(ctx: SentenceContext, tok: Any, m: ActorMention) -> list[ActorMention]:
    """ "Indo-French", "Sino-Japanese": the first state of a hyphened pair hangs on the second."""
    found: list[ActorMention] = []
    for child in tok.children:
        other = ctx.token_actor.get(child.i) if child.dep_ in syn.PREFIX_LINK else None
        nxt = child.nbor(1) if child.i + 1 < len(child.doc) else None
        if other is not None and other is not m and other.kind == "state" and nxt is not None and nxt.text == "-":
            found.extend(other.members or [other])
    return found


def or_none(targets: list[ActorMention]) -> list[ActorMention | None]:
    """The targets, or one missing target: an event with no target is still an event."""
    return [*targets] if targets else [None]


def all_pairs(actors: list[ActorMention]) -> list[Pair]:
    """Each with each other, but not a state with itself: "his Chilean counterpart Gabriel Boric",
    read as CHL and CHLGOV, is one party ("the government and the rebels" are two)."""
    pairs: list[Pair] = []
    for a in actors:
        for b in actors:
            if a is not b and a.code != b.code and not _one_state(a, b):
                pairs.append((a, b))
    return pairs


def _one_state(a: ActorMention, b: ActorMention) -> bool:
    return a.country == b.country and (a.start == b.start or "state" in (a.kind, b.kind))


def unique(mentions: list[ActorMention]) -> list[ActorMention]:
    seen: set[tuple[int, int, str]] = set()
    out = []
    for m in mentions:
        key = (m.start, m.end, m.code)
        if key not in seen:
            seen.add(key)
            out.append(m)
    return out
