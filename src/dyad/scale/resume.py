"""Resumable runs: documents the store has already coded are not coded again.

The store writes a batch's documents, its events and the documents' `coded_at` mark in
one transaction (`Store.add_coded_tables`), so after a run is killed, at any point, each
document is either coded with all its events or not stored as coded at all. Running
the same command again reads the inputs again, skips what is coded and codes the rest.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from itertools import islice
from typing import Any

from dyad.models import Document

LOOKUP_BATCH = 256  # documents per store lookup


def skip_coded(
    docs: Iterable[Document],
    store: Any,
    on_skip: Callable[[Document], None] | None = None,
) -> Iterator[Document]:
    """`docs` without those `store` has coded, in order; `on_skip` hears of each skipped."""
    stream = iter(docs)
    while batch := list(islice(stream, LOOKUP_BATCH)):
        coded = store.coded_ids([d.doc_id for d in batch])
        for doc in batch:
            if doc.doc_id in coded:
                if on_skip is not None:
                    on_skip(doc)
                continue
            yield doc
