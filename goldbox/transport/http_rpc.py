"""JSON-RPC over `POST /rpc`: translate HTTP to the engine and back, nothing more.

Before the engine: the credentials (`Authorization: Bearer <access token | gbx_ key>` or
`X-API-Key`) become the caller, bad ones a 401; then the rate limits, 429 with `Retry-After` when
over. Every answer carries the `X-RateLimit-*` figures of the limit that applies to the caller.
"""

from __future__ import annotations

from starlette.requests import HTTPConnection, Request
from starlette.responses import Response

from goldbox.api import errors
from goldbox.api.call import Call, Client, Transport
from goldbox.api.errors import GbxError
from goldbox.infra.rate_limit import Verdict
from goldbox.ops.correlation import current_correlation_id
from goldbox.service.gatekeeper import Credentials, RateLimited
from goldbox.service.services import Services
from goldbox.transport.responses import error_json

JSON_MEDIA_TYPES = frozenset({"application/json", "application/json-rpc", "application/jsonrequest"})
UNAUTHORIZED_CHALLENGE = 'Bearer error="invalid_token"'


def is_json(media_type: str) -> bool:
    """JSON, or no type at all (bare clients). Anything else, notably the form and text types a
    browser may POST cross-site without asking first, is refused: no other site can make a
    visitor's browser call /rpc."""
    return not media_type or media_type in JSON_MEDIA_TYPES or media_type.endswith("+json")


def client_of(connection: HTTPConnection) -> Client:
    """The caller's address (from X-Forwarded-For only via a trusted proxy) and user agent."""
    host = connection.client.host if connection.client else "unknown"
    return Client(ip=host, user_agent=connection.headers.get("user-agent"))


def credentials_of(connection: HTTPConnection) -> Credentials:
    return Credentials(
        authorization=connection.headers.get("authorization"), api_key=connection.headers.get("x-api-key")
    )


async def rpc_over_http(request: Request) -> Response:
    """Answer one JSON-RPC message: 200 with the reply, or 204 when it held only notifications."""
    services: Services = request.app.state.services
    correlation_id = current_correlation_id.get()
    media_type = request.headers.get("content-type", "").partition(";")[0].strip().lower()
    if not is_json(media_type):
        return error_json(errors.UNSUPPORTED_MEDIA_TYPE, correlation_id, details={"received": media_type})
    client = client_of(request)
    gatekeeper = services.gatekeeper
    try:
        verdict = await gatekeeper.admit_address(client)
        principal = await gatekeeper.identify(credentials_of(request), client, correlation_id)
    except RateLimited as over:
        return _over_limit(over, correlation_id)
    except GbxError as exc:
        response = error_json(exc.code, correlation_id, exc.details, exc.message)
        response.headers["www-authenticate"] = UNAUTHORIZED_CHALLENGE
        return response
    body = await request.body()
    call = Call(
        services=services,
        transport=Transport.HTTP,
        correlation_id=correlation_id,
        principal=principal,
        client=client,
    )

    async def charge(calls: int) -> None:
        """A batch costs its calls: the first was counted above, against the address."""
        nonlocal verdict
        verdict = await gatekeeper.admit_address(client, calls - 1) or verdict
        if principal is not None:
            verdict = await gatekeeper.admit_account(principal, calls) or verdict

    try:
        reply = await services.rpc.answer(body, call, charge)
    except RateLimited as over:
        return _over_limit(over, correlation_id)
    response = (
        Response(status_code=204)
        if reply is None
        else Response(reply, media_type="application/json", headers={"cache-control": "no-store"})
    )
    if verdict is not None:
        _add_limit_headers(response, verdict)
    return response


def _over_limit(over: RateLimited, correlation_id: str) -> Response:
    refusal = over.error()
    response = error_json(refusal.code, correlation_id, refusal.details)
    _add_limit_headers(response, over.verdict)
    return response


def _add_limit_headers(response: Response, verdict: Verdict) -> None:
    for name, value in verdict.headers():
        response.headers[name] = value
