"""Ingest: read articles from files, folders, archives and feeds, and prepare them.

`iter_prepared(paths)` is the whole stage: readers yield raw `Document`s and
`ReadError`s; `prepare_document` cleans each text, reads its dateline and
language, and gives it a stable id.
"""

from dyad.ingest.clean import clean_text
from dyad.ingest.dateline import Dateline, parse_dateline, read_leading_metadata
from dyad.ingest.dedup import NearDuplicateIndex, document_id, normalise_for_hash
from dyad.ingest.lang import detect_language
from dyad.ingest.pipeline import iter_prepared, prepare_document
from dyad.ingest.readers import iter_inputs

__all__ = [
    "Dateline",
    "NearDuplicateIndex",
    "clean_text",
    "detect_language",
    "document_id",
    "iter_inputs",
    "iter_prepared",
    "normalise_for_hash",
    "parse_dateline",
    "prepare_document",
    "read_leading_metadata",
]
