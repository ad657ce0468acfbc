"""The caller's own account: `account.*`."""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from goldbox.api import errors
from goldbox.api.call import Call
from goldbox.api.methods.auth import AccountInfo, caller
from goldbox.api.models import NoParams, Params, Result
from goldbox.api.registry import Registry
from goldbox.auth.roles import Role

methods = Registry()


class Me(Result):
    account: AccountInfo
    acting_role: Role = Field(description="The role this call acts with (an API key's may be lower).")
    auth: Literal["session", "api_key"]
    session_id: str | None = None
    api_key_id: str | None = None
    expires_at: int | None = Field(None, description="When this credential stops working (epoch seconds).")


class ChangePasswordParams(Params):
    current_password: str = Field(min_length=1, max_length=4096)
    new_password: str = Field(max_length=4096)


class PasswordChanged(Result):
    other_sessions_ended: int = Field(description="Sessions on other devices that were logged out.")


@methods.method("account.me", role=Role.PLAYER)
async def me(call: Call, params: NoParams) -> Me:
    """Who you are: your account, and the credential this call came with."""
    principal = caller(call)
    account = await call.services.accounts.get(principal.subject)
    return Me(
        account=AccountInfo.of(account),
        acting_role=principal.role,
        auth="api_key" if principal.api_key_id else "session",
        session_id=principal.session_id,
        api_key_id=principal.api_key_id,
        expires_at=principal.expires_at,
    )


@methods.method(
    "account.change_password",
    role=Role.PLAYER,
    errors=(errors.INVALID_CREDENTIALS, errors.WEAK_PASSWORD, errors.LOCKED_OUT),
)
async def change_password(call: Call, params: ChangePasswordParams) -> PasswordChanged:
    """Change your password; every other session of the account is logged out.

    Needs the current password. Wrong guesses count toward the login lockout.
    """
    ended = await call.services.accounts.change_password(
        caller(call), params.current_password, params.new_password, call.client, call.correlation_id
    )
    return PasswordChanged(other_sessions_ended=ended)
