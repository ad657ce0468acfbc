"""JSON-RPC over `POST /rpc`: translate HTTP to the engine and back, nothing more."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import Response

from goldbox.api import errors
from goldbox.api.call import Call, Transport
from goldbox.ops.correlation import current_correlation_id
from goldbox.service.services import Services
from goldbox.transport.responses import error_json

JSON_MEDIA_TYPES = frozenset({"application/json", "application/json-rpc", "application/jsonrequest"})


def is_json(media_type: str) -> bool:
    """JSON, or no type at all (bare clients). Anything else, notably the form and text types a
    browser may POST cross-site without asking first, is refused: no other site can make a
    visitor's browser call /rpc."""
    return not media_type or media_type in JSON_MEDIA_TYPES or media_type.endswith("+json")


async def rpc_over_http(request: Request) -> Response:
    """Answer one JSON-RPC message: 200 with the reply, or 204 when it held only notifications."""
    services: Services = request.app.state.services
    correlation_id = current_correlation_id.get()
    media_type = request.headers.get("content-type", "").partition(";")[0].strip().lower()
    if not is_json(media_type):
        return error_json(errors.UNSUPPORTED_MEDIA_TYPE, correlation_id, details={"received": media_type})
    body = await request.body()
    call = Call(services=services, transport=Transport.HTTP, correlation_id=correlation_id)
    reply = await services.rpc.answer(body, call)
    if reply is None:
        return Response(status_code=204)
    return Response(reply, media_type="application/json", headers={"cache-control": "no-store"})
