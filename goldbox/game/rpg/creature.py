"""A creature on the map: a player character or a monster.

Characters and monsters share one shape so that combat, spells, effects and the AI treat them alike.
What a creature *is* (its scores, hit points, gear, effects) lives here; what follows from it (AC,
THAC0, saving throws, movement) is computed by the rules from this and the content, never stored,
so nothing can drift out of date.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum

from goldbox.game.rpg.abilities import Abilities
from goldbox.game.rpg.effects import ActiveEffect
from goldbox.game.rpg.items import ItemInstance
from goldbox.game.rpg.level import Point


class Side(StrEnum):
    """Who a creature stands with. NEUTRAL creatures are the NPCs: they never join a battle, and the
    party talks to them and hands them things (quests to talk to someone or deliver something)."""

    PARTY = "party"
    MONSTERS = "monsters"
    NEUTRAL = "neutral"


class Status(StrEnum):
    """Whether a creature can act. Only `ACTIVE` creatures take turns."""

    ACTIVE = "active"
    UNCONSCIOUS = "unconscious"  # characters at 0 to -9 HP
    DEAD = "dead"  # characters at -10 HP or below; monsters at 0
    FLED = "fled"
    SURRENDERED = "surrendered"


@dataclass(slots=True)
class Creature:
    """One character or monster. `class_id` is set for characters, `monster` for monsters."""

    id: str
    name: str
    side: Side
    abilities: Abilities
    hp: int
    max_hp: int
    level: int = 1
    race: str | None = None
    class_id: str | None = None
    monster: str | None = None
    xp: int = 0
    gold: int = 0
    position: Point | None = None
    status: Status = Status.ACTIVE
    inventory: list[ItemInstance] = field(default_factory=list)
    # slot name -> uid of an item in `inventory`
    equipped: dict[str, str] = field(default_factory=dict)
    effects: list[ActiveEffect] = field(default_factory=list)
    # spells the caster can prepare (a mage's spellbook; a cleric knows all of their levels)
    spellbook: list[str] = field(default_factory=list)
    # what an NPC says when a party member talks to it, in turn (the first line again after the last)
    dialogue: list[str] = field(default_factory=list)
    times_talked_to: int = 0
    # spell level -> the spells memorised in that level's slots; casting removes one
    memorised: dict[int, list[str]] = field(default_factory=dict)
    # special ability type (breath) -> times used; monsters.yaml limits some (`uses`)
    ability_uses: dict[str, int] = field(default_factory=dict)
    # morale checks already rolled for this creature's group ("half_fallen", "leader_slain")
    morale_checks: list[str] = field(default_factory=list)

    @property
    def is_character(self) -> bool:
        return self.class_id is not None

    @property
    def can_act(self) -> bool:
        return self.status is Status.ACTIVE
