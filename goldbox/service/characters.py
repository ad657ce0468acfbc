"""Characters that players own and keep between adventures.

A character is made by the rules (`creation.create_character`) from a seed the server draws, so a
player cannot reroll by choosing seeds, and the seed is kept so the creation can be checked later.
Its sheet is the whole rules Creature; it goes into a game when the character joins one and comes
back, with what it earned and lost, when it leaves. Another player's character is answered as not
found, so nobody learns which ids exist.
"""

from __future__ import annotations

import secrets
import uuid
from collections.abc import Mapping, Sequence
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from goldbox.api import errors
from goldbox.api.errors import GbxError
from goldbox.auth.roles import Principal
from goldbox.game.errors import RuleError
from goldbox.game.rng import Rng
from goldbox.game.rpg.abilities import Ability
from goldbox.game.rpg.content import Content
from goldbox.game.rpg.creation import CreationMethod, create_character
from goldbox.game.rpg.creature import Creature
from goldbox.game.rpg.state_codec import dump_creature, load_creature
from goldbox.store.database import write_transaction
from goldbox.store.models import CharacterRecord

SEED_BITS = 63


def rule_violation(refused: RuleError) -> GbxError:
    """A refusal of the rules as the API's error: the rule's code and the player's message in details."""
    return GbxError(
        errors.RULE_VIOLATION,
        refused.message,
        {"rule": refused.code, "message": refused.message, **_json_details(refused.details)},
    )


def _json_details(details: Mapping[str, Any]) -> dict[str, Any]:
    return {
        key: list(value) if isinstance(value, tuple) else value
        for key, value in details.items()
        if key not in ("rule", "message")
    }


def character_not_found(character_id: str) -> GbxError:
    return GbxError(
        errors.NOT_FOUND,
        f"There is no character {character_id!r} among yours.",
        {"kind": "character", "id": character_id},
    )


def sheet_of(record: CharacterRecord) -> Creature:
    return load_creature(record.sheet)


def store_sheet(record: CharacterRecord, creature: Creature) -> None:
    """Save a sheet and copy the figures lists show out of it."""
    record.sheet = dump_creature(creature)
    record.level = creature.level
    record.xp = creature.xp


class Characters:
    def __init__(self, sessions: async_sessionmaker[AsyncSession], content: Content) -> None:
        self.sessions = sessions
        self.content = content

    async def create(
        self,
        owner: Principal,
        *,
        name: str,
        race: str,
        class_id: str,
        method: CreationMethod,
        scores: Mapping[Ability, int] | None = None,
        priority: Sequence[Ability] | None = None,
        spell: str | None = None,
    ) -> CharacterRecord:
        """A new level-1 character for the caller, or GBX_RULE_VIOLATION naming the rule that forbids it."""
        seed = secrets.randbits(SEED_BITS)
        character_id = str(uuid.uuid4())
        try:
            creature = create_character(
                self.content,
                Rng(seed),
                creature_id=character_id,
                name=name,
                race_id=race,
                class_id=class_id,
                method=method,
                scores=scores,
                priority=priority,
                extra_spell=spell,
            )
        except RuleError as refused:
            raise rule_violation(refused) from None
        record = CharacterRecord(
            id=character_id,
            account_id=owner.subject,
            name=creature.name,
            race=creature.race or race,
            class_id=creature.class_id or class_id,
            seed=seed,
            created_at=datetime.now(UTC),
        )
        store_sheet(record, creature)
        async with write_transaction(self.sessions) as session:
            session.add(record)
        return record

    async def list_for(self, owner: Principal) -> list[CharacterRecord]:
        async with self.sessions() as session:
            rows = await session.execute(
                select(CharacterRecord)
                .where(CharacterRecord.account_id == owner.subject, CharacterRecord.deleted_at.is_(None))
                .order_by(CharacterRecord.created_at, CharacterRecord.id)
            )
            return list(rows.scalars())

    async def get(self, owner: Principal, character_id: str) -> CharacterRecord:
        async with self.sessions() as session:
            return await owned_character(session, owner, character_id)

    async def delete(self, owner: Principal, character_id: str) -> CharacterRecord:
        """Retire a character for good; refused while it adventures in a game."""
        async with write_transaction(self.sessions) as session:
            record = await owned_character(session, owner, character_id, for_update=True)
            if record.game_id is not None:
                raise GbxError(
                    errors.CHARACTER_BUSY,
                    f"{record.name} is in a game; leave it before deleting the character.",
                    {"game_id": record.game_id},
                )
            record.deleted_at = datetime.now(UTC)
        return record


async def owned_character(
    session: AsyncSession, owner: Principal, character_id: str, for_update: bool = False
) -> CharacterRecord:
    """The caller's living character, or GBX_NOT_FOUND (also for someone else's: no leak)."""
    record = await session.get(CharacterRecord, character_id, with_for_update=for_update)
    if record is None or record.account_id != owner.subject or record.deleted_at is not None:
        raise character_not_found(character_id)
    return record
