"""Fewer garbage collections while a document is laid out.

WeasyPrint builds hundreds of thousands of small objects per document (boxes, styles, line
layouts), and the cyclic collector walks every live object each time the oldest generation is
collected: a large share of a long report's render went to those walks (bench/FIGURES.md).
During a render the objects that existed before it (modules, the meeting view,
caches) are frozen out of the collector's sight and collections are made rarer; what the
render left is collected at its end, and both are restored, so nothing is kept alive that
would have been freed.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager

#: Allocations between young collections, then young collections per middle one and middle
#: ones per full one, while rendering (CPython's defaults are 700, 10, 10).
RENDER_THRESHOLDS = (50_000, 20, 100)


@contextmanager
def fewer_collections() -> Iterator[None]:
    """Render inside this: what exists before is not scanned, collections are rarer."""
    before = gc.get_threshold()
    gc.freeze()
    gc.set_threshold(*RENDER_THRESHOLDS)
    try:
        yield
    finally:
        gc.set_threshold(*before)
        # What the render left in cycles is freed now, while the older objects are still
        # frozen (so this walks only what the render made): with collections this rare, it
        # would otherwise reach the oldest generation and wait there, render after render
        # (a batch in one process grew steadily: bench/FIGURES.md).
        gc.collect()
        gc.unfreeze()
