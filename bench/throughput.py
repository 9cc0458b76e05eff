"""Throughput: spaCy alone against `dyad code` end to end, with 1 and 2 workers.

Builds a fixed corpus (default 300,000 words) from the bundled samples and, when
../shared is present, the seed article, the sentences of ../shared/eval/*.tsv and the
texts of plover_gsr_cameo.json, drawn in a fixed pseudo-random order. Then it measures,
in one run: words/s of spaCy's full en_core_web_sm pipeline (all components, nlp.pipe),
of its tagger+parser alone, and of `dyad code` to JSON Lines and to DuckDB with 1 and 2
workers; the ratios; the peak resident memory per worker process; and a projection for
250,000 articles of 500 words. Figures are printed, never asserted.

On a machine other programs share, one run's figures move with their load. `--repeat N`
makes N rounds of every measure, one after the other (spaCy, start-up, dyad, then again),
and prints for each words/s and each ratio the median of its rounds and their range; every
ratio is taken within a round, from measures made minutes apart. `bench/compare.py` does
the same for two checkouts side by side.

Usage:  python bench/throughput.py [--words N] [--repeat N] [--keep DIR]
Example:  python bench/throughput.py --words 100000 --repeat 3
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
@dataclass(frozen=True)
class Checkout:
    """A dyad source tree and the Python of its own environment, which runs it."""

    name: str
    root: Path
    python: str


HERE = Checkout("this checkout", ROOT, sys.executable)
# (output, workers) of the `dyad code` runs, in the order they are made
DYAD_RUNS = (("jsonl", 1), ("jsonl", 2), ("duckdb", 1), ("duckdb", 2))


@dataclass
class Figure:
    name: str
    words: int
    seconds: float
    startup: float = 0.0
    peak_rss_kb: dict[str, int] | None = None
    cpu: float = 0.0  # CPU seconds of every process of the run
    startup_cpu: float = 0.0

    @property
    def rate(self) -> float:
        """Words per second, start-up excluded."""
        return self.words / max(1e-9, self.seconds - self.startup)

    @property
    def cpu_rate(self) -> float:
        """Words per CPU second, start-up excluded: what the coding costs, whatever else the
        machine runs (wall time stretches with the load, CPU time much less)."""
        return self.words / max(1e-9, self.cpu - self.startup_cpu)

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
    started, cpu = time.monotonic(), time.process_time()
    for _ in nlp.pipe(texts):
        pass
    return Figure(name, words, time.monotonic() - started, cpu=time.process_time() - cpu)


def run_dyad(args: list[str], stats_file: Path, checkout: Checkout = HERE) -> tuple[float, float, dict[str, Any]]:
    """Run `python -m dyad ARGS` with the checkout's own Python; wall seconds, CPU seconds
    (of it and its workers) and the peak memory it reported."""
    env = dict(os.environ, DYAD_RUN_STATS=str(stats_file))
    stats_file.unlink(missing_ok=True)
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.monotonic()
    proc = subprocess.run([checkout.python, "-m", "dyad", *args], cwd=checkout.root, env=env,
                          capture_output=True, text=True)  # fmt: skip
    seconds = time.monotonic() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if proc.returncode != 0:
        raise SystemExit(f"{checkout.name}: dyad {' '.join(args)} failed:\n{proc.stderr[-2000:]}")
    stats = json.loads(stats_file.read_text()) if stats_file.exists() else {}
    cpu = after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime
    return seconds, cpu, stats


def dyad_label(target: str, workers: int) -> str:
    return f"dyad code → {target}, {workers} worker{'s' if workers > 1 else ''}"


def dyad_figures(corpus: Path, words: int, work: Path, startup: Startup, checkout: Checkout = HERE,
                 runs: tuple[tuple[str, int], ...] = DYAD_RUNS) -> list[Figure]:  # fmt: skip
    """`dyad code` over the corpus for each (output, workers) of `runs`. 1 and 2 workers run
    back to back for each output: the ratio compares runs made under the same load."""
    figures = []
    for target, workers in runs:
        out = ["--jsonl", str(work / f"w{workers}.jsonl"), "--no-store"]
        if target == "duckdb":
            db = work / f"w{workers}.duckdb"
            for leftover in (db, Path(f"{db}.wal")):
                leftover.unlink(missing_ok=True)
            out = ["--db", str(db)]
        label = dyad_label(target, workers)
        with step(f"{label} ({checkout.name})"):
            seconds, cpu, stats = run_dyad(
                ["code", str(corpus), *out, "--workers", str(workers), "--quiet"], work / "stats.json", checkout
            )
        rss = {"main": int(stats.get("main_peak_rss_kb", 0))}
        rss.update({f"worker {i + 1}": int(v) for i, v in enumerate(stats.get("worker_peak_rss_kb", {}).values())})
        # CPU time only with one worker: worker processes are no children whose time it can count
        cpu_figures = (cpu, startup.cpu) if workers == 1 else (0.0, 0.0)
        figures.append(Figure(label, words, seconds, startup.wall, rss, *cpu_figures))
    return figures


STARTUP_RUNS = 5  # with --repeat: STARTUP_RUNS_PER_ROUND in every round
STARTUP_RUNS_PER_ROUND = 3


@dataclass
class Startup:
    """`dyad code one.txt --jsonl -`: median wall and CPU seconds over its runs (after one
    that fills the compiled cache). CPU time is what the start-up costs this machine when
    other programs do not share its cores."""

    wall: float
    cpu: float
    first: float | None  # the run that built the cache, when there was one


def measure_startup(work: Path, checkout: Checkout = HERE, runs: int = STARTUP_RUNS, warm: bool = True) -> Startup:
    """Seconds `dyad code` needs before coding: imports, dictionaries, the spaCy model."""
    one = work / "one"
    one.mkdir(parents=True, exist_ok=True)
    (one / "a.txt").write_text("Pakistan and China agreed to deepen cooperation.\n", encoding="utf-8")
    walls, cpus = [], []
    for _ in range(runs + warm):
        seconds, cpu, _ = run_dyad(
            ["code", str(one / "a.txt"), "--jsonl", str(work / "one.jsonl"), "--no-store", "--workers", "1"],
            work / "one-stats.json",
            checkout,
        )
        walls.append(seconds)
        cpus.append(cpu)
    first = walls[0] if warm else None
    return Startup(statistics.median(walls[warm:]), statistics.median(cpus[warm:]), first)


@dataclass
class Round:
    """One pass over every measure; repeated passes interleave them, so that a change in
    the machine's load falls on all measures alike."""

    spacy_full: Figure
    spacy_tp: Figure
    startup: Startup
    dyad: list[Figure]


def measure_round(corpus: Path, texts: list[str], words: int, work: Path, first: bool) -> Round:
    with step("spaCy, full pipeline"):
        full = spacy_rate("spaCy en_core_web_sm, all components", texts, words, exclude=[])
    with step("spaCy, tagger + parser"):
        tp = spacy_rate("spaCy tagger + parser only", texts, words, ["ner", "attribute_ruler", "lemmatizer"])
    with step("dyad start-up"):
        startup = measure_startup(work, runs=STARTUP_RUNS if first else STARTUP_RUNS_PER_ROUND, warm=first)
    return Round(full, tp, startup, dyad_figures(corpus, words, work, startup))


RATIOS = (
    ("dyad 1 worker / spaCy full", "dyad", f"≥ {TARGET_VS_SPACY}x", TARGET_VS_SPACY),
    ("2 workers / 1 worker (JSONL)", "jsonl", f"≥ {TARGET_SCALING}x", TARGET_SCALING),
    ("2 workers / 1 worker (DuckDB)", "duckdb", f"≥ {TARGET_SCALING}x", TARGET_SCALING),
)


CPU_RATIO = "dyad 1 worker / spaCy full, CPU"  # words per CPU second: steadier under load


def ratios(dyad: list[Figure], spacy_full: Figure) -> dict[str, float]:
    """The ratios `make bench` reports, from one round's figures (those it has)."""
    rate = {f.name: f.rate for f in dyad}
    found = {}
    one, two = rate.get(dyad_label("jsonl", 1)), rate.get(dyad_label("jsonl", 2))
    one_db, two_db = rate.get(dyad_label("duckdb", 1)), rate.get(dyad_label("duckdb", 2))
    if one:
        found[RATIOS[0][0]] = one / spacy_full.rate
        found[CPU_RATIO] = next(f.cpu_rate for f in dyad if f.name == dyad_label("jsonl", 1)) / spacy_full.cpu_rate
    if one and two:
        found[RATIOS[1][0]] = two / one
    if one_db and two_db:
        found[RATIOS[2][0]] = two_db / one_db
    return found


def spread(values: list[float], digits: int = 0) -> str:
    """'median (min–max)' of repeated measures; the value alone when there is one."""
    fmt = f"{{:,.{digits}f}}"
    middle = fmt.format(statistics.median(values))
    if len(values) < 2:
        return middle
    return f"{middle} ({fmt.format(min(values))}–{fmt.format(max(values))})"


# -- report ----------------------------------------------------------------------------------
def report(files: int, words: int, origin: str, rounds: list[Round]) -> None:
    n = len(rounds)
    walls = [r.startup.wall for r in rounds]
    first = rounds[0].startup.first or 0.0
    print(f"corpus: {files} files, {words:,} words — {origin}")
    print(f"machine: {os.cpu_count()} cores; dyad start-up (imports, dictionaries, model), median of "
          f"{STARTUP_RUNS} runs{'' if n == 1 else f' (then {STARTUP_RUNS_PER_ROUND} per round)'}: "
          f"{spread(walls, 2)} s wall, {spread([r.startup.cpu for r in rounds], 2)} s CPU "
          f"(first run, building the cache: {first:.1f} s)")  # fmt: skip
    print(f"load average at the start / end: {LOAD_AT_START} / {_load()} (other programs share these cores)")
    if n > 1:
        print(f"{n} interleaved rounds: every figure is the median of its rounds, (min–max) after it")
    print()
    print(f"{'measure':44} {'words/s':>22} {'wall w/s':>9} {'seconds':>8} {'CPU w/s':>22}")
    for i, f in enumerate([rounds[0].spacy_full, rounds[0].spacy_tp, *rounds[0].dyad]):
        same = [([r.spacy_full, r.spacy_tp, *r.dyad])[i] for r in rounds]
        wall = f"{statistics.median(g.wall_rate for g in same):9,.0f}" if i > 1 else ""
        seconds = statistics.median(g.seconds for g in same)
        cpu = spread([g.cpu_rate for g in same]) if f.cpu else ""
        print(f"{f.name:44} {spread([g.rate for g in same]):>22} {wall:>9} {seconds:8.1f} {cpu:>22}")
    print("(dyad words/s exclude the start-up above; 'wall' includes it; 'CPU w/s': words per CPU second)")
    print()
    per_round = [ratios(r.dyad, r.spacy_full) for r in rounds]
    for label, _, target, floor in RATIOS:
        values = [p[label] for p in per_round]
        met = statistics.median(values) >= floor
        print(f"{label:32} {spread(values, 2):>18}   target {target}: {'met' if met else 'NOT met'}")
    print(f"{CPU_RATIO:32} {spread([p[CPU_RATIO] for p in per_round], 2):>18}")
    _memory(rounds)
    total_words = PROJECTED_ARTICLES * PROJECTED_WORDS
    print()
    print(f"projection, {PROJECTED_ARTICLES:,} articles × {PROJECTED_WORDS} words on this machine:")
    for i, f in enumerate(rounds[0].dyad):
        if "duckdb" in f.name:
            rate = statistics.median(r.dyad[i].rate for r in rounds)
            print(f"  {f.name:42} {total_words / rate / 3600:6.1f} h")


def _memory(rounds: list[Round]) -> None:
    """The largest peak of each process over the rounds."""
    print()
    print("peak RSS per process (MB):")
    for i, f in enumerate(rounds[0].dyad):
        peaks: dict[str, int] = {}
        for r in rounds:
            for k, v in (r.dyad[i].peak_rss_kb or {}).items():
                peaks[k] = max(peaks.get(k, 0), v)
        print(f"  {f.name:42} {', '.join(f'{k} {v / 1024:.0f}' for k, v in peaks.items())}")
    peak_gb = max(kb for r in rounds for f in r.dyad for kb in (f.peak_rss_kb or {}).values()) / 1024 / 1024
    met = peak_gb <= TARGET_RSS_GB
    print(f"{'largest process, GB':32} {peak_gb:6.2f}   target ≤ {TARGET_RSS_GB} GB per worker: "
          f"{'met' if met else 'NOT met'}")  # fmt: skip


def _load() -> str:
    return " ".join(f"{x:.1f}" for x in os.getloadavg())


LOAD_AT_START = _load()


def main(argv: list[str] | None = None) -> None:
    example = "Example:  python bench/throughput.py --words 100000 --repeat 3"
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0], epilog=example)
    parser.add_argument("--words", type=int, default=300_000, help="corpus size in words (default 300,000)")
    parser.add_argument("--repeat", type=int, default=1, help="interleaved rounds of every measure (default 1)")
    parser.add_argument("--keep", type=Path, help="build the corpus and outputs in DIR and keep them")
    args = parser.parse_args(argv)
    if args.repeat < 1:
        parser.error("--repeat must be at least 1")
    with _workdir(args.keep) as work:
        corpus = work / "corpus"
        with step("building the corpus"):
            files, words, origin = build_corpus(corpus, args.words)
        texts = corpus_texts(corpus)
        rounds = []
        for n in range(args.repeat):
            if args.repeat > 1:
                console.print(f"[bold]round {n + 1} of {args.repeat}[/bold]")
            rounds.append(measure_round(corpus, texts, words, work, first=n == 0))
    report(files, words, origin, rounds)
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
