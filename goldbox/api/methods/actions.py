"""A player's actions in an RPG game: `action.*`, one rules command each.

Every action is one transaction: the game's state is read, the command goes through the rules for the
caller's character, the monsters take their turns until a player's comes, and the events and the new
state are written together before the reply. A command the rules refuse is GBX_RULE_VIOLATION (the
rule's code in error.data.details.rule) and changes nothing. The reply names the seqs the action
appended, so a client can later check that everything it was told happened is in the log.
"""

from __future__ import annotations

from collections.abc import Callable

from pydantic import Field

from goldbox.api import errors
from goldbox.api.call import Call
from goldbox.api.methods.auth import caller
from goldbox.api.methods.games import ChangeResult, change_result
from goldbox.api.models import Params
from goldbox.api.registry import Registry
from goldbox.auth.roles import Role
from goldbox.game.rpg import commands as rpg
from goldbox.game.rpg.commands import Command

methods = Registry()

ERRORS = (
    errors.NOT_FOUND,
    errors.NOT_IN_GAME,
    errors.NOT_YOUR_CHARACTER,
    errors.RULE_VIOLATION,
    errors.GAME_OVER,
    errors.CONFLICT,
)

Direction = Field(pattern="^(n|ne|e|se|s|sw|w|nw)$", description="One of n, ne, e, se, s, sw, w, nw.")


class ActionParams(Params):
    game_id: str = Field(min_length=1, max_length=36, description="The game.")
    character_id: str = Field(min_length=1, max_length=36, description="Your character in it, who acts.")


class MoveParams(ActionParams):
    steps: list[str] | None = Field(
        None, max_length=64, description="Steps to walk, each n, ne, e, se, s, sw, w or nw."
    )
    to: tuple[int, int] | None = Field(None, description="Or a square [x, y] to walk to by the shortest way.")


class TargetParams(ActionParams):
    target: str = Field(min_length=1, max_length=64, description="The creature's id (from game.state).")


class CastParams(ActionParams):
    spell: str = Field(min_length=1, max_length=64, description="A memorised spell's id.")
    target: str | None = Field(None, max_length=64, description="A creature, for spells cast at one.")
    point: tuple[int, int] | None = Field(None, description="A square [x, y], for area spells.")


class UseParams(ActionParams):
    item: str = Field(min_length=1, max_length=64, description="The carried item's uid.")
    target: str | None = Field(None, max_length=64, description="A creature, for a wand or scroll.")
    point: tuple[int, int] | None = Field(None, description="A square [x, y], for an area effect.")


class ItemParams(ActionParams):
    item: str = Field(min_length=1, max_length=64, description="The item's uid.")


class DropParams(ItemParams):
    quantity: int | None = Field(None, ge=1, description="How many of a stack; none: all of it.")


class SlotParams(ActionParams):
    slot: str = Field(
        min_length=1, max_length=32, description="The slot to empty: weapon, body, shield, ring..."
    )


class DirectionParams(ActionParams):
    direction: str = Direction


class RestParams(ActionParams):
    memorise: dict[int, list[str]] | None = Field(
        None, description="Spell level -> the spells to memorise in that level's slots."
    )


class TalkParams(ActionParams):
    npc: str = Field(min_length=1, max_length=64, description="The NPC standing next to you.")


class GiveParams(ActionParams):
    item: str = Field(min_length=1, max_length=64, description="The carried item's uid.")
    to: str = Field(min_length=1, max_length=64, description="The creature next to you to hand it to.")
    quantity: int | None = Field(None, ge=1, description="How many of a stack; none: all of it.")


class ActionResult(ChangeResult):
    first_seq: int = Field(
        description="The seq of the action's first event in the game's log, its `command`."
    )
    last_seq: int = Field(
        description="The seq of its last event: every seq from first_seq to here is this action's, "
        "including the events you may not see."
    )


async def _act(call: Call, params: ActionParams, command: Callable[[str], Command]) -> ActionResult:
    outcome = await call.services.adventures.act(caller(call), params.game_id, params.character_id, command)
    shown = change_result(call, outcome)
    return ActionResult(
        game=shown.game,
        events=shown.events,
        view=shown.view,
        first_seq=outcome.events[0].seq,
        last_seq=outcome.events[-1].seq,
    )


def _point(value: tuple[int, int] | None) -> tuple[int, int] | None:
    return None if value is None else (value[0], value[1])


@methods.method("action.move", role=Role.PLAYER, errors=ERRORS)
async def move(call: Call, params: MoveParams) -> ActionResult:
    """Walk step by step (`steps`) or to a square (`to`). A walk stops where a monster comes into view
    (a battle starts); in battle it is limited by the movement left this turn."""
    if params.to is not None:
        to = params.to
        return await _act(call, params, lambda actor: rpg.MoveTo(actor, (to[0], to[1])))
    steps = tuple(params.steps or ())
    return await _act(call, params, lambda actor: rpg.Move(actor, steps))


@methods.method("action.attack", role=Role.PLAYER, errors=ERRORS)
async def attack(call: Call, params: TargetParams) -> ActionResult:
    """Attack a creature: next to you in melee, or at range with a bow, crossbow or sling. Ends your turn."""
    return await _act(call, params, lambda actor: rpg.Attack(actor, params.target))


@methods.method("action.cast", role=Role.PLAYER, errors=ERRORS)
async def cast(call: Call, params: CastParams) -> ActionResult:
    """Cast a memorised spell at a creature, a square or yourself. In battle it ends your turn."""
    return await _act(
        call, params, lambda actor: rpg.Cast(actor, params.spell, params.target, _point(params.point))
    )


@methods.method("action.use", role=Role.PLAYER, errors=ERRORS)
async def use(call: Call, params: UseParams) -> ActionResult:
    """Drink a potion, read a scroll or point a wand."""
    return await _act(
        call, params, lambda actor: rpg.UseItem(actor, params.item, params.target, _point(params.point))
    )


@methods.method("action.equip", role=Role.PLAYER, errors=ERRORS)
async def equip(call: Call, params: ItemParams) -> ActionResult:
    """Wear or wield a carried item."""
    return await _act(call, params, lambda actor: rpg.Equip(actor, params.item))


@methods.method("action.unequip", role=Role.PLAYER, errors=ERRORS)
async def unequip(call: Call, params: SlotParams) -> ActionResult:
    """Take off what is in a slot."""
    return await _act(call, params, lambda actor: rpg.Unequip(actor, params.slot))


@methods.method("action.pickup", role=Role.PLAYER, errors=ERRORS)
async def pickup(call: Call, params: ItemParams) -> ActionResult:
    """Pick up an item lying on your square (coins go into the purse)."""
    return await _act(call, params, lambda actor: rpg.PickUp(actor, params.item))


@methods.method("action.drop", role=Role.PLAYER, errors=ERRORS)
async def drop(call: Call, params: DropParams) -> ActionResult:
    """Drop a carried item (or part of a stack) on your square."""
    return await _act(call, params, lambda actor: rpg.Drop(actor, params.item, params.quantity))


@methods.method("action.rest", role=Role.PLAYER, errors=ERRORS)
async def rest(call: Call, params: RestParams) -> ActionResult:
    """Rest with no enemy in sight: memorise spells, let effects run out, heal a little."""
    memorise = {level: tuple(spells) for level, spells in (params.memorise or {}).items()}
    return await _act(call, params, lambda actor: rpg.Rest(actor, memorise))


@methods.method("action.end_turn", role=Role.PLAYER, errors=ERRORS)
async def end_turn(call: Call, params: ActionParams) -> ActionResult:
    """End your turn in battle; the monsters act until a player's turn comes."""
    return await _act(call, params, lambda actor: rpg.EndTurn(actor))


@methods.method("action.open_door", role=Role.PLAYER, errors=ERRORS)
async def open_door(call: Call, params: DirectionParams) -> ActionResult:
    """Open the door next to you in a direction."""
    return await _act(call, params, lambda actor: rpg.OpenDoor(actor, params.direction))


@methods.method("action.close_door", role=Role.PLAYER, errors=ERRORS)
async def close_door(call: Call, params: DirectionParams) -> ActionResult:
    """Close the open door next to you in a direction."""
    return await _act(call, params, lambda actor: rpg.CloseDoor(actor, params.direction))


@methods.method("action.unlock", role=Role.PLAYER, errors=ERRORS)
async def unlock(call: Call, params: DirectionParams) -> ActionResult:
    """Unlock a locked door next to you with a key, or pick its lock (thieves)."""
    return await _act(call, params, lambda actor: rpg.Unlock(actor, params.direction))


@methods.method("action.search", role=Role.PLAYER, errors=ERRORS)
async def search(call: Call, params: ActionParams) -> ActionResult:
    """Search the squares around you for secret doors and traps."""
    return await _act(call, params, lambda actor: rpg.Search(actor))


@methods.method("action.talk", role=Role.PLAYER, errors=ERRORS)
async def talk(call: Call, params: TalkParams) -> ActionResult:
    """Speak with an NPC next to you."""
    return await _act(call, params, lambda actor: rpg.Talk(actor, params.npc))


@methods.method("action.give", role=Role.PLAYER, errors=ERRORS)
async def give(call: Call, params: GiveParams) -> ActionResult:
    """Hand a carried item to a creature next to you (an NPC waiting for it, or a companion)."""
    return await _act(call, params, lambda actor: rpg.Give(actor, params.item, params.to, params.quantity))


@methods.method("action.scribe", role=Role.PLAYER, errors=ERRORS)
async def scribe(call: Call, params: ItemParams) -> ActionResult:
    """A mage copies a carried arcane scroll into the spellbook (not in battle)."""
    return await _act(call, params, lambda actor: rpg.Scribe(actor, params.item))


@methods.method("action.delay", role=Role.PLAYER, errors=ERRORS)
async def delay(call: Call, params: ActionParams) -> ActionResult:
    """In battle, act again after everyone else this round."""
    return await _act(call, params, lambda actor: rpg.Delay(actor))


@methods.method("action.guard", role=Role.PLAYER, errors=ERRORS)
async def guard(call: Call, params: ActionParams) -> ActionResult:
    """In battle, stand ready to strike the first enemy that comes next to you."""
    return await _act(call, params, lambda actor: rpg.Guard(actor))


@methods.method("action.flee", role=Role.PLAYER, errors=ERRORS)
async def flee(call: Call, params: ActionParams) -> ActionResult:
    """Leave the battle, from the map's edge or a square no enemy reaches this round."""
    return await _act(call, params, lambda actor: rpg.Flee(actor))
