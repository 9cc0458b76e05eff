"""Throughput: spaCy alone against `dyad code` end to end, with 1 and 2 workers.

Builds a fixed corpus (default 300,000 words) from the bundled samples and, when
../shared is present, the seed article, the sentences of ../shared/eval/*.tsv and the
texts of plover_gsr_cameo.json, drawn in a fixed pseudo-random order. Then it measures,
in one run: words/s of spaCy's full en_core_web_sm pipeline (all components, nlp.pipe),
of its tagger+parser alone, and of `dyad code` to JSON Lines and to DuckDB with 1 and 2
workers; the ratios; the peak resident memory per worker process; and a projection for
250,000 articles of 500 words. Figures are printed, never asserted.

Usage:  python bench/throughput.py [--words N] [--keep DIR]
Example:  python bench/throughput.py --words 50000
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from rich.console import Console

from _shared import ROOT, shared_dir

SAMPLES = ROOT / "src" / "dyad" / "data" / "samples"
SEED = 20260105
ARTICLE_WORDS = 500  # size of a made-up article
PROJECTED_ARTICLES, PROJECTED_WORDS = 250_000, 500
TARGET_VS_SPACY, TARGET_SCALING, TARGET_RSS_GB = 1.5, 1.7, 1.5
console = Console(stderr=True)


# -- corpus ----------------------------------------------------------------------------------
def sample_articles() -> list[str]:
    from dyad.ingest import iter_prepared
    from dyad.models import Document

    return [d.text for d in iter_prepared([str(SAMPLES)]) if isinstance(d, Document) and d.language == "en"]


def shared_texts(shared: Path) -> tuple[list[str], list[str]]:
    """(whole articles, single sentences) from ../shared."""
    articles, sentences = [], []
    seed = shared / "corpus" / "seed_readout.txt"
    if seed.exists():
        articles.append(seed.read_text(encoding="utf-8"))
    for tsv in sorted((shared / "eval").glob("*.tsv")):
        for line in tsv.read_text(encoding="utf-8").splitlines():
            text = line.split("\t")[0].strip()
            if len(text.split()) > 3:
                sentences.append(text)
    gsr = shared / "eval" / "plover_gsr_cameo.json"
    if gsr.exists():
        items = json.loads(gsr.read_text(encoding="utf-8"))
        sentences += [i["text"].strip() for i in items if isinstance(i, dict) and i.get("text")]
    return articles, sentences


def build_corpus(folder: Path, words: int) -> tuple[int, int, str]:
    """Write articles of about ARTICLE_WORDS words until `words` is reached; return
    (files, words, what it was made from)."""
    articles = sample_articles()
    sentences = [s for a in articles for s in re.split(r"(?<=[.!?])\s+", a) if len(s.split()) > 3]
    shared = shared_dir()
    origin = "bundled samples only (../shared absent)"
    if shared is not None:
        extra_articles, extra_sentences = shared_texts(shared)
        articles += extra_articles
        sentences += extra_sentences
        origin = "bundled samples + ../shared (seed article, eval/*.tsv sentences, plover_gsr_cameo.json texts)"
    rng = random.Random(SEED)
    folder.mkdir(parents=True, exist_ok=True)
    total, n = 0, 0
    for text in articles:  # every real article once, as it is
        total += _write(folder, n, text)
        n += 1
    while total < words:
        body: list[str] = []
        while sum(len(s.split()) for s in body) < ARTICLE_WORDS:
            body.append(rng.choice(sentences))
        paragraphs = [" ".join(body[i : i + 4]) for i in range(0, len(body), 4)]
        total += _write(folder, n, "\n\n".join(paragraphs))
        n += 1
    return n, total, origin


def _write(folder: Path, n: int, text: str) -> int:
    (folder / f"a{n:06d}.txt").write_text(text.strip() + "\n", encoding="utf-8")
    return len(text.split())


def corpus_texts(folder: Path) -> list[str]:
    return [p.read_text(encoding="utf-8") for p in sorted(folder.glob("*.txt"))]


# -- measurements ----------------------------------------------------------------------------
@dataclass
class Figure:
    name: str
    words: int
    seconds: float
    startup: float = 0.0
    peak_rss_kb: dict[str, int] | None = None

    @property
    def rate(self) -> float:
        """Words per second, start-up excluded."""
        return self.words / max(1e-9, self.seconds - self.startup)

    @property
    def wall_rate(self) -> float:
        return self.words / max(1e-9, self.seconds)


@contextmanager
def step(label: str) -> Iterator[None]:
    with console.status(f"[bold]{label}[/bold] …"):
        started = time.monotonic()
        yield
    console.print(f"  {label}: {time.monotonic() - started:.1f} s", highlight=False)


def spacy_rate(name: str, texts: list[str], words: int, exclude: list[str]) -> Figure:
    import spacy

    from dyad.nlp.pipeline import model_name

    nlp = spacy.load(model_name(), exclude=exclude)
    list(nlp.pipe(texts[:5]))  # warm up
    started = time.monotonic()
    for _ in nlp.pipe(texts):
        pass
    return Figure(name, words, time.monotonic() - started)


def run_dyad(args: list[str], stats_file: Path) -> tuple[float, dict[str, Any]]:
    """Run `python -m dyad ARGS`; wall seconds and the peak memory it reported."""
    env = dict(os.environ, DYAD_RUN_STATS=str(stats_file))
    started = time.monotonic()
    proc = subprocess.run([sys.executable, "-m", "dyad", *args], env=env, capture_output=True, text=True)
    seconds = time.monotonic() - started
    if proc.returncode != 0:
        raise SystemExit(f"dyad {' '.join(args)} failed:\n{proc.stderr[-2000:]}")
    stats = json.loads(stats_file.read_text()) if stats_file.exists() else {}
    return seconds, stats


def dyad_figures(corpus: Path, words: int, work: Path, startup: Startup) -> list[Figure]:
    figures = []
    # 1 and 2 workers back to back for each output: the ratio compares runs made under
    # the same load, on a machine other programs share.
    for target in ("jsonl", "duckdb"):
        for workers in (1, 2):
            out = ["--jsonl", str(work / f"w{workers}.jsonl"), "--no-store"]
            if target == "duckdb":
                db = work / f"w{workers}.duckdb"
                for leftover in (db, Path(f"{db}.wal")):
                    leftover.unlink(missing_ok=True)
                out = ["--db", str(db)]
            label = f"dyad code → {target}, {workers} worker{'s' if workers > 1 else ''}"
            with step(label):
                seconds, stats = run_dyad(
                    ["code", str(corpus), *out, "--workers", str(workers), "--quiet"], work / "stats.json"
                )
            rss = {"main": int(stats.get("main_peak_rss_kb", 0))}
            rss.update({f"worker {i + 1}": int(v) for i, v in enumerate(stats.get("worker_peak_rss_kb", {}).values())})
            figures.append(Figure(label, words, seconds, startup.wall, rss))
    return figures


STARTUP_RUNS = 5


@dataclass
class Startup:
    """`dyad code one.txt --jsonl -`: median wall and CPU seconds over STARTUP_RUNS runs
    (after one that fills the compiled cache). CPU time is what the start-up costs this
    machine when other programs do not share its cores."""

    wall: float
    cpu: float
    first: float  # the run that built the cache


def measure_startup(work: Path) -> Startup:
    """Seconds `dyad code` needs before coding: imports, dictionaries, the spaCy model."""
    one = work / "one"
    one.mkdir(exist_ok=True)
    (one / "a.txt").write_text("Pakistan and China agreed to deepen cooperation.\n", encoding="utf-8")
    walls, cpus = [], []
    for _ in range(STARTUP_RUNS + 1):
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        seconds, _ = run_dyad(
            ["code", str(one / "a.txt"), "--jsonl", str(work / "one.jsonl"), "--no-store", "--workers", "1"],
            work / "one-stats.json",
        )
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        walls.append(seconds)
        cpus.append(after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime)
    return Startup(statistics.median(walls[1:]), statistics.median(cpus[1:]), walls[0])


# -- report ----------------------------------------------------------------------------------
def report(files: int, words: int, origin: str, spacy_full: Figure, spacy_tp: Figure, dyad: list[Figure],
           startup: Startup) -> None:  # fmt: skip
    print(f"corpus: {files} files, {words:,} words — {origin}")
    print(f"machine: {os.cpu_count()} cores; dyad start-up (imports, dictionaries, model), median of "
          f"{STARTUP_RUNS}: {startup.wall:.2f} s wall, {startup.cpu:.2f} s CPU "
          f"(first run, building the cache: {startup.first:.1f} s)")  # fmt: skip
    print(f"load average at the start / end: {LOAD_AT_START} / {_load()} (other programs share these cores)")
    print()
    print(f"{'measure':44} {'words/s':>9} {'wall w/s':>9} {'seconds':>8}")
    for f in (spacy_full, spacy_tp):
        print(f"{f.name:44} {f.rate:9,.0f} {'':>9} {f.seconds:8.1f}")
    for f in dyad:
        print(f"{f.name:44} {f.rate:9,.0f} {f.wall_rate:9,.0f} {f.seconds:8.1f}")
    print("(dyad words/s exclude the start-up above; 'wall' includes it)")
    print()
    by = {f.name: f for f in dyad}
    one, two = by["dyad code → jsonl, 1 worker"], by["dyad code → jsonl, 2 workers"]
    one_db, two_db = by["dyad code → duckdb, 1 worker"], by["dyad code → duckdb, 2 workers"]
    vs_spacy = one.rate / spacy_full.rate
    scaling = two.rate / one.rate
    scaling_db = two_db.rate / one_db.rate
    print(_target("dyad 1 worker / spaCy full", vs_spacy, f"≥ {TARGET_VS_SPACY}x", vs_spacy >= TARGET_VS_SPACY))
    print(_target("2 workers / 1 worker (JSONL)", scaling, f"≥ {TARGET_SCALING}x", scaling >= TARGET_SCALING))
    print(_target("2 workers / 1 worker (DuckDB)", scaling_db, f"≥ {TARGET_SCALING}x", scaling_db >= TARGET_SCALING))
    peak = max(kb for f in dyad for kb in (f.peak_rss_kb or {}).values())
    print()
    print("peak RSS per process (MB):")
    for f in dyad:
        parts = ", ".join(f"{k} {v / 1024:.0f}" for k, v in (f.peak_rss_kb or {}).items())
        print(f"  {f.name:42} {parts}")
    peak_gb = peak / 1024 / 1024
    print(_target("largest process, GB", peak_gb, f"≤ {TARGET_RSS_GB} GB per worker", peak_gb <= TARGET_RSS_GB))
    print()
    total_words = PROJECTED_ARTICLES * PROJECTED_WORDS
    print(f"projection, {PROJECTED_ARTICLES:,} articles × {PROJECTED_WORDS} words on this machine:")
    for f in (one_db, two_db):
        print(f"  {f.name:42} {total_words / f.rate / 3600:6.1f} h")


def _load() -> str:
    return " ".join(f"{x:.1f}" for x in os.getloadavg())


LOAD_AT_START = _load()


def _target(label: str, value: float, target: str, met: bool) -> str:
    return f"{label:32} {value:6.2f}   target {target}: {'met' if met else 'NOT met'}"


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                     epilog="Example:  python bench/throughput.py --words 50000")  # fmt: skip
    parser.add_argument("--words", type=int, default=300_000, help="corpus size in words (default 300,000)")
    parser.add_argument("--keep", type=Path, help="build the corpus and outputs in DIR and keep them")
    args = parser.parse_args(argv)
    with _workdir(args.keep) as work:
        corpus = work / "corpus"
        with step("building the corpus"):
            files, words, origin = build_corpus(corpus, args.words)
        texts = corpus_texts(corpus)
        with step("spaCy, full pipeline"):
            full = spacy_rate("spaCy en_core_web_sm, all components", texts, words, exclude=[])
        with step("spaCy, tagger + parser"):
            tp = spacy_rate("spaCy tagger + parser only", texts, words, ["ner", "attribute_ruler", "lemmatizer"])
        with step("dyad start-up"):
            startup = measure_startup(work)
        dyad = dyad_figures(corpus, words, work, startup)
    report(files, words, origin, full, tp, dyad, startup)
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(f"(this benchmark process itself peaked at {own / 1024:.0f} MB)")


@contextmanager
def _workdir(keep: Path | None) -> Iterator[Path]:
    if keep is not None:
        keep.mkdir(parents=True, exist_ok=True)
        yield keep
        return
    with tempfile.TemporaryDirectory(prefix="dyad-bench-") as tmp:
        yield Path(tmp)


if __name__ == "__main__":
    main()
