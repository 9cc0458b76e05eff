"""The request parameters, as FastAPI/pydantic types: FastAPI validates them, and
`describe_errors` turns its complaints into one readable sentence per parameter.

Empty values (an HTML form's untouched field) mean "any": every optional parameter maps a
blank string to None before it is validated.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Annotated, Any, Literal

from fastapi import Depends, HTTPException, Query
from pydantic import BeforeValidator, Field, StringConstraints

from dyad.analysis.relations import FREQS, Freq
from dyad.web import queries

MAX_LIMIT = 1000
CODE_PATTERN = r"^[A-Za-z0-9\-]{3,24}$"  # as dyad.analysis accepts: PAK, PAKGOV, IGOUNO
CAMEO_PATTERN = r"^\d{2,4}$"
ID_PATTERN = r"^[0-9a-fA-F]{1,64}$"
PATTERN_NAMES = {
    CODE_PATTERN: "an actor code (3 to 24 letters, digits or '-')",
    CAMEO_PATTERN: "a CAMEO code (2 to 4 digits)",
    ID_PATTERN: "a document id (hex digits)",
}


def _blank_is_none(value: Any) -> Any:
    if isinstance(value, str):
        return value.strip() or None
    return value


Blank = BeforeValidator(_blank_is_none)
ActorCode = Annotated[str, StringConstraints(pattern=CODE_PATTERN, to_upper=True)]
OptCode = Annotated[ActorCode | None, Blank]
OptCameo = Annotated[Annotated[str, StringConstraints(pattern=CAMEO_PATTERN)] | None, Blank]
OptDocId = Annotated[Annotated[str, StringConstraints(pattern=ID_PATTERN)] | None, Blank]
OptDate = Annotated[dt.date | None, Blank]

Limit = Annotated[int, Query(ge=1, le=MAX_LIMIT, description=f"rows per page, 1–{MAX_LIMIT}")]
Offset = Annotated[int, Query(ge=0, description="rows to skip")]
DateFrom = Annotated[OptDate, Query(alias="from", description="first date, YYYY-MM-DD")]
DateTo = Annotated[OptDate, Query(alias="to", description="last date, YYYY-MM-DD")]
QuadQ = Annotated[Annotated[int, Field(ge=1, le=4)] | None, Blank, Query(description="quad class 1–4")]
ModeQ = Annotated[queries.Mode | None, Blank, Query(description=" | ".join(queries.MODES))]
FreqQ = Annotated[Freq | None, Blank, Query(description=" | ".join(FREQS))]
DirectedQ = Annotated[bool | None, Blank, Query(description="1: only a → b")]
CountQ = Annotated[
    Literal["events", "mentions", "daily"] | None, Blank,
    Query(description="events (one per story, the default) | mentions (every article's report) | daily"),
]  # fmt: skip


@dataclass(frozen=True)
class DateRange:
    start: dt.date | None
    end: dt.date | None


def date_range(date_from: DateFrom = None, date_to: DateTo = None) -> DateRange:
    """The `from`/`to` window; one that ends before it starts is refused."""
    if date_from and date_to and date_from > date_to:
        raise HTTPException(400, f"from ({date_from}) is after to ({date_to})")
    return DateRange(date_from, date_to)


Window = Annotated[DateRange, Depends(date_range)]


def event_filter(
    window: Window,
    source: Annotated[OptCode, Query(description="source actor code (PAK, PAKGOV)")] = None,
    target: Annotated[OptCode, Query(description="target actor code")] = None,
    actor: Annotated[OptCode, Query(description="actor on either side")] = None,
    a: Annotated[OptCode, Query(description="dyad member a (with b)")] = None,
    b: Annotated[OptCode, Query(description="dyad member b (with a)")] = None,
    directed: DirectedQ = None,
    cameo_root: Annotated[OptCameo, Query(description="CAMEO root, e.g. 03")] = None,
    cameo: Annotated[OptCameo, Query(description="CAMEO code prefix, e.g. 036")] = None,
    quad_class: QuadQ = None,
    mode: ModeQ = None,
    doc_id: Annotated[OptDocId, Query(description="document id")] = None,
) -> queries.EventFilter:
    """The events API's filter, from its query parameters."""
    if (a is None) != (b is None):
        raise HTTPException(400, "a and b: give both dyad members, or neither")
    return queries.EventFilter(
        source=source, target=target, actor=actor, a=a, b=b, directed=bool(directed),
        cameo_root=cameo_root, cameo=cameo, quad_class=quad_class, mode=mode,
        date_from=window.start, date_to=window.end, doc_id=doc_id,
    )  # fmt: skip


EventQuery = Annotated[queries.EventFilter, Depends(event_filter)]


def describe_errors(errors: Sequence[Any]) -> str:
    """One sentence per invalid parameter: "from: '2026-13-01' is not a date; use YYYY-MM-DD"."""
    return "; ".join(_describe(e) for e in errors)


def _describe(error: Any) -> str:
    loc = [str(p) for p in error.get("loc", ()) if p not in ("query", "path", "body")]
    name = ".".join(loc) or "request"
    kind = str(error.get("type", ""))
    given = error.get("input")
    if kind == "string_pattern_mismatch":
        what = PATTERN_NAMES.get(str((error.get("ctx") or {}).get("pattern")), "valid")
        return f"{name}: {given!r} is not {what}"
    if kind.startswith(("date_", "datetime_")):
        return f"{name}: {given!r} is not a date; use YYYY-MM-DD"
    message = str(error.get("msg", "invalid")).removeprefix("Value error, ")
    return f"{name}: {message}"


def is_id(value: str) -> bool:
    """Whether `value` can be an event or document id (or a prefix of one)."""
    return re.fullmatch(ID_PATTERN, value) is not None
