"""What a player may see of an adventure: character sheets with their derived stats, and the party's
view of the dungeon under the fog of war.

The stored state holds everything (every monster, the whole map); nothing of it leaves the server
except through here. Unexplored squares are sent as "?", hidden features (secret doors, unfound traps)
as what they look like, and only the creatures the party can see now are listed.
"""

from __future__ import annotations

from collections.abc import Set
from typing import Any

from goldbox.game.rpg import progression, sight, stats
from goldbox.game.rpg.content import Content, SaveCategory
from goldbox.game.rpg.creature import Creature, Status
from goldbox.game.rpg.level import Level, Point
from goldbox.game.rpg.rules import Adventure
from goldbox.game.rpg.spatial import SpatialIndex, build_index
from goldbox.game.rpg.state_codec import dump_creature, plain
from goldbox.game.rpg.tiles import TRAITS, Tile

UNEXPLORED = "?"

# What a hidden feature looks like to someone who has not found it.
_DISGUISE: dict[Tile, Tile] = {Tile.DOOR_SECRET: Tile.WALL, Tile.TRAP: Tile.FLOOR}


def derived_stats(creature: Creature, content: Content) -> dict[str, Any]:
    """What follows from a sheet: AC, THAC0, the five saving throws, movement and spell slots."""
    return {
        "armour_class": stats.armour_class(creature, content),
        "thac0": stats.thac0(creature, content),
        "saves": {
            category.value: stats.saving_throw(creature, category, content) for category in SaveCategory
        },
        "movement": stats.movement(creature, content),
        "spell_slots": {
            str(level): slots for level, slots in progression.spell_slots(creature, content).items()
        },
    }


def sheet(creature: Creature, content: Content) -> dict[str, Any]:
    """A character's whole sheet, as stored, plus its derived stats."""
    return {**dump_creature(creature), "derived": derived_stats(creature, content)}


def seen_by_party(adventure: Adventure) -> set[str]:
    """The ids of the creatures some active party member on the map can see now (the party included)."""
    scene = adventure.scene
    seen: set[str] = set()
    for member in adventure.party:
        creature = scene.creatures.get(member)
        if creature is not None and creature.status is Status.ACTIVE and creature.position is not None:
            seen |= sight.visible_to(scene, member)
    seen |= {member for member in adventure.party if member in scene.creatures}
    return seen


def map_rows(level: Level, explored: set[Point]) -> list[str]:
    """The map as ASCII rows: explored squares as they look, the rest as "?"."""
    glyphs = [TRAITS[_DISGUISE.get(tile, tile)].glyph for tile in Tile]
    rows: list[str] = []
    for y in range(level.height):
        base = y * level.width
        rows.append(
            "".join(
                glyphs[level.cells[base + x]] if (x, y) in explored else UNEXPLORED
                for x in range(level.width)
            )
        )
    return rows


def outward(creature: Creature) -> dict[str, Any]:
    """What anyone who sees a creature learns: who and where it is, and whether it still stands."""
    return {
        "id": creature.id,
        "name": creature.name,
        "side": creature.side.value,
        "monster": creature.monster,
        "race": creature.race,
        "class_id": creature.class_id,
        "level": creature.level,
        "position": list(creature.position) if creature.position is not None else None,
        "status": creature.status.value,
        "wounded": creature.hp < creature.max_hp,
    }


def party_view(adventure: Adventure, content: Content) -> dict[str, Any]:
    """The party's view of the adventure: the explored map, the creatures in sight, the party's full
    sheets, the items on explored squares, the battle (its order limited to what is seen), the quests
    and whose turn it is."""
    scene = adventure.scene
    seen = seen_by_party(adventure)
    combat = adventure.combat
    battle: dict[str, Any] | None = None
    if combat is not None:
        battle = {
            "round": combat.round,
            "order": [cid for cid in combat.order if cid in seen],
            "actor": combat.actor if combat.actor in seen else None,
            "movement_left": combat.movement_left,
        }
    return {
        "map": {
            "width": scene.level.width,
            "height": scene.level.height,
            "rows": map_rows(scene.level, scene.explored),
        },
        "creatures": [outward(scene.creatures[cid]) for cid in scene.creatures if cid in seen],
        "party": [sheet(scene.creatures[cid], content) for cid in adventure.party if cid in scene.creatures],
        "floor": [
            {"point": list(lying.point), "item": plain(lying.item)}
            for lying in scene.floor
            if lying.point in scene.explored
        ],
        "combat": battle,
        "quests": [plain(quest) for quest in adventure.quests],
        "turn": battle["actor"] if battle is not None else None,
    }


def sight_index(adventure: Adventure) -> SpatialIndex:
    """A spatial index over the creatures the party sees and the items on explored squares
    (items under ids `item:<uid>`), for world queries that must not reach past the fog."""
    scene = adventure.scene
    seen = seen_by_party(adventure)
    places: list[tuple[str, Point]] = [
        (cid, creature.position)
        for cid, creature in scene.creatures.items()
        if cid in seen and creature.position is not None
    ]
    places += [
        (f"item:{lying.item.uid}", lying.point) for lying in scene.floor if lying.point in scene.explored
    ]
    return build_index(places)


# Event fields that name a creature; an event naming one the party cannot see is not shown.
_CREATURE_FIELDS = ("creature", "attacker", "target", "caster", "killer", "to", "npc")
_CREATURE_LISTS = ("order", "creatures")


def visible_events(events: list[dict[str, Any]], seen: Set[str], known: Set[str]) -> list[dict[str, Any]]:
    """The events a player may see: those naming only creatures in `seen` (ids in `known` name
    creatures at all; other values of those fields, such as a point, pass), with lists of creatures
    and initiative scores cut to the seen ones."""
    shown: list[dict[str, Any]] = []
    for event in events:
        data = event["data"]
        named = [
            data[key] for key in _CREATURE_FIELDS if isinstance(data.get(key), str) and data[key] in known
        ]
        if any(cid not in seen for cid in named):
            continue
        cut = dict(data)
        for key in _CREATURE_LISTS:
            if isinstance(cut.get(key), list):
                cut[key] = [
                    cid for cid in cut[key] if not (isinstance(cid, str) and cid in known) or cid in seen
                ]
        if isinstance(cut.get("initiative"), dict):
            cut["initiative"] = {cid: score for cid, score in cut["initiative"].items() if cid in seen}
        shown.append({**event, "data": cut})
    return shown
