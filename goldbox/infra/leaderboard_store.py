"""Leaderboards: each account's best score on each board, per period, ranked.

Two backends behind one interface (as every `infra/` backend): SQL (the embedded default, on
SQLite or PostgreSQL) and Redis sorted sets (when GOLDBOX_REDIS_URL is set). One shared test suite
proves they give the same answers.

An entry holds an account's best value in one period bucket and the moment it was first reached.
Ranking is strict: the better value first; on equal values the earlier achiever; on the same
microsecond too, the smaller account id (account ids are UUIDs, which sort alike bytewise and in
every database collation). Because an entry only ever moves to a better value, or to an earlier
moment for the same value, submitting the same score again changes nothing: a retried action
cannot count twice.

Periods are UTC buckets: the day, the ISO week (Monday to Sunday) and the month; `all` is one
bucket forever. Queries read the bucket that holds "now" from the injected clock.

Retention: a finished day, week or month is kept `BUCKET_RETENTION` after it ends, then goes, on
both backends: Redis keys expire by themselves, and the SQL store's rows are deleted by `prune`
(which the leaderboard sweep calls). A score for a bucket already past its retention (a late
catch-up) is not written at all. The `all` bucket is never removed.

Precision: values are whole numbers from 0 to 2**53 - 1 (a Redis score is a double, exact for
integers up to 2**53), and moments keep microseconds on both backends.
"""

from __future__ import annotations

import contextlib
import math
from abc import ABC, abstractmethod
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from enum import StrEnum

from redis.asyncio import Redis
from redis.exceptions import RedisError
from sqlalchemy import ColumnElement, and_, delete, func, or_, select, tuple_
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.exc import InterfaceError, OperationalError
from sqlalchemy.exc import TimeoutError as PoolTimeout
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from goldbox.store.database import write_transaction
from goldbox.store.models import LeaderboardScoreRecord

Clock = Callable[[], datetime]
MAX_VALUE = 2**53 - 1
EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
BUCKET_RETENTION = timedelta(days=7)
"""How long a finished day, week or month bucket is kept after it ends, in Redis and in the database
alike (the API reads only the current bucket; the rest is kept for a look back)."""
PRUNE_BATCH = 1000
"""At most this many expired SQL entries are deleted per `prune`, so one call stays short."""


class Board(StrEnum):
    """A leaderboard. The RPG's three come from the rules' events (goldbox.service.leaderboards).

    Each Genius game has one, `genius_<game>`: the value is the player's Glicko-2 rating after a
    rated match, rounded to a whole number (goldbox.service.ratings). As on every board the best
    value is kept, so a day, week or month board shows the highest rating reached in that period
    and `all` the highest ever; the current rating is `rating.get`. People and agents only: bots
    have no account (their ratings are on `rating.list`)."""

    XP = "xp"
    """The highest total XP any of the account's characters reached."""
    DEPTH = "depth"
    """The deepest dungeon level the account reached."""
    FASTEST_CLEAR = "fastest_clear"
    """The fewest seconds the account took to clear a dungeon: lower is better."""
    GENIUS_MINORITY = "genius_minority"
    """The best Minority Game rating the account reached."""
    GENIUS_PRISONERS_DILEMMA = "genius_prisoners_dilemma"
    """The best Prisoner's Dilemma rating the account reached."""
    GENIUS_BYZANTINE_GENERALS = "genius_byzantine_generals"
    """The best Byzantine Generals rating the account reached."""
    GENIUS_LIARS_DICE = "genius_liars_dice"
    """The best Liar's Dice rating the account reached."""
    GENIUS_CONSCIOUSNESS_EMERGENCE = "genius_consciousness_emergence"
    """The best Consciousness Emergence rating the account reached."""

    @property
    def lower_is_better(self) -> bool:
        return self is Board.FASTEST_CLEAR

    @classmethod
    def for_genius(cls, game: str) -> Board | None:
        """The rating board of a Genius game (by its registry name); None for a game without one."""
        try:
            return cls(f"{GENIUS_BOARD_PREFIX}{game}")
        except ValueError:
            return None


GENIUS_BOARD_PREFIX = "genius_"


class Period(StrEnum):
    DAY = "day"
    WEEK = "week"
    MONTH = "month"
    ALL = "all"


FINISHING_PERIODS = (Period.DAY, Period.WEEK, Period.MONTH)
"""The periods whose buckets end (and so are removed after `BUCKET_RETENTION`)."""


class LeaderboardsUnavailable(Exception):
    """The store could not be reached; the API answers GBX_UNAVAILABLE."""


def utc_now() -> datetime:
    return datetime.now(UTC)


def bucket_bounds(period: Period, at: datetime) -> tuple[datetime | None, datetime | None]:
    """When the period bucket holding `at` starts and ends (UTC); (None, None) for `all`."""
    at = at.astimezone(UTC)
    day = at.replace(hour=0, minute=0, second=0, microsecond=0)
    if period is Period.DAY:
        return day, day + timedelta(days=1)
    if period is Period.WEEK:
        monday = day - timedelta(days=day.weekday())
        return monday, monday + timedelta(days=7)
    if period is Period.MONTH:
        first = day.replace(day=1)
        following = (
            first.replace(year=first.year + 1, month=1)
            if first.month == 12
            else first.replace(month=first.month + 1)
        )
        return first, following
    return None, None


def kept_until(period: Period, at: datetime) -> datetime | None:
    """When the period bucket holding `at` is removed: `BUCKET_RETENTION` after it ends; None for `all`."""
    _, ends = bucket_bounds(period, at)
    return None if ends is None else ends + BUCKET_RETENTION


def bucket_of(period: Period, at: datetime) -> str:
    """The bucket's name: `2026-11-23`, `2026-W48` (the ISO week's own year), `2026-11` or `all`."""
    at = at.astimezone(UTC)
    if period is Period.DAY:
        return at.strftime("%Y-%m-%d")
    if period is Period.WEEK:
        iso = at.isocalendar()
        return f"{iso.year:04d}-W{iso.week:02d}"
    if period is Period.MONTH:
        return at.strftime("%Y-%m")
    return "all"


@dataclass(frozen=True, slots=True)
class Score:
    """One result to submit: it counts in the day, week, month and all-time buckets holding `at`."""

    board: Board
    account_id: str
    username: str
    value: int
    at: datetime
    game_id: str | None = None

    def __post_init__(self) -> None:
        if not 0 <= self.value <= MAX_VALUE:
            raise ValueError(f"a leaderboard value must be between 0 and {MAX_VALUE}, not {self.value}")
        if self.at.tzinfo is None:
            raise ValueError("a leaderboard moment must be an aware datetime")

    @property
    def order_key(self) -> int:
        """Smaller ranks first on every board: higher-is-better values are negated."""
        return self.value if self.board.lower_is_better else -self.value


@dataclass(frozen=True, slots=True)
class RankedScore:
    rank: int
    """1-based and strict: no two entries share a rank."""
    account_id: str
    username: str
    value: int
    achieved_at: datetime
    game_id: str | None


def best_per_bucket(scores: Iterable[Score], now: datetime) -> dict[tuple[Board, Period, str, str], Score]:
    """The one score per (board, period, bucket, account) a batch leaves behind: the best value,
    and of equal values the earliest (the first submitted on a full tie). Buckets past their
    retention at `now` are left out."""
    best: dict[tuple[Board, Period, str, str], Score] = {}
    for score in scores:
        for period in Period:
            until = kept_until(period, score.at)
            if until is not None and until <= now:
                continue
            key = (score.board, period, bucket_of(period, score.at), score.account_id)
            held = best.get(key)
            if held is None or (score.order_key, score.at) < (held.order_key, held.at):
                best[key] = score
    return best


class LeaderboardStore(ABC):
    """Best scores per board and period bucket, and strict ranks over them."""

    def __init__(self, clock: Clock = utc_now) -> None:
        self.clock = clock

    @abstractmethod
    async def submit(self, scores: Sequence[Score]) -> None:
        """Count each score in its day, week, month and all-time buckets, where it beats the entry."""

    @abstractmethod
    async def top(self, board: Board, period: Period, limit: int, offset: int = 0) -> list[RankedScore]:
        """The entries ranked `offset + 1` to `offset + limit` in the current bucket."""

    @abstractmethod
    async def count(self, board: Board, period: Period) -> int:
        """How many accounts have an entry in the current bucket."""

    @abstractmethod
    async def rank_of(self, board: Board, period: Period, account_id: str) -> int | None:
        """The account's rank in the current bucket, or None when it has no entry there."""

    async def prune(self, limit: int = PRUNE_BATCH) -> int:
        """Remove up to `limit` entries of buckets past their retention; how many went. Backends
        whose entries expire by themselves (Redis) have nothing to do."""
        return 0

    async def around(self, board: Board, period: Period, account_id: str, span: int) -> list[RankedScore]:
        """The account's entry with up to `span` entries above and below it; empty without an entry."""
        rank = await self.rank_of(board, period, account_id)
        if rank is None:
            return []
        offset = max(0, rank - 1 - span)
        return await self.top(board, period, limit=rank - offset + span, offset=offset)


class SqlLeaderboardStore(LeaderboardStore):
    """One row per (board, period, bucket, account) in `leaderboard_scores`, upserted only when
    the new score beats it, so concurrent writers need no lock: the database decides."""

    def __init__(self, sessions: async_sessionmaker[AsyncSession], clock: Clock = utc_now) -> None:
        super().__init__(clock)
        self._sessions = sessions

    async def submit(self, scores: Sequence[Score]) -> None:
        rows = [
            {
                "board": board.value,
                "period": period.value,
                "bucket": bucket,
                "account_id": account_id,
                "username": score.username,
                "value": score.value,
                "order_key": score.order_key,
                "achieved_at": score.at,
                "game_id": score.game_id,
            }
            for (board, period, bucket, account_id), score in best_per_bucket(scores, self.clock()).items()
        ]
        if not rows:
            return
        with _sql_errors():
            async with write_transaction(self._sessions) as session:
                dialect = session.get_bind().dialect.name
                insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
                record = LeaderboardScoreRecord
                statement = insert(record)
                new = statement.excluded
                await session.execute(
                    statement.on_conflict_do_update(
                        index_elements=["board", "period", "bucket", "account_id"],
                        set_={
                            name: new[name]
                            for name in ("username", "value", "order_key", "achieved_at", "game_id")
                        },
                        where=or_(
                            new.order_key < record.order_key,
                            and_(new.order_key == record.order_key, new.achieved_at < record.achieved_at),
                        ),
                    ),
                    rows,
                )

    async def top(self, board: Board, period: Period, limit: int, offset: int = 0) -> list[RankedScore]:
        if limit <= 0:
            return []
        record = LeaderboardScoreRecord
        query = (
            select(record)
            .where(*self._current(board, period))
            .order_by(record.order_key, record.achieved_at, record.account_id)
            .limit(limit)
            .offset(offset)
        )
        with _sql_errors():
            async with self._sessions() as session:
                found = list((await session.execute(query)).scalars())
        return [
            RankedScore(offset + n, r.account_id, r.username, r.value, r.achieved_at, r.game_id)
            for n, r in enumerate(found, start=1)
        ]

    async def count(self, board: Board, period: Period) -> int:
        with _sql_errors():
            async with self._sessions() as session:
                total = await session.scalar(
                    select(func.count())
                    .select_from(LeaderboardScoreRecord)
                    .where(*self._current(board, period))
                )
        return int(total or 0)

    async def rank_of(self, board: Board, period: Period, account_id: str) -> int | None:
        record = LeaderboardScoreRecord
        current = self._current(board, period)
        with _sql_errors():
            async with self._sessions() as session:
                mine = (
                    await session.execute(
                        select(record.order_key, record.achieved_at).where(
                            *current, record.account_id == account_id
                        )
                    )
                ).one_or_none()
                if mine is None:
                    return None
                key, at = mine
                ahead = await session.scalar(
                    select(func.count())
                    .select_from(record)
                    .where(
                        *current,
                        or_(
                            record.order_key < key,
                            and_(record.order_key == key, record.achieved_at < at),
                            and_(
                                record.order_key == key,
                                record.achieved_at == at,
                                record.account_id < account_id,
                            ),
                        ),
                    )
                )
        return int(ahead or 0) + 1

    async def prune(self, limit: int = PRUNE_BATCH) -> int:
        """Delete entries of finished buckets that ended `BUCKET_RETENTION` ago or more, a bounded
        batch per call. Bucket names sort in time order, so those are the buckets named before the
        one holding (now - retention); each (board, period) is a range of the primary key."""
        record = LeaderboardScoreRecord
        cutoff = self.clock() - BUCKET_RETENTION
        removed = 0
        with _sql_errors():
            async with write_transaction(self._sessions) as session:
                for board in Board:
                    for period in FINISHING_PERIODS:
                        if removed >= limit:
                            return removed
                        mine = (record.board == board.value, record.period == period.value)
                        expired = (
                            select(record.bucket, record.account_id)
                            .where(*mine, record.bucket < bucket_of(period, cutoff))
                            .limit(limit - removed)
                        )
                        gone = await session.execute(
                            delete(record).where(*mine, tuple_(record.bucket, record.account_id).in_(expired))
                        )
                        removed += gone.rowcount  # type: ignore[attr-defined]
        return removed

    def _current(self, board: Board, period: Period) -> tuple[ColumnElement[bool], ...]:
        record = LeaderboardScoreRecord
        return (
            record.board == board.value,
            record.period == period.value,
            record.bucket == bucket_of(period, self.clock()),
        )


# The member of a sorted set is "<microseconds since 1970, 17 digits>|<account id>": on equal
# scores Redis orders members bytewise, so the earlier achiever (then the smaller id) comes first.
_TIME_DIGITS = 17
_ACCOUNT_AT = _TIME_DIGITS + 2  # Lua strings are 1-based

_SUBMIT = """
local held = redis.call('HGET', KEYS[2], ARGV[1])
if held then
  local held_score = redis.call('ZSCORE', KEYS[1], held)
  if held_score then
    local score = tonumber(ARGV[2])
    held_score = tonumber(held_score)
    if score > held_score or (score == held_score and ARGV[3] >= held) then
      return 0
    end
  end
  redis.call('ZREM', KEYS[1], held)
end
redis.call('ZADD', KEYS[1], ARGV[2], ARGV[3])
redis.call('HSET', KEYS[2], ARGV[1], ARGV[3], 'n:' .. ARGV[1], ARGV[4])
if ARGV[5] == '' then
  redis.call('HDEL', KEYS[2], 'g:' .. ARGV[1])
else
  redis.call('HSET', KEYS[2], 'g:' .. ARGV[1], ARGV[5])
end
local ttl = tonumber(ARGV[6])
if ttl > 0 then
  redis.call('EXPIRE', KEYS[1], ttl)
  redis.call('EXPIRE', KEYS[2], ttl)
end
return 1
"""

_RANGE = f"""
local members = redis.call('ZRANGE', KEYS[1], ARGV[1], ARGV[2], 'WITHSCORES')
local found = {{}}
for i = 1, #members, 2 do
  local account = string.sub(members[i], {_ACCOUNT_AT})
  local meta = redis.call('HMGET', KEYS[2], 'n:' .. account, 'g:' .. account)
  found[#found + 1] = members[i]
  found[#found + 1] = members[i + 1]
  found[#found + 1] = meta[1] or ''
  found[#found + 1] = meta[2] or ''
end
return found
"""

_RANK = """
local held = redis.call('HGET', KEYS[2], ARGV[1])
if not held then return -1 end
local rank = redis.call('ZRANK', KEYS[1], held)
if not rank then return -1 end
return rank
"""


class RedisLeaderboardStore(LeaderboardStore):
    """A sorted set per board and period bucket (score: the order key; member: time and account)
    and a hash beside it (account -> member, username, game). Each write is one Lua script, so
    the compare-and-replace is atomic; both keys share a hash tag, so they work on a cluster too.
    Finished buckets expire `BUCKET_RETENTION` after they end."""

    def __init__(self, redis: Redis, key_prefix: str = "goldbox", clock: Clock = utc_now) -> None:
        super().__init__(clock)
        self._redis = redis
        self._prefix = key_prefix
        self._submit = redis.register_script(_SUBMIT)
        self._range = redis.register_script(_RANGE)
        self._rank = redis.register_script(_RANK)

    def _keys(self, board: Board, period: Period, bucket: str) -> list[str]:
        tag = f"{self._prefix}:lb:{{{board.value}:{period.value}:{bucket}}}"
        return [f"{tag}:rank", f"{tag}:meta"]

    def _current_keys(self, board: Board, period: Period) -> list[str]:
        return self._keys(board, period, bucket_of(period, self.clock()))

    async def submit(self, scores: Sequence[Score]) -> None:
        now = self.clock()
        best = best_per_bucket(scores, now)
        if not best:
            return
        with _redis_errors():
            async with self._redis.pipeline(transaction=False) as pipe:
                for (board, period, bucket, account_id), score in best.items():
                    until = kept_until(period, score.at)
                    ttl = 0 if until is None else max(1, math.ceil((until - now).total_seconds()))
                    args: list[str | int] = [account_id, score.order_key, _member(score.at, account_id)]
                    args += [score.username, score.game_id or "", ttl]
                    await self._submit(self._keys(board, period, bucket), args, client=pipe)
                await pipe.execute()

    async def top(self, board: Board, period: Period, limit: int, offset: int = 0) -> list[RankedScore]:
        if limit <= 0:
            return []
        with _redis_errors():
            found = await self._range(self._current_keys(board, period), [offset, offset + limit - 1])
        ranked: list[RankedScore] = []
        for n in range(0, len(found), 4):
            member, score, username, game_id = (_text(part) for part in found[n : n + 4])
            micros, account_id = member.split("|", 1)
            order_key = int(float(score))
            ranked.append(
                RankedScore(
                    rank=offset + n // 4 + 1,
                    account_id=account_id,
                    username=username,
                    value=order_key if board.lower_is_better else -order_key,
                    achieved_at=EPOCH + timedelta(microseconds=int(micros)),
                    game_id=game_id or None,
                )
            )
        return ranked

    async def count(self, board: Board, period: Period) -> int:
        with _redis_errors():
            return int(await self._redis.zcard(self._current_keys(board, period)[0]))

    async def rank_of(self, board: Board, period: Period, account_id: str) -> int | None:
        with _redis_errors():
            rank = int(await self._rank(self._current_keys(board, period), [account_id]))
        return None if rank < 0 else rank + 1


def _member(at: datetime, account_id: str) -> str:
    micros = (at - EPOCH) // timedelta(microseconds=1)
    if not 0 <= micros < 10**_TIME_DIGITS:
        raise ValueError(f"a leaderboard moment must fall after 1970: {at.isoformat()}")
    return f"{micros:0{_TIME_DIGITS}d}|{account_id}"


def _text(part: bytes | str | float | int) -> str:
    return part.decode() if isinstance(part, bytes) else str(part)


@contextlib.contextmanager
def _redis_errors() -> Iterator[None]:
    try:
        yield
    except (RedisError, OSError) as exc:
        raise LeaderboardsUnavailable(f"the leaderboard store (Redis) is unreachable: {exc}") from exc


@contextlib.contextmanager
def _sql_errors() -> Iterator[None]:
    try:
        yield
    except (OperationalError, InterfaceError, PoolTimeout, OSError) as exc:
        raise LeaderboardsUnavailable(f"the leaderboard store (database) is unreachable: {exc}") from exc


def leaderboard_store_for(
    redis: Redis | None,
    sessions: async_sessionmaker[AsyncSession],
    key_prefix: str = "goldbox",
    clock: Clock = utc_now,
) -> LeaderboardStore:
    """Redis sorted sets when Redis is configured, the database otherwise."""
    if redis is None:
        return SqlLeaderboardStore(sessions, clock)
    return RedisLeaderboardStore(redis, key_prefix, clock)
