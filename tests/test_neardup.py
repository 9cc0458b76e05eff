"""The store's near-duplicate search (LSH band keys in a private DuckDB, signatures read back
from the store) answers as the in-memory `NearDuplicateIndex` does, within a batch and across
batches, and keeps nothing per document in Python between batches."""

from __future__ import annotations

import random
from pathlib import Path

from dyad.ingest.dedup import NearDuplicateIndex
from dyad.store import open_store
from dyad.store.neardup import StoredNearDuplicates

WORDS = [
    "talks",
    "minister",
    "border",
    "trade",
    "ceasefire",
    "delegation",
    "agreed",
    "sanctions",
    "aid",
    "troops",
    "election",
    "capital",
    "president",
    "envoy",
    "summit",
    "pledge",
    "protest",
    "police",
    "court",
    "ruling",
    "meeting",
    "statement",
]


def texts(n: int, seed: int = 5) -> list[str]:
    """Articles, many of them light edits of an earlier one (near-duplicates), some exact copies."""
    rng = random.Random(seed)
    made: list[str] = []
    for _ in range(n):
        if made and rng.random() < 0.6:
            words = rng.choice(made).split()
            for _ in range(rng.randint(0, 12)):
                words[rng.randrange(len(words))] = rng.choice(WORDS)
            made.append(" ".join(words))
        else:
            made.append(" ".join(rng.choice(WORDS) for _ in range(rng.randint(60, 200))))
    return made


def test_stored_search_answers_as_the_index_in_memory(tmp_path: Path) -> None:
    docs = [(f"{i:016x}", t) for i, t in enumerate(texts(120))]
    memory = NearDuplicateIndex()
    expected = []
    for doc_id, text in docs:
        sig = memory.signature(text)
        expected.append(memory.find_signature(sig))
        memory.add_signature(doc_id, sig)

    with open_store(tmp_path / "s.duckdb") as store:
        found = []
        for start in range(0, len(docs), 25):  # batches: stored between them, as a run does
            batch = docs[start : start + 25]
            index = store._near_duplicate_index()
            sigs = [index.signature(t) for _, t in batch]
            index.prepare(sigs)
            rows = []
            for (doc_id, text), sig in zip(batch, sigs, strict=True):
                found.append(index.find_signature(sig))
                index.add_signature(doc_id, sig)
                rows.append((doc_id, text, sig))
            store.con.executemany(
                "INSERT INTO documents (doc_id, text, minhash, origin) VALUES (?, ?, ?, 'test')", rows
            )
            index.commit()
            assert not index._added and not index._stored  # nothing kept per document
        assert found == expected
        assert sum(f is not None for f in found) >= 15  # the corpus has near-duplicates to find
        # A new index (a later run) is built from what the store holds and answers the same.
        again = StoredNearDuplicates(lambda: store.con)
        for _doc_id, text in docs[:20]:
            sig = again.signature(text)
            assert again.find_signature(sig) == memory.find_signature(sig) is not None
