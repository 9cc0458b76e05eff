"""Cutting text of any length into sentences the parser can take.

spaCy refuses a text over `nlp.max_length` (1,000,000 characters) and its memory grows
with the length of what it is given, so nothing long ever reaches it whole: paragraphs
are cut on sentence ends (or, failing that, on spaces) into chunks of at most
`MAX_CHUNK_CHARS`, and the rule-based splitter sees one chunk at a time. A "sentence"
still longer than `MAX_SENTENCE_CHARS` (a table flattened to one line, a run-on list)
holds no event the coder could find and would cost seconds to parse: it is skipped, and
the caller is told where it was so it can record why.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

MAX_CHUNK_CHARS = 100_000
MAX_SENTENCE_CHARS = 3_000
# A sentence end: terminal punctuation, closing quotes or brackets, then white space.
_SENTENCE_END = re.compile(r"[.!?\u3002][\"'\u201d\u2019)\]]*\s+")
_SPACE = re.compile(r"\s+")


@dataclass(frozen=True)
class Skipped:
    """A stretch of text not coded, with character offsets into the document text."""

    start: int
    end: int
    reason: str

    def describe(self) -> str:
        return f"characters {self.start}-{self.end}: {self.reason}"


def paragraphs(text: str) -> Iterator[tuple[int, str]]:
    """(offset, paragraph) for each line of `text`, without copying the whole text at once."""
    offset = 0
    while offset <= len(text):
        end = text.find("\n", offset)
        end = len(text) if end < 0 else end
        yield offset, text[offset:end]
        offset = end + 1


def chunks(paragraph: str, limit: int = MAX_CHUNK_CHARS) -> Iterator[tuple[int, str]]:
    """(offset, piece) pieces of at most `limit` characters, cut after the last sentence end
    before the limit, else after the last space, else at the limit."""
    offset = 0
    while len(paragraph) - offset > limit:
        window = paragraph[offset : offset + limit]
        cut = _last_boundary(window)
        yield offset, window[:cut]
        offset += cut
    yield offset, paragraph[offset:]


def _last_boundary(window: str) -> int:
    for pattern in (_SENTENCE_END, _SPACE):
        # Only the second half is searched: a cut there keeps chunks long, and the scan short.
        ends = [m.end() for m in pattern.finditer(window, len(window) // 2)]
        if ends:
            return ends[-1]
    return len(window)


def iter_sentences(text: str, splitter: Any, skipped: list[Skipped] | None = None) -> Iterator[tuple[int, int, str]]:
    """Sentences as (start, end, text), offsets into `text`; paragraph breaks always split.

    `splitter` is a spaCy pipeline with a sentencizer. Sentences over `MAX_SENTENCE_CHARS`
    are left out and, when `skipped` is given, appended to it."""
    for para_start, para in paragraphs(text):
        if not para.strip():
            continue
        for chunk_start, chunk in chunks(para):
            base = para_start + chunk_start
            for sent in splitter(chunk).sents:
                # the span's text (spaCy would join its tokens' texts again at every `.text`)
                raw = chunk[sent.start_char : sent.end_char]
                s = raw.strip()
                if not s:
                    continue
                start = base + sent.start_char + (len(raw) - len(raw.lstrip()))
                if len(s) > MAX_SENTENCE_CHARS:
                    if skipped is not None:
                        reason = f"a sentence of {len(s):,} characters (over {MAX_SENTENCE_CHARS:,}) was not coded"
                        skipped.append(Skipped(start, start + len(s), reason))
                    continue
                yield start, start + len(s), s
