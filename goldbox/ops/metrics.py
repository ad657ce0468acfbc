"""Prometheus metrics.

With several worker processes, `goldbox serve` sets PROMETHEUS_MULTIPROC_DIR before the workers
start; every process then writes its samples there and `/metrics` (answered by any one worker)
adds them up, so the figures are the server's and not one worker's.
"""

from __future__ import annotations

import os
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


_http_requests = _Children(HTTP_REQUESTS)
_http_duration = _Children(HTTP_DURATION)
_rpc_calls = _Children(RPC_CALLS)
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


def render_latest() -> tuple[bytes, str]:
    """The exposition text for a scrape: every process's samples when running multi-process."""
    if os.environ.get(MULTIPROC_ENV):
        registry = CollectorRegistry()
        multiprocess.MultiProcessCollector(registry)  # type: ignore[no-untyped-call]
        return generate_latest(registry), CONTENT_TYPE_LATEST
    return generate_latest(REGISTRY), CONTENT_TYPE_LATEST


def forget_this_process() -> None:
    """Drop this process's live gauges from the shared directory when it exits."""
    if os.environ.get(MULTIPROC_ENV):
        multiprocess.mark_process_dead(os.getpid())  # type: ignore[no-untyped-call]
