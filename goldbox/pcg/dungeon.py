"""Dungeon levels: BSP rooms joined by corridors, with doors, traps, monsters, treasure and stairs.

How a level is made, each step on its own named random stream (so changing one never moves another):
1. Ground: solid rock for the dungeon biome, otherwise the biome's terrain (caves, forest, ...).
2. Rooms: the map is split in two again and again (binary space partition), always the largest
   part first, until there are as many parts as rooms asked for or none is big enough to split;
   each part gets one walled room (caves get open caverns without walls).
3. Corridors: a minimum spanning tree over the room centres joins every room, plus a few extra
   corridors for loops. Where a corridor crosses a room's wall it leaves a door; where it runs
   along a wall, the wall is broken open.
4. Pockets of ground that no corridor reaches are filled in, so everything walkable is reachable.
5. Room kinds: the entrance (up stairs), the exit (down stairs) as far away as possible, dead-end
   rooms behind secret doors, and combat, treasure, trap, puzzle and rest rooms drawn with weights
   that favour combat and traps as difficulty rises. A boss guards the exit on a dungeon's last level.
6. Encounters from the encounter table's band for the difficulty; group sizes fill a budget of hit
   dice that grows with party size, party level, difficulty and depth. Treasure grows the same way.
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import pairwise

from goldbox.game.rng import Rng
from goldbox.game.rpg.level import LevelBuilder, Point
from goldbox.game.rpg.tiles import Tile
from goldbox.pcg.errors import PcgError
from goldbox.pcg.grid import PASSABLE_TABLE, corridor_path, flood, passable_mask, regions
from goldbox.pcg.model import (
    Door,
    DoorKind,
    Encounter,
    GeneratedDungeon,
    GeneratedLevel,
    Room,
    RoomKind,
    StairLink,
    TreasureSpot,
)
from goldbox.pcg.params import DungeonParams, LevelParams
from goldbox.pcg.seeds import sub_rng, sub_seed
from goldbox.pcg.tables import EncounterEntry, EncounterTable
from goldbox.pcg.terrain import STYLES, add_features, biome_base
from goldbox.pcg.validation import dungeon_problems, level_problems, retry

SMALLEST_PART = 7
"""A BSP part must be at least this wide and tall: a 3x3 room, its walls, and a margin."""
LARGEST_ROOM = 14
UNWALLED_BIOMES = frozenset({"cave"})
DOOR_TILES: dict[DoorKind, Tile] = {
    "open": Tile.DOOR_OPEN,
    "closed": Tile.DOOR_CLOSED,
    "locked": Tile.DOOR_LOCKED,
    "secret": Tile.DOOR_SECRET,
}

_INSIDE = 1
_WALL_ROW = 2  # top or bottom wall: a door there has walls to its left and right
_WALL_COLUMN = 3  # left or right wall: walls above and below
_CORNER = 4


@dataclass(frozen=True, slots=True)
class _Part:
    x: int
    y: int
    width: int
    height: int


def generate_level(params: LevelParams, table: EncounterTable) -> GeneratedLevel:
    """A validated level for `params`; retried on derived seeds, PCG_GENERATION_FAILED if none validates."""
    return retry(
        "level", params.seed, lambda seed, attempt: _build_level(params, table, seed, attempt), level_problems
    )


def level_difficulty(difficulty: int, depth: int) -> int:
    """The difficulty of the level at `depth` of a dungeon of base `difficulty`: one step every two levels."""
    return min(10, difficulty + (depth - 1) // 2)


def generate_dungeon(params: DungeonParams, table: EncounterTable) -> GeneratedDungeon:
    """Levels 1..depth, each down staircase linked to the next level's up staircase; a boss at the bottom."""
    levels: list[GeneratedLevel] = []
    for depth in range(1, params.depth + 1):
        level_params = LevelParams(
            seed=sub_seed(params.seed, "dungeon", "level", depth),
            width=params.width,
            height=params.height,
            difficulty=level_difficulty(params.difficulty, depth),
            party_level=params.party_level,
            party_size=params.party_size,
            biome=params.biome,
            rooms=params.rooms,
            depth=depth,
            stairs_down=depth < params.depth,
            boss=depth == params.depth,
        )
        levels.append(generate_level(level_params, table))
    links = tuple(
        StairLink(upper.depth, upper.exit, lower.depth, lower.entrance) for upper, lower in pairwise(levels)
    )
    dungeon = GeneratedDungeon(tuple(levels), links, params.seed, params.biome, params.difficulty)
    problems = dungeon_problems(dungeon)
    if problems:
        raise PcgError("PCG_GENERATION_FAILED", "the dungeon does not hold together: " + "; ".join(problems))
    return dungeon


def _build_level(params: LevelParams, table: EncounterTable, seed: int, attempt: int) -> GeneratedLevel:
    rng = sub_rng(seed, "level")
    width, height, biome = params.width, params.height, params.biome
    style = STYLES[biome]
    if biome == "dungeon":
        builder = LevelBuilder(width, height, Tile.WALL)
    else:
        builder = biome_base(width, height, biome, params.difficulty, rng.fork("ground"))
        add_features(builder, biome, params.difficulty, rng.fork("features"))
    walled = biome not in UNWALLED_BIOMES
    rects = [_room_in(part, rng) for part in _partition(width, height, params.rooms, rng.fork("bsp"))]
    marks = bytearray(width * height)
    owner = [-1] * (width * height)
    for index, (x, y, room_width, room_height) in enumerate(rects):
        _stamp_room(builder, marks, owner, index, x, y, room_width, room_height, walled)
    corridor_cells = _dig_corridors(builder, marks, rects, rng.fork("corridors"))
    openings = _open_walls(builder, marks, owner, corridor_cells)
    _fill_pockets(builder, rects, style.wall)

    kinds = _room_kinds(params, rects, openings, walled, rng.fork("kinds"))
    rooms = tuple(Room(index, kinds[index], *rect) for index, rect in enumerate(rects))
    doors = _hang_doors(builder, openings, kinds, params.difficulty, rng.fork("doors"))

    taken: set[Point] = set()
    entrance_room = kinds.index("entrance")
    exit_room = next(index for index, kind in enumerate(kinds) if kind in {"exit", "boss"})
    entrance = _free_point(rooms[entrance_room], taken, rng.fork("stairs", "up"))
    builder.set(entrance, Tile.STAIRS_UP)
    exit_point = _free_point(rooms[exit_room], taken, rng.fork("stairs", "down"))
    if params.stairs_down:
        builder.set(exit_point, Tile.STAIRS_DOWN)

    traps = _set_traps(builder, rooms, corridor_cells, taken, params.difficulty, rng.fork("traps"))
    encounters = _place_encounters(params, table, rooms, taken, rng.fork("encounters"))
    treasure = _place_treasure(params, rooms, taken, rng.fork("treasure"))
    return GeneratedLevel(
        level=builder.freeze(),
        rooms=rooms,
        entrance=entrance,
        exit=exit_point,
        encounters=encounters,
        treasure=treasure,
        doors=doors,
        traps=traps,
        biome=biome,
        depth=params.depth,
        difficulty=params.difficulty,
        party_level=params.party_level,
        seed=params.seed,
        stairs_down=params.stairs_down,
        attempts=attempt,
    )


def _partition(width: int, height: int, wanted: int, rng: Rng) -> list[_Part]:
    """Split the map, largest part first, until `wanted` parts or none can be split."""
    parts = [_Part(0, 0, width, height)]
    while len(parts) < wanted:
        splittable = [
            index
            for index, part in enumerate(parts)
            if part.width >= 2 * SMALLEST_PART or part.height >= 2 * SMALLEST_PART
        ]
        if not splittable:
            break
        index = max(splittable, key=lambda i: (parts[i].width * parts[i].height, -i))
        part = parts.pop(index)
        across = part.width >= 2 * SMALLEST_PART and (
            part.width >= part.height or part.height < 2 * SMALLEST_PART
        )
        if across:
            cut = rng.randint(SMALLEST_PART, part.width - SMALLEST_PART)
            parts[index:index] = [
                _Part(part.x, part.y, cut, part.height),
                _Part(part.x + cut, part.y, part.width - cut, part.height),
            ]
        else:
            cut = rng.randint(SMALLEST_PART, part.height - SMALLEST_PART)
            parts[index:index] = [
                _Part(part.x, part.y, part.width, cut),
                _Part(part.x, part.y + cut, part.width, part.height - cut),
            ]
    return parts


def _room_in(part: _Part, rng: Rng) -> tuple[int, int, int, int]:
    """A room's inside (x, y, width, height) in a part, leaving a wall and a margin all round."""
    most_wide = min(LARGEST_ROOM, part.width - 4)
    most_high = min(LARGEST_ROOM, part.height - 4)
    room_width = rng.randint(max(3, most_wide // 2), most_wide)
    room_height = rng.randint(max(3, most_high // 2), most_high)
    x = part.x + 2 + rng.below(part.width - 4 - room_width + 1)
    y = part.y + 2 + rng.below(part.height - 4 - room_height + 1)
    return (x, y, room_width, room_height)


def _stamp_room(
    builder: LevelBuilder,
    marks: bytearray,
    owner: list[int],
    index: int,
    x: int,
    y: int,
    room_width: int,
    room_height: int,
    walled: bool,
) -> None:
    width = builder.width
    for cy in range(y - 1, y + room_height + 1):
        for cx in range(x - 1, x + room_width + 1):
            cell = cx + cy * width
            inside = x <= cx < x + room_width and y <= cy < y + room_height
            owner[cell] = index
            if inside:
                marks[cell] = _INSIDE
                builder.cells[cell] = Tile.FLOOR
            elif walled:
                on_row = cy in (y - 1, y + room_height)
                on_column = cx in (x - 1, x + room_width)
                marks[cell] = _CORNER if on_row and on_column else _WALL_ROW if on_row else _WALL_COLUMN
                builder.cells[cell] = Tile.WALL


def _dig_corridors(
    builder: LevelBuilder, marks: bytearray, rects: list[tuple[int, int, int, int]], rng: Rng
) -> list[int]:
    """Join every room (a minimum spanning tree over centres, plus loops); the corridor cells dug."""
    centres = [(x + w // 2, y + h // 2) for x, y, w, h in rects]

    def distance(a: int, b: int) -> int:
        return abs(centres[a][0] - centres[b][0]) + abs(centres[a][1] - centres[b][1])

    joined = [0]
    edges: list[tuple[int, int]] = []
    while len(joined) < len(centres):
        best = min(
            ((distance(a, b), a, b) for a in joined for b in range(len(centres)) if b not in joined),
        )
        edges.append((best[1], best[2]))
        joined.append(best[2])
    for room in range(len(centres)):
        if len(centres) > 3 and rng.chance(0.2):
            others = sorted((distance(room, other), other) for other in range(len(centres)) if other != room)
            extra = (room, others[1][1])
            if extra not in edges and (extra[1], extra[0]) not in edges:
                edges.append(extra)
    width = builder.width
    dug: list[int] = []
    for a, b in edges:
        for x, y in corridor_path(centres[a], centres[b], rng.chance(0.5)):
            cell = x + y * width
            if marks[cell] == _INSIDE:
                continue
            if marks[cell]:
                dug.append(cell)
            elif not PASSABLE_TABLE[builder.cells[cell]]:
                builder.cells[cell] = Tile.FLOOR
                dug.append(cell)
            else:
                dug.append(cell)
    return sorted(set(dug))


def _open_walls(
    builder: LevelBuilder, marks: bytearray, owner: list[int], dug: list[int]
) -> dict[int, list[int]]:
    """Turn wall cells a corridor crossed into door places (room -> cells) or, along a wall, gaps."""
    width = builder.width
    crossed = {cell for cell in dug if marks[cell] in (_WALL_ROW, _WALL_COLUMN, _CORNER)}
    openings: dict[int, list[int]] = {}
    for cell in sorted(crossed):
        mark = marks[cell]
        step = 1 if mark == _WALL_ROW else width
        lone = mark != _CORNER and cell - step not in crossed and cell + step not in crossed
        if lone:
            openings.setdefault(owner[cell], []).append(cell)
            builder.cells[cell] = Tile.DOOR_CLOSED
        else:
            builder.cells[cell] = Tile.FLOOR
            openings.setdefault(owner[cell], []).append(-1 - cell)
    return openings


def _fill_pockets(builder: LevelBuilder, rects: list[tuple[int, int, int, int]], fill: Tile) -> None:
    """Fill every walkable pocket the rooms cannot reach, so all that is walkable is reachable."""
    width = builder.width
    mask = passable_mask(builder.cells)
    x, y, _, _ = rects[0]
    reached = flood(mask, width, x + y * width)
    if all(reached[rx + ry * width] for rx, ry, _, _ in rects):
        for region in regions(mask, width):
            if not reached[region[0]]:
                for cell in region:
                    builder.cells[cell] = fill


def _room_kinds(
    params: LevelParams,
    rects: list[tuple[int, int, int, int]],
    openings: dict[int, list[int]],
    walled: bool,
    rng: Rng,
) -> list[RoomKind]:
    count = len(rects)
    centres = [(x + w // 2, y + h // 2) for x, y, w, h in rects]
    entrance = rng.below(count)
    far = max(
        range(count),
        key=lambda r: (
            abs(centres[r][0] - centres[entrance][0]) + abs(centres[r][1] - centres[entrance][1]),
            -r,
        ),
    )
    kinds: list[RoomKind] = ["combat"] * count
    kinds[entrance] = "entrance"
    kinds[far] = "boss" if params.boss else "exit"
    hidden = 0
    most_hidden = 1 + count // 10
    difficulty = params.difficulty
    choices: list[RoomKind] = ["combat", "treasure", "trap", "puzzle", "rest"]
    weights = [2.0 + 0.5 * difficulty, 2.0, 0.5 + 0.25 * difficulty, 1.0, max(0.3, 1.6 - 0.15 * difficulty)]
    for room in range(count):
        if room in (entrance, far):
            continue
        doors = openings.get(room, [])
        if walled and hidden < most_hidden and len(doors) == 1 and doors[0] >= 0 and rng.chance(0.6):
            kinds[room] = "secret"
            hidden += 1
            continue
        kinds[room] = rng.weighted_choice(choices, weights)
    return kinds


def _hang_doors(
    builder: LevelBuilder, openings: dict[int, list[int]], kinds: list[RoomKind], difficulty: int, rng: Rng
) -> tuple[Door, ...]:
    width = builder.width
    doors: list[Door] = []
    for room in sorted(openings):
        for cell in openings[room]:
            if cell < 0:
                continue
            kind: DoorKind
            if kinds[room] == "secret":
                kind = "secret"
            elif (kinds[room] == "treasure" and rng.chance(0.5)) or rng.chance(0.03 * difficulty):
                kind = "locked"
            elif rng.chance(0.3):
                kind = "open"
            else:
                kind = "closed"
            builder.cells[cell] = DOOR_TILES[kind]
            doors.append(Door((cell % width, cell // width), kind, room))
    return tuple(doors)


def _free_points(room: Room, taken: set[Point]) -> list[Point]:
    return [
        (x, y)
        for y in range(room.y, room.y + room.height)
        for x in range(room.x, room.x + room.width)
        if (x, y) not in taken
    ]


def _free_point(room: Room, taken: set[Point], rng: Rng) -> Point:
    point = rng.choice(_free_points(room, taken))
    taken.add(point)
    return point


def _set_traps(
    builder: LevelBuilder,
    rooms: tuple[Room, ...],
    corridor_cells: list[int],
    taken: set[Point],
    difficulty: int,
    rng: Rng,
) -> tuple[Point, ...]:
    """Traps fill trap rooms, and a few lie in corridors, more with difficulty."""
    width = builder.width
    traps: list[Point] = []
    for room in rooms:
        if room.kind != "trap":
            continue
        free = _free_points(room, taken)
        for point in rng.sample(free, min(len(free) - 1, 1 + rng.below(1 + difficulty // 3))):
            traps.append(point)
    corridor = [
        (cell % width, cell // width)
        for cell in corridor_cells
        if builder.cells[cell] in (Tile.FLOOR, Tile.RUBBLE)
    ]
    if corridor:
        for point in rng.sample(corridor, min(len(corridor), rng.below(1 + difficulty // 2))):
            if point not in taken:
                traps.append(point)
    for point in traps:
        taken.add(point)
        builder.set(point, Tile.TRAP)
    return tuple(sorted(traps))


def encounter_budget(params: LevelParams) -> float:
    """Hit dice of monsters one room may hold: party strength times a factor for difficulty and depth."""
    return (
        params.party_size
        * params.party_level
        * (0.3 + 0.12 * params.difficulty)
        * (1 + 0.08 * (params.depth - 1))
    )


def encounter_tier(params: LevelParams) -> int:
    """Which band of the table to draw from: the difficulty, raised one step per four party levels."""
    return min(10, params.difficulty + (params.party_level - 1) // 4)


_GUARD_CHANCE: dict[str, float] = {"treasure": 0.5, "exit": 0.4, "trap": 0.05, "puzzle": 0.05}


def _place_encounters(
    params: LevelParams, table: EncounterTable, rooms: tuple[Room, ...], taken: set[Point], rng: Rng
) -> tuple[Encounter, ...]:
    entries = [entry for band in table.bands_for(encounter_tier(params)) for entry in band.monsters]
    weights = [entry.weight for entry in entries]
    budget = encounter_budget(params)
    encounters: list[Encounter] = []
    for room in rooms:
        if room.kind == "boss":
            entry = max(entries, key=lambda e: (table.hit_dice[e.monster], e.monster))
            share = 2.0
        elif room.kind == "combat" or rng.chance(_GUARD_CHANCE.get(room.kind, 0.0) * params.difficulty / 3):
            entry = rng.weighted_choice(entries, weights)
            share = 1.0
        else:
            continue
        free = _free_points(room, taken)
        count = min(_group_size(entry, budget * share, table.hit_dice[entry.monster]), len(free))
        if count == 0:
            continue
        points = tuple(rng.sample(free, count))
        taken.update(points)
        encounters.append(Encounter(entry.monster, count, points, room.index))
    return tuple(encounters)


def _group_size(entry: EncounterEntry, budget: float, hit_dice: float) -> int:
    return min(entry.max_group, max(entry.min_group, round(budget / hit_dice)))


_TREASURE_ROOMS: dict[str, tuple[int, int, int]] = {
    # kind: (caches, gold multiplier, extra items)
    "treasure": (2, 3, 1),
    "boss": (1, 6, 2),
    "secret": (1, 4, 2),
}


def _place_treasure(
    params: LevelParams, rooms: tuple[Room, ...], taken: set[Point], rng: Rng
) -> tuple[TreasureSpot, ...]:
    spots: list[TreasureSpot] = []
    wealth = params.difficulty * params.party_level * (1 + (params.depth - 1) // 2)
    for room in rooms:
        caches, multiplier, extra = _TREASURE_ROOMS.get(room.kind, (0, 1, 0))
        if not caches and room.kind not in {"entrance", "rest"} and rng.chance(0.15):
            caches = 1
        for _ in range(caches):
            free = _free_points(room, taken)
            if not free:
                break
            point = rng.choice(free)
            taken.add(point)
            gold = rng.randint(5, 20) * wealth * multiplier
            spots.append(TreasureSpot(point, gold, rng.below(2) + extra, room.index))
    return tuple(spots)
