"""Rule `received`: "Sri Lanka received a shipment of fuel from India", "Kyiv got $2 billion in
military aid from Berlin": receiving what the lexicon knows as aid or material cooperation from
someone is their giving it — the giver is the source and the one who received it the target."""

from __future__ import annotations

from typing import Any

from dyad.events import syntax as syn
from dyad.events.context import SentenceContext
from dyad.events.keys import object_keys, see_through
from dyad.events.lexicon import Pattern
from dyad.events.rules.actors import np_actors
from dyad.events.rules.matching import match_verb
from dyad.events.rules.modality import mode
from dyad.events.rules.sources import sources
from dyad.models import Provenance


def code_received(ctx: SentenceContext, verb: Any) -> bool:
    if verb.lemma_.lower() not in ctx.policy.words.receiving_verbs:
        return False
    own, _ = match_verb(ctx, verb)
    if own is not None and own.objects:
        return False  # "received a mission of observers": the verb's own entry (0862) knows better
    obj = see_through(syn.child(verb, syn.OBJECT), ctx.policy.words)
    giver = syn.prep_object(verb, "from") if obj is not None else None
    if giver is None and obj is not None:  # "two billion euros in military aid from Berlin"
        giver = next((syn.child(t, syn.POBJ) for t in obj.subtree if t.dep_ == syn.PREP and t.lower_ == "from"), None)
    given = _given(ctx, obj) if giver is not None else None
    givers = np_actors(ctx, giver) if giver is not None else []
    recipients = sources(ctx, verb)
    if given is None or not givers or not recipients:
        return False
    why = Provenance("received", verb.lemma_, given.code, given.entry, given.origin)
    for g in givers:
        for r in recipients:
            if g.country != r.country:
                ctx.add((g, r), given.code, mode(ctx, verb), verb, why, ctx.policy.confidence.verb_with_target, verb)
    ctx.used_nouns.add(obj.i)
    return True


def _given(ctx: SentenceContext, obj: Any) -> Pattern | None:
    """The aid or material cooperation the object is ("a shipment of fuel", "$50 million in aid")."""
    keys = object_keys(obj, ctx.policy.words)
    # the event nouns first ("military aid"), then what giving verbs give ("supplied rice")
    nouns = (p for key in keys for p in ctx.lexicon.noun_patterns(key))
    gifts = (p for verb in sorted(ctx.policy.words.giving_verbs) for p in ctx.lexicon.verb_patterns(verb)
             for key in keys if key in p.objects)  # fmt: skip
    return next((p for p in (*nouns, *gifts) if p.code[:2] in ctx.policy.received_roots), None)
