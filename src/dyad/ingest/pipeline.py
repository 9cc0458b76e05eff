"""From a raw Document to a prepared one: clean text, metadata, dateline, language, id."""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterator, Mapping, Sequence
from typing import Any, TextIO

from dyad.ingest.clean import clean_text
from dyad.ingest.dateline import Dateline, locate_dateline, read_leading_metadata
from dyad.ingest.dates import parse_date_text
from dyad.ingest.dating import has_own_date, settle_date
from dyad.ingest.dedup import document_id
from dyad.ingest.lang import detect_language
from dyad.ingest.readers import DEFAULT_MAX_BYTES, iter_inputs
from dyad.ingest.results import NO_TEXT, read_error
from dyad.memory import LONG_TEXT_CHARS, release_free_memory
from dyad.models import Document, ReadError

_EDITORIAL_NOTE = re.compile(r"\[[^\[\]]*\]")
_RECORD_LINE = re.compile(r"^(?P<path>.+):(?P<line>\d+)$")


def prepare_document(doc: Document) -> Document:
    """A copy of `doc` ready for analysis.

    The text is cleaned; leading metadata lines fill fields the reader left
    empty; the dateline gives place and agency, and is cut off together with
    any headline above it, so the text starts with the article's first words;
    the date is settled from the best evidence (`dyad.ingest.dating`); then
    language and `doc_id` are set.
    """
    doc = dataclasses.replace(doc, extra=dict(doc.extra))
    metadata, text = read_leading_metadata(clean_text(doc.text))
    _apply_metadata(doc, metadata)
    text = _apply_dateline(doc, text)
    language, score = detect_language(text)
    doc.text = text
    doc.language = language
    doc.extra["language_score"] = score
    doc.doc_id = document_id(text)
    return doc


def iter_prepared(
    paths: Sequence[str],
    *,
    field_map: Mapping[str, str] | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
    stdin: TextIO | None = None,
) -> Iterator[Document | ReadError]:
    """`iter_inputs` followed by `prepare_document`; empty articles become ReadErrors."""
    for item in iter_inputs(paths, field_map=field_map, max_bytes=max_bytes, stdin=stdin):
        if isinstance(item, ReadError):
            yield item
            continue
        prepared, origin = prepare_document(item), item.origin
        del item  # the raw text is let go while the prepared document is coded
        if len(prepared.text) > LONG_TEXT_CHARS:
            release_free_memory()  # the heap its cleaning grew
        yield prepared if prepared.text else _no_text_error(origin)


def _no_text_error(origin: str) -> ReadError:
    # A JSON Lines origin "path:12" is reported as path + line like other line errors.
    match = _RECORD_LINE.match(origin)
    if match:
        line = int(match["line"])
        return read_error(match["path"], f"line {line}: no article text after cleaning", NO_TEXT, line)
    return read_error(origin, "no article text after cleaning", NO_TEXT)


def _apply_metadata(doc: Document, metadata: dict[str, str]) -> None:
    if not metadata:
        return
    doc.extra["metadata"] = metadata
    if not has_own_date(doc) and "date" in metadata:
        found = parse_date_text(metadata["date"])
        if found is not None:
            doc.date, doc.date_source = found, "article"
    doc.title = doc.title or metadata.get("title")
    doc.source = doc.source or metadata.get("source")
    doc.url = doc.url or metadata.get("url")
    doc.author = doc.author or metadata.get("author")


def _apply_dateline(doc: Document, text: str) -> str:
    """Record the dateline and return the text from the article's first words."""
    # A fetch or file date only bounds the publication date: `settle_date` resolves a
    # year-less dateline against it.
    found = locate_dateline(text, doc.date if has_own_date(doc) else None)
    if found is None:
        settle_date(doc, None)
        return _drop_repeated_title(text, doc.title)
    start, dateline = found
    _apply_preamble(doc, text[:start])
    _record_dateline(doc, dateline)
    settle_date(doc, dateline)
    return text[dateline.end :].strip()


def _record_dateline(doc: Document, dateline: Dateline) -> None:
    doc.place = doc.place or dateline.place
    doc.agency = doc.agency or dateline.agency
    found: dict[str, Any] = {"place": dateline.place, "agency": dateline.agency}
    if dateline.country_hint:
        found["country_hint"] = dateline.country_hint
    if dateline.date:
        found["date"] = dateline.date.isoformat()
    if dateline.month_day:
        # No year to pin the day to; later stages may know the publication year.
        found["month_day"] = "{:02d}-{:02d}".format(*dateline.month_day)
    doc.extra["dateline"] = found


def _apply_preamble(doc: Document, preamble: str) -> None:
    """Lines above the dateline: bracketed editorial notes, and the headline."""
    for line in filter(None, (line.strip() for line in preamble.split("\n"))):
        if _EDITORIAL_NOTE.fullmatch(line):
            doc.extra.setdefault("notes", []).append(line[1:-1].strip())
        elif doc.title is None:
            doc.title = line
        elif line.casefold() != doc.title.casefold():
            doc.extra.setdefault("preamble", []).append(line)


def _drop_repeated_title(text: str, title: str | None) -> str:
    if title:
        first, _, rest = text.partition("\n")
        if first.strip().casefold() == title.strip().casefold():
            return rest.strip()
    return text.strip()
