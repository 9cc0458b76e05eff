"""The DuckDB store: schema, writes and reads."""

from dyad.store.store import DEFAULT_DB, Store, StoreError, open_store

__all__ = ["DEFAULT_DB", "Store", "StoreError", "open_store"]
