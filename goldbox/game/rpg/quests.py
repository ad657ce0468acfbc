"""Quests: objectives a party completes by what happens in the game, and what they earn."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum

from goldbox.game.rpg.items import ItemInstance
from goldbox.game.rpg.level import Point


class ObjectiveKind(StrEnum):
    KILL = "kill"  # kill `count` creatures of monster kind `target`
    COLLECT = "collect"  # hold `count` items of base `target`
    REACH = "reach"  # a party member stands on `point` (on level `level`)
    DELIVER = "deliver"  # give the item `target` to the NPC `to`
    TALK = "talk"  # speak with the NPC `target`
    ESCORT = "escort"  # bring the NPC `target` alive to `point`


@dataclass(slots=True)
class Objective:
    kind: ObjectiveKind
    target: str = ""
    count: int = 1
    point: Point | None = None
    level: int = 0
    to: str | None = None
    progress: int = 0

    @property
    def done(self) -> bool:
        return self.progress >= self.count


@dataclass(slots=True)
class Reward:
    xp: int = 0
    gold: int = 0
    items: list[ItemInstance] = field(default_factory=list)


@dataclass(slots=True)
class Quest:
    """A quest: all its objectives done completes it; `next_quest` continues a chain."""

    id: str
    title: str
    description: str
    objectives: list[Objective]
    reward: Reward
    giver: str | None = None
    next_quest: str | None = None
    status: str = "active"  # active | completed | failed
