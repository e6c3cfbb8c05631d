"""Pause the cyclic garbage collector while a large match runs.

The matcher creates hundreds of thousands of small tuples and pairs and no reference cycles, so the collector
finds nothing to free, yet each of its passes walks the caller's whole heap. Reference counting still frees
memory as usual while paused; the previous state is always restored (the allocation engine does the same).
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def paused_gc() -> Iterator[None]:
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()
