"""Commands: what a player (or the monsters' AI) asks a creature to do.

Each command names its `actor`, the creature that acts. The rules check it and answer with events, or
refuse it with a `RuleError` and change nothing. The same commands drive exploration and combat; in
combat they also spend the actor's turn.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from goldbox.game.rpg.level import Point


@dataclass(frozen=True, slots=True)
class Move:
    """Walk step by step; each step is one of the eight directions of `DIRECTIONS` ("n", "ne", ...)."""

    actor: str
    steps: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class MoveTo:
    """Walk to a square along the shortest open path (click to move)."""

    actor: str
    to: Point


@dataclass(frozen=True, slots=True)
class Attack:
    """A melee attack on an adjacent creature, or a ranged one with a bow, crossbow or sling."""

    actor: str
    target: str


@dataclass(frozen=True, slots=True)
class Cast:
    """Cast a memorised spell at a creature, at a square (area spells), or at oneself."""

    actor: str
    spell: str
    target: str | None = None
    point: Point | None = None


@dataclass(frozen=True, slots=True)
class UseAbility:
    """Use a monster's special ability (`breath`) at a creature or a square; it takes the action."""

    actor: str
    ability: str
    target: str | None = None
    point: Point | None = None


@dataclass(frozen=True, slots=True)
class UseItem:
    """Drink a potion, read a scroll or point a wand."""

    actor: str
    item: str
    target: str | None = None
    point: Point | None = None


@dataclass(frozen=True, slots=True)
class Equip:
    actor: str
    item: str


@dataclass(frozen=True, slots=True)
class Unequip:
    actor: str
    slot: str


@dataclass(frozen=True, slots=True)
class PickUp:
    """Pick up an item lying on the actor's square (`item` is its uid)."""

    actor: str
    item: str


@dataclass(frozen=True, slots=True)
class Drop:
    actor: str
    item: str
    quantity: int | None = None


@dataclass(frozen=True, slots=True)
class OpenDoor:
    actor: str
    direction: str


@dataclass(frozen=True, slots=True)
class CloseDoor:
    actor: str
    direction: str


@dataclass(frozen=True, slots=True)
class Unlock:
    """Unlock the locked door in `direction` with a key, or pick its lock (thieves only)."""

    actor: str
    direction: str


@dataclass(frozen=True, slots=True)
class Search:
    """Search the squares around for secret doors and traps."""

    actor: str


@dataclass(frozen=True, slots=True)
class Scribe:
    """A mage copies a carried arcane scroll (`item` is its uid) into its spellbook; only out of battle."""

    actor: str
    item: str


@dataclass(frozen=True, slots=True)
class Rest:
    """Rest to heal and memorise spells; `memorise` maps spell level to the spells to prepare.

    Resting passes time for the whole party: every effect on every party member runs out, tick by tick,
    so poison and damage over time still do their harm (with their events) before the rest ends.
    """

    actor: str
    memorise: dict[int, tuple[str, ...]] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class Talk:
    """Speak with an NPC standing next to the actor."""

    actor: str
    npc: str


@dataclass(frozen=True, slots=True)
class Give:
    """Hand an item (or part of a stack) to a creature standing next to the actor: an NPC waiting for a
    delivery, or a companion."""

    actor: str
    item: str
    to: str
    quantity: int | None = None


@dataclass(frozen=True, slots=True)
class Delay:
    """Act later this round, after everyone else."""

    actor: str


@dataclass(frozen=True, slots=True)
class Guard:
    """Stand ready: attack the first enemy that comes adjacent this round."""

    actor: str


@dataclass(frozen=True, slots=True)
class Flee:
    """Leave the battle: possible only from the edge of the map or from a square no enemy reaches."""

    actor: str


@dataclass(frozen=True, slots=True)
class EndTurn:
    actor: str


Command = (
    Move
    | MoveTo
    | Attack
    | Cast
    | UseAbility
    | UseItem
    | Equip
    | Unequip
    | PickUp
    | Drop
    | OpenDoor
    | CloseDoor
    | Unlock
    | Search
    | Scribe
    | Rest
    | Talk
    | Give
    | Delay
    | Guard
    | Flee
    | EndTurn
)
