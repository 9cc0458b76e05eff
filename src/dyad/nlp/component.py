"""dyad as a spaCy pipeline component.

    import spacy
    nlp = spacy.load("en_core_web_sm")
    nlp.add_pipe("dyad", config={"date": "2026-01-05"})
    doc = nlp("Pakistan and China agreed to deepen cooperation.")
    doc._.events            # [Event, …]: the same records as dyad.code_text(doc.text, date)
    [(s.text, s._.actor.code) for s in doc.spans["dyad_actors"]]

The factory is registered under the name "dyad" when this module is imported, and spaCy finds it
without an import through the `spacy_factories` entry point in dyad's package metadata.

The component codes `doc.text` with dyad's own coder (its sentence splitter, dictionaries and
parse), so the events are exactly `dyad.code_text`'s; the host pipeline's annotations are not
used. Each actor mention the coder resolved becomes a span in `doc.spans["dyad_actors"]` with
`span._.actor` (an `ActorMention`); a mention whose sentence dyad's cleaning changed (datelines
cut, Unicode normalised) cannot be placed in the host `Doc` and gets no span.
`doc._.dyad_date` (a date or "YYYY-MM-DD") overrides the configured date for one document.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

from spacy.language import Language
from spacy.tokens import Doc, Span

from dyad.models import ActorMention, Document

SPAN_KEY = "dyad_actors"

for _name in ("events", "dyad_date"):
    if not Doc.has_extension(_name):
        Doc.set_extension(_name, default=None)
if not Span.has_extension("actor"):
    Span.set_extension("actor", default=None)


class DyadComponent:
    """Sets `doc._.events` and actor spans with `span._.actor`."""

    def __init__(self, name: str, date: str | None, actors: list[str], lexicon: list[str]) -> None:
        from dyad import get_coder

        self.name = name
        self.date = _as_date(date)
        self.coder = get_coder(tuple(actors), tuple(lexicon))

    def __call__(self, doc: Doc) -> Doc:
        from dyad.ingest.pipeline import prepare_document

        day = _as_date(doc._.dyad_date) or self.date
        coded = self.coder.code_document(prepare_document(Document(text=doc.text, date=day, origin="<spacy>")))
        doc._.events = coded.events
        spans = []
        for mention, start, end in _placed(doc.text, coded.trace):
            span = doc.char_span(start, end, alignment_mode="expand")
            if span is not None:
                span._.actor = mention
                spans.append(span)
        doc.spans[SPAN_KEY] = spans
        return doc


def _as_date(value: Any) -> dt.date | None:
    if value is None or value == "" or isinstance(value, dt.date):
        return value or None
    return dt.date.fromisoformat(str(value))


def _placed(text: str, trace: list[Any]) -> Iterator[tuple[ActorMention, int, int]]:
    """Each actor mention (not places) with its character offsets in `text`: sentences are found in
    order, so a sentence repeated later in the text is placed at its own occurrence."""
    cursor = 0
    for sentence in trace:
        at = text.find(sentence.text, cursor)
        if at < 0:
            continue
        cursor = at + len(sentence.text)
        for mention in sentence.mentions:
            if not mention.is_place:
                yield mention, at + mention.start, at + mention.end


@Language.factory(
    "dyad",
    default_config={"date": None, "actors": [], "lexicon": []},
)
def make_dyad(nlp: Language, name: str, date: str | None, actors: list[str], lexicon: list[str]) -> DyadComponent:
    """The "dyad" factory: `date` (YYYY-MM-DD) anchors relative dates and dated roles; `actors` and
    `lexicon` are extra dictionary and lexicon files, as `dyad code --actors/--lexicon`."""
    return DyadComponent(name, date, actors, lexicon)
