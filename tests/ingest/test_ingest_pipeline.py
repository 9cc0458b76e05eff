"""prepare_document and iter_prepared: the whole ingest stage."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

from dyad.ingest import document_id, iter_prepared, prepare_document
from dyad.models import Document

from .builders import partition
from .texts import FRENCH_PARAGRAPH, HARBOUR_ARTICLE

WIRE_TEXT = (
    "date 2026-03-10 - Advertisement -\n\nSANTIAGO, March 10 (Reuters) — " + HARBOUR_ARTICLE + "\nShare this article\n"
)


def test_prepare_document_reads_metadata_dateline_language_and_id() -> None:
    doc = prepare_document(Document(text=WIRE_TEXT, origin="wire.txt"))
    assert doc.date == dt.date(2026, 3, 10)
    assert (doc.place, doc.agency) == ("Santiago", "Reuters")
    assert doc.text.startswith("Chile and Argentina agreed on Tuesday")
    assert doc.text.endswith("at the end of the year.")
    assert doc.language == "en" and doc.extra["language_score"] > 0.5
    assert doc.doc_id == document_id(doc.text)
    assert doc.extra["dateline"]["place"] == "Santiago"


def test_prepare_document_does_not_change_its_input() -> None:
    original = Document(text=WIRE_TEXT, extra={"encoding": "utf-8"})
    prepare_document(original)
    assert original.text == WIRE_TEXT and original.extra == {"encoding": "utf-8"}


def test_reader_date_wins_over_metadata_and_dateline() -> None:
    doc = prepare_document(Document(text=WIRE_TEXT, date=dt.date(2026, 3, 11)))
    assert doc.date == dt.date(2026, 3, 11)


def test_headline_and_note_above_the_dateline_are_moved_out_of_the_text() -> None:
    text = "[Written for the dyad tests.]\n\nAndes customs post agreed\n\nSANTIAGO, March 10 (DW) - " + HARBOUR_ARTICLE
    doc = prepare_document(Document(text=text, date=dt.date(2026, 3, 10)))
    assert doc.title == "Andes customs post agreed"
    assert doc.extra["notes"] == ["Written for the dyad tests."]
    assert doc.text.startswith("Chile and Argentina agreed")


def test_french_article_is_marked_french() -> None:
    doc = prepare_document(Document(text=FRENCH_PARAGRAPH))
    assert doc.language == "fr"


def test_iter_prepared_reports_documents_left_empty_by_cleaning(tmp_path: Path) -> None:
    only_ads = tmp_path / "ads.txt"
    only_ads.write_text("Advertisement\n\nShare this article\n")
    lines = tmp_path / "wire.jsonl"
    lines.write_text(json.dumps({"text": WIRE_TEXT}) + "\n" + json.dumps({"text": "READ MORE"}) + "\n")
    documents, errors = partition(iter_prepared([str(only_ads), str(lines)]))
    assert [d.origin for d in documents] == [f"{lines}:1"]
    assert documents[0].place == "Santiago"
    assert [(e.origin, e.line, e.message) for e in errors] == [
        (str(only_ads), None, "no article text after cleaning"),
        (str(lines), 2, "line 2: no article text after cleaning"),
    ]


def test_seed_article(seed_article: Path) -> None:
    documents, errors = partition(iter_prepared([str(seed_article)]))
    assert errors == []
    [doc] = documents
    assert doc.date == dt.date(2026, 1, 5)
    assert doc.place == "Beijing"
    assert doc.agency == "APP"
    assert doc.text.startswith("Pakistan and China agreed")
    assert "Advertisement" not in doc.text
    assert doc.language == "en"
