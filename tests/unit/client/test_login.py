"""Staying logged in: resume while the token is fresh, refresh when due, log in when the session is gone,
and never spend one refresh token twice."""

from __future__ import annotations

import asyncio
import itertools
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import pytest

from goldbox.client.errors import GoldboxError
from goldbox.client.login import LoginSession


@dataclass
class FakeAuth:
    """The server's auth methods, by the rules of the real ones: a refresh token works once."""

    lifetime_s: int = 900
    calls: list[str] = field(default_factory=list)
    refused: dict[str, str] = field(default_factory=dict)
    """method -> the GBX code it refuses with."""
    spent: set[str] = field(default_factory=set)
    _tokens: itertools.count[int] = field(default_factory=lambda: itertools.count(1))

    def pair(self) -> dict[str, Any]:
        n = next(self._tokens)
        return {
            "access_token": f"access-{n}",
            "refresh_token": f"refresh-{n}",
            "expires_in": self.lifetime_s,
            "account": {"id": "a1"},
        }

    async def __call__(self, method: str, params: Mapping[str, Any] | None) -> Any:
        await asyncio.sleep(0)  # a reply takes a turn of the loop, as over a socket
        assert params is not None
        self.calls.append(method)
        if method in self.refused:
            raise GoldboxError(self.refused[method], "refused")
        if method == "auth.refresh":
            if params["refresh_token"] in self.spent:
                raise GoldboxError("GBX_SESSION_REVOKED", "a used refresh token")
            self.spent.add(params["refresh_token"])
        return self.pair() if method in ("auth.login", "auth.refresh") else {"ok": True}


async def test_a_new_socket_logs_in_first_then_resumes_with_the_fresh_token() -> None:
    auth = FakeAuth()
    session = LoginSession("ada", "secret")
    await session.authenticate(auth)
    await session.authenticate(auth)
    assert auth.calls == ["auth.login", "auth.resume"]
    assert session.tokens is not None
    assert session.tokens.access_token == "access-1"
    assert session.renewals == 0
    assert 0 < session.renew_in() <= 900 * 0.8


async def test_a_token_due_for_renewal_is_refreshed_before_the_socket_resumes() -> None:
    auth = FakeAuth(lifetime_s=0)  # due as soon as issued
    session = LoginSession("ada", "secret")
    await session.authenticate(auth)
    await session.authenticate(auth)
    assert auth.calls == ["auth.login", "auth.refresh", "auth.resume"]
    assert session.tokens is not None
    assert session.tokens.access_token == "access-2"
    assert session.renewals == 1


@pytest.mark.parametrize("code", ["GBX_SESSION_REVOKED", "GBX_TOKEN_EXPIRED", "GBX_TOKEN_INVALID"])
async def test_when_the_session_is_gone_the_password_logs_in_again(code: str) -> None:
    auth = FakeAuth()
    session = LoginSession("ada", "secret")
    await session.authenticate(auth)
    auth.refused = {"auth.resume": code, "auth.refresh": code}
    await session.authenticate(auth)
    assert auth.calls == ["auth.login", "auth.resume", "auth.refresh", "auth.login"]
    assert session.tokens is not None
    assert session.tokens.access_token == "access-2"


async def test_other_refusals_are_not_papered_over() -> None:
    auth = FakeAuth()
    session = LoginSession("ada", "secret")
    auth.refused = {"auth.login": "GBX_INVALID_CREDENTIALS"}
    with pytest.raises(GoldboxError) as refused:
        await session.authenticate(auth)
    assert refused.value.code == "GBX_INVALID_CREDENTIALS"


async def test_concurrent_renewals_spend_the_refresh_token_once() -> None:
    """A reconnect and the renewal timer may both find the pair due: only one refreshes, the
    other resumes with what it got (a second refresh would end the whole session)."""
    auth = FakeAuth()
    session = LoginSession("ada", "secret")
    await session.authenticate(auth)
    seen = session.tokens
    await asyncio.gather(*(session.renew(auth, seen) for _ in range(5)))
    assert auth.calls.count("auth.refresh") == 1
    assert "GBX_SESSION_REVOKED" not in auth.refused.values()
    assert auth.calls.count("auth.resume") == 5
    assert session.renewals == 1


def test_the_password_is_never_shown() -> None:
    assert "secret" not in repr(LoginSession("ada", "secret"))


def test_a_renewal_point_outside_the_tokens_life_is_refused() -> None:
    with pytest.raises(ValueError, match="renew_fraction"):
        LoginSession("ada", "secret", renew_fraction=1.0)
