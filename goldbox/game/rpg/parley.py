"""Dealing with NPCs: talking to them and handing them things.

These are the actions that complete "talk to" and "deliver" quest objectives: the rules emit
`npc.talked` and `item.delivered`, and quest progress counts them (a client never says "I made
progress"). Both need the two creatures side by side, as in the Gold Box games' encounters.
"""

from __future__ import annotations

from goldbox.game.errors import RuleError
from goldbox.game.events import Event
from goldbox.game.rpg.content import Content
from goldbox.game.rpg.creature import Creature, Side
from goldbox.game.rpg.equipment import carried
from goldbox.game.rpg.inventory import add_item, take_from_pack
from goldbox.game.rpg.level import adjacent
from goldbox.game.rpg.scene import Scene


def _beside(scene: Scene, actor_id: str, other_id: str, code: str) -> tuple[Creature, Creature]:
    """The acting creature and the one it deals with, standing next to each other."""
    actor = scene.creatures.get(actor_id)
    other = scene.creatures.get(other_id)
    if actor is None or other is None:
        missing = actor_id if actor is None else other_id
        raise RuleError("CREATURE_NOT_FOUND", f"There is no creature {missing!r} here.")
    if not actor.can_act:
        raise RuleError("CREATURE_CANNOT_ACT", f"{actor.name} is {actor.status.value} and cannot do that.")
    if not other.can_act:
        raise RuleError(f"{code}_UNAVAILABLE", f"{other.name} is {other.status.value}.")
    if actor.position is None or other.position is None or not adjacent(actor.position, other.position):
        raise RuleError(f"{code}_TOO_FAR", f"Step next to {other.name} first.")
    return actor, other


def talk(scene: Scene, actor_id: str, npc_id: str) -> list[Event]:
    """Speak with an NPC: it answers with the next line of what it has to say."""
    actor, npc = _beside(scene, actor_id, npc_id, "TALK")
    if npc.side is not Side.NEUTRAL:
        raise RuleError("TALK_NOT_AN_NPC", f"{npc.name} is in no mood to talk.")
    line = npc.dialogue[npc.times_talked_to % len(npc.dialogue)] if npc.dialogue else None
    npc.times_talked_to += 1
    return [Event("npc.talked", {"creature": actor.id, "npc": npc.id, "line": line})]


def give(
    scene: Scene, actor_id: str, item_uid: str, to_id: str, content: Content, quantity: int | None = None
) -> list[Event]:
    """Hand an item (or part of a stack) to an NPC or a companion next to the actor."""
    actor, receiver = _beside(scene, actor_id, to_id, "GIVE")
    if receiver.side is not Side.NEUTRAL and receiver.side is not actor.side:
        raise RuleError("GIVE_NOT_FRIENDLY", f"{receiver.name} will not take anything from you.")
    item = carried(actor, item_uid)
    if item is None:
        raise RuleError("GIVE_NOT_CARRIED", f"{actor.name} is not carrying that item.", item=item_uid)
    count = item.quantity if quantity is None else quantity
    if not 1 <= count <= item.quantity:
        raise RuleError("GIVE_BAD_QUANTITY", f"Give between 1 and {item.quantity}, not {count}.")
    handed, events = take_from_pack(scene, actor, item, count)
    kept = add_item(receiver, handed, content)
    data = {"creature": actor.id, "item": kept.uid, "base": handed.base, "to": receiver.id, "quantity": count}
    return [*events, Event("item.delivered", data)]
