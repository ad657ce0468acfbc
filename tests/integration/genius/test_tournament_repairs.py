"""A tournament survives what a crash can leave behind: matches whose end was never reported, a
table claimed by a process that died before making its match, and a match made but never written
to its table. The sweep (`Tournaments.catch_up`) moves each on, and the tournament still ends with
every table played once; a result told twice counts once."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import UTC, datetime, timedelta
from typing import TypeVar

import pytest
from sqlalchemy import select
from starlette.testclient import TestClient

from goldbox.auth.roles import Principal, Role
from goldbox.service.match_state import Entrant
from goldbox.service.matches import Matches
from goldbox.service.ratings import finished_from_state
from goldbox.service.tournaments import EntrantSpec, Tournament, Tournaments
from goldbox.store.models import TournamentMatchRecord
from tests.integration.play.conftest import ok, player, services

pytestmark = pytest.mark.timeout(60)
T = TypeVar("T")
PD = "prisoners_dilemma"
BOTS = [EntrantSpec("bot", strategy=s) for s in ("tit_for_tat", "grim_trigger", "pavlov", "random")]


def run(app: TestClient, work: Callable[[], Awaitable[T]]) -> T:
    assert app.portal is not None
    return app.portal.call(work)


class Clock:
    def __init__(self) -> None:
        self.now = datetime.now(UTC)

    def __call__(self) -> datetime:
        return self.now


class Stalled(Tournaments):
    """A process that pairs rounds but dies before it makes their matches."""

    def _launch_soon(self, tournament_id: str) -> None:
        return None


def new_cup(app: TestClient, cups: Tournaments) -> Tournament:
    """A round robin of four Prisoner's Dilemma bots, made by `cups`."""
    ada = player(app, "ada")
    who = Principal(ok(ada("account.me"))["account"]["id"], Role.PLAYER, "ada")
    return run(app, lambda: cups.create(who, PD, "round_robin", BOTS, None, {"max_rounds": 5}, 30, 0.0))


def sweep_until_finished(app: TestClient, cups: Tournaments, tournament_id: str) -> Tournament:
    for _ in range(10):
        run(app, cups.catch_up)
        found = run(app, lambda: cups.get(tournament_id))
        if found.status == "finished":
            return found
    raise AssertionError("the sweep never finished the tournament")


def assert_played_out(tournament: Tournament) -> None:
    assert tournament.round == tournament.rounds == 3
    assert len(tournament.tables) == 6
    assert all(table.played is not None and table.match_id for table in tournament.tables)
    assert len({table.match_id for table in tournament.tables}) == 6
    assert sum(row.wins + row.draws + row.losses for row in tournament.standings()) == 12


def test_the_sweep_records_matches_whose_end_was_never_told(app: TestClient) -> None:
    live = services(app)
    deaf = Matches(live.sessions)  # nobody listens: every match's end goes unreported
    cups = Tournaments(live.sessions, deaf)
    made = new_cup(app, cups)
    assert made.round == 1
    done = sweep_until_finished(app, cups, made.id)
    assert_played_out(done)
    run(app, cups.close)


def test_a_claim_left_by_a_dead_process_is_freed_and_made(app: TestClient) -> None:
    live = services(app)
    deaf = Matches(live.sessions)
    clock = Clock()
    cups = Stalled(live.sessions, deaf, clock=clock)
    made = new_cup(app, cups)
    claimed = run(app, lambda: cups._claim(made.id))  # claimed, then the process died
    assert claimed is not None
    run(app, cups.catch_up)  # the other table is made; the claimed one is not stale yet
    tables = run(app, lambda: cups.get(made.id)).tables
    assert [table.match_id is None for table in tables] == [True, False]
    clock.now += timedelta(minutes=2)
    done = sweep_until_finished(app, cups, made.id)
    assert_played_out(done)


def test_a_match_made_but_never_linked_is_found_and_counted_once(app: TestClient) -> None:
    live = services(app)
    deaf = Matches(live.sessions)
    clock = Clock()
    cups = Stalled(live.sessions, deaf, clock=clock)
    made = new_cup(app, cups)
    claimed = run(app, lambda: cups._claim(made.id))
    assert claimed is not None
    _, row = claimed
    seats = [Entrant.bot(BOTS[n].strategy or "") for n in row.entrants]
    written = run(app, lambda: deaf.create_seated(PD, {"max_rounds": 5}, seats, tournament_id=made.id))
    clock.now += timedelta(minutes=2)
    run(app, cups.catch_up)
    first = run(app, lambda: cups.get(made.id)).tables[0]
    assert (first.match_id, first.played is not None) == (written.stored.id, True)
    ended = finished_from_state(written.stored.id, written.stored.match)
    assert ended is not None
    run(app, lambda: cups.record(ended))  # told again, late: nothing changes

    async def rows() -> list[TournamentMatchRecord]:
        async with live.sessions() as session:
            found = await session.scalars(
                select(TournamentMatchRecord).where(TournamentMatchRecord.tournament_id == made.id)
            )
            return list(found)

    assert len(run(app, rows)) == 2  # still round 1: the other table has not been made yet
    done = sweep_until_finished(app, cups, made.id)
    assert_played_out(done)
