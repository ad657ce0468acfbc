"""Locust players of the Gold Box RPG: realistic sessions against one goldbox server.

Each simulated player registers, logs in, makes a character, and sits at a table of
LOADTEST_PLAYERS_PER_GAME: the first of each group generates the dungeon (`game.create`), the others
wait for it, then everyone joins and watches the game's events on a WebSocket (`game.subscribe`).
From then on each plays at a human pace (LOADTEST_THINK_MIN_S to LOADTEST_THINK_MAX_S between
actions): it explores, opens doors, and in battle attacks, closes in, or ends its turn; it never acts
out of turn (loadtest/tactics.py).

Measured, in Locust's statistics:
- every RPC call's round trip over HTTP, named by method (`RPC action.move`, ...); a reply with an
  error counts as a failure, except the rules' own refusals (GBX_RULE_VIOLATION), which are a normal
  part of play and are tallied by rule in the report file instead;
- `WS game.event delivery`: each live event's delivery latency, from the moment the server
  published it (`published_at` in the notification, after the action's commit) to the moment a
  client received it. Server and clients share this machine's wall clock.
- `WS game.event after the action`: from the moment the acting player's client sent the action to
  the moment another player's client received its event: the action's whole round trip plus the
  delivery. Every client lives in this one process, so both instants come from the same monotonic
  clock. The acting player's own copies are not counted.

Run through loadtest/run.py, which starts the server and reads the results; the environment
variables are documented there.
"""

from __future__ import annotations

import itertools
import json
import math
import os
import random
import time
from collections import Counter
from pathlib import Path
from typing import Any

import gevent  # type: ignore[import-untyped]
import orjson
import websocket
from gevent.event import AsyncResult  # type: ignore[import-untyped]
from locust import FastHttpUser, between, events, task
from locust.env import Environment

from goldbox.ops import gc_tuning
from loadtest.tactics import Choice, Explorer

PLAYERS_PER_GAME = int(os.environ.get("LOADTEST_PLAYERS_PER_GAME", "4"))
THINK_MIN_S = float(os.environ.get("LOADTEST_THINK_MIN_S", "1"))
THINK_MAX_S = float(os.environ.get("LOADTEST_THINK_MAX_S", "3"))
TAG = os.environ.get("LOADTEST_TAG", f"lt{os.getpid()}")
SEED = int(os.environ.get("LOADTEST_SEED", "1"))
DEPTH = int(os.environ.get("LOADTEST_DEPTH", "3"))
DIFFICULTY = int(os.environ.get("LOADTEST_DIFFICULTY", "3"))
REPORT = os.environ.get("LOADTEST_REPORT", "")
SETTLE_S = float(os.environ.get("LOADTEST_SETTLE_S", "0"))
"""Seconds after the ramp before measuring: the last players' setup calls and the backlog the ramp
left behind are not the steady state."""
PASSWORD = "load test passphrase, long enough"  # noqa: S105 (throwaway accounts, throwaway server)
CLASSES = ("fighter", "cleric", "thief", "fighter")
RESYNC_S = 5.0
"""In battle, a player who has heard nothing for this long asks for game.state again."""
MATCH_TTL_S = 60.0
JOIN_ATTEMPTS = 5

AFTER_ACTION = "game.event after the action"
DELIVERY = "game.event delivery"

_players = itertools.count()
_tables: dict[int, AsyncResult] = {}


class Tally:
    """What the whole load generator saw besides latencies: refusals, disconnects, unmatched events.

    Also matches events to the actions that caused them: `sent` holds each logged event's (game, seq)
    with the send instant of its action and who acted; `early` holds receipts that came before the
    actor's reply told us which action they belong to."""

    def __init__(self) -> None:
        self.counts: Counter[str] = Counter()
        self.refusals: Counter[str] = Counter()
        self.errors: Counter[str] = Counter()
        self.sent: dict[tuple[str, int], tuple[float, int]] = {}
        self.early: dict[tuple[str, int], list[tuple[int, float, int]]] = {}
        self.samples: dict[str, list[float]] = {}
        """Milliseconds by what was timed (`RPC action.move`, `WS game.event`): exact, unlike Locust's
        own percentiles, which keep whole milliseconds; emptied when the hold starts (after the ramp and the settling), like Locust's."""

    def timed(self, name: str, milliseconds: float) -> None:
        self.samples.setdefault(name, []).append(milliseconds)

    def acted(
        self, environment: Environment, game_id: str, seqs: list[int], started: float, actor: int
    ) -> None:
        for seq in seqs:
            key = (game_id, seq)
            self.sent[key] = (started, actor)
            for watcher, received, size in self.early.pop(key, []):
                if watcher != actor:
                    self.delivered(environment, received - started, size)

    def received(
        self, environment: Environment, game_id: str, seq: int, watcher: int, at: float, size: int
    ) -> None:
        self.counts["events received"] += 1
        origin = self.sent.get((game_id, seq))
        if origin is None:
            self.early.setdefault((game_id, seq), []).append((watcher, at, size))
        elif origin[1] != watcher:
            self.delivered(environment, at - origin[0], size)

    def delivered(
        self, environment: Environment, seconds: float, size: int, name: str = AFTER_ACTION
    ) -> None:
        self.timed(f"WS {name}", seconds * 1000.0)
        environment.events.request.fire(  # type: ignore[no-untyped-call]
            request_type="WS",
            name=name,
            response_time=seconds * 1000.0,
            response_length=size,
            exception=None,
            context={},
        )

    def forget_old(self, now: float) -> None:
        """Drops matches older than MATCH_TTL_S; receipts never matched to an action are counted."""
        self.sent = {k: v for k, v in self.sent.items() if now - v[0] < MATCH_TTL_S}
        for key in [k for k, v in self.early.items() if now - v[0][1] >= MATCH_TTL_S]:
            self.counts["events never matched to an action"] += len(self.early.pop(key))


TALLY = Tally()
_environments: list[Environment] = []  # the one running, for resetting its statistics


class Player(FastHttpUser):
    """One person playing: a character in a party, a WebSocket for the game's events, an action every
    few seconds."""

    wait_time = between(THINK_MIN_S, THINK_MAX_S)
    connection_timeout = 30.0
    network_timeout = 60.0

    def on_start(self) -> None:
        self.number = next(_players)
        self.ids = itertools.count(1)
        self.token = ""
        self.game_id = ""
        self.character_id = ""
        self.view: dict[str, Any] = {}
        self.turn: str | None = None
        self.in_combat = False
        self.heard_at = time.monotonic()
        self.last_seq = 0
        self.explorer = Explorer(random.Random(SEED * 1_000_003 + self.number))
        self.socket: websocket.WebSocket | None = None
        self.reader: gevent.Greenlet | None = None
        self.playing = False
        # Players are people at their own addresses, behind a proxy the server trusts (127.0.0.1 by
        # default): logins from one address take turns, and one address for everyone would queue them.
        self.address = f"10.{(self.number >> 16) & 255}.{(self.number >> 8) & 255}.{self.number & 255}"
        try:
            self.sit_down()
        finally:
            group, seat = divmod(self.number, PLAYERS_PER_GAME)
            made = _tables.setdefault(group, AsyncResult())
            if seat == 0 and not made.ready():  # failed before making the game: let the others go on
                made.set("")

    def sit_down(self) -> None:
        """Register, log in, make a character, take a seat in the group's game and watch its events."""
        name = f"{TAG}p{self.number}"
        self.rpc("auth.register", username=name, password=PASSWORD)
        login = self.rpc("auth.login", username=name, password=PASSWORD)
        if login is None:
            return
        self.token = login["access_token"]
        made = self.rpc(
            "character.create",
            name=f"Hero{self.number}"[:24],
            race="human",
            method="standard_array",
            **{"class": CLASSES[self.number % len(CLASSES)]},
        )
        if made is None:
            return
        self.character_id = made["info"]["id"]
        self.game_id = self.table()
        if not self.game_id:
            return
        joined = None
        for _attempt in range(JOIN_ATTEMPTS):  # the group joins at once: the server may say GBX_CONFLICT
            joined = self.rpc("game.join", game_id=self.game_id, character_id=self.character_id)
            if joined is not None or self.refused != "GBX_CONFLICT":
                break
            gevent.sleep(random.uniform(0.1, 1.0))
        if joined is None:
            return
        self.absorb(joined)
        self.reader = gevent.spawn(self.watch)
        self.playing = True
        TALLY.counts["players seated"] += 1

    def on_stop(self) -> None:
        self.playing = False
        if self.reader is not None:
            self.reader.kill(block=False)
        if self.socket is not None:
            self.socket.close()

    def table(self) -> str:
        """The game this player's group plays in: the group's first player makes it."""
        group, seat = divmod(self.number, PLAYERS_PER_GAME)
        made = _tables.setdefault(group, AsyncResult())
        if seat == 0:
            game = self.rpc(
                "game.create",
                seed=SEED + group,
                difficulty=DIFFICULTY,
                depth=DEPTH,
                max_players=PLAYERS_PER_GAME,
            )
            made.set(game["id"] if game is not None else "")
        try:
            game_id = str(made.get(timeout=120))
        except gevent.Timeout:
            game_id = ""
        if not game_id:  # the group's maker failed: play alone rather than not at all
            game = self.rpc(
                "game.create",
                seed=SEED + 100_000 + self.number,
                difficulty=DIFFICULTY,
                depth=DEPTH,
                max_players=PLAYERS_PER_GAME,
            )
            game_id = game["id"] if game is not None else ""
        return game_id

    # --------------------------------------------------------------------------- playing
    @task
    def play(self) -> None:
        if not self.playing:
            return
        if self.in_combat and self.turn != self.character_id:
            if time.monotonic() - self.heard_at < RESYNC_S:
                return  # someone else's turn: watch
            self.refresh()
        elif self.in_combat and self.view.get("turn") != self.character_id:
            self.refresh()  # our turn came by an event: look at the field first
        choice = self.explorer.choose(self.view, self.character_id)
        if choice is None:
            if not self.in_combat:  # down, or the game is over: watch the game
                self.refresh()
            return
        self.act(choice)

    def refresh(self) -> None:
        self.heard_at = time.monotonic()
        state = self.rpc("game.state", game_id=self.game_id)
        if state is not None:
            self.view = state["view"]
            self.sync_turn(self.view)

    def act(self, choice: Choice) -> None:
        started = time.perf_counter()
        reply = self.rpc(choice.method, game_id=self.game_id, character_id=self.character_id, **choice.params)
        if reply is not None:
            TALLY.acted(
                self.environment, self.game_id, [e["seq"] for e in reply["events"]], started, self.number
            )
            self.absorb(reply)
        elif self.refused == "TURN_NOT_YOURS":
            self.refresh()
        elif self.refused == "GBX_GAME_OVER":
            self.playing = False

    def absorb(self, reply: dict[str, Any]) -> None:
        self.view = reply["view"]
        self.sync_turn(self.view)
        if reply["events"]:
            self.last_seq = max(self.last_seq, max(e["seq"] for e in reply["events"]))

    def sync_turn(self, view: dict[str, Any]) -> None:
        self.in_combat = view.get("combat") is not None
        self.turn = view.get("turn")

    # ------------------------------------------------------------------------------ RPC
    def rpc(self, method: str, /, **params: Any) -> Any:
        """One JSON-RPC call over HTTP, timed by Locust under its method's name. Returns the result,
        or None after an error (a rules refusal leaves its code in `self.refused`)."""
        self.refused = ""
        headers = {"Authorization": f"Bearer {self.token}"} if self.token else {}
        headers["X-Forwarded-For"] = self.address
        body = orjson.dumps(
            {"jsonrpc": "2.0", "id": next(self.ids), "method": method, "params": params}
        ).decode()
        headers["content-type"] = "application/json"
        started = time.perf_counter()
        with self.client.post(
            "/rpc", data=body, headers=headers, name=f"RPC {method}", catch_response=True
        ) as reply:
            TALLY.timed(f"RPC {method}", (time.perf_counter() - started) * 1000.0)
            if reply.status_code != 200 or not reply.content:
                reply.failure(f"HTTP {reply.status_code}")
                TALLY.errors[f"{method}: HTTP {reply.status_code}"] += 1
                return None
            answer = orjson.loads(reply.content)
            error = answer.get("error")
            if error is None:
                reply.success()
                return answer["result"]
            data = error.get("data") or {}
            code = str(data.get("code", error.get("code")))
            if code == "GBX_RULE_VIOLATION":
                rule = str((data.get("details") or {}).get("rule", "?"))
                TALLY.refusals[f"{method}: {rule}"] += 1
                self.refused = rule
                reply.success()
                return None
            self.refused = code
            TALLY.errors[f"{method}: {code}"] += 1
            reply.failure(code)
            return None

    # ------------------------------------------------------------------------------ events
    def watch(self) -> None:
        """The game's events, for as long as the player plays; reconnects and resumes after a drop."""
        while self.playing:
            try:
                self.listen()
            except (websocket.WebSocketException, OSError) as dropped:
                TALLY.counts[f"WebSocket dropped: {type(dropped).__name__}"] += 1
            if self.playing:
                gevent.sleep(1.0)

    def listen(self) -> None:
        url = str(self.host).replace("http", "ws", 1) + "/ws"
        self.socket = websocket.create_connection(
            url,
            header=[f"Authorization: Bearer {self.token}", f"X-Forwarded-For: {self.address}"],
            timeout=60,
            enable_multithread=True,
        )
        subscribed_at = time.perf_counter()
        self.socket.send(
            json.dumps(
                {
                    "jsonrpc": "2.0",
                    "id": 1,
                    "method": "game.subscribe",
                    "params": {"game_id": self.game_id, "after_seq": self.last_seq},
                }
            )
        )
        TALLY.counts["subscriptions"] += 1
        while self.playing:
            frame = self.socket.recv()
            at = time.perf_counter()
            if not frame:
                if self.playing:
                    TALLY.counts["WebSocket closed by the server"] += 1
                return
            message = orjson.loads(frame)
            method = message.get("method")
            if method == "game.event":
                event = message["params"]
                if "published_at" in event:
                    lag = max(0.0, time.time() - event["published_at"])
                    TALLY.delivered(self.environment, lag, len(frame), DELIVERY)
                TALLY.received(self.environment, event["game_id"], event["seq"], self.number, at, len(frame))
                self.last_seq = max(self.last_seq, event["seq"])
                self.hear(event)
            elif method == "game.resume":
                TALLY.counts[f"game.resume ({message['params'].get('reason')})"] += 1
            elif message.get("id") == 1:
                TALLY.timed("WS game.subscribe", (at - subscribed_at) * 1000.0)
                self.environment.events.request.fire(
                    request_type="WS",
                    name="game.subscribe",
                    response_time=(at - subscribed_at) * 1000.0,
                    response_length=len(frame),
                    exception=None if "result" in message else RuntimeError(str(message.get("error"))),
                    context={},
                )

    def hear(self, event: dict[str, Any]) -> None:
        """Follows the battle from the event stream, as a client's screen would."""
        kind = event["type"]
        if kind == "turn.started":
            self.turn = event["data"].get("creature")
            self.heard_at = time.monotonic()
        elif kind == "combat.started":
            self.in_combat = True
            self.heard_at = time.monotonic()
        elif kind == "combat.ended":
            self.in_combat, self.turn = False, None
            if self.view.get("combat") is not None:
                self.view = {**self.view, "combat": None, "turn": None}


# ------------------------------------------------------------------------------ the report
@events.test_start.add_listener  # type: ignore[untyped-decorator]
def _start_sweeper(environment: Environment, **_: Any) -> None:
    _environments.append(environment)
    gc_tuning.tune_for_serving()  # the generator's own collector pauses (up to 90 ms) are not the server's

    def sweep() -> None:
        while True:
            gevent.sleep(10.0)
            TALLY.forget_old(time.perf_counter())

    gevent.spawn(sweep)


@events.spawning_complete.add_listener  # type: ignore[untyped-decorator]
def _spawned(user_count: int, **_: Any) -> None:
    TALLY.counts["players spawned"] = user_count

    def measure_from_now() -> None:
        gevent.sleep(SETTLE_S)
        TALLY.samples.clear()  # measure the hold, not the ramp and the settling
        for environment in _environments:
            environment.stats.reset_all()
        TALLY.counts["hold started at"] = int(time.time())

    gevent.spawn(measure_from_now)


@events.quitting.add_listener  # type: ignore[untyped-decorator]
def _write_report(environment: Environment, **_: Any) -> None:
    if not REPORT:
        return
    report = {
        "counts": dict(TALLY.counts),
        "refusals": dict(TALLY.refusals.most_common()),
        "errors": dict(TALLY.errors.most_common()),
        "latency_ms": {name: summary(values) for name, values in sorted(TALLY.samples.items())},
        "latency_ms_overall": {
            "all play calls": summary([v for k, vs in TALLY.samples.items() if _in_play(k) for v in vs]),
            "all actions": summary(
                [v for k, vs in TALLY.samples.items() if k.startswith("RPC action.") for v in vs]
            ),
        },
        "report_written_at": int(time.time()),
        "events_waiting_for_their_action": sum(len(v) for v in TALLY.early.values()),
        "games": len(_tables),
    }
    Path(REPORT).write_text(json.dumps(report, indent=2))


def summary(values: list[float]) -> dict[str, float]:
    """Count, p50, p95, p99 and max (nearest-rank percentiles) of some milliseconds."""
    if not values:
        return {"count": 0}
    ordered = sorted(values)

    def rank(p: float) -> float:
        return round(ordered[min(len(ordered) - 1, max(0, math.ceil(p / 100 * len(ordered)) - 1))], 2)

    return {
        "count": len(ordered),
        "p50": rank(50),
        "p95": rank(95),
        "p99": rank(99),
        "max": round(ordered[-1], 2),
    }


def _in_play(name: str) -> bool:
    """The calls of a session in play (actions, game.state), as opposed to the one-off setup (register,
    login, character.create, game.create, game.join), which mostly falls in the ramp."""
    return name.startswith("RPC action.") or name == "RPC game.state"
