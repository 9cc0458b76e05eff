"""What every reader yields, and the kinds of read errors it can report.

`kind` lets a caller group or filter errors without parsing messages; the
message is written for a person reading a log.
"""

from __future__ import annotations

from typing import Final, TypeAlias

from dyad.models import Document, ReadError

ReadResult: TypeAlias = Document | ReadError

MISSING: Final = "missing"  # path or glob that names nothing
PERMISSION: Final = "permission"
UNREADABLE: Final = "unreadable"  # any other OS-level failure
TOO_LARGE: Final = "too_large"
EMPTY: Final = "empty"
BINARY: Final = "binary"
ENCODING: Final = "encoding"
GZIP: Final = "gzip"
JSON: Final = "json"
NO_TEXT: Final = "no_text"
WARC: Final = "warc"
FEED: Final = "feed"


def read_error(origin: str, message: str, kind: str, line: int | None = None) -> ReadError:
    return ReadError(origin=origin, message=message, line=line, kind=kind)


class InputProblem(Exception):
    """Raised inside the ingest helpers; the reader turns it into a ReadError.

    Helpers deep in a format raise instead of returning unions so each one stays
    short; the per-file loop in `readers` is the only place that catches it.
    """

    def __init__(self, kind: str, message: str, line: int | None = None) -> None:
        super().__init__(message)
        self.kind = kind
        self.message = message
        self.line = line

    def to_error(self, origin: str) -> ReadError:
        return read_error(origin, self.message, self.kind, self.line)
