"""Pure ASGI middleware: cheap enough to sit in front of every call.

- `RequestContextMiddleware`: correlation id, security headers, metrics, the access log, and a
  JSON 500 (never a traceback) when anything below fails.
- `BodyLimitMiddleware`: 413 past `max_body_bytes`, before the body is read into memory.
- `TimeoutMiddleware`: 504 past `request_timeout_s`.
"""

from __future__ import annotations

import asyncio
import time
from typing import Any

import structlog
from starlette.datastructures import Headers
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from goldbox.api import errors
from goldbox.ops import metrics
from goldbox.ops.correlation import HEADER, accept_or_new, current_correlation_id
from goldbox.transport.responses import error_json

log = structlog.get_logger("goldbox.http")

UNMATCHED_ROUTE = "<unmatched>"

BASE_SECURITY_HEADERS: tuple[tuple[bytes, bytes], ...] = (
    (b"x-content-type-options", b"nosniff"),
    (b"x-frame-options", b"DENY"),
    (b"referrer-policy", b"no-referrer"),
    (b"cross-origin-opener-policy", b"same-origin"),
    (b"cross-origin-resource-policy", b"same-origin"),
    (
        b"content-security-policy",
        b"default-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
        b"frame-ancestors 'none'; base-uri 'none'; form-action 'self'",
    ),
)
HSTS = (b"strict-transport-security", b"max-age=31536000; includeSubDomains")


def route_label(scope: Scope) -> str:
    """The route template (`/games/{id}`), never the raw path: metrics must not grow with ids."""
    route = scope.get("route")
    path = getattr(route, "path", None)
    return path if isinstance(path, str) else UNMATCHED_ROUTE


class WatchedSend:
    """Passes messages on, remembering whether the response has started and with what status.

    A middleware may answer with its own error only while nothing has been sent.
    """

    __slots__ = ("_send", "started", "status")

    def __init__(self, send: Send) -> None:
        self._send = send
        self.started = False
        self.status = 500

    async def __call__(self, message: Message) -> None:
        if message["type"] == "http.response.start":
            self.started = True
            self.status = message["status"]
        await self._send(message)


class RequestContextMiddleware:
    def __init__(self, app: ASGIApp, *, production: bool, access_log: bool) -> None:
        self.app = app
        self.headers = list(BASE_SECURITY_HEADERS) + ([HSTS] if production else [])
        self.access_log = access_log

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] not in ("http", "websocket"):
            await self.app(scope, receive, send)
            return
        correlation_id = accept_or_new(Headers(scope=scope).get(HEADER))
        current_correlation_id.set(correlation_id)
        if scope["type"] == "websocket":
            await self.app(scope, receive, send)
            return
        await self._http(scope, receive, send, correlation_id)

    async def _http(self, scope: Scope, receive: Receive, send: Send, correlation_id: str) -> None:
        started = time.perf_counter()
        extra_headers = [(HEADER.encode(), correlation_id.encode()), *self.headers]

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                message["headers"] = [*message.get("headers", ()), *extra_headers]
            await send(message)

        watched = WatchedSend(send_with_headers)
        try:
            await self.app(scope, receive, watched)
        except Exception:
            log.exception("http_request_failed", path=scope.get("path"))
            if not watched.started:
                await error_json(errors.INTERNAL_ERROR, correlation_id)(scope, receive, watched)
        finally:
            self._record(scope, watched.status, time.perf_counter() - started)

    def _record(self, scope: Scope, status: int, elapsed: float) -> None:
        metrics.observe_http(scope["method"], route_label(scope), status, elapsed)
        if self.access_log:
            log.info(
                "http_request",
                method=scope["method"],
                path=scope["path"],
                status=status,
                duration_ms=round(elapsed * 1000, 2),
            )


class _BodyTooLarge(Exception):
    pass


class BodyLimitMiddleware:
    def __init__(self, app: ASGIApp, *, max_bytes: int) -> None:
        self.app = app
        self.max_bytes = max_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        declared = Headers(scope=scope).get("content-length")
        if declared is not None and declared.isdigit() and int(declared) > self.max_bytes:
            await self._refuse(scope, receive, send)
            return
        received = 0
        watched = WatchedSend(send)

        async def counting_receive() -> Message:
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > self.max_bytes:
                    raise _BodyTooLarge
            return message

        try:
            await self.app(scope, counting_receive, watched)
        except _BodyTooLarge:
            if watched.started:
                raise
            await self._refuse(scope, receive, send)

    async def _refuse(self, scope: Scope, receive: Receive, send: Send) -> None:
        response = error_json(
            errors.BODY_TOO_LARGE, current_correlation_id.get(), details={"max_bytes": self.max_bytes}
        )
        await response(scope, receive, send)


class TimeoutMiddleware:
    def __init__(self, app: ASGIApp, *, seconds: float) -> None:
        self.app = app
        self.seconds = seconds

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        watched = WatchedSend(send)
        try:
            async with asyncio.timeout(self.seconds):
                await self.app(scope, receive, watched)
        except TimeoutError:
            log.warning("http_request_timed_out", path=scope.get("path"), timeout_s=self.seconds)
            if not watched.started:
                details: dict[str, Any] = {"timeout_s": self.seconds}
                await error_json(errors.REQUEST_TIMEOUT, current_correlation_id.get(), details)(
                    scope, receive, send
                )
