"""The one pure ASGI layer every request passes through.

For HTTP it gives the request its correlation id, adds the security headers and `X-Request-ID`
to the response (a response that brings its own Content-Security-Policy keeps it: the browser
client's is stricter than the default), refuses a body over `max_body_bytes` (413) before reading
it into memory, stops a request running past `request_timeout_s` (504), turns any failure below
into a JSON 500 (never a traceback), and records metrics and the access log. WebSockets get their correlation id here; the
socket handles the rest itself.

It is one layer rather than one per concern because each layer costs a coroutine, a send wrapper
and a try block on every request, and together they were a third of the cost of `system.ping`.
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
DEADLINE = "goldbox.deadline"
"""The scope key of the request's `asyncio.Timeout`. An endpoint that streams for as long as the
client listens (Server-Sent Events) lifts it, once its request is checked, with
`scope[DEADLINE].reschedule(None)`."""
_HEADER_BYTES = HEADER.encode()

CSP = b"content-security-policy"
BASE_SECURITY_HEADERS: tuple[tuple[bytes, bytes], ...] = (
    (b"x-content-type-options", b"nosniff"),
    (b"x-frame-options", b"DENY"),
    (b"referrer-policy", b"no-referrer"),
    (b"cross-origin-opener-policy", b"same-origin"),
    (b"cross-origin-resource-policy", b"same-origin"),
)
DEFAULT_POLICY = (
    CSP,
    b"default-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
    b"frame-ancestors 'none'; base-uri 'none'; form-action 'self'",
)
"""The Content-Security-Policy of every response that does not bring its own."""
HSTS = (b"strict-transport-security", b"max-age=31536000; includeSubDomains")


def route_label(scope: Scope) -> str:
    """The route template (`/games/{id}`), never the raw path: metrics must not grow with ids."""
    route = scope.get("route")
    path = getattr(route, "path", None)
    return path if isinstance(path, str) else UNMATCHED_ROUTE


class _BodyTooLarge(Exception):
    pass


def _has_policy(headers: Any) -> bool:
    """Whether a response sets its own Content-Security-Policy (a few headers to look at)."""
    return any(name == CSP for name, _value in headers)


class _Exchange:
    """One HTTP request's way out: adds our headers, and remembers whether and how it answered.

    The layer may still answer with an error of its own only while nothing has been sent.
    """

    __slots__ = ("_headers", "_max_bytes", "_receive", "_send", "received", "started", "status")

    def __init__(
        self, send: Send, receive: Receive, headers: list[tuple[bytes, bytes]], max_bytes: int
    ) -> None:
        """`headers` go on every response; the last of them is the default policy."""
        self._send = send
        self._receive = receive
        self._headers = headers
        self._max_bytes = max_bytes
        self.started = False
        self.status = 500
        self.received = 0

    async def send(self, message: Message) -> None:
        if message["type"] == "http.response.start":
            self.started = True
            self.status = message["status"]
            own = message.get("headers", ())
            ours = self._headers[:-1] if _has_policy(own) else self._headers
            message["headers"] = [*own, *ours]
        await self._send(message)

    async def receive(self) -> Message:
        """The request's body, counted as it arrives: a client may lie about or omit its length."""
        message = await self._receive()
        if message["type"] == "http.request":
            self.received += len(message.get("body", b""))
            if self.received > self._max_bytes:
                raise _BodyTooLarge
        return message


class EdgeMiddleware:
    def __init__(
        self,
        app: ASGIApp,
        *,
        production: bool,
        access_log: bool,
        max_body_bytes: int,
        timeout_s: float,
    ) -> None:
        self.app = app
        self.security_headers = list(BASE_SECURITY_HEADERS) + ([HSTS] if production else [])
        self.access_log = access_log
        self.max_body_bytes = max_body_bytes
        self.timeout_s = timeout_s

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        kind = scope["type"]
        if kind != "http" and kind != "websocket":
            await self.app(scope, receive, send)
            return
        headers = Headers(scope=scope)
        correlation_id = accept_or_new(headers.get(HEADER))
        current_correlation_id.set(correlation_id)
        if kind == "websocket":
            await self.app(scope, receive, send)
            return
        started = time.perf_counter()
        exchange = _Exchange(
            send,
            receive,
            [(_HEADER_BYTES, correlation_id.encode()), *self.security_headers, DEFAULT_POLICY],
            self.max_body_bytes,
        )
        try:
            await self._answer(scope, exchange, headers.get("content-length"))
        finally:
            self._record(scope, exchange.status, time.perf_counter() - started)

    async def _answer(self, scope: Scope, exchange: _Exchange, declared_length: str | None) -> None:
        too_large = {"max_bytes": self.max_body_bytes}
        if declared_length and declared_length.isdigit() and int(declared_length) > self.max_body_bytes:
            await self._refuse(scope, exchange, errors.BODY_TOO_LARGE, too_large)
            return
        deadline = scope[DEADLINE] = asyncio.timeout(self.timeout_s)
        try:
            async with deadline:
                await self.app(scope, exchange.receive, exchange.send)
        except _BodyTooLarge:
            await self._refuse(scope, exchange, errors.BODY_TOO_LARGE, too_large)
        except Exception as exc:
            if isinstance(exc, TimeoutError) and deadline.expired():  # ours, not one the app raised
                log.warning("http_request_timed_out", path=scope.get("path"), timeout_s=self.timeout_s)
                await self._refuse(scope, exchange, errors.REQUEST_TIMEOUT, {"timeout_s": self.timeout_s})
            else:
                log.exception("http_request_failed", path=scope.get("path"))
                await self._refuse(scope, exchange, errors.INTERNAL_ERROR, None)

    @staticmethod
    async def _refuse(scope: Scope, exchange: _Exchange, code: errors.ErrorCode, details: Any) -> None:
        """Answer with a catalog error, unless the response has already begun (then just stop)."""
        if exchange.started:
            return
        response = error_json(code, current_correlation_id.get(), details)
        await response(scope, exchange.receive, exchange.send)

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
