"""What the dungeon generator hands back: levels with their rooms, monsters, treasure and stairs.

Everything here is a frozen dataclass whose `to_dict()` holds only JSON types in a fixed order, and
`to_json()` sorts keys, so the same seed gives the same bytes in any process.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any, Literal, get_args

from goldbox.game.rpg.level import Level, Point

RoomKind = Literal["entrance", "exit", "combat", "treasure", "trap", "puzzle", "rest", "secret", "boss"]
ROOM_KINDS: tuple[str, ...] = get_args(RoomKind)

DoorKind = Literal["open", "closed", "locked", "secret"]


def _json(value: dict[str, Any]) -> str:
    return json.dumps(value, sort_keys=True, ensure_ascii=False, separators=(",", ":"))


@dataclass(frozen=True, slots=True)
class Room:
    """A rectangle of floor (`x`, `y`, `width`, `height` are its inside, walls excluded)."""

    index: int
    kind: RoomKind
    x: int
    y: int
    width: int
    height: int

    @property
    def center(self) -> Point:
        return (self.x + self.width // 2, self.y + self.height // 2)

    def contains(self, point: Point) -> bool:
        return self.x <= point[0] < self.x + self.width and self.y <= point[1] < self.y + self.height

    def to_dict(self) -> dict[str, Any]:
        return {
            "index": self.index,
            "kind": self.kind,
            "x": self.x,
            "y": self.y,
            "width": self.width,
            "height": self.height,
        }


@dataclass(frozen=True, slots=True)
class Door:
    """A door in a room's wall; `room` is the room it opens into."""

    point: Point
    kind: DoorKind
    room: int

    def to_dict(self) -> dict[str, Any]:
        return {"point": list(self.point), "kind": self.kind, "room": self.room}


@dataclass(frozen=True, slots=True)
class Encounter:
    """A group of one kind of monster waiting in a room, one point per monster."""

    monster: str
    count: int
    points: tuple[Point, ...]
    room: int

    def to_dict(self) -> dict[str, Any]:
        return {
            "monster": self.monster,
            "count": self.count,
            "points": [list(p) for p in self.points],
            "room": self.room,
        }


@dataclass(frozen=True, slots=True)
class TreasureSpot:
    """A cache of gold and `item_count` items (the items themselves come from the item generator)."""

    point: Point
    gold: int
    item_count: int
    room: int

    def to_dict(self) -> dict[str, Any]:
        return {
            "point": list(self.point),
            "gold": self.gold,
            "item_count": self.item_count,
            "room": self.room,
        }


@dataclass(frozen=True, slots=True)
class GeneratedLevel:
    """One playable level: the map, its rooms, where it is entered and left, and what waits in it."""

    level: Level
    rooms: tuple[Room, ...]
    entrance: Point
    exit: Point
    encounters: tuple[Encounter, ...]
    treasure: tuple[TreasureSpot, ...]
    doors: tuple[Door, ...]
    traps: tuple[Point, ...]
    biome: str
    depth: int
    difficulty: int
    party_level: int
    seed: int
    stairs_down: bool = True
    attempts: int = 1

    def to_dict(self) -> dict[str, Any]:
        return {
            "biome": self.biome,
            "depth": self.depth,
            "difficulty": self.difficulty,
            "party_level": self.party_level,
            "seed": self.seed,
            "attempts": self.attempts,
            "width": self.level.width,
            "height": self.level.height,
            "rows": self.level.to_rows(),
            "entrance": list(self.entrance),
            "exit": list(self.exit),
            "stairs_down": self.stairs_down,
            "rooms": [room.to_dict() for room in self.rooms],
            "doors": [door.to_dict() for door in self.doors],
            "traps": [list(point) for point in self.traps],
            "encounters": [encounter.to_dict() for encounter in self.encounters],
            "treasure": [spot.to_dict() for spot in self.treasure],
        }

    def to_json(self) -> str:
        return _json(self.to_dict())


@dataclass(frozen=True, slots=True)
class StairLink:
    """The down staircase at `down` on level `from_depth` leads to the up staircase at `up` on `to_depth`."""

    from_depth: int
    down: Point
    to_depth: int
    up: Point

    def to_dict(self) -> dict[str, Any]:
        return {
            "from_depth": self.from_depth,
            "down": list(self.down),
            "to_depth": self.to_depth,
            "up": list(self.up),
        }


@dataclass(frozen=True, slots=True)
class GeneratedDungeon:
    """Levels 1..depth, top first, and the stairs that join each level to the next."""

    levels: tuple[GeneratedLevel, ...]
    links: tuple[StairLink, ...]
    seed: int
    biome: str
    difficulty: int

    def to_dict(self) -> dict[str, Any]:
        return {
            "seed": self.seed,
            "biome": self.biome,
            "difficulty": self.difficulty,
            "depth": len(self.levels),
            "levels": [level.to_dict() for level in self.levels],
            "links": [link.to_dict() for link in self.links],
        }

    def to_json(self) -> str:
        return _json(self.to_dict())
