"""Pictures of generated maps for designers: ASCII for terminals and docs, images for a look at a glance.

ASCII uses the tiles' own glyphs, one lower-case letter per kind of monster, `$` for treasure, and a
legend listing what is on the map. The images colour each tile, outline rooms by kind, mark doors,
monsters and treasure, and add a legend; they use only Pillow's default font and no other assets.
Images are drawn in memory; the command line encodes them as PNG, so this module stays free of I/O.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable

from PIL import Image, ImageDraw, ImageFont

from goldbox.game.rpg.level import Level, Point
from goldbox.game.rpg.tiles import TRAITS, Tile
from goldbox.pcg.model import GeneratedDungeon, GeneratedLevel
from goldbox.pcg.terrain import GeneratedTerrain

Colour = tuple[int, int, int]

TILE_NAMES: dict[Tile, str] = {
    Tile.FLOOR: "floor",
    Tile.WALL: "wall",
    Tile.DOOR_OPEN: "open door",
    Tile.DOOR_CLOSED: "closed door",
    Tile.DOOR_LOCKED: "locked door",
    Tile.DOOR_SECRET: "secret door",
    Tile.WATER: "water",
    Tile.LAVA: "lava",
    Tile.PIT: "pit",
    Tile.STAIRS_UP: "stairs up",
    Tile.STAIRS_DOWN: "stairs down",
    Tile.TRAP: "trap",
    Tile.TREE: "tree",
    Tile.RUBBLE: "rubble",
    Tile.TRAP_FOUND: "found trap",
}

TILE_COLOURS: dict[Tile, Colour] = {
    Tile.FLOOR: (214, 204, 182),
    Tile.WALL: (58, 54, 50),
    Tile.DOOR_OPEN: (196, 140, 70),
    Tile.DOOR_CLOSED: (139, 84, 33),
    Tile.DOOR_LOCKED: (170, 30, 30),
    Tile.DOOR_SECRET: (150, 70, 210),
    Tile.WATER: (52, 104, 204),
    Tile.LAVA: (240, 96, 20),
    Tile.PIT: (15, 15, 15),
    Tile.STAIRS_UP: (70, 210, 90),
    Tile.STAIRS_DOWN: (20, 130, 60),
    Tile.TRAP: (235, 205, 40),
    Tile.TREE: (34, 110, 44),
    Tile.RUBBLE: (150, 138, 118),
    Tile.TRAP_FOUND: (255, 120, 0),
}

ROOM_COLOURS: dict[str, Colour] = {
    "entrance": (40, 200, 80),
    "exit": (20, 120, 220),
    "combat": (220, 50, 50),
    "treasure": (240, 190, 0),
    "trap": (255, 140, 0),
    "puzzle": (0, 190, 190),
    "rest": (120, 200, 255),
    "secret": (170, 80, 230),
    "boss": (150, 0, 0),
}

MONSTER_COLOUR: Colour = (200, 20, 20)
TREASURE_COLOUR: Colour = (255, 215, 0)
BACKGROUND: Colour = (24, 24, 28)
TEXT: Colour = (235, 235, 235)
LEGEND_WIDTH = 230
LINE = 14


def monster_letters(monsters: Iterable[str]) -> dict[str, str]:
    """A distinct lower-case letter for each monster id: its initial if free, else another of its letters."""
    letters: dict[str, str] = {}
    used: set[str] = set()
    for monster in sorted(set(monsters)):
        candidates = [c for c in monster.lower() if c.isalpha()] + list("abcdefghijklmnopqrstuvwxyz")
        letter = next(c for c in candidates if c not in used)
        letters[monster] = letter
        used.add(letter)
    return letters


def _tile_legend(level: Level) -> list[str]:
    present = sorted(set(level.cells))
    return [f"{TRAITS[Tile(value)].glyph} {TILE_NAMES[Tile(value)]}" for value in present]


def terrain_ascii(terrain: GeneratedTerrain) -> str:
    header = (
        f"terrain {terrain.kind}, biome {terrain.biome}, difficulty {terrain.difficulty}, seed {terrain.seed}"
    )
    return "\n".join(
        [header, *terrain.level.to_rows(), "", "legend: " + "  ".join(_tile_legend(terrain.level))]
    )


def level_ascii(generated: GeneratedLevel) -> str:
    """The map with monsters and treasure drawn over it, then a legend."""
    rows = [list(row) for row in generated.level.to_rows()]
    letters = monster_letters(encounter.monster for encounter in generated.encounters)
    for encounter in generated.encounters:
        for x, y in encounter.points:
            rows[y][x] = letters[encounter.monster]
    for spot in generated.treasure:
        rows[spot.point[1]][spot.point[0]] = "$"
    counts: Counter[str] = Counter()
    for encounter in generated.encounters:
        counts[encounter.monster] += encounter.count
    header = (
        f"level {generated.depth}, biome {generated.biome}, difficulty {generated.difficulty}, "
        f"party level {generated.party_level}, seed {generated.seed}: {len(generated.rooms)} rooms"
    )
    legend = ["legend: " + "  ".join(_tile_legend(generated.level))]
    if counts:
        legend.append("monsters: " + "  ".join(f"{letters[m]} {m} x{counts[m]}" for m in sorted(counts)))
    if generated.treasure:
        gold = sum(spot.gold for spot in generated.treasure)
        legend.append(f"$ treasure: {len(generated.treasure)} caches, {gold} gold")
    rooms = Counter(room.kind for room in generated.rooms)
    legend.append("rooms: " + ", ".join(f"{kind} x{rooms[kind]}" for kind in sorted(rooms)))
    return "\n".join([header, *("".join(row) for row in rows), "", *legend])


def dungeon_ascii(dungeon: GeneratedDungeon) -> str:
    parts = [f"dungeon of {len(dungeon.levels)} levels, biome {dungeon.biome}, seed {dungeon.seed}"]
    for generated in dungeon.levels:
        parts += ["", level_ascii(generated)]
    for link in dungeon.links:
        parts.append(
            f"stairs: level {link.from_depth} > {link.down} leads to level {link.to_depth} < {link.up}"
        )
    return "\n".join(parts)


def _font() -> ImageFont.ImageFont | ImageFont.FreeTypeFont:
    return ImageFont.load_default()


def _draw_tiles(draw: ImageDraw.ImageDraw, level: Level, left: int, top: int, cell: int) -> None:
    width = level.width
    for index, value in enumerate(level.cells):
        x, y = left + (index % width) * cell, top + (index // width) * cell
        draw.rectangle((x, y, x + cell - 1, y + cell - 1), fill=TILE_COLOURS[Tile(value)])


def _draw_level(image: Image.Image, generated: GeneratedLevel, left: int, top: int, cell: int) -> None:
    draw = ImageDraw.Draw(image)
    font = _font()
    _draw_tiles(draw, generated.level, left, top, cell)
    for room in generated.rooms:
        x0, y0 = left + (room.x - 1) * cell, top + (room.y - 1) * cell
        x1, y1 = left + (room.x + room.width + 1) * cell - 1, top + (room.y + room.height + 1) * cell - 1
        draw.rectangle((x0, y0, x1, y1), outline=ROOM_COLOURS[room.kind], width=max(1, cell // 5))
    for door in generated.doors:
        x, y = left + door.point[0] * cell, top + door.point[1] * cell
        inset = max(1, cell // 4)
        draw.rectangle((x + inset, y + inset, x + cell - 1 - inset, y + cell - 1 - inset), outline=TEXT)
    for point, glyph in ((generated.entrance, "<"), (generated.exit, ">")):
        if cell >= 10:
            _centred(draw, point, left, top, cell, glyph, (0, 0, 0), font)
    letters = monster_letters(encounter.monster for encounter in generated.encounters)
    for encounter in generated.encounters:
        for point in encounter.points:
            x, y = left + point[0] * cell, top + point[1] * cell
            draw.ellipse((x + 1, y + 1, x + cell - 2, y + cell - 2), fill=MONSTER_COLOUR)
            if cell >= 10:
                _centred(draw, point, left, top, cell, letters[encounter.monster], TEXT, font)
    for spot in generated.treasure:
        x, y = left + spot.point[0] * cell, top + spot.point[1] * cell
        half = cell / 2
        draw.polygon(
            [(x + half, y + 1), (x + cell - 2, y + half), (x + half, y + cell - 2), (x + 1, y + half)],
            fill=TREASURE_COLOUR,
            outline=(0, 0, 0),
        )


def _centred(
    draw: ImageDraw.ImageDraw,
    point: Point,
    left: int,
    top: int,
    cell: int,
    text: str,
    colour: Colour,
    font: ImageFont.ImageFont | ImageFont.FreeTypeFont,
) -> None:
    x, y = left + point[0] * cell + cell / 2, top + point[1] * cell + cell / 2
    draw.text((x, y), text, fill=colour, font=font, anchor="mm")


def _legend(
    draw: ImageDraw.ImageDraw,
    left: int,
    top: int,
    title: list[str],
    levels: list[GeneratedLevel],
    tiles: set[int],
) -> None:
    font = _font()
    y = top
    for line in title:
        draw.text((left, y), line, fill=TEXT, font=font)
        y += LINE
    y += LINE // 2

    def swatch(colour: Colour, label: str, shape: str = "square") -> None:
        nonlocal y
        if shape == "circle":
            draw.ellipse((left, y + 1, left + 10, y + 11), fill=colour)
        elif shape == "outline":
            draw.rectangle((left, y + 1, left + 10, y + 11), outline=colour, width=2)
        else:
            draw.rectangle((left, y + 1, left + 10, y + 11), fill=colour, outline=(90, 90, 90))
        draw.text((left + 16, y), label, fill=TEXT, font=font)
        y += LINE

    for value in sorted(tiles):
        swatch(TILE_COLOURS[Tile(value)], TILE_NAMES[Tile(value)])
    y += LINE // 2
    kinds = sorted({room.kind for generated in levels for room in generated.rooms})
    for kind in kinds:
        swatch(ROOM_COLOURS[kind], f"{kind} room", "outline")
    y += LINE // 2
    counts: Counter[str] = Counter()
    for generated in levels:
        for encounter in generated.encounters:
            counts[encounter.monster] += encounter.count
    letters = monster_letters(counts)
    for monster in sorted(counts):
        swatch(MONSTER_COLOUR, f"{letters[monster]}  {monster} x{counts[monster]}", "circle")
    caches = [spot for generated in levels for spot in generated.treasure]
    if caches:
        swatch(TREASURE_COLOUR, f"treasure x{len(caches)} ({sum(s.gold for s in caches)} gp)")


def _cell_size(width: int, height: int, span: int) -> int:
    return max(4, min(16, span // max(width, height)))


def _legend_height(levels: list[GeneratedLevel], tiles: set[int]) -> int:
    monsters = {encounter.monster for generated in levels for encounter in generated.encounters}
    kinds = {room.kind for generated in levels for room in generated.rooms}
    return LINE * (len(tiles) + len(kinds) + len(monsters) + 8)


def level_image(generated: GeneratedLevel) -> Image.Image:
    """The level as a picture: tiles, room outlines by kind, doors, monsters, treasure, and a legend."""
    level = generated.level
    cell = _cell_size(level.width, level.height, 768)
    tiles = set(level.cells)
    map_width, map_height = level.width * cell, level.height * cell
    height = max(map_height, _legend_height([generated], tiles)) + 16
    image = Image.new("RGB", (map_width + LEGEND_WIDTH + 24, height), BACKGROUND)
    _draw_level(image, generated, 8, 8, cell)
    title = [
        f"level {generated.depth} - {generated.biome}",
        f"difficulty {generated.difficulty}",
        f"seed {generated.seed}",
    ]
    _legend(ImageDraw.Draw(image), map_width + 16, 8, title, [generated], tiles)
    return image


def dungeon_image(dungeon: GeneratedDungeon) -> Image.Image:
    """Every level of a dungeon side by side (up to four a row), with one legend."""
    first = dungeon.levels[0].level
    cell = _cell_size(first.width, first.height, 320)
    panel_width, panel_height = first.width * cell + 12, first.height * cell + LINE + 12
    columns = min(4, len(dungeon.levels))
    rows = (len(dungeon.levels) + columns - 1) // columns
    levels = list(dungeon.levels)
    tiles = {value for generated in levels for value in set(generated.level.cells)}
    height = max(rows * panel_height, _legend_height(levels, tiles)) + 16
    image = Image.new("RGB", (columns * panel_width + LEGEND_WIDTH + 24, height), BACKGROUND)
    draw = ImageDraw.Draw(image)
    for number, generated in enumerate(levels):
        left = 8 + (number % columns) * panel_width
        top = 8 + (number // columns) * panel_height
        draw.text(
            (left, top),
            f"level {generated.depth}, difficulty {generated.difficulty}",
            fill=TEXT,
            font=_font(),
        )
        _draw_level(image, generated, left, top + LINE, cell)
    title = [f"dungeon - {dungeon.biome}", f"{len(levels)} levels", f"seed {dungeon.seed}"]
    _legend(draw, columns * panel_width + 16, 8, title, levels, tiles)
    return image


def terrain_image(terrain: GeneratedTerrain) -> Image.Image:
    level = terrain.level
    cell = _cell_size(level.width, level.height, 768)
    tiles = set(level.cells)
    height = max(level.height * cell, LINE * (len(tiles) + 6)) + 16
    image = Image.new("RGB", (level.width * cell + LEGEND_WIDTH + 24, height), BACKGROUND)
    draw = ImageDraw.Draw(image)
    _draw_tiles(draw, level, 8, 8, cell)
    title = [f"terrain {terrain.kind} - {terrain.biome}", f"seed {terrain.seed}"]
    _legend(draw, level.width * cell + 16, 8, title, [], tiles)
    return image
