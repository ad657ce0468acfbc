"""Characters for the sheet tests (creation, stats, equipment, inventory, progression): shipped content."""

from __future__ import annotations

from goldbox.content.loader import load_content
from goldbox.game.rng import Rng
from goldbox.game.rpg.abilities import Abilities, Ability
from goldbox.game.rpg.content import Content
from goldbox.game.rpg.creation import CreationMethod, create_character
from goldbox.game.rpg.creature import Creature, Side
from goldbox.game.rpg.items import ItemInstance
from goldbox.game.rpg.level import Level
from goldbox.game.rpg.scene import Scene

CONTENT: Content = load_content()

STRONG = {
    Ability.STR: 17,
    Ability.DEX: 10,
    Ability.CON: 14,
    Ability.INT: 10,
    Ability.WIS: 10,
    Ability.CHA: 10,
}


def bare(
    class_id: str = "fighter", race: str = "human", abilities: Abilities | None = None, level: int = 1
) -> Creature:
    """A character with nothing on: average scores unless given."""
    return Creature(
        "hero",
        "Hero",
        Side.PARTY,
        abilities if abilities is not None else Abilities(),
        hp=10,
        max_hp=10,
        level=level,
        race=race,
        class_id=class_id,
    )


def give(
    creature: Creature,
    base: str,
    *,
    uid: str | None = None,
    quantity: int = 1,
    bonus: int = 0,
    enchantments: list[str] | None = None,
) -> ItemInstance:
    item = ItemInstance(
        uid or f"{base}-{len(creature.inventory) + 1}",
        base,
        quantity=quantity,
        bonus=bonus,
        enchantments=enchantments or [],
    )
    creature.inventory.append(item)
    return item


def new_character(class_id: str = "fighter", race: str = "human", seed: int = 1) -> Creature:
    return create_character(
        CONTENT,
        Rng(seed),
        creature_id="hero",
        name="Hero",
        race_id=race,
        class_id=class_id,
        method=CreationMethod.STANDARD_ARRAY,
    )


def scene_with(creature: Creature, width: int = 5) -> Scene:
    scene = Scene(Level.from_rows(["." * width] * width))
    creature.position = (1, 1)
    scene.creatures[creature.id] = creature
    return scene
