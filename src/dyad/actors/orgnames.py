"""Organisations the dictionaries do not know, recognised by the shape of their names.

"The Ceasefire Violations Committee", "the Association of African Jurists", "the Earth
Liberation Front": a run of capitalised words ending in (or opening with "X of …") a word
that names a kind of body. Which words, and the sector each gives, are data: the `name_head`
groups of `agents.yaml`. Such a name becomes an organisation mention with that sector and
with the country of a state named in it ("Serbian Workers' Union" → SRB LAB); it never
overrides a dictionary entry, and a run made only of words the dictionaries know ("Chinese
Foreign Ministry") is left to them.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from dyad.actors.dictionary import Form, fold
from dyad.actors.matcher import Hit

STATE_WORD_FUNCTIONS = {"name", "adjective", "prefix"}
CONNECTORS = {"of", "for", "the", "and", "on", "in", "&"}
LEADING_SKIP = {"The", "A", "An"}
MAX_WORDS = 8
# A capitalised word (with an apostrophe: "Workers'"), an acronym, or a connector between them.
# Dotted abbreviations ("U.S.", "U.N.") come first, or "U" would end the run.
TOKEN = re.compile(r"(?:[A-Z]\.){2,}|[A-Z][\w\-]*(?:['’]s?)?|[A-Z]{2,}|\b(?:of|for|the|and|on|in|&)\b")


def organisation_hits(text: str, heads: dict[str, str], known: Iterable[Hit]) -> list[Hit]:
    """Hits for unknown organisation names in `text`; `heads` maps a lower-case head word to a
    sector, `known` are the dictionary's hits in the same text."""
    if not heads:
        return []
    known = list(known)
    out = []
    for run in _capitalised_runs(text):
        span = _name_span(run, heads)
        if span is None:
            continue
        start, end, sector = span
        start, country = _after_leading_state(text, start, end, known)
        if not _has_unknown_word(text, start, end, known):
            continue
        if any(_overlaps(h, start, end) and not _may_overlap(h) for h in known):
            continue  # a known name ("European Union", "Kurdistan Workers' Party") wins
        name = text[start:end]
        # "Senate Intelligence Committee", "Junior Doctors Association": a sector word in the
        # name says more than the kind of body.
        inner = [f.sector for h in known if start <= h.start and h.end <= end for f in h.forms if f.sector]
        sector = inner[0] if inner else sector
        form = Form(name, f"orgname:{country}:{fold(name)}", "agent", True, sector=sector, agent_kind="organisation")
        out.append(Hit(start, end, (form,)))
    return out


def _capitalised_runs(text: str) -> list[list[tuple[int, int, str]]]:
    """Maximal runs of adjacent capitalised words and connectors, as (start, end, word)."""
    runs: list[list[tuple[int, int, str]]] = []
    current: list[tuple[int, int, str]] = []
    last_end = -1
    for m in TOKEN.finditer(text):
        word = m.group(0)
        gap = text[last_end : m.start()] if last_end >= 0 else ""
        adjacent = last_end >= 0 and gap.strip() in ("", "-")
        if current and not adjacent:
            runs.append(current)
            current = []
        current.append((m.start(), m.end(), word))
        last_end = m.end()
    if current:
        runs.append(current)
    return [_trim(r) for r in runs if _trim(r)]


def _trim(run: list[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
    while run and (run[0][2] in CONNECTORS or run[0][2] in LEADING_SKIP):
        run = run[1:]
    while run and run[-1][2] in CONNECTORS:
        run = run[:-1]
    return run


def _head_word(word: str) -> str:
    return word.rstrip("'’s").lower() if word.endswith(("'", "’")) else word.lower()


def _name_span(run: list[tuple[int, int, str]], heads: dict[str, str]) -> tuple[int, int, str] | None:
    words = [w for _, _, w in run]
    # "… Water Forum": the head closes the name.
    for i in range(len(run) - 1, 0, -1):
        sector = heads.get(words[i].lower())
        if sector is not None and words[i][0].isupper():
            first = max(0, i - MAX_WORDS + 1)
            j = i  # the capitalised words right before the head, back to a connector
            while j > first and words[j - 1] not in CONNECTORS:
                j -= 1
            if j < i:
                return run[j][0], run[i][1], sector
    # "Association of African Jurists": the head opens the name, "of/for" follows.
    for i, word in enumerate(words[:-2]):
        sector = heads.get(word.lower())
        if sector is not None and words[i + 1] in ("of", "for"):
            end = min(len(words), i + MAX_WORDS)
            if "and" in words[i:end]:  # "the Organization of African Unity and the Arab League"
                end = words.index("and", i)
            while end > i + 2 and words[end - 1] in CONNECTORS:
                end -= 1
            if end > i + 2:
                return run[i][0], run[end - 1][1], sector
    return None


def _after_leading_state(text: str, start: int, end: int, known: list[Hit]) -> tuple[int, str]:
    """ "Serbian Workers' Union": the state adjective stays a hit of its own (it joins the
    organisation as its country); the name starts after it."""
    country = ""
    for h in sorted(known, key=lambda h: h.start):
        if start <= h.start < end and h.end < end and h.functions & STATE_WORD_FUNCTIONS:
            if h.start == start:
                rest = re.sub(r"^['’]s\b", "", text[h.end : end])  # "Britain's National Crime Agency"
                start = end - len(rest.lstrip())
                continue
            country = country or _country_of(h)
    return start, country


def _country_of(hit: Hit) -> str:
    for form in hit.forms:
        if form.function in STATE_WORD_FUNCTIONS and form.key.startswith("state:"):
            return form.key.split(":", 1)[1]
    return ""


def _has_unknown_word(text: str, start: int, end: int, known: list[Hit]) -> bool:
    for m in re.finditer(r"[A-Z][\w\-]*", text[start:end]):
        a, b = start + m.start(), start + m.end()
        if not any(h.start <= a and b <= h.end for h in known):
            return True
    return False


def _overlaps(h: Hit, start: int, end: int) -> bool:
    return h.start < end and start < h.end


def _may_overlap(h: Hit) -> bool:
    """State words and agent words can sit inside an organisation's name."""
    return bool(h.functions & (STATE_WORD_FUNCTIONS | {"agent"}))
