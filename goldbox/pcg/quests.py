"""Quests for a generated level: kill, collect, retrieve, discover, deliver and escort, in chains.

Every objective points at something that exists on the level it was made for, and that a party can
reach from the entrance:
- kill: a monster kind the level's encounters hold, no more of them than are placed;
- collect: items of one kind scattered by the quest on free floor in reachable rooms;
- retrieve: one magic item the quest places in a reachable room (a COLLECT of its base);
- discover: a REACH of a free floor point in a reachable room other than the entrance;
- deliver: a parcel the giver hands over (in `handed`), for an NPC the quest places on the level;
- escort: an NPC the quest places on the level, to be brought alive to the up staircase.
What the quest places is returned beside it (`placements`, `npcs`), for the game to put on the map.
`quest_problems` checks all of this with the level validator's flood fill; the generator retries
on a derived seed (the shared `retry`) if a quest ever fails it. Rewards grow with difficulty,
party level and place in the chain; each quest of a chain names the next in `next_quest`.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass
from string import capwords
from typing import Any

from goldbox.game.rng import Rng
from goldbox.game.rpg.items import ItemInstance
from goldbox.game.rpg.level import Point
from goldbox.game.rpg.quests import Objective, ObjectiveKind, Quest, Reward
from goldbox.game.rpg.tiles import Tile
from goldbox.pcg.content_params import (
    QUEST_KINDS,
    ItemParams,
    NpcParams,
    QuestKind,
    QuestParams,
    require_seed,
)
from goldbox.pcg.errors import PcgError
from goldbox.pcg.grid import flood, passable_mask
from goldbox.pcg.items import generate_items
from goldbox.pcg.model import GeneratedLevel, Room
from goldbox.pcg.npcs import Npc, draw_npc
from goldbox.pcg.seeds import sub_rng, sub_seed
from goldbox.pcg.story_tables import StoryContent
from goldbox.pcg.validation import retry

# Rooms a quest would rather send the party to: the far, guarded or hidden ones.
_FAR_ROOMS = ("boss", "treasure", "secret", "exit", "puzzle", "trap")
_RELIC_KINDS = ("weapon", "armour", "shield", "ring", "wand")
_PARCEL_KINDS = ("potion", "scroll", "gear", "ring")
_FREE_TILES = frozenset({Tile.FLOOR, Tile.RUBBLE})


@dataclass(frozen=True, slots=True)
class ItemPlacement:
    """An item a quest lays on the map: at `point`, in room `room`, on dungeon level `depth`."""

    item: ItemInstance
    point: Point
    room: int
    depth: int

    def to_dict(self) -> dict[str, Any]:
        return {"item": asdict(self.item), "point": list(self.point), "room": self.room, "depth": self.depth}


@dataclass(frozen=True, slots=True)
class NpcPlacement:
    """An NPC a quest puts on the map (someone to deliver to, or to escort)."""

    npc: Npc
    point: Point
    room: int
    depth: int

    def to_dict(self) -> dict[str, Any]:
        return {"npc": self.npc.to_dict(), "point": list(self.point), "room": self.room, "depth": self.depth}


@dataclass(frozen=True, slots=True)
class GeneratedQuest:
    """A quest, who gives it, and what it puts into the world for its objectives."""

    quest: Quest
    kind: QuestKind
    giver: Npc
    difficulty: int
    depth: int
    placements: tuple[ItemPlacement, ...] = ()
    npcs: tuple[NpcPlacement, ...] = ()
    handed: tuple[ItemInstance, ...] = ()  # what the giver hands the party when the quest starts

    def to_dict(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "difficulty": self.difficulty,
            "depth": self.depth,
            "quest": quest_to_dict(self.quest),
            "giver": self.giver.to_dict(),
            "placements": [placement.to_dict() for placement in self.placements],
            "npcs": [placement.to_dict() for placement in self.npcs],
            "handed": [asdict(item) for item in self.handed],
        }


def quest_to_dict(quest: Quest) -> dict[str, Any]:
    """A quest as JSON types, in a fixed order."""
    return {
        "id": quest.id,
        "title": quest.title,
        "description": quest.description,
        "giver": quest.giver,
        "next_quest": quest.next_quest,
        "status": quest.status,
        "objectives": [
            {
                "kind": objective.kind.value,
                "target": objective.target,
                "count": objective.count,
                "point": list(objective.point) if objective.point is not None else None,
                "level": objective.level,
                "to": objective.to,
                "progress": objective.progress,
            }
            for objective in quest.objectives
        ],
        "reward": {
            "xp": quest.reward.xp,
            "gold": quest.reward.gold,
            "items": [asdict(item) for item in quest.reward.items],
        },
    }


def generate_quests(
    seed: int, params: QuestParams, level: GeneratedLevel, story: StoryContent
) -> list[GeneratedQuest]:
    """A chain of `params.chain` quests on `level` (one when chain is 1), each completable on it.

    `params.kind` fixes the kind of every quest; otherwise each is drawn from the kinds the level
    allows (no kill quest on a level without monsters). Retried on derived seeds if validation fails.
    """
    chosen_seed = require_seed(seed)
    if params.kind == "kill" and not level.encounters:
        raise PcgError(
            "PCG_BAD_PARAMS",
            "this level has no monsters, so no kill quest can be set on it; choose another kind",
            param="kind",
        )
    return retry(
        "quest",
        chosen_seed,
        lambda attempt_seed, _attempt: _build_chain(attempt_seed, chosen_seed, params, level, story),
        lambda chain: chain_problems(chain, level),
    )


def generate_quest(
    seed: int, params: QuestParams, level: GeneratedLevel, story: StoryContent
) -> GeneratedQuest:
    """One quest (the first of the chain `params` describes)."""
    return generate_quests(seed, params, level, story)[0]


def check_completable(generated: GeneratedQuest, level: GeneratedLevel) -> bool:
    """True when every objective's target exists on `level` and can be reached from its entrance."""
    return not quest_problems(generated, level)


def quest_problems(generated: GeneratedQuest, level: GeneratedLevel) -> list[str]:
    """Why a quest cannot be completed on `level`; empty when it can."""
    found: list[str] = []
    reach = _Reach(level)
    quest = generated.quest
    if not quest.objectives:
        found.append(f"{quest.id} has no objective")
    for placement in generated.placements:
        found += reach.problems(f"the {placement.item.base} placed by {quest.id}", placement.point)
    for npc_placement in generated.npcs:
        found += reach.problems(f"{npc_placement.npc.name} ({npc_placement.npc.id})", npc_placement.point)
    points = [placement.point for placement in generated.placements] + [npc.point for npc in generated.npcs]
    if len(set(points)) != len(points):
        found.append(f"{quest.id} puts two things on one square")
    for objective in quest.objectives:
        if objective.level != level.depth:
            found.append(f"an objective of {quest.id} is on level {objective.level}, not {level.depth}")
        found += _objective_problems(objective, generated, level, reach)
    if quest.reward.xp < 0 or quest.reward.gold < 0:
        found.append(f"{quest.id} has a negative reward")
    return found


def chain_problems(chain: Sequence[GeneratedQuest], level: GeneratedLevel) -> list[str]:
    """Every quest's problems, plus a chain that does not run first to last through `next_quest`."""
    found: list[str] = []
    for generated in chain:
        found += quest_problems(generated, level)
    for current, following in zip(chain, [*chain[1:], None], strict=True):
        expected = following.quest.id if following is not None else None
        if current.quest.next_quest != expected:
            found.append(f"{current.quest.id} leads to {current.quest.next_quest}, not {expected}")
    taken = [point for generated in chain for point in _placed_points(generated)]
    if len(set(taken)) != len(taken):
        found.append("two quests of the chain put things on one square")
    return found


# ------------------------------------------------------------------------------------------ building
class _Reach:
    """Which squares of a level a party can reach from the entrance, and which are free to put things on."""

    def __init__(self, level: GeneratedLevel) -> None:
        self.level = level
        width = level.level.width
        x, y = level.entrance
        self.reached = flood(passable_mask(level.level.cells), width, x + y * width)
        occupied = {level.entrance, level.exit, *level.traps}
        occupied.update(point for encounter in level.encounters for point in encounter.points)
        occupied.update(spot.point for spot in level.treasure)
        occupied.update(door.point for door in level.doors)
        self.occupied = occupied

    def reachable(self, point: Point) -> bool:
        x, y = point
        return self.level.level.contains(point) and bool(self.reached[x + y * self.level.level.width])

    def problems(self, what: str, point: Point) -> list[str]:
        found: list[str] = []
        if not self.reachable(point):
            found.append(f"{what} at {point} cannot be reached from the entrance")
        elif self.level.level.tile_at(point) not in _FREE_TILES:
            found.append(f"{what} at {point} stands on {self.level.level.tile_at(point).name.lower()}")
        if point in self.occupied:
            found.append(f"{what} at {point} shares its square with the level's own things")
        return found

    def free_points(self, room: Room, taken: set[Point]) -> list[Point]:
        tile_at = self.level.level.tile_at
        return [
            (x, y)
            for y in range(room.y, room.y + room.height)
            for x in range(room.x, room.x + room.width)
            if (x, y) not in self.occupied
            and (x, y) not in taken
            and tile_at((x, y)) in _FREE_TILES
            and self.reachable((x, y))
        ]


def _objective_problems(
    objective: Objective, generated: GeneratedQuest, level: GeneratedLevel, reach: _Reach
) -> list[str]:
    quest_id = generated.quest.id
    kind = objective.kind
    if objective.count < 1:
        return [f"{quest_id}: a {kind.value} objective asks for {objective.count}"]
    if kind is ObjectiveKind.KILL:
        points = [point for e in level.encounters if e.monster == objective.target for point in e.points]
        if len(points) < objective.count:
            return [f"{quest_id}: kill {objective.count} {objective.target}, but {len(points)} are placed"]
        return [
            f"{quest_id}: a {objective.target} at {p} cannot be reached"
            for p in points
            if not reach.reachable(p)
        ]
    if kind is ObjectiveKind.COLLECT:
        placed = sum(p.item.quantity for p in generated.placements if p.item.base == objective.target)
        if placed < objective.count:
            return [f"{quest_id}: collect {objective.count} {objective.target}, but {placed} are placed"]
        return []
    if kind is ObjectiveKind.REACH:
        if objective.point is None:
            return [f"{quest_id}: a reach objective without a point"]
        found = reach.problems(f"{quest_id}'s destination", objective.point)
        if not any(room.contains(objective.point) for room in level.rooms):
            found.append(f"{quest_id}'s destination {objective.point} is in no room")
        return found
    if kind is ObjectiveKind.DELIVER:
        found = []
        if not any(item.base == objective.target for item in generated.handed):
            found.append(f"{quest_id}: nothing of {objective.target} is handed over to deliver")
        if not any(placement.npc.id == objective.to for placement in generated.npcs):
            found.append(f"{quest_id}: {objective.to} is not on the level")
        return found
    if kind is ObjectiveKind.ESCORT:
        found = []
        if not any(placement.npc.id == objective.target for placement in generated.npcs):
            found.append(f"{quest_id}: {objective.target} is not on the level")
        if objective.point is None or not reach.reachable(objective.point):
            found.append(f"{quest_id}: the escort's destination {objective.point} cannot be reached")
        return found
    if kind is ObjectiveKind.TALK:
        if not any(placement.npc.id == objective.target for placement in generated.npcs) and (
            generated.giver.id != objective.target
        ):
            return [f"{quest_id}: {objective.target} is nobody the party can talk to"]
        return []
    return [f"{quest_id}: an objective of unknown kind {kind}"]  # pragma: no cover - every kind is handled


def _placed_points(generated: GeneratedQuest) -> list[Point]:
    return [placement.point for placement in generated.placements] + [npc.point for npc in generated.npcs]


@dataclass(slots=True)
class _Context:
    """What building one chain shares: the level, the content, the squares already used."""

    level: GeneratedLevel
    story: StoryContent
    reach: _Reach
    taken: set[Point]
    difficulty: int
    seed: int
    giver: Npc


def _build_chain(
    attempt_seed: int, seed: int, params: QuestParams, level: GeneratedLevel, story: StoryContent
) -> list[GeneratedQuest]:
    rng = sub_rng(attempt_seed, "quests")
    difficulty = params.difficulty if params.difficulty is not None else level.difficulty
    giver_level = min(20, level.party_level + 2)
    giver = draw_npc(rng.fork("giver"), NpcParams(level=giver_level), story, f"npc-{seed}-giver")
    context = _Context(level, story, _Reach(level), set(), difficulty, seed, giver)
    ids = [f"quest-{seed}-{index + 1}" for index in range(params.chain)]
    chain: list[GeneratedQuest] = []
    for index, quest_id in enumerate(ids):
        kind = params.kind or _draw_kind(rng, context)
        following = ids[index + 1] if index + 1 < len(ids) else None
        chain.append(_build_quest(rng.fork("quest", index), context, kind, quest_id, following, index))
    return chain


def _draw_kind(rng: Rng, context: _Context) -> QuestKind:
    kinds: list[QuestKind] = [kind for kind in QUEST_KINDS if kind != "kill" or context.level.encounters]
    return rng.choice(kinds)


def _build_quest(
    rng: Rng, context: _Context, kind: QuestKind, quest_id: str, following: str | None, index: int
) -> GeneratedQuest:
    builders = {
        "kill": _kill,
        "collect": _collect,
        "retrieve": _retrieve,
        "discover": _discover,
        "deliver": _deliver,
        "escort": _escort,
    }
    objective, placements, npcs, handed, blanks = builders[kind](rng, context, quest_id)
    texts = context.story.quests.kinds[kind]
    blanks = {"giver": context.giver.name, "depth": str(context.level.depth), **blanks}
    quest = Quest(
        id=quest_id,
        title=rng.choice(texts.titles).format_map(_Blanks(_words(blanks, capwords))),
        description=rng.choice(texts.descriptions).format_map(_Blanks(_words(blanks, str.lower))),
        objectives=[objective],
        reward=_reward(rng, context, kind, quest_id, index),
        giver=context.giver.id,
        next_quest=following,
    )
    return GeneratedQuest(
        quest=quest,
        kind=kind,
        giver=context.giver,
        difficulty=context.difficulty,
        depth=context.level.depth,
        placements=tuple(placements),
        npcs=tuple(npcs),
        handed=tuple(handed),
    )


_COMMON_NOUNS = ("item", "items", "monster", "monsters", "room")


def _words(blanks: dict[str, str], case: Callable[[str], str]) -> dict[str, str]:
    """Common nouns (items, monsters, rooms) in the case of a title or of running text; names as they are."""
    return {key: case(value) if key in _COMMON_NOUNS else value for key, value in blanks.items()}


class _Blanks(dict[str, str]):
    """Blanks for a text template; one a kind of quest does not fill is left as a plain word."""

    def __missing__(self, key: str) -> str:
        return key


_Parts = tuple[Objective, list[ItemPlacement], list[NpcPlacement], list[ItemInstance], dict[str, str]]


def _kill(rng: Rng, context: _Context, quest_id: str) -> _Parts:
    placed: dict[str, int] = {}
    for encounter in context.level.encounters:
        placed[encounter.monster] = placed.get(encounter.monster, 0) + encounter.count
    monsters = sorted(placed)
    # Harder quests go after the biggest group; easier ones after any.
    monster = max(monsters, key=lambda m: (placed[m], m)) if context.difficulty >= 7 else rng.choice(monsters)
    count = max(1, min(placed[monster], math.ceil(placed[monster] * (0.4 + 0.06 * context.difficulty))))
    name = context.story.monster_names.get(monster, monster.replace("_", " "))
    objective = Objective(ObjectiveKind.KILL, target=monster, count=count, level=context.level.depth)
    return objective, [], [], [], {"monster": name, "monsters": _plural(name), "count": str(count)}


def _collect(rng: Rng, context: _Context, quest_id: str) -> _Parts:
    bases = [base for base in context.story.quests.collect_items if base in context.story.items]
    base = rng.choice(bases)
    wanted = 2 + context.difficulty // 3
    placements: list[ItemPlacement] = []
    rooms = _rooms(context, far=False)
    for number in range(wanted):
        room, point = _spot(rng, context, rooms)
        item = ItemInstance(uid=f"{quest_id}-{base}-{number + 1}", base=base)
        placements.append(ItemPlacement(item, point, room.index, context.level.depth))
    objective = Objective(ObjectiveKind.COLLECT, target=base, count=wanted, level=context.level.depth)
    name = context.story.items[base].name
    return objective, placements, [], [], {"item": name, "items": _plural(name), "count": str(wanted)}


def _retrieve(rng: Rng, context: _Context, quest_id: str) -> _Parts:
    relic = _one_item(context, quest_id, "relic", _RELIC_KINDS)
    room, point = _spot(rng, context, _rooms(context, far=True))
    placement = ItemPlacement(relic, point, room.index, context.level.depth)
    objective = Objective(ObjectiveKind.COLLECT, target=relic.base, count=1, level=context.level.depth)
    return objective, [placement], [], [], {"item": context.story.items[relic.base].name, "count": "1"}


def _discover(rng: Rng, context: _Context, quest_id: str) -> _Parts:
    room, point = _spot(rng, context, _rooms(context, far=True))
    objective = Objective(
        ObjectiveKind.REACH, target=f"room-{room.index}", point=point, level=context.level.depth
    )
    return objective, [], [], [], {"room": room.kind, "count": "1"}


def _deliver(rng: Rng, context: _Context, quest_id: str) -> _Parts:
    parcel = _one_item(context, quest_id, "parcel", _PARCEL_KINDS)
    room, point = _spot(rng, context, _rooms(context, far=True))
    npc = draw_npc(
        rng.fork("recipient"), NpcParams(level=context.level.party_level), context.story, f"{quest_id}-npc"
    )
    objective = Objective(
        ObjectiveKind.DELIVER, target=parcel.base, count=1, level=context.level.depth, to=npc.id
    )
    placement = NpcPlacement(npc, point, room.index, context.level.depth)
    blanks = {"item": context.story.items[parcel.base].name, "npc": npc.name, "count": "1"}
    return objective, [], [placement], [parcel], blanks


def _escort(rng: Rng, context: _Context, quest_id: str) -> _Parts:
    room, point = _spot(rng, context, _rooms(context, far=True))
    npc = draw_npc(rng.fork("escorted"), NpcParams(level=1), context.story, f"{quest_id}-npc")
    objective = Objective(
        ObjectiveKind.ESCORT, target=npc.id, point=context.level.entrance, level=context.level.depth
    )
    return objective, [], [NpcPlacement(npc, point, room.index, context.level.depth)], [], {"npc": npc.name}


def _rooms(context: _Context, far: bool) -> list[Room]:
    """Rooms other than the entrance's (the far and hidden ones first when `far`), or every room."""
    rooms = [room for room in context.level.rooms if room.kind != "entrance"] or list(context.level.rooms)
    if far:
        preferred = [room for room in rooms if room.kind in _FAR_ROOMS]
        return preferred or rooms
    return rooms


def _spot(rng: Rng, context: _Context, rooms: list[Room]) -> tuple[Room, Point]:
    """A free, reachable floor square in one of `rooms` (or, failing that, in any room)."""
    for candidates in (rooms, list(context.level.rooms)):
        order = list(candidates)
        rng.shuffle(order)
        for room in order:
            free = context.reach.free_points(room, context.taken)
            if free:
                point = rng.choice(free)
                context.taken.add(point)
                return room, point
    raise PcgError(
        "PCG_GENERATION_FAILED", "no free, reachable floor is left on the level to place a quest's target"
    )


def _one_item(context: _Context, quest_id: str, role: str, kinds: tuple[str, ...]) -> ItemInstance:
    """One item of `kinds` at the rarity the difficulty calls for (the quest's relic, parcel or reward)."""
    rarity = context.story.quests.rewards.item_rarity[context.difficulty - 1]
    params = ItemParams.model_validate(
        {
            "count": 1,
            "level": min(20, max(1, context.level.party_level + context.level.depth - 1)),
            "min_rarity": rarity,
            "max_rarity": rarity,
            "kinds": kinds,
        }
    )
    seed = sub_seed(context.seed, "quest", quest_id, role)
    item = generate_items(seed, params, context.story.items, context.story.loot, context.story.scroll_spells)[
        0
    ]
    item.uid = f"{quest_id}-{role}"
    return item


def _reward(rng: Rng, context: _Context, kind: QuestKind, quest_id: str, index: int) -> Reward:
    table = context.story.quests.rewards
    scale = (
        context.difficulty
        * (1 + table.party_level_step * (context.level.party_level - 1))
        * table.kind_factor[kind]
        * (1 + table.chain_step * index)
    )
    items = []
    if rng.chance(table.item_chance):
        items.append(
            _one_item(context, quest_id, "reward", ("weapon", "armour", "shield", "ring", "potion", "wand"))
        )
    return Reward(
        xp=round(table.xp_per_difficulty * scale), gold=round(table.gold_per_difficulty * scale), items=items
    )


def _plural(name: str) -> str:
    """A rough English plural for a monster or item name ("Wolf" -> "Wolves", "Torch" -> "Torches")."""
    if name.endswith(("s", "x", "ch", "sh")):
        return name + "es"
    if name.endswith("f"):
        return name[:-1] + "ves"
    if name.endswith("y") and name[-2:-1] not in "aeiou":
        return name[:-1] + "ies"
    return name + "s"
