"""Peak memory of `dyad code` as inputs grow: one huge text, a big JSON Lines file, a WARC.

Generates the inputs (never committed) from the bundled samples: their sentences in a
fixed pseudo-random order, grouped into paragraphs — single texts of `--text-mb` MB, JSON
Lines files of `--jsonl-mb` MB made of 500-word articles, and gzipped WARC archives of
`--warc-mb` MB of 500-word HTML pages. Each size runs in its own process, into a fresh
store, and the script prints that process's peak resident memory (its VmHWM, reported
through DYAD_RUN_STATS, or the kernel's ru_maxrss for the child), the wall time and the
words/s. The target is a peak of at most 1 GB per process whatever the input size: give
several sizes to see that the peak stays flat as the input grows.

Coding runs at a few thousand words/s, so a 500 MB JSON Lines file or a 5 GB WARC cannot
be coded in a benchmark's time. `--read-only` measures such inputs with `dyad ingest`
instead: everything `dyad code` does to an input except the coder (streamed reading,
cleaning, ids, the near-duplicate search over every stored document, batched store
writes). Each printed line says whether its input was coded or only read and stored.

`--max-seconds` stops each run after that long (SIGKILL: each stored batch is committed) and
reports its peak so far and the words it stored; every run also prints the peak in each
quarter of its time, flat when nothing grows. Figures measured on the shared 2-core machine
are in docs/scaling.md ("Memory"); on 2026-12-05, read and stored (`--read-only`): 500 MB of
JSON Lines (77 M words) to the end, peak 394 MB, quarters 353 / 364 / 380 / 391 MB (before the
store looked a batch's documents up through its index: 605 MB, rising 55 MB a quarter); one
50 MB text coded: 888 MB.

Usage:    python bench/memory.py [--text-mb N ...] [--jsonl-mb N ...] [--warc-mb N ...]
                                 [--read-only] [--keep DIR [--reuse]] [--max-seconds S]
Example:  python bench/memory.py --text-mb 5 10 20 50 --jsonl-mb 5 10 20 --warc-mb 0
Example:  python bench/memory.py --text-mb 0 --jsonl-mb 100 500 --warc-mb 1000 5000 --read-only
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
from typing import Any

from _shared import ROOT

SAMPLES = ROOT / "src" / "dyad" / "data" / "samples"
SEED = 20261204
TARGET_PEAK_MB = 1024
SAMPLE_EVERY = 0.5  # seconds between readings of the child's resident memory
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


def write_warc(path: Path, megabytes: float, sentences: list[str]) -> int:
    """A gzipped WARC of HTML pages of about 500 words (its size on disk); returns the word count."""
    import html
    import io

    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    target, words, n = int(megabytes * 1_000_000), 0, 0
    paras = paragraphs(sentences, random.Random(SEED + 2))
    with path.open("wb") as out:
        writer = WARCWriter(out, gzip=True)
        while out.tell() < target:
            body, count = [], 0
            while count < 500:
                para = next(paras)
                body.append(f"<p>{html.escape(para)}</p>")
                count += len(para.split())
            n += 1
            page = (f"<html><head><title>Report {n}</title></head><body><article><h1>Report {n}</h1>"
                    f"{''.join(body)}</article></body></html>").encode()  # fmt: skip
            headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html; charset=utf-8")], protocol="HTTP/1.1")
            record = writer.create_warc_record(f"https://news.example.org/{n}", "response", payload=io.BytesIO(page),
                                               http_headers=headers)  # fmt: skip
            writer.write_record(record)
            words += count
    return words


WRITERS = {"text": (write_text, "huge.txt"), "jsonl": (write_jsonl, "huge.jsonl"), "warc": (write_warc, "huge.warc.gz")}


def run_sampled(cmd: list[str], env: dict[str, str], max_seconds: float | None) -> tuple[int, list[int], bool]:
    """Run `cmd`, reading its resident memory (VmRSS, kB) every SAMPLE_EVERY seconds; stop it
    after `max_seconds`. Returns the exit code, the samples and whether it was stopped."""
    proc = subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    samples: list[int] = []
    start, stopped = time.monotonic(), False
    while proc.poll() is None:
        samples.append(_rss_kb(proc.pid))
        if max_seconds is not None and time.monotonic() - start > max_seconds:
            proc.kill()  # what it stored so far is committed: each batch is one transaction
            stopped = True
            break
        time.sleep(SAMPLE_EVERY)
    _, stderr = proc.communicate()
    if proc.returncode != 0 and not stopped:
        print(f"exited {proc.returncode}\n{stderr[-2000:]}", file=sys.stderr)
    return proc.returncode, samples, stopped


def _rss_kb(pid: int) -> int:
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except OSError:  # gone already, or no /proc (not Linux): the peak still comes from rusage
        return 0
    found = re.search(r"^VmRSS:\s+(\d+)", status, re.MULTILINE)
    return int(found.group(1)) if found else 0


def quarter_peaks(samples: list[int]) -> list[float]:
    """The highest sample (MB) in each quarter of the run: flat when memory does not grow."""
    if len(samples) < 4:
        return []
    size = len(samples) / 4
    return [max(samples[int(i * size) : int((i + 1) * size)]) / 1024 for i in range(4)]


def stored_words(db: Path, fallback: int) -> int:
    """Words of the documents the store holds (a stopped run stored only part of its input)."""
    import duckdb

    try:
        with duckdb.connect(str(db), read_only=True) as con:
            row = con.execute("SELECT sum(len(regexp_split_to_array(trim(text), '\\s+'))) FROM documents").fetchone()
    except duckdb.Error:
        return fallback
    return int(row[0] or 0) if row else fallback


def measure(label: str, path: Path, words: int, workdir: Path, *, read_only: bool,
            max_seconds: float | None = None) -> dict[str, Any]:  # fmt: skip
    stats = workdir / f"{label}.stats.json"
    db = workdir / f"{label}.duckdb"
    for old in (stats, db, Path(f"{db}.wal")):
        old.unlink(missing_ok=True)
    env = {**os.environ, "DYAD_RUN_STATS": str(stats)}
    size = path.stat().st_size
    what = "ingest" if read_only else "code"
    cmd = [sys.executable, "-m", "dyad", what, str(path), "--db", str(db), "--max-bytes", str(size + 1), "--quiet"]
    cmd += [] if read_only else ["--workers", "1"]
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    start = time.perf_counter()
    returncode, samples, stopped = run_sampled(cmd, env, max_seconds)
    seconds = time.perf_counter() - start
    children_kb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    own_kb = json.loads(stats.read_text())["main_peak_rss_kb"] if stats.exists() else 0
    # ru_maxrss of children is a running maximum over all children so far: only a new
    # maximum says something about this one; the child's own VmHWM always does.
    peak_mb = max(own_kb, children_kb if children_kb > before else 0, *samples, 0) / 1024
    if stopped or not words:  # counted in the store: a stopped run, or an input generated before
        words = stored_words(db, words)
    quarters = quarter_peaks(samples)
    result = {"input_mb": size / 1e6, "words": words, "seconds": seconds, "words_per_s": words / seconds,
              "peak_rss_mb": peak_mb, "exit": returncode, "coded": not read_only, "stopped": stopped,
              "quarter_peaks_mb": quarters}  # fmt: skip
    ok = peak_mb <= TARGET_PEAK_MB and (returncode == 0 or stopped)
    verdict = "ok" if ok else "OVER TARGET or failed"
    done = "read+stored, NOT coded" if read_only else "coded"
    done += f", stopped after {max_seconds:g} s" if stopped else ""
    print(f"{label:6} {size / 1e6:8.1f} MB  {words:>11,} words  {done}  {seconds:8.1f} s  "
          f"{words / seconds:8.0f} words/s  peak RSS {peak_mb:6.0f} MB  [{verdict}]", flush=True)  # fmt: skip
    if quarters:
        print(f"       peak RSS in each quarter of the run: {' / '.join(f'{q:.0f}' for q in quarters)} MB", flush=True)
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--text-mb", type=float, nargs="*", default=[5.0, 10.0], help="single text sizes (0: none)")
    parser.add_argument("--jsonl-mb", type=float, nargs="*", default=[5.0, 10.0], help="JSON Lines sizes (0: none)")
    parser.add_argument("--warc-mb", type=float, nargs="*", default=[0.0], help="WARC sizes on disk (0: none)")
    parser.add_argument("--read-only", action="store_true",
                        help="read and store the inputs with `dyad ingest`, without coding them")  # fmt: skip
    parser.add_argument("--keep", type=Path, help="keep the generated inputs and stores in this folder")
    parser.add_argument(
        "--max-seconds",
        type=float,
        help="stop each run after this long (its peak so far and what it stored are reported)",
    )
    parser.add_argument("--reuse", action="store_true", help="with --keep: reuse inputs generated before")
    args = parser.parse_args()
    sentences = sample_sentences()
    with tempfile.TemporaryDirectory(prefix="dyad-memory-") as tmp:
        workdir = args.keep or Path(tmp)
        workdir.mkdir(parents=True, exist_ok=True)
        tool = "dyad ingest" if args.read_only else "dyad code --workers 1"
        print(f"peak resident memory of `{tool}` per process (target ≤ {TARGET_PEAK_MB} MB)", flush=True)
        results: dict[str, dict[str, Any]] = {}
        for kind, sizes in (("text", args.text_mb), ("jsonl", args.jsonl_mb), ("warc", args.warc_mb)):
            write, name = WRITERS[kind]
            for megabytes in sorted(m for m in sizes if m > 0):
                path = workdir / name.replace("huge", f"huge-{megabytes:g}mb")
                words = 0 if args.reuse and path.exists() else write(path, megabytes, sentences)
                results[f"{kind}-{megabytes:g}"] = measure(
                    kind, path, words, workdir, read_only=args.read_only, max_seconds=args.max_seconds
                )
                if not args.keep:
                    path.unlink()  # the next input may be large: free the disk
        print(json.dumps(results))


if __name__ == "__main__":
    main()
