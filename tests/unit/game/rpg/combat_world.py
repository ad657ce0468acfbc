"""A small battlefield for the combat tests: the shipped content, an open map, fighters and monsters,
and dice that can be loaded to roll what a test needs."""

from __future__ import annotations

from goldbox.content.loader import load_content
from goldbox.game.rng import Rng
from goldbox.game.rpg.abilities import Abilities
from goldbox.game.rpg.content import Content
from goldbox.game.rpg.creature import Creature, Side
from goldbox.game.rpg.items import ItemInstance
from goldbox.game.rpg.level import Level, Point
from goldbox.game.rpg.scene import Scene

CONTENT: Content = load_content()


class LoadedD20(Rng):
    """An RNG whose d20 rolls come from a list (in order), and every other draw from the seed."""

    def __init__(self, d20s: list[int], seed: int = 7) -> None:
        super().__init__(seed)
        self.d20s = list(d20s)

    def randint(self, low: int, high: int) -> int:
        if (low, high) == (1, 20) and self.d20s:
            return self.d20s.pop(0)
        return super().randint(low, high)


def field(width: int = 12, height: int = 12, rows: list[str] | None = None) -> Scene:
    return Scene(Level.from_rows(rows if rows is not None else ["." * width] * height))


def fighter(
    scene: Scene,
    creature_id: str,
    position: Point | None,
    *,
    level: int = 1,
    hp: int = 10,
    weapon: str | None = "long_sword",
    enchantments: tuple[str, ...] = (),
    abilities: Abilities | None = None,
    class_id: str = "fighter",
    side: Side = Side.PARTY,
) -> Creature:
    """A human character (STR and DEX 10 unless told: no bonuses) wielding `weapon`."""
    creature = Creature(
        creature_id,
        creature_id.title(),
        side,
        abilities if abilities is not None else Abilities(),
        hp=hp,
        max_hp=hp,
        level=level,
        race="human",
        class_id=class_id,
        position=position,
    )
    if weapon is not None:
        creature.inventory.append(
            ItemInstance(f"{creature_id}-weapon", weapon, enchantments=list(enchantments))
        )
        creature.equipped["weapon"] = f"{creature_id}-weapon"
    scene.creatures[creature_id] = creature
    return creature


def archer(scene: Scene, creature_id: str, position: Point, arrows: int = 3) -> Creature:
    creature = fighter(scene, creature_id, position, weapon="short_bow")
    if arrows:
        creature.inventory.append(ItemInstance(f"{creature_id}-arrows", "arrow", quantity=arrows))
        creature.equipped["ammunition"] = f"{creature_id}-arrows"
    return creature


def beast(
    scene: Scene, creature_id: str, monster_id: str, position: Point | None, *, hp: int = 8
) -> Creature:
    creature = Creature(
        creature_id,
        creature_id.title(),
        Side.MONSTERS,
        Abilities(),
        hp=hp,
        max_hp=hp,
        monster=monster_id,
        position=position,
    )
    scene.creatures[creature_id] = creature
    return creature
