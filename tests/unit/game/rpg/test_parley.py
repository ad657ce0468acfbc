"""Talking to NPCs and handing them things: what completes "talk to" and "deliver" quests; and a
charmed monster counting for its charmer's side when the battle asks who is still standing."""

from __future__ import annotations

import json

import pytest

from goldbox.game.errors import RuleError
from goldbox.game.rng import Rng
from goldbox.game.rpg import combat as battle
from goldbox.game.rpg.abilities import Abilities
from goldbox.game.rpg.commands import Give, Talk
from goldbox.game.rpg.creature import Creature, Side
from goldbox.game.rpg.effects import ActiveEffect
from goldbox.game.rpg.items import ItemInstance
from goldbox.game.rpg.quests import Objective, ObjectiveKind, Quest, Reward
from goldbox.game.rpg.rules import Adventure, apply, snapshot
from goldbox.game.rpg.scene import Scene
from tests.unit.game.rpg.combat_world import CONTENT, beast, field, fighter


def npc(scene: Scene, creature_id: str, position: tuple[int, int], dialogue: list[str]) -> Creature:
    creature = Creature(
        creature_id, creature_id.title(), Side.NEUTRAL, Abilities(), hp=4, max_hp=4, position=position
    )
    creature.dialogue = dialogue
    scene.creatures[creature_id] = creature
    return creature


def village() -> Adventure:
    """A hero beside Old Mara (who waits for a letter and three arrows), Bram two squares away."""
    scene = field(8, 5)
    hero = fighter(scene, "hero", (1, 1))
    hero.inventory += [ItemInstance("letter-1", "rope"), ItemInstance("arrows-1", "arrow", quantity=5)]
    npc(scene, "mara", (2, 1), ["Welcome, traveller.", "Have you brought it?"])
    npc(scene, "bram", (3, 3), [])
    quests = [
        Quest("q-talk", "News", "Speak with Mara.", [Objective(ObjectiveKind.TALK, "mara")], Reward(xp=10)),
        Quest(
            "q-deliver",
            "Supplies",
            "Bring Mara three arrows.",
            [Objective(ObjectiveKind.DELIVER, "arrow", count=3, to="mara")],
            Reward(gold=7),
        ),
    ]
    return Adventure(scene, quests=quests, party=["hero"])


def test_talking_to_an_npc_answers_in_turn_and_completes_a_talk_quest() -> None:
    adventure = village()
    events = apply(adventure, Talk("hero", "mara"), CONTENT, Rng(1), Side.PARTY)
    assert events[0].type == "npc.talked"
    assert events[0].data == {"creature": "hero", "npc": "mara", "line": "Welcome, traveller."}
    assert adventure.quests[0].status == "completed"
    assert "quest.completed" in [event.type for event in events]
    lines = [apply(adventure, Talk("hero", "mara"), CONTENT, Rng(1))[0].data["line"] for _ in range(2)]
    assert lines == ["Have you brought it?", "Welcome, traveller."]


def test_giving_part_of_a_stack_moves_it_and_counts_for_a_delivery() -> None:
    adventure = village()
    events = apply(adventure, Give("hero", "arrows-1", "mara", quantity=3), CONTENT, Rng(1), Side.PARTY)
    delivered = events[0]
    assert delivered.type == "item.delivered"
    assert delivered.data["base"] == "arrow"
    assert delivered.data["to"] == "mara"
    assert delivered.data["quantity"] == 3
    hero, mara = adventure.scene.creature("hero"), adventure.scene.creature("mara")
    assert [(item.base, item.quantity) for item in hero.inventory if item.base == "arrow"] == [("arrow", 2)]
    assert [(item.base, item.quantity) for item in mara.inventory] == [("arrow", 3)]
    assert adventure.quests[1].status == "completed"
    assert hero.gold == 7


def test_a_worn_item_is_taken_off_before_it_is_given() -> None:
    adventure = village()
    events = apply(adventure, Give("hero", "hero-weapon", "mara"), CONTENT, Rng(1))
    assert [event.type for event in events][:2] == ["item.unequipped", "item.delivered"]
    assert "weapon" not in adventure.scene.creature("hero").equipped


@pytest.mark.parametrize(
    ("command", "code"),
    [
        (Talk("hero", "bram"), "TALK_TOO_FAR"),
        (Talk("hero", "nobody"), "CREATURE_NOT_FOUND"),
        (Talk("hero", "orc"), "TALK_NOT_AN_NPC"),
        (Give("hero", "letter-1", "bram"), "GIVE_TOO_FAR"),
        (Give("hero", "letter-1", "orc"), "GIVE_NOT_FRIENDLY"),
        (Give("hero", "no-such-item", "mara"), "GIVE_NOT_CARRIED"),
        (Give("hero", "arrows-1", "mara", quantity=6), "GIVE_BAD_QUANTITY"),
        (Give("hero", "arrows-1", "mara", quantity=0), "GIVE_BAD_QUANTITY"),
    ],
)
def test_refusals_have_codes_and_change_nothing(command: Talk | Give, code: str) -> None:
    adventure = village()
    orc = beast(adventure.scene, "orc", "orc", (0, 2))
    orc.effects.append(ActiveEffect("sleep", "sleep", remaining=50))  # asleep: no battle starts
    before = json.dumps(snapshot(adventure))
    with pytest.raises(RuleError) as refused:
        apply(adventure, command, CONTENT, Rng(1))
    assert refused.value.code == code
    assert json.dumps(snapshot(adventure)) == before


def test_an_npc_never_joins_a_battle_and_talk_waits_for_the_battle_to_end() -> None:
    adventure = village()
    beast(adventure.scene, "orc", "orc", (6, 1))
    combat, _ = battle.start_combat(adventure.scene, Rng(2))
    adventure.combat = combat
    assert "mara" not in combat.combatants
    assert "bram" not in combat.combatants
    combat.order = ["hero", *[cid for cid in combat.order if cid != "hero"]]
    combat.turn = 0
    with pytest.raises(RuleError) as refused:
        apply(adventure, Talk("hero", "mara"), CONTENT, Rng(1))
    assert refused.value.code == "NOT_IN_EXPLORATION"


def test_a_charmed_monster_fights_for_its_charmer_so_the_battle_is_won() -> None:
    scene = field(6, 6)
    fighter(scene, "hero", (1, 1))
    orc = beast(scene, "orc", "orc", (3, 1))
    combat, _ = battle.start_combat(scene, Rng(3))
    assert battle.winner(scene, combat) is None
    orc.effects.append(ActiveEffect("charm", "charm_person", remaining=20, caster="hero"))
    assert battle.winner(scene, combat) == Side.PARTY.value
