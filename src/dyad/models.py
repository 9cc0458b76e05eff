"""The records that flow between stages: documents, actor mentions, events.

Every stage reads and writes these plain dataclasses, so a stage can be run,
tested or replaced on its own.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass, field
from typing import Any

from dyad.columns import ACTOR_RECORD_KEYS, EVENTS


@dataclass
class Document:
    """One article, cleaned, with the metadata the readers and the dateline gave."""

    text: str
    doc_id: str = ""
    title: str | None = None
    url: str | None = None
    source: str | None = None  # publisher or feed
    author: str | None = None
    date: dt.date | None = None  # resolved publication date
    date_source: str | None = None  # what `date` rests on (`dyad.columns.DATE_SOURCES`)
    place: str | None = None  # dateline place
    agency: str | None = None  # dateline agency (APP, Reuters…)
    language: str = "en"
    origin: str = ""  # file (and record) it came from, e.g. "feed.jsonl:12"
    external_id: str | None = None  # id given by the input (JSON Lines `id`)
    duplicate_of: str | None = None
    extra: dict[str, Any] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        d = asdict(self)
        d["date"] = self.date.isoformat() if self.date else None
        return d


@dataclass
class ReadError:
    """A piece of input that could not be read; recorded, never raised to the user."""

    origin: str  # file path
    message: str
    line: int | None = None
    kind: str = "unreadable"

    def describe(self) -> str:
        where = f"{self.origin}:{self.line}" if self.line else self.origin
        return f"{where}: {self.message}"


@dataclass
class ActorMention:
    """An actor found in text, resolved to a CAMEO-style code."""

    text: str
    start: int  # character offsets in the text it was found in
    end: int
    code: str  # e.g. PAKGOV, IGOUNO, ---REB
    country: str  # ISO alpha-3, IGO, NGO, or "---"
    sector: str  # GOV, MIL, … or ""
    name: str  # canonical name
    kind: str  # state | person | organisation | group
    reason: str = ""
    confidence: float = 1.0
    entity_id: str = ""  # stable id within a document for coreference
    is_place: bool = False  # "in Beijing": a location, not an actor
    members: list[ActorMention] = field(default_factory=list)  # what "the two sides" stands for
    title: str = ""  # role or title that set the sector, e.g. "Foreign Minister"

    def to_json(self) -> dict[str, Any]:
        return {k: getattr(self, k) for k in ACTOR_RECORD_KEYS}


@dataclass
class Span:
    text: str
    start: int
    end: int

    def to_json(self) -> dict[str, Any]:
        return {"text": self.text, "start": self.start, "end": self.end}


@dataclass(frozen=True)
class Provenance:
    """Why an event was coded: the rule (see `dyad.events.rules`), the trigger's lemma, the
    code given, and the lexicon entry that matched, if any. `label` is the one place its
    stored text (the `rule` field of events) is made; nothing reads that text back."""

    rule: str  # verb | light-verb | nominal | unattributed | refusal | threat | intent | statement | demand
    trigger: str  # the trigger's lemma, as the parser gave it
    code: str  # the CAMEO code given
    entry: str = ""  # the lexicon entry that matched: "verb:agree +deal → 057"
    origin: str = ""  # where that entry is written: "verbs.yaml verb entry 12"
    act: str = ""  # threats: the entry (or the word) of the act threatened
    # a rule applied after the entry's: declared-refusal | conditional-threat | open-option | mass-killing |
    # repression | riot
    then: str = ""

    @property
    def from_lexicon(self) -> bool:
        """Coded by a verb or noun entry of the lexicon, not by a rule's default."""
        return bool(self.entry)

    @property
    def label(self) -> str:
        entry = f"{self.entry} [{self.origin}]"
        base = {
            "nominal": f"{entry} (nominal)",
            "unattributed": f"{entry} (passive, no agent)",
            "refusal": f"refusal:{self.trigger} → {self.code}",
            "threat": f"threat:{self.trigger} + {self.act} → {self.code}",
            "intent": f"intent:{self.trigger} to … → {self.code}",
            "statement": f"statement:{self.trigger} → {self.code}",
            "demand": f"demand:{self.trigger} + must → {self.code}",
        }.get(self.rule, entry)
        if self.then == "declared-refusal":
            return f"{base} → will not: {self.code}"
        if self.then == "conditional-threat":
            return f"{base} → on a condition: {self.code}"
        if self.then in ("repression", "riot"):  # police and crowds of one country (events/story.py)
            return f"{base} → {self.then}: {self.code}"
        return base


@dataclass
class Event:
    """Who did what to whom, with where it came from and why it was coded."""

    doc_id: str
    sentence_index: int
    sentence: str
    source: ActorMention | None
    target: ActorMention | None
    cameo: str
    cameo_name: str
    cameo_root: str
    plover: str | None
    quad_class: int
    penta_class: int
    goldstein: float
    mode: str  # asserted | intended | negated | hypothetical | reported
    trigger: Span
    confidence: float
    rule: str
    date: dt.date | None = None
    date_source: str | None = None  # what `date` rests on (`dyad.columns.DATE_SOURCES`)
    location: dict[str, Any] | None = None
    event_id: str = ""
    supporting: list[int] = field(default_factory=list)  # other sentence indexes
    object_text: str = ""  # what was done, e.g. the complement of a pledge
    doc_ref: str | None = None  # the input's own id for the document (JSON Lines `id`), if any
    depth: int = 0  # the trigger's depth in the sentence's parse (0: the main verb)
    # How the coder made it (in memory only: events read back from a store have just `rule`).
    provenance: Provenance | None = field(default=None, compare=False, repr=False)

    def to_json(self) -> dict[str, Any]:
        """The JSON Lines record (README, "Event records"); its fields: `dyad.columns`."""
        return EVENTS.record_from_event(self)
