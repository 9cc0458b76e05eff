"""Coding whole documents: sentences → actors → events, merged per document.

Only sentences in which the actor matcher finds something are parsed (the fast path):
a sentence with no actor cannot hold an event.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

from dyad.actors.dictionary import ActorDictionary, load_dictionary
from dyad.actors.matcher import ActorMatcher
from dyad.actors.resolve import DocumentActors
from dyad.events.coder import Candidate, Decision, SentenceCoder
from dyad.events.lexicon import Lexicon, load_lexicon
from dyad.events.ontology import Ontology, load_ontology
from dyad.models import ActorMention, Document, Event, Span
from dyad.nlp.pipeline import load_nlp, split_sentences

WEEKDAYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
WEEKDAY_RE = re.compile(r"\b(?:on|last|this)\s+(" + "|".join(WEEKDAYS) + r")\b", re.I)
RELATIVE_RE = re.compile(r"\b(yesterday|today|tomorrow)\b", re.I)


@dataclass
class SentenceTrace:
    """What happened to one sentence, for `dyad explain`."""

    index: int
    text: str
    parsed: bool
    mentions: list[ActorMention] = field(default_factory=list)
    decisions: list[Decision] = field(default_factory=list)
    parse: Any = None


@dataclass
class CodedDocument:
    doc: Document
    events: list[Event]
    trace: list[SentenceTrace]


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

    # -- public ----------------------------------------------------------------------------
    def code_documents(self, docs: Iterable[Document], batch_size: int = 32) -> Iterator[CodedDocument]:
        """Code documents in order; sentences of a batch of documents are parsed together."""
        batch: list[Document] = []
        for doc in docs:
            batch.append(doc)
            if len(batch) >= batch_size:
                yield from self._code_batch(batch)
                batch = []
        if batch:
            yield from self._code_batch(batch)

    def code_document(self, doc: Document) -> CodedDocument:
        return next(iter(self._code_batch([doc])))

    # -- internals -------------------------------------------------------------------------
    def _code_batch(self, docs: list[Document]) -> list[CodedDocument]:
        plans = [self._plan(doc) for doc in docs]
        to_parse = [s.text for plan in plans for s in plan if s.parsed]
        parses = iter(load_nlp().pipe(to_parse, batch_size=64)) if to_parse else iter(())
        for plan in plans:
            for s in plan:
                if s.parsed:
                    s.parse = next(parses)
        return [self._code_planned(doc, plan) for doc, plan in zip(docs, plans, strict=True)]

    def _plan(self, doc: Document) -> list[SentenceTrace]:
        if doc.language not in ("en", "und", ""):
            return []
        plan = []
        for i, (_, _, text) in enumerate(split_sentences(doc.text)):
            plan.append(SentenceTrace(i, text, parsed=bool(self.matcher.find(text))))
        return plan

    def _code_planned(self, doc: Document, plan: list[SentenceTrace]) -> CodedDocument:
        actors = DocumentActors(self.dictionary, self.matcher, date=doc.date, place=doc.place)
        merged: dict[tuple[str, str, str, str], Event] = {}
        for s in plan:
            if not s.parsed:
                continue
            s.mentions = actors.resolve(s.text, s.parse)
            result = self.sentence_coder.code(s.parse, s.mentions)
            s.decisions = result.decisions
            for cand in result.candidates:
                self._merge(merged, self._event(doc, s, cand, actors))
            if not self.keep_parses:
                s.parse = None
        events = sorted(merged.values(), key=lambda e: (e.sentence_index, e.trigger.start))
        return CodedDocument(doc, events, plan)

    def _event(self, doc: Document, s: SentenceTrace, c: Candidate, actors: DocumentActors) -> Event:
        info = self.ontology.get(c.code)
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
            rule=c.rule,
            date=sentence_date(s.text, doc.date),
            location=self._location(doc, s, actors),
            object_text=c.object_text,
            doc_ref=doc.external_id,
        )

    def _location(self, doc: Document, s: SentenceTrace, actors: DocumentActors) -> dict[str, Any] | None:
        for m in s.mentions:
            if m.is_place:
                return {"place": m.name if m.kind != "state" else m.text, "country": m.country, "from": "sentence"}
        if doc.place:
            return {"place": doc.place, "country": actors.dateline_country, "from": "dateline"}
        return None

    @staticmethod
    def _merge(merged: dict[tuple[str, str, str, str], Event], event: Event) -> None:
        key = (
            event.source.code if event.source else "",
            event.cameo,
            event.target.code if event.target else "",
            event.mode,
        )
        if key in merged:
            kept = merged[key]
            if event.sentence_index != kept.sentence_index and event.sentence_index not in kept.supporting:
                kept.supporting.append(event.sentence_index)
            kept.confidence = max(kept.confidence, event.confidence)
            return
        event.event_id = event_id(event.doc_id, *key)
        merged[key] = event


def event_id(doc_id: str, source: str, code: str, target: str, mode: str) -> str:
    raw = "|".join((doc_id, source, code, target, mode)).encode()
    return hashlib.sha256(raw).hexdigest()[:16]


def sentence_date(text: str, doc_date: dt.date | None) -> dt.date | None:
    """ "on Sunday" → the last Sunday on or before the document date; "yesterday" → the day before."""
    if doc_date is None:
        return None
    m = WEEKDAY_RE.search(text)
    if m:
        wanted = WEEKDAYS.index(m.group(1).lower())
        back = (doc_date.weekday() - wanted) % 7
        return doc_date - dt.timedelta(days=back)
    r = RELATIVE_RE.search(text)
    if r:
        shift = {"yesterday": -1, "today": 0, "tomorrow": 1}[r.group(1).lower()]
        return doc_date + dt.timedelta(days=shift)
    return doc_date


def make_span(text: str, start: int, end: int) -> Span:
    return Span(text[start:end], start, end)
