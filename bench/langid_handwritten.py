"""The hand-written detector dyad used before py3langid (src/dyad/ingest/lang.py until issue 13), kept
here only so bench/langid_compare.py can still be re-run against it."""

from __future__ import annotations

import re
from collections import Counter

UNDETERMINED = ("und", 0.0)

_FUNCTION_WORDS: dict[str, frozenset[str]] = {
    language: frozenset(words.split())
    for language, words in {
        "en": """the of and to in a is that for on with as was by at it from be are has have
            his her this which an will said were not but had they their its been would who or
            after also he she we more than""",
        "fr": """le la les de des du un une et est en que qui dans pour pas sur au aux avec ce
            cette il elle ils ne se sont par plus mais ont été leur nous vous aussi à été
            lors entre selon""",
        "es": """el la los las de del y en que un una es por con para se su sus al lo como más
            pero fue este esta ha entre cuando muy sin sobre también hasta hay desde donde
            según""",
        "de": """der die das den dem des und ist nicht ein eine einen einem einer zu mit sich
            auf für von im auch es an als werden wird hat dass sie er bei nach aus wie um
            oder noch sind war über vor zum zur wurde""",
        "pt": """o os as de do da dos das no na nos nas em um uma e é não com por para que se
            ao aos mais mas foi como pelo pela seu sua ele ela também já entre quando muito
            sem sobre até ser está são""",
        "it": """il lo la i gli le di del della dei degli delle e è che un una uno in per con
            non si da al alla sono come anche più ma ha nel nella sul sulla questo questa
            ci ne dopo stato essere""",
        "nl": """de het een en van is op te dat die niet in met voor zijn er aan ook als bij
            door maar om nog werd naar heeft worden wordt tot uit dan over kan was deze hij
            ze zij geen wel""",
    }.items()
}

# (language, first code point, last code point) for scripts that name a language.
_SCRIPT_RANGES: tuple[tuple[str, int, int], ...] = (
    ("cyrillic", 0x0400, 0x052F),
    ("arabic", 0x0600, 0x06FF),
    ("arabic", 0x0750, 0x077F),
    ("arabic", 0xFB50, 0xFDFF),
    ("arabic", 0xFE70, 0xFEFF),
    ("han", 0x4E00, 0x9FFF),
    ("han", 0x3400, 0x4DBF),
    ("kana", 0x3040, 0x30FF),
    ("hangul", 0xAC00, 0xD7AF),
    ("greek", 0x0370, 0x03FF),
    ("hebrew", 0x0590, 0x05FF),
    ("devanagari", 0x0900, 0x097F),
    ("thai", 0x0E00, 0x0E7F),
)
_SCRIPT_LANGUAGE = {
    "han": "zh",
    "kana": "ja",
    "hangul": "ko",
    "greek": "el",
    "hebrew": "he",
    "devanagari": "hi",
    "thai": "th",
}
_URDU_LETTERS = frozenset("ٹڈڑںےۓھ")
_PERSIAN_LETTERS = frozenset("پچژگ")
_ARABIC_ONLY_LETTERS = frozenset("يكة")
_UKRAINIAN_LETTERS = frozenset("іїєґІЇЄҐ")
_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)?")

_SAMPLE_CHARS = 20_000  # a few pages settle it; a whole book only costs time
_MIN_LETTERS = 20
_MIN_WORDS = 4
# Function words make up roughly a third to a half of running text in these
# languages; coverage far below that means names, numbers or another language.
_FULL_COVERAGE = 0.25
_MIN_COVERAGE = 0.05


def detect_language(text: str) -> tuple[str, float]:
    """ISO 639-1 code and a 0–1 score; ("und", 0.0) when there is too little text."""
    text = text[:_SAMPLE_CHARS]
    letters = [ch for ch in text if ch.isalpha()]
    if len(letters) < _MIN_LETTERS:
        return UNDETERMINED
    script, share = _dominant_script(letters)
    if script is not None:
        return _language_of_script(script, letters), round(share, 3)
    return _latin_language(text)


def _dominant_script(letters: list[str]) -> tuple[str | None, float]:
    counts: Counter[str] = Counter()
    for ch in letters:
        code = ord(ch)
        for script, first, last in _SCRIPT_RANGES:
            if first <= code <= last:
                counts[script] += 1
                break
    if not counts:
        return None, 0.0
    # Japanese mixes kanji with kana; any real share of kana makes it Japanese.
    if counts["kana"] and counts["kana"] + counts["han"] > len(letters) / 2:
        return "kana", (counts["kana"] + counts["han"]) / len(letters)
    script, count = counts.most_common(1)[0]
    share = count / len(letters)
    return (script, share) if share > 0.5 else (None, 0.0)


def _language_of_script(script: str, letters: list[str]) -> str:
    present = set(letters)
    if script == "cyrillic":
        return "uk" if present & _UKRAINIAN_LETTERS else "ru"
    if script == "arabic":
        if present & _URDU_LETTERS:
            return "ur"
        if present & _PERSIAN_LETTERS and not present & _ARABIC_ONLY_LETTERS:
            return "fa"
        return "ar"
    return _SCRIPT_LANGUAGE[script]


def _latin_language(text: str) -> tuple[str, float]:
    words = [word.lower() for word in _WORD.findall(text)]
    if len(words) < _MIN_WORDS:
        return UNDETERMINED
    hits = {lang: sum(1 for word in words if word in vocab) for lang, vocab in _FUNCTION_WORDS.items()}
    language, best = max(hits.items(), key=lambda item: item[1])
    coverage = best / len(words)
    if coverage < _MIN_COVERAGE:
        return UNDETERMINED
    # Score: how much of the function-word evidence points to the winner,
    # discounted when function words are scarce.
    purity = best / sum(hits.values())
    return language, round(purity * min(1.0, coverage / _FULL_COVERAGE), 3)
