"""Read articles from files, folders, globs and stdin.

Every input becomes a stream of `Document`s and `ReadError`s: a bad file, line
or record is reported in the stream and reading goes on.

Formats are chosen by extension, and by content when the extension says
nothing (no extension, an unknown one, `.xml`, a `.gz` wrapper, stdin):

=====================  =============================================  ==============
input                  documents                                      origin
=====================  =============================================  ==============
.txt, no extension     the whole file                                 path
.html, .htm            the article trafilatura finds                  path
.jsonl, .ndjson        one per line                                   path:LINE
.json                  one object, a list (one per item) or JSONL     path, path#N
.warc, .warc.gz        one per HTML response                          path#N
.rss, .atom, .xml      one per feed item                              path#N
X.gz                   as X, decompressed                             as X
=====================  =============================================  ==============

A ReadError's origin is the file (or `path#N` for a WARC or feed record);
JSON Lines errors carry the line number in `line`.

`max_bytes` caps what is held in memory at once: a whole file, or what a `.gz`
decompresses to. WARC archives and JSON Lines files are streamed, so for them the
cap applies to each response body or line instead (files of gigabytes are normal).
"""

from __future__ import annotations

import io
import json
import re
import sys
from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path
from typing import BinaryIO, TextIO

from dyad.ingest.dating import FILE_DATE, file_date
from dyad.ingest.decoding import (
    Decoded,
    decode_bytes,
    describe_size,
    ensure_text_bytes,
    gunzip_limited,
    is_gzip,
)
from dyad.ingest.feeds import iter_feed_items, looks_like_feed
from dyad.ingest.html_article import article_document
from dyad.ingest.html_text import declared_charset
from dyad.ingest.jsonl_stream import can_stream, stream_json_lines
from dyad.ingest.paths import expand_argument
from dyad.ingest.records import iter_json_document, iter_json_lines, resolve_field_map
from dyad.ingest.results import (
    EMPTY,
    ENCODING,
    FEED,
    MISSING,
    PERMISSION,
    TOO_LARGE,
    UNREADABLE,
    InputProblem,
    ReadResult,
    read_error,
)
from dyad.ingest.warc import WARC_MAGIC, find_gzip_damage, iter_warc_articles
from dyad.models import Document, ReadError

DEFAULT_MAX_BYTES = 50_000_000
STDIN_ORIGIN = "<stdin>"

_FORMAT_BY_EXTENSION: Mapping[str, str] = {
    ".txt": "text",
    ".text": "text",
    ".html": "html",
    ".htm": "html",
    ".xhtml": "html",
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
    ".json": "json",
    ".rss": "feed",
    ".atom": "feed",
    ".xml": "xml",
    ".warc": "warc",
}
_HTML_START = re.compile(r"<(!doctype\s+html|html|head|body|article|meta|title)[\s>/]", re.I)
_FEED_START = re.compile(r"<(rss|feed|rdf:rdf)[\s>]", re.I)


def iter_inputs(
    paths: Sequence[str],
    *,
    field_map: Mapping[str, str] | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
    stdin: TextIO | None = None,
) -> Iterator[Document | ReadError]:
    """Documents and read errors from every path, folder, glob, or "-" (stdin).

    Raises ValueError at once for a field_map naming an unknown document field;
    problems with the input itself are yielded as ReadErrors, never raised.
    """
    fields = resolve_field_map(field_map)
    return _iter_arguments(paths, fields, max_bytes, stdin)


def _iter_arguments(
    paths: Sequence[str], fields: Mapping[str, str], max_bytes: int, stdin: TextIO | None
) -> Iterator[ReadResult]:
    for argument in paths:
        if argument == "-":
            yield from _guarded(STDIN_ORIGIN, _read_stdin(stdin or sys.stdin, fields, max_bytes))
            continue
        for target in expand_argument(argument):
            if isinstance(target, ReadError):
                yield target
            else:
                yield from _with_file_date(target, _guarded(str(target), _read_file(target, fields, max_bytes)))


def _with_file_date(path: Path, results: Iterator[ReadResult]) -> Iterator[ReadResult]:
    """Note the file's modification day on its documents: the last resort for a date."""
    try:
        day = file_date(path.stat().st_mtime)
    except OSError:
        day = None
    for result in results:
        if day is not None and isinstance(result, Document):
            result.extra.setdefault(FILE_DATE, day)
        held = [result]
        del result  # not kept by this frame while the document is prepared and coded
        yield held.pop()


def _guarded(origin: str, results: Iterator[ReadResult]) -> Iterator[ReadResult]:
    """Turn a problem raised while reading one input into a ReadError; go on."""
    try:
        yield from results
    except InputProblem as problem:
        yield problem.to_error(origin)
    except Exception as exc:  # last resort: a reader bug must not stop the other files
        yield read_error(origin, f"could not read ({type(exc).__name__}: {exc})", UNREADABLE)


def _read_file(path: Path, fields: Mapping[str, str], max_bytes: int) -> Iterator[ReadResult]:
    name = path.name.lower()
    if name.endswith((".warc", ".warc.gz")):
        yield from _read_warc_file(path, max_bytes)
        return
    if _streamable(path):
        yield from stream_json_lines(path, fields, max_bytes)
        return
    data = _read_bytes(path, max_bytes)
    if name.endswith(".gz") or is_gzip(data):
        data = _require_content(gunzip_limited(data, max_bytes))
        name = name.removesuffix(".gz")
    reader = _read_content(data, _format_from_name(name), str(path), fields, max_bytes)
    del data  # held by the reader only while it needs it, not while a long text is coded
    yield from reader


def _streamable(path: Path) -> bool:
    try:
        return can_stream(path)
    except FileNotFoundError as exc:
        raise InputProblem(MISSING, "no such file or directory") from exc
    except PermissionError as exc:
        raise InputProblem(PERMISSION, "permission denied") from exc
    except (OSError, EOFError):  # unreadable, or a damaged .gz: the whole-file reader reports it
        return False


def _read_bytes(path: Path, max_bytes: int) -> bytes:
    try:
        size = path.stat().st_size
        if size > max_bytes:
            raise _too_large(size, max_bytes)
        with path.open("rb") as stream:
            data = stream.read(max_bytes + 1)
    except FileNotFoundError as exc:
        raise InputProblem(MISSING, "no such file or directory") from exc
    except PermissionError as exc:
        raise InputProblem(PERMISSION, "permission denied") from exc
    except OSError as exc:
        raise InputProblem(UNREADABLE, f"cannot read file ({exc.strerror or exc})") from exc
    if len(data) > max_bytes:  # a file that grew, or a pipe with no size
        raise _too_large(len(data), max_bytes)
    return _require_content(data)


def _too_large(size: int, max_bytes: int) -> InputProblem:
    message = f"file is {describe_size(size)}, above the {describe_size(max_bytes)} limit (--max-bytes)"
    return InputProblem(TOO_LARGE, message)


def _require_content(data: bytes) -> bytes:
    if not data or data.isspace():  # (`strip` would copy a 50 MB file to tell)
        raise InputProblem(EMPTY, "empty file")
    return data


def holds_one_document(path: str) -> bool:
    """Whether the file at `path` is, by its extension, one document (a text or an HTML page),
    not a container of many (JSON Lines, a feed, a WARC)."""
    return Path(path).is_file() and _format_from_name(path) in ("text", "html")


def _format_from_name(name: str) -> str | None:
    """The format an extension promises, or None when the content must decide."""
    return _FORMAT_BY_EXTENSION.get(Path(name).suffix.lower())


def _read_warc_file(path: Path, max_bytes: int) -> Iterator[ReadResult]:
    origin = str(path)
    try:
        stream = path.open("rb")
    except PermissionError as exc:
        raise InputProblem(PERMISSION, "permission denied") from exc
    except OSError as exc:
        raise InputProblem(UNREADABLE, f"cannot read file ({exc.strerror or exc})") from exc
    with stream:
        if not stream.read(1):
            raise InputProblem(EMPTY, "empty file")
        damage = _gzip_damage(stream)
        yield from iter_warc_articles(stream, origin, max_bytes, damage)


def _gzip_damage(stream: BinaryIO) -> str | None:
    """Damage in a gzipped archive, checked up front because warcio hides it."""
    stream.seek(0)
    compressed = is_gzip(stream.read(2))
    stream.seek(0)
    damage = find_gzip_damage(stream) if compressed else None
    stream.seek(0)
    return damage


def _read_content(
    data: bytes, fmt: str | None, origin: str, fields: Mapping[str, str], max_bytes: int
) -> Iterator[ReadResult]:
    """Dispatch bytes (already decompressed) to the reader for their format."""
    if fmt == "warc" or (fmt is None and data.lstrip().startswith(WARC_MAGIC)):
        yield from iter_warc_articles(io.BytesIO(data), origin, max_bytes)
        return
    ensure_text_bytes(data)
    if fmt in ("feed", "xml"):
        if fmt == "xml" and not looks_like_feed(data):
            raise InputProblem(FEED, "XML file is not an RSS or Atom feed")
        yield from iter_feed_items(data, origin)
        return
    decoded = _decode(data, declared=declared_charset(data) if fmt in (None, "html") else None)
    fmt = fmt or sniff_text_format(decoded.text)
    if fmt == "feed":
        yield from iter_feed_items(data, origin)
        return
    del data
    reader = _read_text(decoded, fmt, origin, fields)
    del decoded
    yield from reader


def _decode(data: bytes, declared: str | None = None) -> Decoded:
    decoded = decode_bytes(data, declared)
    if decoded is None:
        raise InputProblem(ENCODING, "cannot decode text: not UTF-8, and no other encoding fits")
    if not decoded.text or decoded.text.isspace():
        raise InputProblem(EMPTY, "empty file")
    return decoded


def _read_text(decoded: Decoded, fmt: str | None, origin: str, fields: Mapping[str, str]) -> Iterator[ReadResult]:
    """The documents of decoded text (not a feed). A plain text's raw text is held by no
    frame once its document is handed on: it is cleaned into a copy and let go."""
    fmt = fmt or sniff_text_format(decoded.text)
    if fmt == "html":
        yield article_document(decoded.text, origin, decoded.encoding)
    elif fmt == "jsonl":
        yield from iter_json_lines(decoded.text, origin, fields, decoded.encoding)
    elif fmt == "json":
        yield from iter_json_document(decoded.text, origin, fields, decoded.encoding)
    else:
        held = [Document(text=decoded.text, origin=origin, extra={"encoding": decoded.encoding})]
        del decoded
        yield held.pop()


def sniff_text_format(text: str) -> str:
    """Guess the format of text with no telling extension: feed, html, jsonl, json or text."""
    head = text.lstrip()[:4096]
    if head.startswith("<"):
        if _FEED_START.search(head):
            return "feed"
        if _HTML_START.search(head):
            return "html"
    if head.startswith("{") and _parses_as_json(head.split("\n", 1)[0]):
        return "jsonl"
    if head.startswith(("{", "[")) and _parses_as_json(text):
        return "json"
    return "text"


def _parses_as_json(text: str) -> bool:
    try:
        json.loads(text)
    except ValueError:
        return False
    return True


def _read_stdin(stream: TextIO, fields: Mapping[str, str], max_bytes: int) -> Iterator[ReadResult]:
    """Standard input: raw bytes when available (so encodings are detected), else text."""
    buffer = getattr(stream, "buffer", None)
    if buffer is not None:
        data = _require_content(buffer.read(max_bytes + 1))
        if len(data) > max_bytes:
            raise _too_large(len(data), max_bytes)
        if is_gzip(data):
            data = _require_content(gunzip_limited(data, max_bytes))
        yield from _read_content(data, None, STDIN_ORIGIN, fields, max_bytes)
        return
    text = stream.read(max_bytes + 1)
    if len(text) > max_bytes:
        raise _too_large(len(text), max_bytes)
    if not text.strip():
        raise InputProblem(EMPTY, "empty input")
    encoding = getattr(stream, "encoding", None) or "utf-8"
    fmt = sniff_text_format(text)
    if fmt == "feed":
        yield from iter_feed_items(text.encode("utf-8"), STDIN_ORIGIN)
        return
    yield from _read_text(Decoded(text, encoding), fmt, STDIN_ORIGIN, fields)
