"""A password login stays alive on its own: the client renews the pair before the access token runs
out (the server would close the socket with 4002), and logs in again when the session is gone."""

from __future__ import annotations

import asyncio

import httpx2 as httpx
import pytest

from tests.integration.client.conftest import Served, until
from tests.integration.client.test_reconnect import nothing_more, read_until

pytestmark = pytest.mark.timeout(60)

LIFETIME_S = 4
"""Access tokens this short (the setting's floor is 60 s; the test's settings skip validation)."""


@pytest.fixture
def settings_overrides() -> dict[str, object]:
    return {"access_token_ttl_s": LIFETIME_S}


async def test_the_pair_is_renewed_before_the_socket_expires(served: Served) -> None:
    account = await served.register("ada")
    game_id = await served.game_with(account)
    async with served.player("ada", renew_fraction=0.5) as client, client.subscribe(game_id) as events:
        login = client.login
        assert login is not None
        first = login.tokens
        await until(lambda: login.renewals >= 3, within_s=4 * LIFETIME_S)
        # Three renewals span more than a token's whole life: without them the socket would
        # have been closed (4002) and the client would have had to reconnect.
        assert client.reconnects == 0
        assert login.tokens is not first
        await served.act(game_id, 2)
        assert await read_until(events, 2) == [1, 2]
        me = await client.call("account.me")
        assert me["auth"] == "session"


async def test_a_session_ended_elsewhere_logs_in_again(served: Served) -> None:
    """Someone logs the session out (the socket closes with 4001): the access token and the refresh
    token are dead, so the client logs in with its password and resubscribes where it was."""
    account = await served.register("ada")
    game_id = await served.game_with(account)
    async with served.player("ada") as client, client.subscribe(game_id) as events:
        login = client.login
        assert login is not None
        assert login.tokens is not None
        await served.act(game_id, 2)
        assert await read_until(events, 2) == [1, 2]
        before = await client.call("account.me")

        async with httpx.AsyncClient(base_url=served.url, timeout=10) as http:
            body = {"jsonrpc": "2.0", "id": 1, "method": "auth.logout"}
            headers = {"Authorization": f"Bearer {login.tokens.access_token}"}
            reply = (await http.post("/rpc", json=body, headers=headers)).json()
        assert reply["result"] == {"logged_out": True}
        await served.act(game_id, 2)

        await until(lambda: client.reconnects == 1)
        assert await read_until(events, 4) == [3, 4]
        after = await client.call("account.me")
        assert after["session_id"] != before["session_id"]
        assert login.renewals == 1
        await nothing_more(events)


async def test_an_expired_token_is_refreshed_when_the_client_comes_back(served: Served) -> None:
    """Away for longer than the token lives: the next socket refreshes the pair before resuming."""
    await served.register("ada")
    async with served.player("ada", renew_fraction=0.9) as client:
        login = client.login
        assert login is not None
        served.proxy.cut()
        await until(lambda: not client.connected)
        await asyncio.sleep(LIFETIME_S)
        served.proxy.restore()
        me = await client.call("account.me", idempotent=True)
        assert me["auth"] == "session"
        assert login.renewals >= 1
