"""An action's reply names the seqs it appended to the game's log: its `command` first, then every
event the rules and the monsters answered, including those the caller may not see."""

from __future__ import annotations

from starlette.testclient import TestClient

from tests.integration.play.conftest import ok, player
from tests.integration.play.play_helpers import log, new_character

SEED = 25


def test_an_action_reply_names_the_seqs_it_appended(app: TestClient) -> None:
    ada = player(app, "ada")
    hero = new_character(ada, "Ada")
    game = ok(ada("game.create", seed=SEED, difficulty=2, depth=2, max_players=2))
    joined = ok(ada("game.join", game_id=game["id"], character_id=hero))
    previous = joined["game"]["version"]
    for _ in range(3):
        acted = ok(ada("action.search", game_id=game["id"], character_id=hero))
        first, last = acted["first_seq"], acted["last_seq"]
        assert (first, last) == (previous + 1, acted["game"]["version"])
        assert first < last, "a search logs its command and what it found"
        logged = {event.seq: event for event in log(app, game["id"])}
        assert logged[first].type == "command"
        assert logged[first].data["params"]["actor"] == hero
        assert max(logged) == last
        shown = [event["seq"] for event in acted["events"]]
        assert shown[0] == first
        assert set(shown) <= set(range(first, last + 1))
        previous = last
