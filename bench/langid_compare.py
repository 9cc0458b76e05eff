"""Compare language identifiers on bench/langid_sample.py: accuracy, documents per second, start-up.

    .venv/bin/pip install py3langid lingua-language-detector   # only for this comparison
    .venv/bin/python bench/langid_compare.py

Start-up is measured in a fresh interpreter (import + first answer), since a CLI pays it on every run.
"""

from __future__ import annotations

import importlib.util
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from langid_sample import SAMPLE

Detector = Callable[[str], str]
ROUNDS = 20

STARTUP = {
    "hand-written (dyad before)": (
        "import sys; sys.path.insert(0, 'bench'); from langid_handwritten import detect_language as d; "
        "d('The minister met the ambassador.')"
    ),
    "py3langid": "import py3langid; py3langid.classify('The minister met the ambassador.')",
    "lingua (all languages)": (
        "from lingua import LanguageDetectorBuilder as B; "
        "B.from_all_languages().build().detect_language_of('The minister met the ambassador.')"
    ),
}


def handwritten() -> Detector:
    from langid_handwritten import detect_language

    return lambda text: detect_language(text)[0]


def py3langid() -> Detector:
    import py3langid as langid

    return lambda text: str(langid.classify(text)[0])


def lingua() -> Detector:
    from lingua import LanguageDetectorBuilder

    detector = LanguageDetectorBuilder.from_all_languages().build()

    def detect(text: str) -> str:
        language = detector.detect_language_of(text)
        return language.iso_code_639_1.name.lower() if language else "und"

    return detect


def score(detect: Detector) -> tuple[float, float, float]:
    """(accuracy on all texts, accuracy on headlines, documents per second)."""
    texts = [(lang, text, i == 0) for lang, items in SAMPLE.items() for i, text in enumerate(items)]
    right = [detect(text) == lang for lang, text, _ in texts]
    heads = [ok for ok, (_, _, is_head) in zip(right, texts, strict=True) if is_head]
    started = time.perf_counter()
    for _ in range(ROUNDS):
        for _, text, _ in texts:
            detect(text)
    rate = ROUNDS * len(texts) / (time.perf_counter() - started)
    return sum(right) / len(right), sum(heads) / len(heads), rate


def installed_mb(module: str | None) -> str:
    if module is None:
        return "0 (in dyad)"
    spec = importlib.util.find_spec(module)
    assert spec is not None and spec.origin is not None
    files = Path(spec.origin).parent.rglob("*")
    return f"{sum(f.stat().st_size for f in files if f.is_file()) / 1e6:.1f}"


def startup(code: str) -> float:
    started = time.perf_counter()
    subprocess.run([sys.executable, "-c", code], check=True)
    return time.perf_counter() - started


def main() -> None:
    n_texts = sum(len(items) for items in SAMPLE.values())
    print(f"{n_texts} texts in {len(SAMPLE)} languages: {' '.join(SAMPLE)}")
    print("| detector | accuracy | headlines | docs/s | start-up s | installed MB |\n|---|---|---|---|---|---|")
    for (name, code), make in zip(STARTUP.items(), (handwritten, py3langid, lingua), strict=True):
        module = {"py3langid": "py3langid", "lingua (all languages)": "lingua"}.get(name)
        if module and importlib.util.find_spec(module) is None:
            print(f"| {name} | not installed | | | | |")
            continue
        accuracy, heads, rate = score(make())
        print(f"| {name} | {accuracy:.3f} | {heads:.3f} | {rate:,.0f} | {startup(code):.2f} | {installed_mb(module)} |")


if __name__ == "__main__":
    main()
