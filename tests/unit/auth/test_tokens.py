"""Access tokens and tickets: claims, expiry, tampering, and key rotation by `kid`."""

from __future__ import annotations

import base64
import json
from typing import Any

import jwt
import pytest
from pydantic import ValidationError

from goldbox.api import errors
from goldbox.api.errors import GbxError
from goldbox.auth.roles import Role
from goldbox.auth.tokens import DERIVED_KEY_ID, TokenKeys, TokenKind
from goldbox.ops.config import load_settings

OLD = b"o" * 32
NEW = b"n" * 32
NOW = 1_800_000_000


def issue(keys: TokenKeys, kind: TokenKind = TokenKind.ACCESS, ttl_s: int = 900) -> str:
    token, _ = keys.issue(
        subject="acc-1",
        role=Role.PLAYER,
        session_id="sess-1",
        now=NOW,
        ttl_s=ttl_s,
        kind=kind,
        username="alice",
    )
    return token


def reason_of(exc: pytest.ExceptionInfo[GbxError]) -> str:
    assert exc.value.code is errors.TOKEN_INVALID
    return str(exc.value.details["reason"])


def test_an_access_token_carries_the_required_claims_and_names_its_key() -> None:
    keys = TokenKeys({"k1": OLD}, "k1")
    token = issue(keys)
    assert jwt.get_unverified_header(token)["kid"] == "k1"
    payload = jwt.decode(token, OLD, algorithms=["HS256"], options={"verify_exp": False, "verify_iat": False})
    assert {"sub", "role", "sid", "jti", "iat", "exp"} <= set(payload)
    assert payload["exp"] - payload["iat"] == 900
    claims = keys.verify(token, TokenKind.ACCESS, NOW + 1)
    assert (claims.subject, claims.role, claims.session_id, claims.username) == (
        "acc-1",
        Role.PLAYER,
        "sess-1",
        "alice",
    )


def test_each_token_has_its_own_id() -> None:
    keys = TokenKeys({"k1": OLD}, "k1")
    first = keys.verify(issue(keys), TokenKind.ACCESS, NOW)
    second = keys.verify(issue(keys), TokenKind.ACCESS, NOW)
    assert first.token_id != second.token_id


def test_an_expired_token_is_refused_as_expired() -> None:
    keys = TokenKeys({"k1": OLD}, "k1")
    with pytest.raises(GbxError) as exc:
        keys.verify(issue(keys, ttl_s=60), TokenKind.ACCESS, NOW + 60)
    assert exc.value.code is errors.TOKEN_EXPIRED


def test_rotation_old_tokens_keep_working_while_the_old_key_is_kept() -> None:
    before = TokenKeys({"old": OLD}, "old")
    during = TokenKeys({"old": OLD, "new": NEW}, "new")
    old_token = issue(before)
    assert during.verify(old_token, TokenKind.ACCESS, NOW).subject == "acc-1"
    new_token = issue(during)
    assert jwt.get_unverified_header(new_token)["kid"] == "new"
    after = TokenKeys({"new": NEW}, "new")
    assert after.verify(new_token, TokenKind.ACCESS, NOW).subject == "acc-1"
    with pytest.raises(GbxError) as exc:
        after.verify(old_token, TokenKind.ACCESS, NOW)
    assert "key" in reason_of(exc)


def test_a_tampered_payload_is_refused() -> None:
    keys = TokenKeys({"k1": OLD}, "k1")
    header, payload, signature = issue(keys).split(".")
    claims = json.loads(base64.urlsafe_b64decode(payload + "=="))
    claims["role"] = "admin"
    forged = base64.urlsafe_b64encode(json.dumps(claims).encode()).rstrip(b"=").decode()
    with pytest.raises(GbxError) as exc:
        keys.verify(f"{header}.{forged}.{signature}", TokenKind.ACCESS, NOW)
    assert "signature" in reason_of(exc)


def test_a_token_signed_with_another_secret_under_a_known_kid_is_refused() -> None:
    keys = TokenKeys({"k1": OLD}, "k1")
    forged = jwt.encode({"sub": "x"}, b"x" * 32, algorithm="HS256", headers={"kid": "k1"})
    with pytest.raises(GbxError):
        keys.verify(forged, TokenKind.ACCESS, NOW)


def test_the_none_algorithm_is_refused() -> None:
    keys = TokenKeys({"k1": OLD}, "k1")
    unsigned = jwt.encode(
        {"sub": "a", "role": "admin", "sid": "s", "jti": "j", "iat": NOW, "exp": NOW + 60, "typ": "access"},
        None,
        algorithm="none",
        headers={"kid": "k1"},
    )
    with pytest.raises(GbxError):
        keys.verify(unsigned, TokenKind.ACCESS, NOW)


@pytest.mark.parametrize("token", ["", "abc", "a.b.c", "x" * 5000, "🙂.🙂.🙂", "'; DROP TABLE accounts;--"])
def test_malformed_tokens_are_invalid_not_errors(token: str) -> None:
    keys = TokenKeys({"k1": OLD}, "k1")
    with pytest.raises(GbxError) as exc:
        keys.verify(token, TokenKind.ACCESS, NOW)
    assert exc.value.code is errors.TOKEN_INVALID


def test_a_ticket_is_not_an_access_token_and_back() -> None:
    keys = TokenKeys({"k1": OLD}, "k1")
    with pytest.raises(GbxError):
        keys.verify(issue(keys, TokenKind.WS_TICKET), TokenKind.ACCESS, NOW)
    with pytest.raises(GbxError):
        keys.verify(issue(keys, TokenKind.ACCESS), TokenKind.WS_TICKET, NOW)


def test_missing_claims_are_refused() -> None:
    keys = TokenKeys({"k1": OLD}, "k1")
    partial = jwt.encode({"sub": "a", "exp": NOW + 60}, OLD, algorithm="HS256", headers={"kid": "k1"})
    with pytest.raises(GbxError):
        keys.verify(partial, TokenKind.ACCESS, NOW)


def test_keys_come_from_settings() -> None:
    settings = load_settings(jwt_keys={"a": "a" * 32, "b": "b" * 32}, jwt_signing_key_id="b")
    keys = TokenKeys.from_settings(settings)
    assert keys.signing_key_id == "b"
    assert jwt.get_unverified_header(issue(keys))["kid"] == "b"


def test_without_keys_one_is_derived_from_the_secret() -> None:
    keys = TokenKeys.from_settings(load_settings(secret_key="s" * 40))
    token = issue(keys)
    assert jwt.get_unverified_header(token)["kid"] == DERIVED_KEY_ID
    with pytest.raises(jwt.InvalidSignatureError):  # the secret itself does not sign tokens
        jwt.decode(token, "s" * 40, algorithms=["HS256"], options={"verify_exp": False})
    again = TokenKeys.from_settings(load_settings(secret_key="s" * 40))
    assert again.verify(token, TokenKind.ACCESS, NOW).subject == "acc-1"


@pytest.mark.parametrize(
    "overrides",
    [
        {"jwt_keys": {"a": "short"}},
        {"jwt_keys": {"a": "a" * 32, "b": "b" * 32}},
        {"jwt_keys": {"a": "a" * 32}, "jwt_signing_key_id": "zzz"},
    ],
)
def test_bad_key_settings_are_refused(overrides: dict[str, Any]) -> None:
    with pytest.raises(ValidationError):
        load_settings(**overrides)
