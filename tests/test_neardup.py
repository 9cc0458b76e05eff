"""The store's near-duplicate search (LSH band keys in a private DuckDB, signatures read back
from the store) answers as the in-memory `NearDuplicateIndex` does, within a batch and across
batches, and keeps nothing per document in Python between batches."""

from __future__ import annotations

import random
from pathlib import Path
from typing import Any

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


def test_lsh_shape_is_the_one_datasketch_picks() -> None:
    """The store works out the LSH's bands without datasketch; they must be its bands, or
    stored band keys would not find what the in-memory index finds."""
    from datasketch import MinHashLSH

    from dyad.ingest.dedup import lsh_shape

    for threshold in (0.5, 0.7, 0.8, 0.9):
        for num_perm in (32, 128, 256):
            lsh = MinHashLSH(threshold=threshold, num_perm=num_perm)
            assert lsh_shape(threshold, num_perm) == (lsh.b, lsh.r), (threshold, num_perm)


def test_an_empty_text_has_the_empty_signature() -> None:
    import numpy as np

    from dyad.ingest.dedup import signature_is_empty

    index = NearDuplicateIndex()
    assert signature_is_empty(np.frombuffer(index.signature(""), dtype="<u8"))
    assert not signature_is_empty(np.frombuffer(index.signature(texts(1)[0]), dtype="<u8"))


def test_the_store_looks_up_without_importing_the_minhash_library(tmp_path: Path) -> None:
    """A run whose workers sign must not pay for datasketch and scipy in its writer."""
    import subprocess
    import sys

    script = (
        "import sys\n"
        "from dyad.ingest.dedup import NearDuplicateIndex\n"
        "from dyad.store import open_store\n"
        "from dyad.store.neardup import StoredNearDuplicates\n"
        f"store = open_store({str(tmp_path / 'n.duckdb')!r})\n"
        "index = StoredNearDuplicates(lambda: store.con)\n"
        "index.prepare([bytes(8 * 128)])\n"
        "index.find_signature(bytes(8 * 128))\n"
        "print('datasketch' in sys.modules, 'scipy' in sys.modules)\n"
    )
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True).stdout
    assert out.split() == ["False", "False"]


def test_a_batch_of_documents_is_looked_up_in_one_query(tmp_path: Path, monkeypatch: Any) -> None:
    """`add_documents` (dyad ingest) asks the band table once a batch, as the coded path does:
    a query a document left native memory behind that grew a long run's peak (1 KB a
    document), and cost a query each. Near-duplicates are still found, in the batch too."""
    from dyad.ingest.dedup import document_id
    from dyad.models import Document

    calls: list[int] = []
    prepare = StoredNearDuplicates.prepare
    monkeypatch.setattr(
        StoredNearDuplicates, "prepare", lambda self, sigs: (calls.append(len(sigs)), prepare(self, sigs))
    )
    corpus = texts(60)
    batches = [[Document(text=t, origin=f"{i}", doc_id=document_id(t)) for i, t in enumerate(part)]
               for part in (corpus[:30], corpus[30:])]  # fmt: skip
    with open_store(tmp_path / "s.duckdb") as store:
        first, second = (store.add_documents(batch) for batch in batches)
    assert len(calls) == 2 and calls[0] == 30  # the second batch repeats two texts: not looked up
    memory, seen = NearDuplicateIndex(), set()
    expected = 0
    for text in corpus:
        if document_id(text) in seen:
            continue
        seen.add(document_id(text))
        expected += memory.find(text) is not None
        memory.add(document_id(text), text)
    assert first.near_duplicates + second.near_duplicates == expected > 0
