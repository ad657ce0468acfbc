"""Nobody sees a sealed action but its player until the round resolves, a seat's private events go
to that seat's player only, and a spectator (anyone logged in, without a seat) sees only the events
for everyone: over match.state and over a live WebSocket subscription."""

from __future__ import annotations

from collections.abc import Callable
from contextlib import ExitStack
from typing import Any

import pytest
from starlette.testclient import TestClient

from goldbox.auth.roles import Principal, Role
from goldbox.service.game_events import AUDIENCE, Viewer, audience_visible
from goldbox.store.game_log import LoggedEvent, NewEvent
from tests.genius_toy_games import HIGHEST
from tests.integration.genius.match_helpers import log, of_type, state
from tests.integration.play.conftest import Player, ok, player, services
from tests.integration.realtime.conftest import Reader
from tests.integration.realtime.test_sse import Frames, events_url

pytestmark = pytest.mark.timeout(90)

PUBLIC = {
    "match.seated",
    "match.started",
    "round.opened",
    "round.action_sealed",
    "highest.round",
    "match.finished",
}


def _account(someone: Player) -> str:
    found: str = ok(someone("account.me"))["account"]["id"]
    return found


def test_a_spectator_and_an_opponent_never_see_a_sealed_action(app: TestClient) -> None:
    ada, bob, eve = player(app, "ada"), player(app, "bob"), player(app, "eve")
    match_id = ok(ada("match.create", game=HIGHEST, options={"rounds": 1}, max_players=2))["id"]
    ok(bob("match.join", match_id=match_id))
    ok(ada("match.start", match_id=match_id))
    views_before = {name: state(someone, match_id)["view"] for name, someone in (("bob", bob), ("eve", eve))}
    ok(ada("match.act", match_id=match_id, action={"number": 8}))

    watched = state(eve, match_id)
    assert (watched["you"], watched["sealed"], watched["legal"]) == (None, None, {})
    assert watched["acted"] == [0]
    assert "lucky" not in watched["view"], "a spectator gets the public view"
    opponent = state(bob, match_id)
    assert opponent["sealed"] is None
    assert opponent["view"]["lucky"] == log_of_dealt(app, match_id)[1]
    assert state(ada, match_id)["view"]["lucky"] == log_of_dealt(app, match_id)[0]
    assert {"bob": opponent["view"], "eve": watched["view"]} == views_before, "sealing showed nothing"
    sealed = of_type(log(app, match_id), "round.action_sealed")
    assert [{k: v for k, v in e.data.items() if k != AUDIENCE} for e in sealed] == [{"round": 1, "seat": 0}]


def log_of_dealt(app: TestClient, match_id: str) -> dict[int, int]:
    return {e.data["seat"]: e.data["lucky"] for e in of_type(log(app, match_id), "highest.dealt")}


def test_subscribers_see_only_their_share_of_a_match(app: TestClient) -> None:
    ada, bob, eve = player(app, "ada"), player(app, "bob"), player(app, "eve")
    match_id = ok(ada("match.create", game=HIGHEST, options={"rounds": 2}, max_players=2))["id"]
    ok(bob("match.join", match_id=match_id))
    watched: list[tuple[str, str]] = []
    game_events = services(app).game_events
    turn_timer = game_events.on_watch
    assert turn_timer is not None

    def noting(game_id: str, account_id: str) -> Callable[[], None]:
        watched.append((game_id, account_id))
        return turn_timer(game_id, account_id)

    game_events.on_watch = noting
    with ExitStack() as sockets:
        readers: dict[str, Reader] = {}
        for name, someone in (("ada", ada), ("bob", bob), ("eve", eve)):
            socket = sockets.enter_context(
                app.websocket_connect("/ws", headers={"Authorization": f"Bearer {someone.token}"})
            )
            readers[name] = Reader(socket)
            assert "result" in readers[name].rpc("game.subscribe", {"game_id": match_id, "after_seq": 0})
        assert watched == [], "a match's players are no business of the RPG turn timer's presence"
        ok(ada("match.start", match_id=match_id))
        for pick_a, pick_b in ((6, 4), (3, 9)):
            ok(ada("match.act", match_id=match_id, action={"number": pick_a}))
            ok(bob("match.act", match_id=match_id, action={"number": pick_b}))
        finished = of_type(log(app, match_id), "match.finished")[0].seq
        for reader in readers.values():
            reader.seqs_until(finished, match_id)

        everything = log(app, match_id)
        seen = {name: reader.events for name, reader in readers.items()}
        assert {e["type"] for e in seen["eve"]} == PUBLIC
        for name, seat in (("ada", 0), ("bob", 1)):
            private = [e for e in seen[name] if e["type"] in ("highest.dealt", "highest.note")]
            assert private, f"{name} hears their own seat's events"
            assert {e["data"]["seat"] for e in private} == {seat}
        for events in seen.values():
            assert not any(e["type"] == "round.revealed" for e in events), "revealed only in the replay"
            assert all(AUDIENCE not in e["data"] for e in events)
            for event in events:
                if event["type"] == "round.action_sealed":
                    assert set(event["data"]) == {"round", "seat"}, "who acted, never what"
            _no_action_before_it_resolved(events, everything)

        # An event logged without an audience goes to the players only, never to a spectator.
        unaddressed = _append(app, match_id, NewEvent("note.unaddressed", {"text": "players only"}))
        readers["ada"].seqs_until(unaddressed.seq, match_id)
        readers["bob"].seqs_until(unaddressed.seq, match_id)
        readers["eve"].quiet()
        assert all(e["type"] != "note.unaddressed" for e in readers["eve"].events)


def _no_action_before_it_resolved(events: list[dict[str, Any]], everything: list[LoggedEvent]) -> None:
    """No event a subscriber got before a round resolved carries that round's numbers."""
    resolved = {e.data["round"]: e.seq for e in everything if e.type == "highest.round"}
    for event in events:
        if event["type"] in ("round.action_sealed", "round.opened"):
            assert "number" not in str(event["data"])
        for round_number, seq in resolved.items():
            if event["seq"] < seq and event["type"] == "highest.round":
                assert event["data"]["round"] < round_number


def _append(app: TestClient, match_id: str, event: NewEvent) -> LoggedEvent:
    """Log an event straight to the match (as a careless writer might) and publish it."""

    async def write() -> LoggedEvent:
        games = services(app).games
        stored = await games.load(match_id)
        logged = await games.append(match_id, stored.version, [event], stored.state)
        await services(app).game_events.publish(match_id, logged)
        return logged[0]

    assert app.portal is not None
    logged: LoggedEvent = app.portal.call(write)
    return logged


def test_who_watches_a_match_as_what(app: TestClient) -> None:
    ada, eve = player(app, "ada"), player(app, "eve")
    match_id = ok(ada("match.create", game=HIGHEST))["id"]
    events = services(app).game_events
    assert app.portal is not None
    ada_id, eve_id = _account(ada), _account(eve)

    seated, _ = app.portal.call(events.viewer_of, match_id, Principal(ada_id, Role.PLAYER))
    spectator, _ = app.portal.call(events.viewer_of, match_id, Principal(eve_id, Role.PLAYER))
    operator, _ = app.portal.call(events.viewer_of, match_id, Principal(eve_id, Role.ADMIN))
    assert seated == Viewer(ada_id, player=True, match=True)
    assert spectator == Viewer(eve_id, player=False, match=True)
    assert operator.operator
    hidden = LoggedEvent(1, "round.revealed", {"round": 1, "actions": {}, AUDIENCE: []})
    public = LoggedEvent(2, "round.opened", {"round": 1, AUDIENCE: ["*"]})
    mine = LoggedEvent(3, "highest.dealt", {"seat": 0, AUDIENCE: [ada_id]})
    unaddressed = LoggedEvent(4, "note", {})
    assert [audience_visible(e, spectator) for e in (hidden, public, mine, unaddressed)] == [
        False,
        True,
        False,
        False,
    ]
    assert [audience_visible(e, seated) for e in (hidden, public, mine, unaddressed)] == [
        False,
        True,
        True,
        True,
    ]
    assert all(audience_visible(e, operator) for e in (hidden, public, mine, unaddressed))


def test_a_spectator_streams_a_matchs_public_events_as_server_sent_events(app: TestClient) -> None:
    ada, bob, eve = player(app, "ada"), player(app, "bob"), player(app, "eve")
    match_id = ok(ada("match.create", game=HIGHEST, options={"rounds": 1}, max_players=2))["id"]
    ok(bob("match.join", match_id=match_id))
    ok(ada("match.start", match_id=match_id))
    ok(ada("match.act", match_id=match_id, action={"number": 2}))
    ok(bob("match.act", match_id=match_id, action={"number": 5}))
    public = [e for e in log(app, match_id) if e.data[AUDIENCE] == ["*"]]
    headers = {"Authorization": f"Bearer {eve.token}"}
    with app.stream("GET", events_url(match_id, after_seq=0), headers=headers) as response:
        assert response.status_code == 200
        streamed = Frames(response).events(len(public))
    assert [(e["seq"], e["type"], e["data"]) for e in streamed] == [
        (e.seq, e.type, {k: v for k, v in e.data.items() if k != AUDIENCE}) for e in public
    ]
    assert streamed[-1]["type"] == "match.finished", "nothing hidden came in between"
