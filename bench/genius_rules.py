"""What the rules and bots of each Genius game cost the match service, early, midway and late.

The service resolves a round and runs the built-in bots on its event loop, inside the round's
transaction, so a slow `resolve`, `view` or `choose` stalls every other match of the process. For
each of the five games this plays one game out with `play_out` (the service's own seeding), then
takes the states before rounds at 10%, 50% and 90% of its length and times, on each:

- `resolve`: that round with the actions the bots actually chose;
- `view`: the view of the first seat that acts in that round;
- `resolve + view`: both, the view being of the state `resolve` makes (what a match does next);
- `choose <strategy>`: each built-in bot choosing for that seat (its view and legal actions are
  made outside the clock);
- `round`: the whole round as `play_out` plays it: every seat's view, legal actions, choice and
  check, then `resolve`.

Consciousness Emergence keeps the mind (network, loops, assemblies) it derives from a state in a
small memo (the rules are right without it; it saves building the mind for every view and bot):
its rows are timed warm, the state's mind freshly in the memo before each sample (as in a match,
where the previous round's `resolve` left it there, and before any bot weighed a square on it),
and cold (memo emptied before each sample, as after a restart). Its targets are those of the speed
issue: `resolve` + `view` under 5 ms, the greedy bot's `choose` under 10 ms, a round of 8 greedy
bots under 80 ms, on a mid-to-late board. (Run on an older checkout without the memo, every row is
what it costs there: the warm row alone.)

The clock is the CPU time of this process (`time.process_time`): what one core spends, whatever
else the machine runs. Medians of `--repeat` samples after one warm-up; the best is shown too.

    .venv/bin/python -m bench.genius_rules [--repeat 20] [--game consciousness_emergence] [--json]

Exit status: 0 when every measurement ran (whether or not its target is met), 1 when one failed.
"""

from __future__ import annotations

import argparse
import gc
import itertools
import json
import platform
import statistics
import sys
import time
from collections.abc import Callable, Mapping
from dataclasses import asdict, dataclass, field
from typing import Any

from goldbox.game.genius.play import PlayedGame, bot_rng, play_out, round_rng
from goldbox.game.genius.protocol import Bot, GeniusGame, State
from goldbox.game.genius.registry import bot_named, game_named, strategies_for

SEED = 2026
STAGES = (("early", 0.1), ("middle", 0.5), ("late", 0.9))
CE = "consciousness_emergence"


@dataclass(frozen=True)
class Table:
    """How the bench plays a game out: the seats, the options and the bots in them (by default
    the game's strategies in turn, seat after seat)."""

    game: str
    seats: int
    options: Mapping[str, Any] = field(default_factory=dict)
    lineup: tuple[str, ...] = ()

    def bots(self) -> list[Bot]:
        if self.lineup:
            return [bot_named(self.game, strategy) for strategy in self.lineup]
        return list(itertools.islice(itertools.cycle(strategies_for(self.game)), self.seats))


TABLES = (
    Table("minority", 9, {"rounds": 60}),
    Table("prisoners_dilemma", 8, {"continuation": 0.999, "max_rounds": 60}),
    Table("byzantine_generals", 7),
    Table("liars_dice", 4),
    # Never reaching the level (it stays below 1): 40 rounds of 8 greedy bots fill ~250 squares.
    Table(CE, 8, {"target_level": 1, "max_rounds": 40}, ("greedy",) * 8),
)
TARGETS_MS = {(CE, "resolve + view"): 5.0, (CE, "choose greedy"): 10.0, (CE, "round"): 80.0}


@dataclass(frozen=True)
class Figure:
    """One measurement: a task's median and best time on one state, and its target if it has one."""

    game: str
    stage: str
    size: str
    what: str
    median_ms: float
    best_ms: float
    target_ms: float | None

    @property
    def met(self) -> bool:
        return self.target_ms is None or self.median_ms < self.target_ms


def _samples(task: Callable[[], object], repeat: int, before: Callable[[], None] | None) -> list[float]:
    """CPU seconds per call of `task`, one warm-up dropped. `before` (if any) runs outside the clock
    each time, then a full garbage collection, so that no sample pays for collecting what `before`
    made (the memo's minds are many objects: a collection of them takes milliseconds)."""
    samples = []
    for _ in range(repeat + 1):
        if before is not None:
            before()
            gc.collect()
        started = time.process_time()
        task()
        samples.append(time.process_time() - started)
    return samples[1:]


def _play_round(game: GeniusGame, bots: list[Bot], state: State, round_number: int) -> State:
    """One round as `play_out` plays it."""
    actions = {
        seat: game.check_action(
            state,
            seat,
            bots[seat].choose(
                game.view(state, seat), game.legal_actions(state, seat), bot_rng(SEED, seat, round_number)
            ),
        )
        for seat in game.awaiting(state)
    }
    return game.resolve(state, actions, round_rng(SEED, round_number))[0]


def _size(game: GeniusGame, state: State, index: int) -> str:
    """What says how far along the state is: the round, and the neurons on the board in CE."""
    neurons = f", {len(state['neurons'])} neurons" if game.name == CE else ""
    return f"round {index + 1}{neurons}"


def _tasks(
    game: GeniusGame, bots: list[Bot], played: PlayedGame, index: int
) -> dict[str, Callable[[], object]]:
    state, round_number = played.states[index], index + 1
    seat = game.awaiting(state)[0]
    view, legal = game.view(state, seat), game.legal_actions(state, seat)
    tasks: dict[str, Callable[[], object]] = {
        "resolve": lambda: game.resolve(state, played.actions[index], round_rng(SEED, round_number)),
        "view": lambda: game.view(state, seat),
        "resolve + view": lambda: game.view(
            game.resolve(state, played.actions[index], round_rng(SEED, round_number))[0], seat
        ),
    }
    for bot in strategies_for(game.name):
        tasks[f"choose {bot.strategy}"] = (
            lambda bot=bot: bot.choose(view, legal, bot_rng(SEED, seat, round_number))  # type: ignore[misc]
        )
    tasks["round"] = lambda: _play_round(game, bots, state, round_number)
    return tasks


def _memo_hooks(game: GeniusGame, state: State) -> dict[str, Callable[[], None] | None]:
    """What runs before each sample, by the label it gives the figures: for Consciousness
    Emergence (when its memo exists), warm (the state's mind freshly in the memo) and cold (the
    memo empty); for the other games, nothing."""
    try:
        from goldbox.game.genius.games import consciousness_memo
    except ImportError:
        return {"": None}
    if game.name != CE:
        return {"": None}

    def warm() -> None:
        consciousness_memo.forget_minds()
        consciousness_memo.mind_of(state["players"], state["neurons"])

    return {"": warm, " (cold)": consciousness_memo.forget_minds}


def measure_table(table: Table, repeat: int) -> list[Figure]:
    game, bots = game_named(table.game), table.bots()
    played = play_out(game, SEED, bots, table.options)
    rounds = len(played.actions)
    figures = []
    for stage, share in STAGES:
        index = min(rounds - 1, int(rounds * share))
        size = _size(game, played.states[index], index)
        hooks = _memo_hooks(game, played.states[index])
        for what, task in _tasks(game, bots, played, index).items():
            target = TARGETS_MS.get((game.name, what))
            for temperature, before in hooks.items():
                samples = _samples(task, repeat, before)
                figures.append(
                    Figure(
                        game.name,
                        stage,
                        size,
                        what + temperature,
                        statistics.median(samples) * 1000,
                        min(samples) * 1000,
                        None if temperature else target,
                    )
                )
                print(row(figures[-1]), flush=True)
    return figures


def row(figure: Figure) -> str:
    verdict = "met" if figure.met else "NOT met"
    target = "" if figure.target_ms is None else f"< {figure.target_ms:g} ms: {verdict}"
    where = f"{figure.stage} ({figure.size})"
    return (
        f"{figure.game:<24} {where:<30} {figure.what:<26} {figure.median_ms:>9.3f} ms "
        f"{figure.best_ms:>9.3f} ms   {target}"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.genius_rules", description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=20, help="samples per measurement (default 20)")
    parser.add_argument("--game", action="append", help="only this game (repeatable; default: all five)")
    parser.add_argument("--json", action="store_true", help="also print the figures as one JSON line")
    args = parser.parse_args(argv)
    tables = [table for table in TABLES if not args.game or table.game in args.game]
    print(
        f"goldbox Genius rules: python {platform.python_version()}, seed {SEED}, median of {args.repeat} "
        f"samples after one warm-up\n\n{'game':<24} {'state':<30} {'what':<26} {'median':>12} {'best':>12}"
    )
    figures: list[Figure] = []
    try:
        for table in tables:
            figures.extend(measure_table(table, args.repeat))
    except Exception as exc:
        print(f"\nbenchmark failed: {type(exc).__name__}: {exc}", file=sys.stderr)
        return 1
    if args.json:
        print(json.dumps([{**asdict(figure), "met": figure.met} for figure in figures]))
    return 0


if __name__ == "__main__":
    sys.exit(main())
