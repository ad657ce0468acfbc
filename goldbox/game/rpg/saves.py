"""Saving throws: a d20 against the creature's target number, to halve or shrug off harm.

The target comes from the class (or, for monsters, the fighter) table with every bonus applied, see
`stats.saving_throw`. A roll of the d20 plus any situational bonus that meets or beats it saves. The
wisdom magic-defence adjustment counts against spells of the mind (enchantments, such as charm, sleep
and hold); against other spells, such as a fireball, it does not.
"""

from __future__ import annotations

from goldbox.game.events import Event
from goldbox.game.rng import Rng
from goldbox.game.rpg import stats
from goldbox.game.rpg.abilities import Ability
from goldbox.game.rpg.abilities_tables import wisdom_magic_defence
from goldbox.game.rpg.content import Content, SaveCategory
from goldbox.game.rpg.creature import Creature
from goldbox.game.rpg.effects import ActiveEffect, apply_effect, immune

# Spell schools whose saves the wisdom magic-defence adjustment applies to.
MIND_SCHOOLS = frozenset({"enchantment", "charm"})


def save_target(
    creature: Creature, category: SaveCategory, content: Content, school: str | None = None
) -> int:
    """The d20 roll that saves, 2 to 20. Given the `school` of a spell that is not of the mind, the
    wisdom adjustment `stats.saving_throw` counts against every spell is taken back out."""
    target = stats.saving_throw(creature, category, content)
    if category is SaveCategory.SPELL and school is not None and school not in MIND_SCHOOLS:
        target += wisdom_magic_defence(stats.ability(creature, Ability.WIS))
    return min(max(target, 2), 20)


def roll_save(
    creature: Creature,
    category: SaveCategory,
    content: Content,
    rng: Rng,
    bonus: int = 0,
    *,
    school: str | None = None,
) -> tuple[bool, list[Event]]:
    """Roll a d20 saving throw: saved when d20 + `bonus` >= the target. One `save.made` or
    `save.failed` event with the roll and the number it needed."""
    needed = save_target(creature, category, content, school) - bonus
    roll = rng.randint(1, 20)
    saved = roll >= needed
    data = {"creature": creature.id, "category": category.value, "roll": roll, "needed": needed}
    return saved, [Event("save.made" if saved else "save.failed", data)]


def lay_effect(
    creature: Creature,
    effect: ActiveEffect,
    content: Content,
    rng: Rng,
    save: SaveCategory | None = None,
    *,
    bonus: int = 0,
    school: str | None = None,
) -> list[Event]:
    """Lay an effect that a saving throw in `save` negates (a ghoul's paralysing bite, hold person).

    An immune creature needs no roll; otherwise a made save stops the effect (`effect.resisted`, reason
    save), and a failed one lays it through `effects.apply_effect`.
    """
    if save is None or immune(creature, effect.kind, content, effect.damage_type):
        return apply_effect(creature, effect, content, rng)
    saved, events = roll_save(creature, save, content, rng, bonus, school=school)
    if saved:
        events.append(
            Event(
                "effect.resisted",
                {"creature": creature.id, "kind": effect.kind, "source": effect.source, "reason": "save"},
            )
        )
        return events
    return events + apply_effect(creature, effect, content, rng)
