"""Throughput of this checkout against another one (say, the commit before a change), interleaved.

Both checkouts code the same corpus (the one `bench/throughput.py` builds) on the same
machine, each with the Python of its own `.venv`, in alternating order round after round
(spaCy, A, B; spaCy, B, A; …), so that a change in the machine's load falls on both alike.
In every round spaCy's full pipeline is timed once, as the common denominator of both
checkouts' dyad/spaCy ratios, and each checkout's start-up is measured before its runs and
subtracted from them as in `throughput.py`. Prints, per checkout, the median and range of
words/s and of the ratios `make bench` reports, and the median and range of the per-round
quotient this checkout / the other one. Figures are printed, never asserted.

Usage:  python bench/compare.py --base DIR [--words N] [--repeat N] [--runs jsonl1,jsonl2,duckdb1,duckdb2]
Example:  python bench/compare.py --base ../basebench --words 100000 --repeat 5
"""

from __future__ import annotations

import argparse
import tempfile
from pathlib import Path

from throughput import (
    DYAD_RUNS,
    HERE,
    LOAD_AT_START,
    STARTUP_RUNS_PER_ROUND,
    Checkout,
    Figure,
    Startup,
    _load,
    build_corpus,
    console,
    corpus_texts,
    dyad_figures,
    measure_startup,
    ratios,
    spacy_rate,
    spread,
    step,
)

# per checkout and round: its start-up, its dyad figures and that round's spaCy figure
Round = tuple[Startup, list[Figure], Figure]


def checkout_at(folder: Path) -> Checkout:
    python = folder / ".venv" / "bin" / "python"
    if not (folder / "src" / "dyad").is_dir() or not python.exists():
        console.print(f"{folder} is not a dyad checkout with its own .venv: run `make .venv/.installed` there first.")
        raise SystemExit(2)
    return Checkout(folder.resolve().name, folder.resolve(), str(python))


def parse_runs(text: str) -> tuple[tuple[str, int], ...]:
    names = {f"{target}{workers}": (target, workers) for target, workers in DYAD_RUNS}
    chosen = [part.strip() for part in text.split(",") if part.strip()]
    unknown = [c for c in chosen if c not in names]
    if unknown or not chosen:
        raise argparse.ArgumentTypeError(f"--runs takes some of {', '.join(names)}, not {text!r}")
    return tuple(names[c] for c in chosen)


def measure(checkouts: list[Checkout], corpus: Path, words: int, work: Path, repeat: int,
            runs: tuple[tuple[str, int], ...]) -> dict[str, list[Round]]:  # fmt: skip
    texts = corpus_texts(corpus)
    found: dict[str, list[Round]] = {c.name: [] for c in checkouts}
    for n in range(repeat):
        console.print(f"[bold]round {n + 1} of {repeat}[/bold]")
        with step("spaCy, full pipeline"):
            spacy_full = spacy_rate("spaCy full", texts, words, exclude=[])
        order = checkouts if n % 2 == 0 else checkouts[::-1]
        for checkout in order:
            own = work / checkout.name
            with step(f"dyad start-up ({checkout.name})"):
                startup = measure_startup(own, checkout, runs=STARTUP_RUNS_PER_ROUND, warm=n == 0)
            figures = dyad_figures(corpus, words, own, startup, checkout, runs)
            found[checkout.name].append((startup, figures, spacy_full))
    return found


def report(words: int, origin: str, checkouts: list[Checkout], found: dict[str, list[Round]]) -> None:
    here, base = (found[c.name] for c in checkouts)
    print(f"corpus: {words:,} words — {origin}")
    print(f"load average at the start / end: {LOAD_AT_START} / {_load()} (other programs share these cores)")
    print(f"{len(here)} interleaved rounds; median (min–max) of the rounds; 'this / base' is taken per round")
    print(f"this checkout: {checkouts[0].root}    base: {checkouts[1].root}")
    print()
    print(f"{'measure':36} {'this checkout':>22} {'base':>22} {'this / base':>20}")
    rows: list[tuple[str, list[float], list[float], int]] = [
        ("start-up, s", [r[0].wall for r in here], [r[0].wall for r in base], 2),
        ("start-up, CPU s", [r[0].cpu for r in here], [r[0].cpu for r in base], 2),
        ("spaCy full, words/s", [r[2].rate for r in here], [r[2].rate for r in base], 0),
    ]
    for i, figure in enumerate(here[0][1]):
        rows.append((f"{figure.name}, w/s", [r[1][i].rate for r in here], [r[1][i].rate for r in base], 0))
        if figure.cpu:
            rows.append(("  the same, words per CPU s", [r[1][i].cpu_rate for r in here],
                         [r[1][i].cpu_rate for r in base], 0))  # fmt: skip
    for label in ratios(here[0][1], here[0][2]):
        pick = [[ratios(r[1], r[2])[label] for r in side] for side in (here, base)]
        rows.append((label, pick[0], pick[1], 2))
    for label, mine, theirs, digits in rows:
        quotient = spread([m / t for m, t in zip(mine, theirs, strict=True)], 3)
        print(f"{label:36} {spread(mine, digits):>22} {spread(theirs, digits):>22} {quotient:>20}")


def main(argv: list[str] | None = None) -> None:
    example = "Example:  python bench/compare.py --base ../basebench --words 100000 --repeat 5"
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0], epilog=example)
    parser.add_argument("--base", type=Path, required=True, help="the other checkout (with its own .venv)")
    parser.add_argument("--words", type=int, default=100_000, help="corpus size in words (default 100,000)")
    parser.add_argument("--repeat", type=int, default=5, help="interleaved rounds (default 5)")
    parser.add_argument("--runs", type=parse_runs, default=DYAD_RUNS, help="dyad runs per round (default all four)")
    args = parser.parse_args(argv)
    if args.repeat < 1:
        parser.error("--repeat must be at least 1")
    checkouts = [HERE, checkout_at(args.base)]
    if checkouts[1].root == HERE.root:
        parser.error("--base names this checkout itself")
    with tempfile.TemporaryDirectory(prefix="dyad-compare-") as tmp:
        work = Path(tmp)
        with step("building the corpus"):
            _, words, origin = build_corpus(work / "corpus", args.words)
        found = measure(checkouts, work / "corpus", words, work, args.repeat, args.runs)
    report(words, origin, checkouts, found)


if __name__ == "__main__":
    main()
