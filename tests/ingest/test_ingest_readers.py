"""Each reader on well-formed input."""

from __future__ import annotations

import datetime as dt
import gzip
import io
import json
from pathlib import Path
from typing import Any

import pytest

from dyad.ingest import iter_inputs
from dyad.models import Document, ReadError

from .builders import atom_feed, html_page, partition, rss_feed
from .texts import DROUGHT_ARTICLE, HARBOUR_ARTICLE


def read(*paths: str | Path, **options: Any) -> tuple[list[Document], list[ReadError]]:
    return partition(iter_inputs([str(p) for p in paths], **options))


def test_plain_text_file_is_one_document(tmp_path: Path) -> None:
    path = tmp_path / "harbour.txt"
    path.write_text(HARBOUR_ARTICLE, encoding="utf-8")
    documents, errors = read(path)
    assert errors == []
    [doc] = documents
    assert doc.text == HARBOUR_ARTICLE
    assert doc.origin == str(path)
    assert doc.extra["encoding"] == "utf-8"


def test_file_without_extension_is_plain_text(tmp_path: Path) -> None:
    path = tmp_path / "ARTICLE"
    path.write_text(DROUGHT_ARTICLE, encoding="utf-8")
    [doc], errors = read(path)
    assert errors == []
    assert doc.text.startswith("Kenya's government")


def test_html_page_gives_article_text_title_date_author_and_canonical_url(tmp_path: Path) -> None:
    path = tmp_path / "page.html"
    page = html_page(
        "Chile and Argentina agree joint customs post",
        HARBOUR_ARTICLE,
        canonical="https://news.example/andes-customs",
        og_url="https://news.example/og-version",
        published="2026-01-05",
        author="Ana Ruiz",
    )
    path.write_text(page, encoding="utf-8")
    [doc], errors = read(path)
    assert errors == []
    assert doc.title == "Chile and Argentina agree joint customs post"
    assert doc.text.startswith("Chile and Argentina agreed on Tuesday")
    assert "\n\nThe ministers said" in doc.text  # paragraphs kept
    assert "Home" not in doc.text and "Terms of use" not in doc.text
    assert doc.date == dt.date(2026, 1, 5)
    assert doc.author == "Ana Ruiz"
    assert doc.url == "https://news.example/andes-customs"


def test_html_url_falls_back_to_og_url(tmp_path: Path) -> None:
    path = tmp_path / "page.htm"
    path.write_text(html_page("Drought aid", DROUGHT_ARTICLE, og_url="https://x.example/a"))
    [doc], _ = read(path)
    assert doc.url == "https://x.example/a"


def test_jsonl_gives_one_document_per_line(tmp_path: Path) -> None:
    path = tmp_path / "wire.jsonl"
    records = [
        {
            "id": "a1",
            "text": HARBOUR_ARTICLE,
            "title": "Customs",
            "url": "https://n.example/1",
            "date": "2026-01-05",
            "source": "Andes Wire",
            "section": "world",
        },
        {"id": 2, "text": DROUGHT_ARTICLE, "date": "5 February 2026"},
    ]
    path.write_text("\n".join(json.dumps(r) for r in records) + "\n", encoding="utf-8")
    documents, errors = read(path)
    assert errors == []
    first, second = documents
    assert (first.external_id, first.title, first.url, first.source) == (
        "a1",
        "Customs",
        "https://n.example/1",
        "Andes Wire",
    )
    assert first.date == dt.date(2026, 1, 5)
    assert first.origin == f"{path}:1"
    assert first.extra["fields"] == {"section": "world"}
    assert second.external_id == "2"
    assert second.date == dt.date(2026, 2, 5)
    assert second.origin == f"{path}:2"


def test_field_map_renames_record_fields(tmp_path: Path) -> None:
    path = tmp_path / "feed.ndjson"
    record = {
        "body": DROUGHT_ARTICLE,
        "headline": "Tankers sent north",
        "meta": {"day": "2026-03-01"},
    }
    path.write_text(json.dumps(record) + "\n")
    [doc], errors = read(path, field_map={"text": "body", "title": "headline", "date": "meta.day"})
    assert errors == []
    assert doc.text == DROUGHT_ARTICLE
    assert doc.title == "Tankers sent north"
    assert doc.date == dt.date(2026, 3, 1)


def test_field_map_with_unknown_field_is_rejected_at_once() -> None:
    with pytest.raises(ValueError, match="unknown document field"):
        iter_inputs(["x.jsonl"], field_map={"body": "text"})


def test_json_file_holding_a_list_or_one_object(tmp_path: Path) -> None:
    many = tmp_path / "many.json"
    many.write_text(json.dumps([{"text": HARBOUR_ARTICLE}, {"text": DROUGHT_ARTICLE}], indent=2))
    one = tmp_path / "one.json"
    one.write_text(json.dumps({"text": DROUGHT_ARTICLE, "title": "One"}, indent=2))
    documents, errors = read(many, one)
    assert errors == []
    assert [d.origin for d in documents] == [f"{many}#1", f"{many}#2", str(one)]
    assert documents[2].title == "One"


def test_rss_feed_gives_one_document_per_item(tmp_path: Path) -> None:
    path = tmp_path / "wire.rss"
    path.write_text(
        rss_feed(
            [
                (
                    "Customs post agreed",
                    "https://w.example/1",
                    "Tue, 06 Jan 2026 10:00:00 GMT",
                    "<p>Chile and Argentina agreed <b>on Tuesday</b>.</p><p>Second paragraph.</p>",
                ),
                (
                    "Drought aid",
                    "https://w.example/2",
                    "Thu, 08 Jan 2026 09:00:00 GMT",
                    "Kenya said it would send tankers &amp; feed.",
                ),
            ]
        )
    )
    documents, errors = read(path)
    assert errors == []
    first, second = documents
    assert first.title == "Customs post agreed"
    assert first.url == "https://w.example/1"
    assert first.date == dt.date(2026, 1, 6)
    assert first.text == "Chile and Argentina agreed on Tuesday.\n\nSecond paragraph."
    assert first.source == "Test Wire"
    assert first.origin == f"{path}#1"
    assert second.text == "Kenya said it would send tankers & feed."
    assert second.origin == f"{path}#2"


def test_atom_feed_in_an_xml_file_is_sniffed(tmp_path: Path) -> None:
    path = tmp_path / "export.xml"
    path.write_text(atom_feed([("Customs", "https://a.example/1", "2026-01-07T12:00:00Z", "<p>Full text here.</p>")]))
    [doc], errors = read(path)
    assert errors == []
    assert (doc.title, doc.url, doc.date, doc.text) == (
        "Customs",
        "https://a.example/1",
        dt.date(2026, 1, 7),
        "Full text here.",
    )


def test_gzipped_files_are_read_as_what_they_wrap(tmp_path: Path) -> None:
    text_gz = tmp_path / "harbour.txt.gz"
    text_gz.write_bytes(gzip.compress(HARBOUR_ARTICLE.encode()))
    lines_gz = tmp_path / "wire.jsonl.gz"
    lines_gz.write_bytes(gzip.compress((json.dumps({"text": DROUGHT_ARTICLE}) + "\n").encode()))
    documents, errors = read(text_gz, lines_gz)
    assert errors == []
    assert documents[0].text == HARBOUR_ARTICLE
    assert documents[1].text == DROUGHT_ARTICLE
    assert documents[1].origin == f"{lines_gz}:1"


def test_windows_1252_and_bom_files_are_decoded(tmp_path: Path) -> None:
    text = "The minister’s visit – the first since 2019 – was “productive”, said the café owner."
    cp1252 = tmp_path / "cp1252.txt"
    cp1252.write_bytes(text.encode("cp1252"))
    bom = tmp_path / "bom.txt"
    bom.write_bytes(b"\xef\xbb\xbf" + text.encode("utf-8"))
    utf16 = tmp_path / "utf16.txt"
    utf16.write_bytes(text.encode("utf-16"))
    documents, errors = read(cp1252, bom, utf16)
    assert errors == []
    assert [d.text for d in documents] == [text, text, text]
    assert [d.extra["encoding"] for d in documents] == ["cp1252", "utf-8-sig", "utf-16"]


def test_stdin_plain_text() -> None:
    [doc], errors = partition(iter_inputs(["-"], stdin=io.StringIO(HARBOUR_ARTICLE)))
    assert errors == []
    assert doc.text == HARBOUR_ARTICLE
    assert doc.origin == "<stdin>"


def test_stdin_json_lines_are_sniffed() -> None:
    records = [{"text": HARBOUR_ARTICLE}, {"body": DROUGHT_ARTICLE}]
    lines = "".join(json.dumps(record) + "\n" for record in records)
    documents, errors = partition(iter_inputs(["-"], stdin=io.StringIO(lines)))
    assert [d.origin for d in documents] == ["<stdin>:1"]
    [error] = errors
    assert error.line == 2 and "no 'text' field" in error.message


def test_stdin_bytes_are_decoded_like_files() -> None:
    raw = io.TextIOWrapper(io.BytesIO("Déclaration du ministère à Genève.".encode("cp1252")))
    [doc], errors = partition(iter_inputs(["-"], stdin=raw))
    assert errors == []
    assert doc.text == "Déclaration du ministère à Genève."
    assert doc.extra["encoding"] == "cp1252"


def _make_tree(root: Path) -> None:
    names = ("b.txt", "a/1.txt", "a/.hidden.txt", ".git/config.txt", "c/d/e.txt", "c/f.jsonl")
    for relative in names:
        path = root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        if path.suffix == ".jsonl":
            path.write_text(json.dumps({"text": f"Record in {relative}"}) + "\n")
        else:
            path.write_text(f"Article in {relative}")


def test_folder_is_read_recursively_in_order_skipping_hidden(tmp_path: Path) -> None:
    _make_tree(tmp_path)
    documents, errors = read(tmp_path)
    assert errors == []
    assert [Path(d.origin.split(":")[0]).relative_to(tmp_path).as_posix() for d in documents] == [
        "a/1.txt",
        "b.txt",
        "c/d/e.txt",
        "c/f.jsonl",
    ]


def test_glob_patterns_select_files(tmp_path: Path) -> None:
    _make_tree(tmp_path)
    documents, errors = read(tmp_path / "*.txt", tmp_path / "**" / "*.jsonl")
    assert errors == []
    assert [d.text for d in documents] == ["Article in b.txt", "Record in c/f.jsonl"]


def test_json_file_holding_json_lines(tmp_path: Path) -> None:
    path = tmp_path / "export.json"
    path.write_text(json.dumps({"text": HARBOUR_ARTICLE}) + "\n" + json.dumps({"text": "Two."}))
    documents, errors = read(path)
    assert errors == []
    assert [d.origin for d in documents] == [f"{path}:1", f"{path}:2"]
