"""Logging in and out: `auth.*`. Over a WebSocket, `auth.login` and `auth.resume` also authenticate
the socket itself, so its later calls need no token."""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from pydantic import Field

from goldbox.api import errors
from goldbox.api.call import Call
from goldbox.api.errors import GbxError
from goldbox.api.models import NoParams, Params, Result
from goldbox.api.registry import Registry
from goldbox.auth.roles import Principal, Role
from goldbox.service.logins import IssuedTokens
from goldbox.store.models import AccountRecord

methods = Registry()

_MAX_SECRET_CHARS = 4096  # longer is never a real password or token: refused before any work


class AccountInfo(Result):
    id: str = Field(description="The account's id (the `sub` of its tokens).")
    username: str
    role: Role
    tier: str = Field(description="Rate-limit tier: default, premium or admin.")
    created_at: datetime

    @classmethod
    def of(cls, account: AccountRecord) -> AccountInfo:
        return cls(
            id=account.id,
            username=account.username,
            role=Role(account.role),
            tier=account.tier,
            created_at=account.created_at,
        )


class RegisterParams(Params):
    username: str = Field(min_length=1, max_length=64, description="3 to 32 of A-Z a-z 0-9 _ - .")
    password: str = Field(
        max_length=_MAX_SECRET_CHARS, description="At least 10 characters, not a common one."
    )
    email: str | None = Field(None, max_length=254, pattern=r"^[^@\s]+@[^@\s]+$")
    role: Literal["player", "agent"] = Field("player", description="`agent` for an AI or bot account.")


class LoginParams(Params):
    username: str = Field(min_length=1, max_length=64)
    password: str = Field(min_length=1, max_length=_MAX_SECRET_CHARS)


class RefreshParams(Params):
    refresh_token: str = Field(min_length=1, max_length=_MAX_SECRET_CHARS)


class ResumeParams(Params):
    access_token: str = Field(min_length=1, max_length=_MAX_SECRET_CHARS)


class TokenPair(Result):
    token_type: Literal["Bearer"] = "Bearer"  # noqa: S105 (the scheme's name)
    access_token: str = Field(description="Send as `Authorization: Bearer …`; short-lived.")
    expires_at: int = Field(description="When the access token expires (epoch seconds).")
    expires_in: int = Field(description="Seconds until then.")
    refresh_token: str = Field(description="Single use: auth.refresh returns a new pair.")
    refresh_expires_at: int
    session_id: str
    account: AccountInfo


class LoggedOut(Result):
    logged_out: bool = True


class Resumed(Result):
    account_id: str
    role: Role
    session_id: str
    expires_at: int


class WsTicket(Result):
    ticket: str = Field(description="Open `/ws?ticket=…` with it within `expires_at`; single use.")
    expires_at: int


def caller(call: Call) -> Principal:
    """The authenticated caller of a method that declares a role (the engine has checked it)."""
    assert call.principal is not None
    return call.principal


def _pair(issued: IssuedTokens, now: int) -> TokenPair:
    return TokenPair(
        access_token=issued.access_token,
        expires_at=issued.access_expires_at,
        expires_in=max(0, issued.access_expires_at - now),
        refresh_token=issued.refresh_token,
        refresh_expires_at=issued.refresh_expires_at,
        session_id=issued.session_id,
        account=AccountInfo.of(issued.account),
    )


async def _authenticate_socket(call: Call, access_token: str) -> Principal:
    """Check the token; over a WebSocket, the socket acts as its holder from now on."""
    principal = await call.services.session_checks.principal_for_access_token(access_token)
    if call.connection is not None:
        call.connection.authenticate(principal)
    return principal


@methods.method(
    "auth.register",
    role=None,
    errors=(errors.INVALID_USERNAME, errors.WEAK_PASSWORD, errors.USERNAME_TAKEN),
)
async def register(call: Call, params: RegisterParams) -> AccountInfo:
    """Create a player (or agent) account; then call auth.login.

    Usernames are unique without regard to case. Admin accounts are made by an operator on the
    command line, never here.
    """
    account = await call.services.accounts.register(
        params.username,
        params.password,
        params.email,
        Role(params.role),
        actor="anonymous",
        client=call.client,
        correlation_id=call.correlation_id,
    )
    return AccountInfo.of(account)


@methods.method("auth.login", role=None, errors=(errors.INVALID_CREDENTIALS, errors.LOCKED_OUT))
async def login(call: Call, params: LoginParams) -> TokenPair:
    """Log in with a username and password: an access token and a refresh token.

    A wrong password and an unknown username give the same error. Five failures lock the account
    for a minute, twenty from one address lock the address for ten. Over a WebSocket the socket is
    authenticated too.
    """
    issued = await call.services.logins.login(
        params.username, params.password, call.client, call.correlation_id
    )
    pair = _pair(issued, issued.access_expires_at - call.services.settings.access_token_ttl_s)
    if call.connection is not None:
        await _authenticate_socket(call, issued.access_token)
    return pair


@methods.method(
    "auth.refresh",
    role=None,
    errors=(errors.TOKEN_INVALID, errors.TOKEN_EXPIRED, errors.SESSION_REVOKED),
)
async def refresh(call: Call, params: RefreshParams) -> TokenPair:
    """Spend a refresh token for a new pair. Each refresh token works once.

    Presenting a used refresh token again ends the whole session (someone else may hold a copy).
    """
    issued = await call.services.logins.refresh(params.refresh_token, call.client, call.correlation_id)
    return _pair(issued, issued.access_expires_at - call.services.settings.access_token_ttl_s)


@methods.method("auth.logout", role=Role.PLAYER)
async def logout(call: Call, params: NoParams) -> LoggedOut:
    """End this session: its tokens stop working at once and its WebSockets close (code 4001)."""
    await call.services.logins.logout(caller(call), call.client, call.correlation_id)
    return LoggedOut()


@methods.method(
    "auth.resume",
    role=None,
    errors=(errors.TOKEN_INVALID, errors.TOKEN_EXPIRED, errors.SESSION_REVOKED),
)
async def resume(call: Call, params: ResumeParams) -> Resumed:
    """Authenticate a WebSocket with an access token, or renew its authentication before it expires.

    Over HTTP it only checks the token.
    """
    principal = await _authenticate_socket(call, params.access_token)
    if principal.session_id is None or principal.expires_at is None:
        raise GbxError(errors.TOKEN_INVALID)
    return Resumed(
        account_id=principal.subject,
        role=principal.role,
        session_id=principal.session_id,
        expires_at=principal.expires_at,
    )


@methods.method("auth.ws_ticket", role=Role.PLAYER)
async def ws_ticket(call: Call, params: NoParams) -> WsTicket:
    """A single-use ticket for opening a WebSocket as this session: `/ws?ticket=…`.

    For browsers, which cannot put a token in a WebSocket's headers.
    """
    ticket, expires_at = await call.services.session_checks.ws_ticket(caller(call))
    return WsTicket(ticket=ticket, expires_at=expires_at)
