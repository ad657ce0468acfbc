"""Thief skills: picking locks (and, with `search`, finding traps), and the chances they succeed.

Unlocking a door (`unlock`): a key opens any lock, whoever carries it, and the key is kept. Without a
key, only a thief may try to pick the lock, rolling percentile dice against `open_locks_chance`; a
failure (`lock.pick_failed` {creature, at, roll, needed}) changes nothing but the time spent, and the
thief may try again (in battle the attempt takes the action). Anyone else without a key is refused
with DOOR_KEY_NEEDED. Whether there is a door there and whether it is locked is checked before any
roll, so a refused command draws nothing from the rng.
"""

from __future__ import annotations

from goldbox.game.errors import RuleError
from goldbox.game.events import Event
from goldbox.game.rng import Rng
from goldbox.game.rpg import movement
from goldbox.game.rpg.content import Content
from goldbox.game.rpg.creature import Creature
from goldbox.game.rpg.scene import Scene

THIEF = "thief"

# AD&D's thief: 25% to open locks at level 1, +5% a level, with DEX's adjustment; never certain.
OPEN_LOCKS_BASE = 25
OPEN_LOCKS_PER_LEVEL = 5
SKILL_FLOOR, SKILL_CEILING = 5, 95


def is_thief(creature: Creature) -> bool:
    return creature.class_id == THIEF


def dexterity_lock_adjustment(dex: int) -> int:
    """The open-locks adjustment for DEX (AD&D 2e): -10% at 9 or less, -5% at 10, +5% a point from 16."""
    if dex <= 9:
        return -10
    if dex == 10:
        return -5
    return max(0, dex - 15) * 5


def open_locks_chance(creature: Creature) -> int:
    """The percent chance a thief picks a lock: 25% at level 1, +5% per level after, plus the DEX
    adjustment, kept within 5% to 95%. Zero for anyone who is not a thief."""
    if not is_thief(creature):
        return 0
    chance = (
        OPEN_LOCKS_BASE
        + OPEN_LOCKS_PER_LEVEL * (creature.level - 1)
        + dexterity_lock_adjustment(creature.abilities.dex)
    )
    return max(SKILL_FLOOR, min(SKILL_CEILING, chance))


def unlock(scene: Scene, creature_id: str, direction: str, content: Content, rng: Rng) -> list[Event]:
    """Unlock the locked door in `direction` with a key, or (a thief) by picking the lock."""
    at = movement.locked_door(scene, creature_id, direction)
    creature = scene.creatures[creature_id]
    if movement.key_carried(creature, content) is not None:
        return movement.unlock_door(scene, creature_id, direction, content)
    if not is_thief(creature):
        raise RuleError("DOOR_KEY_NEEDED", "The door is locked and you have no key.", at=[at[0], at[1]])
    needed = open_locks_chance(creature)
    rolled = rng.randint(1, 100)
    if rolled <= needed:
        return movement.unlock_door(scene, creature_id, direction, content, picked_lock=True)
    data = {"creature": creature_id, "at": [at[0], at[1]], "roll": rolled, "needed": needed}
    return [Event("lock.pick_failed", data)]
