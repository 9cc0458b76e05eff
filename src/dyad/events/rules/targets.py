"""Arguments: targets — the object, the entry's preposition ("sent troops to Mali"), a
"with" partner elsewhere in the clause, the target of a complement, or a named target the
dictionaries do not know (kept as "---")."""

from __future__ import annotations

from collections.abc import Collection
from typing import Any

from dyad.actors.resolve import PLACE_NOUNS
from dyad.events import syntax as syn
from dyad.events.context import SentenceContext
from dyad.events.keys import see_through
from dyad.events.lexicon import Pattern
from dyad.events.rules.actors import np_actors, unique
from dyad.events.rules.sources import sources
from dyad.events.spans import is_time_word, phrase_extent
from dyad.models import ActorMention


def targets(ctx: SentenceContext, verb: Any, pattern: Pattern | None, obj: Any) -> list[ActorMention]:
    if pattern is not None and pattern.target == "none":
        return []
    found: list[ActorMention] = []
    if pattern is not None and pattern.preps:
        # "lodged a protest with China over the detention of a Japanese citizen": the one addressed
        # before what it is about, wherever the parser hung either
        addressed = [p for p in pattern.preps if p not in ctx.policy.words.topic_preps]
        found = _on_verb_or_object(ctx, verb, obj, addressed)
        if not found and len(addressed) < len(pattern.preps):
            found = _on_verb_or_object(ctx, verb, obj, pattern.preps)
    obj = _first_verbs_object(verb, obj)
    if not found and obj is not None:
        # The object itself ("killed five civilians"), or an actor inside it ("lifted the ban
        # on Chadian citizens"); the parser may split one object in two ("met his
        # counterpart Italian President Sergio Mattarella").
        others = [c for c in verb.children if c.dep_ in syn.OBJECT and c.i != obj.i]
        for candidate in (obj, *others):
            found = np_actors(ctx, candidate, deep=True)
            if pattern is not None and pattern.kind == "noun":
                # "held a joint air force drill": an agent word inside the event noun is no party;
                # "concluded their meeting in Türkiye's Istanbul": nor is the place it was held
                found = [m for m in found if m.country != "---" and not _where_held(ctx, candidate, m, pattern.code)
                         and not _agent_modifier(ctx, candidate, m)]  # fmt: skip
            if found:
                break
        if pattern is not None and pattern.target == "prep" and pattern.objects and _own_forces(obj, found):
            return []  # "sent troops to …", "withdrew its peacekeepers from …": what is sent
    if not found and pattern is not None and pattern.preps:
        found = prep_targets(ctx, verb, pattern.preps, deep=True)
        if not found and obj is not None:  # "declared a truce in the war in Eritrea"
            found = prep_targets(ctx, obj, pattern.preps, deep=True)
    if not found and obj is not None and pattern is not None and ctx.policy.unattributed(pattern.code):
        found = _located_in(ctx, obj)
    if not found and obj is None:
        # "Houthi fighters, backed by Iranian advisers, …": the noun a participle describes is acted on
        patient = syn.participle_patient(verb)
        found = np_actors(ctx, patient) if patient is not None else []
        if not found and patient is not None and verb.lemma_.lower() in ctx.policy.words.mediating_verbs:
            found = _parties_to(ctx, patient)
    return found


def _parties_to(ctx: SentenceContext, noun: Any) -> list[ActorMention]:
    """ "Israel and Hamas agreed on a ceasefire deal mediated by Egypt": the parties to what was
    mediated are the ones who made it."""
    tok = noun
    while tok.dep_ in (syn.POBJ, syn.PREP, *syn.OBJECT) and tok.head.i != tok.i:
        tok = tok.head
        if tok.pos_ in syn.VERBAL:
            return sources(ctx, tok)
    return []


def _on_verb_or_object(ctx: SentenceContext, verb: Any, obj: Any, preps: Collection[str]) -> list[ActorMention]:
    found = prep_targets(ctx, verb, preps)
    # "sent 100 vehicles and a team of paratroopers to Lebanon": on any of the objects; "launched what it
    # termed a strike on X": the parser may hang the phrase on the verb of naming
    named = [obj.head] if obj is not None and obj.dep_ == syn.OPRD else []
    for holder in (obj, *obj.conjuncts, *named) if obj is not None else ():
        if found:
            break
        found = prep_targets(ctx, holder, preps)
    return found


def _first_verbs_object(verb: Any, obj: Any) -> Any:
    """ "detained 12 activists and deported them": a personal pronoun object of a coordinated verb
    is the first verb's object."""
    if obj is None or obj.lower_ not in syn.OBJECT_PRONOUNS or verb.dep_ != syn.CONJ:
        return obj
    first = syn.child(verb.head, syn.OBJECT)
    return first if first is not None and first.pos_ != "PRON" else obj


def _agent_modifier(ctx: SentenceContext, noun: Any, m: ActorMention) -> bool:
    """ "agreed to a prisoner exchange": a common noun modifying the event noun names its kind,
    not a party ("Israeli strikes", "US drone strikes" name states and stay)."""
    tokens = _tokens_of(ctx, noun, m)
    return bool(tokens) and m.kind != "state" and all(
        t.dep_ == syn.COMPOUND and t.head.i == noun.i and t.pos_ == "NOUN" for t in tokens
    )


def _tokens_of(ctx: SentenceContext, noun: Any, m: ActorMention) -> list[Any]:
    """The tokens of mention `m` inside the phrase of `noun`."""
    return [t for t in noun.subtree if ctx.token_actor.get(t.i) is m]


def _where_held(ctx: SentenceContext, noun: Any, m: ActorMention, code: str = "") -> bool:
    """Whether mention `m` stands inside a phrase of place ("in", "across" …) on the event noun;
    "signed a peace agreement at the White House" names a venue too, but force "at" an
    embassy is aimed at it."""
    words = ctx.policy.words
    preps = words.locating_preps if ctx.policy.unattributed(code) else words.locating_preps | words.venue_preps
    for tok in _tokens_of(ctx, noun, m)[:1]:
        for anc in tok.ancestors:
            if anc.i == noun.i:
                break
            if anc.dep_ == syn.PREP and anc.lower_ in preps:
                return True
    return False


def _located_in(ctx: SentenceContext, obj: Any) -> list[ActorMention]:
    """ "targeted one of the largest oil refineries in Russia": what force was used on lies in a
    state, which is the target."""
    for tok in obj.subtree:
        place = ctx.token_place.get(tok.i)
        if place is not None and tok.head.dep_ == syn.PREP and tok.head.head.i != obj.head.i:
            return [place]
    if obj.i in ctx.token_actor:
        return []
    # "struck targets in Lebanon": the place of the attack, when what was hit is no actor
    for prep, pobj in syn.prep_phrases(obj.head):
        place = ctx.token_place.get(pobj.i)
        if prep in ("in", "inside", "across") and place is not None:
            return [place]
    return []


def fallback_targets(
    ctx: SentenceContext, verb: Any, pattern: Pattern, obj: Any, sources: list[ActorMention]
) -> list[ActorMention]:
    """With no target of its own: a "with" partner in the clause, the complement's target,
    or an unknown name."""
    found = [t for t in partners(ctx, verb) if all(t.code != s.code for s in sources)]
    if not found:
        found = _complement_targets(ctx, verb, sources)
    if not found:
        found = _purpose_targets(ctx, verb, sources)
    if not found and pattern.code[:2] in ctx.policy.warned_roots:
        found = _warned_about(ctx, verb, sources)
    if not found and pattern.code[:2] in ctx.policy.answering_roots:
        found = occasion_actor(ctx, verb, sources)
    if not found:
        found = _actor_of_the_move(ctx, verb, sources)
    if not found:
        found = _unresolved_targets(ctx, verb, pattern, obj, sources)
    return found


def _actor_of_the_move(ctx: SentenceContext, verb: Any, sources: list[ActorMention]) -> list[ActorMention]:
    """ "Israel deployed tanks …, in a move that Palestinian groups condemned": what is judged is
    the main clause's act, so its actor is the target."""
    move = verb.head
    if verb.dep_ != syn.RELCL or move.lemma_.lower() not in ctx.policy.words.act_references:
        return []
    main = syn.governing_verb(move)
    subj = syn.child(main, syn.SUBJECT) if main is not None else None
    found = np_actors(ctx, subj) if subj is not None else []
    return [t for t in found if all(t.code != s.code for s in sources)]


def _warned_about(ctx: SentenceContext, verb: Any, sources: list[ActorMention]) -> list[ActorMention]:
    """ "warned that India would pay a heavy price", "warned that any attempt by India to block
    the river would be an act of war": a warning is aimed at the one its clause is about."""
    clause = syn.child(verb, syn.CCOMP)
    subj = syn.child(clause, syn.SUBJECT | syn.PASSIVE_SUBJECT) if clause is not None else None
    if subj is None:
        return []
    found = np_actors(ctx, subj) or prep_targets(ctx, subj, ("by",))
    return [t for t in found if t.country != "---" and all(t.country != s.country for s in sources)]


def occasion_actor(ctx: SentenceContext, verb: Any, sources: list[ActorMention]) -> list[ActorMention]:
    """ "Japan raised objections after China advised its citizens …", "India protested after
    Chinese troops entered Ladakh": a complaint answers the actor of the clause that occasioned it."""
    for clause in verb.children:
        subj = syn.child(clause, syn.SUBJECT) if clause.dep_ == syn.ADVCL else None
        if subj is not None and syn.marks(clause) & ctx.policy.words.occasion_marks:
            found = np_actors(ctx, subj)
            return [t for t in found if t.country != "---" and all(t.country != s.country for s in sources)]
    return []


def _purpose_targets(ctx: SentenceContext, verb: Any, sources: list[ActorMention]) -> list[ActorMention]:
    """ "pledged $10 million to help Sudan", "handed over rice to help Zambia tackle the drought":
    the one the purpose clause helps."""
    for clause in verb.children:
        if clause.dep_ in (syn.ADVCL, syn.XCOMP) and clause.lemma_.lower() in ctx.policy.words.purpose_verbs:
            inner = syn.child(clause, {syn.CCOMP, syn.XCOMP})  # "help Zambia tackle the drought"
            obj = syn.child(clause, syn.OBJECT) or (syn.child(inner, syn.SUBJECT) if inner is not None else None)
            found = np_actors(ctx, obj) if obj is not None else []
            found = [t for t in found if all(t.code != s.code for s in sources)]
            if found:
                return found
    return []


def _complement_targets(ctx: SentenceContext, verb: Any, sources: list[ActorMention]) -> list[ActorMention]:
    """ "is considering sending aid to North Korea": with no object of its own, a verb's
    target is the one its complement is directed at."""
    comp = syn.child(verb, syn.XCOMP)
    if comp is None:
        return []
    found = prep_targets(ctx, comp, ctx.policy.words.complement_preps)
    obj = syn.child(comp, syn.OBJECT)
    if not found and obj is not None:
        found = np_actors(ctx, obj, deep=True)
    return [t for t in found if all(t.code != s.code for s in sources)]


def _unresolved_targets(
    ctx: SentenceContext, verb: Any, pattern: Pattern, obj: Any, sources: list[ActorMention]
) -> list[ActorMention]:
    """A named target the dictionaries do not know ("granted asylum to Julian Assange"):
    kept with its words and the unknown code "---", never given a guessed country."""
    heads: list[Any] = []
    if pattern.preps:
        for holder in (verb, obj):
            if holder is not None:
                heads.extend(pobj for prep, pobj in syn.prep_phrases(holder) if prep in pattern.preps)
    if obj is not None and not (pattern.objects and pattern.target == "prep"):
        heads.append(obj)
    for head in heads:
        head = see_through(head, ctx.policy.words)
        if not _names_someone(ctx, head, pattern.code) or head.i in ctx.token_actor:
            continue
        if ctx.noun_patterns(head):
            continue  # the event noun itself ("conducted missile strikes") is what is done, not to whom
        if head.i in ctx.place_tokens or is_time_word(head) or head.like_num or head.lemma_.lower() in PLACE_NOUNS:
            continue  # "on Tuesday", "the Sea of Japan", "2024": never who an act is aimed at
        lo, hi = phrase_extent(head)
        text = head.doc.text[lo:hi]
        if any(s.start <= lo < s.end for s in sources):
            continue
        unknown = ActorMention(text=text, start=lo, end=hi, code="---", country="---", sector="", name=text,
                               kind="unresolved", reason="unknown to the dictionaries",
                               confidence=ctx.policy.confidence.unknown_actor)  # fmt: skip
        return [unknown]
    return []


def _names_someone(ctx: SentenceContext, head: Any, code: str) -> bool:
    """A name the dictionaries do not know ("Julian Assange", "Petrobras"), or, for force and
    coercion, whatever it was used on ("stormed a migrant camp", "detained several suspects")."""
    if head.pos_ == "PROPN":
        return True
    # "will release two homeguards": the people set free are the target too.
    return ctx.policy.keeps_unknown_target(code) and head.pos_ in ("NOUN", "NUM")


def partners(ctx: SentenceContext, verb: Any) -> list[ActorMention]:
    """A "with" partner elsewhere in the clause: "carry forward the friendship with China,
    strengthen alignment, deepen cooperation" — all three are with China."""
    clause = verb
    while clause.dep_ == syn.CONJ and clause.head.i != clause.i:
        clause = clause.head
    for tok in clause.subtree:
        if tok.dep_ == syn.PREP and tok.lower_ == "with":
            pobj = syn.child(tok, syn.POBJ)
            if pobj is not None and ctx.token_actor.get(pobj.i) is not None:
                return np_actors(ctx, pobj)
    return []


def prep_targets(ctx: SentenceContext, head: Any, preps: Collection[str], *, deep: bool = False) -> list[ActorMention]:
    out: list[ActorMention] = []
    pobjs = [pobj for prep, pobj in syn.prep_phrases(head) if prep in preps]
    for pobj in pobjs:
        found = np_actors(ctx, pobj)
        place = ctx.token_place.get(pobj.i)
        out.extend(found or ([place] if place is not None else []))
    if not out and head.pos_ in syn.NOMINAL:
        # "a suspension of air links with 21 countries": the parties of the event noun's
        # "of" complement.
        of_obj = syn.prep_object(head, "of")
        if of_obj is not None and of_obj.i != head.i:
            out = prep_targets(ctx, of_obj, preps)
    if not out and deep:
        # "called for sanctions against Turkey": an actor inside the prepositional object;
        # "declared a truce in the war in Ukraine": else a state it places the event in.
        for pobj in pobjs:
            out.extend(np_actors(ctx, pobj, deep=True))
        places = [ctx.token_place[t.i] for pobj in pobjs for t in pobj.subtree if t.i in ctx.token_place]
        out.extend(places[:1] if not out else [])
    if not out and deep:
        # "filed a case at the Court against Germany": the parser hung the preposition one phrase down
        for _, pobj in syn.prep_phrases(head):
            out.extend(m for prep, inner in syn.prep_phrases(pobj) if prep in preps for m in np_actors(ctx, inner))
    return unique(out)


def _own_forces(obj: Any, found: list[ActorMention]) -> bool:
    """An object that is the source's own people, not a party: "its troops", bare "troops"."""
    if any(c.dep_ == syn.POSS and c.pos_ == "PRON" for c in obj.children):
        return True
    return bool(found) and all(m.country == "---" for m in found)
