"""What other services build on: `create_seated` (a tournament's table, made, seated and started in
one go) and `on_finished` (told once per match, after the commit that ended it); and agents, which
play with API keys of role `agent` and sit as agents."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any, TypeVar

import pytest
from starlette.testclient import TestClient

from goldbox.api import errors
from goldbox.api.errors import GbxError
from goldbox.service.match_state import Entrant
from goldbox.service.matches import MatchFinished, Written
from tests.genius_toy_games import HIGHEST
from tests.integration.play.conftest import Player, ok, player, services

pytestmark = pytest.mark.timeout(60)
T = TypeVar("T")


def _run(app: TestClient, work: Callable[[], Awaitable[T]]) -> T:
    assert app.portal is not None
    return app.portal.call(work)


def _account(someone: Player) -> str:
    found: str = ok(someone("account.me"))["account"]["id"]
    return found


def _listening(app: TestClient) -> list[MatchFinished]:
    """The matches `on_finished` tells of, after a listener that fails (which must not matter)."""
    told: list[MatchFinished] = []

    async def failing(ended: MatchFinished) -> None:
        raise RuntimeError("a broken listener")

    async def listener(ended: MatchFinished) -> None:
        told.append(ended)

    services(app).matches.on_finished.extend([failing, listener])
    return told


def test_a_table_of_bots_made_by_create_seated_plays_to_its_end(app: TestClient) -> None:
    told = _listening(app)
    matches = services(app).matches
    written: Written = _run(
        app,
        lambda: matches.create_seated(
            HIGHEST, {"rounds": 2}, [Entrant.bot("nine"), Entrant.bot("random")], tournament_id="cup-1"
        ),
    )
    stored = written.stored
    assert stored.status == "finished"
    assert written.resolved == (1, 2)
    assert len(told) == 1
    ended = told[0]
    assert (ended.match_id, ended.game, ended.tournament_id) == (stored.id, HIGHEST, "cup-1")
    assert [(s.seat, s.kind, s.strategy, s.account_id) for s in ended.seats] == [
        (0, "bot", "nine", None),
        (1, "bot", "random", None),
    ]
    assert ended.outcome == stored.match.outcome
    assert ended.finished_at == stored.match.finished_at
    info = ok(player(app, "eve")("match.state", match_id=stored.id))["match"]
    assert (info["tournament_id"], info["creator"]) == ("cup-1", None)


def test_people_seated_by_create_seated_play_as_in_any_match(app: TestClient) -> None:
    told = _listening(app)
    ada, bob = player(app, "ada"), player(app, "bob")
    entrants = [
        Entrant.person(_account(ada), "ada"),
        Entrant.person(_account(bob), "bob"),
        Entrant.bot("nine"),
    ]
    matches = services(app).matches
    written: Written = _run(
        app,
        lambda: matches.create_seated(HIGHEST, {"rounds": 1}, entrants, "cup-2", round_deadline_s=600),
    )
    match_id = written.stored.id
    seen = ok(ada("match.state", match_id=match_id))
    assert (seen["you"], seen["match"]["round"], seen["acted"]) == (0, 1, [2])
    ok(ada("match.act", match_id=match_id, action={"number": 9}))
    assert told == [], "not over until the last awaited seat acts"
    ok(bob("match.act", match_id=match_id, action={"number": 1}))
    assert len(told) == 1
    assert [(s.kind, s.name) for s in told[0].seats] == [
        ("human", "ada"),
        ("human", "bob"),
        ("bot", "nine (bot)"),
    ]
    assert told[0].outcome.winners == (0, 2)


@pytest.mark.parametrize(
    ("entrants", "options", "path"),
    [
        ([Entrant.bot("nine"), Entrant.bot("psychic")], {}, "params.strategy"),
        ([Entrant.bot("nine"), Entrant.bot("nine")], {"rounds": 99}, "params.options"),
        ([Entrant.bot("nine")], {}, "params.max_players"),
    ],
)
def test_create_seated_refuses_what_the_rules_refuse(
    app: TestClient, entrants: list[Entrant], options: dict[str, Any], path: str
) -> None:
    matches = services(app).matches
    with pytest.raises(GbxError) as refusal:
        _run(app, lambda: matches.create_seated(HIGHEST, options, entrants))
    assert refusal.value.code is errors.INVALID_PARAMS
    assert refusal.value.details[0]["path"] == path
    assert _run(app, matches.list_matches) == []


def test_an_agent_with_an_api_key_sits_and_plays_as_an_agent(app: TestClient) -> None:
    ada, robo = player(app, "ada"), player(app, "robo")
    agent = Player(app, ok(robo("apikey.create", name="highest-bot", role="agent"))["key"])
    match_id = ok(ada("match.create", game=HIGHEST, options={"rounds": 1}, max_players=2))["id"]
    seats = ok(agent("match.join", match_id=match_id))["seats"]
    assert [(seat["kind"], seat["name"]) for seat in seats] == [("human", "ada"), ("agent", "robo")]
    ok(agent("match.start", match_id=match_id))
    ok(agent("match.act", match_id=match_id, action={"number": 6}))
    over = ok(ada("match.act", match_id=match_id, action={"number": 2}))["match"]
    assert over["outcome"] == {"scores": [0.0, 1.0], "winners": [1]}
