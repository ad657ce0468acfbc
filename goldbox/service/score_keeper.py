"""The score keeper: every acknowledged action's scores reach the leaderboards, even across a crash.

The game's log is the outbox. `games.scored_seq` is a game's watermark: every scoring event up to
it is on the boards. After an action commits, its scores are recorded and the watermark moves up
to the action's last seq, but only when no scoring event lies between the watermark and the
action (one whose recording failed, or is still in flight), so it never skips a lost score, and
never moves backwards. An action with nothing to score has its watermark written at the next sweep,
batched, rather than costing a write of its own.

If the process dies between the commit and the scoring, or the leaderboard store (Redis or the
database) cannot be reached, the watermark stays behind the game's version. Every server process
sweeps every `CATCH_UP_INTERVAL_S` (and once at start): the games behind (a partial index holds
only those) have the scoring events after their watermark recorded again, each at the moment the
log stored it (so a late catch-up counts in the right day, week and month) and for the players in
the game at that seq (from the log's `player.joined` and `player.left`), then the watermark moves
up. Several processes may sweep one game at once: scoring is idempotent per (game, seq), so the
worst is the same work done twice. The sweep also prunes the store's finished buckets past
their retention (`BUCKET_RETENTION`).
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import NamedTuple

import structlog
from sqlalchemy import exists, select, update
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from goldbox.infra.leaderboard_store import LeaderboardsUnavailable
from goldbox.service.leaderboards import SCORING_EVENTS, Leaderboards, Scoring, as_utc
from goldbox.service.periodic import Periodic
from goldbox.store.database import write_transaction
from goldbox.store.game_log import LoggedEvent
from goldbox.store.models import GameEventRecord, GameRecord

log = structlog.get_logger("goldbox.score_keeper")

CATCH_UP_INTERVAL_S = 5.0
"""How often each server process sweeps: a lost score is on the boards within about this long."""
PRUNE_INTERVAL_S = 60.0
"""How often a process prunes expired buckets: they expire by the day, so once a minute is plenty."""
CATCH_UP_GAMES = 100
"""Games caught up per sweep, at most."""
CATCH_UP_SEQS = 5000
"""Seqs of one game's log read per sweep, at most; a longer backlog takes several sweeps."""
SETTLE_BATCH = 8
"""Games whose watermark one transaction moves, at most (see `_write_settled`)."""
PARTY_EVENTS = ("player.joined", "player.left")
_STOP_TIMEOUT_S = 2.0


@dataclass(frozen=True, slots=True)
class SweepReport:
    caught_up: int
    """Games whose watermark the sweep moved up to what it scored."""
    pruned: int
    """Board entries of expired buckets removed."""


class ScoreKeeper:
    """Records each action's scores, and sweeps the log for the ones that did not make it."""

    def __init__(
        self,
        leaderboards: Leaderboards,
        sessions: async_sessionmaker[AsyncSession],
        interval_s: float = CATCH_UP_INTERVAL_S,
    ) -> None:
        self.leaderboards = leaderboards
        self.sessions = sessions
        self.interval_s = interval_s
        self._settled: dict[str, int] = {}  # game -> last seq of actions with nothing to score
        self._after_game = ""  # where the next sweep's batch starts, so no game is left behind for long
        self._sweeper = Periodic("leaderboard-sweeper", self.sweep, interval_s)
        self._pruned_at: float | None = None  # monotonic

    async def record_action(
        self, game_id: str, accounts_by_character: Mapping[str, str], events: Sequence[LoggedEvent]
    ) -> None:
        """After an action commits: its scores to the boards, then its seqs marked as scored.
        A store that cannot be reached leaves them to the sweep."""
        if not events:
            return
        first, last = events[0].seq, events[-1].seq
        if not any(event.type in SCORING_EVENTS for event in events):
            self._settled[game_id] = max(self._settled.get(game_id, 0), last)
            return
        try:
            await self.leaderboards.record_events(game_id, accounts_by_character, events, datetime.now(UTC))
        except LeaderboardsUnavailable as exc:
            log.warning(
                "leaderboard_scores_deferred", game_id=game_id, first_seq=first, last_seq=last, error=str(exc)
            )
            return
        async with write_transaction(self.sessions) as session:
            await _advance(session, game_id, last, clean_below=first)

    # ------------------------------------------------------------------------------- sweeper
    def start(self) -> None:
        self._sweeper.start()

    async def close(self) -> None:
        """Stop sweeping and write the watermarks still held here, within a bounded time (what
        does not make it is caught up by the next sweep of any process)."""
        await self._sweeper.stop(_STOP_TIMEOUT_S)
        try:
            await asyncio.wait_for(self._write_settled(), _STOP_TIMEOUT_S)
        except Exception:
            log.exception("leaderboard_watermarks_not_written")

    async def sweep(self) -> SweepReport:
        """Write the watermarks of actions that had nothing to score, catch up a batch of games
        whose watermark is behind, and prune expired buckets."""
        await self._write_settled()
        game = GameRecord
        async with self.sessions() as session:
            behind = (
                await session.execute(
                    select(game.id, game.scored_seq, game.version)
                    .where(game.scored_seq < game.version, game.id > self._after_game)
                    .order_by(game.id)
                    .limit(CATCH_UP_GAMES)
                )
            ).all()
        self._after_game = behind[-1].id if len(behind) == CATCH_UP_GAMES else ""
        caught_up = 0
        for game_id, scored, version in behind:
            try:
                await self._catch_up(game_id, scored, min(version, scored + CATCH_UP_SEQS))
            except LeaderboardsUnavailable as exc:
                log.warning("leaderboard_catch_up_deferred", error=str(exc))
                break  # the store is down: the rest waits for the next sweep
            except Exception:
                log.exception("leaderboard_catch_up_failed", game_id=game_id)
                continue
            caught_up += 1
        pruned = await self._prune_now_and_then()
        if caught_up or pruned:
            log.info("leaderboard_sweep", caught_up=caught_up, pruned=pruned)
        return SweepReport(caught_up, pruned)

    async def _prune_now_and_then(self) -> int:
        """Prune expired buckets at the first sweep and then every `PRUNE_INTERVAL_S`."""
        now = time.monotonic()
        if self._pruned_at is not None and now - self._pruned_at < PRUNE_INTERVAL_S:
            return 0
        self._pruned_at = now
        try:
            return await self.leaderboards.store.prune()
        except LeaderboardsUnavailable as exc:
            log.warning("leaderboard_prune_deferred", error=str(exc))
            return 0

    async def _catch_up(self, game_id: str, scored: int, through: int) -> None:
        """Record the scoring events of seqs `scored + 1` to `through` from the log, then move the
        watermark to `through`."""
        logged = GameEventRecord
        async with self.sessions() as session:
            rows = await session.execute(
                select(logged.seq, logged.type, logged.data, logged.created_at)
                .where(
                    logged.game_id == game_id,
                    logged.seq > scored,
                    logged.seq <= through,
                    logged.type.in_(sorted(SCORING_EVENTS)),
                )
                .order_by(logged.seq)
            )
            found = [(LoggedEvent(seq, kind, data), as_utc(at)) for seq, kind, data, at in rows]
            changes: list[PartyChange] = []
            if found:  # most catch-ups have nothing to score, and need not read who played
                party = await session.execute(
                    select(
                        logged.seq,
                        logged.type == "player.joined",
                        logged.data["character"].as_string(),
                        logged.data["account"].as_string(),
                    )
                    .where(
                        logged.game_id == game_id,
                        logged.seq < found[-1][0].seq,
                        logged.type.in_(PARTY_EVENTS),
                    )
                    .order_by(logged.seq)
                )
                changes = [
                    PartyChange(seq, bool(joined), who, account) for seq, joined, who, account in party
                ]
        if found:
            players = players_at([event.seq for event, _ in found], changes)
            await self.leaderboards.record(
                game_id,
                [Scoring(event, at, who) for (event, at), who in zip(found, players, strict=True)],
            )
        async with write_transaction(self.sessions) as session:
            await _advance(session, game_id, through, clean_below=scored + 1)

    async def _write_settled(self) -> None:
        """The watermarks of actions that had nothing to score, `SETTLE_BATCH` games a transaction:
        one transaction for a busy process's every game held SQLite's writer (and on PostgreSQL
        those games' rows) long enough to stall the actions behind it (a load test's p99 went
        from 235 to 818 ms). What a failed batch leaves is caught up by the sweep."""
        settled, self._settled = self._settled, {}
        games = sorted(settled.items())  # one lock order in every process
        for start in range(0, len(games), SETTLE_BATCH):
            async with write_transaction(self.sessions) as session:
                for game_id, through in games[start : start + SETTLE_BATCH]:
                    await _advance(session, game_id, through, clean_below=through + 1)


async def _advance(session: AsyncSession, game_id: str, through: int, clean_below: int) -> None:
    """Move the game's watermark up to `through`, when every scoring event up to it is known on the
    boards: the caller has recorded those from `clean_below` on, and there is none between the
    watermark and `clean_below`. Never down; a watermark already past `through` stays."""
    game, logged = GameRecord, GameEventRecord
    unrecorded = exists().where(
        logged.game_id == game_id,
        logged.seq > game.scored_seq,
        logged.seq < clean_below,
        logged.type.in_(sorted(SCORING_EVENTS)),
    )
    await session.execute(
        update(game)
        .where(game.id == game_id, game.scored_seq < through, ~unrecorded)
        .values(scored_seq=through)
    )


class PartyChange(NamedTuple):
    """A character joining or leaving the game, as its log says."""

    seq: int
    joined: bool
    character: str | None
    account: str | None


def players_at(seqs: Sequence[int], changes: Sequence[PartyChange]) -> list[dict[str, str]]:
    """The game's players (character id -> account id) at each of `seqs` (ascending), followed
    through the joins and leaves before it (`changes`, in seq order)."""
    players: dict[str, str] = {}
    pending = iter(changes)
    change = next(pending, None)
    found: list[dict[str, str]] = []
    for seq in seqs:
        while change is not None and change.seq < seq:
            if change.joined and change.character and change.account:
                players[change.character] = change.account
            elif change.character:
                players.pop(change.character, None)
            change = next(pending, None)
        found.append(dict(players))
    return found
