"""A real server for the client's tests: the whole app under uvicorn on 127.0.0.1, in the test's own
event loop (so a test can reach the server's services: publish events, close sockets), with a
`Proxy` in front that can fail the network."""

from __future__ import annotations

import asyncio
import contextlib
import socket
from collections.abc import AsyncIterator, Callable, Iterator
from dataclasses import dataclass

import pytest
import uvicorn

from goldbox.client import Backoff, GoldboxClient
from goldbox.ops.config import Settings
from goldbox.service.services import Services
from goldbox.store.game_log import LoggedEvent
from goldbox.transport.app import create_app
from tests.integration.client.proxy import Proxy
from tests.integration.realtime.helpers import act, new_game, seat

PASSWORD = "correct horse battery staple"
START_TIMEOUT_S = 10.0
QUICK = Backoff(first_s=0.05, max_s=0.5, give_up_after_s=20.0)
"""Reconnect fast: these servers are local, and a test waits for each reconnect."""


async def until(condition: Callable[[], bool], within_s: float = 10.0) -> None:
    """Wait (bounded) until `condition` holds: for what the client does in the background."""
    async with asyncio.timeout(within_s):
        while True:
            if condition():
                return
            await asyncio.sleep(0.01)  # polled: the client has no event for each of these


class InProcessServer(uvicorn.Server):
    """uvicorn without its signal handlers: the test runner keeps Ctrl-C."""

    @contextlib.contextmanager
    def capture_signals(self) -> Iterator[None]:
        yield


@dataclass
class Served:
    server: InProcessServer
    services: Services
    proxy: Proxy

    @property
    def url(self) -> str:
        """Through the proxy, which a test may cut."""
        return self.proxy.url

    async def register(self, username: str) -> str:
        """A player account; returns its id."""
        async with GoldboxClient(self.url) as anonymous:
            account = await anonymous.call("auth.register", {"username": username, "password": PASSWORD})
        return str(account["id"])

    def player(
        self,
        username: str,
        *,
        renew_fraction: float = 0.8,
        event_buffer: int = 1024,
        backoff: Backoff = QUICK,
    ) -> GoldboxClient:
        """A client logged in with the password (QUICK to reconnect)."""
        return GoldboxClient(
            self.url,
            username=username,
            password=PASSWORD,
            backoff=backoff,
            renew_fraction=renew_fraction,
            event_buffer=event_buffer,
        )

    async def game_with(self, *account_ids: str) -> str:
        """An RPG game (its log only) with these accounts seated, as game.join would leave it."""
        game_id = await new_game(self.services.games)
        for account_id in account_ids:
            await seat(self.services.sessions, game_id, account_id)
        return game_id

    async def act(self, game_id: str, count: int = 1) -> list[LoggedEvent]:
        """Append `count` events in one commit and publish them, as an acknowledged action does."""
        return await act(self.services.games, self.services.game_events, game_id, count)

    async def close_sockets(self, code: int, reason: str) -> None:
        """The server closes every WebSocket it holds."""
        for close in list(self.services.sockets.values()):
            await close(code, reason)


@pytest.fixture
def settings_overrides() -> dict[str, object]:
    return {}


@pytest.fixture
async def served(sqlite_settings: Settings, settings_overrides: dict[str, object]) -> AsyncIterator[Served]:
    settings = sqlite_settings.model_copy(update=settings_overrides)
    app = create_app(settings)
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    config = uvicorn.Config(
        app, log_config=None, access_log=False, lifespan="on", timeout_graceful_shutdown=5
    )
    server = InProcessServer(config)
    serving = asyncio.create_task(server.serve(sockets=[listener]))
    async with asyncio.timeout(START_TIMEOUT_S):
        while not server.started:
            assert not serving.done(), "the server stopped while starting"
            await asyncio.sleep(0.01)
    proxy = await Proxy(int(listener.getsockname()[1])).start()
    try:
        yield Served(server, app.state.services, proxy)
    finally:
        await proxy.close()
        server.should_exit = True
        await asyncio.wait_for(serving, START_TIMEOUT_S)
        listener.close()
