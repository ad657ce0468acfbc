"""How fast the procedural generators are, against the targets of the PCG issue.

Times one 64x64 dungeon level (target < 20 ms), a 10-level dungeon of 64x64 levels (target
< 200 ms) and, when the item generator is there, 1,000 items (target < 50 ms). Each figure is the
median of `--repeat` runs on consecutive seeds, after one warm-up run; the best run is shown too.

    .venv/bin/python -m bench.pcg [--repeat 20] [--json]

Exit status: 0 when every measurement ran (whether or not its target is met), 1 when one failed.
"""

from __future__ import annotations

import argparse
import json
import platform
import statistics
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass

from goldbox.content.pcg_tables import load_encounter_table
from goldbox.pcg.dungeon import generate_dungeon, generate_level
from goldbox.pcg.params import DungeonParams, LevelParams


@dataclass(frozen=True)
class Figure:
    """One measurement: the median and best time of a task, and its target."""

    name: str
    median_ms: float
    best_ms: float
    target_ms: float

    @property
    def met(self) -> bool:
        return self.median_ms < self.target_ms


def measure(name: str, target_ms: float, task: Callable[[int], object], repeat: int) -> Figure:
    task(0)
    times: list[float] = []
    for seed in range(1, repeat + 1):
        start = time.perf_counter()
        task(seed)
        times.append((time.perf_counter() - start) * 1000)
    return Figure(name, statistics.median(times), min(times), target_ms)


def item_task() -> tuple[Callable[[int], object] | None, str]:
    """A task making 1,000 items, or None and the reason it cannot run yet."""
    try:
        from goldbox.content.loader import load_content
        from goldbox.content.loot_tables import load_loot_tables
        from goldbox.pcg.content_params import ItemParams
        from goldbox.pcg.items import generate_items
    except ImportError as exc:
        return None, f"the item generator is not there ({exc})"
    templates = load_content().items
    tables = load_loot_tables()
    params = ItemParams(count=1000)

    def make(seed: int) -> object:
        return generate_items(seed, params, templates, tables)

    return make, ""


def row(figure: Figure) -> str:
    verdict = "met" if figure.met else "NOT met"
    return (
        f"{figure.name:<34} {figure.median_ms:>9.2f} ms {figure.best_ms:>9.2f} ms "
        f"   < {figure.target_ms:g} ms: {verdict}"
    )


def parse_args(argv: Sequence[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--repeat", type=int, default=20, help="runs per figure (default 20)")
    parser.add_argument("--json", action="store_true", help="also print a one-line JSON summary")
    return parser.parse_args(argv)


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    table = load_encounter_table()
    print(
        f"goldbox pcg on Python {platform.python_version()} ({platform.machine()}), "
        f"median of {args.repeat} runs after a warm-up",
        flush=True,
    )
    print(f"\n{'what':<34} {'median':>12} {'best':>12}    target")
    figures: list[Figure] = []
    try:
        figures.append(
            measure(
                "one 64x64 dungeon level",
                20,
                lambda seed: generate_level(LevelParams(seed=seed, width=64, height=64), table),
                args.repeat,
            )
        )
        print(row(figures[-1]), flush=True)
        figures.append(
            measure(
                "a 10-level dungeon (64x64 levels)",
                200,
                lambda seed: generate_dungeon(DungeonParams(seed=seed, depth=10, width=64, height=64), table),
                args.repeat,
            )
        )
        print(row(figures[-1]), flush=True)
        items, why_not = item_task()
        if items is None:
            print(f"{'1,000 items':<34} skipped: {why_not}")
        else:
            figures.append(measure("1,000 items", 50, items, args.repeat))
            print(row(figures[-1]), flush=True)
    except Exception as exc:
        print(f"\nbenchmark failed: {type(exc).__name__}: {exc}", file=sys.stderr)
        return 1
    if args.json:
        print(json.dumps([{**asdict(figure), "met": figure.met} for figure in figures]))
    return 0


if __name__ == "__main__":
    sys.exit(main())
