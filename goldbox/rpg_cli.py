"""`goldbox simulate`: battles played by the tactical AI on both sides, for game designers.

    goldbox simulate --seed 7 --party fighter,cleric,mage,thief --monsters orc:4,goblin:6
    goldbox simulate --seed 7 --party fighter,fighter --monsters troll:1 --runs 1000

One run prints the battle's event log as JSON lines. Many runs print the party's win rate, the
average number of rounds and the damage dealt by each source (a class, a monster kind, a spell, or
lasting effects and hazards). The party is made of human characters of the standard array, with
their class's starting kit and, for casters, their first-level slots filled; the monsters stand in
ranks across an open arena, in sight. Run N uses the seed derived from (seed, "run", N), so the same
seed prints the same bytes.
"""

from __future__ import annotations

import json
import sys
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field

import click
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from goldbox.game.errors import RuleError
from goldbox.game.events import Event
from goldbox.game.rng import Rng, derive_seed
from goldbox.game.rpg import progression, spells
from goldbox.game.rpg.ai import choose_action
from goldbox.game.rpg.content import Content
from goldbox.game.rpg.creation import CreationMethod, create_character
from goldbox.game.rpg.creature import Creature, Side
from goldbox.game.rpg.level import Level
from goldbox.game.rpg.monsters import spawn_monster
from goldbox.game.rpg.rules import Adventure, advance_ai, battle_if_seen
from goldbox.game.rpg.scene import Scene

# The arena: open floor, the party in a column on the left, the monsters in ranks on the right,
# close enough that everyone is in sight (sight reaches 10 squares).
ARENA_WIDTH = 18
PARTY_COLUMN = 3
MONSTER_COLUMN = 10
RANK_DEPTH = 3

err = Console(stderr=True, soft_wrap=True)


# ------------------------------------------------------------------------------------- the battle
def _memorise_first_spells(creature: Creature, content: Content) -> None:
    """Fill every slot a new caster has with the spells it knows, in id order, round and round."""
    progression.learn_divine_spells(creature, content)
    choices: dict[int, tuple[str, ...]] = {}
    for level, count in sorted(progression.spell_slots(creature, content).items()):
        known = sorted(spell for spell in creature.spellbook if content.spell(spell).level == level)
        if known:
            choices[level] = tuple(known[number % len(known)] for number in range(count))
    if choices:
        spells.memorise(creature, choices, content)


def build_battle(seed: int, party: list[str], monsters: list[tuple[str, int]], content: Content) -> Adventure:
    """The arena with the party and the monsters in place, nobody having acted yet."""
    rng = Rng(derive_seed(seed, "setup"))
    ranks = sum(-(-count // RANK_DEPTH) for _, count in monsters)
    height = max(len(party), sum(min(count, RANK_DEPTH) for _, count in monsters), RANK_DEPTH) + 4
    width = max(ARENA_WIDTH, MONSTER_COLUMN + ranks + 3)
    scene = Scene(Level.from_rows(["." * width] * height))
    members: list[str] = []
    for number, class_id in enumerate(party, start=1):
        creature = create_character(
            content,
            rng,
            creature_id=f"{class_id}-{number}",
            name=class_id.replace("_", " ").title(),
            race_id="human",
            class_id=class_id,
            method=CreationMethod.STANDARD_ARRAY,
        )
        _memorise_first_spells(creature, content)
        creature.position = (PARTY_COLUMN, 2 + number - 1)
        scene.creatures[creature.id] = creature
        members.append(creature.id)
    column, row = MONSTER_COLUMN, 2
    for monster_id, count in monsters:
        for placed in range(count):
            if placed and placed % RANK_DEPTH == 0:
                column, row = column + 1, 2
            spawn_monster(scene, monster_id, (column, row), content, rng)
            row += 1
        column, row = column + 1, 2
    return Adventure(scene, party=members)


def play_battle(adventure: Adventure, content: Content, seed: int, rounds_limit: int) -> list[Event]:
    """Fight until one side is out or the round limit passes (then the battle is a draw)."""
    rng = Rng(derive_seed(seed, "battle"))
    events = battle_if_seen(adventure, content, rng)
    while adventure.combat is not None:
        if adventure.combat.round > rounds_limit:
            events.append(
                Event("simulation.stopped", {"round": adventure.combat.round, "limit": rounds_limit})
            )
            break
        events += advance_ai(adventure, content, rng, (Side.PARTY, Side.MONSTERS), choose_action)
    return events


# -------------------------------------------------------------------------------------- the report
@dataclass
class Tally:
    """What many battles add up to."""

    runs: int = 0
    party_wins: int = 0
    rounds: int = 0
    damage: Counter[str] = field(default_factory=Counter)


def damage_by_source(events: list[Event], kinds: dict[str, str]) -> Counter[str]:
    """Damage dealt by each source: the attacker's class or kind, the spell, or `effects and hazards`."""
    totals: Counter[str] = Counter()
    source = "effects and hazards"
    for event in events:
        if event.type == "attack.hit":
            source = kinds.get(event.data["attacker"], event.data["attacker"])
        elif event.type == "spell.cast":
            source = f"spell: {event.data['spell']}"
        elif event.type == "ability.used":
            source = f"{kinds.get(event.data['creature'], '?')}: {event.data['ability']}"
        elif event.type in ("turn.ended", "turn.started"):
            source = "effects and hazards"
        elif event.type == "creature.damaged":
            totals[source] += event.data["amount"]
    return totals


def _kinds(adventure: Adventure) -> dict[str, str]:
    return {
        creature.id: creature.class_id or creature.monster or creature.id
        for creature in adventure.scene.creatures.values()
    }


def _outcome(events: list[Event]) -> tuple[str, int]:
    for event in reversed(events):
        if event.type == "combat.ended":
            return str(event.data["winner"]), int(event.data["rounds"])
        if event.type == "simulation.stopped":
            return "none", int(event.data["round"]) - 1
    return "none", 0


def report(tally: Tally, console: Console) -> None:
    runs = max(tally.runs, 1)
    console.print(
        f"{tally.runs} battles: party won {tally.party_wins} ({tally.party_wins / runs:.1%}), "
        f"average {tally.rounds / runs:.2f} rounds",
        highlight=False,
    )
    table = Table("source", "damage", "per battle", "share")
    total = sum(tally.damage.values()) or 1
    for source, amount in sorted(tally.damage.items(), key=lambda pair: (-pair[1], pair[0])):
        table.add_row(source, str(amount), f"{amount / runs:.1f}", f"{amount / total:.1%}")
    console.print(table)


# ------------------------------------------------------------------------------------------ arguments
def _party(ctx: click.Context, param: click.Parameter, value: str) -> list[str]:
    del param
    content = _content(ctx)
    classes = [name.strip() for name in value.split(",") if name.strip()]
    if not classes:
        raise click.BadParameter("name at least one class, e.g. fighter,cleric,mage,thief")
    for class_id in classes:
        if class_id not in content.classes:
            raise click.BadParameter(
                f"unknown class {class_id!r}; choose from {', '.join(sorted(content.classes))}"
            )
    return classes


def _monsters(ctx: click.Context, param: click.Parameter, value: str) -> list[tuple[str, int]]:
    del param
    content = _content(ctx)
    groups: list[tuple[str, int]] = []
    for part in (piece.strip() for piece in value.split(",")):
        name, _, count_text = part.partition(":")
        if name not in content.monsters:
            raise click.BadParameter(
                f"unknown monster {name!r}; choose from {', '.join(sorted(content.monsters))}"
            )
        try:
            count = int(count_text) if count_text else 1
        except ValueError:
            raise click.BadParameter(f"{part!r}: write KIND:COUNT, e.g. orc:4") from None
        if not 1 <= count <= 50:
            raise click.BadParameter(f"{part!r}: the count must be 1 to 50")
        groups.append((name, count))
    return groups


def _content(ctx: click.Context) -> Content:
    from goldbox.content.loader import load_content

    ctx.ensure_object(dict)
    if "content" not in ctx.obj:
        ctx.obj["content"] = load_content()
    content: Content = ctx.obj["content"]
    return content


def _progress(runs: int) -> Iterator[int]:
    with Progress(
        TextColumn("battles"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=err,
        transient=True,
        disable=not err.is_terminal,
    ) as progress:
        task = progress.add_task("battles", total=runs)
        for run in range(runs):
            yield run
            progress.advance(task)


@click.command()
@click.option("--seed", type=int, required=True, help="The seed: the same seed prints the same bytes.")
@click.option(
    "--party", required=True, callback=_party, help="Classes, comma separated: fighter,cleric,mage,thief."
)
@click.option(
    "--monsters", required=True, callback=_monsters, help="KIND:COUNT, comma separated: orc:4,goblin:6."
)
@click.option(
    "--runs", type=click.IntRange(1, 100_000), default=1, show_default=True, help="Battles to play."
)
@click.option(
    "--rounds-limit",
    type=click.IntRange(1, 10_000),
    default=100,
    show_default=True,
    help="A battle still going after this many rounds is a draw.",
)
@click.pass_context
def simulate(
    ctx: click.Context,
    seed: int,
    party: list[str],
    monsters: list[tuple[str, int]],
    runs: int,
    rounds_limit: int,
) -> None:
    """Play battles with the tactical AI on both sides: one run prints its events as JSON lines, many
    runs print the party's win rate, the average rounds and the damage by source."""
    content = _content(ctx)
    try:
        if runs == 1:
            adventure = build_battle(seed, party, monsters, content)
            for event in play_battle(adventure, content, seed, rounds_limit):
                click.echo(json.dumps(event.to_json()))
            return
        tally = Tally()
        for run in _progress(runs):
            run_seed = derive_seed(seed, "run", run)
            adventure = build_battle(run_seed, party, monsters, content)
            events = play_battle(adventure, content, run_seed, rounds_limit)
            winner, rounds = _outcome(events)
            tally.runs += 1
            tally.party_wins += winner == Side.PARTY.value
            tally.rounds += rounds
            tally.damage.update(damage_by_source(events, _kinds(adventure)))
    except RuleError as refused:
        err.print(f"[red]✗[/] {refused.code}: {refused.message}", highlight=False)
        sys.exit(2)
    report(tally, Console(file=sys.stdout, soft_wrap=True, width=100))
