"""The coder's fast paths give what the plain definitions give: an argument's extent found
going down once equals the walk up from every token; the matcher's hits handed over from the
plan resolve as a fresh search does."""

from __future__ import annotations

import re
from typing import Any

import pytest

from conftest import ROOT
from dyad.actors.resolve import DocumentActors
from dyad.events.document import Coder
from dyad.events.spans import argument_extent, outside_argument
from dyad.ingest import iter_prepared
from dyad.models import Document
from dyad.nlp.pipeline import parse_many

SAMPLES = ROOT / "src" / "dyad" / "data" / "samples"


@pytest.fixture(scope="module")
def sample_docs() -> list[Document]:
    return [d for d in iter_prepared([str(SAMPLES)]) if isinstance(d, Document) and d.language == "en"]


def _walked_extent(head: Any) -> tuple[int, int]:
    inside = [t for t in head.subtree if not outside_argument(t, head)]
    return min(t.idx for t in inside), max(t.idx + len(t.text) for t in inside)


def test_argument_extent_is_the_walk_up(sample_docs: list[Document]) -> None:
    sentences = [s for d in sample_docs for s in re.split(r"(?<=[.!?])\s+", d.text) if len(s.split()) > 3]
    checked = 0
    for parse in parse_many(sentences[:150]):
        for tok in parse:
            assert argument_extent(tok) == _walked_extent(tok), (parse.text, tok.text)
            checked += 1
    assert checked > 2000


def test_plan_hits_resolve_as_a_fresh_search(sample_docs: list[Document]) -> None:
    coder = Coder(keep_parses=True)
    compared = 0
    for coded in coder.code_documents(sample_docs[:6]):
        fresh = DocumentActors(coder.dictionary, coder.matcher, date=coded.doc.date, place=coded.doc.place)
        handed = DocumentActors(coder.dictionary, coder.matcher, date=coded.doc.date, place=coded.doc.place)
        for s in coded.trace:
            if not s.has_actors:
                continue
            parse = s.parse if s.parsed else None
            hits = coder.matcher.find(s.text)
            assert handed.resolve(s.text, parse, found=hits) == fresh.resolve(s.text, parse)
            compared += 1
    assert compared > 20


def test_lookup_ruler_matches_as_spacy_does(sample_docs: list[Document]) -> None:
    import spacy

    from dyad.nlp.attributes import LookupMatcher, _rules
    from dyad.nlp.pipeline import load_nlp, model_name

    nlp = spacy.load(model_name(), exclude=["ner"])  # the ruler as spaCy ships it
    ruler = nlp.get_pipe("attribute_ruler")
    rules = _rules(ruler, nlp.vocab.strings)
    assert rules is not None
    lookup = LookupMatcher(rules, nlp.vocab.strings)
    odd = ["Y'all ain't gonna believe it, nothin' like it.", "they're gon na  go.\n\nDon't \t stop"]
    texts = odd + [s for d in sample_docs for s in re.split(r"(?<=[.!?])\s+", d.text)][:200]
    matches = 0
    for doc in nlp.pipe(texts, disable=["attribute_ruler", "lemmatizer"]):
        expected = ruler.match(doc)
        assert lookup.match(doc) == expected, doc.text
        matches += len(expected)
    assert matches > 1000
    # the second time round, every token's opening rules come from the remembered rows
    assert len(lookup.opening) > 100
    for doc in nlp.pipe(texts[:40], disable=["attribute_ruler", "lemmatizer"]):
        assert lookup.match(doc) == ruler.match(doc), doc.text
    # dyad's own pipeline uses it, and annotates as spaCy's does
    ours = load_nlp()
    assert ours.get_pipe("attribute_ruler").match.__self__.__class__ is LookupMatcher
    for a, b in zip(ours.pipe(texts[:60]), nlp.pipe(texts[:60]), strict=True):
        assert [(t.pos_, t.tag_, str(t.morph), t.lemma_, t.dep_) for t in a] == [
            (t.pos_, t.tag_, str(t.morph), t.lemma_, t.dep_) for t in b
        ]


def test_lemma_table_gives_spacys_lemmas(sample_docs: list[Document]) -> None:
    import spacy

    from dyad.nlp.lemmas import LemmaTable
    from dyad.nlp.pipeline import load_nlp, model_name

    plain = spacy.load(model_name(), exclude=["ner"])  # spaCy's own lemmatizer
    ours = load_nlp()
    assert isinstance(ours.get_pipe("lemmatizer").pipe.__self__, LemmaTable)
    odd = ["Y'all ain't gonna believe it, nothin' like it.", "", "  \n ", "They were SAYING it: 1990s talks."]
    texts = odd + [s for d in sample_docs for s in re.split(r"(?<=[.!?])\s+", d.text)][:200]
    for _ in range(2):  # the second time, every lemma comes from the table
        for a, b in zip(ours.pipe(texts), plain.pipe(texts), strict=True):
            assert [(t.lemma_, t.lemma) for t in a] == [(t.lemma_, t.lemma) for t in b], b.text


def test_noun_heads_skip_only_nouns_without_patterns(sample_docs: list[Document]) -> None:
    from dyad.events.context import SentenceContext, noun_heads
    from dyad.events.lexicon import load_lexicon

    lexicon = load_lexicon()
    heads = noun_heads(lexicon)
    sentences = [s for d in sample_docs for s in re.split(r"(?<=[.!?])\s+", d.text) if len(s.split()) > 3]
    found = 0
    for parse in parse_many(sentences[:150]):
        plain = SentenceContext(lexicon, parse, {}, {})
        quick = SentenceContext(lexicon, parse, {}, {}, noun_heads=heads)
        for tok in parse:
            assert quick.noun_patterns(tok) == plain.noun_patterns(tok), tok.text
            found += bool(plain.noun_patterns(tok))
    assert found > 20
