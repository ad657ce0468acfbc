"""The games this process plays, kept decoded between actions, and one writer at a time per game.

Restoring a `DungeonRun` from its stored JSON is the costliest part of an action. A process that has
just written a game keeps its run and the state it stored, tagged with the version, and the next
action on that game uses them when the database still holds that version (a cheap check of one
column). Another process's write moves the version on, so a stale copy is never used: it is simply
decoded again.

A writer *takes* its game's copy before changing it, and gives a copy back only after the commit, so
neither a failed write nor a refused command can leave a half-changed run behind. Readers `peek` and
must read the run before their next `await` (a writer may take it at any await after that).

Writes to one game in one process also queue on an asyncio lock, so they wait here without holding a
database connection, instead of racing each other into version conflicts.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections import OrderedDict
from collections.abc import AsyncIterator
from dataclasses import dataclass

from goldbox.service.dungeon_run import DungeonRun
from goldbox.store.game_log import StoredGame

DEFAULT_KEPT = 256


@dataclass(frozen=True, slots=True)
class LiveGame:
    stored: StoredGame
    run: DungeonRun


class LiveGames:
    """Up to `kept` games (the most recently written), and the per-game write queues."""

    def __init__(self, kept: int = DEFAULT_KEPT) -> None:
        self.kept = kept
        self._games: OrderedDict[str, LiveGame] = OrderedDict()
        self._queues: dict[str, tuple[asyncio.Lock, int]] = {}

    def peek(self, game_id: str, version: int) -> LiveGame | None:
        """The kept copy of `game_id` at `version`, if this process holds exactly that one."""
        live = self._games.get(game_id)
        return live if live is not None and live.stored.version == version else None

    def take(self, game_id: str, version: int) -> LiveGame | None:
        """Like `peek`, but the copy leaves the cache: the caller may change it."""
        live = self._games.pop(game_id, None)
        return live if live is not None and live.stored.version == version else None

    def keep(self, stored: StoredGame, run: DungeonRun) -> None:
        if self.kept <= 0:
            return
        self._games[stored.id] = LiveGame(stored, run)
        self._games.move_to_end(stored.id)
        while len(self._games) > self.kept:
            self._games.popitem(last=False)

    def __len__(self) -> int:
        return len(self._games)

    @contextlib.asynccontextmanager
    async def writing(self, game_id: str) -> AsyncIterator[None]:
        """Hold the game's write turn in this process; the lock is forgotten when nobody waits."""
        lock, users = self._queues.get(game_id, (None, 0))
        if lock is None:
            lock = asyncio.Lock()
        self._queues[game_id] = (lock, users + 1)
        try:
            async with lock:
                yield
        finally:
            _, users = self._queues[game_id]
            if users == 1:
                del self._queues[game_id]
            else:
                self._queues[game_id] = (lock, users - 1)
