"""GameEvents on each pair of backends (SQLite with the memory bus; PostgreSQL with Redis): replay
then live with no gap or duplicate, slow subscribers cut loose, and each viewer's share of events."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime

import pytest
from redis.asyncio import Redis
from sqlalchemy import update
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from goldbox.api import errors
from goldbox.api.errors import GbxError
from goldbox.auth.roles import Principal, Role
from goldbox.infra.event_bus import event_bus_for
from goldbox.infra.redis_client import connect
from goldbox.ops import metrics
from goldbox.service import game_events
from goldbox.service.game_events import GameEvents, Viewer
from goldbox.store import migrate
from goldbox.store.database import engine_for_url, session_factory
from goldbox.store.game_log import GameLog, LoggedEvent, NewEvent
from goldbox.store.models import GamePlayerRecord
from tests.conftest import sqlite_url
from tests.integration.realtime.helpers import act, new_account, new_game, seat

pytestmark = pytest.mark.timeout(30)

WAIT_S = 5.0
QUEUE = 8


@dataclass
class Store:
    games: GameLog
    sessions: async_sessionmaker[AsyncSession]
    redis_url: str | None
    prefix: str = field(default_factory=lambda: f"goldbox-test-{uuid.uuid4().hex[:12]}")


@pytest.fixture(params=["sqlite-memory", pytest.param("postgresql-redis", marks=pytest.mark.postgres)])
def backends(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> tuple[str, str | None]:
    if request.param == "sqlite-memory":
        url = sqlite_url(tmp_path_factory.mktemp("db"))
        migrate.upgrade(url)
        return url, None
    url = str(request.getfixturevalue("postgres_url"))
    migrate.upgrade(url)
    return url, str(request.getfixturevalue("redis_url"))


@pytest.fixture
async def store(backends: tuple[str, str | None]) -> AsyncIterator[Store]:
    engine = engine_for_url(backends[0])
    sessions = session_factory(engine)
    yield Store(GameLog(sessions), sessions, backends[1])
    await engine.dispose()


@pytest.fixture
async def open_events(store: Store) -> AsyncIterator[Callable[[], Awaitable[GameEvents]]]:
    """Makes GameEvents as a server process would (its own bus); all are closed afterwards."""
    opened: list[tuple[GameEvents, Redis | None]] = []

    async def make() -> GameEvents:
        redis = connect(store.redis_url) if store.redis_url else None
        bus = event_bus_for(redis, store.prefix)
        await bus.start()
        events = GameEvents(store.games, store.sessions, bus, QUEUE)
        opened.append((events, redis))
        return events

    yield make
    for events, redis in opened:
        await events.close()
        await events.bus.close()
        if redis is not None:
            await redis.aclose()


@pytest.fixture
async def events(open_events: Callable[[], Awaitable[GameEvents]]) -> GameEvents:
    return await open_events()


class Inbox:
    """What one subscriber was sent, and how its subscription ended."""

    def __init__(self) -> None:
        self.events: list[LoggedEvent] = []
        self.ended: list[tuple[int, str]] = []
        self._changed = asyncio.Event()
        self.on_receive: Callable[[LoggedEvent], Awaitable[None]] | None = None

    async def send(self, event: LoggedEvent) -> None:
        self.events.append(event)
        self._changed.set()
        if self.on_receive is not None:
            await self.on_receive(event)

    async def interrupted(self, last_seq: int, reason: str) -> None:
        self.ended.append((last_seq, reason))
        self._changed.set()

    @property
    def seqs(self) -> list[int]:
        return [event.seq for event in self.events]

    async def wait_for(self, done: Callable[[], bool]) -> None:
        async with asyncio.timeout(WAIT_S):
            while not done():
                self._changed.clear()
                await self._changed.wait()

    async def until_seq(self, seq: int) -> list[int]:
        await self.wait_for(lambda: bool(self.events) and self.events[-1].seq >= seq)
        return self.seqs


PLAYER = Viewer("someone", player=True)


async def test_replays_what_was_missed_then_streams_live(store: Store, events: GameEvents) -> None:
    game_id = await new_game(store.games)
    await act(store.games, events, game_id, count=3)
    inbox = Inbox()
    subscription = await events.subscribe(game_id, PLAYER, 1, inbox.send, inbox.interrupted)
    assert await inbox.until_seq(3) == [2, 3]
    await act(store.games, events, game_id, count=2)
    await act(store.games, events, game_id)
    assert await inbox.until_seq(6) == [2, 3, 4, 5, 6]
    assert [e.type for e in inbox.events] == ["creature.moved"] * 5
    assert subscription.last_seq == 6
    await subscription.close()


async def test_events_committed_during_the_replay_arrive_once_and_in_order(
    store: Store, events: GameEvents, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The hand-over: live events reach the queue while the log is still being read, and the
    replay's later pages read them too."""
    monkeypatch.setattr(game_events, "REPLAY_PAGE", 2)
    game_id = await new_game(store.games)
    await act(store.games, events, game_id, count=4)
    inbox = Inbox()
    written = 0

    async def act_while_replaying(event: LoggedEvent) -> None:
        nonlocal written
        if written < 3:
            written += 1
            await act(store.games, events, game_id, count=2)

    inbox.on_receive = act_while_replaying
    await events.subscribe(game_id, PLAYER, 0, inbox.send, inbox.interrupted)
    assert await inbox.until_seq(10) == list(range(1, 11))
    await asyncio.sleep(0.1)
    assert inbox.seqs == list(range(1, 11)), "nothing delivered twice"


async def test_a_gap_in_live_events_is_filled_from_the_log(store: Store, events: GameEvents) -> None:
    """Redis may lose a message and two processes may publish out of order: the log has it all."""
    game_id = await new_game(store.games)
    inbox = Inbox()
    await events.subscribe(game_id, PLAYER, 0, inbox.send, inbox.interrupted)
    lost = await store.games.append(game_id, 0, [NewEvent("creature.moved", {})] * 2, {})
    await act(store.games, events, game_id)
    assert await inbox.until_seq(3) == [1, 2, 3]
    await events.publish(game_id, lost)  # the late one is old news
    await act(store.games, events, game_id)
    assert await inbox.until_seq(4) == [1, 2, 3, 4]


async def test_a_slow_subscriber_is_cut_loose_and_never_holds_up_the_others(
    store: Store, events: GameEvents
) -> None:
    game_id = await new_game(store.games)
    await act(store.games, events, game_id)
    stuck = asyncio.Event()
    slow, fast = Inbox(), Inbox()

    async def never_returns(event: LoggedEvent) -> None:
        await stuck.wait()

    slow.on_receive = never_returns
    dropped_before = metrics.GAME_EVENTS_DROPPED._value.get()
    await events.subscribe(game_id, PLAYER, 0, slow.send, slow.interrupted)
    await events.subscribe(game_id, PLAYER, 0, fast.send, fast.interrupted)
    await slow.wait_for(lambda: slow.seqs == [1])  # now stuck sending seq 1
    for _ in range(3 * QUEUE):
        await act(store.games, events, game_id)
    assert await fast.until_seq(1 + 3 * QUEUE) == list(range(1, 2 + 3 * QUEUE))
    await slow.wait_for(lambda: bool(slow.ended))
    assert slow.ended == [(0, "too_slow")], "resume from the last seq it surely got: none"
    assert fast.ended == []
    assert metrics.GAME_EVENTS_DROPPED._value.get() > dropped_before
    assert events.subscriptions == 1


async def test_each_viewer_sees_only_their_share(store: Store, events: GameEvents) -> None:
    game_id = await new_game(store.games)
    alice, bob = Viewer("alice", player=True), Viewer("bob", player=True)
    operator, outsider = Viewer("root", player=False, operator=True), Viewer("eve", player=False)
    await store.games.append(
        game_id,
        0,
        [
            NewEvent("round.started", {"round": 1}),
            NewEvent("creature.moved", {"creature": "orc", "audience": ["alice"]}),
            NewEvent("door.opened", {"point": [1, 2], "audience": ["*"]}),
        ],
        {},
    )
    inboxes = {viewer: Inbox() for viewer in (alice, bob, operator, outsider)}
    for viewer, inbox in inboxes.items():
        await events.subscribe(game_id, viewer, 0, inbox.send, inbox.interrupted)
    await act(store.games, events, game_id, audience=["bob"])
    await inboxes[operator].until_seq(4)
    await inboxes[bob].until_seq(4)
    await inboxes[alice].until_seq(3)
    await asyncio.sleep(0.1)
    assert inboxes[alice].seqs == [1, 2, 3]
    assert inboxes[bob].seqs == [1, 3, 4]
    assert inboxes[operator].seqs == [1, 2, 3, 4]
    assert inboxes[outsider].seqs == [3], "one who is not a player sees only what is for everyone"
    assert inboxes[alice].events[1].data == {"creature": "orc"}, "the audience is never sent"


def principal(account_id: str, role: Role = Role.PLAYER) -> Principal:
    return Principal(subject=account_id, role=role)


async def test_who_may_watch_and_from_where(store: Store, events: GameEvents) -> None:
    game_id = await new_game(store.games)
    player, stranger = await new_account(store.sessions), await new_account(store.sessions)
    admin = await new_account(store.sessions, "admin")
    character_id = await seat(store.sessions, game_id, player)
    await act(store.games, events, game_id, count=2)

    assert await events.admit(game_id, principal(player), 0) == (Viewer(player, player=True), 2)
    assert await events.admit(game_id, principal(player), 2) == (Viewer(player, player=True), 2)
    assert await events.admit(game_id, principal(admin, Role.ADMIN), 1) == (
        Viewer(admin, player=False, operator=True),
        2,
    )
    refusals = [
        (game_id, principal(stranger), 0, errors.GAME_NOT_WATCHABLE),
        (str(uuid.uuid4()), principal(player), 0, errors.GAME_NOT_WATCHABLE),
        (game_id, principal(player), 3, errors.SEQ_FROM_THE_FUTURE),
    ]
    for refused_game, who, after_seq, code in refusals:
        with pytest.raises(GbxError) as refusal:
            await events.admit(refused_game, who, after_seq)
        assert refusal.value.code is code
    with pytest.raises(GbxError) as future:
        await events.admit(game_id, principal(player), 3)
    assert future.value.details == {"game_id": game_id, "after_seq": 3, "last_seq": 2}

    async with store.sessions.begin() as session:
        await session.execute(
            update(GamePlayerRecord)
            .where(GamePlayerRecord.character_id == character_id)
            .values(left_at=datetime.now(UTC))
        )
    with pytest.raises(GbxError) as left:
        await events.admit(game_id, principal(player), 0)
    assert left.value.code is errors.GAME_NOT_WATCHABLE, "a player who left no longer watches"


async def test_unsubscribing_stops_delivery_and_leaves_the_channel(store: Store, events: GameEvents) -> None:
    game_id = await new_game(store.games)
    leaving, staying = Inbox(), Inbox()
    subscription = await events.subscribe(game_id, PLAYER, 0, leaving.send, leaving.interrupted)
    await events.subscribe(game_id, PLAYER, 0, staying.send, staying.interrupted)
    await act(store.games, events, game_id)
    await leaving.until_seq(1)
    await subscription.close()
    await act(store.games, events, game_id)
    await staying.until_seq(2)
    assert leaving.seqs == [1]
    assert leaving.ended == []
    assert events.subscriptions == 1


async def test_a_subscriber_in_another_process_gets_the_events(
    store: Store, open_events: Callable[[], Awaitable[GameEvents]]
) -> None:
    if store.redis_url is None:
        pytest.skip("the memory bus is one process by design")
    first, second = await open_events(), await open_events()
    game_id = await new_game(store.games)
    inbox = Inbox()
    await second.subscribe(game_id, PLAYER, 0, inbox.send, inbox.interrupted)
    await act(store.games, first, game_id, count=3)
    assert await inbox.until_seq(3) == [1, 2, 3]
