"""Arguments: sources — the subject, the passive agent, the controller of a complement
("urged Iran to release …": Iran; "agreed to …": the subject), the speaker of reported words
("Syria said it would …": it is Syria), the actor of a clause around an event noun."""

from __future__ import annotations

from typing import Any

from dyad.events import syntax as syn
from dyad.events.context import SentenceContext
from dyad.events.rules.actors import np_actors
from dyad.models import ActorMention


def sources(ctx: SentenceContext, verb: Any) -> list[ActorMention]:
    subj = syn.child(verb, syn.SUBJECT)
    if subj is not None:
        # "US drone strikes killed …": the actor of an event noun is its modifier.
        found = np_actors(ctx, subj, deep=bool(ctx.noun_patterns(subj)))
        if not found and verb.dep_ == syn.RELCL and subj.lower_ in ("which", "who", "that"):
            return np_actors(ctx, verb.head)  # "the Pakistan Army, which sought to …"
        if not found and subj.pos_ == "PRON":
            return _speaker_of(ctx, verb)  # "X said it will …", "they will …"
        return found
    agent = syn.child(verb, syn.AGENT)
    if agent is not None:
        pobj = syn.child(agent, syn.POBJ)
        return np_actors(ctx, pobj) if pobj is not None else []
    passive_subject = syn.child(verb, syn.PASSIVE_SUBJECT)
    if passive_subject is not None:
        # "Israel is opposed to …", "Vietnam is committed to …": a state, not a deed done to it.
        if verb.lemma_.lower() in ctx.mod.stative_passives:
            return np_actors(ctx, passive_subject)
        return []
    if verb.head.i == verb.i:
        return []
    return _from_head(ctx, verb)


def _from_head(ctx: SentenceContext, verb: Any) -> list[ActorMention]:
    """A verb without a subject of its own takes its source from the word it hangs on."""
    head = verb.head
    if verb.dep_ == syn.XCOMP:
        return _controller(ctx, verb)
    if verb.dep_ in (syn.CONJ, syn.ADVCL, syn.CCOMP) and head.pos_ in (*syn.VERBAL, "ADJ"):
        if verb.dep_ != syn.CONJ and syn.child(verb, syn.SUBJECT):
            return []
        # "eased curfews imposed in Sinai to allow residents to vote": the parser may hang the
        # purpose on the participle; the one who acts is the clause's
        found = sources(ctx, head)
        return found or (_of_the_clause(ctx, head) if syn.participle_patient(head) is not None else [])
    if verb.dep_ == syn.RELCL:
        return np_actors(ctx, head)
    if syn.participle_patient(verb) is not None:
        return []  # "civilians killed in the strike": no one named did it ("by X" is the agent)
    if verb.dep_ == syn.ACL and head.pos_ in syn.NOMINAL:
        return _of_the_clause(ctx, verb)
    if verb.dep_ == syn.PCOMP:  # "resorted to throwing stones"
        governing = syn.governing_verb(verb)
        if governing is None:
            return []
        judged = _judged(ctx, verb, governing)
        return judged if judged is not None else sources(ctx, governing)
    return []


def _of_the_clause(ctx: SentenceContext, verb: Any) -> list[ActorMention]:
    """ "issued a declaration demanding …", "converged for a rally to protest …": the actor of
    the clause the noun `verb` hangs on belongs to."""
    by = syn.prep_object(verb.head, "by")  # "a proposal by Putin to resume negotiations"
    found = np_actors(ctx, verb.head) or (np_actors(ctx, by) if by is not None else [])
    governing = syn.governing_verb(verb.head)
    if not found and governing is not None:
        return sources(ctx, governing)
    return found


def _judged(ctx: SentenceContext, verb: Any, governing: Any) -> list[ActorMention] | None:
    """ "accused the RSF of committing a massacre", "condemned China for launching drills",
    "was blamed for the attack": the one accused or judged did the act, not the judge."""
    words = ctx.policy.words
    judging = words.accusing_verbs | words.judging_verbs
    if verb.head.lower_ not in ("of", "for"):
        return None
    if governing.lemma_.lower() not in judging:
        # "filed a case against Germany for giving aid …": the one a complaint (11) is aimed at
        aimed = [c.target for c in ctx.result.candidates
                 if c.trigger.start == governing.idx and c.code[:2] in ctx.policy.complaint_roots and c.target]
        return aimed or None
    judged = syn.child(governing, syn.OBJECT) or syn.child(governing, syn.PASSIVE_SUBJECT)
    return np_actors(ctx, judged) if judged is not None else []


def _controller(ctx: SentenceContext, verb: Any) -> list[ActorMention]:
    """ "urged Iran to release …": the object acts; "agreed to …", "called Erdogan to
    apologize", "met Lavrov to discuss …": the subject (the caller or visitor) does."""
    head = verb.head
    obj = syn.child(head, syn.OBJECT)
    controller = head.lemma_.lower()
    if obj is not None and controller not in ctx.mod.intent_verbs | ctx.mod.subject_control_verbs:
        return np_actors(ctx, obj)
    if head.pos_ == "ADJ":  # "is willing to …"
        return sources(ctx, head.head) if head.head.i != head.i else []
    return sources(ctx, head)


def _speaker_of(ctx: SentenceContext, verb: Any) -> list[ActorMention]:
    """The actor whose reported words contain `verb`: in "Syria said it would retaliate",
    "it" is Syria."""
    current = verb
    for _ in range(6):
        head = current.head
        if head.i == current.i:
            return []
        if current.dep_ == syn.CCOMP and head.lemma_.lower() in ctx.mod.reporting_verbs:
            subj = syn.child(head, syn.SUBJECT)
            return np_actors(ctx, subj) if subj is not None else []
        if current.dep_ not in (syn.CONJ, syn.XCOMP, syn.ADVCL, syn.CCOMP):
            return []
        current = head
    return []
