"""The parse as the coder's rules read it: every dependency label they test, and the small
walks over the tree they share.

Rules never spell a label themselves; they use the names below. Today's parser is spaCy's
English model (ClearNLP labels: nsubj, dobj, prep/pobj, agent …). A parser with Universal
Dependencies labels (nsubj, obj, obl + case …) is plugged in here: map its labels onto these
names, and re-write the few walks (`prep_phrases` and friends) whose shape differs.
"""

from __future__ import annotations

from collections.abc import Collection, Iterator
from typing import Any

# -- labels ------------------------------------------------------------------------------------
ROOT = "ROOT"
SUBJECT = frozenset({"nsubj", "csubj"})
PASSIVE_SUBJECT = frozenset({"nsubjpass", "csubjpass"})
DOBJ = "dobj"
OBJECT = frozenset({DOBJ, "obj"})
NPADVMOD = "npadvmod"  # "France's ambassador [Monday]"
NP_LINK = frozenset({"compound", "amod", "poss", "nmod", "appos", NPADVMOD})  # inside a noun phrase
PREFIX_LINK = frozenset({"nmod", "compound", "amod", NPADVMOD})  # "[Indo]-French", "[Sino]-Russian"
PREP_LINK = frozenset({"prep", "dative", "agent"})  # a preposition hanging off a word
PREP = "prep"
POBJ = "pobj"
DATIVE = "dative"
AGENT = "agent"  # "by" of a passive
XCOMP = "xcomp"  # "agreed [to meet]"
CCOMP = "ccomp"  # "said [that …]"
ADVCL = "advcl"
ACOMP = "acomp"  # "is [willing]"
ATTR = "attr"  # "is [a liar]"
OPRD = "oprd"  # "called the attack [a war crime]"
PCOMP = "pcomp"  # "resorted to [throwing]"
RELCL = "relcl"
ACL = "acl"
CONJ = "conj"
CC = "cc"
AUX = "aux"
AUXPASS = "auxpass"
NEG = "neg"
MARK = "mark"  # "if", "unless"
DET = "det"
EXPL = "expl"  # "[there] will be no talks"
PRT = "prt"  # particle of a phrasal verb
ADVMOD = "advmod"
AMOD = "amod"
APPOS = "appos"
POSS = "poss"
COMPOUND = "compound"
NUMMOD = "nummod"
PUNCT = "punct"
PARATAXIS = "parataxis"
GERUND_TAG = "VBG"

# Universal POS tags (the same in both schemes).
VERBAL = ("VERB", "AUX")
NOMINAL = ("NOUN", "PROPN")
OBJECT_PRONOUNS = frozenset({"them", "him", "her"})  # personal pronouns that stand for people acted on


def child(tok: Any, deps: str | Collection[str]) -> Any:
    """The first child of `tok` with one of these labels, or None."""
    wanted = (deps,) if isinstance(deps, str) else deps
    for c in tok.children:
        if c.dep_ in wanted:
            return c
    return None


def has_dep(tok: Any, deps: str | Collection[str]) -> bool:
    return child(tok, deps) is not None


def is_gerund(tok: Any) -> bool:
    return bool(tok.tag_ == GERUND_TAG)


def auxiliaries(tok: Any) -> Iterator[str]:
    """The lower-cased auxiliaries of a verb: "will", "would", "can" …"""
    return (c.lower_ for c in tok.children if c.dep_ == AUX)


def prep_phrases(tok: Any, deps: Collection[str] = (PREP, DATIVE)) -> Iterator[tuple[str, Any]]:
    """(preposition, its object) for each prepositional phrase on `tok`: "with China"."""
    for prep in tok.children:
        if prep.dep_ in deps:
            pobjs = [c for c in prep.children if c.dep_ == POBJ]
            for pobj in pobjs:
                yield prep.lower_, pobj
            if not pobjs:  # "in and around Gaza": the object hangs on the second preposition
                for other in (c for c in prep.children if c.dep_ == CONJ):
                    for pobj in (c for c in other.children if c.dep_ == POBJ):
                        yield prep.lower_, pobj
                        yield other.lower_, pobj


def prep_object(tok: Any, word: str) -> Any:
    """The object of the first `word` preposition on `tok` ("of", "to", "with")."""
    for prep in tok.children:
        if prep.dep_ == PREP and prep.lower_ == word:
            return child(prep, POBJ)
    return None


def prep_words(tok: Any) -> set[str]:
    return {c.lower_ for c in tok.children if c.dep_ in PREP_LINK}


def passive_subject(verb: Any) -> Any:
    if child(verb, AGENT) is not None or any(c.dep_ == AUXPASS for c in verb.children):
        return child(verb, PASSIVE_SUBJECT)
    return None


def participle_patient(verb: Any) -> Any:
    """ "civilians killed in the strike", "immigrants deported from the US": the noun a passive
    participle describes is what was done to, not who did it."""
    noun = verb.head
    if verb.dep_ != ACL or verb.tag_ != "VBN" or noun.pos_ not in NOMINAL or _main_verb_misread(verb):
        return None
    return noun


def _main_verb_misread(verb: Any) -> bool:
    """ "The air force carried out strikes", "Youths resorted to …, officials said", "…, a rights
    group protested on Wednesday": the parser may hang a clause's own verb on its subject as a
    participle — then it has an object of its own, or the sentence has no other verb, or the
    noun is one of two subjects, or a bare participle follows an appositive noun."""
    noun, root = verb.head, verb.sent.root
    if child(verb, OBJECT) is not None or root.pos_ not in VERBAL:
        return True
    if noun.dep_ == APPOS and not any(c.dep_ in (PREP, AGENT) for c in verb.children):
        return True
    return noun.dep_ in SUBJECT and sum(1 for c in noun.head.children if c.dep_ in SUBJECT) > 1


def marks(clause: Any) -> set[str]:
    """The subordinating words that open `clause`: "if", "after", "unless" …"""
    return {m.lower_ for m in clause.children if m.dep_ == MARK}


def conditional_marks(verb: Any) -> set[str]:
    """Subordinating words of the adverbial clauses on `verb`: "if", "unless" …"""
    return {w for c in verb.children if c.dep_ == ADVCL for w in marks(c)}


def depth(tok: Any) -> int:
    return sum(1 for _ in tok.ancestors)


def governing_verb(tok: Any) -> Any:
    """The verb whose object or prepositional phrase holds `tok` ("issued a declaration",
    "converged for a rally", "resorted to throwing")."""
    current = tok
    for _ in range(3):
        if current.dep_ not in (*OBJECT, POBJ, PCOMP, PREP):
            return None
        current = current.head
        if current.pos_ in VERBAL:
            return current
    return None


def object_phrase(verb: Any) -> str:
    """What was done or promised: the verb with its object and complements, for commitments —
    without the verbs coordinated with it ("advance X, enhance Y" gives "advance X")."""
    skipped = {t.i for c in verb.children if c.dep_ in (CONJ, CC) for t in c.subtree}
    tokens = [t for t in verb.subtree if t.i >= verb.i and t.i not in skipped]
    while tokens and tokens[-1].dep_ in (PUNCT, CC):
        tokens.pop()
    if not tokens:
        return str(verb.text)
    start, end = verb.i, max(t.i for t in tokens)
    phrase = str(verb.doc[start : end + 1].text).strip(" ,")
    if phrase.count('"') % 2:
        phrase = phrase.rstrip('"') if phrase.endswith('"') else phrase + '"'
    return phrase[:300]
