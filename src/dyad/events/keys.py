"""What a verb's object or an event noun is about, as keys of the lexicon: "hunger strike"
before "strike", "25,000 tons of food aid" is about aid. The word lists come from the policy
(`policy.yaml`, `words`)."""

from __future__ import annotations

from typing import Any

from dyad.events import syntax as syn
from dyad.events.policy import Words
from dyad.events.spans import TIME_WORDS


def noun_keys(noun: Any, words: Words) -> tuple[str, ...]:
    """Lexicon keys of a noun, most specific first: "hunger strike", then "strike"."""
    lemma = noun.lemma_.lower()
    mods = [c for c in noun.children if c.dep_ in (syn.COMPOUND, syn.AMOD) and c.i < noun.i]
    # the nearest modifier first, then adjectives further out: "joint air force drill" is also a
    # joint drill; a hyphenated modifier counts whole ("fact-finding mission")
    keys = [f"{m.lemma_.lower()} {lemma}" for m in mods[-1:]]
    keys += [f"{_hyphenated(m)} {lemma}" for m in mods[-1:] if m.left_edge.i < m.i]
    keys += [f"{m.lemma_.lower()} {lemma}" for m in reversed(mods[:-1]) if m.dep_ == syn.AMOD]
    # "joint air force drill" parsed with "joint" on "force": an adjective of the compound counts
    keys += [f"{a.lemma_.lower()} {lemma}" for m in mods if m.dep_ == syn.COMPOUND for a in m.children
             if a.dep_ == syn.AMOD and a.i < m.i]
    of_obj = syn.prep_object(noun, "of")
    if of_obj is not None:  # "threat of war", "state of emergency"
        keys.insert(0, f"{lemma} of {of_obj.lemma_.lower()}")
        # "use of chemical weapons": with the of-object's nearest modifier, more specific still
        of_mods = [c for c in of_obj.children if c.dep_ in (syn.COMPOUND, syn.AMOD) and c.i < of_obj.i]
        keys[:0] = [f"{lemma} of {m.lemma_.lower()} {of_obj.lemma_.lower()}" for m in of_mods[-1:]]
    # "mediation efforts", "aid deliveries": the modifier names the event when the head is vague.
    vague = [m.lemma_.lower() for m in mods if m.dep_ == syn.COMPOUND] if lemma in words.vague_heads else []
    return (*keys, lemma, noun.lower_, *vague)


def _hyphenated(mod: Any) -> str:
    return str(mod.doc[mod.left_edge.i : mod.i + 1].text.lower())


def object_keys(obj: Any, words: Words, *, via_whole: bool = True) -> tuple[str, ...]:
    """What a verb's object is about: "25,000 tons of food aid", "a shipment of ventilators",
    "3.5 million in humanitarian funding" are about aid, ventilators and funding."""
    keys = noun_keys(obj, words)
    lemma = obj.lemma_.lower()
    # "a mission of observers", "a team of inspectors": the people are what the object is about.
    counted = lemma in words.measure_heads or lemma in words.group_heads
    if not (counted or obj.pos_ == "NUM" or syn.has_dep(obj, syn.NUMMOD)):
        return keys
    for prep in obj.children:
        if prep.dep_ == syn.PREP and prep.lower_ in ("of", "in"):
            content = syn.child(prep, syn.POBJ)
            if content is not None and lemma in words.measure_heads:
                # "a new round of mediation" is mediation, not a round of ammunition; "a batch of
                # 300 tonnes of maize" is maize
                return (*object_keys(content, words, via_whole=via_whole), *keys)
            if content is not None:
                return (*keys, *noun_keys(content, words))
    return (*keys, *_whole_of_part(obj, words)) if via_whole and lemma in words.measure_heads else keys


def _whole_of_part(obj: Any, words: Words) -> tuple[str, ...]:
    """ "handed over 300 tonnes as part of 1,500 tonnes of maize": a bare quantity is about what
    the whole it is part of is about."""
    verb = obj.head
    for _ in range(4):  # "a batch of 300 tonnes": the verb is above the batch
        if verb.pos_ in ("VERB", "AUX") or verb.head is verb:
            break
        verb = verb.head
    for prep, pobj in syn.prep_phrases(verb):
        whole = syn.prep_object(pobj, "of") if prep == "as" and pobj.lemma_.lower() == "part" else None
        if whole is not None:
            return object_keys(whole, words, via_whole=False)
    return ()


def see_through(obj: Any, words: Words) -> Any:
    """ "thousands of refugees": the object that matters is "refugees"."""
    for _ in range(3):  # "tens of thousands of students"
        if obj is None or obj.lemma_.lower() not in words.quantity_heads:
            return obj
        pobj = syn.prep_object(obj, "of")
        if pobj is None:
            return obj
        obj = pobj
    return obj


def particles(verb: Any, words: Words) -> set[str]:
    """Particles of a phrasal verb; the parser tags "pulled back", "walked out" as prt,
    advmod or prep depending on the sentence, so all three count."""
    found = {
        c.lower_
        for c in verb.children
        if c.dep_ == syn.PRT
        or (c.dep_ in (syn.ADVMOD, syn.PREP) and c.lower_ in words.particles and c.i == verb.i + 1)
    }
    # "handed over 2,000 tons of rice": tagged a particle, but hung on the number as "more than"
    nxt = verb.nbor(1) if verb.i + 1 < len(verb.doc) else None
    if nxt is not None and nxt.tag_ == "RP" and nxt.lower_ in words.particles:
        found.add(nxt.lower_)
    return found


def temporal_preps(tok: Any) -> set[str]:
    """Prepositions that only ever name a time here: in "called on Tuesday on Nigerian
    leaders to …" the second "on" still counts."""
    temporal: set[str] = set()
    other: set[str] = set()
    for prep in tok.children:
        if prep.dep_ != syn.PREP:
            continue
        pobj = syn.child(prep, syn.POBJ)
        (temporal if pobj is not None and pobj.lemma_.lower() in TIME_WORDS else other).add(prep.lower_)
    return temporal - other


def prep_objects(tok: Any, words: Words) -> set[tuple[str, str]]:
    """(preposition, object key) pairs: "went on a hunger strike" gives ("on", "hunger strike")
    and ("on", "strike"); "walked out of the talks" ("of", "talk") through the particle."""
    out: set[tuple[str, str]] = set()
    holders = [tok, *(c for c in tok.children if c.dep_ in (syn.PRT, syn.ADVMOD) and c.lower_ in words.particles)]
    for holder in holders:
        for prep, pobj in syn.prep_phrases(holder, syn.PREP_LINK):
            out.update((prep, key) for key in noun_keys(pobj, words))
    return out
