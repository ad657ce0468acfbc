"""Quest progress follows game events; completed quests pay out, escorts can fail."""

from __future__ import annotations

from typing import Any

from goldbox.content.loader import load_content
from goldbox.game.events import Event
from goldbox.game.rng import Rng
from goldbox.game.rpg.abilities import Abilities
from goldbox.game.rpg.creature import Creature, Side, Status
from goldbox.game.rpg.items import ItemInstance
from goldbox.game.rpg.level import Level
from goldbox.game.rpg.movement import move_creature
from goldbox.game.rpg.quest_progress import advance, grant_reward, held_by_party, party_ids
from goldbox.game.rpg.quests import Objective, ObjectiveKind, Quest, Reward
from goldbox.game.rpg.scene import Scene
from goldbox.game.rpg.tiles import Tile

CONTENT = load_content()


def character(cid: str, **kwargs: Any) -> Creature:
    fields: dict[str, Any] = {"hp": 8, "max_hp": 8, "class_id": "fighter", "position": (1, 1)}
    fields.update(kwargs)
    return Creature(id=cid, name=cid.title(), side=Side.PARTY, abilities=Abilities(), **fields)


def party_scene(*creatures: Creature) -> Scene:
    return Scene(level=Level.filled(10, 10, Tile.FLOOR), creatures={c.id: c for c in creatures})


def quest(*objectives: Objective, reward: Reward | None = None) -> Quest:
    return Quest("q1", "A quest", "Do things.", list(objectives), reward or Reward())


def types(events: list[Event]) -> list[str]:
    return [event.type for event in events]


def died(creature: str, monster: str | None) -> Event:
    return Event("creature.died", {"creature": creature, "monster": monster})


def test_kill_objective_counts_kills_of_its_kind() -> None:
    scene = party_scene(character("ann"))
    q = quest(Objective(ObjectiveKind.KILL, target="orc", count=2))
    assert types(advance([q], died("m1", "orc"), scene, CONTENT, Rng(0))) == ["quest.progress"]
    assert advance([q], died("m2", "goblin"), scene, CONTENT, Rng(0)) == []
    events = advance([q], died("m3", "orc"), scene, CONTENT, Rng(0))
    assert types(events)[:3] == ["quest.progress", "quest.objective_done", "quest.completed"]
    assert q.status == "completed"
    assert q.objectives[0].progress == 2
    assert advance([q], died("m4", "orc"), scene, CONTENT, Rng(0)) == []  # a finished quest moves no more
    assert q.objectives[0].progress == 2


def test_collect_counts_what_the_party_holds() -> None:
    ann = character("ann")
    bob = character("bob")
    scene = party_scene(ann, bob)
    q = quest(
        Objective(ObjectiveKind.COLLECT, target="herb", count=3), Objective(ObjectiveKind.TALK, target="sage")
    )
    ann.inventory.append(ItemInstance("i1", "herb", quantity=2))
    advance(
        [q],
        Event("item.picked_up", {"creature": "ann", "item": "herb", "quantity": 2}),
        scene,
        CONTENT,
        Rng(0),
    )
    assert q.objectives[0].progress == 2
    # a repeated event does not count twice: the party still holds two
    advance(
        [q],
        Event("item.picked_up", {"creature": "ann", "item": "herb", "quantity": 2}),
        scene,
        CONTENT,
        Rng(0),
    )
    assert q.objectives[0].progress == 2
    bob.inventory.append(ItemInstance("i2", "herb"))
    events = advance(
        [q],
        Event("item.picked_up", {"creature": "bob", "item": "herb", "quantity": 1}),
        scene,
        CONTENT,
        Rng(0),
    )
    assert "quest.objective_done" in types(events)
    assert q.objectives[0].done
    ann.inventory.clear()
    advance(
        [q], Event("item.dropped", {"creature": "ann", "item": "herb", "quantity": 2}), scene, CONTENT, Rng(0)
    )
    assert q.objectives[0].progress == 1
    assert q.status == "active"
    assert held_by_party(scene, "herb") == 1


def test_reach_needs_a_party_member_on_the_point() -> None:
    orc = Creature("orc", "Orc", Side.MONSTERS, Abilities(), hp=5, max_hp=5, position=(4, 4))
    scene = party_scene(character("ann"), orc)
    q = quest(Objective(ObjectiveKind.REACH, point=(4, 4)))
    assert (
        advance([q], Event("creature.moved", {"creature": "orc", "to": [4, 4]}), scene, CONTENT, Rng(0)) == []
    )
    assert (
        advance([q], Event("creature.moved", {"creature": "ann", "to": [4, 3]}), scene, CONTENT, Rng(0)) == []
    )
    events = advance([q], Event("creature.moved", {"creature": "ann", "to": [4, 4]}), scene, CONTENT, Rng(0))
    assert "quest.completed" in types(events)


def test_talk_and_deliver() -> None:
    scene = party_scene(character("ann"))
    q = quest(
        Objective(ObjectiveKind.TALK, target="mayor"),
        Objective(ObjectiveKind.DELIVER, target="letter", to="priest"),
    )
    advance([q], Event("npc.talked", {"npc": "smith"}), scene, CONTENT, Rng(0))
    assert not q.objectives[0].done
    advance([q], Event("npc.talked", {"npc": "mayor"}), scene, CONTENT, Rng(0))
    assert q.objectives[0].done
    advance([q], Event("item.delivered", {"item": "letter", "to": "mayor"}), scene, CONTENT, Rng(0))
    assert not q.objectives[1].done
    events = advance([q], Event("item.delivered", {"item": "letter", "to": "priest"}), scene, CONTENT, Rng(0))
    assert q.status == "completed"
    assert types(events)[:3] == ["quest.progress", "quest.objective_done", "quest.completed"]


def test_deliver_reads_the_base_when_the_event_names_the_instance() -> None:
    scene = party_scene(character("ann"))
    q = quest(Objective(ObjectiveKind.DELIVER, target="letter", to="priest", count=2))
    advance(
        [q],
        Event("item.delivered", {"item": "u-7", "base": "letter", "to": "priest", "quantity": 2}),
        scene,
        CONTENT,
        Rng(0),
    )
    assert q.status == "completed"


def test_movement_events_drive_a_reach_objective() -> None:
    scene = party_scene(character("ann", position=(3, 4)))
    q = quest(Objective(ObjectiveKind.REACH, point=(4, 4)))
    events = move_creature(scene, "ann", "e", Rng(1))
    progress = [e for event in events for e in advance([q], event, scene, CONTENT, Rng(0))]
    assert "quest.completed" in types(progress)


def test_escort_arrives_or_dies() -> None:
    merchant = Creature("npc-1", "Merchant", Side.PARTY, Abilities(), hp=4, max_hp=4, position=(1, 2))
    scene = party_scene(character("ann"), merchant)
    q = quest(Objective(ObjectiveKind.ESCORT, target="npc-1", point=(8, 8)))
    assert (
        advance([q], Event("creature.moved", {"creature": "ann", "to": [8, 8]}), scene, CONTENT, Rng(0)) == []
    )
    events = advance(
        [q], Event("creature.moved", {"creature": "npc-1", "to": [8, 8]}), scene, CONTENT, Rng(0)
    )
    assert q.status == "completed"
    assert "quest.completed" in types(events)

    lost = quest(Objective(ObjectiveKind.ESCORT, target="npc-1", point=(8, 8)))
    merchant.status = Status.DEAD
    events = advance([lost], died("npc-1", None), scene, CONTENT, Rng(0))
    assert types(events) == ["quest.failed"]
    assert events[0].data == {"quest": "q1", "reason": "npc-1 died"}
    assert lost.status == "failed"
    assert (
        advance([lost], Event("creature.moved", {"creature": "npc-1", "to": [8, 8]}), scene, CONTENT, Rng(0))
        == []
    )


def test_completion_pays_the_living_party() -> None:
    sword = ItemInstance("r1", "long_sword", bonus=1)
    ann, bob, cid = character("ann"), character("bob"), character("cid", status=Status.DEAD)
    merchant = Creature("npc-1", "Merchant", Side.PARTY, Abilities(), hp=4, max_hp=4)
    scene = party_scene(cid, bob, ann, merchant)
    q = quest(Objective(ObjectiveKind.TALK, target="mayor"), reward=Reward(xp=101, gold=51, items=[sword]))
    events = advance([q], Event("npc.talked", {"npc": "mayor"}), scene, CONTENT, Rng(0))
    completed = next(e for e in events if e.type == "quest.completed")
    assert completed.data == {"quest": "q1", "reward": {"xp": 101, "gold": 51, "items": ["long_sword"]}}
    rewards = [e.data for e in events if e.type == "quest.reward"]
    assert rewards == [
        {"creature": "ann", "xp": 51, "gold": 26, "items": ["r1"]},
        {"creature": "bob", "xp": 50, "gold": 25, "items": []},
    ]
    assert (ann.xp, ann.gold, bob.xp, bob.gold, cid.xp, merchant.xp) == (51, 26, 50, 25, 0, 0)
    assert ann.inventory == [sword]
    assert ann.inventory[0] is not sword  # the quest's reward list is not shared with the inventory
    assert party_ids(scene) == ["ann", "bob", "cid"]


def test_grant_reward_with_nobody_alive_gives_nothing() -> None:
    scene = party_scene(character("ann", status=Status.DEAD))
    assert grant_reward(scene, ["ann", "ghost"], Reward(xp=10, gold=10), CONTENT, Rng(0)) == []
    assert scene.creatures["ann"].xp == 0


def test_grant_reward_splits_evenly() -> None:
    scene = party_scene(character("a"), character("b"), character("c"))
    grant_reward(scene, ["c", "b", "a", "a"], Reward(xp=90, gold=10), CONTENT, Rng(0))
    assert [scene.creatures[i].xp for i in "abc"] == [30, 30, 30]
    assert [scene.creatures[i].gold for i in "abc"] == [4, 3, 3]


def test_unrelated_events_and_finished_quests_are_ignored() -> None:
    scene = party_scene(character("ann"))
    done = quest(Objective(ObjectiveKind.TALK, target="mayor"))
    done.status = "failed"
    active = quest(Objective(ObjectiveKind.KILL, target="orc", count=5))
    assert advance([done, active], Event("attack.hit", {"attacker": "ann"}), scene, CONTENT, Rng(0)) == []
    assert advance([done], Event("npc.talked", {"npc": "mayor"}), scene, CONTENT, Rng(0)) == []
    assert done.objectives[0].progress == 0


def test_a_quest_without_objectives_never_completes_by_itself() -> None:
    scene = party_scene(character("ann"))
    empty = quest()
    assert advance([empty], Event("npc.talked", {"npc": "mayor"}), scene, CONTENT, Rng(0)) == []
    assert empty.status == "active"


def test_quest_xp_follows_the_xp_rules_with_level_ups_and_the_prime_requisite_bonus() -> None:
    strong = character("ann")
    strong.abilities = Abilities(str=16)
    plain = character("bob")
    scene = party_scene(strong, plain)
    events = grant_reward(scene, ["ann", "bob"], Reward(xp=4000), CONTENT, Rng(3))
    assert strong.xp == 2200  # 2000 and the 10% for STR 16
    assert plain.xp == 2000
    assert strong.level == 2
    assert plain.level == 2
    assert types(events) == ["quest.reward", "xp.gained", "level.up", "quest.reward", "xp.gained", "level.up"]
    assert strong.max_hp > 8
