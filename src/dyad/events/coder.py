"""From a parsed sentence and its actors to events: who did what to whom.

For every verb or event noun the lexicon knows, the coder finds the source (the
subject, or the passive agent), the target (object or the pattern's preposition),
and the mode (asserted, intended, negated, hypothetical, reported). Every
candidate trigger leaves a `Decision` saying why it was or was not coded, which
is what `dyad explain` prints.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from typing import Any

from dyad.actors.resolve import MIN_ACTOR_CONFIDENCE, span_tokens
from dyad.events.lexicon import Lexicon, Pattern
from dyad.events.spans import (
    TIME_WORDS,
    argument_head,
    close_brackets,
    mention_root,
    outside_argument,
    phrase_extent,
)
from dyad.models import ActorMention, Span

SUBJECT_DEPS = {"nsubj", "csubj"}
PASSIVE_SUBJECT_DEPS = {"nsubjpass", "csubjpass"}
OBJECT_DEPS = {"dobj", "obj"}
NP_LINK_DEPS = {"compound", "amod", "poss", "nmod", "appos", "npadvmod"}
UNATTRIBUTED_ROOTS = {"17", "18", "19", "20"}  # material conflict whose perpetrator goes unnamed
ONE_SIDED_NOMINAL_ROOTS = {"14"}  # protests: PLOVER requires no recipient
ANY_OBJECT = "*"  # an entry's `object: ["*"]`: some direct object, whatever it is
INTENT_DEFAULT_ADJECTIVES = {"ready", "willing", "prepared", "committed", "determined"}
GIVING_VERBS = {"provide", "supply", "equip", "furnish", "arm", "present"}  # "provide X with Y"
MODE_ORDER = ("negated", "hypothetical", "intended", "reported", "asserted")


@dataclass
class Candidate:
    """An event found in one sentence, before the document-level merge."""

    source: ActorMention | None
    target: ActorMention | None
    code: str
    mode: str
    trigger: Span
    rule: str
    confidence: float
    object_text: str = ""
    depth: int = 0  # of the trigger in the parse: 0 for the main verb


@dataclass
class Decision:
    trigger: str
    lemma: str
    coded: bool
    why: str


@dataclass
class SentenceResult:
    candidates: list[Candidate] = field(default_factory=list)
    decisions: list[Decision] = field(default_factory=list)


class SentenceCoder:
    """Codes one parsed sentence; holds nothing between sentences."""

    def __init__(self, lexicon: Lexicon) -> None:
        self.lex = lexicon
        self.mod = lexicon.modality

    def code(self, parse: Any, mentions: list[ActorMention]) -> SentenceResult:
        result = SentenceResult()
        actors = [m for m in mentions if not m.is_place and m.confidence >= MIN_ACTOR_CONFIDENCE]
        if not actors:
            return result
        self.token_actor = _token_index(parse, actors)
        # "declared a ceasefire in South Sudan", "arrived in Mali": a state named as the place of
        # an event can be its target when the lexicon entry lists that preposition.
        places = [replace(m, is_place=False) for m in mentions if m.is_place and m.kind == "state"]
        self.token_place = _token_index(parse, places)
        self.parse = parse
        self.consumed: set[int] = set()  # complements already coded inside a refusal or threat
        used_nouns: set[int] = set()
        spoken: list[tuple[Any, list[ActorMention]]] = []
        for tok in parse:
            if tok.pos_ in ("VERB", "AUX") or (tok.pos_ == "ADJ" and tok.dep_ == "ROOT"):
                self._code_verb(tok, result, used_nouns, spoken)
        for tok in parse:
            if tok.pos_ in ("NOUN", "PROPN") and tok.i not in used_nouns:
                self._code_noun(tok, result)
        for tok in parse:
            lemma = tok.lemma_.lower()
            if (lemma in self.mod.intent_default_verbs and tok.pos_ == "VERB") or (
                lemma in INTENT_DEFAULT_ADJECTIVES and tok.pos_ == "ADJ"
            ):
                self._code_bare_intent(tok, result)
        self._code_statements(spoken, result)
        self._drop_frames(parse, result)
        return result

    def _drop_frames(self, parse: Any, result: SentenceResult) -> None:
        """ "agreed to lift the embargo", "plans to visit": when the complement is coded (as an
        intent), the framing verb's own pattern ("agree with" 019) says less and is dropped."""
        starts = {c.trigger.start for c in result.candidates}
        framing = set()
        for tok in parse:
            if tok.lemma_.lower() not in self.mod.intent_verbs or tok.idx not in starts:
                continue
            comp = _child(tok, {"xcomp"})
            if comp is not None and any(t.idx in starts for t in comp.subtree if t.i != tok.i):
                framing.add(tok.idx)
        if framing:
            result.candidates = [
                c for c in result.candidates if c.trigger.start not in framing or c.rule.startswith("intent:")
            ]

    # -- verbs -----------------------------------------------------------------------------
    def _code_verb(
        self,
        verb: Any,
        result: SentenceResult,
        used_nouns: set[int],
        spoken: list[tuple[Any, list[ActorMention]]],
    ) -> None:
        lemma = verb.lemma_.lower()
        if verb.i in self.consumed:
            return
        gerund_object = verb.dep_ == "xcomp" and verb.tag_ == "VBG" and not _has_dep(verb, {"aux"})
        if gerund_object and self._match_verb(verb.head)[0] is not None:
            # "oppose bullying acts": the gerund is what is opposed, not an act of the subject.
            result.decisions.append(Decision(verb.text, lemma, False, f"object of '{verb.head.text}'"))
            return
        if lemma in self.mod.refusal_verbs and _has_dep(verb, {"xcomp"}):
            self._code_refusal(verb, result)
            return
        if lemma in self.mod.threat_verbs and _has_dep(verb, {"xcomp"}):
            self._code_threat(verb, result)
            return
        pattern, obj = self._match_verb(verb)
        if lemma in self.mod.reporting_verbs and (
            pattern is None
            or not (pattern.objects or pattern.pobj or pattern.kind == "noun" or _prep_words(verb) & set(pattern.preps))
            or _has_dep(verb, {"ccomp"})
        ):
            # "said", "announced that …": what was said is coded on its own; "recalled its
            # ambassador", "declared a ceasefire" are events of their own (object patterns).
            sources = self._sources(verb)
            if sources:
                spoken.append((verb, sources))
            return
        if pattern is None:
            if lemma in self.lex.verbs:
                result.decisions.append(
                    Decision(verb.text, lemma, False, "known verb, but no pattern fits its object/preposition")
                )
            return
        if obj is not None and pattern.objects:
            used_nouns.add(obj.i)
        self._emit(verb, pattern, obj, result, rule=pattern.rule)

    def _match_verb(self, verb: Any) -> tuple[Pattern | None, Any]:
        lemma = verb.lemma_.lower()
        stative = lemma in self.mod.stative_passives and _passive_subject(verb) is not None
        # "Israel is opposed to French mediation": what the stance is about follows "to".
        passive_object = _prep_object(verb, "to") if stative else _passive_subject(verb)
        obj = _see_through(_child(verb, OBJECT_DEPS) or passive_object)
        if obj is not None and obj.i in self.token_actor and lemma in GIVING_VERBS:
            # "provided the Lebanese army with aircraft": what is given follows "with".
            given = _with_object(verb)
            obj = given if given is not None and given.i not in self.token_actor else obj
        # "providing aerial photographs and other military intelligence": any conjunct counts.
        obj_lemma = tuple(k for o in (obj, *obj.conjuncts) for k in _object_keys(o)) if obj is not None else None
        particles = _particles(verb)
        patterns = self.lex.verb_patterns(lemma)
        # A particle matters only where the lexicon tells phrasal uses apart ("call off" vs
        # "call"); "beat up" is still "beat", and the parser's stray "up to 16" is no particle.
        phrasal = _child(verb, {"prt"}) is not None and any(p.particle for p in patterns)
        preps = _prep_words(verb) | (_prep_words(obj) if obj is not None else set())
        # "called … on Wednesday": a preposition before a time names no one.
        preps -= _temporal_preps(verb)
        pobjs = _prep_objects(verb) | (_prep_objects(obj) if obj is not None else set())
        best: Pattern | None = None
        best_rank: tuple[int, int] = (-1, 0)
        for p in patterns:
            if not _pattern_fits(p, particles, obj_lemma, preps, phrasal):
                continue
            if p.pobj and not any((prep, head) in pobjs for prep, heads in p.pobj for head in heads):
                continue
            # A preposition adds specificity only when the sentence has it; "hunger strike"
            # beats "strike" (the object keys come most specific first).
            score = p.specificity - (1 if p.preps and not preps & set(p.preps) else 0)
            rank = (score, -_object_rank(p, obj_lemma))
            if rank > best_rank:
                best, best_rank = p, rank
        # Light verb + event noun: "held talks", "imposed sanctions", "paid a visit" — also
        # when the verb's pattern knows only the bare head ("began a hunger strike").
        loose = best is not None and best.objects and _object_rank(best, obj_lemma) > 0
        if obj is not None and (best is None or not best.objects or loose):
            prt = _child(verb, {"prt"})
            verb_key = f"{lemma} {prt.lower_}" if prt is not None else lemma
            for candidate in (obj, *obj.conjuncts):  # "launched air and artillery strikes"
                noun = self._noun_pattern_for(candidate, verb_key)
                if noun is not None and (not loose or _more_specific(noun, best, obj_lemma)):
                    return noun, candidate
        return best, obj

    def _noun_patterns(self, noun: Any) -> list[Pattern]:
        """Patterns of the most specific key the lexicon knows ("hunger strike" before "strike")."""
        for key in _noun_keys(noun):
            found = self.lex.noun_patterns(key)
            if found:
                return found
        return []

    def _noun_pattern_for(self, noun: Any, verb_lemma: str) -> Pattern | None:
        """`verb_lemma` may be phrasal ("carry out"); the bare verb counts too."""
        preps = _prep_words(noun) | _prep_words(noun.head)
        verbs = {verb_lemma, verb_lemma.split(" ")[0]}
        fitting = []
        for p in self._noun_patterns(noun):
            if p.verbs and not verbs & p.verbs:
                continue
            if not p.verbs and not verbs & self.lex.light_verbs:
                continue
            fitting.append((bool(p.verbs), bool(set(p.preps) & preps), p))
        if not fitting:
            return None
        return max(fitting, key=lambda f: (f[0], f[1]))[2]

    # -- nouns (nominal events) ------------------------------------------------------------
    def _code_noun(self, noun: Any, result: SentenceResult) -> None:
        patterns = [p for p in self._noun_patterns(noun) if not p.verbs]
        if not patterns:
            return
        if noun.dep_ in OBJECT_DEPS and noun.head.pos_ in ("VERB", "AUX"):
            return  # handled with its verb (or its verb is not a light verb)
        pattern = patterns[0]
        parties = self._between(noun)
        # "North Korea's threat", "violations by Azerbaijan": the actor of an event noun.
        owner = self._np_actors(noun, include_head=False) or self._prep_targets(noun, ("by",))
        if parties:
            pairs = _all_pairs(parties)
        elif pattern.target == "prep" or pattern.preps:
            targets = self._prep_targets(noun, pattern.preps)
            pairs = [(s, t) for s in owner for t in targets] if owner and targets else []
            if not pairs and len(owner) >= 2:
                pairs = _all_pairs(owner)  # "the Pakistan-China dialogue"
        else:
            pairs = _all_pairs(owner) if len(owner) >= 2 else []
        if not pairs and owner and pattern.code[:2] in ONE_SIDED_NOMINAL_ROOTS:
            # "Palestinian riots against …", "the Kenyan doctors' strike": a protest needs no other side.
            pairs = [(s, None) for s in owner]
        if not pairs:
            result.decisions.append(Decision(noun.text, noun.lemma_, False, "event noun without two actors around it"))
            return
        # A nominal event ("during the dialogue between A and B") is reported as having
        # happened; the modality of the clause around it belongs to another event.
        mode = "negated" if _has_dep(noun, {"neg"}) else "asserted"
        code = self._apply_mode(pattern.code, mode)
        for s, t in pairs:
            self._add(result, s, t, code, mode, noun, pattern.rule + " (nominal)", 0.75, noun)

    def _between(self, noun: Any) -> list[ActorMention]:
        for prep in noun.children:
            if prep.dep_ == "prep" and prep.lower_ in ("between", "among", "amongst"):
                for pobj in prep.children:
                    if pobj.dep_ == "pobj":
                        found = self._np_actors(pobj)
                        if len(found) >= 2:
                            return found
        return []

    # -- emitting --------------------------------------------------------------------------
    def _emit(self, verb: Any, pattern: Pattern, obj: Any, result: SentenceResult, rule: str) -> None:
        sources = self._sources(verb)
        if not sources:
            if not self._emit_unattributed(verb, pattern, result):
                result.decisions.append(
                    Decision(verb.text, verb.lemma_, False, f"{pattern.code} fits, but no actor is its subject")
                )
            return
        targets = self._targets(verb, pattern, obj)
        if not targets and pattern.target != "none":
            targets = [t for t in self._partners(verb) if all(t.code != s.code for s in sources)]
        if not targets and pattern.target != "none":
            targets = self._complement_targets(verb, sources)
        if not targets and pattern.target != "none":
            targets = self._unresolved_targets(verb, pattern, obj, sources)
        mode = self._mode(verb)
        code = self._apply_mode(pattern.code, mode)
        refusal = self._declared_refusal(verb, pattern.code, mode)
        if refusal is not None:
            code, mode, rule = refusal, "asserted", f"{rule} → will not: {refusal}"
        threat = self._conditional_threat(verb, pattern.code, mode)
        if threat is not None:
            code, mode, rule = threat, "asserted", f"{rule} → on a condition: {threat}"
        trigger = obj if (obj is not None and pattern.kind == "noun") else verb
        confidence = 0.9 if targets else 0.7
        if not targets and len(sources) >= 2 and (pattern.reciprocal or _joint_action(pattern.code)):
            pairs = _all_pairs(sources)  # "Pakistan and China agreed to …": with each other
        elif not targets:
            pairs = [(s, None) for s in sources]
        else:
            pairs = [(s, t) for s in sources for t in targets if t.country != s.country or t.code != s.code]
            if pattern.reciprocal:
                pairs += [(t, s) for s, t in list(pairs) if t is not None]
        for s, t in pairs:
            self._add(result, s, t, code, mode, trigger, rule, confidence, verb)
        if not pairs:
            result.decisions.append(Decision(verb.text, verb.lemma_, False, "source and target are the same actor"))

    def _declared_refusal(self, verb: Any, code: str, mode: str) -> str | None:
        """ "Syria will not accept more refugees", "we won't meet their demands": a negated
        future of a cooperative act declares a refusal (CAMEO 12); "did not meet" stays a
        negated event."""
        if mode != "negated" or code[:2] not in ("03", "04", "05", "06", "07", "08"):
            return None
        future = self.mod.intent_aux | {"would", "can", "could", "ca"}
        if not any(c.dep_ == "aux" and c.lower_ in future for c in verb.children):
            return None
        return self.mod.refusal_code(code)

    def _conditional_threat(self, verb: Any, code: str, mode: str) -> str | None:
        """ "will withdraw its troops unless …", "may halt mediation if cooperation founders",
        "will retaliate if attacked": a future act made to hang on what another does is a
        threat (CAMEO 13); a conditional offer of cooperation stays an intent."""
        if mode not in ("intended", "hypothetical") or code[:2] in ("01", "02", "13"):
            return None
        marks = {m.lower_ for c in verb.children if c.dep_ == "advcl" for m in c.children if m.dep_ == "mark"}
        if not marks & self.mod.hypothetical_marks:
            return None
        if "unless" in marks or code[:2] >= "10":
            return self.mod.threat_code(code)
        return None

    def _emit_unattributed(self, verb: Any, pattern: Pattern, result: SentenceResult) -> bool:
        """ "Three civilians were killed in Baghdad": violence done to a known actor by an
        unnamed one is an event with no source (as GDELT records it), never a guessed one."""
        if pattern.code[:2] not in UNATTRIBUTED_ROOTS:
            return False
        subj = _child(verb, SUBJECT_DEPS)
        if subj is not None and subj.pos_ in ("PRON", "PROPN"):
            return False  # "he killed …", "Hamdan killed …": an actor we failed to recognise
        # Passive ("were killed [by a bomb]") or an instrument as subject ("a bombing killed").
        victim = _child(verb, PASSIVE_SUBJECT_DEPS) or _child(verb, OBJECT_DEPS)
        targets = self._np_actors(victim) if victim is not None else []
        mode = self._mode(verb)
        if not targets or mode not in ("asserted", "reported"):
            return False
        for t in targets:
            self._add(result, None, t, pattern.code, mode, verb, pattern.rule + " (passive, no agent)", 0.6, verb)
        return True

    def _add(
        self,
        result: SentenceResult,
        source: ActorMention | None,
        target: ActorMention | None,
        code: str,
        mode: str,
        trigger: Any,
        rule: str,
        confidence: float,
        head: Any,
    ) -> None:
        conf = confidence * min(m.confidence for m in (source, target) if m is not None) if source else confidence
        result.candidates.append(
            Candidate(
                source=self._whole_phrase(source, trigger.doc.text),
                target=self._whole_phrase(target, trigger.doc.text),
                code=code,
                mode=mode,
                trigger=Span(trigger.text, trigger.idx, trigger.idx + len(trigger.text)),
                rule=rule,
                confidence=round(conf, 3),
                object_text=_object_phrase(head),
                # "began a hunger strike": the clause's verb, not the noun, places the event.
                depth=min(sum(1 for _ in trigger.ancestors), sum(1 for _ in head.ancestors)),
            )
        )
        result.decisions.append(
            Decision(
                trigger.text,
                trigger.lemma_,
                True,
                f"{code} ({mode}) {source.code if source else '-'} → {target.code if target else '-'} by {rule}",
            )
        )

    def _whole_phrase(self, m: ActorMention | None, text: str) -> ActorMention | None:
        """The event's actor span is the whole noun phrase the actor stands in: "a Swiss
        court", "the two sides", "the Croatian government's request", "an arms depot of the
        Syrian army" — the argument of the event, as a coder reading the sentence marks it."""
        if m is None:
            return None
        tokens = span_tokens(self.parse, m.start, m.end)
        if not tokens:
            return m
        head = argument_head(mention_root(tokens, m), self._is_event_noun)
        inside = [t for t in head.subtree if not outside_argument(t, head)]
        lo = min(m.start, min(t.idx for t in inside))
        hi = max(m.end, max(t.idx + len(t.text) for t in inside))
        hi = close_brackets(text, lo, hi)
        if (lo, hi) == (m.start, m.end):
            return m
        return replace(m, text=text[lo:hi], start=lo, end=hi)

    def _is_event_noun(self, tok: Any) -> bool:
        return bool(self._noun_patterns(tok))

    def _apply_mode(self, code: str, mode: str) -> str:
        if mode == "intended":
            return self.mod.intent_code(code) or code
        return code

    def _code_refusal(self, verb: Any, result: SentenceResult) -> None:
        code = self.mod.refusal_verbs.get(verb.lemma_.lower())
        if not code:
            # "failed to reach agreement": what failed did not happen, and is not coded.
            xcomp = _child(verb, {"xcomp"})
            if xcomp is not None:
                self._consume(xcomp)
            result.decisions.append(Decision(verb.text, verb.lemma_, False, "failure verb: nothing happened"))
            return
        sources = self._sources(verb)
        xcomp = _child(verb, {"xcomp"})
        targets: list[ActorMention] = []
        if xcomp is not None:
            self._consume(xcomp)
            # "refused to lift the sanctions": what is refused sets the kind of rejection.
            refused, obj = self._match_verb(xcomp)
            code = (self.mod.refusal_code(refused.code) if refused is not None else None) or code
            targets = self._targets(xcomp, refused, obj) if refused is not None else []
            targets = targets or self._targets(xcomp, None, _child(xcomp, OBJECT_DEPS))
        for s in sources:
            for t in targets or [None]:  # type: ignore[list-item]
                self._add(
                    result, s, t, code, self._mode(verb), verb, f"refusal:{verb.lemma_} → {code}", 0.8, xcomp or verb
                )

    def _code_bare_intent(self, verb: Any, result: SentenceResult) -> None:
        """ "agreed to establish a force": an intent to cooperate even when the lexicon does
        not know what was agreed."""
        xcomp = _child(verb, {"xcomp"}) or self._pledged_clause(verb)
        code = self.mod.intent_default_code
        if xcomp is None or not code or verb.i in self.consumed:
            return
        inside = {t.idx for t in xcomp.subtree}
        if any(c.trigger.start in inside for c in result.candidates):
            return
        # "France is ready to …": the adjective's subject is the copula's.
        sources = self._sources(verb.head) if verb.pos_ == "ADJ" and verb.dep_ == "acomp" else self._sources(verb)
        if not sources:
            return
        targets = self._partners(xcomp) or [
            m for c in xcomp.children if c.dep_ in ("dobj", "dative") for m in self._np_actors(c)
        ]
        if xcomp.dep_ == "ccomp":  # "agreed that they should …": the agreement's mode, intended
            mode = self._mode(verb)
            mode = "intended" if mode in ("asserted", "reported") else mode
        else:
            mode = self._mode(xcomp)
        pairs: list[tuple[ActorMention, ActorMention | None]] = [
            (s, t) for s in sources for t in targets if t.code != s.code
        ]
        if not pairs:
            pairs = _all_pairs(sources) if len(sources) >= 2 else [(s, None) for s in sources]
        for s, t in pairs:
            self._add(result, s, t, code, mode, verb, f"intent:{verb.lemma_} to … → {code}", 0.6, xcomp)

    def _pledged_clause(self, verb: Any) -> Any:
        """ "agreed that their countries should cooperate", "pledged that it will …": a clause
        about what will be done is what was agreed or pledged; "agreed that the talks were
        useful" is not."""
        if verb.pos_ != "VERB":
            return None
        clause = _child(verb, {"ccomp"})
        if clause is None:
            return None
        modal = self.mod.intent_aux | {"should", "would", "must"}
        return clause if any(c.dep_ == "aux" and c.lower_ in modal for c in clause.children) else None

    def _consume(self, head: Any) -> None:
        """The complement of "refused to …" or "threatened to …" is not coded on its own."""
        self.consumed.add(head.i)
        for c in head.conjuncts:
            self.consumed.add(c.i)

    def _code_threat(self, verb: Any, result: SentenceResult) -> None:
        """ "threatened to attack X": a threat (13x) whose kind depends on the act threatened."""
        xcomp = _child(verb, {"xcomp"})
        pattern, obj = self._match_verb(xcomp)
        self._consume(xcomp)
        code = (self.mod.threat_code(pattern.code) if pattern is not None else None) or "130"
        sources = self._sources(verb)
        if not sources:
            return
        targets = self._targets(xcomp, pattern, obj) or self._targets(verb, None, _child(verb, OBJECT_DEPS))
        mode = self._mode(verb)
        rule = f"threat:{verb.lemma_} + {pattern.rule if pattern else xcomp.lemma_} → {code}"
        for s in sources:
            for t in targets or [None]:  # type: ignore[list-item]
                if t is None or t.code != s.code:
                    self._add(result, s, t, code, mode, verb, rule, 0.8, xcomp)

    def _code_statements(self, spoken: list[tuple[Any, list[ActorMention]]], result: SentenceResult) -> None:
        """A speaker whose words carry no codable event of their own makes a 010 statement."""
        coded_heads = {c.trigger.start for c in result.candidates}
        for verb, sources in spoken:
            if self._code_demand(verb, sources, result):
                continue
            inner = [t for t in verb.subtree if t.idx in coded_heads and t.i != verb.i]
            if inner:
                continue
            dative = [m for c in verb.children if c.dep_ in ("dative", "dobj") for m in self._np_actors(c)]
            mode = self._mode(verb)
            # "officials said" with no country says nothing a user of event data can place.
            for s in [s for s in sources if s.country != "---"]:
                for t in dative or [None]:  # type: ignore[list-item]
                    self._add(result, s, t, "010", mode, verb, f"statement:{verb.lemma_} → 010", 0.6, verb)

    def _code_demand(self, verb: Any, sources: list[ActorMention], result: SentenceResult) -> bool:
        """ "X said Y must …": X demands (CAMEO 10) something of Y."""
        clause = _child(verb, {"ccomp"})
        if clause is None or not any(c.dep_ == "aux" and c.lower_ in self.mod.demand_aux for c in clause.children):
            return False
        subj = _child(clause, SUBJECT_DEPS | PASSIVE_SUBJECT_DEPS)
        addressees = self._np_actors(subj) if subj is not None else []
        code = self.mod.demand_code or "100"
        coded = False
        for s in sources:
            for t in addressees:
                if t.code != s.code:
                    self._add(
                        result, s, t, code, self._mode(verb), verb, f"demand:{verb.lemma_} + must → {code}", 0.7, clause
                    )
                    coded = True
        return coded

    # -- actors around a token -------------------------------------------------------------
    def _sources(self, verb: Any) -> list[ActorMention]:
        subj = _child(verb, SUBJECT_DEPS)
        if subj is not None:
            # "US drone strikes killed …": the actor of an event noun is its modifier.
            found = self._np_actors(subj, deep=bool(self._noun_patterns(subj)))
            if not found and subj.pos_ == "PRON":
                return self._speaker_of(verb)  # "X said it will …", "they will …"
            return found
        agent = _child(verb, {"agent"})
        if agent is not None:
            pobj = _child(agent, {"pobj"})
            return self._np_actors(pobj) if pobj is not None else []
        passive_subject = _child(verb, PASSIVE_SUBJECT_DEPS)
        if passive_subject is not None:
            # "Israel is opposed to …", "Vietnam is committed to …": a state, not a deed done to it.
            if verb.lemma_.lower() in self.mod.stative_passives:
                return self._np_actors(passive_subject)
            return []
        head = verb.head
        if head.i == verb.i:
            return []
        if verb.dep_ == "xcomp":
            # "urged Iran to release …": the object controls; "agreed to …": the subject does.
            obj = _child(head, OBJECT_DEPS)
            controller = head.lemma_.lower()
            # "urged Iran to release …": the object acts; "called Erdogan to apologize",
            # "met Lavrov to discuss …": the caller or visitor does.
            if obj is not None and controller not in self.mod.intent_verbs | self.mod.subject_control_verbs:
                return self._np_actors(obj)
            if head.pos_ == "ADJ":  # "is willing to …"
                return self._sources(head.head) if head.head.i != head.i else []
            return self._sources(head)
        if verb.dep_ in ("conj", "advcl", "ccomp") and head.pos_ in ("VERB", "AUX", "ADJ"):
            return self._sources(head) if verb.dep_ == "conj" or not _child(verb, SUBJECT_DEPS) else []
        if verb.dep_ in ("relcl",):
            return self._np_actors(head)
        if verb.dep_ == "acl" and head.pos_ in ("NOUN", "PROPN"):
            # "issued a declaration demanding …", "converged for a rally to protest …": the
            # actor of the clause the noun belongs to.
            found = self._np_actors(head)
            governing = _governing_verb(head)
            if not found and governing is not None:
                return self._sources(governing)
            return found
        if verb.dep_ == "pcomp":  # "resorted to throwing stones"
            governing = _governing_verb(verb)
            return self._sources(governing) if governing is not None else []
        return []

    def _speaker_of(self, verb: Any) -> list[ActorMention]:
        """The actor whose reported words contain `verb`: in "Syria said it would retaliate",
        "it" is Syria."""
        current = verb
        for _ in range(6):
            head = current.head
            if head.i == current.i:
                return []
            if current.dep_ == "ccomp" and head.lemma_.lower() in self.mod.reporting_verbs:
                subj = _child(head, SUBJECT_DEPS)
                return self._np_actors(subj) if subj is not None else []
            if current.dep_ not in ("conj", "xcomp", "advcl", "ccomp"):
                return []
            current = head
        return []

    def _targets(self, verb: Any, pattern: Pattern | None, obj: Any) -> list[ActorMention]:
        if pattern is not None and pattern.target == "none":
            return []
        found: list[ActorMention] = []
        if pattern is not None and pattern.preps:
            found = self._prep_targets(verb, pattern.preps)
            # "sent 100 vehicles and a team of paratroopers to Lebanon": on any of the objects.
            for holder in (obj, *obj.conjuncts) if obj is not None else ():
                if found:
                    break
                found = self._prep_targets(holder, pattern.preps)
        if not found and obj is not None:
            # The object itself ("killed five civilians"), or an actor inside it ("lifted the ban
            # on Chadian citizens"); the parser may split one object in two ("met his
            # counterpart Italian President Sergio Mattarella").
            others = [c for c in verb.children if c.dep_ in OBJECT_DEPS and c.i != obj.i]
            for candidate in (obj, *others):
                found = self._np_actors(candidate, deep=True)
                if found:
                    break
            if pattern is not None and pattern.target == "prep" and pattern.objects and _own_forces(obj, found):
                return []  # "sent troops to …", "withdrew its peacekeepers from …": what is sent
        if not found and pattern is not None and pattern.preps:
            found = self._prep_targets(verb, pattern.preps, deep=True)
        return found

    def _complement_targets(self, verb: Any, sources: list[ActorMention]) -> list[ActorMention]:
        """ "is considering sending aid to North Korea": with no object of its own, a verb's
        target is the one its complement is directed at."""
        comp = _child(verb, {"xcomp"})
        if comp is None:
            return []
        found = self._prep_targets(comp, ("to", "for", "against", "with", "on"))
        obj = _child(comp, OBJECT_DEPS)
        if not found and obj is not None:
            found = self._np_actors(obj, deep=True)
        return [t for t in found if all(t.code != s.code for s in sources)]

    def _unresolved_targets(
        self, verb: Any, pattern: Pattern, obj: Any, sources: list[ActorMention]
    ) -> list[ActorMention]:
        """A named target the dictionaries do not know ("granted asylum to Julian Assange"):
        kept with its words and the unknown code "---", never given a guessed country."""
        heads: list[Any] = []
        if pattern.preps:
            for holder in (verb, obj):
                if holder is None:
                    continue
                for prep in holder.children:
                    if prep.dep_ in ("prep", "dative") and prep.lower_ in pattern.preps:
                        heads.extend(c for c in prep.children if c.dep_ == "pobj")
        if obj is not None and not (pattern.objects and pattern.target == "prep"):
            heads.append(obj)
        for head in heads:
            head = _see_through(head)
            if not _names_someone(head, pattern.code) or head.i in self.token_actor:
                continue
            lo, hi = phrase_extent(head)
            text = head.doc.text[lo:hi]
            if any(s.start <= lo < s.end for s in sources):
                continue
            unknown = ActorMention(text=text, start=lo, end=hi, code="---", country="---", sector="", name=text,
                                   kind="unresolved", reason="unknown to the dictionaries", confidence=0.5)  # fmt: skip
            return [unknown]
        return []

    def _partners(self, verb: Any) -> list[ActorMention]:
        """A "with" partner elsewhere in the clause: "carry forward the friendship with China,
        strengthen alignment, deepen cooperation" — all three are with China."""
        clause = verb
        while clause.dep_ == "conj" and clause.head.i != clause.i:
            clause = clause.head
        for tok in clause.subtree:
            if tok.dep_ == "prep" and tok.lower_ == "with":
                pobj = _child(tok, {"pobj"})
                if pobj is not None and self.token_actor.get(pobj.i) is not None:
                    return self._np_actors(pobj)
        return []

    def _prep_targets(self, head: Any, preps: tuple[str, ...], *, deep: bool = False) -> list[ActorMention]:
        out: list[ActorMention] = []
        pobjs = [
            pobj
            for prep in head.children
            if prep.dep_ in ("prep", "dative") and prep.lower_ in preps
            for pobj in prep.children
            if pobj.dep_ == "pobj"
        ]
        for pobj in pobjs:
            found = self._np_actors(pobj)
            place = self.token_place.get(pobj.i)
            out.extend(found or ([place] if place is not None else []))
        if not out and head.pos_ in ("NOUN", "PROPN"):
            # "a suspension of air links with 21 countries": the parties of the event noun's
            # "of" complement.
            of_obj = _prep_object(head, "of")
            if of_obj is not None and of_obj.i != head.i:
                out = self._prep_targets(of_obj, preps)
        if not out and deep:
            # "called for sanctions against Turkey": an actor inside the prepositional object.
            for pobj in pobjs:
                out.extend(self._np_actors(pobj, deep=True))
        return _unique(out)

    def _np_actors(self, head: Any, *, include_head: bool = True, deep: bool = False) -> list[ActorMention]:
        """Actors of the noun phrase headed by `head`: the head itself, its conjuncts,
        its possessor/compound/modifier ("China's adherence"), and with `deep`, an actor
        further inside ("initiatives proposed by President Xi")."""
        found: list[ActorMention] = []
        head = _see_through(head)  # "thousands of Nigerians"
        for tok in [head, *head.conjuncts]:
            m = self.token_actor.get(tok.i) if include_head or tok.i != head.i else None
            if m is not None:
                found.extend(m.members or [m])
                # "Hungarian and Romanian officials": the first of coordinated adjectives
                # is a mention of its own.
                for child in tok.children:
                    other = self.token_actor.get(child.i) if child.dep_ == "amod" and child.conjuncts else None
                    if other is not None and other is not m:
                        found.extend(other.members or [other])
                continue
            for child in tok.children:
                if child.dep_ == "appos" and child.i not in self.token_actor:
                    # "Kenzo Oshima, the United Nations Emergency Relief Coordinator"
                    found.extend(self._np_actors(child, include_head=False))
                    continue
                # "officials from Kansas", "doctors from two American aid groups"
                if child.dep_ in NP_LINK_DEPS or (child.dep_ == "prep" and child.lower_ in ("of", "from")):
                    inner = child if child.dep_ != "prep" else _child(child, {"pobj"})
                    if inner is not None:
                        m = self.token_actor.get(inner.i)
                        if m is not None:
                            found.extend(m.members or [m])
            if not found and deep:
                for t in tok.subtree:
                    m = self.token_actor.get(t.i)
                    if m is not None and t.i != tok.i:
                        found.extend(m.members or [m])
                        break
        return _unique(found)

    # -- modality ----------------------------------------------------------------------------
    def _mode(self, verb: Any) -> str:
        modes = set(self._modes(verb))
        if "hypothetical-would" in modes:
            # "said it would meet them (if …)": the reported future; a conditional offer is
            # still an intention, and a conditional act of conflict becomes a threat.
            modes.add("intended" if "reported" in modes else "hypothetical")
        return next(m for m in MODE_ORDER if m in modes or m == "asserted")

    def _modes(self, tok: Any) -> Iterator[str]:
        if tok.doc.text.rstrip().endswith("?"):
            yield "hypothetical"
        current, depth = tok, 0
        while depth < 6:
            for child in current.children:
                word = child.lower_
                if child.dep_ == "acomp" and child.lemma_.lower() in self.mod.intent_adjectives:
                    yield "intended"  # "Pakistan is willing to …, strengthen …, deepen …"
                negation = child.dep_ == "neg" or word in ("never", "not", "n't")
                if negation and (current.i == tok.i or current.dep_ != "ROOT"):
                    yield "negated"
                if child.dep_ == "aux" and word in self.mod.intent_aux:
                    yield "intended"
                if child.dep_ == "aux" and word in self.mod.hypothetical_aux:
                    # "Iraq said it would allow …": the reported future, not a hypothesis.
                    yield "hypothetical-would" if word == "would" else "hypothetical"
                if child.dep_ == "mark" and word in self.mod.hypothetical_marks:
                    yield "hypothetical"
                    yield "conditional"
                if child.dep_ == "advcl" and any(
                    m.dep_ == "mark" and m.lower_ in self.mod.hypothetical_marks for m in child.children
                ):
                    yield "conditional"  # "would meet them if they came alone"
            head = current.head
            if head.i == current.i:
                break
            lemma = head.lemma_.lower()
            if current.dep_ == "xcomp" and (lemma in self.mod.intent_verbs or lemma in self.mod.intent_adjectives):
                yield "intended"
            if current.dep_ == "ccomp" and lemma in self.mod.reporting_verbs:
                yield "reported"
                break
            if current.dep_ not in ("xcomp", "conj", "acomp", "ccomp", "advcl", "pcomp", "prep", "pobj", "dobj"):
                break
            current, depth = head, depth + 1


def _token_index(parse: Any, mentions: list[ActorMention]) -> dict[int, ActorMention]:
    index: dict[int, ActorMention] = {}
    for m in mentions:
        for t in span_tokens(parse, m.start, m.end):
            if t.text not in ("'s", "’s"):
                index[t.i] = m
    return index


def _child(tok: Any, deps: set[str]) -> Any:
    for c in tok.children:
        if c.dep_ in deps:
            return c
    return None


def _has_dep(tok: Any, deps: set[str]) -> bool:
    return _child(tok, deps) is not None


def _passive_subject(verb: Any) -> Any:
    if _child(verb, {"agent"}) is not None or any(c.dep_ == "auxpass" for c in verb.children):
        return _child(verb, PASSIVE_SUBJECT_DEPS)
    return None


PARTICLE_WORDS = {"up", "down", "off", "out", "back", "in", "on", "over", "away", "aside", "through", "forward"}


def _particles(verb: Any) -> set[str]:
    """Particles of a phrasal verb; the parser tags "pulled back", "walked out" as prt,
    advmod or prep depending on the sentence, so all three count."""
    return {
        c.lower_
        for c in verb.children
        if c.dep_ == "prt" or (c.dep_ in ("advmod", "prep") and c.lower_ in PARTICLE_WORDS and c.i == verb.i + 1)
    }


QUANTITY_HEADS = {
    "thousand", "hundred", "dozen", "million", "score", "number", "group", "handful", "couple", "lot",
    "ten", "member", "batch", "contingent", "part", "majority", "half", "some", "many", "most",
}  # fmt: skip


def _see_through(obj: Any) -> Any:
    """ "thousands of refugees": the object that matters is "refugees"."""
    for _ in range(3):  # "tens of thousands of students"
        if obj is None or obj.lemma_.lower() not in QUANTITY_HEADS:
            return obj
        of = next((c for c in obj.children if c.dep_ == "prep" and c.lower_ == "of"), None)
        pobj = _child(of, {"pobj"}) if of is not None else None
        if pobj is None:
            return obj
        obj = pobj
    return obj


def _temporal_preps(tok: Any) -> set[str]:
    """Prepositions that only ever name a time here: in "called on Tuesday on Nigerian
    leaders to …" the second "on" still counts."""
    temporal: set[str] = set()
    other: set[str] = set()
    for prep in tok.children:
        if prep.dep_ != "prep":
            continue
        pobj = _child(prep, {"pobj"})
        (temporal if pobj is not None and pobj.lemma_.lower() in TIME_WORDS else other).add(prep.lower_)
    return temporal - other


def _prep_objects(tok: Any) -> set[tuple[str, str]]:
    """(preposition, object key) pairs: "went on a hunger strike" gives ("on", "hunger strike")
    and ("on", "strike"); "walked out of the talks" ("of", "talk") through the particle."""
    out: set[tuple[str, str]] = set()
    holders = [tok, *(c for c in tok.children if c.dep_ in ("prt", "advmod") and c.lower_ in PARTICLE_WORDS)]
    for holder in holders:
        for prep in holder.children:
            if prep.dep_ in ("prep", "dative", "agent"):
                for pobj in prep.children:
                    if pobj.dep_ == "pobj":
                        out.update((prep.lower_, key) for key in _noun_keys(pobj))
    return out


def _prep_words(tok: Any) -> set[str]:
    return {c.lower_ for c in tok.children if c.dep_ in ("prep", "dative", "agent")}


VAGUE_HEADS = {"effort", "mission", "operation", "process", "campaign", "initiative", "programme", "program", "plan"}


def _noun_keys(noun: Any) -> tuple[str, ...]:
    """Lexicon keys of a noun, most specific first: "hunger strike", then "strike"."""
    lemma = noun.lemma_.lower()
    mods = [c for c in noun.children if c.dep_ in ("compound", "amod") and c.i < noun.i]
    keys = [f"{m.lemma_.lower()} {lemma}" for m in mods[-1:]]
    of = next((c for c in noun.children if c.dep_ == "prep" and c.lower_ == "of"), None)
    of_obj = _child(of, {"pobj"}) if of is not None else None
    if of_obj is not None:  # "threat of war", "state of emergency"
        keys.insert(0, f"{lemma} of {of_obj.lemma_.lower()}")
    # "mediation efforts", "aid deliveries": the modifier names the event when the head is vague.
    vague = [m.lemma_.lower() for m in mods if m.dep_ == "compound"] if lemma in VAGUE_HEADS else []
    return (*keys, lemma, noun.lower_, *vague)


MEASURE_HEADS = {
    "ton", "tonne", "kg", "kilogram", "kilo", "litre", "liter", "barrel", "worth", "shipment", "consignment",
    "load", "cargo", "convoy", "truckload", "planeload", "package", "batch", "amount", "quantity", "supply",
    "round", "set", "lot", "range", "series", "wave", "million", "billion", "thousand", "hundred",
}  # fmt: skip


GROUP_HEADS = {"mission", "team", "delegation", "group", "contingent", "unit", "batch", "party", "convoy"}


def _object_keys(obj: Any) -> tuple[str, ...]:
    """What a verb's object is about: "25,000 tons of food aid", "a shipment of ventilators",
    "3.5 million in humanitarian funding" are about aid, ventilators and funding."""
    keys = _noun_keys(obj)
    lemma = obj.lemma_.lower()
    # "a mission of observers", "a team of inspectors": the people are what the object is about.
    counted = lemma in MEASURE_HEADS or lemma in GROUP_HEADS or obj.pos_ == "NUM" or _has_dep(obj, {"nummod"})
    if not counted:
        return keys
    for prep in obj.children:
        if prep.dep_ == "prep" and prep.lower_ in ("of", "in"):
            content = _child(prep, {"pobj"})
            if content is not None:
                return (*keys, *_noun_keys(content))
    return keys


def _more_specific(noun: Pattern, verb_pattern: Pattern | None, keys: tuple[str, ...] | None) -> bool:
    """The event noun's key ("hunger strike") is more specific than the key the verb pattern
    matched ("strike")."""
    if verb_pattern is None or not keys or noun.lemma not in keys:
        return False
    if verb_pattern.particle or noun.code[:2] != verb_pattern.code[:2]:
        return False  # "called off the general strike" is still calling off; a pact is still signed
    return keys.index(noun.lemma) < _object_rank(verb_pattern, keys)


def _object_rank(p: Pattern, keys: tuple[str, ...] | None) -> int:
    if not p.objects or not keys:
        return len(keys or ())
    return next((i for i, k in enumerate(keys) if k in p.objects), len(keys))


def _pattern_fits(p: Pattern, particles: set[str], obj: tuple[str, ...] | None, preps: set[str], phrasal: bool) -> bool:
    if p.particle and p.particle not in particles:
        return False
    if phrasal and not p.particle:
        return False  # "called off" is not "called"
    if p.objects and not (obj and (p.objects & set(obj) or ANY_OBJECT in p.objects)):
        return False
    return not (p.target == "prep" and p.preps and not preps & set(p.preps) and not p.objects)


def _joint_action(code: str) -> bool:
    """Codes that, done together by coordinated actors with no one else named, are done with
    each other: intents to cooperate, consultations (not visits), material cooperation, and
    agreements ("the UK and the EU agreed a trade deal")."""
    joint_root = code[:2] in ("03", "04", "06") and code[:3] not in ("042", "043", "044")
    return joint_root or code[:3] == "057"


def _all_pairs(actors: list[ActorMention]) -> list[tuple[ActorMention, ActorMention | None]]:
    pairs: list[tuple[ActorMention, ActorMention | None]] = []
    for a in actors:
        for b in actors:
            if a is not b and a.code != b.code:
                pairs.append((a, b))
    return pairs


def _unique(mentions: list[ActorMention]) -> list[ActorMention]:
    seen: set[tuple[int, int, str]] = set()
    out = []
    for m in mentions:
        key = (m.start, m.end, m.code)
        if key not in seen:
            seen.add(key)
            out.append(m)
    return out


def _object_phrase(verb: Any) -> str:
    """What was done or promised: the verb with its object and complements, for commitments —
    without the verbs coordinated with it ("advance X, enhance Y" gives "advance X")."""
    skipped = {t.i for c in verb.children if c.dep_ in ("conj", "cc") for t in c.subtree}
    tokens = [t for t in verb.subtree if t.i >= verb.i and t.i not in skipped]
    while tokens and tokens[-1].dep_ in ("punct", "cc"):
        tokens.pop()
    if not tokens:
        return str(verb.text)
    start, end = verb.i, max(t.i for t in tokens)
    phrase = str(verb.doc[start : end + 1].text).strip(" ,")
    if phrase.count('"') % 2:
        phrase = phrase.rstrip('"') if phrase.endswith('"') else phrase + '"'
    return phrase[:300]


def _names_someone(head: Any, code: str) -> bool:
    """A name the dictionaries do not know ("Julian Assange", "Petrobras"), or, for force and
    coercion, whatever it was used on ("stormed a migrant camp", "detained several suspects")."""
    if head.pos_ == "PROPN":
        return True
    # "will release two homeguards": the people set free are the target too.
    return (code[:2] in UNATTRIBUTED_ROOTS or code[:3] == "084") and head.pos_ in ("NOUN", "NUM")


def _governing_verb(tok: Any) -> Any:
    """The verb whose object or prepositional phrase holds `tok` ("issued a declaration",
    "converged for a rally", "resorted to throwing")."""
    current = tok
    for _ in range(3):
        if current.dep_ not in ("dobj", "obj", "pobj", "pcomp", "prep"):
            return None
        current = current.head
        if current.pos_ in ("VERB", "AUX"):
            return current
    return None


def _prep_object(tok: Any, word: str) -> Any:
    for prep in tok.children:
        if prep.dep_ == "prep" and prep.lower_ == word:
            return _child(prep, {"pobj"})
    return None


def _with_object(verb: Any) -> Any:
    for prep in verb.children:
        if prep.dep_ == "prep" and prep.lower_ == "with":
            return _see_through(_child(prep, {"pobj"}))
    return None


def _own_forces(obj: Any, found: list[ActorMention]) -> bool:
    """An object that is the source's own people, not a party: "its troops", bare "troops"."""
    if any(c.dep_ == "poss" and c.pos_ == "PRON" for c in obj.children):
        return True
    return bool(found) and all(m.country == "---" for m in found)
