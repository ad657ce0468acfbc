"""Prometheus metrics.

With several worker processes, `goldbox serve` sets PROMETHEUS_MULTIPROC_DIR before the workers
start; every process then writes its samples there and `/metrics` (answered by any one worker)
adds them up, so the figures are the server's and not one worker's.
"""

from __future__ import annotations

import os
import weakref
from bisect import bisect_left
from typing import Any

from prometheus_client import (
    CONTENT_TYPE_LATEST,
    REGISTRY,
    CollectorRegistry,
    Counter,
    Gauge,
    Histogram,
    generate_latest,
    multiprocess,
)

MULTIPROC_ENV = "PROMETHEUS_MULTIPROC_DIR"

_LATENCY_BUCKETS = (0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0)

HTTP_REQUESTS = Counter(
    "goldbox_http_requests_total", "HTTP requests answered.", ["method", "route", "status"]
)
HTTP_DURATION = Histogram(
    "goldbox_http_request_duration_seconds",
    "Time to answer an HTTP request.",
    ["method", "route"],
    buckets=_LATENCY_BUCKETS,
)
# One histogram serves for calls and durations: its `_count` is the number of calls, by outcome.
# (A separate counter cost a second update on the hottest path in the server.)
RPC_CALLS = Histogram(
    "goldbox_rpc_call_duration_seconds",
    "Time to handle one RPC call, by outcome code (ok or GBX_…); `_count` counts the calls.",
    ["method", "transport", "outcome"],
    buckets=_LATENCY_BUCKETS,
)
WS_OPEN = Gauge(
    "goldbox_websocket_connections", "WebSocket connections open now.", multiprocess_mode="livesum"
)
WS_MESSAGES = Counter(
    "goldbox_websocket_messages_total", "WebSocket messages, by direction (in or out).", ["direction"]
)
DB_POOL_IN_USE = Gauge(
    "goldbox_db_pool_connections_in_use",
    "Database connections checked out of the pool now.",
    multiprocess_mode="livesum",
)

GAME_SUBSCRIPTIONS = Gauge(
    "goldbox_game_subscriptions",
    "Live game event subscriptions (WebSocket and SSE) now.",
    multiprocess_mode="livesum",
)
GAME_EVENTS = Counter(
    "goldbox_game_events_total",
    "Game events to subscribers, by outcome: delivered, or dropped when a subscriber fell behind.",
    ["outcome"],
)
GAME_EVENTS_DELIVERED = GAME_EVENTS.labels("delivered")
GAME_EVENTS_DROPPED = GAME_EVENTS.labels("dropped")

GENIUS_ROUND_LATENESS = Histogram(
    "goldbox_genius_round_lateness_seconds",
    "How late a Genius match's round resolved after its deadline or pace (committed minus scheduled), "
    "by what resolved it: the timer of the process that wrote it, or the sweep of the deadline column.",
    ["by"],
    buckets=(0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0),
)


class _Children:
    """Labelled children of one metric, looked up once: `labels()` is too slow for every call.

    Label values come from small closed sets (route templates, method names, error codes), so the
    cache stays small.
    """

    def __init__(self, metric: Any) -> None:
        self._metric = metric
        self._children: dict[tuple[str, ...], Any] = {}

    def __call__(self, *values: str) -> Any:
        child = self._children.get(values)
        if child is None:
            child = self._children[values] = self._metric.labels(*values)
        return child


def _add_observations(child: Any, counts: list[float]) -> None:
    """Many observations of one histogram child at once: their sum, then a count per bucket.

    `prometheus_client` has no public way to add a batch, so this writes the child's sum and
    bucket values as `Histogram.observe` does; a unit test holds the samples equal to observe's.
    """
    child._sum.inc(counts[0])
    for bucket, count in zip(child._buckets, counts[1:], strict=True):
        if count:
            bucket.inc(count)


_http_requests = _Children(HTTP_REQUESTS)
_http_duration = _Children(HTTP_DURATION)
_rpc_calls = _Children(RPC_CALLS)
_RPC_BOUNDS: list[float] = [*_LATENCY_BUCKETS, float("inf")]
_ws_messages_in = WS_MESSAGES.labels("in")
_ws_messages_out = WS_MESSAGES.labels("out")


def observe_http(method: str, route: str, status: int, seconds: float) -> None:
    _http_requests(method, route, str(status)).inc()
    _http_duration(method, route).observe(seconds)


def observe_rpc(method: str, transport: str, outcome: str, seconds: float) -> None:
    _rpc_calls(method, transport, outcome).observe(seconds)


def count_ws_message_in() -> None:
    _ws_messages_in.inc()


def count_ws_message_out() -> None:
    _ws_messages_out.inc()


class MessageTally:
    """One WebSocket's metrics, handed to Prometheus in one go rather than a lock or two per frame.

    The socket adds to `messages_in` and `messages_out` (plain ints: one event loop) and the
    engine to the RPC histogram's counts through `observe_rpc`; `flush` moves them all to the
    metrics. Sockets flush on their watchdog's tick (at least once a second) and when they close,
    and every open tally is flushed before this process answers a scrape: a scrape of this process
    is exact, and another worker's figures lag by at most that tick.
    """

    __slots__ = ("__weakref__", "_rpc", "messages_in", "messages_out", "transport")

    def __init__(self, transport: str) -> None:
        self.transport = transport
        self.messages_in = 0
        self.messages_out = 0
        # (method, outcome) -> [sum of seconds, then one count per bucket]
        self._rpc: dict[tuple[str, str], list[float]] = {}
        _open_tallies.add(self)

    def observe_rpc(self, method: str, outcome: str, seconds: float) -> None:
        counts = self._rpc.get((method, outcome))
        if counts is None:
            counts = self._rpc[(method, outcome)] = [0.0] * (len(_RPC_BOUNDS) + 1)
        counts[0] += seconds
        counts[bisect_left(_RPC_BOUNDS, seconds) + 1] += 1

    def flush(self) -> None:
        if self.messages_in:
            _ws_messages_in.inc(self.messages_in)
            self.messages_in = 0
        if self.messages_out:
            _ws_messages_out.inc(self.messages_out)
            self.messages_out = 0
        if self._rpc:
            pending, self._rpc = self._rpc, {}
            for (method, outcome), counts in pending.items():
                _add_observations(_rpc_calls(method, self.transport, outcome), counts)

    def close(self) -> None:
        """Flush, and stop being flushed at scrapes."""
        self.flush()
        _open_tallies.discard(self)


_open_tallies: weakref.WeakSet[MessageTally] = weakref.WeakSet()


def flush_tallies() -> None:
    for tally in list(_open_tallies):
        tally.flush()


def render_latest() -> tuple[bytes, str]:
    """The exposition text for a scrape: every process's samples when running multi-process."""
    flush_tallies()
    if os.environ.get(MULTIPROC_ENV):
        registry = CollectorRegistry()
        multiprocess.MultiProcessCollector(registry)  # type: ignore[no-untyped-call]
        return generate_latest(registry), CONTENT_TYPE_LATEST
    return generate_latest(REGISTRY), CONTENT_TYPE_LATEST


def forget_this_process() -> None:
    """Drop this process's live gauges from the shared directory when it exits."""
    if os.environ.get(MULTIPROC_ENV):
        multiprocess.mark_process_dead(os.getpid())  # type: ignore[no-untyped-call]
