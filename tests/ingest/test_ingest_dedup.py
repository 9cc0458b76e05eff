"""Stable ids across encodings and spacing; near-duplicate search."""

from __future__ import annotations

import hashlib
import re
import unicodedata
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from dyad.ingest import NearDuplicateIndex, document_id, iter_prepared
from dyad.ingest.dedup import normalise_for_hash

from .builders import partition
from .texts import DROUGHT_ARTICLE, HARBOUR_ARTICLE

_WORD_RE = re.compile(r"[^\W_]+")
ACCENTED = (
    "Le président du Sénat a reçu lundi à Genève la délégation de l'Équateur, "
    "a déclaré le ministère des Affaires étrangères dans un communiqué très bref."
)


def test_same_text_in_different_encodings_gets_the_same_id(tmp_path: Path) -> None:
    files = []
    for encoding in ("utf-8", "cp1252", "latin-1", "utf-16"):
        path = tmp_path / f"{encoding}.txt"
        path.write_bytes(ACCENTED.encode(encoding))
        files.append(str(path))
    documents, errors = partition(iter_prepared(files))
    assert errors == []
    assert len({d.doc_id for d in documents}) == 1
    assert documents[0].doc_id == document_id(ACCENTED)


def test_whitespace_case_and_punctuation_do_not_change_the_id() -> None:
    rewrapped = HARBOUR_ARTICLE.replace(" ", "  ").replace("\n\n", "\n \n\n").upper()
    assert document_id(rewrapped) == document_id(HARBOUR_ARTICLE)
    assert document_id("He said: “yes”.") == document_id('he said "yes"')
    assert document_id(HARBOUR_ARTICLE) != document_id(DROUGHT_ARTICLE)


def test_id_is_sixteen_hex_digits() -> None:
    doc_id = document_id(DROUGHT_ARTICLE)
    assert len(doc_id) == 16 and int(doc_id, 16) >= 0
    assert normalise_for_hash("  A,  b!\nC ") == "a b c"


def _republished(article: str) -> str:
    """The same story as another outlet runs it: new headline, extra trailer."""
    return (
        "Neighbours sign Andes border deal\n\n"
        + article
        + "\nThis story was first published by a partner agency and is republished with permission."
    )


def test_copy_with_other_headline_and_trailer_is_a_near_duplicate() -> None:
    index = NearDuplicateIndex()
    index.add("harbour", HARBOUR_ARTICLE)
    index.add("drought", DROUGHT_ARTICLE)
    assert index.find(_republished(HARBOUR_ARTICLE)) == "harbour"


def test_different_articles_do_not_match() -> None:
    index = NearDuplicateIndex()
    index.add("harbour", HARBOUR_ARTICLE)
    assert index.find(DROUGHT_ARTICLE) is None
    assert index.find("") is None


def test_index_rebuilt_from_stored_signatures_finds_the_same() -> None:
    index = NearDuplicateIndex()
    stored = [
        (name, index.signature(text)) for name, text in (("harbour", HARBOUR_ARTICLE), ("drought", DROUGHT_ARTICLE))
    ]
    assert all(len(signature) == 128 * 8 for _, signature in stored)
    rebuilt = NearDuplicateIndex.from_signatures(stored)
    assert len(rebuilt) == 2 and "harbour" in rebuilt
    copy = _republished(HARBOUR_ARTICLE)
    assert rebuilt.find(copy) == "harbour"
    assert rebuilt.find_signature(index.signature(copy)) == "harbour"
    assert rebuilt.find_signature(index.signature(DROUGHT_ARTICLE)) == "drought"
    rebuilt.add_signature("harbour", stored[0][1])  # re-adding an id is harmless
    assert len(rebuilt) == 2


_PIECES = "Ab ab", " ", "  ", "\n", "--", "é", "e\u0301", "ﬁ", "Straße", "½", "\u00a0", "x_y", "Σ", "!!", "ǅ", "\u2003"


@given(st.lists(st.sampled_from(_PIECES) | st.text(max_size=6), max_size=60), st.integers(1, 12))
@settings(max_examples=300, deadline=None)
def test_long_texts_are_normalised_a_piece_at_a_time_with_the_same_result(
    parts: list[str], size: int
) -> None:
    """The id and the shingles of a text cut into pieces (as a text over a megabyte is) are
    those of the whole text normalised at once."""
    from unittest import mock

    from dyad.ingest import dedup

    text = "".join(parts)
    whole = normalise_for_hash(text)
    words = _WORD_RE.findall(unicodedata.normalize("NFKC", text).casefold())
    with mock.patch.object(dedup, "_PIECE_CHARS", size):
        assert "".join(dedup._normalised_pieces(text)) == whole
        assert document_id(text) == hashlib.sha256(whole.encode()).hexdigest()[:16]
        assert list(dedup.iter_shingles(text)) == _shingles_at_once(words)


def _shingles_at_once(words: list[str]) -> list[str]:
    if 0 < len(words) < 5:
        return [" ".join(words)]
    return [" ".join(words[i : i + 5]) for i in range(len(words) - 4)]
