"""A generated level made ready to play: its monsters, treasure and quest people put into a rules Scene.

This is where generation meets the rules. The generators say what goes where (an encounter of four
orcs on these squares, a hoard of 240 gold and two items in that room); here each monster is spawned
with its rolled hit points and spells, each hoard becomes coins and generated items lying on the floor,
and each quest's items and people are placed. Every draw comes from sub-seeds of the level's seed, so
the same level always stocks the same way.
"""

from __future__ import annotations

import dataclasses
from collections import deque
from collections.abc import Iterable, Sequence

from goldbox.game.rpg.abilities import Abilities
from goldbox.game.rpg.content import Content
from goldbox.game.rpg.creature import Creature, Side
from goldbox.game.rpg.items import ItemInstance
from goldbox.game.rpg.level import DIRECTIONS, Point
from goldbox.game.rpg.monsters import spawn_monster
from goldbox.game.rpg.scene import FloorItem, Scene
from goldbox.pcg.content_params import ItemParams
from goldbox.pcg.errors import PcgError
from goldbox.pcg.items import generate_items
from goldbox.pcg.loot_tables import LootTables
from goldbox.pcg.model import GeneratedLevel
from goldbox.pcg.npcs import Npc
from goldbox.pcg.quests import GeneratedQuest
from goldbox.pcg.seeds import sub_rng, sub_seed

COINS = "gold_coins"
NPC_HIT_POINTS_PER_LEVEL = 6


def loot_level(generated: GeneratedLevel) -> int:
    """The item level of a level's treasure: deeper levels and stronger parties find better things."""
    return min(20, max(1, generated.party_level + generated.depth - 1))


def playable_scene(
    generated: GeneratedLevel,
    content: Content,
    loot: LootTables,
    quests: Sequence[GeneratedQuest] = (),
) -> Scene:
    """The level as a Scene: monsters spawned on their squares, treasure and quest items on the floor,
    quest people standing where the quests put them (escorts on the party's side, the rest neutral),
    and each quest's giver beside the entrance."""
    scene = Scene(generated.level)
    rng = sub_rng(generated.seed, "stock", generated.depth)
    for encounter in generated.encounters:
        for point in encounter.points:
            spawn_monster(scene, encounter.monster, point, content, rng)
    scroll_spells = {spell_id: spell.level for spell_id, spell in sorted(content.spells.items())}
    for number, spot in enumerate(generated.treasure):
        if spot.gold > 0:
            _lay(scene, spot.point, [ItemInstance("coins", COINS, quantity=spot.gold)])
        if spot.item_count > 0:
            params = ItemParams(count=spot.item_count, level=loot_level(generated))
            seed = sub_seed(generated.seed, "treasure", generated.depth, number)
            _lay(scene, spot.point, generate_items(seed, params, content.items, loot, scroll_spells))
    for generated_quest in quests:
        for placement in generated_quest.placements:
            _lay(scene, placement.point, [placement.item])
        side = Side.PARTY if generated_quest.kind == "escort" else Side.NEUTRAL
        for person in generated_quest.npcs:
            _stand(scene, person.npc, person.point, side, content)
        giver = generated_quest.giver
        if giver.id not in scene.creatures:
            _stand(scene, giver, free_squares_near(scene, generated.entrance, 1)[0], Side.NEUTRAL, content)
    return scene


def free_squares_near(scene: Scene, origin: Point, count: int, skip: Iterable[Point] = ()) -> list[Point]:
    """The `count` nearest walkable, empty squares to `origin` (breadth first, in a fixed order),
    for placing a party at the entrance or a quest giver beside it."""
    taken = {creature.position for creature in scene.creatures.values() if creature.position is not None}
    taken |= set(skip)
    found: list[Point] = []
    seen = {origin}
    queue = deque([origin])
    while queue and len(found) < count:
        point = queue.popleft()
        if scene.level.walkable(point) and point not in taken:
            found.append(point)
        for dx, dy in DIRECTIONS.values():
            step = (point[0] + dx, point[1] + dy)
            if step not in seen and scene.level.walkable(step):
                seen.add(step)
                queue.append(step)
    if len(found) < count:
        raise PcgError("PCG_GENERATION_FAILED", f"no room for {count} near {origin} on this level")
    return found


def _lay(scene: Scene, point: Point, items: Iterable[ItemInstance]) -> None:
    """Put items on the floor under ids the scene hands out, so two hoards never share an id."""
    for item in items:
        scene.floor.append(FloorItem(point, dataclasses.replace(item, uid=scene.new_uid("item"))))


def _stand(scene: Scene, npc: Npc, point: Point, side: Side, content: Content) -> None:
    """Put an NPC on the map. Its race counts in the rules only if it is a player race: an orc guide
    has the orc's name and dialogue, but no player-race table to look up in a battle."""
    hit_points = NPC_HIT_POINTS_PER_LEVEL * npc.level
    if scene.creature_at(point) is not None:  # a monster of the room stands there: step aside
        point = free_squares_near(scene, point, 1)[0]
    scene.creatures[npc.id] = Creature(
        id=npc.id,
        name=npc.name,
        side=side,
        abilities=Abilities(),
        hp=hit_points,
        max_hp=hit_points,
        level=npc.level,
        race=npc.race if npc.race in content.races else None,
        position=point,
        dialogue=list(npc.dialogue),
    )
