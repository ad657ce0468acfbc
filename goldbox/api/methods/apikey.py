"""API keys for bots, AI agents and tools: `apikey.*`. Making and revoking keys needs a login
session; listing them works with a key too."""

from __future__ import annotations

from datetime import datetime

from pydantic import Field

from goldbox.api import errors
from goldbox.api.call import Call
from goldbox.api.methods.auth import caller
from goldbox.api.models import NoParams, Params, Result
from goldbox.api.registry import Registry
from goldbox.auth.roles import Role
from goldbox.store.models import ApiKeyRecord

methods = Registry()


class CreateKeyParams(Params):
    name: str = Field(min_length=1, max_length=64, description="What the key is for, e.g. `minority-bot`.")
    role: Role = Field(Role.AGENT, description="The key's role: at most your own.")
    expires_at: datetime | None = Field(None, description="When the key stops working; none: never.")


class KeyInfo(Result):
    id: str
    name: str
    role: Role
    prefix: str = Field(description="The key's first characters, to tell keys apart.")
    created_at: datetime
    expires_at: datetime | None
    last_used_at: datetime | None
    revoked_at: datetime | None

    @classmethod
    def of(cls, record: ApiKeyRecord) -> KeyInfo:
        return cls(
            id=record.id,
            name=record.name,
            role=Role(record.role),
            prefix=record.prefix,
            created_at=record.created_at,
            expires_at=record.expires_at,
            last_used_at=record.last_used_at,
            revoked_at=record.revoked_at,
        )


class NewKey(Result):
    key: str = Field(description="The key itself, `gbx_…`. Shown this once: store it now.")
    info: KeyInfo


class KeyList(Result):
    keys: list[KeyInfo]


class RevokeKeyParams(Params):
    key_id: str = Field(min_length=1, max_length=36)


@methods.method("apikey.create", role=Role.PLAYER, errors=(errors.FORBIDDEN,))
async def create(call: Call, params: CreateKeyParams) -> NewKey:
    """Make an API key. Use it as `Authorization: Bearer gbx_…` or `X-API-Key: gbx_…`.

    The key is shown once; the server keeps only its hash.
    """
    record, key = await call.services.api_keys.create(
        caller(call), params.name, params.role, params.expires_at, call.client, call.correlation_id
    )
    return NewKey(key=key, info=KeyInfo.of(record))


@methods.method("apikey.list", role=Role.PLAYER)
async def list_keys(call: Call, params: NoParams) -> KeyList:
    """Your API keys, newest first, without the keys themselves."""
    return KeyList(
        keys=[KeyInfo.of(record) for record in await call.services.api_keys.list_for(caller(call))]
    )


@methods.method("apikey.revoke", role=Role.PLAYER, errors=(errors.API_KEY_NOT_FOUND,))
async def revoke(call: Call, params: RevokeKeyParams) -> KeyInfo:
    """Revoke one of your API keys; it stops working at once."""
    record = await call.services.api_keys.revoke(
        caller(call), params.key_id, call.client, call.correlation_id
    )
    return KeyInfo.of(record)
