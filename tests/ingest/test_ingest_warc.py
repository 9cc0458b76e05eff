"""WARC archives built here with warcio: HTML responses in, damage reported."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from dyad.ingest import iter_inputs

from .builders import html_page, partition, warc_archive
from .texts import DROUGHT_ARTICLE, HARBOUR_ARTICLE

HARBOUR_URL = "https://news.example/andes"
DROUGHT_URL = "https://news.example/drought"


def _responses() -> list[tuple[str, str, bytes]]:
    harbour = html_page("Customs post agreed", HARBOUR_ARTICLE, published="2026-01-05")
    drought = html_page("Tankers sent north", DROUGHT_ARTICLE)  # no date of its own
    return [
        (HARBOUR_URL, "text/html; charset=utf-8", harbour.encode("utf-8")),
        ("https://news.example/logo.png", "image/png", b"\x89PNG\r\n\x1a\n" + bytes(300)),
        (DROUGHT_URL, "text/html", drought.encode("utf-8")),
    ]


def test_html_responses_become_articles(tmp_path: Path) -> None:
    path = tmp_path / "crawl.warc.gz"
    path.write_bytes(warc_archive(_responses()))
    documents, errors = partition(iter_inputs([str(path)]))
    assert errors == []
    harbour, drought = documents
    assert harbour.origin == f"{path}#1" and drought.origin == f"{path}#3"
    assert (harbour.url, drought.url) == (HARBOUR_URL, DROUGHT_URL)
    assert harbour.text.startswith("Chile and Argentina agreed")
    assert harbour.title == "Customs post agreed"
    assert harbour.extra["fetched"] == "2026-01-06T08:30:00Z"
    assert harbour.date == dt.date(2026, 1, 5)  # the page's own date wins
    assert drought.date == dt.date(2026, 1, 6)  # WARC-Date is the fallback


def test_uncompressed_warc(tmp_path: Path) -> None:
    path = tmp_path / "crawl.warc"
    path.write_bytes(warc_archive(_responses(), gzip=False))
    documents, errors = partition(iter_inputs([str(path)]))
    assert errors == []
    assert [d.url for d in documents] == [HARBOUR_URL, DROUGHT_URL]


@pytest.mark.parametrize(
    ("cut_from_end", "kept"),
    [
        (5, [HARBOUR_URL, DROUGHT_URL]),  # only the gzip trailer is missing
        (200, [HARBOUR_URL]),  # inside the last record
        (None, [HARBOUR_URL]),  # just inside the second record
    ],
)
def test_truncated_warc_keeps_records_before_the_damage(
    tmp_path: Path, cut_from_end: int | None, kept: list[str]
) -> None:
    responses = _responses()
    data = warc_archive(responses)
    first_record_end = len(warc_archive(responses[:1]))
    end = first_record_end + 20 if cut_from_end is None else len(data) - cut_from_end
    path = tmp_path / "cut.warc.gz"
    path.write_bytes(data[:end])
    documents, errors = partition(iter_inputs([str(path)]))
    assert [d.url for d in documents] == kept
    [error] = errors
    assert error.origin == str(path) and error.kind == "warc"
    assert error.message.startswith("truncated or corrupt WARC")


def test_truncated_uncompressed_warc(tmp_path: Path) -> None:
    data = warc_archive(_responses(), gzip=False)
    path = tmp_path / "cut.warc"
    path.write_bytes(data[: len(data) - 100])
    documents, errors = partition(iter_inputs([str(path)]))
    assert [d.url for d in documents] == [HARBOUR_URL]
    [error] = errors
    assert "record 3 is cut short" in error.message


def test_file_that_is_not_a_warc(tmp_path: Path) -> None:
    path = tmp_path / "notes.warc"
    path.write_text("These are my notes, not an archive.\n")
    good = tmp_path / "good.txt"
    good.write_text(HARBOUR_ARTICLE)
    documents, errors = partition(iter_inputs([str(path), str(good)]))
    assert [d.origin for d in documents] == [str(good)]
    [error] = errors
    assert (error.origin, error.kind) == (str(path), "warc")
    assert error.message.startswith("not a readable WARC archive")


def test_size_limit_applies_to_each_response_in_an_archive(tmp_path: Path) -> None:
    path = tmp_path / "crawl.warc.gz"
    path.write_bytes(warc_archive(_responses()))
    documents, errors = partition(iter_inputs([str(path)], max_bytes=1000))
    assert documents == []
    assert [(e.origin, e.kind) for e in errors] == [
        (f"{path}#1", "too_large"),
        (f"{path}#3", "too_large"),
    ]
