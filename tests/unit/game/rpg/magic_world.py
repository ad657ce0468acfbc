"""A small world for the magic tests: the shipped content, an open map, casters and monsters."""

from __future__ import annotations

from goldbox.content.loader import load_content
from goldbox.game.rpg.abilities import Abilities
from goldbox.game.rpg.content import Content
from goldbox.game.rpg.creature import Creature, Side
from goldbox.game.rpg.level import Level, Point
from goldbox.game.rpg.scene import Scene

CONTENT: Content = load_content()


def open_scene(width: int = 15, height: int = 15, rows: list[str] | None = None) -> Scene:
    """A scene on an open floor, or on the ASCII map `rows`."""
    return Scene(Level.from_rows(rows if rows is not None else ["." * width] * height))


def character(
    scene: Scene,
    creature_id: str,
    class_id: str,
    position: Point | None,
    *,
    side: Side = Side.PARTY,
    level: int = 5,
    hp: int = 30,
    race: str | None = "human",
    abilities: Abilities | None = None,
) -> Creature:
    creature = Creature(
        creature_id,
        creature_id.title(),
        side,
        abilities if abilities is not None else Abilities(),
        hp=hp,
        max_hp=hp,
        level=level,
        race=race,
        class_id=class_id,
        position=position,
    )
    scene.creatures[creature_id] = creature
    return creature


def monster(
    scene: Scene, creature_id: str, monster_id: str, position: Point | None, *, hp: int = 40
) -> Creature:
    creature = Creature(
        creature_id,
        creature_id.title(),
        Side.MONSTERS,
        Abilities(),
        hp=hp,
        max_hp=hp,
        level=1,
        monster=monster_id,
        position=position,
    )
    scene.creatures[creature_id] = creature
    return creature
