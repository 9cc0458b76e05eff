"""Coding whole documents: sentences → actors → events, merged per document.

Only sentences in which the actor matcher finds something are parsed (the fast path):
a sentence with no actor cannot hold an event. Of those, a sentence with no word that can
carry a lexicon lemma (a trigger candidate) is parsed only when its parse could still
change how a later sentence's actors resolve (see `Coder._mark_parses`).
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from itertools import chain, islice
from typing import Any

from dyad.actors.dictionary import ActorDictionary, fold, load_dictionary
from dyad.actors.matcher import ActorMatcher, Hit
from dyad.actors.orgnames import organisation_hits
from dyad.actors.places import load_gazetteer
from dyad.actors.resolve import LOCALISING_PREPS, LOCATIVE_PREPS, DocumentActors
from dyad.cameo.ontology import Ontology, load_ontology
from dyad.events.coder import SentenceCoder
from dyad.events.context import Candidate, Decision
from dyad.events.lexicon import Lexicon, load_lexicon
from dyad.events.story import Key, Story, in_text_order, merge
from dyad.events.story import event_id as event_id  # the stored event id, as callers know it
from dyad.events.when import sentence_date
from dyad.models import ActorMention, Document, Event, ReadError
from dyad.nlp.pipeline import load_nlp, load_splitter, load_tokenizer, surface_forms
from dyad.nlp.segment import Skipped, iter_sentences


@dataclass(slots=True)
class SentenceTrace:
    """What happened to one sentence, for `dyad explain`."""

    index: int
    text: str
    parsed: bool
    mentions: list[ActorMention] = field(default_factory=list)
    decisions: list[Decision] = field(default_factory=list)
    parse: Any = None
    has_actors: bool = False  # the matcher found something: the sentence is resolved
    hits: list[Hit] | None = None  # the matcher's hits, found once for the plan and for `resolve`


@dataclass
class CodedDocument:
    doc: Document
    events: list[Event]
    trace: list[SentenceTrace]
    # Parts of the document not coded (over-long sentences), or, with no events, why the
    # whole document could not be coded: recorded by the run, which goes on.
    problems: list[ReadError] = field(default_factory=list)
    failed: bool = False


class Coder:
    """Everything needed to code documents: dictionaries, lexicon, ontology, spaCy."""

    def __init__(
        self,
        *,
        actor_files: Sequence[str] = (),
        lexicon_files: Sequence[str] = (),
        keep_parses: bool = False,
    ) -> None:
        self.dictionary: ActorDictionary = load_dictionary(tuple(actor_files))
        self.matcher = ActorMatcher(self.dictionary)
        self.lexicon: Lexicon = load_lexicon(tuple(lexicon_files))
        self.ontology: Ontology = load_ontology()
        self.sentence_coder = SentenceCoder(self.lexicon)
        self.keep_parses = keep_parses
        # The trigger filter skips parses that cannot change any event. `dyad explain`
        # (keep_parses) shows every actor sentence's parse, so it parses them all.
        self.trigger_filter = not keep_parses
        self._triggers: _TriggerWords | None = None

    # -- public ----------------------------------------------------------------------------
    def code_documents(self, docs: Iterable[Document], batch_size: int = 32) -> Iterator[CodedDocument]:
        """Code documents in order; sentences of a batch of documents are parsed together.
        A document that cannot be coded comes back `failed`, with the reason in `problems`."""
        batch: list[Document] = []
        for doc in docs:
            batch.append(doc)
            if len(batch) >= batch_size:
                yield from self._code_isolated(batch)
                batch = []
        if batch:
            yield from self._code_isolated(batch)

    def code_document(self, doc: Document) -> CodedDocument:
        return next(iter(self._code_batch([doc])))

    # -- internals -------------------------------------------------------------------------
    def _code_isolated(self, docs: list[Document]) -> list[CodedDocument]:
        """The batch at once; if that fails, each document alone, so one bad document costs
        only itself."""
        try:
            return self._code_batch(docs)
        except Exception:
            if len(docs) == 1:
                return [self._failed(docs[0])]
            return [c for doc in docs for c in self._code_isolated([doc])]

    @staticmethod
    def _failed(doc: Document) -> CodedDocument:
        exc = sys.exc_info()[1]
        message = f"could not be coded ({type(exc).__name__}: {exc})"[:500]
        return CodedDocument(doc, [], [], [ReadError(doc.origin, message, kind="coding")], failed=True)

    def _code_batch(self, docs: list[Document]) -> list[CodedDocument]:
        skipped: list[list[Skipped]] = [[] for _ in docs]
        plans = [self._plan(doc, gaps) for doc, gaps in zip(docs, skipped, strict=True)]
        triggers = self._trigger_words()
        whole = [plan for plan in plans if isinstance(plan, list)]
        for plan in whole:
            self._mark_parses(plan, triggers)
        # Parses are made lazily, a spaCy batch at a time, as the coding loop asks for them:
        # no more than a batch of parses is ever alive.
        parses = load_nlp().pipe(_tokens_to_parse(whole), batch_size=PARSE_BATCH)
        coded = [
            self._code_planned(doc, plan, parses) if isinstance(plan, list) else self._code_long(doc, plan, triggers)
            for doc, plan in zip(docs, plans, strict=True)
        ]
        for c, gaps in zip(coded, skipped, strict=True):
            c.problems.extend(_skipped_errors(c.doc, gaps))
        return coded

    def _plan(self, doc: Document, skipped: list[Skipped] | None = None) -> list[SentenceTrace] | LongText:
        """The document's sentences, all of them; or, past `KEEP_TOKENS` sentences, a
        `LongText` whose sentences are split and planned only as its windows are coded."""
        if doc.language not in ("en", "und", ""):
            return []
        sentences = self._traces(doc, skipped)
        head = list(islice(sentences, KEEP_TOKENS + 1))
        return head if len(head) <= KEEP_TOKENS else LongText(chain(head, sentences))

    def _traces(self, doc: Document, skipped: list[Skipped] | None) -> Iterator[SentenceTrace]:
        for i, (_, _, text) in enumerate(iter_sentences(doc.text, load_splitter(), skipped)):
            hits = self.matcher.find(text)
            found = bool(hits) or bool(organisation_hits(text, self.dictionary.name_heads, hits))
            yield SentenceTrace(i, text, parsed=found, has_actors=found, hits=hits if found else None)

    def _trigger_words(self) -> _TriggerWords | None:
        if not self.trigger_filter:
            return None
        if self._triggers is None:
            self._triggers = _TriggerWords.build(self.lexicon)
        return self._triggers if self._triggers.usable else None

    @staticmethod
    def _mark_parses(plan: list[SentenceTrace], triggers: _TriggerWords | None, later_candidate: bool = False) -> None:
        """Decide which actor sentences to parse; tokenize those (s.parse = bare Doc).

        Without a trigger candidate a sentence yields no event of its own, but its parse
        can still change what the document remembers about its actors (places, agents'
        countries), and so a later sentence's events. Walking backwards tells whether a
        later sentence can hold an event at all; `later_candidate` whether one after the
        plan can (a window of a long text before its last: assumed, which can only parse a
        sentence more, and a parse no later event reads changes no event)."""
        tokenizer = load_tokenizer()
        for s in reversed(plan):
            if not s.has_actors:
                continue
            tokens = tokenizer(s.text)
            if triggers is None:
                s.parse = tokens
                continue
            words = triggers.words_of(tokens)
            candidate = triggers.has_candidate(words)
            s.parsed = candidate or (later_candidate and triggers.parse_matters(words))
            s.parse = tokens if s.parsed else None
            later_candidate = later_candidate or candidate

    def _code_planned(self, doc: Document, plan: list[SentenceTrace], parses: Iterator[Any]) -> CodedDocument:
        actors = DocumentActors(self.dictionary, self.matcher, date=doc.date, place=doc.place)
        story = Story(actors, self.lexicon.policy, self._recode)
        self._code_sentences(doc, plan, parses, actors, story.events.append)
        return CodedDocument(doc, story.tell(), plan)

    def _code_long(self, doc: Document, text: LongText, triggers: _TriggerWords | None) -> CodedDocument:
        """A text past `KEEP_TOKENS` sentences is no one story: it is coded `LONG_WINDOW`
        sentences at a time, each window split, planned, parsed and coded, then let go
        before the next is read, and its events are merged as they come, so memory stays
        flat whatever its length. What only a whole story decides (events/story.py) is not
        done; the actors still read the whole text, in order."""
        actors = DocumentActors(self.dictionary, self.matcher, date=doc.date, place=doc.place)
        merged: dict[Key, Event] = {}
        trace: list[SentenceTrace] = []
        for window, last in text.windows(LONG_WINDOW):
            self._mark_parses(window, triggers, later_candidate=not last)
            parses = load_nlp().pipe(_tokens_to_parse([window]), batch_size=PARSE_BATCH)
            self._code_sentences(doc, window, parses, actors, lambda e: merge(merged, e), story=False, last=last)
            trace.extend(window if self.keep_parses else ())
        return CodedDocument(doc, in_text_order(merged.values()), trace)

    def _code_sentences(
        self,
        doc: Document,
        plan: list[SentenceTrace],
        parses: Iterator[Any],
        actors: DocumentActors,
        keep: Callable[[Event], None],
        *,
        story: bool = True,
        last: bool = True,
    ) -> None:
        """Resolve and code the sentences of `plan` (the last window of the text when `last`);
        each event goes to `keep`. With `story`, the actors remember which sentence named
        whom, for the story's decisions."""
        # Sentences after the text's last parsed one cannot influence any event: not resolved.
        end = max((s.index for s in plan if s.parsed), default=-1) if last else plan[-1].index
        for s in plan:
            if not s.has_actors or s.index > end:
                continue
            if s.parsed:
                s.parse = next(parses)
            index = s.index if story else None
            s.mentions, s.hits = actors.resolve(s.text, s.parse, sentence=index, found=s.hits), None
            if s.parsed:
                result = self.sentence_coder.code(s.parse, s.mentions)
                s.decisions = result.decisions
                for cand in result.candidates:
                    keep(self._event(doc, s, cand, actors))
            if not self.keep_parses:
                s.parse = None

    def _event(self, doc: Document, s: SentenceTrace, c: Candidate, actors: DocumentActors) -> Event:
        info = self.ontology.get(c.code)
        date, date_source = sentence_date(s.text, doc.date, doc.date_source, (c.trigger.start, c.trigger.end))
        return Event(
            doc_id=doc.doc_id,
            sentence_index=s.index,
            sentence=s.text,
            source=c.source,
            target=c.target,
            cameo=c.code,
            cameo_name=info.name,
            cameo_root=info.root,
            plover=self.ontology.plover_for(c.code),
            quad_class=info.quad_class,
            penta_class=info.penta_class,
            goldstein=info.goldstein,
            mode=c.mode,
            trigger=c.trigger,
            confidence=c.confidence,
            rule=c.provenance.label,
            date=date,
            date_source=date_source,
            location=self._location(doc, s, actors),
            object_text=c.object_text,
            doc_ref=doc.external_id,
            depth=c.depth,
            provenance=c.provenance,
        )

    def _recode(self, event: Event, code: str, then: str) -> None:
        """The event under another CAMEO code, given by a rule (`then`) of the whole story."""
        info = self.ontology.get(code)
        event.cameo, event.cameo_name, event.cameo_root = code, info.name, info.root
        event.plover, event.goldstein = self.ontology.plover_for(code), info.goldstein
        event.quad_class, event.penta_class = info.quad_class, info.penta_class
        if event.provenance is not None:
            event.provenance = replace(event.provenance, code=code, then=then)
            event.rule = event.provenance.label

    def _location(self, doc: Document, s: SentenceTrace, actors: DocumentActors) -> dict[str, Any] | None:
        places = [m for m in s.mentions if m.is_place]
        # The most specific place the sentence gives: a city before a state or a region.
        places.sort(key=lambda m: 0 if m.entity_id.startswith("city:") else 1 if m.country else 2)
        if places:
            return self._place(places[0].text, places[0].country or None, "sentence")
        if doc.place:
            return self._place(doc.place, actors.dateline_country, "dateline")
        return None

    def _place(self, name: str, country: str | None, origin: str) -> dict[str, Any]:
        """A place and its country; coordinates from the capitals, else from the city gazetteer."""
        place: dict[str, Any] = {"place": name, "country": country, "from": origin}
        known = self.dictionary.gazetteer.get(fold(name))
        if known is not None:
            place["country"] = place["country"] or known[0]
            place["lat"], place["lon"] = known[1], known[2]
            return place
        city = load_gazetteer().coordinates(name, country)
        if city is not None:
            place["country"] = place["country"] or city.country
            place["lat"], place["lon"] = city.lat, city.lon
        return place


PARSE_BATCH = 128  # sentences per spaCy batch: short texts, so larger batches pay
# Sentences up to which a document is one story, planned whole; a longer text is coded
# LONG_WINDOW sentences at a time (`Coder._code_long`; the events do not depend on it).
KEEP_TOKENS = 2_000
LONG_WINDOW = 2_000
MAX_PROBLEMS = 5  # skipped stretches listed per document; the rest are counted


class LongText:
    """The sentences of a text past `KEEP_TOKENS` sentences, split and planned only as they
    are asked for."""

    def __init__(self, sentences: Iterator[SentenceTrace]) -> None:
        self._sentences = sentences

    def windows(self, size: int) -> Iterator[tuple[list[SentenceTrace], bool]]:
        """Consecutive windows of `size` sentences, each with whether it is the last; at
        most two are alive at once (the one given out and the one read ahead)."""
        window = list(islice(self._sentences, size))
        while window:
            following = list(islice(self._sentences, size))
            yield window, not following
            window = following


def _tokens_to_parse(plans: list[list[SentenceTrace]]) -> Iterator[Any]:
    tokenizer = load_tokenizer()
    for plan in plans:
        for s in plan:
            if s.parsed:
                yield s.parse if s.parse is not None else tokenizer(s.text)


def _skipped_errors(doc: Document, skipped: list[Skipped]) -> list[ReadError]:
    errors = [ReadError(doc.origin, s.describe(), kind="long_sentence") for s in skipped[:MAX_PROBLEMS]]
    if len(skipped) > MAX_PROBLEMS:
        more = f"{len(skipped) - MAX_PROBLEMS} more over-long sentences were not coded"
        errors.append(ReadError(doc.origin, more, kind="long_sentence"))
    return errors


@dataclass(frozen=True)
class _TriggerWords:
    """Lower-cased word ids (spaCy hashes) that can carry a lexicon lemma, and the words
    the actor layer's parse-dependent rules look at."""

    candidates: frozenset[int]
    parse_words: frozenset[int]
    usable: bool = True

    @classmethod
    def build(cls, lexicon: Lexicon) -> _TriggerWords:
        forms = surface_forms(_trigger_lemmas(lexicon))
        if forms is None:
            return cls(frozenset(), frozenset(), usable=False)
        strings = load_nlp().vocab.strings
        return cls(frozenset(strings[f] for f in forms), frozenset(strings[w] for w in _parse_rule_words()))

    @staticmethod
    def words_of(tokens: Any) -> set[int]:
        from spacy.attrs import LOWER

        return set(tokens.to_array(LOWER).tolist())

    def has_candidate(self, words: set[int]) -> bool:
        return not self.candidates.isdisjoint(words)

    def parse_matters(self, words: set[int]) -> bool:
        return not self.parse_words.isdisjoint(words)


def _trigger_lemmas(lexicon: Lexicon) -> set[str]:
    """Every lemma on which `SentenceCoder` can start an event: lexicon verbs and nouns
    (a light verb only codes with an event noun), reporting, refusal and threat verbs, and
    the verbs of a bare intent ("agreed to …")."""
    mod = lexicon.modality
    return (
        set(lexicon.verbs)
        | set(lexicon.nouns)
        | set(mod.reporting_verbs)
        | set(mod.refusal_verbs)
        | set(mod.threat_verbs)
        | set(mod.intent_default_verbs)
    )


def _parse_rule_words() -> set[str]:
    """The prepositions the actor layer's parse rules test (places, agents' countries)."""
    return set(LOCATIVE_PREPS) | set(LOCALISING_PREPS)
