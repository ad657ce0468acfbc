"""Playing the RPG through the API: characters, a shared game, actions that fight monsters which fight
back, refusals that change nothing, the fog of war, concurrent actions, and replays of the log."""

from __future__ import annotations

import json
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from starlette.testclient import TestClient

from tests.integration.play.conftest import Player, code, ok, player, services
from tests.integration.play.play_helpers import (
    check_replay,
    fight,
    log,
    new_character,
    stored,
    walk,
    walk_to_a_monster,
)
from tests.integration.realtime.conftest import Reader

SEED = 25  # a dungeon whose monsters and treasure are all reachable through doors that open


def _party(app: TestClient, depth: int = 2) -> tuple[Player, Player, str, str, str]:
    ada, bob = player(app, "ada"), player(app, "bob")
    ada_hero = new_character(ada, "Ada")
    bob_hero = new_character(bob, "Bob")
    game = ok(ada("game.create", seed=SEED, difficulty=2, depth=depth, max_players=2))
    ok(ada("game.join", game_id=game["id"], character_id=ada_hero))
    joined = ok(bob("game.join", game_id=game["id"], character_id=bob_hero))
    assert [p["name"] for p in joined["game"]["players"]] == ["Ada", "Bob"]
    return ada, bob, game["id"], ada_hero, bob_hero


def _snapshot(app: TestClient, game_id: str, someone: Player) -> tuple[str, int]:
    return json.dumps(ok(someone("game.state", game_id=game_id))), len(log(app, game_id))


# --------------------------------------------------------------------------------------- characters
def test_characters_belong_to_their_owner(app: TestClient) -> None:
    ada, bob = player(app, "ada"), player(app, "bob")
    hero = ok(ada("character.create", name="Ada", race="elf", method="standard_array", **{"class": "mage"}))
    derived = hero["sheet"]["derived"]
    assert set(derived) == {"armour_class", "thac0", "saves", "movement", "spell_slots"}
    assert derived["spell_slots"] == {"1": 1}
    hero_id = hero["info"]["id"]
    assert [c["id"] for c in ok(ada("character.list"))["characters"]] == [hero_id]
    assert ok(bob("character.list"))["characters"] == []
    assert code(bob("character.get", character_id=hero_id)) == "GBX_NOT_FOUND"
    assert code(bob("character.delete", character_id=hero_id)) == "GBX_NOT_FOUND"
    assert ok(ada("character.get", character_id=hero_id))["info"]["name"] == "Ada"
    refused = ada("character.create", name="Dur", race="dwarf", **{"class": "mage"})
    assert code(refused) == "GBX_RULE_VIOLATION"
    assert refused["error"]["data"]["details"]["rule"] == "CREATE_CLASS_NOT_ALLOWED"
    over = ada(
        "character.create",
        name="Max",
        race="human",
        method="point_buy",
        scores={"str": 18, "dex": 18, "con": 18, "int": 8, "wis": 8, "cha": 8},
        **{"class": "fighter"},
    )
    assert over["error"]["data"]["details"]["rule"] == "CREATE_INVALID_POINT_BUY"
    ok(ada("character.delete", character_id=hero_id))
    assert ok(ada("character.list"))["characters"] == []


# ------------------------------------------------------------------------------------------- playing
def test_two_players_explore_and_fight_monsters_that_fight_back(app: TestClient) -> None:
    ada, bob, game_id, ada_hero, bob_hero = _party(app)
    listed = ok(ada("game.list"))["games"]
    assert [g["id"] for g in listed] == [game_id]
    assert code(bob("game.join", game_id=game_id, character_id=new_character(bob, "Cid"))) == "GBX_GAME_FULL"
    shown: list[dict[str, Any]] = []
    for _ in range(4):  # a lucky party may kill a lone monster before it strikes: then find the next
        assert walk_to_a_monster(app, game_id, ada, ada_hero)
        shown += fight(game_id, {ada_hero: ada, bob_hero: bob})
        events = log(app, game_id)
        monsters = {
            cid
            for cid, c in stored(app, game_id).state["adventure"]["scene"]["creatures"].items()
            if c["side"] == "monsters"
        }
        if any(e.type.startswith("attack.") and e.data["attacker"] in monsters for e in events):
            break
    types = [event.type for event in events]
    assert "combat.started" in types
    assert any(e.type.startswith("attack.") and e.data["attacker"] in monsters for e in events)
    assert any(e.type.startswith("attack.") and e.data["attacker"] in (ada_hero, bob_hero) for e in events)
    assert any(e.type == "ai.decision" for e in events)
    assert all("audience" not in event["data"] for event in shown)
    check_replay(app, game_id)


def test_loot_on_the_floor_is_picked_up(app: TestClient) -> None:
    ada, bob, game_id, ada_hero, bob_hero = _party(app)
    for floor in stored(app, game_id).state["adventure"]["scene"]["floor"]:
        point = (floor["point"][0], floor["point"][1])
        for _ in range(4):  # fight whatever stands in the way, then walk on
            walked = walk(app, game_id, ada, ada_hero, {point})
            if walked != "battle":
                break
            fight(game_id, {ada_hero: ada, bob_hero: bob})
        if walked != "arrived":
            continue
        taken = ok(ada("action.pickup", game_id=game_id, character_id=ada_hero, item=floor["item"]["uid"]))
        assert [e["type"] for e in taken["events"]][:2] == ["command", "item.picked_up"]
        mine = next(sheet for sheet in taken["view"]["party"] if sheet["id"] == ada_hero)
        assert floor["item"]["base"] == "gold_coins" or floor["item"]["uid"] in [
            i["uid"] for i in mine["inventory"]
        ]
        check_replay(app, game_id)
        return
    raise AssertionError("no floor item could be reached")


def test_refused_actions_have_stable_codes_and_change_nothing(app: TestClient) -> None:
    ada, bob, game_id, ada_hero, bob_hero = _party(app)
    carol = player(app, "carol")
    carol_hero = new_character(carol, "Carol")
    before = _snapshot(app, game_id, ada)
    refusals: list[tuple[Any, str]] = [
        (bob("action.move", game_id=game_id, character_id=ada_hero, steps=["n"]), "GBX_NOT_YOUR_CHARACTER"),
        (carol("action.move", game_id=game_id, character_id=carol_hero, steps=["n"]), "GBX_NOT_IN_GAME"),
        (carol("game.state", game_id=game_id), "GBX_NOT_IN_GAME"),
        (ada("action.move", game_id="no-such-game", character_id=ada_hero, steps=["n"]), "GBX_NOT_FOUND"),
        (ada("action.attack", game_id=game_id, character_id=ada_hero, target=bob_hero), "GBX_RULE_VIOLATION"),
        (ada("action.end_turn", game_id=game_id, character_id=ada_hero), "GBX_RULE_VIOLATION"),
        (ada("character.delete", character_id=ada_hero), "GBX_CHARACTER_BUSY"),
    ]
    for reply, expected in refusals:
        assert code(reply) == expected, reply
    state = stored(app, game_id).state
    here = state["adventure"]["scene"]["creatures"][ada_hero]["position"]
    rows = state["adventure"]["scene"]["level"]["rows"]
    walls = [
        name
        for name, (dx, dy) in (("n", (0, -1)), ("s", (0, 1)), ("e", (1, 0)), ("w", (-1, 0)))
        if rows[here[1] + dy][here[0] + dx] == "#"
    ]
    if walls:
        bump = ada("action.move", game_id=game_id, character_id=ada_hero, steps=[walls[0]])
        assert bump["error"]["data"]["details"]["rule"].startswith("MOVE_")
    assert _snapshot(app, game_id, ada) == before
    # Out of turn, in battle.
    assert walk_to_a_monster(app, game_id, ada, ada_hero)
    view = ok(ada("game.state", game_id=game_id))["view"]
    waiting = bob_hero if view["turn"] == ada_hero else ada_hero
    waiter = bob if waiting == bob_hero else ada
    before = _snapshot(app, game_id, ada)
    out_of_turn = waiter("action.end_turn", game_id=game_id, character_id=waiting)
    assert out_of_turn["error"]["data"]["details"]["rule"] == "TURN_NOT_YOURS"
    assert _snapshot(app, game_id, ada) == before


def test_a_finished_game_takes_no_more_actions(app: TestClient) -> None:
    ada, _bob, game_id, ada_hero, _bob_hero = _party(app)

    async def finish() -> None:
        from goldbox.service.adventures import Adventures
        from goldbox.store.database import write_transaction
        from goldbox.store.models import GameRecord

        adventures: Adventures = app.app.state.services.adventures  # type: ignore[attr-defined]
        async with write_transaction(adventures.sessions) as session:
            record = await session.get(GameRecord, game_id)
            assert record is not None
            record.status = "finished"

    app.portal.call(finish)  # type: ignore[union-attr]
    before = _snapshot(app, game_id, ada)
    assert code(ada("action.move", game_id=game_id, character_id=ada_hero, steps=["n"])) == "GBX_GAME_OVER"
    assert _snapshot(app, game_id, ada) == before
    assert (
        ok(ada("game.leave", game_id=game_id, character_id=ada_hero))["events"][-1]["type"] == "player.left"
    )
    assert ok(ada("character.get", character_id=ada_hero))["info"]["game_id"] is None


def test_the_fog_of_war_hides_unexplored_squares_and_unseen_monsters(app: TestClient) -> None:
    ada, _bob, game_id, _ada_hero, _bob_hero = _party(app)
    view = ok(ada("game.state", game_id=game_id))["view"]
    state = stored(app, game_id).state["adventure"]["scene"]
    explored = {tuple(point) for point in state["explored"]}
    rows = view["map"]["rows"]
    for y, row in enumerate(rows):
        for x, glyph in enumerate(row):
            assert (glyph == "?") == ((x, y) not in explored)
    assert sum(row.count("?") for row in rows) > len(rows[0])  # most of the map is still hidden
    assert not any(glyph in "ST" for row in rows for glyph in row)
    shown = {c["id"] for c in view["creatures"]}
    monsters = {cid for cid, c in state["creatures"].items() if c["side"] == "monsters"}
    assert monsters
    assert not monsters <= shown
    text = json.dumps(ok(ada("game.state", game_id=game_id)))
    for hidden in monsters - shown:
        assert hidden not in text
    far = ok(ada("world.query", game_id=game_id, rect=[0, 0, 200, 200]))["found"]
    assert {f["id"] for f in far if f["kind"] == "creature"} <= shown


def test_leaving_returns_the_sheet_and_the_game_goes_on(app: TestClient) -> None:
    ada, bob, game_id, ada_hero, bob_hero = _party(app)
    moved = [ada("action.move", game_id=game_id, character_id=ada_hero, steps=[way]) for way in "nsew"]
    assert any("result" in reply for reply in moved)
    left = ok(ada("game.leave", game_id=game_id, character_id=ada_hero))
    assert [p["character_id"] for p in left["game"]["players"]] == [bob_hero]
    sheet = ok(ada("character.get", character_id=ada_hero))
    assert sheet["info"]["game_id"] is None
    assert sheet["sheet"]["position"] is not None
    moved = [bob("action.move", game_id=game_id, character_id=bob_hero, steps=[way]) for way in "nsew"]
    assert any("result" in reply for reply in moved)
    check_replay(app, game_id)


def test_concurrent_actions_never_corrupt_a_game(app: TestClient) -> None:
    ada, bob, game_id, ada_hero, bob_hero = _party(app)

    def moves(who: Player, character_id: str, steps: list[str]) -> list[str]:
        answers = []
        for step in steps:
            reply = who("action.move", game_id=game_id, character_id=character_id, steps=[step])
            answers.append("ok" if "result" in reply else code(reply))
        return answers

    with ThreadPoolExecutor(max_workers=2) as pool:
        first = pool.submit(moves, ada, ada_hero, ["n", "s"] * 4)
        second = pool.submit(moves, bob, bob_hero, ["e", "w"] * 4)
        answers = first.result() + second.result()
    assert set(answers) <= {"ok", "GBX_RULE_VIOLATION", "GBX_CONFLICT"}
    assert answers.count("ok") > 0
    check_replay(app, game_id)


def test_static_content_and_quests(app: TestClient) -> None:
    ada, _bob, game_id, _ada_hero, _bob_hero = _party(app)
    spells = ok(ada("content.spells"))["entries"]
    assert "magic_missile" in spells
    assert "orc" in ok(ada("content.monsters"))["entries"]
    assert "long_sword" in ok(ada("content.items"))["entries"]
    quests = ok(ada("quest.list", game_id=game_id))["quests"]
    assert quests
    assert all(q["status"] == "active" for q in quests)


def test_each_acknowledged_change_is_published_to_watchers(app: TestClient) -> None:
    ada, _bob, game_id, ada_hero, _bob_hero = _party(app)
    published: list[tuple[str, list[int]]] = []
    game_events = services(app).game_events

    async def publish(game: str, events: Any) -> None:
        published.append((game, [event.seq for event in events]))

    game_events.publish = publish  # type: ignore[method-assign,assignment]
    moved = [ada("action.move", game_id=game_id, character_id=ada_hero, steps=[way]) for way in "nsew"]
    acknowledged = [reply["result"] for reply in moved if "result" in reply]
    assert acknowledged
    assert [seqs for _game, seqs in published] == [
        list(range(reply["events"][0]["seq"], reply["game"]["version"] + 1)) for reply in acknowledged
    ]
    assert {game for game, _seqs in published} == {game_id}


def test_goldbox_replay_checks_a_game_and_shows_any_point(app: TestClient) -> None:
    from click.testing import CliRunner

    from goldbox.cli import main

    ada, _bob, game_id, ada_hero, _bob_hero = _party(app)
    for way in "nsew":
        ada("action.move", game_id=game_id, character_id=ada_hero, steps=[way])
    env = {"GOLDBOX_DATABASE_URL": services(app).settings.database_url}
    checked = CliRunner().invoke(main, ["replay", game_id], env=env)
    assert checked.exit_code == 0, checked.output
    assert "the state matches" in checked.output
    early = CliRunner().invoke(main, ["replay", game_id, "--to", "1"], env=env)
    assert early.exit_code == 0, early.output
    assert [p["character_id"] for p in json.loads(early.output)["players"]] == [ada_hero]
    missing = CliRunner().invoke(main, ["replay", "no-such-game"], env=env)
    assert missing.exit_code == 2


def test_one_players_action_reaches_the_other_players_socket(app: TestClient) -> None:
    """Through the whole path: bob's action over HTTP, committed, published on the bus (Redis in CI's
    PostgreSQL run), filtered for ada, and sent on her WebSocket as game.event notifications."""
    ada, bob, game_id, _ada_hero, bob_hero = _party(app)
    with app.websocket_connect("/ws", headers={"Authorization": f"Bearer {ada.token}"}) as socket:
        reader = Reader(socket)
        subscribed = reader.rpc("game.subscribe", {"game_id": game_id})
        acted = ok(bob("action.search", game_id=game_id, character_id=bob_hero))
        assert acted["first_seq"] == subscribed["result"]["last_seq"] + 1
        reader.seqs_until(acted["last_seq"], game_id)
        received = [e for e in reader.events if e["seq"] >= acted["first_seq"]]
        shown_to_bob = [{"seq": e["seq"], "type": e["type"], "data": e["data"]} for e in acted["events"]]
        shown_to_ada = [{"seq": e["seq"], "type": e["type"], "data": e["data"]} for e in received]
        assert shown_to_ada == shown_to_bob, "the party sees the same events of its own members"
        assert shown_to_ada[0]["type"] == "command"
        assert all("audience" not in event["data"] for event in shown_to_ada)
