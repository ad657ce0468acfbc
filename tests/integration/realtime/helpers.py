"""Games, players and events for the realtime tests, written straight to the store (as the actions
service would) and published as it does after each commit."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from goldbox.service.game_events import GameEvents
from goldbox.store.game_log import GameLog, LoggedEvent, NewEvent
from goldbox.store.models import AccountRecord, CharacterRecord, GamePlayerRecord


def new_id() -> str:
    return str(uuid.uuid4())


async def new_account(sessions: async_sessionmaker[AsyncSession], role: str = "player") -> str:
    account_id = new_id()
    now = datetime.now(UTC)
    async with sessions.begin() as session:
        session.add(
            AccountRecord(
                id=account_id,
                username=f"u{account_id[:8]}",
                username_key=f"u{account_id[:8]}",
                password_hash="-",
                role=role,
                created_at=now,
                password_changed_at=now,
            )
        )
    return account_id


async def new_game(games: GameLog) -> str:
    game = await games.create(new_id(), "rpg", seed=7, state={})
    return game.id


async def seat(sessions: async_sessionmaker[AsyncSession], game_id: str, account_id: str) -> str:
    """Put a character of `account_id` in the game, as game.join does; returns the character id."""
    character_id = new_id()
    now = datetime.now(UTC)
    async with sessions.begin() as session:
        session.add(
            CharacterRecord(
                id=character_id,
                account_id=account_id,
                name="Tester",
                race="human",
                class_id="fighter",
                level=1,
                xp=0,
                seed=1,
                sheet={},
                created_at=now,
                game_id=game_id,
            )
        )
        await session.flush()
        session.add(
            GamePlayerRecord(game_id=game_id, character_id=character_id, account_id=account_id, joined_at=now)
        )
    return character_id


async def act(
    games: GameLog, events: GameEvents, game_id: str, count: int = 1, **data: Any
) -> list[LoggedEvent]:
    """Append `count` events in one commit, then publish them: what an acknowledged action does."""
    version = (await games.load(game_id)).version
    logged = await games.append(
        game_id,
        version,
        [NewEvent("creature.moved", {"n": version + n, **data}) for n in range(1, count + 1)],
        {"version": version + count},
    )
    await events.publish(game_id, logged)
    return logged
