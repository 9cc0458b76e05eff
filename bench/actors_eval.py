"""Actor recognition on the development sets (prints figures; not a test).

1. PLOVER gold standard: share of gold source/target actors whose country code dyad finds
   among the sentence's actor mentions (target ≥ 0.90).
2. Source/target role sentences: share of gold actor spans overlapped by a dyad actor
   mention (target ≥ 0.85).

Run:  python bench/actors_eval.py   (or make eval)
"""

from __future__ import annotations

import json
import time
from collections import Counter

from _shared import LEGACY_COUNTRY, require_shared
from dyad.actors.dictionary import load_dictionary
from dyad.actors.matcher import ActorMatcher
from dyad.actors.resolve import DocumentActors
from dyad.nlp.pipeline import load_nlp


def gold_actors(record: dict) -> list[str]:
    out = []
    for key in ("source", "target"):
        value = record.get(key) or []
        for actor in value if isinstance(value, list) else [value]:
            if isinstance(actor, dict) and actor.get("code"):
                out.append(LEGACY_COUNTRY.get(actor["code"], actor["code"]))
    return out


def plover_country_recall() -> tuple[float, int]:
    records = [
        r for r in json.loads(require_shared("eval/plover_gsr_cameo.json").read_text()) if r.get("event") != "DOCUMENT"
    ]
    d = load_dictionary()
    matcher = ActorMatcher(d)
    nlp = load_nlp()
    found = total = 0
    misses: Counter[str] = Counter()
    for record, parse in zip(records, nlp.pipe(r["text"] for r in records), strict=True):
        mentions = DocumentActors(d, matcher).resolve(record["text"], parse)
        countries = {x.country for m in mentions if not m.is_place for x in (m.members or [m])}
        for code in gold_actors(record):
            total += 1
            if code in countries:
                found += 1
            else:
                misses[code] += 1
    print(f"PLOVER gold: country code found for {found}/{total} gold actors = {found / total:.3f} (target 0.90)")
    print("  most missed:", ", ".join(f"{c}×{n}" for c, n in misses.most_common(12)))
    return found / total, total


def read_conll(path: str) -> list[tuple[list[str], list[str]]]:
    sentences, tokens, tags = [], [], []
    with open(path, encoding="utf-8") as handle:
        lines = handle.read().splitlines()
    for line in lines:
        if not line.strip():
            if tokens:
                sentences.append((tokens, tags))
            tokens, tags = [], []
            continue
        parts = line.rsplit(" ", 1) if "\t" not in line else line.rsplit("\t", 1)
        tokens.append(parts[0])
        tags.append(parts[1] if len(parts) > 1 else "O")
    if tokens:
        sentences.append((tokens, tags))
    return sentences


def gold_spans(tags: list[str]) -> list[tuple[int, int]]:
    spans, start = [], None
    for i, tag in enumerate([*tags, "O"]):
        if tag.startswith("B-") or tag == "O" or (tag.startswith("I-") and start is None):
            if start is not None:
                spans.append((start, i))
                start = None
            if tag.startswith("B-") or tag.startswith("I-"):
                start = i
    return spans


def roles_span_coverage() -> float:
    sentences = read_conll(str(require_shared("eval/cameo_roles_train.conll")))
    d = load_dictionary()
    matcher = ActorMatcher(d)
    nlp = load_nlp()
    texts, offsets = [], []
    for tokens, _ in sentences:
        pos, starts = 0, []
        for t in tokens:
            starts.append(pos)
            pos += len(t) + 1
        texts.append(" ".join(tokens))
        offsets.append(starts)
    covered = total = 0
    for (tokens, tags), text, starts, parse in zip(sentences, texts, offsets, nlp.pipe(texts), strict=True):
        mentions = DocumentActors(d, matcher).resolve(text, parse)
        for a, b in gold_spans(tags):
            total += 1
            lo, hi = starts[a], starts[b - 1] + len(tokens[b - 1])
            if any(m.start < hi and lo < m.end for m in mentions):
                covered += 1
    share = covered / total
    print(f"roles: gold actor spans covered by a dyad mention: {covered}/{total} = {share:.3f} (target 0.85)")
    return share


def matching_cost() -> None:
    """Actor matching is one automaton pass: its cost against parsing the same sentences."""
    sentences = [" ".join(tokens) for tokens, _ in read_conll(str(require_shared("eval/cameo_roles_train.conll")))]
    d = load_dictionary()
    matcher = ActorMatcher(d)
    nlp = load_nlp()
    t0 = time.perf_counter()
    for text in sentences:
        matcher.find(text)
    t_match = time.perf_counter() - t0
    t0 = time.perf_counter()
    for text in sentences:  # each sentence of this set is its own document
        DocumentActors(d, matcher).resolve(text)
    t_resolve = time.perf_counter() - t0
    t0 = time.perf_counter()
    for _ in nlp.pipe(sentences, batch_size=64):
        pass
    t_parse = time.perf_counter() - t0
    print(
        f"speed: matching {t_match:.2f} s, matching+resolution {t_resolve:.2f} s, spaCy parse {t_parse:.2f} s"
        f" for {len(sentences)} sentences; matching+resolution = {t_resolve / t_parse:.3f} of parsing (target < 0.10)"
    )


if __name__ == "__main__":
    t0 = time.perf_counter()
    plover_country_recall()
    roles_span_coverage()
    matching_cost()
    print(f"({time.perf_counter() - t0:.1f} s)")
