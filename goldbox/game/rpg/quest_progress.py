"""Quest progress, driven by what happens in the game rather than by a client claiming progress.

Every event the rules emit is passed to `advance`, which moves the objectives it concerns. These
are the event types (and the data fields) other rules modules emit and this module reads; they are
a contract, so renaming one breaks quests:

- `creature.died` {"creature": id, "monster": monster kind id or None}: a kill objective counts one
  when `monster` is its target; an escort objective fails its quest when `creature` is its target.
- `item.picked_up` {"creature", "item", "quantity"}, `item.dropped` (same fields) and any other
  `item.*` event: a collect objective recounts the items of its target base held by the whole party
  (every party-side creature's inventory), so a drop undoes a pick-up, nothing is counted twice, and
  whether "item" names the base or the instance's uid does not matter.
- `creature.moved` {"creature", "to": [x, y]}: a reach objective is done when a party member lands
  on its point; an escort objective when its target (an NPC creature id) does, alive.
- `npc.talked` {"npc": npc id}: a talk objective on that NPC is done.
- `item.delivered` {"item": base id (or uid, with the base id in "base"), "to": npc id, "quantity"
  (default 1)}: a deliver objective with that target and `to` counts the quantity.

`advance` answers with its own events: `quest.progress` {quest, objective, progress, count} when a
count moves, `quest.objective_done` {quest, objective, kind}, `quest.completed` {quest, reward} and
the `quest.reward` events of `grant_reward`, or `quest.failed` {quest, reason}.

Objectives carry a `level` number, but a scene holds one level: the caller passes each level's
events with that level's scene, and `reach` and `escort` points are read on it.
"""

from __future__ import annotations

import copy
from collections.abc import Iterable
from typing import Any

from goldbox.game.events import Event
from goldbox.game.rng import Rng
from goldbox.game.rpg.content import Content
from goldbox.game.rpg.creature import Side, Status
from goldbox.game.rpg.progression import award_xp, even_shares
from goldbox.game.rpg.quests import Objective, ObjectiveKind, Quest, Reward
from goldbox.game.rpg.scene import Scene

ACTIVE = "active"
COMPLETED = "completed"
FAILED = "failed"


def party_ids(scene: Scene) -> list[str]:
    """The party's characters (party-side creatures with a class; escorted NPCs are not), by id."""
    return sorted(c.id for c in scene.side(Side.PARTY) if c.is_character)


def held_by_party(scene: Scene, base: str) -> int:
    """How many items of base id `base` the party carries, stacks counted by quantity."""
    return sum(item.quantity for c in scene.side(Side.PARTY) for item in c.inventory if item.base == base)


def _point(value: Any) -> tuple[int, int] | None:
    if isinstance(value, list | tuple) and len(value) == 2:
        return (int(value[0]), int(value[1]))
    return None


def _new_progress(objective: Objective, event: Event, scene: Scene) -> int | None:
    """The objective's progress after `event`, or None when the event does not concern it."""
    kind, data = objective.kind, event.data
    if kind is ObjectiveKind.KILL:
        if event.type == "creature.died" and data.get("monster") == objective.target:
            return objective.progress + 1
    elif kind is ObjectiveKind.COLLECT:
        if event.type.startswith("item."):
            return held_by_party(scene, objective.target)
    elif kind is ObjectiveKind.REACH:
        if event.type == "creature.moved" and _point(data.get("to")) == objective.point:
            mover = scene.creatures.get(str(data.get("creature")))
            if mover is not None and mover.side is Side.PARTY:
                return objective.count
    elif kind is ObjectiveKind.TALK:
        if event.type == "npc.talked" and data.get("npc") == objective.target:
            return objective.count
    elif kind is ObjectiveKind.DELIVER:
        delivered = data.get("base", data.get("item"))
        if (
            event.type == "item.delivered"
            and delivered == objective.target
            and data.get("to") == objective.to
        ):
            return objective.progress + int(data.get("quantity", 1))
    elif (
        kind is ObjectiveKind.ESCORT
        and event.type == "creature.moved"
        and data.get("creature") == objective.target
        and _point(data.get("to")) == objective.point
    ):
        escorted = scene.creatures.get(objective.target)
        if escorted is not None and escorted.status is not Status.DEAD:
            return objective.count
    return None


def _fails(quest: Quest, event: Event) -> str | None:
    """Why `event` fails the quest, if it does: the NPC it must still escort has died."""
    if event.type != "creature.died":
        return None
    for objective in quest.objectives:
        if (
            objective.kind is ObjectiveKind.ESCORT
            and not objective.done
            and event.data.get("creature") == objective.target
        ):
            return f"{objective.target} died"
    return None


def advance(quests: list[Quest], event: Event, scene: Scene, content: Content, rng: Rng) -> list[Event]:
    """Move every active quest's objectives on by one game event; complete or fail quests as due.

    A completed quest's reward goes to the scene's party at once (see `grant_reward`, which needs the
    content and the rng for the level-ups its experience may bring).
    """
    events: list[Event] = []
    for quest in quests:
        if quest.status != ACTIVE:
            continue
        reason = _fails(quest, event)
        if reason is not None:
            quest.status = FAILED
            events.append(Event("quest.failed", {"quest": quest.id, "reason": reason}))
            continue
        for number, objective in enumerate(quest.objectives):
            progress = _new_progress(objective, event, scene)
            if progress is None:
                continue
            progress = max(0, min(progress, objective.count))
            if progress == objective.progress:
                continue
            was_done = objective.done
            objective.progress = progress
            events.append(
                Event(
                    "quest.progress",
                    {"quest": quest.id, "objective": number, "progress": progress, "count": objective.count},
                )
            )
            if objective.done and not was_done:
                events.append(
                    Event(
                        "quest.objective_done",
                        {"quest": quest.id, "objective": number, "kind": objective.kind.value},
                    )
                )
        if quest.objectives and all(objective.done for objective in quest.objectives):
            quest.status = COMPLETED
            events.append(Event("quest.completed", {"quest": quest.id, "reward": _reward_json(quest.reward)}))
            events += grant_reward(scene, party_ids(scene), quest.reward, content, rng)
    return events


def _reward_json(reward: Reward) -> dict[str, Any]:
    return {"xp": reward.xp, "gold": reward.gold, "items": [item.base for item in reward.items]}


def grant_reward(
    scene: Scene, party: Iterable[str], reward: Reward, content: Content, rng: Rng
) -> list[Event]:
    """Share a reward among the living members of `party`, taken in id order.

    XP and gold are split evenly, the remainder of each going to the first member; items go to the
    first member. With nobody alive, nothing is given. A character's share of XP goes through
    `progression.award_xp`, like battle XP, so the prime-requisite bonus and level-ups apply (its
    `xp.gained` and `level.up` events follow the member's `quest.reward`); a member without a class
    has no XP table and simply adds its share.
    """
    living = sorted(
        member
        for member in set(party)
        if member in scene.creatures and scene.creatures[member].status is not Status.DEAD
    )
    if not living:
        return []
    xp_shares = even_shares(reward.xp, len(living))
    gold_shares = even_shares(reward.gold, len(living))
    events: list[Event] = []
    for number, (member, xp, gold) in enumerate(zip(living, xp_shares, gold_shares, strict=True)):
        creature = scene.creatures[member]
        creature.gold += gold
        items = [copy.deepcopy(item) for item in reward.items] if number == 0 else []
        creature.inventory.extend(items)
        events.append(
            Event(
                "quest.reward",
                {"creature": member, "xp": xp, "gold": gold, "items": [item.uid for item in items]},
            )
        )
        if creature.is_character and xp > 0:
            events += award_xp(creature, xp, content, rng)
        else:
            creature.xp += xp
    return events
