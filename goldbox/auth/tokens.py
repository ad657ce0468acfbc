"""Signed access tokens and WebSocket tickets: short-lived JWTs (HS256) naming their key by `kid`.

Every configured key verifies and one signs, so an operator rotates by adding a new key, making it
the signing key, and removing the old one once the longest token it signed has expired: nobody is
logged out. Refresh tokens and API keys are not JWTs but random strings stored as hashes
(`goldbox.auth.opaque_tokens`), because the server must be able to revoke them one by one.
"""

from __future__ import annotations

import hashlib
import hmac
import uuid
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

import jwt

from goldbox.api import errors
from goldbox.api.errors import GbxError
from goldbox.auth.roles import Role
from goldbox.ops.config import Settings

ALGORITHM = "HS256"
DERIVED_KEY_ID = "derived"
_REQUIRED_CLAIMS = ["sub", "role", "sid", "jti", "iat", "exp", "typ"]
_MAX_TOKEN_CHARS = 4096
_CLOCK_SKEW_S = 60  # between server processes on different machines


class TokenKind(StrEnum):
    ACCESS = "access"
    WS_TICKET = "ws_ticket"


@dataclass(frozen=True, slots=True)
class TokenClaims:
    """What a verified token says: who (`subject`, an account id), as what, in which session."""

    subject: str
    role: Role
    session_id: str
    token_id: str
    issued_at: int
    expires_at: int
    kind: TokenKind
    username: str = ""
    tier: str = "default"


class TokenKeys:
    """The keys tokens are signed and verified with, by key id."""

    def __init__(self, keys: dict[str, bytes], signing_key_id: str) -> None:
        if signing_key_id not in keys:
            raise ValueError(f"the signing key {signing_key_id!r} is not among the keys")
        self._keys = dict(keys)
        self.signing_key_id = signing_key_id

    @classmethod
    def from_settings(cls, settings: Settings) -> TokenKeys:
        if settings.jwt_keys:
            keys = {kid: key.get_secret_value().encode() for kid, key in settings.jwt_keys.items()}
            return cls(keys, settings.jwt_signing_key_id or next(iter(keys)))
        # One key derived from the secret (never the secret itself, which signs other things too).
        derived = hmac.new(settings.signing_secret().encode(), b"goldbox access tokens", hashlib.sha256)
        return cls({DERIVED_KEY_ID: derived.digest()}, DERIVED_KEY_ID)

    def issue(
        self,
        *,
        subject: str,
        role: Role,
        session_id: str,
        now: int,
        ttl_s: int,
        kind: TokenKind,
        username: str = "",
        tier: str = "default",
    ) -> tuple[str, TokenClaims]:
        claims = TokenClaims(
            subject=subject,
            role=role,
            session_id=session_id,
            token_id=uuid.uuid4().hex,
            issued_at=now,
            expires_at=now + ttl_s,
            kind=kind,
            username=username,
            tier=tier,
        )
        payload: dict[str, Any] = {
            "sub": claims.subject,
            "role": claims.role.value,
            "sid": claims.session_id,
            "jti": claims.token_id,
            "iat": claims.issued_at,
            "exp": claims.expires_at,
            "typ": claims.kind.value,
            "name": claims.username,
            "tier": claims.tier,
        }
        token = jwt.encode(
            payload,
            self._keys[self.signing_key_id],
            algorithm=ALGORITHM,
            headers={"kid": self.signing_key_id},
        )
        return token, claims

    def verify(self, token: str, kind: TokenKind, now: int) -> TokenClaims:
        """The claims of a token this server signed with a current key, unexpired, of this kind.

        Raises GBX_TOKEN_EXPIRED or GBX_TOKEN_INVALID; the reason goes in the details, never the token.
        """
        if len(token) > _MAX_TOKEN_CHARS:
            raise _invalid("the token is too long")
        try:
            header = jwt.get_unverified_header(token)
        except jwt.PyJWTError:
            raise _invalid("the token is malformed") from None
        key = self._keys.get(str(header.get("kid")))
        if key is None:
            raise _invalid("the token was signed with a key this server does not hold")
        try:
            payload = jwt.decode(
                token,
                key,
                algorithms=[ALGORITHM],
                # Times are checked below against the caller's clock, which tests can set.
                options={"require": _REQUIRED_CLAIMS, "verify_exp": False, "verify_iat": False},
            )
        except jwt.InvalidSignatureError:
            raise _invalid("the token's signature does not match") from None
        except jwt.PyJWTError:
            raise _invalid("the token is malformed or lacks a required claim") from None
        claims = _claims_of(payload)
        if claims.kind is not kind:
            raise _invalid(f"a {claims.kind.value} token cannot be used here")
        if claims.issued_at > now + _CLOCK_SKEW_S:
            raise _invalid("the token was issued in the future")
        if claims.expires_at <= now:
            raise GbxError(errors.TOKEN_EXPIRED, details={"expired_at": claims.expires_at})
        return claims


def _claims_of(payload: dict[str, Any]) -> TokenClaims:
    try:
        return TokenClaims(
            subject=str(payload["sub"]),
            role=Role(payload["role"]),
            session_id=str(payload["sid"]),
            token_id=str(payload["jti"]),
            issued_at=int(payload["iat"]),
            expires_at=int(payload["exp"]),
            kind=TokenKind(payload["typ"]),
            username=str(payload.get("name", "")),
            tier=str(payload.get("tier", "default")),
        )
    except (ValueError, TypeError):
        raise _invalid("the token's claims are not valid") from None


def _invalid(reason: str) -> GbxError:
    return GbxError(errors.TOKEN_INVALID, details={"reason": reason})
