"""An in-process app with players seated in a game, for the WebSocket and SSE realtime tests."""

from __future__ import annotations

import itertools
import time
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import orjson
import pytest
from starlette.testclient import TestClient, WebSocketTestSession

from goldbox.ops.config import Settings
from goldbox.service.services import Services
from goldbox.store.game_log import LoggedEvent
from goldbox.transport.app import create_app
from tests.integration.auth.rpc_client import login, register
from tests.integration.realtime.helpers import act, new_game, seat

_ids = itertools.count(1)


@dataclass
class Player:
    account_id: str
    token: str

    @property
    def headers(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.token}"}


@dataclass
class Table:
    """The app, and a game with its players, driven as the actions service would drive it."""

    client: TestClient

    @property
    def services(self) -> Services:
        services: Services = self.client.app.state.services  # type: ignore[attr-defined]
        return services

    def player(self, name: str) -> Player:
        account = register(self.client, name)
        return Player(account["id"], login(self.client, name)["access_token"])

    def new_game(self, *players: Player) -> str:
        portal = self.client.portal
        assert portal is not None
        game_id = portal.call(new_game, self.services.games)
        for player in players:
            portal.call(seat, self.services.sessions, game_id, player.account_id)
        return game_id

    def act(self, game_id: str, count: int = 1, **data: Any) -> list[LoggedEvent]:
        portal = self.client.portal
        assert portal is not None
        logged: list[LoggedEvent] = portal.call(
            lambda: act(self.services.games, self.services.game_events, game_id, count, **data)
        )
        return logged


@pytest.fixture
def settings_overrides() -> dict[str, object]:
    return {}


@pytest.fixture
def table(sqlite_settings: Settings, settings_overrides: dict[str, object]) -> Iterator[Table]:
    settings = sqlite_settings.model_copy(update=settings_overrides)
    with TestClient(create_app(settings)) as client:
        yield Table(client)


def call(socket: WebSocketTestSession, method: str, params: dict[str, Any] | None = None) -> int:
    """Send a call; returns its id."""
    request_id = next(_ids)
    message: dict[str, Any] = {"jsonrpc": "2.0", "method": method, "id": request_id}
    if params is not None:
        message["params"] = params
    socket.send_text(orjson.dumps(message).decode())
    return request_id


class Reader:
    """Reads a socket's messages, keeping replies by id and the game events in arrival order."""

    def __init__(self, socket: WebSocketTestSession) -> None:
        self.socket = socket
        self.replies: dict[int, Any] = {}
        self.events: list[dict[str, Any]] = []
        self.notices: list[dict[str, Any]] = []

    def read_one(self) -> None:
        message = self.socket.receive_json()
        if "id" in message:
            self.replies[message["id"]] = message
        elif message["method"] == "game.event":
            self.events.append(message["params"])
        else:
            self.notices.append(message)

    def reply(self, request_id: int) -> Any:
        while request_id not in self.replies:
            self.read_one()
        return self.replies.pop(request_id)

    def rpc(self, method: str, params: dict[str, Any] | None = None) -> Any:
        return self.reply(call(self.socket, method, params))

    def seqs_until(self, seq: int, game_id: str | None = None) -> list[int]:
        """Read until the event `seq` (of `game_id`, if named) has come; the seqs so far."""
        while not any(e["seq"] == seq and game_id in (None, e["game_id"]) for e in self.events):
            self.read_one()
        return [e["seq"] for e in self.events if game_id in (None, e["game_id"])]

    def quiet(self) -> None:
        """Nothing more is on its way: a ping's answer comes next (after a moment to let any
        wrongly sent event arrive first)."""
        time.sleep(0.2)
        request_id = call(self.socket, "system.ping")
        message = self.socket.receive_json()
        assert message.get("id") == request_id, message
