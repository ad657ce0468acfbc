"""Scores reach the boards from real play: the actions service calls the scoring hook after each
acknowledged action, and a won battle's XP shows on the `xp` board under the character's owner."""

from __future__ import annotations

from starlette.testclient import TestClient

from tests.integration.play.conftest import app, database, ok, player
from tests.integration.play.play_helpers import fight, log, walk_to_a_monster

__all__ = ["app", "database"]  # the play fixtures this module uses
SEED = 25  # the play tests' dungeon: its monsters are reachable through doors that open


def test_xp_won_in_a_battle_shows_on_the_board(app: TestClient) -> None:
    ada = player(app, "ada")
    hero = ok(
        ada("character.create", name="Ada", race="human", method="standard_array", **{"class": "fighter"})
    )["info"]["id"]
    game = ok(ada("game.create", seed=SEED, difficulty=1, depth=1, max_players=1))["id"]
    ok(ada("game.join", game_id=game, character_id=hero))
    assert walk_to_a_monster(app, game, ada, hero)
    fight(game, {hero: ada})
    totals = [
        event.data["xp"]
        for event in log(app, game)
        if event.type == "xp.gained" and event.data["creature"] == hero
    ]
    assert totals, "the seeded battle is won, so the hero earns XP"
    board = ok(ada("leaderboard.around", board="xp", period="day", span=0))
    entry = board["entries"][0]
    assert (board["rank"], entry["user"], entry["value"], entry["game_id"]) == (1, "ada", max(totals), game)
