"""Whether a WebSocket upgrade may proceed, and as whom: origin, credentials, the address's limit.

A refusal is an HTTP answer to the upgrade (the WebSocket denial response), so a client sees the
same status and error body as over `POST /rpc`; servers without that extension get close 1008.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from starlette.websockets import WebSocket

from goldbox.api import errors
from goldbox.api.call import Client
from goldbox.api.errors import GbxError
from goldbox.auth.roles import Principal
from goldbox.ops.correlation import current_correlation_id
from goldbox.service.gatekeeper import RateLimited
from goldbox.service.services import Services
from goldbox.transport.http_rpc import UNAUTHORIZED_CHALLENGE, client_of, credentials_of
from goldbox.transport.responses import error_json

CLOSE_POLICY_VIOLATION = 1008


def origin_allowed(origin: str | None, host: str | None, allowed: list[str]) -> bool:
    """No Origin (not a browser), the server's own origin, or one the operator listed."""
    if origin is None:
        return True
    origin = origin.rstrip("/")
    if "*" in allowed or origin in allowed:
        return True
    return host is not None and urlsplit(origin).netloc.lower() == host.lower()


async def admit_socket(websocket: WebSocket, services: Services) -> tuple[Client, Principal | None] | None:
    """The caller of an upgrade, or None after refusing it."""
    correlation_id = current_correlation_id.get()
    headers = websocket.headers
    if not origin_allowed(headers.get("origin"), headers.get("host"), services.settings.cors_origins):
        await _refuse(
            websocket, GbxError(errors.ORIGIN_NOT_ALLOWED, details={"origin": headers.get("origin")})
        )
        return None
    client = client_of(websocket)
    gatekeeper = services.gatekeeper
    try:
        await gatekeeper.admit_address(client)
        ticket = websocket.query_params.get("ticket")
        principal: Principal | None
        if ticket:
            principal = await services.session_checks.principal_for_ticket(ticket)
        else:
            principal = await gatekeeper.identify(credentials_of(websocket), client, correlation_id)
        if principal is not None:
            await gatekeeper.admit_account(principal)
    except RateLimited as over:
        await _refuse(websocket, over.error(), extra_headers=over.verdict.headers())
        return None
    except GbxError as exc:
        await _refuse(websocket, exc, challenge=True)
        return None
    return client, principal


async def _refuse(
    websocket: WebSocket,
    error: GbxError,
    *,
    challenge: bool = False,
    extra_headers: list[tuple[str, str]] | None = None,
) -> None:
    response = error_json(error.code, current_correlation_id.get(), error.details, error.message)
    if challenge:
        response.headers["www-authenticate"] = UNAUTHORIZED_CHALLENGE
    for name, value in extra_headers or []:
        response.headers[name] = value
    if "websocket.http.response" in websocket.scope.get("extensions", {}):
        await websocket.send_denial_response(response)
    else:
        await websocket.close(CLOSE_POLICY_VIOLATION, error.code.name)
