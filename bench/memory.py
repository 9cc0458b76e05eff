"""Peak memory of `dyad code` on very large inputs: one huge text, one huge JSON Lines file.

Generates the inputs (never committed) from the bundled samples: their sentences in a
fixed pseudo-random order, grouped into paragraphs — a single text of `--text-mb` MB, and
a JSON Lines file of `--jsonl-mb` MB made of 500-word articles. Each is coded by
`dyad code --workers 1` into a fresh store in its own process; the script prints that
process's peak resident memory (its VmHWM, reported through DYAD_RUN_STATS, and the
kernel's ru_maxrss for the child as a cross-check), the wall time and the words/s.
The target is a peak of at most 1 GB per process whatever the input size.

Usage:    python bench/memory.py [--text-mb N] [--jsonl-mb N] [--keep DIR]
Example:  python bench/memory.py --text-mb 50 --jsonl-mb 100
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import resource
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

from _shared import ROOT

SAMPLES = ROOT / "src" / "dyad" / "data" / "samples"
SEED = 20261204
TARGET_PEAK_MB = 1024
_SENTENCE = re.compile(r"(?<=[.!?])\s+(?=[A-Z\"“])")


def sample_sentences() -> list[str]:
    from dyad.ingest import iter_prepared
    from dyad.models import Document

    sentences: list[str] = []
    for doc in iter_prepared([str(SAMPLES)]):
        if isinstance(doc, Document) and doc.language == "en" and "README" not in doc.origin:
            for para in doc.text.split("\n"):
                sentences.extend(s.strip() for s in _SENTENCE.split(para) if len(s.split()) > 3)
    return sentences


def paragraphs(sentences: list[str], rng: random.Random) -> Iterator[str]:
    while True:
        yield " ".join(rng.choice(sentences) for _ in range(rng.randint(2, 5)))


def write_text(path: Path, megabytes: float, sentences: list[str]) -> int:
    """One document of about `megabytes` MB; returns its word count."""
    target, size, words = int(megabytes * 1_000_000), 0, 0
    with path.open("w", encoding="utf-8") as out:
        for para in paragraphs(sentences, random.Random(SEED)):
            out.write(para + "\n\n")
            size += len(para.encode()) + 2
            words += len(para.split())
            if size >= target:
                return words
    return words  # pragma: no cover - the generator never ends


def write_jsonl(path: Path, megabytes: float, sentences: list[str]) -> int:
    """Articles of about 500 words, one JSON object a line; returns the word count."""
    target, size, words, n = int(megabytes * 1_000_000), 0, 0, 0
    paras = paragraphs(sentences, random.Random(SEED + 1))
    with path.open("w", encoding="utf-8") as out:
        while size < target:
            body, count = [], 0
            while count < 500:
                para = next(paras)
                body.append(para)
                count += len(para.split())
            n += 1
            day = 1 + n % 28
            line = json.dumps({"id": f"gen-{n}", "date": f"2026-02-{day:02d}", "text": "\n\n".join(body)})
            out.write(line + "\n")
            size += len(line.encode()) + 1
            words += count
    return words


def measure(label: str, path: Path, words: int, workdir: Path) -> dict[str, float]:
    stats = workdir / f"{label}.stats.json"
    db = workdir / f"{label}.duckdb"
    env = {**os.environ, "DYAD_RUN_STATS": str(stats)}
    size = path.stat().st_size
    cmd = [sys.executable, "-m", "dyad", "code", str(path), "--db", str(db), "--workers", "1",
           "--max-bytes", str(size + 1), "--quiet"]  # fmt: skip
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    start = time.perf_counter()
    proc = subprocess.run(cmd, env=env, capture_output=True, text=True, check=False)
    seconds = time.perf_counter() - start
    if proc.returncode != 0:
        print(f"{label}: dyad code exited {proc.returncode}\n{proc.stderr[-2000:]}", file=sys.stderr)
    children_kb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    own_kb = json.loads(stats.read_text())["main_peak_rss_kb"] if stats.exists() else 0
    # ru_maxrss of children is a running maximum over all children so far: only a new
    # maximum says something about this one; the child's own VmHWM always does.
    peak_mb = max(own_kb, children_kb if children_kb > before else 0) / 1024
    result = {"input_mb": size / 1e6, "words": words, "seconds": seconds, "words_per_s": words / seconds,
              "peak_rss_mb": peak_mb, "exit": proc.returncode}  # fmt: skip
    verdict = "ok" if peak_mb <= TARGET_PEAK_MB and proc.returncode == 0 else "OVER TARGET or failed"
    print(f"{label:6} {size / 1e6:7.1f} MB  {words:>10,} words  {seconds:8.1f} s  "
          f"{words / seconds:8.0f} words/s  peak RSS {peak_mb:7.0f} MB  [{verdict}]", flush=True)  # fmt: skip
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--text-mb", type=float, default=50.0, help="size of the single text (0: skip)")
    parser.add_argument("--jsonl-mb", type=float, default=100.0, help="size of the JSON Lines file (0: skip)")
    parser.add_argument("--keep", type=Path, help="keep the generated inputs and stores in this folder")
    args = parser.parse_args()
    sentences = sample_sentences()
    with tempfile.TemporaryDirectory(prefix="dyad-memory-") as tmp:
        workdir = args.keep or Path(tmp)
        workdir.mkdir(parents=True, exist_ok=True)
        print(f"peak resident memory of `dyad code --workers 1` (target ≤ {TARGET_PEAK_MB} MB)")
        results = {}
        if args.text_mb > 0:
            path = workdir / "huge.txt"
            results["text"] = measure("text", path, write_text(path, args.text_mb, sentences), workdir)
        if args.jsonl_mb > 0:
            path = workdir / "huge.jsonl"
            results["jsonl"] = measure("jsonl", path, write_jsonl(path, args.jsonl_mb, sentences), workdir)
        print(json.dumps(results))


if __name__ == "__main__":
    main()
