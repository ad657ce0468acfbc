"""Finding a way across a dungeon map, as the tests' scripted players do: pure functions over the
map's ASCII rows, so the same walker serves a test reading the stored state and one that sees only
the party's view under the fog of war ("?" for unexplored squares, which are never walked into)."""

from __future__ import annotations

from collections import deque

from goldbox.game.rpg.level import DIRECTIONS

Point = tuple[int, int]
WALKABLE = frozenset(".'<>,")  # floor, open door, stairs, rubble: no hazards
CLOSED_DOOR = "+"
UNEXPLORED = "?"


def step_towards(here: Point, there: Point) -> str:
    """The direction of the straight step from `here` towards `there` (not around walls)."""
    dx = (there[0] > here[0]) - (there[0] < here[0])
    dy = (there[1] > here[1]) - (there[1] < here[1])
    return direction_of(here, (here[0] + dx, here[1] + dy))


def direction_of(here: Point, step: Point) -> str:
    """The name of the direction from a square to the one next to it."""
    return next(
        name for name, offset in DIRECTIONS.items() if offset == (step[0] - here[0], step[1] - here[1])
    )


def route(rows: list[str], start: Point, goals: set[Point], blocked: set[Point]) -> list[Point] | None:
    """The shortest way through floor and closed doors (the walker opens them) to one of `goals`:
    the squares after `start`, in order, or None when no goal can be reached. Squares in `blocked`
    (creatures standing there) are gone round, unless they are the goal."""
    came: dict[Point, Point | None] = {start: None}
    queue = deque([start])
    while queue:
        here = queue.popleft()
        if here in goals:
            found = [here]
            while came[found[-1]] is not None:
                found.append(came[found[-1]])  # type: ignore[arg-type]
            return found[::-1][1:]
        for dx, dy in DIRECTIONS.values():
            step = (here[0] + dx, here[1] + dy)
            if step in came or not (0 <= step[1] < len(rows) and 0 <= step[0] < len(rows[0])):
                continue
            glyph = rows[step[1]][step[0]]
            door = glyph == CLOSED_DOOR
            if door and dx and dy:
                continue  # doors are opened and passed straight on
            if (glyph in WALKABLE or door) and (step not in blocked or step in goals):
                came[step] = here
                queue.append(step)
    return None


def frontier(rows: list[str]) -> set[Point]:
    """Explored squares one can walk to (closed doors too) next to unexplored ones: where the party
    learns something new."""
    found: set[Point] = set()
    for y, row in enumerate(rows):
        for x, glyph in enumerate(row):
            if glyph not in WALKABLE and glyph != CLOSED_DOOR:
                continue
            for dx, dy in DIRECTIONS.values():
                nx, ny = x + dx, y + dy
                if 0 <= ny < len(rows) and 0 <= nx < len(row) and rows[ny][nx] == UNEXPLORED:
                    found.add((x, y))
                    break
    return found
