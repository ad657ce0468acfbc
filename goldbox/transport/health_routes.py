"""`/health/live`, `/health/ready`, `/health` and `/metrics`: what orchestrators and Prometheus read."""

from __future__ import annotations

import orjson
from starlette.requests import Request
from starlette.responses import Response

from goldbox import __version__
from goldbox.api import errors
from goldbox.ops import health, metrics
from goldbox.ops.correlation import current_correlation_id
from goldbox.service.services import Services
from goldbox.transport.responses import error_json

NO_STORE = {"cache-control": "no-store"}


def _json(body: object, status: int = 200) -> Response:
    return Response(orjson.dumps(body), status_code=status, media_type="application/json", headers=NO_STORE)


async def live(request: Request) -> Response:
    """The process answers. Restart it if this fails; nothing else is checked."""
    return _json({"status": "alive"})


async def ready(request: Request) -> Response:
    """Send traffic here? Only when every critical dependency answers and no shutdown is under way."""
    services: Services = request.app.state.services
    results = await health.run_checks(services.health_checks)
    is_ready = not services.draining and health.overall(results) is not health.Status.UNHEALTHY
    body = {
        "status": "ready" if is_ready else "not_ready",
        "draining": services.draining,
        "checks": [result.as_json() for result in results],
    }
    return _json(body, 200 if is_ready else 503)


async def full(request: Request) -> Response:
    """Everything an operator wants at a glance; 503 when unhealthy, so it can back an alert."""
    services: Services = request.app.state.services
    results = await health.run_checks(services.health_checks)
    status = health.overall(results)
    body = {
        "status": status.value,
        "version": __version__,
        "uptime_s": round(services.uptime_s, 3),
        "draining": services.draining,
        "checks": [result.as_json() for result in results],
    }
    return _json(body, 503 if status is health.Status.UNHEALTHY else 200)


async def prometheus(request: Request) -> Response:
    services: Services = request.app.state.services
    if not services.settings.metrics_enabled:
        return error_json(errors.NOT_FOUND, current_correlation_id.get())
    payload, content_type = metrics.render_latest()
    return Response(payload, headers={"content-type": content_type, **NO_STORE})
