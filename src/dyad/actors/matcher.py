"""One pass over the text for every dictionary form (Aho-Corasick)."""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from functools import lru_cache

import ahocorasick

from dyad.actors.dictionary import ActorDictionary, Form


@lru_cache(maxsize=4096)
def _fold_char(c: str) -> str:
    base = "".join(x for x in unicodedata.normalize("NFKD", c) if not unicodedata.combining(x))
    low = base.lower()
    if len(low) == 1:
        return low
    low = c.lower()
    return low if len(low) == 1 else c


def fold_aligned(text: str) -> str:
    """Lower-case, accent-free text with exactly one character per input character,
    so offsets found in the folded text are offsets in the original."""
    if text.isascii():
        return text.lower()
    return "".join(_fold_char(c) for c in text)


def normalise_form(text: str) -> str:
    return fold_aligned(text.replace("’", "'").replace("–", "-").replace("—", "-"))


@dataclass(frozen=True)
class Hit:
    start: int
    end: int
    forms: tuple[Form, ...]

    @property
    def functions(self) -> set[str]:
        return {f.function for f in self.forms}


def _is_word_char(c: str) -> bool:
    return c.isalnum() or c == "_"


class ActorMatcher:
    """Finds every dictionary form in a text in one automaton pass."""

    def __init__(self, dictionary: ActorDictionary) -> None:
        table: dict[str, list[Form]] = {}
        for form in dictionary.forms:
            table.setdefault(normalise_form(form.text), []).append(form)
        self.automaton = ahocorasick.Automaton()
        for key, forms in table.items():
            # whether a prefix ("Sino") is among the forms: only then can `_prefix_fits` fail
            prefix = any(f.function == "prefix" for f in forms)
            self.automaton.add_word(key, (len(key), tuple(forms), prefix))
        if table:
            self.automaton.make_automaton()
        self.empty = not table

    def find(self, text: str) -> list[Hit]:
        """Longest non-overlapping hits, left to right."""
        if self.empty or not text:
            return []
        folded = normalise_form(text)
        hits: list[Hit] = []
        lower: list[Hit] = []
        for last, (length, forms, prefix) in self.automaton.iter(folded):
            start, end = last - length + 1, last + 1
            if not self._at_word_boundaries(text, start, end):
                continue
            kept = tuple(f for f in forms if self._case_fits(f, text[start:end]))
            if kept and (not prefix or self._prefix_fits(kept, text, end)):
                hits.append(Hit(start, end, kept))
            if len(kept) < len(forms) and not text[start].isupper():
                # kept aside: a person's name in lower case counts only after a title
                people = tuple(f for f in forms if f.key.startswith("person:") and f.function in ("name", "short"))
                if people:
                    lower.append(Hit(start, end, people))
        return _after_titles(select_longest(hits), lower, text)

    @staticmethod
    def _at_word_boundaries(text: str, start: int, end: int) -> bool:
        before = text[start - 1] if start > 0 else " "
        after = text[end] if end < len(text) else " "
        return not _is_word_char(before) and not _is_word_char(after)

    @staticmethod
    def _case_fits(form: Form, surface: str) -> bool:
        if form.case_sensitive:
            return normalise_accents(surface) == normalise_accents(form.text)
        if form.function in ("agent", "collective", "pronoun"):
            return True
        # Proper names must be capitalised in the text: "china" the porcelain is no state.
        return surface[:1].isupper() or surface[:1].isdigit()

    @staticmethod
    def _prefix_fits(forms: tuple[Form, ...], text: str, end: int) -> bool:
        if all(f.function == "prefix" for f in forms):
            return end < len(text) and text[end] in "-–"
        return True


def normalise_accents(text: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c)).replace("’", "'")


def _after_titles(chosen: list[Hit], lower: list[Hit], text: str) -> list[Hit]:
    """A person's name in lower case counts only right after a title ("prime minister modi")."""
    if not lower:
        return chosen
    title_ends = {h.end for h in chosen if any(f.function == "agent" and f.agent_kind == "person" for f in h.forms)}
    extra = [
        h for h in lower
        if h.start - 1 in title_ends and text[h.start - 1] == " "
        and all(h.end <= c.start or h.start >= c.end for c in chosen)
    ]  # fmt: skip
    return select_longest(chosen + extra) if extra else chosen


def select_longest(hits: list[Hit]) -> list[Hit]:
    hits.sort(key=lambda h: (h.start, -(h.end - h.start)))
    chosen: list[Hit] = []
    for hit in sorted(hits, key=lambda h: (-(h.end - h.start), h.start)):
        if all(hit.end <= c.start or hit.start >= c.end for c in chosen):
            chosen.append(hit)
    chosen.sort(key=lambda h: h.start)
    return chosen
