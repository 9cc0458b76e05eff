"""Scoring coded events against a gold standard: who did what to whom, on (source, target, root).

The measure the field uses for event data at the sentence or story level: a gold event is found
when a coded event of the same unit (sentence or article) has the same source country (first three
letters of the actor code), the same target country and the same CAMEO root. A gold source `---`
matches any source; a gold target that is null (or `-`) matches any target.
Used by `bench/modern_eval.py` and by the regression-corpus test.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from dyad.events.document import Coder
    from dyad.models import Event

ANY = "---"


@dataclass(frozen=True)
class Triple:
    """One event reduced to what is scored: source and target prefixes and CAMEO root."""

    source: str | None
    target: str | None
    root: str

    @classmethod
    def of(cls, source: str | None, target: str | None, code: str) -> Triple:
        return cls(_prefix(source), _prefix(target), code[:2])


def _prefix(code: str | None) -> str | None:
    if code is None or code in ("", "-", "null"):
        return None
    return code[:3]


def source_fits(gold: Triple, pred: Triple) -> bool:
    return gold.source == ANY or gold.source == pred.source


def target_fits(gold: Triple, pred: Triple) -> bool:
    return gold.target is None or gold.target == ANY or gold.target == pred.target


def fits(gold: Triple, pred: Triple) -> bool:
    return gold.root == pred.root and source_fits(gold, pred) and target_fits(gold, pred)


def code_texts(coder: Coder, items: Iterable[tuple[str, str, str | None]]) -> dict[str, list[Event]]:
    """(id, text, ISO date) → the events dyad codes for that text as one document, as
    `dyad code --jsonl --no-store` would."""
    import datetime as dt

    from dyad.ingest.pipeline import prepare_document
    from dyad.models import Document

    ids, docs = [], []
    for unit_id, text, date in items:
        day = dt.date.fromisoformat(date[:10]) if date else None
        ids.append(unit_id)
        docs.append(prepare_document(Document(text=text, date=day, origin=unit_id)))
    return {i: c.events for i, c in zip(ids, coder.code_documents(docs, batch_size=32), strict=True)}


def triples(events: Iterable[Event], *, skip_statements: bool = False, real_only: bool = False) -> list[Triple]:
    """Coded events as scored triples; without plain 010 statements, or without negated and
    hypothetical events, when asked."""
    out = []
    for e in events:
        if (skip_statements and e.cameo == "010") or (real_only and e.mode in ("negated", "hypothetical")):
            continue
        out.append(Triple.of(e.source.code if e.source else None, e.target.code if e.target else None, e.cameo))
    return out


@dataclass
class UnitScore:
    """One sentence or article: which gold events were found, and by which coded events."""

    unit_id: str
    gold: list[Triple]
    pred: list[Triple]
    found: list[bool] = field(default_factory=list)
    used: list[bool] = field(default_factory=list)


def match_unit(unit_id: str, gold: Sequence[Triple], pred: Sequence[Triple]) -> UnitScore:
    """A gold event is found when some coded event of the unit fits it; a coded event is right when
    it fits some gold event (as the issue tracker and the field's sentence-level scores count)."""
    score = UnitScore(unit_id, list(gold), list(pred))
    score.found = [any(fits(g, p) for p in pred) for g in gold]
    score.used = [any(fits(g, p) for g in gold) for p in pred]
    return score


@dataclass
class Scores:
    precision: float
    recall: float
    f1: float
    dyad_recall: float
    root_recall: float
    n_gold: int
    n_pred: int


def summarise(units: Iterable[UnitScore]) -> Scores:
    units = list(units)
    n_gold = sum(len(u.gold) for u in units)
    n_pred = sum(len(u.pred) for u in units)
    tp_gold = sum(sum(u.found) for u in units)
    tp_pred = sum(sum(u.used) for u in units)
    dyad_hits = sum(any(source_fits(g, p) and target_fits(g, p) for p in u.pred) for u in units for g in u.gold)
    root_hits = sum(any(g.root == p.root for p in u.pred) for u in units for g in u.gold)
    precision = tp_pred / n_pred if n_pred else 0.0
    recall = tp_gold / n_gold if n_gold else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return Scores(
        precision, recall, f1, dyad_hits / max(n_gold, 1), root_hits / max(n_gold, 1), n_gold, n_pred
    )


ERROR_KINDS = (
    "nothing coded in the unit",
    "neither source nor root found",
    "right dyad, wrong root",
    "source and root right, no target",
    "source and root right, wrong target",
    "root right, wrong or missing source",
    "source right, root and target wrong",
    "other",
)


def error_kind(gold: Triple, pred: Sequence[Triple]) -> str:
    """Why a gold event was not found, in the first category that applies."""
    if not pred:
        return ERROR_KINDS[0]
    same_source = [p for p in pred if source_fits(gold, p)]
    same_root = [p for p in pred if p.root == gold.root]
    if not same_source and not same_root:
        return ERROR_KINDS[1]
    if any(target_fits(gold, p) for p in same_source):
        return ERROR_KINDS[2]
    both = [p for p in same_source if p.root == gold.root]
    if both:
        return ERROR_KINDS[3] if all(p.target is None for p in both) else ERROR_KINDS[4]
    if same_root:
        return ERROR_KINDS[5]
    return ERROR_KINDS[6] if same_source else ERROR_KINDS[7]


def errors(units: Iterable[UnitScore]) -> dict[str, list[str]]:
    """Error category → ids of the units where a gold event was lost that way."""
    found: dict[str, list[str]] = {k: [] for k in ERROR_KINDS}
    for u in units:
        for g, ok in zip(u.gold, u.found, strict=True):
            if not ok:
                found[error_kind(g, u.pred)].append(u.unit_id)
    return found


def root_recall_by_root(units: Iterable[UnitScore]) -> dict[str, tuple[int, int]]:
    """Root → (found, gold) on the full (source, target, root) match."""
    totals: Counter[str] = Counter()
    hits: Counter[str] = Counter()
    for u in units:
        for g, ok in zip(u.gold, u.found, strict=True):
            totals[g.root] += 1
            hits[g.root] += ok
    return {r: (hits[r], totals[r]) for r in sorted(totals)}


def root_confusion(units: Iterable[UnitScore]) -> Counter[tuple[str, str]]:
    """(gold root, coded root) for lost gold events whose dyad was coded with another root."""
    pairs: Counter[tuple[str, str]] = Counter()
    for u in units:
        for g, ok in zip(u.gold, u.found, strict=True):
            if ok:
                continue
            for p in u.pred:
                if source_fits(g, p) and target_fits(g, p) and p.root != g.root:
                    pairs[(g.root, p.root)] += 1
                    break
    return pairs
