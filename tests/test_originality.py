"""No lexicon example, test sentence or regression-corpus sentence copies an evaluation sentence.

The evaluation sets in ../shared measure the coder; text taken from them into the lexicon or the
tests would let the coder be tuned to its own measurement. Exact copies (after folding case,
punctuation and spaces) and near-copies (80% of a sentence's words, in order, from one evaluation
sentence) fail, with the file and line to change. Skipped without ../shared.
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path

import pytest

from conftest import shared_dir
from originality import EvalIndex, corpus_sentences, eval_sentences, lexicon_examples, strings_in_tests, words

TESTS = Path(__file__).resolve().parent


@pytest.fixture(scope="module")
def index() -> EvalIndex:
    shared = shared_dir()
    if shared is None:
        pytest.skip("../shared is not present (a user's clone has none)")
    return EvalIndex(eval_sentences(shared))


def _copies(index: EvalIndex, items: list[tuple[str, int, str]]) -> list[str]:
    found = []
    for name, line, text in items:
        match = index.match(text)
        if match:
            found.append(f"{name}:{line}: {text[:80]!r} copies eval sentence {match[:80]!r}")
    return found


def test_lexicon_examples_are_not_eval_sentences(index: EvalIndex) -> None:
    folder = Path(str(resources.files("dyad.data").joinpath("lexicon")))
    items = list(lexicon_examples(folder))
    assert len(items) > 500
    assert not _copies(index, items), "\n".join(_copies(index, items))


def test_test_sentences_are_not_eval_sentences(index: EvalIndex) -> None:
    items = list(strings_in_tests(TESTS)) + list(corpus_sentences(TESTS / "data" / "regression_sentences.jsonl"))
    assert not _copies(index, items), "\n".join(_copies(index, items))


def test_the_check_finds_copies_and_near_copies(index: EvalIndex) -> None:
    sample = next(" ".join(ws) for ws in index.sentences if 12 <= len(ws) <= 30)
    assert index.match(sample.upper() + "!")
    trimmed = words(sample)[1:-1]  # a lightly trimmed sentence is still a copy
    assert index.match(" ".join(trimmed))
    assert not index.match("The Kiribati fisheries minister praised the new tuna quota agreed with Tuvalu on Monday.")
