"""What can go wrong for a client, as exceptions a program can branch on.

`GoldboxError` is the server saying no: it carries the stable `GBX_…` code from the server's error
catalog, which is what programs should test, never the message. `ConnectionLost` is the network
failing under a call: the call may or may not have run on the server, so the caller must look
(a `match.state`, a `game.state`) before trying again. `ClientClosed` is using a client after
`close()`. Calls that outlive their timeout raise the built-in `TimeoutError`.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

TOKEN_EXPIRED = "GBX_TOKEN_EXPIRED"  # noqa: S105 -- an error code, not a secret
ALREADY_SUBSCRIBED = "GBX_ALREADY_SUBSCRIBED"

AUTH_RETRYABLE = frozenset({TOKEN_EXPIRED, "GBX_TOKEN_INVALID", "GBX_SESSION_REVOKED", "GBX_UNAUTHENTICATED"})
"""Refusals of a token that logging in again (or refreshing) cures, when the client holds a password."""

TRANSIENT = frozenset(
    {"GBX_RATE_LIMITED", "GBX_UNAVAILABLE", "GBX_TIMEOUT", "GBX_INTERNAL", "GBX_LOCKED_OUT"}
)
"""Refusals while reconnecting that may pass by themselves: worth another attempt after a pause (a
login lockout lasts a minute; someone else's wrong guesses can cause it)."""


class GoldboxError(Exception):
    """The server refused a call (a JSON-RPC error, or an HTTP refusal of the WebSocket upgrade).

    `code` is the stable name (`GBX_NOT_FOUND`, `GBX_RULE_VIOLATION`, …); `details` is the error's
    `data.details` (for a rule violation, `details["rule"]` names the broken rule); the
    `correlation_id` finds the call in the server's logs.
    """

    def __init__(
        self,
        code: str,
        message: str,
        details: Any = None,
        correlation_id: str | None = None,
        *,
        rpc_code: int | None = None,
        hint: str | None = None,
    ) -> None:
        super().__init__(f"{code}: {message}")
        self.code = code
        self.message = message
        self.details = details
        self.correlation_id = correlation_id
        self.rpc_code = rpc_code
        self.hint = hint

    @classmethod
    def from_error(cls, error: Any) -> GoldboxError:
        """From a JSON-RPC `error` object as goldbox sends it (`data.code`, `data.details`, …).

        An error without goldbox's `data` (another server, a proxy) still becomes a GoldboxError,
        named `GBX_RPC_<number>`, so callers have one exception type to catch.
        """
        if not isinstance(error, Mapping):
            return cls("GBX_MALFORMED_REPLY", f"error is not an object: {error!r}")
        data = error.get("data")
        data = data if isinstance(data, Mapping) else {}
        number = error.get("code")
        rpc_code = number if isinstance(number, int) else None
        code = data.get("code")
        return cls(
            code if isinstance(code, str) else f"GBX_RPC_{rpc_code}",
            str(error.get("message", "")),
            data.get("details"),
            data.get("correlation_id"),
            rpc_code=rpc_code,
            hint=data.get("hint"),
        )


class GoldboxClientError(Exception):
    """A failure on the client's side of the connection, not a refusal by the server."""


class ConnectionLost(GoldboxClientError):
    """The WebSocket closed while a call waited for its reply, or the client gave up reconnecting.

    A call interrupted this way may or may not have happened on the server.
    """


class ClientClosed(GoldboxClientError):
    """The client was closed; it makes no more calls."""
