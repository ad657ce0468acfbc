"""One party's run through a generated dungeon: the whole state of an RPG game, and every change to it.

A `DungeonRun` is what the games table stores (`to_state` / `from_state`): the adventure, the game's
RNG, the dungeon's parameters and which character belongs to which player. Everything that changes it
(a character joining or leaving, a player's command, the monsters' turns, going down the stairs, the
dungeon cleared) happens here, without I/O, so that the service and `goldbox replay` share one code
path and a game's log replays to its stored state exactly.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from goldbox.content.loader import load_content
from goldbox.content.loot_tables import load_loot_tables
from goldbox.content.pcg_tables import load_encounter_table
from goldbox.content.story_tables import load_story_content
from goldbox.game.events import Event
from goldbox.game.rng import Rng, derive_seed
from goldbox.game.rpg import combat as battle
from goldbox.game.rpg import rules, sight
from goldbox.game.rpg.commands import Command, EndTurn
from goldbox.game.rpg.creature import Creature, Side, Status
from goldbox.game.rpg.quests import Quest
from goldbox.game.rpg.rules import Adventure
from goldbox.game.rpg.scene import Scene
from goldbox.game.rpg.state_codec import dump_adventure, dump_command, load_adventure, plain
from goldbox.game.rpg.tiles import Tile
from goldbox.pcg.content_params import QuestParams
from goldbox.pcg.dungeon import generate_dungeon
from goldbox.pcg.errors import PcgError
from goldbox.pcg.model import GeneratedDungeon, GeneratedLevel
from goldbox.pcg.params import DungeonParams
from goldbox.pcg.playable import free_squares_near, playable_scene
from goldbox.pcg.quests import GeneratedQuest, generate_quests

KIND = "rpg"
LEVEL_WIDTH, LEVEL_HEIGHT = 48, 32
QUESTS_PER_LEVEL = 2
COMPANION_TURNS_LIMIT = 1000  # turns played for others in one go: a battle always reaches a player by then


@dataclass(frozen=True, slots=True)
class DungeonPlan:
    """What `game.create` asked for; with the seed it regenerates every level the same way."""

    seed: int
    difficulty: int
    depth: int
    max_players: int


@dataclass(slots=True)
class Player:
    character_id: str
    account_id: str


@dataclass(slots=True)
class DungeonRun:
    plan: DungeonPlan
    adventure: Adventure
    rng: Rng
    current_depth: int = 1
    players: list[Player] = field(default_factory=list)
    finished: bool = False

    # ------------------------------------------------------------------------------ storing
    def to_state(self) -> dict[str, Any]:
        return {
            "adventure": dump_adventure(self.adventure),
            "rng": list(self.rng.state()),
            "dungeon": {
                "seed": self.plan.seed,
                "difficulty": self.plan.difficulty,
                "depth": self.plan.depth,
                "max_players": self.plan.max_players,
                "current_depth": self.current_depth,
            },
            "players": [{"character_id": p.character_id, "account_id": p.account_id} for p in self.players],
            "finished": self.finished,
        }

    @classmethod
    def from_state(cls, state: dict[str, Any]) -> DungeonRun:
        dungeon = state["dungeon"]
        plan = DungeonPlan(dungeon["seed"], dungeon["difficulty"], dungeon["depth"], dungeon["max_players"])
        seed, counter = state["rng"]
        return cls(
            plan=plan,
            adventure=load_adventure(state["adventure"]),
            rng=Rng(seed, counter),
            current_depth=dungeon["current_depth"],
            players=[Player(p["character_id"], p["account_id"]) for p in state["players"]],
            finished=bool(state.get("finished", False)),
        )

    def player(self, character_id: str) -> Player | None:
        return next((p for p in self.players if p.character_id == character_id), None)

    @property
    def level(self) -> GeneratedLevel:
        return dungeon_of(self.plan).levels[self.current_depth - 1]

    # ------------------------------------------------------------------------------ changes
    def join(self, creature: Creature, account_id: str) -> list[Event]:
        """Put a character beside the entrance of the current level, in the party."""
        scene = self.adventure.scene
        creature.side = Side.PARTY
        creature.position = free_squares_near(scene, self.level.entrance, 1)[0]
        scene.creatures[creature.id] = creature
        self.adventure.party.append(creature.id)
        self.players.append(Player(creature.id, account_id))
        sight.reveal(scene, [creature.id])
        events = [
            Event(
                "player.joined",
                {"character": creature.id, "account": account_id, "sheet": plain(creature)},
            )
        ]
        if self.adventure.combat is None:
            events += rules.battle_if_seen(self.adventure, load_content(), self.rng)
            events += self.advance()
        return events

    def leave(self, character_id: str) -> tuple[Creature, list[Event]]:
        """Take a character out of the game (its turn ends first if it is its turn); the game goes on."""
        content = load_content()
        events: list[Event] = []
        adventure = self.adventure
        combat = adventure.combat
        if not self.finished and combat is not None and combat.actor == character_id:
            events += rules.apply(adventure, EndTurn(character_id), content, self.rng)
            events += self.advance()
        _withdraw(adventure, character_id)
        creature = adventure.scene.creatures.pop(character_id)
        self.players = [p for p in self.players if p.character_id != character_id]
        events.append(Event("player.left", {"character": character_id}))
        if adventure.combat is not None and battle.is_over(adventure.scene, adventure.combat):
            closing = adventure.combat
            adventure.combat = None
            events += battle.end_combat(closing, adventure.scene, content, self.rng)
        if not self.finished:
            events += self.advance()
        return creature, events

    def act(self, command: Command, account_id: str) -> list[Event]:
        """One player's command, then the monsters' turns until a player's, then what follows from
        where the party stands (stairs down, the dungeon cleared, the party fallen).

        Raises RuleError and changes nothing when the rules refuse the command.
        """
        content = load_content()
        events = rules.apply(self.adventure, command, content, self.rng, side=Side.PARTY)
        record = Event("command", {**dump_command(command), "account": account_id})
        events = [record, *events]
        events += self.advance()
        return events + self._progress()

    def advance(self) -> list[Event]:
        """Play every turn no player gives orders for, until a player's turn or the battle's end:
        the monsters' through the tactical AI, and those of the party's companions (an escorted
        NPC), who stay out of the fight."""
        adventure, content = self.adventure, load_content()
        events: list[Event] = []
        for _ in range(COMPANION_TURNS_LIMIT):
            combat = adventure.combat
            if combat is None or combat.actor is None or combat.actor in adventure.party:
                break
            actor = combat.actor
            if adventure.scene.creatures[actor].side is Side.MONSTERS:
                events += rules.advance_monsters(adventure, content, self.rng)
                continue
            reason = "a companion stays out of the fight"
            events.append(Event("ai.decision", {"creature": actor, "action": "endturn", "reason": reason}))
            events += rules.apply(adventure, EndTurn(actor), content, self.rng)
        return events

    def _progress(self) -> list[Event]:
        adventure = self.adventure
        scene = adventure.scene
        members = [scene.creatures[cid] for cid in adventure.party if cid in scene.creatures]
        if members and all(member.status is not Status.ACTIVE for member in members):
            self.finished = True
            return [Event("party.defeated", {"depth": self.current_depth})]
        if adventure.combat is not None:
            return []
        standing = [m for m in members if m.status is Status.ACTIVE and m.position is not None]
        on_stairs = any(scene.level.tile_at(m.position) is Tile.STAIRS_DOWN for m in standing if m.position)
        if on_stairs and self.current_depth < self.plan.depth:
            return self._descend()
        if self.current_depth == self.plan.depth and self._boss_room_cleared(standing):
            self.finished = True
            return [Event("dungeon.cleared", {"depth": self.current_depth, "party": list(adventure.party)})]
        return []

    def _boss_room_cleared(self, standing: list[Creature]) -> bool:
        rooms = [room for room in self.level.rooms if room.kind == "boss"] or [
            room for room in self.level.rooms if room.contains(self.level.exit)
        ]
        scene = self.adventure.scene
        for room in rooms:
            inside = [m for m in standing if m.position is not None and room.contains(m.position)]
            foes = [
                c
                for c in scene.creatures.values()
                if c.side is Side.MONSTERS
                and c.status is Status.ACTIVE
                and c.position is not None
                and room.contains(c.position)
            ]
            if inside and not foes:
                return True
        return False

    def _descend(self) -> list[Event]:
        """The party goes down to the next level, stocked afresh; what stays behind is left there."""
        adventure = self.adventure
        old = adventure.scene
        self.current_depth += 1
        scene, quests = stocked_level(self.plan, self.current_depth)
        scene.uid_counter = max(scene.uid_counter, old.uid_counter)
        carried = {item.uid for cid in adventure.party for item in old.creatures[cid].inventory}
        for lying in scene.floor:
            if lying.item.uid in carried:
                lying.item = dataclasses.replace(lying.item, uid=scene.new_uid("item"))
        for cid in adventure.party:
            member = old.creatures[cid]
            if member.position is not None:
                member.position = free_squares_near(scene, self.level.entrance, 1)[0]
            scene.creatures[cid] = member
        adventure.scene = scene
        adventure.quests = [*adventure.quests, *quests]
        sight.reveal(scene, list(adventure.party))
        events = [Event("level.entered", {"depth": self.current_depth})]
        events += rules.battle_if_seen(adventure, load_content(), self.rng)
        return events + self.advance()


def _withdraw(adventure: Adventure, creature_id: str) -> None:
    """Strike a creature from the party and the battle's lists, keeping whose turn it is."""
    if creature_id in adventure.party:
        adventure.party.remove(creature_id)
    combat = adventure.combat
    if combat is None:
        return
    before = sum(1 for index, cid in enumerate(combat.order) if cid == creature_id and index < combat.turn)
    combat.order = [cid for cid in combat.order if cid != creature_id]
    combat.turn -= before
    for names in (combat.combatants, combat.guarding, combat.delayed, combat.opportunity_used):
        while creature_id in names:
            names.remove(creature_id)
    combat.fled.pop(creature_id, None)


# ---------------------------------------------------------------------------------------- making
@lru_cache(maxsize=64)
def dungeon_of(plan: DungeonPlan) -> GeneratedDungeon:
    """Every level of a plan's dungeon (the same for the same plan, so it is cached, not stored)."""
    params = DungeonParams(
        seed=plan.seed,
        depth=plan.depth,
        width=LEVEL_WIDTH,
        height=LEVEL_HEIGHT,
        difficulty=plan.difficulty,
        party_size=plan.max_players,
    )
    return generate_dungeon(params, load_encounter_table())


def level_quests(plan: DungeonPlan, generated: GeneratedLevel) -> list[GeneratedQuest]:
    """A chain of quests set on a level, or none when the level allows no chain."""
    try:
        return generate_quests(
            derive_seed(plan.seed, "quests", generated.depth),
            QuestParams(chain=QUESTS_PER_LEVEL),
            generated,
            load_story_content(),
        )
    except PcgError:
        return []


def stocked_level(plan: DungeonPlan, depth: int) -> tuple[Scene, list[Quest]]:
    """Level `depth` made playable: its monsters, treasure and quest people, and its quests."""
    generated = dungeon_of(plan).levels[depth - 1]
    chain = level_quests(plan, generated)
    scene = playable_scene(generated, load_content(), load_loot_tables(), chain)
    return scene, [made.quest for made in chain]


def new_run(plan: DungeonPlan) -> DungeonRun:
    """A fresh game: level 1 stocked, nobody in it yet."""
    scene, quests = stocked_level(plan, 1)
    return DungeonRun(plan, Adventure(scene, quests=quests), Rng(derive_seed(plan.seed, "play")))
