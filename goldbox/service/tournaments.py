"""Genius tournaments: entrants (bots and players) play rounds of matches until the plan is done.

A tournament is a row of `tournaments` (its entrants in entry order, its plan, the round being
played, its byes) and a row of `tournament_matches` per table of each round (its entrants in seat
order, the match played there, the result). The layout and pairing rules are in
`goldbox.service.tournament_plan`, the points and tie-breaks in `goldbox.game.genius.standings`.

It runs itself from the end of each match (the Matches `on_finished` listener): the result is
written to its table, and when every table of the round has one, the next round's tables are paired
and written in the same transaction (or the tournament is `finished`). The tables' matches are then
made (`Matches.create_seated`, seated and started at once) by a background task, never inside the
listener or the request, so a tournament of bots plays to its end on its own without holding anyone.

A table is claimed (`launched_at`) before its match is made, so one match is made per table however
many tasks look. A match of bots without a pace can end inside `create_seated`, before its id is
written to its table; its end then finds the table the task making it marked (a context variable),
or else by its entrants. Each process sweeps now and then (`catch_up`) for what a crash left
behind: a table whose match ended unreported, a table never launched, or a table claimed long ago
with no match (made, then looked for; else made again).

Bots may enter more than once (`random`, `random #2`…, all rated as `bot:random`); players once.
"""

from __future__ import annotations

import dataclasses
import secrets
import uuid
from collections.abc import Mapping, Sequence
from contextvars import ContextVar
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

import structlog
from sqlalchemy import Update, func, or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from goldbox.api import errors
from goldbox.api.errors import GbxError
from goldbox.auth.roles import Principal, Role
from goldbox.auth.usernames import username_key
from goldbox.game.errors import RuleError
from goldbox.game.genius.registry import bot_named, game_named
from goldbox.game.genius.standings import Played, Standing
from goldbox.infra.leaderboard_store import Clock, utc_now
from goldbox.service.background import BackgroundTasks
from goldbox.service.match_checks import bad_param, rules_of
from goldbox.service.match_state import FINISHED as MATCH_FINISHED
from goldbox.service.match_state import Entrant, Match, kind_of
from goldbox.service.matches import Matches, MatchFinished
from goldbox.service.periodic import Periodic
from goldbox.service.ratings import finished_from_state
from goldbox.service.tournament_plan import Plan, default_table_size, plan_for, standings_of
from goldbox.store.database import write_transaction
from goldbox.store.models import AccountRecord, GameRecord, TournamentMatchRecord, TournamentRecord

log = structlog.get_logger("goldbox.tournaments")

RUNNING, FINISHED = "running", "finished"
BOT, PLAYER = "bot", "player"
SEED_BITS = 63
LIST_LIMIT = 100
MAX_RUNNING_PER_CREATOR = 5
"""Tournaments one player may have running at once (admins are not limited): each keeps the server
busy with matches until it ends."""
CATCH_UP_INTERVAL_S = 10.0
LAUNCH_TIMEOUT = timedelta(seconds=60)
"""A table claimed this long ago with no match yet: the claimer died. Its match is looked for, and
made again if it was never made."""
_STOP_TIMEOUT_S = 2.0
_MAKING: ContextVar[tuple[str, int, int] | None] = ContextVar("tournament_table_being_made", default=None)
"""The table (tournament, round, number) whose match this task is making: a match of bots can end
inside `create_seated`, and its end must find its table before the match's id is written there."""


@dataclass(frozen=True, slots=True)
class EntrantSpec:
    """An entrant as `tournament.create` names it: a bot by strategy, a player by username."""

    kind: str
    strategy: str | None = None
    username: str | None = None


@dataclass(frozen=True, slots=True)
class TournamentEntrant:
    """An entrant as the tournament keeps it (JSON in `tournaments.entrants`)."""

    kind: str
    name: str
    account_id: str | None = None
    strategy: str | None = None
    agent: bool = False

    @property
    def key(self) -> str:
        """Who the entrant is, as a finished match's seat shows it: the account, or the strategy."""
        return self.account_id if self.account_id is not None else f"bot:{self.strategy}"

    def seat(self) -> Entrant:
        if self.strategy is not None:
            return Entrant.bot(self.strategy)
        assert self.account_id is not None
        return Entrant.person(self.account_id, self.name, agent=self.agent)

    def to_json(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "name": self.name,
            "account_id": self.account_id,
            "strategy": self.strategy,
            "agent": self.agent,
        }

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> TournamentEntrant:
        return cls(
            data["kind"], data["name"], data.get("account_id"), data.get("strategy"), data.get("agent", False)
        )


@dataclass(frozen=True, slots=True)
class Table:
    """One table of a round: its entrants (numbers) in seat order, its match and result."""

    round: int
    number: int
    entrants: tuple[int, ...]
    match_id: str | None
    scores: tuple[float, ...] | None
    winners: tuple[int, ...] | None
    finished_at: datetime | None

    @property
    def played(self) -> Played | None:
        if self.scores is None or self.winners is None:
            return None
        return Played(self.entrants, self.scores, self.winners)


@dataclass(frozen=True, slots=True)
class Tournament:
    """A tournament as read: its settings, tables and byes, and the standings they give."""

    id: str
    game: str
    format: str
    status: str
    creator: str | None
    entrants: tuple[TournamentEntrant, ...]
    options: dict[str, Any]
    table_size: int
    rounds: int
    round: int
    round_deadline_s: int
    pace_s: float
    byes: tuple[tuple[int, int], ...]
    tables: tuple[Table, ...]
    created_at: datetime
    finished_at: datetime | None

    def standings(self) -> list[Standing]:
        played = [p for p in (table.played for table in self.tables) if p is not None]
        names = [entrant.name for entrant in self.entrants]
        return standings_of(self.format, names, played, [entrant for _, entrant in self.byes])


class Tournaments:
    def __init__(
        self,
        sessions: async_sessionmaker[AsyncSession],
        matches: Matches,
        clock: Clock = utc_now,
        interval_s: float = CATCH_UP_INTERVAL_S,
    ) -> None:
        self.sessions = sessions
        self.matches = matches
        self.clock = clock
        self._launches = BackgroundTasks("tournament_launch_failed")
        self._sweeper = Periodic("tournament-sweeper", self.catch_up, interval_s)
        self._closing = False

    # ------------------------------------------------------------------------------ making
    async def create(
        self,
        caller: Principal,
        game: str,
        format_: str,
        entrants: Sequence[EntrantSpec],
        rounds: int | None,
        options: Mapping[str, Any],
        round_deadline_s: int,
        pace_s: float,
        table_size: int | None = None,
    ) -> Tournament:
        """A new tournament, its first round paired; its matches start at once (in the background)."""
        rules = rules_of(game)
        seed = secrets.randbits(SEED_BITS)
        seats = default_table_size(rules) if table_size is None else table_size
        try:
            plan = plan_for(rules, format_, len(entrants), rounds, options, seed, seats)
        except RuleError as refusal:
            raise bad_param(str(refusal.details.get("path", "params")), refusal) from None
        async with self.sessions() as session:
            resolved = [await _resolve(session, game, index, spec) for index, spec in enumerate(entrants)]
        players = [entrant.key for entrant in resolved if entrant.kind == PLAYER]
        if len(set(players)) != len(players):
            twice = sorted({e.name for e in resolved if e.kind == PLAYER and players.count(e.key) > 1})
            duplicate = RuleError("DUPLICATE_ENTRANT", f"A player may enter once: {', '.join(twice)}.")
            raise bad_param("params.entrants", duplicate)
        resolved = _named_apart(resolved)
        if caller.role is not Role.ADMIN:
            await self._check_running_count(caller.subject)
        tournament_id = str(uuid.uuid4())
        now = self.clock()
        record = TournamentRecord(
            id=tournament_id,
            game=game,
            format=format_,
            status=RUNNING,
            creator=caller.subject,
            entrants=[entrant.to_json() for entrant in resolved],
            options=dict(options),
            table_size=seats,
            rounds=plan.rounds,
            round=0,
            round_deadline_s=round_deadline_s,
            pace_s=pace_s,
            seed=seed,
            byes=[],
            created_at=now,
        )
        async with write_transaction(self.sessions) as session:
            session.add(record)
            await session.flush()
            _pair_next_round(session, record, plan, [])
        log.info("tournament_created", tournament_id=tournament_id, game=game, format=format_)
        self._launch_soon(tournament_id)
        return await self.get(tournament_id)

    async def _check_running_count(self, creator: str) -> None:
        async with self.sessions() as session:
            running = await session.scalar(
                select(func.count())
                .select_from(TournamentRecord)
                .where(TournamentRecord.creator == creator, TournamentRecord.status == RUNNING)
            )
        if (running or 0) >= MAX_RUNNING_PER_CREATOR:
            raise GbxError(
                errors.RULE_VIOLATION,
                f"You have {running} tournaments running: wait for one to finish.",
                {
                    "rule": "TOO_MANY_TOURNAMENTS",
                    "message": f"At most {MAX_RUNNING_PER_CREATOR} of your tournaments may run at once.",
                    "running": running,
                    "max": MAX_RUNNING_PER_CREATOR,
                },
            )

    # ------------------------------------------------------------------------------- reads
    async def get(self, tournament_id: str) -> Tournament:
        async with self.sessions() as session:
            record = await session.get(TournamentRecord, tournament_id)
            if record is None:
                raise GbxError(
                    errors.NOT_FOUND,
                    f"There is no tournament {tournament_id!r}.",
                    {"kind": "tournament", "id": tournament_id},
                )
            tables = await _tables(session, tournament_id)
        return _read(record, tables)

    async def list_tournaments(
        self, game: str | None = None, status: str | None = None, limit: int = LIST_LIMIT
    ) -> list[Tournament]:
        """Tournaments newest first, of one game or all, running or finished or both."""
        query = select(TournamentRecord)
        if game is not None:
            query = query.where(TournamentRecord.game == game)
        if status is not None:
            query = query.where(TournamentRecord.status == status)
        query = query.order_by(TournamentRecord.created_at.desc(), TournamentRecord.id).limit(limit)
        async with self.sessions() as session:
            records = list(await session.scalars(query))
            rows = await session.scalars(
                select(TournamentMatchRecord)
                .where(TournamentMatchRecord.tournament_id.in_([record.id for record in records]))
                .order_by(TournamentMatchRecord.round, TournamentMatchRecord.table_number)
            )
        tables: dict[str, list[TournamentMatchRecord]] = {}
        for row in rows:
            tables.setdefault(row.tournament_id, []).append(row)
        return [_read(record, tables.get(record.id, [])) for record in records]

    # ---------------------------------------------------------------------- the end of a match
    async def match_finished(self, ended: MatchFinished) -> None:
        """The `on_finished` listener: the result to its table, the next round when it completes it."""
        if ended.tournament_id is None:
            return
        if await self.record(ended):
            self._launch_soon(ended.tournament_id)

    async def record(self, ended: MatchFinished) -> bool:
        """Write a match's result to its table (once), and pair the next round (or finish the
        tournament) when it was the round's last, all in one transaction. True when it paired a
        round, whose matches are then to be made."""
        assert ended.tournament_id is not None
        async with write_transaction(self.sessions) as session:
            record = await session.get(TournamentRecord, ended.tournament_id, with_for_update=True)
            if record is None:
                log.warning("tournament_match_without_tournament", match_id=ended.match_id)
                return False
            rows = list(
                await session.scalars(
                    select(TournamentMatchRecord)
                    .where(TournamentMatchRecord.tournament_id == record.id)
                    .order_by(TournamentMatchRecord.round, TournamentMatchRecord.table_number)
                )
            )
            row = _table_of(record, rows, ended)
            if row is None:
                log.warning(
                    "tournament_match_without_table", tournament_id=record.id, match_id=ended.match_id
                )
                return False
            if row.finished_at is not None:
                return False
            row.match_id = ended.match_id
            row.scores = [float(score) for score in ended.outcome.scores]
            row.winners = [int(seat) for seat in ended.outcome.winners]
            row.finished_at = ended.finished_at
            current = [table for table in rows if table.round == record.round]
            if record.status != RUNNING or any(table.finished_at is None for table in current):
                return False
            if record.round >= record.rounds:
                record.status, record.finished_at = FINISHED, self.clock()
                log.info("tournament_finished", tournament_id=record.id)
                return False
            _pair_next_round(session, record, _plan_of(record), rows)
            return True

    # --------------------------------------------------------------------------- launching
    def _launch_soon(self, tournament_id: str) -> None:
        if self._closing:  # the sweep of the next process to start makes them
            return

        async def launching() -> None:
            await self.launch(tournament_id)

        self._launches.run(launching())

    async def launch(self, tournament_id: str) -> int:
        """Make the matches of the tournament's tables that have none, one claim at a time;
        returns how many it made."""
        made = 0
        while not self._closing and (claimed := await self._claim(tournament_id)) is not None:
            record, row = claimed
            entrants = [TournamentEntrant.from_json(record.entrants[n]).seat() for n in row.entrants]
            making = _MAKING.set((record.id, row.round, row.table_number))
            try:
                written = await self.matches.create_seated(
                    record.game,
                    record.options,
                    entrants,
                    tournament_id=record.id,
                    round_deadline_s=record.round_deadline_s,
                    pace_s=record.pace_s,
                )
            except Exception:
                # Left claimed: the sweep makes it again after LAUNCH_TIMEOUT, a natural back-off.
                log.exception("tournament_match_not_made", tournament_id=record.id, round=row.round)
                return made
            finally:
                _MAKING.reset(making)
            await self._link(row, written.stored.id)
            made += 1
        return made

    async def _claim(self, tournament_id: str) -> tuple[TournamentRecord, TournamentMatchRecord] | None:
        """Mark the first unlaunched table of a running tournament as being made, or None."""
        async with write_transaction(self.sessions) as session:
            record = await session.get(TournamentRecord, tournament_id, with_for_update=True)
            if record is None or record.status != RUNNING:
                return None
            row = await session.scalar(
                select(TournamentMatchRecord)
                .where(
                    TournamentMatchRecord.tournament_id == tournament_id,
                    TournamentMatchRecord.launched_at.is_(None),
                    TournamentMatchRecord.match_id.is_(None),
                )
                .order_by(TournamentMatchRecord.round, TournamentMatchRecord.table_number)
                .limit(1)
            )
            if row is None:
                return None
            row.launched_at = self.clock()
            return record, row

    async def _link(self, row: TournamentMatchRecord, match_id: str) -> None:
        """Write the made match's id to its table, unless its end got there first."""
        async with write_transaction(self.sessions) as session:
            await session.execute(_update_unlinked(row).values(match_id=match_id))

    # ---------------------------------------------------------------------------- catching up
    def start(self) -> None:
        self._sweeper.start()

    async def close(self) -> None:
        self._closing = True
        await self._sweeper.stop(_STOP_TIMEOUT_S)
        await self._launches.wait(_STOP_TIMEOUT_S)

    async def catch_up(self) -> int:
        """Repair what a crash left in running tournaments (see the module docstring); returns
        how many tables it moved on."""
        repaired = 0
        async with self.sessions() as session:
            rows = (
                await session.execute(
                    select(TournamentMatchRecord, TournamentRecord.game, GameRecord.state)
                    .join(TournamentRecord, TournamentRecord.id == TournamentMatchRecord.tournament_id)
                    .outerjoin(GameRecord, GameRecord.id == TournamentMatchRecord.match_id)
                    .where(
                        TournamentRecord.status == RUNNING,
                        TournamentMatchRecord.finished_at.is_(None),
                        # a table still playing its match has nothing to repair: its state is not read
                        or_(TournamentMatchRecord.match_id.is_(None), GameRecord.status == MATCH_FINISHED),
                    )
                )
            ).all()
        stale = self.clock() - LAUNCH_TIMEOUT
        for row, game, state in rows:
            if state is not None:
                ended = finished_from_state(str(row.match_id), Match.from_state(state))
                if ended is not None:
                    await self.record(ended)
                    repaired += 1
            elif row.launched_at is None:
                repaired += 1
            elif row.match_id is None and row.launched_at <= stale:
                repaired += await self._find_or_relaunch(row, game)
        for tournament_id in sorted({row.tournament_id for row, _, _ in rows}):
            await self.launch(tournament_id)
        return repaired

    async def _find_or_relaunch(self, row: TournamentMatchRecord, game: str) -> int:
        """A table claimed long ago with no match: link the match if it was made (and record its
        end if it is over), else free the claim so the launch makes it."""
        async with self.sessions() as session:
            record = await session.get(TournamentRecord, row.tournament_id)
            if record is None:
                return 0
            # A minute's slack: SQLite keeps games.created_at to the second only.
            since = record.created_at - timedelta(minutes=1)
            candidates = (
                await session.execute(
                    select(GameRecord.id, GameRecord.state).where(
                        GameRecord.kind == kind_of(game), GameRecord.created_at >= since
                    )
                )
            ).all()
        wanted = [TournamentEntrant.from_json(record.entrants[n]).key for n in row.entrants]
        for match_id, state in candidates:
            match = Match.from_state(state)
            if (
                match.tournament_id == record.id
                and [_seat_key(s.account_id, s.strategy) for s in match.seats] == wanted
            ):
                await self._link(row, match_id)
                ended = finished_from_state(match_id, match)
                if ended is not None and match.status == MATCH_FINISHED:
                    await self.record(ended)
                return 1
        async with write_transaction(self.sessions) as session:
            await session.execute(_update_unlinked(row).values(launched_at=None))
        return 1


def _update_unlinked(row: TournamentMatchRecord) -> Update:
    """An update of `row`'s table that changes nothing once a match is linked there: a link
    written first wins over a later one or over freeing the claim."""
    return update(TournamentMatchRecord).where(
        TournamentMatchRecord.tournament_id == row.tournament_id,
        TournamentMatchRecord.round == row.round,
        TournamentMatchRecord.table_number == row.table_number,
        TournamentMatchRecord.match_id.is_(None),
    )


def _seat_key(account_id: str | None, strategy: str | None) -> str:
    return account_id if account_id is not None else f"bot:{strategy}"


def _named_apart(entrants: Sequence[TournamentEntrant]) -> list[TournamentEntrant]:
    """The same bot entered more than once: the second is `random #2`, the third `random #3`…"""
    seen: dict[str, int] = {}
    named = []
    for entrant in entrants:
        seen[entrant.name] = seen.get(entrant.name, 0) + 1
        copy = seen[entrant.name]
        named.append(entrant if copy == 1 else dataclasses.replace(entrant, name=f"{entrant.name} #{copy}"))
    return named


def _table_of(
    record: TournamentRecord, rows: Sequence[TournamentMatchRecord], ended: MatchFinished
) -> TournamentMatchRecord | None:
    """The table a finished match was played at: by its id; else (its id not yet written: it ended
    inside `create_seated`) the table this very task is making it for; else the latest table
    without a match whose entrants sit as the match's seats did."""
    for row in rows:
        if row.match_id == ended.match_id:
            return row
    keys = [TournamentEntrant.from_json(entrant).key for entrant in record.entrants]
    seated = [_seat_key(seat.account_id, seat.strategy) for seat in ended.seats]
    unlinked = [row for row in rows if row.match_id is None and [keys[n] for n in row.entrants] == seated]
    making = _MAKING.get()
    for row in unlinked:
        if making == (record.id, row.round, row.table_number):
            return row
    return unlinked[-1] if unlinked else None


def _plan_of(record: TournamentRecord) -> Plan:
    """The plan the tournament was made with (the rules' table sizes do not change under it)."""
    rules = game_named(record.game)
    return plan_for(
        rules,
        record.format,
        len(record.entrants),
        record.rounds,
        record.options,
        record.seed,
        record.table_size,
    )


def _pair_next_round(
    session: AsyncSession, record: TournamentRecord, plan: Plan, rows: Sequence[TournamentMatchRecord]
) -> None:
    """Pair the round after `record.round` from the results so far, and write its tables."""
    tables = [_table(row) for row in rows]
    played = [p for p in (table.played for table in tables) if p is not None]
    names = [TournamentEntrant.from_json(entrant).name for entrant in record.entrants]
    byes = [entrant for _, entrant in record.byes]
    following = record.round + 1
    pairing = plan.pairing(following, record.seed, names, played, byes)
    for number, seated in enumerate(pairing.tables, start=1):
        session.add(
            TournamentMatchRecord(
                tournament_id=record.id, round=following, table_number=number, entrants=list(seated)
            )
        )
    record.byes = [*record.byes, *([following, entrant] for entrant in pairing.byes)]
    record.round = following


async def _tables(session: AsyncSession, tournament_id: str) -> list[TournamentMatchRecord]:
    return list(
        await session.scalars(
            select(TournamentMatchRecord)
            .where(TournamentMatchRecord.tournament_id == tournament_id)
            .order_by(TournamentMatchRecord.round, TournamentMatchRecord.table_number)
        )
    )


def _table(row: TournamentMatchRecord) -> Table:
    return Table(
        row.round,
        row.table_number,
        tuple(row.entrants),
        row.match_id,
        None if row.scores is None else tuple(row.scores),
        None if row.winners is None else tuple(row.winners),
        row.finished_at,
    )


def _read(record: TournamentRecord, rows: Sequence[TournamentMatchRecord]) -> Tournament:
    return Tournament(
        id=record.id,
        game=record.game,
        format=record.format,
        status=record.status,
        creator=record.creator,
        entrants=tuple(TournamentEntrant.from_json(entrant) for entrant in record.entrants),
        options=dict(record.options),
        table_size=record.table_size,
        rounds=record.rounds,
        round=record.round,
        round_deadline_s=record.round_deadline_s,
        pace_s=record.pace_s,
        byes=tuple((int(r), int(e)) for r, e in record.byes),
        tables=tuple(_table(row) for row in rows),
        created_at=record.created_at,
        finished_at=record.finished_at,
    )


async def _resolve(session: AsyncSession, game: str, index: int, spec: EntrantSpec) -> TournamentEntrant:
    """An entrant checked: a strategy the game has, or the account of an existing username."""
    if spec.kind == BOT:
        assert spec.strategy is not None
        try:
            bot_named(game, spec.strategy)
        except RuleError as refused:
            raise bad_param(f"params.entrants.{index}.strategy", refused) from None
        return TournamentEntrant(BOT, spec.strategy, strategy=spec.strategy)
    assert spec.username is not None
    found = (
        await session.execute(
            select(AccountRecord.id, AccountRecord.username, AccountRecord.role).where(
                AccountRecord.username_key == username_key(spec.username)
            )
        )
    ).one_or_none()
    if found is None:
        raise GbxError(errors.ACCOUNT_NOT_FOUND, details={"user": spec.username, "entrant": index})
    account_id, username, role = found
    return TournamentEntrant(PLAYER, username, account_id=account_id, agent=role == Role.AGENT.value)
