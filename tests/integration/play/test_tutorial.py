"""`tutorial.start`: a one-player game in the tutorial's fixed dungeon, with a ready-made mage for a
player who has none; starting again closes the earlier tutorial."""

from __future__ import annotations

from starlette.testclient import TestClient

from goldbox.service.tutorial import APPRENTICE_NAME, TUTORIAL_PLAN
from tests.integration.play.conftest import code, ok, player
from tests.integration.play.play_helpers import check_replay, new_character, stored


def test_a_new_player_gets_a_ready_made_mage_at_the_entrance(app: TestClient) -> None:
    ada = player(app, "ada")
    started = ok(ada("tutorial.start"))
    assert started["new_character"] is True
    (made,) = ok(ada("character.list"))["characters"]
    assert (made["id"], made["name"], made["class_id"]) == (started["character_id"], APPRENTICE_NAME, "mage")
    assert made["game_id"] == started["game_id"]
    seen = ok(ada("game.state", game_id=started["game_id"]))
    assert [p["character_id"] for p in seen["game"]["players"]] == [made["id"]]
    assert (seen["game"]["max_players"], seen["game"]["depth"]) == (1, 1)
    assert seen["view"]["combat"] is None
    assert seen["view"]["party"][0]["spellbook"], "a mage with spells to memorise"
    assert stored(app, started["game_id"]).seed == TUTORIAL_PLAN.seed
    check_replay(app, started["game_id"])


def test_starting_again_reuses_the_mage_and_closes_the_earlier_tutorial(app: TestClient) -> None:
    ada = player(app, "ada")
    first = ok(ada("tutorial.start"))
    ok(ada("action.move", game_id=first["game_id"], character_id=first["character_id"], steps=["e"]))
    again = ok(ada("tutorial.start"))
    assert again["character_id"] == first["character_id"]
    assert again["new_character"] is False
    assert again["game_id"] != first["game_id"]
    assert [c["id"] for c in ok(ada("character.list"))["characters"]] == [first["character_id"]]
    listed = [g["id"] for g in ok(ada("game.list"))["games"]]
    assert again["game_id"] in listed
    assert first["game_id"] not in listed
    earlier = stored(app, first["game_id"])
    assert earlier.status == "finished"
    assert earlier.state["players"] == []
    check_replay(app, first["game_id"])
    moved = ada("action.move", game_id=first["game_id"], character_id=first["character_id"], steps=["n"])
    assert code(moved) in ("GBX_GAME_OVER", "GBX_NOT_IN_GAME")


def test_a_chosen_character_plays_it_and_one_busy_elsewhere_is_refused(app: TestClient) -> None:
    ada, bob = player(app, "ada"), player(app, "bob")
    fighter = new_character(ada, "Ada")
    started = ok(ada("tutorial.start", character_id=fighter))
    assert (started["character_id"], started["new_character"]) == (fighter, False)
    assert code(bob("tutorial.start", character_id=fighter)) == "GBX_NOT_FOUND"

    other = new_character(bob, "Bob")
    game = ok(bob("game.create", seed=25, difficulty=2, depth=1, max_players=2))
    ok(bob("game.join", game_id=game["id"], character_id=other))
    busy = bob("tutorial.start", character_id=other)
    assert code(busy) == "GBX_CHARACTER_BUSY"
    assert busy["error"]["data"]["details"]["game_id"] == game["id"]
    mage = ok(bob("tutorial.start"))
    assert mage["new_character"] is True, "Bob's fighter is busy and no mage of his is free"
