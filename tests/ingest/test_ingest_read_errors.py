"""Bad input becomes one ReadError in the stream, and reading goes on."""

from __future__ import annotations

import gzip
import io
import json
import os
from pathlib import Path
from typing import Any

import pytest

from dyad.ingest import iter_inputs
from dyad.models import Document, ReadError

from .builders import partition
from .texts import DROUGHT_ARTICLE, HARBOUR_ARTICLE


def read_beside_good_file(tmp_path: Path, bad: str | Path, **options: Any) -> tuple[list[Document], ReadError]:
    """Read a bad input between two good files; return the documents and its one error."""
    first, last = tmp_path / "first-good.txt", tmp_path / "last-good.txt"
    first.write_text(HARBOUR_ARTICLE)
    last.write_text(DROUGHT_ARTICLE)
    documents, errors = partition(iter_inputs([str(first), str(bad), str(last)], **options))
    assert str(first) in [d.origin for d in documents]
    assert str(last) in [d.origin for d in documents]
    assert len(errors) == 1, errors
    return documents, errors[0]


def test_empty_file(tmp_path: Path) -> None:
    bad = tmp_path / "empty.txt"
    bad.write_bytes(b"")
    _, error = read_beside_good_file(tmp_path, bad)
    assert (error.origin, error.message, error.kind) == (str(bad), "empty file", "empty")


def test_whitespace_only_file_is_empty(tmp_path: Path) -> None:
    bad = tmp_path / "blank.txt"
    bad.write_text(" \n\n\t\n")
    _, error = read_beside_good_file(tmp_path, bad)
    assert error.message == "empty file"


def test_binary_file(tmp_path: Path) -> None:
    bad = tmp_path / "picture.txt"
    bad.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 4)
    _, error = read_beside_good_file(tmp_path, bad)
    assert (error.origin, error.message, error.kind) == (
        str(bad),
        "binary file, not text",
        "binary",
    )


def test_truncated_gzip(tmp_path: Path) -> None:
    compressed = gzip.compress((HARBOUR_ARTICLE * 5).encode())
    bad = tmp_path / "article.txt.gz"
    bad.write_bytes(compressed[: len(compressed) // 2])
    _, error = read_beside_good_file(tmp_path, bad)
    assert error.origin == str(bad)
    assert error.message.startswith("truncated or corrupt gzip")
    assert error.kind == "gzip"


def test_undecodable_text(tmp_path: Path) -> None:
    bad = tmp_path / "mystery.txt"
    bad.write_bytes(bytes(range(0x80, 0x100)) * 4)
    _, error = read_beside_good_file(tmp_path, bad)
    assert error.kind == "encoding"
    assert "cannot decode text" in error.message


def test_invalid_json_line_is_reported_and_other_lines_read(tmp_path: Path) -> None:
    bad = tmp_path / "wire.jsonl"
    bad.write_text(
        json.dumps({"text": HARBOUR_ARTICLE})
        + '\n{"text": "unfinished\n'
        + json.dumps({"text": DROUGHT_ARTICLE})
        + "\n"
    )
    documents, error = read_beside_good_file(tmp_path, bad)
    assert [d.origin for d in documents if d.origin.startswith(str(bad))] == [
        f"{bad}:1",
        f"{bad}:3",
    ]
    assert (error.origin, error.line, error.kind) == (str(bad), 2, "json")
    assert error.message.startswith("line 2: invalid JSON (Unterminated string")
    assert error.describe().startswith(f"{bad}:2: line 2")


def test_json_record_without_text_field(tmp_path: Path) -> None:
    bad = tmp_path / "wire.jsonl"
    lines = [json.dumps({"text": f"Story {n} text."}) for n in range(1, 4)]
    lines.append(json.dumps({"body": "Story four."}))
    bad.write_text("\n".join(lines) + "\n")
    documents, error = read_beside_good_file(tmp_path, bad)
    assert len([d for d in documents if d.origin.startswith(str(bad))]) == 3
    assert error.message == "line 4: no 'text' field (use --field text=NAME)"
    assert (error.origin, error.line) == (str(bad), 4)


def test_broken_json_file(tmp_path: Path) -> None:
    bad = tmp_path / "export.json"
    bad.write_text('[\n  {"text": "one"},\n  {"text": "two"\n')
    _, error = read_beside_good_file(tmp_path, bad)
    assert error.kind == "json" and error.message.startswith("invalid JSON")
    assert error.line is not None


def test_html_without_article_text(tmp_path: Path) -> None:
    bad = tmp_path / "menu.html"
    bad.write_text("<html><head><title>Menu</title></head><body><nav><a href='/'>Home</a></nav></body></html>")
    _, error = read_beside_good_file(tmp_path, bad)
    assert (error.origin, error.kind) == (str(bad), "no_text")
    assert "no article text" in error.message


def test_file_above_the_size_limit(tmp_path: Path) -> None:
    bad = tmp_path / "huge.txt"
    with bad.open("wb") as stream:
        stream.truncate(123_400_000)  # sparse: no disk space used, never read
    _, error = read_beside_good_file(tmp_path, bad)
    assert error.message == "file is 123.4 MB, above the 50 MB limit (--max-bytes)"
    assert error.kind == "too_large"


def test_small_size_limit_is_described_in_bytes(tmp_path: Path) -> None:
    bad = tmp_path / "long.txt"
    bad.write_text("x" * 2000)
    _, error = read_beside_good_file(tmp_path, bad, max_bytes=1500)
    assert error.message == "file is 2,000 bytes, above the 1,500 bytes limit (--max-bytes)"


def test_missing_path(tmp_path: Path) -> None:
    bad = tmp_path / "nowhere.txt"
    _, error = read_beside_good_file(tmp_path, bad)
    assert (error.origin, error.message, error.kind) == (
        str(bad),
        "no such file or directory",
        "missing",
    )


def test_glob_matching_nothing(tmp_path: Path) -> None:
    pattern = str(tmp_path / "*.warc")
    _, error = read_beside_good_file(tmp_path, pattern)
    assert (error.origin, error.message) == (pattern, "no files match this pattern")


def test_permission_denied(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    bad = tmp_path / "secret.txt"
    bad.write_text("classified")
    bad.chmod(0)
    if os.access(bad, os.R_OK):  # running as root: simulate what chmod cannot
        real_open = Path.open

        def refuse(self: Path, *args: Any, **kwargs: Any) -> Any:
            if self == bad:
                raise PermissionError(13, "Permission denied", str(self))
            return real_open(self, *args, **kwargs)

        monkeypatch.setattr(Path, "open", refuse)
    try:
        _, error = read_beside_good_file(tmp_path, bad)
    finally:
        bad.chmod(0o600)
    assert (error.origin, error.message, error.kind) == (
        str(bad),
        "permission denied",
        "permission",
    )


def test_rss_that_does_not_parse(tmp_path: Path) -> None:
    bad = tmp_path / "broken.rss"
    bad.write_text("<rss><channel><title>Broken</title><item><title>A</ti")
    _, error = read_beside_good_file(tmp_path, bad)
    assert (error.origin, error.kind) == (str(bad), "feed")
    assert error.message.startswith("not a valid RSS or Atom feed")


def test_xml_that_is_not_a_feed(tmp_path: Path) -> None:
    bad = tmp_path / "config.xml"
    bad.write_text('<?xml version="1.0"?><settings><colour>blue</colour></settings>')
    _, error = read_beside_good_file(tmp_path, bad)
    assert error.message == "XML file is not an RSS or Atom feed"


def test_empty_stdin() -> None:
    [error] = list(iter_inputs(["-"], stdin=io.StringIO("  \n")))
    assert isinstance(error, ReadError)
    assert (error.origin, error.kind) == ("<stdin>", "empty")


def test_feed_cut_short_keeps_the_items_before_the_damage(tmp_path: Path) -> None:
    bad = tmp_path / "cut.rss"
    bad.write_text(
        "<rss version='2.0'><channel><title>Cut</title>"
        "<item><title>One</title><description>The first item is complete.</description></item>"
        "<item><title>Two</title><descrip"
    )
    documents, error = read_beside_good_file(tmp_path, bad)
    assert [d.title for d in documents if d.origin.startswith(str(bad))] == ["One"]
    assert error.origin == str(bad) and error.kind == "feed"
