"""Scripted players for the crash test: they play whatever is legal in their game's view, ride out a
server that dies under them, and remember every action the server acknowledged."""

from __future__ import annotations

import asyncio
import itertools
import random
from dataclasses import dataclass, field
from typing import Any

import httpx2 as httpx

from goldbox.game.rpg.level import DIRECTIONS, distance
from tests.play_routes import CLOSED_DOOR, Point, direction_of, frontier, route, step_towards

PASSWORD = "correct horse battery staple"
RETRY_PAUSE_S = 0.05
SIGNED_OUT = {"GBX_UNAUTHENTICATED", "GBX_TOKEN_EXPIRED", "GBX_TOKEN_INVALID", "GBX_SESSION_REVOKED"}
# Refusals a player may hear while playing: none of them is acknowledged, none changes anything.
REFUSALS = {"GBX_RULE_VIOLATION", "GBX_CONFLICT", "GBX_REQUEST_TIMEOUT", "GBX_UNAVAILABLE"}
COMMAND_OF = {
    "action.move": "Move",
    "action.open_door": "OpenDoor",
    "action.search": "Search",
    "action.attack": "Attack",
    "action.end_turn": "EndTurn",
}
_ids = itertools.count(1)


class Stopped(Exception):
    """The test is over; the player walks away."""


@dataclass(frozen=True, slots=True)
class Acknowledged:
    """An action the server answered with a result: it must be in the log, whatever happened next."""

    game_id: str
    character_id: str
    account_id: str
    method: str
    first_seq: int
    last_seq: int
    shown: list[dict[str, Any]]


@dataclass
class ScriptedPlayer:
    """One account with one character at a time, talking JSON-RPC over HTTP to `url`."""

    name: str
    url: str
    rng: random.Random
    stop: asyncio.Event
    http: httpx.AsyncClient = field(default_factory=lambda: httpx.AsyncClient(timeout=5.0))
    token: str = ""
    account_id: str = ""
    game_id: str = ""
    character_id: str = ""
    games: list[str] = field(default_factory=list)
    acknowledged: list[Acknowledged] = field(default_factory=list)
    refused_connection: int = 0  # requests sent while the server was down
    cut_off: int = 0  # requests the server took but never answered: it died under them
    unexpected: list[dict[str, Any]] = field(default_factory=list)

    # ------------------------------------------------------------------------------ talking
    async def reply(self, method: str, **params: Any) -> dict[str, Any]:
        """The server's JSON-RPC reply, however many restarts it takes; signs in again when told to."""
        while True:
            if self.stop.is_set():
                raise Stopped
            headers = {"Authorization": f"Bearer {self.token}"} if self.token else {}
            body = {"jsonrpc": "2.0", "id": next(_ids), "method": method, "params": params}
            try:
                answer: dict[str, Any] = (
                    await self.http.post(f"{self.url}/rpc", json=body, headers=headers)
                ).json()
            except httpx.ConnectError:
                self.refused_connection += 1
                await asyncio.sleep(RETRY_PAUSE_S)
                continue
            except (httpx.TransportError, ValueError):
                self.cut_off += 1
                await asyncio.sleep(RETRY_PAUSE_S)
                continue
            if _code(answer) in SIGNED_OUT and self.token:
                await self.sign_in()
                continue
            return answer

    async def result(self, method: str, **params: Any) -> dict[str, Any]:
        answer = await self.reply(method, **params)
        assert "result" in answer, (self.name, method, answer)
        found: dict[str, Any] = answer["result"]
        return found

    async def sign_in(self) -> None:
        self.token = ""
        answer = await self.reply("auth.login", username=self.name, password=PASSWORD)
        self.token = answer["result"]["access_token"]

    async def sign_up(self) -> None:
        """Register (a retry after a crash may find the name already taken: that is fine) and log in."""
        answer = await self.reply("auth.register", username=self.name, password=PASSWORD)
        assert "result" in answer or _code(answer) == "GBX_USERNAME_TAKEN", answer
        await self.sign_in()

    # ------------------------------------------------------------------------------ games
    async def new_character(self) -> None:
        made = await self.result(
            "character.create", name=self.name.title(), race="human", **{"class": "fighter"}
        )
        self.character_id = made["info"]["id"]

    async def open_game(self, seed: int, max_players: int) -> str:
        game = await self.result("game.create", seed=seed, difficulty=1, depth=2, max_players=max_players)
        game_id: str = game["id"]
        return game_id

    async def join(self, game_id: str) -> None:
        """Sit down in the game; a join cut off by a crash may already have happened."""
        answer = await self.reply("game.join", game_id=game_id, character_id=self.character_id)
        if "error" in answer:
            assert _code(answer) in {"GBX_CHARACTER_BUSY", "GBX_CONFLICT"}, answer
            state = await self.result("game.state", game_id=game_id)
            if not any(p["character_id"] == self.character_id for p in state["game"]["players"]):
                return await self.join(game_id)
            players = state["game"]["players"]
        else:
            players = answer["result"]["game"]["players"]
        self.account_id = next(p["account_id"] for p in players if p["character_id"] == self.character_id)
        self.game_id = game_id
        self.games.append(game_id)
        return None

    async def start_over(self) -> None:
        """The game ended (the party fell or cleared it): a new hero goes down a new dungeon alone."""
        await self.new_character()
        await self.join(await self.open_game(self.rng.randrange(2**31), 1))

    # ------------------------------------------------------------------------------ playing
    async def play(self) -> None:
        """Act until the test says stop: the view decides what is legal, refusals are part of play."""
        try:
            while not self.stop.is_set():
                state = await self.reply("game.state", game_id=self.game_id)
                if "error" in state:
                    self.unexpected.append(state)
                    return
                if state["result"]["game"]["status"] == "finished":
                    await self.start_over()
                    continue
                view = state["result"]["view"]
                choice = self._choose(view)
                if choice is None:
                    await asyncio.sleep(0.02)  # another player's turn in battle
                    continue
                await self.act(*choice, in_battle=view["combat"] is not None)
        except Stopped:
            return

    async def act(self, method: str, params: dict[str, Any], in_battle: bool = False) -> None:
        answer = await self.reply(method, game_id=self.game_id, character_id=self.character_id, **params)
        if "result" in answer:
            done = answer["result"]
            self.acknowledged.append(
                Acknowledged(
                    self.game_id,
                    self.character_id,
                    self.account_id,
                    method,
                    done["first_seq"],
                    done["last_seq"],
                    done["events"],
                )
            )
        elif _code(answer) == "GBX_GAME_OVER":
            await self.start_over()
        elif _code(answer) not in REFUSALS:
            self.unexpected.append(answer)
        elif _code(answer) == "GBX_RULE_VIOLATION" and in_battle and method != "action.end_turn":
            await self.act("action.end_turn", {})  # the move or blow was not possible: pass

    def _choose(self, view: dict[str, Any]) -> tuple[str, dict[str, Any]] | None:
        me = next((c for c in view["party"] if c["id"] == self.character_id), None)
        if me is None or me["position"] is None:
            return ("action.search", {})
        here = _square(me)
        foes = [
            c
            for c in view["creatures"]
            if c["side"] == "monsters" and c["status"] == "active" and c["position"]
        ]
        if view["combat"] is not None:
            if view["turn"] != self.character_id:
                return None
            return self._fight(here, foes, view["combat"]["movement_left"])
        if self.rng.random() < 0.15:
            return ("action.search", {})
        return self._explore(view, here, foes)

    def _fight(
        self, here: Point, foes: list[dict[str, Any]], movement_left: int
    ) -> tuple[str, dict[str, Any]]:
        if not foes:
            return ("action.end_turn", {})
        foe = min(foes, key=lambda c: (distance(here, _square(c)), c["id"]))
        there = _square(foe)
        if distance(here, there) <= 1:
            return ("action.attack", {"target": foe["id"]})
        if movement_left > 0:
            return ("action.move", {"steps": [step_towards(here, there)]})
        return ("action.end_turn", {})

    def _explore(
        self, view: dict[str, Any], here: Point, foes: list[dict[str, Any]]
    ) -> tuple[str, dict[str, Any]]:
        """One step towards the nearest monster in sight or unexplored square; a random one at times."""
        rows: list[str] = view["map"]["rows"]
        blocked = {_square(c) for c in view["creatures"] if c["position"]}
        goals = {_square(f) for f in foes} or frontier(rows)
        way = route(rows, here, goals - {here}, blocked)
        if not way or self.rng.random() < 0.1:
            return ("action.move", {"steps": [self.rng.choice(sorted(DIRECTIONS))]})
        step = way[0]
        direction = direction_of(here, step)
        if rows[step[1]][step[0]] == CLOSED_DOOR:
            return ("action.open_door", {"direction": direction})
        return ("action.move", {"steps": [direction]})


def _code(answer: dict[str, Any]) -> str:
    return str(answer.get("error", {}).get("data", {}).get("code", ""))


def _square(creature: dict[str, Any]) -> Point:
    """Where a creature of the view stands (the view gives it as a JSON list)."""
    return (creature["position"][0], creature["position"][1])
