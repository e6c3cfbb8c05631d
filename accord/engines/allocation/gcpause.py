"""Pause the cyclic garbage collector while a large allocation is built.

The engine allocates hundreds of thousands of small lists and tuples and creates no reference cycles, so the
collector finds nothing to free; yet each of its full passes walks the caller's whole heap (a 100,000-student
cohort is millions of objects), which cost about 30% of a large run. Reference counting still frees memory
as usual while paused. The pause is process-wide, so it is kept to the engine's own calls and the previous
state is always restored.
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
