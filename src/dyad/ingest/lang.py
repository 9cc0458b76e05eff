"""Which language an article is in: py3langid (a maintained naive-Bayes byte n-gram model, 97 languages).

It replaced a hand-written script-and-function-word detector after `bench/langid_compare.py`
(17 languages, headlines and paragraphs): py3langid was right on every text, the hand-written one
on 74% (it knew only 7 Latin-script languages), and lingua was nearly as accurate but took about
18 s to start and ~100 MB to install.
"""

from __future__ import annotations

from functools import cache
from itertools import islice
from typing import Any

UNDETERMINED = ("und", 0.0)

_SAMPLE_CHARS = 20_000  # a few pages settle it; a whole book only costs time
_MIN_LETTERS = 20  # below this (a dateline, a caption) any answer is a guess
MIN_ENGLISH_PROBABILITY = 0.04
MIN_FOREIGN_PROBABILITY = 0.5
# English-lexified creoles the English pipeline reads as well as it reads English.
ENGLISH_VARIETIES = {"pcm": "en"}


@cache
def _identifier() -> Any:
    # Loaded on first use, and kept decompressed in the compiled cache (`dyad.cache`): the
    # packaged model is LZMA-compressed and takes ~1 s to open, a fifth of that from the cache.
    from py3langid.langid import MODEL_DIR, MODEL_FILE, LanguageIdentifier

    from dyad.cache import cached

    model = str(MODEL_DIR / MODEL_FILE)
    return cached("langid", [], [], [model], lambda: LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True))


def detect_language(text: str) -> tuple[str, float]:
    """ISO 639-1 code and a 0–1 probability; ("und", 0.0) when there is too little text."""
    text = text[:_SAMPLE_CHARS]
    # counted only up to the bound: a long text's letters need not all be visited
    if next(islice((ch for ch in text if ch.isalpha()), _MIN_LETTERS - 1, None), None) is None:
        return UNDETERMINED
    ranked = dict(_identifier().rank(text))
    language = max(ranked, key=lambda k: ranked[k])
    probability = ranked[language]
    language = ENGLISH_VARIETIES.get(str(language), str(language))
    if language != "en" and ranked.get("en", 0.0) >= MIN_ENGLISH_PROBABILITY:
        # Short English news sentences full of names ("Putin called Aliyev") draw verdicts of
        # Nigerian Pidgin or Bikol with English close behind; real foreign text leaves English at ~0.
        language, probability = "en", ranked["en"]
    elif language != "en" and probability < MIN_FOREIGN_PROBABILITY:
        return "und", round(float(probability), 3)  # a guess: the text is read rather than skipped
    return language, round(float(probability), 3)
