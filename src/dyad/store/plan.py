"""What one batch written by `Store.add_coded_tables` will do: its counts, which documents
are new, their near-duplicate marks, which stored ones are coded again."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass
class WriteResult:
    new: int = 0
    existing: int = 0
    near_duplicates: int = 0


@dataclass
class CodedPlan:
    """What `add_coded_tables` will write: which documents are new, their signatures and
    near-duplicate marks, which stored documents get coded now and which keep events."""

    result: WriteResult = field(default_factory=WriteResult)
    new_mask: list[bool] = field(default_factory=list)
    new_signatures: list[bytes] = field(default_factory=list)
    new_duplicate_of: list[str | None] = field(default_factory=list)
    duplicate_of: dict[str, str | None] = field(default_factory=dict)
    recode_ids: list[str] = field(default_factory=list)  # stored before, coded (again) now
    keep_events: set[str] = field(default_factory=set)


def first_of_each(table: Any, key: str) -> Any:
    """Rows of `table` with the first occurrence of each `key` (a document read twice in
    one batch has its events twice)."""
    import pyarrow as pa

    seen: set[Any] = set()
    mask = []
    for value in table.column(key).to_pylist():
        mask.append(value not in seen)
        seen.add(value)
    return table.filter(pa.array(mask, pa.bool_()))
