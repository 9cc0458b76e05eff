"""Giving memory freed after a long text back to the system.

The C allocator keeps the heap it grew for a long text's pieces (its lines, its
sentences) for reuse; DuckDB allocates with an allocator of its own and never reuses
it, so the store write of a 50 MB text would add to that heap instead of taking its
place. After a long text is read, and before it is stored, `release_free_memory` asks
glibc to return the free heap (`malloc_trim`); elsewhere it does nothing.
"""

from __future__ import annotations

import ctypes
import ctypes.util
from functools import cache
from typing import Any

LONG_TEXT_CHARS = 1_000_000  # texts from which releasing the heap is worth a system call


@cache
def _libc() -> Any:
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6")
        return libc if hasattr(libc, "malloc_trim") else None
    except OSError:  # no C library by that name: not glibc, nothing to do
        return None


def release_free_memory() -> bool:
    """Return the C heap's free memory to the system; False where that is not possible."""
    libc = _libc()
    if libc is None:
        return False
    libc.malloc_trim(0)
    return True
