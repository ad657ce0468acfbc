"""A person plays the Minority Game against two bots on a real `goldbox serve`, over the WebSocket
only: they make the match, seat an `inductive` and a `random` bot, start it, watch it with
`game.subscribe` and seal an action every round with `match.act`, choosing from `match.state`,
until `match.finished` arrives live. A second account watches as a spectator on its own socket.

Afterwards, against the log read straight from the database: every round's events reached both
sockets in order with no gap, nobody saw a sealed action before its round resolved (no
`round.revealed`, `round.action_sealed` says who, never what), the spectator got exactly the public
events, the outcome is the sum of each round's minority points, and `match.replay` reveals every
round's actions. A second action in a round is GBX_ALREADY_ACTED; one naming a past round is
GBX_ROUND_CLOSED.

On SQLite (one process), and on PostgreSQL with Redis when GOLDBOX_TEST_DATABASE_URL and
GOLDBOX_TEST_REDIS_URL are set (required under CI=true): then with two server processes, the player
on one and the spectator on the other, so the spectator's events cross Redis.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from functools import partial
from pathlib import Path
from typing import Any

import httpx2 as httpx
import pytest

from goldbox.service.game_events import AUDIENCE, EVERYONE
from goldbox.store.game_log import LoggedEvent
from tests.e2e.game_database import ServerDatabase, read_games
from tests.e2e.live_server import LiveServer
from tests.e2e.match_socket import MatchSocket, Message, sign_up

pytestmark = pytest.mark.timeout(120)

ROUNDS = 5
SEATS = (0, 1, 2)  # the person, then the two bots
BOTS = ("inductive", "random")
PACE_S = 2.0
"""No round resolves sooner than this after it opened: the person's action comes within
milliseconds, so a second one in the same round finds the round still open (GBX_ALREADY_ACTED)."""
DEADLINE_S = 10
"""The players' deadline of a round; the person always acts long before it."""
PUBLIC = {
    "match.seated",
    "match.started",
    "minority.started",
    "round.opened",
    "round.action_sealed",
    "minority.round",
    "match.finished",
}


@contextmanager
def servers(folder: Path, env: dict[str, str], count: int) -> Iterator[list[LiveServer]]:
    """`count` servers on one database, started one after the other; always stopped."""
    with ExitStack() as stack:
        started = []
        for number in range(count):
            server = LiveServer(env, folder / f"server{number}.log")
            stack.callback(server.kill)
            started.append(server.start())
        yield started
        for server in started:
            server.stop()


def _of(event: Message, type_: str, round_number: int | None = None) -> bool:
    return event["type"] == type_ and (round_number is None or event["data"].get("round") == round_number)


async def play_every_round(ada: MatchSocket, eve: MatchSocket, match_id: str) -> dict[int, str]:
    """The person's side of the match, round by round, checking what they and the spectator may
    see and the refusals on the way; returns the side chosen in each round."""
    chosen: dict[int, str] = {}
    for round_number in range(1, ROUNDS + 1):
        await ada.event(partial(_of, type_="round.opened", round_number=round_number))
        shown = await ada.result("match.state", match_id=match_id)
        assert (shown["you"], shown["match"]["round"], shown["awaiting"]) == (0, round_number, list(SEATS))
        assert (shown["acted"], shown["sealed"]) == ([1, 2], None), "the bots sealed as the round opened"
        assert len(shown["view"]["history"]) == round_number - 1, "nothing of this round's choices"
        if round_number == 2:
            late = await ada.refusal("match.act", match_id=match_id, action={"choice": "A"}, round=1)
            assert (late["code"], late["details"]) == ("GBX_ROUND_CLOSED", {"round": 1, "current_round": 2})
        choices = shown["legal"]["choices"]
        choice = choices[round_number % len(choices)]
        acted = await ada.result(
            "match.act", match_id=match_id, action={"choice": choice}, round=round_number
        )
        assert (acted["round"], acted["sealed"]) == (round_number, {"choice": choice})
        chosen[round_number] = choice
        if round_number == 1:
            await second_thoughts_and_a_spectator(ada, eve, match_id, choice)
    return chosen


async def second_thoughts_and_a_spectator(
    ada: MatchSocket, eve: MatchSocket, match_id: str, choice: str
) -> None:
    """In the first round, once the person has sealed: a change of mind is refused and changes
    nothing, and the spectator sees that everyone acted but not what anyone chose."""
    other = "B" if choice == "A" else "A"
    again = await ada.refusal("match.act", match_id=match_id, action={"choice": other}, round=1)
    assert (again["code"], again["details"]) == ("GBX_ALREADY_ACTED", {"round": 1, "seat": 0})
    mine = await ada.result("match.state", match_id=match_id)
    assert (mine["sealed"], mine["acted"], mine["legal"]) == ({"choice": choice}, list(SEATS), {})
    watched = await eve.result("match.state", match_id=match_id)
    assert (watched["you"], watched["sealed"], watched["legal"]) == (None, None, {})
    assert watched["acted"] == list(SEATS)
    assert watched["view"] == {k: v for k, v in mine["view"].items() if k != "you"}
    stranger = await eve.refusal("match.act", match_id=match_id, action={"choice": "A"})
    assert stranger["code"] == "GBX_NOT_IN_MATCH"
    early = await eve.refusal("match.replay", match_id=match_id)
    assert early["code"] == "GBX_MATCH_NOT_OVER"


def check_stream(received: list[Message], log: list[LoggedEvent]) -> None:
    """What one socket received is exactly the public part of the log, in seq order, each event as
    logged, ending with `match.finished` delivered live; the rest of the log is the hidden
    `round.revealed` of each round."""
    assert [e.seq for e in log] == list(range(1, len(log) + 1)), "the log has no gap"
    public = [e for e in log if EVERYONE in e.data[AUDIENCE]]
    hidden = [e for e in log if e not in public]
    assert [(e.type, e.data[AUDIENCE]) for e in hidden] == [("round.revealed", [])] * ROUNDS
    assert [e["seq"] for e in received] == [e.seq for e in public], "in order, none twice, no gap"
    for event, logged in zip(received, public, strict=True):
        assert (event["type"], event["data"]) == (
            logged.type,
            {k: v for k, v in logged.data.items() if k != AUDIENCE},
        )
    assert {e["type"] for e in received} == PUBLIC
    assert received[-1]["type"] == "match.finished"
    assert "published_at" in received[-1], "the end arrived live"
    for event in received:
        if event["type"] == "round.action_sealed":
            assert set(event["data"]) == {"round", "seat"}, "who acted, never what"
    check_rounds_in_order(received)


def check_rounds_in_order(received: list[Message]) -> None:
    """Each round's events came together, in the order they happen: opened, every seat sealed
    (each once), resolved; then the next round, or the end."""
    rounds = [e for e in received if e["type"] in ("round.opened", "round.action_sealed", "minority.round")]
    assert len(rounds) == ROUNDS * (2 + len(SEATS))
    for index, round_number in enumerate(range(1, ROUNDS + 1)):
        opened, *sealed, resolved = rounds[index * 5 : index * 5 + 5]
        assert (opened["type"], opened["data"]["round"]) == ("round.opened", round_number)
        assert [(e["type"], e["data"]["round"]) for e in sealed] == [
            ("round.action_sealed", round_number)
        ] * 3
        assert sorted(e["data"]["seat"] for e in sealed) == list(SEATS)
        assert (resolved["type"], resolved["data"]["round"]) == ("minority.round", round_number)
    assert received[-1]["seq"] > rounds[-1]["seq"]


def _shown(event: Message) -> tuple[int, str, Message]:
    """An event as received, without when it was published (replayed events have no such time)."""
    return event["seq"], event["type"], event["data"]


def minority_points(received: list[Message]) -> dict[int, list[int]]:
    """Each seat's points in each round, from the running scores of the `minority.round` events."""
    points: dict[int, list[int]] = {}
    before = [0] * len(SEATS)
    for event in received:
        if event["type"] == "minority.round":
            scores = event["data"]["scores"]
            points[event["data"]["round"]] = [now - then for now, then in zip(scores, before, strict=True)]
            before = scores
    return points


def check_outcome(received: list[Message], replay: dict[str, Any], chosen: dict[int, str]) -> None:
    """The final scores are the sum of the rounds' points, and each round's points are what the
    revealed actions earned: a point for each seat on the minority side."""
    points = minority_points(received)
    assert sorted(points) == list(range(1, ROUNDS + 1))
    assert all(set(row) <= {0, 1} for row in points.values())
    finished = received[-1]["data"]
    totals = [float(sum(points[r][seat] for r in points)) for seat in SEATS]
    assert finished["scores"] == totals == replay["outcome"]["scores"] == replay["match"]["outcome"]["scores"]
    best = max(totals)
    assert finished["winners"] == [seat for seat in SEATS if totals[seat] == best]

    assert [r["round"] for r in replay["rounds"]] == list(range(1, ROUNDS + 1))
    for played in replay["rounds"]:
        actions = played["actions"]
        assert sorted(actions) == [str(seat) for seat in SEATS], "every seat's action revealed"
        assert actions["0"] == {"choice": chosen[played["round"]]}
        resolved = next(e for e in played["events"] if e["type"] == "minority.round")["data"]
        sides = [actions[str(seat)]["choice"] for seat in SEATS]
        assert resolved["counts"] == {side: sides.count(side) for side in ("A", "B")}
        assert points[played["round"]] == [int(side == resolved["minority"]) for side in sides]


async def test_a_person_plays_the_minority_game_over_the_websocket(
    database: ServerDatabase, tmp_path: Path
) -> None:
    url, env = database
    count = 2 if "GOLDBOX_REDIS_URL" in env else 1  # without Redis, live events stay in their process
    with servers(tmp_path, env, count) as running:
        home, away = running[0], running[-1]
        async with httpx.AsyncClient(timeout=10) as http:
            ada = await MatchSocket(home.ws_url, await sign_up(http, home.url, "ada")).open()
            eve = await MatchSocket(away.ws_url, await sign_up(http, away.url, "eve")).open()
        try:
            made = await ada.result(
                "match.create",
                game="minority",
                options={"rounds": ROUNDS},
                max_players=len(SEATS),
                round_deadline_s=DEADLINE_S,
                pace_s=PACE_S,
            )
            match_id = made["id"]
            watching = await eve.result("game.subscribe", game_id=match_id, after_seq=0)
            assert watching["last_seq"] == made["version"]
            for strategy in BOTS:
                await ada.result("match.add_bot", match_id=match_id, strategy=strategy)
            started = await ada.result("match.start", match_id=match_id)
            assert (started["status"], started["round"]) == ("running", 1)
            assert [(s["kind"], s["strategy"]) for s in started["seats"]] == [
                ("human", None),
                *(("bot", strategy) for strategy in BOTS),
            ]
            await ada.result("game.subscribe", game_id=match_id, after_seq=0)
            chosen = await play_every_round(ada, eve, match_id)
            await ada.event(lambda e: _of(e, "match.finished"))
            await eve.event(lambda e: _of(e, "match.finished"))
            replay = await ada.result("match.replay", match_id=match_id)
            watched_replay = await eve.result("match.replay", match_id=match_id)
        finally:
            await ada.close()
            await eve.close()

    assert (ada.others, eve.others) == ([], [])
    ((_match, log),) = (await read_games(url, [match_id])).values()
    check_stream(ada.events, log)
    check_stream(eve.events, log)
    assert [_shown(e) for e in ada.events] == [_shown(e) for e in eve.events], "all of it public"
    assert not [e for e in log if e.type == "round.defaulted"], "the person acted in every round"
    check_outcome(ada.events, replay, chosen)
    assert watched_replay == replay, "once over, the replay is everyone's"
