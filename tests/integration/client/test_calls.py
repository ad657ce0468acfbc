"""Calls over the client's WebSocket against a real server: results, refusals as GoldboxError with the
server's code, many calls in flight at once, and the two ways to authenticate."""

from __future__ import annotations

import asyncio

import pytest

from goldbox.client import ClientClosed, GoldboxClient, GoldboxClientError, GoldboxError
from tests.integration.client.conftest import PASSWORD, Served, until

pytestmark = pytest.mark.timeout(60)


async def test_a_call_returns_its_result(served: Served) -> None:
    async with GoldboxClient(served.url) as client:
        assert await client.call("system.ping") == {"pong": True}
        assert client.connected


@pytest.mark.parametrize(
    ("method", "params", "code", "rpc_code"),
    [
        ("no.such.method", None, "GBX_METHOD_NOT_FOUND", -32601),
        ("auth.login", {"username": "ada"}, "GBX_INVALID_PARAMS", -32602),
        ("account.me", None, "GBX_UNAUTHENTICATED", -32010),
    ],
)
async def test_a_refusal_raises_goldbox_error_with_the_code(
    served: Served, method: str, params: dict[str, str] | None, code: str, rpc_code: int
) -> None:
    async with GoldboxClient(served.url) as client:
        with pytest.raises(GoldboxError) as refused:
            await client.call(method, params)
        assert refused.value.code == code
        assert refused.value.rpc_code == rpc_code
        assert refused.value.correlation_id
        assert await client.call("system.ping") == {"pong": True}, "a refusal leaves the socket usable"


async def test_a_refusal_carries_its_details(served: Served) -> None:
    async with GoldboxClient(served.url) as client:
        with pytest.raises(GoldboxError) as refused:
            await client.call("auth.login", {"username": "ada"})
    assert [detail["path"] for detail in refused.value.details] == ["params.password"]


async def test_concurrent_calls_each_get_their_own_reply(served: Served) -> None:
    """Replies come in any order; each call gets the one with its id."""
    await served.register("ada")
    async with served.player("ada") as client:
        calls: list[tuple[str, dict[str, str] | None]] = [
            ("system.ping", None),
            ("account.me", None),
            ("system.version", None),
            ("apikey.list", None),
        ]
        calls += [("game.state", {"game_id": f"missing-{n}"}) for n in range(10)]
        results = await asyncio.gather(
            *(client.call(method, params) for method, params in calls * 5), return_exceptions=True
        )
    for (method, _), result in zip(calls * 5, results, strict=True):
        if method == "system.ping":
            assert result == {"pong": True}
        elif method == "account.me":
            assert isinstance(result, dict)
            assert result["account"]["username"] == "ada"
        elif method == "system.version":
            assert isinstance(result, dict)
            assert result["name"] == "goldbox"
        elif method == "apikey.list":
            assert result == {"keys": []}
        else:
            assert isinstance(result, GoldboxError), result
            assert result.code == "GBX_NOT_FOUND"


async def test_an_api_key_of_role_agent_authenticates_the_socket(served: Served) -> None:
    await served.register("ada")
    async with served.player("ada") as owner:
        made = await owner.call("apikey.create", {"name": "pd-agent", "role": "agent"})
    assert made["key"].startswith("gbx_")
    async with GoldboxClient(served.url, api_key=made["key"]) as agent:
        me = await agent.call("account.me")
    assert (me["auth"], me["acting_role"], me["account"]["username"]) == ("api_key", "agent", "ada")


async def test_a_bad_api_key_is_refused_at_connect(served: Served) -> None:
    client = GoldboxClient(served.url, api_key="gbx_not-a-key")
    with pytest.raises(GoldboxError) as refused:
        await client.connect()
    assert refused.value.code == "GBX_TOKEN_INVALID"


async def test_a_wrong_password_is_refused_at_connect(served: Served) -> None:
    await served.register("ada")
    client = GoldboxClient(served.url, username="ada", password=PASSWORD + "!")
    with pytest.raises(GoldboxError) as refused:
        await client.connect()
    assert refused.value.code == "GBX_INVALID_CREDENTIALS"


async def test_a_password_login_authenticates_the_socket(served: Served) -> None:
    await served.register("ada")
    async with served.player("ada") as client:
        me = await client.call("account.me")
        assert client.login is not None
        assert client.login.tokens is not None
    assert (me["auth"], me["account"]["username"]) == ("session", "ada")
    assert client.login.tokens.account["username"] == "ada"


async def test_a_call_waiting_for_a_socket_is_bounded(served: Served) -> None:
    async with GoldboxClient(served.url) as client:
        served.proxy.cut()
        await until(lambda: not client.connected)
        with pytest.raises(TimeoutError):
            await client.call("system.ping", timeout_s=0.5)
        served.proxy.restore()
        assert await client.call("system.ping", idempotent=True) == {"pong": True}


async def test_a_closed_client_makes_no_calls(served: Served) -> None:
    client = GoldboxClient(served.url)
    async with client:
        pass
    with pytest.raises(ClientClosed):
        await client.call("system.ping")


async def test_a_client_not_yet_connected_says_so() -> None:
    client = GoldboxClient("http://127.0.0.1:9")
    with pytest.raises(GoldboxClientError, match="connect first"):
        await client.call("system.ping")
