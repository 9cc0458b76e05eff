"""Placing events' source, trigger and target spans in an article's text.

Event spans are character offsets within the event's sentence; the sentence is located
in the document text (exactly, or with whitespace differences), and the spans become
non-overlapping segments that the templates render as `<mark class="src|trg|tgt">`.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass, field
from typing import Any

from dyad.columns import EVENTS
from dyad.models import Event

# What each span kind is called, and which wins when spans of different kinds overlap.
KINDS = (("trg", "trigger"), ("src", "source"), ("tgt", "target"))
ROLE = dict(KINDS)
PRIORITY = {kind: i for i, (kind, _) in enumerate(KINDS)}


@dataclass
class Segment:
    """A run of text covered by the same set of spans (none for plain text)."""

    text: str
    kind: str | None = None  # src | trg | tgt
    title: str = ""
    events: list[str] = field(default_factory=list)
    current: bool = False

    def to_json(self) -> dict[str, Any]:
        return {"text": self.text, "kind": self.kind, "title": self.title, "events": self.events}


@dataclass
class _Span:
    start: int
    end: int
    kind: str
    event_id: str
    title: str


def flatten_event(e: Event) -> dict[str, Any]:
    """An `Event` as a flat row shaped like the store's `events` table, as the pages read it."""
    from dyad.web.queries import tidy_event

    return tidy_event(EVENTS.row_dict(e))


def describe(event: dict[str, Any]) -> str:
    """One line: who did what to whom."""
    source = event.get("source_code") or "–"
    target = event.get("target_code") or "–"
    return f"{source} {event.get('cameo')} {target}: {event.get('cameo_name') or ''}".strip()


def span_title(event: dict[str, Any], kind: str) -> str:
    confidence = event.get("confidence")
    conf = f"{float(confidence):.2f}" if confidence is not None else "?"
    return (
        f"{ROLE[kind]} of {describe(event)} ({event.get('mode')}) — "
        f"rule {event.get('rule') or '?'} · confidence {conf}"
    )


def _offsets(event: dict[str, Any], sentence_len: int) -> list[tuple[int, int, str]]:
    out = []
    for kind, prefix in (("src", "source"), ("trg", "trigger"), ("tgt", "target")):
        start, end = event.get(f"{prefix}_start"), event.get(f"{prefix}_end")
        if start is None or end is None:
            continue
        start, end = int(start), int(end)
        if 0 <= start < end <= sentence_len:
            out.append((start, end, kind))
    return out


def _flexible_pattern(sentence: str) -> re.Pattern[str] | None:
    words = sentence.split()
    if not words:
        return None
    return re.compile(r"\s+".join(re.escape(w) for w in words))


def _alignment(sentence: str, found: str) -> list[int]:
    """Map each offset in `sentence` to an offset in `found` (equal up to whitespace)."""
    mapping: list[int] = []
    i = j = 0
    while i < len(sentence):
        if sentence[i].isspace():
            while i < len(sentence) and sentence[i].isspace():
                mapping.append(j)
                i += 1
            while j < len(found) and found[j].isspace():
                j += 1
            continue
        mapping.append(j)
        i += 1
        j += 1
    mapping.append(min(j, len(found)))
    return mapping


def locate_sentences(text: str, events: list[dict[str, Any]]) -> dict[int, tuple[int, list[int]]]:
    """For each sentence index: (start in `text`, map from sentence offsets to text offsets).

    Sentences are searched in order of their index, each after the previous one found, so a
    sentence repeated in the article is placed where it belongs.
    """
    placed: dict[int, tuple[int, list[int]]] = {}
    cursor = 0
    by_index: dict[int, str] = {}
    for e in events:
        idx, sentence = e.get("sentence_index"), e.get("sentence")
        if isinstance(idx, int) and isinstance(sentence, str) and sentence:
            by_index.setdefault(idx, sentence)
    for idx in sorted(by_index):
        sentence = by_index[idx]
        start = text.find(sentence, cursor)
        if start < 0:
            start = text.find(sentence)
        if start >= 0:
            placed[idx] = (start, [start + k for k in range(len(sentence) + 1)])
            cursor = start + len(sentence)
            continue
        pattern = _flexible_pattern(sentence)
        match = (pattern.search(text, cursor) or pattern.search(text)) if pattern else None
        if match:
            mapping = [match.start() + k for k in _alignment(sentence, match.group(0))]
            placed[idx] = (match.start(), mapping)
            cursor = match.end()
    return placed


def segments(text: str, spans: list[_Span], current: str | None = None) -> list[Segment]:
    """Split `text` at every span boundary; each piece carries the spans covering it."""
    if not spans:
        return [Segment(text)] if text else []
    cuts = sorted({0, len(text), *(s.start for s in spans), *(s.end for s in spans)})
    out: list[Segment] = []
    for a, b in itertools.pairwise(cuts):
        if a >= b:
            continue
        covering = [s for s in spans if s.start <= a and b <= s.end]
        if not covering:
            out.append(Segment(text[a:b]))
            continue
        kind = min((s.kind for s in covering), key=PRIORITY.__getitem__)
        titles = list(dict.fromkeys(s.title for s in covering))
        ids = list(dict.fromkeys(s.event_id for s in covering))
        is_current = current is not None and current in ids
        out.append(Segment(text[a:b], kind, "\n".join(titles), ids, current=is_current))
    return out


def highlight_document(
    text: str, events: list[dict[str, Any]], current: str | None = None
) -> tuple[list[Segment], set[str]]:
    """The document text as segments, and the ids of the events that could be placed."""
    placed = locate_sentences(text, events)
    spans: list[_Span] = []
    located: set[str] = set()
    for e in events:
        idx, sentence = e.get("sentence_index"), e.get("sentence") or ""
        if not isinstance(idx, int) or idx not in placed:
            continue
        _, mapping = placed[idx]
        event_id = str(e.get("event_id") or "")
        for start, end, kind in _offsets(e, len(sentence)):
            spans.append(_Span(mapping[start], mapping[end], kind, event_id, span_title(e, kind)))
        located.add(event_id)
    return segments(text, spans, current), located


def highlight_sentence(event: dict[str, Any]) -> list[Segment]:
    """The event's own sentence with its source, trigger and target marked."""
    sentence = str(event.get("sentence") or "")
    event_id = str(event.get("event_id") or "")
    spans = [
        _Span(start, end, kind, event_id, span_title(event, kind))
        for start, end, kind in _offsets(event, len(sentence))
    ]
    return segments(sentence, spans)
