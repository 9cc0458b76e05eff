"""Documents and events looked up by id through the table's index, not by a scan.

A batch asks the store about its own documents only (are they stored, coded, near
duplicates of which?). `doc_id IN (SELECT unnest(?))` makes DuckDB scan the whole id
column; a writer's store is made of one small row group a batch, packed with the other
columns' data into shared blocks, so such a scan reads the whole file: 186 MB and 72 ms a
lookup in a store of 142,000 articles, more with every batch. A list of constants
(`doc_id IN (?, ?, …)`) is answered from the primary key's index instead: 10 MB and 13 ms,
whatever the size of the store.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any

# Ids a statement asks for at once: DuckDB answers from the index while a statement
# matches at most `index_scan_max_count` rows (2048 by default).
ID_CHUNK = 1000


def id_chunks(ids: Sequence[str]) -> Iterator[tuple[str, list[str]]]:
    """`(?, ?, …)` and its values, for ID_CHUNK ids at a time."""
    unique = list(dict.fromkeys(ids))
    for start in range(0, len(unique), ID_CHUNK):
        chunk = unique[start : start + ID_CHUNK]
        yield "(" + ", ".join("?" * len(chunk)) + ")", chunk


def rows_by_id(con: Any, sql: str, ids: Sequence[str]) -> list[tuple[Any, ...]]:
    """The rows of `sql` (whose `{ids}` stands for the id list) for every id."""
    rows: list[tuple[Any, ...]] = []
    for placeholders, chunk in id_chunks(ids):
        rows.extend(con.execute(sql.format(ids=placeholders), chunk).fetchall())
    return rows


def run_by_id(con: Any, sql: str, ids: Sequence[str]) -> None:
    """Run the statement `sql` (a DELETE or UPDATE whose `{ids}` stands for the id list)."""
    for placeholders, chunk in id_chunks(ids):
        # Fetched to the end: DuckDB refuses the connection's next statement while a
        # result (here, the count of rows changed) is left unread.
        con.execute(sql.format(ids=placeholders), chunk).fetchall()
