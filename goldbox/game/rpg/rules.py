"""The one entry point of the RPG rules: a command goes in, events come out, the adventure moves on.

`apply` checks that the actor exists, belongs to the caller's side and, in battle, that it is its turn,
then hands the command to the rule that owns it (movement, equipment, spells, attacks, combat). A
refused command raises `RuleError` before anything changes, so the adventure is exactly as it was.
A party that sees a monster outside battle is drawn into one. Every event is also shown to the
quests, whose objectives move only on what really happened.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from goldbox.game.errors import RuleError
from goldbox.game.events import Event
from goldbox.game.rng import Rng
from goldbox.game.rpg import combat as battle
from goldbox.game.rpg import (
    equipment,
    inventory,
    items_use,
    morale,
    movement,
    parley,
    quest_progress,
    scribing,
    specials,
    spells,
    thieving,
)
from goldbox.game.rpg.ai import choose_action
from goldbox.game.rpg.attacks import heal_creature, resolve_attack
from goldbox.game.rpg.combat import Combat
from goldbox.game.rpg.commands import (
    Attack,
    Cast,
    CloseDoor,
    Command,
    Delay,
    Drop,
    EndTurn,
    Equip,
    Flee,
    Give,
    Guard,
    Move,
    MoveTo,
    OpenDoor,
    PickUp,
    Rest,
    Scribe,
    Search,
    Talk,
    Unequip,
    Unlock,
    UseAbility,
    UseItem,
)
from goldbox.game.rpg.content import Content
from goldbox.game.rpg.creature import Creature, Side
from goldbox.game.rpg.effects import run_out_effects
from goldbox.game.rpg.level import DIRECTIONS, Point
from goldbox.game.rpg.quests import Quest
from goldbox.game.rpg.scene import Scene

# Commands a single creature may issue in one turn before the AI driver ends the turn for it.
AI_COMMANDS_PER_TURN = 8


@dataclass(slots=True)
class Adventure:
    """Everything the rules change: the scene, the battle if one is on, the quests and the party.

    `turn` counts the commands the adventure has accepted, so a saved game knows where it stands.
    """

    scene: Scene
    combat: Combat | None = None
    quests: list[Quest] = field(default_factory=list)
    party: list[str] = field(default_factory=list)
    turn: int = 0


# ---------------------------------------------------------------------------------------- the gate
def _actor(adventure: Adventure, command: Command, side: Side | None) -> Creature:
    creature = adventure.scene.creatures.get(command.actor)
    if creature is None:
        raise RuleError("CREATURE_NOT_FOUND", f"There is no creature {command.actor!r} here.")
    if side is not None and creature.side is not side:
        raise RuleError("ACTOR_NOT_YOURS", f"{creature.name} does not take orders from you.")
    combat = adventure.combat
    if combat is not None and combat.actor != command.actor:
        whose = adventure.scene.creatures[combat.actor].name if combat.actor else "nobody"
        raise RuleError("TURN_NOT_YOURS", f"It is {whose}'s turn, not {creature.name}'s.", turn=combat.actor)
    return creature


def apply(
    adventure: Adventure, command: Command, content: Content, rng: Rng, side: Side | None = None
) -> list[Event]:
    """Carry out one command and answer with what happened.

    `side` is the side of whoever gives the command (a player commands the party, the AI the monsters);
    None trusts the caller. Raises `RuleError` and changes nothing when the command is not allowed.
    """
    _actor(adventure, command, side)
    if adventure.combat is not None:
        events = _in_battle(adventure, adventure.combat, command, content, rng)
    else:
        events = _exploring(adventure, command, content, rng)
    adventure.turn += 1
    return events + _quest_news(adventure, events, content, rng)


def _quest_news(adventure: Adventure, events: list[Event], content: Content, rng: Rng) -> list[Event]:
    news: list[Event] = []
    for event in events:
        news += quest_progress.advance(adventure.quests, event, adventure.scene, content, rng)
    return news


# ------------------------------------------------------------------------------------- exploration
def _exploring(adventure: Adventure, command: Command, content: Content, rng: Rng) -> list[Event]:
    scene = adventure.scene
    if isinstance(command, Move | MoveTo):
        squares = _squares(scene, command, None)
        battle.check_path(scene, command.actor, squares)
        events: list[Event] = []
        for square in squares:
            events += movement.step(scene, command.actor, square, rng, content)
            if battle.monsters_in_sight(scene) or not scene.creatures[command.actor].can_act:
                break
        return events + battle_if_seen(adventure, content, rng)
    if isinstance(command, OpenDoor):
        return movement.open_door(scene, command.actor, command.direction) + battle_if_seen(
            adventure, content, rng
        )
    if isinstance(command, Rest):
        return _rest(scene, command, content, rng)
    if isinstance(command, Scribe):
        return scribing.scribe(scene, command.actor, command.item, content)
    if isinstance(command, Talk):
        return parley.talk(scene, command.actor, command.npc)
    if isinstance(command, Attack | Delay | Guard | Flee | EndTurn):
        raise RuleError("NOT_IN_COMBAT", "There is no battle on: that only makes sense in combat.")
    return _anytime(scene, command, content, rng)


def battle_if_seen(adventure: Adventure, content: Content, rng: Rng) -> list[Event]:
    """Start a battle when a party member sees an active monster."""
    if not battle.monsters_in_sight(adventure.scene):
        return []
    combat, events = battle.start_combat(adventure.scene, rng)
    adventure.combat = combat
    events += battle.begin_turn(combat, adventure.scene, content, rng)
    return events + _close_if_over(adventure, content, rng)


def _rest(scene: Scene, command: Rest, content: Content, rng: Rng) -> list[Event]:
    """A night's rest: memorise the chosen spells, let time pass, and heal one hit point per level.

    The night passes for the whole party: every effect on every party member runs out (in id order),
    tick by tick, so poison and damage over time still hurt on the way (and may knock out or kill) and
    a bless is gone by morning. Then the resting character heals, if it is still alive.
    """
    creature = scene.creatures[command.actor]
    if battle.monsters_in_sight(scene):
        raise RuleError("REST_ENEMIES_NEAR", "You cannot rest with enemies in sight.")
    if not creature.can_act:
        raise RuleError("CREATURE_CANNOT_ACT", f"{creature.name} is {creature.status.value} and cannot rest.")
    choices = dict(command.memorise)
    events = spells.memorise(creature, choices, content) if choices else []
    for member in sorted(member.id for member in scene.side(Side.PARTY)):
        events += run_out_effects(scene, member, rng, content)
    events.append(Event("creature.rested", {"creature": creature.id}))
    return events + heal_creature(scene, creature.id, creature.level)


def _anytime(scene: Scene, command: Command, content: Content, rng: Rng) -> list[Event]:
    """Commands that mean the same in and out of battle."""
    actor = command.actor
    if isinstance(command, Cast):
        return spells.cast_spell(scene, actor, command.spell, command.target, command.point, content, rng)
    if isinstance(command, UseAbility):
        return specials.use_ability(
            scene, actor, command.ability, command.target, command.point, content, rng
        )
    if isinstance(command, UseItem):
        return items_use.use_item(scene, actor, command.item, command.target, command.point, content, rng)
    if isinstance(command, Equip):
        return equipment.equip(scene.creatures[actor], command.item, content)
    if isinstance(command, Unequip):
        return equipment.unequip(scene.creatures[actor], command.slot, content)
    if isinstance(command, PickUp):
        return inventory.pick_up(scene, actor, command.item, content)
    if isinstance(command, Drop):
        return inventory.drop(scene, actor, command.item, content, command.quantity)
    if isinstance(command, Give):
        return parley.give(scene, actor, command.item, command.to, content, command.quantity)
    if isinstance(command, OpenDoor):
        return movement.open_door(scene, actor, command.direction)
    if isinstance(command, CloseDoor):
        return movement.close_door(scene, actor, command.direction)
    if isinstance(command, Unlock):
        return thieving.unlock(scene, actor, command.direction, content, rng)
    if isinstance(command, Search):
        return movement.search_for_secret_doors(scene, actor, rng)
    raise RuleError("COMMAND_UNKNOWN", f"{type(command).__name__} is not a command the rules know.")


def _squares(scene: Scene, command: Move | MoveTo, budget: int | None) -> list[Point]:
    """The squares a walk steps on: the given steps in turn, or the shortest open path to a square."""
    creature = scene.creatures[command.actor]
    if creature.position is None:
        raise RuleError("CREATURE_NOT_ON_MAP", f"{creature.name} is not on this map.")
    if isinstance(command, Move):
        if not command.steps:
            raise RuleError("MOVE_NO_STEPS", "Say which way to walk.")
        squares: list[Point] = []
        here = creature.position
        for direction in command.steps:
            offset = DIRECTIONS.get(direction)
            if offset is None:
                raise RuleError(
                    "MOVE_BAD_DIRECTION",
                    f"{direction!r} is not a direction; use one of {', '.join(DIRECTIONS)}.",
                    direction=direction,
                )
            here = (here[0] + offset[0], here[1] + offset[1])
            squares.append(here)
        return squares
    route = movement.path(
        scene.level, creature.position, command.to, movement.occupied(scene, command.actor), budget
    )
    if route is None:
        raise RuleError(
            "MOVE_NO_PATH",
            "There is no open way there"
            + (" within your movement this turn." if budget is not None else "."),
            to=list(command.to),
        )
    return route


# ------------------------------------------------------------------------------------------ battle
# Commands that spend the actor's action, and so end its turn.
_ACTIONS = (Attack, Cast, UseAbility, UseItem, Search, Unlock, Guard, Flee, EndTurn)


def _in_battle(
    adventure: Adventure, combat: Combat, command: Command, content: Content, rng: Rng
) -> list[Event]:
    scene = adventure.scene
    actor = command.actor
    events: list[Event]
    if isinstance(command, Move | MoveTo):
        squares = _squares(scene, command, combat.movement_left)
        battle.check_walk(combat, scene, actor, squares)
        events = battle.walk(combat, scene, actor, squares, content, rng)
    elif isinstance(command, Attack):
        events = resolve_attack(scene, actor, command.target, content, rng)
    elif isinstance(command, Delay):
        events = battle.delay(combat, actor)
    elif isinstance(command, Guard):
        events = battle.guard(combat, actor)
    elif isinstance(command, Flee):
        battle.check_flee(combat, scene, actor, content)
        events = battle.flee(combat, scene, actor, content, rng)
    elif isinstance(command, Rest):
        raise RuleError("REST_IN_COMBAT", "You cannot rest in the middle of a battle.")
    elif isinstance(command, Scribe):
        raise RuleError("NOT_IN_EXPLORATION", "There is no time to copy spells in the middle of a battle.")
    elif isinstance(command, Talk):
        raise RuleError("NOT_IN_EXPLORATION", "There is no time for talk in the middle of a battle.")
    elif isinstance(command, EndTurn):
        events = []
    else:
        events = _anytime(scene, command, content, rng)
    events += morale.morale_after(adventure, events, content, rng)
    turn_over = isinstance(command, (*_ACTIONS, Delay)) or not scene.creatures[actor].can_act
    if battle.is_over(scene, combat):
        return events + _close_if_over(adventure, content, rng)
    if turn_over:
        events += battle.end_turn(combat, scene, content, rng, delayed=isinstance(command, Delay))
    return events + _close_if_over(adventure, content, rng)


def _close_if_over(adventure: Adventure, content: Content, rng: Rng) -> list[Event]:
    combat = adventure.combat
    if combat is None or not battle.is_over(adventure.scene, combat):
        return []
    adventure.combat = None
    return battle.end_combat(combat, adventure.scene, content, rng)


# ------------------------------------------------------------------------------------------ the AI
Chooser = Callable[[Adventure, str, Content, Rng], tuple[Command, str]]


def advance_ai(
    adventure: Adventure, content: Content, rng: Rng, sides: tuple[Side, ...], choose: Chooser
) -> list[Event]:
    """Play the turns of every creature of `sides` until it is someone else's turn or the battle ends.

    Each AI command comes with an `ai.decision` event giving its reason. A command the rules refuse
    is reported (`ai.refused`) and the creature ends its turn instead, so a confused AI never stalls
    the battle.
    """
    events: list[Event] = []
    commands_this_turn = 0
    last_actor: str | None = None
    while adventure.combat is not None:
        actor = adventure.combat.actor
        if actor is None or adventure.scene.creatures[actor].side not in sides:
            break
        commands_this_turn = commands_this_turn + 1 if actor == last_actor else 1
        last_actor = actor
        if commands_this_turn > AI_COMMANDS_PER_TURN:
            command: Command = EndTurn(actor)
            reason = "no more to do this turn"
        else:
            command, reason = choose(adventure, actor, content, rng)
        events.append(
            Event("ai.decision", {"creature": actor, "action": _command_name(command), "reason": reason})
        )
        try:
            events += apply(adventure, command, content, rng)
        except RuleError as refused:
            events.append(Event("ai.refused", {"creature": actor, "code": refused.code}))
            events += apply(adventure, EndTurn(actor), content, rng)
    return events


def advance_monsters(adventure: Adventure, content: Content, rng: Rng) -> list[Event]:
    """Play the monsters' turns with the tactical AI until a party member's turn (or the battle's end)."""
    return advance_ai(adventure, content, rng, (Side.MONSTERS,), choose_action)


def _command_name(command: Command) -> str:
    return type(command).__name__.lower()


# ------------------------------------------------------------------------------------------ snapshot
def snapshot(adventure: Adventure) -> dict[str, Any]:
    """The whole adventure as JSON-ready data in a fixed order, to compare states byte for byte.

    It is the saved-game form of `goldbox.game.rpg.state_codec` (imported here, not at the top,
    because the codec reads `Adventure` from this module).
    """
    from goldbox.game.rpg.state_codec import dump_adventure

    return dump_adventure(adventure)
