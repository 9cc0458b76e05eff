"""The default coder, built once in the worker pool's fork server.

`runner._context` has the fork server import this module before it forks any worker: the
coder (dictionaries, lexicon, the spaCy model, loaded by coding a short text) is built
there once, and every worker forked from the server starts with a copy of it instead of
building its own, a second or two of CPU each that a small machine takes from coding.
A coder that cannot be built here is left to the workers, which report why.
"""

from __future__ import annotations

import gc
from typing import TYPE_CHECKING

from dyad.models import Document
from dyad.scale.runner import CoderSpec

if TYPE_CHECKING:
    from dyad.events.document import Coder

WARM_TEXT = "The two governments met on Monday and agreed to hold further talks."


def _build() -> Coder | None:
    try:
        coder = CoderSpec().build()
        list(coder.code_documents([Document(text=WARM_TEXT, doc_id="warm", origin="warm")]))
    except Exception:  # the workers build their own and report the error
        return None
    return coder


CODER = _build()
# What the workers inherit stays out of the collector's reach: its passes would write to
# every shared page and copy it into each worker.
gc.freeze()
