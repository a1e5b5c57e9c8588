"""Pausing Python's cyclic garbage collector while a burst of objects is built.

Why: reading a definition builds a node per YAML key and value, then the
plain data, problems and the compiled spec. Every 700 new objects Python's
collector walks the young ones and, as they survive, ever older
generations: for the 0.9 MB hostile file (180,000 nodes) that was a third of
the parse. Inside :func:`collection_paused` objects are still freed by
reference counting as usual; only the search for cycles waits until the
block ends. Nodes and plain data form no cycles, and the YAML loaders, which
refer to themselves, have those references cut when they close
(``definition.parsers._opened``), so a pause holds no more memory than the
objects in use.

The collector is one per process: while a catalog is built (at start, on a
refresh, in a builder preview: well under a second) other threads' cycles
wait too. Nesting and threads cannot leave it off: only a block that found
it on switches it back on.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def collection_paused() -> Iterator[None]:
    """The cyclic collector off for the block (if it was on), back on after it."""
    was_on = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_on:
            gc.enable()
