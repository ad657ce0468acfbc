"""Tables. Every schema change also gets a numbered Alembic migration in store/migrations/versions."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    DateTime,
    Dialect,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    func,
    text,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column
from sqlalchemy.types import TypeDecorator

NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)


class UtcDateTime(TypeDecorator[datetime]):
    """A moment in UTC, aware on the way in and out, on every database.

    SQLite keeps no time zone and hands back naive values, which cannot be compared with aware
    ones; this type stores UTC and always returns an aware UTC datetime.
    """

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("UtcDateTime needs an aware datetime")
        value = value.astimezone(UTC)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


class GameRecord(Base):
    """A game of any kind (RPG adventure or Genius match): its seed and its current state.

    `version` equals the sequence number of the last event applied, so a writer that read
    version N may only append event N+1: the check that stops two actions corrupting a game.
    """

    __tablename__ = "games"
    __table_args__ = (
        Index(
            "ix_games_unscored",
            "id",
            sqlite_where=text("scored_seq < version"),
            postgresql_where=text("scored_seq < version"),
        ),
    )

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    kind: Mapped[str] = mapped_column(String(64), index=True)
    seed: Mapped[int] = mapped_column(BigInteger)
    status: Mapped[str] = mapped_column(String(16), default="open", index=True)
    version: Mapped[int] = mapped_column(Integer, default=0)
    state: Mapped[dict[str, Any]] = mapped_column(JSON)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())
    turn_deadline: Mapped[datetime | None] = mapped_column(UtcDateTime(), nullable=True, index=True)
    """When the turn sweeper next looks at the player's turn this game waits for (it may end it);
    NULL when no player's turn is pending. Written with the state, in the same transaction."""
    scored_seq: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    """The last seq whose leaderboard scores are known to be recorded (every scoring event up to it
    is on the boards). Behind `version` means the leaderboard sweep has log to catch up; the partial
    index `ix_games_unscored` holds only those games, so finding them stays cheap."""


class GameEventRecord(Base):
    """One entry of a game's append-only event log; (game_id, seq) is contiguous from 1."""

    __tablename__ = "game_events"

    game_id: Mapped[str] = mapped_column(
        String(36), ForeignKey("games.id", ondelete="CASCADE"), primary_key=True
    )
    seq: Mapped[int] = mapped_column(Integer, primary_key=True)
    type: Mapped[str] = mapped_column(String(64))
    data: Mapped[dict[str, Any]] = mapped_column(JSON)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())


class AccountRecord(Base):
    """A person or a bot owner who can log in. `username_key` (lower case) makes names unique
    without regard to case; `username` keeps the spelling the owner chose."""

    __tablename__ = "accounts"

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    username: Mapped[str] = mapped_column(String(32))
    username_key: Mapped[str] = mapped_column(String(32), unique=True)
    email: Mapped[str | None] = mapped_column(String(254), nullable=True)
    password_hash: Mapped[str] = mapped_column(String(255))
    role: Mapped[str] = mapped_column(String(16))
    tier: Mapped[str] = mapped_column(String(16), default="default")
    created_at: Mapped[datetime] = mapped_column(UtcDateTime())
    password_changed_at: Mapped[datetime] = mapped_column(UtcDateTime())


class AuthSessionRecord(Base):
    """One login: the refresh tokens it issues and the access tokens that name it (`sid`) live and
    die with it."""

    __tablename__ = "auth_sessions"

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    account_id: Mapped[str] = mapped_column(
        String(36), ForeignKey("accounts.id", ondelete="CASCADE"), index=True
    )
    created_at: Mapped[datetime] = mapped_column(UtcDateTime())
    expires_at: Mapped[datetime] = mapped_column(UtcDateTime())
    revoked_at: Mapped[datetime | None] = mapped_column(UtcDateTime(), nullable=True)
    revoked_reason: Mapped[str | None] = mapped_column(String(32), nullable=True)
    ip: Mapped[str | None] = mapped_column(String(64), nullable=True)
    user_agent: Mapped[str | None] = mapped_column(String(512), nullable=True)


class RefreshTokenRecord(Base):
    """A refresh token, by hash. `used_at` is set when it is spent; a spent token shown again is
    a sign of theft and ends the session."""

    __tablename__ = "refresh_tokens"

    token_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    session_id: Mapped[str] = mapped_column(
        String(36), ForeignKey("auth_sessions.id", ondelete="CASCADE"), index=True
    )
    issued_at: Mapped[datetime] = mapped_column(UtcDateTime())
    expires_at: Mapped[datetime] = mapped_column(UtcDateTime())
    used_at: Mapped[datetime | None] = mapped_column(UtcDateTime(), nullable=True)


class ApiKeyRecord(Base):
    """A long-lived credential for a bot or tool, stored only as a hash; `prefix` is the part
    shown in lists so an owner can tell keys apart."""

    __tablename__ = "api_keys"

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    account_id: Mapped[str] = mapped_column(
        String(36), ForeignKey("accounts.id", ondelete="CASCADE"), index=True
    )
    name: Mapped[str] = mapped_column(String(64))
    role: Mapped[str] = mapped_column(String(16))
    key_hash: Mapped[str] = mapped_column(String(64), unique=True)
    prefix: Mapped[str] = mapped_column(String(16))
    created_at: Mapped[datetime] = mapped_column(UtcDateTime())
    expires_at: Mapped[datetime | None] = mapped_column(UtcDateTime(), nullable=True)
    last_used_at: Mapped[datetime | None] = mapped_column(UtcDateTime(), nullable=True)
    revoked_at: Mapped[datetime | None] = mapped_column(UtcDateTime(), nullable=True)


class AuditRecord(Base):
    """One security event. Rows are only ever added; each row's `hash` covers its content and
    the previous row's hash, so an edited or deleted row breaks the chain."""

    __tablename__ = "audit_log"

    seq: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    at: Mapped[datetime] = mapped_column(UtcDateTime(), index=True)
    type: Mapped[str] = mapped_column(String(64), index=True)
    actor: Mapped[str] = mapped_column(String(128), index=True)
    account_id: Mapped[str | None] = mapped_column(String(36), nullable=True, index=True)
    ip: Mapped[str | None] = mapped_column(String(64), nullable=True)
    user_agent: Mapped[str | None] = mapped_column(String(512), nullable=True)
    correlation_id: Mapped[str | None] = mapped_column(String(128), nullable=True)
    details: Mapped[dict[str, Any]] = mapped_column(JSON)
    prev_hash: Mapped[str] = mapped_column(String(64))
    hash: Mapped[str] = mapped_column(String(64))


class AuditHeadRecord(Base):
    """The chain's newest link (one row, id 1). Updated with every append, it makes deleting the
    newest rows detectable too; appends lock this row, which keeps the chain a single line."""

    __tablename__ = "audit_head"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    seq: Mapped[int] = mapped_column(BigInteger)
    hash: Mapped[str] = mapped_column(String(64))


class CharacterRecord(Base):
    """A player's character. `sheet` is the whole rules Creature (state_codec.dump_creature); name,
    race, class, level and XP are copied out of it for lists. `seed` is the creation seed the server
    drew, so a creation can be checked. `game_id` is set while the character adventures in a game."""

    __tablename__ = "characters"

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    account_id: Mapped[str] = mapped_column(
        String(36), ForeignKey("accounts.id", ondelete="CASCADE"), index=True
    )
    name: Mapped[str] = mapped_column(String(32))
    race: Mapped[str] = mapped_column(String(32))
    class_id: Mapped[str] = mapped_column(String(32))
    level: Mapped[int] = mapped_column(Integer)
    xp: Mapped[int] = mapped_column(Integer)
    seed: Mapped[int] = mapped_column(BigInteger)
    sheet: Mapped[dict[str, Any]] = mapped_column(JSON)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime())
    deleted_at: Mapped[datetime | None] = mapped_column(UtcDateTime(), nullable=True)
    game_id: Mapped[str | None] = mapped_column(
        String(36), ForeignKey("games.id", ondelete="SET NULL"), nullable=True
    )


class GamePlayerRecord(Base):
    """A character's place in an RPG game; `left_at` is set when it leaves (a rejoin clears it)."""

    __tablename__ = "game_players"

    game_id: Mapped[str] = mapped_column(
        String(36), ForeignKey("games.id", ondelete="CASCADE"), primary_key=True
    )
    character_id: Mapped[str] = mapped_column(
        String(36), ForeignKey("characters.id", ondelete="CASCADE"), primary_key=True
    )
    account_id: Mapped[str] = mapped_column(
        String(36), ForeignKey("accounts.id", ondelete="CASCADE"), index=True
    )
    joined_at: Mapped[datetime] = mapped_column(UtcDateTime())
    left_at: Mapped[datetime | None] = mapped_column(UtcDateTime(), nullable=True)


class LeaderboardScoreRecord(Base):
    """An account's best score on one board in one period bucket (`2026-11-23`, `2026-W48`,
    `2026-11` or `all`), and when it was first reached. `order_key` is the value negated on boards
    where higher is better, so every board ranks by (order_key, achieved_at, account_id) ascending,
    which the ranking index serves. No foreign keys: a board is a record of results (Redis holds
    the same without any), and `username` is copied so a page needs no join."""

    __tablename__ = "leaderboard_scores"
    __table_args__ = (
        Index(
            "ix_leaderboard_scores_ranking",
            "board",
            "period",
            "bucket",
            "order_key",
            "achieved_at",
            "account_id",
        ),
    )

    board: Mapped[str] = mapped_column(String(32), primary_key=True)
    period: Mapped[str] = mapped_column(String(8), primary_key=True)
    bucket: Mapped[str] = mapped_column(String(16), primary_key=True)
    account_id: Mapped[str] = mapped_column(String(36), primary_key=True)
    username: Mapped[str] = mapped_column(String(32))
    value: Mapped[int] = mapped_column(BigInteger)
    order_key: Mapped[int] = mapped_column(BigInteger)
    achieved_at: Mapped[datetime] = mapped_column(UtcDateTime())
    game_id: Mapped[str | None] = mapped_column(String(36), nullable=True)


class GeniusRatingRecord(Base):
    """An entrant's Glicko-2 rating in one Genius game (goldbox.game.genius.glicko2). The entrant is
    an account id for people and agents, `bot:<strategy>` for a built-in bot; `name` is copied (the
    username, or the strategy) so a list needs no join. No foreign key: bots have no account."""

    __tablename__ = "genius_ratings"
    __table_args__ = (Index("ix_genius_ratings_ranking", "game", "rating"),)

    game: Mapped[str] = mapped_column(String(32), primary_key=True)
    entrant: Mapped[str] = mapped_column(String(64), primary_key=True)
    kind: Mapped[str] = mapped_column(String(16))
    name: Mapped[str] = mapped_column(String(64))
    rating: Mapped[float] = mapped_column(Float)
    rd: Mapped[float] = mapped_column(Float)
    volatility: Mapped[float] = mapped_column(Float)
    matches: Mapped[int] = mapped_column(Integer)
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime())


class GeniusRatedMatchRecord(Base):
    """A match whose ratings are counted: written in the same transaction as the new ratings, so a
    match is rated once however often its end is reported. `changes` holds each entrant's rating
    before and after; `on_boards` says the leaderboards have the people's new ratings."""

    __tablename__ = "genius_rated_matches"

    match_id: Mapped[str] = mapped_column(String(36), primary_key=True)
    game: Mapped[str] = mapped_column(String(32))
    finished_at: Mapped[datetime] = mapped_column(UtcDateTime())
    rated_at: Mapped[datetime] = mapped_column(UtcDateTime())
    changes: Mapped[list[dict[str, Any]]] = mapped_column(JSON)
    on_boards: Mapped[bool] = mapped_column(Boolean, index=True)


class TournamentRecord(Base):
    """A Genius tournament: its entrants (in entry order, the numbers its tables use), format and
    settings, the round being played, and the byes given so far (`[round, entrant]` pairs)."""

    __tablename__ = "tournaments"

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    game: Mapped[str] = mapped_column(String(32))
    format: Mapped[str] = mapped_column(String(16))
    status: Mapped[str] = mapped_column(String(16), index=True)
    creator: Mapped[str | None] = mapped_column(
        String(36), ForeignKey("accounts.id", ondelete="SET NULL"), nullable=True
    )
    entrants: Mapped[list[dict[str, Any]]] = mapped_column(JSON)
    options: Mapped[dict[str, Any]] = mapped_column(JSON)
    table_size: Mapped[int] = mapped_column(Integer)
    """The most players a match of it seats: 2 plays in pairs, more at tables (tournament_plan)."""
    rounds: Mapped[int] = mapped_column(Integer)
    round: Mapped[int] = mapped_column(Integer)
    round_deadline_s: Mapped[int] = mapped_column(Integer)
    pace_s: Mapped[float] = mapped_column(Float)
    seed: Mapped[int] = mapped_column(BigInteger)
    byes: Mapped[list[list[int]]] = mapped_column(JSON)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime(), index=True)
    finished_at: Mapped[datetime | None] = mapped_column(UtcDateTime(), nullable=True)


class TournamentMatchRecord(Base):
    """One table of a tournament round: its entrants in seat order, the match played there once it
    is made (`launched_at` marks the process that claimed the making), and its result."""

    __tablename__ = "tournament_matches"

    tournament_id: Mapped[str] = mapped_column(
        String(36), ForeignKey("tournaments.id", ondelete="CASCADE"), primary_key=True
    )
    round: Mapped[int] = mapped_column(Integer, primary_key=True)
    table_number: Mapped[int] = mapped_column(Integer, primary_key=True)
    entrants: Mapped[list[int]] = mapped_column(JSON)
    match_id: Mapped[str | None] = mapped_column(
        String(36), ForeignKey("games.id", ondelete="SET NULL"), nullable=True, unique=True
    )
    launched_at: Mapped[datetime | None] = mapped_column(UtcDateTime(), nullable=True)
    scores: Mapped[list[float] | None] = mapped_column(JSON, nullable=True)
    winners: Mapped[list[int] | None] = mapped_column(JSON, nullable=True)
    finished_at: Mapped[datetime | None] = mapped_column(UtcDateTime(), nullable=True)
