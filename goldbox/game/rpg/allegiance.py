"""Who fights for whom: a creature's side, unless a charm has turned it."""

from __future__ import annotations

from goldbox.game.rpg.creature import Creature, Side
from goldbox.game.rpg.effects import modifiers
from goldbox.game.rpg.scene import Scene


def allegiance(scene: Scene, creature: Creature) -> Side:
    """The side a creature fights for: a charmed creature fights for whoever charmed it.

    The AI picks friends and foes by this, and a battle is over when no one fights for one side, so
    a charmed monster neither keeps its old side standing nor attacks its charmer's friends.
    """
    if not creature.effects:  # most creatures: no effects to sum (the AI asks this very often)
        return creature.side
    charmer = modifiers(creature.effects).charmed_by
    if charmer is not None and charmer in scene.creatures:
        return scene.creatures[charmer].side
    return creature.side
