"""Genius matches online: making one, taking seats, starting, sealed actions, and the end.

Every change to a match is one transaction, as an RPG action is: the row is read (and locked, on
PostgreSQL; SQLite's one writer holds the whole database), the change is worked out in memory by
`match_rounds.Play`, and its events and the new state (with the moment the match clock must next
look at it, in `games.turn_deadline`) are written as the next version, or nothing is. Writers to one
match in one process queue on a lock first. A refusal (a GbxError, a RuleError from the rules)
writes nothing. Only after the commit are the events published (`after_commit`), the timer of the
round armed (`match_clock`), and, for the change that ended the match, `on_finished` told.

Sealed actions live only in the stored state until their round resolves; the log holds who acted
(`round.action_sealed`), never what, until the hidden `round.revealed` of the resolved round, which
`match.replay` shows once the match is over.
"""

from __future__ import annotations

import secrets
import uuid
from collections.abc import Awaitable, Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any, TypeVar

import structlog
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from goldbox.api import errors
from goldbox.api.errors import GbxError
from goldbox.auth.keyed_locks import KeyedLocks
from goldbox.auth.roles import Principal, Role
from goldbox.game.errors import RuleError
from goldbox.game.genius.protocol import Action, Outcome
from goldbox.service.characters import rule_violation
from goldbox.service.match_checks import (
    check_awaited,
    check_manager,
    check_open,
    check_options,
    check_room,
    check_running,
    check_strategy,
    own_seat,
    rules_of,
    start_or_refuse,
    table_size,
)
from goldbox.service.match_clock import MatchClock
from goldbox.service.match_rounds import Play
from goldbox.service.match_state import (
    FINISHED,
    OPEN,
    Entrant,
    Match,
)
from goldbox.service.match_store import (
    StoredMatch,
    append_change,
    events_of,
    insert_match,
    read_match,
    select_matches,
)
from goldbox.store.database import write_transaction
from goldbox.store.game_log import LoggedEvent, StaleVersion
from goldbox.store.models import AccountRecord

log = structlog.get_logger("goldbox.matches")

MAX_ATTEMPTS = 5
SEED_BITS = 63
LIST_LIMIT = 100
DEFAULT_ROUND_DEADLINE_S = 30
T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class Written:
    """What one acknowledged change wrote: the match after it, its events (with their seqs, each
    with its audience) and the rounds it resolved."""

    stored: StoredMatch
    events: list[LoggedEvent]
    resolved: tuple[int, ...]
    committed_at: datetime


@dataclass(frozen=True, slots=True)
class Acted:
    """A sealed action: the round it was sealed in, in its normal form, and what was written."""

    written: Written
    round: int
    sealed: Action

    @property
    def resolved(self) -> bool:
        """The round resolved within this very action (it was the last one awaited)."""
        return self.round in self.written.resolved


@dataclass(frozen=True, slots=True)
class FinishedSeat:
    seat: int
    kind: str
    name: str
    account_id: str | None
    strategy: str | None
    left: bool


@dataclass(frozen=True, slots=True)
class MatchFinished:
    """What `on_finished` listeners are told once a match's last round has committed."""

    match_id: str
    game: str
    seats: tuple[FinishedSeat, ...]
    outcome: Outcome
    tournament_id: str | None
    finished_at: datetime


AfterCommit = Callable[[Written], Awaitable[object]]
OnFinished = Callable[[MatchFinished], Awaitable[object]]
Change = Callable[[AsyncSession, Play], Awaitable[T]]


class Matches:
    """The Genius matches of one server process."""

    def __init__(self, sessions: async_sessionmaker[AsyncSession]) -> None:
        self.sessions = sessions
        self.after_commit: list[AfterCommit] = []
        """Called with each acknowledged change, after its commit (publishing its events)."""
        self.on_finished: list[OnFinished] = []
        """Called once per match, after the commit that ended it (ratings, tournaments)."""
        self.clock = MatchClock(sessions, self.resolve_due)
        self._writers = KeyedLocks()

    # ------------------------------------------------------------------------------ making
    async def create(
        self,
        caller: Principal,
        game: str,
        options: Mapping[str, Any],
        max_players: int | None = None,
        round_deadline_s: int = DEFAULT_ROUND_DEADLINE_S,
        pace_s: float = 0.0,
        join: bool = True,
    ) -> Written:
        """A new open match of `game`, its creator seated in it unless `join` is false. The options
        are checked by the rules now (GBX_INVALID_PARAMS), for a table of `max_players`."""
        rules = rules_of(game)
        most = table_size(rules, max_players)
        seed = secrets.randbits(SEED_BITS)
        check_options(rules, seed, most, rules.min_players, options)
        match = Match(game, dict(options), rules.min_players, most, round_deadline_s, pace_s, caller.subject)

        async def seat_creator(session: AsyncSession, play: Play) -> None:
            if join:
                play.seat(await _entrant(session, caller))

        written, _ = await self._write(str(uuid.uuid4()), seat_creator, new=(match, seed))
        return written

    async def create_seated(
        self,
        game: str,
        options: Mapping[str, Any],
        entrants: Sequence[Entrant],
        tournament_id: str | None = None,
        round_deadline_s: int = DEFAULT_ROUND_DEADLINE_S,
        pace_s: float = 0.0,
    ) -> Written:
        """A match made, seated (in the order given) and started in one transaction: for
        tournaments. A table of bots only plays to its end by itself. RuleError refusals (an unknown
        game or strategy, options or a seat count the rules refuse) come out as GbxError."""
        rules = rules_of(game)
        for entrant in entrants:
            if entrant.strategy is not None:
                check_strategy(game, entrant.strategy)
        seed = secrets.randbits(SEED_BITS)
        check_options(rules, seed, len(entrants), len(entrants), options)
        match = Match(
            game,
            dict(options),
            rules.min_players,
            len(entrants),
            round_deadline_s,
            pace_s,
            creator=None,
            tournament_id=tournament_id,
        )

        async def seat_and_start(session: AsyncSession, play: Play) -> None:
            for entrant in entrants:
                play.seat(entrant)
            start_or_refuse(play)

        written, _ = await self._write(str(uuid.uuid4()), seat_and_start, new=(match, seed))
        return written

    # ------------------------------------------------------------------------------- seats
    async def join(self, caller: Principal, match_id: str) -> Written:
        """Take the next free seat of an open match."""

        async def take_seat(session: AsyncSession, play: Play) -> None:
            match = play.match
            check_open(match, match_id)
            if match.seat_of(caller.subject) is not None:
                raise GbxError(errors.ALREADY_SEATED, details={"match_id": match_id})
            check_room(match, match_id)
            play.seat(await _entrant(session, caller))

        written, _ = await self._write(match_id, take_seat)
        return written

    async def add_bot(self, caller: Principal, match_id: str, strategy: str) -> Written:
        """Seat a built-in bot in an open match (its creator or one of its players may)."""

        async def seat_bot(session: AsyncSession, play: Play) -> None:
            match = play.match
            check_strategy(match.game, strategy)
            check_open(match, match_id)
            check_manager(match, caller, match_id)
            check_room(match, match_id)
            play.seat(Entrant.bot(strategy))

        written, _ = await self._write(match_id, seat_bot)
        return written

    async def leave(self, caller: Principal, match_id: str) -> Written:
        """Before the start the seat is freed (the seats after it move down one); once started the
        seat stays and plays the rules' default action every round."""

        async def give_up_seat(session: AsyncSession, play: Play) -> None:
            match = play.match
            seat = own_seat(match, caller, match_id)
            if match.status == FINISHED:
                raise GbxError(errors.MATCH_NOT_RUNNING, details={"match_id": match_id, "status": FINISHED})
            if match.status == OPEN:
                play.unseat(seat)
            else:
                play.leave(seat)

        written, _ = await self._write(match_id, give_up_seat)
        return written

    async def start(self, caller: Principal, match_id: str) -> Written:
        """Start an open match with the seats taken (its creator or one of its players may)."""

        async def begin(session: AsyncSession, play: Play) -> None:
            check_open(play.match, match_id)
            check_manager(play.match, caller, match_id)
            start_or_refuse(play)

        written, _ = await self._write(match_id, begin)
        return written

    # ------------------------------------------------------------------------------ rounds
    async def act(
        self, caller: Principal, match_id: str, action: Mapping[str, Any], round_number: int | None = None
    ) -> Acted:
        """Seal the caller's action for the current round (`round_number`, when given, must be it);
        the round resolves at once when it was the last one awaited and the pace has run."""

        async def seal(session: AsyncSession, play: Play) -> tuple[int, Action]:
            match = play.match
            check_running(match, match_id)
            seat = own_seat(match, caller, match_id)
            check_awaited(match, seat, round_number)
            sealed_in = match.round
            try:
                sealed = play.seal(seat.seat, dict(action))
            except RuleError as refused:
                raise rule_violation(refused) from None
            play.settle()
            return sealed_in, sealed

        written, (sealed_in, sealed) = await self._write(match_id, seal)
        return Acted(written, sealed_in, sealed)

    async def resolve_due(self, match_id: str) -> float | None:
        """The match clock's work: resolve the match's round if its deadline or pace has passed,
        filling missing actions with the default. Returns how late it committed, in seconds after
        the moment it was due; None when nothing was due (it was resolved already, here or by
        another process)."""

        async def overdue(session: AsyncSession, play: Play) -> datetime | None:
            due = play.match.due()
            if due is None or due > play.now:
                return None
            play.close_overdue()
            return due if play.resolved else None

        try:
            written, due = await self._write(match_id, overdue)
        except GbxError as failed:
            if failed.code is not errors.NOT_FOUND:
                raise
            return None
        return None if due is None else (written.committed_at - due).total_seconds()

    # ------------------------------------------------------------------------------- reads
    async def current(self, match_id: str) -> StoredMatch:
        """The match as last committed."""
        async with self.sessions() as session:
            return await read_match(session, match_id, lock=False)

    async def list_matches(
        self, game: str | None = None, status: str | None = None, limit: int = LIST_LIMIT
    ) -> list[StoredMatch]:
        """Matches newest first, of one game or all, in one status or any."""
        async with self.sessions() as session:
            return await select_matches(session, game, status, limit)

    async def log_of(self, match_id: str) -> tuple[StoredMatch, list[LoggedEvent]]:
        """A finished match and its whole log, hidden events included (for the replay); the log
        of a match still going would give its sealed and private moves away: GBX_MATCH_NOT_OVER."""
        async with self.sessions() as session:
            stored = await read_match(session, match_id, lock=False)
            if stored.status != FINISHED:
                raise GbxError(errors.MATCH_NOT_OVER, details={"match_id": match_id, "status": stored.status})
            return stored, await events_of(session, stored)

    # ----------------------------------------------------------------------------- writing
    async def _write(
        self, match_id: str, change: Change[T], new: tuple[Match, int] | None = None
    ) -> tuple[Written, T]:
        """Read (or, with `new`, insert), change and append in one transaction; see the module."""
        async with self._writers.hold(match_id):
            for _attempt in range(MAX_ATTEMPTS):
                try:
                    async with write_transaction(self.sessions) as session:
                        if new is None:
                            stored = await read_match(session, match_id, lock=True)
                        else:
                            stored = await insert_match(session, match_id, *new, self.clock.now())
                        play = Play(stored.match, stored.seed, self.clock.now())
                        result = await change(session, play)
                        logged = await append_change(session, stored, play.events, play.match)
                except StaleVersion:
                    continue
                written = Written(
                    StoredMatch(match_id, stored.seed, stored.version + len(logged), play.match),
                    logged,
                    tuple(play.resolved),
                    self.clock.now(),
                )
                if logged:
                    await self._committed(written, play.finished)
                return written, result
        raise GbxError(errors.CONFLICT, details={"match_id": match_id, "attempts": MAX_ATTEMPTS})

    async def _committed(self, written: Written, finished: bool) -> None:
        """After the commit: arm the round's timer, publish, and tell who waits for the end."""
        match = written.stored.match
        self.clock.schedule(written.stored.id, match.due())
        for hook in self.after_commit:  # the change is durable: a failing listener cannot undo it
            await _told(hook, written, written.stored.id)
        if finished and match.outcome is not None and match.finished_at is not None:
            ended = MatchFinished(
                written.stored.id,
                match.game,
                tuple(
                    FinishedSeat(s.seat, s.kind, s.name, s.account_id, s.strategy, s.left)
                    for s in match.seats
                ),
                match.outcome,
                match.tournament_id,
                match.finished_at,
            )
            for listener in self.on_finished:
                await _told(listener, ended, written.stored.id)


async def _told(hook: Callable[[Any], Awaitable[object]], what: object, match_id: str) -> None:
    try:
        await hook(what)
    except Exception:
        log.exception("match_listener_failed", match_id=match_id, hook=getattr(hook, "__qualname__", ""))


async def _entrant(session: AsyncSession, caller: Principal) -> Entrant:
    """The caller as a seat's player, named by their username (read when the token did not carry it)."""
    name = caller.username or await session.scalar(
        select(AccountRecord.username).where(AccountRecord.id == caller.subject)
    )
    return Entrant.person(caller.subject, name or caller.subject, agent=caller.role is Role.AGENT)
