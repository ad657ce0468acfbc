"""Garbage-collector settings for a serving process: fewer, cheaper collections, so no request waits
behind a long one.

With CPython's defaults a busy worker ran a full (generation 2) collection every few seconds, each
100-130 ms long, while requests waited (the load test's p99 was those pauses). Two reasons: every
few hundred allocations a young collection promoted the objects of requests still in flight, so
generation 2 filled with short-lived garbage, and every full collection walked everything loaded at
start (content, modules, the ORM's metadata), which never dies. So, once the server has started:
collect once and freeze what is alive (the collector no longer walks it), and let the young
generation grow to tens of thousands of objects before it is collected (a request's objects die by
reference counting long before). Cycles are still collected; memory held by them is freed later.
"""

from __future__ import annotations

import gc

YOUNG_THRESHOLD = 50_000
"""Allocations (net of frees) before a young collection; CPython's default is 700 (2,000 in 3.13)."""
MIDDLE_THRESHOLD = 20
OLD_THRESHOLD = 10


def tune_for_serving() -> None:
    """Call once, when the process has loaded everything it keeps for its lifetime."""
    gc.collect()
    gc.freeze()
    gc.set_threshold(YOUNG_THRESHOLD, MIDDLE_THRESHOLD, OLD_THRESHOLD)
