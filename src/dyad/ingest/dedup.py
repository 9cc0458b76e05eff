"""Stable document ids, and finding near-duplicate articles.

The id hashes a normalised form of the text, so the same article read from a
file in another encoding, with other quotes or other line wrapping, gets the
same id. Near duplicates (the same wire story under another headline, with a
different trailer) are found with MinHash over word 5-shingles.
"""

from __future__ import annotations

import hashlib
import inspect
import re
import unicodedata
from collections import deque
from collections.abc import Iterable, Iterator
from functools import cache
from itertools import islice
from typing import TYPE_CHECKING, Any

import numpy as np

if TYPE_CHECKING:
    from datasketch import MinHash

NUM_PERM = 128
THRESHOLD = 0.8
SHINGLE_WORDS = 5
_SEED = 1  # fixed, so signatures from different runs can be compared
_NOT_WORD = re.compile(r"[\W_]+")
_WORD = re.compile(r"[^\W_]+")
_MINHASH_BATCH = 50_000  # shingles hashed at once
_SIGNATURE_DTYPE = np.dtype("<u8")
_PIECE_CHARS = 1_000_000  # a long text is normalised this much at a time
_SAFE_CUT = re.compile(r"\s(?=[\x00-\x7f])")


@cache
def _datasketch() -> tuple[Any, Any, dict[str, Any]]:
    """(MinHash, MinHashLSH, the scheme arguments), imported on first use: datasketch pulls
    in scipy, a second of start-up that a run without a store never needs.

    datasketch 2 refuses to rebuild a MinHash from stored values unless told the hashing
    scheme that made them; datasketch 1.x (also allowed) has no such argument."""
    from datasketch import MinHash, MinHashLSH

    scheme = {"scheme": "affine32"} if "scheme" in inspect.signature(MinHash.__init__).parameters else {}
    return MinHash, MinHashLSH, scheme


# Every value of the MinHash of a text with no shingles (datasketch's largest 32-bit hash).
EMPTY_VALUE = (1 << 32) - 1
_LSH_GRID = 501  # points of the similarity axis the LSH's error integrals are summed over


def signature_is_empty(values: np.ndarray) -> bool:
    """Whether a signature's values are those of a text with no words."""
    return bool(np.all(values == EMPTY_VALUE))


@cache
def lsh_shape(threshold: float = THRESHOLD, num_perm: int = NUM_PERM) -> tuple[int, int]:
    """(bands, rows per band) that datasketch's MinHashLSH picks for this threshold: the
    shape with the least false-positive plus false-negative probability mass (equal
    weights; the first such in its order). Worked out here, without datasketch, so that a
    process that only looks signatures up (the store's writer) never imports it and scipy
    under it; a test checks that the shapes agree."""
    shapes = np.array([(b, r) for b in range(1, num_perm + 1) for r in range(1, num_perm // b + 1)], dtype=float)
    bands, rows = shapes[:, :1], shapes[:, 1:]
    below = np.linspace(0.0, threshold, _LSH_GRID)
    above = np.linspace(threshold, 1.0, _LSH_GRID)
    false_positive = _area(1 - (1 - below**rows) ** bands, below)
    false_negative = _area((1 - above**rows) ** bands, above)
    best = int(np.argmin(0.5 * false_positive + 0.5 * false_negative))
    return int(shapes[best, 0]), int(shapes[best, 1])


def _area(y: np.ndarray, x: np.ndarray) -> np.ndarray:
    """The trapezoid rule's integral over x of each row of y."""
    result: np.ndarray = ((y[:, 1:] + y[:, :-1]) * np.diff(x)).sum(axis=1) / 2
    return result


def normalise_for_hash(text: str) -> str:
    """Case-folded words separated by single spaces; punctuation and spacing ignored."""
    text = unicodedata.normalize("NFKC", text).casefold()
    return _NOT_WORD.sub(" ", text).strip()


def document_id(text: str) -> str:
    """First 16 hex digits of the SHA-256 of the normalised text (normalised a piece at a
    time: a text of 50 MB never has its normalised copies in memory at once)."""
    digest = hashlib.sha256()
    for piece in _normalised_pieces(text):
        digest.update(piece.encode("utf-8"))
    return digest.hexdigest()[:16]


def _folded_pieces(text: str) -> Iterator[str]:
    """NFKC + casefold of `text`, a piece at a time. Pieces end after a white-space character
    followed by an ASCII one: no normalisation composes or reorders across such a point,
    and no word spans it, so the pieces joined equal the whole text folded."""
    start, size = 0, _PIECE_CHARS
    while len(text) - start > size:
        cut = _safe_cut(text, start + size)
        if cut is None:
            break
        yield unicodedata.normalize("NFKC", text[start:cut]).casefold()
        start = cut
    yield unicodedata.normalize("NFKC", text[start:]).casefold()


def _safe_cut(text: str, near: int) -> int | None:
    """The first index at or after `near` that follows a white-space character and holds an
    ASCII one; None when there is none."""
    for match in _SAFE_CUT.finditer(text, near):
        return match.end()
    return None


def _normalised_pieces(text: str) -> Iterator[str]:
    """`normalise_for_hash(text)` as consecutive pieces (their concatenation equals it)."""
    started, space = False, False
    for folded in _folded_pieces(text):
        piece = _NOT_WORD.sub(" ", folded)
        core = piece.strip(" ")
        if not core:
            space = space or bool(piece)
            continue
        if started and (space or piece.startswith(" ")):
            yield " "
        yield core
        started, space = True, piece.endswith(" ")


def shingles(text: str) -> set[str]:
    return set(iter_shingles(text))


def iter_shingles(text: str) -> Iterator[str]:
    """Word 5-shingles in text order (repeats included), made one at a time: a text of
    millions of words never has its word list or shingle set in memory."""
    window: deque[str] = deque(maxlen=SHINGLE_WORDS)
    seen = 0
    for folded in _folded_pieces(text):
        for match in _WORD.finditer(folded):
            window.append(match.group())
            seen += 1
            if seen >= SHINGLE_WORDS:
                yield " ".join(window)
    if 0 < seen < SHINGLE_WORDS:
        yield " ".join(window)


class NearDuplicateIndex:
    """Documents indexed by MinHash so a new text's near duplicate can be found.

    A store can persist `signature(text)` per document and rebuild the index
    with `from_signatures` without re-reading the texts.
    """

    def __init__(self, threshold: float = THRESHOLD, num_perm: int = NUM_PERM) -> None:
        self.threshold = threshold
        self.num_perm = num_perm
        self._lsh = _datasketch()[1](threshold=threshold, num_perm=num_perm)
        self._minhashes: dict[str, MinHash] = {}

    def __len__(self) -> int:
        return len(self._minhashes)

    def __contains__(self, doc_id: object) -> bool:
        return doc_id in self._minhashes

    @classmethod
    def from_signatures(
        cls,
        signatures: Iterable[tuple[str, bytes]],
        threshold: float = THRESHOLD,
        num_perm: int = NUM_PERM,
    ) -> NearDuplicateIndex:
        index = cls(threshold=threshold, num_perm=num_perm)
        for doc_id, signature in signatures:
            index.add_signature(doc_id, signature)
        return index

    def signature(self, text: str) -> bytes:
        """The text's MinHash as bytes (8 per permutation), for storing."""
        hashvalues = np.asarray(self._minhash(text).hashvalues, dtype=_SIGNATURE_DTYPE)
        return hashvalues.tobytes()

    def add(self, doc_id: str, text: str) -> None:
        self._insert(doc_id, self._minhash(text))

    def add_signature(self, doc_id: str, signature: bytes) -> None:
        self._insert(doc_id, self._from_signature(signature))

    def find(self, text: str) -> str | None:
        """The id of an indexed near duplicate of `text` (the most similar), or None."""
        return self._best_match(self._minhash(text))

    def find_signature(self, signature: bytes) -> str | None:
        """Like `find`, for a text known only by its stored signature."""
        return self._best_match(self._from_signature(signature))

    def _best_match(self, minhash: MinHash) -> str | None:
        if minhash.is_empty():
            return None  # every empty text would "match" every other
        best: tuple[float, str] | None = None
        # LSH candidates are only probable matches; confirm each on its estimate.
        for candidate in sorted(self._lsh.query(minhash)):
            similarity = float(minhash.jaccard(self._minhashes[candidate]))
            if similarity >= self.threshold and (best is None or similarity > best[0]):
                best = (similarity, candidate)
        return best[1] if best else None

    def _insert(self, doc_id: str, minhash: MinHash) -> None:
        if doc_id in self._minhashes:
            return  # the LSH refuses duplicate keys; re-adding an id is a no-op
        self._lsh.insert(doc_id, minhash)
        self._minhashes[doc_id] = minhash

    def _from_signature(self, signature: bytes) -> MinHash:
        hashvalues = np.frombuffer(signature, dtype=_SIGNATURE_DTYPE)
        if len(hashvalues) != self.num_perm:
            raise ValueError(f"signature has {len(hashvalues)} values, expected {self.num_perm}")
        minhash, _lsh, scheme = _datasketch()
        made: MinHash = minhash(num_perm=self.num_perm, seed=_SEED, hashvalues=hashvalues, **scheme)
        return made

    def _minhash(self, text: str) -> MinHash:
        make, _lsh, scheme = _datasketch()
        minhash: MinHash = make(num_perm=self.num_perm, seed=_SEED, **scheme)
        # A MinHash keeps minima, so a shingle seen twice changes nothing: batches of
        # the shingle stream give the signature of the shingle set.
        stream = iter_shingles(text)
        while batch := {s.encode("utf-8") for s in islice(stream, _MINHASH_BATCH)}:
            minhash.update_batch(list(batch))
        return minhash
