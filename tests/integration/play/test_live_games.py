"""Games kept decoded between actions: a process never acts on a stale copy when another process
wrote the game, a refused command leaves no half-changed copy behind, and the log still replays to
the stored state."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

import pytest
from starlette.testclient import TestClient

from tests.integration.play.conftest import Database, Player, code, ok, player, server, services
from tests.integration.play.play_helpers import check_replay, new_character

pytestmark = pytest.mark.timeout(60)

SEED = 25


def _seated(app: TestClient, someone: Player, name: str, game_id: str) -> str:
    hero = new_character(someone, name)
    ok(someone("game.join", game_id=game_id, character_id=hero))
    return hero


def test_two_processes_taking_turns_on_one_game_never_act_on_a_stale_copy(database: Database) -> None:
    with server(database) as first, server(database) as second:
        ada = player(first, "ada")
        game_id = ok(ada("game.create", seed=SEED, difficulty=2, depth=2, max_players=2))["id"]
        hero = _seated(first, ada, "Ada", game_id)
        ada_on_second = Player(second, ada.token)  # the same login, on the other process
        versions = []
        for turn in range(6):  # each process in turn: each one's kept copy is stale every time
            acting = ada if turn % 2 == 0 else ada_on_second
            reply = ok(acting("action.search", game_id=game_id, character_id=hero))
            versions.append(reply["game"]["version"])
        assert versions == sorted(set(versions)), "every action saw the one before it"
        assert len(services(first).adventures.live) == len(services(second).adventures.live) == 1
        check_replay(first, game_id)
        seen_by_second = ok(ada_on_second("game.state", game_id=game_id))
        assert seen_by_second["game"]["version"] == versions[-1]
        assert seen_by_second == ok(ada("game.state", game_id=game_id))


def test_a_refused_command_leaves_the_kept_game_as_it_was(app: TestClient) -> None:
    ada = player(app, "ada")
    game_id = ok(ada("game.create", seed=SEED, difficulty=2, depth=2, max_players=1))["id"]
    hero = _seated(app, ada, "Ada", game_id)
    before = ok(ada("game.state", game_id=game_id))
    refused = ada("action.move", game_id=game_id, character_id=hero, to=[0, 0])  # into the wall
    assert code(refused) == "GBX_RULE_VIOLATION"
    assert ok(ada("game.state", game_id=game_id)) == before
    ok(ada("action.search", game_id=game_id, character_id=hero))
    check_replay(app, game_id)


def test_the_kept_games_are_bounded(database: Database) -> None:
    with server(database, live_games=1) as app:
        ada = player(app, "ada")
        games = [ok(ada("game.create", seed=SEED, difficulty=2, depth=2, max_players=1))["id"] for _ in "ab"]
        heroes = [_seated(app, ada, name, game_id) for name, game_id in zip("AB", games, strict=True)]
        assert len(services(app).adventures.live) == 1
        for game_id, hero in zip(games, heroes, strict=True):  # the forgotten one is decoded again
            ok(ada("action.search", game_id=game_id, character_id=hero))
            check_replay(app, game_id)


def test_players_joining_at_once_through_two_processes_are_all_seated(database: Database) -> None:
    """Writers to one game wait their turn (a lock in each process, the row lock or SQLite's writer
    between them) instead of failing each other with GBX_CONFLICT."""
    with server(database) as first, server(database) as second:
        owner = player(first, "owner")
        game_id = ok(owner("game.create", seed=SEED, difficulty=2, depth=2, max_players=8))["id"]
        seats = []
        for index in range(8):
            someone = player(first, f"player{index}")
            someone = Player(second, someone.token) if index % 2 else someone
            hero = new_character(someone, f"Hero{index}")
            seats.append((someone, hero))
        with ThreadPoolExecutor(max_workers=8) as pool:
            replies = list(
                pool.map(lambda seat: seat[0]("game.join", game_id=game_id, character_id=seat[1]), seats)
            )
        assert [code(reply) if "error" in reply else "ok" for reply in replies] == ["ok"] * 8
        assert len(ok(owner("game.list"))["games"][0]["players"]) == 8
        check_replay(first, game_id)
