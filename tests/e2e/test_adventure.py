"""A whole adventure against a real `goldbox serve`, through the public API only: two players sign up,
make characters (a fighter and a mage) and join one game; they explore under the fog of war, fight
monsters that fight back, cast a spell and pick up loot; one player's WebSocket drops mid-game and
resumes from the last seq it saw, missing nothing; and `goldbox replay` rebuilds the stored state
from the log.

On SQLite (the embedded default, no Redis), and on PostgreSQL with Redis when
GOLDBOX_TEST_DATABASE_URL and GOLDBOX_TEST_REDIS_URL are set (required under CI=true).
"""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any

import httpx2 as httpx
import pytest

from goldbox.service.game_events import AUDIENCE, EVERYONE
from goldbox.store.game_log import LoggedEvent
from tests.e2e.adventure_party import MISSILE, EventStream, Party, Player, position, sheet_of
from tests.e2e.game_database import ServerDatabase, read_games, replay_command
from tests.e2e.live_server import LiveServer
from tests.play_routes import CLOSED_DOOR, frontier, route

pytestmark = pytest.mark.timeout(90)

SEED = 25  # a dungeon whose first monsters and treasure are reachable through doors that open
BATTLES = 4  # a lucky party may kill a lone monster before it strikes: then it seeks the next one
STEPS_AWAY = 4  # what the other player does while the WebSocket is down


@pytest.fixture
def server_settings() -> dict[str, str]:
    """A player whose stream closed has their battle turn ended after the grace; the drop here is
    short, but a slow machine must not turn it into a timed-out turn the script did not choose."""
    return {"GOLDBOX_TURN_GRACE_S": "60"}


def _attackers(events: list[dict[str, Any]]) -> set[str]:
    return {e["data"]["attacker"] for e in events if e["type"].startswith("attack.")}


async def fight_until_struck(party: Party, walker: Player) -> None:
    """Seek battles until a monster has attacked the party and the mage has cast its spell."""
    for _ in range(BATTLES):
        await party.explore_until_battle(walker)
        await party.fight()
        if _attackers(party.shown()) & party.monsters and party.casts:
            return


def check_battles(party: Party) -> None:
    shown = party.shown()
    assert any(e["type"] == "combat.started" for e in shown)
    assert _attackers(shown) & party.monsters, "a monster fought back"
    assert _attackers(shown) & {p.character_id for p in party.players}, "the players attacked"


def check_cast(party: Party, mage: Player) -> None:
    """The spell went off (a spell.cast event by the mage at a monster) and used its memorised slot."""
    assert party.casts, [r["error"]["data"]["details"] for r in mage.refused]
    cast = party.casts[0]
    assert [e["type"] for e in cast["events"][:2]] == ["command", "spell.cast"], cast["events"]
    spell = cast["events"][1]["data"]
    assert (spell["caster"], spell["spell"]) == (mage.character_id, MISSILE)
    assert spell["target"] in party.monsters
    assert sheet_of(cast["view"], mage.character_id)["memorised"] == {"1": []}


async def walk_on_alone(party: Party, walker: Player) -> int:
    """A few steps into the unexplored while the other player is away (up to a battle, if one
    starts); returns the game's version then."""
    view = await party.view()
    version = 0
    for _ in range(STEPS_AWAY):
        if view["combat"] is not None:
            break
        stepped = await party.step(walker, view, frontier(view["map"]["rows"]))
        assert stepped is not None
        view = stepped
        version = walker.acted[-1][1]
    return version


async def open_a_door(party: Party, walker: Player, limit: int = 100) -> None:
    """Walk through the nearest closed door the party knows of, exploring until it knows one: the
    walker opens it (action.open_door) when it stands before it, and steps into the doorway."""
    view = await party.view()
    for _ in range(limit):
        doors = {
            (x, y)
            for y, row in enumerate(view["map"]["rows"])
            for x, glyph in enumerate(row)
            if glyph == CLOSED_DOOR
        }
        here = position(sheet_of(view, walker.character_id))
        ways = [
            (len(way), door) for door in doors if (way := route(view["map"]["rows"], here, {door}, set()))
        ]
        if ways:
            break
        if view["combat"] is not None:
            view = await party.fight()
            continue
        stepped = await party.step(walker, view, frontier(view["map"]["rows"]))
        assert stepped is not None, "the party explored all it could and found no closed door"
        view = stepped
    assert ways, f"no closed door within {limit} steps"
    door = min(ways)[1]
    view = await party.walk_to(walker, door)
    assert view["map"]["rows"][door[1]][door[0]] == "'", "the door stands open"
    assert any(
        e["type"] == "door.opened" and e["data"] == {"creature": walker.character_id, "at": list(door)}
        for e in walker.shown.values()
    )


async def loot(party: Party, picker: Player) -> None:
    """Walk to the nearest item lying in the explored dungeon and pick it up: it is in the pack then
    (a stack like one already carried joins it), or its coins are in the purse."""
    view = await party.view()
    here = position(sheet_of(view, picker.character_id))
    rows = view["map"]["rows"]
    lying = [
        (len(way), floor["item"]["uid"], floor)
        for floor in view["floor"]
        if (way := route(rows, here, {(floor["point"][0], floor["point"][1])}, set())) is not None
    ]
    assert lying, "no item in sight to loot"
    _, _, floor = min(lying)
    item, goal = floor["item"], (floor["point"][0], floor["point"][1])
    before = sheet_of(await party.walk_to(picker, goal), picker.character_id)
    answer = await picker.act("action.pickup", party.game_id, item=item["uid"])
    assert "result" in answer, answer
    taken = answer["result"]
    picked = taken["events"][1]
    assert (taken["events"][0]["type"], picked["type"]) == ("command", "item.picked_up")
    assert (picked["data"]["creature"], picked["data"]["base"]) == (picker.character_id, item["base"])
    after = sheet_of(taken["view"], picker.character_id)
    assert item["uid"] not in [f["item"]["uid"] for f in taken["view"]["floor"]]
    if item["base"] == "gold_coins":
        assert after["gold"] == before["gold"] + item["quantity"]
        return
    carried = {i["uid"]: i["quantity"] for i in before["inventory"]}
    now = {i["uid"]: i["quantity"] for i in after["inventory"]}
    held = picked["data"]["item"]
    assert now[held] == carried.get(held, 0) + item["quantity"], (item, before["inventory"])


def _meant_for(event: LoggedEvent, account_id: str) -> bool:
    """Whether the log addressed `event` to the account (no audience: every player)."""
    audience = event.data.get(AUDIENCE)
    return audience is None or account_id in audience or EVERYONE in audience


def check_stream(
    stream: EventStream, after_seq: int, party: Party, watcher: str, log: list[LoggedEvent]
) -> None:
    """The events the watcher received, before and after the drop together: in seq order, none
    twice, and none missing: every seq from `after_seq` on that was logged for the watcher's account,
    each as logged. The seqs not sent are events of monsters the party could not see, logged for
    operators only (audience []), never something another player was shown."""
    seqs = [event["seq"] for event in stream.received]
    assert seqs == sorted(set(seqs)), "in order, none twice"
    assert [e.seq for e in log] == list(range(1, len(log) + 1)), "the log has no gap"
    after = [e for e in log if e.seq > after_seq]
    meant = [e for e in after if _meant_for(e, watcher)]
    assert seqs == [e.seq for e in meant], "no gap in what the watcher may see"
    for event, logged in zip(stream.received, meant, strict=True):
        mine = {k: v for k, v in logged.data.items() if k != AUDIENCE}
        assert (event["type"], event["data"]) == (logged.type, mine)
    hidden = [e for e in after if e.seq not in set(seqs)]
    assert all(e.data[AUDIENCE] == [] for e in hidden), [e for e in hidden if e.data[AUDIENCE]]
    assert not {e.seq for e in hidden} & {e["seq"] for e in party.shown()}
    spans = sorted(span for p in party.players for span in p.acted if span[0] > after_seq)
    assert [s[0] for s in spans] == [after_seq + 1] + [s[1] + 1 for s in spans[:-1]], "actions tile the log"
    assert spans[-1][1] == log[-1].seq


async def test_a_party_adventures_and_a_dropped_player_misses_nothing(
    database: ServerDatabase, tmp_path: Path
) -> None:
    url, env = database
    server = LiveServer(env, tmp_path / "server.log").start()
    try:
        async with httpx.AsyncClient(timeout=10) as http:
            mage, fighter = Player("ada", server.url, http), Player("bob", server.url, http)
            for someone, race, class_id in ((mage, "elf", "mage"), (fighter, "human", "fighter")):
                await someone.sign_up()
                await someone.new_character(race, class_id)
            game = await mage.result("game.create", seed=SEED, difficulty=2, depth=2, max_players=2)
            game_id = game["id"]
            await mage.result("game.join", game_id=game_id, character_id=mage.character_id)
            joined = await fighter.result("game.join", game_id=game_id, character_id=fighter.character_id)
            first_after = joined["game"]["version"]
            watcher = next(
                p["account_id"]
                for p in joined["game"]["players"]
                if p["character_id"] == fighter.character_id
            )

            stream = EventStream(server.ws_url, fighter.token, game_id)
            subscribed = await stream.open(first_after)
            assert subscribed["result"]["last_seq"] == first_after, subscribed

            rested = await mage.act("action.rest", game_id, memorise={"1": [MISSILE]})
            assert sheet_of(rested["result"]["view"], mage.character_id)["memorised"] == {"1": [MISSILE]}
            spells = (await mage.result("content.spells"))["entries"]
            party = Party(game_id, [mage, fighter], spells[MISSILE]["range"])
            await fight_until_struck(party, fighter)
            check_battles(party)
            check_cast(party, mage)

            await stream.drop()
            dropped_at = stream.last_seq
            away_until = await walk_on_alone(party, mage)
            assert away_until > dropped_at, "the game went on while the watcher was away"
            resumed = await stream.open(dropped_at)
            assert resumed["result"] == {"game_id": game_id, "after_seq": dropped_at, "last_seq": away_until}

            await open_a_door(party, fighter)
            await loot(party, fighter)
            final = (await fighter.act("action.search", game_id))["result"]
            await stream.wait_for(final["events"][-1]["seq"])  # the last the watcher may see
            await stream.close()
    finally:
        server.stop()

    assert stream.others == [], stream.others
    ((_game, log),) = (await read_games(url, [game_id])).values()
    assert log[-1].seq == final["last_seq"]
    check_stream(stream, first_after, party, watcher, log)
    replayed = await asyncio.to_thread(replay_command, url, game_id)
    assert replayed.returncode == 0, replayed.stderr + replayed.stdout
    assert f"game {game_id}: {final['last_seq']} events replayed; the state matches" in replayed.stdout
