"""HTTP error responses in the same envelope as JSON-RPC errors, for failures outside /rpc."""

from __future__ import annotations

from typing import Any

import orjson
from starlette.responses import Response

from goldbox.api.errors import ErrorCode
from goldbox.api.jsonrpc import error_object


def error_json(
    code: ErrorCode, correlation_id: str, details: Any = None, message: str | None = None
) -> Response:
    """`{"error": {...}}` with the code's HTTP status: a body a JSON-RPC client can also read."""
    body = {"error": error_object(code, correlation_id, message, details)}
    return Response(orjson.dumps(body), status_code=code.http_status, media_type="application/json")
