"""Pausing Python's cyclic garbage collector while we build large, long-lived structures.

Reading a big catalog, validating it and laying out a report allocate millions of small objects that
all stay alive; the collector would walk them again and again (each full collection visits every
tracked object) and free nothing. Reference counting still frees everything that is not part of a
cycle while the collector is paused. Measured in benchmarks/RESULTS.md.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager, nullcontext


@contextmanager
def frozen() -> Iterator[None]:
    """Every object alive now is kept out of collections until the block ends. Around a fork, this
    also stops the collector writing to (and so copying) the memory pages a child shares with us."""
    gc.freeze()
    try:
        yield
    finally:
        gc.unfreeze()


@contextmanager
def paused(*, freeze: bool = False) -> Iterator[None]:
    """No cyclic collection inside the block; the previous state is restored after it.

    `freeze`: also keep every object alive before the block out of later collections until the block
    ends (worth it when the block itself allocates cycles and collects, as WeasyPrint's layout does)."""
    was_enabled = gc.isenabled()
    with frozen() if freeze else nullcontext():
        gc.disable()
        try:
            yield
        finally:
            if was_enabled:
                gc.enable()
