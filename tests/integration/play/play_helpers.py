"""Scripted players for the play tests: walk to a monster, then fight it out turn by turn."""

from __future__ import annotations

import json
from typing import Any

from starlette.testclient import TestClient

from goldbox.service.replay import comparable, plan_of, replay
from goldbox.store.game_log import LoggedEvent, StoredGame
from tests.integration.play.conftest import Player, ok, services
from tests.play_routes import Point, direction_of, route, step_towards


def new_character(someone: Player, name: str, class_id: str = "fighter") -> str:
    """A human of the class, made with the standard array: the same scores every run (rolled ones
    would make the fights differ)."""
    made = ok(
        someone("character.create", name=name, race="human", method="standard_array", **{"class": class_id})
    )
    character_id: str = made["info"]["id"]
    return character_id


def check_replay(client: TestClient, game_id: str) -> None:
    """The game's log has no gap and replays to the stored state."""
    game = stored(client, game_id)
    events = log(client, game_id)
    assert [event.seq for event in events] == list(range(1, game.version + 1))
    assert json.dumps(replay(plan_of(game.state), events).to_state()) == json.dumps(comparable(game.state))


def stored(client: TestClient, game_id: str) -> StoredGame:
    game: StoredGame = client.portal.call(services(client).games.load, game_id)  # type: ignore[union-attr]
    return game


def log(client: TestClient, game_id: str) -> list[LoggedEvent]:
    events: list[LoggedEvent] = client.portal.call(  # type: ignore[union-attr]
        services(client).games.events_after, game_id, 0, 100000
    )
    return events


def walk(client: TestClient, game_id: str, walker: Player, character_id: str, goals: set[Point]) -> str:
    """Walk a character one step at a time towards `goals` (read from the stored state, as a test
    may), opening closed doors on the way. Returns "battle", "arrived" or "stuck"."""
    for _ in range(200):
        scene = stored(client, game_id).state["adventure"]["scene"]
        if stored(client, game_id).state["adventure"]["combat"] is not None:
            return "battle"
        creatures = scene["creatures"]
        here = tuple(creatures[character_id]["position"])
        if here in goals:
            return "arrived"
        blocked = {tuple(c["position"]) for c in creatures.values() if c["position"]}
        way = route(scene["level"]["rows"], here, goals, blocked)
        if not way:
            return "stuck"
        step = way[0]
        direction = direction_of(here, step)
        if scene["level"]["rows"][step[1]][step[0]] == "+":
            reply = walker(
                "action.open_door", game_id=game_id, character_id=character_id, direction=direction
            )
        else:
            reply = walker("action.move", game_id=game_id, character_id=character_id, steps=[direction])
        if "error" in reply:
            return "stuck"
    return "stuck"


def walk_to_a_monster(client: TestClient, game_id: str, walker: Player, character_id: str) -> bool:
    """Walk towards the nearest monsters until a battle starts."""
    creatures = stored(client, game_id).state["adventure"]["scene"]["creatures"]
    monsters = {tuple(c["position"]) for c in creatures.values() if c["side"] == "monsters" and c["position"]}
    return walk(client, game_id, walker, character_id, monsters) == "battle"


def fight(game_id: str, players: dict[str, Player], limit: int = 150) -> list[dict[str, Any]]:
    """Play the party's turns until the battle ends: attack a monster next to you, else step
    towards the nearest, else end the turn. Returns the events the players were shown."""
    shown: list[dict[str, Any]] = []
    anyone = next(iter(players.values()))
    for _ in range(limit):
        view = anyone("game.state", game_id=game_id)["result"]["view"]
        if view["combat"] is None or view["turn"] not in players:
            break
        actor = view["turn"]
        acting = players[actor]
        me = next(sheet for sheet in view["party"] if sheet["id"] == actor)
        here = tuple(me["position"])
        foes = [
            c
            for c in view["creatures"]
            if c["side"] == "monsters" and c["status"] == "active" and c["position"]
        ]
        foes.sort(key=lambda c: max(abs(c["position"][0] - here[0]), abs(c["position"][1] - here[1])))
        reply: Any = None
        if foes:
            foe = foes[0]
            there = tuple(foe["position"])
            if max(abs(there[0] - here[0]), abs(there[1] - here[1])) <= 1:
                reply = acting("action.attack", game_id=game_id, character_id=actor, target=foe["id"])
            elif view["combat"]["movement_left"] > 0:
                step = step_towards(here, there)
                reply = acting("action.move", game_id=game_id, character_id=actor, steps=[step])
        if reply is None or "error" in reply:
            reply = acting("action.end_turn", game_id=game_id, character_id=actor)
        assert "result" in reply, reply
        shown += reply["result"]["events"]
    return shown
