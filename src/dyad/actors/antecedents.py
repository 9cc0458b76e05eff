"""Organisations a story names once and then calls by their kind: "French uranium miner Orano
sued Niger … The company's director was detained" — "the company" is the French one named
before, not a company of the country the story takes place in.

Only kinds a story seldom has two of and names by a common noun afterwards (companies, media
outlets); "the government" or "the army" of a story about two states could be either's.
"""

from __future__ import annotations

from itertools import pairwise

from dyad.actors.situate import REAL_COUNTRY, mention_code, state_code
from dyad.models import ActorMention

REFERRING_SECTORS = frozenset(("BUS", "MED"))


class Antecedents:
    """The last organisation of each referring kind the document named with its country."""

    def __init__(self) -> None:
        self.last: dict[str, ActorMention] = {}
        self._referring: set[tuple[int, int]] = set()  # spans of this sentence's references back

    def counted(self, mentions: list[ActorMention]) -> list[ActorMention]:
        """The sentence's mentions that name an actor anew, for what the document counts and
        remembers (`DocumentActors._remember`): "the company" names no country a second time."""
        fresh = [m for m in mentions if (m.start, m.end) not in self._referring]
        self._referring.clear()
        for m in fresh:
            self._remember(m)
        return fresh

    def _remember(self, m: ActorMention) -> None:
        """One organisation ("the French company Orano"), not a kind of them ("Nigerien companies")."""
        if m.sector not in REFERRING_SECTORS or not REAL_COUNTRY.match(m.country) or m.country in ("IGO", "NGO"):
            return
        if not _plural(m.text):
            self.last[m.sector] = m

    def refer(self, text: str, mentions: list[ActorMention]) -> None:
        """The company named before is "the company" with no country of its own."""
        for m in mentions:
            before = self.last.get(m.sector)
            if before is None or m.country != "---" or m.members or m.is_place or not _definite(text, m):
                continue
            m.country, m.code = before.country, mention_code(before.country, m.sector)
            m.confidence = min(m.confidence, 0.6)
            m.reason += f"; 'the {m.text}' is the one named before ('{before.text}')"
            self._referring.add((m.start, m.end))


def _definite(text: str, m: ActorMention) -> bool:
    """The mention is a bare kind after "the" ("the company's director"), not "a company"."""
    words = text[: m.start].split()
    return bool(words) and words[-1].lower() == "the" and " " not in m.text.strip() and not _plural(m.text)


def _plural(text: str) -> bool:
    word = text.split()[-1].lower() if text.split() else ""
    return word.endswith("s") and not word.endswith(("ss", "us"))


def named_together(text: str, mentions: list[ActorMention]) -> tuple[str, str] | None:
    """Two states of a sentence joined by "and" ("Russia and Ukraine", "Indian and Canadian
    officials"): the pair the story is about there, which "the two sides" then stands for."""
    actors = [m for m in mentions if not m.is_place and not m.members and state_code(m.country)]
    for a, b in pairwise(actors):
        if a.country != b.country and text[a.end : b.start].strip().lower() in ("and", "&"):
            return a.country, b.country
    return None
