"""Is a sentence of the project a copy of an evaluation sentence? (used by test_originality.py)

The evaluation sets in ../shared measure the coder; a lexicon example or a test sentence taken
from them would let the lexicon be tuned to its own test. A sentence counts as a copy when its
normalised text (lower case, punctuation and spaces folded) equals or contains an evaluation
sentence, or when it is a near-copy: most of its words come, in order, from one evaluation
sentence (a trimmed or lightly edited one).
"""

from __future__ import annotations

import ast
import json
import re
from collections import defaultdict
from collections.abc import Iterable, Iterator
from difflib import SequenceMatcher
from pathlib import Path

WORD = re.compile(r"[a-z0-9]+")
# A near-copy shares this share of its words, in order, with one evaluation sentence.
NEAR = 0.8
# Shorter sentences are ordinary phrases ("Putin met Erdogan in Sochi"); only exact copies count.
MIN_WORDS = 7


def words(text: str) -> list[str]:
    return WORD.findall(text.lower().replace("’", "'"))


def normalise(text: str) -> str:
    return " ".join(words(text))


def _sentences(text: str) -> list[str]:
    return [s for s in re.split(r"(?<=[.!?])\s+", text) if s.strip()]


def eval_sentences(shared: Path) -> list[str]:
    """Every sentence of the evaluation sets (texts, conll sentences, articles, gold fragments)."""
    ev = shared / "eval"
    out: list[str] = []
    plover = json.loads((ev / "plover_gsr_cameo.json").read_text(encoding="utf-8"))
    out += [r["text"] for r in plover if isinstance(r.get("text"), str)]
    for line in (ev / "cameo_penta_train.tsv").read_text(encoding="utf-8").splitlines():
        out.append(line.rsplit("\t", 1)[0])
    tokens: list[str] = []
    for line in (ev / "cameo_roles_train.conll").read_text(encoding="utf-8").splitlines():
        if line.strip():
            tokens.append(line.split()[0])
        elif tokens:
            out.append(" ".join(tokens))
            tokens = []
    out.append(" ".join(tokens))
    for line in (ev / "modern_dev.jsonl").read_text(encoding="utf-8").splitlines():
        if line.strip():
            out += _sentences(json.loads(line)["text"])
    articles = ev / "articles_dev"
    for path in sorted((articles / "articles").glob("*.txt")):
        for paragraph in path.read_text(encoding="utf-8").splitlines():
            out += _sentences(paragraph)
    for line in (articles / "gold_events.tsv").read_text(encoding="utf-8").splitlines()[1:]:
        out.append(line.split("\t")[1] if "\t" in line else line)
    return [s for s in out if len(words(s)) >= 3]


class EvalIndex:
    """Evaluation sentences, indexed by their rarer words for the near-copy search."""

    def __init__(self, sentences: Iterable[str]) -> None:
        self.sentences = [words(s) for s in sentences]
        self.texts = [" ".join(w) for w in self.sentences]
        self.exact = set(self.texts)
        self.by_word: dict[str, set[int]] = defaultdict(set)
        for i, ws in enumerate(self.sentences):
            for w in set(ws):
                self.by_word[w].add(i)

    def match(self, text: str) -> str | None:
        """The evaluation sentence `text` copies, or None."""
        ws = words(text)
        norm = " ".join(ws)
        if norm in self.exact:
            return norm
        if len(ws) < MIN_WORDS:
            return None
        candidates: dict[int, int] = defaultdict(int)
        for w in set(ws):
            hits = self.by_word.get(w, ())
            if len(hits) < 400:  # common words say nothing about copying
                for i in hits:
                    candidates[i] += 1
        for i, _ in sorted(candidates.items(), key=lambda kv: -kv[1])[:20]:
            other = self.sentences[i]
            if len(other) >= MIN_WORDS and f" {self.texts[i]} " in f" {norm} ":
                return self.texts[i]
            common = sum(b.size for b in SequenceMatcher(None, ws, other, autojunk=False).get_matching_blocks())
            if common / len(ws) >= NEAR:
                return self.texts[i]
        return None


def lexicon_examples(lexicon_dir: Path) -> Iterator[tuple[str, int, str]]:
    """(file, line, example) for every `example:` in the lexicon files."""
    pattern = re.compile(r"^\s*(?:-\s*)?example:\s*(.+?)\s*$")
    for path in sorted(lexicon_dir.glob("*.yaml")):
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            m = pattern.match(line)
            if m:
                yield path.name, n, m.group(1).strip("\"'")


def strings_in_tests(tests_dir: Path) -> Iterator[tuple[str, int, str]]:
    """(file, line, text) for every string literal of four or more words in the test modules."""
    for path in sorted(tests_dir.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Constant) and isinstance(node.value, str) and len(words(node.value)) >= 4:
                yield path.name, node.lineno, node.value


def corpus_sentences(path: Path) -> Iterator[tuple[str, int, str]]:
    """(file, line, text) for every sentence of a JSON Lines file with a `text` field."""
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if line.strip():
            yield path.name, n, json.loads(line)["text"]
