"""The ASGI application: routes, middleware, and the lifespan that owns the process's Services."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import structlog
from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.middleware import Middleware
from starlette.middleware.cors import CORSMiddleware
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route, WebSocketRoute

from goldbox import __version__
from goldbox.api import errors
from goldbox.api.methods import build_registry
from goldbox.api.registry import Registry
from goldbox.ops import gc_tuning, metrics
from goldbox.ops.config import Environment, Settings, load_settings
from goldbox.ops.correlation import current_correlation_id
from goldbox.ops.logging import configure_logging
from goldbox.service.services import Services
from goldbox.transport import docs_page, drain, health_routes, sse
from goldbox.transport.http_rpc import rpc_over_http
from goldbox.transport.middleware import EdgeMiddleware
from goldbox.transport.responses import error_json
from goldbox.transport.web_client import ClientRoute
from goldbox.transport.websocket import rpc_over_websocket

log = structlog.get_logger("goldbox.app")

_STATUS_ERRORS = {404: errors.NOT_FOUND, 405: errors.HTTP_METHOD_NOT_ALLOWED}


async def _http_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, HTTPException)
    code = _STATUS_ERRORS.get(exc.status_code, errors.NOT_FOUND)
    response = error_json(code, current_correlation_id.get(), details={"path": request.url.path})
    response.headers.update(exc.headers or {})  # e.g. the Allow header a 405 must carry
    return response


def create_app(settings: Settings | None = None, registry: Registry | None = None) -> Starlette:
    """Build the server. With no arguments (as uvicorn's factory), read settings from the environment."""
    settings = settings or load_settings()
    registry = registry or build_registry()
    configure_logging(settings.log_level, settings.json_logs)

    @asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        services = Services.start(settings, registry)
        await services.open()
        app.state.services = services
        undo_signals = drain.install_on_signals(services)
        if settings.gc_tuning:
            gc_tuning.tune_for_serving()
        if settings.secret_key is None:
            log.warning("ephemeral_secret", hint="set GOLDBOX_SECRET_KEY so tokens survive a restart")
        log.info("server_started", version=__version__, env=settings.env.value, database=_safe_url(settings))
        try:
            yield
        finally:
            undo_signals()
            await services.close()
            metrics.forget_this_process()
            log.info("server_stopped")

    routes = [
        Route("/rpc", rpc_over_http, methods=["POST"]),
        WebSocketRoute("/ws", rpc_over_websocket),
        Route("/games/{game_id}/events", sse.game_events_stream),
        Route("/health/live", health_routes.live),
        Route("/health/ready", health_routes.ready),
        Route("/health", health_routes.full),
        Route("/metrics", health_routes.prometheus),
        Route("/api/docs", docs_page.docs_page),
        Route("/api/openrpc.json", docs_page.openrpc_json),
        ClientRoute(),  # the browser client at /: last, for the paths no route above takes
    ]
    middleware = [
        Middleware(
            EdgeMiddleware,
            production=settings.env is Environment.PRODUCTION,
            access_log=settings.access_log,
            max_body_bytes=settings.max_body_bytes,
            timeout_s=settings.request_timeout_s,
        ),
        Middleware(
            CORSMiddleware,
            allow_origins=settings.cors_origins,
            allow_methods=["GET", "POST"],
            allow_headers=["authorization", "content-type", "x-api-key", "x-request-id", "last-event-id"],
            expose_headers=[
                "x-request-id",
                "retry-after",
                "x-ratelimit-limit",
                "x-ratelimit-remaining",
                "x-ratelimit-reset",
            ],
            max_age=600,
        ),
    ]
    return Starlette(
        routes=routes,
        middleware=middleware,
        lifespan=lifespan,
        exception_handlers={HTTPException: _http_error},
    )


def _safe_url(settings: Settings) -> str:
    """The database URL with any password masked, fit for a log line."""
    from sqlalchemy.engine import make_url

    return make_url(settings.database_url).render_as_string(hide_password=True)
