"""dyad: political event data from news — who did what to whom, coded in CAMEO and PLOVER.

>>> import dyad
>>> events = dyad.code_text("Pakistan and China agreed to deepen cooperation.")
>>> store = dyad.open_store("dyad.duckdb")
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from dyad._version import __version__
from dyad.models import ActorMention, Document, Event, ReadError, Span

if TYPE_CHECKING:
    from dyad.events.document import Coder
    from dyad.store.store import Store


def get_coder(actor_files: Sequence[str] = (), lexicon_files: Sequence[str] = ()) -> Coder:
    """A ready coder (dictionaries, lexicon, ontology and spaCy model loaded once)."""
    from dyad.events.document import Coder

    return Coder(actor_files=actor_files, lexicon_files=lexicon_files)


def code_text(
    text: str,
    date: dt.date | str | None = None,
    *,
    actor_files: Sequence[str] = (),
    lexicon_files: Sequence[str] = (),
) -> list[Event]:
    """Code one article's text (datelines and boilerplate are handled) into events."""
    from dyad.ingest.pipeline import prepare_document

    day = dt.date.fromisoformat(date) if isinstance(date, str) else date
    doc = prepare_document(Document(text=text, date=day, origin="<text>"))
    return get_coder(actor_files, lexicon_files).code_document(doc).events


def open_store(path: str = "dyad.duckdb", *, read_only: bool = False) -> Store:
    """Open (create, migrate) a dyad DuckDB store."""
    from dyad.store.store import open_store as _open

    return _open(path, read_only=read_only)


def read_events(
    path: str, *, where: str | None = None, start: dt.date | str | None = None, end: dt.date | str | None = None
) -> Any:
    """Exported events (Parquet folder, GDELT TSV, JSON Lines, CSV) or a store's, as a DuckDB relation."""
    from dyad.store.frames import read_events as _read

    return _read(path, where=where, start=start, end=end)


__all__ = [
    "ActorMention",
    "Document",
    "Event",
    "ReadError",
    "Span",
    "__version__",
    "code_text",
    "get_coder",
    "open_store",
    "read_events",
]
