"""Analysis over stored events: dyadic relations, overviews, commitments, charts.

Every function takes a DuckDB connection (a `Store`'s `.con`, or the `Store`), the path
of a store file, or a Parquet dataset folder written by `dyad export --format parquet`.
Charts live in `dyad.analysis.charts` (imported on demand: it loads Altair).
"""

from dyad.analysis.commitments import PROMISED_ROOTS, commitments
from dyad.analysis.relations import cooperation_index, relations
from dyad.analysis.top import top

__all__ = ["PROMISED_ROOTS", "commitments", "cooperation_index", "relations", "top"]
