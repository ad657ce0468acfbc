"""A party playing one RPG game against a real server through its public API only: JSON-RPC over
HTTP for every action, `game.subscribe` on a WebSocket for the events. The players choose their moves
from what `game.state` (and each action's reply) shows them under the fog of war, never from the
server's stored state, so they explore as a real client would."""

from __future__ import annotations

import asyncio
import contextlib
import itertools
import json
from dataclasses import dataclass, field
from typing import Any

import httpx2 as httpx
import websockets
from websockets.asyncio.client import ClientConnection

from tests.play_routes import CLOSED_DOOR, Point, direction_of, frontier, route, step_towards

PASSWORD = "correct horse battery staple"
MISSILE = "magic_missile"
WAIT_S = 10.0
_ids = itertools.count(1)

View = dict[str, Any]


def code(reply: dict[str, Any]) -> str:
    """The GBX_* code of an error reply ("" for a result)."""
    return str(reply.get("error", {}).get("data", {}).get("code", ""))


def position(creature: dict[str, Any]) -> Point:
    return (creature["position"][0], creature["position"][1])


def distance(a: Point, b: Point) -> int:
    return max(abs(a[0] - b[0]), abs(a[1] - b[1]))


def sheet_of(view: View, character_id: str) -> dict[str, Any]:
    sheet: dict[str, Any] = next(s for s in view["party"] if s["id"] == character_id)
    return sheet


def foes_in_sight(view: View) -> list[dict[str, Any]]:
    return [
        c for c in view["creatures"] if c["side"] == "monsters" and c["status"] == "active" and c["position"]
    ]


@dataclass
class Player:
    """One account with one character, talking JSON-RPC over HTTP; remembers what it was shown."""

    name: str
    url: str
    http: httpx.AsyncClient
    token: str = ""
    character_id: str = ""
    shown: dict[int, dict[str, Any]] = field(default_factory=dict)
    """Every event an acknowledged action's reply showed this player, by seq."""
    acted: list[tuple[int, int]] = field(default_factory=list)
    """(first_seq, last_seq) of each acknowledged action."""
    refused: list[dict[str, Any]] = field(default_factory=list)

    async def reply(self, rpc_method: str, /, **params: Any) -> dict[str, Any]:
        headers = {"Authorization": f"Bearer {self.token}"} if self.token else {}
        body = {"jsonrpc": "2.0", "id": next(_ids), "method": rpc_method, "params": params}
        answer: dict[str, Any] = (await self.http.post(f"{self.url}/rpc", json=body, headers=headers)).json()
        return answer

    async def result(self, rpc_method: str, /, **params: Any) -> dict[str, Any]:
        answer = await self.reply(rpc_method, **params)
        assert "result" in answer, (self.name, rpc_method, params, answer)
        found: dict[str, Any] = answer["result"]
        return found

    async def sign_up(self) -> None:
        await self.result("auth.register", username=self.name, password=PASSWORD)
        login = await self.result("auth.login", username=self.name, password=PASSWORD)
        self.token = login["access_token"]

    async def new_character(self, race: str, class_id: str) -> None:
        """The standard array, so every run has the same scores (rolled ones would change the fights)."""
        made = await self.result(
            "character.create",
            name=self.name.title(),
            race=race,
            method="standard_array",
            **{"class": class_id},
        )
        self.character_id = made["info"]["id"]

    async def act(self, method: str, game_id: str, /, **params: Any) -> dict[str, Any]:
        """One action for this player's character. A refusal must be a rule of the game (nothing else
        is fair play here); it is kept and the reply returned, for the caller to choose again."""
        answer = await self.reply(method, game_id=game_id, character_id=self.character_id, **params)
        if "error" in answer:
            assert code(answer) == "GBX_RULE_VIOLATION", (self.name, method, params, answer)
            self.refused.append(answer)
            return answer
        done = answer["result"]
        assert done["events"][0]["seq"] == done["first_seq"], done["events"][0]
        assert done["game"]["version"] == done["last_seq"]
        self.acted.append((done["first_seq"], done["last_seq"]))
        self.shown |= {event["seq"]: event for event in done["events"]}
        return answer


@dataclass
class EventStream:
    """A player's WebSocket watching one game: every `game.event` notification, in arrival order."""

    ws_url: str
    token: str
    game_id: str
    received: list[dict[str, Any]] = field(default_factory=list)
    others: list[dict[str, Any]] = field(default_factory=list)
    """Anything else the server said besides events and the subscribe reply (resume notices, errors)."""
    _socket: ClientConnection | None = None
    _reader: asyncio.Task[None] | None = None
    _arrived: asyncio.Event = field(default_factory=asyncio.Event)

    @property
    def last_seq(self) -> int:
        return int(self.received[-1]["seq"]) if self.received else 0

    async def open(self, after_seq: int) -> dict[str, Any]:
        """Connect and subscribe from `after_seq`; returns the subscribe reply."""
        self._socket = await websockets.connect(
            self.ws_url, additional_headers={"Authorization": f"Bearer {self.token}"}
        )
        call_id = next(_ids)
        params = {"game_id": self.game_id, "after_seq": after_seq}
        await self._socket.send(
            json.dumps({"jsonrpc": "2.0", "id": call_id, "method": "game.subscribe", "params": params})
        )
        replied: asyncio.Future[dict[str, Any]] = asyncio.get_running_loop().create_future()
        self._reader = asyncio.create_task(self._read(self._socket, call_id, replied))
        async with asyncio.timeout(WAIT_S):
            return await replied

    async def _read(
        self, socket: ClientConnection, call_id: int, replied: asyncio.Future[dict[str, Any]]
    ) -> None:
        with contextlib.suppress(websockets.ConnectionClosed):
            async for text in socket:
                message = json.loads(text)
                if message.get("method") == "game.event":
                    self.received.append(message["params"])
                    self._arrived.set()
                elif message.get("id") == call_id and not replied.done():
                    replied.set_result(message)
                else:
                    self.others.append(message)

    async def wait_for(self, seq: int) -> None:
        """Until an event at `seq` or after has arrived (bounded)."""
        async with asyncio.timeout(WAIT_S):
            while self.last_seq < seq:
                self._arrived.clear()
                await self._arrived.wait()

    async def drop(self) -> None:
        """The connection is cut, as a player's network fails: no unsubscribe, no closing handshake."""
        if self._socket is not None:
            self._socket.transport.abort()
        await self._stop_reading()

    async def close(self) -> None:
        """The player leaves the page: a clean close."""
        if self._socket is not None:
            await self._socket.close()
        await self._stop_reading()

    async def _stop_reading(self) -> None:
        if self._reader is not None:
            await asyncio.wait_for(self._reader, WAIT_S)


@dataclass
class Party:
    """The players of one game, each acting for their own character, choosing from the party's view."""

    game_id: str
    players: list[Player]
    missile_range: int
    """How far a magic missile flies (from `content.spells`)."""
    monsters: set[str] = field(default_factory=set)
    """Every monster the party has seen."""
    casts: list[dict[str, Any]] = field(default_factory=list)
    """The replies to the spells cast."""

    def shown(self) -> list[dict[str, Any]]:
        """Every event some player was shown, in seq order."""
        return sorted(
            {seq: e for p in self.players for seq, e in p.shown.items()}.values(), key=lambda e: e["seq"]
        )

    def player_of(self, character_id: str) -> Player:
        return next(p for p in self.players if p.character_id == character_id)

    async def view(self) -> View:
        state = await self.players[0].result("game.state", game_id=self.game_id)
        return self._seen(state["view"])

    def _seen(self, view: View) -> View:
        self.monsters |= {c["id"] for c in view["creatures"] if c["side"] == "monsters"}
        return view

    async def step(self, walker: Player, view: View, goals: set[Point]) -> View | None:
        """One step of `walker` along the shortest known way to `goals`, opening a closed door in the
        way; None when no goal can be reached through what the party has explored."""
        here = position(sheet_of(view, walker.character_id))
        blocked = {position(c) for c in view["creatures"] if c["position"]}
        way = route(view["map"]["rows"], here, goals - {here}, blocked)
        if not way:
            return None
        direction = direction_of(here, way[0])
        if view["map"]["rows"][way[0][1]][way[0][0]] == CLOSED_DOOR:
            answer = await walker.act("action.open_door", self.game_id, direction=direction)
        else:
            answer = await walker.act("action.move", self.game_id, steps=[direction])
        assert "result" in answer, answer  # the way was open in the party's own view
        return self._seen(answer["result"]["view"])

    async def explore_until_battle(self, walker: Player, limit: int = 300) -> View:
        """Walk towards the monsters in sight, else the nearest unexplored edge, until a battle starts."""
        view = await self.view()
        for _ in range(limit):
            if view["combat"] is not None:
                return view
            foes = {position(c) for c in foes_in_sight(view)}
            stepped = await self.step(walker, view, foes or frontier(view["map"]["rows"]))
            assert stepped is not None, "the party found no way on and no monster"
            view = stepped
        raise AssertionError(f"no battle within {limit} steps")

    async def walk_to(self, walker: Player, goal: Point, limit: int = 200) -> View:
        """Walk to `goal`, fighting out any battle met on the way."""
        view = await self.view()
        for _ in range(limit):
            if view["combat"] is not None:
                view = await self.fight()
                continue
            if position(sheet_of(view, walker.character_id)) == goal:
                return view
            stepped = await self.step(walker, view, {goal})
            assert stepped is not None, f"no way to {goal}"
            view = stepped
        raise AssertionError(f"{goal} not reached within {limit} steps")

    async def fight(self, limit: int = 200) -> View:
        """Play the party's turns until the battle ends: a mage with a missile memorised casts it at
        the nearest foe; anyone next to a foe strikes it; else steps towards it; else ends the turn."""
        view = await self.view()
        for _ in range(limit):
            if view["combat"] is None:
                return view
            actor = self.player_of(view["turn"])
            answer = await self._turn(actor, view)
            if "error" in answer:  # the blow or step was not possible after all: pass
                answer = await actor.act("action.end_turn", self.game_id)
            assert "result" in answer, answer
            view = self._seen(answer["result"]["view"])
        raise AssertionError(f"the battle lasted more than {limit} turns")

    async def _turn(self, actor: Player, view: View) -> dict[str, Any]:
        me = sheet_of(view, actor.character_id)
        here = position(me)
        foes = sorted(foes_in_sight(view), key=lambda c: (distance(here, position(c)), c["id"]))
        if not foes:
            return await actor.act("action.end_turn", self.game_id)
        foe = foes[0]
        there = position(foe)
        if MISSILE in me["memorised"].get("1", []) and distance(here, there) <= self.missile_range:
            cast = await actor.act("action.cast", self.game_id, spell=MISSILE, target=foe["id"])
            if "result" in cast:
                self.casts.append(cast["result"])
                return cast
        if distance(here, there) <= 1:
            return await actor.act("action.attack", self.game_id, target=foe["id"])
        if view["combat"]["movement_left"] > 0:
            blocked = {position(c) for c in view["creatures"] if c["position"]}
            way = route(view["map"]["rows"], here, {there}, blocked)
            towards = direction_of(here, way[0]) if way else step_towards(here, there)
            return await actor.act("action.move", self.game_id, steps=[towards])
        return await actor.act("action.end_turn", self.game_id)
