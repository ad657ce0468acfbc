"""Turn-based combat: rounds, initiative, whose turn it is, movement points, guard, delay and flight.

A battle is a run of rounds. At the start of each round every creature in the fight rolls initiative
(d10 plus its DEX reaction adjustment; the hasted go before everyone else and the slowed after;
ties go to the higher DEX, then to a seeded roll) and they take turns in that order. On its turn a
creature may walk up to its
movement rate in squares and make one attack, cast one spell or use one item, which ends its turn.
Instead it may delay (act again after everyone else this round), guard (strike the first enemy that
steps next to it before its next turn) or flee (from the edge of the map, or from a square no enemy
can reach this round). A creature that cannot act (asleep, held, unconscious) loses its turn. At the end of
each creature's turn, lost or not, its effects tick: one round of its own time passes for them.

Stepping out of a square next to an enemy gives that enemy a free attack (an attack of opportunity),
at most once per round for each enemy.

The battle ends when one side has nobody left standing: dead, unconscious, fled or surrendered.
Then the party shares the experience of every monster slain and the gold they carried.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from goldbox.game.errors import RuleError
from goldbox.game.events import Event
from goldbox.game.rng import Rng
from goldbox.game.rpg import effects, movement, progression, sight, specials, stats
from goldbox.game.rpg.abilities import Ability
from goldbox.game.rpg.abilities_tables import dexterity_missile
from goldbox.game.rpg.allegiance import allegiance
from goldbox.game.rpg.attacks import resolve_attack
from goldbox.game.rpg.content import Content
from goldbox.game.rpg.creature import Creature, Side, Status
from goldbox.game.rpg.level import Point, adjacent, distance
from goldbox.game.rpg.scene import Scene

# Rounds in a row in which nobody could act (everyone asleep or held) before the battle is called off.
IDLE_ROUNDS_LIMIT = 50

# Statuses of creatures still in the battle: they take turns (or lose them while unconscious).
_IN_FIGHT = (Status.ACTIVE, Status.UNCONSCIOUS)


@dataclass(slots=True)
class Combat:
    """The state of one battle, all of it plain data so it can be saved and replayed.

    `order` is this round's initiative order (delayed creatures are appended again at its end) and
    `turn` the index in it of the creature whose turn it is. `movement_left` is what that creature may
    still walk this turn; `moved` whether it has walked (a creature that has moved cannot delay).
    `guarding` holds the creatures standing guard, `delayed` those that delayed this round, and
    `opportunity_used` those that made their attack of opportunity this round. `combatants` is every
    creature that took part, in the order they joined; `fled` the square each fugitive left from.
    """

    round: int = 0
    order: list[str] = field(default_factory=list)
    turn: int = 0
    movement_left: int = 0
    moved: bool = False
    combatants: list[str] = field(default_factory=list)
    guarding: list[str] = field(default_factory=list)
    delayed: list[str] = field(default_factory=list)
    opportunity_used: list[str] = field(default_factory=list)
    fled: dict[str, Point] = field(default_factory=dict)
    idle_rounds: int = 0

    @property
    def actor(self) -> str | None:
        """Whose turn it is (None before the first turn has begun)."""
        return self.order[self.turn] if 0 <= self.turn < len(self.order) else None


# ------------------------------------------------------------------------------------------- joining
def _on_map(creature: Creature) -> bool:
    return creature.position is not None and creature.status in _IN_FIGHT


def monsters_in_sight(scene: Scene) -> list[str]:
    """The active monsters some active party member can see, by id: what starts (and joins) a battle."""
    seen: set[str] = set()
    for member in sorted(scene.creatures):
        creature = scene.creatures[member]
        if creature.side is Side.PARTY and creature.status is Status.ACTIVE and creature.position is not None:
            seen |= sight.visible_to(scene, member)
    return sorted(
        cid
        for cid in seen
        if scene.creatures[cid].side is Side.MONSTERS and scene.creatures[cid].status is Status.ACTIVE
    )


def _join(combat: Combat, scene: Scene) -> list[str]:
    """Bring into the battle every party member on the map and every monster the party sees."""
    joining = [
        cid
        for cid in sorted(scene.creatures)
        if scene.creatures[cid].side is Side.PARTY and _on_map(scene.creatures[cid])
    ]
    joining += monsters_in_sight(scene)
    fresh = [cid for cid in joining if cid not in combat.combatants]
    combat.combatants.extend(fresh)
    return fresh


# ---------------------------------------------------------------------------------------- initiative
def initiative_order(scene: Scene, creature_ids: list[str], rng: Rng) -> tuple[list[str], dict[str, int]]:
    """This round's order and each creature's initiative score (d10 + DEX reaction adjustment).

    Higher scores go first; every hasted creature goes before every other and every slowed one after.
    Ties go to the higher DEX, then to a seeded roll. Dice are rolled in id order, so the same seed
    always gives the same order.
    """
    keys: dict[str, tuple[int, int, int, float]] = {}
    scores: dict[str, int] = {}
    for cid in sorted(creature_ids):
        creature = scene.creatures[cid]
        dex = stats.ability(creature, Ability.DEX)
        score = rng.randint(1, 10) + dexterity_missile(dex)  # the reaction adjustment
        speed = effects.modifiers(creature.effects).speed
        band = 0 if speed > 1 else 2 if speed < 1 else 1
        keys[cid] = (band, -score, -dex, rng.random())
        scores[cid] = score
    return sorted(keys, key=lambda cid: keys[cid]), scores


def _new_round(combat: Combat, scene: Scene, rng: Rng) -> list[Event]:
    fresh = _join(combat, scene)
    events = [Event("combat.joined", {"creatures": fresh})] if fresh and combat.round else []
    fighting = [cid for cid in combat.combatants if _on_map(scene.creatures[cid])]
    combat.round += 1
    combat.order, scores = initiative_order(scene, fighting, rng)
    combat.turn = 0
    combat.delayed = []
    combat.opportunity_used = []
    events.append(
        Event(
            "round.started",
            {"round": combat.round, "order": list(combat.order), "initiative": scores},
        )
    )
    return events


def start_combat(scene: Scene, rng: Rng) -> tuple[Combat, list[Event]]:
    """Open a battle between the party and the monsters it sees, and roll the first round's initiative.

    No turn has begun yet: `begin_turn` starts the first one (it needs the content for movement rates).
    """
    combat = Combat()
    _join(combat, scene)
    round_events = _new_round(combat, scene, rng)
    started = Event("combat.started", {"order": list(combat.order), "combatants": list(combat.combatants)})
    return combat, [started, *round_events]


# ---------------------------------------------------------------------------------------------- turns
def side_standing(scene: Scene, combat: Combat, side: Side) -> bool:
    """Whether a side still has someone able to fight for it (asleep and held count: they will wake;
    a charmed creature fights for its charmer's side)."""
    return any(
        allegiance(scene, scene.creatures[cid]) is side
        and scene.creatures[cid].status is Status.ACTIVE
        and scene.creatures[cid].position is not None
        for cid in combat.combatants
    )


def winner(scene: Scene, combat: Combat) -> str | None:
    """ "party" or "monsters" once the other side is out of the fight, "none" when both are; else None."""
    party = side_standing(scene, combat, Side.PARTY)
    monsters = side_standing(scene, combat, Side.MONSTERS)
    if party and monsters:
        return None
    if party:
        return Side.PARTY.value
    if monsters:
        return Side.MONSTERS.value
    return "none"


def begin_turn(combat: Combat, scene: Scene, content: Content, rng: Rng) -> list[Event]:
    """Start the turn of the next creature able to act, from `combat.turn` on, rolling new rounds.

    A creature that cannot act (asleep, held, unconscious) loses its turn, and its effects tick at
    once. Stops early when the battle is decided.
    """
    events: list[Event] = []
    rounds_begun = 0
    while winner(scene, combat) is None:
        if combat.turn >= len(combat.order):
            rounds_begun += 1
            if rounds_begun > IDLE_ROUNDS_LIMIT:  # a whole string of rounds in which nobody could act
                combat.idle_rounds = IDLE_ROUNDS_LIMIT
                break
            events += _new_round(combat, scene, rng)
            continue
        cid = combat.order[combat.turn]
        creature = scene.creatures[cid]
        if not _on_map(creature):
            combat.turn += 1
            continue
        if cid in combat.guarding:
            combat.guarding.remove(cid)
        events.append(Event("turn.started", {"creature": cid, "round": combat.round}))
        if cid not in combat.delayed:  # a delayed creature's nature already worked at its first turn
            events += specials.start_of_turn_abilities(scene, cid, content)
        reason = _cannot_act(creature)
        if reason is None:
            combat.movement_left = max(0, stats.movement(creature, content))
            combat.moved = False
            return events
        events.append(Event("turn.ended", {"creature": cid, "lost": reason}))
        events += _tick(scene, cid, content, rng)
        combat.turn += 1
    return events


def _tick(scene: Scene, creature_id: str, content: Content, rng: Rng) -> list[Event]:
    """One round of the creature's own time passes for its effects (at the end of each of its turns)."""
    creature = scene.creatures[creature_id]
    if creature.status is Status.DEAD or creature.position is None:
        return []
    return effects.tick_effects(scene, creature_id, rng, content)


def _cannot_act(creature: Creature) -> str | None:
    if creature.status is not Status.ACTIVE or creature.position is None:
        return creature.status.value
    if effects.modifiers(creature.effects).helpless:
        return "helpless"
    return None


def end_turn(
    combat: Combat, scene: Scene, content: Content, rng: Rng, *, delayed: bool = False
) -> list[Event]:
    """End the current creature's turn (its effects tick, unless it only delayed) and begin the next."""
    actor = combat.actor
    events: list[Event] = []
    if actor is not None:
        events.append(Event("turn.ended", {"creature": actor}))
        if not delayed:
            events += _tick(scene, actor, content, rng)
    combat.turn += 1
    combat.movement_left = 0
    return events + begin_turn(combat, scene, content, rng)


def is_over(scene: Scene, combat: Combat) -> bool:
    return winner(scene, combat) is not None or combat.idle_rounds >= IDLE_ROUNDS_LIMIT


# ---------------------------------------------------------------------------------- attacks in passing
def _enemies(
    scene: Scene, combat: Combat, creature: Creature, next_to: Point | None = None
) -> list[Creature]:
    """The creatures of the other side in the battle who stand and can strike, in id order.

    With `next_to`, only those adjacent to that square: a walk asks at every step, and the cheap
    test of distance spares summing the effects of everyone further away.
    """
    found: list[Creature] = []
    for cid in sorted(combat.combatants):
        other = scene.creatures[cid]
        if other.side is creature.side or other.status is not Status.ACTIVE or other.position is None:
            continue
        if next_to is not None and not adjacent(other.position, next_to):
            continue
        if not effects.modifiers(other.effects).helpless:
            found.append(other)
    return found


def _free_attack(scene: Scene, attacker_id: str, target_id: str, content: Content, rng: Rng) -> list[Event]:
    """A free attack that happens only if the attacker's weapon reaches (else nothing happens)."""
    try:
        return resolve_attack(scene, attacker_id, target_id, content, rng)
    except RuleError:
        return []


def opportunity_attacks(
    combat: Combat, scene: Scene, mover_id: str, content: Content, rng: Rng
) -> list[Event]:
    """Every enemy next to `mover_id`, which is about to leave its square, strikes it once per round."""
    mover = scene.creatures[mover_id]
    events: list[Event] = []
    # Nobody moves while the blows fall, so only those next to the mover now can strike it.
    for enemy in _enemies(scene, combat, mover, next_to=mover.position):
        if mover.status is not Status.ACTIVE or mover.position is None:
            break
        if enemy.id in combat.opportunity_used or enemy.position is None:
            continue
        if not adjacent(enemy.position, mover.position):
            continue
        swing = _free_attack(scene, enemy.id, mover_id, content, rng)
        if swing:
            combat.opportunity_used.append(enemy.id)
            events.append(Event("attack.opportunity", {"attacker": enemy.id, "target": mover_id}))
            events += swing
    return events


def guard_strikes(combat: Combat, scene: Scene, mover_id: str, content: Content, rng: Rng) -> list[Event]:
    """Each guarding enemy that `mover_id` has just stepped next to strikes it, and stops guarding."""
    mover = scene.creatures[mover_id]
    events: list[Event] = []
    if not combat.guarding:
        return events
    for enemy in _enemies(scene, combat, mover, next_to=mover.position):
        if mover.status is not Status.ACTIVE or mover.position is None:
            break
        if enemy.id not in combat.guarding or enemy.position is None:
            continue
        if not adjacent(enemy.position, mover.position):
            continue
        swing = _free_attack(scene, enemy.id, mover_id, content, rng)
        if swing:
            combat.guarding.remove(enemy.id)
            events.append(Event("guard.struck", {"attacker": enemy.id, "target": mover_id}))
            events += swing
    return events


# -------------------------------------------------------------------------------------------- moving
def check_walk(combat: Combat, scene: Scene, actor_id: str, squares: list[Point]) -> None:
    """Refuse a walk along `squares` (each next to the one before) that the rules do not allow.

    Checked square by square from where the actor stands, changing nothing: enough movement left,
    and every step allowed by the map and the creatures on it.
    """
    if len(squares) > combat.movement_left:
        raise RuleError(
            "MOVE_TOO_FAR",
            f"That is {len(squares)} squares; you have {combat.movement_left} left this turn.",
            steps=len(squares),
            movement_left=combat.movement_left,
        )
    check_path(scene, actor_id, squares)


def check_path(scene: Scene, actor_id: str, squares: list[Point]) -> None:
    """Check every step of a walk as if the earlier ones were taken; the actor ends where it began."""
    creature = scene.creatures[actor_id]
    start = creature.position
    try:
        for square in squares:
            movement.check_step(scene, actor_id, square)
            creature.position = square
    finally:
        creature.position = start


def walk(
    combat: Combat, scene: Scene, actor_id: str, squares: list[Point], content: Content, rng: Rng
) -> list[Event]:
    """Walk a checked path in battle: attacks of opportunity before each step, guards after it.

    The walk stops short when the walker falls (to a free attack or a trap).
    """
    events: list[Event] = []
    creature = scene.creatures[actor_id]
    for square in squares:
        events += opportunity_attacks(combat, scene, actor_id, content, rng)
        if _cannot_act(creature) is not None:
            break
        events += movement.step(scene, actor_id, square, rng, content)
        combat.movement_left -= 1
        combat.moved = True
        if _cannot_act(creature) is not None:
            break
        events += guard_strikes(combat, scene, actor_id, content, rng)
        if _cannot_act(creature) is not None:
            break
    return events


# ------------------------------------------------------------------------------ delay, guard and flight
def delay(combat: Combat, actor_id: str) -> list[Event]:
    """Put the actor's turn back to after everyone else this round (once a round, before moving)."""
    if actor_id in combat.delayed:
        raise RuleError("DELAY_TWICE", "You have already delayed this round.")
    if combat.moved:
        raise RuleError("DELAY_AFTER_MOVING", "You can only delay before you move.")
    combat.delayed.append(actor_id)
    combat.order.append(actor_id)
    return [Event("turn.delayed", {"creature": actor_id})]


def guard(combat: Combat, actor_id: str) -> list[Event]:
    """Stand ready until the actor's next turn: the first enemy to step adjacent is struck."""
    if actor_id not in combat.guarding:
        combat.guarding.append(actor_id)
    return [Event("creature.guarding", {"creature": actor_id})]


def _on_edge(scene: Scene, point: Point) -> bool:
    x, y = point
    return x in (0, scene.level.width - 1) or y in (0, scene.level.height - 1)


def _reach(enemy: Creature, content: Content) -> int:
    """How far away an enemy can strike from within one turn: its movement, plus one to swing."""
    return stats.movement(enemy, content) + 1


def check_flee(combat: Combat, scene: Scene, actor_id: str, content: Content) -> None:
    """Flight is possible from the edge of the map, or from a square no enemy can reach this round."""
    creature = scene.creatures[actor_id]
    if creature.position is None:
        raise RuleError("CREATURE_NOT_ON_MAP", f"{creature.name} is not on this map.")
    if _on_edge(scene, creature.position):
        return
    for enemy in _enemies(scene, combat, creature):
        if enemy.position is not None and distance(enemy.position, creature.position) <= _reach(
            enemy, content
        ):
            raise RuleError(
                "FLEE_BLOCKED",
                f"{enemy.name} can still reach you: flee from the edge of the map or get out of reach first.",
                enemy=enemy.id,
            )


def flee(combat: Combat, scene: Scene, actor_id: str, content: Content, rng: Rng) -> list[Event]:
    """Leave the battle (checked by `check_flee`); enemies next to the fugitive strike as it goes."""
    events = opportunity_attacks(combat, scene, actor_id, content, rng)
    creature = scene.creatures[actor_id]
    if creature.status is not Status.ACTIVE or creature.position is None:
        return events
    combat.fled[actor_id] = creature.position
    events.append(Event("creature.fled", {"creature": actor_id, "from": list(creature.position)}))
    creature.status = Status.FLED
    creature.position = None
    combat.guarding = [cid for cid in combat.guarding if cid != actor_id]
    return events


# -------------------------------------------------------------------------------------- the spoils
def _regroup(combat: Combat, scene: Scene) -> list[Event]:
    """Party members who fled come back to the square they left (or the nearest free one)."""
    events: list[Event] = []
    for cid, point in sorted(combat.fled.items()):
        creature = scene.creatures[cid]
        if creature.side is not Side.PARTY or creature.status is not Status.FLED:
            continue
        spot = _free_square_near(scene, point)
        if spot is None:
            continue
        creature.status = Status.ACTIVE
        creature.position = spot
        events.append(Event("creature.returned", {"creature": cid, "to": list(spot)}))
    return events


def _free_square_near(scene: Scene, point: Point) -> Point | None:
    taken = movement.occupied(scene)
    level = scene.level
    for radius in range(max(level.width, level.height)):
        ring = sorted(
            (y, x)
            for x in range(point[0] - radius, point[0] + radius + 1)
            for y in range(point[1] - radius, point[1] + radius + 1)
            if max(abs(x - point[0]), abs(y - point[1])) == radius
        )
        for y, x in ring:
            if level.walkable((x, y)) and (x, y) not in taken:
                return (x, y)
    return None


def end_combat(combat: Combat, scene: Scene, content: Content, rng: Rng) -> list[Event]:
    """Close the battle. When the party won, its living members share the XP of every monster slain
    (MonsterDef.xp) and the gold those monsters carried; their gear already lies where they fell.
    Every combatant's special-ability uses are restored, as they are counted per encounter.
    """
    won_by = winner(scene, combat) or "none"
    slain = [
        scene.creatures[cid]
        for cid in combat.combatants
        if scene.creatures[cid].side is Side.MONSTERS
        and scene.creatures[cid].status is Status.DEAD
        and scene.creatures[cid].monster is not None
    ]
    events: list[Event] = []
    xp = gold = 0
    if won_by == Side.PARTY.value:
        xp = sum(content.monster(monster.monster).xp for monster in slain if monster.monster is not None)
        gold = sum(monster.gold for monster in slain)
        for monster in slain:
            monster.gold = 0
        living = sorted(
            cid
            for cid in combat.combatants
            if scene.creatures[cid].side is Side.PARTY
            and scene.creatures[cid].is_character
            and scene.creatures[cid].status in _IN_FIGHT
        )
        if living:
            for cid, xp_share, gold_share in zip(
                living,
                progression.even_shares(xp, len(living)),
                progression.even_shares(gold, len(living)),
                strict=True,
            ):
                creature = scene.creatures[cid]
                creature.gold += gold_share
                if gold_share:
                    events.append(
                        Event("gold.gained", {"creature": cid, "amount": gold_share, "gold": creature.gold})
                    )
                if xp_share:
                    events += progression.award_xp(creature, xp_share, content, rng)
    events += _regroup(combat, scene)
    for cid in combat.combatants:
        # Special abilities (a dragon's breath) are counted per encounter: a new battle starts afresh.
        scene.creatures[cid].ability_uses.clear()
    ended = Event(
        "combat.ended",
        {"winner": won_by, "xp": xp, "gold": gold, "rounds": combat.round, "slain": [m.id for m in slain]},
    )
    return [*events, ended]
