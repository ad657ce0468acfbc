"""`GoldboxClient`: JSON-RPC 2.0 over one WebSocket to a goldbox server, kept open for a program
that plays for hours, such as an AI agent.

- **Calls** run concurrently on the one socket and are matched to their replies by id; each is
  bounded by a timeout. An error reply raises `GoldboxError` with the server's stable code.
- **Authentication** is an API key (`gbx_…`, sent on the upgrade as `Authorization: Bearer`) or a
  username and password (`auth.login` on the socket; the refresh token renews the pair before the
  access token expires, see `goldbox.client.login`). Without either the client is anonymous and
  may call only the public methods (`auth.register`, `auth.login`, `system.*`).
- **Reconnecting**: when the socket drops the client opens a new one after an exponential,
  jittered, capped pause (`Backoff`), authenticates it again and resubscribes every game it
  watches after the last seq it holds, so the event streams lose nothing and repeat nothing.
  Calls made meanwhile wait for the new socket (within their timeout). A call whose socket dropped
  under it raises `ConnectionLost`, since it may or may not have run, unless it was marked
  `idempotent` (a read): then it is sent again on the next socket.
"""

from __future__ import annotations

import asyncio
import contextlib
import itertools
import random
from collections.abc import Coroutine, Mapping
from types import TracebackType
from typing import Any, Self

import structlog
from websockets.exceptions import WebSocketException

from goldbox.client.address import websocket_url
from goldbox.client.backoff import Backoff
from goldbox.client.connection import Connection, SocketOptions
from goldbox.client.errors import (
    ALREADY_SUBSCRIBED,
    TOKEN_EXPIRED,
    TRANSIENT,
    ClientClosed,
    ConnectionLost,
    GoldboxClientError,
    GoldboxError,
)
from goldbox.client.events import EventStream, GameEvent
from goldbox.client.login import LoginSession
from goldbox.client.matches import Matches

log = structlog.get_logger("goldbox.client")

_UNSUBSCRIBE_TIMEOUT_S = 5.0
_STOP_TIMEOUT_S = 5.0
_RETRYABLE = (OSError, TimeoutError, WebSocketException, ConnectionLost)
"""What a failed connection attempt may raise that another attempt may not."""


class GoldboxClient:
    """A connection to one goldbox server as one account; use it as `async with`.

    ```
    async with GoldboxClient("http://127.0.0.1:8080", api_key="gbx_…") as client:
        match = await client.matches.create("prisoners_dilemma")
    ```
    """

    def __init__(
        self,
        url: str,
        *,
        api_key: str | None = None,
        username: str | None = None,
        password: str | None = None,
        call_timeout_s: float = 30.0,
        backoff: Backoff | None = None,
        socket: SocketOptions | None = None,
        renew_fraction: float = 0.8,
        event_buffer: int = 1024,
        rng: random.Random | None = None,
    ) -> None:
        if api_key is not None and (username is not None or password is not None):
            raise ValueError("give an API key or a username and password, not both")
        if (username is None) != (password is None):
            raise ValueError("a username needs its password (and a password its username)")
        if call_timeout_s <= 0:
            raise ValueError("call_timeout_s must be positive")
        self.url = websocket_url(url)
        self._headers = {"Authorization": f"Bearer {api_key}"} if api_key is not None else {}
        self.login = (
            LoginSession(username, password, renew_fraction)
            if username is not None and password is not None
            else None
        )
        self._call_timeout_s = call_timeout_s
        self._backoff = backoff or Backoff()
        self._socket_options = socket or SocketOptions()
        self._event_buffer = event_buffer
        self._rng = rng or random.Random()  # jitter, not secrets
        self._ids = itertools.count(1)
        self._connection: Connection | None = None
        self._ready = asyncio.Event()
        self._streams: dict[str, EventStream] = {}
        self._tasks: set[asyncio.Task[None]] = set()
        self._started = False
        self._closing = False
        self._failure: BaseException | None = None
        self.reconnects = 0
        """Sockets opened after the first: how often the connection dropped and came back."""
        self.matches = Matches(self)
        """The Genius match methods, with typed results."""

    def __repr__(self) -> str:
        return f"GoldboxClient({self.url!r})"

    async def __aenter__(self) -> Self:
        await self.connect()
        return self

    async def __aexit__(
        self, kind: type[BaseException] | None, error: BaseException | None, trace: TracebackType | None
    ) -> None:
        await self.close()

    @property
    def connected(self) -> bool:
        return self._connection is not None and self._connection.is_open

    async def connect(self) -> None:
        """Open and authenticate the first socket. Unlike a reconnect this fails at once (a wrong
        address or a bad key is better reported than retried for minutes)."""
        if self._started:
            raise RuntimeError("this client is already connected; make a new one to connect again")
        self._started = True
        connection = await self._open()
        self._now_connected(connection)
        self._spawn(self._stay_connected(connection))
        if self.login is not None:
            self._spawn(self._keep_tokens_fresh())

    async def close(self) -> None:
        """End every stream, stop the background work and close the socket (which ends its
        subscriptions on the server: nothing needs unsubscribing first)."""
        if self._closing:
            return
        self._closing = True
        self._ready.set()
        for stream in list(self._streams.values()):
            stream.end(None)
        self._streams.clear()
        tasks = [task for task in self._tasks if task is not asyncio.current_task()]
        for task in tasks:
            task.cancel()
        if tasks:
            await asyncio.wait(tasks, timeout=_STOP_TIMEOUT_S)
        connection, self._connection = self._connection, None
        if connection is not None:
            await connection.close()

    async def call(
        self,
        method: str,
        params: Mapping[str, Any] | None = None,
        *,
        timeout_s: float | None = None,
        idempotent: bool = False,
    ) -> Any:
        """Call `method` and return its result; an error reply raises GoldboxError.

        Waits for a socket while reconnecting; the whole wait is bounded by `timeout_s` (the
        client's `call_timeout_s` by default) and raises TimeoutError past it. `idempotent` calls
        (reads) are sent again when the socket drops under them; others raise ConnectionLost.
        A refusal for an expired token renews the login and sends the call again.
        """
        async with asyncio.timeout(timeout_s or self._call_timeout_s):
            while True:
                connection = await self._connected()
                try:
                    return await self._call_on(connection, method, params)
                except ConnectionLost:
                    if not idempotent or self._closing or self._failure is not None:
                        raise

    def subscribe(self, game_id: str, after_seq: int = 0) -> EventStream:
        """Watch a game (an RPG game or a match): its events after `after_seq`, then live ones.

        ```
        async with client.subscribe(match_id) as events:
            async for event in events: ...
        ```
        The stream subscribes when entered (or on the first read) and survives reconnects; a game
        is watched by at most one stream of a client at a time.
        """
        return EventStream(self, game_id, after_seq, self._event_buffer)

    # The streams' side (EventSource).

    async def watch(self, stream: EventStream) -> None:
        if stream.game_id in self._streams:
            raise ValueError(f"this client already watches {stream.game_id}")
        self._streams[stream.game_id] = stream
        try:
            async with asyncio.timeout(self._call_timeout_s):
                connection = await self._connected()
                await self._subscribe_on(connection, stream)
        except ConnectionLost:
            if self._failure is not None:
                raise  # no socket is coming back; else the next one resubscribes the stream
        except BaseException:
            self._forget(stream)
            raise
        if stream.failure is not None:
            raise stream.failure  # refused: no such game, or not one this account may watch

    async def unwatch(self, stream: EventStream) -> None:
        self._forget(stream)
        if not self.connected or self._closing:
            return
        with contextlib.suppress(GoldboxError, GoldboxClientError, TimeoutError):
            await self.call("game.unsubscribe", {"game_id": stream.game_id}, timeout_s=_UNSUBSCRIBE_TIMEOUT_S)

    def pause(self, stream: EventStream) -> None:
        log.info("client_events_paused", game_id=stream.game_id, last_seq=stream.last_seq)
        self._spawn(self._catch_up(stream))

    # Inside.

    async def _call_on(self, connection: Connection, method: str, params: Mapping[str, Any] | None) -> Any:
        try:
            return await connection.call(method, params)
        except GoldboxError as refused:
            if refused.code != TOKEN_EXPIRED or self.login is None:
                raise
            seen = self.login.tokens
        await self.login.renew(connection.call, seen)
        return await connection.call(method, params)

    async def _connected(self) -> Connection:
        """The open socket, once there is one; ConnectionLost when the client gave up."""
        while True:
            if not self._started:
                raise GoldboxClientError("connect first: `await client.connect()` or `async with client`")
            if self._closing:
                raise ClientClosed("the client is closed")
            if self._failure is not None:
                raise ConnectionLost(f"the client stopped reconnecting: {self._failure}") from self._failure
            connection = self._connection
            if connection is not None and connection.is_open:
                return connection
            self._ready.clear()
            await self._ready.wait()

    def _now_connected(self, connection: Connection) -> None:
        self._connection = connection
        self._ready.set()

    async def _open(self) -> Connection:
        """A new socket, authenticated, with every live stream subscribed again."""
        connection = await Connection.open(
            self.url, self._headers, self._socket_options, self._ids, self._on_notification
        )
        try:
            async with asyncio.timeout(self._call_timeout_s):
                if self.login is not None:
                    await self.login.authenticate(connection.call)
                for stream in list(self._streams.values()):
                    if stream.live:
                        await self._subscribe_on(connection, stream)
        except BaseException:
            connection.abort()
            raise
        return connection

    async def _subscribe_on(self, connection: Connection, stream: EventStream) -> None:
        """Subscribe after the stream's last seq. A refusal that will not pass (the game is gone,
        or no longer this account's to watch) ends the stream with it; one that may pass (the
        server's database is down, say) is raised, to be tried again."""
        params = {"game_id": stream.game_id, "after_seq": stream.last_seq}
        try:
            await self._call_on(connection, "game.subscribe", params)
        except GoldboxError as refused:
            if refused.code == ALREADY_SUBSCRIBED:
                return  # another task resubscribed it first on this socket
            if refused.code in TRANSIENT:
                raise
            self._forget(stream)
            stream.end(refused)

    def _forget(self, stream: EventStream) -> None:
        if self._streams.get(stream.game_id) is stream:
            del self._streams[stream.game_id]

    async def _resubscribe(self, stream: EventStream) -> None:
        """Subscribe a live stream again, on whichever socket is open, until it is done or the socket
        drops (then the next socket resubscribes it) or the client gives up."""
        for attempt in itertools.count():
            if not stream.live or self._streams.get(stream.game_id) is not stream:
                return
            try:
                async with asyncio.timeout(self._call_timeout_s):
                    await self._subscribe_on(await self._connected(), stream)
                return
            except (ConnectionLost, ClientClosed):
                return
            except (GoldboxError, TimeoutError) as failed:
                log.info("client_resubscribe_failed", game_id=stream.game_id, error=str(failed))
            await asyncio.sleep(self._backoff.delay(attempt, self._rng))

    async def _catch_up(self, stream: EventStream) -> None:
        """A paused stream: stop the server's side, wait for room, then subscribe after its last seq."""
        with contextlib.suppress(GoldboxError, ConnectionLost, TimeoutError):  # not subscribed is as good
            await self.call("game.unsubscribe", {"game_id": stream.game_id}, timeout_s=_UNSUBSCRIBE_TIMEOUT_S)
        await stream.room()
        if not stream.ended:
            stream.unpause()
            await self._resubscribe(stream)

    async def _resume_later(self, stream: EventStream) -> None:
        """The server ended a subscription by itself (`game.resume`): subscribe again after a pause."""
        await asyncio.sleep(self._backoff.delay(0, self._rng))
        await self._resubscribe(stream)

    def _on_notification(self, method: str, params: dict[str, Any]) -> None:
        if method == "game.event":
            event = GameEvent.parse(params)
            stream = self._streams.get(event.game_id) if event is not None else None
            if stream is not None and event is not None:
                stream.offer(event)
        elif method == "game.resume":
            stream = self._streams.get(str(params.get("game_id")))
            log.info("client_subscription_interrupted", **params)
            if stream is not None:
                self._spawn(self._resume_later(stream))
        else:
            log.info("client_notification", method=method, params=params)

    async def _stay_connected(self, connection: Connection) -> None:
        """Each time the socket closes, open another (until the client closes or gives up)."""
        while True:
            closed = await connection.closed()
            if self._closing:
                return
            log.info("client_disconnected", url=self.url, code=closed.code, reason=closed.reason)
            try:
                connection = await self._reconnect()
            except asyncio.CancelledError:
                raise
            except BaseException as gave_up:
                self._give_up(gave_up)
                return
            self.reconnects += 1
            self._now_connected(connection)
            log.info("client_reconnected", url=self.url, reconnects=self.reconnects)

    async def _reconnect(self) -> Connection:
        loop = asyncio.get_running_loop()
        started = loop.time()
        limit = self._backoff.give_up_after_s
        last: BaseException | None = None
        for attempt in itertools.count():
            delay = self._backoff.delay(attempt, self._rng)
            if limit is not None and loop.time() + delay - started > limit:
                raise ConnectionLost(f"no connection to {self.url} for {limit:g} s") from last
            await asyncio.sleep(delay)
            try:
                return await self._open()
            except GoldboxError as refused:
                if refused.code not in TRANSIENT:
                    raise  # a refusal of the credentials will not change by trying again
                last = refused
            except _RETRYABLE as failed:
                last = failed
            log.info("client_reconnect_failed", url=self.url, attempt=attempt + 1, error=str(last))
        raise AssertionError("unreachable")  # pragma: no cover

    def _give_up(self, failure: BaseException) -> None:
        log.warning("client_gave_up", url=self.url, error=str(failure))
        self._failure = failure
        self._ready.set()
        for stream in list(self._streams.values()):
            stream.end(ConnectionLost(f"the client stopped reconnecting: {failure}"))
        self._streams.clear()

    async def _keep_tokens_fresh(self) -> None:
        """Renew the login pair before the access token runs out, on whatever socket is open."""
        login = self.login
        assert login is not None
        failures = 0
        while not self._closing and self._failure is None:
            await asyncio.sleep(
                self._backoff.delay(failures - 1, self._rng) if failures else login.renew_in()
            )
            seen = login.tokens
            if login.renew_in() > 0:
                continue  # a reconnect renewed it meanwhile
            try:
                async with asyncio.timeout(self._call_timeout_s):
                    await login.renew((await self._connected()).call, seen)
                failures = 0
            except ClientClosed:
                return
            except (GoldboxError, ConnectionLost, TimeoutError) as failed:
                failures += 1
                log.info("client_renewal_failed", error=str(failed), failures=failures)

    def _spawn(self, work: Coroutine[Any, Any, None]) -> None:
        task = asyncio.create_task(work)
        self._tasks.add(task)
        task.add_done_callback(self._done)

    def _done(self, task: asyncio.Task[None]) -> None:
        self._tasks.discard(task)
        if not task.cancelled() and task.exception() is not None:
            log.error("client_task_failed", error=repr(task.exception()))
