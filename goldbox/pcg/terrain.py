"""Terrain: cellular-automaton caves, mazes, and the tile mix of each biome, always connected.

- Caves: random rock at a density, smoothed by majority passes (a cell becomes rock when five of
  the nine cells around and including it are rock). Higher difficulty means denser rock and fewer
  smoothing passes: tighter, rougher caves.
- Mazes: a recursive backtracker carves a perfect maze (one path between any two cells); a braided
  maze then knocks through some dead ends, making loops. Higher difficulty keeps more dead ends.
- Biomes decide what the map is made of: rock caves, stone corridors, open ground with clumps of
  trees (forest), water (swamp) or rock outcrops (desert), rubble-strewn mountain passes, and
  features on top: pools of water, lava, scattered rubble and trees.
- Connectivity: the passable cells are grouped into regions; pockets too small to matter are filled,
  and every other region is joined to the largest by carving an L-shaped corridor to its nearest cell.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from goldbox.game.rng import Rng
from goldbox.game.rpg.level import Level, LevelBuilder
from goldbox.game.rpg.tiles import Tile
from goldbox.pcg.grid import PASSABLE_TABLE, carve, corridor_path, nearest, passable_mask, point_of, regions
from goldbox.pcg.params import TerrainParams
from goldbox.pcg.seeds import sub_rng

SMALLEST_KEPT_REGION = 6
"""Passable pockets smaller than this are filled in rather than joined up."""


@dataclass(frozen=True, slots=True)
class BiomeStyle:
    """What a biome's map is made of."""

    wall: Tile
    """What the solid parts (border, rock, maze walls) are made of."""
    open_ground: bool
    """Open ground (forest, swamp, desert) starts as floor with clumps of `clump`; rock starts as caves."""
    clump: Tile
    clump_density: float
    smoothing: int
    pools: tuple[tuple[Tile, int], ...]
    """Blobs of a tile and how many per 1,000 cells."""
    scatter: tuple[tuple[Tile, float], ...]
    """Single tiles sprinkled over the floor, as a fraction of the floor."""
    lava_from: int
    """The difficulty from which lava pools appear (11: never)."""


STYLES: dict[str, BiomeStyle] = {
    "cave": BiomeStyle(Tile.WALL, False, Tile.WALL, 0.42, 4, ((Tile.WATER, 1),), ((Tile.RUBBLE, 0.03),), 7),
    "dungeon": BiomeStyle(Tile.WALL, False, Tile.WALL, 0.0, 0, (), ((Tile.RUBBLE, 0.02),), 9),
    "forest": BiomeStyle(
        Tile.TREE, True, Tile.TREE, 0.40, 3, ((Tile.WATER, 1),), ((Tile.TREE, 0.04), (Tile.RUBBLE, 0.01)), 11
    ),
    "mountain": BiomeStyle(Tile.WALL, False, Tile.WALL, 0.47, 3, (), ((Tile.RUBBLE, 0.14),), 4),
    "swamp": BiomeStyle(Tile.WATER, True, Tile.WATER, 0.43, 2, ((Tile.WATER, 2),), ((Tile.TREE, 0.06),), 11),
    "desert": BiomeStyle(Tile.WALL, True, Tile.WALL, 0.30, 4, ((Tile.WATER, 0),), ((Tile.RUBBLE, 0.06),), 8),
}


@dataclass(frozen=True, slots=True)
class GeneratedTerrain:
    """An open map with every passable cell connected."""

    level: Level
    biome: str
    kind: str
    difficulty: int
    seed: int
    attempts: int = 1

    def to_dict(self) -> dict[str, Any]:
        return {
            "biome": self.biome,
            "kind": self.kind,
            "difficulty": self.difficulty,
            "seed": self.seed,
            "attempts": self.attempts,
            "width": self.level.width,
            "height": self.level.height,
            "rows": self.level.to_rows(),
        }

    def to_json(self) -> str:
        return json.dumps(self.to_dict(), sort_keys=True, ensure_ascii=False)


def noise(width: int, height: int, density: float, rng: Rng) -> bytearray:
    """1 with probability `density`, else 0, for every cell; eight cells per 64-bit draw."""
    threshold = round(density * 256)
    cells = bytearray(width * height)
    for start in range(0, len(cells), 8):
        word = rng.next64()
        for offset in range(min(8, len(cells) - start)):
            cells[start + offset] = 1 if (word >> (offset * 8)) & 0xFF < threshold else 0
    return cells


def smooth(solid: bytearray, width: int, height: int) -> bytearray:
    """One majority pass: a cell is solid when at least 5 of the 9 around and including it are (off-map is solid)."""
    rows = [solid[y * width : (y + 1) * width] for y in range(height)]
    outside = bytes([1]) * width
    result = bytearray()
    for y in range(height):
        above = rows[y - 1] if y > 0 else outside
        below = rows[y + 1] if y < height - 1 else outside
        columns = [3, *(a + b + c for a, b, c in zip(above, rows[y], below, strict=True)), 3]
        result += bytes(
            1 if p + q + r >= 5 else 0 for p, q, r in zip(columns, columns[1:], columns[2:], strict=False)
        )
    return result


def cave_mask(width: int, height: int, density: float, passes: int, rng: Rng) -> bytearray:
    """Solid (1) or open (0) cells of a cellular-automaton cave, border solid."""
    solid = noise(width, height, density, rng)
    for _ in range(passes):
        solid = smooth(solid, width, height)
    close_border(solid, width, height, 1)
    return solid


def close_border(cells: bytearray, width: int, height: int, value: int) -> None:
    cells[0:width] = bytes([value]) * width
    cells[(height - 1) * width :] = bytes([value]) * width
    for y in range(height):
        cells[y * width] = value
        cells[y * width + width - 1] = value


def maze(width: int, height: int, braid: float, rng: Rng, wall: Tile = Tile.WALL) -> LevelBuilder:
    """A recursive-backtracker maze on the odd cells; `braid` is the share of dead ends knocked through."""
    builder = LevelBuilder(width, height, wall)
    cells = builder.cells
    start = (1 + 2 * rng.below((width - 1) // 2)) + (1 + 2 * rng.below((height - 1) // 2)) * width
    cells[start] = Tile.FLOOR
    stack = [start]
    while stack:
        here = stack[-1]
        x, y = here % width, here // width
        options = [
            (dx, dy)
            for dx, dy in ((2, 0), (-2, 0), (0, 2), (0, -2))
            if 1 <= x + dx <= width - 2
            and 1 <= y + dy <= height - 2
            and cells[here + dx + dy * width] != Tile.FLOOR
        ]
        if not options:
            stack.pop()
            continue
        dx, dy = rng.choice(options)
        cells[here + dx // 2 + (dy // 2) * width] = Tile.FLOOR
        cells[here + dx + dy * width] = Tile.FLOOR
        stack.append(here + dx + dy * width)
    if braid > 0:
        _braid(builder, braid, rng)
    return builder


def _braid(builder: LevelBuilder, share: float, rng: Rng) -> None:
    """Knock through the wall at the end of some dead ends, turning the perfect maze into loops."""
    width, height, cells = builder.width, builder.height, builder.cells
    for y in range(1, height - 1, 2):
        for x in range(1, width - 1, 2):
            index = x + y * width
            if cells[index] != Tile.FLOOR:
                continue
            steps = (1, -1, width, -width)
            if sum(cells[index + step] == Tile.FLOOR for step in steps) != 1 or not rng.chance(share):
                continue
            walls = [
                step
                for step in steps
                if cells[index + step] != Tile.FLOOR
                and 0 < (index + 2 * step) % width < width - 1
                and width <= index + 2 * step < width * (height - 1)
                and cells[index + 2 * step] == Tile.FLOOR
            ]
            if walls:
                cells[index + rng.choice(walls)] = Tile.FLOOR


def biome_base(width: int, height: int, biome: str, difficulty: int, rng: Rng) -> LevelBuilder:
    """The ground a biome starts from, before features: caves of rock, or open ground with clumps."""
    style = STYLES[biome]
    if biome == "dungeon":
        return maze(width, height, _braid_share(difficulty), rng.fork("maze"))
    builder = LevelBuilder(width, height, style.wall)
    density = style.clump_density + 0.01 * difficulty
    passes = max(1, style.smoothing - difficulty // 4)
    solid = cave_mask(width, height, density, passes, rng.fork("cave"))
    if style.open_ground:
        builder.cells = bytearray(style.clump if value else Tile.FLOOR for value in solid)
        close_border(builder.cells, width, height, style.wall)
    else:
        builder.cells = bytearray(style.wall if value else Tile.FLOOR for value in solid)
    return builder


def _braid_share(difficulty: int) -> float:
    return max(0.1, 1.0 - difficulty / 10)


def add_features(builder: LevelBuilder, biome: str, difficulty: int, rng: Rng) -> None:
    """Pools, lava and scattered tiles of the biome, laid only on floor."""
    style = STYLES[biome]
    area = builder.width * builder.height
    for tile, per_thousand in style.pools:
        for _ in range(max(1 if per_thousand == 0 and area >= 2500 else 0, area * per_thousand // 1000)):
            _pool(builder, tile, rng.randint(6, 24), rng)
    if difficulty >= style.lava_from:
        for _ in range(1 + (difficulty - style.lava_from) * area // 4000):
            _pool(builder, Tile.LAVA, rng.randint(4, 14), rng)
    floor = [index for index, value in enumerate(builder.cells) if value == Tile.FLOOR]
    for tile, share in style.scatter:
        for _ in range(int(len(floor) * share)):
            builder.cells[floor[rng.below(len(floor))]] = tile


def _pool(builder: LevelBuilder, tile: Tile, size: int, rng: Rng) -> None:
    """A blob of `tile` made by a short random walk over floor."""
    width, height = builder.width, builder.height
    x, y = rng.randint(2, width - 3), rng.randint(2, height - 3)
    for _ in range(size):
        if builder.cells[x + y * width] == Tile.FLOOR:
            builder.cells[x + y * width] = tile
        dx, dy = rng.choice(((1, 0), (-1, 0), (0, 1), (0, -1)))
        x = min(width - 3, max(2, x + dx))
        y = min(height - 3, max(2, y + dy))


def connect_regions(builder: LevelBuilder, fill: Tile, rng: Rng, keep: int = SMALLEST_KEPT_REGION) -> None:
    """Fill pockets smaller than `keep` with `fill` and join every other region to the largest."""
    width = builder.width
    found = regions(passable_mask(builder.cells), width)
    if not found:
        return
    main = max(found, key=len)
    # Fill the pockets first: filled after a corridor ran through one, it would cut the corridor.
    for region in found:
        if region is not main and len(region) < keep:
            for index in region:
                builder.cells[index] = fill
    joined = list(main)
    for region in found:
        if region is main or len(region) < keep:
            continue
        source = region[rng.below(len(region))]
        target = nearest(joined, source, width)
        path = corridor_path(point_of(source, width), point_of(target, width), rng.chance(0.5))
        carve(builder, path)
        joined += region
        joined += [x + y * width for x, y in path]


def generate_terrain(params: TerrainParams) -> GeneratedTerrain:
    """An open map for `params`, validated; retried on a derived seed if validation fails."""
    from goldbox.pcg.validation import retry, terrain_problems

    def build(seed: int, attempt: int) -> GeneratedTerrain:
        terrain = _build_terrain(params, seed)
        return GeneratedTerrain(terrain, params.biome, params.kind, params.difficulty, params.seed, attempt)

    return retry("terrain", params.seed, build, terrain_problems)


def _build_terrain(params: TerrainParams, seed: int) -> Level:
    width, height, difficulty, biome = params.width, params.height, params.difficulty, params.biome
    style = STYLES[biome]
    rng = sub_rng(seed, "terrain", params.kind, biome)
    if params.kind == "biome":
        builder = biome_base(width, height, biome, difficulty, rng.fork("base"))
    elif params.kind == "cave":
        builder = LevelBuilder(width, height, style.wall)
        passes = max(1, 5 - difficulty // 3)
        solid = cave_mask(width, height, 0.40 + 0.012 * difficulty, passes, rng.fork("base"))
        builder.cells = bytearray(style.wall if value else Tile.FLOOR for value in solid)
    else:
        braid = _braid_share(difficulty) if params.kind == "braided_maze" else 0.0
        builder = maze(width, height, braid, rng.fork("base"), style.wall)
    if params.kind != "maze":
        add_features(builder, biome, difficulty, rng.fork("features"))
    connect_regions(builder, style.wall, rng.fork("connect"))
    if not any(PASSABLE_TABLE[value] for value in builder.cells):
        _open_middle(builder)
    return builder.freeze()


def _open_middle(builder: LevelBuilder) -> None:
    """A map with no passable cell at all gets a small clearing, so it is never empty."""
    cx, cy = builder.width // 2, builder.height // 2
    for y in range(cy - 2, cy + 3):
        for x in range(cx - 2, cx + 3):
            builder.set((x, y), Tile.FLOOR)
