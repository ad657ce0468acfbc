"""Checks that a generated map is playable, and the bounded retry loop around every generator.

A level is playable when its border is closed, the exit can be reached from the entrance, and so
can every room, monster, treasure and stair (doors of every kind count as passable: they can be
opened, unlocked or found). A generator that makes an unplayable map tries again with a seed
derived from the first (so the retry is reproducible), and after `ATTEMPTS` tries raises
PCG_GENERATION_FAILED with the reasons of the last try.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, TypeVar

from goldbox.game.rpg.tiles import Tile
from goldbox.pcg.errors import PcgError
from goldbox.pcg.grid import border_is_closed, flood, passable_mask, regions
from goldbox.pcg.seeds import attempt_seed

if TYPE_CHECKING:
    from goldbox.pcg.model import GeneratedDungeon, GeneratedLevel
    from goldbox.pcg.terrain import GeneratedTerrain

T = TypeVar("T")

ATTEMPTS = 8


def retry(name: str, seed: int, build: Callable[[int, int], T], problems: Callable[[T], list[str]]) -> T:
    """`build(seed, attempt)` until `problems` finds none, at most ATTEMPTS times; then PCG_GENERATION_FAILED."""
    found: list[str] = []
    for attempt in range(ATTEMPTS):
        made = build(attempt_seed(seed, name, attempt), attempt + 1)
        found = problems(made)
        if not found:
            return made
    raise PcgError(
        "PCG_GENERATION_FAILED",
        f"could not generate a valid {name} for seed {seed} in {ATTEMPTS} tries: " + "; ".join(found[:5]),
        reasons=found,
    )


def terrain_problems(terrain: GeneratedTerrain) -> list[str]:
    """Why an open map is unplayable: an open border, or passable cells split into several regions."""
    level = terrain.level
    mask = passable_mask(level.cells)
    found: list[str] = []
    if not border_is_closed(mask, level.width, level.height):
        found.append("the map's border is open")
        return found
    parts = regions(mask, level.width)
    if not parts:
        found.append("the map has no passable cell")
    elif len(parts) > 1:
        found.append(f"the passable cells form {len(parts)} separate regions")
    return found


def level_problems(generated: GeneratedLevel) -> list[str]:
    """Why a dungeon level is unplayable; empty when it is fine."""
    level = generated.level
    width = level.width
    mask = passable_mask(level.cells)
    if not border_is_closed(mask, width, level.height):
        return ["the level's border is open"]
    found: list[str] = []
    if level.tile_at(generated.entrance) != Tile.STAIRS_UP:
        found.append(f"the entrance {generated.entrance} is not an up staircase")
    if generated.stairs_down and level.tile_at(generated.exit) != Tile.STAIRS_DOWN:
        found.append(f"the exit {generated.exit} is not a down staircase")
    x, y = generated.entrance
    reached = flood(mask, width, x + y * width)

    def unreachable(what: str, point: tuple[int, int]) -> None:
        px, py = point
        if not level.contains(point) or not reached[px + py * width]:
            found.append(f"{what} at {point} cannot be reached from the entrance")

    unreachable("the exit", generated.exit)
    for room in generated.rooms:
        unreachable(f"room {room.index} ({room.kind})", room.center)
    taken: set[tuple[int, int]] = set()
    for encounter in generated.encounters:
        for point in encounter.points:
            unreachable(f"a {encounter.monster}", point)
            if point in taken:
                found.append(f"two things stand on {point}")
            taken.add(point)
    for spot in generated.treasure:
        unreachable("treasure", spot.point)
        if spot.point in taken:
            found.append(f"two things stand on {spot.point}")
        taken.add(spot.point)
    for point in level.points(Tile.STAIRS_UP):
        unreachable("an up staircase", point)
    for point in level.points(Tile.STAIRS_DOWN):
        unreachable("a down staircase", point)
    return found


def dungeon_problems(dungeon: GeneratedDungeon) -> list[str]:
    """Why a dungeon is unplayable: a bad level, a stair link that does not land on stairs, falling difficulty."""
    found: list[str] = []
    for generated in dungeon.levels:
        found += [f"level {generated.depth}: {problem}" for problem in level_problems(generated)]
    for link in dungeon.links:
        upper = dungeon.levels[link.from_depth - 1].level
        lower = dungeon.levels[link.to_depth - 1].level
        if upper.tile_at(link.down) != Tile.STAIRS_DOWN or lower.tile_at(link.up) != Tile.STAIRS_UP:
            found.append(f"the stairs from level {link.from_depth} to {link.to_depth} do not meet")
    difficulties = [generated.difficulty for generated in dungeon.levels]
    if difficulties != sorted(difficulties):
        found.append("difficulty falls on the way down")
    return found
