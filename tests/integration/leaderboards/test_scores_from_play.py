"""Scores reach the boards from real play: the actions service calls the scoring hook after each
acknowledged action, and a won battle's XP shows on the `xp` board under the character's owner,
even when the leaderboard store could not be reached while it was won."""

from __future__ import annotations

from collections.abc import Sequence

import pytest
from sqlalchemy import select
from starlette.testclient import TestClient

from goldbox.infra.leaderboard_store import LeaderboardsUnavailable, Score
from goldbox.service.services import Services
from goldbox.store.models import GameRecord
from tests.integration.play.conftest import Player, app, database, ok, player, services
from tests.integration.play.play_helpers import fight, log, new_character, walk_to_a_monster

__all__ = ["app", "database"]  # the play fixtures this module uses
SEED = 25  # the play tests' dungeon: its monsters are reachable through doors that open


def _battle_won(app: TestClient) -> tuple[Player, str, str]:
    """Ada, her fighter and their one-player game, after the seeded dungeon's first battle."""
    ada = player(app, "ada")
    hero = new_character(ada, "Ada")
    game = ok(ada("game.create", seed=SEED, difficulty=1, depth=1, max_players=1))["id"]
    ok(ada("game.join", game_id=game, character_id=hero))
    assert walk_to_a_monster(app, game, ada, hero)
    fight(game, {hero: ada})
    return ada, hero, game


def test_xp_won_in_a_battle_shows_on_the_board(app: TestClient) -> None:
    ada, hero, game = _battle_won(app)
    totals = [
        event.data["xp"]
        for event in log(app, game)
        if event.type == "xp.gained" and event.data["creature"] == hero
    ]
    assert totals, "the seeded battle is won, so the hero earns XP"
    board = ok(ada("leaderboard.around", board="xp", period="day", span=0))
    entry = board["entries"][0]
    assert (board["rank"], entry["user"], entry["value"], entry["game_id"]) == (1, "ada", max(totals), game)


def test_xp_whose_scoring_failed_reaches_the_board_at_the_next_sweep(
    app: TestClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    running = services(app)
    portal = app.portal
    assert portal is not None
    portal.call(running.score_keeper.close)  # this test sweeps by hand, so it knows which sweep did it

    async def unreachable(scores: Sequence[Score]) -> None:
        raise LeaderboardsUnavailable("the leaderboard store (test) is unreachable")

    monkeypatch.setattr(running.leaderboards.store, "submit", unreachable)
    ada, hero, game = _battle_won(app)
    totals = [e.data["xp"] for e in log(app, game) if e.type == "xp.gained" and e.data["creature"] == hero]
    assert totals, "the seeded battle is won, so the hero earns XP"
    assert ok(ada("leaderboard.around", board="xp", period="day", span=0))["entries"] == []
    monkeypatch.undo()  # the store is back

    scored, version = portal.call(watermark, running, game)
    assert scored < version
    assert portal.call(running.score_keeper.sweep).caught_up == 1
    board = ok(ada("leaderboard.around", board="xp", period="day", span=0))
    entry = board["entries"][0]
    assert (board["rank"], entry["user"], entry["value"], entry["game_id"]) == (1, "ada", max(totals), game)
    assert portal.call(watermark, running, game) == (version, version)
    assert portal.call(running.score_keeper.sweep).caught_up == 0
    assert ok(ada("leaderboard.around", board="xp", period="day", span=0)) == board


async def watermark(running: Services, game_id: str) -> tuple[int, int]:
    """The game's (scored_seq, version)."""
    async with running.sessions() as session:
        found = (
            await session.execute(
                select(GameRecord.scored_seq, GameRecord.version).where(GameRecord.id == game_id)
            )
        ).one()
    return found.scored_seq, found.version
