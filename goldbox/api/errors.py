"""The one catalog of errors a client can see.

Every failure a client receives names an entry here by its stable `GBX_…` code. The JSON-RPC
number groups codes for generic clients; the GBX code is what programs should branch on.
The catalog is published in the OpenRPC document, so client authors can see every code.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True, slots=True)
class ErrorCode:
    """One kind of failure: its stable name, JSON-RPC number, HTTP status and what to do about it."""

    name: str
    rpc_code: int
    http_status: int
    message: str
    hint: str


CATALOG: dict[str, ErrorCode] = {}


def _entry(name: str, rpc_code: int, http_status: int, message: str, hint: str) -> ErrorCode:
    if name in CATALOG:
        raise ValueError(f"error code {name} declared twice")
    code = ErrorCode(name, rpc_code, http_status, message, hint)
    CATALOG[name] = code
    return code


# JSON-RPC 2.0 standard errors.
PARSE_ERROR = _entry(
    "GBX_PARSE_ERROR",
    -32700,
    400,
    "The message is not valid JSON.",
    "Send UTF-8 encoded JSON, nested at most 1024 levels deep.",
)
INVALID_REQUEST = _entry(
    "GBX_INVALID_REQUEST",
    -32600,
    400,
    "The message is not a valid JSON-RPC 2.0 request.",
    'Send an object with "jsonrpc": "2.0", a string "method", optional "params" and an "id".',
)
METHOD_NOT_FOUND = _entry(
    "GBX_METHOD_NOT_FOUND",
    -32601,
    404,
    "There is no such method.",
    "Call rpc.discover for the list of methods.",
)
INVALID_PARAMS = _entry(
    "GBX_INVALID_PARAMS",
    -32602,
    422,
    "The params do not match the method's schema.",
    "See error.data.details for each failing field, and rpc.discover for the schema.",
)
INTERNAL_ERROR = _entry(
    "GBX_INTERNAL",
    -32603,
    500,
    "The server failed to handle the request.",
    "This is a bug or an outage: report it with the correlation id.",
)

# Protocol limits.
BATCH_TOO_LARGE = _entry(
    "GBX_BATCH_TOO_LARGE",
    -32600,
    413,
    "The batch holds more calls than the server allows.",
    "Split the batch; the limit is in error.data.details.max.",
)
BODY_TOO_LARGE = _entry(
    "GBX_BODY_TOO_LARGE",
    -32600,
    413,
    "The request body is larger than the server allows.",
    "Send a smaller body; the limit is in error.data.details.max_bytes.",
)
UNSUPPORTED_MEDIA_TYPE = _entry(
    "GBX_UNSUPPORTED_MEDIA_TYPE",
    -32600,
    415,
    "JSON-RPC requests must be sent as application/json.",
    "Set Content-Type: application/json.",
)
REQUEST_TIMEOUT = _entry(
    "GBX_TIMEOUT",
    -32001,
    504,
    "The request took longer than the server allows.",
    "Retry later; if it keeps happening, report it with the correlation id.",
)
HTTP_METHOD_NOT_ALLOWED = _entry(
    "GBX_HTTP_METHOD_NOT_ALLOWED",
    -32005,
    405,
    "This address does not take that HTTP method.",
    "JSON-RPC calls are POSTed to /rpc; health and metrics endpoints take GET.",
)
NOT_FOUND = _entry(
    "GBX_NOT_FOUND",
    -32004,
    404,
    "There is nothing at this address, or no such thing among yours.",
    "See /api/docs for the endpoints and methods goldbox serves; check the id you sent.",
)

# Access.
UNAUTHENTICATED = _entry(
    "GBX_UNAUTHENTICATED",
    -32010,
    401,
    "This method needs an authenticated caller.",
    "Log in and send the access token, or use an API key.",
)
FORBIDDEN = _entry(
    "GBX_FORBIDDEN",
    -32011,
    403,
    "Your role may not call this method.",
    "The required role is in error.data.details.required_role.",
)


# Accounts and credentials.
INVALID_CREDENTIALS = _entry(
    "GBX_INVALID_CREDENTIALS",
    -32012,
    401,
    "The username or password is wrong.",
    "Check both; after repeated failures the account and address are locked for a while.",
)
TOKEN_EXPIRED = _entry(
    "GBX_TOKEN_EXPIRED",
    -32013,
    401,
    "The token has expired.",
    "Call auth.refresh with your refresh token for a new pair, or log in again.",
)
TOKEN_INVALID = _entry(
    "GBX_TOKEN_INVALID",
    -32014,
    401,
    "The token or API key is not valid: malformed, altered, unknown, revoked or signed with a retired key.",
    "Log in again for a new token, or create a new API key.",
)
SESSION_REVOKED = _entry(
    "GBX_SESSION_REVOKED",
    -32015,
    401,
    "The session has ended: it was logged out, or a used refresh token was presented again.",
    "Log in again. If you did not log out, someone may have copied your refresh token.",
)
LOCKED_OUT = _entry(
    "GBX_LOCKED_OUT",
    -32016,
    429,
    "Too many failed logins: login is locked for a while.",
    "Wait error.data.details.retry_after_s seconds before trying again.",
)
RATE_LIMITED = _entry(
    "GBX_RATE_LIMITED",
    -32017,
    429,
    "Too many requests.",
    "Wait error.data.details.retry_after_s seconds; the limit is in error.data.details.limit.",
)
USERNAME_TAKEN = _entry(
    "GBX_USERNAME_TAKEN",
    -32020,
    409,
    "That username is taken (usernames are compared without regard to case).",
    "Choose another username.",
)
INVALID_USERNAME = _entry(
    "GBX_INVALID_USERNAME",
    -32021,
    422,
    "The username breaks the rules for usernames.",
    "Use 3 to 32 characters: ASCII letters, digits, '_', '-' and '.', starting with a letter or digit.",
)
WEAK_PASSWORD = _entry(
    "GBX_WEAK_PASSWORD",
    -32022,
    422,
    "The password breaks the password policy.",
    "Use at least 10 characters (at most 256) that are not a commonly used password.",
)
ACCOUNT_NOT_FOUND = _entry(
    "GBX_ACCOUNT_NOT_FOUND",
    -32023,
    404,
    "There is no such account.",
    "Check the username.",
)
API_KEY_NOT_FOUND = _entry(
    "GBX_API_KEY_NOT_FOUND",
    -32024,
    404,
    "There is no such API key among yours.",
    "Call apikey.list for your keys and their ids.",
)
UNAVAILABLE = _entry(
    "GBX_UNAVAILABLE",
    -32030,
    503,
    "A service the server depends on is unreachable right now.",
    "Retry in a few seconds; operators: see /health.",
)
ORIGIN_NOT_ALLOWED = _entry(
    "GBX_ORIGIN_NOT_ALLOWED",
    -32025,
    403,
    "Requests from this web origin are not allowed.",
    "Add the origin to GOLDBOX_CORS_ORIGINS on the server.",
)


# Playing the RPG.
RULE_VIOLATION = _entry(
    "GBX_RULE_VIOLATION",
    -32040,
    422,
    "The rules do not allow that.",
    "error.data.details.rule is the rule's stable code and error.data.details.message says why; "
    "nothing changed.",
)
NOT_IN_GAME = _entry(
    "GBX_NOT_IN_GAME",
    -32041,
    403,
    "That character is not playing in this game.",
    "Join the game first with game.join, with a character of yours.",
)
NOT_YOUR_CHARACTER = _entry(
    "GBX_NOT_YOUR_CHARACTER",
    -32042,
    403,
    "That character belongs to another player.",
    "Act only with your own characters; character.list shows them.",
)
GAME_FULL = _entry(
    "GBX_GAME_FULL",
    -32043,
    409,
    "The game has as many players as it allows.",
    "Join another game or match (game.list, match.list) or create one.",
)
GAME_OVER = _entry(
    "GBX_GAME_OVER",
    -32044,
    409,
    "The game is finished: it takes no more actions.",
    "Read its final state with game.state, or start a new game.",
)
CONFLICT = _entry(
    "GBX_CONFLICT",
    -32045,
    409,
    "The game changed under this action too many times in a row; nothing was done.",
    "Read game.state and send the action again.",
)
CHARACTER_BUSY = _entry(
    "GBX_CHARACTER_BUSY",
    -32046,
    409,
    "That character is adventuring in a game.",
    "Leave the game first with game.leave; error.data.details.game_id names it.",
)


# Realtime: watching a game's events (game.subscribe, GET /games/{id}/events).
WEBSOCKET_ONLY = _entry(
    "GBX_WEBSOCKET_ONLY",
    -32050,
    400,
    "This method streams events, which only the WebSocket can carry.",
    "Call it over the WebSocket at /ws, or read GET /games/{id}/events (Server-Sent Events).",
)
GAME_NOT_WATCHABLE = _entry(
    "GBX_GAME_NOT_WATCHABLE",
    -32051,
    404,
    "There is no such game, or you may not watch it.",
    "Check the game id; a game's events are for its players (game.join).",
)
SEQ_FROM_THE_FUTURE = _entry(
    "GBX_SEQ_FROM_THE_FUTURE",
    -32052,
    422,
    "after_seq is past the game's last event.",
    "Send at most error.data.details.last_seq (0 replays the whole game): every event is kept.",
)
TOO_MANY_SUBSCRIPTIONS = _entry(
    "GBX_TOO_MANY_SUBSCRIPTIONS",
    -32053,
    409,
    "This connection already watches as many games as it may.",
    "Call game.unsubscribe for a game first; the limit is in error.data.details.max.",
)
ALREADY_SUBSCRIBED = _entry(
    "GBX_ALREADY_SUBSCRIBED",
    -32054,
    409,
    "This connection already watches that game.",
    "Its events keep coming; to start again from another seq, call game.unsubscribe first.",
)
NOT_SUBSCRIBED = _entry(
    "GBX_NOT_SUBSCRIBED",
    -32055,
    404,
    "This connection does not watch that game.",
    "Nothing to stop: subscribe with game.subscribe.",
)


# Genius matches (match.*).
MATCH_STARTED = _entry(
    "GBX_MATCH_STARTED",
    -32060,
    409,
    "The match has started: its seats are taken for good.",
    'Watch it with game.subscribe, or find an open match with match.list {status: "open"}.',
)
ALREADY_SEATED = _entry(
    "GBX_ALREADY_SEATED",
    -32061,
    409,
    "You already have a seat in this match.",
    "Read it with match.state; one account plays one seat of a match.",
)
NOT_IN_MATCH = _entry(
    "GBX_NOT_IN_MATCH",
    -32062,
    403,
    "You have no seat in this match (or you left it).",
    "Join an open match with match.join first; anyone may watch a match with game.subscribe.",
)
MATCH_NOT_RUNNING = _entry(
    "GBX_MATCH_NOT_RUNNING",
    -32063,
    409,
    "The match is not running: it has not started yet, or it is over.",
    "error.data.details.status says which: start an open match with match.start; "
    "a finished one has match.replay.",
)
ALREADY_ACTED = _entry(
    "GBX_ALREADY_ACTED",
    -32064,
    409,
    "You have already sealed your action for this round.",
    "A sealed action is final; wait for round.opened of the next round (error.data.details.round).",
)
ROUND_CLOSED = _entry(
    "GBX_ROUND_CLOSED",
    -32065,
    409,
    "That round is over: your action came after it resolved (its deadline passed or everyone acted).",
    "Act in the current round, error.data.details.current_round; match.state shows it.",
)
NOT_YOUR_TURN = _entry(
    "GBX_NOT_YOUR_TURN",
    -32066,
    409,
    "The round does not wait for your seat.",
    "Act when round.opened lists your seat in `awaiting`; match.state shows who is awaited.",
)
MATCH_NOT_OVER = _entry(
    "GBX_MATCH_NOT_OVER",
    -32067,
    409,
    "The match is not over: its replay would reveal sealed and hidden moves.",
    "Ask again once match.finished has been sent; until then, match.state shows what you may see.",
)


class GbxError(Exception):
    """An expected failure, raised anywhere below the transports and shown to the client as-is."""

    def __init__(self, code: ErrorCode, message: str | None = None, details: Any = None) -> None:
        super().__init__(message or code.message)
        self.code = code
        self.message = message or code.message
        self.details = details


def catalog_as_json() -> list[dict[str, Any]]:
    """The catalog as published in the OpenRPC document and the docs page."""
    return [
        {
            "code": entry.name,
            "jsonrpc_code": entry.rpc_code,
            "http_status": entry.http_status,
            "message": entry.message,
            "hint": entry.hint,
        }
        for entry in CATALOG.values()
    ]
