"""The rule lemmatizer's lemmas, remembered per word form, tag and morphology.

spaCy's rule lemmatizer visits every token in Python and remembers only the lemmas it had
to derive: for the base forms that are most tokens ("talks" aside, "talk", "said" aside,
"say") it reads the token's morphology again every time. A token's lemma depends only on
its form, its part of speech and its morphology (and on tables that do not change), so
`install` gives the pipeline's lemmatizer a `__call__` that reads those three from the token
arrays, looks the lemma up in its own table, and asks the lemmatizer itself only for a
combination it has not met; the lemmas are the ones spaCy would give.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

MAX_FORMS = 500_000  # (form, tag, morphology) combinations remembered


class LemmaTable:
    """The lemma (a string id) of each (form, part of speech, morphology) met so far."""

    def __init__(self, lemmatizer: Any) -> None:
        self.lemmatizer = lemmatizer
        self.lemmatize = lemmatizer.lemmatize  # spaCy's own rule, for forms not met yet
        self.strings = lemmatizer.vocab.strings
        self.known: dict[tuple[int, int, int], int] = {}

    def __call__(self, doc: Any) -> Any:
        from spacy.attrs import LEMMA, MORPH, ORTH, POS

        rows = doc.to_array([ORTH, POS, MORPH, LEMMA])
        lemmas = rows[:, 3].copy()
        overwrite, known = self.lemmatizer.overwrite, self.known
        for i, (orth, pos, morph, lemma) in enumerate(rows.tolist()):
            if lemma and not overwrite:
                continue  # set before (the attribute ruler's exceptions): spaCy leaves it too
            key = (orth, pos, morph)
            found = known.get(key)
            lemmas[i] = found if found is not None else self._learn(key, doc[i])
        doc.from_array([LEMMA], lemmas)
        return doc

    def pipe(self, docs: Iterable[Any], batch_size: int = 128) -> Iterator[Any]:
        for doc in docs:
            yield self(doc)

    def _learn(self, key: tuple[int, int, int], token: Any) -> int:
        lemma: int = self.strings.add(self.lemmatize(token)[0])
        if len(self.known) >= MAX_FORMS:
            self.known.clear()  # a bound on memory over a long run; forms come back as met
        self.known[key] = lemma
        return lemma


def install(nlp: Any) -> bool:
    """Give the pipeline's rule lemmatizer the remembering `__call__`; False (nothing
    changed) when it has none, or lemmatizes by another mode."""
    if "lemmatizer" not in nlp.pipe_names:
        return False
    lemmatizer = nlp.get_pipe("lemmatizer")
    if getattr(lemmatizer, "mode", None) != "rule":
        return False
    # `nlp.pipe` hands its batches to the component's `pipe`, an attribute it looks up on the
    # object (`nlp(text)` still calls spaCy's own, which gives the same lemmas)
    lemmatizer.pipe = LemmaTable(lemmatizer).pipe
    return True
