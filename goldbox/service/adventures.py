"""RPG games online: making a dungeon, joining and leaving it, and every action as one transaction.

An action reads the game at version v, restores the run, applies the player's command through the
rules (and the monsters' turns after it), and writes the events and the new state as version v+1,
all in one transaction that also holds any character rows it touches. Only then is the player told.
Writers to one game take turns: on a lock in the process, then on the game's row (PostgreSQL) or the
database's one writer (SQLite), so they do not fail each other. Should the version check still fail
(the row changed under a writer that did not lock it), the action is tried again on the new state a
few times before the caller hears GBX_CONFLICT. A command the rules refuse writes nothing. The run
a process last wrote is kept decoded for its next action (`live_games`).
"""

from __future__ import annotations

import dataclasses
import secrets
import uuid
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import structlog
from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from goldbox.api import errors
from goldbox.api.errors import GbxError
from goldbox.auth.roles import Principal
from goldbox.game.errors import RuleError
from goldbox.game.events import Event
from goldbox.game.rpg.commands import Command, EndTurn
from goldbox.game.rpg.state_codec import plain
from goldbox.pcg.errors import PcgError
from goldbox.service.characters import owned_character, rule_violation, sheet_of, store_sheet
from goldbox.service.dungeon_run import KIND, DungeonPlan, DungeonRun, Player, new_run
from goldbox.service.game_events import AUDIENCE
from goldbox.service.game_views import seen_by_party, visible_events
from goldbox.service.live_games import DEFAULT_KEPT, LiveGames
from goldbox.service.turn_clock import TURN, PendingTurn, TurnKey, awaited_turn, next_pending_turn
from goldbox.store.database import write_transaction
from goldbox.store.game_log import LoggedEvent, NewEvent, StaleVersion, StoredGame, append_in
from goldbox.store.models import CharacterRecord, GamePlayerRecord, GameRecord

log = structlog.get_logger("goldbox.adventures")

MAX_ATTEMPTS = 5
DEFAULT_TURN_TIMEOUT_S = 60.0
SEED_BITS = 63
OPEN, RUNNING, FINISHED = "open", "running", "finished"

# Called with each acknowledged change, after its commit (publishing its events, scoring them).
AfterCommit = Callable[["Outcome"], Awaitable[object]]


@dataclass(frozen=True, slots=True)
class Before:
    """What the readers of a change need of the game as it was: who the party could see, which
    creatures were there, who played and whose turn was awaited. Taken from the decoded state before
    the change runs, so the stored state is not decoded a second time (that decode is the costliest
    part of an action)."""

    seen: frozenset[str]
    creatures: frozenset[str]
    players: tuple[Player, ...]
    awaited: TurnKey | None

    @classmethod
    def of(cls, run: DungeonRun) -> Before:
        return cls(
            frozenset(seen_by_party(run.adventure)),
            frozenset(run.adventure.scene.creatures),
            tuple(run.players),
            awaited_turn(run),
        )


@dataclass(frozen=True, slots=True)
class Outcome:
    """What an acknowledged change wrote: the events with their sequence numbers and the new state."""

    game: StoredGame
    events: list[LoggedEvent]
    run: DungeonRun
    before: Before

    @property
    def accounts_by_character(self) -> dict[str, str]:
        """Whose each character in the game (before or after the change) is."""
        return {p.character_id: p.account_id for p in [*self.before.players, *self.run.players]}


class TurnMovedOn(Exception):
    """The turn a timer meant to end is no longer the one the game waits for: nothing to do."""


def game_not_found(game_id: str) -> GbxError:
    return GbxError(errors.NOT_FOUND, f"There is no game {game_id!r}.", {"kind": "game", "id": game_id})


class Adventures:
    def __init__(
        self,
        sessions: async_sessionmaker[AsyncSession],
        turn_timeout_s: float = DEFAULT_TURN_TIMEOUT_S,
        live_games: int = DEFAULT_KEPT,
    ) -> None:
        self.sessions = sessions
        self.turn_timeout_s = turn_timeout_s
        self.after_commit: list[AfterCommit] = []
        self.live = LiveGames(live_games)

    # -------------------------------------------------------------------------------- games
    async def create(
        self, owner: Principal, seed: int | None, difficulty: int, depth: int, max_players: int
    ) -> StoredGame:
        """A new dungeon, its first level stocked and waiting for players."""
        chosen = secrets.randbits(SEED_BITS) if seed is None else seed
        plan = DungeonPlan(chosen, difficulty, depth, max_players)
        try:
            run = new_run(plan)
        except PcgError as failed:
            raise rule_violation(failed) from None
        game_id = str(uuid.uuid4())
        state = {**run.to_state(), "owner": owner.subject}
        async with write_transaction(self.sessions) as session:
            session.add(GameRecord(id=game_id, kind=KIND, seed=chosen, status=OPEN, version=0, state=state))
        return StoredGame(game_id, KIND, chosen, OPEN, 0, state)

    async def list_games(self, limit: int = 100) -> list[StoredGame]:
        """Open and running RPG games, newest first."""
        async with self.sessions() as session:
            rows = await session.execute(
                select(GameRecord)
                .where(GameRecord.kind == KIND, GameRecord.status.in_((OPEN, RUNNING)))
                .order_by(GameRecord.created_at.desc(), GameRecord.id)
                .limit(limit)
            )
            return [StoredGame(r.id, r.kind, r.seed, r.status, r.version, r.state) for r in rows.scalars()]

    async def current(self, game_id: str) -> tuple[StoredGame, DungeonRun]:
        """The game as last committed, restored (see `_restore`)."""
        async with self.sessions() as session:
            return await self._restore(session, game_id, changing=False)

    async def member_view(self, caller: Principal, game_id: str) -> tuple[StoredGame, DungeonRun]:
        """A game the caller plays in (with at least one character), restored; read it at once (the
        run may be this process's live copy, which the next writer changes)."""
        stored, run = await self.current(game_id)
        if not any(player.account_id == caller.subject for player in run.players):
            raise GbxError(errors.NOT_IN_GAME, "You have no character in this game.", {"game_id": game_id})
        return stored, run

    # ------------------------------------------------------------------------------ players
    async def join(self, caller: Principal, game_id: str, character_id: str) -> Outcome:
        """Bring one of the caller's characters into the game, beside the entrance."""

        async def change(session: AsyncSession, run: DungeonRun, status: str) -> list[Event]:
            if status == FINISHED:
                raise GbxError(errors.GAME_OVER, details={"game_id": game_id})
            record = await owned_character(session, caller, character_id)
            if record.game_id is not None:
                raise GbxError(
                    errors.CHARACTER_BUSY,
                    f"{record.name} is already in a game.",
                    {"game_id": record.game_id},
                )
            if len(run.players) >= run.plan.max_players:
                raise GbxError(errors.GAME_FULL, details={"max_players": run.plan.max_players})
            taken = await session.execute(
                update(CharacterRecord)
                .where(CharacterRecord.id == character_id, CharacterRecord.game_id.is_(None))
                .values(game_id=game_id)
            )
            if taken.rowcount != 1:  # type: ignore[attr-defined]
                raise GbxError(errors.CHARACTER_BUSY, details={"character_id": character_id})
            now = datetime.now(UTC)
            seat = await session.get(GamePlayerRecord, (game_id, character_id))
            if seat is None:
                session.add(
                    GamePlayerRecord(
                        game_id=game_id, character_id=character_id, account_id=caller.subject, joined_at=now
                    )
                )
            else:
                seat.joined_at, seat.left_at = now, None
            return run.join(sheet_of(record), caller.subject)

        return await self._write(game_id, caller, change)

    async def leave(self, caller: Principal, game_id: str, character_id: str) -> Outcome:
        """Take one of the caller's characters out; its sheet (XP, gear, wounds) goes back to its record."""

        async def change(session: AsyncSession, run: DungeonRun, status: str) -> list[Event]:
            self._check_player(run, caller, character_id)
            record = await owned_character(session, caller, character_id)
            creature, events = run.leave(character_id)
            store_sheet(record, creature)
            record.game_id = None
            seat = await session.get(GamePlayerRecord, (game_id, character_id))
            if seat is not None:
                seat.left_at = datetime.now(UTC)
            return events

        return await self._write(game_id, caller, change)

    # ------------------------------------------------------------------------------ actions
    async def act(
        self, caller: Principal, game_id: str, character_id: str, command: Callable[[str], Command]
    ) -> Outcome:
        """A player's command for one of their characters in the game, and the monsters' answer."""

        async def change(session: AsyncSession, run: DungeonRun, status: str) -> list[Event]:
            if status == FINISHED or run.finished:
                raise GbxError(errors.GAME_OVER, details={"game_id": game_id})
            self._check_player(run, caller, character_id)
            try:
                return run.act(command(character_id), caller.subject)
            except RuleError as refused:
                raise rule_violation(refused) from None

        return await self._write(game_id, caller, change)

    async def time_out(self, game_id: str, overdue: PendingTurn, reason: str) -> Outcome | None:
        """End a player's turn for them (`reason`: idle or disconnected), as action.end_turn would:
        the monsters then play. None, writing nothing, when that turn is no longer the one the game
        waits for (it was played, or another server process ended it first)."""

        def still_waiting(stored: StoredGame) -> None:
            if PendingTurn.from_state(stored.state.get(TURN)) != overdue:
                raise TurnMovedOn(game_id)

        async def change(session: AsyncSession, run: DungeonRun, status: str) -> list[Event]:
            if status == FINISHED or awaited_turn(run) != overdue.key:
                raise TurnMovedOn(game_id)
            timed_out = Event(
                "turn.timed_out",
                {"creature": overdue.creature, "account": overdue.account, "reason": reason, "by": "server"},
            )
            return [timed_out, *run.act(EndTurn(overdue.creature), overdue.account)]

        try:
            return await self._write(game_id, None, change, still_waiting)
        except TurnMovedOn:
            return None

    @staticmethod
    def _check_player(run: DungeonRun, caller: Principal, character_id: str) -> None:
        player = run.player(character_id)
        if player is None:
            raise GbxError(
                errors.NOT_IN_GAME,
                f"Character {character_id!r} is not playing in this game.",
                {"character_id": character_id},
            )
        if player.account_id != caller.subject:
            raise GbxError(errors.NOT_YOUR_CHARACTER, details={"character_id": character_id})

    async def _write(
        self,
        game_id: str,
        caller: Principal | None,
        change: Callable[[AsyncSession, DungeonRun, str], Awaitable[list[Event]]],
        check: Callable[[StoredGame], None] | None = None,
    ) -> Outcome:
        """Read, change and append in one transaction, one writer per game at a time (see
        `live_games`). `check` sees the stored game and may refuse it. The pending turn's deadline
        (the turn timer's) is written with the state."""
        async with self.live.writing(game_id):
            for _attempt in range(MAX_ATTEMPTS):
                try:
                    async with write_transaction(self.sessions) as session:
                        stored, run = await self._restore(session, game_id, changing=True)
                        if check is not None:
                            check(stored)
                        before = Before.of(run)
                        events = await change(session, run, stored.status)
                        game, logged = await self._save(session, stored, run, before, events)
                except StaleVersion:
                    continue
                outcome = Outcome(game, logged, run, before)
                for hook in self.after_commit:  # the change is durable: a failing listener cannot undo it
                    try:
                        await hook(outcome)
                    except Exception:
                        log.exception(
                            "after_commit_failed", game_id=game_id, hook=getattr(hook, "__qualname__", "")
                        )
                self.live.keep(game, run)
                return outcome
        raise GbxError(errors.CONFLICT, details={"game_id": game_id, "attempts": MAX_ATTEMPTS})

    async def _restore(
        self, session: AsyncSession, game_id: str, changing: bool
    ) -> tuple[StoredGame, DungeonRun]:
        """The game, restored: this process's live copy when the stored version is still the one it
        holds (a read of a few columns), else the stored state decoded. The status is always read:
        an operator may end a game without a new version. `changing`: inside the writing
        transaction, the row is locked (on PostgreSQL; SQLite's writer holds the whole database)
        and the live copy is taken, since the caller changes it, rather than shared."""
        head_query = select(GameRecord.kind, GameRecord.status, GameRecord.version).where(
            GameRecord.id == game_id
        )
        head = (await session.execute(head_query.with_for_update() if changing else head_query)).one_or_none()
        if head is None or head.kind != KIND:
            raise game_not_found(game_id)
        live = (self.live.take if changing else self.live.peek)(game_id, head.version)
        if live is not None:
            return dataclasses.replace(live.stored, status=head.status), live.run
        row = (
            await session.execute(
                select(GameRecord.seed, GameRecord.status, GameRecord.version, GameRecord.state).where(
                    GameRecord.id == game_id
                )
            )
        ).one()  # read again whole: outside a transaction the game may have moved on since `head`
        stored = StoredGame(game_id, KIND, row.seed, row.status, row.version, row.state)
        return stored, DungeonRun.from_state(row.state)

    async def _save(
        self, session: AsyncSession, stored: StoredGame, run: DungeonRun, before: Before, events: list[Event]
    ) -> tuple[StoredGame, list[LoggedEvent]]:
        """Append the change's events and write the new state (and turn deadline) as the next version."""
        status = FINISHED if run.finished else RUNNING if stored.status != OPEN or run.players else OPEN
        state = {**run.to_state(), "owner": stored.state.get("owner")}
        previous = PendingTurn.from_state(stored.state.get(TURN))
        pending = next_pending_turn(previous, run, events, datetime.now(UTC), self.turn_timeout_s)
        if pending is not None:
            state[TURN] = pending.to_state()
        deadline = (
            {} if pending == previous else {"turn_deadline": None if pending is None else pending.deadline}
        )
        logged = await append_in(
            session, stored.id, stored.version, addressed(events, before, run), state, status, deadline
        )
        return StoredGame(stored.id, KIND, stored.seed, status, stored.version + len(logged), state), logged

    async def player_names(self, game_id: str) -> dict[str, str]:
        """Character id -> name of everyone who ever sat in the game."""
        async with self.sessions() as session:
            rows = await session.execute(
                select(CharacterRecord.id, CharacterRecord.name)
                .join(GamePlayerRecord, GamePlayerRecord.character_id == CharacterRecord.id)
                .where(GamePlayerRecord.game_id == game_id)
            )
            return {cid: name for cid, name in rows.all()}


def addressed(events: list[Event], before: Before, after: DungeonRun) -> list[NewEvent]:
    """The events to log, each with its `audience`: the players of the game (before or after the
    change) when the party could see what it names, nobody but operators otherwise. Lists of
    creatures in an event (a round's order) are cut to those the party sees."""
    seen = before.seen | seen_by_party(after.adventure)
    known = before.creatures | set(after.adventure.scene.creatures)
    accounts = sorted({p.account_id for p in before.players} | {p.account_id for p in after.players})
    logged: list[NewEvent] = []
    for event in events:
        data = plain(event.data)
        shown = visible_events([{"type": event.type, "data": data}], seen, known)
        if shown:
            logged.append(NewEvent(event.type, {**shown[0]["data"], AUDIENCE: accounts}))
        else:
            logged.append(NewEvent(event.type, {**data, AUDIENCE: []}))
    return logged


def seen_by(events: list[LoggedEvent], account_id: str) -> list[LoggedEvent]:
    """The events `account_id` may see, without their audience."""
    return [
        LoggedEvent(e.seq, e.type, {k: v for k, v in e.data.items() if k != AUDIENCE})
        for e in events
        if account_id in e.data.get(AUDIENCE, [account_id])
    ]


def describe(stored: StoredGame) -> dict[str, Any]:
    """A game as game.list shows it: no map, no monsters."""
    dungeon = stored.state["dungeon"]
    return {
        "id": stored.id,
        "status": stored.status,
        "version": stored.version,
        "difficulty": dungeon["difficulty"],
        "depth": dungeon["depth"],
        "current_depth": dungeon["current_depth"],
        "max_players": dungeon["max_players"],
        "players": list(stored.state["players"]),
    }
