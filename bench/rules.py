"""How fast the RPG rules are, against the targets of the rules issue.

Times a full combat round of 4 characters (fighter, cleric, mage, thief) against 8 monsters (4 orcs,
4 goblins), the tactical AI choosing every command on both sides (target < 5 ms), and a radius query
of 10 squares (sight) among 10,000 objects in WORLD's spatial index (target < 0.1 ms).

The round is the battle's first, when all twelve are standing: each sample is a fresh copy of the
same battle on another seed, started (initiative rolled) outside the clock, then played through
`advance_ai` until the first decision of round 2 is asked for (so the clock also takes in the roll
for round 2's initiative and the start of its first turn). With the AI on both sides `advance_ai`
returns only when the battle is over, so the bench's chooser stops it there. The whole battle, to
its end, is timed too (no target: it is the figure this bench first printed as "the round"). The
query figure is the mean of a batch of queries at random centres, and each sample is one batch.
Medians of `--repeat` samples after one warm-up; the best sample is shown too.

    .venv/bin/python -m bench.rules [--repeat 200] [--json]

Exit status: 0 when every measurement ran (whether or not its target is met), 1 when one failed.
"""

from __future__ import annotations

import argparse
import contextlib
import copy
import json
import platform
import statistics
import sys
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass

from goldbox.content.loader import load_content
from goldbox.game.rng import Rng
from goldbox.game.rpg.ai import choose_action
from goldbox.game.rpg.commands import Command
from goldbox.game.rpg.content import Content
from goldbox.game.rpg.creature import Side
from goldbox.game.rpg.rules import Adventure, advance_ai, battle_if_seen
from goldbox.game.rpg.spatial import SpatialIndex, build_index
from goldbox.rpg_cli import build_battle

PARTY = ["fighter", "cleric", "mage", "thief"]
MONSTERS = [("orc", 4), ("goblin", 4)]
OBJECTS = 10_000
MAP_SIDE = 500
QUERY_RADIUS = 10
QUERIES_PER_SAMPLE = 200


@dataclass(frozen=True)
class Figure:
    """One measurement: the median and best time of a task, and its target."""

    name: str
    median_ms: float
    best_ms: float
    target_ms: float | None

    @property
    def met(self) -> bool:
        return self.target_ms is None or self.median_ms < self.target_ms


# ---------------------------------------------------------------------------------------- the round
def _ready_battles(count: int) -> list[Adventure]:
    """`count` battles with initiative rolled and the first turn begun, on seeds 0, 1, ..."""
    content = load_content()
    battles = []
    for seed in range(count):
        adventure = build_battle(seed, PARTY, MONSTERS, content)
        battle_if_seen(adventure, content, Rng(seed))
        if adventure.combat is None:
            raise RuntimeError(f"seed {seed}: the battle did not start")
        battles.append(adventure)
    return battles


class _RoundOver(Exception):
    """Raised by the bench's chooser at the first decision of round 2, to stop `advance_ai` there."""


def time_round(adventure: Adventure, seed: int, whole_battle: bool = False) -> float:
    """Seconds to play the first round of this battle (or all of it) with the AI on both sides."""
    content = load_content()
    rng = Rng(seed)

    def choose(current: Adventure, actor: str, known: Content, dice: Rng) -> tuple[Command, str]:
        combat = current.combat
        if not whole_battle and combat is not None and combat.round > 1:
            raise _RoundOver
        return choose_action(current, actor, known, dice)

    started = time.perf_counter()
    with contextlib.suppress(_RoundOver):
        while adventure.combat is not None and (whole_battle or adventure.combat.round == 1):
            advance_ai(adventure, content, rng, (Side.PARTY, Side.MONSTERS), choose)
    return time.perf_counter() - started


def measure_round(repeat: int) -> Figure:
    battles = _ready_battles(repeat + 1)
    samples = [time_round(copy.deepcopy(adventure), seed) for seed, adventure in enumerate(battles)][1:]
    return _figure("combat round, 4 characters v 8 monsters", samples, 5.0)


def measure_battle(repeat: int) -> Figure:
    battles = _ready_battles(repeat + 1)
    samples = [
        time_round(copy.deepcopy(adventure), seed, whole_battle=True)
        for seed, adventure in enumerate(battles)
    ][1:]
    return _figure("whole battle, 4 characters v 8 monsters", samples, None)


# ---------------------------------------------------------------------------------------- the query
def _index() -> SpatialIndex:
    rng = Rng(2024)
    points = {
        f"object-{number}": (rng.randint(0, MAP_SIDE - 1), rng.randint(0, MAP_SIDE - 1))
        for number in range(OBJECTS)
    }
    return build_index(points)


def time_queries(index: SpatialIndex, rng: Rng) -> float:
    """Mean seconds per radius query over a batch of random centres."""
    centres = [
        (rng.randint(0, MAP_SIDE - 1), rng.randint(0, MAP_SIDE - 1)) for _ in range(QUERIES_PER_SAMPLE)
    ]
    started = time.perf_counter()
    for centre in centres:
        index.in_radius(centre, QUERY_RADIUS)
    return (time.perf_counter() - started) / QUERIES_PER_SAMPLE


def measure_query(repeat: int) -> Figure:
    index = _index()
    rng = Rng(7)
    samples = [time_queries(index, rng) for _ in range(repeat + 1)][1:]
    return _figure(f"radius {QUERY_RADIUS} query, {OBJECTS:,} objects", samples, 0.1)


# ------------------------------------------------------------------------------------------- report
def _figure(name: str, samples: list[float], target_ms: float | None) -> Figure:
    return Figure(name, statistics.median(samples) * 1000, min(samples) * 1000, target_ms)


def row(figure: Figure) -> str:
    verdict = "met" if figure.met else "NOT met"
    target = "(no target)" if figure.target_ms is None else f"< {figure.target_ms:g} ms: {verdict}"
    return f"{figure.name:<42} {figure.median_ms:>9.3f} ms {figure.best_ms:>9.3f} ms    {target}"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=200, help="samples per measurement (default 200)")
    parser.add_argument("--json", action="store_true", help="also print the figures as one JSON line")
    args = parser.parse_args(argv)
    print(
        f"goldbox RPG rules: python {platform.python_version()}, median of {args.repeat} samples after "
        f"one warm-up\n\n{'what':<42} {'median':>12} {'best':>12}    target"
    )
    measurements: list[Callable[[int], Figure]] = [measure_round, measure_battle, measure_query]
    figures: list[Figure] = []
    try:
        for measure in measurements:
            figures.append(measure(args.repeat))
            print(row(figures[-1]), flush=True)
    except Exception as exc:
        print(f"\nbenchmark failed: {type(exc).__name__}: {exc}", file=sys.stderr)
        return 1
    if args.json:
        print(json.dumps([{**asdict(figure), "met": figure.met} for figure in figures]))
    return 0


if __name__ == "__main__":
    sys.exit(main())
