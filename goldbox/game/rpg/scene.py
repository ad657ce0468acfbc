"""The scene: one level with everyone and everything on it. Rules act on a scene.

Combat, spells, movement, the AI and quests all read and change a `Scene`. A command handler checks
everything first and raises `RuleError` before its first change, so a refused command leaves the
scene as it was.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field

from goldbox.game.rpg.creature import Creature, Side
from goldbox.game.rpg.items import ItemInstance
from goldbox.game.rpg.level import Level, Point


@dataclass(slots=True)
class FloorItem:
    """An item lying on the map."""

    point: Point
    item: ItemInstance


@dataclass(slots=True)
class Scene:
    level: Level
    creatures: dict[str, Creature] = field(default_factory=dict)
    floor: list[FloorItem] = field(default_factory=list)
    # squares the party has seen (fog of war: what is not here was never seen)
    explored: set[Point] = field(default_factory=set)
    # counter behind `new_uid`, so ids of new items and summoned creatures are deterministic
    uid_counter: int = 0

    def new_uid(self, prefix: str) -> str:
        self.uid_counter += 1
        return f"{prefix}-{self.uid_counter}"

    def creature(self, creature_id: str) -> Creature:
        return self.creatures[creature_id]

    def side(self, side: Side) -> Iterator[Creature]:
        return (creature for creature in self.creatures.values() if creature.side is side)

    def creature_at(self, point: Point) -> Creature | None:
        """The creature standing on a square (dead and fled creatures stand nowhere)."""
        for creature in self.creatures.values():
            if creature.position == point:
                return creature
        return None
