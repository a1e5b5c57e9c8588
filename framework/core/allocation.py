"""Pausing Python's cyclic garbage collector while a burst of objects is built.

Why: reading a definition builds a node per YAML key and value, then the
plain data, problems and the compiled spec. None of them form reference
cycles, but every 700 new objects Python's collector walks the young ones
and, as they survive, ever older generations: for the 0.9 MB hostile file
(180,000 nodes) that was a third of the parse. Inside :func:`collection_paused`
objects are still freed by reference counting as usual; only the cycle
search waits until the block ends.

Nesting and threads are safe: only the block that found the collector on
switches it back on, so it is never left off when the last block ends.
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
